"""The general price system of one economy: depreciation, turnover, any weighted normalisation,
an exogenous profit rate, and non-viable real wages.

With C = A + D (inputs and depreciation used up per unit of output), B the capital advanced,
t the fraction of the period for which wages are advanced (t = 1: "advanced", 0: "post
factum") and w_j the money wage per hour of sector j, prices of production solve

    p = pC + w∘l + r (pB + t∘w∘l),  i.e.  p (I − C − rB) = (1 + r t)∘w∘l.

This is clptheory's capital-stock model (``ppnewint2``/``ppstdint2``, Basu and Moraitis 2023)
with B = K + A·diag(t): p = p(A + D) + wl + r(pK + (pA + wl) t). One economy at a time, plain
numpy and scipy root finding; the batched kernels keep the simple system (D = 0, t ∈ {0, 1}).
Functions return a status code (see :mod:`status`) rather than raising.
"""

from __future__ import annotations

import numpy as np

from . import status as st

XTOL = 1e-15
RTOL = 4 * np.finfo(float).eps
NON_VIABLE = 6  # status of a reported non-viable real-wage solution (r < 0)


def perron(m: np.ndarray, side: str = "left") -> tuple[float, np.ndarray]:
    """Dominant real eigenvalue of ``m`` and its eigenvector (left: q m = ρ q), Σ q = 1."""
    vals, vecs = np.linalg.eig(m.T if side == "left" else m)
    i = int(np.argmax(vals.real))
    q = vecs[:, i].real
    total = q.sum()
    return float(vals[i].real), q / total if total != 0 else q


def labour_values(cost: np.ndarray, labour: np.ndarray, complexity: np.ndarray) -> np.ndarray:
    """λ = (μ∘l)(I − C)⁻¹ with C = A + D."""
    n = cost.shape[0]
    return np.linalg.solve((np.eye(n) - cost).T, complexity * labour)


def max_profit_rate(cost: np.ndarray, capital: np.ndarray) -> tuple[float, np.ndarray]:
    """R = 1/ρ(B(I − C)⁻¹) and the zero-wage prices q (left Perron–Frobenius vector, Σ q = 1)."""
    n = cost.shape[0]
    z = capital @ np.linalg.inv(np.eye(n) - cost)
    rho, q = perron(z, "left")
    return (1.0 / rho if rho > 0 else np.inf), q


def standard_commodity(cost, capital, labour, complexity, output) -> tuple[np.ndarray, float]:
    """Sraffa's standard commodity q* (gross) and R.

    q* is the right Perron–Frobenius vector of (I − C)⁻¹B: its net product (I − C)q* is
    proportional, good by good, to the capital it uses, R (B q*) = (I − C) q*. It is scaled to
    employ the same (reduced) labour as the actual economy, (μ∘l)·q* = (μ∘l)·x (Sraffa 1960,
    §26). For B = C = A this is the right eigenvector of A.
    """
    n = cost.shape[0]
    rho, q = perron(np.linalg.solve(np.eye(n) - cost, capital), "right")
    q = np.abs(q)
    ml = complexity * labour
    q = q * (ml @ output) / (ml @ q)
    return q, (1.0 / rho if rho > 0 else np.inf)


def _scale(p, weights, target):
    denom = float(p @ weights)
    if not (denom > 0 and target > 0 and np.isfinite(denom)):
        return None
    return p * (target / denom)


def _wage_prices(cost, capital, wl, t, r):
    """p(r) = ((1 + r t)∘w∘l)(I − C − rB)⁻¹ for the wage bill per unit w∘l."""
    n = cost.shape[0]
    return np.linalg.solve((np.eye(n) - cost - r * capital).T, (1.0 + r * t) * wl)


