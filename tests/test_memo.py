"""Memo-grade output: fonts for every script, house style, charts, risk matrix, notes, parity."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.build import Project, build
from briefgen.cli import main

from .conftest import AUDIENCES, SHIPPED
from .readback import docx_xml_parts, pdf_body_text, pdf_pages, pdf_text

SCRIPTS = {
    "title": "Trade across the Amur: Владивосток, 黑龙江 and Ελλάδα",
    "summary": "Cyrillic Владивосток, Greek Ελληνικά, Chinese 黑龙江省 and 哈尔滨 in one line.",
}


def _brief(folder: Path, summary: str, extra: str = "") -> Path:
    path = folder / "scripts.yaml"
    path.write_text(
        f'title: "{SCRIPTS["title"]}"\n'
        "date: 2026-11-30\nauthor: Test Author\nsensitivity: public\n"
        f'summary:\n  - "{summary}"\n{extra}',
        encoding="utf-8",
    )
    return path


# --- fonts ------------------------------------------------------------------------------


def test_cyrillic_greek_and_cjk_extract_back_exactly(
    project: Project, tmp_path: Path, client: Callable[[str], str]
) -> None:
    brief = _brief(tmp_path, SCRIPTS["summary"])
    pdf, document = build(project, brief, ["public"], ["pdf", "docx"], tmp_path / "out")
    text = subprocess.run(
        [client("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert SCRIPTS["summary"] in text
    for word in ("Владивосток,", "黑龙江", "Ελλάδα"):
        assert word in text
    fonts = subprocess.run(
        [client("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = fonts.splitlines()[2:]
    assert any("DroidSansFallback" in row for row in rows), fonts
    assert all(row.split()[-5] == "yes" for row in rows), fonts
    # The DOCX keeps the text and hints Word to an East-Asian font for the Chinese runs.
    body = docx_xml_parts(document)["word/document.xml"]
    assert "黑龙江省" in body
    hinted = re.findall(r'<w:rFonts [^>]*w:hint="eastAsia"[^>]*/>', body)
    assert hinted and all('w:eastAsia="' in h for h in hinted)


def test_uncovered_character_fails_naming_field_and_character(tmp_path: Path) -> None:
    brief = _brief(tmp_path, "A hieroglyph 𓀀 no bundled font has.")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(brief), "-a", "public", "-o", str(out)])
    assert result.exit_code == 1
    assert re.fullmatch(
        r".*scripts\.yaml:6:5: summary\[0\]\.text: no bundled font can draw '𓀀' \(U\+13000\);"
        r".*--allow-missing-glyphs.*\n",
        result.stderr,
    ), result.stderr
    assert not out.exists()
    allowed = CliRunner().invoke(
        main, ["build", str(brief), "-a", "public", "-o", str(out), "--allow-missing-glyphs"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert len(allowed.stdout.splitlines()) == 2


# --- house style ------------------------------------------------------------------------


def test_logo_on_first_page_of_both_formats(built) -> None:
    for audience in AUDIENCES:
        reader = PdfReader(built[(audience, "pdf")])
        first = reader.pages[0]["/Resources"].get("/XObject", {})
        assert len(first) == 1, audience  # the logo, and no other picture
        for page in reader.pages[1:]:
            assert not page["/Resources"].get("/XObject"), audience
        body = docx_xml_parts(built[(audience, "docx")])["word/document.xml"]
        first = re.search(r"<w:p>.*?</w:p>", body.split("<w:body>")[1])
        assert first is not None
        # In the first paragraph, so on page 1 only; anchored to the page, taking no room.
        assert 'descr="Meridian Policy Institute logo"' in first.group(0)
        assert '<wp:positionV relativeFrom="page">' in first.group(0)
        assert body.count('descr="Meridian Policy Institute logo"') == 1


def test_docx_is_a_clean_base_document(built) -> None:
    path = built[("staff", "docx")]
    names = zipfile.ZipFile(path).namelist()
    for stale in ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/item1.xml"):
        assert stale not in names
    parts = docx_xml_parts(path)
    everything = "".join(parts.values())
    assert "python-docx" not in everything and "2013" not in everything
    assert "<Application>briefgen</Application>" in parts["docProps/app.xml"]
    styles = {s.name for s in docx.Document(str(path)).styles}
    for name in (
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Body Text",
        "List Bullet",
        "List Number",
        "Caption",
        "Table Grid",
        "Hyperlink",
        "Footnote Text",
    ):
        assert name in styles, name
    section = docx.Document(str(path)).sections[0]
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)
    assert section.left_margin.inches == section.top_margin.inches == 1


# --- tables, charts, notes ----------------------------------------------------------------


def test_chart_is_vector_in_pdf_and_crisp_picture_with_alt_in_docx(project: Project, built) -> None:
    chart = project.read(SHIPPED).charts[0]
    pdf = built[("staff", "pdf")]
    text = pdf_text(pdf)
    assert "China–Russia trade, actual and official target" in text
    for label in ("US$ billion a year", "1999 (actual)", "2024 (target)", "5.7", "200"):
        assert label in text
    images = sum(len(page["/Resources"].get("/XObject", {})) for page in PdfReader(pdf).pages)
    assert images == 1  # only the logo: the chart is drawn, not pasted

    path = built[("staff", "docx")]
    document = docx.Document(str(path))
    body = docx_xml_parts(path)["word/document.xml"]
    assert f'descr="{" ".join(chart.alt.split())}"' in body
    picture = next(s for s in document.inline_shapes)
    blob = document.part.related_parts[
        picture._inline.graphic.graphicData.pic.blipFill.blip.embed
    ].blob
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(blob))
    assert image.width / picture.width.inches >= 200  # pixels per printed inch
    assert "China–Russia trade, actual and official target" in body


def test_line_chart_from_a_brief(project: Project, tmp_path: Path) -> None:
    extra = (
        "charts:\n  - id: growth\n    kind: line\n    caption: Growth\n"
        "    alt: Line chart of growth, 1 to 3.\n    categories: [a, b, c]\n"
        "    series:\n      - {name: One, values: [1, 2, 3]}\n"
        "      - {name: Two, values: [-1, 0.5, 2.25]}\n"
    )
    brief = _brief(tmp_path, "Short.", extra)
    pdf, document = build(project, brief, ["staff"], ["pdf", "docx"], tmp_path / "out")
    text = pdf_text(pdf)
    for label in ("Growth", "One", "Two", "2.25", "-1"):
        assert label in text
    assert 'descr="Line chart of growth, 1 to 3."' in docx_xml_parts(document)["word/document.xml"]


def test_chart_series_must_match_categories(project: Project, tmp_path: Path) -> None:
    extra = (
        "charts:\n  - id: c\n    kind: bar\n    caption: C\n    alt: A.\n"
        "    categories: [a, b]\n    series:\n      - {name: S, values: [1]}\n"
    )
    result = CliRunner().invoke(
        main, ["build", str(_brief(tmp_path, "Short.", extra)), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "charts[0]: series 'S' has 1 values for 2 categories" in result.stderr


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_risk_matrix_for_staff_only(built, fmt: str) -> None:
    from .test_build import _text

    staff = _text(built[("staff", fmt)])
    assert "Threats by likelihood and impact" in staff
    assert "Likelihood ↓ / impact →" in staff
    for word in ("Almost certain", "Roughly even chance", "Almost no chance", "Severe"):
        assert word in staff
    assert "T1 Pressure on two fronts at once" in staff
    for audience in ("public", "principal"):
        assert "Threats by likelihood" not in _text(built[(audience, fmt)])


def test_risk_matrix_cells_and_shading(project: Project) -> None:
    document = project.document(project.read(SHIPPED), "staff")
    from briefgen.model import RiskMatrix

    matrix = next(b for b in document.blocks if isinstance(b, RiskMatrix))
    cell = {
        mark: (matrix.rows[r], matrix.columns[c], matrix.bands[r][c])
        for r, row in enumerate(matrix.cells)
        for c, marks in enumerate(row)
        for mark in marks
    }
    assert cell["T1"] == ("likely", "severe", "severe")
    assert cell["T3"] == ("likely", "moderate", "high")
    assert cell["T5"] == ("roughly even chance", "severe", "severe")
    assert matrix.bands[-1][0] == "low"


def test_citations_are_numbered_notes_in_both_formats(project: Project, built) -> None:
    path = built[("staff", "docx")]
    parts = docx_xml_parts(path)
    notes = parts["word/footnotes.xml"]
    references = re.findall(
        r'<w:footnoteReference w:customMarkFollows="1" w:id="(\d+)"/><w:t>(\d+)</w:t>',
        parts["word/document.xml"],
    )
    outline = project.read(SHIPPED)
    cited = sum(1 for s in _all_text(outline) for _ in re.finditer(r"\[@hawn-2020\]", s))
    assert len(references) == cited
    assert {mark for _, mark in references} == {"1"}  # the source's number in the list
    for note_id, _ in references:
        assert f'w:id="{note_id}"' in notes
    assert notes.count("Sino-Russian Partnership Gains Momentum") == cited
    assert "document.xml.rels" in " ".join(parts)
    assert "relationships/footnotes" in parts["word/_rels/document.xml.rels"]
    # The PDF: the same superscript numbers, and the sources list as the notes at the end.
    body = pdf_body_text(built[("staff", "pdf")])
    assert "core interests1." in body and "Chinese settlement1." in body
    assert re.search(r"Sources 1\. Jeff Hawn, The Sino-Russian Partnership", body)
    # …each mark a link to its note, at the foot of the mark's page, as Word sets footnotes.
    reader = PdfReader(built[("staff", "pdf")])
    for page in reader.pages:
        links = [a.get_object() for a in page.get("/Annots", None) or []]
        for link in (a for a in links if "/Dest" in a):
            target = link["/Dest"][0].get_object()
            assert target == page.get_object()  # the note is on the mark's own page
            assert link["/Dest"][3] < 1.5 * 72  # …at its foot
    internal = sum(
        "/Dest" in a.get_object() for p in reader.pages for a in p.get("/Annots", None) or []
    )
    assert internal == cited
    for page in pdf_pages(built[("staff", "pdf")]):
        marks = len(re.findall(r"(?<=[\w\"”)])1\.", page.split("Sources")[0]))
        assert page.count("Jeff Hawn, The Sino-Russian Partnership Gains Momentum (2020).") == (
            marks
        ), page


def _all_text(outline: object) -> list[str]:
    from briefgen.outline import texts

    return [t for _, t in texts(outline)]  # type: ignore[arg-type]


def test_table_header_repeats_and_numbers_align_right(built) -> None:
    body = docx_xml_parts(built[("staff", "docx")])["word/document.xml"]
    assert '<w:tblHeader w:val="true"/>' in body
    assert re.search(r'<w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:sz w:val="21"/>', body)


# --- checks on the finished files ----------------------------------------------------------


def test_sizes_of_the_shipped_brief(built) -> None:
    """The default, tagged PDF/UA file within 80 KB, structure tree and all; the DOCX
    within 25 KB."""
    for audience in AUDIENCES:
        assert built[(audience, "pdf")].stat().st_size <= 80 * 1024, audience
        assert built[(audience, "docx")].stat().st_size <= 25 * 1024, audience


def _drawn_codes(page: pikepdf.Page) -> dict[str, set[int]]:
    """The character codes each font resource of ``page`` draws (q/Q keep the font)."""
    font, saved = "", []
    drawn: dict[str, set[int]] = {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append(font)
        elif op == "Q":
            font = saved.pop()
        elif op == "Tf":
            font = str(operands[0])
        elif op in ("Tj", "'", '"', "TJ"):
            strings = operands[0] if op == "TJ" else [operands[-1]]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    drawn.setdefault(font, set()).update(bytes(item))
    return drawn


def _font_tables(program: bytes) -> dict[bytes, bytes]:
    count = struct.unpack_from(">H", program, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", program, 12 + 16 * i)
        tables[tag] = program[offset : offset + length]
    return tables


def test_embedded_fonts_hold_only_what_is_drawn(built) -> None:
    """Each subset maps, measures and embeds the characters the file draws with it (and the
    space), no more; its name table keeps the font's notices; streams are binary."""
    with pikepdf.open(built[("staff", "pdf")]) as pdf:
        drawn: dict[str, set[int]] = {}
        fonts: dict[str, pikepdf.Dictionary] = {}
        for page in pdf.pages:
            for name, codes in _drawn_codes(page).items():
                drawn.setdefault(name, set()).update(codes)
            fonts |= {str(k): v for k, v in page.Resources.Font.items()}
        assert len(fonts) >= 5
        for name, font in fonts.items():
            cmap = font.ToUnicode.read_bytes().decode("ascii")
            pairs = re.findall(r"^<([0-9A-F]{2})> <[0-9A-F]{4,}>$", cmap, re.M)
            mapped = {int(code, 16) for code in pairs}
            assert drawn[name] <= mapped, name
            assert mapped - drawn[name] <= {32}, (name, sorted(mapped - drawn[name]))
            assert int(font.FirstChar) == min(mapped) and int(font.LastChar) == max(mapped)
            assert len(font.Widths) == int(font.LastChar) - int(font.FirstChar) + 1
            tables = _font_tables(font.FontDescriptor.FontFile2.read_bytes())
            glyphs = struct.unpack_from(">H", tables[b"maxp"], 4)[0]
            # .notdef, one glyph a character, and the few parts of composite glyphs.
            assert glyphs <= len(mapped) + 4, (name, glyphs, len(mapped))
            assert not {b"fpgm", b"prep", b"cvt "} & tables.keys()
            names = tables[b"name"]
            count, strings = struct.unpack_from(">HH", names, 2)
            records = {}
            for i in range(count):
                platform, _, _, name_id, length, offset = struct.unpack_from(
                    ">6H", names, 6 + 12 * i
                )
                assert platform == 3
                text = names[strings + offset : strings + offset + length]
                records[name_id] = text.decode("utf-16-be")
            assert sorted(records) == [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]
            assert "Copyright" in records[0] and "Open Font License" in records[13]
            assert str(font.BaseFont).endswith(records[6])
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                filters = obj.get("/Filter", pikepdf.Array())
                assert "/ASCII85Decode" not in [str(f) for f in filters]


