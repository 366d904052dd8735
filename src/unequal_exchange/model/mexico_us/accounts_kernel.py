"""Numba kernel of the whole Mexico–US model, parallel over parameter points.

The same equations as :func:`unequal_exchange.model.mexico_us.accounts` (the numpy reference),
written per point with scalar arithmetic: sectors, the hours-valued traded table, the price
channel and its 2³-subset Shapley split, ownership, arbitrage and migration channels. Parameters
arrive as one (N, P) float64 array in ``PARAM_NAMES`` order; results go to preallocated arrays in
the orders below, with a status code per point (never an exception).
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..engine._jit import jit, pjit
from . import accounts as mu
from .parameters import PARAMETERS

PARAM_NAMES = tuple(PARAMETERS)
SCALAR_NAMES = (
    "price_transfer", "price_transfer_hours", "price_transfer_share_gdp",
    "price_transfer_equal_hours", "price_transfer_productivity_weighted", "melt", "profit_rate",
    "repatriated_profit", "enclave_surplus_drained", "labour_arbitrage_rent", "enclave_hours",
    "enclave_worker_equivalents", "enclave_wage_bill", "enclave_value_added", "enclave_exports",
    "enclave_imported_inputs", "training_cost_transfer", "training_cost_stock",
    "reproduction_cost_per_migrant", "reproduction_cost_transfer", "reproduction_cost_stock",
    "remittances", "remittance_compensation_ratio", "formation_cost_stock_in_remittance_years",
    "brain_waste_cost", "migrant_surplus_value", "total_drain", "total_drain_share_gdp",
)  # fmt: skip
FACTOR_NAMES = ("price_transfer_by_factor",)
SECTOR_NAMES = (
    "hours",
    "wage",
    "value_added_per_hour",
    "capital_per_hour",
    "traded_share",
    "surplus_value_rate",
    "organic_composition",
    "transfer",
)
LEVEL_NAMES = ("training_cost_per_migrant", "migrant_stock_by_level", "net_emigration_by_level")

_I = {name: i for i, name in enumerate(PARAM_NAMES)}
US_EMP, US_HPW = _I["us_employment"], _I["us_hours_per_worker"]
MX_EMP, MX_HPW = _I["mx_employment"], _I["mx_hours_per_worker"]
IMMEX, HIDDEN = _I["immex_employment"], _I["hidden_maquila_share"]
US_GDP, MX_GDP = _I["us_gdp"], _I["mx_gdp"]
US_LS, MX_LS = _I["us_labour_share"], _I["mx_labour_share"]
US_KY, MX_KY = _I["us_capital_output_ratio"], _I["mx_capital_output_ratio"]
US_MFG_W, MAQ_W, HID_W = (
    _I["us_manufacturing_wage"],
    _I["maquila_wage_ratio"],
    _I["hidden_maquila_wage_ratio"],
)
MAQ_M, HID_M = _I["maquila_import_content"], _I["hidden_maquila_import_content"]
DOM_IN, X_ENC, OWN = (
    _I["enclave_domestic_input_share"],
    _I["enclave_output_per_hour"],
    _I["enclave_foreign_ownership"],
)
MX_EXP, US_EXP, ALPHA = _I["mx_exports_to_us"], _I["us_exports_to_mx"], _I["hours_weighting"]
STOCK, ST_BA, ST_MA, ST_PHD = (
    _I["migrant_stock"],
    _I["migrant_stock_bachelor"],
    _I["migrant_stock_master"],
    _I["migrant_stock_phd"],
)
UPPER_SHARE = _I["upper_secondary_share_non_tertiary"]
EMIG, RET, SK_EMIG, SK_RET = (
    _I["emigration_per_year"],
    _I["returns_per_year"],
    _I["skilled_emigration_per_year"],
    _I["skilled_returnee_share"],
)
SK_OUT_MA, SK_OUT_PHD = _I["skilled_emigration_master_share"], _I["skilled_emigration_phd_share"]
Y_PRI, Y_LSEC, Y_USEC = (
    _I["years_primary"],
    _I["years_lower_secondary"],
    _I["years_upper_secondary"],
)
Y_BA, Y_MA, Y_PHD = _I["years_bachelor"], _I["years_master"], _I["years_phd"]
C_PRI, C_SEC, C_TER = (
    _I["cost_per_student_primary"],
    _I["cost_per_student_secondary"],
    _I["cost_per_student_tertiary"],
)
CHILD_Y, CHILD_C, REMIT = (
    _I["childhood_years"],
    _I["us_childhood_cost_per_year"],
    _I["remittances"],
)
Q_BA, Q_PG = _I["skilled_at_qualification_bachelor"], _I["skilled_at_qualification_postgraduate"]
MIG_SHARE, MIG_PREM = _I["migrant_workforce_share"], _I["migrant_wage_premium"]

_OK = mu.OK
_NEG_DOM_VA, _NEG_DOM_W, _NO_DOM_S = (
    mu.NEGATIVE_DOMESTIC_VALUE_ADDED,
    mu.NEGATIVE_DOMESTIC_WAGE,
    mu.NO_DOMESTIC_SURPLUS,
)
_ENC_LOSS, _NEG_DOM_X, _NO_S = (
    mu.ENCLAVE_LOSS,
    mu.NEGATIVE_DOMESTIC_EXPORTS,
    mu.NEGATIVE_NET_PRODUCT_SURPLUS,
)


@jit
def _value_system(alpha, hours, tau, y, wage, kph, th, n, v, cap):
    """Fill traded hours th, new value n, v and K (hours) for convention alpha; return MELT."""
    sum_h = 0.0
    sum_va = 0.0
    for j in range(4):
        th[j] = tau[j] * hours[j]
        sum_h += th[j]
        sum_va += th[j] * y[j]
    mean_va = sum_va / sum_h
    sum_th = 0.0
    for j in range(4):
        theta = 1.0 if alpha == 0.0 else (y[j] / mean_va) ** alpha
        n[j] = theta * th[j]
        sum_th += n[j]
    melt = sum_va / sum_th
    for j in range(4):
        v[j] = wage[j] * th[j] / melt
        cap[j] = kph[j] * th[j] / melt
    return melt


@jit
def _to_us(n, v, cap):
    """Transfer to the US (hours) and the profit rate for new value n, wages v, capital cap."""
    s_tot = 0.0
    k_tot = 0.0
    for j in range(4):
        s_tot += n[j] - v[j]
        k_tot += cap[j]
    r = s_tot / k_tot
    return r * cap[3] - (n[3] - v[3]), r


@jit
def _multiplier(x, th, out):
    """Per-sector multiplier bringing each country's x per traded hour to the world level."""
    world = (x[0] + x[1] + x[2] + x[3]) / (th[0] + th[1] + th[2] + th[3])
    mx = (x[0] + x[1] + x[2]) / (th[0] + th[1] + th[2])
    us = x[3] / th[3]
    for j in range(3):
        out[j] = world / mx
    out[3] = world / us


