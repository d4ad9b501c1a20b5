"""The level rubric of module 8: criteria grouped by level (mid, senior, staff) and area, and a chart.

The criteria live in ``autograder/rubrics/08-mock-interview.yaml`` (questions ``level_mid``,
``level_senior`` and ``level_staff``; each criterion's id is an area), so the learner's
self-assessment widget, the instructor's mark scheme and this chart read the same lines. Sources:
Hello Interview's guide to what is expected at each level, Xu's "System Design Interview" ch. 3 and
Exponent's rubric (cited in the YAML). :func:`level_chart` draws a self-assessment as a grid of
levels by areas (matplotlib, no display needed); :data:`MID_ANSWER` and :data:`STAFF_ANSWER` answer
the same prompt at two levels, and :data:`STAFF_ADDS` lists what the staff answer adds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from autograder.rubric.model import Rubric, load_rubric

__all__ = ["AREAS", "ASSIGNMENT", "HALF", "LEVELS", "MID_ANSWER", "STAFF_ADDS", "STAFF_ANSWER", "level_chart",
           "level_grid", "level_rubric"]

ASSIGNMENT = "08-mock-interview"
LEVELS = ("mid", "senior", "staff")
AREAS = ("requirements", "estimates", "api_data", "design", "deep_dive", "communication")
AREA_TITLES = {"requirements": "requirements", "estimates": "estimates", "api_data": "API and data",
               "design": "design", "deep_dive": "deep dive", "communication": "communication"}


def level_rubric(rubric: Rubric | None = None) -> dict[str, dict[str, str]]:
    """level -> area -> what that level is expected to show there (the criterion's text)."""
    rubric = rubric or load_rubric(ASSIGNMENT)
    out: dict[str, dict[str, str]] = {}
    for level in LEVELS:
        q = rubric.question(f"level_{level}")
        out[level] = {c.id: c.text for c in q.criteria}
    return out


HALF = 0.5
"""A criterion ticked for half credit (the save file stores 0.5 for it)."""


def level_grid(assessment: Mapping[str, Any]) -> dict[str, dict[str, bool | float | None]]:
    """level -> area -> ticked (True), half credit (0.5), not ticked (False) or not assessed (None).

    ``assessment`` is a self-assessment save file's content (``{"questions": {"level_mid":
    {"criteria": {"requirements": true, ...}}}}``), its ``questions`` mapping, or a plain
    ``{"mid": {"requirements": True, ...}}``. Anything unreadable counts as not assessed.
    """
    questions = assessment.get("questions", assessment) if isinstance(assessment, Mapping) else {}
    grid: dict[str, dict[str, bool | float | None]] = {}
    for level in LEVELS:
        entry = questions.get(f"level_{level}", questions.get(level)) if isinstance(questions, Mapping) else None
        ticks = entry.get("criteria", entry) if isinstance(entry, Mapping) else None
        grid[level] = {}
        for area in AREAS:
            value = ticks.get(area) if isinstance(ticks, Mapping) else None
            if isinstance(value, bool):
                grid[level][area] = value
            elif type(value) in (int, float) and value == HALF:
                grid[level][area] = HALF
            else:
                grid[level][area] = None
    return grid


def level_chart(assessment: Mapping[str, Any]) -> Figure:
    """A grid of levels (rows) by areas (columns): shown, half, not shown, or not assessed; with a share per level.

    Deterministic: the same assessment draws the same figure. Returned, never shown (display it in a
    notebook as the cell's value, or ``fig.savefig(...)``).
    """
    grid = level_grid(assessment)
    fig = Figure(figsize=(8, 2.8), layout="constrained")
    ax = fig.add_subplot()
    looks: dict[Any, tuple[str, str, str]] = {  # colour, label, text colour
        True: ("#1a7f37", "shown", "white"), HALF: ("#8fd19e", "half", "black"),
        False: ("#d0d7de", "not yet", "black"), None: ("#ffffff", "-", "black")}
    for row, level in enumerate(reversed(LEVELS)):
        for col, area in enumerate(AREAS):
            value = grid[level][area]
            colour, label, ink = looks[value]
            ax.add_patch(_rect(col, row, colour))
            ax.text(col + 0.5, row + 0.5, label, ha="center", va="center", fontsize=8, color=ink)
        shown = sum(1.0 if grid[level][a] is True else HALF if grid[level][a] == HALF else 0.0 for a in AREAS)
        ax.text(len(AREAS) + 0.1, row + 0.5, f"{shown:g}/{len(AREAS)}", va="center", fontsize=9)
    ax.set_xlim(0, len(AREAS) + 0.8)
    ax.set_ylim(0, len(LEVELS))
    ax.set_xticks([i + 0.5 for i in range(len(AREAS))], [AREA_TITLES[a] for a in AREAS], fontsize=8)
    ax.set_yticks([i + 0.5 for i in range(len(LEVELS))], list(reversed(LEVELS)))
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title("Self-assessment by level and area")
    return fig


def _rect(x: float, y: float, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x + 0.03, y + 0.05), 0.94, 0.9, facecolor=colour, edgecolor="#8c959f", linewidth=0.5)


MID_ANSWER = """\
**Prompt:** design a news feed for 150 million daily users.

I would ask how many users there are, how often they post and read, and whether the feed is ranked;
with 2 posts and 100 feed loads per user a day that is about 3,500 posts and 174,000 feed reads a
second on average. The API is `POST /v1/posts` and `GET /v1/feed?cursor=...`. Posts go in a table
keyed by post id with an index on (author, created_at); follows in a table of (follower, followee).
When someone posts, a worker reads the author's followers from a queue and adds the post id to each
follower's timeline in Redis; the feed read takes the first page of ids from Redis and fetches the
posts. Load balancers and several replicas of each service and store remove single points of failure.
"""

STAFF_ANSWER = MID_ANSWER + """\

On top of that design:

- **Evolution and migration.** The first version fans out on write for everyone. When celebrity
  accounts appear (DDIA's 30 million followers), add a read-time merge for accounts above a threshold,
  behind a flag, and backfill their followers' timelines so the switch is invisible. The timeline
  cache is rebuildable from the posts and follows tables, so its format can change by dual-writing and
  rebuilding instead of migrating in place.
- **Cost.** 520 thousand timeline writes a second at peak (75 followers a post) dominate; timelines of
  users inactive for 30 days are not kept, which removes most of that memory. I would price the cache
  cluster and the queue per month before choosing the threshold.
- **Build vs buy.** A managed queue and a managed cache (Kafka and Redis as a service) instead of
  running our own: the team is small and the differentiating work is the fan-out, not the brokers.
- **Ownership across teams.** The social-graph service belongs to the identity team; the feed team
  consumes its follow events rather than reading its tables, so either can change its storage.
- **Operational load.** On-call watches fan-out lag against the one-minute freshness target and p99
  of feed reads; a runbook covers replaying the queue after a worker bug and rebuilding a timeline shard.
"""

STAFF_ADDS = ("evolution and migration", "cost", "build vs buy", "ownership across teams", "operational load")
"""What the staff answer adds to the mid-level one (issue #15's list)."""
