"""Shapley decomposition of international transfers into strict, broad and intensity parts.

A *factor* is a country differential. Two factor definitions (a convention, docs/model.md §2.3),
and "strict" and "broad" mean a different factor under each:

- ``"emmanuel"`` (the default), Emmanuel's (1972) per-hour gaps: ``wage`` (wage per hour at given
  capital per hour: the strict sense, which at equal value per hour *is* the gap in rates of
  surplus value at given capital), ``composition`` (capital advanced per hour: the broad sense,
  the organic composition, i.e. the value composition at a common rate of surplus value) and
  ``intensity`` (value created per hour, μ);
- ``"value_composition"``, the alternative: ``surplus_value_rate`` (e = s/v, switched off by
  moving v *and K* at given new value, so the world's capital is not conserved),
  ``value_composition`` (K/v at actual wages, Marx's value composition, which contains the wage
  gap) and ``intensity``.

Switching a factor *off* rescales each country's sectors by one common multiplier so that the
country's aggregate level equals the world average, keeping the within-country structure. The
transfer T(S) with the factors in S on is computed for every subset S (2^m solves) and split
exactly by the Shapley value:

    T(F) = Σ_f φ_f + T(∅),  φ_f = Σ_{S ⊆ F∖{f}} |S|! (m − |S| − 1)! / m! · [T(S ∪ {f}) − T(S)].

T(∅), the transfer left when every country is at the world average, is the *structural* part
(sector-mix effects inside countries, plus any differential not among the factors asked for).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

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
#: the value-composition factors (docs/model.md §2.3, §3.3): the Mexico–US ``value_factor`` dim
VALUE_COMPOSITION_FACTORS = ("surplus_value_rate", "value_composition")
VALUE_COMPOSITION_FACTORS_WITH_HOURS = ("surplus_value_rate", "value_composition", "intensity")
#: the named factor definitions ``factors=`` accepts (as ``strict_broad_waterfall(definition=)``);
#: the first is the default
FACTOR_DEFINITIONS = ("emmanuel", "value_composition")
#: names no longer accepted -> the one to use
RENAMED_DEFINITIONS = {"marx": "value_composition"}


def renamed_definition_message(name: str, what: str = "factors") -> str:
    """One line: ``name`` was a factor definition's old name; what to write instead."""
    new = RENAMED_DEFINITIONS[name.lower()]
    return (
        f"{what}={name!r} was renamed {new!r} (K/v at actual wages is Marx's value composition, "
        f"not his organic composition; docs/model.md §2.3): write {what}={new!r}, or "
        f"{what}='emmanuel' for the default per-hour factors"
    )


def _resolve_factors(factors, has_hours: bool, is_table: bool) -> tuple[tuple[str, ...], str]:
    """The factor names and their definition ("emmanuel" or "value_composition") asked for by
    ``factors``; a string is a definition, a list is factors."""
    if isinstance(factors, str):
        names = (*TABLE_FACTORS_WITH_HOURS, *VALUE_COMPOSITION_FACTORS)
        if factors.lower() in RENAMED_DEFINITIONS:
            raise DecompositionError(renamed_definition_message(factors))
        if factors in names and factors not in FACTOR_DEFINITIONS:
            raise DecompositionError(
                f"factors={factors!r} is one factor: give a list, factors=[{factors!r}]"
            )
        if factors not in FACTOR_DEFINITIONS:
            raise DecompositionError(
                f"factors={factors!r} is not a factor definition"
                f"{did_you_mean(factors, (*FACTOR_DEFINITIONS, *names))}; give 'emmanuel', "
                "'value_composition' or a list of factors"
            )
        three = has_hours or not is_table
        if factors == "value_composition":
            chosen = VALUE_COMPOSITION_FACTORS_WITH_HOURS if three else VALUE_COMPOSITION_FACTORS
            return chosen, "value_composition"
        return (TABLE_FACTORS_WITH_HOURS if three else TABLE_FACTORS), "emmanuel"
    factors = tuple(factors)
    vc = any(f in VALUE_COMPOSITION_FACTORS for f in factors)
    if vc and any(f in ("wage", "composition") for f in factors):
        raise DecompositionError(
            f"factors {list(factors)} mix two factor definitions: use Emmanuel's "
            f"{list(TABLE_FACTORS_WITH_HOURS)} or the value-composition factors "
            f"{list(VALUE_COMPOSITION_FACTORS_WITH_HOURS)}"
        )
    return factors, ("value_composition" if vc else "emmanuel")


