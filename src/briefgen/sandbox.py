"""Where templates run: confined to their folders, sandboxed, bounded in time and memory.

A template folder may come from anyone, so a template is treated as untrusted code:

- **Confined.** :class:`ConfinedLoader` reads only regular files of at most
  :data:`MAX_TEMPLATE_BYTES` whose real path (links followed) is inside one of its folders.
- **Sandboxed.** :class:`Sandbox` is Jinja2's immutable sandbox: no attribute starting with
  ``_`` (so no ``__class__``/``__globals__`` escape), no calls that change lists or dicts,
  no ``lipsum``; ``*`` and ``**`` refuse results over :data:`MAX_OUTPUT_CHARS`.
- **Bounded.** :func:`bounded` runs the compiling and rendering in a forked worker process
  limited to :data:`TIME_LIMIT` seconds (CPU and wall clock) and :data:`MEMORY_LIMIT` bytes
  more than the parent uses (the memory bound needs ``/proc``, so Linux; elsewhere time
  bounds it); the text it returns is capped at :data:`MAX_OUTPUT_CHARS`. A template that
  loops forever or allocates without end is stopped with a one-line error, and the briefgen
  process itself is never at risk. Where ``fork`` is not available (Windows) the rendering
  runs in-process with the sandbox's limits only.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import stat
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import BuildError

T = TypeVar("T")

#: Largest template file read.
MAX_TEMPLATE_BYTES = 1024 * 1024
#: Longest text a template may produce (a brief at its 250,000-character limit, formatted,
#: is a sixteenth of it); bounds the work left to the Markdown reader and the writers.
MAX_OUTPUT_CHARS = 4 * 1024 * 1024
#: Seconds of CPU (and of wall-clock time) one audience's template may take.
TIME_LIMIT = 20
#: Bytes of memory a template may use beyond what briefgen had when it started rendering.
MEMORY_LIMIT = 1024 * 1024 * 1024


class ConfinedLoader(jinja2.BaseLoader):
    """Load ``name`` from the first folder that has it; never leave the folders."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = roots

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..'
        for root in self.roots:
            base = root.resolve()
            path = base.joinpath(*pieces)
            real = path.resolve()
            if not real.exists():
                continue
            if not real.is_relative_to(base):
                raise BuildError(f"{path}: a link leading out of the template folder {root}")
            info = real.stat()
            if not stat.S_ISREG(info.st_mode):
                raise BuildError(f"{path}: not a regular file")
            if info.st_size > MAX_TEMPLATE_BYTES:
                raise BuildError(f"{path}: larger than the 1 MiB limit for a template")
            try:
                source = real.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise BuildError(f"{path}: not valid UTF-8") from None
            mtime = info.st_mtime

            def uptodate(real: Path = real, mtime: float = mtime) -> bool:
                try:
                    return real.stat().st_mtime == mtime
                except OSError:
                    return False

            return source, str(path), uptodate
        raise jinja2.TemplateNotFound(template)


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with repetition and powers kept small."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        # No constant folding: it would run filters such as ``center(10**9)`` while compiling,
        # in briefgen's own process, outside the worker's bounds.
        super().__init__(optimized=False, **options)
        self.globals.pop("lipsum", None)  # makes text of any length on request

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                length = _size(seq)
                if (
                    length is not None
                    and isinstance(times, int)
                    and length * times > MAX_OUTPUT_CHARS
                ):
                    raise SecurityError("repetition result too large")
        if (
            operator == "**"
            and isinstance(left, int | float)
            and isinstance(right, int | float)
            and abs(left) > 1
            and right * math.log2(abs(left)) > 4096
        ):
            raise SecurityError("power result too large")
        return super().call_binop(context, operator, left, right)


def where(exc: BaseException, fallback: str) -> str:
    """``template:line`` of the innermost template frame in ``exc``'s traceback."""
    found = fallback
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".jinja", ".jinja2")):
            found = f"{frame.filename}:{frame.lineno}"
    return found


def _vm_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


def collect(chunks: Iterator[str], name: str) -> str:
    """Join a template's output, stopping once it passes :data:`MAX_OUTPUT_CHARS`."""
    parts, total = [], 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise BuildError(f"{name}: produced more than {MAX_OUTPUT_CHARS:,} characters; stopped")
        parts.append(chunk)
    return "".join(parts)


def _child(render: Callable[[], str], send: Any, name: str) -> None:
    """In the worker: drop the parent's signal handlers, set limits, render, send."""
    import resource

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT, TIME_LIMIT + 1))
    used = _vm_bytes()
    if used is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (used + MEMORY_LIMIT, used + MEMORY_LIMIT))
    try:
        result: tuple[str, str] = ("ok", render())
    except BuildError as exc:
        result = ("error", str(exc))
    except MemoryError:
        result = ("memory", "")
    except BaseException as exc:  # everything else is the template's fault: one line
        result = ("error", f"{where(exc, name)}: {type(exc).__name__}: {exc}")
    send.send(result)
    send.close()


def bounded(render: Callable[[], str], name: str) -> str:
    """Run ``render`` (a template's rendering) within the time and memory bounds."""
    if not hasattr(os, "fork"):
        return render()
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(render, send, name), daemon=True)
    worker.start()
    send.close()
    try:
        if not receive.poll(TIME_LIMIT + 2):
            raise BuildError(f"{name}: took longer than {TIME_LIMIT} seconds; stopped")
        try:
            kind, value = receive.recv()
        except EOFError:
            worker.join(1)
            if worker.exitcode == -signal.SIGXCPU:
                raise BuildError(
                    f"{name}: took longer than {TIME_LIMIT} seconds; stopped"
                ) from None
            raise BuildError(
                f"{name}: the template stopped unexpectedly ({worker.exitcode})"
            ) from None
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
    if kind == "memory":
        limit = MEMORY_LIMIT // (1024 * 1024)
        raise BuildError(f"{name}: used more than {limit} MiB of memory; stopped")
    if kind == "error":
        raise BuildError(value)
    return str(value)