def solve_value_wage(cost, capital, wl, t, new_value, output, weights, target, total_profit):
    """r ∈ [0, R) from the normalisation p(r)·y = c (or Σ profit = Σ surplus value).

    Returns (p, r, status).
    """
    big_r, q = max_profit_rate(cost, capital)
    if not np.any(wl > 0):
        if not np.isfinite(big_r):
            return None, np.nan, st.DEGENERATE
        if total_profit:
            p = _scale(q, big_r * (capital @ output), new_value)
        else:
            p = _scale(q, weights, target)
        return (p, big_r, st.OK) if p is not None else (None, np.nan, st.DEGENERATE)
    bx = capital @ output
    twlx = float((t * wl) @ output)
    surplus = new_value - float(wl @ output)

    def g(r):
        p = _wage_prices(cost, capital, wl, t, r)
        if total_profit:
            return r * (float(p @ bx) + twlx) - surplus
        return float(p @ weights) - target

    if total_profit and surplus <= 0:
        return None, np.nan, st.WAGE_TOO_HIGH
    if not total_profit and not target > 0:
        return None, np.nan, st.DEGENERATE
    g0 = g(0.0)
    if g0 >= 0:
        return None, np.nan, st.WAGE_TOO_HIGH
    if np.isfinite(big_r):
        # p(r) grows without bound as r → R: bracket the root between 0 and R(1 − 2⁻ᵏ)
        for k in range(1, 53):
            hi = big_r * (1.0 - 2.0**-k)
            if g(hi) > 0:
                break
        else:
            return None, np.nan, st.NO_CONVERGENCE
    else:
        hi = 1.0
        while g(hi) <= 0:
            hi *= 2.0
            if hi > 1e12:
                return None, np.nan, st.DEGENERATE
    from scipy.optimize import brentq  # lazy: scipy stays out of import

    r = brentq(g, 0.0, hi, xtol=XTOL, rtol=RTOL, maxiter=500)
    p = _wage_prices(cost, capital, wl, t, r)
    # impose the normalisation exactly (the root is accurate to rounding)
    if not total_profit:
        p = p * (target / float(p @ weights))
    return p, float(r), st.OK


def solve_real_wage(cost, capital, basket, labour, t, allow_nonviable=False):
    """r and relative prices with the basket b (column j per hour of sector j's workers).

    M = C + b·diag(l) (goods used up, wage goods included) and K = B + b·diag(t∘l):
    p(I − M) = r pK. Viable (ρ(M) < 1): 1/r = ρ(K(I − M)⁻¹). Non-viable (ρ(M) ≥ 1), only with
    ``allow_nonviable``: the r < 0 with ρ(M + rK) = 1 (for B = A, t = 1 this is clptheory's
    ``ppstdint1`` r = 1/ρ(A + bl) − 1). Returns (q, r, status) with Σ q = 1.
    """
    n = cost.shape[0]
    bl = basket * labour[None, :]
    m = cost + bl
    k = capital + bl * t[None, :]
    rho_m, _ = perron(m, "left")
    if rho_m < 1.0:
        rho, q = perron(k @ np.linalg.inv(np.eye(n) - m), "left")
        if not rho > 0:
            return None, np.nan, st.DEGENERATE
        return q, 1.0 / rho, st.OK
    if not allow_nonviable:
        return None, np.nan, st.WAGE_TOO_HIGH
    # smallest r keeping M + rK non-negative; ρ(M + rK) increases with r on that range
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(k > 0, m / np.where(k > 0, k, 1.0), np.inf)
    r_lo = -float(ratios.min()) if np.isfinite(ratios.min()) else -np.inf
    if not np.isfinite(r_lo):
        return None, np.nan, st.DEGENERATE

    def f(r):
        return perron(m + r * k, "left")[0] - 1.0

    if f(r_lo) > 0:  # even the lowest admissible r leaves ρ(M + rK) above one
        return None, np.nan, st.DEGENERATE
    from scipy.optimize import brentq  # lazy: scipy stays out of import

    r = brentq(f, r_lo, 0.0, xtol=XTOL, rtol=RTOL, maxiter=500)
    _, q = perron(m + r * k, "left")
    return q, float(r), NON_VIABLE


def solve_profit_rate(cost, capital, wage_dir, t, r, labour, weights, target, kind):
    """Prices and the wage scale for a given profit rate r ∈ [0, R].

    ``kind`` "value-wage": money wages κω, p = κ((1 + r t)∘ω∘l)(I − C − rB)⁻¹;
    "real-wage": basket s·b, 1/s = ρ(b·diag((1 + r t)∘l)(I − C − rB)⁻¹), p its left vector.
    Returns (p, scale, status); the normalisation p·y = c fixes p (and κ).
    """
    n = cost.shape[0]
    big_r, q_max = max_profit_rate(cost, capital)
    if r >= big_r * (1.0 - 1e-12):  # zero wage (R to rounding): p ∝ the zero-wage prices
        p = _scale(q_max, weights, target)
        return (p, 0.0, st.OK) if p is not None else (None, np.nan, st.DEGENERATE)
    if kind == "value-wage":
        pu = _wage_prices(cost, capital, wage_dir * labour, t, r)
        p = _scale(pu, weights, target)
        if p is None:
            return None, np.nan, st.DEGENERATE
        return p, target / float(pu @ weights), st.OK
    lt = (1.0 + r * t) * labour
    z = (wage_dir * lt[None, :]) @ np.linalg.inv(np.eye(n) - cost - r * capital)
    rho, q = perron(z, "left")
    if not rho > 0:
        return None, np.nan, st.DEGENERATE
    p = _scale(q, weights, target)
    return (p, 1.0 / rho, st.OK) if p is not None else (None, np.nan, st.DEGENERATE)
