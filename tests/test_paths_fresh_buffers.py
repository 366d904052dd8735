"""A path never reads what an earlier call left in memory: the kernel zeroes its scratch and
writes every output row in full."""

from __future__ import annotations

import numpy as np

import unequal_exchange as ue
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us.paths import simulate_paths
from unequal_exchange.scenarios.simulate import exogenous


def test_simulate_after_a_selected_output_batch_matches_the_reference():
    # found by the benchmark: after a 1,000-path batch of selected outputs, ue.simulate raised
    # InvariantError: the kernels read scratch and output cells they had not written, and the
    # buffers (np.empty, reused per thread) held the previous call's values
    years = tuple(range(1990, 2041))
    base = ue.load_scenario("baseline").parameters
    rows = np.repeat(np.array([[base[k] for k in dyn.PARAM_NAMES]]), 1000, axis=0)
    simulate_paths(rows, [], exogenous(years), outputs=["migrant_stock", "remittances"])
    fast = ue.simulate("baseline", years=years, anchor=None)
    slow = ue.simulate("baseline", years=years, anchor=None, backend="numpy")
    for name in fast.data_vars:
        a, b = fast[name].values, slow[name].values
        scale = float(np.nanmax(np.abs(b))) or 1.0
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9 * scale, err_msg=name)
