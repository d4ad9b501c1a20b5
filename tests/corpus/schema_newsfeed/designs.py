"""A public corpus of news-feed data models written the way engineers write them (tests/test_schema_newsfeed.py
judges it on the ``newsfeed`` scenario).

``CORRECT``: name -> (ddl, queries), each deserving full marks.
``WRONG``: name -> (ddl, queries, criteria it must lose), each a realistic slip.

Where the styles come from: Xu's news-feed chapter (a post table, a follow relation, fan-out of post
ids into per-user feeds), Hello Interview's core entities (User, Post, Follow with followerId and
followedId), the System Design Primer's Twitter exercise (tweets, a user graph), and the PostgreSQL
habits of the field: serial, identity, UUID (random and time-ordered v7) keys, composite primary keys
or a surrogate key plus UNIQUE for follows, TIMESTAMPTZ or TIMESTAMP, soft-deleted follows, a
denormalised follower counter, a partitioned posts table, keyset cursors on the time alone or on
(time, id), joins, IN, EXISTS, CTEs, ANY(ARRAY(...)) and LATERAL top-N per followee.
Wrong designs are one edit of a correct one, applied to differently written bases.
"""

from __future__ import annotations

# -- correct bases -------------------------------------------------------------------------------------

XU = ("""
CREATE TABLE users (
    user_id    BIGSERIAL PRIMARY KEY,
    username   VARCHAR(50) NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE posts (
    post_id    BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (user_id),
    content    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_posts_user_created ON posts (user_id, created_at DESC);
CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users (user_id),
    followee_id BIGINT NOT NULL REFERENCES users (user_id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX idx_follows_followee ON follows (followee_id);
""", {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING user_id",
    "follow": "INSERT INTO follows (follower_id, followee_id) VALUES (:follower_id, :followee_id)",
    "unfollow": "DELETE FROM follows WHERE follower_id = :follower_id AND followee_id = :followee_id",
    "publish_post": "INSERT INTO posts (user_id, content, created_at) VALUES (:user_id, :body, :created_at) "
                    "RETURNING post_id",
    "user_posts": "SELECT post_id, content, created_at FROM posts WHERE user_id = :user_id "
                  "ORDER BY created_at DESC LIMIT :limit",
    "home_timeline": "SELECT p.post_id, p.user_id, p.content, p.created_at FROM posts p "
                     "JOIN follows f ON f.followee_id = p.user_id "
                     "WHERE f.follower_id = :user_id AND p.created_at < :before "
                     "ORDER BY p.created_at DESC LIMIT :limit",
    "followers": "SELECT u.user_id, u.username FROM follows f JOIN users u ON u.user_id = f.follower_id "
                 "WHERE f.followee_id = :user_id",
    "follower_count": "SELECT COUNT(*) AS followers FROM follows WHERE followee_id = :user_id",
})

HELLO_UUID = ("""
create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null unique
);
create table posts (
  id uuid primary key default gen_random_uuid(),
  author_id uuid not null references users(id) on delete cascade,
  content text not null,
  created_at timestamptz not null default now()
);
create index posts_author_created_idx on posts (author_id, created_at desc, id desc);
create table follows (
  follower_id uuid not null references users(id) on delete cascade,
  followed_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (follower_id, followed_id),
  check (follower_id <> followed_id)
);
create index follows_followed_idx on follows (followed_id, follower_id);
""", {
    "create_user": "insert into users (username) values (:username) returning id",
    "follow": "insert into follows (follower_id, followed_id) values (:follower_id, :followee_id) "
              "on conflict do nothing",
    "unfollow": "delete from follows where follower_id = :follower_id and followed_id = :followee_id",
    "publish_post": "insert into posts (author_id, content, created_at) values (:user_id, :body, :created_at) "
                    "returning id",
    "user_posts": "select id, content, created_at from posts where author_id = :user_id "
                  "order by created_at desc, id desc limit :limit",
    "home_timeline": "select id, author_id, content, created_at from posts "
                     "where author_id in (select followed_id from follows where follower_id = :user_id) "
                     "and (created_at, id) < (:before, :before_id) "
                     "order by created_at desc, id desc limit :limit",
    "followers": "select u.username from users u join follows f on f.follower_id = u.id "
                 "where f.followed_id = :user_id",
    "follower_count": "select count(*) from follows where followed_id = :user_id",
})

