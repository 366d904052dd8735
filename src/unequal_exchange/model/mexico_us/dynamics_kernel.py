"""Numba time loop of the dynamics (:mod:`.dynamics` has the equations and the numpy reference).

Paths run in parallel (``prange``); each year runs the static kernel on that year's quantities, so
the annual accounts are the same engine as ``ue.run``: :func:`.accounts_kernel.model_point` when a
requested variable reads its formation-cost accounts, else its price and ownership channels alone
on scalars (:func:`.accounts_kernel.price_ownership`, the same bits, in about half the time). Every
position (parameters ``P``, variables ``V``, the initial conditions ``INIT``, the per-thread
scratch ``SCR``) comes from names (:mod:`.layouts`); graduates at their highest degree are the
helper the reference calls too, and shocks are its ``apply_shocks`` done incrementally (only the
shocked and wage-indexed entries are reset each year). Only the requested variables are written,
and a block no requested variable reads is skipped (the static accounts beyond the channels fed
back, with the migration inputs only they read; the research block): no value depends on what else
is requested (tests/test_paths_select.py). The year loop is one function whose commented blocks
carry the names of the reference's steps (:mod:`.dynamics`: production, emigration pull, graduates,
professional absorption, skilled migration, migration, static inputs, record, accumulation):
written as separate functions, even inlined, it ran about 15 % slower.

Cost (one thread, 3 variables, measured 2026-11): 160 ns per path-year (213 before the scalar
channels, the pruning and the USD profit rate). About 50 ns are the seven exp/log, 35 the static
channels, 10 the row written to the scratch. Each year waits on the last: capital, output, jobs,
wage gap, emigration, labour force, static channels, repatriated profit, capital. Taking two
divisions off that chain in the static channels saved 10 %; turning the dynamics' divisions by
per-path constants into products saved nothing measurable. Running several paths side by side per
thread (lockstep, as the engine's kernels) is the next step.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..engine._jit import jit, pjit
from . import accounts as mu
from . import accounts_kernel as mk
from . import dynamics_spec as spec
from . import layouts as lay
from .dynamics_spec import terminal_graduates

# names of the dynamics (kept public here) and positions from names (:mod:`.layouts`)
PARAM_NAMES, VAR_NAMES, LEVELS, BASE_YEAR = (
    spec.PARAM_NAMES, spec.VAR_NAMES, spec.LEVELS, spec.BASE_YEAR,
)  # fmt: skip
GRADUATE_ORDER, LABOUR_SHORTAGE = spec.GRADUATE_ORDER, spec.LABOUR_SHORTAGE
SHORTAGE_TOLERANCE = spec.SHORTAGE_TOLERANCE
P, S, V, G, INIT = lay.P, lay.S, lay.V, lay.G, lay.INIT
N_VARS, N_GRAD, SCR, SA, SB, SCRATCH = lay.N_VARS, lay.N_GRAD, lay.SCR, lay.SA, lay.SB, lay.SCRATCH
GRAD, GRAD_G, SK_PROP, ST_LEVEL = lay.GRAD, lay.GRAD_G, lay.SK_PROP, lay.ST_LEVEL
WAGE_IDX = lay.WAGE_IDX
V_GRAD, V_SK_OUT, V_SK_STOCK = lay.V_GRAD, lay.V_SK_OUT, lay.V_SK_STOCK
_OK = mu.OK


@jit
def simulate_path(base, years, shocks, ex, init, cols, out, q, p, scr):
    """One path. base (P,) 2011 parameters, shocks applied year by year; out (T, k) gets the
    variables ``cols`` (k,) (positions in ``V``; all of them in order: every variable).

    shocks = (parameter index, value, first year, last year) arrays; ex = (US employment
    index, its growth, mean growth, historical deportations, US real wage index);
    init = the ``INIT`` row (initial conditions, graduate data end, anchoring).
    Returns the status (first non-viable status: static, labour shortage, graduate order).

    A year's row is built in the scratch (``SCR.row``) and the requested columns copied to
    ``out`` (every variable: written in place); the year's whole static accounts
    (:func:`.accounts_kernel.model_point`) and the research block run only when a requested
    variable reads them.
    """
    shock_idx, shock_val, shock_start, shock_end = shocks
    ex_index, ex_growth, mean_growth, ex_deport, ex_wage = ex
    t_len = years.shape[0]
    scal, fac = scr[SA.scal : SB.scal], scr[SA.fac : SB.fac]
    sec = scr[SA.sec : SB.sec].reshape((len(mk.SECTOR_NAMES), mk.N_SECTORS))
    lev = scr[SA.lev : SB.lev].reshape((len(mk.LEVEL_NAMES), mk.N_LEVELS))
    w = scr[SA.w : SB.w].reshape((mk.N_WORK, mk.N_SECTORS))
    z = scr[SA.z : SB.z]
    grad, skilled = scr[SA.grad : SB.grad], scr[SA.skilled : SB.skilled]
    sk_out, sk_back = scr[SA.sk_out : SB.sk_out], scr[SA.sk_back : SB.sk_back]
    terminal, unabsorbed = scr[SA.terminal : SB.terminal], scr[SA.unabsorbed : SB.unabsorbed]
    # the scratch starts at zero (reused from the previous path); every row of ``out`` is
    # written in full each year
    scr[:] = 0.0
    n_cols = cols.shape[0]
    direct = n_cols == N_VARS  # every variable in order: rows written in place
    # blocks computed only if a requested variable reads them (no variable depends on which
    # others are requested): the static accounts beyond the price and ownership channels
    # (model_point, with the migration inputs it alone reads) and the research block
    accounts = False
    research = False
    for c in range(n_cols):
        direct = direct and cols[c] == c
        v = cols[c]
        accounts = accounts or (
            v == V.training_cost_transfer
            or v == V.reproduction_cost_transfer
            or v == V.training_cost_stock
            or v == V.total_drain
        )
        research = research or (
            v == V.researchers
            or v == V.resident_patents
            or v == V.foreign_patents
            or v == V.foreign_patent_share
        )
    # this year's parameters (p) and static inputs (q): the 2011 levels, then each year only
    # the shocked and wage-indexed entries change (apply_shocks, done incrementally)
    for j in range(base.shape[0]):
        p[j] = base[j]
        q[j] = base[j]
    graduate_data_end = init[INIT.graduate_data_end]
    anchor_year = init[INIT.anchor_year]  # 0: no re-anchoring
    remittance_scale = 1.0
    # initial state (1990): capital from 1990 output, jobs, stocks, graduates by level
    y_mx0 = base[P.mx_gdp] * init[INIT.mx_output_1990_over_2011]
    y_us0 = base[P.us_gdp] * init[INIT.us_output_1990_over_2011]
    k_mx = base[P.mx_capital_output_ratio] * y_mx0
    k_us = base[P.us_capital_output_ratio] * y_us0
    dom_exports_2011 = (
        base[P.mx_exports_to_us]
        - base[P.enclave_output_per_hour] * base[P.immex_employment] * base[P.mx_hours_per_worker]
    )
    skilled_2011 = 0.0
    for lv in range(N_GRAD):
        skilled_2011 += base[ST_LEVEL[lv]]
    for lv in range(N_GRAD):  # the 1990 stock split like 2011's
        skilled[lv] = base[P.skilled_stock_1990] * base[ST_LEVEL[lv]] / skilled_2011
        grad[lv] = base[GRAD[lv]] * (1.0 + base[GRAD_G[lv]]) ** (years[0] - BASE_YEAR)
    # (as the year loop computes it: the 1990 reserve is then exactly the reference's)
    e_enc0 = base[P.immex_employment] * np.exp(
        base[P.enclave_job_elasticity] * np.log(y_us0 / base[P.us_gdp])
    )
    e_f0 = init[INIT.mx_employment_1990] - e_enc0
    labour_force = init[INIT.mx_employment_1990]
    migrants = init[INIT.migrant_stock_1990]
    gap_1990 = 1.0  # set in the first year
    growth_mx_prev = 0.0  # log(Y_MX / Y_MX,1990) of the year before
    researchers = base[P.researchers_1990]
    jobs_prev = 0.0
    informal_prev = 0.0
    positions_prev = 0.0
    underemployed = 0.0
    status = _OK
    for k in range(t_len):
        # apply_shocks on the entries it can change: back to base, then the year's shocks
        for s in range(shock_idx.shape[0]):
            p[shock_idx[s]] = base[shock_idx[s]]
        for j in WAGE_IDX:
            p[j] = base[j]
        for s in range(shock_idx.shape[0]):
            if shock_start[s] <= years[k] <= shock_end[s]:
                p[shock_idx[s]] = shock_val[s]
        for j in WAGE_IDX:  # 2011 levels indexed to the US real wage of the year
            p[j] *= ex_wage[k]
        first = k == 0
        # re-anchoring: the migrant stock set to its observed value (the graduates abroad,
        # not observed, are kept; the adjustment falls on the others)
        anchor_adj = 0.0
        anchored = years[k] == anchor_year
        if anchored:
            target = max(init[INIT.anchor_migrant_stock], skilled[0] + skilled[1] + skilled[2])
            anchor_adj = target - migrants
            migrants = target
        # production: output from capital, jobs, the domestic wage and the wage gap
        y_mx = k_mx / p[P.mx_capital_output_ratio]
        y_us = k_us / p[P.us_capital_output_ratio]
        # powers of ratios as exp(elasticity × log(ratio)): libm's pow was a third of the
        # kernel's time; the forms agree to about an ulp (ratios are near 1). Y_MX's growth
        # since 1990 serves the formal jobs and, year on year, the professional positions
        e_enc = p[P.immex_employment] * np.exp(
            p[P.enclave_job_elasticity] * np.log(y_us / base[P.us_gdp])
        )
        growth_mx = np.log(y_mx / y_mx0)
        e_f = e_f0 * np.exp(p[P.formal_job_elasticity] * growth_mx)
        jobs = e_f + e_enc
        hours_enc = e_enc * p[P.mx_hours_per_worker]
        hid = p[P.hidden_maquila_share]
        enclave_wages = (
            hours_enc
            * p[P.us_manufacturing_wage]
            * ((1.0 - hid) * p[P.maquila_wage_ratio] + hid * p[P.hidden_maquila_wage_ratio])
        )
        w_dom = (p[P.mx_labour_share] * y_mx - enclave_wages) / (
            (jobs + informal_prev - e_enc) * p[P.mx_hours_per_worker]
        )
        gap = p[P.us_manufacturing_wage] / w_dom
        if first:
            gap_1990 = gap  # normalise by the path's own 1990 gap (index 1 in 1990)
        # emigration pull: US absorption, excess labour, the emigration share
        absorption = max(0.0, 1.0 + p[P.us_absorption_elasticity] * (ex_growth[k] - mean_growth))
        excess = 0.0 if first else p[P.labour_force_entrants] - (jobs - jobs_prev)
        rel_gap = np.exp(p[P.emigration_wage_elasticity] * np.log(gap / gap_1990))
        share = min(1.0, p[P.emigration_propensity] * rel_gap * absorption)
        # graduates by level, domestic absorption, skilled emigration and return
        if not first:
            for lv in range(N_GRAD):
                rate = (
                    p[GRAD_G[lv]]
                    if years[k] <= graduate_data_end
                    else p[P.graduate_growth_projection]
                )
                grad[lv] *= 1.0 + rate
        if status == _OK and (grad[1] > grad[0] or grad[2] > grad[1]):
            status = GRADUATE_ORDER
        terminal_graduates(grad, terminal)
        entrants_skilled = terminal[0] + terminal[1] + terminal[2]
        # professional absorption: positions, openings, the absorbed share
        if first:
            positions = p[P.professional_jobs] * np.exp(
                p[P.professional_job_elasticity] * np.log(y_mx / base[P.mx_gdp])
            )
        else:  # growth form: a shock to the elasticity bends the path without a jump
            positions = positions_prev * np.exp(
                p[P.professional_job_elasticity] * (growth_mx - growth_mx_prev)
            )
        if first:
            openings = p[P.professional_exit_rate] * positions
        else:
            openings = (
                max(0.0, positions - positions_prev) + p[P.professional_exit_rate] * positions_prev
            )
        absorbed_share = min(1.0, openings / entrants_skilled) if entrants_skilled > 0 else 1.0
        # skilled migration: unabsorbed graduates, their emigration and return
        pull = rel_gap * absorption
        skilled_total = skilled[0] + skilled[1] + skilled[2]
        out_total = 0.0
        back_total = 0.0
        unabsorbed_total = 0.0
        for lv in range(N_GRAD):
            unabsorbed[lv] = (1.0 - absorbed_share) * terminal[lv]
            unabsorbed_total += unabsorbed[lv]
            if first:
                sk_out[lv] = 0.0
                sk_back[lv] = 0.0
            else:
                sk_out[lv] = min(1.0, p[SK_PROP[lv]] * pull) * unabsorbed[lv]
                # a flow never exceeds the stock it comes out of
                sk_back[lv] = min(p[P.skilled_return_rate], 1.0) * skilled[lv]
            out_total += sk_out[lv]
            back_total += sk_back[lv]
        # migration: unabsorbed graduates are part of the excess: they go through the graduate block
        emigration = 0.0 if first else share * max(excess - unabsorbed_total, 0.0) + out_total
        # returns and deportations of the non-graduate stock, capped at that stock
        capped = 0.0
        if first:
            returns = 0.0
        else:
            unskilled = max(migrants - skilled_total, 0.0)
            # (summed in this order: a path the cap leaves alone is unchanged to the last bit)
            returns = p[P.return_rate] * unskilled + back_total + ex_deport[k] + p[P.deportations]
            if returns - back_total > unskilled:
                returns = unskilled + back_total
                capped = 1.0
            if p[P.skilled_return_rate] > 1.0:
                capped = 1.0
        if not first:
            labour_force += p[P.labour_force_entrants] - emigration + returns
        reserve = labour_force - jobs
        if status == _OK and reserve < -SHORTAGE_TOLERANCE * labour_force:
            status = LABOUR_SHORTAGE
        informal = p[P.informal_share] * reserve
        remittances = p[P.remittance_per_migrant] * migrants * absorption
        if anchored and remittances > 0.0:
            remittance_scale = init[INIT.anchor_remittances] / remittances
        remittances *= remittance_scale
        # static inputs: path quantities replace the 2011 levels of the static accounts
        for s in range(shock_idx.shape[0]):  # q equals p outside the path quantities
            q[shock_idx[s]] = p[shock_idx[s]]
        for j in WAGE_IDX:
            q[j] = p[j]
        q[P.mx_gdp] = y_mx
        q[P.us_gdp] = y_us
        q[P.immex_employment] = e_enc
        q[P.mx_employment] = jobs + informal
        q[P.us_employment] = base[P.us_employment] * ex_index[k]
        q[P.mx_exports_to_us] = (
            p[P.enclave_output_per_hour] * hours_enc + dom_exports_2011 * y_mx / base[P.mx_gdp]
        )
        q[P.us_exports_to_mx] = p[P.us_exports_to_mx] * y_mx / base[P.mx_gdp]
        if accounts:  # the year's whole static accounts (all but the Shapley split)
            q[P.migrant_stock] = migrants
            for lv in range(N_GRAD):
                q[ST_LEVEL[lv]] = skilled[lv]
            q[P.emigration_per_year] = emigration
            q[P.returns_per_year] = returns
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
            q[P.skilled_returnee_share] = back_total / returns if returns > 0.0 else 0.0
            q[P.remittances] = remittances
            code = mk.model_point(q, scal, fac, sec, lev, w, z, False)
            price, repatriated = scal[S.price_transfer], scal[S.repatriated_profit]
        else:  # its price and ownership channels alone: the same bits, on scalars
            code, price, _, _, _, repatriated = mk.price_ownership(q)
        if status == _OK and code != _OK:
            status = code
        # the actual outflow: repatriated profit (the price channel is already in market prices)
        outflow = repatriated
        # record this year's row
        row = out[k] if direct else scr[SA.row : SB.row]
        row[V.mx_output] = y_mx
        row[V.us_output] = y_us
        row[V.mx_capital] = k_mx
        row[V.us_capital] = k_us
        row[V.formal_jobs] = e_f
        row[V.enclave_jobs] = e_enc
        row[V.informal] = informal
        row[V.unemployed] = reserve - informal
        row[V.labour_force] = labour_force
        row[V.excess_labour] = excess
        row[V.emigration] = emigration
        row[V.returns] = returns
        row[V.migrant_stock] = migrants
        row[V.skilled_migrant_stock] = skilled_total
        row[V.remittances] = remittances
        row[V.outflow_capped] = capped
        row[V.anchor_adjustment] = anchor_adj
        row[V.remittance_anchor_scale] = remittance_scale
        row[V.wage_gap] = gap
        row[V.price_transfer] = price
        row[V.repatriated_profit] = repatriated
        row[V.training_cost_transfer] = scal[S.training_cost_transfer]
        row[V.reproduction_cost_transfer] = scal[S.reproduction_cost_transfer]
        row[V.training_cost_stock] = scal[S.training_cost_stock]
        row[V.total_drain] = scal[S.total_drain]
        for lv in range(N_GRAD):
            row[V_GRAD[lv]] = grad[lv]
            row[V_SK_OUT[lv]] = sk_out[lv]
            row[V_SK_STOCK[lv]] = skilled[lv]
        row[V.graduate_entrants] = entrants_skilled
        row[V.professional_jobs] = positions
        row[V.professional_openings] = openings
        row[V.absorption_rate] = absorbed_share
        row[V.unabsorbed_graduates] = unabsorbed_total
        row[V.underemployed_graduates] = underemployed
        row[V.skilled_returns] = back_total
        if research:
            resident = p[P.patents_per_researcher] * researchers
            foreign = (
                p[P.foreign_patents_per_enclave_dollar] * p[P.enclave_output_per_hour] * hours_enc
            )
            row[V.researchers] = researchers
            row[V.resident_patents] = resident
            row[V.foreign_patents] = foreign
            row[V.foreign_patent_share] = foreign / (foreign + resident)
        if not direct:
            for c in range(n_cols):
                out[k, c] = row[cols[c]]
        # accumulation: transition to t + 1
        k_mx = (1.0 - p[P.depreciation_mx]) * k_mx + p[P.accumulation_share_mx] * (
            (1.0 - p[P.mx_labour_share]) * y_mx - outflow
        )
        k_us = (1.0 - p[P.depreciation_us]) * k_us + p[P.accumulation_share_us] * (
            (1.0 - p[P.us_labour_share]) * y_us + outflow
        )
        informal_prev = informal
        if research:
            researchers = max(
                0.0,
                (1.0 - p[P.researcher_exit_rate]) * researchers
                + p[P.researchers_per_research_dollar] * p[P.research_spending_share] * y_mx
                - p[P.researchers_lost_per_skilled_emigrant] * (out_total - back_total),
            )
        migrants += emigration - returns
        for lv in range(N_GRAD):
            skilled[lv] += sk_out[lv] - sk_back[lv]
        if not first:  # the pool counts graduates unabsorbed from 1991 on
            underemployed = (
                (1.0 - p[P.professional_exit_rate]) * underemployed
                + unabsorbed_total
                - out_total
                + back_total
            )
        positions_prev = positions
        growth_mx_prev = growth_mx
        jobs_prev = jobs
    return status


@jit
def _run(lo, hi, base, years, shocks, ex, init, cols, out, status):
    """Paths lo..hi−1 on this thread, with their own scratch."""
    q = np.empty(base.shape[1])
    p = np.empty(base.shape[1])
    scr = np.empty(SCRATCH)
    for i in range(lo, hi):
        status[i] = simulate_path(base[i], years, shocks, ex, init, cols, out[i], q, p, scr)


@pjit
def simulate_batch(base, years, shocks, ex, init, cols, out, status):
    """All paths in parallel: base (N, P), init (len(INIT),) shared by every path (the
    exogenous initial conditions: one row, not N copies of fresh memory), out (N, T, k) for the
    variables ``cols`` (k,); shocks = (index, value, first year, last year) arrays; ex = (US
    employment index, its growth, mean growth, historical deportations, US real wage index).
    Only ``out`` and ``status`` are written per path (each thread has its own scratch)."""
    n = base.shape[0]
    n_chunks = min(n, 256)
    for ch in prange(n_chunks):
        _run(ch * n // n_chunks, (ch + 1) * n // n_chunks, base, years, shocks, ex, init, cols,
             out, status)  # fmt: skip


@jit
def simulate_serial(base, years, shocks, ex, init, cols, out, status):
    """:func:`simulate_batch` on one thread: for a few paths (e.g. the thousands of
    single-path calls of a calibration) a parallel launch costs more than the work and stalls
    when other processes hold the cores."""
    _run(0, base.shape[0], base, years, shocks, ex, init, cols, out, status)
