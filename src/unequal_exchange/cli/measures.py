"""``unequal-exchange measures``: four measures of unequal exchange side by side."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ._common import NETCDF, add_command, add_overwrite, check_out
from .format import jsonable


def add_parser(subparsers) -> None:
    p = add_command(
        subparsers,
        "measures",
        "four measures of unequal exchange side by side (price of production, embodied labour, "
        "exchange-rate deviation, captured minus produced)",
    )
    p.add_argument(
        "scenario",
        nargs="?",
        default="baseline",
        help="a stylised scenario (default baseline) or wiod-YYYY (1995–2011)",
    )
    p.add_argument("--years", help="WIOD series, FIRST:LAST (e.g. 1995:2011)")
    p.add_argument("--figure", type=Path, help="with --years: save the series figure (.png/.pdf)")
    p.add_argument("--out", type=Path, help="save the Dataset to a NetCDF file (.nc)")
    add_overwrite(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args) -> int:
    from ..scenarios.measures import measures, series_table, table

    check_out(args.out, NETCDF, args.overwrite)
    if args.figure is not None and not args.years:
        raise InputError("--figure draws the WIOD series: give --years FIRST:LAST too")
    ds = measures(_years(args) if args.years else args.scenario)
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.figure is not None:
        from ..viz.measures import plot_measures

        ax = plot_measures(ds)
        ax.figure.savefig(args.figure, dpi=130, bbox_inches="tight")
    if args.json:
        print(json.dumps(jsonable(ds), indent=1, default=str))
    else:
        print(series_table(ds) if "year" in ds.dims else table(ds))
        for path in (args.out, args.figure):
            if path:
                print(f"\nsaved: {path}")
    return 0


def _years(args) -> str:
    """``--years FIRST:LAST`` checked here, so that a mistake gets a message about years."""
    import re

    if args.scenario != "baseline":
        raise InputError(
            f"--years gives the WIOD series on the input-output tables; drop the scenario "
            f"{args.scenario!r} (or drop --years for that scenario's measures)"
        )
    m = re.fullmatch(r"\s*(\d{4})\s*:\s*(\d{4})\s*", args.years)
    if not m:
        raise InputError(f"--years expects FIRST:LAST, e.g. 1995:2011, got {args.years!r}")
    first, last = int(m.group(1)), int(m.group(2))
    if not 1995 <= first <= last <= 2011:
        raise InputError(
            f"--years {args.years}: the WIOD years are 1995–2011, first before last "
            "(e.g. 1995:2011)"
        )
    return f"{first}:{last}"
