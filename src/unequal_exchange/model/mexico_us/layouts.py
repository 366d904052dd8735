"""Every position in the Mexico–US kernels' flat arrays, computed from names.

Parameters (``P``), scalar outputs (``S``), sectors, levels, the static kernel's work rows
(``W``), its subset scratch (``Z``) and result row (``OUT``); the dynamics' variables (``V``),
graduate levels (``G``), initial conditions (``INIT``) and per-thread scratch (``SCR``). Built
once at import by :mod:`..engine.layout`: plain-int namedtuples that numba freezes as
compile-time constants. No slot number is typed by hand.
"""

from __future__ import annotations

import numpy as np

from ..engine.layout import Layout, index
from ..engine.shapley import subset_weights
from . import accounts as mu
from .dynamics_spec import LEVELS, VAR_NAMES, WAGE_INDEXED
from .parameters import PARAMETERS

# ---- the static accounts (accounts_kernel)

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
    "stock_formation_cost_annuity", "remittance_cover_of_annuity",
    "us_rate_of_surplus_value", "mx_rate_of_surplus_value",
)  # fmt: skip
FACTOR_NAMES = ("price_transfer_by_factor", "price_transfer_by_value_factor")
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
# rows of the per-sector work array: observables, the traded value system, the multipliers
# that bring each country to the world level, and the values with some factors switched off
WORK_NAMES = (
    "hours", "wage", "value_added", "capital_per_hour", "traded_share",
    "traded_hours", "new_value", "variable", "capital",
    "mult_new_value", "mult_variable", "mult_capital",
    "off_new_value", "off_variable", "off_capital",
)  # fmt: skip

P = index(PARAM_NAMES, "ParameterIndex")
S = index(SCALAR_NAMES, "ScalarIndex")
SEC = index(mu.SECTORS, "SectorIndex")
SR = index(SECTOR_NAMES, "SectorRowIndex")
LR = index(LEVEL_NAMES, "LevelRowIndex")
LV = index(mu.LEVELS, "LevelIndex")
W = index(WORK_NAMES, "WorkRowIndex")
N_SECTORS, N_LEVELS, N_FACTORS = len(mu.SECTORS), len(mu.LEVELS), len(mu.FACTORS)
assert len(mu.VALUE_FACTORS) == N_FACTORS  # both splits share the subset weights
# the factor block: Emmanuel's split (+ structural), then Marx's (+ structural)
N_FAC_OUT = 2 * (N_FACTORS + 1)
VALUE_FAC0 = N_FACTORS + 1  # where Marx's split starts in the factor block
N_MX_SECTORS = mu.COUNTRIES.count("MX")  # Mexican sectors come first, the US last
N_WORK = len(WORK_NAMES)
N_SCALAR = len(SCALAR_NAMES)
N_SUBSETS = 1 << N_FACTORS
SHAPLEY_WEIGHTS = subset_weights(N_FACTORS)  # by subset bit mask
# factor bits of a subset mask, in mu.FACTORS order
BIT = index(mu.FACTORS, "FactorBit")
VBIT = index(mu.VALUE_FACTORS, "ValueFactorBit")
# scratch per point: subset transfers, the two ends of the hours convention, levels
Z = Layout(
    "SubsetScratch",
    (
        ("t_on", N_SUBSETS),
        ("ends", 2),
        ("cost", N_LEVELS),
        ("stock", N_LEVELS),
        ("net", N_LEVELS),
    ),
)
ZA, ZB = Z.start, Z.stop
N_Z = Z.size
# one result row of model_batch: scalars, factor split (+ structural), sector and level blocks
OUT = Layout(
    "ResultRow",
    (
        ("scalars", N_SCALAR),
        ("factors", N_FAC_OUT),
        ("sectors", (len(SECTOR_NAMES), N_SECTORS)),
        ("levels", (len(LEVEL_NAMES), N_LEVELS)),
    ),
)
OA, OB = OUT.start, OUT.stop
N_OUT = OUT.size
assert mu.COUNTRIES == ("MX",) * N_MX_SECTORS + ("US",) and SEC.us == N_MX_SECTORS
assert mu.LEVELS[LV.bachelor :] == ("bachelor", "master", "phd")

# ---- the dynamics (dynamics_kernel)

V = index(VAR_NAMES, "VariableIndex")
G = index(LEVELS, "GraduateIndex")
N_VARS = len(VAR_NAMES)
N_GRAD = len(LEVELS)
# per-level parameter and variable positions, in LEVELS order
GRAD = np.array([getattr(P, f"graduates_{lv}") for lv in LEVELS], dtype=np.int64)
GRAD_G = np.array([getattr(P, f"graduate_growth_{lv}") for lv in LEVELS], dtype=np.int64)
SK_PROP = np.array(
    [getattr(P, f"skilled_emigration_propensity_{lv}") for lv in LEVELS], dtype=np.int64
)
ST_LEVEL = np.array([getattr(P, f"migrant_stock_{lv}") for lv in LEVELS], dtype=np.int64)
# parameters indexed each year to the US real wage
WAGE_IDX = np.array([getattr(P, name) for name in WAGE_INDEXED], dtype=np.int64)
V_GRAD = np.array([getattr(V, f"graduates_{lv}") for lv in LEVELS], dtype=np.int64)
V_SK_OUT = np.array([getattr(V, f"skilled_emigration_{lv}") for lv in LEVELS], dtype=np.int64)
V_SK_STOCK = np.array([getattr(V, f"skilled_stock_{lv}") for lv in LEVELS], dtype=np.int64)
# per-thread scratch: the static kernel's arrays, then the dynamics' arrays by level
SCR = Layout(
    "DynamicsScratch",
    (
        ("scal", N_SCALAR),
        ("fac", N_FAC_OUT),
        ("sec", (len(SECTOR_NAMES), N_SECTORS)),
        ("lev", (len(LEVEL_NAMES), N_LEVELS)),
        ("w", (N_WORK, N_SECTORS)),
        ("z", N_Z),
        ("grad", N_GRAD),
        ("skilled", N_GRAD),
        ("sk_out", N_GRAD),
        ("sk_back", N_GRAD),
        ("terminal", N_GRAD),
        ("unabsorbed", N_GRAD),
        ("row", N_VARS),  # the year's variables when only some are kept
    ),
)
SA, SB = SCR.start, SCR.stop
SCRATCH = SCR.size  # floats of scratch per thread
# the init row (simulate_batch's ``init``, one row shared by every path)
INIT = index(
    (
        "mx_output_1990_over_2011",
        "us_output_1990_over_2011",
        "mx_employment_1990",
        "migrant_stock_1990",
        "graduate_data_end",
        "anchor_year",
        "anchor_migrant_stock",
        "anchor_remittances",
    ),
    "InitIndex",
)
