"""Dynamic paths with only some variables kept: the same numbers as the full result."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.errors import InputError
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us.parameters import PARAMETERS
from unequal_exchange.model.mexico_us.paths import SERIAL_BELOW, simulate_paths
from unequal_exchange.scenarios.simulate import exogenous

THREE = ["migrant_stock", "emigration", "labour_force"]


def _params(n: int) -> np.ndarray:
    base = ue.load_scenario("baseline").parameters
    rows = np.repeat(np.array([[base[k] for k in dyn.PARAM_NAMES]]), n, axis=0)
    rows[:, dyn.PARAM_NAMES.index("return_rate")] *= np.linspace(0.8, 1.0, n)
    return rows


# three real quantities (the static accounts run without their formation-cost block), value-side
# outputs that read that block, and every variable in another order (copied, not in place)
SELECTIONS = [THREE, ["total_drain", "migrant_stock", "training_cost_stock"], dyn.VAR_NAMES[::-1]]


@pytest.mark.parametrize("outputs", SELECTIONS, ids=["three", "formation-costs", "reversed"])
@pytest.mark.parametrize("n", [3, SERIAL_BELOW + 5])  # the serial and the parallel drivers
def test_selected_variables_equal_the_full_paths_bit_for_bit(n, outputs):
    ex = exogenous(tuple(range(1990, 2011)))
    full = simulate_paths(_params(n), [], ex)
    sel = simulate_paths(_params(n), [], ex, outputs=list(outputs))
    assert set(sel) == {*outputs, "status"}
    np.testing.assert_array_equal(sel["status"], full["status"])
    for k in outputs:
        np.testing.assert_array_equal(sel[k], full[k], err_msg=k)
    ref = simulate_paths(_params(n)[:3], [], ex, backend="numpy", outputs=THREE)
    np.testing.assert_allclose(ref["migrant_stock"], full["migrant_stock"][:3], rtol=1e-9)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), spread=st.sampled_from([0.02, 0.2]))
def test_each_variable_requested_alone_equals_the_every_variable_run(seed, spread):
    # the kernel skips the blocks no requested variable reads (the static accounts beyond the
    # price and ownership channels, the research block): pruning must never change a value,
    # at viable and non-viable points, with and without a shock
    rng = np.random.default_rng(seed)
    base = ue.load_scenario("baseline").parameters
    rows = _params(6)
    for j, name in enumerate(dyn.PARAM_NAMES):
        spec = PARAMETERS[name]
        if spec.use != "convention" and not spec.integer:
            moved = rows[:, j] * rng.uniform(1 - spread, 1 + spread, len(rows))
            rows[:, j] = np.where(spec.contains(moved), moved, rows[:, j])
    wage = base["us_manufacturing_wage"]
    shocks = [("us_manufacturing_wage", float(wage * rng.uniform(0.8, 1.2)), 1995, 2000)]
    ex = exogenous(tuple(range(1990, 2006)))
    for shock in ([], shocks):
        full = simulate_paths(rows, shock, ex)
        for name in dyn.VAR_NAMES:
            alone = simulate_paths(rows, shock, ex, outputs=[name])
            np.testing.assert_array_equal(alone["status"], full["status"], err_msg=name)
            np.testing.assert_array_equal(alone[name], full[name], err_msg=name)


def test_unknown_dynamic_variable_is_refused():
    with pytest.raises(InputError, match="unknown dynamic variable 'migrant_stok'"):
        simulate_paths(_params(2), [], exogenous((1990, 1991)), outputs=["migrant_stok"])


def test_overlapping_shocks_of_a_wage_indexed_parameter_match_the_reference():
    # the kernel applies shocks incrementally (it resets only the shocked and wage-indexed
    # entries each year): a later shock wins, the shocked US wage is still indexed to the US
    # real wage, and every parameter returns to its level when its shocks end
    base = ue.load_scenario("baseline").parameters
    wage = base["us_manufacturing_wage"]
    shocks = [
        ("us_manufacturing_wage", 1.2 * wage, 1995, 2005),
        ("us_manufacturing_wage", 0.9 * wage, 2000, 2002),
        ("return_rate", 1.5 * base["return_rate"], 1998, 2003),
    ]
    ex = exogenous(tuple(range(1990, 2013)))
    for n in (3, SERIAL_BELOW + 2):
        fast = simulate_paths(_params(n), shocks, ex, outputs=[*THREE, "wage_gap"])
        ref = simulate_paths(_params(n), shocks, ex, backend="numpy")
        np.testing.assert_array_equal(fast["status"], ref["status"])
        for k in [*THREE, "wage_gap"]:
            scale = float(np.max(np.abs(ref[k])))
            np.testing.assert_allclose(fast[k], ref[k], rtol=1e-9, atol=1e-9 * scale, err_msg=k)
        unshocked = simulate_paths(_params(n), [], ex, outputs=["wage_gap"])["wage_gap"]
        assert not np.allclose(fast["wage_gap"][:, 5:16], unshocked[:, 5:16])
        np.testing.assert_array_equal(fast["wage_gap"][:, :5], unshocked[:, :5])  # before 1995
