"""Judge a URL shortener contract the way a strong interviewer would: by meaning.

:func:`check_shortener_contract` reads the learner's list of :class:`Endpoint`
objects, finds the create, redirect and list endpoints by what they do (not by
their paths or names), and checks eleven criteria, one finding each:

1. the contract is well-formed (every endpoint, status and field can be read);
2. create: POST (or PUT) takes the long URL and answers 201 or 200 with the code or short URL;
3. redirect: a GET with the code as a parameter answers 301, 302, 307 or 308 with ``Location``;
4. unknown code: the redirect declares 404 (410 may be added for expired codes);
5. custom alias: create accepts an alias and a taken one gets 409 (or 422 with a reason);
6. invalid input: create declares 400 or 422;
7. pagination: a list endpoint (e.g. a user's links) takes a cursor, page or offset;
8. versioning: every endpoint except the public redirect carries a version (path or header);
9. rate limiting: 429 with a ``Retry-After`` header, at least on create;
10. safe GETs: no GET creates or deletes anything;
11. path parameters: every declared parameter is in its path, none is also a query or body
    field, and one route does not use two names for the same parameter.

With ``scenarios="hidden"`` it adds request sequences played against the contract's
routes (create then redirect, the same alias twice, an expired code, an unknown code,
a burst of creates, paging through a list).
"""

from __future__ import annotations

import re

from autograder.api.model import SAFE_METHODS, Field, Reply, Route, normalise
from autograder.report import Missing, Report

__all__ = ["check_shortener_contract", "analyse", "CRITERIA", "SCENARIOS"]

# The checks, in report order (the notebook's "how it is checked" table is built from these).
CRITERIA = (
    ("every endpoint is well-formed", "every method, path, status and field type can be read"),
    ("create: POST returns 201 or 200 with the code", "POST (or PUT) takes the long URL and answers 201 or 200 with the code or short URL"),
    ("redirect: GET answers 301/302/307/308 with Location", "a GET with the code as a parameter answers 301, 302, 307 or 308 and declares Location"),
    ("unknown code: redirect answers 404", "the redirect declares 404 (410 may be added for expired links)"),
    ("custom alias: a taken alias gets 409", "create accepts an optional alias; a taken one gets 409 (or 422 with a reason)"),
    ("invalid input: create answers 400 or 422", "a malformed long URL is refused with 400 or 422"),
    ("list endpoint is paginated", "a list of a user's links takes a cursor, page or offset (and returns the next cursor)"),
    ("API is versioned", "every endpoint except the public redirect carries a version, in the path or a header"),
    ("rate limiting: 429 with Retry-After", "create (at least) answers 429 and declares Retry-After"),
    ("a GET never creates or deletes", "no GET answers 201, takes a URL to store, or has create/delete in its path"),
    ("path parameters are declared", "params names only parameters in the path, none is also a query or body field"),
)
SCENARIOS = (
    "scenario: create, then follow the short link",
    "scenario: the same custom alias twice gets a conflict",
    "scenario: an expired code answers 404 or 410",
    "scenario: an unknown code answers 404",
    "scenario: a burst of creates gets 429 with Retry-After",
    "scenario: page through a user's links",
)

TITLE = "URL shortener contract"
REDIRECTS = (301, 302, 307, 308)

_LONG_URL_NAMES = {
    "url", "uri", "link", "longurl", "longuri", "longlink", "originalurl", "originallink", "targeturl",
    "target", "destination", "destinationurl", "fullurl", "redirecturl", "sourceurl", "href",
}
_CODE_NAMES = {"code", "shortcode", "shorturl", "shortlink", "shorturi", "alias", "key", "slug", "shortkey", "id", "hash", "shortid"}
_ALIAS_NAMES = {"code", "shortcode", "slug", "key", "shortkey", "backhalf", "keyword", "vanity", "vanityurl", "shortname"}
_SIZE_NAMES = {"limit", "pagesize", "perpage", "size", "count", "max", "maxresults", "first", "last", "top", "take"}
_POSITION_NAMES = {
    "page", "offset", "after", "before", "startingafter", "endingbefore", "marker", "skip", "start",
    "from", "pagenumber", "continuation", "sinceid", "maxid", "next",
}
_STATE_VERBS = {"create", "new", "add", "shorten", "make", "generate", "delete", "remove", "destroy", "purge", "insert"}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _is_long_url(f: Field) -> bool:
    n = _norm(f.name)
    if "short" in n:
        return False
    return n in _LONG_URL_NAMES or f.type == "url" or (n.endswith("url") and len(n) > 3)


