"""The URL shortener's estimate (module 4), as data: Xu's figures visible, a Grokking-style set hidden."""

from __future__ import annotations

from autograder.estimate.facts import SHORTENER, SHORTENER_HIDDEN
from autograder.estimate.scenario import Item, Scenario, SlipRule

__all__ = ["SHORTENER_SCENARIO"]

_reads_not_writes = SlipRule("used reads instead of writes? Writes are the new URLs; reads are {read_write_ratio:g}x more.",
                             factor="read_write_ratio")
_writes_not_reads = SlipRule("used writes instead of reads? Reads = writes x {read_write_ratio:g} (the read:write ratio).",
                             factor="1 / read_write_ratio")
_peak_applied = SlipRule("peak factor applied: this asks for the average, without the x{peak_factor:g}.",
                         factor="peak_factor")
_years_twice = SlipRule("off by {years:g}: years counted twice? (The product 36.5 TB is often misprinted as 365 TB "
                        "this way.)", factor="years")
_one_year = SlipRule("off by {years:g}: retention missing? Multiply by all {years:g} years, not one.", factor="1 / years")
_days_twice = SlipRule("off by ~365: days per year counted twice?", factor="365.25")
_one_day = SlipRule("that is about one day of data: multiply by every day of the retention period.",
                    factor="1 / (365.25 * years)")
_times_reads = SlipRule("multiplied by reads: only writes add rows.", factor="read_write_ratio")

ITEMS = (
    Item("write_qps", "to(new_urls, '1/s')", "average write rate (new URLs per second)", "1/s",
         slips=(_reads_not_writes, _peak_applied), hint="new URLs per day / 86,400 s."),
    Item("read_qps", "write_qps * read_write_ratio", "average read rate (redirects per second)", "1/s",
         slips=(_writes_not_reads, _peak_applied), hint="write rate x read:write ratio."),
    Item("peak_read_qps", "read_qps * peak_factor", "peak read rate", "1/s",
         slips=(SlipRule("peak factor missing? Peak = average x {peak_factor:g}.", factor="1 / peak_factor"),
                _writes_not_reads,
                SlipRule("that is the average write rate: multiply by the read:write ratio ({read_write_ratio:g}) "
                         "and the peak factor ({peak_factor:g}).", factor="1 / (peak_factor * read_write_ratio)")),
         hint="average read rate x peak factor."),
    Item("years", "count(retention / u.year)", judge="none"),
    Item("storage", "to(new_urls * retention * row_size, 'TB')", "storage for {years:g} years, one copy", "TB",
         slips=(_years_twice, _one_year, _days_twice, _one_day,
                SlipRule("replication included: this asks for one copy (the {replicas} copies are the next key).",
                         factor="replicas"),
                _times_reads),
         hint="new URLs per day x days in the retention period x bytes per row."),
    Item("storage_replicated", "storage * replicas", "storage for {years:g} years with {replicas} copies", "TB",
         slips=(SlipRule("replication missing? Multiply one copy by the {replicas} replicas.", factor="1 / replicas"),
                _years_twice, _one_year, _days_twice, _one_day, _times_reads),
         hint="one copy's storage x replicas."),
    Item("ingress", "to(write_qps * request_size, 'Mbit/s')", "average ingress bandwidth (create requests in)", "Mbit/s",
         slips=(_reads_not_writes, _peak_applied,
                SlipRule("used the response size: ingress is what create requests bring in.",
                         factor="count(response_size / request_size)")),
         hint="write rate x request size; 1 byte = 8 bits."),
    Item("egress", "to(read_qps * response_size, 'Mbit/s')", "average egress bandwidth (redirect responses out)",
         "Mbit/s", slips=(_writes_not_reads, _peak_applied), hint="read rate x response size; 1 byte = 8 bits."),
    Item("cache_size", "to(cache_share * read_qps * u.day * row_size, 'GB')",
         "cache for {cache_share:.0%} of a day's reads (80/20 rule)", "GB",
         slips=(SlipRule("cached every read: the 80/20 rule keeps only {cache_share:.0%} of a day's reads.",
                         factor="1 / cache_share"),
                SlipRule("share applied twice? Cache = {cache_share:g} x reads per day x bytes per entry.",
                         factor="cache_share"),
                _writes_not_reads, _peak_applied),
         hint="{cache_share:g} x reads per day x bytes per row."),
    Item("servers", "peak_read_qps / server_throughput", "application servers for the peak read rate",
         judge="whole",
         slips=(SlipRule("sized for the average: servers must carry the peak.", value="read_qps / server_throughput"),
                SlipRule("sized for writes: the redirect servers carry the reads.",
                         value="write_qps * peak_factor / server_throughput")),
         hint="peak read rate / redirects one server handles, rounded up."),
    Item("codes", "count(new_urls * retention)", judge="none"),
    Item("key_length", "shortest_length(codes, alphabet)", "shortest code length", judge="shortest_length",
         inputs=("codes", "alphabet")),
    Item("collision_probability", "codes / alphabet ** key_length", "chance a new random code hits an existing one",
         judge="probability",
         slips=(SlipRule("that looks like the chance of at least one collision among all codes (the birthday bound); "
                         "the question is the chance for one new code: codes issued / keyspace.",
                         factor="birthday(codes, key_length, alphabet) / collision_probability"),
                SlipRule("used one year of codes: at the end of retention all of them exist.", factor="1 / years"),
                SlipRule("used a keyspace one character shorter than your key length?", factor="alphabet"),
                SlipRule("used a keyspace one character longer than your key length?", factor="1 / alphabet")),
         hint="codes issued over the retention period / {alphabet}^key_length."),
    Item("needs_uniqueness_check", "code_scheme in ('random', 'hash')",
         "must new codes be checked for uniqueness ({code_scheme} codes)?", judge="yes_no",
         explain={True: "{code_scheme} codes can collide - at the end of retention a new random code is already taken "
                        "{collision_probability:.2%} of the time - so each insert must check (a unique key in the "
                        "database) and retry.",
                  False: "codes from a {code_scheme} are unique by construction, so nothing needs checking at write "
                         "time (a counter's codes are predictable; a key service must itself stay available)."}),
)

SHORTENER_SCENARIO = Scenario(
    name="shortener",
    title="URL shortener estimate",
    items=ITEMS,
    visible=(SHORTENER,),
    hidden=(SHORTENER_HIDDEN,),
    parts={
        "qps": ("write_qps", "read_qps", "peak_read_qps"),
        "storage": ("storage", "storage_replicated"),
        "bandwidth": ("ingress", "egress"),
        "cache_and_servers": ("cache_size", "servers"),
        "keys": ("key_length", "collision_probability", "needs_uniqueness_check"),
    },
    part_titles={
        "qps": "Requests per second",
        "storage": "Storage over the retention period",
        "bandwidth": "Bandwidth",
        "cache_and_servers": "Cache size and servers",
        "keys": "Short-code length and collisions",
    },
)
"""Module 4's URL shortener estimate: visible :data:`~autograder.estimate.facts.SHORTENER` (Xu),
hidden :data:`~autograder.estimate.facts.SHORTENER_HIDDEN` (Grokking-style, codes from a key service)."""
