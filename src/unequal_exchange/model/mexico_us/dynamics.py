"""Annual two-country dynamics, 1990–2040: accumulation after repatriated profit, jobs, excess
labour, emigration and return, skilled migration, remittances — each year's static accounts from the
same engine as ``ue.run``.

Equations (docs/model.md §5), for year t with parameters p_t (the scenario plus any shocks):

- output Y = K / κ (capital–output ratio κ per country);
- enclave jobs E_enc = E_enc,2011 (Y_US / Y_US,2011)^β; other Mexican jobs
  E_f = E_f,1990 (Y_MX / Y_MX,1990)^ε;
- graduates G_l by level grow at γ_l to the last data year, then at γ_proj; they enter work at
  their highest degree (T_BA = G_BA − G_MA, …); professional positions P_t = P_t−1
  (Y_t / Y_t−1)^ε_P open O_t = ΔP⁺ + λ P_t−1 places; a share a_t = min(1, O_t / ΣT) is absorbed,
  the unabsorbed U_l emigrate with E_l = min(1, π_l (gap_t / gap_1990)^η A_t) U_l or join the
  pool W of underemployed graduates at home;
- excess labour X_t = entrants − (jobs_t − jobs_{t−1}); emigration = m_t max(X_t − ΣU, 0) + ΣE_l
  with m_t = min(1, μ (gap_t / gap_1990)^η A_t), A_t = max(0, 1 + ζ (g_US,emp,t − ḡ));
- returns = min(ρ (M_t − S_t) + deportations_t, M_t − S_t) + min(ρ_s, 1) S_t: no outflow
  exceeds the stock it comes out of (``outflow_capped`` = 1 in a year where the cap binds);
  M_{t+1} = M_t + emigration − returns; skilled S_l,t+1 = S_l,t + E_l − min(ρ_s, 1) S_l,t;
- labour force LF_{t+1} = LF_t + entrants − emigration + returns; the reserve LF − jobs is split
  into informal (share φ) and unemployed;
- the US manufacturing wage and the remittance per migrant r are 2011 levels times the US
  real wage index of the year (exogenous; ``WAGE_INDEXED``), all in 2011 prices;
- re-anchoring (projections, ``Exogenous.anchor_year``): at the start of the anchor year the
  migrant stock is set to its observed value (``anchor_adjustment`` = observed − simulated; the
  graduates abroad are kept, the non-graduates absorb the jump; the Mexican labour force is not
  changed: the anchor corrects a measurement, not a movement of people), and remittances are
  scaled by c = observed / simulated in that year, for that year and every later one
  (``remittance_anchor_scale``; c = 1 before);
- remittances R = c r_t M_t A_t; the static accounts (price channel, ownership, training costs)
  with this year's quantities give the transfers of the year, reported beside the path;
- K_MX,t+1 = (1 − δ_MX) K_MX + a_MX ((1 − labsh_MX) Y_MX − Π_rep); K_US,t+1 = (1 − δ_US) K_US +
  a_US ((1 − labsh_US) Y_US + Π_rep), with Π_rep the profit repatriated from the enclaves: the
  only actual outflow. Output and profits at market prices already reflect the price channel,
  so the price transfer (a value-side measure that depends on the valuation convention) does
  not enter accumulation a second time: no valuation convention changes a real quantity
  (:data:`.dynamics_spec.REAL_VARIABLES`).

This module holds the plain-numpy reference (vectorised over paths), one step per block above,
side by side with the numba twin :mod:`.dynamics_kernel` (same step names); the names,
exogenous paths and the helpers both twins call are in :mod:`.dynamics_spec`.
"""

from __future__ import annotations

import numpy as np

from . import accounts as mu
from .dynamics_spec import (  # the names of the dynamics, re-exported here
    BASE_YEAR,
    BY_LEVEL,
    FIRST_YEAR_UNDEFINED,
    GRADUATE_ORDER,
    GROUP_LONG_NAMES,
    INITIAL_ONLY,
    LABOUR_SHORTAGE,
    LEVELS,
    PARAM_NAMES,
    PATH_QUANTITIES,
    PATH_STATUS_NAMES,
    REAL_VARIABLES,
    SHORTAGE_TOLERANCE,
    STATIC_OUTPUTS_ONLY,
    STATUS_NAMES,
    VALUE_SIDE,
    VAR_NAMES,
    VARIABLES,
    WAGE_INDEXED,
    Exogenous,
    apply_shocks,
    shock_arrays,
    shock_matrix,
    terminal_graduates,
)

