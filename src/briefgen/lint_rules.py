"""The lint rules: what each checks in a brief and how it words its warning.

Each rule is a function given the :class:`~briefgen.lint.Linter`, which holds the outline,
its prose fields in source order and where each word is; a rule reports through
``linter.warn`` with its id from :data:`briefgen.lint.RULES`. Separate from
:mod:`briefgen.lint`, the runner (findings, locating words, silencing), because rules are
what grows: a new rule is a function here, an id in ``outline.RuleId`` and a test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import estimative
from .layout import plain as _plain
from .outline import CITATION, walk

if TYPE_CHECKING:
    from .build import Project
    from .lint import Linter


#: Acronyms every reader knows; more in the config file's ``[lint] acronyms``.
KNOWN_ACRONYMS = frozenset({"US", "USA", "UK", "EU", "UN", "NATO"})

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


def recommendations(linter: Linter) -> None:
    """recommendation-owner, -timeframe and -verb: who, by when, and an imperative verb."""
    for i, rec in enumerate(linter.outline.recommendations):
        path = f"recommendations[{i}]"
        if rec.owner is None:
            linter.warn("recommendation-owner", path, "no owner: say who would carry it out")
        if rec.timeframe is None:
            linter.warn(
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
            linter.warn(
                "recommendation-verb",
                f"{path}.action",
                f"start the action with a verb ('Approve …', 'Open …'), not {first!r}",
                linter.at_word(
                    f"{path}.action", rec.action, max(start, 0), max(start, 0) + len(first)
                )
                if start >= 0
                else None,
            )


def likelihood(linter: Linter) -> None:
    """likelihood-nonstandard, -mixed-scales, -with-confidence and -mismatch."""
    common: frozenset[str] | None = None
    first: tuple[estimative.Term, str, tuple[int, int]] | None = None
    mixed = False
    for path, value in linter.texts:
        if field_name(path) not in _JUDGED:
            continue
        for term in estimative.terms(value):
            at = linter.at_word(path, value, term.start, term.end)
            if not term.standard:
                scale = ", ".join(sorted(term.scales)) or "no scale"
                linter.warn(
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
                linter.warn(
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
                linter.warn(
                    "likelihood-with-confidence",
                    path,
                    f"likelihood {found[0].word!r} and {confidence.group(0)!r} in one "
                    "sentence; state confidence in the 'confidence' field",
                    linter.at_word(
                        path, value, offset + confidence.start(), offset + confidence.end()
                    ),
                )
    for i, judgment in enumerate(linter.outline.key_judgments):
        if judgment.likelihood is None:
            continue
        words = [t for t in estimative.terms(judgment.text) if t.standard]
        if words and all(t.word != judgment.likelihood for t in words):
            path = f"key_judgments[{i}].text"
            linter.warn(
                "likelihood-mismatch",
                path,
                f"the text says {words[0].word!r} but likelihood is {judgment.likelihood!r}",
                linter.at_word(path, judgment.text, words[0].start, words[0].end),
            )


def citations(linter: Linter) -> None:
    """citation-unknown (near-misses of a citation) and source-uncited."""
    ids = {source.id for source in linter.outline.sources}
    cited: set[str] = set()
    for path, value in walk(linter.outline, ""):
        if not isinstance(value, str) or path.startswith("sources["):
            continue
        cited.update(m.group(1) for m in CITATION.finditer(value))
        for start, end, source_id in sorted(_near_citations(value, ids)):
            linter.warn(
                "citation-unknown",
                path,
                f"{value[start:end]!r} is not a citation and prints as typed; write [@{source_id}]",
                linter.at_word(path, value, start, end),
            )
    for i, source in enumerate(linter.outline.sources):
        if source.id not in cited:
            linter.warn(
                "source-uncited",
                f"sources[{i}].id",
                f"source {source.id!r} is never cited; cite it as [@{source.id}] or drop it",
            )


def acronyms(linter: Linter) -> None:
    """acronym-undefined: each acronym spelt out where it is first used."""
    known = KNOWN_ACRONYMS | linter.settings.acronyms
    uses: dict[str, list[tuple[str, str, re.Match[str], bool]]] = {}
    for path, value in linter.texts:
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
            line, _ = linter.at_word(later[0], later[1], later[2].start(), later[2].end())
            message = f"{name!r} is used before it is defined (at line {line})"
        else:
            message = (
                f"{name!r} is never defined; spell it out where first used: Full Name ({name})"
            )
        linter.warn(
            "acronym-undefined",
            path,
            message,
            linter.at_word(path, value, match.start(1), match.end(1)),
        )


def field_name(path: str) -> str:
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


def per_audience(linter: Linter, project: Project) -> None:
    """bluf-length and page-limit, which need the audiences' memos laid out."""
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
