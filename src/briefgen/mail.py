"""An audience's memo as an email: subject, body and attachments, from its Document only.

The subject (marking, subject, product) and the body (bottom line and recommendations, with
decision lines where the memo has them) are read off the audience's
:class:`~briefgen.model.Document` — what that audience's memo itself shows — never off the
outline, so an email carries nothing its attachment does not. Every header value is checked
by :mod:`briefgen.mailcheck` first, and the finished message is parsed back and compared
with what was meant before anyone sees it.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email import message_from_bytes
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from . import backends
from .build import Project, output_name, within_budget, write_atomic
from .errors import BuildError
from .mailcheck import InvalidHeader, check_address, check_subject, safe_filename
from .model import (
    Block,
    BulletList,
    Callout,
    Cite,
    DecisionLine,
    Document,
    Heading,
    Inlines,
    Paragraph,
    Span,
    plain,
)

MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class Envelope:
    """Who a message is from and for; addresses already checked."""

    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...] = ()

    @property
    def recipients(self) -> list[str]:
        return [a.addr_spec for a in (*self.to, *self.cc)]


def subject_line(document: Document, subject: str | None = None) -> str:
    """``[INTERNAL] Loosening the alignment — decision memo``: the audience's marking, the
    subject its memo shows (or ``subject`` if given) and what the product is."""
    meta = document.meta
    label = meta.label
    if label[:1].isupper() and not label[1:2].isupper():
        label = label[0].lower() + label[1:]
    text = check_subject(subject if subject is not None else meta.subject)
    line = f"[{meta.banner}] {text}" + (f" — {label}" if label else "")
    return check_subject(line)


# --- body -----------------------------------------------------------------------------------


def _sections(document: Document) -> tuple[tuple[str, list[Block]], ...]:
    """The bottom line (the first callout) and the blocks under the Recommendations heading."""
    bottom: tuple[str, list[Block]] | None = None
    recommendations: list[Block] = []
    state, level = "before", 0  # before → inside → after the Recommendations section
    for block in document.blocks:
        if isinstance(block, Callout) and bottom is None:
            bottom = (block.title, list(block.blocks))
            continue
        if state == "inside" and isinstance(block, Heading) and block.level <= level:
            state = "after"  # the next section of the same rank or higher ends it
        if state == "inside":
            recommendations.append(block)
        elif (
            state == "before"
            and isinstance(block, Heading)
            and plain(block.text).strip().casefold() == "recommendations"
        ):
            state, level = "inside", block.level
    found = [bottom] if bottom else []
    if recommendations:
        found.append(("Recommendations", recommendations))
    return tuple(found)


def _text(inlines: Inlines) -> str:
    parts = []
    for item in inlines:
        if isinstance(item, Cite):
            parts.append(f"[{item.number}]")
        elif item.href and item.href not in (item.text, f"mailto:{item.text}"):
            parts.append(f"{item.text} <{item.href}>")
        else:
            parts.append(item.text)
    return " ".join("".join(parts).split())


def _html(inlines: Inlines) -> str:
    parts = []
    for item in inlines:
        if isinstance(item, Cite):
            parts.append(f"<sup>[{item.number}]</sup>")
            continue
        out = html.escape(item.text)
        if item.italic:
            out = f"<em>{out}</em>"
        if item.bold:
            out = f"<strong>{out}</strong>"
        if isinstance(item, Span) and item.href:
            out = f'<a href="{html.escape(item.href, quote=True)}">{out}</a>'
        parts.append(out)
    return "".join(parts)


def _decision(block: DecisionLine) -> str:
    return "   ".join(f"{option} ____" for option in block.options)


def _text_blocks(blocks: Iterable[Block]) -> Iterable[str]:
    for block in blocks:
        match block:
            case Paragraph(text=text):
                yield _text(text)
            case BulletList(items=items, ordered=ordered):
                marks = (f"{n}." if ordered else "-" for n in range(1, len(items) + 1))
                yield "\n".join(f"{m} {_text(item)}" for m, item in zip(marks, items, strict=True))
            case DecisionLine():
                yield _decision(block)
            case Heading(text=text):
                yield _text(text).upper()
            case _:
                pass  # tables and the rest stay in the attachment


def _html_blocks(blocks: Iterable[Block]) -> Iterable[str]:
    for block in blocks:
        match block:
            case Paragraph(text=text):
                yield f"<p>{_html(text)}</p>"
            case BulletList(items=items, ordered=ordered):
                tag = "ol" if ordered else "ul"
                rows = "".join(f"<li>{_html(item)}</li>" for item in items)
                yield f"<{tag}>{rows}</{tag}>"
            case DecisionLine():
                yield f"<p><strong>{html.escape(_decision(block))}</strong></p>"
            case Heading(text=text):
                yield f"<h3>{_html(text)}</h3>"
            case _:
                pass


def body(document: Document, attached: Sequence[str]) -> tuple[str, str]:
    """The plain-text and HTML bodies: marking, what the memo is, its bottom line and its
    recommendations, the names of the attached files, the marking again."""
    meta = document.meta
    heading = f"{meta.label}: {meta.subject}" if meta.label else meta.subject
    note = "Attached: " + ", ".join(attached) if attached else ""
    text = [meta.banner, heading]
    markup = [
        f'<p style="text-align:center;font-weight:bold">{html.escape(meta.banner)}</p>',
        f"<h2>{html.escape(heading)}</h2>",
    ]
    for title, blocks in _sections(document):
        text += [title.upper(), *_text_blocks(blocks)]
        markup += [f"<h3>{html.escape(title)}</h3>", *_html_blocks(blocks)]
    if note:
        text.append(note)
        markup.append(f"<p><em>{html.escape(note)}</em></p>")
    text.append(meta.banner)
    markup.append(markup[0])
    lang = html.escape(meta.language, quote=True)
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(heading)}</title></head>\n<body>\n"
        + "\n".join(markup)
        + "\n</body>\n</html>\n"
    )
    return "\n\n".join(text) + "\n", page


# --- message --------------------------------------------------------------------------------


def message(
    document: Document,
    envelope: Envelope,
    attachments: Sequence[Attachment],
    *,
    subject: str | None = None,
    draft: bool = True,
) -> EmailMessage:
    """The whole message; ``draft`` marks it ``X-Unsent: 1`` so mail clients open it to send."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = subject_line(document, subject)
    if envelope.sender is not None:
        msg["From"] = envelope.sender
    if envelope.to:
        msg["To"] = envelope.to
    if envelope.cc:
        msg["Cc"] = envelope.cc
    msg["Date"] = format_datetime(_now())
    domain = envelope.sender.domain if envelope.sender else "briefgen.invalid"
    msg["Message-ID"] = make_msgid(domain=domain)
    if draft:
        msg["X-Unsent"] = "1"
    names = [a.filename for a in attachments]
    text, page = body(document, names)
    msg.set_content(text, subtype="plain", cte="quoted-printable")
    msg.add_alternative(page, subtype="html", cte="quoted-printable")
    for item in attachments:
        maintype, subtype = item.mime.split("/")
        name = safe_filename(item.filename)
        msg.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=name)
        # The name on Content-Type too, as mail programs write it, for readers that look there.
        *_, part = msg.iter_attachments()
        part.set_param("name", name)
    return msg


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).astimezone()


