"""Checking estimated quantities: units, tolerance bands and the slip behind a wrong answer.

An answer is a number with a unit. It may be written as

- a pint quantity in any unit of the right dimension (``100e6 / u.day``,
  ``36.5 * u.TB``, ``(36.5 * u.TB).to("TiB")``, ``u("4.6 Mbit/s")``), also one
  made with another pint registry; or
- a plain number (``int``, ``float``, numpy number, ``Decimal``, ``Fraction``),
  read in the unit the exercise names (:attr:`Expected.unit`).

An answer passes when its ratio to the reference value lies inside the stated
band (:func:`within` a relative tolerance, or :func:`within_factor` for
order-of-magnitude judgements). A wrong answer is compared with the slips
people commonly make (per day vs per second, bits vs bytes, decimal vs binary
prefixes, years counted twice, a missing peak factor or replication ...); the
message names the slip that explains the gap.

Nothing here raises on a learner's answer: every problem becomes a failing
:class:`~autograder.report.Finding` that says what was expected.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations

import pint

from autograder.contract import _a
from autograder.estimate.units import Quantity, to_quantity, ureg
from autograder.report import Finding, Missing

__all__ = ["Slip", "Expected", "within", "within_factor", "check_value", "read_number"]

# How close a wrong answer's ratio must come to a slip's factor for the slip to be named.
_SLIP_BAND = 0.12


@dataclass(frozen=True)
class Slip:
    """A common mistake: the answer comes out ``factor`` times the reference."""

    factor: float
    """Learner's value / reference value when this slip is made."""
    message: str
    """What probably happened and what to change."""


@dataclass(frozen=True)
class Expected:
    """The reference value of one quantity and how an answer is judged."""

    name: str
    """The variable or key the learner writes."""
    what: str
    """What the quantity is, in words ("average write rate")."""
    value: Quantity | float
    """The reference: a pint quantity, or a plain number when :attr:`unit` is None."""
    unit: str | None = None
    """Unit in which plain numbers are read and values are shown; None for a plain count or fraction."""
    low: float = 0.75
    """Smallest accepted ratio answer / reference."""
    high: float = 1.25
    """Largest accepted ratio answer / reference."""
    band: str = "within 25%"
    """The accepted band in words, shown to the learner."""
    slips: tuple[Slip, ...] = ()
    """Slips specific to this quantity (generic ones follow from its dimension)."""
    hint: str = ""
    """How the reference is computed, said when no slip explains a wrong answer."""
    weight: float = 1.0
    """Share of the report's score."""
    scenario: str = ""
    """Which set of assumptions this reference belongs to (shown in the check's name)."""

    @property
    def reference(self) -> Quantity:
        return self.value if isinstance(self.value, ureg.Quantity) else Quantity(self.value)

    def shown(self, magnitude: float) -> str:
        return _fmt(magnitude) + (f" {_unit_text(self.unit)}" if self.unit else "")

    @property
    def check(self) -> str:
        label = f"`{self.name}`: {self.what}"
        return f"{label} [{self.scenario}]" if self.scenario else label


def within(tolerance: float = 0.25) -> dict:
    """Band keywords for :class:`Expected`: pass within ``tolerance`` (0.25 = 25%) of the reference."""
    return {"low": 1 - tolerance, "high": 1 + tolerance, "band": f"within {tolerance:.0%}"}


def within_factor(factor: float = 3) -> dict:
    """Band keywords for :class:`Expected`: pass within a factor of ``factor`` either way."""
    return {"low": 1 / factor, "high": factor, "band": f"within a factor of {factor:g}"}


def is_boolean(value: object) -> bool:
    """True for ``True``/``False`` and numpy's booleans (``np.bool_``; ``numpy.bool`` in numpy 2)."""
    kind = type(value)
    return isinstance(value, bool) or (kind.__module__ == "numpy" and kind.__name__ in ("bool", "bool_"))


class _Unusable(Exception):
    """An answer that cannot be compared; its message is for the learner."""


