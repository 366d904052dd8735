"""unequal-exchange: Marxian values, prices of production and Mexico–US unequal exchange.

The public API (see DESIGN §7) is re-exported here. Importing the package does no I/O and
compiles nothing; numba kernels compile (or load from cache) on first use.
"""

from __future__ import annotations

from importlib.metadata import version as _distribution_version

from .errors import (
    ClosureError,
    ConvergenceError,
    DecompositionError,
    InputError,
    InvariantError,
    NegativePriceError,
    NonViableError,
    NotProductiveError,
    NumeraireError,
    ParameterError,
    ScenarioError,
    SmallSampleWarning,
    SweepTooLargeError,
    UnequalExchangeError,
)
from .model.decompose import decompose
from .model.economy import Economy, ReducibleEconomyWarning
from .model.solve import solve
from .model.value_table import ValueTable, transform
from .scenarios.run import run
from .scenarios.scenario import Scenario, list_scenarios, load_scenario
from .scenarios.simulate import simulate
from .scenarios.sweep import sweep


def sensitivity(
    scenario_or_name="baseline",
    method="sobol",
    n=256,
    outputs=("price_transfer",),
    parameters=None,
    seed=20111,
    **kwargs,
):
    """Global sensitivity (SALib Sobol or Morris) of model outputs over plausible ranges."""
    from .scenarios.sensitivity import sensitivity as _sensitivity

    return _sensitivity(
        scenario_or_name,
        method=method,
        n=n,
        outputs=outputs,
        parameters=parameters,
        seed=seed,
        **kwargs,
    )


def calibrate():
    """Derive and fit the baseline parameters from the shipped data (a CalibrationResult)."""
    from .calibration.fit import calibrate as _calibrate

    return _calibrate()


def validate(scenario="baseline"):
    """Model results beside published estimates, with citations (an xarray Dataset)."""
    from .validation import validate as _validate

    return _validate(scenario)


__version__ = _distribution_version("unequal-exchange")

__all__ = [
    "ClosureError",
    "ConvergenceError",
    "DecompositionError",
    "Economy",
    "InputError",
    "InvariantError",
    "NegativePriceError",
    "NonViableError",
    "NotProductiveError",
    "NumeraireError",
    "ParameterError",
    "ReducibleEconomyWarning",
    "Scenario",
    "ScenarioError",
    "SmallSampleWarning",
    "SweepTooLargeError",
    "UnequalExchangeError",
    "ValueTable",
    "__version__",
    "calibrate",
    "decompose",
    "list_scenarios",
    "load_scenario",
    "run",
    "sensitivity",
    "simulate",
    "solve",
    "sweep",
    "transform",
    "validate",
]
