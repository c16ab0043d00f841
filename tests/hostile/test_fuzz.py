"""Hypothesis: arbitrary text in every field never crashes either writer, and comes out as
typed (read as inline Markdown) in the PDF's text and the DOCX's.

The alphabet is every character the bundled fonts cover in all their faces, minus those
whose extracted text is not the typed character by design: combining marks and format
characters (pdftotext composes or drops them), right-to-left scripts (extraction reorders
them), compatibility ligatures (extraction expands them), spaces other than U+0020 (folded
like any white space), the refused controls (see test_yaml.py), and the two sequences that
are syntax rather than text: ``[@`` (a citation) and ``](`` (a link). The DOCX text must
hold each value exactly (white space folded); the PDF text too, less white space and
hyphens, which pdftotext's line joining moves (see :func:`_squeezed`). Characters no bundled
font covers are outside this test: the memo would show a box for them.
"""

from __future__ import annotations

import functools
import tempfile
import unicodedata
from pathlib import Path

import docx as docx_module
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import backends
from briefgen.build import Project
from briefgen.resources import FONTS

from ..expect import plain
from ..readback import docx_text, pdf_metadata, pdf_text

_RTL = ("R", "AL", "AN")
_FACES = [
    f"Liberation{family}-{face}.ttf"
    for family in ("Serif", "Sans")
    for face in ("Regular", "Bold", "Italic", "BoldItalic")
]


@functools.cache
def covered() -> str:
    from reportlab.pdfbase.ttfonts import TTFont

    common: set[int] | None = None
    for name in _FACES:
        codes = set(TTFont(name, str(FONTS / name)).face.charToGlyph)
        common = codes if common is None else common & codes
    assert common
    keep = []
    for code in sorted(common):
        char = chr(code)
        category = unicodedata.category(char)
        if category[0] not in "LNPS" and char != " ":
            continue
        if unicodedata.bidirectional(char) in _RTL:
            continue
        if unicodedata.decomposition(char).startswith("<compat>"):
            continue
        keep.append(char)
    return "".join(keep)


def texts() -> st.SearchStrategy[str]:
    return (
        st.text(alphabet=covered(), min_size=1, max_size=40)
        .map(lambda s: s.strip())
        .filter(lambda s: bool(s) and "[@" not in s and "](" not in s)
    )


_FIELDS = [
    "title",
    "subtitle",
    "author",
    "organization",
    "for",
    "from",
    "subject",
    "summary",
    "judgment",
    "heading",
    "section",
    "bullet",
    "threat_title",
    "threat_text",
    "action",
    "rationale",
    "owner",
    "timeframe",
    "caption",
    "cell",
    "column",
    "note",
    "source_title",
    "publisher",
    "source_author",
]


def _brief(v: dict[str, str]) -> dict[str, object]:
    return {
        "title": v["title"],
        "subtitle": v["subtitle"],
        "date": "2026-11-30",
        "author": v["author"],
        "organization": v["organization"],
        "for": v["for"],
        "from": v["from"],
        "subject": v["subject"],
        "sensitivity": "public",
        "summary": [v["summary"]],
        "key_judgments": [{"text": v["judgment"], "likelihood": "likely"}],
        "background": [{"heading": v["heading"], "text": v["section"], "bullets": [v["bullet"]]}],
        "threats": [
            {
                "title": v["threat_title"],
                "text": v["threat_text"],
                "likelihood": "unlikely",
                "impact": "high",
            }
        ],
        "recommendations": [
            {
                "action": v["action"],
                "rationale": v["rationale"],
                "owner": v["owner"],
                "timeframe": v["timeframe"],
            }
        ],
        "tables": [
            {
                "id": "t",
                "caption": v["caption"],
                "columns": [v["column"]],
                "rows": [[v["cell"]]],
                "note": v["note"],
            }
        ],
        "sources": [
            {
                "id": "s",
                "title": v["source_title"],
                "publisher": v["publisher"],
                "author": v["source_author"],
            }
        ],
    }


