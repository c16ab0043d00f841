"""Tagged PDF (PDF/UA-1): validated by `page`, read in structure order, every mark checked.

The shipped brief and ``tests/briefs/accessibility.yaml`` (a table over three pages, a
paragraph across a page break, links, citations and Cyrillic text) are built for every
audience and read back with pikepdf, poppler's ``pdfinfo -struct-text`` and the ``page``
validator (required in CI, like the other real clients).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from briefgen import model
from briefgen.backends import pdf_structure, pdf_tags, pdf_writer
from briefgen.backends.pdf import fonts as pdf_fonts
from briefgen.backends.pdf.notes import Notes
from briefgen.build import Project, build

from .conftest import AUDIENCES, IN_CI, ROOT, SHIPPED
from .readback import is_struct_element

ACCESSIBLE = ROOT / "tests" / "briefs" / "accessibility.yaml"
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "EI"}
PAINTING |= {"INLINE IMAGE"}


@pytest.fixture(scope="session")
def accessible(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The accessibility test brief as a PDF for every audience, keyed by audience."""
    out = tmp_path_factory.mktemp("accessible")
    paths = build(project, ACCESSIBLE, list(AUDIENCES), ["pdf"], out)
    return {next(a for a in AUDIENCES if p.stem.endswith(f"-{a}")): p for p in paths}


CASES = [(brief, audience) for brief in ("shipped", "accessible") for audience in AUDIENCES]


def _pdf(built: Any, accessible: dict[str, Path], brief: str, audience: str) -> Path:
    return built[(audience, "pdf")] if brief == "shipped" else accessible[audience]


def _document(project: Project, brief: str, audience: str) -> model.Document:
    return project.document(project.read(SHIPPED if brief == "shipped" else ACCESSIBLE), audience)


@pytest.fixture(scope="session")
def validator() -> Any:
    """The `page` PDF/UA validator: skipped locally when missing, required in CI."""
    try:
        import page
    except ImportError:
        if IN_CI:
            pytest.fail("page-validation is required in CI but is not installed")
        pytest.skip("page-validation is not installed")
    return page


# -- the validator gate ------------------------------------------------------------------


