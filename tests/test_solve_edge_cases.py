"""Near-degenerate economies: zero and tiny wages, spectral radius close to one, huge values.

Each either solves to the stated accuracy (the price equation holds to 1e-9 of the largest
price, the normalisation to 1e-10) or raises a named error saying why — never an
InvariantError ("a bug") on valid input.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.model.engine.batch import solve_batch

README_INPUTS = np.array([[0.2, 0.3], [0.1, 0.2]])
LABOUR, OUTPUT = [0.5, 1.0], [10.0, 5.0]


def _economy(inputs=README_INPUTS, wage=0.0):
    return ue.Economy(inputs=inputs, labour=LABOUR, output=OUTPUT, wage=wage)


def _left_pf_vector(z):
    vals, vecs = np.linalg.eig(z.T)
    q = np.abs(vecs[:, np.argmax(vals.real)].real)
    return 1.0 / vals.real.max(), q / q.sum()


@pytest.mark.parametrize("normalization", ["total-price", "total-profit", "net-product"])
def test_zero_wage_is_the_maximum_profit_economy_with_perron_frobenius_prices(normalization):
    e = _economy(wage=0.0)
    ds = ue.solve(e, normalization=normalization)
    big_r, q = _left_pf_vector(e.capital @ np.linalg.inv(np.eye(2) - e.inputs))
    assert float(ds.profit_rate) == pytest.approx(big_r, rel=1e-12)
    assert float(ds.max_profit_rate) == pytest.approx(big_r, rel=1e-12)
    p = ds.price.values
    np.testing.assert_allclose(p / p.sum(), q, rtol=1e-10)
    assert (p > 0).all()


@pytest.mark.parametrize("normalization", ["total-price", "total-profit", "net-product"])
def test_zero_wage_prices_are_the_limit_of_small_wages(normalization):
    at_zero = ue.solve(_economy(wage=0.0), normalization=normalization).price.values
    for wage, tol in ((1e-9, 1e-7), (1e-6, 1e-4)):
        small = ue.solve(_economy(wage=wage), normalization=normalization).price.values
        np.testing.assert_allclose(small, at_zero, rtol=tol)


@pytest.mark.parametrize("radius", [0.995, 1 - 1e-6])
@pytest.mark.parametrize("wage", [0.0, 1e-9, 1e-6, 1e-3, 0.01, 0.5])
def test_nearly_unproductive_economies_solve_or_say_why(radius, wage):
    a = README_INPUTS * radius / max(abs(np.linalg.eigvals(README_INPUTS)))
    e = _economy(inputs=a, wage=wage)
    ds = ue.solve(e)
    p, r = ds.price.values, float(ds.profit_rate)
    residual = p @ (np.eye(2) - a - r * e.capital) - (1 + r) * wage * np.asarray(LABOUR)
    assert np.abs(residual).max() <= 1e-9 * np.abs(p).max()
    assert 0 <= r <= float(ds.max_profit_rate) * (1 + 1e-12)


@settings(max_examples=60, deadline=None)
@given(
    radius=st.floats(0.5, 1 - 1e-9),
    log_wage=st.floats(-15, 0),
    zero=st.booleans(),
    normalization=st.sampled_from(["total-price", "total-profit", "net-product"]),
    mix=st.floats(0.01, 0.99),
)
def test_near_degenerate_economies_never_raise_an_invariant_error(
    radius, log_wage, zero, normalization, mix
):
    base = np.array([[mix, 1 - mix], [0.3, 0.4]])
    a = base * radius / max(abs(np.linalg.eigvals(base)))
    wage = 0.0 if zero else 10.0**log_wage
    try:
        ds = ue.solve(_economy(inputs=a, wage=wage), normalization=normalization)
    except ue.InvariantError:
        raise
    except ue.UnequalExchangeError as exc:  # a named, explained refusal is acceptable
        assert str(exc)
        return
    assert np.isfinite(ds.price.values).all() and (ds.price.values > 0).all()


@pytest.mark.parametrize("field", ["advanced", "constant", "surplus"])
def test_a_table_whose_totals_overflow_float64_is_refused_with_the_unit_fix(field):
    cols = {"advanced": [10.0, 1.0], "constant": [1.0, 1.0], "variable": [1.0, 1.0],
            "surplus": [1.0, 1.0]}  # fmt: skip
    cols[field] = [1e308, 1e308]
    with pytest.raises(ue.InputError, match="larger units"):
        ue.ValueTable(**cols)


def test_huge_but_representable_values_transform_to_finite_prices():
    big = 1e150
    table = ue.ValueTable(advanced=[2 * big, big], constant=[big, big], variable=[big, big],
                          surplus=[big, 2 * big])  # fmt: skip
    out = ue.transform(table)
    assert np.isfinite(out.price.values).all()
    assert float(out.transfer.sum()) == pytest.approx(0.0, abs=1e-12 * 4 * big)


@pytest.mark.parametrize(
    "normalization", ["total-price", "total-profit", "net-product", "numeraire"]
)
@pytest.mark.parametrize("wage", [0.0, 1e-9, 1e-6])
def test_batch_kernel_matches_reference_at_zero_and_tiny_wages(normalization, wage):
    kw = dict(
        inputs=README_INPUTS[None], labour=np.array([LABOUR]), output=np.array([OUTPUT]),
        wage=np.full((1, 2), wage), normalization=normalization, numeraire=1,
    )  # fmt: skip
    fast, ref = solve_batch(**kw), solve_batch(**kw, backend="numpy")
    assert fast.status[0] == ref.status[0] == 0
    np.testing.assert_allclose(fast.price, ref.price, rtol=1e-9)
    np.testing.assert_allclose(fast.profit_rate, ref.profit_rate, rtol=1e-12)
    assert (fast.price > 0).all()


def test_net_product_of_a_barely_productive_economy_is_refused_with_the_reason():
    # found by hypothesis: ρ(A) = 1 − 1e-9 leaves a net product of 1e-9 of gross output, a
    # difference of nearly equal sums that cannot carry a normalisation to 1e-10
    base = np.array([[0.5, 0.5], [0.3, 0.4]])
    a = base * (1 - 1e-9) / max(abs(np.linalg.eigvals(base)))
    with pytest.raises(ue.NonViableError, match="net product is only"):
        ue.solve(_economy(inputs=a, wage=0.0), normalization="net-product")
    assert np.isfinite(ue.solve(_economy(inputs=a, wage=0.0)).price.values).all()
