"""The zygote: an interpreter with the heavy modules imported, forked once per kernel or re-check process.

Run by :mod:`autograder.grading.zygote` as ``python -P <this file> FD KIND`` inside bubblewrap (as
root, with only the capabilities below); the grader never imports it. A *kernel* zygote imports
the standard library, the third-party packages the notebooks use and the course's checkers and
widgets (:data:`COURSE_MODULES`), never an answer key: a kernel whose assignment hides a file the
zygote imported is refused, and the grader launches it instead. A *re-check* zygote (a separate
process) imports the course's checkers, as a launched re-check process does with ``--preload``.
Neither reads anything of a course or runs learner code, so a forked child inherits nothing but
fresh copies of those modules. Before it forks anything, a zygote moves the objects it made out
of the garbage collector's reach (``gc.freeze``), so a child's collections do not copy its heap,
and a kernel zygote replaces functions with equivalents: one of ``stack_data`` that
recompiled pygments' lexer for every frame of a traceback (:func:`_highlight_with_one_lexer`),
IPython's traceback formatter, which formatted each error twice (:func:`_format_each_error_once`)
and looked up each frame's module about five times (:func:`_find_each_module_once`).

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
5. takes a fresh process's environment and working folder, reseeds numpy's global generator,
   points matplotlib at the kernel's own configuration folders (or is refused if it would read
   settings of the kernel's own) and runs ipykernel's app (or the re-check) from the same command line a launched one gets.

Any step that fails ends the child before it runs anything else, and the zygote answers with the
reason. Capabilities the zygote holds: CAP_SYS_ADMIN (namespaces, mounts), CAP_SETUID and
CAP_SETGID (the switch), CAP_NET_ADMIN (loopback) and CAP_KILL (signals to its children, which run
as another uid).
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import json
import os
import resource
import select
import signal
import socket
import struct
import sys
from typing import Any

KERNEL_MODULES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython.core.interactiveshell", "IPython.core.completer", "jupyter_client.session", "zmq", "tornado.ioloop",
    "comm",
)
"""What every kernel imports as it starts."""
LIBRARIES = ("numpy", "pandas", "pint", "hypothesis", "yaml", "psycopg", "PIL.Image", "pyparsing", "dateutil.parser",
             "sqlite3", "stack_data", "pygments.lexers.python", "ipywidgets", "matplotlib", "matplotlib.pyplot")
"""What the course's notebooks (and IPython's tracebacks) import, imported once here so that no
kernel pays for them. matplotlib reads its configuration folders as it is imported: each child
points it at its own (:func:`_matplotlib_for_this_kernel`), and a kernel whose configuration
would differ from the zygote's is refused (and launched). ipywidgets registers its comm targets
with the running kernel at import; a child does that once its kernel exists (:func:`_run_kernel`)."""
COURSE_MODULES = (
    "autograder", "openapi_spec_validator", "autograder.rubric", "autograder.rubric.widget", "autograder.rubric.levels",
    "autograder.estimate", "autograder.estimate.explore", "autograder.schema", "autograder.api", "autograder.sketches",
    "autograder.requirements", "autograder.contract", "autograder.timer",
)
"""The course's checkers and widgets that the notebooks import (``autograder`` first: it puts in
place the stand-in that ``openapi_spec_validator``'s jsonschema needs). None is an answer key, and
that is not taken on trust: every file this zygote imported is compared with the files each
kernel must not read (its assignment's answer keys), at every fork, and a kernel whose key the
zygote holds is refused and launched instead (:func:`_holds_hidden`). ``autograder.architecture``
is left out for that reason: it computes module 7's scenario from module 4's key as it is imported."""

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
    _matplotlib_for_this_kernel()


def _matplotlib_for_this_kernel() -> None:
    """Point the preloaded matplotlib at this kernel's folders, as importing it here would have.

    matplotlib remembers its configuration and cache folders the first time they are asked for
    (in the zygote: folders of its own), and it reads its settings (a ``matplotlibrc``) and the
    user's style sheets as it is imported. The folders are looked up afresh for this kernel's
    environment. A kernel that would find settings or style sheets of its own (a ``matplotlibrc``
    in its working folder, ``MATPLOTLIBRC``, files in its configuration folder) would import a
    differently configured matplotlib, so it is refused: the grader launches it instead."""
    mpl: Any = sys.modules.get("matplotlib")
    if mpl is None:
        return
    mpl.get_configdir = mpl._logged_cached("CONFIGDIR=%s", mpl.get_configdir.__wrapped__)
    mpl.get_cachedir = mpl._logged_cached("CACHEDIR=%s", mpl.get_cachedir.__wrapped__)
    default = os.path.join(mpl.get_data_path(), "matplotlibrc")
    if os.path.realpath(mpl.matplotlib_fname()) != os.path.realpath(default):
        raise RuntimeError("matplotlib would read settings of this kernel's own: it is launched")
    stylelib = os.path.join(mpl.get_configdir(), "stylelib")
    if os.path.isdir(stylelib):
        raise RuntimeError("matplotlib would read style sheets of this kernel's own: it is launched")
    style = sys.modules.get("matplotlib.style")
    if style is not None and hasattr(style, "USER_LIBRARY_PATHS"):
        style.USER_LIBRARY_PATHS[:] = [stylelib]
    tex = sys.modules.get("matplotlib.texmanager")
    if tex is not None:
        from pathlib import Path

        tex.TexManager._cache_dir = Path(mpl.get_cachedir(), "tex.cache")


def _run_kernel(req: dict) -> None:
    import importlib.util

    spec = importlib.util.find_spec("ipykernel_launcher")  # what a launched kernel's sys.argv[0] is
    sys.argv = [spec.origin if spec and spec.origin else "ipykernel_launcher", *req["argv"]]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()  # ipykernel's launch_new_instance, with one step between its two
    app.initialize()
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None and hasattr(widgets, "_handle_ipython"):
        widgets._handle_ipython()  # its comm targets, which it registers at import in a running kernel
    app.start()


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
            held = _holds_hidden(req.get("hidden", [])) if op == "spawn" else None
            if held is not None:
                reply: dict = {"error": f"this zygote imported {held}, which the child must not read"}
            elif op == "spawn":
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


_ARENA = 64 * 1024 * 1024
"""The address space glibc reserves for each malloc arena beyond the first (on 64-bit Linux)."""


def _address_space() -> int:
    """The address space this process has mapped, less its spare malloc arenas.

    An arena a library's passing thread made while it was imported stays mapped after the thread
    ends, and the first thread a forked kernel starts takes it over, where a launched kernel maps a
    new one: counting it would give a forked kernel that much more room than a launched one."""
    mapped, arenas, previous_end, run_start = 0, 0, -1, -1
    with open("/proc/self/maps", encoding="ascii", errors="replace") as fh:
        for line in fh:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            mapped += end - start
            anonymous = len(fields) < 6 and fields[4] == "0"
            if anonymous and start == previous_end and run_start >= 0:
                pass  # the arena's reserved rest, right after its used part
            elif anonymous and start % _ARENA == 0:
                run_start = start
            else:
                run_start = -1
            if run_start >= 0 and end - run_start == _ARENA:
                arenas += 1
                run_start = -1
            previous_end = end
    return mapped - arenas * _ARENA


def _import(names: tuple[str, ...]) -> None:
    import importlib

    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # a library that is not installed is simply not preloaded
            continue


def _highlight_with_one_lexer() -> None:
    """Give stack_data's highlighting of a traceback's lines one lexer class instead of a new one per call.

    IPython formats each frame of a traceback with ``stack_data``, whose ``_pygmented_with_ranges``
    defines a subclass of pygments' Python lexer on every call, so pygments compiles the lexer's
    rules again for every frame of every traceback (about 4.5 ms a frame: a failing test cell's
    traceback took 29 ms, 13 ms with this). The replacement makes that class once; the text it
    returns is the same (``tests/test_grading_zygote.py`` compares a forked kernel's traceback with a
    launched one's)."""
    import pygments
    import stack_data.core
    import stack_data.utils
    from pygments.lexers import get_lexer_by_name

    original = stack_data.utils._pygmented_with_ranges
    if stack_data.core._pygmented_with_ranges is not original:  # another version: left as it is
        return

    class RangesLexer(type(get_lexer_by_name("python3"))):  # type: ignore[misc]
        ranges: tuple = ()

        def get_tokens(self, text):  # as stack_data's, with the ranges on the instance
            length = 0
            for ttype, value in super().get_tokens(text):
                if any(start <= length < end for start, end in self.ranges):
                    ttype = ttype.ExecutingNode
                length += len(value)
                yield ttype, value

    def pygmented_with_ranges(formatter, code, ranges):
        lexer = RangesLexer(stripnl=False)
        lexer.ranges = ranges
        try:
            highlighted = pygments.highlight(code, lexer, formatter)
        except Exception:  # as stack_data: code without highlighting rather than no traceback
            highlighted = code
        return highlighted.splitlines()

    pygmented_with_ranges.__doc__ = original.__doc__
    stack_data.core._pygmented_with_ranges = stack_data.utils._pygmented_with_ranges = pygmented_with_ranges


def _find_each_module_once() -> None:
    """Let ``inspect`` look up the module of a traceback's frames once per file while IPython formats
    one traceback, not about five times per frame.

    IPython's formatter asks ``inspect.getmodule`` for each frame's module, directly and through
    ``getsourcefile`` and ``findsource``, 13 times for a test cell's error of three frames. A cell's
    file is no module's, so every call walks all of ``sys.modules`` to find out: 2,031 modules in a
    forked kernel (656 in a launched one), 0.75 ms a walk. While one traceback is formatted, the
    first answer for a frame's file (with the same ``_filename`` and working folder) is given again
    for the others. A walk changes nothing unless ``sys.modules`` changed, so an import in between
    starts afresh. Only frames, tracebacks and code objects are answered this way (they name no
    module and have no name, so the answer depends on their file alone); anything else is looked up
    as before. The text is the same (``tests/test_grading_tracebacks.py``)."""
    import inspect
    import types

    from IPython.core import ultratb

    cls = ultratb.AutoFormattedTB
    original = cls.structured_traceback
    getmodule = inspect.getmodule
    _FRAMES_AND_CODE = (types.FrameType, types.CodeType, types.TracebackType)  # no module or name of their own

    def structured_traceback(self, *args, **kwargs):
        if inspect.getmodule is not getmodule:  # replaced by someone else, or a traceback inside one
            return original(self, *args, **kwargs)
        found: dict[tuple, Any] = {}
        modules = len(sys.modules)

        def getmodule_once(object, _filename=None):  # inspect.getmodule's own parameter names
            nonlocal modules
            if not isinstance(object, _FRAMES_AND_CODE):  # anything else: looked up as before
                return getmodule(object, _filename)
            try:
                key = (inspect.getfile(object), _filename, os.getcwd())
            except (TypeError, OSError):
                return getmodule(object, _filename)
            if len(sys.modules) != modules:
                found.clear()
                modules = len(sys.modules)
            if key not in found:
                found[key] = getmodule(object, _filename)
            return found[key]

        getmodule_once.__doc__ = getmodule.__doc__
        inspect.getmodule = getmodule_once
        try:
            return original(self, *args, **kwargs)
        finally:
            inspect.getmodule = getmodule

    structured_traceback.__doc__ = original.__doc__
    structured_traceback.__wrapped__ = original  # type: ignore[attr-defined]
    cls.structured_traceback = structured_traceback  # type: ignore[method-assign]


def _format_each_error_once() -> None:
    """Let IPython format a cell's error once, not twice.

    IPython 9 formats the error of a cell to show it (``showtraceback``) and then again, with the
    same exception, traceback and offset, to keep it in its history
    (``InteractiveShell._format_exception_for_storage``): 1.6 of 14.4 core-seconds of the kernels'
    time in a grading run of 36 notebooks, half of them failing. The formatter's method here remembers its last result, and a call with the very same
    objects and settings straight after gets a copy of it. Nothing of the learner's runs between
    the two; in the ``Verbose`` mode, whose text shows variables' values, every call formats anew."""
    from IPython.core import ultratb

    cls = ultratb.AutoFormattedTB
    original = cls.structured_traceback
    last: list[tuple] = []

    def structured_traceback(self, etype, evalue, etb=None, tb_offset=None, context=5):
        key = (self, etype, evalue, etb, self.tb_offset if tb_offset is None else tb_offset, context,
               self.mode, getattr(self, "_theme_name", None))
        if last:
            seen, text = last.pop()
            if all(a is b or (type(a) in (int, str) and type(b) is type(a) and a == b)
                   for a, b in zip(seen, key, strict=True)):
                return list(text)
        text = original(self, etype, evalue, etb, tb_offset, context)
        if etype is not None and not getattr(self, "include_vars", False):
            last.append((key, list(text)))
        return text

    structured_traceback.__doc__ = original.__doc__
    structured_traceback.__wrapped__ = original  # type: ignore[attr-defined]
    cls.structured_traceback = structured_traceback  # type: ignore[method-assign]


def _warm_tracebacks() -> None:
    """Format one traceback the way a kernel does, so that the work every kernel would repeat on
    its first error is done once: pygments builds its Python lexer's token tables, ``inspect`` its
    table of the imported modules' files. What is kept is keyed by code and file, never by a
    learner's cell."""
    try:
        _highlight_with_one_lexer()
        from IPython.core import ultratb

        try:
            raise ValueError("the zygote's warm-up")
        except ValueError:
            ultratb.AutoFormattedTB(mode="Context", theme_name="neutral").structured_traceback(*sys.exc_info())
        _find_each_module_once()
        _format_each_error_once()
    except Exception:  # only a warm-up: a kernel does it on its own
        pass


_IMPORTED: frozenset[str] = frozenset()
"""The real paths of every file this zygote imported (source and compiled), once it has imported them."""


def _imported_files() -> frozenset[str]:
    found: set[str] = set()
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)  # never getattr on the module: a lazy one would load
        if not isinstance(namespace, dict):
            continue
        for key in ("__file__", "__cached__"):
            path = namespace.get(key)
            if isinstance(path, str):
                found.add(os.path.realpath(path))
    return frozenset(found)


def _holds_hidden(hidden: list[str], seen: dict[tuple[str, ...], str | None] = {}) -> str | None:  # noqa: B006
    """The first file this zygote imported that is one of ``hidden`` or in one of its folders, or
    None (``seen``: the answers so far; the files imported do not change once it serves)."""
    key = tuple(hidden)
    if key not in seen:
        real = [os.path.realpath(path) for path in hidden]
        seen[key] = next((held for held in sorted(_IMPORTED) if any(_under(held, path) for path in real)), None)
    return seen[key]


def main() -> None:
    """``FD kernel``: fork kernels; ``FD recheck MODULES``: fork re-check processes (:mod:`.recheck`)
    with the course's checker ``MODULES`` (comma-separated) imported. The two are separate
    zygotes, so a kernel never holds the course's checkers or answer keys."""
    fd, kind = int(sys.argv[1]), sys.argv[2]
    if kind == "kernel":
        _import(KERNEL_MODULES)
        before = _address_space()
        _import(LIBRARIES)
        _import(COURSE_MODULES)
        _warm_tracebacks()
        run = _run_kernel
    elif kind == "recheck":
        _import(("autograder.grading.recheck", "autograder.grading.livecheck"))
        before = _address_space()
        _import(tuple(name for name in sys.argv[3].split(",") if name.startswith("autograder.")))
        run = _run_recheck
    else:
        raise SystemExit(f"unknown zygote kind {kind!r}")
    global _IMPORTED
    _IMPORTED = _imported_files()
    # Every object made so far is moved out of the collector's reach. A child's full collection
    # would otherwise walk them all and write to each one's header, copying the zygote's heap
    # page by page (about 0.11 core-seconds and 60 MB per collection in a kernel child).
    gc.collect()
    gc.freeze()
    # A launched process maps a library only when it is imported; a forked one has them all.
    # The address space they take is added to its limit, so the learner's code has the same room.
    serve(fd, run, max(0, _address_space() - before))


if __name__ == "__main__":
    main()
