"""Golden text dumps of the model, the DOCX and the PDF per audience.

After an intended change to templates or writers, run ``pytest --update-goldens`` and review
the diff of ``tests/goldens/`` like any other change.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from briefgen.build import Project

from .conftest import AUDIENCES, SHIPPED, check_golden
from .readback import docx_paragraphs, docx_xml_parts, dump_model


@pytest.mark.parametrize("audience", AUDIENCES)
def test_model_golden(project: Project, audience: str, update_goldens: bool) -> None:
    document = project.document(project.read(SHIPPED), audience)
    check_golden(f"{audience}.model.txt", dump_model(document), update_goldens)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_docx_golden(built, audience: str, update_goldens: bool) -> None:
    path = built[(audience, "docx")]
    lines = [f"[{style}] {text}" for style, text in docx_paragraphs(path)]
    parts = docx_xml_parts(path)
    lines.append("parts: " + ", ".join(sorted(parts)))
    check_golden(f"{audience}.docx.txt", "\n".join(lines) + "\n", update_goldens)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_golden(
    built, audience: str, update_goldens: bool, client: Callable[[str], str]
) -> None:
    pdftotext = client("pdftotext")
    text = subprocess.run(
        [pdftotext, "-layout", str(built[(audience, "pdf")]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = [page.rstrip() for page in text.split("\f")]
    dump = "\n".join(f"--- page {n} ---\n{page}" for n, page in enumerate(pages, 1) if page)
    check_golden(f"{audience}.pdf.txt", dump + "\n", update_goldens)
