"""The price channel's factor definitions and conventions (issue 13: error 4, items 6, 9, 10;
issue 12 item 4): Marx's split beside Emmanuel's, the US rate of surplus value, the
PPP-anchored hours convention, the IO-derived traded pools, productive capital and the
enclave fit on foreign-market income."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.calibration import derive
from unequal_exchange.calibration.data import figure
from unequal_exchange.calibration.fit import calibrate_static, targets
from unequal_exchange.calibration.wiod import wiod_system
from unequal_exchange.model.mexico_us import accounts as mu
from unequal_exchange.model.mexico_us import io_accounts
from unequal_exchange.model.mexico_us.parameters import PARAMETERS

BASE = dict(ue.load_scenario("baseline").parameters)
BN = 1e9


def _acc(**changes):
    return mu.accounts({**BASE, **changes})


def _split(acc, name="price_transfer_by_value_factor"):
    return np.round(np.asarray(acc[name]) / BN, 1).tolist()


# ---- error 4: the strict and the broad sense by rates of surplus value


def test_marx_split_reproduces_the_review_figures_at_both_ends_of_the_hours_convention():
    # issue 13, error 4: with (e, K/v, intensity) as factors the α = 1 split is
    # 27.1 / −16.2 / −1.0 bn and the α = 0 split 140.2 strict / −14.7 broad
    assert _split(_acc(hours_weighting=1.0))[:3] == [27.1, -16.2, -1.0]
    assert _split(_acc(hours_weighting=0.0))[:3] == [140.2, -14.7, 0.0]


@pytest.mark.parametrize("alpha", [0.0, 0.3, 0.72, 1.0])
def test_both_splits_are_exact_and_the_structural_part_is_zero(alpha):
    acc = _acc(hours_weighting=alpha)
    total = float(acc["price_transfer"])
    for name in ("price_transfer_by_factor", "price_transfer_by_value_factor"):
        split = np.asarray(acc[name])
        assert split.sum() == pytest.approx(total, rel=1e-12)
        assert abs(split[-1]) <= 1e-9 * abs(total), name


def test_broad_part_is_negative_because_mexicos_value_composition_is_higher():
    # the broad sense moves value towards the country with the higher K/v: under PWT capital
    # and labour shares Mexico's traded K/v (10.8) is above the US's (6.1)
    s = mu.sectors(BASE)
    vs = mu.value_system(s, 0.0)
    mx = np.array([c == "MX" for c in mu.COUNTRIES])
    kv = {c: vs["capital"][m].sum() / vs["variable"][m].sum() for c, m in (("MX", mx), ("US", ~mx))}
    assert kv["MX"] == pytest.approx(10.78, abs=0.01) and kv["US"] == pytest.approx(6.09, abs=0.01)
    assert float(_acc()["price_transfer_by_value_factor"][1]) < 0


def _two_sector_table(e, kv, intensity):
    """A Mexican and a US sector, one traded hour each: value table in hours."""
    h = np.array([[0.0, 0.0, 1.0, 1.0]])  # enclaves empty, one domestic and one US hour
    n = h * np.array([1.0, 1.0, intensity[0], intensity[1]])
    v = n / (1.0 + np.array([1.0, 1.0, e[0], e[1]]))
    k = v * np.array([1.0, 1.0, kv[0], kv[1]])
    h, n, v, k = (np.where(h > 0, x, 1e-300) for x in (h, n, v, k))
    return {"hours": h, "new_value": n, "variable": v, "capital": k}


def test_closed_form_only_rates_of_surplus_value_differ_all_is_strict():
    split = mu.price_channel(_two_sector_table((2.0, 0.5), (4.0, 4.0), (1.0, 1.0)))
    values = split["by_value_factor"][0]
    assert values[1] == pytest.approx(0.0, abs=1e-12)  # no broad part
    assert values[0] == pytest.approx(split["transfer_to_us"][0], rel=1e-12)
    assert values[0] > 0  # the country with the higher e (Mexico) loses


def test_closed_form_only_value_compositions_differ_all_is_broad():
    split = mu.price_channel(_two_sector_table((1.0, 1.0), (3.0, 6.0), (1.0, 1.0)))
    values = split["by_value_factor"][0]
    assert values[0] == pytest.approx(0.0, abs=1e-12)  # no strict part
    # r = Σs/ΣK = 2/9 of v; the US (K/v = 6) gains r·K − s = (2/9·6 − 1)·v = v/3
    v = 0.5
    assert values[1] == pytest.approx(v / 3, rel=1e-12)
    assert split["transfer_to_us"][0] == pytest.approx(v / 3, rel=1e-12)


def test_run_reports_both_splits_with_their_dimensions():
    ds = ue.run("baseline")
    assert [str(f) for f in ds.value_factor.values] == [*mu.VALUE_FACTORS, "structural"]
    # each split says which factor definition it is; the default's factors are the senses
    assert "default factor definition" in ds.price_transfer_by_factor.attrs["long_name"]
    assert "strict sense" in ds.price_transfer_by_factor.attrs["long_name"]
    assert "alternative" in ds.price_transfer_by_value_factor.attrs["long_name"]
    assert "K moves with v" in ds.price_transfer_by_value_factor.attrs["long_name"]
    assert float(ds.price_transfer_by_value_factor.sum()) == pytest.approx(
        float(ds.price_transfer), rel=1e-12
    )


# ---- item 6: the hours convention, the US rate of surplus value, the PPP-anchored middle


def test_us_rate_of_surplus_value_at_equal_hours_is_melt_over_wage_minus_one():
    # α = 0: every traded hour creates MELT dollars of value, so e_US = MELT / w_US − 1
    acc = _acc(hours_weighting=0.0)
    w_us = float(acc["wage"][3])
    assert float(acc["melt"]) == pytest.approx(26.0, abs=0.01)
    assert w_us == pytest.approx(37.16, abs=0.01)
    assert float(acc["us_rate_of_surplus_value"]) == pytest.approx(
        float(acc["melt"]) / w_us - 1, rel=1e-12
    )
    assert float(acc["us_rate_of_surplus_value"]) < 0


def test_us_rate_of_surplus_value_rises_with_the_hours_weighting():
    e = [float(_acc(hours_weighting=a)["us_rate_of_surplus_value"]) for a in (0, 0.5, 0.72, 1)]
    assert np.all(np.diff(e) > 0)
    assert e[0] < 0 < e[2]  # positive at the PPP-anchored convention


def test_ppp_anchored_hours_weighting_from_penn_world_table():
    # PPP GDP per hour MX/US = 20.71/68.79 (PWT cgdpo/(emp·avh), 2011)
    alpha = derive.ppp_hours_weighting()
    pwt = {iso: derive.pwt()[(iso, 2011)] for iso in ("MEX", "USA")}
    per_hour = {iso: r["cgdpo"] / (r["emp"] * r["avh"]) for iso, r in pwt.items()}
    assert per_hour["MEX"] == pytest.approx(20.71, abs=0.01)
    assert per_hour["USA"] == pytest.approx(68.79, abs=0.01)
    market = {iso: per_hour[iso] * pwt[iso]["pl_gdpo"] for iso in pwt}
    # the defining identity: (y_MX / y_US)^α at market rates = the PPP ratio
    assert (market["MEX"] / market["USA"]) ** alpha == pytest.approx(
        per_hour["MEX"] / per_hour["USA"], rel=1e-12
    )
    assert alpha == pytest.approx(0.72, abs=0.005)
    options = dict(PARAMETERS["hours_weighting"].options)
    assert round(alpha, 2) in options


def test_ppp_anchored_convention_gives_the_review_headline():
    acc = _acc(hours_weighting=0.72)  # issue 13 item 6: 41.6 bn, 3.5 % of GDP
    assert float(acc["price_transfer"]) / BN == pytest.approx(41.6, abs=0.05)
    assert float(acc["price_transfer_share_gdp"]) == pytest.approx(0.035, abs=0.0005)


# ---- issue 12 item 4: the traded pools from the input–output accounts


def test_export_hours_shares_are_the_embodied_hours_of_the_wiod_tables():
    for year in derive.POOL_YEARS:
        s = wiod_system(year)
        embodied = io_accounts.embodied_hours(s)
        shares = derive.export_hours_shares(year)
        for k, c in enumerate(s.countries):
            hours = s.hours[s.country_of == c].sum()
            assert shares[c] == pytest.approx(embodied[k, k] / hours, rel=1e-12)
            row = figure(f"IO1_{'mx' if c == 'MEX' else 'us'}_export_hours_share_{year}")
            assert shares[c] == pytest.approx(row.value, rel=1e-5)
    # Mexico's exports to the US carry a far larger share of its hours than the reverse
    assert derive.export_hours_shares(2009)["MEX"] > 10 * derive.export_hours_shares(2009)["USA"]


def test_io_pools_set_the_traded_hours_to_the_embodied_hours():
    s = mu.sectors({**BASE, "pool_basis": 1.0})
    traded = s["traded_share"] * s["hours"]
    mx_hours = BASE["mx_employment"] * BASE["mx_hours_per_worker"]
    assert traded[:3].sum() == pytest.approx(BASE["mx_export_hours_share"] * mx_hours, rel=1e-12)
    assert traded[3] == pytest.approx(BASE["us_export_hours_share"] * s["hours"][3], rel=1e-12)
    # the aggregate pools understate Mexico's and overstate the US's embodied hours
    agg = mu.sectors(BASE)
    agg_traded = agg["traded_share"] * agg["hours"]
    assert traded[:3].sum() > agg_traded[:3].sum() and traded[3] < agg_traded[3]


# ---- item 10: productive capital


def test_productive_capital_shares_from_the_sea_leave_out_dwellings_and_government():
    cap = derive.capital_ratios()
    s = wiod_system(derive.CAPITAL_YEAR)
    for c, name in (("MEX", "mx"), ("USA", "us")):
        own = s.country_of == c
        k = s.capital[own]
        kept = ~np.isin(np.array(s.industries), derive.UNPRODUCTIVE)
        assert cap[f"productive_share_{c}"] == pytest.approx(k[kept].sum() / k.sum(), rel=1e-12)
        assert 0.3 < cap[f"productive_share_{c}"] < 0.7  # dwellings are a large part of cn
        row = figure(f"IO2_productive_capital_share_{name}")
        assert cap[f"productive_share_{c}"] == pytest.approx(row.value, rel=1e-5)
        assert BASE[f"{name}_productive_capital_output_ratio"] == pytest.approx(
            BASE[f"{name}_capital_output_ratio"] * cap[f"productive_share_{c}"], rel=1e-12
        )
    assert cap["enclave_relative_MEX"] == pytest.approx(
        figure("IO2_enclave_capital_intensity_relative_mx").value, rel=1e-5
    )


def test_capital_basis_changes_capital_and_no_observed_quantity():
    a, b = _acc(), _acc(capital_basis=1.0)
    assert np.all(b["capital_per_hour"] < a["capital_per_hour"])
    assert float(b["profit_rate"]) > float(a["profit_rate"])
    for name in ("hours", "wage", "value_added_per_hour", "enclave_value_added", "remittances"):
        np.testing.assert_array_equal(a[name], b[name])


# ---- item 9: the enclave fit on foreign-market income


def test_enclave_fit_on_foreign_market_income():
    total, foreign = targets("total"), targets("foreign")
    share = figure("M11_immex_mfg_income_foreign_share_dec2011").value
    assert foreign[1].value == pytest.approx(total[1].value * share, rel=1e-12)
    x_total = calibrate_static("total").parameters["enclave_output_per_hour"]
    x_foreign = calibrate_static("foreign").parameters["enclave_output_per_hour"]
    # log least squares on two targets: the geometric mean of the targets per enclave hour
    hours = BASE["immex_employment"] * BASE["mx_hours_per_worker"]
    assert x_foreign == pytest.approx(np.sqrt(foreign[0].value * foreign[1].value) / hours, 1e-6)
    assert x_foreign < x_total
    with pytest.raises(ue.InputError, match="enclave_income must be one of"):
        targets("domestic")


def test_marx_split_stays_finite_when_a_sector_trades_nothing():
    # Mexican exports = enclave exports: the domestic sector's traded hours (and v, K) are 0
    enclave = (
        BASE["enclave_output_per_hour"] * BASE["immex_employment"] * BASE["mx_hours_per_worker"]
    )
    acc = _acc(mx_exports_to_us=enclave)
    assert float(acc["traded_share"][2]) == 0.0 and int(acc["status"]) == mu.OK
    split = np.asarray(acc["price_transfer_by_value_factor"])
    assert np.all(np.isfinite(split))
    assert split.sum() == pytest.approx(float(acc["price_transfer"]), rel=1e-12)
