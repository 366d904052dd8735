"""IO accounts (model/mexico_us/io_accounts.py) on a hand-computable two-country example.

Country M and country U, one industry each (two sectors in all), million USD and hours:
Z = [[10, 20], [5, 40]], x = [100, 200], hours = [50, 40]; final demand of M's good: 50 at home,
20 in U; of U's good: 15 in M, 140 at home. So A = [[0.1, 0.1], [0.05, 0.2]],
det(I − A) = 0.715, (I − A)⁻¹ = [[0.8, 0.1], [0.05, 0.9]] / 0.715, l = [0.5, 0.2] h/USD m.
"""

from __future__ import annotations

import numpy as np
import pytest

from unequal_exchange.errors import InputError
from unequal_exchange.model.mexico_us import io_accounts as io

SCHOOL = {"years": (16.0, 12.0, 9.0), "entry_age": 6.0, "exit_age": 65.0}


def system(wage=(4.0, 20.0), capital=(150.0, 500.0), **kw) -> io.IOSystem:
    fields = dict(
        year=2000,
        countries=("M", "U"),
        industries=("c01",),
        country_of=np.array(["M", "U"]),
        z=np.array([[10.0, 20.0], [5.0, 40.0]]),
        output=np.array([100.0, 200.0]),
        hours=np.array([50.0, 40.0]),
        wage=np.array(wage, dtype=float),
        capital=np.array(capital, dtype=float),
        gfcf=np.array([[3.0, 1.0], [1.0, 3.0]]),
        final=np.array([[50.0, 20.0], [15.0, 140.0]]),
        value_added=np.array([60.0, 150.0]),
        outside_inputs=np.array([5.0, 5.0]),
        foreign_inputs=np.array([10.0, 25.0]),
        skill_hours=np.array([[0.2, 0.4], [0.3, 0.4], [0.5, 0.2]]),
        skill_compensation=np.array([[0.5, 0.6], [0.3, 0.3], [0.2, 0.1]]),
    )
    fields.update(kw)
    return io.IOSystem(**fields)


def test_rows_add_up_to_output():
    s = system()
    assert np.allclose(s.z.sum(axis=1) + s.final.sum(axis=1), s.output)


def test_labour_values_closed_form():
    s = system()
    lam = io.labour_values(io.input_coefficients(s.z, s.output), s.hours / s.output, np.ones(2))
    assert lam == pytest.approx([0.41 / 0.715, 0.23 / 0.715], rel=1e-12)
    # the value of the gross final product (net of circulating inputs) equals the hours worked
    a = io.input_coefficients(s.z, s.output)
    assert lam @ (s.output - a @ s.output) == pytest.approx(s.hours.sum(), rel=1e-12)


def test_exports_are_deliveries_to_the_other_country():
    assert io.exports(system()).tolist() == [[40.0, 0.0], [0.0, 20.0]]


def test_embodied_hours_closed_form():
    h = io.embodied_hours(system())
    expected = np.array([[16.0, 0.4], [1.0, 3.6]]) / 0.715
    assert h == pytest.approx(expected, rel=1e-12)


def test_embodied_hours_in_all_final_uses_are_all_hours():
    s = system()
    l = s.hours / s.output
    leontief = io.leontief_inverse(io.input_coefficients(s.z, s.output))
    assert (l @ leontief @ s.final.sum(axis=1)) == pytest.approx(s.hours.sum(), rel=1e-12)
    assert np.all(leontief >= 0)


def test_national_wage_reduction_closed_form():
    # M: labour cost 4 × 50 = 200; skill wages 0.5·200/10, 0.3·200/15, 0.2·200/25 = 10, 4, 1.6
    mu = io.complexity(system(), "wage-national")
    assert mu[0] == pytest.approx(0.2 * 10 / 1.6 + 0.3 * 4 / 1.6 + 0.5, rel=1e-12)
    # U: labour cost 800; skill wages 0.6·800/16, 0.3·800/16, 0.1·800/8 = 30, 15, 10
    assert mu[1] == pytest.approx(0.4 * 3.0 + 0.4 * 1.5 + 0.2, rel=1e-12)


def test_pooled_wage_reduction_closed_form():
    # pooled pay by skill 100 + 480, 60 + 240, 40 + 80; hours 10 + 16, 15 + 16, 25 + 8
    w = np.array([580 / 26, 300 / 31, 120 / 33])
    mu = io.complexity(system(), "wage-pooled")
    assert mu == pytest.approx([[0.2, 0.3, 0.5] @ (w / w[2]), [0.4, 0.4, 0.2] @ (w / w[2])])
    # without a USA in the system, "wage" falls back on the pooled ratios
    assert io.complexity(system(), "wage") == pytest.approx(mu, rel=1e-12)


