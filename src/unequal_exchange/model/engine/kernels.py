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

from . import _simd as simd
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


@pjit
def input_flags(flat):
    """(any entry NaN or infinite, any entry negative) of a flat float64 array: one parallel
    pass for the input checks of :func:`unequal_exchange.model.engine.batch.solve_batch`."""
    blocks = 64
    size = flat.shape[0]
    step = (size + blocks - 1) // blocks
    nonfinite = np.zeros(blocks, dtype=np.bool_)
    negative = np.zeros(blocks, dtype=np.bool_)
    for b in prange(blocks):
        bad_value, below = False, False
        for i in range(b * step, min(size, (b + 1) * step)):
            v = flat[i]
            bad_value |= not (abs(v) < np.inf)  # NaN fails the comparison too
            below |= v < 0.0
        nonfinite[b], negative[b] = bad_value, below
    return nonfinite.any(), negative.any()


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


# ---- lockstep: the value-wage closure for LANES economies at once, lane-wise (structure of
# arrays (n, n, LANES), lanes contiguous). The arithmetic runs on W-wide vectors (``_simd``):
# numba leaves loops over a fixed number of lanes scalar, so the kernels load, compute and
# store W lanes per instruction themselves. For 0 <= r < R, I - A - rB is a non-singular
# M-matrix: its LU without pivoting has positive pivots, and a pivot that is not positive
# means the economy left that regime. Every economy that leaves the common path (not
# productive, zero wage, wage too high, no convergence within the lockstep budget, near the
# maximum profit rate, a negative price, infinite R) is solved again by the scalar kernel
# above, so every special case and status code is exactly the scalar kernel's.
LANES = 8  # economies per block: two vectors of W, independent chains for the pipelines
assert LANES % (2 * simd.W) == 0  # (the solves take two vectors at a time)
# Perron power steps before Noda's inverse iteration in lockstep: a block runs until its slowest
# lane has converged, and from a positive start Noda's step converges quadratically (Noda 1971)
# where power steps gain a factor |λ₂/λ₁| each
LANE_NODA_AFTER = 3


@jit
def _lu_lanes(c, d, ok):
    """LU without pivoting of the LANES matrices c (n, n, LANES) in place; d (n, LANES) gets
    the inverse pivots and ok[e] becomes False where a pivot is not positive."""
    n = c.shape[0]
    one = simd.splat(1.0)
    for k in range(n):
        kk = (k * n + k) * LANES
        for e in range(LANES):
            ok[e] = ok[e] and c[k, k, e] > 0.0
        for v in range(0, LANES, simd.W):
            simd.store(d, k * LANES + v, simd.div(one, simd.load(c, kk + v)))
        for v in range(0, LANES, simd.W):
            dk = simd.load(d, k * LANES + v)
            for i in range(k + 1, n):
                ik = (i * n + k) * LANES + v
                f = simd.mul(simd.load(c, ik), dk)
                simd.store(c, ik, f)
                for j in range(k + 1, n):
                    ij = (i * n + j) * LANES + v
                    kj = (k * n + j) * LANES + v
                    simd.store(c, ij, simd.nmuladd(f, simd.load(c, kj), simd.load(c, ij)))


