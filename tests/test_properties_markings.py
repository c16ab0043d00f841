"""Property tests over generated marking schemes (2–4 levels with made-up names, centred or
right-aligned banners), brief-wide section levels, title and subject levels, and audience
profiles with random clearance, lists, caps, portion marks and watermark: nothing above the
clearance (or ruled out by name) appears in any output, and the filter is idempotent and keeps
order. ``test_properties`` covers the filter itself on the default scheme."""

from __future__ import annotations

import string
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import backends
from briefgen.audience import Caps, Profile, describe, select
from briefgen.build import Project
from briefgen.markings import Level, Scheme
from briefgen.outline import SECTIONS
from briefgen.resources import TEMPLATES
from briefgen.templating import Templates

from .readback import haystacks

LISTS = SECTIONS
AUDIENCE = "staff"  # uses the full-brief template


def _alpha(number: int) -> str:
    """A number as lower-case letters, so markers survive any text extraction intact."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = string.ascii_lowercase[digit] + letters
        if number == 0:
            return letters


@dataclass
class Generated:
    """A generated brief, with what each marker's visibility should be."""

    scheme: Scheme
    data: dict[str, Any]
    #: marker -> (effective level, excluded by an audience rule or a parent's)
    markers: dict[str, tuple[str, bool]] = field(default_factory=dict)


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    names = draw(
        st.lists(
            st.text(string.ascii_lowercase, min_size=2, max_size=8).filter(
                lambda n: n not in ("no", "on", "off", "yes", "null", "true", "false")
            ),
            min_size=2,
            max_size=4,
            unique=True,
        )
    )
    levels = tuple(
        Level(name=n, banner=f"BANNER{_alpha(i).upper()}", portion=f"P{i}")
        for i, n in enumerate(names)
    )
    align = draw(st.sampled_from(["center", "right"]))
    return Scheme(name="gen", levels=levels, banner_align=align)


@st.composite
def outlines(draw: st.DrawFn, scheme: Scheme) -> Generated:
    levels = scheme.names
    counter = iter(range(10_000))
    generated = Generated(scheme, {})

    def level_or_none() -> str | None:
        return draw(st.one_of(st.none(), st.sampled_from(levels)))

    def rule() -> dict[str, list[str]] | None:
        return draw(
            st.sampled_from([None, {"exclude": [AUDIENCE]}, {"include": [AUDIENCE]},
                             {"include": ["other"]}])
        )

    def marker(level: str, excluded: bool) -> str:
        word = f"zq{_alpha(next(counter))}qz"
        generated.markers[word] = (level, excluded)
        return word

    default = draw(st.sampled_from(levels))
    section_levels = {name: level_or_none() for name in LISTS}
    lowest = levels[0]
    title_level = level_or_none() or default
    subject_level = level_or_none() or default
    data: dict[str, Any] = {
        "title": f"Title {marker(title_level, False)}",
        "subtitle": f"Subtitle {marker(title_level, False)}",
        "release_title": f"Release {marker(lowest, False)}",
        "date": "2026-11-30",
        "author": "An Author",
        "for": f"For {marker(default, False)}",
        "from": f"From {marker(default, False)}",
        "subject": f"Subject {marker(subject_level, False)}",
        "keywords": [f"kw {marker(default, False)}"],
        "marking": "gen",
        "sensitivity": default,
        "title_sensitivity": title_level,
        "subject_sensitivity": subject_level,
        "sections": {k: v for k, v in section_levels.items() if v is not None},
    }

    def item(name: str, index: int) -> dict[str, Any]:
        own = level_or_none()
        audiences = rule()
        level = own or section_levels[name] or default
        excluded = bool(
            audiences
            and (
                (audiences.get("include") and AUDIENCE not in audiences["include"])
                or AUDIENCE in audiences.get("exclude", [])
            )
        )

        def m() -> str:
            return marker(level, excluded)

        body: dict[str, Any]
        if name == "summary":
            body = {"text": f"Summary {m()}"}
        elif name == "key_judgments":
            body = {"text": f"Judgment {m()}", "confidence": "high"}
        elif name == "background":
            bullets = []
            for _ in range(draw(st.integers(0, 2))):
                bullet_own = level_or_none()
                bullet_level = bullet_own or level
                bullet_rule = rule()
                bullet_excluded = excluded or bool(
                    bullet_rule
                    and (
                        (bullet_rule.get("include") and AUDIENCE not in bullet_rule["include"])
                        or AUDIENCE in bullet_rule.get("exclude", [])
                    )
                )
                # A bullet is never shown without its section: hidden with it.
                effective = max(bullet_level, level, key=scheme.rank)
                bullet = {"text": f"Bullet {marker(effective, bullet_excluded)}"}
                if bullet_own:
                    bullet["sensitivity"] = bullet_own
                if bullet_rule:
                    bullet["audiences"] = bullet_rule
                bullets.append(bullet)
            body = {"heading": f"Heading {m()}", "text": f"One {m()}\n\nTwo {m()}",
                    "bullets": bullets}
        elif name in ("threats", "opportunities"):
            body = {"title": f"Risk {m()}", "text": f"Text {m()}", "likelihood": "likely",
                    "impact": "high"}
        elif name == "recommendations":
            body = {"action": f"Act {m()}", "rationale": f"Why {m()}", "owner": f"Owner {m()}",
                    "priority": draw(st.sampled_from(["high", "medium", "low"]))}
        elif name == "tables":
            body = {"id": f"t{index}", "caption": f"Caption {m()}", "columns": ["A", f"{m()}"],
                    "rows": [[f"{m()}", "1"]], "note": f"Note {m()}"}
        elif name == "charts":
            body = {"id": f"c{index}", "kind": "bar", "caption": f"Chart {m()}",
                    "alt": f"Alt {m()}", "categories": [f"{m()}", "Other"],
                    "series": [{"name": f"{m()}", "values": [1, 2]}], "unit": f"{m()}",
                    "note": f"Note {m()}"}
        else:
            body = {"id": f"s{index}", "title": f"Work {m()}", "url": f"https://example.org/{m()}"}
        if own:
            body["sensitivity"] = own
        if audiences:
            body["audiences"] = audiences
        return body

    for name in LISTS:
        count = draw(st.integers(1 if name == "summary" else 0, 3))
        data[name] = [item(name, i) for i in range(count)]
    generated.data = data
    return generated


