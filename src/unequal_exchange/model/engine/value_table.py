"""Aggregate value tables and Marx's transformation of values into prices of production.

Per sector i: capital advanced K_i, constant capital used up c_i, variable capital v_i, surplus
value s_i (Marx, *Capital* III ch. 9; Emmanuel 1972 ch. 2). Profit is charged on capital
*advanced*, not on cost price.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from ...errors import InputError, InvariantError
from ._labels import as_vector, attrs, country_labels, sector_labels, sum_by_country

VALUE_UNITS = "value_units"


@dataclass(frozen=True, eq=False)
class ValueTable:
    """A value table: one row per sector (or per country), all in the same value units.

    Parameters
    ----------
    advanced : array_like
        Capital advanced K_i, the stock on which profit is charged.
    constant : array_like
        Constant capital used up in the period, c_i.
    variable : array_like
        Variable capital (wages), v_i.
    surplus : array_like
        Surplus value, s_i (may be negative if v_i + s_i stays positive).
    sectors : sequence of str, optional
        Sector names (default ``sector_0``, ``sector_1``, ...).
    countries : sequence of str, optional
        Country of each sector; needed by :func:`decompose` and for ``transfer_by_country``.
    hours : array_like, optional
        Hours worked in each sector. When given, the decomposition measures its factors per
        hour (wage v/h, composition K/h, intensity (v + s)/h); otherwise hours are measured
        by the new value v + s (docs/model.md §2.3).

    Raises
    ------
    InputError
        If a column is not numeric, has the wrong length, is NaN/infinite or negative, if
        total capital advanced is not positive, if a sector has v + s <= 0, or if the totals
        overflow float64.

    See Also
    --------
    transform : prices of production of the table.
    decompose : strict/broad split of the transfers between countries.

    Examples
    --------
    Emmanuel's (1972) two-country table with unequal wages:

    >>> import unequal_exchange as ue
    >>> table = ue.ValueTable(
    ...     advanced=[240, 120], constant=[50, 50], variable=[100, 20], surplus=[20, 100],
    ...     sectors=["A", "B"], countries=["core", "periphery"],
    ... )
    >>> table.n_sectors
    2
    >>> table.countries
    ('core', 'periphery')
    """

    advanced: np.ndarray
    constant: np.ndarray
    variable: np.ndarray
    surplus: np.ndarray
    sectors: tuple[str, ...]
    countries: tuple[str, ...] | None
    hours: np.ndarray | None

    def __init__(
        self,
        advanced,
        constant,
        variable,
        surplus,
        sectors: Sequence[str] | None = None,
        countries: Sequence[str] | None = None,
        hours=None,
    ):
        k = as_vector("advanced", advanced)
        n = k.shape[0]
        if n == 0:
            raise InputError("a value table needs at least one sector")
        c = as_vector("constant", constant, n)
        v = as_vector("variable", variable, n)
        # surplus value may be negative in a sector whose wage exceeds the value its hours
        # create (high-wage labour under an equal-hours convention); v + s must stay positive
        s = as_vector("surplus", np.abs(np.asarray(surplus, dtype=np.float64)), n) * np.sign(
            np.asarray(surplus, dtype=np.float64)
        )
        with np.errstate(over="ignore", invalid="ignore"):
            # the transformation adds every column and multiplies r by K: each total (and
            # K × Σ s, bounded by the squares) must stay inside float64
            totals = {
                "advanced": k.sum(),
                "value (constant + variable + surplus)": (c + v + np.abs(s)).sum(),
                "profit (advanced × surplus)": np.abs(s).sum() * np.abs(k).max(),
            }
        for what, total in totals.items():
            if not np.isfinite(total):
                raise InputError(
                    f"the table's {what} overflows float64 (max ~1.8e308); express it in "
                    "larger units (e.g. millions or billions) so that the totals stay finite"
                )
        if k.sum() <= 0:
            raise InputError("total capital advanced must be positive to define a profit rate")
        if np.any(v + s <= 0):
            bad = np.flatnonzero(v + s <= 0).tolist()
            raise InputError(
                f"sectors {bad} have no living labour (variable + surplus = 0); "
                "every sector must produce some new value"
            )
        for name, arr in (("advanced", k), ("constant", c), ("variable", v), ("surplus", s)):
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        h = None
        if hours is not None:
            h = as_vector("hours", hours, n, allow_zero=False)
            h.setflags(write=False)
        object.__setattr__(self, "hours", h)
        object.__setattr__(self, "sectors", sector_labels(sectors, n))
        object.__setattr__(self, "countries", country_labels(countries, n))

    @property
    def n_sectors(self) -> int:
        return self.advanced.shape[0]

    def replace(self, **changes) -> ValueTable:
        """A copy with some fields changed (validated again)."""
        fields: dict[str, Any] = {
            "advanced": self.advanced,
            "constant": self.constant,
            "variable": self.variable,
            "surplus": self.surplus,
            "sectors": self.sectors,
            "countries": self.countries,
            "hours": self.hours,
        }
        fields.update(changes)
        return ValueTable(**fields)


def transform(table: ValueTable) -> xr.Dataset:
    """Transform values into prices of production with one general rate of profit.

    λ_i = c_i + v_i + s_i; k_i = c_i + v_i; r = Σ s / Σ K; π_i = k_i + r K_i; t_i = π_i − λ_i.
    Σ t = 0, Σ π = Σ λ and Σ profit = Σ s hold by construction and are re-checked.

    Parameters
    ----------
    table : ValueTable
        The value table (any value units; the result is in the same units).

    Returns
    -------
    xarray.Dataset
        Along ``sector``: ``value``, ``cost_price``, ``price``, ``profit``, ``transfer``
        (price minus value: positive = the sector gains), ``surplus_value``,
        ``capital_advanced``, ``surplus_value_rate`` and ``organic_composition``; the scalar
        ``profit_rate``; ``transfer_by_country`` (dim ``country``) when the table has
        countries. ``attrs`` flag the three identities (1 = holds).

    Raises
    ------
    InputError
        If ``table`` is not a :class:`ValueTable`.
    InvariantError
        If an accounting identity fails after the transformation (a bug: please report).

    See Also
    --------
    ValueTable, decompose

    Examples
    --------
    Marx's table in *Capital* III ch. 9: five capitals of 100, rate of surplus value 100 %,
    constant capital used up 50, 51, 51, 40, 10. The general rate of profit is 22 % and
    prices deviate from values by +2, −8, −18, +7, +17:

    >>> import unequal_exchange as ue
    >>> table = ue.ValueTable(
    ...     advanced=[100, 100, 100, 100, 100],
    ...     constant=[50, 51, 51, 40, 10],
    ...     variable=[20, 30, 40, 15, 5],
    ...     surplus=[20, 30, 40, 15, 5],
    ...     sectors=["I", "II", "III", "IV", "V"],
    ... )
    >>> ds = ue.transform(table)
    >>> round(float(ds.profit_rate), 2)
    0.22
    >>> [round(float(p)) for p in ds.price]
    [92, 103, 113, 77, 37]
    >>> [round(float(t)) for t in ds.transfer]
    [2, -8, -18, 7, 17]
    >>> ds.attrs["transfers_sum_to_zero"]
    1
    """
    if not isinstance(table, ValueTable):
        raise InputError(f"transform expects a ValueTable, got {type(table).__name__}")
    k, c, v, s = table.advanced, table.constant, table.variable, table.surplus
    value = c + v + s
    cost = c + v
    rate = s.sum() / k.sum()
    profit = rate * k
    price = cost + profit
    transfer = price - value
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.where(v > 0, s / np.where(v > 0, v, 1.0), np.inf)
        q = np.where(v > 0, (k - v) / np.where(v > 0, v, 1.0), np.inf)
    u = VALUE_UNITS
    data = {
        "value": ("sector", value, attrs(u, "value of the product, c + v + s")),
        "cost_price": ("sector", cost, attrs(u, "cost price, c + v")),
        "price": ("sector", price, attrs(u, "price of production, c + v + r K")),
        "profit": ("sector", profit, attrs(u, "average profit, r K")),
        "transfer": ("sector", transfer, attrs(u, "price of production minus value")),
        "surplus_value": ("sector", s.copy(), attrs(u, "surplus value, s")),
        "capital_advanced": ("sector", k.copy(), attrs(u, "capital advanced, K")),
        "surplus_value_rate": ("sector", e, attrs("1", "rate of surplus value, s / v")),
        "organic_composition": (
            "sector",
            q,
            attrs("1", "organic composition of capital (value), (K - v) / v"),
        ),
        "profit_rate": ((), rate, attrs("1/period", "general rate of profit, sum(s) / sum(K)")),
    }
    coords: dict[str, Any] = {"sector": list(table.sectors)}
    if table.countries is not None:
        names, by_country = sum_by_country(transfer, table.countries)
        data["transfer_by_country"] = (
            "country",
            by_country,
            attrs(u, "transfer received by the country's sectors (negative: loss)"),
        )
        coords["country"] = names
        coords["sector_country"] = ("sector", list(table.countries))
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(_invariants(value, price, profit, s, transfer))
    ds.attrs["model"] = "value table (Marx, Capital III ch. 9)"
    return ds


def _invariants(value, price, profit, surplus, transfer, tol: float = 1e-9) -> dict:
    scale = max(float(np.abs(value).sum()), 1.0)
    checks = {
        "total_price_equals_total_value": abs(price.sum() - value.sum()) <= tol * scale,
        "total_profit_equals_total_surplus_value": abs(profit.sum() - surplus.sum()) <= tol * scale,
        "transfers_sum_to_zero": abs(transfer.sum()) <= tol * scale,
    }
    failed = [k for k, ok in checks.items() if not ok]
    if failed:  # cannot happen for a valid table; a failure means a bug, so say so loudly
        raise InvariantError(f"accounting identities violated: {failed}")
    return {k: int(ok) for k, ok in checks.items()}
