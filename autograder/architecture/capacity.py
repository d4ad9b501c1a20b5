"""Per-kind figures the design checks use: capacity, latency and availability, each with its source.

Every number the checks of :mod:`autograder.architecture` use is in :data:`KINDS` (or is
computed from the latency table of :mod:`autograder.estimate.facts`), and every one carries
the place it comes from. Where no published figure fits, the figure is a *course assumption*,
said as such, with the order of magnitude it stands for; :func:`capacity_table` shows them all
to the learner.

Capacity is per replica (one node, one partition), in requests per second at which the node is
fully busy. ``None`` means the kind is a managed service whose provider scales it (a CDN, an
object store): the model gives it no ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.estimate.facts import LATENCY, SHORTENER, SOURCES

__all__ = [
    "KINDS",
    "KindSpec",
    "FIGURE_SOURCES",
    "ROUND_TRIP_S",
    "NODE_AVAILABILITY",
    "MANAGED_AVAILABILITY",
    "kind_names",
    "capacity_table",
]


def _latency(operation: str) -> float:
    """The classic (Dean / jboner) figure of ``operation`` from the course's latency table, seconds."""
    for name, classic, _napkin, _note in LATENCY:
        if name == operation:
            return classic
    raise KeyError(operation)


FIGURE_SOURCES: dict[str, dict[str, str]] = {
    "dean": SOURCES["dean"],
    "module4": {
        "title": "this course, module 4: the stated server throughput of the URL shortener estimate",
        "url": "source/04-capacity-estimates",
    },
    "redis": {
        "title": "Redis documentation, 'How fast is Redis?' (redis-benchmark, 50 clients, no pipelining: "
                 "about 81,000 GETs and 110,000 SETs a second on one 2.5 GHz Xeon)",
        "url": "https://github.com/antirez/redis/blob/2.2.7/doc/Benchmarks.html",
    },
    "dynamodb": {
        "title": "Amazon DynamoDB Developer Guide: each partition serves at most 3,000 read units "
                 "and 1,000 write units a second",
        "url": "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html",
    },
    "s3": {
        "title": "Amazon S3 User Guide, 'Best practices design patterns: optimizing Amazon S3 performance': "
                 "at least 3,500 PUT and 5,500 GET requests a second per prefix",
        "url": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html",
    },
    "s3-latency": {
        "title": "AWS whitepaper 'Optimizing Amazon S3 performance', timeouts and retries: small requests "
                 "(under 512 KB) have a median latency in the tens of milliseconds",
        "url": "https://docs.aws.amazon.com/whitepapers/latest/s3-optimizing-performance-best-practices/"
               "timeouts-and-retries-for-latency-sensitive-applications.html",
    },
    "s3-availability": {
        "title": "Amazon S3 storage classes: S3 Standard is designed for 99.99% availability",
        "url": "https://aws.amazon.com/s3/storage-classes/",
    },
    "ec2": {
        "title": "Amazon Compute Service Level Agreement: 99.5% monthly uptime for a single instance",
        "url": "https://aws.amazon.com/compute/sla/",
    },
    "course": {
        "title": "course assumption: an order of magnitude, not a measurement (measure your own system)",
        "url": "",
    },
}
"""Where the figures of :data:`KINDS` come from (keys used in each spec's ``sources``)."""

ROUND_TRIP_S = _latency("round trip within a datacenter")
"""One network hop between two components: the classic 0.5 ms round trip inside a datacenter."""
SSD_READ_S = _latency("SSD random read")
"""A store's own work per request: one random SSD read (classic table: 150 us)."""
NODE_AVAILABILITY = 0.995
"""One self-run node (a VM): the 99.5% a cloud provider commits to for a single instance (EC2 SLA)."""
MANAGED_AVAILABILITY = 0.9999
"""A managed, multi-zone service (CDN, object store): 99.99%, S3 Standard's design figure."""


@dataclass(frozen=True)
class KindSpec:
    """What the checks assume about one kind of component."""

    name: str
    """The canonical kind name a design uses (``"relational"``)."""
    aliases: tuple[str, ...]
    """Other names accepted for the kind (``"postgres"``, ``"sql"``)."""
    description: str
    read_capacity: float | None
    """Reads (or requests) per second one replica serves at 100% busy; None: no ceiling (managed)."""
    write_capacity: float | None
    """Writes per second one replica applies at 100% busy; None: no ceiling."""
    writes_scale: bool
    """True when writes spread over replicas (partitions, stateless nodes); False when every replica
    applies every write (a leader with followers)."""
    service_time_s: float
    """The component's own work per request, on top of the network hop to it."""
    managed: bool
    """A provider-run service replicated across zones: no single point of failure, availability
    :data:`MANAGED_AVAILABILITY`."""
    deployable: bool
    """A service your team builds, deploys and pages for (counts as operational burden)."""
    stateful: bool
    """Holds data that must survive or be rebuilt (counts as operational burden)."""
    caching: bool
    """Answers reads from memory: the scenario's hit ratio lowers the reads behind it."""
    durable_store: bool
    """Keeps the system's records (a flow that must find or save them needs one)."""
    sources: str
    """Where capacity, latency and availability come from (keys of :data:`FIGURE_SOURCES`)."""


