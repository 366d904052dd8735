"""The exogenous paths of the dynamics (US employment, the US real wage and price level,
removals of Mexican nationals, 1990 initial conditions), built from the shipped PWT extract and
sourced data rows and passed *into* the model.

- US employment: PWT 10.01 ``emp`` to 2019, then its 2010–2019 mean growth.
- US real wage index (2011 = 1): PWT 10.01 real labour compensation per hour,
  ``labsh · rgdpna / (emp · avh)`` (compensation deflated by the GDP deflator), to 2019; then its
  2010–2019 mean growth (no annual wage level after 2019 was read: BLS CES0500000003 would
  replace the extrapolation). The year's US manufacturing wage and remittance per migrant are
  their 2011 levels times this index.
- US price level (2011 = 1), used only to deflate nominal observations (Banxico remittances) to
  the model's 2011 prices: PWT 10.01 ``pl_gdpo`` of the USA (output-side GDP price level, USA
  2017 = 1) to 2019; BEA's GDP deflator (2017 = 100) for 2024; 2020–2023 log-linear between
  them; after 2024 the 2019–2024 growth.
- Removals of Mexican nationals (DHS, ``observed_series.csv``): linear between the sourced years
  2005, 2010, 2011, 2012, 2015; none before 2005 (no sourced row; the path before was 0); after
  2015 held at the FY2015 level for every later year (no sourced row for 2016–2023: policy
  unchanged). Removals count as returns (re-entry is not modelled).
- Re-anchoring of projections (``anchor``): the observed Mexican-born population in the US
  (``mx_born_us_stock``, MPI/ACS for 2021–2023) and remittances (Banxico
  ``remittances_to_mexico``, deflated to 2011 prices by the US price level) of the anchor year.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..model.mexico_us.dynamics import BASE_YEAR, Exogenous
from .data import annual, figure, pwt

#: last year of the observed record the dynamics are fitted to and projected from
RECORD_END = 2023


def _extend(values: dict[int, float], years, rate: float) -> np.ndarray:
    """``values`` by year, continued at ``rate`` a year after their last year."""
    last = max(values)
    return np.array(
        [values[y] if y in values else values[last] * (1 + rate) ** (y - last) for y in years]
    )


def us_real_wage(years) -> np.ndarray:
    """US real labour compensation per hour relative to 2011 (PWT 10.01, then extrapolated)."""
    table = pwt()
    last = max(y for (iso, y) in table if iso == "USA")
    per_hour = {
        y: table[("USA", y)]["labsh"]
        * table[("USA", y)]["rgdpna"]
        / (table[("USA", y)]["emp"] * table[("USA", y)]["avh"])
        for y in range(1990, last + 1)
    }
    rate = (per_hour[last] / per_hour[2010]) ** (1 / (last - 2010)) - 1
    return _extend({y: v / per_hour[BASE_YEAR] for y, v in per_hour.items()}, years, rate)


def us_price_level(years) -> np.ndarray:
    """US GDP price level relative to 2011 (PWT 10.01 pl_gdpo to 2019, BEA deflator 2024)."""
    table = pwt()
    last = max(y for (iso, y) in table if iso == "USA")
    level = {y: table[("USA", y)]["pl_gdpo"] for y in range(1990, last + 1)}
    deflator = annual("us_gdp_deflator_2017_100")  # 2017 = 100, like pl_gdpo's 2017 = 1
    end = max(deflator)
    rate = (deflator[end] / 100 / level[last]) ** (1 / (end - last)) - 1
    for y in range(last + 1, end + 1):
        level[y] = level[last] * (1 + rate) ** (y - last)
    return _extend({y: v / level[BASE_YEAR] for y, v in level.items()}, years, rate)


def removals(years) -> np.ndarray:
    """Removals of Mexican nationals by year (DHS; see the module docstring)."""
    obs = annual("removals_mexican_nationals")
    known = np.array(sorted(obs))
    path = np.interp(years, known, [obs[y] for y in known])
    return np.where(np.asarray(years) < known[0], 0.0, path)


def anchor_values(year: int) -> tuple[float, float]:
    """Observed migrant stock (persons) and remittances (USD/yr, 2011 prices) of ``year``."""
    stock, remittances = annual("mx_born_us_stock"), annual("remittances_to_mexico")
    usable = sorted(set(stock) & set(remittances))
    if year not in usable:
        raise ParameterError(
            [
                f"anchor: no observed migrant stock and remittances for {year}; anchor in one "
                f"of {', '.join(map(str, usable))} (or anchor=None)"
            ]
        )
    deflator = float(us_price_level([year])[0])
    return float(stock[year]), float(remittances[year]) * 1e6 / deflator


@lru_cache(maxsize=16)
def exogenous(years: tuple[int, ...], anchor: int | None = None) -> Exogenous:
    """Build the exogenous paths for ``years`` (a tuple starting in 1990); cached. With
    ``anchor`` (a year of ``years``), the observed stock and remittances to re-anchor on."""
    year_array = np.asarray(list(years), dtype=np.int64)
    if anchor is None:
        anchoring: dict[str, Any] = {}
    else:
        if not year_array[0] < anchor <= year_array[-1]:
            raise ParameterError(
                [
                    f"anchor: {anchor} is not a simulated year after {year_array[0]} "
                    f"(..{year_array[-1]})"
                ]
            )
        stock, remittances = anchor_values(int(anchor))
        anchoring = dict(
            anchor_year=int(anchor), anchor_migrant_stock=stock, anchor_remittances=remittances
        )
    table = pwt()
    last = max(y for (iso, y) in table if iso == "USA")
    emp = {y: table[("USA", y)]["emp"] for y in range(1990, last + 1)}
    growth = {y: emp[y] / emp[y - 1] - 1 for y in range(1991, last + 1)}
    recent = float(np.mean([growth[y] for y in range(2010, last + 1)]))
    index, g = [], []
    level = emp[1990] / emp[BASE_YEAR]
    for y in year_array:
        if y <= last:
            level = emp[y] / emp[BASE_YEAR]
            g.append(growth.get(y, recent))
        else:
            level *= 1 + recent
            g.append(recent)
        index.append(level)
    return Exogenous(
        years=year_array,
        us_employment_index=np.array(index),
        us_employment_growth=np.array(g),
        mean_us_employment_growth=float(np.mean([growth[y] for y in range(1991, last + 1)])),
        historical_deportations=removals(year_array),
        us_real_wage_index=us_real_wage(year_array),
        us_price_index=us_price_level(year_array),
        mx_output_1990_over_2011=table[("MEX", 1990)]["rgdpna"]
        / table[("MEX", BASE_YEAR)]["rgdpna"],
        us_output_1990_over_2011=table[("USA", 1990)]["rgdpna"]
        / table[("USA", BASE_YEAR)]["rgdpna"],
        mx_employment_1990=table[("MEX", 1990)]["emp"] * 1e6,
        migrant_stock_1990=figure("G1_mx_born_us_1990").value,
        graduate_data_end=int(figure("E23_graduates_higher_ed_2017").year),
        **anchoring,
    )
