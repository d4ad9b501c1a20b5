"""Builder of source/01-coding-vs-design/01-coding-vs-design.ipynb (run: python authoring/01_coding_vs_design.py).

The prompt and behaviour tables are rendered from ``autograder.interviews`` so the
notebook and its checkers always show the same items and labels.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

# absolute(), not resolve(): the notebook test runs this file through a symlinked mirror
# of the repository and expects the notebook to be written inside that mirror.
ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402
from autograder.interviews import BEHAVIOURS, FOCUSES, PROMPTS, ROUNDS, SIGNALS  # noqa: E402
from autograder.interviews.labels import Vocabulary  # noqa: E402
from autograder.rubric import load_rubric  # noqa: E402

SLUG = "01-coding-vs-design"
# The written answer's points, model answer and mark scheme come from the rubric file that the
# self-assessment widget reads, so the instructor grades with exactly what the learner ticked.
ADVICE = load_rubric(SLUG, ROOT / "autograder" / "rubrics").question("coding_vs_design_advice")

XU = "Alex Xu, *System Design Interview - An Insider's Guide* (2020)"
EXPONENT_URL = (
    "https://www.tryexponent.com/courses/software-engineering/system-design-interviews/"
    "system-design-interview-rubric"
)
PRIMER_URL = "https://github.com/donnemartin/system-design-primer"
PRIMER_PASTEBIN_URL = PRIMER_URL + "/blob/master/solutions/system_design/pastebin/README.md"
HELLO_LEVELS_URL = "https://www.hellointerview.com/blog/the-system-design-interview-what-is-expected-at-each-level"
SYSDESIGN_LEVELS_URL = "https://sysdesign.io/docs/level-expectations/"
# Formats where code is the deliverable. These describe loops as candidates and coaches report them;
# the companies do not publish them in this detail, and the notebook says so.
FLIPKART_GUIDE_URL = "https://codezym.com/lld/flipkart"
FLIPKART_REPORT_URL = "https://www.geeksforgeeks.org/flipkart-interview-experience-for-sde-2-off-campus/"
STRIPE_NOTES_URL = "https://kwannoel.xyz/8bca39ef.html"
STRIPE_GUIDE_URL = "https://www.coditioning.com/blog/803/stripe-swe-integration-api-round"
META_PA_URL = "https://www.hellointerview.com/blog/meta-system-vs-product-design"

PROMPT_SOLUTION = {
    "two_sum": ("coding", "algorithms"),
    "lru_cache": ("coding", "algorithms"),
    "shortener_end_to_end": ("design", "architecture"),
    "shortener_capacity": ("design", "estimation"),
    "shortener_endpoints": ("design", "api"),
    "shortener_tables": ("design", "data model"),
    "news_feed": ("design", "architecture"),
    "merge_intervals": ("coding", "algorithms"),
    "fraud_check_interface": ("design", "api"),
    "rate_limiter": ("design", "architecture"),
}

SIGNAL_SOLUTION = {
    "asks_scope": "requirements",
    "picks_302_for_analytics": "trade-offs",
    "adds_cache_for_reads": "scalability",
    "cache_outage_plan": "fault tolerance",
    "thinks_aloud": "communication",
    "overbuilds_small_service": "red flag",
    "dismisses_hot_key_concern": "red flag",
    "summarises_at_end": "communication",
    "region_failover": "fault tolerance",
    "shards_clicks_by_code": "scalability",
    "lagging_click_counts": "trade-offs",
    "only_one_database": "red flag",
}

PROMPT_POINTS = 5
SIGNAL_POINTS = 6


def _vocabulary_table(vocabulary: Vocabulary, heading: str) -> str:
    rows = [f"| {heading} | what it means | also accepted (examples) |", "|---|---|---|"]
    for label in vocabulary.labels:
        examples = ", ".join(f"`{s}`" for s in label.phrases[:4])
        rows.append(f"| `\"{label.name}\"` | {label.description} | {examples} |")
    return "\n".join(rows)


def _items_table(items: dict, heading: str) -> str:
    rows = [f"| id | {heading} | checked by |", "|---|---|---|"]
    for item_id, item in items.items():
        where = "the check below and grading" if item.visible else "grading only"
        rows.append(f"| `{item_id}` | {item.text} | {where} |")
    return "\n".join(rows)


def _quoted(text: str) -> str:
    return '"' + text + '"'


def _dict_literal(name: str, mapping: dict, indent: str = "    ") -> str:
    lines = [f"{name} = {{"]
    width = max(len(k) for k in mapping) + 3
    for key, value in mapping.items():
        shown = f"({', '.join(_quoted(v) for v in value)})" if isinstance(value, tuple) else _quoted(value)
        lines.append(f"{indent}{_quoted(key) + ':':<{width}} {shown},")
    lines.append("}")
    return "\n".join(lines)


def _template(name: str, ids, placeholder: str) -> str:
    lines = [f"# {name} = {{"]
    lines += [f"#     {_quoted(item_id)}: {placeholder}," for item_id in ids]
    lines.append("# }")
    return "\n".join(lines)



def _indented(text: str) -> str:
    """``text`` for an f-string inside an indented triple-quoted cell: every line after the first
    gets the cell's four-space margin, so dedenting the cell does not turn the lines into code."""
    return textwrap.indent(text, "    ").lstrip()


