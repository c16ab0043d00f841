"""The structure tree of a tagged PDF, and how it is written into reportlab's document.

:class:`Node` is a structure element as :mod:`.pdf_tags` builds it while pages draw: a
standard role (P, H1, Table, TD, Link…) with its children, marked-content sequences
(:class:`MarkedContent`) and link annotations (:class:`LinkAnnotation`) in reading order.

:func:`write_structure` runs when the canvas saves, before reportlab writes any object: it
adds the StructTreeRoot and its ParentTree, ``/MarkInfo``, ``/Tabs /S`` on every page and XMP
metadata with the PDF/UA identifier, as reportlab objects (no second pass over the finished
file). :class:`Font` embeds only the glyphs drawn, with ToUnicode maps without U+0000
entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
    PDFtrue,
)
from reportlab.pdfbase.ttfonts import TTFont

from .. import model

if TYPE_CHECKING:
    from .pdf_tags import Tagger


# xml.sax.saxutils.escape would do, but importing it pulls in urllib, http.client and the
# email package (a tenth of a cold build's imports); reportlab markup needs only these.
_XML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_escape(text: str, *, attribute: bool = False) -> str:
    """``text`` safe inside reportlab paragraph markup (or a quoted attribute value)."""
    return text.translate(_XML_ATTRIBUTE if attribute else _XML)


class Node:
    """A structure element: ``role`` is its standard type (P, H1, Table, TH, LBody…).

    A plain class with slots: a memo has thousands, made while pages draw."""

    __slots__ = ("alt", "kids", "lang", "link_texts", "parent", "role", "scope")

    def __init__(self, role: str, parent: Node | None = None, scope: str | None = None):
        self.role = role
        self.parent = parent
        self.kids: list[Node | MarkedContent | LinkAnnotation] = []
        self.scope = scope  # TH only: Row or Column
        self.alt: str | None = None
        self.lang: str | None = None  # set where the words are in another language
        self.link_texts: dict[str, str] = {}  # href → what the link leads to

    def add(self, role: str, scope: str | None = None) -> Node:
        child = Node(role, self, scope)
        self.kids.append(child)
        return child

    def reads(self, text: model.Inlines) -> Node:
        """Note what each link in ``text`` (which this node paints) leads to, for the link
        annotation's description: its words, or — where the words are the bare address, as
        in a source list — the rest of the text, which names the source."""
        for item in text:
            if isinstance(item, model.Span) and item.href:
                words = " ".join(item.text.split())
                if words == item.href.strip():
                    rest = [i for i in text if i is not item]
                    words = " ".join(model.plain(tuple(rest)).split()).rstrip(" .") or words
                self.link_texts.setdefault(item.href, words)
        return self


class MarkedContent:
    """A marked-content sequence: its page (0-based) and id there."""

    __slots__ = ("mcid", "page")

    def __init__(self, page: int, mcid: int) -> None:
        self.page = page
        self.mcid = mcid


@dataclass
class LinkAnnotation:
    key: int  # the annotation's /StructParent
    page: int  # 0-based
    name: str = ""  # reportlab's name for the annotation object


# -- writing the tree ---------------------------------------------------------------------


def clean_to_unicode(cmap: str) -> str:
    """Drop the ``<code> <0000>`` entries reportlab writes for the unused codes of a subset:
    U+0000 is no character, and PDF/UA forbids mapping to it."""
    lines = cmap.split("\n")
    kept = [line for line in lines if not line.endswith("> <0000>")]
    dropped = len(lines) - len(kept)
    for index, line in enumerate(kept):
        if line.endswith(" beginbfchar"):
            kept[index] = f"{int(line.split()[0]) - dropped} beginbfchar"
            break
    return "\n".join(kept)


class Font(TTFont):  # type: ignore[misc]
    """An embedded TrueType font whose subsets hold only the glyphs the document draws, and
    whose ToUnicode maps map codes to real characters only.

    reportlab gives printable ASCII its own codes in every font's first subset, so content
    streams read (and compress) as plain text, but it then embeds all 95 or so of those
    glyphs in each face, drawn or not: about a seventh of a memo's file. The codes stay;
    when the subsets are written, the ASCII characters the document never drew are mapped
    to glyph 0 (.notdef, which every subset holds anyway), so their outlines, widths and
    ToUnicode entries are left out."""

    def splitString(self, text: str | bytes, doc: PDFDocument, encoding: str = "utf-8") -> Any:
        # Every character drawn goes through here on its way into a content stream.
        chunks = super().splitString(text, doc, encoding)
        state = self.state[doc]
        if not hasattr(state, "drawn"):
            state.drawn = set()
        state.drawn.update(text if isinstance(text, str) else text.decode("utf-8"))
        return chunks

    def addObjects(self, doc: PDFDocument) -> None:
        state = self.state.get(doc)
        subsets: list[list[int]] = []
        if state is not None and state.subsets:
            drawn = {ord(char) for char in getattr(state, "drawn", ())}
            if 0xA0 in drawn:  # reportlab draws a no-break space as a space
                drawn.add(0x20)
            first = state.subsets[0]
            for code in range(0x21, min(0x80, len(first))):
                if first[code] == code and code not in drawn:
                    first[code] = 0
            subsets = [list(subset) for subset in state.subsets]
            prefix = state.internalName
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            # The widths run from the first code used to the last; a code outside them
            # takes the descriptor's MissingWidth, the width of glyph 0.
            used = [code for code, char in enumerate(subset) if char]
            font = doc.idToObject[f"{prefix}+{number}"]
            if used:
                font.FirstChar, font.LastChar = used[0], used[-1]
                font.Widths.sequence = font.Widths.sequence[used[0] : used[-1] + 1]
        for name, obj in list(doc.idToObject.items()):
            if name.startswith("toUnicodeCMap:") and not getattr(obj, "_cleaned", False):
                obj.content = clean_to_unicode(obj.content)
                obj._cleaned = True


def xmp(meta: model.Meta, claim: bool) -> bytes:
    """XMP metadata for ``meta``; ``claim`` adds the PDF/UA-1 identifier."""

    def esc(text: str) -> str:
        return xml_escape(text, attribute=True)

    keywords = ", ".join(meta.keywords)
    ua = "   <pdfuaid:part>1</pdfuaid:part>\n" if claim else ""
    ua_ns = '\n    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' if claim else ""
    xml = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\n'
        f'    xmlns:xmp="http://ns.adobe.com/xap/1.0/"{ua_ns}>\n'
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{esc(meta.title)}</rdf:li>'
        "</rdf:Alt></dc:title>\n"
        f"   <dc:creator><rdf:Seq><rdf:li>{esc(meta.author)}</rdf:li></rdf:Seq></dc:creator>\n"
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{esc(meta.subject)}'
        "</rdf:li></rdf:Alt></dc:description>\n"
        f"   <dc:language><rdf:Bag><rdf:li>{esc(meta.language)}</rdf:li></rdf:Bag>"
        "</dc:language>\n"
        f"   <pdf:Keywords>{esc(keywords)}</pdf:Keywords>\n"
        "   <pdf:Producer>briefgen</pdf:Producer>\n"
        "   <xmp:CreatorTool>briefgen</xmp:CreatorTool>\n"
        f"{ua}"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return xml.encode("utf-8")


def _keep(root: Node) -> set[int]:
    """Ids of the nodes to write: those with content below them, and every table row and
    cell (a blank cell keeps the grid regular)."""
    keep: set[int] = set()

    def mark(node: Node) -> bool:
        found = False
        for kid in node.kids:
            found = (mark(kid) if type(kid) is Node else True) or found
        if found or node.role in ("TD", "TH", "TR"):
            keep.add(id(node))
        return found

    mark(root)
    return keep


class _Raw(PDFObject):  # type: ignore[misc]
    """An indirect object written as prepared bytes: reportlab's generic formatter is
    slow, and a structure tree is thousands of small dictionaries."""

    def __init__(self) -> None:
        self.data = b""

    def format(self, document: PDFDocument) -> bytes:
        return self.data


def write_structure(tagger: Tagger, doc: PDFDocument, meta: model.Meta) -> None:
    """Add the structure tree, ParentTree, marks and XMP metadata to reportlab's document
    just before it is written out (all pages are drawn; nothing is formatted yet)."""
    numbers = doc.idToObjectNumberAndVersion

    def register(obj: PDFObject) -> tuple[PDFObjectReference, bytes]:
        ref = doc.Reference(obj)
        return ref, b"%d 0 R" % numbers[ref.name][0]

    pages = doc.Pages.pages
    page_refs = [b"%d 0 R" % numbers[f"Page{n}"][0] for n in range(1, len(pages) + 1)]
    keep = _keep(tagger.root)
    by_page: dict[int, dict[int, bytes]] = {}
    by_key: dict[int, bytes] = {}

    def build(node: Node, parent: bytes) -> bytes:
        raw = _Raw()
        _, ref = register(raw)
        first = None
        kids: list[bytes] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                if id(kid) in keep:
                    kids.append(build(kid, ref))
            elif isinstance(kid, MarkedContent):
                if first is None:
                    first = kid.page
                by_page.setdefault(kid.page, {})[kid.mcid] = ref
                if kid.page == first:
                    kids.append(b"%d" % kid.mcid)
                else:
                    kids.append(
                        b"<< /Type /MCR /Pg %s /MCID %d >>" % (page_refs[kid.page], kid.mcid)
                    )
            else:
                annotation = numbers[doc.annotationName(kid.name)][0]
                kids.append(
                    b"<< /Type /OBJR /Obj %d 0 R /Pg %s >>" % (annotation, page_refs[kid.page])
                )
                by_key[kid.key] = ref
                if first is None:
                    first = kid.page
        # No /Type: it is optional on a structure element (ISO 32000-1, table 323), and
        # would be a sixth of each one's bytes.
        fields = [b"<< /S /%s /P %s" % (node.role.encode(), parent)]
        if first is not None:
            fields.append(b"/Pg " + page_refs[first])
        if node.scope:
            fields.append(b"/A << /O /Table /Scope /%s >>" % node.scope.encode())
        if node.alt:
            fields.append(b"/Alt " + PDFString(node.alt).format(doc))
        if node.lang:
            fields.append(b"/Lang " + PDFString(node.lang).format(doc))
        if node.role == "Note":  # PDF/UA: every Note has an ID of its own
            fields.append(b"/ID (note-%s)" % ref.split()[0])
        fields.append(b"/K [" + b" ".join(kids) + b"] >>")
        raw.data = b"\n".join(fields)
        return ref

    root = _Raw()
    root_ref, root_bytes = register(root)
    document = build(tagger.root, root_bytes)
    nums: list[bytes] = []
    for key in sorted(by_key):
        nums.append(b"%d %s" % (key, by_key[key]))
    for number, page in enumerate(pages):
        key = tagger.links + number
        owners = by_page.get(number, {})
        if sorted(owners) != list(range(len(owners))):
            tagger.complete = False
        owned = b" ".join(owners[m] for m in sorted(owners))
        nums.append(b"%d [%s]" % (key, owned))
        # reportlab writes only the page keys it lists; add the two tagging needs.
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = key
        page.Tabs = PDFName("S")  # tab order follows the structure
    parent_tree = _Raw()
    parent_tree.data = b"<< /Nums [" + b"\n".join(nums) + b"] >>"
    root.data = b"<< /Type /StructTreeRoot /K [%s] /ParentTree %s /ParentTreeNextKey %d >>" % (
        document,
        register(parent_tree)[1],
        tagger.links + len(pages),
    )

    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": PDFtrue})
    catalog.Lang = PDFString(meta.language)
    metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp(meta, tagger.complete),
    )
    catalog.Metadata = doc.Reference(metadata)
