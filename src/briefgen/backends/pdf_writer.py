"""Render a Document to PDF with reportlab's platypus.

Each model block becomes exactly one flowable (see :meth:`_Renderer.flowable`, one ``match``
arm per block type; boxes, lists and tables are laid out in :mod:`briefgen.backends.pdf.blocks`),
and everything that is not content — banners, page numbers, the logo, footnotes — is drawn in
one place, :mod:`briefgen.backends.pdf.page`, after the page count is known. Looks come from the
document's :class:`~briefgen.style.Style`; fonts, paragraph styles, graphics and notes live
beside it in :mod:`briefgen.backends.pdf`. Only embedded TrueType fonts are used: the
canvas's initial font, table cells, list bullets and charts all name one explicitly, so
reportlab's built-in Helvetica never appears.

Tagging (PDF/UA-1) lives in :mod:`.pdf_tags`; the hooks here are the ``tag_story`` call in
:meth:`_Renderer.story`, the span marks :meth:`_Renderer.markup` puts around citations,
links and other-language words, and ``tagged`` on :func:`render`.
"""

from __future__ import annotations

import io

from ..deferred import deferred_patterns

with deferred_patterns():  # reportlab's paragraphs compile, on import, patterns rarely used
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import (
        CondPageBreak,
        Flowable,
        KeepTogether,
        ListFlowable,
        PageTemplate,
        Paragraph,
        Spacer,
    )

from .. import glyphs, model
from ..errors import BuildError
from .pdf import blocks as pdf_blocks
from .pdf import fonts as pdf_fonts
from .pdf import notes as pdf_notes
from .pdf import page
from .pdf import styles as pdf_styles
from .pdf.fonts import FontSet
from .pdf.notes import NoteFrame, Notes
from .pdf_layout import LayoutMeter
from .pdf_structure import xml_escape
from .pdf_tags import Tagger, span_end, span_start, tag_story


