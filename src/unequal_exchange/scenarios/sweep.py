"""Sweeps: the Mexico–US model over grids or samples of parameters, in one batched call.

``sweep(scenario, axes)`` evaluates the full Cartesian grid of ``axes`` (one Dataset dimension per
swept parameter, coordinates with units); ``sweep(scenario, sample=..., n=...)`` draws a seeded
Latin hypercube or Sobol sample (``scipy.stats.qmc``) along a ``sample`` dimension with the
parameter values as coordinates. Every channel is computed by the numba kernel
(:mod:`unequal_exchange.model.mexico_us_kernel`) or, with ``backend="numpy"``, by the reference.
Non-viable points get a ``status`` code and NaN results; the sweep goes on. With ``chunks=`` the
result is a lazy dask-backed Dataset computed block by block.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import xarray as xr

from ..errors import ParameterError, did_you_mean
from ..model import mexico_us as mu
from ..model.parameters import PARAMETERS, check_parameters
from .run import VARIABLES, to_dataset
from .scenario import Scenario, load_scenario

PARAM_NAMES = tuple(PARAMETERS)


def _axis_values(name: str, spec) -> np.ndarray:
    if isinstance(spec, Mapping):
        try:
            return np.linspace(float(spec["start"]), float(spec["stop"]), int(spec["num"]))
        except (KeyError, TypeError, ValueError):
            raise ParameterError(
                [
                    f"sweep axis {name}: expected {{start, stop, num}} or a list "
                    f"of values, got {dict(spec)!r}"
                ]
            ) from None
    values = np.atleast_1d(np.asarray(spec, dtype=np.float64))
    if values.ndim != 1 or values.size == 0:
        raise ParameterError([f"sweep axis {name}: give a non-empty 1-D list of values"])
    return values


def check_axes(axes: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Validate sweep axes: known parameter names, values in their domains (all problems)."""
    problems, out = [], {}
    for name, spec in axes.items():
        if name not in PARAMETERS:
            problems.append(f"unknown sweep parameter {name!r}{did_you_mean(name, PARAMETERS)}")
            continue
        try:
            values = _axis_values(name, spec)
        except (ParameterError, TypeError, ValueError) as exc:
            problems += getattr(exc, "problems", [str(exc)])
            continue
        problems += check_parameters({name: values}, complete=False)
        out[name] = values
    if not axes:
        problems.append("give at least one sweep axis")
    if problems:
        raise ParameterError(problems)
    return out


