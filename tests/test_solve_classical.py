"""Classical examples of simultaneous valuation, reproduced to published precision."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import unequal_exchange as ue


@pytest.fixture
def bortkiewicz():
    """Bortkiewicz (1907) as in Sweezy (1942, ch. VII §4).

    Values: I 225c + 90v + 60s = 375, II 100c + 120v + 80s = 300, III (gold) 50c + 90v + 60s =
    200. Goods are measured in units worth one hour; workers buy only wage goods (dept II).
    """
    a = np.zeros((3, 3))
    a[0] = [225 / 375, 100 / 300, 50 / 200]
    new_value = np.array([150, 200, 150])
    x = np.array([375.0, 300.0, 200.0])
    basket = np.array([0.0, 90 / 150, 0.0])  # 0.6 units of wage goods per hour: e = 2/3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ue.ReducibleEconomyWarning)  # gold is non-basic
        return ue.Economy(
            a,
            new_value / x,
            x,
            wage_basket=basket,
            sectors=["means_of_production", "wage_goods", "gold"],
        )


def test_bortkiewicz_prices_with_gold_numeraire(bortkiewicz):
    ds = ue.solve(bortkiewicz, normalization="numeraire", numeraire="gold")
    assert float(ds.profit_rate) == pytest.approx(0.25, abs=1e-12)
    np.testing.assert_allclose(ds.labour_value, 1.0, atol=1e-12)
    np.testing.assert_allclose(ds.price, [1.28, 16 / 15, 1.0], rtol=1e-12)
    np.testing.assert_allclose(ds.price_total, [480, 320, 200], rtol=1e-12)
    np.testing.assert_allclose(ds.profit, [96, 64, 40], rtol=1e-12)


def test_bortkiewicz_totals_profit_equals_surplus_but_price_exceeds_value(bortkiewicz):
    ds = ue.solve(bortkiewicz, normalization="numeraire", numeraire="gold")
    assert float(ds.total_value) == pytest.approx(875)
    assert float(ds.total_price) == pytest.approx(1000)
    assert float(ds.total_profit) == pytest.approx(200) == float(ds.total_surplus_value)
    assert ds.attrs["total_profit_equals_total_surplus_value"] == 1
    assert ds.attrs["total_price_equals_total_value"] == 0


@pytest.fixture
def sraffa():
    """Sraffa (1960) ch. II §4: 280 qr wheat + 12 t iron → 575 qr wheat; 120 qr wheat + 8 t
    iron → 20 t iron. Subsistence is inside the inputs, so the wage basket is empty."""
    a = np.array([[280 / 575, 120 / 20], [12 / 575, 8 / 20]])
    return ue.Economy(a, [0.5, 0.5], [575, 20], wage_basket=[0.0, 0.0], sectors=["wheat", "iron"])


def test_sraffa_wheat_iron_perron_root(sraffa):
    ds = ue.solve(sraffa, normalization="numeraire", numeraire="wheat")
    assert float(ds.profit_rate) == pytest.approx(0.25, abs=1e-12)
    assert float(ds.price.sel(sector="iron")) == pytest.approx(15.0, rel=1e-12)


def test_sraffa_spurious_root_has_negative_price_and_is_rejected(sraffa):
    # The other eigenvalue of A gives 1 + r = 11.5 with a price vector of mixed sign.
    vals, vecs = np.linalg.eig(sraffa.inputs.T)
    spurious = int(np.argmin(vals.real))
    assert 1 / vals[spurious].real == pytest.approx(11.5)
    assert np.prod(vecs[:, spurious].real) < 0  # one price negative
    ds = ue.solve(sraffa, normalization="numeraire", numeraire="wheat")
    assert float(ds.profit_rate) < 1.0 and bool((ds.price > 0).all())


@pytest.fixture
def steedman():
    """Steedman (1977, Marx after Sraffa, ch. 3): 28 iron + 56 h → 56 iron; 16 iron + 16 h →
    48 gold; 12 iron + 8 h → 8 corn; workers receive 5 corn for 80 hours."""
    a = np.zeros((3, 3))
    a[0] = [28 / 56, 16 / 48, 12 / 8]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ue.ReducibleEconomyWarning)
        return ue.Economy(
            a,
            [56 / 56, 16 / 48, 8 / 8],
            [56, 48, 8],
            wage_basket=[0, 0, 5 / 80],
            sectors=["iron", "gold", "corn"],
        )


def test_steedman_values_and_value_rate_of_profit(steedman):
    ds = ue.solve(steedman, normalization="numeraire", numeraire="gold", wages="post-factum")
    np.testing.assert_allclose(ds.labour_value, [2, 1, 4], rtol=1e-12)
    assert float(ds.variable_capital.sum()) == pytest.approx(20)
    assert float(ds.surplus_value.sum()) == pytest.approx(60)
    np.testing.assert_allclose(ds.surplus_value_rate, 3.0)
    value_profit_rate = 60 / (112 + 20)
    assert value_profit_rate == pytest.approx(5 / 11)
    assert float(ds.profit_rate) != pytest.approx(value_profit_rate)


def test_steedman_real_wage_wages_post_factum(steedman):
    ds = ue.solve(steedman, normalization="numeraire", numeraire="gold", wages="post-factum")
    assert float(ds.profit_rate) == pytest.approx(2 / 3, rel=1e-12)
    np.testing.assert_allclose(ds.price, [18 / 11, 1, 48 / 11], rtol=1e-12)
    np.testing.assert_allclose(ds.money_wage, 3 / 11, rtol=1e-12)


def test_steedman_real_wage_wages_advanced_closed_form(steedman):
    # (1 + r)² + 9(1 + r) − 16 = 0 from the iron and corn equations with w = p_corn / 16
    ds = ue.solve(steedman, normalization="numeraire", numeraire="gold", wages="advanced")
    assert float(ds.profit_rate) == pytest.approx((np.sqrt(145) - 11) / 2, rel=1e-12)


def test_steedman_new_interpretation(steedman):
    # Net product 48 gold + 8 corn, 80 hours; value of money = 80 / (48 + 8·48/11) = 55/57 h,
    # value of labour power = 3/11 · 55/57 = 5/19 h per hour, NI rate of surplus value 2.8.
    ds = ue.solve(steedman, normalization="net-product", wages="post-factum")
    assert float(ds.price.sel(sector="gold")) == pytest.approx(55 / 57, rel=1e-12)
    np.testing.assert_allclose(ds.money_wage, 5 / 19, rtol=1e-12)
    assert float(ds.net_product_price) == pytest.approx(80.0, rel=1e-12)
    ni_rate = (1 - float(ds.money_wage[0])) / float(ds.money_wage[0])
    assert ni_rate == pytest.approx(2.8, rel=1e-12)
    # NI: total profit equals unpaid hours, hours − money wages in hours
    assert float(ds.total_profit) == pytest.approx(80 * (1 - 5 / 19), rel=1e-12)
    assert ds.attrs["net_product_price_equals_new_value"] == 1


def test_steedman_new_interpretation_wages_advanced(steedman):
    ds = ue.solve(steedman, normalization="net-product", wages="advanced")
    g = (np.sqrt(145) - 9) / 2  # 1 + r
    # gold: 48 = g(16 p_iron + p_corn) with p_corn = 12 g p_iron / (8 − g/2) from the corn equation
    p_iron_over_gold = 48 / (g * (16 + 12 * g / (8 - g / 2)))
    p = ds.price.values / ds.price.sel(sector="gold").item()
    assert p[0] == pytest.approx(p_iron_over_gold, rel=1e-10)
    assert float(ds.total_profit) == pytest.approx(80 - float(ds.money_wage[0]) * 80, rel=1e-12)
