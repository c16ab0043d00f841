"""Many briefs at once: find them, build them in parallel, skip what is already up to date.

:func:`find_briefs` turns command-line arguments (files, folders, glob patterns) into a list
of briefs. :func:`run` builds each with :func:`briefgen.build.build`, in this process or in a
pool of worker processes (:mod:`briefgen.batch_pool`), and returns one :class:`Outcome` per
brief in the order given. A brief that fails is reported in its outcome and never stops the
others. An output whose inputs have not changed since it was written is skipped: the record
of what each was made from is :mod:`briefgen.batch_cache`.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import batch_cache
from .batch_pool import execute
from .build import Project, render, write
from .errors import BriefgenError, InvalidInput
from .report import dropped_report, release_report
from .resources import TEMPLATES

if TYPE_CHECKING:
    from .pdf_helper import PdfHelper

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


def build_one(project: Project, task: Task, helper: PdfHelper | None = None) -> Outcome:
    """Build the outputs of one brief that are not up to date (all of them with ``force``);
    its PDFs in ``helper`` (:mod:`briefgen.pdf_helper`) if given."""
    outcome = Outcome(task.brief)
    try:
        try:
            source = task.brief.read_bytes()
        except OSError:
            project.read(task.brief)  # raises the reader's own one-line message
            raise
        slots = [
            (a, f, batch_cache.slot(task.brief, a, f)) for a in task.audiences for f in task.formats
        ]
        key = {
            slot: batch_cache.digest(
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
            if task.force or not batch_cache.up_to_date(task.out, known.get(slot), key[slot])
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
                helper=helper,
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
                digest = batch_cache.digest(path.read_bytes())
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
    helper: PdfHelper | None = None,
) -> Summary:
    """Build every brief; return their outcomes in the order given.

    ``jobs`` > 1 builds in that many worker processes. ``on_done`` is called in this
    process as each brief finishes (in completion order), e.g. to advance a progress bar.
    A single brief renders its PDFs in ``helper``, if given.
    """
    started = time.perf_counter()
    record = batch_cache.Record(out)
    inputs = batch_cache.fingerprint(templates, user=user_templates)
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
                if (entry := record.entries.get(slot := batch_cache.slot(brief, a, f)))
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
    build = partial(build_one, helper=helper) if helper and len(tasks) == 1 else build_one
    outcomes = list(execute(build, project, tasks, jobs, templates, on_done, user_templates))
    _refuse_shared_outputs(outcomes)
    for outcome in outcomes:
        record.entries.update(outcome.records)
    record.save()
    return Summary(outcomes, time.perf_counter() - started)


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