@jit
def model_point(p, scal, fac, sec, lev, w, z, full=True):
    """All channels of one parameter point; returns the status code.

    Scratch: w (16, 4) per-sector work, z (32,) for subsets, ends and levels. With
    ``full=False`` the Shapley split and the two ends of the hours convention are skipped
    (NaN): the dynamics need only the channels.
    """
    hours, wage, y, kph, tau = w[0], w[1], w[2], w[3], w[4]
    th, n, v, cap = w[5], w[6], w[7], w[8]
    mn, mv, mk = w[9], w[10], w[11]
    nn, vv, kk = w[12], w[13], w[14]
    h_enc = p[IMMEX] * p[MX_HPW]
    hid = p[HIDDEN]
    hours[0] = h_enc * (1.0 - hid)
    hours[1] = h_enc * hid
    hours[2] = (p[MX_EMP] - p[IMMEX]) * p[MX_HPW]
    hours[3] = p[US_EMP] * p[US_HPW]
    wage[0] = p[MAQ_W] * p[US_MFG_W]
    wage[1] = p[HID_W] * p[US_MFG_W]
    x = p[X_ENC]
    y[0] = x * (1.0 - p[MAQ_M] - p[DOM_IN])
    y[1] = x * (1.0 - p[HID_M] - p[DOM_IN])
    va_d = p[MX_GDP] - y[0] * hours[0] - y[1] * hours[1]
    wages_d = p[MX_LS] * p[MX_GDP] - wage[0] * hours[0] - wage[1] * hours[1]
    y[2] = va_d / hours[2]
    wage[2] = wages_d / hours[2]
    y[3] = p[US_GDP] / hours[3]
    wage[3] = p[US_LS] * p[US_GDP] / hours[3]
    for j in range(3):
        kph[j] = p[MX_KY] * y[j]
    kph[3] = p[US_KY] * y[3]
    enclave_exports = x * h_enc
    domestic_exports = p[MX_EXP] - enclave_exports
    tau[0] = 1.0
    tau[1] = 1.0
    tau[2] = min(max(domestic_exports / va_d, 0.0), 1.0)
    tau[3] = p[US_EXP] / p[US_GDP]
    status = _OK
    if not va_d > 0.0:
        status = _NEG_DOM_VA
    elif not wages_d > 0.0:
        status = _NEG_DOM_W
    elif wage[2] >= y[2]:
        status = _NO_DOM_S
    elif y[0] <= wage[0] or y[1] <= wage[1]:
        status = _ENC_LOSS
    elif domestic_exports < 0.0:
        status = _NEG_DOM_X
    # the traded value system at the scenario's convention
    melt = _value_system(p[ALPHA], hours, tau, y, wage, kph, th, n, v, cap)
    s_tot = 0.0
    for j in range(4):
        s_tot += n[j] - v[j]
    if status == _OK and not s_tot > 0.0:
        status = _NO_S
    to_us, rate = _to_us(n, v, cap)
    if full:
        _multiplier(n, th, mn)
        _multiplier(v, th, mv)
        _multiplier(cap, th, mk)
        # T(on) for the 8 subsets of factors kept at their actual level (bit 0 wage,
        # bit 1 composition, bit 2 intensity)
        t_on = z[0:8]
        for on in range(8):
            for j in range(4):
                vv[j] = v[j] if on & 1 else v[j] * mv[j]
                kk[j] = cap[j] if on & 2 else cap[j] * mk[j]
                nn[j] = n[j] if on & 4 else n[j] * mn[j]
            t_on[on], _ = _to_us(nn, vv, kk)
        # with every factor off both countries sit at the world's levels per hour, so
        # r K_US = S_US exactly: the structural part is zero, not rounding noise
        t_on[0] = 0.0
        for f in range(3):
            bit = 1 << f
            phi = 0.0
            for s in range(8):
                if s & bit:
                    continue
                size = (s & 1) + ((s >> 1) & 1) + ((s >> 2) & 1)
                weight = 1.0 / 3.0 if size != 1 else 1.0 / 6.0
                phi += weight * (t_on[s | bit] - t_on[s])
            fac[f] = phi * melt
        fac[3] = t_on[0] * melt
        # the two ends of the hours convention
        ends = z[8:10]
        for e in range(2):
            m_e = _value_system(float(e), hours, tau, y, wage, kph, th, nn, vv, kk)
            t_e, _ = _to_us(nn, vv, kk)
            ends[e] = t_e * m_e
        _value_system(p[ALPHA], hours, tau, y, wage, kph, th, n, v, cap)  # restore th
    else:
        for f in range(4):
            fac[f] = np.nan
        z[8] = np.nan
        z[9] = np.nan
    ends = z[8:10]
    # per-sector outputs
    for j in range(4):
        sec[0, j] = hours[j]
        sec[1, j] = wage[j]
        sec[2, j] = y[j]
        sec[3, j] = kph[j]
        sec[4, j] = tau[j]
        sec[5, j] = (n[j] - v[j]) / v[j]
        sec[6, j] = (cap[j] - v[j]) / v[j]
        sec[7, j] = (rate * cap[j] - (n[j] - v[j])) * melt
    price = to_us * melt
    enclave_profit = rate * (cap[0] + cap[1]) * melt  # r K of the enclaves, in USD
    repatriated = p[OWN] * enclave_profit
    # migration
    c_sec, c_ter = p[C_SEC], p[C_TER]
    cost = z[10:15]
    cost[0] = p[Y_PRI] * p[C_PRI] + p[Y_LSEC] * c_sec
    cost[1] = cost[0] + p[Y_USEC] * c_sec
    cost[2] = cost[1] + p[Y_BA] * c_ter
    cost[3] = cost[2] + p[Y_MA] * c_ter
    cost[4] = cost[3] + p[Y_PHD] * c_ter
    u = p[UPPER_SHARE]
    skilled_total = p[ST_BA] + p[ST_MA] + p[ST_PHD]
    non_tertiary = p[STOCK] - skilled_total
    stock = z[15:20]
    stock[0] = non_tertiary * (1.0 - u)
    stock[1] = non_tertiary * u
    stock[2] = p[ST_BA]
    stock[3] = p[ST_MA]
    stock[4] = p[ST_PHD]
    skilled_out = p[SK_EMIG]
    skilled_back = p[RET] * p[SK_RET]
    low_net = (p[EMIG] - skilled_out) - (p[RET] - skilled_back)
    net = z[20:25]
    net[0] = (1.0 - u) * low_net
    net[1] = u * low_net
    out_share_ma, out_share_phd = p[SK_OUT_MA], p[SK_OUT_PHD]
    for lv in range(3):
        if lv == 0:
            out_share = 1.0 - out_share_ma - out_share_phd
        elif lv == 1:
            out_share = out_share_ma
        else:
            out_share = out_share_phd
        # emigrants leave with the flow mix; returnees come back like the stock
        back_share = stock[2 + lv] / skilled_total if skilled_total > 0.0 else 0.0
        net[2 + lv] = out_share * skilled_out - back_share * skilled_back
    mx_wage = p[MX_LS] * p[MX_GDP] / (hours[0] + hours[1] + hours[2])
    child = p[CHILD_C] * (mx_wage / wage[3]) * p[CHILD_Y]
    training_transfer = 0.0
    training_stock = 0.0
    net_total = 0.0
    stock_total = 0.0
    for lv in range(5):
        training_transfer += net[lv] * cost[lv]
        training_stock += stock[lv] * cost[lv]
        net_total += net[lv]
        stock_total += stock[lv]
        lev[0, lv] = cost[lv]
        lev[1, lv] = stock[lv]
        lev[2, lv] = net[lv]
    waste = (1.0 - p[Q_BA]) * stock[2] * cost[2] + (1.0 - p[Q_PG]) * (
        stock[3] * cost[3] + stock[4] * cost[4]
    )
    reproduction_transfer = net_total * child
    reproduction_stock = stock_total * child
    migrant_hours = p[MIG_SHARE] * hours[3]
    migrant_wage = wage[2] * p[MIG_PREM]
    total = price + repatriated + training_transfer + reproduction_transfer
    gdp = p[MX_GDP]
    scal[0] = price
    scal[1] = to_us
    scal[2] = price / gdp
    scal[3] = ends[0]
    scal[4] = ends[1]
    scal[5] = melt
    scal[6] = rate
    scal[7] = repatriated
    scal[8] = repatriated - (sec[7, 0] + sec[7, 1])
    scal[9] = (p[US_MFG_W] - wage[0]) * hours[0] + (p[US_MFG_W] - wage[1]) * hours[1]
    scal[10] = h_enc
    scal[11] = h_enc / p[US_HPW]
    scal[12] = wage[0] * hours[0] + wage[1] * hours[1]
    scal[13] = y[0] * hours[0] + y[1] * hours[1]
    scal[14] = enclave_exports
    scal[15] = x * (p[MAQ_M] * hours[0] + p[HID_M] * hours[1])
    scal[16] = training_transfer
    scal[17] = training_stock
    scal[18] = child
    scal[19] = reproduction_transfer
    scal[20] = reproduction_stock
    scal[21] = p[REMIT]
    formation = training_transfer + reproduction_transfer
    scal[22] = p[REMIT] / formation if formation > 0.0 else np.nan
    scal[23] = (training_stock + reproduction_stock) / p[REMIT]
    scal[24] = waste
    scal[25] = migrant_hours * (y[3] - migrant_wage)
    scal[26] = total
    scal[27] = total / gdp
    return status


