"""The ``unequal-exchange`` command line.

Every command prints a readable report (or JSON with ``--json``). Bad input exits with code 2
and one line per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import json
import math
import os
import re
import shlex
import sys
import unicodedata
import warnings
from pathlib import Path

import numpy as np

from ..errors import ParameterError, ScenarioError, UnequalExchangeError
from .format import jsonable as _jsonable
from .format import run_report as _report_run

EXAMPLES = {
    "run": "unequal-exchange run baseline --set maquila_wage_ratio=0.2 --out run.nc",
    "compare": "unequal-exchange compare baseline maquila-wage-convergence",
    "sweep": "unequal-exchange sweep baseline --axis maquila_wage_ratio=0.05:0.3:26 "
    "--axis maquila_import_content=0.7,0.8,0.9 --out sweep.zarr",
    "sensitivity": "unequal-exchange sensitivity baseline --n 256 --outputs price_transfer "
    "--figure sobol.png",
    "simulate": "unequal-exchange simulate return-programme-2025 --every 5 --out paths.nc",
    "figures": "unequal-exchange figures --out figures/",
    "calibrate": "unequal-exchange calibrate --write my-baseline.toml",
    "validate": "unequal-exchange validate",
    "scenarios": "unequal-exchange scenarios",
    "parameters": "unequal-exchange parameters --json",
}


NETCDF = (".nc",)
FIGURE_SUFFIXES = (".png", ".pdf", ".svg")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")


class _Parser(argparse.ArgumentParser):
    """argparse with the package's contract: one line ``error: ...`` and exit code 2."""

    def error(self, message):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    if not _WHOLE.fullmatch(text.strip()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def _whole(text: str) -> int:
    if not _WHOLE.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(text)


def _number(text: str) -> float:
    """A strict decimal number: ``float()`` would also take ``1_0``, ``inf`` and ``nan``."""
    if not _NUMBER.fullmatch(text.strip()) or not math.isfinite(float(text)):
        raise ValueError(text)
    return float(text)


def _add_set(p, what: str = "override a parameter (repeatable)") -> None:
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help=what)


