"""The dynamics kernel against its numpy twin on random parameter points, shocks and spans.

The static accounts and the engine have the same kind of test (tests/test_sweep.py,
tests/test_kernels.py). Both twins iterate over years, so the comparison is to rounding scaled
to each variable's magnitude, never bit for bit; statuses must be equal.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us.parameters import PARAMETERS
from unequal_exchange.scenarios.simulate import check_accounting, simulate_arrays

N_PATHS = 12
# valuation conventions are compared as scenarios, never drawn; integer counts stay as given
DRAWN = tuple(
    name
    for name in dyn.PARAM_NAMES
    if PARAMETERS[name].use != "convention" and not PARAMETERS[name].integer
)
# parameters a shock can move (their path values are read every year)
SHOCKABLE = tuple(
    name
    for name in DRAWN
    if name not in dyn.INITIAL_ONLY
    and name not in dyn.PATH_QUANTITIES
    and name not in dyn.STATIC_OUTPUTS_ONLY
)


def _within_domain(name: str, proposed: np.ndarray, fallback: float) -> np.ndarray:
    """``proposed`` where it lies in the parameter's domain, ``fallback`` elsewhere."""
    return np.where(PARAMETERS[name].contains(proposed), proposed, fallback)


def _random_points(rng, spread: float) -> np.ndarray:
    """(N_PATHS, P) parameter rows: the baseline with every drawn parameter moved by up to
    ``spread`` (relative), kept in its domain."""
    base = ue.load_scenario("baseline").parameters
    rows = np.array([[base[k] for k in dyn.PARAM_NAMES]] * N_PATHS)
    for name in DRAWN:
        j = dyn.PARAM_NAMES.index(name)
        proposed = rows[:, j] * rng.uniform(1 - spread, 1 + spread, N_PATHS)
        rows[:, j] = _within_domain(name, proposed, base[name])
    return rows


def _random_shocks(rng, n_shocks: int, last: int) -> list[tuple[str, float, int, int]]:
    base = ue.load_scenario("baseline").parameters
    shocks = []
    for name in rng.choice(SHOCKABLE, size=n_shocks, replace=False):
        value = float(_within_domain(name, base[name] * rng.uniform(0.8, 1.2), base[name]))
        start = int(rng.integers(1990, last + 1))
        shocks.append((str(name), value, start, int(rng.integers(start, last + 1))))
    return shocks


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    last=st.integers(1991, 2040),
    n_shocks=st.integers(0, 4),
    spread=st.sampled_from([0.02, 0.1]),
)
def test_dynamics_kernel_matches_numpy_reference_on_random_points(seed, last, n_shocks, spread):
    rng = np.random.default_rng(seed)
    rows = _random_points(rng, spread)
    shocks = _random_shocks(rng, n_shocks, last)
    years = np.arange(1990, last + 1)
    fast = simulate_arrays(rows, shocks, years)
    ref = simulate_arrays(rows, shocks, years, backend="numpy")
    np.testing.assert_array_equal(fast["status"], ref["status"])
    ok = ref["status"] == 0
    for name in dyn.VAR_NAMES:
        assert fast[name].shape == (N_PATHS, len(years)), name
        if not ok.any():
            continue
        scale = float(np.nanmax(np.abs(ref[name][ok]), initial=0.0))
        np.testing.assert_allclose(
            fast[name][ok], ref[name][ok], rtol=1e-9, atol=1e-9 * scale, err_msg=name
        )


def test_random_points_are_mostly_viable():
    """The draws above exercise the model, not only its failure codes."""
    rows = _random_points(np.random.default_rng(11), 0.1)
    res = simulate_arrays(rows, [], np.arange(1990, 2041))
    assert (res["status"] == 0).sum() >= N_PATHS // 2


