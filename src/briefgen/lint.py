"""Lint: good memo practice that a valid brief can still miss, as warnings with rule ids.

Each rule has an id (:data:`RULES`) that can be silenced for a whole project (``[lint]
ignore`` in the config file), for a brief (top-level ``lint: {ignore: [...]}``) or for one
item and everything in it (the item's ``lint`` field). Findings point at the exact word where
they can: the reader keeps where each value starts, and the word is found from there in the
brief's own text.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import estimative
from .config import LintConfig
from .errors import Problem
from .layout import plain as _plain
from .outline import CITATION, Item, Outline, RuleId, walk

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

#: Acronyms every reader knows; more in the config file's ``[lint] acronyms``.
KNOWN_ACRONYMS = frozenset({"US", "USA", "UK", "EU", "UN", "NATO"})

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
#: Fields where likelihood words are judged (a table or an owner is not a judgment).
_JUDGED = frozenset({"text", "action", "rationale", "title", "subtitle", "heading"})

_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9&]*[A-Z])(?:s)?\b")
_ROMAN = re.compile(r"[IVXLCDM]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# First words that are not the imperative verb a recommendation should open with.
_NOT_VERBS = _words(
    "a an the this that these those our their its his her my your we you they it i he she "
    "there here to in on at by for from with of as if when while because although should must "
    "would could may might can will shall need needs it's all any each every some more most "
    "further also not no new greater better increased continued"
)
_MODALS = _words("should must could would will can may might shall ought needs")
_NOT_VERB_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ing", "ly", "ed", "al", "ous")


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


class _Linter:
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
                and _field(path) in _PROSE
                and not path.startswith("sources[")
            ),
            key=lambda pv: self.where.at(pv[0]),
        )

    def warn(self, rule: str, path: str, message: str, at: tuple[int, int] | None = None) -> None:
        line, col = at or self.where.at(path)
        self.findings.append(Finding(self.outline.file, line, col, "warning", path, message, rule))

    def at_word(self, path: str, value: str, start: int, end: int) -> tuple[int, int]:
        return self.where.word(path, value, start, end)

    # --- rules ----------------------------------------------------------------------------

    def recommendations(self) -> None:
        for i, rec in enumerate(self.outline.recommendations):
            path = f"recommendations[{i}]"
            if rec.owner is None:
                self.warn("recommendation-owner", path, "no owner: say who would carry it out")
            if rec.timeframe is None:
                self.warn(
                    "recommendation-timeframe",
                    path,
                    "no timeframe: say by when ('Within 60 days', 'By 15 January')",
                )
            text = _plain(rec.action)
            words = _WORD.findall(text)
            if words[:2] in (["That", "you"], ["that", "you"]):
                words = words[2:]
            first = words[0] if words else text.split()[0] if text.split() else ""
            # "Washington should…", "Regional councils must…": the action opens with a subject.
            subject = any(w.lower() in _MODALS for w in words[1:3])
            if _not_a_verb(first) or subject:
                start = rec.action.find(first)
                self.warn(
                    "recommendation-verb",
                    f"{path}.action",
                    f"start the action with a verb ('Approve …', 'Open …'), not {first!r}",
                    self.at_word(
                        f"{path}.action", rec.action, max(start, 0), max(start, 0) + len(first)
                    )
                    if start >= 0
                    else None,
                )

    def estimative(self) -> None:
        common: frozenset[str] | None = None
        first: tuple[estimative.Term, str, tuple[int, int]] | None = None
        mixed = False
        for path, value in self.texts:
            if _field(path) not in _JUDGED:
                continue
            for term in estimative.terms(value):
                at = self.at_word(path, value, term.start, term.end)
                if not term.standard:
                    scale = ", ".join(sorted(term.scales)) or "no scale"
                    self.warn(
                        "likelihood-nonstandard",
                        path,
                        f"{value[term.start : term.end]!r} is not on the ICD 203 likelihood scale "
                        f"({scale}); use one of: {', '.join(estimative.STANDARD)}",
                        at,
                    )
                if not term.scales or mixed:
                    continue
                if common is None or first is None:
                    common, first = term.scales, (term, path, at)
                elif not common & term.scales:
                    earlier, _, (line, _col) = first
                    self.warn(
                        "likelihood-mixed-scales",
                        path,
                        f"{term.word!r} ({', '.join(sorted(term.scales))}) mixes scales with "
                        f"{earlier.word!r} ({', '.join(sorted(earlier.scales))}, line {line}); "
                        "keep to one scale",
                        at,
                    )
                    mixed = True
                else:
                    common &= term.scales
            for offset, sentence in estimative.sentences(value):
                found = list(estimative.terms(sentence))
                confidence = estimative.CONFIDENCE.search(sentence)
                if found and confidence:
                    self.warn(
                        "likelihood-with-confidence",
                        path,
                        f"likelihood {found[0].word!r} and {confidence.group(0)!r} in one "
                        "sentence; state confidence in the 'confidence' field",
                        self.at_word(
                            path, value, offset + confidence.start(), offset + confidence.end()
                        ),
                    )
        for i, judgment in enumerate(self.outline.key_judgments):
            if judgment.likelihood is None:
                continue
            words = [t for t in estimative.terms(judgment.text) if t.standard]
            if words and all(t.word != judgment.likelihood for t in words):
                path = f"key_judgments[{i}].text"
                self.warn(
                    "likelihood-mismatch",
                    path,
                    f"the text says {words[0].word!r} but likelihood is {judgment.likelihood!r}",
                    self.at_word(path, judgment.text, words[0].start, words[0].end),
                )

    def citations(self) -> None:
        ids = {source.id for source in self.outline.sources}
        cited: set[str] = set()
        for path, value in walk(self.outline, ""):
            if not isinstance(value, str) or path.startswith("sources["):
                continue
            cited.update(m.group(1) for m in CITATION.finditer(value))
            for start, end, source_id in sorted(_near_citations(value, ids)):
                self.warn(
                    "citation-unknown",
                    path,
                    f"{value[start:end]!r} is not a citation and prints as typed; "
                    f"write [@{source_id}]",
                    self.at_word(path, value, start, end),
                )
        for i, source in enumerate(self.outline.sources):
            if source.id not in cited:
                self.warn(
                    "source-uncited",
                    f"sources[{i}].id",
                    f"source {source.id!r} is never cited; cite it as [@{source.id}] or drop it",
                )

    def acronyms(self) -> None:
        known = KNOWN_ACRONYMS | self.settings.acronyms
        uses: dict[str, list[tuple[str, str, re.Match[str], bool]]] = {}
        for path, value in self.texts:
            for match in _ACRONYM.finditer(value):
                name = match.group(1)
                if name in known or _ROMAN.fullmatch(name) or len(name) > 8:
                    continue
                uses.setdefault(name, []).append((path, value, match, _defines(value, match)))
        for name, found in uses.items():
            path, value, match, defines = found[0]
            if defines:
                continue
            later = next((f for f in found if f[3]), None)
            if later is not None:
                line, _ = self.at_word(later[0], later[1], later[2].start(), later[2].end())
                message = f"{name!r} is used before it is defined (at line {line})"
            else:
                message = (
                    f"{name!r} is never defined; spell it out where first used: Full Name ({name})"
                )
            self.warn(
                "acronym-undefined",
                path,
                message,
                self.at_word(path, value, match.start(1), match.end(1)),
            )


def _field(path: str) -> str:
    """The field name a path ends in: ``text`` for ``summary[0].text``, ``rows`` for cells."""
    return re.sub(r"(\[\d+\])+$", "", path).rsplit(".", 1)[-1]


def _not_a_verb(word: str) -> bool:
    lower = word.lower()
    if not word.isalpha():
        return True  # a figure, a date, a symbol
    if lower in _NOT_VERBS or (word.isupper() and len(word) > 1):
        return True
    return lower.endswith(_NOT_VERB_ENDINGS) and lower not in _VERBS_WITH_NOUN_ENDINGS


# Verbs that the endings above would take for nouns, adjectives or adverbs.
_VERBS_WITH_NOUN_ENDINGS = _words(
    "apply supply rally reply comply multiply bring sing ring cement implement complement "
    "supplement document augment ferment seed need heed proceed exceed succeed feed reveal "
    "appeal seal repeal signal deal steal heal harness commission mention sanction position "
    "question caution condition petition partition function station motion"
)


def _defines(text: str, match: re.Match[str]) -> bool:
    """Whether this use spells the acronym out: ``Full Name (ABC)`` or ``ABC (Full Name)``."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :]
    if before.endswith("(") and after.lstrip().startswith((")", ",", ";")):
        return bool(before[:-1].strip())
    return bool(re.match(r"\s*\((?:the )?[A-Za-z][a-z]", after))


