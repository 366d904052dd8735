"""Output a reader can read (issue 10, §8): whole names, units with a currency, one formatter."""

from __future__ import annotations

import json

import pytest

from unequal_exchange.cli.format import _usd, format_quantity
from unequal_exchange.cli.main import main


def test_money_never_prints_minus_zero_and_always_names_the_currency():
    assert _usd(-0.3) == "0 USD"
    assert _usd(-1e-9) == "0 USD"
    assert format_quantity(1.2545e11, "USD/yr") == "125.45 bn USD/yr"
    assert format_quantity(-2.66e9, "USD/yr", sign=True) == "-2.66 bn USD/yr"
    assert format_quantity(4.83e9, "h/yr") == "4.83 bn h/yr"


def test_simulate_headers_are_whole_and_distinct_and_name_the_currency(capsys):
    assert main(["simulate", "return-programme-2025", "--every", "25"]) == 0
    out = capsys.readouterr().out
    assert "skilled_migra" not in out and "absorption_ra" not in out
    assert "master's in US" in out and "PhDs in US" in out
    assert out.count("skilled_stock") == 0
    assert "bn USD/yr" in out and "tn USD/yr" in out
    first = out.splitlines()[0]
    assert "skilled_return_rate = 0.058 in 2025–2040" in first and "(" not in first.split(":")[1]


def test_compare_uses_the_run_formatter_and_long_names(capsys):
    assert main(["compare", "baseline", "maquila-wage-convergence"]) == 0
    out = capsys.readouterr().out
    assert "125.45 bn USD/yr" in out
    assert "e+11" not in out and "e+10" not in out
    assert "value transferred from Mexico to the US" in out


def test_compare_set_changes_scenario_b(capsys):
    assert main(["compare", "baseline", "baseline", "--set", "maquila_wage_ratio=0.2"]) == 0
    out = capsys.readouterr().out
    assert "B = 'baseline (maquila_wage_ratio=0.2)'" in out
    assert "maquila_wage_ratio" in out.split("parameters that differ:")[1]


def test_run_sector_table_states_value_terms_and_sign(capsys):
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert "in value terms" in out and "+ gains" in out
    assert "-0 USD" not in out


def test_set_on_simulate_sweep_and_sensitivity(capsys):
    assert main(["simulate", "--every", "50", "--set", "maquila_wage_ratio=0.12"]) == 0
    assert "maquila_wage_ratio=0.12" in capsys.readouterr().out
    assert (
        main(
            [
                "sweep",
                "--axis",
                "maquila_import_content=0.7,0.8",
                "--set",
                "maquila_wage_ratio=0.12",
            ]
        )
        == 0
    )
    assert "2 points" in capsys.readouterr().out
    assert main(["simulate", "--set", "no_such_parameter=1"]) == 2
    assert "no_such_parameter" in capsys.readouterr().err


def test_sensitivity_figure_has_one_panel_per_output(tmp_path, capsys):
    fig = tmp_path / "sobol.png"
    argv = [
        "sensitivity",
        "--n",
        "8",
        "--parameters",
        "maquila_wage_ratio,maquila_import_content",
        "--outputs",
        "price_transfer,total_drain",
        "--figure",
        str(fig),
        "--set",
        "maquila_wage_ratio=0.11",
    ]
    assert main(argv) == 0
    assert "2 panel(s)" in capsys.readouterr().out
    assert fig.stat().st_size > 0


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_parameters_command_lists_units_domain_value_range_source(capsys, flag):
    assert main(["parameters", *flag]) == 0
    out = capsys.readouterr().out
    if flag:
        rows = {r["name"]: r for r in json.loads(out)["parameters"]}
        r = rows["maquila_wage_ratio"]
        assert r["units"] == "1" and r["domain"].startswith("(0")
        assert r["range"][0] < r["value"] < r["range"][1] and r["source"]
    else:
        assert "maquila_wage_ratio  [1]" in out and "domain" in out and "source:" in out


# --- fresh-user review (research/review-user.md §2, §6, §7, §8) ---


def test_no_nan_in_the_run_report_a_ratio_without_value_says_why(capsys):
    """With more returns than emigrants the net formation-cost flow is negative: the ratio
    remittances / flow has no value, printed as a dash with its reason, never ``nan``."""
    assert main(["run", "--points", "0", "--set", "returns_per_year=1.2e6"]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out.lower().replace("financ", "")
    line = next(x for x in out.splitlines() if "remittances / formation-cost transfer" in x)
    assert "—" in line and "returns" in line


def test_negative_rate_of_surplus_value_has_a_footnote_only_when_there_is_one(capsys):
    assert main(["run", "--points", "0"]) == 0
    out = capsys.readouterr().out
    us = next(x for x in out.splitlines() if x.startswith("  us "))
    assert float(us.split()[4]) < 0  # s/v column: the US rate at equal hours is -0.30
    assert out.rstrip().splitlines()[-1].startswith("  s/v < 0:")
    assert "labour-aristocracy" in out and "hours_weighting = 0" in out.splitlines()[-1]
    # productivity-weighted hours: every rate positive (US 0.69, model.md §3.2), no footnote
    assert main(["run", "--points", "0", "--set", "hours_weighting=1"]) == 0
    assert "s/v < 0" not in capsys.readouterr().out


def test_run_header_names_the_scenario_year_and_never_prints_negative_zero(capsys):
    assert main(["run", "pre-nafta-1990", "--points", "0"]) == 0
    out = capsys.readouterr().out
    head = "\n".join(out.splitlines()[:2])
    assert "1990" in head and "2011" not in head
    assert "-0.00%" not in out and "-0 " not in out
    assert main(["run", "--points", "0"]) == 0
    assert "2011" in capsys.readouterr().out.splitlines()[1]


def test_compare_prints_the_profit_rate_in_percent_and_a_nonzero_change(capsys):
    assert main(["compare", "baseline", "maquila-wage-convergence"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "rate of profit" in x)
    a, b, diff, change = (float(v) for v in line.replace("%/yr", "").replace("%", "").split()[-4:])
    assert (a, b) == (pytest.approx(12.65, abs=0.01), pytest.approx(12.28, abs=0.01))
    assert diff == pytest.approx(b - a, abs=0.011) and diff < 0  # not "0 1/yr"
    assert change == pytest.approx(100 * diff / a, abs=0.1)


def test_small_changes_keep_their_digits():
    assert format_quantity(-0.0037, "1/yr", sign=True, percent=True) == "-0.37 %/yr"
    assert format_quantity(2e-5, "1/yr", percent=True) == "0.002 %/yr"
    assert format_quantity(0.0, "1/yr", percent=True) == "0 %/yr"
    assert format_quantity(-0.003, "yr", sign=True) == "-0.003 yr"
    assert format_quantity(0.0, "h/yr") == "0 h/yr"
    assert _usd(25.97) == "25.97 USD" and _usd(24413.2) == "24,413 USD"
