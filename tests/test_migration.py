"""Direct labour export (issue 13): returns net of US-born children, brain waste on the tertiary
stage only, where the formation took place, and the stock's formation cost amortised against
remittances. Published figures: Passel, Cohn & Gonzalez-Barrera (2012); Delgado Wise (c. 2014).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.calibration import derive
from unequal_exchange.calibration.data import figure
from unequal_exchange.model.mexico_us import accounts as mu
from unequal_exchange.model.mexico_us import accounts_kernel as mk
from unequal_exchange.model.mexico_us.parameters import PARAMETERS

REAL = (
    "migrant_stock_by_level",
    "net_emigration_by_level",
    "price_transfer",
    "enclave_hours",
    "remittances",
)


@pytest.fixture(scope="module")
def base() -> dict[str, float]:
    return dict(ue.load_scenario("baseline").parameters)


@pytest.fixture(scope="module")
def paper(base) -> dict[str, float]:
    """The paper's convention: every migrant formed in Mexico to the end of their level."""
    return dict(base, formation_where_trained=0.0)


def _costs(p):
    t = p["cost_per_student_tertiary"]
    basic = (
        p["years_primary"] * p["cost_per_student_primary"]
        + p["years_lower_secondary"] * p["cost_per_student_secondary"]
    )
    upper = basic + p["years_upper_secondary"] * p["cost_per_student_secondary"]
    return basic, upper, t


# ---- error 2: the returns that carry Mexican formation home are the Mexican-born ones


def test_returns_exclude_the_us_born_children(base):
    # Pew (2012): about 300,000 of the ~1.4 M who moved from the US to Mexico in 2005-2010
    # were US-born children; they carried no Mexican formation cost home
    total = figure("G3_us_to_mx_return_2005_2010").value
    children = figure("G3_us_born_children_in_returns_2005_2010").value
    assert children == 300_000
    assert base["returns_per_year"] == pytest.approx((total - children) / 5)
    assert derive.mexican_born_returns().value == pytest.approx(214_000)
    assert base["returns_per_year"] < 0.8 * total / 5  # the old 274,000 counted the children


def test_formation_flow_falls_by_the_formation_of_each_extra_return(paper):
    # d(flow)/d(returns): a returnee is skilled with the returnee share (and then like the
    # skilled stock) or non-tertiary (split like the non-tertiary stock), and brings back a
    # childhood in both cases
    acc = mu.accounts(paper)
    cost = acc["training_cost_per_migrant"]
    stock = acc["migrant_stock_by_level"]
    child = float(acc["reproduction_cost_per_migrant"])
    share = paper["skilled_returnee_share"]
    u = paper["upper_secondary_share_non_tertiary"]
    low = (1 - u) * cost[0] + u * cost[1]
    high = float((stock[2:] * cost[2:]).sum() / stock[2:].sum())
    per_return = (1 - share) * low + share * high + child
    more = mu.accounts(dict(paper, returns_per_year=paper["returns_per_year"] + 1000.0))
    flow = float(acc["training_cost_transfer"] + acc["reproduction_cost_transfer"])
    flow_more = float(more["training_cost_transfer"] + more["reproduction_cost_transfer"])
    assert flow - flow_more == pytest.approx(1000.0 * per_return, rel=1e-9)


def test_issue_figures_for_twenty_percent_fewer_returns(paper):
    # issue 13: with 20 % fewer returns than Pew's 1.37 M the flow goes from 0.76 to 3.3 bn
    # and remittances repay it 6.9 times instead of 30 (old skilled flow: 38,344 a year)
    old = dict(paper, returns_per_year=274_000.0, skilled_emigration_per_year=38_344.0)
    before = mu.accounts(old)
    after = mu.accounts(dict(old, returns_per_year=0.8 * 274_000.0))
    flow = lambda a: float(a["training_cost_transfer"] + a["reproduction_cost_transfer"])  # noqa: E731
    assert flow(before) / 1e9 == pytest.approx(0.76, abs=0.005)
    assert flow(after) / 1e9 == pytest.approx(3.3, abs=0.05)
    assert float(before["remittance_compensation_ratio"]) == pytest.approx(30.0, abs=0.05)
    assert float(after["remittance_compensation_ratio"]) == pytest.approx(6.9, abs=0.05)


# ---- error 3: brain waste is the tertiary stage of those not at their qualification


