"""Many dynamic paths at once: the numba kernel or its numpy twin on an (N, P) parameter array,
with the exogenous paths passed in (the model reads no files)."""

from __future__ import annotations

import numba
import numpy as np

from ...errors import InputError
from . import dynamics as dyn
from . import dynamics_kernel as dk

SERIAL_BELOW = 64  # paths: fewer run on one thread (a parallel launch costs more)


def simulate_paths(
    params: np.ndarray, shocks, ex: dyn.Exogenous, backend: str = "numba", outputs=None
):
    """(N, T) arrays of every dynamic variable (or of ``outputs`` only) and a status per path.

    Parameters
    ----------
    params : (N, P) array, columns in ``dynamics.PARAM_NAMES`` order.
    shocks : sequence of (parameter, value, start year, end year).
    ex : the exogenous paths and initial conditions for the simulated years.
    backend : ``"numba"`` (the kernel) or ``"numpy"`` (the reference twin).
    outputs : names of ``dynamics.VAR_NAMES`` to return (default all); with the kernel only
        these are written per path.

    Raw kernel output: the first year's flows (:data:`dynamics.FIRST_YEAR_UNDEFINED`) are 0,
    not NaN.
    """
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    if outputs is not None:
        unknown = [o for o in outputs if o not in dyn.VAR_NAMES]
        if unknown:
            raise InputError(f"unknown dynamic variable {unknown[0]!r}")
    if backend == "numpy":
        res = dyn.simulate_reference(params, shocks, ex)
        if outputs is None:
            return res
        return {**{k: res[k] for k in outputs}, "status": res["status"]}
    if backend != "numba":
        raise InputError(f"unknown backend {backend!r}; choose 'numba' or 'numpy'")
    n, t_len = params.shape[0], len(ex.years)
    # the initial conditions, named like Exogenous' fields: one row that every path reads
    init = np.empty(len(dk.INIT))
    for name in dk.INIT._fields:
        init[getattr(dk.INIT, name)] = float(getattr(ex, name))
    status = np.empty(n, dtype=np.int8)
    exo = (
        ex.us_employment_index,
        ex.us_employment_growth,
        float(ex.mean_us_employment_growth),
        ex.historical_deportations,
        ex.us_real_wage_index,
    )
    args = (np.ascontiguousarray(params), ex.years, dyn.shock_arrays(shocks), exo, init)
    names = dyn.VAR_NAMES if outputs is None else tuple(outputs)
    cols = np.array([dyn.VAR_NAMES.index(o) for o in names], dtype=np.int64)
    # only the requested variables are written (fresh memory is touched for them alone)
    out = np.empty((n, t_len, len(cols)))
    # parallel chunks handed out one at a time (dynamic schedule): a thread the OS holds back
    # (other processes on the cores) leaves its chunks to the others instead of a fixed half
    previous = numba.set_parallel_chunksize(1)
    try:
        with np.errstate(all="ignore"):
            kernel = dk.simulate_serial if n < SERIAL_BELOW else dk.simulate_batch
            kernel(*args, cols, out, status)
    finally:
        numba.set_parallel_chunksize(previous)
    res = {name: out[:, :, i] for i, name in enumerate(names)}
    res["status"] = status
    return res
