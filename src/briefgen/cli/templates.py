"""``briefgen templates init DIR``: a copy of the built-in audiences and templates to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from . import reported


@click.group()
def templates() -> None:
    """Work with template folders (audiences, templates, marking schemes)."""


@templates.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Copy briefgen's audiences, templates and marking schemes into FOLDER.

    Edit the copy, then build with --templates FOLDER: its audiences and schemes are added to
    briefgen's own, and override those of the same name.
    """
    from ..errors import BuildError
    from ..resources import TEMPLATES

    with reported():
        if folder.exists() and any(folder.iterdir()):
            raise BuildError(f"{folder}: not empty; choose a new folder")
        try:
            shutil.copytree(TEMPLATES, folder, dirs_exist_ok=True)
        except OSError as exc:
            raise BuildError(f"{folder}: cannot copy the templates: {exc}") from None
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            click.echo(str(path))
