"""Numba time loop of the dynamics (:mod:`.dynamics` has the equations and the numpy reference).

Paths run in parallel (``prange``); each year calls the static kernel
(:func:`.mexico_us_kernel.model_point`) on that year's quantities, so the annual accounts are the
same engine as ``ue.run``.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from . import mexico_us as mu
from . import mexico_us_kernel as mk
from ._jit import jit, pjit
from .dynamics import LABOUR_SHORTAGE, PARAM_NAMES, VAR_NAMES

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
PHI, S_SHARE, RHO_S = (
    _I["informal_share"],
    _I["skilled_share_of_emigrants"],
    _I["skilled_return_rate"],
)
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
def simulate_path(
    base,
    years,
    shock_idx,
    shock_val,
    shock_start,
    shock_end,
    ex_index,
    ex_growth,
    mean_growth,
    ex_deport,
    init,
    out,
    q,
    p,
    scr,
):
    """One path. base (P,) 2011 parameters, shocks applied year by year; out (T, V).

    init = (Y_MX,1990/2011, Y_US,1990/2011, MX employment 1990, migrant stock 1990, unused).
    Returns the status (first non-viable static status, or labour shortage).
    """
    t_len = years.shape[0]
    scal, fac = scr[0:28], scr[28:32]
    sec = scr[32:64].reshape((8, 4))
    lev = scr[64:79].reshape((3, 5))
    w = scr[80:144].reshape((16, 4))
    z = scr[144:176]
    y_mx0 = base[mk.MX_GDP] * init[0]
    y_us0 = base[mk.US_GDP] * init[1]
    k_mx = base[mk.MX_KY] * y_mx0
    k_us = base[mk.US_KY] * y_us0
    dom_exports_2011 = base[mk.MX_EXP] - base[mk.X_ENC] * base[mk.IMMEX] * base[mk.MX_HPW]
    skilled_2011 = base[mk.ST_BA] + base[mk.ST_MA] + base[mk.ST_PHD]
    e_enc0 = base[mk.IMMEX] * (y_us0 / base[mk.US_GDP]) ** base[BETA]
    e_f0 = init[2] - e_enc0
    labour_force = init[2]
    migrants = init[3]
    gap_1990 = 1.0  # set in the first year
    skilled = base[S_1990]
    researchers = base[R_1990]
    jobs_prev = 0.0
    informal_prev = 0.0
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
        emigration = 0.0 if first else share * max(excess, 0.0)
        returns = 0.0 if first else p[RHO] * migrants + ex_deport[k] + p[DEPORT]
        skilled_returns = 0.0 if first else p[RHO_S] * skilled
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
        q[mk.ST_BA] = skilled * base[mk.ST_BA] / skilled_2011
        q[mk.ST_MA] = skilled * base[mk.ST_MA] / skilled_2011
        q[mk.ST_PHD] = skilled * base[mk.ST_PHD] / skilled_2011
        q[mk.EMIG] = emigration
        q[mk.RET] = returns
        q[mk.SK_EMIG] = p[S_SHARE] * emigration
        q[mk.SK_RET] = skilled_returns / returns if returns > 0.0 else 0.0
        q[mk.REMIT] = remittances
        code = mk.model_point(q, scal, fac, sec, lev, w, z, False)
        if status == _OK and code != _OK:
            status = code
        drain = scal[0] + scal[7]
        row = out[k]
        row[0] = y_mx
        row[1] = y_us
        row[2] = k_mx
        row[3] = k_us
        row[4] = e_f
        row[5] = e_enc
        row[6] = informal
        row[7] = reserve - informal
        row[8] = labour_force
        row[9] = excess
        row[10] = emigration
        row[11] = returns
        row[12] = migrants
        row[13] = skilled
        row[14] = remittances
        row[15] = gap
        row[16] = scal[0]
        row[17] = scal[7]
        row[18] = scal[16]
        row[19] = scal[19]
        row[20] = scal[26]
        resident = p[PI_RES] * researchers
        foreign = p[NU_FOR] * p[mk.X_ENC] * hours_enc
        row[21] = researchers
        row[22] = resident
        row[23] = foreign
        row[24] = foreign / (foreign + resident)
        k_mx = (1.0 - p[D_MX]) * k_mx + p[A_MX] * ((1.0 - p[mk.MX_LS]) * y_mx - drain)
        k_us = (1.0 - p[D_US]) * k_us + p[A_US] * ((1.0 - p[mk.US_LS]) * y_us + drain)
        informal_prev = informal
        skilled_net = p[S_SHARE] * emigration - skilled_returns
        researchers = max(
            0.0, (1.0 - p[R_EXIT]) * researchers + p[PSI] * p[GERD] * y_mx - p[CHI] * skilled_net
        )
        migrants += emigration - returns
        skilled += p[S_SHARE] * emigration - skilled_returns
        jobs_prev = jobs
    return status


@pjit
def simulate_batch(
    base,
    years,
    shock_idx,
    shock_val,
    shock_start,
    shock_end,
    ex_index,
    ex_growth,
    mean_growth,
    ex_deport,
    init,
    out,
    status,
):
    """All paths in parallel: base (N, P), init (N, 5), out (N, T, V); shocks as arrays."""
    n = base.shape[0]
    n_chunks = min(n, 256)
    for ch in prange(n_chunks):
        q = np.empty(base.shape[1])
        p = np.empty(base.shape[1])
        scr = np.empty(176)
        for i in range(ch * n // n_chunks, (ch + 1) * n // n_chunks):
            status[i] = simulate_path(
                base[i],
                years,
                shock_idx,
                shock_val,
                shock_start,
                shock_end,
                ex_index,
                ex_growth,
                mean_growth,
                ex_deport,
                init[i],
                out[i],
                q,
                p,
                scr,
            )
