"""``briefgen init``: the text of a new brief, blank or seeded from an article.

Both start with a ``yaml-language-server`` modeline naming the brief's JSON Schema, so an
editor with the YAML extension completes and checks fields as the analyst types. Both are
valid briefs as written: ``briefgen check`` reports no errors on them.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Sequence

from .seed import Seed

WIDTH = 92


def modeline(schema: str) -> str:
    return f"# yaml-language-server: $schema={schema}\n"


def _q(text: str) -> str:
    """A one-line value, double-quoted (JSON strings are valid YAML and keep every character)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _literal_markup(text: str) -> str:
    """Article text as brief text: characters that are inline markup in a brief escaped."""
    return "".join("\\" + c if c in "\\*_[]" else c for c in text)


def _block(text: str, indent: int, style: str = ">-") -> str:
    """``text`` as a block scalar under a key, wrapped; paragraphs kept with ``|``."""
    pad = " " * indent
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    lines = []
    for n, paragraph in enumerate(paragraphs):
        if n:
            lines.append("")
        lines += textwrap.wrap(paragraph, WIDTH - indent, break_on_hyphens=False) or [""]
    return f"{style}\n" + "\n".join(pad + line if line else "" for line in lines)


def _levels(levels: Sequence[str]) -> tuple[str, str]:
    """(the level a new brief is written at, the list shown in its comment)."""
    return (levels[1] if len(levels) > 1 else levels[0]), ", ".join(levels)


def blank(name: str, today: dt.date, schema: str, levels: Sequence[str]) -> str:
    """A new brief with every field and list present, each explained by a comment."""
    level, choices = _levels(levels)
    lowest = levels[0]
    return (
        modeline(schema)
        + f"""\
# {name}: a new policy brief. Replace every value; delete the optional lists you do not need.
# The format is described field by field in briefgen's docs/brief-format.md.
#   briefgen check {name}.yaml     finds mistakes and weak spots, with line and column
#   briefgen build {name}.yaml     writes the memos, one per audience

# --- Header -----------------------------------------------------------------------------
title: Working title of the brief                # required
subtitle: One line that says why it matters now
release_title: Title for readers not cleared for the brief's level
date: {today.isoformat()}                                 # required, YYYY-MM-DD
author: Your Name                                # required
organization: Your organisation
for: The Director of Policy                      # the MEMORANDUM FOR line (or `to`)
from: Your Name, Your Team
subject: Short subject line without abbreviations
keywords: [topic, region]
sensitivity: {level}                            # required: {choices}

# --- Bottom line up front (required) ----------------------------------------------------
# The conclusion or the ask, in at most four printed lines. A plain string is a paragraph.
summary:
  - sensitivity: {lowest}
    text: The conclusion, in one or two sentences that a busy reader can act on.
  - "**Decision sought:** approve the recommendations below by 15 January."

# --- Key judgments ------------------------------------------------------------------------
# Estimative language (ODNI ICD 203): almost no chance, very unlikely, unlikely, roughly even
# chance, likely, very likely, almost certain. Confidence goes in its own field, not the text.
key_judgments:
  - id: kj-main
    text: The main outcome will **likely** happen, because of the evidence [@source-1].
    likelihood: likely
    confidence: moderate                         # low, moderate, high

# --- Background: headed sections of paragraphs (use | and blank lines) and bullets -------
background:
  - id: bg-context
    heading: Context
    text: |
      What the reader needs to know first, in a paragraph or two [@source-1].
    bullets:
      - A supporting point.

# --- Threats and opportunities, each judged for likelihood and impact --------------------
threats:
  - id: th-main
    title: Short name of the threat
    text: What could go wrong and why it matters.
    likelihood: unlikely
    impact: high                                 # low, moderate, high, severe

opportunities:
  - id: op-main
    title: Short name of the opportunity
    text: What could go right and what it would take.
    likelihood: roughly even chance
    impact: moderate

# --- Recommendations: an action starting with a verb, with owner and timeframe -----------
recommendations:
  - id: rec-first
    action: Approve the first step you recommend.
    rationale: Why, in a sentence or two.
    owner: Your Team
    timeframe: Within 30 days
    priority: high                               # high, medium, low

# --- Tables: every row has one cell per column; quote figures YAML could misread --------
tables:
  - id: figures
    caption: Figures behind the brief
    columns: [Indicator, Figure]
    rows:
      - [First indicator, "100"]
    note: Source of the figures [@source-1].

# --- Charts: drawn from figures, one value per category in each series ------------------
charts:
  - id: trend
    kind: bar                                    # bar or line
    caption: What the figures show
    alt: Bar chart of the first indicator, 80 in 2025 and 100 in 2026.
    categories: ["2025", "2026"]
    series:
      - name: First indicator
        values: [80, 100]
    note: Source of the figures [@source-1].

# --- Sources, cited in the text as [@id] ---------------------------------------------------
sources:
  - id: source-1
    title: Title of the work cited
    publisher: Publisher
    url: https://example.org/
    date: {today.isoformat()}

# Any item (or the brief as a whole) can silence a `briefgen check` warning:
#   lint: {{ignore: [recommendation-owner]}}
"""
    )