PRIMER = ("""
CREATE TABLE users (
    id         SERIAL PRIMARY KEY,
    handle     VARCHAR(32) NOT NULL UNIQUE,
    joined_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE tweets (
    tweet_id   SERIAL PRIMARY KEY,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    text       VARCHAR(280) NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX tweets_author_time ON tweets (author_id, created_at DESC);
CREATE TABLE user_graph (
    follower_id INTEGER NOT NULL REFERENCES users (id),
    followee_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX user_graph_followee ON user_graph (followee_id);
""", {
    "create_user": "INSERT INTO users (handle) VALUES (:username) RETURNING id",
    "follow": "INSERT INTO user_graph (follower_id, followee_id) VALUES (:follower_id, :followee_id)",
    "unfollow": "DELETE FROM user_graph WHERE follower_id = :follower_id AND followee_id = :followee_id",
    "publish_post": "INSERT INTO tweets (author_id, text, created_at) VALUES (:user_id, :body, :created_at) "
                    "RETURNING tweet_id",
    "user_posts": "SELECT text, created_at FROM tweets WHERE author_id = :user_id ORDER BY created_at DESC, tweet_id DESC "
                  "LIMIT :limit",
    "home_timeline": "SELECT t.tweet_id, t.text, t.created_at FROM tweets t "
                     "WHERE EXISTS (SELECT 1 FROM user_graph g WHERE g.follower_id = :user_id "
                     "AND g.followee_id = t.author_id) AND t.created_at < :before "
                     "ORDER BY t.created_at DESC, t.tweet_id DESC LIMIT :limit",
    "followers": "SELECT handle FROM users WHERE id IN (SELECT follower_id FROM user_graph WHERE followee_id = :user_id)",
    "follower_count": "SELECT count(follower_id) FROM user_graph WHERE followee_id = :user_id",
})

IDENTITY_SCHEMA = ("""
CREATE SCHEMA IF NOT EXISTS social;
CREATE TABLE social.accounts (
    account_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username   text NOT NULL,
    CONSTRAINT accounts_username_key UNIQUE (username)
);
CREATE TABLE social.posts (
    post_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL,
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 280),
    posted_at  timestamp with time zone NOT NULL,
    CONSTRAINT posts_account_fk FOREIGN KEY (account_id) REFERENCES social.accounts (account_id)
);
CREATE INDEX posts_account_posted ON social.posts USING btree (account_id, posted_at DESC, post_id DESC);
CREATE TABLE social.follows (
    follower_id bigint NOT NULL,
    followee_id bigint NOT NULL,
    followed_at timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT follows_pkey PRIMARY KEY (follower_id, followee_id),
    CONSTRAINT follows_follower_fk FOREIGN KEY (follower_id) REFERENCES social.accounts (account_id),
    CONSTRAINT follows_followee_fk FOREIGN KEY (followee_id) REFERENCES social.accounts (account_id),
    CONSTRAINT follows_not_self CHECK (follower_id <> followee_id)
);
CREATE INDEX follows_followee ON social.follows USING btree (followee_id, followed_at DESC);
""", {
    "create_user": "INSERT INTO social.accounts (username) VALUES (:username) RETURNING account_id",
    "follow": "INSERT INTO social.follows (follower_id, followee_id, followed_at) "
              "VALUES (:follower_id, :followee_id, coalesce(:created_at, now()))",
    "unfollow": "DELETE FROM social.follows WHERE (follower_id, followee_id) = (:follower_id, :followee_id)",
    "publish_post": "INSERT INTO social.posts (account_id, body, posted_at) VALUES (:user_id, :body, :created_at) "
                    "RETURNING post_id",
    "user_posts": "SELECT body, posted_at FROM social.posts WHERE account_id = :user_id "
                  "ORDER BY posted_at DESC, post_id DESC LIMIT :limit",
    "home_timeline": """
        SELECT p.post_id, p.body, p.posted_at
        FROM social.follows f
        JOIN social.posts p ON p.account_id = f.followee_id
        WHERE f.follower_id = :user_id
          AND (p.posted_at < :before OR (p.posted_at = :before AND p.post_id < :before_id))
        ORDER BY p.posted_at DESC, p.post_id DESC
        LIMIT :limit""",
    "followers": "SELECT a.username, f.followed_at FROM social.follows f "
                 "JOIN social.accounts a ON a.account_id = f.follower_id "
                 "WHERE f.followee_id = :user_id ORDER BY f.followed_at DESC",
    "follower_count": "SELECT count(*)::int AS follower_count FROM social.follows WHERE followee_id = :user_id",
})

