"""Render a Document to DOCX with python-docx.

Word's built-in style names (Title, Heading 1, Body Text, Caption…) carry the formatting, so
an office's own template restyles the memo without touching its text. Each model block maps
to one ``match`` arm in :meth:`_Writer.block`. The base document and the parts python-docx
has no API for (footnotes, floating pictures, fields) live in :mod:`briefgen.backends.docx`.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .. import model
from ..style import Style
from .docx import base, parts
from .docx.tables import (
    NO_BORDERS,
    SPACE_AFTER_TABLE,
    borders,
    cell_margins,
    repeat_header,
    shade,
    tight,
    widths,
)
from .docx_access import (
    describe_table,
    document_language,
    link_description,
    plain,
    rule_below,
    run_language,
)
from .docx_watermark import watermark

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
# Zip entries get one fixed time so the same inputs give byte-identical files.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _east_asian(text: str) -> bool:
    """Whether ``text`` holds wide (CJK) characters, for which Word wants an East-Asian hint."""
    return any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)


# Styled, empty base documents by house style, as bytes, with their paragraph style ids.
_bases: dict[Style, tuple[bytes, dict[str, str | None]]] = {}


def _base_document(style: Style) -> tuple[bytes, dict[str, str | None]]:
    """The empty base document for ``style`` and its paragraph style ids by name.

    Built once per process and style: python-docx's stock template parsed, stripped and
    restyled. Each memo opens its own copy from the bytes, so documents never share state.
    """
    if style not in _bases:
        doc = new_document()
        doc._body.clear_content()
        base.style_sheet(doc, style)
        default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        ids = {
            s.name: None if s == default else s.style_id
            for s in doc.styles
            if s.type == WD_STYLE_TYPE.PARAGRAPH
        }
        buffer = io.BytesIO()
        doc.save(buffer)
        _bases[style] = buffer.getvalue(), ids
    return _bases[style]


DECISION_WIDTH = 1.3  # inches: one column of the decision grid


class _Writer:
    def __init__(self, document: model.Document) -> None:
        self.model = document
        self.style = document.style
        data, self.style_ids = _base_document(self.style)
        self.doc = new_document(io.BytesIO(data))
        document_language(self.doc, document.meta.language)
        self.text_width = self.style.page.text_width
        self.accent = self.style.colors.accent
        self.notes = {note.number: note for note in document.notes}
        self.footnotes = parts.Footnotes(self.doc.part)
        self.pictures = 0
        self._after_table = False

    def run(self, paragraph: Paragraph, text: str) -> Any:
        """A run of ``text``; CJK text is hinted so Word picks the East-Asian font."""
        run = paragraph.add_run(text)
        if _east_asian(text):
            fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:eastAsia"), self.style.fonts.fallback.word)
            fonts.set(qn("w:hint"), "eastAsia")
        return run

    def inlines(self, paragraph: Paragraph, text: model.Inlines, notes: bool = True) -> None:
        for item in text:
            if isinstance(item, model.Cite):
                self.cite(paragraph, item, notes)
                continue
            if item.href:
                self.link(paragraph, item, text)
                continue
            run = self.run(paragraph, item.text)
            run.bold = item.bold or None
            run.italic = item.italic or None
            run_language(run, item.lang)

    def cite(self, paragraph: Paragraph, cite: model.Cite, notes: bool) -> None:
        """A real footnote whose mark is the source's number, as in the PDF."""
        note = self.notes.get(cite.number)
        if note is None or not notes:
            self.run(paragraph, str(cite.number)).font.superscript = True
            return
        reference, body = self.footnotes.add(str(cite.number))
        paragraph._p.append(reference)
        self.inlines(Paragraph(body, paragraph._parent), _unlinked(note.text), notes=False)

    def link(self, paragraph: Paragraph, span: model.Span, context: model.Inlines) -> None:
        assert span.href is not None
        rel = paragraph.part.relate_to(span.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), rel)
        # A ScreenTip that says where the link leads (the source, for a bare address).
        hyperlink.set(qn("w:tooltip"), link_description(span, context))
        run = self.run(paragraph, span.text)
        run.style = self.doc.styles["Hyperlink"]
        run.bold = span.bold or None
        run.italic = span.italic or None
        run_language(run, span.lang)
        hyperlink.append(run._r)  # moves the run inside the hyperlink
        paragraph._p.append(hyperlink)

    def add_paragraph(self, style: str, container: Any = None) -> Paragraph:
        """A new paragraph in ``style`` at the end of ``container`` (the body by default).

        Sets the style id directly: python-docx's ``style=`` looks the name up through every
        style in the document for each paragraph, a third of the writing time.
        """
        paragraph: Paragraph = (container or self.doc).add_paragraph()
        paragraph._p.style = self.style_ids[style]
        return paragraph

    def para(self, text: model.Inlines, style: str = "Body Text") -> Paragraph:
        paragraph = self.paragraph(style)
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
                        paragraph = self.paragraph("List Number")
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
            case model.Chart():
                from .docx.graphics import chart

                chart(self, block)
            case model.RiskMatrix():
                from .docx.graphics import risk_matrix

                risk_matrix(self, block)
            case _:
                raise TypeError(f"no DOCX rendering for {type(block).__name__}")

    def spacer(self) -> None:
        """The space the PDF leaves after a table or box: added above the next paragraph,
        never an empty paragraph (screen readers announce every one as "blank"). Tables
        always follow a paragraph, so Word never joins two of them."""
        self._after_table = True

    def paragraph(self, style: str) -> Paragraph:
        """A new body paragraph; the first after a table carries the gap below the table."""
        paragraph = self.add_paragraph(style)
        if self._after_table:
            self._after_table = False
            fmt = paragraph.paragraph_format
            own = fmt.space_before
            if own is None:
                own = self.doc.styles[style].paragraph_format.space_before
            fmt.space_before = Pt(SPACE_AFTER_TABLE) + (own or 0)
        return paragraph

    def header_fields(self, fields: tuple[tuple[str, model.Inlines], ...]) -> None:
        """``FOR:``/``FROM:``… lines: label, tab, value, wrapped lines aligned under the
        value. Lines rather than a layout table, so they read as the lines they are."""
        label_width = Inches(1.05)
        for index, (label, value) in enumerate(fields):
            paragraph = self.paragraph("Normal")
            fmt = paragraph.paragraph_format
            fmt.left_indent, fmt.first_line_indent = label_width, -label_width
            fmt.tab_stops.add_tab_stop(label_width)
            fmt.space_before, fmt.space_after = Pt(0), Pt(2)
            self.run(paragraph, f"{label}:").bold = True
            paragraph.add_run("\t")
            self.inlines(paragraph, value)
            if index == len(fields) - 1:
                rule_below(paragraph, self.accent)
                fmt.space_after = Pt(SPACE_AFTER_TABLE)

    def callout(self, title: str, blocks: tuple[model.Paragraph | model.BulletList, ...]) -> None:
        table = self.doc.add_table(rows=1, cols=1)
        widths(table, [self.text_width])
        describe_table(table, title or "Summary")
        cell = table.rows[0].cells[0]
        shade(cell, self.style.colors.shade)
        borders(
            table._tbl.tblPr, "w:tblBorders", **{**NO_BORDERS, "left": ("single", 24, self.accent)}
        )
        first = cell.paragraphs[0]
        if title:
            first.style = self.doc.styles["Caption"]
            self.run(first, title.upper())
        for child in blocks:
            items = child.items if isinstance(child, model.BulletList) else (child.text,)
            for item in items:
                paragraph = self.add_paragraph(
                    "List Bullet" if isinstance(child, model.BulletList) else "Body Text", cell
                )
                self.inlines(paragraph, item)
        if not title:
            first._p.getparent().remove(first._p)
        self.spacer()

    def decision(self, options: tuple[str, ...]) -> None:
        """A decision grid: a header row naming the options, a row of lines to initial."""
        table = self.doc.add_table(rows=2, cols=len(options))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        borders(table._tbl.tblPr, "w:tblBorders", **NO_BORDERS)
        describe_table(table, "Decision", "Initial under the option chosen: " + ", ".join(options))
        widths(table, [DECISION_WIDTH] * len(options))
        head, marks = table.rows
        repeat_header(head)
        for option, label, blank in zip(options, head.cells, marks.cells, strict=True):
            tight(label)
            tight(blank)
            self.run(label.paragraphs[0], option).font.size = Pt(11)
            # The line to initial on: the blank paragraph's bottom border, stopped short of
            # the next column by a right indent so the lines stay apart.
            line = blank.paragraphs[0]
            line.paragraph_format.right_indent = Inches(0.3)
            line.paragraph_format.space_before = Pt(2)
            rule_below(line, self.style.colors.ink)
        self.spacer()

    def caption(self, text: model.Inlines) -> None:
        if text:
            self.para(text, "Caption").paragraph_format.keep_with_next = True

    def note(self, text: model.Inlines) -> None:
        if text:
            paragraph = self.paragraph("Footnote Text")
            self.inlines(paragraph, text)
            for run in paragraph.runs:
                run.italic = True

    def table(self, block: model.Table) -> None:
        self.caption(block.caption)
        table = self.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self.doc.styles["Table Grid"]
        widths(table, [self.text_width / len(block.header)] * len(block.header))
        describe_table(table, plain(block.caption))
        # Rules above and below the header and below the last row, as in the PDF.
        rule = ("single", 8, self.accent)
        borders(table._tbl.tblPr, "w:tblBorders", **{**NO_BORDERS, "top": rule, "bottom": rule})
        repeat_header(table.rows[0])
        cell_margins(table, 1, 2)
        size = Pt(self.style.styles.table.size)
        line = Pt(self.style.styles.table.line)
        for index, (row, texts) in enumerate(
            zip(table.rows, (block.header, *block.rows), strict=True)
        ):
            for cell, text, align in zip(row.cells, texts, block.align, strict=True):
                paragraph = cell.paragraphs[0]
                paragraph.alignment = ALIGN[align]
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.line_spacing = line
                self.inlines(paragraph, text)
                for run in paragraph.runs:
                    run.font.size = size
                    if index == 0:
                        run.bold = True
                        run.font.name = self.style.fonts.sans.word
                if index == 0:
                    shade(cell, self.style.colors.shade)
                    borders(
                        cell._tc.get_or_add_tcPr(), "w:tcBorders", bottom=("single", 5, self.accent)
                    )
        self.note(block.note)
        self.spacer()

    def picture(self, paragraph: Paragraph, data: bytes, width: float, alt: str) -> Any:
        """An inline picture ``width`` inches wide, with alt text; returns its run element."""
        self.pictures += 1
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(data), width=Inches(width))
        parts.describe(run._r, alt, self.pictures)
        return run._r

    def furniture(self) -> None:
        """Page size, margins, banners, logo and ``Page X of Y`` on every page."""
        meta, page = self.model.meta, self.style.page
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = (Inches(v) for v in page.inches)
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", Inches(getattr(page.margins, side)))
        section.header_distance = section.footer_distance = Inches(page.header_distance)
        # Banners centred, or right-aligned where the scheme says so (FIRST TLP 2.0); then
        # the page number takes the centre of the footer.
        right = meta.banner_align == "right"
        head = section.header.paragraphs[0]
        head.style = self.doc.styles["Header"]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.CENTER
        self.banner(head, in_footer=False)
        if meta.watermark:
            head._p.append(watermark(meta.watermark, self.style.fonts.sans.word))
        center = Inches(self.text_width / 2)
        foot = section.footer.paragraphs[0]
        foot.style = self.doc.styles["Footer"]
        foot.paragraph_format.tab_stops.add_tab_stop(center, WD_TAB_ALIGNMENT.CENTER)
        foot.paragraph_format.tab_stops.add_tab_stop(
            Inches(self.text_width), WD_TAB_ALIGNMENT.RIGHT
        )
        self.run(foot, meta.label)
        foot.add_run("\t")
        if not right:
            self.banner(foot, in_footer=True)
            foot.add_run("\t")
        foot.add_run("Page ")
        parts.field(foot, "PAGE", "1")
        foot.add_run(" of ")
        parts.field(foot, "NUMPAGES", "1")
        if right:
            foot.add_run("\t")
            self.banner(foot, in_footer=True)
        logo = self.style.logo
        if logo is not None and logo.image is not None and self.doc.paragraphs:
            # Page 1 only, at the same spot as in the PDF (top left, in the margin beside the
            # banner): anchored to the first paragraph, placed on the page, taking no room.
            first = self.doc.paragraphs[0]
            element = self.picture(first, logo.image.data, logo.width, logo.alt)
            top = page.header_distance - 0.1
            parts.float_on_page(element, Emu(Inches(page.margins.left)), Emu(Inches(top)))
            first._p.remove(element)
            first._p.insert(1 if first._p.pPr is not None else 0, element)  # before the text

    def banner(self, paragraph: Paragraph, in_footer: bool) -> None:
        """The banner: as the header text (also in the footer), in the scheme's colours where
        it has them (TLP: coloured on black)."""
        meta = self.model.meta
        run = self.run(paragraph, meta.banner)
        if in_footer:
            header_text = self.style.styles.header
            run.bold = header_text.bold
            run.font.size = Pt(header_text.size)
            run.font.color.rgb = RGBColor.from_string(self.style.color(header_text.color)[1:])
        if meta.banner_color:
            run.font.color.rgb = RGBColor.from_string(meta.banner_color[1:])
        if meta.banner_background:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), meta.banner_background[1:])
            run._r.get_or_add_rPr().append(shading)

    def properties(self) -> None:
        meta = self.model.meta
        props = self.doc.core_properties
        when = meta.made.replace(tzinfo=None)  # core properties are written as UTC
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
        self.footnotes.attach()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _fixed_zip(buffer.getvalue())


def _unlinked(text: model.Inlines) -> model.Inlines:
    """``text`` with links as plain spans (a footnote part has no hyperlink relationships)."""
    return tuple(
        model.Span(i.text, i.bold, i.italic) if isinstance(i, model.Span) else i for i in text
    )


def _strip_numbering(paragraph: Paragraph) -> None:
    num = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # in its place among pPr's children
    num.get_or_add_ilvl().val = 0
    num.get_or_add_numId().val = 0  # numId 0: no automatic number, ours is in the text


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename), compresslevel=9)
    return out.getvalue()


def render(document: model.Document) -> bytes:
    """The DOCX file for ``document``."""
    return _Writer(document).render()
