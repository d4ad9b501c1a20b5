"""Requirement sets for the news feed, written the way candidates write them.

``CORRECT``: sound sets (full marks in the grading scope). ``WRONG``: each loses the criterion it names
(an id of :data:`autograder.requirements.CRITERIA`). Styles: Hello Interview's functional / non-functional
split with terse bullets, Xu's back-of-the-envelope figures, the Primer's "use cases / constraints", and
plain bullet-point English turned into lists; units as people write them (ms and s, "10K", "1e4",
"per second", "/s", "QPS", "99.9%", "three nines").
"""

from __future__ import annotations

Q = ["How many daily active users?", "How often do people post and read?", "Is the feed ranked or newest first?",
     "Do posts carry media?"]
FR = ["Users can create posts", "Users can follow other users", "Users can view a home feed of posts from people "
      "they follow, newest first"]
OUT = ["ads", "search", "likes and comments", "video"]


def req(nfr, *, fr=None, out=None, q=None, **extra):
    d = {"clarifying_questions": Q if q is None else q, "functional": FR if fr is None else fr,
         "non_functional": nfr, "out_of_scope": OUT if out is None else out}
    d.update(extra)
    return d


HELLO = {"scale": "150M DAU", "read_write": "read-heavy, roughly 50:1", "latency": "home feed p99 < 200 ms",
         "availability": "99.99% (availability over consistency)",
         "consistency": "eventual consistency, up to 1 minute for a post to show up in feeds"}

