"""One checker for any API scenario: :func:`check_contract`.

It reads the learner's list of :class:`~autograder.api.Endpoint` objects, recognises which
routes play which of the scenario's operations by what they do (a 3xx is a redirect, a route
taking the long URL is a create, a GET returning a collection of links is a list), and reports
one finding per criterion the scenario names (see :mod:`autograder.api.scenarios` for the
format). ``scope="hidden"`` adds the scenario's request sequences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from autograder.api.model import SAFE_METHODS, Endpoint, Field, Reply, Route, normalise
from autograder.api.scenarios import Input, Operation, Outcome, Scenario, Sequence, get_scenario
from autograder.contract import check_scope, unusable
from autograder.report import Report

__all__ = ["check_contract", "criteria", "sequences", "Judgement"]

_SIZE_NAMES = {"limit", "pagesize", "perpage", "size", "count", "max", "maxresults", "first", "last", "top", "take",
               "num", "n", "pagelimit", "maxitems", "batchsize"}
_CURSOR_WORDS = ("cursor", "token", "after", "before", "since", "maxid", "minid", "marker", "startingafter",
                 "endingbefore", "continuation", "next", "olderthan", "newerthan", "until", "key", "bookmark")
_NEXT_WORDS = ("next", "cursor", "token", "more", "after", "pagination", "paging", "continuation", "marker",
               "pageinfo", "endcursor", "before")
_OPAQUE_WORDS = ("cursor", "token", "continuation", "marker", "bookmark", "next")
_PAGE_INFO = {"meta", "pageinfo", "pagination", "paging", "links"}
_OFFSET_NAMES = {"page", "offset", "skip", "start", "from", "pagenumber", "pageno", "pagenum", "p", "pageindex"}
_STATE_VERBS = {"create", "new", "add", "shorten", "make", "generate", "delete", "remove", "destroy", "purge", "insert",
                "follow", "unfollow", "subscribe", "unsubscribe", "publish", "update", "set"}
_SERIES_WORDS = ("click", "count", "stat", "series", "daily", "hourly", "metric", "histogram", "referrer", "country")
_REASON_FIELDS = {"reason", "error", "message", "detail", "code", "errors", "title", "description"}
_VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*|\d{4}-\d{2}(-\d{2})?|api-v\d+)$", re.I)
_EFFECT_ORDER = {"redirect": 0, "delete": 1, "create": 2, "list": 3}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _words(route: Route) -> set[str]:
    out: set[str] = set()
    for seg in route.segments:
        if seg.startswith("{"):
            continue
        low = seg.lower()
        out.add(_norm(low))
        out.update(w for w in re.split(r"[-_.~]", low) if w)
    return out


def criteria(scenario: object = "shortener") -> list[str]:
    """The visible criteria of a scenario, in report order (the notebook's table lists them)."""
    sc = get_scenario(scenario)
    names = [sc.wellformed_check]
    for op in sc.operations:
        names.append(op.check)
        names += [i.check for i in op.takes if i.check]
        names += [o.check for o in op.errors if o.check and o.check != sc.rate_check]
    if any(op.auth for op in sc.operations):
        names.append(sc.access_check)
    names.append(sc.version_check)
    if any(o.check == sc.rate_check for op in sc.operations for o in op.errors):
        names.append(sc.rate_check)
    names += [sc.safe_check, sc.params_check]
    return list(dict.fromkeys(names))


def sequences(scenario: object = "shortener") -> list[str]:
    """The names of the hidden request sequences of a scenario, in report order."""
    return [s.check for s in get_scenario(scenario).sequences]


def check_contract(contract, scenario: object = "shortener", *, scope: str = "visible",
                   name: str = "contract") -> Report:
    """Judge an API contract against a scenario; one finding per criterion, never raises on learner input.

    ``contract`` is a list of :class:`~autograder.api.Endpoint`; ``scenario`` a name in
    :data:`autograder.api.scenarios.SCENARIOS` (``"shortener"``, ``"news_feed"``) or a
    :class:`~autograder.api.scenarios.Scenario`. ``scope="hidden"`` adds one finding per request
    sequence of the scenario after the visible ones, each with the same weight; the visible
    findings are the same in both scopes. ``name`` is the learner's variable, for messages.
    """
    check_scope(scope)
    sc = get_scenario(scenario)
    bad = unusable(sc.title, name, contract, expected="a list of Endpoint(...) objects, e.g. [Endpoint(\"POST\", ...), ...]",
                   accepts=lambda v: type(v) in (list, tuple) or isinstance(v, Endpoint))
    if bad is not None:
        return bad
    report = Report(sc.title)
    try:
        routes, problems = normalise(contract)
    except Exception as exc:  # a learner object whose attributes misbehave
        report.add("contract can be read", False, f"The contract could not be read ({type(exc).__name__}: {exc}).")
        return report
    if not routes:
        why = " ".join(problems) if problems else "The contract is empty."
        report.add("contract has endpoints", False,
                   f"{why} Write a list of Endpoint(...) objects: {sc.example}.")
        return report
    judgement = Judgement(sc, routes, problems)
    for check, passed, message in judgement.visible():
        report.add(check, passed, message)
    if scope == "hidden":
        for seq in sc.sequences:
            passed, message = judgement.play(seq)
            report.add(seq.check, passed, message)
    return report


class Judgement:
    """A contract read against a scenario: which routes play which operation, and the verdicts."""

    def __init__(self, scenario: Scenario, routes: list[Route], problems: list[str]) -> None:
        self.sc = scenario
        self.routes = routes
        self.problems = problems
        self.roles: dict[str, list[Route]] = {}
        self.lookup_only: set[str] = set()  # operations found only by a near miss (a GET answering the long URL)
        self._assign()

    # -- reading fields by meaning ------------------------------------------------------------

    def is_concept(self, concept: str, f: Field) -> bool:
        c = self.sc.concepts.get(concept)
        if c is None:
            return False
        n = _norm(f.name)
        if any(x in n for x in c.excludes):
            return False
        return n in c.names or any(x in n for x in c.contains) or f.type in c.types

    def field_for(self, r: Route, inp: Input, fallback: bool = False) -> Field | None:
        """The field of ``r`` that carries ``inp`` (by meaning), or None."""
        places = {"path": r.path_params, "query": r.query, "body": r.body}
        for where in inp.where:
            for f in places.get(where, []):
                if self.is_concept(inp.concept, f):
                    return f
        if fallback and "path" in inp.where and r.path_params:
            return r.path_params[-1]  # the one parameter of /links/{x}: whatever its name, it is the key
        return None

    def _collection(self, r: Route, op: Operation) -> bool:
        """Whether a GET's success body is a collection of the operation's records."""
        words = _words(r)
        resource = self.sc.concepts.get(op.resource or "")
        path_says = resource is not None and any(
            w in resource.names or any(x in w for x in resource.contains) for w in words)
        for reply in r.success():
            if reply.body_type and reply.body_type.startswith("list"):
                return True
            for f in reply.body or []:
                if not f.type.startswith("list"):
                    continue
                n = _norm(f.name)
                if any(w in n for w in _SERIES_WORDS):
                    continue
                if resource is not None and (n in resource.names or any(x in n for x in resource.contains)):
                    return True
                if path_says and f.type in ("list", "list[object]"):
                    return True
        return False

    # -- which route plays which operation ------------------------------------------------------

    def _assign(self) -> None:
        taken: set[int] = set()
        ops = sorted(self.sc.operations, key=lambda op: (_EFFECT_ORDER.get(op.effect, 9), not op.path_words))
        for op in ops:
            free = [r for r in self.routes if id(r) not in taken]
            found = self._recognise(op, free)
            self.roles[op.name] = found
            taken.update(id(r) for r in found)

    def _recognise(self, op: Operation, free: list[Route]) -> list[Route]:
        keys = [i for i in op.takes if i.key]
        if op.effect == "redirect":
            found = [r for r in free if any(300 <= s < 400 for s in r.replies)]
            if found:
                return found
            lookups = [r for r in free if r.method == "GET" and r.path_params and any(
                any(self.is_concept(c, f) for c in op.returns for f in reply.body or []) for reply in r.success())]
            if lookups:
                self.lookup_only.add(op.name)
            return lookups[:1]
        if op.effect == "create":
            cands = [r for r in free
                     if all(self.field_for(r, i, fallback=bool(op.path_words)) for i in keys)
                     and r.method != "DELETE"
                     and not (r.method in SAFE_METHODS and self._returns_any_collection(r))]
            if op.path_words:
                cands = [r for r in cands if _words(r) & set(op.path_words)]
            writes = [r for r in cands if r.method in ("POST", "PUT")]
            return writes or cands[:1]
        if op.effect == "list":
            cands = [r for r in free if r.method == "GET" and self._collection(r, op)]
            preferred = [r for r in cands if _words(r) & set(op.path_words)]
            return preferred or cands
        if op.effect == "delete":
            cands = [r for r in free if r.method == "DELETE"
                     or (r.method == "POST" and _words(r) & set(op.verbs))]
            if op.path_words:
                cands = [r for r in cands if _words(r) & (set(op.path_words) | set(op.verbs))]
            return cands
        return []

    def _returns_any_collection(self, r: Route) -> bool:
        return any((reply.body_type or "").startswith("list") or any(f.type.startswith("list") for f in reply.body or [])
                   for reply in r.success())

    # -- the visible criteria ---------------------------------------------------------------------

    def visible(self) -> Iterator[tuple[str, bool, str]]:
        verdicts: dict[str, tuple[bool, str]] = {}

        def record(check: str, passed: bool, message: str) -> None:
            if check in verdicts and not verdicts[check][0]:
                return  # the first failure of a criterion is the one reported
            if check in verdicts and passed:
                old = verdicts[check][1]
                verdicts[check] = (True, old if message in old else f"{old} {message}")
                return
            verdicts[check] = (passed, message)

        sc = self.sc
        if self.problems:
            record(sc.wellformed_check, False, " ".join(self.problems) + " (The rest of the contract was still checked.)")
        else:
            record(sc.wellformed_check, True, f"{len(self.routes)} endpoints read without problems.")
        for op in sc.operations:
            for check, passed, message in self._operation(op):
                record(check, passed, message)
        record(*self._access())
        record(*self._versioning())
        record(*self._safe())
        record(*self._path_params())
        for check in criteria(sc):
            passed, message = verdicts.get(check, (True, "Nothing here needs it."))
            yield check, passed, message

    def _operation(self, op: Operation) -> Iterator[tuple[str, bool, str]]:
        routes = self.roles.get(op.name, [])
        main = {"create": self._create, "redirect": self._redirect, "list": self._list, "delete": self._delete}[op.effect]
        yield op.check, *main(op, routes)
        for inp in op.takes:
            if inp.check:
                yield inp.check, *self._optional_input(op, inp, routes)
        for outcome in op.errors:
            if outcome.check:
                yield outcome.check, *self._outcome(op, outcome, routes)

    def _none_found(self, op: Operation) -> tuple[bool, str]:
        return False, f"No endpoint does this: {op.label}. Add e.g. {op.example}."

    def _create(self, op: Operation, routes: list[Route]) -> tuple[bool, str]:
        if not routes:
            return self._none_found(op)
        for r in routes:
            if r.method == "POST" or (r.method == "PUT" and r.path_params):
                pass
            elif r.method == "PUT":
                return False, (f"{r.label} creates with PUT but names nothing in its path; PUT stores at an address the "
                               "client names in the path (PUT /things/{id}): use POST when the path names nothing.")
            else:
                return False, (f"{r.label} does this: {op.label}; that changes state: use POST "
                               "(or PUT with the client-chosen id in the path), never GET.")
            ok = r.reply(*op.success)
            if ok is None:
                got = ", ".join(str(s) for s in sorted(r.replies)) or "no responses"
                wanted = " or ".join(str(s) for s in op.success)
                return False, f"{r.label} declares {got} but not {wanted}; add {op.success[0]} for success."
            if op.returns and not (ok.body and any(self.is_concept(c, f) for c in op.returns for f in ok.body)) \
                    and not (ok.status == 201 and ok.header("Location")):
                what = " or ".join(op.returns).replace("_", " ")
                return False, (f"{r.label} answers {ok.status} but its body does not hold the {what}; declare it, e.g. "
                               f"{ok.status}: {{\"{op.returns[0]}\": \"str\"}} (a 201 with a Location header works too).")
            for inp in op.takes:
                if not inp.required:
                    continue
                f = self.field_for(r, inp, fallback=bool(op.path_words))
                if f is None:
                    return False, f"{r.label} does not take the {inp.concept.replace('_', ' ')}; add {inp.fix}."
                if not f.required:
                    return False, (f"{r.label} makes `{f.name}` optional, but nobody can {op.label} without it: "
                                   f"drop the `?` so it is required.")
        statuses = sorted({reply.status for r in routes if (reply := r.reply(*op.success)) is not None})
        labels = ", ".join(r.label for r in routes)
        return True, f"{labels}: {op.label} with {'/'.join(map(str, statuses))}."

    def _redirect(self, op: Operation, routes: list[Route]) -> tuple[bool, str]:
        if not routes:
            return self._none_found(op)
        if op.name in self.lookup_only:
            return False, (f"{routes[0].label} answers with the long URL in a body, but a browser only follows a redirect: "
                           "answer 302 (or 301) with a Location header instead.")
        good_all: set[int] = set()
        for r in routes:
            statuses = sorted(s for s in r.replies if 300 <= s < 400)
            if r.method not in ("GET", "HEAD"):
                return False, f"{r.label} answers {statuses[0]}, but a browser opens a short link with GET: make the redirect a GET."
            good = [s for s in statuses if s in op.success]
            if not good:
                return False, (f"{r.label} answers {statuses[0]}; a short link needs "
                               f"{', '.join(map(str, op.success[:-1]))} or {op.success[-1]}, which browsers follow to the Location.")
            if not (r.path_params or r.query):
                return False, f"{r.label} has no parameter for the code; put it in the path, e.g. /{{code}}."
            missing = [s for s in good if not r.replies[s].header("Location")]
            if missing:
                return False, (f"{r.label} answers {missing[0]} but declares no Location header, so the browser does not know "
                               f"where to go; write {missing[0]}: Response(\"...\", headers=[\"Location\"]).")
            good_all.update(good)
        if not any(r.method == "GET" for r in routes):
            return False, f"{routes[0].label} redirects, but a browser opens a short link with GET: add the GET."
        return True, f"{', '.join(r.label for r in routes)} answers {'/'.join(map(str, sorted(good_all)))} with Location."

    def _list(self, op: Operation, routes: list[Route]) -> tuple[bool, str]:
        if not routes:
            return False, (f"No endpoint does this: {op.label} (a GET whose 200 body holds the records, e.g. "
                           f"{{\"items\": \"list[object]\"}} - a description alone does not say what it returns). "
                           f"Add e.g. {op.example}.")
        for r in routes:
            problem = _page_problem(r, op.paginate)
            if problem:
                return False, problem
        return True, f"{', '.join(r.label for r in routes)} returns one page at a time."

    def _delete(self, op: Operation, routes: list[Route]) -> tuple[bool, str]:
        if not routes:
            return self._none_found(op)
        for r in routes:
            for inp in op.takes:
                if inp.key and self.field_for(r, inp, fallback=True) is None:
                    return False, f"{r.label} does not say which one; put its id in the path, e.g. {r.path}/{{id}}."
            if r.reply(*op.success) is None:
                got = ", ".join(str(s) for s in sorted(r.replies)) or "no responses"
                return False, f"{r.label} declares {got} but no success; add 204 (done, nothing to send back) or 200."
        return True, f"{', '.join(r.label for r in routes)}: {op.label}."

    def _optional_input(self, op: Operation, inp: Input, routes: list[Route]) -> tuple[bool, str]:
        what = inp.concept.replace("_", " ")
        if not routes:
            return False, f"There is no endpoint to {op.label}, so none takes the {what}; add {op.example} with {inp.fix}."
        taking = [(r, self.field_for(r, inp)) for r in routes]
        takes = [(r, f) for r, f in taking if f is not None]
        if not takes:
            return False, f"{routes[0].label} takes no {what}; add {inp.fix}."
        if inp.required:
            return True, f"{takes[0][0].label} takes `{takes[0][1].name}`."
        without = [r for r, f in taking if f is None or not f.required]
        if not without:
            r, f = takes[0]
            return False, (f"{r.label} requires `{f.name}`, but the {what} is optional: a client that does not choose one must "
                           f"still be able to {op.label}. Make it optional (`\"{f.name}?\"`) or add a route without it.")
        r, f = takes[0]
        return True, f"{r.label} takes an optional `{f.name}`."

    def declares(self, r: Route, outcome: Outcome) -> Reply | None:
        for s in outcome.statuses:
            if s in r.replies:
                return r.replies[s]
        for s in outcome.with_reason:
            reply = r.replies.get(s)
            if reply is not None and _gives_reason(reply, outcome.reason):
                return reply
        return None

    def _outcome(self, op: Operation, outcome: Outcome, routes: list[Route]) -> tuple[bool, str]:
        wanted = " or ".join(map(str, outcome.statuses))
        owing = [r for r in routes if outcome.when_taking is None
                 or self.field_for(r, Input(outcome.when_taking)) is not None]
        if outcome.headers:  # every such answer anywhere must carry them (429 without Retry-After)
            for r in self.routes:
                for s in outcome.statuses:
                    if s in r.replies and not all(r.replies[s].header(h) for h in outcome.headers):
                        return False, (f"{r.label} answers {s} without a {'/'.join(outcome.headers)} header; declare it so "
                                       "clients know when to retry (RFC 6585).")
        if not routes:
            return False, f"There is no endpoint to {op.label}, so nothing answers {wanted} when {outcome.when}."
        if not owing:
            return True, "Nothing here needs it."
        for r in owing:
            if self.declares(r, outcome) is None:
                hint = ""
                if 404 in outcome.statuses and 410 in r.replies and 404 not in r.replies:
                    return False, (f"{r.label} declares 410 but not 404: a code that never existed is 404 Not Found; "
                                   "keep 410 Gone for expired ones and add 404.")
                partial = [s for s in outcome.with_reason if s in r.replies]
                if partial:
                    hint = f" (its {partial[0]} does not say why)"
                return False, f"{r.label} declares no {wanted} for when {outcome.when}{hint}; add {outcome.fix}."
        return True, f"{', '.join(r.label for r in owing)} answers {wanted} when {outcome.when}."

    def _access(self) -> tuple[str, bool, str]:
        sc = self.sc
        checked = []
        for op in sc.operations:
            for r in self.roles.get(op.name, []):
                if op.name in self.lookup_only:
                    continue
                if op.auth == "required" and not r.auth:
                    if op.owner and op.effect == "list" and not self._scoped(r):
                        return sc.access_check, False, (
                            f"{r.label} lists everyone's records to anyone; a user sees only their own: require "
                            "auth=\"api_key\" (or \"bearer\") and return the caller's, e.g. under /users/{user_id}/... or /me/....")
                    whose = "the owner's" if op.owner else "a signed-in user's"
                    return sc.access_check, False, (
                        f"{r.label} lets anyone {op.label}: it declares no auth. That is {whose} call: write "
                        "auth=\"api_key\" (or \"bearer\") so the server knows who calls and acts only on their data.")
                if op.auth == "none" and r.auth:
                    return sc.access_check, False, (
                        f"{r.label} requires auth, but whoever does this - {op.label} - sends no credentials (a browser "
                        "opening a shared link has no API key): leave auth off the public route.")
                if op.auth:
                    checked.append(r.label)
        if not checked:
            return sc.access_check, True, "Nothing here needs it."
        return sc.access_check, True, f"Checked who may call {', '.join(checked)}."

    def _scoped(self, r: Route) -> bool:
        user = self.sc.concepts.get("user")
        if user is None:
            return False
        if any(w in user.literals for w in _words(r)):
            return True
        return any(self.is_concept("user", f) for f in r.path_params + r.query)

    def _exempt(self) -> list[Route]:
        public = [r for op in self.sc.operations if not op.versioned for r in self.roles.get(op.name, [])]
        out = list(public)
        for r in self.routes:
            if r in out or r.method not in SAFE_METHODS:
                continue
            if any(_shape(r.path) == _shape(p.path) or _shape(r.path).startswith(_shape(p.path) + "/") for p in public):
                out.append(r)
        return out

    def _versioning(self) -> tuple[str, bool, str]:
        name = self.sc.version_check
        exempt = self._exempt()
        pending = [r for r in self.routes if r not in exempt and not _is_versioned(r)]
        if pending:
            labels = ", ".join(r.label for r in pending)
            return name, False, (
                f"{labels} carries no version; put it in the path (/v1/...) or declare a version request header "
                "(headers={\"API-Version\": \"str\"}), so the API can change without breaking clients.")
        unversioned = [r.label for r in exempt if not _is_versioned(r)]
        note = f" ({', '.join(unversioned)} serve the public link and may stay short and unversioned)" if unversioned else ""
        return name, True, f"Every API endpoint carries a version{note}."

    def _safe(self) -> tuple[str, bool, str]:
        name = self.sc.safe_check
        creators = {id(r): op for op in self.sc.operations if op.effect in ("create", "delete")
                    for r in self.roles.get(op.name, [])}
        for r in self.routes:
            if r.method not in SAFE_METHODS:
                continue
            words = _words(r)
            first_word = (r.summary.strip().split() or [""])[0].lower()
            why = None
            if 201 in r.replies:
                why = "it answers 201 Created"
            elif id(r) in creators:
                why = f"it is the endpoint to {creators[id(r)].label}"
            elif words & _STATE_VERBS:
                why = f"its path says '{sorted(words & _STATE_VERBS)[0]}'"
            elif first_word != "follow" and (first_word in _STATE_VERBS or first_word.rstrip("s") in _STATE_VERBS):
                # ("Follow a short link" reads one; a GET whose *path* says follow does not)
                why = f"its summary starts with '{first_word}'"
            elif r.body:
                why = "it carries a request body"
            if why:
                return name, False, (
                    f"{r.label} looks like it changes state ({why}); a GET must be safe, since browsers, crawlers "
                    "and caches repeat it. Use POST to create and DELETE to delete.")
        return name, True, "GET endpoints only read."

    def _path_params(self) -> tuple[str, bool, str]:
        name = self.sc.params_check
        for r in self.routes:
            if r.undeclared_params:
                have = ", ".join(f.name for f in r.path_params) or "none"
                return name, False, (
                    f"{r.label}: params declares `{r.undeclared_params[0]}`, which is not in the path (its "
                    f"parameters: {have}); rename one so they match.")
            clash = sorted({f.name for f in r.path_params} & {f.name for f in r.body + r.query})
            if clash:
                return name, False, (
                    f"{r.label}: `{clash[0]}` is both a path parameter and a query or body field; keep it in one place.")
        shapes: dict[str, Route] = {}
        for r in self.routes:
            other = shapes.setdefault(_shape(r.path), r)
            if other is not r and other.path != r.path:
                return name, False, (
                    f"{other.label} and {r.label} are the same route with different parameter names; use one name "
                    "for the same parameter (OpenAPI treats them as one path).")
        return name, True, "Every path parameter is declared once, in its path."

    # -- hidden sequences ------------------------------------------------------------------------

    def play(self, seq: Sequence) -> tuple[bool, str]:
        for number, step in enumerate(seq.steps, start=1):
            op = self.sc.operation(step.operation)
            routes = [] if op.name in self.lookup_only else self.roles.get(op.name, [])
            if op.effect == "create":
                routes = [r for r in routes if r.method in ("POST", "PUT")]
            if not routes:
                return False, f"The sequence stops at step {number} ({op.label}): no endpoint does it."
            usable = [r for r in routes if all(self._accepts(r, op, c) for c in step.uses)]
            if not usable:
                what = ", ".join(step.uses)
                return False, (f"Step {number} ({op.label}, with {what}) cannot be sent: no endpoint that does this "
                               f"takes the {what}.")
            problem = None
            for r in usable:
                problem = self._step(r, op, step, number)
                if problem is None:
                    break
            if problem is not None:
                return False, problem
        return True, seq.story

    def _accepts(self, r: Route, op: Operation, concept: str) -> bool:
        if concept == "page":
            return _page_problem(r, op.paginate) is None
        return self.field_for(r, Input(concept)) is not None

    def _step(self, r: Route, op: Operation, step, number: int) -> str | None:
        path = r.path
        for f in r.path_params:
            path = path.replace("{" + f.name + "}", step.value)
        target = resolve(self.routes, r.method, path)
        if target is not r:
            other = target.label if target else "no endpoint"
            return (f"Step {number}: {r.method} {path} reaches {other}, not {r.label}; give each endpoint a path "
                    "of its own (a literal segment beats a parameter).")
        if step.expect == "success":
            reply = r.reply(*op.success)
            if reply is None:
                return f"Step {number}: {r.label} declares no success ({'/'.join(map(str, op.success))})."
            if op.effect == "redirect" and not reply.header("Location"):
                return f"Step {number}: {r.label} answers {reply.status} without Location; the browser goes nowhere."
            return None
        outcome = next(o for o in op.errors if o.key == step.expect)
        reply = self.declares(r, outcome)
        if reply is None:
            return (f"Step {number}: when {outcome.when}, {r.label} must answer "
                    f"{' or '.join(map(str, outcome.statuses))}; it declares none of them.")
        if not all(reply.header(h) for h in outcome.headers):
            return f"Step {number}: {r.label} answers {reply.status} without {'/'.join(outcome.headers)}."
        return None


def _gives_reason(reply: Reply, reason: str) -> bool:
    text = reply.description if reply.explained else ""
    if reason and re.search(reason, text, re.I):
        return True
    return any(_norm(f.name) in _REASON_FIELDS for f in reply.body or [])


def _page_problem(r: Route, mode: str | None) -> str | None:
    names = {_norm(f.name) for f in r.query + r.headers}
    cursors = {n for n in names if n not in _SIZE_NAMES and any(w in n for w in _CURSOR_WORDS)}
    offset = bool(names & _OFFSET_NAMES) or any(n.startswith("page") and n not in _SIZE_NAMES and "token" not in n
                                                 and "cursor" not in n and "size" not in n for n in names)
    if not (cursors or offset):
        size = " (a limit alone only ever returns the first page)" if names & _SIZE_NAMES else ""
        return (f"{r.label} returns a list but has no cursor, page or offset query parameter{size}; add "
                "query={\"cursor?\": \"str\", \"limit?\": \"int\"} and return the next cursor.")
    if mode == "cursor" and not cursors:
        return (f"{r.label} pages by page number or offset, but new posts arrive at the top while a user scrolls, so "
                "offsets shift and repeat or skip posts; page with a cursor (query={\"cursor?\": \"str\"}) "
                "and return the next one.")
    # an opaque cursor (cursor, page_token) must come back in the answer; a keyset one (max_id, after,
    # starting_after, before) is the last record's id or time, which the client already holds
    opaque = {n for n in cursors if any(w in n for w in _OPAQUE_WORDS)}
    if opaque and not (cursors - opaque):
        for reply in r.success():
            if reply.header("Link") or any(
                    any(w in _norm(f.name) for w in _NEXT_WORDS)
                    or (_norm(f.name) in _PAGE_INFO and f.type == "object") for f in reply.body or []):
                return None
        return (f"{r.label} takes a cursor but never returns the next one; add \"next_cursor?\": \"str\" "
                "to its 200 body (or a Link header).")
    return None


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _is_versioned(r: Route) -> bool:
    if any(_VERSION_SEGMENT.match(seg) for seg in r.segments):
        return True
    if r.segments and re.fullmatch(r"\d+(\.\d+)?", r.segments[0]):  # Twitter's /2/tweets, /1.1/...
        return True
    return any("version" in _norm(f.name) for f in r.headers + r.query) or any(
        _norm(f.name) == "accept" for f in r.headers)


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

