"""Package parts and drawing elements python-docx has no API for: footnotes, floating images,
fields, alt text."""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Insert a real Word field (PAGE, NUMPAGES) that Word and LibreOffice update."""

    def fld(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(fld("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(fld("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(fld("end"))


def describe(run_element: Any, alt: str, number: int) -> None:
    """Alt text (``descr``) and a unique id on the picture just added to ``run_element``."""
    for doc_pr in run_element.iter(qn("wp:docPr")):
        doc_pr.set("id", str(number))
        doc_pr.set("name", f"Picture {number}")
        doc_pr.set("descr", alt)


def float_on_page(run_element: Any, left_emu: int, top_emu: int) -> None:
    """Turn the inline picture in ``run_element`` into one anchored at a spot on the page,
    so it takes no room from the text (a logo beside the banner)."""
    inline = run_element.find(f".//{qn('wp:inline')}")
    extent = inline.find(qn("wp:extent"))
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{left_emu}</wp:posOffset>'
        "</wp:positionH>"
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{top_emu}</wp:posOffset>'
        "</wp:positionV>"
        f'<wp:extent cx="{extent.get("cx")}" cy="{extent.get("cy")}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/></wp:anchor>'
    )
    for child in list(inline):
        if child.tag not in (qn("wp:extent"), qn("wp:effectExtent")):
            anchor.append(child)
    inline.getparent().replace(inline, anchor)


class Footnotes:
    """The footnotes part (``word/footnotes.xml``), built by hand: python-docx has no API."""

    def __init__(self, document_part: Any) -> None:
        self.root = parse_xml(
            f"<w:footnotes {nsdecls('w', 'r')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
            "</w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
            'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:footnote></w:footnotes>"
        )
        self.document_part = document_part
        self.count = 0

    def add(self, mark: str) -> tuple[Any, Any]:
        """A new footnote showing ``mark``; returns (reference run, footnote paragraph)."""
        self.count += 1
        number = self.count
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr><w:pStyle '
            'w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>'
            '</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
            "</w:p></w:footnote>"
        )
        self.root.append(note)
        # A custom mark keeps the source's number, the same as in the PDF and sources list.
        reference = parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:customMarkFollows="1" w:id="{number}"/><w:t>{mark}</w:t>'
            "</w:r>"
        )
        return reference, note.find(qn("w:p"))

    def attach(self) -> None:
        """Add the part to the package (only when the memo has notes)."""
        if not self.count:
            return
        blob = serialize_part_xml(self.root)
        part = Part(
            PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, blob, self.document_part.package
        )
        self.document_part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