@pytest.mark.client
@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_text_outside_margins_and_no_empty_page(
    project: Project, built, audience: str, client: Callable[[str], str], tmp_path: Path
) -> None:
    pdf = built[(audience, "pdf")]
    html = tmp_path / "bbox.html"
    subprocess.run([client("pdftotext"), "-bbox", str(pdf), str(html)], check=True)
    page = project.style.page
    width, height = (v * 72 for v in page.inches)
    left, right = page.margins.left * 72, width - page.margins.right * 72
    top, bottom = page.margins.top * 72, height - page.margins.bottom * 72
    document = project.document(project.read(SHIPPED), audience)
    furniture = {*document.meta.banner.split(), *document.meta.label.split(), "Page", "of"}
    pages = html.read_text(encoding="utf-8").split("<page ")[1:]
    assert pages
    for number, markup in enumerate(pages, 1):
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            markup,
        )
        content = 0
        for x0, y0, x1, y1, word in words:
            box = tuple(float(v) for v in (x0, y0, x1, y1))
            where = f"{audience} page {number}: {word!r} at {box}"
            assert left - 0.5 <= box[0] and box[2] <= right + 0.5, where
            if box[1] >= top - 0.5 and box[3] <= bottom + 0.5:
                content += 1
            else:  # in the top or bottom margin: only the banners and the page footer
                assert word in furniture or word.isdigit(), where
                assert box[1] >= 0.25 * 72 and box[3] <= height - 0.25 * 72, where
        assert content > 20, f"{audience} page {number} is (nearly) empty"