def parameter_matrix(scenario: Scenario, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """(N, P) parameter array: the scenario's values with ``columns`` (each (N,)) substituted."""
    n = len(next(iter(columns.values()))) if columns else 1
    base = np.array([scenario.parameters[k] for k in PARAM_NAMES])
    params = np.repeat(base[None, :], n, axis=0)
    for name, values in columns.items():
        params[:, PARAM_NAMES.index(name)] = values
    return params


def evaluate(params: np.ndarray, backend: str = "numba") -> dict[str, np.ndarray]:
    """All model outputs for an (N, P) parameter array; non-viable points are NaN."""
    if backend == "numba":
        from ..model import mexico_us_kernel

        return mexico_us_kernel.evaluate(params)  # the kernel NaNs non-viable points itself
    if backend == "numpy":
        with np.errstate(all="ignore"):
            acc = mu.accounts({k: params[:, i] for i, k in enumerate(PARAM_NAMES)})
    else:
        raise ParameterError([f"unknown backend {backend!r}; choose 'numba' or 'numpy'"])
    bad = acc["status"] != mu.OK
    if bad.any():
        for name in VARIABLES:
            arr = np.array(acc[name], dtype=np.float64, copy=True)
            arr[bad] = np.nan
            acc[name] = arr
    return acc


def _select(ds: xr.Dataset, outputs: Sequence[str] | None) -> xr.Dataset:
    if outputs is None:
        return ds
    names = list(outputs)
    problems = [
        f"unknown output {o!r}{did_you_mean(o, VARIABLES)}" for o in names if o not in ds.data_vars
    ]
    if problems:
        raise ParameterError(problems)
    return ds[[*names, "status"]]


def _coord_attrs(name: str) -> dict:
    spec = PARAMETERS[name]
    return {"units": spec.units, "long_name": spec.description}


def _grid_block(scenario, axes, index_slices, backend, outputs) -> xr.Dataset:
    """Evaluate one rectangular block of the grid (slices along each axis)."""
    names = list(axes)
    block_values = [axes[k][s] for k, s in zip(names, index_slices, strict=True)]
    mesh = np.meshgrid(*block_values, indexing="ij")
    shape = mesh[0].shape
    columns = {k: m.ravel() for k, m in zip(names, mesh, strict=True)}
    if backend == "numba":
        from ..model import mexico_us_kernel

        base = np.array([scenario.parameters[k] for k in PARAM_NAMES])
        acc = mexico_us_kernel.evaluate_columns(base, columns, shape)
    else:
        acc = evaluate(parameter_matrix(scenario, columns), backend)
        acc = {k: np.reshape(v, shape + np.shape(v)[1:]) for k, v in acc.items()}
    ds = to_dataset(acc, tuple(names))
    ds = ds.assign_coords(
        {k: (k, vals, _coord_attrs(k)) for k, vals in zip(names, block_values, strict=True)}
    )
    return _select(ds, outputs)


def _attrs(scenario: Scenario, backend: str, kind: str) -> dict:
    from .. import __version__

    return {
        "scenario": scenario.name,
        "scenario_description": scenario.description,
        "package_version": __version__,
        "backend": backend,
        "design": kind,
        "base_parameters": repr(dict(scenario.parameters)),
    }


def sweep(
    scenario_or_name: Scenario | str = "baseline",
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
) -> xr.Dataset:
    """Evaluate the Mexico–US model over a grid (``axes``) or a sample (``sample``, ``n``).

    Parameters
    ----------
    axes : parameter name → values (list/array, or {start, stop, num}); the full grid.
        Defaults to the scenario's ``[sweep]`` section.
    chunks : with a grid, points per block along each axis (int: along the first axis) →
        a lazy dask-backed Dataset.
    sample : parameter name → (low, high) bounds; ``n`` points drawn by ``method``
        ("lhs" or "sobol", scrambled and seeded) along dimension ``sample``.
    outputs : variables to keep (default: all, with ``status``).
    backend : "numba" (parallel kernel) or "numpy" (the reference).
    model : "static" (the accounts of ``ue.run``) or "dynamic" (``ue.simulate`` paths over
        ``years``, default 1990–2040): the result gains a ``year`` dimension.
    """
    scenario = load_scenario(scenario_or_name)
    if model == "dynamic":
        if sample is not None or chunks is not None:
            raise ParameterError(["dynamic sweeps take a grid (axes=) without chunks"])
        return _dynamic_grid(
            scenario,
            check_axes(axes if axes is not None else dict(scenario.sweep)),
            years,
            backend,
            outputs,
        )
    if model != "static":
        raise ParameterError([f"unknown model {model!r}; choose 'static' or 'dynamic'"])
    if sample is not None:
        if axes is not None:
            raise ParameterError(["give either axes= (a grid) or sample= (a sample), not both"])
        return _sample_sweep(scenario, sample, n, method, seed, outputs, backend)
    axes = check_axes(axes if axes is not None else dict(scenario.sweep))
    if chunks is None:
        ds = _grid_block(scenario, axes, [slice(None)] * len(axes), backend, outputs)
    else:
        ds = _lazy_grid(scenario, axes, chunks, backend, outputs)
    ds.attrs.update(_attrs(scenario, backend, "grid"))
    return ds


def _dynamic_grid(scenario, axes, years, backend, outputs) -> xr.Dataset:
    from ..model import dynamics as dyn
    from .simulate import DEFAULT_YEARS, _years, by_education, check_accounting, simulate_arrays

    years = _years(DEFAULT_YEARS if years is None else years)
    names = list(axes)
    mesh = np.meshgrid(*axes.values(), indexing="ij")
    shape = mesh[0].shape
    params = parameter_matrix(scenario, {k: m.ravel() for k, m in zip(names, mesh, strict=True)})
    res = simulate_arrays(params, scenario.shocks, years, backend)
    check_accounting(res, params, scenario.shocks, years)
    bad = res["status"] != 0
    for name in dyn.VARIABLES:  # non-viable paths carry a status and NaN, as in static sweeps
        res[name][bad] = np.nan
    keep = []
    for o in list(outputs) if outputs is not None else list(dyn.VARIABLES):
        if o in dyn.BY_LEVEL:  # a variable by education level, e.g. "graduates"
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
            {"units": dyn.VARIABLES[k][0], "long_name": dyn.VARIABLES[k][1]},
        )
        for k in keep
    }
    data = by_education(data, lambda k: res[k].reshape((*shape, len(years))), dims)
    data["status"] = (
        tuple(names),
        res["status"].reshape(shape),
        {"units": "1", "long_name": "path status (0 = ok)"},
    )
    coords = {k: (k, axes[k], _coord_attrs(k)) for k in names}
    coords["year"] = ("year", years, {"units": "yr", "long_name": "year"})
    if any("education" in v[0] for v in data.values()):
        coords["education"] = ("education", list(dyn.LEVELS), {"long_name": "highest degree"})
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
    blocks = [[]]
    for dim_edges in block_edges(axes, chunks):
        blocks = [[*b, s] for b in blocks for s in dim_edges]
    return blocks


