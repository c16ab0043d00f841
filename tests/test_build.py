"""End to end: the shipped brief built for every audience and format, read back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefgen.audience import select
from briefgen.build import Project, output_name
from briefgen.cli import main

from .conftest import AUDIENCES, SHIPPED
from .expect import item_texts, items, plain, shallow
from .readback import (
    docx_paragraphs,
    docx_text,
    docx_xml_parts,
    pdf_body_text,
    pdf_metadata,
    pdf_outline,
    pdf_pages,
)

SECTION_HEADINGS = {
    "key_judgments": "Key judgments",
    "background": "Background",
    "threats": "Threats",
    "opportunities": "Opportunities",
    "recommendations": "Recommendations",
    "sources": "Sources",
}


def _text(path: Path) -> str:
    """The memo's text without page furniture (banners, page numbers, footnotes)."""
    return pdf_body_text(path) if path.suffix == ".pdf" else docx_text(path)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_visible_item_is_present(project: Project, built, audience: str, fmt: str) -> None:
    outline = project.read(SHIPPED)
    selection = select(outline, project.profiles[audience], project.scheme)
    text = _text(built[(audience, fmt)])
    notes = {source.id: n for n, source in enumerate(selection.outline.sources, 1)}
    for _, item in items(selection.outline):
        for piece in item_texts(shallow(item), notes):
            assert piece in text, f"{audience}/{fmt}: missing {piece[:60]!r}"


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_sections_present_or_absent(project: Project, built, audience: str, fmt: str) -> None:
    profile = project.profiles[audience]
    selection = select(project.read(SHIPPED), profile, project.scheme)
    path = built[(audience, fmt)]
    headings = [text for _, text in pdf_outline_or_docx_headings(path)]
    for section, heading in SECTION_HEADINGS.items():
        shown = section in profile.sections and bool(getattr(selection.outline, section))
        assert (heading in headings) == shown, f"{audience}/{fmt}: {heading}"
    text = _text(path)
    assert "BOTTOM LINE" in text
    assert plain(selection.outline.summary[0].text) in text


