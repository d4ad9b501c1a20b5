"""Builder of source/05-trade-offs/05-trade-offs.ipynb (run: python authoring/05_trade_offs.py).

Every written answer's points, model answer (the source notebook's solution) and mark scheme
come from ``autograder/rubrics/05-trade-offs.yaml``, the file the self-assessment widget reads:
the instructor grades with exactly the criteria the learner ticked.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

# absolute(), not resolve(): the notebook test runs this file through a symlinked mirror
# of the repository and expects the notebook to be written inside that mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402

SLUG = "05-trade-offs"
RUBRIC = load_rubric(SLUG, ROOT / "autograder" / "rubrics")

XU = "Alex Xu, *System Design Interview - An Insider's Guide* (2020), chapter 8"
RFC9110 = "[RFC 9110, section 15.4](https://www.rfc-editor.org/rfc/rfc9110#section-15.4)"
GROKKING = "*Grokking the System Design Interview* (Design Gurus), the URL shortener chapter"
XU_SHORT = "Xu, chapter 8"  # inline citations; the Sources section gives the full reference

# Why each decision matters, what the options are, and the decision asked for (question id -> markdown).
FRAMING = {
    "redirect_status": f"""
    `GET /{{code}}` answers with a redirect to the long URL. Two status codes do that, and they differ
    in who remembers the answer:

    - **301 Moved Permanently** says the move is for good. A browser may store it even without caching
      headers (the standard calls it *heuristically cacheable*) and go straight to the long URL next
      time, without asking your service.
    - **302 Found** says the move is temporary. A browser does not reuse it unless your response's
      headers allow that.

    Both obey `Cache-Control`, so headers can make a 301 short-lived or a 302 cacheable. Sources:
    {RFC9110}; {XU_SHORT}.
    """,
    "short_code_generation": f"""
    Each new link needs a 7-character base62 code (`0-9`, `a-z`, `A-Z`). Three schemes are common:

    - **Hash** the long URL and keep 7 characters. {XU_SHORT} hashes with CRC32, MD5 or SHA-1 and keeps
      the first 7 characters of the hash; when that code is taken it appends a fixed string to the URL
      and hashes again, and checks for taken codes with a Bloom filter before going to the database.
      (This course's variant encodes the hash in base62 before cutting it to 7 characters.) The same
      URL always gets the same code; different URLs can get the same code, so every write must check
      for a collision and retry.
    - **Counter**: a database sequence (1, 2, 3, ...) encoded in base62. Unique by construction, short,
      but each code is the previous one plus one.
    - **Key-generation service**: a separate service creates random unused keys ahead of time and hands
      them to application servers in batches.

    The cell below works out the size of the key space and how likely a random code is to collide,
    with the figures of {XU_SHORT}: 100 million new links a day, kept for 10 years. (Hash and counter
    schemes: {XU_SHORT}; the key-generation service: the Grokking course, see Sources.)
    """,
    "url_store": f"""
    A link record holds the short code, the long URL, the owner, the creation time and the expiry.
    The requests that touch it:

    - **redirect**: read one record by its code - almost all traffic;
    - **create**: write one record, once;
    - **list my links** and **expire old links**: rare, and not on the user's critical path.

    A relational database (PostgreSQL, MySQL) gives you constraints, transactions, joins and any query
    you like, on one primary that you shard by hand when it is full. A partitioned key-value store
    (DynamoDB, Cassandra) spreads records over many machines by key and makes lookups by that key
    cheap. Other queries need a secondary index - DynamoDB's global and local secondary indexes,
    Cassandra's secondary indexes - and each costs extra writes and, in DynamoDB's global ones, reads
    that lag behind the table. The cell below sizes the data and the read rate with the assumptions of
    {XU_SHORT}. (Many copies of the chapter's storage line print 365 TB for 365 billion records of
    100 bytes; that product is 36.5 TB.)
    """,
    "cache_strategy": """
    Redirects read far more than they write, and a small share of links gets most clicks, so a cache
    (Redis, Memcached) in front of the store pays off. Two ways to keep it filled:

    - **Cache-aside** (lazy loading): on a read, look in the cache; on a miss, read the store and put
      the record in the cache, usually with an expiry time (TTL). Writes go to the store and delete the
      cached entry.
    - **Write-through**: every write goes to the cache and the store together, so everything written is
      already cached when it is first read.

    Either way the cache will fail some day: a node crashes, or a deploy starts it empty. The
    interviewer will ask what happens then.
    """,
    "click_count_consistency": """
    Owners of links see a click count on a dashboard. You can keep it two ways:

    - **Synchronously**: the redirect handler adds one to the link's counter in the database before it
      answers. The count is always exact - and every click waits for a write, and a viral link makes
      its counter row a queue that all writers wait on.
    - **Asynchronously**: the handler records a click event (in a log or queue) and answers at once; a
      separate worker adds events up every so often. Redirects stay fast, and the count is behind by
      that interval - and events in flight can be lost or counted twice unless you design for it.

    This is the classic choice between consistency and latency, in miniature.
    """,
}

# Optional code cells that derive the numbers a framing refers to (never typed into prose).
NUMBERS = {
    "short_code_generation": """
    alphabet_size = 62  # 0-9, a-z, A-Z
    code_length = 7
    key_space = alphabet_size**code_length

    links_per_day = 100_000_000  # Xu, chapter 8
    years_kept = 10
    links_issued = links_per_day * 365 * years_kept

    # A new random code hits one of the n codes already issued with probability about n / key_space.
    collision_chance = links_issued / key_space

    print(f"key space 62^{code_length}:             {key_space:.3g} codes")
    print(f"links issued after {years_kept} years:   {links_issued:.3g}")
    print(f"chance a new random code collides then: {collision_chance:.0%}")
    """,
    "url_store": """
    links_per_day = 100_000_000  # Xu, chapter 8
    years_kept = 10
    bytes_per_link = 100  # Xu's estimate of one record
    reads_per_write = 10  # Xu: a 10:1 read-to-write ratio
    seconds_per_day = 86_400

    storage_tb = links_per_day * 365 * years_kept * bytes_per_link / 1e12
    average_reads_per_second = links_per_day * reads_per_write / seconds_per_day

    print(f"storage after {years_kept} years:  {storage_tb:,.1f} TB (decimal terabytes)")
    print(f"average redirects per second: {average_reads_per_second:,.0f} (peaks are several times higher)")
    """,
}

WORKED_WEAK = "Custom aliases are a nice feature and users like them, so we should support them."
WORKED_STRONG = """\
I would allow custom aliases, but only for signed-in users, because the business requirement is
branded links for paying customers. Instead of a separate table, aliases live in the same key space
as generated codes, so a generated code can never equal an alias: the key-generation service skips
any key already taken. The cost is a uniqueness check on every alias write and a new abuse risk
(people squatting on brand names), which we handle with a reserved-word list and rate limits.
If the alias check fails because the store is unavailable, we reject the request with a retry
message rather than risk handing out a duplicate."""


def build() -> Notebook:
    nb = Notebook(SLUG)
    total = RUBRIC.points
    nb.md(f"""
    # Module 5: Trade-offs, in writing

    A system design round is a decision-making exercise. There is rarely one correct design: every
    choice buys something (speed, simplicity, freedom to change later) and pays for it with something
    else (latency, reliability, complexity, cost, room to grow). Interviewers are not waiting for a
    particular box on the whiteboard. They listen for *why* you chose it, *what else* you weighed, *what
    you accepted* in exchange, and *what happens when it breaks*.

    That is prose, and no machine should score it. In this module you write five short decisions about
    the URL shortener, each graded by hand ({total:g} points in all), and you check each one yourself
    against the same rubric your instructor will use.

    **Time:** about 90 minutes - about 15 to read, 75 for the exercises (the five written answers with
    their self-checks, 15 + 15 + 15 + 15 + 15). Each decision stands alone, so the module splits well over two sittings.
    """)
    nb.md("""
    ## How this module works

    Each section has the same four parts:

    1. **The situation**: a short framing and the decision to make, with the numbers where they matter.
    2. **Your answer**: a markdown cell that says *YOUR ANSWER HERE*. The question lists what the
       answer must do, one item per line of the mark scheme, and its length (100-200 words). Double-click
       the cell, replace the text with your answer, press Shift+Enter to render it, and save the notebook
       (Ctrl+S).
    3. **How it is marked**: the rubric, criterion by criterion. Your instructor grades your answer by
       hand with exactly this table.
    4. **The self-check**: the same criteria as checkboxes. Tick the ones your answer really meets, say
       how sure you are if you like, and click **Save my self-assessment**. Then you see your
       self-assessed score, a model answer and what a strong answer adds.

    Your self-checks are saved in `05-trade-offs.self-assessment.json`, in the same folder as this
    notebook, only when you click Save. The file travels with your notebook when you submit it, so your
    instructor can compare your view with theirs. It is never your grade. Saving again updates it.

    The self-check also has a **Look for gaps in my answer** button. It reads your answer from the
    notebook as last saved (so save first) and points out, by plain word matching, whether it seems to
    name an alternative, a cost and a failure case. It is a suggestion, never a score, and it can be
    fooled in both directions.
    """)

    nb.md("""
    ## Worked example: the shape of a trade-off answer

    Decision: *should users be able to choose their own short code (a custom alias)?* A weak answer
    states a preference:

    > Custom aliases are a nice feature and users like them, so we should support them.

    A strong answer makes the decision and then earns it, in four moves:

    1. **A decision, tied to a requirement:** "I would allow custom aliases, but only for signed-in
       users, because the business requirement is branded links for paying customers."
    2. **The alternative weighed:** "Instead of a separate table, aliases live in the same key space as
       generated codes, so a generated code can never equal an alias: the key-generation service skips
       any key already taken."
    3. **The cost accepted:** "The cost is a uniqueness check on every alias write and a new abuse risk
       (people squatting on brand names), which we handle with a reserved-word list and rate limits."
    4. **A failure mode:** "If the alias check fails because the store is unavailable, we reject the
       request with a retry message rather than risk handing out a duplicate."

    Then it stops: no paragraph on things nobody asked about. The cell below runs the ungraded
    hint on both answers, the same check the **Look for gaps** button runs on yours.
    """)
    nb.code(
        "from autograder.rubric import hint\n\n"
        f'weak_answer = "{WORKED_WEAK}"\n'
        f'strong_answer = """\\\n{WORKED_STRONG}\n"""\n\n'
        'for name, text in [("weak answer", weak_answer), ("strong answer", strong_answer)]:\n'
        '    print(f"{name}:")\n'
        '    for suggestion in hint(text) or ["no gaps spotted"]:\n'
        '        print("  -", suggestion)'
    )

    for number, (qid, question) in enumerate(RUBRIC.questions.items(), start=1):
        framing = textwrap.dedent(FRAMING[qid]).strip()
        # The prompt comes from the rubric and lists exactly what its criteria score, one point per
        # line (tests/test_content.py holds the two together); nothing here may ask for more.
        task = (
            f"**The decision.** {question.prompt}\n\n"
            f"**Write** your answer in the cell below ({_points(question.points)}, graded by hand; each "
            "item of the list is one line of the mark scheme). Save the notebook, then use the self-check "
            "under the mark scheme."
        )
        if qid in NUMBERS:
            nb.locked_md(f"{qid}_situation", f"## {number}. {question.title}\n\n{framing}")
            nb.code(NUMBERS[qid])
            nb.locked_md(f"{qid}_decision", task)
        else:
            nb.locked_md(f"{qid}_situation", f"## {number}. {question.title}\n\n{framing}\n\n{task}")
        nb.rubric_answer(SLUG, question)

    nb.md(
        """
    ## Summary

    - A design decision is only as good as its reasons: name the requirement it serves, the option you
      turned down, the cost you accept and what happens when a part fails.
    - Redirects: 301 lets browsers remember and skip you; 302 keeps every click on your servers. Choose
      by what you need to see and control, and remember that `Cache-Control` shapes both.
    - Short codes: hashes collide and need a check, counters are predictable, a key service is one more
      thing to run. The key space and the collision odds are arithmetic, not guesses.
    - Storage follows the access pattern: point lookups by key at tens of terabytes suit a partitioned
      key-value store, whose secondary indexes cost extra writes; rich queries and constraints at
      modest size suit SQL.
    - Caches fail: plan for the moment every read reaches the database at once, and for stale entries.
    - Exact counts on the hot path cost latency; counts that lag cost freshness and need a plan for
      lost and duplicated events. The product decides which is acceptable.

    ## Sources

    - Redirect status codes and their caching: """
        + RFC9110
        + """.
    - URL shortener figures (100 million links a day, 10 years, 100 bytes a record, 10:1 reads to
      writes), 301 vs 302 and hash vs counter: """
        + XU
        + """.
    - Key-generation service: """
        + GROKKING
        + """.
    - Secondary indexes and read consistency in key-value stores: Amazon DynamoDB Developer Guide,
      [secondary indexes](https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/SecondaryIndexes.html)
      and [read consistency](https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html)
      (`ConsistentRead`); Apache Cassandra documentation,
      [storage-attached indexing](https://cassandra.apache.org/doc/latest/cassandra/developing/cql/indexing/sai/sai-overview.html)
      and [tunable consistency](https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html)
      (Cassandra has no leader: QUORUM reads and writes overlap on at least one replica).
    """
    )
    return nb


def _points(points: float) -> str:
    return f"{points:g} point" + ("" if points == 1 else "s")


def main() -> None:
    path = build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
