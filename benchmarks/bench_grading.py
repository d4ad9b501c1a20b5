#!/usr/bin/env python
"""Benchmark: plain serial `nbgrader autograde` against `autograder grade` on the same submissions.

For every module in source/ (or --modules), N synthetic students (default 40) submit: even
students the source solutions (markers removed), odd students the release stubs with every
answer cell replaced by `pass`. The same course is graded

1. by plain `nbgrader autograde <module> --force`, one command per module, serially;
2. by `autograder grade --jobs J` for each J in --jobs (default 1 and 2), each on its own copy.

It prints the wall times and the ratio (nbgrader / autograder) measured in this run, and exits
1 if any grade cell's score differs from nbgrader's. Generating the assignments is not timed.

    python benchmarks/bench_grading.py                      # 40 students, every module, jobs 1 and 2
    python benchmarks/bench_grading.py --students 10 --modules 01-coding-vs-design 04-capacity-estimates
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from autograder.grading.demo import build_demo_course, solution_source  # noqa: E402


def _env() -> dict:
    return dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")


def _modules(course_src: Path, wanted: list[str] | None) -> list[str]:
    found = sorted(p.name for p in (course_src / "source").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
    return [m for m in found if not wanted or m in wanted]


def _submission(nb_path: Path, right: bool):
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            cell.source = solution_source(cell.source) if right else "pass"
    return nb


def build(course: Path, modules: list[str], students: int, source_root: Path) -> None:
    course.mkdir(parents=True)
    shutil.copy(source_root / "nbgrader_config.py", course / "nbgrader_config.py")
    for m in modules:
        shutil.copytree(source_root / "source" / m, course / "source" / m)
        proc = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", m, "--force",
                               "--log-level=ERROR"], cwd=course, env=_env(), capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"generate_assignment {m} failed:\n{proc.stderr[-2000:]}")
        for i in range(students):
            folder = course / "submitted" / f"student{i:03d}" / m
            folder.mkdir(parents=True)
            for nb_path in sorted((course / "source" / m).glob("*.ipynb")):
                nbformat.write(_submission(nb_path, right=i % 2 == 0), folder / nb_path.name)
            (folder / "timestamp.txt").write_text("2026-11-25 12:00:00.000000 UTC")


def scores(course: Path) -> dict:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    for g in nb.grades:
                        out[(assignment.name, sub.student.id, nb.name, g.name)] = g.auto_score
    return out


def _task_seconds(course: Path) -> dict[str, list[float]]:
    """Each graded submission's own time (its record's ``seconds``), by module."""
    found: dict[str, list[float]] = {}
    for path in sorted(course.glob("autograded/.autograder-state/*/*.json")):
        try:
            seconds = float(json.loads(path.read_text(encoding="utf-8")).get("seconds") or 0.0)
        except (OSError, ValueError, TypeError):
            continue
        found.setdefault(path.parent.name, []).append(seconds)
    return found


def _slowest_submission(course: Path, module: str, began: float) -> float:
    """The longest time nbgrader spent on one submission of ``module``: the largest gap between the
    times its autograded notebooks were written (the first counted from ``began``, a perf_counter)."""
    started = time.time() - (time.perf_counter() - began)
    written = sorted(p.stat().st_mtime for p in course.glob(f"autograded/*/{module}/*.ipynb"))
    return max((b - a for a, b in itertools.pairwise([started, *written])), default=0.0)


def _print_modules(plain: dict[str, float], ours: dict[str, list[float]], jobs: int,
                   plain_slowest: dict[str, float]) -> None:
    """Per module: nbgrader's wall time and slowest submission, and the sum, median and slowest of our
    submissions' own times (over ``jobs`` workers the wall time is about the sum / jobs). One
    submission far slower than the median is a stall (docs/grading-notes.md, "Speed")."""
    for module, seconds in plain.items():
        times = sorted(ours.get(module, []))
        if not times:
            continue
        median = times[len(times) // 2]
        print(f"    {module:<24} nbgrader {seconds:6.1f} s (slowest {plain_slowest.get(module, 0.0):4.1f} s)   "
              f"ours: sum {sum(times):6.1f} s (/{jobs}: {sum(times) / jobs:5.1f}), median {median:4.1f} s, "
              f"slowest {times[-1]:4.1f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=40)
    ap.add_argument("--modules", nargs="*", default=None, help="default: every module in source/")
    ap.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--demo", action="store_true", help="use the tiny demo assignment instead of source/")
    ap.add_argument("--keep", action="store_true", help="keep the temporary course folders")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        source_root = ROOT
        if args.demo:
            source_root = build_demo_course(tmp / "demo-src", config_from=ROOT / "nbgrader_config.py")
        modules = _modules(source_root, args.modules)
        if not modules:
            sys.exit("no modules to grade")
        print(f"{args.students} students x {len(modules)} modules ({', '.join(modules)}), {os.cpu_count()} cores")
        plain = tmp / "plain"
        build(plain, modules, args.students, source_root)
        copies = {}
        for j in args.jobs:
            copies[j] = tmp / f"autograder-j{j}"
            shutil.copytree(plain, copies[j])

        started = time.perf_counter()
        per_module: dict[str, float] = {}
        nbgrader_slowest: dict[str, float] = {}
        for m in modules:
            began = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", m, "--force"], cwd=plain,
                                  env=_env(), capture_output=True, text=True)
            per_module[m] = time.perf_counter() - began
            (tmp / f"nbgrader-{m}.log").write_text(proc.stderr, encoding="utf-8")  # kept with --keep
            nbgrader_slowest[m] = _slowest_submission(plain, m, began)
            if proc.returncode != 0:
                print(f"nbgrader autograde {m} exited {proc.returncode}:\n{proc.stderr[-1500:]}")
        t_plain = time.perf_counter() - started
        print(f"nbgrader autograde (serial)      {t_plain:8.1f} s")

        reference = scores(plain)
        failed = False
        for j, course in copies.items():
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course), "grade",
                                   "--jobs", str(j), "--no-progress"], env=_env(), capture_output=True, text=True)
            elapsed = time.perf_counter() - started
            ours = scores(course)
            diff = {k: (reference.get(k), ours.get(k)) for k in set(reference) | set(ours)
                    if reference.get(k) != ours.get(k)}
            print(f"autograder grade --jobs {j}        {elapsed:8.1f} s   ratio {t_plain / elapsed:4.2f}x"
                  f"   {'scores identical' if not diff else f'{len(diff)} SCORES DIFFER'}"
                  f"   (exit {proc.returncode})")
            _print_modules(per_module, _task_seconds(course), j, nbgrader_slowest)
            if diff:
                failed = True
                for key, (a, b) in sorted(diff.items())[:20]:
                    print(f"    {key}: nbgrader {a}, autograder {b}")
                print(proc.stdout[-3000:])
        print(json.dumps({"students": args.students, "modules": modules, "nbgrader_s": round(t_plain, 1)}))
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
