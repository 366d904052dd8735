"""Shared fixtures: the classical economies every test module may use."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue


@pytest.fixture(autouse=True)
def _dask_left_as_found():
    """Fail the test that leaves dask's global scheduler changed, not a later one.

    A leaked setting (e.g. a dead distributed client left as the default) fails whatever test
    next writes through xarray in the same worker, which depends on the test order.
    """
    import dask

    before = dask.config.get("scheduler", None)
    yield
    assert dask.config.get("scheduler", None) == before, "test left dask's scheduler changed"


@pytest.fixture
def marx_table():
    """Capital III ch. 9: five capitals of 100, e = 100 %, used-up c = 50, 51, 51, 40, 10."""
    return ue.ValueTable(
        advanced=[100, 100, 100, 100, 100],
        constant=[50, 51, 51, 40, 10],
        variable=[20, 30, 40, 15, 5],
        surplus=[20, 30, 40, 15, 5],
        sectors=["I", "II", "III", "IV", "V"],
    )


@pytest.fixture
def emmanuel_strict():
    """docs/model.md §2.3 / Emmanuel (1972) ch. 2: unequal wages, K = 240/120, c = 50/50."""
    return ue.ValueTable(
        advanced=[240, 120],
        constant=[50, 50],
        variable=[100, 20],
        surplus=[20, 100],
        sectors=["A", "B"],
        countries=["core", "periphery"],
    )


def random_economy(rng: np.random.Generator, n: int, wage_share: float = 0.5) -> ue.Economy:
    """A strictly positive (irreducible) productive economy with a value-wage closure."""
    a = rng.uniform(0.01, 1.0, (n, n))
    a *= rng.uniform(0.2, 0.8) / a.sum(axis=0, keepdims=True)
    return ue.Economy(
        inputs=a,
        labour=rng.uniform(0.1, 1.0, n),
        output=rng.uniform(1.0, 10.0, n),
        wage=rng.uniform(0.5, 1.5, n) * wage_share,
        capital=a * rng.uniform(0.5, 3.0, (1, n)),
    )
