"""Matplotlib figures from result Datasets. Plotting never computes economics; labels and units
come from the variables' ``long_name`` and ``units`` attrs. pyplot is imported lazily.

Each function takes a Dataset (from :func:`unequal_exchange.run`, :func:`~unequal_exchange.sweep`
or :func:`~unequal_exchange.sensitivity`), only selects and arranges what is in it, accepts an
optional ``ax`` (or draws its own figure) and returns the :class:`matplotlib.figure.Figure`.
Money is drawn in billions (``bn USD/yr``): a change of scale for reading, not a computation.
The three ``paper_figure*`` functions redraw figures of Delgado Wise's paper from the numbers its
text gives (:mod:`unequal_exchange.figures` holds them, with the sentences they come from).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import xarray as xr

from ..errors import InputError
from ..model.engine.decompose import (
    FACTOR_DEFINITIONS,
    RENAMED_DEFINITIONS,
    renamed_definition_message,
)
from ..model.mexico_us.accounts import STATUS_NAMES
from ..scenarios.simulate import LEVEL_DIM
from . import paper

BILLION = 1e9


def _plt():
    """pyplot, imported on first use; the user's backend is never switched (matplotlib picks a
    non-interactive one by itself on a machine without a display)."""
    import matplotlib.pyplot as plt

    return plt


def _label(var: xr.DataArray, width: int | None = None, prefix: str = "") -> str:
    """``long_name [units]``, wrapped to ``width`` characters; ``prefix`` scales the units."""
    units = f"{prefix}{var.attrs.get('units', '?')}"
    text = f"{var.attrs.get('long_name', var.name)} [{units}]"
    return "\n".join(textwrap.wrap(text, width)) if width else text


def _short(name: str) -> str:
    return str(name).replace("_", " ")


def _money_scale(var: xr.DataArray) -> tuple[float, str]:
    """Divisor and unit prefix: billions for USD amounts, none otherwise."""
    return (BILLION, "bn ") if str(var.attrs.get("units", "")).startswith("USD") else (1.0, "")


def _new_axes(ax, figsize):
    if ax is not None:
        return ax
    _, ax = _plt().subplots(figsize=figsize, layout="constrained")
    return ax


def _bar_labels(ax, bars, values, fmt: str, horizontal: bool = False) -> None:
    for bar, value in zip(bars, values, strict=True):
        if horizontal:
            ax.annotate(
                fmt.format(value),
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
        else:
            ax.annotate(
                fmt.format(value),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=9,
            )


# --------------------------------------------------------------------------- baseline results


def channel_breakdown(
    ds: xr.Dataset,
    reported: Sequence[str] = ("labour_arbitrage_rent",),
    ax=None,
):
    """Horizontal bars of the drain channels of :func:`~unequal_exchange.run` (bn USD/yr).

    The channels (``ds.channel``) add up to ``total_drain``; each bar is annotated with its
    ``drain_share``. ``reported`` variables (hatched) are shown beside them but are not part of
    the total (the arbitrage rent overlaps the price and ownership channels, docs/model.md §3.3).
    """
    ax = _new_axes(ax, (8, 3.6))
    channels = [str(c) for c in ds.channel.values]
    names = [*channels, *reported]
    values = np.array([float(ds[c]) for c in names]) / BILLION
    y = np.arange(len(names))[::-1]
    colors = [f"C{i}" for i in range(len(channels))] + ["0.6"] * len(reported)
    bars = ax.barh(y, values, color=colors, hatch=[""] * len(channels) + ["//"] * len(reported))
    shares = [
        f"{v:,.1f}  ({float(ds.drain_share.sel(channel=c)):.1%} of drain)"
        for v, c in zip(values, channels, strict=False)
    ]
    shares += [f"{v:,.1f}  (reported, not added)" for v in values[len(channels) :]]
    for bar, text in zip(bars, shares, strict=True):
        ax.annotate(
            text,
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, [_short(n) for n in names])
    ax.set_xlim(0, values.max() * 1.55)
    ax.set_xlabel(f"flow from Mexico [bn {ds[channels[0]].attrs.get('units', '?')}]")
    total = float(ds.total_drain) / BILLION
    share = float(ds.total_drain_share_gdp)
    ax.set_title(
        f"Drain channels, {ds.attrs.get('scenario', '')}: total {total:,.0f} bn "
        f"{ds.total_drain.attrs.get('units', '')} = {share:.1%} of Mexican GDP",
        fontsize=11,
    )
    return ax.figure


def strict_broad_waterfall(ds: xr.Dataset, ax=None, definition: str = "emmanuel"):
    """Waterfall of a Shapley split of the price transfer adding up to ``price_transfer``.

    ``definition="emmanuel"`` (the default factor definition, docs/model.md §2.3) draws
    ``price_transfer_by_factor``: wage per hour (the strict sense), capital per hour (the broad
    sense) and intensity; ``"value_composition"`` (the alternative) draws
    ``price_transfer_by_value_factor``: rate of surplus value at given K/v, value composition
    K/v at actual wages (which contains the wage gap), intensity. Structural = what remains
    with every factor at the world average. Steps in bn USD/yr; the last bar is the total.
    """
    ax = _new_axes(ax, (7.5, 4.2))
    if isinstance(definition, str) and definition.lower() in RENAMED_DEFINITIONS:
        raise InputError(renamed_definition_message(definition, "definition"))
    if definition not in FACTOR_DEFINITIONS:
        raise InputError(
            f"definition must be 'emmanuel' or 'value_composition', got {definition!r}"
        )
    vc = definition == "value_composition"
    by_factor = ds.price_transfer_by_value_factor if vc else ds.price_transfer_by_factor
    senses = {
        "wage": "wage per hour\n(strict)",
        "composition": "capital per hour\n(broad)",
        "surplus_value_rate": "rate of surplus\nvalue at given K/v",
        "value_composition": "value comp. K/v\nat actual wages",
    }
    factors = [str(f) for f in by_factor[by_factor.dims[-1]].values]
    steps = by_factor.values / BILLION
    total = float(ds.price_transfer) / BILLION
    starts = np.concatenate([[0.0], np.cumsum(steps)[:-1]])
    x = np.arange(len(factors) + 1)
    colors = ["C2" if s >= 0 else "C3" for s in steps]
    ax.bar(x[:-1], steps, bottom=starts, color=colors, width=0.6)
    total_bar = ax.bar(x[-1:], [total], color="C0", width=0.6)
    for i, (start, step) in enumerate(zip(starts, steps, strict=True)):
        top = start + max(step, 0.0)
        ax.annotate(
            f"{step:+,.1f}",
            (i, top),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
        ax.plot([i + 0.3, i + 0.7], [start + step] * 2, color="0.4", lw=0.8)
    _bar_labels(ax, total_bar, [total], "{:,.1f}")
    ax.set_xticks(x, [senses.get(f, f) for f in factors] + ["price transfer\n(total)"])
    ax.axhline(0, color="0.3", lw=0.8)
    ends = starts + steps
    ax.set_ylim(
        min(0.0, starts.min(), ends.min()) * 1.1, max(total, starts.max(), ends.max(), 1e-12) * 1.15
    )
    ax.set_ylabel(f"drain from Mexico through prices [bn {by_factor.attrs.get('units', '?')}]")
    weighting = ds.attrs.get("hours_weighting")
    hours = "" if weighting is None else f", hours_weighting = {weighting:g}"
    which = "the value-composition factors" if vc else "Emmanuel's per-hour factors"
    ax.set_title(f"Price transfer by {which} (Shapley split{hours})", fontsize=11)
    return ax.figure


# --------------------------------------------------------------------------- sweeps


def _status_meaning(ds: xr.Dataset, dims: tuple[str, str], mask: np.ndarray) -> str:
    """The commonest non-viability reason in the masked cells, from the status flag attrs."""
    if "status" not in ds or set(ds.status.dims) != set(dims) or not mask.any():
        return "non-viable"
    status = ds.status
    codes = np.asarray(status.transpose(*dims).values)[mask]
    codes = codes[codes != 0]
    if codes.size == 0:
        return "non-viable"
    flags = list(status.attrs.get("flag_values", []))
    meanings = str(status.attrs.get("flag_meanings", "")).split()
    common = int(np.bincount(codes.astype(int)).argmax())
    if common in flags and len(meanings) == len(flags):
        word = meanings[flags.index(common)]  # CF flag words: no blanks, no apostrophes
        readable = {_flag_word(v): v for v in STATUS_NAMES.values()}
        return "non-viable: " + readable.get(word, word.replace("_", " "))
    return "non-viable"


def _flag_word(text: str) -> str:
    """The CF ``flag_meanings`` word of a status name (as ``scenarios.run`` writes it)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


