"""Checkers of module 6 (autograder.sketches): correct sketches pass, realistic bugs fail.

Each buggy variant is a mistake people make when writing these sketches on a
whiteboard; the test names the findings it must fail and a phrase its message must
contain, so a checker that stops noticing a bug, or blames the wrong thing, fails here.
"""

from __future__ import annotations

import bisect
import hashlib
import string
import time
import zlib

import pytest

from autograder import Missing
from autograder.sketches import FakeClock, check_base62, check_hash_ring, check_token_bucket

ALPHABET = string.digits + string.ascii_lowercase + string.ascii_uppercase


def failed(report) -> dict[str, str]:
    return {f.check: f.message for f in report.findings if not f.passed}


def assert_fails_exactly(report, expected: dict[str, str]) -> None:
    """The report fails exactly the checks in ``expected``, each message holding its phrase."""
    got = failed(report)
    assert set(got) == set(expected), report.to_text()
    for check, phrase in expected.items():
        assert phrase in got[check], (check, got[check])


# ---------------------------------------------------------------------------- base62 --


def encode(n):
    if not isinstance(n, int) or n < 0:
        raise ValueError("n must be a non-negative int")
    if n == 0:
        return ALPHABET[0]
    digits = []
    while n:
        n, r = divmod(n, 62)
        digits.append(ALPHABET[r])
    return "".join(reversed(digits))


def decode(code):
    if not code:
        raise ValueError("empty code")
    value = 0
    for ch in code:
        value = value * 62 + ALPHABET.index(ch)  # str.index raises ValueError
    return value


UPPER_FIRST = string.digits + string.ascii_uppercase + string.ascii_lowercase
INDEX = {ch: i for i, ch in enumerate(UPPER_FIRST)}


def encode_recursive(n):
    if n < 0:
        raise ValueError(n)
    q, r = divmod(n, 62)
    return (encode_recursive(q) if q else "") + UPPER_FIRST[r]


def decode_dict(code):
    if code == "" or any(ch not in INDEX for ch in code):
        raise ValueError(f"not a base62 code: {code!r}")
    value = 0
    for ch in code:
        value = value * 62 + INDEX[ch]
    return value


def decode_int_builtin(code):  # int() reads base 36 only; a loop still needed, but via str.find + check
    if not code:
        raise ValueError("empty")
    total = 0
    for ch in code:
        i = ALPHABET.find(ch)
        if i < 0 or not ch.isascii():
            raise ValueError(ch)
        total = total * 62 + i
    return total


def encode_no_zero(n):  # the System Design Primer's pseudocode, made valid Python: no zero case
    if n < 0:
        raise ValueError(n)
    out = ""
    while n > 0:
        out = ALPHABET[n % 62] + out
        n //= 62
    return out


def encode_float(n):
    if n < 0:
        raise ValueError(n)
    if n == 0:
        return "0"
    out = ""
    while n > 0:
        out = ALPHABET[int(n % 62)] + out
        n = int(n / 62)  # float division: wrong above 2**53
    return out


def decode_reversed(code):
    if not code:
        raise ValueError("empty")
    return sum(ALPHABET.index(ch) * 62**i for i, ch in enumerate(code))


def decode_find(code):
    if not code:
        raise ValueError("empty")
    value = 0
    for ch in code:
        value = value * 62 + ALPHABET.find(ch)  # -1 for a bad character, silently
    return value


def encode_loops_on_negative(n):
    if n == 0:
        return "0"
    out = ""
    while n != 0:  # never ends for n < 0: n // 62 stays -1
        n, r = divmod(n, 62)
        out = ALPHABET[r] + out
    return out


def decode_isdigit(code):  # str methods accept Unicode digits: '\u0663'.isdigit() and int('\u0663') == 3
    if not code:
        raise ValueError("empty")
    value = 0
    for ch in code:
        if ch.isdigit():
            digit = int(ch)
        elif ch in ALPHABET:
            digit = ALPHABET.index(ch)
        else:
            raise ValueError(ch)
        value = value * 62 + digit
    return value


def decode_empty_is_zero(code):
    value = 0
    for ch in code:
        value = value * 62 + ALPHABET.index(ch)
    return value


BASE64URL = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


