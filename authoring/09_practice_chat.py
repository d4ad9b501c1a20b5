"""Builder of source/09-practice-chat/09-practice-chat.ipynb (run: python authoring/09_practice_chat.py).

A short practice system, built the way module 8 is: every artifact is checked by the same general
checkers as the other modules, against the chat service's scenarios - data files only:
``autograder/{requirements,api,estimate,schema,architecture}/scenarios/chat.py``. Every figure quoted
in the prose is read from those files here, so the text cannot drift from what the checks use.
"""

from __future__ import annotations

import sys
from pathlib import Path

# absolute(), not resolve(): the notebook test runs this file through a symlinked mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402
from autograder.api.scenarios import get_scenario as api_scenario  # noqa: E402
from autograder.architecture import get_scenario as architecture_scenario  # noqa: E402
from autograder.estimate.scenarios.chat import ASSUMPTIONS, CHAT_SCENARIO  # noqa: E402
from autograder.requirements.scenarios.chat import INTERVIEWER, SCENARIO  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402
from autograder.schema.scenarios.chat import SCENARIO as SCHEMA  # noqa: E402

SLUG = "09-practice-chat"
XU = "Alex Xu, *System Design Interview - An Insider's Guide*, vol. 1 (2020)"
POINTS = {"requirements": 2, "estimate": 2, "api": 2, "schema": 3, "design": 3}
WRITTEN = load_rubric(SLUG, ROOT / "autograder" / "rubrics").question("group_delivery")

REQUIREMENTS = '''
### BEGIN SOLUTION
chat_requirements = {
    "clarifying_questions": [
        "How many daily active users, and how many messages does each send a day?",
        "How large can a group be?",
        "How fast must a message reach an online recipient?",
        "Must messages keep their order, and may one arrive twice?",
        "Text only, or media and calls too?",
    ],
    "functional": [
        "A user sends a text message to one other user",
        "A user sends a message to a group of up to 100 members",
        "Online recipients receive messages live; offline ones catch up on the history when they reconnect",
    ],
    "non_functional": {
        "scale": "50M DAU, 40 messages per user per day",
        "read_write": "about 5 reads per write: each message is delivered to about 5 recipients",
        "latency": "message delivery p99 < 500 ms",
        "availability": "99.99%",
        "consistency": "messages of a conversation in the order they were sent; delivered at least once, shown once",
    },
    "out_of_scope": ["voice and video calls", "media attachments", "end-to-end encryption", "search"],
}
### END SOLUTION
'''

ESTIMATE = '''
# Quantities with units: start with `from autograder.estimate import units as u` (or use plain numbers).
### BEGIN SOLUTION
from autograder.estimate import units as u

messages_per_day = 50e6 * 40 / u.day                                       # 2 billion a day
peak_messages_per_second = (messages_per_day * 2).to("1/s")                # about 46,000 a second
peak_deliveries_per_second = peak_messages_per_second * 5                  # about 231,000 a second
storage_per_year = (messages_per_day * u.year * 100 * u.B).to("TB")        # about 73 TB
connection_servers = 50                                    # 5 million online / 100,000 a server
### END SOLUTION
'''

API = '''
# Start with `from autograder.api import Endpoint, Response`, then `chat_api = [Endpoint(...), ...]`.
### BEGIN SOLUTION
from autograder.api import Endpoint, Response

SLOW_DOWN = Response("too many messages", headers=["Retry-After"])
chat_api = [
    Endpoint("POST", "/v1/conversations", auth="bearer",
             body={"members": "list[str]", "title?": "str"},
             responses={201: {"conversation_id": "str"}, 422: "a group has at most 100 members"}),
    Endpoint("POST", "/v1/conversations/{conversation_id}/messages", auth="bearer",
             body={"client_message_id": "str", "text": "str"},
             responses={201: {"message_id": "str", "seq": "int"}, 404: "no such conversation",
                        429: SLOW_DOWN}),
    Endpoint("GET", "/v1/conversations/{conversation_id}/messages", auth="bearer",
             query={"cursor?": "str", "limit?": "int"},
             responses={200: {"messages": "list[object]", "next_cursor?": "str"},
                        404: "no such conversation"}),
]
### END SOLUTION
'''

