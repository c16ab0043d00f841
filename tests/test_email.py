"""``briefgen email`` drafts: read back with Python's email package as a mail client would."""

from __future__ import annotations

import email.policy
import os
import re
import shutil
from email import message_from_bytes
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen.audience import select
from briefgen.build import Project, output_name
from briefgen.cli import main
from briefgen.errors import BuildError
from briefgen.mail import Envelope, distribution, prepare
from briefgen.mailcheck import check_address
from briefgen.model import Document
from briefgen.resources import TEMPLATES

from .conftest import AUDIENCES, SHIPPED
from .expect import item_texts, items, plain, raw_runs, shallow

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DRAFT_HEADERS = ["Subject", "To", "Date", "Message-ID", "X-Unsent", "MIME-Version", "Content-Type"]


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["email", *args], env=env)


def parse(data: bytes) -> EmailMessage:
    msg = message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return " ".join(str(part.get_content()).split())  # type: ignore[attr-defined]


def body_html(msg: EmailMessage) -> str:
    part = msg.get_body(("html",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def expected_subject(document: Document) -> str:
    label = document.meta.label
    return f"[{document.meta.banner}] {document.meta.subject} — {label[0].lower()}{label[1:]}"


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("audience", AUDIENCES)
def test_draft_for_each_audience(project: Project, tmp_path: Path, audience: str) -> None:
    out = tmp_path / "out"
    result = run(
        str(SHIPPED), "-a", audience, "--to", "Chief of Staff <chief@example.org>",
        "--cc", "desk@example.org", "--attach", "pdf,docx", "-o", str(out),
    )
    assert result.exit_code == 0, result.output
    outline = project.read(SHIPPED)
    document = project.document(outline, audience)
    names = [output_name(outline, audience, fmt) for fmt in ("pdf", "docx", "eml")]
    assert result.stdout.split() == [str(out / n) for n in names]
    assert files(out) == sorted(names)

    msg = parse((out / names[2]).read_bytes())
    # Exactly the expected headers, each with the expected value.
    assert list(msg.keys()) == ["Subject", "To", "Cc", *DRAFT_HEADERS[2:]]
    assert msg["Subject"] == expected_subject(document)
    assert msg["To"] == "Chief of Staff <chief@example.org>"
    assert msg["Cc"] == "desk@example.org"
    assert msg["X-Unsent"] == "1"
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "multipart/mixed"
    assert parsedate_to_datetime(msg["Date"]).tzinfo is not None
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith(">")
    assert msg.defects == [] and all(not part.defects for part in msg.walk())

    # Attachments: byte-identical to the files written, with the right types and names.
    parts = list(msg.iter_attachments())
    assert [(p.get_filename(), p.get_content_type()) for p in parts] == [
        (names[0], "application/pdf"),
        (names[1], DOCX),
    ]
    for part, name in zip(parts, names, strict=False):
        assert part.get_content() == (out / name).read_bytes()
        assert part.get_content_disposition() == "attachment"
        assert part.get_param("name") == name


@pytest.mark.parametrize("audience", AUDIENCES)
def test_body_repeats_bottom_line_and_recommendations(
    project: Project, tmp_path: Path, audience: str
) -> None:
    result = run(str(SHIPPED), "-a", audience, "--to", "chief@example.org", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    outline = project.read(SHIPPED)
    selection = select(outline, project.profiles[audience], project.scheme)
    msg = parse((tmp_path / output_name(outline, audience, "eml")).read_bytes())
    text, page = body_text(msg), " ".join(body_html(msg).split())
    uncited = " ".join(re.sub(r"\[\d+\]", "", text).split())  # citations as [n] dropped
    for paragraph in selection.outline.summary:
        for piece in item_texts(paragraph):
            assert piece in uncited
    for rec in selection.outline.recommendations:
        assert plain(rec.action) in text
        assert plain(rec.action).replace("'", "&#x27;") in page
    decisions = "Approve ____ Disapprove ____ Discuss ____"
    count = len(selection.outline.recommendations) if audience == "principal" else 0
    assert text.count(decisions) == count
    assert text.startswith(selection.banner) and text.endswith(selection.banner)
    assert output_name(outline, audience, "pdf") in text


@pytest.mark.parametrize("audience", AUDIENCES)
def test_withheld_text_is_nowhere_in_the_email(
    project: Project, tmp_path: Path, audience: str
) -> None:
    result = run(str(SHIPPED), "-a", audience, "--to", "chief@example.org", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    outline = project.read(SHIPPED)
    selection = select(outline, project.profiles[audience], project.scheme)
    hidden = {w.path for w in selection.withheld}
    shown = " ".join(r for _, item in items(selection.outline) for r in raw_runs(shallow(item)))
    msg = parse((tmp_path / output_name(outline, audience, "eml")).read_bytes())
    haystack = " ".join([str(msg["Subject"]), body_text(msg), " ".join(body_html(msg).split())])
    for path, item in items(outline):
        if path in hidden or any(path.startswith(h + ".") for h in hidden):
            for run_ in raw_runs(shallow(item)):
                if run_ not in shown:
                    assert run_ not in haystack, f"{audience}: {path} leaked into the email"
    if audience == "public":
        assert "CONFIDENTIAL" not in haystack and "INTERNAL" not in haystack


BRIEF = """\
title: Renewing the <Northern> Fisheries Agreement
date: 2026-11-30
author: Dana Okafor
subject: {subject}
sensitivity: internal
summary:
  - "Catches <script>alert(1)</script> & quotas \\"shift\\" north; see [the report](https://example.org/?a=1&b=2)."
recommendations:
  - action: Approve the <b>opening</b> position & brief the committee.
    priority: high
"""


def _brief(tmp_path: Path, subject: str = "Fisheries & <quotas>") -> Path:
    path = tmp_path / "fish.yaml"
    path.write_text(BRIEF.format(subject=subject), encoding="utf-8")
    return path


def test_html_body_escapes_everything(tmp_path: Path) -> None:
    brief = _brief(tmp_path)
    result = run(str(brief), "-a", "staff", "--to", "a@example.org", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    msg = parse(next((tmp_path / "o").glob("*.eml")).read_bytes())
    assert msg["Subject"] == "[INTERNAL] Fisheries & <quotas> — analytic brief"
    page = body_html(msg)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; quotas &quot;shift&quot;" in page
    assert '<a href="https://example.org/?a=1&amp;b=2">the report</a>' in page
    assert "Approve the &lt;b&gt;opening&lt;/b&gt; position &amp; brief" in page
    assert "Catches <script>alert(1)</script> & quotas" in body_text(msg)


@pytest.mark.parametrize(
    "subject",
    ['"Fisheries\\r\\nBcc: evil@example.net"', '"Fisheries\\nBcc: evil@example.net"',
     "=?utf-8?q?Fisheries=0D=0ABcc:_evil@example.net?="],
)
def test_brief_subject_injection_is_rejected(tmp_path: Path, subject: str) -> None:
    brief = _brief(tmp_path, subject)
    out = tmp_path / "o"
    result = run(str(brief), "-a", "staff", "--to", "a@example.org", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 1
    # A carriage return is refused when the brief is read (docs: Characters), before mail.
    refused = "subject: character U+000D (carriage return) is not allowed in a brief"
    assert "subject: contains" in result.stderr or refused in result.stderr
    assert "Traceback" not in result.output
    assert files(out) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "chief@example.org\r\nBcc: evil@example.net"],
        ["--to", "chief@example.org, evil@example.net"],
        ["--to", "=?utf-8?q?x=0ABcc:_evil@example.net?= <chief@example.org>"],
        ["--to", "not-an-address"],
        ["--to", "chief@example.org", "--cc", "a@example.org;b@example.org"],
        ["--to", "chief@example.org", "--from", "me@example.org\nBcc: evil@example.net"],
        ["--to", "chief@example.org", "--subject", "Hi\r\nBcc: evil@example.net"],
        ["--to", "chief@example.org", "--subject", "=?utf-8?b?SGkNCkJjYzogZUB4Lm9yZw==?="],
    ],
)
def test_injection_on_the_command_line_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "o"
    result = run(str(SHIPPED), "-a", "principal", *args, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert files(out) == []


def test_subject_option_replaces_the_memo_subject(project: Project, tmp_path: Path) -> None:
    result = run(
        str(SHIPPED), "-a", "principal", "--to", "chief@example.org", "--subject",
        "For Monday", "--from", "Imogen Hartley <ih@example.org>", "-o", str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    msg = parse(next(tmp_path.glob("*.eml")).read_bytes())
    assert list(msg.keys()) == ["Subject", "From", *DRAFT_HEADERS[1:]]
    assert msg["Subject"] == "[CONFIDENTIAL] For Monday — decision memo"
    assert msg["From"] == "Imogen Hartley <ih@example.org>"
    assert msg["Message-ID"].endswith("@example.org>")


def test_dry_run_prints_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = run(str(SHIPPED), "-a", "principal", "--to", "chief@example.org", "--dry-run",
                 "--attach", "all", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert files(out) == []
    text = result.stdout
    assert "Envelope to: chief@example.org" in text
    assert "Subject: [CONFIDENTIAL] Loosening the China–Russia alignment — decision memo" in text
    assert "BOTTOM LINE" in text and "Approve ____" in text
    assert "Attachment: 2026-11-30-sino-russian-partnership-principal.pdf (application/pdf" in text
    assert f"({DOCX}, " in text


def test_size_warning_is_configurable(tmp_path: Path) -> None:
    args = [str(SHIPPED), "-a", "public", "--to", "a@example.org", "-o", str(tmp_path)]
    quiet = run(*args)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    loud = run(*args, "--warn-size", "0.05")
    assert loud.exit_code == 0, loud.output
    assert loud.stderr.startswith("briefgen: warning: the message is 0.")
    assert "over 0.05 MB" in loud.stderr and len(loud.stderr.splitlines()) == 1


def test_memos_are_rebuilt_when_stale_and_kept_when_fresh(project: Project, tmp_path: Path) -> None:
    outline = project.read(SHIPPED)
    pdf = tmp_path / output_name(outline, "staff", "pdf")
    docx = tmp_path / output_name(outline, "staff", "docx")
    args = [str(SHIPPED), "-a", "staff", "--to", "a@example.org", "--attach", "pdf,docx",
            "-o", str(tmp_path)]
    assert run(*args).exit_code == 0
    fresh = pdf.read_bytes()
    pdf.write_bytes(b"%PDF-1.4 an old build")
    os.utime(docx, (1_000_000_000, 1_000_000_000))
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes() == fresh  # stale: rebuilt
    assert docx.stat().st_mtime == 1_000_000_000  # already fresh: left alone
    assert str(docx) not in result.stdout and str(pdf) in result.stdout
    msg = parse(next(tmp_path.glob("*.eml")).read_bytes())
    assert [p.get_content() for p in msg.iter_attachments()] == [fresh, docx.read_bytes()]


def test_no_recipients_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(SHIPPED), "-a", "principal", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "no recipients" in result.stderr
    assert files(tmp_path / "o") == []


def _templates_with(tmp_path: Path, distribution_yaml: str) -> Project:
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES, root)
    profile = root / "principal" / "audience.yaml"
    profile.write_text(profile.read_text() + distribution_yaml, encoding="utf-8")
    return Project.load(root)


def test_distribution_list_is_the_default_recipients(tmp_path: Path) -> None:
    project = _templates_with(
        tmp_path, "distribution:\n  - Chief of Staff <chief@example.org>\n  - desk@example.org\n"
    )
    to = distribution(project, "principal")
    prepared = prepare(project, SHIPPED, "principal", ["pdf"], tmp_path, Envelope(None, to))
    msg = parse(prepared.data)
    assert msg["To"] == "Chief of Staff <chief@example.org>, desk@example.org"
    assert distribution(project, "staff") == ()


def test_bad_distribution_address_names_the_file(tmp_path: Path) -> None:
    project = _templates_with(tmp_path, "distribution: ['a@example.org, evil@example.net']\n")
    with pytest.raises(BuildError, match=r"principal/audience.yaml: distribution\[0\]: "):
        distribution(project, "principal")


def test_reads_back_exactly_as_composed(project: Project, tmp_path: Path) -> None:
    envelope = Envelope(check_address("Zoë <z@example.org>"), (check_address("a@example.org"),))
    prepared = prepare(project, SHIPPED, "staff", ["docx"], tmp_path, envelope, draft=False)
    msg = parse(prepared.data)
    assert "X-Unsent" not in msg
    assert msg["From"] == "Zoë <z@example.org>"
    assert b"\r\n" in prepared.data and b"\n" not in prepared.data.replace(b"\r\n", b"")


@pytest.mark.parametrize("audience", ["nobody", "principal,staff", "all"])
def test_one_known_audience(tmp_path: Path, audience: str) -> None:
    result = run(str(SHIPPED), "-a", audience, "--to", "a@example.org", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "is not a known audience (choose one of principal, public, staff)" in result.stderr
    assert files(tmp_path / "o") == []


def test_body_takes_only_the_bottom_line_and_the_recommendations_section() -> None:
    import datetime as dt

    from briefgen import model
    from briefgen.mail import body

    def t(text: str) -> model.Inlines:
        return (model.Span(text),)

    meta = model.Meta(
        title="T", subject="S", author="A", organization="", keywords=(),
        date=dt.date(2026, 11, 30), language="en", audience="x", label="Memo", banner="PUBLIC",
    )
    blocks: tuple[model.Block, ...] = (
        model.Heading(1, t("Background")),
        model.Paragraph(t("not in the email")),
        model.Heading(1, t("Recommendations")),
        model.Paragraph(t("rec one")),
        model.DecisionLine(),
        model.Heading(2, t("Later")),
        model.BulletList((t("rec two"),), ordered=True),
        model.Heading(1, t("Sources")),
        model.Paragraph(t("not this either")),
        model.Callout("Bottom line", (model.Paragraph(t("the ask")),)),
    )
    text, page = body(model.Document(meta, blocks), ["memo.pdf"])
    assert text == (
        "PUBLIC\n\nMemo: S\n\nBOTTOM LINE\n\nthe ask\n\nRECOMMENDATIONS\n\nrec one\n\n"
        "Approve ____   Disapprove ____   Discuss ____\n\nLATER\n\n1. rec two\n\n"
        "Attached: memo.pdf\n\nPUBLIC\n"
    )
    assert "not in the email" not in page and "not this either" not in page
    assert "<ol><li>rec two</li></ol>" in page


def test_unwritable_output_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    out = blocker / "memos"
    result = run(str(SHIPPED), "-a", "staff", "--to", "a@example.org", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"briefgen: {out}: cannot create the output folder")
    assert len(result.stderr.splitlines()) == 1
    assert files(tmp_path) == ["out"]
