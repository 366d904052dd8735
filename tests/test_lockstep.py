"""The lockstep value-wage kernel (blocks of economies solved lane-wise) against the numpy
reference and the scalar kernel, including blocks that mix near-degenerate economies."""

from __future__ import annotations

import platform
import re

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_kernels import random_batch
from unequal_exchange.model.engine import _simd as simd
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


@numba.njit
def _lane_ops(a, b, c, out):
    for v in range(0, a.shape[0], simd.W):
        x, y, z = simd.load(a, v), simd.load(b, v), simd.load(c, v)
        simd.store(out, 0 * a.shape[0] + v, simd.add(x, y))
        simd.store(out, 1 * a.shape[0] + v, simd.sub(x, y))
        simd.store(out, 2 * a.shape[0] + v, simd.mul(x, y))
        simd.store(out, 3 * a.shape[0] + v, simd.div(x, y))
        simd.store(out, 4 * a.shape[0] + v, simd.muladd(x, y, z))
        simd.store(out, 5 * a.shape[0] + v, simd.nmuladd(x, y, z))
        simd.store(out, 6 * a.shape[0] + v, simd.minimum(x, y))
        simd.store(out, 7 * a.shape[0] + v, simd.maximum(x, y))
        simd.store(out, 8 * a.shape[0] + v, simd.where_positive(z, x, simd.splat(-1.0)))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), blocks=st.integers(1, 4))
def test_vector_intrinsics_are_the_lane_wise_operations(seed, blocks):
    rng = np.random.default_rng(seed)
    a, b, c = (rng.normal(size=blocks * simd.W) for _ in range(3))
    c[::3] = 0.0  # where_positive: zero selects the second operand
    out = np.empty((9, a.size))
    _lane_ops(a, b, c, out)
    np.testing.assert_array_equal(out[0], a + b)
    np.testing.assert_array_equal(out[1], a - b)
    np.testing.assert_array_equal(out[2], a * b)
    np.testing.assert_array_equal(out[3], a / b)
    # fused or not, a b + c to one rounding of each product (relative to the terms' size)
    size = np.abs(a * b) + np.abs(c)
    np.testing.assert_allclose(out[4], a * b + c, rtol=0, atol=4e-16 * size.max())
    np.testing.assert_allclose(out[5], c - a * b, rtol=0, atol=4e-16 * size.max())
    np.testing.assert_array_equal(out[6], np.minimum(a, b))
    np.testing.assert_array_equal(out[7], np.maximum(a, b))
    np.testing.assert_array_equal(out[8], np.where(c > 0, a, -1.0))


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 mnemonics")
def test_lockstep_lu_compiles_to_packed_double_instructions():
    # a fresh, uncached compile (cached code cannot be disassembled); on x86-64 a vector of
    # four doubles is one ymm register with AVX, two xmm registers without: both are "…pd"
    fresh = numba.njit(error_model="numpy")(kernels._lu_lanes.py_func)
    n = 3
    m = np.eye(n) * 4.0 + 0.5
    c = np.tile(m[:, :, None], (1, 1, kernels.LANES))
    d = np.empty((n, kernels.LANES))
    ok = np.ones(kernels.LANES, dtype=np.bool_)
    fresh(c, d, ok)
    assert ok.all()  # the pivots multiply to the determinant
    np.testing.assert_allclose(1.0 / d.prod(axis=0), np.linalg.det(m), rtol=1e-14)
    asm = fresh.inspect_asm(fresh.signatures[0])
    packed = re.findall(r"\b(?:v?(?:mul|sub|div)|vf(?:n?m)(?:add|sub)\d{3})pd\b", asm)
    scalar = re.findall(r"\bv?(?:mul|sub)sd\b", asm)
    assert len(packed) >= 4 and not scalar, (len(packed), len(scalar))


@pytest.mark.parametrize("adv", [0.0, 1.0])
@pytest.mark.parametrize(
    ("c0", "h", "target"), [(0.3, 0.5, 1.0), (2.0, 0.05, 2.5), (0.01, 2.0, 7.0)]
)
def test_newton_start_is_the_exact_root_for_one_sector(adv, c0, h, target):
    # one sector: v (1 − r h)⁻¹ y = c0 R / (R − r) with R = 1/h, the start's model exactly, so
    # (1 + adv r) c0 / (1 − r h) = target gives r = (target − c0) / (adv c0 + h target)
    r = kernels._model_start(c0, c0 * h, 1.0 / h, adv, target)
    want = (target - c0) / (adv * c0 + h * target)
    assert r == pytest.approx(want, rel=1e-14)
    assert (1.0 + adv * r) * c0 / (1.0 - r * h) == pytest.approx(target, rel=1e-13)


def test_newton_start_converges_a_one_sector_block_at_once():
    # with the exact start the first Newton step only confirms the root (the diagnostics row
    # 21 of the lane scratch holds the block's Newton steps)
    data, wage, _ = random_batch(5, kernels.LANES, 1)
    n_econ = kernels.LANES
    out = [np.empty((n_econ, 1)), np.empty((n_econ, 1)), np.empty(n_econ), np.empty(n_econ)]
    code = np.zeros(n_econ, dtype=np.int8)
    mats, vecs, lanes, flags = kernels.lockstep_scratch(1)
    fallback = kernels._value_wage_lanes(
        np.arange(n_econ), data["inputs"], data["capital"], data["labour"], data["complexity"],
        data["output"], wage, NORMALIZATIONS["total-price"], 0, 1, *out, code,
        mats, vecs, lanes, flags,
    )  # fmt: skip
    assert fallback == 0
    assert 1 <= lanes[21, 0] <= 2
    scalar = _kernel(kernels.solve_value_wage_batch, data, wage, "total-price", 0, "advanced")
    np.testing.assert_allclose(out[2], scalar[2], rtol=1e-12)
