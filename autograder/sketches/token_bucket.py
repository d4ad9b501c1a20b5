"""Checker for the token-bucket sketch: ``TokenBucket(capacity, refill_rate, clock)``.

Answer format: a class (or any factory) called as ``TokenBucket(capacity,
refill_rate, clock)`` - ``capacity`` a positive int (the largest burst),
``refill_rate`` tokens added per second (a positive float), ``clock`` a function of
no arguments returning the current time in seconds. Its method ``allow()`` takes one
token and returns ``True`` when one is available, else returns ``False`` and takes
nothing. A new bucket is full. Tokens are refilled from the clock on each call
(``tokens + refill_rate x elapsed``, never above ``capacity``), so over any stretch of
time the bucket admits at most ``capacity + refill_rate x elapsed`` requests. A clock
The checker injects a fake clock and moves it itself, so every check is exact and
instant - nothing sleeps.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from autograder.contract import check_scope, unusable_callables
from autograder.guard import Session, short
from autograder.report import Report
from autograder.sketches._checks import Check, run_checks
from autograder.sketches._hyp import quiet_settings

__all__ = ["HIDDEN", "VISIBLE", "FakeClock", "check_token_bucket"]

TITLE = "token bucket with an injected clock"
_START = 1000.0
_TIMEOUT_HINT = (
    "Look for a loop that never ends. A refill that loops once per elapsed second (or per token) "
    "never finishes after a long idle gap: compute it in one step, "
    "`min(capacity, tokens + refill_rate * elapsed)`."
)


class FakeClock:
    """A clock the checker sets by hand: ``clock()`` returns ``clock.now`` (seconds)."""

    def __init__(self, now: float = _START) -> None:
        self.now = now
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class _Bucket:
    """The learner's bucket, with a log of what was asked, for messages."""

    def __init__(self, session: Session, factory, capacity, rate) -> None:
        self.session = session
        self.clock = FakeClock()
        self.capacity, self.rate = capacity, rate
        self.log: list[str] = []
        self.made = f"TokenBucket({capacity}, {rate:g}, clock)"
        self.bucket = session.call(self.made, factory, capacity, rate, self.clock)
        # Read once: at grading each attribute read of the learner's object is a round trip to its kernel.
        self.allow_method: Any = getattr(self.bucket, "allow", None)
        if not callable(self.allow_method):
            session.fail(f"{self.made} has no method allow(); define `def allow(self) -> bool` in the class.")

    def at(self) -> str:
        return f"t={self.clock.now - _START:g}"

    def allow(self) -> bool:
        answer = self.session.call(f"allow() at {self.at()} on {self.made}", self.allow_method)
        self.log.append(f"{self.at()}:{'yes' if answer else 'no'}")
        return bool(answer)

    def burst(self, limit: int) -> int:
        """How many requests in a row are admitted at this instant (stops at ``limit``)."""
        admitted = 0
        while admitted < limit and self.allow():
            admitted += 1
        return admitted

    def clock_hint(self) -> str:
        if self.clock.reads == 0:
            return (
                " Your bucket never called the clock it was given: read the time with "
                "`self.clock()`, not `time.time()` or `time.monotonic()`."
            )
        return ""

    def story(self) -> str:
        recent = self.log[-8:]
        return ("requests (time from start: answer): " + ", ".join(recent)) if recent else ""


def check_token_bucket(TokenBucket, *, scope: str = "visible") -> Report:  # the learner's class, so CamelCase
    """Check a token-bucket class; see the module docstring for the answer format."""
    check_scope(scope)
    bad = unusable_callables(TITLE, TokenBucket=TokenBucket)
    if bad is not None:
        return bad
    return run_checks(TITLE, scope, (TokenBucket,), VISIBLE, HIDDEN,
                      per_check=1.5, total=5.0, hint=_TIMEOUT_HINT)


# -- single checks ------------------------------------------------------------------------


