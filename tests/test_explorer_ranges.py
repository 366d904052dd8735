"""Every number of the explorer's Mexico–US page carries its range over the valuation
conventions it reads, with the default marked (docs/model.md §3.4: a convention is a scenario):
the range is the min and max of ``ue.run`` over every combination of those conventions, the
levers as set; the conventions each number reads are exactly those that move it."""

from __future__ import annotations

import itertools
import statistics
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.explorer import core
from unequal_exchange.model.mexico_us.parameters import CONVENTIONS, PARAMETERS
from unequal_exchange.scenarios.sweep import evaluate_points, parameter_matrix

FACTOR = "factor_definition"


def _from_run(ds, key: str) -> list[float]:
    """The number ``key`` of the page from a Dataset of ``ue.run`` (the strict and broad senses:
    [Emmanuel's per-hour factor, the default; the value-composition factor])."""
    if key in core.SENSES:
        emmanuel, value_composition = core.SENSES[key]
        return [
            float(ds.price_transfer_by_factor.sel(factor=emmanuel)),
            float(ds.price_transfer_by_value_factor.sel(value_factor=value_composition)),
        ]
    if key.startswith("marx-"):
        return [float(ds.price_transfer_by_value_factor.sel(value_factor=key[5:]))]
    if key.startswith("split-"):
        return [float(ds.price_transfer_by_factor.sel(factor=key[6:]))]
    return [float(ds[key])]


def _options(name: str, *own: float) -> list[float]:
    opts = [float(v) for v, _ in PARAMETERS[name].options]
    return opts + [v for v in dict.fromkeys(own) if not np.isclose(opts, v).any()]


CASES = {
    "baseline": ({}, {}),
    # levers moved and conventions away from the default: the default is not what is shown
    "levers-and-conventions": (
        {},
        {
            "maquila_wage_ratio": 0.2,
            "enclave_foreign_ownership": 0.5,
            "emigration_per_year": 3e5,
            "hours_weighting": 1.0,
            "discount_rate": 0.05,
            "capital_basis": 1.0,
        },
    ),
    # a scenario whose own convention is not an option: it is one more option, and the default
    "own-convention": ({"hours_weighting": 0.5}, {"pool_basis": 1.0}),
}


@pytest.mark.parametrize("case", CASES)
def test_each_range_is_the_min_and_max_of_run_over_the_conventions_the_number_reads(case):
    base_over, moves = CASES[case]
    base = ue.load_scenario("baseline").with_parameters(**base_over)
    state = core.ExplorerState(base)
    for name, value in moves.items():
        assert state.set(name, value) is None
    ranges = state.ranges
    assert set(ranges) == set(core.READS)
    cur, dflt = state.scenario.parameters, base.parameters
    memo: dict[tuple, object] = {}

    def run_at(**conv):
        key = tuple(sorted(conv.items()))
        if key not in memo:
            memo[key] = ue.run(state.scenario.with_parameters(**conv))
        return memo[key]

    for key, reads in core.READS.items():
        r = ranges[key]
        names = [c for c in reads if c != FACTOR]
        grid = itertools.product(*[_options(n, cur[n], dflt[n]) for n in names])
        values = [
            v
            for combo in grid
            for v in _from_run(run_at(**dict(zip(names, combo, strict=True))), key)
        ]
        assert r.n == len(values) and r.not_viable == 0, key
        scale = max(abs(v) for v in values)
        tol = {"rel": 1e-9, "abs": 1e-9 * scale + 1e-12}
        assert r.low == pytest.approx(min(values), **tol), key
        assert r.high == pytest.approx(max(values), **tol), key
        # the default: Emmanuel's per-hour factors for the senses (as ue.headlines), at the base
        # scenario's conventions
        at_default = _from_run(run_at(**{n: float(dflt[n]) for n in names}), key)[0]
        shown = _from_run(run_at(**{n: float(cur[n]) for n in names}), key)[0]
        assert r.default == pytest.approx(at_default, **tol), key
        assert r.current == pytest.approx(shown, **tol), key
        assert r.low - tol["abs"] <= r.default <= r.high + tol["abs"], key
        assert r.low - tol["abs"] <= r.current <= r.high + tol["abs"], key
        assert r.conventions == reads
    if case == "levers-and-conventions":
        assert not ranges["price_transfer"].at_default  # the page says ● shown ≠ ◆ default
    # the headline numbers of the review (docs/model.md §3.4): the price transfer runs from
    # -0.7 to 125.5 bn over the 12 price conventions, the total drain from 33 to 151 bn
    if case == "baseline":
        pt, td = ranges["price_transfer"], ranges["total_drain"]
        assert (round(pt.low / 1e9, 1), round(pt.high / 1e9, 1), pt.n) == (-0.7, 125.5, 12)
        assert (round(td.low / 1e9, 1), round(td.high / 1e9, 1), td.n) == (33.3, 151.4, 24)
        assert pt.default == pt.high and pt.at_default  # equal hours: the upper end


