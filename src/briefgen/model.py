"""The document model: the contract between :mod:`briefgen.compose` and the backends.

Small frozen dataclasses, no behaviour. A backend renders a :class:`Document` by matching on
each block's type; it never sees YAML, templates or the outline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .style import Style, house


@dataclass(frozen=True)
class Span:
    """A run of text with uniform formatting; ``href`` makes it a link; ``lang`` (a language
    tag such as ``ru``) marks words in another language than the document's."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Cite:
    """A citation mark: note ``number`` refers to entry ``number`` of the sources list."""

    number: int
    source_id: str


Inline = Span | Cite
Inlines = tuple[Inline, ...]


@dataclass(frozen=True)
class Title:
    """The document title, with an optional subtitle."""

    text: Inlines
    subtitle: Inlines = ()


@dataclass(frozen=True)
class HeaderFields:
    """The memo header block: ``FOR``, ``FROM``, ``DATE``, ``SUBJECT``…"""

    fields: tuple[tuple[str, Inlines], ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1–3
    text: Inlines


@dataclass(frozen=True)
class Paragraph:
    text: Inlines


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inlines, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Callout:
    """A boxed block that stands out, e.g. the bottom line up front."""

    title: str
    blocks: tuple[Paragraph | BulletList, ...]


@dataclass(frozen=True)
class DecisionLine:
    """``Approve ____  Disapprove ____  Discuss ____`` under a recommendation."""

    options: tuple[str, ...] = ("Approve", "Disapprove", "Discuss")


@dataclass(frozen=True)
class Table:
    caption: Inlines
    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    align: tuple[str, ...]  # "left" | "right" | "center", one per column
    note: Inlines = ()


@dataclass(frozen=True)
class Series:
    """One data series of a chart: a name for the legend and one value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A bar or line chart drawn from data: vector in the PDF, a crisp image in the DOCX."""

    kind: str  # "bar" | "line"
    caption: Inlines
    alt: str  # what the chart shows, for readers who cannot see it
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""  # the value axis label, e.g. "US$ billion"
    note: Inlines = ()


@dataclass(frozen=True)
class RiskMatrix:
    """Risks placed by likelihood (rows, most likely first) and impact (columns, lowest first)."""

    caption: Inlines
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    #: Marks of the risks in each cell (``("T1", "T3")``), row by row.
    cells: tuple[tuple[tuple[str, ...], ...], ...]
    #: Shading band of each cell: "low" | "moderate" | "high" | "severe".
    bands: tuple[tuple[str, ...], ...]
    legend: tuple[tuple[str, Inlines], ...]  # (mark, risk title)


Block = (
    Title
    | HeaderFields
    | Heading
    | Paragraph
    | BulletList
    | Callout
    | DecisionLine
    | Table
    | Chart
    | RiskMatrix
)


@dataclass(frozen=True)
class Meta:
    """Document properties and page furniture, all from audience-filtered content."""

    title: str
    subject: str
    author: str
    organization: str
    keywords: tuple[str, ...]
    date: dt.date
    language: str
    audience: str
    label: str
    banner: str
    #: Where the banner sits in the page header and footer: "center" or "right" (TLP).
    banner_align: str = "center"
    #: Banner text and background colours (#RRGGBB), where the scheme sets them (TLP).
    banner_color: str | None = None
    banner_background: str | None = None
    #: Text drawn across every page (DRAFT, PRE-DECISIONAL / DELIBERATIVE), or None.
    watermark: str | None = None
    #: When the files count as made, from ``SOURCE_DATE_EPOCH`` if set (see :attr:`made`).
    stamped: dt.datetime | None = None

    @property
    def made(self) -> dt.datetime:
        """Creation and modification time of the files: ``SOURCE_DATE_EPOCH`` when the build
        sets it, else noon UTC on the brief's date. Never the clock, so rebuilds match."""
        noon = dt.datetime.combine(self.date, dt.time(12, 0), dt.UTC)
        return self.stamped or noon


@dataclass(frozen=True)
class Note:
    """The text of citation note ``number`` (a footnote in the DOCX)."""

    number: int
    text: Inlines


@dataclass(frozen=True)
class Layout:
    """How a rendered document fell onto pages: what page budgets are checked against.

    Heights are in body lines (the body text's leading), so messages can say "over by about
    9 lines"."""

    pages: int
    #: Body lines used on each page, in page order.
    used: tuple[float, ...]
    #: (heading, lines) for each top-level part, in order; the part before the first
    #: heading is called "opening".
    parts: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]
    #: How it looks; by default the shipped house style.
    style: Style = field(default_factory=house)
    notes: tuple[Note, ...] = ()


def plain(text: Inlines) -> str:
    """The visible characters of ``text`` (citations as their numbers)."""
    return "".join(i.text if isinstance(i, Span) else f"[{i.number}]" for i in text)