__all__ = [
    "BASE_YEAR",
    "BY_LEVEL",
    "FIRST_YEAR_UNDEFINED",
    "GRADUATE_ORDER",
    "GROUP_LONG_NAMES",
    "INITIAL_ONLY",
    "LABOUR_SHORTAGE",
    "LEVELS",
    "PARAM_NAMES",
    "PATH_QUANTITIES",
    "PATH_STATUS_NAMES",
    "REAL_VARIABLES",
    "SHORTAGE_TOLERANCE",
    "STATIC_OUTPUTS_ONLY",
    "STATUS_NAMES",
    "VALUE_SIDE",
    "VARIABLES",
    "VAR_NAMES",
    "WAGE_INDEXED",
    "Exogenous",
    "apply_shocks",
    "shock_arrays",
    "shock_matrix",
    "simulate_reference",
    "terminal_graduates",
]

# ---- the numpy reference, one step per block of docs/model.md §5 (the kernel's twins)


def _get(p, name):
    return p[..., PARAM_NAMES.index(name)]


def _flow_share(flow, stock, i):
    """Share of level ``i`` in this year's skilled emigration (the stock's mix if none left)."""
    total, held = flow.sum(-1), stock.sum(-1)
    mix_i = np.divide(stock[:, i], held, out=np.zeros_like(held), where=held > 0)
    return np.divide(flow[:, i], total, out=mix_i, where=total > 0)


def _initial_state(g, years, ex: Exogenous, n: int) -> dict:
    """1990 conditions: capital from 1990 output, jobs, stocks, graduates by level."""
    y_mx0 = g("mx_gdp") * ex.mx_output_1990_over_2011
    y_us0 = g("us_gdp") * ex.us_output_1990_over_2011
    hours_2011 = g("immex_employment") * g("mx_hours_per_worker")
    by_level = np.stack([g(f"migrant_stock_{lv}") for lv in LEVELS], -1)
    mix = by_level / by_level.sum(-1, keepdims=True)  # 1990 stock split like 2011's
    graduates = np.stack(
        [
            g(f"graduates_{lv}") * (1 + g(f"graduate_growth_{lv}")) ** (years[0] - BASE_YEAR)
            for lv in LEVELS
        ],
        -1,
    )
    e_enc0 = g("immex_employment") * (y_us0 / g("us_gdp")) ** g("enclave_job_elasticity")
    return {
        "y_mx0": y_mx0,
        "e_f0": ex.mx_employment_1990 - e_enc0,
        "dom_exports_2011": g("mx_exports_to_us") - g("enclave_output_per_hour") * hours_2011,
        "k_mx": g("mx_capital_output_ratio") * y_mx0,
        "k_us": g("us_capital_output_ratio") * y_us0,
        "labour_force": np.full(n, ex.mx_employment_1990),
        "migrants": np.full(n, ex.migrant_stock_1990),
        "researchers": g("researchers_1990").copy(),
        "underemployed": np.zeros(n),
        "informal_prev": np.zeros(n),
        "jobs_prev": None,
        "positions_prev": None,
        "y_mx_prev": None,
        "gap_1990": None,
        "graduates": graduates,  # (N, 3) by level
        "skilled": g("skilled_stock_1990")[:, None] * mix,  # (N, 3) by level
    }


def _production(q, g, s: dict, first: bool) -> dict:
    """Output from capital, enclave and other jobs, the domestic wage and the wage gap."""
    y_mx = s["k_mx"] / q("mx_capital_output_ratio")
    y_us = s["k_us"] / q("us_capital_output_ratio")
    e_enc = q("immex_employment") * (y_us / g("us_gdp")) ** q("enclave_job_elasticity")
    e_f = s["e_f0"] * (y_mx / s["y_mx0"]) ** q("formal_job_elasticity")
    jobs = e_f + e_enc
    # domestic wage per hour, as in the static model (informal work of the previous year)
    hours_enc = e_enc * q("mx_hours_per_worker")
    hid = q("hidden_maquila_share")
    enclave_wages = (
        hours_enc
        * q("us_manufacturing_wage")
        * ((1 - hid) * q("maquila_wage_ratio") + hid * q("hidden_maquila_wage_ratio"))
    )
    w_dom = (q("mx_labour_share") * y_mx - enclave_wages) / (
        (jobs + s["informal_prev"] - e_enc) * q("mx_hours_per_worker")
    )
    gap = q("us_manufacturing_wage") / w_dom
    if first:
        s["gap_1990"] = gap  # the path's own first-year gap: the index is 1 in 1990
    return dict(y_mx=y_mx, y_us=y_us, e_enc=e_enc, e_f=e_f, jobs=jobs, hours_enc=hours_enc, gap=gap)


