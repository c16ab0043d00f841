"""Command-line conventions: version, help, completion, defaults, colour and exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import main

from .conftest import ROOT

BASE = "title: T\ndate: 2026-01-15\nauthor: A\nsensitivity: public\nsummary: S.\n"


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
    )


def test_version_names_the_renderers_without_importing_them() -> None:
    result = _python(
        "import sys\n"
        "from briefgen.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('reportlab', 'docx', 'jinja2', 'yaml', 'watchdog')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print('imported:', heavy)\n"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "briefgen 0.1.0"
    assert lines[1].startswith("reportlab ") and lines[2].startswith("python-docx ")
    assert lines[-1] == "imported: []"


def test_h_is_help() -> None:
    for args in (["-h"], ["check", "-h"], ["init", "-h"], ["watch", "-h"], ["schema", "-h"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0
        assert result.stdout.startswith("Usage: ")
    assert "Exit status: 0 success, 1 a problem" in CliRunner().invoke(main, ["-h"]).stdout


def test_usage_errors_exit_2() -> None:
    result = CliRunner().invoke(main, ["check", "x.yaml", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_shell_completion_scripts_and_words() -> None:
    for shell in ("bash", "zsh", "fish"):
        result = _python("from briefgen.cli import main; main(prog_name='briefgen')",
                         _BRIEFGEN_COMPLETE=f"{shell}_source")
        assert result.returncode == 0
        assert "_BRIEFGEN_COMPLETE" in result.stdout, shell
    words = _python(
        "from briefgen.cli import main; main(prog_name='briefgen')",
        _BRIEFGEN_COMPLETE="bash_complete", COMP_WORDS="briefgen ch", COMP_CWORD="1",
    )
    assert words.stdout.splitlines() == ["plain,check"]


def test_environment_variables_give_defaults(tmp_path: Path) -> None:
    brief = tmp_path / "b.yaml"
    brief.write_text(BASE + "titel: x\n")
    env = {"BRIEFGEN_CHECK_FORMAT": "json", "BRIEFGEN_QUIET": "1"}
    result = CliRunner().invoke(main, ["check", str(brief)], env=env)
    assert result.exit_code == 1
    assert result.stdout.lstrip().startswith("{") and result.stderr == ""
    # The command line wins over the environment.
    result = CliRunner().invoke(main, ["check", str(brief), "-f", "text"], env=env)
    assert result.stdout == "" and "error: titel" in result.stderr


def test_config_file_gives_defaults_found_from_the_brief(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "briefgen.toml").write_text(
        'quiet = true\n[build]\nformat = "pdf"\naudience = "public"\nout = "memos"\n'
    )
    folder = tmp_path / "briefs"
    folder.mkdir()
    brief = folder / "b.yaml"
    brief.write_text(BASE)
    runner = CliRunner()
    monkeypatch.chdir(tmp_path / "briefs")  # relative paths print as given, from here
    result = runner.invoke(main, ["build", str(brief)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["memos/2026-01-15-b-public.pdf"]
    # An environment variable beats the config file.
    result = runner.invoke(main, ["build", str(brief)], env={"BRIEFGEN_BUILD_FORMAT": "docx"})
    assert result.stdout.splitlines() == ["memos/2026-01-15-b-public.docx"]


def test_config_file_with_an_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text('[build]\nfromat = "pdf"\n')
    brief = tmp_path / "b.yaml"
    brief.write_text(BASE)
    result = CliRunner().invoke(main, ["build", str(brief)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"briefgen: {tmp_path / 'briefgen.toml'}: build.fromat: unknown option "
        "(known: audience, format, jobs, out, report, tags, templates)\n"
    )


def test_no_color(tmp_path: Path) -> None:
    brief = tmp_path / "b.yaml"
    brief.write_text(BASE + "titel: x\n")
    coloured = CliRunner().invoke(main, ["check", str(brief)], color=True)
    assert "\x1b[" in coloured.stderr
    plain = CliRunner().invoke(main, ["check", str(brief)], color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain.stderr
    assert plain.stderr.startswith(f"{brief}:6:1: error: titel: unknown field")


def test_acting_options_come_only_from_the_command_line(tmp_path: Path) -> None:
    """`init --force` (and `email --send`) never come from the environment or a config."""
    brief = tmp_path / "memo.yaml"
    brief.write_text("mine\n")
    result = CliRunner().invoke(
        main, ["init", str(brief)], env={"BRIEFGEN_INIT_FORCE": "1", "BRIEFGEN_FORCE": "1"}
    )
    assert result.exit_code == 1 and brief.read_text() == "mine\n"
    (tmp_path / "briefgen.toml").write_text("[email]\nsend = true\n")
    result = CliRunner().invoke(main, ["check", str(brief)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"briefgen: {tmp_path / 'briefgen.toml'}: email.send: give --send on the command "
        "line only\n"
    )


def test_sigterm_reraised_by_a_library_is_still_named(capsys) -> None:
    # reportlab re-raises an exception from inside an image read with its own message as
    # the argument; the one-line report must still name the signal that stopped the build.
    import signal

    import click

    from briefgen import cli

    def reraised() -> None:
        try:
            cli._terminate(signal.SIGTERM, None)
        except cli.Terminated as exc:
            raise cli.Terminated(f"fileName=<logo> {exc}") from None

    with click.Context(cli.main, obj=cli.Settings()):
        try:
            with cli.reported():
                reraised()
        except SystemExit as exit_:
            assert exit_.code == 128 + signal.SIGTERM
        else:
            raise AssertionError("no exit")
    assert capsys.readouterr().err == (
        "briefgen: stopped by SIGTERM; no file was left half-written\n"
    )


def test_the_program_ends_with_its_status_and_all_it_printed(tmp_path: Path) -> None:
    """``briefgen`` (``cli.run``) ends without Python's teardown: each status and every line
    printed, to a pipe, must still come out."""

    def briefgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefgen", *args],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )

    brief = ROOT / "briefs" / "sino-russian-partnership.yaml"
    built = briefgen("build", str(brief), "-a", "all", "-f", "all", "-o", str(tmp_path / "o"))
    assert built.returncode == 0, built.stderr
    assert len(built.stdout.splitlines()) == 6 and built.stderr == ""
    assert all(Path(line).is_file() for line in built.stdout.splitlines())
    skipped = briefgen("build", str(brief), "-a", "all", "-f", "all", "-o", str(tmp_path / "o"))
    assert skipped.returncode == 0 and skipped.stdout == built.stdout
    assert skipped.stderr.startswith("briefgen: 0 built, 6 up to date")
    missing = briefgen("build", str(tmp_path / "missing.yaml"))
    assert missing.returncode == 1
    assert missing.stderr.endswith("missing.yaml:1:1: cannot read: No such file or directory\n")
    assert briefgen("build", "--bogus").returncode == 2
    helped = briefgen("schema")
    assert helped.returncode == 0 and helped.stdout.rstrip().endswith("}")
    assert "briefgen.cli:run" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_program_exits_as_python_would_when_watched_or_without_streams(
    tmp_path: Path,
) -> None:
    """A profiler still gets to write its report, a closed standard output or error is no
    crash, and exit handlers a library registered still run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    profile = tmp_path / "prof.out"
    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "briefgen", "--version"],
        capture_output=True, text=True, check=False, env=env,
    )
    assert profiled.returncode == 0 and profile.stat().st_size > 0
    for closed in ("1", "2"):
        shell = f'"{sys.executable}" -m briefgen --version {closed}>&-'
        result = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, env=env)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    marker = tmp_path / "atexit-ran"
    code = (
        "import atexit, pathlib, sys; "
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes'); "
        "sys.argv = ['briefgen', '--version']; "
        "from briefgen.cli import run; run()"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert ran.returncode == 0 and ran.stdout.startswith("briefgen ")
    assert marker.read_text() == "yes"