def _add_overwrite(p, what: str = "--out") -> None:
    p.add_argument(
        "--overwrite",
        action="store_true",
        help=f"replace an existing {what} file written earlier (never a folder it did not write)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    _add_set(run)
    run.add_argument("--out", type=Path, help="save the result Dataset to a NetCDF file (.nc)")
    _add_overwrite(run)
    run.add_argument("--json", action="store_true", help="print JSON instead of a report")

    cmp = add("compare", "compare every channel of two scenarios side by side")
    cmp.add_argument("a", help="first scenario (name or TOML path)")
    cmp.add_argument("b", help="second scenario (name or TOML path)")
    _add_set(
        cmp,
        "override a parameter of scenario B (repeatable), e.g. compare baseline "
        "baseline --set maquila_wage_ratio=0.2",
    )
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
    sw.add_argument("--n", type=_positive_int, help="number of sample points (with --sample)")
    sw.add_argument("--method", choices=["lhs", "sobol"], default="lhs")
    sw.add_argument("--seed", type=_whole, default=20111)
    _add_set(sw, "override a parameter that is not swept (repeatable)")
    sw.add_argument("--outputs", help="comma-separated output variables (default: all)")
    sw.add_argument(
        "--chunks", type=_positive_int, help="grid values per block along the first axis"
    )
    sw.add_argument("--out", type=Path, help="write to FILE.zarr (streamed) or FILE.nc")
    sw.add_argument("--resume", action="store_true", help="continue an interrupted .zarr sweep")
    sw.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing FILE.nc, or a .zarr store this tool wrote (never another folder)",
    )
    sw.add_argument("--scheduler", help="address of a dask.distributed scheduler (with .zarr)")
    sw.add_argument(
        "--workers", type=_positive_int, help="start a local cluster with N worker processes"
    )
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
    _add_set(sen, "override a parameter of the scenario (repeatable)")
    sen.add_argument(
        "--n",
        type=_positive_int,
        default=256,
        help="base sample size (Sobol: a power of 2) or Morris trajectories",
    )
    sen.add_argument(
        "--outputs",
        default="price_transfer",
        help="comma-separated outputs, e.g. price_transfer,transfer[maquila]",
    )
    sen.add_argument("--parameters", help="comma-separated parameters (default: all with a range)")
    sen.add_argument("--seed", type=_whole, default=20111)
    sen.add_argument(
        "--model",
        choices=["static", "dynamic"],
        default="static",
        help="static accounts, or dynamic paths (outputs like migrant_stock[2040])",
    )
    sen.add_argument("--top", type=_positive_int, default=12, help="rows to print per output")
    sen.add_argument("--out", type=Path, help="save the indices to a NetCDF file (.nc)")
    sen.add_argument(
        "--figure",
        type=Path,
        help="save a bar chart, one panel per output (.png, .pdf or .svg; Sobol only)",
    )
    _add_overwrite(sen, "--out or --figure")

    sim = add("simulate", "annual two-country dynamics 1990–2040 (key paths)")
    sim.add_argument("scenario", nargs="?", default="baseline")
    _add_set(sim, "override a parameter of the scenario (repeatable)")
    sim.add_argument("--start", type=_whole, default=1990, help="first year (must be 1990)")
    sim.add_argument("--end", type=_whole, default=2040, help="last year")
    sim.add_argument("--every", type=_positive_int, default=5, help="print every N-th year")
    sim.add_argument("--out", type=Path, help="save the paths to a NetCDF file (.nc)")
    sim.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sim.add_argument(
        "--figure",
        type=Path,
        help="save the key paths beside the baseline's, and where graduates go (.png, .pdf "
        "or .svg; a second file NAME-graduates.EXT)",
    )
    _add_overwrite(sim, "--out or --figure")

    fg = add("figures", "write the figure gallery (PNG and PDF)")
    fg.add_argument("--out", type=Path, default=Path("figures"), help="output folder")
    fg.add_argument("--formats", default="png,pdf", help="comma-separated formats: png, pdf, svg")
    fg.add_argument(
        "--overwrite", action="store_true", help="replace figure files of an earlier run"
    )

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

    pa = add("parameters", "list the model parameters: units, domain, value, range, source")
    pa.add_argument("scenario", nargs="?", default="baseline", help="whose values to show")
    pa.add_argument(
        "--dynamics",
        action="store_true",
        help="also fit the dynamics (about 15 s) to show the ranges and sources of its parameters",
    )
    pa.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _overrides(pairs: list[str]) -> dict[str, float]:
    out, problems = {}, []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(f"--set expects NAME=VALUE, got {pair!r}")
            continue
        try:
            number = _number(value)
        except ValueError:
            problems.append(f"--set {name}: {value!r} is not a number (write e.g. 0.2 or 1.5e9)")
            continue
        if name in out:
            problems.append(
                f"--set {name} is given twice ({out[name]:g} and {number:g}); give each "
                "parameter once"
            )
            continue
        out[name] = number
    if problems:
        raise ParameterError(problems)
    return out


def _load(name):
    """Load a scenario; a file that is not UTF-8 text is a clear error, not a traceback."""
    from ..scenarios.scenario import load_scenario

    try:
        return load_scenario(name)
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [
                f"{name}: not a UTF-8 text file (byte {exc.start}: {exc.reason}); a scenario "
                "is a TOML file saved as UTF-8"
            ]
        ) from None


def _scenario(name, pairs: list[str]):
    """The scenario ``name`` with the ``--set`` overrides applied."""
    overrides = _overrides(pairs)  # bad --set values are reported before the scenario is read
    scenario = _load(name)
    return scenario.with_parameters(**overrides) if overrides else scenario


