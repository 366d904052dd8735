"""The explorer without the web stack: controls, fast evaluation, formatting, explanations.

Every control is a parameter of the registry (:data:`~unequal_exchange.model.mexico_us.parameters.
PARAMETERS`): its label, units and valid domain come from there; only the teaching range of the
slider (a sub-interval of the domain, checked by a test) and the step are chosen here. Typed
values may leave the slider range but never the domain.

One evaluation validates the overrides exactly as :meth:`Scenario.with_parameters` does, then runs
the compiled accounts kernel on the one point (the sweep's numba path, about a millisecond once
compiled, against a few milliseconds for the numpy path of :func:`~unequal_exchange.run`) and
labels the result with the same :func:`~unequal_exchange.scenarios.run.to_dataset` as ``run``.
A non-viable point is re-run through :func:`~unequal_exchange.run` so the page shows the very
message (and error type) the command line prints.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import signal
import sys
import tempfile
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import xarray as xr

from .._version import __version__
from ..errors import UnequalExchangeError
from ..model.mexico_us import accounts as mu
from ..model.mexico_us import measures as me
from ..model.mexico_us.parameters import CONVENTIONS, PARAMETERS, Parameter
from ..scenarios import headlines as hl
from ..scenarios import measures as sm
from ..scenarios.run import MIGRATION_ATTRS, RUN_VARIABLES, run, to_dataset
from ..scenarios.scenario import Scenario, load_scenario, write_scenario
from ..scenarios.sweep import evaluate_points, parameter_matrix
from ..scenarios.wiod import run_wiod


@dataclass(frozen=True)
class Control:
    """A slider over one registry parameter: ``start``–``end`` is a teaching range inside the
    parameter's domain, ``group`` the heading it is shown under."""

    name: str
    start: float
    end: float
    step: float
    group: str

    @property
    def parameter(self) -> Parameter:
        return PARAMETERS[self.name]

    @property
    def label(self) -> str:
        units = self.parameter.units
        return (
            f"{self.name.replace('_', ' ')} [{units}]"
            if units != "1"
            else self.name.replace("_", " ")
        )

    @property
    def convention(self) -> bool:
        return self.name in CONVENTIONS


CONTROLS: tuple[Control, ...] = (
    Control("maquila_wage_ratio", 0.02, 0.4, 0.005, "enclave wages"),
    Control("hidden_maquila_wage_ratio", 0.02, 0.4, 0.005, "enclave wages"),
    Control("maquila_import_content", 0.3, 0.95, 0.01, "enclave inputs and ownership"),
    Control("hidden_maquila_import_content", 0.3, 0.95, 0.01, "enclave inputs and ownership"),
    Control("enclave_foreign_ownership", 0.0, 1.0, 0.01, "enclave inputs and ownership"),
    Control("emigration_per_year", 0.0, 7e5, 5e3, "migration"),
    Control("returns_per_year", 0.0, 4e5, 5e3, "migration"),
)
CONTROL_NAMES = tuple(c.name for c in CONTROLS)

#: Conventions are scenarios, never real quantities: the page offers each as a selector over its
#: registry ``options`` (every ``use == "convention"`` parameter), never as a slider.
CONVENTION_NAMES: tuple[str, ...] = tuple(sorted(CONVENTIONS))


def convention_options(name: str, current: float | None = None) -> dict[str, float]:
    """Label -> value of a convention's options (``Parameter.options``), plus the scenario's own
    value when it is not one of them (as ``ue.measures`` does)."""
    opts = {f"{label} ({value:g})": float(value) for value, label in PARAMETERS[name].options}
    if current is not None and not any(math.isclose(v, current) for v in opts.values()):
        opts[f"{name} = {current:g} (scenario)"] = float(current)
    return opts


# The numbers the page shows: (variable of ue.run, factor for price_transfer_by_factor or None).
CHANNEL_ROWS: tuple[str, ...] = (
    "price_transfer",
    "repatriated_profit",
    "enclave_surplus_drained",
    "training_cost_transfer",
    "reproduction_cost_transfer",
    "total_drain",
    "total_drain_share_gdp",
    "labour_arbitrage_rent",
    "enclave_hours",
    "enclave_worker_equivalents",
    "profit_rate",
)
# Formation costs of the migrant stock against remittances: where formation_where_trained and
# discount_rate act (docs/model.md §3.3.1).
MIGRATION_ROWS: tuple[str, ...] = (
    "training_cost_stock",
    "reproduction_cost_stock",
    "stock_formation_cost_annuity",
    "remittances",
    "remittance_cover_of_annuity",
)
#: the rates of surplus value on the traded product (docs/model.md §3.2)
RATE_ROWS: tuple[str, ...] = ("us_rate_of_surplus_value", "mx_rate_of_surplus_value")
NEGATIVE_US_RATE_NOTE = "US wages exceed the value US hours create at this hours convention"

#: the stylised price transfer is one side of the exchange (docs/model.md §7: with two countries
#: and the pool normalisation T_b = T_s and the net T_n = 2 T_s)
ONE_SIDE = (
    "one side of the exchange (Mexico's loss on its exports = the US's gain on its exports; the "
    "net bilateral transfer, as on the WIOD page, is twice this)"
)

