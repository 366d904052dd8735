"""Labour values without a wage closure, and Sraffa's standard commodity."""

from __future__ import annotations

import warnings

import numpy as np
import xarray as xr

from ...errors import InputError, InvariantError
from . import general
from ._labels import as_vector, attrs, sum_by_country
from .economy import Economy, ReducibleEconomyWarning

TOL = 1e-10


def _economy(economy_or_inputs, labour, output, complexity, depreciation, sectors, countries):
    if isinstance(economy_or_inputs, Economy):
        given = [labour, output, complexity, depreciation, sectors, countries]
        if any(v is not None for v in given):
            raise InputError(
                "give either an Economy or arrays (inputs, labour, ...), not both: "
                "use Economy.replace to change a field"
            )
        return economy_or_inputs
    if labour is None:
        raise InputError("labour_values needs labour= (direct hours per unit of each good)")
    n = np.shape(economy_or_inputs)[0] if np.ndim(economy_or_inputs) == 2 else None
    with warnings.catch_warnings():  # values need no irreducibility
        warnings.simplefilter("ignore", ReducibleEconomyWarning)
        return Economy(
            inputs=economy_or_inputs,
            labour=labour,
            output=np.ones(n or 1) if output is None else output,
            wage=0.0,
            complexity=complexity,
            depreciation=depreciation,
            sectors=sectors,
            countries=countries,
        )


def labour_values(
    economy_or_inputs,
    labour=None,
    *,
    output=None,
    complexity=None,
    depreciation=None,
    final_demand=None,
    sectors=None,
    countries=None,
) -> xr.Dataset:
    """Labour values λ = (μ∘l)(I − A − D)⁻¹ and the hours embodied in a final demand.

    No wage closure is needed. λ_j is the (reduced) labour used up, directly and indirectly,
    per unit of good j; with complexity μ each hour of sector j counts as μ_j hours of simple
    labour (μ = 1: plain hours). The value of the net product equals the (reduced) hours
    worked, λ(I − A − D)x = (μ∘l)·x; this identity is checked.

    Parameters
    ----------
    economy_or_inputs : Economy or array_like, shape (n, n)
        An :class:`Economy` (its wage closure is ignored) or the input matrix A.
    labour : array_like, shape (n,), optional
        Direct hours per unit of output (with a matrix only).
    output : array_like, shape (n,), optional
        Gross output x (with a matrix only; default one unit of each good).
    complexity : array_like, shape (n,), optional
        μ, simple-labour hours per hour (with a matrix only; default 1).
    depreciation : array_like, shape (n, n), optional
        D, goods worn out per unit of output (with a matrix only; default 0).
    final_demand : array_like, shape (n,), optional
        A final-demand bundle y: adds the hours embodied in it, λ∘y, and the hours worked in
        each sector to produce it, (μ∘l)∘(I − A − D)⁻¹y (these sum to the same λ·y).
    sectors, countries : sequence of str, optional
        Labels (with a matrix only).

    Returns
    -------
    xarray.Dataset
        ``labour_value``, ``hours`` (l∘x), ``value`` (λ∘x), ``net_product`` ((I − A − D)x)
        (dim ``sector``); ``total_hours`` ((μ∘l)·x) and ``net_product_value`` (scalars);
        with ``final_demand``: ``embodied_hours``, ``hours_worked_for_demand`` (dim
        ``sector``), ``total_embodied_hours`` and, with countries,
        ``hours_worked_for_demand_by_country``.

    Raises
    ------
    InputError
        If an array has a wrong shape or a negative or non-finite entry, or both an Economy and
        arrays are given.
    NotProductiveError
        If A (or A + D) is not productive.

    See Also
    --------
    solve, standard_commodity

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> ds = ue.labour_values([[0.2, 0.3], [0.1, 0.2]], [1.0, 0.5], output=[10.0, 20.0],
    ...                       final_demand=[1.0, 0.0])
    >>> [round(float(v), 4) for v in ds.labour_value]
    [1.3934, 1.1475]
    >>> round(float(ds.net_product_value), 6), float(ds.total_hours)
    (20.0, 20.0)
    >>> round(float(ds.total_embodied_hours), 4)
    1.3934
    """
    e = _economy(economy_or_inputs, labour, output, complexity, depreciation, sectors, countries)
    cost, x = e.cost_matrix, e.output
    ml = e.complexity * e.labour
    lam = general.labour_values(cost, e.labour, e.complexity)
    net = x - cost @ x
    total_hours = float(ml @ x)
    net_value = float(lam @ net)
    if abs(net_value - total_hours) > TOL * max(total_hours, 1.0):
        raise InvariantError(f"λ(I − A − D)x = {net_value} ≠ (μ∘l)·x = {total_hours} (a bug)")
    s = "sector"
    data = {
        "labour_value": (s, lam, attrs("h", "labour value per unit of output, (μ∘l)(I − A − D)⁻¹")),
        "hours": (s, e.labour * x, attrs("h", "direct labour hours, l∘x")),
        "value": (s, lam * x, attrs("h", "value of gross output, λ∘x")),
        "net_product": (s, net, attrs("units of output", "net product, (I − A − D)x")),
        "total_hours": ((), total_hours, attrs("h", "reduced hours worked, (μ∘l)·x")),
        "net_product_value": ((), net_value, attrs("h", "value of the net product")),
    }
    coords = {s: list(e.sectors)}
    if final_demand is not None:
        y = as_vector("final_demand", final_demand, e.n_sectors)
        gross = np.linalg.solve(np.eye(e.n_sectors) - cost, y)
        worked = ml * gross
        data["embodied_hours"] = (s, lam * y, attrs("h", "hours embodied in final demand, λ∘y"))
        data["hours_worked_for_demand"] = (
            s,
            worked,
            attrs("h", "hours worked in each sector for final demand, (μ∘l)∘(I − A − D)⁻¹y"),
        )
        data["total_embodied_hours"] = ((), float(lam @ y), attrs("h", "λ·y"))
        if e.countries is not None:
            names, by_country = sum_by_country(worked, e.countries)
            data["hours_worked_for_demand_by_country"] = (
                "country",
                by_country,
                attrs("h", "hours worked in each country for final demand"),
            )
            coords["country"] = names
    return xr.Dataset(data, coords=coords, attrs={"model": "labour values"})


