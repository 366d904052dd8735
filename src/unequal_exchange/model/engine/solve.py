"""``solve``: labour values and prices of production of one input–output economy.

Validates, calls the plain-numpy reference for one economy, turns a status code into the
package's named errors, re-checks the accounting identities, and returns a labelled Dataset.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ...errors import (
    ConvergenceError,
    InputError,
    InvariantError,
    NegativePriceError,
    NonViableError,
    NotProductiveError,
    NumeraireError,
    did_you_mean,
)
from . import reference
from . import status as st
from ._labels import attrs, sum_by_country
from .economy import Economy

HOURS = "h"
# a net product below this share of gross output is a difference of nearly equal sums: the
# net-product normalisation cannot then be checked to the invariants' tolerance
NET_PRODUCT_FLOOR = 1e-5
PRICE_UNITS = "h"  # prices are expressed in hours through the normalisation (see docs/model.md)


def _codes(economy: Economy, normalization: str, numeraire, wages: str) -> tuple[int, int, int]:
    if normalization not in st.NORMALIZATIONS:
        hint = did_you_mean(normalization, st.NORMALIZATIONS)
        raise InputError(
            f"unknown normalization {normalization!r}{hint}; "
            f"choose one of {sorted(st.NORMALIZATIONS)}"
        )
    if wages not in st.WAGE_TIMING:
        raise InputError(
            f"unknown wages={wages!r}{did_you_mean(wages, st.WAGE_TIMING)}; "
            f"choose one of {sorted(st.WAGE_TIMING)}"
        )
    k = 0
    if normalization == "numeraire":
        if numeraire is None:
            raise NumeraireError(
                "normalization='numeraire' needs numeraire=<sector name> "
                f"(one of {list(economy.sectors)})"
            )
        if numeraire not in economy.sectors:
            raise NumeraireError(
                f"unknown numeraire {numeraire!r}{did_you_mean(str(numeraire), economy.sectors)}; "
                f"sectors are {list(economy.sectors)}"
            )
        k = economy.sectors.index(numeraire)
    elif numeraire is not None:
        raise NumeraireError(
            f"numeraire={numeraire!r} is only used with normalization='numeraire' "
            f"(got normalization={normalization!r})"
        )
    return st.NORMALIZATIONS[normalization], k, st.WAGE_TIMING[wages]


def solve_arrays(economy: Economy, normalization="total-price", numeraire=None, wages="advanced"):
    """Validated solve returning ``(lam, p, r, R)`` as numpy arrays; raises named errors."""
    norm, k, adv = _codes(economy, normalization, numeraire, wages)
    e = economy
    stack = (e.inputs[None], e.capital[None], e.labour[None], e.complexity[None], e.output[None])
    if e.closure == "value-wage":
        lam, p, r, big_r, code = reference.solve_value_wage(*stack, e.wage[None], norm, k, adv)
    else:
        lam, p, r, big_r, code = reference.solve_real_wage(
            *stack, e.wage_basket[None], norm, k, adv
        )
    _raise_for_status(int(code[0]), e, normalization, float(big_r[0]))
    return lam[0], p[0], float(r[0]), float(big_r[0])


def _raise_for_status(code: int, e: Economy, normalization: str, big_r: float) -> None:
    if code == st.OK:
        return
    if code == st.NOT_PRODUCTIVE:
        raise NotProductiveError("the input matrix is not productive (spectral radius >= 1)")
    if code == st.WAGE_TOO_HIGH:
        if e.closure == "value-wage":
            raise NonViableError(
                "the wage is at or above the maximum: no profit rate r >= 0 satisfies the "
                f"{normalization!r} normalisation (max profit rate at zero wage R = {big_r:.6g}). "
                "Lower the value wage below the value created per hour (complexity, 1 by default)."
            )
        raise NonViableError(
            "the wage basket is at or above the maximum: input plus wage-basket matrix "
            "A + b·l has spectral radius >= 1, so no profit rate r >= 0 exists. Lower the basket."
        )
    if code == st.NEGATIVE_PRICE:
        raise NegativePriceError(
            "the solved prices have a zero or negative component: the economy is reducible and "
            "the dominant root belongs to a block that does not produce the wage goods (its "
            "own rate of profit exceeds the basic system's). Make the economy irreducible or "
            "drop the non-basic block."
        )
    if code == st.NO_CONVERGENCE:
        raise ConvergenceError("the profit-rate iteration did not converge")
    raise NonViableError(
        f"the {normalization!r} normalisation is undefined for this economy (its target is zero, "
        "or no capital is advanced so the profit rate is unbounded)"
    )


def accounts(e: Economy, lam, p, r, wages: str = "advanced") -> dict[str, np.ndarray]:
    """Sector accounts implied by values λ, prices p and profit rate r (all per period)."""
    adv = st.WAGE_TIMING[wages]
    x, l, mu = e.output, e.labour, e.complexity
    hours = l * x
    if e.closure == "value-wage":
        value_wage = e.wage.copy()  # value of labour power per hour
        money_wage = e.wage.copy()  # in Emmanuel's closure wages are paid at their value
    else:
        value_wage = lam @ e.wage_basket
        money_wage = p @ e.wage_basket
    variable = value_wage * hours
    surplus = (mu - value_wage) * hours
    constant_value = (lam @ e.capital) * x
    capital_advanced = (p @ e.capital) * x + adv * money_wage * hours
    profit = r * capital_advanced
    with np.errstate(divide="ignore", invalid="ignore"):
        e_rate = np.where(variable > 0, surplus / variable, np.inf)
        q = np.where(variable > 0, constant_value / variable, np.inf)
    return {
        "hours": hours,
        "value_wage": value_wage,
        "money_wage": money_wage,
        "variable_capital": variable,
        "surplus_value": surplus,
        "capital_advanced": capital_advanced,
        "profit": profit,
        "value": lam * x,
        "price_total": p * x,
        "transfer": (p - lam) * x,
        "surplus_value_rate": e_rate,
        "organic_composition": q,
        "new_value": mu * hours,
        "net_product_price": p * x - (p @ e.inputs) * x,
    }


def solve(
    economy: Economy,
    normalization: str = "total-price",
    numeraire: str | None = None,
    wages: str = "advanced",
) -> xr.Dataset:
    """Labour values, prices of production and transfers of one economy.

    Parameters
    ----------
    economy : Economy
        The economy (value-wage or real-wage closure).
    normalization : {"total-price", "total-profit", "net-product", "numeraire"}
        ``"total-price"`` (p·x = λ·x), ``"total-profit"`` (Σ profit = Σ surplus value),
        ``"net-product"`` (p(I − A)x = (μ∘l)·x, the New Interpretation) or ``"numeraire"``
        (p_k = 1 for the sector named by ``numeraire``).
    numeraire : str, optional
        Sector name; only with ``normalization="numeraire"``.
    wages : {"advanced", "post-factum"}
        ``"advanced"`` (profit on capital and wages) or ``"post-factum"`` (on capital only).

    Returns
    -------
    xarray.Dataset
        ``labour_value``, ``price``, ``transfer`` (price minus value of the sector's output,
        hours; positive = gain) and the sector accounts (dim ``sector``); ``profit_rate``,
        ``max_profit_rate`` and the totals (scalars); ``transfer_by_country`` (dim
        ``country``; negative = the country loses) when countries are given. ``attrs`` report
        which identities hold (1) or not (0) under the chosen normalisation.

    Raises
    ------
    InputError
        If ``economy`` is not an :class:`Economy` or an option is unknown.
    NumeraireError
        If ``numeraire`` is missing, unknown, or given without ``normalization="numeraire"``.
    NotProductiveError
        If the input matrix is not productive.
    NonViableError
        If the wage absorbs the whole surplus (no profit rate r >= 0) or the normalisation
        is undefined.
    NegativePriceError
        If a solved price is zero or negative (reducible economy).
    ConvergenceError
        If the profit-rate iteration does not converge.
    InvariantError
        If an accounting identity fails after solving (a bug: please report).

    See Also
    --------
    Economy, decompose, transform

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> e = ue.Economy(
    ...     inputs=[[0.2, 0.3], [0.1, 0.2]], labour=[1.0, 0.5], output=[10.0, 20.0],
    ...     wage=[0.4, 0.6], sectors=["corn", "iron"], countries=["Mexico", "US"],
    ... )
    >>> ds = ue.solve(e)
    >>> [round(float(v), 2) for v in ds.labour_value]
    [1.39, 1.15]
    >>> [round(float(t), 1) for t in ds.transfer_by_country]
    [-3.0, 3.0]
    >>> ds.attrs["total_price_equals_total_value"]
    1

    With ``normalization="numeraire"`` prices are measured in units of one good:

    >>> ds = ue.solve(e, normalization="numeraire", numeraire="corn")
    >>> round(float(ds.price.sel(sector="corn")), 6)
    1.0
    """
    if not isinstance(economy, Economy):
        raise InputError(f"solve expects an Economy, got {type(economy).__name__}")
    lam, p, r, big_r = solve_arrays(economy, normalization, numeraire, wages)
    acc = accounts(economy, lam, p, r, wages)
    _check_price_equation(economy, p, acc)
    return _dataset(economy, lam, p, r, big_r, acc, normalization, numeraire, wages)


def _dataset(e, lam, p, r, big_r, acc, normalization, numeraire, wages) -> xr.Dataset:
    s = "sector"
    data = {
        "labour_value": (s, lam, attrs("h", "labour value per unit of output, (μ∘l)(I − A)⁻¹")),
        "price": (s, p, attrs(PRICE_UNITS, "price of production per unit of output")),
        "price_value_ratio": (s, _ratio(p, lam), attrs("1", "price of production / value")),
        "output": (s, e.output.copy(), attrs("units of output", "gross output")),
        "hours": (s, acc["hours"], attrs(HOURS, "direct labour hours, l∘x")),
        "value": (s, acc["value"], attrs(HOURS, "value of gross output, λ∘x")),
        "price_total": (s, acc["price_total"], attrs(PRICE_UNITS, "price of gross output, p∘x")),
        "transfer": (s, acc["transfer"], attrs(HOURS, "(p − λ)∘x: value gained (+) or lost (−)")),
        "value_wage": (s, acc["value_wage"], attrs("h/h", "value of labour power per hour")),
        "money_wage": (s, acc["money_wage"], attrs("h/h", "wage per hour in price units")),
        "variable_capital": (s, acc["variable_capital"], attrs(HOURS, "variable capital, v")),
        "surplus_value": (s, acc["surplus_value"], attrs(HOURS, "surplus value, s")),
        "capital_advanced": (
            s,
            acc["capital_advanced"],
            attrs(PRICE_UNITS, "capital advanced at prices of production"),
        ),
        "profit": (s, acc["profit"], attrs(PRICE_UNITS, "profit, r × capital advanced")),
        "surplus_value_rate": (
            s,
            acc["surplus_value_rate"],
            attrs("1", "rate of surplus value, s / v"),
        ),
        "organic_composition": (
            s,
            acc["organic_composition"],
            attrs("1", "value composition of capital, λBx / v"),
        ),
        "profit_rate": ((), r, attrs("1/period", "general (uniform) rate of profit")),
        "max_profit_rate": ((), big_r, attrs("1/period", "maximum profit rate at zero wage, R")),
    }
    totals = {
        "total_value": (acc["value"].sum(), "total value, λ·x"),
        "total_price": (acc["price_total"].sum(), "total price, p·x"),
        "total_profit": (acc["profit"].sum(), "total profit"),
        "total_surplus_value": (acc["surplus_value"].sum(), "total surplus value"),
        "new_value": (acc["new_value"].sum(), "value added by living labour, (μ∘l)·x"),
        "net_product_price": (acc["net_product_price"].sum(), "price of the net product"),
    }
    for name, (val, long) in totals.items():
        data[name] = ((), float(val), attrs(HOURS, long))
    coords = {s: list(e.sectors)}
    if e.countries is not None:
        names, by_country = sum_by_country(acc["transfer"], e.countries)
        data["transfer_by_country"] = (
            "country",
            by_country,
            attrs(HOURS, "transfer received by the country (−: loss)"),
        )
        coords["country"] = names
        coords["sector_country"] = (s, list(e.countries))
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(
        model="input-output economy",
        closure=e.closure,
        normalization=normalization,
        numeraire=numeraire or "",
        wages=wages,
    )
    ds.attrs.update(invariants(ds, normalization, numeraire))
    return ds


def _check_price_equation(e: Economy, p, acc, tol: float = 1e-9) -> None:
    """Each sector's price = inputs used up + wages + profit (the redundant identity re-checked)."""
    cost = (p @ e.inputs) * e.output + acc["money_wage"] * acc["hours"]
    gap = np.abs(acc["price_total"] - cost - acc["profit"])
    if np.any(gap > tol * max(float(np.abs(acc["price_total"]).max()), 1.0)):
        raise InvariantError(f"price ≠ cost + profit after solving (gaps {gap.tolist()})")


