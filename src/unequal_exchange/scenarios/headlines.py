"""``headlines``: every headline channel as a range over the conventions, default marked.

Conventions are scenarios, never random draws. A channel's range is the **envelope over every
combination** of the options of the conventions it reads (:data:`READS`), the others at the
scenario's values: one batched call of the compiled accounts kernel over the whole grid of
conventions (72 points for the baseline). Setting one convention at a time, the others at the
default, can miss the joint corner (it does for the price transfer, whose sign reverses there);
those one-at-a-time rows are kept as a breakdown (``value``, ``one_at_a_time_low/high``). The
factor definition of the Shapley split (docs/model.md §2.3) is one more convention of the strict
and broad senses (``strict_sense``, ``broad_sense``: Emmanuel's per-hour factors by default);
each definition's own factor is also a channel, with its own range. Beside the ranges, a
parametric interval over the *uncertain* inputs only, from the sampling machinery of
:func:`unequal_exchange.sensitivity`.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .._version import __version__
from ..errors import InputError, NonViableError
from ..model.engine.decompose import FACTOR_DEFINITIONS
from ..model.mexico_us import accounts as mu
from ..model.mexico_us.parameters import PARAMETERS
from .gsa import sample
from .run import RUN_VARIABLES
from .scenario import Scenario, load_scenario
from .sensitivity import _evaluate_with_status, _plan, problem
from .sweep import evaluate_points, parameter_matrix
from .wiod import run_wiod_year

#: the default factor definition of the strict and broad senses (docs/model.md §2.3)
DEFAULT_FACTOR_DEFINITION = FACTOR_DEFINITIONS[0]  # "emmanuel"
#: each sense's factor under each definition: {sense: {definition: "variable[factor]"}}
SENSES = {
    "strict_sense": {
        "emmanuel": "price_transfer_by_factor[wage]",
        "value_composition": "price_transfer_by_value_factor[surplus_value_rate]",
    },
    "broad_sense": {
        "emmanuel": "price_transfer_by_factor[composition]",
        "value_composition": "price_transfer_by_value_factor[value_composition]",
    },
}
DEFINITION_LABELS = {
    "emmanuel": "Emmanuel's per-hour factors (default)",
    "value_composition": "value composition K/v at actual wages (K moves with v; contains the "
    "wage gap)",
}

#: the headline channels of ``run`` (name, label of the output in the sensitivity machinery)
CHANNELS = (
    "price_transfer",
    "strict_sense",
    "broad_sense",
    "price_transfer_by_factor[wage]",
    "price_transfer_by_factor[composition]",
    "price_transfer_by_value_factor[surplus_value_rate]",
    "price_transfer_by_value_factor[value_composition]",
    "repatriated_profit",
    "enclave_surplus_drained",
    "labour_arbitrage_rent",
    "training_cost_transfer",
    "reproduction_cost_transfer",
    "total_drain",
)
CHANNEL_NAMES = {
    "strict_sense": "price transfer, strict sense: wage per hour at given capital per hour "
    "(Emmanuel's factors; range over both factor definitions)",
    "broad_sense": "price transfer, broad sense: capital per hour, the organic composition "
    "(Emmanuel's factors; range over both factor definitions)",
    "price_transfer_by_factor[wage]": "strict sense by Emmanuel's per-hour factors: wage per "
    "hour at given capital per hour",
    "price_transfer_by_factor[composition]": "broad sense by Emmanuel's per-hour factors: "
    "capital per hour (organic composition)",
    "price_transfer_by_value_factor[surplus_value_rate]": "strict sense by the value-composition "
    "factors: rate of surplus value at given K/v (K moves with v)",
    "price_transfer_by_value_factor[value_composition]": "broad sense by the value-composition "
    "factors: K/v at actual wages (contains the wage gap)",
}
_PRICE = ("capital_basis", "hours_weighting", "pool_basis")
_FORMATION = ("formation_where_trained",)
#: the conventions each channel reads (a test checks that no other convention moves it):
#: its range is over every combination of their options. "factor_definition" is the
#: definition of the Shapley split (not a parameter).
READS: dict[str, tuple[str, ...]] = {
    "price_transfer": _PRICE,
    "strict_sense": (*_PRICE, "factor_definition"),
    "broad_sense": (*_PRICE, "factor_definition"),
    # the wage-per-hour gap does not depend on how hours are weighted or capital is measured
    # (intensity takes up the hours weighting)
    "price_transfer_by_factor[wage]": ("pool_basis",),
    "price_transfer_by_factor[composition]": ("capital_basis", "pool_basis"),
    "price_transfer_by_value_factor[surplus_value_rate]": _PRICE,
    "price_transfer_by_value_factor[value_composition]": _PRICE,
    "repatriated_profit": ("capital_basis", "pool_basis"),  # r K: the profit rate's capital
    "enclave_surplus_drained": _PRICE,
    "labour_arbitrage_rent": (),  # hours × a wage gap: observed, valued at no convention
    "training_cost_transfer": _FORMATION,
    "reproduction_cost_transfer": _FORMATION,
    "total_drain": (*_PRICE, *_FORMATION),
}
INTERVAL = (0.05, 0.95)


def _column(channel: str, definition: str = DEFAULT_FACTOR_DEFINITION) -> str:
    """The output a channel reads (a sense is its factor under ``definition``)."""
    return SENSES[channel][definition] if channel in SENSES else channel


def _value(acc: dict, channel: str) -> float:
    """One channel of the accounts of one point (NaN if not viable)."""
    if int(acc["status"]) != mu.OK:
        return np.nan
    return float(_pick(acc, _column(channel)))


def _pick(acc: dict, column: str) -> np.ndarray:
    """``name`` or one factor ``name[factor]`` of accounts (any leading shape)."""
    if "[" in column:
        name, factor = column.rstrip("]").split("[")
        factors = mu.VALUE_FACTORS if name == "price_transfer_by_value_factor" else mu.FACTORS
        return np.asarray(acc[name], dtype=float)[..., factors.index(factor)]
    return np.asarray(acc[column], dtype=float)


def _conventions(p: dict) -> list[str]:
    return sorted(k for k, q in PARAMETERS.items() if q.use == "convention" and k in p)


def _options(p: dict, name: str) -> list[float]:
    """A convention's options, plus the scenario's own value if it is not one of them."""
    opts = [float(v) for v, _ in PARAMETERS[name].options]
    own = float(p[name])
    if not any(np.isclose(o, own) for o in opts):
        opts.append(own)
    return opts


def convention_envelope(
    sc: Scenario, channels: tuple[str, ...] = CHANNELS
) -> dict[str, tuple[float, float, int, int]]:
    """Each channel's (low, high, combinations, non-viable combinations) over every combination
    of the options of the conventions it reads (:data:`READS`), the others at the scenario's
    values; one batched kernel call over the whole grid of conventions."""
    p = dict(sc.parameters)
    names = _conventions(p)
    axes = [_options(p, k) for k in names]
    own = [
        next(i for i, o in enumerate(a) if np.isclose(o, float(p[k])))
        for a, k in zip(axes, names, strict=True)
    ]
    mesh = np.meshgrid(*axes, indexing="ij")
    columns = {k: m.ravel() for k, m in zip(names, mesh, strict=True)}
    acc = evaluate_points(parameter_matrix(sc, columns), backend="numba")
    shape = tuple(len(a) for a in axes)
    out = {}
    for channel in channels:
        reads = READS[channel]
        definitions = (
            FACTOR_DEFINITIONS if "factor_definition" in reads else (DEFAULT_FACTOR_DEFINITION,)
        )
        index = tuple(slice(None) if k in reads else own[i] for i, k in enumerate(names))
        values = np.concatenate(
            [_pick(acc, _column(channel, d)).reshape(shape)[index].ravel() for d in definitions]
        )
        finite = np.isfinite(values)
        low = float(values[finite].min()) if finite.any() else np.nan
        high = float(values[finite].max()) if finite.any() else np.nan
        out[channel] = (low, high, values.size, int((~finite).sum()))
    return out


def headlines(
    scenario: Scenario | str = "baseline",
    *,
    n: int = 64,
    seed: int = 0,
    io_year: int | None = 2009,
) -> xr.Dataset:
    """Each headline channel as a range over the conventions, plus a parametric interval.

    Parameters
    ----------
    scenario : Scenario or str
        A stylised scenario (name, file or Scenario).
    n : int
        Base sample size of the parametric interval (Sobol' sampling of the uncertain inputs,
        ``n × (k + 2)`` points); 0 skips it.
    seed : int
        Seed of the sample.
    io_year : int or None
        Also compute the price transfer on the WIOD input–output basis of this year under each
        complex-labour reduction (another *basis*, not a convention of these accounts: it is
        in the breakdown ``value`` only, never in ``low``–``high``; other channels are NaN
        there); None skips it.

    Returns
    -------
    xarray.Dataset
        Along ``channel``: ``price_transfer``; ``strict_sense`` and ``broad_sense`` (by the
        default factor definition, Emmanuel's per-hour factors: wage per hour and capital per
        hour; their range also spans the value-composition definition); each definition's own
        factor (``price_transfer_by_factor[wage]``, ``[composition]``,
        ``price_transfer_by_value_factor[surplus_value_rate]``, ``[value_composition]``), each
        ranged over the price conventions only; the ownership, arbitrage, formation-cost and
        total-drain channels. Variables (USD/yr): ``default`` (the scenario's conventions),
        ``low``/``high`` (the envelope over every combination of the conventions the channel
        reads, :data:`READS`; ``combinations`` and ``non_viable_combinations`` count them,
        ``conventions`` names them), ``one_at_a_time_low``/``one_at_a_time_high`` (each
        convention set to each option with the others at the scenario's values: a breakdown,
        narrower than the envelope), ``value`` (dims ``channel``, ``variant``: the
        one-at-a-time rows; along ``variant``: ``convention``, ``option``, ``is_default``),
        ``parametric_low``/``parametric_high`` (5th and 95th percentiles over the uncertain
        inputs, conventions at the scenario's values). Attributes ``factor_definition``
        (the default), ``parametric_points`` (viable points in the interval),
        ``parametric_sample_size`` and ``parametric_non_viable`` (the points left out,
        ``"count × reason; ..."`` by status: dropping them conditions the interval).

    Raises
    ------
    ScenarioError, ParameterError
        If the scenario cannot be loaded.
    NonViableError
        If the scenario is not viable.
    InputError
        If ``n`` is negative.

    Examples
    --------
    The price transfer over every combination of the conventions it reads reverses sign at
    one corner (productive capital with productivity-weighted hours), which setting one
    convention at a time does not reach:

    >>> import unequal_exchange as ue
    >>> h = ue.headlines("baseline", n=0, io_year=None)
    >>> pt = h.sel(channel="price_transfer")
    >>> [round(float(pt[k]) / 1e9, 1) for k in ("low", "default", "high")]
    [-0.7, 125.5, 125.5]
    >>> [round(float(pt[k]) / 1e9, 1) for k in ("one_at_a_time_low", "one_at_a_time_high")]
    [9.9, 125.5]
    >>> int(pt.combinations), str(pt.conventions.values)
    (12, 'capital_basis × hours_weighting × pool_basis')
    >>> st = h.sel(channel="strict_sense")
    >>> round(float(st.default) / 1e9, 1), h.attrs["factor_definition"]
    (74.1, 'emmanuel')
    """
    if int(n) < 0:
        raise InputError(f"n must be 0 or a positive sample size, got {n}")
    sc = load_scenario(scenario)
    p = dict(sc.parameters)
    base = mu.accounts(p)
    if int(base["status"]) != mu.OK:
        raise NonViableError(
            f"scenario {sc.name!r} is not viable: {mu.STATUS_NAMES[int(base['status'])]}"
        )
    variants: list[tuple[str, str, bool]] = []
    values: list[list[float]] = []
    for name in _conventions(p):
        for v, label in PARAMETERS[name].options:
            acc = mu.accounts({**p, name: v})
            variants.append((name, label, bool(np.isclose(v, float(p[name])))))
            values.append([_value(acc, c) for c in CHANNELS])
    for definition in FACTOR_DEFINITIONS:  # the senses at the other factor definition
        variants.append(
            (
                "factor_definition",
                DEFINITION_LABELS[definition],
                definition == DEFAULT_FACTOR_DEFINITION,
            )
        )
        values.append(
            [float(_pick(base, SENSES[c][definition])) if c in SENSES else np.nan for c in CHANNELS]
        )
    n_stylised = len(variants)
    if io_year is not None:
        ds = run_wiod_year(int(io_year))
        for c in ds.convention.values:
            variants.append(("io_basis", f"WIOD {int(io_year)}, reduction={c}", False))
            values.append(
                [float(ds.price_transfer.sel(convention=c))] + [np.nan] * (len(CHANNELS) - 1)
            )
    arr = np.array(values, dtype=float).T  # (channel, variant)
    default = np.array([_value(base, c) for c in CHANNELS])
    with np.errstate(invalid="ignore"):
        stylised = np.column_stack([arr[:, :n_stylised], default])
        one_low = np.nanmin(stylised, axis=1)
        one_high = np.nanmax(stylised, axis=1)
    envelope = convention_envelope(sc)
    # the default is one of the combinations (computed here by the numpy reference, which
    # may differ from the kernel in the last digit)
    low = np.fmin([envelope[c][0] for c in CHANNELS], default)
    high = np.fmax([envelope[c][1] for c in CHANNELS], default)
    plo = phi = np.full(len(CHANNELS), np.nan)
    n_points = n_sample = 0
    dropped: list[tuple[int, str]] = []
    if n:
        prob = problem(sc)
        X = sample(prob, int(n), seed=int(seed))
        outputs = [_column(c) for c in CHANNELS]
        plan = _plan(sc, prob["names"], "static", None, list(dict.fromkeys(outputs)))
        Y, status = _evaluate_with_status(plan, X)
        Y = Y[:, [list(dict.fromkeys(outputs)).index(o) for o in outputs]]
        n_points = int(np.isfinite(Y[:, 0]).sum())
        n_sample = len(X)
        codes, counts = np.unique(status[status != mu.OK], return_counts=True)
        dropped = [(int(k), mu.STATUS_NAMES[int(c)]) for c, k in zip(codes, counts, strict=True)]
        plo, phi = np.nanquantile(Y, INTERVAL, axis=0)
    usd = {"units": "USD/yr", "sign": "+ = drained from Mexico"}
    out = xr.Dataset(
        {
            "value": (
                ("channel", "variant"),
                arr,
                {
                    **usd,
                    "long_name": "channel at one convention option, the others at the "
                    "scenario's values (one at a time: a breakdown of the range)",
                },
            ),
            "default": ("channel", default, {**usd, "long_name": "at the scenario's conventions"}),
            "low": (
                "channel",
                low,
                {**usd, "long_name": "lowest over every combination of the conventions read"},
            ),
            "high": (
                "channel",
                high,
                {**usd, "long_name": "highest over every combination of the conventions read"},
            ),
            "one_at_a_time_low": (
                "channel",
                one_low,
                {**usd, "long_name": "lowest with one convention changed at a time"},
            ),
            "one_at_a_time_high": (
                "channel",
                one_high,
                {**usd, "long_name": "highest with one convention changed at a time"},
            ),
            "combinations": (
                "channel",
                np.array([envelope[c][2] for c in CHANNELS]),
                {"units": "1", "long_name": "combinations of the conventions read"},
            ),
            "non_viable_combinations": (
                "channel",
                np.array([envelope[c][3] for c in CHANNELS]),
                {"units": "1", "long_name": "combinations not viable (left out of low–high)"},
            ),
            "parametric_low": (
                "channel",
                plo,
                {**usd, "long_name": f"{INTERVAL[0]:.0%} quantile over the uncertain inputs"},
            ),
            "parametric_high": (
                "channel",
                phi,
                {**usd, "long_name": f"{INTERVAL[1]:.0%} quantile over the uncertain inputs"},
            ),
        },
        coords={
            "channel": list(CHANNELS),
            "long_name": (
                "channel",
                [CHANNEL_NAMES.get(c) or RUN_VARIABLES[c][1] for c in CHANNELS],
            ),
            "conventions": (
                "channel",
                [" × ".join(READS[c]) if READS[c] else "none" for c in CHANNELS],
            ),
            "variant": np.arange(len(variants)),
            "convention": ("variant", [v[0] for v in variants]),
            "option": ("variant", [v[1] for v in variants]),
            "is_default": ("variant", np.array([v[2] for v in variants], dtype=bool)),
        },
        attrs={
            "scenario": sc.name,
            "mx_gdp": float(p["mx_gdp"]),
            "factor_definition": DEFAULT_FACTOR_DEFINITION,
            "range_rule": "low–high: every combination of the options of the conventions a "
            "channel reads (the others at the scenario's values); one_at_a_time_*: one "
            "convention changed at a time (a breakdown)",
            "parametric_points": n_points,
            "parametric_sample_size": n_sample,
            # the sample points left out of the interval, by status: "count × reason; ..."
            "parametric_non_viable": "; ".join(
                f"{k} × {why}" for k, why in sorted(dropped, key=lambda d: -d[0])
            ),
            "parametric_rule": "Sobol' sample of the uncertain parameters over their shipped "
            "plausible ranges centred on the scenario (ue.problem); conventions never drawn; "
            "non-viable points are left out, which conditions the interval",
            "package_version": __version__,
        },
    )
    return out


def headline_text(h: xr.Dataset, channel: str) -> str:
    """``default [low – high over conventions; p5–p95 parametric]`` in bn USD."""
    d = h.sel(channel=channel)
    s = (
        f"{float(d.default) / 1e9:.1f} bn (conventions {float(d.low) / 1e9:.1f}–"
        f"{float(d.high) / 1e9:.1f}"
    )
    if np.isfinite(float(d.parametric_low)):
        s += (
            f"; inputs 5–95 % {float(d.parametric_low) / 1e9:.1f}–"
            f"{float(d.parametric_high) / 1e9:.1f}"
        )
    return s + ")"
