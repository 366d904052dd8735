"""Batched IO sweeps: the numba kernel (io_kernel) against its numpy twin (io_accounts.sweep_point,
the engine point by point), the structure it exploits, and ue.sweep_wiod."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.calibration import wiod
from unequal_exchange.errors import InputError, SweepTooLargeError
from unequal_exchange.model.engine import general
from unequal_exchange.model.engine import status as codes
from unequal_exchange.model.mexico_us import io_accounts as io
from unequal_exchange.model.mexico_us import io_kernel

SCHOOL = {"years": (16.0, 12.0, 9.0), "entry_age": 6.0, "exit_age": 65.0}


def random_system(seed: int, n_c: int, k: int, margin: float) -> io.IOSystem:
    """A productive, viable m-country system: value added exceeds the wage bill by ``margin``."""
    rng = np.random.default_rng(seed)
    n = n_c * k
    x = rng.uniform(50.0, 500.0, n)
    z = rng.uniform(0.0, 1.0, (n, n)) * x[None, :] * rng.uniform(0.1, 0.6) / n
    hours = rng.uniform(1e6, 1e8, n)
    wage = rng.uniform(2.0, 40.0, n)
    va = wage * hours / 1e6 * (1.0 + margin * rng.uniform(0.5, 1.5, n))
    shares = rng.dirichlet(np.ones(3), n).T
    comp = rng.dirichlet(np.ones(3), n).T
    countries = tuple(f"C{i}" for i in range(n_c))
    return io.IOSystem(
        year=2000,
        countries=countries,
        industries=tuple(f"c{j:02d}" for j in range(1, k + 1)),
        country_of=np.repeat(np.array(countries), k),
        z=z,
        output=x,
        hours=hours,
        wage=wage,
        capital=x * rng.uniform(0.5, 3.0, n),
        gfcf=rng.uniform(0.1, 10.0, (n_c, n)),
        final=rng.uniform(1.0, 50.0, (n, n_c)),
        value_added=va,
        outside_inputs=np.zeros(n),
        foreign_inputs=np.zeros(n),
        skill_hours=shares,
        skill_compensation=comp,
    )


def kernel_point(s, convention, alpha, scale, home=0, school=SCHOOL, partner=1):
    mu = io.complexity(s, convention, school, alpha)[None, :]
    prep = io_kernel.prepare_system(s, mu, home, partner)
    out, status, status_n = io_kernel.run_batch(prep, [0], [scale], home, partner)
    return out[0], int(status[0]), int(status_n[0])


def assert_close(got, want, scale):
    """Equal to a tolerance scaled to the magnitude of the quantity (not bit-exact)."""
    assert abs(got - want) <= 1e-9 * scale, (got, want, scale)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_c=st.integers(2, 3),
    k=st.integers(1, 5),
    margin=st.floats(0.3, 3.0),
    convention=st.sampled_from(io.CONVENTIONS),
    alpha=st.floats(0.0, 1.0),
    scales=st.lists(st.floats(0.2, 1.0), min_size=3, max_size=3),
)
def test_kernel_equals_engine_twin(seed, n_c, k, margin, convention, alpha, scales):
    s = random_system(seed, n_c, k, margin)
    scale = np.array(scales[:n_c])
    out, status, status_n = kernel_point(s, convention, alpha, scale)
    ref = io.sweep_point(s, convention, SCHOOL, alpha, scale, "C0", split=True, partner="C1")
    assert status == ref["status"] and status_n == ref["status_national"]
    mu = io.complexity(s, convention, SCHOOL, alpha)[None, :]
    prep = io_kernel.prepare_system(s, mu, 0, 1)
    split, status_split = io_kernel.run_shapley(
        prep, io_kernel.prepare_shapley(s, mu, prep), [0], [scale], 0, 1
    )
    assert status_split[0] == ref["status_split"]
    if status == codes.OK:
        assert_close(out[0], ref["profit_rate"], 1.0)
        traded = float(io.exports(s).sum())  # hours of the traded product bound the transfer
        lam = io.labour_values(io.input_coefficients(s.z, s.output),
                               io._safe_div(s.hours, s.output),
                               io.complexity(s, convention, SCHOOL, alpha))  # fmt: skip
        size = float(lam @ io.exports(s).sum(axis=0)) + traded
        assert_close(out[1], ref["price_transfer_hours"], size)
        n = io_kernel.N_SCALAR
        for a in range(n_c):
            assert_close(out[n + a], ref["transfer_hours_by_country"][a], size)
        assert_close(out[n : n + n_c].sum(), 0.0, size)  # a transfer, not a creation of value
        assert_close(out[1], ref["price_transfer_hours_seller"] + ref["price_transfer_hours_buyer"],
                     size)  # net = seller side + buyer side  # fmt: skip
    if status_split[0] == codes.OK:
        for got, want in zip(split[0], ref["price_transfer_hours_by_factor"], strict=True):
            assert_close(got, want, size)
        assert_close(split[0].sum(), out[1], size)  # the parts add up to the transfer
    if status_n == codes.OK:
        n = io_kernel.N_SCALAR + n_c
        for a in range(n_c):
            assert_close(out[n + a], ref["profit_rate_national"][a], 1.0)


@pytest.fixture(scope="module")
def s2009():
    return wiod.wiod_system(2009)


def test_capital_matrix_has_rank_of_the_country_count(s2009):
    g, k = io.capital_factors(s2009)
    b = io.capital_matrix(s2009)
    assert np.allclose(g @ k.T, b, rtol=0, atol=1e-15 * np.abs(b).max())
    assert np.linalg.matrix_rank(b) == 2


def test_maximum_profit_rate_from_the_small_matrix(s2009):
    """R = 1/ρ(KᵀLG) (2 × 2) equals the engine's R = 1/ρ(B(I − A)⁻¹) (70 × 70)."""
    e = io.economy(s2009)
    prep = io_kernel.prepare_system(s2009, e.complexity[None, :])
    big_r, _ = general.max_profit_rate(e.inputs, e.capital)
    assert prep["r_max"] == pytest.approx(big_r, rel=1e-10)


