"""``unequal-exchange parameters``: units, domain, value, range, source."""

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
        help="also fit the dynamics (about 15 s) to show the ranges and sources of its parameters",
    )
    pa.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args) -> int:
    from ..model.mexico_us.parameters import PARAMETERS

    scenario = load(args.scenario)
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
