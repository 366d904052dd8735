"""Derive every model parameter from the sourced figures: the arithmetic lives here, as code.

Each function returns :class:`Derived` values (value, plausible low/high, source ids, how it was
derived). Ranges propagate the rows' low/high through the same formula (monotone formulas are
evaluated at the corresponding ends).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model.mexico_us import io_accounts
from .data import figure, pwt
from .wiod import wiod_system

YEAR = 2011  # calibration year of the baseline


@dataclass(frozen=True)
class Derived:
    """A parameter value with its plausible range, sources and derivation."""

    value: float
    low: float
    high: float
    sources: tuple[str, ...]
    how: str


def _row(fig_id: str, scale: float = 1.0, how: str = "") -> Derived:
    f = figure(fig_id)
    return Derived(
        f.value * scale,
        f.low * scale,
        f.high * scale,
        (fig_id,),
        how or f"{f.name} ({f.unit}, {f.year})",
    )


def _pwt(iso: str, var: str, year: int = YEAR) -> float:
    return pwt()[(iso, year)][var]


def nominal_gdp_usd(iso: str, year: int = YEAR) -> float:
    """GDP at current prices and exchange rates: cgdpo (mil. 2017 PPP USD) × pl_gdpo × 1e6."""
    return _pwt(iso, "cgdpo", year) * _pwt(iso, "pl_gdpo", year) * 1e6


def ppp_over_exchange_rate(year: int = YEAR) -> float:
    """Mexican price level relative to the US: (MXN per PPP dollar) / (MXN per USD)."""
    return _pwt("MEX", "pl_gdpo", year) / _pwt("USA", "pl_gdpo", year)


def _within(value: float, pct: float, sources, how) -> Derived:
    return Derived(value, value * (1 - pct), value * (1 + pct), tuple(sources), how)


def observed() -> dict[str, Derived]:
    """Every parameter that is observed or derived from observations (not the fitted ones).

    The steps run in a fixed order, which is the order of the calibration's parameters (and of
    the columns of a default sensitivity sample)."""
    d: dict[str, Derived] = {}
    for step in (
        _employment_and_hours,
        _national_accounts,
        _wages_and_trade,
        _migration,
        _schooling,
        _reproduction_and_remittances,
        _input_output,
    ):
        d.update(step())
    return d


def _employment_and_hours() -> dict[str, Derived]:
    """Employment and hours (PWT) and the IMMEX enclaves' employment and composition."""
    d: dict[str, Derived] = {}
    y = YEAR
    d["us_employment"] = _row(f"D_emp_usa_{y}", 1e6, "PWT emp × 1e6")
    d["us_hours_per_worker"] = _row(f"D_avh_usa_{y}")
    d["mx_employment"] = _row(f"D_emp_mex_{y}", 1e6, "PWT emp × 1e6")
    d["mx_hours_per_worker"] = _row(f"D_avh_mex_{y}", how="PWT 10.01 avh (PWT 11.0: ~1,611)")
    d["immex_employment"] = _row(f"M2_immex_mfg_emp_dec{y}")
    transport = figure("M3_immex_share_transport_equipment_2017")
    electronics = figure("M3_immex_share_electronics_2017")
    d["hidden_maquila_share"] = Derived(
        transport.value + electronics.value,
        transport.low + electronics.low,
        transport.high + electronics.high,
        (transport.id, electronics.id),
        "IMMEX employment share of transport equipment + electronics (2017)",
    )
    return d


def _national_accounts() -> dict[str, Derived]:
    """GDP, labour shares and capital–output ratios of both countries (PWT 10.01)."""
    d: dict[str, Derived] = {}
    y = YEAR
    for iso, name in (("USA", "us"), ("MEX", "mx")):
        low_iso = iso.lower()
        d[f"{name}_gdp"] = _within(
            nominal_gdp_usd(iso),
            0.03,
            (f"D_cgdpo_{low_iso}_{y}", f"D_pl_gdpo_{low_iso}_{y}"),
            "PWT cgdpo × pl_gdpo × 1e6; range ±3 % (revisions)",
        )
        d[f"{name}_labour_share"] = _row(f"D_labsh_{low_iso}_{y}")
        d[f"{name}_capital_output_ratio"] = _within(
            _pwt(iso, "cn") / _pwt(iso, "cgdpo"),
            0.15,
            (f"D_cn_{low_iso}_{y}", f"D_cgdpo_{low_iso}_{y}"),
            "PWT cn / cgdpo (current PPP); range ±15 % covers rnna/rgdpna",
        )
    return d


