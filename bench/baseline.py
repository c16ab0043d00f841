"""The floor for this stack: a plain python-docx + reportlab script, no briefgen.

It writes the staff memo of ``briefs/sino-russian-partnership.yaml`` — the same title,
header block, bottom line, sections, threat matrix, table, bar chart, sources, banners and
page numbers — the way a
person would script it by hand: ``yaml.safe_load``, a few regular expressions for bold,
italics and citations, and straight calls into reportlab and python-docx. No validation, no
templates, no audience filtering (staff sees everything). The benchmark compares briefgen
against it, so the ratios measure briefgen's own overhead.

    python bench/baseline.py BRIEF [--format pdf|docx|all] [--out DIR] [--count N]

``--count N`` writes the document(s) N times in one process (for documents per second).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[@([\w.:-]+)\]")


def pieces(text, notes):
    """(text, bold, italic, superscript) runs of one inline-Markdown string."""
    text = " ".join(str(text).split())
    out, last = [], 0
    for m in INLINE.finditer(text):
        if m.start() > last:
            out.append((text[last : m.start()], False, False, False))
        if m.group(1):
            out.append((m.group(1), True, False, False))
        elif m.group(2):
            out.append((m.group(2), False, True, False))
        else:
            out.append((str(notes.get(m.group(3), "")), False, False, True))
        last = m.end()
    out.append((text[last:], False, False, False))
    return [p for p in out if p[0]]


def longdate(value):
    return f"{value.day} {value:%B %Y}"


def sections(brief):
    """The memo's content in reading order, as (kind, payload) pairs."""
    yield "title", (brief["title"], brief.get("subtitle", ""))
    yield "header", [
        ("FOR", brief["for"]),
        ("FROM", brief["from"]),
        ("DATE", longdate(brief["date"])),
        ("SUBJECT", brief["subject"]),
    ]
    yield "callout", [p["text"] for p in brief["summary"]]
    yield "h1", "Key judgments"
    yield "bullets", [
        f"{j['text']} *({j['confidence'].capitalize()} confidence.)*"
        for j in brief["key_judgments"]
    ]
    yield "h1", "Background"
    for s in brief["background"]:
        yield "h2", s["heading"]
        for para in s["text"].split("\n\n"):
            yield "para", para
        yield "bullets", [b["text"] for b in s.get("bullets", [])]
    for name in ("threats", "opportunities"):
        yield "h1", name.capitalize()
        label = (lambda n: f"T{n} ") if name == "threats" else (lambda n: "")
        yield "bullets", [
            f"**{label(n)}{r['title']}.** {r['text']} *Likelihood: {r['likelihood']}; "
            f"impact: {r['impact']}.*"
            for n, r in enumerate(brief[name], 1)
        ]
        if name == "threats":
            yield "h2", "Threats by likelihood and impact"
            yield "matrix", brief["threats"]
    yield "h1", "Recommendations"
    yield "numbered", [
        f"**{r['action']}** {r['rationale']} *Owner: {r['owner']}; timeframe: "
        f"{r['timeframe']}; priority: {r['priority']}.*"
        for r in brief["recommendations"]
    ]
    for t in brief["tables"]:
        yield "table", t
    for c in brief.get("charts", []):
        yield "chart", c
    yield "h1", "Sources"
    yield "numbered", [
        f"{s['author']}, *{s['title']}*, {s['publisher']}, {longdate(s['date'])}. {s['url']}"
        for s in brief["sources"]
    ]


LIKELIHOOD = ["almost certain", "very likely", "likely", "roughly even chance", "unlikely",
              "very unlikely", "almost no chance"]
IMPACT = ["low", "moderate", "high", "severe"]


def matrix_rows(threats):
    """The likelihood × impact grid with each threat's label in its cell."""
    rows = [["Likelihood ↓ / impact →", *(i.capitalize() for i in IMPACT)]]
    for likelihood in LIKELIHOOD:
        row = [likelihood.capitalize()]
        for impact in IMPACT:
            row.append(" ".join(f"T{n}" for n, t in enumerate(threats, 1)
                                if t["likelihood"] == likelihood and t["impact"] == impact))
        rows.append(row)
    return rows


