"""Which structure role each piece of a model block gets in the tagged PDF.

:func:`tag_story` walks the model blocks next to the flowables the PDF writer built for them
(one flowable a block) and attaches a structure node to each piece that paints content. A
new block type needs an arm in :func:`_tag_block`; without one its flowable is tagged as one
Div and the file no longer claims PDF/UA-1.

PDF/UA-1 is PDF 1.7, which has no Title structure type, so the memo's title is its first H1
and the model's headings keep their own levels (H1–H3).
"""

from __future__ import annotations

from collections.abc import Container, Iterator

from reportlab.platypus import Flowable, KeepTogether, ListFlowable, Paragraph, Table
from reportlab.platypus.flowables import BulletDrawer

from .. import model
from .pdf_structure import Node
from .pdf_tags import Tagger, _attach, _table_callback, _TaggedBullet


def tag_story(
    tagger: Tagger,
    blocks: tuple[model.Block, ...],
    story: list[Flowable],
    glyphs: Container[int] | None = None,
) -> None:
    """Attach a structure node to every painting piece of ``story`` (one flowable a block).

    ``glyphs`` are the characters the fonts can draw: a character outside them prints as a
    .notdef box, which PDF/UA forbids, so the file then does not claim PDF/UA-1."""
    for block, flowable in zip(blocks, story, strict=True):
        _tag_block(tagger, tagger.root, block, flowable)
    if glyphs is not None:
        drawn = {ord(char) for text in _texts(blocks) for char in model.plain(text)}
        if any(code not in glyphs and not chr(code).isspace() for code in drawn):
            tagger.complete = False


def _texts(blocks: tuple[model.Block, ...]) -> Iterator[model.Inlines]:
    """Every run of text the blocks print (labels and options too)."""
    for block in blocks:
        match block:
            case model.Title(text, subtitle):
                yield from (text, subtitle)
            case model.HeaderFields(fields):
                for label, value in fields:
                    yield from ((model.Span(label),), value)
            case model.Heading(_, text) | model.Paragraph(text):
                yield text
            case model.BulletList(items):
                yield from items
            case model.Callout(title, children):
                yield (model.Span(title.upper()),)
                yield from _texts(children)
            case model.DecisionLine(options):
                yield tuple(model.Span(option) for option in options)
            case model.Table(caption, header, rows, _, note):
                yield from (caption, *header, note)
                for row in rows:
                    yield from row


def _tag_block(tagger: Tagger, parent: Node, block: model.Block, flowable: Flowable) -> None:
    match block, flowable:
        case model.Title(text, subtitle), KeepTogether():
            title, *rest = flowable._content
            # PDF/UA-1 is PDF 1.7, which has no Title type: the title is the first H1.
            _attach(title, parent.add("H1").reads(text), tagger)
            for piece in rest:
                _attach(piece, parent.add("P").reads(subtitle), tagger)
        case model.HeaderFields(fields), Table():
            table = parent.add("Table")
            for (_, text), (label, value) in zip(fields, flowable._cellvalues, strict=True):
                row = table.add("TR")
                _attach(label, row.add("TH", scope="Row"), tagger)
                _attach(value, row.add("TD").reads(text), tagger)
            _table_callback(flowable, tagger, {})
        case model.Heading(level, text), Paragraph():
            _attach(flowable, parent.add(f"H{min(max(level, 1), 6)}").reads(text), tagger)
        case model.Paragraph(text), Paragraph():
            _attach(flowable, parent.add("P").reads(text), tagger)
        case model.BulletList(items), ListFlowable():
            _tag_list(tagger, parent, items, flowable)
        case model.Callout(title, children), Table():
            box = parent.add("Div")
            content = list(flowable._cellvalues[0][0])
            if title:
                _attach(content.pop(0), box.add("P"), tagger)
            for child, piece in zip(children, content, strict=True):
                _tag_block(tagger, box, child, piece)
            _table_callback(flowable, tagger, {})
        case model.DecisionLine(options), Table():
            # One P that reads "Approve Disapprove Discuss"; the blanks to sign on are rules.
            line = parent.add("P")
            cells = {(0, 2 * i): line for i in range(len(options))}
            _table_callback(flowable, tagger, cells)
        case model.Table(), KeepTogether():
            _tag_table(tagger, parent, block, list(flowable._content))
        case model.Chart(caption=caption, alt=alt, note=note), KeepTogether():
            _tag_figure(tagger, parent, caption, alt, note, list(flowable._content))
        case model.RiskMatrix(caption=caption), KeepTogether():
            alt = _risk_matrix_alt(block)
            _tag_figure(tagger, parent, caption, alt, (), list(flowable._content))
        case _:
            # A block this module does not know: keep its content readable as one Div, but
            # the file no longer claims PDF/UA.
            tagger.complete = False
            _attach(flowable, parent.add("Div"), tagger)


