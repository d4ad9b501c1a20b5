"""In-memory SQLite connections with bounded work and no access outside memory.

Every check gets its own connection (a copy of a loaded base database, made
with SQLite's backup API), so no state leaks from one check to the next.
Learner SQL runs under an authorizer (no ATTACH, no PRAGMA, no extension
loading; read-only where a read is expected) and a progress handler that
interrupts a statement after a fixed amount of work, so a runaway recursive
CTE ends with a message instead of hanging the notebook.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field

# Virtual-machine steps between progress-handler calls, and the limits they enforce.
_STEP = 10_000
DEFAULT_MAX_STEPS = 20_000_000
DEFAULT_MAX_SECONDS = 5.0

_WRITE_ACTIONS = {
    sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE,
    sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_CREATE_VIEW,
    sqlite3.SQLITE_CREATE_TRIGGER, sqlite3.SQLITE_CREATE_TEMP_TABLE, sqlite3.SQLITE_CREATE_TEMP_INDEX,
    sqlite3.SQLITE_CREATE_TEMP_VIEW, sqlite3.SQLITE_CREATE_TEMP_TRIGGER, sqlite3.SQLITE_DROP_TABLE,
    sqlite3.SQLITE_DROP_INDEX, sqlite3.SQLITE_DROP_VIEW, sqlite3.SQLITE_DROP_TRIGGER,
    sqlite3.SQLITE_DROP_TEMP_TABLE, sqlite3.SQLITE_DROP_TEMP_INDEX, sqlite3.SQLITE_DROP_TEMP_VIEW,
    sqlite3.SQLITE_DROP_TEMP_TRIGGER, sqlite3.SQLITE_ALTER_TABLE, sqlite3.SQLITE_REINDEX,
    sqlite3.SQLITE_ANALYZE, sqlite3.SQLITE_CREATE_VTABLE, sqlite3.SQLITE_DROP_VTABLE,
}
_NEVER = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH, sqlite3.SQLITE_PRAGMA}
_BANNED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


@dataclass
class Guard:
    """What learner SQL may do on a connection, and how much work it may take."""

    read_only: bool = False
    max_steps: int = DEFAULT_MAX_STEPS
    max_seconds: float = DEFAULT_MAX_SECONDS
    steps: int = 0
    deadline: float = 0.0
    denied: list[str] = field(default_factory=list)
    interrupted: bool = False

    def progress(self) -> int:
        self.steps += _STEP
        if self.steps > self.max_steps or time.perf_counter() > self.deadline:
            self.interrupted = True
            return 1
        return 0

    def authorize(self, action, arg1, arg2, dbname, source):
        if action in _NEVER:
            self.denied.append({sqlite3.SQLITE_ATTACH: "ATTACH", sqlite3.SQLITE_DETACH: "DETACH"}.get(action, "PRAGMA"))
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _BANNED_FUNCTIONS:
            self.denied.append(f"{arg2}()")
            return sqlite3.SQLITE_DENY
        if self.read_only and action in _WRITE_ACTIONS:
            self.denied.append("a write")
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK


class LearnerSqlError(Exception):
    """Learner SQL failed in SQLite; the message is meant for the learner."""


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    # Bound what one statement can allocate: 1 MB strings, 200 kB SQL text (Python 3.11+ only).
    if hasattr(conn, "setlimit"):
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 1_000_000)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 200_000)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    return conn


def clone(base: sqlite3.Connection) -> sqlite3.Connection:
    """A fresh connection holding a copy of ``base`` (nothing is shared afterwards)."""
    conn = connect()
    base.backup(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def run_learner(conn: sqlite3.Connection, sql: str, params=None, *, read_only: bool = False,
                max_steps: int = DEFAULT_MAX_STEPS, what: str = "your SQL") -> list[tuple]:
    """Execute one learner statement under the guard; return its rows or raise LearnerSqlError."""
    guard = Guard(read_only=read_only, max_steps=max_steps)
    guard.deadline = time.perf_counter() + guard.max_seconds
    conn.set_authorizer(guard.authorize)
    conn.set_progress_handler(guard.progress, _STEP)
    try:
        cur = conn.execute(sql, params or {})
        rows = cur.fetchmany(10_001)
        return rows
    except sqlite3.Error as err:
        raise LearnerSqlError(_explain(err, guard, what)) from None
    except (OverflowError, ValueError, MemoryError) as err:
        raise LearnerSqlError(f"{what} could not run: {err}") from None
    finally:
        conn.set_authorizer(None)
        conn.set_progress_handler(None, 0)


def _explain(err: sqlite3.Error, guard: Guard, what: str) -> str:
    text = str(err)
    if guard.interrupted:
        return (f"{what} was stopped after doing too much work (over {guard.max_steps:,} database steps "
                f"or {guard.max_seconds:g} s). A recursive query without a stop condition, or a join "
                "without a join condition, does this: add the missing condition.")
    if guard.denied:
        kind = next((d for d in guard.denied if d != "a write"), guard.denied[0])
        if kind == "a write":
            return (f"{what} tries to change data where only a read is expected. "
                    "Write a SELECT that reads the rows; do not INSERT, UPDATE, DELETE or create anything.")
        return f"{what} uses {kind}, which the checker does not allow. Remove it."
    if "no such column" in text:
        return f"{what} names a column that does not exist ({text}). Use a column from your schema."
    if "no such table" in text:
        return f"{what} names a table that does not exist ({text}). Use a table from your schema."
    if "no such function" in text:
        return (f"{what} calls a function SQLite does not have ({text}). Use standard SQL or one of "
                "the PostgreSQL forms the checker translates (now(), date_trunc('day', x), x::date).")
    return f"{what} fails in SQLite: {text}."


def guarded(conn: sqlite3.Connection, work, max_steps: int = 500_000_000):
    """Run the checker's own statements with a generous work bound (learner triggers run inside them)."""
    guard = Guard(max_steps=max_steps, max_seconds=20.0)
    guard.deadline = time.perf_counter() + guard.max_seconds
    conn.set_progress_handler(guard.progress, _STEP)
    try:
        return work()
    except sqlite3.OperationalError as err:
        if guard.interrupted:
            raise sqlite3.OperationalError("the insert took too long (a trigger that loops?)") from None
        raise err
    finally:
        conn.set_progress_handler(None, 0)
