"""Many briefs at once: find them, build them in parallel, skip what is already up to date.

:func:`find_briefs` turns command-line arguments (files, folders, glob patterns) into a list
of briefs. :func:`run` builds each with :func:`briefgen.build.build`, in this process or in a
pool of worker processes that each load the :class:`~briefgen.build.Project` once, and
returns one :class:`Outcome` per brief in the order given. A brief that fails is reported
in its outcome and never stops the others.

Incremental builds: each output is recorded with a key of everything it is made from (the
brief's bytes, every file under the templates and assets folders, the audience and format,
and the versions of briefgen, python-docx and reportlab) and a digest of the bytes written.
An output whose key is unchanged and whose file still holds those bytes is not built again.
The record lives in the user's cache folder, never next to the outputs, so nothing about it
reaches an audience.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import importlib.util
import json
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .build import Project, render, write
from .digests import file_digests
from .errors import BriefgenError, BuildError, InvalidInput
from .report import dropped_report, release_report
from .resources import ASSETS, TEMPLATES, cache_dir

if TYPE_CHECKING:
    from concurrent.futures import Future

BRIEF_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    """What happened to one brief: the outputs written or skipped, or why it failed."""

    brief: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: For the author only (standard error): what --fit dropped, the --report lines.
    notes: list[str] = field(default_factory=list)
    records: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    outputs: list[Path] = field(default_factory=list)  # every one asked for, in order


@dataclass
class Summary:
    outcomes: list[Outcome]
    seconds: float

    @property
    def built(self) -> int:
        return sum(len(o.written) for o in self.outcomes)

    @property
    def skipped(self) -> int:
        return sum(len(o.skipped) for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    def line(self) -> str:
        """``12 built, 6 up to date, 1 brief failed in 3.2 s``."""
        failed = len(self.failed)
        parts = [f"{self.built} built", f"{self.skipped} up to date"]
        parts.append(f"{failed} brief{'s' if failed != 1 else ''} failed")
        return f"{', '.join(parts)} in {self.seconds:.1f} s"


def find_briefs(arguments: Sequence[str]) -> tuple[list[Path], list[Outcome]]:
    """Briefs named by ``arguments``, in order, each once; and outcomes for names that fail.

    An argument is a brief file, a folder (every ``*.yaml``/``*.yml`` directly inside it), or a
    glob pattern (``briefs/*.yaml``, ``**`` for any depth). A name that matches nothing is a
    failure of its own, so the rest still build.
    """
    found: dict[Path, None] = {}
    missing: list[Outcome] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.suffix in BRIEF_SUFFIXES)
        elif glob.has_magic(argument) and not path.exists():
            matches = [Path(p) for p in sorted(glob.glob(argument, recursive=True))]
            matches = [p for p in matches if p.is_file()]
        else:
            matches = [path]
        if not matches:
            missing.append(Outcome(path, errors=[f"briefgen: {argument}: no briefs match"]))
        for match in matches:
            found.setdefault(match, None)
    return list(found), missing


def fingerprint(templates: Path = TEMPLATES, assets: Path = ASSETS) -> str:
    """A digest of everything but the brief that an output is made from."""
    digest = hashlib.sha256(f"briefgen {__version__}\n".encode())
    for package, distribution in (("docx", "python_docx"), ("reportlab", "reportlab")):
        digest.update(f"{package} {_installed(package, distribution)}\n".encode())
    for root in (templates, assets):
        paths = sorted(p for p in root.rglob("*") if p.is_file())
        for path, content in zip(paths, file_digests(paths), strict=True):
            digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
            digest.update(content)
    return digest.hexdigest()


def _installed(package: str, distribution: str) -> str:
    """Which ``package`` is installed, without importing it (or importlib.metadata, which
    alone costs a tenth of a cold build): its ``.dist-info`` folder name, which carries the
    version, else the time its ``__init__.py`` was written."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "?"
    origin = Path(spec.origin)
    found = sorted(p.name for p in origin.parent.parent.glob(f"{distribution}-*.dist-info"))
    return " ".join(found) if found else str(origin.stat().st_mtime_ns)


def _slot(brief: Path, audience: str, fmt: str) -> str:
    return f"{brief.resolve()}|{audience}|{fmt}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Record:
    """The outputs already built into one output folder (kept in the user's cache folder)."""

    def __init__(self, out: Path) -> None:
        name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:24]
        folder = cache_dir("builds")
        self.path = folder / f"{name}.json" if folder else None
        self.entries: dict[str, dict[str, str]] = {}
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("out") == str(out.resolve()):
                    self.entries = dict(data.get("entries", {}))
            except (OSError, ValueError):
                pass  # no record yet, or an unreadable one: everything is built
        self.out = out

    def save(self) -> None:
        if self.path is None:
            return
        data = {"out": str(self.out.resolve()), "entries": self.entries}
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        try:
            temp.write_text(json.dumps(data, indent=0, sort_keys=True), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            temp.unlink(missing_ok=True)  # the next run simply builds again


@dataclass(frozen=True)
class Task:
    """One brief to build; everything a worker needs, small enough to send to it."""

    brief: Path
    audiences: tuple[str, ...]
    formats: tuple[str, ...]
    out: Path
    inputs: str  # fingerprint() of templates, assets and versions
    known: tuple[tuple[str, str, str, str], ...] = ()  # (slot, output name, key, digest)
    force: bool = False
    allow_missing_glyphs: bool = False
    one_of_many: bool = False  # name the brief in messages that would not otherwise
    fit: bool = False  # drop items until each memo fits its page limit
    report: bool = False  # note what each audience was not given, and why
    tagged: bool = True  # tagged PDF (PDF/UA-1); part of each output's key


def build_one(project: Project, task: Task) -> Outcome:
    """Build the outputs of one brief that are not up to date (all of them with ``force``)."""
    outcome = Outcome(task.brief)
    try:
        try:
            source = task.brief.read_bytes()
        except OSError:
            project.read(task.brief)  # raises the reader's own one-line message
            raise
        slots = [(a, f, _slot(task.brief, a, f)) for a in task.audiences for f in task.formats]
        key = {
            slot: _digest(
                b"\n".join(
                    [task.inputs.encode(), a.encode(), f.encode(), source]
                    + ([] if task.tagged else [b"untagged"])
                )
            )
            for a, f, slot in slots
        }
        known = {slot: (name, inputs, digest) for slot, name, inputs, digest in task.known}
        stale = [
            (a, f)
            for a, f, slot in slots
            if task.force or not _up_to_date(task.out, known.get(slot), key[slot])
        ]
        if stale:
            # One render-and-write keeps a brief's outputs all-or-nothing; it may remake an
            # up-to-date output alongside a stale one (the same bytes again).
            audiences = [a for a in task.audiences if any(a == s for s, _ in stale)]
            formats = [f for f in task.formats if any(f == s for _, s in stale)]
            products = render(
                project,
                task.brief,
                audiences,
                formats,
                task.out,
                fit=task.fit,
                allow_missing_glyphs=task.allow_missing_glyphs,
                tagged=task.tagged,
            )
            for product in products:
                outcome.notes += dropped_report(product.selection, product.pages)
            if task.report:
                outcome.notes += release_report(product.selection for product in products)
            written = write(products, [task.brief], project.input_folders)
            paths = dict(zip(((a, f) for a in audiences for f in formats), written, strict=True))
        else:
            paths = {}
        for a, f, slot in slots:
            if (a, f) in paths:
                path = paths[(a, f)]
                outcome.outputs.append(path)
                outcome.written.append(path)
                digest = _digest(path.read_bytes())
                outcome.records[slot] = {"output": path.name, "inputs": key[slot], "digest": digest}
            else:
                outcome.skipped.append(task.out / known[slot][0])
                outcome.outputs.append(task.out / known[slot][0])
    except BriefgenError as exc:
        return _failed(outcome, exc, task.one_of_many)
    except Exception as exc:
        if not task.one_of_many:
            raise  # the command line reports it as an internal error (--debug: traceback)
        # A bug must not take the other briefs of a batch down with it.
        outcome.errors = [
            f"briefgen: {task.brief}: internal error: {type(exc).__name__}: {exc}; please report it"
        ]
    return outcome


def _failed(outcome: Outcome, exc: BriefgenError, name_brief: bool) -> Outcome:
    if isinstance(exc, InvalidInput):
        outcome.errors = [str(p) for p in exc.problems]  # each names its file already
    elif name_brief:
        outcome.errors = [f"briefgen: {outcome.brief}: {exc}"]
    else:
        outcome.errors = [f"briefgen: {exc}"]
    return outcome


def _up_to_date(out: Path, known: tuple[str, str, str] | None, key: str) -> bool:
    """Whether the recorded output was made from ``key`` and still holds what was written."""
    if known is None or known[1] != key:
        return False
    name, _, digest = known
    try:
        return _digest((out / name).read_bytes()) == digest
    except OSError:
        return False


# Each worker process loads the project once and keeps it for every brief it builds.
_worker_project: Project | None = None


def _start_worker(templates: Path, user: Path | None = None) -> None:
    global _worker_project
    # Ctrl-C is the parent's to handle: it stops handing out briefs and waits for the ones
    # in hand, so no worker dies between writing a temporary file and renaming it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_project = Project.load(templates, user=user)


def _work(task: Task) -> Outcome:
    assert _worker_project is not None
    try:
        return build_one(_worker_project, task)
    finally:
        _collect()


_frozen = False


def _collect() -> None:
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


def run(
    project: Project,
    briefs: Sequence[Path],
    audiences: Sequence[str],
    formats: Sequence[str],
    out: Path,
    *,
    jobs: int = 1,
    force: bool = False,
    allow_missing_glyphs: bool = False,
    tagged: bool = True,
    templates: Path = TEMPLATES,
    user_templates: Path | None = None,
    fit: bool = False,
    report: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Build every brief; return their outcomes in the order given.

    ``jobs`` > 1 builds in that many worker processes. ``on_done`` is called in this
    process as each brief finishes (in completion order), e.g. to advance a progress bar.
    """
    started = time.perf_counter()
    record = Record(out)
    inputs = fingerprint(templates)
    tasks = [
        Task(
            brief,
            tuple(audiences),
            tuple(formats),
            out,
            inputs,
            tuple(
                (slot, entry["output"], entry["inputs"], entry["digest"])
                for a in audiences
                for f in formats
                if (entry := record.entries.get(slot := _slot(brief, a, f)))
            ),
            # What --fit drops and --report says come from building: no output is skipped.
            force or fit or report,
            allow_missing_glyphs,
            len(briefs) > 1,
            fit,
            report,
            tagged,
        )
        for brief in briefs
    ]
    outcomes = list(_execute(project, tasks, jobs, templates, on_done, user_templates))
    _refuse_shared_outputs(outcomes)
    for outcome in outcomes:
        record.entries.update(outcome.records)
    record.save()
    return Summary(outcomes, time.perf_counter() - started)


def _execute(
    project: Project,
    tasks: list[Task],
    jobs: int,
    templates: Path,
    on_done: Callable[[Outcome], None] | None,
    user: Path | None = None,
) -> Iterator[Outcome]:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            outcome = build_one(project, task)
            if len(tasks) > 1:
                _collect()
            if on_done:
                on_done(outcome)
            yield outcome
        return
    # Imported here: process pools cost a tenth of a cold single-brief build to import.
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    results: dict[int, Outcome] = {}
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), initializer=_start_worker, initargs=(templates, user)
    ) as pool:
        futures: dict[Future[Outcome], int] = {
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


def _refuse_shared_outputs(outcomes: list[Outcome]) -> None:
    """Two briefs that write the same file (same date and slug) both fail, loudly."""
    owner: dict[Path, Outcome] = {}
    for outcome in outcomes:
        for path in outcome.outputs:
            first = owner.setdefault(path.resolve(), outcome)
            if first is not outcome:
                for culprit, other in ((first, outcome), (outcome, first)):
                    culprit.errors.append(
                        f"briefgen: {culprit.brief}: writes {path.name} as {other.brief} does; "
                        "give one of them its own 'slug'"
                    )
                    culprit.records.clear()
