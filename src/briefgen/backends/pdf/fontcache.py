"""Parsed TrueType fonts kept between runs, in the user's cache folder.

reportlab reads a font's tables (metrics, character map, glyph offsets) in Python each time
a process registers it: about 4 ms a face, a tenth of a one-page memo's build when a style's
eight faces are read. :func:`load` keeps what reportlab read, as a pickle next to the
compiled templates, and restores it in a fraction of that time; the font file's bytes are
read again, as reportlab needs them to embed subsets.

An entry is found only under a key made of the font file (path, size, modification time),
reportlab's version and briefgen's, so a font, reportlab or briefgen that changes is read
afresh. The folder must be the user's own and writable by no one else
(:func:`briefgen.resources.cache_dir`): the same trust as Jinja's compiled templates beside
it. Without such a folder fonts are simply read every run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTFontFace

from ... import __version__
from ...resources import cache_dir
from ..pdf_structure import Font

#: Attributes rebuilt on loading rather than kept: the per-document subset state, the file's
#: bytes, and the scale function reportlab makes from the font's units per em.
_NOT_KEPT = ("state",)
_FACE_NOT_KEPT = ("_ttf_data", "_pdfScale")


def load(name: str, path: Path) -> Font:
    """``Font(name, path)``, from the cache when this file was read before."""
    folder = cache_dir("fonts")
    if folder is None:
        return Font(name, str(path))
    entry = folder / f"{_key(path)}.pickle"
    try:
        with entry.open("rb") as handle:
            kept = pickle.load(handle)
        return _restore(kept, name, path)
    except Exception:  # no entry yet, or a damaged one: read the font and write it anew
        pass
    font = Font(name, str(path))
    _store(entry, font)
    return font


def _key(path: Path) -> str:
    stat = path.stat()
    origin = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    settings = (reportlab.Version, rl_config.ttfAsciiReadable, __version__)
    return hashlib.sha256(repr((origin, settings)).encode()).hexdigest()


def _store(entry: Path, font: Font) -> None:
    kept: dict[str, Any] = {k: v for k, v in font.__dict__.items() if k not in _NOT_KEPT}
    kept["face"] = {k: v for k, v in font.face.__dict__.items() if k not in _FACE_NOT_KEPT}
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, entry)  # whole or not at all, whoever else writes it
    except OSError:
        pass  # only speed depends on it
    finally:
        temporary.unlink(missing_ok=True)  # left only by a failure or an interruption


def _restore(kept: dict[str, Any], name: str, path: Path) -> Font:
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(kept.pop("face"))
    face._ttf_data = path.read_bytes()
    if face.unitsPerEm == 1000:  # the same arithmetic as reportlab's, so widths are too
        face._pdfScale = lambda x: x
    else:
        scale = 1000 / face.unitsPerEm
        face._pdfScale = lambda x: x * scale
    font = Font.__new__(Font)
    font.__dict__.update(kept)
    font.fontName = name
    font.face = face
    font.state = WeakKeyDictionary()
    return font
