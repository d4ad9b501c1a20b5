"""Token buckets as engineers write them: the correct ones must get full marks in the grading scope,
each wrong one must lose the report line it names.

Sources of the idioms: Xu, *System Design Interview* ch. 4 (bucket size, refill rate, a refill step
before each request), Stripe's rate-limiter post (tokens and a timestamp per key, as in a Redis
script), the "allowance" answer on Stack Overflow's rate-limiting question, GCRA (a theoretical
arrival time, as redis-cell does it), Guava's lazy whole-token refill, dataclasses, locks, slots.
"""

from __future__ import annotations

import abc
import ctypes
import math
import threading
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple, Protocol

from . import registry

CORRECT, WRONG, correct, wrong = registry()


# -- correct ---------------------------------------------------------------------------------------


@correct("the course's shape: max(0, elapsed), min(capacity, ...), then take one")
class Basic:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.refill_rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("Xu ch. 4: bucket_size, refill_rate, a separate refill() before each request")
class XuRefill:
    def __init__(self, capacity, refill_rate, clock=time.time):
        self.bucket_size = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens = capacity
        self.last_refill_timestamp = clock()

    def refill(self):
        now = self.clock()
        if now > self.last_refill_timestamp:
            added = (now - self.last_refill_timestamp) * self.refill_rate
            self.tokens = min(self.bucket_size, self.tokens + added)
            self.last_refill_timestamp = now

    def allow(self):
        self.refill()
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("a dataclass with field(init=False) state and __post_init__")
@dataclass
class DataclassBucket:
    capacity: int
    refill_rate: float
    clock: object = time.monotonic
    tokens: float = field(init=False)
    updated_at: float = field(init=False)

    def __post_init__(self):
        self.tokens = float(self.capacity)
        self.updated_at = self.clock()

    def allow(self) -> bool:
        now = self.clock()
        elapsed = now - self.updated_at
        if elapsed > 0:
            self.tokens = min(float(self.capacity), self.tokens + elapsed * self.refill_rate)
            self.updated_at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@correct("GCRA: a theoretical arrival time, clamped so a clock stepping back changes nothing")
class Gcra:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.interval = 1.0 / refill_rate
        self.tolerance = (capacity - 1) * self.interval
        self.clock = clock
        self.seen = clock()
        self.tat = self.seen

    def allow(self):
        now = max(self.clock(), self.seen)  # never earlier than a time already seen
        self.seen = now
        tat = max(self.tat, now)
        if tat - now <= self.tolerance + 1e-9 * self.interval:
            self.tat = tat + self.interval
            return True
        return False


@correct("Guava-style lazy refill in whole tokens, keeping the remainder in the timestamp")
class WholeTokens:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.stamp = None

    def allow(self):
        now = self.clock()
        if self.stamp is None:
            self.stamp = now
        if now > self.stamp:
            whole = math.floor((now - self.stamp) * self.rate)
            if self.tokens + whole >= self.capacity:
                self.tokens, self.stamp = self.capacity, now
            elif whole:
                self.tokens += whole
                self.stamp += whole / self.rate
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("Stripe/Redis-script style: the state is a dict like a hash in Redis, written back each call")
class RedisScript:
    def __init__(self, capacity, refill_rate, clock=time.time):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.store = {"tokens": capacity, "ts": clock()}

    def allow(self):
        now = self.clock()
        tokens, ts = self.store["tokens"], self.store["ts"]
        delta = max(0.0, now - ts)
        filled = min(self.capacity, tokens + delta * self.rate)
        allowed = filled >= 1
        self.store["tokens"] = filled - 1 if allowed else filled
        self.store["ts"] = now
        return allowed


@correct("Stack Overflow's 'allowance' algorithm: rate messages per `per` seconds, time_passed clamped")
class Allowance:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.rate = float(capacity)
        self.per = capacity / refill_rate
        self.clock = clock
        self.allowance = self.rate
        self.last_check = clock()

    def allow(self):
        current = self.clock()
        time_passed = max(0.0, current - self.last_check)
        self.last_check = current
        self.allowance += time_passed * (self.rate / self.per)
        if self.allowance > self.rate:
            self.allowance = self.rate
        if self.allowance < 1.0:
            return False
        self.allowance -= 1.0
        return True