SURROGATE_FOLLOW = ("""
CREATE TABLE "user" (
    id SERIAL PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL DEFAULT NOW()
);
CREATE TABLE post (
    id SERIAL PRIMARY KEY,
    user_id INT NOT NULL REFERENCES "user"(id),
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT NOW()
);
CREATE INDEX post_user_id_created_at_idx ON post(user_id, created_at DESC);
CREATE TABLE follow (
    id SERIAL PRIMARY KEY,
    follower_id INT NOT NULL REFERENCES "user"(id),
    following_id INT NOT NULL REFERENCES "user"(id),
    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    UNIQUE (follower_id, following_id)
);
CREATE INDEX follow_following_id_idx ON follow(following_id);
""", {
    "create_user": 'INSERT INTO "user" (name) VALUES (:username) RETURNING id',
    "follow": "INSERT INTO follow (follower_id, following_id, created_at) VALUES (:follower_id, :followee_id, "
              "COALESCE(:created_at, NOW())) ON CONFLICT (follower_id, following_id) DO NOTHING",
    "unfollow": "DELETE FROM follow WHERE follower_id = :follower_id AND following_id = :followee_id",
    "publish_post": "INSERT INTO post (user_id, text, created_at) VALUES (:user_id, :body, :created_at) RETURNING id",
    "user_posts": "SELECT id, text, created_at FROM post WHERE user_id = :user_id ORDER BY created_at DESC, id DESC",
    "home_timeline": "SELECT post.id, post.text, post.created_at FROM post "
                     "INNER JOIN follow ON follow.following_id = post.user_id "
                     "WHERE follow.follower_id = :user_id AND post.created_at < :before "
                     "ORDER BY post.created_at DESC, post.id DESC LIMIT :limit",
    "followers": 'SELECT "user".name FROM follow INNER JOIN "user" ON "user".id = follow.follower_id '
                 "WHERE follow.following_id = :user_id",
    "follower_count": "SELECT COUNT(*) FROM follow WHERE following_id = :user_id",
})

UUID7_CTE = ("""
CREATE TABLE users (
    id       uuid PRIMARY KEY DEFAULT uuidv7(),
    username text NOT NULL UNIQUE
);
CREATE TABLE posts (
    id         uuid PRIMARY KEY DEFAULT uuidv7(),
    user_id    uuid NOT NULL REFERENCES users,
    body       text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ON posts (user_id, created_at DESC, id DESC) INCLUDE (body);
CREATE TABLE follows (
    user_id    uuid NOT NULL REFERENCES users,
    target_id  uuid NOT NULL REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, target_id)
);
CREATE INDEX ON follows (target_id);
""", {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "follow": "INSERT INTO follows (user_id, target_id) VALUES (:follower_id, :followee_id) ON CONFLICT DO NOTHING",
    "unfollow": "DELETE FROM follows WHERE user_id = :follower_id AND target_id = :followee_id",
    "publish_post": "INSERT INTO posts (user_id, body, created_at) VALUES (:user_id, :body, :created_at) RETURNING id",
    "user_posts": "SELECT body, created_at FROM posts WHERE user_id = :user_id AND (created_at, id) < (:before, :before_id) "
                  "ORDER BY created_at DESC, id DESC LIMIT :limit",
    "home_timeline": """
        WITH following AS (
            SELECT target_id FROM follows WHERE user_id = :user_id
        )
        SELECT p.id, p.user_id, p.body, p.created_at
        FROM posts p
        WHERE p.user_id IN (SELECT target_id FROM following)
          AND (p.created_at, p.id) < (:before, :before_id)
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT :limit""",
    "followers": "SELECT u.username FROM follows f JOIN users u ON u.id = f.user_id WHERE f.target_id = :user_id",
    "follower_count": "SELECT count(*) AS n FROM follows WHERE target_id = :user_id",
})

