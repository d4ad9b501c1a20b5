"""A news feed with fan-out on write, as data.

Two scenarios share the same items: ``NEWSFEED_SCENARIO`` (registered as ``"newsfeed"``; Xu's users
with the course's earlier feed assumptions, :data:`autograder.estimate.facts.NEWSFEED`) and
``INTERVIEW_SCENARIO``, whose assumptions are the interviewer's answers of module 8
(:data:`autograder.requirements.scenarios.newsfeed.INTERVIEWER`: 75 followers on average and 100 feed
loads a user a day), so the estimate module 8 checks uses exactly what its requirements round revealed.
Module 8 passes the object itself to ``check_answers`` (a scenario need not be registered).
"""

from __future__ import annotations

from autograder.estimate.facts import NEWSFEED, NEWSFEED_HIDDEN
from autograder.estimate.scenario import Given, Item, Scenario, SlipRule
from autograder.requirements.scenarios.newsfeed import INTERVIEWER

__all__ = ["INTERVIEW_ASSUMPTIONS", "INTERVIEW_SCENARIO", "NEWSFEED_SCENARIO"]

_followers_missing = SlipRule("fan-out missing? On write, every post is copied into each follower's feed: multiply "
                              "by the {average_followers:g} followers of an average author.",
                              factor="1 / average_followers")
_peak_applied = SlipRule("peak factor applied: this asks for the average, without the x{peak_factor:g}.",
                         factor="peak_factor")

_ITEMS = (
        Item("posts_per_day", "to(daily_active_users * posts_per_user_per_day / u.day, '1/day')",
             "new posts per day", "1/day",
             slips=(SlipRule("multiplied by followers: a post is written once; fan-out multiplies feed writes, "
                             "not posts.", factor="average_followers"),),
             hint="daily active users x posts per user per day."),
        Item("feed_write_qps", "to(posts_per_day * average_followers, '1/s')",
             "feed writes per second (fan-out on write), average", "1/s",
             slips=(_followers_missing, _peak_applied),
             hint="posts per second x average followers."),
        Item("retention_days", "count(feed_retention / u.day)", judge="none"),
        Item("feed_storage", "to(feed_write_qps * feed_retention * feed_entry_size, 'TB')",
             "storage of the feed entries kept {retention_days:g} days", "TB",
             slips=(_followers_missing,
                    SlipRule("that is one day of feed entries: multiply by the {retention_days:g} days they are kept.",
                             factor="1 / retention_days")),
             hint="feed writes per second x seconds kept x bytes per entry."),
        Item("peak_feed_read_qps", "to(daily_active_users * feed_views_per_user_per_day / u.day * peak_factor, '1/s')",
             "feed reads per second at peak", "1/s",
             slips=(SlipRule("peak factor missing? Peak = average x {peak_factor:g}.", factor="1 / peak_factor"),
                    SlipRule("used posts instead of feed views: reads are the views.",
                             factor="posts_per_user_per_day / feed_views_per_user_per_day")),
             hint="daily active users x feed views per user per day / 86,400 s x peak factor."),
        Item("fanout_workers", "feed_write_qps * peak_factor / writes_per_worker",
             "fan-out workers for the peak feed writes", judge="whole",
             slips=(SlipRule("sized for the average: workers must keep up with the peak.",
                             value="feed_write_qps / writes_per_worker"),),
             hint="peak feed writes per second / writes one worker handles, rounded up."),
)
_PARTS = {"traffic": ("posts_per_day", "feed_write_qps", "peak_feed_read_qps"),
          "storage_and_workers": ("feed_storage", "fanout_workers")}
_PART_TITLES = {"traffic": "Posts, fan-out and reads", "storage_and_workers": "Feed storage and fan-out workers"}

NEWSFEED_SCENARIO = Scenario(
    name="newsfeed",
    title="News feed estimate",
    items=_ITEMS,
    visible=(Given("Xu's Twitter-style users and posts, with course assumptions for the feed", **NEWSFEED),),
    hidden=(Given("a second news feed (course assumptions)", **NEWSFEED_HIDDEN),),
    parts=_PARTS,
    part_titles=_PART_TITLES,
)
"""The news feed: posts per day, fan-out-on-write feed writes per second, feed storage, peak
feed reads and the fan-out workers (visible: Xu's users; hidden: a second set)."""

INTERVIEW_ASSUMPTIONS = Given(
    "the interviewer's answers (module 8), with the course's feed assumptions",
    daily_active_users=INTERVIEWER["daily_active_users"],
    posts_per_user_per_day=INTERVIEWER["posts_per_user_per_day"],
    peak_factor=INTERVIEWER["peak_factor"],
    average_followers=INTERVIEWER["average_followers"],
    feed_views_per_user_per_day=INTERVIEWER["feed_reads_per_user_per_day"],
    # course assumptions, as in facts.NEWSFEED: a feed entry is a post id and an author id (8 bytes
    # each), entries are kept 30 days, one fan-out worker writes 50,000 entries a second
    feed_entry_size=NEWSFEED["feed_entry_size"],
    feed_retention=NEWSFEED["feed_retention"],
    writes_per_worker=NEWSFEED["writes_per_worker"],
)
"""Module 8's stated assumptions: the interviewer's answers, read as ``a.average_followers`` etc."""

INTERVIEW_SCENARIO = Scenario(
    name="newsfeed-interview",
    title="News feed estimate (the interviewer's numbers)",
    items=_ITEMS,
    visible=(INTERVIEW_ASSUMPTIONS,),
    hidden=(Given("a second news feed (course assumptions)", **NEWSFEED_HIDDEN),),
    parts=_PARTS,
    part_titles=_PART_TITLES,
)
"""The news feed on the interviewer's answers of module 8 (the same items as ``NEWSFEED_SCENARIO``).
Module 8 judges values (``check_answers``), which only the first visible set can judge."""

