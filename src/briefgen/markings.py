"""Marking schemes: the ordered sensitivity levels a brief may use, and their banners.

A scheme is data (``templates/_schemes/NAME.yaml``), read with the same validating reader as
briefs, so a user adds one by dropping a file into a template folder's ``_schemes/``. A brief
chooses its scheme with ``marking: NAME`` (default ``default``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from . import yamlsource
from .errors import BuildError
from .schema import Context, load

#: The scheme a brief uses when it names none.
DEFAULT = "default"
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True, kw_only=True)
class Level:
    """One sensitivity level: its name in briefs, its banner and its portion mark."""

    name: str = field(metadata={"doc": "The word briefs and audience profiles use."})
    banner: str = field(metadata={"doc": "Printed at the top and bottom of every page."})
    portion: str = field(metadata={"doc": "Portion mark, without brackets: C for (C)."})
    color: str | None = field(
        default=None, metadata={"doc": "Banner text colour, #RRGGBB (TLP's colours)."}
    )
    background: str | None = field(
        default=None, metadata={"doc": "Banner background colour, #RRGGBB."}
    )

    def __post_init__(self) -> None:
        for value in (self.color, self.background):
            if value is not None and not _HEX.fullmatch(value):
                raise ValueError(f"colours are written #RRGGBB, got {value!r}")


@dataclass(frozen=True, kw_only=True)
class Scheme:
    """An ordered list of levels, lowest (most releasable) first."""

    name: str = field(default="", metadata={"doc": "Set from the file name."})
    description: str | None = None
    #: Where banners sit in the page header and footer (FIRST TLP 2.0 puts them right).
    banner_align: Literal["center", "right"] = "center"
    #: Whether memos carry portion marks unless their audience profile says otherwise.
    portion_marks: bool = False
    levels: tuple[Level, ...] = field(metadata={"nonempty": True})

    def __post_init__(self) -> None:
        if not self.levels:
            raise ValueError("a scheme needs at least one level")
        if len(set(self.names)) != len(self.names):
            raise ValueError("level names must be unique")

    @property
    def names(self) -> list[str]:
        """Level names, lowest first."""
        return [level.name for level in self.levels]

    def rank(self, name: str) -> int:
        """Position of ``name`` in the order (0 = most releasable); exact match only."""
        return self.names.index(name)

    def level(self, name: str) -> Level:
        return self.levels[self.rank(name)]

    def highest(self, names: list[str]) -> str:
        """The most restrictive of ``names`` (the roll-up rule for banners)."""
        return max(names, key=self.rank)

    def mark(self, name: str) -> str:
        """The portion mark of level ``name``, with its brackets: ``(C)``."""
        return f"({self.level(name).portion})"


def read_scheme(path: Path) -> Scheme:
    """Read a scheme file; its name is the file's stem. Raises on any problem."""
    node, file = yamlsource.read_file(path)
    scheme = load(Scheme, node, Context(file, {}))
    return replace(scheme, name=path.stem)


def read_schemes(folders: list[Path]) -> dict[str, Scheme]:
    """Every ``*.yaml`` scheme in ``folders``; a later folder's file overrides an earlier one.

    A file reached through a link that leads out of its folder is refused.
    """
    schemes: dict[str, Scheme] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        base = folder.resolve()
        for path in sorted(folder.glob("*.yaml")):
            if not path.resolve().is_relative_to(base):
                raise BuildError(f"{path}: links out of {folder}; refusing to read it")
            schemes[path.stem] = read_scheme(path)
    return schemes