def read_number(answer, expected: Expected) -> float:
    """The answer's magnitude in ``expected.unit`` (or as a plain number); raises ``_Unusable``."""
    name = expected.name
    unit_words = f" in {_unit_text(expected.unit)}" if expected.unit else ""
    if isinstance(answer, Missing):
        raise _Unusable(answer.message())
    if answer is Ellipsis:
        raise _Unusable(f"`{name}` is not written yet (it is still `...`): replace the `...` with {expected.what}"
                        f"{unit_words}, then run this check again.")
    if answer is None:
        raise _Unusable(f"`{name}` is None. Set it to {expected.what}{unit_words}, a number or a quantity with a unit.")
    if is_boolean(answer):
        raise _Unusable(f"`{name}` is {answer}, a yes/no value. Set it to {expected.what}{unit_words}, a number.")
    if isinstance(answer, (str, bytes)):
        raise _Unusable(
            f"`{name}` is text ({answer!r:.40}). Write it as a number without quotes"
            + (f", with its unit, e.g. {_example(expected.unit)}" if expected.unit else "")
            + "."
        )
    if isinstance(answer, pint.Quantity):
        magnitude = _quantity_in(answer, expected)
    elif isinstance(answer, (numbers.Real, Decimal, Fraction)):
        try:
            magnitude = float(answer)
        except (OverflowError, ValueError, TypeError):
            raise _Unusable(f"`{name}` is too large to be a number of this kind; recheck the arithmetic.") from None
    elif hasattr(answer, "shape") and hasattr(answer, "item") and getattr(answer, "size", 0) == 1:
        return read_number(answer.item(), expected)  # a one-element numpy array
    else:
        kind = getattr(answer, "type_name", None) if type(answer).__name__ == "Unsupported" else None
        kind = kind if isinstance(kind, str) and kind else type(answer).__name__
        raise _Unusable(
            f"`{name}` is {_a(kind)}; a single number{unit_words} was expected "
            "(not a list, dict, function or array)."
        )
    if math.isnan(magnitude):
        raise _Unusable(f"`{name}` is NaN (not a number): some step of the arithmetic divided 0 by 0 or used a missing value.")
    if math.isinf(magnitude):
        raise _Unusable(f"`{name}` is infinite: some step of the arithmetic divided by zero.")
    if magnitude <= 0:
        raise _Unusable(
            f"`{name}` is {_fmt(magnitude)}{unit_words}, but {expected.what} must be greater than zero: "
            "check the signs and that no factor came out as 0."
        )
    return magnitude


def _quantity_in(answer, expected: Expected) -> float:
    name = expected.name
    try:
        quantity = to_quantity(answer)
        magnitude = quantity.magnitude
        if hasattr(magnitude, "shape") and getattr(magnitude, "size", 1) != 1:
            raise _Unusable(f"`{name}` holds {magnitude.size} values; write one number with a unit.")
        if quantity.unitless and expected.unit is not None:
            return float(quantity.magnitude)  # a bare number wrapped as a quantity: read in the named unit
        target = expected.reference.units if expected.unit is None else ureg.Unit(expected.unit)
        if quantity.dimensionality != ureg.Quantity(1, target).dimensionality:
            raise _Unusable(_dimension_message(name, quantity, expected))
        converted = quantity.to(target).magnitude
        if hasattr(converted, "item"):
            converted = converted.item()
        return float(converted)
    except _Unusable:
        raise
    except ArithmeticError:
        raise _Unusable(f"`{name}` is too large to convert; recheck the arithmetic.") from None
    except (pint.errors.PintError, ValueError, TypeError, AttributeError) as error:
        raise _Unusable(
            f"`{name}` has a unit this course does not know ({error}). Use the course's units: "
            "`from autograder.estimate import units as u`, then e.g. `u.day`, `u.TB`, `u.Mbit / u.s`."
        ) from None


_DIMENSION_WORDS = {
    "": "a plain number",
    "1 / [time]": "a rate (things per second)",
    "[information]": "an amount of data (bytes)",
    "[information] / [time]": "a data rate (bits or bytes per second)",
    "[time]": "a duration",
}


def _describe(dimensionality) -> str:
    key = str(dimensionality) if len(dimensionality) else ""
    return _DIMENSION_WORDS.get(key, f"a quantity of dimension {dimensionality}")


def _dimension_message(name: str, quantity, expected: Expected) -> str:
    want = expected.reference.dimensionality if expected.unit is None else ureg.Quantity(1, expected.unit).dimensionality
    got = quantity.dimensionality
    message = (
        f"`{name}` is {quantity:~P}, which is {_describe(got)}; {expected.what} is {_describe(want)}"
        + (f" (e.g. {_unit_text(expected.unit)})." if expected.unit else ".")
    )
    time = ureg.second.dimensionality
    data = ureg.byte.dimensionality
    if got == want * time:
        message += " It carries an extra time unit: divide by a duration (per second), or convert a per-day figure."
    elif got == want / time:
        message += " It is a rate: multiply by a duration (e.g. the retention period) to get a total."
    elif got == want * data:
        message += " It carries an extra data unit: did you multiply by a size in bytes where only a count was asked?"
    elif got == want / data:
        message += " A data unit is missing: multiply by the bytes per item."
    return message