def _reads_on_grid(scenario) -> dict[str, set[str]]:
    """Which conventions move each number anywhere on the whole grid of conventions, from one
    batched kernel call (the kernel equals ``ue.run``: tests/test_explorer.py)."""
    names = sorted(CONVENTIONS)
    axes = [_options(n) for n in names]
    mesh = np.meshgrid(*axes, indexing="ij")
    acc = evaluate_points(
        parameter_matrix(scenario, {n: m.ravel() for n, m in zip(names, mesh, strict=True)})
    )
    shape = tuple(len(a) for a in axes)
    out = {}
    for key in core.READS:
        if key in core.SENSES:
            continue  # two factors of the splits, each checked below
        if key.startswith("marx-"):
            f = core.VALUE_FACTOR_NAMES.index(key[5:])
            arr = acc["price_transfer_by_value_factor"][:, f]
        elif key.startswith("split-"):
            arr = acc["price_transfer_by_factor"][:, core.FACTOR_NAMES.index(key[6:])]
        else:
            arr = np.asarray(acc[key])
        arr = arr.reshape(shape)
        if not np.isfinite(arr).any():  # not viable under any convention: nothing moves
            out[key] = set()
            continue
        scale = np.nanmax(np.abs(arr)) + 1e-300
        out[key] = {
            n
            for ax, n in enumerate(names)
            if np.nanmax(np.abs(arr - np.take(arr, [0], axis=ax))) > 1e-10 * scale
        }
    return out


def test_each_number_reads_exactly_the_conventions_declared():
    """Each declared convention moves its number at the baseline or at half foreign ownership
    (at full ownership the enclaves' whole surplus value is drained, whatever the prices: the
    capital basis then leaves ``enclave_surplus_drained`` alone), and no other does."""
    base = ue.load_scenario("baseline")
    half = _reads_on_grid(base.with_parameters(enclave_foreign_ownership=0.5))
    for key, reads in _reads_on_grid(base).items():
        assert reads | half[key] == set(core.READS[key]), key
    for sense, (emmanuel, value_composition) in core.SENSES.items():
        assert set(core.READS[sense]) == (
            set(core.READS[f"split-{emmanuel}"])
            | set(core.READS[f"marx-{value_composition}"])
            | {FACTOR}
        )


def test_the_page_reads_the_conventions_of_the_headlines_map_and_gives_its_envelope():
    """One map: the numbers ``ue.headlines`` also ranges read its READS, and their ranges at the
    baseline are its envelope (:func:`~unequal_exchange.scenarios.headlines.convention_envelope`),
    the strict and broad senses with Emmanuel's per-hour factors as the default."""
    from unequal_exchange.scenarios import headlines as hl

    assert set(core.HEADLINE_CHANNELS.values()) == set(hl.READS)
    sc = ue.load_scenario("baseline")
    envelope = hl.convention_envelope(sc)
    ranges = core.convention_ranges(sc, sc)
    for key, channel in core.HEADLINE_CHANNELS.items():
        assert core.READS[key] == hl.READS[channel], key
        low, high, n, bad = envelope[channel]
        r = ranges[key]
        tol = {"rel": 1e-9, "abs": 1e-9 * max(abs(low), abs(high)) + 1e-12}
        assert (r.low, r.high) == (pytest.approx(low, **tol), pytest.approx(high, **tol)), key
        assert (r.n, r.not_viable) == (n, bad), key
    h = ue.headlines(sc, n=0, io_year=None)
    for sense, channel in (("strict", "strict_sense"), ("broad", "broad_sense")):
        assert ranges[sense].default == pytest.approx(
            float(h.sel(channel=channel).default), rel=1e-9
        )
    assert h.attrs["factor_definition"] == "emmanuel"


