"""Shapley decomposition of international transfers into strict, broad and intensity parts.

A *factor* is a country differential: ``wage`` (the rate of surplus value: unequal exchange in the
strict sense), ``composition`` (capital advanced per hour: the broad sense) and, for input–output
economies, ``intensity`` (value created per hour, μ). Switching a factor *off* rescales each
country's sectors by one common multiplier so that the country's aggregate level equals the world
average, keeping the within-country structure. The transfer T(S) with the factors in S on is
computed for every subset S (2^m solves) and split exactly by the Shapley value:

    T(F) = Σ_f φ_f + T(∅),  φ_f = Σ_{S ⊆ F∖{f}} |S|! (m − |S| − 1)! / m! · [T(S ∪ {f}) − T(S)].

T(∅), the transfer left when every country is at the world average, is the *structural* part
(sector-mix effects inside countries, plus any differential not among the factors asked for).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr

from ...errors import DecompositionError, did_you_mean
from ._labels import attrs, unique_in_order
from .economy import Economy
from .factors import world_level_multiplier
from .shapley import shapley
from .solve import solve
from .value_table import VALUE_UNITS, ValueTable, transform

TABLE_FACTORS = ("wage", "composition")
TABLE_FACTORS_WITH_HOURS = ("wage", "composition", "intensity")
ECONOMY_FACTORS = ("wage", "composition", "intensity")


def _check_factors(factors: Sequence[str], allowed: Sequence[str], what: str) -> tuple[str, ...]:
    factors = tuple(factors)
    problems = [
        f"unknown factor {f!r}{did_you_mean(f, allowed)}; {what} allows {list(allowed)}"
        for f in factors
        if f not in allowed
    ]
    if len(set(factors)) != len(factors):
        problems.append(f"factors must be distinct, got {list(factors)}")
    if not factors:
        problems.append("give at least one factor")
    if problems:
        raise DecompositionError("; ".join(problems))
    return factors


def _country_codes(countries, what: str) -> tuple[list[str], np.ndarray]:
    if countries is None:
        raise DecompositionError(
            f"decompose needs countries: build the {what} with countries=[...]"
        )
    names = unique_in_order(countries)
    if len(names) < 2:
        raise DecompositionError("decompose needs at least two countries")
    return names, np.array([names.index(c) for c in countries])


def _multipliers(level_num, level_den, codes, n_countries) -> np.ndarray:
    """Per-sector multiplier that brings each country's ratio Σnum/Σden to the world ratio."""
    mult = np.ones_like(level_num)
    for k in range(n_countries):
        sel = codes == k
        if level_num[sel].sum() / level_den[sel].sum() <= 0:
            raise DecompositionError(
                "a country's level of a factor is zero; the factor cannot be switched off"
            )
        mult[sel] = world_level_multiplier.py_func(
            level_num[sel].sum(), level_den[sel].sum(), level_num.sum(), level_den.sum()
        )
    return mult


def _table_transfer(table: ValueTable, off: frozenset, names, codes) -> np.ndarray:
    k, v, s = table.advanced, table.variable, table.surplus
    new = v + s
    # hours are measured by the new value v + s unless the table gives hours worked
    hours = new if table.hours is None else table.hours
    n_c = len(names)
    if "intensity" in off:
        new = new * _multipliers(new, hours, codes, n_c)
    if "wage" in off:
        v = v * _multipliers(v, hours, codes, n_c)
    if "composition" in off:
        k = k * _multipliers(k, hours, codes, n_c)
    ds = transform(table.replace(advanced=k, variable=v, surplus=new - v))
    return ds.transfer_by_country.values


def _economy_transfer(e: Economy, off: frozenset, names, codes, lam, solve_kwargs) -> np.ndarray:
    hours = e.labour * e.output
    changes = {}
    if "wage" in off:
        if e.closure == "value-wage":
            w = e.wage
            changes["wage"] = w * _multipliers(w * hours, hours, codes, len(names))
        else:
            per_hour = lam @ e.wage_basket
            mult = _multipliers(per_hour * hours, hours, codes, len(names))
            changes["wage_basket"] = e.wage_basket * mult[None, :]
    if "composition" in off:
        per_unit = (lam @ e.capital) * e.output
        mult = _multipliers(per_unit, hours, codes, len(names))
        changes["capital"] = e.capital * mult[None, :]
    if "intensity" in off:
        mu = e.complexity
        changes["complexity"] = mu * _multipliers(mu * hours, hours, codes, len(names))
    return solve(e.replace(**changes) if changes else e, **solve_kwargs).transfer_by_country.values


