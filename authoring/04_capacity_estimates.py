"""Builder of source/04-capacity-estimates/04-capacity-estimates.ipynb (run: python authoring/04_capacity_estimates.py).

Figures from sources are named where they appear; every derived figure is computed
in a code cell from ``autograder.estimate`` (the same code the checkers use).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

# absolute(), not resolve(): the notebook test runs this file through a symlinked mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402
from autograder.estimate import SHORTENER, SOURCES, shortener_reference  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402

SLUG = "04-capacity-estimates"

XU = "Alex Xu, *System Design Interview - An Insider's Guide*, vol. 1 (2020)"
PRIMER = f"Donne Martin, *The System Design Primer* ({SOURCES['primer']['url']})"
GROKKING = "*Grokking the System Design Interview* (Design Gurus), URL shortening chapter"
DDIA = "Kleppmann and Riccomini, *Designing Data-Intensive Applications*, 2nd edition (2025)"
REFERENCE = "../../notebooks/reference-numbers.ipynb"

PASTEBIN_POINTS = 3
POINTS = {"qps": 3, "storage": 2, "bandwidth": 2, "cache_and_servers": 2, "keys": 3}
# The written answer's points, model answer and mark scheme come from the rubric file that the
# self-check widget and the marking guide also read.
DECISION = load_rubric(SLUG, ROOT / "autograder" / "rubrics").question("estimate_decision")
WRITTEN_POINTS = DECISION.points

SOLUTION = '''
def estimate(a):
    """Capacity estimate of the URL shortener from the assumptions `a` (see the table above)."""
    # Compute each value from `a`, then return a dict with exactly these keys:
    # return {
    #     "write_qps": ..., "read_qps": ..., "peak_read_qps": ...,
    #     "storage": ..., "storage_replicated": ...,
    #     "ingress": ..., "egress": ...,
    #     "cache_size": ..., "servers": ...,
    #     "key_length": ..., "collision_probability": ..., "needs_uniqueness_check": ...,
    # }
    ### BEGIN SOLUTION
    write_qps = a.new_urls.to("1/s")
    read_qps = write_qps * a.read_write_ratio
    peak_read_qps = read_qps * a.peak_factor

    storage = (a.new_urls * a.retention * a.row_size).to("TB")
    storage_replicated = storage * a.replicas

    ingress = (write_qps * a.request_size).to("Mbit/s")
    egress = (read_qps * a.response_size).to("Mbit/s")

    reads_per_day = (read_qps * u.day).to("dimensionless")
    cache_size = (a.cache_share * reads_per_day * a.row_size).to("GB")
    servers = math.ceil((peak_read_qps / a.server_throughput).to("dimensionless").magnitude)

    codes = (a.new_urls * a.retention).to("dimensionless").magnitude
    key_length = 1
    while a.alphabet**key_length < codes:
        key_length += 1
    collision_probability = codes / a.alphabet**key_length
    needs_uniqueness_check = a.code_scheme in ("random", "hash")
    return {
        "write_qps": write_qps,
        "read_qps": read_qps,
        "peak_read_qps": peak_read_qps,
        "storage": storage,
        "storage_replicated": storage_replicated,
        "ingress": ingress,
        "egress": egress,
        "cache_size": cache_size,
        "servers": servers,
        "key_length": key_length,
        "collision_probability": collision_probability,
        "needs_uniqueness_check": needs_uniqueness_check,
    }
    ### END SOLUTION
'''


def _test(part: str) -> str:
    return f'''
    from autograder import answer
    from autograder.estimate import check_shortener_estimate

    report = check_shortener_estimate(answer("estimate"), part="{part}")
    ### BEGIN HIDDEN TESTS
    report = check_shortener_estimate(answer("estimate"), part="{part}", scope="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS[part]})
    '''



def _indented(text: str) -> str:
    """``text`` for an f-string inside an indented triple-quoted cell: every line after the first
    gets the cell's four-space margin, so dedenting the cell does not turn the lines into code."""
    return textwrap.indent(text, "    ").lstrip()


