"""Builder of source/03-data-models/03-data-models.ipynb (run: python authoring/03_data_models.py).

The "how it is checked" tables come from ``autograder.schema`` (criteria names, normalisation
rules) and the written answer's points, model answer and mark scheme from
``autograder/rubrics/03-data-models.yaml``, so the notebook describes what the checkers and the
instructor actually use.
"""

from __future__ import annotations

import sys
from pathlib import Path

# absolute(), not resolve(): the notebook test may run this file through a symlinked mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402
from autograder.schema import CONSTRAINTS, PLANS, QUERIES, RULES  # noqa: E402

SLUG = "03-data-models"
RUBRIC = load_rubric(SLUG, ROOT / "autograder" / "rubrics")
WRITTEN = RUBRIC.question("two_workloads")

POINTS = {"schema_constraints_check": 3, "schema_queries_check": 4, "schema_plans_check": 3, "kv_design_check": 2}
AUTO_POINTS = sum(POINTS.values())

XU = "Alex Xu, *System Design Interview - An Insider's Guide* (2020), chapter 8"
PRIMER_PASTEBIN = (
    "https://github.com/donnemartin/system-design-primer/blob/master/"
    "solutions/system_design/pastebin/README.md"
)
SQLITE_EQP = "https://www.sqlite.org/eqp.html"
SQLITE_QUERYPLANNER = "https://www.sqlite.org/queryplanner.html"
SQLITE_FK = "https://www.sqlite.org/foreignkeys.html"
SQLITE_TYPES = "https://www.sqlite.org/datatype3.html"
SQLGLOT = "https://github.com/tobymao/sqlglot"
PG_INDEXES = "https://www.postgresql.org/docs/current/indexes-intro.html"
REDIS_EXPIRE = "https://redis.io/docs/latest/commands/expire/"

DDL_SOLUTION = '''
# shortener_ddl: one string of CREATE TABLE / CREATE INDEX statements (PostgreSQL flavour).
# Replace the two lines below with it.
### BEGIN SOLUTION
shortener_ddl = """
CREATE TABLE users (
    id         BIGSERIAL PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE links (
    id         BIGSERIAL PRIMARY KEY,
    code       VARCHAR(10) NOT NULL UNIQUE,          -- the redirect's lookup key
    long_url   TEXT NOT NULL,
    user_id    BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ
);
CREATE INDEX links_by_user ON links (user_id, created_at DESC);

CREATE TABLE clicks (
    id         BIGSERIAL PRIMARY KEY,
    link_id    BIGINT NOT NULL REFERENCES links(id),
    clicked_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    referrer   TEXT
);
CREATE INDEX clicks_by_link ON clicks (link_id, clicked_at);
"""
### END SOLUTION
'''

QUERIES_SOLUTION = '''
# shortener_queries: a dict with the four queries "redirect", "create_link", "user_links",
# "clicks_per_day", each one SQL string with named parameters (:code, :user_id, ...).
# Replace the two lines below with it.
### BEGIN SOLUTION
shortener_queries = {
    "redirect": "SELECT long_url FROM links WHERE code = :code",
    "create_link": "INSERT INTO links (code, long_url, user_id) VALUES (:code, :long_url, :user_id)",
    "user_links": """
        SELECT code, long_url, created_at FROM links
        WHERE user_id = :user_id
        ORDER BY created_at DESC""",
    "clicks_per_day": """
        SELECT date_trunc('day', c.clicked_at) AS day, count(*) AS clicks
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
    "ttl_seconds": None,               # links live until deleted; an expiring link would set one
    "single_get_serves": ["redirect"],
}
### END SOLUTION
'''

