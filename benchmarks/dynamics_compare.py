"""One-shot dynamics benchmark: fifty-year paths per second, numba time loop vs numpy reference.

Run ``python benchmarks/dynamics_compare.py``. Both simulate the same perturbed baseline paths
(1990–2040, each year's static accounts included) in one process and the script prints paths per
second and the ratio (best of three runs for numba: this VM's page faults on the 0.9 GB result
make single runs vary by 2×).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import unequal_exchange as ue
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.scenarios.simulate import simulate_arrays

YEARS = np.arange(1990, 2041)


def _paths(n: int, seed: int = 2011) -> np.ndarray:
    base = ue.load_scenario("baseline").parameters
    rows = np.repeat(np.array([[base[k] for k in dyn.PARAM_NAMES]]), n, axis=0)
    rng = np.random.default_rng(seed)
    for name in ("return_rate", "emigration_propensity", "maquila_wage_ratio"):
        rows[:, dyn.PARAM_NAMES.index(name)] *= rng.uniform(0.8, 1.0, n)
    return rows


def _rate(rows, backend, repeat: int = 3) -> float:
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        simulate_arrays(rows, [], YEARS, backend)
        best = min(best, time.perf_counter() - t0)
    return rows.shape[0] / best


def _loop_rate(n: int) -> float:
    """One ``ue.simulate`` call per scenario (validation, Dataset and accounting included)."""
    base = ue.load_scenario("baseline")
    rates = np.random.default_rng(7).uniform(0.8, 1.0, n) * base.parameters["return_rate"]
    scenarios = [base.with_parameters(return_rate=float(r)) for r in rates]
    t0 = time.perf_counter()
    for s in scenarios:
        ue.simulate(s)
    return n / (time.perf_counter() - t0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument("--reference-paths", type=int, default=20_000)
    parser.add_argument("--loop-paths", type=int, default=200)
    args = parser.parse_args(argv)
    simulate_arrays(_paths(4), [], YEARS)  # compile or load the cache
    fast = _rate(_paths(args.paths), "numba")
    ref = _rate(_paths(args.reference_paths), "numpy", repeat=1)
    loop = _loop_rate(args.loop_paths)
    print(
        f"51-year paths: numba {fast:,.0f}/s ({args.paths:,}); numpy reference {ref:,.0f}/s "
        f"({args.reference_paths:,}); ue.simulate loop {loop:,.0f}/s ({args.loop_paths}); "
        f"numba/reference {fast / ref:.1f}x, numba/loop {fast / loop:,.0f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
