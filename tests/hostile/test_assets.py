"""Class 5: assets are files in allowed folders, regular, bounded, never URLs, and images
are embedded without their metadata. No network access, even with RL_trustedHosts=*."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from briefgen import assets
from briefgen.errors import BuildError

from ..conftest import ROOT, SHIPPED


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "brief"
    folder.mkdir()
    Image.new("RGB", (40, 20), "navy").save(folder / "logo.png")
    return folder


def _refused(name: str, roots: list[Path]) -> str:
    with pytest.raises(BuildError) as caught:
        assets.resolve(name, roots, field="logo")
    return str(caught.value)


@pytest.mark.parametrize(
    "name",
    [
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data",
        "HTTPS://EXAMPLE.ORG/X.PNG",
        "//example.org/logo.png",
        "ftp://example.org/logo.png",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "\\\\server\\share\\logo.png",
        "s3:bucket/logo.png",
    ],
)
def test_urls_are_refused_before_any_access(root: Path, name: str) -> None:
    assert _refused(name, [root]) == (
        f"logo: {name!r}: assets are files next to the brief, never URLs"
    )


@pytest.mark.parametrize("name", ["/etc/passwd", "../secret.png", "a/../../secret.png", ""])
def test_paths_outside_are_refused(root: Path, name: str) -> None:
    assert _refused(name, [root]) == (
        f"logo: {name!r}: name a file inside the brief's folder or assets/"
    )


def test_link_out_of_the_folder_is_refused(root: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes((root / "logo.png").read_bytes())
    (root / "escape.png").symlink_to(tmp_path / "secret.png")
    assert _refused("escape.png", [root]) == f"logo: 'escape.png': a link leading out of {root}"
    (root / "dev.png").symlink_to("/dev/zero")
    assert _refused("dev.png", [root]) == f"logo: 'dev.png': a link leading out of {root}"


def test_link_inside_the_folder_is_fine(root: Path) -> None:
    (root / "alias.png").symlink_to(root / "logo.png")
    assert assets.resolve("alias.png", [root]) == (root / "logo.png").resolve()


def test_fifo_and_folder_are_not_regular_files(root: Path) -> None:
    os.mkfifo(root / "pipe.png")
    (root / "dir.png").mkdir()
    assert _refused("pipe.png", [root]) == "logo: 'pipe.png': not a regular file"
    assert _refused("dir.png", [root]) == "logo: 'dir.png': not a regular file"
    with pytest.raises(BuildError, match="not a regular file"):
        assets.read(root / "pipe.png")  # a swap after resolve() never blocks


def test_size_limit(root: Path) -> None:
    with open(root / "huge.png", "wb") as sparse:
        sparse.truncate(assets.MAX_ASSET_BYTES + 1)
    assert _refused("huge.png", [root]) == "logo: 'huge.png': larger than the 10 MiB limit"


def test_missing_file(root: Path) -> None:
    assert _refused("nope.png", [root]) == f"logo: 'nope.png': no such file in {root}"


def test_pixel_limit_checked_before_decoding(root: Path) -> None:
    Image.new("1", (6000, 5000)).save(root / "wide.png")  # 30 Mpx, a few kB on disk
    path = assets.resolve("wide.png", [root])
    with pytest.raises(BuildError) as caught:
        assets.image(path, field="logo")
    assert str(caught.value) == (
        f"logo: {path}: 6000×5000 pixels is over the 25,000,000-pixel limit"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not an image at all", "not a PNG or JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a PNG or JPEG image"),
    ],
)
def test_not_an_image(root: Path, content: bytes, reason: str) -> None:
    (root / "fake.png").write_bytes(content)
    with pytest.raises(BuildError) as caught:
        assets.image(root / "fake.png")
    assert str(caught.value) == f"{root / 'fake.png'}: {reason}"


def test_truncated_image(root: Path) -> None:
    data = (root / "logo.png").read_bytes()
    (root / "cut.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(BuildError, match=r"cut\.png: "):
        assets.image(root / "cut.png")


SECRETS = (b"Jane Analyst", b"51.5007", b"SECRET-COMMENT", b"Camera Model X")


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = "Jane Analyst"  # Artist
    exif[0x0110] = "Camera Model X"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010E] = "51.5007 N"  # ImageDescription (stands in for a GPS position)
    return exif


def test_jpeg_metadata_is_stripped_and_orientation_applied(root: Path) -> None:
    Image.new("RGB", (40, 20), "red").save(
        root / "photo.jpg", exif=_exif(), comment=b"SECRET-COMMENT", icc_profile=b"\0" * 128
    )
    raw = (root / "photo.jpg").read_bytes()
    assert b"Jane Analyst" in raw and b"SECRET-COMMENT" in raw  # there to be stripped
    clean = assets.image(root / "photo.jpg")
    assert clean.format == "JPEG" and (clean.width, clean.height) == (20, 40)
    assert not any(secret in clean.data for secret in SECRETS)
    with Image.open(io.BytesIO(clean.data)) as back:
        assert not back.getexif() and "comment" not in back.info
        assert "icc_profile" not in back.info and "exif" not in back.info


def test_png_metadata_is_stripped(root: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Analyst")
    info.add_itxt("Comment", "SECRET-COMMENT", zip=True)
    Image.new("RGBA", (30, 10), (0, 0, 255, 128)).save(
        root / "chart.png", pnginfo=info, exif=_exif(), dpi=(300, 300)
    )
    clean = assets.image(root / "chart.png")
    assert clean.format == "PNG" and (clean.width, clean.height) == (10, 30)
    assert not any(secret in clean.data for secret in SECRETS)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
        assert chunk not in clean.data
    with Image.open(io.BytesIO(clean.data)) as back:
        assert back.mode == "RGBA" and back.getpixel((0, 0)) == (0, 0, 255, 128)


def test_palette_transparency_survives(root: Path) -> None:
    image = Image.new("P", (8, 8), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.save(root / "icon.png", transparency=0)
    clean = assets.image(root / "icon.png")
    with Image.open(io.BytesIO(clean.data)) as back:
        assert back.mode == "P" and back.info.get("transparency") == 0


# --- no network, even when reportlab is told to trust every host -----------------------------

SITECUSTOMIZE = """
import os, socket
LOG = os.environ["BRIEFGEN_NET_LOG"]
def _refuse(*args, **kwargs):
    with open(LOG, "a") as log:
        log.write(repr(args[1:] or args) + "\\n")
    raise OSError("network disabled for this test")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""

