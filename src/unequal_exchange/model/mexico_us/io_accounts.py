"""Mexico–US accounts on observed input–output data (a multi-country system, RoW exogenous).

The functions here receive arrays (an :class:`IOSystem`, built from WIOD by
:func:`unequal_exchange.calibration.wiod.wiod_system`) and read no files. Conventions (documented
in docs/model.md, "Accounts on the WIOD input–output tables"):

- **System and imports.** The system is the chosen countries' industries. Inputs bought from
  outside it are non-produced inputs: they carry no labour of the system and enter neither values
  nor prices of production (both are measured on the system's own costs).
- **Labour values** λ = (μ∘l)(I − A)⁻¹ with A = Z/x (USD per USD), l = hours per USD, μ the
  complexity of an hour under the reduction convention (1 for ``"simple"``).
- **Embodied hours** in the exports of country a: l∘(I − A)⁻¹e_a summed by the country where
  the hours are worked; e_a = a's intermediate and final deliveries to the other system countries.
- **Prices of production** (Emmanuel's value-wage closure of the engine, wages paid post factum):
  p = pA + ω∘l + r pB, ω_j = wage_j / MELT (value of labour power per hour, in hours),
  MELT = Σ value added (USD) / Σ μ∘hours; B[:, j] = g_c K_j / x_j, the fixed capital stock of
  industry j at current prices spread over goods in the proportions of its country's gross fixed
  capital formation bought from the system (c); total price = total value.
- **Complex labour.** ``"wage"``: μ_j = Σ_s h_sj w_s / w_low with w_s the national average hourly
  labour compensation of skill group s (low-skilled labour is simple labour in each country);
  ``"education"``: μ_s = 1 + (S_s − S_low) / (A_ret − A_entry − S_s), the schooling years beyond
  simple labour spread over the working life (Hilferding 1904); ``"simple"``: μ = 1.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import xarray as xr

from ...errors import InputError, InvariantError, NonViableError, did_you_mean
from ..engine._labels import attrs
from ..engine.economy import Economy, ReducibleEconomyWarning
from ..engine.general import labour_values
from ..engine.shapley import shapley
from ..engine.solve import solve

CONVENTIONS = ("simple", "wage", "education")
SKILLS = ("high", "medium", "low")
FACTORS = ("wage", "composition", "intensity")
WAGES = "post-factum"  # profit on the fixed capital stock only
NORMALIZATION = "total-price"


@dataclass(frozen=True)
class IOSystem:
    """Observed data of a multi-country input–output system for one year (USD millions).

    Attributes
    ----------
    year : int
    countries : tuple of str
        The system's countries, in block order.
    industries : tuple of str
        Industry codes (``c01`` …) of each block.
    country_of : ndarray of str, shape (n,)
        Country of each sector.
    z : ndarray, shape (n, n)
        Intermediate deliveries between system sectors (million USD).
    output : ndarray, shape (n,)
        Gross output (million USD).
    hours : ndarray, shape (n,)
        Hours worked by persons engaged (h).
    wage : ndarray, shape (n,)
        Labour compensation per hour (USD/h).
    capital : ndarray, shape (n,)
        Fixed capital stock at current prices (million USD).
    gfcf : ndarray, shape (n_countries, n)
        Gross fixed capital formation of each system country bought from each system sector.
    final : ndarray, shape (n, n_countries)
        Final demand for each system sector by each system country (million USD).
    value_added : ndarray, shape (n,)
        Gross value added at basic prices (million USD).
    outside_inputs : ndarray, shape (n,)
        Intermediate inputs bought from outside the system (million USD).
    foreign_inputs : ndarray, shape (n,)
        Intermediate inputs bought from any other country, system or not (million USD).
    skill_hours, skill_compensation : ndarray, shape (3, n)
        Shares of hours and of labour compensation of high-, medium- and low-skilled persons.
    attrs : dict
        Provenance (sources, exchange rates, extrapolations).
    """

    year: int
    countries: tuple[str, ...]
    industries: tuple[str, ...]
    country_of: np.ndarray
    z: np.ndarray
    output: np.ndarray
    hours: np.ndarray
    wage: np.ndarray
    capital: np.ndarray
    gfcf: np.ndarray
    final: np.ndarray
    value_added: np.ndarray
    outside_inputs: np.ndarray
    foreign_inputs: np.ndarray
    skill_hours: np.ndarray
    skill_compensation: np.ndarray
    attrs: dict = field(default_factory=dict)

    @property
    def sectors(self) -> list[str]:
        return [f"{c}_{i}" for c in self.countries for i in self.industries]

    @property
    def n(self) -> int:
        return self.output.shape[0]


def _safe_div(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def input_coefficients(z, output) -> np.ndarray:
    """A = Z / x column by column (a column of zeros where nothing is produced).

    Examples
    --------
    >>> input_coefficients([[1.0, 2.0], [3.0, 0.0]], [10.0, 0.0]).tolist()
    [[0.1, 0.0], [0.3, 0.0]]
    """
    return _safe_div(np.asarray(z, dtype=float), np.asarray(output, dtype=float)[None, :])


def leontief_inverse(a) -> np.ndarray:
    """(I − A)⁻¹."""
    a = np.asarray(a, dtype=float)
    return np.linalg.inv(np.eye(a.shape[0]) - a)


def exports(s: IOSystem) -> np.ndarray:
    """e[k, i]: deliveries (intermediate + final) of sector i to the system countries other than
    its own, counted when i belongs to country k (shape (n_countries, n))."""
    n_c = len(s.countries)
    out = np.zeros((n_c, s.n))
    for k, c in enumerate(s.countries):
        own = s.country_of == c
        to_others = s.z[:, ~own].sum(axis=1) + s.final[:, [j for j in range(n_c) if j != k]].sum(
            axis=1
        )
        out[k, own] = to_others[own]
    return out


def embodied_hours(s: IOSystem, labour_per_unit=None) -> np.ndarray:
    """H[a, c]: hours worked in country c embodied in the exports of country a.

    ``labour_per_unit`` defaults to hours per unit of output (h per million USD); pass μ∘l for
    embodied value in simple-labour hours.
    """
    l = _safe_div(s.hours, s.output) if labour_per_unit is None else labour_per_unit
    total = leontief_inverse(input_coefficients(s.z, s.output)) @ exports(s).T  # (n, n_c)
    h = l[:, None] * total
    return np.array(
        [[h[s.country_of == c, a].sum() for c in s.countries] for a in range(len(s.countries))]
    )


def complexity(
    s: IOSystem, convention: str, schooling: dict | None = None, hours_weighting: float = 0.0
) -> np.ndarray:
    """μ per sector under a reduction convention (``"simple"``, ``"wage"``, ``"education"``).

    ``schooling`` (for ``"education"``) maps ``years`` (high, medium, low schooling years),
    ``entry_age`` and ``exit_age`` (ages of starting school and of retirement).
    ``hours_weighting`` α ∈ [0, 1] multiplies μ by (y_j / ȳ)^α, y = value added per hour and ȳ
    the system's (the stylised model's hours convention; α = 0: every hour of a skill counts
    alike, α = 1: hours weighted by relative value added per hour).
    """
    mu = _reduction(s, convention, schooling)
    if hours_weighting == 0.0:
        return mu
    if not 0.0 <= hours_weighting <= 1.0:
        raise InputError(f"hours_weighting must be in [0, 1], got {hours_weighting!r}")
    y = _safe_div(s.value_added, s.hours)
    rel = np.where(s.hours > 0, y / (s.value_added.sum() / s.hours.sum()), 1.0)
    return mu * rel**hours_weighting


def _reduction(s: IOSystem, convention: str, schooling: dict | None) -> np.ndarray:
    if convention not in CONVENTIONS:
        raise InputError(
            f"unknown reduction convention {convention!r}{did_you_mean(convention, CONVENTIONS)};"
            f" choose one of {list(CONVENTIONS)}"
        )
    mu = np.ones(s.n)
    shares = s.skill_hours
    has = shares.sum(axis=0) > 0
    if convention == "simple":
        return mu
    if convention == "wage":
        for c in s.countries:
            sel = s.country_of == c
            lab = s.wage[sel] * s.hours[sel]
            w_s = _safe_div(
                (s.skill_compensation[:, sel] * lab).sum(axis=1),
                (shares[:, sel] * s.hours[sel]).sum(axis=1),
            )
            if w_s[2] <= 0:
                raise InputError(f"{c}: no low-skilled hours or pay; the wage reduction needs both")
            mu[sel] = (shares[:, sel] * (w_s / w_s[2])[:, None]).sum(axis=0)
    else:
        if schooling is None:
            raise InputError("the education convention needs schooling years and working ages")
        years = np.asarray(schooling["years"], dtype=float)
        working_life = schooling["exit_age"] - schooling["entry_age"] - years
        mu_s = 1.0 + (years - years[2]) / working_life
        mu = (shares * mu_s[:, None]).sum(axis=0)
    return np.where(has, mu / np.where(has, shares.sum(axis=0), 1.0), 1.0)


def melt(s: IOSystem, mu) -> float:
    """Monetary expression of labour time: Σ value added (USD) / Σ μ∘hours (USD per hour)."""
    return float(s.value_added.sum() * 1e6 / (mu * s.hours).sum())


def capital_factors(s: IOSystem) -> tuple[np.ndarray, np.ndarray]:
    """(G, K), both (n, m), with B = G Kᵀ (:func:`capital_matrix`): G[:, c] = g_c, the shares of
    country c's gross fixed capital formation bought from each system sector; K[j, c] = K_j / x_j
    for the sectors j of c, 0 elsewhere. B has rank at most m, the number of countries."""
    k = _safe_div(s.capital, s.output)
    g = np.zeros((s.n, len(s.countries)))
    kk = np.zeros_like(g)
    for ci, c in enumerate(s.countries):
        g[:, ci] = s.gfcf[ci] / s.gfcf[ci].sum()
        sel = s.country_of == c
        kk[sel, ci] = k[sel]
    return g, kk


def capital_matrix(s: IOSystem) -> np.ndarray:
    """B[i, j] = g_c[i] K_j / x_j: fixed capital per unit of output, by good (g_c: shares of
    country c's gross fixed capital formation bought from system sector i)."""
    b = np.zeros((s.n, s.n))
    k = _safe_div(s.capital, s.output)
    for ci, c in enumerate(s.countries):
        g = s.gfcf[ci] / s.gfcf[ci].sum()
        sel = s.country_of == c
        b[:, sel] = g[:, None] * k[sel][None, :]
    return b


def economy(
    s: IOSystem,
    convention: str = "simple",
    schooling: dict | None = None,
    hours_weighting: float = 0.0,
) -> Economy:
    """The engine :class:`Economy` of the system (value-wage closure, ω = wage / MELT).

    Industry c35 (private households with employed persons) is non-basic in WIOD (it neither
    supplies inputs nor buys capital goods), so the system is reducible; its price is still
    determined, and the engine's :class:`ReducibleEconomyWarning` is silenced here.
    """
    mu = complexity(s, convention, schooling, hours_weighting)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReducibleEconomyWarning)
        return Economy(
            inputs=input_coefficients(s.z, s.output),
            labour=_safe_div(s.hours, s.output),
            output=s.output,
            wage=s.wage / melt(s, mu),
            capital=capital_matrix(s),
            complexity=mu,
            sectors=s.sectors,
            countries=list(s.country_of),
        )