def _starts_full(session, factory):
    for capacity, rate in ((3, 1.0), (1, 0.5), (10, 100.0)):
        bucket = _Bucket(session, factory, capacity, rate)
        got = bucket.burst(capacity + 5)
        if got != capacity:
            what = "starts empty or too low" if got < capacity else "admits more than its capacity"
            session.fail(
                f"{bucket.made} admitted {got} requests at the same instant, expected {capacity}: the bucket "
                f"{what}. A new bucket is full (capacity tokens) and each allow() takes one."
            )


def _returns_bool(session, factory):
    bucket = _Bucket(session, factory, 2, 1.0)
    for _ in range(3):
        answer = session.call(f"allow() on {bucket.made}", bucket.allow_method)
        if not isinstance(answer, bool):
            session.fail(f"allow() returned {short(answer)} ({type(answer).__name__}); return True or False.")


def _refill_one(session, factory):
    bucket = _Bucket(session, factory, 3, 2.0)
    bucket.burst(3)
    bucket.clock.advance(0.5)
    got = bucket.burst(5)
    if got != 1:
        session.fail(
            f"{bucket.made}: emptied, then 0.5 s later (2 tokens/s -> 1 token) it admitted {got} request(s), "
            "expected 1. Refill on each call: tokens += refill_rate * (now - last), then remember now as last."
            + bucket.clock_hint()
        )


def _refills_exactly(session, factory):
    for capacity, rate in ((5, 2.0), (4, 0.5), (8, 10.0), (6, 3.0)):
        for k in range(1, capacity):
            bucket = _Bucket(session, factory, capacity, rate)
            bucket.burst(capacity)
            bucket.clock.advance((k + 1e-6) / rate)
            got = bucket.burst(capacity + 2)
            if got != k:
                session.fail(
                    f"{bucket.made}: emptied, then after {k / rate:g} s ({k} token(s) at {rate:g}/s) it admitted "
                    f"{got}, expected {k}. Add refill_rate x elapsed seconds to the tokens on each call."
                    + bucket.clock_hint()
                )
    # fractional refills must add up: 0.5 tokens/s asked every second admits every other second
    bucket = _Bucket(session, factory, 1, 0.5)
    bucket.burst(1)
    admitted = 0
    for _ in range(20):
        bucket.clock.advance(1.0)
        admitted += bucket.burst(2)
    if admitted != 10:
        session.fail(
            f"{bucket.made}: emptied, then asked once a second for 20 s, it admitted {admitted}, expected 10 "
            "(0.5 token per second). Keep fractional tokens: do not round refill_rate x elapsed down "
            "to a whole number while also moving the last-refill time forward."
        )


def _caps_at_capacity(session, factory):
    for capacity, rate in ((3, 1.0), (5, 0.25), (2, 50.0)):
        bucket = _Bucket(session, factory, capacity, rate)
        bucket.burst(capacity)
        bucket.clock.advance(100 * capacity / rate)
        got = bucket.burst(capacity * 200)
        if got != capacity:
            session.fail(
                f"{bucket.made}: emptied, idle for {100 * capacity / rate:g} s, then admitted {got} at once, "
                f"expected {capacity}: tokens never exceed the capacity (`min(capacity, ...)`)."
            )


def _long_idle(session, factory):
    for gap in (1e9, 3.2e12):
        bucket = _Bucket(session, factory, 4, 2.0)
        bucket.burst(4)
        bucket.clock.advance(gap)
        got = bucket.burst(50)
        if got != 4:
            session.fail(
                f"{bucket.made}: after {gap:g} s idle it admitted {got} at once, expected 4 (a full bucket)."
            )
        bucket.clock.advance(0.6)  # 1.2 tokens: room for the rounding of times near 10^12 s
        got = bucket.burst(50)
        if not 1 <= got <= 2:  # a fraction admitted is the window line's to judge, not this one's
            session.fail(
                f"{bucket.made}: after a {gap:g} s idle gap, a burst, and 0.6 s more (1.2 tokens) it admitted {got}, "
                "expected 1 (or 2, rounding up the fraction): the bucket must keep working normally after a long gap."
            )


def _window_violation(bucket, events):
    """The first window [t_i, t_j] admitting more than capacity + rate x (forward clock movement)."""
    for i in range(len(events)):
        admitted, forward = 0, 0.0
        for j in range(i, len(events)):
            forward += events[j][1] if j > i else 0.0
            admitted += events[j][2]
            bound = bucket.capacity + bucket.rate * forward
            if admitted > bound + 1e-6 * max(1.0, bound):
                return events[i][0], events[j][0], admitted, bound
    return None


