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
   which node owns each; :class:`~.pdf_canvas.TaggingCanvas` wraps page furniture in
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

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.flowables import BulletDrawer

from .. import model
from .pdf_structure import Font, LinkAnnotation, MarkedContent, Node

__all__ = [
    "Font",
    "Tagger",
    "TaggingCanvas",
    "span_end",
    "span_start",
    "tag_notes",
    "tag_story",
]

# The model → structure walk (pdf_roles) and the canvas side (pdf_canvas) are imported last,
# as they use the hooks here.


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


from .pdf_canvas import TaggingCanvas, span_end, span_start  # noqa: E402
from .pdf_roles import tag_notes, tag_story  # noqa: E402
