"""Every kind of problem in a brief is reported as one exact, actionable line by the CLI.

Each test writes a small brief into ``tmp_path``, runs ``briefgen build`` through click's
``CliRunner`` and checks the whole contract of a rejected brief: exit status 1, nothing on
standard output, no traceback, exactly the expected ``file:line:col: path: message`` lines on
standard error, and no output folder (or an empty one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen.build import Project
from briefgen.cli import main

from .conftest import BASE


def _run(tmp_path: Path, content: str | bytes) -> tuple[Result, str, Path]:
    """Write ``content`` as a brief and build it; return the result, brief name, out folder."""
    brief = tmp_path / "brief.yaml"
    if isinstance(content, str):
        brief.write_text(content, encoding="utf-8")
    else:
        brief.write_bytes(content)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(brief), "--out", str(out)])
    return result, str(brief), out


def _assert_rejected(result: Result, out: Path, expected: list[str]) -> None:
    """The brief was refused with exactly ``expected`` on stderr and nothing written."""
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected
    assert not out.exists() or not any(out.iterdir())


def _check(tmp_path: Path, content: str | bytes, *expected: str) -> None:
    """Build ``content``; expect it refused with ``expected`` lines (``{f}`` = brief path)."""
    result, brief, out = _run(tmp_path, content)
    _assert_rejected(result, out, [line.format(f=brief) for line in expected])


# --- fields and values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("titel: x\n", "{f}:6:1: titel: unknown field; did you mean 'title'?"),
        ("subjet: x\n", "{f}:6:1: subjet: unknown field; did you mean 'subject'?"),
        (
            "recommendations:\n  - action: Do it\n    ower: Staff\n",
            "{f}:8:5: recommendations[0].ower: unknown field; did you mean 'owner'?",
        ),
    ],
)
def test_unknown_key_suggests_the_closest_field(tmp_path: Path, extra: str, expected: str) -> None:
    """A misspelt key is named, with the field it probably meant."""
    _check(tmp_path, BASE + extra, expected)


def test_mapping_where_text_expected(tmp_path: Path) -> None:
    """A mapping given for a text field is reported at the mapping."""
    brief = BASE.replace("author: A. Analyst", "author: {name: A. Analyst}")
    _check(tmp_path, brief, "{f}:3:9: author: expected text, got a mapping")


def test_list_where_text_expected(tmp_path: Path) -> None:
    """A list given for a text field is reported at the list."""
    brief = BASE.replace("title: Test brief", "title: [Test, brief]")
    _check(tmp_path, brief, "{f}:1:8: title: expected text, got a list")


def test_mapping_where_list_expected(tmp_path: Path) -> None:
    """A single mapping where a list is expected is an error, not a one-item list."""
    _check(
        tmp_path,
        BASE + "key_judgments: {text: It will rain.}\n",
        "{f}:6:16: key_judgments: expected a list, got a mapping",
    )


def test_text_where_word_list_expected(tmp_path: Path) -> None:
    """Lists of words must be written as lists, even with one entry."""
    _check(tmp_path, BASE + "keywords: China\n", "{f}:6:11: keywords: expected a list, got 'China'")


def test_impossible_date(tmp_path: Path) -> None:
    """30 February is named as impossible, with the reason."""
    brief = BASE.replace("2026-01-15", "2024-02-30")
    _check(
        tmp_path,
        brief,
        "{f}:2:7: date: impossible date '2024-02-30': day is out of range for month",
    )


@pytest.mark.parametrize("value", ["15/01/2026", "2026-1-5", "2026-01", "2026-01-15T10:00:00"])
def test_malformed_date(tmp_path: Path, value: str) -> None:
    """A date not written YYYY-MM-DD says which form is expected."""
    brief = BASE.replace("2026-01-15", value)
    _check(tmp_path, brief, f"{{f}}:2:7: date: expected a date (YYYY-MM-DD), got {value!r}")


def test_missing_required_field(tmp_path: Path) -> None:
    """A missing required field is reported at the mapping that lacks it."""
    brief = BASE.replace("author: A. Analyst\n", "")
    _check(tmp_path, brief, "{f}:1:1: author: required field is missing")


def test_missing_required_field_in_item(tmp_path: Path) -> None:
    """A missing field inside a list item names the item's path."""
    brief = BASE + "threats:\n  - title: T\n    text: X\n    likelihood: likely\n"
    _check(tmp_path, brief, "{f}:7:5: threats[0].impact: required field is missing")


