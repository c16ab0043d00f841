"""Page furniture and file properties of the DOCX: page size and margins, banners in header
and footer, ``Page X of Y``, the watermark, the page-1 logo, and the core properties.

Separate from :mod:`briefgen.backends.docx_writer` because none of it is a model block: it is
laid on the section and the package once the body is written, as the PDF draws its furniture
in :mod:`briefgen.backends.pdf.page`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ..docx_watermark import watermark
from . import parts

if TYPE_CHECKING:
    from ..docx_writer import _Writer


def furniture(writer: _Writer) -> None:
    """Page size, margins, banners, logo and ``Page X of Y`` on every page."""
    meta, page = writer.model.meta, writer.style.page
    doc = writer.doc
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = (Inches(v) for v in page.inches)
    for side in ("left", "right", "top", "bottom"):
        setattr(section, f"{side}_margin", Inches(getattr(page.margins, side)))
    section.header_distance = section.footer_distance = Inches(page.header_distance)
    # Banners centred, or right-aligned where the scheme says so (FIRST TLP 2.0); then
    # the page number takes the centre of the footer.
    right = meta.banner_align == "right"
    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.CENTER
    banner(writer, head, in_footer=False)
    if meta.watermark:
        head._p.append(watermark(meta.watermark, writer.style.fonts.sans.word))
    center = Inches(writer.text_width / 2)
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.paragraph_format.tab_stops.add_tab_stop(center, WD_TAB_ALIGNMENT.CENTER)
    foot.paragraph_format.tab_stops.add_tab_stop(Inches(writer.text_width), WD_TAB_ALIGNMENT.RIGHT)
    writer.run(foot, meta.label)
    foot.add_run("\t")
    if not right:
        banner(writer, foot, in_footer=True)
        foot.add_run("\t")
    foot.add_run("Page ")
    parts.field(foot, "PAGE", "1")
    foot.add_run(" of ")
    parts.field(foot, "NUMPAGES", "1")
    if right:
        foot.add_run("\t")
        banner(writer, foot, in_footer=True)
    logo = writer.style.logo
    if logo is not None and logo.image is not None and doc.paragraphs:
        # Page 1 only, at the same spot as in the PDF (top left, in the margin beside the
        # banner): anchored to the first paragraph, placed on the page, taking no room.
        first = doc.paragraphs[0]
        element = writer.picture(first, logo.image.data, logo.width, logo.alt)
        top = page.header_distance - 0.1
        parts.float_on_page(element, Emu(Inches(page.margins.left)), Emu(Inches(top)))
        first._p.remove(element)
        first._p.insert(1 if first._p.pPr is not None else 0, element)  # before the text


def banner(writer: _Writer, paragraph: Paragraph, in_footer: bool) -> None:
    """The banner: as the header text (also in the footer), in the scheme's colours where
    it has them (TLP: coloured on black)."""
    meta = writer.model.meta
    run = writer.run(paragraph, meta.banner)
    if in_footer:
        header_text = writer.style.styles.header
        run.bold = header_text.bold
        run.font.size = Pt(header_text.size)
        run.font.color.rgb = RGBColor.from_string(writer.style.color(header_text.color)[1:])
    if meta.banner_color:
        run.font.color.rgb = RGBColor.from_string(meta.banner_color[1:])
    if meta.banner_background:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), meta.banner_background[1:])
        run._r.get_or_add_rPr().append(shading)


def properties(writer: _Writer) -> None:
    """Core properties from the memo's metadata, with the fixed creation time."""
    meta = writer.model.meta
    props = writer.doc.core_properties
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
