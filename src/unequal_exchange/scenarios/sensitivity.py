"""Global sensitivity of the Mexico–US accounts around a scenario's own parameter values.

:func:`sensitivity` is four public steps, SALib's verbs applied to the model:
:func:`problem` (parameters varied uniformly over ranges centred on the scenario's values,
:func:`centred_ranges` of the shipped plausible ranges ``calibration/data/ranges.csv``),
:func:`~.gsa.sample`, :func:`evaluate_sample` (the whole sample through
:func:`mexico_us.accounts` or the dynamics in one call, the other parameters at the scenario's
values; non-viable points are NaN) and :func:`~.gsa.analyze` (handling NaN as in :mod:`.gsa`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from ..calibration.ranges import shipped_ranges
from ..errors import NonViableError, ParameterError, did_you_mean
from ..model.mexico_us import accounts as mu
from ..model.mexico_us import dynamics as dyn
from ..model.mexico_us.dynamics import PARAM_NAMES
from ..model.mexico_us.parameters import (
    CONVENTIONS,
    DYNAMIC_ONLY,
    PARAMETERS,
    UNCERTAIN,
    inconsistent_points,
)
from .gsa import (
    METHODS,
    _check_common,
    _unknown_method,
    analyze,
    check_seed,
    morris_indices,
    salib_problem,
    sample,
)
from .gsa import sobol_indices as sobol_indices
from .run import RUN_VARIABLES
from .scenario import Scenario, load_scenario, renamed_argument
from .simulate import DEFAULT_YEARS, _years, simulate_arrays

__all__ = [
    "analyze",
    "centred_ranges",
    "evaluate_sample",
    "morris_indices",
    "problem",
    "sample",
    "sensitivity",
    "sobol_indices",
]

RANGE_RULE = (
    "plausible range of the calibration (calibration/data/ranges.csv) scaled to the "
    "scenario's value, [v low/b, v high/b] (b the calibrated value; shifted, "
    "[v + low - b, v + high - b], when b or v is not positive), clipped to the parameter's "
    "domain and widened to contain v"
)
MODELS = ("static", "dynamic")


def _shipped(model: str) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Plausible ranges and calibrated values of the parameters ``model`` reads, from the
    shipped table (no calibration run)."""
    table = shipped_ranges()
    names = [k for k in table if model == "dynamic" or k not in DYNAMIC_ONLY]
    return {k: (table[k].low, table[k].high) for k in names}, {k: table[k].value for k in names}


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


