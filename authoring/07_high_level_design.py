"""Builder of source/07-high-level-design/07-high-level-design.ipynb (run: python authoring/07_high_level_design.py).

Every figure quoted in the prose is computed here from ``autograder.architecture`` (the code the
checks use), so the text cannot drift from the checker.
"""

from __future__ import annotations

import sys
from pathlib import Path

# absolute(), not resolve(): the notebook test runs this file through a symlinked mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook, indented  # noqa: E402
from autograder.architecture import KINDS, SHORTENER  # noqa: E402
from autograder.architecture.capacity import MANAGED_AVAILABILITY, NODE_AVAILABILITY, ROUND_TRIP_S  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402

SLUG = "07-high-level-design"
XU = "Alex Xu, *System Design Interview - An Insider's Guide*, vol. 1 (2020)"
REFERENCE = "../../notebooks/reference-numbers.ipynb"

LEAN_POINTS = 4
DESIGN_POINTS = 6
LIMITS = load_rubric(SLUG, ROOT / "autograder" / "rubrics").question("design_limits")

OVERBUILT = '''
overbuilt = Design(
    components=[
        Component("users", "client"),
        Component("gateway", "api gateway", replicas=3, zones=3),
        Component("auth", "service", replicas=12, zones=3),
        Component("links-svc", "service", replicas=3, zones=3),
        Component("redirect-svc", "service", replicas=12, zones=3),
        Component("analytics-svc", "service", replicas=3, zones=3),
        Component("user-svc", "service", replicas=3, zones=3),
        Component("notifier", "worker", replicas=2, zones=2),
        Component("cache", "redis", replicas=2, zones=2),
        Component("db", "postgres", replicas=3, zones=3),
        Component("events", "kafka", replicas=3, zones=3),
        Component("clicks", "cassandra", replicas=6, zones=3),
        Component("previews", "s3"),
    ],
    connections=[
        ("users", "gateway"), ("gateway", "auth"), ("auth", "user-svc"),
        ("auth", "redirect-svc"), ("auth", "links-svc"),
        ("redirect-svc", "cache"), ("redirect-svc", "db"), ("redirect-svc", "previews"),
        ("links-svc", "db"), ("links-svc", "events"),
        ("events", "analytics-svc", "async"), ("analytics-svc", "clicks"),
        ("events", "notifier", "async"),
    ],
    flows={
        "redirect": ["users", "gateway", "auth", "user-svc", "redirect-svc", "cache", "db", "previews"],
        "create link": ["users", "gateway", "auth", "links-svc", "db", "events", "analytics-svc", "clicks"],
    },
)
'''

LEAN = '''
from autograder.architecture import Component, Design

### BEGIN SOLUTION
lean_design = Design(
    components=[
        Component("users", "client"),
        Component("lb", "load_balancer", replicas=2, zones=2),
        Component("app", "service", replicas=6, zones=2),
        Component("cache", "redis", replicas=2, zones=2),
        Component("db", "postgres", replicas=2, zones=2),
    ],
    connections=[("users", "lb"), ("lb", "app"), ("app", "cache"), ("app", "db")],
    flows={
        "redirect": ["users", "lb", "app", "cache", "db"],
        "create link": ["users", "lb", "app", "db"],
    },
)
### END SOLUTION
'''

DESIGN = '''
from autograder.architecture import Component, Design

### BEGIN SOLUTION
shortener_design = Design(
    components=[
        Component("users", "client"),
        Component("lb", "load_balancer", replicas=2, zones=2),
        Component("app", "service", replicas=12, zones=3),
        Component("cache", "redis", replicas=2, zones=2),
        Component("db", "postgres", replicas=3, zones=3),   # a primary and two read replicas
    ],
    connections=[("users", "lb"), ("lb", "app"), ("app", "cache"), ("app", "db")],
    flows={
        "redirect": ["users", "lb", "app", "cache", "db"],
        "create link": ["users", "lb", "app", "db"],
    },
)
### END SOLUTION
'''


