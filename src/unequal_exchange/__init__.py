"""unequal-exchange: Marxian values, prices of production and Mexico–US unequal exchange.

The public API is re-exported here. Importing the package does no I/O and
compiles nothing; numba kernels compile (or load from cache) on first use.
"""

from __future__ import annotations

from ._version import __version__
from .calibration.fit import calibrate
from .calibration.wiod import wiod_economy
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
from .model.engine.decompose import decompose
from .model.engine.deviation import deviation
from .model.engine.economy import Economy, ReducibleEconomyWarning
from .model.engine.solve import solve
from .model.engine.value_table import ValueTable, transform
from .model.engine.values import labour_values, standard_commodity
from .scenarios.headlines import headlines
from .scenarios.measures import measures
from .scenarios.run import run
from .scenarios.scenario import Scenario, list_scenarios, load_scenario
from .scenarios.sensitivity import analyze, evaluate_sample, problem, sample, sensitivity
from .scenarios.simulate import simulate
from .scenarios.sweep import sweep
from .scenarios.validation import validate
from .scenarios.wiod import run_wiod
from .scenarios.wiod_sweep import sweep_wiod

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
    "analyze",
    "calibrate",
    "decompose",
    "deviation",
    "evaluate_sample",
    "headlines",
    "labour_values",
    "list_scenarios",
    "load_scenario",
    "measures",
    "problem",
    "run",
    "run_wiod",
    "sample",
    "sensitivity",
    "simulate",
    "solve",
    "standard_commodity",
    "sweep",
    "sweep_wiod",
    "transform",
    "validate",
    "wiod_economy",
]
