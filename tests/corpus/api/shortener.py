"""URL shortener contracts: CORRECT ones must get full marks (visible and hidden), each WRONG one
must lose the criterion it names.

Styles: Alex Xu's chapter 8 (``/api/v1/data/shorten``, ``longUrl``, 301), the Grokking course
(``createURL(api_dev_key, original_url, custom_alias, user_name, expire_date)`` as REST, ``url_key``),
the System Design Primer's bit.ly sketch, Hello Interview (``POST /urls``, ``short_code``,
``expiration_date``), bit.ly's v4 API (``back_half``, groups), Stripe-style lists
(``starting_after``, ``has_more``), Google AIP-158 (``page_token``/``next_page_token``), GitHub-style
``/user/...`` and ``Link`` headers, Flask and Express paths, and Python types written directly.
"""

from __future__ import annotations

from collections import OrderedDict
from http import HTTPStatus
from typing import NewType, Optional

from autograder.api import Endpoint, Response

E, R = Endpoint, Response
SLOW = R("too many requests", headers=["Retry-After"])
GO = R("redirect to the long URL", headers=["Location"])

CREATE = "create: POST returns 201 or 200 with the code"
ALIAS = "custom alias: optional, a taken one gets 409"
EXPIRY = "expiry: create takes an optional expiry time"
INVALID = "invalid input: create answers 400 or 422"
REDIRECT = "redirect: GET answers 301/302/307/308 with Location"
UNKNOWN = "unknown code: redirect answers 404"
LIST = "list: one user's links, a page at a time"
DELETE = "delete: DELETE the link by its code, 404 if unknown"
ACCESS = "who may call: list and delete need the owner's credentials, the redirect none"
VERSION = "API is versioned"
RATE = "rate limiting: 429 with Retry-After"
SAFE = "a GET never creates or deletes"
PARAMS = "path parameters are declared"
WELLFORMED = "every endpoint is well-formed"


def rest(*, create=None, redirect=None, listing=None, delete=None, extra=()):
    """The plain REST shape many engineers write; any part replaced."""
    parts = [
        create or E("POST", "/v1/links", auth="api_key",
                    body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
                    responses={201: {"code": "str", "short_url": "url"}, 400: "invalid long_url",
                               409: "alias taken", 429: SLOW}),
        redirect or E("GET", "/{code}", responses={302: GO, 404: "unknown code", 410: "expired"}),
        listing or E("GET", "/v1/users/{user_id}/links", auth="api_key", query={"cursor?": "str", "limit?": "int"},
                     responses={200: {"links": "list[object]", "next_cursor?": "str"}}),
        delete or E("DELETE", "/v1/links/{code}", auth="api_key", responses={204: "deleted", 404: "no such code"}),
    ]
    return [p for p in parts if p is not None and p != "-"] + list(extra)


def xu(**swap):
    """Xu's chapter, extended with the list, delete and limits the exercise asks for."""
    parts = {
        "create": E("POST", "/api/v1/data/shorten", auth="api_key",
                    body={"longUrl": "url", "customAlias?": "str", "expireAt?": "datetime"},
                    responses={201: {"shortUrl": "url"}, 400: "longUrl is invalid", 409: "alias in use", 429: SLOW}),
        "redirect": E("GET", "/api/v1/{shortUrl}", responses={301: GO, 404: "shortUrl not found"}),
        "listing": E("GET", "/api/v1/users/{userId}/urls", auth="api_key", query={"page?": "int", "pageSize?": "int"},
                     responses={200: {"urls": "list[object]", "totalPages": "int"}}),
        "delete": E("DELETE", "/api/v1/data/{shortUrl}", auth="api_key", responses={204: "removed", 404: "not found"}),
    }
    parts.update(swap)
    return [p for p in parts.values() if p is not None]


def grokking(**swap):
    """Grokking's createURL/deleteURL as REST: the developer key authenticates and throttles."""
    parts = {
        "create": E("POST", "/v1/urls", auth="api_key",
                    body={"original_url": "url", "custom_alias?": "str", "user_name?": "str", "expire_date?": "date"},
                    responses={201: {"url_key": "str"}, 400: "original_url is malformed",
                               409: "custom_alias already exists", 429: SLOW}),
        "redirect": E("GET", "/{url_key}", responses={302: GO, 404: "no such key", 410: "expired"}),
        "listing": E("GET", "/v1/users/{user_name}/urls", auth="api_key", query={"offset?": "int", "limit?": "int"},
                     responses={200: {"urls": "list[object]", "total": "int"}}),
        "delete": E("DELETE", "/v1/urls/{url_key}", auth="api_key",
                    responses={200: "deleted", 403: "not your URL", 404: "unknown url_key"}),
    }
    parts.update(swap)
    return [p for p in parts.values() if p is not None]