@jit
def _solve_lanes(c, d, rhs, out):
    """out (n, LANES) = c⁻¹ rhs lane-wise, with the factors of :func:`_lu_lanes`. Two vectors
    at a time: the substitutions are chains of dependent steps, and two independent chains
    keep the floating-point pipelines busy."""
    n = c.shape[0]
    w = simd.W
    for v in range(0, LANES, 2 * w):
        for i in range(n):
            s0 = simd.load(rhs, i * LANES + v)
            s1 = simd.load(rhs, i * LANES + v + w)
            for j in range(i):
                o = (i * n + j) * LANES + v
                s0 = simd.nmuladd(simd.load(c, o), simd.load(out, j * LANES + v), s0)
                s1 = simd.nmuladd(simd.load(c, o + w), simd.load(out, j * LANES + v + w), s1)
            simd.store(out, i * LANES + v, s0)
            simd.store(out, i * LANES + v + w, s1)
        for i in range(n - 1, -1, -1):
            s0 = simd.load(out, i * LANES + v)
            s1 = simd.load(out, i * LANES + v + w)
            for j in range(i + 1, n):
                o = (i * n + j) * LANES + v
                s0 = simd.nmuladd(simd.load(c, o), simd.load(out, j * LANES + v), s0)
                s1 = simd.nmuladd(simd.load(c, o + w), simd.load(out, j * LANES + v + w), s1)
            simd.store(out, i * LANES + v, simd.mul(s0, simd.load(d, i * LANES + v)))
            simd.store(out, i * LANES + v + w, simd.mul(s1, simd.load(d, i * LANES + v + w)))


@jit
def _system_lanes(at, bt, r, c):
    """c = (I − A − rB)ᵀ lane-wise, from at = Aᵀ and bt = Bᵀ (n, n, LANES)."""
    n = at.shape[0]
    for v in range(0, LANES, simd.W):
        rv = simd.load(r, v)
        for i in range(n):
            for j in range(n):
                o = (i * n + j) * LANES + v
                one = simd.splat(1.0 if i == j else 0.0)
                simd.store(c, o, simd.nmuladd(rv, simd.load(bt, o),
                                              simd.sub(one, simd.load(at, o))))  # fmt: skip


@jit
def lockstep_scratch(n):
    """Work arrays of one thread for :func:`solve_value_wage_lockstep`."""
    mats = np.empty((5, n, n, LANES))
    vecs = np.empty((10, n, LANES))
    lanes = np.empty((24, LANES))
    flags = np.empty((6, LANES), dtype=np.bool_)
    return mats, vecs, lanes, flags