def encode_base64url(n):
    if n < 0:
        raise ValueError(n)
    out = BASE64URL[n % 64]
    n //= 64
    while n:
        out = BASE64URL[n % 64] + out
        n //= 64
    return out


def decode_base64url(code):
    if not code:
        raise ValueError("empty")
    value = 0
    for ch in code:
        value = value * 64 + BASE64URL.index(ch)
    return value


def encode_padded(n):  # fixed 7-character codes, as a short-URL service might store them
    return encode(n).rjust(7, "0")


def decode_float(code):
    return float(decode(code))


def encode_returns_none_for_big(n):
    return encode(n) if n < 2**64 else None


@pytest.mark.parametrize(
    "pair",
    [(encode, decode), (encode_recursive, decode_dict), (encode, decode_int_builtin)],
    ids=["divmod-index", "recursive-upper-first-alphabet", "find-with-check"],
)
@pytest.mark.parametrize("scope", ["visible", "hidden"])
def test_base62_correct_variants_get_full_credit(pair, scope):
    report = check_base62(*pair, scope=scope)
    assert report.score == 1.0, report.to_text()


BASE62_BUGS = {
    "no-zero-case": (
        encode_no_zero,
        decode,
        {"encode(0) is one character": "never runs for 0"},
    ),
    "float-division": (
        encode_float,
        decode,
        {"round trip for every non-negative integer, incl. huge ones": "float division"},  # decode is right
    ),
    "decode-reads-backwards": (
        encode,
        decode_reversed,
        {
            "small numbers round-trip": "in the order encode writes them",
            "round trip for every non-negative integer, incl. huge ones": "in the order encode writes them",
            "decode reads every code encode can produce": "decode must turn every code",
        },
    ),
    "decode-find-no-check": (
        encode,
        decode_find,
        {
            "negative numbers and malformed codes raise ValueError": "should raise ValueError",
            "decode rejects non-ASCII look-alike characters": "returned -1",
        },
    ),
    "encode-loops-on-negative": (
        encode_loops_on_negative,
        decode,
        {
            "encode(-1) and decode('') raise ValueError": "encode(-1) did not return within 1.5 s",
            "negative numbers and malformed codes raise ValueError": "encode(-2) did not return within 1.5 s",
        },
    ),
    "empty-decodes-to-zero": (
        encode,
        decode_empty_is_zero,
        {"encode(-1) and decode('') raise ValueError": "decode('') returned 0"},
    ),
    "isdigit-accepts-unicode-digits": (
        encode,
        decode_isdigit,
        {"decode rejects non-ASCII look-alike characters": "decode('\u0663') returned 3"},
    ),
    "base64url-alphabet": (
        encode_base64url,
        decode_base64url,
        {
            "digits are positional base 62": "62 is written with two digits",
            "62 distinct ASCII letters and digits": "characters outside your 62 digits",
            "shortest code: no leading zeros": "base 62 needs exactly",
            "decode reads every code encode can produce": "decode must turn every code",
            "negative numbers and malformed codes raise ValueError": "decode('abc-def') returned",  # '-' is a digit
        },
    ),
    "padded-to-7": (
        encode_padded,
        decode,
        {
            "encode(0) is one character": "single character",
            "digits are positional base 62": "62 is written with two digits",
            "62 distinct ASCII letters and digits": "each number 0..61 is one base-62 digit",
            "shortest code: no leading zeros": "no leading zero digits",
            "decode reads every code encode can produce": "could not read your alphabet",
        },
    ),
    "decode-returns-float": (
        encode,
        decode_float,
        {  # a float cannot hold large codes exactly
            "encode returns a str, decode an int": "(float); return an int",
            "round trip for every non-negative integer, incl. huge ones": "decode returned a float",
            "decode reads every code encode can produce": "decode must turn every code",
        },
    ),
    "none-for-huge": (
        encode_returns_none_for_big,
        decode,
        {
            "encode returns a str, decode an int": "encode(1180591620717411303424) returned None",
            "round trip for every non-negative integer, incl. huge ones": "decode(None) raised",
            "shortest code: no leading zeros": "returned None",
        },
    ),
}


def _params(names, waits: set[str]):
    """Test ids; those that wait out the checker's time budget (seconds of wall clock) are slow."""
    assert waits <= set(names), waits - set(names)
    return [pytest.param(n, marks=pytest.mark.slow) if n in waits else n for n in names]