def _solve(e: Economy):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReducibleEconomyWarning)
        return solve(e, normalization=NORMALIZATION, wages=WAGES)


def _national_prices(s: IOSystem, e: Economy):
    """Prices of production with one profit rate per country: each country's own block, its
    own MELT (value wage = wage × Σ μ∘H / Σ VA of the country), national total price = national
    total value."""
    r = np.zeros(len(s.countries))
    p = np.zeros(s.n)
    for k, c in enumerate(s.countries):
        sel = np.flatnonzero(s.country_of == c)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReducibleEconomyWarning)
            sub = Economy(
                inputs=e.inputs[np.ix_(sel, sel)],
                labour=e.labour[sel],
                output=e.output[sel],
                wage=s.wage[sel]
                * (e.complexity[sel] @ s.hours[sel])
                / (s.value_added[sel].sum() * 1e6),
                capital=e.capital[np.ix_(sel, sel)],
                complexity=e.complexity[sel],
                sectors=[e.sectors[i] for i in sel],
            )
        ds = _solve(sub)
        r[k] = float(ds.profit_rate)
        p[sel] = ds.price.values
    return r, p


def trade_transfer(lam, price, ex) -> np.ndarray:
    """t[a, i]: value gained (+) by exporter a on sector i's exports, in hours.

    Prices are rescaled so that the total price of the traded product equals its total value
    (Σ_a p̂·e_a = Σ_a λ·e_a, as in the stylised accounts), so Σ t = 0:
    t = (p̂ − λ) ∘ e_a.

    Examples
    --------
    Two goods, each exported by one country; good 0 sells below its value:

    >>> trade_transfer([2.0, 1.0], [1.0, 2.0], [[1.0, 0.0], [0.0, 1.0]]).tolist()
    [[-0.5, 0.0], [0.0, 0.5]]
    """
    lam, price, ex = (np.asarray(v, dtype=float) for v in (lam, price, ex))
    pool = ex.sum(axis=0)
    scaled = price * (lam @ pool) / (price @ pool)
    return (scaled - lam)[None, :] * ex


