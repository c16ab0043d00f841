"""Words in another language: ``[Сила Сибири]{lang=ru}`` in a brief, tagged in both formats."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from briefgen import model
from briefgen.build import Project, build
from briefgen.markdown import parse_inline

from .conftest import ROOT
from .readback import is_struct_element

ACCESSIBLE = ROOT / "tests" / "briefs" / "accessibility.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _NoSources:
    def cite(self, source_id: str) -> int | None:
        return None


def _parse(text: str) -> list[model.Inline]:
    return parse_inline(text, _NoSources())  # type: ignore[arg-type]


def test_a_language_span_is_read() -> None:
    assert _parse("the route [Сила Сибири]{lang=ru} again") == [
        model.Span("the route "),
        model.Span("Сила Сибири", lang="ru"),
        model.Span(" again"),
    ]
    assert _parse("[**Nord** Stream]{lang=de-DE}") == [
        model.Span("Nord", bold=True, lang="de-DE"),
        model.Span(" Stream", lang="de-DE"),
    ]
    # A link inside a span, and a span inside a link, keep both.
    assert _parse("[[Сила](https://example.org/)]{lang=ru}") == [
        model.Span("Сила", href="https://example.org/", lang="ru")
    ]
    assert _parse("[[Сила]{lang=ru}](https://example.org/)") == [
        model.Span("Сила", href="https://example.org/", lang="ru")
    ]


@pytest.mark.parametrize(
    "text", ["[word]{lang=}", "[word]{lang=r}", "[word]{language=ru}", "[word] {lang=ru}"]
)
def test_anything_else_stays_as_typed(text: str) -> None:
    assert _parse(text) == [model.Span(text)]


@pytest.fixture(scope="module")
def staff(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("language")
    return {p.suffix[1:]: p for p in build(project, ACCESSIBLE, ["staff"], ["pdf", "docx"], out)}


def test_pdf_spans_carry_their_language(staff: dict[str, Path]) -> None:
    with pikepdf.open(staff["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "en"
        todo = list(pdf.Root.StructTreeRoot.K)
        spans = []
        while todo:
            element = todo.pop(0)
            if is_struct_element(element):
                if element.S == "/Span":
                    spans.append(str(element.get("/Lang")))
                kids = element.get("/K", pikepdf.Array())
                todo[:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        assert spans == ["ru", "ru", "zh-Hans"]


def test_docx_runs_carry_their_language(staff: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(staff["docx"]))
    tagged = {}
    for run in document.element.body.iter(f"{W}r"):
        lang = run.find(f"{W}rPr/{W}lang")
        if lang is not None:
            tagged["".join(t.text or "" for t in run.iter(f"{W}t"))] = lang.get(f"{W}val")
    assert tagged == {
        "Сила Сибири": "ru",
        "Второй абзац по-русски: поставки газа растут, а цены падают": "ru",
        "中俄全面战略协作伙伴关系": "zh-Hans",
    }
