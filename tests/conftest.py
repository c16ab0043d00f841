"""Shared fixtures: the shipped brief built once per session, real-client lookup, goldens."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.build import Project, build

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "briefs" / "sino-russian-partnership.yaml"
AUDIENCES = ("principal", "staff", "public")
#: A minimal valid, lint-clean brief; its lines are numbered in the comments, which the tests
#: that use it rely on.
BASE = (
    "title: Test brief\n"  # 1
    "date: 2026-01-15\n"  # 2
    "author: A. Analyst\n"  # 3
    "sensitivity: public\n"  # 4
    "summary: The bottom line.\n"  # 5
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def crowded_brief(folder: Path) -> Path:
    """A brief in ``folder`` one of whose lines cites so many sources that their notes would
    take more than half its page: the staff and public memos fail to lay out."""
    sources = "".join(
        f"  - id: s{i}\n    title: Source {i}{' with a longer title' * 6}\n    author: Author {i}\n"
        for i in range(30)
    )
    cites = "".join(f"[@s{i}]" for i in range(30))
    brief = folder / "many.yaml"
    brief.write_text(
        "title: Notes test\ndate: 2026-11-30\nauthor: Test Author\nsensitivity: public\n"
        f'summary:\n  - "x"\nbackground:\n  - id: b0\n    heading: S\n'
        f'    text: "lead {cites} {"word " * 300}"\nsources:\n{sources}',
        encoding="utf-8",
    )
    return brief


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/goldens/* from the current output instead of comparing",
    )


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """briefgen's cache folder (compiled templates, build records) lives in the test's tmp."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.load()


@pytest.fixture(scope="session")
def built(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    """Every audience × format of the shipped brief, keyed by (audience, format)."""
    out = tmp_path_factory.mktemp("out")
    paths = build(project, SHIPPED, list(AUDIENCES), ["pdf", "docx"], out)
    found = {}
    for path in paths:
        audience = next(a for a in AUDIENCES if path.stem.endswith(f"-{a}"))
        found[(audience, path.suffix[1:])] = path
    return found


@pytest.fixture(scope="session")
def client() -> Callable[[str], str]:
    """``client("qpdf")`` → its path; skips locally when missing, fails in CI (CI=true)."""

    def find(name: str) -> str:
        path = shutil.which(name)
        if path is None:
            if IN_CI:
                pytest.fail(f"{name} is required in CI but is not installed")
            pytest.skip(f"{name} is not installed")
        return path

    return find


@pytest.fixture(scope="session")
def libreoffice_pdfs(
    built: dict[tuple[str, str], Path],
    client: Callable[[str], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    """Each shipped audience's DOCX converted to PDF by LibreOffice headless, once a session."""
    from .readback import libreoffice_pdf

    folder = tmp_path_factory.mktemp("libreoffice")
    docs = [built[(audience, "docx")] for audience in AUDIENCES]
    result = libreoffice_pdf(client("soffice"), docs, folder)
    assert result.returncode == 0, result.stderr
    return {
        audience: folder / "lo" / (doc.stem + ".pdf")
        for audience, doc in zip(AUDIENCES, docs, strict=True)
    }


def check_golden(name: str, text: str, update: bool) -> None:
    """Compare ``text`` with tests/goldens/NAME, or rewrite it with --update-goldens."""
    path = ROOT / "tests" / "goldens" / name
    if update or not path.exists():
        if not update and IN_CI:
            pytest.fail(f"golden {name} is missing; run pytest --update-goldens and commit it")
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} changed; review, then run pytest --update-goldens"
