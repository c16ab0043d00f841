"""Property tests of the audience filter (:func:`briefgen.audience.select`).

Outlines are generated directly as :mod:`briefgen.outline` dataclasses: random items in every
section, each with a random level (or none) and a random audience rule, a random brief level,
and random audience profiles. The last test builds generated briefs end to end for the public
and searches every output for text it must not hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen.audience import Caps, Profile, Selection, select
from briefgen.build import Project, build
from briefgen.errors import BuildError
from briefgen.markings import Level, Scheme
from briefgen.outline import (
    SECTIONS,
    Audiences,
    Item,
    Judgment,
    Outline,
    Paragraph,
    Recommendation,
    Risk,
    Section,
    Source,
    Table,
)

SCHEME = Scheme(
    name="test",
    levels=(
        Level(name="public", banner="PUBLIC", portion="P"),
        Level(name="internal", banner="INTERNAL", portion="I"),
        Level(name="confidential", banner="CONFIDENTIAL", portion="C"),
    ),
)
LEVELS = SCHEME.names
NAMES = ("principal", "staff", "public", "press")

BASE = Outline(
    title="Base title",
    subtitle="Base subtitle",
    date=dt.date(2026, 1, 15),
    author="A. Analyst",
    for_="The Director",
    from_="Planning",
    subject="Base subject",
    keywords=("k",),
    sensitivity="public",
    summary=(),
)

Draw = Callable[[st.SearchStrategy[Any]], Any]

levels_or_none = st.none() | st.sampled_from(LEVELS)
names = st.lists(st.sampled_from(NAMES), unique=True, max_size=2).map(tuple)
rules = st.none() | st.builds(Audiences, include=names, exclude=names)


def rank(level: str) -> int:
    return SCHEME.rank(level)


def admits(item: Item, audience: str) -> bool:
    """The item's audience rule lets ``audience`` in."""
    rule = item.audiences
    if rule is None:
        return True
    return (not rule.include or audience in rule.include) and audience not in rule.exclude


def _make(draw: Draw, section: str, key: str) -> Any:
    """One item of ``section``, with a unique id ``key``, random level and audience rule."""
    shared: dict[str, Any] = {
        "id": key,
        "sensitivity": draw(levels_or_none),
        "audiences": draw(rules),
    }
    if section == "summary":
        return Paragraph(text=key, **shared)
    if section == "key_judgments":
        return Judgment(text=key, **shared)
    if section == "background":
        count = draw(st.integers(0, 3))
        bullets = tuple(_make(draw, "summary", f"{key}.b{k}") for k in range(count))
        return Section(heading=key, text=key, bullets=bullets, **shared)
    if section in ("threats", "opportunities"):
        return Risk(title=key, text=key, likelihood="likely", impact="high", **shared)
    if section == "recommendations":
        priority = draw(st.sampled_from(["high", "medium", "low"]))
        return Recommendation(action=key, priority=priority, **shared)
    if section == "tables":
        return Table(caption=key, columns=("A", "B"), rows=(("1", "2"),), **shared)
    return Source(title=key, **shared)


@st.composite
def outlines(draw: Draw) -> Outline:
    """A brief with 0–4 random items in every section."""
    sections = {
        name: tuple(_make(draw, name, f"{name}-{i}") for i in range(draw(st.integers(0, 4))))
        for name in SECTIONS
    }
    return dataclasses.replace(
        BASE,
        sensitivity=draw(st.sampled_from(LEVELS)),
        release_title=draw(st.none() | st.just("Release title")),
        **sections,
    )


caps = st.just(Caps()) | st.builds(
    Caps,
    **{name: st.none() | st.integers(0, 3) for name in (f.name for f in dataclasses.fields(Caps))},
)
profiles = st.builds(
    Profile,
    name=st.sampled_from(NAMES),
    description=st.just("d"),
    label=st.just("l"),
    clearance=st.sampled_from(LEVELS),
    sections=st.just(SECTIONS),
    max_items=caps,
)