def _total_import_content(s: IOSystem, a) -> np.ndarray:
    """m (I − A_dd)⁻¹ by country: foreign inputs per unit of output, direct and through the
    country's own intermediate inputs (A_dd: its domestic block)."""
    out = np.zeros(s.n)
    direct = _safe_div(s.foreign_inputs, s.output)
    for c in s.countries:
        sel = np.flatnonzero(s.country_of == c)
        out[sel] = direct[sel] @ leontief_inverse(a[np.ix_(sel, sel)])
    return out


def _levels_to_world(num, hours, codes, n_c) -> np.ndarray:
    """Per-sector multiplier bringing each country's Σnum/Σhours to the system's (the same rule
    as :func:`unequal_exchange.decompose`)."""
    world = num.sum() / hours.sum()
    mult = np.ones_like(num)
    for k in range(n_c):
        sel = codes == k
        level = num[sel].sum() / hours[sel].sum()
        if level <= 0:
            raise InputError("a country's level of a factor is zero; it cannot be switched off")
        mult[sel] = world / level
    return mult


def _switched(e: Economy, off: frozenset, codes, n_c, lam) -> Economy:
    hours = e.labour * e.output
    changes = {}
    if "wage" in off:
        changes["wage"] = e.wage * _levels_to_world(e.wage * hours, hours, codes, n_c)
    if "composition" in off:
        mult = _levels_to_world((lam @ e.capital) * e.output, hours, codes, n_c)
        changes["capital"] = e.capital * mult[None, :]
    if "intensity" in off:
        mu = e.complexity
        changes["complexity"] = mu * _levels_to_world(mu * hours, hours, codes, n_c)
    if not changes:
        return e
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReducibleEconomyWarning)
        return e.replace(**changes)