def _near_citations(text: str, ids: set[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, source id) of text that looks like a citation of a known source but is
    not one: ``[@ id]``, ``[id]``, ``@id``, ``[@a; @b]``."""
    if not ids:
        return
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    for pattern in (
        rf"\[@\s+({names})\s*\]",
        rf"\[({names})\]",
        rf"(?<![\[\w@])@({names})\b",
        rf"\[@({names})\s*[;,][^\]]*\]",
    ):
        for match in re.finditer(pattern, text):
            yield match.start(), match.end(), match.group(1)


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
    linter = _Linter(outline, source, settings)
    linter.recommendations()
    linter.estimative()
    linter.citations()
    linter.acronyms()
    if project is not None:
        _per_audience(linter, project)
    return sorted(f for f in linter.findings if not _silenced(outline, settings, f))


def _per_audience(linter: _Linter, project: Project) -> None:
    from . import layout

    bluf = layout.longest_bluf(linter.outline, project)
    if bluf is not None and bluf.lines > 4:
        linter.warn(
            "bluf-length",
            "summary",
            f"the bottom line runs to {bluf.lines} printed lines ({bluf.words} words) in the "
            f"{bluf.audience} memo; keep it to four",
        )
    for memo in layout.page_counts(linter.outline, project):
        memo_name = f"the {memo.audience} memo"
        if memo.pages is None:
            message = f"{memo_name} cannot be laid out: one block is taller than a page"
        elif memo.pages > memo.limit:
            limit = f"{memo.limit} page" + ("s" if memo.limit != 1 else "")
            message = f"{memo_name} runs to {memo.pages} pages in PDF; its limit is {limit}"
        else:
            continue
        linter.warn("page-limit", "", message, (1, 1))


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