@pytest.mark.parametrize("name", _params(BASE62_BUGS, {"encode-loops-on-negative"}))
def test_base62_bugs_fail_the_findings_they_break(name):
    enc, dec, expected = BASE62_BUGS[name]
    report = check_base62(enc, dec, scope="hidden")
    assert_fails_exactly(report, expected)
    assert 0 <= report.score < 1


@pytest.mark.slow  # waits out the checker's time budget
def test_base62_examples_catch_the_zero_case_and_negative_loop():
    assert "encode(0) is one character" in failed(check_base62(encode_no_zero, decode))
    report = check_base62(encode_loops_on_negative, decode)
    assert list(failed(report)) == ["encode(-1) and decode('') raise ValueError"]
    assert "did not return within" in failed(report)["encode(-1) and decode('') raise ValueError"]


# ------------------------------------------------------------------------ token bucket --


class TokenBucket:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def allow(self) -> bool:
        now = self.clock()
        elapsed = max(0.0, now - self.last)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketKeepsHighWaterMark(TokenBucket):
    """Ignores a backwards step entirely: refills only once the clock passes its old maximum."""

    def allow(self) -> bool:
        now = self.clock()
        if now > self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)
            self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketLazyStart:
    """Reads the clock only on the first request; counts whole tokens and a remainder."""

    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.stamp = None

    def allow(self):
        now = self.clock()
        if self.stamp is None:
            self.stamp = now
        if now > self.stamp:
            whole = int((now - self.stamp) * self.rate)
            if self.tokens + whole >= self.capacity:
                self.tokens, self.stamp = self.capacity, now
            elif whole:
                self.tokens += whole
                self.stamp += whole / self.rate
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketPastCapacity(TokenBucket):
    def allow(self):
        now = self.clock()
        self.tokens += max(0.0, now - self.last) * self.refill_rate  # no min(): bursts grow with idle time
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketTruncatesRefill(TokenBucket):
    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + int(max(0.0, now - self.last) * self.refill_rate))
        self.last = now  # the fraction thrown away is lost for good
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketAdmitsOnFraction(TokenBucket):
    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.refill_rate)
        self.last = now
        if self.tokens > 0:  # a fraction of a token is enough: admits early
            self.tokens -= 1
            return True
        return False


class BucketAbsElapsed(TokenBucket):
    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + abs(now - self.last) * self.refill_rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketNegativeElapsed(TokenBucket):
    def allow(self):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)  # < 0 going back
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketAssertsMonotonic(TokenBucket):
    def allow(self):
        now = self.clock()
        if now < self.last:
            raise RuntimeError("clock went backwards")
        return super().allow()


class BucketRefillLoop(TokenBucket):
    def allow(self):
        now = self.clock()
        while self.last + 1 <= now:  # one refill per elapsed second: forever after a long gap
            self.tokens = min(self.capacity, self.tokens + self.refill_rate)
            self.last += 1
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class BucketStartsEmpty(TokenBucket):
    def __init__(self, capacity, refill_rate, clock):
        super().__init__(capacity, refill_rate, clock)
        self.tokens = 0.0


class BucketReturnsInt(TokenBucket):
    def allow(self):
        return int(super().allow())


class FixedWindow:
    """A fixed-window counter passed off as a token bucket: edge bursts of ~2x."""

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


@pytest.mark.parametrize("cls", [TokenBucket, BucketKeepsHighWaterMark, BucketLazyStart])
@pytest.mark.parametrize("scope", ["visible", "hidden"])
def test_token_bucket_correct_variants_get_full_credit(cls, scope):
    report = check_token_bucket(cls, scope=scope)
    assert report.score == 1.0, report.to_text()


