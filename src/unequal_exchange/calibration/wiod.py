"""WIOD 2013 loader: observed multi-country input–output systems and engine economies.

Reads the shipped extract ``calibration/data/wiod2013/`` (world tables 1995–2011 and the
Socio-Economic Accounts; see its README for the citation and the transformation). Conventions
(docs/model.md, "Accounts on the WIOD input–output tables"):

- exchange rate of a country-year = SEA ``GO`` (national currency) ÷ table gross output (USD),
  summed over industries;
- hours = SEA ``H_EMP``; wages = SEA ``LAB`` per hour of persons engaged (or ``COMP`` per
  employee hour, ``H_EMPE``), in USD;
- capital = ``K_GFCF`` × ``GFCF_P`` / 100 (fixed capital at current prices) in USD;
- when a country's SEA labour and capital data end before ``year`` (MEX and USA: 2009), the last
  observed year's hours per person engaged × ``EMP``, labour compensation / ``VA`` and skill
  shares are carried forward, and capital = (Σ K / Σ VA over the last three SEA years, 2007–09)
  × ``VA`` (flagged in ``attrs["extrapolated"]``);
- RoW ``"exogenous"``: the system is the chosen countries; inputs from anywhere else are
  non-produced. ``"endogenous"``: everything else (the other WIOD countries and WIOD's RoW) is
  one more block ``ROW`` with the WIOD input structure summed over those regions, and hours,
  wages, capital and skill shares per USD of output equal to the output-weighted average of the
  SEA countries outside the system, industry by industry.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ..errors import InputError, did_you_mean
from ..model.engine.economy import Economy
from ..model.mexico_us import io_accounts
from .data import figure

YEARS = range(1995, 2012)
N_IND = 35
INDUSTRIES = tuple(f"c{j:02d}" for j in range(1, N_IND + 1))
ROW = "ROW"
CITATION = (
    "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. & de Vries, G. J. (2015) 'An "
    "Illustrated User Guide to the World Input-Output Database: the Case of Global Automotive "
    "Production', Review of International Economics 23(3), 575-605; Erumban, A. A., Gouma, R., "
    "de Vries, G., de Vries, K. & Timmer, M. (2012) 'WIOD Socio-Economic Accounts (SEA): Sources "
    "and Methods' (July 2014 update). WIOD 2013 release, CC BY 4.0."
)


def _path(name: str):
    data = resources.files("unequal_exchange.calibration").joinpath("data")
    return data.joinpath("wiod2013").joinpath(name)


@lru_cache(maxsize=4)
def _table(year: int) -> dict[str, np.ndarray]:
    with _path(f"wiot_{year}.npz").open("rb") as fh, np.load(fh) as z:
        return {k: z[k] for k in z.files}


@lru_cache(maxsize=1)
def _sea() -> dict[str, np.ndarray]:
    with _path("sea.npz").open("rb") as fh, np.load(fh) as z:
        return {k: z[k] for k in z.files}


@lru_cache(maxsize=1)
def table_countries() -> tuple[str, ...]:
    """The 41 regions of the world tables in block order (40 countries and ``RoW``)."""
    rows = _table(YEARS[0])["rows"]
    return tuple(dict.fromkeys(r.split("_")[0] for r in rows))


def _check(year, countries, rest_of_world, wage) -> tuple[int, tuple[str, ...]]:
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise InputError(f"year must be an integer in 1995–2011, got {year!r}") from None
    if y != year or y not in YEARS:
        raise InputError(f"WIOD 2013 covers 1995–2011; got year={year!r}")
    if isinstance(countries, str):
        countries = (countries,)
    countries = tuple(str(c).upper() for c in countries)
    known = [c for c in table_countries() if c != "RoW"]
    bad = [c for c in countries if c not in known]
    if bad:
        raise InputError(
            f"unknown WIOD country {bad[0]!r}{did_you_mean(bad[0], known)}; choose among {known}"
        )
    if len(countries) < 2 or len(set(countries)) != len(countries):
        raise InputError(f"give at least two distinct countries, got {list(countries)}")
    if rest_of_world not in ("exogenous", "endogenous"):
        raise InputError(
            f"rest_of_world must be 'exogenous' or 'endogenous', got {rest_of_world!r}"
        )
    if wage not in ("LAB", "COMP"):
        raise InputError(f"wage must be 'LAB' or 'COMP', got {wage!r}")
    return y, countries


def _ratio(num, den) -> np.ndarray:
    num, den = np.nan_to_num(np.asarray(num, float)), np.nan_to_num(np.asarray(den, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def _sea_country(country: str, year: int, table_output: np.ndarray, wage: str) -> dict:
    """SEA data of one country-year in USD, extrapolated past the last complete year."""
    sea = _sea()
    ci = list(sea["countries"]).index(country)
    var = {v: i for i, v in enumerate(sea["variables"])}
    cube = sea["values"][ci]  # (variable, cnum, year)

    def series(v):
        return cube[var[v], 1:, :]  # drop the total (cnum 0)

    yi = year - YEARS[0]
    go = series("GO")[:, yi]
    rate = float(np.nansum(go) / table_output.sum())  # national currency per USD
    complete = [j for j in range(yi + 1) if np.isfinite(cube[var["H_EMP"], 1:, j]).any()]
    last = complete[-1] if complete else None
    if last is None:
        raise InputError(f"the SEA has no hours for {country} up to {year}")
    src = last

    def ratio(num, den):
        n, d = series(num)[:, src], series(den)[:, src]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(d > 0, np.nan_to_num(n) / np.where(d > 0, d, 1.0), 0.0)

    def now(v):
        return np.nan_to_num(series(v)[:, yi])

    def lab_var(j):
        if wage == "COMP":  # employees' compensation per employee hour, applied to every hour
            return np.nan_to_num(series("COMP")[:, j]) * _ratio(
                series("H_EMP")[:, j], series("H_EMPE")[:, j]
            )
        return np.nan_to_num(series("LAB")[:, j])

    if last == yi:
        hours = np.nan_to_num(series("H_EMP")[:, yi])
        lab = lab_var(yi)
        cap = np.nan_to_num(series("K_GFCF")[:, yi] * series("GFCF_P")[:, yi] / 100.0)
    else:
        hours = ratio("H_EMP", "EMP") * now("EMP")
        lab = _ratio(lab_var(src), series("VA")[:, src]) * now("VA")
        # capital / VA averaged over the last three SEA years (2007-09 for MEX and USA), so
        # that one year's deflator jump (MEX 2009) is not carried forward
        window = complete[-3:]
        k_cur = series("K_GFCF")[:, window] * series("GFCF_P")[:, window] / 100.0
        cap = _ratio(np.nansum(k_cur, axis=1), np.nansum(series("VA")[:, window], axis=1))
        cap = cap * now("VA")
    shares = np.nan_to_num(np.stack([series(f"H_{s}")[:, src] for s in ("HS", "MS", "LS")]))
    comp_sh = np.nan_to_num(np.stack([series(f"LAB{s}")[:, src] for s in ("HS", "MS", "LS")]))
    return {
        "hours": hours * 1e6,  # millions of hours -> hours
        "labour_cost": lab / rate,  # million USD
        "capital": cap / rate,
        "value_added": now("VA") / rate,
        "skill_hours": shares,
        "skill_compensation": comp_sh,
        "rate": rate,
        "extrapolated_from": None if last == yi else YEARS[0] + last,
    }


def wiod_system(
    year: int,
    countries: Sequence[str] = ("MEX", "USA"),
    rest_of_world: str = "exogenous",
    wage: str = "LAB",
) -> io_accounts.IOSystem:
    """The observed input–output system of some WIOD countries in one year (USD millions).

    Parameters
    ----------
    year : int
        1995–2011.
    countries : sequence of str
        At least two WIOD country codes (``"MEX"``, ``"USA"``, ``"CAN"`` …).
    rest_of_world : {"exogenous", "endogenous"}
        ``"exogenous"``: imports from outside the system are non-produced inputs (the reference);
        ``"endogenous"``: the rest of the world is one more block ``ROW`` (see module docs).
    wage : {"LAB", "COMP"}
        SEA labour compensation incl. the self-employed per hour of persons engaged (``LAB``,
        the reference) or employees' compensation per employee hour (``COMP`` / ``H_EMPE``),
        applied to every hour.

    Returns
    -------
    IOSystem
        Arrays for :mod:`unequal_exchange.model.mexico_us.io_accounts`.

    Raises
    ------
    InputError
        If the year, a country or an option is unknown.

    Examples
    --------
    >>> from unequal_exchange.calibration.wiod import wiod_system
    >>> s = wiod_system(2009)
    >>> s.countries, s.n, s.sectors[13]
    (('MEX', 'USA'), 70, 'MEX_c14')
    """
    y, countries = _check(year, countries, rest_of_world, wage)
    t = _table(y)
    blocks = list(countries) + ([ROW] if rest_of_world == "endogenous" else [])
    tab = _aggregate(t, countries, blocks)
    fac = _factors(y, countries, blocks, tab["x"], t["x"].astype(np.float64), wage)
    with np.errstate(divide="ignore", invalid="ignore"):
        hours = fac["hours"]
        wage_per_hour = np.where(hours > 0, fac["labour"] * 1e6 / np.where(hours > 0, hours, 1), 0)
    return io_accounts.IOSystem(
        year=y,
        countries=tuple(blocks),
        industries=INDUSTRIES,
        country_of=np.repeat(np.array(blocks), N_IND),
        z=np.clip(tab["z"], 0, None),
        output=tab["x"],
        hours=hours,
        wage=wage_per_hour,
        capital=fac["capital"],
        gfcf=tab["gfcf"],
        final=tab["final"],
        value_added=fac["va"],
        outside_inputs=tab["outside_inputs"],
        foreign_inputs=tab["foreign_inputs"],
        skill_hours=fac["skill_h"],
        skill_compensation=fac["skill_c"],
        attrs=_provenance(y, rest_of_world, wage, fac["rates"], fac["extrapolated"]),
    )


def _aggregate(t: dict, countries: tuple[str, ...], blocks: list[str]) -> dict:
    """The world table summed into the system's blocks: Z, x, final demand, GFCF by buyer, and
    inputs from outside the system and from other countries (million USD)."""
    regions = table_countries()
    z_all, f_all, x_all = (t[k].astype(np.float64) for k in ("Z", "F", "x"))
    region_of = np.repeat(np.array(regions), N_IND)
    # group index of every row/column of the world table (-1: outside the system)
    group = np.full(len(region_of), -1)
    for k, c in enumerate(countries):
        group[region_of == c] = k
    if ROW in blocks:
        group[group == -1] = len(countries)
    ind = np.tile(np.arange(N_IND), len(regions))
    n_b = len(blocks)
    inside = group >= 0
    pos = np.where(inside, group * N_IND + ind, -1)
    # aggregate world rows/cols into system sectors (sums over the regions of the ROW block)
    agg = np.zeros((n_b * N_IND, len(region_of)))
    agg[pos[inside], np.flatnonzero(inside)] = 1.0
    fin_region = np.array([c.split("_")[0] for c in t["final_columns"]])
    fin_kind = np.array([c.split("_")[1] for c in t["final_columns"]])
    final = np.zeros((n_b * N_IND, n_b))
    gfcf = np.zeros((n_b, n_b * N_IND))
    for k, c in enumerate(blocks):
        cols = (
            np.isin(fin_region, [r for r in regions if r not in countries])
            if c == ROW
            else fin_region == c
        )
        final[:, k] = agg @ f_all[:, cols].sum(axis=1)
        gfcf[k] = np.clip(agg @ f_all[:, cols & (fin_kind == "f4")].sum(axis=1), 0, None)
    own_region = region_of[None, :] == region_of[:, None]
    return {
        "z": agg @ z_all @ agg.T,
        "x": agg @ x_all,
        "final": final,
        "gfcf": gfcf,
        "outside_inputs": agg @ z_all[~inside].sum(axis=0),
        "foreign_inputs": agg @ (z_all * ~own_region).sum(axis=0),
    }


def _factors(y, countries, blocks, x, x_all, wage) -> dict:
    """Hours, labour compensation, capital, value added and skill shares of every block."""
    regions = table_countries()
    region_of = np.repeat(np.array(regions), N_IND)
    n = len(blocks) * N_IND
    out: dict[str, Any] = {k: np.zeros(n) for k in ("hours", "labour", "capital", "va")}
    out.update(skill_h=np.zeros((3, n)), skill_c=np.zeros((3, n)), rates={}, extrapolated={})
    for k, c in enumerate(blocks):
        sl = slice(k * N_IND, (k + 1) * N_IND)
        if c == ROW:
            others = [r for r in regions if r not in countries and r in set(_sea()["countries"])]
            d = _row_block(y, others, x_all, region_of, x[sl], wage, out["extrapolated"])
        else:
            d = _sea_country(c, y, x_all[region_of == c], wage)
            d["labour"] = d["labour_cost"]
            out["rates"][c] = d["rate"]
            if d["extrapolated_from"]:
                out["extrapolated"][c] = d["extrapolated_from"]
        for key, src in (("hours", "hours"), ("labour", "labour"), ("capital", "capital"),
                         ("va", "value_added")):  # fmt: skip
            out[key][sl] = d[src]
        out["skill_h"][:, sl], out["skill_c"][:, sl] = d["skill_hours"], d["skill_compensation"]
    return out


def _row_block(y, others, x_all, region_of, x_block, wage, extrapolated) -> dict:
    """The ROW block (endogenous rest of the world): per USD of output, the output-weighted
    average of the SEA countries outside the system, industry by industry."""
    per_usd = np.zeros((5, N_IND))  # hours, labour, capital, VA; output weight
    sh, sc = np.zeros((3, N_IND)), np.zeros((3, N_IND))
    for r in others:
        xr_ = x_all[region_of == r]
        d = _sea_country(r, y, xr_, wage)
        per_usd += np.stack([d["hours"], d["labour_cost"], d["capital"], d["value_added"], xr_])
        sh += d["skill_hours"] * d["hours"]
        sc += d["skill_compensation"] * d["labour_cost"]
        if d["extrapolated_from"]:
            extrapolated[r] = d["extrapolated_from"]
    w = np.where(per_usd[4] > 0, per_usd[4], 1.0)
    hours, labour, capital, va = per_usd[:4] / w * x_block
    return {
        "hours": hours, "labour": labour, "capital": capital, "value_added": va,
        "skill_hours": sh / np.where(per_usd[0] > 0, per_usd[0], 1.0),
        "skill_compensation": sc / np.where(per_usd[1] > 0, per_usd[1], 1.0),
    }  # fmt: skip


def _provenance(y, rest_of_world, wage, rates, extrapolated) -> dict:
    attrs = {
        "source": CITATION,
        "year_of_table": y,
        "rest_of_world": rest_of_world,
        "wage_variable": wage
        + (" (employees' compensation per employee hour, COMP/H_EMPE)" if wage == "COMP" else ""),
        "exchange_rates": ", ".join(f"{c} {v:.6g}" for c, v in rates.items())
        + " (national currency per USD = SEA GO / WIOT gross output)",
        "extrapolated": ", ".join(f"{c} from {v}" for c, v in sorted(extrapolated.items()))
        or "none",
    }
    if extrapolated:
        attrs["extrapolation"] = (
            "hours = last SEA year's hours per person engaged × EMP; labour compensation = last "
            "share of VA × VA; capital = capital/VA of the last three SEA years (ratio of sums) "
            "× VA; skill shares of the last year"
        )
    return attrs


def schooling() -> dict:
    """Years of schooling of high-, medium- and low-skilled persons and working ages.

    WIOD skill groups follow ISCED 1997 (Erumban et al. 2012): low = ISCED 1–2 (primary and lower
    secondary), medium = 3–4 (upper secondary), high = 5–6 (tertiary). Years from the Mexican
    system (figures E5: primary 6, lower secondary 3, upper secondary 3, bachelor 4); school
    entry at 6 (figure E5 note), exit from work at 65 (see docs/model.md).
    """
    low = figure("E5_years_primary").value + figure("E5_years_lower_secondary").value
    medium = low + figure("E5_years_upper_secondary").value
    high = medium + figure("E5_years_bachelor").value
    return {"years": (high, medium, low), "entry_age": 6.0, "exit_age": 65.0}


def paper_figures() -> dict:
    """The paper's enclave figures (import content 80 % / 75 %, wage ratios 1/10, 1/7)."""
    return {
        "maquila_import_content": figure("M5_import_content_maquila").value,
        "hidden_maquila_import_content": figure("M5_import_content_hidden_maquila").value,
        "maquila_wage_ratio": figure("W5_maquila_wage_ratio").value,
        "hidden_maquila_wage_ratio": figure("W6_hidden_maquila_wage_ratio").value,
    }


