"""The ``unequal-exchange`` command line.

Every command prints a readable report (or JSON with ``--json``). Bad input exits with code 2
and one line per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import ParameterError, ScenarioError, UnequalExchangeError

EXAMPLES = {
    "run": "unequal-exchange run baseline --set maquila_wage_ratio=0.2 --out run.nc",
    "calibrate": "unequal-exchange calibrate --write",
    "validate": "unequal-exchange validate",
    "scenarios": "unequal-exchange scenarios",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unequal-exchange",
        description="Mexico–US unequal exchange: values, prices of production and the drain "
        "of labour power.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, help_text):
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example: {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return p

    run = add("run", "compute every channel of the Mexico–US accounts for a scenario")
    run.add_argument(
        "scenario",
        nargs="?",
        default="baseline",
        help="built-in scenario name or path to a TOML file (default: baseline)",
    )
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter (repeatable)",
    )
    run.add_argument("--out", type=Path, help="save the result Dataset to a NetCDF file")
    run.add_argument("--json", action="store_true", help="print JSON instead of a report")

    cal = add("calibrate", "derive and fit the baseline parameters from the shipped data")
    cal.add_argument(
        "--write", action="store_true", help="rewrite the shipped baseline scenario with the result"
    )
    cal.add_argument("--json", action="store_true", help="print JSON instead of a report")

    val = add("validate", "print model results beside published estimates, with citations")
    val.add_argument("scenario", nargs="?", default="baseline")
    val.add_argument("--json", action="store_true", help="print JSON instead of a report")

    sc = add("scenarios", "list the built-in scenarios")
    sc.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _overrides(pairs: list[str]) -> dict[str, float]:
    out, problems = {}, []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            problems.append(f"--set expects NAME=VALUE, got {pair!r}")
            continue
        try:
            out[name.strip()] = float(value)
        except ValueError:
            problems.append(f"--set {name}: {value!r} is not a number")
    if problems:
        raise ParameterError(problems)
    return out


def _usd(x: float) -> str:
    x = float(x)
    for div, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "M")):
        if abs(x) >= div:
            return f"{x / div:,.2f} {unit} USD"
    return f"{x:,.0f} USD"


def _report_run(ds, gdp: float) -> str:
    lines = [
        f"Mexico–US accounts — scenario {ds.attrs['scenario']!r} "
        f"(calibration year {ds.attrs['calibration_year']}, hours_weighting = "
        f"{ds.attrs['hours_weighting']:g})",
        "",
    ]

    def line(label, name, share=True):
        v = float(ds[name])
        pct = f"{v / gdp:8.2%} of MX GDP" if share else ""
        lines.append(f"  {label:44s} {_usd(v):>18s}/yr  {pct}")

    lines.append("1. Price channel (unequal exchange proper)")
    line("price transfer MX → US", "price_transfer")
    for f in ds.factor.values:
        v = float(ds.price_transfer_by_factor.sel(factor=f))
        tag = {
            "wage": "strict sense: wage gap",
            "composition": "broad sense: composition gap",
            "intensity": "intensity",
            "structural": "structural",
        }[str(f)]
        lines.append(f"     {tag:42s} {_usd(v):>18s}/yr  {v / gdp:8.2%} of MX GDP")
    line("  equal hours (hours_weighting = 0)", "price_transfer_equal_hours")
    line("  productivity-weighted hours (= 1)", "price_transfer_productivity_weighted")
    lines.append(f"  {'equalised profit rate':44s} {float(ds.profit_rate):18.2%}")
    lines.append("2. Ownership channel")
    line("repatriated enclave profit", "repatriated_profit")
    line("enclave surplus drained (prices + ownership)", "enclave_surplus_drained")
    lines.append("3. Global labour arbitrage")
    line("labour arbitrage rent", "labour_arbitrage_rent")
    lines.append("4. Indirect labour export (enclaves)")
    lines.append(f"  {'enclave hours':44s} {float(ds.enclave_hours) / 1e9:15.2f} bn h/yr")
    lines.append(
        f"  {'US full-time worker equivalents':44s} "
        f"{float(ds.enclave_worker_equivalents) / 1e6:15.2f} M"
    )
    line("wage bill Mexico keeps", "enclave_wage_bill")
    line("enclave exports", "enclave_exports")
    line("imported components", "enclave_imported_inputs")
    lines.append("5. Direct labour export (migration)")
    line("training cost transfer (net of returns)", "training_cost_transfer")
    line("reproduction cost transfer", "reproduction_cost_transfer")
    line("remittances", "remittances")
    lines.append(
        f"  {'remittances / formation-cost transfer':44s} "
        f"{float(ds.remittance_compensation_ratio):18.2f}"
    )
    lines.append(
        f"  {'training cost in the migrant stock':44s} {_usd(ds.training_cost_stock):>18s}"
    )
    lines.append(
        f"  {'reproduction cost in the migrant stock':44s} {_usd(ds.reproduction_cost_stock):>18s}"
    )
    lines.append(
        f"  {'  = years of remittances':44s} "
        f"{float(ds.formation_cost_stock_in_remittance_years):18.1f}"
    )
    lines.append(f"  {'brain waste (training cost, stock)':44s} {_usd(ds.brain_waste_cost):>18s}")
    line("surplus value of Mexican-born workers in US", "migrant_surplus_value")
    lines.append("6. Total drain")
    line("total drain", "total_drain")
    for c in ds.channel.values:
        lines.append(f"     share: {c:37s} {float(ds.drain_share.sel(channel=c)):18.1%}")
    lines.append("")
    lines.append("Per sector:     hours (bn h)  wage (USD/h)  VA/h (USD)  s/v    (K−v)/v  transfer")
    for s in ds.sector.values:
        d = ds.sel(sector=s)
        lines.append(
            f"  {s:14s} {float(d.hours) / 1e9:10.2f} {float(d.wage):12.2f} "
            f"{float(d.value_added_per_hour):11.2f} {float(d.surplus_value_rate):7.2f} "
            f"{float(d.organic_composition):8.2f}  {_usd(d.transfer):>16s}"
        )
    return "\n".join(lines)


def _jsonable(ds) -> dict:
    out = {"attrs": {k: (v.item() if hasattr(v, "item") else v) for k, v in ds.attrs.items()}}
    for name, var in ds.data_vars.items():
        values = var.values
        entry = {"units": var.attrs.get("units", ""), "dims": list(var.dims)}
        entry["value"] = values.item() if values.ndim == 0 else values.tolist()
        out[name] = entry
    out["coords"] = {k: [str(x) for x in ds[k].values] for k in ds.dims}
    return out


def _cmd_run(args) -> int:
    from .scenarios.run import run
    from .scenarios.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    if args.set:
        scenario = scenario.with_parameters(**_overrides(args.set))
    ds = run(scenario)
    if args.out:
        ds.to_netcdf(args.out, engine="h5netcdf")
    if args.json:
        print(json.dumps(_jsonable(ds), indent=1, default=float))
    else:
        print(_report_run(ds, float(scenario.parameters["mx_gdp"])))
        if args.out:
            print(f"\nsaved: {args.out}")
    return 0


def _cmd_calibrate(args) -> int:
    from .calibration.fit import calibrate

    result = calibrate()
    if args.json:
        print(
            json.dumps(
                {
                    "parameters": result.parameters,
                    "fit": {
                        t: float(result.fit.relative_residual.sel(target=t))
                        for t in result.fit.target.values
                    },
                },
                indent=1,
            )
        )
    else:
        print("Fit of the unobserved parameters (least squares, log residuals):")
        print(result.report())
        print(
            f"\n{len(result.parameters)} parameters; enclave_output_per_hour = "
            f"{result.parameters['enclave_output_per_hour']:.4f} USD/h"
        )
    if args.write:
        from importlib import resources

        path = Path(
            str(resources.files("unequal_exchange.scenarios").joinpath("library", "baseline.toml"))
        )
        result.write_baseline(path)
        print(f"wrote {path}")
    return 0


def _cmd_validate(args) -> int:
    from .validation import validate

    ds = validate(args.scenario)
    if args.json:
        print(json.dumps(_jsonable(ds), indent=1, default=str))
        return 0
    print("Model beside published estimates (validation only, never fitted):\n")
    for q in ds.comparison.values:
        r = ds.sel(comparison=q)
        print(
            f"- {q} [{r.units.item()}]: model {float(r.model):.4g}, published "
            f"{float(r.published):.4g} — {r.comment.item()}\n    source: {r.source.item()}"
        )
    return 0


def _cmd_scenarios(args) -> int:
    from .scenarios.scenario import list_scenarios, load_scenario

    rows = [(name, load_scenario(name).description) for name in list_scenarios()]
    if args.json:
        print(json.dumps(dict(rows), indent=1))
    else:
        for name, desc in rows:
            print(f"{name:32s} {desc}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "run": _cmd_run,
        "calibrate": _cmd_calibrate,
        "validate": _cmd_validate,
        "scenarios": _cmd_scenarios,
    }[args.command]
    try:
        return handler(args)
    except (ScenarioError, ParameterError) as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except UnequalExchangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