def test_common_wage_reduction_uses_the_us_ratios_for_both_countries():
    s = system(countries=("MEX", "USA"), country_of=np.array(["MEX", "USA"]))
    mu = io.complexity(s, "wage")
    us_ratios = np.array([3.0, 1.5, 1.0])  # 30, 15, 10 USD/h over 10
    assert mu == pytest.approx([[0.2, 0.3, 0.5] @ us_ratios, [0.4, 0.4, 0.2] @ us_ratios])
    # with one set of weights, μ differs by skill composition only: equal mixes, equal μ
    same = system(countries=("MEX", "USA"), country_of=np.array(["MEX", "USA"]),
                  skill_hours=np.array([[0.4, 0.4], [0.4, 0.4], [0.2, 0.2]]))  # fmt: skip
    assert io.complexity(same, "wage")[0] == pytest.approx(io.complexity(same, "wage")[1])
    assert io.complexity(same, "wage-national")[0] != pytest.approx(
        io.complexity(same, "wage-national")[1]
    )


def test_education_reduction_closed_form():
    mu = io.complexity(system(), "education", SCHOOL)
    high, medium = 1 + 7 / 43, 1 + 3 / 47
    assert mu[0] == pytest.approx(0.2 * high + 0.3 * medium + 0.5, rel=1e-12)
    assert io.complexity(system(), "simple").tolist() == [1.0, 1.0]


def test_unknown_convention_is_a_clean_error():
    with pytest.raises(InputError, match="did you mean 'wage'"):
        io.complexity(system(), "wages")


def test_capital_matrix_spreads_stock_like_gfcf():
    b = io.capital_matrix(system())
    assert b[:, 0] == pytest.approx(np.array([0.75, 0.25]) * 1.5)
    assert b[:, 1] == pytest.approx(np.array([0.25, 0.75]) * 2.5)


def test_melt_is_value_added_per_simple_hour():
    s = system()
    assert io.melt(s, np.ones(2)) == pytest.approx(210e6 / 90.0)


def test_trade_transfer_sums_to_zero_and_vanishes_when_prices_equal_values():
    lam = np.array([0.6, 0.3])
    ex = np.array([[40.0, 0.0], [0.0, 20.0]])
    assert io.trade_transfer(lam, 2.5 * lam, ex).sum() == pytest.approx(0.0, abs=1e-12)
    t = io.trade_transfer(lam, np.array([0.5, 0.5]), ex)
    assert t.sum() == pytest.approx(0.0, abs=1e-12)
    # prices rescaled to the traded product's value, 30: p̂ = [0.5, 0.5] × 30 / 30
    assert t[0, 0] == pytest.approx((0.5 - 0.6) * 40)


@pytest.mark.parametrize("eps", [1e-4, 1e-6])
def test_transfer_vanishes_as_the_value_wage_absorbs_the_whole_new_value(eps):
    # ω → μ = 1 in both countries: surplus value → 0, r → 0, prices → values, transfer → 0
    # equal value added per hour in M and U, so national and international MELTs coincide
    va = np.array([100.0, 80.0])
    s = system(value_added=va)
    s = system(value_added=va, wage=np.full(2, (1 - eps) * io.melt(s, np.ones(2))))
    ds = io.accounts(s, "simple", home="M", partner="U")
    assert 0 < float(ds.profit_rate) < 10 * eps
    traded_value = float(ds.embodied_value_in_exports.sum())
    assert abs(float(ds.price_transfer_hours)) < 10 * eps * traded_value
    assert np.all(ds.profit_rate_national.values < 10 * eps)


def test_low_wage_exporter_loses_and_shapley_adds_up():
    ds = io.accounts(system(), "simple", home="M", partner="U")
    assert float(ds.price_transfer) > 0  # M pays 4 USD/h against U's 20
    assert float(ds.price_transfer_by_factor.sum()) == pytest.approx(
        float(ds.price_transfer), rel=1e-9
    )
    assert float(ds.transfer_by_country.sum()) == pytest.approx(0.0, abs=1e-6)
    assert float(ds.total_value) == pytest.approx(float((ds.labour_value * ds.output).sum()))


