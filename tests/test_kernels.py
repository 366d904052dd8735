"""The numba kernels against the plain-numpy reference, on random viable economies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unequal_exchange.errors import InputError
from unequal_exchange.model.engine import kernels, status
from unequal_exchange.model.engine.batch import solve_batch


def random_batch(seed: int, n_econ: int, n: int):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.0, 1.0, (n_econ, n, n))
    a *= rng.uniform(0.1, 0.85, (n_econ, 1, 1)) / a.sum(axis=1, keepdims=True)
    capital = a * rng.uniform(0.3, 3.0, (n_econ, 1, n))
    labour = rng.uniform(0.05, 1.0, (n_econ, n))
    output = rng.uniform(0.5, 10.0, (n_econ, n))
    complexity = rng.uniform(0.8, 2.0, (n_econ, n))
    wage = rng.uniform(0.05, 0.95, (n_econ, n))
    basket = rng.uniform(0.0, 1.0, (n_econ, n, n))
    basket *= rng.uniform(0.05, 0.6, (n_econ, 1, 1)) / (basket.sum(axis=1, keepdims=True) * n)
    return (
        dict(inputs=a, capital=capital, labour=labour, output=output, complexity=complexity),
        wage,
        basket,
    )


CASES = st.tuples(
    st.integers(0, 2**32 - 1),
    st.integers(2, 12),
    st.sampled_from(["total-price", "total-profit", "net-product", "numeraire"]),
    st.sampled_from(["advanced", "post-factum"]),
)


def _compare(fast, ref):
    np.testing.assert_array_equal(fast.status, ref.status)
    ok = ref.status == status.OK
    assert ok.any()
    np.testing.assert_allclose(fast.labour_value, ref.labour_value, rtol=1e-10)
    np.testing.assert_allclose(fast.max_profit_rate, ref.max_profit_rate, rtol=1e-9)
    np.testing.assert_allclose(fast.profit_rate[ok], ref.profit_rate[ok], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fast.price[ok], ref.price[ok], rtol=1e-8)
    assert np.isnan(fast.price[~ok]).all() and np.isnan(fast.profit_rate[~ok]).all()


@settings(max_examples=60, deadline=None)
@given(case=CASES)
def test_value_wage_kernel_matches_reference(case):
    seed, n, norm, wages = case
    data, wage, _ = random_batch(seed, 64, n)
    kw = dict(wage=wage, normalization=norm, numeraire=n - 1, wages=wages)
    _compare(solve_batch(**data, **kw), solve_batch(**data, **kw, backend="numpy"))


@settings(max_examples=60, deadline=None)
@given(case=CASES)
def test_real_wage_kernel_matches_reference(case):
    seed, n, norm, wages = case
    data, _, basket = random_batch(seed, 64, n)
    kw = dict(wage_basket=basket, normalization=norm, numeraire=0, wages=wages)
    _compare(solve_batch(**data, **kw), solve_batch(**data, **kw, backend="numpy"))


def test_batch_flags_non_viable_economies_and_goes_on():
    data, wage, _ = random_batch(7, 6, 4)
    data["inputs"][1] *= 3.0  # spectral radius >= 1
    wage[2] = 5.0  # wage far above the value created per hour
    data["capital"][3] = 0.0  # no capital: with total-profit, r is unbounded...
    for backend in ("numba", "numpy"):
        res = solve_batch(**data, wage=wage, backend=backend)
        assert res.status[1] == status.NOT_PRODUCTIVE
        assert res.status[2] == status.WAGE_TOO_HIGH
        assert res.status[[0, 4, 5]].tolist() == [status.OK] * 3
        assert np.isfinite(res.price[[0, 4, 5]]).all()


def test_batch_numeraire_price_is_one():
    data, wage, _ = random_batch(3, 50, 5)
    res = solve_batch(**data, wage=wage * 0.3, normalization="numeraire", numeraire=2)
    ok = res.status == status.OK
    np.testing.assert_allclose(res.price[ok, 2], 1.0, rtol=1e-12)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_total_profit_with_no_surplus_is_wage_too_high(backend):
    data, _, _ = random_batch(5, 4, 3)
    res = solve_batch(
        **data, wage=data["complexity"], normalization="total-profit", backend=backend
    )
    assert (res.status == status.WAGE_TOO_HIGH).all()


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 3000),
    where=st.integers(0, 2999),
    value=st.sampled_from([np.nan, np.inf, -np.inf, -1e-300, -0.0, 0.0, 1e308]),
)
def test_input_flags_is_numpys_finite_and_sign_check(size, where, value):
    """The one-pass parallel check of solve_batch's inputs gives what numpy's tests give."""
    a = np.random.default_rng(size).uniform(0.0, 2.0, size)
    if size:
        a[where % size] = value
    nonfinite, negative = kernels.input_flags(a)
    assert nonfinite == bool((~np.isfinite(a)).any())
    assert negative == bool((a < 0).any())


@pytest.mark.parametrize(
    ("bad", "message"),
    [(np.nan, "labour contains NaN or infinite"), (np.inf, "labour contains NaN or infinite"),
     (-1.0, "labour must be non-negative")],
)  # fmt: skip
def test_solve_batch_refuses_bad_entries(bad, message):
    a = np.full((3, 2, 2), 0.1)
    labour = np.ones((3, 2))
    labour[1, 0] = bad
    with pytest.raises(InputError, match=message):
        solve_batch(a, labour, np.ones((3, 2)), wage=np.ones((3, 2)))
