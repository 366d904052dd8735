"""New engine options, each against a closed form or a published example (docs/model.md §2)."""

import warnings

import numpy as np
import pytest

import unequal_exchange as ue

A2 = [[0.2, 0.3], [0.1, 0.2]]
BASE = dict(
    inputs=A2,
    labour=[1.0, 0.5],
    output=[10.0, 20.0],
    sectors=["corn", "iron"],
    countries=["Mexico", "US"],
)

# Sraffa (1960), Production of Commodities by Means of Commodities, ch. IV §25–26: the
# iron–coal–wheat system (tons, tons, quarters; labour 3/16, 5/16, 8/16 of the year's labour);
# R = 20 % and the standard proportions 1 : 3/5 : 3/4 are printed there
SRAFFA_X = np.array([180.0, 450.0, 480.0])
SRAFFA_A = np.array([[90, 50, 40], [120, 125, 40], [60, 150, 200]]) / SRAFFA_X
SRAFFA_L = np.array([3, 5, 8]) / 16 / SRAFFA_X


def sraffa(**closure):
    return ue.Economy(
        inputs=SRAFFA_A,
        labour=SRAFFA_L,
        output=SRAFFA_X,
        sectors=["iron", "coal", "wheat"],
        **closure,
    )


# ---- labour values


def test_labour_values_closed_form_and_total_hours():
    a, l, mu = np.array(A2), np.array([1.0, 0.5]), np.array([1.0, 2.0])
    d = np.array([[0.01, 0.0], [0.02, 0.03]])
    ds = ue.labour_values(a, l, output=[10.0, 20.0], complexity=mu, depreciation=d)
    lam = (mu * l) @ np.linalg.inv(np.eye(2) - a - d)
    np.testing.assert_allclose(ds.labour_value.values, lam, rtol=1e-14)
    # the value of the net product is the reduced hours worked
    assert float(ds.net_product_value) == pytest.approx(float((mu * l) @ [10, 20]), rel=1e-13)


def test_labour_values_agree_with_solve_and_need_no_wage():
    e = ue.Economy(**BASE, wage=0.5)
    np.testing.assert_allclose(
        ue.labour_values(e).labour_value, ue.solve(e).labour_value, rtol=1e-13
    )


def test_hours_embodied_in_final_demand_two_ways():
    """λ·y = Σ_i (μ∘l)_i [(I − A)⁻¹y]_i: hours embodied = hours worked for y."""
    ds = ue.labour_values(ue.Economy(**BASE, wage=0.5), final_demand=[3.0, 1.0])
    assert float(ds.hours_worked_for_demand.sum()) == pytest.approx(
        float(ds.total_embodied_hours), rel=1e-13
    )
    assert float(ds.hours_worked_for_demand_by_country.sum()) == pytest.approx(
        float(ds.total_embodied_hours), rel=1e-13
    )
    # demand equal to the net product embodies all the hours worked
    net = ue.labour_values(ue.Economy(**BASE, wage=0.5)).net_product.values
    full = ue.labour_values(ue.Economy(**BASE, wage=0.5), final_demand=net)
    np.testing.assert_allclose(full.hours_worked_for_demand, [10.0, 10.0], rtol=1e-13)


def test_labour_values_refuses_economy_plus_arrays():
    with pytest.raises(ue.InputError, match="not both"):
        ue.labour_values(ue.Economy(**BASE, wage=0.5), labour=[1.0, 1.0])


# ---- exogenous profit rate


def test_profit_rate_zero_gives_prices_of_labour():
    e = ue.Economy(**BASE, wage=1.0)
    ds = ue.solve(e, closure="profit-rate", profit_rate=0.0)
    lam = ds.labour_value.values
    np.testing.assert_allclose(ds.price.values, lam, rtol=1e-13)  # p = w l (I − A)⁻¹, w = 1
    assert float(ds.wage_scale) == pytest.approx(1.0, rel=1e-13)


