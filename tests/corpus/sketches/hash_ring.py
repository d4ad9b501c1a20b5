"""Consistent-hashing rings as engineers write them: the correct ones must get full marks in the
grading scope, each wrong one must lose the report line it names.

Sources of the idioms: Xu, *System Design Interview* ch. 5 (a ring of hashed servers and virtual
nodes, the first server clockwise), Karger et al. and Dynamo (several points per node), Ketama
(four points from one md5 digest), Grokking's "vn" labels, and the usual shapes: bisect over sorted
tuples, a dict of point -> node with a sorted key list, a linear scan, a hand-written binary search,
md5/sha1/sha256/blake2b/crc32 and hand-written FNV-1a and murmur3 hashes.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import random
import struct
import uuid
import zlib
from dataclasses import dataclass, field

from . import registry

CORRECT, WRONG, correct, wrong = registry()


def stable_hash(text: str) -> int:
    """The notebook's helper: a 64-bit md5 prefix."""
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


def fnv1a_64(text: str) -> int:
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    # FNV alone keeps similar labels close; a final avalanche (splitmix64) spreads them
    h ^= h >> 30
    h = (h * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    h ^= h >> 27
    h = (h * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return h ^ (h >> 31)


def murmur3_32(text: str, seed: int = 0) -> int:
    data = text.encode()
    c1, c2, h = 0xCC9E2D51, 0x1B873593, seed
    for i in range(0, len(data) - len(data) % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * c1) & 0xFFFFFFFF
        k = ((k << 15) | (k >> 17)) & 0xFFFFFFFF
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
        h = ((h << 13) | (h >> 19)) & 0xFFFFFFFF
        h = (h * 5 + 0xE6546B64) & 0xFFFFFFFF
    tail = data[len(data) - len(data) % 4:]
    k = 0
    for i, byte in enumerate(tail):
        k |= byte << (8 * i)
    if tail:
        k = (k * c1) & 0xFFFFFFFF
        k = ((k << 15) | (k >> 17)) & 0xFFFFFFFF
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


# -- correct ---------------------------------------------------------------------------------------


@correct("the course's shape: sorted (hash, node) tuples, bisect_left, % len to wrap")
class TupleBisect:
    def __init__(self, nodes=(), vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), "")) % len(self.points)
        return self.points[i][1]


@correct("Xu ch. 5: a dict ring of hash -> server, a sorted key list, md5 hexdigest, replicas")
class XuRing:
    def __init__(self, nodes=None, vnodes=100):
        self.replicas = vnodes
        self.ring = {}
        self.sorted_keys = []
        for node in nodes or []:
            self.add_node(node)

    def _hash(self, key):
        return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16)

    def add_node(self, node):
        for i in range(self.replicas):
            h = self._hash(f"{node}:{i}")
            self.ring[h] = node
            bisect.insort(self.sorted_keys, h)

    def remove_node(self, node):
        for i in range(self.replicas):
            h = self._hash(f"{node}:{i}")
            del self.ring[h]
            self.sorted_keys.remove(h)

    def node_for(self, key):
        h = self._hash(key)
        idx = bisect.bisect(self.sorted_keys, h)
        if idx == len(self.sorted_keys):
            idx = 0
        return self.ring[self.sorted_keys[idx]]


@correct("sha1, a dict of point -> node and a linear scan of the sorted points")
class Sha1Scan:
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


@correct("crc32 points, two parallel lists kept in step with bisect")
class Crc32Parallel:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.hashes, self.owners = [], []
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        for i in range(self.vnodes):
            h = zlib.crc32(f"{i}:{node}".encode())
            at = bisect.bisect_left(self.hashes, h)
            self.hashes.insert(at, h)
            self.owners.insert(at, node)

    def remove_node(self, node):
        keep = [(h, n) for h, n in zip(self.hashes, self.owners, strict=True) if n != node]
        self.hashes = [h for h, _ in keep]
        self.owners = [n for _, n in keep]

    def node_for(self, key):
        at = bisect.bisect_left(self.hashes, zlib.crc32(key.encode()))
        return self.owners[at % len(self.owners)]


