"""A third, short practice system as data: a chat service (one-to-one and small group messages).

It shows that a system is a data file: the checker code is the same as for the news feed.
"""

from __future__ import annotations

import copy

from autograder.requirements.scenarios import _common

INTERVIEWER: dict = {
    "daily_active_users": 50_000_000,
    "messages_per_user_per_day": 40,
    # Course assumptions for practice, stated by the interviewer.
    "max_group_size": 100,
    "delivery_latency_p99_ms": 500,
    "availability": 0.9999,
    "consistency": "messages of one conversation in the order they were sent; delivered at least once, shown once",
}

SCENARIO: dict = {
    "name": "chat",
    "title": "Chat service",
    "prompt": "Design a chat service: users send messages to one person or a small group and receive them live.",
    "areas": copy.deepcopy(_common.AREAS),
    "consistency_models": dict(copy.deepcopy(_common.CONSISTENCY_MODELS),
                               ordered=["in order", "ordering", "ordered", "fifo", "in the order", "same order",
                                        "order they were sent", "order of sending", "sent order"]),
    "mix_words": copy.deepcopy(_common.MIX_WORDS),
    "rules": copy.deepcopy(_common.RULES),
    "features": {
        "send": {"core": True, "title": "sending a message", "words": ["send", "sends", "sending", "message",
                                                                         "messages", "messaging", "chat", "dm", "dms",
                                                                         "direct message", "one-to-one", "1:1", "1-1"]},
        "groups": {"core": True, "title": "group conversations", "words": ["group", "groups"]},
        "presence": {"words": ["online", "presence", "last seen", "typing"]},
        "media": {"words": ["image", "images", "photo", "photos", "video", "videos", "file", "files", "attachment"]},
        "calls": {"words": ["call", "calls", "voice", "video call"]},
        "search": {"words": ["search"]},
        "encryption": {"words": ["encryption", "end-to-end", "e2e"]},
    },
    "interviewer": INTERVIEWER,
}
