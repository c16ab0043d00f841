"""Which characters a brief may hold, and how to name the ones it may not.

The rule (documented in ``docs/brief-format.md``, "Characters"): text may hold any Unicode
character a DOCX file (XML 1.0) and a PDF can carry, plus tab and line break. Refused, with
their position: the C0 control characters other than tab, line feed and carriage return
(NUL, vertical tab, form feed, escape…), DEL and the C1 controls, lone UTF-16 surrogates
and the Unicode noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF (briefgen uses two of them
internally, see :data:`briefgen.markdown_inline.GROUP_OPEN`). A vertical tab or form feed is
refused rather than guessed at: whether it meant a line break, a paragraph break or a page
break is the author's call.

Inside a value, a carriage return can only come from a ``"\\r"`` escape and is refused too;
a valid surrogate pair written as two escapes (``"\\ud83d\\ude00"``, as JSON tools write
emoji) is joined into the one character it encodes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# C0 controls except tab, LF, CR; DEL and C1 (NEL, U+0085, is a YAML line break in a file);
# surrogates; the two XML non-characters.
_BAD_IN_FILE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_BAD_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# Line breaks as PyYAML counts them, so our positions match its marks.
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")

_NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}

_ADVICE = {
    "\x0b": "replace it with a line break",
    "\x0c": "replace it with a blank line",
    "\x0d": "replace it with a line break",
}


def describe(char: str) -> str:
    """``U+000B (vertical tab)``, ``U+200B (ZERO WIDTH SPACE)``."""
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"{code} (a lone surrogate)"
    if "\ufdd0" <= char <= "\ufdef" or char in "\ufffe\uffff":
        return f"{code} (a Unicode noncharacter)"
    name = _NAMES.get(char) or unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = "control character"
    return f"{code} ({name})" if name else code


def problem(char: str) -> str:
    """What is wrong with a refused character, and what to do."""
    what = "lone surrogate" if "\ud800" <= char <= "\udfff" else "character"
    advice = _ADVICE.get(char, "delete it")
    return f"{what} {describe(char)} is not allowed in a brief; {advice}"


def bad_in_file(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of every refused character in a file's text (1-based)."""
    found = []
    for match in _BAD_IN_FILE.finditer(text):
        start = match.start()
        line, line_start = 1, 0
        for brk in _BREAK.finditer(text, 0, start):
            line, line_start = line + 1, brk.end()
        found.append((line, start - line_start + 1, match.group()))
    return found


def clean_value(value: str) -> tuple[str, tuple[int, str] | None]:
    """``value`` with escaped surrogate pairs joined, and the first refused character
    (index, character) if any."""
    if max(value, default="\0") >= "\ud800":
        value = _SURROGATE_PAIR.sub(
            lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), value
        )
    match = _BAD_IN_VALUE.search(value)
    return value, (match.start(), match.group()) if match else None


def label_hint(value: str, known: Sequence[str]) -> str:
    """Why a sensitivity level or audience name that looks right does not match."""
    if value.strip() != value:
        return "; it has spaces before or after the name"
    for index, char in enumerate(value):
        if char == " ":
            return f"; it contains a space at position {index + 1}"
        category = unicodedata.category(char)
        if category in ("Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cc"):
            return f"; it contains the invisible character {describe(char)} at position {index + 1}"
    for index, char in enumerate(value):
        if not char.isascii():
            return (
                f"; it contains the non-ASCII character {char!r} {describe(char)} at position "
                f"{index + 1}: type the name in plain letters"
            )
    lower = value.lower()
    if lower != value and lower in known:
        return f"; names are lower case: write {lower!r}"
    return ""
