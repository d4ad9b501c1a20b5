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
import random
import re
import tokenize
from pathlib import Path

import numpy as np
import pytest

from autograder.api import Endpoint, Response, check_contract
from autograder.api.scenarios import discover as api_discover
from autograder.api.scenarios import get_scenario as api_get_scenario
from autograder.architecture import CRITERIA, Component, Design, check_design
from autograder.architecture import get_scenario as architecture_scenario
from autograder.architecture.scenarios import SCENARIOS as ARCHITECTURE
from autograder.estimate import check_answers
from autograder.estimate import units as u
from autograder.estimate.scenario import reference, validate
from autograder.estimate.scenarios import SCENARIOS as ESTIMATE
from autograder.estimate.scenarios.chat import ASSUMPTIONS, CHAT_SCENARIO
from autograder.requirements import check_requirements
from autograder.requirements.scenarios import available as requirements_available
from autograder.requirements.scenarios.chat import INTERVIEWER
from autograder.rubric import load_rubric
from autograder.schema import check_schema
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


# -- fairness of the chat scenarios: correct answers written many ways, wrong ones that lose one thing --------
#
# The checkers have their own corpora; these are the chat service's, for the two scenarios whose fairness is
# about vocabulary and units (the API's concept names, the estimate's units and rounding). The schema and the
# design are judged by behaviour and by numbers (the samples in tests/submissions/09-practice-chat and the
# solutions above cover them). At most 2% of either kind may get an unfair verdict (here: none does).

SLOW_DOWN = Response("too many requests", headers=["Retry-After"])
_PLACES = (("conversations", "conversation_id"), ("chats", "chatId"), ("channels", "channel_id"), ("rooms", "room_id"),
           ("threads", "thread_id"), ("groups", "group_id"), ("conversations", "id"), ("dms", "conversationId"))
_MEMBERS = ("members", "member_ids", "participants", "participantIds", "user_ids", "recipients", "invitees", "users")
_BODIES = ("text", "body", "content", "message", "messageText")
_RETURNED = ("message_id", "id", "messageId", "msg_id", "seq")
_CURSORS = (("cursor", "next_cursor"), ("before", "next_before"), ("page_token", "next_page_token"),
            ("after", "next_cursor"), ("pagination_token", "next_token"), ("before_id", "cursor"))
_LISTS = ("messages", "items", "data", "history", "results", "entries")


def _generated_contracts(n: int) -> list[list[Endpoint]]:
    """REST contracts in the many spellings engineers use, drawn deterministically."""
    rng = random.Random(15)
    out = []
    for _ in range(n):
        place, pid = rng.choice(_PLACES)
        cursor, next_cursor = rng.choice(_CURSORS)
        base = f"{rng.choice(('/v1', '/api/v1', '/v2', '/api/v3'))}/{place}"
        auth = rng.choice(("bearer", "api_key"))
        out.append([
            Endpoint("POST", base, auth=auth, body={rng.choice(_MEMBERS): "list[str]", "title?": "str"},
                     responses={rng.choice((201, 200)): {"conversation_id" if pid == "id" else pid: "str"},
                                rng.choice((400, 422)): "at most 100 members"}),
            Endpoint("POST", f"{base}/{{{pid}}}/messages", auth=auth, body={rng.choice(_BODIES): "str"},
                     responses={rng.choice((201, 200, 202)): {rng.choice(_RETURNED): "str"},
                                rng.choice((404, 403)): "unknown conversation", 429: SLOW_DOWN}),
            Endpoint("GET", f"{base}/{{{pid}}}/messages", auth=auth, query={f"{cursor}?": "str", "limit?": "int"},
                     responses={200: {rng.choice(_LISTS): "list[object]", f"{next_cursor}?": "str"},
                                404: "unknown conversation"}),
        ])
    return out