def _check_out(path: Path | None, suffixes, overwrite: bool, flag: str = "--out") -> None:
    """Refuse an unknown suffix, a missing folder or an existing file (unless --overwrite)."""
    if path is None:
        return
    if path.suffix.lower() not in suffixes:
        raise ParameterError(
            [
                f"{flag} {path}: the name must end in {' or '.join(suffixes)} (got "
                f"{path.suffix or 'no suffix'!r})"
            ]
        )
    if path.is_dir():
        raise ParameterError([f"{flag} {path} is a folder; give a file name"])
    if path.exists() and not overwrite:
        raise ParameterError(
            [f"{flag} {path} already exists; add --overwrite to replace it, or choose another name"]
        )
    if not path.absolute().parent.is_dir():
        raise ParameterError([f"{flag} {path}: folder {path.absolute().parent} does not exist"])


def _cmd_run(args) -> int:
    from ..scenarios.run import run

    _check_out(args.out, NETCDF, args.overwrite)
    scenario = _scenario(args.scenario, args.set)
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
    from ..scenarios.run import run
    from .format import format_quantity

    a, b = _load(args.a), _scenario(args.b, args.set)
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
    print(f"{'quantity':52s} {'A':>20s} {'B':>20s} {'B − A':>20s} {'change':>8s}")
    for n in names:
        units = da[n].attrs.get("units", "")
        label = da[n].attrs.get("long_name", n)
        x, y = float(da[n]), float(db[n])
        change = f"{(y - x) / abs(x):+8.1%}" if x else "       —"
        if len(label) > 52:  # the whole name on its own line, never cut
            print(label)
            label = f"  ({n})"
        print(
            f"{label:52s} {format_quantity(x, units):>20s} {format_quantity(y, units):>20s} "
            f"{format_quantity(y - x, units, sign=True):>20s} {change}"
        )
    print("\nprice transfer MX → US by factor:")
    for f in da.factor.values:
        x = float(da.price_transfer_by_factor.sel(factor=f))
        y = float(db.price_transfer_by_factor.sel(factor=f))
        print(
            f"  {f!s:50s} {format_quantity(x, 'USD/yr'):>20s} {format_quantity(y, 'USD/yr'):>20s} "
            f"{format_quantity(y - x, 'USD/yr', sign=True):>20s}"
        )
    changed = {
        k: (a.parameters[k], b.parameters[k])
        for k in a.parameters
        if a.parameters[k] != b.parameters[k]
    }
    print("\nparameters that differ:" if changed else "\nno parameter differs")
    for k, (x, y) in changed.items():
        print(f"  {k:40s} {x:14.6g} {y:14.6g}")
    return 0


def _parse_axis(text: str, sample: bool = False):
    name, sep, spec = text.partition("=")
    flag = "--sample" if sample else "--axis"
    if not sep or not name.strip():
        raise ParameterError([f"{flag} expects NAME=..., got {text!r}"])
    name = name.strip()
    try:
        if ":" in spec:
            parts = spec.split(":")
            if sample:
                if len(parts) != 2:
                    raise ValueError
                return name, (_number(parts[0]), _number(parts[1]))
            if len(parts) != 3:
                raise ValueError
            num = _number(parts[2])
            return name, {"start": _number(parts[0]), "stop": _number(parts[1]), "num": num}
        if sample:
            raise ValueError
        return name, [_number(x) for x in spec.split(",")]
    except (ValueError, OverflowError):
        form = "LOW:HIGH" if sample else "START:STOP:NUM or V1,V2,..."
        raise ParameterError([f"{flag} {name}: expected {form} (numbers), got {spec!r}"]) from None


def _check_num(flag: str, name: str, spec) -> None:
    num = spec["num"]
    if num != int(num) or num < 1:
        raise ParameterError(
            [f"{flag} {name}: NUM must be a whole number of points >= 1, got {num:g}"]
        )


def _parse_axes(texts: list[str], sample: bool = False) -> dict:
    flag = "--sample" if sample else "--axis"
    out = {}
    for text in texts:
        name, spec = _parse_axis(text, sample)
        if isinstance(spec, dict):
            _check_num(flag, name, spec)
        if name in out:
            raise ParameterError(
                [
                    f"{flag} {name} is given twice; give each parameter once (a list V1,V2,... "
                    "takes any values)"
                ]
            )
        out[name] = spec
    return out


