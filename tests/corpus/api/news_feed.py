"""News feed contracts for ``check_contract(contract, "news_feed")``: CORRECT ones get full marks
(visible and hidden), each WRONG one loses the criterion it names.

Styles: Xu's news feed chapter (``POST /v1/me/feed`` and ``GET /v1/me/feed``), Twitter's v2
(``/2/tweets``, ``/2/users/:id/following``, ``pagination_token``) and v1.1 (``friendships/create``,
``since_id``/``max_id``), Mastodon (``statuses``, ``timelines/home``, ``accounts/:id/follow`` and
``/unfollow``, Link headers), Hello Interview's feed (``/follows``, ``followee_id``), GraphQL-style
``after``/``pageInfo`` edges, and plain REST.
"""

from __future__ import annotations

from autograder.api import Endpoint, Response

E, R = Endpoint, Response
SLOW = R("too many requests", headers=["Retry-After"])

PUBLISH = "publish: POST returns 201 with the new post"
INVALID = "invalid post: publish answers 400 or 422"
FEED = "home feed: one user's feed, a cursor at a time"
FOLLOW = "follow: POST or PUT answers 2xx, 404 for an unknown user"
UNFOLLOW = "unfollow: DELETE answers 204 or 200"
ACCESS = "who may call: every call needs the user's credentials"
VERSION = "API is versioned"
RATE = "rate limiting: 429 with Retry-After"
SAFE = "a GET never creates or deletes"
PARAMS = "path parameters are declared"
WELLFORMED = "every endpoint is well-formed"


def feed(*, publish=None, home=None, follow=None, unfollow=None, extra=()):
    parts = [
        publish or E("POST", "/v1/posts", auth="bearer", body={"text": "str", "media_ids?": "list[str]"},
                     responses={201: {"post_id": "str"}, 400: "text is empty or too long", 429: SLOW}),
        home or E("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str", "limit?": "int"},
                  responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
        follow or E("PUT", "/v1/me/following/{user_id}", auth="bearer", responses={204: "following", 404: "no such user"}),
        unfollow or E("DELETE", "/v1/me/following/{user_id}", auth="bearer", responses={204: "not following"}),
    ]
    return [p for p in parts if p != "-"] + list(extra)