API_CORRECT: dict[str, list[Endpoint]] = {f"generated-{i}": c for i, c in enumerate(_generated_contracts(40))}
API_CORRECT.update({
    "discord": [
        Endpoint("POST", "/api/v10/users/@me/channels", auth="bearer", body={"recipients": "list[str]"},
                 responses={200: {"id": "str"}, 400: "too many recipients"}),
        Endpoint("POST", "/api/v10/channels/{channel_id}/messages", auth="bearer", body={"content": "str", "nonce?": "str"},
                 responses={200: {"id": "str", "content": "str"}, 403: "missing access", 429: SLOW_DOWN}),
        Endpoint("GET", "/api/v10/channels/{channel_id}/messages", auth="bearer", query={"before?": "str", "limit?": "int"},
                 responses={200: "list[object]", 404: "unknown channel"}),
    ],
    "camel-case": [
        Endpoint("POST", "/v1/chats", auth="bearer", body={"participantIds": "list[str]", "name?": "str"},
                 responses={201: {"chatId": "str"}, 400: "group too large"}),
        Endpoint("POST", "/v1/chats/{chatId}/messages", auth="bearer", body={"text": "str", "clientMessageId": "str"},
                 responses={201: {"messageId": "str", "sentAt": "datetime"}, 404: "chat not found", 429: SLOW_DOWN}),
        Endpoint("GET", "/v1/chats/{chatId}/messages", auth="bearer", query={"beforeId?": "str", "limit?": "int"},
                 responses={200: {"messages": "list[object]", "nextCursor?": "str"}, 404: "chat not found"}),
    ],
    "conversation-in-the-body": [
        Endpoint("POST", "/v1/groups", auth="bearer", body={"member_ids": "list[str]", "name": "str"},
                 responses={201: {"group_id": "str"}, 422: "at most 100 members"}),
        Endpoint("POST", "/v1/messages", auth="bearer", body={"group_id": "str", "body": "str"},
                 responses={201: {"id": "str"}, 404: "unknown group", 429: SLOW_DOWN}),
        Endpoint("GET", "/v1/groups/{group_id}/messages", auth="bearer", query={"cursor?": "str", "limit?": "int"},
                 responses={200: {"items": "list[object]", "next_cursor?": "str"}, 404: "unknown group"}),
    ],
    "location-header-and-page-token": [
        Endpoint("POST", "/v1/conversations", auth="api_key", body={"recipients": "list[str]"},
                 responses={201: Response("created", headers=["Location"]), 422: "too many recipients"}),
        Endpoint("POST", "/v1/conversations/{id}/messages", auth="api_key", body={"content": "str"},
                 responses={201: {"message_id": "str"}, 404: "no such conversation", 429: SLOW_DOWN}),
        Endpoint("GET", "/v1/conversations/{id}/messages", auth="api_key",
                 query={"page_token?": "str", "max_results?": "int"},
                 responses={200: {"messages": "list[object]", "next_page_token?": "str"}, 404: "no such conversation"}),
    ],
})

_START, _SEND, _HISTORY = (op.check for op in api_get_scenario("chat").operations)
_TOO_MANY = "start: too many members answers 400 or 422"
_RATE, _ACCESS, _VERSION, _SAFE = ("rate limiting: 429 with Retry-After",
                                   "who may call: every call needs the user's credentials", "API is versioned",
                                   "a GET never creates or deletes")
_S_FLOW, _S_PAGE, _S_UNKNOWN, _S_BURST = (s.check for s in api_get_scenario("chat").sequences)
_STYLES = (("/v1/conversations", "conversation_id", "members", "text", "message_id", "cursor", "next_cursor", "messages"),
           ("/api/v2/chats", "chatId", "participantIds", "body", "id", "before", "nextBefore", "items"),
           ("/v1/rooms", "room_id", "invitees", "content", "event_id", "page_token", "next_page_token", "data"),
           ("/v3/groups", "group_id", "member_ids", "message", "msg_id", "after", "next_cursor", "history"))


def _contract(style, *, start=True, history=True, send_429=True, send_404=True, auth="bearer", versioned=True,
              start_422=True, paging="cursor", next_cursor=True, send_returns=True, send_method="POST"):
    base, pid, members, body, returned, cursor, next_name, listed = style
    if not versioned:
        base = "/" + base.rsplit("/", 1)[-1]
    out = []
    if start:
        out.append(Endpoint("POST", base, auth="bearer", body={members: "list[str]"},
                            responses={201: {"conversation_id": "str"}, **({422: "too many members"} if start_422 else {})}))
    sent: dict = {201: {returned: "str"} if send_returns else "sent"}
    if send_404:
        sent[404] = "no such conversation"
    if send_429:
        sent[429] = SLOW_DOWN
    if send_method == "POST":
        out.append(Endpoint("POST", f"{base}/{{{pid}}}/messages", auth=auth, body={body: "str"}, responses=sent))
    else:
        out.append(Endpoint("GET", f"{base}/{{{pid}}}/messages/send", auth=auth, query={body: "str"}, responses=sent))
    if history:
        query = {f"{cursor}?": "str", "limit?": "int"} if paging == "cursor" else {"page?": "int", "per_page?": "int"}
        page = {listed: "list[object]", **({f"{next_name}?": "str"} if next_cursor and paging == "cursor" else {})}
        out.append(Endpoint("GET", f"{base}/{{{pid}}}/messages", auth="bearer", query=query,
                            responses={200: page, 404: "unknown"}))
    return out