def _wages_and_trade() -> dict[str, Derived]:
    """Wages, the enclaves' input structure and ownership, bilateral trade, the hours convention."""
    d: dict[str, Derived] = {}
    y = YEAR
    d["us_manufacturing_wage"] = _row(f"W1_us_mfg_comp_{y}")
    d["maquila_wage_ratio"] = _row("W5_maquila_wage_ratio")
    d["hidden_maquila_wage_ratio"] = _row("W6_hidden_maquila_wage_ratio")
    d["maquila_import_content"] = _row("M5_import_content_maquila")
    d["hidden_maquila_import_content"] = _row("M5_import_content_hidden_maquila")
    # domestic inputs are a share δ of all inputs, imported inputs m of output: δ/(1 − δ)·m
    delta, m = figure("M14_domestic_share_of_maquila_inputs"), figure("M5_import_content_maquila")
    d["enclave_domestic_input_share"] = Derived(
        delta.value / (1 - delta.value) * m.value,
        delta.low / (1 - delta.low) * m.value,
        delta.high / (1 - delta.high) * m.value,
        (delta.id, m.id),
        "domestic share δ of maquila inputs, as a share of output: δ/(1 − δ) × import content",
    )
    d["enclave_foreign_ownership"] = _row("M9_maquila_foreign_ownership_share")
    d["mx_exports_to_us"] = _row(
        "T1_us_goods_imports_from_mx_2011", 1e6, "US goods imports from Mexico × 1e6"
    )
    d["us_exports_to_mx"] = _row(
        "T1_us_goods_exports_to_mx_2011", 1e6, "US goods exports to Mexico × 1e6"
    )
    return d


def _migration() -> dict[str, Derived]:
    """Migrant stocks and flows by education, and the skilled emigration shares."""
    d: dict[str, Derived] = {}
    y = YEAR
    d["migrant_stock"] = _row(f"G1_mx_born_us_{y}")
    ma, phd = figure("G4_mx_masters_us_2011"), figure("G4_mx_phd_us_2011")
    college = figure("G5_mx_college_educated_us_2010")
    d["migrant_stock_master"] = _row(ma.id)
    d["migrant_stock_phd"] = _row(phd.id)
    d["migrant_stock_bachelor"] = Derived(
        college.value - ma.value - phd.value,
        college.low - ma.high - phd.high,
        college.high - ma.low - phd.low,
        (college.id, ma.id, phd.id),
        "college-educated (2010) minus master's and PhDs (2011)",
    )
    d["upper_secondary_share_non_tertiary"] = Derived(
        0.5,
        0.3,
        0.7,
        (),
        "assumption (no sourced split found; ACS table S0506 would give it): half of "
        "non-tertiary migrants completed upper secondary; wide range for sensitivity",
    )
    inflow = figure("G3_mx_to_us_inflow_2005_2010")
    d["emigration_per_year"] = _row(inflow.id, 1 / 5, "2005–2010 inflow / 5 years")
    d["returns_per_year"] = mexican_born_returns()
    back = d["returns_per_year"]
    share = figure("G7_skilled_share_of_returnees_2005_2010")
    d["skilled_returnee_share"] = _row(share.id)
    old = figure("G5_mx_college_educated_us_2000")
    growth = (college.value - old.value) / 10
    d["skilled_emigration_per_year"] = Derived(
        growth + share.value * back.value,
        (college.low - old.high) / 10 + share.low * back.low,
        (college.high - old.low) / 10 + share.high * back.high,
        (college.id, old.id, share.id, *back.sources),
        "net growth of the college-educated stock 2000–2010 per year + skilled returns per year",
    )
    for level, row in (("master", ma), ("phd", phd)):
        d[f"skilled_emigration_{level}_share"] = Derived(
            row.value / college.value,
            row.low / college.high,
            row.high / college.low,
            (row.id, college.id),
            f"the {level} share of the college-educated stock (2011 / 2010): the flow is "
            "assumed composed like the stock (steady state)",
        )
    return d


