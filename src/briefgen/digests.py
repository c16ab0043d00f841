"""Content digests of files, remembered with their size and modification time.

An incremental build's key covers every file under the templates and assets folders, fonts
included (8 MB): hashing them all took longer than reading and checking a brief. A file's
SHA-256 is kept in the user's cache folder beside its size, modification time (in
nanoseconds), inode and device, and computed again only when one of those changes, as git's
index and make decide what changed (so, as with them, a rewrite of the same size within one
tick of a coarse file-system clock would go unseen). Without a usable cache folder every file
is hashed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .resources import cache_dir


def file_digests(paths: list[Path]) -> list[bytes]:
    """The SHA-256 of each file's bytes, in order."""
    folder = cache_dir("builds")
    store = folder / "digests.json" if folder is not None else None
    known = _load(store)
    seen: dict[str, list[int | str]] = {}
    result = []
    for path in paths:
        stat = path.stat()
        key = str(path.resolve())
        signature: list[int | str] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev]
        digest = _remembered(known.get(key), signature)
        if digest is None:
            digest = hashlib.sha256(path.read_bytes()).digest()
        seen[key] = [*signature, digest.hex()]
        result.append(digest)
    if store is not None and any(known.get(key) != entry for key, entry in seen.items()):
        # Files of other folders stay remembered, up to a bound (test runs make many).
        _save(store, {**known, **seen} if len(known) < MOST_REMEMBERED else seen)
    return result


#: Most files remembered before the record starts again from the files of one call.
MOST_REMEMBERED = 5000


def _remembered(entry: object, signature: list[int | str]) -> bytes | None:
    if isinstance(entry, list) and len(entry) == 5 and entry[:4] == signature:
        try:
            return bytes.fromhex(str(entry[4]))
        except ValueError:
            return None
    return None


def _load(store: Path | None) -> dict[str, list[int | str]]:
    if store is None:
        return {}
    try:
        loaded = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _save(store: Path, entries: dict[str, list[int | str]]) -> None:
    temporary = store.with_name(f"{store.name}.{os.getpid()}.part")
    try:
        temporary.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(temporary, store)
    except OSError:
        pass  # only speed depends on it
    finally:
        temporary.unlink(missing_ok=True)  # left only by a failure or an interruption