N_SCALAR = len(SCALAR_NAMES)
N_OUT = N_SCALAR + 4 + 4 * len(SECTOR_NAMES) + 5 * len(LEVEL_NAMES)


@pjit
def model_batch(base, index, values, out, status):
    """Evaluate every point: ``base`` (P,) parameters with columns ``index`` (k,) replaced by
    ``values`` (N, k). Results go to ``out`` (N, N_OUT) — scalars, factor split, sector and level
    blocks — set to NaN where the status is not ok."""
    n_points = values.shape[0]
    n_chunks = min(n_points, 512)
    s0 = N_SCALAR
    s1 = s0 + 4
    s2 = s1 + 4 * len(SECTOR_NAMES)
    for ch in prange(n_chunks):
        p = base.copy()
        w = np.empty((16, 4))
        z = np.empty(32)
        for i in range(ch * n_points // n_chunks, (ch + 1) * n_points // n_chunks):
            for j in range(index.shape[0]):
                p[index[j]] = values[i, j]
            row = out[i]
            code = model_point(
                p,
                row[:s0],
                row[s0:s1],
                row[s1:s2].reshape((len(SECTOR_NAMES), 4)),
                row[s2:].reshape((len(LEVEL_NAMES), 5)),
                w,
                z,
            )
            status[i] = code
            if code != _OK:
                row[:] = np.nan


def unpack(out: np.ndarray, shape: tuple[int, ...] = ()) -> dict[str, np.ndarray]:
    """Views of the (N, N_OUT) block keyed like ``mexico_us.accounts`` (leading dims ``shape``)."""
    shape = shape or (out.shape[0],)
    s0, s1 = N_SCALAR, N_SCALAR + 4
    s2 = s1 + 4 * len(SECTOR_NAMES)
    res = {name: out[:, i].reshape(shape) for i, name in enumerate(SCALAR_NAMES)}
    res["price_transfer_by_factor"] = out[:, s0:s1].reshape((*shape, 4))
    sec = out[:, s1:s2].reshape((*shape, len(SECTOR_NAMES), 4))
    lev = out[:, s2:].reshape((*shape, len(LEVEL_NAMES), 5))
    res.update({name: sec[..., i, :] for i, name in enumerate(SECTOR_NAMES)})
    res.update({name: lev[..., i, :] for i, name in enumerate(LEVEL_NAMES)})
    return res


def evaluate_columns(
    base: np.ndarray, columns: dict[str, np.ndarray], shape: tuple[int, ...] = ()
) -> dict[str, np.ndarray]:
    """Run the kernel with ``columns`` (name -> (N,) values) substituted into ``base`` (P,)."""
    names = list(columns)
    index = np.array([PARAM_NAMES.index(k) for k in names], dtype=np.int64)
    n = len(next(iter(columns.values()))) if names else 1
    values = np.empty((n, len(names)))
    for j, k in enumerate(names):
        values[:, j] = columns[k]
    out = np.empty((n, N_OUT))
    status = np.empty(n, dtype=np.int8)
    with np.errstate(all="ignore"):
        model_batch(np.ascontiguousarray(base, dtype=np.float64), index, values, out, status)
    res = unpack(out, shape)
    res["status"] = status.reshape(shape or (n,))
    return res


def evaluate(params: np.ndarray) -> dict[str, np.ndarray]:
    """Run the kernel on an (N, P) parameter array (every column given)."""
    params = np.asarray(params, dtype=np.float64)
    return evaluate_columns(params[0], {k: params[:, i] for i, k in enumerate(PARAM_NAMES)})
