"""What a built document must and must not contain, derived from the outline itself."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from briefgen import markdown, model
from briefgen.outline import SECTIONS, Outline, Section

_TEXT_FIELDS = ("text", "heading", "title", "action", "rationale", "caption", "note")


def plain(text: str, notes: dict[str, int] | None = None) -> str:
    """``text`` as a reader sees it: markup gone, whitespace folded, and each citation the
    bare note number (as superscripts extract) or nothing where its source is not shown."""
    resolver = markdown.Resolver(cite=(notes or {}).get, table=lambda _id: None)
    parts = markdown.parse_inline(text, resolver)
    flat = "".join(p.text if isinstance(p, model.Span) else str(p.number) for p in parts)
    return " ".join(flat.split())


def item_texts(item: Any, notes: dict[str, int] | None = None) -> Iterator[str]:
    """The visible prose of one item (not its nested bullets, which have their own level)."""
    for name in _TEXT_FIELDS:
        value = getattr(item, name, None)
        if isinstance(value, str):
            for paragraph in value.split("\n\n"):
                if paragraph.strip():
                    yield plain(paragraph, notes)
    for row in getattr(item, "rows", ()):
        yield from (plain(cell, notes) for cell in row)


def runs(text: str, minimum: int = 24) -> Iterator[str]:
    """Stretches of an item's text long enough to be unique and short enough not to be
    split by formatting (bold, links) in the file: the text between markup characters."""
    for piece in text.replace("*", "\x00").replace("[", "\x00").replace("]", "\x00").split("\x00"):
        piece = " ".join(piece.split())
        if len(piece) >= minimum:
            yield piece


def items(outline: Outline) -> Iterator[tuple[str, Any]]:
    """(path, item) for every selectable item, background bullets included."""
    for name in SECTIONS:
        for i, item in enumerate(getattr(outline, name)):
            yield f"{name}[{i}]", item
            if isinstance(item, Section):
                for k, bullet in enumerate(item.bullets):
                    yield f"{name}[{i}].bullets[{k}]", bullet


def raw_runs(item: Any) -> Iterator[str]:
    """Like :func:`runs` over the raw (unparsed) text fields of ``item``."""
    for name in _TEXT_FIELDS:
        value = getattr(item, name, None)
        if isinstance(value, str):
            yield from runs(value)


def shallow(item: Any) -> Any:
    """The item without nested items (their visibility is decided separately)."""
    if isinstance(item, Section):
        return dataclasses.replace(item, bullets=())
    return item
