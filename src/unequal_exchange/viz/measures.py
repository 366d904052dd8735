"""The four measures of unequal exchange side by side over the WIOD years (% of Mexican GDP)."""

from __future__ import annotations

import xarray as xr

from .plotting import _plt

#: family → (colour, label); the default variant of each family is drawn solid, the others thin
STYLE = {
    "price_of_production": ("C0", "price-of-production transfer (Emmanuel)"),
    "captured_minus_produced": ("C1", "captured − produced, traded pool (Ricci 2019)"),
    "embodied_labour": ("C2", "net embodied hours at US wages by skill (Hickel et al.)"),
    "exchange_rate_deviation": ("C3", "exchange-rate deviation, exports to US (Köhler; HSZ 2021)"),
}


def plot_measures(ds: xr.Dataset, ax=None):
    """Each measure family over the years as % of Mexican GDP (default solid, variants thin).

    ``ds`` is ``ue.measures("1995:2011")`` (dims ``year``, ``measure``). The IO-system variant
    of captured − produced (all production, not trade; several times GDP) is left out.

    Returns
    -------
    matplotlib.axes.Axes
    """
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5.2))
    for fam, (colour, label) in STYLE.items():
        sel = ds.sel(measure=ds.family == fam)
        for m in sel.measure.values:
            d = sel.sel(measure=m)
            if "IO system" in str(d.variant.values):
                continue
            default = bool(d.default)
            ax.plot(
                ds.year,
                100 * d.share_gdp,
                color=colour,
                lw=2.4 if default else 0.9,
                ls="-" if default else "--",
                alpha=1.0 if default else 0.6,
                label=label if default else None,
            )
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("year")
    ax.set_ylabel("transfer from Mexico, % of Mexican GDP (+ = Mexico loses)")
    ax.set_title(
        "Four measures of Mexico–US unequal exchange on WIOD 2013 (MEX–USA, RoW exogenous)\n"
        "thick: default convention; dashed: other conventions / bases",
        fontsize=10,
    )
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    return ax
