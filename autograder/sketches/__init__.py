"""Module 6, when code does appear: checkers for three short coding sketches.

Each checker takes the learner's function or class, runs example checks
(``scenarios="examples"``) or hidden property-based tests (``scenarios="hidden"``,
hypothesis with a fixed seed and a bounded number of examples), and returns a
:class:`~autograder.report.Report`. The learner's code runs under a time budget,
quietly: a loop that never ends, an exception or a wrong return type becomes a
finding, never an error of the test cell.
"""

from autograder.sketches.base62 import check_base62
from autograder.sketches.hash_ring import check_hash_ring
from autograder.sketches.plots import plot_admissions, plot_ring_load
from autograder.sketches.token_bucket import FakeClock, check_token_bucket

__all__ = [
    "FakeClock",
    "check_base62",
    "check_hash_ring",
    "check_token_bucket",
    "plot_admissions",
    "plot_ring_load",
]