@pytest.mark.parametrize("scale", [0.5, 1.0, 3.0])
def test_kernel_equals_twin_on_2009(s2009, scale):
    school = wiod.schooling()
    for convention in io.CONVENTIONS:
        out, status, _ = kernel_point(s2009, convention, 0.3, [scale, 1.0], 0, school)
        ref = io.sweep_point(s2009, convention, school, 0.3, [scale, 1.0])
        assert status == ref["status"] == codes.OK
        assert out[0] == pytest.approx(ref["profit_rate"], rel=1e-12)
        assert out[1] == pytest.approx(ref["price_transfer_hours"], rel=1e-10)
        assert out[2] == pytest.approx(ref["price_transfer_hours_national"], rel=1e-8)


def test_three_countries_match_the_twin():
    s = wiod.wiod_system(2005, ("MEX", "USA", "CAN"))
    school = wiod.schooling()
    out, status, _ = kernel_point(s, "wage", 0.0, [1.5, 1.0, 0.8], 0, school)
    ref = io.sweep_point(s, "wage", school, 0.0, [1.5, 1.0, 0.8], partner="USA")
    assert status == codes.OK
    assert out[0] == pytest.approx(ref["profit_rate"], rel=1e-12)
    assert out[1] == pytest.approx(ref["price_transfer_hours"], rel=1e-10)
    assert out[2] == pytest.approx(ref["price_transfer_hours_national"], rel=1e-8)


@pytest.fixture(scope="module")
def grid():
    return ue.sweep_wiod(2009, mx_wage_scale=[0.5, 1.0, 2.0, 4.0, 8.0], hours_weighting=[0.0, 1.0])


def test_reference_point_equals_the_accounts(grid):
    acc = ue.run_wiod(years=[2009]).isel(year=0)
    ref = grid.sel(mx_wage_scale=1.0, us_wage_scale=1.0, hours_weighting=0.0)
    for name in ("price_transfer", "price_transfer_share_gdp", "profit_rate",
                 "price_transfer_national"):  # fmt: skip
        np.testing.assert_allclose(ref[name].values, acc[name].values, rtol=1e-9)
    np.testing.assert_allclose(
        ref.transfer_by_country.values, acc.transfer_by_country.values, rtol=1e-9, atol=1.0
    )


def test_higher_mexican_wages_shrink_the_transfer_and_the_profit_rate(grid):
    """Emmanuel: the transfer comes from the wage gap; raising Mexican wages (value added fixed)
    lowers the transfer and the international profit rate at every valuation."""
    ok = grid.status == codes.OK
    assert bool(ok.all())
    assert bool((grid.price_transfer.diff("mx_wage_scale") < 0).all())
    assert bool((grid.profit_rate.diff("mx_wage_scale") < 0).all())
    assert np.allclose(grid.transfer_by_country.sum("country"), 0.0, atol=1e-6 * 1e11)


