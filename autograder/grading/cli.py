"""`autograder grade` and `autograder check`: thin layers over :func:`grade` and :func:`check`.

Registered into the main parser by ``autograder.cli``. Option defaults are read from the
library functions' own signatures and from :class:`~autograder.grading.sandbox.Limits`.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import sys
from pathlib import Path
from typing import Any

from .sandbox import Limits

__all__ = ["register"]

_LIMIT_HELP = {
    "cell_timeout": "seconds per cell (default: nbgrader_config's Execute.timeout)",
    "total_timeout": "seconds for all cells of a notebook",
    "memory_mb": "address space per kernel process, MB",
    "processes": "processes and threads of the kernel",
    "file_size_mb": "largest file the kernel may write, MB",
    "output_kb": "output kept per cell, KB (the cell is interrupted beyond it)",
    "open_files": "open files per process",
    "tmp_mb": "size of the sandbox's private /tmp, MB",
}


def _defaults(func) -> dict:
    return {k: p.default for k, p in inspect.signature(func).parameters.items() if p.default is not p.empty}


def _add_limits(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("limits (0 switches one off)")
    for f in dataclasses.fields(Limits):
        group.add_argument(f"--{f.name.replace('_', '-')}", type=int, default=f.default, metavar="N",
                           help=f"{_LIMIT_HELP.get(f.name, '')} (default: {f.default})")


def _limits(args) -> Limits:
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Limits):
        v = getattr(args, f.name)
        values[f.name] = v if (v or f.name == "tmp_mb") else None
    return Limits(**values)


def _cmd_grade(args) -> int:
    from autograder.course import find_root

    from . import pipeline

    if args.scheduler:
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            print("autograder grade: --scheduler needs Dask's `distributed`, which is in the instructor extra: "
                  "run `make setup-instructor` (or `pip install -e '.[instructor]'`), or grade without --scheduler",
                  file=sys.stderr)
            return 2
    try:
        run = pipeline.grade(
            find_root(args.root), assignments=args.assignments or None, students=args.student or None, jobs=args.jobs,
            scheduler=args.scheduler, limits=_limits(args), sandbox=not args.no_sandbox,
            require_sandbox=args.require_sandbox, recheck=args.recheck, force=args.force,
            fork_kernels=not args.no_fork,
            progress=not args.no_progress and sys.stderr.isatty() or args.progress,
        )
    except pipeline.SandboxRequired as exc:
        print(f"autograder grade: {exc}", file=sys.stderr)
        return 3
    from .summary import format_summary

    print(format_summary(run, verbose=args.verbose))
    if run.interrupted:
        return 130
    return 1 if run.failed else 0


def _cmd_check(args) -> int:
    import time

    from autograder.progress import ProgressError, check_targets, format_check

    from .pipeline import SandboxRequired
    from .selfcheck import CheckError, check

    if args.prepare:
        return _prepare(args)
    try:
        notebooks = [nb for path in (args.paths or [None]) for nb in check_targets(path)]
    except ProgressError as exc:
        print(f"autograder check: {exc}", file=sys.stderr)
        return 2
    show = not args.no_progress
    graded = errors = 0
    for index, notebook in enumerate(notebooks):
        if show:  # progress goes to stderr, so stdout stays the results alone
            where = f"{index + 1} of {len(notebooks)}: " if len(notebooks) > 1 else ""
            print(f"checking {where}{notebook.name} (hidden tests included; a few seconds) ...", file=sys.stderr,
                  flush=True)
        started = time.monotonic()
        try:
            result = check(notebook, course_dir=args.course or args.root, limits=_limits(args),
                           sandbox=not args.no_sandbox, require_sandbox=args.require_sandbox)
        except SandboxRequired as exc:
            print(f"autograder check: {exc}", file=sys.stderr)
            return 3
        except CheckError as exc:
            print(f"autograder check: {exc}", file=sys.stderr)
            errors += 1
            continue
        if show:
            print(f"  done in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        if index:
            print()
        print(format_check(result))
        graded += result.status == "graded"
    if errors == len(notebooks):
        return 2
    return 0 if graded == len(notebooks) else 1


def _prepare(args) -> int:
    from .selfcheck import CheckError, cache_dir, prepare_templates

    failed = 0
    try:
        for name, seconds, error in prepare_templates(args.course or args.root):
            if error:
                failed += 1
                print(f"  {name}: could not be prepared ({error}); its first check will try again",
                      file=sys.stderr)
            else:
                print(f"  {name}: ready ({seconds:.1f} s)", file=sys.stderr)
    except CheckError as exc:
        print(f"autograder check: {exc}", file=sys.stderr)
        return 2
    print(f"autograder check --prepare: templates kept in {cache_dir()}", file=sys.stderr)
    return 1 if failed else 0


def register(sub) -> None:
    from .pipeline import grade
    from .selfcheck import check

    gd = _defaults(grade)
    p = sub.add_parser(
        "grade",
        help="autograde collected submissions: sandboxed, parallel, resumable; merged into gradebook.db",
        description="Grade every submission in submitted/ (or the chosen ones) with nbgrader, each in a "
                    "throw-away course folder with its kernel sandboxed and limited; merge the results into "
                    "gradebook.db and autograded/. Unchanged submissions already graded are skipped.",
    )
    p.add_argument("assignments", nargs="*", help="assignment names (default: every submitted assignment)")
    p.add_argument("--student", action="append", metavar="ID", help="grade only this student (repeatable)")
    p.add_argument("--jobs", "-j", type=int, default=gd["jobs"], help="parallel graders (default: number of cores)")
    p.add_argument("--scheduler", default=gd["scheduler"], metavar="ADDRESS",
                   help="grade on this Dask distributed scheduler (e.g. tcp://127.0.0.1:8786) instead")
    p.add_argument("--force", action="store_true", default=gd["force"], help="regrade unchanged submissions too")
    p.add_argument("--require-sandbox", action="store_true", default=gd["require_sandbox"],
                   help="refuse to grade when bubblewrap is unavailable")
    p.add_argument("--no-sandbox", action="store_true", default=not gd["sandbox"],
                   help="do not use bubblewrap (limits only)")
    p.add_argument("--recheck", choices=["marked", "all", "off"], default=gd["recheck"],
                   help="re-run test cells outside the learner's kernel (default: %(default)s)")
    p.add_argument("--no-fork", action="store_true", default=not gd["fork_kernels"],
                   help="start every kernel afresh instead of forking it from a pre-imported one")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="list every submission with its score (default: a summary by status, reason and score)")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_limits(p)
    p.set_defaults(func=_cmd_grade)

    cd = _defaults(check)
    c = sub.add_parser(
        "check",
        help="grade your own notebooks as the instructor would (hidden tests included)",
        description="Grade each notebook with its assignment's hidden tests in a temporary folder and print the "
                    "score and feedback per question; auto-graded points and points graded by hand are shown "
                    "apart. The notebooks themselves are never modified.",
    )
    c.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="a notebook, a module folder or your workspace, e.g. my-work/02-api-contracts "
                        "(default: every module of the workspace found from the current folder)")
    c.add_argument("--no-progress", action="store_true", help="do not report progress on stderr")
    c.add_argument("--prepare", action="store_true",
                   help="only make and keep every assignment's template (what each first check would otherwise "
                        "make, about 4 s); `make setup` runs it")
    c.add_argument("--course", type=Path, default=cd["course_dir"], help="the course folder (default: found)")
    c.add_argument("--require-sandbox", action="store_true", default=cd["require_sandbox"])
    c.add_argument("--no-sandbox", action="store_true", default=not cd["sandbox"])
    _add_limits(c)
    c.set_defaults(func=_cmd_check)
