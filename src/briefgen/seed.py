"""Seed an outline from an article's plain text, by simple rules an analyst can predict.

- the first line is the title;
- a short line on its own, without closing punctuation, is a heading; the paragraphs under
  it become a background section (those before the first heading, the opening);
- sentences with figures or dates are candidate facts;
- sentences with a likelihood word of the ICD 203 scale are candidate key judgments;
- sentences that argue for action ("must", "should", "could attempt to", …) are candidate
  recommendations;
- a closing "Name is a …" paragraph names the author; it and a "views expressed" disclaimer
  are left out of the text.

Nothing here understands the article: the result is a starting point to edit, and
:mod:`briefgen.scaffold` writes it out marked as a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import estimative

MAX_FACTS = 12
MAX_JUDGMENTS = 6
MAX_RECOMMENDATIONS = 6

_CLOSING = tuple('.!?:;,"”’)')
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z\"“‘(])")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_FIGURE = re.compile(
    rf"\b(?:1[6-9]\d\d|20\d\d)s?\b|[$€£¥]\s?\d|\b\d+(?:[.,]\d+)*\s?(?:%|per ?cent\b|million\b|"
    rf"billion\b|trillion\b|thousand\b)|\b(?:{_MONTHS})\b|\b\d{{1,3}}(?:,\d{{3}})+\b"
)
_ACTION = re.compile(
    r"\b(?:should|must|ought to|needs? to|has to|have to|recommend\w*|it is (?:essential|vital|"
    r"imperative)|(?:could|can|would do well to) (?:attempt|try|open|start|begin|help|bolster|"
    r"ease|drop|offer|press|use)\w*|best (?:opening|option|course|way))\b",
    re.IGNORECASE,
)
_BIO = re.compile(r"([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}) (?:is|was) (?:a|an|the)\b")
_DISCLAIMER = re.compile(r"(?:The )?views expressed", re.IGNORECASE)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Seed:
    """What the rules found in an article."""

    title: str
    opening: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    judgments: list[tuple[str, str]] = field(default_factory=list)  # (sentence, likelihood)
    recommendations: list[str] = field(default_factory=list)
    author: str | None = None


def _blocks(text: str) -> list[str]:
    """Paragraphs: runs of non-blank lines, joined with spaces."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _is_heading(block: str) -> bool:
    return (
        len(block) <= 80
        and len(block.split()) <= 10
        and not block.endswith(_CLOSING)
        and block[:1].isupper()
    )


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph (split before a capital after ``.``, ``!`` or ``?``)."""
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def read_article(text: str) -> Seed:
    """Apply the rules above to an article's plain text."""
    blocks = _blocks(text)
    if not blocks:
        return Seed(title="Untitled")
    seed = Seed(title=blocks[0])
    current: Section | None = None
    for block in blocks[1:]:
        if _DISCLAIMER.match(block):
            continue
        bio = _BIO.match(block)
        if bio and seed.author is None and len(block) < 600 and (current or seed.opening):
            seed.author = bio.group(1)
            continue
        if _is_heading(block):
            current = Section(block)
            seed.sections.append(current)
        elif current is None:
            seed.opening.append(block)
        else:
            current.paragraphs.append(block)
    for paragraph in seed.opening + [p for s in seed.sections for p in s.paragraphs]:
        for sentence in sentences(paragraph):
            standard = [t for t in estimative.terms(sentence) if t.standard]
            if _FIGURE.search(sentence) and len(seed.facts) < MAX_FACTS:
                seed.facts.append(sentence)
            if standard and len(seed.judgments) < MAX_JUDGMENTS:
                seed.judgments.append((sentence, standard[0].word))
            if _ACTION.search(sentence) and len(seed.recommendations) < MAX_RECOMMENDATIONS:
                seed.recommendations.append(sentence)
    return seed
