"""Module 6, when code does appear: checkers for three short coding sketches.

Each checker takes the learner's function or class and returns a
:class:`~autograder.report.Report`. ``scope="visible"`` runs the example checks the
learner's check cell shows; ``scope="hidden"`` runs the same checks with the same
weights and adds the grading checks (property-based tests with hypothesis, a fixed seed
and a bounded number of examples). The learner's code runs under the shared time guard
(:mod:`autograder.guard`), quietly: a loop that never ends, an exception or a wrong
return type becomes a finding, never an error of the test cell.
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
