"""Time a redirect-style lookup with and without an index in PostgreSQL, for the notebook's plot."""

from __future__ import annotations

import statistics

__all__ = ["time_lookups"]


def time_lookups(rows: int, indexed: bool, lookups: int = 50, seed: int = 0) -> float:
    """Median seconds PostgreSQL spends executing ``SELECT long_url FROM links WHERE code = ...``.

    The table holds ``rows`` generated links; with ``indexed`` the code column has a unique index,
    without it every lookup reads the whole table. The time is the server's own execution time
    (``EXPLAIN ANALYZE``), so the round trip from Python does not blur it. Everything is created in
    a transaction that is rolled back.
    """
    import psycopg

    from autograder.schema import _server

    if not isinstance(rows, int) or rows < 1 or rows > 2_000_000:
        raise ValueError("rows must be an int from 1 to 2,000,000")
    conn = _server.connect()
    times = []
    with conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL statement_timeout = 60000")
        conn.execute("CREATE TEMP TABLE bench_links (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                     "code text NOT NULL, long_url text NOT NULL) ON COMMIT DROP")
        conn.execute("INSERT INTO bench_links (code, long_url) SELECT substr(md5(%s::text || i::text), 1, 10), "
                     "'https://example.com/' || i FROM generate_series(1, %s) AS i", (seed, rows))
        if indexed:
            conn.execute("CREATE UNIQUE INDEX ON bench_links (code)")
        conn.execute("ANALYZE bench_links")
        for i in range(lookups):
            code = conn.execute("SELECT substr(md5(%s::text || %s::text), 1, 10)",
                                (seed, 1 + (i * 7919) % rows)).fetchone()[0]
            plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) SELECT long_url FROM bench_links WHERE code = %s",
                                (code,)).fetchone()[0]
            times.append(plan[0]["Execution Time"] / 1000)
    del psycopg
    return statistics.median(times)
