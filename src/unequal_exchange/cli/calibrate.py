"""``unequal-exchange calibrate``: derive and fit the baseline parameters."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ._common import (
    add_command,
)


def add_parser(subparsers) -> None:
    cal = add_command(
        subparsers, "calibrate", "derive and fit the baseline parameters from the shipped data"
    )
    cal.add_argument(
        "--write",
        type=Path,
        metavar="PATH",
        help="write the calibrated baseline scenario to PATH (a developer regenerates the "
        "shipped one with --write src/unequal_exchange/scenarios/library/baseline.toml "
        "--overwrite from a source checkout)",
    )
    cal.add_argument(
        "--ranges",
        type=Path,
        metavar="PATH",
        help="write the plausible ranges (value, low, high, sources) to PATH as CSV (the "
        "shipped table is src/unequal_exchange/calibration/data/ranges.csv, sampled by "
        "sensitivity)",
    )
    cal.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing file at --write PATH or --ranges PATH",
    )
    cal.add_argument(
        "--fit-until",
        type=int,
        metavar="YEAR",
        help="fit the dynamics only to observations up to YEAR (e.g. 2012) and report the later "
        "ones as out-of-sample checks; by default the whole record to 2023",
    )
    cal.add_argument("--json", action="store_true", help="print JSON instead of a report")


def run(args) -> int:
    from ..calibration.fit import calibrate, check_writable
    from ..calibration.ranges import write_ranges
    from ..scenarios.scenario import write_baseline

    if args.write is not None:  # refuse before the minute of fitting, not after
        check_writable(args.write, args.overwrite)
    if args.ranges is not None:
        check_writable(args.ranges, args.overwrite)
    result = calibrate(fit_until=args.fit_until)
    record = result.track_record()
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
                    "fit_until": result.fit_until,
                    "track_record": {
                        var: {
                            "years": r["years"].tolist(),
                            "observed": r["observed"].tolist(),
                            "model": r["model"].tolist(),
                            "relative_error": r["relative_error"].tolist(),
                            "units": r["units"],
                            "mape_after": r["mape_after"],
                            "rmse_after": r["rmse_after"],
                        }
                        for var, r in record.items()
                    },
                },
                indent=1,
            )
        )
    else:
        print("Fit of the unobserved parameters (least squares, log residuals):")
        print(result.report())
        print("\nFit of the dynamics to observed paths (checks are reported, not fitted):")
        print(result.dynamic_report())
        split = result.fit_until or 2012
        print(f"\nTrack record (observed / model, relative error; after {split}: out of sample"
              f" if the fit stops there):")  # fmt: skip
        for var, r in record.items():
            print(f"{var} ({r['units']}): MAPE after {split} {r['mape_after']:.1%}, "
                  f"RMSE after {split} {r['rmse_after']:.4g}")  # fmt: skip
            for y, o, m, e in zip(r["years"], r["observed"], r["model"], r["relative_error"],
                                  strict=True):  # fmt: skip
                print(f"  {y}  {o:12.4g}  {m:12.4g}  {e:+7.1%}")
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
    if args.ranges is not None:
        write_ranges(result.derived, args.ranges, overwrite=args.overwrite)
        print(f"wrote {args.ranges}")
    return 0
