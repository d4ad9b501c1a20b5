"""A news feed (module 8's mock interview): publish a post, read one's home feed, follow and unfollow.

Shaped like Xu's news feed chapter (``POST /v1/me/feed`` to publish, ``GET /v1/me/feed`` to
read) and like real social APIs (Twitter's v2 ``POST /2/users/:id/following`` and ``DELETE
/2/users/:source_user_id/following/:target_user_id``, Mastodon's ``max_id``/``since_id``
paging). The home feed changes while it is read, so it pages with a cursor, not an offset.
"""

from __future__ import annotations

from autograder.api.scenarios import Concept, Input, Operation, Outcome, Scenario, Sequence, Step

CONCEPTS = {
    "content": Concept(
        names=("text", "body", "content", "message", "caption", "status", "post", "tweet", "description",
               "contents", "posttext", "messagetext"),
        contains=("text", "content", "message", "caption"),
        excludes=("id", "cursor", "token"),
    ),
    "post_id": Concept(
        names=("id", "postid", "post", "tweetid", "statusid", "uuid", "postuuid", "key"),
        contains=("postid", "tweetid", "statusid"),
    ),
    "user": Concept(
        names=("user", "userid", "username", "followee", "followeeid", "target", "targetid", "targetuserid",
               "followingid", "followid", "id", "handle", "accountid", "account", "followeduserid", "followedid",
               "uid", "who", "to", "toid", "screenname", "profileid", "login", "author", "authorid", "following",
               "targetaccountid", "followedusername"),
        contains=("user", "followee", "target", "account", "handle", "followed", "author"),
        literals=("me", "self", "mine", "my", "current", "user"),
    ),
    "post": Concept(
        names=("posts", "items", "results", "data", "entries", "records", "feed", "stories", "tweets", "statuses",
               "activities", "timeline", "page", "list", "edges", "nodes", "objects", "values"),
        contains=("posts", "items", "entries", "stories", "tweets", "statuses", "activities", "feed", "timeline"),
    ),
}

_RELATION = ("follow", "follows", "following", "followings", "followers", "followees", "follower", "followee",
             "subscriptions", "subscription", "friends", "friendships", "friendship", "connections", "relationships")
LIMITED = Outcome(
    "limited", "a client publishes too fast", (429,), check="rate limiting: 429 with Retry-After",
    headers=("Retry-After",), fix='429: Response("too many requests", headers=["Retry-After"])',
)

PUBLISH = Operation(
    "publish", "publish a post", "create", check="publish: POST returns 201 with the new post",
    success=(201, 200, 202),
    takes=(Input("content", required=True, key=True, where=("body", "query"), fix='body={"text": "str"}'),),
    returns=("post_id",),
    errors=(
        Outcome("invalid", "the post is empty or too long", (400, 422), check="invalid post: publish answers 400 or 422",
                fix='400: "text is empty or too long"'),
        LIMITED,
    ),
    auth="required",
    rate_limited=True,
    example='POST /v1/posts with auth="bearer" and body={"text": "str"} answering 201 with the post id',
)
FEED = Operation(
    "feed", "read one's home feed", "list", check="home feed: one user's feed, a cursor at a time",
    success=(200, 206),
    auth="required", owner=True,
    paginate="cursor",
    resource="post",
    path_words=("feed", "home", "timeline", "news", "newsfeed", "homefeed", "hometimeline"),
    example=('GET /v1/me/feed with auth="bearer", query={"cursor?": "str", "limit?": "int"}, '
             'returning {"posts": "list[object]", "next_cursor?": "str"}'),
)
FOLLOW = Operation(
    "follow", "follow another user", "create", check="follow: POST or PUT answers 2xx, 404 for an unknown user",
    success=(200, 201, 204),
    takes=(Input("user", required=True, key=True, fix='the followed user\'s id in the path or the body'),),
    errors=(Outcome("unknown", "the user to follow does not exist", (404,),
                    check="follow: POST or PUT answers 2xx, 404 for an unknown user", fix='404: "no such user"'),),
    auth="required", owner=True,
    path_words=_RELATION,
    example='PUT /v1/me/following/{user_id} with auth="bearer" answering 204 and 404',
)
UNFOLLOW = Operation(
    "unfollow", "unfollow a user", "delete", check="unfollow: DELETE answers 204 or 200",
    success=(204, 200, 202),
    takes=(Input("user", required=True, key=True, where=("path", "query")),),
    auth="required", owner=True,
    path_words=_RELATION,
    verbs=("unfollow", "unsubscribe", "destroy", "remove", "delete"),
    example='DELETE /v1/me/following/{user_id} with auth="bearer" answering 204',
)

SEQUENCES = (
    Sequence("scenario: follow someone, they publish, the post reaches the feed",
             (Step("follow", value="u7"), Step("publish"), Step("feed", value="me")),
             "follow u7, u7 publishes, read the home feed."),
    Sequence("scenario: page through the feed with the returned cursor",
             (Step("feed", value="me"), Step("feed", uses=("page",), value="me")),
             "read the first page, then the next one with the cursor it returned."),
    Sequence("scenario: unfollow, then follow again",
             (Step("follow", value="u7"), Step("unfollow", value="u7"), Step("follow", value="u7")),
             "follow u7, unfollow u7, follow u7 again."),
    Sequence("scenario: following an unknown user answers 404",
             (Step("follow", "unknown", value="nobody"),),
             "follow a user who does not exist -> 404."),
    Sequence("scenario: a burst of posts gets 429 with Retry-After",
             (Step("publish"), Step("publish", "limited")),
             "100 posts a second -> 429, Retry-After says when to come back."),
)

NEWS_FEED = Scenario(
    "news_feed", "News feed contract", CONCEPTS, (PUBLISH, FEED, FOLLOW, UNFOLLOW),
    access_check="who may call: every call needs the user's credentials",
    sequences=SEQUENCES,
    example="publish, home feed, follow and unfollow at least",
)