@renamed_argument("scenario_or_name")
def sensitivity(
    scenario: Scenario | str = "baseline",
    method: str = "sobol",
    n: int = 256,
    outputs: str | Sequence[str] = ("price_transfer",),
    parameters: Sequence[str] | None = None,
    *,
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
    :data:`~unequal_exchange.scenarios.run.RUN_VARIABLES`; a variable along a dimension gives one
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
    every uncertain parameter with a plausible range, the dynamic ones included.

    The steps are public, for a sample evaluated elsewhere (a cluster): :func:`problem`
    (names and ranges), :func:`sample`, :func:`evaluate_sample` and :func:`analyze`; composed
    with the same ``seed`` they give exactly this function's indices.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        The scenario around whose values the parameters vary: a Scenario, the name of a
        library scenario or the path of a scenario file (see the glossary).
    method : {"sobol", "morris"}
        Sobol' variance-based indices or Morris elementary effects.
    n : int
        Base points (Sobol', a power of 2) or trajectories (Morris). A small ``n`` warns
        (:class:`SmallSampleWarning`), and so does any ``n`` whose Sobol' estimates break
        S1 <= ST or S1 >= 0 beyond their confidence intervals.
    outputs : str or sequence of str
        Output names or labels such as ``"transfer[maquila]"`` or, with
        ``model="dynamic"``, ``"migrant_stock[2040]"``.
    parameters : sequence of str, optional
        Parameters to vary (default: every *uncertain* parameter, ``use="uncertain"`` in its
        record, whose plausible range has low < high). Levers may be named too; conventions
        (valuation or measurement) are refused: they are compared as scenarios, never drawn.
    seed : int
        Seed of the sampler and of the bootstrap (keyword-only).
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
    ScenarioError
        If the scenario cannot be found or read.
    ParameterError
        If ``method``, the model, an output, a parameter or an estimator option in
        ``kwargs`` is unknown or ambiguous, a parameter is a convention, ``n`` is not valid
        for the method, or ``seed`` is not a whole number >= 0.
    NonViableError
        If the sampled points cannot be evaluated because they are not viable.

    Warns
    -----
    SmallSampleWarning
        If ``n`` is too small for reliable indices.

    See Also
    --------
    problem, sample, evaluate_sample, analyze, sweep

    Examples
    --------
    Morris screening of two parameters with 8 trajectories: enough for an example but below
    the size recommended for real use, so the small-sample warning is silenced:

    >>> import warnings
    >>> import unequal_exchange as ue
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", ue.SmallSampleWarning)
    ...     s = ue.sensitivity("baseline", method="morris", n=8,
    ...                        parameters=["enclave_output_per_hour", "mx_labour_share"])
    >>> dict(s.sizes)
    {'output': 1, 'parameter': 2}
    >>> str(s.mu_star.sel(output="price_transfer").idxmax("parameter").values)  # most influential
    'enclave_output_per_hour'
    """

    seed = check_seed(seed)
    if method not in METHODS:
        raise _unknown_method(method)
    plan = _plan(scenario, parameters, model, years, outputs)
    sample_options, analyze_options = _method_options(method, kwargs, n)
    _check_centre(plan)
    prob = _problem_of(plan)
    X = sample(prob, n, method=method, seed=seed, **sample_options)
    Y = _evaluate(plan, X)
    ds = analyze(
        prob, Y, method=method, seed=seed, X=X, outputs=plan.labels, output_units=plan.units,
        **sample_options, **analyze_options,
    )  # fmt: skip
    return _labelled(ds, plan)


@dataclass(frozen=True)
class _Plan:
    """What a sensitivity analysis varies and observes, checked."""

    scenario: Scenario
    model: str
    years: np.ndarray | None
    names: list[str]
    ranges: dict[str, tuple[float, float]]
    columns: list[tuple[str, str, int | None]]  # (label, variable, index along its dim)
    variables: Mapping[str, tuple]

    @property
    def labels(self) -> list[str]:
        return [label for label, _, _ in self.columns]

    @property
    def units(self) -> list[str]:
        return [self.variables[var][0] for _, var, _ in self.columns]


def _plan(scenario, parameters, model, years, outputs=None) -> _Plan:
    """Load the scenario, centre the ranges on it and check the request (every problem at once)."""
    scen = load_scenario(scenario)
    if model == "dynamic":
        years = _years(DEFAULT_YEARS if years is None else years)
        variables: Mapping[str, tuple[str, str, tuple[str, ...]]] = {
            k: (u, ln, ("year",)) for k, (u, ln) in dyn.VARIABLES.items()
        }
        elements = {"year": tuple(str(y) for y in years)}
        require: tuple[str, ...] = ("year",)
    elif model == "static":
        years, variables, elements, require = None, RUN_VARIABLES, _elements(mu), ()
    else:
        raise ParameterError(
            [f"unknown model {model!r}{did_you_mean(str(model), MODELS)}; choose 'static' or "
             "'dynamic'"]
        )  # fmt: skip
    problems: list[str] = []
    columns: list[tuple[str, str, int | None]] = []
    if outputs is not None:
        columns, problems = _output_columns(outputs, variables, elements, require=require)
    if model == "dynamic":
        problems += [
            f"output {label!r}: {var} is a flow, not defined in {years[0]}, the initial year "
            f"(no year before it); choose a year in {years[1]}..{years[-1]}"
            for label, var, idx in columns
            if idx == 0 and var in dyn.FIRST_YEAR_UNDEFINED
        ]
    ranges = centred_ranges(*_shipped(model), scen.parameters)
    names, more = _varied(parameters, ranges)
    if problems + more:
        raise ParameterError(problems + more)
    return _Plan(scen, model, years, names, ranges, columns, variables)


def _method_options(method: str, kwargs: Mapping[str, Any], n) -> tuple[dict, dict]:
    """Split the estimator options into the sampler's and the analysis' (unknown ones refused)."""
    if method == "sobol":
        _check_options(kwargs, ("second_order", "num_resamples", "conf_level", "nonviable"))
        sample_options = {"calc_second_order": bool(kwargs.get("second_order", False))}
    else:
        _check_options(kwargs, ("num_levels", "num_resamples", "conf_level", "nonviable"))
        sample_options = {"num_levels": kwargs.get("num_levels", 4)}
    analyze_options = {
        k: v for k, v in kwargs.items() if k in ("num_resamples", "conf_level", "nonviable")
    }
    _check_common(n, "n", analyze_options.get("nonviable", "drop"))
    return sample_options, analyze_options


def _problem_of(plan: _Plan) -> dict:
    bounds = [plan.ranges[k] for k in plan.names]
    return {
        **salib_problem(plan.names, bounds),
        "scenario": plan.scenario.name,
        "model": plan.model,
        "scenario_value": [float(plan.scenario.parameters[k]) for k in plan.names],
    }


def _check_centre(plan: _Plan) -> None:
    """Refuse a scenario that is not viable at its own values: nothing to analyse around it."""
    centre = np.array([[plan.scenario.parameters[k] for k in plan.names]])
    if not np.isfinite(_evaluate(plan, centre)).all():
        raise NonViableError(
            f"scenario {plan.scenario.name!r} is not viable at its own parameter values, so "
            "there is nothing to analyse around it; ue.run (or ue.simulate) says why"
        )


def _evaluate(plan: _Plan, X: np.ndarray) -> np.ndarray:
    """Outputs (rows of X, one column per output) of the model at the sampled points; NaN where
    a point is not viable or breaks a relation between parameters."""
    return _evaluate_with_status(plan, X)[0]


def _evaluate_with_status(plan: _Plan, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_evaluate` and the status of each row (``mu.STATUS_NAMES``; a row that breaks a
    relation between parameters is ``INCONSISTENT_PARAMETERS`` unless already non-viable)."""
    X = np.asarray(X, dtype=np.float64)
    if plan.model == "dynamic":
        params = np.repeat(
            np.array([[plan.scenario.parameters[k] for k in PARAM_NAMES]]), X.shape[0], axis=0
        )
        for j, k in enumerate(plan.names):
            params[:, PARAM_NAMES.index(k)] = X[:, j]
        res = simulate_arrays(params, plan.scenario.shocks, plan.years)
        Y = np.column_stack([res[var][:, idx] for _, var, idx in plan.columns])
        status = np.array(res["status"], dtype=np.int64)
        inconsistent = inconsistent_points(dict(zip(PARAM_NAMES, params.T, strict=True)))
    else:
        point = {
            k: np.full(X.shape[0], float(v))
            for k, v in plan.scenario.parameters.items()
            if k not in plan.names
        }
        point.update({k: X[:, j] for j, k in enumerate(plan.names)})
        acc = mu.accounts(point)
        Y = np.column_stack(
            [acc[var][:, idx] if idx is not None else acc[var] for _, var, idx in plan.columns]
        )
        status = np.array(acc["status"], dtype=np.int64)
        inconsistent = inconsistent_points(point)  # e.g. a sampled stock below its parts
    status[inconsistent & (status == mu.OK)] = mu.INCONSISTENT_PARAMETERS
    Y[status != mu.OK] = np.nan
    return Y, status


def _labelled(ds: xr.Dataset, plan: _Plan) -> xr.Dataset:
    """Name the outputs, the scenario and the rule of the ranges on an index Dataset."""
    ds = ds.assign_coords(
        output_variable=("output", [var for _, var, _ in plan.columns]),
        output_units=("output", plan.units),
        scenario_value=(
            "parameter",
            [float(plan.scenario.parameters[k]) for k in plan.names],
            {"long_name": "the scenario's value, inside the sampled range"},
        ),
    )
    ds.attrs.update(
        scenario=plan.scenario.name,
        model=plan.model,
        parameter_ranges=(
            "calibration/data/ranges.csv (calibrate().ranges()), "
            + ("every parameter" if plan.model == "dynamic" else "static parameters")
        ),
        range_rule=RANGE_RULE,
    )
    return ds


def problem(
    scenario: Scenario | str = "baseline",
    *,
    parameters: Sequence[str] | None = None,
    model: str = "static",
    years=None,
) -> dict:
    """The SALib problem of a sensitivity analysis around a scenario: names, bounds, dists.

    The ranges are the shipped plausible ranges (``calibration/data/ranges.csv``, written by
    ``unequal-exchange calibrate --ranges``) centred on the scenario's values
    (:func:`centred_ranges`); no calibration is run.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A Scenario, the name of a library scenario or the path of a scenario file.
    parameters : sequence of str, optional
        Parameters to vary (default: every uncertain parameter with a plausible range).
    model : {"static", "dynamic"}
        Which model the sample is for (the dynamic one adds the dynamic parameters).
    years : iterable of int, optional
        Unused except for checking; pass the same years to :func:`evaluate_sample`.

    Returns
    -------
    dict
        SALib's keys ``num_vars``, ``names``, ``bounds`` and ``dists`` (all ``"unif"``), plus
        ``scenario`` (its name), ``model`` and ``scenario_value`` (the scenario's value of
        each parameter, inside its bounds), which SALib ignores.

    Raises
    ------
    ScenarioError
        If the scenario cannot be found or read.
    ParameterError
        If a parameter is unknown, repeated or has no range, or ``model`` is unknown.

    See Also
    --------
    sample, evaluate_sample, analyze, sensitivity

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> p = ue.problem("baseline", parameters=["maquila_wage_ratio", "mx_labour_share"])
    >>> p["names"], p["dists"]
    (['maquila_wage_ratio', 'mx_labour_share'], ['unif', 'unif'])
    >>> lo, hi = p["bounds"][0]
    >>> bool(lo < p["scenario_value"][0] < hi)
    True
    """
    return _problem_of(_plan(scenario, parameters, model, years))


def evaluate_sample(
    scenario: Scenario | str,
    problem: dict,
    X,
    *,
    outputs: str | Sequence[str] = ("price_transfer",),
    years=None,
) -> xr.DataArray:
    """Model outputs at the rows of a sample drawn by :func:`sample` for :func:`problem`.

    Parameters the problem does not vary keep the scenario's values. A point that is not
    viable, or breaks a relation between parameters, gets NaN (:func:`analyze` then drops its
    block). Rows are independent, so a large sample can be split across machines and the
    pieces concatenated in order.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        The scenario the problem was built around.
    problem : dict
        From :func:`problem` (its ``model`` key chooses :func:`run` or :func:`simulate`).
    X : array_like
        The sample (or a block of its rows), shape (rows, len(problem["names"])).
    outputs : str or sequence of str
        Output names or labels, as in :func:`sensitivity`.
    years : iterable of int, optional
        Years simulated with the dynamic model.

    Returns
    -------
    xarray.DataArray
        Dimensions (``point``, ``output``), with ``output_units``; pass it to :func:`analyze`,
        which reads the labels.

    Raises
    ------
    ParameterError
        If an output or a parameter of the problem is unknown, or ``X`` has the wrong number of
        columns.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> p = ue.problem("baseline", parameters=["maquila_wage_ratio"])
    >>> X = ue.sample(p, 4, seed=1)
    >>> Y = ue.evaluate_sample("baseline", p, X, outputs="price_transfer")
    >>> Y.sizes["point"], str(Y.output_units.values[0])
    (12, 'USD/yr')
    """
    names = [str(k) for k in problem.get("names", [])]
    plan = _plan(scenario, names, problem.get("model", "static"), years, outputs)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != len(names):
        raise ParameterError(
            [f"X must have one column per parameter of the problem ({len(names)}), got shape "
             f"{X.shape}"]
        )  # fmt: skip
    return xr.DataArray(
        _evaluate(plan, X),
        dims=("point", "output"),
        coords={"output": plan.labels, "output_units": ("output", plan.units)},
        name="output_value",
        attrs={"long_name": "model output at the sampled point (NaN: not viable)"},
    )


def _elements(mu) -> dict[str, tuple[str, ...]]:
    return {
        "sector": mu.SECTORS,
        "factor": (*mu.FACTORS, "structural"),
        "value_factor": (*mu.VALUE_FACTORS, "structural"),
        "level": mu.LEVELS,
    }


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
    columns: list[tuple[str, str, int | None]] = []
    problems: list[str] = []
    if not outputs:
        problems.append("no outputs asked for: give at least one name of run.RUN_VARIABLES")
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
    if parameters is None:  # the uncertain inputs: levers and conventions are not drawn
        return [k for k, (lo, hi) in ranges.items() if lo < hi and k in UNCERTAIN], []
    if isinstance(parameters, str):
        parameters = [parameters]
    problems = []
    if not parameters:
        problems.append("no parameters to vary: give at least one name, or None for all")
    for k in parameters:
        if k in CONVENTIONS:  # a choice of how to measure, not an uncertain measurement
            problems.append(
                f"{k!r} is a convention, not an uncertain input: compare its options as "
                "scenarios (ue.measures, ue.headlines, or a sweep axis) instead of drawing it"
            )
        elif k not in ranges:
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