@jit
def _perron_lanes(c, d, bt, z, wm, q, t1, t2, dw, rho, ok, lanes, flags):
    """ρ(B(I − A)⁻¹) and its left vector q lane-wise (c holds (I − A)ᵀ factorised): the
    scalar :func:`_perron_left` (power steps, then Noda's inverse iteration), run for at most
    LANE_NODA_AFTER + 100 steps; ok[e] becomes False for a lane that has not converged by then.
    Scratch: rows 14–20 of ``lanes`` and 4–5 of ``flags``."""
    n = c.shape[0]
    for i in range(n):  # row i of B(I − A)⁻¹: solve with rhs B[i, :] = bt[:, i]
        for j in range(n):
            for e in range(LANES):
                t1[j, e] = bt[j, i, e]
        _solve_lanes(c, d, t1, z[i])
        for e in range(LANES):
            q[i, e] = 1.0 / n
    done, inv_ok = flags[4], flags[5]
    lo, hi, total, s = lanes[14], lanes[15], lanes[16], lanes[17]
    neg, keep, use_inv = lanes[18], lanes[19], lanes[20]
    zero, inf = simd.splat(0.0), simd.splat(np.inf)
    for e in range(LANES):
        done[e] = not ok[e]
        rho[e] = np.nan
    for it in range(LANE_NODA_AFTER + 100):
        # t1 = q Z, and the Collatz–Wielandt bounds min/max (qZ)_i / q_i over q_i > 0
        for v in range(0, LANES, simd.W):
            lov, hiv, tot, mn = inf, zero, zero, inf
            for j in range(n):
                acc = zero
                for i in range(n):
                    acc = simd.muladd(simd.load(q, i * LANES + v),
                                      simd.load(z, (i * n + j) * LANES + v), acc)  # fmt: skip
                simd.store(t1, j * LANES + v, acc)
            for i in range(n):
                t = simd.load(t1, i * LANES + v)
                qi = simd.load(q, i * LANES + v)
                ratio = simd.div(t, qi)
                lov = simd.minimum(lov, simd.where_positive(qi, ratio, inf))
                hiv = simd.maximum(hiv, simd.where_positive(qi, ratio, zero))
                tot = simd.add(tot, t)
                mn = simd.minimum(mn, t)
            simd.store(lo, v, lov)
            simd.store(hi, v, hiv)
            simd.store(total, v, tot)
            simd.store(neg, v, mn)
        remaining = 0
        for e in range(LANES):
            if done[e]:
                continue
            if neg[e] < -1e-300 or not total[e] > 0.0:
                ok[e] = False  # negative entries or ρ = 0 (no capital): the scalar kernel decides
                done[e] = True
            elif hi[e] - lo[e] <= TOL * hi[e]:
                rho[e] = 0.5 * (hi[e] + lo[e])
                done[e] = True
            else:
                remaining += 1
        if remaining == 0:
            lanes[22, 0] = it + 1  # diagnostics: the block's Perron steps
            return
        for e in range(LANES):
            inv_ok[e] = False
        if it >= LANE_NODA_AFTER:
            # σI − Zᵀ with σ = hi > ρ: an M-matrix
            for v in range(0, LANES, simd.W):
                hv = simd.load(hi, v)
                for i in range(n):
                    for j in range(n):
                        zji = simd.load(z, (j * n + i) * LANES + v)
                        diag = hv if i == j else zero
                        simd.store(wm, (i * n + j) * LANES + v, simd.sub(diag, zji))
            for e in range(LANES):
                inv_ok[e] = True
            _lu_lanes(wm, dw, inv_ok)
            _solve_lanes(wm, dw, q, t2)
            for v in range(0, LANES, simd.W):
                acc = zero
                mn = inf
                for i in range(n):
                    t = simd.load(t2, i * LANES + v)
                    acc = simd.add(acc, t)
                    mn = simd.minimum(mn, t)
                simd.store(s, v, acc)
                simd.store(neg, v, mn)
            for e in range(LANES):  # (a NaN or infinite entry makes the sum s non-finite)
                inv_ok[e] = inv_ok[e] and neg[e] >= 0.0 and s[e] > 0.0 and np.isfinite(s[e])
        for e in range(LANES):
            keep[e] = 1.0 if done[e] else 0.0
            use_inv[e] = 1.0 if inv_ok[e] else 0.0
        # q ← the inverse step normalised where it is usable, else the power step
        for v in range(0, LANES, simd.W):
            kv, uv = simd.load(keep, v), simd.load(use_inv, v)
            sv, tv = simd.load(s, v), simd.load(total, v)
            den = simd.where_positive(uv, sv, tv)
            for i in range(n):
                o = i * LANES + v
                new = simd.div(simd.where_positive(uv, simd.load(t2, o), simd.load(t1, o)), den)
                simd.store(q, o, simd.where_positive(kv, simd.load(q, o), new))
    lanes[22, 0] = LANE_NODA_AFTER + 100
    for e in range(LANES):
        if not done[e]:
            ok[e] = False


@jit
def _value_rate_start(lam_l, capital, output, e, adv, new_value, wx, big_r):
    """The scalar kernel's first guess for lane e: the value rate of profit S/(λBx + adv·ω·l·x),
    or R/2 where that is not below 0.9 R."""
    n = output.shape[0]
    cap_value = adv * wx
    for j in range(n):
        s = 0.0
        for i in range(n):
            s += lam_l[i, e] * capital[i, j]
        cap_value += s * output[j]
    surplus = new_value - wx
    rr = surplus / cap_value if (surplus > 0.0 and cap_value > 0.0) else 0.0
    if not rr < 0.9 * big_r:
        rr = 0.5 * big_r
    return rr