SPLIT_ROWS: tuple[str, ...] = ("wage", "composition", "intensity", "structural")
SPLIT_LABELS = {
    "wage": "wage-per-hour gap (Emmanuel's factors: the strict sense)",
    "composition": "capital-per-hour gap (Emmanuel's factors: the broad sense)",
    "intensity": "intensity (value created per hour)",
    "structural": "structural remainder",
}

MARX_ROWS: tuple[str, ...] = (*mu.VALUE_FACTORS, "structural")
MARX_LABELS = {
    "surplus_value_rate": "rates of surplus value s/v at given K/v (K moves with v; the strict "
    "sense by this definition)",
    "value_composition": "value composition K/v at actual wages (contains the wage gap; the "
    "broad sense by this definition)",
    "intensity": "intensity (value created per hour)",
    "structural": "structural remainder (exactly zero for these factors)",
}

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def parse_number(text: str) -> float | str:
    """A strict decimal number, or the text itself (the registry then reports it as not a
    number, with the message the command line prints for the same value in a scenario file)."""
    stripped = str(text).strip()
    if _NUMBER.fullmatch(stripped) and math.isfinite(float(stripped)):
        return float(stripped)
    return str(text)


def explanations() -> dict[str, dict[str, str]]:
    """Name -> ``{"section", "text"}``: excerpts of docs/model.md shipped with the package (a
    test keeps each text a verbatim excerpt of model.md)."""
    path = resources.files(__package__).joinpath("explanations.json")
    return json.loads(path.read_text(encoding="utf-8"))


def fast_accounts(scenario: Scenario) -> dict[str, np.ndarray]:
    """The outputs of :func:`~unequal_exchange.run` for one scenario, on the compiled kernel,
    as plain arrays (no labels: a fraction of a millisecond).

    Raises the error ``run`` raises (:class:`~unequal_exchange.errors.NonViableError`, with its
    message) when the point is not viable."""
    acc = evaluate_points(parameter_matrix(scenario, {}), backend="numba")
    if int(acc["status"][0]) != mu.OK:
        run(scenario)  # raises NonViableError with run's own message
    return {k: np.asarray(v)[0] for k, v in acc.items()}


def label(acc: dict[str, np.ndarray], scenario: Scenario) -> xr.Dataset:
    """The Dataset :func:`~unequal_exchange.run` returns, from :func:`fast_accounts`."""
    ds = to_dataset({k: np.asarray(v)[None, ...] for k, v in acc.items()}, ("point",))
    ds = ds.isel(point=0)
    ds.attrs.update(
        scenario=scenario.name,
        description=scenario.description,
        package_version=__version__,
        baseline_calibration_year=2011,
        hours_weighting=float(scenario.parameters["hours_weighting"]),
    )
    ds.attrs.update({k: float(scenario.parameters[k]) for k in MIGRATION_ATTRS})
    return ds


def fast_dataset(scenario: Scenario) -> xr.Dataset:
    """:func:`~unequal_exchange.run` on the compiled kernel: the same variables and attrs."""
    return label(fast_accounts(scenario), scenario)