def selection(outline: Outline, profile: Profile) -> Selection | None:
    """``select``, or None where it must refuse (no title the audience may see)."""
    if rank(outline.sensitivity) > rank(profile.clearance) and outline.release_title is None:
        with pytest.raises(BuildError, match="release_title"):
            select(outline, profile, SCHEME)
        return None
    return select(outline, profile, SCHEME)


def selected(sel: Selection) -> Iterator[tuple[str, Any, str]]:
    """(path in the original, item, effective level) of everything the selection shows."""
    default = sel.outline.sensitivity
    for name in SECTIONS:
        for item in getattr(sel.outline, name):
            index = int(item.id.rsplit("-", 1)[1])
            level = item.sensitivity or default
            yield f"{name}[{index}]", item, level
            if isinstance(item, Section):
                for bullet in item.bullets:
                    k = int(bullet.id.rsplit(".b", 1)[1])
                    yield f"{name}[{index}].bullets[{k}]", bullet, bullet.sensitivity or level


# --- properties ---------------------------------------------------------------------------


@given(outlines(), profiles)
def test_selection_holds_only_what_the_audience_may_see(outline: Outline, profile: Profile) -> None:
    """(a) Every item shown is at or below the clearance and lets the audience in."""
    sel = selection(outline, profile)
    if sel is None:
        return
    for path, item, level in selected(sel):
        assert rank(level) <= rank(profile.clearance), path
        assert admits(item, profile.name), path
    if rank(outline.sensitivity) > rank(profile.clearance):
        header = sel.outline
        assert (header.title, header.subject) == ("Release title", "Release title")
        assert (header.subtitle, header.for_, header.from_) == (None, None, None)
        assert header.keywords == ()
    else:
        assert sel.outline.title == outline.title


@given(outlines(), profiles)
def test_everything_left_out_is_reported(outline: Outline, profile: Profile) -> None:
    """(b) Every item not shown is in ``withheld``, with its level and the right reason."""
    sel = selection(outline, profile)
    if sel is None:
        return
    shown = {path for path, _, _ in selected(sel)}
    withheld = {w.path: w for w in sel.withheld}
    assert len(withheld) == len(sel.withheld), "an item is reported twice"
    assert not shown & set(withheld), "an item is both shown and withheld"
    default = outline.sensitivity
    for name in SECTIONS:
        for i, item in enumerate(getattr(outline, name)):
            path = f"{name}[{i}]"
            level = item.sensitivity or default
            if path not in shown:
                assert path in withheld
                assert (withheld[path].id, withheld[path].level) == (item.id, level)
                reason = withheld[path].reason
                if rank(level) > rank(profile.clearance):
                    assert reason == f"level {level} above clearance"
                elif not admits(item, profile.name):
                    assert reason == "audience rule"
                else:
                    assert reason.startswith("over the cap of ")
                continue
            for k, bullet in enumerate(getattr(item, "bullets", ())):
                bullet_path = f"{path}.bullets[{k}]"
                if bullet_path not in shown:
                    assert bullet_path in withheld
                    assert withheld[bullet_path].level == (bullet.sensitivity or level)


@given(outlines(), profiles)
def test_selection_keeps_the_order(outline: Outline, profile: Profile) -> None:
    """(c) What is shown is a subsequence of what was written, in every list."""
    sel = selection(outline, profile)
    if sel is None:
        return
    for name in SECTIONS:
        original = [item.id for item in getattr(outline, name)]
        kept = [item.id for item in getattr(sel.outline, name)]
        assert kept == [key for key in original if key in kept]
        assert len(set(kept)) == len(kept)
        by_id = {item.id: item for item in getattr(outline, name)}
        for item in getattr(sel.outline, name):
            if isinstance(item, Section):
                bullets = [b.id for b in by_id[item.id].bullets]
                kept_bullets = [b.id for b in item.bullets]
                assert kept_bullets == [key for key in bullets if key in kept_bullets]
            else:
                # Items other than sections pass through whole; the selection only records
                # each one's effective level, for portion marks.
                original = by_id[item.id]
                level = original.sensitivity or outline.sensitivity
                assert item == dataclasses.replace(original, sensitivity=level)


