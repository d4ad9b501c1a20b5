"""Module 9, the chat service: a third system that is scenario data plus a builder.

- the notebook's solutions get every point, visible and hidden, from the general checkers;
- the chat scenarios agree with the interviewer's answers (they read them; nothing is typed twice);
- adding the system touched no checker: every ``chat`` scenario module is found by its package's
  discovery, and no module of ``autograder/`` outside the scenario packages refers to the chat
  service in code.
"""

from __future__ import annotations

import io
import json
import math
import re
import tokenize
from pathlib import Path

import pytest

from autograder.api.scenarios import discover as api_discover
from autograder.architecture import get_scenario as architecture_scenario
from autograder.architecture.scenarios import SCENARIOS as ARCHITECTURE
from autograder.estimate.scenario import reference, validate
from autograder.estimate.scenarios import SCENARIOS as ESTIMATE
from autograder.estimate.scenarios.chat import ASSUMPTIONS, CHAT_SCENARIO
from autograder.requirements.scenarios import available as requirements_available
from autograder.requirements.scenarios.chat import INTERVIEWER
from autograder.rubric import load_rubric
from autograder.schema._scenario import Key, generate, load
from autograder.schema.scenarios import available as schema_available
from tests.test_schema_corpus import pg_server  # noqa: F401 - the session's shared server

ROOT = Path(__file__).resolve().parents[1]
SLUG = "09-practice-chat"
SOURCE = ROOT / "source" / SLUG / f"{SLUG}.ipynb"
SCENARIO_PACKAGES = ("api", "architecture", "estimate", "requirements", "schema")


def _cells() -> list[dict]:
    return json.loads(SOURCE.read_text(encoding="utf-8"))["cells"]


def _grade(cell: dict) -> dict:
    return cell["metadata"].get("nbgrader", {})


def _solutions() -> dict:
    """The namespace the source notebook's code cells leave (markers are comments, so they run as is)."""
    namespace: dict = {"display": lambda *args, **kwargs: None}
    for cell in _cells():
        if cell["cell_type"] == "code" and _grade(cell).get("solution"):
            exec("".join(cell["source"]), namespace)
    return namespace


def _test_cells() -> dict[str, tuple[str, float]]:
    return {_grade(c)["grade_id"]: ("".join(c["source"]), _grade(c)["points"]) for c in _cells() if _grade(c).get("grade")
            and c["cell_type"] == "code"}


def _score(source: str, namespace: dict) -> float:
    """A test cell's last value, hidden tests included (what autograde runs)."""
    body = source.replace("### BEGIN HIDDEN TESTS\n", "").replace("### END HIDDEN TESTS\n", "")
    *lines, last = body.strip().splitlines()
    cell_namespace = dict(namespace)
    exec("\n".join(lines), cell_namespace)
    return eval(last, cell_namespace)


# -- the solutions -------------------------------------------------------------------------------------


def test_every_test_cell_is_a_general_checker_on_the_chat_scenario_and_re_checked():
    cells = _test_cells()
    assert set(cells) == {"chat_requirements_check", "chat_estimate_check", "chat_api_check",
                          "chat_schema_check", "chat_design_check"}
    for grade_id, (source, _points) in cells.items():
        assert source.startswith("# autograder: recheck"), grade_id
        assert '"chat"' in source and 'scope="hidden"' in source, grade_id
        assert "from autograder.schema.scenarios" not in source and ".scenarios.chat" not in source, grade_id


@pytest.mark.parametrize("grade_id", ["chat_requirements_check", "chat_estimate_check", "chat_api_check",
                                      "chat_design_check"])
def test_the_solutions_get_every_point(grade_id):
    source, points = _test_cells()[grade_id]
    assert _score(source, _solutions()) == points


@pytest.mark.slow
def test_the_schema_solution_gets_every_point(pg_server):  # noqa: F811 - the fixture
    source, points = _test_cells()["chat_schema_check"]
    assert _score(source, _solutions()) == points


# -- the numbers come from the interviewer -----------------------------------------------------------------


def test_the_estimate_reads_the_interviewers_users_and_messages():
    assert ASSUMPTIONS["daily_active_users"] == INTERVIEWER["daily_active_users"]
    assert ASSUMPTIONS["messages_per_user_per_day"] == INTERVIEWER["messages_per_user_per_day"]
    validate(CHAT_SCENARIO)
    values = reference(CHAT_SCENARIO, CHAT_SCENARIO.visible[0])
    per_day = INTERVIEWER["daily_active_users"] * INTERVIEWER["messages_per_user_per_day"]
    assert values["messages_per_day"].to("1/day").magnitude == pytest.approx(per_day)
    assert values["peak_messages_per_second"].to("1/s").magnitude == pytest.approx(
        per_day / 86_400 * ASSUMPTIONS["peak_factor"])
    assert values["connection_servers"] == 50  # 5 million connected / 100,000 a server