def sweep_heatmap(
    ds: xr.Dataset,
    var: str,
    x: str,
    y: str,
    equal: tuple[str, str | float] | None = None,
    mark: Mapping[str, float] | None = None,
    cmap: str = "viridis",
    ax=None,
    why: str | None = None,
):
    """Heatmap of ``var`` over two swept parameters ``x`` and ``y`` of a grid sweep.

    ``equal=(a, b)`` draws the contour where variable ``a`` equals ``b`` (another variable or a
    number), e.g. ``("training_cost_transfer", "remittances")``; ``mark={x: ..., y: ...}`` marks
    a point (the baseline). Non-viable points (NaN) are grey. When ``var`` barely changes along
    one axis (its range there below a tenth of its range along the other), a caption says so,
    with the reason ``why`` if given, so that a uniform colour is not read as missing data.
    """
    plt = _plt()
    from matplotlib.patches import Patch

    problems = [n for n in (var, x, y) if n not in ds.variables]
    if problems:
        raise KeyError(f"sweep_heatmap: {problems} not in the Dataset; variables: {list(ds)}")
    field = ds[var]
    extra = [d for d in field.dims if d not in (x, y)]
    if extra:
        raise ValueError(
            f"sweep_heatmap: {var!r} has dims {field.dims}; select {extra} first, e.g. "
            f"ds.sel({extra[0]}=...)"
        )
    field = field.transpose(y, x)
    scale, prefix = _money_scale(field)
    values = np.ma.masked_invalid(field.values / scale)
    ax = _new_axes(ax, (7.5, 5.2))
    colormap = plt.get_cmap(cmap).with_extremes(bad="0.85")
    mesh = ax.pcolormesh(ds[x].values, ds[y].values, values, cmap=colormap, shading="nearest")
    cbar = ax.figure.colorbar(mesh, ax=ax)
    cbar.set_label(_label(field, 45, prefix))
    ax.set_xlabel(_label(ds[x], 60))
    ax.set_ylabel(_label(ds[y], 45))
    from matplotlib.ticker import StrMethodFormatter

    for axis, name in ((ax.xaxis, x), (ax.yaxis, y)):
        if np.nanmax(np.abs(ds[name].values)) >= 1e4:  # thousands separators for counts
            axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    handles = []
    if values.mask.any():
        meaning = _status_meaning(ds, (y, x), np.asarray(values.mask))
        handles.append(Patch(color="0.85", label="\n".join(textwrap.wrap(meaning, 40))))
    if equal is not None:
        a, b = equal
        other = (
            ds[b].transpose(*[d for d in (y, x) if d in ds[b].dims]) if isinstance(b, str) else b
        )
        gap = (ds[a].transpose(y, x) - other).values
        left, right = _short(str(a)), _short(b) if isinstance(b, str) else f"{b:g}"
        if np.nanmin(gap) < 0 < np.nanmax(gap):
            ax.contour(ds[x].values, ds[y].values, gap, levels=[0.0], colors="white", linewidths=2)
            handles.append(plt.Line2D([], [], color="white", lw=2, label=f"{left} = {right}"))
        else:
            handles.append(Patch(color="none", label=f"{left} never equals {right}"))
    if mark:
        ax.plot(mark[x], mark[y], marker="*", color="red", markersize=12, ls="none")
        handles.append(plt.Line2D([], [], marker="*", color="red", ls="none", label="baseline"))
    if handles:
        legend = ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.9)
        legend.get_frame().set_facecolor("0.35")
        for text in legend.get_texts():
            text.set_color("white")
    ax.set_title(f"{_short(var)} over {_short(x)} × {_short(y)}", fontsize=11)
    caption = _flat_axis_caption(field, x, y, prefix, scale, bool(values.mask.any()), why)
    if caption:
        _caption(ax.figure, caption)
    return ax.figure


