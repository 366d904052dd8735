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

import json
import math
import re
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import xarray as xr

from .._version import __version__
from ..errors import UnequalExchangeError
from ..model.mexico_us import accounts as mu
from ..model.mexico_us.parameters import CONVENTIONS, PARAMETERS, Parameter
from ..scenarios.run import MIGRATION_ATTRS, RUN_VARIABLES, run, to_dataset
from ..scenarios.scenario import Scenario, load_scenario, write_scenario
from ..scenarios.sweep import evaluate_points, parameter_matrix


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
    Control("hours_weighting", 0.0, 1.0, 0.01, "valuation convention"),
)
CONTROL_NAMES = tuple(c.name for c in CONTROLS)

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
SPLIT_ROWS: tuple[str, ...] = ("wage", "composition", "intensity", "structural")
SPLIT_LABELS = {
    "wage": "wage-per-hour gap (Emmanuel's factors; strict sense only at equal intensity)",
    "composition": "capital-per-hour gap (Emmanuel's factors; not Marx's K/v)",
    "intensity": "intensity (value created per hour)",
    "structural": "structural remainder",
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

    @property
    def result(self) -> xr.Dataset:
        """The labelled Dataset of the current scenario (built on first use after a change)."""
        if self._result is None:
            self._result = label(self.accounts, self.scenario)
        return self._result

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
        self._result = None
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
    scale, shown = _SCALES.get(units, (1.0, units))
    return f"{value / scale:,.2f}", shown


FACTOR_NAMES = (*mu.FACTORS, "structural")  # the order of price_transfer_by_factor


def row(acc: dict[str, np.ndarray], name: str) -> tuple[float, str, str, str]:
    """(raw value, shown number, shown units, long_name) of a scalar variable of ``run``."""
    units, long_name, _ = RUN_VARIABLES[name]
    value = float(acc[name])
    number, shown = display(value, units)
    return value, number, shown, long_name


def split_row(acc: dict[str, np.ndarray], factor: str) -> tuple[float, str, str, str]:
    """The same for one factor of ``price_transfer_by_factor``."""
    units = RUN_VARIABLES["price_transfer_by_factor"][0]
    value = float(acc["price_transfer_by_factor"][FACTOR_NAMES.index(factor)])
    number, shown = display(value, units)
    return value, number, shown, SPLIT_LABELS[factor]
