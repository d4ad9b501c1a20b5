"""Every scenario registry finds its scenarios: a module dropped into a scenarios package is found
with no code changed, a module named ``_*`` is not, and the systems that existed before keep their
names. The probe modules are written to a temporary folder added to the package's ``__path__``.
"""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

import autograder.api.scenarios as api_scenarios
import autograder.architecture.scenarios as architecture_scenarios
import autograder.estimate.scenarios as estimate_scenarios
import autograder.requirements.scenarios as requirements_scenarios
import autograder.schema.scenarios as schema_scenarios

PROBES = {
    # package -> (module source of a probe scenario named "probe")
    schema_scenarios: """
        from autograder.schema.scenarios.shortener import SCENARIO as _BASE
        SCENARIO = dict(_BASE, name="probe", title="Probe")
    """,
    requirements_scenarios: """
        from autograder.requirements.scenarios.newsfeed import SCENARIO as _BASE
        SCENARIO = dict(_BASE, name="probe", title="Probe")
    """,
    estimate_scenarios: """
        import dataclasses
        from autograder.estimate.scenarios import newsfeed
        PROBE_SCENARIO = dataclasses.replace(newsfeed.NEWSFEED_SCENARIO, name="probe")
    """,
    api_scenarios: """
        import dataclasses
        from autograder.api.scenarios import news_feed
        PROBE = dataclasses.replace(news_feed.NEWS_FEED, name="probe")
    """,
    architecture_scenarios: """
        import dataclasses
        from autograder.architecture import scenario
        SCENARIO = dataclasses.replace(scenario.SHORTENER, name="probe system")
    """,
}


@pytest.fixture
def drop(tmp_path, monkeypatch):
    """Write ``name.py`` into a folder on ``package.__path__``; forget the module afterwards."""
    written: list[str] = []

    def write(package, name: str, source: str) -> None:
        folder = tmp_path / package.__name__
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.py").write_text(textwrap.dedent(source))
        if str(folder) not in package.__path__:
            monkeypatch.setattr(package, "__path__", [*package.__path__, str(folder)])
        written.append(f"{package.__name__}.{name}")
        importlib.invalidate_caches()

    yield write
    for module in written:
        sys.modules.pop(module, None)


def names(package) -> list[str]:
    """What the package's own registry says its scenarios are, asked the way checkers ask."""
    if package is schema_scenarios or package is requirements_scenarios:
        return list(package.available())
    if package is api_scenarios:
        return list(package.discover())
    return list(package.SCENARIOS)


def test_the_systems_that_existed_keep_their_names():
    assert {"shortener", "newsfeed"} <= set(names(schema_scenarios))
    assert {"newsfeed", "chat"} <= set(names(requirements_scenarios))
    assert {"shortener", "pastebin", "newsfeed"} <= set(names(estimate_scenarios))
    assert {"shortener", "news_feed"} <= set(names(api_scenarios))
    assert {"shortener", "newsfeed"} <= set(names(architecture_scenarios))
    assert "_common" not in names(requirements_scenarios)


@pytest.mark.parametrize("package", list(PROBES), ids=lambda p: p.__name__.split(".")[1])
def test_a_dropped_scenario_module_is_found(package, drop):
    assert "probe" not in names(package)
    drop(package, "probe", PROBES[package])
    assert "probe" in names(package)


def test_each_registry_hands_out_the_dropped_scenario(drop):
    for package, source in PROBES.items():
        drop(package, "probe", source)
    from autograder.schema._scenario import load

    assert load("probe").title == "Probe"
    assert requirements_scenarios.raw("probe")["title"] == "Probe"
    assert estimate_scenarios.get_scenario("probe").name == "probe"
    assert api_scenarios.discover()["probe"].title == api_scenarios.NEWS_FEED.title
    assert architecture_scenarios.get_scenario("probe").name == "probe system"


@pytest.mark.parametrize("package", list(PROBES), ids=lambda p: p.__name__.split(".")[1])
def test_a_module_named_with_an_underscore_is_not_a_scenario(package, drop):
    drop(package, "_probe_helpers", "VALUE = 1\n")
    assert "_probe_helpers" not in names(package)


def test_an_unknown_name_is_still_an_authoring_error():
    with pytest.raises(ValueError, match="unknown scenario 'nope'; the scenarios are"):
        schema_scenarios.raw("nope")
    with pytest.raises(ValueError, match="unknown requirements scenario 'nope'"):
        requirements_scenarios.raw("nope")
    with pytest.raises(ValueError, match="scenario must be one of"):
        estimate_scenarios.get_scenario("nope")
    with pytest.raises(ValueError, match="scenario must be a Scenario or one of"):
        api_scenarios.get_scenario("nope")
    with pytest.raises(ValueError, match="architecture scenario must be one of"):
        architecture_scenarios.get_scenario("nope")


def test_an_api_module_must_define_exactly_one_scenario(drop):
    drop(api_scenarios, "probe_two", """
        import dataclasses
        from autograder.api.scenarios import news_feed
        ONE = dataclasses.replace(news_feed.NEWS_FEED, name="one")
        TWO = dataclasses.replace(news_feed.NEWS_FEED, name="two")
    """)
    with pytest.raises(ValueError, match="must define one Scenario"):
        api_scenarios.discover()


def test_an_architecture_module_may_not_reuse_a_name_defined_elsewhere(drop):
    drop(architecture_scenarios, "newsfeed", PROBES[architecture_scenarios])
    with pytest.raises(ValueError, match="defined twice"):
        architecture_scenarios.get_scenario("newsfeed")
