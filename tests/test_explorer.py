"""The explorer without a browser: controls from the registry, the fast path against ``ue.run``,
the messages, the TOML download, the explanations against docs/model.md, the exercises against
the published tables, and the ``explore`` command's errors."""

from __future__ import annotations

import json
import re
import socket
import statistics
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unequal_exchange as ue
from unequal_exchange.cli.main import main
from unequal_exchange.explorer import core, exercises
from unequal_exchange.model.mexico_us.parameters import CONVENTIONS, DYNAMIC_ONLY, PARAMETERS
from unequal_exchange.scenarios.run import RUN_VARIABLES

MODEL_MD = Path(__file__).parents[1] / "docs" / "model.md"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --------------------------------------------------------------------------- controls


@pytest.mark.parametrize("control", core.CONTROLS, ids=lambda c: c.name)
def test_each_slider_is_a_registry_parameter_whose_range_lies_in_its_domain(control):
    spec = PARAMETERS[control.name]
    assert spec.contains([control.start, control.end]).all()
    assert control.start < control.end and 0 < control.step < control.end - control.start
    baseline = ue.load_scenario("baseline").parameters[control.name]
    assert control.start <= baseline <= control.end  # the page opens on the baseline
    assert spec.units in control.label or spec.units == "1"


def test_conventions_are_selectors_over_their_registry_options_never_sliders():
    assert set(core.CONVENTION_NAMES) == set(CONVENTIONS)  # every convention, and only those
    assert {"hours_weighting", "discount_rate", "formation_where_trained"} <= set(CONVENTIONS)
    assert not any(c.convention for c in core.CONTROLS)  # no convention among the levers
    for name in core.CONVENTION_NAMES:
        options = core.convention_options(name)
        assert sorted(options.values()) == sorted(v for v, _ in PARAMETERS[name].options)
    assert 0.72 in core.convention_options("hours_weighting").values()  # the PPP-anchored α
    # a scenario's own value that is not an option is one more choice (as ue.measures does)
    assert (
        core.convention_options("hours_weighting", 0.5)["hours_weighting = 0.5 (scenario)"] == 0.5
    )


def test_dynamic_only_parameters_are_not_sliders_of_the_static_page():
    assert not set(core.CONTROL_NAMES) & DYNAMIC_ONLY  # return_rate would move nothing here
    assert "return_rate" in DYNAMIC_ONLY


# --------------------------------------------------------------------------- fast path


def _assert_same_as_run(ds, ref):
    for name in RUN_VARIABLES:
        a, b = np.asarray(ds[name], float), np.asarray(ref[name], float)
        scale = np.maximum(np.abs(b), 1.0)
        np.testing.assert_array_less(np.abs(a - b), 1e-9 * scale + 1e-300, err_msg=name)
    assert ds.attrs == ref.attrs
    for name in RUN_VARIABLES:
        assert ds[name].attrs == ref[name].attrs


def test_the_fast_path_gives_what_run_gives_at_the_baseline():
    sc = ue.load_scenario("baseline")
    _assert_same_as_run(core.fast_dataset(sc), ue.run(sc))


@settings(max_examples=25, deadline=None)
@given(
    st.fixed_dictionaries(
        {c.name: st.floats(c.start, c.end) for c in core.CONTROLS if c.group != "migration"}
        | {n: st.sampled_from(list(core.convention_options(n).values())) for n in CONVENTIONS}
    )
)
def test_the_fast_path_gives_what_run_gives_anywhere_on_the_sliders(values):
    sc = ue.load_scenario("baseline").with_parameters(**values)
    try:
        ref = ue.run(sc)
    except ue.NonViableError as exc:
        with pytest.raises(ue.NonViableError) as fast:
            core.fast_accounts(sc)
        assert str(fast.value) == str(exc)
        return
    _assert_same_as_run(core.fast_dataset(sc), ref)


def test_a_move_is_computed_in_a_few_milliseconds():
    import numba

    threads = numba.get_num_threads()
    numba.set_num_threads(1)  # as the explorer's server does
    try:
        state = core.ExplorerState()
        times = []
        for k in range(20):
            t = time.perf_counter()
            assert state.set("maquila_wage_ratio", 0.1 + 0.005 * k) is None
            times.append(time.perf_counter() - t)
    finally:
        numba.set_num_threads(threads)
    assert statistics.median(times) < 0.05, times  # ~3 ms on an idle core


