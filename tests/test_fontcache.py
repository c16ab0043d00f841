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
