"""Which characters the bundled fonts can draw, read from their ``cmap`` tables.

Used before rendering so that a character no font covers fails the build with the field and
the characters named, instead of printing as an empty box; and by the PDF writer to hand
each character the bundled families lack to the fallback font. Reading the table ourselves
(formats 4 and 12, what TrueType fonts carry) keeps this check free of any PDF library.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .errors import InvalidInput, Problem
from .resources import FONTS
from .style import Style

FACES = ("Regular", "Bold", "Italic", "BoldItalic")


@functools.cache
def coverage(path: Path) -> frozenset[int]:
    """Code points mapped to a glyph by the Unicode ``cmap`` subtable of font ``path``."""
    data = path.read_bytes()
    tables = {
        data[12 + 16 * i : 16 + 16 * i].decode("latin-1"): struct.unpack_from(
            ">II", data, 20 + 16 * i
        )
        for i in range(struct.unpack_from(">H", data, 4)[0])
    }
    base = tables["cmap"][0]
    count = struct.unpack_from(">H", data, base + 2)[0]
    best: tuple[int, int] | None = None  # (format, offset), the widest Unicode subtable
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        if (platform, encoding) in ((3, 10), (0, 4), (3, 1), (0, 3)):
            fmt = struct.unpack_from(">H", data, base + offset)[0]
            if fmt in (4, 12) and (best is None or fmt > best[0]):
                best = (fmt, base + offset)
    if best is None:
        return frozenset()
    fmt, at = best
    found: set[int] = set()
    if fmt == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
            found.update(c for c in range(start, end + 1) if glyph + c - start)
        return frozenset(found)
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    for s, (start, end, delta, offset) in enumerate(
        zip(starts, ends, deltas, offsets, strict=True)
    ):
        stop = min(end, 0xFFFE) + 1  # U+FFFF is never a character
        if start >= stop:
            continue
        codes = range(start, stop)
        if offset == 0:  # glyph = code + delta: every code but the one that lands on 0
            found.update(codes)
            if start <= -delta & 0xFFFF < stop:
                found.discard(-delta & 0xFFFF)
            continue
        index = range_at + 2 * s + offset
        values = struct.unpack_from(f">{len(codes)}H", data, index)
        found.update(c for c, v in zip(codes, values, strict=True) if v and (v + delta) & 0xFFFF)
    return frozenset(found)


def needs_glyph(char: str) -> bool:
    """False for characters nothing is drawn for: spaces, line breaks, format controls."""
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf"))


def missing(text: str, covered: frozenset[int]) -> str:
    """The distinct characters of ``text`` that need a glyph and are not ``covered``."""
    return "".join(c for c in dict.fromkeys(text) if ord(c) not in covered and needs_glyph(c))


def house(style: Style) -> frozenset[int]:
    """What every face of the style's serif and sans families covers."""
    return _common(tuple(family.files for family in (style.fonts.serif, style.fonts.sans)))


def printable(style: Style) -> frozenset[int]:
    """Every character some font of the style can draw (house families or fallback)."""
    return house(style) | coverage(FONTS / style.fonts.fallback.file)


@functools.cache
def _common(families: tuple[str, ...]) -> frozenset[int]:
    faces = [coverage(FONTS / f"{family}-{face}.ttf") for family in families for face in FACES]
    return frozenset.intersection(*faces)


class Drawable:
    """The characters some font of ``style`` can draw, as a container. The fallback font's
    table is large, so it is read only for a character the house families lack."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.house = house(style)

    def __contains__(self, code: object) -> bool:
        if code in self.house:
            return True
        return code in coverage(FONTS / self.style.fonts.fallback.file)


def check(
    texts: Iterable[tuple[str, str]],
    style: Style,
    file: str,
    positions: dict[str, tuple[int, int]],
) -> None:
    """Raise :class:`InvalidInput` naming each field (path, line, column) with characters
    no bundled font can draw; ``texts`` yields (field path, text)."""
    covered = house(style)
    problems = []
    for path, text in texts:
        lacking = missing(text, covered)
        if lacking:
            # Only what the house families lack is looked up in the (large) fallback font.
            lacking = missing(lacking, printable(style))
        if lacking:
            line, col = positions.get(path, (1, 1))
            listed = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in lacking)
            problems.append(
                Problem(
                    file,
                    line,
                    col,
                    path,
                    f"no bundled font can draw {listed}; they would print as empty boxes "
                    "(pass --allow-missing-glyphs to build anyway)",
                )
            )
    if problems:
        raise InvalidInput(problems)
