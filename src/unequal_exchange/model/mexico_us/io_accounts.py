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
- **Complex labour.** ``"wage"``: μ_j = Σ_s h_sj w_s / w_low with *one* set of skill-wage ratios
  for every country, those of the reference labour market (the USA when it is in the system,
  else the system pooled); ``"wage-pooled"``: the ratios of the system's pooled skill wages
  (WLVDB's international Petrovic variant); ``"wage-national"``: each country's own ratios
  (national skill premia read as complexity: a labelled alternative, not the reference);
  ``"education"``: μ_s = 1 + (S_s − S_low) / (A_ret − A_entry − S_s), the schooling years beyond
  simple labour spread over the working life (Hilferding 1904); ``"simple"``: μ = 1.
- **Transfers.** p̂ = prices rescaled so that the traded pool (every exporter's deliveries to
  the other system countries) has total price = total value; the *seller-side* transfer of
  ``home`` is (λ − p̂)·e_{home→partner} (its exporters sell below value), the *buyer-side*
  transfer is (p̂ − λ)·e_{partner→home} (it buys the partner's exports above value) and the
  *net bilateral* transfer is their sum,
  T_n = (λ·e_home − λ·e_partner) − (p̂·e_home − p̂·e_partner) (the measure of Hickel et al.
  2024 and the WLVDB: transfers on exports minus transfers on imports). Headline: net.
- **Capital scope.** ``"all"`` (every industry's fixed capital enters the equalisation),
  ``"no-dwellings"`` (real estate c29 holds no capital: dwellings are not capital advanced in
  production), ``"no-c28-c35"`` (finance, real estate, business, public and personal services
  and households hold none).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import xarray as xr

from ...errors import InputError, InvariantError, NonViableError, did_you_mean
from ..engine._labels import attrs
from ..engine.economy import Economy, ReducibleEconomyWarning
from ..engine.general import labour_values
from ..engine.shapley import shapley
from ..engine.solve import solve

CONVENTIONS = ("simple", "wage", "wage-pooled", "wage-national", "education")
WAGE_CONVENTIONS = {"wage": "reference", "wage-pooled": "pooled", "wage-national": "national"}
REFERENCE_LABOUR_MARKET = "USA"  # skill-wage ratios of the "wage" convention (when in the system)
CAPITAL_SCOPES = ("all", "no-dwellings", "no-c28-c35")
NO_CAPITAL = {
    "all": (),
    "no-dwellings": ("c29",),
    "no-c28-c35": tuple(f"c{j}" for j in range(28, 36)),
}
MELT_BASES = ("traded", "home", "system")
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


def skill_wages(s: IOSystem, sel=None) -> np.ndarray:
    """Average hourly labour compensation of high-, medium- and low-skilled persons (USD/h)
    over the sectors ``sel`` (boolean mask; all system sectors if omitted).

    Examples
    --------
    >>> import numpy as np
    >>> s = IOSystem(2000, ("M", "U"), ("c01",), np.array(["M", "U"]), np.zeros((2, 2)),
    ...     np.ones(2), np.array([10.0, 10.0]), np.array([2.0, 6.0]), np.ones(2), np.ones((2, 2)),
    ...     np.ones((2, 2)), np.ones(2), np.zeros(2), np.zeros(2),
    ...     np.full((3, 2), 1 / 3), np.array([[0.5, 0.5], [0.3, 0.3], [0.2, 0.2]]))
    >>> (skill_wages(s, s.country_of == "M") / 2).round(2).tolist()  # ratios to the mean wage
    [1.5, 0.9, 0.6]
    """
    sel = np.ones(s.n, dtype=bool) if sel is None else np.asarray(sel, dtype=bool)
    lab = s.wage[sel] * s.hours[sel]
    return _safe_div(
        (s.skill_compensation[:, sel] * lab).sum(axis=1),
        (s.skill_hours[:, sel] * s.hours[sel]).sum(axis=1),
    )


def _skill_ratios(s: IOSystem, where: str) -> np.ndarray:
    """w_s / w_low, shape (3,): of ``where`` (a country) or of the pooled system ("pooled")."""
    w_s = skill_wages(s, None if where == "pooled" else s.country_of == where)
    if w_s[2] <= 0:
        raise InputError(f"{where}: no low-skilled hours or pay; the wage reduction needs both")
    return w_s / w_s[2]


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
    kind = WAGE_CONVENTIONS.get(convention)
    if kind == "national":
        for c in s.countries:
            sel = s.country_of == c
            mu[sel] = (shares[:, sel] * _skill_ratios(s, c)[:, None]).sum(axis=0)
    elif kind is not None:
        ref = REFERENCE_LABOUR_MARKET
        where = ref if kind == "reference" and ref in s.countries else "pooled"
        mu = (shares * _skill_ratios(s, where)[:, None]).sum(axis=0)
    else:
        if schooling is None:
            raise InputError("the education convention needs schooling years and working ages")
        years = np.asarray(schooling["years"], dtype=float)
        working_life = schooling["exit_age"] - schooling["entry_age"] - years
        mu_s = 1.0 + (years - years[2]) / working_life
        mu = (shares * mu_s[:, None]).sum(axis=0)
    return np.where(has, mu / np.where(has, shares.sum(axis=0), 1.0), 1.0)


def melt(s: IOSystem, mu, sel=None) -> float:
    """Monetary expression of labour time: Σ value added (USD) / Σ μ∘hours (USD per hour), over
    the sectors ``sel`` (boolean mask; the whole system if omitted)."""
    sel = np.ones(s.n, dtype=bool) if sel is None else np.asarray(sel, dtype=bool)
    return float(s.value_added[sel].sum() * 1e6 / (np.asarray(mu)[sel] * s.hours[sel]).sum())


def _check_scope(capital_scope: str) -> None:
    if capital_scope not in CAPITAL_SCOPES:
        raise InputError(
            f"unknown capital scope {capital_scope!r}{did_you_mean(capital_scope, CAPITAL_SCOPES)};"
            f" choose one of {list(CAPITAL_SCOPES)}"
        )


def capital_per_output(s: IOSystem, capital_scope: str = "all") -> np.ndarray:
    """K_j / x_j, with zero capital for the industries ``capital_scope`` leaves out of the
    profit-rate equalisation (:data:`NO_CAPITAL`)."""
    _check_scope(capital_scope)
    k = _safe_div(s.capital, s.output)
    ind = np.array([sid.split("_", 1)[1] for sid in s.sectors])
    return np.where(np.isin(ind, NO_CAPITAL[capital_scope]), 0.0, k)


def capital_factors(s: IOSystem, capital_scope: str = "all") -> tuple[np.ndarray, np.ndarray]:
    """(G, K), both (n, m), with B = G Kᵀ (:func:`capital_matrix`): G[:, c] = g_c, the shares of
    country c's gross fixed capital formation bought from each system sector; K[j, c] = K_j / x_j
    for the sectors j of c, 0 elsewhere. B has rank at most m, the number of countries."""
    k = capital_per_output(s, capital_scope)
    g = np.zeros((s.n, len(s.countries)))
    kk = np.zeros_like(g)
    for ci, c in enumerate(s.countries):
        g[:, ci] = s.gfcf[ci] / s.gfcf[ci].sum()
        sel = s.country_of == c
        kk[sel, ci] = k[sel]
    return g, kk


def capital_matrix(s: IOSystem, capital_scope: str = "all") -> np.ndarray:
    """B[i, j] = g_c[i] K_j / x_j: fixed capital per unit of output, by good (g_c: shares of
    country c's gross fixed capital formation bought from system sector i)."""
    g, kk = capital_factors(s, capital_scope)
    return g @ kk.T


def economy(
    s: IOSystem,
    convention: str = "simple",
    schooling: dict | None = None,
    hours_weighting: float = 0.0,
    capital_scope: str = "all",
    mu=None,
) -> Economy:
    """The engine :class:`Economy` of the system (value-wage closure, ω = wage / MELT).

    ``mu`` overrides the complexity the convention gives (a sweep keeps the μ of the observed
    wages when it scales money wages).

    Industry c35 (private households with employed persons) is non-basic in WIOD (it neither
    supplies inputs nor buys capital goods), so the system is reducible; its price is still
    determined, and the engine's :class:`ReducibleEconomyWarning` is silenced here.
    """
    mu = complexity(s, convention, schooling, hours_weighting) if mu is None else mu
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReducibleEconomyWarning)
        return Economy(
            inputs=input_coefficients(s.z, s.output),
            labour=_safe_div(s.hours, s.output),
            output=s.output,
            wage=s.wage / melt(s, mu),
            capital=capital_matrix(s, capital_scope),
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


def transfer_sides(lam, price, ex, out_flow, in_flow) -> tuple[float, float, float]:
    """(seller, buyer, net) transfer from a home country to a partner in hours, + = home loses.

    Prices are rescaled on the traded pool as in :func:`trade_transfer` (``ex``: every
    exporter's deliveries to the other system countries); ``out_flow`` = e_{home→partner},
    ``in_flow`` = e_{partner→home} (rows of :func:`bilateral_exports`). Seller side: what the
    home exporters lose selling below value, (λ − p̂)·out_flow; buyer side: what home pays above
    value for the partner's goods, (p̂ − λ)·in_flow; net bilateral transfer: their sum,
    (λ·e_hp − λ·e_ph) − (p̂·e_hp − p̂·e_ph). With two countries, out_flow and in_flow are the
    rows of ``ex``.

    Examples
    --------
    Home exports good 0 (value 2, price 1), imports good 1 (value 1, price 2):

    >>> transfer_sides([2.0, 1.0], [1.0, 2.0], [[1.0, 0.0], [0.0, 1.0]], [1.0, 0.0], [0.0, 1.0])
    (1.0, 1.0, 2.0)
    """
    lam, price, ex = (np.asarray(v, dtype=float) for v in (lam, price, ex))
    pool = ex.sum(axis=0)
    gap = price * (lam @ pool) / (price @ pool) - lam
    seller, buyer = -float(gap @ np.asarray(out_flow)), float(gap @ np.asarray(in_flow))
    return seller, buyer, seller + buyer


def _pair_flows(s: IOSystem, hi: int, pi: int) -> tuple[np.ndarray, np.ndarray]:
    """(e_{home→partner}, e_{partner→home})."""
    bil = bilateral_exports(s)
    return bil[hi, pi], bil[pi, hi]


def _partner_index(n_c: int, hi: int, pi: int | None) -> int:
    if pi is not None:
        return pi
    if n_c != 2:
        raise InputError("name the partner country: the system has more than two countries")
    return 1 - hi


def transfer_split(e: Economy, lam, ex, codes, flows):
    """Exact Shapley split of the net bilateral transfer (hours) over wage, composition and
    intensity: (contributions, structural remainder, total); ``flows`` = (e_{home→partner},
    e_{partner→home})."""
    n_c = ex.shape[0]

    def drain_of(on):
        sw = _switched(e, frozenset(FACTORS) - on, codes, n_c, lam)
        lam_s = labour_values(sw.inputs, sw.labour, sw.complexity)
        return transfer_sides(lam_s, _solve(sw).price.values, ex, *flows)[2]

    return shapley(drain_of, FACTORS)


# ------------------------------------------------------------- arrays for other measures
def io_labour_values(
    s: IOSystem, convention: str = "simple", schooling: dict | None = None,
    hours_weighting: float = 0.0,
) -> np.ndarray:  # fmt: skip
    """λ = (μ∘l)(I − A)⁻¹ of the system, in (reduced) hours per million USD of output."""
    mu = complexity(s, convention, schooling, hours_weighting)
    return labour_values(input_coefficients(s.z, s.output), _safe_div(s.hours, s.output), mu)


def bilateral_exports(s: IOSystem) -> np.ndarray:
    """e[a, b, i]: deliveries (intermediate + final, million USD) of sector i of country a to
    country b (zero when i is not in a, and for a = b)."""
    n_c = len(s.countries)
    out = np.zeros((n_c, n_c, s.n))
    for a, ca in enumerate(s.countries):
        own = s.country_of == ca
        for b, cb in enumerate(s.countries):
            if a != b:
                flow = s.z[:, s.country_of == cb].sum(axis=1) + s.final[:, b]
                out[a, b, own] = flow[own]
    return out


def value_added_in_exports(s: IOSystem, ex=None) -> np.ndarray:
    """V[a, c]: value added (USD, observed) generated in country c and embodied in the exports
    ``ex`` (default :func:`exports`) of country a; system content only (RoW exogenous)."""
    ex = exports(s) if ex is None else np.asarray(ex, dtype=float)
    v = _safe_div(s.value_added, s.output)[:, None] * (
        leontief_inverse(input_coefficients(s.z, s.output)) @ ex.T
    )
    return np.array([[v[s.country_of == c, a].sum() * 1e6 for c in s.countries]
                     for a in range(ex.shape[0])])  # fmt: skip


def melts(s: IOSystem, mu, lam, home: str = "MEX") -> dict[str, float]:
    """USD per (reduced) hour under each conversion basis (:data:`MELT_BASES`): ``traded`` (value
    added embodied in the traded pool / its value, the default), ``home`` (the home country's
    value added / its μ∘hours) and ``system`` (the MELT that deflates wages in :func:`economy`)."""
    a = input_coefficients(s.z, s.output)
    return {
        "traded": _traded_melt(s, a, np.asarray(lam), exports(s)),
        "home": melt(s, mu, s.country_of == home),
        "system": melt(s, mu),
    }


def observed_profit_rates(s: IOSystem) -> np.ndarray:
    """(VA − labour compensation) / fixed capital by country (1/yr), at observed prices."""
    gross = s.value_added * 1e6 - s.wage * s.hours
    return np.array([gross[s.country_of == c].sum() / (s.capital[s.country_of == c].sum() * 1e6)
                     for c in s.countries])  # fmt: skip


# ------------------------------------------------------------------------- the accounts
def _core(s, convention, schooling, capital_scope, home, partner) -> dict:
    """Step 1: values, prices of production and the transfers on the traded product (hours)."""
    for who in (home, partner):
        if who not in s.countries:
            raise InputError(f"{who!r} is not in the system {list(s.countries)}")
    e = economy(s, convention, schooling, capital_scope=capital_scope)
    lam = labour_values(e.inputs, e.labour, e.complexity)
    sol = _solve(e)
    ex = exports(s)
    hi, pi = s.countries.index(home), s.countries.index(partner)
    flows = _pair_flows(s, hi, pi)
    t = trade_transfer(lam, sol.price.values, ex)
    r_nat, p_nat = _national_prices(s, e)
    t_nat = trade_transfer(lam, p_nat, ex)
    return {
        "e": e, "mu": e.complexity, "lam": lam, "sol": sol, "ex": ex, "hi": hi, "pi": pi,
        "t": t, "sides": np.array(transfer_sides(lam, sol.price.values, ex, *flows)),
        "sides_national": np.array(transfer_sides(lam, p_nat, ex, *flows)), "flows": flows,
        "r_nat": r_nat, "t_nat": t_nat,
        "melts": melts(s, e.complexity, lam, home),
        "codes": np.array([s.countries.index(c) for c in s.country_of]),
        "gdp": float(s.value_added[s.country_of == home].sum() * 1e6),
    }  # fmt: skip


def _sector_vars(s: IOSystem, k: dict, partner: str) -> dict:
    """Step 2: per-sector variables."""
    sec, m_t = "sector", k["melts"]["traded"]
    manu = np.array([f"c{j:02d}" for j in range(3, 17)])
    ind = np.array([sid.split("_", 1)[1] for sid in s.sectors])
    us_manu = (s.country_of == partner) & np.isin(ind, manu)
    manu_hours = s.hours[us_manu].sum()
    us_manu_wage = float((s.wage * s.hours)[us_manu].sum() / manu_hours) if manu_hours else np.nan
    lam, p, t = k["lam"], k["sol"].price.values, k["t"]
    return {
        "hours": (sec, s.hours, attrs("h/yr", "hours worked by persons engaged (SEA H_EMP)")),
        "output": (sec, s.output * 1e6, attrs("USD/yr", "gross output")),
        "complexity": (sec, k["mu"],
                       attrs("1", "value created per hour relative to simple labour")),
        "labour_value": (sec, lam / 1e6, attrs("h/USD", "vertically integrated labour value")),
        "value": (sec, lam * s.output, attrs("h/yr", "value of gross output, λ∘x")),
        "price": (sec, p / 1e6, attrs("h/USD", "price of production per USD of output")),
        "transfer": (sec, t.sum(axis=0) * m_t,
                     attrs("USD/yr", "transfer on the sector's exports (+ = the exporter gains)")),
        "transfer_hours": (sec, t.sum(axis=0), attrs("h/yr", "transfer on exports in hours")),
        "transfer_national": (sec, k["t_nat"].sum(axis=0) * m_t,
                              attrs("USD/yr", "transfer on exports at national profit rates")),
        "transfer_gross_output_hours": (sec, k["sol"].transfer.values,
            attrs("h/yr", "(p − λ)∘x over all gross output, domestic sales included")),
        "wage": (sec, s.wage, attrs("USD/h", "labour compensation per hour (SEA LAB)")),
        "value_added_per_hour": (sec, _safe_div(s.value_added * 1e6, s.hours),
                                 attrs("USD/h", "value added per hour worked")),
        "import_content": (sec, _safe_div(s.foreign_inputs, s.output),
            attrs("1", "intermediate inputs from other countries / gross output")),
        "import_content_total": (sec, _total_import_content(s, k["e"].inputs),
            attrs("1", "foreign inputs, direct and through domestic inputs, / gross output")),
        "wage_ratio_to_us_manufacturing": (sec, s.wage / us_manu_wage,
            attrs("1", f"hourly labour compensation / {partner} manufacturing (c03–c16) average")),
    }  # fmt: skip


def _trade_vars(s: IOSystem, k: dict, home: str, partner: str) -> dict:
    """Step 3: hours and value added embodied in trade, by exporter and country worked in."""
    emb = embodied_hours(s)
    ex_tot = k["ex"].sum(axis=1)
    per_usd = emb.sum(axis=1) / (ex_tot * 1e6)
    both = ("exporter", "worked_in")
    return {
        "embodied_hours_in_exports": (both, emb, attrs("h/yr",
            "hours worked in each country embodied (directly and indirectly, Leontief inverse "
            "of the system, RoW exogenous) in each country's exports (intermediate + final) to "
            "the other system countries")),
        "embodied_value_in_exports": (both, embodied_hours(s, k["mu"] * k["e"].labour),
            attrs("h/yr", "embodied hours in simple-labour hours (reduced by complexity)")),
        "value_added_in_exports": (both, value_added_in_exports(s, k["ex"]),
            attrs("USD/yr", "value added (observed) generated in each country and embodied in "
                  "each country's exports to the other system countries")),
        "exports": ("exporter", ex_tot * 1e6, attrs("USD/yr", "exports to the system partners")),
        "embodied_hours_per_usd": ("exporter", per_usd,
                                   attrs("h/USD", "hours embodied per USD of exports")),
        "hours_ratio_in_trade": ((), float(per_usd[k["hi"]] / per_usd[k["pi"]]), attrs("1",
            f"hours per USD of {home} exports / hours per USD of {partner} exports")),
    }  # fmt: skip


def _headline_vars(s: IOSystem, k: dict, split, home: str, partner: str) -> dict:
    """Step 4: the transfer from ``home`` (seller, buyer, net; hours, USD, share of GDP)."""
    m = k["melts"]
    m_t, gdp, sides = m["traded"], k["gdp"], k["sides"]
    net_h = float(sides[2])
    net_nat = k["sides_national"]
    cty = "country"
    return {
        "transfer_by_country": (cty, k["t"].sum(axis=1) * m_t,
            attrs("USD/yr", "transfer received on the country's exports (−: lost)")),
        "transfer_gross_output_by_country": (cty,
            k["sol"].transfer_by_country.sel(country=list(s.countries)).values,
            attrs("h/yr", "(p − λ)∘x over all gross output of the country")),
        "profit_rate_national": (cty, k["r_nat"], attrs("1/yr", "national rate of profit")),
        "profit_rate_observed": (cty, observed_profit_rates(s),
            attrs("1/yr", "(value added − labour compensation) / fixed capital, observed")),
        "price_transfer": ((), net_h * m_t, attrs("USD/yr",
            f"net bilateral transfer from {home} to {partner} at prices of production with one "
            f"international profit rate: value given in {home}'s exports minus value received "
            f"in {partner}'s, less the net money claim (+ = {home} loses; the measure of "
            "Hickel et al. 2024 and the WLVDB)")),
        "price_transfer_hours": ((), net_h, attrs("h/yr", "net bilateral transfer in hours")),
        "price_transfer_share_gdp": ((), net_h * m_t / gdp,
            attrs("1", f"net bilateral transfer / {home} value added at basic prices")),
        "price_transfer_by_side": ("side", sides * m_t, attrs("USD/yr",
            f"transfer from {home}: seller side (its exports sold below value; Emmanuel's "
            f"producer-side account), buyer side ({partner}'s exports bought above value), "
            "net = seller + buyer (+ = loss)")),
        "price_transfer_hours_by_side": ("side", sides, attrs("h/yr", "transfer by side, hours")),
        "price_transfer_share_gdp_by_side": ("side", sides * m_t / gdp,
            attrs("1", f"transfer by side / {home} value added at basic prices")),
        "price_transfer_national": ((), net_nat[2] * m_t, attrs("USD/yr",
            "net bilateral transfer with national profit rates (each country's own block; "
            "capital goods bought abroad left out) (+ = loss)")),
        "price_transfer_by_factor": ("factor", np.append(*split[:2]) * m_t,
            attrs("USD/yr", "exact Shapley split of the net bilateral transfer (+ = loss)")),
        "melt_by_basis": ("melt_basis", [m[b] for b in MELT_BASES],
            attrs("USD/h", "USD per simple-labour hour: traded product (default), "
                  f"{home}, system")),
        "price_transfer_by_melt": ("melt_basis", [net_h * m[b] for b in MELT_BASES],
            attrs("USD/yr", "net bilateral transfer converted at each MELT")),
        "price_transfer_share_gdp_by_melt": ("melt_basis", [net_h * m[b] / gdp for b in MELT_BASES],
            attrs("1", f"net bilateral transfer at each MELT / {home} value added")),
        "gdp": ((), gdp, attrs("USD/yr", f"{home} value added at basic prices (SEA VA)")),
        "profit_rate": ((), float(k["sol"].profit_rate),
                        attrs("1/yr", "international profit rate")),
        "melt": ((), m_t, attrs("USD/h", "MELT of the traded product (the default conversion)")),
        "total_hours": ((), float(s.hours.sum()), attrs("h/yr", "hours worked in the system")),
        "total_value": ((), float(k["lam"] @ s.output), attrs("h/yr", "total value, λ·x")),
        "total_new_value": ((), float(k["mu"] @ s.hours),
                            attrs("h/yr", "simple-labour hours, μ·H")),
    }  # fmt: skip


def _paper_vars(paper: dict) -> dict:
    """Step 5: the paper's enclave figures beside the data."""
    return {
        "paper_import_content": ("enclave",
            [paper["maquila_import_content"], paper["hidden_maquila_import_content"]],
            attrs("1", "imported inputs / gross output assumed in the paper")),
        "paper_wage_ratio": ("enclave",
            [paper["maquila_wage_ratio"], paper["hidden_maquila_wage_ratio"]],
            attrs("1", "enclave hourly wage / US manufacturing wage in the paper")),
    }  # fmt: skip


def accounts(
    s: IOSystem,
    convention: str = "simple",
    schooling: dict | None = None,
    home: str = "MEX",
    partner: str = "USA",
    paper: dict | None = None,
    capital_scope: str = "all",
) -> xr.Dataset:
    """Every account of one year under one reduction convention, as a labelled Dataset.

    The international transfer is measured on the traded product (each country's exports to
    the other system countries), valued at prices of production of the whole system with one
    profit rate, rescaled so that the traded product's total price equals its total value (see
    :func:`trade_transfer`). The headline ``price_transfer`` is the net bilateral transfer
    (seller side + buyer side, :func:`transfer_sides`); it is converted to USD with the MELT of
    the traded product (system value added embodied in exports / reduced hours embodied in
    them), with the home and system MELTs beside it (``price_transfer_by_melt``).
    """
    k = _core(s, convention, schooling, capital_scope, home, partner)
    split = transfer_split(k["e"], k["lam"], k["ex"], k["codes"], k["flows"])
    net_h = float(k["sides"][2])
    if abs(split[2] - net_h) > 1e-9 * max(abs(net_h), 1.0):
        raise InvariantError(f"Shapley total {split[2]:g} differs from the transfer {net_h:g}")
    data = {
        **_sector_vars(s, k, partner),
        **_trade_vars(s, k, home, partner),
        **_headline_vars(s, k, split, home, partner),
        **(_paper_vars(paper) if paper else {}),
    }
    ind = [sid.split("_", 1)[1] for sid in s.sectors]
    coords = {
        "sector": s.sectors, "sector_country": ("sector", list(s.country_of)),
        "industry": ("sector", ind), "country": list(s.countries),
        "exporter": list(s.countries), "worked_in": list(s.countries),
        "factor": [*FACTORS, "structural"], "side": ["seller", "buyer", "net"],
        "melt_basis": list(MELT_BASES),
    }  # fmt: skip
    if paper:
        coords["enclave"] = ["maquila", "hidden_maquila"]
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(s.attrs)
    ds.attrs.update(
        year=s.year,
        convention=convention,
        capital_scope=capital_scope,
        closure="value wage = wage / MELT (system), wages paid post factum, profit on fixed "
        "capital",
        normalization=NORMALIZATION,
        transfer_sign=f"price_transfer > 0: {home} loses (net bilateral: seller + buyer side)",
    )
    return ds


def transfer_hours(
    s: IOSystem,
    convention: str = "simple",
    schooling: dict | None = None,
    capital_scope: str = "all",
    home: str = "MEX",
    partner: str = "USA",
) -> dict:
    """The headline alone (no split, no national prices): ``sides`` (seller, buyer, net; hours,
    + = ``home`` loses), ``profit_rate``, ``melt`` (traded, USD/h), ``gdp`` (USD)."""
    _check_scope(capital_scope)
    e = economy(s, convention, schooling, capital_scope=capital_scope)
    lam = labour_values(e.inputs, e.labour, e.complexity)
    sol = _solve(e)
    flows = _pair_flows(s, s.countries.index(home), s.countries.index(partner))
    return {
        "sides": np.array(transfer_sides(lam, sol.price.values, exports(s), *flows)),
        "profit_rate": float(sol.profit_rate),
        "melt": _traded_melt(s, e.inputs, lam, exports(s)),
        "gdp": float(s.value_added[s.country_of == home].sum() * 1e6),
    }


def sweep_point(
    s: IOSystem,
    convention: str = "simple",
    schooling: dict | None = None,
    hours_weighting: float = 0.0,
    wage_scale=None,
    home: str = "MEX",
    split: bool = False,
    partner: str | None = None,
) -> dict:
    """One point of an IO sweep with the engine (the plain-numpy twin of :mod:`.io_kernel`).

    Money wages of country c are multiplied by ``wage_scale[c]`` (value added and hours
    unchanged: profits absorb the difference); the prices of production are solved by
    :func:`unequal_exchange.solve` on the whole system (one profit rate) and country by country
    (:func:`_national_prices`), as in :func:`accounts`.

    Returns
    -------
    dict
        ``profit_rate``, ``price_transfer_hours`` (net bilateral, + = ``home`` loses),
        ``price_transfer_hours_seller`` and ``_buyer``, ``transfer_hours_by_country`` (gain of
        each exporter),
        ``profit_rate_national``, ``price_transfer_hours_national`` (net),
        ``status`` and ``status_national`` (0 ok, 2 wage too high), ``melt`` (USD/h of the
        traded product); with ``split``, ``price_transfer_hours_by_factor`` (the Shapley
        contributions of wage, composition, intensity and the structural remainder of the net
        transfer) and ``status_split``.
    """
    scale = np.ones(len(s.countries)) if wage_scale is None else np.asarray(wage_scale, float)
    codes = np.array([s.countries.index(c) for c in s.country_of])
    sc = replace(s, wage=s.wage * scale[codes])
    # μ of the observed wages: scaling money wages is not a change of valuation
    e = economy(sc, mu=complexity(s, convention, schooling, hours_weighting))
    lam = labour_values(e.inputs, e.labour, e.complexity)
    ex = exports(s)
    hi = s.countries.index(home)
    pi = _partner_index(len(s.countries), hi, None if partner is None else
                        s.countries.index(partner))  # fmt: skip
    flows = _pair_flows(s, hi, pi)
    out: dict[str, Any] = {"melt": _traded_melt(s, e.inputs, lam, ex)}
    try:
        sol = _solve(e)
    except NonViableError:
        nan = np.full(len(s.countries), np.nan)
        out.update(profit_rate=np.nan, price_transfer_hours=np.nan,
                   price_transfer_hours_seller=np.nan, price_transfer_hours_buyer=np.nan,
                   transfer_hours_by_country=nan,
                   status=2)  # fmt: skip
    else:
        t = trade_transfer(lam, sol.price.values, ex)
        seller, buyer, net = transfer_sides(lam, sol.price.values, ex, *flows)
        out.update(profit_rate=float(sol.profit_rate), price_transfer_hours=net,
                   price_transfer_hours_seller=seller, price_transfer_hours_buyer=buyer,
                   transfer_hours_by_country=t.sum(axis=1), status=0)  # fmt: skip
    if split:
        try:
            contrib, structural, _ = transfer_split(e, lam, ex, codes, flows)
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
        net_nat = transfer_sides(lam, p_nat, ex, *flows)[2]
        out.update(profit_rate_national=r_nat, price_transfer_hours_national=net_nat,
                   status_national=0)  # fmt: skip
    return out


def _traded_melt(s: IOSystem, a, lam, ex) -> float:
    """USD per (simple-labour) hour of the traded product: value added embodied in exports over
    their value."""
    pool = ex.sum(axis=0)
    va_in_trade = float(_safe_div(s.value_added, s.output) @ leontief_inverse(a) @ pool) * 1e6
    return va_in_trade / float(lam @ pool)
