"""``briefgen build``: the main job."""

from __future__ import annotations

from pathlib import Path

import click

from . import reported, split_choices

FORMATS = ("pdf", "docx")


@click.command()
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
@click.option(
    "--allow-missing-glyphs",
    is_flag=True,
    help="Build even if some characters are in no bundled font (they print as boxes).",
)
def build(brief: Path, formats: str, audiences: str, out: Path, allow_missing_glyphs: bool) -> None:
    """Build BRIEF for each audience and format; print the paths written."""
    with reported():
        from ..build import Project
        from ..build import build as run_build

        project = Project.load()
        chosen = split_choices(audiences, list(project.profiles), "audience")
        kinds = split_choices(formats, FORMATS, "format")
        written = run_build(
            project, brief, chosen, kinds, out, allow_missing_glyphs=allow_missing_glyphs
        )
    for path in written:
        click.echo(str(path))