@st.composite
def cases(draw: st.DrawFn) -> tuple[Generated, Profile]:
    scheme = draw(schemes())
    generated = draw(outlines(scheme))
    sections = draw(st.lists(st.sampled_from(LISTS), min_size=1, max_size=8, unique=True))
    caps = {
        name: draw(st.one_of(st.none(), st.integers(0, 3)))
        for name in ("key_judgments", "background", "threats", "opportunities",
                     "recommendations", "tables")
    }
    profile = Profile(
        name=AUDIENCE,
        description="Generated.",
        label="Generated brief",
        clearance={"gen": draw(st.sampled_from(scheme.names))},
        sections=tuple(sections),
        max_items=Caps(**caps),
        portion_marks=draw(st.booleans()),
        watermark=draw(st.one_of(st.none(), st.just("DRAFT"))),
    )
    return generated, profile


def _project(generated: Generated, profile: Profile) -> Project:
    base = Project.load()
    schemes = {**base.schemes, "gen": generated.scheme}
    profiles = {AUDIENCE: profile, "other": replace(profile, name="other")}
    return Project(schemes, profiles, Templates([TEMPLATES]), base.style)


def _read(project: Project, generated: Generated, folder: Path) -> Any:
    path = folder / "generated.yaml"
    path.write_text(yaml.safe_dump(generated.data, sort_keys=False), encoding="utf-8")
    return project.read(path)


def _hidden(generated: Generated, profile: Profile) -> list[str]:
    scheme = generated.scheme
    clearance = scheme.rank(profile.clearance_in(scheme))
    return [
        word
        for word, (level, excluded) in generated.markers.items()
        if excluded or scheme.rank(level) > clearance
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_nothing_above_clearance_in_any_output(case: tuple[Generated, Profile]) -> None:
    generated, profile = case
    project = _project(generated, profile)
    hidden = _hidden(generated, profile)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        outline = _read(project, generated, folder)
        selection = select(outline, profile, generated.scheme)
        document = project.compose(selection)
        pdf = folder / f"{outline.slug}-{AUDIENCE}.pdf"
        docx = folder / f"{outline.slug}-{AUDIENCE}.docx"
        pdf.write_bytes(backends.get("pdf").render(document))
        docx.write_bytes(backends.get("docx").render(document))
        for where, text in haystacks(pdf, docx).items():
            for word in hidden:
                assert word not in text, f"{word} ({generated.markers[word]}) leaked: {where}"
        # The banner is the roll-up of what is shown, never above the clearance.
        scheme = generated.scheme
        assert scheme.rank(selection.marking) <= scheme.rank(profile.clearance_in(scheme))


def _ids(items: tuple[Any, ...]) -> list[str]:
    return [describe(item) for item in items]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_filter_is_idempotent_and_keeps_order(case: tuple[Generated, Profile]) -> None:
    generated, profile = case
    project = _project(generated, profile)
    with tempfile.TemporaryDirectory() as temp:
        outline = _read(project, generated, Path(temp))
    once = select(outline, profile, generated.scheme)
    twice = select(once.outline, profile, generated.scheme)
    assert twice.outline == once.outline
    assert twice.marking == once.marking
    assert not [w for w in twice.withheld if "cap" not in w.reason]
    for name in LISTS:
        kept, original = _ids(getattr(once.outline, name)), _ids(getattr(outline, name))
        positions = [original.index(text) for text in kept]
        assert positions == sorted(positions), name  # a subsequence, in the brief's order