def mexican_born_returns() -> Derived:
    """Mexican-born returns per year: Pew's 2005–2010 US → Mexico migrants less the US-born
    children among them (who carry no Mexican formation cost home), over 5 years."""
    total, children = (
        figure("G3_us_to_mx_return_2005_2010"),
        figure("G3_us_born_children_in_returns_2005_2010"),
    )
    return Derived(
        (total.value - children.value) / 5,
        (total.low - children.high) / 5,
        (total.high - children.low) / 5,
        (total.id, children.id),
        "(2005–2010 US → Mexico migrants − the US-born children among them) / 5 years",
    )


def bachelor_at_qualification(professionals: float | None = None) -> Derived:
    """Share of bachelor-level migrants in professional or managerial jobs, from the paper's
    54.7 % (all with a degree, ``professionals`` of them: 1.1 M including associate degrees)
    and 74.3 % (postgraduates, 141,053): (0.547·B − 0.743·PG) / (B − PG).

    The paper gives no bachelor's-only figure; the base of its 54.7 % is taken to be its own
    1.1 M (``professionals`` overrides it, e.g. 530,000 BA+ of G5 gives 47.6 %). The range
    runs the formula, monotone in every input, from the paper's ranges and the base's
    (530,000–1.2 M)."""
    every, post = (
        figure("G6_skilled_at_qualification_ba_plus"),
        figure("G6_skilled_at_qualification_postgrad"),
    )
    base, ma, phd = (
        figure("G4_mx_professionals_us_2011"),
        figure("G4_mx_masters_us_2011"),
        figure("G4_mx_phd_us_2011"),
    )

    def share(a, c, b, pg):
        return (a * b - c * pg) / (b - pg)

    b = base.value if professionals is None else professionals
    return Derived(
        share(every.value, post.value, b, ma.value + phd.value),
        share(every.low, post.high, base.low, ma.high + phd.high),
        share(every.high, post.low, base.high, ma.low + phd.low),
        (every.id, post.id, base.id, ma.id, phd.id),
        "(0.547 × 1.1 M − 0.743 × postgraduates) / (1.1 M − postgraduates): the paper's "
        "share for every degree holder (incl. associate degrees) less its postgraduates",
    )


def _schooling() -> dict[str, Derived]:
    """Years of schooling and spending per student-year (EAG 2015, at 2012 market rates)."""
    d: dict[str, Derived] = {}
    for level, fid in (
        ("primary", "E5_years_primary"),
        ("lower_secondary", "E5_years_lower_secondary"),
        ("upper_secondary", "E5_years_upper_secondary"),
        ("bachelor", "E5_years_bachelor"),
        ("master", "E5_years_master"),
        ("phd", "E5_years_phd"),
    ):
        d[f"years_{level}"] = _row(fid)
    ratio = ppp_over_exchange_rate(2012)  # the spending data are for 2012
    for stage, fid in (
        ("primary", "E2_spend_per_student_primary_2012"),
        ("secondary", "E2_spend_per_student_secondary_2012"),
        ("tertiary", "E2_spend_per_student_tertiary_2012"),
    ):
        d[f"cost_per_student_{stage}"] = _row(
            fid, ratio, f"USD PPP (EAG 2015, 2012 data) × 2012 PPP/exchange rate ({ratio:.3f}, PWT)"
        )
    return d