def _is_code(f: Field) -> bool:
    n = _norm(f.name)
    return n in _CODE_NAMES or "short" in n or "alias" in n or n.endswith("code")


def _is_alias(f: Field) -> bool:
    n = _norm(f.name)
    return "alias" in n or "custom" in n or "vanity" in n or n in _ALIAS_NAMES


def _is_expiry(f: Field) -> bool:
    n = _norm(f.name)
    return any(k in n for k in ("expir", "ttl", "validuntil", "lifetime", "deleteat", "until"))


def _is_list_type(t: str | None) -> bool:
    return t is not None and t.startswith("list")


_COLLECTION_NAMES = {"links", "urls", "items", "results", "data", "entries", "records", "shortlinks", "codes", "aliases"}
_SERIES_WORDS = ("click", "count", "stat", "series", "daily", "hourly", "metric", "histogram", "top")


def _is_collection(f: Field) -> bool:
    """A response field that holds records a client pages through (not a short series of numbers)."""
    if not _is_list_type(f.type):
        return False
    n = _norm(f.name)
    if n in _COLLECTION_NAMES:
        return True
    return f.type in ("list", "list[object]") and not any(w in n for w in _SERIES_WORDS)


def _inputs(r: Route) -> list[Field]:
    return r.body + r.query


class Analysis:
    """What the checker found in a contract: the routes and which play which role."""

    def __init__(self, routes: list[Route], problems: list[str]) -> None:
        self.routes = routes
        self.problems = problems
        takers = [r for r in routes if any(_is_long_url(f) for f in _inputs(r))]
        creators = [r for r in takers if r.method in ("POST", "PUT")]
        creators.sort(key=lambda r: (r.method != "POST", not r.success()))
        self.create: Route | None = creators[0] if creators else None
        # the endpoint that takes the long URL, even if it uses the wrong method
        self.intake: Route | None = self.create or (takers[0] if takers else None)
        redirecting = [r for r in routes if any(300 <= s < 400 for s in r.replies)]
        redirecting.sort(
            key=lambda r: (r.method != "GET", not any(s in REDIRECTS for s in r.replies), not r.path_params)
        )
        self.redirect: Route | None = redirecting[0] if redirecting else None
        # the GET that looks a code up, even if it does not redirect (for the 404 criterion)
        lookups = [
            r for r in routes
            if r.method == "GET" and r.path_params
            and any(reply.body and any(_is_long_url(f) for f in reply.body) for reply in r.success())
        ]
        self.lookup: Route | None = self.redirect or (lookups[0] if lookups else None)
        self.lists = [r for r in routes if r.method == "GET" and r is not self.redirect and self._returns_list(r)]

    @staticmethod
    def _returns_list(r: Route) -> bool:
        for reply in r.success():
            if _is_list_type(reply.body_type):
                return True
            if reply.body and any(_is_collection(f) for f in reply.body):
                return True
            if reply.explained and re.search(r"\b(list|page)\b", reply.description, re.I):
                return True
        return False


def analyse(contract) -> Analysis:
    """Normalise a contract and find its create, redirect and list endpoints (never raises)."""
    routes, problems = normalise(contract)
    return Analysis(routes, problems)


# -- the criteria ----------------------------------------------------------------------


