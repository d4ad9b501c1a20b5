"""The URL shortener of module 3, as data: entities, generated rows, access patterns, behaviours.

Nothing here is code the checker runs; :mod:`autograder.schema._scenario` documents the format.
"""

from __future__ import annotations

_DDL = """
CREATE TABLE users (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE
);
CREATE TABLE links (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    long_url   TEXT NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ
);
CREATE INDEX links_by_user ON links (user_id, created_at DESC);
CREATE TABLE clicks (
    link_id    BIGINT NOT NULL REFERENCES links (id),
    clicked_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX clicks_by_link ON clicks (link_id, clicked_at);
"""

_QUERIES = {
    "create_user": "INSERT INTO users (email) VALUES (:email) RETURNING id",
    "create_link": "INSERT INTO links (code, long_url, user_id, created_at, expires_at) "
                   "VALUES (:code, :long_url, :user_id, :created_at, :expires_at)",
    "record_click": "INSERT INTO clicks (link_id, clicked_at) SELECT id, :clicked_at FROM links WHERE code = :code",
    "redirect": "SELECT long_url FROM links WHERE code = :code",
    "user_links": "SELECT code, long_url FROM links WHERE user_id = :user_id ORDER BY created_at DESC",
    "clicks_per_day": "SELECT (c.clicked_at AT TIME ZONE 'UTC')::date AS day, count(*) AS clicks "
                      "FROM clicks c JOIN links l ON l.id = c.link_id WHERE l.code = :code GROUP BY 1 ORDER BY 1",
}

C_DUPLICATE = "duplicate short code is refused"
C_URL = "link without a long URL is refused"
C_ORPHAN = "click for a nonexistent link is refused"
Q_REDIRECT = "redirect returns the right long URL"
Q_STORED = "every generated link and click is stored"
Q_USER = "user_links returns the user's links, newest first"
Q_CLICKS = "clicks_per_day counts each day's clicks"
P_REDIRECT = "redirect is answered through an index"
P_USER = "user_links is answered through an index"
P_CLICKS = "clicks_per_day is answered through an index"

