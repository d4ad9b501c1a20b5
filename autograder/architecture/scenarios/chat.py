"""The chat service of module 9 as an architecture :class:`~autograder.architecture.Scenario`.

Its peaks come from the same figures as the estimate (:mod:`autograder.estimate.scenarios.chat`,
which reads the users and messages from the interviewer's answers in
:mod:`autograder.requirements.scenarios.chat`), so the three cannot drift. Visible: peak = 2 x
average (Xu ch. 2); hidden: 3 x. The availability target is the interviewer's 99.99%.

Two flows. Sending a message stores it before the sender's acknowledgement (at-least-once
delivery starts from a stored message); handing it to the recipients' connections is the
asynchronous part (a queue and workers, or the chat service pushing it on). Syncing a
conversation's history is a read - a phone coming back online, or opening a conversation.
Course assumptions: 20 history syncs per daily user a day; server-side targets of 100 ms for the
synchronous part of each flow (the interviewer's 500 ms p99 is end to end, phone to phone, and
spends most of it on the mobile network).
"""

from __future__ import annotations

from autograder.architecture.scenario import Scenario, scenario_from_dict
from autograder.estimate.scenarios.chat import ASSUMPTIONS
from autograder.requirements.scenarios.chat import INTERVIEWER

__all__ = ["SCENARIO", "chat_scenario"]

SYNCS_PER_USER_PER_DAY = 20
"""Course assumption: history syncs (opening a conversation, reconnecting) per daily user a day."""
HIDDEN_PEAK_FACTOR = 3
SECONDS_PER_DAY = 86_400


def chat_scenario() -> Scenario:
    """The chat scenario: send a message, sync a conversation's history."""
    users = INTERVIEWER["daily_active_users"]
    sends = users * INTERVIEWER["messages_per_user_per_day"] / SECONDS_PER_DAY
    syncs = users * SYNCS_PER_USER_PER_DAY / SECONDS_PER_DAY
    peak, hidden = ASSUMPTIONS["peak_factor"], HIDDEN_PEAK_FACTOR
    target = INTERVIEWER["availability"]
    return scenario_from_dict({
        "name": "chat service",
        "flows": [
            {"name": "send message", "operation": "write", "peak_rps": sends * peak, "hidden_peak_rps": sends * hidden,
             "needs": ["key_value", "relational"], "latency_ms": 100, "availability": target,
             "aliases": ["send", "send a message", "post message", "new message", "write", "message", "deliver",
                         "deliver message", "send and deliver"]},
            {"name": "sync history", "operation": "read", "peak_rps": syncs * peak, "hidden_peak_rps": syncs * hidden,
             "needs": ["cache", "key_value", "relational"], "latency_ms": 100, "availability": target,
             "aliases": ["history", "read history", "sync", "load history", "get messages", "read messages",
                         "fetch messages", "open conversation", "read", "catch up"]},
        ],
        "hit_ratios": {"cache": 0.8, "cdn": 0.0},
        "max_services": 3,
        "max_stateful": 4,
        "max_async_hops": 1,
        "notes": ("Peaks from the interviewer's answers: 50 million daily users sending 40 messages each a day "
                  "(about 23,000 a second on average), and a course assumption of 20 history syncs per user a "
                  "day (about 11,600 a second); peak = 2 x average (Xu ch. 2), 3 x for the second profile. "
                  "Cache hit ratio 80% (the Grokking 80/20 rule). Targets: the interviewer's 99.99% for both "
                  "flows; 100 ms server side for the synchronous part of each (a course target inside the "
                  "interviewer's 500 ms p99 delivery, phone to phone)."),
        "second_profile": (f"a peak of 3 x the average (about {round(sends * hidden, -3):,.0f} messages and "
                           f"{round(syncs * hidden, -3):,.0f} history syncs a second)"),
    })


SCENARIO = chat_scenario()
"""The chat scenario of module 9 (``get_scenario("chat")``)."""
