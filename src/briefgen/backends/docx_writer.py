"""Render a Document to DOCX with python-docx.

Word's built-in style names (Title, Heading 1, Body Text, Caption…) carry the formatting, so
an office's own template restyles the memo without touching its text. Each model block maps
to one ``match`` arm in :meth:`_Writer.block`; this module keeps that match, the inline text
and the assembly of the file. The helpers live in :mod:`briefgen.backends.docx`: the base
document, the parts python-docx has no API for (footnotes, floating pictures, fields), the
boxed and tabular blocks (``blocks``), charts (``graphics``) and the page furniture.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from typing import Any

from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from .. import model
from ..style import Style
from .docx import base, blocks, furniture, parts
from .docx.tables import SPACE_AFTER_TABLE
from .docx_access import document_language, link_description, run_language

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
                blocks.header_fields(self, fields)
            case model.Heading(level, text):
                self.para(text, f"Heading {min(level, 3)}")
            case model.Paragraph(text):
                self.para(text)
            case model.BulletList(items, ordered):
                blocks.bullet_list(self, items, ordered)
            case model.Callout(title, children):
                blocks.callout(self, title, children)
            case model.DecisionLine(options):
                blocks.decision(self, options)
            case model.Table():
                blocks.table(self, block)
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

    def caption(self, text: model.Inlines) -> None:
        if text:
            self.para(text, "Caption").paragraph_format.keep_with_next = True

    def note(self, text: model.Inlines) -> None:
        if text:
            paragraph = self.paragraph("Footnote Text")
            self.inlines(paragraph, text)
            for run in paragraph.runs:
                run.italic = True

    def picture(self, paragraph: Paragraph, data: bytes, width: float, alt: str) -> Any:
        """An inline picture ``width`` inches wide, with alt text; returns its run element."""
        self.pictures += 1
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(data), width=Inches(width))
        parts.describe(run._r, alt, self.pictures)
        return run._r

    def render(self) -> bytes:
        for block in self.model.blocks:
            self.block(block)
        furniture.furniture(self)
        furniture.properties(self)
        self.footnotes.attach()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _fixed_zip(buffer.getvalue())


def _unlinked(text: model.Inlines) -> model.Inlines:
    """``text`` with links as plain spans (a footnote part has no hyperlink relationships)."""
    return tuple(
        model.Span(i.text, i.bold, i.italic) if isinstance(i, model.Span) else i for i in text
    )


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
