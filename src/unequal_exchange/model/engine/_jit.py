"""The one place that sets how kernels are compiled.

Every kernel is ``@jit`` (serial) or ``@pjit`` (``prange`` over scenarios). ``cache=True`` writes
the machine code next to the module on first call, so later processes load it instead of
compiling; nothing is compiled at import. ``error_model="numpy"`` makes division by zero give
inf/nan (the kernels check and set a status) instead of raising inside a parallel loop.
"""

from __future__ import annotations

import numba

_POLICY = {"cache": True, "error_model": "numpy", "fastmath": False, "nogil": True}

jit = numba.njit(**_POLICY)
pjit = numba.njit(parallel=True, **_POLICY)
