"""Checker for the consistent-hashing sketch: ``HashRing(nodes, vnodes)``.

Answer format: a class (or factory) called as ``HashRing(nodes, vnodes)`` - ``nodes``
a list of node names (str), ``vnodes`` how many points (virtual nodes) each node gets
on the ring - with methods ``add_node(node)``, ``remove_node(node)`` and
``node_for(key) -> str`` (the node owning ``key``: the first point clockwise from the
key's hash, wrapping around).

What is checked, and the stated tolerances:

- ``node_for`` returns one of the ring's current nodes, the same one every time;
- adding a node moves keys only *to the new node*, and removing one moves only the
  keys it held (property-based, hypothesis, for random node sets and vnode counts);
- with 100 virtual nodes, adding an 11th node to 10 moves between half and twice
  the fair share K/11 of K = 3,000 keys (modulo hashing moves about 10/11 of them);
- with 100 virtual nodes per node, each of 10 nodes holds between 0.5x and 1.5x its
  fair share of 10,000 keys (with one point per node the busiest node typically
  holds 2-3x);
- lookups past the last point wrap around to the first: with one point per node, a
  node joining a ring takes its keys from the node after it *on the circle* - for
  every one of three nodes, which holds only if the keys past the last point belong
  to the first point's node (a ring that gives them to the last node, or raises
  ``IndexError``, does not wrap);
- a key lands on the same node in another Python process. Python's ``hash()`` of a
  ``str`` or ``bytes`` is salted per process (``PYTHONHASHSEED``), so a ring built
  on it places keys differently in every kernel, worker and server. The check is
  deterministic and in-process: it builds the ring again while ``builtins.hash``
  hashes strings and bytes with another salt (numbers and other objects hash as
  before), exactly what a new process does, and compares where 300 keys land. Two rings
  built side by side must agree too (no random points, no ``id()``). Not seen: placement
  that depends on the process some other way (a salt from ``os.getpid()``, the iteration
  order of a set of strings) or a ``hash`` bound before the check ran (a default argument).

``scope="visible"`` runs the two example checks the learner sees; ``scope="hidden"``
runs those same checks with the same weights, then adds the property-based tests used
for grading. Anything else raises ValueError (see :mod:`autograder.contract`).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from autograder.contract import check_scope, unusable_callables
from autograder.guard import LearnerError, Session, short
from autograder.hashsalt import another_process
from autograder.report import Report
from autograder.sketches._checks import Check, run_checks
from autograder.sketches._hyp import quiet_settings

__all__ = ["HIDDEN", "LOAD_BOUND", "MOVE_TOLERANCE", "VISIBLE", "check_hash_ring"]

TITLE = "consistent hashing ring"
MOVE_TOLERANCE = (0.5, 2.0)
"""Keys moved by adding a node, as a multiple of the fair share K/(N+1): allowed range."""
LOAD_BOUND = (0.5, 1.5)
"""Keys per node with 100 virtual nodes, as a multiple of the fair share K/N: allowed range."""
_VNODES = 100
_TIMEOUT_HINT = (
    "Keep the ring's points in a sorted list and find a key's point with `bisect`, instead of "
    "sorting or scanning all points on every lookup."
)


def _keys(count: int, prefix: str = "user") -> list[str]:
    return [f"{prefix}:{i}" for i in range(count)]


class _Ring:
    """The learner's ring, with the node list the checker believes it holds."""

    def __init__(self, session: Session, factory, nodes, vnodes) -> None:
        self.session = session
        self.nodes = list(nodes)
        self.removed: set = set()
        self.vnodes = vnodes
        self.made = f"HashRing({short(self.nodes, 60)}, {vnodes})"
        self.ring = session.call(self.made, factory, list(nodes), vnodes)
        # Each method is read once: at grading, every attribute read of the learner's object is a
        # round trip to its kernel, and a check makes tens of thousands of lookups.
        self.methods: dict[str, Any] = {}
        for method in ("add_node", "remove_node", "node_for"):
            self.methods[method] = getattr(self.ring, method, None)
            if not callable(self.methods[method]):
                session.fail(f"{self.made} has no method {method}(); define it in the class.")

    def node_for(self, key: str):
        try:
            node = self.session.call(f"node_for({key!r}) on {self.made}", self.methods["node_for"], key)
        except LearnerError as error:
            self._wrap_hint(error)
            raise
        return self._valid(key, node)

    def _wrap_hint(self, error: LearnerError) -> None:
        if isinstance(error.error, IndexError):
            self.session.fail(error.describe() + ". " + _WRAP_HINT)

    def _valid(self, key: str, node):
        if node not in self.nodes:
            self.session.fail(
                f"node_for({key!r}) on a ring of {short(self.nodes, 60)} returned {short(node)}, "
                "which is not one of its nodes: return the node name stored with the point you found "
                "(and drop all of a node's points in remove_node)."
                + (
                    " If that node belongs to another ring, your rings share state: create the list "
                    "in __init__ (`self.points = []`), not in the class body."
                    if isinstance(node, str) and node not in self.removed
                    else ""
                )
            )
        return node

    def mapping(self, keys) -> dict:
        """``{key: self.node_for(key) for key in keys}``, in batches when the ring is in another process."""
        keys = list(keys)
        nodes = self.session.call_each(lambda key: f"node_for({key!r}) on {self.made}", self.methods["node_for"],
                                       keys, accept=list(self.nodes))
        found = {}
        try:
            for key, node in zip(keys, nodes, strict=True):
                found[key] = self._valid(key, node)
        except LearnerError as error:
            self._wrap_hint(error)
            raise
        return found

    def add(self, node: str) -> None:
        self.session.call(f"add_node({node!r}) on {self.made}", self.methods["add_node"], node)
        self.nodes.append(node)
        self.removed.discard(node)
        self.made = f"HashRing({short(self.nodes, 60)}, {self.vnodes})"

    def remove(self, node: str) -> None:
        self.session.call(f"remove_node({node!r}) on {self.made}", self.methods["remove_node"], node)
        self.nodes.remove(node)
        self.removed.add(node)
        self.made = f"HashRing({short(self.nodes, 60)}, {self.vnodes})"


