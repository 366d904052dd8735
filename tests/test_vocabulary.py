"""One vocabulary: every function taking a scenario calls its first argument `scenario` and
accepts a Scenario, a library name or a path; old argument names still work, with a warning."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import unequal_exchange as ue
from unequal_exchange.scenarios.scenario import _library

TAKES_A_SCENARIO = [ue.run, ue.simulate, ue.sweep, ue.sensitivity, ue.problem, ue.validate]


@pytest.mark.parametrize("func", [*TAKES_A_SCENARIO, ue.load_scenario], ids=lambda f: f.__name__)
def test_the_first_argument_is_scenario(func):
    assert next(iter(inspect.signature(func).parameters)) == "scenario"


def test_a_scenario_a_name_and_a_path_are_the_same_scenario():
    path = Path(_library()) / "baseline.toml"
    by_object = ue.load_scenario(ue.load_scenario("baseline"))
    for given in ("baseline", path, str(path)):
        assert ue.load_scenario(given).parameters == by_object.parameters
    assert float(ue.run(path).price_transfer) == float(ue.run("baseline").price_transfer)


@pytest.mark.parametrize(
    ("call", "old"),
    [
        (lambda **kw: ue.run(**kw), "scenario_or_name"),
        (lambda **kw: ue.load_scenario(**kw), "name_or_path"),
    ],
)
def test_old_argument_names_warn_and_still_work(call, old):
    with pytest.warns(DeprecationWarning, match="the argument is now called 'scenario'"):
        call(**{old: "baseline"})
    with pytest.raises(TypeError, match="got both"), pytest.warns(DeprecationWarning):
        call(**{old: "baseline", "scenario": "baseline"})