@correct("Grokking's virtual-node labels ('node-vn3'), sha256, rebuilt sorted list")
class GrokkingSha256:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.vnode_map = {}
        for node in nodes:
            self.add_node(node)

    @staticmethod
    def _hash(text):
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")

    def add_node(self, node):
        for v in range(self.vnodes):
            self.vnode_map[self._hash(f"{node}-vn{v}")] = node
        self.keys = sorted(self.vnode_map)

    def remove_node(self, node):
        for v in range(self.vnodes):
            self.vnode_map.pop(self._hash(f"{node}-vn{v}"), None)
        self.keys = sorted(self.vnode_map)

    def node_for(self, key):
        i = bisect.bisect_right(self.keys, self._hash(key))
        return self.vnode_map[self.keys[i if i < len(self.keys) else 0]]


@correct("blake2b with digest_size=8, a dataclass ring with field(default_factory=list)")
@dataclass
class Blake2Ring:
    nodes: list = field(default_factory=list)
    vnodes: int = 100
    points: list = field(default_factory=list, init=False)

    def __post_init__(self):
        for node in list(self.nodes):
            self._place(node)

    @staticmethod
    def _h(text):
        return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")

    def _place(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}|{i}"), node))

    def add_node(self, node):
        self._place(node)

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("a hand-written FNV-1a with a final mix (no mmh3 dependency)")
class FnvRing:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.points.extend((fnv1a_64(f"{node}#{i}"), node) for i in range(self.vnodes))
        self.points.sort()

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (fnv1a_64(key), ""))
        return self.points[0 if i == len(self.points) else i][1]


@correct("a hand-written murmur3 (32-bit), points in a dict, sorted once per change")
class MurmurRing:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.owner = {}
        self.sorted_points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            self.owner[murmur3_32(f"{node}_{i}")] = node
        self.sorted_points = sorted(self.owner)

    def remove_node(self, node):
        self.owner = {h: n for h, n in self.owner.items() if n != node}
        self.sorted_points = sorted(self.owner)

    def node_for(self, key):
        h = murmur3_32(key)
        i = bisect.bisect_left(self.sorted_points, h)
        if i == len(self.sorted_points):
            i = 0
        return self.owner[self.sorted_points[i]]


@correct("counter-clockwise ownership: the point at or before the key, wrapping with index -1")
class CounterClockwise:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_right(self.points, (stable_hash(key), "\uffff")) - 1
        return self.points[i][1]  # i == -1 wraps to the last point


@correct("a hand-written binary search (lo/hi) instead of bisect")
class BinarySearch:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.keys, self.map = [], {}
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        for i in range(self.vnodes):
            h = stable_hash(f"{node}#{i}")
            self.map[h] = node
        self.keys = sorted(self.map)

    def remove_node(self, node):
        for h in [h for h, n in self.map.items() if n == node]:
            del self.map[h]
        self.keys = sorted(self.map)

    def node_for(self, key):
        h = stable_hash(key)
        lo, hi = 0, len(self.keys)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.keys[mid] < h:
                lo = mid + 1
            else:
                hi = mid
        return self.map[self.keys[lo % len(self.keys)]]


@correct("a frozen, ordered dataclass VirtualNode(point, node, replica)")
class VirtualNodeDataclass:
    @dataclass(frozen=True, order=True)
    class VirtualNode:
        point: int
        node: str
        replica: int

    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.ring = []
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        for r in range(self.vnodes):
            bisect.insort(self.ring, self.VirtualNode(stable_hash(f"{node}#{r}"), node, r))
        self.points = [v.point for v in self.ring]

    def remove_node(self, node):
        self.ring = [v for v in self.ring if v.node != node]
        self.points = [v.point for v in self.ring]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, stable_hash(key))
        return self.ring[i % len(self.ring)].node


@correct("Ketama: four 32-bit points from each md5 digest, the first vnodes of them")
class Ketama:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.continuum = []
        for node in nodes:
            self.add_node(node)

    def _points(self, node):
        points = []
        i = 0
        while len(points) < self.vnodes:
            digest = hashlib.md5(f"{node}-{i}".encode()).digest()
            points.extend(struct.unpack("<4I", digest))
            i += 1
        return points[: self.vnodes]

    def add_node(self, node):
        for p in self._points(node):
            bisect.insort(self.continuum, (p, node))

    def remove_node(self, node):
        self.continuum = [c for c in self.continuum if c[1] != node]

    def node_for(self, key):
        h = struct.unpack("<I", hashlib.md5(key.encode()).digest()[:4])[0]
        i = bisect.bisect_left(self.continuum, (h, ""))
        return self.continuum[i if i < len(self.continuum) else 0][1]