def test_profit_rate_at_maximum_gives_zero_wage_and_above_is_refused():
    e = ue.Economy(**BASE, wage=1.0)
    big_r = float(ue.standard_commodity(e).max_profit_rate)
    ds = ue.solve(e, closure="profit_rate", profit_rate=big_r)
    assert float(ds.wage_scale) == 0.0
    assert float(ds.profit_rate) == pytest.approx(big_r, rel=1e-14)
    for bad in (-0.01, big_r * 1.01):
        with pytest.raises(ue.InputError, match="outside"):
            ue.solve(e, closure="profit-rate", profit_rate=bad)
    with pytest.raises(ue.InputError, match="profit_rate"):
        ue.solve(e, closure="profit-rate")


@pytest.mark.parametrize("wages", ["advanced", "post-factum"])
def test_profit_rate_closure_inverts_the_value_wage_closure(wages):
    """Solving for r at a given wage, then for the wage at that r, returns the wage."""
    e = ue.Economy(**BASE, wage=[0.4, 0.6])
    ds = ue.solve(e, wages=wages)
    back = ue.solve(
        e.replace(wage=[2.0, 3.0]),
        wages=wages,
        closure="profit-rate",
        profit_rate=float(ds.profit_rate),
    )
    np.testing.assert_allclose(back.money_wage, ds.money_wage, rtol=1e-10)
    np.testing.assert_allclose(back.price, ds.price, rtol=1e-10)


def test_profit_rate_closure_with_real_wage_scales_the_basket():
    e = ue.Economy(**BASE, wage_basket=[0.2, 0.3])
    ds = ue.solve(e)
    back = ue.solve(
        e.replace(wage_basket=[0.4, 0.6]), closure="profit-rate", profit_rate=float(ds.profit_rate)
    )
    assert float(back.wage_scale) == pytest.approx(0.5, rel=1e-10)
    np.testing.assert_allclose(back.price, ds.price, rtol=1e-10)


# ---- normalisations


def test_weighted_normalisation_holds_and_defaults_to_value():
    e = ue.Economy(**BASE, wage=0.5)
    ds = ue.solve(e, "weighted", weights=[1.0, 2.0], target=7.0)
    assert float(ds.price.values @ [1.0, 2.0]) == pytest.approx(7.0, rel=1e-13)
    ds = ue.solve(e, "weighted", weights=[1.0, 2.0])
    assert float(ds.price.values @ [1.0, 2.0]) == pytest.approx(
        float(ds.labour_value.values @ [1.0, 2.0]), rel=1e-13
    )
    # relative prices and r do not depend on the normalisation
    ref = ue.solve(e)
    assert float(ds.profit_rate) == pytest.approx(float(ref.profit_rate), rel=1e-12)
    np.testing.assert_allclose(ds.price / ds.price[0], ref.price / ref.price[0], rtol=1e-12)
    with pytest.raises(ue.InputError, match="weights"):
        ue.solve(e, "weighted")
    with pytest.raises(ue.InputError, match="only used"):
        ue.solve(e, "total-price", weights=[1.0, 1.0])


def test_sraffa_standard_system():
    sc = ue.standard_commodity(sraffa(wage=0.0))
    assert float(sc.max_profit_rate) == pytest.approx(0.2, rel=1e-13)
    ratio = sc.standard_gross_output.values / SRAFFA_X
    np.testing.assert_allclose(ratio / ratio[0], [1.0, 3 / 5, 3 / 4], rtol=1e-13)
    # the standard net product is R times its means of production, good by good
    np.testing.assert_allclose(
        sc.standard_net_product, 0.2 * SRAFFA_A @ sc.standard_gross_output.values, rtol=1e-12
    )
    assert float(sc.standard_hours) == pytest.approx(1.0, rel=1e-13)  # the year's labour


