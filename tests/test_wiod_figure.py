"""The WIOD series figure (viz/wiod.py): it builds, and what it plots is ue.run_wiod's output."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import unequal_exchange as ue
from unequal_exchange.errors import InputError
from unequal_exchange.viz.wiod import wiod_series


@pytest.fixture(scope="module")
def series():
    return ue.run_wiod(years=[2008, 2009, 2010], conventions=["simple", "wage"])


def test_plotted_data_equal_run_wiod(series, tmp_path):
    fig = wiod_series(series)
    try:
        ax_t, ax_h = fig.axes
        assert len(ax_t.lines) == 3  # net under each convention, then the seller side
        seller = series.price_transfer_share_gdp_by_side.sel(side="seller", convention="simple")
        np.testing.assert_allclose(ax_t.lines[2].get_ydata(), 100 * seller.values, rtol=1e-12)
        for line, c in zip(ax_t.lines[:2], ["simple", "wage"], strict=True):
            x, y = line.get_data()
            np.testing.assert_array_equal(x, [2008, 2009, 2010])
            want = 100 * series.price_transfer_share_gdp.sel(convention=c).values
            np.testing.assert_allclose(y, want, rtol=1e-12)
            assert line.get_label().startswith(c)
        ratio = next(ln for ln in ax_h.lines if len(ln.get_xdata()) == 3)
        np.testing.assert_allclose(ratio.get_ydata(), series.hours_ratio_in_trade.values)
        assert "% of MEX value added" in ax_t.get_ylabel() and "[1]" in ax_h.get_ylabel()
        # 2010 carries 2009's labour data forward: shaded, and the source is cited
        assert len(ax_t.patches) == 1
        texts = " ".join(t.get_text() for t in fig.texts)
        assert "Timmer" in texts and "2015" in texts
        fig.savefig(tmp_path / "series.png")
        assert (tmp_path / "series.png").stat().st_size > 10_000
    finally:
        plt.close(fig)


def test_needs_a_series(series):
    with pytest.raises(InputError, match="year dimension"):
        wiod_series(series.isel(year=0))


def test_gallery_lists_the_series_on_request(tmp_path):
    from unequal_exchange.viz import gallery

    paths = gallery.check_gallery_target(tmp_path, ["png"], wiod=True)
    assert tmp_path / "wiod_series.png" in paths
    assert tmp_path / "wiod_series.png" not in gallery.check_gallery_target(tmp_path, ["png"])
