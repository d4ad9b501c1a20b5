"""Content checks: written prompts ask for exactly what their rubrics score, and every figure is sourced.

Prompt and rubric
-----------------
A written question's prompt (the rubric file's ``prompt``, which the notebook shows verbatim just
above the answer cell) ends with a list of what the answer must do: one line per rubric
criterion, in the criteria's order. :data:`PROMPT_ASKS` declares, for every criterion, the words
that tie the two together: each must appear in the criterion (its ``text`` or ``explain``) and in
the prompt line of the same position. So the test fails when

- a criterion is added, dropped or reordered without the prompt following (or the reverse);
- a prompt line asks for something its criterion does not score, or a criterion rewards
  something its prompt line does not ask for (the declared words stop matching one side);
- the notebook shows another prompt, or adds its own list of asks beside the rubric's;
- a model answer does not keep to the word range its prompt states.

A rubric that cannot follow this format yet goes into :data:`KNOWN_GAPS`, so that every other
rubric is still checked.

Figures
-------
Every figure in :mod:`autograder.estimate.facts` carries its source (a key of ``SOURCES``) and a
label saying what kind of figure it is (measured, estimate, derived, vendor figure, assumption).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from autograder.estimate import facts
from autograder.rubric import RUBRIC_DIR, Question, load_rubric

ROOT = Path(__file__).resolve().parents[1]

# assignment -> question id -> criterion id -> words (case-insensitive substrings) that must appear
# both in that criterion's text or explain and in the prompt line at the criterion's position.
PROMPT_ASKS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "01-coding-vs-design": {
        "coding_vs_design_advice": {
            "what_is_judged": ("judge", "signal"),
            "where_code_appears": ("code-like artifact", "interviewer learns"),
            "building_experience": ("concrete example", "design decision"),
            "preparation_step": ("preparation step", "start of the round"),
        },
    },
    "02-api-contracts": {
        "api_evolution": {
            "additive_is_safe": ("(a)",),
            "breaking_needs_version": ("(b)",),
            "deprecation_plan": ("retire", "deprecation"),
            "short_links_stay": ("short links", "GET /{code}"),
        },
    },
    "03-data-models": {
        "two_workloads": {
            "per_workload": ("each workload", "access pattern"),
            "kv_cost": ("gives up",),
            "click_volume": ("volume of clicks",),
            "evidence": ("evidence from the module",),
        },
    },
    "04-capacity-estimates": {
        "estimate_decision": {
            "deciding_number": ("value and unit",),
            "decision_and_threshold": ("decision", "threshold"),
            "changes_nothing": ("changes nothing",),
        },
    },
    "07-high-level-design": {
        "design_limits": {
            "first_bottleneck": ("saturates first", "multiple of the peak"),
            "fix_and_cost": ("addresses that limit", "costs"),
            "left_out": ("left out", "stated flows", "burden of running it"),
        },
    },
    "05-trade-offs": {
        "redirect_status": {
            "decision": ("status code", "requirement"),
            "caching_mechanism": ("cache", "301", "302"),
            "cost_named": ("cost",),
            "headers_shape_it": ("Cache-Control",),
        },
        "short_code_generation": {
            "decision": ("scheme", "scale"),
            "uniqueness": ("unique",),
            "rejected_weakness": ("weakness", "reject"),
            "failure_mode": ("fail",),
        },
        "url_store": {
            "decision": ("store",),
            "access_pattern": ("access pattern",),
            "cost_named": ("gives up",),
            "uses_numbers": ("size", "rate", "one machine"),
        },
        "cache_strategy": {
            "decision": ("cache-aside", "write-through"),
            "workload_fit": ("workload",),
            "cache_failure": ("cache fails", "database"),
            "staleness": ("consistency cost",),
        },
        "click_count_consistency": {
            "decision": ("synchronous", "requirement"),
            "redirect_path_cost": ("costs the redirect",),
            "lag_bound": ("how far behind",),
            "failure_mode": ("queue, counter or store fails",),
        },
    },
    "06-coding-sketches": {
        "distributed_rate_limit": {
            "shared_state": ("bucket per server", "shared"),
            "atomic_update": ("atomic",),
            "reject_429": ("status code", "retry"),
            "cost_and_failure": ("cost", "down"),
        },
    },
    "08-mock-interview": {
        "fanout_deep_dive": {
            "choice": ("fan-out on write, on read or a hybrid", "decides"),
            "estimate": ("estimate", "timeline writes"),
            "staleness": ("staleness target",),
            "failure_mode": ("hot partition", "watch"),
        },
        "level_mid": {
            "requirements": ("non-functional", "with numbers"),
            "estimates": ("QPS and storage",),
            "api_data": ("API", "by cursor"),
            "design": ("end to end",),
            "deep_dive": ("one mechanism",),
            "communication": ("interviewer's questions",),
        },
        "level_senior": {
            "requirements": ("clarifying questions", "matter most"),
            "estimates": ("fan-out budget",),
            "api_data": ("access patterns",),
            "design": ("fan-out on write and on read",),
            "deep_dive": ("celebrity problem", "unprompted"),
            "communication": ("time boxes",),
        },
        "level_staff": {
            "requirements": ("business", "would change"),
            "estimates": ("cost", "money a month"),
            "api_data": ("evolve", "migrate without downtime"),
            "design": ("build", "buy", "owns each part"),
            "deep_dive": ("operational load",),
            "communication": ("build first", "defer"),
        },
    },
    "09-practice-chat": {
        "group_delivery": {
            "fan_out": ("stored once", "once per member"),
            "order": ("order they were sent",),
            "shown_once": ("retried", "duplicates"),
        },
    },
}

KNOWN_GAPS: set[str] = set()
"""Rubrics not yet written in the prompt-lists-its-criteria format (see the module docstring).
Empty: module 8's rubric moved to ``PROMPT_ASKS`` with its notebook."""

_LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_WORD_RANGE = re.compile(r"\b(\d+)-(\d+) words\b")


def _rubric_files() -> list[str]:
    return sorted(p.stem for p in RUBRIC_DIR.glob("*.yaml"))


def _questions() -> list[tuple[str, Question]]:
    return [
        (assignment, question)
        for assignment in sorted(PROMPT_ASKS)
        for question in load_rubric(assignment).questions.values()
    ]


QUESTIONS = _questions()
IDS = [f"{assignment}:{question.id}" for assignment, question in QUESTIONS]


def _asks(prompt: str) -> list[str]:
    """The prompt's list of asks: its list lines, each with the lines that continue it."""
    asks: list[str] = []
    for line in prompt.splitlines():
        if _LIST_LINE.match(line):
            asks.append(_LIST_LINE.sub("", line).strip())
        elif asks and line.strip():
            asks[-1] += " " + line.strip()
    return asks


def _normal(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def test_every_rubric_is_checked_or_a_known_gap() -> None:
    assert set(_rubric_files()) == set(PROMPT_ASKS) | KNOWN_GAPS, (
        "each rubric file needs an entry in PROMPT_ASKS (or, for now, KNOWN_GAPS)"
    )
    for assignment, questions in PROMPT_ASKS.items():
        assert set(questions) == set(load_rubric(assignment).questions), assignment


@pytest.mark.parametrize(("assignment", "question"), QUESTIONS, ids=IDS)
def test_prompt_asks_for_exactly_what_the_rubric_scores(assignment: str, question: Question) -> None:
    declared = PROMPT_ASKS[assignment][question.id]
    criteria = [c.id for c in question.criteria]
    assert list(declared) == criteria, (
        f"{assignment}:{question.id}: PROMPT_ASKS lists {list(declared)}, the rubric's criteria are {criteria}"
    )
    asks = _asks(question.prompt)
    assert len(asks) == len(question.criteria), (
        f"{assignment}:{question.id}: the prompt lists {len(asks)} asks for {len(question.criteria)} "
        f"criteria; each criterion needs exactly one line of the prompt: {asks}"
    )
    for ask, criterion in zip(asks, question.criteria, strict=True):
        scored = f"{criterion.text} {criterion.explain}".lower()
        for word in declared[criterion.id]:
            assert word.lower() in ask.lower(), (
                f"{assignment}:{question.id}: criterion {criterion.id!r} scores {word!r}, "
                f"but its prompt line does not ask for it: {ask!r}"
            )
            assert word.lower() in scored, (
                f"{assignment}:{question.id}: the prompt line {ask!r} asks for {word!r}, "
                f"but criterion {criterion.id!r} does not score it: {criterion.text!r}"
            )


@pytest.mark.parametrize(("assignment", "question"), QUESTIONS, ids=IDS)
def test_model_answer_keeps_to_the_prompts_word_range(assignment: str, question: Question) -> None:
    ranges = _WORD_RANGE.findall(question.prompt)
    assert len(ranges) == 1, f"{assignment}:{question.id}: the prompt must state one word range, found {ranges}"
    low, high = map(int, ranges[0])
    count = _words(question.model_answer)
    assert low <= count <= high, (
        f"{assignment}:{question.id}: the model answer has {count} words; its prompt asks for {low}-{high}"
    )


def _source_cells(assignment: str) -> list[dict]:
    path = ROOT / "source" / assignment / f"{assignment}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize(("assignment", "question"), QUESTIONS, ids=IDS)
def test_notebook_shows_the_rubric_prompt_and_no_other_asks(assignment: str, question: Question) -> None:
    cells = _source_cells(assignment)
    index = next(
        (i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("grade_id") == question.id),
        None,
    )
    assert index is not None, f"{assignment}: no written answer cell with grade_id {question.id!r}"
    before = cells[index - 1]
    assert before["cell_type"] == "markdown", f"{assignment}:{question.id}: the cell above the answer is not prose"
    text = "".join(before["source"])
    assert _normal(question.prompt) in _normal(text), (
        f"{assignment}:{question.id}: the cell above the answer does not show the rubric's prompt verbatim"
    )
    # What follows the prompt (how to write and save) must not add a list of further asks. Framing
    # above it may list the options being compared.
    first_line = question.prompt.splitlines()[0]
    after = text[text.index(first_line):].replace(question.prompt, "") if first_line in text else text
    extra = [line for line in after.splitlines() if _LIST_LINE.match(line)]
    assert not extra, f"{assignment}:{question.id}: the cell adds asks beside the rubric's prompt: {extra}"


# -- figures ------------------------------------------------------------------------------------------


def test_every_figure_in_facts_has_a_source_and_a_kind() -> None:
    figures = facts.figures()
    assert len(figures) >= 40, f"expected every published figure to be listed, got {len(figures)}"
    for figure in figures:
        where = f"{figure.where}: {figure.label}"
        assert figure.source in facts.SOURCES, f"{where}: source {figure.source!r} is not a key of SOURCES"
        assert figure.kind in facts.KINDS, f"{where}: kind {figure.kind!r} is not one of {sorted(facts.KINDS)}"
        assert figure.label.strip(), where
        assert figure.value is not None, where


def test_every_source_says_where_to_find_it() -> None:
    for key, source in facts.SOURCES.items():
        # The course's own assumptions are stated in its notebooks; every other source has an address.
        needed = ("title", "date", "kind") if key == "course" else ("title", "url", "date", "kind")
        for field in needed:
            assert str(source.get(field, "")).strip(), f"SOURCES[{key!r}] has no {field}"


def test_latency_rows_label_each_column_separately() -> None:
    # One label per row and column: napkin-math's HDD, region round-trip and compression rows are not
    # its own measurements, and the classic table's SSD rows are later additions to the gist.
    by_row = {(f.where, f.label): f for f in facts.figures() if f.where.startswith("LATENCY")}
    assert len(by_row) == 2 * len(facts.LATENCY)
    kinds = {f.kind for f in by_row.values()}
    assert "measured" in kinds and kinds - {"measured"}, "latency figures cannot all be one kind"
    hdd = [f for f in by_row.values() if "HDD" in f.label and f.source == "napkin"]
    assert hdd and all(f.kind != "measured" for f in hdd)


def test_classic_hdd_figure_is_the_gists() -> None:
    # jboner's gist prints 20 ms for reading 1 MB sequentially from disk (30 ms is in older slides).
    row = next(r for r in facts.LATENCY if r[0] == "read 1 MB sequentially from HDD")
    assert row[1] == pytest.approx(20e-3)


def test_figures_match_the_public_values() -> None:
    # The checkers read the public names; the labelled list must describe the same numbers.
    figures = {(f.where, f.label): f.value for f in facts.figures()}
    for operation, classic, napkin, _note in facts.LATENCY:
        assert figures[("LATENCY classic", operation)] == classic
        assert figures[("LATENCY napkin-math", operation)] == napkin
    assert figures[("SHORTENER", "new_urls")] == facts.SHORTENER.new_urls
    assert figures[("TWITTER", "daily_active_users")] == facts.TWITTER["daily_active_users"]


# -- honest times -------------------------------------------------------------------------------------

TIMED_MODULES = ["01-coding-vs-design", "02-api-contracts", "03-data-models", "04-capacity-estimates",
                 "05-trade-offs", "06-coding-sketches", "07-high-level-design", "08-mock-interview",
                 "09-practice-chat"]
"""Modules whose header states its time in the course's format."""

READING_WORDS_PER_MINUTE = 200
_TIME = re.compile(
    r"\*\*Time:\*\* about (\d+) minutes - about (\d+) to read, (\d+) for the exercises \(([^)]*)\)"
)


def _release_words(assignment: str) -> int:
    path = ROOT / "release" / assignment / f"{assignment}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum(_words("".join(c["source"])) for c in cells
               if c["cell_type"] == "markdown" or not c["metadata"].get("nbgrader", {}).get("grade"))


