"""Kernels forked from the pre-imported zygote (autograder/grading/zygote.py) against launched ones.

A forked kernel must see and may do exactly what a launched kernel in bubblewrap sees and may do;
these tests run the same probe in both and compare, then check what only forking could get wrong:
a sibling submission's folder, the random state, the zygote's own descriptors, its death.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from autograder.grading import zygote as zygote_mod
from autograder.grading import zygote_server
from autograder.grading.isolate import CourseFolder
from autograder.grading.safefs import make_private_dir
from autograder.grading.sandbox import Limits, SandboxKernelManager, kernel_uid, sandbox_status

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None or not sandbox_status()[0],
    reason="kernels are forked only by a grader running as root with bubblewrap")

PROBE = r'''
import json, os, resource, socket, subprocess, sys
facts = {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups()}
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
facts["caps"] = {k: status[k].strip() for k in ("CapPrm", "CapEff", "CapAmb")}
facts["no_new_privs"] = status["NoNewPrivs"].strip()
facts["cwd"] = sorted(os.listdir("."))
facts["tmp"] = sorted(os.listdir("/tmp"))
facts["limits"] = {n: resource.getrlimit(getattr(resource, n)) for n in
                   ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU", "RLIMIT_CORE")}
facts["interfaces"] = socket.if_nameindex()
def attempt(action):
    try:
        action()
        return "done"
    except OSError as error:
        return type(error).__name__
facts["write_conn"] = attempt(lambda: open(CONN + "/planted", "w").write("x"))
facts["write_course"] = attempt(lambda: open(ROOT + "/planted", "w").write("x"))
facts["read_gradebook"] = attempt(lambda: open(ROOT + "/gradebook.db").read())
facts["read_sibling"] = attempt(lambda: open(SIBLING + "/source/answer.txt").read())
facts["write_tmp"] = attempt(lambda: open("/tmp/scratch", "w").write("x"))
facts["work_folder"] = sorted(os.listdir(BASE))
facts["hostname"] = socket.gethostname()
facts["child_uid"] = subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip()
facts["hidden_key"] = attempt(lambda: open(HIDDEN).read())
facts["hidden_folder"] = sorted(os.listdir(os.path.join(os.path.dirname(HIDDEN), "..", "interviews")))
facts["course_code_loaded"] = sorted(m for m in sys.modules if m.split(".")[0] == "autograder")
import comm, ipywidgets, matplotlib, matplotlib.pyplot
facts["matplotlib"] = [matplotlib.get_configdir(), matplotlib.get_cachedir(), matplotlib.matplotlib_fname(),
                       matplotlib.get_backend(), matplotlib.style.USER_LIBRARY_PATHS]
facts["comm_targets"] = sorted(comm.get_comm_manager().targets)
facts["sys_path"] = sys.path
facts["argv0"] = os.path.basename(sys.argv[0])
facts["main_is_user_namespace"] = vars(sys.modules["__main__"]) is globals()
facts["flags"] = [sys.flags.safe_path, sys.flags.dont_write_bytecode, sys.flags.no_user_site]
def checked(value):
    return value["b"] * 2
try:
    checked({"a": 1})
except KeyError:
    facts["traceback"] = get_ipython().InteractiveTB.structured_traceback(*sys.exc_info())
print(json.dumps(facts))
'''


def _course_folder(base: Path, name: str) -> tuple[Path, CourseFolder]:
    """A throw-away course folder as make_course_folder lays it out, with a notebook folder."""
    uid = kernel_uid()
    root = base / name
    root.mkdir(mode=0o700)
    (root / "gradebook.db").write_text("the class's grades")
    (root / "source").mkdir()
    (root / "source" / "answer.txt").write_text("the solution")
    layout = CourseFolder(root)
    make_private_dir(root / "kernel", owner=None, mode=0o711)
    make_private_dir(layout.kernel_conn, owner=None, mode=0o750)
    os.chown(layout.kernel_conn, 0, uid)
    make_private_dir(layout.kernel_rw, owner=uid)
    make_private_dir(layout.ipc, owner=uid)
    notebook = root / "notebook"
    notebook.mkdir()
    (notebook / "data.csv").write_text("a,b\n1,2\n")
    return root, layout


def _manager(layout: CourseFolder, *, fork: bool) -> SandboxKernelManager:
    return SandboxKernelManager(
        kernel_name="python3", use_bwrap=True, limits=Limits().as_dict(), kernel_rw=str(layout.kernel_rw),
        kernel_conn=str(layout.kernel_conn), kernel_user=kernel_uid(), fork_kernels=fork, transport="ipc",
        ip=str(layout.ipc / "kernel"), connection_file=str(layout.connection_file))


async def _run(km: SandboxKernelManager, cwd: Path, code: str, *, timeout: float = 60) -> str:
    """``code``'s printed output in a new kernel of ``km``; ``km.started_as`` says how it was started."""
    await km.start_kernel(cwd=str(cwd))
    km.started_as = type(km.provisioner.process).__name__  # type: ignore[attr-defined]
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=timeout)
        msg_id = kc.execute(code)
        out = []
        while True:
            msg = await kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append(f"ERROR {msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


def _facts(base: Path, *, fork: bool) -> dict:
    base.mkdir()  # short names: the kernel's IPC socket paths must stay under 108 bytes
    root, layout = _course_folder(base, "ag-f" if fork else "ag-l")
    sibling, _ = _course_folder(base, "ag-sf" if fork else "ag-sl")
    km = _manager(layout, fork=fork)
    # One of the answer keys every assignment hides (autograder/grading/keys.py): it must read empty.
    key = Path(zygote_mod.__file__).with_name("demo_key.py")
    code = (f"CONN={str(layout.kernel_conn)!r}; ROOT={str(root)!r}; BASE={str(base)!r}; "
            f"SIBLING={str(sibling)!r}; HIDDEN={str(key)!r}\n" + PROBE)
    out = asyncio.run(_run(km, root / "notebook", code))
    facts = json.loads(out.strip().splitlines()[-1])
    facts["kind"] = km.started_as
    return facts


def test_a_forked_kernel_sees_and_may_do_what_a_launched_one_does(tmp_path):
    launched = _facts(tmp_path / "l", fork=False)
    forked = _facts(tmp_path / "f", fork=True)
    assert forked["kind"] == "ZygoteProcess" and launched["kind"] == "Popen"
    uid = kernel_uid()
    assert forked["uid"] == forked["gid"] == uid and forked["groups"] == [] and forked["child_uid"] == str(uid)
    assert set(forked["caps"].values()) == {"0000000000000000"} and forked["no_new_privs"] == "1"
    assert forked["write_conn"] == "OSError"  # read-only file system
    # the course folder is only the empty mount point around the kernel's folders
    assert forked["write_course"] == "PermissionError"
    assert forked["read_gradebook"] == forked["read_sibling"] == "FileNotFoundError"
    assert forked["work_folder"] == ["ag-f"] and launched["work_folder"] == ["ag-l"]  # no sibling submission
    assert forked["cwd"] == ["data.csv"] and forked["write_tmp"] == "done"
    assert forked["interfaces"] == [[1, "lo"]] and forked["hostname"] == "sandbox"
    allowance = zygote_mod.get_zygote(str(tmp_path / "f"), uid).allowance
    assert 0 < allowance < 1024 * 1024 * 1024
    assert forked["limits"].pop("RLIMIT_AS") == [4096 * 1024 * 1024 + allowance] * 2  # see the memory test
    assert launched["limits"].pop("RLIMIT_AS") == [4096 * 1024 * 1024] * 2
    assert forked["limits"]["RLIMIT_CORE"] == [0, 0]
    # The zygote preloads the course's checkers and widgets - exactly what importing them imports,
    # never an answer key - and a launched kernel has imported nothing of the course at this point.
    assert launched["course_code_loaded"] == []
    assert forked["course_code_loaded"] == _imported_by(zygote_server.COURSE_MODULES)
    assert not {"autograder.interviews", "autograder.grading.demo_key"} & set(forked["course_code_loaded"])
    # matplotlib, preloaded, uses this kernel's folders and settings, as one imported here does
    home = str(tmp_path / "f" / "ag-f")
    assert forked["matplotlib"][0].startswith(home) and forked["matplotlib"][1].startswith(home), forked["matplotlib"]
    def same(value: object, folder: str) -> str:  # the two kernels' HOMEs differ by their folders' names
        return re.sub(r"/home-[^/]+", "/home-X", json.dumps(value).replace(folder, "/ag-X"))

    assert same(forked["matplotlib"], "/f/ag-f") == same(launched["matplotlib"], "/l/ag-l")
    # The same traceback, character for character (the zygote highlights it with one lexer class,
    # not one per frame); only the cell's file name differs, by the kernel's pid and the cell's text.
    def cell_file(tb: list[str]) -> list[str]:
        return [re.sub(r"/tmp/ipykernel_\d+/\d+\.py", "CELL", line) for line in tb]

    assert "KeyError" in "".join(forked["traceback"]) and "checked" in "".join(forked["traceback"])
    assert cell_file(forked["traceback"]) == cell_file(launched["traceback"])
    assert "jupyter.widget" in forked["comm_targets"]  # ipywidgets' targets, registered in the forked kernel
    assert forked["hidden_key"] == "PermissionError" and forked["hidden_folder"] == []  # answer keys: not there
    # Everything else is exactly what a launched kernel sees (paths differ only by the folder's name).
    for name in ("uid", "gid", "groups", "caps", "no_new_privs", "cwd", "limits", "interfaces", "hostname",
                 "write_conn", "write_course", "read_gradebook", "read_sibling", "write_tmp", "child_uid",
                 "comm_targets", "hidden_key", "hidden_folder", "tmp", "sys_path", "argv0", "main_is_user_namespace",
                 "flags"):
        assert forked[name] == launched[name], name


def _imported_by(names: tuple[str, ...]) -> list[str]:
    """The course's modules a fresh interpreter holds once it has imported ``names``."""
    import subprocess
    import sys

    code = ("import importlib, json, sys\n"
            f"for name in {list(names)!r}:\n    importlib.import_module(name)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'autograder')))")
    done = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


def test_learner_code_has_the_same_room_under_the_memory_limit_in_a_forked_kernel(tmp_path):
    """The zygote's libraries are mapped in every forked kernel; its limit is raised by what they take."""
    code = ("hoard = []\ntry:\n    while True:\n        hoard.append(bytearray(25_000_000))\n"
            "except MemoryError:\n    pass\nprint(len(hoard))\ndel hoard\nprint('still running')")
    counts = {}
    for fork in (False, True):
        root, layout = _course_folder(tmp_path, f"ag-m{int(fork)}")
        km = _manager(layout, fork=fork)
        km.limits = Limits(memory_mb=1536).as_dict()
        out = asyncio.run(_run(km, root / "notebook", code)).split()
        assert out[1:] == ["still", "running"], out
        counts[fork] = int(out[0])
    # 25 MB blocks: the same room, give or take what the two start-ups map differently
    assert abs(counts[True] - counts[False]) <= 2, counts


def test_forked_kernels_get_fresh_random_state_and_none_of_the_zygotes_descriptors(tmp_path):
    root, layout = _course_folder(tmp_path, "ag-1")
    code = ("import os, json, random, numpy\n"
            "links = []\n"
            "for fd in os.listdir('/proc/self/fd'):\n"
            "    try:\n"
            "        links.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
            "    except OSError:\n"  # the listing's own descriptor, closed by now
            "        pass\n"
            "print(json.dumps([numpy.random.rand(), random.random(), links]))")
    seen = []
    for _ in range(2):
        km = _manager(layout, fork=True)
        seen.append(json.loads(asyncio.run(_run(km, root / "notebook", code)).strip()))
        assert km.started_as == "ZygoteProcess"
    assert seen[0][0] != seen[1][0] and seen[0][1] != seen[1][1]
    # The zygote's end of its socket to the grader (the argument after the server's path).
    zygote_socket = None
    with os.scandir("/proc") as entries:
        for entry in entries:
            try:
                argv = Path(entry.path, "cmdline").read_bytes().split(b"\0")
                at = [i for i, a in enumerate(argv) if a.endswith(b"zygote_server.py")]
                if entry.name.isdigit() and entry.stat().st_uid == 0 and at:
                    zygote_socket = os.readlink(f"{entry.path}/fd/{int(argv[at[0] + 1])}")
            except (OSError, ValueError):
                continue
    assert zygote_socket is not None and zygote_socket.startswith("socket:")
    for _, _, descriptors in seen:
        assert zygote_socket not in descriptors


def test_the_zygote_refuses_what_would_weaken_the_sandbox_and_the_kernel_is_launched_instead(tmp_path):
    root, layout = _course_folder(tmp_path, "ag-2")
    zygote = zygote_mod.get_zygote(str(tmp_path), kernel_uid())
    common = {"argv": ["-c", "pass"], "cwd": str(root / "notebook"), "env": {}, "hidden": [], "limits": Limits()}
    with pytest.raises(zygote_mod.ZygoteUnavailable, match="not in the work folder"):
        zygote.spawn(binds=[("/etc", False)], **common)
    root_zygote = zygote_mod.Zygote(str(tmp_path), 0)
    try:
        with pytest.raises(zygote_mod.ZygoteUnavailable, match="never runs as root"):
            root_zygote.spawn(binds=[(str(layout.kernel_rw), False)], **common)
    finally:
        root_zygote.close()
    # A zygote that cannot start at all: the kernel is launched as before, and it runs.
    km = _manager(layout, fork=True)
    original = zygote_mod.get_zygote

    def broken(base, uid):
        raise zygote_mod.ZygoteUnavailable("the zygote could not start: simulated")

    zygote_mod.get_zygote = broken
    try:
        out = asyncio.run(_run(km, root / "notebook", "print(6 * 7)"))
    finally:
        zygote_mod.get_zygote = original
    assert out.strip() == "42" and km.started_as == "Popen"


def test_a_kernel_the_zygote_could_not_start_as_a_launched_one_would_start_is_launched(tmp_path):
    """The zygote preloads course modules and matplotlib: a kernel that must not read one of those
    files, or that would configure matplotlib differently, is refused and launched instead."""
    root, layout = _course_folder(tmp_path, "ag-4")
    import autograder.rubric.levels as levels

    zygote = zygote_mod.get_zygote(str(tmp_path), kernel_uid())
    with pytest.raises(zygote_mod.ZygoteUnavailable, match=r"imported .*/autograder/rubric/"):
        zygote.spawn(argv=["-c", "pass"], cwd=str(root / "notebook"), env={}, limits=Limits(),
                     binds=[(str(layout.kernel_rw), False)], hidden=[str(Path(levels.__file__).parent)])
    # Through the kernel manager: an assignment that hides a preloaded module gets a launched kernel,
    # which cannot read the module's file and never had the module imported.
    km = _manager(layout, fork=True)
    km.answer_keys = ["autograder.rubric.levels"]
    code = (f"import sys\ntry:\n    found = open({levels.__file__!r}).read()[:20]\nexcept OSError as error:\n"
            "    found = type(error).__name__\n"
            "print('autograder.rubric.levels' in sys.modules, found, 'autograder.rubric' in sys.modules)")
    assert asyncio.run(_run(km, root / "notebook", code)).split() == ["False", "PermissionError", "False"]
    assert km.started_as == "Popen"
    # A submission folder with matplotlib settings of its own: they are read, as a launched kernel reads them.
    (root / "notebook" / "matplotlibrc").write_text("lines.linewidth: 7\n")
    km = _manager(layout, fork=True)
    out = asyncio.run(_run(km, root / "notebook", "import matplotlib\nprint(matplotlib.rcParams['lines.linewidth'])"))
    assert out.strip() == "7.0" and km.started_as == "Popen"
    (root / "notebook" / "matplotlibrc").unlink()
    km = _manager(layout, fork=True)
    out = asyncio.run(_run(km, root / "notebook", "import matplotlib\nprint(matplotlib.rcParams['lines.linewidth'])"))
    assert out.strip() == "1.5" and km.started_as == "ZygoteProcess"


def test_kernels_die_with_the_zygote_and_a_new_zygote_replaces_it(tmp_path):
    root, layout = _course_folder(tmp_path, "ag-3")
    km = _manager(layout, fork=True)

    async def start_and_kill_zygote() -> tuple[bool, bool]:
        await km.start_kernel(cwd=str(root / "notebook"))
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            process = km.provisioner.process
            alive_before = process.poll() is None
            zygote = process.zygote
            os.killpg(zygote.process.pid, signal.SIGKILL)
            zygote.process.wait(timeout=30)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and os.path.exists(f"/proc/{_host_pid_of(kernel_uid())}"):
                time.sleep(0.05)
            return alive_before, process.poll() is not None
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    alive_before, dead_after = asyncio.run(start_and_kill_zygote())
    assert alive_before and dead_after
    assert _host_pid_of(kernel_uid()) is None  # the kernel went with its zygote
    out = asyncio.run(_run(_manager(layout, fork=True), root / "notebook", "print('again')"))
    assert out.strip() == "again"


@pytest.fixture(autouse=True)
def _no_zygote_left():
    yield
    zygote_mod.close_zygotes()


def _host_pid_of(uid: int) -> int | None:
    with os.scandir("/proc") as entries:
        for entry in entries:
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        return int(entry.name)
                except OSError:
                    pass
    return None


def test_a_forked_re_check_process_answers_as_a_launched_one_does(tmp_path):
    """The live re-check process (autograder/grading/livecheck.py) forked from the re-check zygote."""
    import socket
    import sys
    import threading

    from autograder.grading.livecheck import LiveChecker
    from autograder.grading.proxy import Connection
    from autograder.grading.sandbox import kernel_env, wrap_command

    uid = kernel_uid()
    root, layout = _course_folder(tmp_path, "ag-r")
    make_private_dir(layout.live, owner=None)
    source = ("import os\n"
              "(os.getuid(), sorted(os.listdir(os.path.dirname(os.getcwd()))), sorted(os.listdir('/tmp')), "
              f"os.path.exists({str(root / 'gradebook.db')!r}), double(21))")
    seen = {}
    for fork in (False, True):
        scratch = layout.live / f"notebook-{fork}.scratch"
        make_private_dir(scratch, owner=uid)
        limits = Limits()
        command = wrap_command([sys.executable, "-m", "autograder.grading.recheck"], writable=[str(scratch)],
                               cwd=str(scratch), limits=limits, use_bwrap=True, uid=uid)

        def forked(arguments, fd, scratch=scratch, limits=limits):
            zygote = zygote_mod.get_zygote(str(tmp_path), uid, kind="recheck", preload=zygote_mod.RECHECK_PRELOAD)
            return zygote.spawn(argv=arguments, cwd=str(scratch), env=kernel_env(str(scratch)),
                                binds=[(str(scratch), False)], hidden=[], limits=limits, pass_fd=fd)

        checker = LiveChecker(command, env=kernel_env(str(scratch)), cwd=str(scratch),
                              preload=("autograder.sketches",), fork=forked if fork else None)
        ours, theirs = socket.socketpair()
        def learner(sock=theirs) -> None:
            with sock:
                Connection(sock, {"double": lambda x: 2 * x}).serve_forever()

        threading.Thread(target=learner, daemon=True).start()
        try:
            request = {"cells": [{"id": "nb--cell", "source": source, "answers": {}, "live": ["double"]}]}
            result = checker.check(request, ours.fileno(), timeout=60)["nb--cell"]
            seen[fork] = (result["error"], result["value_repr"].replace(f"notebook-{fork}", "notebook-X"), type(checker._proc).__name__)
        finally:
            ours.close()
            checker.close()
    assert seen[True][2] == "ZygoteProcess" and seen[False][2] == "Popen"
    assert seen[True][0] is None and seen[True][:2] == seen[False][:2]
    assert seen[True][1].startswith(f"({uid}, ['notebook-X.scratch'], [") and seen[True][1].endswith("], False, 42)")


def test_a_zygote_that_answers_late_is_ended_and_replaced(tmp_path):
    """A request that times out must not leave its late answer to be read as the next one's."""
    uid = kernel_uid()
    zygote = zygote_mod.get_zygote(str(tmp_path), uid)
    assert zygote.request({"op": "poll", "pid": 1}) == {"status": None}
    os.killpg(zygote.process.pid, signal.SIGSTOP)  # it cannot answer in time
    try:
        with pytest.raises(zygote_mod.ZygoteUnavailable):
            zygote.request({"op": "poll", "pid": 1}, timeout=0.5)
    finally:
        try:
            os.killpg(zygote.process.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
    assert not zygote.alive
    fresh = zygote_mod.get_zygote(str(tmp_path), uid)
    assert fresh is not zygote and fresh.request({"op": "poll", "pid": 1}) == {"status": None}

