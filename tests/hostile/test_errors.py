"""Every failure is one line and a non-zero status; the traceback only with --debug."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import backends
from briefgen.cli import main

from ..conftest import SHIPPED


def _boom(fmt: str) -> object:
    raise RuntimeError("boom")


@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_error_is_one_line(tmp_path: Path, monkeypatch, debug: bool) -> None:
    monkeypatch.setattr(backends, "get", _boom)
    args = ["--debug"] * debug + ["build", str(SHIPPED), "-o", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    last = (
        "briefgen: internal error: RuntimeError: boom; "
        "please report it (run with --debug for the details)"
    )
    assert result.stderr.splitlines()[-1] == last
    if debug:
        assert result.stderr.startswith("Traceback (most recent call last):")
    else:
        assert result.stderr == last + "\n"
    assert list(tmp_path.iterdir()) == []


def test_missing_brief_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = CliRunner().invoke(main, ["build", str(missing), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"{missing}:1:1: cannot read: No such file or directory\n"


def test_output_folder_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file")
    out = blocker / "out"
    result = CliRunner().invoke(main, ["build", str(SHIPPED), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"briefgen: {out}: cannot create the output folder: Not a directory\n"
