"""The brief format: typed, frozen dataclasses, and :func:`read_outline` to load a brief.

These classes are the single definition of what a brief may contain. :mod:`briefgen.schema`
reads YAML into them (reporting every problem at once), ``docs/brief-format.md`` documents
them, and the audience filter and the templates consume them.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

import yaml

from . import yamlsource
from .errors import InvalidInput, Problem
from .markings import DEFAULT, Scheme
from .schema import AUDIENCE, EMPTY_OK, LEVEL, SCHEME, Context, load

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

#: Most characters of text a brief may hold in all its fields together (a long report is
#: about 60,000, 10,000 words); keeps every build of a valid brief under a minute
#: (docs: Limits; bench/limits.py).
MAX_TOTAL_CHARS = 250_000


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


def texts(outline: Outline) -> Iterator[tuple[str, str]]:
    """(field path, text) for every text value of the brief, in order."""
    for path, value in _walk(outline, ""):
        if isinstance(value, str):
            yield path, value


def _cross_check(outline: Outline, ctx: Context) -> None:
    """Checks that span fields: unique ids, citations to known sources."""

    def report(path: str, message: str) -> None:
        line, col = outline.positions.get(path, (1, 1))
        ctx.problems.append(Problem(ctx.file, line, col, path, message))

    seen: dict[str, str] = {}
    sources = {s.id for s in outline.sources}
    total = 0
    for path, value in _walk(outline, ""):
        if isinstance(value, str):
            total += len(value)
        if isinstance(value, Item) and value.id is not None:
            if value.id in seen:
                report(f"{path}.id", f"duplicate id {value.id!r} (first used at {seen[value.id]})")
            else:
                seen[value.id] = f"{path}.id"
        elif isinstance(value, str):
            for match in CITATION.finditer(value):
                if match.group(1) not in sources:
                    report(path, f"citation [@{match.group(1)}] names no source in 'sources'")
    if total > MAX_TOTAL_CHARS:
        ctx.problems.append(
            Problem(
                ctx.file,
                1,
                1,
                "",
                f"the brief holds {total:,} characters of text; the limit is {MAX_TOTAL_CHARS:,}",
            )
        )


def _chosen_scheme(node: yaml.Node, file: str, schemes: Mapping[str, Scheme]) -> Scheme:
    """Step one of reading a brief: the scheme its ``marking`` names, which decides the levels
    every other field may use. An unknown or malformed name stops the read here."""
    name = DEFAULT
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "marking":
                ctx = Context(file, {"scheme": list(schemes)})
                name = load(Annotated[str, SCHEME], value, ctx, "marking")  # type: ignore[arg-type]
    if name not in schemes:
        raise InvalidInput([Problem(file, 1, 1, "marking", f"no marking scheme {name!r}")])
    return schemes[name]


def validate(
    path: Path, schemes: Scheme | Mapping[str, Scheme], audiences: list[str]
) -> tuple[Outline | None, list[Problem]]:
    """Read the brief at ``path``; return it (if its fields are valid) and every problem.

    ``schemes`` are the known marking schemes (the brief's ``marking`` picks one, whose levels
    are then the only ones it may use) and ``audiences`` the known audience names. The outline
    comes back even when the checks that span the brief (repeated ids, citations) fail, so
    ``briefgen check`` can still lint it; it is ``None`` when any field is invalid.
    """
    if isinstance(schemes, Scheme):
        schemes = {schemes.name or DEFAULT: schemes}
    try:
        node, file = yamlsource.read_file(path)
        scheme = _chosen_scheme(node, file, schemes)
        vocabularies = {"level": scheme.names, "audience": audiences, "scheme": list(schemes)}
        ctx = Context(file, vocabularies)
        outline = load(Outline, node, ctx)
    except InvalidInput as exc:
        return None, list(exc.problems)
    slug = outline.slug or path.stem
    outline = replace(outline, positions=ctx.positions, file=file, slug=slugify(slug))
    _cross_check(outline, ctx)
    return outline, sorted(set(ctx.problems))


def read_outline(
    path: Path, schemes: Scheme | Mapping[str, Scheme], audiences: list[str]
) -> Outline:
    """Read and validate the brief at ``path`` (see :func:`validate`).

    Raises :class:`~briefgen.errors.InvalidInput` listing every problem, each with its line,
    column and field path.
    """
    outline, problems = validate(path, schemes, audiences)
    if problems or outline is None:
        raise InvalidInput(problems)
    return outline