# ---- no flow exceeds the stock it comes out of
# No flow exceeds the stock it comes out of (issue 13 follow-up, fresh-user review).
#
# Before the cap, ``simulate baseline --set deportations=1e6`` gave a Mexican-born population in
# the US of −14 M in 2040 and negative remittances, with exit 0; 3e5 deportations a year let the
# skilled stock exceed its baseline while the total fell. Returns and deportations now come out of
# the non-graduate stock and are capped at it (``outflow_capped`` = 1 in those years), in the
# kernel and in its numpy twin.

YEARS = np.arange(1990, 2041)
STOCKS = (
    "migrant_stock",
    "skilled_migrant_stock",
    "labour_force",
    "mx_capital",
    "us_capital",
    "researchers",
    "skilled_stock_bachelor",
    "skilled_stock_master",
    "skilled_stock_phd",
)


def _baseline_row():
    base = ue.load_scenario("baseline").parameters
    return np.array([[base[k] for k in dyn.PARAM_NAMES]])


def _assert_stocks_consistent(res, ok=None):
    ok = np.ones(res["status"].shape, bool) if ok is None else ok
    for name in STOCKS:
        values = res[name][ok]
        assert np.all(values >= -1e-6 * max(np.abs(values).max(initial=0.0), 1.0)), name
    total, skilled = res["migrant_stock"][ok], res["skilled_migrant_stock"][ok]
    assert np.all(skilled <= total * (1 + 1e-12) + 1e-6)
    assert np.all(res["remittances"][ok] >= 0.0)
    returns = res["returns"][ok][:, 1:]
    assert np.all(returns <= (total + res["emigration"][ok])[:, 1:] * (1 + 1e-12) + 1e-6)


def test_a_million_deportations_a_year_empty_the_stock_but_never_below_zero():
    rows = _baseline_row()
    rows[0, dyn.PARAM_NAMES.index("deportations")] = 1e6
    for backend in ("numba", "numpy"):
        res = simulate_arrays(rows, [], YEARS, backend)
        _assert_stocks_consistent(res)
        check_accounting(res, rows, [], YEARS)
        capped = res["outflow_capped"][0]
        assert capped[0] == 0.0 and capped.max() == 1.0  # the cap binds, and is flagged
        # where the cap binds, every non-graduate in the US leaves that year, no more
        hit = capped == 1.0
        non_graduates = res["migrant_stock"][0, hit] - res["skilled_migrant_stock"][0, hit]
        np.testing.assert_allclose(
            res["returns"][0, hit] - res["skilled_returns"][0, hit], non_graduates, rtol=1e-12
        )


def test_deportations_do_not_raise_the_skilled_stock_above_the_total():
    rows = _baseline_row()
    base = simulate_arrays(rows, [], YEARS)
    rows[0, dyn.PARAM_NAMES.index("deportations")] = 3e5
    dep = simulate_arrays(rows, [], YEARS)
    assert dep["migrant_stock"][0, -1] < base["migrant_stock"][0, -1]
    assert np.all(dep["skilled_migrant_stock"] <= dep["migrant_stock"])
    assert base["outflow_capped"].max() == 0.0  # the baseline never hits the cap


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    spread=st.sampled_from([0.02, 0.1]),
    n_shocks=st.integers(0, 3),
    deport=st.floats(0.0, 3e6),
    return_rate=st.floats(0.0, 1.0),
)
def test_every_stock_stays_non_negative_and_skilled_within_total(
    seed, spread, n_shocks, deport, return_rate
):
    """Random points and shocks in their domains, plus deportation and return shocks up to far
    beyond the stock: stocks ≥ 0, skilled ≤ total, kernel = numpy twin (including the flag)."""
    assert PARAMETERS["deportations"].contains(np.array(deport))
    rng = np.random.default_rng(seed)
    rows = _random_points(rng, spread)
    shocks = _random_shocks(rng, n_shocks, 2040)
    shocks += [("deportations", deport, 2020, 2030), ("return_rate", return_rate, 2035, 2040)]
    anchor = 2023 if seed % 2 else None  # the re-anchored projection too (both twins)
    fast = simulate_arrays(rows, shocks, YEARS, anchor=anchor)
    ref = simulate_arrays(rows, shocks, YEARS, backend="numpy", anchor=anchor)
    np.testing.assert_array_equal(fast["status"], ref["status"])
    np.testing.assert_array_equal(fast["outflow_capped"], ref["outflow_capped"])
    for res in (fast, ref):
        _assert_stocks_consistent(res, res["status"] == 0)
    ok = ref["status"] == 0
    for name in dyn.VAR_NAMES:
        scale = float(np.nanmax(np.abs(ref[name][ok]), initial=0.0))
        np.testing.assert_allclose(
            fast[name][ok], ref[name][ok], rtol=1e-9, atol=1e-9 * scale, err_msg=name
        )


