"""The incremental-build record of :mod:`briefgen.batch`: what each output was made from.

Each output is recorded with a key of everything it is made from (the brief's bytes, every
file under the templates and assets folders, the audience and format, and the versions of
briefgen, python-docx and reportlab) and a digest of the bytes written. An output whose key
is unchanged and whose file still holds those bytes is not built again. The record lives in
the user's cache folder, never next to the outputs, so nothing about it reaches an audience.

Separate from the batch itself because it is the one part that keeps state between runs:
how keys are made and where the record is kept, with no building in it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path

from . import __version__
from .digests import file_digests
from .resources import ASSETS, TEMPLATES, cache_dir


def fingerprint(
    templates: Path = TEMPLATES, assets: Path = ASSETS, user: Path | None = None
) -> str:
    """A digest of everything but the brief that an output is made from: briefgen's
    templates and assets, the user's template folder if any, and the versions."""
    digest = hashlib.sha256(f"briefgen {__version__}\n".encode())
    for package, distribution in (("docx", "python_docx"), ("reportlab", "reportlab")):
        digest.update(f"{package} {_installed(package, distribution)}\n".encode())
    for number, root in enumerate((templates, assets, *([user] if user else []))):
        digest.update(f"folder {number}\n".encode())
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


def slot(brief: Path, audience: str, fmt: str) -> str:
    """The record's name for one output of a brief."""
    return f"{brief.resolve()}|{audience}|{fmt}"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def up_to_date(out: Path, known: tuple[str, str, str] | None, key: str) -> bool:
    """Whether the recorded output was made from ``key`` and still holds what was written."""
    if known is None or known[1] != key:
        return False
    name, _, written = known
    try:
        return digest((out / name).read_bytes()) == written
    except OSError:
        return False


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
