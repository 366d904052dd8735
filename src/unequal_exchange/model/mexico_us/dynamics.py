"""Annual two-country dynamics, 1990–2040: accumulation after the drain, jobs, excess labour,
emigration and return, skilled migration, remittances — each year's static accounts from the
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
- returns = ρ (M_t − S_t) + ρ_s S_t + deportations_t; M_{t+1} = M_t + emigration − returns;
  skilled S_l,t+1 = S_l,t + E_l − ρ_s S_l,t;
- labour force LF_{t+1} = LF_t + entrants − emigration + returns; the reserve LF − jobs is split
  into informal (share φ) and unemployed;
- remittances R = r M_t A_t; the static accounts (price channel, ownership, training costs)
  with this year's quantities give the drain D_t = price transfer + repatriated profit;
- K_MX,t+1 = (1 − δ_MX) K_MX + a_MX ((1 − labsh_MX) Y_MX − D); K_US,t+1 = (1 − δ_US) K_US +
  a_US ((1 − labsh_US) Y_US + D).

This module holds the exogenous data paths and the plain-numpy reference (vectorised over
paths); :mod:`.dynamics_kernel` is the numba version.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import accounts as mu
from .levels import GRADUATE_LEVELS
from .parameters import PARAMETERS

PARAM_NAMES = tuple(PARAMETERS)
BASE_YEAR = 2011
VARIABLES = {
    "mx_output": ("USD/yr", "Mexican GDP (2011 prices)"),
    "us_output": ("USD/yr", "US GDP (2011 prices)"),
    "mx_capital": ("USD", "Mexican capital stock"),
    "us_capital": ("USD", "US capital stock"),
    "formal_jobs": ("persons", "non-enclave jobs in Mexico"),
    "enclave_jobs": ("persons", "enclave (IMMEX) jobs"),
    "informal": ("persons", "informal workers in the reserve created since 1990"),
    "unemployed": ("persons", "unemployed in the reserve created since 1990"),
    "labour_force": ("persons", "Mexican labour force"),
    "excess_labour": ("persons/yr", "entrants not absorbed by new jobs"),
    "emigration": ("persons/yr", "emigration to the US"),
    "returns": ("persons/yr", "returns and deportations to Mexico"),
    "migrant_stock": ("persons", "Mexican-born population in the US"),
    "skilled_migrant_stock": ("persons", "college-educated Mexican-born in the US"),
    "remittances": ("USD/yr", "remittances received by Mexico"),
    "wage_gap": ("1", "US manufacturing wage / Mexican domestic wage"),
    "price_transfer": ("USD/yr", "price-channel transfer Mexico → US"),
    "repatriated_profit": ("USD/yr", "repatriated enclave profit"),
    "training_cost_transfer": ("USD/yr", "schooling cost of net emigrants"),
    "reproduction_cost_transfer": ("USD/yr", "childhood cost of net emigrants"),
    "training_cost_stock": ("USD", "schooling cost embodied in the migrant stock"),
    "total_drain": ("USD/yr", "price + ownership + training + reproduction transfers"),
    "graduates_bachelor": ("persons/yr", "bachelor's graduates of Mexican institutions"),
    "graduates_master": ("persons/yr", "master's graduates of Mexican institutions"),
    "graduates_phd": ("persons/yr", "doctoral graduates of Mexican institutions"),
    "graduate_entrants": ("persons/yr", "graduates entering work at their highest degree"),
    "professional_jobs": ("persons", "professional positions for graduates in Mexico"),
    "professional_openings": ("persons/yr", "new and vacated professional positions"),
    "absorption_rate": ("1", "share of graduate entrants absorbed by professional openings"),
    "unabsorbed_graduates": ("persons/yr", "graduate entrants without a professional opening"),
    "underemployed_graduates": (
        "persons",
        "unabsorbed graduates and skilled returnees at home",
    ),
    "skilled_emigration_bachelor": ("persons/yr", "emigration of bachelor's graduates"),
    "skilled_emigration_master": ("persons/yr", "emigration of master's graduates"),
    "skilled_emigration_phd": ("persons/yr", "emigration of doctoral graduates"),
    "skilled_returns": ("persons/yr", "returns of college-educated migrants"),
    "skilled_stock_bachelor": ("persons", "Mexican-born in the US with a bachelor's degree"),
    "skilled_stock_master": ("persons", "Mexican-born in the US with a master's degree"),
    "skilled_stock_phd": ("persons", "Mexican-born in the US with a doctorate"),
    "researchers": ("persons", "national researchers (domestic innovation capacity)"),
    "resident_patents": ("1/yr", "patent applications by Mexican residents"),
    "foreign_patents": ("1/yr", "patent applications by non-residents"),
    "foreign_patent_share": ("1", "non-resident share of patent applications in Mexico"),
}
VAR_NAMES = tuple(VARIABLES)
LEVELS = GRADUATE_LEVELS
# variables by education level: simulate() and dynamic sweeps stack them along ``education``
BY_LEVEL = {
    "graduates": "graduates_{}",
    "skilled_emigration": "skilled_emigration_{}",
    "skilled_stock": "skilled_stock_{}",
}
GROUP_LONG_NAMES = {
    "graduates": "graduates of Mexican institutions by highest degree",
    "skilled_emigration": "emigration of graduates by highest degree",
    "skilled_stock": "college-educated Mexican-born in the US by highest degree",
}
LABOUR_SHORTAGE = 7  # status: jobs demanded exceed the labour force
GRADUATE_ORDER = 8  # status: more graduates at a degree than at the degree below it
STATUS_NAMES = {
    LABOUR_SHORTAGE: "jobs demanded exceed the labour force",
    GRADUATE_ORDER: "more master's than bachelor's (or doctoral than master's) graduates",
}
# every status a path can carry: the static accounts' codes of each year (a path never gets
# INCONSISTENT_PARAMETERS, which only a static sweep sets and whose code LABOUR_SHORTAGE reuses)
PATH_STATUS_NAMES = {
    **{k: v for k, v in mu.STATUS_NAMES.items() if k != mu.INCONSISTENT_PARAMETERS},
    **STATUS_NAMES,
}
# read only at the start of a path (initial conditions): shocking them would change nothing
INITIAL_ONLY = frozenset(
    {"skilled_stock_1990", "researchers_1990", "professional_jobs"}
    | {f"graduates_{lv}" for lv in ("bachelor", "master", "phd")}
)
# 2011 levels the path replaces each year by its own value (the static accounts of year t get
# the simulated stock, flows, output ...): the 2011 value at most scales the initial conditions,
# so a shock to it would change nothing; the name of the lever to shock instead is given
PATH_QUANTITIES = {
    "mx_gdp": "the Mexican capital stock (accumulation_share_mx, depreciation_mx)",
    "us_gdp": "the US capital stock (accumulation_share_us, depreciation_us)",
    "mx_employment": "job creation (formal_job_elasticity, labour_force_entrants)",
    "us_employment": "US job growth (us_absorption_elasticity)",
    "mx_exports_to_us": "enclave output (enclave_output_per_hour)",
    "migrant_stock": "emigration and returns (emigration_propensity, return_rate, deportations)",
    "migrant_stock_bachelor": "skilled emigration and return (skilled_return_rate)",
    "migrant_stock_master": "skilled emigration and return (skilled_return_rate)",
    "migrant_stock_phd": "skilled emigration and return (skilled_return_rate)",
    "emigration_per_year": "emigration_propensity",
    "returns_per_year": "return_rate or deportations",
    "skilled_emigration_per_year": "skilled_emigration_propensity_<level>",
    "skilled_returnee_share": "skilled_return_rate",
    "skilled_emigration_master_share": "skilled_emigration_propensity_master",
    "skilled_emigration_phd_share": "skilled_emigration_propensity_phd",
    "remittances": "remittance_per_migrant",
}
# parameters of static outputs that the dynamics do not report (brain waste, migrants' surplus
# value): they enter no simulated variable
STATIC_OUTPUTS_ONLY = frozenset(
    {
        "skilled_at_qualification_bachelor",
        "skilled_at_qualification_postgraduate",
        "migrant_workforce_share",
        "migrant_wage_premium",
    }
)
# flows of the first simulated year: with no year before it there is no excess labour, hence
# no emigration, returns or openings from growth; ue.simulate reports them as NaN in 1990
FIRST_YEAR_UNDEFINED = frozenset(
    {
        "excess_labour",
        "emigration",
        "returns",
        "skilled_emigration_bachelor",
        "skilled_emigration_master",
        "skilled_emigration_phd",
        "skilled_returns",
        "professional_openings",
        "absorption_rate",
        "unabsorbed_graduates",
        "training_cost_transfer",
        "reproduction_cost_transfer",
        "total_drain",
    }
)


@dataclass(frozen=True)
class Exogenous:
    """Data paths and initial conditions (from the shipped PWT extract and data rows)."""

    years: np.ndarray  # (T,) int
    us_employment_index: np.ndarray  # (T,) US employment relative to 2011
    us_employment_growth: np.ndarray  # (T,) growth over the previous year
    mean_us_employment_growth: float
    historical_deportations: np.ndarray  # (T,) persons/yr
    mx_output_1990_over_2011: float
    us_output_1990_over_2011: float
    mx_employment_1990: float
    migrant_stock_1990: float
    graduate_data_end: int  # last year of the graduate data: level growth rates apply up to it


def shock_matrix(params: np.ndarray, shocks, years: np.ndarray) -> np.ndarray:
    """Per-year parameters (N, T, P): ``params`` (N, P) with each shock applied in its years."""
    out = np.repeat(params[:, None, :], len(years), axis=1)
    for name, value, start, end in shocks:
        j = PARAM_NAMES.index(name)
        sel = (years >= start) & (years <= end)
        out[:, sel, j] = value
    return out


def _flow_share(flow, stock, i):
    """Share of level ``i`` in this year's skilled emigration (the stock's mix if none left)."""
    total, held = flow.sum(-1), stock.sum(-1)
    mix_i = np.divide(stock[:, i], held, out=np.zeros_like(held), where=held > 0)
    return np.divide(flow[:, i], total, out=mix_i, where=total > 0)


def _get(p, name):
    return p[..., PARAM_NAMES.index(name)]


def simulate_reference(params: np.ndarray, shocks, ex: Exogenous) -> dict[str, np.ndarray]:
    """The numpy reference: every path at once, a loop over years. Returns (N, T) arrays."""
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    n, t_len = params.shape[0], len(ex.years)
    pt = shock_matrix(params, shocks, ex.years)
    g = lambda name: _get(params, name)  # noqa: E731 - 2011 baseline values
    out = {k: np.full((n, t_len), np.nan) for k in VAR_NAMES}
    status = np.zeros(n, dtype=np.int8)
    n0 = np.zeros((n, 1))
    y_mx0 = g("mx_gdp") * ex.mx_output_1990_over_2011
    y_us0 = g("us_gdp") * ex.us_output_1990_over_2011
    k_mx = g("mx_capital_output_ratio") * y_mx0
    k_us = g("us_capital_output_ratio") * y_us0
    hours_2011 = g("immex_employment") * g("mx_hours_per_worker")
    dom_exports_2011 = g("mx_exports_to_us") - g("enclave_output_per_hour") * hours_2011
    by_level = np.stack([g(f"migrant_stock_{lv}") for lv in LEVELS], -1)
    mix = by_level / by_level.sum(-1, keepdims=True)  # 1990 stock split like 2011's
    graduates = np.stack(
        [
            g(f"graduates_{lv}") * (1 + g(f"graduate_growth_{lv}")) ** (ex.years[0] - BASE_YEAR)
            for lv in LEVELS
        ],
        -1,
    )
    positions_prev = y_mx_prev = None
    underemployed = np.zeros(n)
    gap_1990 = None
    e_enc0 = g("immex_employment") * (y_us0 / g("us_gdp")) ** g("enclave_job_elasticity")
    e_f0 = ex.mx_employment_1990 - e_enc0
    labour_force = np.full(n, ex.mx_employment_1990)
    migrants = np.full(n, ex.migrant_stock_1990)
    skilled = g("skilled_stock_1990")[:, None] * mix  # (N, 3) by level
    researchers = g("researchers_1990").copy()
    jobs_prev = None
    informal_prev = np.zeros(n)
    for k in range(t_len):
        p = pt[:, k, :]
        q = lambda name, p=p: _get(p, name)  # noqa: E731
        y_mx = k_mx / q("mx_capital_output_ratio")
        y_us = k_us / q("us_capital_output_ratio")
        e_enc = q("immex_employment") * (y_us / g("us_gdp")) ** q("enclave_job_elasticity")
        e_f = e_f0 * (y_mx / y_mx0) ** q("formal_job_elasticity")
        jobs = e_f + e_enc
        # domestic wage per hour, as in the static model (informal work of the previous year)
        hours_enc = e_enc * q("mx_hours_per_worker")
        enclave_wages = (
            hours_enc
            * q("us_manufacturing_wage")
            * (
                (1 - q("hidden_maquila_share")) * q("maquila_wage_ratio")
                + q("hidden_maquila_share") * q("hidden_maquila_wage_ratio")
            )
        )
        w_dom = (q("mx_labour_share") * y_mx - enclave_wages) / (
            (jobs + informal_prev - e_enc) * q("mx_hours_per_worker")
        )
        gap = q("us_manufacturing_wage") / w_dom
        if gap_1990 is None:
            gap_1990 = gap  # the path's own first-year gap: the index is 1 in 1990
        absorption = np.maximum(
            0.0,
            1
            + q("us_absorption_elasticity")
            * (ex.us_employment_growth[k] - ex.mean_us_employment_growth),
        )
        first = jobs_prev is None
        excess = np.zeros(n) if first else q("labour_force_entrants") - (jobs - jobs_prev)
        share = np.minimum(
            1.0,
            q("emigration_propensity")
            * (gap / gap_1990) ** q("emigration_wage_elasticity")
            * absorption,
        )
        # graduates by level, their domestic absorption and skilled emigration
        if not first:
            growth = np.stack(
                [
                    q(f"graduate_growth_{lv}")
                    if ex.years[k] <= ex.graduate_data_end
                    else q("graduate_growth_projection")
                    for lv in LEVELS
                ],
                -1,
            )
            graduates = graduates * (1 + growth)
        # entrants at their highest degree: bachelors not going on to a master's, etc.
        above = np.concatenate([graduates[:, 1:], n0], -1)
        status = np.where(
            (status == 0) & np.any(above > graduates, axis=-1), GRADUATE_ORDER, status
        )
        terminal = np.maximum(0.0, graduates - above)
        entrants_skilled = terminal.sum(-1)
        # P_t = P_t−1 (Y_t / Y_t−1)^ε_t: the growth form (a shock to ε bends the path, no jump)
        if first:
            positions = q("professional_jobs") * (y_mx / g("mx_gdp")) ** q(
                "professional_job_elasticity"
            )
        else:
            positions = positions_prev * (y_mx / y_mx_prev) ** q("professional_job_elasticity")
        if first:
            openings = q("professional_exit_rate") * positions
        else:
            openings = (
                np.maximum(0.0, positions - positions_prev)
                + q("professional_exit_rate") * positions_prev
            )
        absorbed_share = np.minimum(
            1.0, np.divide(openings, entrants_skilled, out=np.ones(n), where=entrants_skilled > 0)
        )
        unabsorbed = (1 - absorbed_share)[:, None] * terminal
        pull = (gap / gap_1990) ** q("emigration_wage_elasticity") * absorption
        skilled_out = (
            np.zeros((n, 3))
            if first
            else np.minimum(
                1.0,
                np.stack([q(f"skilled_emigration_propensity_{lv}") for lv in LEVELS], -1)
                * pull[:, None],
            )
            * unabsorbed
        )
        skilled_back = np.zeros((n, 3)) if first else q("skilled_return_rate")[:, None] * skilled
        skilled_total = skilled.sum(-1)
        # the unabsorbed graduates are part of the excess labour: they leave (or stay) through
        # the graduate block; the rest of the excess through the emigration share
        emigration = (
            np.zeros(n)
            if first
            else share * np.maximum(excess - unabsorbed.sum(-1), 0.0) + skilled_out.sum(-1)
        )
        returns = (
            np.zeros(n)
            if first
            else (
                q("return_rate") * (migrants - skilled_total)
                + skilled_back.sum(-1)
                + ex.historical_deportations[k]
                + q("deportations")
            )
        )
        # this year's labour force and reserve (flows of the year included)
        if not first:
            labour_force = labour_force + q("labour_force_entrants") - emigration + returns
        reserve = labour_force - jobs
        status = np.where((status == 0) & (reserve < 0), LABOUR_SHORTAGE, status)
        informal = q("informal_share") * reserve
        remittances = q("remittance_per_migrant") * migrants * absorption
        # this year's static accounts
        static = {name: q(name) for name in PARAM_NAMES}
        static.update(
            mx_gdp=y_mx,
            us_gdp=y_us,
            immex_employment=e_enc,
            mx_employment=jobs + informal,
            us_employment=g("us_employment") * ex.us_employment_index[k],
            mx_exports_to_us=q("enclave_output_per_hour") * hours_enc
            + dom_exports_2011 * y_mx / g("mx_gdp"),
            us_exports_to_mx=q("us_exports_to_mx") * y_mx / g("mx_gdp"),
            migrant_stock=migrants,
            migrant_stock_bachelor=skilled[:, 0],
            migrant_stock_master=skilled[:, 1],
            migrant_stock_phd=skilled[:, 2],
            emigration_per_year=emigration,
            returns_per_year=returns,
            skilled_emigration_per_year=skilled_out.sum(-1),
            skilled_emigration_master_share=_flow_share(skilled_out, skilled, 1),
            skilled_emigration_phd_share=_flow_share(skilled_out, skilled, 2),
            skilled_returnee_share=np.divide(
                skilled_back.sum(-1), returns, out=np.zeros(n), where=returns > 0
            ),
            remittances=remittances,
        )
        with np.errstate(all="ignore"):
            acc = mu.accounts(static)
        status = np.where((status == 0) & (acc["status"] != mu.OK), acc["status"], status)
        drain = acc["price_transfer"] + acc["repatriated_profit"]
        row = {
            "mx_output": y_mx,
            "us_output": y_us,
            "mx_capital": k_mx,
            "us_capital": k_us,
            "formal_jobs": e_f,
            "enclave_jobs": e_enc,
            "informal": informal,
            "unemployed": reserve - informal,
            "labour_force": labour_force,
            "excess_labour": excess,
            "emigration": emigration,
            "returns": returns,
            "migrant_stock": migrants,
            "skilled_migrant_stock": skilled_total,
            "remittances": remittances,
            "wage_gap": gap,
            "price_transfer": acc["price_transfer"],
            "repatriated_profit": acc["repatriated_profit"],
            "training_cost_transfer": acc["training_cost_transfer"],
            "reproduction_cost_transfer": acc["reproduction_cost_transfer"],
            "training_cost_stock": acc["training_cost_stock"],
            "total_drain": acc["total_drain"],
        }
        for i, lv in enumerate(LEVELS):
            row[f"graduates_{lv}"] = graduates[:, i]
            row[f"skilled_emigration_{lv}"] = skilled_out[:, i]
            row[f"skilled_stock_{lv}"] = skilled[:, i]
        row.update(
            graduate_entrants=entrants_skilled,
            professional_jobs=positions,
            professional_openings=openings,
            absorption_rate=absorbed_share,
            unabsorbed_graduates=unabsorbed.sum(-1),
            underemployed_graduates=underemployed,
            skilled_returns=skilled_back.sum(-1),
        )
        resident = q("patents_per_researcher") * researchers
        foreign = q("foreign_patents_per_enclave_dollar") * q("enclave_output_per_hour") * hours_enc
        row.update(
            researchers=researchers,
            resident_patents=resident,
            foreign_patents=foreign,
            foreign_patent_share=foreign / (foreign + resident),
        )
        for name, value in row.items():
            out[name][:, k] = value
        # transition to t + 1
        k_mx = (1 - q("depreciation_mx")) * k_mx + q("accumulation_share_mx") * (
            (1 - q("mx_labour_share")) * y_mx - drain
        )
        k_us = (1 - q("depreciation_us")) * k_us + q("accumulation_share_us") * (
            (1 - q("us_labour_share")) * y_us + drain
        )
        informal_prev = informal
        skilled_net = skilled_out.sum(-1) - skilled_back.sum(-1)
        researchers = np.maximum(
            0.0,
            (1 - q("researcher_exit_rate")) * researchers
            + q("researchers_per_research_dollar") * q("research_spending_share") * y_mx
            - q("researchers_lost_per_skilled_emigrant") * skilled_net,
        )
        migrants = migrants + emigration - returns
        skilled = skilled + skilled_out - skilled_back
        if not first:  # the pool counts graduates unabsorbed from 1991 on
            underemployed = (
                (1 - q("professional_exit_rate")) * underemployed
                + unabsorbed.sum(-1)
                - skilled_out.sum(-1)
                + skilled_back.sum(-1)
            )
        positions_prev = positions
        y_mx_prev = y_mx
        jobs_prev = jobs
    out["status"] = status
    return out
