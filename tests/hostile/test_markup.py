"""Classes 1 and 2: markup, entities and template syntax in brief text are data.

Each string goes into a title, a summary paragraph, a recommendation and a table cell, and
must come out as exactly the characters typed, in the PDF (pdftotext and its metadata) and
in the DOCX (its XML), with no link other than the http/https/mailto ones written as
Markdown links. Inline Markdown (``*``, ``_``) is the only markup there is, so the expected
text is the typed text read as inline Markdown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..expect import plain
from ..readback import docx_text, docx_xml_parts, pdf_metadata, pdf_text
from .helpers import run, write

HOSTILE = [
    '<font color="red" size="40">red</font>',
    '<img src="/etc/passwd"/> and <img src="https://example.org/x.png" width="900"/>',
    '<a href="javascript:alert(1)">click</a>',
    '<ondraw name="boom" label="x"/>',
    "<b>never closed and </i> closed twice",
    "<super>1</super><br/><para>x</para><seq id='a'/>",
    "&nbsp; &amp; &#0; &#x41; &lt; &unknown;",
    "AT&T & co < 5 > 2 <3",
    "]]> <!-- comment --> <?xml version='1.0'?> <![CDATA[x]]>",
    "{{ 7*7 }} {% if true %}yes{% endif %} {# hidden #} ${7*7} #{7*7}",
    "{{ ''.__class__.__mro__ }} {{ config }} {{ self }}",
]


def _brief(text: str) -> str:
    quoted = json.dumps(text)  # a JSON string is a YAML double-quoted scalar
    return f"""\
title: {quoted}
date: 2026-11-30
author: Test Author
sensitivity: public
summary:
  - {quoted}
recommendations:
  - action: {quoted}
    owner: {quoted}
tables:
  - id: t
    caption: Cells
    columns: [Cell]
    rows:
      - [{quoted}]
"""


def test_source_url_with_markup_characters_stays_a_link(tmp_path: Path) -> None:
    url = "https://example.org/report_2026*final[1]"
    extra = f'sources:\n  - id: s\n    title: Report\n    url: "{url}"\n'
    brief = _brief("See [@s].").replace("tables:", extra + "tables:")
    result = run(write(tmp_path, brief), "-a", "staff")
    assert result.code == 0, result.stderr
    pdf, docx = (tmp_path / "out" / f"2026-11-30-brief-staff.{ext}" for ext in ("pdf", "docx"))
    assert url in pdf_text(pdf) and url in docx_text(docx)
    assert _uris(pdf) == {url} and _docx_links(docx) == {url}


def _uris(path: Path) -> set[str]:
    found = set()
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                found.add(str(action.get_object().get("/URI")))
    return found


def _docx_links(path: Path) -> set[str]:
    rels = docx_xml_parts(path)["word/_rels/document.xml.rels"]
    return set(re.findall(r'Target="([^"]*)" TargetMode="External"', rels))


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_comes_out_literally(tmp_path: Path, text: str) -> None:
    result = run(write(tmp_path, _brief(text)), "-a", "staff")
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    folded = plain(text)  # inline Markdown applies ('7*7 … 7*' is italics): nothing else
    pdf, docx = (tmp_path / "out" / f"2026-11-30-brief-staff.{ext}" for ext in ("pdf", "docx"))
    pdf_seen, docx_seen = pdf_text(pdf), docx_text(docx)
    for seen in (pdf_seen, docx_seen):
        # title (twice: title and subject), summary, action, owner, cell
        assert seen.count(folded) >= 5, seen
        assert "49" not in seen
    assert pdf_metadata(pdf)["/Title"] == folded
    assert _uris(pdf) == set() and _docx_links(docx) == set()


LINKS = [
    ("[safe](https://example.org/a?b=1&c=2)", "safe", {"https://example.org/a?b=1&c=2"}),
    ("[snake](https://example.org/a_b*c)", "snake", {"https://example.org/a_b*c"}),
    ('[q](https://example.org/"onmouseover=x)', "q", {'https://example.org/"onmouseover=x'}),
    ("[mail](mailto:desk@example.org)", "mail", {"mailto:desk@example.org"}),
    ("[js](javascript:alert)", "js", set()),
    ("[JS](JaVaScRiPt:alert)", "JS", set()),
    ("[data](data:text/html;base64,PGI+)", "data", set()),
    ("[file](file:///etc/passwd)", "file", set()),
    ("[rel](../../secret.pdf)", "rel", set()),
    ("[paren](javascript:alert(1))", "[paren](javascript:alert(1))", set()),
]


@pytest.mark.parametrize(("text", "shown", "links"), LINKS, ids=[c[0] for c in LINKS])
def test_only_web_and_mail_links(tmp_path: Path, text: str, shown: str, links: set[str]) -> None:
    result = run(write(tmp_path, _brief(text)), "-a", "staff")
    assert result.code == 0, result.stderr
    pdf, docx = (tmp_path / "out" / f"2026-11-30-brief-staff.{ext}" for ext in ("pdf", "docx"))
    assert shown in pdf_text(pdf) and shown in docx_text(docx)
    assert _uris(pdf) == links
    escaped = {link.replace("&", "&amp;").replace('"', "&quot;") for link in links}
    assert _docx_links(docx) == escaped