def _tag_list(
    tagger: Tagger, parent: Node, items: tuple[model.Inlines, ...], flowable: ListFlowable
) -> None:
    lst = parent.add("L")
    for text, indenter in zip(items, flowable._content, strict=True):
        item = lst.add("LI")
        bullet = getattr(indenter, "_bullet", None)
        if isinstance(bullet, BulletDrawer):
            bullet.__class__ = _TaggedBullet
            bullet._struct_node = item.add("Lbl")
            bullet._tagger = tagger
        _attach(indenter._flowable, item.add("LBody").reads(text), tagger)


def _tag_table(tagger: Tagger, parent: Node, block: model.Table, parts: list[Flowable]) -> None:
    if block.caption:
        caption = parts.pop(0)
    table_flowable = next(p for p in parts if isinstance(p, Table))
    table = parent.add("Table")
    if block.caption:
        _attach(caption, table.add("Caption").reads(block.caption), tagger)
    for index, (texts, row_cells) in enumerate(
        zip((block.header, *block.rows), table_flowable._cellvalues, strict=True)
    ):
        row = table.add("TR")
        for text, cell in zip(texts, row_cells, strict=True):
            node = row.add("TH", scope="Column") if index == 0 else row.add("TD")
            _attach(cell, node.reads(text), tagger)
    _table_callback(table_flowable, tagger, {})
    after = parts[parts.index(table_flowable) + 1 :]
    if block.note:
        # The note reads after the table, as a paragraph of its own.
        _attach(after.pop(0), parent.add("P").reads(block.note), tagger)


def _tag_figure(
    tagger: Tagger,
    parent: Node,
    caption: model.Inlines,
    alt: str,
    note: model.Inlines,
    parts: list[Flowable],
) -> None:
    """A chart or matrix: one Figure, read by its alternative text, with its caption."""
    figure = parent.add("Figure")
    figure.alt = alt
    if caption:
        _attach(parts.pop(0), figure.add("Caption").reads(caption), tagger)
    _attach(parts.pop(0), figure, tagger)
    if note:
        _attach(parts.pop(0), parent.add("P").reads(note), tagger)


def _risk_matrix_alt(block: model.RiskMatrix) -> str:
    """The matrix in words: each risk with its likelihood and impact."""
    titles = {mark: model.plain(title) for mark, title in block.legend}
    placed = [
        f"{mark} {titles.get(mark, '')}: {row}, {column} impact".replace("  ", " ")
        for row, cells in zip(block.rows, block.cells, strict=True)
        for column, marks in zip(block.columns, cells, strict=True)
        for mark in marks
    ]
    return f"Risk matrix, likelihood by impact. {'; '.join(placed)}."


def tag_notes(tagger: Tagger, notes: list[Flowable], placed: list[tuple[int, int]]) -> None:
    """Footnotes at the foot of a page: each a Note right after the Reference that cites it
    (the Reference's paragraph reads on into its note), else at the end of the document."""
    for paragraph, (anchor, _) in zip(notes, placed, strict=True):
        reference = tagger.note_refs.get(anchor)
        owner = reference.parent if reference is not None else None
        note = Node("Note", owner or tagger.root)
        if owner is not None and reference is not None:
            owner.kids.insert(owner.kids.index(reference) + 1, note)
        else:
            tagger.root.kids.append(note)
        _attach(paragraph, note, tagger)
