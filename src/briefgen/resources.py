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

    Only speed depends on it (compiled templates, parsed fonts, the record of what is up to
    date): without a writable cache folder of the user's own, briefgen does the work again.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "briefgen" / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    if not (_private(folder) and _private(folder.parent)):
        return None  # others could plant compiled templates or parsed fonts in it
    return folder if os.access(folder, os.W_OK) else None


def _private(folder: Path) -> bool:
    """Whether ``folder`` is this user's and no one else can write to it (where there are
    users: elsewhere the operating system's own folder permissions stand)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        status = folder.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o022