@correct("a leaky-bucket meter: the level drains at the rate, admit while level + 1 <= capacity")
class LeakyMeter:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.leak, self.clock = capacity, refill_rate, clock
        self.level = 0.0
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.level = max(0.0, self.level - max(0.0, now - self.last) * self.leak)
        self.last = now
        if self.level + 1 <= self.capacity:
            self.level += 1
            return True
        return False


@correct("thread-safe with a lock, as Xu's discussion of races suggests")
class Locked:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self._lock = threading.Lock()
        self._capacity = capacity
        self._rate = refill_rate
        self._clock = clock
        self._tokens = float(capacity)
        self._last = clock()

    def allow(self) -> bool:
        with self._lock:
            now = self._clock()
            if now > self._last:
                self._tokens = min(self._capacity, self._tokens + (now - self._last) * self._rate)
            self._last = max(self._last, now)
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False


@correct("__slots__ and an early return for the refusal")
class Slotted:
    __slots__ = ("capacity", "rate", "clock", "tokens", "last")

    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now >= self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@correct("try_consume(cost) with allow() as consume one")
class Consume:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.available = capacity
        self.timestamp = clock()

    def _refill(self):
        now = self.clock()
        delta = now - self.timestamp
        if delta > 0:
            self.available = min(self.capacity, self.available + delta * self.refill_rate)
        self.timestamp = now

    def try_consume(self, cost=1):
        self._refill()
        if self.available >= cost:
            self.available -= cost
            return True
        return False

    def allow(self):
        return self.try_consume(1)


@correct("state written only when a request is admitted: a refusal changes nothing")
class WriteOnSuccess:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        elapsed = max(0.0, now - self.last)
        tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        if tokens >= 1:
            self.tokens = tokens - 1
            self.last = max(now, self.last)
            return True
        return False


@correct("exact arithmetic with fractions.Fraction")
class Exact:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity = Fraction(capacity)
        self.rate = Fraction(refill_rate)
        self.clock = clock
        self.tokens = self.capacity
        self.last = Fraction(clock())

    def allow(self):
        now = Fraction(self.clock())
        if now > self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("tokens as a computed property, elapsed clamped at time-to-full")
class PropertyTokens:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self._tokens = float(capacity)
        self._since = clock()

    @property
    def tokens(self):
        elapsed = min(max(0.0, self.clock() - self._since), self.capacity / self.refill_rate)
        return min(self.capacity, self._tokens + elapsed * self.refill_rate)

    def allow(self):
        now = self.clock()
        current = self.tokens
        self._since = max(self._since, now)
        self._tokens = current
        if current >= 1:
            self._tokens = current - 1
            return True
        return False


@correct("an abstract RateLimiter base class and a TokenBucket subclass")
class AbcBucket:
    class RateLimiter(abc.ABC):
        @abc.abstractmethod
        def allow(self) -> bool: ...

    class _Impl(RateLimiter):
        def __init__(self, capacity, refill_rate, clock):
            self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
            self.tokens = capacity
            self.last = clock()

        def allow(self):
            now = self.clock()
            gained = (now - self.last) * self.refill_rate
            if gained > 0:
                self.tokens = min(self.capacity, self.tokens + gained)
            self.last = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False

    def __new__(cls, capacity, refill_rate, clock):
        return AbcBucket._Impl(capacity, refill_rate, clock)


@correct("a Clock Protocol for the type checker, time.monotonic by default")
class ProtocolClock:
    class Clock(Protocol):
        def __call__(self) -> float: ...

    def __init__(self, capacity: int, refill_rate: float, clock: Clock = time.monotonic) -> None:
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens: float = capacity
        self.last_refill: float = clock()

    def allow(self) -> bool:
        now = self.clock()
        elapsed = now - self.last_refill
        if elapsed < 0:
            elapsed = 0.0
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_rate)
        self.last_refill = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("an immutable NamedTuple state replaced on each call")
