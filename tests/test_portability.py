"""Results that must not depend on the CPU, BLAS build or numba: tolerances scale with the
quantity compared, and analytic zeros are exact zeros, not rounding noise."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.calibration.ranges import shipped_ranges
from unequal_exchange.model.mexico_us import accounts as mu
from unequal_exchange.model.mexico_us import accounts_kernel as mk
from unequal_exchange.scenarios.run import RUN_VARIABLES as VARIABLES
from unequal_exchange.scenarios.sweep import parameter_matrix

# kernel and reference evaluate the same closed-form accounts in a different order: they agree
# to a few ulps of the largest term entering each quantity. 1e-9 relative to the value, plus
# 1e-12 of the scale of the variable over the sample (so near-zero entries of a 1e11 USD
# quantity are compared at ~0.1 USD, not at 1e-6 USD).
RTOL = 1e-9
SCALE_ATOL = 1e-12
STRUCTURAL = len(mu.FACTORS)  # index of the structural part in the factor axis


@pytest.fixture(scope="module")
def ranges():
    # the shipped ranges (test_calibration checks they are what ue.calibrate() derives)
    return {k: (d.low, d.high) for k, d in shipped_ranges().items()}


def _random_points(seed, ranges, n=200):
    rng = np.random.default_rng(seed)
    base = ue.load_scenario("baseline")
    cols = {k: rng.uniform(lo, hi, n) for k, (lo, hi) in ranges.items() if lo < hi}
    params = parameter_matrix(base, cols)
    fast = mk.evaluate(params)
    ref = mu.accounts({k: params[:, i] for i, k in enumerate(mk.PARAM_NAMES)})
    return fast, ref


def assert_close_to_scale(fast, ref, name):
    """``fast`` equals ``ref`` to RTOL, with an absolute floor of SCALE_ATOL × max |ref|."""
    fast, ref = np.asarray(fast, dtype=float), np.asarray(ref, dtype=float)
    scale = float(np.nanmax(np.abs(ref))) if ref.size else 0.0
    np.testing.assert_allclose(fast, ref, rtol=RTOL, atol=SCALE_ATOL * scale, err_msg=name)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_kernel_and_reference_agree_to_the_scale_of_each_account(seed, ranges):
    fast, ref = _random_points(seed, ranges)
    np.testing.assert_array_equal(fast["status"], ref["status"])  # integer codes
    ok = ref["status"] == mu.OK
    assert ok.sum() > 100
    for name in VARIABLES:
        assert_close_to_scale(np.asarray(fast[name])[ok], np.asarray(ref[name])[ok], name)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_structural_part_of_the_price_transfer_is_exactly_zero(seed, ranges):
    # with every factor at the world's level per hour, r K_US = S_US: the two-country
    # structural part is zero analytically and must be reported as 0, not as ±1e-5 USD noise
    fast, ref = _random_points(seed, ranges)
    ok = ref["status"] == mu.OK
    assert np.all(np.asarray(fast["price_transfer_by_factor"])[ok, STRUCTURAL] == 0.0)
    assert np.all(np.asarray(ref["price_transfer_by_factor"])[ok, STRUCTURAL] == 0.0)


def test_factor_split_still_sums_to_the_price_transfer_with_an_exact_zero_structural_part():
    acc = mu.accounts(ue.load_scenario("baseline").parameters)
    split = np.asarray(acc["price_transfer_by_factor"])
    assert split[STRUCTURAL] == 0.0
    assert split.sum() == pytest.approx(float(acc["price_transfer"]), rel=1e-10)