_TIME_BASES = (("second", 1), ("minute", 60), ("hour", 3_600), ("day", 86_400), ("month", 2_629_800))
"""Time bases of a rate and their seconds (pint's month: a twelfth of a 365.25-day year)."""

_HOW_MANY = {("second", "minute"): "60", ("second", "hour"): "3,600", ("second", "day"): "86,400",
             ("second", "month"): "the seconds in a month, about 2.63 million",
             ("minute", "hour"): "60", ("minute", "day"): "1,440", ("minute", "month"): "about 43,800",
             ("hour", "day"): "24", ("hour", "month"): "about 730", ("day", "month"): "the days in a month, about 30"}


def _time_base(expected: Expected) -> tuple[str, float]:
    """The time base a rate is asked in (the duration after the last ``/`` of its unit), as (name, seconds)."""
    if not expected.unit or "/" not in expected.unit:
        return "second", 1.0
    try:
        seconds = ureg.Quantity(1, expected.unit.rsplit("/", 1)[1].strip()).to("s").magnitude
    except (pint.errors.PintError, ValueError):  # pragma: no cover - units come from the scenario
        return "second", 1.0
    for name, length in _TIME_BASES:
        if math.isclose(seconds, length, rel_tol=1e-6):
            return name, float(length)
    return "second", 1.0


def _generic_slips(expected: Expected) -> list[Slip]:
    dims = expected.reference.dimensionality if expected.unit is None else ureg.Quantity(1, expected.unit).dimensionality
    slips: list[Slip] = []
    time_power = dict(dims).get("[time]", 0)
    if time_power == -1:  # a rate: the classic mix-ups of time bases, each remedy in the rate's own base
        asked, asked_seconds = _time_base(expected)
        convert = f"`.to(\"{expected.unit}\")`" if expected.unit else "`.to(...)`"
        for other, other_seconds in _TIME_BASES:
            if other == asked:
                continue
            factor = other_seconds / asked_seconds
            shown = f"{factor:,.0f}" if factor >= 1 else f"1/{1 / factor:,.0f}"
            words = f"per {other} vs per {asked}"
            if factor > 1:  # a count per longer period, written where a per-`asked` rate is asked
                how_many = _HOW_MANY[(asked, other)]
                slips.append(Slip(factor, f"off by about {shown} ({words}?): a rate per {asked} is the "
                                          f"per-{other} count divided by {how_many}; convert with {convert}."))
                if asked == "second" and other == "month":  # a monthly count divided by a day's seconds
                    slips.append(Slip(other_seconds / 86_400, "off by about 30 (per month vs per day?): the count is "
                                      "per month, so a rate per second divides it by the seconds in a month "
                                      "(about 2.63 million), not by the 86,400 of a day; or convert with "
                                      f"{convert}."))
                if asked == "second":
                    slips.append(Slip(1 / factor, f"off by about {shown} ({words}?): check you divided by the "
                                                  f"number of seconds in a {other} once, not twice."))
            else:  # a rate per shorter period, written where a per-`asked` count is asked
                how_many = _HOW_MANY[(other, asked)]
                slips.append(Slip(factor, f"off by about {shown} ({words}?): a count per {asked} is the "
                                          f"per-{other} rate multiplied by {how_many}; convert with {convert}."))
    if "[information]" in dict(dims):
        slips.append(Slip(8, "off by 8: bits vs bytes? A byte is 8 bits; B is bytes, bit is bits (Mbit/s vs MB/s)."))
        slips.append(Slip(1 / 8, "off by 8: bits vs bytes? A byte is 8 bits; B is bytes, bit is bits (Mbit/s vs MB/s)."))
        for power, (dec, binary) in enumerate((("kB", "KiB"), ("MB", "MiB"), ("GB", "GiB"), ("TB", "TiB"), ("PB", "PiB")), 1):
            factor = 1.024**power
            text = (f"off by {factor:.3f}: decimal vs binary units? 1 {dec} = 10^{3 * power} bytes but 1 {binary} = "
                    f"2^{10 * power} bytes; say which one you mean, and convert with `.to(\"{dec}\")`.")
            slips.append(Slip(factor, text))
            slips.append(Slip(1 / factor, text))
    for power, words in ((1, "1,000"), (2, "1,000,000"), (3, "1,000,000,000")):
        text = f"off by {words}: a prefix slip (k/M/G/T, thousand/million/billion, or ms vs s)?"
        slips.append(Slip(1000.0**power, text))
        slips.append(Slip(1000.0**-power, text))
    return slips