CORRECT: dict[str, list] = {
    "rest-minimal": feed(),
    "xu-me-feed": [
        E("POST", "/v1/me/feed", auth="bearer", body={"content": "str"},
          responses={201: {"post_id": "str"}, 400: "empty content", 429: SLOW}),
        E("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str", "page_size?": "int"},
          responses={200: {"feed": "list[object]", "next_cursor?": "str"}}),
        E("POST", "/v1/me/followings", auth="bearer", body={"user_id": "str"},
          responses={201: "now following", 404: "user not found"}),
        E("DELETE", "/v1/me/followings/{user_id}", auth="bearer", responses={204: "unfollowed"}),
    ],
    "twitter-v2": [
        E("POST", "/2/tweets", auth="bearer", body={"text": "str", "reply?": "object"},
          responses={201: {"id": "str", "text": "str"}, 400: "text too long", 429: SLOW}),
        E("GET", "/2/users/{id}/timelines/reverse_chronological", auth="bearer",
          query={"pagination_token?": "str", "max_results?": "int"},
          responses={200: {"data": "list[object]", "meta": "object"}}),
        E("POST", "/2/users/{id}/following", auth="bearer", body={"target_user_id": "str"},
          responses={200: {"following": "bool"}, 404: "target user not found"}),
        E("DELETE", "/2/users/{source_user_id}/following/{target_user_id}", auth="bearer",
          responses={200: {"following": "bool"}}),
    ],
    "twitter-v1-1": [
        E("POST", "/1.1/statuses/update.json", auth="bearer", query={"status": "str"},
          responses={200: {"id_str": "str", "id": "int"}, 403: "duplicate or too long", 422: "status is invalid", 429: SLOW}),
        E("GET", "/1.1/statuses/home_timeline.json", auth="bearer",
          query={"count?": "int", "since_id?": "str", "max_id?": "str"}, responses={200: "list[object]"}),
        E("POST", "/1.1/friendships/create.json", auth="bearer", query={"user_id": "str"},
          responses={200: {"id_str": "str"}, 404: "no such user"}),
        E("POST", "/1.1/friendships/destroy.json", auth="bearer", query={"user_id": "str"},
          responses={200: {"id_str": "str"}}),
    ],
    "mastodon": [
        E("POST", "/api/v1/statuses", auth="bearer", idempotency_key=True,
          body={"status": "str", "media_ids?": "list[str]", "visibility?": "str"},
          responses={200: {"id": "str", "content": "str"}, 422: "validation failed", 429: SLOW}),
        E("GET", "/api/v1/timelines/home", auth="bearer", query={"max_id?": "str", "since_id?": "str", "limit?": "int"},
          responses={200: R("statuses, newest first", body="list[object]", headers=["Link"])}),
        E("POST", "/api/v1/accounts/{id}/follow", auth="bearer", responses={200: {"following": "bool"}, 404: "not found"}),
        E("POST", "/api/v1/accounts/{id}/unfollow", auth="bearer", responses={200: {"following": "bool"}}),
    ],
    "hello-interview": [
        E("POST", "/v1/posts", auth="bearer", body={"content": "str"},
          responses={201: {"post_id": "str"}, 400: "invalid content", 429: SLOW}),
        E("POST", "/v1/follows", auth="bearer", body={"followee_id": "str"},
          responses={201: "followed", 404: "followee not found"}),
        E("DELETE", "/v1/follows/{followee_id}", auth="bearer", responses={204: "unfollowed"}),
        E("GET", "/v1/feed", auth="bearer", query={"cursor?": "str", "page_size?": "int"},
          responses={200: {"items": "list[object]", "next_cursor?": "str"}}),
    ],
    "graphql-style-edges": feed(home=E("GET", "/v1/feed", auth="bearer", query={"after?": "str", "first?": "int"},
                                       responses={200: {"edges": "list[object]", "pageInfo": "object"}})),
    "page-token": feed(home=E("GET", "/v1/feed", auth="bearer", query={"page_token?": "str", "page_size?": "int"},
                              responses={200: {"posts": "list[object]", "next_page_token": "str"}})),
    "before-timestamp": feed(home=E("GET", "/v1/me/timeline", auth="bearer", query={"before?": "datetime", "limit?": "int"},
                                    responses={200: {"posts": "list[object]"}})),
    "user-path-feed": feed(home=E("GET", "/v1/users/{user_id}/feed", auth="bearer", query={"cursor?": "str"},
                                  responses={200: {"posts": "list[object]", "next_cursor?": "str"}})),
    "home-feed-with-link-header": feed(home=E("GET", "/v1/home", auth="bearer", query={"cursor?": "str"},
                                              responses={200: R(body="list[Post]", headers=["Link"])})),
    "publish-202-async-fanout": feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                                               responses={202: {"post_id": "str"}, 400: "x", 429: SLOW})),
    "publish-201-location": feed(publish=E("POST", "/v1/posts", auth="bearer", body={"body": "str"},
                                           responses={201: R("created", headers=["Location"]), 422: "x", 429: SLOW})),
    "follow-with-post-body": feed(follow=E("POST", "/v1/me/following", auth="bearer", body={"user_id": "str"},
                                           responses={201: "followed", 404: "unknown user"})),
    "follow-200": feed(follow=E("PUT", "/v1/me/following/{user_id}", auth="bearer",
                                responses={200: {"following": "bool"}, 404: "unknown user"})),
    "unfollow-200": feed(unfollow=E("DELETE", "/v1/me/following/{user_id}", auth="bearer",
                                    responses={200: {"following": "bool"}, 404: "not following"})),
    "subscriptions-naming": feed(
        follow=E("PUT", "/v1/subscriptions/{author_id}", auth="bearer", responses={204: "subscribed", 404: "no author"}),
        unfollow=E("DELETE", "/v1/subscriptions/{author_id}", auth="bearer", responses={204: "unsubscribed"})),
    "friends-naming": feed(
        follow=E("PUT", "/v1/friends/{friend_id}", auth="bearer", responses={201: "ok", 404: "no user"}),
        unfollow=E("DELETE", "/v1/friends/{friend_id}", auth="bearer", responses={204: "ok"})),
    "header-versioning": [
        E("POST", "/posts", auth="bearer", headers={"API-Version": "str"}, body={"message": "str"},
          responses={201: {"id": "str"}, 400: "x", 429: SLOW}),
        E("GET", "/feed", auth="bearer", headers={"API-Version": "str"}, query={"cursor?": "str"},
          responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
        E("PUT", "/following/{user_id}", auth="bearer", headers={"API-Version": "str"}, responses={204: "x", 404: "y"}),
        E("DELETE", "/following/{user_id}", auth="bearer", headers={"API-Version": "str"}, responses={204: "x"}),
    ],
    "api-key-auth": [
        E("POST", "/v1/posts", auth="api_key", body={"text": "str"}, responses={201: {"post_id": "str"}, 400: "x", 429: SLOW}),
        E("GET", "/v1/me/feed", auth="api_key", query={"cursor?": "str"}, responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
        E("PUT", "/v1/me/following/{user_id}", auth="api_key", responses={204: "x", 404: "y"}),
        E("DELETE", "/v1/me/following/{user_id}", auth="api_key", responses={204: "x"}),
    ],
    "jwt-auth-and-caption": feed(publish=E("POST", "/v1/posts", auth="jwt", body={"caption": "str", "image_url?": "url"},
                                           responses={201: {"id": "str"}, 400: "x", 429: SLOW})),
    "extra-endpoints": feed(extra=[
        E("GET", "/v1/users/{user_id}/posts", query={"cursor?": "str"},
          responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
        E("GET", "/v1/users/{user_id}/followers", auth="bearer", query={"cursor?": "str"},
          responses={200: {"users": "list[object]", "next_cursor?": "str"}}),
        E("DELETE", "/v1/posts/{post_id}", auth="bearer", responses={204: "deleted", 404: "unknown"}),
        E("POST", "/v1/posts/{post_id}/likes", auth="bearer", responses={201: "liked", 404: "unknown"}),
        E("GET", "/v1/posts/{post_id}", responses={200: {"text": "str"}, 404: "unknown"}),
    ]),
    "rate-limits-everywhere": feed(
        home=E("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str"},
               responses={200: {"posts": "list[object]", "next_cursor?": "str"}, 429: SLOW}),
        follow=E("PUT", "/v1/me/following/{user_id}", auth="bearer", responses={204: "x", 404: "y", 429: SLOW})),
    "camel-case": [
        E("POST", "/v1/posts", auth="bearer", body={"postText": "str", "mediaIds?": "list[str]"},
          responses={201: {"postId": "str"}, 400: "x", 429: SLOW}),
        E("GET", "/v1/users/{userId}/newsFeed", auth="bearer", query={"nextToken?": "str", "maxResults?": "int"},
          responses={200: {"posts": "list[object]", "nextToken?": "str"}}),
        E("PUT", "/v1/users/{userId}/following/{targetUserId}", auth="bearer", responses={204: "x", 404: "y"}),
        E("DELETE", "/v1/users/{userId}/following/{targetUserId}", auth="bearer", responses={204: "x"}),
    ],
    "user-follow-verb-path": feed(
        follow=E("POST", "/v1/users/{user_id}/follow", auth="bearer", responses={204: "x", 404: "no user"}),
        unfollow=E("DELETE", "/v1/users/{user_id}/follow", auth="bearer", responses={204: "x"})),
    "relationships": feed(
        follow=E("POST", "/v1/relationships", auth="bearer", body={"followee_id": "str"}, responses={201: "x", 404: "y"}),
        unfollow=E("DELETE", "/v1/relationships/{followee_id}", auth="bearer", responses={204: "x"})),
    "date-versioning": [
        E("POST", "/2024-01-01/posts", auth="bearer", body={"text": "str"}, responses={201: {"post_id": "str"}, 400: "x", 429: SLOW}),
        E("GET", "/2024-01-01/feed", auth="bearer", query={"cursor?": "str"}, responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
        E("PUT", "/2024-01-01/following/{user_id}", auth="bearer", responses={204: "x", 404: "y"}),
        E("DELETE", "/2024-01-01/following/{user_id}", auth="bearer", responses={204: "x"}),
    ],
    "with-summaries": [
        E("POST", "/v1/posts", summary="Publish a post", auth="bearer", body={"text": "str"},
          responses={201: {"post_id": "str"}, 400: "x", 429: SLOW}),
        E("GET", "/v1/feed", summary="Read my home feed", auth="bearer", query={"cursor?": "str"},
          responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
        E("PUT", "/v1/following/{user_id}", summary="Follow a user", auth="bearer", responses={204: "x", 404: "y"}),
        E("DELETE", "/v1/following/{user_id}", summary="Unfollow a user", auth="bearer", responses={204: "x"}),
    ],
    "publish-under-user": feed(publish=E("POST", "/v1/users/{user_id}/posts", auth="bearer", body={"text": "str"},
                                         responses={201: {"post_id": "str"}, 400: "x", 403: "not you", 429: SLOW})),
    "publish-422-and-413": feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                                          responses={201: {"post_id": "str"}, 413: "too large", 422: "empty", 429: SLOW})),
    "feed-with-206": feed(home=E("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str"},
                                 responses={206: {"posts": "list[object]", "next_cursor?": "str"}})),
    "stories-naming": feed(home=E("GET", "/v1/me/stories", auth="bearer", query={"cursor?": "str"},
                                  responses={200: {"stories": "list[object]", "next_cursor?": "str"}})),
    "activities-naming": feed(home=E("GET", "/v1/me/activity-feed", auth="bearer", query={"continuation?": "str"},
                                     responses={200: {"activities": "list[object]", "continuation?": "str"}})),
    "express-paths": feed(follow=E("PUT", "/v1/me/following/:user_id", auth="bearer", responses={204: "x", 404: "y"}),
                          unfollow=E("DELETE", "/v1/me/following/:user_id", auth="bearer", responses={204: "x"})),
    "python-types": feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": str, "media?": list[str]},
                                   responses={201: {"post_id": str}, 400: "x", 429: SLOW})),
    "since-cursor": feed(home=E("GET", "/v1/me/feed", auth="bearer", query={"since?": "str", "count?": "int"},
                                responses={200: {"posts": "list[object]"}})),
    "unfollow-with-query": feed(unfollow=E("DELETE", "/v1/me/following", auth="bearer", query={"user_id": "str"},
                                           responses={204: "x"})),
    "follow-idempotent-put-201": feed(follow=E("PUT", "/v1/me/follows/{target_id}", auth="bearer",
                                               responses={201: "x", 200: "already", 404: "y"}),
                                      unfollow=E("DELETE", "/v1/me/follows/{target_id}", auth="bearer", responses={204: "x"})),
    "tweet-naming": feed(publish=E("POST", "/v1/tweets", auth="bearer", body={"tweet": "str"},
                                   responses={201: {"tweet_id": "str"}, 400: "x", 429: SLOW})),
    "mastodon-with-idempotency": feed(publish=E("POST", "/v1/statuses", auth="bearer", idempotency_key=True,
                                                body={"status": "str"}, responses={200: {"id": "str"}, 422: "x", 429: SLOW})),
    "basic-auth": [
        E("POST", "/v1/posts", auth="basic", body={"text": "str"}, responses={201: {"post_id": "str"}, 400: "x", 429: SLOW}),
        E("GET", "/v1/feed", auth="basic", query={"cursor?": "str"}, responses={200: {"posts": "list[object]", "next_cursor?": "str"}}),
        E("PUT", "/v1/following/{user_id}", auth="basic", responses={204: "x", 404: "y"}),
        E("DELETE", "/v1/following/{user_id}", auth="basic", responses={204: "x"}),
    ],
}

