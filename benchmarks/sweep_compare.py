"""One-shot sweep benchmark: ``ue.sweep`` (numba) vs the numpy reference vs a loop over ``ue.run``.

Run ``python benchmarks/sweep_compare.py``. All three evaluate the full Mexico–US model (every
channel and the Shapley split) on the same grid in one process and the script prints points per
second and ratios. The kernel is also timed on a reused output buffer: on this VM writing a
fresh result costs about 1.3 µs per point in page faults (632 bytes per point), which every
backend pays when it allocates its result. ``--zarr-points N --zarr PATH`` additionally
streams an N-point grid to Zarr (restricted to a few outputs) and reports the time; measure
its peak memory with
``/usr/bin/time -v python benchmarks/sweep_compare.py --points 0 --zarr-points 100000000 ...``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import unequal_exchange as ue


def _grid(points: int) -> dict[str, np.ndarray]:
    side = max(2, round(points ** (1 / 3)))
    return {
        "maquila_wage_ratio": np.linspace(0.05, 0.2, side),
        "maquila_import_content": np.linspace(0.6, 0.9, side),
        "hours_weighting": np.linspace(0.0, 1.0, max(2, points // (side * side))),
    }


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _kernel_warm(grid) -> float:
    """Seconds for the kernel alone when its output buffer is already mapped (second call)."""
    from unequal_exchange.model.mexico_us import accounts_kernel as mk

    scenario = ue.load_scenario("baseline")
    mesh = np.meshgrid(*grid.values(), indexing="ij")
    index = np.array([mk.PARAM_NAMES.index(k) for k in grid], dtype=np.int64)
    values = np.stack([m.ravel() for m in mesh], axis=1)
    base = np.array([scenario.parameters[k] for k in mk.PARAM_NAMES])
    out = np.empty((values.shape[0], mk.N_OUT))
    status = np.empty(values.shape[0], dtype=np.int8)
    mk.model_batch(base, index, values, out, status)  # first touch of the buffer
    return _timed(lambda: mk.model_batch(base, index, values, out, status))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--reference-points", type=int, default=200_000)
    parser.add_argument("--loop", type=int, default=200)
    parser.add_argument("--zarr-points", type=int, default=0)
    parser.add_argument("--zarr", default="bench_sweep.zarr")
    args = parser.parse_args(argv)
    ue.sweep("baseline", {"maquila_wage_ratio": [0.1, 0.2]})  # compile / load the kernel cache
    if args.points:
        grid = _grid(args.points)
        n = int(np.prod([len(v) for v in grid.values()]))
        fast = n / _timed(lambda: ue.sweep("baseline", grid))
        ref_grid = _grid(args.reference_points)
        n_ref = int(np.prod([len(v) for v in ref_grid.values()]))
        ref = n_ref / _timed(lambda: ue.sweep("baseline", ref_grid, backend="numpy"))
        base = ue.load_scenario("baseline")
        values = np.linspace(0.05, 0.2, args.loop)
        loop = args.loop / _timed(
            lambda: [ue.run(base.with_parameters(maquila_wage_ratio=v)) for v in values]
        )
        warm = n / _kernel_warm(grid)
        print(f"full model, all channels, {n:,} points:")
        print(f"  ue.sweep, numba (result Dataset allocated)  {fast:12,.0f} points/s")
        print(f"  numba kernel into a reused output buffer      {warm:12,.0f} points/s")
        print(f"  ue.sweep, numpy reference ({n_ref:,} points) {ref:12,.0f} points/s")
        print(f"  loop over ue.run ({args.loop} points)             {loop:12,.1f} points/s")
        print(
            f"ratios: sweep/numpy {fast / ref:.1f}x, warm kernel/numpy {warm / ref:.1f}x, "
            f"sweep/ue.run loop {fast / loop:,.0f}x"
        )
    if args.zarr_points:
        from unequal_exchange.scenarios.store import sweep_to_zarr

        grid = _grid(args.zarr_points)
        n = int(np.prod([len(v) for v in grid.values()]))
        outputs = ["price_transfer", "labour_arbitrage_rent", "total_drain"]
        seconds = _timed(
            lambda: sweep_to_zarr("baseline", grid, args.zarr, outputs=outputs, progress=True)
        )
        print(
            f"zarr: {n:,} points, outputs {outputs}: {seconds:.1f} s ({n / seconds:,.0f} points/s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
