"""Marking schemes: the ordered sensitivity levels a brief may use, and their banners.

A scheme is data (``templates/_schemes/NAME.yaml``), read with the same validating reader as
briefs, so a user adds one by dropping a file next to the built-in ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import yamlsource
from .schema import Context, load


@dataclass(frozen=True, kw_only=True)
class Level:
    """One sensitivity level: its name in briefs, its banner and its portion mark."""

    name: str
    banner: str
    portion: str


@dataclass(frozen=True, kw_only=True)
class Scheme:
    """An ordered list of levels, lowest (most releasable) first."""

    name: str
    description: str | None = None
    levels: tuple[Level, ...]

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
        """Position of ``name`` in the order (0 = most releasable)."""
        return self.names.index(name)

    def level(self, name: str) -> Level:
        return self.levels[self.rank(name)]

    def highest(self, names: list[str]) -> str:
        """The most restrictive of ``names`` (the roll-up rule for banners)."""
        return max(names, key=self.rank)


def read_scheme(path: Path) -> Scheme:
    """Read a scheme file; raise :class:`~briefgen.errors.InvalidInput` on problems."""
    node, file = yamlsource.read_file(path)
    return load(Scheme, node, Context(file, {}))
