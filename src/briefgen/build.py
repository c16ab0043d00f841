"""The pipeline, end to end: read → select → compose → render → write.

:class:`Project` loads what does not change between briefs (scheme, audience profiles,
compiled templates) once; :func:`build` runs one brief through it (:func:`render`, then
:func:`write`). Nothing is written until every requested document has rendered and every page
budget holds, and then all files are written together or none (:mod:`briefgen.output`), so a
failed or interrupted build leaves the output folder exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import backends, budget, glyphs
from .audience import DROPPED, Profile, Selection, Withheld, read_profile, select
from .compose import compose
from .errors import BuildError
from .markings import DEFAULT, Scheme, read_schemes
from .model import Document, Layout
from .outline import Outline, texts
from .outline_reader import read_outline
from .output import write_all
from .output import write_atomic as write_atomic  # used by mail and init
from .resources import ASSETS, TEMPLATES
from .style import Style, read_style
from .templating import Templates

if TYPE_CHECKING:
    from .pdf_helper import PdfHelper

EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "eml": ".eml"}
T = TypeVar("T")


@dataclass
class Project:
    """Marking schemes, audiences and templates, loaded once per process.

    briefgen's own ``templates/`` come first; a user's template folder (``--templates DIR``)
    adds audiences and schemes and overrides those of the same name, and its templates are
    found before briefgen's."""

    schemes: dict[str, Scheme]
    profiles: dict[str, Profile]
    templates: Templates
    style: Style
    #: Folders briefgen reads from; a build never writes into them.
    input_folders: tuple[Path, ...] = ()

    @classmethod
    def load(cls, root: Path = TEMPLATES, user: Path | None = None) -> Project:
        folders = [root]
        if user is not None:
            if not user.is_dir():
                raise BuildError(f"{user}: no such template folder")
            folders.append(user)
        schemes = read_schemes([folder / "_schemes" for folder in folders])
        if DEFAULT not in schemes:
            raise BuildError(f"{root / '_schemes'}: the {DEFAULT!r} marking scheme is missing")
        profiles: dict[str, Profile] = {}
        for folder in folders:
            base = folder.resolve()
            for sub in sorted(folder.iterdir()):
                path = sub / "audience.yaml"
                if sub.name.startswith(("_", ".")) or not path.is_file():
                    continue
                if not path.resolve().is_relative_to(base):
                    raise BuildError(f"{path}: links out of {folder}; refusing to read it")
                profiles[sub.name] = read_profile(path, sub.name, schemes)
        # The house style: the user's if their folder has one, else briefgen's.
        style_file = folders[-1] / "_styles" / "house.yaml"
        if not style_file.is_file():
            style_file = root / "_styles" / "house.yaml"
        style = read_style(style_file, [*folders[::-1], ASSETS])
        # Only briefgen's own templates run unbounded (see briefgen.sandbox).
        templates = Templates(folders[::-1], trusted=folders == [TEMPLATES])
        return cls(schemes, profiles, templates, style, (*folders, ASSETS))

    @property
    def scheme(self) -> Scheme:
        """The default marking scheme (the one a brief without ``marking`` uses)."""
        return self.schemes[DEFAULT]

    def scheme_of(self, outline: Outline) -> Scheme:
        """The marking scheme ``outline`` chose."""
        return self.schemes[outline.marking]

    def read(self, brief: Path) -> Outline:
        return read_outline(brief, self.schemes, list(self.profiles))

    def select(self, outline: Outline, audience: str, drop: Collection[str] = ()) -> Selection:
        return select(outline, self.profiles[audience], self.scheme_of(outline), drop=drop)

    def document(self, outline: Outline, audience: str) -> Document:
        return self.compose(self.select(outline, audience))

    def compose(self, selection: Selection) -> Document:
        return compose(selection, self.templates, self.style)


@dataclass
class Product:
    """One audience's build: what it was shown, and its files, ready to write."""

    audience: str
    selection: Selection
    files: list[tuple[Path, bytes]]
    #: Pages of its PDF, when they were counted (the audience has a page limit).
    pages: int | None = None

    @property
    def dropped(self) -> list[Withheld]:
        """Items ``--fit`` left out."""
        return [w for w in self.selection.withheld if w.reason == DROPPED]


def within_budget(
    project: Project,
    outline: Outline,
    audience: str,
    fit: bool = False,
    tagged: bool = True,
    helper: PdfHelper | None = None,
) -> tuple[Selection, Document, bytes | None, int | None]:
    """Select and compose for ``audience``; within its page limit, by dropping items if
    ``fit``, else fail with a message that says by how much and where the length is.

    Returns the selection, the document, and the PDF and its page count when the budget was
    measured (so a PDF build need not render again). ``helper`` renders the PDFs measured."""
    selection = project.select(outline, audience)
    document = project.compose(selection)
    limit = selection.profile.page_limit
    if limit is None:
        return selection, document, None, None
    where = f"{outline.file}: {audience}"
    data, layout = _laid_out(_pdf(document, tagged, helper), where)
    if layout.pages <= limit:
        return selection, document, data, layout.pages
    if not fit:
        raise BuildError(budget.message(audience, layout, limit) + " (--fit drops items to fit)")
    first = layout
    dropped: list[str] = []
    for path in budget.drop_order(selection, outline):
        dropped.append(path)
        selection = project.select(outline, audience, drop=dropped)
        document = project.compose(selection)
        data, layout = _laid_out(_pdf(document, tagged, helper), where)
        if layout.pages <= limit:
            return selection, document, data, layout.pages
    raise BuildError(
        budget.message(audience, first, limit)
        + "; it does not fit even with every droppable item left out"
    )