CRITERIA_TEXT = {
    CONSTRAINTS[0]: "a second link with an existing code is refused (the code is the PRIMARY KEY or UNIQUE)",
    CONSTRAINTS[1]: "a link whose long URL is NULL is refused (NOT NULL)",
    CONSTRAINTS[2]: "a click for a link that does not exist is refused (a FOREIGN KEY to the links table)",
    QUERIES[0]: "`redirect` returns the link's long URL for each sampled code, and no row for an unknown code",
    QUERIES[1]: "`create_link` inserts a link that can then be found by its code",
    QUERIES[2]: "`user_links` returns exactly that user's links, newest first",
    QUERIES[3]: "`clicks_per_day` returns one row per calendar day with that link's click count",
    PLANS[0]: "`redirect`'s plan SEARCHes the links table by the code (index or primary key)",
    PLANS[1]: "`user_links`' plan SEARCHes the links table by the owner column",
    PLANS[2]: "`clicks_per_day`'s plan SEARCHes the clicks table by its link column",
}


def _table(names) -> str:
    # joined with the builder's indentation so textwrap.dedent in nbbuild keeps the markdown flush left
    return "\n    ".join(f"| {name} | {CRITERIA_TEXT[name]} |" for name in names)


def build() -> Notebook:
    nb = Notebook(SLUG)
    nb.md(f"""
    # Module 3: Data models

    After the API, the next question in a design round is usually "how would you store this?". The
    answer is a schema: which tables, which keys, which indexes - a few lines of SQL. An interviewer
    reads it for two things. Does the database itself protect the data (no two links with the same
    code, no link without a target)? And is each request the design has to serve answered by going
    straight to the right rows, rather than by reading everything?

    In this module your schema does not stay on the whiteboard. You write it the way people write it
    in interviews (PostgreSQL flavour), and the checks run it in a real database, fill it with
    thousands of generated rows and judge what the database does: which inserts it refuses, which
    rows your queries return, and whether it finds them through an index.

    **Time:** 40-60 minutes. **Points:** {AUTO_POINTS} checked automatically, {WRITTEN.points:g} for
    the written answer (marked by hand).

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
    rules = "\n    ".join(f"- {text}" for text in RULES.values())
    nb.md(f"""
    ## 2. How your SQL is run here

    Interview SQL is usually PostgreSQL: `BIGSERIAL`, `TIMESTAMPTZ`, `DEFAULT now()`,
    `CREATE INDEX ON t (col)`. The checks parse it with [sqlglot]({SQLGLOT}), a maintained SQL parser
    and translator, and run it in SQLite - a real database engine that lives inside Python, so every
    check starts from an empty in-memory database and nothing needs installing.

    A plain translation is not quite enough, so the checker applies a few rules of its own:

    {rules}

    Two differences you should know about, because the checker cannot hide them:

    - SQLite [accepts almost any type name]({SQLITE_TYPES}) and does **not** enforce `VARCHAR(n)`
      lengths. Write the lengths you mean - PostgreSQL would enforce them - but the checker tells you it
      could not check them.
    - SQLite enforces [foreign keys]({SQLITE_FK}) only when asked; the checker always asks.

    `to_sqlite` shows you what the checker will run for any SQL you write:
    """)
    nb.code('''
    from autograder.schema import to_sqlite

    print(to_sqlite("""
    CREATE TABLE pastes (
        id         BIGSERIAL PRIMARY KEY,
        paste_key  VARCHAR(8) NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX ON pastes (created_at DESC NULLS LAST);
    """))
    ''')

    # -- 3. worked example ---------------------------------------------------------------------------
    nb.md(f"""
    ## 3. Worked example: reading a query plan

    A different system first, so the exercise stays yours: the paste service from the
    [System Design Primer]({PRIMER_PASTEBIN}). Pastes are read by their key and listed per user.

    Before running a query, a database decides *how* to run it: its query plan. SQLite prints it with
    [`EXPLAIN QUERY PLAN`]({SQLITE_EQP}) (PostgreSQL's `EXPLAIN` is the same idea). Two words matter:

    - **SEARCH** - the database goes straight to the matching rows through an index or the primary
      key, like looking a word up in a dictionary: about log2(n) steps.
    - **SCAN** - it reads every row of the table and throws away the ones that do not match: n steps.

    `explain_query(schema, query)` builds the schema in an empty database and returns the plan.
    Look at the three plans below: lookup by primary key, lookup by a column without an index, and
    the same column once it has one.
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
    print(explain_query(paste_schema, "SELECT body FROM pastes WHERE paste_key = :key"))
    print(explain_query(paste_schema, "SELECT paste_key FROM pastes WHERE owner_id = :owner ORDER BY created_at DESC"))

    with_index = paste_schema + "CREATE INDEX pastes_by_owner ON pastes (owner_id, created_at DESC);"
    print(explain_query(with_index, "SELECT paste_key FROM pastes WHERE owner_id = :owner ORDER BY created_at DESC"))
    ''')
    nb.md(f"""
    Read them like this:

    1. `SEARCH pastes USING INDEX sqlite_autoindex_pastes_1 (paste_key=?)`: the primary key comes
       with an index, so a lookup by key is a search.
    2. `SCAN pastes` then `USE TEMP B-TREE FOR ORDER BY`: no index starts with `owner_id`, so every
       paste is read, and the matches are sorted afterwards.
    3. With an index on `(owner_id, created_at DESC)` it is a SEARCH, and the rows already come out
       in the right order - no sort step.

    An index helps only from its **first** column: an index on `(created_at, owner_id)` would not
    help the second query. And it helps only when the query compares the bare column:
    `WHERE lower(paste_key) = :key` turns the search back into a scan, because the index holds
    `paste_key`, not `lower(paste_key)`. ([How SQLite's planner uses indexes]({SQLITE_QUERYPLANNER});
    [PostgreSQL's introduction to indexes]({PG_INDEXES}) says the same.)
    """)

    # -- 4. why it matters: measured ----------------------------------------------------------------
    nb.md("""
    ## 4. Why the index matters, measured on your machine

    "Log n versus n" becomes concrete when you time it. The cell below builds a links table of
    growing size, once with an index on the code and once without, and times the redirect lookup.
    Both axes are logarithmic: a straight line that climbs one decade per decade of rows means the
    time grows in proportion to the table. This cell is not graded.

    It stops at 100,000 rows so the notebook stays quick. Add `1_000_000` to `sizes` and run it again
    to see a million rows (a few seconds more).
    """)
    nb.code('''
    import matplotlib.pyplot as plt

    from autograder.schema import time_lookups

    sizes = [1_000, 10_000, 100_000]
    with_index = [time_lookups(n, indexed=True) for n in sizes]
    without_index = [time_lookups(n, indexed=False, lookups=50) for n in sizes]

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(sizes, [t * 1e6 for t in without_index], "o-", label="no index: SCAN")
    ax.loglog(sizes, [t * 1e6 for t in with_index], "s-", label="unique index on code: SEARCH")
    ax.set_xlabel("rows in the links table")
    ax.set_ylabel("median time per redirect lookup (microseconds)")
    ax.set_title("Redirect lookup in SQLite, with and without an index")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    plt.show()

    for n, slow, fast in zip(sizes, without_index, with_index, strict=True):
        print(f"{n:>9,} rows: {slow * 1e6:9.1f} us without the index, {fast * 1e6:6.1f} us with it "
              f"({slow / fast:,.0f}x)")
    ''')
    nb.md("""
    Without the index the time grows with the table; with it, it barely moves. At the redirect rates
    computed in section 1 a single scan of a large table per request is far beyond what one machine
    can do - the index is not an optimisation here, it is what makes the design work.
    """)

    # -- 5. the exercise ----------------------------------------------------------------------------
    nb.md(f"""
    ## 5. Exercise: the shortener's tables and queries

    **Write two things.**

    1. `shortener_ddl`: a string of `CREATE TABLE` and `CREATE INDEX` statements for the URL
       shortener and its click analytics. At least a table of **links** (short code, long URL, the
       user who created it, when) and a table of **clicks** (which link, when). A users table is
       welcome. Names, types and key choices are yours - the checker finds your tables and columns
       through your queries.
    2. `shortener_queries`: a dict with four queries, one per access pattern, using these named
       parameters (the checker fills them in):

    | name | does | parameters |
    |---|---|---|
    | `redirect` | returns the long URL for a code (one row; none for an unknown code) | `:code` |
    | `create_link` | inserts a new link | `:code`, `:long_url`, optional `:user_id`, `:created_at`, `:expires_at` |
    | `user_links` | returns a user's links (with their codes or URLs), newest first | `:user_id`, optional `:limit`, `:offset` |
    | `clicks_per_day` | returns one row per day: the day and that link's number of clicks | `:code` |

    The shape of the answer (the dots are yours to fill):

    ```python
    shortener_ddl = \"\"\"
    CREATE TABLE links ( ... );
    CREATE TABLE clicks ( ... );
    CREATE INDEX ... ON ... ( ... );
    \"\"\"
    shortener_queries = {{
        "redirect": "SELECT ... FROM ... WHERE ... = :code",
        "create_link": "INSERT INTO ... ( ... ) VALUES (:code, :long_url, :user_id)",
        "user_links": "SELECT ... WHERE ... = :user_id ORDER BY ...",
        "clicks_per_day": "SELECT date_trunc('day', ...) AS day, count(*) FROM ... WHERE ... = :code GROUP BY 1",
    }}
    ```

    **How it is checked.** The checker builds your schema in an empty SQLite database, loads thousands
    of generated users, links and clicks, then checks ten things in three cells. Each thing runs on a
    fresh copy of the database, so one check cannot disturb another.

    *Constraints* ({POINTS["schema_constraints_check"]} points):

    | check | passes when |
    |---|---|
    {_table(CONSTRAINTS)}

    *Queries* ({POINTS["schema_queries_check"]} points):

    | check | passes when |
    |---|---|
    {_table(QUERIES)}

    *Query plans* ({POINTS["schema_plans_check"]} points):

    | check | passes when |
    |---|---|
    {_table(PLANS)}

    The hidden checks use more rows and a few awkward cases: two codes that differ only in upper and
    lower case (short codes are case-sensitive), a 2,000-character URL with quotes in it, and clicks
    one second either side of midnight.
    """)
    nb.solution("shortener_ddl", DDL_SOLUTION)
    nb.solution("shortener_queries", QUERIES_SOLUTION)
    nb.tests("schema_constraints_check", f'''
    from autograder import answer
    from autograder.schema import check_shortener_constraints

    report = check_shortener_constraints(answer("shortener_ddl"), answer("shortener_queries"))
    ### BEGIN HIDDEN TESTS
    report = check_shortener_constraints(answer("shortener_ddl"), answer("shortener_queries"), scenario="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS["schema_constraints_check"]})
    ''', points=POINTS["schema_constraints_check"], recheck=True)
    nb.tests("schema_queries_check", f'''
    from autograder import answer
    from autograder.schema import check_shortener_queries

    report = check_shortener_queries(answer("shortener_ddl"), answer("shortener_queries"))
    ### BEGIN HIDDEN TESTS
    report = check_shortener_queries(answer("shortener_ddl"), answer("shortener_queries"), scenario="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS["schema_queries_check"]})
    ''', points=POINTS["schema_queries_check"], recheck=True)
    nb.tests("schema_plans_check", f'''
    from autograder import answer
    from autograder.schema import check_shortener_plans

    report = check_shortener_plans(answer("shortener_ddl"), answer("shortener_queries"))
    ### BEGIN HIDDEN TESTS
    report = check_shortener_plans(answer("shortener_ddl"), answer("shortener_queries"), scenario="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS["schema_plans_check"]})
    ''', points=POINTS["schema_plans_check"], recheck=True)
    nb.md("""
    **Stuck on a plan?** Print it. `explain_query` from section 3 works on your own schema and queries:
    """)
    nb.code('''
    from autograder import answer
    from autograder.schema import explain_query

    ddl, queries = answer("shortener_ddl"), answer("shortener_queries")
    if isinstance(ddl, str) and isinstance(queries, dict):
        for name, sql in queries.items():
            print(name, explain_query(ddl, sql, {"code": "abc1234", "user_id": 1}))
    ''')

    # -- 6. key-value --------------------------------------------------------------------------------
    nb.md(f"""
    ## 6. The same mapping as key-value pairs

    A key-value store (Redis, DynamoDB, Cassandra, ...) keeps one thing per key and can answer one
    question fast: "what is stored under this key?". It has no joins, no foreign keys and usually no
    secondary indexes unless you build them yourself as more keys. In exchange it spreads keys over
    many machines easily. Keys can carry a **TTL** (time to live): after that many seconds the store
    deletes them by itself ([Redis `EXPIRE`]({REDIS_EXPIRE})), which suits data that should vanish.

    ### Worked example: pastes as key-value pairs

    The paste service's read is "the paste with this key", so the design is one key per paste:

    | key | value | TTL |
    |---|---|---|
    | `paste:{{paste_key}}` | the body, owner and creation time | the paste's lifetime (e.g. 30 days), so expired pastes disappear without a cleanup job |

    Listing a user's pastes is not answered by that key: it needs a second key per user
    (`user:{{owner_id}}:pastes`, a list of paste keys) that the application keeps up to date on every
    write. Every extra way of reading costs one more structure like that.
    """)
    nb.md(f"""
    ### Exercise: the link mapping as key-value pairs

    **Write** a dict `kv_design` with four entries:

    - `"key"`: a template for the key, with `{{code}}` where the short code goes (e.g. `"url:{{code}}"`);
    - `"value"`: the list of fields stored under the key, chosen from `"code"`, `"long_url"`,
      `"user_id"`, `"created_at"`, `"expires_at"`, `"click_count"`;
    - `"ttl_seconds"`: how long a key lives, in seconds, or `None` for links that never expire;
    - `"single_get_serves"`: which of the four access patterns (`"redirect"`, `"create_link"`,
      `"user_links"`, `"clicks_per_day"`) one GET of that key answers on its own.

    **How it is checked** ({POINTS["kv_design_check"]} points, four equal checks): the key is built from
    the code alone (a redirect knows nothing else); the value holds the long URL; the TTL is a
    positive number of seconds or `None`; and you listed exactly the patterns one GET answers.
    """)
    nb.solution("kv_design", KV_SOLUTION)
    nb.tests("kv_design_check", f'''
    from autograder import answer
    from autograder.schema import check_kv_design

    report = check_kv_design(answer("kv_design"))
    report.grade({POINTS["kv_design_check"]})
    ''', points=POINTS["kv_design_check"], recheck=True)

    # -- 7. written answer ---------------------------------------------------------------------------
    nb.locked_md("two_workloads_situation", f"""
    ## 7. Written answer: one store or two?

    You have seen both shapes now. Relational tables give you constraints, joins and any number of
    indexes for the ways you read; a key-value store gives you one fast way in per key and easy
    spreading over machines, and makes you build every other way of reading yourself.

    **The question.** {WRITTEN.prompt}

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
      that point at real links.
    - Read the plan: SEARCH uses an index, SCAN reads everything. An index helps from its first column
      and only when the query compares the bare column.
    - A key-value design makes the main lookup trivial and every other way of reading a structure you
      maintain yourself.

    ## Sources

    - Traffic assumptions (100 million new links a day, 10 reads per write): {XU}.
    - The paste service: [System Design Primer, "Design Pastebin.com (or Bit.ly)"]({PRIMER_PASTEBIN}).
    - SQLite: [EXPLAIN QUERY PLAN]({SQLITE_EQP}), [the query planner]({SQLITE_QUERYPLANNER}),
      [foreign keys]({SQLITE_FK}), [data types and affinity]({SQLITE_TYPES}).
    - PostgreSQL: [indexes]({PG_INDEXES}). SQL translation: [sqlglot]({SQLGLOT}).
    - Key expiry: [Redis EXPIRE]({REDIS_EXPIRE}).
    """)
    return nb


def main() -> None:
    path = build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
