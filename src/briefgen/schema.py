"""Read YAML nodes into frozen dataclasses, driven by their type hints.

The brief format *is* the dataclasses in :mod:`briefgen.outline`: this module walks a node tree
alongside a class's type hints, converts each scalar to the declared type, and collects every
problem (with line, column and field path) instead of stopping at the first one.

Supported hints: ``str``, ``int``, ``float``, ``bool``, ``datetime.date``, ``Literal[...]``,
``tuple[T, ...]``, ``dict[K, T]`` (keys chosen by the writer, or from a ``Literal``),
``T | None``, ``A | B`` of different kinds (a word or a mapping: the node's kind chooses),
nested dataclasses, and ``Annotated[str, Vocabulary]`` for names checked against a list known
only at run time (sensitivity levels, audiences, marking schemes).

Field metadata understood (``dataclasses.field(metadata=...)``):
``key`` the YAML key when it differs from the attribute (``for``), ``aliases`` other accepted
keys, ``doc`` a description for documentation and the JSON Schema, ``nonempty`` a list that
must have at least one item, ``internal`` a field set by briefgen itself, never read from YAML.
A dataclass may declare ``__shorthand__ = "field"``: a plain scalar in its place fills that
field (``- Approve the plan`` for ``- action: Approve the plan``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import yaml

from . import chars
from .errors import InvalidInput, Problem

T = TypeVar("T")

#: Longest text a single field may hold (a long paragraph is a few thousand characters).
MAX_FIELD_CHARS = 20_000
#: Deepest nesting read; real briefs nest four or five levels.
MAX_DEPTH = 24
#: Most items in one list (recommendations, sources, table rows…); a brief has dozens.
MAX_ITEMS = 500


@dataclass(frozen=True)
class EmptyOk:
    """Marks a ``str`` that may be empty (a table cell)."""


EMPTY_OK = EmptyOk()


@dataclass(frozen=True)
class Vocabulary:
    """Marks a ``str`` whose value must be one of a run-time list (see :class:`Context`)."""

    kind: str  # "level", "audience" or "scheme"


LEVEL = Vocabulary("level")
AUDIENCE = Vocabulary("audience")
SCHEME = Vocabulary("scheme")


@dataclass
class Context:
    """What the reader knows only at run time, plus where it records positions."""

    file: str
    vocabularies: Mapping[str, Sequence[str]]
    problems: list[Problem] = dataclasses.field(default_factory=list)
    #: Field path -> (line, col), for every value read; later stages use it for messages.
    positions: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)

    def report(self, node: yaml.Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_NULL_TAG = "tag:yaml.org,2002:null"


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.value!r}"


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _is_null(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == _NULL_TAG
        and node.value in ("", "~", "null", "Null", "NULL")
    )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _read(hint: Any, node: yaml.Node, path: str, ctx: Context, depth: int) -> Any:
    """Convert ``node`` to ``hint``; on a problem, report it and return ``_INVALID``."""
    if depth > MAX_DEPTH:
        ctx.report(node, path, f"nested deeper than {MAX_DEPTH} levels")
        return _INVALID
    ctx.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(hint)
        if EMPTY_OK in extras and isinstance(node, yaml.ScalarNode) and not node.value.strip():
            return ""
        value = _read(base, node, path, ctx, depth)
        for extra in extras:
            if isinstance(extra, Vocabulary) and isinstance(value, str):
                known = ctx.vocabularies.get(extra.kind, ())
                if value not in known:
                    why = chars.label_hint(value, known) or _suggest(value, known)
                    known_list = ", ".join(known)
                    ctx.report(
                        node, path, f"unknown {extra.kind} {value!r} (known: {known_list})" + why
                    )
                    return _INVALID
        return value
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if _is_null(node) and len(options) < len(typing.get_args(hint)):
            return None
        return _read(_pick(options, node), node, path, ctx, depth)
    if origin is tuple:
        return _read_tuple(typing.get_args(hint)[0], node, path, ctx, depth)
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint)
        return _read_dict(key_hint, value_hint, node, path, ctx, depth)
    if dataclasses.is_dataclass(hint):
        return _read_record(typing.cast(type, hint), node, path, ctx, depth)
    if not isinstance(node, yaml.ScalarNode):
        ctx.report(node, path, f"expected {_expected(hint)}, got {_describe(node)}")
        return _INVALID
    return _read_scalar(hint, node, path, ctx)


def _pick(options: list[Any], node: yaml.Node) -> Any:
    """Of a union's types, the one that fits the node's kind (a mapping, a list or a word)."""

    def kind(option: Any) -> type[yaml.Node]:
        annotated = typing.get_origin(option) is typing.Annotated
        base = typing.get_args(option)[0] if annotated else option
        if typing.get_origin(base) is dict or dataclasses.is_dataclass(base):
            return yaml.MappingNode
        if typing.get_origin(base) is tuple:
            return yaml.SequenceNode
        return yaml.ScalarNode

    for option in options:
        if isinstance(node, kind(option)):
            return option
    return options[0]


def _expected(hint: Any) -> str:
    if hint is str:
        return "text"
    if hint is int:
        return "a whole number"
    if hint is float:
        return "a number"
    if hint is bool:
        return "true or false"
    if hint is dt.date:
        return "a date (YYYY-MM-DD)"
    if typing.get_origin(hint) is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(hint))
    return "a value"


def _read_scalar(hint: Any, node: yaml.ScalarNode, path: str, ctx: Context) -> Any:
    raw = node.value
    if hint is str:
        if len(raw) > MAX_FIELD_CHARS:
            ctx.report(node, path, f"longer than {MAX_FIELD_CHARS:,} characters")
            return _INVALID
        if _is_null(node) or not raw.strip():
            ctx.report(node, path, "must not be empty")
            return _INVALID
        raw, refused = chars.clean_value(raw)
        if refused:
            index, char = refused
            # Only an escape in a quoted value gets here (the file itself was checked), so
            # the column of the value plus an offset into its text is the best position.
            ctx.report(node, path, f"{chars.problem(char)} (character {index + 1} of the text)")
            return _INVALID
        return raw
    if hint is int:
        if _INT.fullmatch(raw):
            return int(raw)
    elif hint is float:
        if _FLOAT.fullmatch(raw):
            return float(raw)
    elif hint is bool:
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
    elif hint is dt.date:
        match = _DATE.fullmatch(raw)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError as exc:
                ctx.report(node, path, f"impossible date {raw!r}: {exc}")
                return _INVALID
    elif typing.get_origin(hint) is Literal:
        choices = [str(a) for a in typing.get_args(hint)]
        if raw in choices:
            return raw
        ctx.report(node, path, f"expected {_expected(hint)}, got {raw!r}" + _suggest(raw, choices))
        return _INVALID
    ctx.report(node, path, f"expected {_expected(hint)}, got {_describe(node)}")
    return _INVALID


def _read_tuple(item: Any, node: yaml.Node, path: str, ctx: Context, depth: int) -> Any:
    if _is_null(node):
        return ()
    if isinstance(node, yaml.SequenceNode):
        nodes = node.value
    elif isinstance(node, yaml.ScalarNode) and getattr(item, "__shorthand__", None):
        nodes = [node]  # a single shorthand item where a list is expected
    else:
        ctx.report(node, path, f"expected a list, got {_describe(node)}")
        return _INVALID
    if len(nodes) > MAX_ITEMS:
        ctx.report(node, path, f"has {len(nodes):,} items; a list holds at most {MAX_ITEMS}")
        return _INVALID
    values = [_read(item, child, f"{path}[{i}]", ctx, depth + 1) for i, child in enumerate(nodes)]
    return _INVALID if any(v is _INVALID for v in values) else tuple(values)


def _read_dict(
    key_hint: Any, value: Any, node: yaml.Node, path: str, ctx: Context, depth: int
) -> Any:
    """A mapping whose keys are plain words chosen by the writer, or, for a ``Literal`` key
    type, one of its words."""
    if not isinstance(node, yaml.MappingNode):
        ctx.report(node, path, f"expected a mapping, got {_describe(node)}")
        return _INVALID
    result: dict[str, Any] = {}
    ok = True
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
            ctx.report(key_node, path, "keys must be plain words")
            ok = False
            continue
        key = key_node.value
        if typing.get_origin(key_hint) is Literal:
            choices = [str(a) for a in typing.get_args(key_hint)]
            if key not in choices:
                ctx.report(
                    key_node,
                    _join(path, key),
                    f"expected one of {', '.join(map(repr, choices))}" + _suggest(key, choices),
                )
                ok = False
                continue
        if key in result:
            ctx.report(key_node, _join(path, key), "duplicate key")
            ok = False
            continue
        item = _read(value, value_node, _join(path, key), ctx, depth + 1)
        if item is _INVALID:
            ok = False
        else:
            result[key] = item
    return result if ok else _INVALID


def _field_keys(cls: type) -> dict[str, dataclasses.Field[Any]]:
    """Map every accepted YAML key of ``cls`` to its dataclass field."""
    keys: dict[str, dataclasses.Field[Any]] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        keys[f.metadata.get("key", f.name)] = f
        for alias in f.metadata.get("aliases", ()):
            keys[alias] = f
    return keys


def _read_record(cls: type, node: yaml.Node, path: str, ctx: Context, depth: int) -> Any:
    shorthand = getattr(cls, "__shorthand__", None)
    if isinstance(node, yaml.ScalarNode) and shorthand and not _is_null(node):
        pairs: list[tuple[str, yaml.Node, yaml.Node]] = [(shorthand, node, node)]
    elif isinstance(node, yaml.MappingNode):
        pairs = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                ctx.report(key_node, path, "keys must be plain words")
                continue
            pairs.append((key_node.value, key_node, value_node))
    else:
        ctx.report(node, path, f"expected a mapping, got {_describe(node)}")
        return _INVALID

    hints = typing.get_type_hints(cls, include_extras=True)
    keys = _field_keys(cls)
    seen: dict[str, str] = {}  # field name -> key it was given as
    values: dict[str, Any] = {}
    ok = True
    for key, key_node, value_node in pairs:
        field = keys.get(key)
        here = _join(path, key)
        if field is None:
            canonical = [k for k, f in keys.items() if k == f.metadata.get("key", f.name)]
            ctx.report(key_node, here, "unknown field" + _suggest(key, canonical))
            ok = False
            continue
        if field.name in seen:
            first = seen[field.name]
            detail = "duplicate key" if first == key else f"duplicate of {first!r}"
            ctx.report(key_node, here, detail)
            ok = False
            continue
        seen[field.name] = key
        here = _join(path, field.metadata.get("key", field.name))
        value = _read(hints[field.name], value_node, here, ctx, depth + 1)
        if value == () and field.metadata.get("nonempty"):
            ctx.report(value_node, here, "needs at least one item")
            ok = False
        elif value is _INVALID:
            ok = False
        else:
            values[field.name] = value
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and f.name not in seen:
            ctx.report(
                node, _join(path, f.metadata.get("key", f.name)), "required field is missing"
            )
            ok = False
    if not ok:
        return _INVALID
    try:
        return cls(**values)
    except ValueError as exc:  # a class's own __post_init__ check
        ctx.report(node, path, str(exc))
        return _INVALID


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID: Any = _Invalid()


def load(cls: type[T], node: yaml.Node, ctx: Context, path: str = "") -> T:
    """Read ``node`` (at field ``path``) as ``cls``; raise :class:`InvalidInput` with every
    problem found."""
    value = _read(cls, node, path, ctx, 0)
    if ctx.problems or value is _INVALID:
        raise InvalidInput(ctx.problems)
    return typing.cast(T, value)
