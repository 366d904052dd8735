"""`unequal-exchange calibrate`: writes only where the user says, and flags fits on a bound."""

from __future__ import annotations

import pytest

import unequal_exchange as ue
from unequal_exchange.calibration.dynamics_fit import BOUNDS, at_bound
from unequal_exchange.cli.main import main
from unequal_exchange.scenarios.scenario import write_baseline


@pytest.fixture(scope="module")
def result():
    return ue.calibrate()


def test_calibrate_refuses_to_overwrite_a_file_it_was_not_told_to(tmp_path, capsys):
    target = tmp_path / "baseline.toml"
    target.write_text("keep me\n", encoding="utf-8")
    assert main(["calibrate", "--write", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--overwrite" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_calibrate_never_writes_into_an_installed_package(tmp_path, capsys):
    target = tmp_path / "site-packages" / "unequal_exchange" / "baseline.toml"
    assert main(["calibrate", "--write", str(target), "--overwrite"]) == 2
    assert "installed package" in capsys.readouterr().err
    assert not target.exists()


def test_calibrate_write_path_round_trips_to_a_loadable_scenario(tmp_path, result):
    target = tmp_path / "mine.toml"
    write_baseline(result, target)
    loaded = ue.load_scenario(target).parameters
    for name, value in result.parameters.items():
        assert loaded[name] == pytest.approx(value, rel=1e-15), name
    with pytest.raises(ue.InputError, match="--overwrite"):
        write_baseline(result, target)
    write_baseline(result, target, overwrite=True)


def test_a_doctorate_emigration_propensity_of_one_is_flagged_not_reported_as_a_fit(result):
    # the PhD stock target pushes the propensity to its cap of 1 (all unabsorbed doctorates
    # leave): a corner of the box, which the report and the JSON must say
    assert result.at_bound["skilled_emigration_propensity_phd"] == 1.0
    assert "AT BOUND: skilled_emigration_propensity_phd" in result.dynamic_report()


def test_interior_fits_are_not_flagged():
    inside = {k: 0.5 * (lo + hi) for k, (lo, hi) in BOUNDS.items()}
    assert at_bound(inside) == {}
    assert at_bound({"return_rate": 0.2, "emigration_propensity": 1e-12}) == {
        "return_rate": 0.2,
        "emigration_propensity": 0.0,
    }


def test_calibrate_ranges_refuses_an_existing_file_before_fitting(tmp_path, capsys):
    target = tmp_path / "ranges.csv"
    target.write_text("keep me\n", encoding="utf-8")
    assert main(["calibrate", "--ranges", str(target)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_calibrate_ranges_writes_the_table_sensitivity_reads(tmp_path, monkeypatch, result):
    import unequal_exchange.calibration.fit as fit
    from unequal_exchange.calibration.ranges import RANGES_FILE, _read_text

    monkeypatch.setattr(fit, "calibrate", lambda **_: result)  # the module's fit, not a second one
    target = tmp_path / RANGES_FILE
    assert main(["calibrate", "--ranges", str(target), "--json"]) == 0
    written = target.read_text(encoding="utf-8").splitlines()
    shipped = _read_text(RANGES_FILE).splitlines()
    assert written[0] == shipped[0] and len(written) == len(shipped) == 1 + len(result.derived)
    assert [r.split(",")[0] for r in written] == [r.split(",")[0] for r in shipped]


def test_calibrate_fit_until_prints_the_out_of_sample_record(capsys):
    assert main(["calibrate", "--fit-until", "2012"]) == 0
    out = capsys.readouterr().out
    assert "Track record" in out and "MAPE after 2012" in out
    assert "  2023  " in out  # the last observed year, out of sample
    assert "(check, not fitted)" in out.split("remittances_2013")[1].splitlines()[0]
    assert main(["calibrate", "--fit-until", "1980"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "fit_until" in err and "Traceback" not in err
