"""Shapley decomposition into strict (wage), broad (composition) and intensity parts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue


def test_emmanuel_strict_table_splits_60_into_40_strict_and_20_broad(emmanuel_strict):
    d = ue.decompose(emmanuel_strict)
    core = d.sel(country="core")
    assert float(core.total) == pytest.approx(60)
    assert float(core.contribution.sel(factor="wage")) == pytest.approx(40)
    assert float(core.contribution.sel(factor="composition")) == pytest.approx(20)
    assert float(core.structural) == pytest.approx(0)


def test_equal_wages_table_is_all_broad_sense():
    table = ue.ValueTable([240, 120], [50, 50], [60, 60], [60, 60], countries=["A", "B"])
    d = ue.decompose(table)
    assert float(d.contribution.sel(factor="wage", country="A")) == pytest.approx(0)
    assert float(d.contribution.sel(factor="composition", country="A")) == pytest.approx(20)


def test_single_factor_decomposition_is_total_minus_structural(emmanuel_strict):
    d = ue.decompose(emmanuel_strict, factors=["wage"])
    # composition stays at its actual level: wage off gives Emmanuel's equal-wage table (20)
    assert float(d.structural.sel(country="core")) == pytest.approx(20)
    assert float(d.contribution.sel(factor="wage", country="core")) == pytest.approx(40)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 8))
def test_value_table_split_sums_exactly_to_total(seed, n):
    rng = np.random.default_rng(seed)
    v = rng.uniform(5, 50, n)
    table = ue.ValueTable(
        rng.uniform(50, 300, n),
        rng.uniform(0, 50, n),
        v,
        v * rng.uniform(0.8, 1.2, n) * rng.uniform(0.5, 3.0),
        countries=[f"c{i % 2}" for i in range(n)],
    )
    d = ue.decompose(table)
    np.testing.assert_allclose(
        d.contribution.sum("factor") + d.structural, d.total, rtol=1e-12, atol=1e-9
    )
    np.testing.assert_allclose(d.total.sum(), 0, atol=1e-9)


def _two_country_economy(wage_p=0.3, cap_p=0.5, mu_p=1.0):
    a = np.array(
        [
            [0.10, 0.05, 0.10, 0.05],
            [0.05, 0.20, 0.05, 0.10],
            [0.10, 0.05, 0.10, 0.05],
            [0.05, 0.10, 0.05, 0.20],
        ]
    )
    capital = a * np.array([2.0, 3.0, 2.0 * cap_p, 3.0 * cap_p])[None, :]
    return ue.Economy(
        a,
        [0.5, 0.6, 0.5, 0.6],
        [10, 8, 10, 8],
        wage=[0.6, 0.6, wage_p, wage_p],
        capital=capital,
        complexity=[1.0, 1.0, mu_p, mu_p],
        countries=["US", "US", "MX", "MX"],
    )


@pytest.mark.parametrize("wages", ["advanced", "post-factum"])
def test_economy_split_sums_to_total_for_all_three_factors(wages):
    d = ue.decompose(
        _two_country_economy(mu_p=0.9), factors=("wage", "composition", "intensity"), wages=wages
    )
    np.testing.assert_allclose(
        d.contribution.sum("factor") + d.structural, d.total, rtol=1e-12, atol=1e-12
    )
    assert float(d.total.sel(country="US")) > 0  # the core gains


def test_economy_with_equal_countries_has_zero_contributions():
    d = ue.decompose(
        _two_country_economy(wage_p=0.6, cap_p=1.0), factors=("wage", "composition", "intensity")
    )
    np.testing.assert_allclose(d.contribution, 0, atol=1e-12)
    np.testing.assert_allclose(d.total, 0, atol=1e-12)


def test_economy_wage_gap_alone_is_all_strict_sense():
    d = ue.decompose(_two_country_economy(wage_p=0.3, cap_p=1.0))
    us = d.sel(country="US")
    assert float(us.contribution.sel(factor="wage")) == pytest.approx(float(us.total))
    assert float(us.contribution.sel(factor="composition")) == pytest.approx(0, abs=1e-12)


def test_decompose_errors_name_the_problem(emmanuel_strict):
    with pytest.raises(ue.DecompositionError, match="did you mean 'wage'"):
        ue.decompose(emmanuel_strict, factors=["wages"])
    with pytest.raises(ue.DecompositionError, match="intensity"):
        ue.decompose(emmanuel_strict, factors=["intensity"])
    with pytest.raises(ue.DecompositionError, match="countries"):
        ue.decompose(ue.ValueTable([1, 1], [0, 0], [1, 1], [1, 1]))
