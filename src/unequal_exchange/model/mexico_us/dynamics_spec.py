"""What the dynamics are made of: variables, statuses, initial conditions, shocks.

Names and metadata of the annual dynamics (:mod:`.dynamics` has the equations and the numpy
reference, :mod:`.dynamics_kernel` the numba time loop), the exogenous data paths, and the small
``@jit`` helpers both twins call: :func:`apply_shocks` and :func:`terminal_graduates` (scalars
in the kernel, rows of arrays through ``.py_func`` in the reference).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine._jit import ijit
from . import accounts as mu
from .levels import GRADUATE_LEVELS
from .parameters import INITIAL_ONLY as PARAMETER_INITIAL_ONLY
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
    "remittances": ("USD/yr", "remittances received by Mexico (2011 prices)"),
    "outflow_capped": (
        "1",
        "1 where returns and deportations were capped at the stock they come out of",
    ),
    "anchor_adjustment": (
        "persons",
        "migrant stock set to its observed value in the anchor year minus the simulated one",
    ),
    "remittance_anchor_scale": (
        "1",
        "observed / simulated remittances in the anchor year, applied from it on (1 before)",
    ),
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
# path statuses numbered after every static code, so that each code names one status
# across static sweeps and paths
LABOUR_SHORTAGE = max(mu.STATUS_NAMES) + 1  # status: jobs demanded exceed the labour force
# a shortage is a reserve below −SHORTAGE_TOLERANCE × the labour force: the 1990 reserve is zero
# by construction (the reserve created since 1990), so rounding alone must not decide the status
SHORTAGE_TOLERANCE = 1e-9
GRADUATE_ORDER = LABOUR_SHORTAGE + 1  # status: more graduates at a degree than at the one below
STATUS_NAMES = {
    LABOUR_SHORTAGE: "jobs demanded exceed the labour force",
    GRADUATE_ORDER: "more master's than bachelor's (or doctoral than master's) graduates",
}
# every status a path can carry: the static accounts' codes of each year (a path never gets
# INCONSISTENT_PARAMETERS, which only a static sweep sets)
PATH_STATUS_NAMES = {
    **{k: v for k, v in mu.STATUS_NAMES.items() if k != mu.INCONSISTENT_PARAMETERS},
    **STATUS_NAMES,
}
# read only at the start of a path (initial conditions): shocking them would change nothing;
# generated from the parameter record (role "initial")
INITIAL_ONLY = PARAMETER_INITIAL_ONLY
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
        "discount_rate",
        "working_life_years",
    }
)
# value-side outputs: measures of the year's transfers that depend on a valuation convention
# (hours weighting, factor definition, ...). They are reported beside the path and feed back on
# nothing; every other variable is a real quantity, which no convention may change (the
# valuation-invariance test, tests/test_dynamics.py)
# the formation-cost accounts value migrants' schooling and childhood under the accounting
# conventions (formation_where_trained, discount_rate): money measures of a real flow of people
VALUE_SIDE = frozenset(
    {
        "price_transfer",
        "total_drain",
        "training_cost_transfer",
        "reproduction_cost_transfer",
        "training_cost_stock",
    }
)
REAL_VARIABLES = tuple(k for k in VARIABLES if k not in VALUE_SIDE)
# flows of the first simulated year: with no year before it there is no excess labour, hence
# no emigration, returns or openings from growth; ue.simulate reports them as NaN in 1990
FIRST_YEAR_UNDEFINED = frozenset(
    {
        "excess_labour",
        "emigration",
        "returns",
        "outflow_capped",
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
    us_real_wage_index: np.ndarray  # (T,) US real wage per hour relative to 2011
    us_price_index: np.ndarray  # (T,) US price level relative to 2011 (reporting only)
    mx_output_1990_over_2011: float
    us_output_1990_over_2011: float
    mx_employment_1990: float
    migrant_stock_1990: float
    graduate_data_end: int  # last year of the graduate data: level growth rates apply up to it
    # re-anchoring of projections (0 = none): in anchor_year the migrant stock is set to its
    # observed value and remittances are scaled to the observed ones (2011 prices) from then on
    anchor_year: int = 0
    anchor_migrant_stock: float = float("nan")
    anchor_remittances: float = float("nan")


#: parameters given at their 2011 level and indexed each year to the US real wage
#: (:attr:`Exogenous.us_real_wage_index`): the US wage the emigrant compares, and what a
#: migrant sends home
WAGE_INDEXED = ("us_manufacturing_wage", "remittance_per_migrant")


# ---- helpers both twins call: the kernel on scalars, the reference through .py_func on rows


@ijit
def apply_shocks(base, year, shock_idx, shock_val, shock_start, shock_end, p):
    """This year's parameters into ``p``: ``base`` with every shock whose years hold ``year``
    (a later shock of the same parameter wins). (P,) in the kernel; (P, N) rows (one per
    parameter) through ``.py_func``."""
    for j in range(base.shape[0]):
        p[j] = base[j]
    for s in range(shock_idx.shape[0]):
        if shock_start[s] <= year <= shock_end[s]:
            p[shock_idx[s]] = shock_val[s]


@ijit
def terminal_graduates(grad, terminal):
    """Graduates entering work at their highest degree: T_l = max(0, G_l − G_l+1) and
    T_PhD = max(0, G_PhD) (a master's graduate was a bachelor's graduate before). (L,) in the
    kernel; (L, N) rows through ``.py_func``."""
    last = grad.shape[0] - 1
    for lv in range(last):
        terminal[lv] = np.maximum(0.0, grad[lv] - grad[lv + 1])
    terminal[last] = np.maximum(0.0, grad[last])


def shock_arrays(shocks):
    """(parameter index, value, first year, last year) arrays of a sequence of shocks."""
    shocks = list(shocks)
    return (
        np.array([PARAM_NAMES.index(s[0]) for s in shocks], dtype=np.int64),
        np.array([float(s[1]) for s in shocks]),
        np.array([int(s[2]) for s in shocks], dtype=np.int64),
        np.array([int(s[3]) for s in shocks], dtype=np.int64),
    )


def shock_matrix(params: np.ndarray, shocks, years: np.ndarray) -> np.ndarray:
    """Per-year parameters (N, T, P): ``params`` (N, P) with each shock applied in its years."""
    params = np.asarray(params, dtype=np.float64)
    out = np.empty((params.shape[0], len(years), params.shape[1]))
    arrays = shock_arrays(shocks)
    for k, year in enumerate(years):
        apply_shocks.py_func(params.T, year, *arrays, out[:, k, :].T)
    return out
