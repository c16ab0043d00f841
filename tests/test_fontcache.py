"""Fonts read from the cache make the very same PDF as fonts read from their files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SHIPPED


def _build(cache: Path, out: Path) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "XDG_CACHE_HOME": str(cache)}
    command = ["build", str(SHIPPED), "-a", "staff", "-f", "pdf", "-o", str(out), "--force"]
    subprocess.run(
        [sys.executable, "-m", "briefgen", *command], env=env, check=True, capture_output=True
    )
    [pdf] = out.glob("*.pdf")
    return pdf.read_bytes()


def test_cached_fonts_give_byte_identical_pdfs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = _build(cache, tmp_path / "first")  # reads the fonts and fills the cache
    entries = sorted((cache / "briefgen" / "fonts").glob("*.pickle"))
    assert len(entries) == 8  # the house serif and sans, four faces each; no fallback
    assert _build(cache, tmp_path / "second") == fresh
    # A damaged entry is read afresh and replaced, never trusted or fatal.
    entries[0].write_bytes(b"not a pickle")
    assert _build(cache, tmp_path / "third") == fresh
    assert entries[0].read_bytes() != b"not a pickle"
    # Without a usable cache folder fonts are read every time.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert _build(blocked, tmp_path / "fourth") == fresh


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path, monkeypatch) -> None:
    # Pickled fonts and compiled templates run as code when loaded: only from the user's
    # own folder, writable by no one else.
    from briefgen.resources import cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir("fonts") == tmp_path / "briefgen" / "fonts"
    (tmp_path / "briefgen" / "fonts").chmod(0o777)
    assert cache_dir("fonts") is None
    (tmp_path / "briefgen" / "fonts").chmod(0o700)
    (tmp_path / "briefgen").chmod(0o777)
    assert cache_dir("fonts") is None
