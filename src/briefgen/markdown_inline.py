"""The inline half of the Markdown subset: one paragraph's text into spans and citations.

``**bold**``, ``*italic*`` or ``_italic_``, ``[text](url)`` (https and mailto only),
``[words]{lang=ru}``, ``[@source-id]`` citations, backslash escapes, and the groups a
template wraps around each value it prints. Separate from :mod:`briefgen.markdown`, which
reads lines into blocks and calls :func:`parse_inline` on each block's text, because
inline parsing is a scanner of its own (escapes, groups and brackets matched in one pass)
that knows nothing of lines. :mod:`briefgen.markdown` re-exports :func:`parse_inline` and
the group markers, so callers keep one module to import.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from . import model

if TYPE_CHECKING:
    from .markdown import Resolver


PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
#: Schemes that become clickable links. Plain ``http:`` is shown, not linked: a memo should
#: not send its reader over an unencrypted connection.
SAFE_SCHEMES = ("https:", "mailto:")

_CITE = re.compile(r"\[@([A-Za-z0-9_][\w.:-]*)\]")
_LINK_TARGET = re.compile(r"\(([^()\s]*)\)")
# A language span: [words]{lang=ru}, with a BCP 47 tag (language, then optional subtags).
_LANG = re.compile(r"\{lang=([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\}")

#: A template wraps each value it prints in these (two Unicode noncharacters, which a brief
#: may not contain) so the value's own markup is read on its own: an unpaired ``*`` in an
#: owner's name can never pair with the ``*`` a template puts around it, nor can a template's
#: marker close inside the value. The reader drops them.
GROUP_OPEN, GROUP_CLOSE = "\ufdd0", "\ufdd1"


@functools.lru_cache(maxsize=256)
def _group_pairs(text: str) -> dict[int, int]:
    """Index of each ``GROUP_OPEN`` → index of its ``GROUP_CLOSE``, in one pass (cached:
    scanning to the end from every unclosed opener would be quadratic)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, char in enumerate(text):
        if char == GROUP_OPEN:
            stack.append(i)
        elif char == GROUP_CLOSE and stack:
            pairs[stack.pop()] = i
    return pairs


def _group_end(text: str, start: int) -> int:
    """Index of the ``GROUP_CLOSE`` matching the ``GROUP_OPEN`` at ``start``, or -1."""
    return _group_pairs(text).get(start, -1) if GROUP_OPEN in text else -1


def _skip(text: str, i: int) -> int:
    """Where scanning resumes after position ``i``: past an escape or a whole group."""
    if text[i] == "\\":
        return i + 2
    if text[i] == GROUP_OPEN:
        end = _group_end(text, i)
        if end > 0:
            return end + 1
    return i


def _find_close(text: str, start: int, marker: str) -> int:
    """Index of the next unescaped ``marker`` at or after ``start``, or -1."""
    i = start
    while i < len(text):
        if (after := _skip(text, i)) != i:
            i = after
            continue
        if text.startswith(marker, i) and not (marker == "*" and text.startswith("**", i)):
            return i
        i += 1
    return -1


def _bracket_pairs(text: str) -> dict[int, int]:
    """Index of each ``[`` → index of its matching ``]``, for the whole text in one pass.

    Escapes and groups are skipped as everywhere else. One pass, not a scan per ``[``:
    thousands of unclosed brackets in a 20,000-character text used to take minutes."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    while i < len(text):
        if (after := _skip(text, i)) != i:
            i = after
            continue
        if text[i] == "[":
            stack.append(i)
        elif text[i] == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def parse_inline(
    text: str,
    resolver: Resolver,
    *,
    bold: bool = False,
    italic: bool = False,
    href: str | None = None,
    lang: str | None = None,
) -> list[model.Inline]:
    """Parse one paragraph's text into spans and citations."""
    out: list[model.Inline] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(model.Span("".join(buf), bold, italic, href, lang))
            buf.clear()

    brackets: dict[int, int] | None = None  # computed at the first '['
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in PUNCTUATION:
            buf.append(text[i + 1])
            i += 2
            continue
        if char in (GROUP_OPEN, GROUP_CLOSE):
            end = _group_end(text, i) if char == GROUP_OPEN else -1
            if end > 0:
                flush()
                out += parse_inline(
                    text[i + 1 : end], resolver, bold=bold, italic=italic, href=href
                )
                i = end + 1
            else:
                i += 1  # unpaired (a value split across paragraphs): dropped
            continue
        if text.startswith("**", i):
            close = _find_close(text, i + 2, "**")
            if close > i + 2 and not text[i + 2].isspace() and not text[close - 1].isspace():
                flush()
                out += parse_inline(
                    text[i + 2 : close], resolver, bold=True, italic=italic, href=href, lang=lang
                )
                i = close + 2
                continue
        elif char in "*_" and (char == "*" or i == 0 or not text[i - 1].isalnum()):
            close = _find_close(text, i + 1, char)
            if (
                close > i + 1
                and not text[i + 1].isspace()
                and not text[close - 1].isspace()
                and (char == "*" or close + 1 >= len(text) or not text[close + 1].isalnum())
            ):
                flush()
                out += parse_inline(
                    text[i + 1 : close], resolver, bold=bold, italic=True, href=href, lang=lang
                )
                i = close + 1
                continue
        elif char == "[":
            cite = _CITE.match(text, i)
            if cite:
                flush()
                if out and isinstance(out[-1], model.Span):
                    # A note mark hugs the word before it; a hidden one leaves no gap.
                    last = out[-1]
                    out[-1] = replace(last, text=last.text.rstrip())
                number = resolver.cite(cite.group(1))
                i = cite.end()
                if number is not None:  # None: a source this audience may not see
                    out.append(model.Cite(number, cite.group(1)))
                elif not out:
                    while i < len(text) and text[i].isspace():  # nor a leading space
                        i += 1
                continue
            if brackets is None:
                brackets = _bracket_pairs(text)
            close = brackets.get(i, -1)
            target = _LINK_TARGET.match(text, close + 1) if close > 0 else None
            if target and href is None:
                flush()
                url = target.group(1).replace(GROUP_OPEN, "").replace(GROUP_CLOSE, "")
                safe = url if url.lower().startswith(SAFE_SCHEMES) else None
                out += parse_inline(
                    text[i + 1 : close], resolver, bold=bold, italic=italic, href=safe, lang=lang
                )
                i = target.end()
                continue
            tag = _LANG.match(text, close + 1) if close > 0 else None
            if tag and lang is None:
                flush()
                out += parse_inline(
                    text[i + 1 : close],
                    resolver,
                    bold=bold,
                    italic=italic,
                    href=href,
                    lang=tag.group(1),
                )
                i = tag.end()
                continue
        buf.append(char)
        i += 1
    flush()
    return _merge(out)


def _merge(items: list[model.Inline]) -> list[model.Inline]:
    merged: list[model.Inline] = []
    for item in items:
        last = merged[-1] if merged else None
        if (
            isinstance(item, model.Span)
            and isinstance(last, model.Span)
            and (last.bold, last.italic, last.href, last.lang)
            == (item.bold, item.italic, item.href, item.lang)
        ):
            merged[-1] = replace(last, text=last.text + item.text)
        else:
            merged.append(item)
    return merged
