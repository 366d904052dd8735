"""One-shot comparison: batched numba kernel vs numpy reference vs a loop over ``ue.solve``.

Run ``python benchmarks/compare.py``. All three solve the same seeded economies (value-wage
closure, total-price normalisation, wages advanced) in one process, so the printed ratios compare
like with like on this machine. Compilation is excluded (one warm-up call first).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import unequal_exchange as ue
from _data import random_economies
from unequal_exchange.model.engine.batch import solve_batch


def _rate(fn, count: int, repeat: int = 3) -> float:
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return count / best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--economies", type=int, default=1_000_000, help="batch size for numba")
    parser.add_argument("--reference", type=int, default=100_000, help="batch size for numpy")
    parser.add_argument("--loop", type=int, default=300, help="economies in the ue.solve loop")
    args = parser.parse_args(argv)
    import numba

    print(f"numba threads: {numba.get_num_threads()}; numpy {np.__version__}")
    print(
        f"{'sectors':>7} {'numba /s':>12} {'numpy /s':>12} {'ue.solve /s':>12} "
        f"{'numba/numpy':>12} {'numba/loop':>11}"
    )
    for n in (4, 12):
        big = random_economies(args.economies, n)
        solve_batch(**{k: v[:8] for k, v in big.items()})  # compile or load from cache
        fast = _rate(lambda big=big: solve_batch(**big), args.economies)
        ref_data = {k: v[: args.reference] for k, v in big.items()}
        ref = _rate(lambda d=ref_data: solve_batch(**d, backend="numpy"), args.reference, repeat=1)
        econs = [
            ue.Economy(
                big["inputs"][i],
                big["labour"][i],
                big["output"][i],
                wage=big["wage"][i],
                capital=big["capital"][i],
            )
            for i in range(args.loop)
        ]
        loop = _rate(lambda econs=econs: [ue.solve(e) for e in econs], args.loop, repeat=1)
        status = solve_batch(**{k: v[:10000] for k, v in big.items()}).status
        print(
            f"{n:>7} {fast:>12,.0f} {ref:>12,.0f} {loop:>12,.0f} {fast / ref:>12.1f} "
            f"{fast / loop:>11.0f}   (ok: {np.mean(status == 0):.1%})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
