"""Builder of source/02-api-contracts/02-api-contracts.ipynb (run: python authoring/02_api_contracts.py).

The "how it is checked" list comes from ``autograder.api.shortener.CRITERIA`` and ``SCENARIOS`` and the written
answer's points, model answer and mark scheme from ``autograder/rubrics/02-api-contracts.yaml``,
so the notebook always describes what the checkers and the instructor actually use.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

# absolute(), not resolve(): the notebook test may run this file through a symlinked mirror
# of the repository and expects the notebook to be written inside that mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402
from autograder.api.shortener import CRITERIA, SCENARIOS  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402

SLUG = "02-api-contracts"
RUBRIC = load_rubric(SLUG, ROOT / "autograder" / "rubrics")
EVOLUTION = RUBRIC.question("api_evolution")

POINTS = {"shortener_api_check": 6, "shortener_openapi_check": 1, "key_service_check": 3}
AUTO_POINTS = sum(POINTS.values())

RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110"
RFC6585 = "https://www.rfc-editor.org/rfc/rfc6585#section-4"
RATELIMIT_DRAFT = "https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/"
IDEMPOTENCY_DRAFT = "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/"
OPENAPI = "https://spec.openapis.org/oas/v3.1.0"
PEP544 = "https://peps.python.org/pep-0544/"
PRIMER_PASTEBIN = (
    "https://github.com/donnemartin/system-design-primer/blob/master/"
    "solutions/system_design/pastebin/README.md"
)
XU = "Alex Xu, *System Design Interview - An Insider's Guide* (2020), chapter 8"
GROKKING = "*Grokking the System Design Interview* (Design Gurus), the URL shortener chapter"

SHORTENER_SOLUTION = '''
from autograder.api import Endpoint, Response

### BEGIN SOLUTION
LIMITED = Response("too many requests; try again later", headers=["Retry-After"])
shortener_api = [
    Endpoint("POST", "/v1/links", auth="api_key", idempotency_key=True,
             body={"long_url": "url", "custom_alias?": "str", "expires_at?": "datetime"},
             responses={201: {"code": "str", "short_url": "url", "expires_at?": "datetime"},
                        400: "long_url is not a valid http(s) URL", 409: "custom_alias is already taken",
                        429: LIMITED}),
    Endpoint("GET", "/{code}",
             responses={302: Response("redirect to the long URL", headers=["Location"]),
                        404: "no link has this code", 410: "the link has expired"}),
    Endpoint("GET", "/v1/users/{user_id}/links", auth="api_key", query={"cursor?": "str", "limit?": "int"},
             responses={200: {"links": "list[object]", "next_cursor?": "str"}, 429: LIMITED}),
    Endpoint("DELETE", "/v1/links/{code}", auth="api_key", responses={204: "deleted", 404: "no link has this code"}),
]
### END SOLUTION
'''

KEY_SERVICE_SOLUTION = '''
# Start with `from typing import Protocol`, then `class KeyService(Protocol):` and its two methods.
### BEGIN SOLUTION
from typing import Protocol


class KeyService(Protocol):
    def take_batch(self, count: int) -> list[str]:
        """Hand out `count` unused keys; they are marked used before they are returned."""
        ...

    def give_back(self, keys: list[str]) -> None:
        """Return keys a server did not use (on a clean shutdown) so they can be handed out again."""
        ...
### END SOLUTION
'''



def _indented(text: str) -> str:
    """``text`` for an f-string inside an indented triple-quoted cell: every line after the first
    gets the cell's four-space margin, so dedenting the cell does not turn the lines into code."""
    return textwrap.indent(text, "    ").lstrip()


