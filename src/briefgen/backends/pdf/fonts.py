"""Embedded TrueType fonts for the PDF, and per-character fallback to the CJK-capable font.

reportlab keeps one global font registry, so each face is registered once per process under
its file's stem (``LiberationSerif-Bold``). Characters the house families lack are wrapped in
a ``<font>`` tag for the fallback face, so a Chinese place name inside an English sentence
prints in the fallback while the words around it keep the house font.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ... import glyphs
from ...resources import FONTS
from ...style import Style, Text

FACES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}


@dataclass(frozen=True)
class FontSet:
    """Registered font names for one style, and what the house families cover."""

    serif: str
    sans: str
    fallback: str
    covered: frozenset[int]  # characters every house face can draw

    def face(self, text: Text) -> str:
        """The registered face name for a text style."""
        family = self.serif if text.family == "serif" else self.sans
        suffix = {(False, False): "", (True, False): "-Bold", (False, True): "-Italic"}
        return family + suffix.get((text.bold, text.italic), "-BoldItalic")

    def markup(self, text: str) -> str:
        """Escaped paragraph markup for ``text``, uncovered runs set in the fallback face."""
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
        pdfmetrics.registerFont(TTFont(name, path))


def register(style: Style) -> FontSet:
    """Register the style's families and fallback (once per process); return their names."""
    covered: frozenset[int] | None = None
    for family in (style.fonts.serif, style.fonts.sans):
        stem = family.files
        for suffix, face in FACES.items():
            path = FONTS / f"{stem}-{face}.ttf"
            _register(stem + suffix, str(path))
            faces = glyphs.coverage(path)
            covered = faces if covered is None else covered & faces
        pdfmetrics.registerFontFamily(
            stem,
            normal=stem,
            bold=f"{stem}-Bold",
            italic=f"{stem}-Italic",
            boldItalic=f"{stem}-BoldItalic",
        )
    fallback = style.fonts.fallback.file.rsplit(".", 1)[0]
    _register(fallback, str(FONTS / style.fonts.fallback.file))
    # One face only: bold or italic text in the fallback keeps its upright regular shapes.
    pdfmetrics.registerFontFamily(
        fallback, normal=fallback, bold=fallback, italic=fallback, boldItalic=fallback
    )
    assert covered is not None
    return FontSet(style.fonts.serif.files, style.fonts.sans.files, fallback, covered)
