"""Class 3: YAML that tries to run code, hide structure, or smuggle characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import BASE, brief_with, run, write

# (case, file content, the exact stderr lines after "brief.yaml:")
CASES = [
    (
        "python object tag",
        BASE.format(text="!!python/object/apply:os.system ['touch pwned']"),
        ["6:5: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"],
    ),
    (
        "custom tag",
        BASE.format(text="!include /etc/passwd"),
        ["6:5: YAML tag '!include' is not allowed"],
    ),
    (
        "duplicate key",
        BASE.format(text="S") + "title: Again\n",
        ["7:1: title: duplicate key"],
    ),
    (
        "anchor",
        BASE.format(text="&a S"),
        ["6:5: anchors (&name) are not allowed in a brief"],
    ),
    (
        "alias bomb",
        "a: &a [x, x]\nb: &b [*a, *a]\n",
        ["1:4: anchors (&name) are not allowed in a brief"],
    ),
    (
        "merge key",
        BASE.format(text="S") + "<<: {title: X}\n",
        ["7:1: <<: unknown field"],
    ),
    (
        "two documents",
        BASE.format(text="S") + "---\ntitle: Second\n",
        ["7:1: a brief is one YAML document; remove the extra '---' document"],
    ),
    (
        "NUL in the file",
        BASE.format(text="before\x00after"),
        ["6:11: character U+0000 (NUL) is not allowed in a brief; delete it"],
    ),
    (
        "vertical tab and form feed in the file",
        BASE.format(text="one\x0btwo\x0cthree"),
        [
            "6:8: character U+000B (vertical tab) is not allowed in a brief; "
            "replace it with a line break",
            "6:12: character U+000C (form feed) is not allowed in a brief; "
            "replace it with a blank line",
        ],
    ),
    (
        "C1 control and DEL in the file",
        BASE.format(text="a\x9bb\x7fc"),
        [
            "6:6: character U+009B (control character) is not allowed in a brief; delete it",
            "6:8: character U+007F (delete) is not allowed in a brief; delete it",
        ],
    ),
    (
        "Unicode noncharacter (briefgen's own markers)",
        BASE.format(text="a\ufdd0b"),
        ["6:6: character U+FDD0 (a Unicode noncharacter) is not allowed in a brief; delete it"],
    ),
    (
        "NUL written as an escape",
        BASE.format(text='"before\\0after"'),
        [
            "6:5: summary[0].text: character U+0000 (NUL) is not allowed in a brief; "
            "delete it (character 7 of the text)"
        ],
    ),
    (
        "lone surrogate written as an escape",
        BASE.format(text='"broken \\ud800 pair"'),
        [
            "6:5: summary[0].text: lone surrogate U+D800 (a lone surrogate) is not allowed "
            "in a brief; delete it (character 8 of the text)"
        ],
    ),
    (
        "carriage return written as an escape",
        BASE.format(text='"line\\rbreak"'),
        [
            "6:5: summary[0].text: character U+000D (carriage return) is not allowed in a "
            "brief; replace it with a line break (character 5 of the text)"
        ],
    ),
    (
        "text over the field limit",
        BASE.format(text="x" * 20_001),
        ["6:5: summary[0].text: longer than 20,000 characters"],
    ),
    (
        "deep nesting where text is expected",
        BASE.format(text="S") + "keywords: " + "[" * 40 + "]" * 40 + "\n",
        ["7:12: keywords[0]: expected text, got a list"],
    ),
    (
        "nesting deep enough to exhaust the parser",
        "title: " + "[" * 100_000 + "]" * 100_000 + "\n",
        ["1:1: nested too deeply to be a brief"],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rejected_with_exact_lines(tmp_path: Path, case: str, text: str, expected: list[str]):
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.pdf").write_bytes(b"earlier output")
    result = run(write(tmp_path, text), out=out)
    assert result.code == 1
    prefix = str(tmp_path / "brief.yaml") + ":"
    assert result.stderr.splitlines() == [prefix + line for line in expected]
    assert result.outputs == {"earlier.pdf": b"earlier output"}
    assert not (tmp_path / "pwned").exists()


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.format(text="S") + "# " + "x" * (2 * 1024 * 1024) + "\n")
    result = run(path)
    assert result.code == 1
    assert result.stderr == f"{path}:1:1: larger than the 2 MiB limit\n"


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.format(text="caf\xe9").encode("latin-1"))
    result = run(path)
    assert result.stderr == f"{path}:6:8: not valid UTF-8 (byte 0xe9)\n"


def test_bom_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + BASE.format(text="With a byte-order mark"))
    result = run(path, "-f", "docx")
    assert result.code == 0, result.stderr


def test_escaped_surrogate_pair_is_the_character(tmp_path: Path) -> None:
    from briefgen.build import Project

    path = brief_with(tmp_path, '"Dragon \\ud83d\\udc09 year"')
    outline = Project.load().read(path)
    assert outline.summary[0].text == "Dragon \U0001f409 year"


def test_tab_is_kept(tmp_path: Path) -> None:
    from briefgen.build import Project

    path = brief_with(tmp_path, '"one\\ttwo"')
    assert Project.load().read(path).summary[0].text == "one\ttwo"