class ExplorerState:
    """The scenario on the page: a base scenario plus the overrides set so far.

    :meth:`set` validates one new value; on success the result is recomputed and ``None`` is
    returned, otherwise the one-line message of the package's error, and the state is unchanged
    (the page keeps the last valid scenario)."""

    def __init__(self, scenario: str | Path | Scenario = "baseline"):
        self.base = load_scenario(scenario)
        self.overrides: dict[str, float] = {}
        self.scenario = self.base
        self.accounts = fast_accounts(self.base)
        self._result: xr.Dataset | None = None
        self._ranges: dict[str, ConventionRange] | None = None

    @property
    def result(self) -> xr.Dataset:
        """The labelled Dataset of the current scenario (built on first use after a change)."""
        if self._result is None:
            self._result = label(self.accounts, self.scenario)
        return self._result

    @property
    def ranges(self) -> dict[str, ConventionRange]:
        """:func:`convention_ranges` of the current scenario, the base scenario's conventions as
        the default (computed on first use after a change)."""
        if self._ranges is None:
            self._ranges = convention_ranges(self.scenario, self.base)
        return self._ranges

    def value(self, name: str) -> float:
        return float(self.scenario.parameters[name])

    def set(self, name: str, value) -> str | None:
        if isinstance(value, str):
            value = parse_number(value)
        trial = {**self.overrides, name: value}
        try:
            scenario = self.base.with_parameters(**trial)
            accounts = fast_accounts(scenario)
        except UnequalExchangeError as exc:
            return "; ".join(getattr(exc, "problems", None) or [str(exc)])
        self.overrides, self.scenario, self.accounts = trial, scenario, accounts
        self._result = self._ranges = None
        return None

    def toml_text(self) -> str:
        """The current scenario as a complete TOML file (every parameter, floats written with
        ``repr``) that ``unequal-exchange run FILE`` reproduces exactly."""
        changed = ", ".join(f"{k} = {v!r}" for k, v in sorted(self.overrides.items()))
        header = (
            f"Written by the unequal-exchange explorer {__version__} from scenario "
            f"{self.base.name!r}" + (f" with {changed}" if changed else "") + ".\n"
            "Reproduce: unequal-exchange run FILE"
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scenario.toml"
            write_scenario(
                path,
                name=f"{self.base.name} (explorer)",
                description=self.base.description,
                parameters=self.scenario.parameters,
                header=header,
            )
            return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- formatting

_SCALES = {
    "USD/yr": (1e9, "bn USD/yr"),
    "USD": (1e9, "bn USD"),
    "h/yr": (1e9, "bn h/yr"),
    "persons": (1e6, "million persons"),
}


def display(value: float, units: str) -> tuple[str, str]:
    """(number, units) as shown on the page: bn for money and hours, % for shares."""
    if not np.isfinite(value):
        return "n/a", units
    if units in ("1", "1/yr"):
        return f"{100 * value:,.2f}", "%" if units == "1" else "%/yr"
    if units == "ratio":  # a dimensionless ratio shown as such ("times")
        return f"{value:,.2f}", "×"
    scale, shown = _SCALES.get(units, (1.0, units))
    number = f"{value / scale:,.2f}"
    return ("0.00" if number == "-0.00" else number), shown  # a rounding residue has no sign


FACTOR_NAMES = (*mu.FACTORS, "structural")  # the order of price_transfer_by_factor


#: dimensionless ratios that read as "so many times", not as a percentage
RATIO_ROWS = frozenset({"remittance_cover_of_annuity", "remittance_compensation_ratio"})


def row(acc: dict[str, np.ndarray], name: str) -> tuple[float, str, str, str]:
    """(raw value, shown number, shown units, long_name) of a scalar variable of ``run``."""
    units, long_name, _ = RUN_VARIABLES[name]
    units = "ratio" if name in RATIO_ROWS else units
    value = float(acc[name])
    number, shown = display(value, units)
    return value, number, shown, long_name


def split_row(acc: dict[str, np.ndarray], factor: str) -> tuple[float, str, str, str]:
    """The same for one factor of ``price_transfer_by_factor``."""
    units = RUN_VARIABLES["price_transfer_by_factor"][0]
    value = float(acc["price_transfer_by_factor"][FACTOR_NAMES.index(factor)])
    number, shown = display(value, units)
    return value, number, shown, SPLIT_LABELS[factor]


# the order of price_transfer_by_value_factor
VALUE_FACTOR_NAMES = (*mu.VALUE_FACTORS, "structural")


def marx_row(acc: dict[str, np.ndarray], factor: str) -> tuple[float, str, str, str]:
    """The same for one factor of ``price_transfer_by_value_factor`` (the split by rates of
    surplus value and value compositions K/v at actual wages, the alternative definition)."""
    units = RUN_VARIABLES["price_transfer_by_value_factor"][0]
    value = float(acc["price_transfer_by_value_factor"][VALUE_FACTOR_NAMES.index(factor)])
    number, shown = display(value, units)
    return value, number, shown, MARX_LABELS[factor]


def strict_range(acc: dict[str, np.ndarray]) -> tuple[float, float]:
    """The strict sense of the price transfer by Emmanuel's per-hour factors (wage per hour,
    capital per hour held fixed: the default) and by the value-composition factors (rate of
    surplus value, K/v held fixed: the alternative), USD/yr: the range over the factor
    definition."""
    return split_row(acc, "wage")[0], marx_row(acc, "surplus_value_rate")[0]


# ---------------------------------------------------------------- ranges over conventions

_PRICE = sm.PRICE_CONVENTIONS  # the traded pool and its price system (capital, hours, pool)
_FORMATION = ("formation_where_trained",)
#: the numbers of the Mexico–US page that are channels of ``ue.headlines`` (page key -> channel):
#: the conventions they read are :data:`unequal_exchange.scenarios.headlines.READS`, one map
HEADLINE_CHANNELS = {
    **{
        k: k
        for k in (
            "price_transfer",
            "repatriated_profit",
            "enclave_surplus_drained",
            "training_cost_transfer",
            "reproduction_cost_transfer",
            "total_drain",
            "labour_arbitrage_rent",
        )
    },
    "marx-surplus_value_rate": "price_transfer_by_value_factor[surplus_value_rate]",
    "marx-value_composition": "price_transfer_by_value_factor[value_composition]",
    "split-wage": "price_transfer_by_factor[wage]",
    "split-composition": "price_transfer_by_factor[composition]",
    "strict": "strict_sense",
    "broad": "broad_sense",
}
_SHARED = None  # read from ``headlines.READS`` (:data:`HEADLINE_CHANNELS`)
#: the conventions each number of the Mexico–US page reads: its range is over every combination
#: of their options, the other conventions at the values selected (a test checks, over the whole
#: grid of conventions across the sliders, that no other convention moves the number, and that
#: each listed one moves it at the baseline or at half foreign ownership of the enclaves).
#: "factor_definition" is Emmanuel's per-hour factors (the default) or the value-composition
#: factors. Only the page's own numbers are listed here; the others are ``_SHARED``.
_OWN_READS: dict[str, tuple[str, ...] | None] = {
    "price_transfer": _SHARED,
    "repatriated_profit": _SHARED,
    "enclave_surplus_drained": _SHARED,
    "training_cost_transfer": _SHARED,
    "reproduction_cost_transfer": _SHARED,
    "total_drain": _SHARED,
    "total_drain_share_gdp": (*_PRICE, *_FORMATION),  # the total drain over a real GDP
    "labour_arbitrage_rent": _SHARED,
    "enclave_hours": (),
    "enclave_worker_equivalents": (),
    "profit_rate": ("capital_basis", "pool_basis"),
    "us_rate_of_surplus_value": ("hours_weighting", "pool_basis"),
    "mx_rate_of_surplus_value": ("hours_weighting", "pool_basis"),
    "training_cost_stock": _FORMATION,
    "reproduction_cost_stock": _FORMATION,
    "stock_formation_cost_annuity": ("discount_rate", *_FORMATION),
    "remittances": (),
    "remittance_cover_of_annuity": ("discount_rate", *_FORMATION),
    # the value-composition split: every factor is a Shapley share of the price transfer
    "marx-surplus_value_rate": _SHARED,
    "marx-value_composition": _SHARED,
    "marx-intensity": _PRICE,
    "marx-structural": (),  # exactly zero for the value-composition factors
    # Emmanuel's split (intensity takes up the hours weighting)
    "split-wage": _SHARED,
    "split-composition": _SHARED,
    "split-intensity": ("hours_weighting", "pool_basis"),
    "split-structural": (),
    # the strict and broad senses: either factor definition, at every price convention
    "strict": _SHARED,
    "broad": _SHARED,
}
READS: dict[str, tuple[str, ...]] = {
    key: tuple(hl.READS[HEADLINE_CHANNELS[key]]) if reads is None else reads
    for key, reads in _OWN_READS.items()
}
#: the factor of each split that is the strict / broad sense: (Emmanuel's per-hour factor, the
#: default as in ``ue.headlines``; the value-composition factor, the alternative)
SENSES = {
    "strict": ("wage", "surplus_value_rate"),
    "broad": ("composition", "value_composition"),
}
FACTOR_DEFINITIONS = (
    "Emmanuel's per-hour factors (default)",
    "value-composition factors (alternative)",
)


@dataclass(frozen=True)
class ConventionRange:
    """One number over every combination of the conventions it reads (``conventions``), the
    levers and the other conventions at the page's values. ``default`` is the number at the
    base scenario's conventions, ``current`` at those selected; ``n`` combinations, of which
    ``not_viable`` are not viable (left out of ``low``–``high``)."""

    low: float
    high: float
    default: float
    current: float
    n: int
    not_viable: int
    conventions: tuple[str, ...]

    @property
    def at_default(self) -> bool:
        """The number shown is the default (to rounding)."""
        a, b = self.current, self.default
        return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


#: the scalar outputs of the kernel the ranges read, then the two splits' factors
_SCALARS = tuple(k for k in READS if "-" not in k and k not in SENSES)


def _column(key: str) -> tuple[int, ...]:
    """Columns of :func:`_grid_matrix` that hold ``key`` (two for the strict and broad senses:
    Emmanuel's factor, the default, then the value-composition factor)."""
    marx0, emm0 = len(_SCALARS), len(_SCALARS) + len(VALUE_FACTOR_NAMES)
    if key in SENSES:
        emmanuel, value_composition = SENSES[key]
        return (
            emm0 + FACTOR_NAMES.index(emmanuel),
            marx0 + VALUE_FACTOR_NAMES.index(value_composition),
        )
    if key.startswith("marx-"):
        return (marx0 + VALUE_FACTOR_NAMES.index(key[5:]),)
    if key.startswith("split-"):
        return (emm0 + FACTOR_NAMES.index(key[6:]),)
    return (_SCALARS.index(key),)


_COLUMNS = {key: _column(key) for key in READS}


def _grid_matrix(acc: dict[str, np.ndarray]) -> np.ndarray:
    """(N, C): the scalars of :data:`_SCALARS`, the value-composition factors, Emmanuel's."""
    return np.column_stack(
        [
            *(np.asarray(acc[k], dtype=float) for k in _SCALARS),
            acc["price_transfer_by_value_factor"],
            acc["price_transfer_by_factor"],
        ]
    )


def _index(options: list[float], value: float) -> int:
    return next(i for i, o in enumerate(options) if abs(o - value) <= 1e-9 * max(1.0, abs(o)))


def _convention_axes(names, scenario: Scenario, default: Scenario):
    """For each convention in ``names``: its options (plus the scenario's and the default's own
    values when they are not options), and the positions of those two values among them."""
    axes, cur, dflt = [], [], []
    for k in names:
        opts = [float(v) for v, _ in PARAMETERS[k].options]
        here, there = float(scenario.parameters[k]), float(default.parameters[k])
        for extra in (here, there):
            if not any(abs(o - extra) <= 1e-9 * max(1.0, abs(o)) for o in opts):
                opts.append(extra)
        axes.append(np.array(opts))
        cur.append(_index(opts, here))
        dflt.append(_index(opts, there))
    return axes, cur, dflt


def convention_ranges(
    scenario: Scenario, default: Scenario, keys: tuple[str, ...] | None = None
) -> dict[str, ConventionRange]:
    """Each number of :data:`READS` (or of ``keys``) over every combination of the conventions it
    reads, at the levers of ``scenario``, with its value at the conventions of ``default``.

    The whole grid of conventions (every option of each, plus the scenario's and the default's
    own values when they are not options: 72 points for the baseline) is one batched call of the
    compiled accounts kernel (about a quarter of a millisecond); each number's range is then the
    sub-grid of the conventions it reads, the others held at the values selected."""
    names = CONVENTION_NAMES
    axes, cur, dflt = _convention_axes(names, scenario, default)
    shape = tuple(len(a) for a in axes)
    mesh = np.meshgrid(*axes, indexing="ij")
    acc = evaluate_points(
        parameter_matrix(scenario, {k: m.ravel() for k, m in zip(names, mesh, strict=True)}),
        backend="numba",
    )
    grid = _grid_matrix(acc)
    grid = grid.reshape(*shape, grid.shape[-1])
    wanted = tuple(READS) if keys is None else tuple(keys)
    groups: dict[tuple[str, ...], list[str]] = {}
    for key in wanted:
        groups.setdefault(tuple(c for c in READS[key] if c in names), []).append(key)
    out = {}
    at_current = grid[tuple(cur)]
    for reads, members in groups.items():
        sub = grid[tuple(slice(None) if k in reads else cur[i] for i, k in enumerate(names))]
        sub = sub.reshape(-1, sub.shape[-1])
        finite = np.isfinite(sub)
        low = np.where(finite, sub, np.inf).min(axis=0)  # every column at once
        high = np.where(finite, sub, -np.inf).max(axis=0)
        bad = sub.shape[0] - finite.sum(axis=0)
        at_default = grid[tuple(dflt[i] if k in reads else cur[i] for i, k in enumerate(names))]
        for key in members:
            cols = _COLUMNS[key]
            lo, hi = min(low[c] for c in cols), max(high[c] for c in cols)
            out[key] = ConventionRange(
                low=float(lo) if np.isfinite(lo) else np.nan,
                high=float(hi) if np.isfinite(hi) else np.nan,
                default=float(at_default[cols[0]]),  # Emmanuel's factors for the two senses
                current=float(at_current[cols[0]]),
                n=sub.shape[0] * len(cols),
                not_viable=int(sum(bad[c] for c in cols)),
                conventions=READS[key],
            )
    return out


def units_of(key: str) -> str:
    """The units :func:`display` formats the number ``key`` of :data:`READS` in."""
    if key in SENSES or key.startswith(("marx-", "split-")):
        return RUN_VARIABLES["price_transfer_by_factor"][0]
    return "ratio" if key in RATIO_ROWS else RUN_VARIABLES[key][0]


def _pretty(convention: str) -> str:
    return convention.replace("_", " ")


def range_cell(r: ConventionRange, units: str) -> dict:
    """What the board shows under a number: ``text`` ("range a to b over the n combinations of
    …; ◆ default d"), the raw ``low``/``high``/``default`` (repr) and where the default (◆) and the
    number shown (●) sit in the range (0–1; None when the range is one value)."""
    if not r.conventions:
        return {"text": "no convention enters this number", "n": 1}
    low, high, dflt = (display(v, units)[0] for v in (r.low, r.high, r.default))
    text = (
        f"range {low} to {high} over the {r.n} combinations of "
        f"{' × '.join(_pretty(c) for c in r.conventions)}; "
        + ("◆ default = ● shown" if r.at_default else f"◆ default {dflt}; ● shown")
    )
    if r.not_viable:
        text += f"; {r.not_viable} of {r.n} not viable"
    span = r.high - r.low

    def where(v: float) -> float | None:
        return float((v - r.low) / span) if span > 0 and np.isfinite(v) else None

    return {
        "text": text,
        "n": r.n,
        "low": repr(r.low),
        "high": repr(r.high),
        "default": repr(r.default),
        "at_default": where(r.default),
        "at_current": where(r.current),
    }


# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Measure:
    """One entry of ``ue.measures`` as the page shows it. ``measure`` is its name along the
    ``measure`` dimension of ``ue.measures`` (tests look it up there)."""

    key: str
    family: str
    measure: str
    label: str
    value: float
    hours: float
    share_gdp: float
    scope: str


#: family -> (heading, explanation key); the order of the measures page
MEASURE_FAMILIES = {
    "price_of_production": ("1. Price-of-production transfer", "measure_price_of_production"),
    "embodied_labour": ("2. Embodied-labour exchange", "measure_embodied_labour"),
    "exchange_rate_deviation": ("3. Exchange-rate deviation", "measure_exchange_rate_deviation"),
    "captured_minus_produced": ("4. Captured minus produced value", "measure_captured"),
    "ownership": ("Beside them: ownership channel", "measure_beside"),
    "labour_arbitrage": ("Beside them: labour arbitrage rent", "measure_beside"),
}

#: (family, start of the variant) -> (element key, label on the page), in ``ue.measures``' order
_MEASURE_LABELS = {
    ("price_of_production", ""): (
        "m-pop",
        f"at the conventions selected on the left; {ONE_SIDE}",
    ),
    ("captured_minus_produced", "traded pool"): (
        "m-cmp",
        "traded pool, at the conventions selected on the left",
    ),
    ("embodied_labour", "at the US wage"): (
        "m-emb-at_us_wage",
        "net hours at the US average wage (all skills; Hickel et al. value by skill: see WIOD); "
        "direct hours only",
    ),
    ("embodied_labour", "at the Mexican wage"): (
        "m-emb-at_mx_wage",
        "net hours at the Mexican wage",
    ),
    ("embodied_labour", "at the pool's MELT"): ("m-emb-at_melt", "net hours at the pool's MELT"),
    ("exchange_rate_deviation", "exports to the US"): ("m-erd-us", "exports to the US"),
    ("exchange_rate_deviation", "all exports"): ("m-erd-all", "all exports (WTO, 2011)"),
    ("ownership", ""): ("m-own", "repatriated enclave profit"),
    ("labour_arbitrage", ""): (
        "m-arb",
        "enclave hours × (US manufacturing wage − enclave wage) (Foster, McChesney & Jonna "
        "2011; Smith 2016)",
    ),
}


def fast_measures(scenario: Scenario, acc: dict[str, np.ndarray]) -> list[Measure]:
    """The measures of ``ue.measures(scenario)`` at the scenario's own conventions (the entries
    ``ue.measures`` flags ``default``, and every variant of the families no convention enters):
    the same rows (:func:`unequal_exchange.scenarios.measures.stylised_rows` with
    ``own_conventions=True``) on the accounts already computed, about a millisecond, where
    ``ue.measures`` computes all 12 combinations of the price conventions."""
    rows, gdp = sm.stylised_rows(scenario, own_conventions=True, accounts=acc)
    out = []
    for r in rows:
        key, label = next(
            v
            for (family, start), v in _MEASURE_LABELS.items()
            if r["family"] == family and r["variant"].startswith(start)
        )
        value = float(r["value"])
        hours = float(r.get("hours", np.nan))
        measure = f"{r['family']}: {r['variant']}"
        out.append(Measure(key, r["family"], measure, label, value, hours, value / gdp, r["scope"]))
    return out


#: the conventions each row of the measures page reads (a test checks that no other moves it);
#: the price-of-production row, the ownership channel and the arbitrage rent are the accounts'
#: own numbers (their ranges are those of the Mexico–US page), captured − produced and the
#: embodied-labour rows read the traded pool (``me.stylised_pool``); the exchange-rate
#: deviation reads observed exports and price levels only
MEASURE_READS: dict[str, tuple[str, ...]] = {
    "m-pop": READS["price_transfer"],
    "m-cmp": sm.POOL_CONVENTIONS,
    "m-emb-at_us_wage": ("pool_basis",),  # net hours at an observed wage
    "m-emb-at_mx_wage": ("pool_basis",),
    "m-emb-at_melt": sm.POOL_CONVENTIONS,  # the pool's MELT reads the hours weighting
    "m-erd-us": (),
    "m-erd-all": (),
    "m-own": READS["repatriated_profit"],
    "m-arb": READS["labour_arbitrage_rent"],
}
_ACCOUNTS_ROWS = {"m-pop": "price_transfer", "m-own": "repatriated_profit",
                  "m-arb": "labour_arbitrage_rent"}  # fmt: skip


def measure_ranges(
    scenario: Scenario,
    default: Scenario,
    ranges: dict[str, ConventionRange],
    measures: list[Measure],
) -> dict[str, ConventionRange]:
    """Each row of the measures page over every combination of the conventions it reads
    (:data:`MEASURE_READS`), the default at ``default``'s conventions. ``ranges`` are the
    Mexico–US page's (:func:`convention_ranges`); the pool rows are one broadcast call of
    ``me.stylised_pool`` over the hours weighting × pool basis grid."""
    out = {key: ranges[name] for key, name in _ACCOUNTS_ROWS.items()}
    for m in measures:
        if not MEASURE_READS[m.key]:
            out[m.key] = ConventionRange(m.value, m.value, m.value, m.value, 1, 0, ())
    names = sm.POOL_CONVENTIONS
    axes, cur, dflt = _convention_axes(names, scenario, default)
    mesh = np.meshgrid(*axes, indexing="ij")
    p = {**scenario.parameters, **dict(zip(names, mesh, strict=True))}
    with np.errstate(all="ignore"):
        pool = me.stylised_pool(p)
        emb = me.embodied_labour_exchange(
            pool["hours_mx"], pool["hours_us"], pool["wage_us"], pool["wage_mx"], pool["melt"]
        )
        grids = {
            "m-cmp": me.captured_minus_produced(
                pool["value_mx"], pool["value_added_mx"], pool["melt"]
            ),
            **{f"m-emb-{k}": emb[k] for k in ("at_us_wage", "at_mx_wage", "at_melt")},
        }
    for key, grid in grids.items():
        reads = MEASURE_READS[key]
        sub = np.asarray(grid)[
            tuple(slice(None) if k in reads else cur[i] for i, k in enumerate(names))
        ].ravel()
        finite = sub[np.isfinite(sub)]
        at = tuple(dflt[i] if k in reads else cur[i] for i, k in enumerate(names))
        out[key] = ConventionRange(
            low=float(finite.min()) if finite.size else np.nan,
            high=float(finite.max()) if finite.size else np.nan,
            default=float(grid[at]),
            current=float(grid[tuple(cur)]),
            n=int(sub.size),
            not_viable=int(sub.size - finite.size),
            conventions=reads,
        )
    return out


# --------------------------------------------------------------------------- WIOD series

#: The choices of the WIOD page: (name, options, default). The defaults are those of
#: docs/model.md §7: simple labour (every hour equal, the headline series; the wage reduction
#: with US ratios is §7's reference *among* the complex-labour reductions), the MELT of the
#: traded product (the one consistent with the pool normalisation) and every industry's
#: capital in the equalisation.
WIOD_REDUCTIONS = ("simple", "wage", "education", "wage-pooled", "wage-national")
WIOD_MELT_BASES = ("traded", "home", "system")
WIOD_CAPITAL_SCOPES = ("all", "no-dwellings", "no-c28-c35")
WIOD_DEFAULT = {"convention": "simple", "melt_basis": "traded", "capital_scope": "all"}
WIOD_MELT_LABELS = {
    "traded": "MELT of the traded product (default)",
    "home": "Mexico's MELT",
    "system": "the MEX–USA system's MELT",
}
WIOD_SCOPE_LABELS = {
    "all": "every industry's capital (default)",
    "no-dwellings": "without real estate (c29: dwellings)",
    "no-c28-c35": "without c28–c35 (finance, real estate, business, public, personal services)",
}
_WIOD_KEEP = (
    "price_transfer_share_gdp",
    "price_transfer_share_gdp_by_side",
    "price_transfer_by_capital_scope",
    "price_transfer_seller_by_capital_scope",
    "melt",
    "melt_by_basis",
    "gdp",
    "hours_ratio_in_trade",
    "extrapolated",
)


def wiod_convention_series(
    conventions: str | tuple[str, ...], years: list[int] | None = None
) -> dict[str, xr.Dataset]:
    """``ue.run_wiod`` over 1995–2011 (or ``years``) for the given complex-labour reductions,
    reduced to what the WIOD page shows, one Dataset per convention (about 6 s per convention and
    10 s of loading on a quiet machine)."""
    conventions = (conventions,) if isinstance(conventions, str) else tuple(conventions)
    full = (
        run_wiod(conventions=list(conventions))
        if years is None  # run_wiod's own default: 1995–2011
        else run_wiod(conventions=list(conventions), years=years)
    )
    ds = full[list(_WIOD_KEEP)].load()
    ds["mexican_hours"] = mexican_hours(full)
    return {c: ds.sel(convention=[c]) for c in conventions}


# --------------------------------------------------------------------------- WIOD cache on disk

#: relocates the explorer's cache (a folder), or ``off`` disables it
CACHE_ENV = "UNEQUAL_EXCHANGE_CACHE_DIR"
_CACHE_OFF = frozenset({"off", "0", "no", "false", "none"})
_PACKAGE = Path(__file__).resolve().parents[1]
#: what the series depends on: the shipped data and the code that computes and reduces it
_KEY_SOURCES = ("calibration", "model", "scenarios")


class CacheWarning(UserWarning):
    """A cache file of the explorer could not be read or written: the page computes instead."""


def cache_dir() -> Path | None:
    """The explorer's cache folder: ``$UNEQUAL_EXCHANGE_CACHE_DIR`` if set (``off`` disables
    the cache: None), else ``$XDG_CACHE_HOME/unequal-exchange``, else
    ``~/.cache/unequal-exchange``."""
    where = os.environ.get(CACHE_ENV)
    if where is not None:
        return None if where.strip().lower() in _CACHE_OFF else Path(where).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "unequal-exchange"


def wiod_cache_key() -> str:
    """sha256 over the package version, every shipped data file and every source file of the
    layers that compute the series (calibration, model, scenarios) and of this module: any
    change to them gives a new key, and the series is computed again."""
    h = hashlib.sha256(f"unequal-exchange {__version__}\n".encode())
    files = {"explorer/core.py": Path(__file__)}
    for sub in _KEY_SOURCES:
        for f in (_PACKAGE / sub).rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                files[f.relative_to(_PACKAGE).as_posix()] = f
    for name in sorted(files):
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(files[name].read_bytes()).digest())
    return h.hexdigest()


