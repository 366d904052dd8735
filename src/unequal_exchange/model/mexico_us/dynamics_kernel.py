"""Numba time loop of the dynamics (:mod:`.dynamics` has the equations and the numpy reference).

Paths run in parallel (``prange``); each year calls the static kernel
(:func:`.accounts_kernel.model_point`) on that year's quantities, so the annual accounts are the
same engine as ``ue.run``. One year is a sequence of steps named like the reference's
(``_production``, ``_emigration_pull``, ``_graduates``, ``_professional_absorption``,
``_skilled_migration``, ``_migration``, ``_static_inputs``, ``_record``, ``_accumulate``);
quantities live in small float arrays whose positions come from name tuples (:data:`ST` for
the state carried from year to year, :data:`YR` for this year's quantities, :data:`SCR` for the
per-thread scratch), so no slot number is typed by hand.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..engine._jit import jit, pjit
from . import accounts as mu
from . import accounts_kernel as mk
from .dynamics_spec import (
    BASE_YEAR,
    GRADUATE_ORDER,
    LABOUR_SHORTAGE,
    LEVELS,
    PARAM_NAMES,
    VAR_NAMES,
    apply_shocks,
    terminal_graduates,
)
from .layouts import (  # positions from names
    GRAD,
    GRAD_G,
    INIT,
    N_GRAD,
    N_VARS,
    SA,
    SB,
    SCR,
    SCRATCH,
    SK_PROP,
    ST,
    ST_LEVEL,
    V_GRAD,
    V_SK_OUT,
    V_SK_STOCK,
    YR,
    G,
    P,
    S,
    V,
)

__all__ = [
    "BASE_YEAR",
    "INIT",
    "LEVELS",
    "N_VARS",
    "PARAM_NAMES",
    "SCR",
    "SCRATCH",
    "VAR_NAMES",
    "simulate_batch",
    "simulate_path",
    "simulate_serial",
]
_OK = mu.OK


@jit
def _initial_state(base, years, init, st, grad, skilled):
    """1990 conditions: capital from 1990 output, jobs, stocks, graduates by level."""
    y_mx0 = base[P.mx_gdp] * init[INIT.mx_output_1990_over_2011]
    y_us0 = base[P.us_gdp] * init[INIT.us_output_1990_over_2011]
    st[ST.y_mx0] = y_mx0
    st[ST.k_mx] = base[P.mx_capital_output_ratio] * y_mx0
    st[ST.k_us] = base[P.us_capital_output_ratio] * y_us0
    st[ST.dom_exports_2011] = (
        base[P.mx_exports_to_us]
        - base[P.enclave_output_per_hour] * base[P.immex_employment] * base[P.mx_hours_per_worker]
    )
    skilled_2011 = 0.0
    for lv in range(N_GRAD):
        skilled_2011 += base[ST_LEVEL[lv]]
    for lv in range(N_GRAD):  # the 1990 stock split like 2011's
        skilled[lv] = base[P.skilled_stock_1990] * base[ST_LEVEL[lv]] / skilled_2011
        grad[lv] = base[GRAD[lv]] * (1.0 + base[GRAD_G[lv]]) ** (years[0] - BASE_YEAR)
    e_enc0 = base[P.immex_employment] * (y_us0 / base[P.us_gdp]) ** base[P.enclave_job_elasticity]
    st[ST.e_f0] = init[INIT.mx_employment_1990] - e_enc0
    st[ST.labour_force] = init[INIT.mx_employment_1990]
    st[ST.migrants] = init[INIT.migrant_stock_1990]
    st[ST.gap_1990] = 1.0  # set in the first year
    st[ST.researchers] = base[P.researchers_1990]
    st[ST.jobs_prev] = 0.0
    st[ST.informal_prev] = 0.0
    st[ST.positions_prev] = 0.0
    st[ST.y_mx_prev] = 1.0
    st[ST.underemployed] = 0.0


@jit
def _production(p, base, st, yr, first):
    """Output from capital, enclave and other jobs, the domestic wage and the wage gap."""
    y_mx = st[ST.k_mx] / p[P.mx_capital_output_ratio]
    y_us = st[ST.k_us] / p[P.us_capital_output_ratio]
    e_enc = p[P.immex_employment] * (y_us / base[P.us_gdp]) ** p[P.enclave_job_elasticity]
    e_f = st[ST.e_f0] * (y_mx / st[ST.y_mx0]) ** p[P.formal_job_elasticity]
    jobs = e_f + e_enc
    hours_enc = e_enc * p[P.mx_hours_per_worker]
    hid = p[P.hidden_maquila_share]
    enclave_wages = (
        hours_enc
        * p[P.us_manufacturing_wage]
        * ((1.0 - hid) * p[P.maquila_wage_ratio] + hid * p[P.hidden_maquila_wage_ratio])
    )
    w_dom = (p[P.mx_labour_share] * y_mx - enclave_wages) / (
        (jobs + st[ST.informal_prev] - e_enc) * p[P.mx_hours_per_worker]
    )
    gap = p[P.us_manufacturing_wage] / w_dom
    if first:
        st[ST.gap_1990] = gap  # normalise by the path's own 1990 gap (index 1 in 1990)
    yr[YR.y_mx], yr[YR.y_us], yr[YR.e_enc], yr[YR.e_f] = y_mx, y_us, e_enc, e_f
    yr[YR.jobs], yr[YR.hours_enc], yr[YR.gap] = jobs, hours_enc, gap


@jit
def _emigration_pull(p, ex_growth, mean_growth, st, yr, first):
    """US absorption A_t, excess labour X_t, the emigration share m_t and the skilled pull."""
    absorption = max(0.0, 1.0 + p[P.us_absorption_elasticity] * (ex_growth - mean_growth))
    yr[YR.absorption] = absorption
    yr[YR.excess] = 0.0 if first else p[P.labour_force_entrants] - (yr[YR.jobs] - st[ST.jobs_prev])
    relative_gap = yr[YR.gap] / st[ST.gap_1990]
    eta = p[P.emigration_wage_elasticity]
    yr[YR.share] = min(1.0, p[P.emigration_propensity] * relative_gap**eta * absorption)
    yr[YR.pull] = relative_gap**eta * absorption


@jit
def _graduates(p, year, data_end, grad, terminal, yr, first):
    """Graduates by level grow; entrants at their highest degree. Returns True if the levels
    are out of order (more master's than bachelor's graduates, …)."""
    if not first:
        for lv in range(N_GRAD):
            rate = p[GRAD_G[lv]] if year <= data_end else p[P.graduate_growth_projection]
            grad[lv] *= 1.0 + rate
    disorder = False
    for lv in range(N_GRAD - 1):
        if grad[lv + 1] > grad[lv]:
            disorder = True
    terminal_graduates(grad, terminal)
    total = 0.0
    for lv in range(N_GRAD):
        total += terminal[lv]
    yr[YR.entrants_skilled] = total
    return disorder


@jit
def _professional_absorption(p, base, st, yr, first):
    """Professional positions P_t, openings O_t and the absorbed share a_t of graduates."""
    y_mx = yr[YR.y_mx]
    eps = p[P.professional_job_elasticity]
    if first:
        positions = p[P.professional_jobs] * (y_mx / base[P.mx_gdp]) ** eps
        openings = p[P.professional_exit_rate] * positions
    else:  # growth form: a shock to the elasticity bends the path without a jump
        prev = st[ST.positions_prev]
        positions = prev * (y_mx / st[ST.y_mx_prev]) ** eps
        openings = max(0.0, positions - prev) + p[P.professional_exit_rate] * prev
    entrants = yr[YR.entrants_skilled]
    yr[YR.positions] = positions
    yr[YR.openings] = openings
    yr[YR.absorbed_share] = min(1.0, openings / entrants) if entrants > 0 else 1.0


@jit
def _skilled_migration(p, yr, skilled, terminal, unabsorbed, sk_out, sk_back, first):
    """Unabsorbed graduates U_l, their emigration E_l and the return of skilled migrants."""
    absorbed = yr[YR.absorbed_share]
    skilled_total = 0.0
    out_total = 0.0
    back_total = 0.0
    unabsorbed_total = 0.0
    for lv in range(N_GRAD):
        skilled_total += skilled[lv]
    for lv in range(N_GRAD):
        unabsorbed[lv] = (1.0 - absorbed) * terminal[lv]
        unabsorbed_total += unabsorbed[lv]
        if first:
            sk_out[lv] = 0.0
            sk_back[lv] = 0.0
        else:
            sk_out[lv] = min(1.0, p[SK_PROP[lv]] * yr[YR.pull]) * unabsorbed[lv]
            sk_back[lv] = p[P.skilled_return_rate] * skilled[lv]
        out_total += sk_out[lv]
        back_total += sk_back[lv]
    yr[YR.skilled_total], yr[YR.out_total] = skilled_total, out_total
    yr[YR.back_total], yr[YR.unabsorbed_total] = back_total, unabsorbed_total


@jit
def _migration(p, ex_deport, st, yr, first):
    """Emigration, returns, the labour force and its reserve, remittances. Returns True on a
    labour shortage (jobs demanded exceed the labour force)."""
    # unabsorbed graduates are part of the excess: they go through the graduate block
    emigration = (
        0.0
        if first
        else yr[YR.share] * max(yr[YR.excess] - yr[YR.unabsorbed_total], 0.0) + yr[YR.out_total]
    )
    returns = (
        0.0
        if first
        else p[P.return_rate] * (st[ST.migrants] - yr[YR.skilled_total])
        + yr[YR.back_total]
        + ex_deport
        + p[P.deportations]
    )
    if not first:
        st[ST.labour_force] += p[P.labour_force_entrants] - emigration + returns
    reserve = st[ST.labour_force] - yr[YR.jobs]
    yr[YR.emigration], yr[YR.returns], yr[YR.reserve] = emigration, returns, reserve
    yr[YR.informal] = p[P.informal_share] * reserve
    yr[YR.remittances] = p[P.remittance_per_migrant] * st[ST.migrants] * yr[YR.absorption]
    return reserve < 0.0


@jit
def _static_inputs(p, base, us_index, st, yr, skilled, sk_out, q):
    """This year's parameters of the static accounts: path quantities replace 2011 levels."""
    for j in range(q.shape[0]):
        q[j] = p[j]
    y_mx = yr[YR.y_mx]
    q[P.mx_gdp] = y_mx
    q[P.us_gdp] = yr[YR.y_us]
    q[P.immex_employment] = yr[YR.e_enc]
    q[P.mx_employment] = yr[YR.jobs] + yr[YR.informal]
    q[P.us_employment] = base[P.us_employment] * us_index
    q[P.mx_exports_to_us] = (
        p[P.enclave_output_per_hour] * yr[YR.hours_enc]
        + st[ST.dom_exports_2011] * y_mx / base[P.mx_gdp]
    )
    q[P.us_exports_to_mx] = p[P.us_exports_to_mx] * y_mx / base[P.mx_gdp]
    q[P.migrant_stock] = st[ST.migrants]
    for lv in range(N_GRAD):
        q[ST_LEVEL[lv]] = skilled[lv]
    q[P.emigration_per_year] = yr[YR.emigration]
    q[P.returns_per_year] = yr[YR.returns]
    out_total, skilled_total = yr[YR.out_total], yr[YR.skilled_total]
    q[P.skilled_emigration_per_year] = out_total
    if out_total > 0.0:
        q[P.skilled_emigration_master_share] = sk_out[G.master] / out_total
        q[P.skilled_emigration_phd_share] = sk_out[G.phd] / out_total
    elif skilled_total > 0.0:  # nobody leaves: the stock's mix (it carries no weight)
        q[P.skilled_emigration_master_share] = skilled[G.master] / skilled_total
        q[P.skilled_emigration_phd_share] = skilled[G.phd] / skilled_total
    else:
        q[P.skilled_emigration_master_share] = 0.0
        q[P.skilled_emigration_phd_share] = 0.0
    returns = yr[YR.returns]
    q[P.skilled_returnee_share] = yr[YR.back_total] / returns if returns > 0.0 else 0.0
    q[P.remittances] = yr[YR.remittances]