def test_empty_text_value(tmp_path: Path) -> None:
    """A text field left empty is an error, not a silently missing title."""
    brief = BASE.replace("title: Test brief", 'title: "  "')
    _check(tmp_path, brief, "{f}:1:8: title: must not be empty")


def test_duplicate_key(tmp_path: Path) -> None:
    """The second occurrence of a key is the one reported."""
    _check(tmp_path, BASE + "title: Another title\n", "{f}:6:1: title: duplicate key")


def test_for_and_to_both_given(tmp_path: Path) -> None:
    """``to`` is another spelling of ``for``: giving both is a duplicate."""
    brief = BASE + "for: The Director\nto: The Deputy Director\n"
    _check(tmp_path, brief, "{f}:7:1: to: duplicate of 'for'")


@pytest.mark.parametrize(
    ("level", "hint"),
    [
        ("secret", ""),
        ("internl", "; did you mean 'internal'?"),
    ],
)
def test_unknown_sensitivity_label(tmp_path: Path, level: str, hint: str) -> None:
    """An unknown level lists the scheme's levels (and suggests a close one)."""
    brief = BASE.replace("sensitivity: public", f"sensitivity: {level}")
    _check(
        tmp_path,
        brief,
        f"{{f}}:4:14: sensitivity: unknown level {level!r} "
        f"(known: public, internal, confidential){hint}",
    )


def test_unknown_audience_in_include(tmp_path: Path) -> None:
    """An unknown audience name points at the exact list entry."""
    brief = BASE.replace(
        "summary: The bottom line.\n",
        "summary:\n  - text: The bottom line.\n    audiences: {include: [staff, principle]}\n",
    )
    _check(
        tmp_path,
        brief,
        "{f}:7:34: summary[0].audiences.include[1]: unknown audience 'principle' "
        "(known: principal, public, staff); did you mean 'principal'?",
    )


def test_bad_priority_suggests_the_closest_word(tmp_path: Path) -> None:
    """A word outside a fixed list lists the choices and suggests one."""
    brief = BASE + "recommendations:\n  - action: Do it\n    priority: hgh\n"
    _check(
        tmp_path,
        brief,
        "{f}:8:15: recommendations[0].priority: expected one of 'high', 'medium', 'low', "
        "got 'hgh'; did you mean 'high'?",
    )


def test_table_row_of_wrong_width(tmp_path: Path) -> None:
    """A short or long row is reported on its table, counting rows from 0 (as documented)."""
    brief = BASE + (
        "tables:\n"  # 6
        "  - id: figures\n"  # 7
        "    caption: Figures\n"
        "    columns: [Indicator, Figure]\n"
        "    rows:\n"
        "      - [Trade, 5.7]\n"
        "      - [Population, 6, 2020]\n"  # 12
    )
    _check(tmp_path, brief, "{f}:7:5: tables[0]: row 1 has 3 cells but the table has 2 columns")


def test_citation_to_unknown_source(tmp_path: Path) -> None:
    """A citation naming no source is reported at the text that holds it."""
    brief = BASE.replace("The bottom line.", "The bottom line [@nope].")
    _check(
        tmp_path, brief, "{f}:5:10: summary[0].text: citation [@nope] names no source in 'sources'"
    )


def test_duplicate_item_ids(tmp_path: Path) -> None:
    """Ids are unique across all lists; the repeat names where the id was first used."""
    brief = BASE + (
        "threats:\n"  # 6
        "  - id: energy\n"
        "    title: T\n"
        "    text: X\n"
        "    likelihood: likely\n"
        "    impact: high\n"
        "recommendations:\n"  # 12
        "  - id: energy\n"  # 13
        "    action: Do it\n"
    )
    _check(
        tmp_path,
        brief,
        "{f}:13:9: recommendations[0].id: duplicate id 'energy' (first used at threats[0].id)",
    )


# --- YAML features that are refused -----------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            BASE + "subject: &s Shared\nsubtitle: *s\n",
            "{f}:6:10: anchors (&name) are not allowed in a brief",
        ),
        (
            BASE.replace("author: A. Analyst", "author: *someone"),
            "{f}:3:9: aliases (*name) are not allowed in a brief",
        ),
    ],
    ids=["anchor", "alias"],
)
def test_anchors_and_aliases_are_refused(tmp_path: Path, yaml_text: str, expected: str) -> None:
    """Anchors and aliases are refused where they stand."""
    _check(tmp_path, yaml_text, expected)


def test_python_object_tag_is_refused(tmp_path: Path) -> None:
    """A ``!!python/object`` tag is refused (and never constructed)."""
    brief = BASE + "subject: !!python/object:os.system echo hi\n"
    _check(
        tmp_path,
        brief,
        "{f}:6:10: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
    )


