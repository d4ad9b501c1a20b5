"""The news feed of module 8, as data: users, follows and posts; the feed's access patterns.

Nothing here is code the checker runs; :mod:`autograder.schema._scenario` documents the format.
The numbers come from the interviewer's answers (:mod:`autograder.requirements.scenarios.newsfeed`):
text posts only, about two posts per user a day, feeds newest first (no ranking), and a few
accounts followed by nearly everyone (the celebrity problem, Xu ch. 11; DDIA ch. 1).

The follow graph is written out below (``_graph``) rather than drawn at random: random pairs would
hold duplicate follows and self-follows, which a correct schema refuses. Who follows whom:

- user 0 is the celebrity: every other user follows it except the last one;
- users 1 .. n-2 each follow the next three users of a ring (i+1, i+2, i+5), so every timeline
  mixes several authors;
- the last user follows nobody and nobody follows it (its home timeline is empty);
- a few follows are undone by ``unfollow`` after all posts are published (so a design that copies
  posts into followers' feeds when they are published must take them out again).

What the scenario does not grade, and why:

- self-follows: the interviewer never says they are forbidden, and many sound schemas leave that
  to the application; a CHECK (follower <> followee) is welcome but not required;
- a cursor that lands exactly on two posts with the same time: which of them comes "after" the
  cursor depends on the tie-breaking key, and random UUIDs order differently from identity
  numbers, so no single expected answer is fair. The cursors below fall on posts whose time is
  unique; ties are still stored, listed and ordered (either order of a tie is accepted);
- the plan of ``home_timeline``: the checker reads the plan PostgreSQL picks, on tables it has
  not analysed, and for a correct join of follows and posts that plan sometimes starts from the
  posts (a skip scan on the time) instead of looking each followed author up, depending on how
  the query is phrased (JOIN, EXISTS, a partial index). The index that serves the timeline of a
  pull design, (author, time), is the one ``user_posts`` needs, and that plan is graded; a
  fan-out design reads its feed table instead, so no single table can be named either.

The reference answer numbers its users and posts from a million up, so a read that returns only
surrogate keys (which differ from schema to schema) never matches by accident: reads must return
what the purpose says (usernames, a post's text and time).
"""

from __future__ import annotations

from autograder.requirements.scenarios.newsfeed import INTERVIEWER

USERS = {"visible": 30, "hidden": 60}
DAYS_OF_POSTS = 5
POSTS = {scope: n * INTERVIEWER["posts_per_user_per_day"] * DAYS_OF_POSTS for scope, n in USERS.items()}
RING = (1, 2, 5)
UNFOLLOWS = {"visible": [(3, 0), (4, 5), (6, 11)], "hidden": [(3, 0), (4, 5), (6, 11), (40, 0), (40, 41)]}
FAR_FUTURE = "2100-01-01T00:00:00Z"
CELEBRITY_POSTS = ("2025-03-04T09:30:00Z", "2025-03-05T12:00:00Z", "2025-03-07T15:45:00Z")
TIE_TIME = "2025-03-06T13:20:00Z"


def _graph(n: int) -> list[tuple[int, int]]:
    """The follows (follower, followee) among ``n`` users, as the module docstring describes."""
    members = n - 2  # users 1 .. n-2; user n-1 follows nobody
    pairs = [(i, 0) for i in range(1, n - 1)]
    for i in range(1, n - 1):
        for k in RING:
            j = 1 + (i - 1 + k) % members
            if j != i and (i, j) not in pairs:
                pairs.append((i, j))
    return pairs


def _follow_edges() -> list[dict]:
    by_scope = {scope: _graph(n) for scope, n in USERS.items()}
    ordered: list[tuple[int, int]] = []
    for scope in ("visible", "hidden"):
        ordered += [p for p in by_scope[scope] if p not in ordered]
    return [{"scope": [s for s in ("visible", "hidden") if pair in by_scope[s]],
             "why": "a follow of the celebrity" if pair[1] == 0 else "a follow between two ordinary users",
             "fields": {"follower_id": {"row": "user", "index": pair[0], "field": "key"},
                        "followee_id": {"row": "user", "index": pair[1], "field": "key"}}}
            for pair in ordered]


