"""Compose: run an audience's template over its selection and read the result as a Document."""

from __future__ import annotations

import datetime as dt
import os
from typing import get_args

from . import markdown, model
from .audience import Selection
from .errors import BuildError
from .outline import Chart, Impact, Likelihood, Outline, Risk, Table
from .style import Style
from .templating import Templates


def _table(table: Table, resolver: markdown.Resolver, mark: str) -> model.Table:
    def cells(texts: tuple[str, ...]) -> tuple[model.Inlines, ...]:
        return tuple(tuple(markdown.parse_inline(t, resolver)) for t in texts)

    align = table.align or tuple(
        "right" if i and all(_numeric(row[i]) for row in table.rows) else "left"
        for i in range(len(table.columns))
    )
    return model.Table(
        caption=tuple(markdown.parse_inline(mark + table.caption, resolver)),
        header=cells(table.columns),
        rows=tuple(cells(row) for row in table.rows),
        align=tuple(align),
        note=tuple(markdown.parse_inline(table.note or "", resolver)),
    )


def _numeric(text: str) -> bool:
    """Figures such as ``$5.7 billion``, ``38 million`` or ``-4%`` align right."""
    core = text.strip().lstrip("$€£¥~≈<>+-−").split(" ")[0].rstrip("%")
    return bool(core) and core.replace(",", "").replace(".", "", 1).isdigit()


def _chart(chart: Chart, resolver: markdown.Resolver, mark: str) -> model.Chart:
    return model.Chart(
        kind=chart.kind,
        caption=tuple(markdown.parse_inline(mark + chart.caption, resolver)),
        alt=" ".join(chart.alt.split()),
        categories=tuple(" ".join(c.split()) for c in chart.categories),
        series=tuple(model.Series(s.name, s.values) for s in chart.series),
        unit=chart.unit or "",
        note=tuple(markdown.parse_inline(chart.note or "", resolver)),
    )


#: Rows of the risk matrix, most likely first, and its columns, lowest impact first.
LIKELIHOODS = tuple(reversed(get_args(Likelihood)))
IMPACTS = get_args(Impact)
BANDS = ("low", "moderate", "high", "severe")


def _band(likelihood: str, impact: str) -> str:
    """Shading band of a cell: likelihood (seven steps) and impact (four) weigh alike."""
    score = (len(LIKELIHOODS) - 1 - LIKELIHOODS.index(likelihood)) / 2 + IMPACTS.index(impact)
    return BANDS[0 if score < 1.5 else 1 if score < 3 else 2 if score < 4.5 else 3]


def _risk_matrix(
    risks: tuple[Risk, ...], prefix: str, resolver: markdown.Resolver, mark: str
) -> model.RiskMatrix | None:
    if not risks:
        return None
    marks = [f"{prefix}{n}" for n in range(1, len(risks) + 1)]
    cells = tuple(
        tuple(
            tuple(
                m for m, r in zip(marks, risks, strict=True) if (r.likelihood, r.impact) == (li, im)
            )
            for im in IMPACTS
        )
        for li in LIKELIHOODS
    )
    return model.RiskMatrix(
        caption=(model.Span(f"{mark}Threats by likelihood and impact"),),
        rows=LIKELIHOODS,
        columns=IMPACTS,
        cells=cells,
        bands=tuple(tuple(_band(li, im) for im in IMPACTS) for li in LIKELIHOODS),
        legend=tuple(
            (m, tuple(markdown.parse_inline(r.title, resolver)))
            for m, r in zip(marks, risks, strict=True)
        ),
    )


