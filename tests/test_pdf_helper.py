"""The PDF helper process: the same bytes as rendering here, whatever happens to it."""

from __future__ import annotations

import dataclasses
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen import pdf_helper
from briefgen.backends import pdf_writer
from briefgen.build import Project
from briefgen.errors import BuildError
from briefgen.model import Document

from .conftest import ROOT, SHIPPED, crowded_brief

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the PDF helper needs fork")


@pytest.fixture(scope="module")
def documents(project: Project) -> list[Document]:
    outline = project.read(SHIPPED)
    return [project.document(outline, audience) for audience in ("principal", "staff", "public")]


def started() -> pdf_helper.PdfHelper:
    helper = pdf_helper.start()
    assert helper is not None
    return helper


def test_the_helper_renders_what_this_process_would(
    project: Project, documents: list[Document]
) -> None:
    helper = started()
    try:
        helper.warm(project.style)
        results = [helper.submit(document, tagged) for document in documents for tagged in (1, 0)]
        expected = [
            pdf_writer.render_with_layout(document, tagged=bool(tagged))
            for document in documents
            for tagged in (1, 0)
        ]
        # Collected in any order (a page budget waits for a later document first).
        order = [3, 0, 5, 1, 4, 2]
        got = {index: results[index]() for index in order}
        assert [got[index] for index in range(len(results))] == expected
        assert helper.rendered == len(results)  # the helper did the work, not this process
    finally:
        helper.close()
    assert _gone(helper.pid)


def test_documents_and_pdfs_larger_than_a_pipe_do_not_stall(documents: list[Document]) -> None:
    """Several long documents sent before any result is read: each request and each reply
    is many times what a pipe holds, and neither side waits on the other."""
    staff = documents[1]
    long = dataclasses.replace(staff, blocks=staff.blocks * 12)
    helper = started()
    try:
        results = [helper.submit(long, True) for _ in range(3)]
        data, layout = results[2]()
        assert len(data) > 4 * 65536 and layout.pages > 12
        assert all(result()[0] == data for result in results[:2])
        assert helper.rendered == 3
    finally:
        helper.close()


def test_a_helper_that_died_is_rendered_for(documents: list[Document]) -> None:
    helper = started()
    os.kill(helper.pid, signal.SIGKILL)
    try:
        first = helper.submit(documents[0], True)
        second = helper.submit(documents[1], True)
        assert first() == pdf_writer.render_with_layout(documents[0])
        assert second() == pdf_writer.render_with_layout(documents[1])
    finally:
        helper.close()


def test_what_the_helper_cannot_render_is_rendered_here_with_its_own_error(
    documents: list[Document],
) -> None:
    """A document that fails in the helper fails here in the same way (and with the same
    traceback under --debug), not with some message of the helper's; the helper goes on."""
    broken = dataclasses.replace(documents[1], blocks=(*documents[1].blocks, "not a block"))
    with pytest.raises(Exception) as here:
        pdf_writer.render_with_layout(broken)
    helper = started()
    try:
        result = helper.submit(broken, True)
        with pytest.raises(type(here.value)) as there:
            result()
        assert str(there.value) == str(here.value)
        good = helper.submit(documents[0], True)
        assert good() == good() == pdf_writer.render_with_layout(documents[0])  # read once
        assert helper.rendered == 1
    finally:
        helper.close()
    assert _gone(helper.pid)


def test_an_unused_helper_is_stopped_at_once(project: Project) -> None:
    helper = started()
    helper.warm(project.style)
    began = time.perf_counter()
    helper.close()
    assert time.perf_counter() - began < 0.5
    assert _gone(helper.pid)


def test_a_helper_busy_with_a_document_no_longer_wanted_is_stopped(
    documents: list[Document],
) -> None:
    staff = documents[1]
    helper = started()
    helper.submit(dataclasses.replace(staff, blocks=staff.blocks * 40), True)  # seconds of work
    time.sleep(0.3)  # it is rendering now
    began = time.perf_counter()
    helper.close()
    assert time.perf_counter() - began < 0.5
    assert _gone(helper.pid)


