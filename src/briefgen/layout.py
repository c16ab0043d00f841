"""How a brief lays out on paper, per audience: what two lint rules measure.

The bottom line is measured the way the PDF sets it (the callout's text width, 12 pt serif;
Liberation Serif has the metrics of Times), and a memo with a page limit is rendered to PDF
and its pages counted. Word may break lines and pages a little differently; both are
estimates for warnings, never reasons to refuse a build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import backends, markdown, model
from .errors import BriefgenError
from .outline import Outline

if TYPE_CHECKING:
    from .build import Project

#: The bottom line's box in the PDF: the text width (6.5 in) less the box's padding.
BOX_WIDTH = 6.5 * 72 - 20
_PAGE = re.compile(rb"/Type /Page\b(?!s)")


@dataclass(frozen=True)
class Bluf:
    """The bottom line as one audience gets it."""

    audience: str
    lines: int
    words: int


@dataclass(frozen=True)
class Pages:
    """An audience's memo against its page limit; ``pages`` None when it cannot be laid out."""

    audience: str
    pages: int | None
    limit: int


def plain(text: str) -> str:
    """Brief text as printed: markup gone, citations dropped, whitespace folded."""
    resolver = markdown.Resolver(cite=lambda _id: None, table=lambda _id: None)
    return " ".join(model.plain(tuple(markdown.parse_inline(text, resolver))).split())


def longest_bluf(outline: Outline, project: Project) -> Bluf | None:
    """The audience whose bottom line runs to the most printed lines."""
    from reportlab.lib.utils import simpleSplit

    found: list[Bluf] = []
    for name, profile in project.profiles.items():
        if "summary" not in profile.sections:
            continue
        try:
            texts = [p.text for p in project.select(outline, name).outline.summary]
        except BriefgenError:
            continue  # a build problem; `briefgen build` reports it
        lines = sum(len(simpleSplit(plain(t), "Times-Roman", 12, BOX_WIDTH)) for t in texts)
        found.append(Bluf(name, lines, sum(len(t.split()) for t in texts)))
    return max(found, key=lambda b: b.lines, default=None)


def page_counts(outline: Outline, project: Project) -> list[Pages]:
    """Each audience with a page limit, and how many PDF pages its memo takes."""
    render = backends.get("pdf").render
    result = []
    for name, profile in project.profiles.items():
        if profile.page_limit is None:
            continue
        try:
            pages: int | None = len(_PAGE.findall(render(project.document(outline, name))))
        except BriefgenError:
            continue
        except Exception as exc:  # reportlab's LayoutError: one block taller than a page
            if type(exc).__name__ != "LayoutError":
                raise
            pages = None
        result.append(Pages(name, pages, profile.page_limit))
    return result