def _stated_time(assignment: str) -> tuple[int, int, int, list[int]]:
    path = ROOT / "release" / assignment / f"{assignment}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = " ".join(_normal("".join(c["source"])) for c in cells[:3] if c["cell_type"] == "markdown")
    match = _TIME.search(text)
    assert match, f"{assignment}: the header must say '**Time:** about N minutes - about R to read, E for the exercises (...)'"
    total, reading, exercises = (int(match.group(i)) for i in (1, 2, 3))
    parts = [int(n) for n in re.findall(r"\b(\d+)\b", match.group(4))]
    return total, reading, exercises, parts


@pytest.mark.parametrize("assignment", TIMED_MODULES)
def test_module_time_adds_up_and_matches_the_notebooks_length(assignment: str) -> None:
    total, reading, exercises, parts = _stated_time(assignment)
    assert total == reading + exercises, f"{assignment}: {reading} + {exercises} is not {total}"
    assert sum(parts) == exercises, f"{assignment}: the exercises' minutes {parts} do not add up to {exercises}"
    measured = _release_words(assignment) / READING_WORDS_PER_MINUTE
    print(f"{assignment}: {_release_words(assignment)} words, {measured:.1f} min at "
          f"{READING_WORDS_PER_MINUTE} words/min; stated {reading}")
    assert abs(reading - measured) <= 5, (
        f"{assignment}: the header says about {reading} minutes of reading; the release notebook has "
        f"{_release_words(assignment)} words, {measured:.0f} minutes at {READING_WORDS_PER_MINUTE} words a minute"
    )


