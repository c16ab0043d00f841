"""Footnotes in the PDF: each note at the foot of the page its citation lands on, with room
made for it while laying out, so that one layout pass is enough."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.backends import pdf_writer
from briefgen.backends.pdf import notes as pdf_notes
from briefgen.build import Project
from briefgen.model import Document

from .conftest import ROOT, SHIPPED, crowded_brief


def _cited_brief(seed: int) -> str:
    """A public brief of a few pages: sections of random length, citations anywhere in
    paragraphs (some splitting across pages), in list items and right after headings."""
    rand = random.Random(seed)
    sources = "".join(
        f"  - id: s{i}\n    title: Source {i}{' with a longer title' * rand.randint(0, 5)}\n"
        f"    author: Author {i}\n"
        for i in range(8)
    )
    sections = ""
    for i in range(rand.randint(4, 8)):
        words = [
            f"claim [@s{rand.randrange(8)}]" if rand.random() < 0.03 else "word"
            for _ in range(rand.randint(5, 240))
        ]
        if rand.random() < 0.3:
            words[0] = f"first [@s{rand.randrange(8)}]"
        sections += f'  - id: b{i}\n    heading: Section {i}\n    text: "{" ".join(words)}"\n'
        if rand.random() < 0.3:
            sections += "    bullets:\n" + "".join(
                f'      - "item {j} [@s{rand.randrange(8)}]"\n' for j in range(rand.randint(1, 3))
            )
    return (
        "title: Notes test\ndate: 2026-11-30\nauthor: Test Author\nsensitivity: public\n"
        f'summary:\n  - "Bottom line [@s0]."\nbackground:\n{sections}sources:\n{sources}'
    )


def _document(project: Project, folder: Path, text: str) -> Document:
    path = folder / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return project.compose(project.select(project.read(path), "public"))


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[dict[int, float] | None]:
    """Record the room reserved up front by each layout pass (None: made while laying out)."""
    passes: list[dict[int, float] | None] = []
    layout = pdf_writer._layout

    def counted(document: Document, reserve: dict[int, float] | None, tagged: bool):  # type: ignore[no-untyped-def]
        passes.append(reserve)
        return layout(document, reserve, tagged)

    monkeypatch.setattr(pdf_writer, "_layout", counted)
    return passes


def _notes_on_their_pages(data: bytes) -> int:
    """Assert every citation mark links to a note on its own page, at the foot; count them."""
    reader = PdfReader(io.BytesIO(data))
    found = 0
    for page in reader.pages:
        for annotation in page.get("/Annots", None) or []:
            link = annotation.get_object()
            if "/Dest" in link:
                assert link["/Dest"][0].get_object() == page.get_object()
                assert link["/Dest"][3] < page.mediabox.height / 2
                found += 1
    return found


@pytest.mark.parametrize("seed", range(12))
def test_one_pass_places_every_note_on_its_page(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    document = _document(project, tmp_path, _cited_brief(seed))
    passes = _passes(monkeypatch)
    data, layout = pdf_writer.render_with_layout(document)
    assert passes == [None]  # room made while laying out sufficed
    assert layout.pages >= 2
    assert _notes_on_their_pages(data) == str(document.blocks).count("Cite(")


@pytest.mark.parametrize("brief", [SHIPPED, ROOT / "tests" / "briefs" / "accessibility.yaml"])
def test_the_shipped_and_test_briefs_are_laid_out_once(
    project: Project, monkeypatch: pytest.MonkeyPatch, brief: Path
) -> None:
    for audience in project.profiles:
        document = project.compose(project.select(project.read(brief), audience))
        passes = _passes(monkeypatch)
        pdf_writer.render_with_layout(document)
        assert passes == [None], audience


def test_notes_the_frame_missed_are_placed_by_another_pass(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Should the frame find no citation in a flowable, the pass ends with notes on pages
    # that have no room for them; the writer lays out again with the room reserved.
    document = _document(project, tmp_path, _cited_brief(3))
    monkeypatch.setattr(pdf_notes, "anchors", lambda flowable: iter(()))
    passes = _passes(monkeypatch)
    data, _ = pdf_writer.render_with_layout(document)
    assert passes[0] is None and len(passes) >= 2 and passes[1]
    assert _notes_on_their_pages(data) == str(document.blocks).count("Cite(")


def test_anchors_are_found_in_every_part_of_a_split_paragraph(
    project: Project, tmp_path: Path
) -> None:
    document = _document(project, tmp_path, _cited_brief(5))
    _, renderer, _ = pdf_writer._layout(document, None, False)
    story = [f for f in renderer.story() if hasattr(f, "split")]
    paragraph = max(story, key=lambda f: len(list(pdf_notes.anchors(f))))
    every = list(pdf_notes.anchors(paragraph))
    assert len(every) >= 2
    paragraph.wrap(renderer.width, 10_000)
    parts = paragraph.split(renderer.width, 100)
    assert len(parts) == 2
    assert [a for part in parts for a in pdf_notes.anchors(part)] == every


def _figure_brief(words: int) -> str:
    """A section of ``words`` words, then a cited 12-row table (a figure kept on one page)."""
    sources = "".join(
        f"  - id: s{i}\n    title: Source {i}{' with a longer title' * 4}\n    author: Author {i}\n"
        for i in range(12)
    )
    rows = "".join(f'      - ["row{j} [@s{j}]", "{j}"]\n' for j in range(12))
    return (
        "title: Notes test\ndate: 2026-11-30\nauthor: Test Author\nsensitivity: public\n"
        f'summary:\n  - "x"\nbackground:\n  - id: b0\n    heading: S\n'
        f'    text: "{" ".join(["word"] * words)}"\n'
        f"tables:\n  - id: t1\n    caption: CAPTIONX\n    columns: [Name, Value]\n"
        f"    rows:\n{rows}    note: ENDNOTEX\n"
        f"sources:\n{sources}"
    )


@pytest.mark.parametrize("words", [140, 180, 220, 260])
def test_a_figure_with_cited_rows_stays_on_one_page(
    project: Project, tmp_path: Path, words: int
) -> None:
    # Whether the figure fits where it starts counts the room its rows' notes need.
    data, _ = pdf_writer.render_with_layout(_document(project, tmp_path, _figure_brief(words)))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    holding = {
        m: [i for i, text in enumerate(pages) if m in text] for m in ("CAPTIONX", "ENDNOTEX")
    }
    assert holding["CAPTIONX"] == holding["ENDNOTEX"] and len(holding["CAPTIONX"]) == 1, holding
    assert _notes_on_their_pages(data) == 12


def test_a_heading_right_before_a_figure_is_kept_with_it(project: Project, tmp_path: Path) -> None:
    # A section with only a heading comes straight before the tables: the heading's
    # keep-with-next measures the figure without a canvas.
    text = (
        _figure_brief(10)
        .replace('    text: "word', '    bullets: ["word')
        .replace('word"\ntables:', 'word"]\n  - id: b1\n    heading: Data section\ntables:')
    )
    document = _document(project, tmp_path, text)
    data, _ = pdf_writer.render_with_layout(document)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    [page] = [text for text in pages if "Data section" in text]
    assert "CAPTIONX" in page


def test_a_heading_before_a_line_citing_too_much_reports_the_notes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefgen.cli import main

    brief = crowded_brief(tmp_path)
    result = CliRunner().invoke(
        main, ["build", str(brief), "-a", "public", "-f", "pdf", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "the notes cited on page 1 would take more than half of it" in result.stderr