SOFT_DELETE = ("""
CREATE TABLE users (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE
);
CREATE TABLE posts (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ
);
CREATE INDEX posts_author_feed ON posts (author_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users (id),
    followee_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    unfollowed_at TIMESTAMPTZ,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_active_followee ON follows (followee_id) WHERE unfollowed_at IS NULL;
""", {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "follow": "INSERT INTO follows (follower_id, followee_id) VALUES (:follower_id, :followee_id) "
              "ON CONFLICT (follower_id, followee_id) DO UPDATE SET unfollowed_at = NULL",
    "unfollow": "UPDATE follows SET unfollowed_at = now() WHERE follower_id = :follower_id "
                "AND followee_id = :followee_id AND unfollowed_at IS NULL",
    "publish_post": "INSERT INTO posts (author_id, body, created_at) VALUES (:user_id, :body, :created_at) RETURNING id",
    "user_posts": "SELECT body, created_at FROM posts WHERE author_id = :user_id AND deleted_at IS NULL "
                  "ORDER BY created_at DESC LIMIT :limit",
    "home_timeline": "SELECT p.id, p.body, p.created_at FROM follows f JOIN posts p ON p.author_id = f.followee_id "
                     "AND p.deleted_at IS NULL WHERE f.follower_id = :user_id AND f.unfollowed_at IS NULL "
                     "AND p.created_at < :before ORDER BY p.created_at DESC, p.id DESC LIMIT :limit",
    "followers": "SELECT u.username FROM follows f JOIN users u ON u.id = f.follower_id "
                 "WHERE f.followee_id = :user_id AND f.unfollowed_at IS NULL",
    "follower_count": "SELECT count(*) FROM follows WHERE followee_id = :user_id AND unfollowed_at IS NULL",
})

COUNTER_CACHE = ("""
CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    username        text NOT NULL UNIQUE,
    follower_count  integer NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
    following_count integer NOT NULL DEFAULT 0
);
CREATE TABLE posts (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    body       text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX posts_user_id_created_at ON posts (user_id, created_at DESC);
CREATE TABLE followers (
    user_id     bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    follower_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, follower_id)
);
CREATE UNIQUE INDEX followers_by_follower ON followers (follower_id, user_id);
""", {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "follow": """
        WITH f AS (
            INSERT INTO followers (user_id, follower_id) VALUES (:followee_id, :follower_id)
            ON CONFLICT DO NOTHING RETURNING user_id, follower_id
        ), a AS (
            UPDATE users SET follower_count = follower_count + 1 WHERE id IN (SELECT user_id FROM f)
        )
        UPDATE users SET following_count = following_count + 1 WHERE id IN (SELECT follower_id FROM f)""",
    "unfollow": """
        WITH d AS (
            DELETE FROM followers WHERE user_id = :followee_id AND follower_id = :follower_id
            RETURNING user_id, follower_id
        ), a AS (
            UPDATE users SET follower_count = follower_count - 1 WHERE id IN (SELECT user_id FROM d)
        )
        UPDATE users SET following_count = following_count - 1 WHERE id IN (SELECT follower_id FROM d)""",
    "publish_post": "INSERT INTO posts (user_id, body, created_at) VALUES (:user_id, :body, :created_at) RETURNING id",
    "user_posts": "SELECT body, created_at FROM posts WHERE user_id = :user_id ORDER BY created_at DESC LIMIT :limit",
    "home_timeline": "SELECT p.body, p.created_at FROM posts p WHERE p.user_id = ANY (ARRAY("
                     "SELECT user_id FROM followers WHERE follower_id = :user_id)) AND p.created_at < :before "
                     "ORDER BY p.created_at DESC LIMIT :limit",
    "followers": "SELECT u.username FROM followers f JOIN users u ON u.id = f.follower_id WHERE f.user_id = :user_id",
    "follower_count": "SELECT follower_count FROM users WHERE id = :user_id",
})

