"""Schemas and queries for tests/test_schema.py: correct variants and wrong ones (data, plus a sanity test).

Each correct variant is a different but sound design (names, key choices,
types, index styles); each wrong one breaks exactly one criterion.
"""

from __future__ import annotations

REFERENCE_DDL = """
CREATE TABLE users (
    id         BIGSERIAL PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE links (
    id         BIGSERIAL PRIMARY KEY,
    code       VARCHAR(10) NOT NULL UNIQUE,
    long_url   TEXT NOT NULL,
    user_id    BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ
);
CREATE INDEX ON links (user_id, created_at DESC);
CREATE TABLE clicks (
    id         BIGSERIAL PRIMARY KEY,
    link_id    BIGINT NOT NULL REFERENCES links(id),
    clicked_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    referrer   TEXT
);
CREATE INDEX clicks_link_time ON clicks (link_id, clicked_at);
"""

REFERENCE_QUERIES = {
    "redirect": "SELECT long_url FROM links WHERE code = :code",
    "create_link": "INSERT INTO links (code, long_url, user_id) VALUES (:code, :long_url, :user_id)",
    "user_links": "SELECT code, long_url, created_at FROM links WHERE user_id = :user_id ORDER BY created_at DESC",
    "clicks_per_day": """
        SELECT date_trunc('day', c.clicked_at) AS day, count(*) AS clicks
        FROM clicks c JOIN links l ON l.id = c.link_id
        WHERE l.code = :code
        GROUP BY 1 ORDER BY 1""",
}


def ref(**changes):
    """The reference queries with some replaced."""
    q = dict(REFERENCE_QUERIES)
    q.update(changes)
    return q


def swap(old: str, new: str, ddl: str = REFERENCE_DDL) -> str:
    assert old in ddl, old
    return ddl.replace(old, new)


# -- correct designs: full credit -------------------------------------------------------------

