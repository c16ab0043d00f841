"""Many briefs in one command: folders and globs, parallel workers, failures, incremental builds."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen import batch_cache
from briefgen.cli import main

from .conftest import ROOT, SHIPPED
from .readback import pdf_text


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own record of what is up to date."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def brief(folder: Path, slug: str, *, broken: bool = False) -> Path:
    """A copy of the shipped brief with its own slug (so its own output names)."""
    text = SHIPPED.read_text(encoding="utf-8").replace("\nlanguage: en\n", f"\nslug: {slug}\n", 1)
    if broken:
        text = text.replace("\ntitle:", "\ntitel:", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_one_broken_brief_does_not_stop_the_others(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    good = [brief(briefs, f"memo-{n}") for n in (1, 2, 3)]
    bad = brief(briefs, "memo-bad", broken=True)
    out = tmp_path / "out"
    result = cli("build", *good[:2], bad, good[2], "-f", "pdf", "-a", "staff", "-o", out, "-j", "2")
    assert result.exit_code == 1
    assert sorted(outputs(out)) == [f"2026-11-30-memo-{n}-staff.pdf" for n in (1, 2, 3)]
    assert [Path(line).name for line in result.stdout.splitlines()] == [
        f"2026-11-30-memo-{n}-staff.pdf" for n in (1, 2, 3)
    ]
    errors = result.stderr.splitlines()
    assert f"{bad}:2:1: titel: unknown field; did you mean 'title'?" in errors
    summary = [line for line in errors if line.startswith("briefgen: ") and " built, " in line]
    assert len(summary) == 1
    assert summary[0].startswith("briefgen: 3 built, 0 up to date, 1 brief failed in ")
    assert errors[-1] == f"briefgen: failed: {bad}"
    assert "Traceback" not in result.output
    assert "The China–Russia Entente" in pdf_text(out / "2026-11-30-memo-3-staff.pdf")


def test_folders_and_globs(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    for slug in ("a", "b", "c"):
        brief(briefs, slug)
    (briefs / "notes.txt").write_text("not a brief", encoding="utf-8")
    brief(briefs / "nested", "d")
    names = {}
    for how, args in {
        "folder": [briefs],
        "glob": [f"{briefs}/*.yaml"],
        "deep glob": [f"{briefs}/**/*.yaml"],
        "repeats": [briefs, briefs / "a.yaml"],
    }.items():
        out = tmp_path / how
        result = cli("build", *args, "-f", "pdf", "-a", "public", "-o", out, "-j", "1")
        assert result.exit_code == 0, result.output
        names[how] = sorted(outputs(out))
    expected = [f"2026-11-30-{s}-public.pdf" for s in ("a", "b", "c")]
    assert names["folder"] == names["glob"] == names["repeats"] == expected
    assert names["deep glob"] == sorted([*expected, "2026-11-30-d-public.pdf"])


def test_a_pattern_that_matches_nothing_fails_alone(tmp_path: Path) -> None:
    one = brief(tmp_path / "briefs", "only")
    out = tmp_path / "out"
    result = cli("build", one, f"{tmp_path}/none/*.yaml", "-f", "pdf", "-a", "public", "-o", out)
    assert result.exit_code == 1
    assert f"briefgen: {tmp_path}/none/*.yaml: no briefs match" in result.stderr
    assert sorted(outputs(out)) == ["2026-11-30-only-public.pdf"]


def test_jobs_one_and_two_write_identical_bytes(tmp_path: Path) -> None:
    briefs = [brief(tmp_path / "briefs", f"memo-{n}") for n in range(4)]
    built = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = cli("build", *briefs, "-o", out, "--jobs", jobs)
        assert result.exit_code == 0, result.output
        built[jobs] = outputs(out)
    assert len(built["1"]) == 4 * 3 * 2
    assert built["1"] == built["2"]


def test_unchanged_outputs_are_skipped_and_force_rebuilds(tmp_path: Path) -> None:
    briefs = [brief(tmp_path / "briefs", f"memo-{n}") for n in (1, 2)]
    out = tmp_path / "out"
    args = ("build", *briefs, "-a", "staff,public", "-o", out, "-j", "1")
    first = cli(*args)
    assert first.exit_code == 0, first.output
    assert " 8 built, 0 up to date, 0 briefs failed" in first.stderr
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    again = cli(*args)
    assert again.exit_code == 0
    assert " 0 built, 8 up to date, 0 briefs failed" in again.stderr
    assert again.stdout == first.stdout  # every output path, written now or before
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps

    # A changed brief, or an output changed or removed by hand, is built again.
    briefs[0].write_text(
        briefs[0].read_text(encoding="utf-8").replace("Imogen Hartley", "Ines Hart"),
        encoding="utf-8",
    )
    (out / "2026-11-30-memo-2-public.pdf").write_bytes(b"edited")
    (out / "2026-11-30-memo-2-staff.docx").unlink()
    changed = cli(*args)
    assert " 8 built, 0 up to date, 0 briefs failed" in changed.stderr
    assert "Ines Hart" in pdf_text(out / "2026-11-30-memo-1-staff.pdf")
    assert (out / "2026-11-30-memo-2-public.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "2026-11-30-memo-2-staff.docx").is_file()

    forced = cli(*args, "--force")
    assert " 8 built, 0 up to date, 0 briefs failed" in forced.stderr

    # Asking for more than was built before builds only what is new.
    wider = cli("build", *briefs, "-a", "all", "-o", out, "-j", "1")
    assert " 4 built, 8 up to date, 0 briefs failed" in wider.stderr
    assert len(wider.stdout.splitlines()) == 12


def test_a_single_up_to_date_brief_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("build", SHIPPED, "-f", "pdf", "-a", "public", "-o", out).stderr == ""
    result = cli("build", SHIPPED, "-f", "pdf", "-a", "public", "-o", out)
    assert result.exit_code == 0
    assert result.stderr.startswith("briefgen: 0 built, 1 up to date, 0 briefs failed")
    assert Path(result.stdout.strip()).name == "2026-11-30-sino-russian-partnership-public.pdf"
    assert cli("-q", "build", SHIPPED, "-f", "pdf", "-a", "public", "-o", out).stderr == ""


def test_changed_templates_or_assets_change_the_inputs(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    assets = tmp_path / "assets"
    shutil.copytree(ROOT / "assets", assets)
    before = batch_cache.fingerprint(templates, assets)
    assert batch_cache.fingerprint(templates, assets) == before
    memo = templates / "staff" / "memo.md.j2"
    memo.write_text(memo.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_template = batch_cache.fingerprint(templates, assets)
    assert after_template != before
    font = assets / "fonts" / "LiberationSans-Regular.ttf"
    font.write_bytes(font.read_bytes() + b"\0")
    after_font = batch_cache.fingerprint(templates, assets)
    assert after_font not in (before, after_template)
    # Digests are remembered by size and modification time: an edit that keeps the size
    # is still seen, and the record holds only files' digests, never their text.
    memo.write_text(memo.read_text(encoding="utf-8")[:-1] + "#", encoding="utf-8")
    assert batch_cache.fingerprint(templates, assets) not in (before, after_template, after_font)
    record = Path(os.environ["XDG_CACHE_HOME"]) / "briefgen" / "builds" / "digests.json"
    assert str(memo.resolve()) in record.read_text(encoding="utf-8")
    assert "Bottom line" not in record.read_text(encoding="utf-8")


def test_a_changed_user_template_folder_rebuilds(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    shutil.copytree(ROOT / "templates" / "public", user / "public")
    out = tmp_path / "out"
    args = ("build", SHIPPED, "-f", "pdf", "-a", "public", "-t", user, "-o", out)
    assert cli(*args).stderr == ""  # built
    assert cli(*args).stderr.startswith("briefgen: 0 built, 1 up to date")
    # The audience's memo becomes a template of its own: one line.
    (user / "public" / "memo.md.j2").write_text("A memo of one line.\n", encoding="utf-8")
    assert cli(*args).stderr == ""  # the changed template: built again
    assert "A memo of one line." in pdf_text(next(out.glob("*.pdf")))


def test_two_briefs_writing_the_same_files_both_fail(tmp_path: Path) -> None:
    one = brief(tmp_path / "a", "same")
    two = brief(tmp_path / "b", "same")
    result = cli("build", one, two, "-f", "pdf", "-a", "public", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"briefgen: failed: {one}, {two}" in result.stderr
    assert "give one of them its own 'slug'" in result.stderr


def _run_on_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run briefgen with stderr on a pseudo-terminal; return its status and what it drew."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "80"},
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process has exited
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return process.wait(), seen.decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal_and_never_when_quiet(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    for n in range(3):
        brief(briefs, f"memo-{n}")
    args = ["build", str(briefs), "-f", "pdf", "-a", "public", "-o", "out", "--force"]

    piped = subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert "Building" not in piped.stderr and "\r" not in piped.stderr
    assert piped.stderr.startswith("briefgen: 3 built, 0 up to date, 0 briefs failed")

    status, drawn = _run_on_terminal(args, tmp_path)
    assert status == 0
    assert "Building" in drawn and "100%" in drawn
    assert "3 built, 0 up to date, 0 briefs failed" in drawn

    status, drawn = _run_on_terminal(["--quiet", *args], tmp_path)
    assert status == 0
    assert drawn == ""