BUCKET_BUGS = {
    "refills-past-capacity": (
        BucketPastCapacity,
        {
            "never refills past capacity": "min(capacity, ...)",
            "never admits more than capacity + rate x elapsed": "cap tokens at the capacity",
            "survives very long idle gaps": "expected 4 (a full bucket)",
            "a clock stepping back adds no tokens, and the bucket recovers": "",
        },
    ),
    "truncates-refill": (
        BucketTruncatesRefill,
        {"refills refill_rate x elapsed, fractions included": "fractional"},
    ),
    "admits-on-a-fraction": (
        BucketAdmitsOnFraction,
        {
            "refills refill_rate x elapsed, fractions included": "",
            "never admits more than capacity + rate x elapsed": "tokens >= 1",
            "a clock stepping back adds no tokens, and the bucket recovers": "",
        },
    ),
    "abs-elapsed": (
        BucketAbsElapsed,
        {"a clock stepping back adds no tokens, and the bucket recovers": "must add no tokens"},
    ),
    "negative-elapsed-takes-tokens": (
        BucketNegativeElapsed,
        {"a clock stepping back keeps the tokens held": "expected 3 (the tokens it still held)"},
    ),
    "asserts-monotonic": (
        BucketAssertsMonotonic,
        {
            "a clock stepping back adds no tokens, and the bucket recovers": "raised RuntimeError",
            "a clock stepping back keeps the tokens held": "raised RuntimeError",
        },
    ),
    "refill-loop": (  # whole-second ticks also refill late, then in lumps
        BucketRefillLoop,
        {
            "one token returns after 1/refill_rate seconds": "admitted 0 request(s), expected 1",
            "refills refill_rate x elapsed, fractions included": "admitted 0, expected 1",
            "never admits more than capacity + rate x elapsed": "more than capacity + refill_rate x elapsed",
            "survives very long idle gaps": "did not return within",
        },
    ),
    "starts-empty": (
        BucketStartsEmpty,
        {"a new bucket admits `capacity` at once, then refuses": "starts empty"},
    ),
    "returns-int": (BucketReturnsInt, {"allow() returns True or False": "returned 1 (int)"}),
    "fixed-window": (
        FixedWindow,
        {
            "one token returns after 1/refill_rate seconds": "",
            "refills refill_rate x elapsed, fractions included": "",
            "never admits more than capacity + rate x elapsed": "more than capacity + refill_rate x elapsed",
            "survives very long idle gaps": "",
            "a clock stepping back adds no tokens, and the bucket recovers": "",
        },
    ),
}


@pytest.mark.parametrize("name", _params(BUCKET_BUGS, {"refill-loop"}))
def test_token_bucket_bugs_fail_the_findings_they_break(name):
    cls, expected = BUCKET_BUGS[name]
    report = check_token_bucket(cls, scope="hidden")
    assert_fails_exactly(report, expected)


def test_fake_clock_moves_only_when_told():
    clock = FakeClock(5.0)
    assert clock() == 5.0
    clock.advance(2.5)
    assert clock() == 7.5


# ----------------------------------------------------------------------- hash ring --


def md5_hash(text: str) -> int:
    return int.from_bytes(hashlib.md5(text.encode()).digest()[:8], "big")


class HashRing:
    def __init__(self, nodes=(), vnodes=100):
        self.vnodes = vnodes
        self.points: list[tuple[int, str]] = []
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (md5_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect(self.points, (md5_hash(key),))
        return self.points[i % len(self.points)][1]


class RingLinearScan:
    """sha1, a dict of point -> node, and a scan of the sorted points: slow but right."""

    def __init__(self, nodes, vnodes=100):
        self.vnodes, self.owner = vnodes, {}
        for node in nodes:
            self.add_node(node)

    def _h(self, text):
        return int(hashlib.sha1(text.encode()).hexdigest(), 16)

    def add_node(self, node):
        for i in range(self.vnodes):
            self.owner[self._h(f"{node}-{i}")] = node
        self.sorted = sorted(self.owner)

    def remove_node(self, node):
        self.owner = {p: n for p, n in self.owner.items() if n != node}
        self.sorted = sorted(self.owner)

    def node_for(self, key):
        h = self._h(key)
        for point in self.sorted:
            if point >= h:
                return self.owner[point]
        return self.owner[self.sorted[0]]


class RingCrc32(HashRing):
    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (zlib.crc32(f"{i}:{node}".encode()), node))

    def node_for(self, key):
        i = bisect.bisect(self.points, (zlib.crc32(key.encode()),))
        return self.points[i % len(self.points)][1]