def _lazy_grid(scenario, axes, chunks, backend, outputs) -> xr.Dataset:
    import dask
    import dask.array as da

    names = list(axes)
    template = _grid_block(
        scenario, {k: v[:1] for k, v in axes.items()}, [slice(None)] * len(names), backend, outputs
    )
    edges = block_edges(axes, chunks)
    delayed = {}

    def nested(level, prefix, name, var):
        if level == len(names):
            key = tuple(s.start for s in prefix)
            if key not in delayed:
                delayed[key] = dask.delayed(_grid_block)(
                    scenario, axes, list(prefix), backend, outputs
                )
            shape = tuple(s.stop - s.start for s in prefix) + var.shape[len(names) :]
            return da.from_delayed(delayed[key][name].data, shape=shape, dtype=var.dtype)
        parts = [nested(level + 1, [*prefix, s], name, var) for s in edges[level]]
        return da.concatenate(parts, axis=level)

    data = {
        name: (var.dims, nested(0, [], name, var), var.attrs)
        for name, var in template.data_vars.items()
    }
    coords = {k: (k, axes[k], _coord_attrs(k)) for k in names}
    for c in template.coords:
        if c not in coords:
            coords[c] = template.coords[c]
    return xr.Dataset(data, coords=coords)


def _sample_sweep(scenario, sample, n, method, seed, outputs, backend) -> xr.Dataset:
    from scipy.stats import qmc

    problems = []
    bounds = {}
    for name, spec in sample.items():
        if name not in PARAMETERS:
            problems.append(f"unknown sample parameter {name!r}{did_you_mean(name, PARAMETERS)}")
            continue
        try:
            low, high = (float(x) for x in spec)
        except (TypeError, ValueError):
            problems.append(f"sample {name}: give (low, high), got {spec!r}")
            continue
        if not low < high:
            problems.append(f"sample {name}: low {low} must be below high {high}")
        problems += check_parameters({name: np.array([low, high])}, complete=False)
        bounds[name] = (low, high)
    if not n or n < 1:
        problems.append("give the number of sample points n >= 1")
    if method not in ("lhs", "sobol"):
        problems.append(f"unknown sampling method {method!r}; choose 'lhs' or 'sobol'")
    elif method == "sobol" and n and n & (n - 1):
        problems.append(
            f"a Sobol sample needs n to be a power of 2 (got {n}); try "
            f"{1 << max(int(n).bit_length() - 1, 0)} or {1 << int(n).bit_length()}"
        )
    if problems:
        raise ParameterError(problems)
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
    ds = _select(to_dataset(evaluate(params, backend), ("sample",)), outputs)
    ds = ds.assign_coords(
        {k: ("sample", values[:, i], _coord_attrs(k)) for i, k in enumerate(names)}
    )
    ds = ds.assign_coords(sample=np.arange(n))
    ds.attrs.update(_attrs(scenario, backend, f"{method} sample, seed {seed}"))
    return ds
