"""The Shapley value of a transfer over factors: the one implementation every decomposition uses.

Subsets of the m factors are bit masks (bit f set: factor f kept at its actual level).
:func:`shapley_weights` gives the weight of a subset by its size (:func:`subset_weights` by
bit mask) and :func:`split_subsets` the contributions from the 2^m values T(S);
:func:`shapley` (arrays, any callable) and the numba kernel of the Mexico–US model (scalars)
both call them.
"""

from __future__ import annotations

from collections.abc import Callable
from math import factorial

import numpy as np

from ._jit import ijit


def shapley_weights(m: int) -> tuple[float, ...]:
    """Weight |S|! (m − |S| − 1)! / m! of a subset S of the other factors, by |S| = 0 … m − 1."""
    return tuple(factorial(size) * factorial(m - size - 1) / factorial(m) for size in range(m))


def subset_weights(m: int) -> tuple[float, ...]:
    """:func:`shapley_weights` of every subset, by bit mask s = 0 … 2^m − 1 (a tuple a kernel
    takes as a compile-time constant)."""
    by_size = shapley_weights(m)
    return tuple(by_size[bin(s).count("1")] if s != (1 << m) - 1 else 0.0 for s in range(1 << m))


@ijit
def split_subsets(t_on, weights, out):
    """φ_f = Σ_{S ∌ f} w(S) (T(S ∪ {f}) − T(S)) into ``out[f]`` for f < len(out).

    ``t_on[s]`` is T at bit mask s; ``weights`` from :func:`subset_weights`. Scalars in a
    kernel; called through ``.py_func`` with lists of arrays by :func:`shapley`.
    """
    for f in range(len(out)):
        bit = 1 << f
        phi = 0.0
        for s in range(len(weights)):
            if s & bit:
                continue
            phi = phi + weights[s] * (t_on[s | bit] - t_on[s])
        out[f] = phi


def shapley(transfer_of: Callable[[frozenset], object], factors: tuple[str, ...]):
    """Shapley contributions φ_f, T(∅) and T(F) for ``transfer_of(on)`` (factors ``on`` kept at
    their actual level). Values may be arrays: the split is exact element by element."""
    m = len(factors)
    t_on = [
        transfer_of(frozenset(f for i, f in enumerate(factors) if s >> i & 1))
        for s in range(1 << m)
    ]
    contributions: list = [0.0] * m
    split_subsets.py_func(t_on, subset_weights(m), contributions)
    return np.array(contributions), t_on[0], t_on[-1]