@jit
def _record(p, st, yr, scal, grad, skilled, sk_out, row):
    """One year's row of every dynamic variable (VAR_NAMES)."""
    row[V.mx_output], row[V.us_output] = yr[YR.y_mx], yr[YR.y_us]
    row[V.mx_capital], row[V.us_capital] = st[ST.k_mx], st[ST.k_us]
    row[V.formal_jobs], row[V.enclave_jobs] = yr[YR.e_f], yr[YR.e_enc]
    row[V.informal] = yr[YR.informal]
    row[V.unemployed] = yr[YR.reserve] - yr[YR.informal]
    row[V.labour_force] = st[ST.labour_force]
    row[V.excess_labour] = yr[YR.excess]
    row[V.emigration], row[V.returns] = yr[YR.emigration], yr[YR.returns]
    row[V.migrant_stock] = st[ST.migrants]
    row[V.skilled_migrant_stock] = yr[YR.skilled_total]
    row[V.remittances] = yr[YR.remittances]
    row[V.wage_gap] = yr[YR.gap]
    for name_v, name_s in (
        (V.price_transfer, S.price_transfer),
        (V.repatriated_profit, S.repatriated_profit),
        (V.training_cost_transfer, S.training_cost_transfer),
        (V.reproduction_cost_transfer, S.reproduction_cost_transfer),
        (V.training_cost_stock, S.training_cost_stock),
        (V.total_drain, S.total_drain),
    ):
        row[name_v] = scal[name_s]
    for lv in range(N_GRAD):
        row[V_GRAD[lv]] = grad[lv]
        row[V_SK_OUT[lv]] = sk_out[lv]
        row[V_SK_STOCK[lv]] = skilled[lv]
    row[V.graduate_entrants] = yr[YR.entrants_skilled]
    row[V.professional_jobs] = yr[YR.positions]
    row[V.professional_openings] = yr[YR.openings]
    row[V.absorption_rate] = yr[YR.absorbed_share]
    row[V.unabsorbed_graduates] = yr[YR.unabsorbed_total]
    row[V.underemployed_graduates] = st[ST.underemployed]
    row[V.skilled_returns] = yr[YR.back_total]
    resident = p[P.patents_per_researcher] * st[ST.researchers]
    foreign = (
        p[P.foreign_patents_per_enclave_dollar] * p[P.enclave_output_per_hour] * yr[YR.hours_enc]
    )
    row[V.researchers] = st[ST.researchers]
    row[V.resident_patents] = resident
    row[V.foreign_patents] = foreign
    row[V.foreign_patent_share] = foreign / (foreign + resident)


