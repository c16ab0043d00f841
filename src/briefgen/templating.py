"""Jinja2 templates that turn a :class:`~briefgen.audience.Selection` into Markdown-subset text.

Templates run sandboxed, confined to their folders and bounded in time and memory (see
:mod:`briefgen.sandbox`), with strict undefined variables. Every value a template
prints passes through :func:`briefgen.markdown.escape`, so brief text can carry inline markup
(bold, links, citations) but can never open a heading, a list or a directive; and brief text
is only ever *data* to a template, never template source, so ``{{ 7*7 }}`` in a brief stays
literal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from . import __version__, markdown, sandbox
from .audience import Selection
from .errors import BuildError
from .resources import cache_dir


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


_OPTIONS = {
    "autoescape": False,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, in the user's cache folder.

    Compiling the templates is a tenth of a cold build. Jinja2 checks each entry against
    the template's source; the file names carry briefgen's version and the environment's
    options, so a cache written under other settings is never read. Without a writable
    cache folder, templates are simply compiled every run.
    """
    folder = cache_dir("templates")
    if folder is None:
        return None
    # What shapes the compiled code besides the source: the environment's class, the
    # operators its sandbox intercepts, its code generator, and the options below.
    env = sandbox.Sandbox
    settings = repr(
        (
            f"{env.__module__}.{env.__qualname__}",
            sorted(env.intercepted_binops),
            sorted(env.intercepted_unops),
            env.code_generator_class.__qualname__,
            sorted(_OPTIONS.items()),
        )
    )
    tag = hashlib.sha256(settings.encode()).hexdigest()[:12]
    return jinja2.FileSystemBytecodeCache(str(folder), f"{__version__}-{tag}-%s.cache")


def _addressee(value: str) -> str:
    """Who an entry of a distribution list names: the display name of ``Name <address>``,
    else the entry as written."""
    if "<" not in value:
        return value
    import email.utils  # with socket and calendar: only for a distribution list

    name, address = email.utils.parseaddr(value)
    return name or address or value


_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


class Templates:
    """Compiled templates for a set of audience folders, loaded once and reused.

    ``roots`` are searched in order, so a user's template folder placed first overrides
    briefgen's own templates of the same name. ``trusted`` is for briefgen's own templates
    alone: they render in this process, compiled once, instead of in a bounded worker (a
    template folder from anyone else is always bounded, see :mod:`briefgen.sandbox`)."""

    def __init__(self, roots: list[Path], *, trusted: bool = False) -> None:
        self.trusted = trusted
        self.env = sandbox.Sandbox(
            loader=sandbox.ConfinedLoader(roots),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            bytecode_cache=_bytecode_cache(),
            **_OPTIONS,
        )
        self.env.filters["longdate"] = _longdate
        self.env.filters["oneline"] = _oneline
        self.env.filters["literal"] = _literal
        self.env.filters["addressee"] = _addressee

    def render(self, selection: Selection) -> tuple[str, str]:
        """Render the audience's template; return (text, template name for messages)."""
        profile = selection.profile
        name = f"{profile.name}/{profile.template}"

        def run() -> str:
            # In the bounded worker (see briefgen.sandbox): compiling evaluates constant
            # expressions, so it runs there too. Every error becomes one line. Still
            # sandboxed when trusted: the outline's strings are the brief author's.
            try:
                template = self.env.get_template(name)
                chunks = template.generate(
                    brief=selection.outline,
                    audience=profile,
                    marking=selection.banner,
                    mark=_marker(selection),
                )
                return sandbox.collect(chunks, name)
            except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound) as exc:
                raise self._error(exc, name) from None
            except (BuildError, MemoryError):
                raise
            except Exception as exc:
                raise BuildError(f"{sandbox.where(exc, name)}: {exc}") from None

        if self.trusted:
            return run(), name
        return sandbox.bounded(run, name), name

    @staticmethod
    def _error(exc: jinja2.TemplateError, name: str) -> BuildError:
        if isinstance(exc, jinja2.TemplateSyntaxError):
            return BuildError(f"{exc.filename or name}:{exc.lineno}: {exc.message}")
        assert isinstance(exc, jinja2.TemplateNotFound)
        return BuildError(f"{name}: template not found: {exc.name}")


def _marker(selection: Selection) -> Callable[..., str]:
    """The templates' ``mark`` function: portion marks when the audience wants them.

    ``mark(item)`` is ``"(C) "`` for an item at ``confidential`` (``""`` when portion marks
    are off); ``mark(level_name)`` marks by level; ``mark()`` is the lowest level (text that
    carries no level, such as a distribution list); ``mark(item, text)`` marks every paragraph
    of ``text``."""
    scheme = selection.scheme
    on = selection.portion_marks

    def mark(subject: Any = None, text: str | None = None) -> str:
        if subject is None:
            level = scheme.names[0]
        elif isinstance(subject, str):
            level = subject
        else:
            level = subject.sensitivity
        if level not in scheme.names:
            raise ValueError(f"mark(): {level!r} is not a level of {scheme.name!r}")
        prefix = f"{scheme.mark(level)} " if on else ""
        if text is None:
            return prefix
        return "\n\n".join(prefix + part.strip() for part in _PARAGRAPHS.split(text.strip()))

    return mark