@given(outlines(), profiles)
def test_selection_is_idempotent(outline: Outline, profile: Profile) -> None:
    """(d) Selecting again from a selection changes nothing and withholds nothing."""
    sel = selection(outline, profile)
    if sel is None:
        return
    again = select(sel.outline, profile, SCHEME)
    assert again.outline == sel.outline
    assert again.withheld == ()
    assert again.marking == sel.marking


@given(outlines(), profiles)
def test_marking_is_the_highest_level_shown(outline: Outline, profile: Profile) -> None:
    """(e) The banner rolls up every level shown, the header's when the title is shown."""
    sel = selection(outline, profile)
    if sel is None:
        return
    present = [level for _, _, level in selected(sel)]
    if rank(outline.sensitivity) <= rank(profile.clearance):
        present.append(outline.sensitivity)
    expected = max(present, key=rank) if present else LEVELS[0]
    assert sel.marking == expected
    assert rank(sel.marking) <= rank(profile.clearance)


# --- end to end: nothing withheld reaches the public's files ------------------------------


@dataclasses.dataclass
class Brief:
    """A generated brief as YAML text, and its markers by whether the public may see them."""

    text: str
    hidden: set[str]
    shown: set[str]
    default: str
    release_title: bool


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a brief may not hold anchors or aliases


@st.composite
def leak_briefs(draw: Draw) -> Brief:
    """A brief whose every field carries a marker ``ZQ{LEVEL}{NN}X`` unique to its item."""
    counter = itertools.count()
    hidden: set[str] = set()
    shown: set[str] = set()

    def marker(level: str, visible: bool, *, sure: bool = True) -> str:
        n = next(counter)
        token = f"ZQ{level.upper()}{chr(65 + n // 26)}{chr(65 + n % 26)}X"
        if not visible:
            hidden.add(token)
        elif sure:
            shown.add(token)
        return token

    def shared(floor: str, parent_visible: bool = True) -> tuple[dict[str, Any], str, bool]:
        fields: dict[str, Any] = {}
        level = draw(levels_or_none)
        if level is not None:
            fields["sensitivity"] = level
        rule = draw(
            st.none()
            | st.fixed_dictionaries(
                {},
                optional={
                    "include": st.lists(st.sampled_from(NAMES[:3]), unique=True, max_size=2),
                    "exclude": st.lists(st.sampled_from(NAMES[:3]), unique=True, max_size=2),
                },
            )
        )
        if rule is not None:
            fields["audiences"] = rule
        effective = level or floor
        admitted = rule is None or (
            (not rule.get("include") or "public" in rule["include"])
            and "public" not in rule.get("exclude", [])
        )
        visible = parent_visible and admitted and effective == "public"
        return fields, effective, visible

    default = draw(st.sampled_from(LEVELS))
    with_release = draw(st.booleans())
    header_visible = default == "public"
    doc: dict[str, Any] = {
        "title": f"{marker(default, header_visible)} title",
        "subtitle": f"{marker(default, header_visible)} subtitle",
        "date": "2026-01-15",
        "author": "A. Analyst",
        "organization": "Institute",
        "for": f"{marker(default, header_visible)} director",
        "from": f"{marker(default, header_visible)} planning",
        "subject": f"{marker(default, header_visible)} subject",
        "keywords": [marker(default, header_visible, sure=False)],  # metadata only
        "sensitivity": default,
    }
    if with_release:
        doc["release_title"] = f"{marker('public', True, sure=not header_visible)} release"

    sources: list[str] = []
    source_items = []
    for _ in range(draw(st.integers(0, 2))):
        fields, level, visible = shared(default)
        token = marker(level, visible)
        sources.append(token)
        source_items.append(
            {
                "id": token,
                **fields,
                "title": f"{token} title",
                "publisher": token,
                "author": token,
                "url": f"https://example.org/{token}",
            }
        )

    def text(token: str) -> str:
        cite = f" [@{draw(st.sampled_from(sources))}]" if sources and draw(st.booleans()) else ""
        return f"{token} text{cite}."

    def items(
        make: Callable[[str, dict[str, Any], str, bool], dict[str, Any]], most: int, least: int = 0
    ) -> list[Any]:
        found = []
        for _ in range(draw(st.integers(least, most))):
            fields, level, visible = shared(default)
            token = marker(level, visible)
            found.append(make(token, fields, level, visible))
        return found

    def section(token: str, fields: dict[str, Any], level: str, visible: bool) -> dict[str, Any]:
        bullets = []
        for _ in range(draw(st.integers(0, 2))):
            bullet_fields, bullet_level, bullet_visible = shared(level, visible)
            bullet = marker(bullet_level, bullet_visible)
            bullets.append({"id": bullet, **bullet_fields, "text": text(bullet)})
        return {
            "id": token,
            **fields,
            "heading": f"{token} heading",
            "text": text(token),
            "bullets": bullets,
        }

    def risk(token: str, fields: dict[str, Any], *_: object) -> dict[str, Any]:
        return {
            "id": token,
            **fields,
            "title": f"{token} title",
            "text": text(token),
            "likelihood": "likely",
            "impact": "high",
        }

    doc["summary"] = items(lambda t, f, *_: {"id": t, **f, "text": text(t)}, 2, least=1)
    doc["key_judgments"] = items(lambda t, f, *_: {"id": t, **f, "text": text(t)}, 2)
    doc["background"] = items(section, 2)
    doc["threats"] = items(risk, 2)
    doc["opportunities"] = items(risk, 1)
    doc["recommendations"] = items(
        lambda t, f, *_: {
            "id": t,
            **f,
            "action": text(t),
            "rationale": f"{t} rationale",
            "owner": f"{t} owner",
            "timeframe": f"{t} timeframe",
        },
        2,
    )
    doc["tables"] = items(
        lambda t, f, *_: {
            "id": t,
            **f,
            "caption": f"{t} caption",
            "columns": ["Name", "Value"],
            "rows": [[t, "1"]],
            "note": f"{t} note",
        },
        2,
    )
    doc["sources"] = source_items
    text_out = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return Brief(text_out, hidden, shown, default, with_release)


