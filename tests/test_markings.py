"""Marking schemes, effective levels, header-field levels, portion marks, banners, watermarks."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import model
from briefgen.build import Project, build
from briefgen.errors import BuildError, InvalidInput

from .readback import docx_xml_parts, pdf_metadata, pdf_pages, pdf_text

BRIEF = """\
title: A title
date: 2026-11-30
author: Ann Author
subject: A subject
sensitivity: {default}
{extra}
summary:
  - {{text: Bottom line public, sensitivity: {low}}}
  - Bottom line at the default level
"""


def write(tmp_path: Path, default: str = "internal", low: str = "public", extra: str = "") -> Path:
    path = tmp_path / "brief.yaml"
    path.write_text(BRIEF.format(default=default, low=low, extra=extra), encoding="utf-8")
    return path


def test_shipped_schemes(project: Project) -> None:
    assert project.schemes["default"].names == ["public", "internal", "confidential"]
    tlp = project.schemes["tlp"]
    assert [level.banner for level in tlp.levels] == [
        "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED",
    ]
    assert tlp.banner_align == "right"
    government = project.schemes["government"]
    assert [government.mark(n) for n in government.names] == ["(U)", "(CUI)", "(C)", "(S)"]
    assert government.portion_marks


def test_brief_chooses_its_scheme_and_only_its_levels(project: Project, tmp_path: Path) -> None:
    outline = project.read(write(tmp_path, "amber", "clear", "marking: tlp"))
    assert project.scheme_of(outline).name == "tlp"
    with pytest.raises(InvalidInput) as caught:
        project.read(write(tmp_path, "internal", "clear", "marking: tlp"))
    assert "sensitivity: unknown level 'internal'" in str(caught.value)
    with pytest.raises(InvalidInput) as caught:
        project.read(write(tmp_path, extra="marking: tpl"))
    assert ":6:10: marking: unknown scheme 'tpl'" in str(caught.value)
    assert "did you mean 'tlp'" in str(caught.value)


@pytest.mark.parametrize(
    "label",
    [
        "Confidential",           # case
        "CONFIDENTIAL",
        '" confidential"',        # whitespace
        '"confidential "',
        "confidentiaI",           # capital I for l
        "соnfidential",           # Cyrillic о and с
        '"confidential\\u200b"',  # zero-width space
        '"\\ufeffconfidential"',  # zero-width no-break space
    ],
)
def test_label_tricks_fail_closed(project: Project, tmp_path: Path, label: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        project.read(write(tmp_path, default=label))
    assert "sensitivity: unknown level" in str(caught.value)


def test_a_brief_without_a_default_level_is_an_error(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text().replace("sensitivity: internal\n", ""), encoding="utf-8")
    with pytest.raises(InvalidInput, match="sensitivity: required field is missing"):
        project.read(path)


def test_unknown_audience_name_is_an_error(project: Project, tmp_path: Path) -> None:
    extra = "key_judgments:\n  - {text: A judgment, audiences: {exclude: [Public]}}"
    with pytest.raises(InvalidInput, match="unknown audience 'Public'"):
        project.read(write(tmp_path, extra=extra))


def test_effective_level_own_then_section_then_default(project: Project, tmp_path: Path) -> None:
    extra = textwrap.dedent("""\
        release_title: Released
        sections: {recommendations: confidential, key_judgments: public}
        recommendations:
          - Inherits the section's level
          - {action: Sets its own, sensitivity: public}
        key_judgments:
          - A public judgment by its section
        background:
          - heading: Default level section
            bullets: [Inherits internal from its section]
        """)
    outline = project.read(write(tmp_path, extra=extra))
    public = project.select(outline, "public")
    assert [r.action for r in public.outline.recommendations] == ["Sets its own"]
    assert [j.text for j in public.outline.key_judgments] == ["A public judgment by its section"]
    assert public.outline.background == ()
    reasons = {w.path: (w.level, w.reason) for w in public.withheld}
    assert reasons["recommendations[0]"] == (
        "confidential", "level confidential above clearance"
    )
    staff = project.select(outline, "staff")
    levels = [r.sensitivity for r in staff.outline.recommendations]
    assert levels == ["confidential", "public"]  # resolved for templates
    assert staff.outline.background[0].bullets[0].sensitivity == "internal"
    assert staff.marking == "confidential"


def test_header_levels_and_release_title(project: Project, tmp_path: Path) -> None:
    # A title cleared for release needs no release title, even in an internal brief.
    outline = project.read(write(tmp_path, extra="title_sensitivity: public\n"
                                 "subject_sensitivity: public"))
    public = project.select(outline, "public")
    assert public.outline.title == "A title" and public.outline.subject == "A subject"
    assert public.marking == "public"
    # A subject above the clearance needs the release title; without one, the build fails.
    outline = project.read(write(tmp_path, extra="title_sensitivity: public"))
    with pytest.raises(BuildError, match=r"the subject is at level 'internal'.*release_title"):
        project.select(outline, "public")
    outline = project.read(write(tmp_path, extra="release_title: Released\n"
                                 "title_sensitivity: confidential"))
    staff = project.select(outline, "staff")
    assert staff.outline.title == "A title" and staff.marking == "confidential"
    public = project.select(outline, "public")
    assert public.outline.title == "Released" and public.outline.subject == "Released"


def test_audience_without_clearance_in_the_scheme_fails_closed(
    project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "templates" / "partners"
    folder.mkdir(parents=True)
    (folder / "audience.yaml").write_text(
        "description: Partners.\nlabel: Partner brief\nclearance: internal\n"
        "sections: [summary]\ntemplate: ../staff/memo.md.j2\n",
        encoding="utf-8",
    )
    custom = Project.load(user=tmp_path / "templates")
    outline = custom.read(write(tmp_path, "amber", "clear", "marking: tlp"))
    with pytest.raises(BuildError, match="no clearance in the marking scheme 'tlp'"):
        custom.select(outline, "partners")


def test_portion_marks_on_every_portion(project: Project, tmp_path: Path) -> None:
    from .sentinel import write as sentinel

    brief = sentinel(project.schemes["government"], tmp_path)
    outline = project.read(brief)
    document = project.document(outline, "staff")
    marks = ("(U) ", "(CUI) ", "(C) ", "(S) ")
    checked = 0
    for block in document.blocks:
        texts: list[model.Inlines] = []
        match block:
            case model.Paragraph(text):
                texts = [text]
            case model.BulletList(items):
                texts = list(items)
            case model.Callout(_, children):
                texts = [c.text for c in children if isinstance(c, model.Paragraph)]
            case model.Table(caption) | model.Chart(caption=caption):
                texts = [caption]
            case model.RiskMatrix(caption=caption):
                texts = [caption]
        for text in texts:
            assert model.plain(text).startswith(marks), model.plain(text)
            checked += 1
    assert checked > 30
    table = next(b for b in document.blocks if isinstance(b, model.Table))
    assert model.plain(table.caption).startswith("(U) Caption")
    chart = next(b for b in document.blocks if isinstance(b, model.Chart))
    assert model.plain(chart.caption).startswith("(U) Chart")
    # The risk matrix names every threat shown: it is marked at the highest of them.
    matrix = next(b for b in document.blocks if isinstance(b, model.RiskMatrix))
    assert model.plain(matrix.caption).startswith("(S) ")
    # Marks are off by default in the default scheme.
    plain_doc = project.document(project.read(write(tmp_path)), "staff")
    assert "(I)" not in str(plain_doc.blocks)


def test_a_template_that_forgets_a_mark_fails(project: Project, tmp_path: Path) -> None:
    user = tmp_path / "templates"
    (user / "staff").mkdir(parents=True)
    (user / "staff" / "memo.md.j2").write_text(
        "::: title\n{{ brief.title }}\n:::\n\n{% for p in brief.summary %}\n{{ p.text }}\n\n"
        "{% endfor %}\n",
        encoding="utf-8",
    )
    custom = Project.load(user=user)
    brief = write(tmp_path, "cui", "unclassified", "marking: government")
    with pytest.raises(BuildError, match="portion marks are on, but a paragraph has none"):
        custom.document(custom.read(brief), "staff")


def test_tlp_banner_right_aligned_in_pdf_and_docx(project: Project, tmp_path: Path) -> None:
    brief = write(tmp_path, "amber", "clear", "marking: tlp\nrelease_title: Released")
    paths = build(project, brief, ["staff", "public"], ["pdf", "docx"], tmp_path / "out")
    staff_pdf = next(p for p in paths if p.name.endswith("staff.pdf"))
    lines = [line for line in pdf_pages(staff_pdf, layout=True)[0].splitlines() if line.strip()]
    # Right-aligned: the banner ends the first and the last line, after a wide gap.
    assert lines[0].rstrip().endswith("TLP:AMBER") and lines[0].startswith(" " * 40)
    assert lines[-1].rstrip().endswith("TLP:AMBER")
    public_pdf = next(p for p in paths if p.name.endswith("public.pdf"))
    assert "TLP:CLEAR" in pdf_text(public_pdf)
    # The roll-up marking is in the metadata too.
    assert pdf_metadata(staff_pdf)["/Marking"] == "TLP:AMBER"
    assert pdf_metadata(public_pdf)["/Marking"] == "TLP:CLEAR"
    parts = docx_xml_parts(next(p for p in paths if p.name.endswith("staff.docx")))
    header = next(v for k, v in parts.items() if k.startswith("word/header"))
    assert '<w:jc w:val="right"/>' in header and "TLP:AMBER" in header
    # In TLP 2.0's colours: amber on black.
    assert '<w:color w:val="FFC000"/>' in header and 'w:fill="000000"' in header


def test_watermark_in_pdf_and_docx(project: Project, tmp_path: Path) -> None:
    user = tmp_path / "templates"
    (user / "staff").mkdir(parents=True)
    profile = (Path(__file__).parent.parent / "templates" / "staff" / "audience.yaml").read_text()
    (user / "staff" / "audience.yaml").write_text(
        profile + "watermark: PRE-DECISIONAL / DELIBERATIVE\n", encoding="utf-8"
    )
    custom = Project.load(user=user)
    paths = build(custom, write(tmp_path), ["staff"], ["pdf", "docx"], tmp_path / "out")
    pdf, docx = sorted(paths, key=lambda p: p.suffix, reverse=True)
    # Drawn diagonally: pypdf reads it back whole, in the page's text.
    assert "PRE-DECISIONAL / DELIBERATIVE" in PdfReader(pdf).pages[0].extract_text()
    header = next(v for k, v in docx_xml_parts(docx).items() if k.startswith("word/header"))
    assert 'string="PRE-DECISIONAL / DELIBERATIVE"' in header
    assert 'id="PowerPlusWaterMarkObject1"' in header  # Word's own watermark shape


def test_distribution_list(project: Project, tmp_path: Path) -> None:
    user = tmp_path / "templates"
    (user / "public").mkdir(parents=True)
    profile = (Path(__file__).parent.parent / "templates" / "public" / "audience.yaml").read_text()
    (user / "public" / "audience.yaml").write_text(
        profile + "distribution: [Press Office <press@example.org>, Library of Congress]\n",
        encoding="utf-8",
    )
    custom = Project.load(user=user)
    brief = write(tmp_path, extra="release_title: Released")
    paths = build(custom, brief, ["public"], ["pdf"], tmp_path / "out")
    text = pdf_text(paths[0])
    assert "Distribution • Press Office • Library of Congress" in text
    assert "press@example.org" not in text  # names, not addresses


def test_sections_levels_are_checked(project: Project, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        project.read(write(tmp_path, extra="sections: {recomendations: confidential, "
                                         "threats: secret}"))
    message = str(caught.value)
    assert "sections.recomendations: expected one of 'summary'" in message
    assert "did you mean 'recommendations'?" in message
    assert "sections.threats: unknown level 'secret'" in message
