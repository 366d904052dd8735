"""Every benchmark of the package in one run; writes benchmarks/RESULTS.md (never edit it by hand).

Run ``python benchmarks/run_all.py`` (``--quick`` for smaller sizes, ``--out PATH`` elsewhere).
Rules, the same for every contender:

* each contender is timed best-of-``--repeat`` (default 3) in the same process, after one
  untimed call (compilation, cache loading and first touch of memory excluded: "warm");
* first-call figures come from fresh subprocesses: "cold" is the very first call after
  ``import unequal_exchange`` (loading compiled code from numba's cache and xarray's lazy
  imports included); "fresh" is the first large call after a one-point call (code loaded, the
  result memory is new to the process: the cost a user pays for a first big sweep); each is
  the best of ``--repeat`` new processes, since a process has only one first call;
* every benchmark checks its own numbers: the fast path against the reference on the points
  the reference was timed on (status equal, values to a relative tolerance); a failed check
  stops the run.

Ratios are only meaningful within one run (both contenders under the same machine load); the
load average at the start and end of the run is recorded beside them.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

THREE = ["price_transfer", "labour_arbitrage_rent", "total_drain"]
DYN_THREE = ["migrant_stock", "emigration", "labour_force"]
YEARS = np.arange(1990, 2041)


def best_rate(fn, count: int, repeat: int) -> float:
    """count / best wall time of ``repeat`` calls, after one untimed call."""
    fn()
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return count / best


def check(ok: bool, what: str) -> None:
    if not ok:
        raise SystemExit(f"benchmark correctness check failed: {what}")


def close(a, b, rtol) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return bool(
        np.array_equal(np.isnan(a), np.isnan(b)) and np.allclose(a, b, rtol=rtol, equal_nan=True)
    )


def close_scaled(a, b, rtol) -> bool:
    """:func:`close` with the absolute tolerance scaled to the variable's magnitude (parts that
    are zero by construction, e.g. a structural remainder, are zero up to rounding)."""
    b64 = np.asarray(b, dtype=np.float64)
    scale = float(np.nanmax(np.abs(b64), initial=0.0))
    a64 = np.asarray(a, dtype=np.float64)
    return bool(
        np.array_equal(np.isnan(a64), np.isnan(b64))
        and np.allclose(a64, b64, rtol=rtol, atol=rtol * scale, equal_nan=True)
    )


# ---- engine


def engine(sizes: dict, repeat: int) -> list[dict]:
    import unequal_exchange as ue
    from _data import random_economies
    from unequal_exchange.model.engine import kernels
    from unequal_exchange.model.engine.batch import solve_batch

    rows = []
    for n in (4, 12):
        big = random_economies(sizes["economies"], n)
        n_big = big["labour"].shape[0]
        ref = {k: v[: sizes["engine_reference"]] for k, v in big.items()}
        n_ref = ref["labour"].shape[0]

        def scalar(d=big):
            # the scalar batched kernel (before the lockstep engine), same inputs
            m, k = d["labour"].shape
            out = (np.empty((m, k)), np.empty((m, k)), np.empty(m), np.empty(m),
                   np.empty(m, dtype=np.int8))  # fmt: skip
            kernels.solve_value_wage_batch(
                d["inputs"], d["capital"], d["labour"], np.ones((m, k)), d["output"],
                d["wage"], 0, 0, 1, *out,
            )  # fmt: skip
            return out

        lock = best_rate(lambda d=big: solve_batch(**d), n_big, repeat)
        scal = best_rate(scalar, n_big, repeat)
        numpy_ = best_rate(lambda d=ref: solve_batch(**d, backend="numpy"), n_ref, repeat)
        econs = [
            ue.Economy(big["inputs"][i], big["labour"][i], big["output"][i],
                       wage=big["wage"][i], capital=big["capital"][i])
            for i in range(sizes["engine_loop"])
        ]  # fmt: skip
        loop = best_rate(lambda e=econs: [ue.solve(x) for x in e], len(econs), repeat)
        # correctness on the reference's timed points, and the loop's
        fast, slow = solve_batch(**ref), solve_batch(**ref, backend="numpy")
        check(np.array_equal(fast.status, slow.status), f"engine status, n={n}")
        check(close(fast.price, slow.price, 1e-8), f"engine prices vs numpy, n={n}")
        check(close(fast.profit_rate, slow.profit_rate, 1e-9), f"engine r vs numpy, n={n}")
        dev = float(np.nanmax(np.abs(fast.price - slow.price) / np.abs(slow.price)))
        loop_r = np.array([ue.solve(x).profit_rate for x in econs[:50]])
        check(close(loop_r, fast.profit_rate[:50], 1e-9), f"engine r vs ue.solve, n={n}")
        rows.append({"sectors": n, "lockstep": lock, "scalar": scal, "numpy": numpy_,
                     "loop": loop, "n": n_big, "n_ref": n_ref, "n_loop": len(econs),
                     "max_rel_dev": dev, "ok_share": float(np.mean(fast.status == 0))})  # fmt: skip
    return rows


# ---- static sweep


def grid(points: int) -> dict:
    side = max(2, round(points ** (1 / 3)))
    return {
        "maquila_wage_ratio": np.linspace(0.05, 0.2, side),
        "maquila_import_content": np.linspace(0.6, 0.9, side),
        "hours_weighting": np.linspace(0.0, 1.0, max(2, points // (side * side))),
    }


def npoints(g) -> int:
    return int(np.prod([len(v) for v in g.values()]))


def sweep(sizes: dict, repeat: int) -> dict:
    import unequal_exchange as ue

    g, g_ref = grid(sizes["points"]), grid(sizes["sweep_reference"])
    n, n_ref = npoints(g), npoints(g_ref)
    three = best_rate(lambda: ue.sweep("baseline", g, outputs=THREE), n, repeat)
    three32 = best_rate(lambda: ue.sweep("baseline", g, outputs=THREE, dtype="float32"), n, repeat)
    every = best_rate(lambda: ue.sweep("baseline", g), n, repeat)
    numpy_ = best_rate(
        lambda: ue.sweep("baseline", g_ref, outputs=THREE, backend="numpy"), n_ref, repeat
    )
    base = ue.load_scenario("baseline")
    values = np.linspace(0.05, 0.2, sizes["sweep_loop"])
    loop = best_rate(
        lambda: [ue.run(base.with_parameters(maquila_wage_ratio=v)) for v in values],
        len(values),
        repeat,
    )
    fast = ue.sweep("baseline", g_ref, outputs=THREE)
    slow = ue.sweep("baseline", g_ref, outputs=THREE, backend="numpy")
    check(np.array_equal(fast.status, slow.status), "sweep status vs numpy")
    for k in THREE:
        check(close(fast[k], slow[k], 1e-9), f"sweep {k} vs numpy")
    dev = max(float(np.nanmax(np.abs(fast[k] - slow[k]) / np.abs(slow[k]))) for k in THREE)
    # the other timed contenders on the reference's points too: float32 and every output
    fast32 = ue.sweep("baseline", g_ref, outputs=THREE, dtype="float32")
    for k in THREE:
        check(close(fast32[k], slow[k], 1e-5), f"float32 sweep {k} vs numpy")
    every_fast = ue.sweep("baseline", g_ref)
    every_slow = ue.sweep("baseline", g_ref, backend="numpy")
    check(np.array_equal(every_fast.status, every_slow.status), "every-output status vs numpy")
    for k in every_slow.data_vars:
        if np.issubdtype(every_slow[k].dtype, np.floating):
            check(close_scaled(every_fast[k], every_slow[k], 1e-9), f"every-output {k} vs numpy")
    line = ue.sweep("baseline", {"maquila_wage_ratio": values[:20]}, outputs=THREE)
    runs = [ue.run(base.with_parameters(maquila_wage_ratio=v)) for v in values[:20]]
    for k in THREE:
        check(close(line[k], [float(r[k]) for r in runs], 1e-9), f"sweep {k} vs ue.run")
    return {"three": three, "three32": three32, "every": every, "numpy": numpy_, "loop": loop,
            "n": n, "n_ref": n_ref, "n_loop": len(values), "max_rel_dev": dev}  # fmt: skip


# ---- dynamics


def dyn_params(n: int):
    import unequal_exchange as ue
    from unequal_exchange.model.mexico_us import dynamics as dyn

    base = ue.load_scenario("baseline").parameters
    rows = np.repeat(np.array([[base[k] for k in dyn.PARAM_NAMES]]), n, axis=0)
    rng = np.random.default_rng(2011)
    for name in ("return_rate", "emigration_propensity", "maquila_wage_ratio"):
        rows[:, dyn.PARAM_NAMES.index(name)] *= rng.uniform(0.8, 1.0, n)
    return rows


def dynamics(sizes: dict, repeat: int) -> dict:
    import unequal_exchange as ue
    from unequal_exchange.model.mexico_us.paths import simulate_paths
    from unequal_exchange.scenarios.simulate import exogenous

    ex = exogenous(tuple(int(y) for y in YEARS))
    rows, ref_rows = dyn_params(sizes["paths"]), dyn_params(sizes["dyn_reference"])
    three = best_rate(lambda: simulate_paths(rows, [], ex, outputs=DYN_THREE), len(rows), repeat)
    every = best_rate(lambda: simulate_paths(rows, [], ex), len(rows), repeat)
    numpy_ = best_rate(
        lambda: simulate_paths(ref_rows, [], ex, "numpy", outputs=DYN_THREE),
        len(ref_rows),
        repeat,
    )
    base = ue.load_scenario("baseline")
    rates = np.linspace(0.8, 1.0, sizes["dyn_loop"]) * base.parameters["return_rate"]
    scenarios = [base.with_parameters(return_rate=float(r)) for r in rates]
    loop = best_rate(lambda: [ue.simulate(s) for s in scenarios], len(scenarios), repeat)
    # every variable (the branch that runs the full static accounts each year) on the
    # reference's points, then the three timed variables
    every_fast = simulate_paths(ref_rows, [], ex)
    every_slow = simulate_paths(ref_rows, [], ex, "numpy")
    check(np.array_equal(every_fast["status"], every_slow["status"]), "every variable status")
    for k in every_slow:
        if k != "status":
            check(close_scaled(every_fast[k], every_slow[k], 1e-8), f"dynamics every {k}")
    fast = simulate_paths(ref_rows, [], ex, outputs=DYN_THREE)
    slow = simulate_paths(ref_rows, [], ex, "numpy", outputs=DYN_THREE)
    check(np.array_equal(fast["status"], slow["status"]), "dynamics status vs numpy")
    for k in DYN_THREE:
        check(close(fast[k], slow[k], 1e-8), f"dynamics {k} vs numpy")
    dev = max(
        float(np.nanmax(np.abs(fast[k] - slow[k]) / np.maximum(np.abs(slow[k]), 1e-300)))
        for k in DYN_THREE
    )
    return {"three": three, "every": every, "numpy": numpy_, "loop": loop, "n": len(rows),
            "n_ref": len(ref_rows), "n_loop": len(scenarios), "max_rel_dev": dev}  # fmt: skip


# ---- first calls in fresh processes

FRESH = {
    "engine4": (
        "from _data import random_economies\n"
        "from unequal_exchange.model.engine.batch import solve_batch\n"
        "d = random_economies({economies}, 4)\n"
        "WARM(lambda: solve_batch(**{{k: v[:8] for k, v in d.items()}}))\n"
        "TIME(lambda: solve_batch(**d), d['labour'].shape[0])\n"
    ),
    "sweep3": (
        "import unequal_exchange as ue\nfrom run_all import grid, npoints, THREE\n"
        "g = grid({points})\n"
        "WARM(lambda: ue.sweep('baseline', {{'hours_weighting': [0.5]}}, outputs=THREE))\n"
        "TIME(lambda: ue.sweep('baseline', g, outputs=THREE), npoints(g))\n"
    ),
    "dynamics3": (
        "from unequal_exchange.model.mexico_us.paths import simulate_paths\n"
        "from unequal_exchange.scenarios.simulate import exogenous\n"
        "from run_all import dyn_params, DYN_THREE, YEARS\n"
        "ex = exogenous(tuple(int(y) for y in YEARS))\nrows = dyn_params({paths})\n"
        "WARM(lambda: simulate_paths(rows[:64], [], ex, outputs=DYN_THREE))\n"
        "TIME(lambda: simulate_paths(rows, [], ex, outputs=DYN_THREE), len(rows))\n"
    ),
}

PRELUDE = """
import json, sys, time
sys.path.insert(0, {here!r})
t_import = time.perf_counter()
import unequal_exchange
t_import = time.perf_counter() - t_import
WARMUP = {warm}
def WARM(fn):
    if WARMUP:
        fn()
