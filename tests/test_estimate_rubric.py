"""The written answer's rubric: its figures are the course's computed estimate, not typed-in guesses."""

from __future__ import annotations

import re

from autograder.estimate import SHORTENER, SHORTENER_HIDDEN, shortener_reference
from autograder.rubric import load_rubric

QUESTION = load_rubric("04-capacity-estimates").question("estimate_decision")
REF = shortener_reference(SHORTENER)
HIDDEN = shortener_reference(SHORTENER_HIDDEN)


def _mentions(text: str, phrase: str) -> bool:
    return phrase in " ".join(text.split())


def test_model_answer_figures_match_the_computed_estimate():
    text = QUESTION.model_answer
    assert _mentions(text, f"about {REF['codes_over_retention'] / 1e9:.0f} billion")
    assert _mentions(text, f"about {REF['collision_probability']:.0%} of the time")
    assert REF["key_length"] == 7 and _mentions(text, "seven-character base62")
    egress = REF["egress"].to("Mbit/s").magnitude
    assert _mentions(text, f"about {egress:.0f} Mbit/s out on average")
    assert _mentions(text, f"({egress * SHORTENER.peak_factor:.0f} Mbit/s at peak)")


def test_strong_answer_figures_match_the_computed_estimates():
    text = QUESTION.strong_answer_adds
    assert _mentions(text, f"about {REF['storage_replicated'].to('TB').magnitude:.0f} TB replicated")
    assert _mentions(text, f"the {REF['cache_size'].to('GB').magnitude:.0f} GB cache")
    assert HIDDEN["key_length"] == 6 and _mentions(text, "a 6-character code")
    assert _mentions(text, f"about {HIDDEN['collision_probability']:.0%} of codes taken")


def test_every_number_in_the_model_answer_is_accounted_for():
    # 62 is the alphabet of "base62"; the others are checked against the code above.
    numbers = set(re.findall(r"\d[\d,.]*", QUESTION.model_answer))
    assert numbers == {"365", "10", "46", "93", "62"}, numbers