def check_hash_ring(HashRing, *, scope: str = "visible") -> Report:  # the learner's class, so CamelCase
    """Check a consistent-hashing ring class; see the module docstring for the answer format."""
    check_scope(scope)
    bad = unusable_callables(TITLE, HashRing=HashRing)
    if bad is not None:
        return bad
    return run_checks(TITLE, scope, (HashRing,), VISIBLE, HIDDEN,
                      per_check=1.5, total=6.0, hint=_TIMEOUT_HINT)


# -- single checks ------------------------------------------------------------------------


def _valid_and_stable(session, factory):
    # two rings with other node names: a ring that keeps its points in the class body shows here
    for nodes, vnodes in ((["cache-a", "cache-b", "cache-c"], 1), (["db-1", "db-2", "db-3", "db-4"], 10)):
        ring = _Ring(session, factory, nodes, vnodes)
        keys = _keys(200)
        first = ring.mapping(keys)
        if first != ring.mapping(keys):
            session.fail(f"{ring.made}: node_for gave different nodes for the same key on a second call.")
        for node in ring.nodes:
            if node not in first.values() and vnodes > 1:
                session.fail(
                    f"{ring.made}: no key of 200 went to {node!r}; hash every virtual node onto the ring."
                )


def _moves_on_add(ring: _Ring, keys, new: str):
    before = ring.mapping(keys)
    ring.add(new)
    after = ring.mapping(keys)
    wrong = [k for k in keys if after[k] != before[k] and after[k] != new]
    if wrong:
        key = wrong[0]
        ring.session.fail(
            f"adding {new!r} to {short(ring.nodes[:-1], 60)} (vnodes={ring.vnodes}) moved key {key!r} from "
            f"{before[key]!r} to {after[key]!r}: only keys that now fall on the new node's points may move, "
            f"and they move to it ({len(wrong)} of {len(keys)} keys moved elsewhere). "
            "Modulo hashing (hash % number of nodes) remaps almost everything."
        )
    return before, after


def _example_add(session, factory):
    ring = _Ring(session, factory, ["cache-a", "cache-b", "cache-c"], 1)
    _moves_on_add(ring, _keys(300), "cache-d")


