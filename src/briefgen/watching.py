"""Watch a brief and call back after every save, however the editor saves.

Editors rarely write a file in place: many write a temporary file and rename it over the
old one, some move the old one aside first (vim's ``brief.yaml~``), and most leave lock and
swap files (``.#brief.yaml``, ``.brief.yaml.swp``) next to it. So the brief's *folder* is
watched, and only events that name the brief itself (as source or destination of a rename)
count. That also leaves out briefgen's own outputs and temporary files, and the reads a
build makes of the brief (open and close-without-write events).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

#: Event kinds that mean the brief's content may have changed.
_CHANGES = frozenset({"created", "modified", "moved", "deleted", "closed"})


def watch(
    brief: Path,
    on_change: Callable[[], None],
    stop: threading.Event,
    *,
    settle: float = 0.15,
    initial: bool = False,
) -> None:
    """Call ``on_change`` after each change to ``brief`` until ``stop`` is set.

    With ``initial``, it is also called once as soon as the folder is being watched, so a
    save made during that first call is not missed.

    Changes closer together than ``settle`` seconds (an editor's write, rename and chmod)
    make one call. ``on_change`` runs on this thread; while it runs, new changes queue one
    more call.
    """
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    target = brief.resolve()
    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type not in _CHANGES or event.is_directory:
                return
            names = {_text(event.src_path), _text(getattr(event, "dest_path", "") or "")}
            if any(name and Path(name).resolve() == target for name in names):
                changed.set()

    observer = Observer()
    observer.schedule(Handler(), str(target.parent), recursive=False)
    observer.start()
    try:
        if initial:
            on_change()
        while not stop.is_set():
            if not changed.wait(0.1):
                continue
            # Let the editor finish: wait until no event has come for `settle` seconds.
            while changed.is_set() and not stop.is_set():
                changed.clear()
                time.sleep(settle)
            if not stop.is_set():
                on_change()
    finally:
        observer.stop()
        observer.join()


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path
