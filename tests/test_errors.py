"""Bad input gets the package's own exception with a message that says what to fix."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.errors import did_you_mean

A = np.array([[0.2, 0.1], [0.1, 0.3]])


def test_negative_input_coefficients():
    with pytest.raises(ue.InputError, match=r"inputs must be non-negative; entry \[0, 1\]"):
        ue.Economy([[0.2, -0.1], [0.1, 0.3]], [1, 1], [1, 1], wage=0.5)


def test_negative_wage():
    with pytest.raises(ue.InputError, match="wage must be non-negative"):
        ue.Economy(A, [1, 1], [1, 1], wage=[-0.5, 0.5])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"inputs": np.ones((2, 3))}, "square"),
        ({"labour": [1, 1, 1]}, "labour has 3 entries"),
        ({"capital": np.ones((3, 3))}, r"capital must be a square \(2, 2\)"),
        ({"sectors": ["a"]}, "sectors has 1 names"),
        ({"countries": ["MX"]}, "countries has 1 entries"),
        ({"sectors": ["a", "a"]}, "unique"),
    ],
)
def test_wrong_shapes(kwargs, match):
    base = {"inputs": A, "labour": [1, 1], "output": [1, 1], "wage": 0.5}
    base.update(kwargs)
    with pytest.raises(ue.InputError, match=match):
        ue.Economy(**base)


def test_non_productive_input_matrix():
    with pytest.raises(ue.NotProductiveError, match=r"spectral radius is 1\.1"):
        ue.Economy([[0.6, 0.5], [0.5, 0.6]], [1, 1], [1, 1], wage=0.5)


def test_wage_at_or_above_the_maximum():
    e = ue.Economy(A, [1, 1], [1, 1], wage=1.0)  # wage = value created per hour: no surplus
    with pytest.raises(ue.NonViableError, match="no profit rate r >= 0"):
        ue.solve(e)
    basket = ue.Economy(A, [1, 1], [1, 1], wage_basket=[0.6, 0.6])
    with pytest.raises(ue.NonViableError, match="wage basket"):
        ue.solve(basket)


def test_both_or_neither_closure():
    with pytest.raises(ue.ClosureError, match="got both"):
        ue.Economy(A, [1, 1], [1, 1], wage=0.5, wage_basket=[0.1, 0.1])
    with pytest.raises(ue.ClosureError, match="got neither"):
        ue.Economy(A, [1, 1], [1, 1])


def test_unknown_numeraire_suggests_a_sector():
    e = ue.Economy(A, [1, 1], [1, 1], wage=0.5, sectors=["corn", "iron"])
    with pytest.raises(ue.NumeraireError, match="did you mean 'corn'"):
        ue.solve(e, normalization="numeraire", numeraire="con")
    with pytest.raises(ue.NumeraireError, match="needs numeraire"):
        ue.solve(e, normalization="numeraire")
    with pytest.raises(ue.NumeraireError, match="only used with"):
        ue.solve(e, numeraire="corn")


def test_unknown_normalisation_and_wage_timing():
    e = ue.Economy(A, [1, 1], [1, 1], wage=0.5)
    with pytest.raises(ue.InputError, match="did you mean 'total-price'"):
        ue.solve(e, normalization="total_price")
    with pytest.raises(ue.InputError, match="post-factum"):
        ue.solve(e, wages="later")


def test_errors_are_value_errors_of_one_family():
    assert issubclass(ue.NotProductiveError, ue.UnequalExchangeError)
    assert issubclass(ue.UnequalExchangeError, ValueError)


def test_import_compiles_nothing():
    code = "import sys, unequal_exchange; print('unequal_exchange.model.kernels' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reducible_economy_whose_root_belongs_to_a_non_basic_block_is_rejected():
    # good 3 reproduces itself at 1/0.6 − 1 = 67 % without using the wage goods; the basic
    # system (goods 1–2 with the wage basket) has r = 100 %. The dominant root is the
    # non-basic one and gives the wage goods zero prices: not a price of production.
    import warnings

    a = [[0.2, 0.1, 0.3], [0.1, 0.2, 0.3], [0.0, 0.0, 0.6]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ue.ReducibleEconomyWarning)
        e = ue.Economy(a, [1, 1, 1], [1, 1, 1], wage_basket=[0.1, 0.1, 0.0])
    with pytest.raises(ue.NegativePriceError, match="zero or negative"):
        ue.solve(e)


# One kind of mistake, one exception type and one message, whichever function receives it.
ENTRY_POINTS = {
    "run": lambda s: ue.run(s),
    "simulate": lambda s: ue.simulate(s, years=range(1990, 1993)),
    "sweep": lambda s: ue.sweep(s, {"mx_labour_share": [0.3, 0.4]}),
    "sensitivity": lambda s: ue.sensitivity(s, n=4),
    "problem": lambda s: ue.problem(s),
}
BAD_PARAMETERS = [
    ("maquila_wage_ratoi = 0.2", r"unknown parameter 'maquila_wage_ratoi' \(did you mean "
     r"'maquila_wage_ratio'\?\)"),
    # a sweep axis lists its bad values: "= [-1.0]"
    ("maquila_wage_ratio = -1.0",
     r"maquila_wage_ratio = \[?-1\.0\]? is outside its domain \(0, 10\]"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "message"), BAD_PARAMETERS)
def test_a_bad_parameter_in_a_scenario_file_is_one_error_everywhere(tmp_path, line, message):
    path = tmp_path / "bad.toml"
    path.write_text(
        f'[scenario]\nname = "bad"\ndescription = "x"\nextends = "baseline"\n'
        f"[parameters]\n{line}\n",
        encoding="utf-8",
    )
    seen = set()
    for name, call in ENTRY_POINTS.items():
        with pytest.raises(ue.ScenarioError, match=message) as info:
            call(path)
        assert type(info.value) is ue.ScenarioError, name
        seen.add(str(info.value))
    assert len(seen) == 1  # the very same message


@pytest.mark.parametrize(("line", "message"), BAD_PARAMETERS)
def test_a_bad_parameter_given_as_an_argument_is_a_parameter_error_everywhere(line, message):
    name, value = (part.strip() for part in line.split("="))
    value = float(value)
    base = ue.load_scenario("baseline")
    calls = {
        "with_parameters (run, simulate)": lambda: base.with_parameters(**{name: value}),
        "sweep": lambda: ue.sweep(base, {name: [value, 0.2]}),
    }
    if value > 0:  # a name to vary (a value is not an argument of these)
        calls["sensitivity"] = lambda: ue.sensitivity(base, n=4, parameters=[name])
        calls["problem"] = lambda: ue.problem(base, parameters=[name])
    for label, call in calls.items():
        with pytest.raises(ue.ParameterError, match=message) as info:
            call()
        assert type(info.value) is ue.ParameterError, label
        assert str(info.value).count("\n") == 0, label  # one line, one problem


def test_bad_sample_arguments_are_parameter_errors():
    for call in (
        lambda: ue.sensitivity("baseline", method="sobolev", n=8),
        lambda: ue.sensitivity("baseline", n=6),
        lambda: ue.sensitivity("baseline", n=8, seed=-1),
        lambda: ue.sample({"names": ["a"], "bounds": [[0, 1]]}, 8, seed=1, method="fast"),
    ):
        with pytest.raises(ue.ParameterError):
            call()


def test_did_you_mean_ignores_case_and_suggests_the_one_accepted_spelling():
    names = ["maquila_wage_ratio", "maquila_import_content"]
    assert did_you_mean("MAQUILA_WAGE_RATIO", names) == " (did you mean 'maquila_wage_ratio'?)"
    assert did_you_mean("maquila_wage", names) == " (did you mean 'maquila_wage_ratio'?)"
    assert did_you_mean("Maquila_Import_Content", names).endswith("'maquila_import_content'?)")
    assert did_you_mean("deportations", names) == ""
