"""``solve``: labour values and prices of production of one input–output economy.

Validates, calls the plain-numpy reference for one economy, turns a status code into the
package's named errors, re-checks the accounting identities, and returns a labelled Dataset.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import xarray as xr

from ...errors import (
    ClosureError,
    ConvergenceError,
    InputError,
    InvariantError,
    NegativePriceError,
    NonViableError,
    NotProductiveError,
    NumeraireError,
    did_you_mean,
)
from . import general, reference
from . import status as st
from ._labels import as_vector, attrs, sum_by_country
from .economy import Economy, ReducibleEconomyWarning

HOURS = "h"
# a net product below this share of gross output is a difference of nearly equal sums: the
# net-product normalisation cannot then be checked to the invariants' tolerance
NET_PRODUCT_FLOOR = 1e-5
PRICE_UNITS = "h"  # prices are expressed in hours through the normalisation (see docs/model.md)
# normalisations solved by the general (one-economy) path only
GENERAL_NORMALIZATIONS = ("weighted", "standard-commodity")
ALL_NORMALIZATIONS = (*st.NORMALIZATIONS, *GENERAL_NORMALIZATIONS)
WAGES = (*st.WAGE_TIMING, "turnover")
CLOSURES = ("value-wage", "real-wage", "profit-rate")
# a given profit rate may exceed R by this relative rounding and still mean r = R
PROFIT_RATE_SLACK = 1e-12


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
    if e.wage is not None:  # the value-wage closure (Economy.closure)
        lam, p, r, big_r, code = reference.solve_value_wage(*stack, e.wage[None], norm, k, adv)
    else:
        assert e.wage_basket is not None  # Economy holds exactly one wage closure
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


def accounts(
    e: Economy, lam, p, r, wages: str = "advanced", turnover=None
) -> dict[str, np.ndarray]:
    """Sector accounts implied by values λ, prices p and profit rate r (all per period).

    ``turnover`` (per-sector fraction of the period wages are advanced) overrides ``wages``.
    """
    adv = st.WAGE_TIMING[wages] if turnover is None else np.asarray(turnover, dtype=float)
    x, l, mu = e.output, e.labour, e.complexity
    hours = l * x
    if e.wage is not None:  # the value-wage closure (Economy.closure)
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
        "net_product_price": p * x - (p @ e.cost_matrix) * x,
    }


def solve(
    economy: Economy,
    normalization: str = "total-price",
    numeraire: str | None = None,
    wages: str | None = None,
    *,
    closure: str | None = None,
    profit_rate: float | None = None,
    weights=None,
    target: float | None = None,
    allow_nonviable: bool = False,
) -> xr.Dataset:
    """Labour values, prices of production and transfers of one economy.

    Prices solve p = p(A + D) + w∘l + r(pB + t∘w∘l) (docs/model.md §2): inputs A and
    depreciation D used up, wages w per hour, profit at the uniform rate r on the capital
    advanced B and on the wages advanced for the fraction t of the period.

    Parameters
    ----------
    economy : Economy
        The economy (value-wage or real-wage closure).
    normalization : {"total-price", "total-profit", "net-product", "numeraire", "weighted", \
"standard-commodity"}
        ``"total-price"`` (p·x = λ·x), ``"total-profit"`` (Σ profit = Σ surplus value),
        ``"net-product"`` (p(I − A − D)x = (μ∘l)·x, the New Interpretation), ``"numeraire"``
        (p_k = 1 for the sector named by ``numeraire``), ``"weighted"`` (p·y = c for the
        bundle y = ``weights`` and c = ``target``; clptheory's p·Q = ΣQ) or
        ``"standard-commodity"`` (the price of Sraffa's standard net product equals its value,
        the hours that produce it: see :func:`standard_commodity`).
    numeraire : str, optional
        Sector name; only with ``normalization="numeraire"``.
    wages : {"advanced", "post-factum", "turnover"}, optional
        ``"advanced"`` (profit on capital and wages, t = 1), ``"post-factum"`` (on capital only,
        t = 0) or ``"turnover"`` (wages advanced for the fraction ``economy.turnover`` of the
        period). Default: ``"turnover"`` if the economy has a turnover, else ``"advanced"``.
    closure : {"value-wage", "real-wage", "profit-rate"}, optional
        Default: the economy's own closure. ``"profit-rate"`` takes r = ``profit_rate`` as
        given and solves for the wage level: the economy's wage (ω, or the basket) gives the
        wage structure and is scaled by ``wage_scale`` in the result.
    profit_rate : float, optional
        The given profit rate, 0 <= r <= R; only with ``closure="profit-rate"``. r = 0 gives
        the prices of labour, p ∝ (w∘l)(I − A − D)⁻¹; r = R gives a zero wage.
    weights : array_like, shape (n,), optional
        The bundle y of ``normalization="weighted"``.
    target : float, optional
        Its price c (default: its value, λ·y); only with ``normalization="weighted"``.
    allow_nonviable : bool, default False
        With a real wage the economy cannot pay (ρ(A + D + b·l) >= 1), return the solution with
        the negative r that equalises the (negative) profit rates, with ``attrs["status"]`` =
        ``"non-viable"``, instead of raising :class:`NonViableError`.

    Returns
    -------
    xarray.Dataset
        ``labour_value``, ``price``, ``transfer`` (price minus value of the sector's output,
        hours; positive = gain) and the sector accounts (dim ``sector``); ``profit_rate``,
        ``max_profit_rate`` and the totals (scalars); ``transfer_by_country`` (dim
        ``country``; negative = the country loses) when countries are given; ``wage_scale``
        with ``closure="profit-rate"``. ``attrs`` report the options, ``status`` (``"ok"`` or
        ``"non-viable"``) and which identities hold (1) or not (0).

    Raises
    ------
    InputError
        If ``economy`` is not an :class:`Economy`, an option is unknown, or ``profit_rate``,
        ``weights`` or ``target`` are missing, outside their range or given without their
        option.
    ClosureError
        If ``closure`` names a wage closure the economy does not have.
    NumeraireError
        If ``numeraire`` is missing, unknown, or given without ``normalization="numeraire"``.
    NotProductiveError
        If the input matrix is not productive.
    NonViableError
        If the wage absorbs the whole surplus (no profit rate r >= 0; unless
        ``allow_nonviable`` for a real wage) or the normalisation is undefined.
    NegativePriceError
        If a solved price is zero or negative (reducible economy).
    ConvergenceError
        If the profit-rate iteration does not converge.
    InvariantError
        If an accounting identity fails after solving (a bug: please report).

    See Also
    --------
    Economy, labour_values, standard_commodity, deviation, decompose, transform

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

    A given profit rate: at r = 0 prices are proportional to the wage cost of labour,
    (w∘l)(I − A)⁻¹, and the wage is what the normalisation leaves:

    >>> ds = ue.solve(e, closure="profit-rate", profit_rate=0.0)
    >>> round(float(ds.profit_rate), 3), round(float(ds.wage_scale), 4)
    (0.0, 2.1028)

    A real wage the economy cannot pay, reported instead of refused:

    >>> poor = e.replace(wage=None, wage_basket=[0.9, 0.9])
    >>> ds = ue.solve(poor, allow_nonviable=True)
    >>> ds.attrs["status"], round(float(ds.profit_rate), 4)
    ('non-viable', -0.435)
    """
    if not isinstance(economy, Economy):
        raise InputError(f"solve expects an Economy, got {type(economy).__name__}")
    e = economy
    closure, wages = _closure_and_wages(e, closure, wages, profit_rate)
    simple = (
        closure != "profit-rate"
        and normalization not in GENERAL_NORMALIZATIONS
        and wages != "turnover"
        and not np.any(e.depreciation)
    )
    _codes_general(e, normalization, numeraire, weights, target)
    status = "ok"
    t = _turnover(e, wages)
    extra = {}
    if simple:
        try:
            lam, p, r, big_r = solve_arrays(e, normalization, numeraire, wages)
        except NonViableError:
            if not (allow_nonviable and e.closure == "real-wage"):
                raise
            simple = False
    if not simple:
        lam, p, r, big_r, status, e, extra = _solve_general(
            e, closure, normalization, numeraire, t, profit_rate, weights, target, allow_nonviable
        )
    acc = accounts(e, lam, p, r, turnover=t)
    _check_price_equation(e, p, acc)
    ds = _dataset(e, lam, p, r, big_r, acc, normalization, numeraire, wages, extra)
    ds.attrs.update(closure=closure, status=status)
    return ds


def _closure_and_wages(e: Economy, closure, wages, profit_rate) -> tuple[str, str]:
    if closure is None:
        closure = e.closure
    closure = str(closure).replace("_", "-")
    if closure not in CLOSURES:
        raise InputError(
            f"unknown closure {closure!r}{did_you_mean(closure, CLOSURES)}; "
            f"choose one of {list(CLOSURES)}"
        )
    if closure in ("value-wage", "real-wage") and closure != e.closure:
        raise ClosureError(
            f"closure={closure!r} but the economy has a {e.closure} closure: give it "
            + ("wage=" if closure == "value-wage" else "wage_basket=")
            + "… via Economy.replace, or leave closure unset"
        )
    if closure == "profit-rate":
        if profit_rate is None:
            raise InputError("closure='profit-rate' needs profit_rate=<r, 0 <= r <= R>")
    elif profit_rate is not None:
        raise InputError(f"profit_rate={profit_rate!r} is only used with closure='profit-rate'")
    if wages is None:
        wages = "turnover" if e.turnover is not None else "advanced"
    if wages not in WAGES:
        raise InputError(
            f"unknown wages={wages!r}{did_you_mean(str(wages), WAGES)}; "
            f"choose one of {sorted(WAGES)}"
        )
    if wages == "turnover" and e.turnover is None:
        raise InputError(
            "wages='turnover' needs the economy's turnover (Economy(..., turnover=t), the "
            "fraction of the period each sector's wages are advanced)"
        )
    return closure, wages


def _turnover(e: Economy, wages: str) -> np.ndarray:
    if wages == "turnover":
        assert e.turnover is not None  # checked by the caller's validation
        return e.turnover.copy()
    return np.full(e.n_sectors, float(st.WAGE_TIMING[wages]))


def _codes_general(e: Economy, normalization, numeraire, weights, target) -> None:
    """Check the options of the general normalisations (the others go through ``_codes``)."""
    if normalization not in ALL_NORMALIZATIONS:
        hint = did_you_mean(str(normalization), ALL_NORMALIZATIONS)
        raise InputError(
            f"unknown normalization {normalization!r}{hint}; "
            f"choose one of {list(ALL_NORMALIZATIONS)}"
        )
    if normalization != "weighted" and (weights is not None or target is not None):
        raise InputError(
            "weights= and target= are only used with normalization='weighted' "
            f"(got normalization={normalization!r})"
        )
    if normalization == "weighted":
        if weights is None:
            raise InputError("normalization='weighted' needs weights=<a bundle y, one per sector>")
        y = as_vector("weights", weights, e.n_sectors)
        if not y.any():
            raise InputError("weights must have at least one positive entry")
        if target is not None and not (np.isfinite(target) and float(target) > 0):
            raise InputError(f"target must be a positive number, got {target!r}")
    if numeraire is not None and normalization != "numeraire":
        raise NumeraireError(
            f"numeraire={numeraire!r} is only used with normalization='numeraire' "
            f"(got normalization={normalization!r})"
        )


def _weights(e, lam, normalization, numeraire, weights, target):
    """y and c of the normalisation p·y = c."""
    x, cost = e.output, e.cost_matrix
    new_value = float((e.complexity * e.labour) @ x)
    if normalization == "total-price":
        return x, float(lam @ x)
    if normalization == "net-product":
        return x - cost @ x, new_value
    if normalization == "numeraire":
        y = np.zeros(e.n_sectors)
        y[_codes(e, "numeraire", numeraire, "advanced")[1]] = 1.0
        return y, 1.0
    if normalization == "weighted":
        y = as_vector("weights", weights, e.n_sectors)
        return y, float(lam @ y) if target is None else float(target)
    if normalization == "standard-commodity":
        q, _ = general.standard_commodity(e.cost_matrix, e.capital, e.labour, e.complexity, x)
        y = q - cost @ q
        return y, float(lam @ y)
    return None, None  # total-profit: handled by each closure


def _solve_general(
    e, closure, normalization, numeraire, t, profit_rate, weights, target, nonviable
):
    """Solve with the general system; returns (lam, p, r, R, status name, economy, extra)."""
    cost, cap, l, mu, x = e.cost_matrix, e.capital, e.labour, e.complexity, e.output
    lam = general.labour_values(cost, l, mu)
    if not (np.all(np.isfinite(lam)) and np.all(lam >= 0)):
        raise NotProductiveError("the input matrix is not productive (spectral radius >= 1)")
    big_r, _ = general.max_profit_rate(cost, cap)
    y, c = _weights(e, lam, normalization, numeraire, weights, target)
    total_profit = normalization == "total-profit"
    new_value = float((mu * l) @ x)
    extra, status = {}, "ok"
    if normalization in GENERAL_NORMALIZATIONS:
        extra["normalization_bundle"] = (y, c)
    if closure == "profit-rate":
        r = _check_profit_rate(profit_rate, big_r)
        if total_profit:
            raise InputError(
                "normalization='total-profit' is not available with closure='profit-rate' "
                "(the surplus value depends on the wage being solved for): choose another"
            )
        kind = e.closure
        direction = e.wage if kind == "value-wage" else e.wage_basket
        p, scale, code = general.solve_profit_rate(cost, cap, direction, t, r, l, y, c, kind)
        _raise_for_status(code, e, normalization, big_r)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReducibleEconomyWarning)
            e = e.replace(**{"wage" if kind == "value-wage" else "wage_basket": scale * direction})
        extra["wage_scale"] = scale
    elif closure == "value-wage":
        p, r, code = general.solve_value_wage(
            cost, cap, e.wage * l, t, new_value, x, y, c, total_profit
        )
        _raise_for_status(code, e, normalization, big_r)
    else:
        q, r, code = general.solve_real_wage(cost, cap, e.wage_basket, l, t, nonviable)
        if code == general.NON_VIABLE:
            status, code = "non-viable", st.OK
        _raise_for_status(code, e, normalization, big_r)
        if total_profit:
            bl = e.wage_basket * l[None, :]
            y = r * ((cap + bl * t[None, :]) @ x)
            c = float((mu * l - lam @ bl) @ x)
        p = general._scale(q, y, c)
        if p is None:
            _raise_for_status(st.DEGENERATE, e, normalization, big_r)
    if np.any(p <= 1e-12 * np.abs(p).max()):
        _raise_for_status(st.NEGATIVE_PRICE, e, normalization, big_r)
    return lam, p, float(r), float(big_r), status, e, extra


def _check_profit_rate(profit_rate, big_r: float) -> float:
    try:
        r = float(profit_rate)
    except (TypeError, ValueError) as exc:
        raise InputError(f"profit_rate must be a number, got {profit_rate!r}") from exc
    if not np.isfinite(r) or r < 0 or r > big_r * (1 + PROFIT_RATE_SLACK):
        raise InputError(
            f"profit_rate={profit_rate!r} is outside [0, R] = [0, {big_r:.6g}]: at r = R the "
            "wage is zero and no r above R (or below 0) has non-negative wages"
        )
    return min(r, big_r)


def _dataset(e, lam, p, r, big_r, acc, normalization, numeraire, wages, extra=None) -> xr.Dataset:
    s = "sector"
    data = {
        "labour_value": (s, lam, attrs("h", "labour value per unit of output, (μ∘l)(I − A − D)⁻¹")),
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
    if extra and "wage_scale" in extra:
        data["wage_scale"] = (
            (),
            float(extra["wage_scale"]),
            attrs("1", "factor on the economy's wage (ω or basket) that yields the given r"),
        )
    coords: dict[str, Any] = {s: list(e.sectors)}
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
    bundle = (extra or {}).get("normalization_bundle")
    if bundle is not None:
        ds["normalization_bundle"] = (
            s,
            bundle[0],
            attrs("units of output", f"bundle y of the normalisation p·y = {bundle[1]:.12g} h"),
        )
    ds.attrs.update(invariants(ds, normalization, numeraire, bundle=bundle))
    return ds


def _check_price_equation(e: Economy, p, acc, tol: float = 1e-9) -> None:
    """Each sector's price = inputs used up + wages + profit (the redundant identity re-checked)."""
    cost = (p @ e.cost_matrix) * e.output + acc["money_wage"] * acc["hours"]
    gap = np.abs(acc["price_total"] - cost - acc["profit"])
    if np.any(gap > tol * max(float(np.abs(acc["price_total"]).max()), 1.0)):
        raise InvariantError(f"price ≠ cost + profit after solving (gaps {gap.tolist()})")


def _ratio(p, lam):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(lam > 0, p / np.where(lam > 0, lam, 1.0), np.nan)


def invariants(
    ds: xr.Dataset, normalization: str, numeraire=None, tol: float = 1e-10, bundle=None
) -> dict:
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
        "weighted": bundle is not None and close(ds.price.values @ bundle[0], bundle[1]),
        "standard-commodity": bundle is not None and close(ds.price.values @ bundle[0], bundle[1]),
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
