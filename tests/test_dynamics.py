"""Dynamics 1990–2040: kernel vs reference, accounting every year, fit to observed paths,
counterfactual directions."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.model import dynamics as dyn
from unequal_exchange.scenarios.simulate import check_accounting, simulate_arrays

YEARS = np.arange(1990, 2041)


@pytest.fixture(scope="module")
def baseline():
    return ue.simulate("baseline")


def _matrix(scenario="baseline", **overrides):
    p = dict(ue.load_scenario(scenario).parameters, **overrides)
    return np.array([[p[k] for k in dyn.PARAM_NAMES]])


def test_kernel_matches_numpy_reference_with_shocks():
    rng = np.random.default_rng(3)
    rows = np.repeat(_matrix(), 6, axis=0)
    for name, rel in (
        ("return_rate", 0.3),
        ("emigration_propensity", 0.2),
        ("maquila_wage_ratio", 0.3),
        ("accumulation_share_mx", 0.2),
    ):
        j = dyn.PARAM_NAMES.index(name)
        rows[:, j] *= rng.uniform(1 - rel, 1, rows.shape[0])
    shocks = [("deportations", 300_000.0, 2025, 2030), ("maquila_wage_ratio", 0.15, 2030, 2040)]
    fast = simulate_arrays(rows, shocks, YEARS)
    ref = simulate_arrays(rows, shocks, YEARS, backend="numpy")
    np.testing.assert_array_equal(fast["status"], ref["status"])
    for name in dyn.VAR_NAMES:
        np.testing.assert_allclose(fast[name], ref[name], rtol=1e-9, atol=1e-3, err_msg=name)


def test_accounting_holds_every_year(baseline):
    params = _matrix()
    res = simulate_arrays(params, [], YEARS)
    check_accounting(res, params)  # raises InvariantError otherwise
    lf = baseline.labour_force
    parts = baseline.formal_jobs + baseline.enclave_jobs + baseline.informal + baseline.unemployed
    np.testing.assert_allclose(lf, parts, rtol=1e-12)
    m = baseline.migrant_stock.values
    flows = (baseline.emigration - baseline.returns).values
    np.testing.assert_allclose(np.diff(m), flows[:-1], rtol=1e-12, atol=1e-6)


def test_accounting_follows_shocks_to_entrants():
    # a shock to labour-force entrants moves the labour force by exactly the shocked flow
    s = ue.load_scenario("baseline").with_shocks(("labour_force_entrants", 1.2e6, 2025, 2030))
    d = ue.simulate(s)  # check_accounting runs inside and would raise
    base = ue.simulate("baseline")
    assert float(d.labour_force.sel(year=2030)) > float(base.labour_force.sel(year=2030))


def test_non_viable_dynamic_paths_are_flagged_and_nan():
    ds = ue.sweep("baseline", {"maquila_wage_ratio": [0.1, 0.3]}, model="dynamic")
    assert ds.status.values.tolist()[0] == 0 and ds.status.values.tolist()[1] != 0
    assert np.isnan(ds.price_transfer.isel(maquila_wage_ratio=1)).all()
    assert np.isfinite(ds.price_transfer.isel(maquila_wage_ratio=0)).all()


def test_wage_gap_index_starts_at_one():
    # emigration responds to the gap relative to the path's own 1990 gap
    d = ue.simulate("baseline")
    assert float(d.wage_gap.sel(year=1990)) > float(d.wage_gap.sel(year=2040))


def test_calibrated_paths_within_stated_tolerances():
    result = ue.calibrate()
    fitted = {k: v for k, v in result.dynamic_fit.items() if v[5]}
    assert len(fitted) >= 20
    for name, (observed, model, rel, tol, _sources, _fitted) in fitted.items():
        assert abs(rel) <= tol, f"{name}: {model:.4g} vs {observed:.4g} ({rel:+.1%} > {tol:.0%})"


def test_baseline_reproduces_the_migration_peak_and_decline(baseline):
    m = baseline.migrant_stock
    assert float(m.sel(year=1990)) == pytest.approx(4.4e6)
    assert float(m.sel(year=2007)) > float(m.sel(year=2000)) > float(m.sel(year=1990))
    assert float(m.sel(year=2012)) < float(m.max())


def test_dataset_has_year_dimension_and_units(baseline):
    assert baseline.sizes["year"] == 51
    for name, var in baseline.data_vars.items():
        assert var.dims == ("year",) and var.attrs["units"], name


def test_higher_returns_shrink_the_skilled_stock_and_training_transfer(baseline):
    d = ue.simulate("return-programme-2025")
    after = {"year": slice(2026, 2040)}
    assert float(d.skilled_migrant_stock.sel(year=2040)) < float(
        baseline.skilled_migrant_stock.sel(year=2040)
    )
    assert float(d.training_cost_transfer.sel(**after).sum()) < float(
        baseline.training_cost_transfer.sel(**after).sum()
    )
    np.testing.assert_allclose(
        d.sel(year=slice(1990, 2024)).migrant_stock,
        baseline.sel(year=slice(1990, 2024)).migrant_stock,
    )


def test_wage_convergence_shrinks_the_price_transfer(baseline):
    d = ue.simulate("wage-convergence-2025")
    later = {"year": slice(2025, 2040)}
    assert np.all(d.price_transfer.sel(**later) < baseline.price_transfer.sel(**later))


def test_innovation_system_keeps_the_skilled_at_home(baseline):
    d = ue.simulate("innovation-system-2025")
    assert float(d.skilled_migrant_stock.sel(year=2040)) < float(
        baseline.skilled_migrant_stock.sel(year=2040)
    )


def test_deportations_shrink_the_stock_and_remittances_and_swell_the_reserve(baseline):
    d = ue.simulate("deportations-2025")
    y = {"year": 2030}
    assert float(d.migrant_stock.sel(**y)) < float(baseline.migrant_stock.sel(**y))
    assert float(d.remittances.sel(**y)) < float(baseline.remittances.sel(**y))
    assert float((d.informal + d.unemployed).sel(**y)) > float(
        (baseline.informal + baseline.unemployed).sel(**y)
    )


def test_dynamic_sweep_adds_the_year_dimension():
    ds = ue.sweep("baseline", {"return_rate": [0.02, 0.03, 0.04]}, model="dynamic")
    assert ds.migrant_stock.dims == ("return_rate", "year")
    stock = ds.migrant_stock.sel(year=2040).values
    assert np.all(np.diff(stock) < 0)  # more returns, smaller stock


def test_bad_shocks_are_reported(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        '[scenario]\nextends = "baseline"\n[[shocks]]\nparameter = "retrun_rate"\n'
        "value = 0.1\nstart = 2030\nend = 2020\n",
        encoding="utf-8",
    )
    with pytest.raises(ue.ScenarioError, match="did you mean 'return_rate'"):
        ue.load_scenario(path)


def test_years_must_start_in_1990():
    with pytest.raises(ue.ParameterError, match="start in 1990"):
        ue.simulate("baseline", years=range(2000, 2010))


def test_shocks_survive_with_parameters_and_pickling():
    import pickle

    s = ue.load_scenario("deportations-2025")
    assert s.shocks and s.with_parameters(return_rate=0.03).shocks == s.shocks
    assert pickle.loads(pickle.dumps(s)).shocks == s.shocks
    more = ue.load_scenario("baseline").with_shocks(("return_rate", 0.05, 2025, 2040))
    assert more.shocks == (("return_rate", 0.05, 2025, 2040),)
    with pytest.raises(ue.ParameterError, match="did you mean"):
        ue.load_scenario("baseline").with_shocks(("retrun_rate", 0.05, 2025, 2040))


def test_foreign_share_of_patents_matches_2010_and_falls_with_an_innovation_system(baseline):
    # 13,625 of 14,576 applications in 2010 were by non-residents (row L5: 93.5 %)
    share_2010 = ue.calibration.data.figure("L5_patents_foreign_share_2010").value
    assert float(baseline.foreign_patent_share.sel(year=2010)) == pytest.approx(
        share_2010, abs=0.02
    )
    d = ue.simulate("innovation-system-2025")
    assert float(d.researchers.sel(year=2040)) > float(baseline.researchers.sel(year=2040))
    assert float(d.foreign_patent_share.sel(year=2040)) < float(
        baseline.foreign_patent_share.sel(year=2040)
    )


def test_brain_drain_depletes_research_capacity():
    more = ue.load_scenario("baseline").with_shocks(("skilled_share_of_emigrants", 0.1, 2025, 2040))
    base, drained = ue.simulate("baseline"), ue.simulate(more)
    assert float(drained.researchers.sel(year=2040)) < float(base.researchers.sel(year=2040))