FANOUT = ("""
CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE
);
CREATE TABLE posts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES users (id),
    content TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX posts_author_created ON posts (author_id, created_at DESC, id DESC);
CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users (id),
    followee_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, follower_id);
-- fan-out on write (Xu ch. 11): each post id is copied into its followers' feeds when it is published
CREATE TABLE feed_items (
    user_id BIGINT NOT NULL REFERENCES users (id),
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, created_at, post_id)
);
""", {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "follow": "INSERT INTO follows (follower_id, followee_id) VALUES (:follower_id, :followee_id) ON CONFLICT DO NOTHING",
    "unfollow": """
        WITH gone AS (
            DELETE FROM follows WHERE follower_id = :follower_id AND followee_id = :followee_id
            RETURNING follower_id, followee_id
        )
        DELETE FROM feed_items fi USING gone
        WHERE fi.user_id = gone.follower_id AND fi.author_id = gone.followee_id""",
    "publish_post": """
        WITH p AS (
            INSERT INTO posts (author_id, content, created_at) VALUES (:user_id, :body, :created_at)
            RETURNING id, author_id, created_at
        ), fan AS (
            INSERT INTO feed_items (user_id, post_id, author_id, created_at)
            SELECT f.follower_id, p.id, p.author_id, p.created_at FROM p JOIN follows f ON f.followee_id = p.author_id
        )
        SELECT id FROM p""",
    "user_posts": "SELECT content, created_at FROM posts WHERE author_id = :user_id ORDER BY created_at DESC, id DESC "
                  "LIMIT :limit",
    "home_timeline": "SELECT p.id, p.content, p.created_at FROM feed_items fi JOIN posts p ON p.id = fi.post_id "
                     "WHERE fi.user_id = :user_id AND (fi.created_at, fi.post_id) < (:before, :before_id) "
                     "ORDER BY fi.created_at DESC, fi.post_id DESC LIMIT :limit",
    "followers": "SELECT u.username FROM follows f JOIN users u ON u.id = f.follower_id WHERE f.followee_id = :user_id",
    "follower_count": "SELECT count(*) FROM follows WHERE followee_id = :user_id",
})

LATERAL = ("""
CREATE TABLE app_user (
    user_id  bigint GENERATED ALWAYS AS IDENTITY,
    username varchar(40) NOT NULL,
    PRIMARY KEY (user_id),
    UNIQUE (username)
);
CREATE TABLE post (
    post_id    bigint GENERATED ALWAYS AS IDENTITY,
    author_id  bigint NOT NULL,
    body       varchar(500) NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (post_id),
    FOREIGN KEY (author_id) REFERENCES app_user (user_id)
);
CREATE INDEX post_author_recent ON post (author_id, created_at DESC, post_id DESC);
CREATE TABLE subscription (
    subscriber_id bigint NOT NULL,
    author_id     bigint NOT NULL,
    since         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber_id, author_id),
    FOREIGN KEY (subscriber_id) REFERENCES app_user (user_id),
    FOREIGN KEY (author_id) REFERENCES app_user (user_id)
);
CREATE INDEX subscription_author ON subscription (author_id);
""", {
    "create_user": "INSERT INTO app_user (username) VALUES (:username) RETURNING user_id",
    "follow": "INSERT INTO subscription (subscriber_id, author_id, since) "
              "VALUES (:follower_id, :followee_id, :created_at)",
    "unfollow": "DELETE FROM subscription WHERE subscriber_id = :follower_id AND author_id = :followee_id",
    "publish_post": "INSERT INTO post (author_id, body, created_at) VALUES (:user_id, :body, :created_at) "
                    "RETURNING post_id",
    "user_posts": "SELECT post_id, body, created_at FROM post WHERE author_id = :user_id "
                  "ORDER BY created_at DESC, post_id DESC LIMIT :limit",
    # top :limit per followee, then merged: each followee's newest posts come straight off the index
    "home_timeline": """
        SELECT recent.post_id, recent.author_id, recent.body, recent.created_at
        FROM subscription s
        CROSS JOIN LATERAL (
            SELECT p.post_id, p.author_id, p.body, p.created_at
            FROM post p
            WHERE p.author_id = s.author_id
              AND (p.created_at, p.post_id) < (:before, :before_id)
            ORDER BY p.created_at DESC, p.post_id DESC
            LIMIT :limit
        ) AS recent
        WHERE s.subscriber_id = :user_id
        ORDER BY recent.created_at DESC, recent.post_id DESC
        LIMIT :limit""",
    "followers": "SELECT u.username FROM subscription s JOIN app_user u ON u.user_id = s.subscriber_id "
                 "WHERE s.author_id = :user_id",
    "follower_count": "SELECT count(*) FROM subscription WHERE author_id = :user_id",
})