def test_non_viable_points_are_flagged_and_the_sweep_goes_on(grid):
    """×4 Mexican wages exceed Mexico's own value added at r = 0: its national system is not
    viable (status 2, NaN) while the international system still is."""
    nat = grid.status_national.sel(hours_weighting=0.0).squeeze()
    assert nat.sel(mx_wage_scale=1.0).values.tolist() == [0] * len(grid.convention)
    assert (nat.sel(mx_wage_scale=8.0) == codes.WAGE_TOO_HIGH).all()
    bad = grid.price_transfer_national.where(grid.status_national != 0)
    assert bool(bad.isnull().all())
    assert grid.status.attrs["flag_values"][codes.WAGE_TOO_HIGH] == codes.WAGE_TOO_HIGH


def test_full_hours_weighting_keeps_total_hours():
    """α = 1 weights hours by relative value added per hour; with simple labour the new value
    Σ μH still equals the hours worked (a convention never changes a real quantity)."""
    s = wiod.wiod_system(2009)
    mu = io.complexity(s, "simple", None, 1.0)
    assert float(mu @ s.hours) == pytest.approx(float(s.hours.sum()), rel=1e-12)
    va_per_hour = s.value_added / s.hours
    assert np.corrcoef(mu, va_per_hour)[0, 1] == pytest.approx(1.0)


def test_units_and_backends_agree():
    fast = ue.sweep_wiod(2008, mx_wage_scale=[1.0, 2.5], convention=["simple", "education"])
    slow = ue.sweep_wiod(
        2008, mx_wage_scale=[1.0, 2.5], convention=["simple", "education"], backend="numpy"
    )
    for name in fast.data_vars:
        assert "units" in fast[name].attrs and "long_name" in fast[name].attrs
        np.testing.assert_allclose(fast[name].values, slow[name].values, rtol=1e-8, atol=1e-6)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"mx_wage_scale": [-1.0]},
        {"mx_wage_scale": []},
        {"mx_wage_scale": [1.0, 1.0]},
        {"hours_weighting": [1.5]},
        {"convention": ["wages"]},
        {"backend": "gpu"},
        {"countries": ("CAN", "USA")},
        {"year": 1990},
    ],
)
def test_bad_input_says_what_to_fix(kwargs):
    with pytest.raises(InputError):
        ue.sweep_wiod(**kwargs)


def test_memory_is_checked_before_allocating(monkeypatch):
    from unequal_exchange.scenarios import sweep

    monkeypatch.setattr(sweep, "available_memory", lambda: 10_000)
    with pytest.raises(SweepTooLargeError, match="split the sweep"):
        ue.sweep_wiod(2009, mx_wage_scale=np.linspace(0.5, 2.0, 1000))


def test_shapley_split_per_point_equals_the_accounts_and_the_twin():
    """At observed wages the batched split equals run_wiod's; at other wages the engine's
    (io_accounts.sweep_point); the parts always add up to the transfer."""
    ds = ue.sweep_wiod(2009, mx_wage_scale=[1.0, 2.0], hours_weighting=[0.0, 0.5], shapley=True)
    acc = ue.run_wiod(years=[2009]).isel(year=0)
    ref = ds.price_transfer_by_factor.sel(mx_wage_scale=1.0, hours_weighting=0.0).squeeze()
    np.testing.assert_allclose(
        ref.values, acc.price_transfer_by_factor.values, rtol=1e-9, atol=1e-6 * 1e9
    )
    np.testing.assert_allclose(
        ds.price_transfer_by_factor.sum("factor"), ds.price_transfer, rtol=1e-9
    )
    assert (ds.status_split == 0).all()
    s, school = wiod.wiod_system(2009), wiod.schooling()
    twin = io.sweep_point(s, "wage", school, 0.5, [2.0, 1.0], split=True)
    got = ds.price_transfer_by_factor.sel(
        convention="wage", hours_weighting=0.5, mx_wage_scale=2.0
    ).squeeze() / ds.melt.sel(convention="wage", hours_weighting=0.5)
    np.testing.assert_allclose(
        got.values, twin["price_transfer_hours_by_factor"], rtol=1e-9, atol=1e-6 * 1e9
    )
