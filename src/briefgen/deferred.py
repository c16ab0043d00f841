"""Import a library without compiling, at import, regular expressions it may never use.

Some modules briefgen imports compile large patterns at their top level. Python takes a
while over a character class that spans most of Unicode, more still when it must fold case:

- ``reportlab.platypus.paragraph``'s ``uri_pat``, used only to break a long URL across lines,
  costs about 26 ms, a tenth of a cold PDF build;
- ``reportlab.lib.textsplit``'s ``rx``, for a CJK wrapping helper briefgen never calls, 3 ms;
- ``yaml.reader``'s ``Reader.NON_PRINTABLE``, used only by PyYAML's pure-Python reader
  (briefgen reads with libyaml when it can), 4 ms.

While :func:`deferred_patterns` is active, ``re.compile`` called from code of one of the named
modules returns a :class:`DeferredPattern`, which compiles the real pattern the first time
any of its public attributes (``match``, ``sub``, ``pattern``…) is used; copied or pickled,
it becomes the real pattern. Every other caller gets ``re.compile`` itself, and the original
is put back when the block ends (the block is an import, which runs only those modules'
top-level code). Those modules use their patterns only through such attributes; a deferred
pattern is not an ``re.Pattern`` for ``isinstance`` or ``re.match(pattern, …)``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Modules whose top-level patterns are worth deferring (see the module docstring).
SLOW_TO_COMPILE = ("reportlab.platypus.paragraph", "reportlab.lib.textsplit", "yaml.reader")


class DeferredPattern:
    """Stands in for ``re.compile(pattern, flags)`` until the pattern is first used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    @property
    def compiled(self) -> bool:
        """Whether the real pattern has been made yet."""
        return self._compiled is not None

    def __getattr__(self, name: str) -> Any:
        # Only reached for names the proxy itself lacks: every method of a real pattern.
        # Private and special names are not forwarded (copy and pickle probe for them on an
        # instance whose slots are not yet set).
        if name.startswith("_"):
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)

    def __reduce__(self) -> tuple[Any, tuple[str | bytes, int]]:
        return re.compile, self._args

    def __repr__(self) -> str:
        return f"DeferredPattern({self._args[0]!r}, {self._args[1]!r})"


@contextmanager
def deferred_patterns(modules: tuple[str, ...] = SLOW_TO_COMPILE) -> Iterator[None]:
    """Within the block, patterns compiled at the top level of ``modules`` are deferred."""
    real = re.compile

    def compile(pattern: Any, flags: int | re.RegexFlag = 0) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__")
        if caller in modules and isinstance(pattern, str | bytes):
            return DeferredPattern(pattern, int(flags))
        return real(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = real
