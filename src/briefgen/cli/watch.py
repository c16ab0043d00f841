"""``briefgen watch``: rebuild a brief every time it is saved."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import click

from ..backends import FORMATS
from . import output_options, settings, split_choices, templates_option


@click.command()
@click.argument("brief", type=click.Path(dir_okay=False, path_type=Path))
@output_options
@templates_option
@click.option(
    "--tags/--no-tags",
    default=True,
    show_default=True,
    help="Write tagged, accessible PDF (PDF/UA-1), as build does.",
)
def watch(
    brief: Path, formats: str, audiences: str, out: Path, templates: Path | None, tags: bool
) -> None:
    """Build BRIEF now and again after every save, until Ctrl-C.

    \b
    One line per build, with its timing, on standard error; a failed build prints its
    problems and the watch goes on. Editors that save by renaming a temporary file
    over the brief, and their lock and swap files, are handled; briefgen's own outputs
    never trigger a build.
    """
    from ..build import Project
    from ..build import build as run_build
    from ..errors import BriefgenError, InvalidInput
    from ..watching import watch as run_watch

    if not brief.parent.resolve().is_dir():
        raise click.BadParameter(f"no folder {brief.parent}", param_hint="BRIEF")
    try:
        project = Project.load(user=templates)
        chosen = split_choices(audiences, list(project.profiles), "audience")
    except BriefgenError as exc:
        raise click.ClickException(str(exc)) from None
    kinds = split_choices(formats, FORMATS, "format")

    def rebuild() -> None:
        started = time.perf_counter()
        stamp = time.strftime("%H:%M:%S")
        try:
            written = run_build(project, brief, chosen, kinds, out, tagged=tags)
        except InvalidInput as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            outcome = click.style("failed", fg="red", bold=True)
            detail = f"{len(exc.problems)} problem" + ("s" if len(exc.problems) != 1 else "")
        except BriefgenError as exc:
            click.echo(f"briefgen: {exc}", err=True)
            outcome, detail = click.style("failed", fg="red", bold=True), "build error"
        else:
            outcome = click.style("built", fg="green", bold=True)
            detail = f"{len(written)} file" + ("s" if len(written) != 1 else "") + f" in {out}"
            if settings().verbose:
                for path in written:
                    click.echo(str(path))
        seconds = time.perf_counter() - started
        click.echo(f"{stamp} {outcome} {brief}: {detail} ({seconds:.2f} s)", err=True)

    if not settings().quiet:
        click.echo(f"watching {brief} (Ctrl-C to stop)", err=True)
    stop = threading.Event()
    try:
        run_watch(brief, rebuild, stop, initial=True)
    except KeyboardInterrupt:
        stop.set()
        if not settings().quiet:
            click.echo("stopped", err=True)
