"""The built-in scenario library and the loader's handling of bad scenario files.

Built-in scenarios: each loads, is viable, documents itself, extends the baseline, quotes only
figure rows that exist, and moves the channels in the direction the economics implies.
Bad files: every problem is reported, one ``error: ...`` line each, exit code 2, no traceback.
"""

from __future__ import annotations

import csv
import re
import sys
import textwrap
from pathlib import Path

import pytest

import unequal_exchange as ue
from unequal_exchange.cli.main import main
from unequal_exchange.model.mexico_us.parameters import PARAMETERS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = Path(ue.__file__).parent
LIBRARY = PACKAGE / "scenarios" / "library"
DATA = PACKAGE / "calibration" / "data"
BUILT_IN = [name for name in ue.list_scenarios() if name != "baseline"]
EXPECTED = {
    "maquila-wage-convergence",
    "domestic-content-policy",
    "pre-nafta-1990",
    "skilled-return-programme",
    "brain-circulation",
    "national-innovation-system",
    "crisis-2008-deportations",
}


@pytest.fixture(scope="module")
def baseline():
    return ue.run("baseline")


@pytest.fixture(scope="module")
def results():
    return {name: ue.run(name) for name in BUILT_IN}


def _value(ds, name: str) -> float:
    return float(ds[name])


def _overrides(name: str) -> dict:
    """Parameters a scenario changes: its [parameters], and the parameters of its [[shocks]]
    (dynamic scenarios change values from a given year on)."""
    data = tomllib.loads((LIBRARY / f"{name}.toml").read_text(encoding="utf-8"))
    out = dict(data.get("parameters", {}))
    out.update({s["parameter"]: s["value"] for s in data.get("shocks", [])})
    return out


def _figure_ids() -> set[str]:
    with open(DATA / "figures.csv", newline="", encoding="utf-8") as fh:
        return {row["id"] for row in csv.DictReader(fh)}


# --- the built-in library -------------------------------------------------------------------


def test_library_ships_every_documented_scenario():
    assert EXPECTED <= set(BUILT_IN)


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_scenario_loads_extends_baseline_and_is_described(name):
    scenario = ue.load_scenario(name)
    assert scenario.name == name
    assert scenario.extends == "baseline"
    assert scenario.description.strip()


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_scenario_is_viable(name, results):
    assert int(results[name].status) == 0


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_scenario_overrides_only_registry_parameters_and_changes_them(name):
    base = ue.load_scenario("baseline").parameters
    overrides = _overrides(name)
    assert overrides
    for key, value in overrides.items():
        assert key in PARAMETERS, f"{name}: {key} is not a registry parameter"
        assert float(value) != base[key], f"{name}: {key} repeats the baseline value"


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_scenario_quotes_only_existing_figure_rows(name):
    ids = _figure_ids()
    text = (LIBRARY / f"{name}.toml").read_text(encoding="utf-8")
    quoted = set(re.findall(r"\b([A-Z][A-Z0-9]*_[A-Za-z0-9_]+)\b", text))
    assert quoted, f"{name} cites no figures.csv row"
    assert quoted <= ids, f"{name} cites unknown rows: {sorted(quoted - ids)}"


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_scenario_runs_through_the_cli(name, capsys):
    assert main(["run", name]) == 0
    assert f"scenario {name!r}" in capsys.readouterr().out


# --- direction of each counterfactual against the 2011 baseline -----------------------------


def test_wage_convergence_shrinks_price_transfer_and_arbitrage_rent(results, baseline):
    ds = results["maquila-wage-convergence"]
    assert _value(ds, "price_transfer") < _value(baseline, "price_transfer")
    assert _value(ds, "labour_arbitrage_rent") < _value(baseline, "labour_arbitrage_rent")
    assert _value(ds, "repatriated_profit") < _value(baseline, "repatriated_profit")


