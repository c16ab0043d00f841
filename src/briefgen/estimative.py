"""Estimative language: the words of likelihood scales, and where they sit in a text.

ODNI ICD 203 fixes one likelihood scale (:data:`briefgen.outline.Likelihood`). Analysts also
meet other scales — the UK PHIA probability yardstick, Sherman Kent's "words of estimative
probability" — and vague words that belong to no scale. The lint rules in
:mod:`briefgen.lint` use this table to flag a word outside ICD 203, two scales mixed in one
brief, and a likelihood stated in the same sentence as a confidence level.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass

from .outline import Likelihood

ICD = "ICD 203"
PHIA = "UK PHIA yardstick"
KENT = "Kent scale"

#: (pattern, the word as reported, the scales it belongs to). Longest phrases first, so
#: "very likely" is one word here, not "likely". An empty set: a vague word on no scale.
TERMS: tuple[tuple[str, str, frozenset[str]], ...] = (
    (r"almost no chance", "almost no chance", frozenset({ICD})),
    (r"almost certainly not", "almost certainly not", frozenset({KENT})),
    (r"almost certain(?:ly)?", "almost certain", frozenset({ICD, PHIA, KENT})),
    (r"roughly even chance", "roughly even chance", frozenset({ICD})),
    (r"realistic possibility", "realistic possibility", frozenset({PHIA})),
    (r"remote (?:chance|possibility|prospect)", "remote chance", frozenset({PHIA, KENT})),
    (r"highly (?:un)?likely", "highly likely", frozenset({PHIA})),
    (r"highly (?:im)?probable", "highly probable", frozenset({KENT})),
    (r"very unlikely", "very unlikely", frozenset({ICD})),
    (r"very likely", "very likely", frozenset({ICD})),
    (r"(?:chances )?about even|even chance", "even chance", frozenset({KENT})),
    (r"probably not", "probably not", frozenset({KENT})),
    (r"improbable", "improbable", frozenset({KENT})),
    (r"probabl[ey]", "probably", frozenset({PHIA, KENT})),
    (r"unlikely", "unlikely", frozenset({ICD, PHIA})),
    (r"likely", "likely", frozenset({ICD, PHIA, KENT})),
    (r"possibly|it is possible|possible that", "possibly", frozenset()),
    (r"conceivabl[ey]", "conceivably", frozenset()),
    (r"perhaps", "perhaps", frozenset()),
    (r"doubtful", "doubtful", frozenset()),
    (r"fifty-fifty|toss-up", "fifty-fifty", frozenset()),
    (r"(?:virtually|nearly) certain(?:ly)?", "virtually certain", frozenset()),
)

_PATTERN = re.compile(
    r"\b(?:" + "|".join(f"(?P<t{i}>{p})" for i, (p, _, _) in enumerate(TERMS)) + r")\b",
    re.IGNORECASE,
)

#: The ICD 203 words, lowest to highest.
STANDARD: tuple[str, ...] = typing.get_args(Likelihood)

CONFIDENCE = re.compile(
    r"\b(?:(?:high|moderate|medium|low)(?:[- ]level(?: of)?)?[- ]confidence"
    r"|(?:highly|moderately|fairly|very) confident"
    r"|confidence (?:is|was) (?:high|moderate|medium|low))\b",
    re.IGNORECASE,
)

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


@dataclass(frozen=True)
class Term:
    """One likelihood word found in a text."""

    word: str  # as listed in TERMS (e.g. "almost certain" for "almost certainly")
    scales: frozenset[str]
    start: int
    end: int

    @property
    def standard(self) -> bool:
        return ICD in self.scales


def terms(text: str) -> Iterator[Term]:
    """Every likelihood word in ``text``, in order."""
    for match in _PATTERN.finditer(text):
        index = int(next(name for name, value in match.groupdict().items() if value)[1:])
        _, word, scales = TERMS[index]
        if word == "highly likely" and match.group(0).lower().startswith("highly un"):
            word = "highly unlikely"
        elif word == "highly probable" and "improbable" in match.group(0).lower():
            word = "highly improbable"
        yield Term(word, scales, match.start(), match.end())


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) for each sentence of ``text`` (split at ``.``, ``!`` and ``?``)."""
    for match in _SENTENCE.finditer(text):
        if match.group(0).strip():
            yield match.start(), match.group(0)
