"""Economic invariants of the input–output price system, checked on random viable economies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from conftest import random_economy

NORMALIZATIONS = ["total-price", "total-profit", "net-product"]
seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(2, 12)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, n=sizes, wages=st.sampled_from(["advanced", "post-factum"]))
def test_transfers_sum_to_zero_under_total_price(seed, n, wages):
    ds = ue.solve(random_economy(np.random.default_rng(seed), n), wages=wages)
    assert abs(float(ds.transfer.sum())) <= 1e-10 * float(ds.total_value)
    assert ds.attrs["transfers_sum_to_zero"] == 1


@settings(max_examples=40, deadline=None)
@given(
    seed=seeds,
    n=sizes,
    norm=st.sampled_from(NORMALIZATIONS),
    wages=st.sampled_from(["advanced", "post-factum"]),
)
def test_chosen_normalisation_holds_and_prices_positive_below_max_rate(seed, n, norm, wages):
    ds = ue.solve(random_economy(np.random.default_rng(seed), n), normalization=norm, wages=wages)
    lhs, rhs = {
        "total-price": (ds.total_price, ds.total_value),
        "total-profit": (ds.total_profit, ds.total_surplus_value),
        "net-product": (ds.net_product_price, ds.new_value),
    }[norm]
    assert abs(float(lhs) - float(rhs)) <= 1e-10 * abs(float(rhs))
    assert bool((ds.price > 0).all())
    assert 0 <= float(ds.profit_rate) < float(ds.max_profit_rate)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=sizes)
def test_real_wage_closure_normalisation_only_scales_prices(seed, n):
    rng = np.random.default_rng(seed)
    e = random_economy(rng, n)
    basket = rng.uniform(0, 1, n)
    slack = 1.0 - e.inputs.sum(axis=0).max()  # column sums of A + b·l stay below one
    basket *= 0.5 * slack / (basket.sum() * e.labour.max())
    e = e.replace(wage=None, wage_basket=basket)
    results = [ue.solve(e, normalization=norm) for norm in NORMALIZATIONS]
    rates = [float(ds.profit_rate) for ds in results]
    assert np.ptp(rates) <= 1e-10 * max(rates)
    relative = [ds.price.values / ds.price.values[0] for ds in results]
    np.testing.assert_allclose(relative[1], relative[0], rtol=1e-9)
    np.testing.assert_allclose(relative[2], relative[0], rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    seed=seeds,
    n=sizes,
    wage=st.floats(0.1, 0.9),
    kappa=st.floats(0.2, 5.0),
    wages=st.sampled_from(["advanced", "post-factum"]),
)
def test_equal_compositions_and_wage_shares_give_zero_transfer(seed, n, wage, kappa, wages):
    # Same wage per hour and same capital advanced per hour (λB_j = κ l_j) in every sector:
    # p = λ solves p = pA + r(pB + adv·ωl) + ωl with r = (1 − ω)/(κ + adv·ω).
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.01, 1, (n, n))
    a *= rng.uniform(0.2, 0.8) / a.sum(axis=0, keepdims=True)
    labour = rng.uniform(0.1, 1, n)
    lam = labour @ np.linalg.inv(np.eye(n) - a)
    capital = a * (kappa * labour / (lam @ a))[None, :]
    e = ue.Economy(a, labour, rng.uniform(1, 5, n), wage=wage, capital=capital)
    ds = ue.solve(e, wages=wages)
    adv = 1.0 if wages == "advanced" else 0.0
    np.testing.assert_allclose(ds.transfer, 0, atol=1e-9 * float(ds.total_value))
    assert float(ds.profit_rate) == pytest.approx((1 - wage) / (kappa + adv * wage), rel=1e-10)


def test_equal_compositions_and_wages_in_io_economy_give_zero_transfer():
    # Symmetric economy: the same technology in two countries, same wage: no transfer.
    a = np.array([[0.2, 0.1, 0.2, 0.1], [0.1, 0.3, 0.1, 0.3]] * 2) / 2
    e = ue.Economy(
        a,
        [0.5, 0.8, 0.5, 0.8],
        [3, 4, 3, 4],
        wage=0.6,
        countries=["core", "core", "periphery", "periphery"],
    )
    ds = ue.solve(e)
    np.testing.assert_allclose(ds.transfer_by_country, 0, atol=1e-12)


def test_prices_equal_values_when_capital_per_hour_is_uniform():
    # Pure-labour economy (no means of production): p = (1 + r) ω l and λ = l, so
    # total-price normalisation gives p = λ for every sector: zero transfer.
    e = ue.Economy(
        np.zeros((3, 3)),
        [1.0, 2.0, 0.5],
        [1, 1, 1],
        wage=0.5,
        capital=np.zeros((3, 3)) + 0.1 * np.array([1.0, 2.0, 0.5])[None, :] / 3,
    )
    ds = ue.solve(e, wages="post-factum")
    np.testing.assert_allclose(ds.transfer, 0, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=st.integers(1, 6), cut=st.floats(0.05, 0.5))
def test_lowering_periphery_wage_raises_transfer_to_core(seed, n, cut):
    # Two countries with the same technology (n sectors each); the periphery's wage is lower.
    rng = np.random.default_rng(seed)
    a1 = rng.uniform(0.01, 1, (n, n))
    a1 *= 0.3 / a1.sum(axis=0, keepdims=True)
    a = np.block([[a1, a1], [a1, a1]]) / 2
    labour = np.tile(rng.uniform(0.2, 1, n), 2)
    output = np.tile(rng.uniform(1, 5, n), 2)
    countries = ["core"] * n + ["periphery"] * n

    def core_gain(periphery_wage):
        wage = np.r_[np.full(n, 0.7), np.full(n, periphery_wage)]
        e = ue.Economy(a, labour, output, wage=wage, countries=countries)
        return float(ue.solve(e).transfer_by_country.sel(country="core"))

    high = core_gain(0.6)
    low = core_gain(0.6 * (1 - cut))
    assert high > 0
    assert low > high


def test_lowering_periphery_wage_in_value_table_raises_transfer():
    gains = []
    for v_periphery in [60, 40, 20, 10]:
        table = ue.ValueTable(
            [240, 120],
            [50, 50],
            [100, v_periphery],
            [20, 120 - v_periphery],
            countries=["core", "periphery"],
        )
        gains.append(float(ue.transform(table).transfer_by_country.sel(country="core")))
    assert np.all(np.diff(gains) > 0)