def wiod_economy(
    year: int,
    countries: Sequence[str] = ("MEX", "USA"),
    rest_of_world: str = "exogenous",
    convention: str = "simple",
    wage: str = "LAB",
) -> Economy:
    """A labelled :class:`~unequal_exchange.Economy` built from the WIOD 2013 tables.

    Sectors are ``MEX_c01`` … ``USA_c35`` (35 WIOD industries per country); ``countries`` gives
    the country of each. Input coefficients A = Z/x (USD per USD, inputs from the system only),
    labour = SEA hours per million USD of output, value wage ω = hourly labour compensation ÷
    MELT (hours), capital B = fixed capital at current prices per unit of output, spread over
    goods like the country's gross fixed capital formation, complexity μ from ``convention``.

    Parameters
    ----------
    year : int
        1995–2011 (MEX and USA labour data are extrapolated from 2009 for 2010–2011).
    countries : sequence of str
        At least two WIOD country codes.
    rest_of_world : {"exogenous", "endogenous"}
        See :func:`wiod_system`.
    convention : {"simple", "wage", "education"}
        Complex-labour reduction (docs/model.md).
    wage : {"LAB", "COMP"}
        SEA labour compensation variable.

    Returns
    -------
    Economy

    Raises
    ------
    InputError
        If the year, a country or an option is unknown.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> e = ue.wiod_economy(2009)
    >>> e.n_sectors, e.sectors[13], e.countries[40]
    (70, 'MEX_c14', 'USA')
    >>> mx = slice(0, 35)
    >>> bool(e.labour[mx] @ e.output[mx] > 100e9)  # Mexican hours worked in 2009
    True
    """
    s = wiod_system(year, countries, rest_of_world, wage)
    return io_accounts.economy(s, convention, schooling() if convention == "education" else None)
