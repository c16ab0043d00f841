"""Jinja2 templates that turn a :class:`~briefgen.audience.Selection` into Markdown-subset text.

Templates run in Jinja2's sandbox with strict undefined variables. Every value a template
prints passes through :func:`briefgen.markdown.escape`, so brief text can carry inline markup
(bold, links, citations) but can never open a heading, a list or a directive; and brief text
is only ever *data* to a template, never template source, so ``{{ 7*7 }}`` in a brief stays
literal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from . import markdown
from .audience import Selection
from .errors import BuildError


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    return markdown.escape(str(value))


def _longdate(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _oneline(value: str | None) -> str:
    """Fold a value onto one line (header fields, list items)."""
    return " ".join((value or "").split())


def _literal(value: str | None) -> str:
    """Escape inline markup too, for text shown exactly as is (URLs, codes)."""
    return "".join("\\" + c if c in "\\*_[]" else c for c in (value or ""))


class Templates:
    """Compiled templates for a set of audience folders, loaded once and reused."""

    def __init__(self, roots: list[Path]) -> None:
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader([str(r) for r in roots]),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["longdate"] = _longdate
        self.env.filters["oneline"] = _oneline
        self.env.filters["literal"] = _literal

    def render(self, selection: Selection) -> tuple[str, str]:
        """Render the audience's template; return (text, template name for messages)."""
        profile = selection.profile
        name = f"{profile.name}/{profile.template}"
        try:
            template = self.env.get_template(name)
            text = template.render(
                brief=selection.outline,
                audience=profile,
                marking=selection.banner,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise BuildError(f"{name}: template not found: {exc.name}") from None
        except (jinja2.UndefinedError, SecurityError, TypeError) as exc:
            raise BuildError(f"{name}: {exc}") from None
        return text, name
