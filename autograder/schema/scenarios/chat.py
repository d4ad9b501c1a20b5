"""The chat service of module 9, as data: users, conversations, their members and messages.

Nothing here is code the checker runs; :mod:`autograder.schema._scenario` documents the format.
The shape follows the interviewer's answers (:mod:`autograder.requirements.scenarios.chat`):
one-to-one conversations and groups (the largest group here is far below the interviewer's
``max_group_size``, which is what it is checked against), text messages, each conversation read
newest first a page at a time, in the order its messages were sent.

Who is in which conversation is written out below (``_members``), so that every message has a
sender who is a member of its conversation (a schema that enforces that, with a foreign key from
messages to members, stores every row):

- conversation 0 is a group of every user but the last (user 0 is the one generated member, the
  others are written out); the generated messages all go there, from any of those users;
- each other conversation but the last is small: two users (a one-to-one chat) or three (a small
  group), taken in turns from a ring, and holds a few written-out messages from its members,
  stored out of time order (so an answer that forgets ORDER BY is seen);
- the last conversation has members but no messages (its history is empty), and the last user is
  in no conversation at all.

What the scenario does not grade, and why: a per-conversation sequence number (a fine way to order
a conversation, but a time with the message's key as tie-breaker orders it as well, and the checker
cannot ask for a column it does not know); and who may post to a conversation (a service check as
often as a schema one).
"""

from __future__ import annotations

import random

USERS = {"visible": 12, "hidden": 24}
CONVERSATIONS = {"visible": 6, "hidden": 12}
GROUP_MESSAGES = {"visible": 40, "hidden": 80}
SMALL_MESSAGES = 3
FAR_FUTURE = "2100-01-01T00:00:00Z"
TIE_TIME = "2025-04-02T10:00:00Z"



def _small(c: int, users: int) -> list[int]:
    """The members of small conversation ``c`` (1 ..): two users for odd ``c``, three for even."""
    ring = users - 1  # users 0 .. users-2; the last user is in no conversation
    first = (2 * c) % ring
    picks = [first, (first + 1) % ring] + ([(first + 3) % ring] if c % 2 == 0 else [])
    return list(dict.fromkeys(picks))


def _memberships(scope: str) -> list[tuple[int, int]]:
    users, conversations = USERS[scope], CONVERSATIONS[scope]
    pairs = [(0, u) for u in range(1, users - 1)]  # user 0 joins the big group as the one generated member
    for c in range(1, conversations):
        pairs += [(c, u) for u in _small(c, users)]
    return pairs


def _members() -> list[dict]:
    by_scope = {scope: _memberships(scope) for scope in ("visible", "hidden")}
    ordered: list[tuple[int, int]] = []
    for scope in ("visible", "hidden"):
        ordered += [p for p in by_scope[scope] if p not in ordered]
    return [{"scope": [s for s in ("visible", "hidden") if pair in by_scope[s]],
             "why": "a member of the big group" if pair[0] == 0 else "a member of a small conversation",
             "fields": {"conversation_id": {"row": "conversation", "index": pair[0], "field": "key"},
                        "user_id": {"row": "user", "index": pair[1], "field": "key"}}}
            for pair in ordered]


def _small_messages() -> list[dict]:
    """A few messages in each small conversation (not the last), from its members, stored out of time order."""
    found: dict[tuple[int, int, int], list[str]] = {}
    for scope in ("visible", "hidden"):
        for c in range(1, CONVERSATIONS[scope] - 1):
            members = _small(c, USERS[scope])
            for k in range(SMALL_MESSAGES):
                found.setdefault((c, members[k % len(members)], k), []).append(scope)
    rows = list(found.items())
    random.Random(9).shuffle(rows)
    return [{"scope": scopes, "why": f"message {k} of small conversation {c}",
             "fields": {"conversation_id": {"row": "conversation", "index": c, "field": "key"},
                        "sender_id": {"row": "user", "index": sender, "field": "key"},
                        "body": {"value": f"conversation {c} message {k}"},
                        "sent_at": {"time": f"2025-04-{1 + c:02d}T{8 + 2 * k:02d}:15:00Z"}}}
            for (c, sender, k), scopes in rows]


def _ref(entity: str, index: int, field: str = "key") -> dict:
    return {"row": entity, "index": index, "field": field}


