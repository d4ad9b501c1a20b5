"""Run a notebook kernel inside bubblewrap and under resource limits.

The kernel command nbgrader would run (``python -m ipykernel_launcher -f conn.json``)
is wrapped as::

    sh -c 'trap "" INT; exec "$@"'  prlimit --as=... --nproc=... --  setpriv --reuid=U ...  bwrap ... -- <kernel>

- ``prlimit`` caps address space (memory), processes, file size, open files, CPU seconds.
- ``setpriv`` (only when the grader runs as root) drops the kernel to an otherwise unused uid,
  so the process limit really applies (root is exempt from RLIMIT_NPROC) and the kernel
  cannot read files only the instructor may read.
- ``bwrap``: no network, no other namespaces, a read-only view of the system and the Python
  installation, and **nothing else**: neither the course folder (``source/``, ``gradebook.db``)
  nor the throw-away folder around the submission. Only the submission's own folder and the
  kernel's connection folder are writable; ``/tmp`` is a small private tmpfs.

The six adjustments docs/grading-notes.md describes for ipykernel inside bwrap are made here:
(1) the base interpreter's prefix is bound read-only, (2) mount points are created under
tmpfs, never in the read-only root, (3) ``JPY_PARENT_PID`` is dropped from the environment,
(4) the connection folder is bound into the sandbox, (5) the wrapper ignores SIGINT before
exec'ing bwrap so jupyter_client's process-group interrupt reaches only the kernel,
(6) IPC transport with an absolute path instead of TCP.

As root, :class:`SandboxKernelManager` forks kernels from a pre-imported zygote instead
(:mod:`.zygote`, ``fork_kernels``), which builds the same view, limits and uid itself; this
command is then the fallback when the zygote cannot start or fork.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Dict, Int, List, Unicode

__all__ = ["DEFAULT_LIMITS", "Limits", "SandboxKernelManager", "SandboxUnavailable", "sandbox_status", "wrap_command"]

_SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
UID_BASE = 200_000
"""Kernels run as ``UID_BASE + n`` when the grader is root; no such user exists on the system."""


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces here."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one graded submission. ``None`` switches a limit off."""

    cell_timeout: int | None = None
    """Seconds one cell may run before it is interrupted (``None``: nbgrader_config's ``Execute.timeout``)."""
    total_timeout: int | None = 600
    """Seconds all cells of one notebook may run together; later cells are not run."""
    memory_mb: int | None = 4096
    """Address space of each kernel process (RLIMIT_AS). Python with pandas maps ~1.5 GB."""
    processes: int | None = 128
    """Processes and threads of the kernel's user (RLIMIT_NPROC; the kernel itself uses ~10)."""
    file_size_mb: int | None = 64
    """Largest file the kernel may write (RLIMIT_FSIZE)."""
    output_kb: int | None = 1024
    """Output (stdout, stderr, displays) kept per cell; beyond it the cell is interrupted."""
    open_files: int | None = 1024
    """Open file descriptors per process (RLIMIT_NOFILE)."""
    tmp_mb: int = 256
    """Size of the sandbox's private /tmp."""

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT_LIMITS = Limits()


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def _ro_paths() -> list[str]:
    """Folders the kernel must read: the Python installation and the course package."""
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    candidates.add(str(Path(os.path.realpath(sys.executable)).parent.parent))
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            candidates.add(sysconfig.get_paths()[key])
        except KeyError:
            pass
    import autograder

    candidates.add(str(Path(autograder.__file__).resolve().parent))
    paths = []
    for p in sorted(candidates):
        real = os.path.realpath(p)
        if not os.path.isdir(real) or any(real == d or real.startswith(d + "/") for d in _SYSTEM_DIRS):
            continue
        if real == "/":
            continue
        paths.append(real)
    # Drop paths already covered by a parent in the list.
    return [p for p in paths if not any(p != q and p.startswith(q + "/") for q in paths)]


