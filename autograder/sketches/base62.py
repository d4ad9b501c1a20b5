"""Checker for the base62 sketch: ``encode(n: int) -> str`` and ``decode(code: str) -> int``.

Answer format: two functions. ``encode`` turns a non-negative ``int`` (any size) into
its base-62 numeral written with 62 ASCII letters and digits, most significant digit
first, without leading zero digits (so ``encode(0)`` is one character); ``decode`` is
its inverse. Both raise ``ValueError`` on bad input: a negative number, an empty
string, a character outside the alphabet. The alphabet's order is the learner's
choice; the checker reads it from ``encode(1) ... encode(62)``.

``scenarios="examples"`` runs the few examples the learner sees; ``"hidden"`` runs
the property-based tests (hypothesis, fixed seed, bounded examples) used for grading.
"""

from __future__ import annotations

import functools
import string

from hypothesis import given
from hypothesis import strategies as st

from autograder.guard import Session, short
from autograder.report import Report
from autograder.sketches._common import check_scenarios, unusable_callables
from autograder.sketches._hyp import quiet_settings

__all__ = ["check_base62"]

TITLE = "base62 encode/decode"
_ASCII_ALNUM = set(string.ascii_letters + string.digits)
_HUGE = [2**53 + 1, 2**64, 62**11 + 5, 10**100, 2**1024 - 1]
_BAD_CODES = ["", "abc-def", "a b", "12_3", "ü", "+5", "1.5", " 7", "7\n"]
_TIMEOUT_HINT = (
    "Look for a loop whose condition never becomes false (for example `while n != 0` "
    "with a negative n) and check the input before the loop."
)


def check_base62(encode, decode, *, scenarios: str = "examples") -> Report:
    """Check ``encode``/``decode``; see the module docstring for the answer format."""
    check_scenarios(scenarios)
    bad = unusable_callables(TITLE, encode=encode, decode=decode)
    if bad is not None:
        return bad
    report = Report(TITLE)
    session = Session(per_check=1.5, total=3.5)
    checks = _EXAMPLES if scenarios == "examples" else _HIDDEN
    for name, weight, body in checks:
        message = session.run(functools.partial(body, session, encode, decode), hint_on_timeout=_TIMEOUT_HINT)
        report.add(name, message is None, message or _PASS_TEXT[name], weight)
    return report


# -- single checks ------------------------------------------------------------------------


def _enc(session, encode, n):
    return session.call(f"encode({short(n, 40)})", encode, n)


def _dec(session, decode, code):
    return session.call(f"decode({short(code, 40)})", decode, code)


def _zero(session, encode, decode):
    code = _enc(session, encode, 0)
    if code == "":
        session.fail(
            "encode(0) returned '': a loop like `while n > 0` never runs for 0. "
            "Return the alphabet's first character for 0."
        )
    if not isinstance(code, str) or len(code) != 1:
        session.fail(f"encode(0) returned {short(code)}; it should be a single character (the zero digit).")
    back = _dec(session, decode, code)
    if back != 0:
        session.fail(f"decode({code!r}) returned {short(back)}, not 0.")


def _types(session, encode, decode):
    for n in (1, 61, 62, 12345, 2**70):  # 0 has its own check
        code = _enc(session, encode, n)
        if not isinstance(code, str):
            session.fail(f"encode({n}) returned {short(code)} ({type(code).__name__}); return a str.")
        back = _dec(session, decode, code)
        if type(back) is not int:
            session.fail(
                f"decode({code!r}) returned {short(back)} ({type(back).__name__}); return an int "
                "(build it with integer arithmetic: `value = value * 62 + digit`)."
            )


def _round_trip_one(session, encode, decode, n):
    code = _enc(session, encode, n)
    back = _dec(session, decode, code)
    if back != n:
        hint = (
            " Large numbers go wrong with float division (`n / 62`, `math.log`): use `divmod(n, 62)`."
            if n > 2**52
            else " decode must read the digits in the order encode writes them (most significant first)."
        )
        session.fail(
            f"decode(encode({short(n, 60)})) returned {short(back, 60)} (encode gave {short(code, 40)}).{hint}"
        )


def _small_round_trip(session, encode, decode):
    for n in (1, 9, 10, 35, 36, 61, 62, 63, 3843, 3844, 123456789):
        _round_trip_one(session, encode, decode, n)


def _round_trip_all(session, encode, decode):
    for n in [1, 61, 62, 62**7 - 1, 62**7, *_HUGE]:  # 0 has its own check
        _round_trip_one(session, encode, decode, n)

    @quiet_settings(150)
    @given(st.one_of(st.integers(1, 62**3), st.integers(1, 2**64), st.integers(1, 2**2048)))
    def prop(n):
        _round_trip_one(session, encode, decode, n)

    prop()


def _positional(session, encode, decode):
    zero, one = _enc(session, encode, 0), _enc(session, encode, 1)
    for n, expected in ((62, one + zero), (62**2, one + zero * 2), (62**3 + 1, one + zero * 2 + one)):
        code = _enc(session, encode, n)
        if code != expected:
            session.fail(
                f"encode({n}) returned {short(code)}, expected {expected!r} (the digit for 1 followed by "
                "zero digits): write the most significant digit first, one character per base-62 digit."
            )
    for n in (61, 3843):
        code = _enc(session, encode, n)
        width = 1 if n == 61 else 2
        if not isinstance(code, str) or len(code) != width:
            session.fail(f"encode({n}) returned {short(code)}; base 62 needs {width} character(s) for {n}.")


def _read_alphabet(session, encode) -> list:
    """The learner's 62 digits: encode(1..61), and the zero digit as the last character of
    encode(62) (so a missing zero case costs only its own check)."""
    ten = _enc(session, encode, 62)
    zero = ten[-1] if isinstance(ten, str) and len(ten) == 2 else _enc(session, encode, 0)
    return [zero] + [_enc(session, encode, i) for i in range(1, 62)]