_NAME_POOL = [
    "a", "b", "a1", "a-1", "a11", "cache-1", "cache-10", "cache-11", "cache-2", "db", "db-primary",
    "node#1", "node 2", "10.0.0.1:6379", "10.0.0.11:6379", "us-east-1a", "eu-west-1b", "redis-0",
    "redis-00", "0", "1", "10", "x" * 40, "caf\u00e9", "\u7f13\u5b58", "Node", "node", "n-3", "n3", "n33",
]
"""Node names for the generated rings: prefixes of each other, digits that run together in a
label (``"a1" + "1"`` and ``"a" + "11"``), addresses, non-ASCII: cheap to draw, hard to get wrong."""
_node_names = st.sampled_from(_NAME_POOL)


def _add_moves_only_to_new(session, factory):
    keys = _keys(100, "k")

    @quiet_settings(12)
    @given(
        st.lists(_node_names, min_size=1, max_size=6, unique=True), _node_names, st.sampled_from([1, 3, 16])
    )
    def prop(nodes, new, vnodes):
        if new in nodes:
            new = new + "-new"
        if new in nodes:
            return
        _moves_on_add(_Ring(session, factory, nodes, vnodes), keys, new)

    prop()


def _remove_moves_only_its_keys(session, factory):
    keys = _keys(100, "k")

    @quiet_settings(12)
    @given(
        st.lists(_node_names, min_size=2, max_size=6, unique=True),
        st.integers(0, 5),
        st.sampled_from([1, 3, 16]),
    )
    def prop(nodes, which, vnodes):
        ring = _Ring(session, factory, nodes, vnodes)
        gone = nodes[which % len(nodes)]
        before = ring.mapping(keys)
        ring.remove(gone)
        after = ring.mapping(keys)
        wrong = [k for k in keys if before[k] != gone and after[k] != before[k]]
        if wrong:
            key = wrong[0]
            session.fail(
                f"removing {gone!r} from {short(nodes, 60)} (vnodes={vnodes}) moved key {key!r} from "
                f"{before[key]!r} to {after[key]!r}: only the removed node's keys may move "
                f"({len(wrong)} of {len(keys)} other keys moved)."
            )
        ring.add(gone)  # adding it back restores the original placement
        again = ring.mapping(keys)
        changed = [k for k in keys if again[k] != before[k]]
        if changed:
            session.fail(
                f"removing {gone!r} and adding it back changed the node of {len(changed)} of {len(keys)} keys "
                f"(e.g. {changed[0]!r}): a node's points must depend only on its name."
            )

    prop()


def _moves_about_k_over_n(session, factory):
    nodes = [f"node-{i}" for i in range(10)]
    keys = _keys(3000)
    ring = _Ring(session, factory, nodes, _VNODES)
    before, after = _moves_on_add(ring, keys, "node-10")
    moved = sum(before[k] != after[k] for k in keys)
    fair = len(keys) / 11
    low, high = MOVE_TOLERANCE
    if not low * fair <= moved <= high * fair:
        session.fail(
            f"adding an 11th node (vnodes={_VNODES}) moved {moved} of {len(keys)} keys; expected about "
            f"K/N = {fair:.0f} (between {low * fair:.0f} and {high * fair:.0f}). "
            + ("The new node got no keys: put its points on the ring." if moved == 0 else "")
        )


def _load_with_vnodes(session, factory):
    nodes = [f"node-{i}" for i in range(10)]
    keys = _keys(10_000, "item")
    ring = _Ring(session, factory, nodes, _VNODES)
    counts = {node: 0 for node in nodes}
    for node in ring.mapping(keys).values():
        counts[node] += 1
    fair = len(keys) / len(nodes)
    low, high = LOAD_BOUND
    busiest = max(counts, key=counts.__getitem__)
    idlest = min(counts, key=counts.__getitem__)
    if counts[busiest] > high * fair or counts[idlest] < low * fair:
        session.fail(
            f"with {_VNODES} virtual nodes per node, loads of 10,000 keys on 10 nodes range from "
            f"{counts[idlest]} ({idlest}) to {counts[busiest]} ({busiest}); each node should hold "
            f"between {low * fair:.0f} and {high * fair:.0f}. Give each virtual node its own point: "
            "hash a distinct label per replica, e.g. f'{node}#{i}'."
        )


_WRAP_HINT = ("A key whose hash is past the ring's last point belongs to the *first* point: wrap the "
              "index around, `bisect.bisect_left(hashes, h) % len(hashes)`.")


