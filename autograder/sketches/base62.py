"""Checker for the base62 sketch: ``encode(n: int) -> str`` and ``decode(code: str) -> int``.

Answer format: two functions. ``encode`` turns a non-negative ``int`` (any size) into
its base-62 numeral written with 62 ASCII letters and digits, most significant digit
first, without leading zero digits (so ``encode(0)`` is one character); ``decode`` is
its inverse. Both raise ``ValueError`` on bad input: a negative number, an empty
string, a character outside the alphabet - including characters that only look like
letters or digits (the Arabic-Indic digit three ``"\u0663"``, the fullwidth ``"\uff13"``
and ``"\uff21"``: ``str.isdigit``, ``int()`` or NFKC normalisation accept them, a base62
code never holds them). The alphabet's order is the
learner's choice; the checker reads it from ``encode(1) ... encode(62)``.

``scope="visible"`` runs the few example checks the learner sees; ``scope="hidden"``
runs those same checks with the same weights, then adds the property-based tests
(hypothesis, fixed seed, bounded examples) used for grading. Anything else raises
ValueError (see :mod:`autograder.contract`).
"""

from __future__ import annotations

import string

from hypothesis import example, given
from hypothesis import strategies as st

from autograder.contract import check_scope, unusable_callables
from autograder.guard import short
from autograder.report import Report
from autograder.sketches._checks import Check, run_checks
from autograder.sketches._hyp import quiet_settings

__all__ = ["HIDDEN", "VISIBLE", "check_base62"]

TITLE = "base62 encode/decode"
_ASCII_ALNUM = set(string.ascii_letters + string.digits)
_HUGE = [2**53 + 1, 2**64, 62**11 + 5, 10**100, 2**1024 - 1]
_POWERS = [62**k + d for k in range(2, 40) for d in (-1, 0)]
"""Every width boundary up to 40 digits: a width computed with floats (``math.log(n, 62)``) is off at
some of them (62**15, 62**9 - 1, ...)."""
_BAD_CODES = ["abc-def", "a b", "12_3", "+5", "1.5", " 7", "7\n", "a/b", "%41"]
NON_ASCII_CODES = ["\u0663", "\uff13", "\uff21", "\uff41", "\U0001d7d7", "1\u06623", "abc\uff3a", "\u00fc", "\u212a", "\u01c5"]
"""Unicode look-alikes of base-62 digits (Arabic-Indic and fullwidth digits, fullwidth letters, the
Kelvin sign...): ``str.isdigit``/``isalpha``, ``int()`` or NFKC normalisation accept them."""
_TIMEOUT_HINT = (
    "Look for a loop whose condition never becomes false (for example `while n != 0` "
    "with a negative n) and check the input before the loop."
)


def check_base62(encode, decode, *, scope: str = "visible") -> Report:
    """Check ``encode``/``decode``; see the module docstring for the answer format."""
    check_scope(scope)
    bad = unusable_callables(TITLE, encode=encode, decode=decode)
    if bad is not None:
        return bad
    return run_checks(TITLE, scope, (encode, decode), VISIBLE, HIDDEN,
                      per_check=1.5, total=5.0, hint=_TIMEOUT_HINT)


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
        if isinstance(back, float):
            hint = (" decode returned a float, which cannot hold large numbers exactly: build an int "
                    "(`value = value * 62 + digit`).")
        elif n > 2**52:
            hint = " Large numbers go wrong with float division (`n / 62`, `math.log`): use `divmod(n, 62)`."
        else:
            hint = " decode must read the digits in the order encode writes them (most significant first)."
        session.fail(
            f"decode(encode({short(n, 60)})) returned {short(back, 60)} (encode gave {short(code, 40)}).{hint}"
        )


def _small_round_trip(session, encode, decode):
    for n in (1, 9, 10, 35, 36, 61, 62, 63, 3843, 3844, 123456789):
        _round_trip_one(session, encode, decode, n)


