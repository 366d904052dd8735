"""Batched prices of production on the WIOD input–output system: a numba kernel over sweep points.

A sweep point is one valuation (complex-labour reduction × hours weighting) and one money-wage
scale per country. At each point the kernel solves the price system of
:mod:`unequal_exchange.model.mexico_us.io_accounts` — the whole system with one international
profit rate, and each country alone with its own rate — and the transfer on the traded product,
exactly (to rounding) what :func:`io_accounts.sweep_point` computes with the engine one point at a
time (the plain-numpy twin, tested against this kernel).

Structure exploited (docs/model.md, "Batched IO sweeps"):

1. **The capital matrix has rank m** (m = number of countries): B = G Kᵀ with G[:, c] the shares
   of country c's gross fixed capital formation bought from each sector and K[j, c] = K_j / x_j
   for the sectors j of c (:func:`io_accounts.capital_matrix`). With L = (I − A)⁻¹ (computed
   once: A does not change in a sweep), Woodbury's identity gives

       (I − A − rB)⁻¹ = L + r L G (I_m − r M)⁻¹ Kᵀ L,   M = Kᵀ L G  (m × m),

   so p(r) = u + r (uG)(I_m − rM)⁻¹ KᵀL with u = (ω∘l)L. Every quantity the transfer needs —
   p·x, p·e_a — is u·x (or u·e_a) plus an m-vector form: one m × m solve per root iteration,
   not an n × n LU. The maximum profit rate is R = 1/ρ(M) (BL and M share their non-zero
   eigenvalues).
2. **Wages enter linearly**: u = Σ_c s_c u_c with u_c = (ω∘l∘1_c)L, so u_c·x, u_c·e_a and u_c G
   are computed once per valuation and shared by every wage point.
3. **Labour values are shared** by every wage point of a valuation (λ = (μ∘l)L does not depend on
   wages or r).
4. The root of g(r) = p(r)·x − λ·x is found by Newton's method safeguarded by bisection on
   [0, R): g is increasing and convex (p(r) = u Σ_k r^k (BL)^k with non-negative terms) and
   g'(r) = (uG)(I_m − rM)⁻² KᵀLx.

Kernels never raise; they write a status code per point (:mod:`..engine.status`).
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..engine._jit import jit, pjit
from ..engine.status import NO_CONVERGENCE, OK, WAGE_TOO_HIGH

MAX_ITER = 200
RTOL = 1e-15
# output columns of the kernel (per point); the last 2m are per country
OUT = ("profit_rate", "price_transfer_hours", "price_transfer_hours_national", "iterations")
N_SCALAR = len(OUT)


@jit
def _small_solve(m, r, rhs, work, out):
    """out = (I − r M)⁻¹ rhs for a small m × m matrix (Gaussian elimination, partial pivoting).

    Returns False if the matrix is singular."""
    k = m.shape[0]
    for i in range(k):
        for j in range(k):
            work[i, j] = (1.0 if i == j else 0.0) - r * m[i, j]
        out[i] = rhs[i]
    for col in range(k):
        piv = col
        best = abs(work[col, col])
        for i in range(col + 1, k):
            if abs(work[i, col]) > best:
                best = abs(work[i, col])
                piv = i
        if best == 0.0:
            return False
        if piv != col:
            for j in range(k):
                t = work[col, j]
                work[col, j] = work[piv, j]
                work[piv, j] = t
            t = out[col]
            out[col] = out[piv]
            out[piv] = t
        for i in range(col + 1, k):
            f = work[i, col] / work[col, col]
            if f != 0.0:
                for j in range(col, k):
                    work[i, j] -= f * work[col, j]
                out[i] -= f * out[col]
    for i in range(k - 1, -1, -1):
        s = out[i]
        for j in range(i + 1, k):
            s -= work[i, j] * out[j]
        out[i] = s / work[i, i]
    return True


@jit
def profit_rate(b0, a, m, c, target, r_max, work, q, w):
    """The r ∈ [0, R) with b0 + r a(I − rM)⁻¹c = target, a status code, the iterations.

    ``b0`` = u·x (prices at r = 0 times output), ``a`` = uG, ``c`` = KᵀLx, ``target`` = λ·x.
    ``q`` and ``w`` are m-vector scratch; on return q = (I − rM)⁻¹c at the root.
    """
    k = a.shape[0]
    g0 = b0 - target
    if not g0 < 0.0:  # prices at r = 0 already exceed values: the wage absorbs the surplus
        return np.nan, WAGE_TOO_HIGH, 0
    lo, hi = 0.0, r_max
    r = 0.0
    g = g0
    dg = 0.0
    for j in range(k):
        dg += a[j] * c[j]  # g'(0) = a·c
    for it in range(MAX_ITER):
        step = -g / dg if dg > 0.0 else np.inf
        r_new = r + step
        if not (lo < r_new < hi):
            r_new = 0.5 * (lo + hi)
        if abs(r_new - r) <= RTOL * r_new or hi - lo <= RTOL * hi:
            r = r_new
            if not _small_solve(m, r, c, work, q):
                return np.nan, NO_CONVERGENCE, it + 1
            return r, OK, it + 1
        r = r_new
        if not _small_solve(m, r, c, work, q):
            return np.nan, NO_CONVERGENCE, it + 1
        _small_solve(m, r, q, work, w)  # w = (I − rM)⁻² c
        g = b0 - target
        dg = 0.0
        for j in range(k):
            g += r * a[j] * q[j]
            dg += a[j] * w[j]
        if g > 0.0:
            hi = r
        elif g < 0.0:
            lo = r
        else:
            return r, OK, it + 1
    return np.nan, NO_CONVERGENCE, MAX_ITER


@jit
def _point(
    v, scale, home, partner, ux, ue, ug, m, c, kle, target, r_max,
    nux, nue, nug, nm, nc, nkle, ntarget, nr_max, lam_e, out, work, a, q, w, kv, pe, m1, a1, c1,
):  # fmt: skip
    n_c = scale.shape[0]
    # international: u = Σ_c s_c u_c
    b0 = 0.0
    for j in range(n_c):
        a[j] = 0.0
    for cc in range(n_c):
        b0 += scale[cc] * ux[v, cc]
        for j in range(n_c):
            a[j] += scale[cc] * ug[v, cc, j]
    r, code, its = profit_rate(b0, a, m, c, target[v], r_max, work, q, w)
    out[0] = r
    lam_pool = 0.0
    for e in range(n_c):
        lam_pool += lam_e[v, e]
    if code == OK:
        # p·e_e = Σ_c s_c u_c·e_e + r a (I − rM)⁻¹ KᵀL e_e; rows n_c, n_c + 1 are the bilateral
        # flows home → partner and partner → home (not in the pool)
        p_pool = 0.0
        for e in range(n_c + 2):
            for j in range(n_c):
                kv[j] = kle[e, j]
            _small_solve(m, r, kv, work, w)
            s = 0.0
            for cc in range(n_c):
                s += scale[cc] * ue[v, cc, e]
            for j in range(n_c):
                s += r * a[j] * w[j]
            pe[e] = s
            if e < n_c:
                p_pool += s
        for e in range(n_c):
            out[N_SCALAR + e] = lam_pool / p_pool * pe[e] - lam_e[v, e]  # gain of exporter e
        # net bilateral transfer: seller side (λ − p̂)·e_hp + buyer side (p̂ − λ)·e_ph
        out[1] = (lam_pool / p_pool * pe[n_c + 1] - lam_e[v, n_c + 1]) - (
            lam_pool / p_pool * pe[n_c] - lam_e[v, n_c]
        )
    else:
        out[1] = np.nan
        for e in range(n_c):
            out[N_SCALAR + e] = np.nan
    # national: each country alone, rank-1 capital, its own rate
    code_n = OK
    p_pool = 0.0
    for k in range(n_c):
        a1[0] = scale[k] * nug[v, k]
        c1[0] = nc[k]
        m1[0, 0] = nm[k]
        rk, ck, it_k = profit_rate(scale[k] * nux[v, k], a1, m1, c1, ntarget[v, k], nr_max[k],
                             work[:1, :1], q[:1], w[:1])  # fmt: skip
        out[N_SCALAR + n_c + k] = rk
        its += it_k
        if ck != OK:
            code_n = ck
            continue
        pe[k] = scale[k] * nue[v, k] + rk * a1[0] * nkle[k] / (1.0 - rk * nm[k])
        p_pool += pe[k]
    if code_n == OK:
        for f in range(2):  # the bilateral flows, at the exporter's national prices
            k = home if f == 0 else partner
            rk = out[N_SCALAR + n_c + k]
            pe[n_c + f] = scale[k] * nue[v, n_c + f] + rk * scale[k] * nug[v, k] * nkle[n_c + f] / (
                1.0 - rk * nm[k]
            )
        out[2] = (lam_pool / p_pool * pe[n_c + 1] - lam_e[v, n_c + 1]) - (
            lam_pool / p_pool * pe[n_c] - lam_e[v, n_c]
        )
    else:  # the national accounts need every country's prices
        out[2] = np.nan
        for k in range(n_c):
            out[N_SCALAR + n_c + k] = np.nan
    out[3] = its
    return code, code_n


CHUNK = 256  # points per scratch allocation


@pjit
def sweep_batch(
    vidx, scales, home, partner, ux, ue, ug, m, c, kle, target, r_max,
    nux, nue, nug, nm, nc, nkle, ntarget, nr_max, lam_e, out, status, status_national,
):  # fmt: skip
    """Solve every point in parallel (see :func:`prepare` for the arrays).

    ``vidx`` (P,) valuation of each point, ``scales`` (P, m) money-wage scale per country;
    writes ``out`` (P, N_SCALAR + 2m): r, net bilateral transfer from ``home`` to ``partner``
    in hours (international and national rates; seller side + buyer side), root-finding
    iterations (all solves of the point), gain of each exporter
    in hours, national profit rates; and the status codes.
    """
    n_c = scales.shape[1]
    n_pts = vidx.shape[0]
    n_chunks = (n_pts + CHUNK - 1) // CHUNK
    for ch in prange(n_chunks):
        work = np.empty((n_c, n_c))
        a = np.empty(n_c)
        q = np.empty(n_c)
        w = np.empty(n_c)
        kv = np.empty(n_c)
        pe = np.empty(n_c + 2)
        m1 = np.empty((1, 1))
        a1 = np.empty(1)
        c1 = np.empty(1)
        for i in range(ch * CHUNK, min(n_pts, (ch + 1) * CHUNK)):
            code, code_n = _point(
                vidx[i], scales[i], home, partner, ux, ue, ug, m, c, kle, target, r_max,
                nux, nue, nug, nm, nc, nkle, ntarget, nr_max, lam_e, out[i], work, a, q, w, kv,
                pe, m1, a1, c1,
            )  # fmt: skip
            status[i] = code
            status_national[i] = code_n


def prepare(
    a, labour, output, wage, value_added, country_codes, g, k, exports, complexities,
    flows, pair,
) -> dict:  # fmt: skip
    """Everything the kernel needs, once per sweep (plain numpy; O(n³) once, O(V m n²) after).

    Parameters
    ----------
    a : ndarray (n, n)
        Input coefficients.
    labour, output, wage, value_added : ndarray (n,)
        Hours per unit of output, gross output, money wage per hour, value added (same money
        unit as ``output`` × 1e6 per USD, as in :class:`io_accounts.IOSystem`).
    country_codes : ndarray (n,) of int
        Country index of each sector (0 … m − 1).
    g, k : ndarray (n, m)
        Capital factors, B = g kᵀ.
    exports : ndarray (m, n)
        e_a: deliveries of each exporter to the other system countries.
    complexities : ndarray (V, n)
        μ of each valuation.
    flows : ndarray (2, n)
        The bilateral flows e_{home→partner} and e_{partner→home} (the net transfer's basis).
    pair : tuple of int
        (home, partner) country indices.

    Returns
    -------
    dict of ndarray
        Keyword arguments of :func:`sweep_batch` (without ``vidx``, ``scales``, ``home`` and the
        outputs), plus ``lam`` (V, n) and ``total_value`` (V,).
    """
    n = a.shape[0]
    n_c = g.shape[1]
    mu = np.atleast_2d(complexities)
    hours = labour * output
    leontief = np.linalg.inv(np.eye(n) - a)
    lam = (mu * labour) @ leontief  # (V, n)
    melt = value_added.sum() * 1e6 / (mu @ hours)  # (V,)
    wl = (wage * labour)[None, :] / melt[:, None]  # (V, n)
    onehot = (country_codes[None, :] == np.arange(n_c)[:, None]).astype(float)  # (m, n)
    u = np.einsum("vn,cn,nj->vcj", wl, onehot, leontief)  # (V, m, n)
    lg = leontief @ g
    mm = k.T @ lg
    ex_ext = np.vstack([exports, flows])  # (m + 2, n): exporters, then the bilateral flows
    out = {
        "ux": u @ output,
        "ue": u @ ex_ext.T,  # (V, m, m + 2)
        "ug": u @ g,
        "m": mm,
        "c": k.T @ leontief @ output,
        "kle": (k.T @ leontief @ ex_ext.T).T.copy(),  # (m + 2, m)
        "target": lam @ output,
        "r_max": _r_max(mm),
        "lam_e": lam @ ex_ext.T,  # (V, m + 2)
        "lam": lam,
        "ex_ext": ex_ext,
        "pair": tuple(int(i) for i in pair),
    }
    v = mu.shape[0]
    nux, nug, ntarget = (np.zeros((v, n_c)) for _ in range(3))
    nue, nkle = np.zeros((v, n_c + 2)), np.zeros(n_c + 2)
    nm, nc, nr = (np.zeros(n_c) for _ in range(3))
    for kk in range(n_c):
        sel = np.flatnonzero(country_codes == kk)
        lk = np.linalg.inv(np.eye(sel.size) - a[np.ix_(sel, sel)])
        gk, kk_ = g[sel, kk], k[sel, kk]
        mu_h = mu[:, sel] @ hours[sel]  # (V,)
        wl_n = (wage[sel] * labour[sel])[None, :] * (mu_h / (value_added[sel].sum() * 1e6))[:, None]
        un = wl_n @ lk  # (V, n_k)
        lam_n = (mu[:, sel] * labour[sel]) @ lk
        nux[:, kk] = un @ output[sel]
        nue[:, kk] = un @ exports[kk, sel]
        nug[:, kk] = un @ gk
        ntarget[:, kk] = lam_n @ output[sel]
        nm[kk] = kk_ @ lk @ gk
        nc[kk] = kk_ @ lk @ output[sel]
        nkle[kk] = kk_ @ lk @ exports[kk, sel]
        for f, owner in enumerate(pair):  # a bilateral flow at its exporter's national prices
            if owner == kk:
                nue[:, n_c + f] = un @ flows[f, sel]
                nkle[n_c + f] = kk_ @ lk @ flows[f, sel]
        nr[kk] = 1.0 / nm[kk] if nm[kk] > 0 else np.inf
    out.update(nux=nux, nue=nue, nug=nug, nm=nm, nc=nc, nkle=nkle, ntarget=ntarget, nr_max=nr)
    return out


def _r_max(m) -> float:
    rho = float(np.max(np.abs(np.linalg.eigvals(m)))) if m.size else 0.0
    return 1.0 / rho if rho > 0 else np.inf


KERNEL_ARGS = (
    "ux", "ue", "ug", "m", "c", "kle", "target", "r_max",
    "nux", "nue", "nug", "nm", "nc", "nkle", "ntarget", "nr_max", "lam_e",
)  # fmt: skip


def _partner(n_c: int, home: int, partner) -> int:
    if partner is not None:
        return int(partner)
    if n_c != 2:
        raise ValueError("name the partner: the system has more than two countries")
    return 1 - home


def _check_pair(prep: dict, home: int, partner) -> int:
    partner = _partner(len(prep["m"]), home, partner)
    if (home, partner) != prep["pair"]:
        raise ValueError(f"prepared for (home, partner) = {prep['pair']}, got {(home, partner)}")
    return partner


def run_batch(prep: dict, vidx, scales, home: int, partner: int | None = None):
    """Allocate the outputs and run :func:`sweep_batch`; returns (out, status, status_national).

    ``partner`` defaults to the other country of a two-country system; (home, partner) must be
    the pair ``prep`` was made for."""
    vidx = np.ascontiguousarray(vidx, dtype=np.int64)
    scales = np.ascontiguousarray(scales, dtype=np.float64)
    n_c = scales.shape[1]
    out = np.empty((vidx.shape[0], N_SCALAR + 2 * n_c))
    status = np.empty(vidx.shape[0], dtype=np.int8)
    status_n = np.empty(vidx.shape[0], dtype=np.int8)
    partner = _check_pair(prep, home, partner)
    sweep_batch(vidx, scales, home, partner, *(prep[k] for k in KERNEL_ARGS), out, status, status_n)
    return out, status, status_n


def prepare_system(s, complexities, home: int = 0, partner: int | None = None) -> dict:
    """:func:`prepare` for an :class:`~.io_accounts.IOSystem`, the μ of each valuation and the
    (home, partner) pair of the net bilateral transfer (country indices; ``partner`` defaults
    to the other country of a two-country system)."""
    from . import io_accounts as io  # same layer; io_accounts never imports this module

    g, k = io.capital_factors(s)
    codes = np.array([s.countries.index(c) for c in s.country_of])
    partner = _partner(len(s.countries), home, partner)
    bil = io.bilateral_exports(s)
    return prepare(
        io.input_coefficients(s.z, s.output),
        io._safe_div(s.hours, s.output),
        s.output,
        s.wage,
        s.value_added,
        codes,
        g,
        k,
        io.exports(s),
        complexities,
        np.stack([bil[home, partner], bil[partner, home]]),
        (home, partner),
    )


# ------------------------------------------------------------------ the Shapley split per point
# Coalition bits (factor kept at its actual level): 1 wage, 2 composition, 4 intensity. Switching
# composition or intensity off changes only valuation-level arrays (prepared once, index
# ``(b >> 1) & 3``); switching the wage off rescales each country's wages to the system's
# average value wage per hour, which depends on the point's wage scales.
N_FACTORS = 3
SHAPLEY_OUT = ("wage", "composition", "intensity", "structural")


@jit
def _drain(
    v, sv, scale, home, partner, ux, ue, ug, m4, c4, kle4, rmax4, target4, lame4, work, a, q, w, kv,
):  # fmt: skip
    """Net bilateral transfer from ``home`` to ``partner`` in hours for one point and one
    structure variant (NaN if none)."""
    n_c = scale.shape[0]
    b0 = 0.0
    for j in range(n_c):
        a[j] = 0.0
    for cc in range(n_c):
        b0 += scale[cc] * ux[v, cc]
        for j in range(n_c):
            a[j] += scale[cc] * ug[v, cc, j]
    r, code, _ = profit_rate(b0, a, m4[v, sv], c4[v, sv], target4[v, sv], rmax4[v, sv], work, q, w)
    if code != OK:
        return np.nan, code
    lam_pool = 0.0
    p_pool = 0.0
    p_hp = 0.0
    p_ph = 0.0
    for e in range(n_c + 2):  # rows n_c, n_c + 1: the bilateral flows (not in the pool)
        if e < n_c:
            lam_pool += lame4[v, sv, e]
        for j in range(n_c):
            kv[j] = kle4[v, sv, e, j]
        _small_solve(m4[v, sv], r, kv, work, w)
        s = 0.0
        for cc in range(n_c):
            s += scale[cc] * ue[v, cc, e]
        for j in range(n_c):
            s += r * a[j] * w[j]
        if e < n_c:
            p_pool += s
        elif e == n_c:
            p_hp = s
        else:
            p_ph = s
    seller = lame4[v, sv, n_c] - lam_pool / p_pool * p_hp
    buyer = lam_pool / p_pool * p_ph - lame4[v, sv, n_c + 1]
    return seller + buyer, OK


@pjit
def shapley_batch(
    vidx, scales, home, partner, ux, ue, ug, m4, c4, kle4, rmax4, target4, lame4, wbill, hours_c,
    out,
    status,
):  # fmt: skip
    """Exact Shapley split of the net bilateral transfer (hours) over wage, composition and
    intensity.

    ``out`` (P, 4): the contributions of the three factors and the structural remainder
    (the transfer with all three at the system average); they sum to the transfer.
    """
    n_c = scales.shape[1]
    n_pts = vidx.shape[0]
    n_chunks = (n_pts + CHUNK - 1) // CHUNK
    weights = np.array([1.0 / 3.0, 1.0 / 6.0, 1.0 / 3.0])  # |S|! (2 − |S|)! / 3!
    for ch in prange(n_chunks):
        work = np.empty((n_c, n_c))
        a = np.empty(n_c)
        q = np.empty(n_c)
        w = np.empty(n_c)
        kv = np.empty(n_c)
        flat = np.empty(n_c)
        val = np.empty(8)
        for i in range(ch * CHUNK, min(n_pts, (ch + 1) * CHUNK)):
            v = vidx[i]
            sc = scales[i]
            world = 0.0
            h_all = 0.0
            for c in range(n_c):
                world += sc[c] * wbill[v, c]
                h_all += hours_c[c]
            for c in range(n_c):  # wages at the system's average value wage per hour
                flat[c] = (world / h_all) * hours_c[c] / wbill[v, c]
            code = OK
            for b in range(8):
                d, cb = _drain(v, (b >> 1) & 3, sc if b & 1 else flat, home, partner, ux, ue, ug,
                               m4, c4, kle4, rmax4, target4, lame4, work, a, q, w, kv)  # fmt: skip
                val[b] = d
                if cb != OK:
                    code = cb
            status[i] = code
            for f in range(N_FACTORS):
                bit = 1 << f
                phi = 0.0
                for b in range(8):
                    if b & bit:
                        continue
                    size = 0
                    for g in range(N_FACTORS):
                        if b & (1 << g):
                            size += 1
                    phi += weights[size] * (val[b | bit] - val[b])
                out[i, f] = phi
            out[i, N_FACTORS] = val[0]


def prepare_shapley(s, complexities, prep: dict) -> dict:
    """Valuation-level arrays of :func:`shapley_batch` (the four composition × intensity
    variants), from an :class:`~.io_accounts.IOSystem`, the μ of each valuation and
    :func:`prepare_system`'s output."""
    from . import io_accounts as io

    mu = np.atleast_2d(complexities)
    v_n = mu.shape[0]
    n_c = len(s.countries)
    codes = np.array([s.countries.index(c) for c in s.country_of])
    onehot = (codes[None, :] == np.arange(n_c)[:, None]).astype(float)
    a = io.input_coefficients(s.z, s.output)
    labour = io._safe_div(s.hours, s.output)
    leontief = np.linalg.inv(np.eye(s.n) - a)
    g, _ = io.capital_factors(s)
    hours_c = onehot @ s.hours
    melt = s.value_added.sum() * 1e6 / (mu @ s.hours)
    wbill = (s.wage[None, :] * s.hours[None, :] / melt[:, None]) @ onehot.T  # (V, m)
    lam_c = np.einsum("vn,cn,nj->vcj", mu * labour, onehot, leontief)  # (V, m, n)
    lam = lam_c.sum(axis=1)
    comp_level = (lam @ g) * (onehot @ s.capital)[None, :] / hours_c  # (V, m)
    mu_level = (mu * s.hours) @ onehot.T / hours_c
    m4 = np.zeros((v_n, 4, n_c, n_c))
    c4, rmax4, target4 = np.zeros((v_n, 4, n_c)), np.zeros((v_n, 4)), np.zeros((v_n, 4))
    kle4, lame4 = np.zeros((v_n, 4, n_c + 2, n_c)), np.zeros((v_n, 4, n_c + 2))
    h_all = hours_c.sum()
    for v in range(v_n):
        kmult = (comp_level[v] @ hours_c / h_all) / comp_level[v]
        tmult = (mu_level[v] @ hours_c / h_all) / mu_level[v]
        for sv in range(4):
            km = np.ones(n_c) if sv & 1 else kmult
            tm = np.ones(n_c) if sv & 2 else tmult
            m4[v, sv] = km[:, None] * prep["m"]
            c4[v, sv] = km * prep["c"]
            kle4[v, sv] = prep["kle"] * km[None, :]
            rmax4[v, sv] = _r_max(m4[v, sv])
            lam_s = tm @ lam_c[v]
            target4[v, sv] = lam_s @ s.output
            lame4[v, sv] = prep["ex_ext"] @ lam_s
    return {"m4": m4, "c4": c4, "kle4": kle4, "rmax4": rmax4, "target4": target4,
            "lame4": lame4, "wbill": wbill, "hours_c": hours_c}  # fmt: skip


def run_shapley(prep: dict, shap: dict, vidx, scales, home: int, partner: int | None = None):
    """Allocate and run :func:`shapley_batch`; returns (out (P, 4), status)."""
    vidx = np.ascontiguousarray(vidx, dtype=np.int64)
    scales = np.ascontiguousarray(scales, dtype=np.float64)
    out = np.empty((vidx.shape[0], len(SHAPLEY_OUT)))
    status = np.empty(vidx.shape[0], dtype=np.int8)
    partner = _check_pair(prep, home, partner)
    shapley_batch(
        vidx, scales, home, partner, prep["ux"], prep["ue"], prep["ug"],
        *(shap[k] for k in ("m4", "c4", "kle4", "rmax4", "target4", "lame4", "wbill", "hours_c")),
        out, status,
    )  # fmt: skip
    return out, status
