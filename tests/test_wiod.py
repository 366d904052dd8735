"""WIOD 2013: the shipped extract, the loader and the IO accounts on real data (economic facts)."""

from __future__ import annotations

import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.calibration import wiod
from unequal_exchange.cli.main import main
from unequal_exchange.errors import InputError, ScenarioError
from unequal_exchange.model.mexico_us import io_accounts as io
from unequal_exchange.scenarios.wiod import REAL, run_wiod_year

# totals printed by tools/build_wiod2013.py from the published CSVs (README of the extract)
SHIPPED_TOTALS = {  # year: (ΣZ, ΣF, Σx), million USD
    1995: (25977241, 29155127, 55182318),
    2003: (33485754, 36667271, 70209283),
    2009: (57155872, 56940120, 114158086),
    2011: (72440092, 69268600, 141767904),
}


@pytest.fixture(scope="module")
def s2009():
    return wiod.wiod_system(2009)


@pytest.fixture(scope="module")
def ds2009():
    return ue.run("wiod-2009")


@pytest.mark.parametrize("year", sorted(SHIPPED_TOTALS))
def test_shipped_tables_match_the_published_totals(year):
    t = wiod._table(year)
    got = tuple(int(t[k].sum(dtype=np.int64)) for k in ("Z", "F", "x"))
    assert got == SHIPPED_TOTALS[year]
    assert t["Z"].shape == (1435, 1435) and t["F"].shape == (1435, 205)
    # rows of Z plus final demand give gross output to within the rounding of 1640 whole millions
    gap = t["Z"].sum(axis=1, dtype=np.int64) + t["F"].sum(axis=1, dtype=np.int64) - t["x"]
    assert np.abs(gap).max() <= 0.5 * (1435 + 205)


def test_shipped_sea_cells():
    sea = wiod._sea()
    assert int(np.isfinite(sea["values"]).sum()) == 333697
    assert float(np.nansum(sea["values"])) == pytest.approx(700388830209.7399, rel=1e-12)
    assert len(wiod.table_countries()) == 41


def test_exchange_rates_are_wiods_own(s2009):
    # README: 13.49 pesos per USD in 2009, 12.38 in 2011
    assert "MEX 13.49" in s2009.attrs["exchange_rates"]
    assert "MEX 12.378" in wiod.wiod_system(2011).attrs["exchange_rates"]


def test_magnitudes(s2009):
    mx = s2009.country_of == "MEX"
    assert s2009.hours[mx].sum() / 1e9 == pytest.approx(104.82, abs=0.01)  # SEA H_EMP 2009
    assert s2009.output[mx].sum() / 1e6 == pytest.approx(1.47, abs=0.01)  # trn USD
    c14 = s2009.sectors.index("MEX_c14")
    assert s2009.value_added[c14] / s2009.output[c14] == pytest.approx(0.146, abs=0.001)
    a = io.input_coefficients(s2009.z, s2009.output)
    assert max(abs(np.linalg.eigvals(a))) == pytest.approx(0.40, abs=0.01)
    assert np.all(io.leontief_inverse(a) >= 0)


def test_mexican_hours_per_usd_above_us(s2009):
    mx = s2009.country_of == "MEX"
    per_usd = [s2009.hours[sel].sum() / s2009.output[sel].sum() for sel in (mx, ~mx)]
    assert per_usd[0] > 5 * per_usd[1]
    assert np.all(s2009.wage[mx][:34] < s2009.wage[~mx][:34])  # every industry but households


def test_all_hours_are_embodied_in_final_uses(s2009):
    a = io.input_coefficients(s2009.z, s2009.output)
    l = s2009.hours / s2009.output
    net = s2009.output - a @ s2009.output  # final demand + intermediate exports outside
    embodied = l @ io.leontief_inverse(a) @ net
    assert embodied == pytest.approx(s2009.hours.sum(), rel=1e-10)
    assert np.all(io.exports(s2009) >= 0)


def test_embodied_hours_contract(ds2009, s2009):
    emb = ds2009.embodied_hours_in_exports
    assert emb.dims == ("exporter", "worked_in") and emb.attrs["units"] == "h/yr"
    assert list(emb.exporter.values) == ["MEX", "USA"] == list(emb.worked_in.values)
    # row sums: the hours of l (I − A)⁻¹ e_a
    a = io.input_coefficients(s2009.z, s2009.output)
    l = s2009.hours / s2009.output
    total = l @ io.leontief_inverse(a) @ io.exports(s2009).T
    assert emb.sum("worked_in").values == pytest.approx(total, rel=1e-12)
    # Mexican exports embody mostly Mexican hours, and 4–5 times more hours per USD
    assert float(emb.sel(exporter="MEX", worked_in="MEX")) > 10 * float(
        emb.sel(exporter="MEX", worked_in="USA")
    )
    assert 3 < float(ds2009.hours_ratio_in_trade) < 6


