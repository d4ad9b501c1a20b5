"""Fairness of check_design: a public corpus of sound designs (full marks) and flawed ones.

Each sound design is a different, defensible shape for the URL shortener, written the way engineers
write them (kind aliases such as "postgres" or "redis", arrow strings or tuples or Link objects,
other names for the flows). Each flawed design names the criterion it must lose. Checked in the
grading scope (hidden: the second load profile and the loss of one zone included), since that is
what the grade is. The test asserts at most 2% unfair each way and prints both rates:

    .venv/bin/python -m pytest tests/test_architecture_corpus.py -p no:randomly -q -s
"""

from __future__ import annotations

import math

import pytest

from autograder.architecture import SHORTENER, Component, Design, Link, check_design

C = Component


def shortener(
    *,
    lb=("lb", "load_balancer", 2, 2),
    app=("app", "service", 12, 3),
    cache=("cache", "redis", 2, 2),
    db=("db", "postgres", 3, 3),
    extra=(),
    extra_links=(),
    redirect=None,
    create=None,
    names=("redirect", "create link"),
    client="users",
) -> Design:
    """The common shape (client -> lb -> app -> cache/db), with any part swapped or removed."""
    comps = [C(client, "client")]
    for spec in (lb, app, cache, db):
        if spec:
            name, kind, replicas, zones = spec[:4]
            kw = spec[4] if len(spec) > 4 else {}
            comps.append(C(name, kind, replicas=replicas, zones=zones, **kw))
    comps += list(extra)
    front = [client] + ([lb[0]] if lb else []) + [app[0]]
    links = [(front[i], front[i + 1]) for i in range(len(front) - 1)]
    if cache:
        links.append((app[0], cache[0]))
    if db:
        links.append((app[0], db[0]))
    links += list(extra_links)
    red = redirect or front + ([cache[0]] if cache else []) + ([db[0]] if db else [])
    cre = create or front + ([db[0]] if db else [])
    return Design(components=comps, connections=links, flows={names[0]: red, names[1]: cre})


# -- sound designs: each must get full marks -----------------------------------------------------

SOUND: dict[str, Design] = {
    "classic three zones": shortener(),
    "two zones everywhere": shortener(app=("app", "service", 12, 2), db=("db", "postgres", 2, 2)),
    "zone names as a list": shortener(app=("api", "service", 12, ["us-east-1a", "us-east-1b", "us-east-1c"]),
                                      db=("pg", "postgresql", 3, ["a", "b", "c"])),
    "more headroom": shortener(app=("app", "service", 20, 4), lb=("lb", "lb", 3, 3), db=("db", "postgres", 4, 4)),
    "memcached and mysql": shortener(cache=("memcached", "memcached", 3, 3), db=("mysql", "mysql", 3, 3)),
    "app server alias": shortener(app=("web", "app server", 12, 3)),
    "nginx reverse proxy": shortener(lb=("nginx", "reverse proxy", 2, 2)),
    "flow aliases": shortener(names=("redirects", "shorten")),
    "flow names with underscores": shortener(names=("redirect", "create_link")),
    "capitalised flow names": shortener(names=("Redirect", "Create link")),
    "browser as the client": shortener(client="browser"),
    "bigger database nodes": shortener(db=("db", "postgres", 2, 2, {"capacity": 20_000})),
    "no cache, many read replicas": shortener(cache=None, db=("db", "postgres", 8, 3)),
    "dynamodb behind a cache": shortener(db=("links", "dynamodb", 6, 3)),
    "cassandra without a cache": shortener(cache=None, db=("links", "cassandra", 24, 3)),
    "key-value alias": shortener(db=("kv", "key-value store", 6, 3)),
    "read-through cache path": shortener(
        extra_links=[("cache", "db")], redirect=["users", "lb", "app", "cache", "db"]),
    "arrow-string flows": shortener(redirect="users -> lb -> app -> cache -> db", create="users -> lb -> app -> db"),
    "api gateway instead of a load balancer": shortener(lb=("gateway", "api gateway", 3, 3)),
    "elb alias, four zones": shortener(lb=("elb", "elb", 2, 2), app=("app", "service", 16, 4)),
}


