"""Lint: good memo practice that a valid brief can still miss, as warnings with rule ids.

Each rule has an id (:data:`RULES`) that can be silenced for a whole project (``[lint]
ignore`` in the config file), for a brief (top-level ``lint: {ignore: [...]}``) or for one
item and everything in it (the item's ``lint`` field). Findings point at the exact word where
they can: the reader keeps where each value starts, and the word is found from there in the
brief's own text. This module is the runner; the rules themselves are in
:mod:`briefgen.lint_rules`.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import lint_rules
from .config import LintConfig
from .errors import Problem
from .lint_rules import field_name
from .outline import Item, Outline, RuleId, walk

if TYPE_CHECKING:
    from .build import Project


#: Every rule: its id and what it asks of the analyst.
RULES: dict[str, str] = {
    "bluf-length": "the bottom line fits in four printed lines",
    "recommendation-owner": "each recommendation names an owner",
    "recommendation-timeframe": "each recommendation has a timeframe",
    "recommendation-verb": "each recommendation's action starts with a verb",
    "likelihood-nonstandard": "likelihood words come from the ODNI ICD 203 scale",
    "likelihood-mixed-scales": "one brief uses one likelihood scale",
    "likelihood-with-confidence": "no likelihood and confidence level in one sentence",
    "likelihood-mismatch": "a judgment's text uses the word in its likelihood field",
    "citation-unknown": "citation-like text that is not a citation",
    "source-uncited": "every source is cited",
    "acronym-undefined": "acronyms are spelt out where first used",
    "page-limit": "each memo with a page limit fits in it",
}
assert set(RULES) == set(typing.get_args(RuleId)), "RULES and outline.RuleId must agree"


#: Text fields read as prose (ids, URLs, dates, slugs and language tags are not).
_PROSE = frozenset(
    {
        "title",
        "subtitle",
        "release_title",
        "subject",
        "text",
        "heading",
        "action",
        "rationale",
        "owner",
        "timeframe",
        "caption",
        "note",
        "columns",
        "rows",
    }
)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem ``briefgen check`` reports: an error (invalid brief) or a lint warning."""

    file: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    path: str
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: {self.severity}: "
        what = f"{self.path}: {self.message}" if self.path else self.message
        return where + what + (f" [{self.rule}]" if self.rule else "")

    @classmethod
    def from_problem(cls, problem: Problem) -> Finding:
        return cls(problem.file, problem.line, problem.col, "error", problem.path, problem.message)


class _Locator:
    """Line and column of a field, or of a word inside it, in the brief's source text."""

    def __init__(self, outline: Outline, source: str) -> None:
        self.positions = outline.positions
        self.source = source
        self.starts = [0]
        for line in source.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    def at(self, path: str) -> tuple[int, int]:
        while path and path not in self.positions:
            path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path)
        return self.positions.get(path, (1, 1))

    def word(self, path: str, value: str, start: int, end: int) -> tuple[int, int]:
        """Where ``value[start:end]`` (in the value at ``path``) is in the source."""
        line, col = self.at(path)
        pattern = re.compile(r"\s+".join(re.escape(w) for w in value[start:end].split()))
        nth = len(pattern.findall(value, 0, start))
        offset = self.starts[min(line - 1, len(self.starts) - 1)] + col - 1
        for index, match in enumerate(pattern.finditer(self.source, offset)):
            if index == nth:
                before = self.source.rfind("\n", 0, match.start()) + 1
                return self.source.count("\n", 0, match.start()) + 1, match.start() - before + 1
        return line, col


class Linter:
    """The state the rules share: the outline, its prose in source order, the findings."""

    def __init__(self, outline: Outline, source: str, settings: LintConfig) -> None:
        self.outline = outline
        self.where = _Locator(outline, source)
        self.settings = settings
        self.findings: list[Finding] = []
        self.texts = sorted(
            (
                (path, value)
                for path, value in walk(outline, "")
                if isinstance(value, str)
                and field_name(path) in _PROSE
                and not path.startswith("sources[")
            ),
            key=lambda pv: self.where.at(pv[0]),
        )

    def warn(self, rule: str, path: str, message: str, at: tuple[int, int] | None = None) -> None:
        line, col = at or self.where.at(path)
        self.findings.append(Finding(self.outline.file, line, col, "warning", path, message, rule))

    def at_word(self, path: str, value: str, start: int, end: int) -> tuple[int, int]:
        return self.where.word(path, value, start, end)


def lint(
    outline: Outline,
    source: str,
    settings: LintConfig,
    project: Project | None = None,
) -> list[Finding]:
    """Every lint finding for ``outline`` (read from ``source``), silenced rules left out.

    ``project`` (a :class:`~briefgen.build.Project`) enables the rules that need the audience
    profiles: the bottom line per audience and the page limits.
    """
    linter = Linter(outline, source, settings)
    lint_rules.recommendations(linter)
    lint_rules.likelihood(linter)
    lint_rules.citations(linter)
    lint_rules.acronyms(linter)
    if project is not None:
        lint_rules.per_audience(linter, project)
    return sorted(f for f in linter.findings if not _silenced(outline, settings, f))


def _silenced(outline: Outline, settings: LintConfig, finding: Finding) -> bool:
    rule = finding.rule or ""
    if rule in settings.ignore or (outline.lint and rule in outline.lint.ignore):
        return True
    for path, value in walk(outline, ""):
        if (
            isinstance(value, Item)
            and value.lint
            and rule in value.lint.ignore
            and (finding.path == path or finding.path.startswith((path + ".", path + "[")))
        ):
            return True
    return False


def strict(findings: list[Finding]) -> list[Finding]:
    """``--strict``: every warning becomes an error."""
    return [replace(f, severity="error") for f in findings]
