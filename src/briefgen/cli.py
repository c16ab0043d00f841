"""The command line: the only module that prints or exits.

Exit status: 0 success, 1 a problem with the brief or the build, 2 a usage error.
Standard output carries only machine-readable results (the paths written); messages go to
standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import BriefgenError, InvalidInput

_FORMATS = ("pdf", "docx")


def _split(value: str, choices: tuple[str, ...] | list[str], what: str) -> list[str]:
    """``pdf,docx`` or ``all`` → a list, in the order given, without repeats."""
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    if wanted == ["all"]:
        return list(choices)
    unknown = [v for v in wanted if v not in choices]
    if unknown or not wanted:
        raise click.BadParameter(
            f"{', '.join(unknown) or value!r} is not a known {what} "
            f"(choose from {', '.join(choices)}, or all)"
        )
    return list(dict.fromkeys(wanted))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Turn one YAML outline of a policy brief into audience-tailored DOCX and PDF memos."""


@main.command()
@click.argument("brief", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "-f",
    "formats",
    default="pdf,docx",
    show_default=True,
    metavar="pdf,docx|all",
    help="Formats to write.",
)
@click.option(
    "--audience",
    "-a",
    "audiences",
    default="all",
    show_default=True,
    metavar="NAME[,NAME]|all",
    help="Audiences to build for.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write into.",
)
def build(brief: Path, formats: str, audiences: str, out: Path) -> None:
    """Build BRIEF for each audience and format; print the paths written."""
    from .build import Project
    from .build import build as run_build

    try:
        project = Project.load()
        chosen = _split(audiences, list(project.profiles), "audience")
        kinds = _split(formats, _FORMATS, "format")
        written = run_build(project, brief, chosen, kinds, out)
    except click.BadParameter:
        raise
    except InvalidInput as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    except BriefgenError as exc:
        click.echo(f"briefgen: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("briefgen: interrupted; nothing was left half-written", err=True)
        sys.exit(130)
    for path in written:
        click.echo(str(path))
