"""Builder of source/06-coding-sketches/06-coding-sketches.ipynb (run: python authoring/06_coding_sketches.py).

Three short coding sketches - base62 codes, a token-bucket rate limiter with an injected
clock, a consistent-hashing ring - each checked by ``autograder.sketches``: the visible
example checks while the learner works; at grading the same checks with the same weights
plus hidden property-based tests (hypothesis). Each exercise's table of what is graded is
written from the checker's own lists (``VISIBLE``, ``HIDDEN``), so the text cannot drift
from the checks. The written
answer's points, model answer and mark scheme come from
``autograder/rubrics/06-coding-sketches.yaml``, the file the self-assessment widget reads.
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
from autograder.sketches import base62, hash_ring, token_bucket  # noqa: E402
from autograder.sketches._checks import weights  # noqa: E402
from autograder.sketches.hash_ring import LOAD_BOUND, MOVE_TOLERANCE  # noqa: E402

SLUG = "06-coding-sketches"
RUBRIC = load_rubric(SLUG, ROOT / "autograder" / "rubrics")
WRITTEN = "distributed_rate_limit"

BASE62_POINTS = 4
BUCKET_POINTS = 5
RING_POINTS = 5

XU = "Alex Xu, *System Design Interview - An Insider's Guide* (2020)"
PRIMER = (
    "the Pastebin solution of the [System Design Primer]"
    "(https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/pastebin/README.md)"
)
STRIPE = "[Stripe, *Scaling your API with rate limiters* (2017)](https://stripe.com/blog/rate-limiters)"
RFC6585 = "[RFC 6585, section 4](https://www.rfc-editor.org/rfc/rfc6585#section-4)"
RFC9110 = "[RFC 9110, section 10.2.3](https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3)"
RFC4648 = "[RFC 4648](https://www.rfc-editor.org/rfc/rfc4648)"
RATELIMIT_DRAFT = "[IETF draft *RateLimit header fields for HTTP*](https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/)"
KARGER = (
    "D. Karger et al., *Consistent hashing and random trees*, STOC 1997 "
    "([doi:10.1145/258533.258660](https://doi.org/10.1145/258533.258660))"
)
DYNAMO = (
    "G. DeCandia et al., *Dynamo: Amazon's highly available key-value store*, SOSP 2007 "
    "([doi:10.1145/1294261.1294281](https://doi.org/10.1145/1294261.1294281))"
)
HYPOTHESIS = "[Hypothesis](https://hypothesis.readthedocs.io/)"


def _check_cell(checker: str, args: str, points: int) -> str:
    return f'''
    from autograder import answer
    from autograder.sketches import {checker}

    report = {checker}({args})
    ### BEGIN HIDDEN TESTS
    report = {checker}({args}, scope="hidden")
    ### END HIDDEN TESTS
    report.grade({points})
    '''


def _grading_table(checker, points: int) -> str:
    """What grading scores, line by line, from the checker's own lists: the visible checks with the
    weights the learner's check cell uses, then the hidden ones; each line's share of the points."""
    total = weights(checker.VISIBLE) + weights(checker.HIDDEN)
    rows = ["| check (as the report names it) | when | weight | points |", "|---|---|---|---|"]
    for when, checks in (("here and at grading", checker.VISIBLE), ("at grading", checker.HIDDEN)):
        for check in checks:
            rows.append(f"| {check.name} | {when} | {check.weight:g} | {points * check.weight / total:.2f} |")
    return "\n".join(rows)


def _combine(checker, points: int) -> str:
    visible = weights(checker.VISIBLE)
    total = visible + weights(checker.HIDDEN)
    return (f"The check cell below runs the first {len(checker.VISIBLE)} lines. At grading the same cell runs "
            f"those same checks, with the same weights, and then the grading checks; the {points} points are "
            f"shared by weight over all {len(checker.VISIBLE) + len(checker.HIDDEN)} lines (weights add up to "
            f"{total:g}). So an all-green check here is already worth {points * visible / total:.2f} points, "
            "and points can only be lost on the grading lines.")



def _indented(text: str) -> str:
    """``text`` for an f-string inside an indented triple-quoted cell: every line after the first
    gets the cell's four-space margin, so dedenting the cell does not turn the lines into code."""
    return textwrap.indent(text, "    ").lstrip()


