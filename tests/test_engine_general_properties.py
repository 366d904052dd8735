"""The general one-economy solver (depreciation, turnover, weighted normalisations, given r)
agrees with the simple reference system wherever the two describe the same economy."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from conftest import random_economy

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(2, 10)
WAGES = st.sampled_from(["advanced", "post-factum"])


@settings(max_examples=30, deadline=None)
@given(
    seed=seeds,
    n=sizes,
    wages=WAGES,
    norm=st.sampled_from(["total-price", "total-profit", "net-product"]),
)
def test_uniform_turnover_equals_the_reference_solver(seed, n, wages, norm):
    e = random_economy(np.random.default_rng(seed), n)
    ref = ue.solve(e, norm, wages=wages)
    t = 1.0 if wages == "advanced" else 0.0
    got = ue.solve(e.replace(turnover=np.full(n, t)), norm)
    assert abs(float(got.profit_rate) - float(ref.profit_rate)) <= 1e-10 * (
        1 + float(ref.profit_rate)
    )
    np.testing.assert_allclose(got.price, ref.price, rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=sizes, wages=WAGES)
def test_given_profit_rate_returns_the_wage_that_yields_it(seed, n, wages):
    e = random_economy(np.random.default_rng(seed), n)
    ref = ue.solve(e, wages=wages)
    back = ue.solve(
        e.replace(wage=2.0 * e.wage),
        wages=wages,
        closure="profit-rate",
        profit_rate=float(ref.profit_rate),
    )
    np.testing.assert_allclose(float(back.wage_scale), 0.5, rtol=1e-8)
    np.testing.assert_allclose(back.price, ref.price, rtol=1e-8)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=sizes, share=st.one_of(st.floats(0.0, 1.0), st.just(1.0)))
def test_wage_profit_line_in_the_standard_commodity(seed, n, share):
    """Any economy, B = A, D = 0, wages post factum: w = 1 − r/R per hour of simple labour,
    measured in the standard net product that employs the economy's hours (Sraffa 1960,
    ch. IV: r = R(1 − w))."""
    e = random_economy(np.random.default_rng(seed), n)
    e = e.replace(wage=np.ones(n), complexity=None)
    big_r = float(ue.standard_commodity(e).max_profit_rate)
    ds = ue.solve(
        e,
        "standard-commodity",
        wages="post-factum",
        closure="profit-rate",
        profit_rate=share * big_r,
    )
    np.testing.assert_allclose(ds.money_wage.values, 1.0 - share, atol=1e-10)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=sizes, frac=st.floats(0.0, 1.0))
def test_turnover_interpolates_between_post_factum_and_advanced(seed, n, frac):
    e = random_economy(np.random.default_rng(seed), n)
    lo = float(ue.solve(e, wages="advanced").profit_rate)
    hi = float(ue.solve(e, wages="post-factum").profit_rate)
    r = float(ue.solve(e.replace(turnover=np.full(n, frac))).profit_rate)
    assert lo * (1 - 1e-12) <= r <= hi * (1 + 1e-12)
