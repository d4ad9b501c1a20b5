"""autograder.api: one scenario-driven contract checker. It judges meaning (the verdict classes of
issue 13 each have a test here; the fairness corpus is tests/corpus/api/), gives partial credit per
criterion, never raises on learner input, keeps visible findings unchanged in the hidden scope,
and reads a contract the same way after the grading re-check's round trip."""

from __future__ import annotations

import json
from typing import NewType

import pytest
from corpus.api import news_feed, shortener

from autograder.api import (
    SCENARIOS,
    Endpoint,
    Response,
    check_contract,
    check_key_service,
    check_openapi,
    check_shortener_contract,
    to_openapi,
    to_yaml,
)
from autograder.api.judge import criteria, sequences
from autograder.api.openapi import validation_errors
from autograder.grading.snapshot import decode, encode
from autograder.report import Missing

CRITERIA = list(criteria("shortener"))
SLOW_DOWN = Response("too many requests", headers=["Retry-After"])
GO = Response("go to the long URL", headers=["Location"])


def create(path="/v1/links", **overrides):
    spec = dict(
        auth="api_key",
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
    spec = dict(auth="api_key", query={"cursor?": "str", "limit?": "int"},
                responses={200: {"links": "list[object]", "next_cursor?": "str"}})
    spec.update(overrides)
    return Endpoint("GET", path, **spec)


def delete(path="/v1/links/{code}", **overrides):
    spec = dict(auth="api_key", responses={204: "deleted", 404: "no such code"})
    spec.update(overrides)
    return Endpoint("DELETE", path, **spec)


def base():
    return [create(), redirect(), listing(), delete()]


def failed(report):
    return [f.check for f in report.failures]


def test_published_criteria_and_sequences_match_the_report():
    from autograder.api.shortener import CRITERIA as PUBLISHED
    from autograder.api.shortener import SCENARIOS as HIDDEN

    report = check_shortener_contract(base(), scope="hidden")
    assert [f.check for f in report.findings] == list(PUBLISHED) + list(HIDDEN)
    assert report.score == 1.0, report.to_text()


# -- the verdict classes of issue 13 ------------------------------------------------------------

@pytest.mark.parametrize("body", [
    {"long_url": "url", "custom_alias": "str", "expires_at?": "datetime"},
    {"long_url": "url", "slug": "str", "expires_at?": "datetime"},
])
def test_a_required_alias_is_wrong(body):
    report = check_shortener_contract([create(body=body), redirect(), listing(), delete()])
    assert failed(report) == ["custom alias: optional, a taken one gets 409"]
    assert "Make it optional" in report.failures[0].message


def test_a_required_expiry_is_wrong_and_a_missing_one_is_judged_visibly():
    required = check_shortener_contract([create(body={"long_url": "url", "alias?": "str", "ttl": "int"})] + base()[1:])
    missing = check_shortener_contract([create(body={"long_url": "url", "alias?": "str"})] + base()[1:])
    assert failed(required) == failed(missing) == ["expiry: create takes an optional expiry time"]


def test_post_for_random_codes_plus_put_with_an_alias_is_correct_and_both_are_judged():
    put = Endpoint("PUT", "/v1/links/{code}", auth="api_key", body={"long_url": "url", "expires_at?": "datetime"},
                   responses={201: {"code": "str"}, 400: "bad URL", 409: "taken", 429: SLOW_DOWN})
    assert check_shortener_contract(base() + [put], scope="hidden").score == 1.0
    put_without_409 = Endpoint("PUT", "/v1/links/{code}", body={"long_url": "url"},
                               responses={201: {"code": "str"}, 400: "bad URL", 429: SLOW_DOWN})
    report = check_shortener_contract(base() + [put_without_409])
    assert failed(report) == ["custom alias: optional, a taken one gets 409"]
    assert "PUT /v1/links/{code}" in report.failures[0].message


def test_only_put_with_the_alias_in_the_path_makes_the_alias_required():
    put = Endpoint("PUT", "/v1/links/{alias}", body={"long_url": "url", "expires_at?": "datetime"},
                   responses={201: {"code": "str"}, 400: "bad", 409: "taken", 429: SLOW_DOWN})
    report = check_shortener_contract([put, redirect(), listing(), delete("/v1/links/{alias}")])
    assert failed(report) == ["custom alias: optional, a taken one gets 409"]


def test_a_list_is_recognised_by_what_it_returns_not_by_words():
    in_words = listing(responses={200: "a page of the caller's links"})
    report = check_shortener_contract([create(), redirect(), in_words, delete()])
    assert failed(report) == ["list: one user's links, a page at a time"]
    assert "a description alone does not say what it returns" in report.failures[0].message
    stats = Endpoint("GET", "/v1/links/{code}/stats", auth="api_key",
                     responses={200: {"daily_clicks": "list[int]", "top_referrers": "list[object]"}})
    assert check_shortener_contract(base() + [stats]).score == 1.0  # a series of numbers is not a list of links


def test_listing_everyones_links_is_wrong():
    everyone = Endpoint("GET", "/v1/links", query={"page?": "int"}, responses={200: {"links": "list[object]"}})
    report = check_shortener_contract([create(), redirect(), everyone, delete()])
    assert failed(report) == ["who may call: list and delete need the owner's credentials, the redirect none"]
    assert "lists everyone's" in report.failures[0].message


@pytest.mark.parametrize(("contract", "why"), [
    ([create(), redirect(), listing(auth=None), delete()], "GET /v1/users/{user_id}/links lets anyone"),
    ([create(), redirect(), listing(), delete(auth=None)], "DELETE /v1/links/{code} lets anyone"),
    ([create(), redirect(auth="api_key"), listing(), delete()], "sends no credentials"),
])
def test_who_may_call_delete_list_and_the_redirect_is_judged(contract, why):
    report = check_shortener_contract(contract)
    assert failed(report) == ["who may call: list and delete need the owner's credentials, the redirect none"]
    assert why in report.failures[0].message


def test_every_route_serving_the_public_link_is_exempt_from_versioning():
    public = [Endpoint("HEAD", "/{code}", responses={302: GO, 404: "x"}),
              Endpoint("GET", "/s/{code}", responses={301: GO, 404: "x"}),
              Endpoint("GET", "/{code}/preview", responses={200: {"long_url": "url"}, 404: "x"})]
    report = check_shortener_contract(base() + public)
    assert report.score == 1.0, report.to_text()
    assert "/s/{code}" in report.findings[CRITERIA.index("API is versioned")].message
    unversioned_api = Endpoint("GET", "/links/{code}/stats", auth="api_key", responses={200: {"clicks": "int"}})
    assert failed(check_shortener_contract(base() + [unversioned_api])) == ["API is versioned"]


def test_aliases_of_str_are_strings():
    Code = NewType("Code", str)

    class Slug(str):
        pass

    contract = [create(body={"long_url": "url", "alias?": Code, "expires_at?": "datetime"},
                       responses={201: {"code": Slug}, 400: "x", 409: "y", 429: SLOW_DOWN}),
                redirect(params={"code": Code}), listing(), delete()]
    assert check_shortener_contract(contract).score == 1.0


@pytest.mark.parametrize(("alias", "code"), [
    ("url_key", "url_key"), ("short_code", "short_code"), ("slug", "slug"), ("token", "token"),
    ("name", "tiny_url"), ("back_half", "id"), ("vanity", "hash"), ("customCode", "shortLink"), ("keyword", "key"),
])
def test_names_engineers_use_for_the_code_and_the_alias(alias, code):
    contract = [create(body={"long_url": "url", f"{alias}?": "str", "expires_at?": "datetime"},
                       responses={201: {code: "str"}, 400: "x", 409: "y", 429: SLOW_DOWN}),
                redirect(f"/{{{code}}}"), listing(), delete(f"/v1/links/{{{code}}}")]
    report = check_shortener_contract(contract)
    assert report.score == 1.0, report.to_text()


def test_an_unrelated_field_is_no_alias():
    contract = [create(body={"long_url": "url", "api_dev_key": "str", "user_name?": "str", "expires_at?": "datetime"})]
    report = check_shortener_contract(contract + base()[1:])
    assert failed(report) == ["custom alias: optional, a taken one gets 409"]


# -- hidden scope: adds sequences, never re-scores the visible findings -------------------------

ALL = [c for c in shortener.CORRECT.values()] + [c for c, _ in shortener.WRONG.values()]


@pytest.mark.parametrize("contract", ALL)
def test_hidden_scope_keeps_the_visible_findings_and_only_adds(contract):
    visible = check_shortener_contract(contract)
    hidden = check_shortener_contract(contract, scope="hidden")
    assert hidden.findings[:len(visible.findings)] == visible.findings
    if visible.passed:
        assert [f.check for f in hidden.failures] == [f.check for f in hidden.failures if f.check.startswith("scenario:")]


def test_a_literal_route_beside_a_parameter_does_not_shadow_the_sequences():
    # GET /v1/links (the list) and GET /v1/{code} (the redirect): a fresh code still reaches the redirect
    contract = [create(), redirect("/v1/{code}"), listing("/v1/links"), delete()]
    report = check_shortener_contract(contract, scope="hidden")
    assert report.score == 1.0, report.to_text()


def test_a_sequence_routes_requests_like_a_router():
    from autograder.api.judge import resolve
    from autograder.api.model import normalise

    routes, _ = normalise([redirect("/v1/{code}"), listing("/v1/links"), create()])
    assert resolve(routes, "GET", "/v1/links").path == "/v1/links"
    assert resolve(routes, "GET", "/v1/aZ3kQ9x").path == "/v1/{code}"
    assert resolve(routes, "DELETE", "/v1/links") is None


def test_sequences_fail_along_with_a_missing_redirect():
    report = check_shortener_contract([create(), listing(), delete()], scope="hidden")
    missing = {f.check for f in report.failures}
    assert "scenario: create, then follow the short link" in missing
    assert "scenario: an unknown code answers 404" in missing
    assert "scenario: a burst of creates gets 429 with Retry-After" not in missing


@pytest.mark.parametrize("check", [
    lambda scope: check_shortener_contract(base(), scope=scope),
    lambda scope: check_contract(base(), "shortener", scope=scope),
    lambda scope: check_openapi(base(), scope=scope),
    lambda scope: check_key_service(int, scope=scope),
])
@pytest.mark.parametrize("scope", ["all", "Hidden", None, 1])
def test_an_unknown_scope_is_an_authoring_error(check, scope):
    with pytest.raises(ValueError, match="scope must be one of"):
        check(scope)


def test_scope_is_keyword_only_and_the_old_keyword_is_gone():
    with pytest.raises(TypeError):
        check_shortener_contract(base(), "hidden")  # type: ignore[misc]
    with pytest.raises(TypeError):
        check_shortener_contract(base(), scenarios="hidden")  # type: ignore[call-arg]


def test_an_unknown_scenario_is_an_authoring_error():
    with pytest.raises(ValueError, match="scenario must be"):
        check_contract(base(), "pastebin")


# -- the news feed: a second system as data, no new checker code ---------------------------------

def test_the_news_feed_scenario_has_its_own_criteria_and_sequences():
    assert {"shortener", "news_feed"} <= set(SCENARIOS)
    assert "home feed: one user's feed, a cursor at a time" in criteria("news_feed")
    assert len(sequences("news_feed")) == 5
    report = check_contract(news_feed.CORRECT["rest-minimal"], "news_feed", scope="hidden")
    assert [f.check for f in report.findings] == criteria("news_feed") + sequences("news_feed")
    assert report.score == 1.0, report.to_text()


def test_a_feed_paged_by_offset_is_told_why_a_cursor():
    contract, _ = news_feed.WRONG["feed-offset-pages"]
    report = check_contract(contract, "news_feed")
    assert failed(report) == ["home feed: one user's feed, a cursor at a time"]
    assert "offsets shift" in report.failures[0].message


def test_a_shortener_is_not_a_news_feed():
    report = check_contract(base(), "news_feed")
    assert report.score < 0.5


# -- the grading re-check reads a contract exactly as the kernel did ----------------------------

@pytest.mark.parametrize("contract", ALL + list(news_feed.CORRECT.values()))
def test_a_contract_survives_the_recheck_snapshot(contract):
    decoded = decode(json.loads(json.dumps(encode(contract))))
    for scope in ("visible", "hidden"):
        assert check_shortener_contract(decoded, scope=scope).findings == check_shortener_contract(
            contract, scope=scope).findings


def test_python_types_and_dict_subclasses_become_plain_data():
    from collections import OrderedDict, defaultdict
    from http import HTTPStatus

    ep = Endpoint("POST", "/v1/links", body=OrderedDict(long_url=str, alias=str | None),
                  responses=defaultdict(str, {HTTPStatus.CREATED: {"codes": list[str]}}))
    assert ep.body == {"long_url": "str", "alias": "str?"}
    assert ep.responses == {201: {"codes": "list[str]"}} and type(ep.responses) is dict
    assert "$unsupported" not in json.dumps(encode(ep))


def test_a_list_subclass_is_refused_with_a_message_not_rechecked_differently():
    class Contract(list):
        pass

    report = check_shortener_contract(Contract(base()))
    assert report.score == 0 and "it should be a list of Endpoint" in report.findings[0].message

# -- bad input: clear messages naming endpoint and field, partial credit, no traceback --

def _messages(report):
    return " ".join(f.message for f in report.failures)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (Endpoint("FETCH", "/v1/links/{code}", responses={200: "x"}), "endpoint 5 (FETCH /v1/links/{code}): method 'FETCH'"),
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
        ("GET /v1/links", "item 5 is str"),
        (None, "item 5 is None"),
        (create("/v1/links"), "repeats endpoint 1"),
    ],
)
def test_bad_piece_is_named_and_the_rest_keeps_its_credit(extra, expected):
    report = check_shortener_contract(base() + [extra])
    assert expected in _messages(report), report.to_text()
    assert [f.check for f in report.failures] == ["every endpoint is well-formed"], report.to_text()
    assert "The rest of the contract was still checked" in report.failures[0].message


