"""Audience profiles, and the filter that selects what one audience may see.

The filter is pure and runs before any template: its output, a :class:`Selection`, is the
only thing templates, metadata and file names are built from. Whatever it drops cannot leak,
because nothing downstream ever holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from . import yamlsource
from .errors import BuildError
from .markings import Scheme
from .outline import SECTIONS, Item, Outline, Recommendation, Section, SectionName
from .schema import LEVEL, Context, load


@dataclass(frozen=True, kw_only=True)
class Caps:
    """Most items a section may show (the highest-priority ones are kept)."""

    key_judgments: int | None = None
    background: int | None = None
    threats: int | None = None
    opportunities: int | None = None
    recommendations: int | None = None
    tables: int | None = None
    charts: int | None = None


@dataclass(frozen=True, kw_only=True)
class Profile:
    """One audience: who may see what, in which order, on how many pages."""

    name: str = field(default="", metadata={"doc": "Set from the folder name."})
    description: str
    label: str = field(metadata={"doc": "What the product is called, e.g. 'Decision memo'."})
    clearance: Annotated[str, LEVEL] = field(metadata={"doc": "Highest level it may see."})
    sections: tuple[SectionName, ...]
    max_items: Caps = Caps()
    page_limit: int | None = None
    decision_lines: bool = False
    risk_matrix: bool = field(
        default=False, metadata={"doc": "Place the threats on a likelihood × impact matrix."}
    )
    template: str = "memo.md.j2"
    distribution: tuple[str, ...] = field(
        default=(), metadata={"doc": "Addresses `briefgen email` sends to when given no --to."}
    )


def read_profile(path: Path, name: str, scheme: Scheme) -> Profile:
    """Read ``audience.yaml`` of the audience ``name``."""
    node, file = yamlsource.read_file(path)
    ctx = Context(file, {"level": scheme.names})
    profile = load(Profile, node, ctx)
    return replace(profile, name=name)


@dataclass(frozen=True)
class Withheld:
    """One item an audience does not get, and why (for the author's release report)."""

    path: str
    id: str | None
    level: str
    reason: str


@dataclass(frozen=True)
class Selection:
    """What one audience may see: a filtered outline plus its marking."""

    outline: Outline
    profile: Profile
    scheme: Scheme
    #: The highest level present in the selection (banner roll-up).
    marking: str
    withheld: tuple[Withheld, ...]

    @property
    def banner(self) -> str:
        return self.scheme.level(self.marking).banner


_PRIORITY = {"high": 0, "medium": 1, "low": 2}


def select(outline: Outline, profile: Profile, scheme: Scheme) -> Selection:
    """Return only what ``profile`` may see of ``outline``, in the profile's terms."""
    clearance = scheme.rank(profile.clearance)
    default = outline.sensitivity
    present: list[str] = []
    withheld: list[Withheld] = []

    def visible(item: Item, path: str, floor: str) -> str | None:
        """The item's effective level if this audience may see it, else None."""
        level = item.sensitivity or floor
        rule = item.audiences
        if scheme.rank(level) > clearance:
            withheld.append(Withheld(path, item.id, level, f"level {level} above clearance"))
            return None
        if rule and (
            (rule.include and profile.name not in rule.include) or profile.name in rule.exclude
        ):
            withheld.append(Withheld(path, item.id, level, "audience rule"))
            return None
        return level

    chosen: dict[str, tuple[Any, ...]] = {}
    for name in SECTIONS:
        items: tuple[Any, ...] = getattr(outline, name)
        if name not in profile.sections:
            chosen[name] = ()
            continue
        kept: list[tuple[str, Any, list[str]]] = []  # (path, item, levels it brings)
        for i, item in enumerate(items):
            path = f"{name}[{i}]"
            level = visible(item, path, default)
            if level is None:
                continue
            levels = [level]
            if isinstance(item, Section):
                bullets = []
                for k, bullet in enumerate(item.bullets):
                    bullet_level = visible(bullet, f"{path}.bullets[{k}]", level)
                    if bullet_level is not None:
                        bullets.append(bullet)
                        levels.append(bullet_level)
                item = replace(item, bullets=tuple(bullets))
            kept.append((path, item, levels))
        cap = getattr(profile.max_items, name, None)
        if cap is not None and len(kept) > cap:
            keep = _top([item for _, item, _ in kept], cap)
            for index, (path, item, levels) in enumerate(kept):
                if index not in keep:
                    withheld.append(Withheld(path, item.id, levels[0], f"over the cap of {cap}"))
            kept = [entry for index, entry in enumerate(kept) if index in keep]
        for _, _, levels in kept:
            present.extend(levels)
        chosen[name] = tuple(item for _, item, _ in kept)

    header: dict[str, Any] = {}
    if scheme.rank(default) > clearance:
        # The title, subject and header block are written at the brief's default level.
        if outline.release_title is None:
            raise BuildError(
                f"{outline.file}: {profile.name}: the brief's level '{default}' is above this "
                f"audience's clearance '{profile.clearance}'; add a 'release_title' to build it"
            )
        # Who wrote it stays; what it is about and who it was for go with the title.
        header = {
            "title": outline.release_title,
            "subtitle": None,
            "subject": outline.release_title,
            "for_": None,
            "from_": None,
            "keywords": (),
        }
    else:
        present.append(default)

    changes: dict[str, Any] = {**chosen, **header, "positions": {}}
    filtered = replace(outline, **changes)
    marking = scheme.highest(present) if present else scheme.names[0]
    return Selection(filtered, profile, scheme, marking, tuple(withheld))


def _top(items: list[Any], cap: int) -> set[int]:
    """Indexes of the ``cap`` highest-priority items (the first ones, for unranked items)."""
    if not isinstance(items[0], Recommendation):
        return set(range(cap))
    ranked = sorted(range(len(items)), key=lambda i: (_PRIORITY[items[i].priority], i))
    return set(ranked[:cap])