def _flat_axis_caption(field, x, y, prefix, scale, grey, why) -> str:
    """``'… changes by at most 1.1 bn USD/yr along …'`` when one axis barely matters, else ''."""
    units = f"{prefix}{field.attrs.get('units', '')}".strip()
    spread = {}
    for along in (x, y):
        with np.errstate(all="ignore"):
            r = field.max(along, skipna=True) - field.min(along, skipna=True)
        spread[along] = float(r.max(skipna=True)) / scale if r.notnull().any() else np.nan
    for flat, other in ((y, x), (x, y)):
        if not spread[other] > 0 or not spread[flat] < 0.1 * spread[other]:
            continue
        text = (
            f"{_short(field.name)} barely depends on {_short(flat)}: it changes by at most "
            f"{spread[flat]:.3g} {units} along it, against {spread[other]:.3g} {units} along "
            f"{_short(other)}"
        )
        if why:
            text += f" ({why})"
        if grey:
            text += f"; {_short(flat)} mainly moves the non-viable region (grey)"
        return text + "."
    return ""


def _caption(fig, text: str) -> None:
    """A caption in small print under the axes (room kept for it in the layout)."""
    lines = textwrap.wrap(text, 110, break_on_hyphens=False)
    if fig.get_layout_engine() is not None:
        fig.get_layout_engine().set(rect=(0, 0.03 * len(lines), 1, 1 - 0.03 * len(lines)))
    fig.text(0.01, 0.005, "\n".join(lines), fontsize=8, color="0.25", va="bottom")


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


