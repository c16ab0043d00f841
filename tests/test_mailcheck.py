"""Header values are checked before Python's email package sees them (it trusts them)."""

from __future__ import annotations

import email.policy
import email.utils
from email import message_from_bytes

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.mail import Attachment, Envelope, message, serialize
from briefgen.mailcheck import (
    MAX_FILENAME,
    InvalidHeader,
    check_address,
    check_subject,
    safe_filename,
)
from briefgen.model import Document, Meta

GOOD_ADDRESSES = {
    "jane@example.org": ("", "jane@example.org"),
    "  jane.doe+briefs@mail.example.org ": ("", "jane.doe+briefs@mail.example.org"),
    "Jane Doe <jane@example.org>": ("Jane Doe", "jane@example.org"),
    '"Jane Doe" <jane@example.org>': ("Jane Doe", "jane@example.org"),
    "Zoë Ådams <zoe@example.org>": ("Zoë Ådams", "zoe@example.org"),
    "J. O'Neil <jon@example.org>": ("J. O'Neil", "jon@example.org"),
}

BAD_ADDRESSES = {
    # CR or LF: a new header line
    "jane@example.org\r\nBcc: evil@example.net": "line break",
    "jane@example.org\nBcc: evil@example.net": "line break",
    "Jane\r\n Doe <jane@example.org>": "line break",
    "jane@example.org\rX": "line break",
    "jane@example.org\x00": "NUL",
    "Jane\x0bDoe <jane@example.org>": "control character",
    "Jane\u2028Doe <jane@example.org>": "control character",
    # RFC 2047 encoded-words decode to something other than what was checked
    "=?utf-8?q?Jane=0D=0ABcc:_evil@example.net?= <jane@example.org>": "encoded-word",
    "=?utf-8?b?SmFuZQ0KQmNjOiBldmlsQGV4YW1wbGUubmV0?= <jane@example.org>": "encoded-word",
    "=?utf-8?q?x?=@example.org": "encoded-word",
    # several addresses smuggled into one
    "jane@example.org, evil@example.net": "one address at a time",
    "jane@example.org; evil@example.net": "one address at a time",
    '"Doe, Jane" <jane@example.org>': "one address at a time",
    "Jane <jane@example.org> <evil@example.net>": "not an email address",
    "jane@example.org <evil@example.net>": "name may not contain",
    "alice@example.org)<bob@evil.example>": "name may not contain",
    "Jane (evil@example.net) <jane@example.org>": "name may not contain",
    "jane@example.org evil@example.net": "not an email address",
    # malformed
    "jane": "not an email address",
    "jane@": "not an email address",
    "@example.org": "not an email address",
    "jane@localhost": "not an email address",
    "jane@exa mple.org": "not an email address",
    "jane..doe@example.org": "not an email address",
    ".jane@example.org": "not an email address",
    "jané@example.org": "not an email address",
    "jane@-example.org": "not an email address",
    "<>": "not an email address",
    "Jane <>": "not an email address",
    "": "not an email address",
    "x" * 65 + "@example.org": "not an email address",
    # a bidi control makes the name read differently from what it is
    "Jane\u202eevil <jane@example.org>": "bidirectional control",
}


@pytest.mark.parametrize("value", GOOD_ADDRESSES)
def test_good_addresses_pass(value: str) -> None:
    address = check_address(value)
    assert (address.display_name, address.addr_spec) == GOOD_ADDRESSES[value]


@pytest.mark.parametrize("value", BAD_ADDRESSES)
def test_bad_addresses_are_rejected(value: str) -> None:
    with pytest.raises(InvalidHeader) as caught:
        check_address(value, "--to")
    message_text = str(caught.value)
    assert message_text.startswith("--to: ")
    assert BAD_ADDRESSES[value] in message_text
    assert "\n" not in message_text and "\r" not in message_text


BAD_SUBJECTS = {
    "Decision\r\nBcc: evil@example.net": "line break",
    "Decision\nBcc: evil@example.net": "line break",
    "Decision\rBcc: evil@example.net": "line break",
    "Decision\x00": "NUL",
    "Decision\x1b[31m": "control character",
    "Decision\u0085Bcc: evil@example.net": "control character",
    "=?utf-8?q?Decision=0D=0ABcc:_evil@example.net?=": "encoded-word",
    "Re: =?UTF-8?B?RGVjaXNpb24NCkJjYzogZXZpbEBleGFtcGxlLm5ldA==?=": "encoded-word",
    "Memo \u202eFDP.exe": "bidirectional control",
    "   ": "is empty",
    "x" * 251: "longer than",
}


