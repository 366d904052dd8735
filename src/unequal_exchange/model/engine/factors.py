"""Switching a factor off: a country's level per hour brought to the world's.

One small ``@jit`` helper shared by the generic decomposition (:mod:`.decompose`), the Mexico–US
numpy reference (``.py_func`` on arrays) and its numba kernel (scalars).
"""

from __future__ import annotations

from ._jit import ijit


@ijit
def world_level_multiplier(country_x, country_hours, world_x, world_hours):
    """Multiplier bringing a country's x per hour (Σ x / Σ h over its sectors) to the world's.

    Every sector of the country is scaled by it, which keeps the structure within the country.
    Works element by element on arrays through ``world_level_multiplier.py_func``.
    """
    return (world_x / world_hours) / (country_x / country_hours)