def sobol_panels(ds: xr.Dataset, top: int = 12):
    """Sobol bars for every output of ``ds``, one panel per output (never only the first)."""
    plt = _plt()
    outputs = [str(o) for o in ds.output.values] if "output" in ds.dims else [None]
    rows = min(top, ds.sizes["parameter"])
    fig, axes = plt.subplots(
        len(outputs),
        1,
        figsize=(7, len(outputs) * (0.35 * rows + 1.5)),
        layout="constrained",
        squeeze=False,
    )
    for output, ax in zip(outputs, axes[:, 0], strict=True):
        sobol_bars(ds, output, top=top, ax=ax)
    return fig


# --------------------------------------------------------------------------- migration


def migration_costs(ds: xr.Dataset, axes=None):
    """Direct labour export, three panels: (a) formation cost per migrant by education level;
    (b) annual flows: training and childhood costs of net emigrants beside remittances;
    (c) stocks: formation cost embodied in the migrant stock, and brain waste, annotated with
    ``formation_cost_stock_in_remittance_years``."""
    plt = _plt()
    if axes is None:
        fig, axes = plt.subplots(
            1, 3, figsize=(13, 4.6), layout="constrained", gridspec_kw={"width_ratios": [1.5, 1, 1]}
        )
    ax_a, ax_b, ax_c = axes
    fig = ax_a.figure

    per = ds.training_cost_per_migrant
    levels = ["\n".join(textwrap.wrap(_short(v), 10)) for v in per.level.values]
    bars = ax_a.bar(levels, per.values / 1e3, color="C0", label="schooling (by level)")
    repro = ds.reproduction_cost_per_migrant
    rbar = ax_a.bar(
        ["childhood\n(any level)"],
        [float(repro) / 1e3],
        color="C1",
        hatch="//",
        label="childhood reproduction",
    )
    _bar_labels(ax_a, list(bars) + list(rbar), [*(per.values / 1e3), float(repro) / 1e3], "{:,.0f}")
    ax_a.set_ylabel(f"cost embodied in one migrant [thousand {per.attrs.get('units', '?')}]")
    ax_a.set_title("(a) formation cost per migrant", fontsize=11)
    ax_a.tick_params(axis="x", labelsize=9)
    ax_a.margins(y=0.12)

    flows = ["training_cost_transfer", "reproduction_cost_transfer", "remittances"]
    flow_values = np.array([float(ds[v]) for v in flows]) / BILLION
    bars = ax_b.bar(
        ["schooling\n(net emigrants)", "childhood\n(net emigrants)", "remittances"],
        flow_values,
        color=["C0", "C1", "C2"],
    )
    _bar_labels(ax_b, bars, flow_values, "{:,.1f}")
    ax_b.set_ylabel(f"annual flow [bn {ds.remittances.attrs.get('units', '?')}]")
    ratio = float(ds.remittance_compensation_ratio)
    ax_b.set_title(f"(b) flows: remittances = {ratio:,.0f} × formation", fontsize=11)
    ax_b.tick_params(axis="x", labelsize=9)
    ax_b.margins(y=0.12)

    stocks = ["training_cost_stock", "reproduction_cost_stock", "brain_waste_cost"]
    stock_values = np.array([float(ds[v]) for v in stocks]) / BILLION
    bars = ax_c.bar(
        ["schooling", "childhood", "brain waste\n(schooling unused)"],
        stock_values,
        color=["C0", "C1", "C7"],
    )
    _bar_labels(ax_c, bars, stock_values, "{:,.0f}")
    ax_c.set_ylabel(f"embodied in the migrant stock [bn {ds.training_cost_stock.attrs['units']}]")
    years = float(ds.formation_cost_stock_in_remittance_years)
    ax_c.set_title(f"(c) stocks: {years:,.1f} years of remittances", fontsize=11)
    ax_c.tick_params(axis="x", labelsize=9)
    ax_c.margins(y=0.12)
    fig.suptitle("Direct labour export: what Mexico paid to form its emigrants", fontsize=12)
    return fig


