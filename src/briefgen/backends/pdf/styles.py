"""reportlab paragraph styles from the house style, named as Word names them."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from ...style import WORD_NAMES, Style, Text
from .fonts import FontSet


def paragraph_style(name: str, text: Text, style: Style, fonts: FontSet) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=fonts.face(text),
        fontSize=text.size,
        leading=text.line,
        spaceBefore=text.space_before,
        spaceAfter=text.space_after,
        textColor=colors.HexColor(style.color(text.color)),
    )


def build(style: Style, fonts: FontSet) -> dict[str, ParagraphStyle]:
    """Every Word-named style, plus a few derived ones the writer needs."""
    found = {
        name: paragraph_style(name, getattr(style.styles, attr), style, fonts)
        for name, attr in WORD_NAMES.items()
    }
    found["Header Field"] = ParagraphStyle(
        "Header Field", parent=found["Body Text"], spaceBefore=0, spaceAfter=0
    )
    found["Table Heading"] = ParagraphStyle(
        "Table Heading",
        parent=found["Table Text"],
        fontName=fonts.face(Text(family="sans", size=1, bold=True)),
    )
    return found