def test_values_sum_to_hours(ds2009):
    d = ds2009.sel(convention="simple")
    assert float(d.total_new_value) == pytest.approx(float(ds2009.total_hours), rel=1e-12)
    # value of gross output exceeds hours (it re-counts the inputs), never falls short
    assert float(d.total_value) > float(ds2009.total_hours)


def test_price_transfer_and_shapley(ds2009):
    for c in ds2009.convention.values:
        d = ds2009.sel(convention=c)
        assert 0.10 < float(d.price_transfer_share_gdp) < 0.25  # Mexico loses (net)
        assert float(d.price_transfer_by_factor.sum()) == pytest.approx(
            float(d.price_transfer), rel=1e-9
        )
        assert float(d.transfer_by_country.sum()) == pytest.approx(
            0.0, abs=1e-9 * float(d.price_transfer)
        )
        # the wage gap (strict sense) is the largest part
        assert float(d.price_transfer_by_factor.sel(factor="wage")) > 0.5 * float(d.price_transfer)
    d = ds2009.sel(convention="simple")
    assert float(d.price_transfer_by_factor.sel(factor="intensity")) == 0.0


def test_2009_headline_sides_and_melts(ds2009):
    """The referee's recomputation (research/review-io.md, §0, F1, F4, F5): seller side 82.3 bn
    USD (9.79 % of 840.5 bn), net 164.6 bn at m_T = 16.44 USD/h; US skill ratios 76.5 bn; pooled
    72.3 bn; MEX MELT 8.02 and system MELT 41.09 USD/h."""
    d = ds2009.sel(convention="simple")
    by_side = d.price_transfer_by_side / 1e9
    assert float(by_side.sel(side="seller")) == pytest.approx(82.3, abs=0.05)
    assert float(by_side.sel(side="net")) == pytest.approx(164.6, abs=0.05)
    assert float(d.price_transfer) == float(d.price_transfer_by_side.sel(side="net"))
    assert float(d.price_transfer_share_gdp_by_side.sel(side="seller")) == pytest.approx(
        0.0979, abs=5e-5
    )
    melts = d.melt_by_basis.sel(melt_basis=["traded", "home", "system"]).values
    assert melts == pytest.approx([16.44, 8.02, 41.09], abs=0.005)
    for c, bn in (("wage", 76.5), ("wage-pooled", 72.3), ("wage-national", 89.6)):
        got = float(ds2009.price_transfer_by_side.sel(convention=c, side="seller")) / 1e9
        assert got == pytest.approx(bn, abs=0.05), c
    # buyer side = seller side in a two-country system (pool normalisation)
    assert float(by_side.sel(side="buyer")) == pytest.approx(float(by_side.sel(side="seller")))


def test_common_skill_weights_make_us_hours_more_complex(ds2009):
    """National premia make a Mexican hour 1.45× as complex as a US hour (mean μ 2.73 vs
    1.88); one common set (US ratios) gives 1.45 vs 1.88: μ differs by skill mix only."""
    h = ds2009.hours

    def mean_mu(conv, c):
        sel = ds2009.sector_country == c
        mu = ds2009.complexity.sel(convention=conv)
        return float((mu * h).where(sel).sum() / h.where(sel).sum())

    assert mean_mu("wage-national", "MEX") == pytest.approx(2.73, abs=0.01)
    assert mean_mu("wage", "MEX") == pytest.approx(1.45, abs=0.01)
    assert mean_mu("wage", "USA") == pytest.approx(1.88, abs=0.01)
    assert mean_mu("wage", "USA") == pytest.approx(mean_mu("wage-national", "USA"), rel=1e-12)


def test_capital_scope_dwellings(ds2009):
    """Real estate (c29) holds 43 % of Mexican and 49 % of US capital; without it r rises
    from 22.6 % to 37.9 % and the seller side falls to 74.0 bn (review F6)."""
    d = ds2009.sel(convention="simple")
    r = d.profit_rate_by_capital_scope
    assert float(r.sel(capital_scope="all")) == pytest.approx(float(d.profit_rate), rel=1e-12)
    assert float(r.sel(capital_scope="no-dwellings")) == pytest.approx(0.379, abs=5e-4)
    seller = d.price_transfer_seller_by_capital_scope / 1e9
    assert float(seller.sel(capital_scope="no-dwellings")) == pytest.approx(74.0, abs=0.05)
    assert float(seller.sel(capital_scope="no-c28-c35")) == pytest.approx(63.6, abs=0.05)
    net = d.price_transfer_by_capital_scope
    assert float(net.sel(capital_scope="all")) == pytest.approx(float(d.price_transfer))


