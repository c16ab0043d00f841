"""Audience profiles, and the filter that selects what one audience may see.

The filter is pure and runs before any template: its output, a :class:`Selection`, is the
only thing templates, metadata and file names are built from. Whatever it drops cannot leak,
because nothing downstream ever holds it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import markdown, model, yamlsource
from .errors import BuildError, InvalidInput, Problem
from .markings import Scheme
from .outline import SECTIONS, Item, Outline, Recommendation, Section, SectionName
from .schema import Context, load


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
    """One audience: who may see what, in which order, on how many pages, marked how."""

    name: str = field(default="", metadata={"doc": "Set from the folder name."})
    description: str
    label: str = field(metadata={"doc": "What the product is called, e.g. 'Decision memo'."})
    clearance: str | dict[str, str] = field(
        metadata={
            "doc": "Highest level it may see: a level name (for every scheme that has it) "
            "or a mapping of scheme name to level."
        }
    )
    sections: tuple[SectionName, ...]
    max_items: Caps = Caps()
    page_limit: int | None = None
    portion_marks: bool | None = field(
        default=None, metadata={"doc": "Mark every portion: (C)…; default: the scheme's choice."}
    )
    watermark: str | None = field(
        default=None, metadata={"doc": "Text across every page: DRAFT, PRE-DECISIONAL…"}
    )
    decision_lines: bool = False
    risk_matrix: bool = field(
        default=False, metadata={"doc": "Place the threats on a likelihood × impact matrix."}
    )
    distribution: tuple[str, ...] = field(
        default=(),
        metadata={
            "doc": "Who receives the memo: listed at its end, and the addresses "
            "`briefgen email` sends to when given no --to."
        },
    )
    template: str = "memo.md.j2"
    #: The folder the profile was read from (``briefgen audiences`` shows it).
    origin: str = field(default="", metadata={"internal": True})

    def __post_init__(self) -> None:
        if self.page_limit is not None and self.page_limit < 1:
            raise ValueError("page_limit must be at least 1")

    def clearance_in(self, scheme: Scheme) -> str:
        """This audience's clearance in ``scheme``; fails closed when it has none there."""
        if isinstance(self.clearance, str):
            level = self.clearance if self.clearance in scheme.names else None
        else:
            level = self.clearance.get(scheme.name)
        if level is None or level not in scheme.names:
            raise BuildError(
                f"audience {self.name!r} has no clearance in the marking scheme "
                f"{scheme.name!r}; give it one in its audience.yaml "
                f"(clearance: {{{scheme.name}: LEVEL}})"
            )
        return level


def read_profile(path: Path, name: str, schemes: Scheme | Mapping[str, Scheme]) -> Profile:
    """Read ``audience.yaml`` of the audience ``name``; every clearance must name a level."""
    if isinstance(schemes, Scheme):
        schemes = {schemes.name: schemes}
    node, file = yamlsource.read_file(path)
    ctx = Context(file, {})
    profile = load(Profile, node, ctx)
    problems: list[Problem] = []

    def problem(where: str, message: str) -> None:
        line, col = ctx.positions.get(where, (1, 1))
        problems.append(Problem(file, line, col, where, message))

    if isinstance(profile.clearance, str):
        if not any(profile.clearance in s.names for s in schemes.values()):
            names = ", ".join(sorted({n for s in schemes.values() for n in s.names}))
            problem("clearance", f"unknown level {profile.clearance!r} (known: {names})")
    else:
        for scheme_name, level in profile.clearance.items():
            where = f"clearance.{scheme_name}"
            if scheme_name not in schemes:
                problem(where, f"unknown scheme {scheme_name!r} (known: {', '.join(schemes)})")
            elif level not in schemes[scheme_name].names:
                names = ", ".join(schemes[scheme_name].names)
                problem(where, f"unknown level {level!r} in {scheme_name} (known: {names})")
    if problems:
        raise InvalidInput(problems)
    return replace(profile, name=name, origin=str(path.parent))


@dataclass(frozen=True)
class Withheld:
    """One item an audience does not get, and why (for the author's release report)."""

    path: str
    id: str | None
    level: str
    reason: str
    title: str = ""


@dataclass(frozen=True)
class Selection:
    """What one audience may see: a filtered outline plus its marking.

    In the filtered outline every item's ``sensitivity`` is its effective level, and
    ``title_sensitivity``/``subject_sensitivity`` are those of the title and subject shown, so
    templates and compose can portion-mark without knowing the inheritance rules.
    """

    outline: Outline
    profile: Profile
    scheme: Scheme
    #: The highest level present in the selection (banner roll-up).
    marking: str
    withheld: tuple[Withheld, ...]

    @property
    def banner(self) -> str:
        return self.scheme.level(self.marking).banner

    @property
    def portion_marks(self) -> bool:
        """Whether this product carries portion marks (the profile's choice, else the scheme's)."""
        chosen = self.profile.portion_marks
        return self.scheme.portion_marks if chosen is None else chosen


#: Reason recorded for items ``--fit`` drops.
DROPPED = "dropped to fit the page limit"