DDL = '''
### BEGIN SOLUTION
chat_ddl = """
CREATE TABLE users (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE
);
CREATE TABLE conversations (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title TEXT NOT NULL
);
CREATE TABLE members (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id);
CREATE TABLE messages (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    sender_id       BIGINT NOT NULL REFERENCES users (id),
    body            TEXT NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_at DESC, id DESC);
"""
### END SOLUTION
'''

QUERIES = '''
### BEGIN SOLUTION
chat_queries = {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "create_conversation": "INSERT INTO conversations (title) VALUES (:title) RETURNING id",
    "add_member": "INSERT INTO members (conversation_id, user_id) VALUES (:conversation_id, :user_id)",
    "send_message": """
        INSERT INTO messages (conversation_id, sender_id, body, sent_at)
        VALUES (:conversation_id, :sender_id, :body, :sent_at) RETURNING id""",
    "history": """
        SELECT body, sent_at FROM messages
        WHERE conversation_id = :conversation_id AND (sent_at, id) < (:before, :before_id)
        ORDER BY sent_at DESC, id DESC LIMIT :limit""",
    "members": """
        SELECT u.username FROM members m JOIN users u ON u.id = m.user_id
        WHERE m.conversation_id = :conversation_id""",
    "user_conversations": """
        SELECT c.title FROM members m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.user_id = :user_id""",
}
### END SOLUTION
'''

DESIGN = '''
# Start with `from autograder.architecture import Component, Design`, then `chat_design = Design(...)`.
### BEGIN SOLUTION
from autograder.architecture import Component, Design

chat_design = Design(
    components=[
        Component("phones", "client"),
        Component("lb", "load_balancer", replicas=3, zones=3),
        Component("chat", "service", replicas=30, zones=3),        # sends and history syncs
        Component("recent", "redis", replicas=3, zones=3),         # recent messages of busy conversations
        Component("messages", "cassandra", replicas=90, zones=3),  # partitioned by conversation
        Component("outbox", "kafka", replicas=6, zones=3),         # one partition per conversation keeps order
        Component("fanout", "worker", replicas=21, zones=3),       # looks up members, one push per member
        Component("connections", "service", replicas=21, zones=3), # holds the phones' open connections
    ],
    connections=["phones -> lb -> chat", "chat -> recent", "chat -> messages", "chat -> outbox",
                 "outbox ~> fanout", "fanout -> connections"],
    flows={
        "send message": "phones -> lb -> chat -> messages -> outbox -> fanout -> connections",
        "sync history": "phones -> lb -> chat -> recent -> messages",
    },
)
### END SOLUTION
'''


def _check(call: str, points: int, imports: str) -> str:
    """A test cell: ``call`` with ``{scope}`` where the hidden block adds ``, scope="hidden"``."""
    return f'''
    from autograder import answer
    {imports}

    report = {call.format(scope="")}
    ### BEGIN HIDDEN TESTS
    report = {call.format(scope=', scope="hidden"')}
    ### END HIDDEN TESTS
    report.grade({points})
    '''


