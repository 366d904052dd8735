"""Numba kernel of the whole Mexico–US model, parallel over parameter points.

The same equations as :func:`unequal_exchange.model.mexico_us.accounts` (the numpy reference),
written per point with scalar arithmetic: sectors, the hours-valued traded table, the price
channel and its 2³-subset Shapley split, ownership, arbitrage and migration channels. Parameters
arrive as one (N, P) float64 array in ``PARAM_NAMES`` order; results go to preallocated arrays in
the orders below, with a status code per point (never an exception).

Every position in these arrays comes from a tuple of names (:mod:`..engine.layout`): ``P`` for
parameters, ``S`` for the scalar outputs, ``W`` for the per-sector work rows, ``Z`` and ``OUT``
for the blocks of the scratch and of a result row. :func:`model_point` runs the reference's
steps (``sectors``, ``value_system``, ``price_channel``, ``_ends``, ``migration``,
``accounts``) in order, in one function (split, it ran slower: see its docstring);
:func:`price_ownership` is its first steps on scalars, for the dynamics' year loop.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..engine._jit import jit, pjit
from ..engine.factors import world_level_multiplier
from ..engine.shapley import split_subsets
from . import accounts as mu
from . import layouts as lay

# the name tuples (kept public here) and positions from names (:mod:`.layouts`)
PARAM_NAMES, SCALAR_NAMES, FACTOR_NAMES = lay.PARAM_NAMES, lay.SCALAR_NAMES, lay.FACTOR_NAMES
SECTOR_NAMES, LEVEL_NAMES, N_SCALAR, N_OUT = (
    lay.SECTOR_NAMES, lay.LEVEL_NAMES, lay.N_SCALAR, lay.N_OUT,
)  # fmt: skip
P, S, W, SEC, SR, LR, LV, BIT = lay.P, lay.S, lay.W, lay.SEC, lay.SR, lay.LR, lay.LV, lay.BIT
N_SECTORS, N_LEVELS, N_FACTORS = lay.N_SECTORS, lay.N_LEVELS, lay.N_FACTORS
N_MX_SECTORS, N_WORK, N_SUBSETS, N_Z = lay.N_MX_SECTORS, lay.N_WORK, lay.N_SUBSETS, lay.N_Z
N_FAC_OUT, VALUE_FAC0, VBIT = lay.N_FAC_OUT, lay.VALUE_FAC0, lay.VBIT
SHAPLEY_WEIGHTS, OUT, OA, OB, ZA, ZB = lay.SHAPLEY_WEIGHTS, lay.OUT, lay.OA, lay.OB, lay.ZA, lay.ZB
_OK = mu.OK


@jit
def _value_system(alpha, hours, tau, y, wage, kph, th, n, v, cap):
    """Fill traded hours th, new value n, v and K (hours) for convention alpha; return MELT
    (reference: :func:`.accounts.value_system`)."""
    sum_h = 0.0
    sum_va = 0.0
    for j in range(N_SECTORS):
        th[j] = tau[j] * hours[j]
        sum_h += th[j]
        sum_va += th[j] * y[j]
    mean_va = sum_va / sum_h
    sum_th = 0.0
    for j in range(N_SECTORS):
        theta = 1.0 if alpha == 0.0 else (y[j] / mean_va) ** alpha
        n[j] = theta * th[j]
        sum_th += n[j]
    melt = sum_va / sum_th
    for j in range(N_SECTORS):
        v[j] = wage[j] * th[j] / melt
        cap[j] = kph[j] * th[j] / melt
    return melt


@jit
def _value_system_into(alpha, w, n, v, cap):
    """:func:`_value_system` on the observables rows of ``w``, traded hours into its row."""
    return _value_system(
        alpha, w[W.hours], w[W.traded_share], w[W.value_added], w[W.wage],
        w[W.capital_per_hour], w[W.traded_hours], n, v, cap,
    )  # fmt: skip


@jit
def _to_us(n, v, cap):
    """Transfer to the US (hours) and the profit rate for new value n, wages v, capital cap
    (reference: :func:`.accounts._transfer_to_us`)."""
    s_tot = 0.0
    k_tot = 0.0
    for j in range(N_SECTORS):
        s_tot += n[j] - v[j]
        k_tot += cap[j]
    r = s_tot / k_tot
    return r * cap[SEC.us] - (n[SEC.us] - v[SEC.us]), r


@jit
def _multiplier(x, th, out):
    """Per-sector multiplier bringing each country's x per traded hour to the world level
    (reference: :func:`.accounts._country_multiplier`)."""
    world_x = 0.0
    world_h = 0.0
    for j in range(N_SECTORS):
        world_x += x[j]
        world_h += th[j]
    mx_x = 0.0
    mx_h = 0.0
    for j in range(N_MX_SECTORS):
        mx_x += x[j]
        mx_h += th[j]
    mx = world_level_multiplier(mx_x, mx_h, world_x, world_h)
    for j in range(N_MX_SECTORS):
        out[j] = mx
    out[SEC.us] = world_level_multiplier(x[SEC.us], th[SEC.us], world_x, world_h)


@jit
def _value_factor_split(n, v, cap, mn, nn, vv, kk, t_on, out):
    """Shapley split of the transfer over Marx's factors (e, K/v, intensity) into ``out``
    (reference: :func:`.accounts._transfer_with_value_factors`); mn holds the intensity
    multipliers of :func:`_multiplier`."""
    s_w = 0.0
    v_w = 0.0
    k_w = 0.0
    for j in range(N_SECTORS):
        s_w += n[j] - v[j]
        v_w += v[j]
        k_w += cap[j]
    e_w = s_w / v_w
    kv_w = k_w / v_w
    e_on, kv_on, int_on = (
        1 << VBIT.surplus_value_rate,
        1 << VBIT.value_composition,
        (1 << VBIT.intensity),
    )
    for on in range(N_SUBSETS):
        for j in range(N_SECTORS):  # v and K scaled together: K/v stays unless switched off
            a = 1.0 if on & int_on else mn[j]
            nn[j] = n[j] * a
            vv[j] = v[j] * a
            kk[j] = cap[j] * a
        for c in range(2):  # Mexico (sectors before SEC.us), then the US
            lo, hi = (0, N_MX_SECTORS) if c == 0 else (N_MX_SECTORS, N_SECTORS)
            n_c = 0.0
            v_c = 0.0
            k_c = 0.0
            v0_c = 0.0
            for j in range(lo, hi):
                n_c += nn[j]
                v_c += vv[j]
                k_c += cap[j]
                v0_c += v[j]
            mu_e = 1.0 if on & e_on else (n_c / v_c) / (1.0 + e_w)
            mu_k = 1.0 if on & kv_on else kv_w / (k_c / v0_c)
            for j in range(lo, hi):
                vv[j] *= mu_e
                kk[j] *= mu_e
                kk[j] *= mu_k
        t_on[on], _ = _to_us(nn, vv, kk)
    t_on[0] = 0.0  # every factor at the world's level: r K_US = S_US exactly
    split_subsets(t_on, SHAPLEY_WEIGHTS, out[:N_FACTORS])
    out[N_FACTORS] = 0.0


@jit
def price_ownership(p):
    """Status, price and ownership channels of one point, on scalars: ``(status,
    price_transfer, price_transfer_hours, melt, profit_rate, repatriated_profit)``.

    What a dynamic path needs of a year's static accounts when none of their per-sector,
    level or migration outputs is read (:mod:`.dynamics_kernel`): :func:`model_point`'s steps
    ``sectors``, ``value_system`` and the transfer with the same operations in the same order
    (the results are the same to the last bit: tests/test_sweep.py), every per-sector
    quantity a local (register) instead of a work row. In the year loop it takes about half
    the time of :func:`model_point`'s call (no scratch to clear, no array views).
    """
    # sectors: observables per sector (maquila, hidden maquila, domestic, US)
    h_enc = p[P.immex_employment] * p[P.mx_hours_per_worker]
    hid = p[P.hidden_maquila_share]
    h_m = h_enc * (1.0 - hid)
    h_h = h_enc * hid
    h_d = (p[P.mx_employment] - p[P.immex_employment]) * p[P.mx_hours_per_worker]
    h_u = p[P.us_employment] * p[P.us_hours_per_worker]
    w_m = p[P.maquila_wage_ratio] * p[P.us_manufacturing_wage]
    w_h = p[P.hidden_maquila_wage_ratio] * p[P.us_manufacturing_wage]
    x = p[P.enclave_output_per_hour]
    y_m = x * (1.0 - p[P.maquila_import_content] - p[P.enclave_domestic_input_share])
    y_h = x * (1.0 - p[P.hidden_maquila_import_content] - p[P.enclave_domestic_input_share])
    va_d = p[P.mx_gdp] - y_m * h_m - y_h * h_h
    wages_d = p[P.mx_labour_share] * p[P.mx_gdp] - w_m * h_m - w_h * h_h
    y_d = va_d / h_d
    w_d = wages_d / h_d
    y_u = p[P.us_gdp] / h_u
    w_u = p[P.us_labour_share] * p[P.us_gdp] / h_u
    cb = p[P.capital_basis]
    ky_enc = (1.0 - cb) * p[P.mx_capital_output_ratio] + cb * p[P.enclave_capital_output_ratio]
    k_m = ky_enc * y_m
    k_h = ky_enc * y_h
    k_d = (
        (1.0 - cb) * p[P.mx_capital_output_ratio] + cb * p[P.mx_productive_capital_output_ratio]
    ) * y_d
    k_u = (
        (1.0 - cb) * p[P.us_capital_output_ratio] + cb * p[P.us_productive_capital_output_ratio]
    ) * y_u
    domestic_exports = p[P.mx_exports_to_us] - x * h_enc
    pb = p[P.pool_basis]
    tau_d_io = (
        p[P.mx_export_hours_share] * p[P.mx_employment] * p[P.mx_hours_per_worker] - h_enc
    ) / h_d
    t_d = (1.0 - pb) * min(max(domestic_exports / va_d, 0.0), 1.0) + pb * min(
        max(tau_d_io, 0.0), 1.0
    )
    t_u = (1.0 - pb) * p[P.us_exports_to_mx] / p[P.us_gdp] + pb * p[P.us_export_hours_share]
    status = _OK
    if not va_d > 0.0:
        status = mu.NEGATIVE_DOMESTIC_VALUE_ADDED
    elif not wages_d > 0.0:
        status = mu.NEGATIVE_DOMESTIC_WAGE
    elif w_d >= y_d:
        status = mu.NO_DOMESTIC_SURPLUS
    elif y_m <= w_m or y_h <= w_h:
        status = mu.ENCLAVE_LOSS
    elif domestic_exports < 0.0:
        status = mu.NEGATIVE_DOMESTIC_EXPORTS
    # value_system (enclaves trade all their hours: τ = 1)
    th_m = 1.0 * h_m
    th_h = 1.0 * h_h
    th_d = t_d * h_d
    th_u = t_u * h_u
    sum_h = th_m + th_h + th_d + th_u
    sum_va = th_m * y_m + th_h * y_h + th_d * y_d + th_u * y_u
    alpha = p[P.hours_weighting]
    if alpha == 0.0:
        n_m, n_h, n_d, n_u = th_m, th_h, th_d, th_u
    else:
        mean_va = sum_va / sum_h
        n_m = (y_m / mean_va) ** alpha * th_m
        n_h = (y_h / mean_va) ** alpha * th_h
        n_d = (y_d / mean_va) ** alpha * th_d
        n_u = (y_u / mean_va) ** alpha * th_u
    melt = sum_va / (n_m + n_h + n_d + n_u)
    # the profit rate and the transfer in USD (see model_point), then the ownership channel
    wages_usd = w_m * th_m + w_h * th_h + w_d * th_d + w_u * th_u
    c_m, c_h, c_u = k_m * th_m, k_h * th_h, k_u * th_u
    surplus_usd = sum_va - wages_usd
    if status == _OK and not surplus_usd > 0.0:
        status = mu.NEGATIVE_NET_PRODUCT_SURPLUS
    rate = surplus_usd / (c_m + c_h + k_d * th_d + c_u)
    price = rate * c_u - (n_u * melt - w_u * th_u)
    repatriated = p[P.enclave_foreign_ownership] * (rate * (c_m + c_h))
    return status, price, price / melt, melt, rate, repatriated


@jit
def model_point(p, scal, fac, sec, lev, w, z, full=True):
    """All channels of one parameter point; returns the status code.

    Scratch: w (N_WORK, N_SECTORS) per-sector work rows (``W``), z (N_Z,) for subsets, ends
    and levels (``Z``). With ``full=False`` the Shapley split and the two ends of the hours
    convention are skipped (NaN): the dynamics need only the channels (and
    :func:`price_ownership` when they read none of the per-sector, level or migration
    accounts). One function, in the
    order of the reference's steps (sectors, value_system, price_channel, _ends, migration,
    accounts): split into functions it ran 6 % slower (15 % inside the dynamics), even inlined.
    """
    w[:, :] = 0.0  # scratch is reused from the previous point: nothing may be read unwritten
    z[:] = 0.0
    hours, wage, y = w[W.hours], w[W.wage], w[W.value_added]
    kph, tau = w[W.capital_per_hour], w[W.traded_share]
    th, n, v, cap = w[W.traded_hours], w[W.new_value], w[W.variable], w[W.capital]
    mn, mv, mk = w[W.mult_new_value], w[W.mult_variable], w[W.mult_capital]
    nn, vv, kk = w[W.off_new_value], w[W.off_variable], w[W.off_capital]
    maq, hid_s, dom, us = SEC.maquila, SEC.hidden_maquila, SEC.domestic, SEC.us
    # sectors: observables per sector
    h_enc = p[P.immex_employment] * p[P.mx_hours_per_worker]
    hid = p[P.hidden_maquila_share]
    hours[maq] = h_enc * (1.0 - hid)
    hours[hid_s] = h_enc * hid
    hours[dom] = (p[P.mx_employment] - p[P.immex_employment]) * p[P.mx_hours_per_worker]
    hours[us] = p[P.us_employment] * p[P.us_hours_per_worker]
    wage[maq] = p[P.maquila_wage_ratio] * p[P.us_manufacturing_wage]
    wage[hid_s] = p[P.hidden_maquila_wage_ratio] * p[P.us_manufacturing_wage]
    x = p[P.enclave_output_per_hour]
    y[maq] = x * (1.0 - p[P.maquila_import_content] - p[P.enclave_domestic_input_share])
    y[hid_s] = x * (1.0 - p[P.hidden_maquila_import_content] - p[P.enclave_domestic_input_share])
    va_d = p[P.mx_gdp] - y[maq] * hours[maq] - y[hid_s] * hours[hid_s]
    wages_d = (
        p[P.mx_labour_share] * p[P.mx_gdp] - wage[maq] * hours[maq] - wage[hid_s] * hours[hid_s]
    )
    y[dom] = va_d / hours[dom]
    wage[dom] = wages_d / hours[dom]
    y[us] = p[P.us_gdp] / hours[us]
    wage[us] = p[P.us_labour_share] * p[P.us_gdp] / hours[us]
    cb = p[P.capital_basis]
    ky_enc = (1.0 - cb) * p[P.mx_capital_output_ratio] + cb * p[P.enclave_capital_output_ratio]
    kph[maq] = ky_enc * y[maq]
    kph[hid_s] = ky_enc * y[hid_s]
    kph[dom] = (
        (1.0 - cb) * p[P.mx_capital_output_ratio] + cb * p[P.mx_productive_capital_output_ratio]
    ) * y[dom]
    kph[us] = (
        (1.0 - cb) * p[P.us_capital_output_ratio] + cb * p[P.us_productive_capital_output_ratio]
    ) * y[us]
    enclave_exports = x * h_enc
    domestic_exports = p[P.mx_exports_to_us] - enclave_exports
    pb = p[P.pool_basis]
    tau[maq] = 1.0
    tau[hid_s] = 1.0
    tau_d_io = (
        p[P.mx_export_hours_share] * p[P.mx_employment] * p[P.mx_hours_per_worker] - h_enc
    ) / hours[dom]
    tau[dom] = (1.0 - pb) * min(max(domestic_exports / va_d, 0.0), 1.0) + pb * min(
        max(tau_d_io, 0.0), 1.0
    )
    tau[us] = (1.0 - pb) * p[P.us_exports_to_mx] / p[P.us_gdp] + pb * p[P.us_export_hours_share]
    status = _OK
    if not va_d > 0.0:
        status = mu.NEGATIVE_DOMESTIC_VALUE_ADDED
    elif not wages_d > 0.0:
        status = mu.NEGATIVE_DOMESTIC_WAGE
    elif wage[dom] >= y[dom]:
        status = mu.NO_DOMESTIC_SURPLUS
    elif y[maq] <= wage[maq] or y[hid_s] <= wage[hid_s]:
        status = mu.ENCLAVE_LOSS
    elif domestic_exports < 0.0:
        status = mu.NEGATIVE_DOMESTIC_EXPORTS
    # the traded value system at the scenario's convention
    melt = _value_system(p[P.hours_weighting], hours, tau, y, wage, kph, th, n, v, cap)
    # the profit rate and the transfer in USD, where melt cancels: r = S / K with S = Σ y th −
    # Σ w th and K = Σ k th (the value system before its division by melt), and the transfer
    # r K_US − (n_US melt − w_US th_US). The same as _to_us(n, v, cap) times melt up to
    # rounding, with two divisions fewer between a year's output and its capital in the
    # dynamics (price_ownership)
    va_usd = 0.0
    wages_usd = 0.0
    capital_usd = 0.0
    for j in range(N_SECTORS):
        va_usd += th[j] * y[j]
        wages_usd += wage[j] * th[j]
        capital_usd += kph[j] * th[j]
    surplus_usd = va_usd - wages_usd
    if status == _OK and not surplus_usd > 0.0:  # melt > 0: the sign of the total surplus
        status = mu.NEGATIVE_NET_PRODUCT_SURPLUS
    rate = surplus_usd / capital_usd
    price = rate * (kph[us] * th[us]) - (n[us] * melt - wage[us] * th[us])
    to_us = price / melt
    if full:  # price channel: the Shapley split over FACTORS, then the two ends of α
        _multiplier(n, th, mn)
        _multiplier(v, th, mv)
        _multiplier(cap, th, mk)
        # T(on) for every subset of factors kept at their actual level (bit mask over FACTORS)
        t_on = z[ZA.t_on : ZB.t_on]
        wage_on, comp_on, int_on = 1 << BIT.wage, 1 << BIT.composition, 1 << BIT.intensity
        for on in range(N_SUBSETS):
            for j in range(N_SECTORS):
                vv[j] = v[j] if on & wage_on else v[j] * mv[j]
                kk[j] = cap[j] if on & comp_on else cap[j] * mk[j]
                nn[j] = n[j] if on & int_on else n[j] * mn[j]
            t_on[on], _ = _to_us(nn, vv, kk)
        # with every factor off both countries sit at the world's levels per hour, so
        # r K_US = S_US exactly: the structural part is zero, not rounding noise
        t_on[0] = 0.0
        split_subsets(t_on, SHAPLEY_WEIGHTS, fac[:N_FACTORS])
        for f in range(N_FACTORS):
            fac[f] *= melt
        fac[N_FACTORS] = t_on[0] * melt
        # Marx's factors: rate of surplus value, value composition, intensity
        vfac = fac[VALUE_FAC0:N_FAC_OUT]
        _value_factor_split(n, v, cap, mn, nn, vv, kk, t_on, vfac)
        for f in range(N_FACTORS + 1):
            vfac[f] *= melt
        # the two ends of the hours convention
        ends = z[ZA.ends : ZB.ends]
        for e in range(2):
            m_e = _value_system(float(e), hours, tau, y, wage, kph, th, nn, vv, kk)
            t_e, _ = _to_us(nn, vv, kk)
            ends[e] = t_e * m_e
        # th = τ∘hours does not depend on the convention: n, v, cap were never overwritten
    else:
        for f in range(N_FAC_OUT):
            fac[f] = np.nan
        for e in range(ZA.ends, ZB.ends):
            z[e] = np.nan
    ends = z[ZA.ends : ZB.ends]
    enclave_profit = rate * (kph[maq] * th[maq] + kph[hid_s] * th[hid_s])  # r K of the enclaves
    repatriated = p[P.enclave_foreign_ownership] * enclave_profit
    # per-sector outputs
    for j in range(N_SECTORS):
        sec[SR.hours, j] = hours[j]
        sec[SR.wage, j] = wage[j]
        sec[SR.value_added_per_hour, j] = y[j]
        sec[SR.capital_per_hour, j] = kph[j]
        sec[SR.traded_share, j] = tau[j]
        sec[SR.surplus_value_rate, j] = (n[j] - v[j]) / v[j]
        sec[SR.organic_composition, j] = (cap[j] - v[j]) / v[j]
        sec[SR.transfer, j] = (rate * cap[j] - (n[j] - v[j])) * melt
    # migration: formation costs by level; with formation_where_trained = 1 only the part
    # that took place in Mexico (child arrivals' Mexican years, no US-taken postgraduate stage)
    c_prim, c_sec, c_ter = (
        p[P.cost_per_student_primary],
        p[P.cost_per_student_secondary],
        p[P.cost_per_student_tertiary],
    )
    y_pri, y_low, y_up = p[P.years_primary], p[P.years_lower_secondary], p[P.years_upper_secondary]
    where = p[P.formation_where_trained]
    pg_mx = 1.0 - where * p[P.postgraduate_us_trained_share]
    young = where * p[P.child_arrival_share]
    entry = p[P.childhood_years] - (y_pri + y_low + y_up)
    done = min(max(p[P.child_arrival_age] - entry, 0.0), y_pri + y_low)
    child_school = min(done, y_pri) * c_prim + max(done - y_pri, 0.0) * c_sec
    basic = y_pri * c_prim + y_low * c_sec
    upper = basic + y_up * c_sec
    ter_ba = p[P.years_bachelor] * c_ter
    ter_ma = (p[P.years_bachelor] + pg_mx * p[P.years_master]) * c_ter
    ter_phd = (p[P.years_bachelor] + pg_mx * (p[P.years_master] + p[P.years_phd])) * c_ter
    cost = z[ZA.cost : ZB.cost]
    common = young * child_school
    cost[LV.basic] = (1.0 - young) * basic + common
    cost[LV.upper_secondary] = (1.0 - young) * upper + common
    cost[LV.bachelor] = (1.0 - young) * (upper + ter_ba) + common
    cost[LV.master] = (1.0 - young) * (upper + ter_ma) + common
    cost[LV.phd] = (1.0 - young) * (upper + ter_phd) + common
    u = p[P.upper_secondary_share_non_tertiary]
    skilled_total = p[P.migrant_stock_bachelor] + p[P.migrant_stock_master] + p[P.migrant_stock_phd]
    non_tertiary = p[P.migrant_stock] - skilled_total
    stock = z[ZA.stock : ZB.stock]
    stock[LV.basic] = non_tertiary * (1.0 - u)
    stock[LV.upper_secondary] = non_tertiary * u
    stock[LV.bachelor] = p[P.migrant_stock_bachelor]
    stock[LV.master] = p[P.migrant_stock_master]
    stock[LV.phd] = p[P.migrant_stock_phd]
    skilled_out = p[P.skilled_emigration_per_year]
    skilled_back = p[P.returns_per_year] * p[P.skilled_returnee_share]
    low_net = (p[P.emigration_per_year] - skilled_out) - (p[P.returns_per_year] - skilled_back)
    net = z[ZA.net : ZB.net]
    net[LV.basic] = (1.0 - u) * low_net
    net[LV.upper_secondary] = u * low_net
    out_share_ma, out_share_phd = (
        p[P.skilled_emigration_master_share],
        p[P.skilled_emigration_phd_share],
    )
    for lv in range(LV.bachelor, N_LEVELS):
        if lv == LV.bachelor:
            out_share = 1.0 - out_share_ma - out_share_phd
        elif lv == LV.master:
            out_share = out_share_ma
        else:
            out_share = out_share_phd
        # emigrants leave with the flow mix; returnees come back like the stock
        back_share = stock[lv] / skilled_total if skilled_total > 0.0 else 0.0
        net[lv] = out_share * skilled_out - back_share * skilled_back
    mx_wage = p[P.mx_labour_share] * p[P.mx_gdp] / (hours[maq] + hours[hid_s] + hours[dom])
    years_in_mexico = (1.0 - young) * p[P.childhood_years] + young * min(
        p[P.child_arrival_age], p[P.childhood_years]
    )
    child = p[P.us_childhood_cost_per_year] * (mx_wage / wage[us]) * years_in_mexico
    training_transfer = 0.0
    training_stock = 0.0
    net_total = 0.0
    stock_total = 0.0
    for lv in range(N_LEVELS):
        training_transfer += net[lv] * cost[lv]
        training_stock += stock[lv] * cost[lv]
        net_total += net[lv]
        stock_total += stock[lv]
        lev[LR.training_cost_per_migrant, lv] = cost[lv]
        lev[LR.migrant_stock_by_level, lv] = stock[lv]
        lev[LR.net_emigration_by_level, lv] = net[lv]
    # brain waste: the (Mexican) tertiary stage of those not working at their qualification
    waste = (1.0 - young) * (
        (1.0 - p[P.skilled_at_qualification_bachelor]) * stock[LV.bachelor] * ter_ba
        + (1.0 - p[P.skilled_at_qualification_postgraduate])
        * (stock[LV.master] * ter_ma + stock[LV.phd] * ter_phd)
    )
    reproduction_transfer = net_total * child
    reproduction_stock = stock_total * child
    migrant_hours = p[P.migrant_workforce_share] * hours[us]
    migrant_wage = wage[dom] * p[P.migrant_wage_premium]
    total = price + repatriated + training_transfer + reproduction_transfer
    gdp = p[P.mx_gdp]
    scal[S.price_transfer] = price
    scal[S.price_transfer_hours] = to_us
    scal[S.price_transfer_share_gdp] = price / gdp
    scal[S.price_transfer_equal_hours] = ends[0]
    scal[S.price_transfer_productivity_weighted] = ends[1]
    scal[S.melt] = melt
    scal[S.profit_rate] = rate
    scal[S.repatriated_profit] = repatriated
    scal[S.enclave_surplus_drained] = repatriated - (
        sec[SR.transfer, maq] + sec[SR.transfer, hid_s]
    )
    scal[S.labour_arbitrage_rent] = (p[P.us_manufacturing_wage] - wage[maq]) * hours[maq] + (
        p[P.us_manufacturing_wage] - wage[hid_s]
    ) * hours[hid_s]
    scal[S.enclave_hours] = h_enc
    scal[S.enclave_worker_equivalents] = h_enc / p[P.us_hours_per_worker]
    scal[S.enclave_wage_bill] = wage[maq] * hours[maq] + wage[hid_s] * hours[hid_s]
    scal[S.enclave_value_added] = y[maq] * hours[maq] + y[hid_s] * hours[hid_s]
    scal[S.enclave_exports] = enclave_exports
    scal[S.enclave_imported_inputs] = x * (
        p[P.maquila_import_content] * hours[maq] + p[P.hidden_maquila_import_content] * hours[hid_s]
    )
    scal[S.training_cost_transfer] = training_transfer
    scal[S.training_cost_stock] = training_stock
    scal[S.reproduction_cost_per_migrant] = child
    scal[S.reproduction_cost_transfer] = reproduction_transfer
    scal[S.reproduction_cost_stock] = reproduction_stock
    scal[S.remittances] = p[P.remittances]
    formation = training_transfer + reproduction_transfer
    scal[S.remittance_compensation_ratio] = (
        p[P.remittances] / formation if formation > 0.0 else np.nan
    )
    scal[S.formation_cost_stock_in_remittance_years] = (training_stock + reproduction_stock) / p[
        P.remittances
    ]
    scal[S.brain_waste_cost] = waste
    # the stock's formation cost amortised over a working life, against remittances
    r, life = p[P.discount_rate], p[P.working_life_years]
    factor = 1.0 / life if r == 0.0 else r / -np.expm1(-life * np.log1p(r))
    annuity = (training_stock + reproduction_stock) * factor
    scal[S.stock_formation_cost_annuity] = annuity
    scal[S.remittance_cover_of_annuity] = p[P.remittances] / annuity if annuity > 0.0 else np.nan
    scal[S.migrant_surplus_value] = migrant_hours * (y[us] - migrant_wage)
    scal[S.total_drain] = total
    scal[S.total_drain_share_gdp] = total / gdp
    for c in range(2):  # rates of surplus value of the traded product, by country
        lo, hi = (0, N_MX_SECTORS) if c == 0 else (N_MX_SECTORS, N_SECTORS)
        s_c = 0.0
        v_c = 0.0
        for j in range(lo, hi):
            s_c += n[j] - v[j]
            v_c += v[j]
        scal[S.mx_rate_of_surplus_value if c == 0 else S.us_rate_of_surplus_value] = s_c / v_c
    return status


@pjit
def model_batch(base, index, values, out, status):
    """Evaluate every point: ``base`` (P,) parameters with columns ``index`` (k,) replaced by
    ``values`` (N, k). Results go to ``out`` (N, N_OUT) — the blocks of ``OUT``: scalars,
    factor split, sector and level blocks — set to NaN where the status is not ok."""
    n_points = values.shape[0]
    n_chunks = min(n_points, 512)
    for ch in prange(n_chunks):
        p = base.copy()
        w = np.empty((N_WORK, N_SECTORS))
        z = np.empty(N_Z)
        for i in range(ch * n_points // n_chunks, (ch + 1) * n_points // n_chunks):
            for j in range(index.shape[0]):
                p[index[j]] = values[i, j]
            row = out[i]
            code = model_point(
                p,
                row[OA.scalars : OB.scalars],
                row[OA.factors : OB.factors],
                row[OA.sectors : OB.sectors].reshape((len(SECTOR_NAMES), N_SECTORS)),
                row[OA.levels : OB.levels].reshape((len(LEVEL_NAMES), N_LEVELS)),
                w,
                z,
            )
            status[i] = code
            if code != _OK:
                row[:] = np.nan


@pjit
def model_batch_select(base, index, values, cols, full, out, status):
    """:func:`model_batch` writing only the columns ``cols`` (k,) of each result row into
    ``out`` (N, k) — float64 or float32 — so that memory is touched only for what is asked.

    Each thread fills one private row and copies the requested columns out; ``full=False``
    skips the Shapley split and the ends of the hours convention (when none is requested).
    Columns of non-viable points are NaN.
    """
    n_points = values.shape[0]
    n_chunks = min(n_points, 512)
    for ch in prange(n_chunks):
        p = base.copy()
        w = np.empty((N_WORK, N_SECTORS))
        z = np.empty(N_Z)
        row = np.empty(N_OUT)
        for i in range(ch * n_points // n_chunks, (ch + 1) * n_points // n_chunks):
            for j in range(index.shape[0]):
                p[index[j]] = values[i, j]
            scal, fac = row[OA.scalars : OB.scalars], row[OA.factors : OB.factors]
            sec = row[OA.sectors : OB.sectors].reshape((len(SECTOR_NAMES), N_SECTORS))
            lev = row[OA.levels : OB.levels].reshape((len(LEVEL_NAMES), N_LEVELS))
            if full:  # the default argument: compiled with the split folded in, as model_batch
                code = model_point(p, scal, fac, sec, lev, w, z)
            else:
                code = model_point(p, scal, fac, sec, lev, w, z, False)
            status[i] = code
            if code != _OK:
                for c in range(cols.shape[0]):
                    out[i, c] = np.nan
            else:
                for c in range(cols.shape[0]):
                    out[i, c] = row[cols[c]]


# outputs that need the Shapley split or the two ends of the hours convention (full=True)
NEEDS_FULL = frozenset(
    (*FACTOR_NAMES, "price_transfer_equal_hours", "price_transfer_productivity_weighted")
)
OUTPUT_NAMES = (*SCALAR_NAMES, *FACTOR_NAMES, *SECTOR_NAMES, *LEVEL_NAMES)


def output_columns(names) -> tuple[np.ndarray, dict[str, tuple[int, int, tuple[int, ...]]]]:
    """Row positions of the outputs ``names`` and, per name, (start, stop, trailing shape) of
    its columns in the selected block. Unknown names raise KeyError."""
    cols: list[int] = []
    where: dict[str, tuple[int, int, tuple[int, ...]]] = {}
    pos: list[int]
    shape: tuple[int, ...]
    sec_shape, lev_shape = OUT.shape["sectors"], OUT.shape["levels"]
    for name in names:
        if name in S._fields:
            pos, shape = [OA.scalars + S._fields.index(name)], ()
        elif name in FACTOR_NAMES:  # one split after the other, each with its structural part
            first = OA.factors + FACTOR_NAMES.index(name) * (N_FACTORS + 1)
            pos, shape = list(range(first, first + N_FACTORS + 1)), (N_FACTORS + 1,)
        elif name in SECTOR_NAMES:
            first = OA.sectors + SECTOR_NAMES.index(name) * sec_shape[1]
            pos, shape = list(range(first, first + sec_shape[1])), (sec_shape[1],)
        elif name in LEVEL_NAMES:
            first = OA.levels + LEVEL_NAMES.index(name) * lev_shape[1]
            pos, shape = list(range(first, first + lev_shape[1])), (lev_shape[1],)
        else:
            raise KeyError(name)
        where[name] = (len(cols), len(cols) + len(pos), shape)
        cols += pos
    return np.array(cols, dtype=np.int64), where


def unpack(out: np.ndarray, shape: tuple[int, ...] = ()) -> dict[str, np.ndarray]:
    """Views of the (N, N_OUT) block keyed like ``mexico_us.accounts`` (leading dims ``shape``)."""
    shape = shape or (out.shape[0],)
    scal = OUT.view(out, "scalars")
    res = {name: scal[:, i].reshape(shape) for i, name in enumerate(SCALAR_NAMES)}
    fac = OUT.view(out, "factors")
    res["price_transfer_by_factor"] = fac[:, :VALUE_FAC0].reshape((*shape, N_FACTORS + 1))
    res["price_transfer_by_value_factor"] = fac[:, VALUE_FAC0:].reshape((*shape, N_FACTORS + 1))
    sec = OUT.view(out, "sectors").reshape((*shape, *OUT.shape["sectors"]))
    lev = OUT.view(out, "levels").reshape((*shape, *OUT.shape["levels"]))
    res.update({name: sec[..., i, :] for i, name in enumerate(SECTOR_NAMES)})
    res.update({name: lev[..., i, :] for i, name in enumerate(LEVEL_NAMES)})
    return res


def evaluate_columns(
    base: np.ndarray,
    columns: dict[str, np.ndarray],
    shape: tuple[int, ...] = (),
    outputs=None,
    dtype=np.float64,
    buffer=None,
) -> dict[str, np.ndarray]:
    """Run the kernel with ``columns`` (name -> (N,) values) substituted into ``base`` (P,).

    ``outputs`` (names of :data:`OUTPUT_NAMES`) restricts the result to those arrays, which are
    then the only memory written per point; ``dtype`` (float64 or float32) is their type.
    ``buffer``, a flat array of ``dtype``, holds them if it is large enough (the arrays
    returned are then views of it, valid until its next use).
    """
    names = list(columns)
    index = np.array([PARAM_NAMES.index(k) for k in names], dtype=np.int64)
    n = len(next(iter(columns.values()))) if names else 1
    values = np.empty((n, len(names)))
    for j, k in enumerate(names):
        values[:, j] = columns[k]
    status = np.empty(n, dtype=np.int8)
    base = np.ascontiguousarray(base, dtype=np.float64)
    if outputs is None and np.dtype(dtype) == np.float64:
        out = np.empty((n, N_OUT))
        with np.errstate(all="ignore"):
            model_batch(base, index, values, out, status)
        res = unpack(out, shape)
    else:
        wanted = list(OUTPUT_NAMES if outputs is None else outputs)
        cols, where = output_columns(wanted)
        full = any(k in NEEDS_FULL for k in wanted)
        size = n * cols.shape[0]
        if buffer is not None and buffer.dtype == np.dtype(dtype) and buffer.size >= size:
            out = buffer[:size].reshape((n, cols.shape[0]))
        else:
            out = np.empty((n, cols.shape[0]), dtype=dtype)
        with np.errstate(all="ignore"):
            model_batch_select(base, index, values, cols, full, out, status)
        lead = shape or (n,)
        res = {}
        for k, (a, b, trail) in where.items():
            block = out[:, a:b]
            res[k] = (block[:, 0] if not trail else block).reshape((*lead, *trail))
    res["status"] = status.reshape(shape or (n,))
    return res


def evaluate(params: np.ndarray) -> dict[str, np.ndarray]:
    """Run the kernel on an (N, P) parameter array (every column given)."""
    params = np.asarray(params, dtype=np.float64)
    return evaluate_columns(params[0], {k: params[:, i] for i, k in enumerate(PARAM_NAMES)})