@pytest.mark.client
@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_pdfua1_validator_reports_no_failed_rule(
    built, accessible, validator: Any, brief: str, audience: str
) -> None:
    report = validator.validate_pdf(_pdf(built, accessible, brief, audience), profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.rules.failed == 0, "\n".join(failures)
    assert report.is_compliant
    assert report.rules.total > 50  # the whole profile ran, not an empty one


# -- structure order ---------------------------------------------------------------------


_NOTES: dict[int, str] = {}  # the document's note texts, while reading_text runs


def _inline(text: model.Inlines) -> str:
    """The text as read: a citation mark, then its footnote where the document has one (the
    Note element follows the Reference that cites it)."""
    out = []
    for item in text:
        if isinstance(item, model.Span):
            out.append(item.text)
        elif item.number in _NOTES:
            out.append(f"{item.number}{item.number} {_NOTES[item.number]} ")
        else:
            out.append(str(item.number))
    return "".join(out)


def document_text(document: model.Document) -> list[str]:
    _NOTES.clear()
    _NOTES.update({note.number: _inline(note.text) for note in document.notes})
    try:
        return reading_text(document.blocks)
    finally:
        _NOTES.clear()


def reading_text(blocks: tuple[model.Block, ...]) -> list[str]:
    """Every piece of visible text, in the model's order (bullets and numbers included);
    a chart or matrix reads as its caption and note (its drawing is a Figure, read by its
    alternative text)."""
    parts: list[str] = []
    for block in blocks:
        match block:
            case model.Title(text, subtitle):
                parts += [_inline(text), _inline(subtitle)]
            case model.HeaderFields(fields):
                for label, value in fields:
                    parts += [f"{label}:", _inline(value)]
            case model.Heading(_, text) | model.Paragraph(text):
                parts.append(_inline(text))
            case model.BulletList(items, ordered):
                for number, item in enumerate(items, 1):
                    parts += [f"{number}." if ordered else "\u2022", _inline(item)]
            case model.Callout(title, children):
                parts.append(title.upper())
                parts += reading_text(children)
            case model.DecisionLine(options):
                parts += list(options)
            case model.Table(caption, header, rows, _, note):
                parts.append(_inline(caption))
                for row in (header, *rows):
                    parts += [_inline(cell) for cell in row]
                parts.append(_inline(note))
            case model.Chart(caption=caption, note=note):
                parts += [_inline(caption), _inline(note)]
            case model.RiskMatrix(caption=caption):
                parts.append(_inline(caption))
    return parts


def _words(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def struct_text(path: Path, pdfinfo: str) -> list[str]:
    """The text of each block-level structure element, in structure order; the text of
    inline elements in it (Link, Reference) joins its own, where it stands."""
    out = subprocess.run(
        [pdfinfo, "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    blocks: list[str] = []
    stack: list[tuple[int, bool, int]] = []  # (indent, inline, index of its block's text)
    figure = -1  # index of the open Figure's text: the drawing's own words are not read
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip())
        text = re.fullmatch(r'\s*"(.*)"\s*', line)
        if text:
            owner = next(entry for entry in reversed(stack) if entry[0] < indent)
            if owner[2] != figure:
                blocks[owner[2]] += text.group(1)
            continue
        words = line.split()
        if not words or words[0].startswith("/") or words[0] == "Object":
            continue  # attributes, annotation references
        while stack and stack[-1][0] >= indent:
            stack.pop()
        inline = "(inline)" in line
        if inline and stack:
            stack.append((indent, True, stack[-1][2]))
        else:
            blocks.append("")
            stack.append((indent, False, len(blocks) - 1))
            if words[0] == "Figure":
                figure = len(blocks) - 1
    return [block for block in blocks if block]


@pytest.mark.client
@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_structure_order_reads_as_the_model(
    project, built, accessible, brief: str, audience: str, client: Callable[[str], str]
) -> None:
    document = _document(project, brief, audience)
    pieces = struct_text(_pdf(built, accessible, brief, audience), client("pdfinfo"))
    # Word for word, spaces included: a line end that lost its space would glue two words.
    assert _words(pieces) == _words(document_text(document))


# -- marked content ----------------------------------------------------------------------


def _operations(page: pikepdf.Page) -> Iterator[tuple[str, list[str], list[Any]]]:
    """(operator, stack of open marked-content tags, operands) for each operation."""
    stack: list[str] = []
    for item in pikepdf.parse_content_stream(page):
        op = str(item.operator)
        if op in ("BDC", "BMC"):
            stack.append(str(item.operands[0]))
        elif op == "EMC":
            stack.pop()
        yield op, list(stack), list(item.operands)
    assert not stack, "unbalanced marked content"


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_nothing_painted_outside_marked_content_or_artifact(
    built, accessible, brief: str, audience: str
) -> None:
    with pikepdf.open(_pdf(built, accessible, brief, audience)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            painted = 0
            for op, stack, _ in _operations(page):
                if op in PAINTING:
                    painted += 1
                    assert stack, f"page {number}: {op} outside marked content"
                    # Nesting is never needed: content sits in exactly one sequence.
                    assert len(stack) == 1, f"page {number}: nested marked content {stack}"
            assert painted


def _struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    todo = list(pdf.Root.StructTreeRoot.K)
    while todo:
        element = todo.pop(0)
        if is_struct_element(element):
            yield element
            kids = element.get("/K", pikepdf.Array())
            todo[:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _pages_of(element: pikepdf.Dictionary, pdf: pikepdf.Pdf) -> set[int]:
    """Page numbers (1-based) holding marked content owned directly by ``element``."""
    numbers = {p.objgen: n for n, p in enumerate(pdf.pages, 1)}
    found = set()
    for kid in element.K:
        if isinstance(kid, int):
            found.add(numbers[element.Pg.objgen])
        elif kid.get("/Type") == "/MCR":
            found.add(numbers[kid.Pg.objgen])
    return found


def test_every_mcid_has_its_owner_in_the_parent_tree(accessible) -> None:
    with pikepdf.open(accessible["staff"]) as pdf:
        root = pdf.Root.StructTreeRoot
        nums = list(root.ParentTree.Nums)
        tree = dict(zip(nums[::2], nums[1::2], strict=True))
        for page in pdf.pages:
            owners = tree[int(page.obj.StructParents)]
            mcids = [
                int(operands[1].MCID)
                for op, _, operands in _operations(page)
                if op == "BDC" and operands[0] != "/Artifact"
            ]
            assert mcids == list(range(len(owners)))
            for mcid, owner in zip(mcids, owners, strict=True):
                assert is_struct_element(owner)
                owned = [k if isinstance(k, int) else int(k.get("/MCID", -1)) for k in owner.K]
                assert mcid in owned


def test_split_paragraph_is_one_p(accessible) -> None:
    with pikepdf.open(accessible["staff"]) as pdf:
        long = [
            element
            for element in _struct_elements(pdf)
            if element.S == "/P" and len(_pages_of(element, pdf)) > 1
        ]
        assert len(long) == 1, "the long paragraph should be the one P that spans pages"
        assert len(_pages_of(long[0], pdf)) == 2


def test_split_table_is_one_table_with_header_rows_as_artifacts(
    accessible, client: Callable[[str], str]
) -> None:
    path = accessible["staff"]
    with pikepdf.open(path) as pdf:
        tables = [e for e in _struct_elements(pdf) if e.S == "/Table"]
        data = [t for t in tables if any(k.get("/S") == "/Caption" for k in t.K)]
        assert len(data) == 1
        rows = [k for k in data[0].K if k.get("/S") == "/TR"]
        assert len(rows) == 71  # the header and 70 rows: repeated headers are not rows
        pages = set()
        for row in rows:
            for cell in row.K:
                pages |= _pages_of(cell, pdf)
        assert len(pages) >= 2
        header = [cell.S for cell in rows[0].K]
        assert header == ["/TH"] * 3
        assert all(cell.A.Scope == "/Column" for cell in rows[0].K)
    # The header row is printed on each of the three pages but read once.
    pieces = struct_text(path, client("pdfinfo"))
    assert pieces.count("Название ") == 1
    printed = subprocess.run(
        [client("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert printed.count("Название") == len(pages)


# -- document-level marks ----------------------------------------------------------------


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_catalog_pages_and_metadata_marks(
    project, built, accessible, brief: str, audience: str
) -> None:
    document = _document(project, brief, audience)
    with pikepdf.open(_pdf(built, accessible, brief, audience)) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == document.meta.language
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert "/RoleMap" not in root.StructTreeRoot  # standard structure types only
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == document.meta.title
        for page in pdf.pages:
            assert page.obj.Tabs == "/S"
            for annot in page.obj.get("/Annots", []):
                assert annot.Subtype == "/Link"
                assert "/StructParent" in annot
                assert str(annot.Contents).strip()


def test_links_are_link_elements_with_their_words(accessible) -> None:
    with pikepdf.open(accessible["staff"]) as pdf:
        links = [e for e in _struct_elements(pdf) if e.S == "/Link"]
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert len(links) == len(annotations) >= 3
        for link in links:
            # The linked words (marked content) and the annotation (an object reference).
            objrs = [k for k in link.K if not isinstance(k, int) and k.get("/Type") == "/OBJR"]
            assert objrs and all(objr.Obj.Subtype == "/Link" for objr in objrs)
            assert _pages_of(link, pdf), "the Link holds no words"
        contents = {str(a.Contents) for a in annotations}
        assert {"Power of Siberia", "ministry's page"} <= contents
        # A bare address in the source list is described by the source it leads to.
        assert "Annual Gas Report, Example Agency, 15 June 2026" in contents
        targets = {str(a.A.URI) for a in annotations if "/A" in a}
        assert not contents & targets
        # A note mark links to its note: "Note 1", not a bare destination.
        internal = [str(a.Contents) for a in annotations if "/A" not in a]
        assert all(text.startswith("Note ") for text in internal)


_FACES: dict[str, set[int]] = {}


def _covered(base_font: str) -> set[int]:
    """Characters the bundled font behind ``AAAAAA+LiberationSans-Bold`` has glyphs for."""
    stem = base_font.split("+", 1)[1]
    if stem not in _FACES:
        from reportlab.pdfbase.ttfonts import TTFontFile

        fonts = ROOT / "assets" / "fonts"
        name = stem if "-" in stem else f"{stem}-Regular"  # the regular face has no suffix
        path = fonts / f"{name}.ttf"
        if not path.exists():  # the CJK fallback: one face, its own file name
            path = next(fonts.glob(f"{stem}*.ttf"))
        _FACES[stem] = set(TTFontFile(str(path)).charToGlyph)
    return _FACES[stem]


@pytest.mark.parametrize(("brief", "audience"), CASES)
def test_fonts_map_every_code_to_text(built, accessible, brief: str, audience: str) -> None:
    """Every font embedded with a ToUnicode map; no U+0000; every code shown is a character
    the font has a glyph for (so no .notdef is ever painted)."""
    with pikepdf.open(_pdf(built, accessible, brief, audience)) as pdf:
        for page in pdf.pages:
            maps: dict[str, tuple[dict[int, str], set[int]]] = {}
            for name, font in page.Resources.Font.items():
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor, font.BaseFont
                cmap = font.ToUnicode.read_bytes().decode("ascii")
                pairs = re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", cmap)
                assert all(int(u, 16) != 0 for _, u in pairs), f"{font.BaseFont} maps to U+0000"
                codes = {int(c, 16): chr(int(u, 16)) for c, u in pairs}
                maps[name] = (codes, _covered(str(font.BaseFont)))
            current: tuple[dict[int, str], set[int]] = ({}, set())
            for op, _, operands in _operations(page):
                if op == "Tf":
                    current = maps[str(operands[0])]
                elif op in ("Tj", "'", '"'):
                    codes, glyphs = current
                    shown = bytes(operands[-1])
                    missing = [c for c in shown if c not in codes]
                    assert not missing, f"codes {missing} have no character"
                    notdef = [codes[c] for c in shown if ord(codes[c]) not in glyphs]
                    assert not notdef, f"{notdef} have no glyph: .notdef painted"


# -- opting out, and the claim -------------------------------------------------------------


def test_no_tags_writes_an_untagged_pdf(project: Project, tmp_path: Path) -> None:
    paths = build(project, SHIPPED, ["principal"], ["pdf"], tmp_path, tagged=False)
    with pikepdf.open(paths[0]) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert "/MarkInfo" not in pdf.Root
        for page in pdf.pages:
            assert all(op != "BDC" for op, _, _ in _operations(page))


def test_cli_no_tags_flag(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefgen.cli import main

    args = ["build", str(SHIPPED), "-f", "pdf", "-a", "principal", "-o", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--no-tags"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(next(tmp_path.glob("*.pdf"))) as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def test_a_block_the_tagger_does_not_know_drops_the_pdfua_claim(project: Project) -> None:
    document = project.document(project.read(SHIPPED), "principal")
    tagger = pdf_tags.Tagger(document.meta)
    fonts = pdf_fonts.register(document.style)
    renderer = pdf_writer._Renderer(document, fonts, Notes(), None)
    story = [renderer.flowable(block) for block in document.blocks]
    # A paragraph block drawn by a flowable of a shape the tagger has no rule for.
    blocks = (model.Paragraph((model.Span("x"),)), *document.blocks[1:])
    pdf_tags.tag_story(tagger, blocks, story)
    assert not tagger.complete
    assert b"pdfuaid" not in pdf_structure.xmp(document.meta, claim=tagger.complete)
    assert b"<pdfuaid:part>1</pdfuaid:part>" in pdf_structure.xmp(document.meta, claim=True)


@pytest.mark.client
def test_tagging_changes_nothing_on_the_page(
    project: Project, tmp_path: Path, client: Callable[[str], str]
) -> None:
    """Marks, artifacts and line-end spaces are invisible: every page renders the same."""
    pages: dict[bool, list[bytes]] = {}
    for tagged in (True, False):
        out = tmp_path / str(tagged)
        (path,) = build(project, ACCESSIBLE, ["staff"], ["pdf"], out, tagged=tagged)
        subprocess.run([client("pdftoppm"), "-r", "40", str(path), str(out / "p")], check=True)
        pages[tagged] = [p.read_bytes() for p in sorted(out.glob("p-*.ppm"))]
    assert len(pages[True]) >= 4
    assert pages[True] == pages[False]


@pytest.mark.client
@pytest.mark.parametrize("audience", AUDIENCES)
def test_qpdf_checks_the_tagged_test_brief(
    accessible, audience: str, client: Callable[[str], str]
) -> None:
    result = subprocess.run(
        [client("qpdf"), "--check", str(accessible[audience])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.client
def test_links_and_citations_are_inline_elements_with_their_words(
    project: Project, accessible, client: Callable[[str], str]
) -> None:
    out = subprocess.run(
        [client("pdfinfo"), "-struct-text", str(accessible["staff"])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    inline = re.findall(r'^\s*(Link|Reference) \(inline\)\n\s*"(.*)"', out, flags=re.MULTILINE)
    links = [words.strip() for kind, words in inline if kind == "Link"]
    words = [link for link in links if not link.isdigit()]  # digits: note marks' links
    assert words[:2] == ["Power of Siberia", "ministry's page"]
    document = project.document(project.read(ACCESSIBLE), "staff")
    cites = [
        str(item.number)
        for part in _inlines(document.blocks)
        for item in part
        if isinstance(item, model.Cite)
    ]
    # A mark with a footnote holds the Link to its note; one without, just the number.
    references = re.findall(
        r'^\s*Reference \(inline\)\n(?:\s*Link \(inline\)\n)?\s*"(.*)"', out, flags=re.MULTILINE
    )
    assert references == cites


def _inlines(blocks: tuple[model.Block, ...]) -> Iterator[model.Inlines]:
    for block in blocks:
        match block:
            case model.Title(text, subtitle):
                yield from (text, subtitle)
            case model.HeaderFields(fields):
                yield from (value for _, value in fields)
            case model.Heading(_, text) | model.Paragraph(text):
                yield text
            case model.BulletList(items):
                yield from items
            case model.Callout(_, children):
                yield from _inlines(children)
            case model.Table(caption, header, rows, _, note):
                yield caption
                for row in (header, *rows):
                    yield from row
                yield note
            case model.Chart(caption=caption, note=note):
                yield from (caption, note)


def test_a_character_without_a_glyph_drops_the_pdfua_claim(project: Project) -> None:
    """A character no bundled font has prints as a .notdef box: no PDF/UA claim then."""
    import io

    document = project.document(project.read(ACCESSIBLE), "staff")
    for words, claimed in (("plain words", True), ("\U0001f600", False)):
        blocks = (*document.blocks, model.Paragraph((model.Span(words),)))
        data = pdf_writer.render(model.Document(document.meta, blocks))
        with pikepdf.open(io.BytesIO(data)) as pdf:
            xmp = pdf.Root.Metadata.read_bytes()
            assert (b"<pdfuaid:part>1</pdfuaid:part>" in xmp) is claimed, words
            assert "/StructTreeRoot" in pdf.Root  # still tagged, just not claiming
