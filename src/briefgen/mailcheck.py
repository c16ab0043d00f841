"""Checks on everything that becomes an email header, before the email package sees it.

Python's ``email`` package (3.11.7 and others) trusts what it is given: a line break in a
header value, or an RFC 2047 encoded-word that *decodes* to one, comes out as a new header
line (``Bcc:`` smuggled in through a subject), and ``parseaddr`` reads
``alice@example.org)<bob@evil.example>`` as Alice. So every subject, address and file name
is checked here, strictly and on its own characters, and refused with one clear line.
"""

from __future__ import annotations

import re
import unicodedata
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import parseaddr

from .errors import BriefgenError

#: Longest subject accepted (clients show about 80 characters; RFC 5322 lines stop at 998).
MAX_SUBJECT = 250
#: Longest attachment file name kept, extension included.
MAX_FILENAME = 100

# Bidirectional controls reorder what a reader sees: "memo\u202eFDP.exe" reads "memoexe.PDF".
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Anything that looks like an RFC 2047 encoded-word: it would be decoded, not shown as typed.
_ENCODED_WORD = re.compile(r"=\?.*\?=", re.DOTALL)
# An addr-spec in the plain ASCII form every mail system accepts: dot-atom@host.domain.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDR_SPEC = re.compile(rf"{_ATEXT}+(?:\.{_ATEXT}+)*@{_LABEL}(?:\.{_LABEL})+")
_NAME_ADDR = re.compile(r"(?P<name>[^<>]*?)\s*<(?P<addr>[^<>]*)>")
# Characters a display name may not hold unquoted (RFC 5322 specials), quotes included.
_NAME_SPECIALS = set('"<>()[]\\,;:@')


class InvalidHeader(BriefgenError):
    """A subject, address or name that must not reach a message header."""


def _bad_character(value: str) -> str | None:
    """A description of the first character that may not appear in a header, if any."""
    for ch in value:
        if ch in "\r\n":
            return "a line break"
        if ch == "\0":
            return "a NUL character"
        if ch in _BIDI:
            return f"a bidirectional control (U+{ord(ch):04X})"
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            return f"a control character (U+{ord(ch):04X})"
    return None


def _check_text(value: str, what: str) -> None:
    bad = _bad_character(value)
    if bad:
        raise InvalidHeader(f"{what}: contains {bad}")
    if _ENCODED_WORD.search(value):
        raise InvalidHeader(f"{what}: contains an RFC 2047 encoded-word ('=?…?='); write it out")


def check_subject(value: str, what: str = "subject") -> str:
    """``value`` as a safe one-line subject (outer spaces trimmed), or :class:`InvalidHeader`."""
    text = value.strip()
    _check_text(text, what)
    if not text:
        raise InvalidHeader(f"{what}: is empty")
    if len(text) > MAX_SUBJECT:
        raise InvalidHeader(f"{what}: longer than {MAX_SUBJECT} characters")
    return text


def check_address(value: str, what: str = "address") -> Address:
    """One address, ``jane@example.org`` or ``Jane Doe <jane@example.org>``, checked strictly.

    Refused: line breaks and control characters, encoded-words, more than one address
    (commas, semicolons, a second ``<…>``), anything but a plain ASCII ``local@host.domain``,
    and any value Python's own parser would read differently from this one.
    """
    raw = value.strip()
    _check_text(raw, what)
    if "," in raw or ";" in raw:
        raise InvalidHeader(f"{what}: {raw!r}: one address at a time (repeat the option for more)")
    match = _NAME_ADDR.fullmatch(raw)
    name, addr = (match["name"].strip(), match["addr"].strip()) if match else ("", raw)
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].strip()
    if any(ch in _NAME_SPECIALS for ch in name):
        raise InvalidHeader(
            f'{what}: {raw!r}: the name may not contain any of " < > ( ) [ ] \\ : @'
        )
    if not _ADDR_SPEC.fullmatch(addr) or len(addr) > 254 or len(addr.split("@")[0]) > 64:
        raise InvalidHeader(f"{what}: {raw!r}: not an email address like name@example.org")
    # The same text as Python's parser reads it must give the same name and address.
    if parseaddr(raw) != (name, addr):
        raise InvalidHeader(f"{what}: {raw!r}: ambiguous address")
    try:
        return Address(display_name=name, addr_spec=addr)
    except (HeaderParseError, ValueError, IndexError) as exc:
        raise InvalidHeader(f"{what}: {raw!r}: {exc}") from None


def safe_filename(name: str, fallback: str = "attachment") -> str:
    """An attachment name safe to show and save: last path part only, no control or bidi
    characters, nothing Windows refuses, at most :data:`MAX_FILENAME` characters with the
    extension kept."""
    base = re.split(r"[/\\]", name)[-1]
    kept = "".join(
        "_" if ch in '<>:"|?*' else ch
        for ch in base
        if ch not in _BIDI and unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")
    )
    kept = " ".join(kept.split()).lstrip(". ")
    stem, dot, ext = kept.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = kept, ""
    suffix = f".{ext}" if ext else ""
    stem = stem[: MAX_FILENAME - len(suffix)].rstrip(". ") or fallback
    return stem + suffix
