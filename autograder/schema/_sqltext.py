"""Just enough lexing of PostgreSQL text to split statements and find named parameters.

PostgreSQL itself parses and runs the SQL; this module only has to know where string
literals, quoted identifiers, dollar-quoted bodies and comments are, so that a ``;`` or a
``:name`` inside them is left alone. Named parameters (``:code``) become psycopg's
``%(code)s`` (to run) or ``$1`` (to ``EXPLAIN (GENERIC_PLAN)``); ``::`` casts stay casts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Statement", "Text", "lex", "split"]

_IDENT_START = re.compile(r"[A-Za-z_\u0080-\uffff]")
_IDENT = re.compile(r"[A-Za-z_0-9$\u0080-\uffff]*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


@dataclass
class Text:
    """One statement's text split into code and the rest, with its parameters."""

    source: str
    code: list[tuple[int, int]] = field(default_factory=list)
    """Spans of plain code (not strings, identifiers in quotes or comments)."""
    params: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, name) of each ``:name`` parameter."""
    positional: bool = False
    """Whether ``$1``-style or ``?`` parameters are used."""
    unterminated: str | None = None
    """What was left open at the end (a string, a comment, a dollar-quoted body)."""

    def to_psycopg(self) -> str:
        """The text with ``:name`` -> ``%(name)s`` and every ``%`` doubled (psycopg's format)."""
        out, pos = [], 0
        for start, end, name in self.params:
            out.append(self.source[pos:start].replace("%", "%%"))
            out.append(f"%({name})s")
            pos = end
        out.append(self.source[pos:].replace("%", "%%"))
        return "".join(out)

    def to_dollar(self) -> tuple[str, list[str]]:
        """The text with ``:name`` -> ``$n`` (one number per distinct name) and the names in order."""
        names: list[str] = []
        out, pos = [], 0
        for start, end, name in self.params:
            if name not in names:
                names.append(name)
            out.append(self.source[pos:start])
            out.append(f"${names.index(name) + 1}")
            pos = end
        out.append(self.source[pos:])
        return "".join(out), names

    @property
    def names(self) -> list[str]:
        seen: list[str] = []
        for _, _, name in self.params:
            if name not in seen:
                seen.append(name)
        return seen

    def words(self) -> list[str]:
        """Upper-case keywords and names in the plain code, in order."""
        out = []
        for start, end in self.code:
            out += [w.upper() for w in _WORD.findall(self.source[start:end])]
        return out


@dataclass
class Statement:
    text: Text
    start: int
    """Offset of the statement in the whole input."""
    line: int
    """1-based line of the input where the statement starts."""


def lex(source: str) -> Text:
    """Find code spans, parameters and statement ends in ``source``."""
    t = Text(source)
    _scan(source, t, None)
    return t


def split(source: str) -> tuple[list[Statement], str | None]:
    """Split ``source`` into statements at top-level semicolons; empty ones are dropped.

    Returns the statements and, when something is left open at the end (a quote, a comment,
    a dollar-quoted body), a sentence saying what.
    """
    ends: list[int] = []
    whole = Text(source)
    _scan(source, whole, ends)
    bounds, prev = [], 0
    for end in ends + [len(source)]:
        bounds.append((prev, end))
        prev = end + 1
    out = []
    for start, end in bounds:
        piece = source[start:end]
        text = lex(piece)
        if not text.words() and not text.params:
            continue
        lead = _first_code(text)
        out.append(Statement(text, start, source.count("\n", 0, start + lead) + 1))
    return out, whole.unterminated


def _scan(s: str, t: Text, ends: list[int] | None) -> None:
    i, n, code_start = 0, len(s), 0

    def close_code(at: int) -> None:
        if at > code_start:
            t.code.append((code_start, at))

    while i < n:
        c = s[i]
        if c == "-" and s.startswith("--", i):
            close_code(i)
            j = s.find("\n", i)
            i = n if j < 0 else j
            code_start = i
        elif c == "/" and s.startswith("/*", i):
            close_code(i)
            depth, j = 1, i + 2
            while j < n and depth:
                if s.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif s.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            if depth:
                t.unterminated = "a /* comment is not closed with */"
            i = code_start = j
        elif c == "'" or (c in "eE" and s.startswith("'", i + 1) and not _ident_char_before(s, i)):
            close_code(i)
            backslash = c in "eE"
            j = i + (2 if backslash else 1)
            while j < n:
                if backslash and s[j] == "\\":
                    j += 2
                    continue
                if s[j] == "'":
                    if s.startswith("''", j):
                        j += 2
                        continue
                    break
                j += 1
            if j >= n:
                t.unterminated = f"a string starting {s[i:i + 20]!r} is not closed with '"
            i = code_start = min(n, j + 1)
        elif c == '"':
            close_code(i)
            j = i + 1
            while j < n:
                if s[j] == '"':
                    if s.startswith('""', j):
                        j += 2
                        continue
                    break
                j += 1
            if j >= n:
                t.unterminated = f"a quoted name starting {s[i:i + 20]!r} is not closed with \""
            i = code_start = min(n, j + 1)
        elif c == "$":
            m = _DOLLAR_TAG.match(s, i)
            if m and not _ident_char_before(s, i):
                close_code(i)
                tag = m.group(0)
                j = s.find(tag, m.end())
                if j < 0:
                    t.unterminated = f"a dollar-quoted body opened with {tag} is not closed"
                    i = code_start = n
                else:
                    i = code_start = j + len(tag)
            elif i + 1 < n and s[i + 1].isdigit() and not _ident_char_before(s, i):
                t.positional = True
                i += 1
            else:
                i += 1
        elif c == ":":
            if s.startswith("::", i):
                i += 2
            elif i + 1 < n and _IDENT_START.match(s[i + 1]) and not s.startswith(":=", i):
                m2 = _IDENT.match(s, i + 2)
                end = m2.end() if m2 else i + 2
                close_code(i)
                t.params.append((i, end, s[i + 1:end].lower()))
                i = code_start = end
            else:
                i += 1
        elif c == "?":
            t.positional = True
            i += 1
        elif c == ";" and ends is not None:
            close_code(i)
            ends.append(i)
            i += 1
            code_start = i
        else:
            i += 1
    close_code(n)


def _first_code(text: Text) -> int:
    """Offset of the statement's first character of code (comments before it skipped)."""
    for a, b in text.code:
        chunk = text.source[a:b]
        if chunk.strip():
            return a + len(chunk) - len(chunk.lstrip())
    return text.params[0][0] if text.params else 0


def _ident_char_before(s: str, i: int) -> bool:
    return i > 0 and (s[i - 1].isalnum() or s[i - 1] in "_$")


def line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, max(0, offset)) + 1
