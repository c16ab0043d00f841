"""Find files a brief or a style names (logos, images, fonts) — only where they may be.

A name resolves inside one of the allowed folders (the brief's folder, the template folder,
briefgen's ``assets/``) after following links, to a regular file under the size limit.
URLs are never fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .errors import BuildError

#: Largest asset file read (a logo or a chart image is far smaller).
MAX_ASSET_BYTES = 10 * 1024 * 1024


def resolve(name: str, roots: Sequence[Path], *, field: str = "") -> Path:
    """The real path of asset ``name``, looked up in ``roots`` in order.

    Raises :class:`~briefgen.errors.BuildError` (one line naming ``field`` and ``name``) for
    URLs, absolute paths, ``..`` escapes, links leading out of the roots, anything that is
    not a regular file, and files over :data:`MAX_ASSET_BYTES`.
    """
    where = f"{field}: " if field else ""
    if "://" in name or name.startswith(("data:", "//")):
        raise BuildError(f"{where}{name!r}: assets are files next to the brief, never URLs")
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise BuildError(f"{where}{name!r}: name a file inside the brief's folder or assets/")
    for root in roots:
        base = root.resolve()
        candidate = (base / relative).resolve()
        if not candidate.is_relative_to(base) or not candidate.exists():
            continue
        if not candidate.is_file():
            raise BuildError(f"{where}{name!r}: not a regular file")
        if candidate.stat().st_size > MAX_ASSET_BYTES:
            limit = MAX_ASSET_BYTES // (1024 * 1024)
            raise BuildError(f"{where}{name!r}: larger than the {limit} MiB limit")
        return candidate
    raise BuildError(f"{where}{name!r}: no such file in {', '.join(str(r) for r in roots)}")
