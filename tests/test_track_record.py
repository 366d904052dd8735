"""The dynamics against the observed record to 2023: sourced series, the full fit and an
out-of-sample test (fit to ≤ 2012, predict 2013–2023) (issue 13)."""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.calibration.data import annual
from unequal_exchange.calibration.exogenous import RECORD_END, removals, us_price_level
from unequal_exchange.errors import InputError


@pytest.fixture(scope="module")
def fits():
    return {None: ue.calibrate(), 2012: ue.calibrate(fit_until=2012)}


def test_every_observed_series_row_is_sourced():
    text = resources.files("unequal_exchange.calibration").joinpath("data", "observed_series.csv")
    rows = list(csv.DictReader(text.open(encoding="utf-8")))
    assert len(rows) > 50
    for row in rows:
        assert row["source"].strip() and row["units"].strip() and row["url_or_table"].strip()
        assert row["confidence"] in {"confirmed", "secondary", "estimate"}, row
    stock = annual("mx_born_us_stock")
    assert stock[2010] == 11.7e6 and stock[2023] == 10.9e6  # ACS via MPI: the peak and 2023
    assert annual("remittances_to_mexico")[2023] == pytest.approx(63_313)  # Banxico


def test_exogenous_paths_follow_their_sources():
    # US price level: PWT pl_gdpo to 2019, the BEA deflator (2017 = 100) in 2024
    p = us_price_level([2011, 2017, 2024])
    assert p[0] == pytest.approx(1.0)
    assert p[2] / p[1] == pytest.approx(1.25224, rel=1e-6)
    # removals of Mexican nationals: the DHS figure in its year, linear between
    r = removals(np.array([2004, 2005, 2010, 2012, 2015, 2023]))
    assert r[0] == 0.0 and r[1] == 169_031 and r[2] == 273_915 and r[3] == 306_870
    assert r[4] == r[5] == 242_456


def test_targets_after_fit_until_are_reported_as_checks(fits):
    report = fits[2012].dynamic_fit
    later = [k for k in report if k.startswith(("migrant_stock_", "remittances_"))]
    assert any(int(k[-4:]) > 2012 for k in later)
    for name in later:
        year = int(name[-4:])
        if year > 2012:
            assert not report[name][5], f"{name} is fitted in the ≤ 2012 fit"
    assert fits[2012].fit_until == 2012
    with pytest.raises(InputError, match="fit_until"):
        ue.calibrate(fit_until=1995)


def test_out_of_sample_errors_are_reported_every_observed_year(fits):
    for fit_until, result in fits.items():
        record = result.track_record()
        for var in ("migrant_stock", "remittances"):
            r = record[var]
            expected = {
                "migrant_stock": {2014, 2016, 2017, 2021, 2022, 2023},  # ACS years after 2012
                "remittances": set(range(2004, RECORD_END + 1)),  # Banxico, every year
            }[var]
            assert expected <= set(r["years"].tolist())
            assert np.all(np.isfinite(r["relative_error"]))
            np.testing.assert_allclose(r["model"] / r["observed"] - 1, r["relative_error"])
            assert r["mape_after"] > 0 and r["rmse_after"] > 0
            assert np.all(r["in_sample"] == (r["years"] <= (fit_until or 2012)))
    # remittances are compared in current USD: the model's 2011 prices × the US price level
    rem = fits[None].track_record()["remittances"]
    i = int(np.flatnonzero(rem["years"] == 2023)[0])
    assert rem["observed"][i] == pytest.approx(63_313e6)


def test_the_full_fit_beats_the_2012_fit_after_2012(fits):
    full, early = fits[None].dynamic_fit, fits[2012].dynamic_fit
    fitted = [k for k, v in full.items() if v[5]]
    # on the whole record's targets, the full fit has the smaller sum of squares ...
    ssr = {k: sum(r[name][2] ** 2 for name in fitted) for k, r in (("full", full), ("2012", early))}
    assert ssr["full"] < ssr["2012"]
    # ... and after 2012 the migrant stock is tracked more closely
    stock = {k: r.track_record()["migrant_stock"]["mape_after"] for k, r in fits.items()}
    assert stock[None] < stock[2012]


def test_parameters_on_a_bound_are_reported_with_what_it_means(fits):
    report = fits[None].dynamic_report()
    for name in fits[None].at_bound:
        assert f"AT BOUND: {name}" in report
    assert "researchers_lost_per_skilled_emigrant" in fits[None].at_bound
    assert "unidentified" in report


