"""The parameter record: provenance, role and use are separate fields, every derived set is
generated from them, and the plausible ranges ship with the package (no calibration run)."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.calibration import dynamics_fit
from unequal_exchange.calibration.ranges import parameter_records, shipped_ranges
from unequal_exchange.model.mexico_us import accounts as mu
from unequal_exchange.model.mexico_us import dynamics as dyn
from unequal_exchange.model.mexico_us import parameters as P
from unequal_exchange.model.mexico_us.levels import GRADUATE_LEVELS

BASE = ue.load_scenario("baseline").parameters


def test_every_record_has_one_provenance_role_and_use():
    for p in P.PARAMETERS.values():
        assert p.provenance in P.PROVENANCES and p.role in P.ROLES and p.use in P.USES, p.name
    with pytest.raises(ValueError, match="role must be one of"):
        P.Parameter("x", "1", "x", role="sometimes")


def test_the_fitted_parameters_are_those_the_calibration_fits():
    fitted = (
        set(dynamics_fit.FIT_SETTINGS)
        | {f"graduates_{lv}" for lv in GRADUATE_LEVELS}
        | {f"graduate_growth_{lv}" for lv in GRADUATE_LEVELS}
        | {"enclave_output_per_hour"}  # the static fit (calibration/fit.py)
    )
    assert P.FITTED == fitted
    assert len(P.FITTED) == 24  # the old `kind` called only one of them "fitted"


def test_provenance_agrees_with_the_shipped_derivations():
    table = shipped_ranges()
    for name, p in P.PARAMETERS.items():
        how = table[name].how
        # assumptions and conventions are declared as such in their derivation, and only they
        declared = how.startswith(("convention", "assumption"))
        assert (p.provenance in ("assumed", "convention")) == declared, name
        if p.use == "convention":
            assert how.startswith("convention"), name
        if p.provenance == "observed":  # one data row, at most rescaled
            assert len(table[name].sources) == 1, name


def test_static_role_means_the_static_accounts_read_it():
    """Moving a parameter by 10 % changes some static output iff its role is static."""
    for name, p in P.PARAMETERS.items():
        # a parameter read only under a convention is moved with that convention switched on
        convention = P.READ_UNDER_CONVENTION.get(name)
        at = {**BASE, convention: 1.0} if convention else BASE
        base = mu.accounts(at)
        value = at[name]
        moved = value * 1.1 if value else 0.1
        if not p.contains(moved):
            moved = value * 0.9
        acc = mu.accounts({**at, name: moved})
        changed = any(
            not np.allclose(np.asarray(acc[k], float), np.asarray(base[k], float), equal_nan=True)
            for k in base
            if k != "status"
        )
        assert changed == (p.role == "static"), name


def test_derived_sets_are_generated_from_the_records():
    assert P.INITIAL_ONLY == dyn.INITIAL_ONLY  # the hand list in dynamics.py, until it imports
    assert P.INITIAL_ONLY == {k for k, p in P.PARAMETERS.items() if p.role == "initial"}
    assert P.DYNAMIC_ONLY == {k for k, p in P.PARAMETERS.items() if p.role != "static"}
    assert P.CONVENTIONS == {
        "hours_weighting",
        "pool_basis",
        "capital_basis",
        "formation_where_trained",
        "discount_rate",
    }
    # valuation conventions change no real quantity; measurement conventions (which hours form
    # the traded pool, which capital is advanced) map observed aggregates to the model
    assert P.VALUATION_CONVENTIONS == {
        "hours_weighting",
        "formation_where_trained",
        "discount_rate",
    }
    assert P.CONVENTIONS - P.VALUATION_CONVENTIONS == {"pool_basis", "capital_basis"}
    assert "emigration_wage_elasticity" in P.UNCERTAIN  # an assumption, drawn in samples
    assert "deportations" in P.LEVERS and "deportations" not in P.UNCERTAIN
    assert set(P.parameters_where(use="convention")) == P.CONVENTIONS
    with pytest.raises(ue.ParameterError, match="unknown parameter field 'rol'"):
        P.parameters_where(rol="static")


def test_kind_is_deprecated():
    with pytest.warns(DeprecationWarning, match="provenance"):
        assert P.PARAMETERS["hours_weighting"].kind == "convention"


def test_shipped_ranges_contain_the_baseline_values():
    records = parameter_records()
    for name, p in records.items():
        assert p.low <= p.value <= p.high, name
        assert p.value == pytest.approx(BASE[name], rel=1e-12, abs=1e-300), name


def test_problem_and_sensitivity_need_no_calibration_run(monkeypatch):
    import unequal_exchange.calibration.fit as fit

    def refuse():
        raise AssertionError("a calibration was run")

    monkeypatch.setattr(fit, "calibrate", refuse)
    monkeypatch.setattr(fit, "calibrate_static", refuse)
    p = ue.problem("baseline", model="dynamic")
    assert "return_rate" in p["names"] and "deportations" not in p["names"]
    assert "hours_weighting" not in ue.problem("baseline")["names"]


@pytest.mark.parametrize("name", ["pool_basis", "capital_basis", "formation_where_trained"])
def test_a_switch_convention_takes_only_its_options(name):
    """A value between the two definitions blends them into neither (fresh-user review)."""
    base = ue.load_scenario("baseline")
    assert ue.model.mexico_us.parameters.PARAMETERS[name].switch
    with pytest.raises(ue.ParameterError, match=f"{name} is a switch"):
        ue.run(base.with_parameters(**{name: 0.5}))
    with pytest.raises(ue.ParameterError, match=f"{name} is a switch"):
        ue.sweep(base, {name: [0.0, 0.3]}, outputs=["price_transfer"])
    ue.sweep(base, {name: [0.0, 1.0]}, outputs=["price_transfer"])  # the options sweep fine
    # continuous conventions keep their interval
    assert not ue.model.mexico_us.parameters.PARAMETERS["hours_weighting"].switch
    ue.run(base.with_parameters(hours_weighting=0.5))
