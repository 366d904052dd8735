"""``ue.headlines``: each channel's range is the envelope of ``ue.run`` over every combination of
the conventions it reads; the one-at-a-time rows are a breakdown; the strict and broad senses are
Emmanuel's per-hour factors by default and range over both factor definitions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.model.mexico_us.parameters import PARAMETERS
from unequal_exchange.scenarios import headlines as hl

CONVENTIONS = sorted(k for k, p in PARAMETERS.items() if p.use == "convention")
# each sense's factor under each definition, as ue.run names it
RUN_SENSES = {
    "strict_sense": {
        "emmanuel": ("price_transfer_by_factor", "wage"),
        "value_composition": ("price_transfer_by_value_factor", "surplus_value_rate"),
    },
    "broad_sense": {
        "emmanuel": ("price_transfer_by_factor", "composition"),
        "value_composition": ("price_transfer_by_value_factor", "value_composition"),
    },
}


def _from_run(ds, channel: str, definition: str = "emmanuel") -> float:
    if channel in RUN_SENSES:
        name, factor = RUN_SENSES[channel][definition]
        return float(ds[name].sel({ds[name].dims[0]: factor}))
    if "[" in channel:
        name, factor = channel.rstrip("]").split("[")
        return float(ds[name].sel({ds[name].dims[0]: factor}))
    return float(ds[channel])


@pytest.fixture(scope="module")
def grid():
    """ue.run at every combination of every convention's options (72 for the baseline)."""
    base = ue.load_scenario("baseline")
    return base, _grid_runs(base)


@pytest.fixture(scope="module")
def h():
    return ue.headlines("baseline", n=0, io_year=None)


@pytest.mark.parametrize("channel", hl.CHANNELS)
def test_range_is_min_max_of_run_over_every_combination_of_the_conventions_read(channel, grid, h):
    base, runs = grid
    reads = hl.READS[channel]
    definitions = (
        ("emmanuel", "value_composition") if "factor_definition" in reads else ("emmanuel",)
    )
    own = {k: float(base.parameters[k]) for k in CONVENTIONS}
    sub = [
        _from_run(ds, channel, d)
        for combo, ds in runs.items()
        if all(
            np.isclose(v, own[k]) for k, v in zip(CONVENTIONS, combo, strict=True) if k not in reads
        )
        for d in definitions
    ]
    everything = [_from_run(ds, channel, d) for ds in runs.values() for d in definitions]
    d = h.sel(channel=channel)
    scale = max(abs(float(d.default)), 1e6)
    assert float(d.low) == pytest.approx(min(sub), rel=1e-9, abs=1e-9 * scale)
    assert float(d.high) == pytest.approx(max(sub), rel=1e-9, abs=1e-9 * scale)
    assert int(d.combinations) == len(sub)
    # READS is complete: the conventions a channel does not read move it nowhere on the grid
    assert min(everything) == pytest.approx(min(sub), rel=1e-9, abs=1e-9 * scale)
    assert max(everything) == pytest.approx(max(sub), rel=1e-9, abs=1e-9 * scale)
    # the default lies inside and is the scenario's run; one at a time never exceeds the envelope
    default = _from_run(runs[tuple(own[k] for k in CONVENTIONS)], channel)
    assert float(d.default) == pytest.approx(default, rel=1e-9, abs=1e-9 * scale)
    assert float(d.low) <= float(d.default) <= float(d.high)
    assert float(d.low) <= float(d.one_at_a_time_low) + 1e-9 * scale
    assert float(d.one_at_a_time_high) <= float(d.high) + 1e-9 * scale


def _grid_runs(scenario):
    options = [[v for v, _ in PARAMETERS[k].options] for k in CONVENTIONS]
    return {
        combo: ue.run(scenario.with_parameters(**dict(zip(CONVENTIONS, combo, strict=True))))
        for combo in itertools.product(*options)
    }


def _moves(runs, channel: str, k: str) -> bool:
    i = CONVENTIONS.index(k)
    return any(
        not np.isclose(
            _from_run(ds, channel, d), _from_run(runs[other], channel, d), rtol=1e-9, atol=1.0
        )
        for d in ("emmanuel", "value_composition")
        for combo, ds in runs.items()
        for other in [
            tuple(o if j == i else c for j, c in enumerate(combo)) for o, _ in PARAMETERS[k].options
        ]
    )


def test_every_convention_read_moves_the_channel_somewhere_on_the_grid(grid):
    _, runs = grid
    # below full foreign ownership the enclaves' owned profit is r K at prices of production,
    # so the capital basis enters the enclave drain too (at full ownership it is all s)
    half = None
    for channel, reads in hl.READS.items():
        for k in (r for r in reads if r != "factor_definition"):
            if _moves(runs, channel, k):
                continue
            if half is None:
                base = ue.load_scenario("baseline")
                half = _grid_runs(base.with_parameters(enclave_foreign_ownership=0.5))
            assert _moves(half, channel, k), (channel, k)


def test_the_joint_corner_reverses_the_price_transfer_one_at_a_time_does_not(h):
    pt = h.sel(channel="price_transfer")
    assert float(pt.low) < 0 < float(pt.one_at_a_time_low)
    assert str(pt.conventions.values) == "capital_basis × hours_weighting × pool_basis"


def test_senses_default_to_emmanuels_factors_and_each_definition_has_its_own_range(h, grid):
    base, runs = grid
    ds = runs[tuple(float(base.parameters[k]) for k in CONVENTIONS)]
    assert h.attrs["factor_definition"] == "emmanuel"
    strict, broad = h.sel(channel="strict_sense"), h.sel(channel="broad_sense")
    assert float(strict.default) == pytest.approx(
        float(ds.price_transfer_by_factor.sel(factor="wage"))
    )
    assert float(broad.default) == pytest.approx(
        float(ds.price_transfer_by_factor.sel(factor="composition"))
    )
    # the senses' range is the union of the two definitions' ranges
    for sense in ("strict_sense", "broad_sense"):
        own = [h.sel(channel="[".join(RUN_SENSES[sense][d]) + "]") for d in RUN_SENSES[sense]]
        assert float(h.sel(channel=sense).low) == pytest.approx(min(float(o.low) for o in own))
        assert float(h.sel(channel=sense).high) == pytest.approx(max(float(o.high) for o in own))
    # the factor-definition rows of the breakdown: the default one is Emmanuel's and marked
    rows = h.sel(variant=h.convention == "factor_definition")
    assert rows.is_default.values.tolist() == [True, False]
    assert float(rows.value.sel(channel="strict_sense")[1]) == pytest.approx(
        float(ds.price_transfer_by_value_factor.sel(value_factor="surplus_value_rate"))
    )
    assert np.isnan(rows.value.sel(channel="price_transfer")).all()  # not a convention of it
    # every convention has exactly one default row
    for c in set(h.convention.values.tolist()):
        assert int(h.is_default.sel(variant=h.convention == c).sum()) == 1, c


def test_every_channel_is_labelled_with_its_definition(h):
    for c in ("price_transfer_by_factor[wage]", "strict_sense"):
        assert "Emmanuel" in str(h.long_name.sel(channel=c).values)
    assert "K moves with v" in str(
        h.long_name.sel(channel="price_transfer_by_value_factor[surplus_value_rate]").values
    )