@settings(max_examples=8, deadline=None)
@given(
    st.fixed_dictionaries(
        {c.name: st.floats(c.start, c.end) for c in core.CONTROLS if c.group != "migration"}
    )
)
def test_no_number_moves_with_a_convention_it_is_not_declared_to_read(levers):
    sc = ue.load_scenario("baseline").with_parameters(**levers)
    for key, reads in _reads_on_grid(sc).items():
        assert reads <= set(core.READS[key]), key


def test_the_board_prints_each_range_with_the_default_marked():
    pytest.importorskip("panel")
    from unequal_exchange.explorer import app

    page = app.MexicoUSPage("baseline")
    ranges = page.state.ranges
    boards = {**page.board.values, **page.marx.values, **page.emmanuel.values}
    assert set(boards) == set(core.READS) - set(core.SENSES)  # every number has its range
    for key, entry in boards.items():
        r, cell = ranges[key], entry[5]
        if not r.conventions:
            assert cell["text"] == "no convention enters this number", key
            continue
        low, high = (core.display(v, core.units_of(key))[0] for v in (r.low, r.high))
        assert cell["text"].startswith(f"range {low} to {high} over the {r.n} combinations"), key
        assert "◆ default = ● shown" in cell["text"], key  # the page opens at the default
        assert float(cell["low"]) == r.low and float(cell["high"]) == r.high
        assert float(cell["default"]) == float(entry[0])  # the shown number is the default
    assert boards["price_transfer"][5]["text"] == (
        "range -0.70 to 125.45 over the 12 combinations of capital basis × hours weighting × "
        "pool basis; ◆ default = ● shown"
    )
    # α = 1: the number shown moves off the default, which stays marked with its value
    page.session.apply("hours_weighting", 1.0)
    cell = page.board.values["price_transfer"][5]
    assert "◆ default 125.45; ● shown" in cell["text"]
    assert cell["at_default"] == 1.0 and 0 < cell["at_current"] < 0.1  # 9.9 of −0.7…125.5
    # the strict and broad senses: each factor definition's range separately (not their union),
    # the default Emmanuel's per-hour factors
    html, ranges = page.strict.object, page.state.ranges  # at α = 1
    ref = ue.run(page.state.base)  # the default: the base scenario's conventions
    for sense, (emmanuel, value_composition) in core.SENSES.items():
        for part in (f"split-{emmanuel}", f"marx-{value_composition}"):
            r = ranges[part]
            assert f'data-var="{sense}-{part}-low" data-value="{r.low!r}"' in html
            assert f'data-var="{sense}-{part}-high" data-value="{r.high!r}"' in html
            assert f"({r.n} combinations of " in html
        want = float(ref.price_transfer_by_factor.sel(factor=emmanuel))
        assert ranges[sense].default == pytest.approx(want, rel=1e-9)
        assert f"◆ default {want / 1e9:,.1f} (Emmanuel's per-hour factors" in html
    assert "Emmanuel's per-hour factors (default)" in html
    assert "value-composition factors (alternative)" in html
    assert "not additive across lines" in html and "Marx" not in html
    wage = ranges["split-wage"]
    assert wage.low < ranges["marx-surplus_value_rate"].high  # the definitions overlap …
    assert wage.n == 2 and ranges["marx-surplus_value_rate"].n == 12  # … over their own grids


def test_the_ranges_keep_a_move_live():
    import numba

    threads = numba.get_num_threads()
    numba.set_num_threads(1)  # as the explorer's server does
    try:
        state = core.ExplorerState()
        times = []
        for k in range(20):
            t = time.perf_counter()
            assert state.set("maquila_wage_ratio", 0.1 + 0.005 * k) is None
            state.ranges  # noqa: B018  (72 combinations, one batched kernel call)
            times.append(time.perf_counter() - t)
    finally:
        numba.set_num_threads(threads)
    assert statistics.median(times) < 0.05, times  # ~3 ms on an idle core


