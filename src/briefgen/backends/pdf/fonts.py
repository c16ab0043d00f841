"""Embedded TrueType fonts for the PDF, and per-character fallback to the CJK-capable font.

reportlab keeps one global font registry, so each face is registered once per process under
its file's stem (``LiberationSerif-Bold``). Characters the house families lack are wrapped in
a ``<font>`` tag for the fallback face, so a Chinese place name inside an English sentence
prints in the fallback while the words around it keep the house font.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontMaker

from ... import glyphs
from ...resources import FONTS
from ...style import Style, Text
from ..pdf_structure import xml_escape
from . import fontcache

FACES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}


@dataclass(frozen=True)
class FontSet:
    """Registered font names for one style, and what the house families cover."""

    serif: str
    sans: str
    fallback_name: str
    fallback_path: str
    covered: frozenset[int]  # characters every house face can draw

    @property
    def fallback(self) -> str:
        """The fallback face's name, registered now: parsing a CJK font's tables costs more
        than laying out a whole memo, so only a document that needs it pays for it."""
        _register(self.fallback_name, self.fallback_path)
        # One face only: bold or italic text in the fallback keeps its upright regular shapes.
        name = self.fallback_name
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        return name

    def face(self, text: Text) -> str:
        """The registered face name for a text style."""
        family = self.serif if text.family == "serif" else self.sans
        suffix = {(False, False): "", (True, False): "-Bold", (False, True): "-Italic"}
        return family + suffix.get((text.bold, text.italic), "-BoldItalic")

    def markup(self, text: str) -> str:
        """Escaped paragraph markup for ``text``, uncovered runs set in the fallback face."""
        if self.covered.issuperset(map(ord, text)):  # the usual case, checked in C
            return xml_escape(text)
        out: list[str] = []
        run: list[str] = []
        in_fallback = False
        for char in text:
            # Spaces and line breaks stay with the run they are in.
            wants = ord(char) not in self.covered if glyphs.needs_glyph(char) else in_fallback
            if wants != in_fallback and run:
                out.append(self._run("".join(run), in_fallback))
                run.clear()
            in_fallback = wants
            run.append(char)
        if run:
            out.append(self._run("".join(run), in_fallback))
        return "".join(out)

    def _run(self, text: str, fallback: bool) -> str:
        escaped = xml_escape(text)
        return f'<font name="{self.fallback}">{escaped}</font>' if fallback else escaped


def _register(name: str, path: str) -> None:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_embed_unhinted(fontcache.load(name, Path(path))))


def register(style: Style) -> FontSet:
    """Register the style's families (once per process); return their names. The fallback
    is registered on first use (:attr:`FontSet.fallback`)."""
    fonts = style.fonts
    return _registered(
        fonts.serif.files, fonts.sans.files, fonts.fallback.file, glyphs.house(style)
    )


@functools.cache
def _registered(serif: str, sans: str, fallback: str, covered: frozenset[int]) -> FontSet:
    for stem in (serif, sans):
        for suffix, face in FACES.items():
            _register(stem + suffix, str(FONTS / f"{stem}-{face}.ttf"))
        pdfmetrics.registerFontFamily(
            stem,
            normal=stem,
            bold=f"{stem}-Bold",
            italic=f"{stem}-Italic",
            boldItalic=f"{stem}-BoldItalic",
        )
    return FontSet(serif, sans, fallback.rsplit(".", 1)[0], str(FONTS / fallback), covered)


# --- smaller embedded subsets ----------------------------------------------------------------

_HINTING = (b"fpgm", b"prep", b"cvt ")
_MORE_COMPONENTS, _HAS_INSTRUCTIONS = 0x0020, 0x0100
_ARGS_ARE_WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0040, 0x0080


def _unhinted_glyph(data: bytes) -> bytes:
    """One ``glyf`` entry without its TrueType hinting instructions."""
    if len(data) < 10:
        return data
    contours = struct.unpack_from(">h", data)[0]
    if contours >= 0:
        at = 10 + 2 * contours
        length = struct.unpack_from(">H", data, at)[0]
        return data[:at] + b"\0\0" + data[at + 2 + length :]
    out = bytearray(data)
    at, flags = 10, _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags = struct.unpack_from(">H", data, at)[0]
        struct.pack_into(">H", out, at, flags & ~_HAS_INSTRUCTIONS)
        at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return bytes(out[:at])


# The names an embedded subset keeps: family, style, unique id, full name, version and
# PostScript name (1–6), and the notices that travel with the font: copyright (0), trademark
# (7), licence and its address (13, 14). Description, vendor and designer go.
_NAMES_KEPT = frozenset((0, 1, 2, 3, 4, 5, 6, 7, 13, 14))
_WINDOWS_UNICODE = (3, 1)


def lean_names(table: bytes) -> bytes:
    """A ``name`` table with only the Windows Unicode records in :data:`_NAMES_KEPT`.

    A PDF reader finds the font by its dictionary's /BaseFont, never by these names, and
    Liberation repeats each one for the old Macintosh platform: the full table is about
    1 KB, compressed, of each face a memo embeds (a fifth of its subset). A font without
    Windows records keeps its table whole."""
    count, strings = struct.unpack_from(">HH", table, 2)
    records = []
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(
            ">6H", table, 6 + 12 * i
        )
        if (platform, encoding) == _WINDOWS_UNICODE and name_id in _NAMES_KEPT:
            text = table[strings + offset : strings + offset + length]
            records.append((platform, encoding, language, name_id, text))
    if not records:
        return table
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    directory, data = bytearray(), bytearray()
    for platform, encoding, language, name_id, text in records:
        directory += struct.pack(">6H", platform, encoding, language, name_id, len(text), len(data))
        data += text
    return header + bytes(directory) + bytes(data)


def unhinted(font: bytes) -> bytes:
    """A TrueType font file without hinting (``fpgm``, ``prep``, ``cvt `` and the glyphs'
    instructions): PDF viewers rasterise outlines themselves, and the hints are about 40 % of
    Liberation's glyph data. Its ``name`` table keeps only what :func:`lean_names` keeps."""
    count = struct.unpack_from(">H", font, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * i)
        tables[tag] = font[offset : offset + length]
    head = bytearray(tables[b"head"])
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    loca = tables[b"loca"]
    number = len(loca) // (4 if long_loca else 2) - 1
    offsets = (
        struct.unpack(f">{number + 1}I", loca)
        if long_loca
        else tuple(2 * v for v in struct.unpack(f">{number + 1}H", loca))
    )
    glyf, new_offsets = bytearray(), [0]
    for index in range(number):
        glyph = _unhinted_glyph(tables[b"glyf"][offsets[index] : offsets[index + 1]])
        glyf += glyph + b"\0" * (-len(glyph) % 4)
        new_offsets.append(len(glyf))
    long_loca = len(glyf) // 2 > 0xFFFF
    struct.pack_into(">h", head, 50, 1 if long_loca else 0)
    tables[b"glyf"] = bytes(glyf)
    tables[b"loca"] = (
        struct.pack(f">{number + 1}I", *new_offsets)
        if long_loca
        else struct.pack(f">{number + 1}H", *(v // 2 for v in new_offsets))
    )
    tables[b"head"] = bytes(head)
    if b"name" in tables:
        tables[b"name"] = lean_names(tables[b"name"])
    maker = TTFontMaker()
    for tag, data in tables.items():
        if tag not in _HINTING:
            maker.add(tag.decode("latin-1"), data)
    result: bytes = maker.makeStream()
    return result


def _embed_unhinted(font: TTFont) -> TTFont:
    """Have ``font`` embed its subsets without hinting (see :func:`unhinted`)."""
    subset = font.face.makeSubset
    font.face.makeSubset = lambda codes: unhinted(subset(codes))
    return font