@correct("uuid5 of each label as its point (deterministic, no hashlib call in sight)")
class Uuid5Ring:
    NS = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")

    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (uuid.uuid5(self.NS, f"{node}#{i}").int, node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (uuid.uuid5(self.NS, key).int, ""))
        return self.points[i % len(self.points)][1]


@correct("random.Random(label) as a seeded point generator (str seeds are hashed with sha512)")
class SeededRandom:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (random.Random(f"{node}#{i}").random(), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (random.Random(key).random(), ""))
        return self.points[i % len(self.points)][1]


@correct("raw md5 digests (bytes) as points: bytes sort lexicographically")
class BytesPoints:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (hashlib.md5(f"{node}#{i}".encode()).digest(), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (hashlib.md5(key.encode()).digest(), ""))
        return self.points[i % len(self.points)][1]


@correct("a lookup cache invalidated on every add and remove")
class CachedLookups:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        self.cache = {}
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))
        self.cache.clear()

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]
        self.cache.clear()

    def node_for(self, key):
        if key not in self.cache:
            i = bisect.bisect_left(self.points, (stable_hash(key), "")) % len(self.points)
            self.cache[key] = self.points[i][1]
        return self.cache[key]


@correct("__slots__, an lru_cache'd module hash, idempotent add and tolerant remove")
class SlotsIdempotent:
    __slots__ = ("vnodes", "points", "members")

    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        self.members = set()
        for n in nodes:
            self.add_node(n)

    @staticmethod
    @functools.lru_cache(maxsize=65536)
    def _h(text):
        return stable_hash(text)

    def add_node(self, node):
        if node in self.members:
            return
        self.members.add(node)
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        if node not in self.members:
            return
        self.members.discard(node)
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("next() over a generator with the first point as its default")
class NextDefault:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.points += [(stable_hash(f"{node}#{i}"), node) for i in range(self.vnodes)]
        self.points.sort()

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        h = stable_hash(key)
        return next((n for p, n in self.points if p >= h), self.points[0][1])


@correct("sha1 little-endian prefix, labels with the replica first ('3:cache-a')")
class Sha1LittleEndian:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return int.from_bytes(hashlib.sha1(s.encode()).digest()[:8], "little")

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{i}:{node}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("replicas as the parameter name, nodes=None default, a hash_fn parameter")
class HashFnParameter:
    def __init__(self, nodes=None, replicas=100, hash_fn=stable_hash):
        self.replicas = replicas
        self.hash_fn = hash_fn
        self._ring = []
        for n in nodes or ():
            self.add_node(n)

    def add_node(self, node):
        for r in range(self.replicas):
            bisect.insort(self._ring, (self.hash_fn(f"{node}#{r}"), node))

    def remove_node(self, node):
        self._ring = [e for e in self._ring if e[1] != node]

    def node_for(self, key):
        if not self._ring:
            raise LookupError("empty ring")
        i = bisect.bisect_left(self._ring, (self.hash_fn(key), ""))
        return self._ring[i % len(self._ring)][1]


@correct("weights per node (default 1) multiplying the vnodes")
class Weighted:
    def __init__(self, nodes, vnodes=100, weights=None):
        self.vnodes = vnodes
        self.weights = weights or {}
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node, weight=None):
        count = self.vnodes * (weight or self.weights.get(node, 1))
        for i in range(count):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@correct("a node -> list-of-points index, so remove deletes exactly its points")
class PointIndex:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.by_node = {}
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        mine = [stable_hash(f"{node}/{i}") for i in range(self.vnodes)]
        self.by_node[node] = mine
        for p in mine:
            bisect.insort(self.points, (p, node))

    def remove_node(self, node):
        for p in self.by_node.pop(node, []):
            i = bisect.bisect_left(self.points, (p, node))
            if i < len(self.points) and self.points[i] == (p, node):
                del self.points[i]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@correct("the ring rebuilt from the member set on every change")
