"""``briefgen email``: one audience's memo as a ready-to-send draft, or sent over SMTP."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import reported, settings, split_choices, templates_option

if TYPE_CHECKING:  # the mail modules load only when the command runs, not for --help
    from email.headerregistry import Address

    from ..mail import Envelope, Prepared

FORMATS = ("pdf", "docx")
#: Exit status when sending fails (connection, TLS, authentication, a refused recipient).
SEND_FAILED = 3
#: Megabytes (10⁶ bytes) above which the encoded message draws a warning: a common
#: corporate limit (Outlook.com allows 20, Gmail 25).
WARN_MB = 10.0


def _addresses(values: tuple[str, ...], option: str) -> list[Address]:
    from ..mailcheck import InvalidHeader, check_address

    try:
        return [check_address(v, option) for v in values]
    except InvalidHeader as exc:
        raise click.UsageError(str(exc)) from None


@click.command()
@click.argument("brief", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--audience", "-a", required=True, metavar="NAME", help="Whose memo to send.")
@click.option(
    "--to",
    "to",
    multiple=True,
    metavar="ADDRESS",
    help="A recipient; repeat for more. Default: the audience's distribution list.",
)
@click.option("--cc", multiple=True, metavar="ADDRESS", help="A copy recipient; repeat for more.")
@click.option(
    "--from",
    "sender",
    envvar="BRIEFGEN_FROM",
    metavar="ADDRESS",
    help="The sender (or $BRIEFGEN_FROM); needed with --send.",
)
@click.option("--subject", metavar="TEXT", help="Replace the memo's subject in the subject line.")
@click.option(
    "--attach",
    default="pdf",
    show_default=True,
    metavar="pdf,docx|all",
    help="Formats of the memo to attach.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the memos and the draft.",
)
@click.option(
    "--warn-size",
    type=click.FloatRange(min=0),
    default=WARN_MB,
    show_default=True,
    metavar="MB",
    help="Warn when the encoded message is larger than this.",
)
@templates_option
@click.option("--send", is_flag=True, help="Send through SMTP (settings from BRIEFGEN_SMTP_*).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; write nothing.")
def email(
    brief: Path,
    audience: str,
    to: tuple[str, ...],
    cc: tuple[str, ...],
    sender: str | None,
    subject: str | None,
    attach: str,
    out: Path,
    warn_size: float,
    templates: Path | None,
    send: bool,
    dry_run: bool,
) -> None:
    """Write BRIEF's memo for one audience as an email draft (out/….eml), or --send it.

    Exit status: 0 done, 1 a problem with the brief or the build, 2 a usage error (a bad
    address or subject among them), 3 sending failed.
    """
    from ..build import Project
    from ..mail import Envelope, distribution, prepare, write
    from ..mailcheck import InvalidHeader, check_subject
    from ..send import SendError
    from ..send import send as deliver
    from ..send import settings as smtp_settings

    quiet = settings().quiet
    kinds = split_choices(attach, FORMATS, "format")
    to_list = _addresses(to, "--to")
    cc_list = _addresses(cc, "--cc")
    from_list = _addresses((sender,), "--from") if sender else []
    if subject is not None:
        try:
            check_subject(subject, "--subject")
        except InvalidHeader as exc:
            raise click.UsageError(str(exc)) from None
    if send and dry_run:
        raise click.UsageError("--send and --dry-run: choose one")
    if send and not from_list:
        raise click.UsageError("--send needs a sender: --from ADDRESS or $BRIEFGEN_FROM")

    with reported():
        project = Project.load(user=templates)
        if audience not in project.profiles:
            raise click.BadParameter(
                f"{audience!r} is not a known audience "
                f"(choose one of {', '.join(project.profiles)})",
                param_hint="'--audience'",
            )
        recipients = to_list or list(distribution(project, audience))
        if not recipients:
            raise click.UsageError(
                f"no recipients: give --to, or a distribution list in "
                f"templates/{audience}/audience.yaml"
            )
        config = None
        if send:
            try:
                config = smtp_settings(os.environ)
            except SendError as exc:
                _fail(exc)
        envelope = Envelope(from_list[0] if from_list else None, tuple(recipients), tuple(cc_list))
        prepared = prepare(
            project, brief, audience, kinds, out, envelope, subject=subject, draft=not send
        )
        size = len(prepared.data)
        if size > warn_size * 1_000_000 and not quiet:
            click.echo(
                f"briefgen: warning: the message is {size / 1_000_000:.1f} MB encoded, over "
                f"{warn_size:g} MB; mail servers may refuse it",
                err=True,
            )
        if dry_run:
            _describe(prepared, envelope)
            return
        for path in write(prepared, eml=not send):
            click.echo(str(path))
        if config is not None and envelope.sender is not None:
            try:
                deliver(config, envelope.sender.addr_spec, envelope.recipients, prepared.data)
            except SendError as exc:
                _fail(exc)
            if not quiet:
                click.echo(
                    f"briefgen: sent to {', '.join(envelope.recipients)} via "
                    f"{config.host}:{config.port}",
                    err=True,
                )


def _fail(exc: Exception) -> NoReturn:
    click.echo(f"briefgen: sending failed: {exc}", err=True)
    sys.exit(SEND_FAILED)


def _describe(prepared: Prepared, envelope: Envelope) -> None:
    """The dry run: envelope, headers, the plain-text body and the attachments."""
    from ..mail import attachments_of

    msg = prepared.message
    sender = envelope.sender.addr_spec if envelope.sender else "(set by your mail program)"
    click.echo(f"Envelope from: {sender}")
    click.echo(f"Envelope to: {', '.join(envelope.recipients)}")
    for key, value in msg.items():
        if not key.lower().startswith(("content-", "mime-")):
            click.echo(f"{key}: {value}")
    text = msg.get_body(("plain",))
    if text is not None:
        click.echo("")
        click.echo(str(text.get_content()).rstrip("\n"))
        click.echo("")
    for name, mime, data in attachments_of(msg):
        click.echo(f"Attachment: {name} ({mime}, {len(data):,} bytes)")
    click.echo(f"Size: {len(prepared.data):,} bytes encoded")
