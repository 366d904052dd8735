"""Status codes written per economy by the batched solvers (kernels never raise)."""

from __future__ import annotations

OK = 0
NOT_PRODUCTIVE = 1  # spectral radius of the input matrix >= 1
WAGE_TOO_HIGH = 2  # no profit rate r >= 0 solves the system: the wage absorbs the surplus
NO_CONVERGENCE = 3  # an iteration (Perron–Frobenius or root) did not converge
NEGATIVE_PRICE = 4  # a solved price is zero or negative
DEGENERATE = 5  # normalisation undefined (e.g. zero total value) or no capital advanced

NAMES = {
    OK: "ok",
    NOT_PRODUCTIVE: "not productive: spectral radius of the input matrix >= 1",
    WAGE_TOO_HIGH: "wage at or above the maximum: no profit rate r >= 0",
    NO_CONVERGENCE: "solver did not converge",
    NEGATIVE_PRICE: "zero or negative price",
    DEGENERATE: "degenerate normalisation (zero target or no capital)",
}

# Normalisation codes shared by kernels and reference.
NORMALIZATIONS = {"total-price": 0, "total-profit": 1, "net-product": 2, "numeraire": 3}
WAGE_TIMING = {"advanced": 1, "post-factum": 0}


def flag_meanings() -> str:
    """CF-style ``flag_meanings`` string for a status variable."""
    return " ".join(NAMES[k].split(":")[0].replace(" ", "_") for k in sorted(NAMES))
