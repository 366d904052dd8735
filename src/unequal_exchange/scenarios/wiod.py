"""The ``wiod-YYYY`` scenario family: Mexico–US accounts on the WIOD 2013 input–output tables.

``run("wiod-2009")`` gives one year under every complex-labour reduction convention (dim
``convention``); :func:`run_wiod` gives the series over years (dim ``year``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import xarray as xr

from .._version import __version__
from ..calibration import wiod
from ..errors import InputError, ScenarioError
from ..model.mexico_us import io_accounts

NAME = re.compile(r"^wiod-(\d{4})$")
CONVENTIONS = io_accounts.CONVENTIONS
# quantities that no valuation convention may change (tested), and the paper's figures
REAL = (
    "hours",
    "output",
    "wage",
    "value_added_per_hour",
    "import_content",
    "import_content_total",
    "wage_ratio_to_us_manufacturing",
    "embodied_hours_in_exports",
    "value_added_in_exports",
    "profit_rate_observed",
    "exports",
    "embodied_hours_per_usd",
    "hours_ratio_in_trade",
    "gdp",
    "total_hours",
    "paper_import_content",
    "paper_wage_ratio",
)


def is_wiod_name(name: object) -> bool:
    """True for scenario names of the form ``wiod-YYYY``."""
    return isinstance(name, str) and NAME.match(name) is not None


def _one_year(year, countries, rest_of_world, conventions, wage) -> xr.Dataset:
    system = wiod.wiod_system(year, countries, rest_of_world, wage)
    school, paper = wiod.schooling(), wiod.paper_figures()
    parts = [io_accounts.accounts(system, c, school, paper=paper) for c in conventions]
    ds = xr.concat(parts, dim="convention", data_vars="all", combine_attrs="drop_conflicts")
    ds = ds.assign_coords(convention=list(conventions))
    ds.convention.attrs.update(long_name="complex-labour reduction convention")
    for name in REAL:  # identical under every convention: keep one copy
        ds[name] = ds[name].isel(convention=0, drop=True)
    ds = ds.merge(_capital_scopes(system, conventions, school, ds))
    ds.attrs.update(
        scenario=f"wiod-{system.year}",
        description="Mexico-US accounts on the WIOD 2013 world input-output tables "
        f"({system.year}), RoW {rest_of_world}",
        package_version=__version__,
        year=system.year,
        Conventions="CF-1.8",
    )
    ds.attrs.pop("convention", None)
    return ds


def _capital_scopes(system, conventions, school, ds) -> xr.Dataset:
    """The net transfer and the profit rate under each capital scope (which industries' capital
    enters the profit-rate equalisation), beside the reference ("all")."""
    scopes = io_accounts.CAPITAL_SCOPES
    net = np.zeros((len(conventions), len(scopes)))
    seller, r = np.zeros_like(net), np.zeros_like(net)
    for i, c in enumerate(conventions):
        for j, scope in enumerate(scopes):
            d = io_accounts.transfer_hours(system, c, school, scope)
            seller[i, j], net[i, j] = d["sides"][0] * d["melt"], d["sides"][2] * d["melt"]
            r[i, j] = d["profit_rate"]
    gdp = float(ds.gdp)
    dims = ("convention", "capital_scope")

    def a(units, name):
        return {"units": units, "long_name": name}

    out = xr.Dataset(
        {
            "price_transfer_by_capital_scope": (
                dims,
                net,
                a(
                    "USD/yr",
                    "net bilateral transfer (+ = MEX loses) with the capital of the industries "
                    "the scope leaves out kept out of the profit-rate equalisation",
                ),
            ),
            "price_transfer_seller_by_capital_scope": (
                dims,
                seller,
                a("USD/yr", "seller-side transfer by capital scope (+ = MEX loses)"),
            ),
            "price_transfer_share_gdp_by_capital_scope": (
                dims,
                net / gdp,
                a("1", "net bilateral transfer by capital scope / MEX value added"),
            ),
            "profit_rate_by_capital_scope": (
                dims,
                r,
                a("1/yr", "international profit rate by capital scope"),
            ),
        },
        coords={"convention": list(conventions), "capital_scope": list(scopes)},
    )
    out.capital_scope.attrs.update(
        long_name="industries whose capital enters the equalisation: all; no-dwellings (c29 "
        "real estate out); no-c28-c35 (finance, real estate, business, public, personal "
        "services and households out)"
    )
    return out


def _conventions(conventions) -> tuple[str, ...]:
    conventions = (conventions,) if isinstance(conventions, str) else tuple(conventions)
    bad = [c for c in conventions if c not in CONVENTIONS]
    if bad or not conventions:
        raise InputError(f"conventions must be among {list(CONVENTIONS)}, got {list(conventions)}")
    return conventions


def run_wiod_year(
    year: int,
    countries: Sequence[str] = ("MEX", "USA"),
    rest_of_world: str = "exogenous",
    conventions: Iterable[str] = CONVENTIONS,
    wage: str = "LAB",
) -> xr.Dataset:
    """The accounts of one WIOD year (what ``run("wiod-YYYY")`` returns).

    Parameters
    ----------
    year : int
        1995–2011.
    countries, rest_of_world, wage
        See :func:`unequal_exchange.wiod_economy`; the accounts need ``"MEX"`` and ``"USA"``.
    conventions : iterable of str
        Complex-labour reductions (``io_accounts.CONVENTIONS``).

    Returns
    -------
    xarray.Dataset
        See :func:`run_wiod`; no ``year`` dimension.

    Raises
    ------
    InputError
        If the year, a country, a convention or an option is unknown.
    """
    return _one_year(year, countries, rest_of_world, _conventions(conventions), wage)


def run_wiod(
    years: Iterable[int] = range(1995, 2012),
    countries: Sequence[str] = ("MEX", "USA"),
    rest_of_world: str = "exogenous",
    conventions: Iterable[str] = CONVENTIONS,
    wage: str = "LAB",
) -> xr.Dataset:
    """Mexico–US accounts on the WIOD 2013 tables, year by year.

    Parameters
    ----------
    years : iterable of int
        Years in 1995–2011 (MEX and USA labour data are extrapolated from 2009 for 2010–2011;
        variable ``extrapolated`` flags them).
    countries : sequence of str
        WIOD countries of the system (``"MEX"`` and ``"USA"`` among them).
    rest_of_world : {"exogenous", "endogenous"}
        Imports from outside the system as non-produced inputs (reference), or the rest of the
        world as one more block (see :func:`unequal_exchange.wiod_economy`).
    conventions : iterable of str
        Complex-labour reductions (dim ``convention``): ``"simple"`` (every hour equal),
        ``"wage"`` (one set of skill-wage ratios, the US ones, for both countries),
        ``"wage-pooled"`` (the system's pooled ratios), ``"wage-national"`` (each country's
        own ratios), ``"education"`` (schooling years).
    wage : {"LAB", "COMP"}
        SEA labour compensation variable.

    Returns
    -------
    xarray.Dataset
        Dims ``year``, ``convention``, ``sector`` (``MEX_c01`` …), ``country``,
        ``exporter`` × ``worked_in``, ``factor``. Main variables:

        - ``embodied_hours_in_exports`` (h/yr; exporter, worked_in): hours worked in each
          country embodied in each country's exports to the other (RoW exogenous);
        - ``hours_ratio_in_trade`` (1): hours per USD of Mexican exports over US;
        - ``price_transfer`` (USD/yr, + = Mexico loses): the **net bilateral transfer**
          (seller side + buyer side), ``price_transfer_share_gdp``, ``price_transfer_hours``;
          ``price_transfer_by_side`` (dim ``side``: seller, buyer, net) and its hours and
          share; ``price_transfer_by_melt`` (dim ``melt_basis``: traded, home, system);
          ``price_transfer_by_capital_scope`` (dim ``capital_scope``);
          ``price_transfer_by_factor`` (Shapley split of the net transfer: wage, composition,
          intensity, structural), ``price_transfer_national`` (national profit rates);
        - per sector: ``labour_value`` (h/USD), ``price``, ``transfer`` (USD/yr),
          ``import_content``, ``value_added_per_hour``, ``wage_ratio_to_us_manufacturing``.

    Raises
    ------
    InputError
        If a year, a country, a convention or an option is unknown.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> ds = ue.run_wiod(years=[2008, 2009], conventions=["simple"])
    >>> ds.embodied_hours_in_exports.dims
    ('year', 'exporter', 'worked_in')
    >>> bool((ds.hours_ratio_in_trade > 3).all())  # a Mexican export hour buys < 1/3 US hour
    True
    """
    conventions = _conventions(conventions)
    years = [years] if isinstance(years, int) else list(years)
    if not years:
        raise InputError("give at least one year in 1995–2011")
    parts = [_one_year(y, countries, rest_of_world, conventions, wage) for y in years]
    flags = [0 if p.attrs.get("extrapolated", "none") == "none" else 1 for p in parts]
    for p in parts:
        for key in ("scenario", "description", "year", "year_of_table", "extrapolated",
                    "exchange_rates"):  # fmt: skip
            p.attrs.pop(key, None)
    ds = xr.concat(parts, dim="year", combine_attrs="drop_conflicts")
    ds = ds.assign_coords(year=np.array(years))
    ds.year.attrs.update(long_name="year", units="yr")
    ds["extrapolated"] = (
        "year",
        np.array(flags, dtype=np.int8),
        {
            "long_name": "labour, capital and skill data extrapolated from the last SEA year",
            "flag_values": np.array([0, 1], dtype=np.int8),
            "flag_meanings": "observed extrapolated_from_last_SEA_year",
            "units": "1",
        },
    )
    ds.attrs.update(scenario="wiod-series", package_version=__version__)
    return ds


def run_name(name: str) -> xr.Dataset:
    """``run("wiod-YYYY")``: one year, every convention."""
    m = NAME.match(name)
    if m is None:
        raise ScenarioError([f"not a WIOD scenario name: {name!r} (use wiod-1995 … wiod-2011)"])
    year = int(m.group(1))
    if year not in wiod.YEARS:
        raise ScenarioError(
            [f"WIOD 2013 covers 1995–2011; got {name!r} (use wiod-1995 … wiod-2011)"]
        )
    return run_wiod_year(year)


def summary(ds: xr.Dataset) -> str:
    """A short text report of one ``wiod-YYYY`` result."""
    emb = ds.embodied_hours_in_exports
    lines = [
        f"{ds.attrs.get('scenario', 'wiod')}: Mexico-US accounts on WIOD 2013 (RoW "
        f"{ds.attrs.get('rest_of_world', '')}; extrapolated: {ds.attrs.get('extrapolated', '')})",
        "hours embodied in exports (bn h/yr): exporter -> worked in",
    ]
    for a in emb.exporter.values:
        cells = ", ".join(f"{b} {float(emb.sel(exporter=a, worked_in=b)) / 1e9:.3f}"
                          for b in emb.worked_in.values)  # fmt: skip
        lines.append(f"  {a}: {cells}")
    lines.append(
        f"hours ratio in trade (h per USD, MEX / USA): {float(ds.hours_ratio_in_trade):.3f}"
    )
    lines.append(
        "transfer from Mexico at prices of production, one international profit rate "
        "(bn USD at the traded-product MELT, % of GDP; + = Mexico loses):"
    )
    lines.append(f"  {'convention':<14}{'seller':>17}{'buyer':>17}{'net':>17}   net, bn h")
    for c in ds.convention.values:
        d = ds.sel(convention=c)
        cells = "".join(
            f"{float(d.price_transfer_by_side.sel(side=k)) / 1e9:8.1f} "
            f"({100 * float(d.price_transfer_share_gdp_by_side.sel(side=k)):5.2f}%)"
            for k in ("seller", "buyer", "net")
        )
        lines.append(f"  {c:<14}{cells}   {float(d.price_transfer_hours) / 1e9:6.2f}")
    return "\n".join(lines)