def _bwrap_args(*, writable: list[str], readonly: list[str], cwd: str, tmp_mb: int, as_root: bool,
                hidden: list[str] | None = None, caps: tuple[str, ...] = ("CAP_SETUID", "CAP_SETGID")) -> list[str]:
    args = [bwrap_path() or "bwrap", "--die-with-parent", "--hostname", "sandbox"]
    if as_root:
        # No user namespace: the kernel switches to a real, unused uid inside (setpriv needs
        # these two capabilities for that and loses all capabilities with the switch; the
        # kernel zygote, :mod:`.zygote`, needs a few more to build each forked kernel's view).
        args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        for cap in caps:
            args += ["--cap-add", cap]
    else:
        args += ["--unshare-all"]
    for d in _SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    # /tmp: private, bounded and writable by the kernel (bwrap makes a tmpfs 0755, root's, by default)
    args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(tmp_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    # Every other top-level folder a bound path lives under becomes an empty tmpfs first, so
    # the binds below create their mount points there, not in the read-only root (adjustment 2).
    binds = [(p, "--ro-bind") for p in _ro_paths()] + [(os.path.realpath(r), "--ro-bind") for r in readonly]
    binds += [(os.path.realpath(w), "--bind") for w in writable]
    tops = sorted({"/" + p.strip("/").split("/")[0] for p, _ in binds} - {"/tmp"} - set(_SYSTEM_DIRS))
    for top in tops:
        args += ["--tmpfs", top]
    # Intermediate mount points would be created 0700 (root-only): create them 0755 first.
    made: set[str] = set()
    for path, how in binds:
        parts = Path(path).parts
        for i in range(3, len(parts)):
            ancestor = str(Path(*parts[:i]))
            if ancestor not in made:
                made.add(ancestor)
                args += ["--perms", "0755", "--dir", ancestor]
        args += [how, path, path]
    for path in hidden or []:  # answer keys (see .keys): an empty folder or an empty file in their place
        if os.path.isdir(path):
            args += ["--perms", "0555", "--tmpfs", path]
        elif os.path.exists(path):
            args += ["--ro-bind", "/dev/null", path]
    args += ["--chdir", os.path.realpath(cwd)]
    return args


def _limit_args(limits: Limits, uid: int | None) -> list[str]:
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return []
    args = [prlimit, "--core=0"]
    if limits.memory_mb:
        args.append(f"--as={limits.memory_mb * 1024 * 1024}")
    if limits.processes:
        nproc = limits.processes
        if uid is None:  # shared with the grader's own user: leave room for what already runs
            nproc += _processes_of(os.getuid())
        args.append(f"--nproc={nproc}")
    if limits.file_size_mb:
        args.append(f"--fsize={limits.file_size_mb * 1024 * 1024}")
    if limits.open_files:
        args.append(f"--nofile={limits.open_files}")
    if limits.total_timeout:
        # CPU seconds: a backstop behind the wall-clock limits enforced by the grader.
        args.append(f"--cpu={int(limits.total_timeout) + 60}")
    return args + ["--"]


def _processes_of(uid: int) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                pass
    return count


_UIDS: dict[int, tuple[int, int]] = {}  # grading process id -> (uid, fd of the lock that claims it)


def kernel_uid() -> int | None:
    """The uid kernels of this grading process run as (None: not root, keep our own).

    Each grading process claims its own uid for its lifetime with an exclusive lock on
    ``<tmp>/autograder-kernel-uid-N.lock``, so two graders on one machine never share a uid
    (they would count against each other's process limit and kill each other's leftovers).
    """
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    pid = os.getpid()
    if pid in _UIDS:
        return _UIDS[pid][0]
    import fcntl

    for n in range(60_000):
        fd = os.open(os.path.join(tempfile.gettempdir(), f"autograder-kernel-uid-{n}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        _UIDS[pid] = (UID_BASE + n, fd)
        return UID_BASE + n
    raise RuntimeError("no free uid for a sandboxed kernel")


def safe_python(cmd: list[str]) -> list[str]:
    """``cmd`` with the Python interpreter told never to import from its working folder.

    A submission's folder could hold ``ipykernel_launcher.py`` or a package named
    ``autograder``: ``-P`` (Python 3.11+; ``-I`` before) keeps the working folder off
    ``sys.path``, and IPython then does not add it either.
    """
    if not cmd or os.path.basename(cmd[0]).split(".")[0] not in ("python", "python3") and cmd[0] != sys.executable:
        return list(cmd)
    flag = "-P" if sys.version_info >= (3, 11) else "-I"
    out = [cmd[0], flag, *cmd[1:]]
    if "ipykernel_launcher" in cmd or "ipykernel" in cmd:
        out.append("--IPKernelApp.ignore_cwd=True")
    return out


_CPU_V1 = "/sys/fs/cgroup/cpu"


def cpu_group(uid: int | None) -> str | None:
    """The ``cgroup.procs`` file of a CPU group of this kernel's own, or None where there is none.

    Each kernel's processes share one group with the default weight, so a submission that runs
    64 busy processes gets no more CPU than one that runs a single one: its neighbours' cells
    do not slow down (the cgroup v1 ``cpu`` controller, writable by root here; elsewhere the
    kernel still runs, without a group).
    """
    if uid is None or os.geteuid() != 0 or not os.access(os.path.join(_CPU_V1, "cgroup.procs"), os.W_OK):
        return None
    group = os.path.join(_CPU_V1, f"autograder-{uid}")
    try:
        os.makedirs(group, exist_ok=True)
        with open(os.path.join(group, "cpu.shares"), "w", encoding="ascii") as fh:
            fh.write("1024")
    except OSError:
        return None
    return os.path.join(group, "cgroup.procs")


def wrap_command(
    cmd: list[str], *, writable: list[str], cwd: str, limits: Limits, use_bwrap: bool, uid: int | None,
    readonly: list[str] | None = None, hidden: list[str] | None = None,
) -> list[str]:
    """The kernel command ``cmd`` wrapped in limits, a dropped uid and (optionally) bwrap.

    ``hidden``: files and folders the command must not read (bwrap only): an empty file or
    folder is mounted in their place."""
    wrapped = _limit_args(limits, uid)
    drop = [] if uid is None else ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
    if use_bwrap:
        wrapped += _bwrap_args(writable=writable, readonly=list(readonly or []), cwd=cwd, tmp_mb=limits.tmp_mb,
                               as_root=uid is not None, hidden=hidden)
        wrapped += ["--", *drop]
    else:
        wrapped += drop
    wrapped += safe_python(list(cmd))
    procs = cpu_group(uid)
    # The wrapper joins the kernel's CPU group before anything else runs, so every process the
    # kernel starts is in it too.
    join = f'echo $$ > "{procs}" 2>/dev/null; ' if procs else ""
    if not use_bwrap:  # the kernel watches its parent (JPY_PARENT_PID) and exits with it
        return ["/bin/sh", "-c", join + 'exec "$@"', "sh", *wrapped] if join else wrapped
    # Adjustment 5: ignore SIGINT in the wrapper chain; the kernel installs its own handler.
    # Adjustment 3: jupyter_client sets JPY_PARENT_PID; in a new PID namespace that pid does
    # not exist and the kernel would shut itself down.
    return ["/bin/sh", "-c", join + 'trap "" INT; unset JPY_PARENT_PID; exec "$@"', "sh", *wrapped]


_MPL_CACHE: dict[str, bytes] | None = None
_MPL_LOCK = threading.Lock()


def matplotlib_cache() -> dict[str, bytes]:
    """Matplotlib's font list for a fresh kernel HOME (``.matplotlib/fontlist-*.json``), made once per process.

    Every kernel starts with a new, empty HOME, where matplotlib would rebuild its font list on
    first import (seconds on a loaded machine, for every notebook that plots). The list depends
    only on the fonts installed, which the sandbox shows unchanged, so it is built once, in a
    throw-away folder by a separate interpreter, and copied into each new HOME.
    """
    global _MPL_CACHE
    with _MPL_LOCK:  # made once, even when a thread starts it early (autograder check does)
        if _MPL_CACHE is None:
            made: dict[str, bytes] = {}
            with tempfile.TemporaryDirectory(prefix="autograder-mpl-") as tmp:
                try:
                    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], timeout=120,
                                   env={**kernel_env(tmp), "MPLBACKEND": "agg"}, cwd=tmp,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                    for path in sorted(Path(tmp, ".matplotlib").glob("fontlist-*.json")):
                        made[f".matplotlib/{path.name}"] = path.read_bytes()
                except (OSError, subprocess.SubprocessError):
                    pass  # no cache: each kernel builds its own, as before
            _MPL_CACHE = made
        return dict(_MPL_CACHE)


def kernel_env(home: str) -> dict[str, str]:
    """A small, clean environment: nothing of the grader's (tokens, JPY_PARENT_PID) leaks in."""
    venv_bin = str(Path(sys.executable).parent)
    env = {
        "PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
        "IPYTHONDIR": os.path.join(home, ".ipython"),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    if "VIRTUAL_ENV" in os.environ:
        env["VIRTUAL_ENV"] = os.environ["VIRTUAL_ENV"]
    for key in ("NBGRADER_EXECUTION", "NBGRADER_VALIDATING"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


_PROBE_LOCK = threading.Lock()


@functools.cache
def _probe(use_bwrap: bool) -> str | None:
    """None when a sandboxed command runs here, else why not."""
    if use_bwrap and bwrap_path() is None:
        return "bubblewrap (bwrap) is not installed"
    with tempfile.TemporaryDirectory(prefix="ag-probe-") as tmp:
        uid = kernel_uid()
        if uid is not None:
            os.chown(tmp, uid, uid)
        cmd = wrap_command(
            [sys.executable, "-c", "import autograder, ipykernel"],
            writable=[tmp], cwd=tmp, limits=Limits(), use_bwrap=use_bwrap, uid=uid,
        )
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=kernel_env(tmp))
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"the sandbox could not start: {exc}"
        if proc.returncode != 0:
            return f"the sandbox could not start: {proc.stderr.strip()[-400:]}"
    return None


def sandbox_status() -> tuple[bool, str]:
    """(True, description) when bwrap sandboxing works here, else (False, why not)."""
    with _PROBE_LOCK:  # probed once per process, whichever thread asks first
        problem = _probe(True)
    if problem is None:
        return True, "bubblewrap sandbox: no network, read-only system, only the submission folder writable"
    return False, problem


def kill_uid(uid: int | None) -> None:
    """Kill every process left running as the kernel's uid (children that escaped a group)."""
    if uid is None or os.geteuid() != 0:
        return
    for _ in range(3):
        found = False
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid == uid:
                    os.kill(int(entry.name), signal.SIGKILL)
                    found = True
            except OSError:
                pass
        if not found:
            return


async def wait_for_ready(kc, timeout: float | None = None, *, quiet: float = 0.005) -> None:
    """``AsyncKernelClient.wait_for_ready`` (jupyter_client 8) with ``quiet`` seconds of IOPub silence at the end.

    jupyter_client's own waits until its IOPub channel has been quiet for 0.2 s, discarding what came:
    a fixed 0.2 s at every kernel start (a forked kernel answers in less). What it discards are the
    kernel's status messages about the ``kernel_info`` request; nbclient reads only messages whose
    parent is the cell it runs, so one that comes later is skipped there as well. Everything else is
    its logic and its messages (the grader recognises them as its own failures, not the learner's)."""
    import time
    from queue import Empty

    deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
    while True:
        kc.kernel_info()
        try:
            msg = await kc.shell_channel.get_msg(timeout=1)
        except Empty:
            pass
        else:
            if msg["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once it carries a message
                    await kc.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    kc._handle_kernel_info_reply(msg)
                    break
        if not await kc._async_is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {int(timeout or 0)} seconds")
    while True:
        try:
            await kc.iopub_channel.get_msg(timeout=quiet)
        except Empty:
            break


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run wrapped by :func:`wrap_command`.

    Configured (through nbgrader's config) with the throw-away folder's kernel area
    (:class:`~autograder.grading.isolate.CourseFolder`), the limits and whether to use bwrap.
    The kernel writes only ``kernel_rw``; it reads its connection file from ``kernel_conn``
    (root's, read-only for it). nbgrader asks for the kernel to start in the autograded
    folder; the kernel gets a fresh copy of that folder's regular files in ``kernel_rw``
    instead, so nothing nbgrader later writes or chmods there can be a link the kernel made.
    Nothing is ever chowned by name: folders are made for the kernel's uid once, and files
    are handed over through their open descriptors.
    """

    use_bwrap = Bool(True).tag(config=True)
    limits = Dict({}).tag(config=True)
    kernel_rw = Unicode("").tag(config=True)
    kernel_conn = Unicode("").tag(config=True)
    kernel_user = Int(-1).tag(config=True)
    assignment = Unicode("").tag(config=True)
    """The assignment graded."""
    answer_keys = List(Unicode()).tag(config=True)
    """The assignment's own answer keys, hidden from the kernel besides the course's (:mod:`.keys`)."""
    hide_keys = Bool(True).tag(config=True)
    """Hide the answer keys (off when nothing is re-checked: the kernel's own checks need them)."""
    fork_kernels = Bool(False).tag(config=True)
    """Fork each kernel from this process's pre-imported zygote (:mod:`.zygote`; root and bwrap only)."""

    _spawn: dict | None = None

    _work_dir: str | None = None

    @property
    def _uid(self) -> int | None:
        return None if self.kernel_user < 0 else self.kernel_user

    _home_dir: str | None = None

    def client(self, **kwargs):
        """jupyter_client's client, whose ``wait_for_ready`` waits 5 ms, not 0.2 s, for a quiet IOPub
        channel, and whose sockets retry a refused connection after 5 ms.

        The client connects as soon as the kernel is started, before the kernel has bound its
        sockets; ZMQ then tries again after ``RECONNECT_IVL``, 100 ms by default. A forked kernel binds
        within about 20 ms, so its start took 0.2 s instead of 0.09 s. The retries back off to 1 s
        (``RECONNECT_IVL_MAX``). The options are the defaults of this manager's own ZMQ context."""
        import zmq

        kc = super().client(**kwargs)
        kc.context.setsockopt(zmq.RECONNECT_IVL, 5)
        kc.context.setsockopt(zmq.RECONNECT_IVL_MAX, 1000)
        kc.wait_for_ready = functools.partial(wait_for_ready, kc)  # type: ignore[method-assign]
        return kc

    def _fresh_dirs(self, notebook_dir: str) -> tuple[str, str]:
        """A new working folder (a copy of the notebook's folder) and a new HOME for one kernel start."""
        from .safefs import read_tree, write_tree

        kill_uid(self._uid)  # nothing of an earlier kernel may race the copy
        work = tempfile.mkdtemp(prefix="work-", dir=self.kernel_rw)
        write_tree(work, read_tree(notebook_dir).files, owner=self._uid)
        home = tempfile.mkdtemp(prefix="home-", dir=self.kernel_rw)
        write_tree(home, matplotlib_cache(), owner=self._uid)
        return work, home

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        notebook_dir = str((self._launch_args or {}).get("cwd") or os.getcwd())
        self._work_dir, self._home_dir = self._fresh_dirs(notebook_dir)
        from .keys import hidden_modules, hidden_paths

        hidden = hidden_paths(hidden_modules(tuple(self.answer_keys))) if self.hide_keys else []
        self._spawn = None
        if (self.fork_kernels and self.use_bwrap and self._uid is not None and len(cmd) > 3
                and cmd[1:3] == ["-m", "ipykernel_launcher"] and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)):
            self._spawn = {"argv": [*cmd[3:], "--IPKernelApp.ignore_cwd=True"], "cwd": os.path.realpath(self._work_dir),
                           "hidden": list(hidden)}
        return wrap_command(
            cmd, writable=[self.kernel_rw], readonly=[self.kernel_conn], cwd=self._work_dir,
            limits=Limits(**self.limits), use_bwrap=self.use_bwrap, uid=self._uid, hidden=hidden,
        )

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        from .safefs import give_file_to_group

        kw["env"] = kernel_env(self._home_dir or os.path.join(self.kernel_rw, "home"))
        if self._work_dir:
            kw["cwd"] = self._work_dir
        if self._uid is not None and os.path.exists(self.connection_file):
            give_file_to_group(self.connection_file, self._uid)
        kw["stdout"] = subprocess.DEVNULL
        kw["stderr"] = subprocess.DEVNULL  # the kernel's banner and notices: never graded
        if self._spawn is not None and self._fork(kw["env"]):
            return
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def _fork(self, env: dict[str, str]) -> bool:
        """Fork the kernel from the zygote (False: it could not, and the kernel is launched instead)."""
        from .zygote import ZygoteUnavailable, get_zygote

        assert self._spawn is not None and self._uid is not None
        base = str(Path(self.kernel_rw).parents[2])  # the work folder around the throw-away course folder
        try:
            process = get_zygote(base, self._uid).spawn(
                env=env, binds=[(self.kernel_rw, False), (self.kernel_conn, True)], limits=Limits(**self.limits),
                **self._spawn)
        except ZygoteUnavailable as exc:
            self.log.info("kernel launched instead of forked: %s", exc)
            return False
        provisioner = self.provisioner
        assert provisioner is not None
        provisioner.process = process  # type: ignore[attr-defined]
        provisioner.pid = process.pid  # type: ignore[attr-defined]
        provisioner.pgid = None  # type: ignore[attr-defined]
        provisioner.cwd = self._work_dir  # type: ignore[attr-defined]
        self._reconcile_connection_info(provisioner.connection_info)
        return True