# --------------------------------------------------------------------------- the source paper


def _paper_data(name: str, ds: xr.Dataset | None) -> xr.Dataset:
    if ds is not None:
        return ds
    return getattr(paper, f"{name}_data")()


def _source_note(fig, ds: xr.Dataset) -> None:
    """The source, in small print under the axes (room kept for it in the layout)."""
    lines = textwrap.wrap(ds.attrs.get("source", ""), 125)
    if fig.get_layout_engine() is not None:
        fig.get_layout_engine().set(
            rect=(0, 0.02 + 0.025 * len(lines), 1, 0.98 - 0.025 * len(lines))
        )
    fig.text(0.01, 0.005, "\n".join(lines), fontsize=7, color="0.35", va="bottom")


def paper_figure2(ds: xr.Dataset | None = None, ax=None):
    """Delgado Wise, Figure 2: Mexico, excess labour availability 2000–2010 — jobs created,
    potential job seekers, and the reserve army split into unemployed, informal and migrants."""
    ds = _paper_data("paper_figure2", ds)
    ax = _new_axes(ax, (7.5, 5))
    jobs, seekers = ds.jobs_created, ds.job_seekers
    parts = ds.reserve_army_by_component
    scale = 1e6
    x = np.arange(3)
    ax.bar(x[0], float(jobs) / scale, color="C2", width=0.6)
    ax.bar(x[1], float(seekers) / scale, color="C0", width=0.6)
    bottom = 0.0
    colors = ["C3", "C1", "C4"]
    for i, comp in enumerate(parts.component.values):
        v = float(parts.sel(component=comp)) / scale
        ax.bar(x[2], v, bottom=bottom, color=colors[i % 3], width=0.6, label=_short(comp))
        ax.text(
            x[2],
            bottom + v / 2,
            f"{_short(comp)}\n{v:.1f} M",
            ha="center",
            va="center",
            fontsize=9,
            color="white",
        )
        bottom += v
    for xi, v in zip(
        x,
        [float(jobs) / scale, float(seekers) / scale, float(ds.reserve_army) / scale],
        strict=True,
    ):
        ax.annotate(
            f"{v:.1f} M",
            (xi, v),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=10,
            weight="bold",
        )
    ax.set_xticks(x, ["jobs created", "potential\njob seekers", "reserve army\nof labour"])
    ax.set_ylabel(f"persons, 2000–2010 [million {jobs.attrs.get('units', '?')}]")
    ax.set_ylim(0, float(seekers) / scale * 1.15)
    ax.set_title(
        "Mexico: excess labour availability, 2000–2010\n"
        "(Delgado Wise, Figure 2, redrawn from the text)",
        fontsize=11,
    )
    _source_note(ax.figure, ds)
    return ax.figure


def _paper_relative_bars(ds: xr.Dataset, title: str, ax):
    """Pairs of bars: resident in Mexico (= 100) and of Mexican origin in the US."""
    ax = _new_axes(ax, (7.5, 5))
    rel = ds.relative_weight
    cats = [_short(c) for c in rel.category.values]
    x = np.arange(len(cats))
    base = ax.bar(
        x - 0.2, np.full(len(cats), 100.0), 0.4, color="C0", label="resident in Mexico (= 100)"
    )
    us = ax.bar(
        x + 0.2,
        rel.values,
        0.4,
        color="C3",
        label="of Mexican origin in the US (immigrants and US-born)",
    )
    _bar_labels(ax, base, [100.0] * len(cats), "{:.0f}")
    _bar_labels(ax, us, rel.values, "{:.1f}")
    ax.set_xticks(x, ["\n".join(textwrap.wrap(c, 18)) for c in cats])
    ax.set_ylabel(_label(rel, 50))
    ax.set_ylim(0, 125)
    ax.legend(loc="upper right", fontsize=9)
    ax.set_title(title, fontsize=11)
    _source_note(ax.figure, ds)
    return ax.figure


def paper_figure5(ds: xr.Dataset | None = None, ax=None):
    """Delgado Wise, Figure 5: postgraduates of Mexican origin in the US relative to those
    resident in Mexico — master's 55.2 %, PhD 29.7 % (2010–2011)."""
    ds = _paper_data("paper_figure5", ds)
    return _paper_relative_bars(
        ds,
        "Postgraduates of Mexican origin in the US vs resident in Mexico, 2010–2011\n"
        "(Delgado Wise, Figure 5, redrawn from the text)",
        ax,
    )


