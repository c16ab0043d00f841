"""The command line: the only package that prints or exits.

Each command lives in a module of its own here and is registered on :func:`main` below.
Exit status: 0 success, 1 a problem with the brief or the build, 2 a usage error,
3 sending an email failed.
Standard output carries only machine-readable results (paths written, JSON, a schema);
messages go to standard error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click

from .. import __version__
from ..errors import BriefgenError, InvalidInput


@dataclass(frozen=True)
class Settings:
    """Options every command honours (``ctx.obj``)."""

    quiet: bool = False
    verbose: bool = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors (and machine output).")
@click.option("--verbose", "-v", is_flag=True, help="Say more about what is happening.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn one YAML outline of a policy brief into audience-tailored DOCX and PDF memos."""
    ctx.obj = Settings(quiet=quiet, verbose=verbose and not quiet)


def settings() -> Settings:
    """The current command's :class:`Settings`."""
    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


@contextmanager
def reported() -> Iterator[None]:
    """Turn briefgen's errors into one line each on stderr and exit status 1."""
    try:
        yield
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


def split_choices(value: str, choices: tuple[str, ...] | list[str], what: str) -> list[str]:
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


# Each command module imports the helpers above, so commands are registered last.
from .build import build  # noqa: E402

main.add_command(build)
from .email import email  # noqa: E402

main.add_command(email)