def build() -> Notebook:
    nb = Notebook(SLUG)
    # answer keys: hidden from this assignment's grading kernel, used only by re-checked test cells
    nb.hide_at_grading("autograder.estimate.scenarios.shortener", "autograder.estimate.scenarios.pastebin")
    # Figures quoted in the prose are computed here, from the same code the checkers use.
    ref = shortener_reference(SHORTENER)
    codes = ref["codes_over_retention"]
    storage_tb = ref["storage"].to("TB").magnitude
    collision = ref["collision_probability"]
    keyspace7 = 62**7
    total_auto = PASTEBIN_POINTS + sum(POINTS.values())

    # -- opening ------------------------------------------------------------------------------------
    nb.md(f"""
    # Module 4 - Capacity estimates, with units

    Somewhere in most design rounds the interviewer asks "how big is this?". The answer is a handful of
    numbers: requests per second, bytes stored, bandwidth, memory for a cache, a key length. None of them
    needs to be exact. Each needs to be the right order of magnitude, in a stated unit, from stated
    assumptions, because some of them decide the design.

    **Time:** about 85 minutes - about 15 to read, 70 for the exercises (Pastebin 10, shortener
    estimate 35, explorer 5, written answer and self-check 20). **You will:** write numbers with units in Python, redo a published
    Pastebin estimate, estimate a URL shortener from stated assumptions (as a function, so it can be
    checked against other assumptions too), explore how the numbers move, and say in a few sentences
    which number changes a design decision.

    **Points:** {total_auto} checked automatically, {WRITTEN_POINTS} for the written answer (marked by hand).
    """)
    nb.md(f"""
    ## How this notebook works

    - Run the cells from top to bottom (Shift+Enter).
    - Each check cell prints one line per quantity: pass, or what is off and the slip that most likely
      explains it ("off by 86,400: per day vs per second?").
    - **Tolerance:** a quantity passes within **25%** of the course's value, unless the exercise says
      otherwise. That leaves room for rounding (86,400 s to 10^5 s, a year to 365 days), not for a wrong
      step. The written answer is marked by hand with the mark scheme shown beside it.
    - Base rates (latencies, powers of two, availability) are in the reference notebook
      [`notebooks/reference-numbers.ipynb`]({REFERENCE}).
    """)

    # -- units ----------------------------------------------------------------------------------------
    nb.md("""
    ## 1. Numbers with units

    Most estimation mistakes are unit mistakes: a per-day count used as a per-second rate, bits read as
    bytes, terabytes (10^12 bytes) mixed with tebibytes (2^40 bytes). Writing units in code catches them,
    because the arithmetic carries the unit along and converting to a wrong dimension is an error.

    This course uses [pint](https://pint.readthedocs.io/), a maintained units library, through one
    registry you import explicitly under a short name. In it, data has its own dimension: a byte is not
    a plain number, so "terabytes where requests per second were asked" is caught.
    """)
    nb.code('''
    import math

    from autograder.estimate import units as u

    seconds_per_day = (1 * u.day).to("s")
    print("one day:", seconds_per_day)
    print("100 million a day is", (100e6 / u.day).to("1/s"))
    print("36.5 TB is", (36.5 * u.TB).to("TiB"), "- binary units are about 10% smaller at this scale")
    print("a 1 Gbit/s link moves", (1 * u.Gbit / u.s).to("MB/s"))
    print("parsed from text:", u("4.6 Mbit/s"))
    print("servers come whole: math.ceil(4.2) =", math.ceil(4.2))
    ''')
    nb.md("""
    What to remember from that cell:

    - `100e6 / u.day` is a rate; `.to("1/s")` turns it into one per second. No manual 86,400 needed.
    - `u.B` is a byte, `u.bit` a bit; `u.kB`/`u.KB`, `u.MB`, `u.GB`, `u.TB`, `u.PB` are decimal (powers of
      1,000); `u.KiB` ... `u.PiB` are binary (powers of 1,024).
    - `u.year` is 365.25 days and `u.month` a twelfth of that: fine for estimates.
    - Plain numbers are accepted too, wherever an exercise names the unit ("in TB", "per second").
    - `quantity.magnitude` is the bare number; `(rate * u.day).to("dimensionless")` turns a rate times a
      duration into a plain count.
    """)

    # -- worked example -----------------------------------------------------------------------------
    nb.md(f"""
    ## 2. Worked example: a Twitter-like service

    {XU}, chapter 2, estimates a Twitter-like service from these assumptions: **150 million daily
    active users**, **2 posts per user per day**, **peak = 2 x average**, **10% of posts carry 1 MB of
    media**, media **kept for 5 years**. The cell below turns them into numbers; every figure after the
    assumptions is computed.
    """)
    nb.code('''
    daily_active_users = 150e6      # Xu, ch. 2
    posts_per_user_per_day = 2      # Xu, ch. 2
    peak_factor = 2                 # Xu, ch. 2
    media_share, media_size = 0.10, 1 * u.MB   # Xu, ch. 2
    retention = 5 * u.year          # Xu, ch. 2

    post_rate = (daily_active_users * posts_per_user_per_day / u.day).to("1/s")
    peak_post_rate = post_rate * peak_factor
    media_per_day = (post_rate * media_share * media_size * u.day).to("TB")
    media_total = (post_rate * media_share * media_size * retention).to("PB")

    print(f"average posts:   {post_rate:,.0f~P}")
    print(f"peak posts:      {peak_post_rate:,.0f~P}")
    print(f"media per day:   {media_per_day:.1f~P}")
    print(f"media, 5 years:  {media_total:.1f~P}")
    ''')
    nb.md(f"""
    Xu rounds these to about 3,500 posts a second, 7,000 at peak, 30 TB of media a day and about 55 PB
    over five years. Note the pattern: **rate = count / time**, **total = rate x time x size**, and the
    units work out on their own.

    ### How big is "peak"?

    The peak factor is an assumption, and sources differ: Xu uses 2; many study notes use 3 to 5; real
    services can spike far higher. In a case study, {DDIA} *assumes* about 5,800 posts a second on
    average (5,700 in its first printing) with spikes near 150,000 a second, figures it derives from
    numbers Twitter published in 2013 - a stated assumption, not a measurement the book reports. An
    exercise has to say which factor it expects, and so should you in an interview.
    """)
    nb.code('''
    from autograder.estimate.facts import DDIA_PEAK  # DDIA 2nd ed.'s stated assumptions, posts per second

    average_posts, spike_posts = DDIA_PEAK["average_posts_per_second"], DDIA_PEAK["spike_posts_per_second"]
    print(f"that spike is {spike_posts / average_posts:.0f} x the average")
    ''')

    # -- exercise 1 -------------------------------------------------------------------------------------
    nb.md(f"""
    ## Exercise 1 (warm-up, {PASTEBIN_POINTS} points): Pastebin

    The Pastebin exercise of {PRIMER} assumes **10 million new pastes a month**,
    **100 million paste reads a month**, **1.27 KB per paste** and that pastes are **kept 3 years**.

    In the next cell, delete `raise NotImplementedError()` and define three variables:

    - `paste_write_qps`: average new pastes per second;
    - `paste_read_qps`: average paste reads per second;
    - `paste_storage`: storage of 3 years of pastes, one copy.

    Write each as a quantity (`10e6 / u.month`, `... * u.KB`) or as a plain number per second / in GB.
    Each is worth 1 point and passes within 25% of the course's value.
    """)
    nb.solution("pastebin", '''
    ### BEGIN SOLUTION
    paste_write_qps = (10e6 / u.month).to("1/s")
    paste_read_qps = (100e6 / u.month).to("1/s")
    paste_storage = (10e6 / u.month * 3 * u.year * 1.27 * u.KB).to("GB")
    ### END SOLUTION
    ''')
    nb.tests("pastebin_check", f'''
    from autograder import answer
    from autograder.estimate import check_pastebin

    report = check_pastebin(answer("paste_write_qps"), answer("paste_read_qps"), answer("paste_storage"))
    report.grade({PASTEBIN_POINTS})
    ''', points=PASTEBIN_POINTS, recheck=True)
    nb.md("""
    The Primer rounds a month to 2.5 million seconds and gets about 4 writes and 40 reads a second and
    about 450 GB over three years; your numbers should be close to those. At this scale everything fits
    on one ordinary database server: the estimate tells you *not* to shard.
    """)

    # -- the shortener --------------------------------------------------------------------------------
    nb.md(f"""
    ## 3. The URL shortener: stated assumptions

    Now the system this course keeps coming back to. The traffic, retention and row size are those of
    {XU}, chapter 8 (100 million new URLs a day, 10 reads per write, 10 years, 100 bytes a row, peak
    = 2 x average). The other figures are this course's assumptions, stated so that everyone computes
    the same thing: replicas, request and response sizes, the cache rule, the throughput of one server
    and the alphabet of short codes.

    The assumptions come as one object, `a`. Each field is a quantity with a unit where it has one.
    """)
    nb.code('''
    from autograder.estimate import SHORTENER

    a = SHORTENER
    a.table()
    ''')
    nb.md("""
    ### Rules the exercise uses

    - **Rates**: average write rate = new URLs per second; read rate = write rate x read:write ratio;
      peak = average x peak factor.
    - **Storage** = new URLs per unit time x retention x row size, first for one copy, then for
      `a.replicas` copies.
    - **Bandwidth** (average): ingress = write rate x request size, egress = read rate x response size.
      Network links are sold in bits per second, so give these as data rates (Mbit/s for plain numbers).
    - **Cache, the "80/20 rule"**: about 20% of links get about 80% of clicks, so keep `a.cache_share`
      (20%) of a day's reads in memory: cache = share x reads per day x row size. The rule comes from
      the Grokking course's URL shortener chapter, not from Xu's book. It sizes for a day's *reads*,
      not distinct links, so it errs on the large side.
    - **Servers** for the redirects: peak read rate / `a.server_throughput`, rounded **up** to a whole
      server (`math.ceil`): 4.2 servers' worth of load needs 5 servers, and 4.2 is not an answer.
    - **Key length**: the shortest length L such that `a.alphabet ** L` codes are at least the number of
      URLs created over the whole retention period.
    - **Collision probability**: if codes are drawn at random, a new code equals one of the `n` codes
      already issued with probability `n / a.alphabet ** L`. Use `n` at the end of the retention period,
      the worst case.
    - **Uniqueness check**: whether a new code must be checked before use depends on how codes are
      made, `a.code_scheme`: `"random"` codes and `"hash"` codes (a truncated hash of the long URL) can
      collide, so they must be checked; `"counter"` codes (a counter written in base62) and codes from a
      `"key service"` (pre-made unique keys handed out in batches) cannot, so they need no check.
    """)
    nb.md("""
    ### Worked example of the answer format

    Your estimate is a **function** of the assumptions, so it can be checked with the stated assumptions
    and, when graded, with a second set you have not seen. Here is the format on two numbers this
    exercise does not ask for: the retention period in days, and how many URLs are created in a week.
    """)
    nb.code('''
    def example(a):
        retention_days = a.retention.to("day")
        urls_per_week = (a.new_urls * 7 * u.day).to("dimensionless")
        return {"retention_days": retention_days, "urls_per_week": urls_per_week}

    example(a)
    ''')

    # -- exercise 2 ----------------------------------------------------------------------------------
    nb.md(f"""
    ## Exercise 2 ({sum(POINTS.values())} points): the URL shortener estimate

    Complete `estimate(a)` below: delete `raise NotImplementedError()` and compute every name the
    returned dict uses, **from `a` only** (no typed-in numbers from the table: graded runs call your
    function with other assumptions too).

    | key | what | unit for plain numbers |
    |---|---|---|
    | `write_qps`, `read_qps` | average writes and reads per second | per second |
    | `peak_read_qps` | peak reads per second | per second |
    | `storage` | storage over the retention period, one copy | TB |
    | `storage_replicated` | the same with `a.replicas` copies | TB |
    | `ingress`, `egress` | average bandwidth in and out | Mbit/s |
    | `cache_size` | memory for the 80/20 rule | GB |
    | `servers` | servers for the peak read rate (a whole number, rounded up) | - |
    | `key_length` | shortest code length (an `int`) | characters |
    | `collision_probability` | chance a new random code is already taken, at the end of retention | a fraction (0.1 = 10%) |
    | `needs_uniqueness_check` | must new codes, made the way `a.code_scheme` says, be checked for uniqueness before use? | `True` or `False` |

    **How it is checked.** Five check cells, one per group of keys, each key worth the same share.
    Quantities pass within 25% (rounding a day to 10^5 seconds or a year to 365 days is fine). `servers`
    must be a whole number: any count you get by rounding up a need within 25% of the course's passes,
    up to 1.5 times the rounded-up count (headroom is fine; a fraction of a server is not). `key_length`
    must be exactly the shortest length; `needs_uniqueness_check` must be right for `a.code_scheme`.
    Plain Python numbers, numpy numbers and pint quantities are all accepted. The checks here use the
    assumptions above; grading adds a second set with the same weight per key, so a function that is
    right for every set loses nothing.
    """)
    nb.solution("estimate", SOLUTION)
    nb.md("### Checks: requests per second")
    nb.tests("qps_check", _test("qps"), points=POINTS["qps"], recheck=True)
    nb.md("### Checks: storage")
    nb.tests("storage_check", _test("storage"), points=POINTS["storage"], recheck=True)
    nb.md("### Checks: bandwidth")
    nb.tests("bandwidth_check", _test("bandwidth"), points=POINTS["bandwidth"], recheck=True)
    nb.md("### Checks: cache and servers")
    nb.tests("cache_servers_check", _test("cache_and_servers"), points=POINTS["cache_and_servers"], recheck=True)
    nb.md("### Checks: key length and collisions")
    nb.tests("keys_check", _test("keys"), points=POINTS["keys"], recheck=True)

    # -- what the numbers say --------------------------------------------------------------------------
    nb.md("""
    ## 4. What the numbers say about the design

    Run the next cell once your estimate is written: it shows your numbers next to the course's.
    """)
    nb.code('''
    import pandas as pd

    from autograder.contract import call
    from autograder.estimate import shortener_reference


    def shown(value):
        return f"{value:.3g~P}" if hasattr(value, "units") else (f"{value:.3g}" if isinstance(value, float) else str(value))

    # Called under the course's time guard: an endless loop in estimate(a) cannot hang this cell.
    result = call("estimate(a)", estimate, a) if callable(estimate) else None
    yours = dict(result.value) if result is not None and result.ok and isinstance(result.value, dict) else {}
    if not yours:
        why = result.problem if result is not None and result.problem else "it does not return a dict yet"
        print(f"estimate(a) is not ready yet ({why}): write it first, then run this cell again.")

    course = shortener_reference(a)
    pd.DataFrame(
        [(key, shown(yours[key]), shown(course[key])) for key in course if key in yours],
        columns=["quantity", "yours", "course"],
    ).set_index("quantity")
    ''')
    nb.md(f"""
    ### The famous misprint

    Many copies of the storage line of Xu's chapter print 365 TB for 365 billion records of 100 bytes.
    That line multiplies 365 billion by 100 bytes, and the product is about {storage_tb:.1f} TB: 100
    million a day x 365 days x 10 years x 100 bytes. The 365 TB is what you get by counting the ten years
    twice, and the checks recognise that slip by its factor of ten.

    ### Collisions are not rare

    At the end of ten years about {codes / 1e9:,.0f} billion codes exist out of 62^7 (about
    {keyspace7 / 1e12:.2f} trillion) seven-character codes, so a fresh random code is already taken about
    {collision:.0%} of the time. So a scheme
    that draws random codes, or truncates a hash of the long URL, **must** check each new code for
    uniqueness (a unique key in the database) and retry on a clash. The alternatives trade this away:

    - **a counter encoded in base62** never collides and needs no check, but codes are predictable and
      anyone can enumerate all links by counting;
    - **a key-generation service** hands out pre-made unique codes in batches; no check at write time,
      but a server that crashes loses the batch it held (harmless: the keyspace is large), and the
      service itself must be kept available.

    The cell below shows why "the chance that *some* two codes collide" is the wrong number to look at:
    by the birthday bound it is essentially certain long before the keyspace fills.
    """)
    nb.code('''
    from autograder.estimate import any_collision_probability, collision_probability

    for issued in (1e5, 1e6, 1e7, 1e9, 365e9):
        one_new = collision_probability(issued, 7, 62)
        any_pair = any_collision_probability(issued, 7, 62)
        print(f"{issued:>10.3g} codes issued: new code taken {one_new:8.2e}   some collision so far {any_pair:6.3f}")
    ''')

    # -- explorer -------------------------------------------------------------------------------------
    nb.md("""
    ## 5. Explore (not graded)

    Move the sliders: the table and the log-scale charts follow. Try a peak factor of 26 (the spike a DDIA case study assumes),
    a retention of one year, or a thousand times less traffic. Which numbers cross a line where the design
    would change: one database or many, one cache node or a cluster, six characters or seven?
    Nothing here is graded; the grader never sees slider positions.
    """)
    nb.code('''
    from autograder.estimate import explorer

    explorer(a)
    ''')

    # -- written answer -------------------------------------------------------------------------------
    nb.md(f"""
    ## Written answer ({WRITTEN_POINTS} points): which estimate changes a decision?

    {_indented(DECISION.prompt)}

    Write in the cell below; each item of that list is one line of the mark scheme. It is worth
    {WRITTEN_POINTS} points, marked by hand with the mark scheme under it. When you have written it, save the notebook (Ctrl+S) and use the self-check under the mark scheme: tick what your
    answer does, press *Save*, then compare with the model answer it reveals.
    """)
    nb.rubric_answer(SLUG, DECISION)

    # -- summary ----------------------------------------------------------------------------------------
    nb.md(f"""
    ## Summary

    - State assumptions first, then compute: rate = count / time; total = rate x time x size; peak =
      average x a *stated* factor.
    - Write units in code. They catch the classic slips: per day vs per second (86,400), bits vs bytes
      (8), decimal vs binary prefixes (about {1.024**4 - 1:.0%} at TB), years counted twice (the 365 TB printed in many copies of the chapter's storage line).
    - An estimate matters when it crosses a line: one machine or many, memory or disk, collisions rare
      or routine. Say which line, and which numbers do not cross one.
    - Random short codes at Xu's scale collide about {collision:.0%} of the time at the end of retention: check and
      retry, or use a counter or a key service and accept their costs.
    """)
    nb.md(f"""
    ## Sources

    - {XU}: chapter 2 (back-of-the-envelope estimation, the Twitter-like example), chapter 8 (URL
      shortener: 100 million URLs a day, 10:1, 10 years, 100 bytes, base62 of length 7).
    - {PRIMER}: the Pastebin exercise (10 million writes and 100 million reads a month, 1.27 KB, 3 years).
    - {GROKKING}: the 80/20 cache rule; the second set of assumptions used when grading
      (500 million new URLs a month, 100:1, 5 years, 500 bytes, base64, codes from a key-generation service).
    - {DDIA}: the average and spike post rates, the stated assumptions of a case study (derived from
      Twitter's published 2013 figures).
    - pint, the units library: https://pint.readthedocs.io/
    - Base rates and their sources: [`notebooks/reference-numbers.ipynb`]({REFERENCE}).
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