def describe(item: Any) -> str:
    """A short name for an item in reports: its title, heading, action or first words."""
    for name in ("title", "heading", "action", "caption", "text"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            resolver = markdown.Resolver(cite=lambda _: None, table=lambda _: None)
            words = " ".join(model.plain(tuple(markdown.parse_inline(value, resolver))).split())
            return words if len(words) <= 70 else words[:69].rstrip() + "…"
    return ""


_PRIORITY = {"high": 0, "medium": 1, "low": 2}


def select(
    outline: Outline, profile: Profile, scheme: Scheme, *, drop: Collection[str] = ()
) -> Selection:
    """Return only what ``profile`` may see of ``outline``, in the profile's terms.

    ``drop`` names item paths (``recommendations[2]``) to leave out as well: ``--fit`` uses it
    to shorten a memo, and the items are reported as withheld for that reason.
    """
    clearance_name = profile.clearance_in(scheme)
    clearance = scheme.rank(clearance_name)
    default = outline.sensitivity
    section_levels = outline.sections
    present: list[str] = []
    withheld: list[Withheld] = []

    def visible(item: Item, path: str, floor: str) -> str | None:
        """The item's effective level if this audience may see it, else None."""
        level = item.sensitivity or floor
        rule = item.audiences
        if scheme.rank(level) > clearance:
            reason = f"level {level} above clearance"
            withheld.append(Withheld(path, item.id, level, reason, describe(item)))
            return None
        if rule and (
            (rule.include and profile.name not in rule.include) or profile.name in rule.exclude
        ):
            withheld.append(Withheld(path, item.id, level, "audience rule", describe(item)))
            return None
        return level

    def dropped(item: Item, path: str, level: str) -> bool:
        if path in drop:
            withheld.append(Withheld(path, item.id, level, DROPPED, describe(item)))
            return True
        return False

    chosen: dict[str, tuple[Any, ...]] = {}
    for name in SECTIONS:
        items: tuple[Any, ...] = getattr(outline, name)
        if name not in profile.sections:
            chosen[name] = ()
            continue
        floor = section_levels.get(name) or default
        kept: list[tuple[str, Any, list[str]]] = []  # (path, item, levels it brings)
        for i, item in enumerate(items):
            path = f"{name}[{i}]"
            level = visible(item, path, floor)
            if level is None:
                continue
            levels = [level]
            if isinstance(item, Section):
                bullets = []
                for k, bullet in enumerate(item.bullets):
                    bullet_path = f"{path}.bullets[{k}]"
                    bullet_level = visible(bullet, bullet_path, level)
                    if bullet_level is not None and not dropped(bullet, bullet_path, bullet_level):
                        bullets.append(replace(bullet, sensitivity=bullet_level))
                        levels.append(bullet_level)
                item = replace(item, bullets=tuple(bullets))
            kept.append((path, replace(item, sensitivity=level), levels))
        cap = getattr(profile.max_items, name, None)
        if cap is not None and len(kept) > cap:
            keep = _top([item for _, item, _ in kept], cap)
            for index, (path, item, levels) in enumerate(kept):
                if index not in keep:
                    reason = f"over the cap of {cap}"
                    withheld.append(Withheld(path, item.id, levels[0], reason, describe(item)))
            kept = [entry for index, entry in enumerate(kept) if index in keep]
        # After the cap, so that dropping an item to fit never lets a capped one back in.
        kept = [entry for entry in kept if not dropped(entry[1], entry[0], entry[2][0])]
        for _, _, levels in kept:
            present.extend(levels)
        chosen[name] = tuple(item for _, item, _ in kept)

    header = _header(outline, profile, scheme, clearance, present)
    changes: dict[str, Any] = {**chosen, **header, "positions": {}}
    filtered = replace(outline, **changes)
    marking = scheme.highest(present) if present else scheme.names[0]
    return Selection(filtered, profile, scheme, marking, tuple(withheld))


def _header(
    outline: Outline, profile: Profile, scheme: Scheme, clearance: int, present: list[str]
) -> dict[str, Any]:
    """The header fields this audience may see, with the levels of what it is shown.

    The title (and subtitle) and the subject each have a level, by default the brief's; the
    addressee, sender and keywords are at the brief's level. A title or subject above the
    clearance is replaced by ``release_title`` (at the scheme's lowest level); without one the
    build fails rather than guess.
    """
    default = outline.sensitivity
    lowest = scheme.names[0]
    header: dict[str, Any] = {}

    def release(what: str, level: str) -> str:
        if outline.release_title is None:
            raise BuildError(
                f"{outline.file}: {profile.name}: the {what} is at level '{level}', above "
                f"this audience's clearance '{profile.clearance_in(scheme)}'; add a "
                "'release_title' to build it"
            )
        return outline.release_title

    title_level = outline.title_sensitivity or default
    if scheme.rank(title_level) > clearance:
        header |= {"title": release("title", title_level), "subtitle": None}
        title_level = lowest
    header["title_sensitivity"] = title_level
    present.append(title_level)
    subject_level = outline.subject_sensitivity or default
    if outline.subject is not None:
        if scheme.rank(subject_level) > clearance:
            header["subject"] = release("subject", subject_level)
            subject_level = lowest
        present.append(subject_level)
    header["subject_sensitivity"] = subject_level
    if scheme.rank(default) > clearance:
        # Who wrote it stays; whom it was for and what it is filed under go.
        header |= {"for_": None, "from_": None, "keywords": ()}
    elif outline.for_ or outline.from_ or outline.keywords:
        present.append(default)
    return header


def _top(items: list[Any], cap: int) -> set[int]:
    """Indexes of the ``cap`` highest-priority items (the first ones, for unranked items)."""
    if not isinstance(items[0], Recommendation):
        return set(range(cap))
    ranked = sorted(range(len(items)), key=lambda i: (_PRIORITY[items[i].priority], i))
    return set(ranked[:cap])
