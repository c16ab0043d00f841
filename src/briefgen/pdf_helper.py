"""A second process that renders PDFs, so a single build uses two cores.

A cold build of one brief spends most of its time in two chains of work that do not depend
on each other until the very end: loading the front end (click, Jinja2, PyYAML, the outline
and its validation) and reading, selecting and composing the brief; and loading the PDF
backend (reportlab, the house fonts). :func:`start` forks a helper as soon as the command
line is parsed. It imports the PDF backend and registers the house style's fonts while this
process reads and composes; then it renders each Document it is sent, and sends the bytes
back. Nothing else changes: this process still checks page budgets, writes every file
(all or none) and reports every error.

The helper is an accelerator only. Its result is exactly what rendering here would give
(same bytes, same :class:`~briefgen.model.Layout`). When it cannot render a document — the
document is too tall for a page, a bug, the helper died — the document is simply rendered
here instead, so the error, and its traceback under ``--debug``, are the ones a one-process
build gives.

Used only where fork is (Linux, macOS), for a single brief file with a PDF among the
formats and ``--jobs`` above 1 (by default, the cores this process may use), and only while
this process runs one thread.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import threading
import weakref
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Document, Layout
    from .style import Style

Result = tuple[bytes, "Layout"]
_LENGTH = struct.Struct("!Q")  # the size of each reply, before it
_CHUNK = 1 << 16


def usable(jobs: int | None) -> bool:
    """Whether a helper may be started: fork exists, ``jobs`` (``None``: every core) allows
    two processes, and this process has one thread (forking with more is unsafe)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    from .batch_pool import default_jobs

    return (jobs or default_jobs()) >= 2


def start() -> PdfHelper | None:
    """Fork the helper; ``None`` if the system will not."""
    fds: list[int] = []
    try:
        fds += os.pipe()
        fds += os.pipe()
        pid = os.fork()
    except OSError:
        for fd in fds:
            os.close(fd)
        return None
    requests_r, requests_w, replies_r, replies_w = fds
    if pid == 0:  # the helper: it never returns into the command line
        status = 0
        try:
            os.close(requests_w)
            os.close(replies_r)
            _serve(os.fdopen(requests_r, "rb"), os.fdopen(replies_w, "wb"))
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
    os.close(requests_r)
    os.close(replies_w)
    return PdfHelper(pid, requests_w, replies_r)


