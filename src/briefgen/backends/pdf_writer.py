"""Render a Document to PDF with reportlab's platypus.

Each model block becomes exactly one flowable (see :func:`flowable`), and everything that is
not content — banners, page numbers — is drawn in one place, :func:`_furniture`, after the
page count is known. Only embedded TrueType fonts are used: the canvas's initial font, table
cells and list bullets are all set explicitly so reportlab's built-in Helvetica never appears.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .. import model
from ..resources import FONTS

SERIF, SANS = "BriefSerif", "BriefSans"
_FONT_FILES = {
    SERIF: "LiberationSerif",
    SANS: "LiberationSans",
}
INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3a5f")
SHADE = colors.HexColor("#eef2f7")
RULE = colors.HexColor("#9aa5b1")
MARGIN = inch


def _register_fonts() -> None:
    """Register the bundled families once per process (reportlab keeps a global registry)."""
    if SERIF in pdfmetrics.getRegisteredFontNames():
        return
    for family, stem in _FONT_FILES.items():
        faces = {
            "": "Regular",
            "-Bold": "Bold",
            "-Italic": "Italic",
            "-BoldItalic": "BoldItalic",
        }
        for suffix, face in faces.items():
            pdfmetrics.registerFont(TTFont(family + suffix, str(FONTS / f"{stem}-{face}.ttf")))
        pdfmetrics.registerFontFamily(
            family,
            normal=family,
            bold=f"{family}-Bold",
            italic=f"{family}-Italic",
            boldItalic=f"{family}-BoldItalic",
        )


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "Body Text", fontName=SERIF, fontSize=12, leading=14.5, spaceAfter=7, textColor=INK
    )
    return {
        "body": body,
        "title": ParagraphStyle(
            "Title",
            parent=body,
            fontName=f"{SANS}-Bold",
            fontSize=18,
            leading=22,
            spaceBefore=4,
            spaceAfter=2,
            textColor=ACCENT,
        ),
        "subtitle": ParagraphStyle(
            "Subtitle",
            parent=body,
            fontName=f"{SANS}",
            fontSize=12.5,
            leading=16,
            spaceAfter=10,
            textColor=colors.HexColor("#4a5a6a"),
        ),
        "h1": ParagraphStyle(
            "Heading 1",
            parent=body,
            fontName=f"{SANS}-Bold",
            fontSize=13.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
            textColor=ACCENT,
        ),
        "h2": ParagraphStyle(
            "Heading 2",
            parent=body,
            fontName=f"{SANS}-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
            textColor=ACCENT,
        ),
        "h3": ParagraphStyle(
            "Heading 3",
            parent=body,
            fontName=f"{SANS}-BoldItalic",
            fontSize=11.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "field": ParagraphStyle("Header Field", parent=body, spaceAfter=0, leading=15),
        "callout_title": ParagraphStyle(
            "Callout Title",
            parent=body,
            fontName=f"{SANS}-Bold",
            fontSize=10.5,
            leading=13,
            spaceAfter=3,
            textColor=ACCENT,
        ),
        "cell": ParagraphStyle("Table Cell", parent=body, fontSize=10.5, leading=13, spaceAfter=0),
        "caption": ParagraphStyle(
            "Caption",
            parent=body,
            fontName=f"{SANS}-Bold",
            fontSize=10,
            leading=12.5,
            spaceBefore=4,
            spaceAfter=4,
            textColor=ACCENT,
        ),
        "note": ParagraphStyle(
            "Table Note",
            parent=body,
            fontName=f"{SERIF}-Italic",
            fontSize=9.5,
            leading=12,
            spaceBefore=3,
        ),
        "banner": ParagraphStyle(
            "Banner", fontName=f"{SANS}-Bold", fontSize=10, alignment=TA_CENTER
        ),
    }


def markup(text: model.Inlines) -> str:
    """reportlab paragraph markup for ``text``; every character of content is escaped."""
    out: list[str] = []
    for item in text:
        if isinstance(item, model.Cite):
            out.append(f"<super>{item.number}</super>")
            continue
        piece = xml_escape(item.text)
        if item.bold:
            piece = f"<b>{piece}</b>"
        if item.italic:
            piece = f"<i>{piece}</i>"
        if item.href:
            href = xml_escape(item.href, {'"': "&quot;"})
            piece = f'<a href="{href}" color="#1f4e9a"><u>{piece}</u></a>'
        out.append(piece)
    return "".join(out)


class _Renderer:
    def __init__(self, document: model.Document) -> None:
        self.document = document
        self.styles = _styles()
        self.width = LETTER[0] - 2 * MARGIN

    def para(self, text: model.Inlines, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), self.styles[style])

    def flowable(self, block: model.Block) -> Flowable:
        """One flowable per block."""
        match block:
            case model.Title(text, subtitle):
                parts: list[Flowable] = [self.para(text, "title")]
                if subtitle:
                    parts.append(self.para(subtitle, "subtitle"))
                return KeepTogether(parts)
            case model.HeaderFields(fields):
                rows = [
                    [
                        Paragraph(f"<b>{xml_escape(label)}:</b>", self.styles["field"]),
                        self.para(value, "field"),
                    ]
                    for label, value in fields
                ]
                table = Table(rows, colWidths=[1.05 * inch, self.width - 1.05 * inch])
                table.setStyle(
                    TableStyle(
                        [
                            ("FONTNAME", (0, 0), (-1, -1), SERIF),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                            ("LINEBELOW", (0, -1), (-1, -1), 1.2, ACCENT),
                            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                        ]
                    )
                )
                table.spaceAfter = 10
                return table
            case model.Heading(level, text):
                return self.para(text, f"h{min(level, 3)}")
            case model.Paragraph(text):
                return self.para(text)
            case model.BulletList(items, ordered):
                return self.list(items, ordered)
            case model.Callout(title, blocks):
                inner: list[Flowable] = []
                if title:
                    inner.append(Paragraph(xml_escape(title.upper()), self.styles["callout_title"]))
                for child in blocks:
                    inner.append(self.flowable(child))
                box = Table([[inner]], colWidths=[self.width])
                box.setStyle(
                    TableStyle(
                        [
                            ("FONTNAME", (0, 0), (-1, -1), SERIF),
                            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                            ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                            ("LEFTPADDING", (0, 0), (-1, -1), 10),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                            ("TOPPADDING", (0, 0), (-1, -1), 7),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                        ]
                    )
                )
                box.spaceAfter = 10
                return box
            case model.DecisionLine(options):
                return self.decision(options)
            case model.Table():
                return self.table(block)
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def list(self, items: tuple[model.Inlines, ...], ordered: bool) -> Flowable:
        style = self.styles["body"]
        return ListFlowable(
            [Paragraph(markup(item), style) for item in items],
            bulletType="1" if ordered else "bullet",
            bulletFormat="%s." if ordered else None,
            start=None if ordered else "\u2022",
            bulletFontName=SERIF,
            bulletFontSize=style.fontSize,
            leftIndent=18,
            bulletDedent=12 if not ordered else 16,
            spaceAfter=4,
        )

    def decision(self, options: tuple[str, ...]) -> Flowable:
        cells: list[str] = []
        for option in options:
            cells += [option, ""]
        blank = 0.9 * inch
        label = (self.width - blank * len(options)) / len(options)
        table = Table([cells], colWidths=[label, blank] * len(options), hAlign="LEFT")
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("FONTSIZE", (0, 0), (-1, -1), 11),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
        style += [("LINEBELOW", (i, 0), (i, 0), 0.8, INK) for i in range(1, len(cells), 2)]
        table.setStyle(TableStyle(style))
        table.spaceBefore, table.spaceAfter = 2, 12
        return table

    def table(self, block: model.Table) -> Flowable:
        cell = self.styles["cell"]
        head_style = ParagraphStyle("Table Header", parent=cell, fontName=f"{SANS}-Bold")

        def aligned(style: ParagraphStyle, align: str) -> ParagraphStyle:
            codes = {"left": 0, "center": 1, "right": 2}
            return ParagraphStyle(f"{style.name} {align}", parent=style, alignment=codes[align])

        header = [
            Paragraph(markup(c), aligned(head_style, a))
            for c, a in zip(block.header, block.align, strict=True)
        ]
        rows = [
            [Paragraph(markup(c), aligned(cell, a)) for c, a in zip(row, block.align, strict=True)]
            for row in block.rows
        ]
        table = Table(
            [header, *rows], repeatRows=1, colWidths=[self.width / len(header)] * len(header)
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SERIF),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("LINEABOVE", (0, 0), (-1, 0), 1, ACCENT),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
                    ("LINEBELOW", (0, -1), (-1, -1), 1, ACCENT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        parts: list[Flowable] = []
        if block.caption:
            parts.append(self.para(block.caption, "caption"))
        parts.append(table)
        if block.note:
            parts.append(self.para(block.note, "note"))
        parts.append(Spacer(0, 6))
        return KeepTogether(parts)


def _furniture(canvas: Canvas, meta: model.Meta, page: int, total: int) -> None:
    """Everything on a page that is not content: banners, page number, label."""
    width, height = LETTER
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setFont(f"{SANS}-Bold", 10)
    canvas.drawCentredString(width / 2, height - 0.55 * inch, meta.banner)
    canvas.drawCentredString(width / 2, 0.45 * inch, meta.banner)
    canvas.setFont(SANS, 9)
    canvas.setFillColor(colors.HexColor("#4a5a6a"))
    canvas.drawRightString(width - MARGIN, 0.45 * inch, f"Page {page} of {total}")
    canvas.drawString(MARGIN, 0.45 * inch, meta.label)
    canvas.restoreState()


def _canvas_class(meta: model.Meta) -> type[Canvas]:
    class PagedCanvas(Canvas):  # type: ignore[misc]
        """Holds pages back until the end, so furniture can say ``Page X of Y``."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                _furniture(self, meta, number, total)
                super().showPage()
            super().save()

    return PagedCanvas


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]
    _headings = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        """Headings become the PDF outline (bookmarks)."""
        style = getattr(flowable, "style", None)
        if (
            isinstance(flowable, Paragraph)
            and style is not None
            and style.name.startswith("Heading")
        ):
            level = int(style.name[-1]) - 1
            self._headings += 1
            key = f"heading-{self._headings}"  # a counter, so rebuilds are byte-identical
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def render(document: model.Document) -> bytes:
    """The PDF file for ``document``."""
    _register_fonts()
    meta = document.meta
    buffer = io.BytesIO()
    doc = _DocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator="briefgen",
        producer="briefgen",
        lang=meta.language,
        invariant=1,
        initialFontName=SERIF,
        displayDocTitle=1,
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    renderer = _Renderer(document)
    story = [renderer.flowable(block) for block in document.blocks]
    doc.build(story, canvasmaker=_canvas_class(meta))
    return buffer.getvalue()
