"""Figures of the Mexico–US accounts on the WIOD 2013 input–output tables."""

from __future__ import annotations

import textwrap

import numpy as np
import xarray as xr

from ..calibration.wiod import CITATION

CONVENTION_LABELS = {
    "simple": "simple labour (every hour equal)",
    "wage": "wage-based reduction (US skill-wage ratios for both)",
    "wage-pooled": "wage-based reduction (pooled skill-wage ratios)",
    "wage-national": "wage-based reduction (national skill premia)",
    "education": "education-based reduction (schooling years)",
}
CAPTION = (
    "Mexico–US unequal exchange on the WIOD 2013 input–output tables, 1995–2011. (a) Net "
    "bilateral transfer from Mexico (value given in its exports to the USA minus value received "
    "in its imports from them, less the net money claim: seller side + buyer side) at prices of "
    "production with one international profit rate, converted at the MELT of the traded "
    "product, as % of Mexican value added, under each complex-labour reduction; dashed: the "
    "seller side alone (Mexican exports sold below value), first convention. (b) Hours embodied "
    "(directly and indirectly; RoW exogenous) per USD of Mexican "
    "exports to the USA over hours per USD of US exports to Mexico. Shaded: labour, capital "
    "and skill data carried forward from 2009."
)


def _plt():
    import matplotlib.pyplot as plt

    return plt


def wiod_series(ds: xr.Dataset | None = None, axes=None):
    """The 1995–2011 series: the transfer as % of Mexican GDP and the hours ratio in trade.

    Parameters
    ----------
    ds : xarray.Dataset, optional
        Output of :func:`unequal_exchange.run_wiod` with a ``year`` dimension (computed for
        1995–2011, every convention, if omitted: about 10 s).
    axes : sequence of two matplotlib Axes, optional
        Where to draw (a new figure with a caption and a source line if omitted).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InputError
        If ``ds`` lacks the ``year`` dimension or the plotted variables.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> from unequal_exchange.viz.wiod import wiod_series
    >>> fig = wiod_series(ue.run_wiod(years=[2008, 2009], conventions=["simple"]))
    >>> [ax.get_ylabel().split(" [")[0] for ax in fig.axes]
    ['net transfer', 'hours ratio in trade']
    """
    from ..errors import InputError

    if ds is None:
        from ..scenarios.wiod import run_wiod

        ds = run_wiod()
    need = ("price_transfer_share_gdp", "hours_ratio_in_trade")
    if "year" not in ds.dims or any(v not in ds for v in need):
        raise InputError(
            f"wiod_series needs a ue.run_wiod result with a year dimension and {', '.join(need)}"
        )
    plt = _plt()
    own = axes is None
    if own:
        fig, axes = plt.subplots(
            2, 1, figsize=(8.0, 7.2), sharex=True, height_ratios=(1.6, 1), layout="constrained"
        )
    ax_t, ax_h = axes
    fig = ax_t.figure
    years = ds.year.values
    extrap = ds["extrapolated"].values.astype(bool) if "extrapolated" in ds else None
    share = ds.price_transfer_share_gdp
    conventions = list(share.convention.values) if "convention" in share.dims else [None]
    markers = {"simple": "o", "wage": "s", "wage-pooled": "D", "wage-national": "v",
               "education": "^"}  # fmt: skip
    for i, c in enumerate(conventions):
        y = 100 * (share.sel(convention=c) if c is not None else share).values
        key = str(c)  # a numpy string from the coordinate, or None for a single convention
        label = CONVENTION_LABELS.get(key, key)
        ax_t.plot(years, y, marker=markers.get(key, "o"), ms=4, lw=1.6, color=f"C{i}", label=label)
    if "price_transfer_share_gdp_by_side" in ds:
        seller = ds.price_transfer_share_gdp_by_side.sel(side="seller")
        if "convention" in seller.dims:
            seller = seller.sel(convention=conventions[0])
        ax_t.plot(years, 100 * seller.values, ls="--", lw=1.0, color="C0",
                  label=f"seller side only ({conventions[0]})")  # fmt: skip
    ax_t.set_ylabel("net transfer [% of MEX value added]")
    ax_t.set_title("(a) net bilateral transfer from Mexico at prices of production",
                   loc="left", fontsize=10)  # fmt: skip
    ax_t.legend(fontsize=8, loc="lower left", frameon=False)
    lo = float(np.nanmin(100 * share.values))
    ax_t.set_ylim(bottom=min(0.0, lo), top=1.15 * float(np.nanmax(100 * share.values)))
    ratio = ds.hours_ratio_in_trade.values
    ax_h.plot(years, ratio, marker="o", ms=4, lw=1.6, color="0.2")
    ax_h.axhline(1.0, color="0.6", lw=0.8, ls=":")
    ax_h.set_ylim(0, 1.15 * float(np.nanmax(ratio)))
    ax_h.set_ylabel("hours ratio in trade [1]")
    ax_h.set_title(
        "(b) hours embodied per USD exported: Mexico to the USA ÷ the USA to Mexico",
        loc="left",
        fontsize=10,
    )
    ax_h.set_xlabel("year")
    ax_h.set_xticks(years[:: max(1, len(years) // 9)] if len(years) > 9 else years)
    if extrap is not None and extrap.any():
        first = years[extrap].min() - 0.5
        for ax in (ax_t, ax_h):
            ax.axvspan(first, years.max() + 0.5, color="0.9", zorder=0)
        ax_h.text(first + 0.1, 0.05 * ax_h.get_ylim()[1], "carried\nforward", fontsize=7,
                  color="0.4")  # fmt: skip
    for ax in (ax_t, ax_h):
        ax.grid(alpha=0.3, lw=0.5)
        ax.spines[["top", "right"]].set_visible(False)
    if own:
        note = "\n".join(textwrap.wrap(CAPTION, 150) + textwrap.wrap("Source: " + CITATION, 150))
        fig.get_layout_engine().set(rect=(0, 0.14, 1, 0.86))
        fig.text(0.01, 0.005, note, fontsize=6.5, color="0.3", va="bottom")
    return fig
