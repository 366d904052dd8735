"""Shocks must change the simulated path: a shock the dynamics never read is an error.

Two kinds of no-op shocks are refused with the reason: parameters the path never reads after
the initial year (2011 levels it recomputes each year, initial conditions, parameters of
static-only outputs) and shocks outside the simulated years. Every other shock changes the path.
"""

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.errors import ParameterError
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us.parameters import PARAMETERS, READ_UNDER_CONVENTION
from unequal_exchange.scenarios.scenario import check_shocks
from unequal_exchange.scenarios.simulate import simulate_arrays

YEARS = np.arange(1990, 2041)
REFUSED = dyn.INITIAL_ONLY | set(dyn.PATH_QUANTITIES) | dyn.STATIC_OUTPUTS_ONLY


@pytest.fixture(scope="module")
def baseline():
    return ue.load_scenario("baseline")


@pytest.fixture(scope="module")
def params(baseline):
    return np.array([[baseline.parameters[k] for k in dyn.PARAM_NAMES]])


@pytest.fixture(scope="module")
def base_path(params):
    return simulate_arrays(params, (), YEARS)


def _shock(name, value):
    """A shock inside the years the parameter is read (level growth rates: up to the data)."""
    if name.startswith("graduate_growth_") and name != "graduate_growth_projection":
        return (name, value, 2012, 2016)
    return (name, value, 2025, 2030)


def _other_value(name, value):
    if name == "researchers_lost_per_skilled_emigrant":
        return 1.0  # the baseline's 2e-26 scaled by 1.2 moves nothing visible
    spec = PARAMETERS[name]
    if spec.switch:  # a switch convention takes only its options: the other one
        return next(float(v) for v, _ in spec.options if v != value)
    if value == 0:
        return 1e5 if spec.units == "persons/yr" else 0.5
    for new in (value * 1.2, value * 0.8):
        if new != value and spec.contains(new):
            return float(new)
    raise AssertionError(name)


def _largest_change(res, base):
    return max(
        np.nanmax(np.abs(res[k] - base[k])) / max(np.nanmax(np.abs(base[k])), 1e-300)
        for k in dyn.VAR_NAMES
    )


def test_a_shock_to_the_migrant_stock_is_refused_with_the_reason(baseline):
    with pytest.raises(ParameterError, match="migrant_stock is never read after the initial year"):
        baseline.with_shocks(("migrant_stock", 1.0, 2025, 2030))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_every_no_op_parameter_is_refused_as_a_shock(name, baseline):
    problems = check_shocks([(name, _other_value(name, baseline.parameters[name]), 2025, 2030)])
    assert len(problems) == 1
    assert "change nothing" in problems[0] or "initial condition" in problems[0]


def test_refused_shocks_are_indeed_no_ops(params, base_path, baseline):
    # the rule must not refuse a shock that would do something: bypass it and simulate
    for name in sorted(REFUSED):
        shock = (name, _other_value(name, baseline.parameters[name]), 2025, 2030)
        res = simulate_arrays(params, [shock], YEARS)
        assert _largest_change(res, base_path) == 0.0, name


def test_every_accepted_shock_changes_the_path(params, base_path, baseline):
    unchanged = []
    for name in dyn.PARAM_NAMES:
        if name in REFUSED:
            continue
        value = baseline.parameters[name]
        # a propensity whose share sits at its cap of 1 (CalibrationResult.dynamic_report)
        # moves the path only when lowered far enough: try a quarter of it too
        quarter = value > 0 and not PARAMETERS[name].switch  # a switch takes its options only
        candidates = [_other_value(name, value)] + ([value * 0.25] if quarter else [])
        reference, switched = base_path, []
        if name in READ_UNDER_CONVENTION:  # read only with its convention switched on
            switched = [_shock(READ_UNDER_CONVENTION[name], 1.0)]
            reference = simulate_arrays(params, switched, YEARS)
        changed = False
        for other in candidates:
            shock = _shock(name, other)
            assert check_shocks([shock]) == [], name
            res = simulate_arrays(params, [*switched, shock], YEARS)
            changed = changed or _largest_change(res, reference) >= 1e-6
        if not changed:
            unchanged.append(name)
    assert unchanged == []


def test_a_shock_after_the_horizon_is_refused_with_the_simulated_years(baseline):
    s = baseline.with_shocks(("deportations", 4e5, 2050, 2060))
    with pytest.raises(ParameterError, match=r"outside the simulated years 1990\.\.2040"):
        ue.simulate(s)
    with pytest.raises(ParameterError, match="outside the simulated years"):
        ue.sensitivity(s, model="dynamic", n=8, outputs="migrant_stock[2040]")


def test_a_shock_overlapping_the_horizon_is_simulated_in_the_years_it_covers(baseline):
    s = baseline.with_shocks(("deportations", 4e5, 2038, 2060))
    ds = ue.simulate(s)
    base = ue.simulate(baseline)
    extra = ds.returns - base.returns  # the stock is the baseline's until 2038's returns
    assert float(extra.sel(year=2038)) == pytest.approx(4e5, rel=1e-6)
    assert float(abs(extra.sel(year=2037))) <= 1e-9 * float(base.returns.sel(year=2037))


def test_a_shock_to_the_scenarios_own_value_is_refused(baseline):
    s = baseline.with_shocks(("deportations", 0.0, 2025, 2030))
    with pytest.raises(ParameterError, match="the scenario's own value"):
        ue.simulate(s)