def pdf_outline_or_docx_headings(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".pdf":
        return [("", title) for title in pdf_outline(path)]
    return [(s, t) for s, t in docx_paragraphs(path) if s.startswith("Heading")]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_title_and_header_block(project: Project, built, fmt: str) -> None:
    outline = project.read(SHIPPED)
    for audience in AUDIENCES:
        text = _text(built[(audience, fmt)])
        for label in ("FOR:", "FROM:", "DATE:", "SUBJECT:"):
            assert label in text
        assert outline.subject in text
        if audience != "principal":
            assert plain(outline.title) in text
        else:
            assert "Decision memo" in text


def test_principal_is_one_page_with_decision_lines(project: Project, built) -> None:
    path = built[("principal", "pdf")]
    pages = pdf_pages(path)
    assert len(pages) == 1
    selection = select(project.read(SHIPPED), project.profiles["principal"], project.scheme)
    shown = len(selection.outline.recommendations)
    assert shown == 3
    for fmt in ("pdf", "docx"):
        text = _text(built[("principal", fmt)])
        assert text.count("Approve") == shown
        assert text.count("Disapprove") == shown
        assert text.count("Discuss") == shown


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_public_has_no_decision_lines(built, fmt: str) -> None:
    text = _text(built[("public", fmt)])
    assert "Disapprove" not in text


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_pdf_page_has_banners_and_number(project: Project, built, audience: str) -> None:
    selection = select(project.read(SHIPPED), project.profiles[audience], project.scheme)
    pages = pdf_pages(built[(audience, "pdf")], layout=True)
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == selection.banner
        assert selection.banner in lines[-1]
        assert f"Page {number} of {len(pages)}" in lines[-1]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_docx_header_footer_have_banner_and_page_fields(
    project: Project, built, audience: str
) -> None:
    selection = select(project.read(SHIPPED), project.profiles[audience], project.scheme)
    parts = docx_xml_parts(built[(audience, "docx")])
    header = "".join(v for k, v in parts.items() if k.startswith("word/header"))
    footer = "".join(v for k, v in parts.items() if k.startswith("word/footer"))
    assert selection.banner in header and selection.banner in footer
    assert " PAGE " in footer and " NUMPAGES " in footer


def test_markings_differ_by_audience(built) -> None:
    assert pdf_pages(built[("public", "pdf")])[0].split()[0] == "PUBLIC"
    assert pdf_pages(built[("staff", "pdf")])[0].split()[0] == "CONFIDENTIAL"
    assert pdf_pages(built[("principal", "pdf")])[0].split()[0] == "CONFIDENTIAL"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_metadata_comes_from_the_selection(project: Project, built, audience: str) -> None:
    outline = project.read(SHIPPED)
    meta = pdf_metadata(built[(audience, "pdf")])
    assert meta["/Title"] == plain(outline.title)
    assert meta["/Author"] == outline.author
    assert "python-docx" not in "".join(docx_xml_parts(built[(audience, "docx")]).values())
    core = docx.Document(str(built[(audience, "docx")])).core_properties
    assert core.title == plain(outline.title)
    assert core.author == outline.author
    assert core.created is not None and core.created.date() == outline.date


def test_docx_uses_word_styles(built) -> None:
    styles = {style for style, _ in docx_paragraphs(built[("staff", "docx")])}
    assert {
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Body Text",
        "List Bullet",
        "Caption",
    } <= styles


def test_table_of_figures_in_both_formats(built) -> None:
    for fmt in ("pdf", "docx"):
        text = _text(built[("staff", fmt)])
        for figure in ("$5.7 billion", "$200 billion", "6 million", "38 million"):
            assert figure in text, (fmt, figure)


def test_output_names_are_deterministic(project: Project, built) -> None:
    outline = project.read(SHIPPED)
    for (audience, fmt), path in built.items():
        assert path.name == output_name(outline, audience, fmt)
        assert path.name == f"2026-11-30-sino-russian-partnership-{audience}.{fmt}"


def test_cli_prints_paths_one_per_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(SHIPPED),
            "--format",
            "pdf",
            "--audience",
            "staff,public",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [Path(line).name for line in lines] == [
        "2026-11-30-sino-russian-partnership-staff.pdf",
        "2026-11-30-sino-russian-partnership-public.pdf",
    ]
    assert all(Path(line).is_file() for line in lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(Path(x).name for x in lines)


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("docx", {"docx"}),
        ("pdf,docx", {"pdf", "docx"}),
        ("all", {"pdf", "docx"}),
    ],
)
def test_cli_format_choices(tmp_path: Path, option: str, expected: set[str]) -> None:
    result = CliRunner().invoke(
        main, ["build", str(SHIPPED), "-f", option, "-a", "principal", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert {Path(p).suffix[1:] for p in result.stdout.splitlines()} == expected


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    for args in (["-f", "odt"], ["-a", "minister"]):
        result = CliRunner().invoke(main, ["build", str(SHIPPED), *args, "-o", str(tmp_path)])
        assert result.exit_code == 2
        assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_python_dash_m_works_the_same(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefgen",
            "build",
            str(SHIPPED),
            "-f",
            "pdf",
            "-a",
            "public",
            "-o",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("sino-russian-partnership-public.pdf")
    assert result.stderr == ""


def test_failed_build_writes_nothing_and_keeps_old_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok = CliRunner().invoke(main, ["build", str(SHIPPED), "-a", "public", "-o", str(out)])
    assert ok.exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "sino-russian-partnership.yaml"
    broken.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["build", str(broken), "-a", "public", "-o", str(out)])
    assert result.exit_code == 1
    assert re.fullmatch(
        r".*:\d+:\d+: titel: unknown field; did you mean 'title'\?\n(.*\n)*", result.stderr
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files either


def test_rebuild_is_byte_identical(project: Project, tmp_path: Path, built) -> None:
    from briefgen.build import build

    again = build(project, SHIPPED, list(AUDIENCES), ["pdf", "docx"], tmp_path)
    for path in again:
        original = next(p for p in built.values() if p.name == path.name)
        assert path.read_bytes() == original.read_bytes(), path.name