def chart_png(chart, width=900, height=450):
    """A plain bar chart drawn with Pillow, for the DOCX."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    values = chart["series"][0]["values"]
    top = max(values)
    slot = (width - 100) / len(values)
    for n, (label, value) in enumerate(zip(chart["categories"], values, strict=True)):
        x = 80 + n * slot + slot * 0.2
        y = height - 60 - (height - 100) * value / top
        draw.rectangle([x, y, x + slot * 0.6, height - 60], fill=(31, 58, 95))
        draw.text((x, height - 45), f"{label}: {value}", fill="black")
    draw.line([70, height - 60, width - 10, height - 60], fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


BANNER = "CONFIDENTIAL"
LABEL = "Analytic brief"


def write_pdf(brief, notes, path):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        ListFlowable,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    if "Serif" not in pdfmetrics.getRegisteredFontNames():
        for family, stem in (("Serif", "LiberationSerif"), ("Sans", "LiberationSans")):
            for suffix in ("Regular", "Bold", "Italic", "BoldItalic"):
                name = family if suffix == "Regular" else f"{family}-{suffix}"
                pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{stem}-{suffix}.ttf")))
            pdfmetrics.registerFontFamily(
                family, normal=family, bold=f"{family}-Bold", italic=f"{family}-Italic",
                boldItalic=f"{family}-BoldItalic",
            )
    accent = colors.HexColor("#1f3a5f")
    body = ParagraphStyle("body", fontName="Serif", fontSize=12, leading=14.5, spaceAfter=7)
    h1 = ParagraphStyle("h1", body, fontName="Sans-Bold", fontSize=13.5, leading=17,
                        spaceBefore=10, textColor=accent)
    h2 = ParagraphStyle("h2", h1, fontSize=12, leading=15)
    title = ParagraphStyle("title", h1, fontSize=18, leading=22)
    cell = ParagraphStyle("cell", body, fontSize=10.5, leading=13, spaceAfter=0)

    def markup(text):
        out = []
        for piece, bold, italic, sup in pieces(text, notes):
            piece = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            if bold:
                piece = f"<b>{piece}</b>"
            if italic:
                piece = f"<i>{piece}</i>"
            if sup:
                piece = f"<super>{piece}</super>"
            out.append(piece)
        return "".join(out)

    story = []
    for kind, payload in sections(brief):
        if kind == "title":
            story += [Paragraph(markup(payload[0]), title), Paragraph(markup(payload[1]), body)]
        elif kind == "header":
            rows = [[Paragraph(f"<b>{k}:</b>", body), Paragraph(markup(v), body)]
                    for k, v in payload]
            story.append(Table(rows, colWidths=[1.05 * inch, 5.45 * inch]))
        elif kind == "callout":
            box = Table([[[Paragraph(markup(p), body) for p in payload]]], colWidths=[6.5 * inch])
            box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef2f7"))]))
            story.append(box)
        elif kind in ("h1", "h2"):
            story.append(Paragraph(markup(payload), h1 if kind == "h1" else h2))
        elif kind == "para":
            story.append(Paragraph(markup(payload), body))
        elif kind in ("bullets", "numbered"):
            if payload:
                story.append(ListFlowable(
                    [Paragraph(markup(p), body) for p in payload],
                    bulletType="1" if kind == "numbered" else "bullet",
                    bulletFontName="Serif", leftIndent=18,
                ))
        elif kind == "table":
            story.append(Paragraph(markup(payload["caption"]), h2))
            rows = [[Paragraph(markup(c), cell) for c in payload["columns"]]]
            rows += [[Paragraph(markup(c), cell) for c in row] for row in payload["rows"]]
            table = Table(rows, repeatRows=1)
            table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "Serif")]))
            story += [table, Paragraph(markup(payload["note"]), cell), Spacer(0, 6)]
        elif kind == "matrix":
            grid = Table([[Paragraph(markup(c), cell) for c in row]
                          for row in matrix_rows(payload)])
            grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
            story.append(grid)
        elif kind == "chart":
            story.append(Paragraph(markup(payload["caption"]), h2))
            drawing = Drawing(6.5 * inch, 3 * inch)
            bars = VerticalBarChart()
            bars.x, bars.y, bars.width, bars.height = 40, 30, 6.5 * inch - 60, 3 * inch - 50
            bars.data = [payload["series"][0]["values"]]
            bars.categoryAxis.categoryNames = payload["categories"]
            bars.categoryAxis.labels.fontName = bars.valueAxis.labels.fontName = "Sans"
            drawing.add(bars)
            story += [drawing, Paragraph(markup(payload["note"]), cell)]

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Sans-Bold", 10)
        canvas.drawCentredString(LETTER[0] / 2, LETTER[1] - 0.55 * inch, BANNER)
        canvas.drawCentredString(LETTER[0] / 2, 0.45 * inch, BANNER)
        canvas.setFont("Sans", 9)
        canvas.drawString(inch, 0.45 * inch, LABEL)
        canvas.drawRightString(LETTER[0] - inch, 0.45 * inch, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, title=brief["title"],
                            author=brief["author"], initialFontName="Serif")
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    path.write_bytes(buffer.getvalue())


def write_docx(brief, notes, path):
    import docx
    from docx.shared import Inches, Pt

    doc = docx.Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(12)
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.header.paragraphs[0].add_run(BANNER).bold = True
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{LABEL}\t")
    footer.add_run(BANNER).bold = True

    def fill(paragraph, text):
        for piece, bold, italic, sup in pieces(text, notes):
            run = paragraph.add_run(piece)
            run.bold, run.italic = bold or None, italic or None
            run.font.superscript = sup or None
        return paragraph

    for kind, payload in sections(brief):
        if kind == "title":
            fill(doc.add_paragraph(style="Title"), payload[0])
            fill(doc.add_paragraph(style="Subtitle"), payload[1])
        elif kind == "header":
            table = doc.add_table(rows=0, cols=2)
            for label, value in payload:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(f"{label}:").bold = True
                fill(cells[1].paragraphs[0], value)
        elif kind == "callout":
            cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]
            cell.paragraphs[0].add_run("BOTTOM LINE").bold = True
            for p in payload:
                fill(cell.add_paragraph(), p)
        elif kind in ("h1", "h2"):
            fill(doc.add_paragraph(style="Heading 1" if kind == "h1" else "Heading 2"), payload)
        elif kind == "para":
            fill(doc.add_paragraph(style="Body Text"), payload)
        elif kind in ("bullets", "numbered"):
            for item in payload:
                style = "List Number" if kind == "numbered" else "List Bullet"
                fill(doc.add_paragraph(style=style), item)
        elif kind == "table":
            fill(doc.add_paragraph(style="Caption"), payload["caption"])
            table = doc.add_table(rows=1 + len(payload["rows"]), cols=len(payload["columns"]))
            for row, texts in zip(table.rows, [payload["columns"], *payload["rows"]], strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    fill(cell.paragraphs[0], text)
            fill(doc.add_paragraph(style="Caption"), payload["note"])
        elif kind == "matrix":
            rows = matrix_rows(payload)
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = doc.styles["Table Grid"]
            for row, texts in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    cell.paragraphs[0].add_run(text)
        elif kind == "chart":
            fill(doc.add_paragraph(style="Caption"), payload["caption"])
            doc.add_picture(io.BytesIO(chart_png(payload)), width=Inches(6.5))
            fill(doc.add_paragraph(style="Caption"), payload["note"])
    props = doc.core_properties
    props.title, props.author = brief["title"], brief["author"]
    doc.save(str(path))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", type=Path)
    parser.add_argument("--format", default="all", choices=["pdf", "docx", "all"])
    parser.add_argument("--out", type=Path, default=Path("out-baseline"))
    parser.add_argument("--count", type=int, default=1)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for n in range(args.count):
        brief = yaml.safe_load(args.brief.read_text(encoding="utf-8"))
        notes = {s["id"]: i for i, s in enumerate(brief["sources"], 1)}
        stem = args.out / f"baseline-staff-{n}" if args.count > 1 else args.out / "baseline-staff"
        if args.format in ("pdf", "all"):
            write_pdf(brief, notes, stem.with_suffix(".pdf"))
        if args.format in ("docx", "all"):
            write_docx(brief, notes, stem.with_suffix(".docx"))


if __name__ == "__main__":
    main(sys.argv[1:])