def compose(selection: Selection, templates: Templates, style: Style) -> model.Document:
    """Build the audience's :class:`~briefgen.model.Document` from its selection only."""
    brief = selection.outline
    numbers = {source.id: n for n, source in enumerate(brief.sources, 1)}
    tables = {table.id: table for table in brief.tables if table.id}

    charts = {chart.id: chart for chart in brief.charts}

    scheme = selection.scheme
    marks = selection.portion_marks

    def mark(*levels: str | None) -> str:
        """The portion mark of the highest of ``levels`` and a space, when marks are on."""
        shown = [level or brief.sensitivity for level in levels]
        return f"{scheme.mark(scheme.highest(shown))} " if marks and shown else ""

    def table(table_id: str) -> model.Table | None:
        found = tables.get(table_id)
        return _table(found, resolver, mark(found.sensitivity)) if found else None

    def chart(chart_id: str) -> model.Chart | None:
        found = charts.get(chart_id)
        return _chart(found, resolver, mark(found.sensitivity)) if found else None

    def risks(name: str) -> model.RiskMatrix | None:
        if name != "threats":
            raise BuildError(f"'::: risk-matrix {name}': only 'threats' can be placed")
        # The matrix names every threat shown: it is at the level of the highest of them.
        level = mark(*(r.sensitivity for r in brief.threats))
        return _risk_matrix(brief.threats, "T", resolver, level)

    resolver = markdown.Resolver(cite=numbers.get, table=table, chart=chart, risks=risks)
    text, name = templates.render(selection)
    blocks = markdown.read_blocks(text, resolver, name)
    if marks:
        _check_marks(blocks, [f"({level.portion})" for level in scheme.levels], name)
    meta = model.Meta(
        title=_plain(brief.title, resolver),
        subject=_plain(brief.subject or brief.title, resolver),
        author=brief.author,
        organization=brief.organization or "",
        keywords=brief.keywords,
        date=brief.date,
        language=brief.language,
        audience=selection.profile.name,
        label=selection.profile.label,
        banner=selection.banner,
        banner_align=scheme.banner_align,
        banner_color=scheme.level(selection.marking).color,
        banner_background=scheme.level(selection.marking).background,
        watermark=selection.profile.watermark,
        stamped=_source_date_epoch(),
    )
    return model.Document(meta, blocks, style, _notes(brief))


def _source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org), if set to a whole number of seconds."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def _notes(brief: Outline) -> tuple[model.Note, ...]:
    """One note per source the audience sees, numbered as the sources list numbers them.

    A note is the short form (author, title, year); the sources list has the full entry.
    """
    notes = []
    for number, source in enumerate(brief.sources, 1):
        text: list[model.Inline] = []
        if source.author:
            text.append(model.Span(f"{' '.join(source.author.split())}, "))
        text += markdown.parse_inline(" ".join(source.title.split()), _NO_REFS, italic=True)
        text.append(model.Span(f" ({source.date.year})." if source.date else "."))
        notes.append(model.Note(number, tuple(text)))
    return tuple(notes)


_NO_REFS = markdown.Resolver(cite=lambda _id: None, table=lambda _id: None)


def _plain(text: str, resolver: markdown.Resolver) -> str:
    return model.plain(tuple(markdown.parse_inline(text, resolver)))


def _check_marks(blocks: tuple[model.Block, ...], marks: list[str], template: str) -> None:
    """With portion marks on, every paragraph, bullet and table must open with one: it is
    all or nothing, so a template that forgets one fails the build instead of shipping an
    unmarked portion."""

    def check(text: model.Inlines, what: str) -> None:
        words = model.plain(text).lstrip()
        if not words.startswith(tuple(marks)):
            raise BuildError(
                f"{template}: portion marks are on, but a {what} has none: {words[:60]!r} "
                "(print {{ mark(item) }} before it)"
            )

    for block in blocks:
        match block:
            case model.Paragraph(text):
                check(text, "paragraph")
            case model.BulletList(items):
                for item in items:
                    check(item, "list item")
            case model.Callout(_, children):
                _check_marks(children, marks, template)
            case model.Table(caption):
                check(caption, "table")
            case _:
                figure: object = getattr(block, "caption", None)
                if isinstance(figure, tuple):  # any other captioned block: a figure
                    check(figure, "figure")
