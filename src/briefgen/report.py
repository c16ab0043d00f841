"""The author's release report: per audience, what was withheld from its product and why.

It is text for the author's eyes (standard error), built from each product's selection after
the build; nothing of it ever goes into an audience's files.
"""

from __future__ import annotations

from collections.abc import Iterable

from .audience import DROPPED, Selection, Withheld
from .outline import SECTIONS


def _line(item: Withheld, clearance: str) -> str:
    """``  path (id) “title”: reason``, the reason naming the item's level and, where that
    is what excluded it, the clearance it is above."""
    name = f" ({item.id})" if item.id else ""
    title = f" “{item.title}”" if item.title else ""
    if item.reason.startswith("level "):
        reason = f"{item.reason} {clearance}"
    else:
        reason = f"{item.reason} (level {item.level})"
    return f"  {item.path}{name}{title}: {reason}"


def release_report(selections: Iterable[Selection]) -> list[str]:
    """Lines of the report: a heading per audience, then one line per withheld item."""
    lines: list[str] = []
    for selection in selections:
        profile = selection.profile
        withheld = selection.withheld
        clearance = profile.clearance_in(selection.scheme)
        lines.append(
            f"{profile.name}: clearance {clearance}, marked {selection.banner}; "
            f"{len(withheld)} item{'s' if len(withheld) != 1 else ''} withheld"
        )
        lines += [_line(item, clearance) for item in withheld]
        skipped = [name for name in SECTIONS if name not in profile.sections]
        if skipped:
            lines.append(f"  lists this product does not show: {', '.join(skipped)}")
    return lines


def dropped_report(selection: Selection, pages: int | None) -> list[str]:
    """What ``--fit`` left out of one audience's product, one line per item."""
    dropped = [w for w in selection.withheld if w.reason == DROPPED]
    if not dropped:
        return []
    limit = selection.profile.page_limit
    head = f"{selection.profile.name}: dropped {len(dropped)} item"
    head += f"{'s' if len(dropped) != 1 else ''} to fit {limit} page{'s' if limit != 1 else ''}"
    head += f" (now {pages})" if pages else ""
    clearance = selection.profile.clearance_in(selection.scheme)
    return [head + ":"] + [_line(item, clearance) for item in dropped]