def transfer_split(e: Economy, lam, ex, codes, hi: int):
    """Exact Shapley split of the transfer from country ``hi`` (hours) over wage, composition
    and intensity: (contributions, structural remainder, total)."""
    n_c = ex.shape[0]

    def drain_of(on):
        sw = _switched(e, frozenset(FACTORS) - on, codes, n_c, lam)
        lam_s = labour_values(sw.inputs, sw.labour, sw.complexity)
        return -trade_transfer(lam_s, _solve(sw).price.values, ex)[hi].sum()

    return shapley(drain_of, FACTORS)


def accounts(
    s: IOSystem,
    convention: str = "simple",
    schooling: dict | None = None,
    home: str = "MEX",
    partner: str = "USA",
    paper: dict | None = None,
) -> xr.Dataset:
    """Every account of one year under one reduction convention, as a labelled Dataset.

    The international transfer is measured on the traded product (each country's exports to
    the other system countries), valued at prices of production of the whole system with one
    profit rate, rescaled so that the traded product's total price equals its total value (see
    :func:`trade_transfer`); it is converted to USD with the MELT of the traded product
    (system value added embodied in exports / simple-labour hours embodied in them).
    """
    for who in (home, partner):
        if who not in s.countries:
            raise InputError(f"{who!r} is not in the system {list(s.countries)}")
    e = economy(s, convention, schooling)
    mu = e.complexity
    lam = labour_values(e.inputs, e.labour, mu)
    sol = _solve(e)
    p = sol.price.values
    ex = exports(s)
    pool = ex.sum(axis=0)
    leontief = leontief_inverse(e.inputs)
    va_in_trade = float(_safe_div(s.value_added, s.output) @ leontief @ pool) * 1e6
    m_trade = va_in_trade / float(lam @ pool)
    codes = np.array([s.countries.index(c) for c in s.country_of])
    hi, pi = s.countries.index(home), s.countries.index(partner)
    t = trade_transfer(lam, p, ex)
    drain_h = -float(t[hi].sum())

    contrib, structural, total = transfer_split(e, lam, ex, codes, hi)
    if abs(total - drain_h) > 1e-9 * max(abs(drain_h), 1.0):
        raise InvariantError(f"Shapley total {total:g} differs from the transfer {drain_h:g}")
    r_nat, p_nat = _national_prices(s, e)
    t_nat = trade_transfer(lam, p_nat, ex)
    emb = embodied_hours(s)
    emb_value = embodied_hours(s, mu * e.labour)
    ex_tot = ex.sum(axis=1)
    per_usd = emb.sum(axis=1) / (ex_tot * 1e6)
    home_sel = s.country_of == home
    gdp = float(s.value_added[home_sel].sum() * 1e6)
    t_country = sol.transfer_by_country.sel(country=list(s.countries)).values

    sec, cty = "sector", "country"
    va_hour = _safe_div(s.value_added * 1e6, s.hours)
    manu = np.array([f"c{j:02d}" for j in range(3, 17)])
    ind = np.array([sid.split("_", 1)[1] for sid in s.sectors])
    us_manu = (s.country_of == partner) & np.isin(ind, manu)
    manu_hours = s.hours[us_manu].sum()
    us_manu_wage = float((s.wage * s.hours)[us_manu].sum() / manu_hours) if manu_hours else np.nan
    data = {
        "hours": (sec, s.hours, attrs("h/yr", "hours worked by persons engaged (SEA H_EMP)")),
        "output": (sec, s.output * 1e6, attrs("USD/yr", "gross output")),
        "complexity": (sec, mu, attrs("1", "value created per hour relative to simple labour")),
        "labour_value": (sec, lam / 1e6, attrs("h/USD", "vertically integrated labour value")),
        "value": (sec, lam * s.output, attrs("h/yr", "value of gross output, λ∘x")),
        "price": (sec, p / 1e6, attrs("h/USD", "price of production per USD of output")),
        "transfer": (
            sec,
            t.sum(axis=0) * m_trade,
            attrs("USD/yr", "transfer on the sector's exports (+ = the exporter gains)"),
        ),
        "transfer_hours": (sec, t.sum(axis=0), attrs("h/yr", "transfer on exports in hours")),
        "transfer_national": (
            sec,
            t_nat.sum(axis=0) * m_trade,
            attrs("USD/yr", "transfer on exports at national profit rates (+ = gain)"),
        ),
        "transfer_gross_output_hours": (
            sec,
            sol.transfer.values,
            attrs("h/yr", "(p − λ)∘x over all gross output, domestic sales included"),
        ),
        "wage": (sec, s.wage, attrs("USD/h", "labour compensation per hour (SEA LAB)")),
        "value_added_per_hour": (sec, va_hour, attrs("USD/h", "value added per hour worked")),
        "import_content": (
            sec,
            _safe_div(s.foreign_inputs, s.output),
            attrs("1", "intermediate inputs from other countries / gross output"),
        ),
        "import_content_total": (
            sec,
            _total_import_content(s, e.inputs),
            attrs("1", "foreign inputs, direct and through domestic inputs, / gross output"),
        ),
        "wage_ratio_to_us_manufacturing": (
            sec,
            s.wage / us_manu_wage,
            attrs("1", f"hourly labour compensation / {partner} manufacturing (c03–c16) average"),
        ),
        "transfer_by_country": (
            cty,
            t.sum(axis=1) * m_trade,
            attrs("USD/yr", "transfer received on the country's exports (−: lost)"),
        ),
        "transfer_gross_output_by_country": (
            cty,
            t_country,
            attrs("h/yr", "(p − λ)∘x over all gross output of the country"),
        ),
        "profit_rate_national": (cty, r_nat, attrs("1/yr", "national rate of profit")),
        "embodied_hours_in_exports": (
            ("exporter", "worked_in"),
            emb,
            attrs(
                "h/yr",
                "hours worked in each country embodied (directly and indirectly, Leontief "
                "inverse of the system, RoW exogenous) in each country's exports (intermediate "
                "+ final) to the other system countries",
            ),
        ),
        "embodied_value_in_exports": (
            ("exporter", "worked_in"),
            emb_value,
            attrs("h/yr", "embodied hours in simple-labour hours (reduced by complexity)"),
        ),
        "exports": ("exporter", ex_tot * 1e6, attrs("USD/yr", "exports to the system partners")),
        "embodied_hours_per_usd": (
            "exporter",
            per_usd,
            attrs("h/USD", "hours embodied per USD of exports"),
        ),
        "hours_ratio_in_trade": (
            (),
            float(per_usd[hi] / per_usd[pi]),
            attrs("1", f"hours per USD of {home} exports / hours per USD of {partner} exports"),
        ),
        "price_transfer": (
            (),
            drain_h * m_trade,
            attrs(
                "USD/yr",
                f"value transferred from {home} through prices of production "
                "with one international profit rate, on the traded product (+ = drain)",
            ),
        ),
        "price_transfer_hours": ((), drain_h, attrs("h/yr", "price transfer in hours")),
        "price_transfer_share_gdp": (
            (),
            drain_h * m_trade / gdp,
            attrs("1", f"price transfer / {home} value added at basic prices"),
        ),
        "price_transfer_national": (
            (),
            -float(t_nat[hi].sum()) * m_trade,
            attrs("USD/yr", "price transfer with national profit rates (+ = drain)"),
        ),
        "price_transfer_by_factor": (
            "factor",
            np.append(contrib, structural) * m_trade,
            attrs("USD/yr", "exact Shapley split of the price transfer (+ = drain)"),
        ),
        "gdp": ((), gdp, attrs("USD/yr", f"{home} value added at basic prices (SEA VA)")),
        "profit_rate": ((), float(sol.profit_rate), attrs("1/yr", "international profit rate")),
        "melt": ((), m_trade, attrs("USD/h", "MELT of the traded product")),
        "total_hours": ((), float(s.hours.sum()), attrs("h/yr", "hours worked in the system")),
        "total_value": ((), float(lam @ s.output), attrs("h/yr", "total value, λ·x")),
        "total_new_value": ((), float(mu @ s.hours), attrs("h/yr", "simple-labour hours, μ·H")),
    }
    coords = {
        sec: s.sectors,
        "sector_country": (sec, list(s.country_of)),
        "industry": (sec, list(ind)),
        cty: list(s.countries),
        "exporter": list(s.countries),
        "worked_in": list(s.countries),
        "factor": [*FACTORS, "structural"],
    }
    if paper:
        data.update(
            {
                "paper_import_content": (
                    "enclave",
                    [paper["maquila_import_content"], paper["hidden_maquila_import_content"]],
                    attrs("1", "imported inputs / gross output assumed in the paper"),
                ),
                "paper_wage_ratio": (
                    "enclave",
                    [paper["maquila_wage_ratio"], paper["hidden_maquila_wage_ratio"]],
                    attrs("1", "enclave hourly wage / US manufacturing wage in the paper"),
                ),
            }
        )
        coords["enclave"] = ["maquila", "hidden_maquila"]
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(s.attrs)
    ds.attrs.update(
        year=s.year,
        convention=convention,
        closure="value wage = wage / MELT, wages paid post factum, profit on fixed capital",
        normalization=NORMALIZATION,
        transfer_sign=f"price_transfer > 0: {home} loses",
    )
    return ds


