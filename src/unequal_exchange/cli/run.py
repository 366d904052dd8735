"""``unequal-exchange run``: every channel of the accounts for one scenario."""

from __future__ import annotations

import json
from pathlib import Path

from ._common import (
    NETCDF,
    add_command,
    add_overwrite,
    add_set,
    check_out,
    load_with_sets,
)
from .format import jsonable, run_report
from .run_wiod import is_wiod_name, run_wiod


def add_parser(subparsers) -> None:
    p = add_command(
        subparsers, "run", "compute every channel of the Mexico–US accounts for a scenario"
    )
    p.add_argument(
        "scenario",
        nargs="?",
        default="baseline",
        help="built-in scenario name or path to a TOML file (default: baseline)",
    )
    add_set(p)
    p.add_argument("--out", type=Path, help="save the result Dataset to a NetCDF file (.nc)")
    add_overwrite(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a report")
    p.add_argument(
        "--points",
        type=int,
        default=None,
        help="base Sobol' sample size of the parametric interval beside each headline "
        "(0: conventions range only; default: ue.headlines' own, 64, so that both print "
        "the same interval)",
    )


def run(args) -> int:
    from ..scenarios.run import run as run_scenario

    check_out(args.out, NETCDF, args.overwrite)
    if is_wiod_name(args.scenario):  # WIOD input-output family: no parameters to --set
        return run_wiod(args)
    scenario = load_with_sets(args.scenario, args.set, static_command="run")
    ds = run_scenario(scenario)
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.json:
        print(json.dumps(jsonable(ds), indent=1, default=float))
    else:
        from ..scenarios.headlines import headlines

        points = {} if args.points is None else {"n": args.points}
        h = headlines(scenario, io_year=None, **points)
        print(run_report(ds, float(scenario.parameters["mx_gdp"]), h))
        if args.out:
            print(f"\nsaved: {args.out}")
    return 0