def _best_slip(log_ratio: float, expected: Expected) -> str | None:
    """The slip whose factor best explains answer / reference, given as its natural log.

    Everything is compared in log space: the ratio itself underflows to 0 (or overflows) for
    answers such as 2e-306, where ``log(ratio / factor)`` would raise a math domain error.
    """
    specific = list(expected.slips)
    generic = _generic_slips(expected)
    candidates = specific + generic

    def distance(factor: float) -> float:
        return abs(log_ratio - math.log(factor))

    band = math.log(1 + _SLIP_BAND)
    singles = [(distance(s.factor), i, s.message) for i, s in enumerate(candidates) if distance(s.factor) <= band]
    if singles:
        best = min(singles)[0]
        # Slips whose factors coincide (e.g. 10 years and a 10:1 ratio) are all named.
        messages = []
        for d, _, message in sorted(singles):
            if d <= best + 1e-6 and message not in messages:
                messages.append(message)
        return " Or: ".join(messages)
    pairs = []
    for (i, a), (j, b) in combinations(enumerate(candidates), 2):
        combined = math.log(a.factor) + math.log(b.factor)
        d = abs(log_ratio - combined)
        if d <= band and abs(combined) > band:
            pairs.append((d, i, j, f"two slips at once? (1) {a.message} (2) {b.message}"))
    if pairs:
        return min(pairs)[3]
    return None


def check_value(answer, expected: Expected) -> Finding:
    """Judge one answer against ``expected``; never raises on the answer."""
    try:
        magnitude = read_number(answer, expected)
    except _Unusable as problem:
        return Finding(expected.check, False, str(problem), expected.weight)
    reference = _reference_magnitude(expected)
    # Both are finite and > 0; their logs are too, while magnitude / reference may under- or overflow.
    log_ratio = math.log(magnitude) - math.log(reference)
    shown, ref_shown = expected.shown(magnitude), expected.shown(reference)
    if math.log(expected.low) <= log_ratio <= math.log(expected.high):
        ratio = magnitude / reference  # near 1 here, so the division is exact enough
        note = ""
        for power, binary in enumerate(("KiB", "MiB", "GiB", "TiB", "PiB"), 1):
            factor = 1.024**power
            if ratio != 1 and (abs(math.log(ratio * factor)) < 0.002 or abs(math.log(ratio / factor)) < 0.002):
                note = f" (Your number matches a decimal/binary mix-up around {binary}; within the band, but say which unit you mean.)"
        allowed = expected.band if expected.band.startswith("from") else f"{expected.band} of it"
        return Finding(expected.check, True, f"{shown}: accepted (reference {ref_shown}; allowed {allowed}).{note}", expected.weight)
    times = _factor_text(abs(log_ratio))
    direction = f"{times} times the reference" if log_ratio > 0 else f"1/{times} of the reference"
    slip = _best_slip(log_ratio, expected)
    message = f"{shown} is {direction} (allowed: {expected.band}). "
    if slip:
        message += "Likely slip: " + slip
    else:
        message += "Recheck the arithmetic step by step" + (f": {expected.hint}" if expected.hint else ".")
    return Finding(expected.check, False, message, expected.weight)


def _factor_text(log_factor: float) -> str:
    """A factor >= 1 given by its natural log, in 3 significant digits (a power of ten when huge)."""
    if log_factor < 700:  # exp(709.8) is the largest float
        return f"{math.exp(log_factor):.3g}"
    return f"~10^{log_factor / math.log(10):.0f}"


def _reference_magnitude(expected: Expected) -> float:
    if expected.unit is None:
        return float(expected.reference.to("dimensionless").magnitude)
    return float(expected.reference.to(expected.unit).magnitude)


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e6 or abs(value) < 1e-3:
        return f"{value:.3g}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _unit_text(unit: str | None) -> str:
    return {"1/s": "per second", "1 / s": "per second"}.get(unit or "", unit or "")


def _example(unit: str) -> str:
    """How to write 3 of ``unit`` with the course's units."""
    special = {"1/s": "3 / u.s", "Mbit/s": "3 * u.Mbit / u.s", "MB/s": "3 * u.MB / u.s"}
    return f"`{special.get(unit, f'3 * u.{unit}')}` or `u(\"3 {unit}\")`"
