"""Find and read files a brief or a style names (logos, images, fonts) — only where they may be.

A name resolves inside one of the allowed folders (the brief's folder, the template folder,
briefgen's ``assets/``) after following links, to a regular file under the size limit.
URLs are never fetched: a name that looks like one is refused before any file or network
access, and writers hand reportlab and python-docx the bytes read here, never a name, so
reportlab's own URL fetching (``RL_trustedHosts``) is never reached.

Images pass through :func:`image`, which decodes them with Pillow within a pixel limit and
writes them again without metadata: EXIF (camera, GPS position, author), XMP, ICC profiles,
PNG text chunks and JPEG comments never reach a memo.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

#: Largest asset file read (a logo or a chart image is far smaller).
MAX_ASSET_BYTES = 10 * 1024 * 1024
#: Most pixels an image may have (a full-page 300 dpi figure is about 8 million).
MAX_IMAGE_PIXELS = 25_000_000
#: Image formats embedded (both PDF and DOCX readers show them everywhere).
IMAGE_FORMATS = ("PNG", "JPEG")

_URL_PREFIXES = ("data:", "//", "\\\\")


def _looks_like_url(name: str) -> bool:
    head = name.split("/", 1)[0]
    return (
        "://" in name
        or name.lower().startswith(_URL_PREFIXES)
        or (
            ":" in head and len(head.split(":", 1)[0]) > 1  # scheme:…, but not a drive letter
        )
    )


def resolve(name: str, roots: Sequence[Path], *, field: str = "") -> Path:
    """The real path of asset ``name``, looked up in ``roots`` in order.

    Raises :class:`~briefgen.errors.BuildError` (one line naming ``field`` and ``name``) for
    URLs, absolute paths, ``..`` escapes, links leading out of the roots, anything that is
    not a regular file (FIFOs, devices, folders), and files over :data:`MAX_ASSET_BYTES`.
    """
    where = f"{field}: " if field else ""
    if _looks_like_url(name):
        raise BuildError(f"{where}{name!r}: assets are files next to the brief, never URLs")
    relative = Path(name)
    if not name.strip() or relative.is_absolute() or ".." in relative.parts or "\0" in name:
        raise BuildError(f"{where}{name!r}: name a file inside the brief's folder or assets/")
    for root in roots:
        base = root.resolve()
        candidate = (base / relative).resolve()
        if not candidate.is_relative_to(base):
            if (base / relative).exists():
                raise BuildError(f"{where}{name!r}: a link leading out of {root}")
            continue
        try:
            info = candidate.stat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            raise BuildError(f"{where}{name!r}: not a regular file")
        if info.st_size > MAX_ASSET_BYTES:
            limit = MAX_ASSET_BYTES // (1024 * 1024)
            raise BuildError(f"{where}{name!r}: larger than the {limit} MiB limit")
        return candidate
    raise BuildError(f"{where}{name!r}: no such file in {', '.join(str(r) for r in roots)}")


def read(path: Path, *, field: str = "") -> bytes:
    """The bytes of a resolved asset, checked again on the open file.

    The file is opened without blocking and checked with ``fstat``, so a file swapped for a
    FIFO, a device or a larger file after :func:`resolve` is refused, not read.
    """
    where = f"{field}: " if field else ""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise BuildError(f"{where}{path}: cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BuildError(f"{where}{path}: not a regular file")
        data = stream.read(MAX_ASSET_BYTES + 1)
    if len(data) > MAX_ASSET_BYTES:
        limit = MAX_ASSET_BYTES // (1024 * 1024)
        raise BuildError(f"{where}{path}: larger than the {limit} MiB limit")
    return data


@dataclass(frozen=True)
class Image:
    """An image ready to embed: clean bytes, their format and size in pixels."""

    data: bytes
    format: str  # "PNG" or "JPEG"
    width: int
    height: int


def image(path: Path, *, field: str = "") -> Image:
    """Read, check and clean the image at ``path`` (resolved by :func:`resolve`).

    Refuses formats other than PNG and JPEG, images over :data:`MAX_IMAGE_PIXELS` (checked
    from the header, before decoding), and files Pillow cannot decode. The result is the
    decoded pixels written again, rotated as its EXIF orientation says, with no metadata.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    where = f"{field}: " if field else ""
    data = read(path, field=field)
    try:
        with PILImage.open(io.BytesIO(data), formats=IMAGE_FORMATS) as source:
            width, height = source.size
            if width * height > MAX_IMAGE_PIXELS:
                raise BuildError(
                    f"{where}{path}: {width}×{height} pixels is over the "
                    f"{MAX_IMAGE_PIXELS:,}-pixel limit"
                )
            fmt = str(source.format)
            source.load()
            upright = ImageOps.exif_transpose(source)
            # Pixels (and palette) only: Pillow writes comments, ICC profiles and the like
            # from ``info``, so nothing but transparency is kept there.
            clean = upright.copy()
            transparency = upright.info.get("transparency")
            clean.info = {} if transparency is None else {"transparency": transparency}
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        detail = "not a PNG or JPEG image" if isinstance(exc, UnidentifiedImageError) else exc
        raise BuildError(f"{where}{path}: {detail}") from None
    except PILImage.DecompressionBombError:
        raise BuildError(f"{where}{path}: over the pixel limit") from None
    out = io.BytesIO()
    if fmt == "JPEG":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, "JPEG", quality=92, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return Image(out.getvalue(), fmt, clean.width, clean.height)
