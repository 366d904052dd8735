"""Bad inputs a fresh-user review found after the first round of fixes: each is a clear package
error (exit code 2 on the command line), never a traceback or a silently meaningless number."""

from __future__ import annotations

import pytest

import unequal_exchange as ue
from unequal_exchange.cli.main import main

BASE = ue.load_scenario("baseline")


@pytest.mark.parametrize(
    ("override", "fix"),
    [
        ({"us_gdp": 1e3}, "us_gdp must exceed the US wage bill"),
        ({"remittances": 1e15}, "remittances must be below mx_gdp"),
        ({"mx_exports_to_us": 1e15}, "mx_exports_to_us must be below mx_gdp"),
        ({"mx_capital_output_ratio": 1e-300}, "outside its domain"),
        ({"labour_force_entrants": 1e9}, "labour_force_entrants must not exceed"),
    ],
)
def test_implausible_magnitudes_between_parameters_are_refused(override, fix):
    with pytest.raises(ue.ParameterError, match=fix):
        BASE.with_parameters(**override)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ue.Economy(
            inputs=[[0.2, "a"], [0.1, 0.2]], labour=[0.5, 1], output=[10, 5], wage=0.5
        ),
        lambda: ue.Economy(inputs=[[0.2, 0.3], [0.1]], labour=[0.5, 1], output=[10, 5], wage=0.5),
        lambda: ue.simulate("baseline", years=range(1990, 10**9)),
        lambda: ue.simulate("baseline", years="1990-2040"),
        lambda: ue.sweep(BASE, sample={"maquila_wage_ratio": (0.1, 0.2)}, n=4, seed="x"),
        lambda: ue.sensitivity(BASE, n=8, seed=None),
        lambda: ue.sensitivity(BASE, n=8, bootstrap=10),
    ],
    ids=[
        "text-in-inputs",
        "ragged-inputs",
        "a-billion-years",
        "years-as-text",
        "seed-text",
        "seed-none",
        "unknown-option",
    ],
)
def test_bad_api_input_is_a_package_error(make):
    with pytest.raises(ue.UnequalExchangeError):
        make()


def test_overlapping_shocks_to_one_parameter_are_refused_whatever_their_order():
    a, b = ("return_rate", 0.05, 2025, 2030), ("return_rate", 0.06, 2028, 2035)
    for shocks in ((a, b), (b, a)):
        with pytest.raises(ue.UnequalExchangeError, match="2028–2030"):
            BASE.with_shocks(*shocks)


@pytest.mark.parametrize(
    "kw",
    [{"axes": {"return_rate": [0.01, 0.03]}}, {"sample": {"return_rate": (0.01, 0.03)}, "n": 4}],
)
def test_a_static_sweep_over_a_dynamics_only_parameter_is_refused(kw):
    with pytest.raises(ue.ParameterError, match="model='dynamic'"):
        ue.sweep(BASE, **kw)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["simulate", "--end", "99999999"], "at most 1000 years"),
        (
            [
                "sweep",
                "--axis",
                "maquila_wage_ratio=0.1:0.2:3",
                "--scheduler",
                "notaurl",
                "--out",
                "s.zarr",
            ],
            "tcp://HOST:PORT",
        ),
        (["run", "--set", "us_gdp=1"], "us_gdp must exceed"),
    ],
)
def test_command_line_refuses_with_exit_code_2(argv, says, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


@pytest.mark.parametrize("address", ["notaurl", "tcp://localhost", "inproc://x"])
def test_a_refused_scheduler_address_leaves_dask_as_it_was(address, tmp_path, capsys):
    # distributed's Client makes itself dask's default scheduler before it parses the address;
    # a malformed one used to leave that behind, so a later xarray write took a dead client's
    # lock ("IOLoop is closed").
    import dask
    import xarray as xr

    before = dask.config.get("scheduler", None)
    argv = ["sweep", "--axis", "maquila_wage_ratio=0.1:0.2:3", "--scheduler", address]
    assert main([*argv, "--out", str(tmp_path / "s.zarr")]) == 2
    assert "tcp://HOST:PORT" in capsys.readouterr().err
    assert dask.config.get("scheduler", None) == before
    xr.Dataset({"a": ("x", [1.0, 2.0])}).to_netcdf(tmp_path / "after.nc", engine="h5netcdf")
