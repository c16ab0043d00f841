"""Send a finished message over SMTP: always encrypted, the server's certificate verified.

Settings come from the environment only — never from the command line, where a password
would sit in the shell history and the process list:

``BRIEFGEN_SMTP_HOST`` (required), ``BRIEFGEN_SMTP_PORT`` (default 587; 465 means implicit
TLS), ``BRIEFGEN_SMTP_TLS`` (``starttls`` or ``implicit``, to override the port's default),
``BRIEFGEN_SMTP_USER`` with ``BRIEFGEN_SMTP_PASSWORD`` or ``BRIEFGEN_SMTP_PASSWORD_FILE``,
and ``BRIEFGEN_SMTP_CAFILE``: certificates to trust *instead of* the system's (a private CA).

The recipients are offered one by one before any data is sent; if the server refuses one,
the transaction is reset and nobody gets the message.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefgenError

#: Seconds to wait for the server at each step.
TIMEOUT = 30.0


class SendError(BriefgenError):
    """Sending failed; the message is one line (the CLI exits with status 3)."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    implicit_tls: bool
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    cafile: str | None = None


def settings(env: Mapping[str, str]) -> Settings:
    """Read :class:`Settings` from ``env``; raise :class:`SendError` on anything missing."""

    def get(name: str) -> str | None:
        value = env.get(f"BRIEFGEN_SMTP_{name}", "").strip()
        return value or None

    host = get("HOST")
    if host is None:
        raise SendError("BRIEFGEN_SMTP_HOST is not set; say which server to send through")
    port_text = get("PORT") or "587"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SendError(f"BRIEFGEN_SMTP_PORT: {port_text!r} is not a port number")
    port = int(port_text)
    mode = (get("TLS") or ("implicit" if port == 465 else "starttls")).lower()
    if mode not in ("starttls", "implicit"):
        raise SendError(f"BRIEFGEN_SMTP_TLS: {mode!r}: use 'starttls' or 'implicit'")
    user, password, password_file = (
        get("USER"),
        env.get("BRIEFGEN_SMTP_PASSWORD"),
        get("PASSWORD_FILE"),
    )
    if password and password_file:
        raise SendError("set BRIEFGEN_SMTP_PASSWORD or BRIEFGEN_SMTP_PASSWORD_FILE, not both")
    if password_file:
        try:
            password = Path(password_file).read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise SendError(
                f"BRIEFGEN_SMTP_PASSWORD_FILE: cannot read {password_file}: {exc}"
            ) from None
    if user and not password:
        raise SendError("BRIEFGEN_SMTP_USER is set but no password is (BRIEFGEN_SMTP_PASSWORD…)")
    if password and not user:
        raise SendError("a password is set but BRIEFGEN_SMTP_USER is not")
    return Settings(host, port, mode == "implicit", user, password, get("CAFILE"))


def _context(config: Settings) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=config.cafile)
    except (OSError, ssl.SSLError) as exc:
        raise SendError(f"BRIEFGEN_SMTP_CAFILE: cannot load {config.cafile}: {exc}") from None


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
    return f"{exc.smtp_code} {' '.join(text.split())}".strip()


def send(config: Settings, sender: str, recipients: Sequence[str], data: bytes) -> None:
    """Deliver ``data`` (a serialized message) from ``sender`` to every one of ``recipients``
    or to none of them; raise :class:`SendError` with one line saying what went wrong."""
    where = f"{config.host}:{config.port}"
    context = _context(config)
    try:
        server: smtplib.SMTP
        if config.implicit_tls:
            server = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
        with server:
            server.ehlo()
            if not config.implicit_tls:
                if not server.has_extn("starttls"):
                    raise SendError(f"{where}: the server offers no STARTTLS; not sending in clear")
                server.starttls(context=context)
                server.ehlo()
            if config.user and config.password is not None:
                server.login(config.user, config.password)
            _transaction(server, where, sender, recipients, data)
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(f"{where}: authentication failed: {_reply(exc)}") from None
    except smtplib.SMTPResponseException as exc:
        raise SendError(f"{where}: the server refused: {_reply(exc)}") from None
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or exc.reason or "certificate not trusted"
        raise SendError(f"{where}: TLS: certificate verify failed: {reason}") from None
    except ssl.SSLError as exc:
        raise SendError(f"{where}: TLS failed: {exc.reason or exc}") from None
    except smtplib.SMTPException as exc:
        raise SendError(f"{where}: {' '.join(str(exc).split()) or type(exc).__name__}") from None
    except TimeoutError:
        raise SendError(f"{where}: timed out") from None
    except OSError as exc:
        raise SendError(f"{where}: cannot connect: {exc.strerror or exc}") from None


def _transaction(
    server: smtplib.SMTP, where: str, sender: str, recipients: Sequence[str], data: bytes
) -> None:
    code, reply = server.mail(sender)
    if code != 250:
        server.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    for rcpt in recipients:
        code, reply = server.rcpt(rcpt)
        if code not in (250, 251):
            server.rset()
            text = " ".join(reply.decode("utf-8", "replace").split())
            raise SendError(f"{where}: recipient refused: {rcpt} ({code} {text}); nothing was sent")
    code, reply = server.data(data)
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
