"""``ue.run``, scenarios and parameter validation."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import unequal_exchange as ue

CONTRACT = [
    "price_transfer",
    "price_transfer_by_factor",
    "price_transfer_share_gdp",
    "repatriated_profit",
    "labour_arbitrage_rent",
    "enclave_hours",
    "enclave_worker_equivalents",
    "training_cost_transfer",
    "reproduction_cost_transfer",
    "remittances",
    "remittance_compensation_ratio",
    "brain_waste_cost",
    "migrant_surplus_value",
    "total_drain",
    "total_drain_share_gdp",
    "surplus_value_rate",
    "organic_composition",
    "transfer",
]


@pytest.fixture(scope="module")
def ds():
    return ue.run("baseline")


def test_contract_variables_exist_with_units_and_long_names(ds):
    for name in CONTRACT:
        assert name in ds
    for name, var in ds.data_vars.items():
        assert var.attrs.get("units"), name
        assert var.attrs.get("long_name"), name


def test_factor_split_sums_to_price_transfer(ds):
    assert list(ds.factor.values) == ["wage", "composition", "intensity", "structural"]
    assert float(ds.price_transfer_by_factor.sum()) == pytest.approx(float(ds.price_transfer))


def test_strict_sense_dominates_at_baseline(ds):
    # maquila wages 1/10 and 1/7 of the US: the wage gap is the larger part
    split = ds.price_transfer_by_factor
    assert float(split.sel(factor="wage")) > float(split.sel(factor="composition")) > 0


def test_total_drain_is_the_sum_of_its_channels(ds):
    parts = sum(float(ds[c]) for c in ds.channel.values)
    assert float(ds.total_drain) == pytest.approx(parts)
    assert float(ds.drain_share.sum()) == pytest.approx(1.0)


def test_netcdf_round_trip(ds, tmp_path):
    path = tmp_path / "run.nc"
    ds.to_netcdf(path, engine="h5netcdf")
    with xr.open_dataset(path, engine="h5netcdf") as back:
        xr.testing.assert_identical(ds, back.load())


def test_attrs_name_scenario_and_version(ds):
    assert ds.attrs["scenario"] == "baseline"
    assert ds.attrs["package_version"] == ue.__version__


def test_with_parameters_is_a_validated_copy():
    base = ue.load_scenario("baseline")
    other = base.with_parameters(maquila_wage_ratio=0.2)
    assert base.parameters["maquila_wage_ratio"] == pytest.approx(0.1)
    assert other.parameters["maquila_wage_ratio"] == 0.2
    with pytest.raises(TypeError):
        other.parameters["maquila_wage_ratio"] = 0.5
    assert float(ue.run(other).price_transfer) < float(ue.run(base).price_transfer)


def test_out_of_domain_parameters_are_all_named():
    base = ue.load_scenario("baseline")
    with pytest.raises(ue.ParameterError) as err:
        base.with_parameters(
            maquila_wage_ratio=0.0,
            maquila_import_content=1.0,
            cost_per_student_primary=-5,
            migrant_stock=-1,
            maquila_wage_ratoi=0.2,
        )
    problems = err.value.problems
    assert len(problems) == 5
    text = "\n".join(problems)
    for name in (
        "maquila_wage_ratio = 0.0",
        "maquila_import_content = 1.0",
        "cost_per_student_primary",
        "migrant_stock",
        "did you mean 'maquila_wage_ratio'",
    ):
        assert name in text
    assert "(0, 10]" in text and "[0, 1)" in text


def test_non_viable_scenario_raises_named_error():
    base = ue.load_scenario("baseline")
    with pytest.raises(ue.NonViableError, match="no measured profit"):
        ue.run(base.with_parameters(maquila_wage_ratio=5.0))


def test_list_scenarios_includes_baseline():
    assert "baseline" in ue.list_scenarios()


def test_sweep_values_through_run_are_monotone_in_import_content():
    base = ue.load_scenario("baseline")
    values = [
        float(ue.run(base.with_parameters(maquila_import_content=m)).repatriated_profit)
        for m in (0.7, 0.75, 0.8)
    ]
    assert np.all(np.diff(values) < 0)  # more imported components, less value added to repatriate


def test_one_sign_convention_per_dataset():
    """`transfer` (+ = the sector gains) and `price_transfer` (+ = drained from Mexico) are one
    convention: + = gained by the receiving side. The US sector's gain is the price transfer,
    and the Mexican sectors lose exactly as much (transfers of value sum to zero)."""
    import numpy as np

    from unequal_exchange.scenarios.run import SIGN_CONVENTION, SIGNS

    ds = ue.run("baseline")
    assert ds.attrs["sign_convention"] == SIGN_CONVENTION
    us = ds.transfer.where(ds.sector_country == "US").sum()
    mx = ds.transfer.where(ds.sector_country == "MX").sum()
    np.testing.assert_allclose(float(us), float(ds.price_transfer), rtol=1e-12)
    np.testing.assert_allclose(float(mx), -float(ds.price_transfer), rtol=1e-12)
    for name in SIGNS:
        assert ds[name].attrs["sign"], name
    sim = ue.simulate("baseline", years=range(1990, 1993))
    assert sim.attrs["sign_convention"] == SIGN_CONVENTION
    assert sim.price_transfer.attrs["sign"] == ds.price_transfer.attrs["sign"]