_MUTATIONS = {
    # mutation -> (what it changes, the checks it must lose: exactly these)
    "no-429": ({"send_429": False}, {_RATE, _S_BURST}),
    "offset-paging": ({"paging": "page"}, {_HISTORY, _S_PAGE}),
    "no-404-on-send": ({"send_404": False}, {_SEND, _S_UNKNOWN}),
    "send-without-credentials": ({"auth": None}, {_ACCESS}),
    "unversioned": ({"versioned": False}, {_VERSION}),
    "a-get-sends": ({"send_method": "GET"}, {_SAFE, _SEND, _S_FLOW, _S_UNKNOWN, _S_BURST}),
    "no-limit-on-group-size": ({"start_422": False}, {_TOO_MANY}),
    "opaque-cursor-never-returned": ({"next_cursor": False}, {_HISTORY, _S_PAGE}),
    "no-way-to-start": ({"start": False}, {_START, _TOO_MANY, _S_FLOW}),
    "no-history": ({"history": False}, {_HISTORY, _S_PAGE, _S_FLOW}),
    "send-returns-no-id": ({"send_returns": False}, {_SEND}),
}
API_WRONG = {
    f"{name}/{style[0]}": (_contract(style, **change), lost)
    for name, (change, lost) in _MUTATIONS.items() for style in _STYLES
    # a `before`/`after` cursor is the last message's id, which the client has: no cursor needs returning
    if not (name == "opaque-cursor-never-returned" and style[5] in ("before", "after"))
}


def _lost(report) -> set[str]:
    return {f.check for f in report.findings if not f.passed}


def test_api_corpus_is_fair():
    unfair_correct = [n for n, c in API_CORRECT.items() if check_contract(c, "chat", scope="hidden").score < 1]
    unfair_wrong = [n for n, (c, _) in API_WRONG.items() if check_contract(c, "chat", scope="hidden").score == 1]
    assert len(API_CORRECT) >= 40 and len(API_WRONG) >= 40
    assert len(unfair_correct) <= 0.02 * len(API_CORRECT), unfair_correct
    assert len(unfair_wrong) <= 0.02 * len(API_WRONG), unfair_wrong


@pytest.mark.parametrize("name", list(API_WRONG))
def test_a_wrong_contract_loses_exactly_what_it_breaks(name):
    contract, lost = API_WRONG[name]
    assert _lost(check_contract(contract, "chat", scope="hidden")) == lost