@pytest.mark.parametrize("r", [0.0, 0.05, 0.1, 0.15, 0.2])
def test_sraffa_linear_wage_profit_relation(r):
    """w = 1 − r/R in standard-net-product units, wages post factum (Sraffa 1960, ch. IV:
    r = R(1 − w))."""
    ds = ue.solve(
        sraffa(wage=1.0),
        "standard-commodity",
        wages="post-factum",
        closure="profit-rate",
        profit_rate=r,
    )
    assert float(ds.money_wage[0]) == pytest.approx(1 - r / 0.2, abs=1e-12)


def test_standard_commodity_closed_form_at_r_share_of_R():
    """clptheory's ppsraffa1: p = (1 − r/R) λ (I − rH)⁻¹, H = A(I − A)⁻¹."""
    r = 0.2 / 3
    ds = ue.solve(
        sraffa(wage=1.0),
        "standard-commodity",
        wages="post-factum",
        closure="profit-rate",
        profit_rate=r,
    )
    lam = ds.labour_value.values
    h = SRAFFA_A @ np.linalg.inv(np.eye(3) - SRAFFA_A)
    np.testing.assert_allclose(
        ds.price, (1 - r / 0.2) * lam @ np.linalg.inv(np.eye(3) - r * h), rtol=1e-12
    )


# ---- depreciation and turnover: the general path equals the simple one where they coincide


@pytest.mark.parametrize("norm", ["total-price", "total-profit", "net-product"])
@pytest.mark.parametrize("wages", ["advanced", "post-factum"])
def test_turnover_of_zero_or_one_equals_post_factum_or_advanced(norm, wages):
    t = 1.0 if wages == "advanced" else 0.0
    for closure in ({"wage": [0.4, 0.6]}, {"wage_basket": [0.2, 0.3]}):
        e = ue.Economy(**BASE, **closure)
        ref = ue.solve(e, norm, wages=wages)
        got = ue.solve(e.replace(turnover=[t, t]), norm)
        assert got.attrs["wages"] == "turnover"
        assert float(got.profit_rate) == pytest.approx(float(ref.profit_rate), rel=1e-11)
        np.testing.assert_allclose(got.price, ref.price, rtol=1e-11)


def test_turnover_between_post_factum_and_advanced():
    e = ue.Economy(**BASE, wage=[0.4, 0.6])
    r = [float(ue.solve(e.replace(turnover=[t, t])).profit_rate) for t in (0.0, 0.5, 1.0)]
    assert r[0] > r[1] > r[2]


def test_depreciation_price_equation():
    d = [[0.05, 0.0], [0.0, 0.02]]
    e = ue.Economy(**BASE, wage=[0.4, 0.6], depreciation=d, turnover=[0.3, 0.7])
    ds = ue.solve(e)
    p, r, w = ds.price.values, float(ds.profit_rate), ds.money_wage.values
    c, l, t = np.array(A2) + d, np.array([1.0, 0.5]), np.array([0.3, 0.7])
    rhs = p @ c + w * l + r * (p @ e.capital + t * w * l)
    np.testing.assert_allclose(p, rhs, rtol=1e-12)
    assert ds.attrs["total_price_equals_total_value"] == 1


# ---- non-viable real wages


def test_nonviable_real_wage_reported_on_request():
    e = ue.Economy(**BASE, wage_basket=[0.9, 0.9])
    with pytest.raises(ue.NonViableError):
        ue.solve(e)
    ds = ue.solve(e, allow_nonviable=True)
    rho = max(abs(np.linalg.eigvals(np.array(A2) + np.outer([0.9, 0.9], [1.0, 0.5]))))
    assert float(ds.profit_rate) == pytest.approx(1 / rho - 1, rel=1e-12)
    assert float(ds.total_profit) < 0
    assert (
        ue.solve(ue.Economy(**BASE, wage_basket=[0.2, 0.3]), allow_nonviable=True).attrs["status"]
        == "ok"
    )


# ---- deviation measures