def test_start_here_lists_the_module_times_and_their_sum() -> None:
    cells = json.loads((ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    listed = dict(re.findall(r"\((?:\.\./my-work/)?([0-9]{2}-[a-z-]+)/[^)]*\) \|[^|]*\| about (\d+) min \|", text))
    assert list(listed) == sorted(listed) and len(listed) == len(TIMED_MODULES)
    for assignment in TIMED_MODULES:
        assert int(listed[assignment]) == _stated_time(assignment)[0], (
            f"start-here lists {listed[assignment]} minutes for {assignment}; its header says otherwise"
        )
    total = sum(map(int, listed.values()))
    assert f"({total} minutes)" in text, f"start-here must state the course total, {total} minutes"


# -- the building-blocks reference ----------------------------------------------------------------------


def test_each_building_block_section_cites_a_source() -> None:
    cells = json.loads((ROOT / "notebooks" / "building-blocks.ipynb").read_text(encoding="utf-8"))["cells"]
    sections = ["".join(c["source"]) for c in cells
                if c["cell_type"] == "markdown" and re.match(r"## \d+\. ", "".join(c["source"]))]
    titles = [s.splitlines()[0] for s in sections]
    for topic in ("Replication", "Partitioning", "Queues", "Consistency", "Caching"):
        assert any(topic in t for t in titles), f"building-blocks has no section on {topic}: {titles}"
    for section in sections:
        assert "Sources:" in section and "https://" in section, f"{section.splitlines()[0]} cites no source"


def test_readme_lists_each_module_with_the_time_its_header_states() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| \d+ \| `([0-9]{2}-[a-z-]+)` \|.*\| about (\d+) min \|$", readme, re.MULTILINE))
    assert list(listed) == TIMED_MODULES, f"README's module table lists {list(listed)}"
    for assignment in TIMED_MODULES:
        assert int(listed[assignment]) == _stated_time(assignment)[0], (
            f"README lists {listed[assignment]} minutes for {assignment}; its header says otherwise"
        )
