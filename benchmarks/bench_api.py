"""Benchmark (not a test): how long one full check of a URL shortener contract takes.

Measures the median wall time of ``check_shortener_contract(contract, scope="hidden")`` (all
criteria plus the hidden scenarios, what the graded cell runs) on the module's solution, and, for
comparison in the same run, the OpenAPI export plus validation (``check_openapi``). Target for the
contract check: under 50 ms.

    python benchmarks/bench_api.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.api import check_openapi, check_shortener_contract
from benchmarks._shared import median_ms, solution_namespace

TARGET_MS = 50.0

CONTRACT = solution_namespace("02-api-contracts", "shortener_api")["shortener_api"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs of each (default: 200)")
    args = parser.parse_args(argv)
    check_med, check_max = median_ms(lambda: check_shortener_contract(CONTRACT, scope="hidden"), args.repeat)
    export_med, export_max = median_ms(lambda: check_openapi(CONTRACT), max(1, args.repeat // 4))
    print(f"check_shortener_contract (hidden scenarios): median {check_med:.3f} ms, max {check_max:.3f} ms "
          f"over {args.repeat} runs; target < {TARGET_MS:.0f} ms: {'met' if check_med < TARGET_MS else 'MISSED'}")
    print(f"check_openapi (export + openapi-spec-validator): median {export_med:.3f} ms, max {export_max:.3f} ms "
          f"({export_med / check_med:.0f}x the contract check)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