def test_deviation_zero_for_equal_vectors_and_closed_forms():
    d = ue.deviation([2.0, 4.0], [2.0, 4.0])
    assert all(v == pytest.approx(0.0, abs=1e-15) for v in d.values())
    d = ue.deviation([1.5, 0.5], weights=[3.0, 1.0])
    assert d["rmse"] == pytest.approx(0.5) and d["mad"] == pytest.approx(0.5)
    assert d["mawd"] == pytest.approx(0.5)
    # sd([1.5, 0.5]) = √0.5, mean 1: α = arctan √0.5
    assert d["angle"] == pytest.approx(np.degrees(np.arctan(np.sqrt(0.5))))
    assert d["d_distance"] == pytest.approx(2 * np.sin(np.arctan(np.sqrt(0.5)) / 2))


def test_deviation_of_a_solution_is_price_over_value():
    ds = ue.solve(ue.Economy(**BASE, wage=0.5))
    assert ue.deviation(ds) == ue.deviation(
        ds.price.values, ds.labour_value.values, weights=ds.output.values
    )


# ---- Steedman (1977, Marx after Sraffa, ch. 3): the new options on his printed economy


def steedman(basket=5 / 80):
    """28 iron + 56 h → 56 iron; 16 iron + 16 h → 48 gold; 12 iron + 8 h → 8 corn; workers
    receive 5 corn for 80 hours (r = 2/3 with wages post factum; prices 18/11, 1, 48/11 in
    gold: tests/test_solve_classical.py)."""
    a = np.zeros((3, 3))
    a[0] = [28 / 56, 16 / 48, 12 / 8]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ue.ReducibleEconomyWarning)
        return ue.Economy(
            a,
            [1.0, 16 / 48, 1.0],
            [56, 48, 8],
            wage_basket=[0, 0, basket],
            sectors=["iron", "gold", "corn"],
        )


def test_steedman_given_profit_rate_returns_his_basket_and_prices():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ue.ReducibleEconomyWarning)
        ds = ue.solve(
            steedman(basket=1.0),
            "numeraire",
            "gold",
            wages="post-factum",
            closure="profit-rate",
            profit_rate=2 / 3,
        )
    assert float(ds.wage_scale) == pytest.approx(5 / 80, rel=1e-12)
    np.testing.assert_allclose(ds.price, [18 / 11, 1, 48 / 11], rtol=1e-12)
    np.testing.assert_allclose(ds.money_wage, 3 / 11, rtol=1e-12)


def test_steedman_values_unchanged_by_the_wage_and_total_hours():
    ds = ue.labour_values(steedman(), final_demand=[0, 48, 8])
    np.testing.assert_allclose(ds.labour_value, [2, 1, 4], rtol=1e-12)
    # the net product (48 gold + 8 corn) embodies the 80 hours worked
    assert float(ds.total_embodied_hours) == pytest.approx(80.0, rel=1e-12)
    assert float(ds.total_hours) == pytest.approx(80.0, rel=1e-12)


def test_repr_is_a_short_summary_with_the_spectral_radius_not_the_arrays():
    """User review §12: print(ue.wiod_economy(2009)) dumped ~250 lines of 140×140 arrays."""
    n = 140
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 1, (n, n))
    a *= 0.4 / np.max(np.abs(np.linalg.eigvals(a)))  # spectral radius 0.4 exactly
    e = ue.Economy(
        inputs=a,
        labour=np.ones(n),
        output=np.full(n, 2.0),
        wage=0.5,
        sectors=[f"s{i}" for i in range(n)],
        countries=["MEX"] * 60 + ["USA"] * 80,
    )
    text = repr(e)
    assert "\n" not in text and len(text) < 250
    assert text.startswith("Economy(140 sectors: s0, s1, s2, …, s138, s139;")
    assert "countries: MEX 60, USA 80" in text and "closure 'value-wage'" in text
    assert "spectral radius of A + D 0.4;" in text and "hours 280)" in text
    assert str(e) == text