CORRECT = {
    "reference": (REFERENCE_DDL, REFERENCE_QUERIES),
    "code-primary-key": (
        """
        CREATE TABLE accounts (account_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE short_urls (
            slug        TEXT PRIMARY KEY,
            destination TEXT NOT NULL,
            owner_id    BIGINT NOT NULL REFERENCES accounts(account_id),
            made_at     TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX short_urls_owner ON short_urls (owner_id, made_at DESC);
        CREATE TABLE visits (
            visit_id   BIGSERIAL PRIMARY KEY,
            slug       TEXT NOT NULL REFERENCES short_urls(slug),
            visited_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX ON visits (slug, visited_at);
        """,
        {
            "redirect": "SELECT destination FROM short_urls WHERE slug = :code",
            "create_link": "INSERT INTO short_urls (slug, destination, owner_id) VALUES (:code, :long_url, :user_id)",
            "user_links": "SELECT slug, destination FROM short_urls WHERE owner_id = :user_id ORDER BY made_at DESC",
            "clicks_per_day": "SELECT visited_at::date AS day, count(*) FROM visits WHERE slug = :code GROUP BY visited_at::date",
        },
    ),
    "uppercase-table-pk-constraint": (
        """
        CREATE TABLE URL_MAP (
            SHORT_KEY VARCHAR(7) NOT NULL,
            TARGET    VARCHAR(2048) NOT NULL,
            OWNER     VARCHAR(64) NOT NULL,
            CREATED   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            PRIMARY KEY (SHORT_KEY)
        );
        CREATE INDEX URL_MAP_OWNER ON URL_MAP (OWNER, CREATED);
        CREATE TABLE HITS (
            SHORT_KEY VARCHAR(7) NOT NULL REFERENCES URL_MAP (SHORT_KEY),
            HIT_AT    TIMESTAMP NOT NULL,
            SEQ       INTEGER NOT NULL,
            PRIMARY KEY (SHORT_KEY, HIT_AT, SEQ)
        );
        """,
        {
            "redirect": "SELECT TARGET FROM URL_MAP WHERE SHORT_KEY = :code",
            "create_link": "INSERT INTO URL_MAP (SHORT_KEY, TARGET, OWNER) VALUES (:code, :long_url, :user_id)",
            "user_links": "SELECT SHORT_KEY FROM URL_MAP WHERE OWNER = :user_id ORDER BY CREATED DESC",
            "clicks_per_day": "SELECT CAST(HIT_AT AS DATE) AS D, COUNT(*) AS N FROM HITS WHERE SHORT_KEY = :code GROUP BY CAST(HIT_AT AS DATE) ORDER BY D",
        },
    ),
    "separate-unique-index": (
        """
        CREATE TABLE users (id SERIAL PRIMARY KEY, handle TEXT NOT NULL);
        CREATE TABLE links (
            id SERIAL PRIMARY KEY,
            short_code TEXT NOT NULL,
            original_url TEXT NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created_at TIMESTAMPTZ DEFAULT now() NOT NULL
        );
        CREATE UNIQUE INDEX CONCURRENTLY links_short_code_key ON links USING btree (short_code);
        CREATE INDEX links_user_idx ON links (user_id);
        CREATE TABLE click_events (
            id BIGSERIAL PRIMARY KEY,
            link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
            occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            user_agent TEXT,
            ip INET
        );
        CREATE INDEX click_events_link_idx ON click_events (link_id);
        """,
        {
            "redirect": "SELECT l.original_url FROM links AS l WHERE l.short_code = :code",
            "create_link": "INSERT INTO links (short_code, original_url, user_id) VALUES (:code, :long_url, :user_id) RETURNING id",
            "user_links": "SELECT l.short_code, l.original_url FROM links l WHERE l.user_id = :user_id ORDER BY l.created_at DESC LIMIT :limit",
            "clicks_per_day": """SELECT DATE(e.occurred_at) AS day, COUNT(*) AS n
                                 FROM click_events e JOIN links l ON e.link_id = l.id
                                 WHERE l.short_code = :code GROUP BY DATE(e.occurred_at) ORDER BY day DESC""",
        },
    ),
    "uuid-keys": (
        """
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
        CREATE TABLE members (member_id UUID PRIMARY KEY DEFAULT gen_random_uuid(), email TEXT UNIQUE);
        CREATE TABLE links (
            link_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
            alias TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            member_id UUID REFERENCES members(member_id),
            inserted_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX links_member_inserted ON links (member_id, inserted_at DESC NULLS LAST);
        CREATE TABLE clicks (
            click_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
            link_id UUID NOT NULL REFERENCES links(link_id),
            at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX ON clicks (link_id);
        COMMENT ON TABLE clicks IS 'one row per redirect';
        """,
        {
            "redirect": "SELECT url FROM links WHERE alias = :code",
            "create_link": "INSERT INTO links (alias, url, member_id) VALUES (:code, :long_url, :user_id)",
            "user_links": "SELECT alias, url FROM links WHERE member_id = :user_id ORDER BY inserted_at DESC",
            "clicks_per_day": """SELECT date_trunc('day', c.at) AS day, count(*)
                                 FROM clicks c WHERE c.link_id = (SELECT link_id FROM links WHERE alias = :code)
                                 GROUP BY 1""",
        },
    ),
    "no-users-table": (
        """
        CREATE TABLE links (
            code CHAR(7) PRIMARY KEY,
            long_url TEXT NOT NULL,
            owner TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX links_owner_created ON links (owner, created_at DESC);
        CREATE TABLE clicks (
            code CHAR(7) NOT NULL REFERENCES links(code),
            clicked_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX clicks_code_day ON clicks (code, clicked_at);
        """,
        {
            "redirect": "SELECT long_url FROM links WHERE code = :code",
            "create_link": "INSERT INTO links (code, long_url, owner) VALUES (:code, :long_url, :user_id) ON CONFLICT DO NOTHING",
            "user_links": "SELECT * FROM links WHERE owner = :user_id ORDER BY created_at DESC",
            "clicks_per_day": "SELECT date(clicked_at) d, count(*) c FROM clicks WHERE code = :code GROUP BY d ORDER BY d",
        },
    ),
    "quoted-names": (
        """
        CREATE TABLE "Link" (
            "Id" BIGSERIAL PRIMARY KEY,
            "ShortCode" TEXT NOT NULL UNIQUE,
            "LongUrl" TEXT NOT NULL,
            "UserId" BIGINT,
            "CreatedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX "Link_UserId" ON "Link" ("UserId", "CreatedAt");
        CREATE TABLE "Click" (
            "Id" BIGSERIAL PRIMARY KEY,
            "LinkId" BIGINT NOT NULL REFERENCES "Link" ("Id"),
            "At" TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX "Click_LinkId" ON "Click" ("LinkId");
        """,
        {
            "redirect": 'SELECT "LongUrl" FROM "Link" WHERE "ShortCode" = :code',
            "create_link": 'INSERT INTO "Link" ("ShortCode", "LongUrl", "UserId") VALUES (:code, :long_url, :user_id)',
            "user_links": 'SELECT "ShortCode" FROM "Link" WHERE "UserId" = :user_id ORDER BY "CreatedAt" DESC',
            "clicks_per_day": """SELECT date_trunc('day', k."At") AS day, count(*) FROM "Click" k
                                 JOIN "Link" l ON l."Id" = k."LinkId" WHERE l."ShortCode" = :code GROUP BY 1""",
        },
    ),
    "identity-by-default-and-check": (
        """
        CREATE TABLE users (
            id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            plan TEXT NOT NULL CHECK (plan IN ('free', 'pro'))
        );
        CREATE TABLE links (
            id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            token VARCHAR(12) NOT NULL,
            target_url TEXT NOT NULL CHECK (length(target_url) > 0),
            created_by INTEGER NOT NULL REFERENCES users(id),
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
            CONSTRAINT links_token_unique UNIQUE (token)
        );
        CREATE INDEX idx_links_created_by ON links (created_by, created_at DESC);
        CREATE TABLE link_clicks (
            link_id INTEGER NOT NULL,
            clicked_at TIMESTAMPTZ NOT NULL,
            country CHAR(2) NOT NULL,
            CONSTRAINT fk_link FOREIGN KEY (link_id) REFERENCES links (id)
        );
        CREATE INDEX idx_link_clicks_link ON link_clicks (link_id, clicked_at);
        """,
        {
            "redirect": "SELECT target_url FROM links WHERE token = :code AND status = 'active'",
            "create_link": "INSERT INTO links (token, target_url, created_by, created_at) VALUES (:code, :long_url, :user_id, :created_at)",
            "user_links": "SELECT token, target_url, created_at FROM links WHERE created_by = :user_id ORDER BY created_at DESC, id DESC",
            "clicks_per_day": """SELECT c.clicked_at::date AS day, COUNT(*) AS clicks FROM link_clicks AS c
                                 INNER JOIN links AS l ON c.link_id = l.id WHERE l.token = :code
                                 GROUP BY c.clicked_at::date ORDER BY day""",
        },
    ),
    "epoch-integers": (
        """
        CREATE TABLE links (
            id BIGSERIAL PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            user_id BIGINT NOT NULL,
            created_ts BIGINT NOT NULL
        );
        CREATE INDEX ON links (user_id);
        CREATE TABLE clicks (
            link_id BIGINT NOT NULL REFERENCES links(id),
            ts_epoch BIGINT NOT NULL
        );
        CREATE INDEX ON clicks (link_id);
        """,
        {
            "redirect": "SELECT url FROM links WHERE code = :code",
            "create_link": "INSERT INTO links (code, url, user_id, created_ts) VALUES (:code, :long_url, :user_id, 1767225600)",
            "user_links": "SELECT code FROM links WHERE user_id = :user_id ORDER BY created_ts DESC",
            "clicks_per_day": """SELECT ts_epoch / 86400 * 86400 AS day, count(*) FROM clicks
                                 WHERE link_id = (SELECT id FROM links WHERE code = :code) GROUP BY 1""",
        },
    ),
    "comments-and-drops": (
        """
        -- URL shortener schema
        DROP TABLE IF EXISTS clicks;
        DROP TABLE IF EXISTS links;
        /* links: one row per short code */
        CREATE TABLE links (
            id bigserial primary key,
            code varchar(16) not null unique,  -- base62
            long_url text not null,
            user_id bigint,
            created_at timestamptz not null default now()
        );
        create index links_by_user on links (user_id, created_at desc);
        create table clicks (
            id bigserial primary key,
            link_id bigint not null references links on delete cascade,
            clicked_at timestamptz not null default now()
        );
        create index clicks_by_link on clicks (link_id, clicked_at);
        """,
        {
            "redirect": "select long_url from links where code = :code limit 1",
            "create_link": "insert into links (code, long_url, user_id) values (:code, :long_url, :user_id)",
            "user_links": "select code, long_url from links where user_id = :user_id order by created_at desc limit :limit offset :offset",
            "clicks_per_day": """select date_trunc('day', clicked_at) as day, count(*) from clicks
                                 where link_id in (select id from links where code = :code) group by 1 order by 1""",
        },
    ),
    "cte-and-expiry": (
        """
        CREATE TABLE links (
            id BIGSERIAL PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            long_url TEXT NOT NULL,
            owner_id BIGINT,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            expires_at TIMESTAMPTZ
        );
        CREATE INDEX links_owner ON links (owner_id);
        CREATE TABLE clicks (
            id BIGSERIAL PRIMARY KEY,
            link_id BIGINT NOT NULL REFERENCES links(id),
            clicked_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX clicks_link ON clicks (link_id);
        """,
        {
            "redirect": "SELECT long_url FROM links WHERE code = :code AND (expires_at IS NULL OR expires_at > now())",
            "create_link": "INSERT INTO links (code, long_url, owner_id, expires_at) VALUES (:code, :long_url, :user_id, :expires_at)",
            "user_links": "SELECT code, created_at FROM links WHERE owner_id = :user_id ORDER BY created_at DESC",
            "clicks_per_day": """WITH l AS (SELECT id FROM links WHERE code = :code)
                                 SELECT date_trunc('day', clicks.clicked_at) AS day, count(*) AS n
                                 FROM clicks JOIN l ON clicks.link_id = l.id GROUP BY 1 ORDER BY 1""",
        },
    ),
    "text-user-ids-fk": (
        """
        CREATE TABLE users (username VARCHAR(32) PRIMARY KEY, joined TIMESTAMPTZ NOT NULL DEFAULT now());
        CREATE TABLE links (
            id BIGSERIAL PRIMARY KEY,
            hash VARCHAR(8) NOT NULL UNIQUE,
            destination_url TEXT NOT NULL,
            username VARCHAR(32) REFERENCES users(username),
            added TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX ON links (username, added DESC);
        CREATE TABLE hits (
            id BIGSERIAL PRIMARY KEY,
            link BIGINT NOT NULL REFERENCES links(id),
            at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX ON hits (link, at);
        """,
        {
            "redirect": "SELECT destination_url FROM links WHERE hash = :code",
            "create_link": "INSERT INTO links (hash, destination_url, username) VALUES (:code, :long_url, :user_id)",
            "user_links": "SELECT hash FROM links WHERE username = :user_id ORDER BY added DESC",
            "clicks_per_day": "SELECT at::date, count(*) FROM hits h JOIN links ON links.id = h.link WHERE links.hash = :code GROUP BY 1",
        },
    ),
    "composite-pk-clicks": (
        """
        CREATE TABLE links (
            code TEXT NOT NULL,
            long_url TEXT NOT NULL,
            user_id BIGINT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            CONSTRAINT links_pk PRIMARY KEY (code)
        );
        CREATE INDEX links_user ON links (user_id, created_at DESC);
        CREATE TABLE daily_clicks_raw (
            code TEXT NOT NULL,
            clicked_at TIMESTAMPTZ NOT NULL,
            n SMALLINT NOT NULL DEFAULT 1,
            FOREIGN KEY (code) REFERENCES links (code)
        );
        CREATE INDEX daily_clicks_raw_code ON daily_clicks_raw (code, clicked_at);
        """,
        {
            "redirect": "SELECT long_url, created_at FROM links WHERE code = :code",
            "create_link": "INSERT INTO links (code, long_url, user_id, created_at) VALUES (:code, :long_url, :user_id, now())",
            "user_links": "SELECT code, long_url FROM links WHERE user_id = :user_id ORDER BY created_at DESC",
            "clicks_per_day": "SELECT date_trunc('day', clicked_at) AS day, SUM(n) AS clicks FROM daily_clicks_raw WHERE code = :code GROUP BY 1",
        },
    ),
    "bigint-explicit-ids": (
        """
        CREATE TABLE links (
            link_id BIGINT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            long_url TEXT NOT NULL,
            user_id BIGINT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX ON links (user_id, created_at);
        CREATE TABLE clicks (
            link_id BIGINT NOT NULL REFERENCES links (link_id),
            clicked_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX ON clicks (link_id, clicked_at);
        """,
        {
            "redirect": "SELECT long_url FROM links WHERE code = :code",
            "create_link": "INSERT INTO links (link_id, code, long_url, user_id) SELECT coalesce(max(link_id), 0) + 1, :code, :long_url, :user_id FROM links",
            "user_links": "SELECT code FROM links WHERE user_id = :user_id ORDER BY created_at DESC",
            "clicks_per_day": """SELECT date_trunc('day', clicked_at), count(*) FROM clicks
                                 JOIN links USING (link_id) WHERE code = :code GROUP BY 1""",
        },
    ),
    "hash-index-and-partial-extra": (
        """
        CREATE TABLE links (
            id BIGSERIAL PRIMARY KEY,
            code TEXT NOT NULL,
            long_url TEXT NOT NULL,
            user_id BIGINT,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            deleted_at TIMESTAMPTZ,
            UNIQUE (code)
        );
        CREATE INDEX links_code_hash ON links USING hash (code);
        CREATE INDEX links_live_by_user ON links (user_id, created_at) INCLUDE (code);
        CREATE TABLE clicks (
            link_id BIGINT NOT NULL REFERENCES links(id),
            clicked_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            referrer TEXT,
            tags TEXT[]
        );
        CREATE INDEX clicks_link ON clicks (link_id, clicked_at DESC);
        """,
        {
            "redirect": "SELECT long_url FROM links WHERE code = :code AND deleted_at IS NULL",
            "create_link": "INSERT INTO links (code, long_url, user_id, created_at) VALUES (:code, :long_url, :user_id, :created_at)",
            "user_links": "SELECT code, long_url FROM links WHERE user_id = :user_id AND deleted_at IS NULL ORDER BY created_at DESC",
            "clicks_per_day": """SELECT date_trunc('day', c.clicked_at) AS day, count(*) FROM clicks c
                                 WHERE c.link_id = (SELECT id FROM links WHERE code = :code)
                                 GROUP BY date_trunc('day', c.clicked_at) ORDER BY day DESC""",
        },
    ),
    "to-char-day": (
        swap("CREATE INDEX clicks_link_time ON clicks (link_id, clicked_at);",
             "CREATE INDEX clicks_link_time ON clicks USING btree (link_id);"),
        ref(clicks_per_day="""SELECT to_char(c.clicked_at, 'YYYY-MM-DD') AS day, count(c.id)
                              FROM clicks c JOIN links l ON l.id = c.link_id
                              WHERE l.code = :code GROUP BY to_char(c.clicked_at, 'YYYY-MM-DD')"""),
    ),
    "postgres-isms": (
        swap("created_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n    expires_at",
             "created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),\n    expires_at"),
        ref(create_link="INSERT INTO links (code, long_url, user_id) VALUES (:code, :long_url, :user_id) "
                        "ON CONFLICT (code) DO NOTHING RETURNING id",
            redirect="SELECT long_url FROM links WHERE code = :code AND (expires_at IS NULL OR expires_at > now())",
            clicks_per_day="""SELECT date_trunc('day', c.clicked_at AT TIME ZONE 'UTC')::date AS day, count(*)::int
                              FROM clicks c JOIN links l ON l.id = c.link_id
                              WHERE l.code = :code AND c.clicked_at > CURRENT_DATE - 36500
                              GROUP BY 1 ORDER BY 1"""),
    ),
}


