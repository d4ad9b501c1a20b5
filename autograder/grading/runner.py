"""Grade one submission in its throw-away course folder (runs in a worker process).

nbgrader's own ``Autograde`` converter is the engine, run in-process (a long-lived worker
grades many submissions without paying nbgrader's start-up each time), configured with:

- :class:`SafeExecute` instead of nbgrader's ``Execute``: total time limit, output limit,
  and a clear, recorded reason instead of a failed submission when a cell ignores the
  interrupt or the kernel dies (later cells are then not run and score 0);
- :class:`~autograder.grading.sandbox.SandboxKernelManager`: the kernel in bwrap, under
  limits, as an unused uid, talking over IPC.

Afterwards the marked test cells are re-checked outside the kernel
(:mod:`autograder.grading.recheck`) and the result is returned as plain data plus a tar of
the autograded folder, so it can travel back from a Dask worker.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import stat
import subprocess
import sys
import tarfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async
from nbgrader.preprocessors import Execute
from traitlets import Dict, Unicode

from . import recheck as _recheck
from .isolate import AssignmentTemplate, CourseFolder, make_course_folder, remove_course_folder
from .safefs import make_private_dir, read_file
from .sandbox import Limits, SandboxKernelManager, kernel_env, kernel_uid, kill_uid, wrap_command

__all__ = ["SafeExecute", "Task", "grade_task"]

_COUNTED_OUTPUTS = ("stream", "display_data", "execute_result", "update_display_data", "error")
_TAR_MAX_BYTES = 256 * 1024 * 1024
"""Copy-back bound: an autograded folder holds the submission's files (bounded at intake) and notebooks."""

# Events (reasons) recorded by SafeExecute, keyed by the throw-away folder's run dir.
_EVENTS: dict[str, list[str]] = {}


@dataclass
class Task:
    """Everything needed to grade one submission; picklable."""

    assignment: str
    student: str
    files: dict[str, bytes]
    template: AssignmentTemplate
    content_hash: str
    limits: dict = field(default_factory=dict)
    use_bwrap: bool = True
    recheck: str = "marked"
    """"marked" (test cells with ``# autograder: recheck``), "all" or "off"."""
    work_dir: str | None = None
    """Where throw-away course folders are made (default: the system's temporary folder)."""
    refused: list[str] = field(default_factory=list)
    """What intake left out of the submission (links, special files, oversized files), with reasons."""


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
    run_dir = Unicode("").tag(config=True)
    recheck = Unicode("marked").tag(config=True)

    def _events(self) -> list[str]:
        return _EVENTS.setdefault(self.run_dir, [])

    def preprocess(self, nb, resources=None, km=None):
        total = self.limits.get("total_timeout")
        self._deadline = time.monotonic() + total if total else None
        self._stopped: str | None = None
        self._output_bytes: dict[int, int] = {}
        self._truncated: set[int] = set()
        self._notebook_name = (resources or {}).get("unique_key", "notebook")
        self.timeout_func = self._cell_timeout
        return super().preprocess(nb, resources, km)

    def _cell_timeout(self, cell) -> int | None:
        timeout = self.timeout
        if self._deadline is not None:
            remaining = max(1, int(self._deadline - time.monotonic()) + 1)
            timeout = remaining if not timeout or timeout < 0 else min(timeout, remaining)
        return timeout

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        label = _label(cell, cell_index)
        if self._stopped:
            cell.outputs = [_error_output("NotRun", self._stopped)]
            return cell
        if self._deadline is not None and time.monotonic() >= self._deadline:
            self._stop(f"the notebook used up its total time limit of {self.limits.get('total_timeout')} s "
                       f"before cell {label}; it and later cells were not run")
            cell.outputs = [_error_output("NotRun", self._stopped)]
            return cell
        nbg = cell.get("metadata", {}).get("nbgrader", {})
        if nbg.get("grade") and self._wants_recheck(cell.source):
            await self._snapshot(nbg.get("grade_id", str(cell_index)), cell)
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
                self._events().append(f"cell {label} ran past its time limit of {self._cell_timeout(cell)} s "
                                      "and was interrupted")
                break
        if cell_index in self._truncated:
            self._events().append(f"cell {label} printed more than {self.limits.get('output_kb')} KB; "
                                  "its output was cut and the cell interrupted")
        return cell

    def on_cell_executed(self, **kwargs):
        """nbgrader appends the reply's error when no error output was kept: cut it to the limit too."""
        limit = self.limits.get("output_kb")
        content = (kwargs.get("execute_reply") or {}).get("content", {})
        if limit and content.get("status") == "error" and len(json.dumps(content, default=str)) > limit * 1024:
            budget = limit * 1024 // 4
            content["evalue"] = _cut(str(content.get("evalue", "")), budget)
            content["traceback"] = [_cut("\n".join(str(t) for t in content.get("traceback") or []), budget)]
        return super().on_cell_executed(**kwargs)

    # nbclient binds the sync wrapper to its own coroutine: rebind it to ours.
    execute_cell = run_sync(async_execute_cell)

    def _stop(self, reason: str) -> None:
        self._stopped = reason
        self._events().append(reason)

    async def _replace_kernel(self, cell, ename: str, what: str) -> None:
        """Kill the kernel; run the remaining cells in a fresh one (or none, if it cannot start)."""
        kill_uid(None if self.km.kernel_user < 0 else self.km.kernel_user)
        try:
            # restart keeps the manager's ZMQ context and connection (shutdown would close them)
            await self.km.restart_kernel(now=True)
            await ensure_async(self.kc.wait_for_ready(timeout=self.startup_timeout))
            reason = (f"{what}; the kernel was restarted and the later cells ran in a fresh kernel "
                      "(without the variables of earlier cells)")
            self._events().append(reason)
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

    async def _snapshot(self, grade_id: str, cell) -> None:
        names = _recheck.answer_names(cell.source)
        path = os.path.join(self.run_dir, f"{self._notebook_name}--{grade_id}.json")
        code = f"__import__('autograder.grading.snapshot', fromlist=['dump']).dump({path!r}, {names!r})"
        try:
            msg_id = self.kc.execute(code, silent=True, store_history=False)
            await self.async_wait_for_reply(msg_id, cell)
        except Exception:  # a missing snapshot re-checks as "answer missing": never in the learner's favour  # a missing snapshot re-checks as "answer missing": never in the learner's favour
            pass

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