def _pdf(
    document: Document, tagged: bool, helper: PdfHelper | None
) -> Callable[[], tuple[bytes, Layout]]:
    """Start rendering ``document`` as PDF, in ``helper`` if given; call the result for the
    bytes and layout (measuring needs the PDF layout, whatever the format)."""
    if helper is not None:
        return helper.submit(document, tagged)

    def here() -> tuple[bytes, Layout]:
        from .backends import pdf_writer

        return pdf_writer.render_with_layout(document, tagged=tagged)

    return here


def _laid_out(make: Callable[[], T], where: str) -> T:
    """``make()``, with reportlab's error for a block taller than a page made one line."""
    try:
        return make()
    except Exception as exc:  # reportlab's LayoutError, without importing reportlab
        if type(exc).__name__ != "LayoutError":
            raise
        raise BuildError(
            f"{where}: a block is taller than a page and cannot be split "
            "(a very long table cell, or a bottom line longer than a page)"
        ) from None


def render(
    project: Project,
    brief: Path,
    audiences: list[str],
    formats: list[str],
    out: Path,
    *,
    fit: bool = False,
    allow_missing_glyphs: bool = False,
    tagged: bool = True,
    helper: PdfHelper | None = None,
) -> list[Product]:
    """Read, select, compose and render ``brief`` for each audience and format, in memory.

    A character no bundled font can draw fails the build, naming the field, unless
    ``allow_missing_glyphs`` is set. PDFs are tagged (PDF/UA-1) unless ``tagged`` is false.
    With a ``helper`` (:mod:`briefgen.pdf_helper`), PDFs render there while this process
    composes the other audiences and renders the other formats."""
    outline = project.read(brief)
    if not allow_missing_glyphs:
        glyphs.check(texts(outline), project.style, outline.file, outline.positions)
    products = []
    jobs: list[tuple[Product, str, Callable[[], bytes]]] = []

    def finish() -> None:
        """Each file's bytes, in build order: the first failure is the one reported."""
        pending, jobs[:] = jobs[:], []
        for product, fmt, make in pending:
            data = _laid_out(make, f"{brief}: {product.audience}")
            product.files.append((out / output_name(outline, product.audience, fmt), data))

    failure: Exception | None = None
    try:
        for audience in audiences:
            selection, document, pdf, pages = within_budget(
                project, outline, audience, fit, tagged, helper
            )
            product = Product(audience, selection, [], pages)
            products.append(product)
            for fmt in formats:
                jobs.append((product, fmt, _start(fmt, document, pdf, tagged, helper)))
            if helper is None:
                finish()  # one audience at a time, as each is composed
    except Exception as exc:
        failure = exc  # reported once the earlier audiences' files are settled
    else:
        # This process renders its formats while the helper renders the PDFs.
        jobs[:] = [(product, fmt, _settled(make, fmt == "pdf")) for product, fmt, make in jobs]
    finish()  # with the helper, a file of an earlier audience may fail first
    if failure is not None:
        raise failure
    return products


def _start(
    fmt: str, document: Document, measured: bytes | None, tagged: bool, helper: PdfHelper | None
) -> Callable[[], bytes]:
    """How to get the bytes of ``document`` as ``fmt``; a PDF starts rendering now in the
    helper, if there is one."""
    if fmt != "pdf":
        return lambda: backends.render(fmt, document, tagged=tagged)
    if measured is not None:
        return lambda: measured
    started = _pdf(document, tagged, helper)
    return lambda: started()[0]


def _settled(make: Callable[[], bytes], waits: bool) -> Callable[[], bytes]:
    """``make`` run now, unless it ``waits`` on the helper; its result, or its error, is
    given when the returned function is called."""
    if waits:
        return make
    try:
        data = make()
    except Exception as exc:
        failure = exc  # (``exc`` itself is cleared when the except block ends)

        def again() -> bytes:
            raise failure

        return again
    return lambda: data


def write(
    products: list[Product], inputs: list[Path], input_folders: tuple[Path, ...] = ()
) -> list[Path]:
    """Write every product's files, all or none (see :mod:`briefgen.output`); return the
    paths written. No file may replace an input or land in a folder briefgen reads from."""
    files = [file for product in products for file in product.files]
    write_all(files, inputs=inputs, input_folders=input_folders)
    return [path for path, _ in files]


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
    fit: bool = False,
    allow_missing_glyphs: bool = False,
    tagged: bool = True,
) -> list[Path]:
    """Build ``brief`` for each audience and format into ``out``; return the paths written.

    Nothing is written unless every file rendered and every page budget holds. PDFs are
    tagged (PDF/UA-1) unless ``tagged`` is false."""
    products = render(
        project,
        brief,
        audiences,
        formats,
        out,
        fit=fit,
        allow_missing_glyphs=allow_missing_glyphs,
        tagged=tagged,
    )
    return write(products, [brief], project.input_folders)
