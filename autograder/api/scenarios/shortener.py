"""The URL shortener (module 2): create a short link, follow it, list and delete one user's links.

Names of the code and the alias come from the popular write-ups and from real APIs: Xu's
``shortUrl``, Grokking's ``custom_alias`` and ``api_dev_key``, bit.ly's ``back_half`` and
``keyword``, and what engineers write in practice (``url_key``, ``short_code``, ``slug``,
``token``, ``tiny_url``, ``hash``, ``name``).
"""

from __future__ import annotations

from autograder.api.scenarios import Concept, Input, Operation, Outcome, Scenario, Sequence, Step

_CODE_NAMES = (
    "code", "shortcode", "shorturl", "shortlink", "shorturi", "alias", "key", "slug", "shortkey", "id", "hash",
    "shortid", "urlkey", "token", "tinyurl", "tinylink", "name", "linkid", "urlid", "shortpath", "backhalf",
    "keyword", "shorthash", "path", "handle", "customalias", "link", "url", "uri",
)

CONCEPTS = {
    "long_url": Concept(
        names=("url", "uri", "link", "longurl", "longuri", "longlink", "originalurl", "originallink", "targeturl",
               "target", "destination", "destinationurl", "fullurl", "redirecturl", "sourceurl", "href",
               "location", "dest", "to", "redirectto", "forwardurl", "website"),
        contains=("longurl", "originalurl", "targeturl", "destination"),
        excludes=("short", "tiny"),
        types=("url",),
    ),
    "code": Concept(
        names=_CODE_NAMES,
        contains=("short", "alias", "slug", "tiny", "code"),
        excludes=("expir",),
    ),
    "alias": Concept(
        names=("alias", "code", "shortcode", "slug", "key", "shortkey", "backhalf", "keyword", "vanity", "vanityurl",
               "shortname", "urlkey", "token", "name", "handle", "shorturl", "tinyurl", "shortid", "hash", "path",
               "shortpath", "customname"),
        contains=("alias", "custom", "vanity", "preferred", "desired", "requested", "chosen", "slug", "backhalf"),
        excludes=("expir", "longurl", "originalurl", "targeturl", "destination"),
    ),
    "expiry": Concept(
        contains=("expir", "ttl", "validuntil", "lifetime", "deleteat", "until", "validfor", "expire", "deadline"),
    ),
    "user": Concept(
        names=("user", "userid", "username", "owner", "ownerid", "accountid", "account", "uid", "customerid",
               "apidevkey", "creator", "creatorid", "handle", "login"),
        contains=("user", "owner", "account", "creator"),
        literals=("me", "self", "mine", "my", "current", "user"),
    ),
    "link": Concept(
        names=("links", "urls", "shortlinks", "shorturls", "codes", "aliases", "items", "results", "data", "entries",
               "records", "page", "list", "values", "content", "objects", "edges", "nodes"),
        contains=("links", "urls", "codes", "aliases", "items", "results", "entries", "records"),
    ),
}

TAKEN = Outcome(
    "taken", "the alias is already taken", (409,), check="custom alias: optional, a taken one gets 409",
    with_reason=(422, 400), reason=r"taken|exists|in use|already|conflict|duplicate|unavailable|reserved",
    when_taking="alias", fix='409: "alias already taken"',
)
INVALID = Outcome(
    "invalid", "the long URL is malformed", (400, 422), check="invalid input: create answers 400 or 422",
    fix='400: "long_url is not a valid URL"',
)
LIMITED = Outcome(
    "limited", "a client sends too many creates", (429,), check="rate limiting: 429 with Retry-After",
    headers=("Retry-After",), fix='429: Response("too many requests", headers=["Retry-After"])',
)
UNKNOWN = Outcome(
    "unknown", "the code does not exist", (404,), check="unknown code: redirect answers 404",
    fix='404: "no link has this code"',
)
EXPIRED = Outcome("expired", "the link has expired", (404, 410))
DELETED = Outcome("deleted", "the link was deleted", (404, 410))

