"""The contract vocabulary: :class:`Endpoint`, :class:`Response`, and their normal form.

A contract is a list of :class:`Endpoint` objects. Constructing one never raises:
whatever a learner writes is kept as written, and :func:`normalise` turns the list
into checked :class:`Route` records plus a list of problems (each naming the
endpoint and the field, and saying what to change). Checkers and the OpenAPI export
work on the normal form, so a bad piece loses only its own credit.

Answer format (what a learner writes)::

    Endpoint("POST", "/v1/links",
             body={"long_url": "url", "custom_alias?": "str"},      # "?" = optional
             responses={201: {"code": "str", "short_url": "url"},   # a body: {field: type}
                        409: "custom_alias is taken",              # a meaning
                        429: Response("slow down", headers=["Retry-After"])},
             auth="api_key", idempotency_key=True)

- ``method``: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS (any case).
- ``path``: a path template starting with ``/``; parameters as ``{name}``
  (``:name`` and ``<name>`` are read the same way).
- ``params``: optional types of path parameters, ``{name: type}``; undeclared ones are ``str``.
- ``query`` / ``body``: ``{field: type}``; a field is optional when its name or its
  type ends with ``?``.
- ``headers``: request headers, ``{name: type}`` or a list of names.
- ``responses``: ``{status: meaning}``, status 100-599; a meaning is a string (what it
  means), a dict (the body's fields), a type string such as ``"list[object]"``, or a
  :class:`Response` (description, body and response headers such as ``Location``).
- ``auth``: ``None``, ``"api_key"``, ``"bearer"`` or ``"basic"``.
- ``idempotency_key``: ``True`` to accept an ``Idempotency-Key`` request header.
- ``deprecated``: ``True`` for an endpoint clients should stop using.

Types: ``str``, ``int``, ``float``, ``bool``, ``url``, ``datetime``, ``date``,
``object``, ``list`` and ``list[<type>]``; Python's ``str``, ``int``, ``float``,
``bool``, ``dict``, ``list`` and ``list[str]`` work too.
"""

from __future__ import annotations

import collections.abc as abc
import difflib
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from http import HTTPStatus
from types import UnionType

__all__ = ["Endpoint", "Response", "Field", "Route", "Reply", "normalise", "METHODS", "TYPES"]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
TYPES = ("str", "int", "float", "bool", "url", "datetime", "date", "object", "list")
AUTH_SCHEMES = ("api_key", "bearer", "basic")
_KEYWORDS = ("summary", "params", "query", "body", "headers", "responses", "auth", "idempotency_key", "deprecated")

_PY_TYPES = {str: "str", int: "int", float: "float", bool: "bool", dict: "object", list: "list"}
_TYPE_ALIASES = {
    "string": "str", "text": "str", "integer": "int", "number": "float", "boolean": "bool",
    "uri": "url", "datetime": "datetime", "date-time": "datetime", "timestamp": "datetime",
    "dict": "object", "map": "object", "json": "object", "array": "list", "uuid": "str",
}
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_LITERAL_SEGMENT = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=@-]+$")


