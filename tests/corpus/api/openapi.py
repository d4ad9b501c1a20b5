"""Contracts for ``check_openapi``: every CORRECT contract of the other corpora exports to a valid
OpenAPI 3.1 document with nothing left out; each WRONG one has a part written the way people slip
(a typo in a keyword, a status of 4290, a path without its leading slash, a type the vocabulary does
not know) and must lose "every endpoint exported".
"""

from __future__ import annotations

from autograder.api import Endpoint, Response
from corpus.api import news_feed, shortener

E, R = Endpoint, Response
EXPORTED = "every endpoint exported"

CORRECT = {f"shortener/{k}": v for k, v in shortener.CORRECT.items()} | {
    f"news_feed/{k}": v for k, v in news_feed.CORRECT.items()}

_SLIPS = {
    "method-fetch": E("FETCH", "/v1/links/{code}", responses={200: "x"}),
    "method-lowercase-typo": E("gett", "/v1/links/{code}", responses={200: "x"}),
    "method-none": E(None, "/v1/links/{code}", responses={200: "x"}),
    "path-without-slash": E("PATCH", "v1/links/{code}", responses={200: "x"}),
    "path-unbalanced-brace": E("PATCH", "/v1/links/{code", responses={200: "x"}),
    "path-empty-param": E("PATCH", "/v1/links/{}", responses={200: "x"}),
    "path-with-query": E("GET", "/v1/links?code=abc", responses={200: "x"}),
    "path-double-slash": E("GET", "/v1//links/{code}", responses={200: "x"}),
    "path-param-twice": E("GET", "/v1/{code}/{code}", responses={200: "x"}),
    "path-with-space": E("GET", "/v1/my links", responses={200: "x"}),
    "path-not-text": E("GET", 42, responses={200: "x"}),
    "status-4290": E("PATCH", "/v1/links/{code}", responses={200: "x", 4290: "slow down"}),
    "status-99": E("PATCH", "/v1/links/{code}", responses={99: "x"}),
    "status-word": E("PATCH", "/v1/links/{code}", responses={"ok": "x"}),
    "status-true": E("PATCH", "/v1/links/{code}", responses={True: "x"}),
    "status-float": E("PATCH", "/v1/links/{code}", responses={200.0: "x"}),
    "response-number": E("PATCH", "/v1/links/{code}", responses={200: 42}),
    "responses-list": E("PATCH", "/v1/links/{code}", responses=[200, 404]),
    "no-responses": E("PATCH", "/v1/links/{code}"),
    "typo-respones": E("PATCH", "/v1/links/{code}", respones={200: "x"}),
    "typo-bdy": E("PATCH", "/v1/links/{code}", bdy={"expires_at": "datetime"}, responses={200: "x"}),
    "typo-querry": E("GET", "/v1/links/{code}/stats", querry={"from": "date"}, responses={200: "x"}),
    "positional-responses": E("PATCH", "/v1/links/{code}", {200: "x"}),
    "type-timestamp-bang": E("PATCH", "/v1/links/{code}", body={"expires_at": "timestamp!"}, responses={200: "x"}),
    "type-strng": E("PATCH", "/v1/links/{code}", body={"note": "strng"}, responses={200: "x"}),
    "type-number-literal": E("PATCH", "/v1/links/{code}", body={"ttl": 3600}, responses={200: "x"}),
    "type-lowercase-record": E("GET", "/v1/links/{code}", responses={200: {"owner": "user record"}}),
    "body-as-list": E("PATCH", "/v1/links/{code}", body=["expires_at"], responses={200: "x"}),
    "query-as-string": E("GET", "/v1/links/{code}/stats", query="from,to", responses={200: "x"}),
    "field-name-number": E("PATCH", "/v1/links/{code}", body={1: "str"}, responses={200: "x"}),
    "auth-magic": E("PATCH", "/v1/links/{code}", auth="magic", responses={200: "x"}),
    "auth-true": E("PATCH", "/v1/links/{code}", auth=True, responses={200: "x"}),
    "idempotency-yes": E("PATCH", "/v1/links/{code}", idempotency_key="yes", responses={200: "x"}),
    "deprecated-string": E("PATCH", "/v1/links/{code}", deprecated="since v2", responses={200: "x"}),
    "summary-number": E("PATCH", "/v1/links/{code}", summary=7, responses={200: "x"}),
    "response-typo-hedaers": E("PATCH", "/v1/links/{code}", responses={200: R("ok", hedaers=["ETag"])}),
    "response-description-number": E("PATCH", "/v1/links/{code}", responses={200: R(200)}),
    "response-body-type-unknown": E("GET", "/v1/links/{code}/clicks", responses={200: R("x", body="array of clicks")}),
    "a-string-item": "GET /v1/links/{code}/stats",
    "a-none-item": None,
    "repeated-endpoint": E("DELETE", "/v1/links/{code}", auth="api_key", responses={204: "again"}),
}

WRONG = {name: (shortener.rest(extra=[slip]), EXPORTED) for name, slip in _SLIPS.items()}
