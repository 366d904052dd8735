"""Numba time loop of the dynamics (:mod:`.dynamics` has the equations and the numpy reference).

Paths run in parallel (``prange``); each year calls the static kernel
(:func:`.accounts_kernel.model_point`) on that year's quantities, so the annual accounts are the
same engine as ``ue.run``.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..engine._jit import jit, pjit
from . import accounts as mu
from . import accounts_kernel as mk
from .dynamics import BASE_YEAR, GRADUATE_ORDER, LABOUR_SHORTAGE, LEVELS, PARAM_NAMES, VAR_NAMES

_I = {name: i for i, name in enumerate(PARAM_NAMES)}
_V = {name: i for i, name in enumerate(VAR_NAMES)}
N_VARS = len(VAR_NAMES)
A_MX, A_US = _I["accumulation_share_mx"], _I["accumulation_share_us"]
D_MX, D_US = _I["depreciation_mx"], _I["depreciation_us"]
EPS_F, BETA = _I["formal_job_elasticity"], _I["enclave_job_elasticity"]
ENTRANTS, MU_E, ETA = (
    _I["labour_force_entrants"],
    _I["emigration_propensity"],
    _I["emigration_wage_elasticity"],
)
ZETA, RHO, DEPORT = _I["us_absorption_elasticity"], _I["return_rate"], _I["deportations"]
PHI, RHO_S = _I["informal_share"], _I["skilled_return_rate"]
GRAD = np.array([_I[f"graduates_{lv}"] for lv in LEVELS], dtype=np.int64)
GRAD_G = np.array([_I[f"graduate_growth_{lv}"] for lv in LEVELS], dtype=np.int64)
SK_PROP = np.array([_I[f"skilled_emigration_propensity_{lv}"] for lv in LEVELS], dtype=np.int64)
GRAD_PROJ, PROF_JOBS = _I["graduate_growth_projection"], _I["professional_jobs"]
PROF_EPS, PROF_EXIT = _I["professional_job_elasticity"], _I["professional_exit_rate"]
V_GRAD = np.array([_V[f"graduates_{lv}"] for lv in LEVELS], dtype=np.int64)
V_SK_OUT = np.array([_V[f"skilled_emigration_{lv}"] for lv in LEVELS], dtype=np.int64)
V_SK_STOCK = np.array([_V[f"skilled_stock_{lv}"] for lv in LEVELS], dtype=np.int64)
V_MX_OUTPUT = _V["mx_output"]
V_US_OUTPUT = _V["us_output"]
V_MX_CAPITAL = _V["mx_capital"]
V_US_CAPITAL = _V["us_capital"]
V_FORMAL_JOBS = _V["formal_jobs"]
V_ENCLAVE_JOBS = _V["enclave_jobs"]
V_INFORMAL = _V["informal"]
V_UNEMPLOYED = _V["unemployed"]
V_LABOUR_FORCE = _V["labour_force"]
V_EXCESS_LABOUR = _V["excess_labour"]
V_EMIGRATION = _V["emigration"]
V_RETURNS = _V["returns"]
V_MIGRANT_STOCK = _V["migrant_stock"]
V_SKILLED_MIGRANT_STOCK = _V["skilled_migrant_stock"]
V_REMITTANCES = _V["remittances"]
V_WAGE_GAP = _V["wage_gap"]
V_PRICE_TRANSFER = _V["price_transfer"]
V_REPATRIATED_PROFIT = _V["repatriated_profit"]
V_TRAINING_COST_TRANSFER = _V["training_cost_transfer"]
V_REPRODUCTION_COST_TRANSFER = _V["reproduction_cost_transfer"]
V_TRAINING_COST_STOCK = _V["training_cost_stock"]
V_TOTAL_DRAIN = _V["total_drain"]
V_GRADUATE_ENTRANTS = _V["graduate_entrants"]
V_PROFESSIONAL_JOBS = _V["professional_jobs"]
V_PROFESSIONAL_OPENINGS = _V["professional_openings"]
V_ABSORPTION_RATE = _V["absorption_rate"]
V_UNABSORBED_GRADUATES = _V["unabsorbed_graduates"]
V_UNDEREMPLOYED_GRADUATES = _V["underemployed_graduates"]
V_SKILLED_RETURNS = _V["skilled_returns"]
V_RESEARCHERS = _V["researchers"]
V_RESIDENT_PATENTS = _V["resident_patents"]
V_FOREIGN_PATENTS = _V["foreign_patents"]
V_FOREIGN_PATENT_SHARE = _V["foreign_patent_share"]
SCRATCH = 200  # floats of scratch per thread
S_1990, REM = _I["skilled_stock_1990"], _I["remittance_per_migrant"]
GERD, R_EXIT, R_1990 = (
    _I["research_spending_share"],
    _I["researcher_exit_rate"],
    _I["researchers_1990"],
)
PSI, CHI = _I["researchers_per_research_dollar"], _I["researchers_lost_per_skilled_emigrant"]
PI_RES, NU_FOR = _I["patents_per_researcher"], _I["foreign_patents_per_enclave_dollar"]
_OK = mu.OK


@jit
def simulate_path(base, years, shocks, ex, init, out, q, p, scr):
    """One path. base (P,) 2011 parameters, shocks applied year by year; out (T, V).

    shocks = (parameter index, value, first year, last year) arrays; ex = (US employment
    index, its growth, mean growth, historical deportations); init = (Y_MX,1990/2011,
    Y_US,1990/2011, MX employment 1990, migrant stock 1990, last year of the graduate data).
    Returns the status (first non-viable status: static, labour shortage, graduate order).
    """
    shock_idx, shock_val, shock_start, shock_end = shocks
    ex_index, ex_growth, mean_growth, ex_deport = ex
    t_len = years.shape[0]
    scal, fac = scr[0:28], scr[28:32]
    sec = scr[32:64].reshape((8, 4))
    lev = scr[64:79].reshape((3, 5))
    w = scr[80:144].reshape((16, 4))
    z = scr[144:176]
    grad, skilled = scr[176:179], scr[179:182]
    sk_out, sk_back = scr[182:185], scr[185:188]
    terminal, unabsorbed = scr[188:191], scr[191:194]
    graduate_data_end = init[4]
    y_mx0 = base[mk.MX_GDP] * init[0]
    y_us0 = base[mk.US_GDP] * init[1]
    k_mx = base[mk.MX_KY] * y_mx0
    k_us = base[mk.US_KY] * y_us0
    dom_exports_2011 = base[mk.MX_EXP] - base[mk.X_ENC] * base[mk.IMMEX] * base[mk.MX_HPW]
    skilled_2011 = base[mk.ST_BA] + base[mk.ST_MA] + base[mk.ST_PHD]
    skilled[0] = base[S_1990] * base[mk.ST_BA] / skilled_2011
    skilled[1] = base[S_1990] * base[mk.ST_MA] / skilled_2011
    skilled[2] = base[S_1990] * base[mk.ST_PHD] / skilled_2011
    for lv in range(3):
        grad[lv] = base[GRAD[lv]] * (1.0 + base[GRAD_G[lv]]) ** (years[0] - BASE_YEAR)
    e_enc0 = base[mk.IMMEX] * (y_us0 / base[mk.US_GDP]) ** base[BETA]
    e_f0 = init[2] - e_enc0
    labour_force = init[2]
    migrants = init[3]
    gap_1990 = 1.0  # set in the first year
    researchers = base[R_1990]
    jobs_prev = 0.0
    informal_prev = 0.0
    positions_prev = 0.0
    y_mx_prev = 1.0
    underemployed = 0.0
    status = _OK
    for k in range(t_len):
        for j in range(base.shape[0]):
            p[j] = base[j]
        for s_i in range(shock_idx.shape[0]):
            if shock_start[s_i] <= years[k] <= shock_end[s_i]:
                p[shock_idx[s_i]] = shock_val[s_i]
        first = k == 0
        y_mx = k_mx / p[mk.MX_KY]
        y_us = k_us / p[mk.US_KY]
        e_enc = p[mk.IMMEX] * (y_us / base[mk.US_GDP]) ** p[BETA]
        e_f = e_f0 * (y_mx / y_mx0) ** p[EPS_F]
        jobs = e_f + e_enc
        hours_enc = e_enc * p[mk.MX_HPW]
        hid = p[mk.HIDDEN]
        enclave_wages = hours_enc * p[mk.US_MFG_W] * ((1.0 - hid) * p[mk.MAQ_W] + hid * p[mk.HID_W])
        w_dom = (p[mk.MX_LS] * y_mx - enclave_wages) / (
            (jobs + informal_prev - e_enc) * p[mk.MX_HPW]
        )
        gap = p[mk.US_MFG_W] / w_dom
        if first:
            gap_1990 = gap  # normalise by the path's own 1990 gap (index 1 in 1990)
        absorption = max(0.0, 1.0 + p[ZETA] * (ex_growth[k] - mean_growth))
        excess = 0.0 if first else p[ENTRANTS] - (jobs - jobs_prev)
        share = min(1.0, p[MU_E] * (gap / gap_1990) ** p[ETA] * absorption)
        # graduates by level, domestic absorption, skilled emigration and return
        if not first:
            for lv in range(3):
                rate = p[GRAD_G[lv]] if years[k] <= graduate_data_end else p[GRAD_PROJ]
                grad[lv] *= 1.0 + rate
        if status == _OK and (grad[1] > grad[0] or grad[2] > grad[1]):
            status = GRADUATE_ORDER
        terminal[0] = max(0.0, grad[0] - grad[1])
        terminal[1] = max(0.0, grad[1] - grad[2])
        terminal[2] = max(0.0, grad[2])
        entrants_skilled = terminal[0] + terminal[1] + terminal[2]
        if first:
            positions = p[PROF_JOBS] * (y_mx / base[mk.MX_GDP]) ** p[PROF_EPS]
        else:  # growth form: a shock to the elasticity bends the path without a jump
            positions = positions_prev * (y_mx / y_mx_prev) ** p[PROF_EPS]
        if first:
            openings = p[PROF_EXIT] * positions
        else:
            openings = max(0.0, positions - positions_prev) + p[PROF_EXIT] * positions_prev
        absorbed_share = min(1.0, openings / entrants_skilled) if entrants_skilled > 0 else 1.0
        pull = (gap / gap_1990) ** p[ETA] * absorption
        skilled_total = skilled[0] + skilled[1] + skilled[2]
        out_total = 0.0
        back_total = 0.0
        unabsorbed_total = 0.0
        for lv in range(3):
            unabsorbed[lv] = (1.0 - absorbed_share) * terminal[lv]
            unabsorbed_total += unabsorbed[lv]
            if first:
                sk_out[lv] = 0.0
                sk_back[lv] = 0.0
            else:
                sk_out[lv] = min(1.0, p[SK_PROP[lv]] * pull) * unabsorbed[lv]
                sk_back[lv] = p[RHO_S] * skilled[lv]
            out_total += sk_out[lv]
            back_total += sk_back[lv]
        # unabsorbed graduates are part of the excess: they go through the graduate block
        emigration = 0.0 if first else share * max(excess - unabsorbed_total, 0.0) + out_total
        returns = (
            0.0
            if first
            else p[RHO] * (migrants - skilled_total) + back_total + ex_deport[k] + p[DEPORT]
        )
        if not first:
            labour_force += p[ENTRANTS] - emigration + returns
        reserve = labour_force - jobs
        if status == _OK and reserve < 0.0:
            status = LABOUR_SHORTAGE
        informal = p[PHI] * reserve
        remittances = p[REM] * migrants * absorption
        for j in range(q.shape[0]):
            q[j] = p[j]
        q[mk.MX_GDP] = y_mx
        q[mk.US_GDP] = y_us
        q[mk.IMMEX] = e_enc
        q[mk.MX_EMP] = jobs + informal
        q[mk.US_EMP] = base[mk.US_EMP] * ex_index[k]
        q[mk.MX_EXP] = p[mk.X_ENC] * hours_enc + dom_exports_2011 * y_mx / base[mk.MX_GDP]
        q[mk.US_EXP] = p[mk.US_EXP] * y_mx / base[mk.MX_GDP]
        q[mk.STOCK] = migrants
        q[mk.ST_BA] = skilled[0]
        q[mk.ST_MA] = skilled[1]
        q[mk.ST_PHD] = skilled[2]
        q[mk.EMIG] = emigration
        q[mk.RET] = returns
        q[mk.SK_EMIG] = out_total
        if out_total > 0.0:
            q[mk.SK_OUT_MA] = sk_out[1] / out_total
            q[mk.SK_OUT_PHD] = sk_out[2] / out_total
        elif skilled_total > 0.0:  # nobody leaves: the stock's mix (it carries no weight)
            q[mk.SK_OUT_MA] = skilled[1] / skilled_total
            q[mk.SK_OUT_PHD] = skilled[2] / skilled_total
        else:
            q[mk.SK_OUT_MA] = 0.0
            q[mk.SK_OUT_PHD] = 0.0
        q[mk.SK_RET] = back_total / returns if returns > 0.0 else 0.0
        q[mk.REMIT] = remittances
        code = mk.model_point(q, scal, fac, sec, lev, w, z, False)
        if status == _OK and code != _OK:
            status = code
        drain = scal[0] + scal[7]
        row = out[k]
        row[V_MX_OUTPUT] = y_mx
        row[V_US_OUTPUT] = y_us
        row[V_MX_CAPITAL] = k_mx
        row[V_US_CAPITAL] = k_us
        row[V_FORMAL_JOBS] = e_f
        row[V_ENCLAVE_JOBS] = e_enc
        row[V_INFORMAL] = informal
        row[V_UNEMPLOYED] = reserve - informal
        row[V_LABOUR_FORCE] = labour_force
        row[V_EXCESS_LABOUR] = excess
        row[V_EMIGRATION] = emigration
        row[V_RETURNS] = returns
        row[V_MIGRANT_STOCK] = migrants
        row[V_SKILLED_MIGRANT_STOCK] = skilled_total
        row[V_REMITTANCES] = remittances
        row[V_WAGE_GAP] = gap
        row[V_PRICE_TRANSFER] = scal[0]
        row[V_REPATRIATED_PROFIT] = scal[7]
        row[V_TRAINING_COST_TRANSFER] = scal[16]
        row[V_REPRODUCTION_COST_TRANSFER] = scal[19]
        row[V_TRAINING_COST_STOCK] = scal[17]
        row[V_TOTAL_DRAIN] = scal[26]
        for lv in range(3):
            row[V_GRAD[lv]] = grad[lv]
            row[V_SK_OUT[lv]] = sk_out[lv]
            row[V_SK_STOCK[lv]] = skilled[lv]
        row[V_GRADUATE_ENTRANTS] = entrants_skilled
        row[V_PROFESSIONAL_JOBS] = positions
        row[V_PROFESSIONAL_OPENINGS] = openings
        row[V_ABSORPTION_RATE] = absorbed_share
        row[V_UNABSORBED_GRADUATES] = unabsorbed_total
        row[V_UNDEREMPLOYED_GRADUATES] = underemployed
        row[V_SKILLED_RETURNS] = back_total
        resident = p[PI_RES] * researchers
        foreign = p[NU_FOR] * p[mk.X_ENC] * hours_enc
        row[V_RESEARCHERS] = researchers
        row[V_RESIDENT_PATENTS] = resident
        row[V_FOREIGN_PATENTS] = foreign
        row[V_FOREIGN_PATENT_SHARE] = foreign / (foreign + resident)
        # transition to t + 1
        k_mx = (1.0 - p[D_MX]) * k_mx + p[A_MX] * ((1.0 - p[mk.MX_LS]) * y_mx - drain)
        k_us = (1.0 - p[D_US]) * k_us + p[A_US] * ((1.0 - p[mk.US_LS]) * y_us + drain)
        informal_prev = informal
        researchers = max(
            0.0,
            (1.0 - p[R_EXIT]) * researchers
            + p[PSI] * p[GERD] * y_mx
            - p[CHI] * (out_total - back_total),
        )
        migrants += emigration - returns
        for lv in range(3):
            skilled[lv] += sk_out[lv] - sk_back[lv]
        if not first:  # the pool counts graduates unabsorbed from 1991 on
            underemployed = (
                (1.0 - p[PROF_EXIT]) * underemployed + unabsorbed_total - out_total + back_total
            )
        positions_prev = positions
        y_mx_prev = y_mx
        jobs_prev = jobs
    return status


@jit
def _run(lo, hi, base, years, shocks, ex, init, out, status):
    """Paths lo..hi−1 on this thread, with their own scratch."""
    q = np.empty(base.shape[1])
    p = np.empty(base.shape[1])
    scr = np.empty(SCRATCH)
    for i in range(lo, hi):
        status[i] = simulate_path(base[i], years, shocks, ex, init[i], out[i], q, p, scr)


@pjit
def simulate_batch(base, years, shocks, ex, init, out, status):
    """All paths in parallel: base (N, P), init (N, 5), out (N, T, V); shocks = (index,
    value, first year, last year) arrays; ex = (US employment index, its growth, mean growth,
    historical deportations)."""
    n = base.shape[0]
    n_chunks = min(n, 256)
    for ch in prange(n_chunks):
        _run(ch * n // n_chunks, (ch + 1) * n // n_chunks, base, years, shocks, ex, init, out,
             status)  # fmt: skip


@jit
def simulate_serial(base, years, shocks, ex, init, out, status):
    """:func:`simulate_batch` on one thread: for a few paths (e.g. the thousands of
    single-path calls of a calibration) a parallel launch costs more than the work and stalls
    when other processes hold the cores."""
    _run(0, base.shape[0], base, years, shocks, ex, init, out, status)
