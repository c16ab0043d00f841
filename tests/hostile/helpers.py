"""Build hostile briefs the way a user would, and look at everything that came out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import main

#: A minimal valid brief; cases replace or append lines. ``{text}`` marks the summary text.
BASE = """\
title: Hostile input
date: 2026-11-30
author: Test Author
sensitivity: public
summary:
  - {text}
"""


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, bytes]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (temporary files included) with its bytes."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def run(brief: Path, *args: str, out: Path | None = None) -> Result:
    """``briefgen build BRIEF -o OUT ARGS`` in process; OUT defaults to BRIEF's folder/out."""
    out = out or brief.parent / "out"
    result = CliRunner().invoke(main, ["build", str(brief), "-o", str(out), *args])
    return Result(result.exit_code, result.stdout, result.stderr, snapshot(out))


def write(folder: Path, text: str | bytes, name: str = "brief.yaml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def brief_with(folder: Path, summary: str, extra: str = "") -> Path:
    """A brief whose one summary paragraph is ``summary`` (a YAML scalar, written as given)."""
    return write(folder, BASE.format(text=summary) + extra)
