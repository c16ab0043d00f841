"""Tagged PDF: a structure tree that flowables report into while they draw.

reportlab has no tagging API, so tagging is done in three small steps:

1. :func:`~.pdf_roles.tag_story` walks the model blocks next to the flowables the writer
   built for them and attaches a structure node (P, H1, LBody, TD…) to each piece that paints
   content (see :mod:`.pdf_roles`). The flowables are not rebuilt: their class is swapped for
   a subclass whose ``drawOn`` wraps the painting in ``/P <</MCID n>> BDC … EMC`` (see
   :class:`_Tagged`; a paragraph marks its words inside its text objects, so citations and
   links in it are elements of their own), and tables get a render callback that marks
   backgrounds, rules and repeated header rows as artifacts.
2. While the pages draw, :class:`Tagger` hands out marked-content ids per page and records
   which node owns each; :class:`TaggingCanvas` wraps page furniture in
   ``/Artifact BMC … EMC``, ends wrapped lines with a real space and ties Link annotations to
   Link elements.
3. When the canvas saves, :func:`~.pdf_structure.write_structure` writes the tree into the
   file (see :mod:`.pdf_structure`).

A paragraph split across pages keeps one node (the split halves share it), so it stays one P
with marked content on both pages; a table split across pages stays one Table, its repeated
header rows drawn as artifacts. The document claims PDF/UA-1 in its XMP metadata only when
every block was tagged (:attr:`Tagger.complete`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import LinkAnnotation as LinkAnnotation_
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen.canvas import Canvas, _annFormat
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.flowables import BulletDrawer

from .. import model
from .pdf_structure import Font, LinkAnnotation, MarkedContent, Node, write_structure

__all__ = [
    "Font",
    "Tagger",
    "TaggingCanvas",
    "span_end",
    "span_start",
    "tag_notes",
    "tag_story",
]

# The model → structure walk lives in pdf_roles; imported last, as it uses the hooks here.


class Tagger:
    """Hands out marked-content ids while pages draw, and remembers who owns what."""

    def __init__(self, meta: model.Meta) -> None:
        self.meta = meta
        self.root = Node("Document")
        self.complete = True  # False once any block was drawn without proper tags
        self._page, self._mcid = -1, 0  # the page being drawn, its next marked-content id
        self._counters: dict[int, int] = {}  # the next id of the other pages
        self._artifact = 0  # depth of artifact sections: content inside them is not tagged
        self.links = 0
        self.inline: Node | None = None  # the paragraph whose text objects are being marked
        self.line_links: list[Node] = []  # Link elements opened on the current line
        self.note_refs: dict[int, Node] = {}  # note anchor → the Reference that cites it
        self.last_link = self.root  # the Link element the last annotation went into

    def allocate(self, canv: Canvas, node: Node) -> str:
        """The next marked-content id on this page, owned by ``node``: its BDC operator."""
        page = canv._pageNumber - 1
        if page != self._page:  # mostly in page order; furniture revisits earlier pages
            self._counters[self._page] = self._mcid
            self._page, self._mcid = page, self._counters.get(page, 0)
        mcid = self._mcid
        self._mcid = mcid + 1
        node.kids.append(MarkedContent(page, mcid))
        return f"/{node.role} <</MCID {mcid}>> BDC"

    def begin(self, canv: Canvas, node: Node) -> bool:
        """Open a marked-content sequence owned by ``node``; False inside an artifact."""
        if self._artifact:
            return False
        canv.addLiteral(self.allocate(canv, node))
        return True

    def end(self, canv: Canvas) -> None:
        canv.addLiteral("EMC")

    def begin_artifact(self, canv: Canvas) -> None:
        """Mark what follows as an artifact (furniture, rules, repeated rows); nests."""
        if self._artifact == 0:
            canv.addLiteral("/Artifact BMC")
        self._artifact += 1

    def end_artifact(self, canv: Canvas) -> None:
        self._artifact -= 1
        if self._artifact == 0:
            canv.addLiteral("EMC")

    @contextmanager
    def content(self, canv: Canvas, node: Node) -> Iterator[None]:
        """Wrap what is painted inside in a marked-content sequence owned by ``node``."""
        opened = self.begin(canv, node)
        try:
            yield
        finally:
            if opened:
                self.end(canv)

    @contextmanager
    def lifted(self, canv: Canvas) -> Iterator[None]:
        """Real content drawn amid furniture (a footnote): step out of the artifact."""
        depth, self._artifact = self._artifact, 0
        if depth:
            canv.addLiteral("EMC")
        try:
            yield
        finally:
            self._artifact = depth
            if depth:
                canv.addLiteral("/Artifact BMC")

    @contextmanager
    def artifact(self, canv: Canvas) -> Iterator[None]:
        self.begin_artifact(canv)
        try:
            yield
        finally:
            self.end_artifact(canv)

    def link(self, node: Node | None, page: int) -> LinkAnnotation:
        """The annotation of a link drawn inside ``node``'s content, in its Link element:
        the one holding the link's words when the paragraph marked them (the first not yet
        given an annotation on this line, else the last, for a link that wraps onto this
        line), or a Link of its own."""
        annotation = LinkAnnotation(self.links, page)
        self.links += 1
        if self.line_links:
            element = self.line_links.pop(0)
        else:
            owner = node if node is not None else self.root
            marked = [k for k in owner.kids if isinstance(k, Node) and k.role == "Link"]
            element = marked[-1] if marked else owner.add("Link")
        element.kids.append(annotation)
        self.last_link = element
        return annotation


# -- flowables that report into the tagger -------------------------------------------------


class _Tagged:
    """Mixin swapped into a flowable's class: paint inside the node's marked content."""

    _struct_node: Node
    _tagger: Tagger

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        tagger = self._tagger
        previous = getattr(canv, "_struct_current", None)
        canv._struct_current = self._struct_node
        try:
            if tagger._artifact and self._struct_node.role == "Note":
                with tagger.lifted(canv):  # a footnote, drawn with the page furniture
                    self.drawOn(canv, x, y, _sW)
            elif isinstance(self, Paragraph) and not tagger._artifact:
                self._draw_inline(canv, x, y, _sW)
            else:
                with tagger.content(canv, self._struct_node):
                    super().drawOn(canv, x, y, _sW)  # type: ignore[misc]
        finally:
            canv._struct_current = previous

    def _draw_inline(self, canv: Canvas, x: float, y: float, _sW: float) -> None:
        """A paragraph's words are marked inside its text objects (see :class:`_SpacedText`),
        so a citation or a link within them can be a Reference or Link of its own; what the
        paragraph paints outside them (link underlines) is decoration, an artifact."""
        tagger = self._tagger
        outer, tagger.inline = tagger.inline, self._struct_node
        tagger.begin_artifact(canv)
        try:
            super().drawOn(canv, x, y, _sW)  # type: ignore[misc]
        finally:
            tagger.end_artifact(canv)
            tagger.inline = outer
            tagger.line_links.clear()

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(aW, aH)  # type: ignore[misc]
        for part in parts:
            # The halves of a split paragraph share one node: one P across the page break.
            _attach(part, self._struct_node, self._tagger)
        return parts


class _TaggedBullet(BulletDrawer):  # type: ignore[misc]
    """A list bullet or number, drawn as the list item's Lbl."""

    _struct_node: Node
    _tagger: Tagger

    def drawOn(self, indenter: Any, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with self._tagger.content(canv, self._struct_node):
            super().drawOn(indenter, canv, x, y, _sW)


_SUBCLASSES: dict[type, type] = {}


def _attach(flowable: Any, node: Node, tagger: Tagger) -> None:
    """Make ``flowable`` paint into ``node`` (its class is swapped, its state untouched)."""
    cls = type(flowable)
    if not issubclass(cls, _Tagged):
        if cls not in _SUBCLASSES:
            _SUBCLASSES[cls] = type(f"Tagged{cls.__name__}", (_Tagged, cls), {})
        # object's own setattr: graphics Drawings validate (or swallow) attributes set on them.
        object.__setattr__(flowable, "__class__", _SUBCLASSES[cls])
    object.__setattr__(flowable, "_struct_node", node)
    object.__setattr__(flowable, "_tagger", tagger)


class _TableCallback:
    """A Table render callback: backgrounds, rules and repeated header rows are artifacts.

    ``cells`` names the node of each plain-string cell by (row, column); cells holding
    flowables carry their own nodes. Empty string cells paint nothing worth reading and are
    artifacts. reportlab passes the same callback to both halves of a split table.
    """

    def __init__(self, tagger: Tagger, cells: dict[tuple[int, int], Node] | None = None):
        self.tagger = tagger
        self.cells = cells or {}
        self.header_done = False
        self._stack: list[str] = []
        self._handlers: dict[str, Any] = {
            "startBG": self._artifact,
            "endBG": self._end_artifact,
            "startLines": self._artifact,
            "endLines": self._end_artifact,
            "startRow": self._row,
            "endRow": self._end_row,
            "startCell": self._cell,
            "endCell": self._end_cell,
            "endTable": self._end_table,
        }

    def __call__(self, table: Table, event: str, *args: Any) -> None:
        # reportlab calls this for every row and cell: a table lookup, not a chain of ifs.
        handler = self._handlers.get(event)
        if handler is not None:
            handler(table, *args)

    def _artifact(self, table: Table, *args: Any) -> None:
        self.tagger.begin_artifact(table.canv)

    def _end_artifact(self, table: Table, *args: Any) -> None:
        self.tagger.end_artifact(table.canv)

    def _row(self, table: Table, row: int) -> None:
        repeated = self.header_done and row < (table.repeatRows or 0)
        self._stack.append("row-artifact" if repeated else "row")
        if repeated:
            self.tagger.begin_artifact(table.canv)

    def _end_row(self, table: Table) -> None:
        if self._stack.pop() == "row-artifact":
            self.tagger.end_artifact(table.canv)

    def _cell(self, table: Table, row: int, column: int, value: Any, *args: Any) -> None:
        if not isinstance(value, str):
            self._stack.append("flowable")  # its flowables mark themselves
            return
        canv, tagger = table.canv, self.tagger
        node = self.cells.get((row, column))
        if node is not None and value and tagger.begin(canv, node):
            self._stack.append("cell")
            return
        tagger.begin_artifact(canv)
        self._stack.append("cell-artifact")

    def _end_cell(self, table: Table) -> None:
        kind = self._stack.pop()
        if kind == "cell":
            self.tagger.end(table.canv)
        elif kind == "cell-artifact":
            self.tagger.end_artifact(table.canv)

    def _end_table(self, table: Table) -> None:
        self.header_done = True


def _table_callback(table: Table, tagger: Tagger, cells: dict[tuple[int, int], Node]) -> None:
    table._renderCB = _TableCallback(tagger, cells)


# -- the canvas side ---------------------------------------------------------------------


class _SpacedText(PDFTextObject):  # type: ignore[misc]
    """Ends every line with a real space, so extracted text keeps its word breaks.

    reportlab moves to the next line with ``T*`` (relative to the line's start, not to the
    pen), so the trailing space moves nothing on the page.
    """

    def __init__(self, canvas: TaggingCanvas, *args: Any, **kw: Any) -> None:
        super().__init__(canvas, *args, **kw)
        tagger = canvas.tagger
        # Inside a paragraph being marked (and no artifact but its own decoration one), the
        # text object carries the paragraph's marked content.
        self.inline: Node | None = None
        if tagger is not None and tagger.inline is not None and tagger._artifact == 1:
            self.inline = tagger.inline
            self._opening = tagger.allocate(canvas, tagger.inline)

    def _textOut(self, text: str, TStar: int = 0) -> None:
        # An empty piece at a line end is the space between two differently styled words.
        if TStar and not text[-1:].isspace():
            text += " "
        super()._textOut(text, TStar)

    def textLine(self, text: str = "") -> None:
        # drawString and friends: the start is placed before this, so the space moves nothing.
        if text and not text[-1].isspace():
            text += " "
        super().textLine(text)

    def span(self, label: str | None) -> None:
        """Close the open marked content here and open the next: an element (a Reference,
        a Link, a Span; ``label`` is its role and language) inside the paragraph, or
        (``None``) the paragraph again."""
        tagger = self._canvas.tagger
        if self.inline is None or tagger is None:
            return
        role, _, arg = (label or "").partition(" ")
        if role == "NoteRef":
            # A note mark: a Reference holding the Link to its note (``arg`` is the mark).
            node = self.inline.add("Reference").add("Link")
            node.link_texts["#"] = f"Note {arg}"
            tagger.line_links.append(node)
        else:
            node = self.inline if not role else self.inline.add(role)
            node.lang = node.lang or arg or None
            if role == "Link":
                tagger.line_links.append(node)
        self._code += ["EMC", tagger.allocate(self._canvas, node)]

    def getCode(self) -> str:
        code: str = super().getCode()
        if self.inline is None:
            return code
        # BT/ET and BDC/EMC must nest: close the paragraph's decoration artifact, mark the
        # text object's content, and reopen the artifact after it.
        body = code[len("BT") : -len("ET")]
        return f"EMC BT {self._opening}{body}EMC ET /Artifact BMC"


class _StructLinkAnnotation(LinkAnnotation_):  # type: ignore[misc]
    """reportlab's internal-link annotation, allowed to name its place in the structure."""

    permitted = (*LinkAnnotation_.permitted, "StructParent")


class TaggingCanvas(Canvas):  # type: ignore[misc]
    """Canvas behaviour tagging needs: spaced line ends and Link annotations in the tree."""

    tagger: Tagger | None = None

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        # Zero-width callbacks the paragraph markup places around citations and links.
        self.setNamedCB(SPAN_CALLBACK, _span)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        if self.tagger is None:
            return super().beginText(x, y, direction)
        return _SpacedText(self, x, y, direction=direction)

    def linkURL(self, url: str, rect: Any, relative: int = 0, *args: Any, **kw: Any) -> None:
        if self.tagger is None:
            super().linkURL(url, rect, relative, *args, **kw)
            return
        node = getattr(self, "_struct_current", None)
        annotation = self.tagger.link(node, self.getPageNumber() - 1)
        kw["StructParent"] = annotation.key
        kw["Contents"] = PDFString(_link_text(node, url))
        super().linkURL(url, rect, relative, *args, **kw)
        annotation.name = f"NUMBER{self._annotationCount}"  # how reportlab named it

    def linkRect(
        self,
        contents: str,
        destinationname: str,
        Rect: Any = None,
        addtopage: int = 1,
        name: str | None = None,
        relative: int = 1,
        thickness: float = 0,
        color: Any = None,
        dashArray: Any = None,
        **kw: Any,
    ) -> Any:
        """A link within the document (a note mark to its note), tied to its Link element.

        reportlab's own version builds an annotation that refuses a /StructParent, so this
        one builds it the same way from a class that accepts it."""
        if self.tagger is None:
            return super().linkRect(
                contents, destinationname, Rect, addtopage, name, relative, thickness, color,
                dashArray, **kw,
            )
        node = getattr(self, "_struct_current", None)
        annotation = self.tagger.link(node, self.getPageNumber() - 1)
        element = self.tagger.last_link
        if destinationname.startswith("note-") and element.parent is not None:
            self.tagger.note_refs[int(destinationname[5:])] = element.parent
        described = element.link_texts.get("#") or _link_text(node, "#" + destinationname)
        kw["Rect"] = self._absRect(Rect, relative)
        kw["Contents"] = contents or described
        kw["Destination"] = self._bookmarkReference(destinationname)
        kw["StructParent"] = annotation.key
        _annFormat(kw, color, thickness, dashArray)
        result = self._addAnnotation(_StructLinkAnnotation(**kw), name, addtopage)
        annotation.name = name or f"NUMBER{self._annotationCount}"
        return result

    def save(self) -> None:
        if self.tagger is not None:
            write_structure(self.tagger, self._doc, self.tagger.meta)
        super().save()

    @contextmanager
    def furniture(self) -> Iterator[None]:
        """Page furniture (banners, page numbers) is an artifact, never content."""
        if self.tagger is None:
            yield
            return
        with self.tagger.artifact(self):
            yield


SPAN_CALLBACK = "briefgen_span"


def span_start(role: str, lang: str | None = None) -> str:
    """Paragraph markup that opens a ``role`` element (Reference, Link, Span) around what
    follows, in language ``lang`` if given."""
    label = f"{role} {lang}" if lang else role
    return f'<onDraw name="{SPAN_CALLBACK}" label="{label}"/>'


def span_end() -> str:
    """Paragraph markup that returns to the paragraph's own marked content."""
    return f'<onDraw name="{SPAN_CALLBACK}" label=""/>'


def _span(canvas: Canvas, kind: str, label: str | None) -> None:
    tx = canvas._curr_tx_info["tx"]
    if isinstance(tx, _SpacedText):
        tx.span(label or None)


def _link_text(node: Node | None, url: str) -> str:
    text = node.link_texts.get(url) if node is not None else None
    return text or url


from .pdf_roles import tag_notes, tag_story  # noqa: E402
