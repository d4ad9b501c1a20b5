"""One live re-check process per notebook, kept for all its live cells.

A live re-check (:mod:`.proxy`) runs a test cell's trusted source in a sandboxed interpreter of
the grader's while the learner's kernel still runs. Starting that interpreter and importing the
checker (pint's unit registry, hypothesis) costs 0.2-0.5 s; module 4 has five such cells per
notebook. :class:`LiveChecker` starts it once, on the first live cell, and hands it each cell in
turn over a control socket, with that cell's proxy connection to the kernel passed along as a
file descriptor (``SCM_RIGHTS``). Each cell still gets a fresh namespace; the process keeps only
what the checker's own modules keep, as the kernel does between cells.

A cell that runs past its clock ends the process (the next live cell starts a new one); so does a
kernel restart, which kills every process of the kernel's uid. A process that dies or answers
out of step is the grader's failure (:class:`LiveCheckBroken`), never the learner's score.

The wire: each request is a 4-byte big-endian length and that many bytes of JSON; the first
byte of the length carries the descriptor. The reply is framed the same way, without one.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import subprocess
import time

__all__ = ["LiveCheckBroken", "LiveCheckTimedOut", "LiveChecker", "serve_requests"]

_HEADER = struct.Struct(">I")
_MAX_MESSAGE = 50_000_000


class LiveCheckBroken(RuntimeError):
    """The re-check process is gone or answered out of step: the grader's failure."""


class LiveCheckTimedOut(Exception):
    """The cell's re-check ran past its clock (the learner's code was too slow); the process is ended."""


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise LiveCheckBroken("the re-check process closed its connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _recv_message(sock: socket.socket, *, with_fd: bool = False) -> tuple[dict, int | None]:
    fd = None
    if with_fd:
        data, fds, _flags, _addr = socket.recv_fds(sock, 1, 1)
        if not data:
            raise LiveCheckBroken("the control connection closed")
        fd = fds[0] if fds else None
        for extra in fds[1:]:
            with contextlib.suppress(OSError):
                socket.close(extra)
        header = data + _recv_exact(sock, _HEADER.size - 1)
    else:
        header = _recv_exact(sock, _HEADER.size)
    (size,) = _HEADER.unpack(header)
    if size > _MAX_MESSAGE:
        raise LiveCheckBroken(f"a message of {size} bytes is over the limit")
    message = json.loads(_recv_exact(sock, size).decode("utf-8"))
    if not isinstance(message, dict):
        raise LiveCheckBroken("a message that is not an object")
    return message, fd


def _send_message(sock: socket.socket, message: dict, fd: int | None = None) -> None:
    data = json.dumps(message).encode("utf-8")
    framed = _HEADER.pack(len(data)) + data
    if fd is None:
        sock.sendall(framed)
        return
    socket.send_fds(sock, [framed[:1]], [fd])
    sock.sendall(framed[1:])


class LiveChecker:
    """The grader's side: a re-check process started on first use, one cell at a time.

    ``command`` is the sandboxed command line (``python -m autograder.grading.recheck``), to which
    ``--serve FD`` is added; ``env`` and ``cwd`` are those it runs with. ``preload``: modules of the
    course's package the process imports as it starts, before the first request (the checkers the
    notebook's test cells import), so that their import overlaps the kernel's first cells.
    """

    def __init__(self, command: list[str], *, env: dict[str, str], cwd: str, preload: tuple[str, ...] = (),
                 fork=None) -> None:
        self.command, self.env, self.cwd = list(command), dict(env), cwd
        self.preload = tuple(preload)
        self.fork = fork
        """``fork(arguments, fd)``: the process forked from a zygote (:mod:`.zygote`) with ``arguments``
        (``{fd}`` naming ``fd`` there), or :class:`~.zygote.ZygoteUnavailable`; None: always launched."""
        self._proc: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self.started = 0
        """How many processes were started (a test reads it)."""

    def start(self) -> socket.socket:
        """Start the process unless it runs. Call it from the thread that stays alive while the
        process should: bwrap's ``--die-with-parent`` is tied to the *thread* that started it."""
        if self.running:
            assert self._control is not None
            return self._control
        self.close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        preload = ["--preload", ",".join(self.preload)] if self.preload else []
        try:
            self._proc = self._forked(["--serve", "{fd}", *preload], theirs.fileno()) or subprocess.Popen(
                [*self.command, "--serve", str(theirs.fileno()), *preload],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=self.env, cwd=self.cwd)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self._control = ours
        self.started += 1
        return ours

    def _forked(self, arguments: list[str], fd: int):
        if self.fork is None:
            return None
        from .zygote import ZygoteUnavailable

        try:
            return self.fork(arguments, fd)
        except ZygoteUnavailable:
            return None  # launched instead

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None and self._control is not None

    def check(self, request: dict, proxy_fd: int | None, *, timeout: float, start: bool = True) -> dict:
        """Re-check one cell (``request`` as :func:`autograder.grading.recheck.main` reads it), its
        proxy connection being ``proxy_fd`` (None: its answers are all data); blocks. Its results,
        keyed by the cell's id. ``start=False`` (a short-lived thread's call): a process that is not
        running is not started (that thread's end would kill it) but is :class:`LiveCheckBroken`."""
        if not start and not self.running:
            raise LiveCheckBroken("the re-check process is not running")
        control = self.start()
        deadline = time.monotonic() + timeout
        try:
            control.settimeout(timeout)
            _send_message(control, request, proxy_fd)
            control.settimeout(max(0.01, deadline - time.monotonic()))
            reply, _ = _recv_message(control)
        except TimeoutError:
            self.close(kill=True)
            raise LiveCheckTimedOut(f"the re-check ran past {timeout:.0f} s") from None
        except (OSError, ValueError, struct.error) as exc:
            self.close()
            raise LiveCheckBroken(f"the re-check process failed ({type(exc).__name__}: {exc})") from None
        except LiveCheckBroken:
            self.close()
            raise
        results = reply.get("results")
        if not isinstance(results, dict):
            self.close()
            raise LiveCheckBroken("the re-check process answered without results")
        return results

    def close(self, *, kill: bool = False) -> None:
        """End the process: closing its control connection ends it; ``kill``, or a process still
        running 5 s later, is killed."""
        if self._control is not None:
            with contextlib.suppress(OSError):
                self._control.close()
            self._control = None
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if kill:
                proc.kill()
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)


def serve_requests(control_fd: int, run_request) -> None:
    """The re-check process's side: answer requests until the control connection closes.

    ``run_request(request, proxy_socket)`` re-checks the cells of one request and returns their
    results; the proxy socket is closed afterwards, which ends the kernel's ``serve()``.
    """
    control = socket.socket(fileno=control_fd)
    try:
        while True:
            try:
                request, fd = _recv_message(control, with_fd=True)
            except LiveCheckBroken:
                return
            proxy = socket.socket(fileno=fd) if fd is not None else None
            try:
                results = run_request(request, proxy)
            finally:
                if proxy is not None:
                    proxy.close()
            _send_message(control, {"results": results})
    finally:
        control.close()