def plain(value, depth: int = 0):
    """``value`` as plain data, so the grading re-check (which sees only data) reads it alike.

    Python types become their names (``str`` -> ``"str"``, ``list[str]`` -> ``"list[str]"``,
    a ``NewType`` of ``str`` -> ``"str"``, ``Optional[str]`` -> ``"str?"``, a class ``Link`` ->
    ``"Link"``), ``HTTPStatus.FOUND`` -> ``302``, subclasses of ``dict``/``list``/``tuple``/``str``
    (``OrderedDict``, a namedtuple, a ``StrEnum``) -> the plain type. Anything else is kept as
    written, and the checkers report it.
    """
    if depth > 20:
        return value
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, (Endpoint, Response)):
        return value
    if isinstance(value, IntEnum) or (isinstance(value, int) and not isinstance(value, bool)):
        return int(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        try:
            return {plain(k, depth + 1): plain(v, depth + 1) for k, v in value.items()}
        except Exception:  # a mapping whose items misbehave: the checkers report it as written
            return value
    if isinstance(value, (list, tuple)) and not _is_type_like(value):
        return [plain(v, depth + 1) for v in value]
    name = type_name(value)
    return name if name is not None else value


def _is_type_like(value) -> bool:
    return typing.get_origin(value) is not None


def type_name(value) -> str | None:
    """The vocabulary's name of a Python type (``str``, ``list[int]``, a NewType, ...), else None."""
    supertype = getattr(value, "__supertype__", None)  # typing.NewType("Code", str)
    if supertype is not None:
        return type_name(supertype)
    if isinstance(value, type):
        if value in _PY_TYPES:
            return _PY_TYPES[value]
        for base, name in _PY_TYPES.items():  # class Code(str): a string
            if base is not bool and issubclass(value, base) and not issubclass(value, bool):
                return name
        return value.__name__ if re.fullmatch(r"[A-Z][A-Za-z0-9_]*", value.__name__) else None
    origin = typing.get_origin(value)
    args = [a for a in typing.get_args(value)]
    if origin in (list, tuple, set, frozenset, abc.Sequence, abc.Iterable, abc.Collection):
        args = [a for a in args if a is not Ellipsis]
        inner = type_name(args[0]) if args else "object"
        return f"list[{inner}]" if inner else None
    if origin in (dict, abc.Mapping):
        return "object"
    if origin is typing.Union or isinstance(value, UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            inner = type_name(rest[0])
            return f"{inner}?" if inner else None
        return None
    return None


@dataclass(init=False, repr=False, eq=False)
class Response:
    """One response of an endpoint: what it means, its body fields and its headers.

    ``Response("redirect to the long URL", headers=["Location"])`` or
    ``Response(body={"code": "str"}, headers={"Location": "url"})``.
    Constructing one never raises; checkers report what is wrong.
    """

    description: object
    body: object
    headers: object
    _extra: list
    _unknown: dict

    def __init__(self, description=None, body=None, headers=None, *extra, **unknown) -> None:
        self.description = plain(description)
        self.body = plain(body)
        self.headers = plain(headers)
        self._extra = list(extra)
        self._unknown = {str(k): plain(v) for k, v in unknown.items()}

    def __repr__(self) -> str:
        parts = [repr(self.description)] if self.description is not None else []
        if self.body is not None:
            parts.append(f"body={self.body!r}")
        if self.headers is not None:
            parts.append(f"headers={self.headers!r}")
        return f"Response({', '.join(parts)})"


@dataclass(init=False, repr=False, eq=False)
class Endpoint:
    """One operation of an API: a method on a path, what it takes and what it answers.

    See the module docstring for the answer format. Constructing an endpoint never
    raises: a misspelt keyword, an unknown method or a bad status is reported by the
    checkers with the endpoint and the field named. What is written is kept as plain
    data (see :func:`plain`), so the grading re-check reads exactly what the learner's
    kernel read.
    """

    method: object
    path: object
    summary: object
    params: object
    query: object
    body: object
    headers: object
    responses: object
    auth: object
    idempotency_key: object
    deprecated: object
    _extra: list
    _unknown: dict

    def __init__(
        self,
        method=None,
        path=None,
        *extra,
        summary=None,
        params=None,
        query=None,
        body=None,
        headers=None,
        responses=None,
        auth=None,
        idempotency_key=False,
        deprecated=False,
        **unknown,
    ) -> None:
        self.method = plain(method)
        self.path = plain(path)
        self.summary = plain(summary)
        self.params = plain(params)
        self.query = plain(query)
        self.body = plain(body)
        self.headers = plain(headers)
        self.responses = plain(responses)
        self.auth = plain(auth)
        self.idempotency_key = plain(idempotency_key)
        self.deprecated = plain(deprecated)
        self._extra = [plain(v) for v in extra]
        self._unknown = {str(k): plain(v) for k, v in unknown.items()}

    @property
    def label(self) -> str:
        method = self.method.upper() if isinstance(self.method, str) else repr(self.method)
        path = self.path if isinstance(self.path, str) else repr(self.path)
        return f"{method} {path}"

    def __repr__(self) -> str:
        return f"Endpoint({self.label})"


# -- the normal form -----------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # one of TYPES, or "list[<type>]"
    required: bool = True


@dataclass
class Reply:
    status: int
    description: str
    body: list[Field] | None = None  # fields of an object body
    body_type: str | None = None  # a non-object body, e.g. "list[object]"
    headers: list[Field] = field(default_factory=list)
    explained: bool = False  # the learner said what it means (not just the reason phrase)

    def header(self, name: str) -> bool:
        return any(h.name.lower() == name.lower() for h in self.headers)


@dataclass
class Route:
    method: str
    path: str  # normalised template with {name} parameters
    segments: list[str]
    path_params: list[Field]
    query: list[Field]
    body: list[Field]
    headers: list[Field]
    replies: dict[int, Reply]
    summary: str = ""
    auth: str | None = None
    idempotency_key: bool = False
    deprecated: bool = False
    index: int = 0
    undeclared_params: list[str] = field(default_factory=list)  # params= names missing from the path

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def reply(self, *statuses: int) -> Reply | None:
        for status in statuses:
            if status in self.replies:
                return self.replies[status]
        return None

    def success(self) -> list[Reply]:
        return [r for s, r in sorted(self.replies.items()) if 200 <= s < 300]


# -- normalisation -------------------------------------------------------------------


def normalise(contract) -> tuple[list[Route], list[str]]:
    """Routes that could be read, and one problem message per thing that could not.

    Never raises. A problem names the endpoint (by position and ``METHOD path``) and
    the field, and says what to change. An endpoint with an unusable method or path
    is left out; a bad response, field or header is left out of its endpoint only.
    """
    problems: list[str] = []
    routes: list[Route] = []
    if isinstance(contract, Endpoint):
        contract = [contract]
    if not isinstance(contract, (list, tuple)):
        problems.append(
            f"The contract must be a list of Endpoint(...) objects, got {_kind(contract)}. "
            "Write `[Endpoint(...), Endpoint(...), ...]`."
        )
        return routes, problems
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(contract, start=1):
        where = f"item {index}"
        if not isinstance(item, Endpoint):
            problems.append(
                f"{where} is {_kind(item)}, not an Endpoint. Write it as Endpoint(\"METHOD\", \"/path\", responses={{...}})."
            )
            continue
        route = _normalise_endpoint(item, index, problems)
        if route is None:
            continue
        shape = (route.method, _shape(route.path))
        if shape in seen:
            problems.append(
                f"endpoint {index} ({route.label}) repeats endpoint {seen[shape]}: the same method on the same "
                "path. Merge them into one Endpoint."
            )
            continue
        seen[shape] = index
        routes.append(route)
    return routes, problems


def _normalise_endpoint(ep: Endpoint, index: int, problems: list[str]) -> Route | None:
    where = f"endpoint {index} ({_safe_label(ep)})"
    for key in ep._unknown:
        hint = difflib.get_close_matches(str(key), _KEYWORDS, n=1)
        fix = f"did you mean `{hint[0]}`?" if hint else f"the fields are {', '.join(_KEYWORDS)}."
        problems.append(f"{where}: unknown field `{key}`; {fix}")
    if ep._extra:
        problems.append(
            f"{where}: {len(ep._extra)} extra value(s) after the path; name them, e.g. responses={{...}} or body={{...}}."
        )
    method = ep.method.strip().upper() if isinstance(ep.method, str) else None
    if method not in METHODS:
        problems.append(
            f"{where}: method {ep.method!r} is not an HTTP method; use one of {', '.join(METHODS)}."
        )
        return None
    path, segments, names, path_problem = parse_path(ep.path)
    if path_problem:
        problems.append(f"{where}: path {path_problem}")
        return None
    where = f"endpoint {index} ({method} {path})"

    declared = _fields(ep.params, where, "params", problems)
    path_params = []
    declared_names = {f.name for f in declared}
    for name in names:
        typ = next((f.type for f in declared if f.name == name), "str")
        path_params.append(Field(name, typ, True))
    route = Route(
        method=method,
        path=path,
        segments=segments,
        path_params=path_params,
        query=_fields(ep.query, where, "query", problems),
        body=_fields(ep.body, where, "body", problems),
        headers=_fields(ep.headers, where, "headers", problems, default_type="str"),
        replies={},
        index=index,
    )
    # params naming something that is not in the path are kept for the path-parameter check
    route.undeclared_params = sorted(declared_names - set(names))
    if ep.summary is not None and not isinstance(ep.summary, str):
        problems.append(f"{where}: summary must be text, got {_kind(ep.summary)}.")
    else:
        route.summary = ep.summary or ""
    if ep.auth is not None:
        auth = str(ep.auth).strip().lower().replace("-", "_").replace(" ", "_") if isinstance(ep.auth, str) else None
        auth = {"apikey": "api_key", "token": "bearer", "jwt": "bearer", "oauth2": "bearer"}.get(auth or "", auth)
        if auth in AUTH_SCHEMES:
            route.auth = auth
        else:
            problems.append(f"{where}: auth {ep.auth!r} is not one of {', '.join(AUTH_SCHEMES)} (or None).")
    if not isinstance(ep.idempotency_key, bool):
        problems.append(f"{where}: idempotency_key must be True or False, got {ep.idempotency_key!r}.")
    else:
        route.idempotency_key = ep.idempotency_key
    if not isinstance(ep.deprecated, bool):
        problems.append(f"{where}: deprecated must be True or False, got {ep.deprecated!r}.")
    else:
        route.deprecated = ep.deprecated
    _replies(ep.responses, route, where, problems)
    return route


def parse_path(path) -> tuple[str, list[str], list[str], str | None]:
    """(normalised template, segments, parameter names, problem or None)."""
    if not isinstance(path, str):
        return "", [], [], f"must be text such as \"/v1/links/{{code}}\", got {_kind(path)}."
    text = path.strip()
    if not text.startswith("/"):
        return "", [], [], f"{path!r} must start with '/', e.g. \"/{text}\"."
    if "?" in text or "#" in text:
        return "", [], [], f"{path!r} holds a query string; put query parameters in query={{...}} instead."
    if "//" in text:
        return "", [], [], f"{path!r} has an empty segment ('//'); remove the extra '/'."
    if len(text) > 1 and text.endswith("/"):
        text = text[:-1]
    segments = [] if text == "/" else text[1:].split("/")
    names: list[str] = []
    out: list[str] = []
    for seg in segments:
        alt = re.fullmatch(rf":({_IDENT})|<(?:\w+:)?({_IDENT})>", seg)
        if alt:
            seg = "{" + (alt.group(1) or alt.group(2)) + "}"
        pieces = re.split(r"(\{[^{}]*\})", seg)
        for piece in pieces:
            if piece.startswith("{") and piece.endswith("}"):
                name = piece[1:-1].strip()
                if not re.fullmatch(_IDENT, name):
                    return "", [], [], (
                        f"{path!r} has a parameter {piece!r}; a parameter is a name in braces, e.g. {{code}}."
                    )
                if name in names:
                    return "", [], [], f"{path!r} uses the parameter {{{name}}} twice; give each one its own name."
                names.append(name)
            elif "{" in piece or "}" in piece:
                return "", [], [], f"{path!r} has unbalanced braces in {seg!r}; write parameters as {{name}}."
            elif piece and not _LITERAL_SEGMENT.match(piece):
                return "", [], [], (
                    f"{path!r} has the segment {seg!r} with characters a URL path cannot hold unescaped "
                    "(spaces, quotes, ...); use letters, digits, '-', '_' or '.'."
                )
        out.append(re.sub(r"\{\s*(\w+)\s*\}", r"{\1}", seg))
    norm = "/" + "/".join(out)
    return norm, out, names, None


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def parse_type(value) -> str | None:
    """A normalised type name, ``(type, optional)`` via a trailing '?', or None if unknown."""
    result = _parse_type(value)
    return result[0] if result else None


def _parse_type(value) -> tuple[str, bool] | None:
    """(type, optional) or None."""
    if isinstance(value, type) and value in _PY_TYPES:
        return _PY_TYPES[value], False
    origin = getattr(value, "__origin__", None)
    if origin is list:
        args = getattr(value, "__args__", ())
        inner = _parse_type(args[0]) if args else ("object", False)
        return (f"list[{inner[0]}]", False) if inner else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    optional = False
    if text.endswith("?"):
        optional, text = True, text[:-1].strip()
    m = re.fullmatch(r"(?:Optional\[(.+)\]|(.+?)\s*\|\s*None)", text)
    if m:
        optional, text = True, (m.group(1) or m.group(2)).strip()
    low = text.lower()
    m = re.fullmatch(r"(?:list|array|sequence)\s*\[\s*(.+?)\s*\]", low) or re.fullmatch(r"\[\s*(.+?)\s*\]", low)
    if m:
        inner = _parse_type(m.group(1))
        if inner is None:
            # list of a named record ("list[Link]") is a list of objects
            inner = ("object", False) if re.fullmatch(_IDENT, m.group(1)) else None
        return (f"list[{inner[0]}]", optional) if inner else None
    low = _TYPE_ALIASES.get(low, low)
    if low in TYPES:
        return low, optional
    if re.fullmatch(r"[A-Z][A-Za-z0-9_]*", text):  # a named record, e.g. "Link"
        return "object", optional
    return None


def _fields(spec, where: str, what: str, problems: list[str], default_type: str | None = None) -> list[Field]:
    if spec is None:
        return []
    if isinstance(spec, (list, tuple, set)) and default_type is not None:
        names = list(spec)
        bad = [n for n in names if not isinstance(n, str)]
        if bad:
            problems.append(f"{where}: {what} has a field named {bad[0]!r}; field names are text.")
        spec = {n: default_type for n in names if isinstance(n, str)}
    if not isinstance(spec, dict):
        problems.append(
            f"{where}: {what} must be a dict of {{field: type}}, e.g. {{\"long_url\": \"url\"}}, got {_kind(spec)}."
        )
        return []
    out = []
    for raw_name, raw_type in spec.items():
        if not isinstance(raw_name, str) or not raw_name.strip().rstrip("?"):
            problems.append(f"{where}: {what} has a field named {raw_name!r}; field names are text.")
            continue
        name = raw_name.strip()
        optional = name.endswith("?")
        name = name.rstrip("?").strip()
        parsed = _parse_type(raw_type)
        if parsed is None:
            problems.append(
                f"{where}: {what} field `{name}` has the type {raw_type!r}, which is not a type this "
                f"vocabulary knows; use one of {', '.join(TYPES)} or list[<type>]."
            )
            continue
        out.append(Field(name, parsed[0], not (optional or parsed[1])))
    return out


def _replies(spec, route: Route, where: str, problems: list[str]) -> None:
    if spec is None:
        problems.append(f"{where}: no responses; add responses={{status: meaning}}, e.g. {{200: {{...}}, 404: \"not found\"}}.")
        return
    if not isinstance(spec, dict):
        problems.append(f"{where}: responses must be a dict of {{status: meaning}}, got {_kind(spec)}.")
        return
    for raw_status, value in spec.items():
        status = _status(raw_status)
        if status is None:
            problems.append(
                f"{where}: response status {raw_status!r} is not an HTTP status code; use a whole number such as 201."
            )
            continue
        if not 100 <= status <= 599:
            problems.append(
                f"{where}: response status {status} is outside 100-599, so no HTTP client understands it; "
                "use a real status code (e.g. 429, not 4290)."
            )
            continue
        reason = _reason(status)
        if isinstance(value, Response):
            reply = _reply_from_response(value, status, where, problems)
        elif isinstance(value, str):
            parsed = _parse_type(value) if re.fullmatch(r"\s*(list|array|\[)[^ ]*\s*", value, re.I) else None
            if parsed:
                reply = Reply(status, reason, body_type=parsed[0], explained=True)
            else:
                reply = Reply(status, value.strip() or reason, explained=bool(value.strip()))
        elif isinstance(value, dict):
            body = _fields(value, where, f"response {status} body", problems)
            reply = Reply(status, reason, body=body, explained=True)
        elif value is None:
            reply = Reply(status, reason)
        else:
            problems.append(
                f"{where}: response {status} is {_kind(value)}; write a meaning (\"alias taken\"), a body "
                "({field: type}) or Response(...)."
            )
            continue
        if reply is not None:
            route.replies[status] = reply


def _reply_from_response(value: Response, status: int, where: str, problems: list[str]) -> Reply | None:
    label = f"{where}: response {status}"
    for key in value._unknown:
        hint = difflib.get_close_matches(str(key), ("description", "body", "headers"), n=1)
        problems.append(f"{label}: unknown field `{key}`" + (f"; did you mean `{hint[0]}`?" if hint else "."))
    description = value.description
    if description is not None and not isinstance(description, str):
        problems.append(f"{label}: the description must be text, got {_kind(description)}.")
        description = None
    reply = Reply(status, (description or "").strip() or _reason(status), explained=bool((description or "").strip()))
    if isinstance(value.body, str):
        parsed = _parse_type(value.body)
        if parsed is None:
            problems.append(f"{label}: body type {value.body!r} is unknown; use a dict of fields or e.g. \"list[object]\".")
        else:
            reply.body_type = parsed[0]
    elif value.body is not None:
        reply.body = _fields(value.body, where, f"response {status} body", problems)
        reply.explained = True
    reply.headers = _fields(value.headers, where, f"response {status} headers", problems, default_type="str")
    return reply


def _status(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, HTTPStatus):
        return int(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"status {status}"


def _safe_label(ep: Endpoint) -> str:
    method = ep.method.strip().upper() if isinstance(ep.method, str) else repr(ep.method)
    path = ep.path if isinstance(ep.path, str) else repr(ep.path)
    return f"{method} {path}"


def _kind(value) -> str:
    if value is None:
        return "None"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"