def build() -> Notebook:
    nb = Notebook(SLUG)
    question = RUBRIC.questions[WRITTEN]
    total = BASE62_POINTS + BUCKET_POINTS + RING_POINTS + question.points

    # -- opening ---------------------------------------------------------------------------------
    nb.md(f"""
    # Module 6 - When code does appear: three short sketches

    Most of a design round is decisions, not code. Sometimes, though, the interviewer points at one box
    on your diagram and asks: "how would that actually work - can you write it?" What they want then is
    ten or twenty lines that are *right at the edges*, not a production library.

    This module practises three such sketches, all three classic chapters of popular preparation books
    (Xu's *System Design Interview* covers the rate limiter, consistent hashing and the URL shortener's
    base62 codes): turning a number into a short code (**base62**), deciding whether to admit a request
    (**token-bucket rate limiter**), and deciding which server owns a key (**consistent hashing**).
    They are a fair sample of what interviewers ask to see in code, not a survey of how often each comes
    up. It ends with the question that usually
    follows the rate limiter: what changes when there are many servers.

    **Time:** about 110 minutes - about 20 to read, 90 for the exercises (base62 15, token bucket 25,
    hash ring 25, written answer and self-check 25); two sittings suit it well. **Points:** {total:g} ({BASE62_POINTS} + {BUCKET_POINTS} + {RING_POINTS}
    checked automatically, {question.points:g} for a written answer graded by hand).
    """)
    nb.md("""
    ## How this notebook works

    - Run the cells from top to bottom (Shift+Enter).
    - Each sketch has the design reason first, then a worked example, then the exercise: a cell with the
      function or class to complete (delete `raise NotImplementedError()` and write your code there).
    - The grey check cell under each exercise runs a few **example checks** straight away.
    - Grading runs the same example checks, with the same weights, and adds **property-based tests**
      that try hundreds of generated inputs; each exercise's table lists every line and its share of the
      points. The report tells you which property failed and for what input.
    - If your code loops forever or raises, the check says so ("... did not return within 1.5 s") instead
      of hanging; the rest of the notebook still runs and grades.
    """)

    # -- why code, and property tests ------------------------------------------------------------------
    nb.md("""
    ## 1. Why a design round asks for a few lines

    A diagram can hide a lot. "A counter, encoded in base62" sounds finished until someone asks what
    code `0` looks like. "A token bucket per user" sounds finished until someone asks what happens after
    a user has been idle for a week, or when the server's clock is stepped back. A short sketch is the
    quickest way for an interviewer to see whether the box on the whiteboard rests on something you
    could build.

    So the bar for these sketches is different from a coding round. Nobody cares about clever tricks or
    the last microsecond. They care that the edge cases are handled: zero, huge numbers, bad input, time
    that jumps, a server joining or leaving. Those are exactly the cases example-based tests tend to
    miss, which is why this module grades with *properties*.
    """)
    nb.md(f"""
    ### Worked example: a property-based test finds the zero case

    An example test checks one input against one expected output. A **property** states something that
    must hold for *every* input, such as "decoding what you encoded gives back the number", and a tool
    generates many inputs to look for one that breaks it. {HYPOTHESIS} is such a tool for Python; when it
    finds a failing input it shrinks it to the simplest one it can.

    The function below writes a number in binary. It looks fine on every number you would think of
    trying. The property finds the one it gets wrong. (`derandomize=True` makes the run repeat exactly;
    `database=None` keeps it from writing files.)
    """)
    nb.code('''
    from hypothesis import given, settings
    from hypothesis import strategies as st


    def to_binary(n: int) -> str:
        digits = ""
        while n > 0:
            n, bit = divmod(n, 2)
            digits = "01"[bit] + digits
        return digits


    @settings(max_examples=100, derandomize=True, database=None)
    @given(st.integers(min_value=0, max_value=10**6))
    def binary_round_trips(n):
        assert int(to_binary(n), 2) == n


    print("to_binary(6) =", to_binary(6), "  to_binary(1023) =", to_binary(1023))
    try:
        binary_round_trips()
        print("no counterexample found")
    except Exception as error:
        print("Counterexample:", *getattr(error, "__notes__", []), "->", type(error).__name__, error)
    ''')
    nb.md("""
    Hypothesis reports `n=0`: the loop never runs, the function returns an empty string, and `int("", 2)`
    fails. Every sketch below has a case like that. The checks in this notebook run properties like this
    one against your code, with a fixed seed and a bounded number of examples, so the same code always
    gets the same result.
    """)

    # -- base62 -----------------------------------------------------------------------------------------
    nb.md(f"""
    ## 2. Sketch 1: base62 short codes

    A URL shortener needs a short, unique code for each link. A common design takes a unique number (a
    database sequence, or a range handed out by a key service) and writes it in **base 62**: the digits
    `0-9`, `a-z` and `A-Z`. Why those 62 characters?

    - They survive everywhere a link goes: in a path, a query string, an e-mail, a chat message, without
      escaping. Standard base64 ({RFC4648}) adds `+` and `/`, which have meanings in URLs. Its URL-safe
      variant swaps them for `-` and `_`; base62 simply leaves punctuation out, so a code is a single
      "word" that is easy to read out, type and select.
    - They pack a lot into few characters. {XU}, chapter 8, sizes the service at 100 million new links a
      day for 10 years and picks 7 characters. The cell below checks that choice.
    """)
    nb.code('''
    # Xu, System Design Interview, ch. 8: 100 million links a day, kept for 10 years.
    links_per_day = 100_000_000
    years = 10
    links_needed = links_per_day * 365 * years

    for length in (6, 7):
        codes = 62**length
        print(f"{length} characters: 62**{length} = {codes:.3g} codes, {codes / links_needed:.1f}x the links needed")
    print(f"links needed: {links_needed:.3g}")
    ''')
    nb.md(f"""
    Six characters fall short; seven leave about ten times the room needed. With a counter behind it the
    code is unique by construction - no collision check - but it is also predictable: anyone can walk
    the codes one by one. Whether that matters is a design decision worth saying aloud (module 5).

    A warning about copying: {PRIMER} shows base62 as pseudocode that is not valid Python (a `while`
    without its colon) and has no case for zero. Translated line by line, it returns an empty string for
    0 - the bug in the worked example above.
    """)
    nb.md("""
    ### Worked example: writing a number in base 16, by hand

    Writing `n` in any base `b` is repeated division: `divmod(n, b)` gives the last digit as the
    remainder, and the quotient is what is left to write. For 3,054 in base 16:

    | step | n | divmod(n, 16) | digit |
    |---|---|---|---|
    | 1 | 3054 | (190, 14) | `e` |
    | 2 | 190 | (11, 14) | `e` |
    | 3 | 11 | (0, 11) | `b` |

    Digits come out least significant first (`e`, `e`, `b`), so reverse them: 3,054 is `bee` in base 16
    (Python writes it `0xbee`). Reading goes the other way: start from 0 and, for each character left to right, multiply
    by the base and add the digit's value: `((11) * 16 + 14) * 16 + 14 = 3054`. Both are integer
    operations, so they are exact for numbers of any size - `n / 16` would turn big numbers into floats
    and silently lose digits.
    """)
    nb.locked_md("base62_task", f"""
    ### Exercise 1: `encode` and `decode` (4 points)

    In the next cell, complete two functions:

    - `encode(n: int) -> str` writes a non-negative integer in base 62 with the given `ALPHABET`, most
      significant digit first, with no leading zero digits. `encode(0)` is `"0"`; `encode(61)` is `"Z"`;
      `encode(62)` is `"10"`.
    - `decode(code: str) -> int` is its inverse: `decode("10") == 62`.
    - Bad input raises `ValueError`: `encode` of a negative number; `decode` of an empty string or of a
      string with any character outside the alphabet (a space, `-`, `_`, `+`, `ü` ...). That includes
      characters that only *look* like digits or letters: the Arabic-Indic digit `٣`, the fullwidth `３`
      and `Ａ`. Python's `str.isdigit()` and `int()` accept `٣` and `３` as 3, so look each character up in
      your alphabet instead of asking `str` methods.

    **How it is checked and graded** ({BASE62_POINTS} points; you may use another order of the 62
    characters, the checks read it from your `encode`). {_combine(base62, BASE62_POINTS)} Grading tries
    every width boundary (`62**k - 1` and `62**k` up to 40 digits), huge and generated numbers up to
    2**2048, and generated codes up to 26 characters.

    {_indented(_grading_table(base62, BASE62_POINTS))}
    """)
    nb.solution("base62", '''
    import string

    ALPHABET = string.digits + string.ascii_lowercase + string.ascii_uppercase  # 0-9, a-z, A-Z: 62 characters


    def encode(n: int) -> str:
        """The base-62 code of a non-negative integer, most significant digit first."""
        ### BEGIN SOLUTION
        if not isinstance(n, int) or n < 0:
            raise ValueError(f"only non-negative integers have a code, got {n!r}")
        if n == 0:
            return ALPHABET[0]
        digits = []
        while n:
            n, remainder = divmod(n, 62)
            digits.append(ALPHABET[remainder])
        return "".join(reversed(digits))
        ### END SOLUTION


    def decode(code: str) -> int:
        """The integer whose base-62 code is `code`; ValueError for anything else."""
        ### BEGIN SOLUTION
        if not code:
            raise ValueError("an empty string is not a code")
        value = 0
        for char in code:
            value = value * 62 + ALPHABET.index(char)  # str.index raises ValueError for a stray character
        return value
        ### END SOLUTION
    ''')
    nb.tests("base62_check", _check_cell("check_base62", 'answer("encode"), answer("decode")', BASE62_POINTS),
             points=BASE62_POINTS, recheck=True)

    # -- token bucket -----------------------------------------------------------------------------------
    nb.md(f"""
    ## 3. Sketch 2: a token-bucket rate limiter

    A rate limiter protects a service from clients that send too much, whether by mistake or on purpose.
    {XU}, chapter 4, and {STRIPE} describe the usual algorithms:

    | algorithm | keeps | behaviour |
    |---|---|---|
    | fixed window | one counter per client per clock window (e.g. per minute) | simple; at a window edge a client can send a full window's worth twice in a row |
    | sliding log | a timestamp per request | exact, but memory grows with traffic |
    | sliding window counter | two counters, weighted | close to exact, cheap |
    | leaking bucket | a queue drained at a fixed rate | smooth output, requests wait |
    | **token bucket** | a number of tokens and a timestamp | allows short bursts up to a size you choose, and a steady average rate |

    A token bucket has two settings. The **capacity** is the largest burst allowed. The **refill rate**
    is the long-run average, in tokens per second. Each request takes one token; with none left, it is
    refused. Over any stretch of time of length `t`, at most `capacity + refill_rate x t` requests get
    through - a bound a fixed window cannot promise.
    """)
    nb.md("""
    ### Worked example: a fixed window, with a clock you control

    Code that reads the time is awkward to test: real clocks move on their own, and a test that sleeps
    is slow and flaky. So the limiter takes its clock as a parameter - any function returning seconds -
    and a test passes one it moves by hand. In production you pass `time.monotonic`, which never jumps
    when the wall clock is corrected.

    The fixed-window limiter below takes its clock the same way. The run shows its weakness: 10 requests
    just before the window changes and 10 just after all get in, 20 within a hundredth of a second.
    """)
    nb.code('''
    import time


    class ManualClock:
        """A clock for tests: returns whatever `now` was set to."""

        def __init__(self, now: float = 0.0):
            self.now = now

        def __call__(self) -> float:
            return self.now


    class FixedWindowLimiter:
        """At most `limit` requests per aligned window of `window` seconds."""

        def __init__(self, limit: int, window: float, clock=time.monotonic):
            self.limit, self.window, self.clock = limit, window, clock
            self.current_window, self.count = None, 0

        def allow(self) -> bool:
            window_index = int(self.clock() // self.window)
            if window_index != self.current_window:  # a new window: start counting again
                self.current_window, self.count = window_index, 0
            if self.count < self.limit:
                self.count += 1
                return True
            return False


    clock = ManualClock()
    limiter = FixedWindowLimiter(limit=10, window=1.0, clock=clock)
    clock.now = 0.995
    before_edge = sum(limiter.allow() for _ in range(10))
    clock.now = 1.005
    after_edge = sum(limiter.allow() for _ in range(10))
    print(f"admitted {before_edge} at t=0.995 s and {after_edge} at t=1.005 s: "
          f"{before_edge + after_edge} in 0.01 s with a limit of 10 per second")
    ''')
    nb.locked_md("token_bucket_task", f"""
    ### Exercise 2: `TokenBucket` (5 points)

    Complete the class in the next cell:

    - `TokenBucket(capacity, refill_rate, clock)`: `capacity` is a positive int, `refill_rate` tokens per
      second (a positive float), `clock` a function of no arguments returning seconds. A new bucket is
      **full**.
    - `allow() -> bool` first refills from the clock - add `refill_rate x (seconds since the last
      refill)`, never going above `capacity` - then, if at least one whole token is there, takes it and
      returns `True`; otherwise returns `False` and takes nothing.
    - Keep fractions of a token. Do the refill in one step (no loop over seconds), so a bucket idle for
      years answers instantly. If the clock reads *earlier* than last time (clocks do get stepped back),
      add no tokens, take none away - the tokens the bucket held are still there - and do not fail.

    **How it is checked and graded** ({BUCKET_POINTS} points, with a fake clock the checker moves
    itself). {_combine(token_bucket, BUCKET_POINTS)} Grading waits `k / refill_rate` seconds after
    emptying (fractional rates included), idles for up to 3 x 10^12 seconds, sends generated request
    schedules and checks every time window of them against `capacity + refill_rate x` its length, and
    steps the clock back while the bucket is empty, full or in between.

    {_indented(_grading_table(token_bucket, BUCKET_POINTS))}
    """)
    nb.solution("token_bucket", '''
    import time


    class TokenBucket:
        """Admits bursts up to `capacity` and `refill_rate` requests per second on average."""

        def __init__(self, capacity: int, refill_rate: float, clock=time.monotonic):
            ### BEGIN SOLUTION
            self.capacity = capacity
            self.refill_rate = refill_rate
            self.clock = clock
            self.tokens = float(capacity)  # a new bucket is full
            self.last_refill = clock()
            ### END SOLUTION

        def allow(self) -> bool:
            """Take one token if there is one: True when the request may go ahead."""
            ### BEGIN SOLUTION
            now = self.clock()
            elapsed = max(0.0, now - self.last_refill)  # a clock stepped back adds nothing
            self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_rate)
            self.last_refill = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False
            ### END SOLUTION
    ''')
    nb.tests("token_bucket_check", _check_cell("check_token_bucket", 'answer("TokenBucket")', BUCKET_POINTS),
             points=BUCKET_POINTS, recheck=True)
    nb.md("""
    ### See it: your bucket against a fixed window

    The plot sends the same traffic to your `TokenBucket` (capacity 10, 10 tokens a second) and to a
    fixed window of the same average rate (10 per second): a burst of 40 requests around the 1-second
    window edge, then a steady 20 requests a second. Watch the burst: the fixed window lets
    20 through in 0.2 s, the bucket 11 (its bound is 10 + 10 x 0.2 = 12). Afterwards both settle at the same average. (Not graded;
    it draws nothing until your class works.)
    """)
    nb.code('''
    from autograder import answer
    from autograder.sketches import plot_admissions

    plot_admissions(answer("TokenBucket"));
    ''')

    # -- consistent hashing -----------------------------------------------------------------------------
    low_move, high_move = MOVE_TOLERANCE
    low_load, high_load = LOAD_BOUND
    nb.md(f"""
    ## 4. Sketch 3: consistent hashing

    A cache in front of the shortener's database spreads its keys over several cache servers. The
    obvious placement is `hash(key) % number_of_servers`. It balances well, until the number of servers
    changes: then almost every key's remainder changes, almost every key lands on a server that does not
    have it, and the database takes the full load at once.

    **Consistent hashing** ({KARGER}) fixes that. Servers and keys are hashed onto the same circle of
    numbers; a key belongs to the first server point clockwise from it. Adding a server takes over only
    the keys between its point and the previous one, about `K/N` of `K` keys for `N` servers; removing
    one hands its keys to its neighbour and moves nothing else. With one point per server the arcs are
    uneven, so each server gets many points on the circle - **virtual nodes** - which evens out the load
    and spreads a leaving server's keys over many others. Karger et al. already place several copies of
    each cache on the circle; {DYNAMO} made virtual nodes standard practice in storage systems. {XU}, chapter 5, walks through
    the same design.
    """)
    nb.md("""
    ### Worked example: how many keys does modulo placement move?

    The cell below defines `stable_hash`, which the exercise uses too. (Python's built-in `hash()` of a
    string changes from one process to the next, so a placement built on it would not repeat.) Then it
    counts how many of 10,000 keys change server when a cluster grows from 10 to 11 servers with modulo
    placement, and finds a key's place on a circle with `bisect`, the search a ring needs.
    """)
    nb.locked_code("ring_helpers", '''
    import bisect
    import hashlib


    def stable_hash(text: str) -> int:
        """A 64-bit hash of `text` that is the same in every process and on every machine."""
        return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


    keys = [f"item:{i}" for i in range(10_000)]
    moved = sum(stable_hash(k) % 10 != stable_hash(k) % 11 for k in keys)
    print(f"modulo placement, 10 -> 11 servers: {moved:,} of {len(keys):,} keys move ({moved / len(keys):.0%}); "
          f"a ring would move about 1/11 = {1 / 11:.0%}")

    # On a ring, a key belongs to the first point at or after its hash, wrapping around at the end:
    points = sorted([(stable_hash("a"), "a"), (stable_hash("b"), "b"), (stable_hash("c"), "c")])
    hashes = [h for h, _ in points]
    key_hash = stable_hash("item:42")
    index = bisect.bisect_left(hashes, key_hash) % len(points)  # % len wraps past the last point to the first
    print("item:42 belongs to", points[index][1])
    ''')
    nb.locked_md("hash_ring_task", f"""
    ### Exercise 3: `HashRing` (5 points)

    Complete the class in the next cell:

    - `HashRing(nodes, vnodes=100)`: `nodes` is a list of node names (strings); each node gets `vnodes`
      points on the ring, hashed from distinct labels such as `f"{{node}}#{{i}}"` with `stable_hash`.
    - `add_node(node)` puts a node's points on the ring; `remove_node(node)` takes all of them off.
    - `node_for(key) -> str` returns the node owning the first point at or after `stable_hash(key)`,
      wrapping around to the first point after the last one.
    - A key must land on the same node in every process - every server and every kernel placing keys
      the same way - so hash with `stable_hash`, not Python's `hash()`.

    **How it is checked and graded** ({RING_POINTS} points). {_combine(hash_ring, RING_POINTS)} Grading
    adds and removes nodes in generated rings (`vnodes` of 1, 3 and 16; removing a node and adding it
    back must restore the placement); with 100 virtual nodes it adds an 11th node to 10 (between
    {low_move:g}x and {high_move:g}x of K/11 of K = 3,000 keys may move) and measures the load of 10
    nodes (each between {low_load:g}x and {high_load:g}x its fair share of 10,000 keys). Two more lines:
    with one point per node, each node joining a ring of two others must take its keys from the next
    node round the circle, which holds only if keys past the last point wrap around to the first; and
    your ring is built again as another Python process would build it (there, `hash()` of a string
    gives other numbers), and its keys must land on the same nodes.

    {_indented(_grading_table(hash_ring, RING_POINTS))}

    The two tolerances are wide on purpose: with 100 points per node the share of a node varies by about
    10 % around its fair share (one over the square root of the number of points), so a correct ring
    passes with any decent hash, while modulo placement (about 10/11 of keys move) fails by far.
    """)
    nb.solution("hash_ring", '''
    class HashRing:
        """Consistent hashing with virtual nodes: each node owns `vnodes` points on a ring."""

        def __init__(self, nodes=(), vnodes: int = 100):
            ### BEGIN SOLUTION
            self.vnodes = vnodes
            self.points = []  # sorted (hash, node) pairs
            for node in nodes:
                self.add_node(node)
            ### END SOLUTION

        def add_node(self, node: str) -> None:
            ### BEGIN SOLUTION
            for i in range(self.vnodes):
                bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))
            ### END SOLUTION

        def remove_node(self, node: str) -> None:
            ### BEGIN SOLUTION
            self.points = [point for point in self.points if point[1] != node]
            ### END SOLUTION

        def node_for(self, key: str) -> str:
            ### BEGIN SOLUTION
            index = bisect.bisect_left(self.points, (stable_hash(key), "")) % len(self.points)
            return self.points[index][1]
            ### END SOLUTION
    ''')
    nb.tests("hash_ring_check", _check_cell("check_hash_ring", 'answer("HashRing")', RING_POINTS),
             points=RING_POINTS, recheck=True)
    nb.md("""
    ### See it: load per node, with and without virtual nodes

    The plot places 10,000 keys on 10 nodes with your `HashRing`, once with one point per node and once
    with 100. With one point, a node's share is the length of one random arc, and the busiest node often
    carries two to three times its fair share. With 100 points per node the bars even out. (Not graded.)
    """)
    nb.code('''
    from autograder import answer
    from autograder.sketches import plot_ring_load

    plot_ring_load(answer("HashRing"));
    ''')

    # -- written answer ----------------------------------------------------------------------------------
    nb.locked_md(f"{WRITTEN}_situation", f"""
    ## 5. Written answer: {question.title.lower()}

    A working token bucket on one machine is usually where the interviewer raises the stakes.

    **The question.** {_indented(question.prompt)}

    **Write** your answer in the cell below ({question.points:g} points, graded by hand; each item of
    the list is one line of the mark scheme). Save the notebook (Ctrl+S), then use the self-check
    under the mark scheme.

    Facts you may use: an HTTP 429 status means *Too Many Requests* ({RFC6585}); the `Retry-After` header
    tells the client how long to wait ({RFC9110}); the `RateLimit` response headers are still an
    {RATELIMIT_DRAFT}, not a standard. {XU}, chapter 4, and {STRIPE} keep their counters in Redis.
    """)
    nb.rubric_answer(SLUG, question)

    # -- summary ------------------------------------------------------------------------------------------
    nb.md(f"""
    ## Summary

    - When code appears in a design round it is short, and it is judged at the edges: zero, huge values,
      bad input, time that jumps, servers that come and go.
    - Base62 over a unique number gives short, URL-safe, collision-free codes; seven characters cover
      Xu's ten years of links. Use integer arithmetic (`divmod`), handle 0, reject bad input.
    - A token bucket bounds any window to `capacity + refill_rate x t`; a fixed window lets up to twice its
      limit through at an edge. Inject the clock, refill in one step; a clock stepping back adds and takes nothing.
    - Consistent hashing moves about `K/N` keys when a node joins or leaves, where modulo moves almost
      all; virtual nodes even out the load.
    - Across many servers, a limit needs shared state updated atomically, a 429 with `Retry-After`, and a
      plan for when the shared store is slow or down.
    - Property-based tests state what must always hold and search for the input that breaks it.

    ## Sources

    - URL shortener sizing and base62 codes: {XU}, chapter 8. Base62 pseudocode: {PRIMER}.
    - Base64 and its URL-safe alphabet: {RFC4648}.
    - Rate-limiting algorithms and Redis counters: {XU}, chapter 4; {STRIPE}.
    - HTTP 429: {RFC6585}; `Retry-After`: {RFC9110}; {RATELIMIT_DRAFT}.
    - Consistent hashing, with several points per server: {KARGER}; virtual nodes as practised in
      storage systems: {DYNAMO}; {XU}, chapter 5.
    - Property-based testing: {HYPOTHESIS}.
    """)
    return nb


def main() -> None:
    path = build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
