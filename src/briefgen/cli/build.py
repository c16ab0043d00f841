"""``briefgen build``: the main job, for one brief or a thousand."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from ..backends import FORMATS
from . import output_options, reported, settings, split_choices, templates_option


@click.command()
@click.argument("briefs", nargs=-1, required=True, metavar="BRIEF...")
@output_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Briefs built at once, in separate processes; for one brief file, above 1 also "
    "renders its PDFs in a second process.  [default: the number of cores]",
)
@click.option("--force", is_flag=True, help="Rebuild outputs that are already up to date.")
@click.option(
    "--allow-missing-glyphs",
    is_flag=True,
    help="Build even if some characters are in no bundled font (they print as boxes).",
)
@templates_option
@click.option(
    "--fit",
    is_flag=True,
    help="Drop the lowest-priority items until each memo fits its page limit; say which.",
)
@click.option(
    "--report",
    is_flag=True,
    help="List on standard error, per audience, what was withheld and why (never in outputs).",
)
@click.option(
    "--tags/--no-tags",
    default=True,
    show_default=True,
    help="Write tagged, accessible PDF (PDF/UA-1); --no-tags skips the structure tree.",
)
def build(
    briefs: tuple[str, ...],
    formats: str,
    audiences: str,
    out: Path,
    jobs: int | None,
    force: bool,
    allow_missing_glyphs: bool,
    templates: Path | None,
    fit: bool,
    report: bool,
    tags: bool,
) -> None:
    """Build each BRIEF for each audience and format; print the output paths.

    BRIEF is a brief file, a folder of them, or a glob pattern such as 'briefs/*.yaml'.
    Outputs whose brief, templates, assets and briefgen version have not changed since they
    were written are left as they are (see --force).

    A memo longer than its audience's page limit fails (exit 1, nothing written for that
    brief) with a message saying by how much, unless --fit is given.
    """
    quiet = settings().quiet
    with reported():
        helper = None
        wanted = {f.strip() for f in formats.split(",")}
        one_file = len(briefs) == 1 and Path(briefs[0]).is_file()
        if jobs != 1 and wanted & {"pdf", "all"} and one_file:
            from .. import pdf_helper

            # Started before the front end is imported, so the two load side by side.
            helper = pdf_helper.start() if pdf_helper.usable(jobs) else None
        try:
            from .. import batch, batch_pool
            from ..build import Project

            project = Project.load(user=templates)
            # What is loaded by now lives as long as the build: out of the collector's
            # sight, no collection walks it again (one full collection was a thirtieth of a
            # cold build).
            gc.freeze()
            if helper:
                helper.warm(project.style)
            chosen = split_choices(audiences, list(project.profiles), "audience")
            kinds = split_choices(formats, FORMATS, "format")
            found, missing = batch.find_briefs(briefs)
            bar = None
            if len(found) > 1 and not quiet and sys.stderr.isatty():
                bar = click.progressbar(length=len(found), label="Building", file=sys.stderr)
                bar.__enter__()
            try:
                summary = batch.run(
                    project,
                    found,
                    chosen,
                    kinds,
                    out,
                    jobs=jobs or batch_pool.default_jobs(),
                    force=force,
                    allow_missing_glyphs=allow_missing_glyphs,
                    user_templates=templates,
                    fit=fit,
                    report=report,
                    tagged=tags,
                    on_done=(lambda _outcome: bar.update(1)) if bar else None,
                    helper=helper,
                )
            finally:
                if bar:
                    bar.__exit__(None, None, None)
        finally:
            gc.unfreeze()  # (for a caller that goes on, such as a test runner)
            if helper:
                helper.close()
    summary = batch.Summary(missing + summary.outcomes, summary.seconds)
    for outcome in summary.outcomes:
        for line in outcome.notes:
            if report or not quiet:
                click.echo(line, err=True)
        for line in outcome.errors:
            click.echo(line, err=True)
    for outcome in summary.outcomes:
        for path in outcome.outputs:
            click.echo(str(path))
    several = len(summary.outcomes) > 1
    # One brief that fails reports its problems only, as it always has; a summary is for a
    # batch, or for saying that one brief's outputs were already up to date.
    if not quiet and (several or summary.skipped):
        click.echo(f"briefgen: {summary.line()}", err=True)
        if summary.failed and several:
            names = ", ".join(str(o.brief) for o in summary.failed)
            click.echo(f"briefgen: failed: {names}", err=True)
    if summary.failed:
        sys.exit(1)
