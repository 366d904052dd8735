"""``unequal-exchange sensitivity``: global sensitivity (Sobol or Morris)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ParameterError
from ._common import (
    NETCDF,
    add_command,
    add_overwrite,
    add_set,
    check_figure,
    check_out,
    load_with_sets,
    positive_int,
    whole,
)


def add_parser(subparsers) -> None:
    sen = add_command(
        subparsers,
        "sensitivity",
        "global sensitivity (SALib Sobol or Morris) over plausible ranges",
    )
    sen.add_argument("scenario", nargs="?", default="baseline")
    sen.add_argument("--method", choices=["sobol", "morris"], default="sobol")
    add_set(sen, "override a parameter of the scenario (repeatable)")
    sen.add_argument(
        "--n",
        type=positive_int,
        default=256,
        help="base sample size (Sobol: a power of 2) or Morris trajectories",
    )
    sen.add_argument(
        "--outputs",
        default="price_transfer",
        help="comma-separated outputs, e.g. price_transfer,transfer[maquila]",
    )
    sen.add_argument("--parameters", help="comma-separated parameters (default: all with a range)")
    sen.add_argument("--seed", type=whole, default=20111)
    sen.add_argument(
        "--model",
        choices=["static", "dynamic"],
        default="static",
        help="static accounts, or dynamic paths (outputs like migrant_stock[2040])",
    )
    sen.add_argument("--top", type=positive_int, default=12, help="rows to print per output")
    sen.add_argument("--out", type=Path, help="save the indices to a NetCDF file (.nc)")
    sen.add_argument(
        "--figure",
        type=Path,
        help="save a bar chart, one panel per output (.png, .pdf or .svg; Sobol only)",
    )
    add_overwrite(sen, "--out or --figure")


def run(args) -> int:
    from ..scenarios.sensitivity import sensitivity

    if args.figure and args.method != "sobol":
        raise ParameterError(["--figure draws Sobol indices; use --method sobol"])
    check_out(args.out, NETCDF, args.overwrite)
    check_figure(args.figure, args.overwrite)
    outputs = [o.strip() for o in args.outputs.split(",")]
    params = [p.strip() for p in args.parameters.split(",")] if args.parameters else None
    if not all(outputs) or (params is not None and not all(params)):
        raise ParameterError(["--outputs and --parameters take names separated by commas"])
    ds = sensitivity(
        load_with_sets(
            args.scenario,
            args.set,
            static_command="sensitivity" if args.model == "static" else None,
        ),
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
