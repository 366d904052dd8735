"""Exceptions of the package: every message says what is wrong and what to change.

All errors derive from :class:`UnequalExchangeError`, itself a :class:`ValueError`, so callers can
catch the whole family or one kind. One kind of mistake raises one type, whichever function
receives it (``tests/test_errors.py`` feeds the same mistakes to ``run``, ``simulate``,
``sweep``, ``sensitivity`` and ``problem``):

======================================================  ======================================
Mistake                                                 Raised
======================================================  ======================================
unknown parameter name, value outside its domain, not   :class:`ParameterError` (``problems``
a number, relation between parameters broken, unknown   lists every one; message
option/method/output/model, bad seed or sample size     ``"unknown parameter 'x' (did you
                                                        mean 'y'?)"``, ``"x = v is outside
                                                        its domain [a, b] (units: ...)"``)
the same mistakes inside a scenario file or             :class:`ScenarioError` (each problem
definition, an unknown scenario, a bad shock            prefixed by the file)
input arrays or tables: wrong shape, negative or        :class:`InputError`
non-finite entries, inconsistent labels, a file that
exists; a sweep too large for memory                    :class:`SweepTooLargeError`
an economy that cannot reproduce itself                 :class:`NotProductiveError`
no surplus at the wage: no profit rate r >= 0; a        :class:`NonViableError`
scenario or every sample block not viable
wage closure: neither or both given                     :class:`ClosureError`
spurious negative prices                                :class:`NegativePriceError`
an iterative solver (or the calibration) not converged  :class:`ConvergenceError`
numeraire missing, unknown or not allowed               :class:`NumeraireError`
a decomposition asked for what it cannot split          :class:`DecompositionError`
an accounting identity broken after a solve (a bug)     :class:`InvariantError`
======================================================  ======================================
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class UnequalExchangeError(ValueError):
    """Base class of every error raised by ``unequal_exchange``."""


class InputError(UnequalExchangeError):
    """Input data with a wrong shape, a negative or non-finite entry, or an inconsistent label."""


class NotProductiveError(UnequalExchangeError):
    """The input matrix cannot reproduce itself: its spectral radius is at least one."""


class NonViableError(UnequalExchangeError):
    """The wage leaves no surplus: no profit rate r >= 0 solves the price system."""


class ClosureError(UnequalExchangeError):
    """Neither or both of the two wage closures (value wage, real-wage basket) were given."""


class NegativePriceError(UnequalExchangeError):
    """The solved prices have a negative component (a spurious root or a reducible economy)."""


class ConvergenceError(UnequalExchangeError):
    """An iterative solver did not converge."""


class NumeraireError(UnequalExchangeError):
    """The numeraire is missing, unknown or not allowed with the chosen normalisation."""


class InvariantError(UnequalExchangeError):
    """An accounting identity that must hold after a solve does not (a bug: please report it)."""


class DecompositionError(UnequalExchangeError):
    """A factor decomposition was asked for something it cannot split."""


class ParameterError(UnequalExchangeError):
    """One or more model parameters are unknown or outside their valid domain."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ScenarioError(UnequalExchangeError):
    """A scenario file or scenario definition is invalid; ``problems`` lists every issue."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class SweepTooLargeError(InputError):
    """An in-memory sweep would not fit in the memory available; stream it to disk instead."""

    def __init__(self, message: str, points: int, needed: float, available: float):
        self.points, self.needed, self.available = points, needed, available
        super().__init__(message)


class SmallSampleWarning(UserWarning):
    """A sensitivity sample too small for its indices to be trusted; the message says how large
    a sample to use."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest of ``choices``, or an empty string.

    Case is ignored in the comparison (``MAQUILA_WAGE_RATIO`` suggests ``maquila_wage_ratio``);
    the suggestion keeps the choice's own spelling, the one name the package accepts.
    """
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(str(choice).lower(), str(choice))
    close = difflib.get_close_matches(str(name).lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean {by_lower[close[0]]!r}?)" if close else ""
