"""Read the Markdown subset that templates write into document-model blocks.

Blocks: ``#``/``##``/``###`` headings, paragraphs, ``-``/``*`` and ``1.`` lists, and fenced
directives for what Markdown has no words for::

    ::: title            ::: header               ::: callout Bottom line
    Title                FOR: The Director        paragraphs and lists
                         FROM: Policy Planning    :::
    Subtitle             :::
    :::
    ::: decision         (a leaf: Approve / Disapprove / Discuss)
    ::: table ID         (a leaf: the brief's table with that id)
    ::: chart ID         (a leaf: the brief's chart with that id)
    ::: risk-matrix threats  (a leaf: the listed risks by likelihood and impact)

Inline: ``**bold**``, ``*italic*`` or ``_italic_``, ``[text](url)`` (https and mailto
only), ``[@source-id]`` citations, and backslash escapes. Nothing else is markup: ``<b>``,
``&amp;`` or ``{{ x }}`` are the characters they look like. Inline text is parsed in
:mod:`briefgen.markdown_inline`; this module reads lines into blocks and escapes values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import model
from .errors import BuildError
from .markdown_inline import GROUP_CLOSE as GROUP_CLOSE
from .markdown_inline import GROUP_OPEN as GROUP_OPEN
from .markdown_inline import parse_inline as parse_inline

_HEADING = re.compile(r"(#{1,3})\s+(.*)")
_BULLET = re.compile(r"([-*+])\s+(.*)")
_ORDERED = re.compile(r"(\d{1,3})[.)]\s+(.*)")
_FENCE = re.compile(r":::\s*([a-z-]*)\s*(.*)")
_FIELD = re.compile(r"([A-Z][A-Za-z /]*):\s*(.*)")
_SPACES = re.compile(r"[ \t]{2,}")

LEAVES = ("decision", "table", "chart", "risk-matrix")
CONTAINERS = ("title", "header", "callout")


@dataclass(frozen=True)
class Resolver:
    """What the reader asks of the outline: citation numbers and tables by id."""

    cite: Callable[[str], int | None]
    table: Callable[[str], model.Table | None]  # None: not this audience's to see
    chart: Callable[[str], model.Chart | None] = lambda _id: None
    risks: Callable[[str], model.RiskMatrix | None] = lambda _name: None


# --- blocks -------------------------------------------------------------------------------


def _is_block_start(line: str) -> bool:
    return bool(
        _HEADING.match(line)
        or _BULLET.match(line)
        or _ORDERED.match(line)
        or line.startswith(":::")
    )


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), 1):
        yield number, line.rstrip()


class _Reader:
    def __init__(self, text: str, resolver: Resolver, where: str) -> None:
        self.lines = list(_lines(text))
        self.pos = 0
        self.resolver = resolver
        self.where = where

    def error(self, message: str) -> BuildError:
        number = self.lines[min(self.pos, len(self.lines) - 1)][0] if self.lines else 1
        return BuildError(f"{self.where}:{number}: {message}")

    def inline(self, text: str) -> model.Inlines:
        # Runs of spaces (template indentation, joined lines) are one space, as in print;
        # other white space, such as no-break spaces, is kept.
        return tuple(parse_inline(_SPACES.sub(" ", text).strip(" \t"), self.resolver))

    def blocks(self, inside: str | None = None, opened: int = 0) -> list[model.Block]:
        blocks: list[model.Block] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos][1]
            stripped = line.strip()
            if not stripped:
                self.pos += 1
                continue
            fence = _FENCE.fullmatch(stripped)
            if fence:
                name, arg = fence.groups()
                if not name:
                    if inside is None:
                        raise self.error("':::' closes nothing")
                    self.pos += 1
                    return blocks
                self.pos += 1
                arg = arg.replace(GROUP_OPEN, "").replace(GROUP_CLOSE, "")
                block = self.directive(name, arg.strip(), opened=self.lines[self.pos - 1][0])
                if block is not None:
                    blocks.append(block)
                continue
            heading = _HEADING.fullmatch(stripped)
            if heading:
                self.pos += 1
                blocks.append(model.Heading(len(heading.group(1)), self.inline(heading.group(2))))
                continue
            if _BULLET.match(stripped) or _ORDERED.match(stripped):
                blocks.append(self.list_block())
                continue
            blocks.append(model.Paragraph(self.inline(self.paragraph_text())))
        if inside is not None:
            raise BuildError(f"{self.where}:{opened}: '::: {inside}' is never closed")
        return blocks

    def paragraph_text(self) -> str:
        parts: list[str] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos][1].strip()
            if not line or (parts and _is_block_start(line)):
                break
            parts.append(line)
            self.pos += 1
        return " ".join(parts)

    def list_block(self) -> model.BulletList:
        ordered = bool(_ORDERED.match(self.lines[self.pos][1].strip()))
        items: list[str] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos][1]
            stripped = line.strip()
            marker = _ORDERED.match(stripped) if ordered else _BULLET.match(stripped)
            # An indented marker is a nested item, which this list ends: unless it is the
            # first line, which must be taken or the reader would never move on.
            if marker and (not items or not line.startswith("  ")):
                items.append(marker.group(2))
            elif stripped and items and not _is_block_start(stripped):
                items[-1] += " " + stripped  # continuation line
            else:
                break
            self.pos += 1
        return model.BulletList(tuple(self.inline(item) for item in items), ordered)

    def directive(self, name: str, arg: str, opened: int) -> model.Block | None:
        if name == "decision":
            return model.DecisionLine()
        if name == "table":
            return self.resolver.table(arg)
        if name == "chart":
            return self.resolver.chart(arg)
        if name == "risk-matrix":
            return self.resolver.risks(arg)
        if name not in CONTAINERS:
            raise self.error(f"unknown directive '::: {name}'")
        start = self.pos
        body = self.blocks(inside=name, opened=opened)
        if name == "title":
            texts = [b.text for b in body if isinstance(b, model.Paragraph)]
            if not texts:
                raise self.error("'::: title' needs a title line")
            return model.Title(texts[0], texts[1] if len(texts) > 1 else ())
        if name == "header":
            return model.HeaderFields(self.fields(start))
        kept = [b for b in body if isinstance(b, model.Paragraph | model.BulletList)]
        return model.Callout(arg, tuple(kept))

    def fields(self, start: int) -> tuple[tuple[str, model.Inlines], ...]:
        """``LABEL: value`` lines of a header block (continuation lines join the value)."""
        pairs: list[list[str]] = []
        for _, line in self.lines[start : self.pos - 1]:
            match = _FIELD.fullmatch(line.strip())
            if match:
                pairs.append([match.group(1), match.group(2)])
            elif line.strip() and pairs:
                pairs[-1][1] += " " + line.strip()
        return tuple((label, self.inline(value)) for label, value in pairs if value.strip())


def read_blocks(text: str, resolver: Resolver, where: str) -> tuple[model.Block, ...]:
    """Read template output ``text`` into blocks; ``where`` names it in error messages."""
    return tuple(_Reader(text, resolver, where).blocks())


_BLOCK_MARKER = re.compile(r"^(\s*)(?:(#|[-*+](?=\s)|:::)|(\d{1,3})(?=[.)]\s))", re.MULTILINE)


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker, number = match.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\"


# Every character str.splitlines() breaks at, besides "\n" itself.
_OTHER_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_INLINE_MARKUP = frozenset("*_[]\\")


def escape(text: str) -> str:
    """Make ``text`` stay inline wherever a template puts it: no line can start a block,
    and its inline markup pairs only within itself (each paragraph is a group).

    Line breaks of every kind become ``\n`` first, so a line separator (U+2028) or form feed
    cannot start a line that the escaping did not see."""
    text = _BLOCK_MARKER.sub(_escape_marker, _OTHER_BREAKS.sub("\n", text))
    if _INLINE_MARKUP.isdisjoint(text):
        return text
    return "\n\n".join(_group(part) for part in text.split("\n\n"))


def _group(part: str) -> str:
    """``part`` wrapped in a group, its surrounding white space left outside."""
    core = part.strip()
    if not core:
        return part
    start = part.index(core)
    return f"{part[:start]}{GROUP_OPEN}{core}{GROUP_CLOSE}{part[start + len(core) :]}"
