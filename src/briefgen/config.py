"""The config file: ``briefgen.toml``, or ``[tool.briefgen]`` in ``pyproject.toml``.

It is found by walking up from the brief's folder (or the current folder) to the root; the
first folder holding a ``briefgen.toml``, or a ``pyproject.toml`` with a ``[tool.briefgen]``
table, wins. Its tables give command-line defaults (``[build]``, ``[check]``, … keyed by the
options' long names) and lint settings (``[lint]``)::

    quiet = false            # global options

    [build]
    format = "pdf"
    out = "memos"

    [check]
    strict = true

    [lint]
    ignore = ["acronym-undefined"]
    acronyms = ["SCO", "LNG"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BriefgenError

FILE = "briefgen.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(BriefgenError):
    """The config file cannot be read or holds a value briefgen does not understand."""


@dataclass(frozen=True)
class LintConfig:
    """The ``[lint]`` table: rules silenced everywhere, and acronyms readers already know."""

    ignore: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Config:
    """A config file's contents (empty when none was found)."""

    path: Path | None = None
    #: Command-line defaults, {command: {long option name: value}}; top-level keys are global.
    options: dict[str, Any] = field(default_factory=dict)
    lint: LintConfig = LintConfig()


def find(start: Path) -> Path | None:
    """The config file that applies to ``start`` (a folder or a file in it), or None."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and "briefgen" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only once a file is found: most runs have none

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _words(path: Path, where: str, value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {where}: expected a list of strings")
    return frozenset(value)


def load(path: Path | None, rules: frozenset[str] = frozenset()) -> Config:
    """Read the config at ``path`` (None: no config). ``rules`` are the known lint rule ids."""
    if path is None:
        return Config()
    data = _read_toml(path)
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("briefgen", {})
        prefix = "tool.briefgen."
    else:
        prefix = ""
    options = dict(data)
    lint_table = options.pop("lint", {})
    if not isinstance(lint_table, dict):
        raise ConfigError(f"{path}: {prefix}lint: expected a table")
    unknown_keys = set(lint_table) - {"ignore", "acronyms"}
    if unknown_keys:
        raise ConfigError(f"{path}: {prefix}lint: unknown key {sorted(unknown_keys)[0]!r}")
    ignore = _words(path, f"{prefix}lint.ignore", lint_table.get("ignore", []))
    unknown = sorted(ignore - rules) if rules else []
    if unknown:
        raise ConfigError(
            f"{path}: {prefix}lint.ignore: unknown rule {unknown[0]!r} "
            f"(known: {', '.join(sorted(rules))})"
        )
    acronyms = _words(path, f"{prefix}lint.acronyms", lint_table.get("acronyms", []))
    return Config(path, options, LintConfig(ignore, acronyms))


def for_brief(brief: Path | None, rules: frozenset[str] = frozenset()) -> Config:
    """The config that applies to ``brief`` (or to the current folder)."""
    return load(find(brief if brief is not None else Path.cwd()), rules)
