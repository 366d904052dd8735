"""``unequal-exchange run wiod-YYYY``: the accounts on the WIOD input–output tables."""

from __future__ import annotations

import json

from ..errors import InputError
from ..scenarios.wiod import is_wiod_name, run_name, summary
from .format import jsonable

__all__ = ["is_wiod_name", "run_wiod"]


def run_wiod(args) -> int:
    """Run one ``wiod-YYYY`` scenario for ``unequal-exchange run`` (report, JSON or NetCDF)."""
    if args.set:
        raise InputError("wiod-YYYY scenarios take no --set: their data are the WIOD tables")
    ds = run_name(args.scenario)
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.json:
        print(json.dumps(jsonable(ds), indent=1, default=float))
    else:
        print(summary(ds))
        if args.out:
            print(f"\nsaved: {args.out}")
    return 0
