"""Accessibility in the DOCX: what Word's accessibility checker and screen readers look for.

The document language on the run defaults every style inherits and on runs in another
language, alternative text (a title and description) on tables, header rows marked as such
and repeated, and a ScreenTip on every link that says where it leads.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .. import model


def document_language(doc: DocxDocument, language: str) -> None:
    """The document's language, on the run defaults every style inherits (Latin, Asian and
    complex scripts alike), so spell checkers and screen readers pick the right voice."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    rpr = run_defaults.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run_defaults.append(rpr)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(slot), language)
    rpr.append(lang)


def describe_table(table: object, caption: str, description: str = "") -> None:
    """Alternative text for a table (``w:tblCaption``/``w:tblDescription``, Word 2010+)."""
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        if value:
            element = OxmlElement(tag)
            element.set(qn("w:val"), value[:255])
            tbl_pr.insert_element_before(element, "w:tblPrChange")


def run_language(run: object, lang: str | None) -> None:
    """Words in another language than the document's carry their own ``w:lang``."""
    if lang:
        element = OxmlElement("w:lang")
        for slot in ("w:val", "w:eastAsia", "w:bidi"):
            element.set(qn(slot), lang)
        rpr = run._r.get_or_add_rPr()  # type: ignore[attr-defined]
        rpr.insert_element_before(element, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def plain(text: model.Inlines) -> str:
    return "".join(i.text if isinstance(i, model.Span) else str(i.number) for i in text)


def link_description(span: model.Span, context: model.Inlines) -> str:
    """The link's ScreenTip: its words, or — where the words are the bare address, as in a
    source list — the text around it, which names what the address leads to."""
    words = span.text.strip()
    if words and words != (span.href or "").strip():
        return words[:255]
    around = " ".join(plain(tuple(i for i in context if i is not span)).split()).rstrip(" .")
    return (around or words)[:255]


# What may follow w:pBdr in a w:pPr (OOXML keeps a fixed order).
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def rule_below(paragraph: object, color: str) -> None:
    """A rule under ``paragraph`` (a bottom border 6 points below its text): the line that
    closes the memo header, drawn without a layout table."""
    edge = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "10"), ("space", "6"), ("color", color)):
        edge.set(qn(f"w:{key}"), value.lstrip("#"))
    box = OxmlElement("w:pBdr")
    box.append(edge)
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.insert_element_before(box, *_AFTER_PBDR)
