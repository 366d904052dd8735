"""Four measures of unequal exchange: hand computations, signs, monotonicity, headlines."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.calibration.data import figure, pwt
from unequal_exchange.model.mexico_us import measures as me
from unequal_exchange.scenarios import measures as sm


def _pick(ds, family, default=True, contains=""):
    sel = ds.sel(measure=(ds.family == family) & ds.variant.str.contains(contains))
    if default:
        sel = sel.sel(measure=sel.default)
    return float(sel.value[0])


# --- hand computations on small examples ---------------------------------------------------


def test_embodied_labour_by_hand():
    d = me.embodied_labour_exchange([10.0, 3.0], [4.0, 3.0], 20.0, 2.0, 8.0)
    assert d["net_hours"].tolist() == [6.0, 0.0]
    assert d["at_us_wage"].tolist() == [120.0, 0.0]
    assert d["at_mx_wage"].tolist() == [12.0, 0.0]
    assert d["at_melt"].tolist() == [48.0, 0.0]


def test_exchange_rate_deviation_by_hand():
    # Mexican prices 40 % of the US's: each export dollar buys 2.5 dollars' worth in Mexico
    assert me.exchange_rate_deviation(200.0, 0.4, 1.0) == pytest.approx(300.0)
    # same reference year level for both: only the ratio matters
    assert me.exchange_rate_deviation(200.0, 0.2, 0.5) == pytest.approx(300.0)
    # a country dearer than the US gains
    assert me.exchange_rate_deviation(100.0, 1.25, 1.0) == pytest.approx(-20.0)


def test_captured_minus_produced_by_hand():
    # 4 h of Mexican labour in a pool whose MELT is 25 USD/h, paid 60 USD of value added
    assert me.captured_minus_produced(4.0, 60.0, 25.0) == pytest.approx(40.0)


def test_stylised_pool_by_hand():
    p = dict(ue.load_scenario("baseline").parameters)
    pool = me.stylised_pool(p)
    run = ue.run("baseline")
    traded = run.traded_share * run.hours
    mx = run.sector_country == "MX"
    assert float(pool["hours_mx"]) == pytest.approx(float(traded.where(mx).sum()), rel=1e-12)
    assert float(pool["hours_us"]) == pytest.approx(float(traded.sel(sector="us")), rel=1e-12)
    va = float((traded * run.value_added_per_hour).sum())
    assert float(pool["melt"]) == pytest.approx(va / float(traded.sum()), rel=1e-12)


def test_stylised_measures_match_hand_and_run():
    sc = ue.load_scenario("baseline")
    m = ue.measures(sc)
    run = ue.run(sc)
    assert _pick(m, "price_of_production") == pytest.approx(float(run.price_transfer))
    assert _pick(m, "ownership") == pytest.approx(float(run.repatriated_profit))
    assert _pick(m, "labour_arbitrage") == pytest.approx(float(run.labour_arbitrage_rent))
    t = pwt()
    ratio = t[("USA", 2011)]["pl_gdpo"] / t[("MEX", 2011)]["pl_gdpo"]
    x = float(sc.parameters["mx_exports_to_us"])
    assert _pick(m, "exchange_rate_deviation") == pytest.approx(x * (ratio - 1))
    x_all = figure("M12_total_exports_2011").value * 1e6
    assert _pick(m, "exchange_rate_deviation", False, "all exports") == pytest.approx(
        x_all * (ratio - 1)
    )
    # captured minus produced at equal hours: MELT x Mexican traded hours - their value added
    traded = run.traded_share * run.hours
    mx = run.sector_country == "MX"
    produced = float(run.melt) * float(traded.where(mx).sum())
    captured = float((traded * run.value_added_per_hour).where(mx).sum())
    assert _pick(m, "captured_minus_produced") == pytest.approx(produced - captured, rel=1e-10)
    # share of GDP
    assert np.allclose(m.share_gdp, m.value / float(sc.parameters["mx_gdp"]))


def test_captured_minus_produced_vanishes_when_hours_are_weighted_by_value_added():
    """At hours_weighting = 1 value produced is value added: nothing is captured elsewhere."""
    m = ue.measures("baseline")
    v = _pick(m, "captured_minus_produced", False, "weighted")
    assert abs(v) < 1e-6 * _pick(m, "captured_minus_produced")


def test_convention_grid_ranges_over_every_convention_option():
    params = ue.model.mexico_us.parameters.PARAMETERS
    p = dict(ue.load_scenario("baseline").parameters)
    overrides, labels, default = sm.convention_grid(p)
    conv = [k for k, q in params.items() if q.use == "convention"]
    assert len(overrides) == int(np.prod([len(params[k].options) for k in conv]))
    assert all(np.isclose(overrides[default][k], p[k]) for k in conv)
    overrides, labels, default = sm.convention_grid(p, sm.PRICE_CONVENTIONS)
    assert len(overrides) == int(np.prod([len(params[k].options) for k in sm.PRICE_CONVENTIONS]))
    m = ue.measures("baseline")
    assert int((m.family == "price_of_production").sum()) == len(labels)
    # every price-of-production row is a different number: no convention repeats the rows
    values = m.value.sel(measure=m.family == "price_of_production").values
    assert len(np.unique(values.round(3))) == len(values)
    # captured minus produced reads the pool, not the capital advanced: 3 x 2 rows, not 12
    pool_rows = int(np.prod([len(params[k].options) for k in sm.POOL_CONVENTIONS]))
    assert int((m.family == "captured_minus_produced").sum()) == pool_rows
    pool = me.stylised_pool(p)
    for v, _ in params["capital_basis"].options:
        other = me.stylised_pool({**p, "capital_basis": v})
        assert all(np.allclose(other[k], pool[k], rtol=1e-13) for k in ("value_mx", "melt"))


def test_wiod_measures_give_both_sides_of_the_price_transfer(wiod2009):
    """The stylised transfer is one side of the exchange; the WIOD rows give the net (default)
    and the seller side, which is half the net in a two-country system (seller = buyer)."""
    m = ue.measures("wiod-2009")
    for c in ("simple", "wage"):
        net = _pick(m, "price_of_production", False, f"reduction={c}")
        seller = _pick(m, "price_of_production", False, f"reduction={c}; seller side")
        assert seller == pytest.approx(net / 2, rel=1e-12)
    # exactly one default per family
    for f in set(m.family.values.tolist()):
        assert int((m.default & (m.family == f)).sum()) == 1


# --- sign and monotonicity in the Mexican wage ----------------------------------------------

WAGES = [0.06, 0.10, 0.14]


@pytest.fixture(scope="module")
def by_wage():
    base = ue.load_scenario("baseline")
    return [ue.measures(base.with_parameters(maquila_wage_ratio=w)) for w in WAGES]


def test_signs_at_the_calibration(by_wage):
    m = by_wage[1]
    for fam in (
        "price_of_production",
        "embodied_labour",
        "exchange_rate_deviation",
        "captured_minus_produced",
        "ownership",
        "labour_arbitrage",
    ):
        assert _pick(m, fam) > 0, fam  # each measures a drain from Mexico


def test_monotonicity_in_the_mexican_wage(by_wage):
    def series(fam, default=True, contains=""):
        return np.array([_pick(m, fam, default, contains) for m in by_wage])

    # a higher Mexican wage: less unequal exchange through prices, less rent, less profit
    assert np.all(np.diff(series("price_of_production")) < 0)
    assert np.all(np.diff(series("labour_arbitrage")) < 0)
    assert np.all(np.diff(series("ownership")) < 0)
    # the Mexican-wage valuation of the same hours rises; the hours themselves do not move
    assert np.all(np.diff(series("embodied_labour", False, "Mexican wage")) > 0)
    hours = [float(m.hours.sel(measure=m.family == "embodied_labour")[0]) for m in by_wage]
    assert np.allclose(hours, hours[0], rtol=1e-12)
    # measures built on value added and price levels ignore how it splits into wages
    for fam in ("exchange_rate_deviation", "captured_minus_produced"):
        s = series(fam)
        assert np.allclose(s, s[0], rtol=1e-9), fam


# --- WIOD ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wiod2009():
    return ue.measures("wiod-2009"), ue.run("wiod-2009")


def test_wiod_measures_match_the_accounts(wiod2009):
    m, ds = wiod2009
    for c in ds.convention.values:
        v = float(m.value.sel(measure=f"price_of_production: reduction={c}"))
        assert v == pytest.approx(float(ds.price_transfer.sel(convention=c)))
    emb = ds.embodied_hours_in_exports
    net = float(emb.sel(exporter="MEX", worked_in="MEX") - emb.sel(exporter="USA", worked_in="USA"))
    sel = m.sel(measure=m.family == "embodied_labour")
    # every valuation (and the by-skill split, summed) counts the same net hours
    assert np.allclose(sel.hours, net, rtol=1e-9)
    assert float(m.gdp) == pytest.approx(float(ds.gdp))
    t = pwt()
    ratio = t[("USA", 2009)]["pl_gdpo"] / t[("MEX", 2009)]["pl_gdpo"]
    x = float(ds.exports.sel(exporter="MEX"))
    assert _pick(m, "exchange_rate_deviation") == pytest.approx(x * (ratio - 1))


def test_wiod_captured_minus_produced_on_the_system_by_hand(wiod2009):
    m, _ = wiod2009
    from unequal_exchange.calibration import wiod

    s = wiod.wiod_system(2009)
    mex = s.country_of == "MEX"
    melt = s.value_added.sum() * 1e6 / s.hours.sum()
    hand = melt * s.hours[mex].sum() - s.value_added[mex].sum() * 1e6
    v = float(m.value.sel(measure="captured_minus_produced: IO system; reduction=simple"))
    assert v == pytest.approx(hand, rel=1e-10)


def test_measures_bad_years_raise():
    with pytest.raises(ue.InputError):
        ue.measures("1990:1996")
    with pytest.raises(ue.ScenarioError):
        ue.measures("wiod-2015")


# --- headlines -----------------------------------------------------------------------------


def test_headlines_range_over_conventions_and_parametric_interval():
    h = ue.headlines("baseline", n=4, io_year=None, seed=3)
    run_a0 = ue.run("baseline")
    run_a1 = ue.run(ue.load_scenario("baseline").with_parameters(hours_weighting=1.0))
    pt = h.sel(channel="price_transfer")
    assert float(pt.default) == pytest.approx(float(run_a0.price_transfer))
    # one at a time, the lowest is productivity-weighted hours (tests/test_headlines.py checks
    # the envelope over every combination)
    assert float(pt.one_at_a_time_low) == pytest.approx(float(run_a1.price_transfer))
    assert float(pt.high) == pytest.approx(float(run_a0.price_transfer))
    assert bool((h.low <= h.default).all()) and bool((h.default <= h.high).all())
    assert int(h.is_default.sum()) == len(set(h.convention.values.tolist()))
    # the formation-cost channel ranges over where the formation took place (an accounting
    # convention), and over nothing else
    tc = h.sel(channel="training_cost_transfer")
    base = ue.load_scenario("baseline")
    ends = [
        float(ue.run(base.with_parameters(formation_where_trained=v)).training_cost_transfer)
        for v in (0.0, 1.0)
    ]
    assert float(tc.low) == pytest.approx(min(ends)) and float(tc.high) == pytest.approx(max(ends))
    assert h.attrs["parametric_points"] > 0
    assert bool((h.parametric_low <= h.parametric_high).all())
    assert float(pt.parametric_low) < float(pt.default) < float(pt.parametric_high)
    # the strict sense's interval is that of its default definition's factor (Emmanuel's wage)
    st, wage = (h.sel(channel=c) for c in ("strict_sense", "price_transfer_by_factor[wage]"))
    assert float(st.parametric_low) == float(wage.parametric_low)
    assert float(st.parametric_high) == float(wage.parametric_high)


def test_headlines_io_basis_adds_the_wiod_price_transfer(wiod2009):
    h = ue.headlines("baseline", n=0, io_year=2009)
    _, ds = wiod2009
    io = h.value.sel(channel="price_transfer", variant=h.convention == "io_basis")
    assert np.allclose(io, ds.price_transfer.values)
    # another basis: in the breakdown, never in the range over these accounts' conventions
    alone = ue.headlines("baseline", n=0, io_year=None).sel(channel="price_transfer")
    assert float(h.sel(channel="price_transfer").high) == float(alone.high)


def test_validate_compares_like_with_like():
    v = ue.validate()
    run = ue.run("baseline")
    gdp = float(ue.load_scenario("baseline").parameters["mx_gdp"])
    first = v.isel(comparison=0)
    assert float(first.model) == pytest.approx(float(run.enclave_surplus_drained) / gdp)
    assert bool(first.comparable)
    not_comp = v.sel(comparison=~v.comparable)
    assert set(not_comp.figure_id.values.tolist()) == {
        "V2_carchedi_roberts_2021_ue_share_gdp",
        "V3_hickel2024_net_appropriation_hours",
    }
    assert all(len(r) > 20 for r in not_comp.reason.values)
    # each row's range over the conventions: the enclave drain at productivity-weighted hours
    a1 = ue.run(ue.load_scenario("baseline").with_parameters(hours_weighting=1.0))
    assert float(first.model_low) == pytest.approx(float(a1.enclave_surplus_drained) / gdp)
    assert float(first.model_high) == pytest.approx(float(first.model))
    inputs = v.sel(comparison="maquila wage / US manufacturing wage")
    assert float(inputs.model_low) == float(inputs.model_high)  # a convention moves no input


def test_cli_measures(capsys):
    from unequal_exchange.cli.main import main

    assert main(["measures", "baseline"]) == 0
    out = capsys.readouterr().out
    assert "price_of_production" in out and "exchange_rate_deviation" in out
    assert main(["measures", "--years", "1990:1991"]) == 2
    assert main(["measures", "--figure", "x.png"]) == 2


def test_series_and_its_figure(tmp_path):
    m = ue.measures("2008:2009")
    assert m.sizes["year"] == 2 and list(m.year.values) == [2008, 2009]
    one = ue.measures("wiod-2009")
    assert np.allclose(m.value.sel(year=2009), one.value, rtol=1e-12, equal_nan=True)
    from unequal_exchange.scenarios.measures import series_table
    from unequal_exchange.viz.measures import STYLE, plot_measures

    assert series_table(m).count("\n2009 ") == 1
    ax = plot_measures(m)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [lab for _, lab in STYLE.values()]  # one solid default line per family
    # the IO-system variant (several times GDP) is not drawn
    top = max(max(line.get_ydata()) for line in ax.get_lines())
    assert top < 100
    ax.figure.savefig(tmp_path / "m.png")
    assert (tmp_path / "m.png").stat().st_size > 10_000


def _tiny_system():
    """Two countries, one industry each (USD millions, hours in h)."""
    from unequal_exchange.model.mexico_us.io_accounts import IOSystem

    return IOSystem(
        year=2000,
        countries=("MEX", "USA"),
        industries=("c03",),
        country_of=np.array(["MEX", "USA"]),
        z=np.array([[10.0, 5.0], [8.0, 20.0]]),
        output=np.array([100.0, 200.0]),
        hours=np.array([50e6, 2e6]),
        wage=np.array([0.5, 30.0]),
        capital=np.array([150.0, 400.0]),
        gfcf=np.array([[1.0, 1.0], [1.0, 1.0]]),
        final=np.array([[60.0, 25.0], [12.0, 160.0]]),
        value_added=np.array([82.0, 175.0]),
        outside_inputs=np.zeros(2),
        foreign_inputs=np.array([8.0, 5.0]),
        skill_hours=np.array([[0.1, 0.3], [0.3, 0.5], [0.6, 0.2]]),
        skill_compensation=np.array([[0.2, 0.5], [0.4, 0.4], [0.4, 0.1]]),
    )


def test_io_measures_by_hand_on_a_two_country_system():
    import xarray as xr

    from unequal_exchange.model.mexico_us import io_accounts

    s = _tiny_system()
    school = {"years": (16.0, 12.0, 9.0), "entry_age": 6.0, "exit_age": 65.0}
    conv = ("simple", "wage", "education")
    ds = xr.concat(
        [io_accounts.accounts(s, c, school) for c in conv], dim="convention", data_vars="all"
    ).assign_coords(convention=list(conv))
    from unequal_exchange.scenarios.wiod import REAL

    for name in REAL:  # as run("wiod-YYYY"): one copy of what no convention changes
        if name in ds:
            ds[name] = ds[name].isel(convention=0, drop=True)
    rows, gdp = sm.system_rows(s, ds, 50e6, (0.5, 1.0), school, "tiny")
    val = {f"{r['family']}: {r['variant']}": float(r["value"]) for r in rows}
    hrs = {f"{r['family']}: {r['variant']}": float(r.get("hours", np.nan)) for r in rows}
    assert gdp == pytest.approx(82e6)
    # exports: MEX sells 5 (intermediate) + 25 (final) to USA; USA sells 8 + 12 to MEX
    a = s.z / s.output[None, :]
    leon = np.linalg.inv(np.eye(2) - a)
    l = s.hours / s.output
    h_mx = l[0] * (leon @ [30.0, 0.0])[0]  # Mexican hours in Mexico's exports
    h_us = l[1] * (leon @ [0.0, 20.0])[1]  # US hours in the US's exports
    net = h_mx - h_us
    assert hrs["embodied_labour: at the US average wage (all skills)"] == pytest.approx(net)
    assert val["embodied_labour: at the US average wage (all skills)"] == pytest.approx(30 * net)
    assert val["embodied_labour: at the Mexican average wage (all skills)"] == pytest.approx(
        0.5 * net
    )
    # by skill: US wage of each skill = its compensation share / hours share × 30 USD/h
    w_skill = s.skill_compensation[:, 1] / s.skill_hours[:, 1] * 30.0  # 50, 24, 15
    net_k = s.skill_hours[:, 0] * h_mx - s.skill_hours[:, 1] * h_us
    assert val["embodied_labour: at US wages by skill (SEA)"] == pytest.approx(net_k @ w_skill)
    # exchange-rate deviation: Mexican prices half the US's doubles the exports' worth
    assert val["exchange_rate_deviation: exports to the US, PWT pl_gdpo"] == pytest.approx(30e6)
    assert val["exchange_rate_deviation: all exports, PWT pl_gdpo"] == pytest.approx(50e6)
    # captured minus produced on the system: one MELT for 52 M hours and 257 M USD
    melt = 257e6 / 52e6
    assert val["captured_minus_produced: IO system; reduction=simple"] == pytest.approx(
        melt * 50e6 - 82e6
    )
    # on the traded pool: gross output needed for both countries' exports
    total = leon @ [30.0, 20.0]
    va = s.value_added / s.output * total * 1e6
    m_pool = va.sum() / (l * total).sum()
    assert val["captured_minus_produced: traded pool; reduction=simple"] == pytest.approx(
        m_pool * (l * total)[0] - va[0]
    )
    # the price transfer is the accounts' own
    for c in conv:
        key = f"price_of_production: reduction={c}"
        assert val[key] == pytest.approx(float(ds.price_transfer.sel(convention=c)))
    # Mexico, at a tenth of the US's value added per hour, loses on every default measure
    assert all(val[k] > 0 for k in val if "national" not in k)


def test_price_conventions_are_exactly_those_the_price_system_reads():
    """The price-based rows enumerate the conventions in ``PRICE_CONVENTIONS``: each of them
    moves the price transfer or the traded pool at the baseline, and no other convention moves
    either (the migration conventions value formation costs only)."""
    from unequal_exchange.model.mexico_us import accounts as mu

    params = ue.model.mexico_us.parameters.PARAMETERS
    p = dict(ue.load_scenario("baseline").parameters)

    def reading(q):
        pool = me.stylised_pool(q)
        return np.array([mu.accounts(q)["price_transfer"], pool["value_mx"], pool["melt"]])

    base = reading(p)
    for k in ue.model.mexico_us.parameters.CONVENTIONS:
        moved = [
            not np.allclose(reading({**p, k: v}), base, rtol=1e-12, atol=0)
            for v, _ in params[k].options
        ]
        assert any(moved) == (k in sm.PRICE_CONVENTIONS), (k, moved)


def test_overlaps_are_symmetric():
    """If family A names family B in its overlaps (never add, or may add), B names A too, or
    says it overlaps every other measure: a student reading one box must not add the two."""
    for a, fa in sm.FAMILIES.items():
        for b, fb in sm.FAMILIES.items():
            if a != b and b in fa.overlaps:
                assert a in fb.overlaps or "every other measure" in fb.overlaps, (a, b)
