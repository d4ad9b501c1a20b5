"""Systems an API contract is judged against, written as data.

A :class:`Scenario` says what a system's API must let a client do - its operations, with the
HTTP answers each one owes - and how engineers name the things it talks about. One general
checker, :func:`autograder.api.check_contract`, judges any contract against any scenario, so a
new system (module 8's news feed, a third practice system) needs a scenario, not checker code.
The scenarios are found, not listed: every module of this package whose name does not start with
``_`` defines one :class:`Scenario` at its top level (``SHORTENER`` in ``shortener.py``, the URL
shortener of module 2; ``NEWS_FEED`` in ``news_feed.py``), registered under the scenario's
``name``. Adding a system is adding a file.

How to write a scenario
-----------------------

**Concepts** (``Scenario.concepts``: name -> :class:`Concept`) are the things requests and
responses carry - the long URL, the short code, a user. A field is read as a concept by its
*meaning*: its name with case, ``_`` and ``-`` removed is one of ``names``, or contains one of
``contains`` (and none of ``excludes``), or its type is one of ``types``. List the names real
engineers use (``url_key``, ``short_code``, ``slug``, ``token``, ...), not only the textbook's.

**Operations** (``Scenario.operations``) are what a client can do. Each has an ``effect``, which
fixes how its routes are recognised and which methods fit:

============  ===================================================================  ==================
effect        a route is this operation when it ...                                 methods that fit
============  ===================================================================  ==================
``redirect``  answers a 3xx                                                         GET (and HEAD)
``create``    takes every ``key`` input (and has a word of ``path_words``, if any)  POST; PUT when the
                                                                                    client names it in
                                                                                    the path
``list``      is a GET whose 2xx body is a collection of ``resource`` records        GET
              (preferring paths with a word of ``path_words``)
``delete``    is a DELETE (with a word of ``path_words``, if any), or a POST whose    DELETE
              path has a word of ``verbs``
============  ===================================================================  ==================

Every route of an operation is judged, not just one (a POST for random codes *and* a PUT with a
client-chosen alias are two create routes). An operation's ``check`` is the criterion its main
rules report under: the method, a ``success`` status, the ``returns`` concepts in that
success body (or ``Location`` on a 201), and its :class:`Input` rules - a ``required`` input must
be taken and required by every route; an optional one (``required=False``) must be accepted by
some route and required by none of the ones a client can use without it (a required alias or
expiry is wrong). ``errors`` are :class:`Outcome` s: statuses each route must declare for a case
(unknown code -> 404), optionally only on routes that take a concept (``when_taking``: a taken
alias -> 409). An outcome or input with its own ``check`` name is its own criterion; one with
``check=None`` is played only by the hidden sequences.

``auth`` says who may call: ``"required"`` (every route declares auth; with ``owner=True`` the
message says the data is the caller's own), ``"none"`` (public: a browser following a short
link has no credentials) or None (not judged). ``versioned=False`` exempts the operation's routes
- and every safe route under the same path - from versioning. ``paginate`` is ``"any"`` (cursor,
page or offset) or ``"cursor"`` (a feed that changes while it is read needs a cursor).

The cross-cutting criteria (well-formed, versioned, rate limited, safe GETs, path parameters,
who may call) take their names from the scenario's ``*_check`` fields.

**Hidden sequences** (``Scenario.sequences``) are what ``scope="hidden"`` adds: each is a
:class:`Sequence` of :class:`Step` s, requests a client sends in order. A step names an operation,
the concepts its request carries (``uses``) and what it must get back (``"success"`` or an
outcome's ``key``). The checker builds the concrete request from the route, sends it through a
router (literal segments beat parameters) and checks it reaches that operation and that the
route declares the expected answer. Sequences add findings; they never re-score a visible
criterion with another weight.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from autograder._discovery import scenario_modules

__all__ = ["Concept", "Input", "Outcome", "Operation", "Step", "Sequence", "Scenario", "SCENARIOS", "discover",
           "get_scenario"]


@dataclass(frozen=True)
class Concept:
    """Something requests and responses carry, and the names engineers give it."""

    names: tuple[str, ...] = ()
    """Whole names, lower case, letters and digits only (``"longurl"`` matches ``long_url``, ``longURL``)."""
    contains: tuple[str, ...] = ()
    """A name containing one of these is the concept (``"alias"`` matches ``custom_alias``)."""
    excludes: tuple[str, ...] = ()
    """A name containing one of these is never the concept (``"short"`` for the long URL)."""
    types: tuple[str, ...] = ()
    """A field of one of these vocabulary types is the concept whatever its name (``"url"``)."""
    literals: tuple[str, ...] = ()
    """Path words that stand for it (``"me"`` for the calling user)."""


@dataclass(frozen=True)
class Outcome:
    """An answer every route of an operation must declare for one case."""

    key: str
    """Short name the hidden steps use (``"unknown"``, ``"taken"``)."""
    when: str
    """The case, in words: "the code does not exist"."""
    statuses: tuple[int, ...]
    """Any one of these is right."""
    check: str | None = None
    """The criterion it reports under; None: only the hidden sequences play it."""
    with_reason: tuple[int, ...] = ()
    """Statuses also right when their description or body gives a reason matching ``reason``."""
    reason: str = ""
    """A regular expression for that reason ("taken|exists|...")."""
    headers: tuple[str, ...] = ()
    """Headers the response must declare (``Retry-After`` with 429)."""
    when_taking: str | None = None
    """Only routes that take this concept owe the answer (a taken alias)."""
    fix: str = ""
    """What to write, for the message."""


@dataclass(frozen=True)
class Input:
    """A concept an operation's request carries."""

    concept: str
    required: bool = True
    key: bool = False
    """Routes are recognised by taking it (the long URL identifies a create)."""
    check: str | None = None
    """Its own criterion; None: the operation's."""
    where: tuple[str, ...] = ("path", "query", "body")
    fix: str = ""
    """What to write when it is missing, for the message."""


