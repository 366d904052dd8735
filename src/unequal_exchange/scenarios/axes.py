"""Sweep axes: parse and check the values swept along each parameter (from the API, a
scenario file's ``[sweep]`` table or the command line), before anything is allocated."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..errors import ParameterError, did_you_mean
from ..model.mexico_us.parameters import PARAMETERS, check_parameters

MAX_AXIS_VALUES = 1_000_000  # values along one axis (its coordinate alone is 8 MB)
MAX_POINTS = 10**10  # grid points in all, even streamed to disk


def _count(name: str, num) -> int:
    if isinstance(num, bool) or not isinstance(num, (int, float, np.integer, np.floating, str)):
        raise ParameterError([f"sweep axis {name}: num must be a whole number, got {num!r}"])
    try:
        value = float(num)
    except ValueError:
        raise ParameterError(
            [f"sweep axis {name}: num must be a whole number, got {num!r}"]
        ) from None
    if not math.isfinite(value) or value != int(value):
        raise ParameterError(
            [f"sweep axis {name}: num must be a whole number of points, got {num!r}"]
        )
    count = int(value)
    if count < 1:
        raise ParameterError([f"sweep axis {name}: num must be at least 1, got {count}"])
    if count > MAX_AXIS_VALUES:
        raise ParameterError(
            [
                f"sweep axis {name}: {count:,} values is more than the {MAX_AXIS_VALUES:,} "
                "allowed along one axis; use fewer points (a grid of several axes multiplies them)"
            ]
        )
    return count


def _axis_values(name: str, spec) -> np.ndarray:
    """The values of one axis, or a ParameterError saying what is wrong with ``spec``."""
    if isinstance(spec, Mapping):
        shown = f"expected {{start, stop, num}} or a list of values, got {dict(spec)!r}"
        unknown = sorted(set(spec) - {"start", "stop", "num"})
        missing = [k for k in ("start", "stop") if k not in spec]
        if unknown or missing:
            raise ParameterError([f"sweep axis {name}: {shown}"])
        start, stop = (_real(spec[k], f"sweep axis {name}: {k}") for k in ("start", "stop"))
        return np.linspace(start, stop, _count(name, spec.get("num")))
    if isinstance(spec, str):
        raise ParameterError([f"sweep axis {name}: give numbers, not the text {spec!r}"])
    try:
        values = np.atleast_1d(np.asarray(spec, dtype=np.float64))
    except (TypeError, ValueError):
        raise ParameterError([f"sweep axis {name}: give a list of numbers, got {spec!r}"]) from None
    if values.ndim != 1 or values.size == 0:
        raise ParameterError([f"sweep axis {name}: give a non-empty 1-D list of values"])
    if values.size > MAX_AXIS_VALUES:
        raise ParameterError(
            [f"sweep axis {name}: {values.size:,} values is more than {MAX_AXIS_VALUES:,}"]
        )
    return values


def _real(x, what: str) -> float:
    """A float from a number (numpy scalars too); text, booleans and other objects are not."""
    if isinstance(x, (bool, str, bytes)) or not isinstance(
        x, (int, float, np.integer, np.floating)
    ):
        raise ParameterError([f"{what} must be a number, got {x!r}"])
    return float(x)
    return float(x)


def check_axes(axes: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Validate sweep axes: known parameter names, values in their domains (all problems)."""
    problems, out = [], {}
    if not isinstance(axes, Mapping):
        raise ParameterError(
            [f"axes must map parameter names to values, got {type(axes).__name__}"]
        )
    for name, spec in axes.items():
        if name not in PARAMETERS:
            problems.append(f"unknown parameter {name!r}{did_you_mean(name, PARAMETERS)}")
            continue
        try:
            values = _axis_values(name, spec)
        except ParameterError as exc:  # every problem of the axis is a ParameterError
            problems += exc.problems
            continue
        problems += check_parameters({name: values}, complete=False)
        out[name] = values
    if not axes:
        problems.append("give at least one sweep axis")
    if problems:
        raise ParameterError(problems)
    points = math.prod(len(v) for v in out.values())
    if points > MAX_POINTS:
        raise ParameterError(
            [f"the grid has {points:,} points, more than the {MAX_POINTS:,} a sweep may have"]
        )
    return out
