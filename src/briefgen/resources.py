"""Where briefgen's own templates and assets are, installed or in a checkout."""

from __future__ import annotations

import os
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


def cache_dir(name: str) -> Path | None:
    """A private folder ``briefgen/NAME`` in the user's cache folder, or ``None``.

    Only speed depends on it (compiled templates, the record of what is up to date): without
    a writable cache folder briefgen does the work again instead.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "briefgen" / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
