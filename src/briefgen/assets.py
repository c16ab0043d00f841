"""Find and read files a brief or a style names (logos, images, fonts) — only where they may be.

A name resolves inside one of the allowed folders (the brief's folder, the template folder,
briefgen's ``assets/``) after following links, to a regular file under the size limit.
URLs are never fetched: a name that looks like one is refused before any file or network
access, and writers hand reportlab and python-docx the bytes read here, never a name, so
reportlab's own URL fetching (``RL_trustedHosts``) is never reached.

Images pass through :func:`image`, which checks their size in pixels from the header and
keeps only the parts of the file that make the picture: EXIF (camera, GPS position, author),
XMP, ICC profiles, PNG text chunks and JPEG comments never reach a memo.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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


_PNG = b"\x89PNG\r\n\x1a\n"
# Chunks that make the picture; every other one (tEXt, zTXt, iTXt, eXIf, iCCP, tIME…) goes.
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT"}
# JPEG segments that make the picture: frames, tables, restart interval, JFIF, Adobe (colour
# transform). APP1 (EXIF, XMP), APP2 (ICC), APP3–APP13, APP15 and comments go.
_JPEG_KEEP = {*range(0xC0, 0xD0), 0xDB, 0xDD, 0xE0, 0xEE}
_SOF = {*range(0xC0, 0xD0)} - {0xC4, 0xC8, 0xCC}


class _Damaged(Exception):
    pass


def _orientation(tiff: bytes) -> int:
    """The EXIF orientation tag (1 = upright) in a TIFF-structured EXIF block."""
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return 1
    order: Literal["little", "big"] = "little" if tiff[:2] == b"II" else "big"
    ifd = int.from_bytes(tiff[4:8], order)
    if ifd + 2 > len(tiff):
        return 1
    count = int.from_bytes(tiff[ifd : ifd + 2], order)
    for k in range(count):
        entry = tiff[ifd + 2 + 12 * k : ifd + 14 + 12 * k]
        if len(entry) == 12 and int.from_bytes(entry[:2], order) == 0x0112:
            return int.from_bytes(entry[8:10], order)
    return 1


def _png(data: bytes) -> tuple[bytes, int, int, int]:
    out, pos, size, turn = [_PNG], len(_PNG), (0, 0), 1
    seen: set[bytes] = set()
    while pos < len(data):
        if pos + 12 > len(data):
            raise _Damaged
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data) or (not seen and kind != b"IHDR"):
            raise _Damaged
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            size = (int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big"))
        elif kind == b"eXIf":
            turn = _orientation(body)
        if kind in _PNG_KEEP:
            out.append(data[pos:end])
        seen.add(kind)
        pos = end
        if kind == b"IEND":
            break
    if not {b"IHDR", b"IDAT", b"IEND"} <= seen or 0 in size:
        raise _Damaged
    return b"".join(out), size[0], size[1], turn


def _jpeg(data: bytes) -> tuple[bytes, int, int, int]:
    out, pos, size, turn = [b"\xff\xd8"], 2, (0, 0), 1
    while True:
        if pos + 4 > len(data) or data[pos] != 0xFF:
            raise _Damaged
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise _Damaged
        body = data[pos + 4 : end]
        if marker in _SOF and len(body) >= 5:
            size = (int.from_bytes(body[3:5], "big"), int.from_bytes(body[1:3], "big"))
        elif marker == 0xE1 and body.startswith(b"Exif\0\0"):
            turn = _orientation(body[6:])
        if marker == 0xDA:  # start of scan: the compressed picture, to the end, as it is
            if 0 in size:
                raise _Damaged
            out.append(data[pos:])
            return b"".join(out), size[0], size[1], turn
        if marker in _JPEG_KEEP and (marker != 0xE0 or body.startswith(b"JFIF\0")):
            out.append(data[pos:end])
        pos = end


def image(path: Path, *, field: str = "") -> Image:
    """Read, check and clean the image at ``path`` (resolved by :func:`resolve`).

    PNG and JPEG only; at most :data:`MAX_IMAGE_PIXELS`, read from the header before anything
    is decoded. The file's structure is walked and only what makes the picture is kept: PNG
    text, EXIF, ICC and time chunks and JPEG EXIF, XMP, ICC, other APPn segments and
    comments are dropped, without decoding (so a DOCX-only build needs no imaging library).
    An image whose EXIF says to rotate it is decoded with Pillow, turned upright and written
    again, so dropping the EXIF does not turn it on its side.
    """
    where = f"{field}: " if field else ""
    data = read(path, field=field)
    try:
        if data.startswith(_PNG):
            fmt, (clean, width, height, turn) = "PNG", _png(data)
        elif data.startswith(b"\xff\xd8\xff"):
            fmt, (clean, width, height, turn) = "JPEG", _jpeg(data)
        else:
            raise BuildError(f"{where}{path}: not a PNG or JPEG image")
    except _Damaged:
        raise BuildError(f"{where}{path}: a damaged or truncated {_kind(data)} image") from None
    if width * height > MAX_IMAGE_PIXELS:
        raise BuildError(
            f"{where}{path}: {width}×{height} pixels is over the {MAX_IMAGE_PIXELS:,}-pixel limit"
        )
    if turn != 1:
        return _upright(data, fmt, where, path)  # the original: Pillow needs its EXIF
    return Image(clean, fmt, width, height)


def _kind(data: bytes) -> str:
    return "PNG" if data.startswith(_PNG) else "JPEG"


def _upright(data: bytes, fmt: str, where: str, path: Path) -> Image:
    """Decode, rotate as the EXIF orientation says, and write again without metadata."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    try:
        with PILImage.open(io.BytesIO(data), formats=IMAGE_FORMATS) as source:
            source.load()
            upright = ImageOps.exif_transpose(source)
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
        raise BuildError(f"{where}{path}: {exc}") from None
    # Pillow writes comments, ICC profiles and the like from ``info``: only transparency stays.
    transparency = upright.info.get("transparency")
    upright.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    if fmt == "JPEG":
        rgb = upright if upright.mode in ("RGB", "L", "CMYK") else upright.convert("RGB")
        rgb.save(out, "JPEG", quality=92, optimize=True)
    else:
        upright.save(out, "PNG", optimize=True)
    return Image(out.getvalue(), fmt, upright.width, upright.height)
