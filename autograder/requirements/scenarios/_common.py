"""Vocabulary every requirements scenario shares (non-functional areas, consistency models, mix words).

``keywords`` name an area; ``weak`` words name it only when no other area's words appear (a target
about latency often mentions "users"). A scenario copies what it needs and adds its own features and figures; nothing here is checker code.
"""

from __future__ import annotations

AREAS: dict[str, dict] = {
    "scale": {
        "title": "scale", "required": True, "accepts": ["count", "rate"],
        "keywords": ["dau", "mau", "daily active", "monthly active", "qps", "rps", "throughput",
                     "traffic", "scal", "concurrent"],
        "weak": ["users", "followers", "requests", "load", "per day", "a day", "per second", "posts"],
        "example": "'150M daily active users' or '3.5K posts/s at peak'",
    },
    "read_write": {
        "title": "read/write mix", "required": True, "accepts": ["mix"], "weak": ["reads", "writes"],
        "keywords": ["read-heavy", "read heavy", "write-heavy", "write heavy", "read:write", "reads:writes",
                     "read/write", "reads/writes", "read to write", "reads to writes", "ratio", "mix",
                     "reads per write", "more reads", "mostly reads", "mostly writes", "reads dominate"],
        "example": "'read:write = 100:1' or '350K feed reads/s vs 7K posts/s'",
    },
    "latency": {
        "title": "latency", "required": True, "accepts": ["time"], "percentile": True,
        "keywords": ["latency", "p50", "p90", "p95", "p99", "p999", "percentile", "median", "response time",
                     "fast", "quickly", "loads in", "load in", "snappy", "responsive"],
        "weak": ["ms", "within"],
        "example": "'feed read p99 < 200 ms'",
    },
    "availability": {
        "title": "availability", "required": True, "accepts": ["fraction"],
        "keywords": ["availab", "uptime", "sla", "nines", "9s", "downtime"],
        "example": "'99.99% available' or 'four nines'",
    },
    "consistency": {
        "title": "consistency", "required": True, "accepts": ["model"],
        "keywords": ["consisten", "eventual", "linearizab", "linearisab", "read-your-writes", "read your writes",
                     "read-your-own-writes", "read your own writes", "causal", "stale", "staleness", "cap",
                     "over consistency", "over availability", "propagat", "freshness", "show up", "appear"],
        "weak": ["lag", "reach", "visible", "delay"],
        "example": "'eventual: a post reaches followers' feeds within 5 s' or 'strong for follows'",
    },
    "durability": {
        "title": "durability", "required": False, "accepts": ["fraction"],
        "keywords": ["durab", "never lose", "data loss", "lost"],
        "example": "'11 nines of durability'",
    },
    "storage": {
        "title": "storage", "required": False, "accepts": ["size"],
        "keywords": ["storage", "retention", "retain", "keep posts", "store"],
        "example": "'30 TB a year'",
    },
}

CONSISTENCY_MODELS: dict[str, list[str]] = {
    "strong": ["strong", "strongly", "linearizab", "linearisab", "serializab", "serialisab", "immediately consistent"],
    "eventual": ["eventual", "eventually", "ap system", "stale", "staleness"],
    "read_your_writes": ["read-your-writes", "read your writes", "read-your-own-writes", "read your own writes",
                         "read-after-write", "read after write", "own posts"],
    "causal": ["causal"],
}

MIX_WORDS: dict[str, list[str]] = {
    "read": ["read", "reads", "view", "views", "load", "loads", "fetch", "fetches", "get", "gets",
             "feed request", "timeline request"],
    "write": ["write", "writes", "post", "posts", "publish", "publishes", "tweet", "tweets", "upload", "uploads",
              "message", "messages", "send", "sends"],
    "read_heavy": ["read-heavy", "read heavy", "reads dominate", "mostly reads", "more reads than writes",
                   "reads far outnumber", "reads outnumber"],
    "write_heavy": ["write-heavy", "write heavy", "writes dominate", "mostly writes", "more writes than reads",
                    "writes outnumber"],
}

RULES: dict = {
    "cross_region_rtt_ms": 80,
    # A linearizable write across regions waits for at least one round trip between them:
    # sirupsen/napkin-math lists about 80 ms between EU-West and NA-East.
    "multi_region_availability": 0.99999,
    # Five nines is 5.26 minutes of downtime a year; one region's outages alone exceed that, so the
    # target implies serving from more than one region (99.999% allows 5.26 min a year: 0.00001 x 525,960 min).
    "multi_region_words": ["multi-region", "multi region", "across regions", "several regions", "multiple regions",
                           "geo-replicated", "geo replicated", "globally", "global", "active-active", "every region"],
    "ap_words": ["availability over consistency", "availability > consistency", "prioritize availability",
                 "prioritise availability", "ap system", "favor availability", "favour availability"],
    "mix_tolerance": 5.0,
    # Two statements of the read/write mix disagree when they are more than 5x apart: estimates are
    # rounded, but not by an order of magnitude.
    "min_latency_ms": 1.0,
    # A request that crosses the network twice inside a datacenter costs about 1 ms (0.5 ms round trip,
    # Dean's table via jboner's gist): a target below that cannot be met.
    "max_users": 8e9,
    "max_availability": 0.999999,
}
