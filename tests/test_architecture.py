"""autograder.architecture: the model's arithmetic, bad input, scopes, scenarios as data, drawing, widget."""

from __future__ import annotations

import math
import warnings

import pytest

from autograder import Missing
from autograder.architecture import (
    KINDS,
    SHORTENER,
    Component,
    Design,
    Link,
    capacity_table,
    check_design,
    draw,
    scenario_from_dict,
    what_if,
)
from autograder.architecture.analysis import analyse_normal
from autograder.architecture.capacity import FIGURE_SOURCES, NODE_AVAILABILITY, ROUND_TRIP_S
from autograder.architecture.model import normalise
from autograder.estimate import SHORTENER as XU
from autograder.estimate import shortener_reference

C = Component


def sound() -> Design:
    return Design(
        components=[C("users", "client"), C("lb", "load_balancer", 2, 2), C("app", "service", 12, 3),
                    C("cache", "redis", 2, 2), C("db", "postgres", 3, 3)],
        connections=[("users", "lb"), ("lb", "app"), ("app", "cache"), ("app", "db")],
        flows={"redirect": ["users", "lb", "app", "cache", "db"], "create link": ["users", "lb", "app", "db"]},
    )


def failures(report) -> str:
    return "\n".join(f.message for f in report.failures)


# -- the model's numbers --------------------------------------------------------------------------


def test_peaks_come_from_module_4():
    ref = shortener_reference(XU)
    redirect = SHORTENER.flow("redirect")
    assert redirect is not None
    assert redirect.peak_rps == pytest.approx(ref["peak_read_qps"].to("1/s").magnitude)
    assert redirect.peak_rps == pytest.approx(100e6 / 86_400 * 10 * 2)
    create = SHORTENER.flow("create link")
    assert create is not None and create.peak_rps == pytest.approx(100e6 / 86_400 * 2)
    # the hidden profile: 500 M a month, 100:1, peak 3x (Grokking-style set of module 4)
    assert redirect.hidden_peak_rps == pytest.approx(500e6 / (365.25 / 12 * 86_400) * 100 * 3)


def test_cache_lowers_the_reads_behind_it_and_utilisation_adds_up():
    a = analyse_normal(normalise(sound()), SHORTENER)
    reads, writes = SHORTENER.flows[0].peak_rps, SHORTENER.flows[1].peak_rps
    assert a.reads["app"] == pytest.approx(reads)  # the app sees every read
    assert a.reads["cache"] == pytest.approx(reads)
    assert a.reads["db"] == pytest.approx(reads * 0.2)  # 80% hit ratio
    assert a.writes["db"] == pytest.approx(writes)
    # a primary and replicas: reads spread over 3, every replica applies every write
    assert a.utilisation["db"] == pytest.approx(reads * 0.2 / (10_000 * 3) + writes / 5_000)
    assert a.utilisation["app"] == pytest.approx((reads + writes) / (5_000 * 12))


def test_latency_and_availability_follow_the_stated_rules():
    a = analyse_normal(normalise(sound()), SHORTENER)
    # lb (first hop from the client not counted) + app + cache + db: 3 hops of 0.5 ms, 1 ms app, 0.15 ms SSD read
    assert a.latency_ms["redirect"] == pytest.approx(3 * ROUND_TRIP_S * 1e3 + 1 + 0.15)
    per = lambda n: 1 - (1 - NODE_AVAILABILITY) ** n  # noqa: E731
    assert a.availability["redirect"] == pytest.approx(per(2) * per(12) * per(3))  # the cache falls through


def test_async_hop_ends_the_critical_path():
    d = sound()
    d.components += [C("q", "queue", 3, 3), C("w", "worker", 12, 3)]
    d.connections += [("app", "q"), ("q", "w", "async")]
    d.flows["redirect"] = ["users", "lb", "app", "cache", "db", "q", "w"]
    a = analyse_normal(normalise(d), SHORTENER)
    route = a.routes["redirect"]
    assert route.sync[-1] == "q" and route.deferred == ["w"]
    assert "w" not in [n for n, _ in a.latency_parts["redirect"]]
    assert a.reads["w"] == pytest.approx(SHORTENER.flows[0].peak_rps)  # the worker still takes the load


