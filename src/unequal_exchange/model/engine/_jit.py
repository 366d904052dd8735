"""The one place that sets how kernels are compiled.

Every kernel is ``@jit`` (serial) or ``@pjit`` (``prange`` over scenarios). ``cache=True`` writes
the machine code next to the module on first call, so later processes load it instead of
compiling; nothing is compiled at import. ``error_model="numpy"`` makes division by zero give
inf/nan (the kernels check and set a status) instead of raising inside a parallel loop.
``@ijit`` is ``@jit`` inlined into its caller at numba's IR level: the named steps of a kernel
(one per block of equations) then cost nothing over one long function.
"""

from __future__ import annotations

import numba

_POLICY = {"cache": True, "error_model": "numpy", "fastmath": False, "nogil": True}

# numba's stubs give ``njit`` overloads that a ``**dict`` of keyword options cannot match (mypy
# checks each value of the dict against every keyword); the calls are the documented ones.
jit = numba.njit(**_POLICY)  # type: ignore[call-overload]
pjit = numba.njit(parallel=True, **_POLICY)  # type: ignore[call-overload]
ijit = numba.njit(inline="always", **_POLICY)  # type: ignore[call-overload]
