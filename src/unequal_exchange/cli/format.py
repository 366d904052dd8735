"""Text and JSON renderings of result Datasets for the command line (no economics here)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..model.mexico_us.accounts import ENCLAVE_LOSS, STATUS_NAMES, annuity_factor
from ..model.mexico_us.parameters import PARAMETERS

_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"))


def _usd(x: float, sign: bool = False) -> str:
    """Money with its scale spelled out: ``125.45 bn USD``; never ``-0 USD``."""
    x = float(x)
    plus = "+" if sign else ""
    for div, unit in _SCALES:
        if abs(x) >= div:
            return f"{x / div:{plus},.2f} {unit} USD"
    if abs(x) < 0.5:
        return "0 USD"
    return f"{x:{plus},.0f} USD" if abs(x) >= 1000 else f"{x:{plus}.2f} USD"


def format_quantity(x: float, units: str, sign: bool = False, percent: bool = False) -> str:
    """A value with its units, scaled for a reader: the one formatter of the reports.

    Money (units starting with ``USD``) reads ``125.45 bn USD/yr``; ratios (units ``1``) read
    ``0.1234``; with ``percent`` a rate reads ``12.65 %/yr`` (a difference ``-0.37 %/yr``,
    points of percentage); other units are scaled by thousands with the scale spelled out
    (``12.50 M h/yr``). A small value that is not zero keeps two significant digits: a change
    is never printed as 0 beside a non-zero relative change.
    """
    x = float(x)
    if x != x:
        return "n/a"
    if units.startswith("USD"):
        return _usd(x, sign) + units[3:]
    plus = "+" if sign else ""
    if percent:
        pct, per = 100.0 * x, units[1:] if units.startswith("1/") else ""
        if pct == 0:
            return f"0 %{per}"
        return f"{pct:{plus}.2f} %{per}" if abs(pct) >= 0.005 else f"{pct:{plus}.2g} %{per}"
    if units in ("1", ""):
        return f"{x:{plus}.4g}" if abs(x) >= 5e-5 or x == 0 else f"{x:{plus}.2e}"
    for div, unit in _SCALES:
        if abs(x) >= div:
            return f"{x / div:{plus},.2f} {unit} {units}"
    if x == 0:
        return f"0 {units}"
    if abs(x) < 0.005:
        return f"{x:{plus}.2g} {units}"
    return f"{x:{plus},.2f} {units}"


def _pct(v: float, gdp: float) -> str:
    """A share of GDP as ``  12.34%``; never ``-0.00%``."""
    share = float(v) / gdp
    return f"{0.0 if round(share * 100, 2) == 0 else share:8.2%}"


def _ratio(x: float, why: str) -> str:
    """A ratio right-aligned in 18 characters, or ``—`` and why it has no value (never nan)."""
    x = float(x)
    return f"{x:18.2f}" if x == x else f"{'—':>18s}  ({why})"


def _label(ds) -> str:
    """What the scenario is: the first clause of its description (which states its year),
    shortened; a scenario without one is named as a variant of the 2011 baseline."""
    text = str(ds.attrs.get("description", "")).strip()
    first = text.split(":")[0].split(";")[0].split(". ")[0].strip()
    if not first:
        return f"parameters not set are the {ds.attrs['baseline_calibration_year']} baseline's"
    return first if len(first) <= 100 else first[:99].rstrip() + "…"


# the strict sense of unequal exchange by the default factor definition (Emmanuel's per-hour
# factors, docs/model.md §2.3): the wage-per-hour gap at given capital per hour
STRICT_SENSE = ("price_transfer_by_factor[wage]",)


def _span(low: float, high: float) -> str:
    """``9.9–125.5`` in bn, or ``−26.5 to −12.4`` when an end is negative (no ``–-``)."""
    lo, hi = low / 1e9, high / 1e9
    return f"{lo:.1f}–{hi:.1f}" if min(lo, hi) >= 0 else f"{lo:.1f} to {hi:.1f}"


def _range(h, name: str, inputs: bool = True) -> str:
    """``[conventions lo–hi; inputs p5–p95]`` in bn USD for a headline channel, or ''."""
    if h is None or name not in h.channel.values:
        return ""
    d = h.sel(channel=name)
    low, high = float(d.low), float(d.high)
    moved = not np.isclose(low, high, rtol=1e-12, atol=0.0)
    s = f"  [conventions {_span(low, high)}" if moved else "  [no convention enters"
    if inputs and float(d.parametric_low) == float(d.parametric_low):
        s += f"; inputs 5–95 % {_span(float(d.parametric_low), float(d.parametric_high))}"
    return s + " bn]"


class _Report:
    """Lines of the ``run`` report; ``line`` prints a channel with its share of Mexican GDP and,
    with headlines ``h``, its range over the conventions."""

    def __init__(self, ds, gdp: float, h=None):
        self.ds, self.gdp, self.h = ds, gdp, h
        self.lines: list[str] = []

    def add(self, text: str) -> None:
        self.lines.append(text)

    def line(self, label: str, name: str, share: bool = True) -> None:
        v = float(self.ds[name])
        pct = f"{_pct(v, self.gdp)} of MX GDP" if share else ""
        self.add(f"  {label:44s} {_usd(v):>18s}/yr  {pct}{_range(self.h, name)}")


# the two factor definitions of the split (docs/model.md §2.3): Emmanuel's per-hour factors
# (the default) first, then the value-composition factors, each labelled with what it holds
_SPLITS = (
    (
        "by Emmanuel's per-hour factors (the default factor definition):",
        "price_transfer_by_factor",
        "factor",
        {
            "wage": "strict sense: wage per hour (given K/hour)",
            "composition": "broad sense: capital per hour (organic)",
            "intensity": "intensity (new value per hour)",
            "structural": "structural",
        },
    ),
    (
        "by value compositions at actual wages (alternative; K moves with v when e is "
        "switched off, K/v contains the wage gap):",
        "price_transfer_by_value_factor",
        "value_factor",
        {
            "surplus_value_rate": "rate of surplus value e (given K/v)",
            "value_composition": "value composition K/v",
            "intensity": "intensity (n, v and K scaled)",
            "structural": "structural",
        },
    ),
)
#: the senses over both factor definitions (channels of ue.headlines)
_SENSES = (
    ("strict sense, both factor definitions", "strict_sense"),
    ("broad sense, both factor definitions", "broad_sense"),
)


def run_report(ds, gdp: float, h=None) -> str:
    """The text report of ``run``; with ``h`` (:func:`headlines`), each headline channel also
    shows its range over the conventions and its parametric interval (default = the value)."""
    rep = _Report(ds, gdp, h)
    rep.add(
        f"Mexico–US accounts — scenario {ds.attrs['scenario']!r} (hours_weighting = "
        f"{ds.attrs['hours_weighting']:g})"
    )
    rep.add(f"  {_label(ds)}")
    rep.add("")
    _price_channel(rep)
    rep.add("2. Ownership channel")
    rep.line("repatriated enclave profit", "repatriated_profit")
    rep.line("enclave surplus drained (prices + ownership)", "enclave_surplus_drained")
    rep.add("3. Global labour arbitrage")
    rep.line("labour arbitrage rent", "labour_arbitrage_rent")
    rep.add("4. Indirect labour export (enclaves)")
    rep.add(f"  {'enclave hours':44s} {float(ds.enclave_hours) / 1e9:15.2f} bn h/yr")
    rep.add(
        f"  {'US full-time worker equivalents':44s} "
        f"{float(ds.enclave_worker_equivalents) / 1e6:15.2f} M"
    )
    rep.line("wage bill Mexico keeps", "enclave_wage_bill")
    rep.line("enclave exports", "enclave_exports")
    rep.line("imported components", "enclave_imported_inputs")
    _migration_channel(rep)
    rep.add("6. Total drain")
    rep.line("total drain", "total_drain")
    for c in ds.channel.values:
        rep.add(f"     share: {c:37s} {float(ds.drain_share.sel(channel=c)):18.1%}")
    if h is not None:
        _ranges_note(rep, h)
    _sector_table(rep)
    return "\n".join(rep.lines)


def _price_channel(rep: _Report) -> None:
    """Section 1: the price transfer, its two splits, both ends of the hours convention."""
    ds, gdp, h = rep.ds, rep.gdp, rep.h
    rep.add("1. Price channel (price-of-production transfer: unequal exchange, strict + broad)")
    rep.line("price transfer MX → US", "price_transfer")
    for title, name, dim, tags in _SPLITS:
        if name not in ds:
            continue
        rep.add(f"   {title}")
        for f in ds[dim].values:
            v = float(ds[name].sel({dim: f}))
            rng = _range(h, f"{name}[{f}]")
            rep.add(f"     {tags[str(f)]:42s} {_usd(v):>18s}/yr  {_pct(v, gdp)} of MX GDP{rng}")
    if h is not None:
        for label, key in _SENSES:
            if key in h.channel.values:
                rep.add(f"   {label:44s} {'':>25s}{_range(h, key, inputs=False)}")
    rep.line("  equal hours (hours_weighting = 0)", "price_transfer_equal_hours")
    rep.line("  productivity-weighted hours (= 1)", "price_transfer_productivity_weighted")
    rep.add(f"  {'equalised profit rate':44s} {float(ds.profit_rate):18.2%}")
    if "us_rate_of_surplus_value" in ds:
        e_us, e_mx = float(ds.us_rate_of_surplus_value), float(ds.mx_rate_of_surplus_value)
        flag = "  (negative: US wages exceed the value US hours create)" if e_us < 0 else ""
        label = "rate of surplus value, traded: MX / US"
        rep.add(f"  {label:44s} {e_mx:8.2f} / {e_us:.2f}{flag}")


def _migration_channel(rep: _Report) -> None:
    """Section 5: formation costs of emigrants against remittances, flows and stock."""
    ds = rep.ds
    rep.add("5. Direct labour export (migration)")
    rep.line("training cost transfer (net of returns)", "training_cost_transfer")
    rep.line("reproduction cost transfer", "reproduction_cost_transfer")
    rep.line("remittances", "remittances")
    rep.add(
        f"  {'remittances / formation-cost transfer':44s} "
        + _ratio(
            ds.remittance_compensation_ratio,
            "no net formation-cost outflow: returns and their costs offset emigration",
        )
    )
    rep.add(f"  {'training cost in the migrant stock':44s} {_usd(ds.training_cost_stock):>18s}")
    rep.add(
        f"  {'reproduction cost in the migrant stock':44s} {_usd(ds.reproduction_cost_stock):>18s}"
    )
    rep.add(
        f"  {'  = years of remittances':44s} "
        f"{float(ds.formation_cost_stock_in_remittance_years):18.1f}"
    )
    if "stock_formation_cost_annuity" in ds:
        _annuity(rep)
    rep.add(f"  {'brain waste (tertiary cost, stock)':44s} {_usd(ds.brain_waste_cost):>18s}")
    rep.line("surplus value of Mexican-born workers in US", "migrant_surplus_value")


def _annuity(rep: _Report) -> None:
    """The stock's formation cost amortised, at the default discount rate and at each option."""
    ds = rep.ds
    r, life = ds.attrs.get("discount_rate"), ds.attrs.get("working_life_years")
    tag = "stock's formation cost amortised" + (
        f" ({r:.0%}, {life:g} yr)" if r is not None and life is not None else ""
    )
    rep.line(tag, "stock_formation_cost_annuity")
    rep.add(
        f"  {'  remittances / amortised stock cost':44s} "
        + _ratio(ds.remittance_cover_of_annuity, "the migrant stock embodies no formation cost")
    )
    if life is None:
        return
    stock = float(ds.training_cost_stock + ds.reproduction_cost_stock)  # the options side by side
    rates = [v for v, _ in PARAMETERS["discount_rate"].options]
    paid = [stock * float(annuity_factor(x, life)) for x in rates]
    cover = " / ".join(f"{float(ds.remittances) / a:.2f}" for a in paid)
    rep.add(
        f"  {'    at ' + ' / '.join(f'{x:.0%}' for x in rates):44s} "
        + " / ".join(f"{a / 1e9:.1f}" for a in paid)
        + f" bn USD/yr; remittances cover {cover}"
    )


