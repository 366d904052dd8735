"""One-run benchmark of IO sweeps: ``ue.sweep_wiod`` (numba) vs its numpy reference vs a loop over
``ue.solve``, with the flop arithmetic; writes ``benchmarks/RESULTS-io.md``.

Run ``python benchmarks/io_compare.py`` (``--quick`` for a smoke run). Every contender solves
two-country, 70-industry (WIOD 2013, 2009) price systems over a grid of Mexican money-wage
multipliers × reduction conventions × hours weightings; each is timed best of ``--repeat`` on
its own points, after a warm-up (numba compilation excluded). Correctness is checked on the
timed points: the numba results at the reference's and the loop's points must agree with them.

Contenders:

- ``ue.sweep_wiod`` (numba): the public call, data loading and Dataset included; also the
  kernel alone (:func:`io_kernel.run_batch` on prepared arrays);
- ``ue.sweep_wiod(backend="numpy")``: the engine point by point (:func:`io_accounts.sweep_point`:
  one international and two national price systems and the transfers per point);
- a loop over ``ue.solve`` on ``wiod_economy(...).replace(wage=...)``: the international price
  system only, the least a user of the public per-economy call must do per point.

Flops: the machine's rate is measured with a numpy matmul (``--matmul`` size, all threads). A
dense solve of one point costs (per root iteration) an LU of the 70 × 70 system, 2/3 n³, plus
two triangular solves, 2n², and the two national 35 × 35 systems the same; the script reports
the rate a dense-LU kernel could at most reach at the measured machine rate, beside what the
structured kernel reaches (its arithmetic per point is counted from its measured iterations).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

import unequal_exchange as ue
from unequal_exchange.calibration import wiod
from unequal_exchange.model.engine.economy import ReducibleEconomyWarning
from unequal_exchange.model.mexico_us import io_accounts, io_kernel

YEAR = 2009
OUT = Path(__file__).with_name("RESULTS-io.md")


def best(fn, repeat: int) -> tuple[float, object]:
    """Best wall time of ``repeat`` calls and the last result."""
    times, res = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = fn()
        times.append(time.perf_counter() - t0)
    return min(times), res


def matmul_rate(size: int, repeat: int) -> float:
    """Measured flop/s of a float64 matmul (2 size³ flops), best of ``repeat``."""
    rng = np.random.default_rng(0)
    a, b = rng.random((size, size)), rng.random((size, size))
    a @ b
    seconds, _ = best(lambda: a @ b, repeat)
    return 2.0 * size**3 / seconds


def grid(points: int) -> dict:
    """Mexican wage multipliers × 3 conventions × 2 hours weightings ≈ ``points`` points."""
    n_mx = max(1, points // 6)
    return {
        "mx_wage_scale": np.linspace(0.5, 6.0, n_mx),
        "convention": list(io_accounts.CONVENTIONS),
        "hours_weighting": [0.0, 0.5],
    }


def loop_solve(scales) -> np.ndarray:
    """``ue.solve`` per point (simple labour, α = 0): the international profit rate."""
    base = ue.wiod_economy(YEAR)
    mx = np.array([c == "MEX" for c in base.countries])
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReducibleEconomyWarning)
        for s in scales:
            e = base.replace(wage=np.where(mx, base.wage * s, base.wage))
            sol = ue.solve(e, normalization=io_accounts.NORMALIZATION, wages=io_accounts.WAGES)
            out.append(float(sol.profit_rate))
    return np.array(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=600_000)
    parser.add_argument("--reference-points", type=int, default=60)
    parser.add_argument("--loop", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--matmul", type=int, default=1500)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    if args.quick:
        args.points, args.reference_points, args.loop, args.repeat = 6000, 6, 6, 1
    ue.sweep_wiod(YEAR, mx_wage_scale=[1.0, 2.0])  # compile / load the kernel cache
    rows, checks = [], []

    # 1. numba, public call
    g = grid(args.points)
    n_fast = len(g["mx_wage_scale"]) * 6
    t_fast, _ = best(lambda: ue.sweep_wiod(YEAR, **g), args.repeat)

    # 1a. with the Shapley split (eight price systems per point)
    t_split, _ = best(lambda: ue.sweep_wiod(YEAR, shapley=True, **g), args.repeat)

    # 1b. the kernel alone on prepared arrays (the grid's points)
    s = wiod.wiod_system(YEAR)
    school = wiod.schooling()
    vals = [(c, a) for c in g["convention"] for a in g["hours_weighting"]]
    mus = np.array([io_accounts.complexity(s, c, school, a) for c, a in vals])
    prep = io_kernel.prepare_system(s, mus)
    vi, mi = (x.ravel() for x in np.meshgrid(np.arange(len(vals)), g["mx_wage_scale"],
                                               indexing="ij"))  # fmt: skip
    scales = np.stack([mi, np.ones_like(mi)], axis=1)
    t_kernel, (kout, _, _) = best(lambda: io_kernel.run_batch(prep, vi, scales, 0), args.repeat)
    t_prep, _ = best(lambda: io_kernel.prepare_system(s, mus), args.repeat)
    iterations = float(kout[:, 3].mean())

    # 2. numpy reference, on its own (smaller) grid; numba on the same grid for the check
    gr = grid(args.reference_points)
    n_ref = len(gr["mx_wage_scale"]) * 6
    t_ref, ref = best(lambda: ue.sweep_wiod(YEAR, backend="numpy", **gr), args.repeat)
    same = ue.sweep_wiod(YEAR, **gr)
    for name in ("profit_rate", "price_transfer", "price_transfer_national"):
        a, b = same[name].values, ref[name].values
        err = float(np.nanmax(np.abs(a - b)) / np.nanmax(np.abs(b)))
        checks.append((f"numba vs numpy reference, {name}, {n_ref} points", err))

    # 3. loop over ue.solve
    loop_scales = np.linspace(0.5, 6.0, args.loop)
    t_loop, r_loop = best(lambda: loop_solve(loop_scales), args.repeat)
    at = ue.sweep_wiod(YEAR, mx_wage_scale=loop_scales, convention="simple")
    err = float(np.max(np.abs(at.profit_rate.values.ravel() - r_loop)))
    checks.append((f"numba vs ue.solve loop, profit_rate, {args.loop} points", err))

    bad = [(n, e) for n, e in checks if not e < 1e-8]
    if bad:
        raise SystemExit(f"results disagree: {bad}")

    rate_fast, rate_kernel = n_fast / t_fast, n_fast / t_kernel
    rate_ref, rate_loop = n_ref / t_ref, args.loop / t_loop
    flops = matmul_rate(args.matmul, args.repeat)
    n = s.n
    dense_iter = 2 / 3 * n**3 + 2 * n**2 + 2 * (2 / 3 * (n / 2) ** 3 + 2 * (n / 2) ** 2)
    dense_point = iterations / 3 * dense_iter  # iterations counted over the three solves
    dense_ceiling = flops / dense_point
    m = 2
    small_solve = 2 / 3 * m**3 + 3 * m**2
    kernel_point = iterations * (2 * small_solve + 4 * m) + (m + 1) * small_solve + 12 * m
    prep_flops = 2 * n**3 + 2 * 2 * (n / 2) ** 3 + len(vals) * 2 * (m + 2) * n**2
    rows = [
        ("`ue.sweep_wiod`, numba (public call, data and Dataset included)", n_fast, rate_fast),
        ("numba kernel alone (`io_kernel.run_batch`, arrays prepared)", n_fast, rate_kernel),
        (
            "`ue.sweep_wiod(shapley=True)`, numba (+ the split: 8 systems per point)",
            n_fast,
            n_fast / t_split,
        ),
        ('`ue.sweep_wiod(backend="numpy")` (engine per point)', n_ref, rate_ref),
        ("loop over `ue.solve` (international system only)", args.loop, rate_loop),
    ]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# IO sweep benchmark (generated by `python benchmarks/io_compare.py`; do not edit)",
        "",
        f"Measured {stamp} on {platform.machine()}, {os.cpu_count()} cores, numpy "
        f"{np.__version__}; best of {args.repeat}; WIOD {YEAR}, 2 countries × 35 industries "
        "(70 × 70 systems). Each point = one international and two national price systems and "
        "the transfer. **The machine was shared with other jobs while this ran; absolute rates "
        "are lower bounds, ratios are from the same run.**",
        "",
        "| contender | points | solves/s |",
        "|---|---:|---:|",
        *[f"| {name} | {pts:,} | {rate:,.0f} |" for name, pts, rate in rows],
        "",
        f"Ratios: sweep/numpy reference **{rate_fast / rate_ref:,.0f}×**, kernel/numpy "
        f"reference {rate_kernel / rate_ref:,.0f}×, sweep/`ue.solve` loop "
        f"{rate_fast / rate_loop:,.0f}×.",
        "",
        "Correctness on the timed points (max relative difference; profit rates absolute):",
        "",
        *[f"- {name}: {e:.1e}" for name, e in checks],
        "",
        "## Flops",
        "",
        f"- machine: {flops / 1e9:.1f} GFLOP/s (numpy float64 matmul {args.matmul}², all threads)",
        f"- root iterations per point (3 solves): {iterations:.1f} (measured in the kernel)",
        f"- a dense-LU kernel would need {dense_point / 1e6:.2f} MFLOP per point (LU 2/3 n³ + "
        f"solves per iteration): at most **{dense_ceiling:,.0f} points/s** at the machine rate",
        f"- the structured kernel needs ≈ {kernel_point:,.0f} flop per point (2 × 2 solves per "
        f"iteration) after a one-off {prep_flops / 1e6:.1f} MFLOP of preparation "
        f"({t_prep * 1e3:.1f} ms): {rate_kernel * kernel_point / 1e9:.2f} GFLOP/s "
        f"({100 * rate_kernel * kernel_point / flops:.1f} % of the machine rate — bound by "
        "latency of the scalar iteration, not by flops)",
        f"- the kernel runs at **{rate_kernel / dense_ceiling:,.1f}×** the flop limit of a "
        "dense solve: it removes the n³ work (rank-2 capital, Woodbury identity, shared "
        "Leontief inverse), it does not speed it up",
        "",
    ]
    text = "\n".join(lines)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