def serialize(msg: EmailMessage) -> bytes:
    """The message as it goes on disk or the wire (CRLF lines), parsed back and checked:
    exactly the headers that were set, with the values that were set, and nothing more."""
    # Python's header folding can lose a space beside some non-ASCII text when it folds at
    # 78 columns; RFC 5322 allows lines of up to 998, so a header that does not survive the
    # usual folding is written again with room enough not to fold.
    for policy in (email.policy.SMTP, email.policy.SMTP.clone(max_line_length=998)):
        data = msg.as_bytes(policy=policy)  # sets the multipart boundary on first use
        want = [(k.lower(), str(v)) for k, v in msg.items()]
        back = message_from_bytes(data, policy=email.policy.default)
        if [(k.lower(), str(v)) for k, v in back.items()] == want:
            return data
    raise BuildError("the message does not read back as written; refusing to use it")


def attachments_of(back: EmailMessage) -> list[tuple[str, str, bytes]]:
    """(file name, content type, bytes) of each attachment of a parsed message."""
    found = []
    for part in back.iter_attachments():
        if not isinstance(part, EmailMessage):
            continue
        content = part.get_content()
        data = content if isinstance(content, bytes) else str(content).encode()
        found.append((part.get_filename() or "", part.get_content_type(), data))
    return found


# --- one audience's email, end to end -------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """Everything ``briefgen email`` needs, built in memory before anything is written."""

    message: EmailMessage
    data: bytes  # the serialized message, checked
    memos: tuple[tuple[Path, bytes], ...]  # the attached files and where they belong
    eml: Path  # where the draft goes


def prepare(
    project: Project,
    brief: Path,
    audience: str,
    formats: Sequence[str],
    out: Path,
    envelope: Envelope,
    *,
    subject: str | None = None,
    draft: bool = True,
) -> Prepared:
    """Build ``audience``'s memos in ``formats`` and the message that carries them."""
    outline = project.read(brief)
    # The attached memo is held to the audience's page budget, as a build is.
    _, document, pdf, _ = within_budget(project, outline, audience)
    memos = []
    for fmt in formats:
        data = pdf if fmt == "pdf" and pdf is not None else backends.get(fmt).render(document)
        memos.append((out / output_name(outline, audience, fmt), data))
    attachments = [
        Attachment(path.name, data, MIME_TYPES[fmt])
        for (path, data), fmt in zip(memos, formats, strict=True)
    ]
    try:
        msg = message(document, envelope, attachments, subject=subject, draft=draft)
    except InvalidHeader as exc:
        raise BuildError(f"{brief}: {audience}: {exc}") from None
    eml = out / output_name(outline, audience, "eml")
    return Prepared(msg, serialize(msg), tuple(memos), eml)


def distribution(project: Project, audience: str) -> tuple[Address, ...]:
    """The audience's distribution list (``distribution`` in its ``audience.yaml``), checked."""
    profile = project.profiles[audience]
    return tuple(
        _listed(value, f"templates/{audience}/audience.yaml: distribution[{i}]")
        for i, value in enumerate(profile.distribution)
    )


def _listed(value: str, where: str) -> Address:
    try:
        return check_address(value, where)
    except InvalidHeader as exc:
        raise BuildError(str(exc)) from None


def write(prepared: Prepared, *, eml: bool) -> list[Path]:
    """Write the memos that are missing or differ from the fresh build, then the draft if
    ``eml``; each atomically. Return the paths written."""
    written = []
    targets = list(prepared.memos) + ([(prepared.eml, prepared.data)] if eml else [])
    if targets:
        try:
            targets[0][0].parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            where = targets[0][0].parent
            raise BuildError(f"{where}: cannot create the output folder: {exc.strerror}") from None
    for path, data in targets:
        try:
            if path.suffix != ".eml" and path.is_file() and path.read_bytes() == data:
                continue  # already the fresh build
            write_atomic(path, data)
        except OSError as exc:
            raise BuildError(f"{path}: cannot write: {exc.strerror}") from None
        written.append(path)
    return written
