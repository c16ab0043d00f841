"""``briefgen init``: a new brief, blank or seeded from an article, that passes ``check``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.build import Project
from briefgen.cli import main

from .conftest import IN_CI, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "article.txt"
#: The shipped article: in shared/ beside the clone (CI) or one level further up.
ARTICLES = [
    base / "shared" / "source-articles" / "sino-russian-partnership.txt"
    for base in (ROOT.parent, ROOT.parent.parent)
]


def _init(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["init", *args])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout.splitlines(), result.stderr


def _check(brief: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(brief), *options])
    return result.exit_code, result.stderr


def test_blank_brief_has_every_section_and_passes_check(tmp_path: Path) -> None:
    code, out, _ = _init(str(tmp_path / "memo"))
    assert code == 0
    brief = tmp_path / "memo.yaml"
    assert out == [str(brief), str(tmp_path / "briefgen.schema.json")]
    text = brief.read_text(encoding="utf-8")
    for section in ("summary:", "key_judgments:", "background:", "threats:", "opportunities:",
                    "recommendations:", "tables:", "charts:", "sources:", "release_title:",
                    "for:"):
        assert f"\n{section}" in text, section
    code, report = _check(brief, "--strict")
    assert code == 0, report
    assert report.splitlines()[-1] == "1 brief checked: 0 errors, 0 warnings"


def test_blank_brief_builds_for_every_audience(tmp_path: Path) -> None:
    _init(str(tmp_path / "memo.yaml"))
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "memo.yaml"), "-o", str(tmp_path / "out"), "-f", "pdf"]
    )
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(Project.load().profiles)


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    brief = tmp_path / "memo.yaml"
    brief.write_text("mine\n")
    code, out, err = _init(str(brief))
    assert (code, out) == (1, [])
    assert err == f"briefgen: {brief} exists; use --force to overwrite it\n"
    assert brief.read_text() == "mine\n"
    code, out, _ = _init(str(brief), "--force")
    assert code == 0 and out[0] == str(brief)
    assert brief.read_text().startswith("# yaml-language-server: $schema=briefgen.schema.json")


def test_a_foreign_schema_file_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "briefgen.schema.json").write_text("{}\n")
    code, out, _ = _init(str(tmp_path / "memo"))
    assert code == 0 and out == [str(tmp_path / "memo.yaml")]
    assert (tmp_path / "briefgen.schema.json").read_text() == "{}\n"


def test_schema_url_is_named_not_written(tmp_path: Path) -> None:
    url = "https://example.org/briefgen.schema.json"
    code, out, _ = _init(str(tmp_path / "memo"), "--schema", url)
    assert code == 0 and out == [str(tmp_path / "memo.yaml")]
    first = (tmp_path / "memo.yaml").read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema={url}"


def test_name_or_article_is_required() -> None:
    code, _, err = _init()
    assert code == 2
    assert "give a NAME for the new brief, or --from ARTICLE.txt" in err


def test_seeded_from_an_article(tmp_path: Path) -> None:
    code, _out, _ = _init(str(tmp_path / "harbours"), "--from", str(FIXTURE))
    assert code == 0
    brief = tmp_path / "harbours.yaml"
    code, report = _check(brief)
    assert code == 0, report
    outline = Project.load().read(brief)
    assert outline.title == "Harbour Towns Face a Shrinking Fleet"
    assert outline.subtitle == "Draft seeded from article.txt, not yet reviewed"
    assert outline.summary[0].text.startswith("Small ports along the northern coast")
    headings = [s.heading for s in outline.background]
    assert headings == [
        "Introduction", "Where the Money Goes", "What Should Change",
        "Facts and figures (draft: check each one)",
    ]
    facts = [b.text for b in outline.background[-1].bullets]
    assert facts[0].startswith("The regional fleet fell from 412 vessels in 2016")
    assert any("$14 million" in f for f in facts)
    assert any(f.startswith("In March 2025") for f in facts)
    assert [(j.likelihood, j.text[:30]) for j in outline.key_judgments] == [
        ("likely", "The decline is likely to conti"),
        ("unlikely", "It is unlikely that the large "),
    ]
    actions = [r.action.split()[:4] for r in outline.recommendations]
    assert actions == [
        ["The", "fund", "should", "set"],
        ["Regional", "councils", "must", "give"],
        ["Ministers", "could", "attempt", "to"],
    ]
    assert outline.sources[0].author == "Mara Quill"
    text = brief.read_text(encoding="utf-8")
    assert "# DRAFT seeded by `briefgen init --from article.txt`" in text
    assert "views expressed" not in text and "lives in Wick" not in text


def test_seeded_text_keeps_markup_characters_literal(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("A *starred* title_with [brackets]\n\nThe opening, with *stars*.\n")
    code, _, _ = _init(str(tmp_path / "b"), "--from", str(article))
    assert code == 0
    outline = Project.load().read(tmp_path / "b.yaml")
    assert outline.summary[0].text == r"The opening, with \*stars\* [@article]."


def test_seeded_from_the_shipped_article(tmp_path: Path) -> None:
    article = next((a for a in ARTICLES if a.is_file()), None)
    if article is None:
        if IN_CI:
            pytest.fail("shared/source-articles/sino-russian-partnership.txt is missing")
        pytest.skip("the shared article is not beside this checkout")
    code, _out, _ = _init(str(tmp_path / "partnership"), "--from", str(article))
    assert code == 0
    brief = tmp_path / "partnership.yaml"
    code, report = _check(brief)
    assert code == 0, report
    outline = Project.load().read(brief)
    assert outline.title == "The Sino-Russian Partnership Gains Momentum"
    assert [s.heading for s in outline.background][:3] == [
        "Introduction", "Not the Likeliest Alliance", "What to Do About It",
    ]
    facts = " ".join(b.text for b in outline.background[-1].bullets)
    assert "$200 billion by 2024" in facts and "6 million people" in facts
    assert any("it must give Russia an alternative avenue" in r.action
               for r in outline.recommendations)
    assert outline.sources[0].author == "Jeff Hawn"
    assert os.path.getsize(brief) < 40_000