def _schedule_strategy(backwards: bool):
    step = (
        st.floats(-5.0, 3.0)
        if backwards
        else st.one_of(st.floats(0.0, 3.0), st.sampled_from([0.0, 1e-3, 0.1]))
    )
    return st.lists(st.tuples(step, st.integers(0, 4)), min_size=1, max_size=25)


def _run_schedule(session, factory, capacity, rate, steps):
    bucket = _Bucket(session, factory, capacity, rate)
    events = [(0.0, 0.0, bucket.burst(capacity + 5))]  # (time, forward movement, admitted)
    latest = bucket.clock.now
    for dt, asks in steps:
        bucket.clock.advance(dt)
        latest = max(latest, bucket.clock.now)
        admitted = sum(bucket.allow() for _ in range(asks))
        events.append((bucket.clock.now - _START, max(dt, 0.0), admitted))
    found = _window_violation(bucket, events)
    if found is not None:
        t0, t1, admitted, bound = found
        session.fail(
            f"{bucket.made} admitted {admitted} requests between t={t0:g} s and t={t1:g} s, more than "
            f"capacity + refill_rate x elapsed = {bound:g}. {bucket.story()}. Take a token only when a whole "
            "token is there (`tokens >= 1`), cap tokens at the capacity, and add no tokens when the clock "
            "goes backwards."
        )
    return bucket, latest


def _never_over_limit(session, factory):
    # Explicit examples first, so the classic bugs are found whatever hypothesis draws (its draws
    # depend on the constants in the modules loaded in the process, so they differ between a
    # notebook kernel and a test run): a full bucket just before and just after a whole-second
    # refill tick admits 2 where capacity + rate x 0.1 s allows 1.1.
    @quiet_settings(20)
    @example(1, 1.0, [(2.9, 1), (0.1, 1)])
    @example(4, 2.5, [(0.5, 4), (0.5, 4), (0.01, 4)])
    @given(st.integers(1, 8), st.sampled_from([0.5, 1.0, 2.5, 10.0]), _schedule_strategy(backwards=False))
    def prop(capacity, rate, steps):
        _run_schedule(session, factory, capacity, rate, steps)

    prop()


def _clock_backwards(session, factory):
    # a drained bucket gains nothing from a clock stepping back
    bucket = _Bucket(session, factory, 3, 1.0)
    bucket.burst(3)
    bucket.clock.advance(-100.0)
    got = bucket.burst(10)
    if got:
        session.fail(
            f"{bucket.made}: emptied, then the clock went back 100 s and it admitted {got}: a clock "
            "going backwards must add no tokens (treat a negative elapsed time as 0)."
        )

    @quiet_settings(20)
    @given(st.integers(1, 6), st.sampled_from([0.5, 1.0, 4.0]), _schedule_strategy(backwards=True))
    def prop(capacity, rate, steps):
        bucket, latest = _run_schedule(session, factory, capacity, rate, steps)
        bucket.clock.now = latest + capacity / rate + 1.0
        got = bucket.burst(capacity + 5)
        if got != capacity:
            session.fail(
                f"{bucket.made}: after the clock went backwards and then ran past its old reading by "
                f"{capacity / rate + 1:g} s, it admitted {got} at once, expected {capacity}: the bucket "
                "must recover from a clock that steps back."
            )

    prop()


def _model_tokens(capacity, rate, emptied_at, calls) -> Fraction:
    """Exact tokens of a correct bucket emptied at ``emptied_at`` after one allow() at each of ``calls``
    (clock readings, never going back)."""
    tokens, last = Fraction(0), Fraction(emptied_at)
    for reading in calls:
        tokens = min(Fraction(capacity), tokens + (Fraction(reading) - last) * Fraction(rate))
        last = Fraction(reading)
        if tokens >= 1:
            tokens -= 1
    return tokens