_P = feed()[0]
WRONG: dict[str, tuple[list, str]] = {
    # publish
    "publish-with-get": (feed(publish=E("GET", "/v1/posts/new", auth="bearer", query={"text": "str"},
                                        responses={200: {"post_id": "str"}, 400: "x", 429: SLOW})), PUBLISH),
    "publish-without-id": (feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                                          responses={201: "posted", 400: "x", 429: SLOW})), PUBLISH),
    "publish-text-optional": (feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text?": "str"},
                                             responses={201: {"post_id": "str"}, 400: "x", 429: SLOW})), PUBLISH),
    "no-publish": (feed(publish="-"), PUBLISH),
    "publish-answers-only-errors": (feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                                                   responses={400: "x", 429: SLOW})), PUBLISH),
    # invalid post
    "publish-without-400": (feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                                           responses={201: {"post_id": "str"}, 429: SLOW})), INVALID),
    "xu-publish-without-400": ([E("POST", "/v1/me/feed", auth="bearer", body={"content": "str"},
                                  responses={201: {"post_id": "str"}, 429: SLOW})] + feed()[1:], INVALID),
    # feed
    "feed-offset-pages": (feed(home=E("GET", "/v1/me/feed", auth="bearer", query={"page?": "int", "page_size?": "int"},
                                      responses={200: {"posts": "list[object]", "total": "int"}})), FEED),
    "feed-offset": (feed(home=E("GET", "/v1/feed", auth="bearer", query={"offset?": "int", "limit?": "int"},
                                responses={200: {"posts": "list[object]"}})), FEED),
    "feed-not-paginated": (feed(home=E("GET", "/v1/me/feed", auth="bearer", responses={200: {"posts": "list[object]"}})), FEED),
    "feed-limit-only": (feed(home=E("GET", "/v1/me/feed", auth="bearer", query={"limit?": "int"},
                                    responses={200: {"posts": "list[object]"}})), FEED),
    "feed-cursor-never-returned": (feed(home=E("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str"},
                                               responses={200: {"posts": "list[object]"}})), FEED),
    "feed-in-words-only": (feed(home=E("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str"},
                                       responses={200: "the newest posts of the people I follow"})), FEED),
    "no-feed": (feed(home="-"), FEED),
    "twitter-v2-feed-by-page-number": (feed(home=E("GET", "/2/users/{id}/timelines/reverse_chronological", auth="bearer",
                                                   query={"page_number?": "int"}, responses={200: {"data": "list[object]"}})), FEED),
    # follow
    "follow-with-get": (feed(follow=E("GET", "/v1/users/{user_id}/follow", auth="bearer", responses={200: "ok", 404: "y"})), FOLLOW),
    "follow-without-404": (feed(follow=E("PUT", "/v1/me/following/{user_id}", auth="bearer", responses={204: "x"})), FOLLOW),
    "follow-put-without-target": (feed(follow=E("PUT", "/v1/me/following", auth="bearer", body={"user_id": "str"},
                                                responses={204: "x", 404: "y"})), FOLLOW),
    "follow-only-errors": (feed(follow=E("PUT", "/v1/me/following/{user_id}", auth="bearer", responses={404: "y"})), FOLLOW),
    "no-follow": (feed(follow="-"), FOLLOW),
    # unfollow
    "no-unfollow": (feed(unfollow="-"), UNFOLLOW),
    "unfollow-without-target": (feed(unfollow=E("DELETE", "/v1/me/following", auth="bearer", responses={204: "x"})), UNFOLLOW),
    "unfollow-without-success": (feed(unfollow=E("DELETE", "/v1/me/following/{user_id}", auth="bearer",
                                                 responses={404: "not following"})), UNFOLLOW),
    "mastodon-unfollow-only-404": (feed(unfollow=E("POST", "/v1/accounts/{id}/unfollow", auth="bearer",
                                                   responses={404: "x"})), UNFOLLOW),
    # who may call
    "feed-without-auth": (feed(home=E("GET", "/v1/users/{user_id}/feed", query={"cursor?": "str"},
                                      responses={200: {"posts": "list[object]", "next_cursor?": "str"}})), ACCESS),
    "feed-of-everyone": (feed(home=E("GET", "/v1/feed", query={"cursor?": "str"},
                                     responses={200: {"posts": "list[object]", "next_cursor?": "str"}})), ACCESS),
    "publish-without-auth": (feed(publish=E("POST", "/v1/posts", body={"text": "str", "user_id": "str"},
                                            responses={201: {"post_id": "str"}, 400: "x", 429: SLOW})), ACCESS),
    "follow-without-auth": (feed(follow=E("PUT", "/v1/users/{follower_id}/following/{user_id}", responses={204: "x", 404: "y"})), ACCESS),
    "unfollow-without-auth": (feed(unfollow=E("DELETE", "/v1/me/following/{user_id}", responses={204: "x"})), ACCESS),
    # versioning
    "publish-unversioned": (feed(publish=E("POST", "/posts", auth="bearer", body={"text": "str"},
                                           responses={201: {"post_id": "str"}, 400: "x", 429: SLOW})), VERSION),
    "feed-unversioned": (feed(home=E("GET", "/me/feed", auth="bearer", query={"cursor?": "str"},
                                     responses={200: {"posts": "list[object]", "next_cursor?": "str"}})), VERSION),
    "follow-unversioned": (feed(follow=E("PUT", "/me/following/{user_id}", auth="bearer", responses={204: "x", 404: "y"})), VERSION),
    # rate limiting
    "no-429": (feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                              responses={201: {"post_id": "str"}, 400: "x"})), RATE),
    "429-without-retry-after": (feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                                               responses={201: {"post_id": "str"}, 400: "x", 429: "slow down"})), RATE),
    "429-only-on-feed": (feed(publish=E("POST", "/v1/posts", auth="bearer", body={"text": "str"},
                                        responses={201: {"post_id": "str"}, 400: "x"}),
                              home=E("GET", "/v1/me/feed", auth="bearer", query={"cursor?": "str"},
                                     responses={200: {"posts": "list[object]", "next_cursor?": "str"}, 429: SLOW})), RATE),
    # safe methods
    "get-unfollows-too": (feed(extra=[E("GET", "/v1/users/{user_id}/unfollow", auth="bearer", responses={200: "ok"})]), SAFE),
    "get-feed-answers-201": (feed(extra=[E("GET", "/v1/me/feed/refresh", auth="bearer", responses={201: "rebuilt"})]), SAFE),
    "get-with-body": (feed(extra=[E("GET", "/v1/search", auth="bearer", body={"q": "str"}, responses={200: {"hits": "int"}})]), SAFE),
    # path parameters
    "two-names-for-one-route": (feed(unfollow=E("DELETE", "/v1/me/following/{id}", auth="bearer", responses={204: "x"})), PARAMS),
    "params-name-not-in-path": (feed(follow=E("PUT", "/v1/me/following/{user_id}", auth="bearer", params={"followee": "str"},
                                              responses={204: "x", 404: "y"})), PARAMS),
    # well-formed
    "status-2040": (feed(extra=[E("GET", "/v1/posts/{post_id}", responses={2040: "x", 404: "y"})]), WELLFORMED),
    "unknown-type": (feed(extra=[E("PATCH", "/v1/posts/{post_id}", auth="bearer", body={"text": "strng"},
                                   responses={200: "x"})]), WELLFORMED),
}