def test_a_failed_cache_passes_reads_through():
    a = analyse_normal(normalise(sound()), SHORTENER, failed=("cache",))
    assert a.reads["db"] == pytest.approx(SHORTENER.flows[0].peak_rps)
    assert "redirect" not in a.broken


def test_zone_loss_takes_single_zone_components_and_a_share_of_the_others():
    d = sound()
    d.components[4] = C("db", "postgres", 3, 1)
    a = analyse_normal(normalise(d), SHORTENER, zone_failure=True)
    assert "db" in a.down and set(a.broken) == {"redirect", "create link"}
    assert a.utilisation["app"] == pytest.approx(
        (SHORTENER.flows[0].peak_rps + SHORTENER.flows[1].peak_rps) / (5_000 * 8))  # 12 over 3 zones: 4 lost


def test_every_figure_has_a_source_shown_to_the_learner():
    table = capacity_table()
    assert set(table.index) == set(KINDS) - {"client"}
    for kind, spec in KINDS.items():
        if kind == "client":
            continue
        cited = [word for word in spec.sources.replace(";", " ").replace("(", " ").split() if word in FIGURE_SOURCES]
        assert cited, f"{kind}: its figures cite none of FIGURE_SOURCES ({spec.sources!r})"
        for key in cited:
            assert FIGURE_SOURCES[key]["title"]
        assert table.loc[kind, "sources"] == spec.sources


# -- the report -----------------------------------------------------------------------------------


def test_sound_design_gets_full_marks_in_both_scopes():
    assert check_design(sound(), SHORTENER).score == 1.0
    assert check_design(sound(), SHORTENER, scope="hidden").score == 1.0


def test_unknown_scope_raises_naming_the_allowed_ones():
    with pytest.raises(ValueError, match="'visible', 'hidden'"):
        check_design(sound(), SHORTENER, scope="full")
    with pytest.raises(TypeError):
        check_design(sound(), SHORTENER, "hidden")  # type: ignore[misc]


def test_overloaded_database_message_says_what_to_change():
    d = sound()
    d.components[3:] = [C("db", "postgres", 2, 2)]
    d.connections = [c for c in d.connections if c != ("app", "cache")]
    d.flows["redirect"] = ["users", "lb", "app", "db"]
    report = check_design(d, SHORTENER)
    text = failures(report)
    assert "'db' takes 23,148 reads/s and 2,315 writes/s at peak" in text
    assert "add read replicas" in text and "or a cache in front" in text


def test_single_point_of_failure_names_the_flows_that_break():
    d = sound()
    d.components[4] = C("db", "postgres")
    text = failures(check_design(d, SHORTENER))
    assert "'db' runs one replica: if it fails, create link and redirect stop" in text


def test_hidden_scope_adds_the_second_profile_and_a_zone():
    d = sound()
    d.components[2] = C("app", "service", 6, 1)
    visible, hidden = check_design(d, SHORTENER), check_design(d, SHORTENER, scope="hidden")
    assert visible.score == 1.0
    assert hidden.score < 1.0
    text = failures(hidden)
    assert "Grokking-style" in text and "losing one zone stops" in text


def test_needless_component_costs_the_burden_criterion_only():
    d = sound()
    d.components.append(C("emailer", "service", 2, 2))
    d.connections.append(("app", "emailer"))
    report = check_design(d, SHORTENER, scope="hidden")
    assert [f.check for f in report.failures] == ["operational burden: every component serves a flow"]
    assert "'emailer'" in report.failures[0].message


# -- bad input: a finding, never a traceback --------------------------------------------------------


