"""Input–output economies: the data of a simultaneous (Bortkiewicz–Sraffa) valuation.

n goods, one per sector. ``inputs`` A[i, j] is the quantity of good i used up per unit of good j;
``labour`` l_j the direct hours per unit of good j; ``output`` x_j gross output; ``capital`` B[i, j]
the stock of good i advanced per unit of good j (default B = A: circulating capital advanced for
one period); ``complexity`` μ_j the value created per hour relative to simple labour (default 1);
``depreciation`` D[i, j] the stock of good i used up (worn out) per unit of good j, a cost beside
A (default 0); ``turnover`` t_j the fraction of the period for which sector j's wages are advanced
(used with ``solve(..., wages="turnover")``; clptheory's turnover matrix diag(t)).

Exactly one wage closure is given: ``wage`` ω (value units per hour, scalar or per sector; the
value-wage closure of Emmanuel) or ``wage_basket`` b (goods per hour: a vector common to all
sectors, or an (n, n) matrix whose column j is the basket per hour of sector j's workers).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import ClosureError, InputError, NotProductiveError
from ._labels import as_matrix, as_vector, country_labels, sector_labels


class ReducibleEconomyWarning(UserWarning):
    """The input matrix is reducible: some prices may be zero or not unique."""


@dataclass(frozen=True, eq=False)
class Economy:
    """A validated, immutable input–output economy (n goods, one per sector).

    Parameters
    ----------
    inputs : array_like, shape (n, n)
        A[i, j], the quantity of good i used up per unit of good j.
    labour : array_like, shape (n,)
        Direct hours per unit of each good, l_j.
    output : array_like, shape (n,)
        Gross output x_j (at least one entry positive).
    wage : float or array_like, optional
        Value wage ω per hour (scalar or per sector), value units per hour: Emmanuel's
        value-wage closure. Give exactly one of ``wage`` and ``wage_basket``.
    wage_basket : array_like, optional
        Goods per hour: a vector common to all sectors, or an (n, n) matrix whose column j is
        the basket of sector j's workers (the real-wage closure).
    capital : array_like, shape (n, n), optional
        B[i, j], stock of good i advanced per unit of good j (default ``inputs``).
    complexity : array_like, shape (n,), optional
        μ_j, value created per hour relative to simple labour (default 1).
    depreciation : array_like, shape (n, n), optional
        D[i, j], the quantity of good i used up as depreciation per unit of good j: a cost in
        the price equation and in labour values, λ = (μ∘l)(I − A − D)⁻¹ (default 0).
    turnover : array_like, shape (n,), optional
        t_j ≥ 0, the fraction of the period for which sector j's wages are advanced
        (profit is earned on t_j w_j l_j). Used when ``solve`` is called with
        ``wages="turnover"`` (the default when this is given).
    sectors : sequence of str, optional
        Sector names (default ``sector_0``, ...).
    countries : sequence of str, optional
        Country of each sector; needed by :func:`decompose`.

    Raises
    ------
    InputError
        If a matrix or vector has the wrong shape, or NaN, infinite or negative entries.
    ClosureError
        If both or neither of ``wage`` and ``wage_basket`` are given.
    NotProductiveError
        If the spectral radius of ``inputs`` is not below one.

    Warns
    -----
    ReducibleEconomyWarning
        If the input matrix is reducible (prices may be zero or not unique).

    See Also
    --------
    solve, decompose

    Examples
    --------
    A two-sector economy, "corn" produced in Mexico and "iron" in the US, with a lower value
    wage in Mexico:

    >>> import unequal_exchange as ue
    >>> e = ue.Economy(
    ...     inputs=[[0.2, 0.3], [0.1, 0.2]], labour=[1.0, 0.5], output=[10.0, 20.0],
    ...     wage=[0.4, 0.6], sectors=["corn", "iron"], countries=["Mexico", "US"],
    ... )
    >>> e.n_sectors, e.closure
    (2, 'value-wage')
    >>> e  # a summary; the arrays are e.inputs, e.labour, ...
    Economy(2 sectors: corn, iron; countries: Mexico 1, US 1; closure 'value-wage';
            spectral radius of A + D 0.373; hours 20)
    >>> e.replace(wage=0.5).wage.tolist()
    [0.5, 0.5]

    Depreciation D and a per-sector turnover t of the wages advanced (clptheory's
    capital-stock model, with capital B = K + A·diag(t)):

    >>> k = e.replace(depreciation=[[0.01, 0.0], [0.02, 0.03]], turnover=[0.3, 0.5])
    >>> k.cost_matrix.round(2).tolist()
    [[0.21, 0.3], [0.12, 0.23]]
    """

    inputs: np.ndarray
    labour: np.ndarray
    output: np.ndarray
    wage: np.ndarray | None
    wage_basket: np.ndarray | None
    capital: np.ndarray
    complexity: np.ndarray
    depreciation: np.ndarray
    turnover: np.ndarray | None
    sectors: tuple[str, ...]
    countries: tuple[str, ...] | None

    def __init__(
        self,
        inputs,
        labour,
        output,
        wage=None,
        wage_basket=None,
        capital=None,
        complexity=None,
        sectors: Sequence[str] | None = None,
        countries: Sequence[str] | None = None,
        depreciation=None,
        turnover=None,
    ):
        try:
            a = np.asarray(inputs, dtype=np.float64)
        except (TypeError, ValueError) as exc:  # text, or rows of different lengths
            raise InputError(
                f"inputs must be a square (n, n) matrix of numbers, got {inputs!r}"
            ) from exc
        if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
            raise InputError(f"inputs must be a square (n, n) matrix, got shape {np.shape(a)}")
        n = a.shape[0]
        a = as_matrix("inputs", a, n)
        l = as_vector("labour", labour, n)
        x = as_vector("output", output, n)
        if x.sum() <= 0:
            raise InputError("output must have at least one positive entry")
        if (wage is None) == (wage_basket is None):
            raise ClosureError(
                "give exactly one wage closure: wage= (value wage per hour, Emmanuel's closure) "
                "or wage_basket= (goods per hour, the real-wage closure); got "
                + ("both" if wage is not None else "neither")
            )
        w = as_vector("wage", wage, n) if wage is not None else None
        b = None
        if wage_basket is not None:
            try:
                bb = np.asarray(wage_basket, dtype=np.float64)
            except (TypeError, ValueError) as exc:
                raise InputError(f"wage_basket must be numbers, got {wage_basket!r}") from exc
            if bb.ndim == 1:
                bb = np.repeat(as_vector("wage_basket", bb, n)[:, None], n, axis=1)
            b = as_matrix("wage_basket", bb, n)
        k = a.copy() if capital is None else as_matrix("capital", capital, n)
        mu = (
            np.ones(n)
            if complexity is None
            else as_vector("complexity", complexity, n, allow_zero=False)
        )
        d = np.zeros((n, n)) if depreciation is None else as_matrix("depreciation", depreciation, n)
        t = None
        if turnover is not None:
            t = as_vector("turnover", turnover, n)
        check_productive(a, "inputs")
        if depreciation is not None:
            check_productive(a + d, "inputs + depreciation")
        basic = a + d + k if b is None else a + d + k + b * l[None, :]
        if not is_irreducible(basic):
            warnings.warn(
                "the input and capital matrices are reducible (some sector uses nothing, "
                "directly or indirectly, from another): prices of non-basic goods may be "
                "zero or not unique",
                ReducibleEconomyWarning,
                stacklevel=2,
            )
        values = {
            "inputs": a,
            "labour": l,
            "output": x,
            "wage": w,
            "wage_basket": b,
            "capital": k,
            "complexity": mu,
            "depreciation": d,
            "turnover": t,
        }
        for name, arr in values.items():
            if arr is not None:
                arr = arr.copy()
                arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "sectors", sector_labels(sectors, n))
        object.__setattr__(self, "countries", country_labels(countries, n))

    def __repr__(self) -> str:
        """A summary, never the arrays (a 140-sector table would print ~250 lines)."""
        n = self.n_sectors
        names = list(self.sectors) if n <= 6 else [*self.sectors[:3], "…", *self.sectors[-2:]]
        parts = [f"{n} sector{'s' if n != 1 else ''}: {', '.join(names)}"]
        if self.countries is not None:
            count = dict.fromkeys(self.countries, 0)
            for c in self.countries:
                count[c] += 1
            parts.append("countries: " + ", ".join(f"{c} {k}" for c, k in count.items()))
        parts.append(f"closure {self.closure!r}")
        rho = float(np.max(np.abs(np.linalg.eigvals(self.cost_matrix))))
        parts.append(f"spectral radius of A + D {rho:.3g}")
        parts.append(f"hours {float(self.labour @ self.output):.4g}")
        if self.turnover is not None:
            parts.append("wages advanced by turnover")
        return f"Economy({'; '.join(parts)})"

    @property
    def n_sectors(self) -> int:
        return self.inputs.shape[0]

    @property
    def closure(self) -> str:
        """``"value-wage"`` (ω given) or ``"real-wage"`` (basket given)."""
        return "value-wage" if self.wage is not None else "real-wage"

    @property
    def cost_matrix(self) -> np.ndarray:
        """A + D: goods used up per unit of output (inputs plus depreciation)."""
        return self.inputs + self.depreciation

    def replace(self, **changes) -> Economy:
        """A copy with some fields changed (validated again)."""
        fields: dict[str, Any] = {
            "inputs": self.inputs,
            "labour": self.labour,
            "output": self.output,
            "wage": self.wage,
            "wage_basket": self.wage_basket,
            "capital": self.capital,
            "complexity": self.complexity,
            "sectors": self.sectors,
            "countries": self.countries,
            "depreciation": self.depreciation,
            "turnover": self.turnover,
        }
        fields.update(changes)
        return Economy(**fields)


def productive_margin(a: np.ndarray) -> np.ndarray:
    """u = 1ᵀ(I − A)⁻¹. For A ≥ 0, ρ(A) < 1 if and only if u exists and u > 0.

    (If ρ(A) < 1, u = Σ 1ᵀAᵏ ≥ 1. Conversely u > 0 with uA = u − 1 < u gives ρ(A) < 1 by the
    Collatz–Wielandt bound.)
    """
    n = a.shape[-1]
    try:
        return np.linalg.solve(np.swapaxes(np.eye(n) - a, -1, -2), np.ones(a.shape[:-1]))
    except np.linalg.LinAlgError:
        return np.full(a.shape[:-1], np.nan)


def check_productive(a: np.ndarray, name: str) -> None:
    """Raise :class:`NotProductiveError` unless the spectral radius of ``a`` is below one."""
    u = productive_margin(a)
    if not np.all(np.isfinite(u)) or np.any(u <= 0):
        rho = float(np.max(np.abs(np.linalg.eigvals(a))))
        raise NotProductiveError(
            f"{name} is not productive: its spectral radius is {rho:.6g} >= 1, so the economy "
            "cannot reproduce its own inputs. Lower the input coefficients (each column's "
            "inputs per unit of output)."
        )


def is_irreducible(m: np.ndarray) -> bool:
    """A square non-negative matrix is irreducible iff (I + M)^(n−1) has no zero entry."""
    n = m.shape[0]
    reach = (np.eye(n) + (m > 0)).astype(bool)
    for _ in range(max(1, int(np.ceil(np.log2(max(n - 1, 1)))) + 1)):
        reach = (reach.astype(np.int64) @ reach.astype(np.int64)) > 0
    return bool(reach.all())
