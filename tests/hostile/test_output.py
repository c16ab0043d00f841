"""Class 7: output faults. Links at the target, inputs as targets, read-only folders, a full
disk, SIGINT/SIGTERM and SIGKILL mid-build: one clear line, and earlier outputs untouched."""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen import output
from briefgen.resources import TEMPLATES

from ..conftest import ROOT, SHIPPED
from .helpers import run, snapshot, write

NAMES = [
    f"2026-11-30-sino-russian-partnership-{a}.{f}"
    for a in ("principal", "staff", "public")
    for f in ("pdf", "docx")
]


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Outputs of the shipped brief ("old") and of an edited copy ("new"), built once."""
    folder = tmp_path_factory.mktemp("versions")
    edited = folder / "edited" / SHIPPED.name
    edited.parent.mkdir()
    edited.write_text(
        SHIPPED.read_text(encoding="utf-8").replace(
            "author: Imogen Hartley", "author: Imogen Hartley-Smith"
        ),
        encoding="utf-8",
    )
    old = run(SHIPPED, out=folder / "old")
    new = run(edited, out=folder / "new")
    assert old.code == new.code == 0, old.stderr + new.stderr
    assert set(old.outputs) == set(new.outputs) == set(NAMES)
    assert all(old.outputs[n] != new.outputs[n] for n in NAMES)
    return {"old": old.outputs, "new": new.outputs, "edited": {"path": bytes(edited)}}


def _seed(out: Path, files: dict[str, bytes]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)


def test_symlink_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("must survive")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "2026-11-30-sino-russian-partnership-public.pdf"
    target.symlink_to(victim)
    result = run(SHIPPED, "-a", "public", "-f", "pdf", out=out)
    assert result.code == 0, result.stderr
    assert victim.read_text() == "must survive"
    assert not target.is_symlink() and target.read_bytes().startswith(b"%PDF")


def test_output_never_overwrites_the_brief(tmp_path: Path) -> None:
    brief = tmp_path / "2026-11-30-s-public.pdf"  # a brief whose output name is its own
    brief.write_text(SHIPPED.read_text(encoding="utf-8") + "slug: s\n", encoding="utf-8")
    before = brief.read_bytes()
    result = run(brief, "-a", "public", "-f", "pdf", out=tmp_path)
    assert result.code == 1
    assert result.stderr == f"briefgen: {brief}: refusing to overwrite an input file\n"
    assert brief.read_bytes() == before
    assert sorted(result.outputs) == [brief.name]


def test_a_link_to_the_brief_at_the_target_is_replaced(tmp_path: Path) -> None:
    brief = write(tmp_path, SHIPPED.read_text(encoding="utf-8"), "b.yaml")
    before = brief.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    (out / "2026-11-30-b-public.pdf").symlink_to(brief)
    result = run(brief, "-a", "public", "-f", "pdf", out=out)
    assert result.code == 0, result.stderr
    assert brief.read_bytes() == before


def test_output_never_goes_into_the_template_folder(tmp_path: Path) -> None:
    before = snapshot(TEMPLATES / "public")
    result = run(SHIPPED, "-a", "public", "-f", "pdf", out=TEMPLATES / "public")
    assert result.code == 1
    assert result.stderr == (
        f"briefgen: {TEMPLATES / 'public' / NAMES[5].replace('.docx', '.pdf')}: "
        f"refusing to write into {TEMPLATES}, a folder of inputs\n"
    )
    assert snapshot(TEMPLATES / "public") == before


def _mount_tmpfs(where: Path, options: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    return done.returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", str(where)], check=True)


def test_read_only_folder(tmp_path: Path, versions) -> None:
    out = tmp_path / "out"
    _seed(out, versions["old"])
    if os.geteuid() == 0:  # root writes through permissions: make it truly read-only
        if not _mount_tmpfs(out, "size=4m"):
            pytest.skip("running as root without mount: cannot make a read-only folder")
        _seed(out, versions["old"])
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        expected_reason = "Read-only file system"
    else:
        out.chmod(0o555)
        expected_reason = "Permission denied"
    try:
        result = run(SHIPPED, out=out)
        assert result.code == 1
        first = out / NAMES[0]
        assert result.stderr == f"briefgen: {first}: cannot write: {expected_reason}\n"
        assert result.outputs == versions["old"]
    finally:
        if os.geteuid() == 0:
            _umount(out)
        else:
            out.chmod(0o755)


def test_full_disk(tmp_path: Path, versions) -> None:
    out = tmp_path / "out"
    room = sum(len(data) for data in versions["old"].values()) * 3 // 2  # not two full sets
    if not _mount_tmpfs(out, f"size={room // 1024}k"):
        pytest.skip("needs root and mount to make a small file system")
    try:
        _seed(out, versions["old"])
        result = run(SHIPPED, out=out)
        assert result.code == 1
        assert result.stderr.startswith("briefgen: ") and result.stderr.count("\n") == 1
        assert result.stderr.endswith(": cannot write: No space left on device\n")
        assert result.outputs == versions["old"]  # and no temporary file left
    finally:
        _umount(out)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EDQUOT, "Disk quota exceeded"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_write_fault_on_the_last_file(tmp_path: Path, versions, monkeypatch, code, reason):
    """The same as a full disk anywhere: the fault hits the last file, after five are staged."""
    out = tmp_path / "out"
    _seed(out, versions["old"])
    calls = []
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == len(NAMES):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    result = run(SHIPPED, out=out)
    assert result.code == 1
    assert result.stderr.endswith(f": cannot write: {reason}\n")
    assert result.stderr.count("\n") == 1
    assert result.outputs == versions["old"]


def test_stale_temporary_files_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".{NAMES[5]}.{dead.pid}.abc123.part"
    alive = out / f".{NAMES[5]}.{os.getppid()}.def456.part"  # a running build's: kept
    other = out / f".unrelated.pdf.{dead.pid}.x.part"  # not a file this build writes: kept
    for path in (stale, alive, other):
        path.write_bytes(b"partial")
    result = run(SHIPPED, "-a", "public", "-f", "docx", out=out)
    assert result.code == 0, result.stderr
    assert sorted(result.outputs) == sorted([NAMES[5], alive.name, other.name])


# --- signals, in a real process ------------------------------------------------------------

# Says "building" on stderr when the build proper starts (options parsed, handlers set), so
# the signals below land mid-build, not while Python or click are still starting.
DRIVER = """
import sys
import briefgen.build
real = briefgen.build.render  # the build proper's first stage (then write)
def render(*args, **kwargs):
    sys.stderr.write("building\\n"); sys.stderr.flush()
    return real(*args, **kwargs)
