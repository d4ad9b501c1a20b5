"""The news-feed architecture scenario: sound designs (fan-out on write, on read, hybrid) get full marks
in the grading scope; flawed ones lose the criterion they name. Style as tests/test_architecture_corpus.py.

    .venv/bin/python -m pytest tests/test_newsfeed_architecture.py -q -s   # prints the rates
"""

from __future__ import annotations

import pytest

from autograder.architecture import NEWSFEED, Component, Design, check_design
from autograder.architecture.check import CRITERIA
from autograder.requirements.scenarios.newsfeed import DERIVED, INTERVIEWER

C = Component


def fan_out_on_write(*, lb=12, lb_kind="load_balancer", feed=150, posts=("posts", "cassandra", 60, 3), cache=("timeline-cache", "redis", 12, 3),
                     zones=3, queue=True, names=("read home feed", "publish", "follow"), extra=(), extra_links=()):
    """Publish stores the post, a queue hands it to fan-out workers that push it into followers' timelines."""
    comps = [C("users", "client"), C("lb", lb_kind, lb, zones), C("feed-svc", "service", feed, zones),
             C("post-svc", "service", 6, zones), C("graph-svc", "service", 3, zones),
             C(cache[0], cache[1], cache[2], cache[3]), C(posts[0], posts[1], posts[2], posts[3]),
             C("graph-db", "postgres", 3, zones)]
    links = [("users", "lb"), ("lb", "feed-svc"), ("lb", "post-svc"), ("lb", "graph-svc"), ("feed-svc", cache[0]),
             ("feed-svc", posts[0]), ("post-svc", posts[0]), ("graph-svc", "graph-db")]
    publish = ["users", "lb", "post-svc", posts[0]]
    if queue:
        comps += [C("fanout-queue", "kafka", 3, zones), C("fanout", "worker", 6, zones)]
        links += [("post-svc", "fanout-queue"), ("fanout-queue", "fanout", "async"), ("fanout", cache[0]),
                  ("fanout", "graph-db")]
        publish += ["fanout-queue", "fanout", cache[0]]
    comps += list(extra)
    links += list(extra_links)
    return Design(components=comps, connections=links, flows={
        names[0]: ["users", "lb", "feed-svc", cache[0], posts[0]],
        names[1]: publish,
        names[2]: ["users", "lb", "graph-svc", "graph-db"],
    })


def fan_out_on_read() -> Design:
    """The feed is assembled at read time from the followees' posts, behind a cache."""
    return Design(
        components=[C("client", "client"), C("alb", "alb", 12, 3), C("api", "service", 150, 3),
                    C("redis", "redis", 12, 3), C("social-graph", "postgresql", 12, 3),
                    C("posts-db", "dynamodb", 60, 3)],
        connections=["client -> alb -> api", "api -> redis", "api -> social-graph", "api -> posts-db"],
        flows={"home feed": "client -> alb -> api -> redis -> social-graph -> posts-db",
               "create post": "client -> alb -> api -> posts-db",
               "follow": "client -> alb -> api -> social-graph"},
    )


def hybrid() -> Design:
    """Fan-out on write for most accounts; celebrities' posts merged in at read time (Xu ch. 11)."""
    d = fan_out_on_write()
    d.flows["read home feed"] = ["users", "lb", "feed-svc", "timeline-cache", "posts", "graph-db"]
    d.connections.append(("feed-svc", "graph-db"))
    # every feed read now asks who the followed celebrities are: the graph needs read replicas
    d.components = [C("graph-db", "postgres", 18, 3) if c.name == "graph-db" else c for c in d.components]
    return d


def _as_dict() -> dict:
    d = fan_out_on_write()
    return {"components": d.components, "connections": d.connections, "flows": d.flows}


SOUND = {
    "fan-out on write": fan_out_on_write(),
    "fan-out on read": fan_out_on_read(),
    "hybrid for celebrities": hybrid(),
    "flow aliases": fan_out_on_write(names=("timeline", "tweet", "subscribe")),
    "memcached timelines": fan_out_on_write(cache=("timelines", "memcached", 12, 3)),
    "more headroom": fan_out_on_write(lb=16, feed=200),
    "four zones": fan_out_on_write(lb=16, feed=200, zones=4),
    "haproxy in front": fan_out_on_write(lb=14, lb_kind="haproxy"),
    "nginx in front": fan_out_on_write(lb_kind="nginx"),
    "design as a dict": _as_dict(),
    "bigger timeline cache": fan_out_on_write(cache=("tl", "elasticache", 20, 4)),
    "no queue, posts only written": fan_out_on_write(queue=False),
}