def test_emigration_shares_at_their_cap_are_reported(fits):
    from unequal_exchange.calibration.dynamics_fit import capped_shares

    params = fits[None].parameters
    shares = capped_shares(params)
    assert set(shares) >= {"emigration_propensity", "skilled_emigration_propensity_phd"}
    assert all(0.0 <= v <= 1.0 for v in shares.values())
    # the doctoral propensity sits on its box bound of 1 and the pull exceeds 1 in most years
    assert shares["skilled_emigration_propensity_phd"] > 0.5
    report = fits[None].dynamic_report()
    for name, share in shares.items():
        assert (f"CAPPED: {name}" in report) == (share > 0)


def test_unidentified_emigration_propensity_is_shipped_at_its_lower_bound(fits):
    """Capped every year of the record, μ is identified only as a lower bound; the fit ships
    the bound (least squares stopped anywhere on the flat ridge, 1.41 or 1.79 with the last
    bits of rounding). At the bound and above it the 1990–2040 baseline is the same path;
    below it the record's path changes."""
    from unequal_exchange.calibration.dynamics_fit import capped_lower_bound, capped_shares

    for fit in fits.values():
        mu = fit.parameters["emigration_propensity"]
        assert capped_shares(fit.parameters)["emigration_propensity"] == 1.0
        assert capped_lower_bound(fit.parameters) == pytest.approx(mu, rel=1e-9)
        low, high = (
            fit.derived["emigration_propensity"].low,
            fit.derived["emigration_propensity"].high,
        )
        assert low == mu and high == 3.0
    base = ue.load_scenario("baseline")
    mu = base.parameters["emigration_propensity"]
    ref = ue.simulate(base)
    for factor, same in ((1.5, True), (2.5, True), (0.9, False)):
        other = ue.simulate(base.with_parameters(emigration_propensity=mu * factor))
        close = np.allclose(other.migrant_stock, ref.migrant_stock, rtol=1e-12, atol=0)
        assert close == same, factor


# ---- the simulated 2011 beside the static 2011 accounts (same engine, different quantities)


def test_simulated_2011_differs_from_the_static_accounts_only_through_its_quantities():
    """The path's 2011 transfers come from the static engine fed the path's own 2011
    quantities: persons engaged 38.7 M (the path's jobs + informal) vs 47.1 M (PWT), gross
    flows about twice Pew's. Each gap is explained by the quantity that drives it."""
    import numpy as np

    from unequal_exchange.model.mexico_us import accounts as mu
    from unequal_exchange.scenarios.simulate import compare_with_static

    c = compare_with_static("baseline")
    t, inputs = c["transfers"], c["inputs"]
    # repatriated profit (enclave capital) and GDP agree to 1 %: the same 2011 economy
    assert t["repatriated_profit"][0] == pytest.approx(t["repatriated_profit"][1], rel=0.01)
    assert inputs["Mexican GDP"][0] == pytest.approx(inputs["Mexican GDP"][1], rel=0.01)
    # the price transfer is lower on the path because fewer persons are engaged in Mexico:
    # the static accounts given the path's employment give the path's price transfer (±1 %)
    engaged_path, engaged_static = inputs["persons engaged in Mexico"]
    assert engaged_path < 0.85 * engaged_static
    base = {k: np.array([v]) for k, v in ue.load_scenario("baseline").parameters.items()}
    swapped = mu.accounts({**base, "mx_employment": np.array([engaged_path])})
    assert t["price_transfer"][0] < t["price_transfer"][1]
    assert float(swapped["price_transfer"][0]) == pytest.approx(t["price_transfer"][0], rel=0.01)
    # the childhood-cost transfer follows the sign of net emigration in each
    for side in (0, 1):
        net = inputs["emigration (gross)"][side] - inputs["returns (gross)"][side]
        assert np.sign(t["reproduction_cost_transfer"][side]) == np.sign(net)
    # the embodied schooling cost scales with the stock (11.5 M on the path, 12.0 M observed)
    stock_ratio = inputs["Mexican-born in the US"][0] / inputs["Mexican-born in the US"][1]
    cost_ratio = t["training_cost_stock"][0] / t["training_cost_stock"][1]
    assert cost_ratio == pytest.approx(stock_ratio, rel=0.02)
