"""The pipeline, end to end: read → select → compose → render → write.

:class:`Project` loads what does not change between briefs (scheme, audience profiles,
compiled templates) once; :func:`build` runs one brief through it. Nothing is written until
every requested document has rendered, and then all files are written together or none
(:mod:`briefgen.output`), so a failed or interrupted build leaves the output folder exactly
as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import backends, glyphs
from .audience import Profile, read_profile, select
from .compose import compose
from .errors import BuildError
from .markings import Scheme, read_scheme
from .model import Document
from .outline import Outline, read_outline, texts
from .output import write_all
from .output import write_atomic as write_atomic  # used by mail and init
from .resources import ASSETS, TEMPLATES
from .style import Style, read_style
from .templating import Templates

EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "eml": ".eml"}


@dataclass
class Project:
    """Audiences, marking scheme and templates, loaded once per process."""

    scheme: Scheme
    profiles: dict[str, Profile]
    templates: Templates
    style: Style
    #: Folders briefgen reads from; a build never writes into them.
    input_folders: tuple[Path, ...] = ()

    @classmethod
    def load(cls, root: Path = TEMPLATES) -> Project:
        scheme = read_scheme(root / "_schemes" / "default.yaml")
        profiles = {
            folder.name: read_profile(folder / "audience.yaml", folder.name, scheme)
            for folder in sorted(root.iterdir())
            if (folder / "audience.yaml").is_file()
        }
        style = read_style(root / "_styles" / "house.yaml", [root, ASSETS])
        return cls(scheme, profiles, Templates([root]), style, (root, ASSETS))

    def read(self, brief: Path) -> Outline:
        return read_outline(brief, self.scheme, list(self.profiles))

    def document(self, outline: Outline, audience: str) -> Document:
        profile = self.profiles[audience]
        return compose(select(outline, profile, self.scheme), self.templates, self.style)


def output_name(outline: Outline, audience: str, fmt: str) -> str:
    """``2026-11-30-sino-russian-partnership-staff.pdf``: date, brief, audience."""
    return f"{outline.date.isoformat()}-{outline.slug}-{audience}{EXTENSIONS[fmt]}"


def build(
    project: Project,
    brief: Path,
    audiences: list[str],
    formats: list[str],
    out: Path,
    *,
    allow_missing_glyphs: bool = False,
) -> list[Path]:
    """Build ``brief`` for each audience and format into ``out``; return the paths written.

    A character no bundled font can draw fails the build, naming the field, unless
    ``allow_missing_glyphs`` is set.
    """
    outline = project.read(brief)
    if not allow_missing_glyphs:
        glyphs.check(texts(outline), project.style, outline.file, outline.positions)
    rendered: list[tuple[Path, bytes]] = []
    for audience in audiences:
        document = project.document(outline, audience)
        for fmt in formats:
            try:
                data = backends.get(fmt).render(document)
            except Exception as exc:  # reportlab's LayoutError, without importing reportlab
                if type(exc).__name__ != "LayoutError":
                    raise
                raise BuildError(
                    f"{brief}: {audience}: a block is taller than a page and cannot be split "
                    "(a very long table cell, or a bottom line longer than a page)"
                ) from None
            rendered.append((out / output_name(outline, audience, fmt), data))
    write_all(rendered, inputs=[brief], input_folders=project.input_folders)
    return [path for path, _ in rendered]
