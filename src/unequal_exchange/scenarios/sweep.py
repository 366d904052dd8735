"""Sweeps: the Mexico–US model over grids or samples of parameters, in one batched call.

``sweep(scenario, axes)`` evaluates the full Cartesian grid of ``axes`` (one Dataset dimension per
swept parameter, coordinates with units); ``sweep(scenario, sample=..., n=...)`` draws a seeded
Latin hypercube or Sobol sample (``scipy.stats.qmc``) along a ``sample`` dimension with the
parameter values as coordinates. Every channel is computed by the numba kernel
(:mod:`unequal_exchange.model.mexico_us.accounts_kernel`) or, with ``backend="numpy"``, by the
reference.
Non-viable points get a ``status`` code and NaN results; the sweep goes on. With ``chunks=`` the
result is a lazy dask-backed Dataset computed block by block.

Before anything is allocated, the number of points is checked (at most ``MAX_AXIS_VALUES`` per
axis and ``MAX_POINTS`` in all) and an in-memory result is estimated (points × outputs × 8
bytes, plus the kernel's scratch) against the memory available (``MemAvailable`` of
``/proc/meminfo``): a sweep that would not fit is refused with :class:`SweepTooLargeError`,
which names the streamed alternative (:func:`~unequal_exchange.scenarios.store.sweep_to_zarr`).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from .._version import __version__
from ..errors import ParameterError, SweepTooLargeError, did_you_mean
from ..model.mexico_us import accounts as mu
from ..model.mexico_us import accounts_kernel as mexico_us_kernel
from ..model.mexico_us import dynamics as dyn
from ..model.mexico_us.accounts_kernel import N_OUT
from ..model.mexico_us.parameters import (
    DYNAMIC_ONLY,
    PARAMETERS,
    check_parameters,
    inconsistent_points,
)
from .axes import MAX_POINTS, _real, check_axes
from .gsa import check_seed
from .run import CHANNELS, RUN_VARIABLES, SIGN_CONVENTION, SIGNS, status_attrs, to_dataset
from .scenario import Scenario, load_scenario, renamed_argument
from .simulate import (
    DEFAULT_YEARS,
    LEVEL_DIM,
    _years,
    by_level,
    check_accounting,
    first_year_undefined,
    signed,
    simulate_arrays,
)

PARAM_NAMES = tuple(PARAMETERS)
GIB = 2.0**30


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (``MemAvailable``), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def check_memory(points: int, bytes_per_point: float, instead: str) -> None:
    """Refuse (SweepTooLargeError) a result of ``points`` that would not fit in memory.

    ``bytes_per_point`` includes the kernel's scratch; 80 % of the available memory is the
    limit, leaving room for the rest of the process. ``instead`` says what would work.
    """
    needed = float(points) * bytes_per_point
    avail = available_memory()
    if avail is None or needed <= 0.8 * avail:
        return
    raise SweepTooLargeError(
        f"this sweep has {points:,} points and needs about {needed / GIB:.1f} GiB of memory, "
        f"but {avail / GIB:.1f} GiB are available; {instead}",
        points,
        needed,
        float(avail),
    )


def _grid_bytes_per_point(
    n_axes: int, n_outputs: int, backend: str, selected: bool = False, itemsize: int = 8
) -> float:

    # all outputs: the kernel's (N, N_OUT) float64 buffer (the outputs are views of it) and the
    # mesh and value columns; measured: 694 B per point for a 2-axis grid of 500,000 points
    # (N_OUT = 79), so this errs on the safe side by 1.2-1.6x. Selected outputs: only their
    # columns (n_outputs counts columns). The numpy reference also holds the (N, P) parameter
    # matrix and its temporaries.
    scratch = 10.0 * N_OUT + 16.0 * n_axes + 1
    if selected:
        scratch = 24.0 * n_axes + 1 + itemsize * n_outputs
    if backend == "numpy":
        scratch = 8.0 * len(PARAM_NAMES) + 6 * 8.0 * N_OUT
    return scratch + 8.0 * n_outputs


def _n_columns(outputs) -> int:
    """Columns of the kernel's result for ``outputs`` (names already checked)."""
    names = _kernel_outputs(outputs)
    if names is None:
        return N_OUT
    return len(mexico_us_kernel.output_columns(names)[0])