# -- wrong designs: each loses exactly one criterion ------------------------------------------

from autograder.schema._shortener import (  # noqa: E402
    C_DUPLICATE,
    C_ORPHAN,
    C_URL,
    P_CLICKS,
    P_REDIRECT,
    P_USER,
    Q_CLICKS,
    Q_CREATE,
    Q_REDIRECT,
    Q_USER,
)

WRONG = {
    "code-not-unique": (
        swap("code       VARCHAR(10) NOT NULL UNIQUE,", "code       VARCHAR(10) NOT NULL,")
        + "CREATE INDEX links_code ON links (code);",
        REFERENCE_QUERIES, C_DUPLICATE, "declare it UNIQUE"),
    "long-url-nullable": (
        swap("long_url   TEXT NOT NULL,", "long_url   TEXT,"),
        REFERENCE_QUERIES, C_URL, "NOT NULL"),
    "click-without-foreign-key": (
        swap("link_id    BIGINT NOT NULL REFERENCES links(id),", "link_id    BIGINT NOT NULL,"),
        REFERENCE_QUERIES, C_ORPHAN, "declares no foreign key"),
    "click-references-users": (
        swap("link_id    BIGINT NOT NULL REFERENCES links(id),", "link_id    BIGINT NOT NULL REFERENCES users(id),"),
        REFERENCE_QUERIES, C_ORPHAN, "references `users`"),
    "click-references-wrong-column": (
        swap("link_id    BIGINT NOT NULL REFERENCES links(id),", "link_id    BIGINT NOT NULL REFERENCES links(code),"),
        REFERENCE_QUERIES, C_ORPHAN, "Make the two agree"),
    "no-index-on-owner": (
        swap("CREATE INDEX ON links (user_id, created_at DESC);", ""),
        REFERENCE_QUERIES, P_USER, "CREATE INDEX ON links (user_id, created_at DESC)"),
    "owner-index-second-column": (
        swap("CREATE INDEX ON links (user_id, created_at DESC);", "CREATE INDEX ON links (created_at, user_id);"),
        REFERENCE_QUERIES, P_USER, "not first"),
    "no-index-on-click-link": (
        swap("CREATE INDEX clicks_link_time ON clicks (link_id, clicked_at);", ""),
        REFERENCE_QUERIES, P_CLICKS, "CREATE INDEX ON clicks (link_id, clicked_at)"),
    "redirect-lower-defeats-index": (
        REFERENCE_DDL, ref(redirect="SELECT long_url FROM links WHERE lower(code) = lower(:code)"),
        P_REDIRECT, "compare the bare column"),
    "redirect-concatenation-defeats-index": (
        REFERENCE_DDL, ref(redirect="SELECT long_url FROM links WHERE code || '' = :code"),
        P_REDIRECT, "compare the bare column"),
    "redirect-selects-code-only": (
        REFERENCE_DDL, ref(redirect="SELECT code FROM links WHERE code = :code"),
        Q_REDIRECT, "select the long-URL column"),
    "create-link-is-a-select": (
        REFERENCE_DDL, ref(create_link="SELECT :code, :long_url"),
        Q_CREATE, "should INSERT"),
    "create-link-misses-required-column": (
        swap("created_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n    expires_at",
             "created_at TIMESTAMPTZ NOT NULL,\n    expires_at"),
        REFERENCE_QUERIES, Q_CREATE, "DEFAULT"),
    "user-links-unordered": (
        swap("CREATE INDEX ON links (user_id, created_at DESC);", "CREATE INDEX ON links (user_id);"),
        ref(user_links="SELECT code, long_url FROM links WHERE user_id = :user_id"),
        Q_USER, "ORDER BY `created_at` DESC"),
    "user-links-oldest-first": (
        REFERENCE_DDL, ref(user_links="SELECT code FROM links WHERE user_id = :user_id ORDER BY created_at"),
        Q_USER, "newest first"),
    "user-links-no-identity": (
        REFERENCE_DDL, ref(user_links="SELECT created_at FROM links WHERE user_id = :user_id ORDER BY created_at DESC"),
        Q_USER, "neither the link's code nor its URL"),
    "clicks-grouped-by-timestamp": (
        REFERENCE_DDL, ref(clicks_per_day="""SELECT c.clicked_at, count(*) FROM clicks c JOIN links l ON l.id = c.link_id
                                             WHERE l.code = :code GROUP BY c.clicked_at"""),
        Q_CLICKS, "group by the day"),
    "clicks-count-distinct-links": (
        REFERENCE_DDL, ref(clicks_per_day="""SELECT date_trunc('day', c.clicked_at), count(DISTINCT l.id)
                                             FROM clicks c JOIN links l ON l.id = c.link_id
                                             WHERE l.code = :code GROUP BY 1"""),
        Q_CLICKS, "daily counts are wrong"),
}


def test_variants_are_distinct_and_wrong_ones_name_a_known_criterion():
    from autograder.schema import CONSTRAINTS, PLANS, QUERIES

    assert len({(ddl, str(sorted(q.items()))) for ddl, q in CORRECT.values()}) == len(CORRECT)
    assert len({(ddl, str(sorted(q.items()))) for ddl, q, *_ in WRONG.values()}) == len(WRONG)
    assert {crit for *_, crit, _hint in WRONG.values()} <= set(CONSTRAINTS) | set(QUERIES) | set(PLANS)
