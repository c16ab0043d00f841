"""Footnotes at the foot of the page they are cited on, as Word sets them in the DOCX.

Each citation mark carries an invisible anchor; when the canvas draws it, the page it lands
on is recorded. The writer then reserves room at the bottom of each page for that page's
notes and lays the document out again, until no page changes (two or three passes). The
notes are drawn with the other page furniture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

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


def height(paragraphs: list[Paragraph], width: float) -> float:
    """Room the notes need: the gap, the rule and every note's wrapped height."""
    if not paragraphs:
        return 0.0
    return GAP + sum(float(p.wrap(width, 10_000)[1]) for p in paragraphs)


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