def test_observed_profit_rates(ds2009):
    """(VA − LAB)/K: MEX 21.7 %, USA 19.4 % (review F2)."""
    r = ds2009.profit_rate_observed
    assert float(r.sel(country="MEX")) == pytest.approx(0.217, abs=5e-4)
    assert float(r.sel(country="USA")) == pytest.approx(0.194, abs=5e-4)


def test_comp_is_divided_by_employee_hours():
    s = wiod.wiod_system(2009, wage="COMP")
    sea = wiod._sea()
    cube = sea["values"][list(sea["countries"]).index("MEX")]
    var = list(sea["variables"])
    comp, h_empe = (cube[var.index(v), 1:, 14] for v in ("COMP", "H_EMPE"))
    rate = float(np.nansum(cube[var.index("GO"), 1:, 14])) / float(
        wiod._table(2009)["x"][: 35 * 41].reshape(41, 35)[wiod.table_countries().index("MEX")].sum()
    )
    j = 13  # c14
    assert s.wage[j] == pytest.approx(comp[j] / h_empe[j] / rate, rel=1e-9)
    assert "H_EMPE" in s.attrs["wage_variable"]


def test_extrapolated_capital_uses_three_year_ratio():
    s = wiod.wiod_system(2010)
    sea = wiod._sea()
    cube = sea["values"][list(sea["countries"]).index("MEX")]
    var = list(sea["variables"])
    yrs = [12, 13, 14]  # 2007-09
    k = np.nansum(cube[var.index("K_GFCF"), 1:, yrs] * cube[var.index("GFCF_P"), 1:, yrs] / 100,
                  axis=0)  # fmt: skip
    va = np.nansum(cube[var.index("VA"), 1:, yrs], axis=0)
    va10 = np.nan_to_num(cube[var.index("VA"), 1:, 15])
    ratio = np.where(va > 0, k / np.where(va > 0, va, 1), 0)
    mex = s.country_of == "MEX"
    assert s.capital[mex].sum() / s.value_added[mex].sum() == pytest.approx(
        (ratio * va10).sum() / va10.sum(), rel=1e-9
    )


def test_conventions_never_change_real_quantities(ds2009):
    for name in REAL:
        assert "convention" not in ds2009[name].dims, name
    s = wiod.wiod_system(2005)
    a, b = (
        io.accounts(s, c, wiod.schooling(), paper=wiod.paper_figures())
        for c in ("simple", "education")
    )
    for name in REAL:
        assert np.array_equal(a[name].values, b[name].values), name


def test_maquila_industries(ds2009):
    mx14, us14 = (ds2009.sel(sector=f"{c}_c14") for c in ("MEX", "USA"))
    assert float(mx14.import_content) > 3 * float(us14.import_content)
    assert float(mx14.import_content_total) > float(mx14.import_content)
    assert float(mx14.value_added_per_hour) < 0.1 * float(us14.value_added_per_hour)
    assert list(ds2009.paper_import_content.values) == [0.8, 0.75]


def test_complexity_bounds(s2009):
    mu_w = io.complexity(s2009, "wage-national")
    mu_e = io.complexity(s2009, "education", wiod.schooling())
    assert np.all(mu_w >= 1) and np.all(mu_e >= 1) and np.all(mu_e <= 1 + 7 / 43)


def test_extrapolated_years_are_flagged_and_follow_employment():
    s = wiod.wiod_system(2011)
    assert s.attrs["extrapolated"] == "MEX from 2009, USA from 2009"
    sea = wiod._sea()
    ci = list(sea["countries"]).index("MEX")
    var = list(sea["variables"])
    cube = sea["values"][ci]
    per_person = cube[var.index("H_EMP"), 1:, 14] / cube[var.index("EMP"), 1:, 14]
    expected = np.nan_to_num(per_person) * cube[var.index("EMP"), 1:, 16] * 1e6
    assert s.hours[:35] == pytest.approx(expected, rel=1e-12)
    assert wiod.wiod_system(2009).attrs["extrapolated"] == "none"