def _config(root: Path, task: Task, limits: Limits):
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    cfg = Config()
    if (root / "nbgrader_config.py").exists():
        cfg.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    cfg.Autograde.create_student = True
    if limits.cell_timeout:
        cfg.Execute.timeout = int(limits.cell_timeout)
    cfg.Execute.interrupt_on_timeout = True
    # The outputs are collected by then: kill the kernel instead of waiting for it to exit.
    cfg.Execute.shutdown_kernel = "immediate"
    cfg.Execute.kernel_manager_class = SandboxKernelManager
    cfg.SafeExecute.limits = limits.as_dict()
    cfg.SafeExecute.run_dir = str(CourseFolder(root).snapshots)
    cfg.SafeExecute.recheck = task.recheck
    # Widget state is kept in the notebook's metadata, outside every output limit: not stored.
    cfg.Execute.store_widget_state = False
    layout = CourseFolder(root)
    cfg.SandboxKernelManager.use_bwrap = task.use_bwrap
    cfg.SandboxKernelManager.limits = limits.as_dict()
    cfg.SandboxKernelManager.kernel_rw = str(layout.kernel_rw)
    cfg.SandboxKernelManager.kernel_conn = str(layout.kernel_conn)
    uid = kernel_uid()
    cfg.SandboxKernelManager.kernel_user = -1 if uid is None else uid
    cfg.SandboxKernelManager.transport = "ipc"
    cfg.SandboxKernelManager.ip = str(layout.ipc / "kernel")
    cfg.SandboxKernelManager.connection_file = str(layout.connection_file)
    from nbgrader.converters import Autograde

    pps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    cfg.Autograde.autograde_preprocessors = [SafeExecute if p is Execute else p for p in pps]
    return cfg