def decompose(
    table_or_economy, factors: Sequence[str] = ("wage", "composition"), **solve_kwargs
) -> xr.Dataset:
    """Exact Shapley split of each country's transfer into factor contributions.

    Parameters
    ----------
    table_or_economy : ValueTable or Economy
        Built with ``countries`` (at least two).
    factors : sequence of str
        Any of ``"wage"`` (unequal exchange in the strict sense), ``"composition"`` (the
        broad sense) and, for an Economy or a ValueTable with ``hours``, ``"intensity"``
        (new value per hour).
    **solve_kwargs
        Passed to :func:`solve` for an Economy (``normalization``, ``numeraire``, ``wages``).

    Returns
    -------
    xarray.Dataset
        ``contribution`` (factor, country), ``structural`` (country) and ``total``
        (country; transfer received, negative = lost), in the table's value units or hours;
        ``contribution.sum("factor") + structural == total``.

    Raises
    ------
    DecompositionError
        If a factor is unknown or repeated, countries are missing or fewer than two, solve
        options are given for a ValueTable, or the object is neither a ValueTable nor an
        Economy.

    See Also
    --------
    transform, solve

    Examples
    --------
    Emmanuel's unequal-wage table: the core gains 60, of which 40 come from the wage
    differential (unequal exchange in the strict sense) and 20 from the difference in
    capital composition (the broad sense):

    >>> import unequal_exchange as ue
    >>> table = ue.ValueTable(
    ...     advanced=[240, 120], constant=[50, 50], variable=[100, 20], surplus=[20, 100],
    ...     sectors=["A", "B"], countries=["core", "periphery"],
    ... )
    >>> d = ue.decompose(table)
    >>> core = d.sel(country="core")
    >>> round(float(core.total)), round(float(core.structural))
    (60, 0)
    >>> {str(f): round(float(c)) for f, c in zip(d.factor.values, core.contribution.values)}
    {'wage': 40, 'composition': 20}
    """
    obj = table_or_economy
    if isinstance(obj, ValueTable):
        if solve_kwargs:
            raise DecompositionError(f"a value table takes no solve options, got {solve_kwargs}")
        allowed = TABLE_FACTORS if obj.hours is None else TABLE_FACTORS_WITH_HOURS
        factors = _check_factors(
            factors,
            allowed,
            "a ValueTable" + (" with hours" if obj.hours is not None else " without hours"),
        )
        names, codes = _country_codes(obj.countries, "ValueTable")

        def transfer_of(on):
            return _table_transfer(obj, frozenset(factors) - on, names, codes)

        units = VALUE_UNITS
    elif isinstance(obj, Economy):
        factors = _check_factors(factors, ECONOMY_FACTORS, "an Economy")
        names, codes = _country_codes(obj.countries, "Economy")
        lam = solve(obj, **solve_kwargs).labour_value.values

        def transfer_of(on):
            return _economy_transfer(obj, frozenset(factors) - on, names, codes, lam, solve_kwargs)

        units = "h"
    else:
        raise DecompositionError(
            f"decompose expects a ValueTable or an Economy, got {type(obj).__name__}"
        )
    contrib, structural, total = shapley(transfer_of, factors)
    gap = np.abs(contrib.sum(axis=0) + structural - total).max()
    if gap > 1e-9 * max(np.abs(total).max(), 1.0):
        raise DecompositionError(f"Shapley split does not add up (gap {gap:g}); please report")
    return xr.Dataset(
        {
            "contribution": (
                ("factor", "country"),
                contrib,
                attrs(units, "Shapley contribution of the factor's differential"),
            ),
            "structural": (
                "country",
                structural,
                attrs(units, "transfer with every factor at the world average"),
            ),
            "total": ("country", total, attrs(units, "transfer received (−: lost)")),
        },
        coords={"factor": list(factors), "country": names},
        attrs={"method": "Shapley decomposition over factor differentials (docs/model.md §2.3)"},
    )
