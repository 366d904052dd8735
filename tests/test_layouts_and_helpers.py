"""Kernel layouts derived from names, and the small @jit helpers both twins call.

Each helper is one implementation: the kernels call it compiled on scalars, the numpy
references through ``.py_func`` on arrays. These tests check the helper's economics once and
that both entry points agree.
"""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np
import pytest

from unequal_exchange.model.engine.factors import world_level_multiplier
from unequal_exchange.model.engine.layout import Layout, index
from unequal_exchange.model.engine.shapley import (
    shapley,
    shapley_weights,
    split_subsets,
    subset_weights,
)
from unequal_exchange.model.mexico_us import accounts as mu
from unequal_exchange.model.mexico_us import accounts_kernel as mk
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us import dynamics_kernel as dk
from unequal_exchange.model.mexico_us.dynamics_spec import apply_shocks, terminal_graduates


def test_layout_blocks_are_contiguous_and_named():
    lay = Layout("T", (("a", 3), ("b", (2, 4)), ("c", 1)))
    assert (lay.start.a, lay.stop.a, lay.start.b, lay.stop.b, lay.start.c) == (0, 3, 3, 11, 11)
    assert lay.size == 12
    flat = np.arange(24.0).reshape(2, 12)
    np.testing.assert_array_equal(lay.view(flat, "b")[1], np.arange(15.0, 23.0).reshape(2, 4))
    assert index(("x", "y")).y == 1


def test_kernel_layouts_follow_the_name_tuples():
    # two factor splits (Emmanuel's and Marx's), each with its structural part
    assert mk.N_OUT == mk.N_SCALAR + 2 * (len(mu.FACTORS) + 1) + 4 * len(mk.SECTOR_NAMES) + 5 * 3
    assert [getattr(mk.S, n) for n in mk.SCALAR_NAMES] == list(range(mk.N_SCALAR))
    assert [getattr(mk.P, n) for n in mk.PARAM_NAMES] == list(range(len(mk.PARAM_NAMES)))
    assert [getattr(dk.V, n) for n in dyn.VAR_NAMES] == list(range(dk.N_VARS))
    assert dk.SCRATCH == dk.SCR.stop[-1]  # the last block ends the scratch


@pytest.mark.parametrize("m", [1, 2, 3, 4, 5])
def test_shapley_weights_average_over_orderings(m):
    # each subset size s of the m − 1 other factors carries total weight 1/m, split evenly
    weights = shapley_weights(m)
    for size, w in enumerate(weights):
        assert w * comb(m - 1, size) == pytest.approx(1 / m)


def test_shapley_is_efficient_and_the_kernel_split_matches():
    rng = np.random.default_rng(4)
    factors = ("a", "b", "c")
    values = {frozenset(s): rng.normal() for k in range(4) for s in combinations(factors, k)}
    phi, t_none, t_all = shapley(lambda on: values[on], factors)
    assert phi.sum() == pytest.approx(t_all - t_none)  # efficiency
    t_on = np.array(
        [values[frozenset(f for i, f in enumerate(factors) if s >> i & 1)] for s in range(8)]
    )
    out = np.empty(3)
    split_subsets(t_on, subset_weights(3), out)  # compiled, as in the kernel
    np.testing.assert_allclose(out, phi, rtol=1e-14, atol=1e-15)


def test_world_level_multiplier_brings_the_country_to_the_world_level():
    x, h = np.array([2.0, 6.0, 3.0]), np.array([1.0, 2.0, 4.0])  # two countries: [0, 1] and [2]
    m = world_level_multiplier(x[:2].sum(), h[:2].sum(), x.sum(), h.sum())
    assert (m * x[:2]).sum() / h[:2].sum() == pytest.approx(x.sum() / h.sum())
    arrays = world_level_multiplier.py_func(x[:2], h[:2], x.sum(), h.sum())
    np.testing.assert_allclose(arrays, [x.sum() / h.sum() / 2.0, x.sum() / h.sum() / 3.0])


def test_shocks_apply_in_their_years_and_the_later_one_wins():
    base = np.array([1.0, 2.0, 3.0])
    idx, val = np.array([1, 1]), np.array([5.0, 7.0])
    start, end = np.array([2000, 2005]), np.array([2010, 2006])
    p = np.empty(3)
    for year, expected in ((1999, 2.0), (2000, 5.0), (2005, 7.0), (2007, 5.0), (2011, 2.0)):
        apply_shocks(base, year, idx, val, start, end, p)  # compiled
        assert p.tolist() == [1.0, expected, 3.0]
    params = np.ones((2, len(dyn.PARAM_NAMES))) * np.array([[1.0], [10.0]])
    years = np.arange(1999, 2003)
    rows = dyn.shock_matrix(params, [("return_rate", 9.0, 2000, 2001)], years)  # .py_func
    j = dyn.PARAM_NAMES.index("return_rate")
    assert rows[:, :, j].tolist() == [[1.0, 9.0, 9.0, 1.0], [10.0, 9.0, 9.0, 10.0]]
    assert (np.delete(rows, j, axis=2) == params[:, None, :-1]).all()


def test_one_parameter_path_is_its_column_of_the_shock_matrix():
    # the accounting check builds one parameter's (N, T) path, not the (N, T, P) matrix
    from unequal_exchange.scenarios.simulate import parameter_path

    params = np.random.default_rng(3).uniform(0.5, 2.0, (4, len(dyn.PARAM_NAMES)))
    years = np.arange(1990, 2001)
    shocks = [("return_rate", 9.0, 1992, 1996), ("deportations", 1.0, 1990, 2000),
              ("return_rate", 7.0, 1995, 1998)]  # fmt: skip
    full = dyn.shock_matrix(params, shocks, years)
    for name in ("return_rate", "deportations", "professional_exit_rate"):
        path = parameter_path(params, shocks, years, name)
        assert (path == full[:, :, dyn.PARAM_NAMES.index(name)]).all(), name


def test_terminal_graduates_enter_work_at_their_highest_degree():
    grad = np.array([100.0, 30.0, 5.0])  # bachelor's, master's, doctoral graduates
    terminal = np.empty(3)
    terminal_graduates(grad, terminal)
    assert terminal.tolist() == [70.0, 25.0, 5.0] and terminal.sum() == grad[0]
    rows = np.array([[100.0, 10.0], [30.0, 20.0], [5.0, 1.0]])  # (level, path) rows
    out = np.empty_like(rows)
    terminal_graduates.py_func(rows, out)
    assert out.tolist() == [[70.0, 0.0], [25.0, 19.0], [5.0, 1.0]]


def test_every_status_code_names_one_status_across_static_and_dynamic():
    assert not set(mu.STATUS_NAMES) & set(dyn.STATUS_NAMES)
    assert dyn.LABOUR_SHORTAGE == mu.INCONSISTENT_PARAMETERS + 1
    assert set(dyn.PATH_STATUS_NAMES) == set(mu.STATUS_NAMES) - {mu.INCONSISTENT_PARAMETERS} | set(
        dyn.STATUS_NAMES
    )