@dataclass(frozen=True)
class Operation:
    """One thing a client can do, with the HTTP answers it owes."""

    name: str
    label: str
    """What it does, in words: "create a short link"."""
    effect: str
    """``"create"``, ``"redirect"``, ``"list"`` or ``"delete"``."""
    check: str
    """The criterion of its method, success status and inputs."""
    success: tuple[int, ...]
    takes: tuple[Input, ...] = ()
    returns: tuple[str, ...] = ()
    """Concepts of which the success body holds at least one (a 201 with Location also counts)."""
    errors: tuple[Outcome, ...] = ()
    auth: str | None = None
    owner: bool = False
    versioned: bool = True
    rate_limited: bool = False
    paginate: str | None = None
    resource: str | None = None
    """Concept naming its records (a list's collection field, a path word)."""
    path_words: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    example: str = ""
    """An endpoint that would do, for the message when none is found."""


@dataclass(frozen=True)
class Step:
    """One request of a hidden sequence."""

    operation: str
    expect: str = "success"
    """``"success"`` or the ``key`` of one of the operation's outcomes."""
    uses: tuple[str, ...] = ()
    """Concepts the request carries; the route must accept them (``"page"``: a page parameter)."""
    value: str = "aZ3kQ9x"
    """The value its path parameters get (the fresh code, the alias, the user)."""


@dataclass(frozen=True)
class Sequence:
    """A hidden check: requests played in order against the contract's routes."""

    check: str
    steps: tuple[Step, ...]
    story: str
    """The passing message: what was played."""


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    """The report's title."""
    concepts: Mapping[str, Concept]
    operations: tuple[Operation, ...]
    rate_check: str = "rate limiting: 429 with Retry-After"
    access_check: str = "who may call: credentials where the data is someone's"
    wellformed_check: str = "every endpoint is well-formed"
    version_check: str = "API is versioned"
    safe_check: str = "a GET never creates or deletes"
    params_check: str = "path parameters are declared"
    sequences: tuple[Sequence, ...] = field(default_factory=tuple)
    example: str = ""
    """What a minimal contract lists, for the message on an empty one."""

    def operation(self, name: str) -> Operation:
        return next(op for op in self.operations if op.name == name)


def discover() -> dict[str, Scenario]:
    """Name -> scenario, from every module of this package (its ``__path__``) not named ``_*``, in module order.

    A module must define exactly one :class:`Scenario` at its top level, and no two may share a
    name: both are authoring errors (ValueError), found when the package is imported.
    """
    found: dict[str, Scenario] = {}
    for module in scenario_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module}")
        defined = list({id(v): v for v in vars(loaded).values() if isinstance(v, Scenario)}.values())
        if len(defined) != 1:
            raise ValueError(f"{loaded.__name__} must define one Scenario at its top level, not {len(defined)}")
        scenario = defined[0]
        if scenario.name in found:
            raise ValueError(f"{loaded.__name__}: a scenario named {scenario.name!r} is already registered")
        found[scenario.name] = scenario
    return found


SCENARIOS: dict[str, Scenario] = discover()
"""Every scenario of this package by name (``"shortener"``, ``"news_feed"``, ...)."""

from autograder.api.scenarios.news_feed import NEWS_FEED  # noqa: E402, F401 (importable from here, as before)
from autograder.api.scenarios.shortener import SHORTENER  # noqa: E402, F401


def get_scenario(scenario: object) -> Scenario:
    """A scenario by name (or itself); an unknown name is an authoring error (ValueError)."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str) and scenario in SCENARIOS:
        return SCENARIOS[scenario]
    raise ValueError(f"scenario must be a Scenario or one of {', '.join(map(repr, SCENARIOS))}, not {scenario!r}")
