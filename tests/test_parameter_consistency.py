"""Parameter values are numbers of plausible magnitude and consistent with each other.

Every relation of ``parameters.RELATIONS`` and every domain is checked on scenario loading and by
``Scenario.with_parameters``; all problems come in one :class:`ParameterError`.
"""

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.errors import ParameterError, ScenarioError
from unequal_exchange.model.mexico_us.parameters import (
    PARAMETERS,
    RELATIONS,
    check_parameters,
    inconsistent_points,
)


@pytest.fixture(scope="module")
def baseline():
    return ue.load_scenario("baseline")


@pytest.mark.parametrize("name", ue.list_scenarios())
def test_every_shipped_scenario_satisfies_every_relation_and_domain(name):
    s = ue.load_scenario(name)
    assert check_parameters(dict(s.parameters)) == []


def test_every_parameter_has_a_finite_upper_bound():
    assert all(np.isfinite(p.upper) for p in PARAMETERS.values())


def test_an_absurd_gdp_is_refused_with_its_domain(baseline):
    with pytest.raises(ParameterError, match=r"mx_gdp = 1e\+308 is outside its domain \(0, 1e\+15"):
        baseline.with_parameters(mx_gdp=1e308)


def test_hours_per_worker_cannot_exceed_the_hours_in_a_year(baseline):
    with pytest.raises(ParameterError, match="mx_hours_per_worker"):
        baseline.with_parameters(mx_hours_per_worker=9000.0)


def test_no_migrants_with_graduates_returns_and_remittances_lists_every_problem(baseline):
    with pytest.raises(ParameterError) as info:
        baseline.with_parameters(migrant_stock=0)
    text = str(info.value)
    assert "stocks by degree are part of" in text
    assert "returnees come from the migrant stock" in text
    assert "remittances need migrants" in text
    assert len(info.value.problems) == 3


def test_no_migrants_is_consistent_once_their_flows_and_stocks_go_too(baseline):
    zero = dict.fromkeys(
        [
            "migrant_stock",
            "migrant_stock_bachelor",
            "migrant_stock_master",
            "migrant_stock_phd",
            "returns_per_year",
            "remittances",
        ],
        0.0,
    )
    assert baseline.with_parameters(**zero).parameters["migrant_stock"] == 0.0


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"immex_employment": 5e7}, "immex_employment must be below mx_employment"),
        ({"maquila_import_content": 0.99}, "value added must be positive"),
        ({"skilled_emigration_master_share": 0.99}, "must not exceed 1"),
        ({"skilled_emigration_per_year": 3e5}, "skilled emigrants are part of all emigrants"),
        ({"returns_per_year": 2e7}, "returnees come from the migrant stock"),
        # review: 1e7 returns a year (below the 12 M stock) gave a -183 bn training transfer
        ({"returns_per_year": 1e7}, "a tenth of migrant_stock per year"),
        ({"graduates_master": 4e5}, "a master's follows a bachelor's"),
        ({"graduates_phd": 7e4}, "a doctorate follows a master's"),
        ({"professional_jobs": 5e7}, "professional_jobs must not exceed mx_employment"),
        ({"enclave_output_per_hour": 100.0}, "enclaves export all their output"),
    ],
)
def test_each_relation_is_enforced(baseline, overrides, fragment):
    with pytest.raises(ParameterError, match=fragment):
        baseline.with_parameters(**overrides)


def test_every_relation_holds_on_the_baseline_and_names_its_parameters(baseline):
    for names, holds, message in RELATIONS:
        assert all(k in PARAMETERS for k in names)
        assert bool(np.all(holds({k: np.asarray(baseline.parameters[k]) for k in names})))
        assert names[0] in message


def test_relations_are_checked_on_arrays_and_count_the_bad_points(baseline):
    values = {k: np.full(4, v) for k, v in baseline.parameters.items()}
    values["migrant_stock"] = np.array([1.2e7, 1e5, 1e5, 1.2e7])
    problems = check_parameters(values)
    assert any("(at 2 of 4 points)" in p for p in problems)


def test_a_scenario_file_with_inconsistent_stocks_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[scenario]\nextends = "baseline"\n[parameters]\nmigrant_stock = 100000.0\n')
    with pytest.raises(ScenarioError, match="stocks by degree are part of"):
        ue.load_scenario(path)


# --- Python API: types (issue 10, §7) ---------------------------------------------------------


def test_a_string_value_is_refused_with_its_type(baseline):
    expected = r'maquila_wage_ratio must be a number .*got str "0.2"'
    with pytest.raises(ParameterError, match=expected):
        baseline.with_parameters(maquila_wage_ratio="0.2")


def test_a_bool_is_refused_not_read_as_one(baseline):
    with pytest.raises(ParameterError, match=r"hours_weighting must be a number .*got bool True"):
        baseline.with_parameters(hours_weighting=True)


@pytest.mark.parametrize("value", [np.float64(0.2), np.float32(0.2), np.array(0.2), np.int64(1)])
def test_numpy_scalars_and_zero_d_arrays_are_numbers(baseline, value):
    s = baseline.with_parameters(hidden_maquila_wage_ratio=value)
    assert type(s.parameters["hidden_maquila_wage_ratio"]) is float
    assert s.parameters["hidden_maquila_wage_ratio"] == pytest.approx(float(value), rel=1e-6)


def test_an_array_is_not_a_single_value(baseline):
    with pytest.raises(ParameterError, match="must be a single number, got an array of shape"):
        baseline.with_parameters(maquila_wage_ratio=np.array([0.1, 0.2]))


def test_every_type_problem_is_listed_at_once(baseline):
    with pytest.raises(ParameterError) as info:
        baseline.with_parameters(maquila_wage_ratio="x", hours_weighting=False, mx_gdp=None)
    assert len(info.value.problems) == 3


# --- extends must name a .toml file or a library scenario -------------------------------------


def test_extends_outside_the_library_and_not_toml_is_refused_before_opening(tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text('[scenario]\nextends = "../../../etc/passwd"\n')
    with pytest.raises(ScenarioError, match=r"must name a built-in scenario .* or a \.toml file"):
        ue.load_scenario(path)


def test_a_scenario_path_must_end_in_toml(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("[scenario]\n")
    with pytest.raises(ScenarioError, match=r"must end in \.toml"):
        ue.load_scenario(other)


def test_a_binary_scenario_file_is_a_scenario_error(tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(ScenarioError, match="not a UTF-8 text file"):
        ue.load_scenario(path)


def test_inconsistent_points_marks_each_point_breaking_a_relation(baseline):
    values = dict(baseline.parameters)
    values["migrant_stock"] = np.array([1.2e7, 1e5, 5e5])
    values["graduates_phd"] = np.array([10.0, 10.0, 1e5])
    assert inconsistent_points(values).tolist() == [False, True, True]