class _Renderer:
    def __init__(
        self, document: model.Document, fonts: FontSet, notes: Notes, tagger: Tagger | None
    ) -> None:
        self.document = document
        self.tagger = tagger
        self.notes = notes
        self.note_text = {note.number: note.text for note in document.notes}
        self.style = document.style
        self.fonts = fonts
        self.styles = pdf_styles.build(self.style, fonts)
        self.width = self.style.page.text_width * inch
        self.ink = self.color("ink")
        self.accent = self.color("accent")
        self.shade = self.color("shade")

    def color(self, name: str) -> colors.Color:
        return colors.HexColor(self.style.color(name))

    def markup(self, text: model.Inlines) -> str:
        """reportlab paragraph markup for ``text``; every character of content is escaped."""
        out: list[str] = []
        for item in text:
            if isinstance(item, model.Cite):
                if item.number not in self.note_text:
                    # The citation mark is a Reference of its own in the tagged PDF.
                    mark = f"<super>{item.number}</super>"
                    out.append(f"{span_start('Reference')}{mark}{span_end()}")
                    continue
                # The mark links to its note; its anchor tells which page it landed on, so
                # the note is printed at the foot of that page.
                anchor = self.notes.anchor(item.number)
                ink = self.style.color("ink")
                out.append(
                    f"{span_start('NoteRef', str(item.number))}"
                    f'<a href="#note-{anchor}" color="{ink}"><super>{item.number}</super></a>'
                    f'<a name="cite-{anchor}"/>{span_end()}'
                )
                continue
            piece = self.fonts.markup(item.text)
            if item.bold:
                piece = f"<b>{piece}</b>"
            if item.italic:
                piece = f"<i>{piece}</i>"
            if item.href:
                href = xml_escape(item.href, attribute=True)
                link = self.style.color("link")
                piece = f'<a href="{href}" color="{link}"><u>{piece}</u></a>'
                # The linked words: a Link element (in the words' own language, if marked).
                piece = f"{span_start('Link', item.lang)}{piece}{span_end()}"
            elif item.lang:
                piece = f"{span_start('Span', item.lang)}{piece}{span_end()}"
            out.append(piece)
        return "".join(out)

    def para(self, text: model.Inlines, style: str = "Body Text") -> Paragraph:
        return Paragraph(self.markup(text), self.styles[style])

    def plain(self, text: str, style: str) -> Paragraph:
        return Paragraph(self.fonts.markup(text), self.styles[style])

    def flowable(self, block: model.Block) -> Flowable:
        """One flowable per block."""
        match block:
            case model.Title(text, subtitle):
                parts: list[Flowable] = [self.para(text, "Title")]
                if subtitle:
                    parts.append(self.para(subtitle, "Subtitle"))
                return KeepTogether(parts)
            case model.HeaderFields(fields):
                return pdf_blocks.header_fields(self, fields)
            case model.Heading(level, text):
                return self.para(text, f"Heading {min(level, 3)}")
            case model.Paragraph(text):
                return self.para(text)
            case model.BulletList(items, ordered):
                return pdf_blocks.bullet_list(self, items, ordered)
            case model.Callout(title, children):
                return pdf_blocks.callout(self, title, children)
            case model.DecisionLine(options):
                return pdf_blocks.decision(self, options)
            case model.Table():
                return pdf_blocks.table(self, block)
            case model.Chart():
                from .pdf.graphics import chart

                return chart(self, block)
            case model.RiskMatrix():
                from .pdf.graphics import risk_matrix

                return risk_matrix(self, block)
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def story(self) -> list[Flowable]:
        """A flowable per block; before a run of headings, a conditional page break that
        keeps them with the first two lines of what follows, as Word's "keep with next"
        and widow control do in the DOCX (so a paragraph may still break after them)."""
        blocks = self.document.blocks
        story: list[Flowable] = []
        flowables = [self.flowable(block) for block in blocks]
        two_lines = 2 * self.styles["Body Text"].leading
        for index, (block, flowable) in enumerate(zip(blocks, flowables, strict=True)):
            starts_run = isinstance(block, model.Heading) and not (
                index and isinstance(blocks[index - 1], model.Heading)
            )
            if starts_run:
                needed = 0.0
                kept: list[Flowable] = []  # what must share the headings' page
                for following in flowables[index:]:
                    if not page.is_heading(following):
                        needed += self.first_lines(following, two_lines)
                        kept.append(self.first_part(following, two_lines))
                        break
                    style = following.style
                    needed += following.wrap(self.width, 10_000)[1] + style.spaceBefore
                    needed += style.spaceAfter
                    kept.append(following)
                breaker = CondPageBreak(needed)
                breaker.keeps = kept  # so the notes cited there count too (NoteFrame)
                story.append(breaker)
            story.append(flowable)
        if self.tagger is not None:
            tag_story(self.tagger, blocks, flowables, glyphs.Drawable(self.style))
        return story

    def first_lines(self, flowable: Flowable, two_lines: float) -> float:
        """Height of the part of ``flowable`` that must follow a heading on its page: two
        lines of a paragraph (all of a short one), a list's first item, else all of it."""
        if isinstance(flowable, ListFlowable):
            flowable = flowable._flowables[0] if flowable._flowables else flowable
        if isinstance(flowable, KeepTogether):  # a figure: its parts, as it has no canvas yet
            parts = flowable._content
            height = sum(float(p.wrap(self.width, 10_000)[1] + p.getSpaceAfter()) for p in parts)
            return min(height, 6 * 72.0)
        height = float(flowable.wrap(self.width, 10_000)[1])
        if isinstance(flowable, Paragraph) and height > 3.5 * flowable.style.leading:
            return two_lines
        return min(height, 6 * 72.0)

    def first_part(self, flowable: Flowable, two_lines: float) -> Flowable:
        """The part of ``flowable`` :meth:`first_lines` measures, where it cites notes."""
        if not any(pdf_notes.anchors(flowable)):
            return flowable
        if isinstance(flowable, ListFlowable):  # its items, bullets included, by now
            return flowable._content[0] if flowable._content else flowable
        if isinstance(flowable, Paragraph) and self.first_lines(flowable, two_lines) == two_lines:
            parts = flowable.split(self.width, two_lines)
            return parts[0] if parts else flowable
        return flowable

    def aligned(self, name: str, align: str) -> ParagraphStyle:
        codes = {"left": 0, "center": 1, "right": 2}
        return ParagraphStyle(f"{name} {align}", parent=self.styles[name], alignment=codes[align])

    def figure(self, caption: model.Inlines, body: Flowable, note: model.Inlines) -> Flowable:
        """Caption, table or chart, and note, kept on one page."""
        parts: list[Flowable] = []
        if caption:
            parts.append(self.para(caption, "Caption"))
        parts.append(body)
        if note:
            parts.append(Paragraph(f"<i>{self.markup(note)}</i>", self.styles["Footnote Text"]))
        parts.append(Spacer(0, 10))
        return KeepTogether(parts)