def test_wage_convergence_moves_the_rent_into_the_wage_bill_one_for_one(results, baseline):
    # rent = Σ H (w_US,mfg − w): with hours unchanged, every dollar of higher enclave wages
    # is a dollar less of arbitrage rent, and enclave value added does not move.
    ds = results["maquila-wage-convergence"]
    gained = _value(ds, "enclave_wage_bill") - _value(baseline, "enclave_wage_bill")
    lost = _value(baseline, "labour_arbitrage_rent") - _value(ds, "labour_arbitrage_rent")
    assert gained > 0
    assert gained == pytest.approx(lost, rel=1e-9)
    assert _value(ds, "enclave_value_added") == pytest.approx(
        _value(baseline, "enclave_value_added"), rel=1e-12
    )


def test_domestic_content_raises_enclave_value_added_and_cuts_imports(results, baseline):
    ds = results["domestic-content-policy"]
    assert _value(ds, "enclave_value_added") > _value(baseline, "enclave_value_added")
    assert _value(ds, "enclave_imported_inputs") < _value(baseline, "enclave_imported_inputs")


def test_domestic_content_surplus_is_drained_by_foreign_ownership(results, baseline):
    # wages are unchanged, so the extra value added is profit, repatriated by foreign owners
    ds = results["domestic-content-policy"]
    assert _value(ds, "enclave_wage_bill") == pytest.approx(
        _value(baseline, "enclave_wage_bill"), rel=1e-12
    )
    assert _value(ds, "repatriated_profit") > _value(baseline, "repatriated_profit")


def test_return_programme_shrinks_training_cost_transfer_only(results, baseline):
    ds = results["skilled-return-programme"]
    assert _value(ds, "training_cost_transfer") < _value(baseline, "training_cost_transfer")
    assert _value(ds, "price_transfer") == pytest.approx(
        _value(baseline, "price_transfer"), rel=1e-12
    )


def test_brain_circulation_reverses_the_net_skilled_flow(results, baseline):
    ds = results["brain-circulation"]
    net = ds["net_emigration_by_level"].sel(level=["bachelor", "master", "phd"])
    assert bool((net < 0).all())
    assert _value(ds, "training_cost_transfer") < _value(baseline, "training_cost_transfer")
    assert _value(ds, "total_drain") < _value(baseline, "total_drain")


def test_national_innovation_system_cuts_training_transfer_and_brain_waste(results, baseline):
    ds = results["national-innovation-system"]
    assert _value(ds, "training_cost_transfer") < _value(baseline, "training_cost_transfer")
    assert _value(ds, "brain_waste_cost") < _value(baseline, "brain_waste_cost")


def test_crisis_lowers_remittances_and_turns_migration_into_net_return(results, baseline):
    ds = results["crisis-2008-deportations"]
    assert _value(ds, "remittances") == pytest.approx(21_181e6)  # row R1_remittances_2009
    assert _value(ds, "remittances") < _value(baseline, "remittances")
    assert float(ds["net_emigration_by_level"].sum()) < 0
    assert _value(ds, "training_cost_transfer") < _value(baseline, "training_cost_transfer")
    assert _value(ds, "reproduction_cost_transfer") < _value(baseline, "reproduction_cost_transfer")


def test_pre_nafta_has_fewer_enclave_hours_and_a_smaller_migrant_stock(results, baseline):
    ds = results["pre-nafta-1990"]
    assert _value(ds, "enclave_hours") < _value(baseline, "enclave_hours")
    assert float(ds["migrant_stock_by_level"].sum()) == pytest.approx(4.4e6)  # G1 1990
    assert _value(ds, "training_cost_stock") < _value(baseline, "training_cost_stock")


