"""Nothing an audience may not see is anywhere in its files: text, metadata, XML, names."""

from __future__ import annotations

import html

import pytest

from briefgen.audience import select
from briefgen.build import Project

from .conftest import AUDIENCES, SHIPPED
from .expect import items, raw_runs, shallow
from .readback import docx_text, docx_xml_parts, pdf_metadata, pdf_outline, pdf_text


def _withheld_runs(project: Project, audience: str) -> list[tuple[str, str]]:
    outline = project.read(SHIPPED)
    selection = select(outline, project.profiles[audience], project.scheme)
    hidden = {w.path for w in selection.withheld}
    # A phrase that visible items use too ("roughly even chance") proves nothing either way.
    shown = " ".join(run for _, item in items(selection.outline) for run in raw_runs(shallow(item)))
    found = []
    for path, item in items(outline):
        if path in hidden or any(path.startswith(h + ".") for h in hidden):
            found += [(path, run) for run in raw_runs(shallow(item)) if run not in shown]
    return found


def test_the_shipped_brief_really_differs_by_audience(project: Project) -> None:
    outline = project.read(SHIPPED)
    withheld = {
        a: {
            w.path
            for w in select(outline, project.profiles[a], project.scheme).withheld
            if "cap" not in w.reason
        }
        for a in AUDIENCES
    }
    assert withheld["public"] > withheld["staff"]  # public sees strictly less than staff
    levels = {item.sensitivity for _, item in items(outline)}
    assert {"internal", "confidential"} <= levels


@pytest.mark.parametrize("audience", AUDIENCES)
def test_withheld_text_is_nowhere_in_the_output(project: Project, built, audience: str) -> None:
    runs = _withheld_runs(project, audience)
    if audience == "public":
        assert runs, "expected the public to have withheld items"
    pdf = built[(audience, "pdf")]
    docx = built[(audience, "docx")]
    haystacks = {
        "pdf text": pdf_text(pdf),
        "pdf metadata": " ".join(pdf_metadata(pdf).values()),
        "pdf outline": " ".join(pdf_outline(pdf)),
        "docx text": docx_text(docx),
        "file names": f"{pdf.name} {docx.name}",
    }
    for name, xml in docx_xml_parts(docx).items():
        haystacks[f"docx {name}"] = html.unescape(xml)
    for path, run in runs:
        for where, text in haystacks.items():
            assert run not in text, f"{audience}: {path} leaked into {where}: {run[:50]!r}"


def test_public_build_has_public_marking_only(project: Project, built) -> None:
    for fmt in ("pdf", "docx"):
        path = built[("public", fmt)]
        text = pdf_text(path) if fmt == "pdf" else " ".join(docx_xml_parts(path).values())
        assert "INTERNAL" not in text and "CONFIDENTIAL" not in text
