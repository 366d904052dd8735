"""The exogenous paths of the dynamics (US employment, deportations, 1990 initial conditions),
built from the shipped PWT extract and sourced data rows and passed *into* the model."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..model.mexico_us.dynamics import BASE_YEAR, Exogenous
from .data import figure, pwt


@lru_cache(maxsize=16)
def exogenous(years: tuple[int, ...]) -> Exogenous:
    """Build the exogenous paths for ``years`` (a tuple starting in 1990); cached."""
    years = np.asarray(list(years), dtype=np.int64)
    table = pwt()
    last = max(y for (iso, y) in table if iso == "USA")
    emp = {y: table[("USA", y)]["emp"] for y in range(1990, last + 1)}
    growth = {y: emp[y] / emp[y - 1] - 1 for y in range(1991, last + 1)}
    recent = float(np.mean([growth[y] for y in range(2010, last + 1)]))
    index, g = [], []
    level = emp[1990] / emp[BASE_YEAR]
    for y in years:
        if y <= last:
            level = emp[y] / emp[BASE_YEAR]
            g.append(growth.get(y, recent))
        else:
            level *= 1 + recent
            g.append(recent)
        index.append(level)
    # Mexicans among the deported (73 % of ~400,000 in 2010), applied to 2008–2012
    deport = (
        figure("G3_deportations_2010").value * figure("G3_deportations_mexican_share_2010").value
    )
    hist = np.where((years >= 2008) & (years <= 2012), deport, 0.0)
    return Exogenous(
        years=years,
        us_employment_index=np.array(index),
        us_employment_growth=np.array(g),
        mean_us_employment_growth=float(np.mean([growth[y] for y in range(1991, last + 1)])),
        historical_deportations=hist,
        mx_output_1990_over_2011=table[("MEX", 1990)]["rgdpna"]
        / table[("MEX", BASE_YEAR)]["rgdpna"],
        us_output_1990_over_2011=table[("USA", 1990)]["rgdpna"]
        / table[("USA", BASE_YEAR)]["rgdpna"],
        mx_employment_1990=table[("MEX", 1990)]["emp"] * 1e6,
        migrant_stock_1990=figure("G1_mx_born_us_1990").value,
        graduate_data_end=int(figure("E23_graduates_higher_ed_2017").year),
    )