class NamedTupleState:
    class State(NamedTuple):
        tokens: float
        at: float

    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.state = self.State(float(capacity), clock())

    def allow(self):
        now = self.clock()
        tokens = min(self.capacity, self.state.tokens + max(0.0, now - self.state.at) * self.rate)
        ok = tokens >= 1
        self.state = self.State(tokens - 1 if ok else tokens, now)
        return ok


@correct("an explicit branch for a clock that went backwards: resynchronise, add nothing")
class ExplicitBackwards:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now < self.last:
            self.last = now  # clock went backwards: keep the tokens, restart the timer
        else:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)
            self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("integer tokens plus a separate float fraction")
class SplitFraction:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.whole, self.fraction = capacity, 0.0
        self.last = clock()

    def allow(self):
        now = self.clock()
        earned = max(0.0, now - self.last) * self.rate + self.fraction
        self.last = now
        whole = int(earned)
        self.fraction = earned - whole
        self.whole += whole
        if self.whole >= self.capacity:
            self.whole, self.fraction = self.capacity, 0.0
        if self.whole >= 1:
            self.whole -= 1
            return True
        return False


@correct("class-level defaults, instance state, a refill helper returning the new count")
class ClassDefaults:
    DEFAULT_CAPACITY = 10
    DEFAULT_RATE = 1.0

    def __init__(self, capacity=DEFAULT_CAPACITY, refill_rate=DEFAULT_RATE, clock=time.monotonic):
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens = float(capacity)
        self.last = clock()

    def _refilled(self, now):
        return min(self.capacity, self.tokens + max(0.0, now - self.last) * self.refill_rate)

    def allow(self):
        now = self.clock()
        self.tokens, self.last = self._refilled(now), now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("milliseconds internally: rate per ms, elapsed in ms")
class Milliseconds:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity = capacity
        self.per_ms = refill_rate / 1000.0
        self.clock = clock
        self.tokens = capacity
        self.last_ms = clock() * 1000.0

    def allow(self):
        now_ms = self.clock() * 1000.0
        if now_ms > self.last_ms:
            self.tokens = min(self.capacity, self.tokens + (now_ms - self.last_ms) * self.per_ms)
            self.last_ms = now_ms
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("a time-to-next-token view: store when the bucket will be full again")
class FullAt:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.seen = clock()
        self.full_at = self.seen  # full now

    def allow(self):
        now = max(self.clock(), self.seen)
        self.seen = now
        tokens = self.capacity - max(0.0, self.full_at - now) * self.rate
        if tokens >= 1 - 1e-9:
            self.full_at = max(self.full_at, now) + 1.0 / self.rate
            return True
        return False


@correct("@dataclass(slots=True) with a monotonic default factory")
@dataclass(slots=True)
class SlotsDataclass:
    capacity: int
    refill_rate: float
    clock: object = field(default=time.monotonic)
    _tokens: float = field(init=False, default=0.0)
    _last: float = field(init=False, default=0.0)

    def __post_init__(self):
        self._tokens = self.capacity
        self._last = self.clock()

    def allow(self):
        now = self.clock()
        self._tokens = min(self.capacity, self._tokens + max(now - self._last, 0) * self.refill_rate)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False


@correct("+= then clamp with an if, the way many tutorials write it")
class ClampWithIf:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens = capacity
        self.last_time = clock()

    def allow(self):
        current = self.clock()
        passed = current - self.last_time
        self.last_time = current
        if passed > 0:
            self.tokens += passed * self.refill_rate
        if self.tokens > self.capacity:
            self.tokens = self.capacity
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@correct("clock=None meaning time.monotonic, resolved in __init__")
class ClockNone:
    def __init__(self, capacity, refill_rate, clock=None):
        self.clock = clock or time.monotonic
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.tokens = capacity
        self.last = self.clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0, now - self.last) * self.refill_rate)
        self.last = now
        ok = self.tokens >= 1
        if ok:
            self.tokens -= 1
        return ok