ESTIMATE_CORRECT = {
    "quantities-per-second": {"messages_per_day": 2e9 / u.day, "peak_messages_per_second": 46_296 / u.s,
                              "peak_deliveries_per_second": 231_481 / u.s, "storage_per_year": 73 * u.TB,
                              "connection_servers": 50},
    "day-rounded-to-1e5-seconds": {"messages_per_day": 2e9, "peak_messages_per_second": 40_000,
                                   "peak_deliveries_per_second": 200_000, "storage_per_year": 73,
                                   "connection_servers": 50},
    "per-minute-and-gigabytes": {"messages_per_day": 1.39e6 / u.minute, "peak_messages_per_second": 2.78e6 / u.minute,
                                 "peak_deliveries_per_second": 1.39e7 / u.minute, "storage_per_year": 73_000 * u.GB,
                                 "connection_servers": 60},
    "binary-tebibytes": {"messages_per_day": 2e9, "peak_messages_per_second": 46e3, "peak_deliveries_per_second": 230e3,
                         "storage_per_year": 66.4 * u.TiB, "connection_servers": 75},
    "per-hour-and-petabytes": {"messages_per_day": 8.33e7 / u.hour, "peak_messages_per_second": 1.67e8 / u.hour,
                               "peak_deliveries_per_second": 8.33e8 / u.hour, "storage_per_year": 0.073 * u.PB,
                               "connection_servers": 55},
    "storage-as-a-product-in-bytes": {"messages_per_day": 2_000_000_000, "peak_messages_per_second": 46_300,
                                      "peak_deliveries_per_second": 231_500,
                                      "storage_per_year": 2e9 * 365 * 100 * u.B, "connection_servers": 50},
    "numpy-numbers": {"messages_per_day": np.float64(2e9), "peak_messages_per_second": np.int64(46_296),
                      "peak_deliveries_per_second": np.float32(231_481), "storage_per_year": np.float64(73.0),
                      "connection_servers": np.int64(50)},
    "storage-in-terabits": {"messages_per_day": 2e9, "peak_messages_per_second": 46_000,
                            "peak_deliveries_per_second": 231_000, "storage_per_year": 584 * u.Tbit,
                            "connection_servers": 51},
    "rounded-up": {"messages_per_day": 2e9, "peak_messages_per_second": 50_000, "peak_deliveries_per_second": 250_000,
                   "storage_per_year": 80, "connection_servers": 70},
}
ESTIMATE_WRONG = {
    # (key, value): a slip in one value loses that value only
    ("messages_per_day", 1e10): "multiplied by the recipients",
    ("messages_per_day", 2e9 / 86_400): "per-second rate given as a daily count",
    ("peak_messages_per_second", 23_148): "peak factor missing",
    ("peak_messages_per_second", 231_481): "deliveries instead of messages",
    ("peak_messages_per_second", 2e9): "a daily count given as a rate",
    ("peak_deliveries_per_second", 46_296): "recipients missing",
    ("peak_deliveries_per_second", 115_740): "peak factor missing",
    ("peak_deliveries_per_second", 46_296 * 99): "every message sent to a full group",
    ("storage_per_year", 365): "a copy per recipient",
    ("storage_per_year", 0.2): "one day of storage",
    ("storage_per_year", 146): "storage sized for the peak",
    ("storage_per_year", 73_000): "gigabytes given as terabytes",
    ("connection_servers", 500): "every daily user connected at once",
    ("connection_servers", 5): "a tenth of the servers",
    ("connection_servers", 25): "half the servers",
}


@pytest.mark.parametrize("name", list(ESTIMATE_CORRECT))
def test_an_estimate_written_another_way_gets_every_point(name):
    report = check_answers(ESTIMATE_CORRECT[name], "chat", scope="hidden")
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize(("key", "value"), list(ESTIMATE_WRONG), ids=list(ESTIMATE_WRONG.values()))
def test_an_estimate_slip_loses_that_value_only(key, value):
    report = check_answers(dict(ESTIMATE_CORRECT["quantities-per-second"], **{key: value}), "chat", scope="hidden")
    assert [f.check.split("`")[1] for f in report.findings if not f.passed] == [key], report.to_text()


def _design(**changes) -> Design:
    """A sound chat design (the queue feeds the connection servers directly), with ``changes`` to its components."""
    sizes = {"lb": ("load_balancer", 3), "chat": ("service", 30), "messages": ("cassandra", 90),
             "log": ("kafka", 6), "gateways": ("service", 24)}
    components = [Component("phones", "client")]
    for name, (kind, replicas) in sizes.items():
        components.append(Component(name, kind, **({"replicas": replicas, "zones": 3} | changes.get(name, {}))))
    return Design(components=components,
                  connections=["phones -> lb -> chat -> messages", "chat -> log", "log ~> gateways"],
                  flows={"send message": "phones -> lb -> chat -> messages -> log -> gateways",
                         "sync history": "phones -> lb -> chat -> messages"})


DESIGNS = {
    # name -> (design, the criteria it must lose under grading's checks)
    "queue-feeds-the-connection-servers": (_design(), set()),
    "an-async-link-instead-of-a-queue": (Design(
        components=[Component("phones", "client"), Component("lb", "lb", replicas=3, zones=3),
                    Component("chat", "app server", replicas=30, zones=3), Component("cache", "redis", replicas=3, zones=3),
                    Component("db", "cassandra", replicas=90, zones=3), Component("fanout", "worker", replicas=24, zones=3),
                    Component("ws", "service", replicas=24, zones=3)],
        connections=["phones -> lb -> chat", "chat -> cache", "chat -> db", "chat ~> fanout", "fanout -> ws"],
        flows={"send": "phones -> lb -> chat -> db -> fanout -> ws", "history": "phones -> lb -> chat -> cache -> db"}),
        set()),
    "everything-in-one-zone": (_design(**{n: {"zones": 1} for n in ("lb", "chat", "messages", "log", "gateways")}),
                               {"zone"}),
    "store-sized-for-the-average": (_design(messages={"replicas": 40}), {"capacity", "capacity2", "zone"}),
    "one-load-balancer": (_design(lb={"replicas": 1, "zones": 1}),
                          {"failure", "availability", "capacity", "capacity2", "zone"}),
}


