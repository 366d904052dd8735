"""Bad command-line input: exit code 2, one line ``error: ...`` naming what to fix, no traceback.

Each case is a input a user really typed (issue 10, §3, §6, §7); every one used to give a
traceback, a silently wrong answer or a silently ignored option.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unequal_exchange.cli.main import main

AXIS = "maquila_wage_ratio=0.1:0.2:3"

CASES = [
    # (arguments, words the one error line must contain)
    (["sweep", "--axis", "maquila_wage_ratio=0.1:0.2:0"], ["NUM", ">= 1"]),
    (["sweep", "--axis", "maquila_wage_ratio=0.1:0.2:2.5"], ["NUM", "whole number"]),
    (["sweep", "--axis", "maquila_wage_ratio=0.1:0.2:1e400"], ["'1e400' is not finite"]),
    (["sweep", "--axis", "maquila_wage_ratio=1e400:1:3"], ["'1e400' is not finite"]),
    (["sweep", "--sample", "maquila_wage_ratio=0:1e400", "--n", "4"], ["'1e400' is not finite"]),
    (["sweep", "--axis", "maquila_wage_ratio=0.1,,0.2"], ["expected START:STOP:NUM"]),
    (
        [
            "sweep",
            "--sample",
            "maquila_wage_ratio=0.1:0.2",
            "--sample",
            "maquila_wage_ratio=0.1:0.3",
            "--n",
            "4",
        ],
        ["given twice"],
    ),
    (
        [
            "sweep",
            "--sample",
            "maquila_wage_ratio=0.1:0.2",
            "--n",
            "4",
            "--resume",
            "--out",
            "s.zarr",
        ],
        ["--resume", "not --sample"],
    ),
    (["run", "--out", "nofolder/x.nc"], ["folder", "does not exist"]),
    (["run", "--set", "maquila_wage_ratio=inf"], ["'inf' is not finite"]),
    # a number too large for a float is a number, but not finite (fresh-user review)
    (["run", "--set", "maquila_wage_ratio=1e400"], ["maquila_wage_ratio", "'1e400' is not finite"]),
    (["run", "--set", "maquila_wage_ratio=-1e400"], ["'-1e400' is not finite"]),
    # a parameter name in the wrong case or cut short is refused with the one name it has
    (
        ["run", "--set", "MAQUILA_WAGE_RATIO=0.2"],
        ["unknown parameter 'MAQUILA_WAGE_RATIO'", "did you mean 'maquila_wage_ratio'"],
    ),
    (
        ["run", "--set", "maquila_wage=0.2"],
        ["unknown parameter 'maquila_wage'", "did you mean 'maquila_wage_ratio'"],
    ),
    (
        ["sweep", "--axis", "Maquila_Wage_Ratio=0.1,0.2"],
        ["unknown parameter 'Maquila_Wage_Ratio'", "did you mean 'maquila_wage_ratio'"],
    ),
    (["sweep", "--axis", "maquila_wage_ratio=0.1:0.2:1e9"], ["1,000,000,000", "fewer points"]),
    (["sweep", "--axis", AXIS, "--axis", "maquila_wage_ratio=0.1,0.2"], ["given twice"]),
    (["sweep", "--axis", AXIS, "--chunks", "0"], ["--chunks", ">= 1"]),
    (["sweep", "--axis", AXIS, "--workers", "0"], ["--workers", ">= 1"]),
    (["sweep", "--axis", AXIS, "--resume"], ["--resume", "--out FILE.zarr"]),
    (["sweep", "--axis", AXIS, "--out", "x.csv"], ["x.csv", ".zarr or .nc"]),
    (
        ["sweep", "--axis", AXIS, "--sample", "maquila_import_content=0.7:0.9", "--n", "4"],
        ["--axis", "--sample", "not both"],
    ),
    (["sweep", "--axis", AXIS, "--n", "4"], ["--n", "--sample"]),
    (["sweep", "--axis", AXIS, "--set", "maquila_wage_ratio=0.2"], ["both swept and fixed"]),
    (["sweep", "--axis", AXIS, "--workers", "2"], ["--workers", "--out FILE.zarr"]),
    (["sensitivity", "--top", "0"], ["--top", ">= 1"]),
    (["sensitivity", "--top", "-3"], ["--top", ">= 1"]),
    (["sensitivity", "--figure", "s.txt"], ["--figure", ".png"]),
    (["sensitivity", "--figure", "x.bmp"], ["--figure", ".png"]),
    (["sensitivity", "--method", "morris", "--figure", "s.png"], ["--method sobol"]),
    (["simulate", "--every", "0"], ["--every", ">= 1"]),
    (["simulate", "--every", "-1"], ["--every", ">= 1"]),
    (["simulate", "--figure", "paths.bmp"], ["--figure", ".png"]),
    (["simulate", "--out", "paths.csv"], ["paths.csv", ".nc"]),
    (["run", "--out", "x.csv"], ["x.csv", ".nc"]),
    (["run", "--set", "maquila_wage_ratio=1_0"], ["maquila_wage_ratio", "'1_0' is not a number"]),
    (["run", "--set", "maquila_wage_ratio=nan"], ["maquila_wage_ratio", "not a number"]),
    (
        ["run", "--set", "maquila_wage_ratio=0.2", "--set", "maquila_wage_ratio=0.3"],
        ["maquila_wage_ratio", "given twice"],
    ),
    (["run", "--set", "=0.2"], ["NAME=VALUE"]),
    (["run", "--set", "hours_weighting=ppp"], ["'ppp' is not a number", "0.72 = PPP"]),
    # a dynamic-only lever changed nothing in the static accounts, silently (user review §5)
    (["run", "--set", "deportations=1e7"], ["deportations", "only acts in the dynamics"]),
    (["sweep", "--axis", AXIS, "--set", "return_rate=0.1"], ["return_rate", "--model dynamic"]),
    (
        ["sensitivity", "--n", "8", "--outputs", "price_transfer", "--set", "deportations=1"],
        ["deportations", "`sensitivity` computes the static accounts"],
    ),
    (["compare", "baseline", "baseline", "--set", "return_rate=0.1"], ["return_rate", "simulate"]),
    # returns of most of the stock in a year: a -15 % of GDP "transfer" (user review §2)
    (["run", "--set", "returns_per_year=1e7"], ["returns_per_year", "tenth of migrant_stock"]),
    (["compare", "baseline", "baseline", "--set", "maquila_wage_ratio=x"], ["not a number"]),
    (["explore", "--no-browser", "--port", "99999"], ["--port", "1 to 65535"]),
    (["measures", "--years", "2011"], ["--years expects FIRST:LAST", "1995:2011"]),
    (["measures", "--years", "2011:1995"], ["first before last"]),
    (["measures", "maquila-wage-convergence", "--years", "2009:2011"], ["drop the scenario"]),
    (["figures", "--formats", "bmp"], ["bmp", "png, pdf, svg"]),
    (["figures", "--formats", ""], ["formats", "png,pdf"]),
    (["figures", "--formats", "png,png"], ["twice"]),
    (["sweep", "--axis", AXIS, "--outputs", "price_transfer,,total_drain"], ["empty name"]),
]


@pytest.mark.parametrize(("argv", "words"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_exits_2_with_one_line_naming_the_fix(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _argparse_exit(argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert list(tmp_path.iterdir()) == []  # nothing written, no empty folder left behind


def _argparse_exit(argv) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.parametrize(
    "argv",
    [
        ["sweep", "--chunks", "0"],
        ["sweep", "--workers", "0"],
        ["sensitivity", "--top", "0"],
        ["simulate", "--every", "-1"],
        ["sweep", "--n", "4.5"],
    ],
)
def test_argument_errors_are_one_line_with_exit_2(argv, capsys):
    assert _argparse_exit(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: argument --")


def test_in_memory_sweep_too_large_names_the_zarr_command(capsys, monkeypatch):
    """The user guide's 100 M-point sweep without --out ended in _ArrayMemoryError: 58.9 GiB.

    Available memory is pinned at 4 GiB so that the refusal does not depend on the machine
    (100 M points of two outputs need about 9 GiB)."""
    from unequal_exchange.scenarios import sweep as sweep_module

    monkeypatch.setattr(sweep_module, "available_memory", lambda: 4 * 2**30)
    argv = [
        "sweep",
        "--axis",
        "maquila_wage_ratio=0.05:0.3:1000",
        "--axis",
        "maquila_import_content=0.6:0.9:1000",
        "--axis",
        "hours_weighting=0:1:100",
        "--outputs",
        "price_transfer,total_drain",
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "100,000,000 points" in err[0] and "GiB" in err[0]
    assert err[0].endswith("unequal-exchange sweep " + " ".join(argv[1:]) + " --out sweep.zarr"), (
        err[0]
    )


def test_non_utf8_scenario_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00[scenario]\x81\x82")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "binary.toml" in err and "UTF-8" in err


def test_interrupted_zarr_sweep_says_how_to_resume(tmp_path, capsys, monkeypatch):
    from unequal_exchange.scenarios import store

    real = store.write_block
    calls = []

    def interrupted_after_one(*args, **kwargs):
        if calls:
            raise KeyboardInterrupt
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "write_block", interrupted_after_one)
    out = tmp_path / "s.zarr"
    argv = ["sweep", "--axis", AXIS, "--chunks", "1", "--no-progress", "--out", str(out)]
    assert main(argv) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "interrupted" in err[0]
    assert err[0].endswith("--resume")
    monkeypatch.setattr(store, "write_block", real)
    assert main([*argv, "--resume"]) == 0
    assert "(2 computed, 1 already done)" in capsys.readouterr().out


def _command() -> list[str]:
    """The installed ``unequal-exchange`` script (beside this Python), else ``python -m``."""
    script = Path(sys.executable).parent / "unequal-exchange"
    return [str(script)] if script.exists() else [sys.executable, "-m", "unequal_exchange.cli"]


def _cli(*args, env=None, cwd=None):
    run_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*_command(), *args],
        capture_output=True,
        text=True,
        env=run_env,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("sweep", "--axis", "maquila_wage_ratio=0.1:0.2:0"),
        ("sweep", "--axis", "maquila_wage_ratio=0.1:0.2:1e9"),
        ("sensitivity", "--figure", "x.bmp"),
        ("figures", "--formats", "bmp"),
        ("sweep", "--chunks", "0"),
    ],
)
def test_no_traceback_reaches_the_terminal(args, tmp_path):
    done = _cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_non_utf8_file_through_the_installed_command(tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(bytes(range(128, 256)))
    done = _cli("run", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr and "UTF-8" in done.stderr


def test_ascii_terminal_gets_ascii_fallbacks():
    """PYTHONIOENCODING=ascii used to end in UnicodeEncodeError on the first '–'."""
    done = _cli("run", "baseline", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "MX -> US" in done.stdout and "Mexico-US accounts" in done.stdout
    done = _cli("--help", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and "Mexico-US" in done.stdout


def test_ctrl_c_during_a_sweep_prints_one_line_and_the_resume_command(tmp_path):
    import signal
    import time

    out = tmp_path / "big.zarr"
    proc = subprocess.Popen(
        [
            *_command(),
            "sweep",
            "--axis",
            "maquila_wage_ratio=0.05:0.3:600",  # 600 blocks (~4 min): never done before ^C
            "--axis",
            "maquila_import_content=0.6:0.9:50000",
            "--outputs",
            "price_transfer",
            "--chunks",
            "1",
            "--no-progress",
            "--backend",
            "numpy",
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not (
        (out / ".done").is_dir() and any((out / ".done").iterdir())
    ):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "--resume" in lines[0] and str(out) in lines[0]
    assert any((out / ".done").iterdir())  # the finished blocks are kept for --resume
