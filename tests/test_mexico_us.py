"""The Mexico–US model: channel formulas, economic signs, the engine cross-check."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.model.mexico_us import accounts as mu


@pytest.fixture(scope="module")
def base() -> dict[str, float]:
    return dict(ue.load_scenario("baseline").parameters)


@pytest.fixture(scope="module")
def acc(base):
    return mu.accounts(base)


def test_baseline_is_viable(acc):
    assert int(acc["status"]) == mu.OK


def test_labour_arbitrage_rent_formula(base, acc):
    hours = base["immex_employment"] * base["mx_hours_per_worker"]
    h_hidden = hours * base["hidden_maquila_share"]
    w_us = base["us_manufacturing_wage"]
    expected = (hours - h_hidden) * w_us * (1 - base["maquila_wage_ratio"]) + h_hidden * w_us * (
        1 - base["hidden_maquila_wage_ratio"]
    )
    assert float(acc["labour_arbitrage_rent"]) == pytest.approx(expected, rel=1e-12)


def test_repatriated_profit_is_profit_at_prices_of_production(base, acc):
    # ownership × r × capital advanced in the enclaves (USD): κ_MX × value added per hour × hours
    capital = (acc["capital_per_hour"] * acc["hours"])[:2].sum()
    expected = base["enclave_foreign_ownership"] * float(acc["profit_rate"]) * capital
    assert float(acc["repatriated_profit"]) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0])
def test_enclave_drain_is_exactly_the_enclaves_surplus_value(base, alpha):
    # price loss + repatriated profit = s of the enclaves when they are wholly foreign-owned:
    # the two channels never count the same surplus twice
    p = dict(base, hours_weighting=alpha, enclave_foreign_ownership=1.0)
    out = mu.accounts(p)
    table = mu.value_table(p)
    surplus = float(table.surplus[:2].sum()) * float(out["melt"])
    assert float(out["enclave_surplus_drained"]) == pytest.approx(surplus, rel=1e-10)
    partial = mu.accounts(dict(p, enclave_foreign_ownership=0.5))
    assert float(partial["enclave_surplus_drained"]) < surplus


def test_training_cost_per_migrant_by_level(base):
    # the paper's convention: every migrant carries the full Mexican schooling of their level
    # (where the formation took place: tests/test_migration.py)
    acc = mu.accounts(dict(base, formation_where_trained=0.0))
    p, s, t = (base[f"cost_per_student_{k}"] for k in ("primary", "secondary", "tertiary"))
    basic = 6 * p + 3 * s
    upper = basic + 3 * s
    bachelor = upper + 4 * t
    master = bachelor + 2 * t
    phd = master + 4 * t
    np.testing.assert_allclose(
        acc["training_cost_per_migrant"], [basic, upper, bachelor, master, phd], rtol=1e-12
    )


@pytest.mark.parametrize(
    "master_share, phd_share, leaving",
    [(0.0, 0.0, (100, 0, 0)), (0.3, 0.1, (60, 30, 10))],
    ids=["all-bachelors", "flow-mix"],
)
def test_training_cost_transfer_hand_case(base, master_share, phd_share, leaving):
    # 100 skilled emigrants leave (split by the flow mix); 10 return, and the returnees come
    # back like the stock (all bachelors here); no unskilled net flow
    p = dict(
        base,
        skilled_emigration_per_year=100.0,
        returns_per_year=10.0,
        skilled_returnee_share=1.0,
        emigration_per_year=100.0,
        migrant_stock_bachelor=1.0,
        migrant_stock_master=0.0,
        migrant_stock_phd=0.0,
        skilled_emigration_master_share=master_share,
        skilled_emigration_phd_share=phd_share,
    )
    out = mu.accounts(p)
    _, _, ba, ma, phd = out["training_cost_per_migrant"]
    expected = leaving[0] * ba + leaving[1] * ma + leaving[2] * phd - 10 * ba
    assert float(out["training_cost_transfer"]) == pytest.approx(expected)
    np.testing.assert_allclose(
        out["net_emigration_by_level"][2:], [leaving[0] - 10, leaving[1], leaving[2]]
    )
    # the numba kernel (sweeps, dynamics) agrees, and one more doctor in ten costs the
    # doctorate beyond the bachelor's degree
    sw = ue.sweep(
        ue.load_scenario("baseline").with_parameters(**p),
        {"skilled_emigration_phd_share": [phd_share, phd_share + 0.1]},
    )
    transfer = sw.training_cost_transfer.values
    assert transfer[0] == pytest.approx(expected)
    assert transfer[1] == pytest.approx(expected + 10 * (phd - ba))


def test_flow_mix_must_be_a_mix(base):
    with pytest.raises(ue.ParameterError, match="must not exceed 1"):
        ue.load_scenario("baseline").with_parameters(
            skilled_emigration_master_share=0.7, skilled_emigration_phd_share=0.4
        )


def test_price_transfer_hand_computed_value_table():
    # 10 h in each sector, value added 10 USD/h everywhere: MELT = 10 USD/h and each sector
    # creates 10 h of value. Wages 2, 2, 2, 8 USD/h -> v = 2, 2, 2, 8 h; s = 8, 8, 8, 2 h.
    # Capital 30, 30, 30, 10 USD/h -> K = 30, 30, 30, 10 h. r = 26/100; US gain = 2.6 − 2 h.
    s = {
        "hours": np.full((1, 4), 10.0),
        "wage": np.array([[2.0, 2.0, 2.0, 8.0]]),
        "value_added_per_hour": np.full((1, 4), 10.0),
        "capital_per_hour": np.array([[30.0, 30.0, 30.0, 10.0]]),
        "traded_share": np.ones((1, 4)),
    }
    vs = mu.value_system(s, np.zeros(1))
    assert vs["melt"].item() == pytest.approx(10.0)
    pc = mu.price_channel(vs)
    assert pc["profit_rate"].item() == pytest.approx(0.26)
    assert pc["transfer_to_us"].item() == pytest.approx(0.6)
    np.testing.assert_allclose(pc["transfer"], [[-0.2, -0.2, -0.2, 0.6]])


def test_price_channel_equals_the_engine(base):
    for alpha in (0.0, 0.4, 1.0):
        p = dict(base, hours_weighting=alpha)
        out = mu.accounts(p)
        table = mu.value_table(p)
        engine = ue.transform(table).transfer_by_country.sel(country="US")
        assert float(out["price_transfer_hours"]) == pytest.approx(float(engine), rel=1e-10)
        split = ue.decompose(table, factors=mu.FACTORS).sel(country="US")
        hours_split = out["price_transfer_by_factor"] / out["melt"]
        np.testing.assert_allclose(hours_split[:3], split.contribution, rtol=1e-9, atol=1e-3)


def test_split_sums_to_price_transfer(base):
    for alpha in (0.0, 0.5, 1.0):
        out = mu.accounts(dict(base, hours_weighting=alpha))
        assert out["price_transfer_by_factor"].sum() == pytest.approx(
            float(out["price_transfer"]), rel=1e-10
        )


def test_equal_hours_convention_has_no_intensity_part(acc):
    assert acc["price_transfer_by_factor"][2] == 0.0


def test_equal_wages_compositions_and_intensities_give_zero_transfer():
    s = {
        "hours": np.array([2.0, 1.0, 5.0, 7.0]),
        "wage": np.full(4, 3.0),
        "value_added_per_hour": np.full(4, 10.0),
        "capital_per_hour": np.full(4, 40.0),
        "traded_share": np.array([1.0, 1.0, 0.1, 0.05]),
    }
    for alpha in (0.0, 1.0):
        pc = mu.price_channel(mu.value_system(s, alpha))
        assert float(pc["transfer_to_us"]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("alpha", [0.0, 1.0])
def test_higher_maquila_wage_lowers_price_transfer_and_arbitrage_rent(base, alpha):
    ratios = [0.08, 0.10, 0.15, 0.25]
    runs = [mu.accounts(dict(base, maquila_wage_ratio=r, hours_weighting=alpha)) for r in ratios]
    assert np.all(np.diff([float(o["price_transfer"]) for o in runs]) < 0)
    assert np.all(np.diff([float(o["labour_arbitrage_rent"]) for o in runs]) < 0)


def test_higher_education_costs_raise_training_transfer(base):
    low = mu.accounts(base)["training_cost_transfer"]
    high = mu.accounts(dict(base, cost_per_student_tertiary=2 * base["cost_per_student_tertiary"]))
    assert float(high["training_cost_transfer"]) > float(low)


def test_more_returns_lower_training_transfer(base):
    more = mu.accounts(dict(base, returns_per_year=1.5 * base["returns_per_year"]))
    assert float(more["training_cost_transfer"]) < float(
        mu.accounts(base)["training_cost_transfer"]
    )


def test_hours_counting_convention_both_ends_reported(acc):
    assert (
        float(acc["price_transfer_equal_hours"])
        > float(acc["price_transfer_productivity_weighted"])
        > 0
    )


def test_non_viable_points_get_a_status_not_an_exception(base):
    out = mu.accounts(dict(base, maquila_wage_ratio=np.array([0.1, 5.0])))
    assert out["status"].tolist() == [mu.OK, mu.ENCLAVE_LOSS]


def test_accounts_vectorise_over_points(base):
    ratios = np.linspace(0.05, 0.3, 7)
    batch = mu.accounts(dict(base, maquila_wage_ratio=ratios))
    singles = [
        float(mu.accounts(dict(base, maquila_wage_ratio=r))["price_transfer"]) for r in ratios
    ]
    np.testing.assert_allclose(batch["price_transfer"], singles, rtol=1e-12)
