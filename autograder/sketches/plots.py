"""Short plots for module 6, drawn with the learner's own classes.

Both functions run the learner's code through the same guard as the checkers: if
it raises or does not return, they print one line saying so and draw nothing.
"""

from __future__ import annotations

from autograder.contract import unusable_callables
from autograder.guard import Session
from autograder.sketches.token_bucket import FakeClock

__all__ = ["fixed_window_admissions", "plot_admissions", "plot_ring_load"]


def _traffic() -> list[float]:
    """Request times (s): nothing at first, a burst around the 1 s window edge, then steady."""
    times = [0.9 + i * 0.2 / 40 for i in range(40)]  # 40 requests between 0.9 s and 1.1 s
    times += [1.2 + i * 0.05 for i in range(37)]  # 20 requests/s until 3 s
    return times


def fixed_window_admissions(times, limit: int, window: float) -> list[bool]:
    """A fixed-window counter: at most ``limit`` requests per aligned ``window`` seconds."""
    decisions, current, count = [], None, 0
    for t in times:
        index = int(t // window)
        if index != current:
            current, count = index, 0
        decisions.append(count < limit)
        count += count < limit
    return decisions


def plot_admissions(TokenBucket, *, capacity: int = 10, refill_rate: float = 10.0):  # the learner's class, so CamelCase
    """Admitted requests over time: your token bucket vs a fixed window of the same average rate."""
    import matplotlib.pyplot as plt

    bad = unusable_callables("plot", TokenBucket=TokenBucket)
    if bad is not None:
        print(f"No plot: {bad.findings[0].message}")
        return None
    times = _traffic()
    session = Session(per_check=2.0, total=2.0)
    decisions: list[bool] = []

    def run():
        clock = FakeClock(0.0)
        bucket = session.call("TokenBucket(...)", TokenBucket, capacity, refill_rate, clock)
        for t in times:
            clock.now = t
            decisions.append(bool(session.call(f"allow() at t={t:g}", bucket.allow)))

    problem = session.run(run)
    if problem is not None:
        print(f"No plot: {problem}")
        return None
    window = fixed_window_admissions(times, limit=capacity, window=capacity / refill_rate)

    def cumulative(flags):
        total, out = 0, []
        for flag in flags:
            total += flag
            out.append(total)
        return out

    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.step(times, list(range(1, len(times) + 1)), where="post", color="0.7", label="requests sent")
    ax.step(
        times,
        cumulative(window),
        where="post",
        label=f"fixed window ({capacity} per {capacity / refill_rate:g} s)",
    )
    ax.step(
        times,
        cumulative(decisions),
        where="post",
        label=f"token bucket (capacity {capacity}, {refill_rate:g}/s)",
    )
    ax.axvline(capacity / refill_rate, color="0.85", linestyle=":", zorder=0)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("requests (cumulative)")
    ax.set_title("Admitted requests: burst at a window edge")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def plot_ring_load(HashRing, *, nodes: int = 10, keys: int = 10_000, vnodes=(1, 100)):  # the learner's class, so CamelCase
    """Keys per node for your ring, with one point per node and with virtual nodes."""
    import matplotlib.pyplot as plt

    bad = unusable_callables("plot", HashRing=HashRing)
    if bad is not None:
        print(f"No plot: {bad.findings[0].message}")
        return None
    names = [f"node-{i}" for i in range(nodes)]
    key_names = [f"item:{i}" for i in range(keys)]
    loads: dict[int, list[int]] = {}
    session = Session(per_check=3.0, total=3.0)

    def run():
        for v in vnodes:
            ring = session.call(f"HashRing(nodes, {v})", HashRing, list(names), v)
            counts = dict.fromkeys(names, 0)
            for key in key_names:
                node = session.call(f"node_for({key!r})", ring.node_for, key)
                counts[node] = counts.get(node, 0) + 1
            loads[v] = [counts[n] for n in names]

    problem = session.run(run)
    if problem is not None:
        print(f"No plot: {problem}")
        return None
    fig, axes = plt.subplots(1, len(vnodes), figsize=(7, 3), sharey=True)
    axes = list(axes) if len(vnodes) > 1 else [axes]
    fair = keys / nodes
    for ax, v in zip(axes, vnodes, strict=True):
        ax.bar(range(nodes), loads[v], color="tab:blue")
        ax.axhline(fair, color="black", linestyle="--", linewidth=1, label="fair share")
        ax.set_title(f"{v} point(s) per node: max {max(loads[v]) / fair:.1f}x fair")
        ax.set_xlabel("node")
    axes[0].set_ylabel(f"keys (of {keys:,})")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig
