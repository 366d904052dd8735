"""The figure gallery, and the data of the source paper's figures redrawn from its text.

:func:`write_gallery` runs the baseline (:func:`~unequal_exchange.run`), two small grid sweeps
(:func:`~unequal_exchange.sweep`) and a small Sobol' analysis
(:func:`~unequal_exchange.sensitivity`), draws every figure of :mod:`unequal_exchange.plotting`
and writes each one in every format asked for (a few seconds in all).

The ``paper_figure*_data`` functions return, as labelled Datasets, the numbers Delgado Wise's
*The Dilemma of Highly-Skilled Mexican Migration* (c. 2014) gives in its text for its Figures 2,
5 and 7. Figure 2's numbers are rows ``L1_*`` and ``L2_*`` of ``calibration/data/figures.csv``;
Figures 5 and 7 have no row there, so their numbers are constants below, each beside the
sentence it is quoted from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import xarray as xr

PAPER = (
    "Delgado Wise, R. (c. 2014) 'The Dilemma of Highly-Skilled Mexican Migration: Brain "
    "Circulation or a New Mode of Dependency?'"
)

# Figure 5. "If we compare these figures with the highly-skilled population that resides in
# Mexico, the proportion of Masters' and PhDs of Mexican origin in the United States (immigrants
# and those born in that country) show -surprisingly and significantly- that they make up 55.2%
# and 29.7% of the total, respectively (see Figure 5)."
# Read, as the figure's title says ("relative weight ... in contrast with the population resident
# in Mexico"), as Mexican-origin postgraduates in the US per 100 resident in Mexico.
PAPER_FIGURE5_RELATIVE_WEIGHT = {"master's degree": 55.2, "doctorate (PhD)": 29.7}

# Figure 7. "... the proportion of Mexican postgraduates in computing and systems analysis,
# sciences and engineering among those Mexicans resident in the United States (immigrants and
# those born in that country) compared to those who reside in Mexico, which represents 99%, 66%
# and 47%, respectively (see Figure 7)."
PAPER_FIGURE7_RELATIVE_WEIGHT = {
    "computing and systems analysis": 99.0,
    "sciences": 66.0,
    "engineering": 47.0,
}


def paper_figure2_data() -> xr.Dataset:
    """Figure 2 (excess labour availability, Mexico 2000–2010) from rows L1_* and L2_*.

    "between 2000 and 2010 2.1-million jobs were created in the country, whereas some
    9.5-million people were potentially looking for work. This resulted in an excessive growth in
    the reserve army of labour, which in this period reached a height of 7.5-million workers, of
    which 1.5-million were unemployed, 3.9-million fell into the ranks of informal workers and
    2.1-million were international migrants (see Figure 2)."
    """
    from .calibration.data import figure

    def row(fig_id: str, long_name: str) -> xr.DataArray:
        f = figure(fig_id)
        return xr.DataArray(
            f.value, attrs={"units": f.unit, "long_name": long_name, "figure_id": f.id}
        )

    components = {
        "unemployed": "L2_reserve_army_unemployed",
        "informal workers": "L2_reserve_army_informal",
        "international migrants": "L2_reserve_army_migrants",
    }
    parts = xr.DataArray(
        [figure(i).value for i in components.values()],
        dims="component",
        coords={"component": list(components)},
        attrs={
            "units": figure("L2_reserve_army_2010").unit,
            "long_name": "growth of the reserve army of labour 2000–2010, by component",
            "figure_id": ", ".join(components.values()),
        },
    )
    return xr.Dataset(
        {
            "jobs_created": row("L1_jobs_created_2000_2010", "jobs created in Mexico 2000–2010"),
            "job_seekers": row(
                "L1_job_seekers_2000_2010", "people potentially looking for work 2000–2010"
            ),
            "reserve_army": row("L2_reserve_army_2010", "growth of the reserve army 2000–2010"),
            "reserve_army_by_component": parts,
        },
        attrs={"source": f"Source: {PAPER}, text on Figure 2 (figures.csv rows L1_*, L2_*)."},
    )


def _relative_weight(values: dict[str, float], what: str, figure_no: int) -> xr.Dataset:
    rel = xr.DataArray(
        list(values.values()),
        dims="category",
        coords={"category": list(values)},
        attrs={
            "units": "%",
            "long_name": f"{what} of Mexican origin in the US per 100 resident in Mexico",
        },
    )
    return xr.Dataset(
        {"relative_weight": rel},
        attrs={
            "source": f"Source: {PAPER}, text on Figure {figure_no} (SIMDE-UAZ from INEGI "
            "Census 2010 and US ACS 2011). Read as a ratio to the population resident in "
            "Mexico, as the figure's title says; the text's 'of the total' admits a share "
            "reading too."
        },
    )


def paper_figure5_data() -> xr.Dataset:
    """Figure 5: postgraduates of Mexican origin in the US per 100 resident in Mexico."""
    return _relative_weight(PAPER_FIGURE5_RELATIVE_WEIGHT, "postgraduates", 5)


def paper_figure7_data() -> xr.Dataset:
    """Figure 7: science and engineering postgraduates, same comparison."""
    return _relative_weight(PAPER_FIGURE7_RELATIVE_WEIGHT, "postgraduates in the field", 7)


# --------------------------------------------------------------------------- the gallery

# Grid of the price-transfer heatmap: maquila wage from 1/20 to 3/5 of the US manufacturing wage,
# import content from half to 90 % of output (the sourced range of M5/M6 is 0.66–0.9).
WAGE_IMPORT_GRID = {
    "maquila_wage_ratio": np.linspace(0.05, 0.6, 23),
    "maquila_import_content": np.linspace(0.5, 0.9, 21),
}
# Grid of the formation-cost heatmap: emigration up to 700,000 a year (1995–2000 inflow was
# 600,000 a year, row G3_mx_to_us_inflow_1995_2000), returns up to 400,000 a year.
MIGRATION_GRID = {
    "emigration_per_year": np.linspace(0.0, 7e5, 29),
    "returns_per_year": np.linspace(0.0, 4e5, 21),
}


DYNAMIC_SCENARIOS = (
    "baseline",
    "return-programme-2025",
    "innovation-system-2025",
    "deportations-2025",
)


def build_gallery(scenario: str = "baseline", sobol_n: int = 64) -> dict:
    """Every gallery figure, by name (matplotlib Figures; close them when done)."""
    import unequal_exchange as ue

    from . import plotting

    base = ue.load_scenario(scenario)
    ds = ue.run(base)
    wage_import = ue.sweep(base, WAGE_IMPORT_GRID, outputs=["price_transfer", "repatriated_profit"])
    migration = ue.sweep(
        base,
        MIGRATION_GRID,
        outputs=["training_cost_transfer", "reproduction_cost_transfer", "remittances"],
    )
    # The formation flow is the sum of two channels the model reports separately (a gallery
    # arrangement for the contour; plotting itself never adds variables).
    migration["formation_cost_transfer"] = (
        migration.training_cost_transfer + migration.reproduction_cost_transfer
    ).assign_attrs(
        units=migration.training_cost_transfer.attrs["units"],
        long_name="schooling + childhood cost of net emigrants (flow)",
    )
    sobol = ue.sensitivity(base, n=sobol_n, outputs=("price_transfer",))
    paths = {name: ue.simulate(name) for name in DYNAMIC_SCENARIOS}

    params = base.parameters
    return {
        "channel_breakdown": plotting.channel_breakdown(ds),
        "strict_broad_waterfall": plotting.strict_broad_waterfall(ds),
        "heatmap_price_transfer": plotting.sweep_heatmap(
            wage_import,
            "price_transfer",
            "maquila_wage_ratio",
            "maquila_import_content",
            mark={k: params[k] for k in WAGE_IMPORT_GRID},
        ),
        "heatmap_formation_vs_remittances": plotting.sweep_heatmap(
            migration,
            "formation_cost_transfer",
            "emigration_per_year",
            "returns_per_year",
            equal=("formation_cost_transfer", "remittances"),
            cmap="magma",
            mark={k: params[k] for k in MIGRATION_GRID},
        ),
        "sobol_price_transfer": plotting.sobol_bars(sobol, "price_transfer"),
        "migration_costs": plotting.migration_costs(ds),
        "dynamic_paths": plotting.dynamic_paths(paths),
        "graduate_absorption": plotting.graduate_absorption(
            {k: paths[k] for k in ("baseline", "innovation-system-2025")}
        ),
        "paper_figure2": plotting.paper_figure2(),
        "paper_figure5": plotting.paper_figure5(),
        "paper_figure7": plotting.paper_figure7(),
    }


GALLERY = (
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
FORMATS = ("png", "pdf", "svg")


def check_gallery_target(
    out_dir: str | Path, formats: Sequence[str], *, overwrite: bool = False
) -> list[Path]:
    """The files :func:`write_gallery` would write, after refusing bad formats or existing files.

    Nothing is created here: a bad request leaves no folder behind.

    Raises
    ------
    ParameterError
        an empty or unknown format, ``out_dir`` is a file, or (without ``overwrite``) one of the
        files exists already.
    """
    from .errors import ParameterError

    if isinstance(formats, str):
        formats = [formats]
    formats = [str(f).strip().lower().lstrip(".") for f in formats]
    problems = []
    if not formats or not all(formats):
        problems.append(
            "give the formats as names separated by commas, e.g. png,pdf "
            f"(got {','.join(formats)!r})"
        )
    bad = [f for f in formats if f and f not in FORMATS]
    if bad:
        problems.append(
            f"unknown figure format(s) {', '.join(bad)}; choose from {', '.join(FORMATS)}"
        )
    if len(set(formats)) != len(formats):
        problems.append("a figure format is given twice")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        problems.append(f"{out} is a file; give a folder for the figures")
    if problems:
        raise ParameterError(problems)
    paths = [out / f"{name}.{fmt}" for name in GALLERY for fmt in formats]
    existing = [p for p in paths if p.exists()]
    if existing and not overwrite:
        raise ParameterError(
            [
                f"{len(existing)} figure file(s) exist already in {out} (e.g. {existing[0].name}); "
                "add --overwrite (overwrite=True) to replace them, or choose another folder"
            ]
        )
    return paths


def write_gallery(
    out_dir: str | Path,
    formats: Sequence[str] = ("png", "pdf"),
    scenario: str = "baseline",
    *,
    overwrite: bool = False,
) -> list[Path]:
    """Draw every gallery figure and write it as ``out_dir/<name>.<format>``; the paths.

    Formats and existing files are checked before anything is drawn or created: existing
    figure files are replaced only with ``overwrite=True``.
    """
    if isinstance(formats, str):
        formats = [formats]
    formats = [str(f).strip().lower().lstrip(".") for f in formats]
    check_gallery_target(out_dir, formats, overwrite=overwrite)
    plt = __import__("unequal_exchange.plotting", fromlist=["_plt"])._plt()
    out = Path(out_dir)
    figures = build_gallery(scenario)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fig in figures.items():
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            fig.savefig(path, dpi=150)
            paths.append(path)
        plt.close(fig)
    return paths
