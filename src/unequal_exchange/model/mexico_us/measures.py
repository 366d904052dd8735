"""Four measures of unequal exchange, as array functions (no files, no labels).

Each function takes observed quantities (arrays that broadcast together) and returns the
transfer **from Mexico** (``+`` = Mexico loses), in USD/yr unless stated. The formulas, their
sources and what each includes and excludes are in docs/model.md, "Four measures of unequal
exchange, side by side"; :mod:`unequal_exchange.scenarios.measures` labels them.

1. Price-of-production transfer (Emmanuel 1969; Marx, *Capital* III ch. 9): computed by
   :mod:`.accounts` and :mod:`.io_accounts`, not here.
2. :func:`embodied_labour_exchange` — net hours embodied in trade (Hickel, Dorninger, Wieland &
   Suwandi 2022; Hickel, Hanbury Lemos & Barbour 2024), valued at a wage or a MELT.
3. :func:`exchange_rate_deviation` — exports revalued at purchasing-power parity (Köhler 1998;
   Hickel, Sullivan & Zoomkawala 2021).
4. :func:`captured_minus_produced` — value produced minus value captured through prices
   (Ricci 2019).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .accounts import COUNTRIES, sectors, value_system

_MX = np.array([c == "MX" for c in COUNTRIES])


def embodied_labour_exchange(hours_out, hours_in, wage_us, wage_mx, melt) -> dict[str, np.ndarray]:
    """Net hours embodied in trade and their value at three prices of an hour.

    Parameters
    ----------
    hours_out : array_like
        Hours worked in Mexico embodied in Mexico's exports to the US (h/yr).
    hours_in : array_like
        Hours worked in the US embodied in the US's exports to Mexico (h/yr).
    wage_us, wage_mx : array_like
        Hourly wage used to value the net hours (USD/h).
    melt : array_like
        Monetary expression of labour time of the traded pool (USD/h).

    Returns
    -------
    dict
        ``net_hours`` (h/yr, + = Mexico gives more hours than it receives), ``at_us_wage``,
        ``at_mx_wage``, ``at_melt`` (USD/yr).

    Examples
    --------
    >>> d = embodied_labour_exchange(10.0, 2.0, 30.0, 5.0, 12.0)
    >>> float(d["net_hours"]), float(d["at_us_wage"]), float(d["at_mx_wage"]), float(d["at_melt"])
    (8.0, 240.0, 40.0, 96.0)
    """
    net = np.asarray(hours_out, dtype=float) - np.asarray(hours_in, dtype=float)
    return {
        "net_hours": net,
        "at_us_wage": net * np.asarray(wage_us, dtype=float),
        "at_mx_wage": net * np.asarray(wage_mx, dtype=float),
        "at_melt": net * np.asarray(melt, dtype=float),
    }


def exchange_rate_deviation(exports, price_level_home, price_level_partner) -> np.ndarray:
    """Exports revalued at purchasing-power parity minus their value at market rates.

    With PWT price levels (``pl_gdpo``, PPP / market exchange rate, the same reference for both
    countries) the exchange-rate deviation of Mexico against the US is
    ERD = pl_US / pl_MX, and T = X (ERD − 1): what the exports would fetch if a dollar
    earned bought in Mexico what it buys in the US, minus what they fetch.

    Examples
    --------
    >>> float(exchange_rate_deviation(100.0, 0.5, 1.0))  # Mexican prices half the US's
    100.0
    >>> float(exchange_rate_deviation(100.0, 1.0, 1.0))  # parity: nothing
    0.0
    """
    erd = np.asarray(price_level_partner, dtype=float) / np.asarray(price_level_home, dtype=float)
    return np.asarray(exports, dtype=float) * (erd - 1.0)


def captured_minus_produced(produced_hours, captured, melt) -> np.ndarray:
    """Value produced minus value captured through prices, in USD (+ = Mexico loses).

    ``produced_hours`` is the (reduced) labour Mexico performed in the pool, ``captured`` the
    money (value added) Mexico receives for it and ``melt`` the pool's USD per hour, so that
    ``melt × produced_hours`` is the money-value of the labour performed.

    Examples
    --------
    >>> float(captured_minus_produced(10.0, 50.0, 8.0))  # 80 produced, 50 captured
    30.0
    """
    return np.asarray(melt, dtype=float) * np.asarray(produced_hours, dtype=float) - np.asarray(
        captured, dtype=float
    )


def stylised_pool(params: Mapping[str, object]) -> dict[str, np.ndarray]:
    """The traded pool of the stylised accounts, by country (USD, h; leading dims broadcast).

    Returns ``hours_mx``/``hours_us`` (traded hours), ``value_mx`` (Mexico's new value in the
    pool, hours reduced by ``hours_weighting``), ``value_added_mx`` (Mexico's value added in the
    pool, USD), ``wage_us``/``wage_mx`` (hour-weighted wages of the traded hours, USD/h),
    ``melt`` (USD/h).
    """
    s = sectors(params)
    vs = value_system(s, np.asarray(params["hours_weighting"], dtype=float))
    h = vs["hours"]
    h_mx, h_us = h[..., _MX].sum(-1), h[..., ~_MX].sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        w_mx = (s["wage"] * h)[..., _MX].sum(-1) / h_mx
        w_us = (s["wage"] * h)[..., ~_MX].sum(-1) / h_us
    return {
        "hours_mx": h_mx,
        "hours_us": h_us,
        "value_mx": vs["new_value"][..., _MX].sum(-1),
        "value_added_mx": (h * s["value_added_per_hour"])[..., _MX].sum(-1),
        "wage_mx": w_mx,
        "wage_us": w_us,
        "melt": vs["melt"],
    }