@functools.cache
def _project() -> Project:
    return Project.load()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.fixed_dictionaries({name: texts() for name in _FIELDS}))
def test_any_text_in_every_field_round_trips(values: dict[str, str]) -> None:
    project = _project()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        brief = folder / "fuzz.yaml"
        brief.write_text(yaml.safe_dump(_brief(values), allow_unicode=True), encoding="utf-8")
        document = project.document(project.read(brief), "staff")
        pdf, docx = folder / "fuzz.pdf", folder / "fuzz.docx"
        pdf.write_bytes(backends.get("pdf").render(document))
        docx.write_bytes(backends.get("docx").render(document))
        seen = {"pdf": pdf_text(pdf), "docx": docx_text(docx)}
        assert pdf_metadata(pdf)["/Author"] == values["author"]
        assert docx_module.Document(str(docx)).core_properties.author == values["author"]
    notes = {"s": 1}
    for name, value in values.items():
        if name in ("author", "organization"):
            continue  # not printed by the staff memo: document properties only
        expected = plain(value, notes)
        assert expected in seen["docx"], f"docx: field {name}: {expected!r} missing"
        assert _squeezed(expected) in _squeezed(seen["pdf"]), f"pdf: field {name}: {expected!r}"


def _squeezed(text: str) -> str:
    """pdftotext joins a line that ends in a hyphen to the next and drops the hyphen
    (``policy-`` / ``maker`` → ``policymaker``), and where lines wrap is layout: so the PDF
    is compared without white space and hyphens."""
    return "".join(c for c in text if not c.isspace() and c != "-")


# --- the reader never crashes, whatever the bytes -----------------------------------------

_YAMLISH = st.sampled_from(
    [
        "title: ",
        "summary:",
        "\n",
        "  - ",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        '"',
        "'",
        "&a ",
        "*a",
        "!!python/object ",
        "---\n",
        "|\n",
        "#",
        "\t",
        "\\u",
        "\\0",
        "\x00",
        "\x0b",
        "\ufeff",
        "\ud800",
        "\u2028",
        "é",
        "sensitivity: public\n",
        "date: 2026-11-30\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.lists(_YAMLISH, max_size=40).map("".join)))
def test_any_file_is_read_or_refused_with_lines(content: bytes | str) -> None:
    from briefgen.errors import InvalidInput

    project = _project()
    with tempfile.TemporaryDirectory() as tmp:
        brief = Path(tmp) / "any.yaml"
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        brief.write_bytes(content)
        try:
            project.read(brief)
        except InvalidInput as exc:
            assert exc.problems
            for problem in exc.problems:
                line = str(problem)
                assert line.startswith(f"{brief}:") and "\n" not in line


_MARKDOWNISH = st.sampled_from(
    [
        "::: title\n",
        "::: callout X\n",
        "::: table t\n",
        ":::\n",
        "::: decision\n",
        "# ",
        "- ",
        "1. ",
        "**",
        "*",
        "_",
        "[",
        "](",
        ")",
        "[@s]",
        "\\",
        "\ufdd0",
        "\ufdd1",
        "\n",
        "\n\n",
        "FOR: ",
        "x",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKDOWNISH, max_size=40).map("".join))
def test_any_template_output_is_read_or_refused_with_a_line(text: str) -> None:
    from briefgen import markdown, model
    from briefgen.errors import BuildError

    resolver = markdown.Resolver(cite={"s": 1}.get, table=lambda _id: None)
    try:
        blocks = markdown.read_blocks(text, resolver, "t.md.j2")
    except BuildError as exc:
        assert str(exc).startswith("t.md.j2:") and "\n" not in str(exc)
        return
    for block in blocks:
        assert isinstance(block, model.Block)
    assert "\ufdd0" not in repr(blocks) and "\ufdd1" not in repr(blocks)  # never printed
