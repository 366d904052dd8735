"""The ``unequal-exchange`` command line.

Every command prints a readable report (or JSON with ``--json``). Bad input exits with code 2
and one line per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

from .errors import ParameterError, ScenarioError, UnequalExchangeError
from .report import jsonable as _jsonable
from .report import run_report as _report_run

EXAMPLES = {
    "run": "unequal-exchange run baseline --set maquila_wage_ratio=0.2 --out run.nc",
    "compare": "unequal-exchange compare baseline maquila-wage-convergence",
    "sweep": "unequal-exchange sweep baseline --axis maquila_wage_ratio=0.05:0.3:26 "
    "--axis maquila_import_content=0.7,0.8,0.9 --out sweep.zarr",
    "sensitivity": "unequal-exchange sensitivity baseline --n 256 --outputs price_transfer "
    "--figure sobol.png",
    "simulate": "unequal-exchange simulate return-programme-2025 --every 5 --out paths.nc",
    "figures": "unequal-exchange figures --out figures/",
    "calibrate": "unequal-exchange calibrate --write",
    "validate": "unequal-exchange validate",
    "scenarios": "unequal-exchange scenarios",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unequal-exchange",
        description="Mexico–US unequal exchange: values, prices of production and the drain "
        "of labour power.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, help_text):
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example: {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return p

    run = add("run", "compute every channel of the Mexico–US accounts for a scenario")
    run.add_argument(
        "scenario",
        nargs="?",
        default="baseline",
        help="built-in scenario name or path to a TOML file (default: baseline)",
    )
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter (repeatable)",
    )
    run.add_argument("--out", type=Path, help="save the result Dataset to a NetCDF file")
    run.add_argument("--json", action="store_true", help="print JSON instead of a report")

    cmp = add("compare", "compare every channel of two scenarios side by side")
    cmp.add_argument("a", help="first scenario (name or TOML path)")
    cmp.add_argument("b", help="second scenario (name or TOML path)")
    cmp.add_argument("--json", action="store_true", help="print JSON instead of a table")

    sw = add("sweep", "evaluate the model over a grid or a sample of parameters")
    sw.add_argument("scenario", nargs="?", default="baseline")
    sw.add_argument(
        "--axis",
        action="append",
        default=[],
        metavar="NAME=START:STOP:NUM",
        help="grid axis: NAME=START:STOP:NUM or NAME=V1,V2,... (repeatable)",
    )
    sw.add_argument(
        "--sample",
        action="append",
        default=[],
        metavar="NAME=LOW:HIGH",
        help="sample bounds instead of a grid (repeatable; with --n)",
    )
    sw.add_argument("--n", type=int, help="number of sample points")
    sw.add_argument("--method", choices=["lhs", "sobol"], default="lhs")
    sw.add_argument("--seed", type=int, default=20111)
    sw.add_argument("--outputs", help="comma-separated output variables (default: all)")
    sw.add_argument("--chunks", type=int, help="grid values per block along the first axis")
    sw.add_argument("--out", type=Path, help="write to FILE.zarr (streamed) or FILE.nc")
    sw.add_argument("--resume", action="store_true", help="continue an interrupted .zarr sweep")
    sw.add_argument("--scheduler", help="address of a dask.distributed scheduler")
    sw.add_argument("--workers", type=int, help="start a local cluster with N worker processes")
    sw.add_argument("--backend", choices=["numba", "numpy"], default="numba")
    sw.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    sw.add_argument(
        "--model",
        choices=["static", "dynamic"],
        default="static",
        help="static accounts, or ue.simulate paths 1990–2040 over a grid (adds a year "
        "dimension; --out FILE.nc)",
    )

    sen = add("sensitivity", "global sensitivity (SALib Sobol or Morris) over plausible ranges")
    sen.add_argument("scenario", nargs="?", default="baseline")
    sen.add_argument("--method", choices=["sobol", "morris"], default="sobol")
    sen.add_argument(
        "--n",
        type=int,
        default=256,
        help="base sample size (Sobol: a power of 2) or Morris trajectories",
    )
    sen.add_argument(
        "--outputs",
        default="price_transfer",
        help="comma-separated outputs, e.g. price_transfer,transfer[maquila]",
    )
    sen.add_argument("--parameters", help="comma-separated parameters (default: all with a range)")
    sen.add_argument("--seed", type=int, default=20111)
    sen.add_argument(
        "--model",
        choices=["static", "dynamic"],
        default="static",
        help="static accounts, or dynamic paths (outputs like migrant_stock[2040])",
    )
    sen.add_argument("--top", type=int, default=12, help="rows to print per output")
    sen.add_argument("--out", type=Path, help="save the indices to a NetCDF file")
    sen.add_argument("--figure", type=Path, help="save a bar chart (PNG or PDF; Sobol only)")

    sim = add("simulate", "annual two-country dynamics 1990–2040 (key paths)")
    sim.add_argument("scenario", nargs="?", default="baseline")
    sim.add_argument("--start", type=int, default=1990, help="first year (must be 1990)")
    sim.add_argument("--end", type=int, default=2040, help="last year")
    sim.add_argument("--every", type=int, default=5, help="print every N-th year")
    sim.add_argument("--out", type=Path, help="save the paths to a NetCDF file")
    sim.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sim.add_argument(
        "--figure",
        type=Path,
        help="save the key paths beside the baseline's, and where graduates go (PNG or PDF)",
    )

    fg = add("figures", "write the figure gallery (PNG and PDF)")
    fg.add_argument("--out", type=Path, default=Path("figures"), help="output folder")
    fg.add_argument("--formats", default="png,pdf", help="comma-separated formats")

    cal = add("calibrate", "derive and fit the baseline parameters from the shipped data")
    cal.add_argument(
        "--write",
        type=Path,
        metavar="PATH",
        help="write the calibrated baseline scenario to PATH (a developer regenerates the "
        "shipped one with --write src/unequal_exchange/scenarios/library/baseline.toml "
        "--overwrite from a source checkout)",
    )
    cal.add_argument(
        "--overwrite", action="store_true", help="replace an existing file at --write PATH"
    )
    cal.add_argument("--json", action="store_true", help="print JSON instead of a report")

    val = add("validate", "print model results beside published estimates, with citations")
    val.add_argument("scenario", nargs="?", default="baseline")
    val.add_argument("--json", action="store_true", help="print JSON instead of a report")

    sc = add("scenarios", "list the built-in scenarios")
    sc.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _overrides(pairs: list[str]) -> dict[str, float]:
    out, problems = {}, []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            problems.append(f"--set expects NAME=VALUE, got {pair!r}")
            continue
        try:
            out[name.strip()] = float(value)
        except ValueError:
            problems.append(f"--set {name}: {value!r} is not a number")
    if problems:
        raise ParameterError(problems)
    return out


def _cmd_run(args) -> int:
    from .scenarios.run import run
    from .scenarios.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    if args.set:
        scenario = scenario.with_parameters(**_overrides(args.set))
    ds = run(scenario)
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.json:
        print(json.dumps(_jsonable(ds), indent=1, default=float))
    else:
        print(_report_run(ds, float(scenario.parameters["mx_gdp"])))
        if args.out:
            print(f"\nsaved: {args.out}")
    return 0


def _cmd_compare(args) -> int:
    from .scenarios.run import run
    from .scenarios.scenario import load_scenario

    a, b = load_scenario(args.a), load_scenario(args.b)
    da, db = run(a), run(b)
    names = [n for n, v in da.data_vars.items() if v.ndim == 0 and n != "status"]
    if args.json:
        print(
            json.dumps(
                {
                    n: {"a": float(da[n]), "b": float(db[n]), "units": da[n].attrs["units"]}
                    for n in names
                },
                indent=1,
            )
        )
        return 0
    print(f"A = {a.name!r}\nB = {b.name!r}\n")
    print(f"{'variable':42s} {'units':8s} {'A':>14s} {'B':>14s} {'B − A':>14s} {'change':>8s}")
    for n in names:
        x, y = float(da[n]), float(db[n])
        change = f"{(y - x) / abs(x):+8.1%}" if x else "       —"
        print(f"{n:42s} {da[n].attrs['units']:8s} {x:14.4g} {y:14.4g} {y - x:14.4g} {change}")
    print("\nprice transfer by factor:")
    for f in da.factor.values:
        x = float(da.price_transfer_by_factor.sel(factor=f))
        y = float(db.price_transfer_by_factor.sel(factor=f))
        print(f"  {f!s:40s} {'USD/yr':8s} {x:14.4g} {y:14.4g} {y - x:14.4g}")
    changed = {
        k: (a.parameters[k], b.parameters[k])
        for k in a.parameters
        if a.parameters[k] != b.parameters[k]
    }
    print("\nparameters that differ:")
    for k, (x, y) in changed.items():
        print(f"  {k:40s} {x:14.6g} {y:14.6g}")
    return 0


def _parse_axis(text: str, sample: bool = False):
    name, sep, spec = text.partition("=")
    if not sep:
        raise ParameterError([f"expected NAME=..., got {text!r}"])
    try:
        if ":" in spec:
            parts = [float(x) for x in spec.split(":")]
            if sample:
                if len(parts) != 2:
                    raise ValueError
                return name.strip(), (parts[0], parts[1])
            if len(parts) != 3:
                raise ValueError
            return name.strip(), {"start": parts[0], "stop": parts[1], "num": int(parts[2])}
        if sample:
            raise ValueError
        return name.strip(), [float(x) for x in spec.split(",")]
    except ValueError:
        form = "LOW:HIGH" if sample else "START:STOP:NUM or V1,V2,..."
        raise ParameterError([f"{name}: expected {form}, got {spec!r}"]) from None


def _cmd_sweep(args) -> int:
    from .scenarios.scenario import load_scenario
    from .scenarios.sweep import sweep

    scenario = load_scenario(args.scenario)
    outputs = [o.strip() for o in args.outputs.split(",")] if args.outputs else None
    axes = dict(_parse_axis(a) for a in args.axis) or None
    if args.model == "dynamic":
        return _dynamic_sweep(args, scenario, axes, outputs)
    if args.sample:
        sample = dict(_parse_axis(a, sample=True) for a in args.sample)
        ds = sweep(
            scenario,
            sample=sample,
            n=args.n,
            method=args.method,
            seed=args.seed,
            outputs=outputs,
            backend=args.backend,
        )
    elif args.out is not None and args.out.suffix == ".zarr":
        from .scenarios.store import sweep_to_zarr

        summary = sweep_to_zarr(
            scenario,
            axes if axes is not None else dict(scenario.sweep),
            args.out,
            chunks=args.chunks,
            resume=args.resume,
            outputs=outputs,
            backend=args.backend,
            scheduler=args.scheduler,
            workers=args.workers,
            progress=not args.no_progress,
        )
        print(
            f"wrote {args.out}: {summary['blocks']} blocks "
            f"({summary['computed']} computed, {summary['skipped']} already done)"
        )
        return 0
    else:
        ds = sweep(scenario, axes, chunks=args.chunks, outputs=outputs, backend=args.backend)
        if args.chunks:
            ds = ds.compute()
    if args.out is not None:
        if args.out.suffix == ".zarr":
            ds.to_zarr(args.out, mode="w", zarr_format=2)
        else:
            ds.to_netcdf(args.out, engine="h5netcdf")
        print(f"wrote {args.out}")
    points = int(ds.status.size)
    ok = int((ds.status == 0).sum())
    print(
        f"{points} points ({ok} viable, {points - ok} flagged non-viable); dims "
        f"{dict(ds.status.sizes)}"
    )
    for name in outputs or ["price_transfer", "labour_arbitrage_rent", "total_drain"]:
        var = ds[name]
        if var.ndim == ds.status.ndim:
            print(
                f"  {name:36s} min {float(var.min()):12.4g}  median "
                f"{float(var.median()):12.4g}  max {float(var.max()):12.4g} "
                f"{var.attrs.get('units', '')}"
            )
    return 0


def _dynamic_sweep(args, scenario, axes, outputs) -> int:
    from .scenarios.sweep import sweep

    problems = [
        f"{flag} is not available with --model dynamic (a grid of paths held in memory)"
        for flag, used in (
            ("--sample", args.sample),
            ("--chunks", args.chunks),
            ("--resume", args.resume),
            ("--scheduler", args.scheduler),
            ("--workers", args.workers),
            ("--out FILE.zarr", args.out is not None and args.out.suffix == ".zarr"),
        )
        if used
    ]
    if problems:
        raise ParameterError(problems)
    outputs = outputs or ["migrant_stock", "skilled_migrant_stock", "training_cost_transfer"]
    ds = sweep(scenario, axes, model="dynamic", outputs=outputs, backend=args.backend)
    if args.out is not None:
        ds.to_netcdf(args.out, engine="h5netcdf")
        print(f"wrote {args.out}")
    points = int(ds.status.size)
    ok = int((ds.status == 0).sum())
    last = int(ds.year[-1])
    print(
        f"{points} paths ({ok} viable, {points - ok} flagged non-viable); dims "
        f"{dict(ds.status.sizes)} × year {int(ds.year[0])}–{last}"
    )
    for name in ds.data_vars:
        if name == "status":
            continue
        var = ds[name].sel(year=last)
        if "education" in var.dims:
            var = var.sum("education")
        print(
            f"  {name:28s} in {last}: min {float(var.min()):12.4g}  median "
            f"{float(var.median()):12.4g}  max {float(var.max()):12.4g} "
            f"{var.attrs.get('units', ds[name].attrs.get('units', ''))}"
        )
    return 0


def _cmd_sensitivity(args) -> int:
    from .scenarios.sensitivity import sensitivity

    outputs = [o.strip() for o in args.outputs.split(",")]
    params = [p.strip() for p in args.parameters.split(",")] if args.parameters else None
    ds = sensitivity(
        args.scenario,
        method=args.method,
        n=args.n,
        outputs=outputs,
        parameters=params,
        seed=args.seed,
        model=args.model,
    )
    key = "ST" if args.method == "sobol" else "mu_star"
    for out in ds.output.values:
        d = ds.sel(output=out)
        order = np.argsort(-np.nan_to_num(d[key].values))[: args.top]
        print(f"\n{out}: ranked by {key} ({ds.attrs.get('n_evaluations', '?')} evaluations)")
        for i in order:
            name = str(d.parameter.values[i])
            if args.method == "sobol":
                print(
                    f"  {name:40s} ST {float(d.ST[i]):6.3f} ± {float(d.ST_conf[i]):5.3f}   "
                    f"S1 {float(d.S1[i]):6.3f} ± {float(d.S1_conf[i]):5.3f}"
                )
            else:
                print(
                    f"  {name:40s} mu* {float(d.mu_star[i]):12.4g}  sigma {float(d.sigma[i]):12.4g}"
                )
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
        print(f"\nsaved: {args.out}")
    if args.figure:
        if args.method != "sobol":
            raise ParameterError(["--figure draws Sobol indices; use --method sobol"])
        from .plotting import sobol_bars

        fig = sobol_bars(ds, top=args.top)
        fig.savefig(args.figure, dpi=150)
        print(f"figure: {args.figure}")
    return 0


def _cmd_simulate(args) -> int:
    from .scenarios.simulate import simulate

    ds = simulate(args.scenario, years=range(args.start, args.end + 1))
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.json:
        print(json.dumps(_jsonable(ds), indent=1, default=float))
        return 0
    cols = [
        ("migrant_stock", 1e6, "M"),
        ("skilled_migrant_stock", 1e3, "k"),
        ("emigration", 1e3, "k/yr"),
        ("returns", 1e3, "k/yr"),
        ("informal", 1e6, "M"),
        ("unemployed", 1e6, "M"),
        ("mx_output", 1e12, "tn"),
        ("total_drain", 1e9, "bn"),
        ("training_cost_transfer", 1e9, "bn"),
        ("remittances", 1e9, "bn"),
    ]
    print(f"Dynamics — scenario {ds.attrs['scenario']!r}; shocks: {ds.attrs['shocks']}")
    _print_paths(ds, cols, args.every)
    ds = ds.assign(
        graduate_entrants=ds.graduate_entrants,
        skilled_emigration_total=ds.skilled_emigration.sum("education"),
        **{f"skilled_stock_{lv}": ds.skilled_stock.sel(education=lv) for lv in ("master", "phd")},
    )
    print("\nGraduates, their absorption at home and skilled emigration:")
    _print_paths(
        ds,
        [
            ("graduate_entrants", 1e3, "k/yr"),
            ("professional_openings", 1e3, "k/yr"),
            ("absorption_rate", 0.01, "%"),
            ("skilled_emigration_total", 1e3, "k/yr"),
            ("skilled_returns", 1e3, "k/yr"),
            ("underemployed_graduates", 1e6, "M"),
            ("skilled_stock_master", 1e3, "k"),
            ("skilled_stock_phd", 1e3, "k"),
            ("researchers", 1e3, "k"),
        ],
        args.every,
    )
    if args.out:
        print(f"\nsaved: {args.out}")
    if args.figure:
        from . import plotting

        runs = {ds.attrs["scenario"]: ds}
        if ds.attrs["scenario"] != "baseline":
            runs["baseline"] = simulate("baseline", years=range(args.start, args.end + 1))
        variables = (
            "migrant_stock",
            "skilled_migrant_stock",
            "absorption_rate",
            "underemployed_graduates",
            "training_cost_transfer",
            "remittances",
        )
        paths_fig = plotting.dynamic_paths(runs, variables)
        stem = args.figure.with_suffix("")
        first = args.figure
        second = stem.with_name(stem.name + "-graduates").with_suffix(args.figure.suffix)
        paths_fig.savefig(first, dpi=150)
        plotting.graduate_absorption(runs).savefig(second, dpi=150)
        print(f"saved: {first}\nsaved: {second}")
    return 0


def _print_paths(ds, cols, every: int) -> None:
    print("year " + " ".join(f"{c[:13]:>13s}" for c, _, _ in cols))
    print("     " + " ".join(f"{u:>13s}" for _, _, u in cols))
    for year in ds.year.values[:: max(1, every)]:
        row = ds.sel(year=year)
        print(f"{year} " + " ".join(f"{float(row[c]) / d:13.2f}" for c, d, _ in cols))


def _cmd_figures(args) -> int:
    from .figures import write_gallery

    paths = write_gallery(args.out, formats=[f.strip() for f in args.formats.split(",")])
    for path in paths:
        print(path)
    return 0


def _cmd_calibrate(args) -> int:
    from .calibration.fit import calibrate, check_writable

    if args.write is not None:  # refuse before the minute of fitting, not after
        check_writable(args.write, args.overwrite)
    result = calibrate()
    if args.json:
        print(
            json.dumps(
                {
                    "parameters": result.parameters,
                    "fit": {
                        t: float(result.fit.relative_residual.sel(target=t))
                        for t in result.fit.target.values
                    },
                    "at_bound": result.at_bound,
                },
                indent=1,
            )
        )
    else:
        print("Fit of the unobserved parameters (least squares, log residuals):")
        print(result.report())
        print("\nFit of the dynamics to observed paths (checks are reported, not fitted):")
        print(result.dynamic_report())
        print(
            f"\n{len(result.parameters)} parameters; enclave_output_per_hour = "
            f"{result.parameters['enclave_output_per_hour']:.4f} USD/h"
        )
    for name, bound in result.at_bound.items():
        print(
            f"warning: {name} = {result.parameters[name]:.6g} sits on the bound {bound:g} of "
            "its search box: the targets push it as far as allowed, so it is not an interior "
            "least-squares estimate",
            file=sys.stderr,
        )
    if args.write is not None:
        path = args.write
        result.write_baseline(path, overwrite=args.overwrite)
        print(f"wrote {path}")
    return 0


def _cmd_validate(args) -> int:
    from .validation import validate

    ds = validate(args.scenario)
    if args.json:
        print(json.dumps(_jsonable(ds), indent=1, default=str))
        return 0
    print("Model beside published estimates (validation only, never fitted):\n")
    for q in ds.comparison.values:
        r = ds.sel(comparison=q)
        print(
            f"- {q} [{r.units.item()}]: model {float(r.model):.4g}, published "
            f"{float(r.published):.4g} — {r.comment.item()}\n    source: {r.source.item()}"
        )
    return 0


def _cmd_scenarios(args) -> int:
    from .scenarios.scenario import list_scenarios, load_scenario

    rows = [(name, load_scenario(name).description) for name in list_scenarios()]
    if args.json:
        print(json.dumps(dict(rows), indent=1))
    else:
        for name, desc in rows:
            print(f"{name:32s} {desc}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "run": _cmd_run,
        "compare": _cmd_compare,
        "sweep": _cmd_sweep,
        "sensitivity": _cmd_sensitivity,
        "simulate": _cmd_simulate,
        "figures": _cmd_figures,
        "calibrate": _cmd_calibrate,
        "validate": _cmd_validate,
        "scenarios": _cmd_scenarios,
    }[args.command]
    try:
        return handler(args)
    except (ScenarioError, ParameterError) as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except UnequalExchangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `unequal-exchange run --json | head`: not an error
        sys.stdout = open(os.devnull, "w")
        return 0
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