@pytest.mark.parametrize("name", list(DESIGNS))
def test_a_design_loses_exactly_the_criteria_it_breaks(name):
    design, lost = DESIGNS[name]
    report = check_design(design, architecture_scenario("chat"), scope="hidden")
    failed = {key for key, title in CRITERIA.items() for f in report.findings if not f.passed
              and f.check.startswith(title + ":")}
    assert failed == lost, report.to_text()


_FUNCTIONAL = ["Send a message to a user", "Group chats of up to 100 members", "Receive messages in real time"]
_TARGETS = {"scale": "50M DAU", "read_write": "1:5 writes:reads", "latency": "p99 < 500 ms", "availability": "99.99%",
            "consistency": "every member sees messages in the same order"}
REQUIREMENTS_CORRECT = {
    "area-target-pairs": {"clarifying_questions": ["DAU?"], "functional": _FUNCTIONAL,
                          "non_functional": [("scale", "50M DAU"), ("read_write", "1:1 reads to writes"),
                                             ("latency", (500, "ms", "p99")), ("availability", 0.9999),
                                             ("consistency", "causal per conversation")],
                          "out_of_scope": ["calls"]},
    "plain-strings": {"clarifying_questions": ["How many users?"],
                      "functional": ["1-1 messaging", "group messaging (<= 100 people)"],
                      "non_functional": ["50 million daily active users", "read-heavy: ~5 reads per write",
                                         "p95 latency < 300 ms for delivery", "99.99% uptime",
                                         "strong ordering per chat; eventually consistent read receipts"],
                      "out_of_scope": ["voice calls", "stories"]},
    "the-interviewers-words": {"clarifying_questions": ["Order?"], "functional": _FUNCTIONAL,
                               "non_functional": dict(_TARGETS, consistency=INTERVIEWER["consistency"]),
                               "out_of_scope": ["e2e encryption"]},
    "fifo": {"clarifying_questions": ["Group size?"], "functional": _FUNCTIONAL,
             "non_functional": dict(_TARGETS, consistency="FIFO per conversation"), "out_of_scope": ["media"]},
}
REQUIREMENTS_WRONG = {
    # name -> (answer, the start of the one criterion it loses)
    "no-groups": ({"clarifying_questions": ["?"], "functional": _FUNCTIONAL[:1], "non_functional": _TARGETS,
                   "out_of_scope": ["media"]}, "functional requirements and the out-of-scope list: group conversations"),
    "latency-without-a-number": ({"clarifying_questions": ["?"], "functional": _FUNCTIONAL,
                                  "non_functional": dict(_TARGETS, latency="messages arrive quickly"),
                                  "out_of_scope": ["media"]}, "non-functional requirements are measurable"),
    "groups-in-and-out-of-scope": ({"clarifying_questions": ["?"], "functional": _FUNCTIONAL,
                                    "non_functional": _TARGETS, "out_of_scope": ["group chats"]},
                                   "functional requirements and the out-of-scope list: no overlap"),
    "no-availability": ({"clarifying_questions": ["?"], "functional": _FUNCTIONAL,
                         "non_functional": {k: v for k, v in _TARGETS.items() if k != "availability"},
                         "out_of_scope": ["media"]}, "non-functional requirements cover what the design depends on"),
}


@pytest.mark.parametrize("name", list(REQUIREMENTS_CORRECT))
def test_requirements_written_another_way_get_every_point(name):
    report = check_requirements(REQUIREMENTS_CORRECT[name], "chat", scope="hidden")
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("name", list(REQUIREMENTS_WRONG))
def test_wrong_requirements_lose_the_criterion_they_break(name):
    answer, criterion = REQUIREMENTS_WRONG[name]
    failed = {f.check for f in check_requirements(answer, "chat", scope="hidden").findings if not f.passed}
    assert failed and all(check.startswith(criterion) for check in failed), failed


# -- the tables, in PostgreSQL (slow: a server) -------------------------------------------------------------------