def _pdf_haystacks(path: Path) -> dict[str, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    titles: list[str] = []

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(str(entry.title))

    walk(reader.outline)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    return {
        "pdf text": text,
        "pdf text without spaces": "".join(text.split()),
        "pdf metadata": metadata,
        "pdf outline": " ".join(titles),
        "pdf bytes": path.read_bytes().decode("latin-1"),
    }


def _docx_haystacks(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        found = {"docx part names": " ".join(package.namelist())}
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                found[f"docx {name}"] = package.read(name).decode("utf-8")
    return found


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(leak_briefs())
def test_public_files_hold_nothing_withheld(project: Project, brief: Brief) -> None:
    """No marker of an item above ``public`` or ruled out for it reaches the public's files."""
    with tempfile.TemporaryDirectory() as temp:
        source = Path(temp) / "brief.yaml"
        source.write_text(brief.text, encoding="utf-8")
        out = Path(temp) / "out"
        if brief.default != "public" and not brief.release_title:
            with pytest.raises(BuildError, match="release_title"):
                build(project, source, ["public"], ["pdf", "docx"], out)
            assert not out.exists() or not any(out.iterdir())
            return
        written = build(project, source, ["public"], ["pdf", "docx"], out)
        pdf, docx = sorted(written, key=lambda p: p.suffix, reverse=True)
        assert (pdf.suffix, docx.suffix) == (".pdf", ".docx")
        haystacks = {"file names": " ".join(p.name for p in out.iterdir())}
        haystacks |= _pdf_haystacks(pdf)
        haystacks |= _docx_haystacks(docx)
    lowered = {name: text.lower() for name, text in haystacks.items()}
    leaks = [
        (token, where)
        for token in sorted(brief.hidden)
        for where, text in lowered.items()
        if token.lower() in text
    ]
    assert not leaks, leaks
    # The search can see: what the public may see is there.
    missing = [t for t in brief.shown if t.lower() not in lowered["pdf text without spaces"]]
    assert not missing, missing
    docx_text = " ".join(t for name, t in lowered.items() if name.startswith("docx "))
    assert not [t for t in brief.shown if t.lower() not in docx_text]
