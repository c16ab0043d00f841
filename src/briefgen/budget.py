"""Page budgets: say by how much a memo overflows its page limit, and choose what ``--fit``
may drop to make it fit.

The PDF writer measures (see :class:`briefgen.model.Layout`); this module only reads the
measurements and the selection, so it stays independent of any file format.
"""

from __future__ import annotations

from collections.abc import Iterator

from .audience import Selection
from .model import Layout
from .outline import Outline, Recommendation, Section

_RANK = {"low": 0, "medium": 1, "high": 2}


def over_by(layout: Layout, limit: int) -> int:
    """Body lines beyond the first ``limit`` pages (at least 1 when there are extra pages)."""
    return max(1, round(sum(layout.used[limit:]))) if layout.pages > limit else 0


def message(audience: str, layout: Layout, limit: int) -> str:
    """``principal: 2 pages, limit 1 — over by about 9 lines; longest sections: …``."""
    pages = f"{layout.pages} page{'s' if layout.pages != 1 else ''}"
    longest = sorted(layout.parts, key=lambda part: -part[1])[:3]
    named = ", ".join(
        f"{name.lower()} ({round(lines)} line{'s' if round(lines) != 1 else ''})"
        for name, lines in longest
        if round(lines) > 0
    )
    text = f"{audience}: {pages}, limit {limit} — over by about {over_by(layout, limit)} lines"
    return f"{text}; longest sections: {named}" if named else text


def _shown(selection: Selection, outline: Outline) -> Iterator[tuple[str, str, int, int, str]]:
    """(path, section, section position, index, priority) of every item shown, bullets too."""
    hidden = {w.path for w in selection.withheld}
    for position, name in enumerate(selection.profile.sections):
        if name == "summary":
            continue  # the bottom line is never dropped
        for index, item in enumerate(getattr(outline, name)):
            path = f"{name}[{index}]"
            if path in hidden:
                continue
            priority = item.priority if isinstance(item, Recommendation) else "medium"
            if isinstance(item, Section):
                for k, _ in enumerate(item.bullets):
                    bullet = f"{path}.bullets[{k}]"
                    if bullet not in hidden:
                        # A bullet goes before its section (it sorts as a later index).
                        yield bullet, name, position, index * 1000 + k + 1, priority
            yield path, name, position, index * 1000, priority


def drop_order(selection: Selection, outline: Outline) -> list[str]:
    """Item paths in the order ``--fit`` drops them: low-priority recommendations first, then
    items from the last section of the memo backwards (the last item of a section first, a
    section's bullets before the section), high-priority recommendations last. Every other
    item counts as medium priority; the summary is never dropped."""
    shown = list(_shown(selection, outline))
    ranked = sorted(shown, key=lambda entry: (_RANK[entry[4]], -entry[2], -entry[3]))
    return [path for path, *_ in ranked]