def _cdn_front() -> Design:
    d = shortener()
    d.components.insert(1, C("edge", "cdn"))
    d.connections = [("users", "edge"), ("edge", "lb")] + [c for c in d.connections if c != ("users", "lb")]
    d.flows = {"redirect": ["users", "edge", "lb", "app", "cache", "db"], "create link": ["users", "edge", "lb", "app", "db"]}
    return d


def _split_services() -> Design:
    return Design(
        components=[C("client", "client"), C("lb", "load_balancer", 2, 2),
                    C("redirector", "service", 12, 3), C("writer", "service", 2, 2),
                    C("cache", "redis", 2, 2), C("db", "postgres", 3, 3)],
        connections=[("client", "lb"), ("lb", "redirector"), ("lb", "writer"), ("redirector", "cache"),
                     ("redirector", "db"), ("writer", "db")],
        flows={"redirect": ["client", "lb", "redirector", "cache", "db"],
               "create link": ["client", "lb", "writer", "db"]},
    )


def _key_service() -> Design:
    d = shortener()
    d.components.append(C("kgs", "key generation service", replicas=2, zones=2))
    d.connections.append(("app", "kgs"))
    d.flows["create link"] = ["users", "lb", "app", "kgs", "db"]
    return d


def _link_objects() -> Design:
    return Design(
        components=[C("u", "user"), C("balancer", "balancer", 2, 2), C("svc", "microservice", 12, 3),
                    C("redis", "cache", 2, 2), C("postgres", "relational", 3, 3)],
        connections=[Link("u", "balancer"), Link("balancer", "svc"), Link("svc", "redis", mode="sync"),
                     Link("svc", "postgres", "synchronous")],
        flows={"follow link": ["u", "balancer", "svc", "redis", "postgres"], "create": ["u", "balancer", "svc", "postgres"]},
    )


def _arrow_connections() -> Design:
    return Design(
        components=[C("users", "client"), C("lb", "lb", 2, 2), C("app", "app", 12, 3), C("cache", "redis", 2, 2),
                    C("db", "sql", 3, 3)],
        connections=["users -> lb -> app -> db", "app -> cache"],
        flows={"redirect": "users -> lb -> app -> cache -> db", "create link": "users -> lb -> app -> db"},
    )


def _click_queue() -> Design:
    # Clicks are counted off the request path: the redirect writes an event to a queue, workers consume it.
    d = shortener()
    d.components += [C("clicks", "kafka", 3, 3), C("counter", "worker", 12, 3)]
    d.connections += [("app", "clicks"), ("clicks", "counter", "async"), ("counter", "db")]
    d.flows["redirect"] = ["users", "lb", "app", "cache", "db", "clicks", "counter"]
    return d


def _no_load_balancer() -> Design:
    # A managed CDN fronts the app servers directly (the provider balances over origins).
    return Design(
        components=[C("users", "client"), C("cloudfront", "cdn"), C("app", "service", 12, 3),
                    C("cache", "elasticache", 2, 2), C("db", "postgres", 3, 3)],
        connections=[("users", "cloudfront"), ("cloudfront", "app"), ("app", "cache"), ("app", "db")],
        flows={"redirect": ["users", "cloudfront", "app", "cache", "db"], "create link": ["users", "cloudfront", "app", "db"]},
    )


def _dict_design() -> dict:
    d = shortener()
    return {"components": d.components, "connections": d.connections, "flows": d.flows}


def _tuple_lists() -> Design:
    d = shortener()
    return Design(components=tuple(d.components), connections=[list(c) for c in d.connections],
                  flows={k: tuple(v) for k, v in d.flows.items()})


def _float_counts() -> Design:
    return shortener(app=("app", "service", 12.0, 3.0), db=("db", "postgres", 3.0, 3))


def _zones_more_than_replicas() -> Design:
    # Two cache nodes "over three zones" is two zones in practice; the check reads it that way.
    return shortener(cache=("cache", "redis", 2, 3))


def _kv_and_cache_split() -> Design:
    d = _split_services()
    d.components[-1] = C("db", "dynamodb", 6, 3)
    return d