def build() -> Notebook:
    nb = Notebook(SLUG)
    n_prompts, n_visible_prompts = len(PROMPTS), sum(p.visible for p in PROMPTS.values())
    n_behaviours, n_visible_behaviours = len(BEHAVIOURS), sum(b.visible for b in BEHAVIOURS.values())

    # -- opening ------------------------------------------------------------------------------
    nb.md("""
    # Module 1 - Coding rounds and system design rounds

    Does a system design interview involve coding? This module answers the question properly: what
    each interview format is built to measure, where something like code turns up in a design round,
    why knowing how things are built still pays off, and how the bar moves from junior to staff.

    **Time:** about 70 minutes - about 25 to read, 45 for the exercises (prompts 10, behaviours 10,
    written answer and self-check 25). **You will:** read eight short sections, classify ten interview
    prompts, map twelve candidate behaviours to what interviewers score, and write one short piece of
    advice.
    """)
    nb.md("""
    ## How this notebook works

    - Run the cells from top to bottom (Shift+Enter).
    - Each exercise says exactly what to write and shows a worked example first.
    - The grey check cell under an exercise gives you feedback straight away, one line per item.
      Some items are judged only when the notebook is graded; the check says which.
    - The written answer at the end is marked by a person, with the mark scheme shown under it; a
      self-check widget lets you score yourself against the same criteria first.
    """)

    # -- the question ---------------------------------------------------------------------------
    nb.md("""
    ## 1. Why the question keeps coming up

    Ask in any study group whether a design round means writing code and you will hear two camps.
    One says it is all boxes, arrows and talk. The other remembers being asked to write out endpoints
    or table definitions on a whiteboard.

    Neither camp is wrong. Three things decide which round you get: who is hiring, for which level,
    and what the interviewer needs to learn about you. The third is the one worth understanding
    before you plan your preparation.
    """)
    nb.md("""
    ### Design rounds vary far more than coding rounds

    Coding rounds look much the same everywhere: a well-defined problem, a program, some test cases.
    A design brief leaves most things unsaid, and that is deliberate. Each interviewer steers towards
    the problems their own team wrestles with, so two design rounds for two roles can share little
    more than a whiteboard.

    That variety breeds a wrong picture: the design round as a coding round made bigger, where you
    will be asked for pages of code - whole services, deep inheritance trees, something ready to
    deploy by the end of the hour. Almost no interviewer wants that.
    """)
    nb.md("""
    ### A design round is about decisions

    What the interviewer watches is how you decide: how you handle a vague brief, which requirements
    you put first, how you weigh limits of scale, reliability and operating cost, and whether the
    result would hold up under real traffic. Remembering a library call or the syntax of a language
    feature earns nothing here.
    """)

    # -- two formats ----------------------------------------------------------------------------
    nb.md("""
    ## 2. Two formats, two different judgments

    | | coding round | system design round |
    |---|---|---|
    | you are given | a precise problem with inputs and outputs | a vague goal ("design a URL shortener") |
    | you produce | a working program | a design you can defend |
    | success means | a correct, efficient algorithm, cleanly implemented | choices that fit the requirements, with their costs named |
    | is there one right answer? | usually one best complexity | no: every option trades latency, reliability, complexity, cost and scale |
    """)
    nb.md("""
    ### Coding skill is usually measured elsewhere in the loop

    A hiring loop normally has separate coding rounds, so the design round can spend its time on
    something else. Take a message queue. You will not be asked to write one. You may well be asked
    whether this system needs one at all, what it buys (absorbing bursts, decoupling two services)
    and what it brings with it (duplicates, ordering, a backlog someone has to watch).

    It also explains a familiar surprise: a strong programmer who walks out of a design round having
    done badly. Hours spent memorising how components work inside do not train the skill the round
    scores, which is arguing for one option over another.
    """)

    # -- how it is judged ---------------------------------------------------------------------------
    nb.md(f"""
    ## 3. How a design round is scored

    Rubrics differ between companies, but the signals are remarkably stable. Exponent's published
    rubric ([source]({EXPONENT_URL})) uses five, each rated from *very weak* to *very strong*:

    | signal | the interviewer asks themselves |
    |---|---|
    | requirements | Did the candidate find out what to build, for whom, at what scale? |
    | design and trade-offs | Were options compared, and was the choice justified? |
    | scalability and performance | Does the design cope with growth, and were bottlenecks found? |
    | fault tolerance and reliability | What fails, and what does the system do then? |
    | communication and collaboration | Could I follow the reasoning, and did we work well together? |
    """)
    nb.md(f"""
    ### Time boxes and red flags

    {XU}, chapter 3, splits a 45-60 minute round into four steps with a time range for each. The
    cell below adds the ranges up, so you can see how little room the round leaves for writing code.

    The same chapter names the behaviours interviewers treat as **red flags**: over-engineering
    (machinery far bigger than the problem), narrow-mindedness (refusing to consider alternatives)
    and stubbornness (not responding to feedback).
    """)
    nb.code('''
    # Xu, System Design Interview, ch. 3: minutes per step of a 45-60 minute design round.
    xu_minutes = {
        "understand the problem and establish the scope": (3, 10),
        "propose a high-level design and get buy-in": (10, 15),
        "deep dive into the components": (10, 25),
        "wrap up": (3, 5),
    }
    shortest = sum(low for low, high in xu_minutes.values())
    longest = sum(high for low, high in xu_minutes.values())
    for step, (low, high) in xu_minutes.items():
        print(f"{step:<48} {low:>2}-{high:<2} min")
    print(f"{'all four steps':<48} {shortest}-{longest} min")
    ''')
    nb.md("""
    Each step has several jobs, and even the longest plan stays within the hour. Whatever code
    appears has to fit inside these steps, as a few lines that make a decision concrete.
    """)

    # -- when code appears ------------------------------------------------------------------------
    nb.md("""
    ## 4. When code does appear in a design round

    Code-like work shows up in three forms, most often for junior and mid-level candidates:

    - an **API contract**: the operations a client calls, with inputs, outputs and errors;
    - a **database schema**: the tables or keys, and how the main lookups find their rows;
    - a **service interface**: the methods one service offers another.

    Nobody compiles what you write. The sketch lets the interviewer see your diagram land on solid
    ground: real operations, real rows, real method calls that a team could start building tomorrow.
    """)
    nb.md(f"""
    ### Worked example: the URL shortener

    Midway through a URL shortener round, an interviewer may point at your diagram and say "show me
    the calls a client makes" or "what does a row look like?". The cell below answers with three small
    pieces of Python. The API follows {XU}, chapter 8; the table and the interface are this course's
    own sketch.

    The System Design Primer's worked solutions pause just before their code samples to tell you to
    **agree with the interviewer how much code they expect** ([pastebin solution]({PRIMER_PASTEBIN_URL})).
    """)
    nb.code('''
    from typing import Protocol

    # 1. API contract (Xu, ch. 8): two operations, written as data.
    create_short_link = {
        "method": "POST",
        "path": "/api/v1/data/shorten",
        "request_body": {"longUrl": "https://example.com/some/very/long/path"},
        "returns": "the short URL",
    }
    follow_short_link = {
        "method": "GET",
        "path": "/api/v1/{shortUrl}",
        "returns": "a redirect (HTTP 301 or 302) to the long URL",
    }

    # 2. Schema: one table; the redirect finds its row by the primary key.
    links_table = """
    CREATE TABLE links (
        short_code  VARCHAR(7) PRIMARY KEY,
        long_url    TEXT NOT NULL,
        created_at  TIMESTAMP NOT NULL,
        expires_at  TIMESTAMP
    );
    """

    # 3. Service interface between the web tier and the storage layer.
    class LinkStore(Protocol):
        def save(self, short_code: str, long_url: str) -> None:
            """Store a mapping; raise KeyError when the code is already taken."""

        def resolve(self, short_code: str) -> str | None:
            """The long URL, or None when the code does not exist or has expired."""
    ''')
    nb.md("""
    ### What the interviewer reads in it

    Every line of that cell records a decision, and the decisions are what get discussed:

    - **301 or 302?** Browsers may cache a 301, so repeat clicks never reach the service; a 302 keeps
      every click passing through, which analytics needs. Each choice has a cost.
    - **The primary key is the short code**, so a redirect is a single lookup by key, not a scan.
    - **The interface says what happens on a collision** (the code is taken) and on expiry, so the
      caller knows what to do in each case.

    A missing comma costs you nothing in this round. A decision nobody made costs a lot.
    """)

    # -- rounds where code is the deliverable ------------------------------------------------------
    nb.md(f"""
    ## 5. Rounds where the code *is* the answer

    Everything above is about the classic design round. Some loops also hold rounds that sit between a
    coding round and a design round, and there the running program is what gets judged. If your
    recruiter calls a round "design", find out which of these it is.

    **Object-oriented or low-level design, often called "machine coding".** You get a small,
    self-contained product - a vehicle rental desk, a shopping cart, a cache with several tiers - and
    a block of time to build it as working code: classes and interfaces for its entities, in-memory
    data structures instead of a database, and a small driver that demonstrates each feature.
    Candidates' reports of Flipkart's backend loop describe about 30 minutes to understand the problem,
    60 to 90 minutes to code it (the reports differ), then a separate session in which an engineer runs it, tries edge cases
    and asks for an extension ([a compiled guide]({FLIPKART_GUIDE_URL}),
    [one candidate's report]({FLIPKART_REPORT_URL})). The round is judged on code that runs and on its
    shape: entity modelling, separation of concerns, and how easily a new feature fits.

    **Practical "implement X" rounds.** A realistic task in a realistic setting: extend an existing
    repository, call an API by reading its documentation, or find and fix a bug in a large codebase.
    Stripe is the best-known example. Candidates describe an *integration* round (working in an
    existing repository against an API, documentation and search allowed) and, in some loops, a *bug
    squash* round, about an hour each, beside a from-scratch programming exercise
    ([a candidate's notes]({STRIPE_NOTES_URL}); [a coaching guide]({STRIPE_GUIDE_URL}), which itself
    warns that most of the evidence is second-hand). Error handling, retries and tests weigh as much
    as getting the happy path to work.

    **Product-flavoured design rounds.** Meta offers some engineering candidates a *product
    architecture* round in place of system design. It centres on a user-facing product - its API, its
    data and how clients use them - more than on back-end infrastructure, so the API contract carries
    more weight than usual. It is still a whiteboard conversation, not running code
    ([a former Meta interviewer's comparison]({META_PA_URL})).
    """)
    nb.md(f"""
    ### Loops differ between companies

    The same title hides different rounds. As candidates and coaches report them (the companies do not
    publish this detail, and formats change):

    | company | design rounds | rounds where code is the deliverable |
    |---|---|---|
    | Meta | system design, or product architecture instead ([comparison]({META_PA_URL})) | coding rounds |
    | Flipkart | a high-level design round for experienced hires | machine coding (low-level design), often the first round and used to screen ([guide]({FLIPKART_GUIDE_URL})) |
    | Stripe | a design round, reported for experienced hires | a programming exercise, an integration round, in some loops a bug squash round ([notes]({STRIPE_NOTES_URL})) |

    Two habits follow. Ask the recruiter, for each round: *will I write running code, in what
    environment, and is it judged on working output or on the discussion?* And prepare the format you
    will actually meet: machine coding is practised by building small programs against a clock, not by
    drawing boxes. This course trains the classic design round; module 6 covers the short code that
    turns up inside it.
    """)

    # -- implementation knowledge ---------------------------------------------------------------------
    nb.md("""
    ## 6. Why knowing how things are built still matters

    "Little code" does not mean "implementation does not matter". Some of the strongest design rounds
    come from candidates who tie each box on the whiteboard to what it takes to build and run it.

    Picture a whiteboard covered in thirty small services passing events to each other. It looks
    modern. Then the interviewer asks who is on call for it, how you would follow one user's request
    through it, and where a message goes after its third failed delivery - and the design has no
    answer. Drawing it took minutes; keeping it running would take a team.
    """)
    nb.md("""
    ### What grounded candidates know

    Concretely: a database slows sharply once its hot data no longer fits in memory; a cache in front
    of it can hand out a value the database has already changed; removing a field from an API breaks
    the clients still reading it; networks split, and retries repeat work. Diagrams rarely teach this.
    Shipping and operating software does.

    That is what follow-up questions such as "and how would that work?" are for. The interviewer is not
    fishing for code; they are testing whether your choices would survive contact with a real system.
    """)

    # -- by level ------------------------------------------------------------------------------------
    nb.md(f"""
    ## 7. How expectations change with level

    The table below is this course's summary of two published guides, each one practitioner's view.
    For junior and mid-level candidates, the sysdesign.io level guide ([source]({SYSDESIGN_LEVELS_URL}))
    notes that many companies hold no design round for juniors and some ask object-oriented or API
    design instead. From mid-level to staff, Evan King of Hello Interview, a former Meta staff engineer,
    describes the change as growing breadth, depth and proactiveness ([source]({HELLO_LEVELS_URL})).
    Companies calibrate differently: treat the rows as a guide, not a rule.

    | level | typical design round | where code-like detail fits |
    |---|---|---|
    | junior | API or object design, sometimes no design round at all | contracts, classes, a schema |
    | mid-level | components, API and data model of one system | contracts and schemas support the design |
    | senior | leads the whole discussion and goes deep where it matters | only where it settles a decision |
    | staff and above | long-term evolution, cost, effects across teams and the organisation | rarely: judgment and direction are judged |

    The System Design Primer ([source]({PRIMER_URL})) says the same in general terms: more experienced
    candidates are expected to know more about system design, and architects or team leads more than
    individual contributors. Higher up, the job itself shifts: staff and principal engineers, and
    engineering managers, mostly steer what others build, so their rounds probe whole-system thinking,
    influence across teams and technical leadership far more than code.
    """)

    # -- exercise 1 -------------------------------------------------------------------------------------
    nb.md("""
    ## Exercise 1: which round, and what is it testing?

    For each prompt you decide two things: the **round** it belongs to, and the **focus**, the main
    thing it lets the interviewer judge. The labels are below.
    """)
    nb.md(_vocabulary_table(ROUNDS, "round") + "\n\n" + _vocabulary_table(FOCUSES, "focus"))
    nb.md("""
    ### Worked example

    Three prompts that are not part of the exercise, labelled and explained:

    - *"Reverse a singly linked list in place and run it on an empty list."* The problem is exact and
      the code will run: `("coding", "algorithms")`.
    - *"How many requests per second and how much storage does a photo app need in its first year?"*
      Rough numbers that shape a design: `("design", "estimation")`.
    - *"Which fields does a chat message row need, and what is its key?"* What is stored and how it is
      found: `("design", "data model")`.

    As a Python dict, that is:
    """)
    nb.code('''
    worked_example = {
        "reverse_linked_list": ("coding", "algorithms"),
        "photo_app_capacity": ("design", "estimation"),
        "chat_message_row": ("design", "data model"),
    }
    ''')
    nb.md("### The prompts\n\n" + _items_table(PROMPTS, "prompt") + "\n\n"
          "One of these prompts can honestly be read two ways. Either reading is accepted, as long as both\n"
          "of your labels describe the same reading. (In a real interview, this is the moment to ask.)")
    nb.md(f"""
    ### What to write, and how it is checked

    In the next cell, define a dict named `prompt_labels` with one entry per prompt id:
    `"<prompt id>": ("<round>", "<focus>")`. Delete the line `raise NotImplementedError()`; the
    commented template lists every id.

    - Labels are read by meaning: case, spaces, hyphens, articles and singular or plural do not
      matter, and the words of the usual frameworks count (`"API endpoints"` is `"api"`, `"HLD"` or
      `"overall architecture"` is `"architecture"`; more in the tables). Text that names two
      labels at once (`"API and data model"`), or a name that means different rounds at different
      companies (`"low-level design"`), is not accepted: the check says so and asks for one label.
    - Write plain data: a dict literal, tuples or lists, strings in quotes. Grading re-checks your
      answer outside the notebook from a copy of its data, and the check cell judges that same copy.
    - The check cell judges the {n_visible_prompts} prompts marked "the check below and grading"; the
      others it only checks for form. A wrong item gets a hint that fits what you wrote, never the
      answer.
    - **How the grade is made:** all {n_prompts} prompts count the same, {PROMPT_POINTS} points for
      all of them. Grading judges the {n_visible_prompts} visible prompts exactly as the check cell
      does and adds the {n_prompts - n_visible_prompts} others, so your points are
      {PROMPT_POINTS} x (prompts right) / {n_prompts}. With every line of the check green, you can
      lose points only on the prompts marked "grading only".
    """)
    nb.solution("prompt_labels", _template("prompt_labels", PROMPTS, '("<round>", "<focus>")') + "\n"
                "### BEGIN SOLUTION\n" + _dict_literal("prompt_labels", PROMPT_SOLUTION) + "\n### END SOLUTION")
    nb.tests("prompt_labels_check", f'''
    from autograder import answer
    from autograder.interviews import check_prompt_labels

    report = check_prompt_labels(answer("prompt_labels"))
    ### BEGIN HIDDEN TESTS
    report = check_prompt_labels(answer("prompt_labels"), scope="hidden")
    ### END HIDDEN TESTS
    report.grade({PROMPT_POINTS})
    ''', points=PROMPT_POINTS, recheck=True)

    # -- exercise 2 -------------------------------------------------------------------------------------
    nb.md("""
    ## Exercise 2: what does the interviewer write down?

    Interviewers take notes on behaviours and later sort them under the rubric's signals. Your job is
    that sorting. Use one label per behaviour: the signal it is the strongest evidence for. If a
    behaviour is one of Xu's red flags, label it `"red flag"`, even when it also touches a signal.
    """)
    nb.md(_vocabulary_table(SIGNALS, "signal"))
    nb.md("""
    ### Worked example

    Three behaviours that are not part of the exercise:

    - *"Asks what the ratio of reads to writes will be."* It pins down the problem before designing:
      `"requirements"`.
    - *"Explains that when one application server dies, the load balancer stops sending it traffic."*
      A failure and the system's response: `"fault tolerance"`.
    - *"Insists on writing a custom storage engine for a to-do list app."* Machinery far bigger than
      the problem: `"red flag"`.
    """)
    nb.code('''
    worked_example_signals = {
        "asks_read_write_ratio": "requirements",
        "explains_server_failure": "fault tolerance",
        "custom_storage_engine": "red flag",
    }
    ''')
    nb.md("### The behaviours\n\n" + _items_table(BEHAVIOURS, "behaviour"))
    nb.md(f"""
    ### What to write, and how it is checked

    In the next cell, define a dict named `signal_map` with one entry per behaviour id:
    `"<behaviour id>": "<signal>"`. Delete the line `raise NotImplementedError()`.

    - Labels are read by meaning, as in exercise 1: `"Reliability"`, `"fault-tolerant"` and
      `"high availability"` all mean `"fault tolerance"`. Give one signal per behaviour; a red flag
      stays a red flag when you also name what it touches (`"red flag: over-engineering"`).
    - Where a behaviour is real evidence for two signals, both are accepted.
    - **How the grade is made:** all {n_behaviours} behaviours count the same, {SIGNAL_POINTS} points
      for all of them. The check cell judges the {n_visible_behaviours} marked "the check below and
      grading"; grading judges them the same way and adds the {n_behaviours - n_visible_behaviours}
      others, so your points are {SIGNAL_POINTS} x (behaviours right) / {n_behaviours}.
    """)
    nb.solution("signal_map", _template("signal_map", BEHAVIOURS, '"<signal>"') + "\n"
                "### BEGIN SOLUTION\n" + _dict_literal("signal_map", SIGNAL_SOLUTION) + "\n### END SOLUTION")
    nb.tests("signal_map_check", f'''
    from autograder import answer
    from autograder.interviews import check_signal_map

    report = check_signal_map(answer("signal_map"))
    ### BEGIN HIDDEN TESTS
    report = check_signal_map(answer("signal_map"), scope="hidden")
    ### END HIDDEN TESTS
    report.grade({SIGNAL_POINTS})
    ''', points=SIGNAL_POINTS, recheck=True)

    # -- preparation -------------------------------------------------------------------------------------
    nb.md("""
    ## 8. How to prepare

    Split your preparation unevenly. Keep enough fluency to sketch an API, a table or an interface
    without stalling, and give the larger share of your hours to reasoning about architecture:

    - learn the recurring building blocks (caches, replicas, shards, queues) and the price of each;
    - read engineering write-ups of systems that run at scale;
    - compare storage options by the queries each one makes cheap;
    - rehearse designs aloud, inside Xu's time boxes;
    - at the start of the round, ask how much code the interviewer expects.
    """)
    nb.md("""
    ### What the best answers add

    Outside interviews, designs are built by groups of people who must understand them, so how
    clearly you present a design counts nearly as much as the design itself.

    A diagram alone is a weak answer. A strong one comes with its reasons attached: the options you
    rejected and why, the costs you chose to accept, and what you would change first when the numbers
    grow tenfold.

    The rest of the course practises exactly this: contracts and interfaces (module 2), schemas
    (module 3), estimates (module 4), written trade-offs (module 5), the short coding sketches that
    do sometimes appear (module 6) and the high-level design as a whole (module 7).
    """)

    # -- written answer -------------------------------------------------------------------------------------
    nb.md(f"""
    ## Written answer: advice to a friend

    {_indented(ADVICE.prompt)}

    Each item of that list is one line of the mark scheme under the answer cell. Write in the cell
    below (double-click it, replace the text, run it to render).

    It is worth {ADVICE.points} points, marked by hand with the mark scheme under it. When you have
    written it, save the notebook (Ctrl+S) and use the self-check under the mark scheme: tick what
    your answer does, press *Save*, then compare with the model answer it reveals.
    """)
    nb.rubric_answer(SLUG, ADVICE)

    # -- summary -------------------------------------------------------------------------------------------
    nb.md("""
    ## Summary

    - A coding round asks for a correct, efficient program; a design round asks for sound decisions
      under uncertainty, and there is rarely one best design.
    - Design rounds are scored on signals such as requirements, trade-offs, scalability, fault
      tolerance and communication; over-engineering, narrow-mindedness and stubbornness are red flags.
    - Code does appear, as API contracts, schemas and service interfaces, mostly at junior and mid
      levels. It shows that the design can be built; it is rarely the point.
    - Some loops add rounds where running code is the answer: machine coding (object-oriented or
      low-level design) and practical "implement X" rounds. Loops differ between companies; ask the
      recruiter what each round expects.
    - Knowing how systems are built and run keeps a design honest: no elegant designs nobody could
      operate.
    - The higher the level, the less code and the more judgment, direction and long-term cost.
    - So, does a system design interview involve coding? Occasionally, in small doses, and never as
      the main event. Prepare the reasoning first, and ask how much code is expected.
    """)
    nb.md(f"""
    ## Sources

    - *Does a System Design interview involve coding? What interviewers really want* - the article
      this course grows from; its argument is retold here in new words.
    - {XU}: chapter 3, "A framework for system design interviews" (the four steps and their minutes,
      red flags); chapter 8, "Design a URL shortener" (the API).
    - Exponent, "Rubric for System Design Interviews": {EXPONENT_URL}
    - Donne Martin, *The System Design Primer*: {PRIMER_URL} (how experience changes expectations;
      the worked solutions' advice to clarify how much code is expected: {PRIMER_PASTEBIN_URL}).
    - Expectations by level: Evan King, "The System Design Interview: What is Expected at Each Level",
      Hello Interview (2023): {HELLO_LEVELS_URL}; sysdesign.io, "Level Expectations":
      {SYSDESIGN_LEVELS_URL}.
    - Rounds where code is the deliverable, as reported by candidates and coaches (not published by the
      companies): Flipkart's machine coding round, {FLIPKART_GUIDE_URL} and {FLIPKART_REPORT_URL};
      Stripe's integration and bug squash rounds, {STRIPE_NOTES_URL} and {STRIPE_GUIDE_URL}; Meta's
      product architecture round, Evan King, Hello Interview (2024): {META_PA_URL}.
    - 301 vs 302 caching behaviour: RFC 9110, sections 15.4.2 and 15.4.3.
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "source" / SLUG / f"{SLUG}.ipynb")
