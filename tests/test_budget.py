"""Page budgets: a memo over its page limit fails with a message a writer can act on, and
``--fit`` drops the lowest-priority items until it fits, saying exactly which."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.build import Project
from briefgen.cli import main

from .conftest import SHIPPED
from .readback import pdf_pages, pdf_text


def long_text(sentences: int) -> str:
    return " ".join(
        f"Sentence {n} of a text far too long for a one-page decision memo."
        for n in range(sentences)
    )


@pytest.fixture
def overflowing(tmp_path: Path) -> Path:
    """The shipped brief with a high-priority recommendation whose rationale overflows the
    principal's one page."""
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "recommendations:\n",
        "recommendations:\n"
        "  - id: rec-long\n"
        "    action: Approve the long plan.\n"
        "    priority: high\n"
        f"    rationale: {long_text(28)}\n",
        1,
    )
    path = tmp_path / "overflowing.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_over_budget_fails_with_an_actionable_message(overflowing: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(overflowing), "-a", "principal,staff", "-o", str(out))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    message = result.stderr  # type: ignore[attr-defined]
    pattern = (
        r"briefgen: principal: 2 pages, limit 1 — over by about (\d+) lines; "
        r"longest sections: recommendations \((\d+) lines\), opening \((\d+) lines\) "
        r"\(--fit drops items to fit\)\n"
    )
    match = re.fullmatch(pattern, message)
    assert match, message
    over, recommendations, opening = map(int, match.groups())
    assert 1 <= over < 45 and recommendations > opening > 5
    assert not out.exists()  # nothing written, not even the staff brief


def test_over_by_counts_the_overflow(project: Project, overflowing: Path) -> None:
    from briefgen import budget
    from briefgen.backends import pdf_writer

    document = project.document(project.read(overflowing), "principal")
    _, layout = pdf_writer.render_with_layout(document)
    assert layout.pages == 2
    # What spills onto page 2, in body lines, is what the message reports.
    assert budget.over_by(layout, 1) == round(layout.used[1])
    assert sum(lines for _, lines in layout.parts) == pytest.approx(
        sum(layout.used), abs=3
    )


def test_fit_drops_lowest_priority_items_and_says_which(
    project: Project, overflowing: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("build", str(overflowing), "-a", "principal", "-f", "pdf", "-o", str(out), "--fit")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    stderr = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert stderr[0] == "principal: dropped 1 item to fit 1 page (now 1):"
    # Every shown recommendation is high priority: the last one goes first.
    assert stderr[1].startswith("  recommendations[2] (rec-transition) “Set up a small cell")
    assert stderr[1].endswith(": dropped to fit the page limit (level internal)")
    assert len(stderr) == 2
    pdf = Path(result.stdout.strip())  # type: ignore[attr-defined]
    assert len(pdf_pages(pdf)) == 1
    text = pdf_text(pdf)
    assert "Approve the long plan." in text
    assert "Set up a small cell" not in text  # the dropped item is gone…
    assert "restricted review" not in text  # …and no capped item took its place


def test_fit_order_prefers_low_priority_and_later_sections(project: Project) -> None:
    from briefgen import budget

    outline = project.read(SHIPPED)
    order = budget.drop_order(project.select(outline, "staff"), outline)
    assert not any(path.startswith("summary") for path in order)
    priorities = {
        f"recommendations[{i}]": r.priority for i, r in enumerate(outline.recommendations)
    }
    lows = [p for p in order if priorities.get(p) == "low"]
    highs = [p for p in order if priorities.get(p) == "high"]
    assert order[: len(lows)] == lows
    assert order[-len(highs) :] == highs
    # Bullets of a section go before the section.
    first_section = order.index("background[0]")
    assert order.index("background[0].bullets[0]") < first_section


def test_fit_that_cannot_fit_fails(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "summary:\n", f"summary:\n  - {long_text(48)}\n", 1
    )
    path = tmp_path / "huge.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("build", str(path), "-a", "principal", "-o", str(tmp_path / "out"), "--fit")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "does not fit even with every droppable item left out" in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


def test_docx_only_build_is_held_to_the_budget_too(overflowing: Path, tmp_path: Path) -> None:
    result = run("build", str(overflowing), "-a", "principal", "-f", "docx", "-o", str(tmp_path))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "principal: 2 pages, limit 1" in result.stderr  # type: ignore[attr-defined]


def test_emailed_memo_is_held_to_the_budget_too(overflowing: Path, tmp_path: Path) -> None:
    result = run(
        "email", str(overflowing), "-a", "principal", "--to", "chief@example.org",
        "-o", str(tmp_path / "out"),
    )
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "principal: 2 pages, limit 1" in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


def test_fit_is_never_taken_from_a_config_file_or_the_environment(
    overflowing: Path, tmp_path: Path
) -> None:
    (overflowing.parent / "briefgen.toml").write_text("[build]\nfit = true\n")
    result = run("build", str(overflowing), "-a", "principal", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "build.fit: give --fit on the command line only" in result.stderr  # type: ignore[attr-defined]
    (overflowing.parent / "briefgen.toml").unlink()
    result = CliRunner(env={"BRIEFGEN_BUILD_FIT": "1"}).invoke(
        main, ["build", str(overflowing), "-a", "principal", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 1 and "limit 1" in result.stderr


def test_docx_only_build_without_a_page_limit_never_loads_reportlab(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from briefgen.build import Project, build; "
        f"build(Project.load(), Path({str(SHIPPED)!r}), ['public', 'staff'], ['docx'], "
        f"Path({str(tmp_path)!r})); print('reportlab' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
