"""Where :mod:`briefgen.batch` runs its briefs: in this process, or in a pool of worker
processes that each load the :class:`~briefgen.build.Project` once and keep their memory
flat from one brief to the next.

Separate from the batch because it knows nothing of briefs or outputs: it runs one build
function over a list of tasks and returns the results in the order given, and owns the
process-level concerns (signals, garbage collection, broken workers).
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import BuildError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .build import Project

T = TypeVar("T")
R = TypeVar("R")

# Each worker process loads the project once and keeps it for every brief it builds.
_worker_project: Project | None = None
_worker_build: Callable[[Project, Any], Any] | None = None


def _start_worker(templates: Path, user: Path | None, build: Callable[[Project, Any], Any]) -> None:
    global _worker_project, _worker_build
    # Ctrl-C is the parent's to handle: it stops handing out briefs and waits for the ones
    # in hand, so no worker dies between writing a temporary file and renaming it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .build import Project

    _worker_project = Project.load(templates, user=user)
    _worker_build = build


def _work(task: Any) -> Any:
    assert _worker_project is not None and _worker_build is not None
    try:
        return _worker_build(_worker_project, task)
    finally:
        collect()


_frozen = False


def collect() -> None:
    """Free one brief's garbage before the next, so a worker's memory stays flat.

    reportlab and python-docx leave each document as reference cycles holding megabytes
    (font subsets, zip buffers, XML trees). Python's collector reaches them only in rare full
    collections, so over hundreds of briefs a worker would grow by a hundred megabytes or more.
    After the first brief everything loaded once (modules, fonts, templates, the base
    document) is frozen out of the collector's sight, so each collection walks little more
    than the last brief's objects (about 2% of a brief's build time).
    """
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True
    gc.collect()


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def execute(
    build: Callable[[Project, T], R],
    project: Project,
    tasks: list[T],
    jobs: int,
    templates: Path,
    on_done: Callable[[R], None] | None,
    user: Path | None = None,
) -> Iterator[R]:
    """``build(project, task)`` for each task, in up to ``jobs`` worker processes; the
    results in the order of ``tasks``. ``build`` must be a module-level function, so a
    worker can be handed it."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            outcome = build(project, task)
            if len(tasks) > 1:
                collect()
            if on_done:
                on_done(outcome)
            yield outcome
        return
    # Imported here: process pools cost a tenth of a cold single-brief build to import.
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    results: dict[int, R] = {}
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        initializer=_start_worker,
        initargs=(templates, user, build),
    ) as pool:
        futures: dict[Future[R], int] = {
            pool.submit(_work, task): index for index, task in enumerate(tasks)
        }
        try:
            for future in as_completed(futures):
                outcome = future.result()
                results[futures[future]] = outcome
                if on_done:
                    on_done(outcome)
        except BrokenProcessPool:
            raise BuildError(
                "a worker process stopped unexpectedly (out of memory?); try fewer --jobs"
            ) from None
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    yield from (results[i] for i in range(len(tasks)))
