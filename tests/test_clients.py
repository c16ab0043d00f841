"""Real clients open every output: qpdf, poppler and LibreOffice (required in CI)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import AUDIENCES
from .readback import pdf_pages

pytestmark = pytest.mark.client


@pytest.mark.parametrize("audience", AUDIENCES)
def test_qpdf_check_passes(built, audience: str, client: Callable[[str], str]) -> None:
    result = subprocess.run(
        [client("qpdf"), "--check", str(built[(audience, "pdf")])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdffonts_all_embedded(built, audience: str, client: Callable[[str], str]) -> None:
    out = subprocess.run(
        [client("pdffonts"), str(built[(audience, "pdf")])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        name, *_rest = row.split()
        columns = row.split()
        assert columns[-5] == "yes", f"{name} is not embedded"  # emb column
        assert "Helvetica" not in name


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdfinfo_reads_title_and_pages(built, audience: str, client: Callable[[str], str]) -> None:
    out = subprocess.run(
        [client("pdfinfo"), str(built[(audience, "pdf")])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    info = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    assert info["Title"].strip()
    assert int(info["Pages"]) == len(pdf_pages(built[(audience, "pdf")]))


def test_libreoffice_converts_every_docx(libreoffice_pdfs: dict[str, Path]) -> None:
    for audience, converted in libreoffice_pdfs.items():
        assert converted.is_file() and converted.stat().st_size > 1000, audience
        text = " ".join(pdf_pages(converted))
        assert "Page 1 of" in text  # the PAGE / NUMPAGES fields were evaluated
