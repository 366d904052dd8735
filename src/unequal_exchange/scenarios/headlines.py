"""``headlines``: every headline channel as a range over the conventions, default marked.

Conventions are scenarios, never random draws: each ``use == "convention"`` parameter is set
to each of its options, one at a time, the others kept at the scenario's values (and,
optionally, the price transfer is recomputed on the WIOD input–output basis under each
complex-labour reduction). Beside that range, a parametric interval over the *uncertain*
inputs only, from the sampling machinery of :func:`unequal_exchange.sensitivity`.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .._version import __version__
from ..errors import InputError, NonViableError
from ..model.mexico_us import accounts as mu
from ..model.mexico_us.parameters import PARAMETERS
from .gsa import sample
from .run import RUN_VARIABLES
from .scenario import Scenario, load_scenario
from .sensitivity import _evaluate_with_status, _plan, problem
from .wiod import run_wiod_year

#: the headline channels of ``run`` (name, label of the output in the sensitivity machinery)
CHANNELS = (
    "price_transfer",
    "price_transfer_by_value_factor[surplus_value_rate]",
    "repatriated_profit",
    "enclave_surplus_drained",
    "labour_arbitrage_rent",
    "training_cost_transfer",
    "reproduction_cost_transfer",
    "total_drain",
)
CHANNEL_NAMES = {
    "price_transfer_by_value_factor[surplus_value_rate]": (
        "price transfer, strict sense (rates of surplus value)"
    ),
}
INTERVAL = (0.05, 0.95)


def _value(acc: dict, channel: str) -> float:
    if int(acc["status"]) != mu.OK:
        return np.nan
    if "[" in channel:  # one factor of a split: name[factor]
        name, factor = channel.rstrip("]").split("[")
        factors = mu.VALUE_FACTORS if name == "price_transfer_by_value_factor" else mu.FACTORS
        return float(acc[name][..., factors.index(factor)])
    return float(acc[channel])


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
        complex-labour reduction (a *basis* convention; other channels are NaN there); None
        skips it.

    Returns
    -------
    xarray.Dataset
        ``value`` (USD/yr; dims ``channel``, ``variant``): each channel at each convention
        option; ``default`` (the scenario's value), ``low``/``high`` (range over the variants),
        ``parametric_low``/``parametric_high`` (5th and 95th percentiles over the uncertain
        inputs, conventions at the scenario's values). Along ``variant``: ``convention`` (the
        parameter or basis varied), ``option`` (its label) and ``is_default``. Attributes
        ``parametric_points`` (viable points in the interval), ``parametric_sample_size`` and
        ``parametric_non_viable`` (the points left out, ``"count × reason; ..."`` by status).

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
    >>> import unequal_exchange as ue
    >>> h = ue.headlines("baseline", n=0, io_year=None)
    >>> pt = h.sel(channel="price_transfer")
    >>> [round(float(pt[k]) / 1e9, 1) for k in ("low", "default", "high")]
    [9.9, 125.5, 125.5]
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
    variants: list[tuple[str, str, bool, dict | None]] = []
    values: list[list[float]] = []
    for name in sorted(k for k, q in PARAMETERS.items() if q.use == "convention" and k in p):
        for v, label in PARAMETERS[name].options:
            acc = mu.accounts({**p, name: v})
            variants.append((name, label, bool(np.isclose(v, float(p[name]))), None))
            values.append([_value(acc, c) for c in CHANNELS])
    if io_year is not None:
        ds = run_wiod_year(int(io_year))
        for c in ds.convention.values:
            variants.append(("io_basis", f"WIOD {int(io_year)}, reduction={c}", False, None))
            values.append(
                [float(ds.price_transfer.sel(convention=c))] + [np.nan] * (len(CHANNELS) - 1)
            )
    arr = np.array(values, dtype=float).T  # (channel, variant)
    default = np.array([_value(base, c) for c in CHANNELS])
    with np.errstate(invalid="ignore"):
        low = np.nanmin(np.column_stack([arr, default]), axis=1)
        high = np.nanmax(np.column_stack([arr, default]), axis=1)
    plo = phi = np.full(len(CHANNELS), np.nan)
    n_points = n_sample = 0
    dropped: list[tuple[int, str]] = []
    if n:
        prob = problem(sc)
        X = sample(prob, int(n), seed=int(seed))
        plan = _plan(sc, prob["names"], "static", None, list(CHANNELS))
        Y, status = _evaluate_with_status(plan, X)
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
                    "long_name": "channel at one "
                    "convention option (the others at the scenario's values)",
                },
            ),
            "default": ("channel", default, {**usd, "long_name": "at the scenario's conventions"}),
            "low": ("channel", low, {**usd, "long_name": "lowest over the conventions"}),
            "high": ("channel", high, {**usd, "long_name": "highest over the conventions"}),
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
            "variant": np.arange(len(variants)),
            "convention": ("variant", [v[0] for v in variants]),
            "option": ("variant", [v[1] for v in variants]),
            "is_default": ("variant", np.array([v[2] for v in variants], dtype=bool)),
        },
        attrs={
            "scenario": sc.name,
            "mx_gdp": float(p["mx_gdp"]),
            "parametric_points": n_points,
            "parametric_sample_size": n_sample,
            # the sample points left out of the interval, by status: "count × reason; ..."
            "parametric_non_viable": "; ".join(
                f"{k} × {why}" for k, why in sorted(dropped, key=lambda d: -d[0])
            ),
            "parametric_rule": "Sobol' sample of the uncertain parameters over their shipped "
            "plausible ranges centred on the scenario (ue.problem); conventions never drawn",
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
