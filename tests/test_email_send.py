"""``briefgen email --send`` against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email.policy
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen.build import Project, output_name
from briefgen.cli import main

from .conftest import SHIPPED
from .mailserver import PASSWORD, REFUSED, USER, Mailbox, free_port, make_certificate, smtp_server

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def starttls(cert: tuple[Path, Path]) -> Iterator[tuple[int, Mailbox]]:
    with smtp_server("starttls", cert) as server:
        yield server


def smtp_env(port: int, cert: tuple[Path, Path] | None, **extra: str) -> dict[str, str]:
    env = {
        "BRIEFGEN_SMTP_HOST": "127.0.0.1",
        "BRIEFGEN_SMTP_PORT": str(port),
        "BRIEFGEN_SMTP_USER": USER,
        "BRIEFGEN_SMTP_PASSWORD": PASSWORD,
        "BRIEFGEN_SMTP_CAFILE": str(cert[0]) if cert else "",
        "BRIEFGEN_SMTP_TLS": "",
        "BRIEFGEN_SMTP_PASSWORD_FILE": "",
        "BRIEFGEN_FROM": "",
    }
    env.update(extra)
    return env


def send(out: Path, env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(
        main,
        ["email", str(SHIPPED), "-a", "principal", "--from", "Imogen Hartley <ih@example.org>",
         "--to", "Chief <chief@example.org>", "--cc", "desk@example.org", "--attach", "pdf,docx",
         "-o", str(out), "--send", *args],
        env=env,
    )


def received(mailbox: Mailbox) -> EmailMessage:
    (envelope,) = mailbox.received
    assert isinstance(envelope.content, bytes)
    msg = message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def check_delivery(project: Project, out: Path, mailbox: Mailbox) -> None:
    (envelope,) = mailbox.received
    assert envelope.mail_from == "ih@example.org"
    assert envelope.rcpt_tos == ["chief@example.org", "desk@example.org"]
    msg = received(mailbox)
    outline = project.read(SHIPPED)
    assert list(msg.keys()) == [
        "Subject", "From", "To", "Cc", "Date", "Message-ID", "MIME-Version", "Content-Type"
    ]
    assert msg["Subject"] == (
        "[CONFIDENTIAL] Loosening the China–Russia alignment — decision memo"
    )
    assert msg["From"] == "Imogen Hartley <ih@example.org>"
    assert msg["To"] == "Chief <chief@example.org>"
    assert msg["Cc"] == "desk@example.org"
    body = msg.get_body(("plain",))
    assert body is not None
    text = " ".join(str(body.get_content()).split())  # type: ignore[attr-defined]
    bottom_line = " ".join(outline.summary[0].text.split())
    assert f"BOTTOM LINE {bottom_line}" in text
    assert "1. Open a quiet senior-level channel to Moscow" in text
    assert text.count("Approve ____ Disapprove ____ Discuss ____") == 3
    pdf, docx = (out / output_name(outline, "principal", f) for f in ("pdf", "docx"))
    parts = list(msg.iter_attachments())
    assert [(p.get_filename(), p.get_content_type()) for p in parts] == [
        (pdf.name, "application/pdf"),
        (docx.name, DOCX),
    ]
    assert parts[0].get_content() == pdf.read_bytes()
    assert parts[1].get_content() == docx.read_bytes()
    assert not list(out.glob("*.eml"))  # a sent message leaves no draft


def test_send_over_starttls_with_a_trusted_self_signed_certificate(
    project: Project, tmp_path: Path, cert: tuple[Path, Path], starttls: tuple[int, Mailbox]
) -> None:
    port, mailbox = starttls
    result = send(tmp_path, smtp_env(port, cert))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"briefgen: sent to chief@example.org, desk@example.org via 127.0.0.1:{port}\n"
    )
    check_delivery(project, tmp_path, mailbox)


def test_send_over_implicit_tls_with_a_password_file(
    project: Project, tmp_path: Path, cert: tuple[Path, Path]
) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    out = tmp_path / "out"
    with smtp_server("implicit", cert) as (port, mailbox):
        env = smtp_env(port, cert, BRIEFGEN_SMTP_TLS="implicit", BRIEFGEN_SMTP_PASSWORD="",
                       BRIEFGEN_SMTP_PASSWORD_FILE=str(secret))
        result = send(out, env)
        assert result.exit_code == 0, result.output
        check_delivery(project, out, mailbox)


def _one_line_failure(result: Result, out: Path, *expected: str) -> None:
    assert result.exit_code == 3, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("briefgen: sending failed: ")
    for fragment in expected:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    leftovers = [p.name for p in out.iterdir()] if out.exists() else []
    assert not [n for n in leftovers if n.endswith((".part", ".eml"))]


def test_connection_refused(tmp_path: Path, cert: tuple[Path, Path]) -> None:
    port = free_port()
    result = send(tmp_path, smtp_env(port, cert))
    _one_line_failure(result, tmp_path, f"127.0.0.1:{port}: cannot connect", "refused")


def test_untrusted_certificate_is_refused(
    tmp_path: Path, starttls: tuple[int, Mailbox]
) -> None:
    port, mailbox = starttls
    result = send(tmp_path, smtp_env(port, None))  # the system's CAs do not know this one
    _one_line_failure(result, tmp_path, "TLS: certificate verify failed")
    assert mailbox.received == []


def test_implicit_tls_with_an_untrusted_certificate(
    tmp_path: Path, cert: tuple[Path, Path]
) -> None:
    with smtp_server("implicit", cert) as (port, mailbox):
        env = smtp_env(port, None, BRIEFGEN_SMTP_TLS="implicit")
        _one_line_failure(send(tmp_path, env), tmp_path, "certificate verify failed")
        assert mailbox.received == []


def test_wrong_password(
    tmp_path: Path, cert: tuple[Path, Path], starttls: tuple[int, Mailbox]
) -> None:
    port, mailbox = starttls
    result = send(tmp_path, smtp_env(port, cert, BRIEFGEN_SMTP_PASSWORD="wrong"))
    _one_line_failure(result, tmp_path, "authentication failed: 535")
    assert mailbox.received == []


def test_a_refused_recipient_stops_the_whole_message(
    tmp_path: Path, cert: tuple[Path, Path], starttls: tuple[int, Mailbox]
) -> None:
    port, mailbox = starttls
    result = send(tmp_path, smtp_env(port, cert), "--cc", REFUSED)
    _one_line_failure(result, tmp_path, f"recipient refused: {REFUSED} (550", "nothing was sent")
    assert mailbox.received == []  # nobody got it, not even the accepted recipients


def test_no_plaintext_fallback(tmp_path: Path) -> None:
    with smtp_server("plain", None) as (port, mailbox):
        env = smtp_env(port, None)
        _one_line_failure(send(tmp_path, env), tmp_path, "offers no STARTTLS")
        assert mailbox.received == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"BRIEFGEN_SMTP_HOST": ""}, "BRIEFGEN_SMTP_HOST is not set"),
        ({"BRIEFGEN_SMTP_PORT": "smtp"}, "BRIEFGEN_SMTP_PORT: 'smtp' is not a port number"),
        ({"BRIEFGEN_SMTP_TLS": "none"}, "use 'starttls' or 'implicit'"),
        ({"BRIEFGEN_SMTP_PASSWORD": ""}, "no password"),
        ({"BRIEFGEN_SMTP_PASSWORD_FILE": "/nonexistent/pw"}, "not both"),
        ({"BRIEFGEN_SMTP_CAFILE": "/nonexistent/ca.pem"}, "BRIEFGEN_SMTP_CAFILE: cannot load"),
    ],
)
def test_bad_settings(
    tmp_path: Path, cert: tuple[Path, Path], extra: dict[str, str], expected: str
) -> None:
    out = tmp_path / "out"
    result = send(out, smtp_env(free_port(), cert, **extra))
    _one_line_failure(result, out, expected)


def test_send_needs_a_sender(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["email", str(SHIPPED), "-a", "principal", "--to", "a@example.org", "--send",
         "-o", str(tmp_path / "o")],
        env={"BRIEFGEN_FROM": ""},
    )
    assert result.exit_code == 2
    assert "--send needs a sender" in result.stderr
    assert not (tmp_path / "o").exists()


def test_no_password_option_exists() -> None:
    result = CliRunner().invoke(main, ["email", "--help"])
    assert result.exit_code == 0
    assert "password" not in result.stdout.lower().replace("briefgen_smtp_password", "")
