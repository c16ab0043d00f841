"""Charts (vector, from :mod:`briefgen.charts`) and the risk matrix, as PDF flowables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Circle, Drawing, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ... import charts, glyphs, model

if TYPE_CHECKING:
    from ..pdf_writer import _Renderer

#: Height of a chart, as a share of the text width.
ASPECT = 0.42


def chart(renderer: _Renderer, block: model.Chart) -> Flowable:
    """The chart as reportlab vector graphics, with its caption and note."""
    width = renderer.width
    height = width * ASPECT
    drawing = Drawing(width, height)
    fonts = renderer.fonts
    # The state a drawing falls back to between shapes names a font too: make it ours, or
    # reportlab's default Helvetica would be referenced (unembedded) in the file.
    drawing.initialFontName = fonts.sans
    drawing.initialFontSize = 8.5
    for shape in charts.layout(block, width, height, renderer.style):
        match shape:
            case charts.Box(x, y, w, h, fill):
                drawing.add(Rect(x, y, w, h, fillColor=colors.HexColor(fill), strokeColor=None))
            case charts.Path(points, color, line):
                flat = [v for point in points for v in point]
                drawing.add(PolyLine(flat, strokeColor=colors.HexColor(color), strokeWidth=line))
            case charts.Dot(x, y, radius, fill):
                drawing.add(Circle(x, y, radius, fillColor=colors.HexColor(fill), strokeColor=None))
            case charts.Label(x, y, text, size, anchor, color, bold):
                face = fonts.sans + ("-Bold" if bold else "")
                if glyphs.missing(text, fonts.covered):
                    face = fonts.fallback
                drawing.add(
                    String(
                        x,
                        y,
                        text,
                        fontName=face,
                        fontSize=size,
                        fillColor=colors.HexColor(color),
                        textAnchor=anchor,
                    )
                )
    drawing.hAlign = "LEFT"
    return renderer.figure(block.caption, drawing, block.note)


def risk_matrix(renderer: _Renderer, block: model.RiskMatrix) -> Flowable:
    """Likelihood rows × impact columns, cells shaded by band, marks in the cells, a legend."""
    style = renderer.style
    cell = renderer.styles["Table Text"]
    head = renderer.styles["Table Heading"]

    def p(text: str, base: Any = cell) -> Paragraph:
        return Paragraph(renderer.fonts.markup(text), base)

    centred = renderer.aligned("Table Text", "center")
    corner = p("Likelihood \u2193 / impact \u2192", head)
    rows: list[list[Any]] = [[corner, *(p(c.capitalize(), head) for c in block.columns)]]
    for label, marks in zip(block.rows, block.cells, strict=True):
        rows.append([p(label.capitalize(), head), *(p(", ".join(m), centred) for m in marks)])
    first = 1.9 * inch
    other = (renderer.width - first) / len(block.columns)
    table = Table(rows, colWidths=[first] + [other] * len(block.columns), repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.serif),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), renderer.shade),
        ("BACKGROUND", (0, 0), (0, -1), renderer.shade),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, bands in enumerate(block.bands, 1):
        for c, band in enumerate(bands, 1):
            fill = colors.HexColor(style.color(f"risk_{band}"))
            commands.append(("BACKGROUND", (c, r), (c, r), fill))
    table.setStyle(TableStyle(commands))
    key = Table(
        [[p(band.capitalize(), centred) for band in ("low", "moderate", "high", "severe")]],
        colWidths=[renderer.width / 4] * 4,
    )
    key.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), renderer.fonts.serif)]
            + [
                ("BACKGROUND", (i, 0), (i, 0), colors.HexColor(style.color(f"risk_{band}")))
                for i, band in enumerate(("low", "moderate", "high", "severe"))
            ]
        )
    )
    legend = Table(
        [[p(mark, head), Paragraph(renderer.markup(title), cell)] for mark, title in block.legend],
        colWidths=[0.45 * inch, renderer.width - 0.45 * inch],
    )
    legend.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.serif),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    key.spaceBefore = 4
    legend.spaceBefore = 4
    body = Table([[table], [key], [legend]], colWidths=[renderer.width])
    body.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.serif),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, -1), 4),
            ]
        )
    )
    return renderer.figure(block.caption, body, ())
