"""Accessible DOCX, checked in the package's XML parts as Word's accessibility checker would.

Headings only through heading styles, alt text on every image, header rows marked and
repeated, language and title set, no empty paragraphs for spacing, decision lines in a table
with a header row, links with meaningful words.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from briefgen import model
from briefgen.build import Project, build

from .conftest import AUDIENCES, ROOT, SHIPPED
from .readback import docx_xml_parts, libreoffice_pdf, pdf_pages

ACCESSIBLE = ROOT / "tests" / "briefs" / "accessibility.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
GENERIC_LINK_WORDS = {"here", "click here", "link", "this link", "more", "read more", "this"}


@pytest.fixture(scope="session")
def docx_files(
    project: Project, built, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    """(brief, audience) → DOCX, for the shipped brief and the accessibility test brief."""
    out = tmp_path_factory.mktemp("accessible-docx")
    found = {("shipped", a): built[(a, "docx")] for a in AUDIENCES}
    for path in build(project, ACCESSIBLE, list(AUDIENCES), ["docx"], out):
        audience = next(a for a in AUDIENCES if path.stem.endswith(f"-{a}"))
        found[("accessible", audience)] = path
    return found


CASES = [(brief, audience) for brief in ("shipped", "accessible") for audience in AUDIENCES]


def _document(project: Project, brief: str, audience: str) -> model.Document:
    return project.document(project.read(SHIPPED if brief == "shipped" else ACCESSIBLE), audience)


def _xml(path: Path, part: str) -> etree._Element:
    return etree.fromstring(docx_xml_parts(path)[part].encode("utf-8"))


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))


def _caption(table: etree._Element) -> str | None:
    """A table's alternative-text title (``w:tblCaption``)."""
    found = table.find("w:tblPr/w:tblCaption", NS)
    return None if found is None else str(found.get(f"{{{W}}}val"))