class RebuiltFromSet:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.members = set(nodes)
        self._rebuild()

    def _rebuild(self):
        self.points = sorted(
            (stable_hash(f"{node}#{i}"), node) for node in self.members for i in range(self.vnodes)
        )
        self.hashes = [h for h, _ in self.points]

    def add_node(self, node):
        self.members.add(node)
        self._rebuild()

    def remove_node(self, node):
        self.members.discard(node)
        self._rebuild()

    def node_for(self, key):
        i = bisect.bisect_left(self.hashes, stable_hash(key))
        return self.points[i % len(self.points)][1]


@correct("points as (hash, node, replica) triples")
class Triples:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for r in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{r}"), node, r))

    def remove_node(self, node):
        self.points = [t for t in self.points if t[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key),))
        return self.points[i % len(self.points)][1]


@correct("32-bit md5 prefix from the hexdigest, modulo 2**32 ring")
class Md5Hex32:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return int(hashlib.md5(s.encode()).hexdigest()[:8], 16)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("__len__ and __contains__ extras, keys hashed with a 'key:' prefix")
class WithDunders:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        self.nodes = set()
        for n in nodes:
            self.add_node(n)

    def __len__(self):
        return len(self.nodes)

    def __contains__(self, node):
        return node in self.nodes

    def add_node(self, node):
        self.nodes.add(node)
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"node:{node}:{i}"), node))

    def remove_node(self, node):
        self.nodes.discard(node)
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(f"key:{key}"), ""))
        return self.points[i % len(self.points)][1]


@correct("sha512 folded to 64 bits with XOR")
class Sha512Folded:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        d = hashlib.sha512(s.encode()).digest()
        h = 0
        for i in range(0, 64, 8):
            h ^= int.from_bytes(d[i:i + 8], "big")
        return h

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("a Dynamo-style token list per node, the ring built as a sorted list of (token, node)")
class DynamoTokens:
    def __init__(self, nodes, vnodes=100):
        self.tokens_per_node = vnodes
        self.tokens = {}
        for n in nodes:
            self.add_node(n)

    def _ring(self):
        return sorted((t, n) for n, ts in self.tokens.items() for t in ts)

    def add_node(self, node):
        self.tokens[node] = [stable_hash(f"{node}:token:{i}") for i in range(self.tokens_per_node)]
        self.ring = self._ring()

    def remove_node(self, node):
        self.tokens.pop(node, None)
        self.ring = self._ring()

    def node_for(self, key):
        i = bisect.bisect_left(self.ring, (stable_hash(key), ""))
        return self.ring[i % len(self.ring)][1]


@correct("hash(key) never used: sha224 via hashlib.new('sha224')")
class HashlibNew:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return int.from_bytes(hashlib.new("sha224", s.encode()).digest()[:8], "big")

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("bisect with key= (Python 3.10+) on a list of (point, node) pairs")
class BisectKey:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node), key=lambda p: p[0])

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, stable_hash(key), key=lambda p: p[0])
        return self.points[i % len(self.points)][1]


@correct("crc32 of the node with the replica number as the crc seed (zlib.crc32(data, value))")
class Crc32Seeded:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            h = zlib.crc32(node.encode(), zlib.crc32(str(i).encode()))
            bisect.insort(self.points, (h, node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (zlib.crc32(key.encode()), ""))
        return self.points[i % len(self.points)][1]


@correct("a Node dataclass holding its own points, the ring merges them")
class NodeObjects:
    @dataclass
    class Node:
        name: str
        points: list

    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.members = {}
        self.merged = []
        for n in nodes:
            self.add_node(n)

    def _merge(self):
        self.merged = sorted((p, node.name) for node in self.members.values() for p in node.points)

    def add_node(self, node):
        self.members[node] = self.Node(node, [stable_hash(f"{node}#{i}") for i in range(self.vnodes)])
        self._merge()

    def remove_node(self, node):
        del self.members[node]
        self._merge()

    def node_for(self, key):
        i = bisect.bisect_left(self.merged, (stable_hash(key), ""))
        return self.merged[i % len(self.merged)][1]


@correct("nodes given as any iterable, copied; empty ring raises a clear error")
class IterableNodes:
    def __init__(self, nodes=(), vnodes=100):
        self.vnodes = int(vnodes)
        self.points = []
        for n in tuple(nodes):
            self.add_node(n)

    def add_node(self, node):
        new = [(stable_hash(f"{node}#{i}"), node) for i in range(self.vnodes)]
        self.points = sorted(self.points + new)
        self.hashes = [p[0] for p in self.points]

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]
        self.hashes = [p[0] for p in self.points]

    def node_for(self, key):
        if not self.points:
            raise ValueError("no nodes on the ring")
        return self.points[bisect.bisect_left(self.hashes, stable_hash(key)) % len(self.hashes)][1]


