"""``unequal-exchange sweep``: the model over a grid or a sample of parameters."""

from __future__ import annotations

import math
import shlex
from pathlib import Path

from ..errors import ParameterError
from ..model.mexico_us.accounts import STATUS_NAMES
from ._common import (
    NotFiniteError,
    add_command,
    add_set,
    check_out,
    load_with_sets,
    parse_sets,
    positive_int,
    strict_number,
    whole,
)
from .format import format_quantity, nonviable_line


def add_parser(subparsers) -> None:
    sw = add_command(
        subparsers, "sweep", "evaluate the model over a grid or a sample of parameters"
    )
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
    sw.add_argument("--n", type=positive_int, help="number of sample points (with --sample)")
    sw.add_argument("--method", choices=["lhs", "sobol"], default="lhs")
    sw.add_argument("--seed", type=whole, default=20111)
    add_set(sw, "override a parameter that is not swept (repeatable)")
    sw.add_argument("--outputs", help="comma-separated output variables (default: all)")
    sw.add_argument(
        "--chunks", type=positive_int, help="grid values per block along the first axis"
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
        "--workers", type=positive_int, help="start a local cluster with N worker processes"
    )
    sw.add_argument("--backend", choices=["numba", "numpy"], default="numba")
    sw.add_argument(
        "--dtype",
        choices=["float64", "float32"],
        default="float64",
        help="type of the static results: float32 halves memory and disk, ~7 significant digits",
    )
    sw.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    sw.add_argument(
        "--model",
        choices=["static", "dynamic"],
        default="static",
        help="static accounts, or ue.simulate paths 1990–2040 over a grid (adds a year "
        "dimension; --out FILE.nc)",
    )


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
                return name, (strict_number(parts[0]), strict_number(parts[1]))
            if len(parts) != 3:
                raise ValueError
            num = strict_number(parts[2])
            return name, {
                "start": strict_number(parts[0]),
                "stop": strict_number(parts[1]),
                "num": num,
            }
        if sample:
            raise ValueError
        return name, [strict_number(x) for x in spec.split(",")]
    except NotFiniteError as exc:
        raise ParameterError([f"{flag} {name}: {str(exc)!r} is not finite"]) from None
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
    clash = sorted(set(axes or {}) & set(parse_sets(args.set)))
    clash += sorted(set(sample or {}) & set(parse_sets(args.set)))
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
            check_out(args.out, (".zarr", ".nc"), args.overwrite)


def run(args) -> int:
    from ..scenarios.sweep import sweep

    axes = _parse_axes(args.axis) or None
    sample = _parse_axes(args.sample, sample=True) or None
    _check_sweep_args(args, axes, sample)
    static = "sweep" if args.model == "static" else None
    scenario = load_with_sets(args.scenario, args.set, static_command=static)
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
            dtype=args.dtype,
        )
    elif args.out is not None and args.out.suffix == ".zarr":
        return _stream(args, scenario, axes, outputs)
    else:
        ds = _in_memory_grid(args, scenario, axes, outputs)
    if args.out is not None:
        if args.out.suffix == ".zarr":
            ds.to_zarr(args.out, mode="w", zarr_format=2)  # checked: empty, or our own store
        else:
            ds.to_netcdf(args.out, engine="h5netcdf")
        print(f"wrote {args.out}")
    _summary(ds, outputs)
    return 0


def _stream(args, scenario, axes, outputs) -> int:
    """Stream a grid to a Zarr store block by block (resumable)."""
    from ..scenarios.store import sweep_to_zarr

    summary = sweep_to_zarr(
        scenario,
        axes if axes is not None else dict(scenario.sweep),
        args.out,
        chunks=args.chunks,
        resume=args.resume,
        outputs=outputs,
        backend=args.backend,
        dtype=args.dtype,
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


def _in_memory_grid(args, scenario, axes, outputs):
    """A grid held in memory; one too large for it is refused with the streaming command."""
    import numpy as np

    from ..scenarios import sweep as sweep_module
    from ..scenarios.sweep import SweepTooLargeError, sweep

    grid = sweep_module.check_axes(axes if axes is not None else dict(scenario.sweep))
    if outputs is not None:
        sweep_module.check_outputs(outputs)
    itemsize = np.dtype(args.dtype).itemsize
    try:
        sweep_module.check_memory(  # the estimate sweep() itself checks (it raises the same)
            math.prod(len(v) for v in grid.values()),
            sweep_module._grid_bytes_per_point(
                len(grid),
                sweep_module._n_columns(outputs),
                args.backend,
                selected=outputs is not None or itemsize != 8,
                itemsize=itemsize,
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
    ds = sweep(
        scenario,
        grid,
        chunks=args.chunks,
        outputs=outputs,
        backend=args.backend,
        dtype=args.dtype,
    )
    return ds.compute() if args.chunks else ds


def _summary(ds, outputs) -> None:
    points = int(ds.status.size)
    ok = int((ds.status == 0).sum())
    print(
        f"{points} points ({ok} viable, {points - ok} flagged non-viable); dims "
        f"{dict(ds.status.sizes)}"
    )
    line = nonviable_line(ds.status, STATUS_NAMES)
    if line:
        print(f"  {line}")
    if ok < points:
        print(f"  over the {ok} viable points (non-viable points have no values):")
    for name in outputs or ["price_transfer", "labour_arbitrage_rent", "total_drain"]:
        var = ds[name]
        if var.ndim == ds.status.ndim:
            units = var.attrs.get("units", "")
            print(
                f"  {name:36s} min {format_quantity(float(var.min()), units):>18s}  median "
                f"{format_quantity(float(var.median()), units):>18s}  max "
                f"{format_quantity(float(var.max()), units):>18s}"
            )


def _dynamic_sweep(args, scenario, axes, outputs) -> int:
    from ..model.mexico_us.dynamics_spec import PATH_STATUS_NAMES
    from ..scenarios.simulate import LEVEL_DIM
    from ..scenarios.sweep import sweep

    problems = [
        f"{flag} is not available with --model dynamic (a grid of paths held in memory)"
        for flag, used in (
            ("--sample", args.sample),
            ("--chunks", args.chunks),
            ("--resume", args.resume),
            ("--scheduler", args.scheduler),
            ("--workers", args.workers),
            ("--out FILE.zarr", args.out is not None and args.out.suffix == ".zarr"),
            ("--dtype float32", args.dtype != "float64"),
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
    line = nonviable_line(ds.status, PATH_STATUS_NAMES, unit="path")
    if line:
        print(f"  {line}")
    for name in ds.data_vars:
        if name == "status":
            continue
        var = ds[name].sel(year=last)
        if LEVEL_DIM in var.dims:
            var = var.sum(LEVEL_DIM)
        units = var.attrs.get("units", ds[name].attrs.get("units", ""))
        print(
            f"  {name:28s} in {last}: min {format_quantity(float(var.min()), units):>18s}  "
            f"median {format_quantity(float(var.median()), units):>18s}  "
            f"max {format_quantity(float(var.max()), units):>18s}"
        )
    return 0
