"""``simulate``: the dynamics of one scenario (or many paths) as a Dataset with a year dimension."""

from __future__ import annotations

import json

import numpy as np
import xarray as xr

from .._version import __version__
from ..calibration.exogenous import RECORD_END, exogenous
from ..errors import InvariantError, NonViableError, ParameterError
from ..model.mexico_us import accounts as mu
from ..model.mexico_us import dynamics as dyn
from ..model.mexico_us.paths import simulate_paths
from .run import SIGN_CONVENTION, SIGNS, run
from .scenario import Scenario, load_scenario, renamed_argument

DEFAULT_YEARS = range(1990, 2041)


MAX_YEARS = 1000  # a path of a millennium is already far past any meaning of the calibration


def _years(years) -> np.ndarray:
    if isinstance(years, range) and len(years) > MAX_YEARS:
        raise ParameterError(
            [f"years: at most {MAX_YEARS} years can be simulated, got {len(years):,}"]
        )
    try:
        if isinstance(years, (str, bytes)):
            raise TypeError
        y = np.asarray(list(years), dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(
            [f"years must be whole years, e.g. range(1990, 2041); got {years!r}"]
        ) from None
    if y.size > MAX_YEARS:
        raise ParameterError([f"years: at most {MAX_YEARS} years can be simulated, got {y.size:,}"])
    if y.size < 2 or y[0] != 1990 or np.any(np.diff(y) != 1):
        raise ParameterError(
            [
                "years must be consecutive and start in 1990 (the initial "
                f"conditions), e.g. range(1990, 2041); got {y[:3]}..."
            ]
        )
    return y


def check_shock_years(shocks, years) -> list[str]:
    """Problems with shocks that fall outside the simulated ``years`` (they would change
    nothing)."""
    first, last = int(years[0]), int(years[-1])
    problems = []
    for i, (name, value, start, end) in enumerate(shocks):
        if start > last or end < first:
            problems.append(
                f"shock {i + 1} ({name} = {float(value):g} in {start}..{end}) lies outside the "
                f"simulated years {first}..{last}, so it would change nothing: simulate up to "
                f"{end} (years=range({first}, {end + 1})) or drop the shock"
            )
    return problems


def simulate_arrays(
    params: np.ndarray, shocks, years, backend: str = "numba", anchor: int | None = None
):
    """(N, T) arrays of every dynamic variable and a status per path.

    Raw kernel output: the first year's flows (:data:`dynamics.FIRST_YEAR_UNDEFINED`) are 0,
    not NaN; :func:`first_year_undefined` masks them for reporting. ``anchor``: the year in
    which the migrant stock and remittances are re-anchored on their observed values (None:
    the fitted path throughout, as calibration and sweeps use it).
    """
    problems = check_shock_years(shocks, years)
    if problems:
        raise ParameterError(problems)
    ex = exogenous(tuple(int(y) for y in years), None if anchor is None else int(anchor))
    return simulate_paths(params, shocks, ex, backend)


def first_year_undefined(res: dict) -> dict:
    """A copy of ``res`` with the first year's flows (:data:`dynamics.FIRST_YEAR_UNDEFINED`)
    set to NaN, for reporting.

    The path starts from stocks (1990): with no year before it there is no job growth, hence
    no excess labour, emigration, returns, skilled flows, openings from growth or training-cost
    transfer, and the kernel carries 0 there (an absorption rate of 0.27 against 0.65 in 1991).
    The calibrated dynamics are fitted to stocks built from 1991's flows on, so the first year
    is not re-initialised; it is reported as not defined instead.
    """
    out = dict(res)
    for name in dyn.FIRST_YEAR_UNDEFINED:
        column = np.array(res[name], dtype=np.float64, copy=True)
        column[..., 0] = np.nan
        out[name] = column
    return out


def parameter_path(params: np.ndarray, shocks, years, name: str) -> np.ndarray:
    """(N, T) values of one parameter over the years, shocks applied (in order: a later shock
    of the parameter wins, as in ``dynamics.apply_shocks``).

    Only that parameter's column is built: the (N, T, P) ``dynamics.shock_matrix`` took
    three quarters of a dynamic sweep's time in ``check_accounting``."""
    params = np.asarray(params, dtype=np.float64)
    years = np.asarray(years)
    column = params[:, dyn.PARAM_NAMES.index(name)]
    path = np.repeat(column[:, None], len(years), axis=1)
    for shocked, value, start, end in shocks:
        if shocked == name:
            path[:, (years >= int(start)) & (years <= int(end))] = float(value)
    return path


def check_accounting(
    res: dict, params: np.ndarray, shocks=(), years=None, tol: float = 1e-9
) -> None:
    """Stocks change by their flows; labour force = jobs + informal + unemployed; every year."""
    if years is None:
        years = np.arange(1990, 1990 + res["labour_force"].shape[1])
    lf = res["labour_force"]
    parts = res["formal_jobs"] + res["enclave_jobs"] + res["informal"] + res["unemployed"]
    scale = np.nanmax(np.abs(lf))
    problems = []
    if np.nanmax(np.abs(lf - parts)) > tol * scale:
        problems.append("labour force != jobs + informal + unemployed")
    m = res["migrant_stock"]
    # the stock changes by its flows, and by the re-anchoring jump in the anchor year only
    flow = res["emigration"][:, :-1] - res["returns"][:, :-1] + res["anchor_adjustment"][:, 1:]
    if np.nanmax(np.abs(np.diff(m, axis=1) - flow)) > tol * np.nanmax(np.abs(m)):
        problems.append("migrant stock does not change by emigration − returns")
    if np.count_nonzero(res["anchor_adjustment"], axis=1).max(initial=0) > 1:
        problems.append("the migrant stock is re-anchored in more than one year")
    entrants = parameter_path(params, shocks, years, "labour_force_entrants")[:, 1:]
    lf_flow = entrants - res["emigration"][:, 1:] + res["returns"][:, 1:]
    if np.nanmax(np.abs(np.diff(lf, axis=1) - lf_flow)) > tol * scale:
        problems.append("labour force does not change by entrants − emigration + returns")
    problems += _graduate_accounting(res, params, shocks, years, tol)
    if problems:
        raise InvariantError("; ".join(problems))


def _graduate_accounting(res, params, shocks, years, tol) -> list[str]:
    """Graduates are absorbed or not; the skilled leave only from the unabsorbed of their level
    and are part of all emigrants; stocks abroad (by level) and the underemployed pool at home
    change by their flows; a viable path has finite values."""
    problems = []
    viable = res["status"] == 0
    # per path first (no copy of the viable rows of every variable)
    bad = [k for k in dyn.VAR_NAMES if not np.isfinite(res[k]).all(axis=-1)[viable].all()]
    if bad:
        problems.append(f"non-finite values on viable paths: {', '.join(bad[:5])}")
    entrants = res["graduate_entrants"]
    absorbed = res["absorption_rate"] * entrants
    scale = max(np.nanmax(entrants), 1.0)
    if np.nanmax(np.abs(absorbed + res["unabsorbed_graduates"] - entrants)) > tol * scale:
        problems.append("graduate entrants != absorbed + unabsorbed")
    grads = np.stack([res[f"graduates_{lv}"] for lv in dyn.LEVELS], -1)
    terminal = np.empty_like(grads)
    dyn.terminal_graduates.py_func(np.moveaxis(grads, -1, 0), np.moveaxis(terminal, -1, 0))
    unabsorbed = (1 - res["absorption_rate"])[..., None] * terminal
    out = np.stack([res[f"skilled_emigration_{lv}"] for lv in dyn.LEVELS], -1)
    slack = 1e-9 * max(np.nanmax(np.abs(res["emigration"])), 1.0)
    if np.nanmax(out - unabsorbed) > slack:
        problems.append("skilled emigration of a level exceeds its unabsorbed graduates")
    bound = (
        np.maximum(res["excess_labour"] - res["unabsorbed_graduates"], 0.0)
        + res["unabsorbed_graduates"]
    )
    if np.nanmax(res["emigration"] - bound) > slack:
        problems.append("emigration exceeds the excess labour")
    if (
        np.nanmax(out.sum(-1) - res["emigration"]) > slack
        or np.nanmax(res["skilled_returns"] - res["returns"]) > slack
    ):
        problems.append("skilled flows exceed all emigrants or returnees")
    stock = np.stack([res[f"skilled_stock_{lv}"] for lv in dyn.LEVELS], -1)
    size = max(np.nanmax(np.abs(stock)), 1.0)
    if np.nanmax(np.abs(stock.sum(-1) - res["skilled_migrant_stock"])) > tol * size:
        problems.append("skilled stock != sum of its levels")
    back_rate = parameter_path(params, shocks, years, "skilled_return_rate")
    back = np.minimum(back_rate, 1.0)[..., None] * stock
    back[:, 0] = 0.0  # no flows in the initial year
    if np.nanmax(np.abs(back.sum(-1) - res["skilled_returns"])) > tol * size:
        problems.append("skilled returns != return rate × skilled stock")
    if np.nanmax(np.abs(np.diff(stock, axis=1) - (out - back)[:, :-1])) > tol * size:
        problems.append("a skilled stock does not change by its emigration − returns")
    pool = res["underemployed_graduates"]
    exit_rate = parameter_path(params, shocks, years, "professional_exit_rate")[:, 1:-1]
    expected = (
        (1 - exit_rate) * pool[:, 1:-1]
        + res["unabsorbed_graduates"][:, 1:-1]
        - out.sum(-1)[:, 1:-1]
        + res["skilled_returns"][:, 1:-1]
    )
    pool_scale = max(np.nanmax(np.abs(pool)), 1.0)
    if (
        np.nanmax(np.abs(pool[:, 2:] - expected)) > tol * pool_scale
        or np.nanmax(np.abs(pool[:, :2])) > tol * pool_scale
    ):
        problems.append("underemployed graduates do not change by their flows")
    return problems


def _anchor(anchor, years) -> int | None:
    """The anchor year of ``simulate``: ``"auto"`` is 2023 (the record's end) for a
    projection beyond it, None otherwise."""
    if isinstance(anchor, str):
        if anchor != "auto":
            raise ParameterError([f"anchor must be a year, 'auto' or None; got {anchor!r}"])
        return RECORD_END if years[-1] > RECORD_END else None
    if anchor is None:
        return None
    if isinstance(anchor, bool) or not float(anchor).is_integer():
        raise ParameterError([f"anchor must be a whole year, 'auto' or None; got {anchor!r}"])
    return int(anchor)


#: transfers reported both by ``run`` (static, 2011) and by ``simulate`` (each year)
SHARED_WITH_STATIC = (
    "price_transfer",
    "repatriated_profit",
    "training_cost_transfer",
    "reproduction_cost_transfer",
    "training_cost_stock",
    "total_drain",
)
#: the simulated 2011 quantities that replace the static 2011 inputs, and their names there
STATIC_INPUTS_OF_2011 = {
    "persons engaged in Mexico": ("mx_employment", ("formal_jobs", "enclave_jobs", "informal")),
    "Mexican-born in the US": ("migrant_stock", ("migrant_stock",)),
    "emigration (gross)": ("emigration_per_year", ("emigration",)),
    "returns (gross)": ("returns_per_year", ("returns",)),
    "Mexican GDP": ("mx_gdp", ("mx_output",)),
}


def compare_with_static(scenario, year: int = 2011) -> dict:
    """The scenario's simulated ``year`` (fitted path, no re-anchoring) beside its static
    accounts (``run``): ``{"transfers": {name: (simulated, static)}, "inputs": {label:
    (simulated, static)}}``. They differ because the path's quantities of 2011 (persons
    engaged, gross flows, stock) are simulated, not the observed 2011 values the static
    accounts use (docs/model.md §5, "The simulated 2011 and the static accounts")."""
    scenario = load_scenario(scenario)
    last = max([year] + [int(start) for _, _, start, _ in scenario.shocks])  # hold every shock
    ds = simulate(scenario, years=range(1990, last + 1), anchor=None).sel(year=year)
    static = run(scenario)
    transfers = {k: (float(ds[k]), float(static[k])) for k in SHARED_WITH_STATIC}
    inputs = {
        label: (float(sum(ds[v] for v in names)), float(scenario.parameters[param]))
        for label, (param, names) in STATIC_INPUTS_OF_2011.items()
    }
    return {"transfers": transfers, "inputs": inputs}


def capped_note(years) -> str:
    """One line naming the years in which returns and deportations were capped at the stock of
    non-graduate migrants (``outflow_capped``), or saying that the cap never bound."""
    years = list(years)
    if not years:
        return "never: returns and deportations stayed below the stock they come out of"
    return (
        f"{len(years)} year(s), {years[0]}–{years[-1]}: returns and deportations asked for more "
        "than the stock of non-graduate migrants in the US, and were capped at it"
    )


# Name of the dimension of the graduate variables (bachelor, master, phd): "level", as the
# schooling levels of the static accounts; every reader in the package uses this constant.
LEVEL_DIM = "level"


def signed(attrs: dict, name: str) -> dict:
    """``attrs`` with the variable's ``sign`` (:data:`run.SIGNS`) when it is signed."""
    return {**attrs, "sign": SIGNS[name]} if name in SIGNS else attrs


def by_level(data: dict, values, dims: tuple[str, ...]) -> dict:
    """Replace the per-level variables (``graduates_bachelor`` …) by one variable with an
    ``level`` dimension (``graduates``); ``values(name)`` gives a flat variable's array."""
    out = {k: v for k, v in data.items() if k not in _LEVEL_NAMES}
    for group, pattern in dyn.BY_LEVEL.items():
        names = [pattern.format(lv) for lv in dyn.LEVELS]
        if not all(n in data for n in names):
            continue
        units = dyn.VARIABLES[names[0]][0]
        stacked = np.stack([values(n) for n in names], axis=-1)
        out[group] = (
            (*dims, LEVEL_DIM),
            stacked,
            {"units": units, "long_name": dyn.GROUP_LONG_NAMES[group]},
        )
    return out


_LEVEL_NAMES = frozenset(p.format(lv) for p in dyn.BY_LEVEL.values() for lv in dyn.LEVELS)


@renamed_argument("scenario_or_name")
def simulate(
    scenario: Scenario | str = "baseline",
    years=DEFAULT_YEARS,
    backend: str = "numba",
    anchor: int | str | None = "auto",
) -> xr.Dataset:
    """Annual simulation of one scenario (with its ``[[shocks]]``); dimension ``year``.

    The first year holds the initial stocks; its flows are NaN (:func:`first_year_undefined`,
    attr ``first_year``). Shocks outside ``years`` or at the scenario's own value are errors.
    Projections start from observed values: in the anchor year (by default the last year of
    the observed record, 2023, when ``years`` go beyond it) the migrant stock is set to its
    observed value (``anchor_adjustment`` = observed − fitted) and remittances are scaled to
    the observed ones from then on (``remittance_anchor_scale``); the years before follow the
    fitted path unchanged (docs/model.md §5).

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A Scenario, the name of a library scenario (:func:`list_scenarios`) or the path of a
        scenario file (see the glossary, "scenario argument").
    years : iterable of int
        Consecutive years starting in 1990 (the initial conditions); default 1990–2040.
    backend : {"numba", "numpy"}
        The compiled kernel or the plain-numpy reference.
    anchor : int, "auto" or None
        Year of re-anchoring on the observed migrant stock and remittances; ``"auto"`` (the
        default) anchors in 2023 when ``years`` go beyond 2023 and not otherwise; None keeps
        the fitted path throughout (what :func:`calibrate` and :func:`track_record` compare
        with the record).

    Returns
    -------
    xarray.Dataset
        Dimension ``year`` (and ``level`` for the per-level variables such as
        ``graduates``): outputs, capital, jobs and labour force, ``emigration``,
        ``returns``, ``migrant_stock`` (persons), ``remittances``, the drain channels
        (``price_transfer``, ``repatriated_profit``, ``training_cost_transfer``,
        ``reproduction_cost_transfer``, ``total_drain``; USD/yr, positive = Mexico loses),
        researchers and patents. Each variable has ``units`` and ``long_name`` attrs.

    Raises
    ------
    ParameterError
        If ``years`` do not start in 1990 or are not consecutive, a shock falls outside
        ``years`` or does not change its parameter, or ``anchor`` is not a simulated year with
        an observed stock and remittances.
    NonViableError
        If the path becomes non-viable in some year (the message names year and reason).
    InvariantError
        If a stock-flow identity fails (a bug: please report).

    See Also
    --------
    run : the static accounts of one year.
    sweep : ``model="dynamic"`` simulates a grid of parameter values.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> ds = ue.simulate("baseline", years=range(1990, 2001))
    >>> dict(ds.sizes)
    {'year': 11, 'level': 3}
    >>> round(float(ds.migrant_stock.sel(year=2000)) / 1e6, 1)  # millions of persons
    9.1
    >>> bool(ds.emigration.sel(year=1990).isnull())  # flows undefined in the first year
    True

    A shock: one million deportations a year in 2025–2030:

    >>> shocked = ue.load_scenario("baseline").with_shocks(("deportations", 1e6, 2025, 2030))
    >>> base = ue.simulate("baseline", years=range(1990, 2031))
    >>> after = ue.simulate(shocked, years=range(1990, 2031))
    >>> [round(float(d.migrant_stock.sel(year=2030)) / 1e6, 1) for d in (base, after)]
    [10.3, 5.6]
    """

    sc = load_scenario(scenario)
    years = _years(years)
    problems = check_shock_years(sc.shocks, years) + [
        f"shock {i + 1} sets {name} to {float(value):g}, the scenario's own value, so it "
        "would change nothing: give another value or drop the shock"
        for i, (name, value, _, _) in enumerate(sc.shocks)
        if float(value) == sc.parameters[name]
    ]
    if problems:
        raise ParameterError([f"scenario {sc.name!r}: {p}" for p in problems])
    params = np.array([[sc.parameters[k] for k in dyn.PARAM_NAMES]])
    anchor = _anchor(anchor, years)
    res = simulate_arrays(params, sc.shocks, years, backend, anchor)
    check_accounting(res, params, sc.shocks, years)
    code = int(res["status"][0])
    if code != mu.OK:
        reason = dyn.STATUS_NAMES.get(code) or mu.STATUS_NAMES.get(code, str(code))
        raise NonViableError(f"scenario {sc.name!r} becomes non-viable: {reason}")
    res = first_year_undefined(res)
    data = {
        name: ("year", res[name][0], signed({"units": u, "long_name": ln}, name))
        for name, (u, ln) in dyn.VARIABLES.items()
    }
    data = by_level(data, lambda name: res[name][0], ("year",))
    coords = {
        "year": ("year", years, {"units": "yr", "long_name": "year"}),
        LEVEL_DIM: (LEVEL_DIM, list(dyn.LEVELS), {"long_name": "highest degree"}),
    }
    ds = xr.Dataset(data, coords=coords)
    capped = [int(y) for y, c in zip(years, res["outflow_capped"][0], strict=True) if c == 1.0]
    ds.attrs.update(
        outflow_capped=capped_note(capped),
        anchor=(
            "none: the fitted path in every year"
            if anchor is None
            else f"{anchor}: migrant stock set to the observed "
            f"{float(res['migrant_stock'][0, years == anchor][0]) / 1e6:.2f} M "
            f"(adjustment {float(res['anchor_adjustment'][0, years == anchor][0]) / 1e6:+.2f} M), "
            f"remittances scaled by {float(res['remittance_anchor_scale'][0, -1]):.3f} "
            "to the observed (Banxico, 2011 prices) from then on"
        ),
        scenario=sc.name,
        sign_convention=SIGN_CONVENTION,
        package_version=__version__,
        shocks=json.dumps([list(s) for s in sc.shocks], sort_keys=True, default=float),
        first_year=(
            f"{years[0]} is the initial condition: its flows (emigration, returns, skilled "
            "flows, openings, absorption, training and reproduction cost transfers, total "
            "drain, excess labour) are NaN, not defined without a year before it"
        ),
    )
    return ds