def _emigration_pull(q, growth, mean_growth, s: dict, y: dict, first: bool) -> None:
    """US absorption A_t, excess labour X_t, the emigration share m_t and the skilled pull."""
    absorption = np.maximum(0.0, 1 + q("us_absorption_elasticity") * (growth - mean_growth))
    n = y["jobs"].shape[0]
    y["absorption"] = absorption
    y["excess"] = (
        np.zeros(n) if first else q("labour_force_entrants") - (y["jobs"] - s["jobs_prev"])
    )
    relative_gap = y["gap"] / s["gap_1990"]
    eta = q("emigration_wage_elasticity")
    y["share"] = np.minimum(1.0, q("emigration_propensity") * relative_gap**eta * absorption)
    y["pull"] = relative_gap**eta * absorption


def _graduates(q, year, data_end, s: dict, y: dict, first: bool) -> np.ndarray:
    """Graduates by level grow; entrants at their highest degree. Returns where the levels are
    out of order (more master's than bachelor's graduates, …)."""
    if not first:
        growth = np.stack(
            [
                q(f"graduate_growth_{lv}") if year <= data_end else q("graduate_growth_projection")
                for lv in LEVELS
            ],
            -1,
        )
        s["graduates"] = s["graduates"] * (1 + growth)
    graduates = s["graduates"]
    terminal = np.empty_like(graduates)
    terminal_graduates.py_func(graduates.T, terminal.T)
    y["terminal"] = terminal
    y["entrants_skilled"] = terminal.sum(-1)
    above = np.concatenate([graduates[:, 1:], np.zeros_like(graduates[:, :1])], -1)
    return np.any(above > graduates, axis=-1)


def _professional_absorption(q, g, s: dict, y: dict, first: bool) -> None:
    """Professional positions P_t, openings O_t and the absorbed share a_t of graduates."""
    eps = q("professional_job_elasticity")
    if first:
        positions = q("professional_jobs") * (y["y_mx"] / g("mx_gdp")) ** eps
        openings = q("professional_exit_rate") * positions
    else:  # P_t = P_t−1 (Y_t / Y_t−1)^ε_t: a shock to ε bends the path, no jump
        prev = s["positions_prev"]
        positions = prev * (y["y_mx"] / s["y_mx_prev"]) ** eps
        openings = np.maximum(0.0, positions - prev) + q("professional_exit_rate") * prev
    entrants = y["entrants_skilled"]
    y["positions"], y["openings"] = positions, openings
    y["absorbed_share"] = np.minimum(
        1.0, np.divide(openings, entrants, out=np.ones_like(entrants), where=entrants > 0)
    )


def _skilled_migration(q, s: dict, y: dict, first: bool) -> None:
    """Unabsorbed graduates U_l, their emigration E_l and the return of skilled migrants."""
    unabsorbed = (1 - y["absorbed_share"])[:, None] * y["terminal"]
    skilled = s["skilled"]
    propensity = np.stack([q(f"skilled_emigration_propensity_{lv}") for lv in LEVELS], -1)
    zeros = np.zeros_like(skilled)
    out = zeros if first else np.minimum(1.0, propensity * y["pull"][:, None]) * unabsorbed
    # a flow never exceeds the stock it comes out of
    back = zeros if first else np.minimum(q("skilled_return_rate"), 1.0)[:, None] * skilled
    y.update(unabsorbed=unabsorbed, skilled_out=out, skilled_back=back)
    y.update(
        skilled_total=skilled.sum(-1),
        out_total=out.sum(-1),
        back_total=back.sum(-1),
        unabsorbed_total=unabsorbed.sum(-1),
    )


def _migration(q, deported, s: dict, y: dict, first: bool) -> np.ndarray:
    """Emigration, returns, the labour force and its reserve, remittances. Returns where
    jobs demanded exceed the labour force."""
    n = y["jobs"].shape[0]
    # the unabsorbed graduates are part of the excess labour: they leave (or stay) through
    # the graduate block; the rest of the excess through the emigration share
    emigration = (
        np.zeros(n)
        if first
        else y["share"] * np.maximum(y["excess"] - y["unabsorbed_total"], 0.0) + y["out_total"]
    )
    # returns and deportations of the non-graduate stock, capped at that stock (flagged)
    unskilled = np.maximum(s["migrants"] - y["skilled_total"], 0.0)
    # (summed in this order: a path the cap leaves alone is unchanged to the last bit)
    returns = q("return_rate") * unskilled + y["back_total"] + deported + q("deportations")
    over = returns - y["back_total"] > unskilled
    capped = over | (q("skilled_return_rate") > 1.0)
    returns = np.where(over, unskilled + y["back_total"], returns)
    if first:
        returns, capped = np.zeros(n), np.zeros(n, dtype=bool)
    y["outflow_capped"] = capped.astype(np.float64)
    # this year's labour force and reserve (flows of the year included)
    if not first:
        s["labour_force"] = s["labour_force"] + q("labour_force_entrants") - emigration + returns
    reserve = s["labour_force"] - y["jobs"]
    y.update(emigration=emigration, returns=returns, reserve=reserve)
    y["informal"] = q("informal_share") * reserve
    y["remittances"] = q("remittance_per_migrant") * s["migrants"] * y["absorption"]
    return reserve < -SHORTAGE_TOLERANCE * s["labour_force"]


