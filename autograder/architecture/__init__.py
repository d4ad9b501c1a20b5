"""High-level designs as code: components, connections and flows, checked under peak load and failure.

A learner writes a :class:`Design` of :class:`Component` boxes and connections (see
:mod:`autograder.architecture.model` for the format); :func:`check_design` judges it against a
:class:`Scenario` (flows, peak loads, targets - data, not code) and returns a
:class:`~autograder.report.Report`; :func:`draw` shows it as a Mermaid diagram with utilisation
and single points of failure marked; :func:`what_if` explores it. Every figure the checks use is
in :mod:`autograder.architecture.capacity`, with its source (:func:`capacity_table`).
:func:`get_scenario` finds any system's scenario by name (:mod:`autograder.architecture.scenarios`).
"""

from autograder.architecture.capacity import KINDS, capacity_table
from autograder.architecture.check import CRITERIA, SCOPES, check_design
from autograder.architecture.draw import Diagram, draw
from autograder.architecture.model import Component, Design, Link
from autograder.architecture.newsfeed import NEWSFEED
from autograder.architecture.scenario import SHORTENER, FlowSpec, Scenario, scenario_from_dict
from autograder.architecture.scenarios import get_scenario
from autograder.architecture.widget import what_if

__all__ = [
    "Component",
    "Link",
    "Design",
    "Scenario",
    "FlowSpec",
    "SHORTENER",
    "NEWSFEED",
    "KINDS",
    "CRITERIA",
    "SCOPES",
    "check_design",
    "capacity_table",
    "draw",
    "Diagram",
    "what_if",
    "scenario_from_dict",
    "get_scenario",
]