def _unfollow_edges() -> list[dict]:
    pairs = list(dict.fromkeys(UNFOLLOWS["visible"] + UNFOLLOWS["hidden"]))
    return [{"scope": [s for s in ("visible", "hidden") if pair in UNFOLLOWS[s]],
             "why": f"user {pair[0]} unfollowing user {pair[1]}",
             "fields": {"follower_id": {"row": "user", "index": pair[0], "field": "key"},
                        "followee_id": {"row": "user", "index": pair[1], "field": "key"}}}
            for pair in pairs]


def _user(index: int) -> dict:
    return {"row": "user", "index": index, "field": "key"}


_DDL = """
CREATE TABLE users (
    id         BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 1000001) PRIMARY KEY,
    username   TEXT NOT NULL UNIQUE
);
CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users (id),
    followee_id BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);
CREATE INDEX follows_by_followee ON follows (followee_id, follower_id);
CREATE TABLE posts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 5000001) PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX posts_by_author ON posts (user_id, created_at DESC, id DESC);
"""

_QUERIES = {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "follow": "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (:follower_id, :followee_id, "
              ":created_at)",
    "unfollow": "DELETE FROM follows WHERE follower_id = :follower_id AND followee_id = :followee_id",
    "publish_post": "INSERT INTO posts (user_id, body, created_at) VALUES (:user_id, :body, :created_at) RETURNING id",
    "user_posts": "SELECT body, created_at FROM posts WHERE user_id = :user_id "
                  "ORDER BY created_at DESC, id DESC LIMIT :limit",
    "home_timeline": "SELECT p.body, p.created_at FROM posts p JOIN follows f ON f.followee_id = p.user_id "
                     "WHERE f.follower_id = :user_id AND (p.created_at, p.id) < (:before, :before_id) "
                     "ORDER BY p.created_at DESC, p.id DESC LIMIT :limit",
    "followers": "SELECT u.username FROM follows f JOIN users u ON u.id = f.follower_id WHERE f.followee_id = :user_id",
    "follower_count": "SELECT count(*) FROM follows WHERE followee_id = :user_id",
}

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

_FIRST_PAGE = {"before": {"time": FAR_FUTURE}, "before_id": {"row": "post", "index": 0, "field": "key"}}
_AT_EDGE_POSTS = {"before": {"edge": "post", "field": "created_at"}, "before_id": {"edge": "post", "field": "key"}}