ShortCode = NewType("ShortCode", str)


CORRECT: dict[str, list] = {
    "rest-minimal": rest(),
    "xu-book": xu(),
    "grokking-rest": grokking(),
    "hello-interview": [
        E("POST", "/v1/urls", auth="bearer",
          body={"original_url": "url", "custom_alias?": "str", "expiration_date?": "datetime"},
          responses={201: {"short_code": "str", "short_url": "url"}, 400: "not a URL", 409: "alias taken", 429: SLOW}),
        E("GET", "/{short_code}", responses={302: GO, 404: "not found"}),
        E("GET", "/v1/users/{user_id}/urls", auth="bearer", query={"cursor?": "str"},
          responses={200: {"urls": "list[object]", "next_cursor?": "str"}}),
        E("DELETE", "/v1/urls/{short_code}", auth="bearer", responses={204: "gone", 404: "not found"}),
    ],
    "bitly-v4": [
        E("POST", "/v4/shorten", auth="bearer", body={"long_url": "url", "domain?": "str", "group_guid?": "str"},
          responses={200: {"link": "url", "id": "str"}, 400: "INVALID_ARG_LONG_URL", 429: SLOW}),
        E("POST", "/v4/bitlinks", auth="bearer",
          body={"long_url": "url", "back_half?": "str", "expiration_at?": "datetime"},
          responses={201: {"id": "str", "link": "url"}, 400: "INVALID_ARG", 409: "back half already in use",
                     429: SLOW}),
        E("GET", "/{bitlink}", responses={301: GO, 404: "unknown"}),
        E("GET", "/v4/groups/{group_guid}/bitlinks", auth="bearer", query={"size?": "int", "search_after?": "str"},
          responses={200: {"links": "list[object]", "pagination": "object", "search_after?": "str"}}),
        E("DELETE", "/v4/bitlinks/{bitlink}", auth="bearer", responses={200: "deleted", 404: "not found"}),
    ],
    "post-random-plus-put-alias": rest(extra=[
        E("PUT", "/v1/links/{code}", auth="api_key", body={"long_url": "url", "expires_at?": "datetime"},
          responses={201: R("created", headers={"Location": "url"}), 409: "alias taken", 422: "long_url is not a URL",
                     429: SLOW}),
    ]),
    "header-versioning": [
        E("POST", "/links", headers={"Accept-Version": "str"}, body={"url": "url", "alias?": "str", "ttl_seconds?": "int"},
          responses={201: {"short_url": "url"}, 422: "url is malformed", 409: "alias exists",
                     429: R("throttled", headers={"Retry-After": "int"})}),
        E("GET", "/{slug}", responses={301: GO, 404: "unknown slug"}),
        E("GET", "/me/links", auth="api_key", headers={"Accept-Version": "str"}, query={"page?": "int"},
          responses={200: {"items": "list[object]", "total": "int"}}),
        E("DELETE", "/links/{slug}", auth="api_key", headers={"Accept-Version": "str"}, responses={204: "ok", 404: "unknown slug"}),
    ],
    "x-api-version-header": rest(
        create=E("POST", "/links", headers={"X-API-Version": "str"},
                 body={"target_url": "url", "vanity?": "str", "valid_until?": "datetime"},
                 responses={201: {"token": "str"}, 400: "bad target", 409: "vanity taken", 429: SLOW}),
        redirect=E("GET", "/{token}", responses={307: GO, 404: "no token"}),
        listing=E("GET", "/links", auth="bearer", headers={"X-API-Version": "str"},
                  query={"cursor?": "str", "limit?": "int"}, responses={200: {"links": "list[object]", "next_cursor?": "str"}}),
        delete=E("DELETE", "/links/{token}", auth="bearer", headers={"X-API-Version": "str"},
                 responses={204: "deleted", 404: "unknown"}),
    ),
    "date-versioning": rest(
        create=E("POST", "/2024-06-01/links", body={"long_url": "url", "slug?": "str", "expires_in?": "int"},
                 responses={201: {"slug": "str"}, 400: "bad url", 409: "slug taken", 429: SLOW}),
        listing=E("GET", "/2024-06-01/links", auth="api_key", query={"starting_after?": "str", "limit?": "int"},
                  responses={200: {"data": "list[object]", "has_more": "bool"}}),
        delete=E("DELETE", "/2024-06-01/links/{slug}", auth="api_key", responses={204: "deleted", 404: "no such slug"}),
    ),
    "query-versioning": rest(
        create=E("POST", "/links", query={"api-version": "str"}, body={"url": "url", "name?": "str", "expiry?": "datetime"},
                 responses={201: {"name": "str", "short_url": "url"}, 400: "invalid", 409: "name taken", 429: SLOW}),
        listing=E("GET", "/links", auth="api_key", query={"api-version": "str", "page_token?": "str", "page_size?": "int"},
                  responses={200: {"links": "list[object]", "next_page_token": "str"}}),
        delete=E("DELETE", "/links/{name}", auth="api_key", query={"api-version": "str"}, responses={204: "x", 404: "y"}),
    ),
    "200-instead-of-201": rest(create=E("POST", "/v1/links", body={"url": "url", "alias?": "str", "expires_at?": "datetime"},
                                        responses={200: {"short_url": "url"}, 400: "bad", 409: "taken", 429: SLOW})),
    "307-redirect": rest(redirect=E("GET", "/{code}", responses={307: GO, 404: "not found"})),
    "308-and-410": rest(redirect=E("GET", "/r/{key}", responses={308: GO, 404: "none", 410: "gone"})),
    "422-with-reason-for-taken-alias": rest(
        create=E("POST", "/v1/links", body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
                 responses={201: {"code": "str"}, 400: "malformed", 422: "alias already exists", 429: SLOW})),
    "422-error-body": rest(
        create=E("POST", "/v1/links", body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
                 responses={201: {"code": "str"}, 422: {"error": "str", "field": "str"}, 429: SLOW})),
    "extra-endpoints": rest(extra=[
        E("PATCH", "/v1/links/{code}", auth="api_key", body={"expires_at?": "datetime"}, responses={200: {"code": "str"}}),
        E("GET", "/v1/links/{code}/stats", auth="api_key",
          responses={200: {"clicks": "int", "daily_clicks": "list[int]", "top_referrers": "list[object]"}, 404: "x"}),
        E("GET", "/v1/health", responses={200: "up"}),
    ]),
    "offset-pagination": rest(listing=E("GET", "/v1/links", auth="api_key", query={"offset?": "int", "limit?": "int"},
                                        responses={200: {"items": "list[object]", "total": "int"}})),
    "github-user-and-link-header": rest(listing=E(
        "GET", "/v1/user/links", auth="bearer", query={"page?": "int", "per_page?": "int"},
        responses={200: R("a page of links", body="list[object]", headers=["Link"])})),
    "flask-and-express-paths": rest(redirect=E("GET", "/<code>", responses={302: GO, 404: "x"}),
                                    listing=E("GET", "/v1/users/:user_id/links", auth="api_key", query={"page?": "int"},
                                              responses={200: {"links": "list[object]"}}),
                                    delete=E("DELETE", "/v1/links/<code>", auth="api_key", responses={204: "x", 404: "y"})),
    "python-types-and-http-status": [
        E("POST", "/v1/urls", auth="api_key", body={"url": str, "alias": Optional[str], "expires_at": "datetime?"},  # noqa: UP045
          responses={HTTPStatus.CREATED: {"short_url": str}, HTTPStatus.BAD_REQUEST: "invalid",
                     HTTPStatus.CONFLICT: "taken", HTTPStatus.TOO_MANY_REQUESTS: SLOW}),
        E("GET", "/{code}", params={"code": ShortCode}, responses={HTTPStatus.FOUND: GO, HTTPStatus.NOT_FOUND: "nope"}),
        E("GET", "/v1/urls", auth="api_key", query={"page_token": str | None},
          responses={200: {"urls": list[str], "next_page_token": str}}),
        E("DELETE", "/v1/urls/{code}", auth="api_key", responses={HTTPStatus.NO_CONTENT: "ok", HTTPStatus.NOT_FOUND: "x"}),
    ],
    "ordered-dicts": rest(create=E("POST", "/v1/links", body=OrderedDict(long_url="url", alias="str?", ttl="int?"),
                                   responses=OrderedDict([(201, {"code": "str"}), (400, "bad"), (409, "taken"),
                                                          (429, SLOW)]))),
    "bearer-idempotency-deprecated-v1": rest(extra=[
        E("POST", "/v2/links", auth="bearer", idempotency_key=True,
          body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
          responses={201: {"code": "str"}, 400: "bad", 409: "taken", 429: SLOW}),
    ]),
    "two-public-routes-get-and-head": rest(extra=[
        E("HEAD", "/{code}", responses={302: GO, 404: "unknown"}),
    ]),
    "public-preview-and-qr-unversioned": rest(extra=[
        E("GET", "/{code}/preview", responses={200: {"long_url": "url", "title": "str"}, 404: "unknown"}),
        E("GET", "/{code}/qr", responses={200: "a PNG QR code", 404: "unknown"}),
    ]),
    "two-redirect-hosts": rest(extra=[E("GET", "/s/{code}", responses={301: GO, 404: "unknown"})]),
    "jwt-and-oauth2-names": rest(
        listing=E("GET", "/v1/me/links", auth="jwt", query={"after?": "str", "first?": "int"},
                  responses={200: {"edges": "list[object]", "end_cursor?": "str", "has_next_page": "bool"}}),
        delete=E("DELETE", "/v1/links/{code}", auth="oauth2", responses={204: "x", 404: "y", 403: "not yours"}),
    ),
    "basic-auth-and-owner-path-delete": rest(
        delete=E("DELETE", "/v1/users/{user_id}/links/{code}", auth="basic", responses={204: "x", 404: "no link"})),
    "delete-202-async": rest(delete=E("DELETE", "/v1/links/{code}", auth="api_key",
                                      responses={202: "deletion queued", 404: "unknown"})),
    "delete-200-with-body": rest(delete=E("DELETE", "/v1/links/{code}", auth="api_key",
                                          responses={200: {"deleted": "bool"}, 404: "unknown"})),
    "primer-style-paths": [
        E("POST", "/api/v1/shorten", auth="api_key", body={"url": "url", "custom_code?": "str", "expiration_length_in_minutes?": "int"},
          responses={201: {"shortlink": "url"}, 400: "bad url", 409: "code taken", 429: SLOW}),
        E("GET", "/{shortlink}", responses={302: GO, 404: "not found"}),
        E("GET", "/api/v1/users/{user_id}/shortlinks", auth="api_key", query={"page?": "int"},
          responses={200: {"shortlinks": "list[object]"}}),
        E("DELETE", "/api/v1/shortlinks/{shortlink}", auth="api_key", responses={204: "deleted", 404: "unknown"}),
    ],
    "tiny-url-names": rest(
        create=E("POST", "/v1/tinyurls", body={"long_url": "url", "preferred_code?": "str", "expire_after_days?": "int"},
                 responses={201: {"tiny_url": "url"}, 400: "invalid url", 409: "preferred_code taken", 429: SLOW}),
        redirect=E("GET", "/{tiny}", responses={302: GO, 404: "not found"})),
    "hash-and-key-names": rest(
        create=E("POST", "/v1/links", body={"destination": "url", "key?": "str", "lifetime?": "int"},
                 responses={201: {"hash": "str"}, 400: "bad destination", 409: "key exists", 429: SLOW}),
        redirect=E("GET", "/{hash}", responses={302: GO, 404: "no hash"})),
    "camel-case": rest(
        create=E("POST", "/v1/links", body={"longUrl": "url", "customAlias?": "str", "expiresAt?": "datetime"},
                 responses={201: {"shortCode": "str", "shortUrl": "url"}, 400: "x", 409: "y", 429: SLOW}),
        listing=E("GET", "/v1/users/{userId}/links", auth="api_key", query={"nextToken?": "str", "maxResults?": "int"},
                  responses={200: {"links": "list[object]", "nextToken?": "str"}})),
    "with-summaries": [
        E("POST", "/v1/links", summary="Shorten a URL", auth="api_key",
          body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
          responses={201: {"code": "str"}, 400: "x", 409: "y", 429: SLOW}),
        E("GET", "/{code}", summary="Follow a short link", responses={302: GO, 404: "x"}),
        E("GET", "/v1/users/{user_id}/links", summary="List my links", auth="api_key", query={"cursor?": "str"},
          responses={200: {"links": "list[object]", "next_cursor?": "str"}}),
        E("DELETE", "/v1/links/{code}", summary="Delete a link", auth="api_key", responses={204: "x", 404: "y"}),
    ],
    "location-header-on-201": rest(
        create=E("POST", "/v1/links", body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
                 responses={201: R("created", headers={"Location": "url"}), 400: "x", 409: "y", 429: SLOW})),
    "list-bare-array-with-link-header": rest(listing=E(
        "GET", "/v1/users/{user_id}/links", auth="api_key", query={"cursor?": "str"},
        responses={200: R(body="list[Link]", headers=["Link"])})),
    "stripe-like": rest(
        create=E("POST", "/v1/links", auth="api_key", idempotency_key=True,
                 body={"url": "url", "alias?": "str", "expires_at?": "int"},
                 responses={200: {"id": "str", "url": "url"}, 400: "invalid_request_error", 409: "alias taken",
                            429: SLOW}),
        listing=E("GET", "/v1/links", auth="api_key", query={"starting_after?": "str", "ending_before?": "str", "limit?": "int"},
                  responses={200: {"data": "list[object]", "has_more": "bool"}})),
    "query-code-redirect": rest(redirect=E("GET", "/go", query={"code": "str"}, responses={302: GO, 404: "unknown"})),
    "user-id-query-filter": rest(listing=E("GET", "/v1/links", auth="api_key",
                                           query={"user_id": "str", "page?": "int", "page_size?": "int"},
                                           responses={200: {"links": "list[object]"}})),
    "api-prefix-unversioned-redirect": [
        E("POST", "/api/v1/links", auth="api_key", body={"long_url": "url", "alias?": "str", "expires_at?": "datetime"},
          responses={201: {"alias": "str", "short_url": "url"}, 400: "x", 409: "y", 429: SLOW}),
        E("GET", "/{alias}", responses={302: GO, 404: "unknown alias", 410: "expired"}),
        E("GET", "/api/v1/me/links", auth="api_key", query={"cursor?": "str", "limit?": "int"},
          responses={200: {"links": "list[object]", "next?": "str"}}),
        E("DELETE", "/api/v1/links/{alias}", auth="api_key", responses={204: "x", 404: "y"}),
    ],
    "ttl-in-query": rest(create=E("POST", "/v1/links", query={"ttl?": "int"}, body={"long_url": "url", "alias?": "str"},
                                  responses={201: {"code": "str"}, 400: "x", 409: "y", 429: SLOW})),
    "rate-limit-everywhere": rest(
        listing=E("GET", "/v1/users/{user_id}/links", auth="api_key", query={"cursor?": "str"},
                  responses={200: {"links": "list[object]", "next_cursor?": "str"}, 429: SLOW}),
        delete=E("DELETE", "/v1/links/{code}", auth="api_key", responses={204: "x", 404: "y", 429: SLOW})),
}