def test_pre_nafta_national_accounts_are_pwt_1990():
    with open(DATA / "pwt1001_MEX_USA_1990_2019.csv", newline="", encoding="utf-8") as fh:
        pwt = {r["iso3"]: r for r in csv.DictReader(fh) if r["year"] == "1990"}
    p = ue.load_scenario("pre-nafta-1990").parameters
    for iso, c in (("MEX", "mx"), ("USA", "us")):
        row = {k: float(v) for k, v in pwt[iso].items() if k not in ("iso3", "year")}
        assert p[f"{c}_gdp"] == pytest.approx(row["cgdpo"] * row["pl_gdpo"] * 1e6, rel=1e-9)
        assert p[f"{c}_capital_output_ratio"] == pytest.approx(row["cn"] / row["cgdpo"], rel=1e-5)
        assert p[f"{c}_labour_share"] == row["labsh"]
        assert p[f"{c}_employment"] == pytest.approx(row["emp"] * 1e6)
        assert p[f"{c}_hours_per_worker"] == row["avh"]


# --- bad scenario files ---------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _run_cli(path, capsys) -> tuple[int, list[str]]:
    code = main(["run", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.out == ""
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert all(line.startswith("error: ") for line in lines), lines
    return code, lines


def test_cli_reports_toml_syntax_error(tmp_path, capsys):
    path = _write(
        tmp_path / "syntax.toml",
        """
        [scenario]
        extends = "baseline"
        [parameters]
        maquila_wage_ratio 0.2
        """,
    )
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 1
    assert "invalid TOML" in lines[0] and "line 4" in lines[0]


def test_cli_reports_unknown_parameter_with_suggestion(tmp_path, capsys):
    path = _write(
        tmp_path / "typo.toml",
        """
        [scenario]
        extends = "baseline"
        [parameters]
        maquila_wage_rato = 0.2
        """,
    )
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 1
    assert "maquila_wage_rato" in lines[0]
    assert "did you mean 'maquila_wage_ratio'" in lines[0]


def test_cli_reports_string_given_for_a_number(tmp_path, capsys):
    path = _write(
        tmp_path / "type.toml",
        """
        [scenario]
        extends = "baseline"
        [parameters]
        maquila_wage_ratio = "0.2"
        """,
    )
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 1
    assert "maquila_wage_ratio must be a number" in lines[0]


def test_cli_reports_value_outside_domain(tmp_path, capsys):
    path = _write(
        tmp_path / "domain.toml",
        """
        [scenario]
        extends = "baseline"
        [parameters]
        maquila_import_content = 1.2
        """,
    )
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 1
    assert "maquila_import_content = 1.2 is outside its domain [0, 1)" in lines[0]


def test_cli_reports_extends_cycle(tmp_path, capsys):
    _write(tmp_path / "a.toml", '[scenario]\nextends = "b.toml"\n')
    _write(tmp_path / "b.toml", '[scenario]\nextends = "a.toml"\n')
    code, lines = _run_cli(tmp_path / "a.toml", capsys)
    assert code == 2
    assert len(lines) == 1
    assert "'extends' forms a cycle: a -> b -> a" in lines[0]


def test_cli_reports_missing_file(tmp_path, capsys):
    code, lines = _run_cli(tmp_path / "nowhere.toml", capsys)
    assert code == 2
    assert len(lines) == 1
    assert "scenario file not found" in lines[0] and "nowhere.toml" in lines[0]


def test_cli_reports_missing_parent_scenario(tmp_path, capsys):
    path = _write(tmp_path / "orphan.toml", '[scenario]\nextends = "baselin"\n')
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 1
    assert "unknown scenario 'baselin'" in lines[0] and "did you mean 'baseline'" in lines[0]


def test_cli_reports_unknown_section(tmp_path, capsys):
    path = _write(
        tmp_path / "section.toml",
        """
        [scenario]
        extends = "baseline"
        [parameter]
        maquila_wage_ratio = 0.2
        """,
    )
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 1
    assert "unknown section [parameter]" in lines[0]
    assert "did you mean 'parameters'" in lines[0]


SEVERAL_PROBLEMS = """
    [scenario]
    extends = "baseline"
    titel = "typo in a scenario key"

    [parameters]
    maquila_wage_rato = 0.2
    hidden_maquila_wage_ratio = "high"
    maquila_import_content = 1.2

    [paramters]
    x = 1
    """


def test_api_lists_every_problem_of_a_file_at_once(tmp_path):
    path = _write(tmp_path / "several.toml", SEVERAL_PROBLEMS)
    with pytest.raises(ue.ScenarioError) as info:
        ue.load_scenario(path)
    problems = info.value.problems
    assert len(problems) == 5, problems
    expected = [
        "unknown section [paramters]",
        "unknown key 'titel' in [scenario]",
        "unknown parameter 'maquila_wage_rato' (did you mean 'maquila_wage_ratio'?)",
        "hidden_maquila_wage_ratio must be a number",
        "maquila_import_content = 1.2 is outside its domain",
    ]
    for fragment in expected:
        assert sum(fragment in p for p in problems) == 1, (fragment, problems)
    assert all(str(path) in p for p in problems)


def test_cli_prints_one_error_line_per_problem(tmp_path, capsys):
    path = _write(tmp_path / "several.toml", SEVERAL_PROBLEMS)
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 5


def test_api_parent_problems_are_reported_through_the_child(tmp_path):
    _write(tmp_path / "parent.toml", '[scenario]\nextends = "baseline"\n[parameters]\nx_y = 1\n')
    child = _write(
        tmp_path / "child.toml",
        '[scenario]\nextends = "parent.toml"\n[parameters]\nmaquila_import_content = -0.1\n',
    )
    with pytest.raises(ue.ScenarioError) as info:
        ue.load_scenario(child)
    problems = info.value.problems
    assert len(problems) == 2
    assert any("child.toml" in p and "maquila_import_content" in p for p in problems)
    assert any("parent.toml" in p and "unknown parameter 'x_y'" in p for p in problems)


# --- loader bugs found while writing these tests, now fixed ----------------------------------


def test_api_reports_unknown_name_even_when_its_value_is_not_a_number(tmp_path):
    path = _write(
        tmp_path / "both.toml",
        '[scenario]\nextends = "baseline"\n[parameters]\nmaquila_wage_rato = "x"\n',
    )
    with pytest.raises(ue.ScenarioError) as info:
        ue.load_scenario(path)
    assert any("did you mean 'maquila_wage_ratio'" in p for p in info.value.problems)


def test_api_reports_cross_parameter_problem_as_scenario_error(tmp_path):
    path = _write(
        tmp_path / "cross.toml",
        '[scenario]\nextends = "baseline"\n[parameters]\nmaquila_import_content = 0.99\n',
    )
    with pytest.raises(ue.ScenarioError) as info:
        ue.load_scenario(path)
    assert any(str(path) in p for p in info.value.problems)


def test_cli_reports_cross_parameter_problem_without_traceback(tmp_path, capsys):
    path = _write(
        tmp_path / "cross.toml",
        '[scenario]\nextends = "baseline"\n[parameters]\nmaquila_import_content = 0.99\n',
    )
    code, lines = _run_cli(path, capsys)
    assert code == 2
    assert len(lines) == 1
    assert "maquila_import_content + enclave_domestic_input_share must be below 1" in lines[0]


def test_built_in_name_is_not_shadowed_by_working_directory(tmp_path, monkeypatch):
    (tmp_path / "baseline").mkdir()
    monkeypatch.chdir(tmp_path)
    assert ue.load_scenario("baseline").name == "baseline"


def test_api_validates_sweep_section(tmp_path):
    path = _write(
        tmp_path / "sweep.toml",
        '[scenario]\nextends = "baseline"\n[sweep]\nnot_a_parameter = [1, 2]\n',
    )
    with pytest.raises(ue.ScenarioError):
        ue.load_scenario(path)