CREATE = Operation(
    "create", "create a short link", "create", check="create: POST returns 201 or 200 with the code",
    success=(201, 200),
    takes=(
        Input("long_url", required=True, key=True, where=("body", "query"),
              fix='body={"long_url": "url"}'),
        Input("alias", required=False, check="custom alias: optional, a taken one gets 409",
              fix='an optional field such as "custom_alias?": "str"'),
        Input("expiry", required=False, check="expiry: create takes an optional expiry time",
              where=("body", "query"), fix='an optional field such as "expires_at?": "datetime"'),
    ),
    returns=("code",),
    errors=(INVALID, TAKEN, LIMITED),
    rate_limited=True,
    example='POST /v1/links with body={"long_url": "url"} answering 201 with the code or short URL',
)
REDIRECT = Operation(
    "redirect", "follow a short link", "redirect", check="redirect: GET answers 301/302/307/308 with Location",
    success=(301, 302, 307, 308),
    takes=(Input("code", required=True, key=True, where=("path", "query")),),
    returns=("long_url",),
    errors=(UNKNOWN, EXPIRED, DELETED),
    auth="none",
    versioned=False,
    example='GET /{code} answering 302 (or 301) with Response("go to the long URL", headers=["Location"])',
)
LIST = Operation(
    "list", "list one user's links", "list", check="list: one user's links, a page at a time",
    success=(200, 206),
    auth="required", owner=True,
    paginate="any",
    resource="link",
    example=('GET /v1/users/{user_id}/links with auth="api_key", query={"cursor?": "str", "limit?": "int"}, '
             'returning {"links": "list[object]", "next_cursor?": "str"}'),
)
DELETE = Operation(
    "delete", "delete a link", "delete", check="delete: DELETE the link by its code, 404 if unknown",
    success=(204, 200, 202),
    takes=(Input("code", required=True, key=True, where=("path",)),),
    errors=(Outcome("unknown", "the code does not exist", (404, 410), check="delete: DELETE the link by its code, 404 if unknown",
                    fix='404: "no link has this code"'),),
    auth="required", owner=True,
    verbs=("delete", "remove", "destroy"),
    example='DELETE /v1/links/{code} with auth="api_key" answering 204 and 404',
)

SEQUENCES = (
    Sequence("scenario: create, then follow the short link",
             (Step("create"), Step("redirect")),
             "create, then GET the new code -> redirect with Location."),
    Sequence("scenario: the same custom alias twice gets a conflict",
             (Step("create", uses=("alias",), value="promo"), Step("create", "taken", uses=("alias",), value="promo")),
             "create with alias 'promo' twice: the second is refused as taken."),
    Sequence("scenario: an expired code answers 404 or 410",
             (Step("create", uses=("expiry",)), Step("redirect", "expired")),
             "create with an expiry, wait past it, GET the code -> 404 or 410."),
    Sequence("scenario: an unknown code answers 404",
             (Step("redirect", "unknown", value="zzzzzzz"),),
             "GET of a code never created -> 404."),
    Sequence("scenario: a burst of creates gets 429 with Retry-After",
             (Step("create"), Step("create", "limited")),
             "1,000 creates a second -> 429, Retry-After says when to come back."),
    Sequence("scenario: page through a user's links",
             (Step("list", value="u42"), Step("list", uses=("page",), value="u42")),
             "list page 1, then page 2 with the returned cursor or page."),
    Sequence("scenario: delete a link, then its code answers 404 or 410",
             (Step("create"), Step("delete"), Step("redirect", "deleted")),
             "create, DELETE the code, GET it -> 404 or 410."),
)

SHORTENER = Scenario(
    "shortener", "URL shortener contract", CONCEPTS, (CREATE, REDIRECT, LIST, DELETE),
    access_check="who may call: list and delete need the owner's credentials, the redirect none",
    sequences=SEQUENCES,
    example="create, redirect, a user's links and delete at least",
)
