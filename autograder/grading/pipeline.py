"""``grade(...)``: isolated, sandboxed, parallel, resumable autograding of a course."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .isolate import load_template, remove_stale_course_folders
from .merge import merge_record
from .pool import run_tasks
from .record import GradeRecord
from .runner import Task
from .safefs import printable, read_tree, utf8_name
from .sandbox import DEFAULT_LIMITS, Limits, matplotlib_cache, sandbox_status
from .settings import course_settings
from .state import State, content_hash

__all__ = ["GradingRun", "SandboxRequired", "SubmissionResult", "grade"]


class SandboxRequired(RuntimeError):
    """The sandbox was required but bubblewrap cannot run here."""


@dataclass
class SubmissionResult:
    assignment: str
    student: str
    status: str
    """"graded", "skipped" (already graded with identical content) or "failed"."""
    score: float | None = None
    max_score: float | None = None
    reasons: list[str] = field(default_factory=list)
    """Why points were lost to a limit or tampering, or why grading failed."""
    seconds: float = 0.0

    def line(self) -> str:
        score = "" if self.score is None else f" {self.score:g}/{self.max_score:g}"
        head = f"{self.status:8s} {self.assignment}/{self.student}{score}"
        return head + (f"  - {'; '.join(self.reasons)}" if self.reasons else "")


@dataclass
class GradingRun:
    results: list[SubmissionResult] = field(default_factory=list)
    sandbox: str = ""
    """How submissions were isolated (bubblewrap, or limits only and why)."""
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> list[SubmissionResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        counts = {s: sum(r.status == s for r in self.results) for s in ("graded", "skipped", "failed")}
        lines = [r.line() for r in sorted(self.results, key=lambda r: (r.assignment, r.student))]
        lines.append(
            f"{counts['graded']} graded, {counts['skipped']} unchanged and skipped, {counts['failed']} failed "
            f"in {self.seconds:.1f} s. {self.sandbox}"
        )
        if self.failed:
            lines.append("Failed (recorded as 'needs manual grade' and flagged, not as 0):")
            lines += [f"  {r.assignment}/{r.student}: {'; '.join(r.reasons) or 'unknown error'}" for r in self.failed]
        if self.interrupted:
            lines.append("Interrupted: results saved so far are kept; run the same command again to resume.")
        return "\n".join(lines)


def _submissions(submitted: Path, assignments, students) -> tuple[list[tuple[str, str, Path]], list[SubmissionResult]]:
    """(assignment, student, folder) of every submission, and the entries refused with a reason.

    Student and assignment folders are taken only when they are real folders (not links) whose
    names are valid UTF-8 plain names; anything else is reported, never followed, never fatal.
    """
    found: list[tuple[str, str, Path]] = []
    refused: list[SubmissionResult] = []
    if not submitted.is_dir():
        return found, refused

    def entries(folder: Path) -> list[os.DirEntry]:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)

    def refuse(assignment: str, student: str, why: str) -> None:
        refused.append(SubmissionResult(assignment=printable(assignment), student=printable(student),
                                        status="failed", reasons=[why]))

    for sdir in entries(submitted):
        if sdir.name.startswith(".") or (students and sdir.name not in students):
            continue
        if not utf8_name(sdir.name):
            refuse("?", sdir.name, f"student folder `{printable(sdir.name)}` was not graded: its name is not valid UTF-8")
            continue
        if sdir.is_symlink():
            refuse("?", sdir.name, f"student folder `{printable(sdir.name)}` was not graded: it is a symbolic link")
            continue
        if not sdir.is_dir(follow_symlinks=False):
            continue
        for adir in entries(Path(sdir.path)):
            if adir.name.startswith(".") or (assignments and adir.name not in assignments):
                continue
            if not utf8_name(adir.name):
                refuse(adir.name, sdir.name,
                       f"assignment folder `{printable(adir.name)}` was not graded: its name is not valid UTF-8")
            elif adir.is_symlink():
                refuse(adir.name, sdir.name,
                       f"assignment folder `{printable(adir.name)}` was not graded: it is a symbolic link")
            elif adir.is_dir(follow_symlinks=False):
                found.append((adir.name, sdir.name, Path(adir.path)))
    return found, refused


def _prepare_schema_engine(echo) -> None:
    """The PostgreSQL template data folder, made once outside the sandbox (its uid cannot run initdb)."""
    try:
        from autograder.schema import _server

        _server._find_or_make_template()
    except Exception as exc:  # the checks then say what is missing; grading goes on
        echo(f"warning: the PostgreSQL engine could not be prepared ({type(exc).__name__}: {exc}); "
             "schema checks will fail with that reason")


def _result(record: GradeRecord, status: str | None = None) -> SubmissionResult:
    # Names and reasons come from a submission: escaped, so printing them is always safe.
    return SubmissionResult(
        assignment=printable(record.assignment), student=printable(record.student),
        status=status or record.status, score=record.score, max_score=record.max_score,
        reasons=[printable(r, 2000) for r in record.reasons], seconds=record.seconds,
    )


def grade(
    course_dir: str | Path = ".",
    *,
    assignments: list[str] | None = None,
    students: list[str] | None = None,
    jobs: int | None = None,
    scheduler=None,
    limits: Limits = DEFAULT_LIMITS,
    sandbox: bool = True,
    require_sandbox: bool = False,
    recheck: str = "marked",
    fork_kernels: bool = True,
    force: bool = False,
    state_dir: str | Path | None = None,
    progress: bool = False,
    work_dir: str | Path | None = None,
    echo=None,
) -> GradingRun:
    """Autograde every collected submission in ``course_dir/submitted`` (or the chosen subset).

    Each submission is graded by nbgrader in its own throw-away course folder, its kernel in
    a bubblewrap sandbox under ``limits``, ``jobs`` at a time (default: the number of cores)
    or on the Dask cluster at ``scheduler``; results are merged into ``gradebook.db`` and
    ``autograded/`` as they arrive. Already graded submissions with identical content are
    skipped unless ``force``. ``recheck``: "marked", "all" or "off" (see :mod:`.recheck`).
    ``work_dir``: where the throw-away course folders go (default: the temporary folder).
    ``fork_kernels``: fork each kernel from its grading process's pre-imported zygote (:mod:`.zygote`;
    as root with bubblewrap, and not on a Dask cluster, where each submission has a process of its own).
    ``echo`` (a callable taking a str) receives notices such as a missing sandbox.
    """
    started = time.monotonic()
    course = Path(course_dir).resolve()
    echo = echo or (lambda msg: print(msg, file=sys.stderr))
    run = GradingRun()
    # matplotlib's font list for the kernels' HOMEs, made here while the run is planned, so that the
    # grading processes forked later have it (each made its own, 0.3 s, before its first kernel).
    fonts = threading.Thread(target=matplotlib_cache, name="autograder-fonts", daemon=True)
    if scheduler is None:
        fonts.start()
    try:
        return _grade(course, run, started, echo, fonts, assignments=assignments, students=students, jobs=jobs,
                      scheduler=scheduler, limits=limits, sandbox=sandbox, require_sandbox=require_sandbox,
                      recheck=recheck, fork_kernels=fork_kernels, force=force, state_dir=state_dir,
                      progress=progress, work_dir=work_dir)
    finally:
        if fonts.is_alive():
            fonts.join()


def _grade(course: Path, run: GradingRun, started: float, echo, fonts: threading.Thread, *,
           assignments: list[str] | None, students: list[str] | None, jobs: int | None, scheduler,
           limits: Limits, sandbox: bool, require_sandbox: bool, recheck: str, fork_kernels: bool, force: bool,
           state_dir: str | Path | None, progress: bool, work_dir: str | Path | None) -> GradingRun:
    use_bwrap = False
    if sandbox:
        use_bwrap, why = sandbox_status()
        if not use_bwrap:
            if require_sandbox:
                raise SandboxRequired(f"the sandbox is required but unavailable: {why}")
            run.sandbox = f"No sandbox ({why}): graded with resource limits only."
            echo(f"warning: {run.sandbox}")
        else:
            run.sandbox = "Sandbox: bubblewrap (no network, read-only system, only the submission's folder writable)."
    else:
        if require_sandbox:
            raise SandboxRequired("the sandbox is required but was switched off")
        run.sandbox = "No sandbox (switched off): graded with resource limits only."
    remove_stale_course_folders(work_dir)
    settings = course_settings(course)
    state = State(state_dir or settings.autograded / ".autograder-state")
    found, refused = _submissions(settings.submitted, set(assignments or ()), set(students or ()))
    run.results.extend(refused)
    if assignments:
        missing = set(assignments) - {a for a, _, _ in found}
        for name in sorted(missing):
            if not (settings.source / name).is_dir():
                raise FileNotFoundError(f"no assignment {name!r} in {settings.source}")
    templates = {}
    options = {"limits": limits.as_dict(), "sandbox": use_bwrap, "recheck": recheck}
    tasks, to_merge = [], []
    for assignment, student, folder in found:
        if assignment not in templates:
            templates[assignment] = load_template(course, assignment, settings=settings)
        intake = read_tree(folder, what=f"{assignment}/{student}")
        files = intake.files
        h = content_hash(files, template_fingerprint=templates[assignment].fingerprint(), options=options,
                         refused=intake.refused)
        old = state.load(assignment, student)
        if old and old.hash == h and not force and not old.infrastructure:
            if old.merged:
                run.results.append(_result(old, "skipped"))
            else:
                to_merge.append(old)
            continue
        tasks.append(Task(assignment=assignment, student=student, files=files, refused=intake.refused,
                          template=templates[assignment],
                          content_hash=h, limits=limits.as_dict(), use_bwrap=use_bwrap, recheck=recheck,
                          work_dir=str(work_dir) if work_dir else None,
                          fork_kernels=fork_kernels and scheduler is None))

    if use_bwrap and tasks and any(b"autograder.schema" in data for t in templates.values()
                                   for data in t.source_files.values()):
        _prepare_schema_engine(echo)

    gradebooks = contextlib.ExitStack()  # one gradebook for every merge of the run, opened at the first
    opened: list = []

    def finish(record: GradeRecord) -> SubmissionResult:
        if not opened:
            from nbgrader.api import Gradebook

            opened.append(gradebooks.enter_context(Gradebook(settings.db_url)))
        merge_record(course, record, state.tar_bytes(record), db_url=settings.db_url,
                     autograded_dir=settings.autograded, gradebook=opened[0])
        state.mark_merged(record)
        result = _result(record)
        run.results.append(result)
        return result

    if fonts.is_alive() and tasks:
        fonts.join()  # before the grading processes are forked
    with gradebooks:
        _merge_all(run, to_merge, tasks, finish, state, jobs=jobs, scheduler=scheduler, progress=progress)
    run.seconds = time.monotonic() - started
    return run


def _merge_all(run: GradingRun, to_merge: list[GradeRecord], tasks: list[Task], finish, state: State, *,
               jobs: int | None, scheduler, progress: bool) -> None:
    """Merge the records an interrupted run saved, then grade ``tasks`` and merge each record as it comes."""
    for record in to_merge:  # saved by an interrupted run, not yet merged
        finish(record)

    bar = None
    if progress and tasks:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), file=sys.stderr, unit="submission", dynamic_ncols=True)
    try:
        for record in run_tasks(tasks, jobs=jobs, scheduler=scheduler):
            result = finish(state.save(record))
            if bar is not None:
                bar.set_postfix_str(f"{result.assignment}/{result.student} {result.status}", refresh=False)
                bar.update(1)
    except KeyboardInterrupt:
        run.interrupted = True
    finally:
        if bar is not None:
            bar.close()