def test_two_yaml_documents(tmp_path: Path) -> None:
    """A second document is pointed at, with what to do about it."""
    brief = BASE + "---\ntitle: Second\n"
    _check(
        tmp_path, brief, "{f}:6:1: a brief is one YAML document; remove the extra '---' document"
    )


# --- the file as a whole ------------------------------------------------------------------


def test_invalid_utf8_names_the_byte_and_its_position(tmp_path: Path) -> None:
    """A Latin-1 byte is reported with its line and column."""
    brief = (BASE + "subject: caf\xe9 prices\n").encode("latin-1")
    _check(tmp_path, brief, "{f}:6:13: not valid UTF-8 (byte 0xe9)")


def test_invalid_utf8_column_counts_characters(tmp_path: Path) -> None:
    """Characters before the bad byte on its line count once each, whatever their length."""
    brief = BASE.encode() + "subject: café ".encode() + b"\xff\n"
    _check(tmp_path, brief, "{f}:6:15: not valid UTF-8 (byte 0xff)")


def test_control_character_is_reported_not_a_crash(tmp_path: Path) -> None:
    """A NUL (or other control character) is one error line at its position."""
    brief = BASE + "subject: a\x00b\n"
    _check(
        tmp_path,
        brief,
        "{f}:6:11: character U+0000 (NUL) is not allowed in a brief; delete it",
    )


@pytest.mark.parametrize(
    "content", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_empty_file(tmp_path: Path, content: str) -> None:
    """A file with no document says so."""
    _check(tmp_path, content, "{f}:1:1: the file is empty")


def test_yaml_syntax_error(tmp_path: Path) -> None:
    """A YAML syntax error is reported alone, where it occurs."""
    brief = BASE + "subject: Trade: a new high\n"
    _check(tmp_path, brief, "{f}:6:15: mapping values are not allowed here")


def test_yaml_syntax_error_unclosed_bracket_points_at_the_bracket(tmp_path: Path) -> None:
    """An unclosed ``[`` is reported where it opens, not past the last line."""
    result, brief, out = _run(tmp_path, BASE + "keywords: [China, Russia\n")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{brief}:6:11: ")
    assert not out.exists()


def test_several_problems_are_all_reported_sorted_by_line(tmp_path: Path) -> None:
    """One run reports every field problem, in file order."""
    brief = (
        "title: Test brief\n"  # 1
        "date: 2024-02-30\n"  # 2
        "sensitivity: confidental\n"  # 3
        "summary: The bottom line.\n"  # 4
        "recommendations:\n"  # 5
        "  - action: Do it\n"  # 6
        "    priority: hgh\n"  # 7
        "titel: x\n"  # 8
    )
    _check(
        tmp_path,
        brief,
        "{f}:1:1: author: required field is missing",
        "{f}:2:7: date: impossible date '2024-02-30': day is out of range for month",
        "{f}:3:14: sensitivity: unknown level 'confidental' "
        "(known: public, internal, confidential); did you mean 'confidential'?",
        "{f}:7:15: recommendations[0].priority: expected one of 'high', 'medium', 'low', "
        "got 'hgh'; did you mean 'high'?",
        "{f}:8:1: titel: unknown field; did you mean 'title'?",
    )


# --- what is accepted -------------------------------------------------------------------------


def _assert_built(result: Result, out: Path) -> None:
    assert result.exception is None, result.exception
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    written = [Path(line) for line in result.stdout.splitlines()]
    assert len(written) == 6  # three audiences × two formats
    assert sorted(written) == sorted(out.iterdir())


def test_values_stay_exactly_as_typed(tmp_path: Path) -> None:
    """``no``, ``1.10``, ``017`` and ``yes`` are text, not YAML's booleans and numbers."""
    brief = BASE.replace("author: A. Analyst", "author: no") + (
        "subtitle: 1.10\norganization: 017\nsubject: yes\n"
    )
    result, path, out = _run(tmp_path, brief)
    _assert_built(result, out)
    outline = Project.load().read(Path(path))
    assert (outline.author, outline.subtitle, outline.organization, outline.subject) == (
        "no",
        "1.10",
        "017",
        "yes",
    )


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A BOM (as some Windows editors write) is not part of the first key."""
    result, path, out = _run(tmp_path, b"\xef\xbb\xbf" + BASE.encode())
    _assert_built(result, out)
    assert Project.load().read(Path(path)).title == "Test brief"
