"""The Mexico–US model: every channel of the drain, vectorised over parameter points.

Four sectors — ``maquila``, ``hidden_maquila`` and ``domestic`` (Mexico) and ``us`` — built from
observed quantities (hours, money wages, value added and capital per hour, import content, trade
flows); rates of surplus value and organic compositions are outputs. The price channel is a value
table of the internationally traded part of each sector's product (the engine's
:class:`~unequal_exchange.model.value_table.ValueTable`, see :func:`value_table`) transformed with
one equalised profit rate; the other channels are accounting identities. All formulas are in
docs/model.md §3. Functions take a mapping of parameter name → array (all broadcast to one
shape) and never raise for a non-viable point: they return a ``status`` code per point.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..engine.factors import world_level_multiplier
from ..engine.shapley import shapley
from ..engine.value_table import ValueTable
from .levels import SCHOOLING_LEVELS

SECTORS = ("maquila", "hidden_maquila", "domestic", "us")
COUNTRIES = ("MX", "MX", "MX", "US")
FACTORS = ("wage", "composition", "intensity")
#: Marx's factors of the price transfer (rate of surplus value s/v, value composition K/v,
#: intensity): the strict and the broad sense as Emmanuel (1969) and Marx define them
VALUE_FACTORS = ("surplus_value_rate", "value_composition", "intensity")
LEVELS = SCHOOLING_LEVELS

# status codes of a model point
OK = 0
NEGATIVE_DOMESTIC_VALUE_ADDED = 1  # enclaves' value added exceeds Mexican GDP
NEGATIVE_DOMESTIC_WAGE = 2  # enclave wage bill exceeds Mexican labour income
NO_DOMESTIC_SURPLUS = 3  # domestic wage per hour >= domestic value added per hour
# an enclave's value added at market prices <= its wage bill: no measured profit, so the price
# accounts (which need y > w) cannot close. Not an impossible economy: under IMMEX transfer
# pricing measured value added near the wage bill is what the dependency literature describes
# (Delgado Wise & Cypher 2007); at hours_weighting = 0 the value system itself is still defined
ENCLAVE_LOSS = 4
# enclave gross output (all of it booked as exports to the US in the model, imported components
# included) exceeds Mexican exports to the US: domestic exports would be negative
NEGATIVE_DOMESTIC_EXPORTS = 5
NEGATIVE_NET_PRODUCT_SURPLUS = 6  # total surplus value of the traded product <= 0
INCONSISTENT_PARAMETERS = 7  # a sweep point breaks a relation between parameters
STATUS_NAMES = {
    OK: "ok",
    NEGATIVE_DOMESTIC_VALUE_ADDED: "enclave value added exceeds Mexican GDP",
    NEGATIVE_DOMESTIC_WAGE: "enclave wage bill exceeds Mexican labour income",
    NO_DOMESTIC_SURPLUS: "domestic wage at or above domestic value added per hour",
    ENCLAVE_LOSS: "enclave value added at market prices ≤ its wage bill (no measured profit): "
    "the price accounts cannot close",
    NEGATIVE_DOMESTIC_EXPORTS: "enclave gross output (all booked as exports to the US in the "
    "model) exceeds Mexican exports to the US: domestic exports would be negative",
    NEGATIVE_NET_PRODUCT_SURPLUS: "no surplus value in the traded product",
    INCONSISTENT_PARAMETERS: "parameters break a relation between them",
}


def _arrays(params: Mapping[str, object]) -> dict[str, np.ndarray]:
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    return {k: np.broadcast_to(a, shape) for k, a in arrays.items()}


def sectors(params: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Per-sector observables, stacked on a last axis of length 4 (SECTORS order), in USD."""
    p = _arrays(params)
    hours_enclave = p["immex_employment"] * p["mx_hours_per_worker"]
    hidden = p["hidden_maquila_share"]
    h_m, h_h = hours_enclave * (1 - hidden), hours_enclave * hidden
    h_d = (p["mx_employment"] - p["immex_employment"]) * p["mx_hours_per_worker"]
    h_us = p["us_employment"] * p["us_hours_per_worker"]
    w_m = p["maquila_wage_ratio"] * p["us_manufacturing_wage"]
    w_h = p["hidden_maquila_wage_ratio"] * p["us_manufacturing_wage"]
    x = p["enclave_output_per_hour"]
    d = p["enclave_domestic_input_share"]
    y_m = x * (1 - p["maquila_import_content"] - d)
    y_h = x * (1 - p["hidden_maquila_import_content"] - d)
    va_d = p["mx_gdp"] - y_m * h_m - y_h * h_h
    wages_d = p["mx_labour_share"] * p["mx_gdp"] - w_m * h_m - w_h * h_h
    with np.errstate(divide="ignore", invalid="ignore"):
        y_d = va_d / h_d
        w_d = wages_d / h_d
    y_us = p["us_gdp"] / h_us
    w_us = p["us_labour_share"] * p["us_gdp"] / h_us
    hours = np.stack([h_m, h_h, h_d, h_us], axis=-1)
    wage = np.stack([w_m, w_h, w_d, w_us], axis=-1)
    value_added = np.stack([y_m, y_h, y_d, y_us], axis=-1)
    # capital advanced per unit of value added: PWT cn (all fixed assets, economy-wide) or
    # productive capital (WIOD SEA, without dwellings and public administration), by convention
    c = p["capital_basis"]
    ky_mx = (1 - c) * p["mx_capital_output_ratio"] + c * p["mx_productive_capital_output_ratio"]
    ky_enc = (1 - c) * p["mx_capital_output_ratio"] + c * p["enclave_capital_output_ratio"]
    ky_us = (1 - c) * p["us_capital_output_ratio"] + c * p["us_productive_capital_output_ratio"]
    ky = np.stack([ky_enc, ky_enc, ky_mx, ky_us], axis=-1)
    enclave_exports = x * hours_enclave
    domestic_exports = p["mx_exports_to_us"] - enclave_exports
    # the traded pools: aggregate trade shares, or the hours embodied in bilateral exports
    # (WIOD input–output accounts), by convention
    b = p["pool_basis"]
    mx_hours = p["mx_employment"] * p["mx_hours_per_worker"]
    with np.errstate(divide="ignore", invalid="ignore"):
        tau_d_aggregate = np.clip(domestic_exports / va_d, 0.0, 1.0)
        tau_d_io = np.clip((p["mx_export_hours_share"] * mx_hours - hours_enclave) / h_d, 0.0, 1.0)
    tau_d = (1 - b) * tau_d_aggregate + b * tau_d_io
    tau_us = (1 - b) * p["us_exports_to_mx"] / p["us_gdp"] + b * p["us_export_hours_share"]
    tau = np.stack([np.ones_like(x), np.ones_like(x), tau_d, tau_us], axis=-1)
    status = np.zeros(hours.shape[:-1], dtype=np.int8)
    for code, bad in (
        (NEGATIVE_DOMESTIC_EXPORTS, domestic_exports < 0),
        (ENCLAVE_LOSS, (y_m <= w_m) | (y_h <= w_h)),
        (NO_DOMESTIC_SURPLUS, w_d >= y_d),
        (NEGATIVE_DOMESTIC_WAGE, ~(wages_d > 0)),
        (NEGATIVE_DOMESTIC_VALUE_ADDED, ~(va_d > 0)),
    ):  # later (more basic) problems overwrite earlier ones
        status = np.where(bad, code, status)
    return {
        "hours": hours,
        "wage": wage,
        "value_added_per_hour": value_added,
        "capital_per_hour": ky * value_added,
        "traded_share": tau,
        "enclave_exports": enclave_exports,
        "domestic_exports": domestic_exports,
        "status": status,
    }