FLAWED = {
    "one load balancer": ("failure", fan_out_on_write(lb=1, zones=1)),
    "too few feed servers": ("capacity", fan_out_on_write(feed=40)),
    "timeline cache far too small": ("capacity", fan_out_on_write(cache=("timeline-cache", "redis", 2, 2))),
    # one primary applies every post: 6,944 a second at peak is more than one node's 5,000 writes/s
    "posts on one relational primary": ("capacity", fan_out_on_write(posts=("posts", "postgres", 16, 3))),
    "posts in one mysql": ("capacity", fan_out_on_write(posts=("posts", "mysql", 16, 3))),
    "posts store too small": ("capacity", fan_out_on_write(posts=("posts", "cassandra", 6, 3))),
    "sized for the average only": ("capacity2", fan_out_on_write(feed=80)),
    "everything in one zone": ("zone", fan_out_on_write(zones=1)),
    "feed read only from the queue": ("flows", Design(
        components=[C("u", "client"), C("lb", "lb", 12, 3), C("svc", "service", 150, 3), C("q", "kafka", 3, 3),
                    C("db", "cassandra", 60, 3)],
        connections=[("u", "lb"), ("lb", "svc"), ("svc", "q"), ("q", "db", "async"), ("svc", "db")],
        flows={"read home feed": ["u", "lb", "svc", "q", "db"], "publish": ["u", "lb", "svc", "db"],
               "follow": ["u", "lb", "svc", "db"]})),
    "follow missing": ("flows", Design(components=fan_out_on_write().components,
                                       connections=fan_out_on_write().connections,
                                       flows={k: v for k, v in fan_out_on_write().flows.items() if k != "follow"})),
    "feed calls a third-party ranker": ("latency", fan_out_on_write(
        extra=[C("ranker", "external")], extra_links=[("feed-svc", "ranker")])),
    "too many services": ("burden", fan_out_on_write(
        extra=[C("notify", "service", 3, 3), C("search", "service", 3, 3)],
        extra_links=[("post-svc", "notify"), ("post-svc", "search")])),
    "unknown kind": ("form", fan_out_on_write(cache=("timeline-cache", "rediss-cluster", 12, 3))),
    "not a design": ("form", "users -> lb -> feed -> cache"),
}
FLAWED["feed calls a third-party ranker"][1].flows["read home feed"].insert(3, "ranker")
FLAWED["too many services"][1].flows["publish"] = ["users", "lb", "post-svc", "posts", "fanout-queue", "fanout",
                                                   "timeline-cache"]


def _lost(report) -> set[str]:
    return {key for f in report.failures for key, text in CRITERIA.items() if f.check.startswith(text)}


def test_peaks_come_from_the_interviewers_answers():
    feed = NEWSFEED.flow("read home feed")
    assert feed is not None
    assert feed.peak_rps == pytest.approx(150e6 * 100 / 86_400 * 2)
    assert feed.hidden_peak_rps == pytest.approx(DERIVED["feed_reads_per_second"] * INTERVIEWER["hidden_peak_factor"])
    assert NEWSFEED.flow("publish").peak_rps == pytest.approx(150e6 * 2 / 86_400 * 2)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(SOUND))
def test_sound_design_gets_full_marks(name):
    report = check_design(SOUND[name], NEWSFEED, scope="hidden")
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("name", sorted(FLAWED))
def test_flawed_design_loses_its_criterion(name):
    criterion, design = FLAWED[name]
    report = check_design(design, NEWSFEED, scope="hidden")
    assert criterion in _lost(report), f"expected to lose {criterion}:\n{report.to_text()}"


def test_rates():
    bad_sound = [n for n, d in SOUND.items() if check_design(d, NEWSFEED, scope="hidden").score < 1]
    bad_flawed = [n for n, (_, d) in FLAWED.items() if check_design(d, NEWSFEED, scope="hidden").score >= 1]
    print(f"\nnews feed designs: sound below full marks {len(bad_sound)}/{len(SOUND)}, "
          f"flawed at full marks {len(bad_flawed)}/{len(FLAWED)}")
    assert not bad_sound and not bad_flawed
