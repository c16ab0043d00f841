"""Measure how a PDF's content falls onto pages, for page budgets (:class:`model.Layout`).

The PDF writer reports each flowable as it is placed; this keeps the running account: the
height used on every page and the height each top-level part of the memo takes.
"""

from __future__ import annotations

from typing import Any

from .. import model

#: The part of a memo before its first top-level heading (title, header, bottom line).
OPENING = "opening"


class LayoutMeter:
    """Running account of space used, in points, per page and per top-level part."""

    def __init__(self) -> None:
        self.used: dict[int, float] = {}
        self.parts: dict[str, float] = {OPENING: 0.0}
        self._part = OPENING
        self._at: tuple[int, float] | None = None  # (page, y) after the last flowable

    def placed(self, frame: Any, page: int, heading: str | None = None) -> None:
        """Account the flowable just placed in ``frame`` on ``page``; ``heading`` starts a
        new top-level part."""
        if frame is None:  # between pages: nothing was placed
            return
        top, bottom, y = frame._y1 + frame._height, frame._y1, frame._y
        last_page, last_y = self._at or (page, top)
        if last_page == page:
            taken = last_y - y
        else:  # it began on an earlier page (or moved there): count both pieces
            taken = (last_y - bottom) + (top - y) + (page - last_page - 1) * frame._height
        self._at = (page, y)
        self.used[page] = max(self.used.get(page, 0.0), top - y)
        if heading is not None:
            self._part = heading
        self.parts[self._part] = self.parts.get(self._part, 0.0) + taken

    def layout(self, pages: int, line: float) -> model.Layout:
        """The account in body lines of ``line`` points."""
        return model.Layout(
            pages=pages,
            used=tuple(self.used.get(n, 0.0) / line for n in range(1, pages + 1)),
            parts=tuple((name, pts / line) for name, pts in self.parts.items() if pts > 0),
        )
