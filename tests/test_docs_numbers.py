"""The headline numbers printed in docs/model.md §3.4 and the README are the package's own.

Each number is compared with what :func:`unequal_exchange.headlines` computes (default, range
over the conventions, 5–95 % interval over the uncertain inputs with its default sample) to the
precision it is printed with: a figure printed as 113 must lie within 0.5 of the computed one,
a figure printed as 22.6 within 0.05.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import unequal_exchange as ue

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"−?\d+(?:\.\d+)?"
# rows of the §3.4 table -> channel of ue.headlines
ROWS = {
    "price transfer": "price_transfer",
    "of which strict sense": "price_transfer_by_value_factor[surplus_value_rate]",
    "repatriated enclave profit": "repatriated_profit",
    "enclave surplus drained": "enclave_surplus_drained",
    "labour arbitrage rent": "labour_arbitrage_rent",
    "total drain": "total_drain",
}


@pytest.fixture(scope="module")
def headlines():
    h = ue.headlines("baseline", io_year=None)
    return {str(c): h.sel(channel=c) for c in h.channel.values}


def _num(text: str) -> float:
    return float(text.replace("−", "-"))


def _close(printed: str, value_usd: float) -> bool:
    """``printed`` (bn USD) equals ``value_usd`` to the digits it is printed with."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(_num(printed) - value_usd / 1e9) <= 0.5 * 10**-decimals + 1e-9


def _table_rows() -> dict[str, list[str]]:
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    section = text[text.index("### 3.4 Baseline results") :]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        for label in ROWS:
            if cells and cells[0].startswith(label) and label not in rows:
                rows[label] = cells
    return rows


@pytest.mark.parametrize("label", list(ROWS))
def test_model_md_baseline_table_is_what_headlines_computes(label, headlines):
    cells = _table_rows()[label]
    d = headlines[ROWS[label]]
    default = re.match(NUMBER, cells[1]).group(0)
    assert _close(default, float(d.default)), (label, cells[1], float(d.default))
    conv = re.match(rf"({NUMBER})(?:–({NUMBER}))?", cells[2])
    low, high = conv.group(1), conv.group(2) or conv.group(1)
    assert _close(low, float(d.low)) and _close(high, float(d.high)), (label, cells[2])
    plo, phi = re.fullmatch(rf"({NUMBER})–({NUMBER})", cells[3]).groups()
    assert _close(plo, float(d.parametric_low)), (label, cells[3], float(d.parametric_low))
    assert _close(phi, float(d.parametric_high)), (label, cells[3], float(d.parametric_high))


def test_readme_headline_sentence_is_what_headlines_computes(headlines):
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    price, drain = headlines["price_transfer"], headlines["total_drain"]
    strict = headlines["price_transfer_by_value_factor[surplus_value_rate]"]
    m = re.search(rf"price transfer is \*\*({NUMBER}) bn USD .*? ({NUMBER}) bn \(", text)
    assert _close(m.group(1), float(price.default)) and _close(m.group(2), float(price.low))
    m = re.search(rf"({NUMBER})–({NUMBER}) bn over the uncertain inputs", text)
    assert _close(m.group(1), float(price.parametric_low))
    assert _close(m.group(2), float(price.parametric_high))
    m = re.search(rf"strict sense .*? is ({NUMBER}) bn", text)
    assert _close(m.group(1), float(strict.default))
    m = re.search(
        rf"total drain is ({NUMBER}) bn \({NUMBER} %\), ({NUMBER})–({NUMBER}) bn over the "
        rf"conventions, ({NUMBER})–({NUMBER}) bn over the inputs",
        text,
    )
    got = [float(drain[k]) for k in ("default", "low", "high")]
    got += [float(drain.parametric_low), float(drain.parametric_high)]
    assert all(_close(p, v) for p, v in zip(m.groups(), got, strict=True)), (m.groups(), got)


def test_readme_measures_sentence_is_what_measures_computes():
    """README: the four measures of the literature for 2011 at their defaults, % of GDP."""
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    m = re.search(
        rf"for 2011 ({NUMBER}) %, ({NUMBER}) % \(embodied hours at the US wage\), "
        rf"({NUMBER}) % and ({NUMBER}) % of GDP",
        text,
    )
    ds = ue.measures("baseline")
    order = (
        "price_of_production",
        "embodied_labour",
        "exchange_rate_deviation",
        "captured_minus_produced",
    )
    for printed, family in zip(m.groups(), order, strict=True):
        share = ds.share_gdp.sel(measure=(ds.family == family) & ds.default)
        assert share.size == 1
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        assert abs(_num(printed) - 100 * float(share[0])) <= 0.5 * 10**-decimals + 1e-9, family