def _without_hidden_tests(source: str) -> str:
    """A test cell's source as the release shows it: nbgrader's ClearHiddenTests, line for line."""
    kept, hidden = [], False
    for line in source.split("\n"):
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def _inspect_submission(task: Task, sub: Path, deleted: set | None = None) -> list[str]:
    """Reasons about the submitted files: renamed notebooks, deleted or edited locked cells.

    ``deleted`` receives (notebook, grade_id) of grade cells missing from the submission.
    """
    reasons: list[str] = []
    deleted = set() if deleted is None else deleted
    expected = set(task.template.notebooks)
    present = {p.stem for p in sub.glob("*.ipynb")}
    missing, extra = sorted(expected - present), sorted(present - expected)
    if len(missing) == 1 and len(extra) == 1:
        (sub / f"{extra[0]}.ipynb").rename(sub / f"{missing[0]}.ipynb")
        reasons.append(f"notebook `{extra[0]}.ipynb` was renamed; graded it as `{missing[0]}.ipynb`")
        present = (present - {extra[0]}) | {missing[0]}
    else:
        for name in missing:
            reasons.append(f"notebook `{name}.ipynb` is missing from the submission"
                           + (f" (found {', '.join(e + '.ipynb' for e in extra)})" if extra else "")
                           + ": its questions score 0")
    for name in sorted(expected & present):
        try:  # plain JSON: nbformat's schema validation costs more than the rest of this check
            nb = json.loads((sub / f"{name}.ipynb").read_text(encoding="utf-8"))
            cells = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c for c in nb["cells"]}
        except Exception as exc:
            reasons.append(f"notebook `{name}.ipynb` is not a readable notebook ({type(exc).__name__})")
            continue
        for grade_id, spec in task.template.cells[name].items():
            cell = cells.get(grade_id)
            if cell is None:
                if spec.get("grade"):
                    deleted.add((name, grade_id))
                    reasons.append(f"grade cell `{grade_id}` was deleted from `{name}.ipynb`: it scores 0")
                continue
            meta = cell.get("metadata", {}).get("nbgrader", {})
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            if spec.get("locked") and spec.get("source") is not None and source not in (
                    spec["source"], _without_hidden_tests(spec["source"])):
                reasons.append(f"locked cell `{grade_id}` was edited; the original was restored before grading")
            elif spec.get("grade") and meta.get("points") not in (None, spec.get("points")):
                reasons.append(f"points of `{grade_id}` were changed in the metadata; the original was restored")
    return reasons


def _recheck_scores(task: Task, root: Path, limits: Limits, use_bwrap: bool) -> dict[tuple[str, str], float | None]:
    """(notebook, grade_id) -> score of the re-check in a fresh sandboxed interpreter."""
    from nbgrader.utils import determine_grade

    cells, keys = [], []
    for nb_name, spec_cells in task.template.cells.items():
        for grade_id, spec in spec_cells.items():
            source = spec.get("source")
            if not spec.get("grade") or spec.get("cell_type") != "code" or not source:
                continue
            wanted = (task.recheck == "all" and _recheck.answer_names(source)) or (
                task.recheck == "marked" and _recheck.is_marked(source))
            if not wanted:
                continue
            snap = CourseFolder(root).snapshots / f"{nb_name}--{grade_id}.json"
            try:  # the kernel wrote this folder: a link, a FIFO or a huge file is no snapshot
                answers = json.loads(read_file(snap, 20_000_000).decode("utf-8"))
                if not isinstance(answers, dict):
                    answers = {}
            except (OSError, ValueError):
                answers = {}
            cells.append({"id": f"{nb_name}--{grade_id}", "source": source, "answers": answers})
            keys.append((nb_name, grade_id, spec))
    if not cells:
        return {}
    scratch = root / "recheck"
    uid = kernel_uid()
    make_private_dir(scratch, owner=uid)
    cmd = wrap_command([sys.executable, "-m", "autograder.grading.recheck"], writable=[str(scratch)],
                       cwd=str(scratch), limits=limits, use_bwrap=use_bwrap, uid=uid)
    timeout = (limits.total_timeout or 600) + 30
    try:
        proc = subprocess.run(cmd, input=json.dumps({"cells": cells}), capture_output=True, text=True,
                              timeout=timeout, env=kernel_env(str(scratch)), cwd=str(scratch))
        results = json.loads(proc.stdout)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        results = {}
    finally:
        kill_uid(uid)
    scores: dict[tuple[str, str], float | None] = {}
    for (nb_name, grade_id, spec), cell in zip(keys, cells, strict=True):
        res = results.get(cell["id"])
        if res is None:
            scores[(nb_name, grade_id)] = None
            continue
        outputs = []
        if res.get("error"):
            outputs.append(nbformat.v4.new_output("error", ename="Error", evalue=res["error"], traceback=[]))
        if res.get("stderr"):
            outputs.append(nbformat.v4.new_output("stream", name="stderr", text=res["stderr"]))
        if res.get("value_repr") is not None:
            outputs.append(nbformat.v4.new_output("execute_result", data={"text/plain": res["value_repr"]},
                                                  execution_count=1))
        fake = nbformat.v4.new_code_cell(cell["source"])
        fake.outputs = outputs
        fake.metadata["nbgrader"] = {"grade": True, "solution": False, "points": spec["points"], "grade_id": grade_id}
        scores[(nb_name, grade_id)] = determine_grade(fake, logging.getLogger("autograder.recheck"))[0]
    return scores


