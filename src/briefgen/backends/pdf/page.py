"""Pages of the PDF: the furniture drawn on each (banners, page numbers, logo, footnotes),
the canvas that holds pages back until their count is known, and the document template that
makes room for notes and turns headings into bookmarks."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph

from ... import model
from ...style import Style
from ..pdf_layout import LayoutMeter
from ..pdf_tags import TaggingCanvas, tag_notes
from . import notes as pdf_notes
from .notes import Notes

if TYPE_CHECKING:
    from ..pdf_writer import _Renderer


def is_heading(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return (
        isinstance(flowable, Paragraph) and style is not None and style.name.startswith("Heading")
    )


def note_paragraph(renderer: _Renderer, anchor: int) -> Paragraph:
    """The note the citation with anchor number ``anchor`` leads to."""
    mark = renderer.notes.marks[anchor - 1]
    return Paragraph(
        f'<a name="note-{anchor}"/><super>{mark}</super> '
        f"{renderer.markup(renderer.note_text[mark])}",
        renderer.styles["Footnote Text"],
    )


def note_paragraphs(renderer: _Renderer, page: int) -> list[Paragraph]:
    return [note_paragraph(renderer, anchor) for anchor, _ in renderer.notes.on_page(page)]


def _furniture(canvas: Canvas, renderer: _Renderer, page: int, total: int) -> None:
    """Everything on a page that is not content: banners, page number, label, logo, notes."""
    document = renderer.document
    meta, style = document.meta, document.style
    width, height = (w * inch for w in style.page.inches)
    left = style.page.margins.left * inch
    right = width - style.page.margins.right * inch
    top_line = height - (style.page.header_distance + 0.15) * inch
    bottom_line = style.page.header_distance * inch + 2
    header, footer = style.styles.header, style.styles.footer
    fonts = renderer.fonts
    canvas.saveState()
    if meta.watermark:
        _watermark(canvas, meta.watermark, fonts.face(header), width, height)
    # Banners centred, or right-aligned where the scheme says so (FIRST TLP 2.0); then the
    # page number moves to the centre of the footer so the two never collide.
    aligned_right = meta.banner_align == "right"
    for y in (top_line, bottom_line):
        _banner(
            canvas,
            meta,
            fonts.face(header),
            header.size,
            right if aligned_right else width / 2,
            y,
            aligned_right,
            colors.HexColor(style.color(header.color)),
        )
    canvas.setFont(fonts.face(footer), footer.size)
    canvas.setFillColor(colors.HexColor(style.color(footer.color)))
    number = f"Page {page} of {total}"
    if aligned_right:
        canvas.drawCentredString(width / 2, bottom_line, number)
    else:
        canvas.drawRightString(right, bottom_line, number)
    canvas.drawString(left, bottom_line, meta.label)
    notes = note_paragraphs(renderer, page)
    if renderer.tagger is not None:
        tag_notes(renderer.tagger, notes, renderer.notes.on_page(page))
    pdf_notes.draw(
        canvas,
        notes,
        left,
        style.page.margins.bottom * inch,
        renderer.width,
        renderer.color("rule"),
    )
    logo = style.logo
    if page == 1 and logo is not None and logo.image is not None:
        # Top left, in the margin above the text, beside the banner. Embedded from the
        # cleaned bytes, never a file name or URL reportlab would open itself.
        size = logo.width * inch
        canvas.drawImage(
            ImageReader(io.BytesIO(logo.image.data)),
            left,
            height - style.page.header_distance * inch - size + 0.1 * inch,
            width=size,
            height=size,
            mask="auto",
            preserveAspectRatio=True,
        )
    canvas.restoreState()


def _banner(
    canvas: Canvas,
    meta: model.Meta,
    face: str,
    size: float,
    x: float,
    y: float,
    right: bool,
    ink: colors.Color,
) -> None:
    """One banner, ending at ``x`` (right-aligned) or centred on it, in the scheme's colours
    where it has them (TLP: coloured on black)."""
    text_width = pdfmetrics.stringWidth(meta.banner, face, size)
    left = x - text_width if right else x - text_width / 2
    if meta.banner_background:
        canvas.setFillColor(colors.HexColor(meta.banner_background))
        canvas.rect(left - 3, y - 3, text_width + 6, size + 3, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor(meta.banner_color) if meta.banner_color else ink)
    canvas.setFont(face, size)
    canvas.drawString(left, y, meta.banner)


def _watermark(canvas: Canvas, text: str, face: str, width: float, height: float) -> None:
    """``text`` in light, translucent grey across the page, diagonally; drawn with the rest of
    the furniture, over the content, so it must stay light enough to read through."""
    usable = (width**2 + height**2) ** 0.5 * 0.7
    size = min(110.0, usable / max(1.0, pdfmetrics.stringWidth(text, face, 1)))
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.25))
    canvas.setFont(face, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


class _MarkedInfo(PDFInfo):  # type: ignore[misc]
    """The document information dictionary, plus the banner as ``/Marking`` so a file's
    marking can be read without opening it (as the DOCX carries it in its content status)."""

    marking = ""

    def format(self, document: Any) -> bytes:
        # PDFInfo.format with one entry more; the dates as reportlab writes them.
        date = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        info = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "ModDate": date,
            "CreationDate": date,
            "Producer": PDFString(self.producer),
            "Creator": PDFString(self.creator),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Marking": PDFString(self.marking),
            "Trapped": PDFName(self.trapped),
        }
        formatted: bytes = PDFDictionary(info).format(document)
        return formatted


def canvas_class(renderer: _Renderer) -> type[Canvas]:
    class PagedCanvas(TaggingCanvas):
        """Holds pages back until the end, so furniture can say ``Page X of Y``."""

        tagger = renderer.tagger

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            info = _MarkedInfo()
            info.__dict__.update(self._doc.info.__dict__)
            info.marking = renderer.document.meta.banner
            self._doc.info = info
            # Creation and modification dates: the brief's, not the clock or invariant 2000.
            stamp = self._doc._timeStamp
            stamp.t = renderer.document.meta.made.timestamp()
            stamp.lt = stamp.YMDhms = renderer.document.meta.made.timetuple()[:6]
            stamp.dhh = stamp.dmm = 0
            stamp.tzname = "UTC"

        def bookmarkHorizontal(self, name: str, *args: Any) -> None:
            renderer.notes.seen(name, len(self._held) + 1)
            super().bookmarkHorizontal(name, *args)

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                with self.furniture():  # an artifact, but for the footnotes in it
                    _furniture(self, renderer, number, total)
                super().showPage()
            super().save()

    return PagedCanvas


class DocTemplate(BaseDocTemplate):  # type: ignore[misc]
    _headings = 0
    notes: Notes
    meter: LayoutMeter  # how the content falls onto pages, for page budgets

    def handle_frameBegin(self, *args: Any, **kwargs: Any) -> None:
        """Leave room at the foot of the page for the notes cited on it."""
        super().handle_frameBegin(*args, **kwargs)
        frame = self.frame
        frame.page = self.page
        frame._y1p = frame._y1 + frame._bottomPadding + self.notes.reserve.get(self.page, 0.0)
        frame._aH = frame._y2 - frame._y1p - frame._topPadding

    def afterFlowable(self, flowable: Flowable) -> None:
        """Headings become the PDF outline (bookmarks); every flowable is measured."""
        style = getattr(flowable, "style", None)
        name = style.name if isinstance(flowable, Paragraph) and style is not None else ""
        heading = flowable.getPlainText() if name == "Heading 1" else None
        self.meter.placed(self.frame, self.page, heading)
        if name.startswith("Heading"):
            level = int(name[-1]) - 1
            self._headings += 1
            key = f"heading-{self._headings}"  # a counter, so rebuilds are byte-identical
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def page_size(style: Style) -> tuple[float, float]:
    size: tuple[float, float] = LETTER if style.page.size == "letter" else A4
    return size