def test_a_bad_status_loses_what_it_carried():
    responses = {s: v for s, v in create().responses.items() if s != 429}
    contract = [create(responses={**responses, 4290: SLOW_DOWN}), redirect(), listing(), delete()]
    report = check_shortener_contract(contract)
    assert [f.check for f in report.failures] == ["every endpoint is well-formed", "rate limiting: 429 with Retry-After"]
    assert "endpoint 1 (POST /v1/links): response status 4290 is outside 100-599" in report.failures[0].message


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Missing("shortener_api"), "`shortener_api` is not defined"),
        ([], "The contract is empty"),
        ((), "The contract is empty"),
        (None, "`shortener_api` is None"),
        (..., "`shortener_api` is not written yet"),
        ({"POST /v1/links": 201}, "`shortener_api` is a dict"),
        ("POST /v1/links", "`shortener_api` is a str"),
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


# -- OpenAPI export ---------------------------------------------------------------

def test_export_keeps_meaning():
    doc = to_openapi([create("/v2/links", auth="bearer", idempotency_key=True),
                      create("/v1/links", auth="api_key", deprecated=True), redirect(),
                      listing("/v2/users/{user_id}/links", auth="bearer")])
    assert doc["openapi"] == "3.1.0" and validation_errors(doc) == []
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
    contract = base() + [Endpoint("GET", "/v1/links/{id}", responses={200: {"clicks": "int"}})]
    doc = to_openapi(contract)
    assert "/v1/links/{id}" not in doc["paths"]
    assert set(doc["paths"]["/v1/links/{code}"]) == {"get", "delete"}
    assert validation_errors(doc) == []


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
    for scope in ("visible", "hidden"):
        report = check_shortener_contract(contract, scope=scope)
        assert 0 <= report.score <= 1 and report.findings
        report = check_contract(contract, "news_feed", scope=scope)
        assert 0 <= report.score <= 1 and report.findings
    assert validation_errors(to_openapi(contract)) == []
    to_yaml(contract)
