"""The DOCX writer's boxed and tabular blocks: header fields, numbered lists, callout boxes,
decision grids and data tables.

Separate from :mod:`briefgen.backends.docx_writer`, which keeps the ``match`` over block types
and the document assembly, because each of these is a small layout of its own built from the
table helpers in :mod:`briefgen.backends.docx.tables`. Each function takes the writer, as the
charts in :mod:`briefgen.backends.docx.graphics` do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from ... import model
from ..docx_access import describe_table, plain, rule_below
from .tables import (
    NO_BORDERS,
    SPACE_AFTER_TABLE,
    borders,
    cell_margins,
    repeat_header,
    shade,
    tight,
    widths,
)

if TYPE_CHECKING:
    from ..docx_writer import _Writer

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
DECISION_WIDTH = 1.3  # inches: one column of the decision grid


def bullet_list(writer: _Writer, items: tuple[model.Inlines, ...], ordered: bool) -> None:
    for number, item in enumerate(items, 1):
        if ordered:
            # Literal numbers, so they match citation marks in both formats.
            paragraph = writer.paragraph("List Number")
            paragraph.paragraph_format.left_indent = Inches(0.3)
            paragraph.paragraph_format.first_line_indent = Inches(-0.3)
            _strip_numbering(paragraph)
            paragraph.add_run(f"{number}.\t")
            writer.inlines(paragraph, item)
        else:
            writer.para(item, "List Bullet")


def _strip_numbering(paragraph: Paragraph) -> None:
    num = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # in its place among pPr's children
    num.get_or_add_ilvl().val = 0
    num.get_or_add_numId().val = 0  # numId 0: no automatic number, ours is in the text


def header_fields(writer: _Writer, fields: tuple[tuple[str, model.Inlines], ...]) -> None:
    """``FOR:``/``FROM:``… lines: label, tab, value, wrapped lines aligned under the
    value. Lines rather than a layout table, so they read as the lines they are."""
    label_width = Inches(1.05)
    for index, (label, value) in enumerate(fields):
        paragraph = writer.paragraph("Normal")
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent = label_width, -label_width
        fmt.tab_stops.add_tab_stop(label_width)
        fmt.space_before, fmt.space_after = Pt(0), Pt(2)
        writer.run(paragraph, f"{label}:").bold = True
        paragraph.add_run("\t")
        writer.inlines(paragraph, value)
        if index == len(fields) - 1:
            rule_below(paragraph, writer.accent)
            fmt.space_after = Pt(SPACE_AFTER_TABLE)


def callout(
    writer: _Writer, title: str, blocks: tuple[model.Paragraph | model.BulletList, ...]
) -> None:
    table = writer.doc.add_table(rows=1, cols=1)
    widths(table, [writer.text_width])
    describe_table(table, title or "Summary")
    cell = table.rows[0].cells[0]
    shade(cell, writer.style.colors.shade)
    borders(
        table._tbl.tblPr, "w:tblBorders", **{**NO_BORDERS, "left": ("single", 24, writer.accent)}
    )
    first = cell.paragraphs[0]
    if title:
        first.style = writer.doc.styles["Caption"]
        writer.run(first, title.upper())
    for child in blocks:
        items = child.items if isinstance(child, model.BulletList) else (child.text,)
        for item in items:
            paragraph = writer.add_paragraph(
                "List Bullet" if isinstance(child, model.BulletList) else "Body Text", cell
            )
            writer.inlines(paragraph, item)
    if not title:
        first._p.getparent().remove(first._p)
    writer.spacer()


def decision(writer: _Writer, options: tuple[str, ...]) -> None:
    """A decision grid: a header row naming the options, a row of lines to initial."""
    table = writer.doc.add_table(rows=2, cols=len(options))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    borders(table._tbl.tblPr, "w:tblBorders", **NO_BORDERS)
    describe_table(table, "Decision", "Initial under the option chosen: " + ", ".join(options))
    widths(table, [DECISION_WIDTH] * len(options))
    head, marks = table.rows
    repeat_header(head)
    for option, label, blank in zip(options, head.cells, marks.cells, strict=True):
        tight(label)
        tight(blank)
        writer.run(label.paragraphs[0], option).font.size = Pt(11)
        # The line to initial on: the blank paragraph's bottom border, stopped short of
        # the next column by a right indent so the lines stay apart.
        line = blank.paragraphs[0]
        line.paragraph_format.right_indent = Inches(0.3)
        line.paragraph_format.space_before = Pt(2)
        rule_below(line, writer.style.colors.ink)
    writer.spacer()


def table(writer: _Writer, block: model.Table) -> None:
    writer.caption(block.caption)
    table = writer.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = writer.doc.styles["Table Grid"]
    widths(table, [writer.text_width / len(block.header)] * len(block.header))
    describe_table(table, plain(block.caption))
    # Rules above and below the header and below the last row, as in the PDF.
    rule = ("single", 8, writer.accent)
    borders(table._tbl.tblPr, "w:tblBorders", **{**NO_BORDERS, "top": rule, "bottom": rule})
    repeat_header(table.rows[0])
    cell_margins(table, 1, 2)
    style = writer.style
    size = Pt(style.styles.table.size)
    line = Pt(style.styles.table.line)
    for index, (row, texts) in enumerate(zip(table.rows, (block.header, *block.rows), strict=True)):
        for cell, text, align in zip(row.cells, texts, block.align, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN[align]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = line
            writer.inlines(paragraph, text)
            for run in paragraph.runs:
                run.font.size = size
                if index == 0:
                    run.bold = True
                    run.font.name = style.fonts.sans.word
            if index == 0:
                shade(cell, style.colors.shade)
                borders(
                    cell._tc.get_or_add_tcPr(), "w:tcBorders", bottom=("single", 5, writer.accent)
                )
    writer.note(block.note)
    writer.spacer()