@correct("keyword-only construction accepted positionally via a classmethod-free __init__, wait_time helper")
class WithWaitTime:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def _sync(self):
        now = self.clock()
        if now > self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)
            self.last = now

    def wait_time(self):
        self._sync()
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.refill_rate

    def allow(self):
        if self.wait_time() > 0:
            return False
        self.tokens -= 1
        return True


@correct("a per-client bucket registry where the default client is the bucket itself")
class PerClient:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.buckets = {}

    def allow(self, client="default"):
        now = self.clock()
        tokens, last = self.buckets.get(client, (float(self.capacity), now))
        tokens = min(self.capacity, tokens + max(0.0, now - last) * self.rate)
        if tokens >= 1:
            self.buckets[client] = (tokens - 1, max(now, last))
            return True
        self.buckets[client] = (tokens, max(now, last))
        return False


@correct("refill only when the bucket is not full, timestamp always moved")
class RefillWhenNotFull:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if self.tokens < self.capacity and now > self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("nanoseconds as integers from the injected clock")
class Nanoseconds:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last_ns = round(clock() * 1e9)

    def allow(self):
        now_ns = round(self.clock() * 1e9)
        if now_ns > self.last_ns:
            self.tokens = min(self.capacity, self.tokens + (now_ns - self.last_ns) * self.rate / 1e9)
            self.last_ns = now_ns
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("one expression: min and max on a single line, walrus for the decision")
class OneLiner:
    def __init__(self, capacity, refill_rate, clock):
        self.c, self.r, self.clock = capacity, refill_rate, clock
        self.t, self.ts = float(capacity), clock()

    def allow(self):
        now = self.clock()
        self.t, self.ts = min(self.c, self.t + max(0.0, now - self.ts) * self.r), now
        if ok := self.t >= 1:
            self.t -= 1
        return ok


@correct("a refill that never lets the timestamp go backwards (high-water mark)")
class HighWaterMark:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.high = clock()

    def allow(self):
        now = self.clock()
        if now > self.high:
            self.tokens = min(self.capacity, self.tokens + (now - self.high) * self.refill_rate)
            self.high = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("Hello Interview-style naming: max_tokens, tokens_per_second, last_refill_time")
class HelloInterviewNames:
    def __init__(self, max_tokens, tokens_per_second, clock=time.monotonic):
        self.max_tokens = max_tokens
        self.tokens_per_second = tokens_per_second
        self.get_time = clock
        self.current_tokens = max_tokens
        self.last_refill_time = clock()

    def _refill(self):
        now = self.get_time()
        elapsed = max(0.0, now - self.last_refill_time)
        self.current_tokens = min(self.max_tokens, self.current_tokens + elapsed * self.tokens_per_second)
        self.last_refill_time = now

    def allow(self):
        self._refill()
        if self.current_tokens >= 1:
            self.current_tokens -= 1
            return True
        return False


@correct("Grokking-style: refill() and consume() named methods, is_allowed() aliased to allow()")
class GrokkingNames:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens = capacity
        self.last_refill = clock()

    def refill(self):
        now = self.clock()
        tokens_to_add = (now - self.last_refill) * self.refill_rate
        if tokens_to_add > 0:
            self.tokens = min(self.capacity, self.tokens + tokens_to_add)
        self.last_refill = max(self.last_refill, now)

    def consume(self):
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def is_allowed(self):
        self.refill()
        return self.consume()

    allow = is_allowed


@correct("a closure-based bucket: a factory returning an object with allow")
def ClosureBucket(capacity, refill_rate, clock):  # the learner's factory, named like the class
    state = {"tokens": float(capacity), "last": clock()}

    def allow():
        now = clock()
        state["tokens"] = min(capacity, state["tokens"] + max(0.0, now - state["last"]) * refill_rate)
        state["last"] = now
        if state["tokens"] >= 1:
            state["tokens"] -= 1
            return True
        return False

    return type("Bucket", (), {"allow": staticmethod(allow)})()



