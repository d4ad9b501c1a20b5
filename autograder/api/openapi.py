"""Export a contract to an OpenAPI 3.1 document (dict or YAML) and validate it.

:func:`to_openapi` never raises on learner input: parts that cannot be read are
left out (``check_openapi`` lists them). The document is what the contract would
look like as ``openapi.yaml`` in a real repository; :func:`check_openapi` runs the
maintained ``openapi-spec-validator`` on it.
"""

from __future__ import annotations

import re

import yaml

from autograder.api.model import Endpoint, Field, Route, normalise
from autograder.contract import check_scope, unusable
from autograder.report import Missing, Report

__all__ = ["to_openapi", "to_yaml", "check_openapi", "validation_errors"]

_SCALARS: dict[str, dict[str, object]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "url": {"type": "string", "format": "uri"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "object": {"type": "object"},
    "list": {"type": "array", "items": {}},
}
_SECURITY = {
    "api_key": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "bearer": {"type": "http", "scheme": "bearer"},
    "basic": {"type": "http", "scheme": "basic"},
}


def _schema(type_name: str) -> dict:
    m = re.fullmatch(r"list\[(.+)\]", type_name)
    if m:
        return {"type": "array", "items": _schema(m.group(1))}
    return dict(_SCALARS.get(type_name, {}))


def _object(fields: list[Field]) -> dict:
    schema: dict = {"type": "object", "properties": {f.name: _schema(f.type) for f in fields}}
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def _operation_id(route: Route, used: set[str]) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", route.path) if w]
    base = "_".join([route.method.lower(), *words]) or route.method.lower()
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    used.add(candidate)
    return candidate


def to_openapi(contract, title: str = "URL shortener API", version: str = "1.0.0", description: str | None = None) -> dict:
    """The contract as an OpenAPI 3.1 document (a plain dict). Never raises on learner input."""
    try:
        routes, _ = normalise(contract) if not isinstance(contract, Missing) else ([], [])
    except Exception:  # a learner object whose attributes misbehave: export nothing of it
        routes = []
    info = {"title": str(title), "version": str(version)}
    if description:
        info["description"] = str(description)
    doc: dict = {"openapi": "3.1.0", "info": info, "paths": {}}
    used_ids: set[str] = set()
    schemes: set[str] = set()
    canonical: dict[str, str] = {}  # one template per route shape (OpenAPI treats {a} and {b} alike)
    for route in routes:
        shape = re.sub(r"\{[^}]*\}", "{}", route.path)
        path = canonical.setdefault(shape, route.path)
        names = re.findall(r"\{(\w+)\}", path)
        rename = dict(zip([f.name for f in route.path_params], names, strict=False))
        op: dict = {"operationId": _operation_id(route, used_ids)}
        if route.summary:
            op["summary"] = route.summary
        params = [
            {"name": rename.get(f.name, f.name), "in": "path", "required": True, "schema": _schema(f.type)}
            for f in route.path_params
        ]
        params += [
            {"name": f.name, "in": "query", "required": f.required, "schema": _schema(f.type)} for f in route.query
        ]
        params += [
            {"name": f.name, "in": "header", "required": f.required, "schema": _schema(f.type)}
            for f in route.headers
            if f.name.lower() != "idempotency-key" or not route.idempotency_key
        ]
        if route.idempotency_key:
            params.append({
                "name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"},
                "description": "Repeating a request with the same key returns the first result instead of acting twice.",
            })
        # OpenAPI: a parameter is identified by name and location; keep the first
        seen, unique = set(), []
        for p in params:
            if (p["name"], p["in"]) not in seen:
                seen.add((p["name"], p["in"]))
                unique.append(p)
        if unique:
            op["parameters"] = unique
        if route.body:
            op["requestBody"] = {
                "required": any(f.required for f in route.body),
                "content": {"application/json": {"schema": _object(route.body)}},
            }
        responses = {}
        for status, reply in sorted(route.replies.items()):
            out: dict = {"description": reply.description}
            if reply.headers:
                out["headers"] = {h.name: {"schema": _schema(h.type)} for h in reply.headers}
            if reply.body is not None:
                out["content"] = {"application/json": {"schema": _object(reply.body)}}
            elif reply.body_type:
                out["content"] = {"application/json": {"schema": _schema(reply.body_type)}}
            responses[str(status)] = out
        if responses:
            op["responses"] = responses
        if route.auth:
            op["security"] = [{route.auth: []}]
            schemes.add(route.auth)
        if route.deprecated:
            op["deprecated"] = True
        doc["paths"].setdefault(path, {})[route.method.lower()] = op
    if schemes:
        doc["components"] = {"securitySchemes": {s: dict(_SECURITY[s]) for s in sorted(schemes)}}
    return doc


def to_yaml(contract, **info) -> str:
    """The OpenAPI 3.1 document as YAML text, in the order a person would read it."""
    return yaml.safe_dump(to_openapi(contract, **info), sort_keys=False, allow_unicode=True, width=100)


def validation_errors(doc: dict) -> list[str]:
    """Messages of the OpenAPI validator for ``doc``; empty when it is valid."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    try:
        errors = list(OpenAPIV31SpecValidator(doc).iter_errors())
    except Exception as exc:  # the validator itself failed on this document
        return [f"{type(exc).__name__}: {exc}"]
    return [str(getattr(e, "message", e)) for e in errors]


def check_openapi(contract, *, scope: str = "visible", title: str = "URL shortener API", version: str = "1.0.0",
                  description: str | None = None, name: str = "shortener_api") -> Report:
    """Export the contract and validate it as OpenAPI 3.1; lists any part that was left out.

    Two findings: every endpoint made it into the document, and the validator accepts it. Both
    scopes check the same (there are no hidden OpenAPI checks); an unknown ``scope`` raises
    ValueError. Never raises on learner input.
    """
    check_scope(scope)
    bad = unusable("OpenAPI 3.1 export", name, contract, expected="a list of Endpoint(...) objects",
                   accepts=lambda v: type(v) in (list, tuple) or isinstance(v, Endpoint))
    if bad is not None:
        return bad
    report = Report("OpenAPI 3.1 export")
    try:
        routes, problems = normalise(contract)
    except Exception as exc:  # a learner object whose attributes misbehave
        routes, problems = [], [f"The contract could not be read ({type(exc).__name__}: {exc})."]
    if not routes:
        report.add("contract has endpoints", False, " ".join(problems) or "The contract is empty; add Endpoint(...) objects.")
        return report
    report.add(
        "every endpoint exported",
        not problems,
        " ".join(problems) + " These parts are missing from the document." if problems else f"{len(routes)} endpoints exported.",
    )
    errors = validation_errors(to_openapi(contract, title=title, version=version, description=description))
    report.add(
        "document is valid OpenAPI 3.1",
        not errors,
        "; ".join(errors[:3]) if errors else "openapi-spec-validator accepts the document.",
    )
    return report