def _object_store_off_path() -> Design:
    # Links live in the database; S3 is not needed by either flow, so a sound design leaves it out.
    return shortener(db=("db", "aurora postgres".split()[1], 3, 3))


def _high_replicas() -> Design:
    return shortener(lb=("lb", "haproxy", 4, 2), app=("app", "service", 30, 3), cache=("cache", "redis", 6, 3),
                     db=("db", "postgres", 5, 3))


def _grokking_key_service() -> Design:
    # Grokking-style: a key generation service with its own key database, on the create path.
    d = shortener()
    d.components += [C("KGS", "kgs", replicas=2, zones=2), C("key-DB", "sql database", replicas=2, zones=2)]
    d.connections += [("app", "KGS"), ("KGS", "key-DB")]
    d.flows["create link"] = ["users", "lb", "app", "KGS", "key-DB", "db"]
    return d


def _primer_read_write_apis() -> Design:
    # System Design Primer style: a reverse proxy, separate Read and Write APIs, a memory cache,
    # a write master with a standby and a separate pool of SQL read replicas.
    return Design(
        components=[C("Client", "client"), C("Web Server", "reverse proxy", 2, 2),
                    C("Read API", "service", 12, 3), C("Write API", "service", 2, 2),
                    C("Memory Cache", "memcached", 2, 2), C("SQL Write Master-Slave", "mysql", 2, 2),
                    C("SQL Read Replicas", "mysql", 2, 2)],
        connections=["Client -> Web Server -> Read API -> Memory Cache", "Read API -> SQL Read Replicas",
                     "Web Server -> Write API -> SQL Write Master-Slave"],
        flows={"redirect": "Client -> Web Server -> Read API -> Memory Cache -> SQL Read Replicas",
               "create link": "Client -> Web Server -> Write API -> SQL Write Master-Slave"},
    )


SOUND.update({
    "Grokking key service with its key database": _grokking_key_service(),
    "Primer read and write APIs": _primer_read_write_apis(),
    "cdn in front": _cdn_front(),
    "separate read and write services": _split_services(),
    "key generation service on create": _key_service(),
    "Link objects and other names": _link_objects(),
    "arrow-string connections": _arrow_connections(),
    "clicks counted through a queue": _click_queue(),
    "cdn straight to the app": _no_load_balancer(),
    "design as a dict": _dict_design(),
    "tuples and lists": _tuple_lists(),
    "whole-number floats": _float_counts(),
    "more zones than replicas": _zones_more_than_replicas(),
    "split services on dynamodb": _kv_and_cache_split(),
    "postgres spelt out": _object_store_off_path(),
    "lots of headroom": _high_replicas(),
})


# -- flawed designs: each must lose its named criterion -------------------------------------------


def _with(design: Design, **changes) -> Design:
    for key, value in changes.items():
        setattr(design, key, value)
    return design


def _extra(name, kind, replicas=2, zones=2, link_from="app", on=None) -> Design:
    d = shortener()
    d.components.append(C(name, kind, replicas, zones))
    d.connections.append((link_from, name))
    if on:
        d.flows[on] = d.flows[on][:-1] + [name, d.flows[on][-1]]
    return d


def _queue_before_store() -> Design:
    d = shortener()
    d.components += [C("q", "sqs", 3, 3), C("writer", "worker", 2, 2)]
    d.connections += [("app", "q"), ("q", "writer"), ("writer", "db")]
    d.flows["create link"] = ["users", "lb", "app", "q", "writer", "db"]
    return d


def _over_built() -> Design:
    names = ["auth", "links", "redirects", "analytics", "users-svc"]
    comps = [C("users", "client"), C("gw", "gateway", 3, 3)] + [C(n, "service", 12, 3) for n in names] + [
        C("cache", "redis", 2, 2), C("db", "postgres", 3, 3), C("events", "kafka", 3, 3),
        C("search", "cassandra", 6, 3), C("blobs", "s3"), C("mail", "worker", 2, 2)]
    links = [("users", "gw"), ("gw", "auth"), ("auth", "redirects"), ("auth", "links"), ("redirects", "cache"),
             ("redirects", "db"), ("links", "db"), ("links", "events"), ("events", "analytics", "async"),
             ("analytics", "search"), ("links", "blobs"), ("events", "mail", "async"), ("auth", "users-svc")]
    return Design(components=comps, connections=links,
                  flows={"redirect": ["users", "gw", "auth", "redirects", "cache", "db"],
                         "create link": ["users", "gw", "auth", "links", "db", "events", "analytics", "search"]})


