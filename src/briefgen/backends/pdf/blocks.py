"""The PDF writer's boxed and tabular blocks, each one flowable: header fields, lists, the
callout box, the decision line and data tables.

Separate from :mod:`briefgen.backends.pdf_writer`, which keeps the ``match`` that picks one
of these per model block, the inline markup and the page layout, because each is a table
or list layout of its own. Each function takes the renderer, as the charts in
:mod:`briefgen.backends.pdf.graphics` do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, ListFlowable, Paragraph, Table, TableStyle

from ... import model

if TYPE_CHECKING:
    from ..pdf_writer import _Renderer


def header_fields(renderer: _Renderer, fields: tuple[tuple[str, model.Inlines], ...]) -> Flowable:
    """``FOR:``/``FROM:``… rows: the label in bold, the value beside it, a rule below."""
    fonts, width = renderer.fonts, renderer.width
    field = renderer.styles["Header Field"]
    rows = [
        [Paragraph(f"<b>{fonts.markup(label)}:</b>", field), renderer.para(value, field.name)]
        for label, value in fields
    ]
    table = Table(rows, colWidths=[1.05 * inch, width - 1.05 * inch], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.serif),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                # Rows as in the DOCX: the line, then 2 points (its space after).
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, renderer.accent),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    table.spaceAfter = 10
    return table


def callout(
    renderer: _Renderer, title: str, blocks: tuple[model.Paragraph | model.BulletList, ...]
) -> Flowable:
    """The bottom line: a shaded box with a heavy rule on its left edge."""
    inner: list[Flowable] = []
    if title:
        inner.append(renderer.plain(title.upper(), "Caption"))
    inner += [renderer.flowable(child) for child in blocks]
    # splitInRow: a callout longer than a page continues on the next one.
    box = Table([[inner]], colWidths=[renderer.width], splitInRow=1)
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.serif),
                ("BACKGROUND", (0, 0), (-1, -1), renderer.shade),
                ("LINEBEFORE", (0, 0), (0, -1), 3, renderer.accent),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    box.spaceAfter = 10
    return box


def bullet_list(renderer: _Renderer, items: tuple[model.Inlines, ...], ordered: bool) -> Flowable:
    # Items 4 points apart, as Word's List Bullet and List Number are set in the DOCX.
    style = ParagraphStyle("List Item", parent=renderer.styles["Body Text"], spaceAfter=4)
    return ListFlowable(
        [Paragraph(renderer.markup(item), style) for item in items],
        bulletType="1" if ordered else "bullet",
        bulletFormat="%s." if ordered else None,
        start=None if ordered else "\u2022",
        bulletFontName=renderer.fonts.serif,
        bulletFontSize=style.fontSize,
        leftIndent=0.3 * inch if ordered else 18,
        bulletDedent=12 if not ordered else 0.3 * inch,
        spaceAfter=3,
    )


def decision(renderer: _Renderer, options: tuple[str, ...]) -> Flowable:
    """Each option a right-aligned label and a ruled blank cell: lines never drift."""
    cells: list[str] = []
    for option in options:
        cells += [option, ""]
    blank = 0.9 * inch
    label = (renderer.width - blank * len(options)) / len(options)
    table = Table([cells], colWidths=[label, blank] * len(options), hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.serif),
        ("FONTSIZE", (0, 0), (-1, -1), 11),
        ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    style += [("LINEBELOW", (i, 0), (i, 0), 0.8, renderer.ink) for i in range(1, len(cells), 2)]
    table.setStyle(TableStyle(style))
    table.spaceBefore, table.spaceAfter = 2, 12
    return table


def table(renderer: _Renderer, block: model.Table) -> Flowable:
    """A data table with a shaded header row repeated on each page, caption and note."""
    header = [
        Paragraph(renderer.markup(c), renderer.aligned("Table Heading", a))
        for c, a in zip(block.header, block.align, strict=True)
    ]
    rows = [
        [
            Paragraph(renderer.markup(c), renderer.aligned("Table Text", a))
            for c, a in zip(row, block.align, strict=True)
        ]
        for row in block.rows
    ]
    table = Table(
        [header, *rows],
        repeatRows=1,
        colWidths=[renderer.width / len(header)] * len(header),
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.serif),
                ("BACKGROUND", (0, 0), (-1, 0), renderer.shade),
                ("LINEABOVE", (0, 0), (-1, 0), 1, renderer.accent),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, renderer.accent),
                ("LINEBELOW", (0, -1), (-1, -1), 1, renderer.accent),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # Word's cell margins: none above, a little below (see docx/blocks.py).
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return renderer.figure(block.caption, table, block.note)
