"""Backends: each renders a :class:`~briefgen.model.Document` to the bytes of one file format.

Backends are imported only when their format is asked for, so a PDF-only build never loads
python-docx and a DOCX-only build never loads reportlab.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the command line imports FORMATS to print its help: keep that light
    from ..model import Document

FORMATS = ("pdf", "docx")


class Backend(Protocol):
    def render(self, document: Document) -> bytes: ...


class _PdfBackend(Protocol):
    def render(self, document: Document, *, tagged: bool = True) -> bytes: ...


def get(fmt: str) -> Backend:
    """The backend module for ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module: Backend = importlib.import_module(f"{__name__}.{fmt}_writer")
    return module


def render(fmt: str, document: Document, *, tagged: bool = True) -> bytes:
    """The bytes of ``document`` as ``fmt``; ``tagged=False`` writes an untagged PDF.

    A DOCX file carries its structure (heading styles, header rows, alt text) in its XML
    whatever ``tagged`` says; only the PDF's structure tree is optional.
    """
    if fmt == "pdf":
        pdf: _PdfBackend = importlib.import_module(f"{__name__}.pdf_writer")
        return pdf.render(document, tagged=tagged)
    return get(fmt).render(document)