CORRECT: dict[str, dict] = {
    "hello interview split": req(HELLO),
    "xu back of the envelope": req([
        "150 million DAU, each posts 2 times a day -> ~3,500 posts/s, peak ~7,000/s",
        "each user loads the feed 100 times a day -> ~175K feed reads/s",
        "feed loads in under 200 ms at p99",
        "99.99% availability",
        "eventual consistency is fine: a post may reach followers' feeds within a minute",
    ]),
    "primer constraints": req({
        "traffic": "10 million DAU, 300M feed reads per day, 10M posts per day",
        "read:write": "30:1",
        "latency": "p95 < 300 ms for reading the feed",
        "availability": "three nines",
        "consistency": "eventually consistent timelines",
    }),
    "tuples": req({"scale": (150_000_000, "DAU"), "read_write": "100:1 reads to writes",
                   "latency": (200, "ms", "p99"), "availability": (99.9, "%"),
                   "consistency": "eventual (staleness up to 30 s)"}),
    "fraction availability": req({"dau": 150_000_000, "read_write": "read heavy: 50 reads per write",
                                  "p99_latency": "150 ms", "availability": 0.9999,
                                  "consistency": "eventual"}),
    "qps style": req(["Scale: 1e4 writes per second, 5e5 reads per second",
                      "Latency: feed p99 < 250ms", "Availability: 4 nines", "Consistency: eventual, 10 s"]),
    "K units": req(["3.5K posts/s", "175K feed reads/s", "p99 read latency 200ms, p99 post latency 500ms",
                    "99.95% uptime", "Eventual consistency for the feed; read-your-writes for a user's own posts"]),
    "area dicts": req([{"area": "scale", "target": "200M daily active users"},
                       {"area": "read/write mix", "target": "about 100x more reads than writes"},
                       {"area": "latency", "target": "p99 < 200 ms"},
                       {"area": "availability", "target": "99.99%"},
                       {"area": "consistency", "target": "eventual, new posts visible within 5 s"}]),
    "pairs": req([("scale", "500M MAU, 150M DAU"), ("read_write", "reads:writes = 50:1"),
                  ("latency", "median 50 ms, p99 300 ms"), ("availability", "99.9%"),
                  ("consistency", "eventual")]),
    "percent of requests": req(["150M DAU", "50:1 read/write ratio", "99% of feed requests served in under 300 ms",
                                "99.99% available", "eventually consistent (a minute of lag is fine)"]),
    "99th percentile words": req(["Scale: 100 million daily active users", "Read heavy (100:1)",
                                  "Feed latency: 200 ms at the 99th percentile", "Availability: five nines for reads",
                                  "Consistency: eventual; posts propagate within 2 minutes"]),
    "strong for follows": req({"scale": "150M DAU", "mix": "50:1", "latency": "p99 feed < 200 ms, p99 follow < 500 ms",
                               "availability": "99.99%",
                               "consistency": "strong consistency for follow/unfollow, eventual for feeds"}),
    "rates per day": req(["300 million posts a day", "15 billion feed reads a day", "p99 < 200 ms to load the feed",
                          "99.9% availability", "eventual consistency"]),
    "ten to one": req({"scale": "50M DAU", "read_write": "10 to 1, reads to writes", "latency": "p90 100 ms",
                       "availability": "99.9%", "consistency": "eventual"}),
    "seconds latency": req({"scale": "150M DAU", "read_write": "read-heavy 50:1", "latency": "p99 0.2 s",
                            "availability": "99.99%", "consistency": "eventual within 60 s"}),
    "ap words": req(["150M DAU", "read-heavy (~50 reads per post)", "p99 feed read < 200 ms",
                     "Prioritize availability over consistency: 99.99%", "Eventual consistency, up to 1 min"]),
    "durability extra": req(dict(HELLO, durability="no acknowledged post is ever lost")),
    "storage extra": req(dict(HELLO, storage="~1 KB per post, 300M posts a day -> ~110 TB a year")),
    "celebrity note": req(dict(HELLO, scale="150M DAU; accounts have 75 followers on average, celebrities 30M+")),
    "more clarifying questions": req(HELLO, q=Q + ["Is there a limit on followers?", "Which regions?"]),
    "other functional words": req(HELLO, fr=["Publish a post (text only)", "Follow / unfollow an account",
                                             "See a timeline of followed accounts' posts"]),
    "tweet words": req(HELLO, fr=["Tweet", "Follow people", "Home timeline, reverse chronological"],
                       out=["DMs", "trending topics", "notifications"]),
    "negated ranking in scope": req(HELLO, fr=FR + ["Feed is chronological, not ranked"],
                                    out=["ML ranking", "ads"]),
    "images in, video out": req(HELLO, fr=["Users post text and photos", "Users follow others",
                                           "Users read their news feed"], out=["video", "live streams"]),
    "out of scope phrased": req(HELLO, out=["Editing or deleting posts", "Privacy settings and blocking",
                                            "Sign up and login"]),
    "key aliases": {"questions": Q, "functional_requirements": FR, "nfr": HELLO, "non_goals": OUT},
    "set out of scope": req(HELLO, out={"ads", "search"}),
    "multi region eventual": req(dict(HELLO, availability="99.999% across regions (multi-region active-active)")),
    "strong but slow budget": req(dict(HELLO, consistency="strong consistency", latency="p99 < 500 ms",
                                       availability="99.9%")),
    "rates and words": req(["~7K posts/s at peak", "~350K feed reads/s at peak", "reads dominate writes",
                            "p99 200 ms", "99.99%", "eventual, under a minute"]),
    "bullets with QPS": req(["Write QPS: 3,500", "Read QPS: 175,000", "Feed p99 latency < 200ms",
                             "Availability 99.99%", "Consistency: eventual (feeds may lag by up to 30s)"]),
    "nines digits": req(dict(HELLO, availability="4 9s")),
    "tuple with percent": req(dict(HELLO, availability=("99.95", "%"))),
    "mixed styles": req({"scale": ["150M DAU", "2 posts/user/day"], "read_write": "50:1",
                         "latency": {"p50": "50 ms", "p99": "200 ms"}, "availability": "99.99%",
                         "consistency": "read-your-writes for authors, eventual for followers"}),
    "causal": req(dict(HELLO, consistency="causal consistency: replies never appear before the post")),
    "whitespace and case": req({"Scale": "150M DAU", "Read/Write": "Read-heavy, 50:1",
                                "Latency": "P99 < 200 MS", "Availability": "99.99%", "Consistency": "Eventual"}),
    "ratio reversed": req(dict(HELLO, read_write="write:read is 1:50")),
    "per user rates": req(["150M daily active users", "2 posts per user per day, 100 feed loads per user per day",
                           "so reads outnumber writes 50:1", "p99 < 200 ms", "99.99%", "eventual"]),
    "scientific": req(["1.5e8 DAU", "read:write 5e1:1", "p99 2e2 ms", "99.99%", "eventual"]),
    "ten power": req(["10^8 DAU", "reads per write: 100 reads per write", "p99 < 200 ms", "99.9% available",
                      "eventual consistency"]),
}

