"""Class 8: size. Past the documented limits a brief is refused at once with one line;
within them, anything builds (a callout or a table cell longer than a page included)."""

from __future__ import annotations

from pathlib import Path

from briefgen.outline_reader import MAX_TOTAL_CHARS
from briefgen.schema import MAX_FIELD_CHARS, MAX_ITEMS

from ..readback import docx_text, pdf_text
from .helpers import BASE, run, write


def _filler(n: int, word: str = "policy") -> str:
    return " ".join([word] * (n // (len(word) + 1)))


def test_ten_thousand_recommendations_are_refused(tmp_path: Path) -> None:
    recs = "".join(f"  - Approve measure {i}\n" for i in range(10_000))
    path = write(tmp_path, BASE.format(text="S") + "recommendations:\n" + recs)
    result = run(path)
    assert result.code == 1
    assert result.stderr == (
        f"{path}:8:3: recommendations: has 10,000 items; a list holds at most {MAX_ITEMS}\n"
    )
    assert result.outputs == {}


def test_a_one_megabyte_paragraph_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.format(text=_filler(1024 * 1024)))
    result = run(path)
    assert result.stderr == (
        f"{path}:6:5: summary[0].text: longer than {MAX_FIELD_CHARS:,} characters\n"
    )


def test_total_text_limit(tmp_path: Path) -> None:
    sections = "".join(f"  - heading: Part {i}\n    text: {_filler(19_000)}\n" for i in range(60))
    path = write(tmp_path, BASE.format(text="S") + "background:\n" + sections)
    result = run(path)
    assert result.code == 1
    assert result.stderr.startswith(f"{path}:1:1: the brief holds 1,1")
    assert result.stderr.endswith(f" characters of text; the limit is {MAX_TOTAL_CHARS:,}\n")


def test_the_item_limit_itself_builds(tmp_path: Path) -> None:
    recs = "".join(f"  - Approve measure {i}\n" for i in range(MAX_ITEMS))
    path = write(tmp_path, BASE.format(text="S") + "recommendations:\n" + recs)
    result = run(path, "-a", "staff", "-f", "docx")
    assert result.code == 0, result.stderr
    text = docx_text(tmp_path / "out" / "2026-11-30-brief-staff.docx")
    assert f"Approve measure {MAX_ITEMS - 1}" in text


def test_longer_than_a_page_in_a_box_or_a_cell(tmp_path: Path) -> None:
    long = _filler(MAX_FIELD_CHARS - 100)
    word = "x" * 5000  # one unbreakable word
    extra = f"""\
  - {long}
for: {word}
tables:
  - id: t
    caption: Long cells
    columns: [A, B]
    rows:
      - ["{long}", "{word}"]
"""
    path = write(tmp_path, BASE.format(text="Opening") + extra)
    result = run(path, "-a", "staff")
    assert result.code == 0, result.stderr
    for name in ("2026-11-30-brief-staff.pdf", "2026-11-30-brief-staff.docx"):
        out = tmp_path / "out" / name
        text = pdf_text(out) if name.endswith(".pdf") else docx_text(out)
        assert text.count("policy") >= 2 * long.count("policy")