def seeded(
    name: str, seed: Seed, article: str, today: dt.date, schema: str, levels: Sequence[str]
) -> str:
    """A draft brief from what :func:`briefgen.seed.read_article` found, marked as a draft."""
    level, choices = _levels(levels)
    out = [
        modeline(schema),
        f"# DRAFT seeded by `briefgen init --from {article}` on {today.isoformat()}.\n",
        "# Every value below was picked out of the article by simple rules, not by judgment:\n",
        "#   summary          the article's opening paragraph (or its first sentence)\n",
        "#   background       its headed sections; 'Facts and figures' are sentences with\n",
        "#                    figures or dates\n",
        "#   key_judgments    sentences with a likelihood word\n",
        "#   recommendations  sentences that argue for action\n",
        "# Check each against the article, rewrite it in your own words, add owners and\n",
        "# timeframes, and delete what you do not need. Remove the subtitle and this note\n",
        "# when the brief is yours. `briefgen check` lists what still needs work.\n\n",
        f"title: {_q(seed.title)}\n",
        f"subtitle: {_q('Draft seeded from ' + article + ', not yet reviewed')}\n",
        f"release_title: {_q(seed.title)}\n",
        f"date: {today.isoformat()}\n",
        "author: Your Name                  # TODO\n",
        f"sensitivity: {level}                # {choices}\n\n",
    ]
    opening = seed.opening[0] if seed.opening else _first_sentence(seed)
    out += ["summary:\n", f"  - {_block(_cited(opening), 4)}\n\n"]
    if seed.judgments:
        out.append("# DRAFT: sentences with a likelihood word. Is each a judgment of yours?\n")
        out.append("key_judgments:\n")
        for sentence, likelihood in seed.judgments:
            out.append(f"  - text: {_block(_cited(sentence), 6)}\n")
            out.append(f"    likelihood: {likelihood}\n")
            out.append("    # confidence: low | moderate | high\n")
        out.append("\n")
    sections = list(seed.sections)
    if seed.opening[1:]:
        out.append("# DRAFT: the article's own sections, as written.\n")
    out.append("background:\n")
    if seed.opening[1:]:
        out += _section("Introduction", seed.opening[1:])
    for section in sections:
        out += _section(section.heading, section.paragraphs)
    if seed.facts:
        out.append(f"  - heading: {_q('Facts and figures (draft: check each one)')}\n")
        out.append("    bullets:\n")
        for fact in seed.facts:
            out.append(f"      - {_block(_cited(fact), 8)}\n")
    out.append("\n# threats: and opportunities: (title, text, likelihood, impact) go here.\n\n")
    if seed.recommendations:
        out.append("# DRAFT: sentences that argue for action. Rewrite each as an action that\n")
        out.append("# starts with a verb, and add owner, timeframe and priority.\n")
        out.append("recommendations:\n")
        for sentence in seed.recommendations:
            out.append(f"  - action: {_block(_literal_markup(sentence), 6)}\n")
        out.append("\n")
    out += [
        "sources:\n",
        "  - id: article\n",
        f"    title: {_q(seed.title)}\n",
    ]
    if seed.author:
        out.append(f"    author: {_q(seed.author)}\n")
    out.append("    # publisher, url, date (YYYY-MM-DD): add them from the article\n")
    return "".join(out)


def _cited(sentence: str) -> str:
    """The sentence, escaped, with a citation of the article before its closing stop."""
    text = _literal_markup(sentence).rstrip()
    if text[-1:] in ".!?":
        return f"{text[:-1]} [@article]{text[-1]}"
    return f"{text} [@article]"


def _section(heading: str, paragraphs: list[str]) -> list[str]:
    lines = [f"  - heading: {_q(heading)}\n"]
    if paragraphs:
        text = "\n\n".join(_literal_markup(p) for p in paragraphs)
        lines.append(f"    text: {_block(text, 6, '|')}\n")
    return lines


def _first_sentence(seed: Seed) -> str:
    for section in seed.sections:
        if section.paragraphs:
            return section.paragraphs[0].split(". ")[0].rstrip(".") + "."
    return seed.title
