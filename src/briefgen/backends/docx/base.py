"""A clean base document: python-docx's package stripped to what a memo uses, then styled.

The stock template carries a thumbnail, web settings, a second copy of every style, a
customXml item and 160 styles; a memo keeps only the parts Word needs and the styles it uses,
set from the house :class:`~briefgen.style.Style` under Word's own style names.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ...style import WORD_NAMES, Style, Text

#: Parts of the stock package a memo does without.
_DROP = ("stylesWithEffects", "webSettings", "customXml", "thumbnail", "theme")
#: Styles the memo uses (and their "Char" twins Word links them to).
KEEP = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Body Text",
    "List Bullet",
    "List Number",
    "Caption",
    "Header",
    "Footer",
    "Table Grid",
}
#: Styles :class:`briefgen.style.Styles` defines that are Word paragraph styles here
#: ("Table Text" is applied to table cells directly, not as a style).
_STYLES = {name: attr for name, attr in WORD_NAMES.items() if name != "Table Text"}

_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>briefgen</Application></Properties>'
)


def set_fonts(rpr: Any, name: str, east_asian: str | None = None) -> None:
    """Name ``name`` in every script slot Word reads (and the East-Asian font, if given)."""
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), name)
    if east_asian:
        fonts.set(qn("w:eastAsia"), east_asian)
    # Theme attributes win over named fonts in Word; drop them so the named font applies.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _strip(doc: DocxDocument) -> None:
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in _DROP:
            del part.rels[rid]
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in _DROP:
            del package.rels[rid]
    for rel in package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP.encode()
    root = doc.styles.element
    keep_ids = set()
    for style in doc.styles:
        if style.name in KEEP or style.name.removesuffix(" Char") in KEEP:
            keep_ids.add(style.style_id)
    for element in root.findall(qn("w:style")):
        if element.get(qn("w:styleId")) not in keep_ids:
            root.remove(element)
        else:
            for link in element.findall(qn("w:link")) + element.findall(qn("w:next")):
                if link.get(qn("w:val")) not in keep_ids:
                    element.remove(link)
    for latent in root.findall(qn("w:latentStyles")):
        root.remove(latent)


def _apply(style_obj: object, text: Text, style: Style) -> None:
    font = style_obj.font  # type: ignore[attr-defined]
    family = style.fonts.serif if text.family == "serif" else style.fonts.sans
    set_fonts(font.element.get_or_add_rPr(), family.word)
    font.size = Pt(text.size)
    font.bold = text.bold
    font.italic = text.italic
    font.color.rgb = RGBColor.from_string(style.color(text.color)[1:])
    fmt = style_obj.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = Pt(text.space_before)
    fmt.space_after = Pt(text.space_after)
    fmt.line_spacing = Pt(text.line)


def style_sheet(doc: DocxDocument, style: Style) -> None:
    """Strip the stock package, then set every memo style from the house style."""
    _strip(doc)
    styles = doc.styles
    body = style.styles.body
    normal = styles["Normal"]
    _apply(normal, body, style)
    set_fonts(
        normal.font.element.get_or_add_rPr(), style.fonts.serif.word, style.fonts.fallback.word
    )
    # The document defaults name the theme's fonts; the memo has no theme, so name ours.
    for rpr in styles.element.iterfind(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"):
        set_fonts(rpr, style.fonts.serif.word, style.fonts.fallback.word)
    for name in ("Footnote Text",):
        if name not in [s.name for s in styles]:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = normal
    for name, attr in _STYLES.items():
        _apply(styles[name], getattr(style.styles, attr), style)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        styles[name].paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Number"):
        styles[name].base_style = styles["Body Text"]
        styles[name].paragraph_format.space_after = Pt(4)
        # The stock list styles drop the space between items ("contextual spacing"); memo
        # bullets are separated by space, as in the PDF.
        ppr = styles[name].element.get_or_add_pPr()
        for contextual in ppr.findall(qn("w:contextualSpacing")):
            ppr.remove(contextual)
    # The stock Title style draws a coloured rule under itself; the memo header has its own.
    ppr = styles["Title"].element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    for name, color in (("Hyperlink", style.colors.link), ("Footnote Reference", None)):
        char = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        char.base_style = styles["Default Paragraph Font"]
        if color:
            char.font.color.rgb = RGBColor.from_string(color[1:])
            char.font.underline = True
        else:
            char.font.superscript = True