def _long_chain() -> Design:
    chain = ["edge-svc", "auth", "policy", "routing", "links", "resolver", "audit"]
    comps = [C("users", "client"), C("lb", "lb", 2, 2)] + [C(n, "service", 12, 3) for n in chain] + [
        C("db", "postgres", 8, 3)]
    path = ["users", "lb"] + chain + ["db"]
    links = [(path[i], path[i + 1]) for i in range(len(path) - 1)]
    return Design(components=comps, connections=links, flows={"redirect": path, "create link": path})


def _cycle() -> Design:
    d = shortener()
    d.connections.append(("db", "lb"))
    return d


def _huge() -> Design:
    comps = [C(f"svc{i}", "service", 2, 2) for i in range(5_000)]
    return Design(components=comps, connections=[], flows={})


FLAWED: dict[str, tuple[str, Design]] = {
    # single points of failure
    "one database": ("failure", shortener(db=("db", "postgres", 1, 1))),
    "one load balancer": ("failure", shortener(lb=("lb", "load_balancer", 1, 1))),
    "one app server": ("failure", shortener(app=("app", "service", 1, 1))),
    "one cache, database too small without it": ("failure", shortener(cache=("cache", "redis", 1, 1))),
    "one key service": ("failure", _extra("kgs", "id_service", 1, 1, on="create link")),
    "one gateway": ("failure", shortener(lb=("gw", "api gateway", 1, 1))),
    # capacity at the visible peak
    "too few app servers": ("capacity", shortener(app=("app", "service", 4, 2))),
    "no cache, three replicas": ("capacity", shortener(cache=None, db=("db", "postgres", 3, 3))),
    "key-value store with two partitions": ("capacity", shortener(db=("kv", "dynamodb", 2, 2))),
    "small load balancers": ("capacity", shortener(lb=("lb", "lb", 2, 2, {"capacity": 10_000}))),
    "cache nodes far too small": ("capacity", shortener(cache=("cache", "redis", 2, 2, {"capacity": 1_000}))),
    # capacity at the second profile (hidden)
    "sized for the first profile only": ("capacity2", shortener(app=("app", "service", 6, 3))),
    "load balancers sized for the first profile": ("capacity2", shortener(lb=("lb", "lb", 2, 2, {"capacity": 20_000}))),
    "cache too small for the second profile": ("capacity2", shortener(cache=("cache", "redis", 2, 2, {"capacity": 15_000}))),
    # one zone (hidden)
    "everything in one zone": ("zone", shortener(lb=("lb", "lb", 2, 1), app=("app", "service", 12, 1),
                                                 cache=("cache", "redis", 2, 1), db=("db", "postgres", 3, 1))),
    "database in one zone": ("zone", shortener(db=("db", "postgres", 3, 1))),
    "load balancers in one zone": ("zone", shortener(lb=("lb", "lb", 2, 1))),
    "too few survivors of a zone": ("zone", shortener(db=("kv", "dynamodb", 6, 2))),
    # latency
    "page fetched from object storage on every redirect": ("latency", _extra("pages", "s3", on="redirect")),
    "third-party safety check on create": ("latency", _extra("safebrowsing", "external", on="create link")),
    "seven services in a chain": ("latency", _long_chain()),
    # availability
    "external dependency on the create path": ("availability", _extra("checker", "third party", on="create link")),
    "single database, standby missing": ("availability", shortener(db=("db", "mysql", 1, 1))),
    # operational burden
    "needless notification service": ("burden", _extra("notify", "service")),
    "over-built microservices": ("burden", _over_built()),
    "extra analytics database unused": ("burden", _extra("analytics-db", "cassandra", 3, 3)),
    "two extra services on the path": ("burden", _with(_extra("auth", "service", 2, 2, on="redirect"))),
    # flows
    "cache is the only store for redirects": ("flows", shortener(db=None)),
    "create link missing": ("flows", _with(shortener(), flows={"redirect": ["users", "lb", "app", "cache", "db"]})),
    "path skips a connection": ("flows", _with(shortener(), connections=[("users", "lb"), ("lb", "app"), ("app", "cache")])),
    "store only behind a queue on create": ("flows", _queue_before_store()),
    "path visits a component twice": ("flows", shortener(redirect=["users", "lb", "app", "cache", "app", "db"])),
    "path names a missing component": ("flows", shortener(redirect=["users", "lb", "app", "cache", "database"])),
    # form (bad input)
    "unknown kind": ("form", shortener(cache=("cache", "reddis-cluster-thing", 2, 2))),
    "misspelt kind": ("form", shortener(db=("db", "postgress", 3, 3))),
    "connection to a missing name": ("form", shortener(extra_links=[("app", "dbb")])),
    "cycle": ("form", _cycle()),
    "NaN replicas": ("form", shortener(app=("app", "service", math.nan, 3))),
    "zero replicas": ("form", shortener(db=("db", "postgres", 0, 1))),
    "negative capacity": ("form", shortener(db=("db", "postgres", 3, 3, {"capacity": -5}))),
    "misspelt keyword": ("form", shortener(app=("app", "service", 12, 3, {"replica": 12}))),
    "duplicate names": ("form", shortener(extra=[C("db", "postgres", 3, 3)])),
    "huge design": ("form", _huge()),
    "not a design": ("form", "client -> lb -> app -> db"),  # type: ignore[dict-item]
}

