"""Stream a large grid sweep to Zarr (a few outputs) and report its time; for peak memory run
it under ``/usr/bin/time -v``. The throughput comparisons are in ``run_all.py``.

``/usr/bin/time -v python benchmarks/sweep_compare.py --zarr-points 100000000 --zarr PATH``
computes every block into one reused buffer; the peak resident memory is that buffer, one
block's coordinates and Zarr's write buffers. The first and last blocks are checked against
the in-memory sweep.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import xarray as xr

sys.path.insert(0, str(Path(__file__).resolve().parent))

import unequal_exchange as ue
from run_all import THREE, grid, npoints
from unequal_exchange.scenarios.store import sweep_to_zarr


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zarr-points", type=int, default=10_000_000)
    parser.add_argument("--zarr", default="bench_sweep.zarr")
    parser.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    args = parser.parse_args(argv)
    g = grid(args.zarr_points)
    n = npoints(g)
    t0 = time.perf_counter()
    sweep_to_zarr("baseline", g, args.zarr, outputs=THREE, dtype=args.dtype, progress=True)
    seconds = time.perf_counter() - t0
    with xr.open_zarr(args.zarr) as back:
        first = {k: v[:2] for k, v in g.items()}
        mem = ue.sweep("baseline", first, outputs=THREE, dtype=args.dtype)
        for k in THREE:
            part = back[k].isel({d: slice(0, 2) for d in g}).values
            if not np.array_equal(part, mem[k].values, equal_nan=True):
                raise SystemExit(f"stored {k} differs from the in-memory sweep")
    print(f"zarr: {n:,} points, outputs {THREE}, {args.dtype}: {seconds:.1f} s "
          f"({n / seconds:,.0f} points/s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