def _stream_command(args, out: str = "sweep.zarr") -> str:
    """The user's own sweep command with ``--out`` set to a Zarr store."""
    words, skip = [], False
    for word in args.argv:
        if skip:
            skip = False
            continue
        if word == "--out":
            skip = True
            continue
        if word.startswith("--out="):
            continue
        words.append(word)
    if args.out is not None and args.out.suffix == ".nc":
        out = str(args.out.with_suffix(".zarr"))
    return shlex.join(["unequal-exchange", *words, "--out", out])


def _check_sweep_args(args, axes, sample) -> None:
    problems = []
    if axes and sample:
        problems.append("give --axis (a grid) or --sample (a sample with --n), not both")
    if args.n is not None and not sample:
        problems.append("--n is the number of --sample points; add --sample NAME=LOW:HIGH")
    if sample and args.chunks:
        problems.append("--chunks applies to a grid (--axis), not to --sample")
    if sample and args.resume:
        problems.append("--resume continues a grid (--axis) streamed to a store, not --sample")
    zarr_out = args.out is not None and args.out.suffix == ".zarr"
    if args.resume and not zarr_out:
        problems.append("--resume continues a sweep streamed to a store: add --out FILE.zarr")
    if args.resume and args.overwrite:
        problems.append("give --resume (continue the store) or --overwrite (replace it), not both")
    for flag, used in (("--workers", args.workers), ("--scheduler", args.scheduler)):
        if used and (not zarr_out or sample):
            problems.append(f"{flag} runs a grid streamed to a store: add --out FILE.zarr")
    clash = sorted(set(axes or {}) & set(_overrides(args.set)))
    clash += sorted(set(sample or {}) & set(_overrides(args.set)))
    problems += [f"{k} is both swept and fixed with --set; drop one" for k in clash]
    if problems:
        raise ParameterError(problems)
    if args.out is not None:
        if args.out.suffix == ".zarr":
            from ..scenarios.store import check_store_target

            if not args.resume:
                check_store_target(
                    args.out, overwrite=args.overwrite, flag="--overwrite", resume_flag="--resume"
                )
            elif args.out.exists() and not args.out.is_dir():
                raise ParameterError([f"--out {args.out} is a file, not a sweep store"])
        else:
            _check_out(args.out, (".zarr", ".nc"), args.overwrite)


