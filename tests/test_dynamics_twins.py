"""The dynamics kernel against its numpy twin on random parameter points, shocks and spans.

The static accounts and the engine have the same kind of test (tests/test_sweep.py,
tests/test_kernels.py). Both twins iterate over years, so the comparison is to rounding scaled
to each variable's magnitude, never bit for bit; statuses must be equal.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us.parameters import PARAMETERS
from unequal_exchange.scenarios.simulate import simulate_arrays

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
