"""Builder of source/08-mock-interview/08-mock-interview.ipynb (run: python authoring/08_mock_interview.py).

A mock interview on a news feed, end to end: requirements as data, then the interviewer's answers,
estimates, API, schema and architecture checked by the course's general checkers on the news-feed
scenarios, a written deep dive and the level rubric. Every figure quoted in the prose is computed
here from the scenario data the checks use (``autograder.requirements.scenarios.newsfeed`` and the
scenarios built on it), and the written answers' prompts, points and mark schemes come from
``autograder/rubrics/08-mock-interview.yaml``.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

# absolute(), not resolve(): the notebook test runs this file through a symlinked mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402
from autograder.architecture import NEWSFEED  # noqa: E402
from autograder.requirements import CRITERIA as REQUIREMENT_CRITERIA  # noqa: E402
from autograder.requirements.scenarios.newsfeed import DERIVED, INTERVIEWER  # noqa: E402
from autograder.requirements.scenarios.newsfeed import SCENARIO as REQUIREMENTS  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402
from autograder.rubric.levels import (  # noqa: E402
    AREA_TITLES,
    AREAS,
    LEVELS,
    MID_ANSWER,
    STAFF_ADDS,
    STAFF_ANSWER,
    level_rubric,
)
from autograder.schema import criteria  # noqa: E402
from autograder.schema.scenarios.newsfeed import SCENARIO as SCHEMA  # noqa: E402
from autograder.timer import RUN_OF_SHOW  # noqa: E402

SLUG = "08-mock-interview"
RUBRIC = load_rubric(SLUG, ROOT / "autograder" / "rubrics")
DEEP_DIVE = RUBRIC.question("fanout_deep_dive")
LEVEL_QUESTIONS = [RUBRIC.question(f"level_{level}") for level in LEVELS]

POINTS = {
    "requirements_check": 4,
    "estimates_check": 4,
    "feed_api_check": 4,
    "schema_constraints_check": 2,
    "schema_queries_check": 3,
    "schema_plans_check": 1,
    "feed_design_check": 4,
}
AUTO_POINTS = sum(POINTS.values())
WRITTEN_POINTS = DEEP_DIVE.points + sum(q.points for q in LEVEL_QUESTIONS)
ESTIMATE_KEYS = ("posts_per_day", "feed_write_qps", "feed_storage", "peak_feed_read_qps", "fanout_workers")

XU = "Alex Xu, *System Design Interview - An Insider's Guide*, vol. 1 (2020)"
DDIA = "Martin Kleppmann, *Designing Data-Intensive Applications*, 1st ed. (2017), chapter 1"
HELLO_LEVELS = ("Hello Interview, \"System Design Interview: what is expected at each level\" "
                "(https://www.hellointerview.com/learn/system-design/in-a-hurry/introduction)")
EXPONENT = "Exponent's system design interview rubric (https://www.tryexponent.com/blog/system-design-interview-rubric)"

REQUIREMENTS_SOLUTION = '''
### BEGIN SOLUTION
requirements = {
    "clarifying_questions": [
        "How many daily active users, and how often does each post and read the feed?",
        "How many followers does a typical account have, and the largest one?",
        "Is the feed ranked, or newest first?",
        "How fresh must the feed be? Must authors see their own posts at once?",
        "Are media, likes, comments and search in scope?",
    ],
    "functional": [
        "Users publish text posts",
        "Users follow and unfollow other users",
        "Users read a home feed of the posts of the people they follow, newest first, page by page",
    ],
    "non_functional": {
        "scale": "150M DAU, 2 posts and 100 feed loads per user per day",
        "read_write": "read-heavy, about 50:1",
        "latency": "feed read p99 < 200 ms, publish p99 < 500 ms",
        "availability": "99.99% for the feed, 99.9% for publishing",
        "consistency": "eventual: a post reaches followers' feeds within 60 s; read-your-writes for the author",
    },
    "out_of_scope": ["images and video", "likes and comments", "search", "ads", "ranking by relevance"],
}
### END SOLUTION
'''

ESTIMATES_SOLUTION = '''
### BEGIN SOLUTION
import math

posts_per_day = a.daily_active_users * a.posts_per_user_per_day / u.day
feed_write_qps = (posts_per_day * a.average_followers).to("1/s")   # fan-out on write: one entry per follower
feed_storage = (feed_write_qps * a.feed_retention * a.feed_entry_size).to("TB")
peak_feed_read_qps = (a.daily_active_users * a.feed_views_per_user_per_day / u.day * a.peak_factor).to("1/s")
fanout_workers = math.ceil((feed_write_qps * a.peak_factor / a.writes_per_worker).to("").magnitude)
### END SOLUTION
'''

API_SOLUTION = '''
### BEGIN SOLUTION
SLOW_DOWN = Response("too many posts; wait and retry", headers=["Retry-After"])
feed_api = [
    Endpoint("POST", "/v1/posts", auth="bearer", body={"text": "str"},
             responses={201: {"post_id": "str", "created_at": "datetime"},
                        400: "the text is empty or too long", 429: SLOW_DOWN}),
    Endpoint("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str", "limit?": "int"},
             responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
    Endpoint("PUT", "/v1/me/following/{user_id}", auth="bearer",
             responses={204: "now following", 404: "no such user"}),
    Endpoint("DELETE", "/v1/me/following/{user_id}", auth="bearer", responses={204: "no longer following"}),
]
### END SOLUTION
'''

DDL_SOLUTION = '''
# feed_ddl: one string of PostgreSQL statements; feed_queries: a dict of the eight queries above.
### BEGIN SOLUTION
feed_ddl = """
CREATE TABLE accounts (
    account_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handle     TEXT NOT NULL UNIQUE
);
CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES accounts (account_id),
    followee_id BIGINT NOT NULL REFERENCES accounts (account_id),
    since       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followee_id)
);
-- the fan-out reads an author's followers: the primary key serves only the other direction
CREATE INDEX follows_by_followee ON follows (followee_id);
CREATE TABLE posts (
    post_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id  BIGINT NOT NULL REFERENCES accounts (account_id),
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX posts_by_author_time ON posts (author_id, created_at DESC, post_id DESC);
"""
feed_queries = {
    "create_user": "INSERT INTO accounts (handle) VALUES (:username) RETURNING account_id",
    "follow": """
        INSERT INTO follows (follower_id, followee_id, since)
        VALUES (:follower_id, :followee_id, coalesce(:created_at, now()))""",
    "unfollow": "DELETE FROM follows WHERE follower_id = :follower_id AND followee_id = :followee_id",
    "publish_post": """
        INSERT INTO posts (author_id, body, created_at) VALUES (:user_id, :body, :created_at)
        RETURNING post_id""",
    "user_posts": """
        SELECT body, created_at FROM posts
        WHERE author_id = :user_id
        ORDER BY created_at DESC, post_id DESC
        LIMIT :limit""",
    "home_timeline": """
        SELECT p.body, p.created_at
        FROM follows f JOIN posts p ON p.author_id = f.followee_id
        WHERE f.follower_id = :user_id
          AND (p.created_at, p.post_id) < (:before, :before_id)
        ORDER BY p.created_at DESC, p.post_id DESC
        LIMIT :limit""",
    "followers": """
        SELECT a.handle FROM follows f JOIN accounts a ON a.account_id = f.follower_id
        WHERE f.followee_id = :user_id""",
    "follower_count": "SELECT count(*) FROM follows WHERE followee_id = :user_id",
}
### END SOLUTION
'''

DESIGN_SOLUTION = '''
from autograder.architecture import Component, Design

### BEGIN SOLUTION
feed_design = Design(
    components=[
        Component("users", "client"),
        Component("lb", "load_balancer", replicas=12, zones=3),
        Component("feed-svc", "service", replicas=150, zones=3),
        Component("post-svc", "service", replicas=6, zones=3),
        Component("graph-svc", "service", replicas=3, zones=3),
        Component("timelines", "redis", replicas=12, zones=3),      # one list of post ids per user
        Component("posts", "cassandra", replicas=60, zones=3),
        Component("graph-db", "postgres", replicas=18, zones=3),    # follows; read for celebrities on each feed load
        Component("fanout-queue", "kafka", replicas=3, zones=3),
        Component("fanout", "worker", replicas=6, zones=3),
    ],
    connections=[
        "users -> lb", "lb -> feed-svc", "lb -> post-svc", "lb -> graph-svc",
        "feed-svc -> timelines", "feed-svc -> posts", "feed-svc -> graph-db",
        "post-svc -> posts", "post-svc -> fanout-queue", "fanout-queue ~> fanout",
        "fanout -> timelines", "fanout -> graph-db", "graph-svc -> graph-db",
    ],
    flows={
        # hybrid: the timeline from the cache, plus the recent posts of the celebrities one follows
        "read home feed": ["users", "lb", "feed-svc", "timelines", "posts", "graph-db"],
        "publish": ["users", "lb", "post-svc", "posts", "fanout-queue", "fanout", "timelines"],
        "follow": ["users", "lb", "graph-svc", "graph-db"],
    },
)
### END SOLUTION
'''


def _schema_check(grade_id: str, group: str) -> str:
    return f'''
    from autograder import answer
    from autograder.schema import check_schema

    report = check_schema(answer("feed_ddl"), answer("feed_queries"), "newsfeed", group="{group}")
    ### BEGIN HIDDEN TESTS
    report = check_schema(answer("feed_ddl"), answer("feed_queries"), "newsfeed", group="{group}", scope="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS[grade_id]})
    '''


def _points(points: float) -> str:
    return f"{points:g} point" + ("" if points == 1 else "s")


def _rows(items) -> str:
    # joined with the builder's indentation so textwrap.dedent in nbbuild keeps the markdown flush left
    return "\n    ".join(items)


def _quote(text: str) -> str:
    return "\n    ".join("> " + line if line else ">" for line in text.strip().splitlines())


def build() -> Notebook:
    nb = Notebook(SLUG)
    # answer keys: hidden from this assignment's grading kernel, used only by re-checked test cells
    nb.hide_at_grading("autograder.schema.scenarios.newsfeed")
    posts_s, reads_s = DERIVED["posts_per_second"], DERIVED["feed_reads_per_second"]
    inserts_s = DERIVED["timeline_inserts_per_second"]
    celebrity = INTERVIEWER["celebrity_followers"]
    minutes = sum(b.minutes for b in RUN_OF_SHOW)

    nb.md(f"""
    # Module 8 - Mock interview: a news feed

    This module is one whole design round, start to finish, on a system you have not designed in this
    course yet. You get a one-line prompt, set the requirements, hear the interviewer's answers, and then
    write each artifact of the round - the estimate, the API, the schema, the high-level design - as code
    that the checkers of modules 2, 3, 4 and 7 judge; the requirements have a checker of their own. A
    written deep dive and a level rubric (what mid, senior and staff engineers are expected to show)
    close it.

    **Time:** about 130 minutes - about 25 to read, 105 for the exercises (10 requirements, 10 estimates,
    10 API, 20 schema, 20 design, 15 deep dive, 20 level evidence and self-checks). A real round is
    {minutes:g} minutes; writing each artifact so that a checker can run it takes longer than saying it.
    Use the timer to practise the pace, and give yourself the rest of the time for the checks. Reading is
    counted from the notebook's length at 200 words a minute; the exercise times are estimates, not yet
    timed with learners.

    **Points:** {AUTO_POINTS} checked automatically, {WRITTEN_POINTS:g} for the written answers (marked by
    hand with the mark schemes shown under them).
    """)
    nb.md(f"""
    ## Why a news feed

    The URL shortener of modules 2-7 has one shape: a write stores one row, and each read fetches that
    one row by its key. A news feed has another:

    - **Read-heavy fan-out.** One post must appear in the home feed of every follower, so one write
      turns into many reads of many feeds. Either the post is copied into each follower's feed when it
      is published (*fan-out on write*) or each feed is assembled from the followed accounts' posts when
      it is read (*fan-out on read*) ({XU}, chapter 11).
    - **A skewed follower graph.** Most accounts have a few followers; a few have millions. Twitter
      delivered a tweet to about {INTERVIEWER["average_followers"]} followers on average, while some
      accounts had over {celebrity / 1e6:.0f} million ({DDIA}). A design that is cheap for the average
      account can be ruinous for the largest one: the *celebrity problem*.

    The same checkers as before judge it. Only the scenario data changes - a new system needs
    descriptions, not new checker code - so what you learned about HTTP semantics, indexes, utilisation
    and single points of failure carries over unchanged.
    """)

    # -- run of show ------------------------------------------------------------------------------------
    box_rows = _rows(f"| {i} | {b.name} | {b.minutes:g} |" for i, b in enumerate(RUN_OF_SHOW, start=1))
    nb.md(f"""
    ## The run of show

    A {minutes:g}-minute round in time boxes. Xu's framework ({XU}, chapter 3) gives a 45-60 minute
    round 3-10 minutes to understand the problem and set its scope, 10-15 for the high-level design,
    10-25 for the deep dive and 3-5 for the wrap-up. This course splits his high-level step into the
    four artifacts it checks (estimate, API, data model, design), which makes that part longer than his
    10-15 minutes:

    | box | what | minutes |
    |---|---|---|
    {box_rows}

    The timer below walks through the boxes. Start it when you start the requirements; it says which
    box you are in and how long is left. It is for practice only: nothing it shows is saved or graded.
    """)
    nb.code('''
    from autograder.timer import run_of_show_timer

    run_of_show_timer()
    ''')

    # -- 1. requirements ---------------------------------------------------------------------------------
    nb.md(f"""
    ## 1. Clarify and set requirements ({POINTS["requirements_check"]} points)

    The prompt, as the interviewer says it:

    > *{NEWSFEED_PROMPT}*

    That is all you get. Before you read on, write down what you would ask and what you would promise,
    as data, in the cell below - a dict `requirements` with four parts:

    - `"clarifying_questions"`: the questions you would ask the interviewer (a list of strings);
    - `"functional"`: what users can do (a list of strings, one requirement each);
    - `"non_functional"`: the qualities the design must have, measurable: a dict from area to target
      such as `{{"latency": "feed read p99 < 200 ms", "availability": "99.99%"}}` (a list of strings
      works too, and quantities may be written `"10K/s"`, `"1e4 QPS"`, `"three nines"`, `"50:1"`);
    - `"out_of_scope"`: what you will deliberately not design today (a list of strings).

    You do not know the interviewer's numbers yet: choose your own. The check judges the shape of
    what you wrote, not whether you guessed the interviewer's figures.

    **How it is checked.** Each line weighs the same:

    {_rows(f"- **{text}**" for key, text in REQUIREMENT_CRITERIA.items() if key != "plausible")}

    Measurable means a number with a unit, and a latency also names its percentile (p99, p95, "at the
    99th percentile"). Coverage means the areas the design will depend on: scale, the read/write mix,
    latency, availability and consistency. The functional requirements must cover the prompt (posting,
    following, reading the feed) and may not also appear in the out-of-scope list. Grading adds one more
    criterion, **{REQUIREMENT_CRITERIA["plausible"]}** (no p99 below a datacenter round trip, no 100%
    availability); `check_requirements(requirements, "newsfeed", scope="hidden")` shows it.
    """)
    nb.solution("requirements", REQUIREMENTS_SOLUTION)
    nb.tests("requirements_check", f'''
    from autograder import answer
    from autograder.requirements import check_requirements

    report = check_requirements(answer("requirements"), "newsfeed")
    ### BEGIN HIDDEN TESTS
    report = check_requirements(answer("requirements"), "newsfeed", scope="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS["requirements_check"]})
    ''', points=POINTS["requirements_check"], recheck=True)

    nb.md("""
    ### The interviewer's answers

    Once your requirements are written and checked, run the next cell: it shows what the interviewer
    answers to the usual questions. From here on **these are the stated assumptions** of the round -
    the estimate, the schema's test data and the design's peak loads below are all computed from them,
    whatever you chose above. Compare them with yours: which question did you not ask?
    """)
    nb.code('''
    from autograder.requirements import interviewer
    from autograder.requirements.scenarios.newsfeed import ANSWERS

    given = interviewer("newsfeed")
    for question, reply in ANSWERS:
        print(f"Q: {question}\\nA: {reply}\\n")
    print(f"Stated: {given['daily_active_users']:,} daily users; {given['posts_per_user_per_day']} posts and "
          f"{given['feed_reads_per_user_per_day']} feed loads per user a day; {given['average_followers']} followers "
          f"on average, {given['celebrity_followers']:,} for the largest accounts; peak = "
          f"{given['peak_factor']} x average; feed p99 {given['feed_latency_p99_ms']} ms, "
          f"{given['feed_availability']:.2%} available; posts reach feeds within {given['feed_staleness_s']} s.")
    ''')

    # -- 2. estimates -------------------------------------------------------------------------------------
    nb.md(f"""
    ## 2. Estimate ({POINTS["estimates_check"]} points)

    The interviewer's answers, as one object `a` with units (module 4's format: read a field as
    `a.average_followers`). The first five come from the answers above; the last three are the course's
    assumptions about a fan-out-on-write feed, stated so everyone computes the same thing: a feed entry
    is a post id and an author id (8 bytes each), entries are kept 30 days, and one fan-out worker
    writes 50,000 entries a second.
    """)
    nb.code('''
    from autograder.estimate import units as u
    from autograder.estimate.scenarios.newsfeed import INTERVIEW_ASSUMPTIONS

    a = INTERVIEW_ASSUMPTIONS
    print("units work as in module 4: a day is", (1 * u.day).to("s"))
    a.table()
    ''')
    nb.md("""
    Assume **fan-out on write** for every account (the deep dive revisits the largest ones). In the cell
    below, define five values, as quantities with units (`3e8 / u.day`, `... .to("TB")`) or as plain
    numbers in the unit given:

    - `posts_per_day`: new posts a day (plain numbers: per day);
    - `feed_write_qps`: feed entries written a second on average - each post is copied into the feed of
      each of its author's followers (per second);
    - `feed_storage`: the storage of the feed entries kept for `a.feed_retention`, one copy (TB);
    - `peak_feed_read_qps`: feed loads a second at peak (per second);
    - `fanout_workers`: how many fan-out workers keep up with the **peak** feed writes, a whole number
      (`math.ceil` rounds up; import `math` first).

    **How it is checked:** each value passes within 25% of the course's value (the worker count: a
    whole number from the need rounded up to a little headroom above it), and a wrong one is told which
    slip it looks like (a missing fan-out, a missing peak factor, a day of storage instead of
    thirty). Values cannot be recomputed for other assumptions, so grading adds no hidden check here.
    """)
    nb.solution("estimates", ESTIMATES_SOLUTION)
    answers = "".join(f'\n        "{k}": answer("{k}"),' for k in ESTIMATE_KEYS)
    nb.tests("estimates_check", f'''
    from autograder import answer
    from autograder.estimate import check_answers
    from autograder.estimate.scenarios.newsfeed import INTERVIEW_SCENARIO

    report = check_answers({{{answers}
    }}, INTERVIEW_SCENARIO)
    report.grade({POINTS["estimates_check"]})
    ''', points=POINTS["estimates_check"], recheck=True)
    nb.md(f"""
    Read what the numbers say before you draw anything. About {posts_s:,.0f} posts a second become about
    {inserts_s:,.0f} feed writes a second once each is copied to {INTERVIEWER["average_followers"]}
    followers, and about {reads_s:,.0f} feed loads a second arrive on average. Reads outnumber posts by
    {INTERVIEWER["read_write_ratio"]} to 1, so a feed load must be cheap - the argument for doing the
    work at write time. One post by an account with {celebrity / 1e6:.0f} million followers is, on its
    own, {celebrity / inserts_s:,.0f} times the whole average second of feed writes: the argument
    against doing it for everyone.
    """)

    # -- 3. API -------------------------------------------------------------------------------------------
    nb.md(f"""
    ## 3. API ({POINTS["feed_api_check"]} points)

    Write the contract in module 2's vocabulary: a list `feed_api` of `Endpoint(method, path, ...)`
    with `body=`, `query=`, `responses=` and `auth=` (`Response(..., headers=[...])` when a response
    needs headers). It must let a signed-in user:

    1. publish a text post;
    2. read their own home feed, page by page;
    3. follow another user (an unknown user gets its own status code);
    4. unfollow a user.

    Paths and names are yours: `POST /v1/me/feed` (Xu's chapter 11), `POST /2/tweets`, `PUT
    /v1/me/following/{{user_id}}` and `POST /v1/follows` are all recognised by what they do.

    **How it is checked:** one line per criterion, each the same weight - among them the status codes of
    each operation, a **cursor** for the feed (the feed changes while it is read, so an offset would
    skip or repeat posts), credentials on every call, a version, and 429 with `Retry-After` for a client
    that posts too fast. Grading plays request sequences against your routes: {SEQUENCES}.
    """)
    nb.md("""
    A reminder of the vocabulary, on another system (a paste service, as in module 2): one endpoint
    that creates, one that reads by id, and a rate limit with its header.
    """)
    nb.code('''
    from autograder.api import Endpoint, Response

    reminder = [
        Endpoint("POST", "/v1/pastes", auth="api_key", body={"content": "str"},
                 responses={201: {"paste_id": "str"}, 400: "content is empty",
                            429: Response("slow down", headers=["Retry-After"])}),
        Endpoint("GET", "/v1/pastes/{paste_id}", responses={200: {"content": "str"}, 404: "no such paste"}),
    ]
    [f"{e.method} {e.path}" for e in reminder]
    ''')
    nb.solution("feed_api", API_SOLUTION)
    nb.tests("feed_api_check", f'''
    from autograder import answer
    from autograder.api import check_contract

    report = check_contract(answer("feed_api"), "news_feed", name="feed_api")
    ### BEGIN HIDDEN TESTS
    report = check_contract(answer("feed_api"), "news_feed", name="feed_api", scope="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS["feed_api_check"]})
    ''', points=POINTS["feed_api_check"], recheck=True)

    # -- 4. data model ------------------------------------------------------------------------------------
    query_rows = _rows(f"| `{name}` | {spec['purpose']} |" for name, spec in SCHEMA["queries"].items())
    groups = {group: criteria("newsfeed", group) for group in ("constraints", "queries", "plans")}
    nb.md(f"""
    ## 4. Data model ({POINTS["schema_constraints_check"] + POINTS["schema_queries_check"]
                         + POINTS["schema_plans_check"]} points)

    As in module 3, write PostgreSQL: `feed_ddl`, a string of statements (tables, keys, indexes), and
    `feed_queries`, a dict of eight queries with named parameters. The checker creates your tables in a
    real PostgreSQL server, stores generated users, follows and posts **through your write queries** and
    calls your read queries. Its data follows the interviewer's answers: about
    {INTERVIEWER["posts_per_user_per_day"]} posts per user a day, text only, and one account followed by
    nearly everyone (the celebrity); some follows are undone after the posts are published.

    | query | does |
    |---|---|
    {query_rows}

    The source of truth is here even if your design keeps timelines in a cache: a fan-out worker reads
    an author's followers from this schema, and a timeline is rebuilt from it when the cache loses one.
    Tables, names and keys are yours. `explain_query(feed_ddl, feed_queries["followers"])` (from
    `autograder.schema`) prints a plan, as in module 3.

    **How it is checked,** in three cells, each criterion the same weight within its cell:

    - *constraints* ({_points(POINTS["schema_constraints_check"])}): {"; ".join(groups["constraints"])};
    - *queries* ({_points(POINTS["schema_queries_check"])}): {"; ".join(groups["queries"])};
    - *plans* ({_points(POINTS["schema_plans_check"])}): {"; ".join(groups["plans"])}.

    Grading adds more users, follows and unfollows, and posts that share a timestamp, which only a unique
    tie-breaker (such as the post's key) orders the same way every time.
    """)
    nb.solution("feed_schema", DDL_SOLUTION)
    for grade_id, group in (("schema_constraints_check", "constraints"), ("schema_queries_check", "queries"),
                            ("schema_plans_check", "plans")):
        nb.tests(grade_id, _schema_check(grade_id, group), points=POINTS[grade_id], recheck=True)

    # -- 5. high-level design -----------------------------------------------------------------------------
    flow_rows = _rows(
        f"| {f.name} | {f.peak_rps:,.0f} | {f.hidden_peak_rps:,.0f} | {f.latency_ms:g} ms | {f.availability:.2%} |"
        for f in NEWSFEED.flows)
    nb.md(f"""
    ## 5. High-level design ({POINTS["feed_design_check"]} points)

    Write the architecture as in module 7: `feed_design = Design(components=[...], connections=[...],
    flows={{...}})`. The scenario's three flows and their peaks come from the interviewer's answers
    (peak = {INTERVIEWER["peak_factor"]} x average; grading's second profile uses
    {INTERVIEWER["hidden_peak_factor"]} x):

    | flow | peak requests/s | second profile | server-side latency | availability |
    |---|---|---|---|---|
    {flow_rows}

    Fan-out on write fits the model like this: the publish flow stores the post and writes to a queue;
    after the queue, workers (asynchronous, off the critical path) read the followers and push the post
    into timeline caches; the feed read takes the timeline from the cache. Fan-out on read assembles the
    feed from the posts store behind a cache instead. Either can pass.

    **How it is checked:** the seven criteria of module 7 (form, flows, utilisation at peak, single
    points of failure, latency, availability, operational burden: at most {NEWSFEED.max_services}
    services, {NEWSFEED.max_stateful} stateful stores and {NEWSFEED.max_async_hops} asynchronous hop),
    each the same weight. Grading adds two: {NEWSFEED.second_profile}, and the loss of one zone.
    Run `check_design(feed_design, NEWSFEED, scope="hidden")` to see them.
    """)
    nb.solution("feed_design", DESIGN_SOLUTION)
    nb.tests("feed_design_check", f'''
    from autograder import answer
    from autograder.architecture import NEWSFEED, check_design

    report = check_design(answer("feed_design"), NEWSFEED)
    ### BEGIN HIDDEN TESTS
    report = check_design(answer("feed_design"), NEWSFEED, scope="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS["feed_design_check"]})
    ''', points=POINTS["feed_design_check"], recheck=True)
    nb.md("Your design as a picture (not graded); it shows an example design until yours is written.")
    nb.code('''
    from autograder.architecture import NEWSFEED, draw

    # Component and Design come from the answer cell's first line
    example = Design(
        components=[Component("users", "client"), Component("lb", "load_balancer", replicas=2, zones=2),
                    Component("api", "service", replicas=4, zones=2), Component("db", "postgres", replicas=2, zones=2)],
        connections=["users -> lb -> api -> db"],
        flows={"read home feed": "users -> lb -> api -> db", "publish": "users -> lb -> api -> db",
               "follow": "users -> lb -> api -> db"},
    )
    mine = globals().get("feed_design")
    draw(mine if isinstance(mine, Design) else example, NEWSFEED, title="news feed")
    ''')

    # -- 6. deep dive -------------------------------------------------------------------------------------
    framing = textwrap.dedent(f"""
    ## 6. Deep dive: the celebrity problem ({_points(DEEP_DIVE.points)})

    The interviewer picks the hard part: *"One of your users has {celebrity / 1e6:.0f} million followers.
    Walk me through what happens when they post."* Your estimate above has the numbers you need: the
    average second carries about {inserts_s:,.0f} feed writes, and the stated staleness target is
    {INTERVIEWER["feed_staleness_s"]} seconds. Xu's chapter 11 and {DDIA} both describe the usual answer
    and what it costs; make the case from your own numbers.
    """).strip()
    # The prompt comes from the rubric and lists exactly what its criteria score (tests/test_content.py).
    nb.locked_md("fanout_deep_dive_situation", (
        f"{framing}\n\n**The question.** {DEEP_DIVE.prompt}\n\n"
        f"**Write** your answer in the cell below ({_points(DEEP_DIVE.points)}, graded by hand; each item of the "
        "list is one line of the mark scheme). Save the notebook, then use the self-check under the mark scheme."))
    nb.rubric_answer(SLUG, DEEP_DIVE)

    # -- 7. wrap-up: the level rubric ----------------------------------------------------------------------
    table = level_rubric(RUBRIC)
    level_rows = _rows(f"| {AREA_TITLES[area]} | " + " | ".join(table[level][area] for level in LEVELS) + " |"
                       for area in AREAS)
    nb.md(f"""
    ## 7. Wrap-up: the same round at three levels

    The same round is judged differently by level. The table says what each level is expected to show,
    area by area, in this course's words, after {HELLO_LEVELS}, Xu's chapter 3 and {EXPONENT}:

    | area | mid | senior | staff |
    |---|---|---|---|
    {level_rows}

    ### The same prompt, answered at two levels

    A mid-level answer: a design that works, with the numbers right.

    {_quote(MID_ANSWER)}

    A staff-level answer keeps all of it and adds {", ".join(STAFF_ADDS[:-1])} and {STAFF_ADDS[-1]}:

    {_quote(STAFF_ANSWER[len(MID_ANSWER):])}

    Nothing in the staff answer replaces the mid-level design: the higher levels add judgement on top
    of a working design, not instead of it.
    """)
    nb.md(f"""
    ### Your evidence, level by level ({sum(q.points for q in LEVEL_QUESTIONS):g} points)

    For each level, write what in *your* round shows each area, and tick in the self-check what it
    really shows. Your instructor marks these three answers with the same criteria (the mark scheme
    under each). Expect fewer ticks as the level rises: a strong mid-level round that shows little
    staff-level judgement is an honest result, and the chart at the end shows where to grow.
    """)
    for question in LEVEL_QUESTIONS:
        level = question.id.removeprefix("level_")
        nb.locked_md(f"{question.id}_situation", (
            f"#### {question.title} ({_points(question.points)})\n\n**The question.** {question.prompt}\n\n"
            f"**Write** your evidence in the cell below ({_points(question.points)}, graded by hand: one line of "
            f"the mark scheme per area, at the {level} level). Save the notebook, then use the self-check."))
        nb.rubric_answer(SLUG, question)

    nb.md("""
    ### Your self-assessment by level and area

    The chart reads the self-checks you saved above (`08-mock-interview.self-assessment.json`, next to
    this notebook): a green cell is an area you ticked at that level. Run it again after each save. It is
    not graded; compare it with your instructor's marks when they come back.
    """)
    nb.code('''
    import io

    from IPython.display import Image

    from autograder.rubric import read_self_assessments, save_path
    from autograder.rubric.levels import level_chart

    try:
        saved = read_self_assessments(save_path("08-mock-interview"))
    except (OSError, ValueError) as error:  # a damaged file: the chart shows nothing assessed
        print("could not read your self-assessments:", error)
        saved = {}
    png = io.BytesIO()
    level_chart(saved).savefig(png, format="png")
    Image(png.getvalue())
    ''')

    # -- summary ------------------------------------------------------------------------------------------
    nb.md(f"""
    ## Summary

    - A design round is a sequence of artifacts, each built on the one before: requirements with
      numbers, an estimate from the stated assumptions, an API, a schema that serves its access
      patterns, and a design checked against peak load and failure.
    - Ask before you design. The fan-out depends on the follower counts and the freshness target; a
      round that never asks for them cannot justify its central choice.
    - A news feed's shape is fan-out: {INTERVIEWER["read_write_ratio"]} reads per post argue for doing
      the work at write time, and a few accounts with millions of followers argue against doing it for
      everyone. The usual answer is a hybrid, and its threshold comes from the numbers.
    - The level of a round is in what it adds on top of a working design: a senior round makes the
      choices from the figures and finds the hard part; a staff round prices it, plans how it evolves,
      and says who runs it.

    ## Sources

    - {XU}: chapter 2 (the Twitter-style estimate: 150 million daily users, 2 posts each a day,
      peak = 2 x average), chapter 3 (the framework and its timing), chapter 11 (design a news feed
      system: fan-out on write, on read and the hybrid).
    - {DDIA}: Twitter's home timelines in 2012 (about {INTERVIEWER["average_followers"]} followers per
      tweet on average, some accounts with over {celebrity / 1e6:.0f} million).
    - What each level is expected to show: {HELLO_LEVELS}; {EXPONENT}.
    - The course's own assumptions are marked where they are used: 100 feed loads per user a day, the
      latency, availability and staleness targets (stated by the interviewer, as in a real round), and
      the feed-entry size, retention and worker rate of the estimate.
    """)
    return nb


NEWSFEED_PROMPT = REQUIREMENTS["prompt"]


def _sequences() -> str:
    from autograder.api.scenarios import SCENARIOS

    names = [s.check.removeprefix("scenario: ") for s in SCENARIOS["news_feed"].sequences]
    return "; ".join(names)


SEQUENCES = _sequences()


def main() -> None:
    path = build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
