"""Valuation conventions change no real quantity of the dynamics (issue 13, error 1).

Observed output and profits at market prices already carry the price channel: only the profit
actually repatriated leaves Mexico's accumulation. A valuation convention (hours weighting,
factor definition, ...) may change the value-side outputs (``dynamics.VALUE_SIDE``), never a
real quantity (``dynamics.REAL_VARIABLES``). Before the fix the 2040 Mexican GDP was 2.39 tn
USD at hours_weighting 0 and 4.26 tn at 1.
"""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us.parameters import PARAMETERS, VALUATION_CONVENTIONS

YEARS = range(1990, 2041)


@pytest.fixture(scope="module")
def baseline():
    return ue.load_scenario("baseline")


def test_real_and_value_side_variables_partition_the_dynamics():
    assert set(dyn.REAL_VARIABLES) | dyn.VALUE_SIDE == set(dyn.VAR_NAMES)
    assert not set(dyn.REAL_VARIABLES) & dyn.VALUE_SIDE
    for real in ("mx_output", "mx_capital", "migrant_stock", "remittances", "graduates_phd"):
        assert real in dyn.REAL_VARIABLES


@pytest.mark.parametrize("name", sorted(VALUATION_CONVENTIONS))
def test_no_valuation_convention_changes_a_real_quantity(baseline, name):
    options = [value for value, _label in PARAMETERS[name].options]
    assert len(options) >= 2
    runs = [
        ue.simulate(baseline.with_parameters(**{name: value}), years=YEARS) for value in options
    ]
    ref = runs[0]
    for other in runs[1:]:
        for var in dyn.REAL_VARIABLES:
            if var not in ref:  # stacked along education in the Dataset
                continue
            a, b = ref[var].values, other[var].values
            scale = np.nanmax(np.abs(a)) or 1.0
            assert np.allclose(a, b, rtol=1e-9, atol=1e-9 * scale, equal_nan=True), (
                f"{name}: {var} changes with the convention"
            )
    for group in dyn.BY_LEVEL:  # the variables by level, stacked along education
        if group in ref:
            np.testing.assert_allclose(ref[group].values, runs[-1][group].values, rtol=1e-9)


def test_the_value_side_still_depends_on_the_convention(baseline):
    # the price transfer is a value-side measure: equal hours and productivity-weighted hours
    # differ (the 2011 static accounts: 125 vs 10 bn USD)
    eq = ue.simulate(baseline.with_parameters(hours_weighting=0.0), years=YEARS)
    pw = ue.simulate(baseline.with_parameters(hours_weighting=1.0), years=YEARS)
    t0, t1 = float(eq.price_transfer.sel(year=2011)), float(pw.price_transfer.sel(year=2011))
    assert t0 > 5 * t1 > 0
    # ... and the 2040 output is the same at both ends
    assert float(eq.mx_output.sel(year=2040)) == pytest.approx(
        float(pw.mx_output.sel(year=2040)), rel=1e-9
    )


def test_accumulation_deducts_only_repatriated_profit(baseline):
    # K_MX,t+1 = (1 − δ) K_MX,t + a ((1 − labsh) Y_t − Π_rep,t): recomputed from the path
    d = ue.simulate(baseline, years=YEARS)
    p = baseline.parameters
    k, y = d.mx_capital.values, d.mx_output.values
    rep = d.repatriated_profit.values
    expected = (1 - p["depreciation_mx"]) * k[:-1] + p["accumulation_share_mx"] * (
        (1 - p["mx_labour_share"]) * y[:-1] - rep[:-1]
    )
    np.testing.assert_allclose(k[1:], expected, rtol=1e-9)
