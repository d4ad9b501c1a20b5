"""Builder of notebooks/reference-numbers.ipynb (run: python authoring/reference_numbers.py).

An ungraded reference sheet: time conversions, powers of ten and two, latency
base rates from two sources side by side, availability nines, and optional
short measurements on the reader's own machine. It runs under nbval
(``--nbval-lax``) in the suite: no network, a few seconds at most.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402


def build() -> Notebook:
    nb = Notebook("reference-numbers")
    nb.md("""
    # Reference numbers for estimates

    A sheet to keep open beside module 4. It holds the base rates that estimates start from, **with the
    source and date of every published figure**, and computes everything derived from them in code, so
    nothing here is a number copied from somewhere without saying where.

    The lesson of this sheet is orders of magnitude, not exact values: sources from different years
    disagree, sometimes by 10x, and the notebook shows the disagreement instead of hiding it.
    Nothing here is graded. Run it top to bottom; the optional measurements at the end take a second or two.
    """)
    nb.code('''
    import matplotlib.pyplot as plt
    import pandas as pd

    from autograder.estimate import (
        LATENCY,
        SOURCES,
        availability_in_parallel,
        availability_in_series,
        downtime_per_year,
    )
    from autograder.estimate import units as u
    from autograder.estimate.facts import KINDS, LATENCY_KINDS
    ''')

    nb.md("""
    ## 1. Time

    Seconds in a day, a month and a year come up in every estimate. For mental math round a day to
    10^5 seconds (about 16% high) and a month to 2.5 million.
    """)
    nb.code('''
    rows = []
    for name, period, mental in (("day", 1 * u.day, 1e5), ("30-day month", 30 * u.day, 2.5e6),
                                 ("year (365.25 days)", 1 * u.year, 3e7)):
        seconds = period.to("s").magnitude
        rows.append((name, f"{seconds:,.0f}", f"{mental:.2g}", f"{mental / seconds - 1:+.0%}"))
    pd.DataFrame(rows, columns=["period", "seconds", "mental-math value", "error of the mental value"]).set_index("period")
    ''')
    nb.md("""
    A handy consequence: **1 million a day is about 12 a second**, and 1 a second is about 86,000 a day.
    """)
    nb.code('''
    print(f"1 million per day = {(1e6 / u.day).to('1/s'):.1f~P}")
    print(f"1 per second      = {(1 / u.s).to('1/day').magnitude:,.0f} per day")
    ''')

    nb.md("""
    ## 2. Powers of ten and two

    Storage and memory sizes are quoted with decimal prefixes (kB, MB, GB, TB, PB: powers of 1,000) or
    binary ones (KiB, MiB, GiB, TiB, PiB: powers of 1,024). They drift apart as they grow: by a terabyte
    the gap is about 10%. Say which one you mean. The table is computed.
    """)
    nb.code('''
    names = ["thousand", "million", "billion", "trillion", "quadrillion"]
    decimal = ["kB", "MB", "GB", "TB", "PB"]
    binary = ["KiB", "MiB", "GiB", "TiB", "PiB"]
    rows = []
    for step, (name, dec, binu) in enumerate(zip(names, decimal, binary, strict=True), start=1):
        rows.append((f"2^{10 * step}", f"{2 ** (10 * step):,}", f"10^{3 * step}", name, f"1 {binu} = {(1 * u(binu)).to(dec):.4f~P}",
                     f"{2 ** (10 * step) / 10 ** (3 * step) - 1:.1%}"))
    pd.DataFrame(rows, columns=["power of two", "exact", "about", "name", "binary in decimal", "gap"]).set_index("power of two")
    ''')
    nb.md("""
    Also worth knowing: a byte is 8 bits, and network links are sold in **bits** per second. A 1 Gbit/s
    link moves at most 125 MB a second, and a day of it is about 10 TB:
    """)
    nb.code('''
    link = 1 * u.Gbit / u.s
    print(f"{link:~P} = {link.to('MB/s'):~P} = {(link * u.day).to('TB'):.1f~P} a day")
    ''')

    nb.md(f"""
    ## 3. Latency base rates: the classic table and napkin-math

    Two sources, side by side:

    - **classic**: {SOURCES_TEXT["dean"]}
    - **napkin-math**: {SOURCES_TEXT["napkin"]}

    Not every figure is a measurement, so each cell carries a label (the *kind* columns): **measured**
    by the source's own benchmark, an **estimate** (a rounded figure given without a measurement),
    **derived** from the source's other figures, or **quoted** (printed by the source but taken from
    elsewhere). Where you will see another number in the source itself, the note says so. A third well-known page,
    colin-scott's "interactive latencies", projects the 2012 numbers forward with a bandwidth-doubling
    model: its current-year values are **extrapolations, not measurements** (its author and napkin-math's
    maintainer both say so in their issue trackers), so they are not used here.
    """)
    nb.code('''
    def shown(seconds):
        for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
            if seconds >= scale:
                return f"{seconds / scale:.3g} {unit}"
        return f"{seconds:g} s"

    latency = pd.DataFrame(LATENCY, columns=["operation", "classic_s", "napkin_s", "note"]).set_index("operation")
    latency["classic"] = latency["classic_s"].map(shown)
    latency["classic kind"] = [LATENCY_KINDS[op][0] for op in latency.index]
    latency["napkin-math"] = latency["napkin_s"].map(shown)
    latency["napkin-math kind"] = [LATENCY_KINDS[op][1] for op in latency.index]
    latency["classic / napkin-math"] = (latency["classic_s"] / latency["napkin_s"]).round(1)
    latency[["classic", "classic kind", "napkin-math", "napkin-math kind", "classic / napkin-math", "note"]]
    ''')
    nb.code('''
    sources = pd.DataFrame(
        [(column, SOURCES[key]["title"], SOURCES[key]["date"], SOURCES[key]["kind"], SOURCES[key]["url"])
         for column, key in (("classic", "dean"), ("napkin-math", "napkin"))],
        columns=["column", "source", "date", "kind", "address"],
    ).set_index("column")
    sources
    ''')
    nb.code('''
    pd.Series(KINDS, name="what the kind means").to_frame()
    ''')
    nb.md("""
    The two columns differ by up to 10x, yet they tell the same story once you compare like with like.
    Random and sequential access are different questions, and the gap between the layers depends on
    which one you ask. The cell below computes three comparisons from the table, in both columns:

    - a **random** memory reference against a **random** SSD read: thousands of times apart;
    - reading 1 MB **sequentially** from memory against from an SSD: only 2 to 4 times apart;
    - a random SSD read against a round trip inside a datacenter or region: the same order of magnitude.
    """)
    nb.code('''
    comparisons = [
        ("random SSD read / main memory reference", "SSD random read", "main memory reference"),
        ("1 MB from SSD / 1 MB from memory (sequential)", "read 1 MB sequentially from SSD",
         "read 1 MB sequentially from memory"),
        ("datacenter round trip / random SSD read", "round trip within a datacenter", "SSD random read"),
    ]
    rows = []
    for name, slower, faster in comparisons:
        rows.append((name,
                     f"{latency.loc[slower, 'classic_s'] / latency.loc[faster, 'classic_s']:,.1f}x",
                     f"{latency.loc[slower, 'napkin_s'] / latency.loc[faster, 'napkin_s']:,.1f}x"))
    pd.DataFrame(rows, columns=["comparison", "classic", "napkin-math"]).set_index("comparison")
    ''')
    nb.md("""
    On a log scale both columns put each operation in the same band: memory, then SSD and the network
    inside a datacenter, then spinning disks, then crossing an ocean.
    """)
    nb.code('''
    fig, ax = plt.subplots(figsize=(8, 4.5))
    y = range(len(latency))
    ax.barh([i + 0.2 for i in y], latency["classic_s"], height=0.4, label="classic (~2010)", color="#999999")
    ax.barh([i - 0.2 for i in y], latency["napkin_s"], height=0.4, label="napkin-math (2026, partly measured)", color="#4477aa")
    ax.set_yticks(list(y), latency.index)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("seconds (log scale)")
    ax.set_title("Latency base rates: the classic table vs napkin-math")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    fig.tight_layout()
    plt.show()
    ''')
    nb.md("""
    ### From latency to throughput

    A latency is also a rate limit for one worker doing one thing at a time. The numbers below are
    derived from the napkin-math column: how many of each operation one thread can do per second if it
    does nothing else.
    """)
    nb.code('''
    per_second = (1 / latency["napkin_s"]).rename("one thread, per second")
    per_second.map(lambda v: f"{v:,.0f}").to_frame()
    ''')

    nb.md("""
    ## 4. Availability: the nines

    Allowed downtime per year for each number of nines, computed from the definition (a year of
    365.25 days). A table copied around the web gives 31.56 seconds for five nines: that is the figure
    for **six** nines; five nines allow about 5.26 minutes.
    """)
    nb.code('''
    rows = []
    for nines in range(1, 7):
        availability = 1 - 10.0 ** -nines
        downtime = downtime_per_year(availability)
        if downtime.to("day").magnitude >= 1:
            text = f"{downtime.to('day'):.2f~P}"
        elif downtime.to("hour").magnitude >= 1:
            text = f"{downtime.to('hour'):.2f~P}"
        elif downtime.to("minute").magnitude >= 1:
            text = f"{downtime.to('minute'):.2f~P}"
        else:
            text = f"{downtime.to('s'):.2f~P}"
        rows.append((f"{availability:.{max(0, nines - 2)}%}", nines, text))
    pd.DataFrame(rows, columns=["availability", "nines", "downtime per year"]).set_index("availability")
    ''')
    nb.md("""
    Parts that must all work multiply their availabilities (in series, it gets worse); redundant parts,
    of which one is enough, multiply their *failure* chances (in parallel, it gets better):
    """)
    nb.code('''
    print(f"two 99.9% parts in series:   {availability_in_series(0.999, 0.999):.4%}")
    print(f"two 99.9% parts in parallel: {availability_in_parallel(0.999, 0.999):.6%}")
    ''')

    nb.md("""
    ## 5. Optional: measure a few rates on this machine

    napkin-math measures its table with a benchmark program. You can do the same for a few rates, on
    your own machine, in about a second. The numbers vary from run to run and machine to machine; what
    matters is which order of magnitude they land in. Set `MEASURE = False` to skip.

    - **memory scan**: add up a 64 MB buffer as 64-bit integers (a sequential memory read);
    - **hashing**: SHA-256 over 16 MB;
    - **SQLite point lookup**: look up rows by primary key in an in-memory table of 100,000 rows;
    - **file read**: read back a 32 MB temporary file just written (it is still in the operating
      system's page cache, so this is closer to memory speed than to disk speed).
    """)
    nb.code('''
    import hashlib
    import os
    import sqlite3
    import tempfile
    import time

    import numpy as np

    MEASURE = True


    def best_of(runs, action):
        """Shortest wall time of `runs` calls of `action`, in seconds."""
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return min(times)


    measured = []
    if MEASURE:
        buffer = os.urandom(1 << 20) * 64                      # 64 MB
        words = np.frombuffer(buffer, dtype=np.uint64)
        scan = best_of(3, lambda: int(words.sum()))
        measured.append(("read 1 MB sequentially from memory", scan / 64, "memory scan (numpy sum)"))

        chunk = buffer[: 16 << 20]
        sha = best_of(3, lambda: hashlib.sha256(chunk).digest())
        measured.append(("hash 1 MB with SHA-256", sha / 16, "hashlib.sha256"))

        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE links (code INTEGER PRIMARY KEY, url TEXT)")
        db.executemany("INSERT INTO links VALUES (?, ?)", ((i, f"https://example.com/{i}") for i in range(100_000)))
        keys = [(i * 7919) % 100_000 for i in range(20_000)]
        lookup = best_of(3, lambda: [db.execute("SELECT url FROM links WHERE code = ?", (k,)).fetchone() for k in keys])
        measured.append(("SQLite point lookup (in memory)", lookup / len(keys), "primary-key SELECT"))
        db.close()

        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "blob")
            with open(path, "wb") as handle:
                handle.write(buffer[: 32 << 20])

            def read_file():
                with open(path, "rb") as handle:
                    while handle.read(1 << 20):
                        pass

            read = best_of(3, read_file)
        measured.append(("read 1 MB of a cached file", read / 32, "open + read, page cache"))
        del buffer, chunk, words

    table = {row[0]: row for row in LATENCY}
    comparison = []
    for operation, seconds, how in measured:
        same = table.get(operation)
        comparison.append((operation, how, shown(seconds),
                           shown(same[1]) if same else "-", shown(same[2]) if same else "-"))
    pd.DataFrame(comparison, columns=["operation", "how", "this machine", "classic", "napkin-math"]).set_index("operation")
    ''')
    nb.md("""
    A memory scan on a laptop usually lands near the napkin-math figure and well under the classic one;
    a SQLite lookup in memory costs microseconds, far more than one memory reference, because a query
    does much more work than a load. The cached file read is memory speed: to time the disk itself you
    would have to drop the page cache first, which needs administrator rights.

    ## Sources

    - Jeff Dean's latency figures (~2010), collected by Jonas Bonér: https://gist.github.com/jboner/2841832
      (its SSD rows were added later and are not Dean's; its 1 MB disk read is 20 ms, Dean's older
      slides say 30 ms).
    - Simon Eskildsen, napkin-math (2026): https://github.com/sirupsen/napkin-math. Its benchmark
      program measures the memory and SSD rows; its HDD rows, region round trips and compression row
      come from elsewhere, as its README says. Its table prints 2 ms for 1 MiB from an HDD, although its
      250 MiB/s HDD rate gives 4 ms, the figure used here.
    - Availability, powers of two and time conversions: computed from their definitions in this notebook.
    """)
    return nb


SOURCES_TEXT = {
    "dean": "Jeff Dean's \"numbers everyone should know\" (~2010), as collected in Jonas Bonér's gist "
            "(https://gist.github.com/jboner/2841832): rounded figures for hardware of that time; the two "
            "SSD rows were added to the gist later and are not Dean's.",
    "napkin": "Simon Eskildsen's napkin-math (https://github.com/sirupsen/napkin-math): the memory and SSD "
              "rows measured by its benchmark program on recent cloud hardware (2026); the HDD, "
              "region round-trip and compression rows taken from elsewhere.",
}


if __name__ == "__main__":
    build().save(ROOT / "notebooks" / "reference-numbers.ipynb")