def test_processes_forked_later_do_not_hold_the_helpers_pipes() -> None:
    """A template worker forked by the command line closes its copies of the helper's pipe
    ends, so the helper still sees the command line go."""
    helper = started()
    try:
        child = os.fork()
        if child == 0:  # pragma: no cover - the forked child
            held = []
            for fd in (helper._requests, helper._replies):
                try:
                    os.fstat(fd)
                    held.append(fd)
                except OSError:
                    pass
            os._exit(1 if held else 0)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        helper.close()


def test_pipes_numbered_above_1023_work(documents: list[Document]) -> None:
    """The helper's pipes may be numbered past what ``select()`` takes (a caller with many
    files open)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("cannot open 1,100 files here")
    if soft != resource.RLIM_INFINITY and soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1200, hard))
    fillers = []
    try:
        while len(fillers) < 1100:
            fillers.append(os.open(os.devnull, os.O_RDONLY))
        helper = started()
        try:
            assert min(helper._requests, helper._replies) > 1023
            assert helper.submit(documents[0], True)() == pdf_writer.render_with_layout(
                documents[0]
            )
            assert helper.rendered == 1
        finally:
            helper.close()
    finally:
        for fd in fillers:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended and been reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# --- through the command line --------------------------------------------------------------


def _cli(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,  # type: ignore[call-overload]
    )


def _processes_naming(marker: str) -> list[int]:
    """Running processes whose command line contains ``marker`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _none_left(marker: str, within: float = 3.0) -> bool:
    deadline = time.monotonic() + within
    while _processes_naming(marker):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
@pytest.mark.parametrize("ending", ["done", "up to date", "SIGTERM", "SIGINT", "SIGKILL"])
def test_no_process_outlives_the_build(tmp_path: Path, ending: str) -> None:
    out = tmp_path / f"out-{os.getpid()}-{ending.replace(' ', '-')}"
    marker = str(out)
    build = ["build", str(SHIPPED), "-o", marker, "-f", "pdf", "--jobs", "2"]
    if ending == "up to date":
        assert _cli(*build).wait(timeout=60) == 0
    else:
        build.append("--force")
    process = _cli(*build)
    if ending.startswith("SIG"):
        # Mid-build: once the helper (a fork, so it bears the same command line) is running.
        deadline = time.monotonic() + 30
        while len(_processes_naming(marker)) < 2 and process.poll() is None:
            assert time.monotonic() < deadline, "the helper never started"
            time.sleep(0.005)
        process.send_signal(getattr(signal, ending))
    _, stderr = process.communicate(timeout=60)
    if ending.startswith("SIG"):
        assert process.returncode != 0, "the build ended before the signal"
    else:
        assert process.returncode == 0, stderr
    assert _none_left(marker), f"{ending}: a helper process is still running"


def _build_twice(
    tmp_path: Path, brief: Path, *args: str
) -> dict[str, tuple[int, str, dict[str, bytes]]]:
    """``briefgen build BRIEF ARGS`` with ``--jobs 1`` and ``--jobs 2``: each one's exit
    status, standard error and files written."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    said = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"{brief.stem}-{jobs}"
        process = _cli("build", str(brief), "-o", str(out), "-j", jobs, *args)
        _, stderr = process.communicate(timeout=120)
        files = {p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}
        said[jobs] = (process.returncode, stderr, files)
    return said


@pytest.fixture
def overflowing(tmp_path: Path) -> Path:
    """The shipped brief with a long high-priority recommendation: over the principal's one
    page, so its budget fails, or --fit drops an item."""
    rationale = " ".join(
        f"Sentence {n} of a text far too long for a one-page decision memo." for n in range(28)
    )
    path = tmp_path / "overflowing.yaml"
    path.write_text(
        SHIPPED.read_text(encoding="utf-8").replace(
            "recommendations:\n",
            "recommendations:\n  - id: rec-long\n    action: Approve the long plan.\n"
            f"    priority: high\n    rationale: {rationale}\n",
            1,
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("-f", "all"),
        ("-a", "staff,principal", "-f", "pdf"),  # a budget measured after a PDF is sent
        ("-a", "public,principal,staff", "-f", "docx,pdf"),
    ],
)
def test_a_build_with_the_helper_writes_what_one_process_writes(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    said = _build_twice(tmp_path, SHIPPED, *args)
    assert said["1"] == said["2"]
    assert said["2"][0] == 0 and said["2"][1] == "" and len(said["2"][2]) in (2, 6)


@pytest.mark.parametrize("audiences", ["principal", "staff,principal", "public,principal"])
def test_fit_with_the_helper_drops_what_one_process_drops(
    tmp_path: Path, overflowing: Path, audiences: str
) -> None:
    said = _build_twice(tmp_path, overflowing, "-a", audiences, "-f", "all", "--fit")
    assert said["1"] == said["2"] and said["2"][0] == 0
    assert "principal: dropped 1 item to fit 1 page" in said["2"][1]
    over = _build_twice(tmp_path / "over", overflowing, "-a", audiences, "-f", "pdf")
    assert over["1"] == over["2"] and over["2"][0] == 1 and over["2"][2] == {}
    assert over["2"][1].startswith("briefgen: principal: 2 pages, limit 1")


def test_a_failing_build_says_the_same_with_the_helper(tmp_path: Path) -> None:
    """An error met while rendering in the helper is reported as one process reports it."""
    said = _build_twice(tmp_path, crowded_brief(tmp_path), "-a", "public", "-f", "pdf")
    assert said["1"] == said["2"]
    assert said["2"][0] == 1 and said["2"][2] == {}
    assert said["2"][1].endswith("more than half of it; cite fewer sources in one place\n")


def test_the_first_failure_in_build_order_is_reported_with_or_without_the_helper(
    tmp_path: Path, overflowing: Path
) -> None:
    """The public memo cannot be laid out (one line's notes crowd its page) and the
    principal's is over its page limit: whichever audience comes first is the one reported."""
    sources = "".join(f"  - id: s{i}\n    title: Source {i}{' more' * 20}\n" for i in range(30))
    cites = "".join(f"[@s{i}]" for i in range(30))
    brief = tmp_path / "both.yaml"
    brief.write_text(
        overflowing.read_text(encoding="utf-8")
        .replace(
            "background:\n",
            f'background:\n  - id: b-crowd\n    heading: Many\n    text: "lead {cites}"\n',
            1,
        )
        .replace("sources:\n", f"sources:\n{sources}", 1),
        encoding="utf-8",
    )
    for audiences, first in (
        ("public,principal", "briefgen: public: the notes cited on page"),
        ("principal,public", "briefgen: principal: 2 pages, limit 1"),
    ):
        said = _build_twice(tmp_path / audiences, brief, "-a", audiences, "-f", "pdf,docx")
        assert said["1"] == said["2"]
        assert said["2"][0] == 1 and said["2"][1].startswith(first), said["2"][1]
        assert said["2"][1].count("\n") == 1


def test_one_process_renders_each_file_once_when_one_fails(
    tmp_path: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the helper a failing audience stops the build at its first failing file, and
    nothing is rendered twice on the way out."""
    from briefgen import backends, build

    calls: list[str] = []
    real_pdf, real_render = pdf_writer.render_with_layout, backends.render

    def pdf(document: Document, **kwargs: object) -> object:
        calls.append(f"pdf {document.meta.audience}")
        return real_pdf(document, **kwargs)  # type: ignore[arg-type]

    def other(fmt: str, document: Document, **kwargs: object) -> bytes:
        calls.append(f"{fmt} {document.meta.audience}")
        return real_render(fmt, document, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_writer, "render_with_layout", pdf)
    monkeypatch.setattr(backends, "render", other)
    brief = crowded_brief(tmp_path)
    with pytest.raises(BuildError, match="would take more than half"):
        build.render(project, brief, ["principal", "public"], ["docx", "pdf"], tmp_path / "o")
    assert calls == ["pdf principal", "docx principal", "docx public", "pdf public"]
