"""The one hypothesis configuration every hidden property test uses.

Deterministic (``derandomize=True``: the same examples on every run, so the same
score), bounded (``max_examples``), silent (``Verbosity.quiet``, no blob printed) and
leaving nothing on disk (``database=None``). ``deadline=None`` because the checker's
own time budget (see ``_guard``) decides what is too slow; health checks are off
because a slow learner function is a finding, not an error of the test.
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, Verbosity, settings

__all__ = ["quiet_settings"]


def quiet_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        verbosity=Verbosity.quiet,
        print_blob=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
    )
