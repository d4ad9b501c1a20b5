"""The news feed of module 8, as data: the prompt, what its requirements must cover, and the
interviewer's answers (the stated assumptions estimates, API, schema and design then use).

Nothing here is code the checker runs; :mod:`autograder.requirements.scenarios` documents the format.

Why a news feed: its shape differs from the URL shortener's. One write (a post) turns into many
reads of many timelines, so the design hinges on fan-out on write versus on read and on the accounts
with millions of followers (Xu, "System Design Interview", ch. 11 "Design a news feed system";
Kleppmann, "Designing Data-Intensive Applications", 1st ed., ch. 1, Twitter's home timelines).
"""

from __future__ import annotations

import copy

from autograder.requirements.scenarios import _common

SECONDS_PER_DAY = 86_400

INTERVIEWER: dict = {
    "daily_active_users": 150_000_000,
    # Xu, ch. 2 (back-of-the-envelope estimation), the Twitter-like example: 150 million DAU.
    "posts_per_user_per_day": 2,
    # Xu, ch. 2: each user posts 2 times a day on average.
    "feed_reads_per_user_per_day": 100,
    # Course assumption: 100 home-feed loads per daily user, i.e. 50 reads per post. Twitter's 2012
    # figures in DDIA ch. 1 (about 300k home-timeline reads/s against 4.6k tweets/s) are ~65:1.
    "follows_per_user_per_day": 0.1,
    # Course assumption: one new follow per user every ten days.
    "average_followers": 75,
    # DDIA ch. 1: a tweet is delivered to about 75 followers on average (Twitter, 2012).
    "celebrity_followers": 30_000_000,
    # DDIA ch. 1: some accounts have over 30 million followers.
    "peak_factor": 2,
    # Xu, ch. 2: peak = 2 x average. The hidden checks use 3 (many interview notes use 3-5x).
    "hidden_peak_factor": 3,
    "read_write_ratio": 50,
    # = feed_reads_per_user_per_day / posts_per_user_per_day.
    "feed_latency_p99_ms": 200,
    "publish_latency_p99_ms": 500,
    # Course targets, end to end (not from a source: stated by the interviewer, as in a real round).
    "feed_availability": 0.9999,
    "publish_availability": 0.999,
    # Availability over consistency for the feed (fan-out on write already makes feeds lag behind
    # posts: Xu ch. 11). 99.99% is 52.6 minutes a year of downtime; 99.9% is 8.77 hours.
    "feed_staleness_s": 60,
    # Course assumption: a new post may take up to a minute to reach followers' feeds.
    "consistency": "eventual for feeds (a post reaches followers within 60 s); read-your-writes for a user's own posts",
    "retention_years": 5,
}
"""What the interviewer answers to the usual clarifying questions (see ``ANSWERS`` for them as prose)."""


def _per_second(per_day: float) -> float:
    return per_day / SECONDS_PER_DAY


DERIVED: dict = {
    "posts_per_second": _per_second(INTERVIEWER["daily_active_users"] * INTERVIEWER["posts_per_user_per_day"]),
    "feed_reads_per_second": _per_second(INTERVIEWER["daily_active_users"]
                                         * INTERVIEWER["feed_reads_per_user_per_day"]),
    "follows_per_second": _per_second(INTERVIEWER["daily_active_users"] * INTERVIEWER["follows_per_user_per_day"]),
}
"""Averages derived from :data:`INTERVIEWER` (per second): ~3,472 posts, ~173,611 feed reads, ~174 follows."""
DERIVED["timeline_inserts_per_second"] = DERIVED["posts_per_second"] * INTERVIEWER["average_followers"]

ANSWERS: list[tuple[str, str]] = [
    ("How many daily active users?", "150 million."),
    ("How often does a user post, and read the feed?", "About 2 posts and 100 feed loads a day."),
    ("How many followers does an account have?", "75 on average; the largest accounts have over 30 million."),
    ("How is the feed ordered?", "Newest first (reverse chronological); no ranking for now."),
    ("How fast must the feed load?", "p99 under 200 ms; publishing p99 under 500 ms."),
    ("How available?", "The feed 99.99%, publishing 99.9%; prefer availability to consistency."),
    ("How fresh must the feed be?", "A new post may take up to a minute to reach followers; authors see their "
                                    "own posts at once."),
    ("What about media, likes, comments, search, ads?", "Text posts only; the rest is out of scope today."),
]
"""The interviewer's answers, in the order a candidate usually asks."""

SCENARIO: dict = {
    "name": "newsfeed",
    "title": "News feed",
    "prompt": "Design a news feed: users post, follow other users and read a home feed of the posts of the people "
              "they follow.",
    "areas": copy.deepcopy(_common.AREAS),
    "consistency_models": copy.deepcopy(_common.CONSISTENCY_MODELS),
    "mix_words": copy.deepcopy(_common.MIX_WORDS),
    "rules": copy.deepcopy(_common.RULES),
    "features": {
        "publish": {"core": True, "title": "publishing a post",
                    "words": ["post", "posts", "publish", "tweet", "share", "status update", "create a post",
                              "write a post", "posting"]},
        "follow": {"core": True, "title": "following users",
                   "words": ["follow", "follows", "following", "unfollow", "subscribe", "friend", "friends",
                             "followers", "followees"]},
        "feed": {"core": True, "title": "reading the home feed",
                 "words": ["feed", "timeline", "home page", "newsfeed", "news feed"]},
        "likes": {"words": ["like", "likes", "liking", "react", "reactions", "reaction"]},
        "comments": {"words": ["comment", "comments", "commenting", "reply", "replies"]},
        "search": {"words": ["search", "searching"]},
        "ads": {"words": ["ad", "ads", "advert", "adverts", "advertising", "advertisements", "sponsored", "promoted"]},
        "notifications": {"words": ["notification", "notifications", "notify", "push"]},
        "messaging": {"words": ["message", "messages", "messaging", "dm", "dms", "direct message", "chat"]},
        "images": {"words": ["image", "images", "photo", "photos", "picture", "pictures"]},
        "video": {"words": ["video", "videos", "live stream", "livestream"]},
        "ranking": {"words": ["rank", "ranked", "ranking", "relevance", "personalised", "personalized",
                              "recommendation", "recommendations", "recommended", "ml", "algorithmic"]},
        "trending": {"words": ["trending", "trends", "hashtag", "hashtags"]},
        "analytics": {"words": ["analytics", "metrics", "insights"]},
        "editing": {"words": ["edit", "edits", "editing"]},
        "deleting": {"words": ["delete", "deleting", "deletion"]},
        "privacy": {"words": ["privacy", "private", "block", "blocking", "mute", "muting"]},
        "accounts": {"words": ["sign up", "signup", "login", "log in", "authentication", "auth", "registration",
                               "register"]},
        "profiles": {"words": ["profile", "profiles", "bio"]},
        "groups": {"words": ["group", "groups", "pages", "communities"]},
        "moderation": {"words": ["moderation", "spam", "abuse", "content policy"]},
    },
    "interviewer": INTERVIEWER,
}