class ModuloRing:
    def __init__(self, nodes, vnodes=100):
        self.nodes = list(nodes)

    def add_node(self, node):
        self.nodes.append(node)

    def remove_node(self, node):
        self.nodes.remove(node)

    def node_for(self, key):
        return self.nodes[md5_hash(key) % len(self.nodes)]


class RingSameReplicaPoint(HashRing):
    def add_node(self, node):
        for _ in range(self.vnodes):  # every replica hashes the same label: one point, repeated
            bisect.insort(self.points, (md5_hash(node), node))


class RingNoWrap(HashRing):
    def node_for(self, key):
        return self.points[bisect.bisect(self.points, (md5_hash(key),))][1]


class RingClampsToLast(HashRing):
    def node_for(self, key):
        i = bisect.bisect(self.points, (md5_hash(key),))
        return self.points[min(i, len(self.points) - 1)][1]  # past the end: the last point, not the first


class RingPythonHash(HashRing):
    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (hash(f"{node}#{i}"), node))

    def node_for(self, key):
        i = bisect.bisect(self.points, (hash(key),))
        return self.points[i % len(self.points)][1]


class RingRemovesOnePoint(HashRing):
    def remove_node(self, node):
        for i, point in enumerate(self.points):
            if point[1] == node:
                del self.points[i]  # only the first virtual node goes
                return


class RingForgetsToSort(HashRing):
    def add_node(self, node):
        for i in range(self.vnodes):
            self.points.append((md5_hash(f"{node}#{i}"), node))

    def __init__(self, nodes=(), vnodes=100):
        super().__init__(nodes, vnodes)
        self.points.sort()


@pytest.mark.parametrize("cls", [HashRing, RingLinearScan, RingCrc32])
@pytest.mark.parametrize("scope", ["visible", "hidden"])
def test_hash_ring_correct_variants_get_full_credit(cls, scope):
    report = check_hash_ring(cls, scope=scope)
    assert report.score == 1.0, report.to_text()


RING_BUGS = {
    "modulo-hashing": (
        ModuloRing,
        {
            "adding a node to a small ring moves keys only to it": "Modulo hashing",
            "for generated rings, adding a node moves keys only to it": "Modulo hashing",
            "removing a node moves only its keys": "removing '",
            "adding 1 node to 10 moves about K/N keys": "Modulo hashing",
        },
    ),
    "replicas-on-one-point": (
        RingSameReplicaPoint,
        {  # in effect one point per node: what moves is luck
            "adding 1 node to 10 moves about K/N keys": "moved 134 of 3000 keys",
            "virtual nodes keep every load within 0.5x-1.5x of fair": "hash a distinct label per replica",
        },
    ),
    "no-wrap-around": (
        RingNoWrap,
        {  # every check meets a key past the last point
            "node_for returns one of the ring's nodes, consistently": "wrap the index around",
            "adding a node to a small ring moves keys only to it": "raised IndexError",
            "for generated rings, adding a node moves keys only to it": "raised IndexError",
            "removing a node moves only its keys": "raised IndexError",
            "adding 1 node to 10 moves about K/N keys": "raised IndexError",
            "virtual nodes keep every load within 0.5x-1.5x of fair": "raised IndexError",
            "lookups past the last point wrap around to the first": "wrap the index around",
            "keys land on the same nodes in another process": "raised IndexError",
        },
    ),
    "past-the-end-goes-to-last-node": (
        RingClampsToLast,
        {"lookups past the last point wrap around to the first": "past your last point go to the wrong node"},
    ),
    "python-hash": (
        RingPythonHash,
        {"keys land on the same nodes in another process": "PYTHONHASHSEED"},
    ),
    "remove-drops-one-point": (
        RingRemovesOnePoint,
        {"removing a node moves only its keys": "which is not one of its nodes"},
    ),
    "forgets-to-sort-on-add": (
        RingForgetsToSort,
        {
            "for generated rings, adding a node moves keys only to it": "only keys that now fall on the new node's points may move",
            "removing a node moves only its keys": "adding it back changed",
        },
    ),
}


@pytest.mark.parametrize("name", list(RING_BUGS))
def test_hash_ring_bugs_fail_the_findings_they_break(name):
    cls, expected = RING_BUGS[name]
    report = check_hash_ring(cls, scope="hidden")
    assert_fails_exactly(report, expected)