@pytest.mark.parametrize("design, expected", [
    (Missing("shortener_design"), "`shortener_design` is not defined"),
    (None, "should be Design("),
    ("lb -> app -> db", "should be Design("),
    (Design(), "no components"),
    (Design(components="app"), "components should be a list"),
    (Design(components=[C("a", "service")], flows=["x"]), "flows should be a dict"),
    (Design(components=[C(f"s{i}", "service") for i in range(1000)]), "tens at most"),
])
def test_unusable_designs_get_one_clear_finding(design, expected):
    report = check_design(design, SHORTENER, scope="hidden")
    assert report.score == 0 and len(report.findings) == 1
    assert expected in report.findings[0].message


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.components.__setitem__(3, C("cache", "redus", 2, 2)), "did you mean 'cache'?"),
    (lambda d: d.components.__setitem__(4, C("db", "postgress", 3, 3)), "did you mean 'relational'?"),
    (lambda d: d.connections.append(("app", "dbb")), "there is no component 'dbb' (did you mean 'db'?)"),
    (lambda d: d.connections.append(("db", "lb")), "cycle"),
    (lambda d: d.flows.__setitem__("redirect", ["users", "lb", "cache", "db"]), "nothing before 'cache'"),
    (lambda d: d.components.__setitem__(2, C("app", "service", 0, 3)), "replicas should be at least 1"),
    (lambda d: d.components.__setitem__(2, C("app", "service", -3, 3)), "replicas should be at least 1"),
    (lambda d: d.components.__setitem__(2, C("app", "service", math.nan, 3)), "whole number"),
    (lambda d: d.components.__setitem__(2, C("app", "service", True, 3)), "whole number"),
    (lambda d: d.components.__setitem__(2, C("app", "service", 12, math.inf)), "whole number"),
    (lambda d: d.components.__setitem__(4, C("db", "postgres", 3, 3, capacity=0)), "positive number"),
    (lambda d: d.components.__setitem__(4, C("db", "postgres", 3, 3, capacity=math.nan)), "positive number"),
    (lambda d: d.components.__setitem__(4, C("db", "postgres", 3, 3, capacity=1e9)), "add replicas instead"),
    (lambda d: d.components.__setitem__(2, C("app", "service", 12, 3, replica=2)), "did you mean 'replicas'?"),
    (lambda d: d.components.append("db2"), "should be Component("),
    (lambda d: d.connections.append(("app",)), "should be Link("),
    (lambda d: d.connections.append(Link("app", "db", mode="sometimes")), "mode should be 'sync' or 'async'"),
    (lambda d: d.flows.__setitem__("create link", 42), "path should be a list"),
    (lambda d: d.flows.__setitem__("teleport", ["users", "lb"]), "not one of this scenario's flows"),
    (lambda d: d.flows.pop("create link"), "no path for 'create link'"),
    (lambda d: d.flows.__setitem__("redirect", ["users"] * 500), "far too long"),
])
def test_each_bad_piece_is_a_clear_finding(change, expected):
    d = sound()
    change(d)
    report = check_design(d, SHORTENER, scope="hidden")
    assert report.score < 1.0
    assert expected in failures(report), failures(report)


def test_hostile_values_do_not_raise():
    class Weird:
        def __repr__(self):
            raise RuntimeError("no repr")

        def __eq__(self, other):
            raise RuntimeError("no eq")

        __hash__ = object.__hash__

    d = sound()
    d.components.append(C(Weird(), Weird(), Weird(), Weird()))
    d.connections.append((Weird(), "db"))
    report = check_design(d, SHORTENER, scope="hidden")
    assert report.score < 1.0


# -- another system, from data ---------------------------------------------------------------------


PASTEBIN = scenario_from_dict({
    "name": "paste bin",
    "flows": [
        {"name": "read paste", "operation": "read", "peak_rps": 400, "needs": ["object_store"],
         "latency_ms": 100, "availability": 0.999, "aliases": ["read"]},
        {"name": "create paste", "operation": "write", "peak_rps": 40, "needs": ["relational", "key_value"],
         "latency_ms": 200, "availability": 0.99},
    ],
    "max_services": 1,
    "max_stateful": 2,
    "max_async_hops": 0,
})