def preload() -> None:
    """Import now what a first render imports when it meets a chart, a risk matrix or the
    logo (reportlab's graphics, Pillow's decoders): for a process with time to spare before
    its first document (:mod:`briefgen.pdf_helper`)."""
    from PIL import Image
    from reportlab.graphics import renderPDF  # noqa: F401

    from .pdf import graphics  # noqa: F401

    Image.preinit()


def render(document: model.Document, *, tagged: bool = True) -> bytes:
    """The PDF file for ``document``: tagged PDF/UA-1 unless ``tagged`` is false."""
    return render_with_layout(document, tagged=tagged)[0]


def render_with_layout(
    document: model.Document, *, tagged: bool = True
) -> tuple[bytes, model.Layout]:
    """The PDF file for ``document``, and how its content fell onto pages (page budgets).

    Room for the notes cited on each page is made while laying out; should a page's notes
    then differ from that room, the document is laid out again with the room each page
    needs reserved from the start, until it settles (see :mod:`briefgen.backends.pdf.notes`).
    """
    reserve: dict[int, float] | None = None  # None: make room while laying out
    for attempt in range(pdf_notes.PASSES):
        try:
            data, renderer, layout = _layout(document, reserve, tagged)
        except pdf_notes.Crowded as exc:
            raise _crowded(document, exc.page) from None
        notes = renderer.notes
        made = notes.reserve
        needed = {number: notes.room(anchors) for number, anchors in notes.placed.items()}
        crowded = sorted(number for number, height in needed.items() if height > notes.most)
        if crowded:
            raise _crowded(document, crowded[0])
        if needed == made:
            break
        if attempt >= 2 and all(h <= made.get(n, 0.0) for n, h in needed.items()):
            break  # every page has room for its notes
        if attempt >= 2:
            # Should a note keep moving between two pages, only ever add room: the layout
            # then settles, at worst with a little space to spare above some notes.
            needed = {n: max(made.get(n, 0.0), needed.get(n, 0.0)) for n in made | needed}
        reserve = needed
    else:
        raise BuildError(
            f"{document.meta.audience}: the footnotes do not fit at the foot of their pages; "
            "cite less on one page"
        )
    return data, layout


def _crowded(document: model.Document, page: int) -> BuildError:
    return BuildError(
        f"{document.meta.audience}: the notes cited on page {page} would take "
        "more than half of it; cite fewer sources in one place"
    )


def _layout(
    document: model.Document, reserve: dict[int, float] | None, tagged: bool
) -> tuple[bytes, _Renderer, model.Layout]:
    style = document.style
    fonts = pdf_fonts.register(style)
    meta = document.meta
    margins = style.page.margins
    buffer = io.BytesIO()
    doc = page.DocTemplate(
        buffer,
        pagesize=page.page_size(style),
        leftMargin=margins.left * inch,
        rightMargin=margins.right * inch,
        topMargin=margins.top * inch,
        bottomMargin=margins.bottom * inch,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator="briefgen",
        producer="briefgen",
        lang=meta.language,
        invariant=1,
        initialFontName=fonts.serif,
        displayDocTitle=1,
    )
    frame = NoteFrame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    most = pdf_notes.MOST_OF_PAGE * style.page.text_height * inch
    notes = Notes(reserve=dict(reserve or {}), growing=reserve is None, most=most)
    frame.notes = doc.notes = notes
    renderer = _Renderer(document, fonts, notes, Tagger(meta) if tagged else None)
    notes.measure = lambda anchor: float(
        page.note_paragraph(renderer, anchor).wrap(renderer.width, 10_000)[1]
    )
    story = renderer.story()
    doc.meter = LayoutMeter()
    doc.build(story, canvasmaker=page.canvas_class(renderer))
    layout = doc.meter.layout(doc.page, renderer.styles["Body Text"].leading)
    return buffer.getvalue(), renderer, layout