def paper_figure7(ds: xr.Dataset | None = None, ax=None):
    """Delgado Wise, Figure 7: postgraduates in computing, sciences and engineering of Mexican
    origin in the US relative to those resident in Mexico — 99 %, 66 %, 47 % (2010–2011)."""
    ds = _paper_data("paper_figure7", ds)
    return _paper_relative_bars(
        ds,
        "Science and engineering postgraduates of Mexican origin in the US\n"
        "vs resident in Mexico, 2010–2011 (Delgado Wise, Figure 7, redrawn from the text)",
        ax,
    )


def dynamic_paths(
    runs: dict,
    variables=("migrant_stock", "skilled_migrant_stock", "training_cost_transfer", "remittances"),
    axes=None,
):
    """Small multiples of ``ue.simulate`` paths, one line per scenario (``runs``: name → ds)."""
    plt = _plt()
    variables = list(variables)
    if axes is None:
        cols = 2
        rows = (len(variables) + cols - 1) // cols
        fig, axes = plt.subplots(
            rows, cols, figsize=(10, 3.2 * rows), layout="constrained", squeeze=False
        )
        axes = axes.ravel()
    else:
        fig = np.atleast_1d(axes)[0].figure
    for ax, name in zip(axes, variables, strict=False):
        first = next(iter(runs.values()))[name]
        scale, prefix = _money_scale(first)
        unit = f"{prefix}{first.attrs.get('units', '')}"
        if unit == "persons":
            scale, unit = 1e6, "M persons"
        for label, ds in runs.items():
            ax.plot(ds.year, ds[name] / scale, label=label)
        ax.set_title(_short(first.attrs.get("long_name", name)), fontsize=10)
        ax.set_xlabel("year [yr]")
        ax.set_ylabel(f"{name.replace('_', ' ')} [{unit}]")
        ax.grid(alpha=0.3)
    for ax in list(axes)[len(variables) :]:
        ax.set_visible(False)
    axes[0].legend(fontsize=8)
    return fig


def graduate_absorption(runs: dict, axes=None):
    """Where Mexico's graduates go, from ``ue.simulate`` runs (name → Dataset; the first is
    drawn as areas): absorbed at home, unabsorbed and staying, emigrated; and the skilled stock
    abroad by highest degree (solid: first run, dashed: the others)."""
    plt = _plt()
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    else:
        fig = np.atleast_1d(axes)[0].figure
    runs = {k: v.sel(year=slice(v.year.values[1], None)) for k, v in runs.items()}
    (name, ds), *others = runs.items()  # from the second year: the first has no job growth
    ax = axes[0]
    entrants = ds.graduate_entrants
    absorbed = ds.absorption_rate * entrants
    emigrated = ds.skilled_emigration.sum(LEVEL_DIM)
    stayed = ds.unabsorbed_graduates - emigrated
    k = 1e3
    ax.stackplot(
        ds.year,
        absorbed / k,
        stayed / k,
        emigrated / k,
        labels=["absorbed by professional openings", "unabsorbed, at home", "emigrated"],
        colors=["#4c72b0", "#dd8452", "#c44e52"],
        alpha=0.85,
    )
    for label, other in others:
        ax.plot(other.year, other.absorption_rate * other.graduate_entrants / k, "k--", lw=1.2,
                label=f"absorbed, {label}")  # fmt: skip
    ax.set_title(f"Graduates entering work at their highest degree ({name})", fontsize=10)
    ax.set_xlabel("year [yr]")
    ax.set_ylabel("graduates [thousand persons/yr]")
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    ax = axes[1]
    colors = {"bachelor": "#4c72b0", "master": "#55a868", "phd": "#c44e52"}
    for i, (label, run) in enumerate(runs.items()):
        for lv in run.level.values:
            ax.plot(run.year, run.skilled_stock.sel({LEVEL_DIM: lv}) / k, color=colors[str(lv)],
                    ls="-" if i == 0 else "--", label=str(lv) if i == 0 else None)  # fmt: skip
        ax.plot([], [], color="0.3", ls="-" if i == 0 else "--", label=label)
    ax.set_yscale("log")
    ax.set_title("College-educated Mexican-born in the US, by highest degree", fontsize=10)
    ax.set_xlabel("year [yr]")
    ax.set_ylabel("stock [thousand persons, log scale]")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return fig