def standard_commodity(economy: Economy) -> xr.Dataset:
    """Sraffa's standard commodity and the maximum profit rate R.

    The standard system q* is the right Perron–Frobenius vector of (I − A − D)⁻¹B: its net
    product is, good by good, the same multiple R of the capital it uses,
    (I − A − D)q* = R·Bq* (Sraffa 1960, ch. IV; for B = A, D = 0, q* is the right
    eigenvector of A and 1 + R = 1/ρ(A)). It is scaled to employ the economy's (reduced)
    labour, (μ∘l)·q* = (μ∘l)·x. Measured in its net product (``normalization=
    "standard-commodity"``) with wages paid post factum, the wage is w = 1 − r/R per hour.

    Parameters
    ----------
    economy : Economy
        The economy (its wage closure is ignored).

    Returns
    -------
    xarray.Dataset
        ``standard_gross_output`` q* and ``standard_net_product`` (I − A − D)q* (dim
        ``sector``); ``max_profit_rate`` R and ``standard_hours`` (scalars).

    Raises
    ------
    InputError
        If ``economy`` is not an :class:`Economy`.

    See Also
    --------
    solve, labour_values

    Examples
    --------
    Sraffa's (1960, §25–26) iron–coal–wheat system: R = 20 %, and the standard proportions
    are 1 : 3/5 : 3/4 of the actual industries.

    >>> import numpy as np, unequal_exchange as ue
    >>> inputs = np.array([[90, 50, 40], [120, 125, 40], [60, 150, 200]]) / [180, 450, 480]
    >>> e = ue.Economy(inputs=inputs, labour=np.array([3, 5, 8]) / 16 / [180, 450, 480],
    ...                output=[180, 450, 480], wage=0.0)
    >>> sc = ue.standard_commodity(e)
    >>> round(float(sc.max_profit_rate), 10)
    0.2
    >>> ratio = sc.standard_gross_output / e.output
    >>> [round(float(v / ratio[0]), 10) for v in ratio]
    [1.0, 0.6, 0.75]
    """
    if not isinstance(economy, Economy):
        raise InputError(f"standard_commodity expects an Economy, got {type(economy).__name__}")
    e = economy
    q, big_r = general.standard_commodity(
        e.cost_matrix, e.capital, e.labour, e.complexity, e.output
    )
    s = "sector"
    return xr.Dataset(
        {
            "standard_gross_output": (s, q, attrs("units of output", "standard system, q*")),
            "standard_net_product": (
                s,
                q - e.cost_matrix @ q,
                attrs("units of output", "standard net product, (I − A − D)q*"),
            ),
            "max_profit_rate": ((), big_r, attrs("1/period", "maximum profit rate R")),
            "standard_hours": (
                (),
                float((e.complexity * e.labour) @ q),
                attrs("h", "reduced hours of the standard system"),
            ),
        },
        coords={s: list(e.sectors)},
        attrs={"model": "standard commodity"},
    )
