"""The parameter registry of the Mexico–US model: name, units, valid domain, meaning.

Values (defaults) come from the calibration (:func:`unequal_exchange.calibrate`) and are shipped
in the baseline scenario; plausible ranges for sensitivity analysis come from the sourced data
rows. Every problem with a set of parameter values is collected and raised at once.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ...errors import ParameterError, did_you_mean
from .levels import GRADUATE_LEVELS, LEVEL_LABELS

PROVENANCES = {
    "observed": "a sourced data row, at most rescaled (units, years averaged)",
    "derived": "arithmetic on several sourced rows (calibration/derive.py)",
    "fitted": "least squares to observed targets (calibration/fit.py, dynamics_fit.py)",
    "assumed": "a modelling assumption without a sourced figure; wide range",
    "convention": "a valuation convention chosen by the analyst, not a fact about the economy",
}
ROLES = {
    "static": "read by the static accounts (ue.run) and by every year of the dynamics",
    "dynamic": "read only by the dynamics (ue.simulate); the static accounts ignore it",
    "initial": "an initial condition of the dynamics, read only in the first year",
}
USES = {
    "uncertain": "an uncertain input: drawn in sensitivity samples by default",
    "lever": "a policy or scenario knob: set in scenarios and shocks, not drawn by default",
    "convention": "a valuation convention: compared as scenarios, never drawn at random",
}


@dataclass(frozen=True)
class Parameter:
    """The record of one model parameter: what it is, where its number comes from, who uses it.

    ``provenance`` (:data:`PROVENANCES`) says where the number comes from, ``role``
    (:data:`ROLES`) which model reads it and ``use`` (:data:`USES`) how scenarios and the
    sensitivity analysis treat it. ``lower``/``upper`` bound the valid *domain*; the plausible
    *range* (``low``, ``high``; ``sources``: ids of rows of ``calibration/data/figures.csv``;
    ``range_source``: how value and range are derived) and the calibrated ``value`` are data, filled
    in by :func:`unequal_exchange.calibration.ranges.parameter_records` from the shipped table
    (the model layer reads no files, so they are None here). A convention (``use ==
    "convention"``) lists the ``options`` it is compared at, as ``(value, label)`` pairs: headline
    ranges run over them, one convention at a time, the others at the scenario's values. A
    *valuation* convention changes how the same real economy is valued and never a real quantity
    (tested); a *measurement* convention (``measurement=True``: which hours form the traded pool,
    which capital is advanced) changes how observed aggregates are mapped to the model, and so
    may change modelled real quantities such as the profit repatriated from the enclaves.
    """

    name: str
    units: str
    description: str
    lower: float = -math.inf
    upper: float = math.inf
    lower_open: bool = False
    upper_open: bool = False
    provenance: str = "observed"
    role: str = "static"
    use: str = "uncertain"
    integer: bool = False
    value: float | None = None
    low: float | None = None
    high: float | None = None
    sources: tuple[str, ...] = ()
    range_source: str = ""
    options: tuple[tuple[float, str], ...] = ()
    measurement: bool = False

    def __post_init__(self):
        if (self.use == "convention") != bool(self.options):
            raise ValueError(f"{self.name}: a convention, and only a convention, lists its options")
        for field_, allowed in (
            ("provenance", PROVENANCES),
            ("role", ROLES),
            ("use", USES),
        ):
            if getattr(self, field_) not in allowed:
                raise ValueError(f"{self.name}: {field_} must be one of {list(allowed)}")

    @property
    def kind(self) -> str:
        """Deprecated: the old field mixing provenance and role; use ``provenance``/``role``."""
        warnings.warn(
            "Parameter.kind is deprecated: use .provenance (where the number comes from), "
            ".role (static, dynamic, initial) and .use (uncertain, lever, convention)",
            DeprecationWarning,
            stacklevel=2,
        )
        return "dynamic" if self.role != "static" else self.provenance

    @property
    def switch(self) -> bool:
        """A convention that is one of two definitions (options 0 and 1): a value between
        them would blend two definitions into neither, so only the options are valid."""
        return self.use == "convention" and sorted(v for v, _ in self.options) == [0.0, 1.0]

    def domain(self) -> str:
        lo = "(" if self.lower_open else "["
        hi = ")" if self.upper_open or math.isinf(self.upper) else "]"
        return f"{lo}{self.lower:g}, {self.upper:g}{hi}"

    def contains(self, value) -> np.ndarray:
        v = np.asarray(value, dtype=np.float64)
        ok = np.isfinite(v)
        ok &= (v > self.lower) if self.lower_open else (v >= self.lower)
        ok &= (v < self.upper) if self.upper_open else (v <= self.upper)
        return ok


# Plausible magnitudes: a parameter without an explicit upper bound gets the bound of its units,
# far above any economy on record but finite, so that a typo (1e308, an extra zero or six) is
# an error, not a result with wages of 1e296 USD/h.
_MAX_BY_UNITS = {
    "USD/yr": 1e15,  # world GDP is about 1e14 USD/yr
    "USD": 1e16,
    "USD/h": 1e4,
    "persons": 1e10,  # world population is about 8e9
    "persons/yr": 1e9,
    "h/yr": 8760.0,  # hours in a year
    "yr": 100.0,
    "1": 100.0,  # ratios, elasticities and propensities
    "1/yr": 100.0,
    "persons/USD": 1.0,
    "1/USD": 1.0,
}
_MAX_BY_NAME = {
    # schooling and childhood: years of a life, not of an economy
    **{f"years_{stage}": 30.0 for stage in ("primary", "lower_secondary", "upper_secondary")},
    **{f"years_{stage}": 30.0 for stage in ("bachelor", "master", "phd")},
    "childhood_years": 30.0,
    "child_arrival_age": 30.0,
    "working_life_years": 80.0,
    # per-person costs and wage ratios
    "cost_per_student_primary": 1e6,
    "cost_per_student_secondary": 1e6,
    "cost_per_student_tertiary": 1e6,
    "us_childhood_cost_per_year": 1e6,
    "remittance_per_migrant": 1e6,
    "maquila_wage_ratio": 10.0,
    "hidden_maquila_wage_ratio": 10.0,
}


def _p(
    name,
    units,
    description,
    lower=0.0,
    upper=math.inf,
    lower_open=False,
    upper_open=False,
    provenance="observed",
    role="static",
    use="uncertain",
    options=(),
    measurement=False,
):
    if math.isinf(upper):
        upper = _MAX_BY_NAME.get(name, _MAX_BY_UNITS[units])
    return Parameter(
        name,
        units,
        description,
        lower,
        upper,
        lower_open,
        upper_open,
        provenance,
        role,
        use,
        options=options,
        measurement=measurement,
    )


_DYN = {"role": "dynamic"}
_FIT_DYN = {"role": "dynamic", "provenance": "fitted"}
_DER_DYN = {"role": "dynamic", "provenance": "derived"}


_SHARE = {"lower": 0.0, "upper": 1.0}
_LEVELS = tuple((lv, LEVEL_LABELS[lv]) for lv in GRADUATE_LEVELS)
_OPEN_SHARE = {"lower": 0.0, "upper": 1.0, "upper_open": True}

PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in [
        # employment and hours
        _p("us_employment", "persons", "persons engaged in the United States", lower_open=True),
        _p("us_hours_per_worker", "h/yr", "average annual hours per US worker", lower_open=True),
        _p("mx_employment", "persons", "persons engaged in Mexico", lower_open=True),
        _p(
            "mx_hours_per_worker",
            "h/yr",
            "average annual hours per Mexican worker (also in the enclaves)",
            lower_open=True,
        ),
        _p(
            "immex_employment",
            "persons",
            "employment in IMMEX (maquila and hidden maquila) manufacturing plants",
            lower_open=True,
        ),
        _p(
            "hidden_maquila_share",
            "1",
            "share of IMMEX employment in the hidden maquila "
            "(automotive and electronics under temporary import)",
            **_OPEN_SHARE,
            lower_open=True,
            provenance="derived",
        ),
        # national accounts
        _p(
            "us_gdp",
            "USD/yr",
            "US GDP at current prices and exchange rates",
            lower_open=True,
            provenance="derived",
        ),
        _p(
            "mx_gdp",
            "USD/yr",
            "Mexican GDP at current prices and exchange rates",
            lower_open=True,
            provenance="derived",
        ),
        _p(
            "us_labour_share",
            "1",
            "US labour share of GDP (PWT labsh)",
            lower_open=True,
            upper=1.0,
            upper_open=True,
        ),
        _p(
            "mx_labour_share",
            "1",
            "Mexican labour share of GDP (PWT labsh)",
            lower_open=True,
            upper=1.0,
            upper_open=True,
        ),
        _p(
            "us_capital_output_ratio",
            "yr",
            "US capital stock / GDP (PWT cn/cgdpo)",
            lower=0.1,  # plausible magnitude: capital stocks are years of output, not hours
            provenance="derived",
        ),
        _p(
            "mx_capital_output_ratio",
            "yr",
            "Mexican capital stock / GDP (PWT cn/cgdpo); also applied to the enclaves",
            lower=0.1,  # plausible magnitude: capital stocks are years of output, not hours
            provenance="derived",
        ),
        # wages
        _p(
            "us_manufacturing_wage",
            "USD/h",
            "US manufacturing hourly compensation, the base of the maquila wage ratios",
            lower_open=True,
        ),
        _p(
            "maquila_wage_ratio",
            "1",
            "maquila hourly wage / US manufacturing wage",
            lower_open=True,
        ),
        _p(
            "hidden_maquila_wage_ratio",
            "1",
            "hidden-maquila hourly wage / US manufacturing wage",
            lower_open=True,
        ),
        # enclaves and trade
        _p(
            "maquila_import_content",
            "1",
            "imported inputs / gross output of the maquila",
            **_OPEN_SHARE,
        ),
        _p(
            "hidden_maquila_import_content",
            "1",
            "imported inputs / gross output of the hidden maquila",
            **_OPEN_SHARE,
        ),
        _p(
            "enclave_domestic_input_share",
            "1",
            "Mexican intermediate inputs / gross output of the enclaves",
            **_OPEN_SHARE,
            provenance="derived",
        ),
        _p(
            "enclave_output_per_hour",
            "USD/h",
            "gross output (all exported) per enclave hour",
            lower_open=True,
            provenance="fitted",
        ),
        _p("enclave_foreign_ownership", "1", "share of enclave profits owned abroad", **_SHARE),
        _p("mx_exports_to_us", "USD/yr", "Mexican goods exports to the United States"),
        _p("us_exports_to_mx", "USD/yr", "US goods exports to Mexico"),
        _p(
            "hours_weighting",
            "1",
            "hours-counting convention: 0 = every hour creates equal "
            "value, 1 = hours weighted by relative value added per hour",
            **_SHARE,
            provenance="convention",
            use="convention",
            options=(
                (0.0, "equal hours"),
                (0.72, "PPP-anchored: MX/US value per hour = PPP GDP per hour (PWT)"),
                (1.0, "hours weighted by value added per hour"),
            ),
        ),
        _p(
            "pool_basis",
            "1",
            "traded pools: 0 = aggregate trade shares (US exports to Mexico / US GDP of US "
            "hours; Mexico's non-enclave exports at the domestic average), 1 = hours embodied "
            "in bilateral exports (WIOD input–output accounts)",
            **_SHARE,
            provenance="convention",
            use="convention",
            options=((0.0, "aggregate trade shares"), (1.0, "hours embodied (WIOD IO)")),
            measurement=True,
        ),
        _p(
            "mx_export_hours_share",
            "1",
            "share of Mexican hours embodied (directly and indirectly) in exports to the US "
            "(WIOD; read when pool_basis > 0)",
            **_SHARE,
            provenance="derived",
        ),
        _p(
            "us_export_hours_share",
            "1",
            "share of US hours embodied (directly and indirectly) in exports to Mexico "
            "(WIOD; read when pool_basis > 0)",
            **_SHARE,
            provenance="derived",
        ),
        _p(
            "capital_basis",
            "1",
            "capital advanced: 0 = PWT cn (all fixed assets incl. dwellings and public "
            "structures; economy-wide K/Y, also in the enclaves), 1 = productive capital "
            "(WIOD SEA without real estate and public administration; enclaves at the K/VA "
            "of electrical, optical and transport equipment)",
            **_SHARE,
            provenance="convention",
            use="convention",
            options=((0.0, "PWT cn, economy-wide"), (1.0, "productive capital by industry")),
            measurement=True,
        ),
        _p(
            "mx_productive_capital_output_ratio",
            "yr",
            "Mexican productive capital / GDP (WIOD SEA; read when capital_basis > 0)",
            lower=0.1,
            provenance="derived",
        ),
        _p(
            "us_productive_capital_output_ratio",
            "yr",
            "US productive capital / GDP (WIOD SEA; read when capital_basis > 0)",
            lower=0.1,
            provenance="derived",
        ),
        _p(
            "enclave_capital_output_ratio",
            "yr",
            "capital / value added of Mexico's export assembly industries (WIOD SEA c14+c15; "
            "read when capital_basis > 0)",
            lower=0.1,
            provenance="derived",
        ),
        # migration stocks and flows
        _p("migrant_stock", "persons", "Mexican-born population in the United States"),
        _p(
            "migrant_stock_bachelor",
            "persons",
            "of which with a bachelor's degree only",
            provenance="derived",
        ),
        _p("migrant_stock_master", "persons", "of which with a master's degree"),
        _p("migrant_stock_phd", "persons", "of which with a doctorate"),
        _p(
            "upper_secondary_share_non_tertiary",
            "1",
            "share of non-tertiary migrants who completed upper secondary school",
            **_SHARE,
            provenance="assumed",
        ),
        _p("emigration_per_year", "persons/yr", "gross migration from Mexico to the US"),
        _p(
            "returns_per_year",
            "persons/yr",
            "gross return migration of Mexican-born persons from the US to Mexico (their "
            "US-born children, who carry no Mexican formation cost, excluded)",
            provenance="derived",
        ),
        _p(
            "skilled_emigration_per_year",
            "persons/yr",
            "gross emigration of people with a bachelor's degree or more",
            provenance="derived",
        ),
        _p(
            "skilled_returnee_share",
            "1",
            "share of returnees with a bachelor's degree or more",
            **_SHARE,
        ),
        _p(
            "skilled_emigration_master_share",
            "1",
            "share of skilled emigrants holding a master's degree",
            **_SHARE,
            provenance="derived",
        ),
        _p(
            "skilled_emigration_phd_share",
            "1",
            "share of skilled emigrants holding a doctorate",
            **_SHARE,
            provenance="derived",
        ),
        # education and reproduction costs
        _p("years_primary", "yr", "years of primary school"),
        _p("years_lower_secondary", "yr", "years of lower secondary school"),
        _p("years_upper_secondary", "yr", "years of upper secondary school"),
        _p("years_bachelor", "yr", "years of a bachelor's degree"),
        _p("years_master", "yr", "years of a master's degree"),
        _p("years_phd", "yr", "years of a doctorate"),
        _p(
            "cost_per_student_primary",
            "USD/yr",
            "spending per primary student-year (public + private), market exchange rates",
            provenance="derived",
        ),
        _p(
            "cost_per_student_secondary",
            "USD/yr",
            "spending per secondary student-year",
            provenance="derived",
        ),
        _p(
            "cost_per_student_tertiary",
            "USD/yr",
            "spending per tertiary student-year",
            provenance="derived",
        ),
        _p("childhood_years", "yr", "years of childhood whose reproduction cost is counted"),
        _p(
            "us_childhood_cost_per_year",
            "USD/yr",
            "US middle-income cost of raising a child "
            "per year (scaled to Mexico by the wage ratio)",
            provenance="derived",
        ),
        _p("remittances", "USD/yr", "remittances received by Mexico"),
        _p(
            "skilled_at_qualification_bachelor",
            "1",
            "share of bachelor-level migrants working at their qualification",
            **_SHARE,
            provenance="derived",
        ),
        _p(
            "skilled_at_qualification_postgraduate",
            "1",
            "share of postgraduate migrants working at their qualification",
            **_SHARE,
        ),
        # where the formation took place (model.md, direct labour export)
        _p(
            "child_arrival_share",
            "1",
            "share of Mexican-born migrants (stock and flows) who arrived in the US before "
            "adulthood (childhood_years)",
            **_SHARE,
            provenance="assumed",
        ),
        _p(
            "child_arrival_age",
            "yr",
            "mean age at arrival of the migrants who arrived as children",
            provenance="assumed",
        ),
        _p(
            "postgraduate_us_trained_share",
            "1",
            "share of postgraduate migrants who took their postgraduate degree in the US",
            **_SHARE,
        ),
        _p(
            "formation_where_trained",
            "1",
            "formation-cost convention: 0 = every migrant carries the full Mexican formation "
            "cost of their level (Delgado Wise); 1 = only the formation that took place in "
            "Mexico (child arrivals' Mexican years, no US-taken postgraduate stage)",
            **_SHARE,
            provenance="convention",
            use="convention",
            options=(
                (0.0, "full Mexican formation for every migrant"),
                (1.0, "only formation that took place in Mexico"),
            ),
        ),
        # the stock's formation cost against the stock's remittances
        _p(
            "discount_rate",
            "1/yr",
            "real discount rate at which the stock's formation cost is amortised over a "
            "working life",
            **_SHARE,
            provenance="convention",
            use="convention",
            options=((0.0, "undiscounted"), (0.03, "3 % a year"), (0.05, "5 % a year")),
        ),
        _p(
            "working_life_years",
            "yr",
            "working life over which a migrant's formation cost is amortised",
            lower=1.0,
            provenance="assumed",
        ),
        _p("migrant_workforce_share", "1", "Mexican-born share of the US workforce", **_SHARE),
        _p(
            "migrant_wage_premium",
            "1",
            "wage of a Mexican migrant in the US / wage of the same worker in Mexico",
            lower_open=True,
            provenance="derived",
        ),
        # dynamics (ue.simulate; the static accounts ignore them)
        _p(
            "accumulation_share_mx",
            "1",
            "share of Mexican profits net of the drain that is accumulated",
            **_SHARE,
            **_FIT_DYN,
        ),
        _p(
            "accumulation_share_us",
            "1",
            "share of US profits plus the drain received that is accumulated",
            **_SHARE,
            **_FIT_DYN,
        ),
        _p(
            "depreciation_mx",
            "1/yr",
            "depreciation rate of the Mexican capital stock",
            **_SHARE,
            **_DYN,
        ),
        _p(
            "depreciation_us",
            "1/yr",
            "depreciation rate of the US capital stock",
            **_SHARE,
            **_DYN,
        ),
        _p(
            "formal_job_elasticity",
            "1",
            "elasticity of non-enclave jobs to Mexican output",
            **_FIT_DYN,
        ),
        _p("enclave_job_elasticity", "1", "elasticity of enclave jobs to US output", **_FIT_DYN),
        _p(
            "labour_force_entrants",
            "persons/yr",
            "net entrants to the Mexican labour force",
            **_DER_DYN,
        ),
        _p(
            "emigration_propensity",
            "1",
            "emigration share of the year's excess labour at the 1990 "
            "wage gap and normal US job growth, before the cap at 1",
            **_FIT_DYN,
        ),
        _p(
            "emigration_wage_elasticity",
            "1",
            "elasticity of the emigration share to the US/Mexico wage gap",
            provenance="assumed",
            role="dynamic",
        ),
        _p(
            "us_absorption_elasticity",
            "1",
            "response of emigration and remittances to US employment growth above its mean",
            **_FIT_DYN,
        ),
        _p(
            "return_rate",
            "1/yr",
            "share of the migrant stock returning each year (besides deportations)",
            **_SHARE,
            **_FIT_DYN,
        ),
        _p(
            "deportations",
            "persons/yr",
            "deportations to Mexico on top of the historical path (use [[shocks]] to set years)",
            provenance="assumed",
            role="dynamic",
            use="lever",
        ),
        _p(
            "informal_share",
            "1",
            "share of the labour reserve in informality (the rest is unemployed)",
            **_SHARE,
            **_DER_DYN,
        ),
        # graduates, their domestic absorption and skilled emigration by level
        *(
            _p(
                f"graduates_{level}",
                "persons/yr",
                f"{label} graduates of Mexican institutions in 2011",
                provenance="fitted",
                role="initial",
            )
            for level, label in _LEVELS
        ),
        *(
            _p(
                f"graduate_growth_{level}",
                "1/yr",
                f"annual growth rate of {label} graduates",
                lower=-0.5,
                upper=0.5,
                **_FIT_DYN,
            )
            for level, label in _LEVELS
        ),
        _p(
            "graduate_growth_projection",
            "1/yr",
            "annual growth rate of graduates of every level after the last observed year",
            lower=-0.5,
            upper=0.5,
            **_DER_DYN,
        ),
        _p(
            "professional_jobs",
            "persons",
            "employed graduates in professional occupations in Mexico in 2011",
            provenance="derived",
            role="initial",
        ),
        _p(
            "professional_job_elasticity",
            "1",
            "elasticity of professional positions to Mexican output",
            **_FIT_DYN,
        ),
        _p(
            "professional_exit_rate",
            "1/yr",
            "share of professional positions vacated each year by retirement",
            **_SHARE,
            provenance="assumed",
            role="dynamic",
        ),
        *(
            _p(
                f"skilled_emigration_propensity_{level}",
                "1",
                f"emigration share of unabsorbed {label} graduates at the 1990 wage gap "
                "and normal US job growth, before the cap at 1",
                **_FIT_DYN,
            )
            for level, label in _LEVELS
        ),
        _p(
            "skilled_return_rate",
            "1/yr",
            "share of the skilled migrant stock returning each year",
            **_SHARE,
            **_DER_DYN,
        ),
        _p(
            "skilled_stock_1990",
            "persons",
            "college-educated Mexican-born in the US in 1990",
            provenance="derived",
            role="initial",
        ),
        _p(
            "remittance_per_migrant",
            "USD/yr",
            "remittances per Mexican-born person in the US at normal US job growth",
            **_FIT_DYN,
        ),
        # domestic innovation capacity (researchers) and patents
        _p("research_spending_share", "1", "Mexican R&D spending / GDP", **_SHARE, **_DER_DYN),
        _p(
            "researcher_exit_rate",
            "1/yr",
            "share of researchers leaving research each year",
            **_SHARE,
            provenance="assumed",
            role="dynamic",
        ),
        _p(
            "researchers_1990",
            "persons",
            "national researchers (SNI) in 1990",
            provenance="fitted",
            role="initial",
        ),
        _p(
            "researchers_per_research_dollar",
            "persons/USD",
            "new research positions per USD of R&D spending",
            **_FIT_DYN,
        ),
        _p(
            "researchers_lost_per_skilled_emigrant",
            "1",
            "research capacity lost per net skilled emigrant",
            **_FIT_DYN,
        ),
        _p(
            "patents_per_researcher",
            "1/yr",
            "patent applications by residents per researcher",
            **_FIT_DYN,
        ),
        _p(
            "foreign_patents_per_enclave_dollar",
            "1/USD",
            "non-resident patent applications per USD of enclave output",
            **_FIT_DYN,
        ),
    ]
}


# Every set below is generated from the records: nothing is listed twice.
#: valuation conventions: how hours are counted changes what a quantity is *worth*, never a
#: real quantity, so it is a scenario to compare, not an uncertain input to draw (model.md §4)
#: every convention (compared as scenarios, never drawn)
CONVENTIONS = frozenset(k for k, p in PARAMETERS.items() if p.use == "convention")
#: the conventions that change no real quantity (how the same economy is valued)
VALUATION_CONVENTIONS = frozenset(k for k in CONVENTIONS if not PARAMETERS[k].measurement)
#: policy or scenario knobs (shocks, scenarios), not drawn in sensitivity samples by default
LEVERS = frozenset(k for k, p in PARAMETERS.items() if p.use == "lever")
#: the uncertain inputs: the default set of a sensitivity analysis (where their range is wide)
UNCERTAIN = frozenset(k for k, p in PARAMETERS.items() if p.use == "uncertain")
#: used only by ue.simulate; the static accounts ignore them
DYNAMIC_ONLY = frozenset(k for k, p in PARAMETERS.items() if p.role in ("dynamic", "initial"))
#: initial conditions of the dynamics, read only in the first year (shocking them changes nothing)
INITIAL_ONLY = frozenset(k for k, p in PARAMETERS.items() if p.role == "initial")
#: static parameters read only when a convention is away from 0: {parameter: convention}
READ_UNDER_CONVENTION = {
    "mx_export_hours_share": "pool_basis",
    "us_export_hours_share": "pool_basis",
    "mx_productive_capital_output_ratio": "capital_basis",
    "us_productive_capital_output_ratio": "capital_basis",
    "enclave_capital_output_ratio": "capital_basis",
}
#: parameters fitted by least squares in the calibration
FITTED = frozenset(k for k, p in PARAMETERS.items() if p.provenance == "fitted")


def parameters_where(**fields: str) -> tuple[str, ...]:
    """Names of the parameters whose record matches every ``field=value`` (registry order).

    Parameters
    ----------
    **fields : str
        Field names of :class:`Parameter` (``provenance``, ``role``, ``use``, ``units``)
        with the value wanted.

    Returns
    -------
    tuple of str

    Raises
    ------
    ParameterError
        If a field name is not one of :class:`Parameter`'s.

    Examples
    --------
    >>> from unequal_exchange.model.mexico_us.parameters import parameters_where
    >>> parameters_where(use="convention")
    ('hours_weighting', 'pool_basis', 'capital_basis', 'formation_where_trained', 'discount_rate')
    """
    known = Parameter.__dataclass_fields__
    bad = [k for k in fields if k not in known]
    if bad:
        raise ParameterError(
            [f"unknown parameter field {k!r}{did_you_mean(k, known)}" for k in bad]
        )
    return tuple(
        k for k, p in PARAMETERS.items() if all(getattr(p, f) == v for f, v in fields.items())
    )


def check_parameters(
    values: Mapping[str, object], *, complete: bool = True, cross: bool = True
) -> list[str]:
    """Every problem with ``values``: unknown or missing names, values that are not numbers or
    lie outside their domain, and (``cross``) violated relations between parameters.

    Values may be numbers, numpy scalars or arrays (a sweep axis); strings and booleans are
    refused, not converted. The relations between parameters are listed in :data:`RELATIONS`;
    one whose parameters are not all in ``values`` is skipped.
    """
    problems = []
    for name in values:
        if name not in PARAMETERS:
            problems.append(f"unknown parameter {name!r}{did_you_mean(name, PARAMETERS)}")
    if complete:
        for name in PARAMETERS:
            if name not in values:
                problems.append(f"missing parameter {name!r}")
    numeric = {}
    for name, value in values.items():
        spec = PARAMETERS.get(name)
        if spec is None:
            continue
        arr = _as_number(value)
        if arr is None:
            problems.append(
                f"{name} must be a number ({spec.units}), got {type(value).__name__} "
                f"{_shown(value)}"
            )
            continue
        inside = spec.contains(arr)
        if not np.all(inside):
            bad = arr[~inside] if arr.ndim else arr
            shown = np.atleast_1d(bad)[:3].tolist()
            problems.append(
                f"{name} = {shown if arr.ndim else float(arr):} is outside its domain "
                f"{spec.domain()} ({spec.units}: {spec.description})"
            )
        elif spec.switch and not np.all(np.isin(arr, [v for v, _ in spec.options])):
            choices = "; ".join(f"{v:g} = {label}" for v, label in spec.options)
            got = f"{float(arr):g}" if arr.ndim == 0 else str(np.atleast_1d(arr)[:3].tolist())
            problems.append(
                f"{name} is a switch between two conventions: give {choices} (got {got})"
            )
        numeric[name] = arr
    return problems + (_cross_checks(numeric) if cross else [])


def _as_number(value) -> np.ndarray | None:
    """``value`` as a float array, or None if it is not a number (strings and bools are not)."""
    if isinstance(value, (str, bytes, bool, np.bool_)):
        return None
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        return None
    if raw.dtype.kind not in "iuf" and raw.dtype.kind != "O":
        return None  # booleans, strings, complex, dates
    if raw.dtype.kind == "O" and any(
        isinstance(v, (str, bytes, bool, np.bool_)) for v in raw.ravel().tolist()
    ):
        return None
    try:
        return np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _shown(value) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _sum(values, *names):
    return sum(np.asarray(values[k]) for k in names)


# Relations that a consistent parameter set satisfies: (parameters involved, test that holds
# when the set is consistent, what is wrong otherwise). Checked by check_parameters on every
# complete set (a scenario, Scenario.with_parameters); a sweep varies one parameter at a time
# inside the kernels, where a point breaking a relation gets a non-viable status instead.
_DEGREES = ("migrant_stock_bachelor", "migrant_stock_master", "migrant_stock_phd")
_ENCLAVE_EXPORTS = ("enclave_output_per_hour", "immex_employment", "mx_hours_per_worker")
RELATIONS = (
    (
        ("immex_employment", "mx_employment"),
        lambda v: v["immex_employment"] < v["mx_employment"],
        "immex_employment must be below mx_employment (the enclaves are part of Mexican "
        "employment)",
    ),
    *(
        (
            (f"{enclave}_import_content", "enclave_domestic_input_share"),
            lambda v, e=enclave: _sum(v, f"{e}_import_content", "enclave_domestic_input_share") < 1,
            f"{enclave}_import_content + enclave_domestic_input_share must be below 1 (value "
            "added must be positive)",
        )
        for enclave in ("maquila", "hidden_maquila")
    ),
    (
        ("skilled_emigration_master_share", "skilled_emigration_phd_share"),
        lambda v: _sum(v, "skilled_emigration_master_share", "skilled_emigration_phd_share") <= 1,
        "skilled_emigration_master_share + skilled_emigration_phd_share must not exceed 1",
    ),
    (
        ("migrant_stock", *_DEGREES),
        lambda v: _sum(v, *_DEGREES) <= v["migrant_stock"],
        "migrant_stock_bachelor + migrant_stock_master + migrant_stock_phd must not exceed "
        "migrant_stock (the stocks by degree are part of the Mexican-born population)",
    ),
    (
        ("skilled_emigration_per_year", "emigration_per_year"),
        lambda v: v["skilled_emigration_per_year"] <= v["emigration_per_year"],
        "skilled_emigration_per_year must not exceed emigration_per_year (skilled emigrants "
        "are part of all emigrants)",
    ),
    (
        ("returns_per_year", "migrant_stock"),
        lambda v: v["returns_per_year"] <= 0.1 * v["migrant_stock"],
        "returns_per_year must not exceed a tenth of migrant_stock per year (returnees come "
        "from the migrant stock; returns have been 1–4 % of it a year, 506,000 of ≈12 M at "
        "the 2008–2010 peak)",
    ),
    (
        ("child_arrival_age", "childhood_years"),
        lambda v: v["child_arrival_age"] <= v["childhood_years"],
        "child_arrival_age must not exceed childhood_years (child arrivals came before adulthood)",
    ),
    (
        ("remittances", "migrant_stock"),
        lambda v: (v["remittances"] == 0) | (v["migrant_stock"] > 0),
        "remittances need migrants: with migrant_stock = 0 set remittances to 0",
    ),
    (
        ("graduates_master", "graduates_bachelor"),
        lambda v: v["graduates_master"] <= v["graduates_bachelor"],
        "graduates_master must not exceed graduates_bachelor (a master's follows a bachelor's)",
    ),
    (
        ("graduates_phd", "graduates_master"),
        lambda v: v["graduates_phd"] <= v["graduates_master"],
        "graduates_phd must not exceed graduates_master (a doctorate follows a master's)",
    ),
    (
        ("professional_jobs", "mx_employment"),
        lambda v: v["professional_jobs"] <= v["mx_employment"],
        "professional_jobs must not exceed mx_employment",
    ),
    (
        ("mx_exports_to_us", *_ENCLAVE_EXPORTS),
        lambda v: (
            np.prod([np.asarray(v[k]) for k in _ENCLAVE_EXPORTS], axis=0) <= v["mx_exports_to_us"]
        ),
        "enclave exports (enclave_output_per_hour × immex_employment × mx_hours_per_worker) "
        "must not exceed mx_exports_to_us (the enclaves export all their output to the US)",
    ),
    # plausible magnitudes between parameters (a typo of a few zeros is an error, not a result)
    (
        ("remittances", "mx_gdp"),
        lambda v: v["remittances"] < v["mx_gdp"],
        "remittances must be below mx_gdp (they have been 2–4 % of Mexican GDP)",
    ),
    (
        ("mx_exports_to_us", "mx_gdp"),
        lambda v: v["mx_exports_to_us"] < v["mx_gdp"],
        "mx_exports_to_us must be below mx_gdp (Mexico's exports to the US have been 20–35 % "
        "of its GDP)",
    ),
    (
        ("us_manufacturing_wage", "us_employment", "us_hours_per_worker", "us_gdp"),
        lambda v: (
            v["us_manufacturing_wage"] * v["us_employment"] * v["us_hours_per_worker"] < v["us_gdp"]
        ),
        "us_gdp must exceed the US wage bill at the manufacturing wage (us_manufacturing_wage × "
        "us_employment × us_hours_per_worker): check the units of us_gdp (USD/yr)",
    ),
    (
        ("labour_force_entrants", "mx_employment"),
        lambda v: v["labour_force_entrants"] <= 0.1 * v["mx_employment"],
        "labour_force_entrants must not exceed a tenth of mx_employment per year (Mexico's net "
        "entrants have been 2–3 % of employment)",
    ),
)


def _cross_checks(values: Mapping[str, np.ndarray]) -> list[str]:
    out = []
    for names, holds, message in RELATIONS:
        if not all(k in values for k in names):
            continue
        with np.errstate(all="ignore"):
            ok = np.asarray(holds(values))
        if not np.all(ok):
            where = "" if ok.ndim == 0 else f" (at {int((~ok).sum())} of {ok.size} points)"
            shown = ", ".join(f"{k} = {_fmt(values[k])}" for k in names)
            out.append(f"{message}; got {shown}{where}")
    return out


def inconsistent_points(values: Mapping[str, object]) -> np.ndarray:
    """Per point (values broadcast together), True where a relation of :data:`RELATIONS` fails.

    For vectorised evaluations (sensitivity samples, sweeps) that vary parameters point by
    point: such a point should be reported as non-viable rather than raise for the whole set.
    """
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in values.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
    bad = np.zeros(shape, dtype=bool)
    for names, holds, _ in RELATIONS:
        if all(k in arrays for k in names):
            with np.errstate(all="ignore"):
                bad |= ~np.asarray(holds(arrays), dtype=bool)
    return bad


def _fmt(value) -> str:
    arr = np.asarray(value)
    return f"{float(arr):,.6g}" if arr.ndim == 0 else f"array of {arr.size}"


def validate_parameters(values: Mapping[str, object], *, complete: bool = True) -> None:
    """Raise one :class:`ParameterError` listing every problem, or return quietly."""
    problems = check_parameters(values, complete=complete)
    if problems:
        raise ParameterError(problems)
