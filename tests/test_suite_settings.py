"""The suite's own settings: property tests are deterministic unless exploring on purpose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def test_the_default_profile_is_deterministic():
    if settings.get_current_profile_name() == "explore":  # chosen on purpose for this run
        pytest.skip("running under the explore profile")
    current = settings.default
    assert current.derandomize is True
    assert current.database is None
    assert current.deadline is None
    assert current.max_examples == settings.get_profile("suite").max_examples


def test_the_explore_profile_draws_fresh_and_more_examples():
    explore, suite = settings.get_profile("explore"), settings.get_profile("suite")
    assert explore.derandomize is False
    assert explore.max_examples > suite.max_examples
    assert explore.database is not None  # failures are kept and replayed


_SEEN: list[list[int]] = []


@settings(max_examples=20)
@given(st.lists(st.integers(), max_size=5))
def _record(xs: list[int]) -> None:
    _SEEN[-1].append(hash(tuple(xs)))


def test_two_runs_draw_the_same_examples():
    if not settings.default.derandomize:
        pytest.skip("only the deterministic profile promises this")
    for _ in range(2):
        _SEEN.append([])
        _record()
    assert _SEEN[0] == _SEEN[1] and len(set(_SEEN[0])) > 1
