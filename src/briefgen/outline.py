"""The brief format: typed, frozen dataclasses, and :func:`read_outline` to load a brief.

These classes are the single definition of what a brief may contain. :mod:`briefgen.schema`
reads YAML into them (reporting every problem at once), ``docs/brief-format.md`` documents
them, and the audience filter and the templates consume them.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

from . import yamlsource
from .errors import InvalidInput, Problem
from .markings import Scheme
from .schema import AUDIENCE, EMPTY_OK, LEVEL, Context, load

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


@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields every item shares: an id, a sensitivity level and an audience rule."""

    id: str | None = field(default=None, metadata=_doc("Stable name, used in reports."))
    sensitivity: Level | None = field(
        default=None,
        metadata=_doc("Level of this item; defaults to its section's, then the brief's."),
    )
    audiences: Audiences | None = field(default=None, metadata=_doc("Include/exclude audiences."))


@dataclass(frozen=True, kw_only=True)
class Paragraph(Item):
    """A paragraph of text (inline Markdown subset)."""

    __shorthand__ = "text"
    text: str


@dataclass(frozen=True, kw_only=True)
class Judgment(Item):
    """A key judgment in estimative language."""

    __shorthand__ = "text"
    text: str
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None


@dataclass(frozen=True, kw_only=True)
class Section(Item):
    """A headed background section: paragraphs (blank-line separated) and bullets."""

    heading: str
    text: str | None = None
    bullets: tuple[Paragraph, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Risk(Item):
    """A threat or an opportunity, judged for likelihood and impact."""

    title: str
    text: str
    likelihood: Likelihood
    impact: Impact


@dataclass(frozen=True, kw_only=True)
class Recommendation(Item):
    """An action for a principal to decide on."""

    __shorthand__ = "action"
    action: str
    rationale: str | None = None
    owner: str | None = None
    timeframe: str | None = None
    priority: Priority = "medium"


@dataclass(frozen=True, kw_only=True)
class Source(Item):
    """A work the brief cites as ``[@id]``."""

    id: str  # required here, optional on other items
    title: str
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class Table(Item):
    """A small table of figures; cells are text, kept exactly as typed."""

    id: str  # required: templates place tables by id
    caption: str
    columns: tuple[str, ...] = field(metadata={"nonempty": True})
    rows: tuple[tuple[Cell, ...], ...] = field(metadata={"nonempty": True})
    align: tuple[Literal["left", "right", "center"], ...] = ()
    note: str | None = None

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
class Outline:
    """A whole brief, as written by the analyst (before any audience filtering)."""

    title: str
    subtitle: str | None = None
    release_title: str | None = field(
        default=None,
        metadata=_doc("Title used for audiences not cleared for the brief's own level."),
    )
    date: dt.date
    author: str
    organization: str | None = None
    for_: str | None = field(
        default=None, metadata=_doc("Addressee (MEMORANDUM FOR).", key="for", aliases=("to",))
    )
    from_: str | None = field(default=None, metadata=_doc("Sender (FROM).", key="from"))
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    language: str = "en"
    slug: str | None = field(
        default=None, metadata=_doc("Short name used in output file names; default: the file name.")
    )
    sensitivity: Level = field(
        metadata=_doc(
            "The brief's default level: of the header fields and of every item "
            "that sets none (an item may set a lower or a higher one)."
        )
    )
    summary: tuple[Paragraph, ...] = field(
        metadata=_doc("The bottom line up front.", nonempty=True)
    )
    key_judgments: tuple[Judgment, ...] = ()
    background: tuple[Section, ...] = ()
    threats: tuple[Risk, ...] = ()
    opportunities: tuple[Risk, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    sources: tuple[Source, ...] = ()
    tables: tuple[Table, ...] = ()
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
    "sources",
]
SECTIONS: tuple[SectionName, ...] = typing.get_args(SectionName)

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for file names."""
    return _SLUG.sub("-", text.lower()).strip("-")[:60] or "brief"


def _walk(value: object, path: str) -> Iterator[tuple[str, object]]:
    """(field path, value) for every value below ``value``, depth first, in order."""
    yield path, value
    if isinstance(value, tuple):
        for i, child in enumerate(value):
            yield from _walk(child, f"{path}[{i}]")
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if not f.metadata.get("internal"):
                key = f.metadata.get("key", f.name)
                yield from _walk(getattr(value, f.name), f"{path}.{key}" if path else key)


def _cross_check(outline: Outline, ctx: Context) -> None:
    """Checks that span fields: unique ids, citations to known sources."""

    def report(path: str, message: str) -> None:
        line, col = outline.positions.get(path, (1, 1))
        ctx.problems.append(Problem(ctx.file, line, col, path, message))

    seen: dict[str, str] = {}
    sources = {s.id for s in outline.sources}
    for path, value in _walk(outline, ""):
        if isinstance(value, Item) and value.id is not None:
            if value.id in seen:
                report(f"{path}.id", f"duplicate id {value.id!r} (first used at {seen[value.id]})")
            else:
                seen[value.id] = f"{path}.id"
        elif isinstance(value, str):
            for match in CITATION.finditer(value):
                if match.group(1) not in sources:
                    report(path, f"citation [@{match.group(1)}] names no source in 'sources'")


def read_outline(path: Path, scheme: Scheme, audiences: list[str]) -> Outline:
    """Read and validate the brief at ``path``.

    ``scheme`` gives the known sensitivity levels and ``audiences`` the known audience names.
    Raises :class:`~briefgen.errors.InvalidInput` listing every problem, each with its line,
    column and field path.
    """
    node, file = yamlsource.read_file(path)
    ctx = Context(file, {"level": scheme.names, "audience": audiences})
    outline = load(Outline, node, ctx)
    positions = ctx.positions
    slug = outline.slug or path.stem
    outline = replace(outline, positions=positions, file=file, slug=slugify(slug))
    _cross_check(outline, ctx)
    if ctx.problems:
        raise InvalidInput(ctx.problems)
    return outline
