"""The Pastebin warm-up (module 4), as data: the System Design Primer's figures, answered as values."""

from __future__ import annotations

from autograder.estimate.facts import PASTEBIN
from autograder.estimate.scenario import Given, Item, Scenario, SlipRule

__all__ = ["PASTEBIN_SCENARIO"]

# A per-day rate where per second is asked (off by ~30, per month vs per day) is one of the generic
# time-base slips of every rate (autograder.estimate.check), so it is not repeated here.

PASTEBIN_SCENARIO = Scenario(
    name="pastebin",
    title="Pastebin warm-up",
    answer="paste_write_qps",
    items=(
        Item("paste_write_qps", "to(writes, '1/s')", "average new pastes per second", "1/s",
             slips=(SlipRule("used reads instead of writes?", factor="count(reads / writes)"),),
             hint="10 M / seconds in a month (~2.6 million)."),
        Item("paste_read_qps", "to(reads, '1/s')", "average paste reads per second", "1/s",
             slips=(SlipRule("used writes instead of reads?", factor="count(writes / reads)"),),
             hint="100 M / seconds in a month."),
        Item("years", "count(retention / u.year)", judge="none"),
        Item("paste_storage", "to(writes * retention * paste_size, 'GB')", "storage of {years:g} years of pastes", "GB",
             slips=(SlipRule("off by {years:g}: years counted twice?", factor="years"),
                    SlipRule("off by {years:g}: one year only? Multiply by all {years:g} years.", factor="1 / years"),
                    SlipRule("that is one month of pastes: multiply by every month kept.", factor="1 / 12 / years"),
                    SlipRule("used reads instead of writes? Only new pastes add storage.",
                             factor="count(reads / writes)"),),
             hint="10 M a month x 36 months x 1.27 KB."),
    ),
    visible=(Given("the System Design Primer's Pastebin", **PASTEBIN),),
)
"""The Primer's Pastebin: 10 M writes and 100 M reads a month, 1.27 KB a paste, kept 3 years."""