def test_endogenous_rest_of_world():
    s = wiod.wiod_system(2009, rest_of_world="endogenous")
    assert s.countries == ("MEX", "USA", "ROW") and s.n == 105
    x = wiod._table(2009)["x"].reshape(41, 35).astype(float)
    inside = [wiod.table_countries().index(c) for c in ("MEX", "USA")]
    assert s.output[:70] == pytest.approx(x[inside].ravel())
    assert s.output[70:] == pytest.approx(x.sum(axis=0) - x[inside].sum(axis=0))
    # the ROW block closes the world: rows add up to output to within rounding (41 regions)
    gap = s.z.sum(axis=1) + s.final.sum(axis=1) - s.output
    assert np.abs(gap).max() <= 41 * 0.5 * (1435 + 205)
    assert s.hours[70:].sum() > 2 * s.hours[:70].sum()
    e = wiod.wiod_economy(2009, rest_of_world="endogenous")
    assert e.n_sectors == 105 and np.all(io.leontief_inverse(e.inputs) >= 0)


def test_any_set_of_countries():
    e = ue.wiod_economy(2000, countries=("MEX", "USA", "CAN"))
    assert e.n_sectors == 105 and e.sectors[70] == "CAN_c01"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"year": 2012}, "1995–2011"),
        ({"year": "x"}, "integer"),
        ({"year": 2009, "countries": ("MEX", "USB")}, "did you mean 'USA'"),
        ({"year": 2009, "countries": ("MEX",)}, "at least two"),
        ({"year": 2009, "rest_of_world": "inside"}, "exogenous"),
        ({"year": 2009, "convention": "skill"}, "reduction convention"),
    ],
)
def test_bad_input_is_one_line(kwargs, match):
    with pytest.raises(InputError, match=match) as info:
        ue.wiod_economy(**kwargs)
    assert "\n" not in str(info.value)


def test_run_name_errors():
    with pytest.raises(ScenarioError, match="1995–2011"):
        ue.run("wiod-1990")
    with pytest.raises(InputError, match="conventions"):
        run_wiod_year(2009, conventions=["simple", "none"])


def test_series_has_a_year_dimension():
    ds = ue.run_wiod(years=[2009, 2010], conventions=["simple"])
    assert ds.extrapolated.values.tolist() == [0, 1]
    assert ds.price_transfer.dims == ("year", "convention")
    assert ds.price_transfer.attrs["units"] == "USD/yr"


def test_cli_run_wiod(tmp_path, capsys):
    out = tmp_path / "w.nc"
    assert main(["run", "wiod-2009", "--out", str(out)]) == 0
    assert "hours ratio in trade" in capsys.readouterr().out and out.exists()
    assert main(["run", "wiod-2013"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["run", "wiod-2009", "--set", "mx_gdp=1"]) == 2


def test_national_profit_rates_remove_most_of_the_drain(ds2009):
    d = ds2009.sel(convention="simple")
    assert abs(float(d.price_transfer_national)) < 0.1 * float(d.price_transfer)
    mx, us = (float(d.profit_rate_national.sel(country=c)) for c in ("MEX", "USA"))
    assert mx > us  # capital is scarcer per hour in Mexico


def test_accounts_with_endogenous_rest_of_world():
    ds = run_wiod_year(2009, rest_of_world="endogenous", conventions=["simple"])
    emb = ds.embodied_hours_in_exports
    assert list(emb.exporter.values) == ["MEX", "USA", "ROW"]
    # rest-of-world hours now count in the exports of Mexico and the US
    assert float(emb.sel(exporter="MEX", worked_in="ROW")) > 0
    assert float(ds.price_transfer.squeeze()) > 0
    # the net transfer is bilateral (MEX–USA flows only): near the exogenous-RoW figure
    share = float(ds.price_transfer_share_gdp.squeeze())
    assert 0.15 < share < 0.30


def test_shipped_data_is_declared_as_package_data():
    from fnmatch import fnmatch
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
    root = Path(__file__).resolve().parents[1]
    pkg = root / "src" / "unequal_exchange"
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["unequal_exchange"]
    files = [p.relative_to(pkg).as_posix() for p in (pkg / "calibration/data").rglob("*.*")]
    assert any(f.startswith("calibration/data/wiod2013/") for f in files)
    missing = [f for f in files if not any(fnmatch(f, g) for g in globs)]
    assert not missing, f"not declared in [tool.setuptools.package-data]: {missing}"
    size = sum((pkg / f).stat().st_size for f in files if "wiod2013" in f)
    assert size < 20e6
