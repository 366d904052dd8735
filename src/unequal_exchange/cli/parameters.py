"""``unequal-exchange parameters``: units, domain, value, range, source, role."""

from __future__ import annotations

import json

from ._common import (
    add_command,
    load,
)


def add_parser(subparsers) -> None:
    pa = add_command(
        subparsers, "parameters", "list the model parameters: units, domain, value, range, source"
    )
    pa.add_argument("scenario", nargs="?", default="baseline", help="whose values to show")
    pa.add_argument(
        "--dynamics",
        action="store_true",
        help="kept for compatibility: the ranges of every parameter, the dynamic ones "
        "included, now ship with the package (calibration/data/ranges.csv)",
    )
    pa.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _row(spec, value: float) -> dict:
    return {
        "name": spec.name,
        "units": spec.units,
        "description": spec.description,
        "provenance": spec.provenance,
        "role": spec.role,
        "use": spec.use,
        "domain": spec.domain(),
        "value": value,
        "calibrated_value": spec.value,
        "range": [spec.low, spec.high],
        "source": list(spec.sources),
        "derivation": spec.range_source,
    }


def run(args) -> int:
    from ..calibration.ranges import parameter_records

    scenario = load(args.scenario)
    rows = [
        _row(spec, float(scenario.parameters[name])) for name, spec in parameter_records().items()
    ]
    if args.json:
        print(json.dumps({"scenario": scenario.name, "parameters": rows}, indent=1))
        return 0
    print(f"Parameters of scenario {scenario.name!r} ({len(rows)}; range = plausible range used")
    print("for sensitivity; source = rows of calibration/data/figures.csv):\n")
    for r in rows:
        rng = f"{r['range'][0]:.6g} – {r['range'][1]:.6g}"
        print(
            f"{r['name']}  [{r['units']}]  {r['provenance']}, {r['role']}, {r['use']}: "
            f"{r['description']}"
        )
        print(f"    value {r['value']:.6g}   domain {r['domain']}   range {rng}")
        print(
            f"    source: {', '.join(r['source']) or 'none'}"
            + (f" ({r['derivation']})" if r["derivation"] else "")
        )
    return 0