def _reproduction_and_remittances() -> dict[str, Derived]:
    """Childhood costs, remittances, migrants' work at their qualification, wage premium."""
    d: dict[str, Derived] = {}
    y = YEAR
    child = figure("E6_us_child_cost_to_17")
    d["childhood_years"] = Derived(18.0, 18.0, 18.0, (child.id,), "USDA: ages 0 to 17 inclusive")
    d["us_childhood_cost_per_year"] = _row(child.id, 1 / 18, "cost to age 17 / 18 years")
    d["remittances"] = _row(f"R1_remittances_{y}", 1e6, "Banxico remittances × 1e6")
    d["skilled_at_qualification_bachelor"] = bachelor_at_qualification()
    d["skilled_at_qualification_postgraduate"] = _row("G6_skilled_at_qualification_postgrad")
    d.update(_where_trained())
    d["migrant_workforce_share"] = _row(f"G8_mx_born_share_us_workforce_{y}")
    legal, undoc = figure("G2_mx_authorized_us_2011"), figure("G2_mx_unauthorized_us_2011")
    w_legal = figure("W7_us_mx_wage_ratio_legal_migrants")
    w_undoc = figure("W7_us_mx_wage_ratio_undocumented")
    weight = legal.value / (legal.value + undoc.value)
    d["migrant_wage_premium"] = Derived(
        weight * w_legal.value + (1 - weight) * w_undoc.value,
        weight * w_legal.low + (1 - weight) * w_undoc.low,
        weight * w_legal.high + (1 - weight) * w_undoc.high,
        (legal.id, undoc.id, w_legal.id, w_undoc.id),
        "US/Mexico wage ratio of legal and undocumented migrants, weighted by their stocks",
    )
    return d


def _where_trained() -> dict[str, Derived]:
    """Where the migrants' formation took place, and the stock's amortisation (model.md §5)."""
    d: dict[str, Derived] = {}
    d["child_arrival_share"] = Derived(
        0.25,
        0.15,
        0.35,
        (),
        "assumption (no sourced age-at-arrival split found; IPUMS ACS YRIMMIG and AGE would "
        "give it): a quarter of the Mexican-born arrived before 18; wide range",
    )
    d["child_arrival_age"] = Derived(
        10.0,
        6.0,
        14.0,
        (),
        "assumption: mean age at arrival of child arrivals (9 if arrivals were uniform over "
        "0–17; most apprehended minors are teenagers); wide range",
    )
    d["postgraduate_us_trained_share"] = _row("G7_us_trained_share_mx_postgrads")
    d["formation_where_trained"] = Derived(
        1.0, 0.0, 1.0, (), "convention: only formation that took place in Mexico (both reported)"
    )
    d["discount_rate"] = Derived(
        0.03,
        0.0,
        0.05,
        (),
        "convention: 3 % a year (OMB Circular A-4, 2003); 0 and 5 % reported beside it",
    )
    d["working_life_years"] = Derived(
        40.0, 35.0, 45.0, (), "assumption: a working life of 40 years (ages 20–60 or 25–65)"
    )
    return d


# ---- the WIOD input–output accounts: traded pools and productive capital (issues 12, 13)

#: WIOD table years of the pools: 2011 (the calibration year; MEX and USA hours extrapolated
#: from the 2009 SEA by the loader's stated rule) is the value, 2009 (the last year with
#: observed hours) the other end of the range
POOL_YEARS = (2011, 2009)
#: the last year with SEA capital stocks for MEX and USA
CAPITAL_YEAR = 2009
#: WIOD industries left out of productive capital: c29 real estate (dwellings) and c31 public
#: administration and defence (public structures)
UNPRODUCTIVE = ("c29", "c31")
#: the enclaves' industries: c14 electrical and optical equipment, c15 transport equipment
ENCLAVE_INDUSTRIES = ("c14", "c15")


@lru_cache(maxsize=4)
def export_hours_shares(year: int) -> dict[str, float]:
    """Share of each country's hours embodied in its exports to the other (WIOD, two-country
    Leontief inverse, rest of the world exogenous): ``{"MEX": …, "USA": …}``.

    Examples
    --------
    >>> {k: round(v, 4) for k, v in export_hours_shares(2009).items()}
    {'MEX': 0.0987, 'USA': 0.0059}
    """
    s = wiod_system(year)
    embodied = io_accounts.embodied_hours(s)  # [exporter, worked in]
    return {
        c: float(embodied[k, k] / s.hours[s.country_of == c].sum())
        for k, c in enumerate(s.countries)
    }


