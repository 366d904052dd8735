"""``unequal-exchange simulate``: annual two-country dynamics 1990–2040."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

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
from .format import jsonable

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


def add_parser(subparsers) -> None:
    sim = add_command(subparsers, "simulate", "annual two-country dynamics 1990–2040 (key paths)")
    sim.add_argument("scenario", nargs="?", default="baseline")
    add_set(sim, "override a parameter of the scenario (repeatable)")
    sim.add_argument("--start", type=whole, default=1990, help="first year (must be 1990)")
    sim.add_argument("--end", type=whole, default=2040, help="last year")
    sim.add_argument("--every", type=positive_int, default=5, help="print every N-th year")
    sim.add_argument("--out", type=Path, help="save the paths to a NetCDF file (.nc)")
    sim.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sim.add_argument(
        "--figure",
        type=Path,
        help="save the key paths beside the baseline's, and where graduates go (.png, .pdf "
        "or .svg; a second file NAME-graduates.EXT)",
    )
    add_overwrite(sim, "--out or --figure")


def run(args) -> int:
    from ..scenarios.simulate import LEVEL_DIM, simulate

    check_out(args.out, NETCDF, args.overwrite)
    if args.figure:
        check_figure(args.figure, args.overwrite)
        check_figure(_second_figure(args.figure), args.overwrite)
    scenario = load_with_sets(args.scenario, args.set)
    ds = simulate(scenario, years=range(args.start, args.end + 1))
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.json:
        print(json.dumps(jsonable(ds), indent=1, default=float))
        return 0
    print(f"Dynamics — scenario {ds.attrs['scenario']!r}; shocks: {_shock_text(scenario.shocks)}")
    _print_paths(ds, SIMULATE_TABLE, args.every)
    if float(ds.outflow_capped.max()) == 1.0:
        print(f"note: outflows capped in {ds.attrs['outflow_capped']}")
    ds = ds.assign(
        graduate_entrants=ds.graduate_entrants,
        skilled_emigration_total=ds.skilled_emigration.sum(LEVEL_DIM),
        **{
            f"skilled_stock_{lv}": ds.skilled_stock.sel({LEVEL_DIM: lv}) for lv in ("master", "phd")
        },
    )
    print("\nGraduates, their absorption at home and skilled emigration:")
    _print_paths(ds, GRADUATE_TABLE, args.every)
    print(f"\nanchor: {ds.attrs['anchor']}")
    if args.start <= 2011 <= args.end:
        _print_static_comparison(scenario)
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


def _print_static_comparison(scenario) -> None:
    from ..scenarios.simulate import compare_with_static

    c = compare_with_static(scenario)
    print("\n2011: simulated path vs static accounts (`run`); the path's own 2011 quantities")
    print("differ from the observed ones the static accounts use (docs/model.md §5):")
    for name, (sim, static) in c["transfers"].items():
        print(f"  {name:28s} {sim / 1e9:10.2f} vs {static / 1e9:10.2f} bn USD")
    for label, (sim, static) in c["inputs"].items():
        unit, div = ("tn USD", 1e12) if label == "Mexican GDP" else ("M", 1e6)
        print(f"  {label:28s} {sim / div:10.3f} vs {static / div:10.3f} {unit}")


def _shock_text(shocks) -> str:
    if not shocks:
        return "none"
    return "; ".join(f"{p} = {v:g} in {a}–{b}" for p, v, a, b in shocks)


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