@jit
def _model_start(c0, c1, big_r, adv, target):
    """Newton's first guess for p(r)·y = target: the root of the model
    (1 + adv·r)(α + β R/(R − r)), with β R/(R − r) the Perron part of v(I − rH)⁻¹y and α, β
    fitted to its value c0 and slope c1 at r = 0 (v = ω∘l(I − A)⁻¹, H = B(I − A)⁻¹, R = 1/ρ(H)).
    Exact when y lies along H's Perron vector; NaN when the model has no root in (0, R)."""
    beta = c1 * big_r
    alpha = c0 - beta
    # (R − r)·(model − target) = qa r² + qb r + qc, with qc = R(c0 − target) < 0
    qa = -adv * alpha
    qb = adv * c0 * big_r - alpha + target
    qc = big_r * (c0 - target)
    if qa == 0.0:
        return -qc / qb if qb > 0.0 else np.nan
    disc = qb * qb - 4.0 * qa * qc
    if not disc >= 0.0:
        return np.nan
    sq = np.sqrt(disc)
    q = -0.5 * (qb + sq) if qb >= 0.0 else -0.5 * (qb - sq)
    r1 = q / qa
    r2 = qc / q if q != 0.0 else np.nan
    best = np.nan
    for x in (r1, r2):
        if x > 0.0 and x < big_r and not best <= x:
            best = x
    return best


