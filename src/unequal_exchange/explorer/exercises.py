"""Guided exercises: the two classical tables, solved step by step by the engine.

Each exercise is a list of :class:`Step` (a question, then the engine's answer as a small table),
built from :func:`~unequal_exchange.transform` and :func:`~unequal_exchange.decompose` at run
time, never typed in: tests check the answers against the published figures (Marx 1894,
*Capital* III ch. 9: r = 22 %, prices 92, 103, 113, 77, 37; Emmanuel 1972 ch. 2: transfers 20 and
60 = 40 strict + 20 broad).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.engine.decompose import decompose
from ..model.engine.value_table import ValueTable, transform


@dataclass(frozen=True)
class Step:
    """One step: what to compute (``question``) and the engine's answer (``columns`` -> values
    per row label, with a short ``note``)."""

    question: str
    rows: tuple[str, ...]
    columns: dict[str, tuple[float, ...]]
    note: str = ""


def capital_iii_table() -> ValueTable:
    """Marx (1894), *Capital* III ch. 9, first table: five capitals of 100, e = 100 %."""
    return ValueTable(
        advanced=[100, 100, 100, 100, 100],
        constant=[50, 51, 51, 40, 10],
        variable=[20, 30, 40, 15, 5],
        surplus=[20, 30, 40, 15, 5],
        sectors=["I", "II", "III", "IV", "V"],
    )


def _col(values) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(values).ravel())


def capital_iii_steps() -> list[Step]:
    """The transformation of Capital III ch. 9 in four steps."""
    table = capital_iii_table()
    ds = transform(table)
    rows = tuple(str(s) for s in ds.sector.values)
    advanced = _col(table.advanced)
    r = float(ds.profit_rate)
    comp = composition(table)
    social = social_composition(table)
    gainers = ", ".join(str(s) for s, t in zip(rows, _col(ds.transfer), strict=True) if t > 0)
    losers = ", ".join(str(s) for s, t in zip(rows, _col(ds.transfer), strict=True) if t < 0)
    return [
        Step(
            "The data: capital advanced K (all 100), of which constant capital advanced K − v "
            "and variable capital v; the composition q = (K − v)/v; constant capital used up "
            "c and surplus value s (rate of surplus value e = s/v = 100 %).",
            rows,
            {
                "K": advanced,
                "K − v": _col(np.asarray(table.advanced) - np.asarray(table.variable)),
                "v": _col(table.variable),
                "q = (K − v)/v": _col(comp),
                "c used up": _col(table.constant),
                "s": _col(table.surplus),
            },
            note=f"Social average composition Σ(K − v)/Σv = {social:.2f}.",
        ),
        Step(
            "Value of each commodity: λ = c + v + s. Cost price: k = c + v.",
            rows,
            {"value λ": _col(ds.value), "cost price k": _col(ds.cost_price)},
        ),
        Step(
            "General rate of profit: r = Σ s / Σ K (total surplus value over total capital "
            "advanced).",
            ("all",),
            {"Σ s": (float(table.surplus.sum()),), "Σ K": (float(sum(advanced)),), "r": (r,)},
            note=f"r = {r:.0%}: Marx's 22 %.",
        ),
        Step(
            "Price of production π = k + r K; transfer t = π − λ = r K − s (+ = gains "
            "value). Check that Σ π = Σ λ and Σ t = 0.",
            rows,
            {"price π": _col(ds.price), "transfer t": _col(ds.transfer)},
            note=f"Σ π = {float(ds.price.sum()):g} = Σ λ = {float(ds.value.sum()):g}; "
            f"Σ t = {float(ds.transfer.sum()):+.0f}. Capitals of composition above the social "
            f"average {social:.2f} gain ({gainers}: V and IV most, I slightly); those below it "
            f"lose ({losers}).",
        ),
    ]


def composition(table: ValueTable) -> np.ndarray:
    """Composition of each capital advanced, q = (K − v)/v (constant over variable capital
    advanced)."""
    return (np.asarray(table.advanced) - np.asarray(table.variable)) / np.asarray(table.variable)


def social_composition(table: ValueTable) -> float:
    """The social average composition Σ(K − v)/Σv."""
    k, v = np.asarray(table.advanced), np.asarray(table.variable)
    return float((k - v).sum() / v.sum())


def emmanuel_table(core_wage: float = 100.0, periphery_wage: float = 20.0) -> ValueTable:
    """Emmanuel (1972, ch. 2): K = 240/120, c = 50/50 and 120 hours of new value in each
    country, of which ``core_wage`` and ``periphery_wage`` are paid as wages (100/20 in the
    unequal-wage table, 60/60 in the equal-wage one)."""
    return ValueTable(
        advanced=[240, 120],
        constant=[50, 50],
        variable=[core_wage, periphery_wage],
        surplus=[120 - core_wage, 120 - periphery_wage],
        countries=["core", "periphery"],
    )


def emmanuel_steps() -> list[Step]:
    """Emmanuel's equal- and unequal-wage tables, and the strict/broad split of the transfer:
    Emmanuel's per-hour factors (the default), then the split by rates of surplus value and
    value compositions (the alternative)."""
    equal = transform(emmanuel_table(60.0, 60.0))
    unequal_table = emmanuel_table(100.0, 20.0)
    unequal = transform(unequal_table)
    split = decompose(unequal_table).sel(country="core")
    # the alternative (docs/model.md §2.3): rates of surplus value and value compositions K/v
    alt = decompose(unequal_table, factors="value_composition").sel(country="core")
    strict = float(alt.contribution.sel(factor="surplus_value_rate"))
    broad = float(alt.contribution.sel(factor="value_composition"))
    kv = np.asarray(unequal_table.advanced) / np.asarray(unequal_table.variable)
    rows = ("core", "periphery")
    return [
        Step(
            "Equal wages (v = 60, s = 60 in both): only the organic compositions differ "
            "(K = 240 against 120). Equalise the profit rate: who gains?",
            rows,
            {
                "value": _col(equal.value),
                "price": _col(equal.price),
                "transfer": _col(equal.transfer),
            },
            note=f"r = {float(equal.profit_rate):.1%}; the core gains "
            f"{float(equal.transfer_by_country.sel(country='core')):.0f}: the broad sense.",
        ),
        Step(
            "Unequal wages: the core pays v = 100 (s = 20), the periphery v = 20 (s = 100), the "
            "same 120 hours of new value. Equalise the profit rate again.",
            rows,
            {
                "value": _col(unequal.value),
                "price": _col(unequal.price),
                "transfer": _col(unequal.transfer),
            },
            note=f"r = {float(unequal.profit_rate):.1%}; the core now gains "
            f"{float(unequal.transfer_by_country.sel(country='core')):.0f}.",
        ),
        Step(
            "Split the core's gain (Shapley) by Emmanuel's per-hour factors, the default: how "
            "much is due to the wage gap at given capital per hour (strict sense), how much to "
            "the gap in capital per hour, the organic composition (broad sense)?",
            ("core",),
            {
                "wage (strict)": (float(split.contribution.sel(factor="wage")),),
                "composition (broad)": (float(split.contribution.sel(factor="composition")),),
                "structural": (float(split.structural),),
                "total": (float(split.total),),
            },
            note=f"{float(split.total):.0f} = "
            f"{float(split.contribution.sel(factor='wage')):.0f} strict + "
            f"{float(split.contribution.sel(factor='composition')):.0f} broad, by Emmanuel's "
            "factors: wage per hour and capital per hour (here every hour creates the same "
            "value, so the wage gap is the gap in rates of surplus value at given capital).",
        ),
        Step(
            "The alternative: split the same gain by rates of surplus value and value "
            "compositions (K/v at actual wages): switch off the gap in rates of surplus value "
            "e = s/v holding each country's K/v fixed (strict), and the gap in K/v (broad).",
            ("core",),
            {
                "rate of surplus value (strict)": (strict,),
                "value composition K/v (broad)": (broad,),
                "total": (float(alt.total),),
            },
            note=f"{float(alt.total):.0f} = {strict:.1f} strict {'−' if broad < 0 else '+'} "
            f"{abs(broad):.1f} broad, against {float(split.contribution.sel(factor='wage')):.0f}"
            f" and {float(split.contribution.sel(factor='composition')):.0f} by Emmanuel's "
            "factors. Both switch the rate of surplus value off; they differ in whether capital "
            "follows wages. Holding K/v fixed moves K with v when e is switched off, so the "
            "world's capital is not conserved; and since v is the wage bill, K/v at actual wages "
            f"contains the wage gap (core {kv[0]:.1f}, periphery {kv[1]:.1f}), so this broad "
            "part treats the periphery as the more capital-intensive economy and the strict part "
            "comes out larger.",
        ),
    ]


def emmanuel_live(periphery_wage: float) -> dict[str, float]:
    """The core's gain and its split when the periphery pays ``periphery_wage`` (the core keeps
    v = 100, s = 20; each country creates 120 hours of new value)."""
    table = emmanuel_table(100.0, periphery_wage)
    split = decompose(table).sel(country="core")
    return {
        "profit_rate": float(transform(table).profit_rate),
        "total": float(split.total),
        "wage": float(split.contribution.sel(factor="wage")),
        "composition": float(split.contribution.sel(factor="composition")),
        "structural": float(split.structural),
    }
