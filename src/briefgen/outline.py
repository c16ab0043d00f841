"""The brief format: typed, frozen dataclasses, and :func:`texts` to walk a brief's text.

These classes are the single definition of what a brief may contain. :mod:`briefgen.schema`
reads YAML into them (reporting every problem at once), :mod:`briefgen.outline_reader` loads
a brief file with it, ``docs/brief-format.md`` documents them, and the audience filter and
the templates consume them.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Annotated, Literal

from .markings import DEFAULT
from .schema import AUDIENCE, EMPTY_OK, LEVEL, SCHEME

Level = Annotated[str, LEVEL]
AudienceName = Annotated[str, AUDIENCE]
Cell = Annotated[str, EMPTY_OK]

#: ODNI ICD 203's likelihood scale, lowest to highest.
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
Confidence = Literal["low", "moderate", "high"]
Impact = Literal["low", "moderate", "high", "severe"]
Priority = Literal["high", "medium", "low"]
#: Lint rules ``briefgen check`` knows (see :mod:`briefgen.lint`); an item may silence them.
RuleId = Literal[
    "bluf-length",
    "recommendation-owner",
    "recommendation-timeframe",
    "recommendation-verb",
    "likelihood-nonstandard",
    "likelihood-mixed-scales",
    "likelihood-with-confidence",
    "likelihood-mismatch",
    "citation-unknown",
    "source-uncited",
    "acronym-undefined",
    "page-limit",
]

CITATION = re.compile(r"\[@([A-Za-z0-9_][\w.:-]*)\]")


def _doc(text: str, **extra: object) -> dict[str, object]:
    return {"doc": text, **extra}


@dataclass(frozen=True)
class Audiences:
    """Which audiences may see an item, on top of its sensitivity level."""

    include: tuple[AudienceName, ...] = field(
        default=(), metadata=_doc("Only these audiences see the item.")
    )
    exclude: tuple[AudienceName, ...] = field(
        default=(), metadata=_doc("These audiences never see the item.")
    )


@dataclass(frozen=True)
class Lint:
    """Lint rules silenced for one item (or, at the top level, for the whole brief)."""

    ignore: tuple[RuleId, ...] = field(
        default=(), metadata=_doc("Rule ids `briefgen check` does not report here.")
    )


@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields every item shares: an id, a sensitivity level and an audience rule."""

    id: str | None = field(default=None, metadata=_doc("Stable name, used in reports."))
    sensitivity: Level | None = field(
        default=None,
        metadata=_doc("Level of this item; defaults to its section's, then the brief's."),
    )
    audiences: Audiences | None = field(default=None, metadata=_doc("Include/exclude audiences."))
    lint: Lint | None = field(
        default=None, metadata=_doc("Lint rules silenced for this item: {ignore: [rule-id]}.")
    )


@dataclass(frozen=True, kw_only=True)
class Paragraph(Item):
    """A paragraph of text (inline Markdown subset)."""

    __shorthand__ = "text"
    text: str = field(metadata=_doc("One paragraph of inline Markdown."))


@dataclass(frozen=True, kw_only=True)
class Judgment(Item):
    """A key judgment in estimative language."""

    __shorthand__ = "text"
    text: str = field(metadata=_doc("The judgment, in estimative language (inline Markdown)."))
    likelihood: Likelihood | None = field(
        default=None, metadata=_doc("How likely the judged outcome is (ODNI ICD 203 scale).")
    )
    confidence: Confidence | None = field(
        default=None, metadata=_doc("The analyst's confidence in the judgment.")
    )


@dataclass(frozen=True, kw_only=True)
class Section(Item):
    """A headed background section: paragraphs (blank-line separated) and bullets."""

    heading: str = field(metadata=_doc("The section's heading."))
    text: str | None = field(
        default=None, metadata=_doc("Paragraphs of inline Markdown, separated by a blank line.")
    )
    bullets: tuple[Paragraph, ...] = field(
        default=(), metadata=_doc("Bullet points printed after the text.")
    )