def _round_trip_all(session, encode, decode):
    for n in [1, 61, 62, *_POWERS, *_HUGE]:  # 0 has its own check
        _round_trip_one(session, encode, decode, n)

    @quiet_settings(25)
    @given(st.one_of(st.integers(1, 62**3), st.integers(1, 2**64), st.integers(1, 2**2048)))
    def prop(n):
        _round_trip_one(session, encode, decode, n)

    prop()


def _positional(session, encode, decode):
    one, ten = _enc(session, encode, 1), _enc(session, encode, 62)
    if not (isinstance(one, str) and isinstance(ten, str) and len(ten) == 2 and ten[0] == one):
        session.fail(
            f"encode(62) returned {short(ten)}; in base 62, 62 is written with two digits, the digit for 1 "
            f"({short(one)}) followed by the zero digit: most significant digit first."
        )
    zero = ten[-1]  # read here, so a missing zero case costs only its own check
    for n, expected in ((62**2, one + zero * 2), (62**3 + 1, one + zero * 2 + one)):
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

    @quiet_settings(10)
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

    # width boundaries exact in a float only: above 2**53 a float bug already costs the round trip
    for n in (1, 61, 62, *(p for p in _POWERS if p < 2**53), 10**100):  # 0 has its own check
        one(n)

    @quiet_settings(15)
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

    @quiet_settings(20)
    @example(61, [61] * 25)  # one long code, whatever is drawn
    @example(1, [0] * 12 + [1])
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
    # encode(-1) and decode('') are the visible check's: not asked again
    for n in (-2, -62, -(10**30)):
        _raises_value_error(session, "encode", encode, n, "a negative number has no code")
    for code in _BAD_CODES:
        _raises_value_error(session, "decode", decode, code, "a character outside the alphabet")

    @quiet_settings(10)
    @given(st.integers(max_value=-2))
    def negatives(n):
        _raises_value_error(session, "encode", encode, n, "a negative number has no code")

    negatives()


def _non_ascii(session, encode, decode):
    why = ("not one of the 62 ASCII characters, though Python's isdigit()/isalpha(), int() and NFKC "
           "accept it: look each character up in your alphabet (`ALPHABET.index(char)` or a dict), "
           "not with str methods")
    for code in NON_ASCII_CODES:
        _raises_value_error(session, "decode", decode, code, why)


VISIBLE = [
    Check("encode(0) is one character", 1, _zero, "0 has a code, and it decodes back to 0"),
    Check("small numbers round-trip", 1, _small_round_trip, "decode(encode(n)) == n for small n"),
    Check("digits are positional base 62", 1, _positional, "62 is written '10' in your digits"),
    Check("encode(-1) and decode('') raise ValueError", 1, _bad_input_examples,
          "a negative number and an empty code raise ValueError"),
]
"""What the learner's check cell runs (``scope="visible"``)."""

HIDDEN = [
    Check("encode returns a str, decode an int", 1, _types, "right types"),
    Check("round trip for every non-negative integer, incl. huge ones", 2, _round_trip_all,
          "decode(encode(n)) == n at every width boundary and for generated n up to 2**2048"),
    Check("62 distinct ASCII letters and digits", 1, _alphabet, "a URL-safe alphabet of 62 distinct characters"),
    Check("shortest code: no leading zeros", 1, _shortest, "each code has exactly the base-62 length of its number"),
    Check("decode reads every code encode can produce", 1, _decodes_every_code,
          "decode inverts encode on arbitrary codes"),
    Check("negative numbers and malformed codes raise ValueError", 1, _bad_input,
          "negative numbers, empty and malformed codes raise ValueError"),
    Check("decode rejects non-ASCII look-alike characters", 1, _non_ascii,
          "Unicode digits and fullwidth letters raise ValueError"),
]
"""What grading adds (``scope="hidden"``), after the visible checks."""
