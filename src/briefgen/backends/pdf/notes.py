"""Footnotes at the foot of the page they are cited on, as Word sets them in the DOCX.

Each citation mark carries an invisible anchor; when the canvas draws it, the page it lands
on is recorded. The body frame (:class:`NoteFrame`) looks for anchors in each flowable
before placing it and makes room at the foot of the page for their notes, so one layout pass
is enough. Should the notes a page got differ from the room made for them, the writer lays
the document out again with that room reserved from the start, until no page changes. The
notes are drawn with the other page furniture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, Paragraph

#: Room between the text and the separator rule, and above the first note.
GAP = 10.0
RULE_WIDTH = 1.5 * 72
#: Most layout passes before giving up on a stable result.
PASSES = 12
#: Most of a page's text height the notes cited on it may take.
MOST_OF_PAGE = 0.5


@dataclass
class Notes:
    """Which notes fall on which page, and the room they need there."""

    #: Mark of each citation, in document order (index = anchor number - 1).
    marks: list[int] = field(default_factory=list)
    #: Page → anchor numbers drawn on it, found by the last pass.
    placed: dict[int, list[int]] = field(default_factory=dict)
    #: Page → points reserved for its notes in the current pass.
    reserve: dict[int, float] = field(default_factory=dict)
    #: Whether the frame makes room for notes as it places their citations (else the
    #: room is :attr:`reserve`, fixed before the pass).
    growing: bool = True
    #: Height of the note an anchor number leads to (set by the writer).
    measure: Callable[[int], float] = lambda anchor: 0.0
    #: Most room the notes of one page may take (set by the writer).
    most: float = float("inf")
    _heights: dict[int, float] = field(default_factory=dict)

    def room(self, anchors: list[int]) -> float:
        """Room the notes of ``anchors`` need: the gap, the rule and every note."""
        if not anchors:
            return 0.0
        for anchor in anchors:
            if anchor not in self._heights:
                self._heights[anchor] = self.measure(anchor)
        return GAP + sum(self._heights[anchor] for anchor in sorted(anchors))

    def room_with(self, page: int, flowable: Flowable) -> float:
        """Room ``page``'s notes need once ``flowable`` is on it too."""
        cited = getattr(flowable, "_cited", None)
        if cited is None:  # a flowable is offered to the frame again and again: look once
            cited = tuple(anchors(flowable))
            if not isinstance(flowable, list):  # a heading's list of what it keeps with
                flowable._cited = cited
        drawn = self.placed.get(page, [])
        return self.room(sorted({*drawn, *cited}) if cited else drawn)

    def anchor(self, mark: int) -> int:
        """Record a citation of note ``mark``; return its anchor number (``cite-N`` marks
        where the citation is, ``note-N`` its note)."""
        self.marks.append(mark)
        return len(self.marks)

    def seen(self, name: str, page: int) -> None:
        if name.startswith("cite-"):
            self.placed.setdefault(page, []).append(int(name[5:]))

    def on_page(self, page: int) -> list[tuple[int, int]]:
        """(anchor number, note mark) of the notes to print at the foot of ``page``, in order."""
        return [(a, self.marks[a - 1]) for a in sorted(self.placed.get(page, []))]


def anchors(flowable: Any) -> Iterator[int]:
    """Anchor numbers of the citations in ``flowable``, however nested (lists, tables,
    kept-together groups) and whatever part of a split paragraph it is."""
    if isinstance(flowable, Paragraph):
        yield from _frag_anchors(flowable.frags)
        return
    if isinstance(flowable, (list, tuple)):
        for item in flowable:
            yield from anchors(item)
        return
    for attribute in ("_content", "_flowable", "_cellvalues"):
        inner = getattr(flowable, attribute, None)
        if inner is not None:
            yield from anchors(inner)


def _frag_anchors(frags: Any) -> Iterator[int]:
    # A paragraph's fragments; the parts of a split paragraph hold them inside its words
    # (lists of width and (fragment, text) pairs).
    for frag in frags:
        if isinstance(frag, (list, tuple)):
            yield from _frag_anchors(frag)
            continue
        defn = getattr(frag, "cbDefn", None)
        if defn is not None and defn.kind == "anchor" and defn.name.startswith("cite-"):
            yield int(defn.name[5:])


class Crowded(Exception):
    """The notes cited on ``page`` would take more than :attr:`Notes.most` of it."""

    def __init__(self, page: int) -> None:
        super().__init__(page)
        self.page = page


class NoteFrame(Frame):  # type: ignore[misc]
    """The body frame: before placing a flowable, it raises its foot by the room the notes
    cited in the flowable need on this page, and keeps it raised if the flowable fits."""

    notes: Notes
    page = 0  # set by the document template as each page begins

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        if not self.notes.growing:
            return int(super().add(flowable, canv, trySplit))
        before = self.notes.reserve.get(self.page, 0.0)
        # A heading's conditional page break decides with the notes of what it keeps with
        # (at most the room notes may take: more is for the placing itself to report).
        keeps = getattr(flowable, "keeps", None)
        needed = self.notes.room_with(self.page, flowable if keeps is None else keeps)
        if keeps is not None:
            needed = min(needed, self.notes.most)
        if needed <= before:
            return int(super().add(flowable, canv, trySplit))
        if needed > self.notes.most and keeps is None:
            return 0  # too many notes for one page: split it (see split)
        foot = self._y1 + self._bottomPadding
        self._y1p = foot + needed
        if keeps is not None:  # only a decision: the notes are not on this page yet
            try:
                return int(super().add(flowable, canv, trySplit))
            finally:
                self._y1p = foot + before
        if super().add(flowable, canv, trySplit):
            self.notes.reserve[self.page] = needed
            return 1
        self._y1p = foot + before
        return 0

    def split(self, flowable: Flowable, canv: Canvas) -> list[Flowable]:
        if not self.notes.growing:
            return list(super().split(flowable, canv))
        saved = self._y1p
        foot = self._y1 + self._bottomPadding
        if isinstance(flowable, KeepTogether):
            # A group kept on one page (a figure) moves on whole unless it fits with the
            # notes of all of it: its split only decides that, so decide it with them.
            needed = min(self.notes.room_with(self.page, flowable), self.notes.most)
            self._y1p = foot + max(needed, saved - foot)
            try:
                return list(super().split(flowable, canv))
            finally:
                self._y1p = saved
        parts: list[Flowable] = super().split(flowable, canv)
        # Split again above the notes the first part cites. The room only ever grows, so
        # the part found last fits with its notes (at worst with a little room to spare).
        # Should what fits above the most room notes may take cite more, there is no room.
        level = saved - foot
        for _ in range(5):
            if not parts:
                break
            needed = self.notes.room_with(self.page, parts[0])
            if needed <= level:
                break
            if level >= self.notes.most:
                raise Crowded(self.page)
            level = min(needed, self.notes.most)
            self._y1p = foot + level
            try:
                parts = super().split(flowable, canv)
            finally:
                self._y1p = saved
        return parts


def draw(
    canvas: Canvas,
    paragraphs: list[Paragraph],
    x: float,
    bottom: float,
    width: float,
    color: object,
) -> None:
    """Draw the notes upward from ``bottom``, under a short rule."""
    if not paragraphs:
        return
    heights = [p.wrap(width, 10_000)[1] for p in paragraphs]
    y = bottom + sum(heights)
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(0.5)
    canvas.line(x, y + GAP / 2, x + RULE_WIDTH, y + GAP / 2)
    canvas.restoreState()
    for paragraph, h in zip(paragraphs, heights, strict=True):
        y -= h
        paragraph.drawOn(canvas, x, y)