# "two extra services" needs a second one to cross the budget of three.
FLAWED["two extra services on the path"][1].components.append(C("audit", "service", 2, 2))
FLAWED["two extra services on the path"][1].connections.append(("auth", "audit"))
FLAWED["two extra services on the path"][1].flows["redirect"].insert(-2, "audit")


def _criteria_lost(report) -> set[str]:
    from autograder.architecture.check import CRITERIA

    lost = set()
    for finding in report.failures:
        for key, text in CRITERIA.items():
            if finding.check.startswith(text):
                lost.add(key)
        if finding.check == CRITERIA["form"]:
            lost.add("form")
    return lost


def test_corpus_sizes():
    assert len(SOUND) >= 30 and len(FLAWED) >= 30


@pytest.mark.parametrize("name", sorted(SOUND))
def test_sound_design_gets_full_marks(name):
    report = check_design(SOUND[name], SHORTENER, scope="hidden")
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("name", sorted(FLAWED))
def test_flawed_design_loses_its_criterion(name):
    criterion, design = FLAWED[name]
    report = check_design(design, SHORTENER, scope="hidden")
    assert report.score < 1.0, report.to_text()
    assert criterion in _criteria_lost(report), f"expected to lose {criterion}:\n{report.to_text()}"


def test_fairness_rates():
    unfair_sound = [n for n, d in SOUND.items() if check_design(d, SHORTENER, scope="hidden").score < 1.0]
    unfair_flawed = [n for n, (_, d) in FLAWED.items() if check_design(d, SHORTENER, scope="hidden").score >= 1.0]
    sound_rate = len(unfair_sound) / len(SOUND)
    flawed_rate = len(unfair_flawed) / len(FLAWED)
    print(f"\nsound designs below full marks: {len(unfair_sound)}/{len(SOUND)} = {sound_rate:.1%}; "
          f"flawed designs at full marks: {len(unfair_flawed)}/{len(FLAWED)} = {flawed_rate:.1%}")
    assert sound_rate <= 0.02, unfair_sound
    assert flawed_rate <= 0.02, unfair_flawed


def test_hidden_only_flaws_pass_the_visible_check():
    """The visible check cannot see the second profile or a zone loss; the notebook says grading adds them."""
    for name, (criterion, design) in FLAWED.items():
        if criterion in ("capacity2", "zone"):
            assert check_design(design, SHORTENER, scope="visible").score == 1.0, name
