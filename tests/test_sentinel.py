"""The sentinel brief, built for every audience, format and shipped marking scheme: no marker
of a level above the audience's clearance is anywhere in its files."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

import pytest

from briefgen.build import Project, build

from .conftest import AUDIENCES
from .readback import haystacks, pdf_text
from .sentinel import markers_above, write

SCHEMES = ("default", "tlp", "government")


@pytest.fixture(scope="module")
def sentinel_builds(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, dict[str, Path]]]:
    """scheme -> audience -> format -> path."""
    builds: dict[str, dict[str, dict[str, Path]]] = {}
    for name in SCHEMES:
        folder = tmp_path_factory.mktemp(f"sentinel-{name}")
        brief = write(project.schemes[name], folder)
        paths = build(project, brief, list(AUDIENCES), ["pdf", "docx"], folder / "out", fit=True)
        for path in paths:
            audience = next(a for a in AUDIENCES if path.stem.endswith(f"-{a}"))
            builds.setdefault(name, {}).setdefault(audience, {})[path.suffix[1:]] = path
    return builds


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_marker_above_clearance_anywhere(
    project: Project, sentinel_builds, scheme: str, audience: str
) -> None:
    chosen = project.schemes[scheme]
    clearance = project.profiles[audience].clearance_in(chosen)
    hidden = markers_above(chosen, clearance)
    if clearance != chosen.names[-1]:
        assert hidden, "the sentinel brief must have something to hide"
    files = sentinel_builds[scheme][audience]
    for where, text in haystacks(files["pdf"], files["docx"]).items():
        for word in hidden:
            assert word not in text, f"{scheme}/{audience}: {word} leaked into {where}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_sentinel_scan_would_see_a_leak(project: Project, sentinel_builds, scheme: str) -> None:
    """Staff see everything up to their clearance: its markers are found by the same scan."""
    chosen = project.schemes[scheme]
    files = sentinel_builds[scheme]["staff"]
    text = pdf_text(files["pdf"])
    lowest = chosen.names[0]
    for field in ("summary", "judgment", "heading", "bullet", "caption", "cell", "source",
                  "chartcaption", "category", "series", "unit"):
        assert f"zqx{''.join(c for c in lowest if c.isalpha())}x{field}zq" in text, field
    found = haystacks(files["pdf"], files["docx"])
    assert "https://example.org/zqx" in found["pdf links"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_marker_above_clearance_in_the_email(
    project: Project, tmp_path: Path, scheme: str, audience: str
) -> None:
    """The email draft too — subject, bodies, attachment names — holds nothing above."""
    from briefgen.mail import prepare
    from briefgen.mailcheck import check_address

    chosen = project.schemes[scheme]
    hidden = markers_above(chosen, project.profiles[audience].clearance_in(chosen))
    brief = write(chosen, tmp_path)
    envelope = _envelope(check_address)
    prepared = prepare(project, brief, audience, ["pdf", "docx"], tmp_path, envelope)
    message = email.message_from_bytes(prepared.data, policy=email.policy.default)
    texts = [f"{key}: {value}" for key, value in message.items()]
    for part in message.walk():
        if part.get_filename():
            texts.append(part.get_filename())
        elif part.get_content_maintype() == "text":
            texts.append(part.get_content())
    found = "\n".join(texts)
    banner = project.select(project.read(brief), audience).banner
    assert found.startswith(f"Subject: [{banner}] ")
    for word in hidden:
        assert word not in found, f"{scheme}/{audience}: {word} leaked into the email"


def _envelope(check: Any) -> Any:
    from briefgen.mail import Envelope

    return Envelope(check("author@example.org"), (check("reader@example.org"),))
