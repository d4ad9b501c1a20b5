"""Requirements as data: clarifying questions, functional and non-functional requirements, out of scope.

The first ten minutes of a system design round turn a vague prompt into requirements the rest of the
round can be checked against. :func:`check_requirements` judges them as data (see its docstring for the
answer format): non-functional requirements must be measurable (a quantity with a unit; latency with
a percentile), cover scale, the read/write mix, latency, availability and consistency, and not
contradict each other; functional requirements must cover the prompt and not overlap the out-of-scope
list. What the checker knows about a system (areas, words, features, thresholds, the interviewer's
answers) is a scenario, i.e. data: ``autograder/requirements/scenarios/newsfeed.py``; a third system
(``scenarios/chat.py``) is one more data file.
"""

from autograder.requirements.check import CRITERIA, PARTS, check_requirements, load_scenario
from autograder.requirements.quantities import Quantity, quantities

__all__ = ["CRITERIA", "PARTS", "Quantity", "check_requirements", "load_scenario", "quantities", "interviewer"]


def interviewer(scenario: str = "newsfeed") -> dict:
    """The interviewer's answers of a scenario: the stated assumptions the rest of the round uses."""
    return dict(load_scenario(scenario)["interviewer"])