# the channels of the factor splits, named as the report's lines name them
_SHORT = {
    "price_transfer_by_factor[wage]": "wage per hour (Emmanuel's split)",
    "price_transfer_by_factor[composition]": "capital per hour (Emmanuel's split)",
    "price_transfer_by_factor[intensity]": "intensity (Emmanuel's split)",
    "price_transfer_by_value_factor[surplus_value_rate]": "rate of surplus value e (alternative)",
    "price_transfer_by_value_factor[value_composition]": "value composition K/v (alternative)",
    "price_transfer_by_value_factor[intensity]": "intensity (alternative)",
}


def _short(channel: str) -> str:
    """A headline channel as the report names it (no internal keys)."""
    return _SHORT.get(channel, channel.replace("_", " "))


def _ranges_note(rep: _Report, h) -> None:
    """What the bracketed ranges mean: every combination of the conventions a line reads, the
    narrower one-at-a-time ranges where they differ, and the parametric interval."""
    conv = h.convention.values
    options = "; ".join(
        f"{c}: {' | '.join(str(o) for o in h.option.values[conv == c])}"
        for c in dict.fromkeys(conv)
        if c != "io_basis"
    )
    narrower = "; ".join(
        f"{_short(c)} {_span(float(d.one_at_a_time_low), float(d.one_at_a_time_high))}"
        for c in h.channel.values
        for d in [h.sel(channel=c)]
        if not np.isclose(float(d.one_at_a_time_low), float(d.low), rtol=1e-9, atol=1e6)
    )
    pt = h.sel(channel="price_transfer")
    rep.add("")
    rep.add(
        "Ranges: the value printed is the default (the scenario's conventions; the strict and "
        "broad senses by Emmanuel's per-hour factors). [conventions lo–hi] is the envelope over "
        "every combination of the options of the conventions the line reads, the others at the "
        f"scenario's values (price transfer: the {int(pt.combinations)} combinations of "
        f"{pt.conventions.values!s}; the senses over both factor definitions too). "
        f"Options: {options}. "
        + (
            f"One convention at a time gives narrower ranges, missing the joint corners: "
            f"{narrower}. "
            if narrower
            else ""
        )
        + "Lows and highs of different lines come from different combinations: not additive "
        f"across lines. [inputs 5–95 %]: {_sample_note(h)} over the uncertain inputs "
        "(conventions never drawn). Other bases: `unequal-exchange measures wiod-2009`."
    )


