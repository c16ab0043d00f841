"""The command line: the only package that prints or exits.

Each command lives in a module of its own here and is registered on :func:`main` below.
Exit status: 0 success, 1 a problem with the brief or the build, 2 a usage error,
3 sending an email failed.
Standard output carries only machine-readable results (paths written, JSON, a schema);
messages go to standard error.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import click

from .. import __version__
from ..errors import BriefgenError, InvalidInput

#: Exit statuses, as documented in the README.
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
ENV_PREFIX = "BRIEFGEN"
#: Options that act (send mail, overwrite a file, drop content to fit a page, build despite
#: missing glyphs): only ever from the command line, never from an environment variable or a
#: config file someone else may have left in a folder.
EXPLICIT_ONLY = frozenset({"send", "force", "allow-missing-glyphs", "fit"})


class Settings(NamedTuple):  # not a dataclass: --help and --version stay light
    """Options every command honours (``ctx.obj``)."""

    quiet: bool = False
    verbose: bool = False
    debug: bool = False


class ConfigUsageError(click.ClickException):
    """A config file briefgen cannot use: one line, exit status 2 (a usage problem)."""

    exit_code = EXIT_USAGE

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        click.echo(f"briefgen: {self.format_message()}", err=True)


def _first_file(args: list[str]) -> Path | None:
    """The first argument naming an existing file: the brief the config is looked up from."""
    for arg in args:
        if not arg.startswith("-") and Path(arg).is_file():
            return Path(arg)
    return None


def _long_name(param: click.Parameter) -> str | None:
    longs = [o for o in param.opts if o.startswith("--")]
    return longs[0][2:] if isinstance(param, click.Option) and longs else None


def _defaults(command: click.Command, table: dict[str, Any], where: str) -> dict[str, Any]:
    """Config keys (options' long names) → click's default_map keys (parameter names)."""
    by_name = {_long_name(p): p.name for p in command.params if _long_name(p)}
    by_name.update({k.replace("-", "_"): v for k, v in by_name.items() if k})
    result = {}
    for key, value in table.items():
        if key in EXPLICIT_ONLY:
            raise ConfigUsageError(f"{where}{key}: give --{key} on the command line only")
        if key not in by_name:
            settable = (k for k in by_name if k and "_" not in k and k not in EXPLICIT_ONLY)
            known = ", ".join(sorted(settable))
            raise ConfigUsageError(f"{where}{key}: unknown option (known: {known})")
        result[by_name[key]] = value
    return result


class BriefgenGroup(click.Group):
    """Reads the config file before parsing, and names every option's environment variable.

    Defaults come, strongest first, from the command line, a ``BRIEFGEN_COMMAND_OPTION``
    environment variable, the config file found from the brief, and the built-in default.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from .. import config

        try:
            found = config.for_brief(_first_file(args))
        except config.ConfigError as exc:
            if not {"-h", "--help", "--version"} & set(args):  # help must always work
                raise ConfigUsageError(str(exc)) from None
            found = config.Config()
        if found.path is not None:
            where = f"{found.path}: "
            defaults: dict[str, Any] = {}
            globals_ = {k: v for k, v in found.options.items() if not isinstance(v, dict)}
            defaults.update(_defaults(self, globals_, where))
            for name, table in found.options.items():
                if isinstance(table, dict):
                    command = self.commands.get(name)
                    if command is None:
                        raise ConfigUsageError(f"{where}[{name}]: no such command")
                    defaults[name] = _defaults(command, table, f"{where}{name}.")
            ctx.default_map = defaults
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            for param in command.params:
                name = _long_name(param)
                if name in EXPLICIT_ONLY and isinstance(param, click.Option):
                    param.allow_from_autoenv = False
                elif name and isinstance(param, click.Option) and param.envvar is None:
                    param.envvar = f"{ENV_PREFIX}_{cmd_name}_{name}".upper().replace("-", "_")
        return command


def _installed_version(package: str) -> str | None:
    """``package``'s version, from its ``.dist-info`` folder on ``sys.path``: reading one
    line of it is a tenth of the time ``importlib.metadata`` takes to import."""
    stem = package.replace("-", "_").lower()
    for entry in sys.path:
        folder = Path(entry or ".")
        for info in sorted(folder.glob(f"{stem}-*.dist-info")) if folder.is_dir() else ():
            with contextlib.suppress(OSError), (info / "METADATA").open() as metadata:
                for line in metadata:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break
    from importlib.metadata import PackageNotFoundError, version  # eggs, unusual layouts

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: briefgen's and its renderers' versions, without importing them."""
    if not value or ctx.resilient_parsing:
        return
    lines = [f"briefgen {__version__}"]
    for package in ("reportlab", "python-docx"):
        lines.append(f"{package} {_installed_version(package) or 'not installed'}")
    lines.append(f"Python {sys.version.split()[0]}")
    click.echo("\n".join(lines))
    ctx.exit()


@click.group(
    cls=BriefgenGroup,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": ENV_PREFIX},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    allow_from_autoenv=False,
    callback=_print_version,
    help="Show the versions of briefgen, reportlab and python-docx, and exit.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors (and machine output).")
@click.option("--verbose", "-v", is_flag=True, help="Say more about what is happening.")
@click.option("--debug", is_flag=True, help="On an error, also print Python's traceback.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """Turn one YAML outline of a policy brief into audience-tailored DOCX and PDF memos.

    \b
    Exit status: 0 success, 1 a problem with the brief or the build, 2 a usage error,
    3 sending an email failed.
    Defaults: BRIEFGEN_<COMMAND>_<OPTION> variables, then briefgen.toml (or
    [tool.briefgen] in pyproject.toml) found from the brief's folder upwards.
    Colour is off when NO_COLOR is set or output is not a terminal.
    """
    ctx.obj = Settings(quiet=quiet, verbose=verbose and not quiet, debug=debug)
    ctx.with_resource(_signals())  # from here on SIGTERM unwinds like Ctrl-C
    if os.environ.get("NO_COLOR"):
        ctx.color = False


def run() -> None:
    """The ``briefgen`` program: :func:`main`, then exit without tearing Python down.

    By the time a command returns, everything it writes is written (files are synced and
    renamed, helper processes ended); only standard output and error may hold buffered text.
    Freeing every loaded module's objects one by one at exit would add about a twentieth to
    a cold build, so once the exit handlers have run and both streams are flushed the
    process simply ends, with the status the command gave. Python's own exit is used
    instead while another thread runs, a profiler or tracer watches (``python -m cProfile``,
    coverage), or should a flush fail (a closed pipe).
    """
    status: str | int | None
    try:
        main()
        status = 0
    except SystemExit as exc:
        status = exc.code
    if not isinstance(status, int) or _watched() or threading.active_count() > 1:
        sys.exit(status)
    try:
        atexit._run_exitfuncs()  # what libraries registered runs as at any exit
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:
        sys.exit(status)
    os._exit(status)


def _watched() -> bool:
    """Whether a profiler, tracer or monitoring tool (Python 3.12+) watches this process:
    it may have work to do once the program returns (``python -m cProfile`` writes then)."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and any(monitoring.get_tool(tool) for tool in range(6))


def settings() -> Settings:
    """The current command's :class:`Settings`."""
    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so every ``finally`` (temporary files) runs."""


#: The signals received, latest last: a library may re-raise :class:`Terminated` with
#: other arguments (reportlab adds the image it was reading to an exception's message).
_received: list[int] = []


def _terminate(signum: int, frame: object) -> None:
    _received.append(signum)
    raise Terminated(signum)


@contextmanager
def _signals() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into :class:`Terminated` while a command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGTERM", "SIGHUP")
    caught = [getattr(signal, n) for n in names if hasattr(signal, n)]
    previous = {signum: signal.signal(signum, _terminate) for signum in caught}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _traceback() -> None:
    """With --debug, print the traceback of the error being handled."""
    if settings().debug:
        import traceback

        traceback.print_exc()


def _fail(message: str, status: int = 1) -> None:
    _traceback()
    click.echo(message, err=True)
    sys.exit(status)


@contextmanager
def reported() -> Iterator[None]:
    """Turn every error into one line on stderr and a non-zero exit (traceback: --debug).

    Status 1 for a problem with the input or the build, 130 after Ctrl-C and 128 + the
    signal's number after SIGTERM or SIGHUP. Earlier outputs are never touched by a build
    that stops (see :mod:`briefgen.output`).
    """
    try:
        yield
    except InvalidInput as exc:
        _traceback()
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    except BriefgenError as exc:
        _fail(f"briefgen: {exc}")
    except Terminated:
        signum = _received[-1] if _received else signal.SIGTERM
        name = signal.Signals(signum).name
        _fail(f"briefgen: stopped by {name}; no file was left half-written", 128 + signum)
    except KeyboardInterrupt:
        _fail("briefgen: interrupted; no file was left half-written", 130)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else "briefgen: "
        _fail(f"{where}{exc.strerror or exc}")
    except MemoryError:
        _fail("briefgen: out of memory")
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise  # usage errors: click prints them, status 2
    except Exception as exc:
        # A bug in briefgen, not a problem with the input: still one line, but say so.
        _fail(
            f"briefgen: internal error: {type(exc).__name__}: {exc}; "
            "please report it (run with --debug for the details)"
        )


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


def templates_option(command: Any) -> Any:
    """``--templates DIR``: a template folder layered over the built-in one (audiences,
    templates, marking schemes); the same option on every command that loads audiences."""
    return click.option(
        "--templates",
        "-t",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="A template folder (see 'briefgen templates init') adding or overriding "
        "audiences, templates and marking schemes.",
    )(command)


def output_options(command: Any) -> Any:
    """``--format``, ``--audience`` and ``--out``: what to build and where, alike on every
    command that builds memos."""
    for option in reversed(
        (
            click.option(
                "--format",
                "-f",
                "formats",
                default="pdf,docx",
                show_default=True,
                metavar="pdf,docx|all",
                help="Formats to write.",
            ),
            click.option(
                "--audience",
                "-a",
                "audiences",
                default="all",
                show_default=True,
                metavar="NAME[,NAME]|all",
                help="Audiences to build for.",
            ),
            click.option(
                "--out",
                "-o",
                type=click.Path(file_okay=False, path_type=Path),
                default=Path("out"),
                show_default=True,
                help="Folder to write into.",
            ),
        )
    ):
        command = option(command)
    return command


# Each command module imports the helpers above, so commands are registered last.
from .audiences import audiences  # noqa: E402
from .build import build  # noqa: E402
from .check import check  # noqa: E402
from .email import email  # noqa: E402
from .init import init  # noqa: E402
from .schema import schema  # noqa: E402
from .templates import templates  # noqa: E402
from .watch import watch  # noqa: E402

main.add_command(build)
main.add_command(check)
main.add_command(schema)
main.add_command(init)
main.add_command(watch)
main.add_command(email)
main.add_command(audiences)
main.add_command(templates)
