"""Shapley decomposition into strict, broad and intensity parts, by Emmanuel's per-hour factors
(wage, composition) and by Marx's (rate of surplus value, value composition)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.model.mexico_us import accounts as mu


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


# ---- Marx's factors: rates of surplus value e (strict) and value compositions K/v (broad)


def test_marx_factors_split_emmanuels_table_into_580_7_strict_and_minus_160_7_broad(
    emmanuel_strict,
):
    # by hand (docs/model.md §2.3): e off (K/v kept) gives v = 60/60, K = 144/360,
    # r = 120/504, T = −180/7; K/v off (e kept) gives K = 300/60, r = 1/3, T = 80; both off
    # T = 0; all on T = 60. Shapley: strict = ((60 + 180/7) + 80)/2, broad = ((60 − 80) − 180/7)/2
    d = ue.decompose(emmanuel_strict, factors="value_composition")
    assert d.attrs["factor_definition"] == "value_composition"
    assert list(d.factor.values) == ["surplus_value_rate", "value_composition"]
    core = d.sel(country="core")
    assert float(core.contribution.sel(factor="surplus_value_rate")) == pytest.approx(580 / 7)
    assert float(core.contribution.sel(factor="value_composition")) == pytest.approx(-160 / 7)
    assert float(core.structural) == pytest.approx(0, abs=1e-12)
    assert float(core.total) == pytest.approx(60)  # the transfer Emmanuel's factors split 40/20
    np.testing.assert_allclose(d.contribution.sum("country"), 0, atol=1e-12)
    # one factor: the other stays at its actual level, so T(∅) is the transfer with e off
    e_only = ue.decompose(emmanuel_strict, factors=["surplus_value_rate"]).sel(country="core")
    assert float(e_only.structural) == pytest.approx(-180 / 7)
    kv_only = ue.decompose(emmanuel_strict, factors=["value_composition"]).sel(country="core")
    assert float(kv_only.structural) == pytest.approx(80)


def test_equal_wages_table_has_no_strict_part_by_marx_factors():
    # v = s = 60 in both countries: e = 1 everywhere, K/v = 4 against 2 carries the whole 20
    table = ue.ValueTable([240, 120], [50, 50], [60, 60], [60, 60], countries=["A", "B"])
    a = ue.decompose(table, factors="value_composition").sel(country="A")
    assert float(a.contribution.sel(factor="surplus_value_rate")) == pytest.approx(0, abs=1e-12)
    assert float(a.contribution.sel(factor="value_composition")) == pytest.approx(20)


def _random_table(rng, n, hours=True, equal_rates=False):
    v = rng.uniform(5, 50, n)
    e = rng.uniform(0.3, 3.0, n)
    countries = [f"c{i % 3}" for i in range(n)]
    if equal_rates:  # every country's Σs/Σv = 1.5, sectors within a country differ
        for c in set(countries):
            sel = np.array([x == c for x in countries])
            e[sel] *= 1.5 / ((e[sel] * v[sel]).sum() / v[sel].sum())
    return ue.ValueTable(
        rng.uniform(50, 300, n),
        rng.uniform(0, 50, n),
        v,
        e * v,
        hours=rng.uniform(10, 100, n) if hours else None,
        countries=countries,
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 9))
def test_marx_split_is_exact_with_zero_structural_part_and_order_free(seed, n):
    rng = np.random.default_rng(seed)
    table = _random_table(rng, n)
    d = ue.decompose(table, factors="value_composition")
    assert list(d.factor.values) == ["surplus_value_rate", "value_composition", "intensity"]
    scale = float(np.abs(d.total).max()) + 1.0
    np.testing.assert_allclose(
        d.contribution.sum("factor") + d.structural, d.total, rtol=1e-12, atol=1e-12 * scale
    )
    np.testing.assert_allclose(
        d.total, ue.transform(table).transfer_by_country, rtol=1e-12, atol=1e-12
    )
    # every country at the world's e and K/v: r K_c = s_c, nothing left over
    np.testing.assert_allclose(d.structural, 0, atol=1e-10 * scale)
    # the Shapley value is symmetric in the factors: listing them in another order changes
    # no contribution (a sequential decomposition would)
    rev = ue.decompose(table, factors=["intensity", "value_composition", "surplus_value_rate"])
    np.testing.assert_allclose(
        rev.contribution.sel(factor=list(d.factor.values)),
        d.contribution,
        rtol=1e-10,
        atol=1e-10 * scale,
    )


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 9))
def test_equal_rates_of_surplus_value_leave_no_strict_part(seed, n):
    table = _random_table(np.random.default_rng(seed), n, hours=False, equal_rates=True)
    d = ue.decompose(table, factors="value_composition")
    scale = float(np.abs(d.total).max()) + 1.0
    np.testing.assert_allclose(
        d.contribution.sel(factor="surplus_value_rate"), 0, atol=1e-10 * scale
    )
    np.testing.assert_allclose(
        d.contribution.sel(factor="value_composition"), d.total, rtol=1e-10, atol=1e-10 * scale
    )


@pytest.mark.parametrize("alpha", [0.0, 0.72, 1.0])
def test_both_factor_definitions_reproduce_the_mexico_us_price_channel(alpha):
    # two implementations of one rule: the engine's split of the traded value table (hours)
    # and the Mexico–US model's own (docs/model.md §3.3 (1)), at three hours conventions
    vs = mu.value_system(mu.sectors(dict(ue.load_scenario("baseline").parameters)), alpha)
    table = ue.ValueTable(
        vs["capital"],
        np.zeros_like(vs["capital"]),
        vs["variable"],
        vs["surplus"],
        hours=vs["hours"],
        countries=list(mu.COUNTRIES),
    )
    pc = mu.price_channel(vs)
    for definition, key in (("value_composition", "by_value_factor"), ("emmanuel", "by_factor")):
        us = ue.decompose(table, factors=definition).sel(country="US")
        ref = np.asarray(pc[key])
        scale = abs(float(pc["transfer_to_us"]))
        np.testing.assert_allclose(us.contribution, ref[:3], rtol=1e-9, atol=1e-12 * scale)
        assert float(us.total) == pytest.approx(float(pc["transfer_to_us"]), rel=1e-12)


def test_factor_definition_errors_name_the_fix(emmanuel_strict):
    with pytest.raises(ue.DecompositionError, match="mix two factor definitions"):
        ue.decompose(emmanuel_strict, factors=["wage", "value_composition"])
    with pytest.raises(ue.DecompositionError, match="did you mean 'surplus_value_rate'"):
        ue.decompose(emmanuel_strict, factors=["surplus_value_rates"])
    with pytest.raises(ue.DecompositionError, match="did you mean 'emmanuel'"):
        ue.decompose(emmanuel_strict, factors="emanuel")
    with pytest.raises(ue.DecompositionError, match=r"give a list, factors=\['wage'\]"):
        ue.decompose(emmanuel_strict, factors="wage")
    with pytest.raises(ue.DecompositionError, match="value-composition factors"):
        ue.decompose(emmanuel_strict, factors=["surplus_value_rate", "intensity"])
    with pytest.raises(ue.DecompositionError, match="for an Economy use Emmanuel's"):
        ue.decompose(_two_country_economy(), factors="value_composition")


def test_named_emmanuel_definition_is_every_per_hour_factor_the_object_defines(emmanuel_strict):
    assert ue.decompose(emmanuel_strict, factors="emmanuel").equals(ue.decompose(emmanuel_strict))
    d = ue.decompose(_two_country_economy(mu_p=0.9), factors="emmanuel")
    assert list(d.factor.values) == ["wage", "composition", "intensity"]
    assert d.attrs["factor_definition"] == "emmanuel"


@pytest.mark.parametrize("old", ["marx", "Marx", "MARX"])
def test_old_definition_name_marx_is_refused_with_the_new_name_in_one_line(emmanuel_strict, old):
    with pytest.raises(ue.DecompositionError) as err:
        ue.decompose(emmanuel_strict, factors=old)
    msg = str(err.value)
    assert "\n" not in msg and "factors='value_composition'" in msg and "renamed" in msg


def test_definition_name_value_composition_is_all_its_factors_not_the_one_factor(emmanuel_strict):
    # the string names the definition; the factor of the same name is asked for in a list
    d = ue.decompose(emmanuel_strict, factors="value_composition")
    assert list(d.factor.values) == ["surplus_value_rate", "value_composition"]
    one = ue.decompose(emmanuel_strict, factors=["value_composition"])
    assert list(one.factor.values) == ["value_composition"]


def test_switching_e_off_moves_capital_with_wages_emmanuels_wage_factor_conserves_it(
    emmanuel_strict,
):
    # model.md §2.3: the value-composition rule scales K with v at given new value, so the
    # world's capital goes 360 -> 504 (+40 %) on Emmanuel's table; Emmanuel's wage-off gives the
    # same v' (hours measured by new value) at given K, conserving ΣK, Σv and Σs
    from unequal_exchange.model.engine import decompose as dm

    names, codes = dm._country_codes(emmanuel_strict.countries, "ValueTable")
    k0 = np.asarray(emmanuel_strict.advanced, dtype=float)
    v0 = np.asarray(emmanuel_strict.variable, dtype=float)
    n0 = v0 + np.asarray(emmanuel_strict.surplus, dtype=float)
    mult = 1.0 / dm._multipliers(n0, v0, codes, len(names))
    assert float((k0 * mult).sum()) / float(k0.sum()) == pytest.approx(1.4)
    wage_mult = dm._multipliers(v0, n0, codes, len(names))
    np.testing.assert_allclose(v0 * wage_mult, v0 * mult)  # the same v' under both rules
    np.testing.assert_allclose((v0 * wage_mult).sum(), v0.sum())