def _sample_note(h) -> str:
    """``3594 Sobol' points`` and, if some were not viable, how many and why."""
    viable, size = h.attrs["parametric_points"], h.attrs.get("parametric_sample_size", 0)
    if not size or size == viable:
        return f"{viable} Sobol' points"
    why = h.attrs.get("parametric_non_viable") or "not viable"
    note = f"{viable} of {size} Sobol' points ({size - viable} non-viable, left out: {why})"
    note += "; leaving them out conditions the interval on viability"
    if STATUS_NAMES[ENCLAVE_LOSS] in why:
        note += (
            " (the enclave-profit points are high enclave wages, where the transfer is lower: "
            "dropping them raises the interval)"
        )
    return note


def _sector_table(rep: _Report) -> None:
    """Per sector: hours, wage, value added per hour, s/v, (K − v)/v and the transfer."""
    ds = rep.ds
    rep.add("")
    rep.add(
        "Per sector (s/v and (K−v)/v in value terms; transfer = price of production − value, "
        "+ gains, − loses):"
    )
    rep.add("                hours (bn h)  wage (USD/h)  VA/h (USD)  s/v    (K−v)/v  transfer")
    for s in ds.sector.values:
        d = ds.sel(sector=s)
        rep.add(
            f"  {s:14s} {float(d.hours) / 1e9:10.2f} {float(d.wage):12.2f} "
            f"{float(d.value_added_per_hour):11.2f} {float(d.surplus_value_rate):7.2f} "
            f"{float(d.organic_composition):8.2f}  {_usd(d.transfer, sign=True) + '/yr':>19s}"
        )
    if bool((ds.surplus_value_rate < 0).any()):
        w = ds.attrs["hours_weighting"]
        rep.add(
            f"  s/v < 0: the wage exceeds the value an hour creates at hours_weighting = {w:g} "
            "(the labour-aristocracy implication of equal hours; docs/model.md §3.2)"
        )


