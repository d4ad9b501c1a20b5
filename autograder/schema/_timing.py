"""Time a redirect-style lookup with and without an index, for the notebook's plot."""

from __future__ import annotations

import random
import sqlite3
import string
import time

_ALPHABET = string.ascii_letters + string.digits


def time_lookups(rows: int, indexed: bool, lookups: int = 200, seed: int = 0,
                 max_seconds: float = 2.0) -> float:
    """Median seconds for ``SELECT long_url FROM links WHERE code = ?`` on ``rows`` generated links.

    With ``indexed`` the code column has a unique index; without, every lookup
    reads the whole table. Stops early after ``max_seconds`` of lookups (at
    least 5 are always timed) so large tables without an index stay quick.
    """
    rng = random.Random(seed)
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE links (id INTEGER PRIMARY KEY, code TEXT NOT NULL, long_url TEXT NOT NULL)")
        codes = ["".join(rng.choices(_ALPHABET, k=7)) + format(i, "x") for i in range(rows)]
        conn.executemany("INSERT INTO links (code, long_url) VALUES (?, ?)",
                         ((c, f"https://example.com/{i}") for i, c in enumerate(codes)))
        if indexed:
            conn.execute("CREATE UNIQUE INDEX links_code ON links (code)")
        times = []
        budget = time.perf_counter() + max_seconds
        for i in range(lookups):
            code = rng.choice(codes)
            start = time.perf_counter()
            conn.execute("SELECT long_url FROM links WHERE code = ?", (code,)).fetchone()
            times.append(time.perf_counter() - start)
            if i >= 4 and time.perf_counter() > budget:
                break
        times.sort()
        return times[len(times) // 2]
    finally:
        conn.close()
