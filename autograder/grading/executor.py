"""nbgrader's cell executor with limits and recorded reasons, and the nbgrader configuration
of one throw-away course folder.

- :class:`SafeExecute` replaces nbgrader's ``Execute``: a total time limit per notebook, an
  output limit that counts every message a kernel sends, and a clear, recorded reason instead
  of a failed submission when a cell ignores the interrupt or the kernel dies (later cells
  then run in a fresh kernel, or score 0 when none starts);
- :class:`CheckCellMetadataOnce` replaces nbgrader's ``CheckCellMetadata``: the same check of every
  cell's metadata, with nbgrader's schema itself checked once per process instead of per cell;
- :func:`autograde_config`: nbgrader's configuration with
  :class:`~autograder.grading.sandbox.SandboxKernelManager` (the kernel in bwrap, under
  limits, as an unused uid, talking over IPC in the kernel's own folder).

Reasons are appended to a file in the throw-away folder (root's, never the kernel's), so no
state is shared between tasks running in one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import nbformat
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async
from nbgrader.preprocessors import CheckCellMetadata, Execute
from traitlets import Dict, Unicode
from traitlets.config import Config

from . import recheck as _recheck
from . import sqlcache
from .isolate import CourseFolder
from .keys import declared_in
from .livecheck import LiveChecker, LiveCheckTimedOut
from .sandbox import Limits, SandboxKernelManager, kernel_uid, kill_uid
from .task import Task

__all__ = ["CheckCellMetadataOnce", "SafeExecute", "autograde_config", "read_events"]

_T = TypeVar("_T")


async def in_own_thread(function: Callable[[], _T], *, poll: float = 0.05) -> _T:
    """Run a blocking ``function`` in a new thread of its own and await its result.

    Not the loop's default thread pool (``asyncio.to_thread``): a grading process forked from one
    that had already used that pool inherits it without its threads, and work given to it never
    runs (see :func:`autograder.grading.pool._forget_inherited_event_loop`). Nor a wake-up sent
    from the thread (``call_soon_threadsafe``): the coroutine looks at the thread every ``poll``
    seconds on a timer of its own, so the wait ends when the thread does, whatever happened to it.
    A grading run once waited forever here with the thread gone and no wake-up received (seen
    once in the full suite, not reproduced alone); a thread that ends without a result raises
    :class:`RuntimeError` instead.
    """
    box: list[tuple[bool, object]] = []

    def target() -> None:
        try:
            box.append((True, function()))
        except BaseException as error:  # handed to the awaiting coroutine, raised there
            box.append((False, error))

    thread = threading.Thread(target=target, name="autograder-live-recheck", daemon=True)
    thread.start()
    await _until(lambda: not thread.is_alive(), longest=poll)
    thread.join()
    if not box:
        raise RuntimeError("the re-check's thread ended without a result")
    ok, value = box[0]
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]


async def _until(done: Callable[[], bool], *, longest: float) -> None:
    """Return once ``done()`` is true, looking after 1 ms, then after twice as long each time, up to
    ``longest`` seconds between looks.

    A fixed step made every wait last at least one step: a live re-check that took 5 ms was awaited
    for 50 ms, about 20 ms of each notebook's time in which neither the grader nor the kernel ran
    (measured with CPU samples of the grading process and its children, docs/grading-notes.md)."""
    delay = 0.001
    while not done():
        await asyncio.sleep(delay)
        delay = min(delay * 2, longest)


async def _keep_awake(every: float = 0.5) -> None:
    """Wake the event loop every ``every`` seconds while a cell runs.

    Twice in the full test suite (never alone) a grading process's event loop stopped hearing its
    own wake-ups: its self-pipe was no longer registered with its epoll, so a result handed over
    from another thread (``call_soon_threadsafe``) waited for a timer that never came, and the
    run hung. The cause was not found; with a timer always pending, such a wake-up is late by at
    most ``every`` seconds instead of lost.
    """
    while True:
        await asyncio.sleep(every)


_POLL_STEP = 0.25
"""Seconds of one wait for a kernel message; a longer wait is made of such steps (:func:`poll_in_steps`)."""


def poll_in_steps(channel, step: float = _POLL_STEP) -> None:
    """Make ``channel.get_msg(timeout=T)`` wait in steps of ``step`` seconds, each a fresh poll.

    nbclient waits for a kernel's message in one ``zmq.asyncio`` poll of the whole wait (up to the
    cell's time limit), woken by the socket's descriptor, which ZeroMQ signals on edges: a lost
    wake-up leaves the message in the socket until the wait ends. Now and then a notebook took
    60 s more than its neighbours here, in plain ``nbgrader autograde`` as well, with nothing in
    its outputs (docs/grading-notes.md, "Speed"); with these steps the grader has not shown it
    since. A fresh poll reads the socket's pending events before it waits (pyzmq's
    ``_add_recv_event``), so a lost wake-up costs at most ``step``.
    """
    get_msg = channel.get_msg

    async def stepped(timeout: float | None = None, **kwargs):
        from queue import Empty

        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await get_msg(timeout=step if left is None else min(step, left), **kwargs)
            except Empty:
                if left is not None and left <= step:
                    raise

    channel.get_msg = stepped


_COUNTED_OUTPUTS = ("stream", "display_data", "execute_result", "update_display_data", "error")


def read_events(root: Path) -> list[str]:
    """The reasons :class:`SafeExecute` recorded while grading in the throw-away folder ``root``."""
    path = CourseFolder(root).events
    try:
        return [line for line in path.read_text(encoding="utf-8").split("\0") if line]
    except OSError:
        return []


def _error_output(ename: str, message: str):
    return nbformat.v4.new_output("error", ename=ename, evalue=message, traceback=[f"{ename}: {message}"])


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"... [cut: {len(text) - limit} more characters]"


def _label(cell, index: int) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"`{grade_id}`" if grade_id else f"#{index + 1}"


class SafeExecute(Execute):
    """nbgrader's Execute with limits, recorded reasons and answer snapshots."""

    limits = Dict({}).tag(config=True)
    snapshot_dir = Unicode("").tag(config=True)
    """Where the kernel writes the answers of re-checked test cells (the kernel's own folder)."""
    events_file = Unicode("").tag(config=True)
    """Where the reasons are appended (root's folder: :func:`read_events` reads them)."""
    recheck = Unicode("marked").tag(config=True)
    live_dir = Unicode("").tag(config=True)
    """Where live re-checks (answers that are code, see :mod:`.proxy`) write their results (root's)."""

    def _record(self, reason: str) -> None:
        with open(self.events_file, "a", encoding="utf-8") as fh:
            fh.write(reason.replace("\0", "") + "\0")

    def preprocess(self, nb, resources=None, km=None):
        total = self.limits.get("total_timeout")
        self._deadline = time.monotonic() + total if total else None
        self._stopped: str | None = None
        self._output_bytes: dict[int, int] = {}
        self._truncated: set[int] = set()
        self._notebook_name = (resources or {}).get("unique_key", "notebook")
        self.timeout_func = self._cell_timeout
        self._checker: LiveChecker | None = None
        self._early: list[threading.Thread] = []
        self._preload = self._checker_modules(nb)
        try:
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            for thread in self._early:  # each is bounded by its own clock
                thread.join()
            if self._checker is not None:
                self._checker.close()
        # Widget state (nbclient keeps it for output widgets) lies outside every output limit and
        # grades nothing: it is never written into the autograded notebook.
        nb.metadata.pop("widgets", None)
        return nb, resources

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        for channel in (kc.shell_channel, kc.iopub_channel):
            poll_in_steps(channel)
        return kc

    def _cell_timeout(self, cell) -> int | None:
        timeout = self.timeout
        if self._deadline is not None:
            remaining = max(1, int(self._deadline - time.monotonic()) + 1)
            timeout = remaining if not timeout or timeout < 0 else min(timeout, remaining)
        return timeout

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        awake = asyncio.ensure_future(_keep_awake())
        try:
            return await self._execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            awake.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await awake

    async def _execute_cell(self, cell, cell_index, execution_count, store_history):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        label = _label(cell, cell_index)
        if self._stopped:
            cell.outputs = [_error_output("NotRun", self._stopped)]
            return cell
        if self._deadline is not None and time.monotonic() >= self._deadline:
            reason = (f"the notebook used up its total time limit of {self.limits.get('total_timeout')} s "
                      f"before cell {label}; it and later cells were not run")
            self._stop(reason)
            cell.outputs = [_error_output("NotRun", reason)]
            return cell
        if self._preload is not None and self.live_dir:
            self._start_checker()  # its imports overlap the kernel's first cells
        nbg = cell.get("metadata", {}).get("nbgrader", {})
        if nbg.get("grade") and self._wants_recheck(cell.source):
            grade_id = nbg.get("grade_id", str(cell_index))
            answers, code_answers = await self._snapshot(grade_id, cell)
            if code_answers and self.live_dir:
                await self._live_recheck(grade_id, cell, code_answers)
            elif answers is not None and self.live_dir:
                self._early_recheck(grade_id, cell.source, answers)
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except CellTimeoutError:
            if cell_index in self._truncated:
                what = f"cell {label} printed more than {self.limits.get('output_kb')} KB; its output was cut"
            else:
                what = f"cell {label} ran past its time limit and ignored the interrupt"
            await self._replace_kernel(cell, "CellTimeoutError", what)
            return cell
        except DeadKernelError:
            what = (f"the kernel died while running cell {label} (the code ended its own process or exceeded "
                    "the memory or process limit)")
            await self._replace_kernel(cell, "DeadKernelError", what)
            return cell
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") == "CellTimeoutError":
                self._record(f"cell {label} ran past its time limit of {self._cell_timeout(cell)} s "
                                      "and was interrupted")
                break
        if cell_index in self._truncated:
            self._record(f"cell {label} printed more than {self.limits.get('output_kb')} KB; "
                                  "its output was cut and the cell interrupted")
        if nbg.get("grade") and not nbg.get("solution"):
            self._refuse_impossible_credit(cell, label, nbg.get("points"))
        return cell

    def _refuse_impossible_credit(self, cell, label: str, points) -> None:
        """A test cell whose result is not a number from 0 to its points scores 0, with the reason.

        nbgrader reads the cell's last value as its partial credit and gives *full* marks for NaN or
        a negative number (and fails the whole notebook for one over the points): a submission that
        changes what the check returns must not get either."""
        import math

        for i, out in enumerate(cell.get("outputs", [])):
            if out.get("output_type") != "execute_result":
                continue
            text = out.get("data", {}).get("text/plain", "")
            text = text if isinstance(text, str) else "".join(text)
            try:
                value = float(text)
            except ValueError:
                continue  # not a number: nbgrader scores the cell by its errors alone
            if math.isfinite(value) and 0 <= value <= float(points or 0) + 1e-9:
                continue
            reason = (f"test cell {label} reported a score of {_cut(text, 40)} out of {points}, which no check "
                      "gives (the submission changed what the check returns); it scores 0")
            self._record(reason)
            cell.outputs[i] = _error_output("ImpossibleScore", reason)

    def on_cell_executed(self, **kwargs):
        """nbgrader appends the reply's error when no error output was kept: cut it to the limit too."""
        limit = self.limits.get("output_kb")
        content = (kwargs.get("execute_reply") or {}).get("content", {})
        if limit and content.get("status") == "error" and len(json.dumps(content, default=str)) > limit * 1024:
            budget = limit * 1024 // 4
            content["evalue"] = _cut(str(content.get("evalue", "")), budget)
            content["traceback"] = [_cut("\n".join(str(t) for t in content.get("traceback") or []), budget)]
        return super().on_cell_executed(**kwargs)

    # nbclient binds the sync wrappers to its own coroutines: rebind them to ours.
    execute_cell = run_sync(async_execute_cell)
    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def _stop(self, reason: str) -> None:
        self._stopped = reason
        self._record(reason)

    async def _replace_kernel(self, cell, ename: str, what: str) -> None:
        """Kill the kernel; run the remaining cells in a fresh one (or none, if it cannot start)."""
        kill_uid(None if self.km.kernel_user < 0 else self.km.kernel_user)
        try:
            # restart keeps the manager's ZMQ context and connection (shutdown would close them)
            await self.km.restart_kernel(now=True)
            await ensure_async(self.kc.wait_for_ready(timeout=self.startup_timeout))
            reason = (f"{what}; the kernel was restarted and the later cells ran in a fresh kernel "
                      "(without the variables of earlier cells)")
            self._record(reason)
        except Exception:
            reason = f"{what}; the kernel was stopped and the later cells were not run"
            self._stop(reason)
        cell.outputs.append(_error_output(ename, reason))

    def _wants_recheck(self, source: str) -> bool:
        if self.recheck == "off":
            return False
        if self.recheck == "all":
            return bool(_recheck.answer_names(source))
        return _recheck.is_marked(source)

    def _checker_modules(self, nb) -> tuple[str, ...] | None:
        """The checker modules the notebook's re-checked test cells import (None: it has no such cell)."""
        sources = [cell.source for cell in nb.cells if cell.cell_type == "code"
                   and cell.get("metadata", {}).get("nbgrader", {}).get("grade") and self._wants_recheck(cell.source)]
        return tuple(_recheck.preload_modules(sources)) if sources else None

    async def _snapshot(self, grade_id: str, cell) -> tuple[dict | None, list[str]]:
        """Have the kernel write the cell's answers as data: those answers (None: no snapshot could be
        read) and the names of those that are code."""
        from .safefs import read_file

        names = _recheck.answer_names(cell.source)
        path = os.path.join(self.snapshot_dir, f"{self._notebook_name}--{grade_id}.json")
        code = f"__import__('autograder.grading.snapshot', fromlist=['dump']).dump({path!r}, {names!r})"
        try:
            msg_id = self.kc.execute(code, silent=True, store_history=False)
            await self.async_wait_for_reply(msg_id, cell)
        except Exception:  # a missing snapshot re-checks as "answer missing": never in the learner's favour
            return None, []
        try:  # the kernel wrote it: read it as any file of the kernel's (no links, bounded)
            answers = json.loads(read_file(path, 20_000_000).decode("utf-8"))
        except (OSError, ValueError):
            return None, []
        if not isinstance(answers, dict):
            return None, []
        return answers, [name for name, value in answers.items()
                         if isinstance(value, dict) and set(value) == {"$unsupported"} and name in names]

    def _live_checker(self, uid: int | None, limits: Limits) -> LiveChecker:
        """The notebook's live re-check process (:mod:`.livecheck`), made on first use."""
        import sys

        from .safefs import make_private_dir
        from .sandbox import kernel_env, wrap_command

        if self._checker is None:
            scratch = Path(self.live_dir) / f"{self._notebook_name}.scratch"
            make_private_dir(scratch, owner=uid)
            cmd = wrap_command([sys.executable, "-m", "autograder.grading.recheck"], writable=[str(scratch)],
                               cwd=str(scratch), limits=limits, use_bwrap=self.km.use_bwrap, uid=uid)
            fork = None
            if self.km.fork_kernels and self.km.use_bwrap and uid is not None:
                def fork(arguments: list[str], fd: int, uid: int = uid):
                    from .zygote import RECHECK_PRELOAD, get_zygote

                    zygote = get_zygote(str(Path(self.live_dir).parent.parent), uid, kind="recheck",
                                        preload=RECHECK_PRELOAD)
                    return zygote.spawn(argv=arguments, cwd=str(scratch), env=kernel_env(str(scratch)),
                                        binds=[(str(scratch), False)], hidden=[], limits=limits, pass_fd=fd)
            self._checker = LiveChecker(cmd, env=kernel_env(str(scratch)), cwd=str(scratch),
                                        preload=self._preload or (), fork=fork)
        return self._checker

    def _start_checker(self) -> LiveChecker | None:
        """Start the notebook's re-check process (here, in the thread that lives as long as the notebook)
        unless it runs or an early re-check still uses it; None when it could not start."""
        checker = self._live_checker(None if self.km.kernel_user < 0 else self.km.kernel_user, Limits(**self.limits))
        if any(thread.is_alive() for thread in self._early):
            return checker
        try:
            checker.start()
        except OSError:
            return None
        return checker

    def _early_recheck(self, grade_id: str, source: str, answers: dict) -> None:
        """Re-check a cell whose answers are all data now, in the notebook's re-check process, while the
        kernel goes on with the notebook; its result is read after the run like a live one's.

        The request is the one the re-check after the run would send (the same source, the same
        snapshot), so the score is the same. Whatever goes wrong here (a process that is gone or
        too slow) leaves no result: the re-check after the run then does the cell in a process of
        its own, as before. Re-checks run one at a time, in the order of their cells.
        """
        from .livecheck import LiveCheckBroken

        checker = self._start_checker()
        if checker is None:
            return
        key = f"{self._notebook_name}--{grade_id}"
        request = {"cells": [{"id": key, "source": source, "answers": answers}]}
        limits = Limits(**self.limits)
        timeout = (limits.cell_timeout or 120) * 2 + 30
        result_path = Path(self.live_dir) / f"{key}.json"
        previous = self._early[-1] if self._early else None

        def run() -> None:
            if previous is not None:
                previous.join()
            try:
                parsed = checker.check(request, None, timeout=timeout, start=False)
            except (LiveCheckBroken, LiveCheckTimedOut, OSError):
                return
            results = parsed.get(key) if isinstance(parsed, dict) else None
            if isinstance(results, dict) and results:
                from .._fileio import atomic_write

                atomic_write(result_path, json.dumps(results))

        thread = threading.Thread(target=run, name=f"autograder-recheck-{grade_id}"[:60], daemon=True)
        self._early.append(thread)
        thread.start()

    async def _early_done(self) -> None:
        """Wait, without blocking the event loop, until no early re-check uses the re-check process."""
        await _until(lambda: not any(thread.is_alive() for thread in self._early), longest=0.02)

    async def _live_recheck(self, grade_id: str, cell, code_answers: list[str]) -> None:
        """Re-check the cell now, outside the kernel, calling the answers that are code in it (:mod:`.proxy`)."""
        import secrets
        import socket

        uid = None if self.km.kernel_user < 0 else self.km.kernel_user
        key = f"{self._notebook_name}--{grade_id}"
        result_path = Path(self.live_dir) / f"{key}.json"
        sock_path = os.path.join(os.path.dirname(self.km.ip), f"proxy-{secrets.token_hex(6)}")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn = None
        results: dict = {}
        try:
            listener.bind(sock_path)
            os.chmod(sock_path, 0o666)
            listener.listen(1)
            listener.setblocking(False)
            code = f"__import__('autograder.grading.proxy', fromlist=['serve']).serve({sock_path!r})"
            msg_id = self.kc.execute(code, silent=True, store_history=False)
            loop = asyncio.get_running_loop()
            conn, _ = await asyncio.wait_for(loop.sock_accept(listener), timeout=30)
            conn.setblocking(True)
            limits = Limits(**self.limits)
            await self._early_done()  # one cell at a time in the re-check process
            checker = self._live_checker(uid, limits)
            request = {"cells": [{"id": key, "source": cell.source, "answers": {}, "live": code_answers}]}
            timeout = (limits.cell_timeout or 120) * 2 + 30
            checker.start()  # here, in the thread that lives as long as the notebook (see LiveChecker.start)
            parsed = await in_own_thread(lambda: checker.check(request, conn.fileno(), timeout=timeout))
            results = parsed.get(key, {}) if isinstance(parsed, dict) else {}
        except LiveCheckTimedOut:  # the check ran past its clock: the learner's code is too slow
            results = {}
        except Exception as exc:  # the grader's machinery broke (no socket, no thread, no answer): not a score
            results = {}
            failure = f"{type(exc).__name__}: {exc}"[:300]
            with contextlib.suppress(OSError):
                from .._fileio import atomic_write

                atomic_write(Path(self.live_dir) / f"{key}.failed", failure)
        finally:
            if conn is not None:
                conn.close()  # the kernel's serve() returns
            listener.close()
            with contextlib.suppress(OSError):
                os.unlink(sock_path)
        try:
            await asyncio.wait_for(self.async_wait_for_reply(msg_id, cell), timeout=60)
        except Exception:
            pass
        if isinstance(results, dict) and results:
            from .._fileio import atomic_write

            atomic_write(result_path, json.dumps(results))

    def output(self, outs, msg, display_id, cell_index):
        limit = self.limits.get("output_kb")
        if limit and msg.get("msg_type") in _COUNTED_OUTPUTS:
            # Everything that can end up in the notebook counts: text, data, metadata, tracebacks.
            size = len(json.dumps(msg.get("content", {}), default=str))
            used = self._output_bytes.get(cell_index, 0) + size
            self._output_bytes[cell_index] = used
            if used > limit * 1024:
                if cell_index not in self._truncated:
                    self._truncated.add(cell_index)
                    outs.append(nbformat.v4.new_output(
                        "stream", name="stdout", text=f"\n[output cut: more than {limit} KB]\n"))
                    self._interrupt_task = asyncio.ensure_future(self._interrupt())
                return None
        return super().output(outs, msg, display_id, cell_index)

    async def _interrupt(self) -> None:
        try:
            await self.km.interrupt_kernel()
        except Exception:
            pass


