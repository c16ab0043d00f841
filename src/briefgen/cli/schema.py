"""``briefgen schema``: the JSON Schema of a brief, for editors."""

from __future__ import annotations

from pathlib import Path

import click

from . import reported, templates_option


@click.command()
@templates_option
def schema(templates: Path | None) -> None:
    """Print the JSON Schema (draft-07) of a brief on standard output.

    \b
    Generated from the same definitions that validate briefs, with the sensitivity
    levels and audiences this installation knows. Save it and point VS Code's YAML
    extension at it from the first line of a brief:
      briefgen schema > briefgen.schema.json
      # yaml-language-server: $schema=briefgen.schema.json
    """
    from ..build import Project
    from ..json_schema import dumps

    with reported():
        project = Project.load(user=templates)
        click.echo(dumps(project))