_DDL = """
CREATE TABLE users (
    id       BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 1000001) PRIMARY KEY,
    username TEXT NOT NULL UNIQUE
);
CREATE TABLE conversations (
    id    BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 2000001) PRIMARY KEY,
    title TEXT NOT NULL
);
CREATE TABLE members (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    joined_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id, conversation_id);
CREATE TABLE messages (
    id              BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 5000001) PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    sender_id       BIGINT NOT NULL REFERENCES users (id),
    body            TEXT NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_at DESC, id DESC);
"""

_QUERIES = {
    "create_user": "INSERT INTO users (username) VALUES (:username) RETURNING id",
    "create_conversation": "INSERT INTO conversations (title) VALUES (:title) RETURNING id",
    "add_member": "INSERT INTO members (conversation_id, user_id) VALUES (:conversation_id, :user_id)",
    "send_message": "INSERT INTO messages (conversation_id, sender_id, body, sent_at) "
                    "VALUES (:conversation_id, :sender_id, :body, :sent_at) RETURNING id",
    "history": "SELECT body, sent_at FROM messages WHERE conversation_id = :conversation_id "
               "AND (sent_at, id) < (:before, :before_id) ORDER BY sent_at DESC, id DESC LIMIT :limit",
    "members": "SELECT u.username FROM members m JOIN users u ON u.id = m.user_id "
               "WHERE m.conversation_id = :conversation_id",
    "user_conversations": "SELECT c.title FROM members m JOIN conversations c ON c.id = m.conversation_id "
                          "WHERE m.user_id = :user_id",
}

C_MEMBER_TWICE = "a user is a member of a conversation once"
C_MEMBER_USER = "a member must be an existing user"
C_MESSAGE_CONVERSATION = "a message must belong to an existing conversation"
C_TIME = "a message without a time is refused"
Q_STORED = "every generated user, conversation, member and message is stored"
Q_HISTORY = "history returns a conversation's messages, newest first, page by page"
Q_MEMBERS = "members returns the usernames of a conversation's members"
Q_CONVERSATIONS = "user_conversations returns the titles of a user's conversations"
P_HISTORY = "history is answered through an index"
P_CONVERSATIONS = "user_conversations is answered through an index"

_FIRST_PAGE = {"before": {"time": FAR_FUTURE}, "before_id": _ref("message", 0)}
_SOON = {"time": "2026-01-01T00:00:00Z"}