@correct("sha3_256 points, a while-loop wrap instead of modulo")
class Sha3Ring:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return int.from_bytes(hashlib.sha3_256(s.encode()).digest()[:8], "big")

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        while i >= len(self.points):
            i -= len(self.points)
        return self.points[i][1]


@correct("try/except IndexError to wrap to the first point")
class ExceptWrap:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        try:
            return self.points[i][1]
        except IndexError:
            return self.points[0][1]


@correct("a dict of node -> points and a cached sorted view, rebuilt lazily on lookup")
class LazySortedView:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points_of = {}
        self._view = None
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.points_of[node] = [stable_hash(f"{node}#{i}") for i in range(self.vnodes)]
        self._view = None

    def remove_node(self, node):
        self.points_of.pop(node)
        self._view = None

    def _sorted(self):
        if self._view is None:
            self._view = sorted((p, n) for n, ps in self.points_of.items() for p in ps)
        return self._view

    def node_for(self, key):
        view = self._sorted()
        i = bisect.bisect_left(view, (stable_hash(key), ""))
        return view[i % len(view)][1]


@correct("md5 of the label encoded as UTF-16, big-endian 64-bit prefix")
class Utf16Labels:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return int.from_bytes(hashlib.md5(s.encode("utf-16-be")).digest()[8:], "big")

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("Hello Interview naming: servers, virtual_nodes, get_server aliased to node_for")
class HelloInterviewNames:
    def __init__(self, servers, virtual_nodes=100):
        self.virtual_nodes = virtual_nodes
        self.hash_ring = []
        for s in servers:
            self.add_server(s)

    def add_server(self, server):
        for v in range(self.virtual_nodes):
            bisect.insort(self.hash_ring, (stable_hash(f"{server}-{v}"), server))

    def remove_server(self, server):
        self.hash_ring = [e for e in self.hash_ring if e[1] != server]

    def get_server(self, key):
        idx = bisect.bisect_left(self.hash_ring, (stable_hash(key), "")) % len(self.hash_ring)
        return self.hash_ring[idx][1]

    add_node, remove_node, node_for = add_server, remove_server, get_server