@jit
def _accumulate(p, st, yr, drain, skilled, sk_out, sk_back, first):
    """Transition to t + 1: capital after the drain, stocks after the flows, research capacity,
    the pool of underemployed graduates."""
    y_mx, y_us = yr[YR.y_mx], yr[YR.y_us]
    out_total, back_total = yr[YR.out_total], yr[YR.back_total]
    st[ST.k_mx] = (1.0 - p[P.depreciation_mx]) * st[ST.k_mx] + p[P.accumulation_share_mx] * (
        (1.0 - p[P.mx_labour_share]) * y_mx - drain
    )
    st[ST.k_us] = (1.0 - p[P.depreciation_us]) * st[ST.k_us] + p[P.accumulation_share_us] * (
        (1.0 - p[P.us_labour_share]) * y_us + drain
    )
    st[ST.informal_prev] = yr[YR.informal]
    st[ST.researchers] = max(
        0.0,
        (1.0 - p[P.researcher_exit_rate]) * st[ST.researchers]
        + p[P.researchers_per_research_dollar] * p[P.research_spending_share] * y_mx
        - p[P.researchers_lost_per_skilled_emigrant] * (out_total - back_total),
    )
    st[ST.migrants] += yr[YR.emigration] - yr[YR.returns]
    for lv in range(N_GRAD):
        skilled[lv] += sk_out[lv] - sk_back[lv]
    if not first:  # the pool counts graduates unabsorbed from 1991 on
        st[ST.underemployed] = (
            (1.0 - p[P.professional_exit_rate]) * st[ST.underemployed]
            + yr[YR.unabsorbed_total]
            - out_total
            + back_total
        )
    st[ST.positions_prev] = yr[YR.positions]
    st[ST.y_mx_prev] = y_mx
    st[ST.jobs_prev] = yr[YR.jobs]


