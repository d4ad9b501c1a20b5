"""The news feed of module 8 as an architecture :class:`~autograder.architecture.Scenario`.

Peaks come from the interviewer's answers (:mod:`autograder.requirements.scenarios.newsfeed`): the same
data the requirements round reveals, so the two cannot drift. Visible: peak = 2 x average (Xu, ch. 2);
hidden: 3 x (many interview notes use 3-5x).

Fan-out on write or on read are both expressible: on write, the publish flow stores the post and hands
it to a queue whose workers push it into timeline caches (the asynchronous part), and the feed read hits
the timeline cache; on read, the feed read assembles the feed from the posts store behind a cache.
"""

from __future__ import annotations

from autograder.architecture.scenario import Scenario, scenario_from_dict
from autograder.requirements.scenarios.newsfeed import DERIVED, INTERVIEWER

__all__ = ["NEWSFEED", "newsfeed_scenario"]

_STORES = ["relational", "key_value"]


def newsfeed_scenario() -> Scenario:
    """The news-feed scenario: publish, read home feed, follow."""
    peak, hidden = INTERVIEWER["peak_factor"], INTERVIEWER["hidden_peak_factor"]
    feed, posts, follows = DERIVED["feed_reads_per_second"], DERIVED["posts_per_second"], DERIVED["follows_per_second"]
    return scenario_from_dict({
        "name": "news feed",
        "flows": [
            {"name": "read home feed", "operation": "read", "peak_rps": feed * peak, "hidden_peak_rps": feed * hidden,
             "needs": ["cache", "relational", "key_value"], "latency_ms": 20, "availability": INTERVIEWER["feed_availability"],
             "aliases": ["read feed", "home feed", "get feed", "feed", "timeline", "read timeline",
                         "home timeline", "view feed", "load feed"]},
            {"name": "publish", "operation": "write", "peak_rps": posts * peak, "hidden_peak_rps": posts * hidden,
             "needs": _STORES, "latency_ms": 50, "availability": INTERVIEWER["publish_availability"],
             "aliases": ["post", "create post", "publish post", "new post", "write post", "tweet", "write"]},
            {"name": "follow", "operation": "write", "peak_rps": follows * peak, "hidden_peak_rps": follows * hidden,
             "needs": _STORES, "latency_ms": 50, "availability": INTERVIEWER["publish_availability"],
             "aliases": ["follow user", "unfollow", "follow/unfollow", "add follower", "subscribe"]},
        ],
        "hit_ratios": {"cache": 0.8, "cdn": 0.0},
        "max_services": 4,
        "max_stateful": 5,
        "max_async_hops": 1,
        "notes": ("Peaks from the interviewer's answers: 150 million daily users, 2 posts and 100 feed loads each "
                  "a day, one follow every ten days (Xu ch. 2 for the users and posts; the rest course "
                  "assumptions); peak = 2 x average (Xu), 3 x for the second profile. Cache hit ratio 80% (the "
                  "Grokking 80/20 rule). Server-side targets: the feed within 20 ms and 99.99% available, "
                  "publishing and following within 50 ms and 99.9%."),
        "second_profile": (f"a peak of 3 x the average (about {round(feed * hidden, -3):,.0f} feed reads and "
                           f"{round(posts * hidden, -2):,.0f} posts a second)"),
    })


NEWSFEED = newsfeed_scenario()
"""The news-feed scenario of module 8."""