WRONG: dict[str, tuple[str, dict]] = {
    # not measurable
    "highly available": ("measurable", req(dict(HELLO, availability="highly available"))),
    "fast": ("measurable", req(dict(HELLO, latency="should be fast"))),
    "latency without percentile": ("measurable", req(dict(HELLO, latency="feed loads in 200 ms"))),
    "average latency": ("measurable", req(dict(HELLO, latency="average 100 ms"))),
    "latency in GB": ("measurable", req(dict(HELLO, latency="200 GB"))),
    "availability in ms": ("measurable", req(dict(HELLO, availability="200 ms"))),
    "scalable": ("measurable", req(dict(HELLO, scale="must be scalable"))),
    "consistency word only": ("measurable", req(dict(HELLO, consistency="the feed should be consistent"))),
    "read heavy only": ("measurable", req(dict(HELLO, read_write="read-heavy"))),
    "bullets not measurable": ("measurable", req(["Millions of users", "Read heavy", "Low latency", "Highly available",
                                                   "Eventually consistent"])),
    "scale in ms": ("measurable", req(dict(HELLO, scale="200 ms"))),
    "list vague latency": ("measurable", req(["150M DAU", "50:1 reads to writes", "low latency feed",
                                             "99.99% available", "eventual"])),
    # coverage
    "no consistency": ("coverage", req({k: v for k, v in HELLO.items() if k != "consistency"})),
    "no availability": ("coverage", req({k: v for k, v in HELLO.items() if k != "availability"})),
    "no scale": ("coverage", req({k: v for k, v in HELLO.items() if k != "scale"})),
    "no mix": ("coverage", req({k: v for k, v in HELLO.items() if k != "read_write"})),
    "no latency": ("coverage", req({k: v for k, v in HELLO.items() if k != "latency"})),
    "only latency": ("coverage", req(["p99 < 200 ms"])),
    # contradictions
    "cap everywhere": ("consistent", req(dict(HELLO, consistency="strong consistency everywhere",
                                             availability="99.999% across regions", latency="p99 < 10 ms"))),
    "five nines strong fast": ("consistent", req(["150M DAU", "50:1", "p99 < 20 ms", "99.999% available",
                                                 "linearizable reads and writes"])),
    "mix two ways": ("consistent", req(dict(HELLO, read_write="write-heavy: 1:10", scale="150M DAU, read-heavy"))),
    "mix ratio vs rates": ("consistent", req(["3,500 posts/s", "10,000 feed reads/s", "read:write 100:1",
                                              "p99 < 200 ms", "99.99%", "eventual"])),
    "strong and AP": ("consistent", req(dict(HELLO, consistency="strong consistency for everything",
                                            availability="99.99%, prioritize availability over consistency"))),
    "mix ratios disagree": ("consistent", req(dict(HELLO, read_write="100:1",
                                                  scale="150M DAU; writes outnumber reads"))),
    # scope
    "search both": ("scope", req(HELLO, fr=FR + ["Users can search posts"], out=["search", "ads"])),
    "likes both": ("scope", req(HELLO, fr=FR + ["Users can like posts"], out=["likes", "ads"])),
    "no follow": ("scope", req(HELLO, fr=["Users create posts", "Users read the home feed"])),
    "no feed": ("scope", req(HELLO, fr=["Users create posts", "Users follow others"])),
    "ranking both": ("scope", req(HELLO, fr=FR + ["The feed is ranked by relevance"], out=["ranking"])),
    "video both": ("scope", req(HELLO, fr=FR + ["Users upload videos"], out=["video uploads"])),
    # physically implausible (hidden checks only)
    "sub-millisecond feed": ("plausible", req(dict(HELLO, latency="p99 < 0.5 ms"))),
    "hundred percent": ("plausible", req(dict(HELLO, availability="100% uptime"))),
    "more users than people": ("plausible", req(dict(HELLO, scale="20 billion DAU"))),
    # form / bad input
    "free text": ("form", "Users post, follow and read a feed; it must be fast and available."),  # type: ignore[dict-item]
    "nfr free text": ("form", req("p99 < 200 ms, 99.99% available, eventual consistency")),
    "empty functional": ("form", req(HELLO, fr=[])),
    "empty out of scope": ("form", req(HELLO, out=[])),
    "empty nfr": ("form", req([])),
    "no questions": ("form", {"functional": FR, "non_functional": HELLO, "out_of_scope": OUT}),
    "functional as text": ("form", req(HELLO, fr="users post, follow and read a feed")),
    "misspelt key": ("form", {"clarifying_questions": Q, "functionl": FR, "non_functional": HELLO,
                             "out_of_scope": OUT}),
    "nfr as number": ("form", req(42)),
    "questions with None": ("form", req(HELLO, q=["How many users?", None])),
}
