"""``measures``: four measures of unequal exchange side by side, on the same data.

For the stylised 2011 calibration (a scenario) and for the WIOD input–output accounts (one
year or a series), the price-of-production transfer, the embodied-labour exchange, the
exchange-rate deviation and captured-minus-produced value, plus the ownership channel and the
labour-arbitrage rent where they are separate flows. Each measure is one entry of a ``measure``
dimension with its family, variant (the convention it is computed at), whether it is the
scenario's default, its scope, what it includes and excludes and which other entries it
overlaps (never add overlapping entries). Formulas and sources: docs/model.md, "Four measures
of unequal exchange, side by side".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import xarray as xr

from .._version import __version__
from ..calibration import wiod
from ..calibration.data import PWT_CITATION, figure, pwt
from ..errors import InputError, NonViableError
from ..model.mexico_us import accounts as mu
from ..model.mexico_us import io_accounts
from ..model.mexico_us import measures as me
from ..model.mexico_us.parameters import PARAMETERS
from . import wiod as swiod
from .scenario import Scenario, load_scenario

SIGN = "+ = Mexico loses (a transfer from Mexico to the US)"
# The conventions the stylised traded pool and its price system read; the two migration
# conventions (formation_where_trained, discount_rate) value formation costs only, so they
# would repeat every price-based row with the same value (tested).
PRICE_CONVENTIONS = ("capital_basis", "hours_weighting", "pool_basis")
# captured minus produced reads the pool and its valuation, not the capital advanced
POOL_CONVENTIONS = ("hours_weighting", "pool_basis")
YEARS_RANGE = re.compile(r"^(\d{4}):(\d{4})$")


@dataclass(frozen=True)
class Family:
    """What a family of measures is: its concept, source, scope and inclusions."""

    concept: str
    citation: str
    includes: str
    excludes: str
    overlaps: str


FAMILIES: dict[str, Family] = {
    "price_of_production": Family(
        "value transferred through prices of production with one international profit rate",
        "Emmanuel (1969/1972) Unequal Exchange; Marx, Capital III ch. 9",
        "the traded product's hours, wages and capital of both countries",
        "ownership of capital, migration, money wages' purchasing power",
        "captured_minus_produced (the same price-value gap on the same pool), "
        "exchange_rate_deviation (the same trade flow), embodied_labour (a flow of hours) and "
        "labour_arbitrage: never added to any of them; ownership may be added",
    ),
    "embodied_labour": Family(
        "net hours embodied in trade, valued at a price of an hour",
        "Hickel, Dorninger, Wieland & Suwandi (2022) Global Environmental Change 73, 102467; "
        "Hickel, Hanbury Lemos & Barbour (2024) Nature Communications 15, 6298",
        "direct and (IO data) indirect hours in bilateral exports",
        "differences in the value an hour creates; third-country hours",
        "every other measure: a different concept (a flow of hours, not of value), never added",
    ),
    "exchange_rate_deviation": Family(
        "exports revalued at PPP minus their value at market exchange rates",
        "Köhler (1998) Journal of World-Systems Research 4(2), 145–168; Hickel, "
        "Sullivan & Zoomkawala (2021) New Political Economy 26(6), 1030–1047",
        "the whole price-level gap (PWT pl_gdpo) applied to exports",
        "productivity differences (a price-level gap is not a value gap), imports",
        "price_of_production, captured_minus_produced and embodied_labour (same trade flow, "
        "different valuation): never added to any of them",
    ),
    "captured_minus_produced": Family(
        "value produced (reduced hours × MELT) minus value captured (value added)",
        "Ricci (2019) Review of Radical Political Economics 51(2), 225–245",
        "all of Mexico's value added in the pool or the system, at market prices",
        "profit-rate equalisation (captured value is observed, not a price of production)",
        "price_of_production (same pool), exchange_rate_deviation and embodied_labour (same "
        "trade flow): never added to any of them",
    ),
    "ownership": Family(
        "enclave profit owned abroad (repatriated profit)",
        "Delgado Wise & Cypher (2007) Annals AAPSS 615, 120–142 (ownership of the enclaves)",
        "r K of the enclaves times the foreign-owned share",
        "profit of domestic exporters; interest and royalties",
        "separate flow: may be added to price_of_production only (run's total_drain does); "
        "never to labour_arbitrage, which overlaps it",
    ),
    "labour_arbitrage": Family(
        "enclave hours × (US manufacturing wage − enclave wage)",
        "Smith (2016) Imperialism in the Twenty-First Century (Monthly Review Press)",
        "wages saved by producing in the enclaves instead of the US",
        "everything outside the enclaves",
        "price_of_production and ownership (the saving is realised partly as enclave profit), "
        "never added",
    ),
}


def _pl(year: int) -> tuple[float, float]:
    """PWT 10.01 price levels of GDP (pl_gdpo) of Mexico and the US in ``year``."""
    table = pwt()
    return table[("MEX", year)]["pl_gdpo"], table[("USA", year)]["pl_gdpo"]


def convention_grid(
    parameters, conventions: Iterable[str] | None = None
) -> tuple[list[dict], list[str], int]:
    """Every combination of the options of the conventions (default: every
    ``use == "convention"`` parameter; ``conventions`` restricts to those a measure reads).

    Returns (overrides per combination, label per combination, index of the scenario's own
    combination). If the scenario sets a convention to a value that is not among its options,
    that value is one more option (the default).
    """
    wanted = None if conventions is None else set(conventions)
    names = sorted(
        k
        for k, p in PARAMETERS.items()
        if p.use == "convention" and k in parameters and (wanted is None or k in wanted)
    )
    options = []
    for k in names:
        opts = list(PARAMETERS[k].options)
        own = float(parameters[k])
        if not any(np.isclose(v, own) for v, _ in opts):
            opts.append((own, f"{k} = {own:g} (scenario)"))
        options.append(opts)
    overrides, labels, default = [], [], 0
    for i, combo in enumerate(itertools.product(*options)):
        overrides.append({k: v for k, (v, _) in zip(names, combo, strict=True)})
        labels.append("; ".join(f"{k}={lab}" for k, (_, lab) in zip(names, combo, strict=True)))
        if all(np.isclose(v, float(parameters[k])) for k, (v, _) in zip(names, combo, strict=True)):
            default = i
    return overrides, labels, default


def _rows_dataset(rows: list[dict], gdp, extra_dims: tuple[str, ...] = ()) -> xr.Dataset:
    values = np.stack([np.asarray(r["value"], dtype=float) for r in rows], axis=-1)
    hours = np.stack(
        [
            np.asarray(
                r.get(
                    "hours",
                    np.nan * np.ones_like(r["value"]),
                ),
                dtype=float,
            )
            for r in rows
        ],
        axis=-1,
    )
    gdp = np.asarray(gdp, dtype=float)
    dims = (*extra_dims, "measure")
    fam = [r["family"] for r in rows]
    coords = {
        "measure": [f"{r['family']}: {r['variant']}" for r in rows],
        "family": ("measure", fam),
        "variant": ("measure", [r["variant"] for r in rows]),
        "default": ("measure", np.array([bool(r.get("default", False)) for r in rows])),
        "scope": ("measure", [r["scope"] for r in rows]),
        "includes": ("measure", [FAMILIES[f].includes for f in fam]),
        "excludes": ("measure", [FAMILIES[f].excludes for f in fam]),
        "overlaps": ("measure", [FAMILIES[f].overlaps for f in fam]),
        "citation": ("measure", [FAMILIES[f].citation for f in fam]),
    }
    data = {
        "value": (
            dims,
            values,
            {"units": "USD/yr", "long_name": "transfer from Mexico", "sign": SIGN},
        ),
        "share_gdp": (
            dims,
            values / gdp[..., None],
            {"units": "1", "long_name": "transfer from Mexico / Mexican GDP", "sign": SIGN},
        ),
        "hours": (
            dims,
            hours,
            {
                "units": "h/yr",
                "long_name": "the measure in hours, where it is one (NaN otherwise)",
                "sign": SIGN,
            },
        ),
        "gdp": (extra_dims, gdp, {"units": "USD/yr", "long_name": "Mexican GDP of the data"}),
    }
    return xr.Dataset(data, coords=coords)


def stylised_rows(
    scenario: Scenario, *, own_conventions: bool = False, accounts: dict | None = None
) -> tuple[list[dict], float]:
    """The measures of one stylised scenario (the 2011 calibration), as rows.

    The price-based families range over every combination of ``PRICE_CONVENTIONS``; with
    ``own_conventions`` only over the scenario's own (the entries flagged ``default``), which
    is what an interactive page needs. ``accounts`` (:func:`run`'s accounts of the scenario,
    e.g. from the compiled kernel) is used instead of computing them again.
    """
    p = dict(scenario.parameters)
    acc = mu.accounts(p) if accounts is None else accounts
    if int(acc["status"]) != mu.OK:
        raise NonViableError(
            f"scenario {scenario.name!r} is not viable: {mu.STATUS_NAMES[int(acc['status'])]}"
        )
    overrides, labels, default = convention_grid(p, PRICE_CONVENTIONS)
    pool_grid = convention_grid(p, POOL_CONVENTIONS)
    if own_conventions:
        overrides, labels, default = [{}], [labels[default]], 0
        pool_grid = ([{}], [pool_grid[1][pool_grid[2]]], 0)
    rows: list[dict] = []
    pool_scope = "stylised 2011 traded pool (Mexico's exports to the US and the US's to Mexico)"
    side = "; one side of the exchange (as the WIOD seller side; the net bilateral is twice it)"
    for i, (o, lab) in enumerate(zip(overrides, labels, strict=True)):
        a = mu.accounts({**p, **o}) if o else acc
        ok = int(a["status"]) == mu.OK
        rows.append(
            {
                "family": "price_of_production",
                "variant": lab,
                "default": i == default,
                "scope": pool_scope + side,
                "value": a["price_transfer"] if ok else np.nan,
                "hours": a["price_transfer_hours"] if ok else np.nan,
            }
        )
    for i, (o, lab) in enumerate(zip(*pool_grid[:2], strict=True)):
        default = pool_grid[2]
        pool = me.stylised_pool({**p, **o})
        v = me.captured_minus_produced(pool["value_mx"], pool["value_added_mx"], pool["melt"])
        rows.append(
            {
                "family": "captured_minus_produced",
                "variant": f"traded pool; {lab}",
                "default": i == default,
                "scope": pool_scope,
                "value": v,
                "hours": v / pool["melt"],
            }
        )
    pool = me.stylised_pool(p)
    emb = me.embodied_labour_exchange(
        pool["hours_mx"], pool["hours_us"], pool["wage_us"], pool["wage_mx"], pool["melt"]
    )
    for key, lab in (
        ("at_us_wage", "at the US wage"),
        ("at_mx_wage", "at the Mexican wage"),
        ("at_melt", "at the pool's MELT"),
    ):
        rows.append(
            {
                "family": "embodied_labour",
                "variant": f"{lab} (all skills)",
                "default": key == "at_us_wage",
                "scope": pool_scope + ", direct hours only",
                "value": emb[key],
                "hours": emb["net_hours"],
            }
        )
    pl_mx, pl_us = _pl(2011)
    for exports, lab, default_x in (
        (p["mx_exports_to_us"], "exports to the US", True),
        (figure("M12_total_exports_2011").value * 1e6, "all exports (WTO, 2011)", False),
    ):
        rows.append(
            {
                "family": "exchange_rate_deviation",
                "variant": f"{lab}, PWT pl_gdpo",
                "default": default_x,
                "scope": "Mexican merchandise exports, 2011",
                "value": me.exchange_rate_deviation(exports, pl_mx, pl_us),
            }
        )
    rows.append(
        {
            "family": "ownership",
            "variant": "repatriated enclave profit",
            "default": True,
            "scope": "IMMEX enclaves, 2011",
            "value": acc["repatriated_profit"],
        }
    )
    rows.append(
        {
            "family": "labour_arbitrage",
            "variant": "enclave wage gap to US manufacturing",
            "default": True,
            "scope": "IMMEX enclaves, 2011",
            "value": acc["labour_arbitrage_rent"],
        }
    )
    return rows, float(p["mx_gdp"])


def _us_skill_wages(s, country="USA") -> np.ndarray:
    """Average hourly labour compensation of the high-, medium- and low-skilled in a country."""
    sel = s.country_of == country
    lab = s.wage[sel] * s.hours[sel]
    comp = (s.skill_compensation[:, sel] * lab).sum(axis=1)
    hrs = (s.skill_hours[:, sel] * s.hours[sel]).sum(axis=1)
    return np.where(hrs > 0, comp / np.where(hrs > 0, hrs, 1.0), 0.0)


def io_rows(year: int) -> tuple[list[dict], float]:
    """The measures of one WIOD year (MEX–USA system, RoW exogenous), as rows."""
    ds = swiod.run_wiod_year(year)
    s = wiod.wiod_system(year, ("MEX", "USA"), "exogenous", "LAB")
    s_all = wiod.wiod_system(year, ("MEX", "USA"), "endogenous", "LAB")
    x_all = float(io_accounts.exports(s_all)[0].sum() * 1e6)
    return system_rows(s, ds, x_all, _pl(year), wiod.schooling(), f"WIOD {year}")


def system_rows(
    s: io_accounts.IOSystem,
    ds: xr.Dataset,
    x_all: float,
    price_levels: tuple[float, float],
    school: dict,
    label: str,
) -> tuple[list[dict], float]:
    """The measures of an input–output system with ``MEX`` and ``USA`` blocks, as rows.

    ``ds`` holds the accounts of ``s`` along ``convention`` (:func:`io_accounts.accounts`
    concatenated), ``x_all`` Mexico's exports to every destination (USD/yr), ``price_levels``
    (pl_MX, pl_US) and ``school`` the schooling years of the ``education`` reduction.
    """
    scope = f"{label}: MEX–USA bilateral trade (RoW exogenous)"
    conv = [str(c) for c in ds.convention.values]
    rows = _price_rows(ds, conv, scope)
    rows += _captured_rows(s, conv, school, scope, label)
    rows += _embodied_rows(s, ds, conv, scope)
    x_us = float(ds.exports.sel(exporter="MEX"))
    for x, lab, dflt in ((x_us, "exports to the US", True), (x_all, "all exports", False)):
        rows.append(
            {
                "family": "exchange_rate_deviation",
                "variant": f"{lab}, PWT pl_gdpo",
                "default": dflt,
                "scope": f"{label}: Mexican exports of goods and services",
                "value": me.exchange_rate_deviation(x, *price_levels),
            }
        )
    return rows, float(ds.gdp)


def _price_rows(ds: xr.Dataset, conv: list[str], scope: str) -> list[dict]:
    """Emmanuel: the price-of-production transfer at each reduction, and at national rates."""
    rows: list[dict] = []
    for c in conv:
        d = ds.sel(convention=c)
        rows.append(
            {
                "family": "price_of_production",
                "variant": f"reduction={c}",
                "default": c == "simple",
                "scope": scope,
                "value": d.price_transfer,
                "hours": d.price_transfer_hours,
            }
        )
    if "price_transfer_by_side" in ds:  # one side, comparable with the stylised pool's
        for c in conv:
            d = ds.sel(convention=c)
            seller = d.price_transfer_by_side.sel(side="seller")
            rows.append(
                {
                    "family": "price_of_production",
                    "variant": f"reduction={c}; seller side (one side, as the stylised pool)",
                    "scope": scope,
                    "value": seller,
                    "hours": seller / d.melt,
                }
            )
    rows.append(
        {
            "family": "price_of_production",
            "variant": f"reduction={conv[0]}; national profit rates",
            "scope": scope,
            "value": ds.sel(convention=conv[0]).price_transfer_national,
        }
    )
    return rows


def _per_output(s: io_accounts.IOSystem, values: np.ndarray) -> np.ndarray:
    """``values`` per USD of gross output (0 where an industry has no output)."""
    return np.where(s.output > 0, values / np.where(s.output > 0, s.output, 1), 0.0)


def _captured_rows(
    s: io_accounts.IOSystem, conv: list[str], school: dict, scope: str, label: str
) -> list[dict]:
    """Ricci: value captured minus value produced, on the traded pool and the whole system."""
    mex = s.country_of == "MEX"
    leon = io_accounts.leontief_inverse(io_accounts.input_coefficients(s.z, s.output))
    total = leon @ io_accounts.exports(s).sum(axis=0)  # gross output needed for the pool
    va_coef, l = _per_output(s, s.value_added), _per_output(s, s.hours)
    rows: list[dict] = []
    for c in conv:
        mu_c = io_accounts.complexity(s, c, school)
        m_sys = io_accounts.melt(s, mu_c)
        sys_v = me.captured_minus_produced(
            (mu_c * s.hours)[mex].sum(), s.value_added[mex].sum() * 1e6, m_sys
        )
        produced = (mu_c * l * total)[mex].sum()
        captured = (va_coef * total)[mex].sum() * 1e6
        m_trade = float(va_coef @ total) * 1e6 / float((mu_c * l) @ total)
        pool_v = me.captured_minus_produced(produced, captured, m_trade)
        rows.append(
            {
                "family": "captured_minus_produced",
                "variant": f"traded pool; reduction={c}",
                "default": c == "simple",
                "scope": scope,
                "value": pool_v,
                "hours": pool_v / m_trade,
            }
        )
        rows.append(
            {
                "family": "captured_minus_produced",
                "variant": f"IO system; reduction={c}",
                "scope": f"{label}: all MEX and USA industries",
                "value": sys_v,
                "hours": sys_v / m_sys,
            }
        )
    return rows


def _embodied_rows(
    s: io_accounts.IOSystem, ds: xr.Dataset, conv: list[str], scope: str
) -> list[dict]:
    """Hickel et al.: net embodied hours valued at average wages, the MELT, and by skill."""
    mex, usa = s.country_of == "MEX", s.country_of == "USA"
    hi, pi = s.countries.index("MEX"), s.countries.index("USA")
    emb = ds.embodied_hours_in_exports
    out, back = (
        float(emb.sel(exporter="MEX", worked_in="MEX")),
        float(emb.sel(exporter="USA", worked_in="USA")),
    )
    w_mx = float((s.wage * s.hours)[mex].sum() / s.hours[mex].sum())
    w_us = float((s.wage * s.hours)[usa].sum() / s.hours[usa].sum())
    m_simple = float(ds.melt.sel(convention=conv[0]))
    e = me.embodied_labour_exchange(out, back, w_us, w_mx, m_simple)
    escope = scope + ", direct and indirect hours"
    rows: list[dict] = [
        {
            "family": "embodied_labour",
            "variant": f"{lab} (all skills)",
            "scope": escope,
            "value": e[key],
            "hours": e["net_hours"],
        }
        for key, lab in (
            ("at_us_wage", "at the US average wage"),
            ("at_mx_wage", "at the Mexican average wage"),
            ("at_melt", "at the pool's MELT"),
        )
    ]
    # by skill (SEA skill shares): net hours of each skill valued at the US wage of that skill
    l = _per_output(s, s.hours)
    by_skill = []
    for k in range(3):
        h = io_accounts.embodied_hours(s, l * s.skill_hours[k])
        by_skill.append(h[hi, hi] - h[pi, pi])
    rows.append(
        {
            "family": "embodied_labour",
            "variant": "at US wages by skill (SEA)",
            "default": True,
            "scope": escope,
            "value": float(np.dot(by_skill, _us_skill_wages(s))),
            "hours": float(np.sum(by_skill)),
        }
    )
    return rows


def _years(arg) -> list[int] | None:
    if isinstance(arg, int) and not isinstance(arg, bool):
        return [arg]
    if isinstance(arg, str):
        m = YEARS_RANGE.match(arg)
        if m:
            first, last = int(m.group(1)), int(m.group(2))
            return list(range(first, last + 1))
        if swiod.is_wiod_name(arg):
            return None
        return None
    if isinstance(arg, range | list | tuple):
        return [int(y) for y in arg]
    return None


def _check_years(years: Iterable[int]) -> list[int]:
    years = list(years)
    bad = [y for y in years if y not in wiod.YEARS]
    if not years or bad:
        raise InputError(f"WIOD years must be in 1995–2011, got {bad or 'none'}")
    return years


def _attrs(ds: xr.Dataset, **extra) -> xr.Dataset:
    ds.attrs.update(
        sign_convention=SIGN,
        note="never add entries whose `overlaps` names each other; `default` marks the "
        "scenario's convention within each family",
        price_levels=f"PWT pl_gdpo (price level of output-side GDP, US 2017 = 1): {PWT_CITATION}",
        package_version=__version__,
        **extra,
    )
    return ds


def measures(scenario: Scenario | str | Iterable[int] | int = "baseline") -> xr.Dataset:
    """Four measures of unequal exchange side by side, on the same data.

    Parameters
    ----------
    scenario : Scenario, str, int or iterable of int
        A stylised scenario (name, file or Scenario: the 2011 calibration); ``"wiod-YYYY"``
        for one WIOD year; ``"YYYY:YYYY"``, a year or a list of years for the WIOD series
        (1995–2011).

    Returns
    -------
    xarray.Dataset
        Dimension ``measure`` (and ``year`` for a WIOD series). Variables ``value`` (USD/yr,
        + = Mexico loses), ``share_gdp`` (1, of Mexican GDP of the same data), ``hours`` (h/yr
        where the measure is a number of hours), ``gdp``. Coordinates along ``measure``:
        ``family`` (``price_of_production``, ``embodied_labour``,
        ``exchange_rate_deviation``, ``captured_minus_produced``, ``ownership``,
        ``labour_arbitrage``), ``variant`` (the convention), ``default`` (the scenario's
        convention), ``scope``, ``includes``, ``excludes``, ``overlaps`` and ``citation``.

    Raises
    ------
    ScenarioError, ParameterError
        If the scenario cannot be loaded.
    InputError
        If a WIOD year is outside 1995–2011.
    NonViableError
        If the stylised scenario is not viable.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> m = ue.measures("baseline")
    >>> sorted(set(m.family.values.tolist()))[:2]
    ['captured_minus_produced', 'embodied_labour']
    >>> d = m.where(m.default, drop=True)
    >>> round(float(d.share_gdp.sel(measure=d.measure[d.family == "price_of_production"])[0]), 3)
    0.106
    """
    years = _years(scenario)
    if isinstance(scenario, str) and swiod.is_wiod_name(scenario):
        swiod.run_name(scenario)  # checks the name and year
        year = int(scenario[5:])
        rows, gdp = io_rows(year)
        ds = _rows_dataset(rows, gdp)
        return _attrs(
            ds.assign_coords(year=year),
            scenario=scenario,
            data="WIOD 2013 release (Timmer et al. 2015), MEX–USA system",
        )
    if years is not None:
        years = _check_years(years)
        parts = [io_rows(y) for y in years]
        ds = _rows_dataset(
            [
                dict(
                    r,
                    value=np.array([p[0][i]["value"] for p in parts], float),
                    hours=np.array([p[0][i].get("hours", np.nan) for p in parts], float),
                )
                for i, r in enumerate(parts[0][0])
            ],
            np.array([p[1] for p in parts]),
            ("year",),
        )
        ds = ds.assign_coords(year=("year", years, {"units": "yr", "long_name": "year"}))
        return _attrs(
            ds,
            scenario="wiod-series",
            data="WIOD 2013 release (Timmer et al. 2015), MEX–USA system",
        )
    sc = load_scenario(scenario)
    rows, gdp = stylised_rows(sc)
    ds = _rows_dataset(rows, gdp)
    return _attrs(ds, scenario=sc.name, data="stylised 2011 calibration")


def table(ds: xr.Dataset) -> str:
    """A text table of one year's measures (``measures("baseline")`` or ``"wiod-YYYY"``)."""
    lines = [
        f"Four measures of unequal exchange — {ds.attrs.get('scenario', '')} "
        f"({ds.attrs.get('data', '')}); {SIGN}; * = default convention",
        "",
    ]
    fam = None
    for m in ds.measure.values:
        d = ds.sel(measure=m)
        if str(d.family.values) != fam:
            fam = str(d.family.values)
            lines.append(f"{fam}  [{FAMILIES[fam].citation}]")
        star = "*" if bool(d.default) else " "
        hrs = float(d.hours)
        h = f"{hrs / 1e9:8.2f} bn h" if hrs == hrs else " " * 13
        lines.append(  # the numbers first, then the whole variant (never cut: rows differ there)
            f" {star} {float(d.value) / 1e9:9.1f} bn USD {100 * float(d.share_gdp):7.2f} % GDP "
            f"{h}  {d.variant.values}"
        )
    return "\n".join(lines)


def series_table(ds: xr.Dataset) -> str:
    """A text table of the default measures (and ranges over variants) year by year, % of GDP."""
    fams = list(dict.fromkeys(str(f) for f in ds.family.values))
    fams = [f for f in fams if f in FAMILIES]
    width = max(24, *(len(f) + 1 for f in fams))
    head = "year " + " ".join(f"{f:>{width}s}" for f in fams)
    lines = [
        f"Measures of unequal exchange, % of Mexican GDP — default convention "
        f"[lowest–highest over its variants, IO-system variants excluded]; {SIGN}",
        "",
        head,
    ]
    for y in ds.year.values:
        d = ds.sel(year=y)
        cells = []
        for f in fams:
            sel = d.sel(measure=(d.family == f) & ~d.variant.str.startswith("IO system"))
            dflt = sel.share_gdp.where(sel.default, drop=True)
            v = 100 * float(dflt[0]) if dflt.size else float("nan")
            lo, hi = 100 * float(sel.share_gdp.min()), 100 * float(sel.share_gdp.max())
            cells.append(f"{v:7.2f} [{lo:6.2f}–{hi:6.2f}]")
        lines.append(f"{int(y)} " + " ".join(f"{c:>{width}s}" for c in cells))
    return "\n".join(lines)