PARTITIONED = ("""
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    username text NOT NULL UNIQUE
);
CREATE TABLE posts (
    id bigserial,
    user_id bigint NOT NULL REFERENCES users (id),
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE posts_2025_03 PARTITION OF posts FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');
CREATE TABLE posts_default PARTITION OF posts DEFAULT;
CREATE INDEX posts_user_created ON posts (user_id, created_at DESC);
CREATE TABLE follows (
    follower_id bigint NOT NULL REFERENCES users (id),
    followee_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee_idx ON follows (followee_id);
""", {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "follow": "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (:follower_id, :followee_id, "
              ":created_at)",
    "unfollow": "DELETE FROM follows WHERE follower_id = :follower_id AND followee_id = :followee_id",
    "publish_post": "INSERT INTO posts (user_id, body, created_at) VALUES (:user_id, :body, :created_at) RETURNING id",
    "user_posts": "SELECT body, created_at FROM posts WHERE user_id = :user_id ORDER BY created_at DESC, id DESC "
                  "LIMIT :limit",
    "home_timeline": "SELECT p.body, p.created_at FROM follows f JOIN posts p ON p.user_id = f.followee_id "
                     "WHERE f.follower_id = :user_id AND (p.created_at, p.id) < (:before, :before_id) "
                     "ORDER BY p.created_at DESC, p.id DESC LIMIT :limit",
    "followers": "SELECT u.username FROM follows f JOIN users u ON u.id = f.follower_id WHERE f.followee_id = :user_id",
    "follower_count": "SELECT count(*) FROM follows WHERE followee_id = :user_id",
})

BASES = {
    "xu": XU, "hello-uuid": HELLO_UUID, "primer": PRIMER, "identity-schema": IDENTITY_SCHEMA,
    "surrogate-follow": SURROGATE_FOLLOW, "uuid7-cte": UUID7_CTE, "soft-delete": SOFT_DELETE,
    "counter-cache": COUNTER_CACHE, "fanout": FANOUT, "lateral": LATERAL, "partitioned": PARTITIONED,
}


def edit(base: tuple[str, dict], ddl: tuple[str, str] | None = None, **queries: str | tuple[str, str]) -> tuple:
    """A copy of ``base`` with one textual replacement in the DDL and/or in named queries.

    ``ddl=(old, new)`` replaces in the schema; ``name=(old, new)`` in that query; ``name="sql"`` swaps it.
    Every replacement must apply (an edit that silently does nothing would test the base instead).
    """
    text, qs = base[0], dict(base[1])
    if ddl is not None:
        assert ddl[0] in text, ddl[0]
        text = text.replace(ddl[0], ddl[1])
    for name, change in queries.items():
        if isinstance(change, tuple):
            assert change[0] in qs[name], (name, change[0])
            qs[name] = qs[name].replace(change[0], change[1])
        else:
            qs[name] = change
    return text, qs