@correct("sha1 hexdigest cut to 15 hex digits, int(..., 16)")
class Sha1Hex15:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return int(hashlib.sha1(s.encode()).hexdigest()[:15], 16)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@correct("a closure-based factory returning a namespace of functions")
def ClosureRing(nodes, vnodes=100):  # the learner's factory, named like the class
    points = []

    def add_node(node):
        for i in range(vnodes):
            bisect.insort(points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(node):
        points[:] = [p for p in points if p[1] != node]

    def node_for(key):
        i = bisect.bisect_left(points, (stable_hash(key), ""))
        return points[i % len(points)][1]

    for n in nodes:
        add_node(n)
    return type("Ring", (), {"add_node": staticmethod(add_node), "remove_node": staticmethod(remove_node),
                             "node_for": staticmethod(node_for)})()


# -- wrong -------------------------------------------------------------------------------------------

ADD_SMALL = "adding a node to a small ring moves keys only to it"
ADD = "for generated rings, adding a node moves keys only to it"
REMOVE = "removing a node moves only its keys"
KN = "adding 1 node to 10 moves about K/N keys"
LOAD = "virtual nodes keep every load within 0.5x-1.5x of fair"
WRAP = "lookups past the last point wrap around to the first"
PROCESS = "keys land on the same nodes in another process"
VALID = "node_for returns one of the ring's nodes, consistently"


@wrong("modulo placement: hash(key) % number of nodes", loses=ADD_SMALL)
class Modulo:
    def __init__(self, nodes, vnodes=100):
        self.nodes = list(nodes)

    def add_node(self, node):
        self.nodes.append(node)

    def remove_node(self, node):
        self.nodes.remove(node)

    def node_for(self, key):
        return self.nodes[stable_hash(key) % len(self.nodes)]


@wrong("modulo over the sorted node names", loses=ADD)
class ModuloSorted:
    def __init__(self, nodes, vnodes=100):
        self.nodes = sorted(nodes)

    def add_node(self, node):
        self.nodes = sorted([*self.nodes, node])

    def remove_node(self, node):
        self.nodes.remove(node)

    def node_for(self, key):
        return self.nodes[zlib.crc32(key.encode()) % len(self.nodes)]


@wrong("no wrap-around: IndexError for keys past the last point", loses=WRAP)
class NoWrap:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        return self.points[bisect.bisect_left(self.points, (stable_hash(key), ""))][1]


@wrong("past the last point, clamps to the last point ('avoid the IndexError')", loses=WRAP)
class ClampToLast:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[min(i, len(self.points) - 1)][1]


@wrong("a linear scan that falls back to the last point instead of the first", loses=WRAP)
class ScanFallsBackToLast:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.ring = {}
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            self.ring[stable_hash(f"{node}-{i}")] = node
        self.sorted_points = sorted(self.ring)

    def remove_node(self, node):
        self.ring = {h: n for h, n in self.ring.items() if n != node}
        self.sorted_points = sorted(self.ring)

    def node_for(self, key):
        h = stable_hash(key)
        points = self.sorted_points
        i = bisect.bisect_left(points, h)
        for p in points[i:i + 1]:
            if p >= h:
                return self.ring[p]
        return self.ring[points[-1]]


@wrong("predecessor ownership clamped at index 0 instead of wrapping to the last", loses=WRAP)
class PredecessorClamped:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_right(self.points, (stable_hash(key), "\uffff")) - 1
        return self.points[max(i, 0)][1]


@wrong("the smallest point above the key from a set, else the largest point", loses=WRAP)
class SetMinElseMax:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.owner = {}
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            self.owner[stable_hash(f"{node}#{i}")] = node

    def remove_node(self, node):
        self.owner = {p: n for p, n in self.owner.items() if n != node}

    def node_for(self, key):
        h = stable_hash(key)
        above = [p for p in self.owner if p >= h]
        return self.owner[min(above) if above else max(self.owner)]


@wrong("Python's built-in hash(): salted per process", loses=PROCESS)
class BuiltinHash:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("hash() of a (node, replica) tuple, masked to 32 bits", loses=PROCESS)
class TupleHash:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.ring, self.keys = {}, []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            self.ring[hash((node, i)) & 0xFFFFFFFF] = node
        self.keys = sorted(self.ring)

    def remove_node(self, node):
        self.ring = {h: n for h, n in self.ring.items() if n != node}
        self.keys = sorted(self.ring)

    def node_for(self, key):
        i = bisect.bisect(self.keys, hash(key) & 0xFFFFFFFF) % len(self.keys)
        return self.ring[self.keys[i]]


@wrong("md5 for the nodes but Python's hash() for the keys", loses=PROCESS)
class MixedHashes:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}") % 2**63, node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (hash(key) % 2**63, ""))
        return self.points[i % len(self.points)][1]