def _static_inputs(q, g, us_index, s: dict, y: dict) -> dict:
    """This year's parameters of the static accounts: path quantities replace 2011 levels."""
    skilled, out = s["skilled"], y["skilled_out"]
    static = {name: q(name) for name in PARAM_NAMES}
    static.update(
        mx_gdp=y["y_mx"],
        us_gdp=y["y_us"],
        immex_employment=y["e_enc"],
        mx_employment=y["jobs"] + y["informal"],
        us_employment=g("us_employment") * us_index,
        mx_exports_to_us=q("enclave_output_per_hour") * y["hours_enc"]
        + s["dom_exports_2011"] * y["y_mx"] / g("mx_gdp"),
        us_exports_to_mx=q("us_exports_to_mx") * y["y_mx"] / g("mx_gdp"),
        migrant_stock=s["migrants"],
        emigration_per_year=y["emigration"],
        returns_per_year=y["returns"],
        skilled_emigration_per_year=y["out_total"],
        skilled_emigration_master_share=_flow_share(out, skilled, LEVELS.index("master")),
        skilled_emigration_phd_share=_flow_share(out, skilled, LEVELS.index("phd")),
        skilled_returnee_share=np.divide(
            y["back_total"], y["returns"], out=np.zeros_like(y["returns"]), where=y["returns"] > 0
        ),
        remittances=y["remittances"],
    )
    static.update({f"migrant_stock_{lv}": skilled[:, i] for i, lv in enumerate(LEVELS)})
    return static


def _record(q, s: dict, y: dict, acc: dict) -> dict:
    """One year's values of every dynamic variable (VAR_NAMES)."""
    row = {
        "mx_output": y["y_mx"],
        "us_output": y["y_us"],
        "mx_capital": s["k_mx"],
        "us_capital": s["k_us"],
        "formal_jobs": y["e_f"],
        "enclave_jobs": y["e_enc"],
        "informal": y["informal"],
        "unemployed": y["reserve"] - y["informal"],
        "labour_force": s["labour_force"],
        "excess_labour": y["excess"],
        "emigration": y["emigration"],
        "returns": y["returns"],
        "migrant_stock": s["migrants"],
        "skilled_migrant_stock": y["skilled_total"],
        "remittances": y["remittances"],
        "outflow_capped": y["outflow_capped"],
        "anchor_adjustment": y["anchor_adjustment"],
        "remittance_anchor_scale": y["remittance_anchor_scale"],
        "wage_gap": y["gap"],
        "graduate_entrants": y["entrants_skilled"],
        "professional_jobs": y["positions"],
        "professional_openings": y["openings"],
        "absorption_rate": y["absorbed_share"],
        "unabsorbed_graduates": y["unabsorbed_total"],
        "underemployed_graduates": s["underemployed"],
        "skilled_returns": y["back_total"],
        "researchers": s["researchers"],
    }
    for name in ("price_transfer", "repatriated_profit", "training_cost_transfer"):
        row[name] = acc[name]
    for name in ("reproduction_cost_transfer", "training_cost_stock", "total_drain"):
        row[name] = acc[name]
    for i, lv in enumerate(LEVELS):
        row[f"graduates_{lv}"] = s["graduates"][:, i]
        row[f"skilled_emigration_{lv}"] = y["skilled_out"][:, i]
        row[f"skilled_stock_{lv}"] = s["skilled"][:, i]
    resident = q("patents_per_researcher") * s["researchers"]
    foreign = (
        q("foreign_patents_per_enclave_dollar") * q("enclave_output_per_hour") * y["hours_enc"]
    )
    row.update(
        resident_patents=resident,
        foreign_patents=foreign,
        foreign_patent_share=foreign / (foreign + resident),
    )
    return row