def _serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The helper's whole life: load the PDF backend, then render what is asked until the
    command line closes its end of the pipe (or dies)."""
    # What it inherited stays out of the collector's sight: collections then neither walk
    # the command line's objects nor copy the memory pages they share with it.
    gc.freeze()
    # Ctrl-C reaches the whole process group; it is the command line's to handle, and the
    # helper ends when its pipe closes. SIGTERM and SIGHUP end it, with ``finally`` blocks
    # run (the font cache removes its temporary file).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    # It prints nothing, and must not hold the command's output open after it is done.
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    from .backends import pdf_writer
    from .backends.pdf import fonts

    pdf_writer.preload()  # while the command line is still loading its own modules
    while True:
        try:
            kind, number, payload = pickle.load(requests)
        except Exception:  # the command line closed its end, or died writing to it
            return
        if kind == "warm":
            # A font that fails here fails the render that needs it, which reports it.
            with contextlib.suppress(Exception):
                fonts.register(payload)
            continue
        document, tagged = payload
        reply: tuple[int, str, Any]
        try:
            reply = (number, "ok", pdf_writer.render_with_layout(document, tagged=tagged))
        except Exception:
            reply = (number, "again", None)  # rendered again by the command line
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            replies.write(_LENGTH.pack(len(data)) + data)
            replies.flush()
        except OSError:
            return


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


class PdfHelper:
    """The command line's end of a helper: send it work, collect each result when wanted.

    Requests go down one pipe, each with a number; replies (length-prefixed pickles, each
    with its request's number) come up another. A request is written in pieces as the pipe
    takes them, and replies are read in between, so neither process can wait on a full pipe
    while the other waits on it (a long brief's document or PDF is larger than a pipe
    holds). Results may be collected in any order: a reply read before it is wanted waits in
    :attr:`_replies_kept`. Anything unexpected on the way counts as the helper having died:
    the documents are then rendered in this process.
    """

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self.pid = pid
        self._requests = requests
        self._replies = replies
        os.set_blocking(requests, False)
        self._inbox = bytearray()  # reply bytes read and not yet unpickled
        self._replies_kept: dict[int, tuple[str, Any]] = {}
        self._sent = 0  # the number of the last message sent
        self._done = 0  # every message up to this number has been handled by the helper
        self._alive = True
        #: How many documents the helper rendered (the tests check it does the work).
        self.rendered = 0
        _OPEN.add(self)

    def warm(self, style: Style) -> None:
        """Have the helper register ``style``'s fonts while this process reads the brief."""
        self._send("warm", style)

    def submit(self, document: Document, tagged: bool) -> Callable[[], Result]:
        """Start rendering ``document``; the returned function gives its PDF and layout
        (the helper's, or else this process's own, which raises what rendering raises)."""
        number = self._send("render", (document, tagged))
        kept: list[Result] = []

        def result() -> Result:
            if not kept:
                reply = self._receive(number) if number else None
                if reply is not None and reply[0] == "ok":
                    kept.append(reply[1])
                else:
                    from .backends import pdf_writer  # here: the same result, or its error

                    kept.append(pdf_writer.render_with_layout(document, tagged=tagged))
            return kept[0]

        return result

    def _send(self, kind: str, payload: Any) -> int:
        """Send one message; its number, or 0 if the helper cannot take it."""
        if not self._alive:
            return 0
        try:
            number = self._sent + 1
            view = memoryview(pickle.dumps((kind, number, payload), pickle.HIGHEST_PROTOCOL))
            poll = select.poll()  # (not select(): it refuses descriptors above 1023)
            poll.register(self._requests, select.POLLOUT)
            poll.register(self._replies, select.POLLIN)
            while view:
                for fd, _ in poll.poll():
                    if fd == self._replies and not self._read():
                        return 0
                    if fd == self._requests:
                        with contextlib.suppress(BlockingIOError):  # full again already
                            view = view[os.write(self._requests, view[:_CHUNK]) :]
        except Exception:  # it died, or this could not be sent: this process renders
            self._alive = False
            return 0
        self._sent = number
        return number

    def _read(self) -> bool:
        """Move what the helper has written into the inbox; false once it is gone."""
        chunk = os.read(self._replies, _CHUNK)
        if not chunk:
            self._alive = False
        self._inbox += chunk
        return bool(chunk)

    def _receive(self, number: int) -> tuple[str, Any] | None:
        """The reply to message ``number``; ``None`` if the helper died before sending it."""
        try:
            while number not in self._replies_kept:
                frame = self._frame()
                if frame is None:
                    if not self._alive or not self._read():
                        return None
                    continue
                answered, kind, payload = pickle.loads(frame)
                self._replies_kept[answered] = (kind, payload)
                # Messages are handled in order: every one up to a reply's number is done.
                self._done = max(self._done, answered)
                self.rendered += kind == "ok"
        except Exception:
            self._alive = False
            return None
        return self._replies_kept.pop(number)

    def _frame(self) -> bytes | None:
        """The next whole reply in the inbox, taken out of it; ``None`` if not all here."""
        if len(self._inbox) < _LENGTH.size:
            return None
        end = _LENGTH.size + _LENGTH.unpack_from(self._inbox)[0]
        if len(self._inbox) < end:
            return None
        frame = bytes(self._inbox[_LENGTH.size : end])
        del self._inbox[:end]
        return frame

    def close(self) -> None:
        """End the helper and wait for it. An idle helper ends as its pipe closes; one still
        at work (loading, warming up, rendering a document no longer wanted) is stopped."""
        if self._requests < 0:
            return
        self._alive = False
        self._close_pipes()
        _OPEN.discard(self)
        try:
            if self._done < self._sent or not self._done:
                os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def _close_pipes(self) -> None:
        for fd in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._requests = self._replies = -1


#: Helpers not yet closed. A process forked from this one later (a template worker) closes
#: their pipe ends, so a helper still ends when the command line's ends close.
_OPEN: weakref.WeakSet[PdfHelper] = weakref.WeakSet()


def _close_inherited() -> None:
    for helper in list(_OPEN):
        helper._close_pipes()
    _OPEN.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_inherited)