def _read_grades(root: Path, task: Task) -> dict:
    from nbgrader.api import Gradebook

    out: dict = {"notebooks": {}, "timestamp": None}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        sub = gb.find_submission(task.assignment, task.student)
        out["timestamp"] = sub.timestamp.isoformat() if sub.timestamp else None
        for nb in sub.notebooks:
            out["notebooks"][nb.name] = {
                "grades": {
                    g.name: {"auto_score": g.auto_score, "max_score": float(g.max_score),
                             "needs_manual_grade": bool(g.needs_manual_grade)}
                    for g in nb.grades
                },
                "comments": {c.name: c.auto_comment for c in nb.comments},
                "late_submission_penalty": nb.late_submission_penalty,
            }
    return out


def _tar(folder: Path) -> bytes:
    buf = io.BytesIO()
    total = 0
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        # Only regular files: a link the learner's code planted must not pull in what it points to.
        for root, dirs, files in os.walk(folder):  # does not follow links to folders
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                st = path.lstat()
                if not stat.S_ISREG(st.st_mode):
                    continue
                total += st.st_size
                if total > _TAR_MAX_BYTES:
                    raise ValueError(f"the autograded folder holds more than {_TAR_MAX_BYTES >> 20} MB")
                tar.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
    return buf.getvalue()


_INFRASTRUCTURE = ("Kernel died before replying", "Kernel didn't respond", "Timeout waiting for kernel",
                   "kernel_info")
"""nbgrader's words for a kernel that never started: the machine's failure, not the submission's."""


def grade_task(task: Task) -> dict:
    """Grade one submission; never raises. Returns the result record (plain data + tar bytes).

    A kernel that dies before it ever replied (seen on a loaded machine) is the grader's
    failure: the submission is graded once more, and if that fails the same way the record
    says "failed: grader" and is marked ``infrastructure`` - never merged as a score, and
    graded again by the next run.
    """
    record = _grade_once(task)
    if not _infrastructure_failure(record):
        return record
    first = record["reasons"]
    record = _grade_once(task)
    if _infrastructure_failure(record):
        record["infrastructure"] = True
        record["reasons"] = [f"failed: grader (its kernel did not start, twice: {'; '.join(first)[-300:]}); "
                             "it is graded again by the next run"]
    return record


def _infrastructure_failure(record: dict) -> bool:
    if record["status"] == "graded":
        return False
    text = " ".join(record.get("reasons", []))
    return any(marker in text for marker in _INFRASTRUCTURE)


