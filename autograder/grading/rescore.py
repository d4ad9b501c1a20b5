"""Re-check marked test cells outside the learner's kernel (after nbgrader ran them in it).

Each marked cell runs again in a fresh sandboxed interpreter (:mod:`.recheck`), fed only the
answers' values that the kernel's snapshot recorded; the snapshot is read without following
links and within a size bound, since the kernel could write its folder.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat

from . import recheck as _recheck
from .isolate import CourseFolder
from .safefs import make_private_dir, read_file
from .sandbox import Limits, kernel_env, kernel_uid, kill_uid, wrap_command
from .task import Task

__all__ = ["Rechecked", "recheck_scores"]

_SNAPSHOT_MAX_BYTES = 20_000_000


class Rechecked(NamedTuple):
    """One re-checked test cell: its score (None: the re-check did not finish) and its outputs."""

    score: float | None
    outputs: list
    note: str = ""
    """Why the re-check saw no answers, when the kernel's snapshot of them could not be read."""
    live: bool = False
    """Re-checked while the kernel ran, calling answers that are code through :mod:`.proxy`."""


def recheck_scores(task: Task, root: Path, limits: Limits, use_bwrap: bool) -> dict[tuple[str, str], Rechecked]:
    """(notebook, grade_id) -> the re-check's score and outputs, in a fresh sandboxed interpreter."""
    cells, keys = [], []
    scores: dict[tuple[str, str], Rechecked] = {}
    for nb_name, spec_cells in task.template.cells.items():
        for grade_id, spec in spec_cells.items():
            source = spec.get("source")
            if not spec.get("grade") or spec.get("cell_type") != "code" or not source:
                continue
            wanted = (task.recheck == "all" and _recheck.answer_names(source)) or (
                task.recheck == "marked" and _recheck.is_marked(source))
            if not wanted:
                continue
            live = _live_result(root, f"{nb_name}--{grade_id}")
            if live is not None:
                scores[(nb_name, grade_id)] = _rechecked(live, source, spec, grade_id, note="", live=True)
                continue
            snap = CourseFolder(root).snapshots / f"{nb_name}--{grade_id}.json"
            note = ""
            try:  # the kernel wrote this folder: a link, a FIFO or a huge file is no snapshot
                answers = json.loads(read_file(snap, _SNAPSHOT_MAX_BYTES).decode("utf-8"))
                if not isinstance(answers, dict):
                    raise ValueError("not a JSON object")
            except (OSError, ValueError) as exc:
                answers = {}
                note = (f"test `{grade_id}`: the answers it reads could not be taken from the kernel "
                        f"({_why(exc)}); it was checked as unanswered")
            cells.append({"id": f"{nb_name}--{grade_id}", "source": source, "answers": answers})
            keys.append((nb_name, grade_id, spec, note))
    if not cells:
        return scores
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
    for (nb_name, grade_id, spec, note), cell in zip(keys, cells, strict=True):
        res = results.get(cell["id"]) if isinstance(results, dict) else None
        scores[(nb_name, grade_id)] = _rechecked(res, cell["source"], spec, grade_id, note=note)
    return scores


def _live_result(root: Path, key: str) -> dict | None:
    try:
        data = json.loads(read_file(CourseFolder(root).live / f"{key}.json", _SNAPSHOT_MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _rechecked(res, source: str, spec: dict, grade_id: str, *, note: str, live: bool = False) -> Rechecked:
    """The score nbgrader gives the re-check's outputs of one cell."""
    from nbgrader.utils import determine_grade

    if not isinstance(res, dict):
        return Rechecked(None, [], note, live)
    outputs = []
    if res.get("stdout"):
        outputs.append(nbformat.v4.new_output("stream", name="stdout", text=str(res["stdout"])))
    if res.get("error"):
        outputs.append(nbformat.v4.new_output("error", ename="Error", evalue=str(res["error"]), traceback=[]))
    if res.get("stderr"):
        outputs.append(nbformat.v4.new_output("stream", name="stderr", text=str(res["stderr"])))
    if res.get("value_repr") is not None:
        outputs.append(nbformat.v4.new_output("execute_result", data={"text/plain": str(res["value_repr"])},
                                              execution_count=1))
    fake = nbformat.v4.new_code_cell(source)
    fake.outputs = outputs
    fake.metadata["nbgrader"] = {"grade": True, "solution": False, "points": spec["points"], "grade_id": grade_id}
    return Rechecked(determine_grade(fake, logging.getLogger("autograder.recheck"))[0], outputs, note, live)


def _why(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "the kernel wrote none: it stopped or removed it before the test ran"
    if isinstance(exc, OSError):
        return f"it is not a regular file the grader may read: {exc.strerror or type(exc).__name__}"
    if isinstance(exc, json.JSONDecodeError) or str(exc) == "not a JSON object":
        return "it is not valid answer data"
    return f"it is {str(exc)[:120]}, not a regular file within the size bound"


