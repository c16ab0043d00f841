"""Render a Document to DOCX with python-docx.

Word's built-in style names (Title, Heading 1, Body Text, Caption…) carry the formatting, so
an office's own template restyles the memo without touching its text. Each model block maps
to one ``match`` arm in :meth:`_Writer.block`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from .. import model

SERIF, SANS = "Times New Roman", "Arial"  # PDF twins: Liberation Serif / Sans
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
LINK = RGBColor(0x1F, 0x4E, 0x9A)
SHADE = "EEF2F7"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
# Zip entries get one fixed time so the same inputs give byte-identical files.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _set_fonts(style_font: object, name: str) -> None:
    """Name ``name`` for every script slot Word looks at (ASCII, high ANSI, complex)."""
    style_font.name = name  # type: ignore[attr-defined]
    rpr = style_font.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), name)
    # Theme attributes win over named fonts in Word; drop them so the named font applies.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _style_sheet(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(12)
    _set_fonts(normal.font, SERIF)
    normal.paragraph_format.space_after = Pt(7)
    body = styles["Body Text"]
    body.paragraph_format.space_after = Pt(7)
    for name, size in (
        ("Title", 18),
        ("Subtitle", 12.5),
        ("Heading 1", 13.5),
        ("Heading 2", 12),
        ("Heading 3", 11.5),
        ("Caption", 10),
    ):
        style = styles[name]
        _set_fonts(style.font, SANS)
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT if name != "Subtitle" else RGBColor(0x4A, 0x5A, 0x6A)
        style.font.bold = name not in ("Subtitle",)
        style.font.italic = name == "Heading 3"
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        styles[name].paragraph_format.keep_with_next = True
        styles[name].paragraph_format.space_before = Pt(10 if name == "Heading 1" else 8)
        styles[name].paragraph_format.space_after = Pt(4)
    title = styles["Title"].paragraph_format
    title.space_after = Pt(2)
    # The stock Title style draws a coloured rule under itself; the memo header has its own.
    ppr = styles["Title"].element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Insert a real Word field (PAGE, NUMPAGES) that Word and LibreOffice update."""

    def fld(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(fld("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    paragraph.add_run()._r.append(fld("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(fld("end"))


def _shade(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _borders(element_pr: BaseOxmlElement, tag: str, **sides: tuple[str, int, str]) -> None:
    """Set borders (``val``, eighths of a point, hex colour) on a tblPr or tcPr."""
    box = OxmlElement(tag)
    for side, (val, size, color) in sides.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), val)
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), color)
        box.append(edge)
    element_pr.append(box)


def _widths(table: object, inches: list[float]) -> None:
    """Fix column widths in both places: the grid (LibreOffice) and every cell (Word)."""
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, inches, strict=True):  # type: ignore[attr-defined]
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def _tight(cell: _Cell) -> None:
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)


TEXT_WIDTH = 6.5  # inches: Letter with 1-inch margins

_NO_BORDERS = {
    side: ("nil", 0, "auto") for side in ("top", "left", "bottom", "right", "insideH", "insideV")
}


