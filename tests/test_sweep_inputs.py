"""The sweep API takes what a Python user naturally passes, and refuses what cannot work
before allocating anything (issue 10, §3 and §7)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import xarray as xr

import unequal_exchange as ue
from unequal_exchange.scenarios import sweep as sweep_module
from unequal_exchange.scenarios.store import sweep_to_zarr


def test_a_single_output_name_is_one_output_not_its_characters():
    ds = ue.sweep("baseline", {"maquila_wage_ratio": [0.1, 0.2]}, outputs="price_transfer")
    assert set(ds.data_vars) == {"price_transfer", "status"}


def test_numpy_arrays_and_scalars_are_accepted_as_axis_values(tmp_path):
    grid = ue.sweep("baseline", {"maquila_wage_ratio": np.array([0.1, 0.2])}, outputs=["status"])
    assert grid.sizes["maquila_wage_ratio"] == 2
    spec = {"start": np.float64(0.1), "stop": np.float32(0.2), "num": np.int64(3)}
    assert ue.sweep("baseline", {"maquila_wage_ratio": spec}).sizes["maquila_wage_ratio"] == 3
    summary = sweep_to_zarr(
        "baseline",
        {"maquila_wage_ratio": np.array([0.1, 0.2])},
        tmp_path / "s.zarr",
        chunks={"maquila_wage_ratio": np.int64(1)},
        outputs="price_transfer",
        progress=False,
    )
    assert summary["blocks"] == 2
    s = ue.sweep("baseline", sample={"maquila_wage_ratio": (np.float64(0.1), 0.2)}, n=np.int64(4))
    assert s.sizes["sample"] == 4


@pytest.mark.parametrize(
    ("axes", "kwargs", "message"),
    [
        ({"maquila_wage_ratio": {"start": 0.1, "stop": 0.2, "num": 2.5}}, {}, "whole number"),
        ({"maquila_wage_ratio": {"start": 0.1, "stop": 0.2, "num": 0}}, {}, "at least 1"),
        ({"maquila_wage_ratio": {"start": 0.1, "stop": 0.2, "num": 1e9}}, {}, "1,000,000"),
        ({"maquila_wage_ratio": "0.1"}, {}, "not the text"),
        (
            {"maquila_wage_ratio": {"start": "0.1", "stop": 0.2, "num": 3}},
            {},
            "start must be a number",
        ),
        ({"maquila_wage_ratio": [0.1]}, {"chunks": 0}, "chunks must be a whole number"),
        ({"maquila_wage_ratio": [0.1]}, {"outputs": [3]}, "variable names"),
    ],
)
def test_bad_axes_are_named_errors(axes, kwargs, message):
    with pytest.raises(ue.ParameterError, match=message):
        ue.sweep("baseline", axes, **kwargs)


def test_in_memory_sweep_that_cannot_fit_is_refused_before_allocating(monkeypatch):
    monkeypatch.setattr(sweep_module, "available_memory", lambda: 2**30)
    axes = {
        "maquila_wage_ratio": {"start": 0.05, "stop": 0.3, "num": 1000},
        "maquila_import_content": {"start": 0.6, "stop": 0.9, "num": 1000},
    }
    with pytest.raises(ue.InputError, match=r"1,000,000 points.*sweep_to_zarr.*--out sweep.zarr"):
        ue.sweep("baseline", axes)


def test_available_memory_reads_meminfo():
    avail = sweep_module.available_memory()
    assert avail is None or avail > 0


def test_a_sweep_point_breaking_a_parameter_relation_is_flagged_and_the_sweep_goes_on():
    """PhD, master and bachelor migrants cannot outnumber all migrants: a grid point with a
    migrant stock of 100,000 is inconsistent with the baseline's stocks by degree."""
    from unequal_exchange.model.mexico_us import accounts as mu

    ds = ue.sweep("baseline", {"migrant_stock": [1e5, 1.2e7]})
    assert ds.status.values.tolist() == [mu.INCONSISTENT_PARAMETERS, mu.OK]
    assert np.isnan(ds.price_transfer.values[0]) and np.isfinite(ds.price_transfer.values[1])
    meanings = ds.status.attrs["flag_meanings"].split()
    assert len(meanings) == len(ds.status.attrs["flag_values"])
    assert all(m.replace("_", "").isalnum() for m in meanings)  # CF §3.5: words of [A-Za-z0-9_]
    sample = ue.sweep("baseline", sample={"migrant_stock": (1e5, 1.2e7)}, n=64, method="lhs")
    low = sample.migrant_stock.values < 0.5e6
    assert (sample.status.values[low] == mu.INCONSISTENT_PARAMETERS).all()


def _check_status_flags(ds) -> None:
    import re

    attrs = ds.status.attrs
    values = np.asarray(attrs["flag_values"])
    meanings = attrs["flag_meanings"].split(" ")
    assert values.ndim == 1 and np.issubdtype(values.dtype, np.integer), values
    assert len(values) == len(meanings) == len(set(values.tolist())) > 1
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", m) for m in meanings)  # CF §3.5
    assert set(np.unique(ds.status.values).tolist()) <= set(values.tolist())


def test_every_status_variable_carries_cf_flag_values_and_meanings(tmp_path):
    """run, static and dynamic sweeps (grid and sample), in memory and on disk."""
    from unequal_exchange.model.mexico_us import dynamics as dyn

    _check_status_flags(ue.run("baseline"))
    _check_status_flags(ue.sweep("baseline", {"migrant_stock": [1e5, 1.2e7]}))
    _check_status_flags(ue.sweep("baseline", sample={"migrant_stock": (1e5, 1.2e7)}, n=8))
    dynamic = ue.sweep(
        "baseline", {"maquila_wage_ratio": [0.1, 0.3]}, model="dynamic", years=range(1990, 1996)
    )
    _check_status_flags(dynamic)
    codes = list(dynamic.status.attrs["flag_values"])
    assert dyn.LABOUR_SHORTAGE in codes and dyn.GRADUATE_ORDER in codes
    path = tmp_path / "dynamic.nc"
    dynamic.to_netcdf(path)
    with xr.open_dataset(path) as back:
        _check_status_flags(back)
    assert json.loads(dynamic.attrs["base_parameters"]) == dict(
        ue.load_scenario("baseline").parameters
    )