def _accumulate(q, s: dict, y: dict, outflow, first: bool) -> None:
    """Transition to t + 1: capital after the profit repatriated (the actual outflow), stocks
    after the flows, research capacity, the pool of underemployed graduates."""
    s["k_mx"] = (1 - q("depreciation_mx")) * s["k_mx"] + q("accumulation_share_mx") * (
        (1 - q("mx_labour_share")) * y["y_mx"] - outflow
    )
    s["k_us"] = (1 - q("depreciation_us")) * s["k_us"] + q("accumulation_share_us") * (
        (1 - q("us_labour_share")) * y["y_us"] + outflow
    )
    s["informal_prev"] = y["informal"]
    s["researchers"] = np.maximum(
        0.0,
        (1 - q("researcher_exit_rate")) * s["researchers"]
        + q("researchers_per_research_dollar") * q("research_spending_share") * y["y_mx"]
        - q("researchers_lost_per_skilled_emigrant") * (y["out_total"] - y["back_total"]),
    )
    s["migrants"] = s["migrants"] + y["emigration"] - y["returns"]
    s["skilled"] = s["skilled"] + y["skilled_out"] - y["skilled_back"]
    if not first:  # the pool counts graduates unabsorbed from 1991 on
        s["underemployed"] = (
            (1 - q("professional_exit_rate")) * s["underemployed"]
            + y["unabsorbed_total"]
            - y["out_total"]
            + y["back_total"]
        )
    s["positions_prev"] = y["positions"]
    s["y_mx_prev"] = y["y_mx"]
    s["jobs_prev"] = y["jobs"]


def simulate_reference(params: np.ndarray, shocks, ex: Exogenous) -> dict[str, np.ndarray]:
    """The numpy reference: every path at once, a loop over years. Returns (N, T) arrays."""
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    n, t_len = params.shape[0], len(ex.years)
    pt = shock_matrix(params, shocks, ex.years)
    # 2011 levels indexed to the US real wage of the year (WAGE_INDEXED)
    wage_idx = [PARAM_NAMES.index(name) for name in WAGE_INDEXED]
    pt[:, :, wage_idx] *= ex.us_real_wage_index[None, :, None]
    g = lambda name: _get(params, name)  # noqa: E731 - 2011 baseline values
    out: dict[str, np.ndarray] = {k: np.full((n, t_len), np.nan) for k in VAR_NAMES}
    status = np.zeros(n, dtype=np.int8)
    s = _initial_state(g, ex.years, ex, n)
    remittance_scale = np.ones(n)
    for k in range(t_len):
        q = lambda name, p=pt[:, k, :]: _get(p, name)  # noqa: E731 - this year's values
        first = k == 0
        anchored = ex.years[k] == ex.anchor_year
        adjustment = np.zeros(n)
        if anchored:  # the observed stock; graduates abroad kept, the others absorb the jump
            target = np.maximum(ex.anchor_migrant_stock, s["skilled"].sum(-1))
            adjustment = target - s["migrants"]
            s["migrants"] = target
        y = _production(q, g, s, first)
        growth = ex.us_employment_growth[k]
        _emigration_pull(q, growth, ex.mean_us_employment_growth, s, y, first)
        disorder = _graduates(q, ex.years[k], ex.graduate_data_end, s, y, first)
        status = np.where((status == mu.OK) & disorder, GRADUATE_ORDER, status)
        _professional_absorption(q, g, s, y, first)
        _skilled_migration(q, s, y, first)
        shortage = _migration(q, ex.historical_deportations[k], s, y, first)
        status = np.where((status == mu.OK) & shortage, LABOUR_SHORTAGE, status)
        if anchored:
            rem = y["remittances"]
            remittance_scale = np.where(
                rem > 0, ex.anchor_remittances / np.where(rem > 0, rem, 1.0), remittance_scale
            )
        y["remittances"] = y["remittances"] * remittance_scale
        y["anchor_adjustment"], y["remittance_anchor_scale"] = adjustment, remittance_scale
        with np.errstate(all="ignore"):
            acc = mu.accounts(_static_inputs(q, g, ex.us_employment_index[k], s, y))
        status = np.where((status == mu.OK) & (acc["status"] != mu.OK), acc["status"], status)
        for name, value in _record(q, s, y, acc).items():
            out[name][:, k] = value
        # only the actual outflow leaves Mexico's accumulation: output and profit at market
        # prices already carry the price channel (docs/model.md §5, error 1 of issue 13)
        _accumulate(q, s, y, acc["repatriated_profit"], first)
    out["status"] = status
    return out