def _style(paragraph: etree._Element) -> str:
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return "" if found is None else str(found.get(f"{{{W}}}val"))


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_headings_only_through_heading_styles(
    project: Project, docx_files, brief: str, audience: str
) -> None:
    document = _document(project, brief, audience)
    body = _xml(docx_files[(brief, audience)], "word/document.xml").find("w:body", NS)
    expected = [
        (f"Heading{b.level}", "".join(i.text for i in b.text if isinstance(i, model.Span)))
        for b in document.blocks
        if isinstance(b, model.Heading)
    ]
    headings = [(_style(p), _text(p)) for p in body.iter(f"{{{W}}}p") if "Heading" in _style(p)]
    assert headings == expected
    # No paragraph fakes a heading with a direct outline level.
    assert not body.findall(".//w:pPr/w:outlineLvl", NS)


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_every_image_has_alt_text_or_is_marked_decorative(
    docx_files, brief: str, audience: str
) -> None:
    body = _xml(docx_files[(brief, audience)], "word/document.xml")
    for properties in body.iter(f"{{{NS['wp']}}}docPr"):
        decorative = any(
            el.tag.endswith("}decorative") and el.get("val") in ("1", "true")
            for el in properties.iter()
        )
        assert (properties.get("descr") or "").strip() or decorative, properties.get("name")


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_language_and_title(project: Project, docx_files, brief: str, audience: str) -> None:
    document = _document(project, brief, audience)
    path = docx_files[(brief, audience)]
    styles = _xml(path, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None
    assert lang.get(f"{{{W}}}val") == document.meta.language
    core = _xml(path, "docProps/core.xml")
    assert core.findtext("dc:language", namespaces=NS) == document.meta.language
    assert core.findtext("dc:title", namespaces=NS) == document.meta.title


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_no_empty_paragraphs_and_no_adjacent_tables(docx_files, brief: str, audience: str) -> None:
    body = _xml(docx_files[(brief, audience)], "word/document.xml").find("w:body", NS)
    children = [child for child in body if child.tag != f"{{{W}}}sectPr"]
    for child in children:
        if child.tag == f"{{{W}}}p":
            picture = child.find(".//w:drawing", NS) is not None
            assert _text(child).strip() or picture, "an empty paragraph in the body"
    tags = [child.tag for child in children]
    for first, second in pairwise(tags):
        assert not (first == second == f"{{{W}}}tbl"), "two adjacent tables merge in Word"


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_data_tables_have_a_repeated_header_row_and_a_caption(
    project: Project, docx_files, brief: str, audience: str
) -> None:
    document = _document(project, brief, audience)
    body = _xml(docx_files[(brief, audience)], "word/document.xml").find("w:body", NS)
    tables = body.findall("w:tbl", NS)
    expected = [b for b in document.blocks if isinstance(b, model.Table)]
    captions = {"".join(getattr(i, "text", "") for i in block.caption) for block in expected}
    data = [t for t in tables if _caption(t) in captions]
    assert len(data) == len(expected)
    for table, block in zip(data, expected, strict=True):
        first = table.find("w:tr", NS)
        assert first.find("w:trPr/w:tblHeader", NS) is not None
        cells = [_text(tc) for tc in first.findall("w:tc", NS)]
        assert cells == ["".join(getattr(i, "text", "") for i in c) for c in block.header]
        assert _caption(table) == "".join(getattr(i, "text", "") for i in block.caption)


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_decision_lines_are_tables_with_a_header_row(
    project: Project, docx_files, brief: str, audience: str
) -> None:
    document = _document(project, brief, audience)
    decisions = [b for b in document.blocks if isinstance(b, model.DecisionLine)]
    body = _xml(docx_files[(brief, audience)], "word/document.xml").find("w:body", NS)
    grids = [t for t in body.findall("w:tbl", NS) if _caption(t) == "Decision"]
    assert len(grids) == len(decisions)
    if audience == "principal":
        assert decisions
    for grid, decision in zip(grids, decisions, strict=True):
        header, marks = grid.findall("w:tr", NS)
        assert header.find("w:trPr/w:tblHeader", NS) is not None
        assert [_text(tc) for tc in header.findall("w:tc", NS)] == list(decision.options)
        assert len(marks.findall("w:tc", NS)) == len(decision.options)


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_links_have_meaningful_words(docx_files, brief: str, audience: str) -> None:
    path = docx_files[(brief, audience)]
    body = _xml(path, "word/document.xml")
    rels = _xml(path, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    links = list(body.iter(f"{{{W}}}hyperlink"))
    if brief == "accessible" and audience == "staff":
        assert len(links) >= 3
    for link in links:
        words = _text(link).strip()
        tip = (link.get(f"{{{W}}}tooltip") or "").strip()
        target = targets[link.get(f"{{{NS['r']}}}id")]
        assert words and words.lower() not in GENERIC_LINK_WORDS
        assert tip and tip.lower() not in GENERIC_LINK_WORDS
        # A bare address as the link's words gets a ScreenTip that says what it leads to.
        assert tip != target


@pytest.mark.client
def test_libreoffice_opens_the_accessible_docx(
    docx_files, tmp_path: Path, client: Callable[[str], str]
) -> None:
    """The reworked header lines, decision grids and language runs open in a real client."""
    soffice = client("soffice")
    docs = [docx_files[("accessible", "staff")], docx_files[("shipped", "principal")]]
    result = libreoffice_pdf(soffice, docs, tmp_path)
    assert result.returncode == 0, result.stderr
    staff = " ".join(pdf_pages(tmp_path / "lo" / (docs[0].stem + ".pdf")))
    assert "Сила Сибири" in staff and "Oblast 70" in staff
    principal = pdf_pages(tmp_path / "lo" / (docs[1].stem + ".pdf"))
    assert len(principal) == 1  # the one-page memo stays one page
    assert " ".join(principal).count("Disapprove") == 3