def autograde_config(root: Path, task: Task, limits: Limits) -> Config:
    """nbgrader's configuration for grading ``task`` in the throw-away course folder ``root``."""
    from traitlets.config.loader import PyFileConfigLoader

    cfg = Config()
    if (root / "nbgrader_config.py").exists():
        cfg.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    cfg.CourseDirectory.root = str(root)
    # The throw-away folder's own layout, whatever the course's folders and gradebook are.
    cfg.CourseDirectory.db_url = sqlcache.url(root / "gradebook.db")  # one statement cache for all (.sqlcache)
    cfg.CourseDirectory.source_directory = "source"
    cfg.CourseDirectory.submitted_directory = "submitted"
    cfg.CourseDirectory.autograded_directory = "autograded"
    cfg.Autograde.create_student = True
    if limits.cell_timeout:
        cfg.Execute.timeout = int(limits.cell_timeout)
    cfg.Execute.interrupt_on_timeout = True
    # The outputs are collected by then: kill the kernel instead of waiting for it to exit.
    cfg.Execute.shutdown_kernel = "immediate"
    cfg.Execute.kernel_manager_class = SandboxKernelManager
    cfg.SafeExecute.limits = limits.as_dict()
    cfg.SafeExecute.snapshot_dir = str(CourseFolder(root).snapshots)
    cfg.SafeExecute.events_file = str(CourseFolder(root).events)
    cfg.SafeExecute.recheck = task.recheck
    cfg.SafeExecute.live_dir = str(CourseFolder(root).live)
    layout = CourseFolder(root)
    cfg.SandboxKernelManager.use_bwrap = task.use_bwrap
    # Answer keys are hidden only when the re-check outside the kernel scores the cells that need them.
    cfg.SandboxKernelManager.hide_keys = task.recheck != "off"
    cfg.SandboxKernelManager.assignment = task.assignment
    cfg.SandboxKernelManager.answer_keys = list(declared_in(task.template.source_files))
    cfg.SandboxKernelManager.limits = limits.as_dict()
    cfg.SandboxKernelManager.fork_kernels = task.fork_kernels
    cfg.SandboxKernelManager.kernel_rw = str(layout.kernel_rw)
    cfg.SandboxKernelManager.kernel_conn = str(layout.kernel_conn)
    uid = kernel_uid()
    cfg.SandboxKernelManager.kernel_user = -1 if uid is None else uid
    cfg.SandboxKernelManager.transport = "ipc"
    cfg.SandboxKernelManager.ip = str(layout.ipc / "kernel")
    cfg.SandboxKernelManager.connection_file = str(layout.connection_file)
    from nbgrader.converters import Autograde

    ours = {Execute: SafeExecute, CheckCellMetadata: CheckCellMetadataOnce}
    for name in ("sanitize_preprocessors", "autograde_preprocessors"):
        default = Autograde.class_traits()[name].default()
        cfg.Autograde[name] = [ours.get(p, p) for p in default]
    return cfg