@jit
def simulate_path(base, years, shocks, ex, init, out, q, p, scr):
    """One path. base (P,) 2011 parameters, shocks applied year by year; out (T, V).

    shocks = (parameter index, value, first year, last year) arrays; ex = (US employment
    index, its growth, mean growth, historical deportations); init = the ``INIT`` row
    (Y_MX,1990/2011, Y_US,1990/2011, MX employment 1990, migrant stock 1990, last year of the
    graduate data). Returns the status (first non-viable status: static, labour shortage,
    graduate order).
    """
    shock_idx, shock_val, shock_start, shock_end = shocks
    ex_index, ex_growth, mean_growth, ex_deport = ex
    scal, fac = scr[SA.scal : SB.scal], scr[SA.fac : SB.fac]
    sec = scr[SA.sec : SB.sec].reshape((len(mk.SECTOR_NAMES), mk.N_SECTORS))
    lev = scr[SA.lev : SB.lev].reshape((len(mk.LEVEL_NAMES), mk.N_LEVELS))
    w = scr[SA.w : SB.w].reshape((mk.N_WORK, mk.N_SECTORS))
    z = scr[SA.z : SB.z]
    st, yr = scr[SA.state : SB.state], scr[SA.year : SB.year]
    grad, skilled = scr[SA.grad : SB.grad], scr[SA.skilled : SB.skilled]
    sk_out, sk_back = scr[SA.sk_out : SB.sk_out], scr[SA.sk_back : SB.sk_back]
    terminal, unabsorbed = scr[SA.terminal : SB.terminal], scr[SA.unabsorbed : SB.unabsorbed]
    _initial_state(base, years, init, st, grad, skilled)
    status = _OK
    for k in range(years.shape[0]):
        apply_shocks(base, years[k], shock_idx, shock_val, shock_start, shock_end, p)
        first = k == 0
        _production(p, base, st, yr, first)
        _emigration_pull(p, ex_growth[k], mean_growth, st, yr, first)
        disorder = _graduates(p, years[k], init[INIT.graduate_data_end], grad, terminal, yr, first)
        if status == _OK and disorder:
            status = GRADUATE_ORDER
        _professional_absorption(p, base, st, yr, first)
        _skilled_migration(p, yr, skilled, terminal, unabsorbed, sk_out, sk_back, first)
        shortage = _migration(p, ex_deport[k], st, yr, first)
        if status == _OK and shortage:
            status = LABOUR_SHORTAGE
        _static_inputs(p, base, ex_index[k], st, yr, skilled, sk_out, q)
        code = mk.model_point(q, scal, fac, sec, lev, w, z, False)
        if status == _OK and code != _OK:
            status = code
        _record(p, st, yr, scal, grad, skilled, sk_out, out[k])
        drain = scal[S.price_transfer] + scal[S.repatriated_profit]
        _accumulate(p, st, yr, drain, skilled, sk_out, sk_back, first)
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
