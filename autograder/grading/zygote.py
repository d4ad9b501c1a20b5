"""Kernels forked from a pre-imported interpreter instead of started one by one.

A launched kernel spends about half a second before its first cell (an interpreter, ipykernel's
imports) and the notebook's first cells import numpy, pandas, pint and the like again. Each
grading process instead keeps a kernel *zygote* (:mod:`.zygote_server`): started once in
bubblewrap, like a kernel but as root with the few capabilities it needs to build each kernel's
own view, it imports those modules and then forks a kernel on request. A second zygote, with the
course's checkers imported, forks the live re-check processes (:mod:`.livecheck`) the same way. The child enters namespaces of its own,
sees only its own two folders of the grader's work folder, drops to the kernel's uid and runs
ipykernel; see :mod:`.zygote_server` for every step. Kernels of one grading process run one after
another (their uid is the process's own), and nothing of one kernel outlives it
(:func:`~.sandbox.kill_uid` before the next starts), so forked kernels share nothing but the
zygote's untouched copy of the imported modules.

:class:`~.sandbox.SandboxKernelManager` uses it when ``fork_kernels`` is on, the grader is root
and bubblewrap runs; where the zygote cannot start or fork, the kernel is launched as before.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .sandbox import Limits, _bwrap_args, _ro_paths, cpu_group, kernel_env

__all__ = ["RECHECK_PRELOAD", "Zygote", "ZygoteProcess", "ZygoteUnavailable", "close_zygotes", "get_zygote", "rlimits"]

SERVER = Path(__file__).with_name("zygote_server.py")
_CAPS = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_NET_ADMIN", "CAP_KILL")
RECHECK_PRELOAD = ("autograder.api", "autograder.architecture", "autograder.estimate", "autograder.interviews",
                   "autograder.requirements", "autograder.schema", "autograder.sketches")
"""The course's checkers a re-check zygote imports (each notebook's re-check process imports its own on top)."""
_START_TIMEOUT = 120.0
"""Seconds the zygote may take to import its modules (a loaded machine)."""


class ZygoteUnavailable(RuntimeError):
    """The zygote could not start, or could not fork a kernel in its sandbox."""


def rlimits(limits: Limits) -> dict[str, int]:
    """The kernel's resource limits, as ``prlimit`` sets them for a launched kernel."""
    out = {"RLIMIT_CORE": 0}
    if limits.memory_mb:
        out["RLIMIT_AS"] = limits.memory_mb * 1024 * 1024
    if limits.processes:
        out["RLIMIT_NPROC"] = limits.processes
    if limits.file_size_mb:
        out["RLIMIT_FSIZE"] = limits.file_size_mb * 1024 * 1024
    if limits.open_files:
        out["RLIMIT_NOFILE"] = limits.open_files
    if limits.total_timeout:
        out["RLIMIT_CPU"] = int(limits.total_timeout) + 60
    return out


def _keeper(function):
    """Run ``function`` in this process's keeper thread, which never ends, and return its result.

    bwrap's ``--die-with-parent`` fires when the *thread* that started it ends: a zygote started from
    a short-lived thread (an early re-check's, a test's) would die with it. Started from here, it
    lives as long as the grading process."""
    global _KEEPER
    with _KEEPER_LOCK:
        if _KEEPER is None or _KEEPER[0] != os.getpid():
            jobs: queue.Queue = queue.Queue()

            def serve() -> None:
                while True:
                    job, box, done = jobs.get()
                    try:
                        box.append((True, job()))
                    except BaseException as error:  # handed back to the caller
                        box.append((False, error))
                    done.set()

            threading.Thread(target=serve, name="autograder-zygote-keeper", daemon=True).start()
            _KEEPER = (os.getpid(), jobs)
        jobs = _KEEPER[1]
    box: list = []
    done = threading.Event()
    jobs.put((function, box, done))
    done.wait()
    ok, value = box[0]
    if not ok:
        raise value
    return value


_KEEPER: tuple[int, queue.Queue] | None = None
_KEEPER_LOCK = threading.Lock()