briefgen.build.render = render
from briefgen.cli import main
main(["build", sys.argv[1], "-o", sys.argv[2]])
"""


def _start(brief: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(brief), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "building\n"
    return process


def _consistent(out: Path, versions) -> str:
    """'old' or 'new' if every output is wholly that version; fails on any mixture."""
    files = snapshot(out)
    assert not [n for n in files if n.endswith(".part")], "temporary files left behind"
    for label in ("old", "new"):
        if files == versions[label]:
            return label
    raise AssertionError(f"outputs are neither the old nor the new set: {sorted(files)}")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build(tmp_path: Path, versions, signum: int) -> None:
    edited = Path(versions["edited"]["path"].decode())
    rng = random.Random(signum)
    seen = set()
    for attempt in range(int(os.environ.get("BRIEFGEN_SIGNAL_ROUNDS", "6"))):
        out = tmp_path / f"out{attempt}"
        _seed(out, versions["old"])
        process = _start(edited, out)
        time.sleep(rng.uniform(0.0, 1.0))
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
        state = _consistent(out, versions)
        seen.add(state)
        detail = (process.returncode, state, stderr)
        name = signal.Signals(signum).name
        message = (
            "briefgen: interrupted; no file was left half-written\n"
            if signum == signal.SIGINT
            else f"briefgen: stopped by {name}; no file was left half-written\n"
        )
        if state == "old":  # stopped before the renames: nothing changed, one line
            assert process.returncode == 128 + signum, detail
            assert stderr == message, detail
            assert stdout == "", detail  # no path is reported as written
        else:
            # The signal came after every file was staged: it is held for the few renames
            # and takes effect once they are all done (or after the build had finished).
            assert (process.returncode, stderr) in {
                (0, ""),
                (128 + signum, message),
                (-signum, ""),
            }, detail
    assert "old" in seen, "no attempt was interrupted mid-build"


def test_sigkill_at_random_moments_leaves_earlier_outputs_whole(tmp_path: Path, versions) -> None:
    edited = Path(versions["edited"]["path"].decode())
    out = tmp_path / "out"
    _seed(out, versions["old"])
    rng = random.Random(9)
    for _ in range(10):
        process = _start(edited, out)
        time.sleep(rng.uniform(0.0, 1.4))
        process.kill()
        process.communicate(timeout=60)
        files = snapshot(out)
        for name in NAMES:  # each file whole: the old bytes or the new, never a mixture
            assert files[name] in (versions["old"][name], versions["new"][name]), name
        for name, data in versions["old"].items():
            (out / name).write_bytes(data)  # start the next round from the old set
    result = run(edited, out=out)  # the next build cleans up after the killed ones
    assert result.code == 0, result.stderr
    assert result.outputs == versions["new"]


@pytest.mark.parametrize("slug", ["../../escape", "/etc/cron.d/x", "..", "con:\\x\\\\y", "é"])
def test_output_names_stay_in_the_output_folder(tmp_path: Path, slug: str) -> None:
    brief = write(tmp_path, SHIPPED.read_text(encoding="utf-8") + f"slug: {json.dumps(slug)}\n")
    out = tmp_path / "deep" / "out"
    result = run(brief, "-a", "public", "-f", "pdf", out=out)
    assert result.code == 0, result.stderr
    [name] = result.outputs
    assert re.fullmatch(r"2026-11-30-[a-z0-9-]+-public\.pdf", name), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml", "deep"]
