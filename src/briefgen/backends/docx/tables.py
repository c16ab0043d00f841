"""Table helpers python-docx lacks: shading, borders, fixed widths, cell margins, header
rows. Tables carry the memo's boxes too (header block, bottom line, decision lines)."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import _Cell

# Word rejects properties out of the schema's order (LibreOffice does not mind): each
# element goes before the first of the elements that must follow it.
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
_AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_TC_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign")
_AFTER_TC_BORDERS = ("w:shd", *_AFTER_TC_SHD)


def place(parent: Any, child: Any, successors: tuple[str, ...]) -> None:
    """Insert ``child`` into ``parent`` before the first of ``successors`` present."""
    parent.insert_element_before(child, *successors)


def shade(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#"))
    place(cell._tc.get_or_add_tcPr(), shd, _AFTER_TC_SHD)


def borders(element_pr: Any, tag: str, **sides: tuple[str, int, str]) -> None:
    """Set borders (``val``, eighths of a point, hex colour) on a tblPr or tcPr."""
    box = OxmlElement(tag)
    for side, (val, size, color) in sides.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), val)
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), color.lstrip("#"))
        box.append(edge)
    place(element_pr, box, _AFTER_TBL_BORDERS if tag == "w:tblBorders" else _AFTER_TC_BORDERS)


def widths(table: Any, inches: list[float]) -> None:
    """Fix column widths in both places: the grid (LibreOffice) and every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)
    # Every cell in one pass: python-docx's ``column.cells`` lays out the whole grid anew on
    # each call, which made this quadratic in the rows.
    for index, cell in enumerate(table._cells):
        cell.width = Inches(inches[index % len(inches)])


def tight(cell: _Cell, line: float | None = None) -> None:
    """No space after the cell's paragraphs (and ``line`` points between lines, if given)."""
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
        if line is not None:
            paragraph.paragraph_format.line_spacing = Pt(line)


def cell_margins(table: Any, top: float, bottom: float) -> None:
    """Space inside every cell above and below its text, in points (as in the PDF)."""
    margins = OxmlElement("w:tblCellMar")
    for side, points in (("top", top), ("bottom", bottom)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(points * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    place(table._tbl.tblPr, margins, _AFTER_TBL_CELL_MAR)


def repeat_header(row: Any) -> None:
    """Mark ``row`` as a header row Word repeats at the top of every page the table spans."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


#: Points left after a table, box or figure, in both formats.
SPACE_AFTER_TABLE = 10

NO_BORDERS = {
    side: ("nil", 0, "auto") for side in ("top", "left", "bottom", "right", "insideH", "insideV")
}
