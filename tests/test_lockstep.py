"""The lockstep value-wage kernel (blocks of economies solved lane-wise) against the numpy
reference and the scalar kernel, including blocks that mix near-degenerate economies."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from test_kernels import random_batch
from unequal_exchange.model.engine import kernels, status
from unequal_exchange.model.engine.batch import solve_batch
from unequal_exchange.model.engine.status import NORMALIZATIONS, WAGE_TIMING


def _kernel(fn, data, wage, norm, k, wages):
    n_econ, n = data["labour"].shape
    out = (
        np.empty((n_econ, n)),
        np.empty((n_econ, n)),
        np.empty(n_econ),
        np.empty(n_econ),
        np.empty(n_econ, dtype=np.int8),
    )
    fn(
        data["inputs"], data["capital"], data["labour"], data["complexity"], data["output"],
        wage, NORMALIZATIONS[norm], k, WAGE_TIMING[wages], *out,
    )  # fmt: skip
    return out


def _same(lock, scalar):
    """Same status everywhere; values to rounding where the status is ok."""
    np.testing.assert_array_equal(lock[4], scalar[4])
    ok = scalar[4] == status.OK
    productive = scalar[4] != status.NOT_PRODUCTIVE  # (labour values are not computed there)
    np.testing.assert_allclose(lock[0][productive], scalar[0][productive], rtol=1e-10)
    for got, want in zip(lock[1:4], scalar[1:4], strict=True):
        np.testing.assert_allclose(got[ok], want[ok], rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 12),
    n_econ=st.integers(1, 3 * kernels.LANES + 1),  # full blocks, a partial one, single economies
    norm=st.sampled_from(sorted(NORMALIZATIONS)),
    wages=st.sampled_from(sorted(WAGE_TIMING)),
)
def test_lockstep_matches_scalar_kernel_and_reference(seed, n, n_econ, norm, wages):
    data, wage, _ = random_batch(seed, n_econ, n)
    lock = _kernel(kernels.solve_value_wage_lockstep, data, wage, norm, n - 1, wages)
    scalar = _kernel(kernels.solve_value_wage_batch, data, wage, norm, n - 1, wages)
    _same(lock, scalar)
    ref = solve_batch(**data, wage=wage, normalization=norm, numeraire=n - 1, wages=wages,
                      backend="numpy")  # fmt: skip
    np.testing.assert_array_equal(lock[4], ref.status)
    ok = ref.status == status.OK
    np.testing.assert_allclose(lock[1][ok], ref.price[ok], rtol=1e-8)
    np.testing.assert_allclose(lock[2][ok], ref.profit_rate[ok], rtol=1e-9, atol=1e-12)


def _degenerate_block(seed: int, n: int):
    """Two blocks of economies, most of them at one of the kernel's special cases."""
    data, wage, _ = random_batch(seed, 2 * kernels.LANES, n)
    wage[0] = 0.0  # zero wage: the maximum-profit economy, r = R
    wage[1] *= 1e-6  # r within a hair of R: prices rescaled by the normalisation
    wage[2] = 50.0  # wage above the value created: no r >= 0
    data["inputs"][3] *= 1.2 / data["inputs"][3].sum(axis=0).min()  # column sums > 1: ρ > 1
    data["capital"][4] = 0.0  # no capital: R infinite
    wage[5, 0] = 0.0  # one sector without wages
    data["labour"][6, -1] = 0.0  # a sector without direct labour
    data["inputs"][7] = np.diag(np.full(n, 0.5))  # reducible: each sector its own input
    data["capital"][7] = np.diag(np.linspace(1.0, 2.0, n))
    return data, wage


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 8),
    norm=st.sampled_from(sorted(NORMALIZATIONS)),
    wages=st.sampled_from(sorted(WAGE_TIMING)),
)
def test_lockstep_keeps_every_special_case_of_the_scalar_kernel(seed, n, norm, wages):
    data, wage = _degenerate_block(seed, n)
    lock = _kernel(kernels.solve_value_wage_lockstep, data, wage, norm, 0, wages)
    scalar = _kernel(kernels.solve_value_wage_batch, data, wage, norm, 0, wages)
    _same(lock, scalar)
    assert lock[4][2] == status.WAGE_TOO_HIGH and lock[4][3] == status.NOT_PRODUCTIVE
    if lock[4][0] == status.OK:  # zero wage: the maximum profit rate itself
        assert lock[2][0] == lock[3][0]


def test_zero_wage_economy_earns_the_maximum_profit_rate():
    data, wage, _ = random_batch(3, kernels.LANES, 4)
    wage[5] = 0.0
    res = solve_batch(**data, wage=wage)
    assert res.status[5] == status.OK
    np.testing.assert_allclose(res.profit_rate[5], res.max_profit_rate[5], rtol=1e-12)
    paid = np.arange(kernels.LANES) != 5
    assert (res.profit_rate[paid] < res.max_profit_rate[paid]).all()
