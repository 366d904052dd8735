"""The one place that sets how kernels are compiled.

Every kernel is ``@jit`` (serial) or ``@pjit`` (``prange`` over scenarios). ``cache=True`` writes
the machine code next to the module on first call, so later processes load it instead of
compiling; nothing is compiled at import. ``error_model="numpy"`` makes division by zero give
inf/nan (the kernels check and set a status) instead of raising inside a parallel loop.
``@ijit`` is ``@jit`` inlined into its caller at numba's IR level: the named steps of a kernel
(one per block of equations) then cost nothing over one long function.

numba keys a cached kernel to its own source file only, yet a kernel carries compiled copies
of the kernels it calls from other modules: after an edit there, it would load stale code.
For the package's own kernels the cache stamp therefore also holds a hash of every module
under ``unequal_exchange/model`` (the kernels and what they call), so any edit there
recompiles them; numba's own locators decide where the cache lives, as before.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numba
from numba.core import caching

_POLICY = {"cache": True, "error_model": "numpy", "fastmath": False, "nogil": True}
_MODEL = Path(__file__).resolve().parents[1]  # unequal_exchange/model


def tree_hash(root: Path) -> str:
    """SHA-256 of the names and contents of the ``.py`` files under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _model_hash() -> str:
    return tree_hash(_MODEL)


def _in_model(py_file) -> bool:
    try:
        return Path(py_file).resolve().is_relative_to(_MODEL)
    except (OSError, TypeError, ValueError):
        return False


def _stamped(base):
    class Locator(base):
        @classmethod
        def from_function(cls, py_func, py_file):
            return super().from_function(py_func, py_file) if _in_model(py_file) else None

        def get_source_stamp(self):
            return (super().get_source_stamp(), _model_hash())

    Locator.__name__ = Locator.__qualname__ = f"Model{base.__name__}"
    return Locator


try:  # numba's locator classes and their registry are internal: without them, numba's stamps
    LOCATORS = tuple(
        _stamped(base)
        for base in (
            caching.UserProvidedCacheLocator,  # NUMBA_CACHE_DIR
            caching.InTreeCacheLocator,  # __pycache__ beside the module
            caching.UserWideCacheLocator,  # a read-only install
        )
    )
    _REGISTRY = caching.CacheImpl._locator_classes
except AttributeError:  # a numba that moved them: caching works as numba's own (tests say so)
    LOCATORS, _REGISTRY = (), []
if LOCATORS and not any(cls.__name__ == LOCATORS[0].__name__ for cls in _REGISTRY):
    _REGISTRY[:0] = LOCATORS  # ahead of numba's: ours or none

# numba's stubs give ``njit`` overloads that a ``**dict`` of keyword options cannot match (mypy
# checks each value of the dict against every keyword); the calls are the documented ones.
jit = numba.njit(**_POLICY)  # type: ignore[call-overload]
pjit = numba.njit(parallel=True, **_POLICY)  # type: ignore[call-overload]
ijit = numba.njit(inline="always", **_POLICY)  # type: ignore[call-overload]