@jit
def _value_wage_lanes(
    ids, a, capital, labour, complexity, output, wage, norm, k, adv, lam, p, r_out, big_r_out,
    status, mats, vecs, lanes, flags,
):  # fmt: skip
    """The Emmanuel closure for the economies ``ids`` (at most LANES) in lockstep; economies
    that leave the common path are solved by :func:`solve_value_wage` (returns their count)."""
    n = labour.shape[1]
    m = ids.shape[0]
    at, bt, c, z, wm = mats[0], mats[1], mats[2], mats[3], mats[4]
    w, yv, lam_l, pl, dp, t1, t2, d, dw, pres = (
        vecs[0], vecs[1], vecs[2], vecs[3], vecs[4], vecs[5], vecs[6], vecs[7], vecs[8], vecs[9],
    )  # fmt: skip
    r, lo, hi, big_r, target, scale, g, dg, rho, wx, base, px, zeros = (
        lanes[0], lanes[1], lanes[2], lanes[3], lanes[4], lanes[5], lanes[6], lanes[7],
        lanes[8], lanes[9], lanes[11], lanes[12], lanes[13],
    )  # fmt: skip
    newv = lanes[10]
    ok, active, piv = flags[0], flags[1], flags[3]
    for e in range(LANES):  # gather; spare lanes repeat the first economy
        x = ids[e] if e < m else ids[0]
        for i in range(n):
            for j in range(n):
                at[i, j, e] = a[x, j, i]
                bt[i, j, e] = capital[x, j, i]
            w[i, e] = wage[x, i] * labour[x, i]
            t1[i, e] = complexity[x, i] * labour[x, i]
        ok[e] = e < m
        zeros[e] = 0.0
    # labour values and the maximum profit rate, from (I − A)ᵀ factorised
    _system_lanes(at, bt, zeros, c)
    _lu_lanes(c, d, ok)
    _solve_lanes(c, d, t1, lam_l)
    _perron_lanes(c, d, bt, z, wm, pl, t1, t2, dw, rho, ok, lanes, flags)
    for e in range(LANES):
        big_r[e] = 1.0 / rho[e] if rho[e] > 0.0 else np.inf
        ok[e] = ok[e] and np.isfinite(big_r[e])
    # the normalisation p·y = target (y in yv) and the wage bill
    for e in range(LANES):
        x = ids[e] if e < m else ids[0]
        new_value = 0.0
        wxe = 0.0
        tg = 0.0
        zero_wage = True
        for i in range(n):
            if w[i, e] != 0.0:
                zero_wage = False
            new_value += complexity[x, i] * labour[x, i] * output[x, i]
            wxe += w[i, e] * output[x, i]
        for i in range(n):
            if norm == _TOTAL_PROFIT:
                s = 0.0
                for j in range(n):
                    s += capital[x, i, j] * output[x, j]
                yv[i, e] = s
            elif norm == _TOTAL_PRICE:
                yv[i, e] = output[x, i]
                tg += lam_l[i, e] * output[x, i]
            elif norm == _NET_PRODUCT:
                s = output[x, i]
                for j in range(n):
                    s -= a[x, i, j] * output[x, j]
                yv[i, e] = s
            else:
                yv[i, e] = 1.0 if i == k else 0.0
        if norm == _TOTAL_PROFIT:
            tg = new_value - wxe
        elif norm == _NET_PRODUCT:
            tg = new_value
        elif norm == _NUMERAIRE:
            tg = 1.0
        target[e] = tg
        scale[e] = abs(tg)
        wx[e] = wxe
        ok[e] = ok[e] and tg > 0.0 and not zero_wage
        newv[e] = new_value
        if norm == _TOTAL_PROFIT:  # (the other conditions start from the model, below)
            r[e] = _value_rate_start(lam_l, capital[x], output[x], e, adv, new_value, wxe, big_r[e])
        lo[e] = 0.0
        hi[e] = big_r[e]
    # the condition at r = 0 (c still holds (I − A)ᵀ factorised): below the target, or the
    # wage is too high
    if norm != _TOTAL_PROFIT:
        _solve_lanes(c, d, w, pl)  # v = ω∘l (I − A)⁻¹
        # c1 = v H y with H = B(I − A)⁻¹ (rows in z, from the Perron step): the slope at r = 0
        for v in range(0, LANES, simd.W):
            acc = simd.splat(0.0)
            for i in range(n):
                hy = simd.splat(0.0)
                for j in range(n):
                    hy = simd.muladd(simd.load(z, (i * n + j) * LANES + v),
                                     simd.load(yv, j * LANES + v), hy)  # fmt: skip
                acc = simd.muladd(simd.load(pl, i * LANES + v), hy, acc)
            simd.store(g, v, acc)
        for e in range(LANES):
            g0 = -target[e]
            for i in range(n):
                g0 += pl[i, e] * yv[i, e]
            ok[e] = ok[e] and g0 < 0.0
            rr = _model_start(g0 + target[e], g[e], big_r[e], float(adv), target[e])
            if not (rr > 0.0 and rr < 0.99 * big_r[e]):
                x = ids[e] if e < m else ids[0]
                rr = _value_rate_start(
                    lam_l, capital[x], output[x], e, adv, newv[e], wx[e], big_r[e]
                )
            r[e] = rr
    for e in range(LANES):
        active[e] = ok[e]
    one, zero, advv = simd.splat(1.0), simd.splat(0.0), simd.splat(float(adv))
    steps = 0
    for _ in range(ROOT_MAX_ITER):
        if not active.any():
            break
        steps += 1
        _system_lanes(at, bt, r, c)
        for e in range(LANES):
            piv[e] = True
        _lu_lanes(c, d, piv)
        _solve_lanes(c, d, w, t2)
        for v in range(0, LANES, simd.W):
            # p = (1 + adv r) ω∘l (I − A − rB)⁻¹
            fac = simd.add(one, simd.mul(advv, simd.load(r, v)))
            for i in range(n):
                simd.store(pl, i * LANES + v, simd.mul(fac, simd.load(t2, i * LANES + v)))
            for j in range(n):  # t1 = adv ω∘l + p B, the right-hand side of dp/dr
                acc = simd.mul(advv, simd.load(w, j * LANES + v))
                for i in range(n):
                    acc = simd.muladd(simd.load(pl, i * LANES + v),
                                      simd.load(bt, (j * n + i) * LANES + v), acc)  # fmt: skip
                simd.store(t1, j * LANES + v, acc)
        _solve_lanes(c, d, t1, dp)
        for v in range(0, LANES, simd.W):  # g = p·y and dg = dp·y
            gv = zero
            dgv = zero
            for i in range(n):
                y = simd.load(yv, i * LANES + v)
                gv = simd.muladd(simd.load(pl, i * LANES + v), y, gv)
                dgv = simd.muladd(simd.load(dp, i * LANES + v), y, dgv)
            simd.store(g, v, gv)
            simd.store(dg, v, dgv)
        for e in range(LANES):
            if not active[e]:
                continue
            if not piv[e]:  # I − A − rB is no longer an M-matrix: the scalar kernel decides
                ok[e] = False
                active[e] = False
                continue
            if norm == _TOTAL_PROFIT:
                bse = g[e] + adv * wx[e]
                ge = r[e] * bse - target[e]
                dge = bse + r[e] * dg[e]
            else:
                ge = g[e] - target[e]
                dge = dg[e]
            re = r[e]
            if abs(ge) <= TOL * scale[e]:
                active[e] = False
                for i in range(n):
                    pres[i, e] = pl[i, e]
                continue
            if ge < 0.0:
                lo[e] = re
            else:
                hi[e] = re
            r_new = re - ge / dge if dge > 0.0 else np.nan
            if not (r_new > lo[e] and r_new < hi[e]):
                r_new = 0.5 * (lo[e] + hi[e])
            r[e] = r_new
            if abs(r_new - re) <= TOL * (1.0 + re):
                # p at the accepted r to first order: the step is below TOL (1 + r), so the
                # neglected term, Δr² p''/2, is some 1e-26 of p (where R − r is not tiny; an
                # economy that close to R goes to the scalar kernel below)
                active[e] = False
                for i in range(n):
                    pres[i, e] = pl[i, e] + (r_new - re) * dp[i, e]
    lanes[21, 0] = steps  # diagnostics: the block's Newton steps
    for e in range(LANES):
        if active[e]:
            ok[e] = False  # not converged within the budget: the scalar kernel decides
    # near the maximum profit rate the scalar kernel rescales p; negative prices get a status
    for e in range(LANES):
        base[e] = 0.0
        px[e] = 0.0
    for i in range(n):
        for e in range(LANES):
            x = ids[e] if e < m else ids[0]
            px[e] += pres[i, e] * output[x, i]
            if not pres[i, e] >= 0.0:
                ok[e] = False
    fallback = 0
    for e in range(m):
        x = ids[e]
        if ok[e] and (1.0 + adv * r[e]) * wx[e] < NEAR_MAX_WAGE_SHARE * px[e]:
            ok[e] = False
        if ok[e]:
            for i in range(n):
                lam[x, i] = lam_l[i, e]
                p[x, i] = pres[i, e]
            r_out[x] = r[e]
            big_r_out[x] = big_r[e]
            status[x] = _OK
        else:
            fallback += 1
    return fallback


