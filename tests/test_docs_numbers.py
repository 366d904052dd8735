"""The headline numbers printed in docs/model.md §3.4 and the README are the package's own.

Each number is compared with what :func:`unequal_exchange.headlines` computes (default, range
over the conventions, 5–95 % interval over the uncertain inputs with its default sample) to the
precision it is printed with: a figure printed as 113 must lie within 0.5 of the computed one,
a figure printed as 22.6 within 0.05.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import unequal_exchange as ue

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"−?\d+(?:\.\d+)?"
# rows of the §3.4 table -> channel of ue.headlines
ROWS = {
    "price transfer": "price_transfer",
    "strict sense, both factor definitions": "strict_sense",
    "· by Emmanuel's factors: wage per hour": "price_transfer_by_factor[wage]",
    "· by value compositions: e at given K/v": "price_transfer_by_value_factor[surplus_value_rate]",
    "broad sense, both factor definitions": "broad_sense",
    "· by Emmanuel's factors: capital per hour": "price_transfer_by_factor[composition]",
    "· by value compositions: K/v at actual wages": (
        "price_transfer_by_value_factor[value_composition]"
    ),
    "repatriated enclave profit": "repatriated_profit",
    "enclave surplus drained": "enclave_surplus_drained",
    "labour arbitrage rent": "labour_arbitrage_rent",
    "total drain": "total_drain",
}


# the value-composition definition's strict and broad factors
SENSE_CHANNELS = (
    "price_transfer_by_value_factor[surplus_value_rate]",
    "price_transfer_by_value_factor[value_composition]",
)


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


def test_model_md_splits_at_three_hours_conventions_are_what_run_computes():
    """§3.4: both splits at α = 0, 0.72 and 1, and the 3,594 of 3,648 points of the interval."""
    text = _section("### 3.4 Baseline results", "### 3.5")
    base = ue.load_scenario("baseline")

    def split(ds, name):
        return [float(x) for x in ds[name].values[:3]]

    ds = ue.run(base)
    m = re.search(
        rf"Emmanuel's per-hour factors \(the default\) into ({NUMBER}) bn strict \(wage per "
        rf"hour\) and ({NUMBER}) bn broad \(capital per hour\), and by the value-composition "
        rf"factors into ({NUMBER}) bn \(e at given K/v\) and ({NUMBER}) bn",
        text,
    )
    want = (
        split(ds, "price_transfer_by_factor")[:2] + split(ds, "price_transfer_by_value_factor")[:2]
    )
    assert all(_close(p, v) for p, v in zip(m.groups(), want, strict=True)), m.groups()
    for alpha, phrase in ((0.72, "At the PPP-anchored α = 0.72 the transfer is"),
                          (1.0, "With productivity-weighted hours it is")):  # fmt: skip
        ds = ue.run(base.with_parameters(hours_weighting=alpha))
        tail = text[text.index(phrase) + len(phrase) :]
        nums = re.findall(NUMBER, tail)[:9]
        got = [float(ds.price_transfer), 100 * float(ds.price_transfer_share_gdp) * 1e9]
        got += split(ds, "price_transfer_by_factor") + split(ds, "price_transfer_by_value_factor")
        assert _close(nums[0], got[0]) and _close(nums[1], got[1]), (alpha, nums)
        assert all(_close(p, v) for p, v in zip(nums[2:8], got[2:], strict=True)), (alpha, nums)
    h = ue.headlines("baseline", io_year=None)
    m = re.search(r"(\d,\d{3}) of (\d,\d{3}) Sobol'\s+points", text)
    assert (int(m[1].replace(",", "")), int(m[2].replace(",", ""))) == (
        h.attrs["parametric_points"],
        h.attrs["parametric_sample_size"],
    )
    size = h.attrs["parametric_sample_size"] - h.attrs["parametric_points"]
    assert f"The {size} points left out are not viable" in text


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
    # every combination of the conventions read (their count in brackets), then one at a time
    conv = re.match(rf"({NUMBER})(?:–({NUMBER}))? \((\d+|no convention)\)", cells[2])
    low, high = conv.group(1), conv.group(2) or conv.group(1)
    assert _close(low, float(d.low)) and _close(high, float(d.high)), (label, cells[2])
    assert conv.group(3) == (
        "no convention" if int(d.combinations) == 1 else str(int(d.combinations))
    )
    one = re.fullmatch(rf"({NUMBER})(?:–({NUMBER}))?", cells[3])
    lo1, hi1 = one.group(1), one.group(2) or one.group(1)
    assert _close(lo1, float(d.one_at_a_time_low)), (label, cells[3])
    assert _close(hi1, float(d.one_at_a_time_high)), (label, cells[3])
    plo, phi = re.fullmatch(rf"({NUMBER})–({NUMBER})", cells[4]).groups()
    assert _close(plo, float(d.parametric_low)), (label, cells[4], float(d.parametric_low))
    assert _close(phi, float(d.parametric_high)), (label, cells[4], float(d.parametric_high))


def test_readme_headline_sentence_is_what_headlines_computes(headlines):
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    price, drain = headlines["price_transfer"], headlines["total_drain"]
    strict, broad = headlines["strict_sense"], headlines["broad_sense"]
    m = re.search(
        rf"price transfer is \*\*({NUMBER}) bn USD .*?, ({NUMBER})–({NUMBER}) bn over every "
        "combination of the conventions",
        text,
    )
    got = [float(price[k]) for k in ("default", "low", "high")]
    assert all(_close(p, v) for p, v in zip(m.groups(), got, strict=True)), (m.groups(), got)
    m = re.search(rf"({NUMBER}) bn \({NUMBER} %\) with productivity-weighted hours alone", text)
    assert _close(m.group(1), float(price.one_at_a_time_low))
    m = re.search(rf"({NUMBER})–({NUMBER}) bn \(5–95 %", text)
    assert _close(m.group(1), float(price.parametric_low))
    assert _close(m.group(2), float(price.parametric_high))
    m = re.search(
        rf"strict sense \(Emmanuel's per-hour factors: .*?\) is ({NUMBER}) bn and the broad "
        rf"sense \(capital per hour\) ({NUMBER}) bn",
        text,
    )
    assert _close(m.group(1), float(strict.default)) and _close(m.group(2), float(broad.default))
    m = re.search(
        rf"they are ({NUMBER}) and ({NUMBER}) bn, ({NUMBER})–({NUMBER}) and ({NUMBER}) to "
        rf"({NUMBER}) bn over both definitions",
        text,
    )
    alt = [headlines[c] for c in SENSE_CHANNELS]
    got = [float(alt[0].default), float(alt[1].default)]
    got += [float(strict.low), float(strict.high), float(broad.low), float(broad.high)]
    assert all(_close(p, v) for p, v in zip(m.groups(), got, strict=True)), (m.groups(), got)
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


def _section(name: str, end: str) -> str:
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    start = text.index(name)
    return " ".join(text[start : text.index(end, start)].split())


def test_model_md_factor_definitions_paragraph_is_what_the_code_computes():
    """§2.3: the default and alternative strict/broad senses, the K/v of each country, the
    capital the e-off counterfactual creates and intensity's share under each definition."""
    from unequal_exchange.model.mexico_us import accounts as mu

    text = _section("### 2.3 Decomposition", "### 2.4")
    ds = ue.run("baseline")
    m = re.search(
        rf"strict sense is ({NUMBER}) bn by Emmanuel's wage-per-hour gap \(the default\) and "
        rf"({NUMBER}) bn by e at given K/v, and the broad sense is ({NUMBER}) and ({NUMBER}) bn",
        text,
    )
    got = [
        float(ds.price_transfer_by_factor.sel(factor="wage")),
        float(ds.price_transfer_by_value_factor.sel(value_factor="surplus_value_rate")),
        float(ds.price_transfer_by_factor.sel(factor="composition")),
        float(ds.price_transfer_by_value_factor.sel(value_factor="value_composition")),
    ]
    assert all(_close(p, v) for p, v in zip(m.groups(), got, strict=True)), (m.groups(), got)
    vs = mu.value_system(mu.sectors(dict(ue.load_scenario("baseline").parameters)), 0.0)
    mx = np.array([c == "MX" for c in mu.COUNTRIES])
    k, v = np.asarray(vs["capital"]), np.asarray(vs["variable"])
    kv = (k[mx].sum() / v[mx].sum(), k[~mx].sum() / v[~mx].sum())
    m = re.search(rf"it is ({NUMBER}) in Mexico against ({NUMBER}) in the US", text)
    assert [round(x, 1) for x in kv] == [_num(m[1]), _num(m[2])]
    # Emmanuel's table: ΣK under the e-off rule, and intensity's share with hours = [60, 120]
    table = ue.ValueTable([240, 120], [50, 50], [100, 20], [20, 100], countries=["c", "p"])
    e_off_k = np.array([240, 120]) * (120 / 240) / (np.array([100, 20]) / 120)  # K (1+e_c)/(1+e_w)
    m = re.search(rf"ΣK rises from ({NUMBER}) to ({NUMBER}), \+({NUMBER}) %", text)
    assert [_num(x) for x in m.groups()] == [360, round(e_off_k.sum()), 40]
    hours = table.replace(hours=np.array([60.0, 120.0]))
    m = re.search(rf"share is ({NUMBER}) by Emmanuel's factors and ({NUMBER}) by these", text)
    shares = [
        float(ue.decompose(hours, factors=d).sel(country="c", factor="intensity").contribution)
        for d in ("emmanuel", "value_composition")
    ]
    assert [_num(m[1]), _num(m[2])] == [round(shares[0]), round(shares[1], 2)]