class _SchemaCheckedOnce:
    """``jsonschema`` as nbgrader's metadata validator uses it, but the schema itself is checked against
    its metaschema once per process, not again for every cell (:class:`CheckCellMetadataOnce`)."""

    def __init__(self, real) -> None:
        self._real = real
        self._checked: list[tuple[type, dict]] = []

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def validate(self, instance, schema, cls=None, *args, **kwargs) -> None:
        import copy

        from jsonschema import exceptions, validators

        if cls is None:
            cls = validators.validator_for(schema)
        if not any(kind is cls and seen == schema for kind, seen in self._checked):
            cls.check_schema(schema)  # what jsonschema.validate does first, every time
            self._checked.append((cls, copy.deepcopy(schema)))
        error = exceptions.best_match(cls(schema, *args, **kwargs).iter_errors(instance))
        if error is not None:
            raise error


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata``, which checks every cell's nbgrader metadata against nbgrader's
    schema with ``jsonschema.validate``: that function first checks the schema itself against JSON
    Schema's metaschema, again for every cell (0.9 of the grading processes' 10.7 core-seconds in a
    run of 36 notebooks, ``py-spy --gil``). Here the schema is checked once per process and every
    cell as before: the same verdicts and errors, by nbgrader's own validator."""

    def preprocess(self, nb, resources):
        from nbgrader.nbgraderformat import common

        real = common.jsonschema
        common.jsonschema = _schema_checked_once(real)
        try:
            return super().preprocess(nb, resources)
        finally:
            common.jsonschema = real


_CHECKED_ONCE: dict[int, _SchemaCheckedOnce] = {}
"""The process's one :class:`_SchemaCheckedOnce` (by the ``jsonschema`` module it stands for): what it
keeps is nbgrader's schema, never anything of a submission."""


def _schema_checked_once(real) -> _SchemaCheckedOnce:
    if id(real) not in _CHECKED_ONCE:
        _CHECKED_ONCE[id(real)] = _SchemaCheckedOnce(real)
    return _CHECKED_ONCE[id(real)]


