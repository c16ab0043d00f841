"""``briefgen check``: one exact line per problem, validation errors and lint warnings alike.

Each lint rule has a test that writes a small brief, runs the command as a user would
(click's ``CliRunner``) and compares the whole report: file, line, column, severity, field
path, message and rule id.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen.cli import main
from briefgen.lint import RULES

from .conftest import BASE, SHIPPED


def _run(tmp_path: Path, content: str | bytes, *options: str) -> tuple[Result, str]:
    brief = tmp_path / "brief.yaml"
    if isinstance(content, bytes):
        brief.write_bytes(content)
    else:
        brief.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(brief), *options])
    return result, str(brief)


def _findings(tmp_path: Path, content: str | bytes, *options: str) -> list[str]:
    """The finding lines ``check`` prints (``{f}`` for the brief), after the exit contract."""
    result, brief = _run(tmp_path, content, *options)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    summary = lines.pop()
    errors = sum(": error: " in line for line in lines)
    warnings = sum(": warning: " in line for line in lines)
    assert summary == (
        f"1 brief checked: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}"
    )
    assert result.exit_code == (1 if errors else 0), result.stderr
    assert result.stdout == ""
    return [line.replace(brief, "{f}") for line in lines]


def test_base_brief_is_clean(tmp_path: Path) -> None:
    assert _findings(tmp_path, BASE) == []


def test_shipped_brief_has_no_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(SHIPPED)])
    assert result.exit_code == 0, result.stderr
    assert ": error: " not in result.stderr


# --- one test per lint rule ---------------------------------------------------------------


def test_bluf_length(tmp_path: Path) -> None:
    long = " ".join(["The partnership deepens while both capitals hedge against Washington."] * 6)
    findings = _findings(tmp_path, BASE.replace("The bottom line.", long))
    assert findings == [
        "{f}:5:10: warning: summary: the bottom line runs to 5 printed lines (54 words) in the "
        "principal memo; keep it to four [bluf-length]"
    ]


def test_recommendation_owner_and_timeframe(tmp_path: Path) -> None:
    brief = BASE + "recommendations:\n  - Open a quiet channel.\n"  # 6, 7
    assert _findings(tmp_path, brief) == [
        "{f}:7:5: warning: recommendations[0]: no owner: say who would carry it out "
        "[recommendation-owner]",
        "{f}:7:5: warning: recommendations[0]: no timeframe: say by when ('Within 60 days', "
        "'By 15 January') [recommendation-timeframe]",
    ]


@pytest.mark.parametrize(
    ("action", "first"),
    [("The team should open a channel.", "The"), ("Increased funding for monitors.", "Increased"),
     ("_We_ open a channel.", "We"), ("Washington could attempt to bolster ties.", "Washington"),
     ("Regional councils must help.", "Regional")],
)
def test_recommendation_verb(tmp_path: Path, action: str, first: str) -> None:
    brief = BASE + (
        "recommendations:\n"  # 6
        f"  - action: {action}\n"  # 7
        "    owner: Staff\n"
        "    timeframe: Now\n"
    )
    col = 13 + action.find(first)
    assert _findings(tmp_path, brief) == [
        f"{{f}}:7:{col}: warning: recommendations[0].action: start the action with a verb "
        f"('Approve …', 'Open …'), not {first!r} [recommendation-verb]"
    ]


@pytest.mark.parametrize(
    "action", ["Commission a review.", "That you approve the plan.", "Implement the plan."]
)
def test_recommendation_verbs_accepted(tmp_path: Path, action: str) -> None:
    brief = BASE + f"recommendations:\n  - action: {action}\n    owner: S\n    timeframe: Now\n"
    assert _findings(tmp_path, brief) == []


STANDARD = (
    "almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, "
    "almost certain"
)


def test_likelihood_nonstandard(tmp_path: Path) -> None:
    brief = BASE + (
        "key_judgments:\n"  # 6
        "  - text: >-\n"  # 7
        "      Talks will resume, but a deal\n"  # 8
        "      is highly likely to fail.\n"  # 9
    )
    assert _findings(tmp_path, brief) == [
        "{f}:9:10: warning: key_judgments[0].text: 'highly likely' is not on the ICD 203 "
        f"likelihood scale (UK PHIA yardstick); use one of: {STANDARD} [likelihood-nonstandard]"
    ]


def test_likelihood_vague_word(tmp_path: Path) -> None:
    brief = BASE.replace("The bottom line.", "Talks will possibly resume.")
    assert _findings(tmp_path, brief) == [
        "{f}:5:21: warning: summary[0].text: 'possibly' is not on the ICD 203 likelihood scale "
        f"(no scale); use one of: {STANDARD} [likelihood-nonstandard]"
    ]


def test_likelihood_mixed_scales(tmp_path: Path) -> None:
    brief = BASE + (
        "key_judgments:\n"  # 6
        "  - Talks will very likely resume.\n"  # 7
        "  - A deal will probably follow.\n"  # 8
        "lint: {ignore: [likelihood-nonstandard]}\n"
    )
    assert _findings(tmp_path, brief) == [
        "{f}:8:17: warning: key_judgments[1].text: 'probably' (Kent scale, UK PHIA yardstick) "
        "mixes scales with 'very likely' (ICD 203, line 7); keep to one scale "
        "[likelihood-mixed-scales]"
    ]


def test_likelihood_with_confidence(tmp_path: Path) -> None:
    brief = BASE + (
        "key_judgments:\n"  # 6
        "  - text: We assess with high confidence that talks will likely resume.\n"  # 7
        "    likelihood: likely\n"
    )
    assert _findings(tmp_path, brief) == [
        "{f}:7:26: warning: key_judgments[0].text: likelihood 'likely' and 'high confidence' "
        "in one sentence; state confidence in the 'confidence' field "
        "[likelihood-with-confidence]"
    ]


def test_likelihood_mismatch(tmp_path: Path) -> None:
    brief = BASE + (
        "key_judgments:\n"  # 6
        "  - text: Talks will very likely resume.\n"  # 7
        "    likelihood: likely\n"
    )
    assert _findings(tmp_path, brief) == [
        "{f}:7:22: warning: key_judgments[0].text: the text says 'very likely' but likelihood "
        "is 'likely' [likelihood-mismatch]"
    ]


def test_citation_unknown(tmp_path: Path) -> None:
    brief = BASE.replace("The bottom line.", "The bottom line [hawn].") + (
        "sources:\n"  # 6
        "  - id: hawn\n"  # 7
        "    title: A work\n"
        "tables:\n"  # 9
        "  - id: t\n"
        "    caption: Figures, after @hawn and [@ hawn] [@hawn]\n"  # 11
        "    columns: [A]\n"
        "    rows: [[x]]\n"
    )
    assert _findings(tmp_path, brief) == [
        "{f}:5:26: warning: summary[0].text: '[hawn]' is not a citation and prints as typed; "
        "write [@hawn] [citation-unknown]",
        "{f}:11:29: warning: tables[0].caption: '@hawn' is not a citation and prints as typed; "
        "write [@hawn] [citation-unknown]",
        "{f}:11:39: warning: tables[0].caption: '[@ hawn]' is not a citation and prints as "
        "typed; write [@hawn] [citation-unknown]",
    ]


def test_source_uncited(tmp_path: Path) -> None:
    brief = BASE + "sources:\n  - id: hawn-2020\n    title: A work\n"  # 6, 7
    assert _findings(tmp_path, brief) == [
        "{f}:7:9: warning: sources[0].id: source 'hawn-2020' is never cited; cite it as "
        "[@hawn-2020] or drop it [source-uncited]"
    ]


def test_acronym_used_before_it_is_defined(tmp_path: Path) -> None:
    brief = BASE + (
        "background:\n"  # 6
        "  - heading: The SCO\n"  # 7
        "    text: The Shanghai Cooperation Organization (SCO) meets yearly.\n"  # 8
    )
    assert _findings(tmp_path, brief) == [
        "{f}:7:18: warning: background[0].heading: 'SCO' is used before it is defined "
        "(at line 8) [acronym-undefined]"
    ]


def test_acronym_never_defined(tmp_path: Path) -> None:
    brief = BASE.replace("The bottom line.", "The CSTO and the US (both) matter.")
    assert _findings(tmp_path, brief) == [
        "{f}:5:14: warning: summary[0].text: 'CSTO' is never defined; spell it out where first "
        "used: Full Name (CSTO) [acronym-undefined]"
    ]


def test_acronyms_known_from_config(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text('[lint]\nacronyms = ["CSTO"]\n')
    brief = BASE.replace("The bottom line.", "The CSTO matters.")
    assert _findings(tmp_path, brief) == []


def test_page_limit(tmp_path: Path) -> None:
    sentence = "The partnership deepens while both capitals hedge against Washington. "
    brief = BASE + "recommendations:\n" + (
        "  - action: Open a channel.\n"
        "    owner: Staff\n"
        "    timeframe: Now\n"
        f"    rationale: {sentence * 14}\n"
    ) * 3 + "lint: {ignore: [bluf-length]}\n"
    assert _findings(tmp_path, brief) == [
        "{f}:1:1: warning: the principal memo runs to 2 pages in PDF; its limit is 1 page "
        "[page-limit]"
    ]


def test_page_limit_bottom_line_taller_than_a_page(tmp_path: Path) -> None:
    # The bottom-line box continues on the next page (it used to stop the layout), so the
    # finding is the page count.
    paragraph = "The partnership deepens while both capitals hedge against Washington. " * 8
    brief = BASE.replace("summary: The bottom line.\n", "summary:\n" + f"  - {paragraph}\n" * 8)
    assert "{f}:1:1: warning: the principal memo runs to 2 pages in PDF; its limit is 1 page " \
        "[page-limit]" in _findings(tmp_path, brief)


def test_every_rule_is_tested() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [rule for rule in RULES if f"[{rule}]" not in source]
    assert untested == []


# --- silencing --------------------------------------------------------------------------------

REC = "recommendations:\n  - action: The team should open a channel.\n"


def test_item_lint_ignore_silences_the_item_only(tmp_path: Path) -> None:
    brief = BASE + REC + (
        "    lint: {ignore: [recommendation-verb, recommendation-owner]}\n"
        "  - action: Open a channel.\n"  # 9
        "    timeframe: Now\n"
        "lint: {ignore: [recommendation-timeframe]}\n"
    )
    assert _findings(tmp_path, brief) == [
        "{f}:9:5: warning: recommendations[1]: no owner: say who would carry it out "
        "[recommendation-owner]"
    ]


def test_config_file_silences_rules(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.briefgen.lint]\nignore = ["recommendation-verb", "recommendation-owner",'
        ' "recommendation-timeframe"]\n'
    )
    assert _findings(tmp_path, BASE + REC) == []


def test_config_file_found_by_walking_up(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text('[lint]\nignore = ["recommendation-verb"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    lines = _findings(deep, BASE + REC + "    owner: S\n    timeframe: Now\n")
    assert lines == []


def test_unknown_rule_in_item_lint_is_a_validation_error(tmp_path: Path) -> None:
    brief = BASE.replace("summary: The bottom line.\n", "summary:\n  - text: X.\n") + (
        "    lint: {ignore: [bluf-lenght]}\n"  # 7
    )
    assert _findings(tmp_path, brief) == [
        "{f}:7:21: error: summary[0].lint.ignore[0]: expected one of "
        + ", ".join(repr(r) for r in RULES)
        + ", got 'bluf-lenght'; did you mean 'bluf-length'?"
    ]


def test_unknown_rule_in_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text('[lint]\nignore = ["no-such-rule"]\n')
    result, _ = _run(tmp_path, BASE)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"briefgen: {tmp_path / 'briefgen.toml'}: lint.ignore: unknown rule 'no-such-rule'"
    )


# --- validation errors, one per family, in check's format --------------------------------------
# tests/test_validation.py holds the exact message of every family as `briefgen build` prints
# it; here each family must come out of `check` as the same line, marked as an error.

FAMILIES = {
    "unknown-field": BASE + "titel: x\n",
    "wrong-kind": BASE.replace("author: A. Analyst", "author: {name: A}"),
    "list-expected": BASE + "keywords: China\n",
    "date": BASE.replace("2026-01-15", "2026-01"),
    "impossible-date": BASE.replace("2026-01-15", "2024-02-30"),
    "missing": BASE.replace("author: A. Analyst\n", ""),
    "empty": BASE.replace("title: Test brief", 'title: ""'),
    "duplicate-key": BASE + "title: Again\n",
    "for-and-to": BASE + "for: A\nto: B\n",
    "level": BASE.replace("public", "secret"),
    "audience": BASE.replace("summary: The bottom line.\n",
                             "summary:\n  - text: X\n    audiences: {include: [principle]}\n"),
    "fixed-word": BASE + "recommendations:\n  - action: Do it\n    priority: hgh\n",
    "table-shape": BASE + "tables:\n  - id: t\n    caption: C\n    columns: [A, B]\n"
    "    rows: [[x]]\n",
    "citation": BASE.replace("The bottom line.", "The bottom line [@nope]."),
    "duplicate-id": BASE + "key_judgments:\n  - {id: a, text: X}\n  - {id: a, text: Y}\n",
    "anchor": BASE + "subject: &s S\n",
    "tag": BASE + "subject: !!python/object:os.system x\n",
    "two-documents": BASE + "---\ntitle: x\n",
    "yaml-syntax": BASE + "subject: Trade: high\n",
    "empty-file": "# nothing\n",
    "encoding": b"title: caf\xe9\n",
}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_validation_errors_match_build(tmp_path: Path, family: str) -> None:
    content = FAMILIES[family]
    lines = _findings(tmp_path, content)
    assert lines, "an invalid brief must have an error"
    build = CliRunner().invoke(
        main, ["build", str(tmp_path / "brief.yaml"), "-o", str(tmp_path / "out")]
    )
    brief = str(tmp_path / "brief.yaml")
    expected = [
        re.sub(r"^(\{f\}:\d+:\d+): ", r"\1: error: ", line.replace(brief, "{f}"))
        for line in build.stderr.splitlines()
    ]
    assert lines == expected


def test_validation_error_exact_line(tmp_path: Path) -> None:
    assert _findings(tmp_path, FAMILIES["fixed-word"]) == [
        "{f}:8:15: error: recommendations[0].priority: expected one of 'high', 'medium', 'low', "
        "got 'hgh'; did you mean 'high'?"
    ]


def test_errors_and_warnings_in_one_pass(tmp_path: Path) -> None:
    """A cross-reference error does not hide the lint warnings."""
    brief = BASE.replace("The bottom line.", "The bottom line [@nope].") + (
        "recommendations:\n  - Open a channel.\n    \n"
    )
    lines = _findings(tmp_path, brief)
    assert [line.split(": ")[1] for line in lines] == ["error", "warning", "warning"]


# --- output formats and exit status ---------------------------------------------------------


def test_strict_makes_warnings_errors(tmp_path: Path) -> None:
    assert _findings(tmp_path, BASE + "sources:\n  - id: s\n    title: T\n", "--strict") == [
        "{f}:7:9: error: sources[0].id: source 's' is never cited; cite it as [@s] or drop it "
        "[source-uncited]"
    ]


def test_json_format(tmp_path: Path) -> None:
    result, brief = _run(tmp_path, BASE + "titel: x\nsources:\n  - id: s\n    title: T\n",
                         "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {
        "briefs": [brief],
        "errors": 1,
        "warnings": 0,
        "findings": [
            {"file": brief, "line": 6, "column": 1, "severity": "error", "path": "titel",
             "message": "unknown field; did you mean 'title'?", "rule": None},
        ],
    }


def test_json_format_warnings(tmp_path: Path) -> None:
    result, _brief = _run(tmp_path, BASE + "sources:\n  - id: s\n    title: T\n", "-f", "json")
    assert result.exit_code == 0
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["line"], finding["column"], finding["rule"]) == (7, 9, "source-uncited")


def test_github_format(tmp_path: Path) -> None:
    result, brief = _run(tmp_path, BASE + "titel: x\n", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file={brief},line=6,col=1,title=briefgen::titel: unknown field; "
        "did you mean 'title'?\n"
    )


def test_several_briefs(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(BASE)
    bad.write_text(BASE + "titel: x\n")
    result = CliRunner().invoke(main, ["check", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "2 briefs checked: 1 error, 0 warnings"


def test_missing_brief_is_an_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / 'none.yaml'}:1:1: error: cannot read: No such file or directory"
    )


def test_no_brief_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