@dataclass(frozen=True, kw_only=True)
class Risk(Item):
    """A threat or an opportunity, judged for likelihood and impact."""

    title: str = field(metadata=_doc("A short name for the threat or opportunity."))
    text: str = field(metadata=_doc("What it is and why it matters (inline Markdown)."))
    likelihood: Likelihood = field(metadata=_doc("How likely it is to materialise (ICD 203)."))
    impact: Impact = field(metadata=_doc("How much it would matter."))


@dataclass(frozen=True, kw_only=True)
class Recommendation(Item):
    """An action for a principal to decide on."""

    __shorthand__ = "action"
    action: str = field(metadata=_doc("The action, starting with a verb (inline Markdown)."))
    rationale: str | None = field(default=None, metadata=_doc("Why, in a sentence or two."))
    owner: str | None = field(default=None, metadata=_doc("Who would carry it out."))
    timeframe: str | None = field(
        default=None, metadata=_doc("When, in words: 'Within 60 days', 'By 15 January'.")
    )
    priority: Priority = field(
        default="medium", metadata=_doc("Capped audiences keep the highest priorities first.")
    )


@dataclass(frozen=True, kw_only=True)
class Source(Item):
    """A work the brief cites as ``[@id]``."""

    id: str = field(metadata=_doc("The name citations use: [@id]."))  # required here only
    title: str = field(metadata=_doc("Title of the work."))
    publisher: str | None = field(default=None, metadata=_doc("Publisher or outlet."))
    author: str | None = field(default=None, metadata=_doc("Author or authors, as one text."))
    url: str | None = field(default=None, metadata=_doc("Where to find it."))
    date: dt.date | None = field(default=None, metadata=_doc("Publication date, YYYY-MM-DD."))


@dataclass(frozen=True, kw_only=True)
class Table(Item):
    """A small table of figures; cells are text, kept exactly as typed."""

    id: str = field(metadata=_doc("Name templates use to place the table."))  # required here
    caption: str = field(metadata=_doc("The table's caption (inline Markdown)."))
    columns: tuple[str, ...] = field(metadata=_doc("Column headings.", nonempty=True))
    rows: tuple[tuple[Cell, ...], ...] = field(
        metadata=_doc("The rows, one cell per column; cells are text.", nonempty=True)
    )
    align: tuple[Literal["left", "right", "center"], ...] = field(
        default=(), metadata=_doc("One entry per column.")
    )
    note: str | None = field(default=None, metadata=_doc("A note printed under the table."))

    def __post_init__(self) -> None:
        width = len(self.columns)
        for number, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(
                    f"row {number} has {len(row)} cells but the table has {width} columns"
                )
        if self.align and len(self.align) != width:
            raise ValueError(f"align has {len(self.align)} entries for {width} columns")


@dataclass(frozen=True, kw_only=True)
class Series:
    """One data series of a chart: a name for the legend and one value per category."""

    name: str
    values: tuple[float, ...] = field(metadata={"nonempty": True})


@dataclass(frozen=True, kw_only=True)
class Chart(Item):
    """A bar or line chart drawn from data, identical in both formats."""

    id: str  # required: templates place charts by id
    kind: Literal["bar", "line"]
    caption: str
    alt: str = field(metadata=_doc("What the chart shows, for readers who cannot see it."))
    categories: tuple[str, ...] = field(metadata={"nonempty": True})
    series: tuple[Series, ...] = field(metadata={"nonempty": True})
    unit: str | None = field(default=None, metadata=_doc("Label of the value axis."))
    note: str | None = None

    def __post_init__(self) -> None:
        width = len(self.categories)
        for series in self.series:
            if len(series.values) != width:
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values for {width} categories"
                )


