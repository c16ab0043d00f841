"""``briefgen audiences``: the audiences a build knows, with clearance and origin."""

from __future__ import annotations

from pathlib import Path

import click

from . import reported, templates_option


@click.command()
@templates_option
def audiences(templates: Path | None) -> None:
    """List the audiences: name, clearance per marking scheme, page limit and origin."""
    from ..build import Project
    from ..resources import TEMPLATES

    with reported():
        project = Project.load(user=templates)
    builtin = str(TEMPLATES)
    for name, profile in project.profiles.items():
        if isinstance(profile.clearance, str):
            clearance = profile.clearance
        else:
            clearance = ", ".join(f"{k}: {v}" for k, v in profile.clearance.items())
        origin = "built-in" if profile.origin == str(Path(builtin) / name) else profile.origin
        pages = f"{profile.page_limit} page" + ("s" if profile.page_limit != 1 else "")
        limit = pages if profile.page_limit else "no page limit"
        click.echo(f"{name}\t{clearance}\t{limit}\t{origin}")
