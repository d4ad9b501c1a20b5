"""One SQL statement cache for all the throw-away gradebooks a grading process opens.

nbgrader opens its gradebook about ten times while it grades one submission (``Gradebook(db_url)``
each time: a new SQLAlchemy engine), and each submission has a gradebook file of its own. A new
engine starts with an empty statement cache, and SQLAlchemy's cache key holds the dialect
*object*, so every statement nbgrader sends was compiled again for every engine: 2.7 of the
grading processes' 11 core-seconds in a run of 36 notebooks (``py-spy --gil``), the same SQL text
every time.

The throw-away gradebooks are opened through the URL :func:`url` gives, ``sqlite+autograder:///``:
SQLite through the standard ``sqlite3`` module, as ``sqlite:///`` is, with a dialect that differs
from SQLAlchemy's own in two things only. Its engines share one statement cache (through the
public ``compiled_cache`` execution option), and two of its dialect objects count as the same
cache key when what compiling depends on is the same: the class, the SQLite library's version
(which decides what SQL the dialect writes) and the parameter style. SQLite gives every file the
same SQL for the same statement, so what runs is unchanged; only the compiling is done once per
grading process (``tests/test_grading_caches.py`` compares the SQL and the results with the
default dialect's). The course's own gradebook (``CourseDirectory.db_url``, SQLite or a server) is opened
as configured.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import util
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

__all__ = ["SharedCacheSQLite", "url"]

_STATEMENTS: util.LRUCache[Any, Any] = util.LRUCache(2000)
"""Compiled statements of every throw-away gradebook of this process (nbgrader's are a few hundred)."""


class SharedCacheSQLite(SQLiteDialect_pysqlite):
    """SQLAlchemy's pysqlite dialect, whose engines share one statement cache."""

    supports_statement_cache = True

    def _compiles_like(self) -> tuple[Any, ...]:
        return (type(self), self.server_version_info, self.paramstyle, self.positional)

    def __eq__(self, other: object) -> bool:
        return other is self or (type(other) is type(self)
                                 and other._compiles_like() == self._compiles_like())

    def __hash__(self) -> int:
        return hash(type(self))

    @classmethod
    def engine_created(cls, engine) -> None:
        engine.update_execution_options(compiled_cache=_STATEMENTS)


registry.register("sqlite.autograder", __name__, "SharedCacheSQLite")


def url(path: str | Path) -> str:
    """The URL of the throw-away gradebook file ``path``."""
    return f"sqlite+autograder:///{path}"