SCENARIO = {
    "name": "shortener",
    "title": "URL shortener",
    "queries": {
        "create_user": {
            "kind": "write", "entity": "user", "optional": True, "params": ["email"], "required": ["email"],
            "returns_key": True,
            "purpose": "stores a user (:email) and returns the new user's key (RETURNING id)",
        },
        "create_link": {
            "kind": "write", "entity": "link",
            "params": ["code", "long_url", "user_id", "created_at", "expires_at"],
            "required": ["code", "long_url", "user_id", "created_at"],
            "purpose": "stores a new link (:code, :long_url, :user_id, :created_at)",
        },
        "record_click": {
            "kind": "write", "entity": "click", "params": ["code", "clicked_at"], "required": ["code", "clicked_at"],
            "purpose": "records one click on the link with code :code at :clicked_at",
        },
        "redirect": {
            "kind": "read", "params": ["code"], "required": ["code"],
            "purpose": "returns the long URL for a short code (:code)",
        },
        "user_links": {
            "kind": "read", "params": ["user_id", "limit", "offset"], "required": ["user_id"],
            "purpose": "returns a user's links (:user_id), newest first",
        },
        "clicks_per_day": {
            "kind": "read", "params": ["code"], "required": ["code"],
            "purpose": "returns the number of clicks per calendar day (UTC) for one link (:code)",
        },
    },
    "entities": {
        "user": {
            "create": "create_user",
            "count": {"visible": 30, "hidden": 40},
            "fields": {"email": {"gen": "template", "template": "user{i}@example.com"}},
        },
        "link": {
            "create": "create_link",
            "count": {"visible": 300, "hidden": 400},
            "fields": {
                "code": {"gen": "code", "length": 7},
                "long_url": {"gen": "url"},
                # the last two users own no ordinary links: one owns the awkward links, one none
                "user_id": {"ref": "user", "field": "key", "skip_last": 2},
                "created_at": {"gen": "time", "start": "2025-01-01T00:00:13Z", "step_seconds": 97, "shuffle": True},
                "expires_at": {"value": None},
            },
            "edge": [
                {
                    "scope": ["visible", "hidden"],
                    "why": "a link whose long URL is 2,000 characters long (URLs that long exist; browsers "
                           "and servers accept them)",
                    "fields": {"long_url": {"gen": "long_url", "length": 2000},
                               "user_id": {"row": "user", "index": -2, "field": "key"}},
                },
                {
                    "scope": ["visible", "hidden"],
                    "why": "a long URL with quotes, an apostrophe and non-ASCII text in it",
                    "fields": {"long_url": {"value": "https://example.org/search?q=it's+\"quoted\"&lang=日本語"},
                               "user_id": {"row": "user", "index": -2, "field": "key"}},
                },
                {
                    "scope": ["hidden"],
                    "why": "a code that differs from an existing one only in letter case (short codes are "
                           "case-sensitive: base62 uses both cases)",
                    "fields": {"code": {"swapcase_of": 0},
                               "user_id": {"row": "user", "index": -2, "field": "key"}},
                },
            ],
        },
        "click": {
            "create": "record_click",
            "count": {"visible": 1000, "hidden": 1500},
            "fields": {
                "code": {"ref": "link", "field": "code", "popular": 0.2},
                "clicked_at": {"gen": "random_time", "start": "2025-01-01T00:00:00Z", "days": 30},
            },
            "edge": [
                {"scope": ["hidden"], "why": "a click one second before midnight (UTC)",
                 "fields": {"code": {"row": "link", "index": 0, "field": "code"},
                            "clicked_at": {"time": "2025-01-03T23:59:59Z"}}},
                {"scope": ["hidden"], "why": "a click exactly at midnight (UTC)",
                 "fields": {"code": {"row": "link", "index": 0, "field": "code"},
                            "clicked_at": {"time": "2025-01-04T00:00:00Z"}}},
            ],
        },
    },
    "reference": {"ddl": _DDL, "queries": _QUERIES},
    "criteria": [
        {
            "name": C_DUPLICATE, "group": "constraints", "kind": "refuse", "call": "create_link",
            "data": ["user", "link"],
            "params": {"code": {"row": "link", "index": 5, "field": "code"},
                       "long_url": {"value": "https://example.net/someone-else"},
                       "user_id": {"row": "user", "index": 1, "field": "key"},
                       "created_at": {"time": "2026-01-01T00:00:00Z"}, "expires_at": {"value": None}},
            "refused": "a second link with an existing code was refused; the first link is unchanged.",
            "accepted": "a second link with the existing code {code} was accepted, so one code could lead to two "
                        "URLs. Make the code column the PRIMARY KEY or declare it UNIQUE.",
            "changed": "storing a second link with the existing code {code} changed the existing link: an upsert "
                       "(ON CONFLICT ... DO UPDATE) silently re-points someone else's link. Refuse instead: "
                       "let the UNIQUE constraint fail, or use ON CONFLICT DO NOTHING and pick another code.",
        },
        {
            "name": C_URL, "group": "constraints", "kind": "refuse", "call": "create_link",
            "data": ["user", "link"],
            "params": {"code": {"fresh": "link.code"}, "long_url": {"value": None},
                       "user_id": {"row": "user", "index": 1, "field": "key"},
                       "created_at": {"time": "2026-01-01T00:00:00Z"}, "expires_at": {"value": None}},
            "refused": "a link with no long URL (NULL) was refused.",
            "accepted": "a link with no long URL (NULL) was accepted: a redirect to nowhere. Declare the long-URL "
                        "column NOT NULL.",
        },
        {
            "name": C_ORPHAN, "group": "constraints", "kind": "refuse", "call": "record_click",
            "data": ["user", "link", "click"],
            "params": {"code": {"fresh": "link.code"}, "clicked_at": {"time": "2025-01-02T12:00:00Z"}},
            "foreign_key": {"from": "record_click", "to": "create_link"},
            "refused": "a click for a code that does not exist stored nothing, and the clicks table references "
                       "the links table.",
            "accepted": "a click for the code {code}, which does not exist, was stored. Reference the links table "
                        "from the clicks table (a FOREIGN KEY) so the database refuses it.",
            "no_foreign_key": "{from_table} declares no FOREIGN KEY to {to_table}, so nothing stops a click for a "
                              "link that does not exist (or a link deleted later). Add REFERENCES {to_table} "
                              "to the column that says which link was clicked.",
        },
        {
            "name": Q_REDIRECT, "group": "queries", "kind": "rows", "query": "redirect", "data": ["user", "link"],
            "match": "all",
            "cases": [
                {"code": {"sample": "link", "field": "code", "n": {"visible": 12, "hidden": 25}}},
                {"code": {"edge": "link", "field": "code"}},
                {"code": {"fresh": "link.code"}},
            ],
            "rows_hint": "filter on the code column with = :code and select the long URL",
        },
        {
            "name": Q_STORED, "group": "queries", "kind": "stored", "entities": ["user", "link", "click"],
        },
        {
            "name": Q_USER, "group": "queries", "kind": "rows", "query": "user_links", "data": ["user", "link"],
            "match": "any", "ordered": True, "extra": {"limit": 1000, "offset": 0},
            "cases": [
                {"user_id": {"sample": "user", "field": "key", "n": {"visible": 3, "hidden": 6}, "skip_last": 2}},
                {"user_id": {"row": "user", "index": -1, "field": "key"}},
            ],
            "rows_hint": "filter on the owner column with = :user_id and select the code or the long URL",
            "order_hint": "ORDER BY the creation time DESC (newest first)",
        },
        {
            "name": Q_CLICKS, "group": "queries", "kind": "rows", "query": "clicks_per_day",
            "data": ["user", "link", "click"], "match": "all", "ordered": False,
            "cases": [
                {"code": {"sample": "link", "field": "code", "n": {"visible": 3, "hidden": 6}, "first": 0.2}},
                {"code": {"row": "link", "index": 0, "field": "code"}},
                {"code": {"row": "link", "index": -1, "field": "code"}},
            ],
            "rows_hint": "count only that link's clicks and group them by calendar day in UTC, e.g. "
                         "GROUP BY (clicked_at AT TIME ZONE 'UTC')::date or date_trunc('day', clicked_at)",
        },
        {
            "name": P_REDIRECT, "group": "plans", "kind": "index", "query": "redirect", "table_of": "create_link",
            "hint": "make the code column the PRIMARY KEY or UNIQUE (both create an index), or CREATE INDEX on it",
        },
        {
            "name": P_USER, "group": "plans", "kind": "index", "query": "user_links", "table_of": "create_link",
            "hint": "CREATE INDEX ON <links table> (<owner column>, <created column> DESC)",
            "sort_tip": "the rows are sorted after they are found (a Sort node); an index on (owner, created "
                        "DESC) would return them in order already.",
        },
        {
            "name": P_CLICKS, "group": "plans", "kind": "index", "query": "clicks_per_day",
            "table_of": "record_click",
            "hint": "CREATE INDEX ON <clicks table> (<link column>, <time column>)",
        },
    ],
    "kv": {
        "title": "Key-value design",
        "key_fields": ["code"],
        "fields": ["code", "long_url", "user_id", "created_at", "expires_at", "click_count"],
        "must_hold": ["long_url"],
        "ttl": {"seconds": 30 * 86_400, "reason": "links of the free tier expire 30 days after they are created",
                "said": "30 days"},
        "patterns": ["redirect", "create_link", "user_links", "clicks_per_day"],
        "single_get": ["redirect"],
        "why_not": {
            "user_links": "listing a user's links needs another key per user (e.g. user:{user_id}:links), "
                          "or a secondary index (a DynamoDB global secondary index), kept up to date on every write",
            "clicks_per_day": "daily counts need counters under other keys (e.g. clicks:{code}:{day})",
            "create_link": "creating a link is a SET (ideally set-if-absent, SET ... NX), not a GET",
        },
        "example_key": "link:{code}",
    },
}
