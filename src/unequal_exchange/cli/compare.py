"""``unequal-exchange compare``: two scenarios side by side."""

from __future__ import annotations

import json

from ._common import (
    add_command,
    add_set,
    load,
    load_with_sets,
)
from .format import format_quantity


def add_parser(subparsers) -> None:
    cmp = add_command(subparsers, "compare", "compare every channel of two scenarios side by side")
    cmp.add_argument("a", help="first scenario (name or TOML path)")
    cmp.add_argument("b", help="second scenario (name or TOML path)")
    add_set(
        cmp,
        "override a parameter of scenario B (repeatable), e.g. compare baseline "
        "baseline --set maquila_wage_ratio=0.2",
    )
    cmp.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args) -> int:
    from ..scenarios.run import run as run_scenario

    a, b = load(args.a), load_with_sets(args.b, args.set, static_command="compare")
    da, db = run_scenario(a), run_scenario(b)
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
        pc = units == "1/yr"  # the static accounts' only 1/yr quantity is the rate of profit
        change = f"{(y - x) / abs(x):+8.1%}" if x else "       —"
        if len(label) > 52:  # the whole name on its own line, never cut
            print(label)
            label = f"  ({n})"
        print(
            f"{label:52s} {format_quantity(x, units, percent=pc):>20s} "
            f"{format_quantity(y, units, percent=pc):>20s} "
            f"{format_quantity(y - x, units, sign=True, percent=pc):>20s} {change}"
        )
    for title, name, dim in (
        ("Emmanuel's per-hour factors, the default (strict = wage, broad = composition)",
         "price_transfer_by_factor", "factor"),
        ("value compositions at actual wages, the alternative (e at given K/v, K/v)",
         "price_transfer_by_value_factor", "value_factor"),
    ):  # fmt: skip
        print(f"\nprice transfer MX → US by {title}:")
        for f in da[dim].values:
            x = float(da[name].sel({dim: f}))
            y = float(db[name].sel({dim: f}))
            print(
                f"  {f!s:50s} {format_quantity(x, 'USD/yr'):>20s} "
                f"{format_quantity(y, 'USD/yr'):>20s} "
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
