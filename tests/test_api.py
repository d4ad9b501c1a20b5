"""autograder.api: the URL shortener checker judges meaning, gives partial credit per criterion,
and never raises on learner input; every exported document is valid OpenAPI 3.1."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from autograder.api import Endpoint, Response, check_openapi, check_shortener_contract, to_openapi, to_yaml
from autograder.api.openapi import validation_errors
from autograder.report import Missing

CRITERIA = [
    "every endpoint is well-formed",
    "create: POST returns 201 or 200 with the code",
    "redirect: GET answers 301/302/307/308 with Location",
    "unknown code: redirect answers 404",
    "custom alias: a taken alias gets 409",
    "invalid input: create answers 400 or 422",
    "list endpoint is paginated",
    "API is versioned",
    "rate limiting: 429 with Retry-After",
    "a GET never creates or deletes",
    "path parameters are declared",
]


def test_published_criteria_and_scenarios_match_the_report():
    from autograder.api.shortener import CRITERIA as PUBLISHED
    from autograder.api.shortener import SCENARIOS

    assert [name for name, _ in PUBLISHED] == CRITERIA
    report = check_shortener_contract(base(), scenarios="hidden")
    assert [f.check for f in report.findings] == CRITERIA + list(SCENARIOS)

SLOW_DOWN = Response("too many requests", headers=["Retry-After"])
GO = Response("go to the long URL", headers=["Location"])


def create(path="/v1/links", **overrides):
    spec = dict(
        body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
        responses={201: {"code": "str", "short_url": "url"}, 400: "not a valid URL",
                   409: "alias taken", 429: SLOW_DOWN},
    )
    spec.update(overrides)
    return Endpoint("POST", path, **spec)


def redirect(path="/{code}", **overrides):
    spec = dict(responses={302: GO, 404: "no such code", 410: "expired"})
    spec.update(overrides)
    return Endpoint("GET", path, **spec)


def listing(path="/v1/users/{user_id}/links", **overrides):
    spec = dict(query={"cursor?": "str", "limit?": "int"},
                responses={200: {"links": "list[object]", "next_cursor?": "str"}})
    spec.update(overrides)
    return Endpoint("GET", path, **spec)


def base():
    return [create(), redirect(), listing()]


# -- fifteen+ correct contracts, all with full credit ------------------------------------

CORRECT = {
    "minimal-302": base(),
    "xu-style-301-versioned-redirect": [
        Endpoint("POST", "/api/v1/data/shorten", body={"longUrl": "url", "customAlias?": "str"},
                 responses={201: {"shortUrl": "url"}, 400: "invalid longUrl", 409: "alias in use",
                            429: SLOW_DOWN}),
        Endpoint("GET", "/api/v1/{shortUrl}", responses={301: GO, 404: "unknown"}),
        Endpoint("GET", "/api/v1/users/{userId}/urls", query={"page?": "int", "per_page?": "int"},
                 responses={200: {"urls": "list[object]"}}),
    ],
    "200-instead-of-201": [
        create(responses={200: {"short_url": "url"}, 400: "bad", 409: "taken", 429: SLOW_DOWN}),
        redirect(), listing(),
    ],
    "307-redirect": [create(), redirect(responses={307: GO, 404: "not found"}), listing()],
    "308-redirect-and-410": [create(), redirect("/r/{key}", responses={308: GO, 404: "none", 410: "gone"}), listing()],
    "header-versioning": [
        create("/links", headers={"API-Version": "str"}),
        redirect(),
        listing("/me/links", headers={"API-Version": "str"}),
    ],
    "date-versioning": [create("/2024-06-01/links"), redirect(), listing("/2024-06-01/links")],
    "query-versioning": [
        create("/links", query={"api-version": "str"}), redirect("/s/{slug}"),
        listing("/links", query={"api-version": "str", "cursor?": "str"}),
    ],
    "put-with-alias-in-path": [
        Endpoint("PUT", "/v2/links/{alias}", body={"target_url": "url"},
                 responses={201: Response("created", headers={"Location": "url"}), 409: "alias taken",
                            422: "target_url is not a URL", 429: SLOW_DOWN}),
        redirect(), listing("/v2/links"),
    ],
    "422-with-reason-for-taken-alias": [
        create(responses={201: {"code": "str"}, 400: "malformed", 422: "alias already exists", 429: SLOW_DOWN}),
        redirect(), listing(),
    ],
    "422-reason-body": [
        create(responses={201: {"code": "str"}, 422: {"reason": "str"}, 429: SLOW_DOWN}),
        redirect(), listing(),
    ],
    "extra-endpoints": base() + [
        Endpoint("DELETE", "/v1/links/{code}", auth="api_key", responses={204: "deleted", 404: "unknown"}),
        Endpoint("PATCH", "/v1/links/{code}", body={"expires_at?": "datetime"}, responses={200: {"code": "str"}}),
        Endpoint("GET", "/v1/links/{code}/stats",
                 responses={200: {"clicks": "int", "daily_clicks": "list[int]", "top_referrers": "list[object]"},
                            404: "unknown"}),
        Endpoint("GET", "/v1/lookup", query={"long_url": "url"}, responses={200: {"code": "str"}, 404: "none yet"}),
        Endpoint("GET", "/v1/health", responses={200: "up"}),
    ],
    "offset-pagination": [
        create(), redirect(),
        listing("/v1/links", query={"offset?": "int", "limit?": "int"},
                responses={200: {"items": "list[object]", "total": "int"}}),
    ],
    "link-header-pagination": [
        create(), redirect(),
        listing(responses={200: Response("a page of links", body="list[object]", headers=["Link"])}),
    ],
    "flask-and-express-paths": [create(), redirect("/<code>"), listing("/v1/users/:user_id/links")],
    "python-types-and-string-statuses": [
        Endpoint("POST", "/v1/urls", body={"url": str, "alias": "str?"},
                 responses={"201": {"short_url": str}, HTTPStatus.BAD_REQUEST: "invalid",
                            HTTPStatus.CONFLICT: "taken", 429: SLOW_DOWN}),
        Endpoint("GET", "/{code}", params={"code": str}, responses={HTTPStatus.FOUND: GO, 404: "nope"}),
        Endpoint("GET", "/v1/urls", query={"page_token?": str}, responses={200: {"urls": list[str], "next_page_token": str}}),
    ],
    "auth-idempotency-deprecated-v1-and-v2": [
        create("/v2/links", auth="bearer", idempotency_key=True),
        create("/v1/links", auth="api_key", deprecated=True),
        redirect(), listing("/v2/users/{user_id}/links", auth="bearer"),
    ],
    "list-described-in-words": [
        create(), redirect(),
        listing("/v1/links", query={"after?": "str"}, responses={200: "a page of the caller's links"}),
    ],
}


@pytest.mark.parametrize("name", CORRECT)
def test_correct_contract_gets_full_credit(name):
    report = check_shortener_contract(CORRECT[name])
    assert [f.check for f in report.findings] == CRITERIA
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("name", CORRECT)
def test_correct_contract_passes_hidden_scenarios(name):
    report = check_shortener_contract(CORRECT[name], scenarios="hidden")
    assert len(report.findings) == len(CRITERIA) + 6
    if name in ("xu-style-301-versioned-redirect", "put-with-alias-in-path", "python-types-and-string-statuses"):
        # these create endpoints take no expiry: only the expired-code scenario fails
        assert [f.check for f in report.failures] == ["scenario: an expired code answers 404 or 410"]
    else:
        assert report.score == 1.0, report.to_text()


def test_there_are_at_least_fifteen_correct_contracts():
    assert len(CORRECT) >= 15


# -- fifteen+ wrong contracts, each losing exactly its criterion ----------------------

def without(endpoint_responses, *statuses):
    return {s: v for s, v in endpoint_responses.items() if s not in statuses}


BASE_CREATE = create().responses
WRONG = {
    "create-answers-202": (
        [create(responses={202: {"code": "str"}, 400: "bad", 409: "taken", 429: SLOW_DOWN}), redirect(), listing()],
        "create: POST returns 201 or 200 with the code", "not 201 Created",
    ),
    "create-body-has-no-code": (
        [create(responses={201: "created", 400: "bad", 409: "taken", 429: SLOW_DOWN}), redirect(), listing()],
        "create: POST returns 201 or 200 with the code", "does not hold the code or short URL",
    ),
    "redirect-returns-json": (
        [create(), Endpoint("GET", "/{code}", responses={200: {"long_url": "url"}, 404: "unknown"}), listing()],
        "redirect: GET answers 301/302/307/308 with Location", "a browser only follows a redirect",
    ),
    "redirect-without-location": (
        [create(), redirect(responses={302: "go there", 404: "unknown"}), listing()],
        "redirect: GET answers 301/302/307/308 with Location", "declares no Location header",
    ),
    "redirect-303": (
        [create(), redirect(responses={303: GO, 404: "unknown"}), listing()],
        "redirect: GET answers 301/302/307/308 with Location", "answers 303",
    ),
    "redirect-only-410": (
        [create(), redirect(responses={302: GO, 410: "gone"}), listing()],
        "unknown code: redirect answers 404", "declares 410 but not 404",
    ),
    "no-404-at-all": (
        [create(), redirect(responses={301: GO}), listing()],
        "unknown code: redirect answers 404", "declares no 404",
    ),
    "no-alias-field": (
        [create(body={"long_url": "url"}), redirect(), listing()],
        "custom alias: a taken alias gets 409", "takes no custom alias",
    ),
    "alias-with-generic-422": (
        [create(responses={**without(BASE_CREATE, 409, 400), 422: "invalid input"}), redirect(), listing()],
        "custom alias: a taken alias gets 409", "its 422 does not say the alias is taken",
    ),
    "no-400-for-bad-url": (
        [create(responses=without(BASE_CREATE, 400)), redirect(), listing()],
        "invalid input: create answers 400 or 422", "declares no 400",
    ),
    "no-list-endpoint": (
        [create(), redirect()],
        "list endpoint is paginated", "No endpoint lists links",
    ),
    "list-with-limit-only": (
        [create(), redirect(), listing(query={"limit?": "int"})],
        "list endpoint is paginated", "a limit alone only ever returns the first page",
    ),
    "cursor-never-returned": (
        [create(), redirect(), listing(responses={200: {"links": "list[object]"}})],
        "list endpoint is paginated", "never returns the next one",
    ),
    "create-unversioned": (
        [create("/links"), redirect(), listing()],
        "API is versioned", "POST /links carries no version",
    ),
    "no-429": (
        [create(responses=without(BASE_CREATE, 429)), redirect(), listing()],
        "rate limiting: 429 with Retry-After", "No endpoint answers 429",
    ),
    "429-without-retry-after": (
        [create(responses={**BASE_CREATE, 429: "slow down"}), redirect(), listing()],
        "rate limiting: 429 with Retry-After", "without a Retry-After header",
    ),
    "429-only-on-list": (
        [create(responses=without(BASE_CREATE, 429)), redirect(),
         listing(responses={200: {"links": "list[object]", "next_cursor?": "str"}, 429: SLOW_DOWN})],
        "rate limiting: 429 with Retry-After", "declares no 429",
    ),
    "get-deletes": (
        base() + [Endpoint("GET", "/v1/links/{code}/delete", responses={200: "deleted"})],
        "a GET never creates or deletes", "its path says 'delete'",
    ),
    "get-creates-too": (
        base() + [Endpoint("GET", "/v1/shorten", query={"url": "url"}, responses={200: {"short_url": "url"}})],
        "a GET never creates or deletes", "its path says 'shorten'",
    ),
    "get-answers-201": (
        base() + [Endpoint("GET", "/v1/links/new", responses={201: {"code": "str"}})],
        "a GET never creates or deletes", "it answers 201 Created",
    ),
    "params-name-not-in-path": (
        [create(), redirect(params={"short_code": "str"}), listing()],
        "path parameters are declared", "`short_code`, which is not in the path",
    ),
    "same-route-two-names": (
        base() + [Endpoint("GET", "/v1/links/{code}", responses={200: {"clicks": "int"}}),
                  Endpoint("DELETE", "/v1/links/{id}", responses={204: "deleted"})],
        "path parameters are declared", "same route with different parameter names",
    ),
    "path-param-also-in-query": (
        [create(), redirect(query={"code": "str"}), listing()],
        "path parameters are declared", "both a path parameter and a query or body field",
    ),
    "bad-status-on-extra-endpoint": (
        base() + [Endpoint("DELETE", "/v1/links/{code}", responses={204: "deleted", 4040: "unknown"})],
        "every endpoint is well-formed", "status 4040 is outside 100-599",
    ),
}


def test_there_are_at_least_fifteen_wrong_contracts():
    assert len(WRONG) >= 15


@pytest.mark.parametrize("name", WRONG)
def test_wrong_contract_loses_exactly_its_criterion(name):
    contract, criterion, message = WRONG[name]
    report = check_shortener_contract(contract)
    assert [f.check for f in report.findings] == CRITERIA
    failed = [f for f in report.findings if not f.passed]
    assert [f.check for f in failed] == [criterion], report.to_text()
    assert message in failed[0].message
    assert report.score == pytest.approx((len(CRITERIA) - 1) / len(CRITERIA))


def test_create_with_get_breaks_create_and_safety_only():
    contract = [Endpoint("GET", "/v1/shorten", query={"long_url": "url", "alias?": "str"},
                         responses={200: {"short_url": "url"}, 400: "bad", 409: "taken", 429: SLOW_DOWN}),
                redirect(), listing()]
    report = check_shortener_contract(contract)
    assert [f.check for f in report.failures] == [
        "create: POST returns 201 or 200 with the code", "a GET never creates or deletes"]
    assert "use POST" in report.failures[0].message


def test_create_with_get_says_it_takes_a_url_to_store():
    contract = [Endpoint("GET", "/v1/links", query={"long_url": "url"}, responses={200: {"code": "str"}}),
                redirect(), listing()]
    report = check_shortener_contract(contract)
    assert "it takes a long URL to store" in report.findings[9].message


def test_redirect_on_post_is_refused():
    contract = [create(), Endpoint("POST", "/{code}", responses={302: GO, 404: "x"}), listing()]
    report = check_shortener_contract(contract)
    assert "make the redirect a GET" in report.findings[2].message


# -- bad input: clear messages naming endpoint and field, partial credit, no traceback --

def _messages(report):
    return " ".join(f.message for f in report.failures)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (Endpoint("FETCH", "/v1/links/{code}", responses={200: "x"}), "endpoint 4 (FETCH /v1/links/{code}): method 'FETCH'"),
        (Endpoint("DELETE", "/v1/links/{code", responses={204: "x"}), "unbalanced braces"),
        (Endpoint("DELETE", "v1/links/{code}", responses={204: "x"}), "must start with '/'"),
        (Endpoint("DELETE", "/v1/links/{}", responses={204: "x"}), "a parameter is a name in braces"),
        (Endpoint("DELETE", "/v1/links?code=1", responses={204: "x"}), "holds a query string"),
        (Endpoint("DELETE", "/v1//links", responses={204: "x"}), "empty segment"),
        (Endpoint("DELETE", "/v1/{a}/{a}", responses={204: "x"}), "uses the parameter {a} twice"),
        (Endpoint("DELETE", 42, responses={204: "x"}), "path must be text"),
        (Endpoint("DELETE", "/v1/links/{code}", responses={99: "x"}), "status 99 is outside 100-599"),
        (Endpoint("DELETE", "/v1/links/{code}", responses={"abc": "x"}), "status 'abc' is not an HTTP status code"),
        (Endpoint("DELETE", "/v1/links/{code}", responses={True: "x"}), "status True is not an HTTP status code"),
        (Endpoint("DELETE", "/v1/links/{code}", responses={204: 42}), "response 204 is int 42"),
        (Endpoint("DELETE", "/v1/links/{code}", responses=[204]), "responses must be a dict"),
        (Endpoint("DELETE", "/v1/links/{code}"), "no responses"),
        (Endpoint("PATCH", "/v1/links/{code}", body={"expires_at": "timestamp!"}, responses={200: "x"}),
         "body field `expires_at` has the type 'timestamp!'"),
        (Endpoint("PATCH", "/v1/links/{code}", body=["expires_at"], responses={200: "x"}), "body must be a dict"),
        (Endpoint("DELETE", "/v1/links/{code}", respones={204: "x"}), "unknown field `respones`; did you mean `responses`?"),
        (Endpoint("DELETE", "/v1/links/{code}", auth="magic", responses={204: "x"}), "auth 'magic'"),
        (Endpoint("DELETE", "/v1/links/{code}", {204: "x"}), "extra value(s) after the path"),
        ("GET /v1/links", "item 4 is str"),
        (None, "item 4 is None"),
        (create("/v1/links"), "repeats endpoint 1"),
    ],
)
def test_bad_piece_is_named_and_the_rest_keeps_its_credit(extra, expected):
    report = check_shortener_contract(base() + [extra])
    assert expected in _messages(report), report.to_text()
    assert [f.check for f in report.failures] == ["every endpoint is well-formed"], report.to_text()
    assert "The rest of the contract was still checked" in report.failures[0].message


def test_a_bad_status_loses_what_it_carried():
    contract = [create(responses={**without(BASE_CREATE, 429), 4290: SLOW_DOWN}), redirect(), listing()]
    report = check_shortener_contract(contract)
    assert [f.check for f in report.failures] == ["every endpoint is well-formed", "rate limiting: 429 with Retry-After"]
    assert "endpoint 1 (POST /v1/links): response status 4290 is outside 100-599" in report.failures[0].message


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Missing("shortener_api"), "`shortener_api` is not defined"),
        ([], "The contract is empty"),
        ((), "The contract is empty"),
        (None, "must be a list of Endpoint(...) objects, got None"),
        ({"POST /v1/links": 201}, "must be a list of Endpoint(...) objects, got dict"),
        ("POST /v1/links", "got str"),
        ([1, 2], "item 1 is int"),
        ([Endpoint("YEET", "/x")], "method 'YEET'"),
    ],
)
def test_unusable_answers_score_zero_with_a_message(answer, expected):
    report = check_shortener_contract(answer)
    assert report.score == 0
    assert len(report.findings) == 1
    assert expected in report.findings[0].message


def test_a_single_endpoint_is_read_as_a_contract():
    report = check_shortener_contract(create())
    assert report.findings[1].passed and 0 < report.score < 1


def test_misbehaving_learner_objects_never_raise():
    class Weird(Endpoint):
        @property
        def responses(self):
            raise RuntimeError("boom")

        @responses.setter
        def responses(self, value):
            pass

    report = check_shortener_contract([Weird("GET", "/x")])
    assert report.score == 0 and "boom" in report.findings[0].message


# -- hidden scenarios -------------------------------------------------------------

def test_a_literal_route_beside_the_redirect_does_not_shadow_its_codes():
    # /v1/{code} is shadowed for the code "links" only; a random code reaches it
    contract = [create(), redirect("/v1/{code}"), listing("/v1/links")]
    report = check_shortener_contract(contract, scenarios="hidden")
    assert report.score == 1.0, report.to_text()


def test_scenario_without_expiry_field_fails_only_that_scenario():
    contract = [create(body={"long_url": "url", "alias?": "str"}), redirect(), listing()]
    report = check_shortener_contract(contract, scenarios="hidden")
    assert [f.check for f in report.failures] == ["scenario: an expired code answers 404 or 410"]
    assert "expires_at" in report.failures[0].message


def test_scenarios_fail_along_with_a_missing_redirect():
    report = check_shortener_contract([create(), listing()], scenarios="hidden")
    failed = {f.check for f in report.failures}
    assert "scenario: create, then follow the short link" in failed
    assert "scenario: an unknown code answers 404" in failed
    assert "scenario: a burst of creates gets 429 with Retry-After" not in failed


def test_visible_mode_adds_no_scenarios():
    assert len(check_shortener_contract(base()).findings) == len(CRITERIA)


def test_an_unknown_scenario_set_is_an_authoring_error():
    with pytest.raises(ValueError, match="'visible' or 'hidden'"):
        check_shortener_contract(base(), scenarios="all")


# -- OpenAPI export ---------------------------------------------------------------

ALL_CONTRACTS = [c for c in CORRECT.values()] + [c for c, _, _ in WRONG.values()]


@pytest.mark.parametrize("contract", ALL_CONTRACTS, ids=list(CORRECT) + list(WRONG))
def test_every_exported_document_is_valid_openapi_31(contract):
    doc = to_openapi(contract)
    assert doc["openapi"] == "3.1.0"
    assert validation_errors(doc) == []


def test_export_keeps_meaning():
    doc = to_openapi(CORRECT["auth-idempotency-deprecated-v1-and-v2"])
    post = doc["paths"]["/v2/links"]["post"]
    assert post["responses"]["201"]["content"]["application/json"]["schema"]["properties"]["short_url"] == {
        "type": "string", "format": "uri"}
    assert post["responses"]["429"]["headers"] == {"Retry-After": {"schema": {"type": "string"}}}
    assert {"name": "Idempotency-Key", "in": "header"}.items() <= post["parameters"][0].items()
    assert post["security"] == [{"bearer": []}]
    assert doc["paths"]["/v1/links"]["post"]["deprecated"] is True
    assert set(doc["components"]["securitySchemes"]) == {"api_key", "bearer"}
    assert doc["paths"]["/{code}"]["get"]["parameters"][0] == {
        "name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["long_url"]


def test_export_of_same_shape_routes_uses_one_template():
    contract, _, _ = WRONG["same-route-two-names"]
    doc = to_openapi(contract)
    assert "/v1/links/{id}" not in doc["paths"]
    assert set(doc["paths"]["/v1/links/{code}"]) == {"get", "delete"}


def test_yaml_round_trips():
    import yaml

    assert yaml.safe_load(to_yaml(base(), title="Shortener", version="2")) == to_openapi(
        base(), title="Shortener", version="2")


def test_check_openapi_reports_left_out_parts_and_validity():
    report = check_openapi(base() + [Endpoint("FETCH", "/x", responses={200: "x"})])
    assert [f.passed for f in report.findings] == [False, True]
    assert "method 'FETCH'" in report.findings[0].message
    assert check_openapi(base()).score == 1.0
    assert check_openapi(Missing("shortener_api")).score == 0
    assert check_openapi([]).score == 0


def test_validator_is_really_run():
    doc = to_openapi(base())
    del doc["paths"]["/{code}"]["get"]["parameters"]
    assert validation_errors(doc)


# -- fuzz: nothing a learner writes makes our code raise --------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_junk = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 1000) | st.floats(allow_nan=True)
    | st.text(max_size=12) | st.sampled_from(["/v1/{code}", "/{x", "str?", "url", "list[int]", "GET", str, int, list]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.one_of(st.text(max_size=8), st.integers(0, 700), st.sampled_from(["code", "Location", "long_url?"])),
        inner, max_size=3),
    max_leaves=8,
)
_responses = st.dictionaries(
    st.one_of(st.integers(0, 700), st.text(max_size=4)),
    st.one_of(_junk, st.builds(Response, _junk, body=_junk, headers=_junk)),
    max_size=4,
)
_endpoint = st.builds(
    Endpoint, st.sampled_from(["GET", "post", "PUT", "DELETE", "FETCH", ""]) | _junk,
    st.sampled_from(["/v1/links", "/{code}", "/v1/users/{u}/links", "links", "/a/{b}/{b}"]) | _junk,
    params=_junk, query=_junk, body=_junk, headers=_junk, responses=_responses | _junk,
    auth=st.sampled_from([None, "api_key", "bearer"]) | _junk, idempotency_key=_junk, deprecated=_junk,
)


@given(st.lists(_endpoint | _junk, max_size=4))
def test_checkers_and_export_never_raise_and_export_stays_valid(contract):
    for scenarios in ("visible", "hidden"):
        report = check_shortener_contract(contract, scenarios=scenarios)
        assert 0 <= report.score <= 1 and report.findings
    assert validation_errors(to_openapi(contract)) == []
    to_yaml(contract)