# --------------------------------------------------------------------------- messages


def test_text_that_is_not_a_number_gives_the_registrys_message_and_changes_nothing():
    state = core.ExplorerState()
    before = float(state.accounts["price_transfer"])
    message = state.set("maquila_wage_ratio", "abc")
    with pytest.raises(ue.ParameterError) as exc:
        ue.load_scenario("baseline").with_parameters(maquila_wage_ratio="abc")
    assert message == str(exc.value) == 'maquila_wage_ratio must be a number (1), got str "abc"'
    assert float(state.accounts["price_transfer"]) == before and state.overrides == {}


@pytest.mark.parametrize("text", ["abc", "1_0", "nan", "inf", "", "0x1"])
def test_only_plain_decimal_numbers_are_read_as_numbers(text):
    assert core.parse_number(text) == text


@pytest.mark.parametrize("text, value", [("0.2", 0.2), (" 1.5e9 ", 1.5e9), ("-3", -3.0)])
def test_plain_decimal_numbers_are_read(text, value):
    assert core.parse_number(text) == value


def test_out_of_domain_and_non_viable_values_give_the_command_lines_message(capsys):
    state = core.ExplorerState()
    for name, value in (("maquila_wage_ratio", "0.4"), ("maquila_import_content", "1.5")):
        message = state.set(name, value)
        assert main(["run", "--set", f"{name}={value}"]) == 2
        err = capsys.readouterr().err.strip()
        assert err == f"error: {message}"
        assert "\n" not in message
    assert state.overrides == {}
    assert state.set("maquila_wage_ratio", "0.2") is None  # and the state still works


# --------------------------------------------------------------------------- TOML download