def wiod_cache_path(key: str | None = None) -> Path | None:
    """The cache file of the WIOD series under ``key`` (default :func:`wiod_cache_key`), or
    None when the cache is off."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"wiod-series-{(key or wiod_cache_key())[:24]}.nc"


def load_wiod_cache(conventions: tuple[str, ...], key: str | None = None) -> dict | None:
    """The WIOD series of every convention from the cache file, or None: no cache, no file, a
    file written under another key, or a file that cannot be read (then with a
    :class:`CacheWarning`; the file is left as it is)."""
    key = key or wiod_cache_key()
    path = wiod_cache_path(key)
    if path is None or not path.is_file():
        return None
    try:
        with xr.open_dataset(path, engine="h5netcdf") as root:
            if root.attrs.get("cache_key") != key:
                return None
        out = {}
        for c in conventions:
            with xr.open_dataset(path, engine="h5netcdf", group=c) as ds:
                ds = ds.load()
            ds["extrapolated"] = ds["extrapolated"].astype(bool)  # netCDF stores it as int8
            missing = {*_WIOD_KEEP, "mexican_hours"} - set(ds.variables)
            if missing or list(ds.convention.values) != [c]:
                raise ValueError(f"convention {c!r} lacks {sorted(missing)}")
            out[c] = ds
        return out
    except Exception as exc:  # h5py, netCDF and xarray each raise their own
        warnings.warn(
            f"ignoring the explorer's WIOD cache {path}: it cannot be read "
            f"({type(exc).__name__}: {exc}); the series is computed instead (delete the file to "
            "let a new one be written)",
            CacheWarning,
            stacklevel=2,
        )
        return None


def save_wiod_cache(results: dict[str, xr.Dataset], key: str | None = None) -> Path | None:
    """Write the series of every convention to the cache atomically (a temporary file in the
    cache folder, renamed into place) and return its path; None if the cache is off or a file
    of that key is already there (it is never overwritten). A folder or disk that refuses the
    write gives a :class:`CacheWarning`, not an error."""
    key = key or wiod_cache_key()
    path = wiod_cache_path(key)
    if path is None or path.exists():
        return None
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".wiod-series-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        root = xr.Dataset(
            attrs={
                "cache_key": key,
                "package_version": __version__,
                "conventions": ",".join(results),
                "description": "the WIOD 1995–2011 series of the unequal-exchange explorer",
            }
        )
        root.to_netcdf(tmp, mode="w", engine="h5netcdf")
        for c, ds in results.items():
            ds.to_netcdf(tmp, mode="a", group=c, engine="h5netcdf")
        try:  # a hard link never replaces a file: another server's, written meanwhile, stays
            os.link(tmp, path)
        except FileExistsError:
            return None
        return path  # the temporary name is removed below
    except Exception as exc:  # a cache never stops the page: it warns
        warnings.warn(
            f"the explorer's WIOD cache could not be written to {path.parent} ({exc}); set "
            f"{CACHE_ENV} to another folder, or to 'off'",
            CacheWarning,
            stacklevel=2,
        )
        return None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)  # only the temporary file this call made


def mexican_hours(ds: xr.Dataset) -> xr.DataArray:
    """Hours worked in Mexico per year (Σ of ``run_wiod``'s ``hours`` over the MEX sectors), or
    the ``mexican_hours`` already computed by :func:`wiod_convention_series`."""
    if "mexican_hours" in ds:
        return ds["mexican_hours"]
    hours = ds["hours"]
    out = hours.where(hours.sector_country == "MEX", 0.0).sum("sector").load()
    return out.assign_attrs(units="h/yr", long_name="hours worked in Mexico (SEA H_EMP)")


def wiod_choice(ds: xr.Dataset, convention: str, melt_basis: str, capital_scope: str) -> dict:
    """The net bilateral transfer of ``run_wiod`` year by year under one choice, with its seller
    side (Mexico's loss on its exports to the USA) and the net hours as a share of the hours
    worked in Mexico (which no MELT enters).

    The transfer in hours does not depend on the MELT basis (docs/model.md §7): the scope's
    transfer (computed at the traded MELT) is converted to hours and back at the chosen MELT, so
    ``(all, basis)`` is ``price_transfer_by_melt`` and ``(scope, traded)`` is
    ``price_transfer_by_capital_scope`` exactly.
    """
    d = ds.sel(convention=convention) if "convention" in ds.dims else ds
    hours = d.price_transfer_by_capital_scope.sel(capital_scope=capital_scope) / d.melt
    usd = hours * d.melt_by_basis.sel(melt_basis=melt_basis)
    seller_hours = (
        d.price_transfer_seller_by_capital_scope.sel(capital_scope=capital_scope) / d.melt
    )
    seller = seller_hours * d.melt_by_basis.sel(melt_basis=melt_basis)
    return {
        "year": [int(y) for y in d.year.values],
        "usd": usd.values.astype(float),
        "hours": hours.values.astype(float),
        "share_gdp": (usd / d.gdp).values.astype(float),
        "seller_usd": seller.values.astype(float),
        "seller_share_gdp": (seller / d.gdp).values.astype(float),
        "share_mx_hours": (hours / mexican_hours(d)).values.astype(float),
        "melt": d.melt_by_basis.sel(melt_basis=melt_basis).values.astype(float),
        "hours_ratio": d.hours_ratio_in_trade.values.astype(float),
        "extrapolated": d.extrapolated.values.astype(bool),
    }


def wiod_worker(conn, conventions) -> None:
    """Compute :func:`wiod_convention_series` for each convention in turn and send
    ``(convention, Dataset)`` through ``conn`` (``(None, message)`` on an error), then write the
    whole series to the cache (:func:`save_wiod_cache`). Runs in a low-priority child process,
    so the page's callbacks keep the server's core."""
    try:
        os.nice(10)
    except OSError:  # not permitted: run at normal priority
        pass
    # the server stops the worker with SIGTERM: exit through the finally clauses, so a cache
    # file being written leaves no temporary file behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    results: dict[str, xr.Dataset] = {}
    try:
        # the default first (the page shows it as soon as it is here), then the rest at once
        for batch in (conventions[:1], conventions[1:]):
            for c, ds in wiod_convention_series(batch).items():
                conn.send((c, ds))
                results[c] = ds
    except UnequalExchangeError as exc:
        conn.send((None, str(exc)))
        return
    finally:
        conn.close()
    save_wiod_cache(results)