NETWORK_PROBE = """
import sys
from pathlib import Path
from reportlab.lib.utils import ImageReader
from briefgen import assets
from briefgen.build import Project, build
from briefgen.errors import BuildError

root, out = Path(sys.argv[1]), Path(sys.argv[2])
for name in ("https://example.org/logo.png", "http://127.0.0.1:9/x.png", "//example.org/x.png"):
    try:
        assets.resolve(name, [root], field="logo")
    except BuildError as exc:
        print(exc)
clean = assets.image(assets.resolve("logo.png", [root]))
ImageReader(__import__("io").BytesIO(clean.data)).getSize()
print(len(build(Project.load(), Path(sys.argv[3]), ["staff"], ["pdf", "docx"], out)))
try:  # the house style's logo named by URL
    Project.load(Path(sys.argv[4]))
except BuildError as exc:
    print(str(exc).split(": ", 1)[1])
"""


def test_no_connection_is_attempted_with_rl_trusted_hosts(root: Path, tmp_path: Path) -> None:
    templates = _style_with_logo(tmp_path, "https://example.org/logo.png")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")]),
        "RL_trustedHosts": "*",
        "RL_trustedSchemes": "http,https,ftp,file,data",
        "BRIEFGEN_NET_LOG": str(log),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            NETWORK_PROBE,
            str(root),
            str(tmp_path / "out"),
            str(SHIPPED),
            str(templates),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "logo: 'https://example.org/logo.png': assets are files next to the brief, never URLs",
        "logo: 'http://127.0.0.1:9/x.png': assets are files next to the brief, never URLs",
        "logo: '//example.org/x.png': assets are files next to the brief, never URLs",
        "2",
        "logo.file: 'https://example.org/logo.png': assets are files next to the brief, never URLs",
    ]
    assert not log.exists(), log.read_text()


def test_the_network_block_works(tmp_path: Path) -> None:
    """The probe above proves something only if a connection attempt would be logged."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": str(site), "BRIEFGEN_NET_LOG": str(log)}
    probe = (
        "import urllib.request\n"
        "try:\n urllib.request.urlopen('http://127.0.0.1:9/')\n"
        "except Exception:\n pass"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, check=True)
    assert log.exists()


# --- the house style's logo, end to end -----------------------------------------------------


def _style_with_logo(tmp_path: Path, file: str) -> Path:
    import shutil

    from briefgen.resources import TEMPLATES

    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES, root)
    style = root / "_styles" / "house.yaml"
    style.write_text(
        style.read_text(encoding="utf-8").replace("file: logos/meridian.png", f"file: {file}"),
        encoding="utf-8",
    )
    return root


def test_logo_metadata_never_reaches_either_file(tmp_path: Path) -> None:
    import zipfile

    from briefgen.build import Project, build

    root = _style_with_logo(tmp_path, "secret-logo.png")
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Analyst")
    info.add_itxt("Comment", "SECRET-COMMENT")
    Image.new("RGB", (64, 64), "teal").save(root / "secret-logo.png", pnginfo=info)
    out = tmp_path / "out"
    paths = build(Project.load(root), SHIPPED, ["public"], ["pdf", "docx"], out)
    docx = next(p for p in paths if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert media, "the logo is embedded"
        for name in media:
            data = package.read(name)
            assert b"Jane Analyst" not in data and b"SECRET-COMMENT" not in data
            assert b"tEXt" not in data and b"iTXt" not in data
    pdf = next(p for p in paths if p.suffix == ".pdf").read_bytes()
    assert b"Jane Analyst" not in pdf and b"SECRET-COMMENT" not in pdf


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        ("https://example.org/logo.png", "assets are files next to the brief, never URLs"),
        ("../../../../etc/passwd", "name a file inside the brief's folder or assets/"),
    ],
)
def test_logo_named_by_url_or_outside_is_refused(tmp_path: Path, file: str, reason: str):
    from briefgen.build import Project

    root = _style_with_logo(tmp_path, file)
    with pytest.raises(BuildError) as caught:
        Project.load(root)
    assert str(caught.value) == (
        f"{root / '_styles' / 'house.yaml'}: logo.file: {file!r}: {reason}"
    )