def test_brain_waste_is_the_tertiary_stage_only(paper):
    acc = mu.accounts(paper)
    _, _, t = _costs(paper)
    ba = paper["years_bachelor"] * t
    ma = ba + paper["years_master"] * t
    phd = ma + paper["years_phd"] * t
    expected = (1 - paper["skilled_at_qualification_bachelor"]) * paper[
        "migrant_stock_bachelor"
    ] * ba + (1 - paper["skilled_at_qualification_postgraduate"]) * (
        paper["migrant_stock_master"] * ma + paper["migrant_stock_phd"] * phd
    )
    assert float(acc["brain_waste_cost"]) == pytest.approx(expected, rel=1e-12)
    # primary and secondary schooling are used whatever the job: they are never wasted
    cheap = mu.accounts(dict(paper, cost_per_student_primary=0.0, cost_per_student_secondary=0.0))
    assert float(cheap["brain_waste_cost"]) == pytest.approx(expected, rel=1e-12)


def test_brain_waste_at_the_issue_figure(paper):
    # issue 13: 4.5 bn at the paper's 54.7 % for bachelors, not the 8.8 bn of whole schooling
    acc = mu.accounts(dict(paper, skilled_at_qualification_bachelor=0.547))
    assert float(acc["brain_waste_cost"]) / 1e9 == pytest.approx(4.5, abs=0.05)


def test_bachelor_share_at_qualification_from_the_paper():
    # 54.7 % of all 1.1 M degree holders, 74.3 % of the 141,053 postgraduates: the rest are at
    # (0.547 B − 0.743 PG)/(B − PG); the weighted mean gives 54.7 % back
    pg = 129_027 + 12_026
    d = derive.bachelor_at_qualification()
    assert d.value == pytest.approx((0.547 * 1.1e6 - 0.743 * pg) / (1.1e6 - pg), rel=1e-12)
    assert 1 - d.value == pytest.approx(0.482, abs=5e-4)  # the research note's waste share
    assert (d.value * (1.1e6 - pg) + 0.743 * pg) / 1.1e6 == pytest.approx(0.547, rel=1e-12)
    # on the 530,000 BA+ of G5 instead of the paper's 1.1 M (with associate degrees): 47.6 %
    assert derive.bachelor_at_qualification(530_000).value == pytest.approx(0.476, abs=5e-4)
    assert d.low < derive.bachelor_at_qualification(530_000).value < d.value < d.high


# ---- convention 8: where the formation took place


def test_where_trained_is_the_paper_convention_without_child_arrivals_or_us_degrees(base, paper):
    same = dict(base, child_arrival_share=0.0, postgraduate_us_trained_share=0.0)
    a, b = mu.accounts(same), mu.accounts(paper)
    for name in ("training_cost_per_migrant", "training_cost_transfer", "brain_waste_cost"):
        np.testing.assert_allclose(a[name], b[name], rtol=1e-12)


def test_child_arrivals_carry_their_mexican_years_only(base):
    # everyone arrives at 10: school from 18 − 12 = 6, so 4 years of Mexican primary school
    # and 10 years of Mexican childhood, whatever the level reached in the US
    p = dict(base, child_arrival_share=1.0, child_arrival_age=10.0)
    acc = mu.accounts(p)
    np.testing.assert_allclose(acc["training_cost_per_migrant"], 4 * p["cost_per_student_primary"])
    full = mu.accounts(dict(p, formation_where_trained=0.0))
    assert float(acc["reproduction_cost_per_migrant"]) == pytest.approx(
        float(full["reproduction_cost_per_migrant"]) * 10 / 18
    )
    assert float(acc["brain_waste_cost"]) == 0.0  # their degrees are American
    # arriving at 16: ten school years, capped at primary and lower secondary (9 years)
    late = mu.accounts(dict(p, child_arrival_age=16.0))
    basic, _, _ = _costs(p)
    np.testing.assert_allclose(late["training_cost_per_migrant"], basic)


def test_us_trained_postgraduates_carry_no_mexican_postgraduate_stage(base):
    p = dict(base, child_arrival_share=0.0, postgraduate_us_trained_share=1.0)
    cost = mu.accounts(p)["training_cost_per_migrant"]
    assert cost[2] == cost[3] == cost[4]  # a bachelor's paid in Mexico, the rest in the US
    half = mu.accounts(dict(p, postgraduate_us_trained_share=0.5))["training_cost_per_migrant"]
    full = mu.accounts(dict(p, formation_where_trained=0.0))["training_cost_per_migrant"]
    np.testing.assert_allclose(half[3:], (cost[3:] + full[3:]) / 2, rtol=1e-12)