def jsonable(ds) -> dict:
    out = {"attrs": {k: (v.item() if hasattr(v, "item") else v) for k, v in ds.attrs.items()}}
    for name, var in ds.data_vars.items():
        values = var.values
        entry = {"units": var.attrs.get("units", ""), "dims": list(var.dims)}
        entry["value"] = values.item() if values.ndim == 0 else values.tolist()
        out[name] = entry
    out["coords"] = {k: [str(x) for x in ds[k].values] for k in ds.dims}
    return out


def _g(x) -> str:
    return f"{float(x):.4g}"


def _reasons(codes, names: Mapping[int, str], unit: str = "point") -> str:
    """``an enclave's ... (83 points)`` or ``50 × reason, 4 × reason`` by count, largest first."""
    values, counts = np.unique(np.asarray(codes).astype(int), return_counts=True)
    order = np.argsort(-counts, kind="stable")
    named = [(int(counts[i]), names.get(int(values[i]), f"status {int(values[i])}")) for i in order]
    if len(named) == 1:
        n, why = named[0]
        return f"{why} ({n} {unit}{'s' if n > 1 else ''})"
    return ", ".join(f"{n} × {why}" for n, why in named)


def _threshold(bad: np.ndarray, coord: np.ndarray) -> tuple[str, float, float] | None:
    """(">=" or "<=", t, g) if the points are non-viable exactly where coord >= t (or <= t);
    g is the last viable value before t: viability flips between g and t, not at t."""
    good_c, bad_c = coord[~bad], coord[bad]
    if good_c.size == 0 or bad_c.size == 0:
        return None
    if good_c.max() < bad_c.min():
        return "≥", float(bad_c.min()), float(good_c.max())
    if good_c.min() > bad_c.max():
        return "≤", float(bad_c.max()), float(good_c.min())
    return None