def _ratio(p, lam):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(lam > 0, p / np.where(lam > 0, lam, 1.0), np.nan)


def invariants(ds: xr.Dataset, normalization: str, numeraire=None, tol: float = 1e-10) -> dict:
    """Which identities hold (1) or not (0); the chosen normalisation must hold (else a bug)."""

    def close(a, b):
        return abs(float(a) - float(b)) <= tol * max(abs(float(a)), abs(float(b)), 1.0)

    out = {
        "total_price_equals_total_value": close(ds.total_price, ds.total_value),
        "total_profit_equals_total_surplus_value": close(ds.total_profit, ds.total_surplus_value),
        "net_product_price_equals_new_value": close(ds.net_product_price, ds.new_value),
        # relative to the total value moved, not to 1
        "transfers_sum_to_zero": abs(float(ds.transfer.sum()))
        <= tol * max(abs(float(ds.total_value)), 1e-300),
    }
    required = {
        "total-price": out["total_price_equals_total_value"],
        "total-profit": out["total_profit_equals_total_surplus_value"],
        "net-product": out["net_product_price_equals_new_value"],
        "numeraire": numeraire is None or close(ds.price.sel(sector=numeraire), 1.0),
    }[normalization]
    if not required:
        net, gross = abs(float(ds.net_product_price)), abs(float(ds.total_price))
        if normalization == "net-product" and net < NET_PRODUCT_FLOOR * gross:
            raise NonViableError(
                f"the net product is only {net / gross:.1e} of the price of gross output (the "
                "input matrix is within rounding of unproductive), so the 'net-product' "
                "normalisation cannot be imposed to 1e-10: use normalization='total-price' or "
                "'numeraire', or lower the input coefficients"
            )
        raise InvariantError(f"the {normalization!r} normalisation does not hold after solving")
    return {k: int(v) for k, v in out.items()}
