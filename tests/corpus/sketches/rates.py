"""Print the fairness rates of the module 6 checkers on the corpus (grading scope).

    .venv/bin/python tests/corpus/sketches/rates.py [base62|token_bucket|hash_ring ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, so `corpus` imports

from corpus.sketches.measure import CHECKERS, measure


def main(names: list[str]) -> int:
    unfair = 0
    for name in names or list(CHECKERS):
        started = time.process_time()
        result = measure(name)
        print(result.summary(), f"[{time.process_time() - started:.1f} s of processor time]")
        unfair += len(result.correct_below_full) + len(result.wrong_at_full) + len(result.wrong_keeping_their_line)
    return 1 if unfair else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