@pytest.mark.parametrize("name", ["formation_where_trained", "discount_rate"])
def test_migration_conventions_change_no_real_quantity(base, name):
    # conventions are compared as scenarios; they value the same migrants, flows and hours
    values = [v for v, _ in PARAMETERS[name].options]
    runs = [mu.accounts(dict(base, **{name: v})) for v in values]
    for real in REAL:
        for other in runs[1:]:
            np.testing.assert_array_equal(runs[0][real], other[real], err_msg=real)


# ---- convention 7: the stock's formation cost amortised against the stock's remittances


@pytest.mark.parametrize("rate", [0.0, 1e-9, 0.03, 0.05, 0.2])
def test_annuity_repays_the_principal(rate):
    # the present value of L payments of the factor is exactly 1 USD
    life = 40
    factor = float(mu.annuity_factor(rate, life))
    present = sum(factor / (1 + rate) ** t for t in range(1, life + 1))
    assert present == pytest.approx(1.0, rel=1e-7)


def test_stock_annuity_at_the_issue_figures(paper):
    # issue 13: 552 bn over 40 years is 13.8 bn a year at 0 %, 23.9 at 3 %, 32.2 at 5 %
    for rate, expected in ((0.0, 13.8), (0.03, 23.9), (0.05, 32.2)):
        acc = mu.accounts(dict(paper, discount_rate=rate, working_life_years=40.0))
        stock = float(acc["training_cost_stock"] + acc["reproduction_cost_stock"])
        assert stock / 1e9 == pytest.approx(552.1, abs=0.1)
        assert float(acc["stock_formation_cost_annuity"]) / 1e9 == pytest.approx(expected, abs=0.05)
        assert float(acc["remittance_cover_of_annuity"]) == pytest.approx(
            paper["remittances"] / float(acc["stock_formation_cost_annuity"]), rel=1e-12
        )


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    where=st.sampled_from([0.0, 0.5, 1.0]),
    rate=st.sampled_from([0.0, 0.03, 0.05]),
)
def test_kernel_twin_at_the_migration_conventions(base, seed, where, rate):
    rng = np.random.default_rng(seed)
    n = 64
    cols = {
        "formation_where_trained": np.full(n, where),
        "discount_rate": np.full(n, rate),
        "child_arrival_share": rng.uniform(0.0, 1.0, n),
        "child_arrival_age": rng.uniform(0.0, 18.0, n),
        "postgraduate_us_trained_share": rng.uniform(0.0, 1.0, n),
        "working_life_years": rng.uniform(20.0, 50.0, n),
        "returns_per_year": rng.uniform(1e5, 3e5, n),
    }
    vector = np.array([base[k] for k in mk.PARAM_NAMES], dtype=np.float64)
    fast = mk.evaluate_columns(vector, cols)
    ref = mu.accounts({**base, **cols})
    np.testing.assert_array_equal(fast["status"], ref["status"])
    for name in (
        "training_cost_per_migrant",
        "training_cost_transfer",
        "training_cost_stock",
        "reproduction_cost_per_migrant",
        "reproduction_cost_stock",
        "brain_waste_cost",
        "stock_formation_cost_annuity",
        "remittance_cover_of_annuity",
    ):
        r = np.asarray(ref[name])
        np.testing.assert_allclose(
            fast[name], r, rtol=1e-10, atol=1e-12 * float(np.abs(r).max()), err_msg=name
        )


def test_run_report_sets_the_discount_rates_side_by_side(base):
    # the text report shows the amortised stock cost at every option of the convention,
    # computed from the same stock: the scenario's own rate must agree with the model's output
    from unequal_exchange.cli.format import run_report

    ds = ue.run("baseline")
    text = run_report(ds, base["mx_gdp"])
    stock = float(ds.training_cost_stock + ds.reproduction_cost_stock)
    rates = [v for v, _ in PARAMETERS["discount_rate"].options]
    paid = [stock * float(mu.annuity_factor(r, base["working_life_years"])) / 1e9 for r in rates]
    assert " / ".join(f"{a:.1f}" for a in paid) + " bn USD/yr" in text
    at_default = paid[rates.index(base["discount_rate"])]
    assert at_default == pytest.approx(float(ds.stock_formation_cost_annuity) / 1e9, rel=1e-12)