# ------------------------------------------------------ bad learner input, in general --


@pytest.mark.parametrize(
    ("check", "args"),
    [
        (check_base62, (Missing("encode"), decode)),
        (check_base62, (encode, None)),
        (check_base62, ("encode", decode)),
        (check_token_bucket, (Missing("TokenBucket"),)),
        (check_token_bucket, (42,)),
        (check_hash_ring, (None,)),
    ],
)
def test_missing_or_non_callable_answers_give_one_clear_finding(check, args):
    report = check(*args, scope="hidden")
    assert report.score == 0 and len(report.findings) == 1
    assert "`" in report.findings[0].message


def test_a_constructor_with_the_wrong_signature_is_a_finding():
    class Bucket:
        def __init__(self, capacity):
            pass

    report = check_token_bucket(Bucket, scope="hidden")
    assert report.score == 0
    assert "raised TypeError" in report.findings[0].message


def test_a_class_without_the_method_is_a_finding():
    class Ring:
        def __init__(self, nodes, vnodes):
            pass

    report = check_hash_ring(Ring, scope="visible")
    assert "has no method add_node()" in report.findings[0].message


@pytest.mark.slow  # waits out the checker's time budget
def test_a_loop_that_swallows_exceptions_is_still_stopped():
    def stubborn(n):
        while True:
            try:
                sum(range(1000))
            except Exception:
                pass

    from autograder.guard import WALL_FACTOR

    started = time.perf_counter()
    report = check_base62(stubborn, decode, scope="hidden")
    # Not a speed threshold: the loop must end at all, at the latest at the session's clock cap
    # (3.5 s of processor time, capped at WALL_FACTOR times that on the clock), plus slack.
    assert time.perf_counter() - started < 3.5 * WALL_FACTOR + 10
    assert report.score == 0
    assert all("did not return within" in f.message or "not checked" in f.message for f in report.findings)


def test_learner_output_and_warnings_never_reach_the_cell(capsys):
    import sys
    import warnings

    def noisy_encode(n):
        print("debug", n)
        print("oops", file=sys.stderr)
        warnings.warn("careful", stacklevel=1)
        return encode(n)

    report = check_base62(noisy_encode, decode, scope="hidden")
    assert report.score == 1.0
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_property_tests_write_nothing_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check_base62(encode_float, decode, scope="hidden")
    check_token_bucket(BucketPastCapacity, scope="hidden")
    assert list(tmp_path.iterdir()) == []


def test_reports_are_deterministic():
    first = check_token_bucket(FixedWindow, scope="hidden").to_text()
    assert check_token_bucket(FixedWindow, scope="hidden").to_text() == first


def test_an_unknown_scenario_is_an_authoring_error():
    for check, args in ((check_base62, (encode, decode)), (check_token_bucket, (TokenBucket,)),
                        (check_hash_ring, (HashRing,))):
        with pytest.raises(ValueError, match="scope must be one of"):
            check(*args, scope="all")
        with pytest.raises(ValueError, match="scope must be one of"):
            check(Missing("x"), *args[1:], scope="examples")  # before the answer is even looked at
        with pytest.raises(TypeError):
            check(*args, scenarios="hidden")  # the old keyword is gone, not ignored


# ---------------------------------------------------------------------------- plots --


@pytest.fixture
def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plots_draw_with_working_classes(pyplot):
    from autograder.sketches import plot_admissions, plot_ring_load

    admissions = plot_admissions(TokenBucket)
    assert [line.get_label() for line in admissions.axes[0].get_lines()][:3] == [
        "requests sent",
        "fixed window (10 per 1 s)",
        "token bucket (capacity 10, 10/s)",
    ]
    loads = plot_ring_load(HashRing)
    assert len(loads.axes) == 2
    assert "100 point(s) per node" in loads.axes[1].get_title()


def test_plots_explain_instead_of_failing(pyplot, capsys):
    from autograder.sketches import plot_admissions, plot_ring_load

    assert plot_admissions(Missing("TokenBucket")) is None
    assert plot_ring_load(RingNoWrap) is None
    assert plot_admissions(BucketRefillLoop) is not None  # no long idle gap in the plot's traffic
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("No plot: `TokenBucket` is not defined")
    assert out[1].startswith("No plot: node_for(") and "raised IndexError" in out[1]