CORRECT: dict[str, tuple[str, dict]] = {
    **BASES,
    # same bases, other habits
    "xu-upper-keyset": edit(XU, home_timeline=(
        "p.created_at < :before ", "(p.created_at, p.post_id) < (:before, :before_id) ")),
    "primer-timestamp3": edit(PRIMER, ddl=("created_at TIMESTAMP NOT NULL\n", "created_at TIMESTAMP(3) NOT NULL\n")),
    "surrogate-check-self": edit(SURROGATE_FOLLOW, ddl=(
        "UNIQUE (follower_id, following_id)", "UNIQUE (follower_id, following_id),\n    "
        "CHECK (follower_id <> following_id)")),
    "hello-followers-exists": edit(HELLO_UUID, followers=(
        "select u.username from users u where exists (select 1 from follows f where f.follower_id = u.id "
        "and f.followed_id = :user_id)")),
    "xu-not-exists-follow": edit(XU, follow=(
        "INSERT INTO follows (follower_id, followee_id) SELECT :follower_id, :followee_id WHERE NOT EXISTS "
        "(SELECT 1 FROM follows WHERE follower_id = :follower_id AND followee_id = :followee_id)")),
    "lateral-hash-followers": edit(LATERAL, ddl=(
        "CREATE INDEX subscription_author ON subscription (author_id);",
        "CREATE INDEX subscription_author ON subscription USING hash (author_id);")),
}

# -- wrong designs ----------------------------------------------------------------------------------------

C_DUPLICATE = "a duplicate follow is refused"
C_FOLLOW_USERS = "a follow must name existing users"
C_AUTHOR = "a post must have an existing author"
C_TIME = "a post without a time is refused"
Q_STORED = "every generated user, follow and post is stored"
Q_OWN = "user_posts returns the user's posts, newest first"
Q_TIMELINE = "home_timeline returns the followed users' posts, newest first, page by page"
Q_FOLLOWERS = "followers returns the usernames of a user's followers"
Q_COUNT = "follower_count counts a user's followers"
Q_UNFOLLOW = "unfollow removes the follow"
P_OWN = "user_posts is answered through an index"
P_FOLLOWERS = "followers is answered through an index"