def _keeps_tokens(session, factory):
    # A bucket holding tokens when the clock steps back still holds them: the step adds nothing and
    # takes nothing (`tokens + rate * (now - last)` with a negative difference throws tokens away).
    # Only the lower bound is this check's: admitting more is "adds no tokens" (and the window limit).
    for capacity, rate, taken, back in ((5, 1.0, 2, 50.0), (4, 2.0, 1, 0.2), (3, 0.5, 1, 1e6), (6, 10.0, 5, 0.01)):
        bucket = _Bucket(session, factory, capacity, rate)
        if bucket.burst(taken) != taken:
            continue  # not full at the start: "a new bucket admits `capacity`" says so
        bucket.clock.advance(-back)
        got = bucket.burst(capacity + 5)
        if got < capacity - taken:
            session.fail(
                f"{bucket.made}: {taken} of {capacity} tokens taken, then the clock went back {back:g} s "
                f"and it admitted {got}, expected {capacity - taken} (the tokens it still held). "
                + _BACK_HINT + bucket.clock_hint()
            )
    bucket = _Bucket(session, factory, 3, 1.0)  # tokens earned by a refill survive the step too
    bucket.burst(4)
    bucket.clock.advance(3.0)
    bucket.allow()  # 3 tokens earned, one taken: 2 held
    bucket.clock.advance(-0.5)
    got = bucket.burst(5)
    if got < 2:
        session.fail(
            f"{bucket.made}: emptied, 3 s later one request taken (2 tokens held), then the clock "
            f"went back 0.5 s and it admitted {got}, expected 2. " + _BACK_HINT + bucket.clock_hint()
        )

    @quiet_settings(20)
    @given(st.integers(1, 6), st.sampled_from([0.5, 1.0, 2.5]),
           st.lists(st.tuples(st.floats(0.0, 3.0), st.integers(0, 3)), max_size=8), st.floats(0.001, 500.0))
    def prop(capacity, rate, steps, back):
        bucket = _Bucket(session, factory, capacity, rate)
        bucket.burst(capacity + 1)  # empty, whether or not it started full
        calls = []
        for dt, asks in steps:
            bucket.clock.advance(dt)
            for _ in range(asks):
                calls.append(bucket.clock.now)
                bucket.allow()
        held = _model_tokens(capacity, rate, _START, calls)
        if abs(held - round(held)) < Fraction(1, 10**6):
            return  # on a whole number, float rounding may fairly land either side: no verdict
        bucket.clock.advance(-back)
        got = bucket.burst(capacity + 5)
        if got < int(held):
            session.fail(
                f"{bucket.made}: holding {float(held):.3g} tokens, the clock went back {back:g} s and it "
                f"admitted {got}, expected {int(held)}. {bucket.story()}. " + _BACK_HINT
            )

    prop()


_BACK_HINT = ("A clock stepping back must neither add tokens nor take any away: use "
              "`elapsed = max(0.0, now - last)` (or ignore readings earlier than the last one).")


VISIBLE = [
    Check("a new bucket admits `capacity` at once, then refuses", 1, _starts_full,
          "starts full, refuses when empty"),
    Check("one token returns after 1/refill_rate seconds", 1, _refill_one, "refills one token on time"),
    Check("allow() returns True or False", 1, _returns_bool, "returns a bool"),
]
"""What the learner's check cell runs (``scope="visible"``)."""

HIDDEN = [
    Check("refills refill_rate x elapsed, fractions included", 1, _refills_exactly,
          "refills exactly, fractional tokens kept"),
    Check("never refills past capacity", 1, _caps_at_capacity, "tokens capped at the capacity"),
    Check("never admits more than capacity + rate x elapsed", 2, _never_over_limit,
          "the limit holds over every window of random request schedules"),
    Check("survives very long idle gaps", 1, _long_idle, "a gap of 10^12 s refills to full and nothing breaks"),
    Check("a clock stepping back adds no tokens, and the bucket recovers", 1, _clock_backwards,
          "no tokens from a backwards step, and it recovers"),
    Check("a clock stepping back keeps the tokens held", 1, _keeps_tokens,
          "the tokens held before a backwards step are still there after it"),
]
"""What grading adds (``scope="hidden"``), after the visible checks."""