def _grade_once(task: Task) -> dict:
    started = time.monotonic()
    record = {
        "assignment": task.assignment, "student": task.student, "hash": task.content_hash,
        "status": "failed", "reasons": [], "score": None, "max_score": None, "flagged": False,
        "notebooks": {}, "timestamp": None, "autograded_tar": b"", "sandbox": task.use_bwrap,
    }
    limits = Limits(**task.limits)
    root = None
    uid = kernel_uid()
    try:
        root = make_course_folder(task.template, task.student, task.files, base=task.work_dir, kernel_uid=uid,
                                  sandboxed=task.use_bwrap)
        sub = root / "submitted" / task.student / task.assignment
        deleted: set = set()
        record["reasons"].extend(task.refused)
        record["reasons"].extend(_inspect_submission(task, sub, deleted))
        run_key = str(CourseFolder(root).snapshots)
        _EVENTS[run_key] = []
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory

        cfg = _config(root, task, limits)
        coursedir = CourseDirectory(config=cfg)
        coursedir.root = str(root)
        coursedir.assignment_id = task.assignment
        coursedir.student_id = task.student
        app = Autograde(coursedir=coursedir, config=cfg)
        app.force = True
        log = io.StringIO()
        handler = logging.StreamHandler(log)
        handler.setLevel(logging.WARNING)
        app.log.addHandler(handler)
        cwd = os.getcwd()
        try:
            with warnings.catch_warnings():
                # nbgrader's routine SQLAlchemy "not in session" notice and third-party
                # deprecations say nothing about the submission (NBGRADER-NOTES.md).
                warnings.simplefilter("ignore")
                app.start()
            ok = True
        except BaseException as exc:  # nbgrader raises NbGraderException or SystemExit on failure
            if isinstance(exc, KeyboardInterrupt):
                raise
            ok = False
            record["reasons"].append(f"nbgrader could not grade it: {_last_error(log.getvalue(), exc)}")
        finally:
            os.chdir(cwd)
            app.log.removeHandler(handler)
            kill_uid(uid)
        record["reasons"].extend(_EVENTS.pop(run_key, []))
        autograded = root / "autograded" / task.student / task.assignment
        if ok and autograded.is_dir():
            grades = _read_grades(root, task)
            for nb_name, grade_id in deleted:  # nbgrader leaves them ungraded: nothing is there to grade
                g = grades["notebooks"].get(nb_name, {}).get("grades", {}).get(grade_id)
                if g is not None and g["auto_score"] is None:
                    g["auto_score"], g["needs_manual_grade"] = 0.0, False
            rechecked = _recheck_scores(task, root, limits, task.use_bwrap)
            for (nb_name, grade_id), fresh in rechecked.items():
                g = grades["notebooks"].get(nb_name, {}).get("grades", {}).get(grade_id)
                if g is None or g["auto_score"] is None:
                    continue
                fresh = 0.0 if fresh is None else float(fresh)
                if fresh < g["auto_score"] - 1e-9:
                    record["reasons"].append(
                        f"test `{grade_id}` scored {g['auto_score']:g} in the learner's kernel but {fresh:g} "
                        "when re-run in a fresh interpreter on its answers as plain data (the submission changed "
                        "the checker, a builtin or the kernel itself, or an answer is not plain data); "
                        f"{fresh:g} is recorded")
                    g["auto_score"] = fresh
                    record["flagged"] = True
            record["notebooks"] = grades["notebooks"]
            record["timestamp"] = grades["timestamp"]
            record["autograded_tar"] = _tar(autograded)
            all_grades = [g for nb in grades["notebooks"].values() for g in nb["grades"].values()]
            record["score"] = round(sum(g["auto_score"] or 0.0 for g in all_grades), 4)
            record["max_score"] = round(sum(g["max_score"] for g in all_grades), 4)
            record["status"] = "graded"
        elif ok:
            record["reasons"].append("nbgrader produced no autograded notebook")
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        record["reasons"].append(f"grading crashed: {type(exc).__name__}: {exc}")
        record["traceback"] = traceback.format_exc()[-4000:]
    finally:
        kill_uid(uid)
        if root is not None:
            remove_course_folder(root)
    record["seconds"] = round(time.monotonic() - started, 2)
    return record


def _last_error(log: str, exc: BaseException) -> str:
    lines = [ln.strip() for ln in log.splitlines() if ln.strip() and not ln.startswith("Traceback")]
    errors = [ln for ln in lines if "rror" in ln or "failed" in ln.lower()]
    text = (errors or lines or [f"{type(exc).__name__}: {exc}"])[-1]
    return text[:400]