def build() -> Notebook:
    nb = Notebook(SLUG)
    redirect, create = SHORTENER.flow("redirect"), SHORTENER.flow("create link")
    assert redirect is not None and create is not None
    assert redirect.hidden_peak_rps is not None and create.hidden_peak_rps is not None
    total_auto = LEAN_POINTS + DESIGN_POINTS
    kinds = ", ".join(f"`{k}`" for k in KINDS)

    nb.md(f"""
    # Module 7 - The high-level design, as code

    The middle of a design round is a drawing: boxes for the parts, arrows for the calls, and a
    conversation about whether it holds up. Interviewers probe it with the same few questions -
    *what happens at peak? what if that box dies? what if a whole zone goes? do you need all of
    these services?* In this module you write the drawing as a few lines of Python, and a checker
    asks those questions for you, with numbers.

    **Time:** about 80 minutes - about 10 to read, 70 for the exercises (20 cutting the over-built
    design down, 30 for the graded design, 10 with the what-if explorer, 10 for the written answer).
    Reading is counted from the notebook's length; the exercise times are estimates, not yet timed
    with learners.
    **You will:** describe the URL shortener of modules 2-4 as
    components, connections and flows; read what the checker says about load, failures, latency,
    availability and operational burden; cut an over-built design down to what the requirements
    need; size a design that also survives a second load profile and the loss of a zone; explore
    it with a what-if widget; and write a short answer about its limits.

    **Points:** {total_auto} checked automatically, {LIMITS.points} for the written answer (marked by hand).
    """)
    nb.md(f"""
    ## How this notebook works

    - Run the cells from top to bottom (Shift+Enter).
    - Each check prints one line per thing it looked at: pass, or what is wrong and what to change.
      Seven criteria weigh the same: the design's form, each flow's path, utilisation at peak, single
      points of failure, latency, availability and operational burden.
    - **Grading adds two criteria** to the last exercise: the same checks at a second, higher load -
      {SHORTENER.second_profile} - and the loss of one availability zone. You can run those
      yourself with `scope="hidden"`; the exercise says how.
    - This is a model, not a load test. Its figures are orders of magnitude with their sources
      (section 2); the point is to reason with numbers, not to trust the third digit.
    """)

    # -- 1. the vocabulary -------------------------------------------------------------------------
    nb.md(f"""
    ## 1. Components, connections, flows

    A design is three lists:

    - **components** - `Component(name, kind, replicas=1, zones=1)`. The kind is one of {kinds}, or a
      common alias (`"postgres"`, `"redis"`, `"lb"`, `"kafka"`, `"s3"` ...). `replicas` is how many
      nodes run it (for a relational database: the primary plus its replicas; for a key-value store:
      partitions), `zones` how many availability zones they are spread over (a count, or a list of
      zone names). A bigger node can be given as `capacity=` requests a second, up to 4 times the
      kind's figure in section 2.
    - **connections** - who calls whom: `("app", "db")`, `("queue", "worker", "async")`,
      `Link("app", "db", mode="sync")` (import `Link` from `autograder.architecture`), or arrow strings
      `"lb -> app"` (synchronous) and `"queue ~> worker"` (asynchronous). A synchronous call waits for
      the answer; an asynchronous one does not.
    - **flows** - for each flow the requirements name, the components a request visits, in order. Each
      one after the first must be connected to one visited before it, so an app that checks the cache
      and then the database is `["users", "lb", "app", "cache", "db"]`.

    The requirements come from the earlier modules. Module 2's API has two operations, so there are two
    flows: **redirect** (`GET /{{code}}`) and **create link** (`POST /v1/links`). Module 3 keeps links in
    a table keyed by the short code, so both flows need a relational (or key-value) store. Module 4's
    estimate of the traffic in {XU}, chapter 8, gives the peaks: about **{redirect.peak_rps:,.0f}
    redirects** and **{create.peak_rps:,.0f} new links a second**. The scenario object holds all of that
    as data:
    """)
    nb.code('''
    from autograder.architecture import SHORTENER, Component, Design, check_design, draw

    for flow in SHORTENER.flows:
        print(f"{flow.name:12} {flow.operation:5} peak {flow.peak_rps:>7,.0f}/s   "
              f"target {flow.latency_ms:g} ms, {flow.availability:.1%} available   "
              f"second profile {flow.hidden_peak_rps:>7,.0f}/s")
    print()
    print(SHORTENER.notes)
    ''')

    # -- 2. figures ----------------------------------------------------------------------------------
    nb.md(f"""
    ## 2. The figures the checker uses, and where they come from

    One row per kind. Capacities are per replica, in requests a second at which a node is fully busy.
    Some are published figures (Redis's own benchmark page, DynamoDB's per-partition limits, S3's
    request rates and latency); some are **course assumptions**, marked as such - orders of magnitude
    you should replace with your own measurements in real work. The rules built on them:

    - **Utilisation** = reads / (read capacity x replicas) + writes / (write capacity x replicas). In a
      relational database with read replicas, *every* replica applies every write, so writes are divided
      by one node, not by the replicas.
    - **Caches.** An in-memory cache answers {SHORTENER.hit_ratios["cache"]:.0%} of reads (the "80/20 rule"
      of module 4): the stores after it on a read path see only the misses. The app in front still sees
      every request. A failed cache passes everything through.
    - **Latency** of a flow: each component's own time plus one round trip inside the datacenter
      ({ROUND_TRIP_S * 1e3:g} ms, the classic table) per hop, on the synchronous part only. The client's
      own trip over the internet is not counted: targets are server side.
    - **Availability** of a flow: the product over its synchronous components of 1 - (1 - a)^replicas,
      with a = {NODE_AVAILABILITY:.1%} for one node (what a cloud provider commits to for a single virtual
      machine). Managed services (CDN, object store) count {MANAGED_AVAILABILITY:.2%}. Caches are left
      out, since a request can go around a dead cache.
    - **Asynchronous** work stops counting for latency and availability after the first queue (writing
      to the queue is synchronous, the consumers are not) or the first asynchronous connection.
    """)
    nb.code('''
    from autograder.architecture import capacity_table
    from autograder.architecture.capacity import FIGURE_SOURCES

    display(capacity_table())
    for key, source in FIGURE_SOURCES.items():
        print(f"{key:9} {source['title']}" + (f"\\n          {source['url']}" if source["url"] else ""))
    ''')

    # -- 3. worked example ---------------------------------------------------------------------------
    nb.md("""
    ## 3. Worked example: a first draft, checked

    A common first sketch: one load balancer, two app servers, one database. Every box is there, the
    arrows are right - and the checker fails it on three criteria: utilisation, single points of
    failure and availability. Read the messages: each says what is wrong and what to change.
    """)
    nb.code('''
    first_draft = Design(
        components=[
            Component("users", "client"),
            Component("lb", "load_balancer"),
            Component("app", "service", replicas=2),
            Component("db", "postgres"),
        ],
        connections=["users -> lb -> app -> db"],
        flows={
            "redirect": "users -> lb -> app -> db",
            "create link": "users -> lb -> app -> db",
        },
    )
    check_design(first_draft, SHORTENER)
    ''')
    nb.md("""
    The same design as a picture. Each box shows its kind, replicas, zones and how busy it is at peak;
    overloaded boxes are orange, single points of failure red. Dashed arrows are asynchronous.
    """)
    nb.code('''
    draw(first_draft, SHORTENER, title="first draft")
    ''')
    app_capacity = 2 * (KINDS["service"].read_capacity or 0)
    nb.md(f"""
    What the messages ask for: two app servers carry {app_capacity:,.0f} requests a second against about
    {redirect.peak_rps + create.peak_rps:,.0f} at peak; the database would have to serve every read;
    and the load balancer and the database each have one replica, so one crash stops both flows. The
    fix is not "add everything": it is a cache in front of the database (most redirects hit a few
    popular links), more app servers, and a second node for each box that runs alone.
    """)

    # -- exercise 1 --------------------------------------------------------------------------------------
    nb.md(f"""
    ## Exercise 1 ({LEAN_POINTS} points): the smallest design that does the job

    Below is a design a team might draw after reading about microservices: a gateway, five services, a
    worker, a cache, a database, an event stream, a second database for clicks and an object store.
    Run the next two cells to see what the checker says about it. It is not only big: the redirect
    path is long, and some boxes serve no flow the requirements name.
    """)
    nb.code(OVERBUILT)
    nb.code('''
    check_design(overbuilt, SHORTENER)
    ''')
    nb.md(f"""
    In the cell below, replace `raise NotImplementedError()` with `lean_design = Design(...)`: the
    **smallest** design that meets the same requirements - both flows, peak load, no single point of
    failure, the latency and availability targets, and no more services, stores or asynchronous hops
    than needed (the burden criterion allows at most {SHORTENER.max_services} services,
    {SHORTENER.max_stateful} stateful stores and {SHORTENER.max_async_hops} asynchronous hop). Keep
    what the flows need; drop the rest.

    **How it is checked:** `check_design(lean_design, SHORTENER)`, the seven criteria above, each worth
    the same share of {LEAN_POINTS} points.
    """)
    nb.solution("lean_design", LEAN)
    nb.tests("lean_design_check", f'''
    from autograder import answer
    from autograder.architecture import SHORTENER, check_design

    report = check_design(answer("lean_design"), SHORTENER)
    report.grade({LEAN_POINTS})
    ''', points=LEAN_POINTS, recheck=True)

    # -- exercise 2 --------------------------------------------------------------------------------------
    nb.md(f"""
    ## Exercise 2 ({DESIGN_POINTS} points): a design that survives the second profile and a lost zone

    A design that fits the stated peak exactly is one busy day away from falling over. Grading checks
    this design twice more:

    - at **{SHORTENER.second_profile}**: module 4's second set of assumptions (500 million new links a
      month, 100 reads per write, peak = 3 x average);
    - with **one availability zone lost** at the first profile's peak: components that run in one zone
      are gone, the others lose their share of replicas (a third of them when spread over three zones),
      and the survivors must carry the peak.

    In the cell below, write `shortener_design = Design(...)`. You may start from your lean design. Then
    run the check. To see the grading checks too, run
    `check_design(shortener_design, SHORTENER, scope="hidden")` in a new cell.

    **How it is checked:** the seven criteria here; grading adds the two above. Each criterion weighs the
    same share of {DESIGN_POINTS} points.
    """)
    nb.solution("shortener_design", DESIGN)
    nb.tests("shortener_design_check", f'''
    from autograder import answer
    from autograder.architecture import SHORTENER, check_design

    report = check_design(answer("shortener_design"), SHORTENER)
    ### BEGIN HIDDEN TESTS
    report = check_design(answer("shortener_design"), SHORTENER, scope="hidden")
    ### END HIDDEN TESTS
    report.grade({DESIGN_POINTS})
    ''', points=DESIGN_POINTS, recheck=True)

    # -- the picture ---------------------------------------------------------------------------------------
    nb.md("""
    ## 4. Your design as a picture, kept as a file

    The cell below draws your design and saves it next to this notebook as
    `07-shortener-design.md` (a Markdown file with a Mermaid diagram: GitHub, GitLab and JupyterLab
    show it as a picture). It never overwrites a file it did not write.

    Why Mermaid: JupyterLab 4 draws Mermaid diagrams itself, so nothing else has to be installed, and
    the saved file stays readable text you can paste into a design document. Graphviz would need its
    `dot` program installed on your machine.
    """)
    nb.code('''
    # your Exercise 2 design, or the first draft while that is not written yet
    picture = draw(globals().get("shortener_design", first_draft), SHORTENER, title="URL shortener")
    try:
        print("saved to", picture.save("07-shortener-design.md"))
    except OSError as error:
        print("not saved:", error)
    picture
    ''')

    # -- what-if -------------------------------------------------------------------------------------------
    nb.md("""
    ## 5. What if? (not graded)

    Move the load to 2 or 3 times the peak, lower the cache hit ratio, fail one component or a whole
    zone, and watch the table and the picture. Which box fills first? What does a dead cache do to the
    database? Nothing here is graded; the grader never sees the controls.
    """)
    nb.code('''
    from autograder.architecture import what_if

    what_if(globals().get("shortener_design", first_draft), SHORTENER)
    ''')

    # -- written answer ------------------------------------------------------------------------------------
    nb.md(f"""
    ## Written answer ({LIMITS.points} points): what breaks first, and what did you leave out?

    {indented(LIMITS.prompt)}

    Use the check's numbers or the explorer above. It is marked by hand with the mark scheme under it.
    When you have written it, save the notebook (Ctrl+S) and use the self-check under the mark scheme.
    """)
    nb.rubric_answer(SLUG, LIMITS)

    # -- summary -----------------------------------------------------------------------------------------
    nb.md("""
    ## Summary

    - A high-level design can be written down precisely: components with replicas and zones, who calls
      whom (and whether it waits), and the path of each flow. Once it is written, "will it hold?" is
      arithmetic.
    - Utilisation at peak decides sizes. A cache in front of a database removes most reads but none of
      the writes, and in a primary-with-replicas database every replica applies every write.
    - One replica of anything on a request path is a single point of failure; one zone is a single
      point of failure for everything in it. Survivors must carry the peak.
    - Each synchronous hop adds latency and multiplies in its availability; asynchronous work leaves the
      critical path but adds a queue to run.
    - More boxes are not a better design. Each service, store and queue is something to deploy, watch and
      be paged for: add one when a requirement needs it, and say which.
    """)
    nb.md(f"""
    ## Sources

    - {XU}, chapter 8: the URL shortener's traffic (through module 4's estimate).
    - Latency figures: the classic table (Jeff Dean's numbers, collected by Jonas Bonér,
      https://gist.github.com/jboner/2841832), as in [`notebooks/reference-numbers.ipynb`]({REFERENCE}).
    - Redis, "How fast is Redis?" (redis-benchmark): https://github.com/antirez/redis/blob/2.2.7/doc/Benchmarks.html
    - Amazon DynamoDB Developer Guide, partition throughput limits:
      https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
    - Amazon S3 request rates per prefix: https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html;
      latency of small requests: the AWS whitepaper *Optimizing Amazon S3 performance* (timeouts and retries);
      availability of S3 Standard: https://aws.amazon.com/s3/storage-classes/
    - Amazon Compute Service Level Agreement (single-instance uptime): https://aws.amazon.com/compute/sla/
    - Mermaid (the diagram language): https://mermaid.js.org/
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