def TIME(fn, count):
    t0 = time.perf_counter()
    fn()
    s = time.perf_counter() - t0
    print(json.dumps({{"seconds": s, "rate": count / s, "import": t_import}}))
"""


def fresh(name: str, sizes: dict, warm: bool) -> dict:
    """Time the first call of ``name`` in a new Python process (``warm``: after a tiny call)."""
    code = PRELUDE.format(here=str(HERE), warm=warm) + FRESH[name].format(**sizes)
    env = dict(os.environ)
    src = str(HERE.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- the report


def machine() -> dict:
    import numba

    import unequal_exchange as ue

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(HERE), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit += " (uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit, "cpu": cpu, "cores": os.cpu_count(),
        "threads": numba.get_num_threads(), "python": platform.python_version(),
        "numpy": np.__version__, "numba": numba.__version__, "package": ue.__version__,
        "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }  # fmt: skip


def fmt(x: float) -> str:
    return f"{x:,.0f}"


def report(m, eng, swp, dyn, first, sizes, repeat, load_end) -> str:
    ld = ", ".join(f"{x:.1f}" for x in m["load"]) if m["load"] else "unknown"
    le = ", ".join(f"{x:.1f}" for x in load_end) if load_end else "unknown"
    lines = [
        "# Measured results",
        "",
        "Generated by `python benchmarks/run_all.py` — do not edit by hand; re-run it instead.",
        "",
        f"- date: {m['date']}; commit: {m['commit']}; package {m['package']}",
        f"- machine: {m['cpu']}, {m['cores']} cores, numba threads {m['threads']}; "
        f"Python {m['python']}, numpy {m['numpy']}, numba {m['numba']}",
        f"- load average (1, 5, 15 min) at start: {ld}; at end: {le}",
        f"- every contender best of {repeat} after one untimed call; ratios within this run",
        "",
        "## Engine: value-wage closure, total-price normalisation, wages advanced",
        "",
        "| sectors | lockstep /s | scalar kernel /s | numpy reference /s | `ue.solve` loop /s "
        "| lockstep/scalar | lockstep/numpy | lockstep/loop | max rel. dev. vs numpy |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in eng:
        lines.append(
            f"| {r['sectors']} | {fmt(r['lockstep'])} | {fmt(r['scalar'])} | {fmt(r['numpy'])} "
            f"| {fmt(r['loop'])} | {r['lockstep'] / r['scalar']:.2f}× "
            f"| {r['lockstep'] / r['numpy']:.1f}× | {r['lockstep'] / r['loop']:,.0f}× "
            f"| {r['max_rel_dev']:.1e} |"
        )
    lines += [
        "",
        f"{fmt(eng[0]['n'])} economies for the kernels, {fmt(eng[0]['n_ref'])} for numpy, "
        f"{eng[0]['n_loop']} for the loop; checked: status equal and prices within 1e-8 of "
        "the reference on the reference's points, r within 1e-9 of `ue.solve` on 50.",
        "",
        "## Mexico–US sweep (`ue.sweep`, warm)",
        "",
        "| contender | points/s |",
        "|---|---|",
        f"| 3 outputs, float64 ({fmt(swp['n'])} points) | {fmt(swp['three'])} |",
        f"| 3 outputs, float32 | {fmt(swp['three32'])} |",
        f"| every output (with the Shapley split) | {fmt(swp['every'])} |",
        f"| numpy reference, 3 outputs ({fmt(swp['n_ref'])} points) | {fmt(swp['numpy'])} |",
        f"| loop over `ue.run` ({swp['n_loop']} points) | {swp['loop']:,.1f} |",
        "",
        f"Ratios: 3 outputs / numpy {swp['three'] / swp['numpy']:.1f}×, 3 outputs / `ue.run` "
        f"loop {swp['three'] / swp['loop']:,.0f}×. Checked: status equal and values within "
        f"1e-9 of the reference (max rel. dev. {swp['max_rel_dev']:.1e}), and of `ue.run` on "
        "20 points; float32 within 1e-5 and every output within 1e-9 of its magnitude, on the "
        "reference's points. All at the baseline's conventions (hours_weighting = 0 among them).",
        "",
        "## Dynamics (51-year paths, 1990–2040, `simulate_paths`, warm)",
        "",
        "| contender | paths/s |",
        "|---|---|",
        f"| 3 variables ({fmt(dyn['n'])} paths) | {fmt(dyn['three'])} |",
        f"| every variable | {fmt(dyn['every'])} |",
        f"| numpy reference, 3 variables ({fmt(dyn['n_ref'])} paths) | {fmt(dyn['numpy'])} |",
        f"| loop over `ue.simulate` ({dyn['n_loop']} scenarios) | {dyn['loop']:,.1f} |",
        "",
        f"Ratios: 3 variables / numpy {dyn['three'] / dyn['numpy']:.1f}×, / loop "
        f"{dyn['three'] / dyn['loop']:,.0f}×. Checked: status equal and paths within 1e-8 of "
        f"the reference (max rel. dev. {dyn['max_rel_dev']:.1e}); every variable within 1e-8 "
        "of its magnitude. Baseline conventions (hours_weighting = 0: the static accounts "
        "need no power); the 3 variables need only the price and ownership channels.",
        "",
        "## First calls in a fresh process",
        "",
        "Each first call is the best of the same number of new processes as above, with "
        "numba's cache populated: compiling (after a fresh install or a change under `model/`) "
        "is not included. "
        "cold = first call after `import unequal_exchange` (loading compiled code and lazy "
        "imports included); fresh = first large call after a one-point call (new result "
        "memory).",
        "",
        "| call | cold: s (per s) | fresh: s (per s) | warm per s (above) |",
        "|---|---|---|---|",
    ]
    warm = {"engine4": eng[0]["lockstep"], "sweep3": swp["three"], "dynamics3": dyn["three"]}
    label = {
        "engine4": f"engine, {fmt(sizes['economies'])} four-sector economies",
        "sweep3": f"`ue.sweep`, {fmt(npoints(grid(sizes['points'])))} points, 3 outputs",
        "dynamics3": f"dynamics, {fmt(sizes['paths'])} paths, 3 variables",
    }
    for k, (cold, fr) in first.items():
        lines.append(
            f"| {label[k]} | {cold['seconds']:.2f} ({fmt(cold['rate'])}) "
            f"| {fr['seconds']:.2f} ({fmt(fr['rate'])}) | {fmt(warm[k])} |"
        )
    return "\n".join(lines) + "\n"


SIZES = {
    "full": {"economies": 1_000_000, "engine_reference": 100_000, "engine_loop": 300,
             "points": 1_000_000, "sweep_reference": 100_000, "sweep_loop": 200,
             "paths": 100_000, "dyn_reference": 5_000, "dyn_loop": 100},
    "quick": {"economies": 200_000, "engine_reference": 20_000, "engine_loop": 100,
              "points": 300_000, "sweep_reference": 30_000, "sweep_loop": 60,
              "paths": 30_000, "dyn_reference": 1_000, "dyn_loop": 30},
    "smoke": {"economies": 2_000, "engine_reference": 500, "engine_loop": 60,
              "points": 3_000, "sweep_reference": 1_000, "sweep_loop": 20,
              "paths": 500, "dyn_reference": 100, "dyn_loop": 4},
}  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks only")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for every contender")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    sizes = SIZES["smoke" if args.smoke else "quick" if args.quick else "full"]
    m = machine()
    # a first call happens once per process: best of --repeat new processes, like the others
    first = {
        k: tuple(
            min((fresh(k, sizes, warm=w) for _ in range(args.repeat)), key=lambda r: r["seconds"])
            for w in (False, True)
        )
        for k in FRESH
    }
    eng = engine(sizes, args.repeat)
    swp = sweep(sizes, args.repeat)
    dyn = dynamics(sizes, args.repeat)
    load_end = os.getloadavg() if hasattr(os, "getloadavg") else None
    text = report(m, eng, swp, dyn, first, sizes, args.repeat, load_end)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
