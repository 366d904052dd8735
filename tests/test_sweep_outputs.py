"""Sweeps compute only the requested outputs, in float64 or float32, and stream to Zarr through
one reused buffer; the kernel's channels do not depend on the Shapley block."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import unequal_exchange as ue
from unequal_exchange.errors import ParameterError
from unequal_exchange.model.mexico_us import accounts_kernel as mk
from unequal_exchange.scenarios import store

AXES = {"maquila_wage_ratio": [0.06, 0.12, 0.18], "hours_weighting": [0.0, 0.4, 1.0]}
THREE = ["price_transfer", "labour_arbitrage_rent", "total_drain"]


def _points(n: int, seed: int = 5) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    base = np.array([ue.load_scenario("baseline").parameters[k] for k in mk.PARAM_NAMES])
    rng = np.random.default_rng(seed)
    cols = {
        "maquila_wage_ratio": rng.uniform(0.05, 0.3, n),
        "hours_weighting": rng.uniform(0.0, 1.0, n),
        "maquila_import_content": rng.uniform(0.7, 0.85, n),
        "immex_employment": rng.uniform(1.5e6, 2.1e6, n),
    }
    return base, cols


def test_channels_do_not_depend_on_the_shapley_block():
    """Every output outside the split and the ends is bit-identical with and without them:
    the split and the ends of the hours convention leave the traded value system intact."""
    base, cols = _points(500)
    full = mk.evaluate_columns(base, cols)
    rest = [k for k in mk.OUTPUT_NAMES if k not in mk.NEEDS_FULL]
    part = mk.evaluate_columns(base, cols, outputs=rest)
    assert (full["status"] == 0).mean() > 0.3
    np.testing.assert_array_equal(part["status"], full["status"])
    for k in rest:
        np.testing.assert_array_equal(part[k], full[k])


def test_selected_outputs_are_bit_identical_to_the_full_result():
    base, cols = _points(300)
    full = mk.evaluate_columns(base, cols)
    names = ["price_transfer_by_factor", "transfer", "migrant_stock_by_level", *THREE]
    sel = mk.evaluate_columns(base, cols, outputs=names)
    assert set(sel) == {*names, "status"}
    for k in names:
        assert sel[k].shape == full[k].shape
        np.testing.assert_array_equal(sel[k], full[k])


def test_float32_results_agree_with_float64_to_float32_rounding():
    base, cols = _points(400)
    f64 = mk.evaluate_columns(base, cols, outputs=THREE)
    f32 = mk.evaluate_columns(base, cols, outputs=THREE, dtype=np.float32)
    for k in THREE:
        assert f32[k].dtype == np.float32
        np.testing.assert_allclose(f32[k], f64[k], rtol=2.0**-24, atol=0)
        assert np.array_equal(np.isnan(f32[k]), np.isnan(f64[k]))


def test_sweep_keeps_only_the_requested_outputs_with_their_attributes():
    full = ue.sweep("baseline", AXES)
    ds = ue.sweep("baseline", AXES, outputs=[*THREE, "drain_share"], dtype="float32")
    assert set(ds.data_vars) == {*THREE, "drain_share", "status"}
    for k in THREE:
        assert ds[k].dtype == np.float32 and ds[k].attrs == full[k].attrs
        np.testing.assert_allclose(ds[k], full[k], rtol=2.0**-24)
    np.testing.assert_allclose(ds.drain_share, full.drain_share, rtol=1e-6)
    np.testing.assert_array_equal(ds.status, full.status)
    # a sector output keeps its sector coordinate
    xr.testing.assert_identical(
        ue.sweep("baseline", AXES, outputs="transfer").transfer, full.transfer
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"dtype": "float16"}, "dtype must be float64 or float32"),
     ({"outputs": ["price_transfr"]}, "unknown output 'price_transfr'")],
)  # fmt: skip
def test_bad_dtype_or_output_is_refused_before_computing(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        ue.sweep("baseline", AXES, **kwargs)


def test_zarr_blocks_through_one_buffer_equal_the_in_memory_sweep(tmp_path, monkeypatch):
    seen = []
    real = store.write_block

    def spy(*args, **kwargs):
        seen.append(args[-1])  # the buffer
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "write_block", spy)
    axes = {"maquila_wage_ratio": np.linspace(0.05, 0.2, 7), "hours_weighting": [0.0, 0.5, 1.0]}
    path = tmp_path / "s.zarr"
    store.sweep_to_zarr(
        "baseline", axes, path, chunks=3, outputs=THREE, dtype="float32", progress=False
    )
    assert len(seen) == 3 and all(b is seen[0] for b in seen)  # blocks of 3, 3 and 1 rows
    assert seen[0].dtype == np.float32 and seen[0].size == 3 * 3 * len(THREE)
    with xr.open_zarr(path) as back:
        mem = ue.sweep("baseline", axes, outputs=THREE, dtype="float32")
        for k in THREE:
            assert back[k].dtype == np.float32
            np.testing.assert_array_equal(back[k].values, mem[k].values)
