"""Write a build's files all or nothing, never through a link, never over an input.

Every file is first written in full to a temporary file next to its target (so a rename
never crosses file systems) and flushed to disk. Only when all of them are staged are they
renamed into place, with SIGINT and SIGTERM held back for those few renames: an error or an
interruption before that point leaves the output folder exactly as it was, and no
temporary file behind.

A temporary file is named ``.NAME.PID.RANDOM.part``. Only SIGKILL or a power cut can leave
one behind; the next build into that folder removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .errors import BuildError

_PART = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.part")
_HELD = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale(folder: Path, names: Iterable[str]) -> None:
    """Remove temporary files for ``names`` left in ``folder`` by a killed build."""
    wanted = set(names)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _PART.fullmatch(entry.name)
        if match and match["name"] in wanted and not _running(int(match["pid"])):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, flushed to disk."""
    handle, temp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP back (delivered on exit) so renames finish as a group."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "pthread_sigmask"
    ):  # Windows has no signal masks; its renames are as atomic, just not held together
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _sync_folder(folder: Path) -> None:
    """Make the renames themselves durable (not possible on every platform)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _is_within(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def check_target(path: Path, inputs: Sequence[Path], input_folders: Sequence[Path]) -> None:
    """Refuse a target that is an input file or lies in a folder of inputs (templates)."""
    # The target's own name is not followed: a link there is replaced, not written through.
    real = path.parent.resolve() / path.name
    for item in inputs:
        if real == item.resolve() or (
            real.exists() and not real.is_symlink() and os.path.samefile(real, item)
        ):
            raise BuildError(f"{path}: refusing to overwrite an input file")
    for folder in input_folders:
        if _is_within(real, folder.resolve()):
            raise BuildError(f"{path}: refusing to write into {folder}, a folder of inputs")


def write_all(
    files: Sequence[tuple[Path, bytes]],
    *,
    inputs: Sequence[Path] = (),
    input_folders: Sequence[Path] = (),
) -> None:
    """Write every (path, data) pair, or none of them (see the module's docstring)."""
    for path, _ in files:
        check_target(path, inputs, input_folders)
    for folder in {path.parent for path, _ in files}:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildError(f"{folder}: cannot create the output folder: {exc.strerror}") from None
        clean_stale(folder, [path.name for path, _ in files if path.parent == folder])
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            try:
                staged.append((_stage(path, data), path))
            except OSError as exc:
                raise BuildError(f"{path}: cannot write: {exc.strerror}") from None
        with _signals_held():
            for temp, path in staged:
                try:
                    os.replace(temp, path)
                except OSError as exc:
                    raise BuildError(f"{path}: cannot write: {exc.strerror}") from None
        for folder in {path.parent for path, _ in files}:
            _sync_folder(folder)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file atomically (see :func:`write_all`); OSError propagates."""
    temp = _stage(path, data)
    try:
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