SCENARIO = {
    "name": "newsfeed",
    "title": "News feed",
    # with this seed the one generated follow is not a self-follow in either scope
    # (tests/test_schema_newsfeed.py checks the generated follows hold no self-follow and no duplicate)
    "seed": 8,
    "queries": {
        "create_user": {
            "kind": "write", "entity": "user", "params": ["username"], "required": ["username"],
            "returns_key": True,
            "purpose": "stores a user (:username) and returns the new user's key (RETURNING id)",
        },
        "follow": {
            "kind": "write", "entity": "follow", "params": ["follower_id", "followee_id", "created_at"],
            "required": ["follower_id", "followee_id"],
            "purpose": "stores that user :follower_id follows user :followee_id (since :created_at)",
        },
        "unfollow": {
            "kind": "write", "entity": "unfollow", "params": ["follower_id", "followee_id"],
            "required": ["follower_id", "followee_id"],
            "purpose": "undoes the follow of :followee_id by :follower_id, so it no longer counts anywhere",
        },
        "publish_post": {
            "kind": "write", "entity": "post", "params": ["user_id", "body", "created_at"],
            "required": ["user_id", "body", "created_at"], "returns_key": True,
            "purpose": "stores a text post (:body) by user :user_id at :created_at and returns the new post's key "
                       "(RETURNING id)",
        },
        "user_posts": {
            "kind": "read", "params": ["user_id", "limit", "before", "before_id"], "required": ["user_id"],
            "purpose": "returns the text and time of user :user_id's own posts, newest first (at most :limit; "
                       "older than :before, :before_id if you paginate)",
        },
        "home_timeline": {
            "kind": "read", "params": ["user_id", "before", "before_id", "limit"],
            "required": ["user_id", "before", "limit"],
            "purpose": "returns one page of user :user_id's home timeline: the text and time of the posts by the "
                       "users :user_id follows (not the user's own), newest first, at most :limit of them, all "
                       "older than the cursor - the time :before and key :before_id of the last post already "
                       "shown (the first page passes a :before later than every post). Keyset pagination: no "
                       "OFFSET",
        },
        "followers": {
            "kind": "read", "params": ["user_id"], "required": ["user_id"],
            "purpose": "returns the usernames of the users who follow :user_id",
        },
        "follower_count": {
            "kind": "read", "params": ["user_id"], "required": ["user_id"],
            "purpose": "returns one row: how many users follow :user_id (0 when nobody does)",
        },
    },
    "entities": {
        "user": {
            "create": "create_user",
            "count": USERS,
            "fields": {"username": {"gen": "template", "template": "user{i}"}},
        },
        "follow": {
            "create": "follow",
            # one generated follow (the celebrity follows someone); all the others are written out
            "count": 1,
            "fields": {
                "follower_id": {"ref": "user", "field": "key", "popular": 1e-9},
                "followee_id": {"ref": "user", "field": "key", "skip_last": 1},
                "created_at": {"gen": "time", "start": "2025-02-01T00:00:07Z", "step_seconds": 61},
            },
            "edge": _follow_edges(),
        },
        "post": {
            "create": "publish_post",
            "count": POSTS,
            "fields": {
                # the last user (who follows nobody) posts only the awkward post below
                "user_id": {"ref": "user", "field": "key", "skip_last": 1},
                "body": {"gen": "text", "template": "post {i}"},
                "created_at": {"gen": "time", "start": "2025-03-03T00:00:13Z", "step_seconds": 1440, "shuffle": True},
            },
            "edge": [
                *({"scope": ["visible", "hidden"], "why": "a post by the celebrity",
                   "fields": {"user_id": _user(0), "body": {"value": f"celebrity post {k}"},
                              "created_at": {"time": t}}}
                  for k, t in enumerate(CELEBRITY_POSTS)),
                {"scope": ["visible", "hidden"],
                 "why": "a post with quotes, an apostrophe, non-ASCII text and an emoji, by a user who follows nobody",
                 "fields": {"user_id": _user(-1), "body": {"value": "it's \"quoted\" - 日本語 🎉"},
                            "created_at": {"time": "2025-03-05T08:00:00Z"}}},
            ],
        },
        "tie_post": {
            "create": "publish_post",
            "count": 0,
            "fields": {},
            "edge": [
                {"scope": ["hidden"],
                 "why": "a second post by the same author at the very same time as another (posts are not "
                        "identified by their author and time)",
                 "fields": {"user_id": {"row": "post", "index": 0, "field": "user_id"},
                            "body": {"value": "same author, same second"},
                            "created_at": {"row": "post", "index": 0, "field": "created_at"}}},
                *({"scope": ["hidden"], "why": "one of three posts published at the same time",
                   "fields": {"user_id": _user(author), "body": {"value": f"tied post {k}"},
                              "created_at": {"time": TIE_TIME}}}
                  for k, author in enumerate((0, 0, 1))),
            ],
        },
        "unfollow": {
            "create": "unfollow",
            "count": 0,
            "fields": {},
            "edge": _unfollow_edges(),
        },
    },
    "reference": {"ddl": _DDL, "queries": _QUERIES},
    "criteria": [
        {
            "name": C_DUPLICATE, "group": "constraints", "kind": "refuse", "call": "follow",
            "data": ["user", "follow"],
            "params": {"follower_id": _user(1), "followee_id": _user(2),
                       "created_at": {"time": "2026-01-01T00:00:00Z"}},
            "refused": "following someone already followed stored nothing new; the follow is unchanged.",
            "accepted": "user {follower_id} could follow user {followee_id} a second time, so the pair is stored "
                        "twice: follower counts and timelines count it twice. Make (follower, followee) the "
                        "PRIMARY KEY of the follows table, or declare the pair UNIQUE.",
            "changed": "following someone already followed rewrote the existing follow (an upsert, ON CONFLICT "
                       "... DO UPDATE): refuse instead, or use ON CONFLICT DO NOTHING.",
        },
        {
            "name": C_FOLLOW_USERS, "group": "constraints", "kind": "refuse", "call": "follow",
            "data": ["user", "follow"],
            "params": {"follower_id": _user(1), "followee_id": {"value": None},
                       "created_at": {"time": "2026-01-01T00:00:00Z"}},
            "foreign_key": {"from": "follow", "to": "create_user"},
            "refused": "a follow of nobody (NULL) was refused, and the follows table references the users table.",
            "accepted": "a follow of nobody (a NULL followee) was stored. Declare both user columns of the follows "
                        "table NOT NULL (a PRIMARY KEY on the pair does that).",
            "no_foreign_key": "{from_table} declares no FOREIGN KEY to {to_table}, so nothing stops a follow of a "
                              "user who does not exist (or was deleted). Add REFERENCES {to_table} to the "
                              "follower and followee columns.",
        },
        {
            "name": C_AUTHOR, "group": "constraints", "kind": "refuse", "call": "publish_post",
            "data": ["user", "post"],
            "params": {"user_id": {"value": None}, "body": {"value": "who wrote this?"},
                       "created_at": {"time": "2026-01-01T00:00:00Z"}},
            "foreign_key": {"from": "publish_post", "to": "create_user"},
            "refused": "a post with no author (NULL) was refused, and the posts table references the users table.",
            "accepted": "a post with no author (NULL) was stored: it belongs to nobody's profile and reaches no "
                        "follower. Declare the author column NOT NULL.",
            "no_foreign_key": "{from_table} declares no FOREIGN KEY to {to_table}, so a post can name an author "
                              "who does not exist. Add REFERENCES {to_table} to the author column.",
        },
        {
            "name": C_TIME, "group": "constraints", "kind": "refuse", "call": "publish_post",
            "data": ["user", "post"],
            "params": {"user_id": _user(1), "body": {"value": "when was this?"}, "created_at": {"value": None}},
            "refused": "a post with no time (NULL) was refused.",
            "accepted": "a post with no time (NULL) was stored. Timelines sort by time, and ORDER BY ... DESC puts "
                        "NULLs first, so that post would sit at the top of every follower's feed and break the "
                        "cursor. Declare the time column NOT NULL.",
        },
        {
            "name": Q_STORED, "group": "queries", "kind": "stored",
            "entities": ["user", "follow", "unfollow", "post", "tie_post"],
        },
        {
            "name": Q_OWN, "group": "queries", "kind": "rows", "query": "user_posts",
            "data": ["user", "post", "tie_post"], "match": "any", "ordered": True, "extra": {"limit": 1000},
            "cases": [
                {"user_id": {"sample": "user", "field": "key", "n": {"visible": 4, "hidden": 8}, "skip_last": 1},
                 **_FIRST_PAGE},
                {"user_id": _user(0), **_FIRST_PAGE},
                {"user_id": _user(-1), **_FIRST_PAGE},
                {"user_id": {"row": "post", "index": 0, "field": "user_id"}, **_FIRST_PAGE},
            ],
            "rows_hint": "filter on the author column with = :user_id and select the post's text and time",
            "order_hint": "ORDER BY the post's time DESC (newest first)",
        },
        {
            "name": Q_TIMELINE, "group": "queries", "kind": "rows", "query": "home_timeline",
            "data": ["user", "follow", "unfollow", "post", "tie_post"], "match": "any", "ordered": True,
            "extra": {"limit": 10},
            "cases": [
                {"user_id": {"sample": "user", "field": "key", "n": {"visible": 4, "hidden": 8}, "skip_last": 1},
                 **_FIRST_PAGE},
                {"user_id": _user(1), **_AT_EDGE_POSTS},
                {"user_id": _user(2), **_AT_EDGE_POSTS},
                {"user_id": _user(3), **_FIRST_PAGE, "limit": {"value": 1000}},
                {"user_id": _user(-1), **_FIRST_PAGE},
                {"user_id": _user(-2), "before": {"time": "2025-03-06T13:20:01Z"},
                 "before_id": {"row": "post", "index": 0, "field": "key"}, "limit": {"value": 2}},
            ],
            "rows_hint": "join the follows of :user_id to the posts of the users followed, keep only posts older "
                         "than the cursor (created_at < :before, or (created_at, id) < (:before, :before_id)), "
                         "select each post's text and time and LIMIT :limit",
            "order_hint": "ORDER BY the post's time DESC (newest first), with a unique tie-breaker such as the "
                          "post's key",
        },
        {
            "name": Q_FOLLOWERS, "group": "queries", "kind": "rows", "query": "followers",
            "data": ["user", "follow", "unfollow"], "match": "any", "ordered": False,
            "cases": [
                {"user_id": {"sample": "user", "field": "key", "n": {"visible": 4, "hidden": 8}, "skip_last": 1}},
                {"user_id": _user(1)},
                {"user_id": _user(-1)},
            ],
            "rows_hint": "find the follows whose followee is :user_id and select the followers' usernames (join "
                         "the users table)",
        },
        {
            "name": Q_COUNT, "group": "queries", "kind": "rows", "query": "follower_count",
            "data": ["user", "follow", "unfollow"], "match": "all", "ordered": False,
            "cases": [
                {"user_id": {"sample": "user", "field": "key", "n": {"visible": 4, "hidden": 8}, "skip_last": 1}},
                {"user_id": _user(0)},
                {"user_id": _user(-1)},
            ],
            "rows_hint": "count the follows whose followee is :user_id (count(*) returns 0, not no row, when "
                         "there are none)",
        },
        {
            "name": Q_UNFOLLOW, "group": "queries", "kind": "rows", "query": "followers",
            "data": ["user", "follow", "unfollow"], "match": "any", "ordered": False,
            "cases": [{"user_id": _user(0)}, {"user_id": _user(5)}, {"user_id": _user(11)}],
            "rows_hint": "after the generated unfollows ran, the users who unfollowed must no longer be listed: "
                         "unfollow must delete the follow (or mark it, and then every read must skip marked ones)",
        },
        {
            "name": P_OWN, "group": "plans", "kind": "index", "query": "user_posts", "table_of": "publish_post",
            "params": {"user_id": _user(1), "limit": {"value": 20}, **_FIRST_PAGE},
            "hint": "CREATE INDEX ON <posts table> (<author column>, <time column> DESC)",
            "sort_tip": "the posts are sorted after they are found (a Sort node); an index on (author, time DESC) "
                        "would return them in order already.",
        },
        {
            "name": P_FOLLOWERS, "group": "plans", "kind": "index", "query": "followers", "table_of": "follow",
            "params": {"user_id": _user(0)},
            "hint": "the follows table needs an index that starts with the followee column, e.g. CREATE INDEX ON "
                    "<follows table> (<followee column>); a PRIMARY KEY (follower, followee) serves only the "
                    "other direction",
        },
    ],
}