_SERVER = float(SHORTENER.server_throughput.to("1/s").magnitude)

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in [
    KindSpec("client", ("user", "browser", "users", "clients", "mobile", "app client"),
             "who sends the requests; not part of the checked system",
             None, None, True, 0.0, True, False, False, False, False, ""),
    KindSpec("cdn", ("edge", "cloudfront", "content delivery network"),
             "a provider's edge cache in front of the system",
             None, None, True, 0.0, True, False, False, True, False, "s3-availability (managed figure)"),
    KindSpec("load_balancer", ("lb", "load balancer", "loadbalancer", "balancer", "reverse_proxy",
                               "reverse proxy", "proxy", "nginx", "haproxy", "elb", "alb"),
             "spreads requests over the replicas behind it",
             50_000, 50_000, True, 0.0, False, False, False, False, False, "course (capacity); dean (hop)"),
    KindSpec("gateway", ("api_gateway", "api gateway", "apigateway", "edge service"),
             "one entry point: routing, authentication, rate limits",
             20_000, 20_000, True, 1e-3, False, True, False, False, False, "course"),
    KindSpec("service", ("app", "api", "web", "server", "application", "app_server", "app server",
                         "application server", "web server", "web_server", "backend", "microservice",
                         "stateless service", "stateless_service"),
             "a stateless application service (the code you write)",
             _SERVER, _SERVER, True, 1e-3, False, True, False, False, False, "module4 (capacity); course (1 ms)"),
    KindSpec("cache", ("redis", "memcached", "memcache", "in-memory cache", "in_memory_cache", "elasticache"),
             "an in-memory key-value cache",
             80_000, 80_000, True, 0.0, False, False, True, True, False, "redis (capacity); dean (hop)"),
    KindSpec("relational", ("postgres", "postgresql", "mysql", "sql", "rdbms", "database", "db",
                            "relational database", "relational_database", "sql database", "relational store"),
             "a relational database: one primary takes writes, replicas serve reads",
             10_000, 5_000, False, SSD_READ_S, False, False, True, False, True, "course (capacity); dean (SSD read)"),
    KindSpec("key_value", ("kv", "key-value", "key value", "keyvalue", "key_value_store", "key-value store",
                           "dynamodb", "cassandra", "nosql", "wide column", "kv store", "kv_store"),
             "a partitioned key-value store; replicas = partitions",
             3_000, 1_000, True, SSD_READ_S, False, False, True, False, True, "dynamodb (capacity); dean (SSD read)"),
    KindSpec("queue", ("message queue", "message_queue", "mq", "kafka", "sqs", "rabbitmq", "log", "stream",
                       "pubsub", "pub/sub", "broker", "event bus"),
             "a durable queue or log; consumers work behind it asynchronously",
             20_000, 20_000, True, SSD_READ_S, False, False, True, False, False, "course (capacity); dean (write)"),
    KindSpec("worker", ("consumer", "background worker", "job", "jobs", "batch", "processor", "worker pool"),
             "a stateless consumer of a queue",
             _SERVER, _SERVER, True, 1e-3, False, True, False, False, False, "module4 (capacity); course (1 ms)"),
    KindSpec("object_store", ("s3", "blob", "blob store", "blob_store", "object storage", "bucket", "gcs",
                              "object store"),
             "a managed store of files (objects) by key",
             5_500, 3_500, True, 20e-3, True, False, True, False, True, "s3 (capacity); s3-latency (20 ms, the low end); s3-availability"),
    KindSpec("id_service", ("key service", "key_service", "key generation service", "kgs", "id generator",
                            "id_generator", "ticket server", "sequence service", "key generation"),
             "hands out unique keys or ids in batches",
             _SERVER, _SERVER, True, 1e-3, False, True, False, False, False, "module4 (capacity); course (1 ms)"),
    KindSpec("external", ("third party", "third_party", "third-party api", "external api", "saas"),
             "someone else's API over the internet (assume another continent)",
             None, None, True, _latency("packet across an ocean and back"), True, False, False, False, False,
             "dean (ocean round trip); course (availability 99.9%)"),
]}
"""The vocabulary of component kinds, by canonical name."""

EXTERNAL_AVAILABILITY = 0.999
"""A third party's API: 99.9% (course assumption; you do not control it)."""


def kind_names() -> list[str]:
    return list(KINDS)


def capacity_table():
    """All figures the checks use, one row per kind, as a pandas DataFrame (for display)."""
    import pandas as pd

    def per_s(value: float | None) -> str:
        return "no ceiling (managed)" if value is None else f"{value:,.0f}/s"

    rows = []
    for spec in KINDS.values():
        if spec.name == "client":
            continue
        if spec.managed:
            availability = EXTERNAL_AVAILABILITY if spec.name == "external" else MANAGED_AVAILABILITY
            avail = f"{availability:.2%} (managed)"
        else:
            avail = f"{NODE_AVAILABILITY:.1%} per replica"
        rows.append({
            "kind": spec.name,
            "reads per replica": per_s(spec.read_capacity),
            "writes per replica": per_s(spec.write_capacity) + ("" if spec.writes_scale else " (every replica)"),
            "own time": f"{spec.service_time_s * 1e3:g} ms",
            "availability": avail,
            "sources": spec.sources,
        })
    return pd.DataFrame(rows).set_index("kind")
