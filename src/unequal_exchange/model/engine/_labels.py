"""Helpers shared by the model's value objects: array coercion, labels and Dataset attrs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...errors import InputError


def as_vector(name: str, values, n: int | None = None, *, allow_zero: bool = True) -> np.ndarray:
    """Coerce ``values`` to a 1-D float64 array of finite, non-negative numbers (length ``n``)."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numbers, got {values!r}") from exc
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, float(arr))
    if arr.ndim != 1:
        raise InputError(
            f"{name} must be a 1-D array (one entry per sector), got shape {arr.shape}"
        )
    if n is not None and arr.shape[0] != n:
        raise InputError(f"{name} has {arr.shape[0]} entries but the economy has {n} sectors")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or infinite entries: {arr.tolist()}")
    if np.any(arr < 0):
        bad = np.flatnonzero(arr < 0).tolist()
        raise InputError(f"{name} must be non-negative; negative entries at positions {bad}")
    if not allow_zero and np.any(arr == 0):
        bad = np.flatnonzero(arr == 0).tolist()
        raise InputError(f"{name} must be strictly positive; zero entries at positions {bad}")
    return arr


def as_matrix(name: str, values, n: int) -> np.ndarray:
    """Coerce ``values`` to an ``(n, n)`` float64 array of finite, non-negative numbers."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numbers, got {values!r}") from exc
    if arr.shape != (n, n):
        raise InputError(f"{name} must be a square ({n}, {n}) matrix, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or infinite entries")
    if np.any(arr < 0):
        i, j = np.argwhere(arr < 0)[0]
        raise InputError(
            f"{name} must be non-negative; entry [{i}, {j}] is {arr[i, j]:g} "
            "(input coefficients are quantities of a good used per unit of output)"
        )
    return arr


def sector_labels(sectors: Sequence[str] | None, n: int) -> tuple[str, ...]:
    """Sector names (default ``sector_0`` …), checked for length and uniqueness."""
    if sectors is None:
        return tuple(f"sector_{i}" for i in range(n))
    labels = tuple(str(s) for s in sectors)
    if len(labels) != n:
        raise InputError(f"sectors has {len(labels)} names but there are {n} sectors")
    if len(set(labels)) != n:
        dup = sorted({s for s in labels if labels.count(s) > 1})
        raise InputError(f"sector names must be unique; repeated: {dup}")
    return labels


def country_labels(countries: Sequence[str] | None, n: int) -> tuple[str, ...] | None:
    """Country of each sector, or ``None``; checked for length."""
    if countries is None:
        return None
    labels = tuple(str(c) for c in countries)
    if len(labels) != n:
        raise InputError(f"countries has {len(labels)} entries but there are {n} sectors")
    return labels


def unique_in_order(labels: Sequence[str]) -> list[str]:
    """Distinct labels in order of first appearance."""
    return list(dict.fromkeys(labels))


def sum_by_country(values: np.ndarray, countries: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Sum a per-sector array (last axis) over the sectors of each country."""
    names = unique_in_order(countries)
    codes = np.array([names.index(c) for c in countries])
    out = np.stack([values[..., codes == k].sum(axis=-1) for k in range(len(names))], axis=-1)
    return names, out


def attrs(units: str, long_name: str, **extra) -> dict:
    """The attrs every result variable carries."""
    return {"units": units, "long_name": long_name, **extra}
