"""The zygote: an interpreter with the heavy modules imported, forked once per kernel or re-check process.

Run by :mod:`autograder.grading.zygote` as ``python -P <this file> FD KIND`` inside bubblewrap (as
root, with only the capabilities below) and never imported. A *kernel* zygote imports the
standard library and third-party packages only, never the course's code or answer keys; a
*re-check* zygote (a separate process) imports the course's checkers, as a launched re-check
process does with ``--preload``. Neither reads anything of a course or runs learner code, so a
forked child inherits nothing but fresh copies of those modules.

Requests come as JSON messages on the socket ``FD`` (SOCK_SEQPACKET, from the grading process
only). For ``spawn`` it forks; before the child runs anything of the learner's it

1. enters new mount, IPC and network namespaces (loopback up, nothing else);
2. mounts a fresh, size-limited ``/tmp`` and, over the grader's work folder, an empty one, then
   binds back read-only the Python installation and the course's package if they were under one
   of those, binds back the child's own folders at their own paths (a kernel's connection folder
   read-only) and hides the assignment's answer keys (an empty folder or file in their place);
3. sets the resource limits, starts a new session, points stdin, stdout and stderr at
   ``/dev/null`` and closes every other descriptor (this socket included) but one passed with
   the request (a re-check process's control connection);
4. drops to the kernel's uid with no groups: every capability is lost with the switch, and
   bubblewrap's ``no_new_privs`` holds, so nothing it runs can regain one; the parent-death
   signal kills it if the zygote dies;
5. takes a fresh process's environment and working folder, reseeds numpy's global generator and
   runs ipykernel's app (or the re-check) from the same command line a launched one gets.

Any step that fails ends the child before it runs anything else, and the zygote answers with the
reason. Capabilities the zygote holds: CAP_SYS_ADMIN (namespaces, mounts), CAP_SETUID and
CAP_SETGID (the switch), CAP_NET_ADMIN (loopback) and CAP_KILL (signals to its children, which run
as another uid).
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import resource
import select
import signal
import socket
import struct
import sys

KERNEL_MODULES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython.core.interactiveshell", "IPython.core.completer", "jupyter_client.session", "zmq", "tornado.ioloop",
    "comm",
)
"""What every kernel imports as it starts."""
LIBRARIES = ("numpy", "pandas", "pint", "hypothesis", "yaml", "psycopg", "PIL.Image", "pyparsing", "dateutil.parser")
"""What the course's notebooks import, imported once here so that no kernel pays for them. Only
modules that read no configuration of the learner's at import: matplotlib is left out (it reads
its configuration folder as it is imported)."""

_CLONE_NEWNS, _CLONE_NEWIPC, _CLONE_NEWNET = 0x00020000, 0x08000000, 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
_PR_SET_PDEATHSIG = 1
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.unshare.argtypes = [ctypes.c_int]
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _check(_libc.mount(source.encode() if source else None, target.encode(), fstype.encode() if fstype else None,
                       flags, data.encode() if data else None), f"mount {target}")


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _make_dirs(path: str) -> None:
    """``path`` and its missing parents, 0755 (mount points in a fresh tmpfs)."""
    missing = []
    while not os.path.isdir(path):
        missing.append(path)
        path = os.path.dirname(path)
    for folder in reversed(missing):
        os.mkdir(folder, 0o755)
        os.chmod(folder, 0o755)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(sock, _SIOCGIFFLAGS, request + b"\0" * 22)[:18])[1]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | _IFF_UP) + b"\0" * 22)


def _isolate(req: dict) -> None:
    """Steps 1-4 of the module's docstring, in the forked child (still root, still capable)."""
    base = os.path.realpath(req["base"])
    binds = [(os.path.realpath(path), bool(ro)) for path, ro in req["binds"]]
    for path, _ in binds:
        if not _under(path, base):
            raise ValueError(f"{path} is not in the work folder {base}")
    _check(_libc.unshare(_CLONE_NEWNS | _CLONE_NEWIPC | _CLONE_NEWNET), "unshare")
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    covered = ["/tmp"] if _under(base, "/tmp") else ["/tmp", base]
    # The Python installation and the course's package where they live in a folder about to be
    # covered (a clone in /tmp), then the child's own folders: held open before they are covered.
    readonly = [os.path.realpath(p) for p in req.get("readonly", [])]
    keep = [(path, True, os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)) for path in readonly
            if any(_under(path, folder) for folder in covered) and os.path.isdir(path)]
    held = [(path, ro, os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)) for path, ro in binds]
    _mount("tmpfs", "/tmp", "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={int(req['tmp_bytes'])},mode=1777")
    if not _under(base, "/tmp"):
        _mount("tmpfs", base, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=1m,mode=0755")
    for path, ro, fd in [*keep, *held]:
        _make_dirs(path)
        _mount(f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC)
        _mount(None, path, None, _MS_BIND | _MS_REMOUNT | _MS_NOSUID | _MS_NODEV | (_MS_RDONLY if ro else 0))
        os.close(fd)
    for path in req.get("hidden", []):
        if os.path.isdir(path):
            _mount("tmpfs", path, "tmpfs", _MS_RDONLY | _MS_NOSUID | _MS_NODEV, "size=4k,mode=0555")
        elif os.path.lexists(path):
            _mount("/dev/null", path, None, _MS_BIND)
            _mount(None, path, None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)
    _loopback_up()
    for name, value in req.get("rlimits", {}).items():
        resource.setrlimit(getattr(resource, name), (int(value), int(value)))
    os.setsid()
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    uid = int(req["uid"])
    if uid <= 0:
        raise ValueError("a kernel never runs as root")
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    with open("/proc/self/status", encoding="ascii") as fh:
        status = dict(line.split(":", 1) for line in fh if ":" in line)
    # (The inheritable set stays as bubblewrap left it, as for a launched kernel: with no_new_privs
    # no file capability applies, so it can never become a permitted one.)
    kept = [key for key in ("CapPrm", "CapEff", "CapAmb") if int(status.get(key, "0").strip(), 16)]
    if kept or status.get("NoNewPrivs", "0").strip() != "1" or os.getuid() != uid or os.geteuid() != uid:
        raise PermissionError(f"the kernel kept capabilities ({', '.join(kept) or 'no_new_privs off'})")
    _check(_libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl")
    os.chdir(req["cwd"])


def _fresh_state(req: dict) -> None:
    """What a new interpreter would have: the request's environment, its own random state, no cached temp folder."""
    import tempfile

    os.environ.clear()
    os.environ.update(req["env"])
    tempfile.tempdir = None
    if "numpy.random" in sys.modules:  # its global generator was seeded once, here: every child gets its own
        sys.modules["numpy.random"].seed()


def _run_kernel(req: dict) -> None:
    import importlib.util

    spec = importlib.util.find_spec("ipykernel_launcher")  # what a launched kernel's sys.argv[0] is
    sys.argv = [spec.origin if spec and spec.origin else "ipykernel_launcher", *req["argv"]]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def _run_recheck(req: dict) -> None:
    from autograder.grading import recheck

    sys.argv = ["recheck", *req["argv"]]
    recheck.main(list(req["argv"]))


def _spawn(req: dict, server: socket.socket, passed: list[int], run) -> dict:
    """Fork one child that isolates itself and then calls ``run(req)``; ``passed``: descriptors it
    keeps (``{fd}`` in its arguments is replaced by the first one's number)."""
    if passed:
        req["argv"] = [a.replace("{fd}", str(passed[0])) for a in req["argv"]]
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(ready_r)
            server.close()
            _isolate(req)
            keep = sorted({ready_w, *passed})
            previous = 2
            for fd in keep:
                os.closerange(previous + 1, fd)
                previous = fd
            os.closerange(previous + 1, 1 << 16)
            for fd in passed:
                os.set_inheritable(fd, False)
            _fresh_state(req)
            os.write(ready_w, b"ok")
            os.close(ready_w)
            run(req)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException as error:  # never back into the zygote's loop
            try:
                os.write(ready_w, f"{type(error).__name__}: {error}"[:2000].encode("utf-8", "replace"))
            except OSError:
                pass
            code = 127
        finally:
            os._exit(code)
    os.close(ready_w)
    message = b""
    try:
        readable, _, _ = select.select([ready_r], [], [], float(req.get("timeout", 30)))
        message = os.read(ready_r, 4096) if readable else b""
    finally:
        os.close(ready_r)
    if message == b"ok":
        return {"pid": pid}
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return {"error": message.decode("utf-8", "replace") or "the child's sandbox did not come up in time"}


def _reap(pid: int, exited: dict[int, int], within: float = 1.0) -> bool:
    """Wait up to ``within`` seconds (0: just look) for the child ``pid`` to end; True (its status
    kept in ``exited``) if it did."""
    import time

    deadline = time.monotonic() + within
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return False
        if done:
            exited[pid] = os.waitstatus_to_exitcode(status)
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)


def serve(fd: int, run, allowance: int = 0) -> None:
    """Answer the grading process's requests on ``fd`` (a SOCK_SEQPACKET socket: one message per
    request, a descriptor passed with it); ``allowance``: bytes of address space added to each
    child's limit for the libraries imported here."""
    server = socket.socket(fileno=fd)
    exited: dict[int, int] = {}
    children: set[int] = set()
    server.send(json.dumps({"ready": os.getpid(), "allowance": allowance}).encode())
    while True:
        readable, _, _ = select.select([server], [], [], 1.0)
        for pid in [p for p in children if _reap(p, exited, within=0)]:  # what ended; its status is kept for "poll"
            children.discard(pid)
        if not readable:
            continue
        data, passed, _, _ = socket.recv_fds(server, 1 << 20, 4)
        if not data:
            return  # the grading process is gone
        try:
            req = json.loads(data)
            op = req.get("op")
            if op == "spawn":
                if "RLIMIT_AS" in req.get("rlimits", {}):
                    req["rlimits"]["RLIMIT_AS"] = int(req["rlimits"]["RLIMIT_AS"]) + allowance
                reply = _spawn(req, server, passed, run)
                if "pid" in reply:
                    children.add(reply["pid"])
            elif op == "signal":
                pid, signum = int(req["pid"]), int(req["signal"])
                if pid in children:
                    try:
                        os.kill(pid, signum)
                    except ProcessLookupError:
                        pass
                    if signum == signal.SIGKILL and _reap(pid, exited):
                        children.discard(pid)  # gone before the answer: the next "poll" says so at once
                reply = {"ok": True}
            elif op == "poll":
                pid = int(req["pid"])
                if pid in children and _reap(pid, exited, within=0):
                    children.discard(pid)
                reply = {"status": exited.get(pid)}
            else:
                reply = {"error": f"unknown request {op!r}"}
        finally:
            for passed_fd in passed:  # the child has its own copy
                os.close(passed_fd)
        server.send(json.dumps(reply).encode())


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _import(names: tuple[str, ...]) -> None:
    import importlib

    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # a library that is not installed is simply not preloaded
            continue


def main() -> None:
    """``FD kernel``: fork kernels; ``FD recheck MODULES``: fork re-check processes (:mod:`.recheck`)
    with the course's checker ``MODULES`` (comma-separated) imported. The two are separate
    zygotes, so a kernel never holds the course's checkers or answer keys."""
    fd, kind = int(sys.argv[1]), sys.argv[2]
    if kind == "kernel":
        _import(KERNEL_MODULES)
        before = _address_space()
        _import(LIBRARIES)
        run = _run_kernel
    elif kind == "recheck":
        _import(("autograder.grading.recheck", "autograder.grading.livecheck"))
        before = _address_space()
        _import(tuple(name for name in sys.argv[3].split(",") if name.startswith("autograder.")))
        run = _run_recheck
    else:
        raise SystemExit(f"unknown zygote kind {kind!r}")
    # A launched process maps a library only when it is imported; a forked one has them all.
    # The address space they take is added to its limit, so the learner's code has the same room.
    serve(fd, run, max(0, _address_space() - before))


if __name__ == "__main__":
    main()