def value_system(s: Mapping[str, np.ndarray], hours_weighting) -> dict[str, np.ndarray]:
    """Hours-valued table of the traded product: hours, new value, v, s, K (last axis: sector).

    θ_j = (y_j / ȳ)^α is the value created per hour (α = ``hours_weighting``); the monetary
    expression of labour time m = Σ τ y H / Σ τ θ H makes total value equal total price.
    """
    alpha = np.asarray(hours_weighting, dtype=np.float64)[..., None]
    traded_hours = s["traded_share"] * s["hours"]
    traded_va = traded_hours * s["value_added_per_hour"]
    mean_va = traded_va.sum(-1, keepdims=True) / traded_hours.sum(-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = np.where(alpha == 0, 1.0, np.power(s["value_added_per_hour"] / mean_va, alpha))
    melt = traded_va.sum(-1) / (theta * traded_hours).sum(-1)
    new_value = theta * traded_hours
    variable = s["wage"] * traded_hours / melt[..., None]
    capital = s["capital_per_hour"] * traded_hours / melt[..., None]
    return {
        "melt": melt,
        "hours": traded_hours,
        "new_value": new_value,
        "variable": variable,
        "surplus": new_value - variable,
        "capital": capital,
    }


_MX = np.array([c == "MX" for c in COUNTRIES])


def _transfer_to_us(new_value, variable, capital):
    """Transfer received by the US in hours: Σ_US (r K − s), r = Σ s / Σ K."""
    surplus = new_value - variable
    rate = surplus.sum(-1) / capital.sum(-1)
    t = rate[..., None] * capital - surplus
    return t[..., ~_MX].sum(-1), t, rate


def _country_multiplier(numerator, hours):
    """Per-sector multiplier bringing each country's Σnum/Σhours to the traded-world level."""
    out = np.empty_like(numerator)
    for mask in (_MX, ~_MX):
        with np.errstate(divide="ignore", invalid="ignore"):
            out[..., mask] = world_level_multiplier.py_func(
                numerator[..., mask].sum(-1),
                hours[..., mask].sum(-1),
                numerator.sum(-1),
                hours.sum(-1),
            )[..., None]
    return out


def price_channel(vs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Transfer to the US (hours), per sector, and its exact Shapley split over FACTORS.

    Switching a factor off sets each country's level per hour (wage v/h, composition K/h,
    intensity new value/h) to the traded-world average, keeping the structure within countries.
    """
    h, n, v, k = vs["hours"], vs["new_value"], vs["variable"], vs["capital"]
    scaled = {
        "intensity": n * _country_multiplier(n, h),
        "wage": v * _country_multiplier(v, h),
        "composition": k * _country_multiplier(k, h),
    }
    actual = {"intensity": n, "wage": v, "composition": k}

    def transfer_with(on: frozenset):  # factors in ``on`` keep their actual differential
        if not on:
            # every country at the world's levels per hour: r K_US = S_US exactly, so the
            # structural part is zero (computing it would return rounding noise of ~1e-16 T)
            return np.zeros(np.shape(h)[:-1])
        pick = {f: (actual[f] if f in on else scaled[f]) for f in FACTORS}
        return _transfer_to_us(pick["intensity"], pick["wage"], pick["composition"])[0]

    contributions, structural, _ = shapley(transfer_with, FACTORS)
    value_contributions, value_structural, _ = shapley(
        lambda on: _transfer_with_value_factors(h, n, v, k, on), VALUE_FACTORS
    )
    to_us, per_sector, rate = _transfer_to_us(n, v, k)
    return {
        "transfer_to_us": to_us,
        "transfer": per_sector,
        "profit_rate": rate,
        "by_factor": np.stack([*contributions, structural], axis=-1),
        "by_value_factor": np.stack([*value_contributions, value_structural], axis=-1),
    }


def annuity_factor(rate, years):
    """Capital-recovery factor r / (1 − (1 + r)^−L): the level yearly payment, over ``years``
    L, that repays 1 USD at the discount rate r (1/L when r = 0).

    Parameters
    ----------
    rate : array_like
        Discount rate r per year (≥ 0).
    years : array_like
        Repayment period L in years (> 0).

    Returns
    -------
    numpy.ndarray
        The factor per year (1/yr), broadcast over ``rate`` and ``years``.

    Examples
    --------
    >>> from unequal_exchange.model.mexico_us.accounts import annuity_factor
    >>> float(annuity_factor(0.0, 40)), round(float(annuity_factor(0.03, 40)), 6)
    (0.025, 0.043262)
    """
    r = np.asarray(rate, dtype=np.float64)
    life = np.asarray(years, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        # −expm1(−L log1p r) = 1 − (1 + r)^−L without cancellation for small r
        factor = r / -np.expm1(-life * np.log1p(r))
    return np.where(r == 0.0, 1.0 / life, factor)


def _ratio_multiplier(numerator, denominator, world_ratio, inverse=False):
    """Per-sector multiplier bringing each country's Σnum/Σden to ``world_ratio`` (to be
    multiplied into the numerator; ``inverse``: into the denominator)."""
    out = np.empty_like(numerator)
    for mask in (_MX, ~_MX):
        with np.errstate(divide="ignore", invalid="ignore"):
            own = numerator[..., mask].sum(-1) / denominator[..., mask].sum(-1)
            out[..., mask] = (own / world_ratio if inverse else world_ratio / own)[..., None]
    return out


def _transfer_with_value_factors(h, n, v, k, on: frozenset):
    """Transfer to the US (hours) with Marx's factors not in ``on`` at the traded world's level.

    Switched off, each country's intensity (new value per hour), rate of surplus value
    e = s/v and value composition K/v take the world's Σn/Σh, Σs/Σv and ΣK/Σv, through one
    multiplier per country (the structure within a country is kept): intensity scales n and v
    together (e unchanged); e scales v at given n (v' = v·(1 + e_c)/(1 + e_w)); K/v scales K
    at given v. With every factor off r·K_US = S_US, so the structural part is zero.
    """
    if not on:
        return np.zeros(np.shape(h)[:-1])
    n2, v2, k2 = n, v, k  # v and K are scaled together: K/v stays unless switched off
    if "intensity" not in on:
        a = _country_multiplier(n, h)
        n2, v2, k2 = n * a, v * a, k * a
    if "surplus_value_rate" not in on:
        world_e = (n - v).sum(-1) / v.sum(-1)
        mu_e = _ratio_multiplier(n2, v2, 1.0 + world_e, inverse=True)
        v2, k2 = v2 * mu_e, k2 * mu_e
    if "value_composition" not in on:
        k2 = k2 * _ratio_multiplier(k, v, k.sum(-1) / v.sum(-1))
    return _transfer_to_us(n2, v2, k2)[0]


def migration(params: Mapping[str, object], mx_wage, us_wage) -> dict[str, np.ndarray]:
    """Direct labour export: formation costs of migrants by education level (last axis LEVELS).

    The formation cost a migrant carries is the Mexican spending on their schooling and the
    cost of their childhood (scaled from the US by the wage ratio). With
    ``formation_where_trained`` = 1 only the part that took place in Mexico counts: a migrant who
    arrived as a child (share ``child_arrival_share``, mean age ``child_arrival_age``) carries
    the childhood years and the school years completed in Mexico before arrival, and a
    postgraduate who took the degree in the US (share ``postgraduate_us_trained_share``) carries
    no Mexican postgraduate stage; at 0 every migrant carries the full Mexican formation of
    their level. Brain waste charges only the tertiary stage of the migrants not working at
    their qualification. The stock's formation cost is also amortised over a working life at
    ``discount_rate`` and compared with remittances, which the whole stock pays (docs/model.md).
    """
    p = _arrays(params)
    prim, sec, ter = (p[f"cost_per_student_{k}"] for k in ("primary", "secondary", "tertiary"))
    yp, yls, yus = p["years_primary"], p["years_lower_secondary"], p["years_upper_secondary"]
    basic = yp * prim + yls * sec
    upper = basic + yus * sec
    where = p["formation_where_trained"]
    # the postgraduate stage paid in Mexico: none for the US-trained share (where = 1)
    pg_mx = 1.0 - where * p["postgraduate_us_trained_share"]
    zero = np.zeros_like(upper * pg_mx)
    tertiary = np.stack(
        [
            zero,
            zero,
            p["years_bachelor"] * ter + zero,
            (p["years_bachelor"] + pg_mx * p["years_master"]) * ter,
            (p["years_bachelor"] + pg_mx * (p["years_master"] + p["years_phd"])) * ter,
        ],
        axis=-1,
    )
    school = np.stack([basic, upper, upper, upper, upper], axis=-1) + zero[..., None]
    # a child arrival completed in Mexico the school years between school entry (the end of
    # childhood less the school cycle) and arrival, within primary and lower secondary
    entry = p["childhood_years"] - (yp + yls + yus)
    done = np.clip(p["child_arrival_age"] - entry, 0.0, yp + yls)
    child_school = np.minimum(done, yp) * prim + np.maximum(done - yp, 0.0) * sec
    young = where * p["child_arrival_share"]
    adult_tertiary = (1.0 - young)[..., None] * tertiary
    cost = (1.0 - young)[..., None] * school + (young * child_school)[..., None] + adult_tertiary
    skilled = np.stack(
        [p["migrant_stock_bachelor"], p["migrant_stock_master"], p["migrant_stock_phd"]], axis=-1
    )
    non_tertiary = p["migrant_stock"] - skilled.sum(-1)
    u = p["upper_secondary_share_non_tertiary"]
    stock = np.concatenate([np.stack([non_tertiary * (1 - u), non_tertiary * u], -1), skilled], -1)
    held = skilled.sum(-1, keepdims=True)
    skilled_mix = np.divide(skilled, held, out=np.zeros_like(skilled), where=held > 0)
    low_mix = np.stack([1 - u, u], axis=-1)
    skilled_out = p["skilled_emigration_per_year"]
    skilled_back = p["returns_per_year"] * p["skilled_returnee_share"]
    low_out = p["emigration_per_year"] - skilled_out
    low_back = p["returns_per_year"] - skilled_back
    ma, phd = p["skilled_emigration_master_share"], p["skilled_emigration_phd_share"]
    out_mix = np.stack([1 - ma - phd, ma, phd], axis=-1)  # returns leave like the stock
    outflow = np.concatenate([low_mix * low_out[..., None], out_mix * skilled_out[..., None]], -1)
    returns = np.concatenate(
        [low_mix * low_back[..., None], skilled_mix * skilled_back[..., None]], -1
    )
    net = outflow - returns
    years_in_mexico = (1.0 - young) * p["childhood_years"] + young * np.minimum(
        p["child_arrival_age"], p["childhood_years"]
    )
    child = p["us_childhood_cost_per_year"] * (mx_wage / us_wage) * years_in_mexico
    at_qualification = np.stack(
        [
            np.ones_like(u),
            np.ones_like(u),
            p["skilled_at_qualification_bachelor"],
            p["skilled_at_qualification_postgraduate"],
            p["skilled_at_qualification_postgraduate"],
        ],
        -1,
    )
    training_stock = (stock * cost).sum(-1)
    reproduction_stock = stock.sum(-1) * child
    annuity = (training_stock + reproduction_stock) * annuity_factor(
        p["discount_rate"], p["working_life_years"]
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        cover = np.where(annuity > 0, p["remittances"] / annuity, np.nan)
    return {
        "training_cost": cost,
        "stock": stock,
        "net_emigration": net,
        "training_cost_transfer": (net * cost).sum(-1),
        "training_cost_stock": training_stock,
        "reproduction_cost_per_migrant": child,
        "reproduction_cost_transfer": net.sum(-1) * child,
        "reproduction_cost_stock": reproduction_stock,
        "brain_waste_cost": ((1 - at_qualification) * stock * adult_tertiary).sum(-1),
        "stock_formation_cost_annuity": annuity,
        "remittance_cover_of_annuity": cover,
    }


def value_table(params: Mapping[str, object]):
    """The price channel of one parameter point as the engine's ValueTable (hours-valued).

    ``ue.transform(value_table(p)).transfer_by_country`` and ``ue.decompose(value_table(p),
    factors=FACTORS)`` reproduce the model's price channel (in hours; × MELT for USD).
    Constant capital is omitted: it enters value and price alike and moves no value.
    """

    p = _arrays(params)
    vs = value_system(sectors(p), p["hours_weighting"])
    return ValueTable(
        advanced=vs["capital"],
        constant=np.zeros(len(SECTORS)),
        variable=vs["variable"],
        surplus=vs["surplus"],
        sectors=SECTORS,
        countries=COUNTRIES,
        hours=vs["hours"],
    )


def _ends(s: Mapping[str, np.ndarray], melt) -> dict[str, np.ndarray]:
    """Transfer (USD) at both ends of the hours convention, α = 0 and α = 1."""
    ends = {}
    for label, alpha in (("equal_hours", 0.0), ("productivity_weighted", 1.0)):
        end = value_system(s, np.full_like(melt, alpha))
        ends[label] = (
            _transfer_to_us(end["new_value"], end["variable"], end["capital"])[0] * end["melt"]
        )
    return ends


def accounts(params: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Every channel for every parameter point (arrays broadcast together). USD unless noted."""
    p = _arrays(params)
    s = sectors(p)
    vs = value_system(s, p["hours_weighting"])
    pc = price_channel(vs)
    melt = vs["melt"]
    status = np.where(
        (s["status"] == OK) & ~(vs["surplus"].sum(-1) > 0),
        NEGATIVE_NET_PRODUCT_SURPLUS,
        s["status"],
    )
    ends = _ends(s, melt)
    hours, wage, y = s["hours"], s["wage"], s["value_added_per_hour"]
    enc = slice(0, 2)
    # profit the enclaves' owners appropriate: r K at prices of production (USD), so that the
    # price loss plus repatriated profit never exceeds the enclaves' surplus value
    enclave_profit = (pc["profit_rate"][..., None] * vs["capital"])[..., enc].sum(-1) * melt
    mx_wage = p["mx_labour_share"] * p["mx_gdp"] / hours[..., :3].sum(-1)
    us_wage = wage[..., 3]
    mig = migration(p, mx_wage, us_wage)
    migrant_hours = p["migrant_workforce_share"] * hours[..., 3]
    migrant_wage = wage[..., 2] * p["migrant_wage_premium"]
    price = pc["transfer_to_us"] * melt
    repatriated = p["enclave_foreign_ownership"] * enclave_profit
    total = price + repatriated + mig["training_cost_transfer"] + mig["reproduction_cost_transfer"]
    with np.errstate(divide="ignore", invalid="ignore"):
        formation = mig["training_cost_transfer"] + mig["reproduction_cost_transfer"]
        # undefined (NaN) when net emigration carries no formation cost out of Mexico
        compensation = np.where(formation > 0, p["remittances"] / formation, np.nan)
        stock_years = (mig["training_cost_stock"] + mig["reproduction_cost_stock"]) / p[
            "remittances"
        ]
    gdp = p["mx_gdp"]
    out = {
        "status": status,
        "melt": melt,
        "profit_rate": pc["profit_rate"],
        "price_transfer": price,
        "price_transfer_hours": pc["transfer_to_us"],
        "price_transfer_by_factor": pc["by_factor"] * melt[..., None],
        "price_transfer_by_value_factor": pc["by_value_factor"] * melt[..., None],
        "us_rate_of_surplus_value": _country_rate(vs, ~_MX),
        "mx_rate_of_surplus_value": _country_rate(vs, _MX),
        "price_transfer_share_gdp": price / gdp,
        "price_transfer_equal_hours": ends["equal_hours"],
        "price_transfer_productivity_weighted": ends["productivity_weighted"],
        "repatriated_profit": repatriated,
        "enclave_surplus_drained": repatriated - pc["transfer"][..., enc].sum(-1) * melt,
        "labour_arbitrage_rent": ((p["us_manufacturing_wage"][..., None] - wage) * hours)[
            ..., enc
        ].sum(-1),
        "enclave_hours": hours[..., enc].sum(-1),
        "enclave_worker_equivalents": hours[..., enc].sum(-1) / p["us_hours_per_worker"],
        "enclave_wage_bill": (wage * hours)[..., enc].sum(-1),
        "enclave_value_added": (y * hours)[..., enc].sum(-1),
        "enclave_exports": s["enclave_exports"],
        "enclave_imported_inputs": p["enclave_output_per_hour"]
        * (
            p["maquila_import_content"] * hours[..., 0]
            + p["hidden_maquila_import_content"] * hours[..., 1]
        ),
        "training_cost_per_migrant": mig["training_cost"],
        "migrant_stock_by_level": mig["stock"],
        "net_emigration_by_level": mig["net_emigration"],
        "training_cost_transfer": mig["training_cost_transfer"],
        "training_cost_stock": mig["training_cost_stock"],
        "reproduction_cost_per_migrant": mig["reproduction_cost_per_migrant"],
        "reproduction_cost_transfer": mig["reproduction_cost_transfer"],
        "reproduction_cost_stock": mig["reproduction_cost_stock"],
        "remittances": p["remittances"] * 1.0,
        "remittance_compensation_ratio": compensation,
        "formation_cost_stock_in_remittance_years": stock_years,
        "brain_waste_cost": mig["brain_waste_cost"],
        "stock_formation_cost_annuity": mig["stock_formation_cost_annuity"],
        "remittance_cover_of_annuity": mig["remittance_cover_of_annuity"],
        "migrant_surplus_value": migrant_hours * (y[..., 3] - migrant_wage),
        "total_drain": total,
        "total_drain_share_gdp": total / gdp,
        **_sector_rows(s, vs, pc, melt),
    }
    return out


def _country_rate(vs, mask) -> np.ndarray:
    """A country's rate of surplus value in the traded product, Σs/Σv over its sectors."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return vs["surplus"][..., mask].sum(-1) / vs["variable"][..., mask].sum(-1)


def _sector_rows(s, vs, pc, melt) -> dict[str, np.ndarray]:
    """The per-sector outputs (last axis: SECTORS), in USD unless noted."""
    with np.errstate(divide="ignore", invalid="ignore"):
        e_rate = vs["surplus"] / vs["variable"]
        composition = (vs["capital"] - vs["variable"]) / vs["variable"]
    return {
        "hours": s["hours"],
        "wage": s["wage"],
        "value_added_per_hour": s["value_added_per_hour"],
        "capital_per_hour": s["capital_per_hour"],
        "traded_share": s["traded_share"],
        "surplus_value_rate": e_rate,
        "organic_composition": composition,
        "transfer": pc["transfer"] * melt[..., None],
    }