def _takes_from(session, factory, trio, keys) -> dict | None:
    """For each node X of ``trio`` (one point per node): the node whose keys X takes when it joins a
    ring of the other two, or None when that is not one node (no keys moved, or several gave keys)."""
    full = _Ring(session, factory, list(trio), 1).mapping(keys)
    sources: dict = {}
    for node in trio:
        others = [n for n in trio if n != node]
        without = _Ring(session, factory, others, 1).mapping(keys)
        given_up = {without[k] for k in keys if full[k] == node}
        if len(given_up) != 1:
            return None
        sources[node] = given_up.pop()
    return sources


def _wraps_around(session, factory):
    # On a circle of three points, a joining node takes its keys from the node after it, so the
    # three "takes from" arrows form one cycle (a->b->c->a). A ring that hands the keys past its
    # last point to the last node (clamping the index) is a line, not a circle: two nodes then
    # take from the same one. Rings whose nodes take from several nodes (vnodes ignored) or one
    # of whose arcs holds no key give no verdict; another trio of names is tried.
    keys = _keys(1200, "wrap")
    for trio in (("cache-a", "cache-b", "cache-c"), ("east", "west", "north"), ("n1", "n2", "n3")):
        sources = _takes_from(session, factory, trio, keys)
        if sources is None:
            continue
        if sorted(sources.values()) != sorted(trio) or any(sources[sources[n]] == n for n in trio):
            arrows = ", ".join(f"{n!r} from {sources[n]!r}" for n in trio)
            session.fail(
                f"with one point per node, joining a ring of the other two, {arrows}: on a circle "
                "each node takes keys from the next node clockwise, so the three must differ. The keys "
                "past your last point go to the wrong node. " + _WRAP_HINT
            )
        return


def _same_in_another_process(session, factory):
    nodes = ["cache-a", "cache-b", "cache-c", "cache-d"]
    keys = _keys(300, "session")
    here = _Ring(session, factory, nodes, 10).mapping(keys)
    again = _Ring(session, factory, nodes, 10).mapping(keys)
    differ = [k for k in keys if here[k] != again[k]]
    if differ:
        session.fail(
            f"two rings built from the same {len(nodes)} nodes placed {len(differ)} of {len(keys)} keys "
            f"differently (e.g. {differ[0]!r}: {here[differ[0]]!r} and {again[differ[0]]!r}): a key's node "
            "must depend only on the node names and the key - no random numbers, no id()."
        )
    with another_process():
        there = _Ring(session, factory, nodes, 10).mapping(keys)
    differ = [k for k in keys if here[k] != there[k]]
    if differ:
        session.fail(
            f"in another Python process {len(differ)} of {len(keys)} keys land on another node (e.g. "
            f"{differ[0]!r}: {here[differ[0]]!r} here, {there[differ[0]]!r} there): Python's hash() of a "
            "string is salted per process (PYTHONHASHSEED), so every server would place keys its own way. "
            "Hash with `stable_hash` (hashlib.md5) or another hash that does not change between processes."
        )


VISIBLE = [
    Check("node_for returns one of the ring's nodes, consistently", 1, _valid_and_stable,
          "every key maps to a live node, the same each time"),
    Check("adding a node to a small ring moves keys only to it", 1, _example_add,
          "keys that move, move to the new node"),
]
"""What the learner's check cell runs (``scope="visible"``)."""

HIDDEN = [
    Check("for generated rings, adding a node moves keys only to it", 2, _add_moves_only_to_new,
          "keys that move, move to the new node, for every ring tried"),
    Check("removing a node moves only its keys", 2, _remove_moves_only_its_keys,
          "only the removed node's keys move; adding it back restores them"),
    Check("adding 1 node to 10 moves about K/N keys", 1, _moves_about_k_over_n, "about K/N keys moved"),
    Check("virtual nodes keep every load within 0.5x-1.5x of fair", 1, _load_with_vnodes, "loads within the bound"),
    Check("lookups past the last point wrap around to the first", 1, _wraps_around,
          "keys past the last point belong to the first point's node"),
    Check("keys land on the same nodes in another process", 1, _same_in_another_process,
          "placement depends only on names: the same in every process"),
]
"""What grading adds (``scope="hidden"``), after the visible checks."""
