"""Read YAML strictly into position-carrying nodes, without constructing Python objects.

briefgen never lets PyYAML build values: it composes the node tree (which keeps the line and
column of every key and value) and lets :mod:`briefgen.schema` read each scalar as the type the
brief format expects. That is why ``no``, ``1.10`` or ``017`` stay the strings the analyst
typed, and why a ``!!python/object`` tag can never run anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .deferred import deferred_patterns

with deferred_patterns():  # PyYAML's reader compiles a pattern libyaml makes unneeded
    import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

from . import chars
from .errors import InvalidInput, Problem

#: Largest brief briefgen reads; a policy brief is a few dozen kilobytes.
MAX_FILE_BYTES = 2 * 1024 * 1024

# Tags a plain YAML document carries; anything else (``!!python/…``, ``!custom``) is refused.
_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "timestamp",
        "seq",
        "map",
        "binary",
        "value",
        "merge",  # what PyYAML calls a plain ``=`` or ``<<``: just text here
    )
)


def _compose_checked(loader: Any, parent: yaml.Node | None, index: int) -> yaml.Node | None:
    """PyYAML's ``compose_node``, refusing anchors and aliases first."""
    # PyYAML's stubs leave peek_event untyped; its events carry marks of either parser.
    event: Any = loader.peek_event()
    mark: Any = event.start_mark
    if isinstance(event, yaml.AliasEvent):
        raise yaml.MarkedYAMLError(
            problem="aliases (*name) are not allowed in a brief", problem_mark=mark
        )
    if getattr(event, "anchor", None):
        raise yaml.MarkedYAMLError(
            problem="anchors (&name) are not allowed in a brief", problem_mark=mark
        )
    node: yaml.Node | None = Composer.compose_node(loader, parent, index)
    return node


class _NodeLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors and aliases while composing."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        return _compose_checked(self, parent, index)


# Characters where libyaml and PyYAML's own reader may disagree (what counts as printable,
# which characters break lines): a brief with any of them takes the pure-Python path only,
# so positions and messages never depend on how PyYAML was built.
# (The class lists what the reader refuses, plus the two line separators: a tenth of the time
# to compile that the complement of what it accepts takes.)
_PYTHON_ONLY = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)

#: libyaml, when PyYAML was built with it: the same events, fifteen times faster.
HAVE_LIBYAML: bool = getattr(yaml, "__with_libyaml__", False)

if HAVE_LIBYAML:
    from yaml._yaml import CParser

    class _FastLoader(CParser, Composer, Resolver):
        """libyaml's parser under PyYAML's composer, with the same anchor and alias checks."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)

        # CParser composes in C, where anchors and aliases cannot be refused: use PyYAML's
        # composer on libyaml's events instead, with _NodeLoader's checks.
        get_single_node = Composer.get_single_node
        get_node = Composer.get_node
        check_node = Composer.check_node

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            return _compose_checked(self, parent, index)

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node: yaml.ScalarNode = Composer.compose_scalar_node(self, anchor)
            node.style = node.style or None  # libyaml says '' for plain scalars, PyYAML None
            return node


def _compose_fast(text: str) -> yaml.Node | None:
    """Compose ``text`` with libyaml; ``None`` when the pure-Python path must decide.

    Any problem (and any text libyaml might read differently) goes to the pure-Python
    parser, whose messages are the ones briefgen reports.
    """
    if not HAVE_LIBYAML or _PYTHON_ONLY.search(text):
        return None
    loader = _FastLoader(text)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def _problem(file: str, mark: yaml.Mark | None, message: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, col, "", message)


def _line_col(text: str, index: int) -> tuple[int, int]:
    """0-based line and column of character ``index`` in ``text``."""
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)


def _check_tags(file: str, node: yaml.Node, problems: list[Problem]) -> None:
    if node.tag not in _STANDARD_TAGS:
        problems.append(_problem(file, node.start_mark, f"YAML tag {node.tag!r} is not allowed"))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_tags(file, key, problems)
            _check_tags(file, value, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_tags(file, item, problems)


def parse_text(text: str, file: str) -> yaml.Node:
    """Compose one YAML document from ``text``; raise :class:`InvalidInput` on any problem."""
    refused = chars.bad_in_file(text)
    if refused:
        # PyYAML would stop at the first with a character offset; say where each one is.
        raise InvalidInput(
            Problem(file, line, col, "", chars.problem(char)) for line, col, char in refused
        )
    node = _compose_fast(text)
    if node is None:
        node = _compose_python(text, file)
    if node is None:
        raise InvalidInput([Problem(file, 1, 1, "", "the file is empty")])
    problems: list[Problem] = []
    _check_tags(file, node, problems)
    if problems:
        raise InvalidInput(problems)
    return node


def _compose_python(text: str, file: str) -> yaml.Node | None:
    """Compose with PyYAML's own reader and parser, whose messages briefgen reports."""
    loader: _NodeLoader | None = None
    try:
        # PyYAML checks every character while the loader is built, so that is inside too.
        loader = _NodeLoader(text)
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (mark is None or mark.index >= len(text)):
            # Ran off the end (an unclosed bracket or quote): point where it was opened.
            mark = exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            message = "a brief is one YAML document; remove the extra '---' document"
        raise InvalidInput([_problem(file, mark, message)]) from None
    except yaml.YAMLError as exc:  # reader errors: bad characters, encodings
        if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
            line, col = _line_col(text, exc.position)
            message = (
                f"character U+{exc.character:04X} is not allowed in a brief "
                "(control characters and lone surrogates cannot be printed); remove it"
            )
            raise InvalidInput([Problem(file, line + 1, col + 1, "", message)]) from None
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInput([_problem(file, mark, str(exc).splitlines()[0])]) from None
    except RecursionError:
        # PyYAML's parser recurses once per nesting level; a brief never nests this deep.
        raise InvalidInput([Problem(file, 1, 1, "", "nested too deeply to be a brief")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def read_file(path: Path) -> tuple[yaml.Node, str]:
    """Read ``path`` as UTF-8 YAML and return its root node and the name used in messages."""
    file = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidInput([Problem(file, 1, 1, "", f"cannot read: {exc.strerror}")]) from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise InvalidInput([Problem(file, 1, 1, "", f"larger than the {limit} MiB limit")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # Columns count characters, as everywhere else, not bytes.
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise InvalidInput(
            [Problem(file, line, col, "", f"not valid UTF-8 (byte 0x{data[exc.start]:02x})")]
        ) from None
    return parse_text(text, file), file
