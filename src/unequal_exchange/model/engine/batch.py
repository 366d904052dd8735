"""Solve many economies of the same size at once: the numba kernels or the numpy reference.

``solve_batch`` is the array-level entry point used by sweeps and benchmarks. It validates shapes
and codes once for the whole stack, then hands plain float64 arrays to a kernel; economies that are
not viable get a status code (never an exception) and NaN results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import ClosureError, InputError
from . import kernels, reference
from . import status as st


@dataclass(frozen=True)
class BatchResult:
    """Arrays for N economies: labour values and prices (N, n), profit rates and status (N,)."""

    labour_value: np.ndarray
    price: np.ndarray
    profit_rate: np.ndarray
    max_profit_rate: np.ndarray
    status: np.ndarray


def _stack(name, arr, shape) -> np.ndarray:
    out = np.ascontiguousarray(np.broadcast_to(np.asarray(arr, dtype=np.float64), shape))
    nonfinite, negative = kernels.input_flags(out.reshape(-1))  # one parallel pass
    if nonfinite:
        raise InputError(f"{name} contains NaN or infinite entries")
    if negative:
        raise InputError(f"{name} must be non-negative")
    return out


def solve_batch(
    inputs,
    labour,
    output,
    wage=None,
    wage_basket=None,
    capital=None,
    complexity=None,
    normalization: str = "total-price",
    numeraire: int = 0,
    wages: str = "advanced",
    backend: str = "numba",
) -> BatchResult:
    """Solve N economies with n sectors each.

    Arrays broadcast to ``inputs`` (N, n, n) and ``labour`` (N, n). Exactly one of ``wage``
    (N, n) and ``wage_basket`` (N, n, n) is given; ``numeraire`` is a sector index.
    ``backend`` is ``"numba"`` (parallel kernels) or ``"numpy"`` (the reference).
    """
    a = np.asarray(inputs, dtype=np.float64)
    if a.ndim != 3 or a.shape[1] != a.shape[2]:
        raise InputError(f"inputs must have shape (N, n, n), got {a.shape}")
    n_econ, n, _ = a.shape
    a = _stack("inputs", a, a.shape)
    l = _stack("labour", labour, (n_econ, n))
    x = _stack("output", output, (n_econ, n))
    k_mat = a if capital is None else _stack("capital", capital, a.shape)
    mu = _stack("complexity", 1.0 if complexity is None else complexity, (n_econ, n))
    if (wage is None) == (wage_basket is None):
        raise ClosureError("give exactly one of wage= and wage_basket=")
    if normalization not in st.NORMALIZATIONS:
        raise InputError(f"unknown normalization {normalization!r}")
    if wages not in st.WAGE_TIMING:
        raise InputError(f"unknown wages={wages!r}")
    if not 0 <= int(numeraire) < n:
        raise InputError(f"numeraire index {numeraire} out of range for {n} sectors")
    norm, adv, k = st.NORMALIZATIONS[normalization], st.WAGE_TIMING[wages], int(numeraire)
    if wage is not None:
        closure = _stack("wage", wage, (n_econ, n))
    else:
        basket = np.asarray(wage_basket, dtype=np.float64)
        if basket.ndim == 2 and basket.shape == (n_econ, n) and n_econ != n:
            basket = np.repeat(basket[:, :, None], n, axis=2)
        closure = _stack("wage_basket", basket, a.shape)
    if backend == "numpy":
        solver = reference.solve_value_wage if wage is not None else reference.solve_real_wage
        lam, p, r, big_r, code = solver(a, k_mat, l, mu, x, closure, norm, k, adv)
        return BatchResult(lam, p, r, big_r, code)
    if backend != "numba":
        raise InputError(f"unknown backend {backend!r}; choose 'numba' or 'numpy'")

    lam = np.empty((n_econ, n))
    p = np.empty((n_econ, n))
    r = np.empty(n_econ)
    big_r = np.empty(n_econ)
    code = np.empty(n_econ, dtype=np.int8)
    # the value-wage closure runs in lockstep blocks (vectorised across economies)
    kernel = kernels.solve_real_wage_batch if wage is None else kernels.solve_value_wage_lockstep
    kernel(a, k_mat, l, mu, x, closure, norm, k, adv, lam, p, r, big_r, code)
    bad = code != st.OK
    p[bad] = np.nan
    r[bad] = np.nan
    return BatchResult(lam, p, r, big_r, code)
