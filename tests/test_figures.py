"""The figure gallery: every figure is written in every format, and every axis says its units."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("matplotlib")

from unequal_exchange.viz import gallery as figures
from unequal_exchange.viz import paper, plotting

NAMES = (
    "channel_breakdown",
    "strict_broad_waterfall",
    "heatmap_price_transfer",
    "heatmap_formation_vs_remittances",
    "sobol_price_transfer",
    "migration_costs",
    "dynamic_paths",
    "graduate_absorption",
    "paper_figure2",
    "paper_figure5",
    "paper_figure7",
)
UNITS = re.compile(r"\[[^\]]+\]")


@pytest.fixture(scope="module")
def gallery():
    import warnings

    import unequal_exchange as ue

    plt = plotting._plt()
    with warnings.catch_warnings():  # the gallery's Sobol' sample is large enough to trust
        warnings.simplefilter("error", ue.SmallSampleWarning)
        figs = figures.build_gallery()
    yield figs
    for fig in figs.values():
        plt.close(fig)


def test_write_gallery_writes_every_figure_as_png_and_pdf(tmp_path):
    paths = figures.write_gallery(tmp_path)
    expected = {tmp_path / f"{name}.{fmt}" for name in NAMES for fmt in ("png", "pdf")}
    assert set(paths) == expected
    for path in paths:
        assert path.stat().st_size > 1000, f"{path.name} is (nearly) empty"
    assert (tmp_path / "paper_figure2.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "paper_figure2.pdf").read_bytes()[:5] == b"%PDF-"


def test_gallery_has_every_figure(gallery):
    assert tuple(gallery) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_axes_labels_a_quantity_with_its_units(gallery, name):
    for ax in gallery[name].axes:
        labels = [ax.get_xlabel(), ax.get_ylabel()]
        assert any(UNITS.search(label) for label in labels), (
            f"{name}: axes {ax.get_title()!r} has no label with [units]: {labels}"
        )


def test_paper_figure2_reads_the_papers_numbers_from_the_data_rows():
    ds = paper.paper_figure2_data()
    assert float(ds.jobs_created) == 2.1e6 and float(ds.job_seekers) == 9.5e6
    # "7.5-million workers, of which 1.5-million were unemployed, 3.9-million ... informal
    # workers and 2.1-million were international migrants"
    assert float(ds.reserve_army) == 7.5e6
    assert float(ds.reserve_army_by_component.sum()) == pytest.approx(7.5e6)


def test_paper_figures_5_and_7_carry_the_texts_percentages():
    assert list(paper.paper_figure5_data().relative_weight.values) == [55.2, 29.7]
    assert list(paper.paper_figure7_data().relative_weight.values) == [99.0, 66.0, 47.0]


def test_sweep_heatmap_says_what_to_select_for_extra_dims():
    import unequal_exchange as ue

    ds = ue.sweep(
        "baseline",
        {"maquila_wage_ratio": [0.1, 0.2], "maquila_import_content": [0.7, 0.8]},
        outputs=["price_transfer_by_factor"],
    )
    with pytest.raises(ValueError, match="select"):
        plotting.sweep_heatmap(
            ds, "price_transfer_by_factor", "maquila_wage_ratio", "maquila_import_content"
        )


def test_price_transfer_heatmap_says_import_content_barely_matters_and_spells_enclaves(gallery):
    """User review §13: every column one colour, no caption saying why, and the legend read
    "an enclave s value added" (the CF flag word had lost its apostrophe)."""
    fig = gallery["heatmap_price_transfer"]
    caption = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert "barely depends on maquila import content" in caption
    assert "value added stays its GDP" in caption and "non-viable region (grey)" in caption
    # the quoted spreads are the grid's: import content moves it < 1/10 of the wage ratio
    flat, steep = map(
        float, re.search(r"at most ([\d.]+) bn .*against ([\d.]+) bn", caption).groups()
    )
    assert 0 < flat < 0.1 * steep
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("no measured profit" in t.replace("\n", " ") for t in legend), legend
    assert not any("enclave s " in t.replace("\n", " ") for t in legend)


def test_a_heatmap_that_varies_along_both_axes_has_no_flat_axis_caption(gallery):
    fig = gallery["heatmap_formation_vs_remittances"]
    assert not any("barely depends" in t.get_text() for t in fig.texts)


def test_heatmap_equal_to_a_number_never_reached_says_so():
    """``equal=(variable, number)`` with the number outside the variable's range: the legend
    says they never meet (the number used to be passed where a variable name was expected,
    an error mypy found)."""
    import unequal_exchange as ue

    ds = ue.sweep(
        "baseline",
        {"maquila_wage_ratio": [0.1, 0.2], "maquila_import_content": [0.7, 0.8]},
        outputs=["price_transfer"],
    )
    top = float(ds["price_transfer"].max())
    fig = plotting.sweep_heatmap(
        ds,
        "price_transfer",
        "maquila_wage_ratio",
        "maquila_import_content",
        equal=("price_transfer", 2 * top),
    )
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(f"never equals {2 * top:g}" in t for t in legend), legend
    plotting._plt().close(fig)


def test_strict_broad_waterfall_draws_either_definition_and_refuses_the_old_name():
    import unequal_exchange as ue

    ds = ue.run("baseline")
    plt = plotting._plt()
    for definition, name in (
        ("emmanuel", "price_transfer_by_factor"),
        ("value_composition", "price_transfer_by_value_factor"),
    ):
        fig = plotting.strict_broad_waterfall(ds, definition=definition)
        heights = [round(p.get_height(), 6) for p in fig.axes[0].patches][:-1]
        assert heights == [round(float(v) / 1e9, 6) for v in ds[name].values]
        plt.close(fig)
    with pytest.raises(ue.InputError, match="renamed 'value_composition'"):
        plotting.strict_broad_waterfall(ds, definition="marx")