@correct("monotonic by default, float(capacity), and a debug __repr__")
class WithRepr:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens = float(capacity)
        self.updated = clock()

    def __repr__(self):
        return f"TokenBucket(tokens={self.tokens:.2f}/{self.capacity}, rate={self.refill_rate}/s)"

    def allow(self):
        now = self.clock()
        delta = now - self.updated
        self.updated = now
        self.tokens = min(self.capacity, self.tokens + (delta if delta > 0 else 0) * self.refill_rate)
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


@correct("GCRA with an emission interval and a burst offset, written the redis-cell way")
class GcraRedisCell:
    def __init__(self, capacity, refill_rate, clock):
        self.emission = 1.0 / refill_rate
        self.burst_offset = self.emission * capacity
        self.clock = clock
        self.latest = clock()
        self.tat = self.latest

    def allow(self):
        now = self.clock()
        if now < self.latest:
            now = self.latest
        self.latest = now
        new_tat = max(self.tat, now) + self.emission
        allow_at = new_tat - self.burst_offset
        if now - allow_at >= -1e-9 * self.emission:
            self.tat = new_tat
            return True
        return False


@correct("tokens kept as a capped float via max(min(...)) and elapsed from a stored float")
class MaxMin:
    def __init__(self, capacity, refill_rate, clock):
        self.cap = capacity
        self.rate = refill_rate
        self.clock = clock
        self.level = float(capacity)
        self.t = clock()

    def allow(self):
        t = self.clock()
        self.level = max(0.0, min(self.cap, self.level + max(0.0, t - self.t) * self.rate))
        self.t = t
        if self.level >= 1:
            self.level -= 1
            return True
        return False


@correct("refill computed with divmod on whole-token intervals (interval = 1 / rate)")
class DivmodIntervals:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity = capacity
        self.interval = 1.0 / refill_rate
        self.clock = clock
        self.tokens = capacity
        self.mark = clock()

    def allow(self):
        now = self.clock()
        if now > self.mark:
            earned, rest = divmod(now - self.mark, self.interval)
            if self.tokens + earned >= self.capacity:
                self.tokens, self.mark = self.capacity, now
            else:
                self.tokens += int(earned)
                self.mark = now - rest
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("a context-free functional core: refill(state, now) -> state, used by the class")
class FunctionalCore:
    @staticmethod
    def refill(tokens, last, now, capacity, rate):
        if now <= last:
            return tokens, last
        return min(capacity, tokens + (now - last) * rate), now

    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens, self.last = float(capacity), clock()

    def allow(self):
        self.tokens, self.last = self.refill(self.tokens, self.last, self.clock(), self.capacity, self.rate)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@correct("perf_counter default, a conditional expression for the elapsed time")
class PerfCounter:
    def __init__(self, capacity, refill_rate, clock=time.perf_counter):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self._tokens = float(capacity)
        self._last = clock()

    def allow(self):
        now = self.clock()
        elapsed = now - self._last if now > self._last else 0.0
        self._last = now
        self._tokens = min(float(self.capacity), self._tokens + elapsed * self.refill_rate)
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False


@correct("a _now() helper that never goes backwards, the state as a two-item list")
class ListState:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self._t = clock()
        self.state = [float(capacity), self._t]

    def _now(self):
        self._t = max(self._t, self.clock())
        return self._t

    def allow(self):
        now = self._now()
        tokens, stamp = self.state
        tokens = min(self.capacity, tokens + (now - stamp) * self.rate)
        allowed = tokens >= 1
        self.state = [tokens - allowed, now]
        return allowed