def test_fixed_window_lets_twice_the_limit_through_at_an_edge():
    from autograder.sketches.plots import fixed_window_admissions

    times = [0.95] * 10 + [1.05] * 10
    assert sum(fixed_window_admissions(times, limit=10, window=1.0)) == 20


@pytest.mark.parametrize(
    ("check", "args"),
    [
        (check_base62, (encode_float, decode)),
        (check_base62, (encode, decode_find)),
        (check_token_bucket, (BucketTruncatesRefill,)),
        (check_token_bucket, (BucketPastCapacity,)),
        (check_hash_ring, (RingSameReplicaPoint,)),
        (check_hash_ring, (RingRemovesOnePoint,)),
    ],
    ids=[
        "float-division",
        "find-decode",
        "truncated-refill",
        "past-capacity",
        "one-point-replicas",
        "remove-one",
    ],
)
def test_bugs_that_pass_the_visible_examples_are_caught_by_the_hidden_properties(check, args):
    assert check(*args, scope="visible").score == 1.0
    assert check(*args, scope="hidden").score < 1.0


class BucketUsesRealClock(TokenBucket):
    def allow(self):
        now = time.monotonic()  # ignores the injected clock
        self.tokens = min(
            self.capacity, self.tokens + max(0.0, now - getattr(self, "real", now)) * self.refill_rate
        )
        self.real = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def __init__(self, capacity, refill_rate, clock=None):
        self.capacity, self.refill_rate = capacity, refill_rate
        self.tokens = float(capacity)


def test_a_bucket_that_ignores_the_injected_clock_is_told_so():
    report = check_token_bucket(BucketUsesRealClock, scope="hidden")
    message = failed(report)["refills refill_rate x elapsed, fractions included"]
    assert "never called the clock it was given" in message


class RingSharedClassList:
    points: list = []  # a class attribute: every ring shares (and grows) one list

    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (md5_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points[:] = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect(self.points, (md5_hash(key),))
        return self.points[i % len(self.points)][1]


def test_state_shared_between_instances_fails_cleanly():
    RingSharedClassList.points.clear()
    report = check_hash_ring(RingSharedClassList, scope="hidden")
    assert report.score < 0.5
    assert "your rings share state" in failed(report)["node_for returns one of the ring's nodes, consistently"]
    assert (
        "share state"
        not in failed(check_hash_ring(RingRemovesOnePoint, scope="hidden"))[
            "removing a node moves only its keys"
        ]
    )


@pytest.mark.slow  # waits out the checker's time budget
def test_the_time_budget_leaves_no_timer_or_handler_behind():
    import signal

    def mine(signum, frame):  # pragma: no cover - must never fire
        raise AssertionError("our handler fired")

    previous = signal.signal(signal.SIGALRM, mine)
    previous_prof = signal.signal(signal.SIGPROF, mine)
    try:
        check_base62(encode_loops_on_negative, decode, scope="visible")
        assert signal.getsignal(signal.SIGALRM) is mine and signal.getsignal(signal.SIGPROF) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)
        signal.signal(signal.SIGPROF, previous_prof)


def test_the_budget_is_processor_time_so_a_busy_machine_changes_no_score():
    """Waiting (as a process does while others use the processor) spends no budget: a check that
    waits 0.3 s under a 0.2 s budget still passes, where a clock-time budget would have failed it."""
    from autograder.guard import Session

    session = Session(per_check=0.2, total=0.2)
    assert session.run(lambda: session.call("slow_but_idle()", time.sleep, 0.3)) is None


def test_code_that_only_waits_is_stopped_by_the_clock_cap():
    from autograder.guard import WALL_FACTOR, Session

    session = Session(per_check=0.1, total=0.1)
    message = session.run(lambda: session.call("encode(1)", time.sleep, 30))
    assert message == (f"encode(1) did not return within {0.1 * WALL_FACTOR:.1f} s; it seems to wait "
                       "(sleep, input, a lock) rather than compute.")
    assert session.run(lambda: None).startswith("not checked"), "the session's clock budget is spent"