def build() -> Notebook:
    nb = Notebook(SLUG)
    nb.md(f"""
    # Module 2: API contracts

    When a design interviewer says "let's start with the API", they are asking for the one piece of
    the round that looks like code: a list of endpoints, what each one takes and what each one answers.
    It is short, it is concrete, and it exposes fuzzy thinking fast - a redirect without a `Location`
    header, a `GET` that creates things, an error nobody planned for.

    In this module you write the URL shortener's API as a few lines of Python, get it judged the way a
    careful interviewer would judge it, and see it exported as a real OpenAPI 3.1 document. Then you
    describe one internal service as a typed interface, and explain in prose how an API changes
    without breaking its clients.

    **Time:** about 85 minutes - about 15 to read, 70 for the exercises (shortener API 30, key-service
    interface 15, written answer and self-check 25). **Points:** {AUTO_POINTS} checked automatically, {EVOLUTION.points:g}
    for the written answer (marked by hand).

    **How feedback works:** each exercise has a check cell below it. Run it and you get a table: what
    was checked, whether it passed and what to change. Your score is the share of checks passed.
    When your instructor grades the notebook, hidden checks run as well: they play whole request
    sequences against your contract (create a link, then follow it; page through a list; ...). They
    are added to the visible checks, every check with the same weight, and they change nothing about
    the visible ones: your grade for a cell is the share of all its checks, visible and hidden, that
    pass. So a contract whose visible checks all pass can lose points only on a sequence - and a
    sequence fails when a step it needs is missing, so a visible slip can also cost the sequences
    that need that step.
    """)

    # -- anatomy ---------------------------------------------------------------------------------
    nb.md(f"""
    ## 1. Anatomy of a contract

    An endpoint is a promise between two teams. Each one has:

    - a **method** - what kind of action it is. `GET` reads and must be *safe*: browsers, crawlers and
      caches repeat it freely, so it must never create or delete anything
      ([RFC 9110, section 9.2.1]({RFC9110}#section-9.2.1)). `POST` creates, `PUT` replaces at a known
      address, `PATCH` changes part of something, `DELETE` removes;
    - a **path** with **parameters** in it (`/v1/links/{{code}}`), and optional **query** parameters
      (`?cursor=...&limit=50`);
    - a **request body** - the fields the client sends, each with a type, some optional;
    - **responses by status code**, each with a meaning or a body, and the **headers** that matter:
      `Location` on a redirect, `Retry-After` when the client must wait;
    - who may call it (**authentication**), and for calls a client may retry, an **idempotency key**
      so a retried create does not create twice.

    **Who may call** is part of the design, not an afterthought. Ask of every endpoint whose data it
    touches. Anything that reads or changes one user's things - their list, their delete - needs the
    caller's credentials, and answers only with (or acts only on) what belongs to that caller: an
    endpoint that lists *everyone's* records to anyone is a data leak. Anything the public must reach
    - the short link a stranger clicks in a chat - needs none: the browser following it has no API key.

    The status code is part of the meaning, not decoration. A few you will use
    ([RFC 9110, section 15]({RFC9110}#section-15)):

    | code | meaning | typical use here |
    |---|---|---|
    | 200 OK / 201 Created | it worked; 201 says something new now exists | create a link |
    | 204 No Content | it worked, nothing to send back | delete a link |
    | 301 / 308 | moved for good; browsers may remember it | permanent short links |
    | 302 / 307 | moved for now; browsers ask again next time | short links you count or expire |
    | 400 / 422 | the request itself is wrong | a long URL that is not a URL |
    | 404 Not Found / 410 Gone | nothing here / there was, and it is gone for good | unknown / expired code |
    | 409 Conflict | clashes with the current state | a custom alias already taken |
    | 429 Too Many Requests | slow down, with `Retry-After` saying for how long | rate limiting ([RFC 6585]({RFC6585})) |

    301 or 302 is a real trade-off (caching versus seeing every click); module 5 makes you argue it.
    Here either is accepted.
    """)
    nb.md("""
    ### The vocabulary you write contracts in

    `autograder.api` gives you two names. An `Endpoint` is one method on one path; a `Response` is used
    when a response needs headers:

    ```python
    Endpoint("POST", "/v1/pastes",
             body={"content": "str", "expires_in?": "int"},   # a "?" makes a field optional
             responses={201: {"paste_id": "str"},             # a body: {field: type}
                        413: "content is too large",            # or just what it means
                        429: Response("slow down", headers=["Retry-After"])},
             auth="api_key")                                   # or "bearer", "basic"
    ```

    - **Types:** `str`, `int`, `float`, `bool`, `url`, `datetime`, `date`, `object`, `list` and
      `list[<type>]` (Python's own `str`, `int`, ... work too).
    - **Path parameters** are written `{name}`; give them a type with `params={"name": "int"}` if they
      are not strings. Query parameters go in `query={...}`, request headers in `headers={...}`.
    - `idempotency_key=True` declares an `Idempotency-Key` request header (an
      [IETF draft]({IDEMPOTENCY_DRAFT}), used by Stripe's API); `deprecated=True` marks an endpoint
      clients should stop using.

    Nothing here raises an error when you get it wrong: the checker tells you which endpoint and which
    field to fix, and still checks the rest.
    """.replace("{IDEMPOTENCY_DRAFT}", IDEMPOTENCY_DRAFT))

    # -- worked example ----------------------------------------------------------------------------
    nb.md(f"""
    ## 2. Worked example: a paste service

    A different system first, so the exercise stays yours: a Pastebin-like service, as the
    [System Design Primer]({PRIMER_PASTEBIN}) sketches it. Users paste text, get a short id back, and
    anyone with the id can read the paste until it expires; signed-in users can list their pastes.

    Read the contract below line by line and notice the decisions:

    - creating a paste is a `POST` and answers **201** with the new id - not a `GET`, because it
      stores something;
    - reading answers **404** for an id that never existed and **410** for one that expired, so a
      client can tell "typo" from "too late";
    - the list is **paginated with a cursor**: the client sends back the `next_cursor` it was given, so
      a user with years of pastes never gets them all in one response;
    - every call carries a **version** (`/v1`); the write call declares **429 with `Retry-After`**;
    - **who may call**: listing pastes takes the caller's API key and lists only their pastes, while
      reading one paste by its id - what a shared link does - takes no credentials.
    """)
    nb.code('''
    from autograder.api import Endpoint, Response, check_openapi, to_yaml

    SLOW_DOWN = Response("too many requests; wait and retry", headers=["Retry-After"])
    paste_api = [
        Endpoint("POST", "/v1/pastes", auth="api_key",
                 body={"content": "str", "expires_in_minutes?": "int"},
                 responses={201: {"paste_id": "str", "url": "url"}, 400: "content is empty",
                            413: "content is over the size limit", 429: SLOW_DOWN}),
        Endpoint("GET", "/v1/pastes/{paste_id}",
                 responses={200: {"content": "str", "created_at": "datetime"},
                            404: "no paste has this id", 410: "the paste has expired"}),
        Endpoint("GET", "/v1/users/{user_id}/pastes", auth="api_key", query={"cursor?": "str", "limit?": "int"},
                 responses={200: {"pastes": "list[object]", "next_cursor?": "str"}}),
    ]
    ''')
    nb.md("""
    ### The same contract as a real repository would keep it

    Teams keep contracts as OpenAPI documents: tools generate client code, documentation and tests from
    them. `to_yaml` writes your list in that form, and `check_openapi` runs a maintained validator
    ([openapi-spec-validator](https://github.com/python-openapi/openapi-spec-validator)) against the
    [OpenAPI 3.1 specification]({OPENAPI}). Compare the length of the YAML with the length of the
    list above (the cell counts both) - that is why, in an interview, you write the short form.
    """.replace("{OPENAPI}", OPENAPI))
    nb.code('''
    paste_yaml = to_yaml(paste_api, title="Paste service", version="1.0.0")
    print(paste_yaml)
    print(f"{len(paste_api)} endpoints: {len(paste_yaml.splitlines())} lines of OpenAPI YAML")
    check_openapi(paste_api)
    ''')

    # -- exercise 1 --------------------------------------------------------------------------------
    rows = "\n    ".join(f"- {name}" for name in CRITERIA)
    scenarios = "; ".join(s.removeprefix("scenario: ") for s in SCENARIOS)
    nb.md(f"""
    ## 3. Exercise: the URL shortener's API

    The classic prompt, and two well-known ways of writing its API:

    - Xu's book creates with `POST /api/v1/data/shorten` (a `longUrl` in the body) and redirects
      with `GET /api/v1/{{shortUrl}}`;
    - the Grokking course writes it as a function, `createURL(api_dev_key, original_url,
      custom_alias, user_name, expire_date)`, and throttles callers by their developer key.

    (Sources: {XU}; {GROKKING}.) Yours can use other paths and names - the checker judges meaning,
    not spelling.

    **Write** a list called `shortener_api` of `Endpoint(...)` objects (about 15 lines) that lets a
    client:

    1. create a short link from a long URL, with an **optional** custom alias and an **optional**
       expiry time (a client that wants neither must still be able to create);
    2. follow a short link - the redirect a browser sees;
    3. list the links one user created;
    4. delete one of their links by its code.

    **Who may call:** listing and deleting are the owner's business - declare `auth=` on both, and
    list only the caller's links; the public redirect takes no credentials. Every call except the
    public short link carries a version; bad input, unknown codes and taken aliases get their own
    status codes; creating is rate-limited. Extra endpoints (stats, an update) are welcome, and two
    create routes are fine (POST for a random code, PUT at `/links/{{alias}}` for a chosen one) -
    each is judged.

    **How it is checked** ({POINTS["shortener_api_check"]} points). Routes are recognised by what they
    do - a 3xx answer is the redirect, a route taking the long URL is a create, a GET whose body holds a
    list of links is a list (its body must say so: a description alone does not) - and names by their
    meaning (`long_url`, `longUrl`, `original_url`; `code`, `short_code`, `url_key`, `slug`...). One
    check per line, each the same weight:

    {rows}

    The hidden checks play these sequences against your routes, each one more check of the same
    weight: {scenarios}.
    """)
    nb.solution("shortener_api", SHORTENER_SOLUTION)
    nb.tests("shortener_api_check", f'''
    from autograder import answer
    from autograder.api import check_shortener_contract

    report = check_shortener_contract(answer("shortener_api"))
    ### BEGIN HIDDEN TESTS
    report = check_shortener_contract(answer("shortener_api"), scope="hidden")
    ### END HIDDEN TESTS
    report.grade({POINTS["shortener_api_check"]})
    ''', points=POINTS["shortener_api_check"], recheck=True)
    nb.md(f"""
    ### Your contract as OpenAPI

    The cell below exports your contract and validates it ({POINTS["shortener_openapi_check"]} point:
    every endpoint made it into the document, and the document is valid OpenAPI 3.1). Then print the
    YAML and compare it with your fifteen lines.
    """)
    nb.tests("shortener_openapi_check", f'''
    from autograder import answer
    from autograder.api import check_openapi

    report = check_openapi(answer("shortener_api"), title="URL shortener", version="1.0.0")
    report.grade({POINTS["shortener_openapi_check"]})
    ''', points=POINTS["shortener_openapi_check"], recheck=True)
    nb.code('''
    from autograder import answer
    from autograder.api import to_yaml

    print(to_yaml(answer("shortener_api"), title="URL shortener", version="1.0.0"))
    ''')
    nb.md(f"""
    **About rate-limit headers.** `Retry-After` is standard and tells a client when to come back
    ([RFC 6585]({RFC6585}) defines 429 and allows it). Headers that also say how much of the quota is
    left are common in real APIs, but the `RateLimit` header fields are still an
    [IETF draft]({RATELIMIT_DRAFT}), not a standard - fine to mention in an interview, as a draft.
    """)

    # -- exercise 2 --------------------------------------------------------------------------------
    nb.md(f"""
    ## 4. An internal interface: the key-generation service

    Not every contract is HTTP. Inside the shortener, servers need fresh short codes, and one common
    design is a **key-generation service**: it creates unused keys ahead of time and hands them out in
    batches, so no two servers ever issue the same code and no request waits for a uniqueness check.
    The price: a server that crashes loses the keys it was holding.

    In an interview you would write that boundary as a function signature. In Python the precise form
    is a `typing.Protocol` ([PEP 544]({PEP544})): it names the methods and their types, and any class
    with those methods fits, without inheriting from anything.

    ### Worked example: the paste service's blob store

    The paste service keeps paste bodies in an object store. Its code only needs two operations, so
    that is the whole interface - a local dictionary in tests and a real object store in production
    both fit it:
    """)
    nb.code('''
    import typing
    from typing import Protocol


    class PasteStore(Protocol):
        def put(self, paste_id: str, content: bytes) -> None: ...
        def get(self, paste_id: str) -> bytes | None: ...


    class InMemoryPasteStore:  # no inheritance: it fits because it has the methods
        def __init__(self) -> None:
            self._blobs: dict[str, bytes] = {}

        def put(self, paste_id: str, content: bytes) -> None:
            self._blobs[paste_id] = content

        def get(self, paste_id: str) -> bytes | None:
            return self._blobs.get(paste_id)


    store: PasteStore = InMemoryPasteStore()  # a type checker accepts this line
    store.put("abc123", b"hello")
    print(store.get("abc123"), typing.get_type_hints(PasteStore.get))
    ''')
    nb.md(f"""
    ### Exercise: write the key-generation service's interface

    **Write** a class `KeyService(Protocol)` with two methods (names are yours):

    1. one that hands out a **batch** of unused keys: it takes how many as an `int` and returns the
       keys as a collection of `str` (for example `list[str]`);
    2. one that **gives back** keys a server did not use, on a clean shutdown: it takes a collection of
       `str`.

    Bodies are just `...`. **How it is checked** ({POINTS["key_service_check"]} points, four equal
    checks, read from the class itself): it is a `typing.Protocol`; a batch method exists; a give-back
    method exists; every method annotates its parameters and its return type (`-> None` counts).
    """)
    nb.solution("key_service", KEY_SERVICE_SOLUTION)
    nb.tests("key_service_check", f'''
    from autograder import answer
    from autograder.api import check_key_service

    report = check_key_service(answer("KeyService"))
    report.grade({POINTS["key_service_check"]})
    ''', points=POINTS["key_service_check"], recheck=True)

    # -- written answer ----------------------------------------------------------------------------
    nb.locked_md("api_evolution_situation", f"""
    ## 5. Written answer: changing an API that people depend on

    Once clients depend on an API, every change is a negotiation. Some changes are **additive**: a new
    optional request field, a new response field, a new endpoint - clients that ignore what they do not
    know keep working. Others are **breaking**: renaming or moving a field, making a field required,
    changing a type or a status code. Breaking changes go into a new version, and the old one is
    retired on a schedule the clients can see (the `Sunset` header of RFC 8594 carries the date).

    **The situation.** {_indented(EVOLUTION.prompt)}

    **Write** your answer in the cell below ({EVOLUTION.points:g} points, graded by hand; each item of
    the list is one line of the mark scheme). Then save the notebook and use the self-check under the
    mark scheme.
    """)
    nb.rubric_answer(SLUG, EVOLUTION)

    # -- summary -----------------------------------------------------------------------------------
    nb.md(f"""
    ## Summary

    - An API contract is methods, paths, inputs and responses by status code - and the status codes
      and headers carry meaning: 201 creates, 3xx plus `Location` redirects, 404/410 tell "never
      existed" from "gone", 409 is a clash, 429 plus `Retry-After` says when to come back.
    - `GET` is safe: never let it create or delete. Lists are paginated. Public APIs are versioned, but
      the short links themselves never change.
    - Who may call is part of the contract: the owner's data needs the owner's credentials, the public
      link needs none.
    - Internal boundaries are contracts too; a `typing.Protocol` states one precisely in a few lines.
    - A contract is also a document: the same endpoints become an OpenAPI file that tools and other
      teams build on.

    ## Sources

    - HTTP semantics, status codes, `Location` and `Retry-After`: [RFC 9110]({RFC9110}) (safe methods
      in section 9.2.1; status codes in section 15).
    - 429 Too Many Requests: [RFC 6585, section 4]({RFC6585}); the `RateLimit` header fields:
      [IETF draft]({RATELIMIT_DRAFT}); `Idempotency-Key`: [IETF draft]({IDEMPOTENCY_DRAFT}).
    - OpenAPI: [OpenAPI Specification 3.1.0]({OPENAPI}); `typing.Protocol`: [PEP 544]({PEP544}).
    - The shortener's API as commonly taught: {XU}; {GROKKING}.
    - The paste service: [System Design Primer, "Design Pastebin.com (or Bit.ly)"]({PRIMER_PASTEBIN}).
    - Deprecation and sunset headers: [RFC 8594](https://www.rfc-editor.org/rfc/rfc8594) (`Sunset`),
      [RFC 9745](https://www.rfc-editor.org/rfc/rfc9745) (`Deprecation`).
    """)
    return nb


if __name__ == "__main__":
    path = build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
    print(f"wrote {path.relative_to(ROOT)}")