def _between(pairs) -> str:
    """``(flips between 0.4 and 0.5)``: the last viable and the first non-viable grid value."""
    spans = [f"{_g(g)} and {_g(t)}" for t, g in pairs if g == g]
    if not spans:
        return "(on this grid)"
    return f"(on this grid: flips between {', '.join(spans)})"


def _grid_thresholds(status) -> str | None:
    """Along one axis of a grid: where viability flips, given the other axes (the axis that
    flips at most once in every row, with the fewest distinct thresholds, then the finest).
    Axes viability does not depend on are left out."""
    flags = status != 0
    for dim in status.dims:
        if bool((flags.all(dim) == flags.any(dim)).all()):
            flags = flags.isel({dim: 0}, drop=False)
    status, bad = flags, np.asarray(flags.values)
    best = None
    for dim in status.dims:
        coord = np.asarray(status[dim].values)
        if coord.dtype.kind not in "fiu" or coord.size < 2:
            continue
        others = [d for d in status.dims if d != dim]
        rows = np.moveaxis(bad, status.dims.index(dim), -1).reshape(-1, coord.size)
        found: list[tuple[str, float, float] | None] = []
        for row in rows:
            if not row.any():
                found.append(None)
                continue
            t = _threshold(row, coord) if not row.all() else ("*", np.nan, np.nan)
            if t is None:
                break
            found.append(t)
        else:
            signs = {t[0] for t in found if t is not None} - {"*"}
            if len(signs) != 1:  # no row flips along this axis, or rows flip both ways
                continue
            sign = signs.pop()
            # a row non-viable throughout: from the axis's first value on
            whole = float(coord.min() if sign == "≥" else coord.max())
            found = [t if t is None or t[0] != "*" else (sign, whole, np.nan) for t in found]
            distinct = sorted({t[1] for t in found if t is not None})
            key = (len(distinct), -coord.size)  # fewest thresholds, then the finest axis
            if best is None or key < best[0]:
                best = (key, dim, sign, distinct, found, others)
    if best is None:
        return None
    _, dim, sign, distinct, found, others = best
    if len(distinct) == 1 and all(t is not None for t in found):
        goods = {t[2] for t in found if t is not None and t[2] == t[2]}
        flips = _between([(distinct[0], goods.pop())]) if len(goods) == 1 else "(on this grid)"
        return f"{dim} {sign} {_g(distinct[0])} {flips}"
    if len(others) == 1 and len(found) <= 4:
        pairs = [(t, v) for t, v in zip(found, status[others[0]].values, strict=True) if t]
        # one clause per value of the other axis: "≥ 0.4 at imports = 0.7 (… 0.3 and 0.4)"
        clauses = [
            f"{sign} {_g(t[1])} at {others[0]} = {_g(v)}"
            + (f" (flips between {_g(t[2])} and {_g(t[1])})" if t[2] == t[2] else "")
            for t, v in pairs
        ]
        return f"{dim} {'; '.join(clauses)}"
    where = f"{_g(distinct[0])}–{_g(distinct[-1])}" if len(distinct) > 1 else _g(distinct[0])
    return f"{dim} {sign} {where}, depending on {', '.join(others)}"


