"""``briefgen init``: start a new brief, blank or seeded from an article."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from . import EXIT_PROBLEM, reported, settings

SCHEMA_FILE = "briefgen.schema.json"


def _target(name: str | None, article: Path | None) -> Path:
    if name is None:
        if article is None:
            raise click.UsageError("give a NAME for the new brief, or --from ARTICLE.txt")
        name = article.stem
    path = Path(name)
    return path if path.suffix in (".yaml", ".yml") else path.with_name(path.name + ".yaml")


def _ours(path: Path) -> bool:
    """Whether ``path`` is a schema file briefgen wrote (and may therefore refresh)."""
    from ..json_schema import GENERATED_BY

    try:
        comment = json.loads(path.read_text(encoding="utf-8")).get("$comment")
    except (OSError, ValueError, AttributeError):
        return False
    return bool(comment == GENERATED_BY)


@click.command()
@click.argument("name", required=False)
@click.option(
    "--from",
    "article",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Seed the outline from this article's plain text (a draft to edit).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing brief.")
@click.option(
    "--schema",
    "schema_ref",
    default=SCHEMA_FILE,
    show_default=True,
    help="Schema named on the brief's first line; a relative file name is written (or "
    "refreshed) next to the brief, a URL is only named.",
)
def init(name: str | None, article: Path | None, force: bool, schema_ref: str) -> None:
    """Write a new brief NAME.yaml, every section present and commented.

    \b
    With --from ARTICLE.txt the outline is seeded from the article: its title, its headed
    sections as background, sentences with figures or dates as candidate facts, and
    sentences arguing for action as candidate recommendations, all marked as a draft.
    Prints the paths written. Never overwrites a brief unless --force is given.
    """
    from .. import scaffold, seed
    from ..build import Project, write_atomic
    from ..json_schema import dumps

    brief = _target(name, article)
    if brief.exists() and not force:
        click.echo(f"briefgen: {brief} exists; use --force to overwrite it", err=True)
        raise SystemExit(EXIT_PROBLEM)
    written: list[Path] = []
    with reported():
        project = Project.load()
        today = dt.date.today()
        if article is None:
            text = scaffold.blank(brief.stem, today, schema_ref, project.scheme.names)
        else:
            try:
                source = article.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                click.echo(f"briefgen: {article}: cannot read as UTF-8 text: {exc}", err=True)
                raise SystemExit(EXIT_PROBLEM) from None
            found = seed.read_article(source)
            text = scaffold.seeded(
                brief.stem, found, article.name, today, schema_ref, project.scheme.names
            )
        brief.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(brief, text.encode("utf-8"))
        written.append(brief)
        if "://" not in schema_ref and not Path(schema_ref).is_absolute():
            schema_path = brief.parent / schema_ref
            if not schema_path.exists() or _ours(schema_path):
                write_atomic(schema_path, (dumps(project) + "\n").encode("utf-8"))
                written.append(schema_path)
            elif settings().verbose:
                click.echo(f"briefgen: {schema_path} is not briefgen's; left as it is", err=True)
    for path in written:
        click.echo(str(path))
    if not settings().quiet:
        click.echo(f"next: edit {brief}, then run: briefgen check {brief}", err=True)
