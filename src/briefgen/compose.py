"""Compose: run an audience's template over its selection and read the result as a Document."""

from __future__ import annotations

import datetime as dt

from . import markdown, model
from .audience import Selection
from .outline import Outline, Table
from .style import Style
from .templating import Templates


def _table(table: Table, resolver: markdown.Resolver) -> model.Table:
    def cells(texts: tuple[str, ...]) -> tuple[model.Inlines, ...]:
        return tuple(tuple(markdown.parse_inline(t, resolver)) for t in texts)

    align = table.align or tuple(
        "right" if i and all(_numeric(row[i]) for row in table.rows) else "left"
        for i in range(len(table.columns))
    )
    return model.Table(
        caption=tuple(markdown.parse_inline(table.caption, resolver)),
        header=cells(table.columns),
        rows=tuple(cells(row) for row in table.rows),
        align=tuple(align),
        note=tuple(markdown.parse_inline(table.note or "", resolver)),
    )


def _numeric(text: str) -> bool:
    """Figures such as ``$5.7 billion``, ``38 million`` or ``-4%`` align right."""
    core = text.strip().lstrip("$€£¥~≈<>+-−").split(" ")[0].rstrip("%")
    return bool(core) and core.replace(",", "").replace(".", "", 1).isdigit()


def compose(selection: Selection, templates: Templates, style: Style) -> model.Document:
    """Build the audience's :class:`~briefgen.model.Document` from its selection only."""
    brief = selection.outline
    numbers = {source.id: n for n, source in enumerate(brief.sources, 1)}
    tables = {table.id: table for table in brief.tables if table.id}

    def table(table_id: str) -> model.Table | None:
        found = tables.get(table_id)
        return _table(found, resolver) if found else None

    resolver = markdown.Resolver(cite=numbers.get, table=table)
    text, name = templates.render(selection)
    blocks = markdown.read_blocks(text, resolver, name)
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
    )
    return model.Document(meta, blocks, style, _notes(brief))


def _notes(brief: Outline) -> tuple[model.Note, ...]:
    """One note per source the audience sees, numbered as the sources list numbers them."""
    notes = []
    for number, source in enumerate(brief.sources, 1):
        text: list[model.Inline] = []
        if source.author:
            text.append(model.Span(f"{source.author}, "))
        text.append(model.Span(" ".join(source.title.split()), italic=True))
        tail = [part for part in (source.publisher, source.date and _longdate(source.date)) if part]
        text.append(model.Span("".join(f", {part}" for part in tail) + "."))
        if source.url:
            text.append(model.Span(f" {source.url}"))
        notes.append(model.Note(number, tuple(text)))
    return tuple(notes)


def _longdate(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _plain(text: str, resolver: markdown.Resolver) -> str:
    return model.plain(tuple(markdown.parse_inline(text, resolver)))
