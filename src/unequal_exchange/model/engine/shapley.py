"""The Shapley value of a transfer over factors: the one implementation every decomposition uses."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from math import factorial

import numpy as np


def shapley(transfer_of: Callable[[frozenset], object], factors: tuple[str, ...]):
    """Shapley contributions φ_f, T(∅) and T(F) for ``transfer_of(on)`` (factors ``on`` kept at
    their actual level). Values may be arrays: the split is exact element by element."""
    m = len(factors)
    cache = {}

    def t(subset: frozenset) -> np.ndarray:
        if subset not in cache:
            cache[subset] = transfer_of(subset)
        return cache[subset]

    contributions = []
    for f in factors:
        others = [g for g in factors if g != f]
        phi = 0.0
        for size in range(m):
            weight = factorial(size) * factorial(m - size - 1) / factorial(m)
            for subset in combinations(others, size):
                s = frozenset(subset)
                phi = phi + weight * (t(s | {f}) - t(s))
        contributions.append(phi)
    return np.array(contributions), t(frozenset()), t(frozenset(factors))