def check_shortener_contract(contract, scenarios: str = "visible") -> Report:
    """Check a URL shortener API contract; one finding per criterion (see the module docstring).

    ``contract`` is a list of :class:`~autograder.api.Endpoint`. ``scenarios="hidden"``
    adds request-sequence findings. Never raises on learner input.
    """
    if scenarios not in ("visible", "hidden"):  # an author's mistake, not a learner's: say so loudly
        raise ValueError(f"scenarios must be 'visible' or 'hidden', got {scenarios!r}")
    report = Report(TITLE)
    if isinstance(contract, Missing):
        report.add("contract is defined", False, contract.message())
        return report
    try:
        a = analyse(contract)
    except Exception as exc:  # a learner object whose attributes misbehave
        report.add("contract can be read", False, f"The contract could not be read ({type(exc).__name__}: {exc}).")
        return report
    if not a.routes:
        why = " ".join(a.problems) if a.problems else "The contract is empty."
        report.add(
            "contract has endpoints", False,
            f"{why} Write a list of Endpoint(...) objects: create, redirect and a user's links at least.",
        )
        return report
    for check in (
        _well_formed, _create, _redirect, _not_found, _alias_conflict, _invalid_input,
        _pagination, _versioning, _rate_limit, _safe_gets, _path_params,
    ):
        name, passed, message = check(a)
        report.add(name, passed, message)
    if scenarios == "hidden":
        for name, passed, message in play_scenarios(a):
            report.add(name, passed, message)
    return report


def _well_formed(a: Analysis):
    name = "every endpoint is well-formed"
    if a.problems:
        return name, False, " ".join(a.problems) + " (The rest of the contract was still checked.)"
    return name, True, f"{len(a.routes)} endpoints read without problems."


def _create(a: Analysis):
    name = "create: POST returns 201 or 200 with the code"
    r = a.intake
    if r is None:
        return name, False, (
            "No endpoint takes the long URL. Add POST /v1/links with body={\"long_url\": \"url\"} "
            "answering 201 with the code or short URL."
        )
    if r.method not in ("POST", "PUT"):
        return name, False, (
            f"{r.label} takes the long URL, but creating a link changes state: use POST "
            "(or PUT with the alias in the path), never GET."
        )
    ok = r.reply(201, 200)
    if ok is None:
        got = ", ".join(str(s) for s in sorted(r.replies)) or "no responses"
        return name, False, (
            f"{r.label} declares {got} but not 201 Created (or 200 OK); add 201 with the code or "
            "short URL in its body."
        )
    if not (ok.body and any(_is_code(f) for f in ok.body)) and not (ok.status == 201 and ok.header("Location")):
        return name, False, (
            f"{r.label} answers {ok.status} but its body does not hold the code or short URL; declare it, "
            "e.g. 201: {\"code\": \"str\", \"short_url\": \"url\"}."
        )
    return name, True, f"{r.label} answers {ok.status} with the new link."


def _redirect(a: Analysis):
    name = "redirect: GET answers 301/302/307/308 with Location"
    r = a.redirect
    if r is None:
        for g in a.routes:
            if g.method == "GET" and any(
                reply.body and any(_is_long_url(f) for f in reply.body) for reply in g.success()
            ):
                return name, False, (
                    f"{g.label} answers with the long URL in a body, but a browser only follows a redirect: "
                    "answer 302 (or 301) with a Location header instead."
                )
        return name, False, (
            "No endpoint redirects. Add GET /{code} answering 302 (or 301) with "
            "Response(\"go to the long URL\", headers=[\"Location\"])."
        )
    statuses = [s for s in r.replies if 300 <= s < 400]
    if r.method != "GET":
        return name, False, f"{r.label} answers {statuses[0]}, but a browser opens a short link with GET: make the redirect a GET."
    good = [s for s in statuses if s in REDIRECTS]
    if not good:
        return name, False, (
            f"{r.label} answers {statuses[0]}; a short link needs 301 or 302 (or 307/308), "
            "which browsers follow to the Location."
        )
    if not (r.path_params or r.query):
        return name, False, f"{r.label} has no parameter for the code; put it in the path, e.g. /{{code}}."
    missing = [s for s in good if not r.replies[s].header("Location")]
    if missing:
        return name, False, (
            f"{r.label} answers {missing[0]} but declares no Location header, so the browser does not know "
            f"where to go; write {missing[0]}: Response(\"...\", headers=[\"Location\"])."
        )
    return name, True, f"{r.label} answers {'/'.join(map(str, good))} with Location."