def test_the_design_scenario_reads_the_same_peaks_and_the_interviewers_availability():
    design = architecture_scenario("chat")
    send = design.flow("send message")
    assert send is not None and send.hidden_peak_rps is not None
    estimate = reference(CHAT_SCENARIO, CHAT_SCENARIO.visible[0])
    assert send.peak_rps == pytest.approx(estimate["peak_messages_per_second"].to("1/s").magnitude)
    assert send.hidden_peak_rps > send.peak_rps
    assert {flow.availability for flow in design.flows} == {INTERVIEWER["availability"]}
    assert all(flow.latency_ms is not None and flow.latency_ms < INTERVIEWER["delivery_latency_p99_ms"]
               for flow in design.flows)


def test_the_schema_data_keeps_groups_within_the_limit_and_senders_in_their_conversations():
    scenario = load("chat")
    for scope in ("visible", "hidden"):
        data = generate(scenario, scope)
        members: dict[int, set[int]] = {}
        for row in data.rows["member"]:
            conversation, user = row.values["conversation_id"], row.values["user_id"]
            assert isinstance(conversation, Key) and isinstance(user, Key)
            assert user.index not in members.setdefault(conversation.index, set()), "a member listed twice"
            members[conversation.index].add(user.index)
        assert max(map(len, members.values())) <= INTERVIEWER["max_group_size"]
        for row in data.rows["message"] + data.rows["tie_message"]:
            conversation, sender = row.values["conversation_id"], row.values["sender_id"]
            assert sender.index in members[conversation.index], f"{scope}: {row.why} has a sender outside it"
        last = len(data.rows["conversation"]) - 1
        assert not [r for r in data.rows["message"] if r.values["conversation_id"].index == last]


def test_the_notebook_and_the_model_answer_quote_the_interviewers_numbers():
    text = "\n".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "markdown")
    assert f"{INTERVIEWER['daily_active_users'] / 1e6:g} million" in text
    assert f"up to {INTERVIEWER['max_group_size']} members" in text
    assert f"p99 under {INTERVIEWER['delivery_latency_p99_ms']} ms" in text
    question = load_rubric(SLUG).question("group_delivery")
    assert f"up to {INTERVIEWER['max_group_size'] - 1} pushes" in question.model_answer
    values = reference(CHAT_SCENARIO, CHAT_SCENARIO.visible[0])
    quoted = [int(n.replace(",", "")) for n in re.findall(r"about ([\d,]+) (?:messages|pushes) a second",
                                                              question.strong_answer_adds)]
    peak, pushes = (values[k].to("1/s").magnitude for k in ("peak_messages_per_second",
                                                           "peak_deliveries_per_second"))
    assert len(quoted) == 2 and math.isclose(quoted[0], peak, rel_tol=0.02) and math.isclose(
        quoted[1], pushes, rel_tol=0.02)


# -- a system is data ----------------------------------------------------------------------------------------


def test_every_chat_scenario_is_found_by_its_packages_discovery():
    assert "chat" in requirements_available()
    assert "chat" in schema_available()
    assert "chat" in ESTIMATE
    assert "chat" in api_discover()
    assert "chat" in ARCHITECTURE
    for package in SCENARIO_PACKAGES:
        assert (ROOT / "autograder" / package / "scenarios" / "chat.py").is_file(), package


def _refers_to_chat(path: Path) -> list[str]:
    """Code (not docstrings or comments) that names the chat service: a name, the string "chat", a module path."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.NAME and token.string.lower().startswith("chat"):
            found.append(f"line {token.start[0]}: {token.string}")
        elif token.type == tokenize.STRING and (
                re.fullmatch(r"[rbuf]*(['\"])chat\1", token.string, re.IGNORECASE) or "scenarios.chat" in token.string):
            found.append(f"line {token.start[0]}: {token.string}")
    return found


def test_no_module_outside_the_scenario_packages_refers_to_the_chat_service():
    package = ROOT / "autograder"
    scenario_folders = [package / name / "scenarios" for name in SCENARIO_PACKAGES]
    offenders = {}
    for path in sorted(package.rglob("*.py")):
        if any(folder in path.parents for folder in scenario_folders):
            continue
        found = _refers_to_chat(path)
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert not offenders, f"checker code names the chat service (a system must be data only): {offenders}"


def test_the_reference_finder_would_see_a_checker_that_named_the_chat_service(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('"""A chat docstring is fine."""\n# so is a chat comment\nfrom x import CHAT\nload("chat")\n')
    assert [hit.split(": ")[1] for hit in _refers_to_chat(probe)] == ["CHAT", '"chat"']