def _cmd_sweep(args) -> int:
    from ..scenarios import sweep as sweep_module
    from ..scenarios.run import VARIABLES
    from ..scenarios.sweep import SweepTooLargeError, sweep

    axes = _parse_axes(args.axis) or None
    sample = _parse_axes(args.sample, sample=True) or None
    _check_sweep_args(args, axes, sample)
    scenario = _scenario(args.scenario, args.set)
    outputs = [o.strip() for o in args.outputs.split(",")] if args.outputs else None
    if outputs is not None and not all(outputs):
        raise ParameterError([f"--outputs {args.outputs!r}: an empty name; separate names by ,"])
    if args.model == "dynamic":
        return _dynamic_sweep(args, scenario, axes, outputs)
    if sample:
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
        from ..scenarios.store import sweep_to_zarr

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
            overwrite=args.overwrite,
        )
        print(
            f"wrote {args.out}: {summary['blocks']} blocks "
            f"({summary['computed']} computed, {summary['skipped']} already done)"
        )
        return 0
    else:
        grid = sweep_module.check_axes(axes if axes is not None else dict(scenario.sweep))
        try:
            sweep_module.check_memory(
                math.prod(len(v) for v in grid.values()),
                sweep_module._grid_bytes_per_point(
                    len(grid), len(outputs) if outputs else len(VARIABLES), args.backend
                ),
                "",
            )
        except SweepTooLargeError as exc:
            raise ParameterError(
                [
                    f"this sweep has {exc.points:,} points and needs about "
                    f"{exc.needed / sweep_module.GIB:.1f} GiB of memory, but "
                    f"{exc.available / sweep_module.GIB:.1f} GiB are available; stream it to "
                    f"disk block by block: {_stream_command(args)}"
                ]
            ) from None
        ds = sweep(scenario, grid, chunks=args.chunks, outputs=outputs, backend=args.backend)
        if args.chunks:
            ds = ds.compute()
    if args.out is not None:
        if args.out.suffix == ".zarr":
            ds.to_zarr(args.out, mode="w", zarr_format=2)  # checked: empty, or our own store
        else:
            ds.to_netcdf(args.out, engine="h5netcdf")
        print(f"wrote {args.out}")
    points = int(ds.status.size)
    ok = int((ds.status == 0).sum())
    print(
        f"{points} points ({ok} viable, {points - ok} flagged non-viable); dims "
        f"{dict(ds.status.sizes)}"
    )
    from .format import format_quantity

    for name in outputs or ["price_transfer", "labour_arbitrage_rent", "total_drain"]:
        var = ds[name]
        if var.ndim == ds.status.ndim:
            units = var.attrs.get("units", "")
            print(
                f"  {name:36s} min {format_quantity(float(var.min()), units):>18s}  median "
                f"{format_quantity(float(var.median()), units):>18s}  max "
                f"{format_quantity(float(var.max()), units):>18s}"
            )
    return 0


def _dynamic_sweep(args, scenario, axes, outputs) -> int:
    from ..scenarios.sweep import sweep
    from .format import format_quantity

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
        units = var.attrs.get("units", ds[name].attrs.get("units", ""))
        print(
            f"  {name:28s} in {last}: min {format_quantity(float(var.min()), units):>18s}  "
            f"median {format_quantity(float(var.median()), units):>18s}  "
            f"max {format_quantity(float(var.max()), units):>18s}"
        )
    return 0


def _check_figure(path: Path | None, overwrite: bool, flag: str = "--figure") -> None:
    if path is None:
        return
    _check_out(path, FIGURE_SUFFIXES, overwrite, flag)