def _not_found(a: Analysis):
    name = "unknown code: redirect answers 404"
    r = a.lookup
    if r is None:
        return name, False, "There is no redirect endpoint to answer 404 for an unknown code; add GET /{code} with 302 and 404."
    if 404 in r.replies:
        extra = " and 410 for expired codes" if 410 in r.replies else ""
        return name, True, f"{r.label} declares 404 for an unknown code{extra}."
    if 410 in r.replies:
        return name, False, (
            f"{r.label} declares 410 but not 404: a code that never existed is 404 Not Found; "
            "keep 410 Gone for expired codes and add 404."
        )
    return name, False, f"{r.label} declares no 404; add 404 for a code that does not exist."


def _alias_conflict(a: Analysis):
    name = "custom alias: a taken alias gets 409"
    r = a.intake
    if r is None:
        return name, False, "There is no create endpoint; add one with an optional custom_alias field and a 409 response."
    takes_alias = any(_is_alias(f) for f in _inputs(r)) or (r.method == "PUT" and bool(r.path_params))
    if not takes_alias:
        return name, False, (
            f"{r.label} takes no custom alias; add an optional field such as \"custom_alias?\": \"str\" "
            "and 409 for an alias that is taken."
        )
    if 409 in r.replies:
        return name, True, f"{r.label} answers 409 when the alias is taken."
    r422 = r.replies.get(422)
    if r422 is not None and _says_taken(r422):
        return name, True, f"{r.label} answers 422 with a reason when the alias is taken."
    hint = " (its 422 does not say the alias is taken)" if r422 is not None else ""
    return name, False, (
        f"{r.label} accepts an alias but declares no answer for one that is taken{hint}; "
        "add 409: \"alias already taken\"."
    )


def _says_taken(reply: Reply) -> bool:
    text = reply.description if reply.explained else ""
    if re.search(r"taken|exists|in use|already|conflict|duplicate|unavailable|reserved", text, re.I):
        return True
    return any(_norm(f.name) in {"reason", "error", "message", "detail", "code"} for f in reply.body or [])


def _invalid_input(a: Analysis):
    name = "invalid input: create answers 400 or 422"
    r = a.intake
    if r is None:
        return name, False, "There is no create endpoint to reject a bad long URL; add one with 400 for invalid input."
    for s in (400, 422):
        if s in r.replies:
            return name, True, f"{r.label} answers {s} for invalid input."
    return name, False, f"{r.label} declares no 400 (or 422) for a malformed long URL; add 400: \"long_url is not a valid URL\"."


def _pagination(a: Analysis):
    name = "list endpoint is paginated"
    if not a.lists:
        return name, False, (
            "No endpoint lists links. Add e.g. GET /v1/users/{user_id}/links returning "
            "{\"links\": \"list[object]\", \"next_cursor?\": \"str\"} with query={\"cursor?\": \"str\", \"limit?\": \"int\"}."
        )
    for r in a.lists:
        problem = _page_problem(r)
        if problem:
            return name, False, problem
    labels = ", ".join(r.label for r in a.lists)
    return name, True, f"{labels} returns one page at a time."


def _page_problem(r: Route) -> str | None:
    names = {_norm(f.name) for f in r.query}
    cursor = any("cursor" in n or "token" in n for n in names)
    position = cursor or bool(names & _POSITION_NAMES)
    if not position:
        size = " (a limit alone only ever returns the first page)" if names & _SIZE_NAMES else ""
        return (
            f"{r.label} returns a list but has no cursor, page or offset query parameter{size}; add "
            "query={\"cursor?\": \"str\", \"limit?\": \"int\"} and return the next cursor."
        )
    if cursor:
        for reply in r.success():
            if reply.header("Link") or (
                reply.body and any(("next" in _norm(f.name) or "cursor" in _norm(f.name)) for f in reply.body)
            ):
                return None
        return (
            f"{r.label} takes a cursor but never returns the next one; add \"next_cursor?\": \"str\" "
            "to its 200 body (or a Link header)."
        )
    return None


_VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*|\d{4}-\d{2}(-\d{2})?)$", re.I)


def _is_versioned(r: Route) -> bool:
    if any(_VERSION_SEGMENT.match(seg) for seg in r.segments):
        return True
    return any("version" in _norm(f.name) for f in r.headers + r.query)