_REF = load("chat").reference
_UUID_DDL = """
CREATE TABLE app_user (user_id UUID PRIMARY KEY DEFAULT gen_random_uuid(), handle VARCHAR(64) NOT NULL UNIQUE);
CREATE TABLE chat (chat_id UUID PRIMARY KEY DEFAULT gen_random_uuid(), name TEXT NOT NULL);
CREATE TABLE chat_member (chat_id UUID NOT NULL REFERENCES chat, user_id UUID NOT NULL REFERENCES app_user,
                          PRIMARY KEY (chat_id, user_id));
CREATE INDEX ON chat_member (user_id);
CREATE TABLE message (message_id UUID PRIMARY KEY DEFAULT gen_random_uuid(), chat_id UUID NOT NULL,
                      author_id UUID NOT NULL, text TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
                      FOREIGN KEY (chat_id, author_id) REFERENCES chat_member (chat_id, user_id),
                      FOREIGN KEY (chat_id) REFERENCES chat);
CREATE INDEX ON message (chat_id, created_at DESC);
"""
_UUID_QUERIES = {
    "create_user": "INSERT INTO app_user (handle) VALUES (:username) RETURNING user_id",
    "create_conversation": "INSERT INTO chat (name) VALUES (:title) RETURNING chat_id",
    "add_member": "INSERT INTO chat_member (chat_id, user_id) VALUES (:conversation_id, :user_id)",
    "send_message": "INSERT INTO message (chat_id, author_id, text, created_at) "
                    "VALUES (:conversation_id, :sender_id, :body, :sent_at) RETURNING message_id",
    "history": "SELECT text, created_at FROM message WHERE chat_id = :conversation_id "
               "AND (created_at, message_id) < (:before, :before_id) ORDER BY created_at DESC, message_id DESC LIMIT :limit",
    "members": "SELECT handle FROM app_user WHERE user_id IN (SELECT user_id FROM chat_member WHERE chat_id = :conversation_id)",
    "user_conversations": "SELECT name FROM chat JOIN chat_member USING (chat_id) WHERE user_id = :user_id",
}
_TIME_ONLY_CURSOR = dict(_REF["queries"], history="SELECT body, sent_at FROM messages WHERE conversation_id = "
                         ":conversation_id AND sent_at < :before ORDER BY sent_at DESC LIMIT :limit")
_UNIQUE_PAIR = _REF["ddl"].replace("PRIMARY KEY (conversation_id, user_id)",
                                   "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, UNIQUE (conversation_id, user_id)")
SCHEMAS = {
    # name -> (ddl, queries, the criteria it must lose under grading's checks)
    "reference": (_REF["ddl"], _REF["queries"], set()),
    "uuid-keys-and-a-foreign-key-to-members": (_UUID_DDL, _UUID_QUERIES, set()),
    "a-time-only-cursor": (_REF["ddl"], _TIME_ONLY_CURSOR, set()),
    "a-surrogate-key-and-a-unique-pair": (_UNIQUE_PAIR, _REF["queries"], set()),
    "no-primary-key-on-members": (_REF["ddl"].replace("PRIMARY KEY (conversation_id, user_id)", "CHECK (true)"),
                                  _REF["queries"], {"a user is a member of a conversation once"}),
    "history-without-order-by": (_REF["ddl"], dict(_REF["queries"], history=(
        "SELECT body, sent_at FROM messages WHERE conversation_id = :conversation_id AND sent_at < :before "
        "LIMIT :limit")), {"history returns a conversation's messages, newest first, page by page"}),
    "no-index-by-user": (_REF["ddl"].replace("CREATE INDEX members_by_user ON members (user_id, conversation_id);", ""),
                         _REF["queries"], {"user_conversations is answered through an index"}),
    "messages-without-a-time-constraint": (_REF["ddl"].replace("sent_at         TIMESTAMPTZ NOT NULL",
                                                               "sent_at         TIMESTAMPTZ"),
                                           _REF["queries"], {"a message without a time is refused"}),
    "no-foreign-key-to-conversations": (_REF["ddl"].replace(
        "conversation_id BIGINT NOT NULL REFERENCES conversations (id),\n    sender_id",
        "conversation_id BIGINT NOT NULL,\n    sender_id"), _REF["queries"],
        {"a message must belong to an existing conversation"}),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SCHEMAS))
def test_a_schema_loses_exactly_the_criteria_it_breaks(name, pg_server):  # noqa: F811 - the fixture
    ddl, queries, lost = SCHEMAS[name]
    report = check_schema(ddl, queries, "chat", scope="hidden")
    assert {f.check for f in report.findings if not f.passed} == lost, report.to_text()