SCENARIO = {
    "name": "chat",
    "title": "Chat service",
    "seed": 9,
    "queries": {
        "create_user": {
            "kind": "write", "entity": "user", "params": ["username"], "required": ["username"],
            "returns_key": True,
            "purpose": "stores a user (:username) and returns the new user's key (RETURNING id)",
        },
        "create_conversation": {
            "kind": "write", "entity": "conversation", "params": ["title"], "required": ["title"],
            "returns_key": True,
            "purpose": "stores a conversation (:title, a group's name or the two people of a one-to-one chat) "
                       "and returns its key (RETURNING id)",
        },
        "add_member": {
            "kind": "write", "entity": "member", "params": ["conversation_id", "user_id"],
            "required": ["conversation_id", "user_id"],
            "purpose": "adds user :user_id to conversation :conversation_id",
        },
        "send_message": {
            "kind": "write", "entity": "message", "params": ["conversation_id", "sender_id", "body", "sent_at"],
            "required": ["conversation_id", "sender_id", "body", "sent_at"], "returns_key": True,
            "purpose": "stores a text message (:body) sent by :sender_id to conversation :conversation_id at "
                       ":sent_at and returns the new message's key (RETURNING id)",
        },
        "history": {
            "kind": "read", "params": ["conversation_id", "before", "before_id", "limit"],
            "required": ["conversation_id", "before", "limit"],
            "purpose": "returns one page of conversation :conversation_id's history: the text and time of its "
                       "messages, newest first, at most :limit of them, all older than the cursor - the time "
                       ":before and key :before_id of the oldest message already shown (the first page passes "
                       "a :before later than every message). Keyset pagination: no OFFSET",
        },
        "members": {
            "kind": "read", "params": ["conversation_id"], "required": ["conversation_id"],
            "purpose": "returns the usernames of the members of conversation :conversation_id",
        },
        "user_conversations": {
            "kind": "read", "params": ["user_id"], "required": ["user_id"],
            "purpose": "returns the titles of the conversations user :user_id is a member of",
        },
    },
    "entities": {
        "user": {
            "create": "create_user",
            "count": USERS,
            "fields": {"username": {"gen": "template", "template": "user{i}"}},
        },
        "conversation": {
            "create": "create_conversation",
            "count": CONVERSATIONS,
            "fields": {"title": {"gen": "template", "template": "conversation {i}"}},
        },
        "member": {
            "create": "add_member",
            # one generated member (user 0 in the big group), from which the checker learns the table; the
            # others are written out
            "count": 1,
            "fields": {
                "conversation_id": {"ref": "conversation", "field": "key", "popular": 1e-9},
                "user_id": {"ref": "user", "field": "key", "popular": 1e-9},
            },
            "edge": _members(),
        },
        "message": {
            "create": "send_message",
            "count": GROUP_MESSAGES,
            "fields": {
                # every generated message goes to the big group (conversation 0), from one of its members
                "conversation_id": {"ref": "conversation", "field": "key", "popular": 1e-9},
                "sender_id": {"ref": "user", "field": "key", "skip_last": 1},
                "body": {"gen": "text", "template": "group message {i}"},
                "sent_at": {"gen": "time", "start": "2025-03-03T00:00:11Z", "step_seconds": 97, "shuffle": True},
            },
            "edge": [
                *_small_messages(),
                {"scope": ["visible", "hidden"],
                 "why": "a message with quotes, an apostrophe, non-ASCII text and an emoji",
                 "fields": {"conversation_id": _ref("conversation", 1), "sender_id": _ref("user", 2),
                            "body": {"value": "it's \"quoted\" - 日本語 🎉"},
                            "sent_at": {"time": "2025-04-02T07:00:00Z"}}},
            ],
        },
        "tie_message": {
            "create": "send_message",
            "count": 0,
            "fields": {},
            "edge": [
                {"scope": ["hidden"],
                 "why": "two messages in the big group at the very same time (messages are not identified by their "
                        "conversation and time)",
                 "fields": {"conversation_id": _ref("conversation", 0), "sender_id": _ref("user", k),
                            "body": {"value": f"tied message {k}"}, "sent_at": {"time": TIE_TIME}}}
                for k in (1, 3)
            ],
        },
    },
    "reference": {"ddl": _DDL, "queries": _QUERIES},
    "criteria": [
        {
            "name": C_MEMBER_TWICE, "group": "constraints", "kind": "refuse", "call": "add_member",
            "data": ["user", "conversation", "member"],
            "params": {"conversation_id": _ref("conversation", 0), "user_id": _ref("user", 1)},
            "refused": "adding a member a second time stored nothing new.",
            "accepted": "user {user_id} could join conversation {conversation_id} a second time, so the pair is "
                        "stored twice: the message goes out twice to that member, and member counts are wrong. Make "
                        "(conversation, user) the PRIMARY KEY of the members table, or declare the pair UNIQUE.",
            "changed": "adding a member a second time rewrote the existing membership (an upsert, ON CONFLICT ... "
                       "DO UPDATE): refuse instead, or use ON CONFLICT DO NOTHING.",
        },
        {
            "name": C_MEMBER_USER, "group": "constraints", "kind": "refuse", "call": "add_member",
            "data": ["user", "conversation", "member"],
            "params": {"conversation_id": _ref("conversation", 1), "user_id": {"value": None}},
            "foreign_key": {"from": "add_member", "to": "create_user"},
            "refused": "a member who is nobody (NULL) was refused, and the members table references the users table.",
            "accepted": "a member who is nobody (a NULL user) was stored. Declare the user column of the members table "
                        "NOT NULL (a PRIMARY KEY on the pair does that).",
            "no_foreign_key": "{from_table} declares no FOREIGN KEY to {to_table}, so nothing stops a member who "
                              "does not exist (or was deleted). Add REFERENCES {to_table} to the user column.",
        },
        {
            "name": C_MESSAGE_CONVERSATION, "group": "constraints", "kind": "refuse", "call": "send_message",
            "data": ["user", "conversation", "member", "message"],
            "params": {"conversation_id": {"value": None}, "sender_id": _ref("user", 1),
                       "body": {"value": "where does this go?"}, "sent_at": _SOON},
            "foreign_key": {"from": "send_message", "to": "create_conversation"},
            "refused": "a message in no conversation (NULL) was refused, and the messages table references the "
                       "conversations table.",
            "accepted": "a message in no conversation (NULL) was stored: nobody will ever read it. Declare the "
                        "conversation column NOT NULL.",
            "no_foreign_key": "{from_table} declares no FOREIGN KEY to {to_table}, so a message can name a "
                              "conversation that does not exist. Add REFERENCES {to_table} to the conversation "
                              "column.",
        },
        {
            "name": C_TIME, "group": "constraints", "kind": "refuse", "call": "send_message",
            "data": ["user", "conversation", "member", "message"],
            "params": {"conversation_id": _ref("conversation", 0), "sender_id": _ref("user", 1),
                       "body": {"value": "when was this?"}, "sent_at": {"value": None}},
            "refused": "a message with no time (NULL) was refused.",
            "accepted": "a message with no time (NULL) was stored. History sorts by time, and ORDER BY ... DESC puts "
                        "NULLs first, so that message would sit at the top of the conversation and break the "
                        "cursor. Declare the time column NOT NULL.",
        },
        {
            "name": Q_STORED, "group": "queries", "kind": "stored",
            "entities": ["user", "conversation", "member", "message", "tie_message"],
        },
        {
            "name": Q_HISTORY, "group": "queries", "kind": "rows", "query": "history",
            "data": ["user", "conversation", "member", "message", "tie_message"], "match": "any", "ordered": True,
            "extra": {"limit": 10},
            "cases": [
                {"conversation_id": _ref("conversation", 0), **_FIRST_PAGE},
                {"conversation_id": _ref("conversation", 0), "before": _ref("message", 5, "sent_at"),
                 "before_id": _ref("message", 5)},
                {"conversation_id": _ref("conversation", 0), "before": _ref("message", 17, "sent_at"),
                 "before_id": _ref("message", 17), "limit": {"value": 3}},
                {"conversation_id": {"sample": "conversation", "field": "key", "n": {"visible": 3, "hidden": 6},
                                     "skip_last": 1}, **_FIRST_PAGE},
                {"conversation_id": _ref("conversation", 1), **_FIRST_PAGE, "limit": {"value": 1000}},
                {"conversation_id": _ref("conversation", -1), **_FIRST_PAGE},
            ],
            "rows_hint": "filter on the conversation column with = :conversation_id, keep only messages older than "
                         "the cursor (sent_at < :before, or (sent_at, id) < (:before, :before_id)), select each "
                         "message's text and time and LIMIT :limit",
            "order_hint": "ORDER BY the message's time DESC (newest first), with a unique tie-breaker such as the "
                          "message's key",
        },
        {
            "name": Q_MEMBERS, "group": "queries", "kind": "rows", "query": "members",
            "data": ["user", "conversation", "member"], "match": "any", "ordered": False,
            "cases": [
                {"conversation_id": {"sample": "conversation", "field": "key", "n": {"visible": 3, "hidden": 6}}},
                {"conversation_id": _ref("conversation", 0)},
                {"conversation_id": _ref("conversation", -1)},
            ],
            "rows_hint": "find the members of :conversation_id and select their usernames (join the users table)",
        },
        {
            "name": Q_CONVERSATIONS, "group": "queries", "kind": "rows", "query": "user_conversations",
            "data": ["user", "conversation", "member"], "match": "any", "ordered": False,
            "cases": [
                {"user_id": {"sample": "user", "field": "key", "n": {"visible": 4, "hidden": 8}, "skip_last": 1}},
                {"user_id": _ref("user", 0)},
                {"user_id": _ref("user", -1)},
            ],
            "rows_hint": "find the memberships of :user_id and select those conversations' titles (join the "
                         "conversations table)",
        },
        {
            "name": P_HISTORY, "group": "plans", "kind": "index", "query": "history", "table_of": "send_message",
            "params": {"conversation_id": _ref("conversation", 0), "limit": {"value": 20}, **_FIRST_PAGE},
            "hint": "CREATE INDEX ON <messages table> (<conversation column>, <time column> DESC)",
            "sort_tip": "the messages are sorted after they are found (a Sort node); an index on (conversation, time "
                        "DESC) would return them in order already.",
        },
        {
            "name": P_CONVERSATIONS, "group": "plans", "kind": "index", "query": "user_conversations",
            "table_of": "add_member", "params": {"user_id": _ref("user", 1)},
            "hint": "the members table needs an index that starts with the user column, e.g. CREATE INDEX ON "
                    "<members table> (<user column>); a PRIMARY KEY (conversation, user) serves only the other "
                    "direction",
        },
    ],
}