@pytest.mark.client
def test_libreoffice_page_count_matches_briefgen(built, libreoffice_pdfs: dict[str, Path]) -> None:
    for audience in AUDIENCES:
        ours = len(pdf_pages(built[(audience, "pdf")]))
        theirs = len(pdf_pages(libreoffice_pdfs[audience]))
        assert theirs == ours, f"{audience}: LibreOffice {theirs} pages, briefgen {ours}"
    assert len(pdf_pages(built[("principal", "pdf")])) == 1


_IMPORTS = """
import sys
from pathlib import Path
from briefgen.build import Project, build
build(Project.load(), Path(sys.argv[1]), ["public"], [sys.argv[2]], Path(sys.argv[3]))
print(" ".join(sorted(m for m in ("PIL", "reportlab", "reportlab.graphics") if m in sys.modules)))
"""


@pytest.mark.parametrize(
    ("chart", "fmt", "loaded", "not_loaded"),
    [
        (False, "docx", set(), {"PIL", "reportlab"}),
        (True, "docx", {"PIL"}, {"reportlab"}),  # the chart's picture; still no reportlab
        (False, "pdf", {"reportlab"}, {"reportlab.graphics"}),
        (True, "pdf", {"reportlab.graphics"}, set()),
    ],
)
def test_chart_libraries_load_only_for_a_chart(
    tmp_path: Path, chart: bool, fmt: str, loaded: set[str], not_loaded: set[str]
) -> None:
    extra = (
        "charts:\n  - id: c\n    kind: bar\n    caption: C\n    alt: A.\n"
        "    categories: [a]\n    series:\n      - {name: S, values: [1]}\n"
        if chart
        else ""
    )
    brief = _brief(tmp_path, "Short.", extra)
    result = subprocess.run(
        [sys.executable, "-c", _IMPORTS, str(brief), fmt, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(result.stdout.split())
    assert loaded <= modules and not modules & not_loaded, modules


def test_accepting_missing_glyphs_is_never_a_default(tmp_path: Path) -> None:
    brief = _brief(tmp_path, "A hieroglyph 𓀀 no bundled font has.")
    (tmp_path / "briefgen.toml").write_text("[build]\nallow-missing-glyphs = true\n")
    result = CliRunner().invoke(main, ["build", str(brief), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "allow-missing-glyphs: give --allow-missing-glyphs on the command line only" in (
        result.stderr
    )
    (tmp_path / "briefgen.toml").unlink()
    result = CliRunner().invoke(
        main,
        ["build", str(brief), "-o", str(tmp_path / "o")],
        env={"BRIEFGEN_BUILD_ALLOW_MISSING_GLYPHS": "1"},
    )
    assert result.exit_code == 1 and "U+13000" in result.stderr


@pytest.mark.parametrize("audience", AUDIENCES)
def test_headings_keep_with_what_follows(
    project: Project, built, audience: str, client: Callable[[str], str]
) -> None:
    """No page ends with a heading: at least a line of what it heads follows it there."""
    raw = subprocess.run(
        [client("pdftotext"), "-raw", str(built[(audience, "pdf")]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    from briefgen.model import Heading, plain

    document = project.document(project.read(SHIPPED), audience)
    headings = {plain(b.text) for b in document.blocks if isinstance(b, Heading)}
    for number, page in enumerate(raw.split("\f")[:-1], 1):
        lines = [line for line in page.splitlines() if line.strip()]
        footer = next(i for i, line in enumerate(lines) if re.search(r"Page \d+ of", line))
        body = lines[: footer - 1]
        assert body and body[-1] not in headings, f"{audience} page {number} ends with a heading"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_metadata_and_language(project: Project, built, audience: str) -> None:
    document = project.document(project.read(SHIPPED), audience)
    reader = PdfReader(built[(audience, "pdf")])
    info = reader.metadata or {}
    assert info["/Subject"] == document.meta.subject
    assert info.get("/Keywords", "") == ", ".join(document.meta.keywords)
    assert reader.trailer["/Root"]["/Lang"] == document.meta.language


def test_file_dates_come_from_the_brief_or_source_date_epoch(
    project: Project, built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = PdfReader(built[("public", "pdf")]).metadata or {}
    assert info["/CreationDate"].startswith("D:20261130120000")
    core = docx.Document(str(built[("public", "docx")])).core_properties
    assert core.created is not None and core.created.isoformat().startswith("2026-11-30T12:00:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    first = build(project, SHIPPED, ["public"], ["pdf", "docx"], tmp_path / "a")
    second = build(project, SHIPPED, ["public"], ["pdf", "docx"], tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
    info = PdfReader(first[0]).metadata or {}
    assert info["/CreationDate"].startswith("D:20231114221320")
    core = docx.Document(str(first[1])).core_properties
    assert core.modified is not None and core.modified.isoformat().startswith("2023-11-14T22:13:20")


def test_every_picture_has_alt_text(built) -> None:
    for audience in AUDIENCES:
        parts = docx_xml_parts(built[(audience, "docx")])
        pictures = re.findall(r"<wp:docPr [^>]*>", "".join(parts.values()))
        assert pictures, audience
        for picture in pictures:
            assert re.search(r'descr="[^"]+"', picture), picture


def test_page_size_margins_and_fonts_come_from_the_style_file(tmp_path: Path) -> None:
    import shutil

    from .conftest import ROOT

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    style = templates / "_styles" / "house.yaml"
    text = style.read_text(encoding="utf-8")
    text = text.replace("size: letter", "size: a4").replace(
        "margins: {top: 1, bottom: 1, left: 1, right: 1}",
        "margins: {top: 0.8, bottom: 0.8, left: 1.2, right: 1.2}",
    )
    style.write_text(text.replace("word: Times New Roman", "word: Tinos"), encoding="utf-8")
    project = Project.load(templates)
    pdf, document = build(project, SHIPPED, ["public"], ["pdf", "docx"], tmp_path / "out")
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    section = docx.Document(str(document)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.inches, 2) == 1.2
    assert round(section.top_margin.inches, 2) == 0.8
    assert 'w:ascii="Tinos"' in docx_xml_parts(document)["word/styles.xml"]


def test_check_reports_an_uncovered_character_as_an_error(tmp_path: Path) -> None:
    brief = _brief(tmp_path, "A hieroglyph 𓀀 no bundled font has.")
    result = CliRunner().invoke(main, ["check", str(brief)])
    assert result.exit_code == 1
    assert "scripts.yaml:6:5: error: summary[0].text: no bundled font can draw '𓀀'" in (
        result.stderr
    )


def test_too_many_notes_for_one_page_is_a_clear_error(tmp_path: Path) -> None:
    sources = "".join(
        f"  - id: s{i}\n    title: Source {i} with a title long enough to fill its note line\n"
        f"    author: Author {i}\n"
        for i in range(60)
    )
    claims = " ".join(f"Claim {i} [@s{i}]." for i in range(60))
    brief = _brief(tmp_path, claims, f"sources:\n{sources}")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(brief), "-a", "public", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        "briefgen: public: the notes cited on page 1 would take more than half of it; "
        "cite fewer sources in one place\n"
    )
    assert not out.exists()


def test_a_block_taller_than_a_page_continues_on_the_next(tmp_path: Path) -> None:
    # The bottom-line box (like a header field or a table cell) splits across pages: a
    # valid brief always builds (docs/brief-format.md, Limits).
    sentence = "The partnership deepens while both capitals hedge. "
    brief = _brief(tmp_path, sentence * 120)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(brief), "-a", "public", "-o", str(out)])
    assert result.exit_code == 0, result.output
    [pdf] = [p for p in out.iterdir() if p.suffix == ".pdf"]
    assert len(pdf_pages(pdf)) >= 2
    assert pdf_body_text(pdf).count(sentence.strip()) == 120
