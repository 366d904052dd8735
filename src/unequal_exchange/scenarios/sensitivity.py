"""Global sensitivity of the Mexico–US accounts around a scenario's own parameter values.

:func:`sensitivity` applies the generic verbs of :mod:`.gsa` to the model: parameters vary
uniformly over ranges centred on the scenario's values (:func:`centred_ranges`: the plausible
ranges of the calibration, :meth:`CalibrationResult.ranges`, scaled to the scenario's value),
the others stay at the scenario's values, and the whole sample goes through
:func:`mexico_us.accounts` (or the dynamics) in one call; non-viable points are NaN and handled
as in :mod:`.gsa`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import xarray as xr

from ..calibration.fit import calibrate, calibrate_static
from ..errors import NonViableError, ParameterError, UnequalExchangeError, did_you_mean
from ..model.mexico_us import accounts as mu
from ..model.mexico_us import dynamics as dyn
from ..model.mexico_us.dynamics import PARAM_NAMES
from ..model.mexico_us.parameters import (
    DYNAMIC_ONLY,
    PARAMETERS,
    VALUATION_CONVENTIONS,
    inconsistent_points,
)
from .gsa import METHODS, morris_indices, sobol_indices
from .run import VARIABLES
from .scenario import load_scenario
from .simulate import DEFAULT_YEARS, _years, simulate_arrays

__all__ = ["centred_ranges", "morris_indices", "sensitivity", "sobol_indices"]

RANGE_RULE = (
    "plausible range of the calibration scaled to the scenario's value, "
    "[v low/b, v high/b] (b the calibrated value; shifted, [v + low - b, v + high - b], when "
    "b or v is not positive), clipped to the parameter's domain and widened to contain v"
)


@lru_cache(maxsize=1)
def _static_calibration() -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Plausible ranges and calibrated values of the static parameters (cached)."""

    result = calibrate_static()
    ranges = {k: v for k, v in result.ranges().items() if k not in DYNAMIC_ONLY}
    return ranges, {k: float(result.derived[k].value) for k in ranges}


@lru_cache(maxsize=1)
def _all_calibration() -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Plausible ranges and calibrated values of every parameter, the dynamics included."""

    result = calibrate()
    ranges = result.ranges()
    return ranges, {k: float(result.derived[k].value) for k in ranges}


def _static_ranges() -> dict[str, tuple[float, float]]:
    """Plausible ranges of the parameters the static accounts use (the dynamics are excluded)."""
    return _static_calibration()[0]


def centred_ranges(
    ranges: Mapping[str, tuple[float, float]],
    reference: Mapping[str, float],
    values: Mapping[str, float],
) -> dict[str, tuple[float, float]]:
    """The plausible ``ranges`` (around the calibrated ``reference`` values) moved to ``values``.

    For a parameter with range [low, high] around the calibrated value b and scenario value v:

    - if b > 0, v > 0 and low >= 0: [v low / b, v high / b], the same relative uncertainty
      around v as around b;
    - otherwise [v + low − b, v + high − b], the same absolute width;

    then clipped to the parameter's domain (an open bound is kept a hair inside) and widened, if
    needed, to contain v (when b lies outside its own range). A parameter without a range
    (low = high) gets (v, v) and is not varied.
    """

    out = {}
    for k, (low, high) in ranges.items():
        v, b = float(values[k]), float(reference.get(k, values[k]))
        if not low < high:
            out[k] = (v, v)
            continue
        if b > 0 and v > 0 and low >= 0:
            lo, hi = v * low / b, v * high / b
        else:
            lo, hi = v + (low - b), v + (high - b)
        spec = PARAMETERS.get(k)
        if spec is not None:
            lo, hi = (
                _clip(lo, spec.lower, spec.upper, spec),
                _clip(hi, spec.lower, spec.upper, spec),
            )
        out[k] = (min(lo, v), max(hi, v))
    return out


def _clip(x: float, lower: float, upper: float, spec) -> float:
    span = (upper - lower) if math.isfinite(upper - lower) else max(abs(x), 1.0)
    if x <= lower:
        return lower + 1e-9 * span if spec.lower_open else lower
    if x >= upper:
        return upper - 1e-9 * span if spec.upper_open else upper
    return x


def _check_options(kwargs: Mapping[str, object], known: Sequence[str]) -> None:
    """Refuse options the chosen method does not take (a typo must not reach SALib)."""
    bad = [k for k in kwargs if k not in known]
    if bad:
        raise ParameterError(
            [f"unknown sensitivity option {k!r}{did_you_mean(k, known)}; the method takes "
             f"{', '.join(known)}" for k in bad]
        )  # fmt: skip


def check_seed(seed) -> int:
    """A seed is a whole number >= 0 (the same seed gives the same sample)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError([f"seed must be a whole number >= 0, got {seed!r}"])
    return int(seed)


