"""A chat service (module 9's short practice system): start a conversation, send a message, read its history.

Live delivery to a connected phone goes over a long-lived connection (a WebSocket, as in Xu's chat
chapter, vol. 1 ch. 12), which an HTTP contract does not describe; the contract is what a client
calls to start a conversation, to send, and to catch up on what it missed. Shaped like real chat
APIs: Slack's ``conversations.create`` / ``chat.postMessage`` / ``conversations.history`` (a
``cursor``), Discord's ``POST /channels/{channel.id}/messages`` and ``GET ... /messages?before=``,
and Matrix's ``PUT /rooms/{roomId}/send/...`` and ``/messages?from=``. A conversation's history
grows while it is read, so it pages with a cursor, not an offset.
"""

from __future__ import annotations

from autograder.api.scenarios import Concept, Input, Operation, Outcome, Scenario, Sequence, Step

CONCEPTS = {
    "content": Concept(
        names=("text", "body", "content", "message", "msg", "messagetext", "messagebody", "contents", "payload"),
        contains=("text", "content", "messagebody", "body"),
        excludes=("id", "cursor", "token", "member", "participant", "recipient"),
    ),
    "message_id": Concept(
        names=("id", "messageid", "msgid", "ts", "eventid", "uuid", "key", "seq", "sequence", "sequencenumber"),
        contains=("messageid", "msgid", "eventid"),
    ),
    "conversation": Concept(
        names=("conversation", "conversationid", "convid", "chat", "chatid", "channel", "channelid", "room",
               "roomid", "thread", "threadid", "group", "groupid", "id", "cid"),
        contains=("conversation", "chat", "channel", "room", "thread", "group"),
        excludes=("message", "member", "cursor"),
    ),
    "members": Concept(
        names=("members", "memberids", "participants", "participantids", "users", "userids", "recipients",
               "recipientids", "invitees", "invite", "people", "to"),
        contains=("member", "participant", "recipient", "userids", "invite"),
    ),
    "message": Concept(
        names=("messages", "items", "results", "data", "entries", "history", "events", "chunk", "page", "list",
               "records", "edges", "nodes", "values"),
        contains=("messages", "items", "entries", "history", "events"),
    ),
}

_PLACES = ("conversation", "conversations", "chat", "chats", "channel", "channels", "room", "rooms", "thread",
           "threads", "group", "groups", "dm", "dms")
LIMITED = Outcome(
    "limited", "a client sends too fast", (429,), check="rate limiting: 429 with Retry-After",
    headers=("Retry-After",), fix='429: Response("too many requests", headers=["Retry-After"])',
)
UNKNOWN = Outcome(
    "unknown", "the conversation does not exist or the caller is not in it", (404, 403),
    check="send: POST answers 201 with the message id, 404 for an unknown conversation",
    fix='404: "no such conversation" (or 403 when the caller is not a member)',
)

START = Operation(
    "start", "start a conversation", "create", check="start: POST answers 201 with the conversation id",
    success=(201, 200),
    takes=(Input("members", required=True, key=True, where=("body", "query"), fix='body={"members": "list[str]"}'),),
    returns=("conversation",),
    errors=(Outcome("invalid", "the group is empty or has more members than allowed", (400, 422),
                    check="start: too many members answers 400 or 422",
                    fix='422: "a group has at most 100 members"'),),
    auth="required",
    example='POST /v1/conversations with auth="bearer" and body={"members": "list[str]"} answering 201 with the '
            'conversation id',
)
SEND = Operation(
    "send", "send a message to a conversation", "create",
    check="send: POST answers 201 with the message id, 404 for an unknown conversation",
    success=(201, 200, 202),
    takes=(Input("content", required=True, key=True, where=("body", "query"), fix='body={"text": "str"}'),
           Input("conversation", required=True, fix="the conversation's id in the path or the body")),
    returns=("message_id",),
    errors=(UNKNOWN, LIMITED),
    auth="required",
    rate_limited=True,
    path_words=("message", "messages", "send", "postmessage", "msg", "msgs"),
    example='POST /v1/conversations/{conversation_id}/messages with auth="bearer" and body={"text": "str"} '
            'answering 201 with the message id',
)
HISTORY = Operation(
    "history", "read a conversation's history", "list",
    check="history: one conversation's messages, a cursor at a time",
    success=(200, 206),
    takes=(Input("conversation", required=True, fix="the conversation's id in the path or the query"),),
    errors=(Outcome("unknown", "the conversation does not exist or the caller is not in it", (404, 403)),),
    auth="required",
    paginate="cursor",
    resource="message",
    path_words=("message", "messages", "history", "msgs"),
    example=('GET /v1/conversations/{conversation_id}/messages with auth="bearer", query={"cursor?": "str", '
             '"limit?": "int"}, returning {"messages": "list[object]", "next_cursor?": "str"}'),
)

SEQUENCES = (
    Sequence("scenario: start a group, send to it, read its history",
             (Step("start"), Step("send", value="c42"), Step("history", value="c42")),
             "start a conversation c42, send a message to it, read its history."),
    Sequence("scenario: page back through the history with the returned cursor",
             (Step("history", value="c42"), Step("history", uses=("page",), value="c42")),
             "read the newest page, then the one before it with the cursor it returned."),
    Sequence("scenario: sending to an unknown conversation answers 404",
             (Step("send", "unknown", value="nowhere"),),
             "send to a conversation that does not exist -> 404 (or 403)."),
    Sequence("scenario: a burst of messages gets 429 with Retry-After",
             (Step("send", value="c42"), Step("send", "limited", value="c42")),
             "100 messages a second -> 429, Retry-After says when to come back."),
)

CHAT = Scenario(
    "chat", "Chat service contract", CONCEPTS, (START, SEND, HISTORY),
    access_check="who may call: every call needs the user's credentials",
    sequences=SEQUENCES,
    example="start a conversation, send a message and read a conversation's history at least",
)
