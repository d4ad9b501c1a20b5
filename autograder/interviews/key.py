"""The answer key of module 1: the labels, the items and what counts as right, as data.

Nothing here runs learner code or judges anything; :mod:`autograder.interviews` reads it.
Each item holds the answers it accepts and the hints shown when an answer is off. The notebook
builder (``authoring/01_coding_vs_design.py``) renders the label tables and the item tables
from this module, so the notebook and the checks show the same things.

Where the phrases come from: the names of the steps and signals in Alex Xu's four-step
framework (*System Design Interview*, ch. 3), Exponent's rubric, the System Design Primer,
Grokking the System Design Interview and Hello Interview's delivery framework (requirements,
core entities, API or system interface, high-level design, deep dives), plus the
abbreviations candidates use (SD, HLD, DSA, BOTE).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from autograder.interviews.labels import Label, Vocabulary

__all__ = ["AMBIGUOUS_HINT", "BEHAVIOURS", "FOCUSES", "PROMPTS", "ROUNDS", "SIGNALS", "Behaviour", "Prompt"]

_LLD = ("names different rounds at different companies (machine coding of classes, or the detailed "
        "API and schema part of a design round). Say which of the two rounds this prompt belongs to: "
        "'coding' or 'design'.")
_OOD = ("is a round of its own at some companies and part of a coding round at others. Say which of "
        "the two rounds this prompt belongs to: 'coding' or 'design'.")

ROUNDS = Vocabulary("round", (
    Label("coding",
          "a coding round: write a working, efficient program for a well-defined problem",
          ("code", "coding round", "coding interview", "programming", "programming round",
           "algorithm round", "algorithmic round", "DSA round", "leetcode", "live coding",
           "machine coding", "pair programming", "whiteboard coding", "coding question",
           "coding challenge", "coding exercise", "SWE coding")),
    Label("design",
          "a system design round: shape a system under open-ended requirements and defend the choices",
          ("system design", "SD", "design round", "HLD", "systems design", "sys design", "sysdesign", "SDI",
           "design interview", "system design interview", "architecture round", "architecture interview",
           "high-level design", "product design", "product architecture",
           "distributed systems design", "whiteboard design")),
), unclear={"low-level design": _LLD, "LLD": _LLD, "object-oriented design": _OOD, "OOD": _OOD})
"""The two interview formats."""

_DESIGN_FOCUS = ("does not say on its own what the prompt mainly tests: the whole system, an API, "
                 "a data model or the numbers? Use one of 'algorithms', 'architecture', 'api', 'data model', "
                 "'estimation'.")

FOCUSES = Vocabulary("focus", (
    Label("algorithms",
          "choosing a correct, efficient algorithm and data structure, and writing code that runs",
          ("algorithm", "data structures", "DSA", "DS", "problem solving", "implementation", "coding",
           "algorithmic thinking", "algorithmic", "time complexity", "complexity", "big O",
           "runtime complexity", "leetcode")),
    Label("architecture",
          "the system as a whole: components, data flow, scaling, failure and the trade-offs between choices",
          ("high-level design", "HLD", "system architecture", "overall design", "overall architecture",
           "end-to-end design", "end to end", "trade-offs", "tradeoffs", "system design", "whole system",
           "high-level architecture", "architecture design", "components", "distributed systems",
           "scalability", "scaling", "scale", "scale the design", "deep dive", "big picture", "fan-out", "API gateway", "load balancer",
           "load balancing", "cache", "caching", "CDN", "message queue", "microservices")),
    Label("api",
          "a contract between a client and a service, or between two services: operations, inputs, outputs, errors",
          ("API contract", "endpoints", "API design", "service interface", "API spec", "API specification", "REST",
           "REST API", "system interface", "interface", "interface design",
           "contract", "service contract", "RPC", "gRPC", "method signatures", "function signature")),
    Label("data model",
          "what is stored and how: tables or keys, columns, constraints and the indexes the queries need",
          ("schema", "database schema", "core entities", "tables", "data modeling", "data models", "DB schema", "schema design",
           "database design", "DB design", "table design", "database", "DB", "ERD",
           "ER diagram", "entity relationship", "entities", "storage schema", "index",
           "data schema", "indexes", "SQL schema", "DDL")),
    Label("estimation",
          "back-of-the-envelope numbers: requests per second, storage, bandwidth, machines",
          ("back-of-the-envelope", "capacity estimate", "BOTE", "sizing", "estimate", "estimating",
           "capacity", "capacity planning", "back-of-envelope", "napkin math", "Fermi estimate",
           "QPS", "RPS", "requests per second", "throughput estimate", "storage estimate", "scale estimate", "traffic estimate",
           "numbers", "math", "calculations"),
          dominant=1),
), unclear={"design": _DESIGN_FOCUS})
"""What a prompt mainly evaluates. An estimate of anything is an estimate ("storage estimation")."""

SIGNALS = Vocabulary("signal", (
    Label("requirements",
          "problem understanding: clarifying questions, scope, users, scale and constraints",
          ("problem understanding", "requirements gathering", "clarifying questions", "scope", "understanding the problem",
           "understand the problem", "reqs",
           "scoping", "requirement collection", "clarifying requirements",
           "clarification", "functional requirements", "non-functional requirements", "design scope",
           "problem exploration", "problem navigation", "handling ambiguity", "ambiguity", "use cases",
           "constraints")),
    Label("trade-offs",
          "technical design and trade-offs: choosing between options and justifying the choice",
          ("tradeoffs", "technical design", "design choices", "justification", "pros", "cons", "trade-off", "design", "design decisions",
           "decision making", "weighing options", "solution design",
           "technical judgment", "technical judgement"),
          dominant=1),
    Label("scalability",
          "scalability and performance: handling more load, finding and removing bottlenecks",
          ("performance", "scaling", "bottlenecks", "scale", "perf", "throughput", "latency", "load",
           "horizontal scaling", "sharding", "partitioning", "caching", "scalable")),
    Label("fault tolerance",
          "fault tolerance and reliability: what fails, what the system does then, how it recovers",
          ("reliability", "high availability", "resilience", "failover", "resiliency", "availability", "fault-tolerant",
           "redundancy", "disaster recovery", "failure handling", "handling failures",
           "graceful degradation", "robustness", "recovery", "reliable", "resilient", "HA")),
    Label("communication",
          "communication and collaboration: explaining, listening, working with the interviewer",
          ("collaboration", "thinking aloud", "clarity", "wrap-up", "communicating", "collaborating", "think out loud",
           "thinking out loud", "explanation", "presentation", "teamwork",
           "summary", "summarizing", "soft skills", "interviewer interaction", "comms")),
    Label("red flag",
          "a red flag: over-engineering, narrow-mindedness or stubbornness (Xu, ch. 3)",
          ("over-engineering", "stubbornness", "narrow-mindedness", "warning sign", "negative signal", "anti-pattern", "overengineering",
           "over-engineered", "over-design", "stubborn",
           "narrow-minded", "not listening", "bad sign", "gold plating"),
          dominant=2),
))
"""The signals interviewers score (Exponent's rubric) plus Xu's red flags. A red flag stays a red flag
when the text also names the area it touches ("red flag: over-engineering for scale"), and a trade-off
between two qualities is a trade-off ("latency vs freshness trade-off")."""


# -- items ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """An interview prompt to classify."""

    text: str
    """The prompt as a candidate would hear it."""
    accepted: frozenset
    """The (round, focus) pairs that count as right; more than one where the prompt is ambiguous."""
    round_hint: str
    """Said when the round is off (never names the round)."""
    focus_hint: str
    """Said when the focus is off (never names the focus)."""
    visible: bool = True
    """Judged by the visible check; the others are judged only in the hidden (grading) scope."""
    focus_hints: Mapping[str, str] = field(default_factory=dict)
    """For a prompt with two readings: the focus hint for each reading, by round."""


@dataclass(frozen=True)
class Behaviour:
    """Something a candidate does in a design round."""

    text: str
    """The behaviour as an interviewer would note it."""
    accepted: frozenset
    """The signals that count as right; more than one where the behaviour is evidence for both."""
    hint: str
    """Said when the signal is off (never names the signal)."""
    visible: bool = True
    """Judged by the visible check; the others are judged only in the hidden (grading) scope."""


AMBIGUOUS_HINT = (
    "This prompt can be read two ways, and both are accepted - but your two labels must describe "
    "the same reading. Decide which round you would be in, then ask what that round judges."
)

PROMPTS: dict[str, Prompt] = {
    "two_sum": Prompt(
        "Given a list of integers and a target, return the positions of two numbers that add up to "
        "the target. Then say how the running time grows with the length of the list.",
        frozenset({("coding", "algorithms")}),
        "The problem is fully specified and the interviewer expects a finished program within the "
        "session. Which format asks for that?",
        "The follow-up question is about running time. What skill does that probe?",
    ),
    "lru_cache": Prompt(
        "Implement a least-recently-used cache class whose get and put both take constant time. The "
        "interviewer will run your code on a few test cases.",
        frozenset({("coding", "algorithms")}),
        "Your code will be executed against test cases. In which format is running code the deliverable?",
        "Constant-time get and put is a question of which structures you combine and how you code them.",
    ),
    "shortener_end_to_end": Prompt(
        "Design a URL shortener like bit.ly. You have 45 minutes and a whiteboard; the interviewer "
        "mentions about 100 million new links a day.",
        frozenset({("design", "architecture")}),
        "Open-ended, a whiteboard, no test cases: nothing here is meant to compile.",
        "The prompt names no single artifact: it asks for the whole system and the choices in it.",
    ),
    "shortener_capacity": Prompt(
        "For that shortener: how many redirects per second must it serve at peak, and how much "
        "storage do ten years of links need? Work it out on the whiteboard.",
        frozenset({("design", "estimation")}),
        "These numbers decide how a system is shaped, and nobody runs your working.",
        "The answer is a pair of rough numbers with units, not a diagram or a contract.",
    ),
    "shortener_endpoints": Prompt(
        "Write down the calls a mobile app makes to create a short link and to follow one: method, "
        "path, request body, success response and error responses.",
        frozenset({("design", "api")}),
        "It looks like code, but nothing will be executed: the interviewer reads it as part of a "
        "larger design.",
        "Method, path, body and status codes describe how two parties talk to each other.",
    ),
    "shortener_tables": Prompt(
        "Sketch the tables that hold short links and their clicks: columns, keys, and the index the "
        "redirect lookup uses.",
        frozenset({("design", "data model")}),
        "A sketch on the whiteboard, judged by whether it supports the design, not by whether it runs.",
        "Columns, keys and indexes describe what is stored and how it is found.",
    ),
    "news_feed": Prompt(
        "Design the home feed of a social network in which a few accounts have tens of millions of "
        "followers. Talk through what happens when one of them posts.",
        frozenset({("design", "architecture")}),
        "Open-ended, at scale, with no program to run.",
        "The question is how the whole system moves a post to millions of feeds, and what each option costs.",
        visible=False,
    ),
    "merge_intervals": Prompt(
        "Merge overlapping meeting intervals and return the merged list. Write it in the language of "
        "your choice and test it on an edge case.",
        frozenset({("coding", "algorithms")}),
        "You write it, then test it: the deliverable is a working program.",
        "Sorting and a single pass: the interviewer watches how you find and code the method.",
        visible=False,
    ),
    "fraud_check_interface": Prompt(
        "The checkout service must call a new fraud-check service owned by another team. Write the "
        "operation the two teams agree on: its name, inputs, result and the errors it may return.",
        frozenset({("design", "api")}),
        "A signature two teams agree on is a design decision; nobody asks you to implement the check.",
        "Name, inputs, result and errors are the boundary between two services.",
        visible=False,
    ),
    "rate_limiter": Prompt(
        "Design a rate limiter. (The interviewer says nothing more.)",
        frozenset({("coding", "algorithms"), ("design", "architecture")}),
        AMBIGUOUS_HINT,
        AMBIGUOUS_HINT,
        visible=False,
        focus_hints={
            "coding": "Read as a coding round, you would implement the limiter itself (a token bucket, "
                      "say): the interviewer watches the method you pick and the code you write.",
            "design": "Read as a design round, the limiter is one part of a larger system: where it sits, "
                      "where its counters live and what happens when they are lost.",
        },
    ),
}
"""The prompts of exercise 1, keyed by id."""

BEHAVIOURS: dict[str, Behaviour] = {
    "asks_scope": Behaviour(
        "Before drawing anything, asks which features are in scope, who the users are and roughly how "
        "many requests a day to expect.",
        frozenset({"requirements"}),
        "Nothing has been designed yet: the candidate is pinning down what to build and for whom.",
    ),
    "picks_302_for_analytics": Behaviour(
        "Compares a 301 and a 302 redirect and picks 302, because the product team wants to count "
        "every click.",
        frozenset({"trade-offs"}),
        "Two options, a cost and a benefit each, and a choice justified by a product need.",
    ),
    "adds_cache_for_reads": Behaviour(
        "Works out that one database cannot serve the peak read rate, and puts a cache and read "
        "replicas in front of it.",
        frozenset({"scalability"}),
        "The trigger is load: more requests than one machine can answer.",
    ),
    "cache_outage_plan": Behaviour(
        "Explains what the service does when the cache cluster goes down, and how it avoids flooding "
        "the database while the cache warms up again.",
        frozenset({"fault tolerance"}),
        "The question behind it: a part has failed - what happens next, and how does the system recover?",
    ),
    "thinks_aloud": Behaviour(
        "Thinks aloud, checks in with the interviewer before each deep dive, and picks up a hint the "
        "interviewer drops.",
        frozenset({"communication"}),
        "None of this changes the design itself; it is about how the candidate works with another person.",
    ),
    "overbuilds_small_service": Behaviour(
        "For a link shortener with a few thousand users, proposes a message bus, a service mesh and a "
        "dozen microservices 'to be ready for growth'.",
        frozenset({"red flag"}),
        "Compare the size of the machinery with the size of the problem. Xu's list of warning signs "
        "starts with this.",
    ),
    "dismisses_hot_key_concern": Behaviour(
        "When the interviewer points out a hot-key problem, waves it away and keeps defending the "
        "first design without looking at it again.",
        frozenset({"red flag"}),
        "The design may be fine; the reaction to feedback is what an interviewer notes here.",
    ),
    "summarises_at_end": Behaviour(
        "In the last minutes, sums up the design, names its bottlenecks and says what they would do "
        "next with more time.",
        frozenset({"communication"}),
        "A wrap-up adds no component; it makes the discussion easy to follow and to judge.",
    ),
    "region_failover": Behaviour(
        "Keeps a copy of the link table in a second region and describes how traffic moves there if "
        "the first region is lost.",
        frozenset({"fault tolerance"}),
        "The scenario is a whole region lost: what the system does then.",
        visible=False,
    ),
    "shards_clicks_by_code": Behaviour(
        "Splits the click table across machines by short code, and explains how to move data when one "
        "shard grows too hot.",
        frozenset({"scalability"}),
        "Splitting data across machines answers growth in load and volume.",
        visible=False,
    ),
    "lagging_click_counts": Behaviour(
        "Lets click counts lag a few seconds behind, because exact real-time counts are not needed and "
        "it keeps redirects fast.",
        frozenset({"trade-offs", "scalability"}),
        "The candidate gives something up (fresh counts) to gain something else, and says why.",
        visible=False,
    ),
    "only_one_database": Behaviour(
        "States that a relational database is the only sensible choice for any system, and will not "
        "discuss a key-value store when asked.",
        frozenset({"red flag"}),
        "Refusing to weigh an alternative at all is one of the warning signs in Xu's framework.",
        visible=False,
    ),
}
"""The behaviours of exercise 2, keyed by id."""