@wrong("random points per instance (random.random()), so two rings disagree", loses=PROCESS)
class RandomPoints:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        self.of = {}
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        mine = self.of.setdefault(node, [random.random() for _ in range(self.vnodes)])
        for p in mine:
            bisect.insort(self.points, (p, node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        h = int.from_bytes(hashlib.md5(key.encode()).digest()[:8], "big") / 2**64
        i = bisect.bisect_left(self.points, (h, ""))
        return self.points[i % len(self.points)][1]


@wrong("uuid4 tokens per node, remembered per instance", loses=PROCESS)
class Uuid4Tokens:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.tokens = {}
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        tokens = self.tokens.setdefault(node, [uuid.uuid4().int for _ in range(self.vnodes)])
        for t in tokens:
            bisect.insort(self.points, (t, node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (uuid.uuid5(uuid.NAMESPACE_DNS, key).int, ""))
        return self.points[i % len(self.points)][1]


@wrong("id() of the label string as its point", loses=PROCESS)
class IdPoints:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.labels = {}
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        labels = [f"{node}#{i}" for i in range(self.vnodes)]
        self.labels[node] = labels
        for label in labels:
            bisect.insort(self.points, (stable_hash(str(id(label))), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("every replica hashes the same label: one point, repeated", loses=LOAD)
class SameLabel:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for _ in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(node), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("vnodes accepted but ignored: one point per node", loses=LOAD)
class IgnoresVnodes:
    def __init__(self, nodes, vnodes=100):
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        bisect.insort(self.points, (stable_hash(node), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("vnodes read as the ring's total: vnodes // number of nodes each", loses=LOAD)
class VnodesAsTotal:
    def __init__(self, nodes, vnodes=100):
        self.total = vnodes
        self.members = list(nodes)
        self._rebuild()

    def _rebuild(self):
        each = max(1, self.total // max(1, len(self.members)))
        self.points = sorted((stable_hash(f"{n}#{i}"), n) for n in self.members for i in range(each))

    def add_node(self, node):
        self.members.append(node)
        self._rebuild()

    def remove_node(self, node):
        self.members.remove(node)
        self._rebuild()

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("the hash cut to one byte: 256 positions for a thousand points", loses=LOAD)
class OneByteHash:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return hashlib.md5(s.encode()).digest()[0]

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("sum of character codes as the hash", loses=LOAD)
class CharSum:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return sum(map(ord, s))

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("a 360-degree ring: md5 modulo 360", loses=LOAD)
class Degrees:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}") % 360, node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key) % 360, ""))
        return self.points[i % len(self.points)][1]


@wrong("remove_node deletes only the first virtual node", loses=REMOVE)
class RemovesOnePoint:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        for i, p in enumerate(self.points):
            if p[1] == node:
                del self.points[i]
                return

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("remove_node filters a copy and never stores it", loses=REMOVE)
class RemoveNoOp:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        remaining = [p for p in self.points if p[1] != node]
        return remaining

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("a lookup cache never invalidated", loses=REMOVE)
class StaleCache:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        self.cache = {}
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        if key not in self.cache:
            i = bisect.bisect_left(self.points, (stable_hash(key), ""))
            self.cache[key] = self.points[i % len(self.points)][1]
        return self.cache[key]


@wrong("remove rebuilds the ring from the remaining names with one point each", loses=REMOVE)
class RemoveRebuildsWithDefault:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node, vnodes=None):
        for i in range(vnodes or self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        names = sorted({n for _, n in self.points if n != node})
        self.points = []
        for n in names:
            self.add_node(n, vnodes=1)

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("replica points drawn from one seeded generator shared by all nodes in order", loses=REMOVE)
class SharedSeedSequence:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.rng = random.Random(42)
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for _ in range(self.vnodes):
            bisect.insort(self.points, (self.rng.getrandbits(64), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("appends points without sorting them after the constructor", loses=ADD)
class UnsortedAdd:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)
        self.points.sort()

    def add_node(self, node):
        for i in range(self.vnodes):
            self.points.append((stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("sorts the points by node name, then bisects by hash", loses=ADD)
class SortedByName:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.points += [(stable_hash(f"{node}#{i}"), node) for i in range(self.vnodes)]
        self.points.sort(key=lambda p: p[1])

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("labels include the ring size, so every point moves when a node joins", loses=ADD_SMALL)
class LabelWithSize:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.members = list(nodes)
        self._rebuild()

    def _rebuild(self):
        n = len(self.members)
        self.points = sorted((stable_hash(f"{m}#{i}/{n}"), m) for m in self.members for i in range(self.vnodes))

    def add_node(self, node):
        self.members.append(node)
        self._rebuild()

    def remove_node(self, node):
        self.members.remove(node)
        self._rebuild()

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("wraps with a size stored in __init__ and never updated", loses=ADD)
class StaleSize:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)
        self.size = len(self.points)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % self.size][1]


@wrong("the points live in a class attribute shared by every ring", loses=VALID)
class SharedClassList:
    points: list = []

    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points[:] = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("a mutable default argument: HashRing(nodes, vnodes, points=[]) shares one list", loses=VALID)
class MutableDefault:
    def __init__(self, nodes, vnodes=100, points=[]):  # noqa: B006 - the bug this entry is about
        self.vnodes = vnodes
        self.points = points
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points[:] = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("node_for returns the point's hash, not the node", loses=VALID)
class ReturnsPoint:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][0]


@wrong("node_for returns the whole (hash, node) pair", loses=VALID)
class ReturnsPair:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)]


@wrong("add_node replaces the ring's points with the new node's", loses=VALID)
class AddReplaces:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.points = sorted((stable_hash(f"{node}#{i}"), node) for i in range(self.vnodes))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("add_node records the name but puts no points on the ring", loses=KN)
class AddWithoutPoints:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.members = []
        self.points = []
        for n in nodes:
            self.members.append(n)
            for i in range(vnodes):
                bisect.insort(self.points, (stable_hash(f"{n}#{i}"), n))

    def add_node(self, node):
        self.members.append(node)

    def remove_node(self, node):
        self.members.remove(node)
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("rendezvous-looking modulo: the key's hash picks among the node hashes by remainder", loses=ADD)
class RemainderOfNodeHashes:
    def __init__(self, nodes, vnodes=100):
        self.nodes = list(nodes)

    def add_node(self, node):
        self.nodes.append(node)

    def remove_node(self, node):
        self.nodes.remove(node)

    def node_for(self, key):
        ranked = sorted(self.nodes, key=stable_hash)
        return ranked[stable_hash(key) % len(ranked)]


@wrong("jump-consistent-hash bucket numbers used as list indices (removal of a middle node reshuffles)", loses=REMOVE)
class JumpHashIndices:
    def __init__(self, nodes, vnodes=100):
        self.nodes = list(nodes)

    @staticmethod
    def _jump(key, buckets):
        b, j = -1, 0
        while j < buckets:
            b = j
            key = (key * 2862933555777941757 + 1) & 0xFFFFFFFFFFFFFFFF
            j = int((b + 1) * (float(1 << 31) / float((key >> 33) + 1)))
        return b

    def add_node(self, node):
        self.nodes.append(node)

    def remove_node(self, node):
        self.nodes.remove(node)

    def node_for(self, key):
        return self.nodes[self._jump(stable_hash(key), len(self.nodes))]


@wrong("remove_node takes the node out of a name list but leaves its points", loses=REMOVE)
class RemoveLeavesPoints:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.names = []
        self.points = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.names.append(node)
        for i in range(self.vnodes):
            bisect.insort(self.points, (stable_hash(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.names.remove(node)

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("points of a node salted with the node's position in the list", loses=REMOVE)
class PositionSalted:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.members = list(nodes)
        self._rebuild()

    def _rebuild(self):
        self.points = sorted(
            (stable_hash(f"{pos}:{m}#{i}"), m) for pos, m in enumerate(self.members) for i in range(self.vnodes)
        )

    def add_node(self, node):
        self.members.append(node)
        self._rebuild()

    def remove_node(self, node):
        self.members.remove(node)
        self._rebuild()

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (stable_hash(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("str(hash(label)) fed to md5: still Python's salted hash underneath", loses=PROCESS)
class Md5OfBuiltinHash:
    def __init__(self, nodes, vnodes=100):
        self.vnodes = vnodes
        self.points = []
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return stable_hash(str(hash(s)))

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.points, (self._h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.points = [p for p in self.points if p[1] != node]

    def node_for(self, key):
        i = bisect.bisect_left(self.points, (self._h(key), ""))
        return self.points[i % len(self.points)][1]


@wrong("Xu's dict ring with hash() instead of md5", loses=PROCESS)
class XuWithBuiltinHash:
    def __init__(self, nodes=None, vnodes=100):
        self.replicas = vnodes
        self.ring = {}
        self.sorted_keys = []
        for n in nodes or []:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.replicas):
            h = hash(f"{node}:{i}")
            self.ring[h] = node
            bisect.insort(self.sorted_keys, h)

    def remove_node(self, node):
        for i in range(self.replicas):
            h = hash(f"{node}:{i}")
            del self.ring[h]
            self.sorted_keys.remove(h)

    def node_for(self, key):
        idx = bisect.bisect(self.sorted_keys, hash(key)) % len(self.sorted_keys)
        return self.ring[self.sorted_keys[idx]]