@pytest.mark.parametrize("value", BAD_SUBJECTS)
def test_bad_subjects_are_rejected(value: str) -> None:
    with pytest.raises(InvalidHeader, match=BAD_SUBJECTS[value]):
        check_subject(value)


def test_good_subject_is_trimmed_and_kept() -> None:
    assert check_subject("  Loosening the China–Russia alignment = ? yes ") == (
        "Loosening the China–Russia alignment = ? yes"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2026-11-30-brief-principal.pdf", "2026-11-30-brief-principal.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\memo.docx", "memo.docx"),
        ("memo\u202efdp.exe", "memofdp.exe"),
        ("memo\u2066x\u2069.pdf", "memox.pdf"),
        ("re\x00port\r\n.pdf", "report.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("", "attachment"),
        ("../", "attachment"),
    ],
)
def test_attachment_names_are_sanitised(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_attachment_names_keep_their_extension() -> None:
    name = safe_filename("a" * 500 + ".docx")
    assert len(name) == MAX_FILENAME and name.endswith("a.docx")


def _document(subject: str = "Fisheries agreement renewal") -> Document:
    import datetime as dt

    meta = Meta(
        title="T", subject=subject, author="A", organization="", keywords=(),
        date=dt.date(2026, 11, 30), language="en", audience="staff",
        label="Analytic brief", banner="INTERNAL",
    )
    return Document(meta, ())


def test_non_ascii_file_names_use_rfc_2231() -> None:
    name = "2026-11-30-übersicht-öffentlich.pdf"
    msg = message(
        _document(),
        Envelope(None, (check_address("jane@example.org"),)),
        [Attachment(name, b"%PDF-1.7 test", "application/pdf")],
    )
    data = serialize(msg)
    assert b"filename*=utf-8''2026-11-30-%C3%BCbersicht-%C3%B6ffentlich.pdf" in data
    back = message_from_bytes(data, policy=email.policy.default)
    (part,) = back.iter_attachments()
    assert part.get_filename() == name
    assert email.utils.collapse_rfc2231_value(part.get_param("name")) == name
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == b"%PDF-1.7 test"


def test_a_subject_from_the_document_is_checked_too() -> None:
    envelope = Envelope(None, (check_address("jane@example.org"),))
    for subject in ("Renewal\r\nBcc: evil@example.net", "=?utf-8?q?a=0ABcc:_e@x.org?="):
        with pytest.raises(InvalidHeader):
            message(_document(subject), envelope, [])


# --- properties: whatever passes the checks comes out of the email package unchanged --------

_TRICKY = st.sampled_from(
    ["\r", "\n", "\r\n", ",", ";", "<", ">", '"', "=?", "?=", "@", " ", "\x00", "\u2028",
     "\u202e", "(", ")", "\\", ":", "=?utf-8?q?=0D=0A?="]
)
_TEXT = st.lists(st.one_of(st.text(max_size=6), _TRICKY), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    name=st.one_of(st.text(max_size=12), _TEXT),
    local=st.one_of(st.from_regex(r"[a-z0-9.+_-]{1,12}", fullmatch=True), _TEXT),
    domain=st.one_of(st.from_regex(r"[a-z0-9-]{1,8}\.[a-z]{2,4}", fullmatch=True), _TEXT),
)
def test_accepted_addresses_survive_a_round_trip(name: str, local: str, domain: str) -> None:
    value = f"{name} <{local}@{domain}>"
    try:
        address = check_address(value)
    except InvalidHeader as exc:
        assert "\n" not in str(exc).replace(repr(value), "")
        return
    msg = message(_document(), Envelope(None, (address,)), [])
    back = message_from_bytes(serialize(msg), policy=email.policy.default)
    assert [k for k, _ in back.items() if k.lower() in ("to", "cc", "bcc")] == ["To"]
    (parsed,) = back["To"].addresses
    assert (parsed.display_name, parsed.addr_spec) == (address.display_name, address.addr_spec)


@settings(max_examples=300, deadline=None)
@given(subject=st.one_of(st.text(max_size=40), _TEXT))
def test_accepted_subjects_survive_a_round_trip(subject: str) -> None:
    try:
        text = check_subject(subject)
    except InvalidHeader:
        return
    assert not set(text) & set("\r\n\x00\u2028\u202e")
    msg = message(_document(text), Envelope(None, (check_address("a@example.org"),)), [])
    back = message_from_bytes(serialize(msg), policy=email.policy.default)
    assert back["Subject"] == f"[INTERNAL] {text} — analytic brief"
    assert list(back.keys())[:2] == ["Subject", "To"]