def _alphabet(session, encode, decode):
    digits = _read_alphabet(session, encode)
    for i, d in enumerate(digits):
        if not isinstance(d, str) or len(d) != 1:
            session.fail(
                f"encode({i}) returned {short(d)}; each number 0..61 is one base-62 digit (one character)."
            )
    outside = sorted({d for d in digits if d not in _ASCII_ALNUM})
    if outside:
        session.fail(
            f"your alphabet uses {''.join(outside)!r}: base62 codes use only the 62 ASCII letters "
            "and digits (safe in a URL without escaping)."
        )
    if len(set(digits)) != 62:
        twice = sorted({d for d in digits if digits.count(d) > 1})
        session.fail(
            f"encode gives the same digit {''.join(twice)!r} to two numbers below 62: the alphabet needs 62 distinct characters."
        )

    @quiet_settings(60)
    @given(st.integers(0, 2**300))
    def prop(n):
        code = _enc(session, encode, n)
        if isinstance(code, str) and not set(code) <= set(digits):
            session.fail(
                f"encode({short(n, 40)}) returned {short(code)}, with characters outside your 62 digits."
            )

    prop()


def _digits_needed(n: int) -> int:
    width = 1
    while n >= 62:
        n //= 62
        width += 1
    return width


def _shortest(session, encode, decode):
    def one(n):
        code = _enc(session, encode, n)
        if not isinstance(code, str) or len(code) != _digits_needed(n):
            session.fail(
                f"encode({short(n, 40)}) returned {short(code, 40)} ({len(code) if isinstance(code, str) else '?'} "
                f"characters); base 62 needs exactly {_digits_needed(n)}: no leading zero digits, no padding."
            )

    for n in (1, 61, 62, 62**7 - 1, 62**7, 10**100):  # 0 has its own check
        one(n)

    @quiet_settings(80)
    @given(st.one_of(st.integers(1, 62**4), st.integers(1, 2**512)))
    def prop(n):
        one(n)

    prop()


def _decodes_every_code(session, encode, decode):
    digits = _read_alphabet(session, encode)
    if not all(isinstance(d, str) and len(d) == 1 for d in digits) or len(set(digits)) != 62:
        session.fail(
            "could not read your alphabet from encode(1) ... encode(62); fix the alphabet check first."
        )

    def one(code, value_of_code):
        value = _dec(session, decode, code)
        if value != value_of_code:
            session.fail(
                f"decode({code!r}) returned {short(value, 40)}, expected {value_of_code} (your digits read "
                "most significant first): decode must turn every code encode can produce back into its number."
            )

    @quiet_settings(80)
    @given(st.integers(1, 61), st.lists(st.integers(0, 61), max_size=25))
    def prop(first, rest):
        value = first
        for d in rest:
            value = value * 62 + d
        one(digits[first] + "".join(digits[d] for d in rest), value)

    prop()


def _raises_value_error(session, what, function, argument, why):
    result, raised = session.attempt(f"{what}({short(argument, 40)})", function, argument)
    if isinstance(raised, ValueError):
        return
    if raised is not None:
        session.fail(
            f"{what}({short(argument, 40)}) raised {type(raised).__name__}; raise ValueError instead ({why})."
        )
    session.fail(
        f"{what}({short(argument, 40)}) returned {short(result, 40)}; it should raise ValueError ({why})."
    )


def _bad_input_examples(session, encode, decode):
    _raises_value_error(session, "encode", encode, -1, "a negative number has no code")
    _raises_value_error(session, "decode", decode, "", "an empty string is not a code")


def _bad_input(session, encode, decode):
    for n in (-1, -62, -(10**30)):
        _raises_value_error(session, "encode", encode, n, "a negative number has no code")
    for code in _BAD_CODES:
        why = "an empty string is not a code" if code == "" else "a character outside the alphabet"
        _raises_value_error(session, "decode", decode, code, why)

    @quiet_settings(40)
    @given(st.integers(max_value=-1))
    def negatives(n):
        _raises_value_error(session, "encode", encode, n, "a negative number has no code")

    negatives()


_EXAMPLES = [
    ("encode(0) is one character", 1, _zero),
    ("small numbers round-trip", 1, _small_round_trip),
    ("digits are positional base 62", 1, _positional),
    ("bad input raises ValueError", 1, _bad_input_examples),
]

_HIDDEN = [
    ("encode returns a str, decode an int", 1, _types),
    ("encode(0) is one character", 1, _zero),
    ("round trip for every non-negative integer, incl. huge ones", 2, _round_trip_all),
    ("62 distinct ASCII letters and digits", 1, _alphabet),
    ("shortest code: no leading zeros", 1, _shortest),
    ("decode reads every code encode can produce", 1, _decodes_every_code),
    ("bad input raises ValueError", 1, _bad_input),
]

_PASS_TEXT = {
    "encode returns a str, decode an int": "right types",
    "encode(0) is one character": "0 has a code, and it decodes back to 0",
    "small numbers round-trip": "decode(encode(n)) == n for small n",
    "round trip for every non-negative integer, incl. huge ones": "decode(encode(n)) == n for hundreds of n up to 2**2048",
    "digits are positional base 62": "62 is written '10' in your digits",
    "62 distinct ASCII letters and digits": "a URL-safe alphabet of 62 distinct characters",
    "shortest code: no leading zeros": "each code has exactly the base-62 length of its number",
    "decode reads every code encode can produce": "decode inverts encode on arbitrary codes",
    "bad input raises ValueError": "negative numbers, empty and malformed codes raise ValueError",
}