def test_code_that_computes_forever_is_stopped_by_its_processor_budget():
    from autograder.guard import Session

    def spin():
        while True:
            pass

    session = Session(per_check=0.1, total=0.1)
    verdict = session.run(lambda: session.call("encode(-1)", spin))
    # "within 0.1 s." on processor time; a machine so busy that this process gets under a fifth of
    # a core reaches the clock limit (0.5 s) first, and the message then says the code seems to wait.
    assert verdict in ("encode(-1) did not return within 0.1 s.",
                       "encode(-1) did not return within 0.5 s; it seems to wait (sleep, input, a lock) "
                       "rather than compute."), verdict


def test_outside_the_main_thread_checks_run_without_a_time_budget():
    import threading

    results = []
    worker = threading.Thread(target=lambda: results.append(check_hash_ring(HashRing, scope="hidden")))
    worker.start()
    worker.join(timeout=60)
    assert results and results[0].score == 1.0


# ------------------------------------------------- scope: hidden adds, never re-scores --


@pytest.mark.parametrize(
    ("check", "args"),
    [
        (check_base62, (encode_no_zero, decode)),
        (check_base62, (encode, decode_isdigit)),
        (check_token_bucket, (BucketStartsEmpty,)),
        (check_token_bucket, (BucketNegativeElapsed,)),
        (check_hash_ring, (RingPythonHash,)),
        (check_hash_ring, (ModuloRing,)),
    ],
    ids=["no-zero", "isdigit", "starts-empty", "negative-elapsed", "python-hash", "modulo"],
)
def test_the_hidden_report_starts_with_the_visible_one_unchanged(check, args):
    visible = check(*args, scope="visible")
    hidden = check(*args, scope="hidden")
    assert hidden.findings[: len(visible.findings)] == visible.findings
    assert len(hidden.findings) > len(visible.findings)
    hidden_names = {f.check for f in hidden.findings[len(visible.findings):]}
    assert not hidden_names & {f.check for f in visible.findings}, "a hidden line re-scores a visible one"


def test_an_all_green_visible_report_loses_points_only_on_hidden_lines():
    for check, args in ((check_base62, (encode, decode_isdigit)), (check_token_bucket, (BucketNegativeElapsed,)),
                        (check_hash_ring, (RingPythonHash,))):
        assert check(*args, scope="visible").score == 1.0
        hidden = check(*args, scope="hidden")
        visible_names = {f.check for f in check(*args, scope="visible").findings}
        assert hidden.score < 1.0 and all(f.check not in visible_names for f in hidden.failures)


# ------------------------------------------------- another process: builtins.hash --


def test_the_other_process_check_puts_builtins_hash_back_whatever_the_ring_does():
    import builtins

    real = builtins.hash

    class RingRaisesInTheOtherProcess(HashRing):
        def node_for(self, key):
            if builtins.hash is not real:
                raise RuntimeError("boom")
            return super().node_for(key)

    report = check_hash_ring(RingRaisesInTheOtherProcess, scope="hidden")
    assert builtins.hash is real
    assert "raised RuntimeError" in failed(report)["keys land on the same nodes in another process"]
    assert hash("same") == real("same") and hash((1, "a")) == real((1, "a"))


_PLACEMENT = """
import bisect, hashlib, json, sys
sys.path.insert(0, {tests!r})
import test_sketches as t
ring = getattr(t, {name!r})(["cache-a", "cache-b", "cache-c", "cache-d"], 10)
print(json.dumps([ring.node_for(f"session:{{i}}") for i in range(300)]))
"""


@pytest.mark.slow  # starts Python processes
@pytest.mark.parametrize(("name", "stable"), [("HashRing", True), ("RingCrc32", True), ("RingPythonHash", False)])
def test_the_in_process_check_agrees_with_real_processes(name, stable, tmp_path):
    """Two interpreters with different PYTHONHASHSEED place keys the same way exactly when the checker's
    in-process stand-in (builtins.hash salted differently) says they do."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    tests = str(Path(__file__).resolve().parent)
    placements = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _PLACEMENT.format(tests=tests, name=name)], env=env,
                             capture_output=True, text=True, check=True, cwd=tmp_path).stdout
        placements.append(json.loads(out))
    assert (placements[0] == placements[1]) is stable
    verdict = "keys land on the same nodes in another process" not in failed(
        check_hash_ring(globals()[name], scope="hidden"))
    assert verdict is stable
