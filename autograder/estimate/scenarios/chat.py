"""The chat service of module 9 (a short practice system), as data: messages, deliveries, storage, connections.

The users and messages are the interviewer's answers (:mod:`autograder.requirements.scenarios.chat`),
read from there so the requirements round and the estimate cannot drift. The rest are course
assumptions, stated here and in the notebook: peak = 2 x average (Xu ch. 2; the second set uses 3,
as many interview notes do), five recipients per message on average (most messages go to one
person, some to groups of up to the interviewer's 100), 100 bytes stored per message (the text and
its metadata), the share of daily users connected at the busiest moment, and how many open
connections one connection server holds.
"""

from __future__ import annotations

from autograder.estimate.scenario import Given, Item, Scenario, SlipRule
from autograder.estimate.units import ureg
from autograder.requirements.scenarios.chat import INTERVIEWER

__all__ = ["CHAT_SCENARIO", "ASSUMPTIONS", "HIDDEN_ASSUMPTIONS"]

ASSUMPTIONS: dict = {
    "daily_active_users": INTERVIEWER["daily_active_users"],
    "messages_per_user_per_day": INTERVIEWER["messages_per_user_per_day"],
    "peak_factor": 2,
    "recipients_per_message": 5,
    "message_size": 100 * ureg.B,
    "concurrent_share": 0.1,
    "connections_per_server": 100_000,
}
"""The stated assumptions: the interviewer's users and messages; the rest course assumptions (see above)."""

HIDDEN_ASSUMPTIONS: dict = {
    "daily_active_users": 20e6,
    "messages_per_user_per_day": 100,
    "peak_factor": 3,
    "recipients_per_message": 8,
    "message_size": 200 * ureg.B,
    "concurrent_share": 0.2,
    "connections_per_server": 50_000,
}
"""A second chat service (course assumptions), for grading a function that computes the estimate."""

_peak_missing = SlipRule("peak factor missing? Peak = average x {peak_factor:g}.", factor="1 / peak_factor")

CHAT_SCENARIO = Scenario(
    name="chat",
    title="Chat service estimate",
    answer="chat_estimate",
    items=(
        Item("messages_per_day", "to(daily_active_users * messages_per_user_per_day / u.day, '1/day')",
             "messages sent per day", "1/day",
             slips=(SlipRule("multiplied by the recipients: a message is sent once; delivery multiplies it, "
                             "not sending.", factor="recipients_per_message"),),
             hint="daily active users x messages per user per day."),
        Item("peak_messages_per_second", "to(messages_per_day * peak_factor, '1/s')",
             "messages sent per second at peak", "1/s",
             slips=(_peak_missing,
                    SlipRule("multiplied by the recipients: this asks for messages sent, not deliveries.",
                             factor="recipients_per_message")),
             hint="messages per day / 86,400 s x the peak factor."),
        Item("peak_deliveries_per_second", "to(peak_messages_per_second * recipients_per_message, '1/s')",
             "deliveries to recipients per second at peak", "1/s",
             slips=(_peak_missing,
                    SlipRule("recipients missing? Each message reaches {recipients_per_message:g} recipients on "
                             "average: multiply by them.", factor="1 / recipients_per_message")),
             hint="peak messages per second x recipients per message."),
        Item("storage_per_year", "to(messages_per_day * u.year * message_size, 'TB')",
             "storage of one year of messages", "TB",
             slips=(SlipRule("stored once per recipient? A message is stored once, in its conversation; "
                             "each member reads it from there.", factor="recipients_per_message"),
                    SlipRule("that is one day of messages: multiply by 365 days.", factor="1 / 365.25"),
                    SlipRule("peak factor applied: storage grows with the average, not the peak.",
                             factor="peak_factor")),
             hint="messages per day x 365 days x bytes per message."),
        Item("connection_servers", "daily_active_users * concurrent_share / connections_per_server",
             "connection servers for the users online at the busiest moment", judge="whole",
             slips=(SlipRule("sized for every daily user: only the share online at once holds a connection.",
                             value="daily_active_users / connections_per_server"),),
             hint="daily active users x the share online at once / connections per server, rounded up."),
    ),
    visible=(Given("the interviewer's users and messages, with course assumptions", **ASSUMPTIONS),),
    hidden=(Given("a second chat service (course assumptions)", **HIDDEN_ASSUMPTIONS),),
)
"""The chat service: messages per day, peak messages and deliveries per second, a year of storage and
the connection servers (visible: the interviewer's users; hidden: a second set)."""