def sensitivity(
    scenario_or_name="baseline",
    method: str = "sobol",
    n: int = 256,
    outputs: str | Sequence[str] = ("price_transfer",),
    parameters: Sequence[str] | None = None,
    seed: int = 20111,
    model: str = "static",
    years=None,
    **kwargs,
) -> xr.Dataset:
    """Sensitivity of model outputs to parameters varied uniformly around the scenario's values.

    Ranges are centred on the scenario (:func:`centred_ranges`, rule in the ``range_rule``
    attr): the calibration's plausible range of each parameter, [low, high] around its
    calibrated value b, is scaled to the scenario's value v, [v low/b, v high/b] (shifted by
    v − b when b or v is not positive), clipped to the domain and widened to contain v. So two
    scenarios give different indices, and the result names its scenario (attr ``scenario``,
    coordinate ``scenario_value`` along ``parameter``).

    ``method`` is "sobol" (``n`` base points, a power of 2; second-order indices are off unless
    ``second_order=True``) or "morris" (``n`` trajectories). ``outputs`` are names of
    :data:`~unequal_exchange.scenarios.run.VARIABLES`; a variable along a dimension gives one
    output per element, labelled ``"transfer[maquila]"``, and one element can be asked for by
    that label. ``parameters`` defaults to every parameter whose plausible range has
    low < high; the others keep the scenario's values. Integer-valued parameters (years of
    schooling) are varied continuously. ``kwargs`` go to :func:`sobol_indices` or
    :func:`morris_indices`. The result has an ``output`` dimension (with ``output_variable`` and
    ``output_units`` coordinates) and a ``parameter`` dimension (with ``lower``/``upper``).

    With ``model="dynamic"`` the outputs are paths of :func:`ue.simulate` (with the scenario's
    shocks) at one year each, which must be named: ``"migrant_stock[2040]"`` (a bare
    ``"migrant_stock"`` is an error listing the years); the flows of the first year
    (:data:`dynamics.FIRST_YEAR_UNDEFINED`) are not defined there. The parameters default to
    every parameter with a plausible range, the dynamic ones included.

    Parameters
    ----------
    scenario_or_name : Scenario or str
        The scenario around whose values the parameters vary.
    method : {"sobol", "morris"}
        Sobol' variance-based indices or Morris elementary effects.
    n : int
        Base points (Sobol', a power of 2) or trajectories (Morris). A small ``n`` warns
        (:class:`SmallSampleWarning`).
    outputs : str or sequence of str
        Output names or labels such as ``"transfer[maquila]"`` or, with
        ``model="dynamic"``, ``"migrant_stock[2040]"``.
    parameters : sequence of str, optional
        Parameters to vary (default: all with a plausible range).
    seed : int
        Seed of the sampler.
    model : {"static", "dynamic"}
        Outputs of :func:`run` or of :func:`simulate`.
    years : iterable of int, optional
        Years simulated with ``model="dynamic"``.
    **kwargs
        Passed to the index estimator (e.g. ``second_order=True`` for Sobol').

    Returns
    -------
    xarray.Dataset
        Dimensions ``output`` and ``parameter``. Sobol': first-order ``S1`` and total
        ``ST`` indices with their confidence half-widths; Morris: ``mu``, ``mu_star`` (in
        the output's units), ``mu_star_conf`` and ``sigma``. Coordinates ``lower``,
        ``upper`` and ``scenario_value`` give each parameter's range and value.

    Raises
    ------
    UnequalExchangeError
        If ``method`` is unknown.
    ParameterError
        If the model, an output, a parameter or an estimator option in ``kwargs`` is
        unknown or ambiguous, or ``seed`` is not a whole number >= 0.
    NonViableError
        If the sampled points cannot be evaluated because they are not viable.

    Warns
    -----
    SmallSampleWarning
        If ``n`` is too small for reliable indices.

    See Also
    --------
    sweep

    Examples
    --------
    Morris screening of two parameters with 8 trajectories: enough for an example but below
    the size recommended for real use, so the small-sample warning is silenced:

    >>> import warnings
    >>> import unequal_exchange as ue
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", ue.SmallSampleWarning)
    ...     s = ue.sensitivity("baseline", method="morris", n=8,
    ...                        parameters=["hours_weighting", "mx_labour_share"])
    >>> dict(s.sizes)
    {'output': 1, 'parameter': 2}
    >>> str(s.mu_star.sel(output="price_transfer").idxmax("parameter").values)  # most influential
    'hours_weighting'
    """

    seed = check_seed(seed)
    if method not in METHODS:
        raise UnequalExchangeError(
            f"unknown sensitivity method {method!r}{did_you_mean(method, METHODS)}; "
            f"choose one of {list(METHODS)}"
        )
    scenario = load_scenario(scenario_or_name)
    if model == "dynamic":
        years = _years(DEFAULT_YEARS if years is None else years)
        ranges, reference = _all_calibration()
        variables = {k: (u, ln, ("year",)) for k, (u, ln) in dyn.VARIABLES.items()}
        elements = {"year": tuple(str(y) for y in years)}
        columns, problems = _output_columns(outputs, variables, elements, require=("year",))
        problems += [
            f"output {label!r}: {var} is a flow, not defined in {years[0]}, the initial year "
            f"(no year before it); choose a year in {years[1]}..{years[-1]}"
            for label, var, idx in columns
            if idx == 0 and var in dyn.FIRST_YEAR_UNDEFINED
        ]
    elif model == "static":
        ranges, reference = _static_calibration()
        variables, elements = VARIABLES, _elements(mu)
        columns, problems = _output_columns(outputs, variables, elements)
    else:
        raise ParameterError([f"unknown model {model!r}; choose 'static' or 'dynamic'"])
    ranges = centred_ranges(ranges, reference, scenario.parameters)
    names, more = _varied(parameters, ranges)
    problems += more
    if problems:
        raise ParameterError(problems)

    fixed = {k: float(v) for k, v in scenario.parameters.items() if k not in names}

    def evaluate_dynamic(X: np.ndarray) -> np.ndarray:

        params = np.repeat(
            np.array([[scenario.parameters[k] for k in PARAM_NAMES]]), X.shape[0], axis=0
        )
        for j, k in enumerate(names):
            params[:, PARAM_NAMES.index(k)] = X[:, j]
        res = simulate_arrays(params, scenario.shocks, years)
        Y = np.column_stack([res[var][:, idx] for _, var, idx in columns])
        Y[res["status"] != mu.OK] = np.nan
        Y[inconsistent_points(dict(zip(PARAM_NAMES, params.T, strict=True)))] = np.nan
        return Y

    def evaluate_static(X: np.ndarray) -> np.ndarray:
        point = {k: np.full(X.shape[0], v) for k, v in fixed.items()}
        point.update({k: X[:, j] for j, k in enumerate(names)})
        acc = mu.accounts(point)
        Y = np.column_stack(
            [acc[var][:, idx] if idx is not None else acc[var] for _, var, idx in columns]
        )
        Y[acc["status"] != mu.OK] = np.nan
        Y[inconsistent_points(point)] = np.nan  # e.g. a sampled stock below its parts
        return Y

    func = evaluate_dynamic if model == "dynamic" else evaluate_static
    centre = np.array([[scenario.parameters[k] for k in names]])
    if not np.isfinite(func(centre)).all():
        raise NonViableError(
            f"scenario {scenario.name!r} is not viable at its own parameter values, so there is "
            "nothing to analyse around it; ue.run (or ue.simulate) says why"
        )
    labels = [label for label, _, _ in columns]
    units = [variables[var][0] for _, var, _ in columns]
    bounds = [ranges[k] for k in names]
    if method == "sobol":
        kwargs.setdefault("second_order", False)
        _check_options(kwargs, ("second_order", "num_resamples", "conf_level", "nonviable"))
        ds = sobol_indices(func, names, bounds, n, seed, outputs=labels, **kwargs)
    else:
        kwargs.setdefault("num_levels", 4)
        _check_options(kwargs, ("num_levels", "num_resamples", "conf_level", "nonviable"))
        ds = morris_indices(
            func, names, bounds, n, seed=seed, outputs=labels, output_units=units, **kwargs
        )
    ds = ds.assign_coords(
        output_variable=("output", [var for _, var, _ in columns]),
        output_units=("output", units),
        scenario_value=(
            "parameter",
            [float(scenario.parameters[k]) for k in names],
            {"long_name": "the scenario's value, inside the sampled range"},
        ),
    )
    ds.attrs.update(
        scenario=scenario.name,
        model=model,
        parameter_ranges=(
            "calibrate().ranges(), every parameter"
            if model == "dynamic"
            else "calibrate_static().ranges(), static parameters"
        ),
        range_rule=RANGE_RULE,
    )
    return ds


