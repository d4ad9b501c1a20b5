"""Builder of notebooks/building-blocks.ipynb (run: python authoring/building_blocks.py).

An ungraded, sourced reference of the building blocks the modules lean on: replication,
partitioning and rebalancing, queues and delivery guarantees, consistency models and caching
patterns. Each section is a short table of options with what each buys and costs, one small
computed example (never a figure typed into prose), and its sources. It runs under nbval in the
suite: no network, well under a second.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402

DDIA = "Martin Kleppmann, *Designing Data-Intensive Applications* (O'Reilly, 2017)"
DDIA_URL = "https://dataintensive.net/"
DYNAMO = (
    "G. DeCandia et al., *Dynamo: Amazon's highly available key-value store*, SOSP 2007 "
    "(https://www.allthingsdistributed.com/files/amazon-dynamo-sosp2007.pdf)"
)
KARGER = (
    "D. Karger et al., *Consistent hashing and random trees*, STOC 1997 "
    "(https://dl.acm.org/doi/10.1145/258533.258660)"
)
CASSANDRA_CONSISTENCY = "https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html"
DYNAMODB_READS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html"
DYNAMODB_INDEXES = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/SecondaryIndexes.html"
KAFKA_SEMANTICS = "https://kafka.apache.org/documentation/#semantics"
SQS_STANDARD = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues.html"
SQS_FIFO = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues.html"
JEPSEN = "https://jepsen.io/consistency"
TERRY = (
    "D. Terry et al., *Session guarantees for weakly consistent replicated data*, PDIS 1994 "
    "(https://doi.org/10.1109/PDIS.1994.331722)"
)
GILBERT_LYNCH = (
    "S. Gilbert and N. Lynch, *Brewer's conjecture and the feasibility of consistent, available, "
    "partition-tolerant web services*, SIGACT News 2002 (https://doi.org/10.1145/564585.564601)"
)
ABADI = (
    "D. Abadi, *Consistency tradeoffs in modern distributed database system design*, IEEE Computer 2012 "
    "(https://doi.org/10.1109/MC.2012.33)"
)
AWS_CACHING = (
    "https://docs.aws.amazon.com/whitepapers/latest/database-caching-strategies-using-redis/caching-patterns.html"
)
AZURE_CACHE_ASIDE = "https://learn.microsoft.com/en-us/azure/architecture/patterns/cache-aside"
MEMCACHE_FB = (
    "R. Nishtala et al., *Scaling Memcache at Facebook*, NSDI 2013 "
    "(https://www.usenix.org/conference/nsdi13/technical-sessions/presentation/nishtala)"
)


def build() -> Notebook:
    nb = Notebook("building-blocks")
    nb.md("""
    # Building blocks: a short, sourced reference

    The modules keep reaching for the same few parts: copies of data on several machines, data split
    across machines, queues between services, promises about what a read can see, and caches. This
    sheet gives each one a table - the usual options, what each buys, what each costs - one small
    computed example, and the sources to read next. It is a reference, not a lesson: about ten
    minutes to read, and nothing here is graded.

    Where a product is named, the behaviour is the product's documented default; most can be
    configured otherwise.
    """)

    # -- replication ---------------------------------------------------------------------------------
    nb.md(f"""
    ## 1. Replication: the same data on several machines

    Copies buy availability (a machine can fail), read capacity (reads spread over copies) and
    locality (a copy near the user). Every scheme then has to answer who accepts writes, and how late a
    copy may be.

    | scheme | who accepts writes | buys | costs | where you meet it |
    |---|---|---|---|---|
    | single leader | one leader; followers copy its log | simple ordering of writes; no write conflicts | failover when the leader dies; followers lag behind | PostgreSQL and MySQL replicas |
    | multi-leader | a leader per region or device | local writes in each region; survives a region | concurrent writes conflict and must be merged | multi-region setups, offline clients |
    | leaderless | any replica; the client writes to several | no failover step; tunable per request | quorum arithmetic; repairs of stale copies | Cassandra, Dynamo-style stores |

    Replication can also be **synchronous** (the write waits for the copy: no loss on failover, but
    one slow follower slows every write) or **asynchronous** (the write returns at once: fast, but a
    failover can lose the last writes, and readers of a follower may see old data - *replication lag*).
    Sources: {DDIA}, chapter 5; {DYNAMO}.

    **Quorums.** With `n` copies, a write sent to `w` of them and a read from `r` of them must meet on
    at least one copy whenever `w + r > n`, so the read sees the latest acknowledged write. Cassandra's
    QUORUM level is a majority of the replicas ([Cassandra documentation]({CASSANDRA_CONSISTENCY})).
    The cell below checks the rule by trying every pair of replica sets rather than taking it on trust.
    """)
    nb.code('''
    from itertools import combinations


    def always_overlap(n, w, r):
        """True when every set of w replicas shares a replica with every set of r replicas."""
        replicas = range(n)
        return all(set(ws) & set(rs) for ws in combinations(replicas, w) for rs in combinations(replicas, r))

    n = 3
    for w in range(1, n + 1):
        for r in range(1, n + 1):
            print(f"n={n} w={w} r={r}: w + r > n is {w + r > n!s:5}  every read meets the last write: {always_overlap(n, w, r)}")
    ''')

    # -- partitioning ------------------------------------------------------------------------------
    nb.md(f"""
    ## 2. Partitioning (sharding) and rebalancing

    When data or traffic outgrows one machine, split it by key. The split decides which queries stay
    cheap and what happens when machines are added.

    | split by | buys | costs | where you meet it |
    |---|---|---|---|
    | key range | range scans stay on one partition | sequential keys (timestamps) pile onto one partition | HBase, Bigtable, range-sharded SQL |
    | hash of the key | load spreads evenly | range queries touch every partition | Cassandra, DynamoDB, Redis Cluster |

    Either way a single very popular key (a viral link) stays on one partition: a **hot key** needs its
    own remedy, such as a cache in front or a key split into several.

    **Rebalancing.** Placing a key on `hash(key) mod N` machines is simple until `N` changes: then most
    keys move. The usual fixes are a fixed, large number of partitions that move whole between machines,
    partitions that split when they grow, and **consistent hashing**, where machines and keys share one
    circle of hash values and adding a machine moves only the keys it takes over ({KARGER}). Giving
    each machine several points on the circle evens out the load; that idea is already in Karger et
    al.'s paper, and {DYNAMO} made these *virtual nodes* standard practice. Module 6 builds such a ring.
    Sources: {DDIA}, chapter 6.
    """)
    nb.code('''
    keys = range(100_000)

    def moved_share(old_n, new_n):
        """Share of keys whose machine changes when hash(key) mod N goes from old_n to new_n machines."""
        return sum(hash(k) % old_n != hash(k) % new_n for k in keys) / len(keys)

    for old_n in (4, 10, 100):
        print(f"mod {old_n} -> mod {old_n + 1}: {moved_share(old_n, old_n + 1):.0%} of keys move "
              f"(a consistent-hash ring moves about {1 / (old_n + 1):.0%})")
    ''')

    # -- queues ----------------------------------------------------------------------------------
    nb.md(f"""
    ## 3. Queues and delivery guarantees

    A queue or log between two services absorbs bursts, lets the consumer fall behind and catch up, and
    lets the producer carry on when the consumer is down. What it promises about each message:

    | guarantee | what can go wrong | how it is built | where you meet it |
    |---|---|---|---|
    | at most once | a message can be lost, never repeated | acknowledge before processing | fire-and-forget metrics |
    | at least once | a message can be repeated, never lost | acknowledge after processing; retry until acknowledged | the default of most queues (Amazon SQS standard queues) |
    | exactly once (in effect) | nothing, within the system's boundary | at least once plus deduplication or transactions | Kafka's idempotent producer and transactions; SQS FIFO queues |

    "Exactly once" is always *exactly once in effect inside one system*: once a consumer changes
    something outside it (sends an email, calls another service), duplicates are back unless that step
    is idempotent too. Ordering is a separate promise: Kafka keeps order within a partition, not across
    partitions; SQS standard queues order on a best-effort basis. Sources:
    [Kafka documentation, message delivery semantics]({KAFKA_SEMANTICS});
    [Amazon SQS standard queues]({SQS_STANDARD}) and [FIFO queues]({SQS_FIFO}).

    The cell below delivers click events at least once - some twice, as after a consumer crash - and
    counts them with and without an idempotent consumer that remembers the ids it has applied.
    """)
    nb.code('''
    import random

    rng = random.Random(7)
    events = [f"click-{i}" for i in range(1_000)]
    delivered = [e for e in events for _ in range(2 if rng.random() < 0.05 else 1)]  # ~5% redelivered

    naive_count = len(delivered)
    applied = set()
    for event_id in delivered:
        applied.add(event_id)  # idempotent: applying an id twice changes nothing
    print(f"clicks sent: {len(events)}, deliveries: {len(delivered)}")
    print(f"naive count: {naive_count}, idempotent count: {len(applied)}")
    ''')

    # -- consistency ------------------------------------------------------------------------------
    nb.md(f"""
    ## 4. Consistency models: what a read may return

    Once data has copies, "the value" can differ between them for a while. A consistency model is the
    promise about which values a read may return. From strongest to weakest, the ones that come up:

    | model | the promise | typical cost | where you meet it |
    |---|---|---|---|
    | linearizable | every read sees the latest completed write, as if there were one copy | a round of coordination per operation; unavailable on the minority side of a network split | etcd; ZooKeeper writes; DynamoDB reads with `ConsistentRead` |
    | causal | effects are seen after their causes (a reply after its post) | tracking dependencies | some geo-replicated stores |
    | read-your-writes, monotonic reads | a session sees its own writes, and never goes back in time | routing a session to a fresh copy | session guarantees of many stores |
    | eventual | if writes stop, copies converge; a read may be stale meanwhile | none at read time; the application copes with stale data | DynamoDB's default reads; Cassandra at level ONE |

    Cassandra has no leader to read from: it tunes consistency per request, and QUORUM writes with
    QUORUM reads overlap on a replica ([Cassandra]({CASSANDRA_CONSISTENCY})). DynamoDB reads are
    eventually consistent unless the request sets `ConsistentRead` ([DynamoDB]({DYNAMODB_READS})), and
    its global secondary indexes are always eventually consistent ([indexes]({DYNAMODB_INDEXES})).

    **CAP and PACELC.** During a network partition a replicated system must choose between answering
    (availability) and staying linearizable (consistency) - the CAP theorem as proved by
    {GILBERT_LYNCH}. Abadi's PACELC adds the everyday case: *else*, with no partition, the choice is
    between latency and consistency ({ABADI}). That second choice is the one most designs actually make.
    Sources: [Jepsen, consistency models]({JEPSEN}) (a map of the models and how they relate);
    {TERRY} (session guarantees); {DDIA}, chapter 9.
    """)

    # -- caching --------------------------------------------------------------------------------------
    nb.md(f"""
    ## 5. Caching patterns

    A cache keeps a copy of hot data in memory close to the reader. Who fills it and who keeps it
    fresh is the pattern:

    | pattern | reads | writes | buys | costs |
    |---|---|---|---|---|
    | cache-aside (lazy loading) | the application looks in the cache; on a miss it reads the store and fills the cache | go to the store; the cached entry is deleted | only data that is read gets cached; a cache outage degrades to store reads | the first read of each key is slow; stale entries until deleted or expired |
    | read-through | the cache itself loads misses from the store | as cache-aside | simpler application code | the cache must know the store |
    | write-through | from the cache | to the cache and the store together | cached data is fresh after writes | every write pays twice; caches data nobody may read |
    | write-behind (write-back) | from the cache | to the cache; the store is updated later | fast writes; writes batched | writes lost if the cache dies first |
    | refresh-ahead | from the cache | - | hot entries renewed before they expire | refreshes of entries nobody reads again |

    Every pattern needs an expiry time (TTL) as a safety net for missed invalidations. When a popular
    entry expires or the cache restarts empty, many requests miss at once and all go to the store - a
    *stampede* or *thundering herd*; coalescing concurrent misses for one key, a short lock (Facebook
    uses *leases*), or refreshing early keep it in check. Sources:
    [AWS, database caching strategies]({AWS_CACHING}); [Azure Architecture Center, cache-aside]({AZURE_CACHE_ASIDE});
    {MEMCACHE_FB}.

    The cell below shows why a small cache goes a long way when popularity is skewed: with link clicks
    drawn from a Zipf-like distribution (an assumption, typical of popularity data), it computes the
    share of clicks that the most popular links receive.
    """)
    nb.code('''
    links = 100_000
    weights = [1 / rank for rank in range(1, links + 1)]  # Zipf with exponent 1: an assumed popularity curve
    total = sum(weights)

    for share in (0.01, 0.05, 0.20):
        top = int(links * share)
        print(f"caching the top {share:.0%} of links serves {sum(weights[:top]) / total:.0%} of clicks")
    ''')

    nb.md(f"""
    ## Where the modules use them

    | building block | used in |
    |---|---|
    | replication, consistency | module 5 (SQL or key-value, click counts), module 7 (replicas and zones) |
    | partitioning, consistent hashing | module 3 (the key-value design), module 6 (the hash ring) |
    | queues and delivery guarantees | module 5 (counting clicks asynchronously) |
    | caching patterns | module 4 (cache size), module 5 (cache-aside or write-through) |

    ## Sources

    - {DDIA} ({DDIA_URL}): chapter 5 (replication), 6 (partitioning), 9 (consistency and consensus).
      The second edition (2025, with Chris Riccomini) covers the same ground in renumbered chapters.
    - {DYNAMO}; {KARGER}.
    - Cassandra: {CASSANDRA_CONSISTENCY}. DynamoDB: {DYNAMODB_READS}; {DYNAMODB_INDEXES}.
    - Kafka: {KAFKA_SEMANTICS}. Amazon SQS: {SQS_STANDARD}; {SQS_FIFO}.
    - {JEPSEN}; {TERRY}; {GILBERT_LYNCH}; {ABADI}.
    - Caching: {AWS_CACHING}; {AZURE_CACHE_ASIDE}; {MEMCACHE_FB}.
    - The quorum rule, the share of keys moved by `mod N` and the idempotent count are computed in this
      notebook; the Zipf popularity curve is an assumption, labelled where it is used.
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "notebooks" / "building-blocks.ipynb")
