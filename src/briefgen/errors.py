"""Errors briefgen reports to a person: each renders as one line, never a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file, pointing at the exact spot.

    Renders as ``file:line:col: field.path: message`` so editors' terminals make it
    clickable. ``line`` and ``col`` are 1-based; ``path`` is empty for problems that
    concern the file as a whole.
    """

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class BriefgenError(Exception):
    """Base class: every error the CLI turns into one line and exit status 1."""


class InvalidInput(BriefgenError):
    """An input file (brief, audience profile) failed validation; carries every problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(BriefgenError):
    """The build for one audience or format cannot go on (already a one-line message)."""
