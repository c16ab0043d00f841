"""House style: page, fonts, text styles, colours and logo, read from one file per audience set.

``templates/_styles/house.yaml`` is read with the same validating reader as briefs. Its text
styles are keyed by Word's built-in style names (``Title``, ``Heading 1``, ``Body Text``,
``Caption``…), the vocabulary both backends share: the DOCX writer sets those very styles,
the PDF writer builds paragraph styles of the same names. Backends receive the frozen
:class:`Style` inside the document; they never see the YAML.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal

from .assets import Image, image, resolve


@dataclass(frozen=True, kw_only=True)
class Family:
    """A type family: the font Word is told to use, and its bundled metric twin."""

    word: str = field(metadata={"doc": "Font name written into the DOCX, e.g. Times New Roman."})
    files: str = field(
        metadata={"doc": "Stem of the TrueType files in assets/fonts: STEM-Regular.ttf, -Bold…"}
    )


@dataclass(frozen=True, kw_only=True)
class Fallback:
    """The font for characters the families lack (CJK and more)."""

    word: str = field(metadata={"doc": "East-Asian font named in the DOCX."})
    file: str = field(metadata={"doc": "One TrueType file in assets/fonts, embedded in the PDF."})


@dataclass(frozen=True, kw_only=True)
class Fonts:
    serif: Family
    sans: Family
    fallback: Fallback


@dataclass(frozen=True, kw_only=True)
class Margins:
    """Page margins in inches."""

    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True, kw_only=True)
class Page:
    size: Literal["letter", "a4"] = "letter"
    margins: Margins
    header_distance: float = field(
        default=0.4, metadata={"doc": "Inches from the page edge to the banner lines."}
    )

    @property
    def inches(self) -> tuple[float, float]:
        """(width, height) of the page in inches."""
        return (8.5, 11.0) if self.size == "letter" else (210 / 25.4, 297 / 25.4)

    @property
    def text_width(self) -> float:
        return self.inches[0] - self.margins.left - self.margins.right

    @property
    def text_height(self) -> float:
        return self.inches[1] - self.margins.top - self.margins.bottom


@dataclass(frozen=True, kw_only=True)
class Colors:
    """Named colours (``#rrggbb``); text styles refer to them by name."""

    ink: str
    accent: str
    muted: str
    shade: str
    rule: str
    link: str
    #: Risk matrix cells, by score band.
    risk_low: str
    risk_moderate: str
    risk_high: str
    risk_severe: str

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
                raise ValueError(f"{name}: colours are written #rrggbb, got {value!r}")


@dataclass(frozen=True, kw_only=True)
class Text:
    """One text style; sizes and spacing in points."""

    family: Literal["serif", "sans"] = "serif"
    size: float
    leading: float | None = field(
        default=None, metadata={"doc": "Line height; default 1.2 × size."}
    )
    bold: bool = False
    italic: bool = False
    color: str = field(default="ink", metadata={"doc": "A colour name from 'colors'."})
    space_before: float = 0
    space_after: float = 0

    @property
    def line(self) -> float:
        return self.leading if self.leading is not None else round(self.size * 1.2, 2)


def _word(name: str) -> dict[str, object]:
    return {"key": name, "doc": f"Word's built-in style '{name}'."}


@dataclass(frozen=True, kw_only=True)
class Styles:
    """Text styles, by Word's built-in style names."""

    title: Text = field(metadata=_word("Title"))
    subtitle: Text = field(metadata=_word("Subtitle"))
    heading_1: Text = field(metadata=_word("Heading 1"))
    heading_2: Text = field(metadata=_word("Heading 2"))
    heading_3: Text = field(metadata=_word("Heading 3"))
    body: Text = field(metadata=_word("Body Text"))
    caption: Text = field(metadata=_word("Caption"))
    table: Text = field(metadata=_word("Table Text"))
    note: Text = field(metadata=_word("Footnote Text"))
    header: Text = field(metadata=_word("Header"))
    footer: Text = field(metadata=_word("Footer"))


#: Word style name → field of :class:`Styles`, read off the fields themselves.
WORD_NAMES: dict[str, str] = {f.metadata["key"]: f.name for f in fields(Styles)}


@dataclass(frozen=True, kw_only=True)
class Logo:
    file: str = field(metadata={"doc": "Image file (PNG) in assets/ or the template folder."})
    width: float = field(metadata={"doc": "Printed width in inches."})
    alt: str = field(metadata={"doc": "Alternative text for readers who cannot see it."})
    #: The resolved file, set by :func:`read_style`.
    path: Path | None = field(default=None, metadata={"internal": True})
    #: What the writers embed: the image decoded and written again without its metadata
    #: (:func:`briefgen.assets.image`), set by :func:`read_style`.
    image: Image | None = field(
        default=None, compare=False, repr=False, metadata={"internal": True}
    )


@dataclass(frozen=True, kw_only=True)
class Style:
    """Everything about how a memo looks, for both formats."""

    name: str
    description: str | None = None
    page: Page
    fonts: Fonts
    colors: Colors
    styles: Styles
    logo: Logo | None = None

    def color(self, name: str) -> str:
        """``#rrggbb`` for a colour name (or a literal ``#rrggbb``)."""
        return name if name.startswith("#") else str(getattr(self.colors, name))


def read_style(path: Path, roots: list[Path]) -> Style:
    """Read a style file; its logo is looked up in ``roots`` (template folder, assets)."""
    # Imported here: the model imports this module, and `--version` must not load YAML.
    from . import yamlsource
    from .schema import Context, load

    node, file = yamlsource.read_file(path)
    ctx = Context(file, {})
    style = load(Style, node, ctx)
    if style.logo is not None:
        where = f"{file}: logo.file"
        logo = resolve(style.logo.file, roots, field=where)
        clean = image(logo, field=where)
        style = replace(style, logo=replace(style.logo, path=logo, image=clean))
    return style


@functools.cache
def house() -> Style:
    """The shipped house style (``templates/_styles/house.yaml``), read once."""
    from .resources import ASSETS, TEMPLATES

    return read_style(TEMPLATES / "_styles" / "house.yaml", [TEMPLATES, ASSETS])
