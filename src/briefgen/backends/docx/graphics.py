"""Charts (a 300 dpi image of the shapes :mod:`briefgen.charts` lays out) and the risk matrix,
as DOCX content. Pillow, which reportlab already depends on, is imported only for a chart."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt

from ... import charts, glyphs, model
from ...resources import FONTS
from .tables import borders, cell_margins, repeat_header, shade, tight, widths

if TYPE_CHECKING:
    from ..docx_writer import _Writer

DPI = 200  # crisp in print; the shapes are straight, so no smoothing is needed
ASPECT = 0.42  # the same proportions as in the PDF


def _png(block: model.Chart, width: float, height: float, writer: _Writer) -> bytes:
    """Paint the chart's shapes (``width`` × ``height`` points) into a PNG at :data:`DPI`."""
    from PIL import Image, ImageDraw, ImageFont

    style = writer.style
    scale = DPI / 72
    size = (round(width * scale), round(height * scale))
    image = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(image)
    covered = glyphs.house(style)
    fonts: dict[tuple[float, bool, bool], ImageFont.FreeTypeFont] = {}

    def font(points: float, bold: bool, fallback: bool) -> ImageFont.FreeTypeFont:
        key = (points, bold, fallback)
        if key not in fonts:
            face = style.fonts.sans.files + ("-Bold" if bold else "-Regular")
            path = FONTS / (style.fonts.fallback.file if fallback else f"{face}.ttf")
            fonts[key] = ImageFont.truetype(str(path), round(points * scale))
        return fonts[key]

    def at(x: float, y: float) -> tuple[float, float]:
        return x * scale, (height - y) * scale  # PDF points, origin bottom left → pixels

    for shape in charts.layout(block, width, height, style):
        match shape:
            case charts.Box(x, y, w, h, fill):
                left, top = at(x, y + h)
                right, bottom = at(x + w, y)
                pen.rectangle((left, top, right, bottom), fill=fill)
            case charts.Path(points, color, line):
                pen.line([at(*p) for p in points], fill=color, width=max(1, round(line * scale)))
            case charts.Dot(x, y, radius, fill):
                cx, cy = at(x, y)
                r = radius * scale
                pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
            case charts.Label(x, y, text, points, anchor, color, bold):
                face = font(points, bold, bool(glyphs.missing(text, covered)))
                where = {"start": "ls", "middle": "ms", "end": "rs"}[anchor]
                pen.text(at(x, y), text, font=face, fill=color, anchor=where)
    buffer = io.BytesIO()
    # A 16-colour palette keeps the file small: the chart has a handful of colours, and
    # anti-aliased text needs only a few shades between each and the white page. The fast
    # octree method and plain compression take a tenth of the time of median cut and
    # PNG optimisation, for a file a tenth larger.
    palette = image.quantize(16, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def chart(writer: _Writer, block: model.Chart) -> None:
    """Caption, the chart as a picture with alt text, note."""
    width = writer.text_width * 72
    writer.caption(block.caption)
    paragraph = writer.add_paragraph("Body Text")
    paragraph.paragraph_format.keep_with_next = bool(block.note)
    paragraph.paragraph_format.line_spacing = 1.0  # an exact line height would crop it
    data = _png(block, width, width * ASPECT, writer)
    writer.picture(paragraph, data, writer.text_width, block.alt)
    writer.note(block.note)
    writer.spacer()


# rPr children that must follow w:shd (ECMA-376 order).
_AFTER_RUN_SHD = (
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _shade_run(run: Any, fill: str) -> None:
    """Shade one run's background (python-docx has no API for run shading)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#"))
    run._r.get_or_add_rPr().insert_element_before(shd, *_AFTER_RUN_SHD)


def risk_matrix(writer: _Writer, block: model.RiskMatrix) -> None:
    """Likelihood rows × impact columns, cells shaded by band, then a band key and legend."""
    style = writer.style
    writer.caption(block.caption)
    size = Pt(style.styles.table.size)
    table = writer.doc.add_table(rows=1 + len(block.rows), cols=1 + len(block.columns))
    table.style = writer.doc.styles["Table Grid"]
    first = 1.9
    other = (writer.text_width - first) / len(block.columns)
    widths(table, [first] + [other] * len(block.columns))
    repeat_header(table.rows[0])
    cell_margins(table, 1, 2)
    line = style.styles.table.line
    white = ("single", 4, "#ffffff")
    borders(
        table._tbl.tblPr,
        "w:tblBorders",
        **{side: white for side in ("top", "left", "bottom", "right", "insideH", "insideV")},
    )
    header = ["Likelihood \u2193 / impact \u2192", *(c.capitalize() for c in block.columns)]
    texts = [header] + [
        [label.capitalize(), *(", ".join(m) for m in marks)]
        for label, marks in zip(block.rows, block.cells, strict=True)
    ]
    for r, (row, values) in enumerate(zip(table.rows, texts, strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            tight(cell, line)
            paragraph = cell.paragraphs[0]
            run = writer.run(paragraph, value)
            run.font.size = size
            if r == 0 or c == 0:
                run.bold = True
                run.font.name = style.fonts.sans.word
                shade(cell, style.colors.shade)
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                shade(cell, style.color(f"risk_{block.bands[r - 1][c - 1]}"))
    # The band key and the legend are paragraphs, not tables: Word joins adjacent tables
    # into one, which a screen reader would then read as part of the matrix.
    key = writer.paragraph("Body Text")
    key.alignment = WD_ALIGN_PARAGRAPH.CENTER
    key.paragraph_format.space_before = Pt(4)
    for band in ("low", "moderate", "high", "severe"):
        run = writer.run(key, f"\u2002{band.capitalize()}\u2002")
        run.font.size = size
        _shade_run(run, style.color(f"risk_{band}"))
        writer.run(key, "\u2003").font.size = size
    for mark, title in block.legend:
        entry = writer.paragraph("Body Text")
        entry.paragraph_format.left_indent = Inches(0.45)
        entry.paragraph_format.first_line_indent = Inches(-0.45)
        entry.paragraph_format.space_after = Pt(0)
        label = writer.run(entry, mark)
        label.bold = True
        label.font.size = size
        writer.run(entry, "\t").font.size = size
        writer.inlines(entry, title)
        for run in entry.runs:
            run.font.size = size
    writer.spacer()
