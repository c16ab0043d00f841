"""Backends: each renders a :class:`~briefgen.model.Document` to the bytes of one file format.

Backends are imported only when their format is asked for, so a PDF-only build never loads
python-docx and a DOCX-only build never loads reportlab.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from ..model import Document

FORMATS = ("pdf", "docx")


class Backend(Protocol):
    def render(self, document: Document) -> bytes: ...


def get(fmt: str) -> Backend:
    """The backend module for ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module: Backend = importlib.import_module(f"{__name__}.{fmt}_writer")
    return module