@dataclass(frozen=True, kw_only=True)
class Outline:
    """A whole brief, as written by the analyst (before any audience filtering)."""

    title: str = field(metadata=_doc("The brief's title."))
    subtitle: str | None = field(default=None, metadata=_doc("A line under the title."))
    release_title: str | None = field(
        default=None,
        metadata=_doc("Title used for audiences not cleared for the brief's own level."),
    )
    date: dt.date = field(metadata=_doc("Date of the brief, YYYY-MM-DD."))
    author: str = field(metadata=_doc("Who wrote it."))
    organization: str | None = field(default=None, metadata=_doc("The author's organisation."))
    for_: str | None = field(
        default=None, metadata=_doc("Addressee (MEMORANDUM FOR).", key="for", aliases=("to",))
    )
    from_: str | None = field(default=None, metadata=_doc("Sender (FROM).", key="from"))
    subject: str | None = field(
        default=None, metadata=_doc("The SUBJECT line: short, no acronyms.")
    )
    keywords: tuple[str, ...] = field(
        default=(), metadata=_doc("Keywords for the document's metadata.")
    )
    language: str = field(default="en", metadata=_doc("Language tag, e.g. en or en-GB."))
    slug: str | None = field(
        default=None, metadata=_doc("Short name used in output file names; default: the file name.")
    )
    marking: Annotated[str, SCHEME] = field(
        default=DEFAULT, metadata=_doc("The marking scheme whose levels the brief uses.")
    )
    sensitivity: Level = field(
        metadata=_doc(
            "The brief's default level: of the header fields and of every item "
            "that sets none (an item may set a lower or a higher one)."
        )
    )
    title_sensitivity: Level | None = field(
        default=None, metadata=_doc("Level of the title and subtitle; default: the brief's.")
    )
    subject_sensitivity: Level | None = field(
        default=None, metadata=_doc("Level of the subject line; default: the brief's.")
    )
    sections: dict[SectionName, Level] = field(
        default_factory=dict,
        metadata=_doc("Level of each list's items that set none; default: the brief's."),
    )
    summary: tuple[Paragraph, ...] = field(
        metadata=_doc("The bottom line up front.", nonempty=True)
    )
    key_judgments: tuple[Judgment, ...] = field(
        default=(), metadata=_doc("Key judgments, in estimative language.")
    )
    background: tuple[Section, ...] = field(
        default=(), metadata=_doc("Headed background sections.")
    )
    threats: tuple[Risk, ...] = field(
        default=(), metadata=_doc("Threats, each judged for likelihood and impact.")
    )
    opportunities: tuple[Risk, ...] = field(
        default=(), metadata=_doc("Opportunities, judged the same way.")
    )
    recommendations: tuple[Recommendation, ...] = field(
        default=(), metadata=_doc("Actions for the principal to decide on.")
    )
    sources: tuple[Source, ...] = field(default=(), metadata=_doc("Works cited as [@id]."))
    tables: tuple[Table, ...] = field(default=(), metadata=_doc("Small tables of figures."))
    charts: tuple[Chart, ...] = field(
        default=(), metadata=_doc("Bar or line charts drawn from figures.")
    )
    lint: Lint | None = field(
        default=None, metadata=_doc("Lint rules silenced for the whole brief: {ignore: [rule-id]}.")
    )
    #: Field path -> (line, col) of every value, for messages at later stages.
    positions: dict[str, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False, metadata={"internal": True}
    )
    file: str = field(default="", compare=False, metadata={"internal": True})


#: The top-level lists whose items the audience filter selects, in default order.
SectionName = Literal[
    "summary",
    "key_judgments",
    "background",
    "threats",
    "opportunities",
    "recommendations",
    "tables",
    "charts",
    "sources",
]
SECTIONS: tuple[SectionName, ...] = typing.get_args(SectionName)


def walk(value: object, path: str) -> Iterator[tuple[str, object]]:
    """(field path, value) for every value below ``value``, depth first, in order."""
    yield path, value
    if isinstance(value, tuple):
        for i, child in enumerate(value):
            yield from walk(child, f"{path}[{i}]")
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if not f.metadata.get("internal"):
                key = f.metadata.get("key", f.name)
                yield from walk(getattr(value, f.name), f"{path}.{key}" if path else key)


def texts(outline: Outline) -> Iterator[tuple[str, str]]:
    """(field path, text) for every text value of the brief, in order."""
    for path, value in walk(outline, ""):
        if isinstance(value, str):
            yield path, value