def test_a_non_shortener_scenario_needs_no_new_checker_code():
    good = Design(
        components=[C("u", "client"), C("web", "service", 2, 2), C("meta", "postgres", 2, 2), C("bodies", "s3")],
        connections=[("u", "web"), ("web", "meta"), ("web", "bodies")],
        flows={"read": ["u", "web", "meta", "bodies"], "create paste": ["u", "web", "meta", "bodies"]},
    )
    assert check_design(good, PASTEBIN, scope="hidden").score == 1.0
    no_blobs = Design(components=good.components[:3], connections=good.connections[:2],
                      flows={"read": ["u", "web", "meta"], "create paste": ["u", "web", "meta"]})
    text = failures(check_design(no_blobs, PASTEBIN))
    assert "never reaches a object_store store" in text


def test_scenario_from_dict_rejects_author_mistakes():
    with pytest.raises(ValueError, match="unknown kinds"):
        scenario_from_dict({"name": "x", "flows": [{"name": "f", "operation": "read", "peak_rps": 1, "needs": ["sql db"]}]})
    with pytest.raises(ValueError, match="operation"):
        scenario_from_dict({"name": "x", "flows": [{"name": "f", "operation": "delete", "peak_rps": 1}]})


# -- plain data for the re-check, drawing, widget ---------------------------------------------------


def test_design_survives_the_recheck_snapshot():
    from autograder.grading.snapshot import Unsupported, decode, encode

    d = sound()
    d.connections.append(Link("app", "db", mode="sync"))
    text = encode(d)
    assert "$unsupported" not in repr(text)
    back = decode(text)
    assert not isinstance(back, Unsupported)
    assert check_design(back, SHORTENER, scope="hidden").to_text() == check_design(d, SHORTENER, scope="hidden").to_text()


def test_drawing_marks_utilisation_and_single_points_of_failure(tmp_path):
    d = sound()
    d.components[4] = C("db", "postgres")
    picture = draw(d, SHORTENER, title="shortener")
    source = picture.source
    assert source.splitlines()[3] == "flowchart LR"
    assert "single point of failure" in source and "% busy" in source
    assert "class c4 spof" in source
    bundle = picture._repr_mimebundle_()
    assert bundle["text/vnd.mermaid"] == source and bundle["text/markdown"].startswith("```mermaid\n")
    saved = picture.save(tmp_path / "design.md")
    assert saved.read_text().startswith("```mermaid")
    assert picture.save(tmp_path / "design.mmd").read_text() == source + "\n"
    picture.save(tmp_path / "design.md")  # replacing its own earlier export is fine
    mine = tmp_path / "notes.md"
    mine.write_text("my own notes")
    with pytest.raises(FileExistsError):
        picture.save(mine)
    assert mine.read_text() == "my own notes"


def test_drawing_a_broken_design_lists_what_was_not_drawn():
    picture = draw("nonsense", SHORTENER)
    assert "nothing to draw" in picture.source and picture.problems
    d = sound()
    d.connections.append(("app", "ghost"))
    assert any("ghost" in p for p in draw(d, SHORTENER).problems)


def test_async_connections_are_dashed_and_failures_shown():
    d = sound()
    d.components += [C("q", "queue", 3, 3), C("w", "worker", 12, 3)]
    d.connections += [("app", "q"), ("q", "w", "async")]
    source = draw(d, SHORTENER, failed="db").source
    assert "-.->" in source and "FAILED" in source and "class c4 down" in source


def test_what_if_widget_follows_its_controls_headless():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        view = what_if(sound(), SHORTENER)
    assert "works" in view.table.value
    view.fail.value = "db"
    assert "DOWN (db failed)" in view.table.value
    view.fail.value = "(nothing)"
    before = view.analysis.utilisation["db"]
    view.hit_ratio.value = 0.0
    assert view.analysis.utilisation["db"] > before
    view.load.value = 3.0
    assert view.analysis.utilisation["app"] == pytest.approx(
        3 * (SHORTENER.flows[0].peak_rps + SHORTENER.flows[1].peak_rps) / 60_000)
    view.fail.value = "(one zone)"
    assert view.analysis.down == set()
    assert what_if("nonsense", SHORTENER).note.value
