"""The command line: reports, JSON, files, and exit code 2 with one line per problem."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from unequal_exchange.cli.main import main
from unequal_exchange.model.mexico_us.accounts import ENCLAVE_LOSS, STATUS_NAMES
from unequal_exchange.scenarios.simulate import LEVEL_DIM


def test_run_prints_every_channel(capsys):
    assert main(["run", "baseline"]) == 0
    out = capsys.readouterr().out
    for label in (
        "price transfer",
        "strict sense",
        "broad sense",
        "repatriated",
        "labour arbitrage rent",
        "enclave hours",
        "training cost transfer",
        "remittances",
        "brain waste",
        "total drain",
        "of MX GDP",
    ):
        assert label in out
    # the parametric interval says how many sample points were not viable, and why
    left_out = re.search(
        r"(\d+) of (\d+) Sobol' points \((\d+) non-viable, left out: (.+?)\); leaving them "
        r"out conditions the interval on viability",
        out,
    )
    assert left_out, out
    viable, size, bad = (int(left_out[i]) for i in (1, 2, 3))
    assert viable + bad == size and bad > 0
    assert STATUS_NAMES[ENCLAVE_LOSS] in left_out[4]
    assert "high enclave wages, where the transfer is lower" in out
    # the price channel is named for what it is, the strict sense by the default definition
    assert "price-of-production transfer: unequal exchange, strict + broad" in out
    assert "unequal exchange proper" not in out
    assert "not additive across lines" in out


def test_run_json_and_netcdf(tmp_path, capsys):
    path = tmp_path / "out.nc"
    assert main(["run", "--json", "--out", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["price_transfer"]["units"] == "USD/yr"
    assert path.stat().st_size > 0


def test_bad_parameters_exit_2_with_one_line_each(capsys):
    code = main(
        [
            "run",
            "--set",
            "maquila_wage_ratio=0",
            "--set",
            "maquila_import_content=1.2",
            "--set",
            "migrant_stock=-3",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("error: ") for line in err)


def test_unknown_scenario_suggests_a_name(capsys):
    assert main(["run", "baselin"]) == 2
    assert "did you mean 'baseline'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "calibrate", "validate", "scenarios"])
def test_help_of_every_command_has_an_example(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "example:" in capsys.readouterr().out


def test_console_script_runs_without_traceback():
    out = subprocess.run(
        [sys.executable, "-m", "unequal_exchange.cli", "run", "--set", "x=1"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "unknown parameter 'x'" in out.stderr


def test_simulate_prints_paths_and_saves_data_and_figures(tmp_path, capsys):
    nc, fig = tmp_path / "paths.nc", tmp_path / "paths.png"
    code = main(
        ["simulate", "return-programme-2025", "--every", "10", "--out", str(nc),
         "--figure", str(fig)]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "absorbed at home" in out and "underemployed" in out and "2040" in out
    import xarray as xr

    with xr.open_dataset(nc, engine="h5netcdf") as ds:
        assert ds.skilled_stock.dims == ("year", LEVEL_DIM)
    assert fig.stat().st_size > 0
    assert (tmp_path / "paths-graduates.png").stat().st_size > 0


def test_dynamic_sweep_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "paths.nc"
    args = ["sweep", "baseline", "--model", "dynamic", "--axis",
            "professional_job_elasticity=0.25:1:4", "--outputs", "absorption_rate,skilled_stock",
            "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "4 paths (4 viable" in text and "absorption_rate" in text
    import xarray as xr

    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert ds.skilled_stock.dims == ("professional_job_elasticity", "year", LEVEL_DIM)
        absorbed = ds.absorption_rate.sel(year=2040).values
        assert (absorbed[1:] > absorbed[:-1]).all()  # more demand, more graduates absorbed
    assert main(["sweep", "baseline", "--model", "dynamic", "--axis", "return_rate=0.01,0.02",
                 "--chunks", "1"]) == 2  # fmt: skip
    assert "--chunks is not available" in capsys.readouterr().err


@pytest.mark.parametrize("store", ["grid.nc", "grid.zarr"])
def test_sweep_dtype_float32_from_the_command_line(tmp_path, capsys, store):
    """``--dtype float32`` writes float32 results (in memory to NetCDF, and streamed to Zarr)
    within float32 rounding of the float64 sweep; status stays an integer code."""
    import numpy as np
    import xarray as xr

    import unequal_exchange as ue

    out = tmp_path / store
    axis = "maquila_wage_ratio=0.05:0.25:5"
    args = ["sweep", "--axis", axis, "--outputs", "price_transfer,total_drain",
            "--dtype", "float32", "--out", str(out), "--no-progress"]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    ref = ue.sweep(
        "baseline",
        {"maquila_wage_ratio": np.linspace(0.05, 0.25, 5)},
        outputs=["price_transfer", "total_drain"],
    )
    engine = "h5netcdf" if store.endswith(".nc") else "zarr"
    with xr.open_dataset(out, engine=engine) as ds:
        assert ds.price_transfer.dtype == np.float32 and ds.total_drain.dtype == np.float32
        assert np.issubdtype(ds.status.dtype, np.integer)
        np.testing.assert_array_equal(ds.status.values, ref.status.values)
        for name in ("price_transfer", "total_drain"):
            np.testing.assert_allclose(ds[name].values, ref[name].values, rtol=2**-23)


def test_run_prints_the_envelope_over_every_combination_and_each_definitions_range(capsys):
    import unequal_exchange as ue

    assert main(["run", "baseline", "--points", "0"]) == 0
    out = capsys.readouterr().out
    h = ue.headlines("baseline", n=0, io_year=None)

    def printed(label: str) -> tuple[float, float]:
        line = next(x for x in out.splitlines() if label in x)
        m = re.search(r"\[conventions (-?\d+\.\d)(?:–| to )(-?\d+\.\d)", line)
        return float(m[1]), float(m[2])

    for label, channel in (
        ("price transfer MX → US", "price_transfer"),
        ("strict sense: wage per hour", "price_transfer_by_factor[wage]"),
        ("broad sense: capital per hour", "price_transfer_by_factor[composition]"),
        (
            "rate of surplus value e (given K/v)",
            "price_transfer_by_value_factor[surplus_value_rate]",
        ),
        ("strict sense, both factor definitions", "strict_sense"),
        ("broad sense, both factor definitions", "broad_sense"),
        ("total drain  ", "total_drain"),
    ):
        d = h.sel(channel=channel)
        want = (round(float(d.low) / 1e9, 1), round(float(d.high) / 1e9, 1))
        assert printed(label) == want, (label, want)
    # the default definition's split comes first
    assert out.index("by Emmanuel's per-hour factors") < out.index("by value compositions")
    assert "One convention at a time gives narrower ranges" in out
