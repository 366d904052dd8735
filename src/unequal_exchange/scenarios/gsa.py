"""Generic global sensitivity analysis: Sobol' variance shares and Morris screening (SALib).

:func:`sample` and :func:`analyze` are SALib's two verbs with a keyword-only seed (exported as
``ue.sample``, ``ue.analyze``): the sample can be evaluated anywhere in between.
:func:`sobol_indices` and :func:`morris_indices` compose them for any vectorised function
``func(X) -> Y`` (``X`` of shape (N, D), ``Y`` of shape (N,) or (N, K)): sample with a seed,
evaluate ``func`` once on the whole sample, analyse each output column and return a labelled
:class:`xarray.Dataset`. The model wrapper is :mod:`.sensitivity`.

Non-viable points. A point whose output is not finite has no result. Both estimators work on
fixed blocks of rows (Sobol': the 2D + 2 or D + 2 rows built from one base point; Morris: one
trajectory of D + 1 rows), so with ``nonviable="drop"`` (the default) every block holding such a
point is dropped, for every output alike, and the indices are computed from the remaining
blocks; the counts go in the attrs ``n_nonviable_points`` and ``n_dropped_blocks``. With
``nonviable="raise"`` any such point raises :class:`~unequal_exchange.errors.NonViableError`;
so does a sample where fewer than two blocks survive.

SALib is imported inside the functions: importing this module does no work.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
import xarray as xr

from ..errors import (
    InputError,
    NonViableError,
    ParameterError,
    SmallSampleWarning,
    did_you_mean,
)

METHODS = ("sobol", "morris")
# Sobol' base points below which the estimates are unreliable (Saltelli et al. 2010 use 512+;
# at n = 8 the model's ST reaches 1.2–1.35, outside [0, 1]); also warned: a bootstrap interval
# wider than the whole index range [0, 1]
SOBOL_MIN_N = 64
NONVIABLE_POLICIES = ("drop", "raise")

_SOBOL_LONG_NAMES = {
    "S1": "first-order Sobol' index: share of output variance due to the parameter alone",
    "S1_conf": "half-width of the bootstrap confidence interval of S1",
    "ST": "total Sobol' index: share of output variance involving the parameter",
    "ST_conf": "half-width of the bootstrap confidence interval of ST",
    "S2": "second-order Sobol' index: variance share of the pair's interaction only",
    "S2_conf": "half-width of the bootstrap confidence interval of S2",
}
_MORRIS_LONG_NAMES = {
    "mu": "mean elementary effect of moving the parameter across its whole range",
    "mu_star": "mean absolute elementary effect (importance ranking)",
    "mu_star_conf": "half-width of the bootstrap confidence interval of mu_star",
    "sigma": "standard deviation of the elementary effects (interactions, non-linearity)",
}

Func = Callable[[np.ndarray], np.ndarray]


def salib_problem(names: Sequence[str], bounds: Sequence[tuple[float, float]]) -> dict:
    """A SALib problem dict (``num_vars``, ``names``, ``bounds``, ``dists``: uniform) after
    checking the names are unique and the bounds finite with low < high."""
    return {**_problem(names, bounds), "dists": ["unif"] * len(names)}


def sample(
    problem: dict,
    N: int,
    *,
    method: str = "sobol",
    seed: int,
    calc_second_order: bool = False,
    num_levels: int = 4,
) -> np.ndarray:
    """Sample points of ``problem`` for ``method`` (SALib's samplers, seeded).

    Parameters
    ----------
    problem : dict
        SALib problem (``names``, ``bounds``; uniform inputs), e.g. from
        :func:`unequal_exchange.problem`.
    N : int
        Sobol': base points, a power of 2, giving N(D + 2) rows (N(2D + 2) with
        ``calc_second_order``). Morris: trajectories, giving N(D + 1) rows.
    method : {"sobol", "morris"}
        The estimator the sample is for.
    seed : int
        Seed of the sampler (keyword-only; the same seed gives the same sample).
    calc_second_order : bool
        Sobol' only: add the rows second-order indices need. Off by default, as in
        :func:`unequal_exchange.sensitivity` (SALib's default is on).
    num_levels : int
        Morris only: levels of the grid (even, >= 2).

    Returns
    -------
    numpy.ndarray
        Shape (rows, D), one point per row, columns in ``problem["names"]`` order.

    Raises
    ------
    ParameterError
        If ``method`` is unknown, ``N`` is not an integer >= 2 (a power of 2 for Sobol'),
        ``num_levels`` is not an even number >= 2, ``seed`` is not a whole number >= 0 or the
        problem's names or bounds are invalid.

    Examples
    --------
    >>> import numpy as np
    >>> import unequal_exchange as ue
    >>> problem = {"names": ["x1", "x2"], "bounds": [[0.0, 1.0], [-1.0, 1.0]]}
    >>> X = ue.sample(problem, 8, seed=1)
    >>> X.shape  # 8 base points × (2 + 2)
    (32, 2)
    >>> bool(np.all((X[:, 1] >= -1) & (X[:, 1] <= 1)))
    True
    """
    seed = check_seed(seed)
    problem = _salib(problem)
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample  # type: ignore[import-untyped]

        _check_sobol_n(N)
        return sobol_sample.sample(problem, N, calc_second_order=calc_second_order, seed=seed)
    if method == "morris":
        from SALib.sample import morris as morris_sample  # type: ignore[import-untyped]

        _check_common(N, "N", "drop")
        _check_levels(num_levels)
        return morris_sample.sample(problem, N, num_levels=num_levels, seed=seed)
    raise _unknown_method(method)


def analyze(
    problem: dict,
    Y,
    *,
    method: str = "sobol",
    seed: int,
    X: np.ndarray | None = None,
    calc_second_order: bool = False,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    num_levels: int = 4,
    outputs: Sequence[str] | None = None,
    output_units: str | Sequence[str] | None = None,
    nonviable: str = "drop",
) -> xr.Dataset:
    """Sensitivity indices from the outputs ``Y`` of a sample drawn by :func:`sample`.

    Sobol': first-order ``S1`` and total ``ST`` indices (Saltelli 2010 estimators; ``S2``,
    Saltelli 2002, with ``calc_second_order``) with bootstrap half-widths ``*_conf``. Morris:
    ``mu``, ``mu_star``, ``mu_star_conf``, ``sigma`` in the output's units per full range of
    the parameter. Non-viable points (non-finite outputs) are handled block by block as
    described in :mod:`unequal_exchange.scenarios.gsa`.

    Parameters
    ----------
    problem : dict
        The SALib problem the sample was drawn for.
    Y : array_like
        Outputs, shape (rows,) or (rows, K), rows in the order of the sample.
    method : {"sobol", "morris"}
        The estimator (the sample must have been drawn for it).
    seed : int
        Seed of the bootstrap (keyword-only); one seed per output column is derived from it.
    X : numpy.ndarray, optional
        The sample; required by Morris, ignored by Sobol'.
    calc_second_order : bool
        Sobol' only: as passed to :func:`sample`.
    num_resamples, conf_level : int, float
        Bootstrap resamples and confidence level of the ``*_conf`` half-widths.
    num_levels : int
        Morris only: as passed to :func:`sample`.
    outputs : sequence of str, optional
        Labels of the columns of a 2-D ``Y`` (default ``y0``, ``y1`` ...).
    output_units : str or sequence of str, optional
        Morris only: units of the outputs (default "1").
    nonviable : {"drop", "raise"}
        Drop the sample blocks holding a non-finite output, or raise.

    Returns
    -------
    xarray.Dataset
        Indices along ``parameter`` (and ``output`` for a 2-D ``Y``), with the sampled
        ``lower``/``upper`` bounds as coordinates and the settings in ``attrs``.

    Raises
    ------
    ParameterError
        If ``method`` is unknown, Morris lacks ``X``, an option is out of range, ``seed`` is
        not a whole number >= 0 or the problem is invalid.
    InputError
        If ``Y`` (or ``X``) does not match the sample's block structure.
    NonViableError
        If a non-viable point is found with ``nonviable="raise"``, or fewer than two blocks
        are viable.

    Warns
    -----
    SmallSampleWarning
        Sobol': fewer than 64 base points, a confidence interval wider than [0, 1], or an
        S1 above its ST or below 0 beyond their confidence intervals.

    Examples
    --------
    The Ishigami function (a = 7, b = 0.1), whose first-order indices are 0.314, 0.442 and 0:

    >>> import numpy as np
    >>> import unequal_exchange as ue
    >>> from SALib.test_functions import Ishigami
    >>> problem = {"names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    >>> X = ue.sample(problem, 1024, seed=7)
    >>> Y = Ishigami.evaluate(X)  # evaluate anywhere: here, on one machine
    >>> si = ue.analyze(problem, Y, seed=7)
    >>> [round(float(v), 1) for v in si.S1] == [0.3, 0.4, 0.0]
    True
    """
    seed = check_seed(seed)
    problem = _salib(problem)
    if outputs is None and "output" in getattr(Y, "coords", {}):  # from evaluate_sample
        outputs = [str(o) for o in Y["output"].values]
        if output_units is None and "output_units" in Y.coords:
            output_units = [str(u) for u in Y["output_units"].values]
    if method == "sobol":
        return _analyze_sobol(
            problem, Y, seed, calc_second_order, num_resamples, conf_level, outputs, nonviable
        )
    if method == "morris":
        if X is None:
            raise ParameterError(["Morris indices need the sample: pass X=the sample"])
        return _analyze_morris(
            problem, X, Y, seed, num_levels, num_resamples, conf_level, outputs, output_units,
            nonviable,
        )  # fmt: skip
    raise _unknown_method(method)


def sobol_indices(
    func: Func,
    names: Sequence[str],
    bounds: Sequence[tuple[float, float]],
    n: int,
    seed: int,
    second_order: bool = True,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    *,
    outputs: Sequence[str] | None = None,
    nonviable: str = "drop",
) -> xr.Dataset:
    """Sobol' indices of ``func`` for uniform independent inputs on ``bounds``.

    :func:`sample`, one call of ``func`` on the whole sample, then :func:`analyze`.
    ``n`` base points (a power of 2) of a scrambled Sobol' sequence give n(2D + 2) evaluations
    with ``second_order`` and n(D + 2) without. First and total indices use the Saltelli (2010)
    estimators, second-order ones Saltelli (2002); ``*_conf`` are half-widths of bootstrap
    intervals (``num_resamples`` resamples, level ``conf_level``). ``S2`` is symmetric in
    (``parameter``, ``parameter_2``) with NaN on the diagonal. An output constant over the sample
    has no variance to share: its indices are 0. ``outputs`` labels the columns of a 2-D ``Y``
    (default ``y0``, ``y1``...); a 1-D ``Y`` gives a Dataset without an ``output`` dimension.
    """
    problem = _problem(names, bounds)
    _check_common(n, "n", nonviable)
    _check_sobol_n(n)
    if not 0 < conf_level < 1:
        raise ParameterError([f"conf_level must lie in (0, 1), got {conf_level}"])
    X = sample(problem, n, method="sobol", seed=seed, calc_second_order=second_order)
    return _analyze_sobol(
        problem, _call(func, X), seed, second_order, num_resamples, conf_level, outputs, nonviable,
        stacklevel=3,
    )  # fmt: skip


def _analyze_sobol(
    problem, Y, seed, second_order, num_resamples, conf_level, outputs, nonviable, stacklevel=3
) -> xr.Dataset:
    from SALib.analyze import sobol as sobol_analyze  # type: ignore[import-untyped]

    _check_common(2, "n", nonviable)
    if not 0 < conf_level < 1:
        raise ParameterError([f"conf_level must lie in (0, 1), got {conf_level}"])
    d = len(problem["names"])
    block = 2 * d + 2 if second_order else d + 2
    Y, flat = _as_outputs(Y)
    if Y.shape[0] % block or Y.shape[0] < 2 * block:
        raise InputError(
            f"Y has {Y.shape[0]} rows: a Sobol' sample of {d} parameters has a multiple of "
            f"{block} rows (calc_second_order={second_order}); pass the outputs of the whole "
            "sample, in order, and the same calc_second_order as to sample"
        )
    n, n_evaluations = Y.shape[0] // block, Y.shape[0]
    labels = _output_labels(outputs, Y.shape[1])
    keep, report = _viable_blocks(Y, block, nonviable)
    Y = Y[keep]

    keys = ["S1", "S1_conf", "ST", "ST_conf"] + (["S2", "S2_conf"] if second_order else [])
    out: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    for col, analysis_seed in zip(Y.T, _analysis_seeds(seed, Y.shape[1]), strict=True):
        if np.ptp(col) == 0:  # no variance to apportion
            si = {k: np.zeros((d, d)) if k.startswith("S2") else np.zeros(d) for k in keys}
        else:
            si = sobol_analyze.analyze(
                problem,
                col,
                calc_second_order=second_order,
                num_resamples=num_resamples,
                conf_level=conf_level,
                seed=analysis_seed,
            )
        for k in keys:
            value = np.asarray(si[k], dtype=np.float64)
            out[k].append(_symmetric(value) if k.startswith("S2") else value)

    data = {}
    for k in keys:
        dims = ("parameter", "parameter_2") if k.startswith("S2") else ("parameter",)
        data[k] = (dims, np.stack(out[k]), {"units": "1", "long_name": _SOBOL_LONG_NAMES[k]})
    ds = _dataset(data, problem, labels, flat)
    widest = max(float(np.nanmax(np.stack(out[k]), initial=0.0)) for k in ("S1_conf", "ST_conf"))
    odd = _inconsistent_indices(out, problem["names"], labels)
    small = n < SOBOL_MIN_N or 2 * widest > 1 or bool(odd)
    if small:
        largest = float(np.nanmax(np.stack(out["ST"]), initial=0.0))
        warnings.warn(
            f"Sobol' sample too small to trust: n = {n} base points (largest ST = "
            f"{largest:.2f}, widest {conf_level:.0%} interval ± {widest:.2f}{odd}); indices can "
            "leave [0, 1]. "
            f"Use n >= {max(SOBOL_MIN_N, 1 << (4 * n - 1).bit_length())} (512 or more for "
            "stable rankings)",
            SmallSampleWarning,
            stacklevel=stacklevel,
        )
    ds.attrs.update(
        method="sobol",
        small_sample=int(small),
        estimator="Saltelli (2010) first/total, Saltelli (2002) second order; SALib",
        sampler="scrambled Sobol' sequence (SALib.sample.sobol)",
        n=int(n),
        seed=int(seed),
        second_order=int(second_order),
        num_resamples=int(num_resamples),
        conf_level=float(conf_level),
        n_evaluations=int(n_evaluations),
        **report,
    )
    return ds


_INDEX_TOL = 0.01


def _inconsistent_indices(out, names, labels) -> str:
    """``; S1 > ST for x (...)`` where the estimates contradict S1 <= ST or S1 >= 0 beyond their
    intervals (S1 − ST > √(S1_conf² + ST_conf²), the half-width of the difference of two
    independent estimates, or S1 + S1_conf < 0) by more than 0.01, the
    precision the reports print (a parameter without effect has S1 = -0.00 ± 0.00 from
    rounding), else ''. Either can only be sampling error: a first-order index is
    non-negative and at most the total index."""
    s1, st = np.stack(out["S1"]), np.stack(out["ST"])
    c1, ct = np.stack(out["S1_conf"]), np.stack(out["ST_conf"])
    with np.errstate(invalid="ignore"):
        above, below = s1 - st > np.hypot(c1, ct) + _INDEX_TOL, s1 + c1 < -_INDEX_TOL
    found = []
    for what, mask in (("S1 > ST", above), ("S1 < 0", below)):
        for j, i in zip(*np.nonzero(mask), strict=True):
            where = names[i] if len(labels) == 1 else f"{names[i]} on {labels[j]}"
            found.append(
                f"{what} for {where} (S1 {s1[j, i]:.2f} ± {c1[j, i]:.2f}, ST {st[j, i]:.2f} ± "
                f"{ct[j, i]:.2f})"
            )
    if not found:
        return ""
    more = f" and {len(found) - 2} more" if len(found) > 2 else ""
    return "; " + "; ".join(found[:2]) + more


def morris_indices(
    func: Func,
    names: Sequence[str],
    bounds: Sequence[tuple[float, float]],
    n_trajectories: int,
    num_levels: int = 4,
    seed: int = 20111,
    *,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    outputs: Sequence[str] | None = None,
    output_units: str | Sequence[str] | None = None,
    nonviable: str = "drop",
) -> xr.Dataset:
    """Morris elementary-effects screening of ``func`` on ``bounds``.

    :func:`sample`, one call of ``func`` on the whole sample, then :func:`analyze`.
    ``n_trajectories`` one-at-a-time trajectories on a ``num_levels`` grid give
    n_trajectories (D + 1) evaluations. SALib measures each step in units of the parameter's
    range, so ``mu``, ``mu_star`` and ``sigma`` are in the output's units per full range of the
    parameter (``output_units``, default "1"); ``mu_star_conf`` is a bootstrap half-width. A
    large ``sigma`` with a small ``|mu|`` marks a parameter acting through interactions or
    non-monotonically. The ranking can depend on ``num_levels`` for periodic functions.
    """
    problem = _problem(names, bounds)
    _check_common(n_trajectories, "n_trajectories", nonviable)
    _check_levels(num_levels)
    X = sample(problem, n_trajectories, method="morris", seed=seed, num_levels=num_levels)
    return _analyze_morris(
        problem, X, _call(func, X), seed, num_levels, num_resamples, conf_level, outputs,
        output_units, nonviable,
    )  # fmt: skip


def _analyze_morris(
    problem, X, Y, seed, num_levels, num_resamples, conf_level, outputs, output_units, nonviable
) -> xr.Dataset:
    from SALib.analyze import morris as morris_analyze  # type: ignore[import-untyped]

    _check_common(2, "n", nonviable)
    _check_levels(num_levels)
    d = len(problem["names"])
    X = np.asarray(X, dtype=np.float64)
    Y, flat = _as_outputs(Y, X)
    if X.ndim != 2 or X.shape[1] != d or X.shape[0] % (d + 1) or X.shape[0] < 2 * (d + 1):
        raise InputError(
            f"X of shape {X.shape} is not a Morris sample of {d} parameters (whole "
            f"trajectories of {d + 1} rows); pass the sample drawn by sample(method='morris')"
        )
    n_trajectories = X.shape[0] // (d + 1)
    labels = _output_labels(outputs, Y.shape[1])
    units = _units(output_units, len(labels))
    n_evaluations = X.shape[0]
    keep, report = _viable_blocks(Y, d + 1, nonviable)
    X, Y = X[keep], Y[keep]

    keys = ["mu", "mu_star", "mu_star_conf", "sigma"]
    out: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    for col, analysis_seed in zip(Y.T, _analysis_seeds(seed, Y.shape[1]), strict=True):
        si = morris_analyze.analyze(
            problem,
            X,
            np.ascontiguousarray(col),
            num_resamples=num_resamples,
            conf_level=conf_level,
            num_levels=num_levels,
            seed=analysis_seed,
        )
        for k in keys:
            out[k].append(np.asarray(si[k], dtype=np.float64))
    common = units[0] if len(set(units)) == 1 else "see output_units"
    data = {
        k: (("parameter",), np.stack(out[k]), {"units": common, "long_name": _MORRIS_LONG_NAMES[k]})
        for k in keys
    }
    ds = _dataset(data, problem, labels, flat)
    if not flat:
        ds = ds.assign_coords(output_units=("output", units))
    ds.attrs.update(
        method="morris",
        sampler="Morris trajectories (SALib.sample.morris)",
        n=int(n_trajectories),
        n_trajectories=int(n_trajectories),
        num_levels=int(num_levels),
        seed=int(seed),
        num_resamples=int(num_resamples),
        conf_level=float(conf_level),
        n_evaluations=int(n_evaluations),
        **report,
    )
    return ds


def check_seed(seed) -> int:
    """A seed is a whole number >= 0 (the same seed gives the same sample)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError([f"seed must be a whole number >= 0, got {seed!r}"])
    return int(seed)


def _unknown_method(method) -> ParameterError:
    return ParameterError(
        [f"unknown sensitivity method {method!r}{did_you_mean(str(method), METHODS)}; "
         f"choose one of {list(METHODS)}"]
    )  # fmt: skip


def _salib(problem) -> dict:
    """The SALib keys of a problem dict, checked (extra keys such as ``scenario`` dropped)."""
    if not isinstance(problem, dict) or "names" not in problem or "bounds" not in problem:
        raise ParameterError(
            [f"problem must be a dict with 'names' and 'bounds' (see ue.problem), got {problem!r}"]
        )
    dists = problem.get("dists")
    if dists is not None and any(d != "unif" for d in dists):
        raise ParameterError([f"only uniform inputs (dists 'unif') are supported, got {dists}"])
    return _problem(problem["names"], problem["bounds"])


def _check_sobol_n(n) -> None:
    _check_common(n, "n", "drop")
    if n & (n - 1):
        raise ParameterError(
            [
                f"n must be a power of 2 for a balanced Sobol' sequence, got {n}; "
                f"use {1 << (n - 1).bit_length()} or {1 << (n.bit_length() - 1)}"
            ]
        )


def _check_levels(num_levels) -> None:
    if num_levels < 2 or num_levels % 2:
        raise ParameterError([f"num_levels must be an even number >= 2, got {num_levels}"])


def _problem(names: Sequence[str], bounds: Sequence[tuple[float, float]]) -> dict:
    names = [str(k) for k in names]
    problems = []
    if not names:
        problems.append("no parameters to vary: give at least one name")
    if len(set(names)) != len(names):
        dupes = sorted({k for k in names if names.count(k) > 1})
        problems.append(f"parameter names must be unique; repeated: {dupes}")
    bounds = list(bounds)
    if len(bounds) != len(names):
        problems.append(f"{len(names)} names but {len(bounds)} (low, high) bounds")
    else:
        for k, b in zip(names, bounds, strict=True):
            lo, hi = (float(v) for v in b)
            if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
                problems.append(f"parameter {k!r}: bounds must be finite with low < high, got {b}")
    if problems:
        raise ParameterError(problems)
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [[float(lo), float(hi)] for lo, hi in bounds],
    }


def _check_common(n: int, what: str, nonviable: str) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ParameterError([f"{what} must be an integer >= 2, got {n!r}"])
    if nonviable not in NONVIABLE_POLICIES:
        raise ParameterError(
            [
                f"nonviable must be one of {list(NONVIABLE_POLICIES)}, got {nonviable!r}"
                f"{did_you_mean(str(nonviable), NONVIABLE_POLICIES)}"
            ]
        )


def _call(func: Func, X: np.ndarray) -> np.ndarray:
    """Call ``func`` once on the whole sample; its output must have one row per point."""
    Y = np.asarray(func(X), dtype=np.float64)
    if Y.ndim not in (1, 2) or Y.shape[0] != X.shape[0]:
        raise InputError(
            f"func must return an array of shape ({X.shape[0]},) or ({X.shape[0]}, K) for an "
            f"input of shape {X.shape}, got {Y.shape}"
        )
    return Y


def _as_outputs(Y, X: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
    """Y as (N, K) float and whether it was 1-D (its rows must match X's, if given)."""
    Y = np.asarray(Y, dtype=np.float64)
    rows = Y.shape[0] if X is None or Y.ndim == 0 else X.shape[0]
    if Y.ndim not in (1, 2) or Y.shape[0] != rows:
        shape = f"({rows},) or ({rows}, K)"
        raise InputError(
            f"the outputs must be an array of shape {shape}, one row per sample point, got "
            f"{Y.shape}"
        )
    flat = Y.ndim == 1
    return (Y[:, None] if flat else Y), flat


def _viable_blocks(Y: np.ndarray, block: int, nonviable: str) -> tuple[np.ndarray, dict]:
    """Row mask keeping whole blocks whose every output is finite, and the counts."""
    bad_rows = ~np.isfinite(Y).all(axis=1)
    bad_blocks = bad_rows.reshape(-1, block).any(axis=1)
    n_bad, n_dropped = int(bad_rows.sum()), int(bad_blocks.sum())
    n_blocks = bad_blocks.size
    if n_bad and nonviable == "raise":
        raise NonViableError(
            f"{n_bad} of {Y.shape[0]} points are non-viable (NaN or infinite output); "
            'narrow the parameter ranges or pass nonviable="drop"'
        )
    if n_blocks - n_dropped < 2:
        raise NonViableError(
            f"only {n_blocks - n_dropped} of {n_blocks} sample blocks are viable ({n_bad} "
            "non-viable points); narrow the parameter ranges or increase the sample size"
        )
    keep = np.repeat(~bad_blocks, block)
    report = {
        "n_nonviable_points": n_bad,
        "n_dropped_blocks": n_dropped,
        "n_blocks_used": n_blocks - n_dropped,
        "nonviable": nonviable,  # "drop": blocks with a NaN/inf output dropped for all outputs
    }
    return keep, report


def _analysis_seeds(seed: int, k: int) -> list[int]:
    # SALib ignores a falsy seed, so derive non-zero bootstrap seeds, one per output
    return [int(s) + 1 for s in np.random.SeedSequence(seed).generate_state(k)]


def _output_labels(outputs: Sequence[str] | None, k: int) -> list[str]:
    labels = [f"y{i}" for i in range(k)] if outputs is None else [str(o) for o in outputs]
    if len(labels) != k:
        raise InputError(f"{len(labels)} output labels for {k} output columns")
    return labels


def _units(output_units: str | Sequence[str] | None, k: int) -> list[str]:
    if output_units is None or isinstance(output_units, str):
        return [output_units or "1"] * k
    units = [str(u) for u in output_units]
    if len(units) != k:
        raise InputError(f"{len(units)} output units for {k} output columns")
    return units


def _symmetric(s2: np.ndarray) -> np.ndarray:
    upper = np.triu(np.nan_to_num(s2), 1)
    full = upper + upper.T
    np.fill_diagonal(full, np.nan)
    return full


def _dataset(data: dict, problem: dict, labels: list[str], flat: bool) -> xr.Dataset:
    names = problem["names"]
    lower, upper = np.array(problem["bounds"]).T
    coords = {
        "parameter": names,
        "lower": ("parameter", lower, {"long_name": "lower bound of the sampled range"}),
        "upper": ("parameter", upper, {"long_name": "upper bound of the sampled range"}),
    }
    if any("parameter_2" in dims for dims, _, _ in data.values()):
        coords["parameter_2"] = names
    if flat:
        data = {k: (dims, values[0], attrs) for k, (dims, values, attrs) in data.items()}
    else:
        data = {k: (("output", *dims), values, attrs) for k, (dims, values, attrs) in data.items()}
        coords["output"] = labels
    return xr.Dataset(data, coords=coords)