def build() -> Notebook:
    nb = Notebook(SLUG)
    # answer keys: hidden from this assignment's grading kernel, used only by re-checked test cells
    nb.hide_at_grading("autograder.schema.scenarios.chat", "autograder.estimate.scenarios.chat")
    a = ASSUMPTIONS
    users, per_user = INTERVIEWER["daily_active_users"], INTERVIEWER["messages_per_user_per_day"]
    api = api_scenario("chat")
    design = architecture_scenario("chat")
    send, sync = design.flow("send message"), design.flow("sync history")
    assert send is not None and sync is not None
    total_auto = sum(POINTS.values())

    nb.md(f"""
    # Module 9 - Practice: a chat service

    A second, shorter round on a new system, with the same tools as the rest of the course: write the
    requirements, hear the interviewer's answers, then estimate, write the API, the tables and the
    high-level design, each checked by the checker you already know. The system is a chat service, the
    subject of chapter 12 of {XU}.

    **Time:** about 55 minutes - about 10 to read, 45 for the exercises (5 for the requirements, 5 for
    the estimate, 8 for the API, 10 for the tables, 10 for the design, 7 for the written answer).
    Reading is counted from the notebook's length; the exercise times are estimates, not yet timed with
    learners.
    **You will:** turn a vague prompt into requirements as data; estimate messages, deliveries, storage
    and connections; write the contract, the schema and the design of a chat service; and explain how
    one message reaches a whole group in order, once.

    **Points:** {total_auto} checked automatically, {WRITTEN.points} for the written answer (marked by
    hand).
    """)
    nb.md("""
    ## How this notebook works

    - Run the cells from top to bottom (Shift+Enter). Each exercise's cell holds `name = ...`: replace
      the `...` with your answer and run the check below it.
    - Every check is the general checker of an earlier module, pointed at the chat service (`"chat"`):
      requirements as in module 8, estimates as in module 4, the API as in module 2, tables as in
      module 3 (in a real PostgreSQL), the design as in module 7. Their messages say what is wrong and
      what to change.
    - **Grading adds checks** to most exercises (`scope="hidden"`): more rows and awkward cases for the
      tables, request sequences for the API, a second load profile and a lost zone for the design,
      physical plausibility for the requirements. Run them yourself with `scope="hidden"`.
    - Keep to the time. In a real round each of these steps gets a few minutes; a rough answer that the
      check accepts is the goal, not a perfect one.
    """)

    # -- 1. requirements ------------------------------------------------------------------------------
    nb.md(f"""
    ## Exercise 1 ({POINTS["requirements"]} points): requirements, before the interviewer answers

    The prompt:

    > {SCENARIO["prompt"]}

    Write `chat_requirements` as data, in the shape module 8 uses: a dict with `"clarifying_questions"`
    (what you would ask), `"functional"` (what users can do), `"non_functional"` (a dict from an area -
    `"scale"`, `"read_write"`, `"latency"`, `"availability"`, `"consistency"` - to a measurable target
    such as `"p99 < 200 ms"`) and `"out_of_scope"`. Use your own assumptions: the interviewer's answers
    come after this exercise.

    **How it is checked:** `check_requirements(chat_requirements, "chat")`: every non-functional target is
    measurable (a number with a unit, latency with a percentile, consistency with a named model), the
    required areas are covered, nothing contradicts, and the functional list covers sending messages
    and group conversations without overlapping the out-of-scope list. Grading adds physical
    plausibility.
    """)
    nb.solution("chat_requirements", REQUIREMENTS)
    nb.tests("chat_requirements_check", _check(
        'check_requirements(answer("chat_requirements"), "chat"{scope})',
        POINTS["requirements"], "from autograder.requirements import check_requirements"),
        points=POINTS["requirements"], recheck=True)

    # -- 2. the interviewer's answers ---------------------------------------------------------------------
    nb.md(f"""
    ## 2. What the interviewer answers

    The numbers the rest of this round uses. The users and the group limit are those of Xu's chapter 12;
    the others are the course's, stated by the interviewer as in a real round.

    | question | answer |
    |---|---|
    | How many daily active users? | {users / 1e6:g} million |
    | How many messages does a user send a day? | {per_user} on average |
    | How large can a group be? | up to {INTERVIEWER["max_group_size"]} members |
    | How fast must a message arrive? | p99 under {INTERVIEWER["delivery_latency_p99_ms"]} ms, phone to phone, when the recipient is online |
    | How available? | {INTERVIEWER["availability"]:.2%} |
    | Order and duplicates? | {INTERVIEWER["consistency"]} |
    | Media, calls, encryption, search? | text only today; the rest is out of scope |

    And the course assumptions the estimate adds: peak = {a["peak_factor"]} x average (Xu, chapter 2); a
    message reaches {a["recipients_per_message"]} recipients on average (most go to one person, some to a
    group); {a["message_size"].magnitude:g} bytes stored per message (text and metadata); at the busiest
    moment {a["concurrent_share"]:.0%} of the daily users are connected; one connection server holds
    {a["connections_per_server"]:,} open connections.
    """)

    # -- 3. estimate -----------------------------------------------------------------------------------------
    items = "\n".join(f"    - `{item.key}`: {item.what}" + (f" (in `{item.unit}`, or any unit of the same kind)"
                                                            if item.unit else " (a whole number)")
                      for item in CHAT_SCENARIO.items if item.judge != "none")
    nb.md(f"""
    ## Exercise 2 ({POINTS["estimate"]} points): the estimate

    Write five values, computed from the answers above, one variable each. Values may be quantities
    with units (`from autograder.estimate import units as u`, then `40 / u.day`) or plain numbers in
    the unit given:

{items}

    A message is stored once, in its conversation, however many people read it; delivery is what
    multiplies by the recipients.

    **How it is checked:** `check_answers({{"messages_per_day": messages_per_day, ...}}, "chat")`, each value
    within 25% of the reference
    (the connection servers: a whole number, from a little under the need to half as many again); a
    wrong value is told which slip it looks like. Grading judges the same values (values cannot be
    recomputed for other assumptions).
    """)
    nb.solution("chat_estimate", ESTIMATE)
    # answer("name") written out for each value: the re-check reads the names from the cell's source
    values = "".join(f'\n        "{key}": answer("{key}"),' for key in CHAT_SCENARIO.graded)
    nb.tests("chat_estimate_check", _check(
        'check_answers(values, "chat"{scope})', POINTS["estimate"],
        f"from autograder.estimate import check_answers\n\n    values = {{{values}\n    }}"),
        points=POINTS["estimate"], recheck=True)

    # -- 4. API ---------------------------------------------------------------------------------------------
    operations = "\n".join(f"    - {op.label}: *{op.check}*" for op in api.operations)
    stories = "; ".join(s.check.removeprefix("scenario: ") for s in api.sequences)
    nb.md(f"""
    ## Exercise 3 ({POINTS["api"]} points): the API a client calls

    A phone that is online keeps one connection open (a WebSocket, as in Xu's chapter), and new messages
    arrive over it: no HTTP contract describes that. The contract is what the client calls to start a
    conversation, to send, and to catch up on the history it missed. Write `chat_api`, a list of
    `Endpoint(...)` in module 2's format, with at least:

{operations}

    A conversation's history grows while it is read, so it pages with a cursor (the next page starts
    after the last message shown), not with an offset.

    **How it is checked:** `check_contract(chat_api, "chat")`: the criteria above, plus versioning, rate
    limiting (429 with `Retry-After`), credentials on every call, GETs that only read, declared path
    parameters. Grading plays request sequences against your routes: {stories}.
    """)
    nb.solution("chat_api", API)
    nb.tests("chat_api_check", _check(
        'check_contract(answer("chat_api"), "chat", name="chat_api"{scope})',
        POINTS["api"], "from autograder.api import check_contract"),
        points=POINTS["api"], recheck=True)

    # -- 5. schema ----------------------------------------------------------------------------------------------
    queries = "\n".join(f"    - `{name}`: {q['purpose']}." for name, q in SCHEMA["queries"].items())
    nb.md(f"""
    ## Exercise 4 ({POINTS["schema"]} points): the tables

    Write `chat_ddl`, your PostgreSQL tables (one string), and `chat_queries`, a dict from each query name
    below to one SQL statement with named parameters (`:conversation_id`), as in module 3:

{queries}

    **How it is checked:** `check_schema(chat_ddl, chat_queries, "chat")` runs them in PostgreSQL on
    generated users, conversations and messages: constraints (a user joins a conversation once, members
    and messages refer to rows that exist, a message has a time), the rows each read returns, and
    whether an index can serve the history and a user's conversations. Grading adds rows and awkward
    cases (two messages sent at the same second).
    """)
    nb.solution("chat_ddl", DDL)
    nb.solution("chat_queries", QUERIES)
    nb.tests("chat_schema_check", _check(
        'check_schema(answer("chat_ddl"), answer("chat_queries"), "chat"{scope})',
        POINTS["schema"], "from autograder.schema import check_schema"),
        points=POINTS["schema"], recheck=True)

    # -- 6. design --------------------------------------------------------------------------------------------------
    nb.md(f"""
    ## Exercise 5 ({POINTS["design"]} points): the high-level design

    Write `chat_design`, a `Design(...)` in module 7's format, with a path for each of the two flows:

    - **send message**: about {send.peak_rps:,.0f} a second at peak. The message is stored before the
      sender hears "sent" (at-least-once starts from a stored message); handing it to the recipients'
      connections is the asynchronous part - a queue, workers that look up the members, and the servers
      that hold the phones' connections.
    - **sync history**: about {sync.peak_rps:,.0f} a second at peak (a course assumption: 20 syncs per
      user a day - opening a conversation, coming back online).

    Targets: {send.availability:.2%} available, and {send.latency_ms:g} ms server side for the synchronous
    part of each flow (the rest of the {INTERVIEWER["delivery_latency_p99_ms"]} ms goes to the mobile
    network). The burden allows {design.max_services} services, {design.max_stateful} stateful stores and
    {design.max_async_hops} asynchronous hop.

    **How it is checked:** `check_design(chat_design, get_scenario("chat"))`, module 7's seven criteria.
    Grading adds {design.second_profile} and the loss of one zone.
    """)
    nb.solution("chat_design", DESIGN)
    nb.tests("chat_design_check", _check(
        'check_design(answer("chat_design"), get_scenario("chat"){scope})',
        POINTS["design"], "from autograder.architecture import check_design, get_scenario"),
        points=POINTS["design"], recheck=True)
    nb.md("""
    Your design as a picture (the same drawing as module 7), or nothing while it is not written yet:
    """)
    nb.code('''
    from autograder.architecture import draw, get_scenario

    if "chat_design" in globals() and chat_design is not ...:
        display(draw(chat_design, get_scenario("chat"), title="chat service"))
    ''')

    # -- written answer ---------------------------------------------------------------------------------------------
    # The prompt's lines start at column 0, so the text around it is not indented: indented lines
    # would render as a code block.
    nb.md(f"## Written answer ({WRITTEN.points} points): a group message, in order, once\n\n{WRITTEN.prompt}\n\n"
          "It is marked by hand with the mark scheme under it. When you have written it, save the notebook\n"
          "(Ctrl+S) and use the self-check under the mark scheme.")
    nb.rubric_answer(SLUG, WRITTEN)

    # -- summary ------------------------------------------------------------------------------------------------------
    nb.md("""
    ## Summary

    - A new system needed no new checker: the same five checkers judged it from five data files, one
      per artifact, all reading the interviewer's numbers from one place.
    - In a chat service, sending is the write and delivery is the multiplier: a message is stored once,
      then pushed once per recipient, and the connections of the users online at once are a resource of
      their own.
    - Order belongs to a conversation, not to the whole system; at-least-once delivery is cheap to
      promise and needs an id to show each message once.
    """)
    nb.md(f"""
    ## Sources

    - {XU}, chapter 12 ("Design a chat system"): 50 million daily users, groups of up to 100, text only,
      WebSocket connections for delivery; chapter 2: peak = 2 x average.
    - The Grokking course's 80/20 rule for the cache hit ratio, as in modules 4 and 7.
    - The API shapes: Slack's Web API (`conversations.create`, `chat.postMessage`,
      `conversations.history` with a cursor, https://api.slack.com/methods), Discord's channel messages
      (https://discord.com/developers/docs/resources/message), Matrix's client-server API
      (https://spec.matrix.org/latest/client-server-api/).
    - Every other figure here is a course assumption, stated where it is used.
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