def _elements(mu) -> dict[str, tuple[str, ...]]:
    return {"sector": mu.SECTORS, "factor": (*mu.FACTORS, "structural"), "level": mu.LEVELS}


_LABEL = re.compile(r"^(?P<var>[A-Za-z_][A-Za-z0-9_]*)\[(?P<element>[^\]]+)\]$")


def _output_columns(
    outputs: str | Sequence[str],
    variables: Mapping[str, tuple[str, str, tuple[str, ...]]],
    elements: Mapping[str, tuple[str, ...]],
    require: tuple[str, ...] = (),
) -> tuple[list[tuple[str, str, int | None]], list[str]]:
    """(label, variable, index along its dimension or None) per output column, and problems.

    A variable along a dimension in ``require`` must name one element (``"x[2040]"``); along
    another dimension a bare name gives one column per element.
    """
    if isinstance(outputs, str):
        outputs = [outputs]
    columns, problems = [], []
    if not outputs:
        problems.append("no outputs asked for: give at least one name of run.VARIABLES")
    for name in outputs:
        match = _LABEL.match(name)
        var, element = (match["var"], match["element"]) if match else (name, None)
        if var not in variables:
            problems.append(f"unknown output {name!r}{did_you_mean(var, variables)}")
            continue
        dims = variables[var][2]
        if len(dims) > 1:
            problems.append(f"output {var!r} has dims {dims}: only 0-D or 1-D variables work")
            continue
        if not dims:
            if element is not None:
                problems.append(f"output {var!r} has no dimension to pick {element!r} from")
            else:
                columns.append((var, var, None))
            continue
        labels = elements[dims[0]]
        if element is None and dims[0] in require:
            problems.append(
                f"output {var!r} runs along {dims[0]}: name one, e.g. '{var}[{labels[-1]}]'; "
                f"valid {dims[0]}s: {labels[0]}..{labels[-1]}"
            )
        elif element is None:
            columns += [(f"{var}[{e}]", var, i) for i, e in enumerate(labels)]
        elif element in labels:
            columns.append((name, var, labels.index(element)))
        else:
            problems.append(
                f"output {name!r}: unknown {dims[0]} {element!r}"
                f"{did_you_mean(element, labels)}; choose from {list(labels)}"
            )
    seen = [label for label, _, _ in columns]
    repeated = sorted({label for label in seen if seen.count(label) > 1})
    if repeated:
        problems.append(f"outputs asked for more than once: {repeated}")
    return columns, problems


def _varied(
    parameters: Sequence[str] | None, ranges: Mapping[str, tuple[float, float]]
) -> tuple[list[str], list[str]]:
    """Names of the parameters to vary, and problems with the request."""
    if parameters is None:  # the uncertain inputs: conventions are compared, not drawn
        names = [k for k, (lo, hi) in ranges.items() if lo < hi]
        return [k for k in names if k not in VALUATION_CONVENTIONS], []
    if isinstance(parameters, str):
        parameters = [parameters]
    problems = []
    if not parameters:
        problems.append("no parameters to vary: give at least one name, or None for all")
    for k in parameters:
        if k not in ranges:
            problems.append(f"unknown parameter {k!r}{did_you_mean(k, ranges)}")
        elif not ranges[k][0] < ranges[k][1]:
            problems.append(
                f"parameter {k!r} has no plausible range (low = high = {ranges[k][0]:g}): "
                "it cannot be varied"
            )
    repeated = sorted({k for k in parameters if list(parameters).count(k) > 1})
    if repeated:
        problems.append(f"parameters asked for more than once: {repeated}")
    return list(parameters), problems