# --------------------------------------------------------------------------- the measures page


def _measure_values(sc) -> dict[str, float]:
    return {m.key: m.value for m in core.fast_measures(sc, core.fast_accounts(sc))}


@pytest.mark.parametrize("case", ["baseline", "levers-and-conventions"])
def test_the_measures_ranges_are_those_of_ue_measures_over_the_conventions(case):
    base_over, moves = CASES[case]
    base = ue.load_scenario("baseline").with_parameters(**base_over)
    state = core.ExplorerState(base)
    for name, value in moves.items():
        assert state.set(name, value) is None
    sc = state.scenario
    shown = core.fast_measures(sc, state.accounts)
    ranges = core.measure_ranges(sc, base, state.ranges, shown)
    assert set(ranges) == set(core.MEASURE_READS) == {m.key for m in shown}
    # ue.measures lists every combination of the conventions of the two price-based families
    ref = ue.measures(sc)
    for key, family in (("m-pop", "price_of_production"), ("m-cmp", "captured_minus_produced")):
        values = ref.value.where(ref.family == family, drop=True).values
        r = ranges[key]
        tol = 1e-9 * np.abs(values).max()
        assert r.n == values.size, key
        assert abs(r.low - values.min()) <= tol and abs(r.high - values.max()) <= tol, key
    # every row: min and max of ue.measures' entry over the conventions the row reads
    measure = {m.key: m.measure for m in shown}
    for key, reads in core.MEASURE_READS.items():
        grid = itertools.product(
            *[_options(n, sc.parameters[n], base.parameters[n]) for n in reads]
        )
        values = []
        for combo in grid:
            over = dict(zip(reads, combo, strict=True))
            values.append(_measure_values(sc.with_parameters(**over))[key])
        r = ranges[key]
        tol = 1e-9 * max(abs(v) for v in values) + 1e-3  # USD
        assert r.n == len(values) and abs(r.low - min(values)) <= tol, key
        assert abs(r.high - max(values)) <= tol, key
        default = _measure_values(sc.with_parameters(**{n: base.parameters[n] for n in reads}))
        assert abs(r.default - default[key]) <= tol and r.low - tol <= r.default <= r.high + tol
        shown_value = next(m.value for m in shown if m.key == key)
        assert shown_value == pytest.approx(float(ref.value.sel(measure=measure[key])), rel=1e-9)


@pytest.mark.parametrize(
    "levers", [{}, {"maquila_wage_ratio": 0.25, "enclave_foreign_ownership": 0.5}]
)
def test_each_measure_reads_exactly_the_conventions_declared(levers):
    base = ue.load_scenario("baseline").with_parameters(**levers)
    before = _measure_values(base)
    for name in sorted(CONVENTIONS):
        after = [_measure_values(base.with_parameters(**{name: v})) for v in _options(name)]
        for key, reads in core.MEASURE_READS.items():
            moved = any(not np.isclose(a[key], before[key], rtol=1e-12, atol=1e-3) for a in after)
            if name not in reads:
                assert not moved, (key, name)
            elif not levers:  # at the baseline each declared convention moves its row
                assert moved, (key, name)


def test_the_measures_board_prints_the_ranges():
    pytest.importorskip("panel")
    from unequal_exchange.explorer import app

    session = app.Session("baseline")
    page = app.MeasuresPage(session)
    cells = {k: v[5] for k, v in page.board.values.items()}
    assert cells["m-pop"]["text"] == (
        "range -0.70 to 125.45 over the 12 combinations of capital basis × hours weighting × "
        "pool basis; ◆ default = ● shown"
    )
    assert cells["m-cmp"]["text"].startswith("range 0.00 to 115.55 over the 6 combinations")
    assert cells["m-erd-us"]["text"] == "no convention enters this number"
    session.apply("pool_basis", 1.0)
    assert "◆ default 177.19; ● shown" in page.board.values["m-emb-at_us_wage"][5]["text"]