WRONG: dict[str, tuple[str, dict, set[str]]] = {
    # constraints
    "follows-without-key": (*edit(XU, ddl=(",\n    PRIMARY KEY (follower_id, followee_id)", "")), {C_DUPLICATE}),
    "surrogate-without-unique": (*edit(SURROGATE_FOLLOW, ddl=(",\n    UNIQUE (follower_id, following_id)", ""),
                                       follow=(" ON CONFLICT (follower_id, following_id) DO NOTHING", "")),
                                 {C_DUPLICATE}),
    "follow-upsert-restamps": (*edit(IDENTITY_SCHEMA, follow=(
        "coalesce(:created_at, now()))", "coalesce(:created_at, now())) ON CONFLICT (follower_id, followee_id) "
        "DO UPDATE SET followed_at = EXCLUDED.followed_at")), {C_DUPLICATE}),
    "follows-without-foreign-keys": (*edit(PRIMER, ddl=(
        "    follower_id INTEGER NOT NULL REFERENCES users (id),\n    followee_id INTEGER NOT NULL REFERENCES users (id),",
        "    follower_id INTEGER NOT NULL,\n    followee_id INTEGER NOT NULL,")), {C_FOLLOW_USERS}),
    "posts-without-foreign-key": (*edit(UUID7_CTE, ddl=(
        "user_id    uuid NOT NULL REFERENCES users,\n    body", "user_id    uuid NOT NULL,\n    body")), {C_AUTHOR}),
    "author-nullable": (*edit(LATERAL, ddl=("author_id  bigint NOT NULL,", "author_id  bigint,")), {C_AUTHOR}),
    "post-time-nullable": (*edit(HELLO_UUID, ddl=(
        "created_at timestamptz not null default now()\n);\ncreate index posts",
        "created_at timestamptz default now()\n);\ncreate index posts")), {C_TIME}),
    "posts-keyed-by-author-and-time": (*edit(PRIMER, ddl=(
        "CREATE INDEX tweets_author_time ON tweets (author_id, created_at DESC);",
        "CREATE UNIQUE INDEX tweets_author_time ON tweets (author_id, created_at DESC);")),
                                       {Q_STORED, Q_OWN, Q_TIMELINE}),
    # the timeline
    "cursor-inclusive": (*edit(XU, home_timeline=("p.created_at < :before", "p.created_at <= :before")), {Q_TIMELINE}),
    "timeline-by-id": (*edit(SOFT_DELETE, home_timeline=(
        "ORDER BY p.created_at DESC, p.id DESC", "ORDER BY p.id DESC")), {Q_TIMELINE}),
    "timeline-without-order": (*edit(LATERAL, home_timeline=(
        "        WHERE s.subscriber_id = :user_id\n        ORDER BY recent.created_at DESC, recent.post_id DESC\n",
        "        WHERE s.subscriber_id = :user_id\n")), {Q_TIMELINE}),
    "timeline-with-own-posts": (*edit(PRIMER, home_timeline=(
        "AND g.followee_id = t.author_id)", "AND g.followee_id = t.author_id) OR t.author_id = :user_id")),
                                {Q_TIMELINE}),
    "cursor-both-columns-below": (*edit(PARTITIONED, home_timeline=(
        "(p.created_at, p.id) < (:before, :before_id)", "p.created_at < :before AND p.id < :before_id")),
                                  {Q_TIMELINE}),
    "timeline-oldest-first": (*edit(HELLO_UUID, home_timeline=(
        "order by created_at desc, id desc", "order by created_at, id")), {Q_TIMELINE}),
    "fanout-unfollow-keeps-feed": (*edit(FANOUT, unfollow=(
        "DELETE FROM follows WHERE follower_id = :follower_id AND followee_id = :followee_id")), {Q_TIMELINE}),
    "offset-pagination": (*edit(XU, home_timeline=(
        "SELECT p.content, p.created_at FROM posts p JOIN follows f ON f.followee_id = p.user_id "
        "WHERE f.follower_id = :user_id ORDER BY p.created_at DESC LIMIT :limit OFFSET :offset")),
                          {Q_TIMELINE}),
    # own posts
    "own-posts-oldest-first": (*edit(IDENTITY_SCHEMA, user_posts=(
        "ORDER BY posted_at DESC, post_id DESC", "ORDER BY posted_at, post_id")), {Q_OWN}),
    "own-posts-by-insertion": (*edit(COUNTER_CACHE, user_posts=("ORDER BY created_at DESC", "ORDER BY id DESC")),
                               {Q_OWN}),
    # followers, counts, unfollow
    "followers-ids-only": (*edit(HELLO_UUID, followers=(
        "select f.follower_id from follows f where f.followed_id = :user_id")), {Q_FOLLOWERS, Q_UNFOLLOW}),
    "count-grouped": (*edit(XU, follower_count=(
        "SELECT followee_id, COUNT(*) FROM follows WHERE followee_id = :user_id GROUP BY followee_id")), {Q_COUNT}),
    "soft-delete-count-forgets-filter": (*edit(SOFT_DELETE, follower_count=(
        " AND unfollowed_at IS NULL", "")), {Q_COUNT}),
    "soft-delete-followers-forget-filter": (*edit(SOFT_DELETE, followers=(
        " AND f.unfollowed_at IS NULL", "")), {Q_UNFOLLOW, P_FOLLOWERS}),
    "unfollow-swapped": (*edit(SURROGATE_FOLLOW, unfollow=(
        "DELETE FROM follow WHERE follower_id = :followee_id AND following_id = :follower_id")),
                         {Q_UNFOLLOW, Q_COUNT, Q_TIMELINE}),
    # plans
    "posts-only-primary-key": (*edit(SURROGATE_FOLLOW, ddl=(
        "CREATE INDEX post_user_id_created_at_idx ON post(user_id, created_at DESC);\n", "")),
                               {P_OWN}),
    "follows-primary-key-only": (*edit(PARTITIONED, ddl=(
        "CREATE INDEX follows_followee_idx ON follows (followee_id);\n", "")), {P_FOLLOWERS}),
    "followers-index-wrong-way": (*edit(HELLO_UUID, ddl=(
        "create index follows_followed_idx on follows (followed_id, follower_id);",
        "create index follows_followed_idx on follows (follower_id, followed_id);")), {P_FOLLOWERS}),
}