def _versioning(a: Analysis):
    name = "API is versioned"
    pending = [r for r in a.routes if r is not a.lookup and not _is_versioned(r)]
    if pending:
        labels = ", ".join(r.label for r in pending)
        return name, False, (
            f"{labels} carries no version; put it in the path (/v1/...) or declare a version "
            "request header (headers={\"API-Version\": \"str\"}), so the API can change without breaking clients."
        )
    note = " (the public redirect may stay short and unversioned)" if a.lookup and not _is_versioned(a.lookup) else ""
    return name, True, f"Every API endpoint carries a version{note}."


def _rate_limit(a: Analysis):
    name = "rate limiting: 429 with Retry-After"
    limited = [r for r in a.routes if 429 in r.replies]
    if not limited:
        target = a.intake.label if a.intake else "the create endpoint"
        return name, False, (
            f"No endpoint answers 429; add 429: Response(\"too many requests\", headers=[\"Retry-After\"]) "
            f"to {target}."
        )
    bare = [r for r in limited if not r.replies[429].header("Retry-After")]
    if bare:
        return name, False, (
            f"{bare[0].label} answers 429 without a Retry-After header; declare it so clients know when to "
            "retry (RFC 6585)."
        )
    if a.intake is not None and 429 not in a.intake.replies:
        return name, False, f"{a.intake.label} is the endpoint abusers hit, but declares no 429; add 429 with Retry-After."
    return name, True, f"{', '.join(r.label for r in limited)} answers 429 with Retry-After."


def _safe_gets(a: Analysis):
    name = "a GET never creates or deletes"
    for r in a.routes:
        if r.method not in SAFE_METHODS:
            continue
        why = None
        words = {w for seg in r.segments if not seg.startswith("{") for w in re.split(r"[-_.]", seg.lower())}
        first_word = (r.summary.strip().split() or [""])[0].lower()
        if 201 in r.replies:
            why = "it answers 201 Created"
        elif a.create is None and any(_is_long_url(f) for f in _inputs(r)):
            # with a POST/PUT create present, a GET taking a URL is a lookup, not a create
            why = "it takes a long URL to store"
        elif words & _STATE_VERBS:
            why = f"its path says '{sorted(words & _STATE_VERBS)[0]}'"
        elif first_word in _STATE_VERBS or first_word.rstrip("s") in _STATE_VERBS:
            why = f"its summary starts with '{first_word}'"
        elif r.body:
            why = "it carries a request body"
        if why:
            return name, False, (
                f"{r.label} looks like it changes state ({why}); a GET must be safe, since browsers, crawlers "
                "and caches repeat it. Use POST to create and DELETE to delete."
            )
    return name, True, "GET endpoints only read."


def _path_params(a: Analysis):
    name = "path parameters are declared"
    for r in a.routes:
        if r.undeclared_params:
            have = ", ".join(f.name for f in r.path_params) or "none"
            return name, False, (
                f"{r.label}: params declares `{r.undeclared_params[0]}`, which is not in the path (its "
                f"parameters: {have}); rename one so they match."
            )
        names = {f.name for f in r.path_params}
        clash = sorted(names & {f.name for f in _inputs(r)})
        if clash:
            return name, False, (
                f"{r.label}: `{clash[0]}` is both a path parameter and a query or body field; keep it in one place."
            )
    shapes: dict[str, Route] = {}
    for r in a.routes:
        key = re.sub(r"\{[^}]*\}", "{}", r.path)
        other = shapes.setdefault(key, r)
        if other is not r and other.path != r.path:
            return name, False, (
                f"{other.label} and {r.label} are the same route with different parameter names; use one name "
                "for the same parameter (OpenAPI treats them as one path)."
            )
    return name, True, "Every path parameter is declared once, in its path."


# -- hidden scenarios -----------------------------------------------------------------


def resolve(routes: list[Route], method: str, path: str) -> Route | None:
    """The route a typical router picks for a concrete request (literal segments beat parameters)."""
    parts = [p for p in path.strip("/").split("/") if p] if path != "/" else []
    best, best_rank = None, None
    for r in routes:
        if r.method != method or len(r.segments) != len(parts):
            continue
        rank = []
        for seg, part in zip(r.segments, parts, strict=True):
            if "{" not in seg:
                if seg != part:
                    break
                rank.append(0)
            else:
                pattern = "^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(seg)) + "$"
                if not re.match(pattern, part):
                    break
                rank.append(1)
        else:
            if best_rank is None or rank < best_rank:
                best, best_rank = r, rank
    return best