def sweep_point(
    s: IOSystem,
    convention: str = "simple",
    schooling: dict | None = None,
    hours_weighting: float = 0.0,
    wage_scale=None,
    home: str = "MEX",
    split: bool = False,
) -> dict:
    """One point of an IO sweep with the engine (the plain-numpy twin of :mod:`.io_kernel`).

    Money wages of country c are multiplied by ``wage_scale[c]`` (value added and hours
    unchanged: profits absorb the difference); the prices of production are solved by
    :func:`unequal_exchange.solve` on the whole system (one profit rate) and country by country
    (:func:`_national_prices`), as in :func:`accounts`.

    Returns
    -------
    dict
        ``profit_rate``, ``price_transfer_hours`` (+ = ``home`` loses),
        ``transfer_hours_by_country`` (gain of each exporter), ``profit_rate_national``,
        ``price_transfer_hours_national``,
        ``status`` and ``status_national`` (0 ok, 2 wage too high), ``melt`` (USD/h of the
        traded product); with ``split``, ``price_transfer_hours_by_factor`` (the Shapley
        contributions of wage, composition, intensity and the structural remainder) and
        ``status_split``.
    """
    scale = np.ones(len(s.countries)) if wage_scale is None else np.asarray(wage_scale, float)
    codes = np.array([s.countries.index(c) for c in s.country_of])
    sc = replace(s, wage=s.wage * scale[codes])
    e = economy(sc, convention, schooling, hours_weighting)
    lam = labour_values(e.inputs, e.labour, e.complexity)
    ex = exports(s)
    hi = s.countries.index(home)
    out = {"melt": _traded_melt(s, e.inputs, lam, ex)}
    try:
        sol = _solve(e)
    except NonViableError:
        nan = np.full(len(s.countries), np.nan)
        out.update(profit_rate=np.nan, price_transfer_hours=np.nan,
                   transfer_hours_by_country=nan, status=2)  # fmt: skip
    else:
        t = trade_transfer(lam, sol.price.values, ex)
        out.update(
            profit_rate=float(sol.profit_rate),
            price_transfer_hours=-float(t[hi].sum()),
            transfer_hours_by_country=t.sum(axis=1),
            status=0,
        )
    if split:
        try:
            contrib, structural, _ = transfer_split(e, lam, ex, codes, hi)
        except NonViableError:
            out.update(price_transfer_hours_by_factor=np.full(4, np.nan), status_split=2)
        else:
            out.update(
                price_transfer_hours_by_factor=np.append(contrib, structural), status_split=0
            )
    try:
        r_nat, p_nat = _national_prices(sc, e)
    except NonViableError:
        out.update(profit_rate_national=np.full(len(s.countries), np.nan),
                   price_transfer_hours_national=np.nan, status_national=2)  # fmt: skip
    else:
        out.update(
            profit_rate_national=r_nat,
            price_transfer_hours_national=-float(trade_transfer(lam, p_nat, ex)[hi].sum()),
            status_national=0,
        )
    return out


def _traded_melt(s: IOSystem, a, lam, ex) -> float:
    """USD per (simple-labour) hour of the traded product: value added embodied in exports over
    their value."""
    pool = ex.sum(axis=0)
    va_in_trade = float(_safe_div(s.value_added, s.output) @ leontief_inverse(a) @ pool) * 1e6
    return va_in_trade / float(lam @ pool)