@correct("refill amount per interval (tokens every interval seconds), refilled continuously")
class PerInterval:
    def __init__(self, capacity, refill_rate, clock, interval=1.0):
        self.capacity = capacity
        self.refill_amount = refill_rate * interval
        self.refill_interval = interval
        self.clock = clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now > self.last:
            intervals = (now - self.last) / self.refill_interval
            self.tokens = min(self.capacity, self.tokens + intervals * self.refill_amount)
            self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


# -- wrong -------------------------------------------------------------------------------------------


@wrong("starts empty: tokens = 0 in __init__", loses="a new bucket admits `capacity` at once, then refuses")
class StartsEmpty:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = 0.0
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("checks tokens >= 0 after taking: one request more than the capacity", loses="a new bucket admits `capacity` at once, then refuses")
class OneTooMany:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 0:
            self.tokens -= 1
            return True
        return False


@wrong("capacity and refill rate swapped in __init__", loses="a new bucket admits `capacity` at once, then refuses")
class SwappedArguments:
    def __init__(self, refill_rate, capacity, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("returns 1 and 0, C style", loses="allow() returns True or False")
class ReturnsInt:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 1
        return 0


@wrong("returns the remaining token count (truthy) instead of a bool", loses="allow() returns True or False")
class ReturnsRemaining:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return self.tokens + 1
        return None


@wrong("int() of the refill while moving the timestamp: fractions lost for good", loses="refills refill_rate x elapsed, fractions included")
class TruncatedRefill:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + int(max(0.0, now - self.last) * self.rate))
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("round() of the refill", loses="refills refill_rate x elapsed, fractions included")
class RoundedRefill:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + round(max(0.0, now - self.last) * self.rate))
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("refill_rate read as seconds per token (elapsed / rate)", loses="one token returns after 1/refill_rate seconds")
class RateInverted:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) / self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("ignores the injected clock and reads time.monotonic()", loses="one token returns after 1/refill_rate seconds")
class RealClock:
    def __init__(self, capacity, refill_rate, clock=None):
        self.capacity, self.rate = capacity, refill_rate
        self.tokens = capacity
        self.last = time.monotonic()

    def allow(self):
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("a sliding log: tokens come back only when a whole window has passed", loses="one token returns after 1/refill_rate seconds")
class SlidingLog:
    def __init__(self, capacity, refill_rate, clock):
        self.limit, self.window, self.clock = capacity, capacity / refill_rate, clock
        self.log = []

    def allow(self):
        now = self.clock()
        self.log = [t for t in self.log if now - t < self.window]
        if len(self.log) < self.limit:
            self.log.append(now)
            return True
        return False


@wrong("a fixed-window counter (Xu's first algorithm) offered as a token bucket", loses="never admits more than capacity + rate x elapsed")
class FixedWindow:
    def __init__(self, capacity, refill_rate, clock):
        self.limit, self.window, self.clock = capacity, capacity / refill_rate, clock
        self.current, self.count = None, 0

    def allow(self):
        index = int(self.clock() // self.window)
        if index != self.current:
            self.current, self.count = index, 0
        if self.count < self.limit:
            self.count += 1
            return True
        return False


@wrong("no min(): bursts grow with idle time", loses="never refills past capacity")
class NoCap:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens += max(0.0, now - self.last) * self.rate
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("caps before adding: min(capacity, tokens) + refill", loses="never refills past capacity")
class CapsBeforeAdding:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens) + max(0.0, now - self.last) * self.rate
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("caps at capacity + 1 ('one spare token')", loses="never refills past capacity")
class CapPlusOne:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity + 1, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("admits on any fraction of a token (tokens > 0)", loses="never admits more than capacity + rate x elapsed")
class AdmitsOnFraction:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens > 0:
            self.tokens -= 1
            return True
        return False


@wrong("math.ceil when checking for a token", loses="never admits more than capacity + rate x elapsed")
class CeilCheck:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if math.ceil(self.tokens) >= 1:
            self.tokens = max(0.0, self.tokens - 1)
            return True
        return False