def _concrete(r: Route, values: dict[str, str], default: str) -> str:
    path = r.path
    for f in r.path_params:
        path = path.replace("{" + f.name + "}", values.get(f.name, default))
    return path


def play_scenarios(a: Analysis):
    """Findings for request sequences against the contract's routes."""
    code = "aZ3kQ9x"
    create, redirect = a.intake, a.redirect

    # 1. create, then follow the new short link
    name = "scenario: create, then follow the short link"
    if create is None or create.method not in ("POST", "PUT") or create.reply(201, 200) is None:
        yield name, False, "The sequence stops at step 1: no POST (or PUT) creates a link with 201 or 200."
    elif resolve(a.routes, create.method, _concrete(create, {}, "my-alias")) is not create:
        yield name, False, f"A request to {create.label} is routed to another endpoint; give create its own path."
    elif redirect is None or redirect.method != "GET":
        yield name, False, "Step 2 fails: there is no GET that redirects the new code."
    else:
        first = redirect.path_params[0].name if redirect.path_params else ""
        target = resolve(a.routes, "GET", _concrete(redirect, {first: code}, "x"))
        reply = redirect.reply(*REDIRECTS)
        if target is not redirect:
            other = target.label if target else "no endpoint"
            yield name, False, f"GET for code {code!r} reaches {other}, not {redirect.label}; make the redirect route distinct."
        elif reply is None or not reply.header("Location"):
            yield name, False, f"{redirect.label} does not answer 301/302/307/308 with Location for a fresh code."
        else:
            yield name, True, f"{create.label} then GET {_concrete(redirect, {first: code}, 'x')} -> {reply.status} Location."

    # 2. the same custom alias twice
    name = "scenario: the same custom alias twice gets a conflict"
    _, passed, msg = _alias_conflict(a)
    yield name, passed, ("The second create with alias 'promo' is refused: " + msg) if passed else msg

    # 3. an expired code
    name = "scenario: an expired code answers 404 or 410"
    if create is None or not any(_is_expiry(f) for f in _inputs(create)):
        where = create.label if create else "create"
        yield name, False, f"{where} cannot set an expiry; add an optional field such as \"expires_at?\": \"datetime\"."
    elif redirect is None or not (404 in redirect.replies or 410 in redirect.replies):
        yield name, False, "Following an expired code must answer 404 or 410; the redirect declares neither."
    else:
        s = 410 if 410 in redirect.replies else 404
        yield name, True, f"Create with an expiry, wait past it, GET the code -> {s}."

    # 4. an unknown code
    name = "scenario: an unknown code answers 404"
    if redirect is None or redirect.method != "GET":
        yield name, False, "There is no GET redirect to ask for an unknown code."
    else:
        first = redirect.path_params[0].name if redirect.path_params else ""
        target = resolve(a.routes, "GET", _concrete(redirect, {first: "zzzzzzz"}, "x"))
        if target is not redirect or 404 not in redirect.replies:
            yield name, False, f"GET of a code that was never created must reach {redirect.label} and answer 404."
        else:
            yield name, True, "GET of a code never created -> 404."

    # 5. a burst of creates
    name = "scenario: a burst of creates gets 429 with Retry-After"
    reply = create.replies.get(429) if create else None
    if create is None or reply is None or not reply.header("Retry-After"):
        yield name, False, "A client that sends 1,000 creates a second must get 429 with Retry-After from create."
    else:
        yield name, True, f"{create.label} -> 429, Retry-After tells the client when to come back."

    # 6. paging through a user's links
    name = "scenario: page through a user's links"
    pages = [r for r in a.lists if _page_problem(r) is None]
    if not pages:
        yield name, False, "No list endpoint can be read page by page (cursor, page or offset)."
    else:
        r = pages[0]
        if resolve(a.routes, "GET", _concrete(r, {}, "u42")) is not r:
            yield name, False, f"A request to {r.label} is routed to another endpoint; give the list its own path."
        else:
            yield name, True, f"GET {_concrete(r, {}, 'u42')} page 1, then page 2 with the returned cursor or page."
