"""Seeded random viable economies shared by the benchmark suite and run_all.py."""

from __future__ import annotations

import numpy as np


def random_economies(n_econ: int, n: int, seed: int = 20111) -> dict:
    """Stacks for ``solve_batch``: strictly positive productive economies, value-wage closure."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.0, 1.0, (n_econ, n, n))
    a *= rng.uniform(0.2, 0.7, (n_econ, 1, 1)) / a.sum(axis=1, keepdims=True)
    return {
        "inputs": a,
        "capital": a * rng.uniform(0.5, 3.0, (n_econ, 1, n)),
        "labour": rng.uniform(0.1, 1.0, (n_econ, n)),
        "output": rng.uniform(1.0, 10.0, (n_econ, n)),
        "wage": rng.uniform(0.2, 0.8, (n_econ, n)),
    }
