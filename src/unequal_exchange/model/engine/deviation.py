"""Non-regression measures of the deviation of prices from values (clptheory's ``nonregdist``)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from ...errors import InputError
from ._labels import as_vector


def deviation(prices, values=None, weights=None) -> dict[str, float]:
    """RMSE, MAD, MAWD, angle and d-distance of the price–value ratio from the unit vector.

    The definitions of Basu and Moraitis (2023) as coded in clptheory's ``nonregdist``: with
    z = prices / values (or z = prices when ``values`` is None: the deviation from market
    prices of one) over the n sectors with a non-zero price, and ω = weights / Σ weights,

    - RMSE = √(mean (z − 1)²), MAD = mean abs(z − 1), MAWD = Σ ω abs(z − 1);
    - angle α = arctan(sd(z) / mean(z)) in degrees (sd with n − 1), the angle between z and
      the unit vector;
    - d-distance = √(2(1 − cos α)).

    Parameters
    ----------
    prices : array_like, shape (n,), or xarray.Dataset
        Prices (e.g. of production). A Dataset from :func:`solve` supplies its ``price``,
        ``labour_value`` and ``output`` (as weights) unless ``values``/``weights`` are given.
    values : array_like, shape (n,), optional
        Values or direct prices, in the same units as ``prices``.
    weights : array_like, shape (n,), optional
        Weights of the MAWD (clptheory: gross output Q; default: equal).

    Returns
    -------
    dict of str to float
        ``rmse``, ``mad``, ``mawd``, ``angle`` (degrees) and ``d_distance``.

    Raises
    ------
    InputError
        If the arrays have different lengths, negative or non-finite entries, a zero value
        where the price is non-zero, or fewer than two non-zero prices.

    See Also
    --------
    solve

    Examples
    --------
    clptheory's ``nonregdist`` example, the deviation of prices of production (0.25, 0.5,
    0.75) from direct prices (0.33, 0.275, 0.85), weights the gross outputs:

    >>> import unequal_exchange as ue
    >>> d = ue.deviation([0.25, 0.5, 0.75], [0.33, 0.275, 0.85], weights=[26530, 18168, 73840])
    >>> {k: round(v, 6) for k, v in d.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'rmse': 0.497337, 'mad': 0.392751, 'mawd': 0.252943, 'angle': 26.697568,
     'd_distance': 0.461757}
    """
    if isinstance(prices, xr.Dataset):
        ds = prices
        if values is None:
            values = ds["labour_value"].values
        if weights is None:
            weights = ds["output"].values
        prices = ds["price"].values
    x = as_vector("prices", prices)
    n = x.shape[0]
    y = np.ones(n) if values is None else as_vector("values", values, n)
    w = np.ones(n) if weights is None else as_vector("weights", weights, n)
    keep = x != 0  # clptheory drops the sectors with a zero price
    x, y, w = x[keep], y[keep], w[keep]
    if x.shape[0] < 2:
        raise InputError("deviation needs at least two sectors with a non-zero price")
    if np.any(y == 0):
        raise InputError("values must be non-zero where prices are non-zero")
    if w.sum() <= 0:
        raise InputError("weights must have at least one positive entry")
    z = x / y
    gap = z - 1.0
    angle = float(np.degrees(np.arctan(np.std(z, ddof=1) / np.mean(z))))
    return {
        "rmse": float(np.sqrt(np.mean(gap**2))),
        "mad": float(np.mean(np.abs(gap))),
        "mawd": float(np.abs(gap) @ (w / w.sum())),
        "angle": angle,
        "d_distance": float(np.sqrt(2.0 * (1.0 - np.cos(np.radians(angle))))),
    }
