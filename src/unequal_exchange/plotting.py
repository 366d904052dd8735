"""Matplotlib figures from result Datasets. Plotting never computes economics; labels and units
come from the variables' ``long_name`` and ``units`` attrs. pyplot is imported lazily."""

from __future__ import annotations

import numpy as np
import xarray as xr


def _plt():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not _interactive():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _interactive() -> bool:
    import sys

    return hasattr(sys, "ps1") or "ipykernel" in sys.modules


def _label(var: xr.DataArray) -> str:
    return f"{var.attrs.get('long_name', var.name)} [{var.attrs.get('units', '?')}]"


def sobol_bars(ds: xr.Dataset, output: str | None = None, top: int = 12, ax=None):
    """Horizontal bars of first-order and total Sobol indices (with confidence intervals)."""
    plt = _plt()
    if "output" in ds.dims:
        output = output or str(ds.output.values[0])
        ds = ds.sel(output=output)
    order = np.argsort(-ds.ST.values)[:top][::-1]
    names = [str(ds.parameter.values[i]) for i in order]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * len(names) + 1.5), layout="constrained")
    y = np.arange(len(names))
    ax.barh(y + 0.2, ds.ST.values[order], 0.4, xerr=ds.ST_conf.values[order], label="total (ST)")
    ax.barh(
        y - 0.2, ds.S1.values[order], 0.4, xerr=ds.S1_conf.values[order], label="first order (S1)"
    )
    ax.set_yticks(y, names)
    ax.set_xlabel("Sobol index [1]")
    ax.set_title(f"Sensitivity of {output or 'output'}" if output else "Sobol indices")
    ax.legend(loc="lower right")
    return ax.figure