def test_net_transfer_is_the_bilateral_value_balance():
    """T_n = (λ·e_M − λ·e_U) − (p̂·e_M − p̂·e_U): value given minus value received, less the
    net money claim; with two countries and the pool normalisation T_n = 2 × seller side."""
    s = system()
    ds = io.accounts(s, "simple", home="M", partner="U")
    lam, p = ds.labour_value.values * 1e6, ds.price.values * 1e6
    e = io.exports(s)
    p_hat = p * (lam @ e.sum(axis=0)) / (p @ e.sum(axis=0))
    net = (lam @ e[0] - lam @ e[1]) - (p_hat @ e[0] - p_hat @ e[1])
    sides = ds.price_transfer_hours_by_side
    assert float(ds.price_transfer_hours) == pytest.approx(net, rel=1e-12)
    assert float(sides.sel(side="seller")) == pytest.approx((lam - p_hat) @ e[0], rel=1e-12)
    assert float(sides.sel(side="buyer")) == pytest.approx((p_hat - lam) @ e[1], rel=1e-12)
    assert float(sides.sel(side="net")) == pytest.approx(2 * float(sides.sel(side="seller")))
    assert "net bilateral" in ds.price_transfer.attrs["long_name"]


def test_melt_bases():
    s = system()
    ds = io.accounts(s, "simple", home="M", partner="U")
    m = ds.melt_by_basis
    assert float(m.sel(melt_basis="home")) == pytest.approx(60e6 / 50.0)  # VA_M / hours_M
    assert float(m.sel(melt_basis="system")) == pytest.approx(210e6 / 90.0)
    assert float(m.sel(melt_basis="traded")) == pytest.approx(float(ds.melt))
    assert ds.price_transfer_by_melt.values == pytest.approx(
        float(ds.price_transfer_hours) * m.values, rel=1e-12
    )


def test_value_added_in_exports_and_final_uses():
    s = system()
    v = io.value_added_in_exports(s)
    # all value added is embodied in final uses (a Leontief identity), here 60 + 150
    all_final = io.value_added_in_exports(s, s.final.sum(axis=1)[None, :])
    assert all_final.sum() == pytest.approx(210e6, rel=1e-12)
    leontief = io.leontief_inverse(io.input_coefficients(s.z, s.output))
    assert v[0, 0] == pytest.approx(0.6 * (leontief @ [40.0, 0.0])[0] * 1e6, rel=1e-12)


def test_capital_scope_removes_real_estate_capital():
    s = system(industries=("c29",))
    assert np.all(io.capital_matrix(s, "no-dwellings") == 0)
    assert np.all(io.capital_matrix(s, "all") == io.capital_matrix(s))
    with pytest.raises(InputError, match="capital scope"):
        io.capital_matrix(s, "dwellings")


def test_three_country_net_transfer_is_bilateral():
    """With a third country, the net transfer counts only the home–partner flows."""
    third = io.IOSystem(
        year=2000, countries=("M", "U", "C"), industries=("c01",),
        country_of=np.array(["M", "U", "C"]),
        z=np.array([[10.0, 20.0, 3.0], [5.0, 40.0, 4.0], [2.0, 6.0, 30.0]]),
        output=np.array([103.0, 209.0, 100.0]), hours=np.array([50.0, 40.0, 30.0]),
        wage=np.array([4.0, 20.0, 12.0]), capital=np.array([150.0, 500.0, 200.0]),
        gfcf=np.array([[3.0, 1.0, 1.0], [1.0, 3.0, 1.0], [1.0, 1.0, 3.0]]),
        final=np.array([[50.0, 20.0, 0.0], [15.0, 140.0, 6.0], [5.0, 9.0, 48.0]]),
        value_added=np.array([61.0, 152.0, 62.0]), outside_inputs=np.zeros(3),
        foreign_inputs=np.zeros(3), skill_hours=np.full((3, 3), 1 / 3),
        skill_compensation=np.full((3, 3), 1 / 3),
    )  # fmt: skip
    ds = io.accounts(third, "simple", home="M", partner="U")
    lam, p = ds.labour_value.values * 1e6, ds.price.values * 1e6
    pool = io.exports(third).sum(axis=0)
    gap = p * (lam @ pool) / (p @ pool) - lam
    bil = io.bilateral_exports(third)
    assert bil[0, 1].tolist() == [20.0 + 20.0, 0.0, 0.0]  # M's intermediate + final to U
    want = -gap @ bil[0, 1] + gap @ bil[1, 0]
    assert float(ds.price_transfer_hours) == pytest.approx(want, rel=1e-12)
    assert float(ds.price_transfer_by_factor.sum()) == pytest.approx(
        float(ds.price_transfer), rel=1e-9
    )


def test_conventions_leave_real_quantities_unchanged():
    a = io.accounts(system(), "simple", home="M", partner="U")
    b = io.accounts(system(), "wage", home="M", partner="U")
    for name in ("hours", "output", "embodied_hours_in_exports", "exports", "wage", "gdp"):
        assert np.array_equal(a[name].values, b[name].values), name
    assert not np.allclose(a.embodied_value_in_exports, b.embodied_value_in_exports)


def test_home_must_be_in_the_system():
    with pytest.raises(InputError, match="not in the system"):
        io.accounts(system(), "simple", home="MEX", partner="U")