class _Writer:
    def __init__(self, document: model.Document) -> None:
        self.model = document
        self.doc = new_document()
        self.doc._body.clear_content()
        _style_sheet(self.doc)

    def inlines(self, paragraph: Paragraph, text: model.Inlines) -> None:
        for item in text:
            if isinstance(item, model.Cite):
                run = paragraph.add_run(str(item.number))
                run.font.superscript = True
                continue
            if item.href:
                self.link(paragraph, item)
                continue
            run = paragraph.add_run(item.text)
            run.bold = item.bold or None
            run.italic = item.italic or None

    def link(self, paragraph: Paragraph, span: model.Span) -> None:
        assert span.href is not None
        rel = paragraph.part.relate_to(span.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), rel)
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None
        run.font.color.rgb = LINK
        run.font.underline = True
        hyperlink.append(run._r)  # moves the run inside the hyperlink
        paragraph._p.append(hyperlink)

    def para(self, text: model.Inlines, style: str = "Body Text") -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        self.inlines(paragraph, text)
        return paragraph

    def block(self, block: model.Block) -> None:
        match block:
            case model.Title(text, subtitle):
                self.para(text, "Title")
                if subtitle:
                    self.para(subtitle, "Subtitle")
            case model.HeaderFields(fields):
                self.header_fields(fields)
            case model.Heading(level, text):
                self.para(text, f"Heading {min(level, 3)}")
            case model.Paragraph(text):
                self.para(text)
            case model.BulletList(items, ordered):
                for number, item in enumerate(items, 1):
                    if ordered:
                        # Literal numbers, so they match citation marks in both formats.
                        paragraph = self.doc.add_paragraph(style="List Number")
                        paragraph.paragraph_format.left_indent = Inches(0.3)
                        paragraph.paragraph_format.first_line_indent = Inches(-0.3)
                        _strip_numbering(paragraph)
                        paragraph.add_run(f"{number}.\t")
                        self.inlines(paragraph, item)
                    else:
                        self.para(item, "List Bullet")
            case model.Callout(title, blocks):
                self.callout(title, blocks)
            case model.DecisionLine(options):
                self.decision(options)
            case model.Table():
                self.table(block)
            case _:
                raise TypeError(f"no DOCX rendering for {type(block).__name__}")

    def header_fields(self, fields: tuple[tuple[str, model.Inlines], ...]) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        tbl_pr = table._tbl.tblPr
        _borders(tbl_pr, "w:tblBorders", **{**_NO_BORDERS, "bottom": ("single", 10, "1F3A5F")})
        for label, value in fields:
            row = table.add_row()
            row.cells[0].paragraphs[0].add_run(f"{label}:").bold = True
            self.inlines(row.cells[1].paragraphs[0], value)
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.space_after = Pt(2)
        _widths(table, [1.05, TEXT_WIDTH - 1.05])
        self.doc.add_paragraph(style="Body Text").paragraph_format.space_after = Pt(0)

    def callout(self, title: str, blocks: tuple[model.Paragraph | model.BulletList, ...]) -> None:
        table = self.doc.add_table(rows=1, cols=1)
        _widths(table, [TEXT_WIDTH])
        cell = table.rows[0].cells[0]
        _shade(cell, SHADE)
        _borders(
            table._tbl.tblPr, "w:tblBorders", **{**_NO_BORDERS, "left": ("single", 24, "1F3A5F")}
        )
        first = cell.paragraphs[0]
        if title:
            run = first.add_run(title.upper())
            run.bold = True
            run.font.name = SANS
            run.font.size = Pt(10.5)
            run.font.color.rgb = ACCENT
        for child in blocks:
            items = child.items if isinstance(child, model.BulletList) else (child.text,)
            for item in items:
                paragraph = cell.add_paragraph(
                    style="List Bullet" if isinstance(child, model.BulletList) else "Body Text"
                )
                self.inlines(paragraph, item)
        if not title:
            first._p.getparent().remove(first._p)
        self.doc.add_paragraph(style="Body Text").paragraph_format.space_after = Pt(0)

    def decision(self, options: tuple[str, ...]) -> None:
        table = self.doc.add_table(rows=1, cols=2 * len(options))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        _borders(table._tbl.tblPr, "w:tblBorders", **_NO_BORDERS)
        blank_width = 0.9
        label_width = (TEXT_WIDTH - blank_width * len(options)) / len(options)
        _widths(table, [label_width, blank_width] * len(options))
        for index, option in enumerate(options):
            label, blank = table.rows[0].cells[2 * index], table.rows[0].cells[2 * index + 1]
            _tight(label)
            _tight(blank)
            paragraph = label.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(option).font.size = Pt(11)
            _borders(blank._tc.get_or_add_tcPr(), "w:tcBorders", bottom=("single", 6, "1A1A1A"))
        self.doc.add_paragraph(style="Body Text").paragraph_format.space_after = Pt(0)

    def table(self, block: model.Table) -> None:
        if block.caption:
            self.para(block.caption, "Caption").paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        _widths(table, [TEXT_WIDTH / len(block.header)] * len(block.header))
        # Rules above and below the header and below the last row, as in the PDF.
        _borders(
            table._tbl.tblPr,
            "w:tblBorders",
            **{
                **_NO_BORDERS,
                "top": ("single", 8, "1F3A5F"),
                "bottom": ("single", 8, "1F3A5F"),
            },
        )
        header = table.rows[0]
        flag = OxmlElement("w:tblHeader")  # repeat the header row on every page
        flag.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(flag)
        for row, texts in zip(table.rows, (block.header, *block.rows), strict=True):
            for cell, text, align in zip(row.cells, texts, block.align, strict=True):
                paragraph = cell.paragraphs[0]
                paragraph.alignment = ALIGN[align]
                paragraph.paragraph_format.space_after = Pt(0)
                self.inlines(paragraph, text)
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)
                    if row is header:
                        run.bold = True
                if row is header:
                    _shade(cell, SHADE)
                    _borders(
                        cell._tc.get_or_add_tcPr(), "w:tcBorders", bottom=("single", 5, "1F3A5F")
                    )
        if block.note:
            self.para(block.note, "Caption")
        self.doc.add_paragraph(style="Body Text").paragraph_format.space_after = Pt(0)

    def furniture(self) -> None:
        """Page size, margins, banners and ``Page X of Y`` on every page."""
        meta = self.model.meta
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))
        section.header_distance = section.footer_distance = Inches(0.4)
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _banner(head.add_run(meta.banner))
        foot = section.footer.paragraphs[0]
        foot.paragraph_format.tab_stops.add_tab_stop(Inches(3.25), WD_TAB_ALIGNMENT.CENTER)
        foot.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
        foot.add_run(meta.label).font.size = Pt(9)
        foot.add_run("\t")
        _banner(foot.add_run(meta.banner))
        foot.add_run("\tPage ")
        _field(foot, "PAGE", "1")
        foot.add_run(" of ")
        _field(foot, "NUMPAGES", "1")
        for run in foot.runs:
            if not run.bold:
                run.font.size = Pt(9)

    def properties(self) -> None:
        meta = self.model.meta
        props = self.doc.core_properties
        when = dt.datetime.combine(meta.date, dt.time(12, 0))
        props.title = meta.title
        props.subject = meta.subject
        props.author = meta.author
        props.last_modified_by = meta.author
        props.keywords = ", ".join(meta.keywords)
        props.comments = ""
        props.category = meta.label
        props.content_status = meta.banner
        props.language = meta.language
        props.created = props.modified = when
        props.revision = 1
        # Default template leaves "last printed" at a stale 2013 date; a fresh memo has none.
        printed = props._element.find(qn("cp:lastPrinted"))
        if printed is not None:
            props._element.remove(printed)

    def render(self) -> bytes:
        for block in self.model.blocks:
            self.block(block)
        self.furniture()
        self.properties()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _fixed_zip(buffer.getvalue())


def _banner(run: object) -> None:
    run.bold = True  # type: ignore[attr-defined]
    run.font.size = Pt(10)  # type: ignore[attr-defined]
    run.font.name = SANS  # type: ignore[attr-defined]


def _strip_numbering(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    ilvl, num_id = OxmlElement("w:ilvl"), OxmlElement("w:numId")
    ilvl.set(qn("w:val"), "0")
    num_id.set(qn("w:val"), "0")  # numId 0: no automatic number, ours is in the text
    num.extend([ilvl, num_id])
    ppr.append(num)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render(document: model.Document) -> bytes:
    """The DOCX file for ``document``."""
    return _Writer(document).render()
