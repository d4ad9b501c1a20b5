"""Benchmark (not a test): how long schema checks take in PostgreSQL.

Measures, on the module's reference solution (taken from the source notebook):

- a kernel's **first check, cold**: a fresh Python process with no template data folder, so it
  runs initdb, prepares the template, copies it, starts the server, computes the reference
  results and checks (target: 5 s);
- a kernel's **first check, warm**: a fresh process with the template in place (target: 1.5 s);
- **later checks** in one process: a full check of all ten criteria, visible scope (target: 300 ms),
  and the hidden scope (what grading runs; no target).

In a fresh process the time runs from importing ``autograder.schema`` to the end of the first
check (reading the solution from the notebook is not counted). The figures are printed with their
ratio to the target, measured in this one run, and the machine's load average.

    python benchmarks/bench_schema.py [--repeat 10] [--fresh 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._shared import median_ms, solution_namespace  # noqa: E402

TARGETS_MS = {"first check, cold": 5000.0, "first check, warm": 1500.0, "later check (visible)": 300.0}

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from benchmarks._shared import solution_namespace
ns = solution_namespace("03-data-models", "shortener_ddl", "shortener_queries")
t0 = time.perf_counter()
from autograder.schema import check_schema
report = check_schema(ns["shortener_ddl"], ns["shortener_queries"], "shortener")
print(json.dumps({"ms": (time.perf_counter() - t0) * 1000, "score": report.score}))
"""


def _fresh(env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT)], capture_output=True, text=True, env=env,
                         timeout=300)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    data = json.loads(out.stdout.strip().splitlines()[-1])
    if data["score"] != 1.0:
        raise RuntimeError("the reference solution did not get full credit")
    return float(data["ms"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed later checks (default: 10)")
    parser.add_argument("--fresh", type=int, default=3, help="fresh processes per first-check case (default: 3)")
    args = parser.parse_args(argv)
    results: dict[str, tuple[float, float]] = {}

    cold = []
    for _ in range(args.fresh):
        scratch = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        try:
            cold.append(_fresh({**os.environ, "AUTOGRADER_PG_TEMPLATE": str(scratch / "template")}))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    results["first check, cold"] = (statistics.median(cold), max(cold))

    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_PG_TEMPLATE"}
    _fresh(env)  # makes sure the ordinary template exists
    warm = [_fresh(env) for _ in range(args.fresh)]
    results["first check, warm"] = (statistics.median(warm), max(warm))

    from autograder.schema import _server, check_schema

    ns = solution_namespace("03-data-models", "shortener_ddl", "shortener_queries")
    ddl, queries = ns["shortener_ddl"], ns["shortener_queries"]
    results["later check (visible)"] = median_ms(lambda: check_schema(ddl, queries), args.repeat)
    results["later check (hidden)"] = median_ms(lambda: check_schema(ddl, queries, scope="hidden"), args.repeat)
    _server.stop()

    for name, (med, worst) in results.items():
        target = TARGETS_MS.get(name)
        verdict = (f"target {target:,.0f} ms, ratio {med / target:.2f} ({'met' if med <= target else 'MISSED'})"
                   if target else "no target")
        print(f"{name:24} median {med:7,.0f} ms, max {worst:7,.0f} ms; {verdict}")
    print(f"(machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
