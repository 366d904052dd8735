"""Marx's transformation of values into prices of production (docs/model.md §2.1)."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue


def test_capital_iii_ch9_table_with_used_up_constant_capital(marx_table):
    ds = ue.transform(marx_table)
    assert float(ds.profit_rate) == pytest.approx(0.22)
    np.testing.assert_allclose(ds.value, [90, 111, 131, 70, 20])
    np.testing.assert_allclose(ds.cost_price, [70, 81, 91, 55, 15])
    np.testing.assert_allclose(ds.price, [92, 103, 113, 77, 37])
    np.testing.assert_allclose(ds.transfer, [2, -8, -18, 7, 17])


def test_capital_iii_ch9_table_with_all_constant_capital_used_up():
    table = ue.ValueTable([100] * 5, [80, 70, 60, 85, 95], [20, 30, 40, 15, 5], [20, 30, 40, 15, 5])
    ds = ue.transform(table)
    np.testing.assert_allclose(ds.value, [120, 130, 140, 115, 105])
    np.testing.assert_allclose(ds.price, [122] * 5)
    np.testing.assert_allclose(ds.transfer, [2, -8, -18, 7, 17])


def test_profit_is_charged_on_capital_advanced_not_cost_price(marx_table):
    ds = ue.transform(marx_table)
    np.testing.assert_allclose(ds.profit, 22.0)  # 22 % of 100, whatever the cost price


def test_marx_totals_hold(marx_table):
    ds = ue.transform(marx_table)
    assert float(ds.price.sum()) == pytest.approx(float(ds.value.sum())) == pytest.approx(422)
    assert float(ds.profit.sum()) == pytest.approx(110)
    assert ds.attrs["total_price_equals_total_value"] == 1
    assert ds.attrs["transfers_sum_to_zero"] == 1


def test_surplus_value_rate_and_organic_composition(marx_table):
    ds = ue.transform(marx_table)
    np.testing.assert_allclose(ds.surplus_value_rate, 1.0)
    np.testing.assert_allclose(ds.organic_composition, [4, 7 / 3, 1.5, 85 / 15, 19])


def test_emmanuel_unequal_wages_transfer_60(emmanuel_strict):
    ds = ue.transform(emmanuel_strict)
    assert float(ds.profit_rate) == pytest.approx(1 / 3)
    np.testing.assert_allclose(ds.price, [230, 110])
    np.testing.assert_allclose(ds.transfer_by_country.sel(country=["core", "periphery"]), [60, -60])


def test_emmanuel_equal_wages_broad_sense_transfer_20():
    table = ue.ValueTable([240, 120], [50, 50], [60, 60], [60, 60], countries=["A", "B"])
    ds = ue.transform(table)
    np.testing.assert_allclose(ds.price, [190, 150])
    np.testing.assert_allclose(ds.transfer_by_country, [20, -20])


def test_equal_compositions_give_prices_equal_to_values():
    table = ue.ValueTable([200, 100], [40, 30], [50, 25], [50, 25])
    np.testing.assert_allclose(ue.transform(table).transfer, 0.0, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"variable": [20, -1]}, "non-negative"),
        ({"variable": [20]}, "1 entries but the economy has 2"),
        ({"advanced": [0, 0]}, "total capital advanced must be positive"),
        ({"variable": [0, 10], "surplus": [0, 10]}, "no living labour"),
        ({"surplus": [np.nan, 1]}, "NaN"),
    ],
)
def test_bad_value_tables_raise_input_error(kwargs, match):
    base = {"advanced": [100, 100], "constant": [50, 50], "variable": [20, 30], "surplus": [20, 30]}
    base.update(kwargs)
    with pytest.raises(ue.InputError, match=match):
        ue.ValueTable(**base)


def test_value_table_is_frozen(marx_table):
    with pytest.raises(ValueError):
        marx_table.advanced[0] = 3