@wrong("forgets to move the timestamp: every call adds all the time since creation again", loses="never admits more than capacity + rate x elapsed")
class NeverMovesTimestamp:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("stores the refilled tokens on a refusal but moves the timestamp only on success", loses="never admits more than capacity + rate x elapsed")
class TimestampOnlyOnSuccess:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        if self.tokens >= 1:
            self.tokens -= 1
            self.last = now
            return True
        return False


@wrong("refills by refill_rate on every call, whatever the time", loses="refills refill_rate x elapsed, fractions included")
class RefillPerCall:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now > self.last:
            self.tokens = min(self.capacity, self.tokens + self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("refills only on whole-second ticks of the clock (int(now))", loses="refills refill_rate x elapsed, fractions included")
class WholeSecondTicks:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.second = int(clock())

    def allow(self):
        second = int(self.clock())
        if second > self.second:
            self.tokens = min(self.capacity, self.tokens + (second - self.second) * self.rate)
            self.second = second
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("takes the token first and gives back nothing when short: a fraction is lost", loses="refills refill_rate x elapsed, fractions included")
class TakesFirst:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        self.tokens -= 1
        if self.tokens < 0:
            self.tokens = 0.0
            return False
        return True


@wrong("a refused request still takes a token (the bucket goes into debt)", loses="refills refill_rate x elapsed, fractions included")
class Debt:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        self.tokens -= 1
        return self.tokens >= 0


@wrong("abs(now - last): a clock stepping back adds tokens", loses="a clock stepping back adds no tokens, and the bucket recovers")
class AbsElapsed:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + abs(now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("a backwards step 'resets' the bucket to full", loses="a clock stepping back adds no tokens, and the bucket recovers")
class ResetsOnBackwards:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now < self.last:
            self.tokens = self.capacity
        else:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("raises when the clock goes backwards", loses="a clock stepping back adds no tokens, and the bucket recovers")
class RaisesOnBackwards:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now < self.last:
            raise RuntimeError("clock went backwards")
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("a negative elapsed time is added: a backwards step throws tokens away", loses="a clock stepping back keeps the tokens held")
class NegativeElapsed:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("empties the bucket when the clock steps back ('be safe')", loses="a clock stepping back keeps the tokens held")
class EmptiesOnBackwards:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now < self.last:
            self.tokens = 0
        else:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("refuses everything while the clock reads earlier than the last request", loses="a clock stepping back keeps the tokens held")
class RefusesWhileBehind:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now < self.last:
            return False
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("GCRA without clamping the clock: a step back makes the arrival time look far ahead", loses="a clock stepping back keeps the tokens held")
class GcraUnclamped:
    def __init__(self, capacity, refill_rate, clock):
        self.interval = 1.0 / refill_rate
        self.tolerance = (capacity - 1) * self.interval
        self.clock = clock
        self.tat = clock()

    def allow(self):
        now = self.clock()
        tat = max(self.tat, now)
        if tat - now <= self.tolerance + 1e-9 * self.interval:
            self.tat = tat + self.interval
            return True
        return False


@wrong("Stack Overflow's allowance algorithm as posted: time_passed may be negative", loses="a clock stepping back keeps the tokens held")
class AllowanceUnclamped:
    def __init__(self, capacity, refill_rate, clock):
        self.rate = float(capacity)
        self.per = capacity / refill_rate
        self.clock = clock
        self.allowance = self.rate
        self.last_check = clock()

    def allow(self):
        current = self.clock()
        time_passed = current - self.last_check
        self.last_check = current
        self.allowance += time_passed * (self.rate / self.per)
        if self.allowance > self.rate:
            self.allowance = self.rate
        if self.allowance < 1.0:
            return False
        self.allowance -= 1.0
        return True


@wrong("a leaky-bucket meter whose level rises when the clock steps back", loses="a clock stepping back keeps the tokens held")
class LeakyMeterUnclamped:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.leak, self.clock = capacity, refill_rate, clock
        self.level = 0.0
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.level = max(0.0, self.level - (now - self.last) * self.leak)
        self.last = now
        if self.level + 1 <= self.capacity:
            self.level += 1
            return True
        return False


@wrong("elapsed milliseconds kept in a 32-bit int, as in a Java port: long gaps wrap negative", loses="survives very long idle gaps")
class Int32Millis:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        elapsed_ms = ctypes.c_int32(int(max(0.0, now - self.last) * 1000)).value
        self.tokens = max(0.0, min(self.capacity, self.tokens + elapsed_ms / 1000 * self.rate))
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("a leaking bucket queue: requests drain at the rate, no burst", loses="a new bucket admits `capacity` at once, then refuses")
class LeakingQueue:
    def __init__(self, capacity, refill_rate, clock):
        self.interval, self.clock = 1.0 / refill_rate, clock
        self.next_free = clock()

    def allow(self):
        now = self.clock()
        if now >= self.next_free:
            self.next_free = max(self.next_free, now) + self.interval
            return True
        return False


@wrong("the tokens live in a class attribute: every bucket shares one balance", loses="a new bucket admits `capacity` at once, then refuses")
class SharedClassTokens:
    tokens = None

    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        if SharedClassTokens.tokens is None:
            SharedClassTokens.tokens = float(capacity)
        self.last = clock()

    def allow(self):
        now = self.clock()
        SharedClassTokens.tokens = min(
            self.capacity, SharedClassTokens.tokens + max(0.0, now - self.last) * self.rate
        )
        self.last = now
        if SharedClassTokens.tokens >= 1:
            SharedClassTokens.tokens -= 1
            return True
        return False


@wrong("a dataclass whose tokens field defaults to 0 and is never filled", loses="a new bucket admits `capacity` at once, then refuses")
@dataclass
class DataclassEmpty:
    capacity: int
    refill_rate: float
    clock: object
    tokens: float = 0.0
    last: float = field(default=0.0)

    def __post_init__(self):
        self.last = self.clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.refill_rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("integer division of the elapsed time by the interval, timestamp moved to now", loses="refills refill_rate x elapsed, fractions included")
class FloorDivRefill:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.interval, self.clock = capacity, 1.0 / refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) // self.interval)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("capacity - 1 as the cap (off by one)", loses="never refills past capacity")
class CapMinusOne:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        if now > self.last:
            self.tokens = min(self.capacity - 1, self.tokens + (now - self.last) * self.rate)
        self.last = max(self.last, now)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("per-client buckets in a shared dict: refusals still move the client's clock, tokens not saved", loses="refills refill_rate x elapsed, fractions included")
class PerClientLosesRefill:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.buckets = {}

    def allow(self, client="default"):
        now = self.clock()
        tokens, last = self.buckets.get(client, (float(self.capacity), now))
        tokens = min(self.capacity, tokens + max(0.0, now - last) * self.rate)
        if tokens >= 1:
            self.buckets[client] = (tokens - 1, now)
            return True
        self.buckets[client] = (math.floor(tokens), now)
        return False


@wrong("max() where min() belongs: the bucket never drops below its capacity", loses="a new bucket admits `capacity` at once, then refuses")
class MaxInsteadOfMin:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = max(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@wrong("counts from creation: min(capacity, capacity + rate x total time - used)", loses="never refills past capacity")
class CountsFromCreation:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.start = clock()
        self.used = 0

    def allow(self):
        elapsed = max(0.0, self.clock() - self.start)
        if min(self.capacity, self.capacity + elapsed * self.rate - self.used) >= 1:
            self.used += 1
            return True
        return False


@wrong("returns 'allowed' / 'denied' strings", loses="allow() returns True or False")
class ReturnsStrings:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return "allowed"
        return "denied"


@wrong("moves the timestamp before computing the elapsed time: it is always 0", loses="one token returns after 1/refill_rate seconds")
class TimestampFirst:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self):
        self.last = self.clock()
        elapsed = max(0.0, self.clock() - self.last)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False