def check_chunks(chunks, axes: Mapping[str, np.ndarray]):
    """Chunks as plain ints >= 1 (numpy integers accepted): an int, or axis name -> int."""
    if chunks is None:
        return None

    def whole(label, value) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ParameterError([f"{label} must be a whole number >= 1, got {value!r}"])
        return int(value)

    if isinstance(chunks, Mapping):
        unknown = [k for k in chunks if k not in axes]
        if unknown:
            raise ParameterError([f"chunks name {k!r} is not a sweep axis" for k in unknown])
        return {k: whole(f"chunks[{k!r}]", v) for k, v in chunks.items()}
    return whole("chunks", chunks)


def _outputs(outputs) -> list[str] | None:
    """One output name given as a string is one name, not a sequence of characters."""
    if outputs is None:
        return None
    if isinstance(outputs, str):
        return [outputs]
    names = list(outputs)
    bad = [o for o in names if not isinstance(o, str)]
    if bad:
        raise ParameterError([f"outputs must be variable names, got {bad[0]!r}"])
    return names


def parameter_matrix(scenario: Scenario, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """(N, P) parameter array: the scenario's values with ``columns`` (each (N,)) substituted."""
    n = len(next(iter(columns.values()))) if columns else 1
    base = np.array([scenario.parameters[k] for k in PARAM_NAMES])
    params = np.repeat(base[None, :], n, axis=0)
    for name, values in columns.items():
        params[:, PARAM_NAMES.index(name)] = values
    return params


def evaluate_points(params: np.ndarray, backend: str = "numba") -> dict[str, np.ndarray]:
    """All model outputs for an (N, P) parameter array; non-viable points are NaN."""
    if backend == "numba":
        return mexico_us_kernel.evaluate(params)  # the kernel NaNs non-viable points itself
    if backend == "numpy":
        with np.errstate(all="ignore"):
            acc = mu.accounts({k: params[:, i] for i, k in enumerate(PARAM_NAMES)})
    else:
        raise ParameterError([f"unknown backend {backend!r}; choose 'numba' or 'numpy'"])
    bad = acc["status"] != mu.OK
    if bad.any():
        for name in RUN_VARIABLES:
            arr = np.array(acc[name], dtype=np.float64, copy=True)
            arr[bad] = np.nan
            acc[name] = arr
    return acc


def mark_inconsistent(acc: dict, scenario: Scenario, columns: Mapping[str, np.ndarray]) -> dict:
    """Give points whose parameters break a relation between them (``parameters.RELATIONS``,
    e.g. PhD migrants above the migrant stock) the status ``INCONSISTENT_PARAMETERS`` and NaN
    results; the kernels check each point's domain only, and the sweep goes on."""
    if not columns:
        return acc
    bad = inconsistent_points({**scenario.parameters, **columns})
    bad = np.reshape(bad, np.shape(acc["status"])) & (acc["status"] == mu.OK)
    if not bad.any():
        return acc
    acc = dict(acc)
    acc["status"] = np.where(bad, mu.INCONSISTENT_PARAMETERS, acc["status"]).astype(np.int8)
    for name in RUN_VARIABLES:
        if name not in acc:  # an output that was not asked for
            continue
        arr = np.array(acc[name], copy=True)
        arr[bad] = np.nan
        acc[name] = arr
    return acc


def _select(ds: xr.Dataset, outputs: Sequence[str] | None) -> xr.Dataset:
    if outputs is None:
        return ds
    check_outputs(outputs)
    return ds[list(dict.fromkeys([*outputs, "status"]))]


def check_outputs(outputs: Sequence[str]) -> None:
    """ParameterError for every name that is not a variable of :func:`run`."""
    known = (*RUN_VARIABLES, "drain_share", "status")
    problems = [f"unknown output {o!r}{did_you_mean(o, known)}" for o in outputs if o not in known]
    if problems:
        raise ParameterError(problems)


def check_dtype(dtype) -> np.dtype:
    """float64 or float32 (names or numpy types); anything else is a ParameterError."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.dtype(np.float64), np.dtype(np.float32)):
        raise ParameterError([f"dtype must be float64 or float32, got {dtype!r}"])
    return dt


def _kernel_outputs(outputs: Sequence[str] | None) -> list[str] | None:
    """The kernel arrays behind ``outputs`` (drain_share is derived from the channels)."""
    if outputs is None:
        return None
    names = [o for o in outputs if o not in ("drain_share", "status")]
    if "drain_share" in outputs:
        names += [c for c in (*CHANNELS, "total_drain") if c not in names]
    return names


def labelled(acc: dict[str, np.ndarray], sample_dims: tuple[str, ...], outputs) -> xr.Dataset:
    """:func:`run.to_dataset` for the requested ``outputs`` only (with ``status``)."""
    if outputs is None:
        return to_dataset(acc, sample_dims)
    data = {}
    for name in outputs:
        if name in ("drain_share", "status"):
            continue
        units, long_name, dims = RUN_VARIABLES[name]
        attrs = {"units": units, "long_name": long_name}
        if name in SIGNS:
            attrs["sign"] = SIGNS[name]
        data[name] = (sample_dims + dims, acc[name], attrs)
    if "drain_share" in outputs:
        drains = np.stack([acc[c] for c in CHANNELS], axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            data["drain_share"] = (
                (*sample_dims, "channel"),
                drains / acc["total_drain"][..., None],
                {"units": "1", "long_name": "each channel's share of the total drain"},
            )
    data["status"] = (
        sample_dims,
        acc["status"],
        status_attrs(mu.STATUS_NAMES, "model status (0 = ok)"),
    )
    dims_used = {d for v in data.values() for d in v[0]}
    coords: dict[str, object] = {}
    if "sector" in dims_used:
        coords["sector"] = list(mu.SECTORS)
        coords["sector_country"] = ("sector", list(mu.COUNTRIES))
    if "factor" in dims_used:
        coords["factor"] = [*mu.FACTORS, "structural"]
    if "level" in dims_used:
        coords["level"] = list(mu.LEVELS)
    if "channel" in dims_used:
        coords["channel"] = list(CHANNELS)
    return xr.Dataset(data, coords=coords, attrs={"sign_convention": SIGN_CONVENTION})


def _coord_attrs(name: str) -> dict:
    spec = PARAMETERS[name]
    return {"units": spec.units, "long_name": spec.description}


def _grid_block(
    scenario, axes, index_slices, backend, outputs, dtype=np.float64, buffer=None
) -> xr.Dataset:
    """Evaluate one rectangular block of the grid (slices along each axis).

    Only ``outputs`` are computed into memory (all if None), as ``dtype``; ``buffer`` (a flat
    array of that dtype, numba only) is reused for them when it is large enough.
    """
    names = list(axes)
    block_values = [axes[k][s] for k, s in zip(names, index_slices, strict=True)]
    mesh = np.meshgrid(*block_values, indexing="ij")
    shape = mesh[0].shape
    columns = {k: m.ravel() for k, m in zip(names, mesh, strict=True)}
    wanted = _kernel_outputs(outputs)
    if backend == "numba":
        base = np.array([scenario.parameters[k] for k in PARAM_NAMES])
        acc = mexico_us_kernel.evaluate_columns(
            base, columns, shape, outputs=wanted, dtype=dtype, buffer=buffer
        )
    else:
        acc = evaluate_points(parameter_matrix(scenario, columns), backend)
        keep = list(RUN_VARIABLES) if wanted is None else wanted
        acc = {
            k: np.reshape(v, shape + np.shape(v)[1:]).astype(
                dtype if k != "status" else v.dtype, copy=False
            )
            for k, v in acc.items()
            if k in keep or k == "status"
        }
    acc = mark_inconsistent(acc, scenario, {k: np.reshape(v, shape) for k, v in columns.items()})
    ds = labelled(acc, tuple(names), outputs)
    return ds.assign_coords(
        {k: (k, vals, _coord_attrs(k)) for k, vals in zip(names, block_values, strict=True)}
    )


def _low_high(spec) -> tuple[float, float] | None:
    """(low, high) from a pair of numbers, or None if ``spec`` is not one (text, booleans,
    another length)."""
    if isinstance(spec, (str, bytes, Mapping)) or not isinstance(spec, (list, tuple, np.ndarray)):
        return None
    if len(spec) != 2:
        return None
    try:
        low, high = (_real(x, "a bound") for x in spec)
    except ParameterError:  # a bound that is not a number: reported as a bad pair
        return None
    return low, high


def _attrs(scenario: Scenario, backend: str, kind: str) -> dict:

    return {
        "scenario": scenario.name,
        "scenario_description": scenario.description,
        "package_version": __version__,
        "backend": backend,
        "design": kind,
        "base_parameters": json.dumps(dict(scenario.parameters), sort_keys=True),
        "sign_convention": SIGN_CONVENTION,
    }


@renamed_argument("scenario_or_name")
def sweep(
    scenario: Scenario | str = "baseline",
    axes: Mapping[str, object] | None = None,
    chunks: int | Mapping[str, int] | None = None,
    *,
    sample: Mapping | None = None,
    n: int | None = None,
    method: str = "lhs",
    seed: int = 20111,
    outputs: Sequence[str] | None = None,
    backend: str = "numba",
    model: str = "static",
    years=None,
    dtype="float64",
) -> xr.Dataset:
    """Evaluate the Mexico–US model over a grid (``axes``) or a sample (``sample``, ``n``).

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A Scenario, the name of a library scenario (:func:`list_scenarios`) or the path of a
        scenario file (see the glossary, "scenario argument").
    axes : mapping, optional
        Parameter name → values (list/array, or {start, stop, num}); the full grid.
        Defaults to the scenario's ``[sweep]`` section.
    chunks : int or mapping, optional
        With a grid, points per block along each axis (int: along the first axis) → a lazy
        dask-backed Dataset.
    sample : mapping, optional
        Parameter name → (low, high) bounds; ``n`` points drawn by ``method``.
    n : int, optional
        Number of sample points (with ``sample``).
    method : {"lhs", "sobol"}
        Sampler for ``sample`` (scrambled and seeded), along dimension ``sample``.
    seed : int
        Seed of the sampler.
    outputs : str or sequence of str, optional
        Variables to compute and keep (default: all, with ``status``). Only these are
        written per point, so a few outputs make a large sweep several times faster.
    backend : {"numba", "numpy"}
        "numba" (parallel kernel) or "numpy" (the reference).
    model : {"static", "dynamic"}
        "static" (the accounts of ``ue.run``) or "dynamic" (``ue.simulate`` paths over
        ``years``, default 1990–2040): the result gains a ``year`` dimension.
    years : iterable of int, optional
        Years of a dynamic sweep.
    dtype : {"float64", "float32"}
        Type of the static results. ``"float32"`` halves their memory and keeps about seven
        significant digits (relative error below 1e-7, against 1e-13 for the model's own
        rounding): enough for maps and sensitivity plots, not for accounting identities.

    Returns
    -------
    xarray.Dataset
        The variables of :func:`run` (same units and sign convention) with one dimension per
        grid axis, or a ``sample`` dimension; ``status`` per point (0 = ok, codes as in
        :func:`run`). Non-viable points are NaN instead of raising.

    Raises
    ------
    ParameterError
        If a parameter, output, backend, model or dtype is unknown, both ``axes`` and
        ``sample`` are given, or ``chunks`` are invalid.
    SweepTooLargeError
        If the result would not fit in memory (use ``chunks=`` or fewer points).

    See Also
    --------
    run, sensitivity

    Examples
    --------
    A grid of three points:

    >>> import unequal_exchange as ue
    >>> ds = ue.sweep("baseline", axes={"hours_weighting": [0.0, 0.5, 1.0]},
    ...               outputs=["price_transfer"])
    >>> [round(float(v) / 1e9, 1) for v in ds.price_transfer]  # bn USD/yr
    [125.5, 68.4, 9.9]
    >>> ds.status.values.tolist()
    [0, 0, 0]

    A Latin-hypercube sample of eight points:

    >>> ds = ue.sweep("baseline", sample={"hours_weighting": (0.0, 1.0)}, n=8,
    ...               outputs="price_transfer")
    >>> dict(ds.sizes)
    {'sample': 8}
    """
    sc = load_scenario(scenario)
    outputs = _outputs(outputs)
    dtype = check_dtype(dtype)
    if model == "dynamic":
        if sample is not None or chunks is not None:
            raise ParameterError(["dynamic sweeps take a grid (axes=) without chunks"])
        return _dynamic_grid(
            sc,
            check_axes(axes if axes is not None else dict(sc.sweep)),
            years,
            backend,
            outputs,
        )
    if model != "static":
        raise ParameterError([f"unknown model {model!r}; choose 'static' or 'dynamic'"])
    if outputs is not None:
        check_outputs(outputs)
    swept = sample if sample is not None else (axes if axes is not None else sc.sweep)
    static_noop = sorted(k for k in (swept or {}) if k in DYNAMIC_ONLY)
    if static_noop:
        raise ParameterError(
            [f"{k} only acts in the dynamics: the static accounts would be identical at every "
             "point; sweep it with model='dynamic' (command line: --model dynamic)"
             for k in static_noop]
        )  # fmt: skip
    if sample is not None:
        if axes is not None:
            raise ParameterError(["give either axes= (a grid) or sample= (a sample), not both"])
        return _sample_sweep(sc, sample, n, method, seed, outputs, backend, dtype)
    axes = check_axes(axes if axes is not None else dict(sc.sweep))
    chunks = check_chunks(chunks, axes)
    if chunks is None:
        check_memory(
            math.prod(len(v) for v in axes.values()),
            _grid_bytes_per_point(
                len(axes),
                _n_columns(outputs),
                backend,
                selected=outputs is not None or dtype != np.float64,
                itemsize=dtype.itemsize,
            ),
            "stream it to disk block by block with sweep_to_zarr(scenario, axes, 'sweep.zarr') "
            "(command line: add --out sweep.zarr), or sweep fewer points",
        )
        ds = _grid_block(sc, axes, [slice(None)] * len(axes), backend, outputs, dtype)
    else:
        ds = _lazy_grid(sc, axes, chunks, backend, outputs, dtype)
    ds.attrs.update(_attrs(sc, backend, "grid"))
    return ds


def _dynamic_grid(scenario, axes, years, backend, outputs) -> xr.Dataset:

    years = _years(DEFAULT_YEARS if years is None else years)
    names = list(axes)
    check_memory(
        math.prod(len(v) for v in axes.values()),
        len(years) * (3 * 8.0 * len(dyn.VARIABLES)) + 8.0 * len(PARAM_NAMES),
        "a grid of paths is held in memory: sweep fewer points or fewer years",
    )
    mesh = np.meshgrid(*axes.values(), indexing="ij")
    shape = mesh[0].shape
    params = parameter_matrix(scenario, {k: m.ravel() for k, m in zip(names, mesh, strict=True)})
    res = simulate_arrays(params, scenario.shocks, years, backend)
    check_accounting(res, params, scenario.shocks, years)
    res = first_year_undefined(res)
    bad = res["status"] != 0
    for name in dyn.VARIABLES:  # non-viable paths carry a status and NaN, as in static sweeps
        res[name][bad] = np.nan
    keep = []
    for o in list(outputs) if outputs is not None else list(dyn.VARIABLES):
        if o in dyn.BY_LEVEL:  # a variable by graduate level, e.g. "graduates"
            keep += [dyn.BY_LEVEL[o].format(lv) for lv in dyn.LEVELS]
        else:
            keep.append(o)
    known = {**dyn.VARIABLES, **dyn.BY_LEVEL}
    unknown = [o for o in keep if o not in dyn.VARIABLES]
    if unknown:
        raise ParameterError(
            [f"unknown dynamic output {o!r}{did_you_mean(o, known)}" for o in unknown]
        )
    dims = (*names, "year")
    data = {
        k: (
            dims,
            res[k].reshape((*shape, len(years))),
            signed({"units": dyn.VARIABLES[k][0], "long_name": dyn.VARIABLES[k][1]}, k),
        )
        for k in keep
    }
    data = by_level(data, lambda k: res[k].reshape((*shape, len(years))), dims)
    data["status"] = (
        tuple(names),
        res["status"].reshape(shape),
        status_attrs(dyn.PATH_STATUS_NAMES, "path status (0 = ok)"),
    )
    coords = {k: (k, axes[k], _coord_attrs(k)) for k in names}
    coords["year"] = ("year", years, {"units": "yr", "long_name": "year"})
    if any(LEVEL_DIM in v[0] for v in data.values()):
        coords[LEVEL_DIM] = (LEVEL_DIM, list(dyn.LEVELS), {"long_name": "highest degree"})
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(_attrs(scenario, backend, "grid of dynamic paths"))
    return ds


def block_edges(axes: Mapping[str, np.ndarray], chunks) -> list[list[slice]]:
    """Slices along each axis of the grid for ``chunks`` (int: along the first axis)."""
    names = list(axes)
    if isinstance(chunks, int):
        chunks = {names[0]: chunks}
    unknown = [k for k in chunks if k not in axes]
    if unknown:
        raise ParameterError([f"chunks name {k!r} is not a sweep axis" for k in unknown])
    edges = []
    for k in names:
        size = len(axes[k])
        step = max(1, int(chunks.get(k, size)))
        edges.append([slice(i, min(i + step, size)) for i in range(0, size, step)])
    return edges


def block_slices(axes: Mapping[str, np.ndarray], chunks) -> list[list[slice]]:
    """Rectangular blocks covering the grid, in C order."""
    blocks: list[list[slice]] = [[]]
    for dim_edges in block_edges(axes, chunks):
        blocks = [[*b, s] for b in blocks for s in dim_edges]
    return blocks


def _lazy_grid(scenario, axes, chunks, backend, outputs, dtype=np.float64) -> xr.Dataset:
    import dask
    import dask.array as da

    names = list(axes)
    template = _grid_block(
        scenario,
        {k: v[:1] for k, v in axes.items()},
        [slice(None)] * len(names),
        backend,
        outputs,
        dtype,
    )
    edges = block_edges(axes, chunks)
    delayed = {}

    def nested(level, prefix, name, var):
        if level == len(names):
            key = tuple(s.start for s in prefix)
            if key not in delayed:
                delayed[key] = dask.delayed(_grid_block)(
                    scenario, axes, list(prefix), backend, outputs, dtype
                )
            shape = tuple(s.stop - s.start for s in prefix) + var.shape[len(names) :]
            return da.from_delayed(delayed[key][name].data, shape=shape, dtype=var.dtype)
        parts = [nested(level + 1, [*prefix, s], name, var) for s in edges[level]]
        return da.concatenate(parts, axis=level)

    data = {
        name: (var.dims, nested(0, [], name, var), var.attrs)
        for name, var in template.data_vars.items()
    }
    coords: dict[Hashable, Any] = {k: (k, axes[k], _coord_attrs(k)) for k in names}
    for c in template.coords:
        if c not in coords:
            coords[c] = template.coords[c]
    return xr.Dataset(data, coords=coords)


def _sample_sweep(
    scenario, sample, n, method, seed, outputs, backend, dtype=np.float64
) -> xr.Dataset:
    from scipy.stats import qmc

    seed = check_seed(seed)
    problems = []
    bounds = {}
    for name, spec in sample.items():
        if name not in PARAMETERS:
            problems.append(f"unknown parameter {name!r}{did_you_mean(name, PARAMETERS)}")
            continue
        pair = _low_high(spec)
        if pair is None:
            problems.append(f"sample {name}: give (low, high), got {spec!r}")
            continue
        low, high = pair
        if not low < high:
            problems.append(f"sample {name}: low {low} must be below high {high}")
        problems += check_parameters({name: np.array([low, high])}, complete=False)
        bounds[name] = (low, high)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer, type(None))):
        problems.append(f"the number of sample points n must be a whole number, got {n!r}")
        n = None
    if not n or n < 1:
        problems.append("give the number of sample points n >= 1")
    elif n > MAX_POINTS:
        problems.append(f"n = {n:,} sample points is more than {MAX_POINTS:,}")
    if method not in ("lhs", "sobol"):
        problems.append(f"unknown sampling method {method!r}; choose 'lhs' or 'sobol'")
    elif method == "sobol" and n and n & (n - 1):
        problems.append(
            f"a Sobol sample needs n to be a power of 2 (got {n}); try "
            f"{1 << max(int(n).bit_length() - 1, 0)} or {1 << int(n).bit_length()}"
        )
    if problems:
        raise ParameterError(problems)
    check_memory(
        int(n),
        8.0 * len(bounds) * 2
        + _grid_bytes_per_point(len(bounds), len(outputs or RUN_VARIABLES), "numpy"),
        "a sample is held in memory: draw fewer points (n)",
    )
    names = list(bounds)
    engine = (
        qmc.LatinHypercube(d=len(names), seed=seed)
        if method == "lhs"
        else qmc.Sobol(d=len(names), scramble=True, seed=seed)
    )
    unit = engine.random(n)
    lows = np.array([bounds[k][0] for k in names])
    highs = np.array([bounds[k][1] for k in names])
    values = qmc.scale(unit, lows, highs)
    params = parameter_matrix(scenario, {k: values[:, i] for i, k in enumerate(names)})
    acc = evaluate_points(params, backend)
    acc = mark_inconsistent(acc, scenario, {k: values[:, i] for i, k in enumerate(names)})
    ds = _select(to_dataset(acc, ("sample",)), outputs)
    if dtype != np.float64:
        ds = ds.map(lambda v: v.astype(dtype) if v.dtype == np.float64 else v, keep_attrs=True)
    ds = ds.assign_coords(
        {k: ("sample", values[:, i], _coord_attrs(k)) for i, k in enumerate(names)}
    )
    ds = ds.assign_coords(sample=np.arange(n))
    ds.attrs.update(_attrs(scenario, backend, f"{method} sample, seed {seed}"))
    return ds