class Zygote:
    """One zygote process and its socket; requests are answered in order, one at a time.

    ``kind``: "kernel" (third-party libraries) or "recheck" (the course's checkers ``preload``)."""

    def __init__(self, base: str, uid: int, *, kind: str = "kernel", preload: tuple[str, ...] = ()) -> None:
        self.base = os.path.realpath(base)
        self.uid = uid
        self.kind = kind
        self._lock = threading.Lock()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        bwrap = _bwrap_args(writable=[self.base], readonly=[], cwd="/", tmp_mb=16, as_root=True, caps=_CAPS)
        command = [*bwrap, "--", sys.executable, "-P", str(SERVER), str(theirs.fileno()), kind,
                   ",".join(preload)]
        procs = cpu_group(uid)  # the kernels' CPU group: each child starts in it, like a launched one
        join = f'echo $$ > "{procs}" 2>/dev/null; ' if procs else ""

        def start() -> subprocess.Popen:
            return subprocess.Popen(
                ["/bin/sh", "-c", join + 'exec "$@"', "sh", *command], pass_fds=(theirs.fileno(),),
                env=kernel_env("/nonexistent-zygote-home"), cwd="/", stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

        try:
            self.process = _keeper(start)
        except OSError as exc:
            ours.close()
            raise ZygoteUnavailable(f"the zygote could not start: {exc}") from exc
        finally:
            theirs.close()
        self._sock = ours
        self._ready = False
        self.allowance = 0
        """Bytes of address space the zygote adds to each child's limit for the modules it imported."""

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def _read_reply(self, timeout: float) -> dict:
        self._sock.settimeout(timeout)
        try:
            data = self._sock.recv(1 << 20)
        except OSError as exc:
            raise ZygoteUnavailable(f"the zygote did not answer: {exc}") from exc
        if not data:
            raise ZygoteUnavailable("the zygote ended")
        try:
            reply = json.loads(data)
        except ValueError as exc:
            raise ZygoteUnavailable(f"the zygote answered out of step: {exc}") from exc
        if not isinstance(reply, dict):
            raise ZygoteUnavailable("the zygote answered out of step")
        return reply

    def request(self, message: dict, timeout: float = 60.0, pass_fd: int | None = None) -> dict:
        """Send one request and read its answer. A zygote that fails to answer is ended, so that no
        later request reads a late answer to this one; :func:`get_zygote` then makes a new one."""
        with self._lock:
            try:
                if not self._ready:
                    self.allowance = int(self._read_reply(_START_TIMEOUT).get("allowance") or 0)
                    self._ready = True
                try:
                    socket.send_fds(self._sock, [json.dumps(message).encode()], [] if pass_fd is None else [pass_fd])
                except OSError as exc:
                    raise ZygoteUnavailable(f"the zygote is gone: {exc}") from exc
                return self._read_reply(timeout)
            except ZygoteUnavailable:
                if self.process.poll() is None:
                    self.process.kill()
                    self.process.wait()
                raise

    def spawn(self, *, argv: list[str], cwd: str, env: dict[str, str], binds: list[tuple[str, bool]],
              hidden: list[str], limits: Limits, pass_fd: int | None = None) -> ZygoteProcess:
        """Fork a child (see :mod:`.zygote_server`); ``pass_fd`` is kept open in it, and ``{fd}`` in
        ``argv`` names it there."""
        reply = self.request({
            "op": "spawn", "uid": self.uid, "base": self.base, "argv": list(argv), "cwd": cwd, "env": env,
            "binds": [[os.path.realpath(p), ro] for p, ro in binds], "hidden": list(hidden),
            "readonly": _ro_paths(),  # bound back if the work folder or /tmp holds them
            "tmp_bytes": limits.tmp_mb * 1024 * 1024, "rlimits": rlimits(limits),
        }, pass_fd=pass_fd)
        if "pid" not in reply:
            raise ZygoteUnavailable(f"the zygote could not fork: {reply.get('error')}")
        return ZygoteProcess(self, int(reply["pid"]))

    def close(self) -> None:
        with self._lock:
            self._sock.close()
        if self.alive:
            self.process.kill()
        self.process.wait()


class ZygoteProcess:
    """A forked kernel, as jupyter_client's provisioner sees a launched one (``subprocess.Popen``'s methods)."""

    stdin = stdout = stderr = None

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote = zygote
        self.pid = pid
        """The kernel's pid in the zygote's PID namespace (signals go through the zygote)."""
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                status = self.zygote.request({"op": "poll", "pid": self.pid}).get("status")
            except ZygoteUnavailable:
                status = -signal.SIGKILL  # its kernels die with it (their parent-death signal)
            self.returncode = None if status is None else int(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.001  # doubled up to 20 ms: a re-check process ends a few ms after it is told to
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            try:
                self.zygote.request({"op": "signal", "pid": self.pid, "signal": int(signum)})
            except ZygoteUnavailable:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


_ZYGOTES: dict[tuple, Zygote] = {}
_ZYGOTES_LOCK = threading.Lock()


def close_zygotes() -> None:
    """End this process's zygotes (and so their children)."""
    with _ZYGOTES_LOCK:
        for key in [k for k in _ZYGOTES if k[0] == os.getpid()]:
            _ZYGOTES.pop(key).close()


def get_zygote(base: str, uid: int, *, kind: str = "kernel", preload: tuple[str, ...] = ()) -> Zygote:
    """This grading process's zygote of ``kind`` for children of ``uid`` whose folders are in ``base``.

    Made on first use and kept for the process's life (started from the keeper thread: see
    :func:`_keeper`), and made again if it has ended."""
    key = (os.getpid(), os.path.realpath(base), uid, kind, tuple(preload))
    with _ZYGOTES_LOCK:
        zygote = _ZYGOTES.get(key)
        if zygote is None or not zygote.alive:
            if zygote is not None:
                zygote.close()
            zygote = _ZYGOTES[key] = Zygote(base, uid, kind=kind, preload=preload)
        return zygote


atexit.register(close_zygotes)