def _cmd_sensitivity(args) -> int:
    from ..scenarios.sensitivity import sensitivity

    if args.figure and args.method != "sobol":
        raise ParameterError(["--figure draws Sobol indices; use --method sobol"])
    _check_out(args.out, NETCDF, args.overwrite)
    _check_figure(args.figure, args.overwrite)
    outputs = [o.strip() for o in args.outputs.split(",")]
    params = [p.strip() for p in args.parameters.split(",")] if args.parameters else None
    if not all(outputs) or (params is not None and not all(params)):
        raise ParameterError(["--outputs and --parameters take names separated by commas"])
    ds = sensitivity(
        _scenario(args.scenario, args.set),
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
        from ..viz.plotting import sobol_panels

        fig = sobol_panels(ds, top=args.top)
        fig.savefig(args.figure, dpi=150)
        print(f"figure: {args.figure} ({ds.sizes['output']} panel(s), one per output)")
    return 0


def _shock_text(shocks) -> str:
    if not shocks:
        return "none"
    return "; ".join(f"{p} = {v:g} in {a}–{b}" for p, v, a, b in shocks)


SIMULATE_TABLE = [
    ("migrant_stock", "Mexican-born in US", 1e6, "M persons"),
    ("skilled_migrant_stock", "skilled in US", 1e3, "k persons"),
    ("emigration", "emigration", 1e3, "k/yr"),
    ("returns", "returns", 1e3, "k/yr"),
    ("informal", "informal", 1e6, "M workers"),
    ("unemployed", "unemployed", 1e6, "M workers"),
    ("mx_output", "MX output", 1e12, "tn USD/yr"),
    ("total_drain", "total drain", 1e9, "bn USD/yr"),
    ("training_cost_transfer", "training cost", 1e9, "bn USD/yr"),
    ("remittances", "remittances", 1e9, "bn USD/yr"),
]
GRADUATE_TABLE = [
    ("graduate_entrants", "graduates", 1e3, "k/yr"),
    ("professional_openings", "prof. openings", 1e3, "k/yr"),
    ("absorption_rate", "absorbed at home", 0.01, "%"),
    ("skilled_emigration_total", "skilled emigr.", 1e3, "k/yr"),
    ("skilled_returns", "skilled returns", 1e3, "k/yr"),
    ("underemployed_graduates", "underemployed", 1e6, "M persons"),
    ("skilled_stock_master", "master's in US", 1e3, "k persons"),
    ("skilled_stock_phd", "PhDs in US", 1e3, "k persons"),
    ("researchers", "researchers", 1e3, "k persons"),
]


def _cmd_simulate(args) -> int:
    from ..scenarios.simulate import simulate

    _check_out(args.out, NETCDF, args.overwrite)
    if args.figure:
        _check_figure(args.figure, args.overwrite)
        _check_figure(_second_figure(args.figure), args.overwrite)
    scenario = _scenario(args.scenario, args.set)
    ds = simulate(scenario, years=range(args.start, args.end + 1))
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.json:
        print(json.dumps(_jsonable(ds), indent=1, default=float))
        return 0
    print(f"Dynamics — scenario {ds.attrs['scenario']!r}; shocks: {_shock_text(scenario.shocks)}")
    _print_paths(ds, SIMULATE_TABLE, args.every)
    ds = ds.assign(
        graduate_entrants=ds.graduate_entrants,
        skilled_emigration_total=ds.skilled_emigration.sum("education"),
        **{f"skilled_stock_{lv}": ds.skilled_stock.sel(education=lv) for lv in ("master", "phd")},
    )
    print("\nGraduates, their absorption at home and skilled emigration:")
    _print_paths(ds, GRADUATE_TABLE, args.every)
    if args.out:
        print(f"\nsaved: {args.out}")
    if args.figure:
        from ..viz import plotting

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
        first, second = args.figure, _second_figure(args.figure)
        paths_fig.savefig(first, dpi=150)
        plotting.graduate_absorption(runs).savefig(second, dpi=150)
        print(f"saved: {first}\nsaved: {second}")
    return 0


def _second_figure(path: Path) -> Path:
    stem = path.with_suffix("")
    return stem.with_name(stem.name + "-graduates").with_suffix(path.suffix)


def _print_paths(ds, cols, every: int) -> None:
    width = max(12, *(len(label) for _, label, _, _ in cols), *(len(u) for *_, u in cols))
    print("year " + " ".join(f"{label:>{width}s}" for _, label, _, _ in cols))
    print("     " + " ".join(f"{u:>{width}s}" for *_, u in cols))
    for year in ds.year.values[:: max(1, every)]:
        row = ds.sel(year=year)
        print(f"{year} " + " ".join(_cell(float(row[c]) / d, width) for c, _, d, _ in cols))


def _cell(value: float, width: int) -> str:
    """A table cell: two decimals, a dash where the value is not defined (first-year flows)."""
    return f"{'—':>{width}s}" if np.isnan(value) else f"{value:{width}.2f}"


def _cmd_figures(args) -> int:
    from ..viz.gallery import check_gallery_target, write_gallery

    formats = [f.strip().lower().lstrip(".") for f in args.formats.split(",")]
    check_gallery_target(args.out, formats, overwrite=args.overwrite)
    paths = write_gallery(args.out, formats=formats, overwrite=args.overwrite)
    for path in paths:
        print(path)
    return 0


def _cmd_calibrate(args) -> int:
    from ..calibration.fit import calibrate, check_writable
    from ..scenarios.scenario import write_baseline

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
        write_baseline(result, path, overwrite=args.overwrite)
        print(f"wrote {path}")
    return 0


def _cmd_validate(args) -> int:
    from ..scenarios.validation import validate

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
    from ..scenarios.scenario import list_scenarios, load_scenario

    rows = [(name, load_scenario(name).description) for name in list_scenarios()]
    if args.json:
        print(json.dumps(dict(rows), indent=1))
    else:
        for name, desc in rows:
            print(f"{name:32s} {desc}")
    return 0


def _cmd_parameters(args) -> int:
    from ..model.mexico_us.parameters import PARAMETERS

    scenario = _load(args.scenario)
    if args.dynamics:
        from ..calibration.fit import calibrate

        derived = calibrate().derived
    else:
        from ..calibration.fit import calibrate_static

        derived = calibrate_static().derived
    rows = []
    for name, spec in PARAMETERS.items():
        d = derived.get(name)
        rows.append(
            {
                "name": name,
                "units": spec.units,
                "description": spec.description,
                "kind": spec.kind,
                "domain": spec.domain(),
                "value": float(scenario.parameters[name]),
                "range": [d.low, d.high] if d is not None else None,
                "source": list(d.sources) if d is not None else None,
                "derivation": d.how if d is not None else None,
            }
        )
    if args.json:
        print(json.dumps({"scenario": scenario.name, "parameters": rows}, indent=1))
        return 0
    print(f"Parameters of scenario {scenario.name!r} ({len(rows)}; range = plausible range used")
    print("for sensitivity; source = rows of calibration/data/figures.csv):\n")
    for r in rows:
        rng = f"{r['range'][0]:.6g} – {r['range'][1]:.6g}" if r["range"] else "—"
        print(f"{r['name']}  [{r['units']}]  {r['kind']}: {r['description']}")
        print(f"    value {r['value']:.6g}   domain {r['domain']}   range {rng}")
        if r["source"]:
            print(
                f"    source: {', '.join(r['source'])}"
                + (f" ({r['derivation']})" if r["derivation"] else "")
            )
        elif not args.dynamics and r["kind"] != "convention":
            print("    source: fitted with the dynamics (add --dynamics to show it)")
    return 0


_ASCII = {
    "–": "-",
    "—": "--",
    "−": "-",
    "→": "->",
    "←": "<-",
    "×": "x",
    "±": "+/-",
    "≈": "~",
    "…": "...",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "≥": ">=",
    "≤": "<=",
    "·": ".",
    "∘": "o",
    "≠": "!=",
    "λ": "lambda",
    "μ": "mu",
    "π": "pi",
    "Σ": "sum",
    "∞": "inf",
}


def _ascii_fallback(exc):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        text = _ASCII.get(ch)
        if text is None:
            text = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"
        out.append(text)
    return "".join(out), exc.end


def _plain_streams() -> None:
    """Print ASCII stand-ins (- for – and −) where the terminal cannot encode the characters."""
    codecs.register_error("unequal_exchange_ascii", _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "–−→×±≈".encode(encoding)
        except UnicodeEncodeError:
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="unequal_exchange_ascii")
        except LookupError:
            pass


def _interrupted(args) -> str:
    if args.command == "sweep" and args.out is not None and args.out.suffix == ".zarr":
        words = list(args.argv)
        if "--resume" not in words:
            words.append("--resume")
        if "--overwrite" in words:
            words.remove("--overwrite")
        return (
            f"interrupted; the finished blocks are kept in {args.out}: resume with "
            f"{shlex.join(['unequal-exchange', *words])}"
        )
    return "interrupted; nothing was saved"


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print the package's warnings as one ``warning:`` line (no source line, no path)."""
    print(f"warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    _plain_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    args.argv = argv
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
        "parameters": _cmd_parameters,
    }[args.command]
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            return handler(args)
    except (ScenarioError, ParameterError) as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except UnequalExchangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"error: {_interrupted(args)}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `unequal-exchange run --json | head`: not an error
        sys.stdout = open(os.devnull, "w")
        return 0
    except UnicodeDecodeError as exc:
        print(
            f"error: a file is not UTF-8 text ({exc.reason} at byte {exc.start})", file=sys.stderr
        )
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
