"""``briefgen check``: validation errors and lint warnings, for people and for CI."""

from __future__ import annotations

from pathlib import Path

import click

from . import EXIT_PROBLEM, ConfigUsageError, reported, settings, templates_option

FORMATS = ("text", "json", "github")
_COLOURS = {"error": "red", "warning": "yellow"}


@click.command(short_help="Report errors and lint warnings in briefs; build nothing.")
@click.argument(
    "briefs",
    nargs=-1,
    required=True,
    metavar="BRIEF...",
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: one line a finding on stderr; json or github (workflow annotations): stdout.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@templates_option
def check(briefs: tuple[Path, ...], output: str, strict: bool, templates: Path | None) -> None:
    """Check BRIEF... for errors and lint warnings, without building anything.

    \b
    Each finding is one line:
      FILE:LINE:COL: error|warning: FIELD.PATH: MESSAGE [RULE-ID]
    Exit status 0 when there are no errors, 1 otherwise (--strict: any warning too).
    Silence a rule with `ignore` under [lint] in briefgen.toml, or for one item
    with `lint: {ignore: [RULE-ID]}` on it.
    """
    from .. import config, lint
    from ..build import Project
    from ..check import check as run_check
    from ..check import counts, to_github, to_json

    rules = frozenset(lint.RULES)
    findings: list[lint.Finding] = []
    with reported():
        project = Project.load(user=templates)
        for brief in briefs:
            try:
                found = config.for_brief(brief, rules)
            except config.ConfigError as exc:
                raise ConfigUsageError(str(exc)) from None
            if settings().verbose:
                click.echo(f"briefgen: {brief}: config {found.path or '(none)'}", err=True)
            findings += run_check(brief, project, found.lint)
    if strict:
        findings = lint.strict(findings)
    errors, warnings = counts(findings)
    if output == "json":
        click.echo(to_json(findings, list(briefs)))
    elif output == "github":
        if findings:
            click.echo(to_github(findings))
    else:
        for finding in findings:
            head, _, rest = str(finding).partition(f" {finding.severity}: ")
            label = click.style(f"{finding.severity}:", fg=_COLOURS[finding.severity], bold=True)
            click.echo(f"{head} {label} {rest}", err=True)
    if not settings().quiet:
        checked = f"{len(briefs)} brief" + ("s" if len(briefs) != 1 else "")
        click.echo(
            f"{checked} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}",
            err=True,
        )
    if errors:
        raise SystemExit(EXIT_PROBLEM)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
