"""SALib-style verbs: problem → sample → evaluate_sample → analyze is ue.sensitivity."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import unequal_exchange as ue

# Ishigami & Homma (1990), a = 7, b = 0.1, inputs U(-π, π); analytic indices (Saltelli et al.
# 2008, Global Sensitivity Analysis: The Primer, §4.6 / Sobol' & Levitan 1999)
S1 = [0.314, 0.442, 0.0]
ST = [0.558, 0.442, 0.244]
PROBLEM = {"names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}


def ishigami(X):
    return np.sin(X[:, 0]) + 7.0 * np.sin(X[:, 1]) ** 2 + 0.1 * X[:, 2] ** 4 * np.sin(X[:, 0])


def test_the_verbs_reproduce_the_published_ishigami_indices():
    X = ue.sample(PROBLEM, 2048, seed=3)
    assert X.shape == (2048 * 5, 3)
    si = ue.analyze(PROBLEM, ishigami(X), seed=3)
    # the Saltelli (2010) estimators at N = 2048 have a standard error of about 0.01–0.02 here;
    # 0.04 is two to four of them, and the bootstrap half-widths are of the same order
    np.testing.assert_allclose(si.S1.values, S1, atol=0.04)
    np.testing.assert_allclose(si.ST.values, ST, atol=0.04)
    assert float(si.S1_conf.max()) < 0.05


def test_morris_verbs_need_the_sample():
    X = ue.sample(PROBLEM, 50, method="morris", seed=2)
    with pytest.raises(ue.UnequalExchangeError, match="pass X=the sample"):
        ue.analyze(PROBLEM, ishigami(X), method="morris", seed=2)
    m = ue.analyze(PROBLEM, ishigami(X), method="morris", seed=2, X=X)
    # x3 acts only through its interaction with x1: large sigma relative to |mu|
    assert float(m.sigma.sel(parameter="x3")) > abs(float(m.mu.sel(parameter="x3")))


def test_seed_is_keyword_only_and_checked():
    with pytest.raises(TypeError):
        ue.sample(PROBLEM, 8, "sobol", 1)  # type: ignore[misc]
    with pytest.raises(ue.ParameterError, match="seed must be a whole number"):
        ue.sample(PROBLEM, 8, seed=-1)
    with pytest.raises(ue.UnequalExchangeError, match="multiple of 5 rows"):
        ue.analyze(PROBLEM, np.zeros(7), seed=1)


@pytest.mark.parametrize(
    ("method", "n", "kwargs"),
    [("sobol", 64, {}), ("morris", 8, {"num_levels": 4}), ("sobol", 8, {"second_order": True})],
)
def test_the_verbs_composed_by_hand_give_ue_sensitivitys_indices(method, n, kwargs):
    names = ["maquila_wage_ratio", "mx_labour_share", "remittances"]
    outputs = ["price_transfer", "labour_arbitrage_rent"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ue.SmallSampleWarning)
        one = ue.sensitivity("baseline", method, n, outputs, names, seed=5, **kwargs)
        problem = ue.problem("baseline", parameters=names)
        second = bool(kwargs.get("second_order", False))
        options = {"calc_second_order": second} if method == "sobol" else kwargs
        X = ue.sample(problem, n, method=method, seed=5, **options)
        # a cluster would evaluate blocks of rows on different machines: do it in two halves
        half = X.shape[0] // 2
        Y = np.concatenate(
            [
                ue.evaluate_sample("baseline", problem, X[:half], outputs=outputs),
                ue.evaluate_sample("baseline", problem, X[half:], outputs=outputs),
            ]
        )
        by_hand = ue.analyze(
            problem, Y, method=method, seed=5, X=X, outputs=one.output.values.tolist(),
            output_units=one.output_units.values.tolist(), **options,
        )  # fmt: skip
    for var in by_hand.data_vars:
        np.testing.assert_array_equal(by_hand[var].values, one[var].values, err_msg=var)
    np.testing.assert_array_equal(by_hand.lower.values, one.lower.values)


def test_evaluate_sample_labels_its_outputs_for_analyze():
    problem = ue.problem("baseline", parameters=["maquila_wage_ratio"])
    X = ue.sample(problem, 4, seed=1)
    Y = ue.evaluate_sample("baseline", problem, X, outputs="transfer")
    assert Y.dims == ("point", "output")
    labels = [str(o) for o in Y.output.values]
    assert labels[:2] == ["transfer[maquila]", "transfer[hidden_maquila]"]
    with pytest.raises(ue.ParameterError, match="one column per parameter"):
        ue.evaluate_sample("baseline", problem, X[:, [0, 0]])