def test_the_downloaded_toml_reproduces_the_page_through_the_command_line(tmp_path, capsys):
    state = core.ExplorerState()
    assert state.set("maquila_wage_ratio", 0.15) is None
    assert state.set("hours_weighting", 0.5) is None
    path = tmp_path / "scenario.toml"
    path.write_text(state.toml_text(), encoding="utf-8")
    _assert_same_as_run(
        core.fast_dataset(state.scenario).assign_attrs(scenario="x"),
        ue.run(state.scenario).assign_attrs(scenario="x"),
    )
    loaded = ue.load_scenario(path)
    assert dict(loaded.parameters) == dict(state.scenario.parameters)  # bit for bit
    assert main(["run", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["price_transfer"]["value"] == float(ue.run(state.scenario).price_transfer)
    assert float(state.accounts["price_transfer"]) == pytest.approx(
        printed["price_transfer"]["value"], rel=1e-12
    )


# --------------------------------------------------------------------------- explanations


def test_every_explanation_is_a_verbatim_excerpt_of_model_md():
    model = _flat(MODEL_MD.read_text(encoding="utf-8"))
    texts = core.explanations()
    for key, entry in texts.items():
        assert _flat(entry["text"]) in model, f"{key}: no longer in docs/model.md"
        number = entry["section"].split()[0].lstrip("§")
        assert f"## {number}" in model or f"### {number}" in model, key


def test_every_number_on_the_page_has_an_explanation():
    texts = core.explanations()
    assert set(core.CHANNEL_ROWS) <= set(texts)
    assert {"split", "structural", "hours_weighting", "capital_iii", "emmanuel"} <= set(texts)
    assert set(core.CONVENTION_NAMES) <= set(texts)  # each convention selector explains itself
    assert {"value_composition_split", "value_composition_structural", "emmanuel_split"} <= set(
        texts
    )
    assert not any("marx" in key for key in texts)
    assert {explain for _, explain in core.MEASURE_FAMILIES.values()} <= set(texts)
    assert {"wiod_net", "wiod_melt", "wiod_scope", "wiod_reduction"} <= set(texts)


def test_numbers_are_shown_with_their_units():
    assert core.display(125.45e9, "USD/yr") == ("125.45", "bn USD/yr")
    assert core.display(0.126, "1") == ("12.60", "%")
    assert core.display(2.29e6, "persons") == ("2.29", "million persons")
    assert core.display(float("nan"), "USD/yr") == ("n/a", "USD/yr")
    acc = core.ExplorerState().accounts
    value, number, units, _ = core.row(acc, "price_transfer")
    assert (number, units) == ("125.45", "bn USD/yr") and value == float(acc["price_transfer"])
    value, _, _, _ = core.split_row(acc, "wage")
    assert value == pytest.approx(float(ue.run().price_transfer_by_factor.sel(factor="wage")))


# ------------------------------------------------------ measures, the value-composition split


def test_the_strict_sense_is_shown_as_a_range_over_the_factor_definition():
    acc = core.ExplorerState().accounts
    ref = ue.run()
    emmanuel, value_composition = core.strict_range(acc)  # the default first
    assert value_composition == pytest.approx(
        float(ref.price_transfer_by_value_factor.sel(value_factor="surplus_value_rate")), rel=1e-9
    )
    assert emmanuel == pytest.approx(
        float(ref.price_transfer_by_factor.sel(factor="wage")), rel=1e-9
    )
    # at the default (equal hours) the two differ although every hour creates the same value:
    # K/v at actual wages contains the wage gap (the US's high wages give it a low K/v)
    assert value_composition > emmanuel > 0
    assert "contains the wage gap" in core.MARX_LABELS["value_composition"]
    source = "".join(
        (Path(core.__file__).parent / f).read_text(encoding="utf-8") for f in ("core.py", "app.py")
    )
    assert "only when every hour" not in source and "at equal intensity" not in source


def test_the_stylised_price_transfer_is_one_side_and_the_net_is_twice_it():
    ds = ue.run()
    # Σ t = 0 over the two-country pool: Mexico's loss on its exports = the US's gain on its own
    mx_loss = -float(ds.transfer.where(ds.sector_country == "MX", 0.0).sum())
    us_gain = float(ds.transfer.where(ds.sector_country == "US", 0.0).sum())
    assert mx_loss == pytest.approx(us_gain, rel=1e-9)
    assert us_gain == pytest.approx(float(ds.price_transfer), rel=1e-9)  # m Σ_US t_j
    assert "twice this" in core.ONE_SIDE
    labels = {m.key: m.label for m in core.fast_measures(*_state_pair())}
    assert core.ONE_SIDE in labels["m-pop"]


def _state_pair():
    state = core.ExplorerState()
    return state.scenario, state.accounts


def test_the_us_rate_of_surplus_value_is_flagged_when_negative():
    pytest.importorskip("panel")
    from unequal_exchange.explorer import app

    page = app.MexicoUSPage("baseline")
    us = page.board.values["us_rate_of_surplus_value"]
    assert float(us[0]) == pytest.approx(float(ue.run().us_rate_of_surplus_value), rel=1e-9)
    assert float(us[0]) < 0 and us[3] == core.NEGATIVE_US_RATE_NOTE
    assert float(page.board.values["mx_rate_of_surplus_value"][0]) > 0
    page.session.apply("hours_weighting", 1.0)  # α = 1: the US rate is positive (§3.2: 0.69)
    us = page.board.values["us_rate_of_surplus_value"]
    assert float(us[0]) > 0 and us[3] == ""
    assert "strict sense:" in page.strict.object and "Marx's" not in page.strict.object
    assert "Emmanuel's per-hour factors, the default" in page.strict.object
    assert "not additive across lines" in page.strict.object


def test_the_controls_greyed_out_on_the_measures_page_move_none_of_its_numbers():
    state = core.ExplorerState()
    base = [m.value for m in core.fast_measures(state.scenario, state.accounts)]
    from unequal_exchange.explorer import app

    moved = {
        "formation_where_trained": 1.0 - state.value("formation_where_trained"),
        "discount_rate": state.value("discount_rate") + 0.02,
        "emigration_per_year": 2e5,
        "returns_per_year": 1e5,
    }
    assert set(moved) == app.MeasuresPage.no_effect
    for name, value in moved.items():
        trial = core.ExplorerState()
        assert trial.set(name, value) is None
        got = [m.value for m in core.fast_measures(trial.scenario, trial.accounts)]
        assert got == pytest.approx(base, rel=1e-12)


def test_the_value_composition_split_adds_up_to_the_price_transfer_with_zero_structural_part():
    acc = core.ExplorerState().accounts
    parts = [core.marx_row(acc, f)[0] for f in core.MARX_ROWS]
    assert sum(parts) == pytest.approx(float(acc["price_transfer"]), rel=1e-9)
    assert parts[-1] == pytest.approx(0.0, abs=1e-6 * abs(float(acc["price_transfer"])))
    ref = ue.run().price_transfer_by_value_factor
    assert parts[0] == pytest.approx(float(ref.sel(value_factor="surplus_value_rate")), rel=1e-9)
    assert core.MARX_LABELS["surplus_value_rate"].endswith("the strict sense by this definition)")
    assert not any("Marx" in label for label in core.MARX_LABELS.values())


@settings(max_examples=6, deadline=None)
@given(
    st.floats(0.05, 0.3),
    st.floats(0.4, 0.9),
    st.sampled_from(list(core.convention_options("hours_weighting").values())),
    st.sampled_from(list(core.convention_options("capital_basis").values())),
)
def test_the_fast_measures_are_the_entries_of_ue_measures(ratio, imports, alpha, capital):
    sc = ue.load_scenario("baseline").with_parameters(
        maquila_wage_ratio=ratio,
        maquila_import_content=imports,
        hours_weighting=alpha,
        capital_basis=capital,
    )
    try:
        ref = ue.measures(sc)
    except ue.NonViableError:
        return
    shown = core.fast_measures(sc, core.fast_accounts(sc))
    assert {m.family for m in shown} == set(ref.family.values.tolist())
    for m in shown:
        r = ref.sel(measure=m.measure)
        for got, want in ((m.value, r.value), (m.share_gdp, r.share_gdp), (m.hours, r.hours)):
            want = float(want)
            assert (np.isnan(got) and np.isnan(want)) or got == pytest.approx(
                want, rel=1e-9, abs=1e-9 * abs(float(r.value)) + 1e-12
            ), m.measure


def test_the_wiod_choices_are_run_wiods_numbers():
    ds = ue.run_wiod(years=[2009], conventions=["simple", "wage"])
    for c in ("simple", "wage"):
        d = ds.sel(convention=c).isel(year=0)
        base = core.wiod_choice(ds.sel(convention=[c]), c, "traded", "all")
        assert base["share_gdp"][0] == pytest.approx(float(d.price_transfer_share_gdp), rel=1e-12)
        assert base["hours"][0] == pytest.approx(float(d.price_transfer_hours), rel=1e-9)
        for b in core.WIOD_MELT_BASES:  # (all, basis) is price_transfer_by_melt
            got = core.wiod_choice(ds.sel(convention=[c]), c, b, "all")["usd"][0]
            assert got == pytest.approx(float(d.price_transfer_by_melt.sel(melt_basis=b)), rel=1e-9)
        for scope in core.WIOD_CAPITAL_SCOPES:  # (scope, traded) is price_transfer_by_capital_scope
            got = core.wiod_choice(ds.sel(convention=[c]), c, "traded", scope)["usd"][0]
            want = float(d.price_transfer_by_capital_scope.sel(capital_scope=scope))
            assert got == pytest.approx(want, rel=1e-9)
        # the seller side is run_wiod's, and about half the net (two countries, RoW exogenous)
        assert base["seller_usd"][0] == pytest.approx(
            float(d.price_transfer_by_side.sel(side="seller")), rel=1e-9
        )
        mx_hours = float(d.hours.where(d.sector_country == "MEX", 0.0).sum())
        assert base["share_mx_hours"][0] == pytest.approx(base["hours"][0] / mx_hours, rel=1e-12)
        # the hours share is MELT-free; the USD share is not
        home = core.wiod_choice(ds.sel(convention=[c]), c, "home", "all")
        system = core.wiod_choice(ds.sel(convention=[c]), c, "system", "all")
        assert home["share_mx_hours"][0] == pytest.approx(base["share_mx_hours"][0], rel=1e-12)
        assert system["share_gdp"][0] != pytest.approx(home["share_gdp"][0], rel=1e-3)
    # at Mexico's own MELT (simple labour) the USD share is the share of Mexican hours worked
    simple = core.wiod_choice(ds.sel(convention=["simple"]), "simple", "home", "all")
    assert simple["share_gdp"][0] == pytest.approx(simple["share_mx_hours"][0], rel=1e-6)
    # a convention rescales value, never hours worked or the hours ratio in trade
    a = core.wiod_choice(ds.sel(convention=["simple"]), "simple", "home", "no-dwellings")
    b = core.wiod_choice(ds.sel(convention=["wage"]), "wage", "home", "no-dwellings")
    assert a["hours_ratio"][0] == b["hours_ratio"][0] and a["usd"][0] != b["usd"][0]
    assert core.WIOD_DEFAULT == {
        "convention": "simple",
        "melt_basis": "traded",
        "capital_scope": "all",
    }


def test_every_page_is_built_and_none_is_pending():
    pytest.importorskip("panel")
    from unequal_exchange.explorer import app

    assert app.PENDING_PAGES == {}
    assert {"Mexico–US", "Measures side by side", "WIOD 1995–2011"} <= set(app.PAGES)


def test_the_pages_with_sliders_share_one_scenario():
    pytest.importorskip("panel")
    from unequal_exchange.explorer import app

    session = app.Session("baseline")
    main_page, measures = app.MexicoUSPage(session), app.MeasuresPage(session)
    main_page.view(), measures.view()
    # the browser sends 0.1 + 20 steps of 0.005; without a server the controls settle at once
    measures.sliders["maquila_wage_ratio"].value = 0.19999999999999998
    assert main_page.sliders["maquila_wage_ratio"].value == 0.2
    # the slider that moved is not set back (that would send a value to the browser while the
    # student's next move is on its way, and lose it); its text field shows the decimal
    assert measures.sliders["maquila_wage_ratio"].value == 0.19999999999999998
    assert measures.texts["maquila_wage_ratio"].value == "0.2"
    assert main_page.texts["maquila_wage_ratio"].value == "0.2"
    pt = float(ue.run(ue.load_scenario("baseline").with_parameters(maquila_wage_ratio=0.2))
               .price_transfer)  # fmt: skip
    assert float(main_page.board.values["price_transfer"][0]) == pytest.approx(pt, rel=1e-9)
    assert float(measures.board.values["m-pop"][0]) == pytest.approx(pt, rel=1e-9)
    main_page._on_select("discount_rate", 0.05)
    assert measures.selects["discount_rate"].value == 0.05
    main_page._on_text("maquila_import_content", "abc")
    assert "must be a number" in measures.error.object  # both pages show the message
    assert float(measures.board.values["m-pop"][0]) == pytest.approx(pt, rel=1e-9)


# --------------------------------------------------------------------------- exercises


def test_the_capital_iii_exercise_gives_marxs_table():
    steps = exercises.capital_iii_steps()
    assert steps[1].columns["value λ"] == (90, 111, 131, 70, 20)
    assert steps[2].columns["r"] == (pytest.approx(0.22),)
    assert steps[3].columns["price π"] == pytest.approx((92, 103, 113, 77, 37))
    assert steps[3].columns["transfer t"] == pytest.approx((2, -8, -18, 7, 17))


def test_the_capital_iii_notes_gainers_are_the_capitals_above_the_social_composition():
    table = exercises.capital_iii_table()
    steps = exercises.capital_iii_steps()
    q = exercises.composition(table)
    social = exercises.social_composition(table)
    assert steps[0].columns["K − v"] == (80, 70, 60, 85, 95)
    assert steps[0].columns["q = (K − v)/v"] == pytest.approx(tuple(q))
    assert social == pytest.approx(390 / 110)  # Σ(K − v)/Σv
    names = ("I", "II", "III", "IV", "V")
    t = steps[3].columns["transfer t"]
    gain = {n for n, x in zip(names, t, strict=True) if x > 0}
    above = {n for n, x in zip(names, q, strict=True) if x > social}
    assert gain == above == {"I", "IV", "V"}  # Marx's result: high compositions gain
    note = steps[3].note
    assert "gain (I, IV, V" in note and "lose (II, III)" in note


def test_the_value_composition_split_of_emmanuels_table_comes_from_the_engine():
    # the engine's figures (580/7 and −160/7, worked by hand in tests/test_decompose.py), shown
    # by the exercise's fourth step as the alternative; the engine's decompose is the only
    # implementation
    table = exercises.emmanuel_table(100.0, 20.0)
    assert not hasattr(exercises, "marx_split")
    step = exercises.emmanuel_steps()[3]
    assert step.columns["rate of surplus value (strict)"] == pytest.approx((580 / 7,))
    assert step.columns["value composition K/v (broad)"] == pytest.approx((-160 / 7,))
    assert step.columns["total"] == pytest.approx((60.0,))  # the transfer Emmanuel's split
    assert "82.9 strict − 22.9 broad, against 40 and 20 by Emmanuel's factors" in step.note
    assert "K/v at actual wages contains the wage gap" in step.note
    assert step.question.startswith("The alternative")
    alt = ue.decompose(table, factors="value_composition").sel(country="core")
    assert alt.attrs["factor_definition"] == "value_composition"
    assert step.columns["total"] == pytest.approx((float(alt.total),))
    for factor, column in (
        ("surplus_value_rate", "rate of surplus value (strict)"),
        ("value_composition", "value composition K/v (broad)"),
    ):
        assert step.columns[column] == pytest.approx((float(alt.contribution.sel(factor=factor)),))


def test_the_emmanuel_exercise_gives_20_then_60_split_40_strict_20_broad():
    equal, unequal, split, _ = exercises.emmanuel_steps()
    assert equal.columns["transfer"] == pytest.approx((20, -20))
    assert unequal.columns["transfer"] == pytest.approx((60, -60))
    assert split.columns["wage (strict)"] == pytest.approx((40,))
    assert split.columns["composition (broad)"] == pytest.approx((20,))
    assert split.columns["structural"] == pytest.approx((0,), abs=1e-12)
    # the default split is Emmanuel's per-hour factors, as ue.decompose's default
    ref = ue.decompose(exercises.emmanuel_table(100.0, 20.0)).sel(country="core")
    assert split.columns["wage (strict)"] == pytest.approx(
        (float(ref.contribution.sel(factor="wage")),)
    )
    assert "by Emmanuel's per-hour factors, the default" in split.question
    assert "60 = 40 strict + 20 broad" in split.note


def test_the_emmanuel_live_exercise_matches_notebook_02():
    # periphery v = 60 (core 100): the strict part halves to 20, the broad falls to 13.3
    out = exercises.emmanuel_live(60.0)
    assert out["total"] == pytest.approx(100 / 3)
    assert out["wage"] == pytest.approx(20) and out["composition"] == pytest.approx(40 / 3)
    assert exercises.emmanuel_live(100.0)["wage"] == pytest.approx(0, abs=1e-12)  # equal wages
    # the page slider's ends (5 and 120: the periphery pays more than the core) compute
    assert exercises.emmanuel_live(5.0)["total"] > 0 > exercises.emmanuel_live(120.0)["total"]


# --------------------------------------------------------------------------- the command


def test_explore_on_a_port_in_use_exits_2_with_one_line(capsys):
    pytest.importorskip("panel")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["explore", "--no-browser", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: port {port} is in use: choose another with --port\n"


def test_explore_with_an_unknown_scenario_exits_2_before_starting(capsys):
    assert main(["explore", "--no-browser", "no-such-scenario"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "no-such-scenario" in err and err.count("\n") == 1


def test_explore_from_a_non_viable_scenario_exits_2_before_starting(tmp_path, capsys):
    pytest.importorskip("panel")
    path = tmp_path / "broken.toml"
    path.write_text(
        '[scenario]\nname = "broken"\nextends = "baseline"\n'
        "[parameters]\nmaquila_wage_ratio = 0.4\n",
        encoding="utf-8",
    )
    with socket.socket() as probe:  # a free port: 5006 may be busy on a shared machine
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main(["explore", "--no-browser", "--port", str(port), str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no address printed: nothing started
    with pytest.raises(ue.NonViableError) as raised:  # the command line's own message
        ue.run(ue.load_scenario(path))
    assert err == f"error: {raised.value}\n"
    assert err.startswith("error: scenario 'broken' is not viable: enclave value added at market")


def test_the_page_says_what_a_convention_is_and_where_formation_is_an_upper_bound():
    pytest.importorskip("panel")
    from unequal_exchange.explorer import app

    # docs/model.md §3.4, the referee's m3 and m4: a convention is a scenario, never a draw
    assert app.CONVENTION_DEFINITION in app.RANGE_NOTE
    for words in ("no observation can decide", "never drawn at random", "real quantity"):
        assert words in app.CONVENTION_DEFINITION
    assert "not additive across lines" in app.RANGE_NOTE
    assert "0 counts formation paid in the US" in app.CONVENTION_NOTES["formation_where_trained"]
    page = app.MexicoUSPage("baseline")
    assert app.CONVENTION_DEFINITION in str(page.board.rows[0]["note"])
