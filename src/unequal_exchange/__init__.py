"""unequal-exchange: Marxian values, prices of production and Mexico–US unequal exchange.

The public API (see DESIGN §7) is re-exported here. Importing the package does no I/O and
compiles nothing; numba kernels compile (or load from cache) on first use.
"""

from __future__ import annotations

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
    UnequalExchangeError,
)
from .model.decompose import decompose
from .model.economy import Economy, ReducibleEconomyWarning
from .model.solve import solve
from .model.value_table import ValueTable, transform

__version__ = "0.1.0"

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
    "ScenarioError",
    "UnequalExchangeError",
    "ValueTable",
    "__version__",
    "decompose",
    "solve",
    "transform",
]
