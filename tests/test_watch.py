"""``briefgen watch``: rebuilds after a save by rename, and ignores everything else."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from briefgen.watching import watch

from .conftest import ROOT

BASE = "title: Test brief\ndate: 2026-01-15\nauthor: A\nsensitivity: public\nsummary: S.\n"


def _replace_by_rename(path: Path, text: str) -> None:
    """Save the way many editors do: write a temporary file, rename it over the original."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_rename_replace_triggers_one_rebuild_and_other_files_none(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(BASE)
    calls: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=(brief, lambda: calls.put(brief.read_text()), stop),
        kwargs={"initial": True},
        daemon=True,
    )
    thread.start()
    try:
        assert calls.get(timeout=5) == BASE  # the first build, once the folder is watched
        # Editor lock and swap files, and outputs, are not the brief.
        (tmp_path / ".brief.yaml.swp").write_text("swap")
        (tmp_path / ".#brief.yaml").write_text("lock")
        (tmp_path / "2026-01-15-brief-staff.pdf").write_bytes(b"%PDF")
        brief.read_text()  # a build reads the brief: no rebuild for that
        time.sleep(0.6)
        assert calls.empty()
        _replace_by_rename(brief, BASE.replace("Test brief", "Renamed"))
        assert "Renamed" in calls.get(timeout=5)
        time.sleep(0.5)
        assert calls.empty(), "one save, one rebuild"
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line.rstrip("\n"))


def _until(lines: queue.Queue[str], pattern: str) -> list[str]:
    """Lines read until one matches ``pattern`` (that one last)."""
    seen: list[str] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=0.2))
        except queue.Empty:
            continue
        if re.fullmatch(pattern, seen[-1]):
            return seen
    raise AssertionError(f"no line matching {pattern!r}; got {seen}")


def test_cli_watcher_rebuilds_on_rename_and_keeps_going_after_errors(tmp_path: Path) -> None:
    brief, out = tmp_path / "brief.yaml", tmp_path / "out"
    brief.write_text(BASE)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "watch", str(brief), "-o", str(out),
         "-f", "pdf", "-a", "public"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=tmp_path,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stderr, lines), daemon=True).start()
    stamp, timing = r"\d\d:\d\d:\d\d", r"\(\d+\.\d\d s\)"
    built = rf"{stamp} built {re.escape(str(brief))}: 1 file in {re.escape(str(out))} {timing}"
    try:
        assert _until(lines, built)[0] == f"watching {brief} (Ctrl-C to stop)"
        _replace_by_rename(brief, BASE + "titel: typo\n")
        failed = rf"{stamp} failed {re.escape(str(brief))}: 1 problem {timing}"
        assert _until(lines, failed)[:-1] == [
            f"{brief}:6:1: titel: unknown field; did you mean 'title'?"
        ]
        _replace_by_rename(brief, BASE.replace("Test brief", "Fixed"))
        assert len(_until(lines, built)) == 1  # one save, one line
        assert [p.name for p in out.iterdir()] == ["2026-01-15-brief-public.pdf"]
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert process.returncode == 0