@lru_cache(maxsize=1)
def capital_ratios(year: int = CAPITAL_YEAR) -> dict[str, float]:
    """SEA capital-stock ratios per country: productive share of the capital stock (without
    :data:`UNPRODUCTIVE`) and the enclave industries' K/VA over the economy's K/VA.

    Examples
    --------
    >>> {k: round(v, 3) for k, v in capital_ratios().items()}
    {'productive_share_MEX': 0.511, 'enclave_relative_MEX': 0.654, 'productive_share_USA': 0.417}
    """
    s = wiod_system(year)
    out = {}
    for c in ("MEX", "USA"):
        own = s.country_of == c
        k, va = s.capital[own], s.value_added[own]
        ind = np.array(s.industries)
        productive = ~np.isin(ind, UNPRODUCTIVE)
        out[f"productive_share_{c}"] = float(k[productive].sum() / k.sum())
        if c == "MEX":
            enc = np.isin(ind, ENCLAVE_INDUSTRIES)
            out["enclave_relative_MEX"] = float(
                (k[enc].sum() / va[enc].sum()) / (k.sum() / va.sum())
            )
    return out


def ppp_hours_weighting(year: int = YEAR) -> float:
    """The hours convention α at which Mexico's value created per hour relative to the US's
    equals their PPP GDP per hour: (y_MX / y_US)^α = PPP ratio, with y at market exchange rates.

    α = ln(PPP ratio) / ln(market ratio); both from PWT 10.01 (cgdpo, pl_gdpo, emp, avh).

    Examples
    --------
    >>> round(ppp_hours_weighting(), 4)
    0.7191
    """

    def per_hour(iso, market):
        r = pwt()[(iso, year)]
        gdp = r["cgdpo"] * (r["pl_gdpo"] if market else 1.0)
        return gdp / (r["emp"] * r["avh"])

    ppp = per_hour("MEX", False) / per_hour("USA", False)
    market = per_hour("MEX", True) / per_hour("USA", True)
    return float(np.log(ppp) / np.log(market))


def _input_output() -> dict[str, Derived]:
    """The traded pools and productive capital from the WIOD accounts, and the conventions."""
    d: dict[str, Derived] = {}
    shares = [export_hours_shares(y) for y in POOL_YEARS]
    for c, name in (("MEX", "mx"), ("USA", "us")):
        values = [s[c] for s in shares]
        d[f"{name}_export_hours_share"] = Derived(
            values[0],
            min(values),
            max(values),
            tuple(f"IO1_{name}_export_hours_share_{y}" for y in POOL_YEARS),
            f"WIOD {POOL_YEARS[0]} hours embodied in exports to the other country / all hours "
            f"(hours extrapolated from 2009); range to {POOL_YEARS[1]} (observed hours)",
        )
    cap = capital_ratios()
    y = YEAR
    for iso, name in (("MEX", "mx"), ("USA", "us")):
        low_iso = iso.lower()
        share = cap[f"productive_share_{iso}"]
        d[f"{name}_productive_capital_output_ratio"] = _within(
            _pwt(iso, "cn") / _pwt(iso, "cgdpo") * share,
            0.15,
            (
                f"D_cn_{low_iso}_{y}",
                f"D_cgdpo_{low_iso}_{y}",
                f"IO2_productive_capital_share_{name}",
            ),
            f"PWT cn / cgdpo × SEA {CAPITAL_YEAR} share of the capital stock outside real "
            "estate and public administration; range ±15 % as for cn",
        )
    d["enclave_capital_output_ratio"] = _within(
        _pwt("MEX", "cn") / _pwt("MEX", "cgdpo") * cap["enclave_relative_MEX"],
        0.15,
        (f"D_cn_mex_{y}", f"D_cgdpo_mex_{y}", "IO2_enclave_capital_intensity_relative_mx"),
        f"PWT cn / cgdpo × SEA {CAPITAL_YEAR} K/VA of c14+c15 over the Mexican K/VA; ±15 %",
    )
    alpha = ppp_hours_weighting()
    d["pool_basis"] = Derived(
        0.0, 0.0, 1.0, (), "convention: aggregate trade shares (the IO pools are the option 1)"
    )
    d["capital_basis"] = Derived(
        0.0, 0.0, 1.0, (), "convention: PWT cn, economy-wide (productive capital is option 1)"
    )
    d["hours_weighting"] = Derived(
        0.0,
        0.0,
        1.0,
        (),
        f"convention: equal hours (options 0, {alpha:.2f} = PPP GDP per hour, 1)",
    )
    return d
