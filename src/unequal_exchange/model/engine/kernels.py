"""Numba kernels for the price system: one economy, and batches in parallel over economies.

The same equations as :mod:`unequal_exchange.model.reference`, written as explicit loops over
small dense matrices: an in-place LU factorisation with partial pivoting, power iteration with
Collatz–Wielandt bounds for Perron–Frobenius roots, and Newton's method safeguarded by bisection
for the profit rate. Kernels never raise, allocate only scratch space, and write a status code
per economy (:mod:`unequal_exchange.model.status`).

Shapes: A, B, b are (n, n) for one economy and (N, n, n) for a batch; l, μ, x, ω are (n,) or
(N, n). ``norm`` is a code from ``status.NORMALIZATIONS``, ``k`` the numeraire index, ``adv`` 1 if
wages are advanced and 0 if paid post factum.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from . import status as st
from ._jit import jit, pjit

_OK, _NOT_PRODUCTIVE, _WAGE_TOO_HIGH = st.OK, st.NOT_PRODUCTIVE, st.WAGE_TOO_HIGH
_NO_CONVERGENCE, _NEGATIVE_PRICE, _DEGENERATE = st.NO_CONVERGENCE, st.NEGATIVE_PRICE, st.DEGENERATE
_TOTAL_PRICE, _TOTAL_PROFIT = st.NORMALIZATIONS["total-price"], st.NORMALIZATIONS["total-profit"]
_NET_PRODUCT, _NUMERAIRE = st.NORMALIZATIONS["net-product"], st.NORMALIZATIONS["numeraire"]
TOL = 1e-13
ROOT_MAX_ITER = 200
PF_MAX_ITER = 5000
# wage bill / price of output below which an economy counts as near its maximum profit rate
# (prices amplified by R/(R − r) > 1e3), and the normalisation then fixes the size of p
NEAR_MAX_WAGE_SHARE = 1e-3
NODA_AFTER = 24  # power steps first (cheap, enough for well-separated roots), then Noda


@jit
def lu_factor(a, piv):
    """In-place LU of a (n, n) with partial pivoting; returns False if a is singular."""
    n = a.shape[0]
    for k in range(n):
        p = k
        m = abs(a[k, k])
        for i in range(k + 1, n):
            if abs(a[i, k]) > m:
                m = abs(a[i, k])
                p = i
        piv[k] = p
        if m == 0.0:
            return False
        if p != k:
            for j in range(n):
                t = a[k, j]
                a[k, j] = a[p, j]
                a[p, j] = t
        inv = 1.0 / a[k, k]
        for i in range(k + 1, n):
            f = a[i, k] * inv
            a[i, k] = f
            if f != 0.0:
                for j in range(k + 1, n):
                    a[i, j] -= f * a[k, j]
    return True


@jit
def lu_solve(lu, piv, rhs, out):
    """Solve (P L U) y = rhs into ``out`` using the factors from :func:`lu_factor`."""
    n = lu.shape[0]
    for i in range(n):
        out[i] = rhs[i]
    for k in range(n):
        p = piv[k]
        if p != k:
            t = out[k]
            out[k] = out[p]
            out[p] = t
    for i in range(n):
        s = out[i]
        for j in range(i):
            s -= lu[i, j] * out[j]
        out[i] = s
    for i in range(n - 1, -1, -1):
        s = out[i]
        for j in range(i + 1, n):
            s -= lu[i, j] * out[j]
        out[i] = s / lu[i, i]


@jit
def _transpose_system(a, capital, r, c):
    """c = (I − A − rB)ᵀ, so that row-vector systems y (I − A − rB) = z become c yᵀ = zᵀ."""
    n = a.shape[0]
    for i in range(n):
        for j in range(n):
            c[i, j] = (1.0 if i == j else 0.0) - a[j, i] - r * capital[j, i]


@jit
def _row_times(q, m, out):
    """out = q m (row vector times matrix)."""
    n = m.shape[0]
    for j in range(n):
        s = 0.0
        for i in range(n):
            s += q[i] * m[i, j]
        out[j] = s


@jit
def _perron_left(lu, piv, k, q, t1, t2, z, w, piv2):
    """Dominant eigenvalue ρ and left eigenvector q of Z = K M⁻¹ (lu holds Mᵀ factorised).

    Power iteration q ← qZ for NODA_AFTER steps, then, if the bounds have not met, Noda's (1971)
    inverse iteration with the Collatz–Wielandt upper bound as shift:
    σ = max_i (qZ)_i/q_i, q ← q(σI − Z)⁻¹ (≥ 0 since σ ≥ ρ), which converges quadratically for
    irreducible non-negative Z; a plain power step is taken whenever rounding makes the inverse
    step non-positive. Stops when the bounds min_i (qZ)_i/q_i ≤ ρ ≤ max_i (qZ)_i/q_i agree to
    TOL. Scratch: z, w (n, n), piv2 (n,). Returns (ρ, converged).
    """
    n = q.shape[0]
    for i in range(n):
        lu_solve(lu, piv, k[i], z[i])  # row i of K M⁻¹
        q[i] = 1.0 / n
    for it in range(PF_MAX_ITER):
        _row_times(q, z, t1)
        lo = np.inf
        hi = 0.0
        total = 0.0
        for i in range(n):
            if t1[i] < -1e-300:
                return np.nan, False
            total += t1[i]
            if q[i] > 0.0:
                ratio = t1[i] / q[i]
                lo = min(lo, ratio)
                hi = max(hi, ratio)
        if total <= 0.0:
            return 0.0, True
        if hi - lo <= TOL * hi:
            return 0.5 * (hi + lo), True
        inverse_ok = False
        if NODA_AFTER <= it < NODA_AFTER + 100:
            for i in range(n):
                for j in range(n):
                    w[i, j] = (hi if i == j else 0.0) - z[j, i]
            if not lu_factor(w, piv2):
                return hi, True  # σ is itself the eigenvalue
            lu_solve(w, piv2, q, t2)
            s = 0.0
            inverse_ok = True
            for i in range(n):
                if not t2[i] >= 0.0:
                    inverse_ok = False
                s += t2[i]
            if inverse_ok and s > 0.0 and np.isfinite(s):
                for i in range(n):
                    q[i] = t2[i] / s
            else:
                inverse_ok = False
        if not inverse_ok:
            for i in range(n):
                q[i] = t1[i] / total
    return np.nan, False


@jit
def _labour_values_and_max_rate(a, capital, labour, complexity, lam, c, piv, q, t1, t2, z, w, piv2):
    """λ = (μ∘l)(I − A)⁻¹ into ``lam`` and R = 1/ρ(B(I − A)⁻¹). Returns (R, status)."""
    n = a.shape[0]
    _transpose_system(a, capital, 0.0, c)
    if not lu_factor(c, piv):
        return np.nan, _NOT_PRODUCTIVE
    for i in range(n):
        t1[i] = 1.0
    lu_solve(c, piv, t1, t2)  # 1ᵀ(I − A)⁻¹ > 0 iff ρ(A) < 1
    for i in range(n):
        if not t2[i] > 0.0:
            return np.nan, _NOT_PRODUCTIVE
        t1[i] = complexity[i] * labour[i]
    lu_solve(c, piv, t1, lam)
    rho, ok = _perron_left(c, piv, capital, q, t1, t2, z, w, piv2)
    if not ok:
        return np.nan, _NO_CONVERGENCE
    return (1.0 / rho if rho > 0.0 else np.inf), _OK


@jit
def solve_value_wage(
    a, capital, labour, complexity, output, wage, norm, k, adv, lam, p, mats, vecs, pivs
):
    """Emmanuel's closure for one economy; fills ``lam`` and ``p``, returns (r, R, status).

    p(I − A − rB) = (1 + adv·r) ω∘l; r ∈ [0, R) solves the normalisation, by Newton's method
    safeguarded by bisection. Scratch from :func:`scratch`.
    """
    n = a.shape[0]
    c, z, zw = mats[0], mats[2], mats[3]
    w, dp, q, t1, t2 = vecs[0], vecs[1], vecs[2], vecs[3], vecs[4]
    piv, piv2 = pivs[0], pivs[1]
    big_r, code = _labour_values_and_max_rate(
        a, capital, labour, complexity, lam, c, piv, q, t1, t2, z, zw, piv2
    )
    if code != _OK:
        return np.nan, big_r, code
    zero_wage = True
    for i in range(n):
        p[i] = q[i]  # the prices at zero wages (left PF vector of B(I − A)⁻¹), kept for later
        if wage[i] * labour[i] != 0.0:
            zero_wage = False
    new_value = 0.0
    wx = 0.0
    target = 0.0
    for i in range(n):
        w[i] = wage[i] * labour[i]
        new_value += complexity[i] * labour[i] * output[i]
        wx += w[i] * output[i]
    # weights y of the condition p·y (stored in q) and its target
    if norm == _TOTAL_PROFIT:
        target = new_value - wx
        for i in range(n):
            s = 0.0
            for j in range(n):
                s += capital[i, j] * output[j]
            q[i] = s  # Bx
    elif norm == _TOTAL_PRICE:
        for i in range(n):
            q[i] = output[i]
            target += lam[i] * output[i]
    elif norm == _NET_PRODUCT:
        target = new_value
        for i in range(n):
            s = output[i]
            for j in range(n):
                s -= a[i, j] * output[j]
            q[i] = s
    else:
        for i in range(n):
            q[i] = 0.0
        q[k] = 1.0
        target = 1.0
    if not target > 0.0:
        # total-profit: no surplus value at all; otherwise a zero normalisation target
        return np.nan, big_r, (_WAGE_TOO_HIGH if norm == _TOTAL_PROFIT else _DEGENERATE)
    if zero_wage:
        # the maximum-profit economy: r = R, p ∝ the PF vector (Newton would give p = 0)
        if not np.isfinite(big_r):
            return np.nan, big_r, _DEGENERATE
        _impose_normalisation(p, q, norm, big_r, adv, wx, target, output)
        return big_r, big_r, _OK
    scale = abs(target)
    # c still holds (I − A)ᵀ factorised: the condition at r = 0 costs one solve
    lu_solve(c, piv, w, p)
    g0 = -target
    if norm != _TOTAL_PROFIT:
        for i in range(n):
            g0 += p[i] * q[i]
    if g0 >= 0.0:
        return np.nan, big_r, _WAGE_TOO_HIGH
    # start Newton at the value rate of profit S / (λBx + adv·ω·l·x), a close first guess
    surplus = new_value - wx
    cap_value = adv * wx
    for j in range(n):
        s = 0.0
        for i in range(n):
            s += lam[i] * capital[i, j]
        cap_value += s * output[j]
    lo = 0.0
    hi = big_r
    r = surplus / cap_value if (surplus > 0.0 and cap_value > 0.0) else 0.0
    if not r < 0.9 * hi:
        r = 0.5 * hi if np.isfinite(hi) else 0.0
    converged = False
    for _ in range(ROOT_MAX_ITER):
        # prices and their derivative at r
        _transpose_system(a, capital, r, c)
        if not lu_factor(c, piv):
            return np.nan, big_r, _NO_CONVERGENCE
        lu_solve(c, piv, w, t2)
        for i in range(n):
            p[i] = (1.0 + adv * r) * t2[i]
        _row_times(p, capital, t1)
        for i in range(n):
            t1[i] += adv * w[i]
        lu_solve(c, piv, t1, dp)
        g = 0.0
        dg = 0.0
        if norm == _TOTAL_PROFIT:
            base = adv * wx
            slope = 0.0
            for i in range(n):
                base += p[i] * q[i]
                slope += dp[i] * q[i]
            g = r * base - target
            dg = base + r * slope
        else:
            for i in range(n):
                g += p[i] * q[i]
                dg += dp[i] * q[i]
            g -= target
        if abs(g) <= TOL * scale:
            converged = True
            break
        if g < 0.0:
            lo = r
        else:
            hi = r
        r_new = r - g / dg if dg > 0.0 else np.nan
        if not (r_new > lo and r_new < hi):
            r_new = 0.5 * (lo + hi) if np.isfinite(hi) else 2.0 * lo + 1.0
        if abs(r_new - r) <= TOL * (1.0 + r):
            r = r_new
            converged = True
            # recompute p at the accepted r
            _transpose_system(a, capital, r, c)
            lu_factor(c, piv)
            lu_solve(c, piv, w, t2)
            for i in range(n):
                p[i] = (1.0 + adv * r) * t2[i]
            break
        r = r_new
    if not converged:
        return np.nan, big_r, _NO_CONVERGENCE
    _impose_normalisation(p, q, norm, r, adv, wx, target, output)
    for i in range(n):
        if p[i] < 0.0:
            return np.nan, big_r, _NEGATIVE_PRICE
    return r, big_r, _OK


@jit
def _impose_normalisation(p, y, norm, r, adv, wx, target, output):
    """Near the maximum profit rate, scale p in place so that the normalisation holds exactly.

    Near R, I − A − rB is nearly singular and p(r) ∝ ω/(R − r): its direction is accurate but
    its size carries the rounding of r amplified by R/(R − r). There the wage bill is a share
    ~(R − r)/R of the price of output, and fixing the size by the normalisation moves the price
    equation by that share of the correction only; elsewhere p is left as solved. ``y`` holds
    the weights of the condition (Bx for total-profit).
    """
    base = 0.0
    px = 0.0
    for i in range(p.shape[0]):
        base += p[i] * y[i]
        px += p[i] * output[i]
    if not (1.0 + adv * r) * wx < NEAR_MAX_WAGE_SHARE * px:
        return
    want = target
    if norm == _TOTAL_PROFIT:
        base *= r
        want = target - adv * r * wx
        if not want >= 0.5 * target:
            return  # profit on wages dominates: the difference would lose the digits it fixes
    if base > 0.0 and np.isfinite(base):
        f = want / base
        for i in range(p.shape[0]):
            p[i] *= f


@jit
def solve_real_wage(
    a, capital, labour, complexity, output, basket, norm, k, adv, lam, p, mats, vecs, pivs
):
    """Real-wage closure for one economy; fills ``lam`` and ``p``, returns (r, R, status).

    With M = A + b·diag(l) and K = B + adv·b·diag(l): 1/r = ρ(K(I − M)⁻¹), p its left
    Perron–Frobenius vector scaled by the normalisation. Scratch from :func:`scratch`.
    """
    n = a.shape[0]
    c, m, z, zw = mats[0], mats[1], mats[2], mats[3]
    q, t1, t2 = vecs[2], vecs[3], vecs[4]
    piv, piv2 = pivs[0], pivs[1]
    big_r, code = _labour_values_and_max_rate(
        a, capital, labour, complexity, lam, c, piv, q, t1, t2, z, zw, piv2
    )
    if code != _OK:
        return np.nan, big_r, code
    # c = (I − M)ᵀ, m = K
    for i in range(n):
        for j in range(n):
            bl = basket[i, j] * labour[j]
            c[j, i] = (1.0 if i == j else 0.0) - a[i, j] - bl
            m[i, j] = capital[i, j] + adv * bl
    if not lu_factor(c, piv):
        return np.nan, big_r, _WAGE_TOO_HIGH
    for i in range(n):
        t1[i] = 1.0
    lu_solve(c, piv, t1, t2)
    for i in range(n):
        if not t2[i] > 0.0:
            return np.nan, big_r, _WAGE_TOO_HIGH
    rho, ok = _perron_left(c, piv, m, p, t1, t2, z, zw, piv2)
    if not ok:
        return np.nan, big_r, _NO_CONVERGENCE
    if not rho > 0.0:
        return np.nan, big_r, _DEGENERATE
    r = 1.0 / rho
    target = 0.0
    denom = 0.0
    if norm == _TOTAL_PROFIT:
        for j in range(n):
            vw = 0.0
            for i in range(n):
                vw += lam[i] * basket[i, j]
            target += (complexity[j] - vw) * labour[j] * output[j]
            kx = 0.0
            for i in range(n):
                kx += p[i] * m[i, j]
            denom += r * kx * output[j]
    elif norm == _TOTAL_PRICE:
        for i in range(n):
            target += lam[i] * output[i]
            denom += p[i] * output[i]
    elif norm == _NET_PRODUCT:
        for i in range(n):
            target += complexity[i] * labour[i] * output[i]
            net = output[i]
            for j in range(n):
                net -= a[i, j] * output[j]
            denom += p[i] * net
    else:
        target = 1.0
        denom = p[k]
    if not (target > 0.0 and denom > 0.0):
        return np.nan, big_r, _DEGENERATE
    f = target / denom
    top = 0.0
    for i in range(n):
        p[i] *= f
        top = max(top, abs(p[i]))
    for i in range(n):  # a zero price: the root of a non-basic block (reducible economy)
        if p[i] <= 1e-12 * top:
            return np.nan, big_r, _NEGATIVE_PRICE
    return r, big_r, _OK


@jit
def scratch(n):
    """Work arrays for one thread: matrices (4, n, n), vectors (5, n), pivots (2, n)."""
    return np.empty((4, n, n)), np.empty((5, n)), np.empty((2, n), dtype=np.int64)


@pjit
def solve_value_wage_batch(
    a, capital, labour, complexity, output, wage, norm, k, adv, lam, p, r, big_r, status
):
    """Batched Emmanuel closure; prange over chunks of economies, results into the out arrays."""
    n_econ, n = labour.shape
    n_chunks = min(n_econ, 256)
    for ch in prange(n_chunks):
        mats, vecs, pivs = scratch(n)
        for e in range(ch * n_econ // n_chunks, (ch + 1) * n_econ // n_chunks):
            r[e], big_r[e], status[e] = solve_value_wage(
                a[e], capital[e], labour[e], complexity[e], output[e], wage[e], norm, k, adv,
                lam[e], p[e], mats, vecs, pivs,
            )  # fmt: skip


@pjit
def solve_real_wage_batch(
    a, capital, labour, complexity, output, basket, norm, k, adv, lam, p, r, big_r, status
):
    """Batched real-wage closure; prange over chunks of economies."""
    n_econ, n = labour.shape
    n_chunks = min(n_econ, 256)
    for ch in prange(n_chunks):
        mats, vecs, pivs = scratch(n)
        for e in range(ch * n_econ // n_chunks, (ch + 1) * n_econ // n_chunks):
            r[e], big_r[e], status[e] = solve_real_wage(
                a[e], capital[e], labour[e], complexity[e], output[e], basket[e], norm, k, adv,
                lam[e], p[e], mats, vecs, pivs,
            )  # fmt: skip
