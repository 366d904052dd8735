"""Plain-numpy reference implementation of the price system, vectorised over economies.

The same equations as :mod:`unequal_exchange.model.engine.kernels`, written for clarity:
eigenvalues and
eigenvectors come from LAPACK (``numpy.linalg.eig``) rather than power iteration, so the two
implementations check each other. Every function takes stacks: A, B and b are (N, n, n); l, μ, x,
ω are (N, n). Nothing here raises for a non-viable economy: a status code per economy is returned
(see :mod:`unequal_exchange.model.status`).
"""

from __future__ import annotations

import numpy as np

from . import status as st

TOL = 1e-13
MAX_ITER = 200
NEAR_MAX_WAGE_SHARE = 1e-3  # see kernels._impose_normalisation


def _row_solve(m: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve the row-vector systems y m = rhs for stacks m (N, n, n), rhs (N, n)."""
    return np.linalg.solve(np.swapaxes(m, -1, -2), rhs[..., None])[..., 0]


def _eye_like(a: np.ndarray) -> np.ndarray:
    return np.broadcast_to(np.eye(a.shape[-1]), a.shape)


def labour_values(a, labour, complexity) -> np.ndarray:
    """λ = (μ∘l)(I − A)⁻¹, hours of simple labour per unit of each good."""
    return _row_solve(_eye_like(a) - a, complexity * labour)


def perron_root_left(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dominant eigenvalue ρ and left eigenvector q (q z = ρ q, q ≥ 0, Σ q = 1) of each z."""
    vals, vecs = np.linalg.eig(np.swapaxes(z, -1, -2))
    idx = np.argmax(vals.real, axis=-1)
    rho = np.take_along_axis(vals.real, idx[:, None], axis=-1)[:, 0]
    q = np.take_along_axis(vecs.real, idx[:, None, None], axis=-1)[..., 0]
    total = q.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = q / np.where(total == 0, 1.0, total)
    return rho, q


def max_profit_rate(a, capital) -> np.ndarray:
    """R = 1 / ρ(B (I − A)⁻¹): the profit rate at zero wages (inf if no capital is needed)."""
    return _max_profit(a, capital)[0]


def _max_profit(a, capital) -> tuple[np.ndarray, np.ndarray]:
    """R and the prices at zero wages: q (Σ q = 1) with q(I − A) = R qB, the left
    Perron–Frobenius vector of B (I − A)⁻¹."""
    z = np.swapaxes(_row_solve_matrix(_eye_like(a) - a, capital), -1, -2)
    rho, q = perron_root_left(z)
    with np.errstate(divide="ignore"):
        return np.where(rho > 0, 1.0 / np.where(rho > 0, rho, 1.0), np.inf), q


def _row_solve_matrix(m, k):
    """Return (k m⁻¹)ᵀ = m⁻ᵀ kᵀ for stacks."""
    return np.linalg.solve(np.swapaxes(m, -1, -2), np.swapaxes(k, -1, -2))


def _targets(norm, numeraire, a, labour, complexity, output, lam, wage_value):
    """Weights y and target c of the normalisation p·y = c (total-profit handled apart)."""
    new_value = np.einsum("ei,ei->e", complexity * labour, output)
    if norm == st.NORMALIZATIONS["total-price"]:
        return output, np.einsum("ei,ei->e", lam, output)
    if norm == st.NORMALIZATIONS["net-product"]:
        net = output - np.einsum("eij,ej->ei", a, output)
        return net, new_value
    if norm == st.NORMALIZATIONS["numeraire"]:
        y = np.zeros_like(output)
        y[:, numeraire] = 1.0
        return y, np.ones(output.shape[0])
    raise ValueError(f"unknown normalisation code {norm}")


def solve_value_wage(a, capital, labour, complexity, output, wage, norm=0, numeraire=0, advanced=1):
    """Emmanuel's closure: ω (value units per hour) given, r from the normalisation.

    Wages advanced: p = (1 + r) (ω∘l)(I − A − rB)⁻¹; post factum: p = (ω∘l)(I − A − rB)⁻¹.
    r ∈ [0, R) is the root of the normalisation condition, found by Newton's method safeguarded
    by bisection (all conditions are increasing in r for non-negative weights).

    Returns (lam, price, r, R, status).
    """
    n_econ, n = labour.shape
    eye = np.eye(n)
    lam = labour_values(a, labour, complexity)
    big_r, zero_wage_price = _max_profit(a, capital)
    w = wage * labour
    status = np.zeros(n_econ, dtype=np.int8)
    status[~np.all(np.isfinite(lam), axis=1) | np.any(lam < 0, axis=1)] = st.NOT_PRODUCTIVE
    total_profit = norm == st.NORMALIZATIONS["total-profit"]
    if total_profit:
        bx = np.einsum("eij,ej->ei", capital, output)
        wx = np.einsum("ei,ei->e", w, output)
        target = np.einsum("ei,ei->e", complexity * labour, output) - wx
    else:
        y, target = _targets(norm, numeraire, a, labour, complexity, output, lam, wage)

    def condition(r):
        m = eye - a - r[:, None, None] * capital
        z = _row_solve(m, w)
        p = (1.0 + advanced * r)[:, None] * z
        dp = _row_solve(m, advanced * w + np.einsum("ei,eij->ej", p, capital))
        if total_profit:
            base = np.einsum("ei,ei->e", p, bx) + advanced * wx
            g = r * base - target
            dg = base + r * np.einsum("ei,ei->e", dp, bx)
        else:
            g = np.einsum("ei,ei->e", p, y) - target
            dg = np.einsum("ei,ei->e", dp, y)
        return g, dg, p

    scale = np.maximum(np.abs(target), 1e-300)
    r = np.zeros(n_econ)
    lo = np.zeros(n_econ)
    hi = big_r.copy()
    g, dg, p = condition(r)
    no_target = (status == st.OK) & ~(target > 0)
    status[no_target] = st.WAGE_TOO_HIGH if total_profit else st.DEGENERATE
    status[(status == st.OK) & (g >= 0)] = st.WAGE_TOO_HIGH
    active = status == st.OK
    done = ~active
    # Newton starts at the value rate of profit S / (λBx + adv·ω·l·x), as in the kernels
    surplus = np.einsum("ei,ei->e", complexity * labour - w, output)
    cap_value = np.einsum("ej,ej->e", np.einsum("ei,eij->ej", lam, capital), output)
    cap_value = cap_value + advanced * np.einsum("ei,ei->e", w, output)
    with np.errstate(divide="ignore", invalid="ignore"):
        guess = np.where((surplus > 0) & (cap_value > 0), surplus / cap_value, 0.0)
    guess = np.where(guess < 0.9 * hi, guess, np.where(np.isfinite(hi), 0.5 * hi, 0.0))
    r = np.where(active, guess, 0.0)
    g, dg, p = condition(r)
    for _ in range(MAX_ITER):
        if done.all():
            break
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(dg > 0, g / dg, np.nan)
        neg = g < 0
        lo = np.where(neg & ~done, r, lo)
        hi = np.where(~neg & ~done, r, hi)
        r_new = r - step
        inside = np.isfinite(r_new) & (r_new > lo) & (r_new < hi)
        mid = np.where(np.isfinite(hi), 0.5 * (lo + hi), 2.0 * lo + 1.0)
        r_new = np.where(inside, r_new, mid)
        converged = (np.abs(g) <= TOL * scale) | (np.abs(r_new - r) <= TOL * (1.0 + r))
        done = done | converged
        r = np.where(done, r, r_new)
        g_new, dg_new, p_new = condition(r)
        g = np.where(done, g, g_new)
        dg = np.where(done, dg, dg_new)
        p = np.where(done[:, None], p, p_new)
    # one final evaluation at the accepted r so that p matches r exactly
    _, _, p = condition(r)
    # zero wages: the maximum-profit economy, r = R and p ∝ the left Perron–Frobenius vector
    # of B(I − A)⁻¹ (the iteration above would only drive p = (1 + r)·0·(…)⁻¹ to zero)
    zero_wage = active & np.all(w == 0.0, axis=1)
    status[zero_wage & ~np.isfinite(big_r)] = st.DEGENERATE
    zero_wage &= np.isfinite(big_r)
    r = np.where(zero_wage, big_r, r)
    p = np.where(zero_wage[:, None], zero_wage_price, p)
    wx_all = np.einsum("ei,ei->e", w, output)
    done = done | zero_wage
    # near R, I − A − rB is nearly singular and p(r) ∝ ω/(R − r): its direction is accurate
    # but its size carries the rounding of r amplified by R/(R − r). The normalisation fixes
    # the size, so it is imposed exactly here (for well-conditioned economies the factor is
    # 1 to rounding)
    if total_profit:
        base = r * np.einsum("ei,ei->e", p, bx)
        want = target - advanced * r * wx
        # profit on wages dominating: the difference would lose the digits it should fix
        well_posed = want >= 0.5 * target
    else:
        base, want = np.einsum("ei,ei->e", p, y), target
        well_posed = np.ones(n_econ, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        # only near R (wage bill a small share of the price of output), as in the kernels
        near_max = (1.0 + advanced * r) * wx_all < NEAR_MAX_WAGE_SHARE * np.einsum(
            "ei,ei->e", p, output
        )
        fix = done & (status == st.OK) & (base > 0) & np.isfinite(base) & well_posed & near_max
        factor = np.where(fix, want / base, 1.0)
    p = p * factor[:, None]
    status[active & ~done] = st.NO_CONVERGENCE
    status[(status == st.OK) & np.any(p < 0, axis=1)] = st.NEGATIVE_PRICE
    r = np.where(status == st.OK, r, np.nan)
    p = np.where((status == st.OK)[:, None], p, np.nan)
    return lam, p, r, big_r, status


def solve_real_wage(
    a, capital, labour, complexity, output, basket, norm=0, numeraire=0, advanced=1
):
    """Real-wage closure: basket b[:, j] per hour in sector j; r and p from Perron–Frobenius.

    With M = A + b·diag(l) and K = B + b·diag(l) (wages advanced) or K = B (post factum):
    p(I − M) = r pK, so 1/r is the dominant eigenvalue of K(I − M)⁻¹ and p its left eigenvector.
    The normalisation only scales p. Returns (lam, price, r, R, status).
    """
    n_econ, n = labour.shape
    eye = np.eye(n)
    lam = labour_values(a, labour, complexity)
    big_r = max_profit_rate(a, capital)
    bl = basket * labour[:, None, :]
    m = a + bl
    k = capital + advanced * bl
    status = np.zeros(n_econ, dtype=np.int8)
    status[~np.all(np.isfinite(lam), axis=1) | np.any(lam < 0, axis=1)] = st.NOT_PRODUCTIVE
    margin = _row_solve(eye - m, np.ones((n_econ, n)))
    status[(status == st.OK) & ~np.all(margin > 0, axis=1)] = st.WAGE_TOO_HIGH
    z = np.swapaxes(_row_solve_matrix(eye - m, k), -1, -2)
    rho, q = perron_root_left(z)
    status[(status == st.OK) & ~(rho > 0)] = st.DEGENERATE
    with np.errstate(divide="ignore", invalid="ignore"):
        r = 1.0 / rho
    if norm == st.NORMALIZATIONS["total-profit"]:
        wage_value = np.einsum("ei,eij->ej", lam, bl)
        y = r[:, None] * np.einsum("eij,ej->ei", k, output)
        target = np.einsum("ei,ei->e", complexity * labour - wage_value, output)
    else:
        y, target = _targets(norm, numeraire, a, labour, complexity, output, lam, None)
    denom = np.einsum("ei,ei->e", q, y)
    ok_scale = (denom > 0) & (target > 0)
    status[(status == st.OK) & ~ok_scale] = st.DEGENERATE
    with np.errstate(divide="ignore", invalid="ignore"):
        p = q * (target / denom)[:, None]
    # a zero (or negative) price means the dominant root belongs to a non-basic block of a
    # reducible economy, not to the system that produces the wage goods: reject it
    nonpositive = np.any(p <= 1e-12 * np.abs(p).max(axis=1, keepdims=True), axis=1)
    status[(status == st.OK) & nonpositive] = st.NEGATIVE_PRICE
    p = np.where((status == st.OK)[:, None], np.maximum(p, 0.0), np.nan)
    r = np.where(status == st.OK, r, np.nan)
    return lam, p, r, big_r, status
