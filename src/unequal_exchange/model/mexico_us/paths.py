"""Many dynamic paths at once: the numba kernel or its numpy twin on an (N, P) parameter array,
with the exogenous paths passed in (the model reads no files)."""

from __future__ import annotations

import numpy as np

from ...errors import InputError
from . import dynamics as dyn
from . import dynamics_kernel as dk

SERIAL_BELOW = 64  # paths: fewer run on one thread (a parallel launch costs more)


def simulate_paths(params: np.ndarray, shocks, ex: dyn.Exogenous, backend: str = "numba"):
    """(N, T) arrays of every dynamic variable and a status per path.

    Parameters
    ----------
    params : (N, P) array, columns in ``dynamics.PARAM_NAMES`` order.
    shocks : sequence of (parameter, value, start year, end year).
    ex : the exogenous paths and initial conditions for the simulated years.
    backend : ``"numba"`` (the kernel) or ``"numpy"`` (the reference twin).

    Raw kernel output: the first year's flows (:data:`dynamics.FIRST_YEAR_UNDEFINED`) are 0,
    not NaN.
    """
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    if backend == "numpy":
        return dyn.simulate_reference(params, shocks, ex)
    if backend != "numba":
        raise InputError(f"unknown backend {backend!r}; choose 'numba' or 'numpy'")
    n, t_len = params.shape[0], len(ex.years)
    init = np.empty((n, len(dk.INIT)))
    for name in dk.INIT._fields:  # the initial conditions, named like Exogenous' fields
        init[:, getattr(dk.INIT, name)] = float(getattr(ex, name))
    out = np.empty((n, t_len, dk.N_VARS))
    status = np.empty(n, dtype=np.int8)
    with np.errstate(all="ignore"):
        kernel = dk.simulate_serial if n < SERIAL_BELOW else dk.simulate_batch
        kernel(
            np.ascontiguousarray(params),
            ex.years,
            dyn.shock_arrays(shocks),
            (
                ex.us_employment_index,
                ex.us_employment_growth,
                float(ex.mean_us_employment_growth),
                ex.historical_deportations,
                ex.us_real_wage_index,
            ),
            init,
            out,
            status,
        )
    res = {name: out[:, :, i] for i, name in enumerate(dyn.VAR_NAMES)}
    res["status"] = status
    return res