def _without(responses, *statuses):
    return {s: v for s, v in responses.items() if s not in statuses}


_BASE = rest()[0].responses
_BODY = rest()[0].body


def _create(**kw):
    spec = {"auth": "api_key", "body": _BODY, "responses": _BASE}
    spec.update(kw)
    return E("POST", kw.pop("path", "/v1/links"), **{k: v for k, v in spec.items() if k != "path"})


WRONG: dict[str, tuple[list, str]] = {
    # create
    "create-with-get": (rest(create=E("GET", "/v1/shorten", query={"long_url": "url", "alias?": "str", "expires?": "datetime"},
                                      responses={200: {"short_url": "url"}, 400: "x", 409: "y", 429: SLOW})), CREATE),
    "create-answers-202": (rest(create=_create(responses={202: {"code": "str"}, 400: "x", 409: "y", 429: SLOW})), CREATE),
    "create-body-has-no-code": (rest(create=_create(responses={201: "created", 400: "x", 409: "y", 429: SLOW})), CREATE),
    "long-url-optional": (rest(create=_create(body={"long_url?": "url", "alias?": "str", "expires_at?": "datetime"})), CREATE),
    "put-on-collection": (rest(create=E("PUT", "/v1/links", body=_BODY, responses=_BASE)), CREATE),
    "xu-create-answers-200-without-code": (xu(create=E("POST", "/api/v1/data/shorten", body={"longUrl": "url", "customAlias?": "str", "expireAt?": "datetime"},
                                                      responses={200: "ok", 400: "x", 409: "y", 429: SLOW})), CREATE),
    # alias
    "no-alias-field": (rest(create=_create(body={"long_url": "url", "expires_at?": "datetime"})), ALIAS),
    "alias-required": (rest(create=_create(body={"long_url": "url", "custom_alias": "str", "expires_at?": "datetime"})), ALIAS),
    "only-put-with-alias": (rest(create=E("PUT", "/v1/links/{code}", body={"long_url": "url", "expires_at?": "datetime"},
                                          responses=_BASE)), ALIAS),
    "alias-with-generic-422": (rest(create=_create(responses={201: {"code": "str"}, 422: "invalid input", 429: SLOW})), ALIAS),
    "put-alias-route-without-409": (rest(extra=[E("PUT", "/v1/links/{code}", body={"long_url": "url"},
                                                  responses={201: {"code": "str"}, 400: "x", 429: SLOW})]), ALIAS),
    "grokking-alias-no-conflict": (grokking(create=E("POST", "/v1/urls", body={"original_url": "url", "custom_alias?": "str", "expire_date?": "date"},
                                                      responses={201: {"url_key": "str"}, 400: "x", 429: SLOW})), ALIAS),
    # expiry
    "no-expiry-field": (rest(create=_create(body={"long_url": "url", "custom_alias?": "str"})), EXPIRY),
    "expiry-required": (rest(create=_create(body={"long_url": "url", "custom_alias?": "str", "expires_at": "datetime"})), EXPIRY),
    "xu-without-expiry": (xu(create=E("POST", "/api/v1/data/shorten", body={"longUrl": "url", "customAlias?": "str"},
                                      responses={201: {"shortUrl": "url"}, 400: "x", 409: "y", 429: SLOW})), EXPIRY),
    # invalid input
    "no-400": (rest(create=_create(responses=_without(_BASE, 400))), INVALID),
    "put-route-without-400": (rest(extra=[E("PUT", "/v1/links/{code}", body={"long_url": "url"},
                                            responses={201: {"code": "str"}, 409: "taken", 429: SLOW})]), INVALID),
    # redirect
    "redirect-returns-json": (rest(redirect=E("GET", "/{code}", responses={200: {"long_url": "url"}, 404: "x"})), REDIRECT),
    "redirect-without-location": (rest(redirect=E("GET", "/{code}", responses={302: "go there", 404: "x"})), REDIRECT),
    "redirect-303": (rest(redirect=E("GET", "/{code}", responses={303: GO, 404: "x"})), REDIRECT),
    "redirect-with-post": (rest(redirect=E("POST", "/{code}", responses={302: GO, 404: "x"})), REDIRECT),
    "second-redirect-without-location": (rest(extra=[E("GET", "/s/{code}", responses={301: "moved", 404: "x"})]), REDIRECT),
    # unknown code
    "redirect-only-410": (rest(redirect=E("GET", "/{code}", responses={302: GO, 410: "gone"})), UNKNOWN),
    "no-404-at-all": (rest(redirect=E("GET", "/{code}", responses={301: GO})), UNKNOWN),
    "head-route-without-404": (rest(extra=[E("HEAD", "/{code}", responses={302: GO})]), UNKNOWN),
    # list
    "no-list-endpoint": (rest(listing="-"), LIST),
    "list-with-limit-only": (rest(listing=E("GET", "/v1/users/{user_id}/links", auth="api_key", query={"limit?": "int"},
                                            responses={200: {"links": "list[object]"}})), LIST),
    "cursor-never-returned": (rest(listing=E("GET", "/v1/users/{user_id}/links", auth="api_key", query={"cursor?": "str"},
                                             responses={200: {"links": "list[object]"}})), LIST),
    "list-in-words-only": (rest(listing=E("GET", "/v1/users/{user_id}/links", auth="api_key", query={"page?": "int"},
                                          responses={200: "a page of the user's links"})), LIST),
    "list-not-paginated": (rest(listing=E("GET", "/v1/me/links", auth="api_key", responses={200: {"links": "list[object]"}})), LIST),
    # delete
    "no-delete-endpoint": (rest(delete="-"), DELETE),
    "delete-without-404": (rest(delete=E("DELETE", "/v1/links/{code}", auth="api_key", responses={204: "deleted"})), DELETE),
    "delete-without-success": (rest(delete=E("DELETE", "/v1/links/{code}", auth="api_key", responses={404: "x"})), DELETE),
    "delete-the-whole-collection": (rest(delete=E("DELETE", "/v1/links", auth="api_key", responses={204: "x", 404: "y"})), DELETE),
    # who may call
    "list-without-auth": (rest(listing=E("GET", "/v1/users/{user_id}/links", query={"cursor?": "str"},
                                         responses={200: {"links": "list[object]", "next_cursor?": "str"}})), ACCESS),
    "list-everyones-links": (rest(listing=E("GET", "/v1/links", query={"page?": "int"}, responses={200: {"links": "list[object]"}})), ACCESS),
    "delete-without-auth": (rest(delete=E("DELETE", "/v1/links/{code}", responses={204: "x", 404: "y"})), ACCESS),
    "redirect-requires-auth": (rest(redirect=E("GET", "/{code}", auth="api_key", responses={302: GO, 404: "x"})), ACCESS),
    "xu-open-delete": (xu(delete=E("DELETE", "/api/v1/data/{shortUrl}", responses={204: "x", 404: "y"})), ACCESS),
    # versioning
    "create-unversioned": (rest(create=E("POST", "/links", auth="api_key", body=_BODY, responses=_BASE)), VERSION),
    "list-unversioned": (rest(listing=E("GET", "/users/{user_id}/links", auth="api_key", query={"cursor?": "str"},
                                        responses={200: {"links": "list[object]", "next_cursor?": "str"}})), VERSION),
    "delete-unversioned": (rest(delete=E("DELETE", "/links/{code}", auth="api_key", responses={204: "x", 404: "y"})), VERSION),
    # rate limiting
    "no-429": (rest(create=_create(responses=_without(_BASE, 429))), RATE),
    "429-without-retry-after": (rest(create=_create(responses={**_BASE, 429: "slow down"})), RATE),
    "429-only-on-list": (rest(create=_create(responses=_without(_BASE, 429)),
                              listing=E("GET", "/v1/users/{user_id}/links", auth="api_key", query={"cursor?": "str"},
                                        responses={200: {"links": "list[object]", "next_cursor?": "str"}, 429: SLOW})), RATE),
    "put-route-without-429": (rest(extra=[E("PUT", "/v1/links/{code}", body={"long_url": "url"},
                                            responses={201: {"code": "str"}, 400: "x", 409: "y"})]), RATE),
    # safe methods
    "get-deletes": (rest(extra=[E("GET", "/v1/links/{code}/delete", auth="api_key", responses={200: "deleted"})]), SAFE),
    "get-shortens-too": (rest(extra=[E("GET", "/v1/shorten", query={"url": "url"}, responses={200: {"short_url": "url"}})]), SAFE),
    "get-answers-201": (rest(extra=[E("GET", "/v1/links/new", responses={201: {"code": "str"}})]), SAFE),
    "get-with-body": (rest(extra=[E("GET", "/v1/links/{code}/stats", auth="api_key", body={"range": "str"},
                                    responses={200: {"clicks": "int"}})]), SAFE),
    # path parameters
    "params-name-not-in-path": (rest(redirect=E("GET", "/{code}", params={"short_code": "str"}, responses={302: GO, 404: "x"})), PARAMS),
    "same-route-two-names": (rest(extra=[E("GET", "/v1/links/{id}", auth="api_key", responses={200: {"clicks": "int"}})]), PARAMS),
    "path-param-also-in-query": (rest(redirect=E("GET", "/{code}", query={"code": "str"}, responses={302: GO, 404: "x"})), PARAMS),
    # well-formed
    "status-4040": (rest(extra=[E("PATCH", "/v1/links/{code}", auth="api_key", responses={200: "x", 4040: "unknown"})]), WELLFORMED),
    "unknown-method": (rest(extra=[E("FETCH", "/v1/links/{code}", responses={200: "x"})]), WELLFORMED),
    "misspelt-keyword": (rest(extra=[E("PATCH", "/v1/links/{code}", auth="api_key", respones={200: "x"})]), WELLFORMED),
}