def nonviable_line(
    status, names: Mapping[int, str], first: int = 3, unit: str = "point"
) -> str | None:
    """One line naming the non-viable points of a sweep and why, or None if every point is viable.

    ``status`` is the sweep's status DataArray (0 = ok), ``names`` its codes' meanings,
    ``unit`` what one element is (a point, a path). The
    points are named by where viability flips along an axis (a grid), by a threshold on a
    sampled parameter, or else by the first few points with their parameter values.
    """
    codes = np.asarray(status.values)
    bad = codes != 0
    if not bad.any():
        return None
    why = _reasons(codes[bad], names, unit)
    if bad.all():
        return f"every {unit} is non-viable: {why}"
    params = [
        str(c)
        for c in status.coords
        if c not in status.dims
        and status[c].dims
        and set(status[c].dims) <= set(status.dims)
        and np.asarray(status[c].values).dtype.kind in "fiu"
    ]
    where = None
    if status.ndim == 1 and params:  # a sample: a threshold on one sampled parameter
        for p in params:
            t = _threshold(bad, np.asarray(status[p].values))
            if t is not None:
                where = f"{p} {t[0]} {_g(t[1])} (sampled: flips between {_g(t[2])} and {_g(t[1])})"
                break
    elif not params:
        where = _grid_thresholds(status)
    if where is not None:
        return f"non-viable where {where}: {why}"
    labels = params or [d for d in status.dims]
    idx = np.argwhere(bad)
    shown = []
    for point in idx[:first]:
        at = status[dict(zip(status.dims, (int(i) for i in point), strict=True))]
        shown.append("(" + ", ".join(f"{k}={_g(at[k].values)}" for k in labels) + ")")
    more = f" and {len(idx) - first} more" if len(idx) > first else ""
    return f"non-viable: {', '.join(shown)}{more}: {why}"