# ---- re-anchored projections (issue 13: "projections start from 2023 observed values")


def test_anchored_projection_starts_from_the_observed_2023_values_and_keeps_accounting():
    from unequal_exchange.calibration.exogenous import anchor_values

    rows = _baseline_row()
    stock, remittances = anchor_values(2023)
    assert stock == 10.9e6  # MPI 2023
    k = list(YEARS).index(2023)
    for backend in ("numba", "numpy"):
        fitted = simulate_arrays(rows, [], YEARS, backend)
        res = simulate_arrays(rows, [], YEARS, backend, anchor=2023)
        assert res["migrant_stock"][0, k] == pytest.approx(stock, rel=1e-12)
        assert res["remittances"][0, k] == pytest.approx(remittances, rel=1e-12)
        # the jump is reported, once, and is the observed minus the fitted stock
        adjustment = res["anchor_adjustment"][0]
        assert np.count_nonzero(adjustment) == 1
        assert adjustment[k] == pytest.approx(stock - fitted["migrant_stock"][0, k], rel=1e-9)
        # before the anchor the fitted path is untouched; after it, stocks change by flows
        for name in dyn.VAR_NAMES:
            np.testing.assert_array_equal(res[name][0, :k], fitted[name][0, :k], err_msg=name)
        check_accounting(res, rows, [], YEARS)
        # remittance per migrant scaled once: the scale is constant from the anchor on
        scale = res["remittance_anchor_scale"][0]
        assert np.all(scale[:k] == 1.0) and np.allclose(scale[k:], scale[k])
        assert scale[k] > 1.5  # the fitted path missed the post-2013 rise (63 bn nominal)


def test_simulate_anchors_projections_by_default_and_not_the_record():
    record = ue.simulate("baseline", years=range(1990, 2024))
    assert float(abs(record.anchor_adjustment).max()) == 0.0
    projection = ue.simulate("baseline", years=range(1990, 2031))
    assert float(projection.migrant_stock.sel(year=2023)) == pytest.approx(10.9e6)
    assert projection.attrs["anchor"].startswith("2023")
    unanchored = ue.simulate("baseline", years=range(1990, 2031), anchor=None)
    assert float(abs(unanchored.anchor_adjustment).max()) == 0.0
    with pytest.raises(ue.ParameterError, match="anchor"):
        ue.simulate("baseline", years=range(1990, 2031), anchor=1995)


def test_the_1990_reserve_is_zero_by_construction_so_rounding_decides_no_shortage():
    # the reserve is the one created since 1990: zero in 1990 up to rounding in both twins, and
    # the shortage status needs a reserve below −SHORTAGE_TOLERANCE × the labour force
    rng = np.random.default_rng(11)
    rows = np.vstack([_baseline_row(), _random_points(rng, 0.1)])
    for backend in ("numba", "numpy"):
        res = simulate_arrays(rows, [], YEARS[:2], backend=backend, anchor=None)
        reserve = res["informal"][:, 0] + res["unemployed"][:, 0]
        assert np.all(np.abs(reserve) <= dyn.SHORTAGE_TOLERANCE * res["labour_force"][:, 0])
        assert np.all(res["status"] != dyn.LABOUR_SHORTAGE), backend