def _check_factors(
    factors: Sequence[str], allowed: Sequence[str], what: str, also: Sequence[str] = ()
) -> tuple[str, ...]:
    """``also``: the other definition's factors, named in the message (and suggested)."""
    factors = tuple(factors)
    allows = f"{what} allows " + (
        f"Emmanuel's {list(allowed)} or the value-composition factors {list(also)}"
        if also
        else f"{list(allowed)}"
    )
    problems = [
        f"unknown factor {f!r}{did_you_mean(f, (*allowed, *also))}; {allows}"
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


def _table_transfer_value_composition(
    table: ValueTable, off: frozenset, names, codes
) -> np.ndarray:
    """Transfer by country with the value-composition factors in ``off`` at the world's level
    (§3.3).

    Intensity (new value per hour) scales n, v and K together (e and K/v kept); the rate of
    surplus value scales v and K together at given n, v' = v (1 + e_c)/(1 + e_w) (K/v kept: the
    world's ΣK is not conserved); the value composition scales K at given v. With e and K/v
    off, r K_c = e_w v_c = s_c in every country: the structural part is zero.
    """
    k0, v0 = table.advanced, table.variable
    n0 = v0 + table.surplus
    n, v, k = n0, v0, k0
    n_c = len(names)
    if "intensity" in off:
        a = _multipliers(n0, table.hours, codes, n_c)
        n, v, k = n * a, v * a, k * a
    if "surplus_value_rate" in off:
        # Σn/Σv = 1 + e brought to the world's by scaling v (and K with it) at given n
        mult = 1.0 / _multipliers(n0, v0, codes, n_c)
        v, k = v * mult, k * mult
    if "value_composition" in off:
        k = k * _multipliers(k0, v0, codes, n_c)
    ds = transform(table.replace(advanced=k, variable=v, surplus=n - v))
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
    table_or_economy,
    factors: Sequence[str] | Literal["emmanuel", "value_composition"] = ("wage", "composition"),
    **solve_kwargs,
) -> xr.Dataset:
    """Exact Shapley split of each country's transfer into factor contributions.

    Which differentials count as factors is a convention, the *factor definition*
    (docs/model.md §2.3): the strict and broad senses are a different factor under each.

    Parameters
    ----------
    table_or_economy : ValueTable or Economy
        Built with ``countries`` (at least two).
    factors : sequence of str or {"emmanuel", "value_composition"}
        Factors of one definition. Emmanuel's per-hour gaps (the default): ``"wage"`` (wage per
        hour: the strict sense, the gap in rates of surplus value at given capital per hour
        when every hour creates equal value), ``"composition"`` (capital advanced per hour: the
        broad sense, the organic composition) and, for an Economy or a ValueTable with
        ``hours``, ``"intensity"`` (new value per hour); switching one off holds the others per
        hour, so the world's wage bill and capital are conserved. The value-composition factors
        (a ValueTable only; the alternative): ``"surplus_value_rate"`` (e = s/v) and
        ``"value_composition"`` (K/v at actual wages, Marx's *value* composition, which contains
        the wage gap) and, with ``hours``, ``"intensity"``; switching e off scales v **and K**
        together at given new value (K/v kept, so the world's ΣK is not conserved: +40 % on
        Emmanuel's table below), K/v off scales K at given v, intensity off scales new value, v
        and K together (e and K/v kept). Intensity therefore means a different counterfactual
        under each definition; ``["intensity"]`` alone is Emmanuel's. A definition's name gives
        all its factors the object defines. The old name ``"marx"`` is refused (renamed).
    **solve_kwargs
        Passed to :func:`solve` for an Economy (``normalization``, ``numeraire``, ``wages``).

    Returns
    -------
    xarray.Dataset
        ``contribution`` (factor, country), ``structural`` (country) and ``total``
        (country; transfer received, negative = lost), in the table's value units or hours;
        ``contribution.sum("factor") + structural == total``; ``attrs["factor_definition"]``
        is ``"emmanuel"`` or ``"value_composition"``. By the value-composition factors the
        structural part is zero: with every country at the world's e and K/v, r K = s in each.

    Raises
    ------
    DecompositionError
        If a factor is unknown or repeated, factors of both definitions are mixed, the
        value-composition factors are asked of an Economy, the old name ``"marx"`` is given,
        countries are missing or fewer than two, solve options are given for a ValueTable, or
        the object is neither a ValueTable nor an Economy.

    See Also
    --------
    transform, solve

    Examples
    --------
    Emmanuel's unequal-wage table: the core gains 60, of which 40 come from the wage
    differential at given capital per hour (unequal exchange in the strict sense) and 20 from
    the difference in capital per hour (the broad sense):

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

    The same 60 by the value-composition factors: the gap in rates of surplus value at given
    K/v (e = 0.2 against 5) gives 580/7 and the gap in value compositions K/v (2.4 against 6)
    −160/7, since K/v at actual wages contains the wage gap (and switching e off moves capital
    with wages):

    >>> m = ue.decompose(table, factors="value_composition").sel(country="core")
    >>> [round(float(c) * 7) for c in m.contribution.values], round(float(m.total))
    ([580, -160], 60)
    >>> m.attrs["factor_definition"]
    'value_composition'
    """
    obj = table_or_economy
    is_table = isinstance(obj, ValueTable)
    factors, definition = _resolve_factors(factors, is_table and obj.hours is not None, is_table)
    if is_table:
        if solve_kwargs:
            raise DecompositionError(f"a value table takes no solve options, got {solve_kwargs}")
        vc = (
            VALUE_COMPOSITION_FACTORS if obj.hours is None else VALUE_COMPOSITION_FACTORS_WITH_HOURS
        )
        emmanuel = TABLE_FACTORS if obj.hours is None else TABLE_FACTORS_WITH_HOURS
        what = "a ValueTable" + (" with hours" if obj.hours is not None else " without hours")
        if definition == "value_composition":
            factors = _check_factors(factors, vc, what + " and the value-composition factors")
            table_transfer = _table_transfer_value_composition
        else:
            factors = _check_factors(factors, emmanuel, what, also=vc)
            table_transfer = _table_transfer
        names, codes = _country_codes(obj.countries, "ValueTable")

        def transfer_of(on):
            return table_transfer(obj, frozenset(factors) - on, names, codes)

        units = VALUE_UNITS
    elif isinstance(obj, Economy):
        if definition == "value_composition":
            raise DecompositionError(
                "the value-composition factors (surplus_value_rate, value_composition) are "
                "defined for a "
                f"ValueTable; for an Economy use Emmanuel's {list(ECONOMY_FACTORS)}"
            )
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
        attrs={
            "method": "Shapley decomposition over factor differentials (docs/model.md §2.3)",
            "factor_definition": definition,
        },
    )
