#!/usr/bin/env python
"""Benchmark: the instructor's report for a synthetic class of 500 students x 8 assignments.

The class is made by :func:`autograder.instructor.demo.synthetic_course` (gradebook, autograded
notebooks with the checkers' findings, self-assessment files; not timed). The report is then
made the way ``autograder report`` makes it, and each phase is timed: reading the course
(gradebook, notebooks, self-assessments), the statistics, the charts with the HTML page, the CSV
files. The target is under 30 s in all; the script prints the phases, their share of the total
and the ratio of the total to the target measured in this run, and exits 1 above the target.

    python benchmarks/bench_report.py                          # 500 students x 8 assignments
    python benchmarks/bench_report.py --students 100 --assignments 4
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.instructor import build_report, load_course_data  # noqa: E402
from autograder.instructor.demo import synthetic_course  # noqa: E402

TARGET_SECONDS = 30.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--assignments", type=int, default=8)
    parser.add_argument("--cells", type=int, default=5, help="autograded cells per assignment (plus one written)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        started = time.perf_counter()
        course = synthetic_course(Path(tmp) / "course", students=args.students, assignments=args.assignments,
                                  cells_per_assignment=args.cells, problems=False)
        made = time.perf_counter() - started
        print(f"synthetic course: {args.students} students x {args.assignments} assignments x "
              f"{args.cells + 1} graded cells, made in {made:.1f} s (not timed)")
        phases = {}
        t = time.perf_counter()
        data = load_course_data(course, rubric_dir=course / "rubrics")
        phases["read gradebook, notebooks, self-assessments"] = time.perf_counter() - t
        t = time.perf_counter()
        report = build_report(data=data)
        phases["statistics"] = time.perf_counter() - t
        t = time.perf_counter()
        report.write_html(Path(tmp) / "report.html")
        phases["charts and HTML"] = time.perf_counter() - t
        t = time.perf_counter()
        report.write_csv(Path(tmp) / "csv")
        phases["CSV files"] = time.perf_counter() - t
        total = sum(phases.values())
        print(f"rows: {len(data.scores)} cell scores, {len(data.findings)} findings, "
              f"{len(data.self_assessments)} self-assessments, {len(data.skipped)} skipped")
        for name, seconds in phases.items():
            print(f"  {name:48s} {seconds:6.2f} s  ({seconds / total:4.0%})")
        print(f"total {total:.2f} s; target {TARGET_SECONDS:.0f} s; total / target = {total / TARGET_SECONDS:.2f}")
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