@pjit
def solve_value_wage_lockstep(
    a, capital, labour, complexity, output, wage, norm, k, adv, lam, p, r, big_r, status
):
    """Batched Emmanuel closure in lockstep blocks of LANES economies (prange over chunks of
    blocks); the economies a block cannot finish are solved by :func:`solve_value_wage`.
    Same arguments and results as :func:`solve_value_wage_batch`."""
    n_econ, n = labour.shape
    n_blocks = (n_econ + LANES - 1) // LANES
    n_chunks = min(n_blocks, 256)
    for ch in prange(n_chunks):
        mats, vecs, lanes, flags = lockstep_scratch(n)
        smats, svecs, spivs = scratch(n)
        ids = np.empty(LANES, dtype=np.int64)
        for blk in range(ch * n_blocks // n_chunks, (ch + 1) * n_blocks // n_chunks):
            lo = blk * LANES
            m = min(LANES, n_econ - lo)
            for e in range(m):
                ids[e] = lo + e
            fallback = _value_wage_lanes(
                ids[:m], a, capital, labour, complexity, output, wage, norm, k, adv, lam, p,
                r, big_r, status, mats, vecs, lanes, flags,
            )  # fmt: skip
            if fallback == 0:
                continue
            ok = flags[0]
            for e in range(m):
                if not ok[e]:
                    x = ids[e]
                    r[x], big_r[x], status[x] = solve_value_wage(
                        a[x], capital[x], labour[x], complexity[x], output[x], wage[x], norm,
                        k, adv, lam[x], p[x], smats, svecs, spivs,
                    )  # fmt: skip
