"""Where briefgen's own templates and assets are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    installed = _PACKAGE / "_data" / name  # inside a wheel (see pyproject.toml)
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / name  # a source checkout or editable install


TEMPLATES = _find("templates")
ASSETS = _find("assets")
FONTS = ASSETS / "fonts"
