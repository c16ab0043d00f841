"""Read built files back the way their readers do: text, structure, metadata."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from pypdf import PdfReader

from briefgen import model


def pdf_pages(path: Path, layout: bool = False) -> list[str]:
    """Text of each page, as pdftotext reads it (pypdf where poppler is missing).

    Reading order by default (a wrapped table cell stays together); ``layout`` keeps each
    printed line on its own line (banners top and bottom)."""
    if shutil.which("pdftotext"):
        args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
        text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    """All visible text, words joined by single spaces (line breaks do not matter)."""
    return " ".join(" ".join(pdf_pages(path)).split())


def pdf_body_text(path: Path) -> str:
    """The text of the pages' content only, words joined by single spaces: no banners, page
    numbers or footnotes, so a paragraph broken across pages reads as one. briefgen draws
    the furniture after the content, so in drawing order (``pdftotext -raw``) each page's
    content ends where its top banner, repeated at the bottom, begins."""
    if shutil.which("pdftotext"):
        raw = subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = raw.split("\f")
    else:  # pypdf reads in drawing order too
        pages = [page.extract_text() or "" for page in PdfReader(path).pages]
    bodies = []
    for page in pages:
        lines = page.splitlines()
        footer = next(
            (i for i, line in enumerate(lines) if re.search(r"\bPage \d+ of \d+$", line)), None
        )
        if footer is not None:
            lines = lines[: footer - 1]  # the top banner line sits just before the footer's
        bodies.append(" ".join(lines))
    text = " ".join(" ".join(bodies).split())
    # Drawing order sets a superscript note mark apart ("interests 1 ."): rejoin it.
    return re.sub(r"(?<=\S) (\d{1,3}) (?=[.,;:!?)])", r"\1", text)


def pdf_metadata(path: Path) -> dict[str, str]:
    info = PdfReader(path).metadata or {}
    return {str(k): str(v) for k, v in info.items()}


def pdf_outline(path: Path) -> list[str]:
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))  # type: ignore[attr-defined]

    walk(PdfReader(path).outline)
    return titles


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style, text) for every body paragraph, including those inside tables, in order."""
    document = docx.Document(str(path))
    body = document.element.body
    found = []
    for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        paragraph = docx.text.paragraph.Paragraph(p, document)
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        text = "".join(
            "\t" if node.tag == f"{w}tab" else node.text or ""
            for node in p.iter(f"{w}t", f"{w}tab")
            if node.getparent().tag == f"{w}r"  # a run's tab, not a paragraph's tab stop
        )
        if text.strip():
            found.append((paragraph.style.name if paragraph.style else "", text))
    return found


def docx_text(path: Path) -> str:
    return " ".join(" ".join(text for _, text in docx_paragraphs(path)).split())


def docx_xml_parts(path: Path) -> dict[str, str]:
    """Every XML part of the package, as text (body, headers, footers, properties…)."""
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def dump_model(document: model.Document) -> str:
    """A stable, readable text form of a Document, for golden files."""
    lines = [f"meta: {document.meta!r}"]

    def inl(text: model.Inlines) -> str:
        out = []
        for item in text:
            if isinstance(item, model.Cite):
                out.append(f"[^{item.number}:{item.source_id}]")
                continue
            piece = item.text
            if item.bold:
                piece = f"**{piece}**"
            if item.italic:
                piece = f"*{piece}*"
            if item.href:
                piece = f"[{piece}]<{item.href}>"
            out.append(piece)
        return "".join(out)

    for block in document.blocks:
        match block:
            case model.Title(text, subtitle):
                lines.append(f"Title: {inl(text)} | {inl(subtitle)}")
            case model.HeaderFields(fields):
                lines += [f"Field {label}: {inl(value)}" for label, value in fields]
            case model.Heading(level, text):
                lines.append(f"H{level}: {inl(text)}")
            case model.Paragraph(text):
                lines.append(f"P: {inl(text)}")
            case model.BulletList(items, ordered):
                lines += [f"{'#' if ordered else '-'} {inl(item)}" for item in items]
            case model.Callout(title, blocks):
                lines.append(f"Callout {title}:")
                for child in blocks:
                    items = child.items if isinstance(child, model.BulletList) else (child.text,)
                    lines += [f"  > {inl(item)}" for item in items]
            case model.DecisionLine(options):
                lines.append("Decision: " + " / ".join(options))
            case model.Table(caption, header, rows, align, note):
                lines.append(f"Table: {inl(caption)} align={','.join(align)}")
                for row in (header, *rows):
                    lines.append("  | " + " | ".join(inl(c) for c in row))
                if note:
                    lines.append(f"  note: {inl(note)}")
            case model.Chart(kind, caption, alt, categories, series, unit, note):
                lines.append(f"Chart {kind}: {inl(caption)} unit={unit!r}")
                lines.append(f"  alt: {alt}")
                lines.append("  categories: " + " | ".join(categories))
                lines += [f"  series {s.name}: {s.values}" for s in series]
                if note:
                    lines.append(f"  note: {inl(note)}")
            case model.RiskMatrix(caption, rows, columns, cells, bands, legend):
                lines.append(f"RiskMatrix: {inl(caption)} columns={','.join(columns)}")
                for row, marks, shades in zip(rows, cells, bands, strict=True):
                    shown = " | ".join(
                        f"{','.join(m) or '-'}:{b}" for m, b in zip(marks, shades, strict=True)
                    )
                    lines.append(f"  {row}: {shown}")
                lines += [f"  {mark}: {inl(title)}" for mark, title in legend]
    lines += [f"Note {note.number}: {inl(note.text)}" for note in document.notes]
    return "\n".join(lines) + "\n"


def pdf_links(path: Path) -> list[str]:
    """Every link target (URI actions) on every page."""
    targets = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def is_struct_element(obj: object) -> bool:
    """A structure element as a reader finds one: a dictionary with a structure type (/S)
    whose /Type, optional, says StructElem if present (marked-content and object
    references in /K say MCR and OBJR)."""
    import pikepdf

    return (
        isinstance(obj, pikepdf.Dictionary)
        and "/S" in obj
        and obj.get("/Type", pikepdf.Name.StructElem) == pikepdf.Name.StructElem
    )


def pdf_raw_strings(path: Path) -> str:
    """The file's bytes with streams inflated: whatever any reader could dig out of it."""
    reader = PdfReader(path)
    parts = []
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            parts.append(contents.get_data().decode("latin-1"))
    parts.append(path.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def haystacks(pdf: Path | None, docx: Path | None) -> dict[str, str]:
    """Everywhere text of a product can end up, by name: PDF text, metadata, outline, link
    targets and raw content; every XML part of the DOCX; the file names."""
    found: dict[str, str] = {}
    if pdf is not None:
        found |= {
            "pdf text": pdf_text(pdf),
            "pdf metadata": " ".join(pdf_metadata(pdf).values()),
            "pdf outline": " ".join(pdf_outline(pdf)),
            "pdf links": " ".join(pdf_links(pdf)),
            "pdf file": pdf_raw_strings(pdf),
            "pdf name": pdf.name,
        }
    if docx is not None:
        for name, xml in docx_xml_parts(docx).items():
            found[f"docx {name}"] = html.unescape(xml)
        found["docx text"] = docx_text(docx)
        found["docx name"] = docx.name
    return found


def libreoffice_pdf(
    soffice: str, docs: list[Path], folder: Path
) -> subprocess.CompletedProcess[str]:
    """Convert ``docs`` to PDF with LibreOffice headless into ``folder / "lo"``, using a
    private profile in ``folder`` (parallel runs must not share one)."""
    return subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "lo"),
            *map(str, docs),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
