"""The figure gallery: every figure of :mod:`.plotting`, written in the formats asked for.

:func:`write_gallery` runs the baseline (:func:`~unequal_exchange.run`), two small grid sweeps
(:func:`~unequal_exchange.sweep`) and a small Sobol' analysis
(:func:`~unequal_exchange.sensitivity`), draws every figure of :mod:`unequal_exchange.viz.plotting`
and writes each one in every format asked for (a few seconds in all).

The source paper's figures are redrawn from :mod:`.paper`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ParameterError
from ..scenarios.run import run
from ..scenarios.scenario import load_scenario
from ..scenarios.sensitivity import sensitivity
from ..scenarios.simulate import simulate
from ..scenarios.sweep import sweep
from . import plotting
from .wiod import wiod_series

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


def build_gallery(scenario: str = "baseline", sobol_n: int = 1024, *, wiod: bool = False) -> dict:
    """Every gallery figure, by name (matplotlib Figures; close them when done).

    ``sobol_n`` is the number of Sobol' base points: 1024 (about 2 s) keeps the indices inside
    [0, 1] with narrow intervals (Saltelli et al. 2010 use 512 or more); a smaller sample
    makes :func:`~unequal_exchange.sensitivity` warn. ``wiod=True`` adds the opt-in figures
    (:data:`OPTIONAL`): the WIOD 1995–2011 series (:func:`unequal_exchange.viz.wiod.wiod_series`,
    about 30 s more: 17 years of accounts)."""
    base = load_scenario(scenario)
    ds = run(base)
    wage_import = sweep(base, WAGE_IMPORT_GRID, outputs=["price_transfer", "repatriated_profit"])
    migration = sweep(
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
    sobol = sensitivity(base, n=sobol_n, outputs=("price_transfer",))
    paths = {name: simulate(name) for name in DYNAMIC_SCENARIOS}

    params = base.parameters
    extra = {"wiod_series": wiod_series()} if wiod else {}
    return extra | {
        "channel_breakdown": plotting.channel_breakdown(ds),
        "strict_broad_waterfall": plotting.strict_broad_waterfall(ds),
        "heatmap_price_transfer": plotting.sweep_heatmap(
            wage_import,
            "price_transfer",
            "maquila_wage_ratio",
            "maquila_import_content",
            mark={k: params[k] for k in WAGE_IMPORT_GRID},
            why="Mexico's value added stays its GDP: more imported content moves value added "
            "from the enclaves to the rest of the economy",
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
OPTIONAL = ("wiod_series",)  # drawn only on request (slow): write_gallery(..., wiod=True)
FORMATS = ("png", "pdf", "svg")


def check_gallery_target(
    out_dir: str | Path, formats: Sequence[str], *, overwrite: bool = False, wiod: bool = False
) -> list[Path]:
    """The files :func:`write_gallery` would write, after refusing bad formats or existing files.

    Nothing is created here: a bad request leaves no folder behind.

    Raises
    ------
    ParameterError
        an empty or unknown format, ``out_dir`` is a file, or (without ``overwrite``) one of the
        files exists already.
    """

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
    names = GALLERY + (OPTIONAL if wiod else ())
    paths = [out / f"{name}.{fmt}" for name in names for fmt in formats]
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
    wiod: bool = False,
) -> list[Path]:
    """Draw every gallery figure and write it as ``out_dir/<name>.<format>``; the paths.

    Formats and existing files are checked before anything is drawn or created: existing
    figure files are replaced only with ``overwrite=True``. ``wiod=True`` adds the WIOD
    1995–2011 series (opt-in: about 30 s more).
    """
    if isinstance(formats, str):
        formats = [formats]
    formats = [str(f).strip().lower().lstrip(".") for f in formats]
    check_gallery_target(out_dir, formats, overwrite=overwrite, wiod=wiod)
    plt = __import__("unequal_exchange.viz.plotting", fromlist=["_plt"])._plt()
    out = Path(out_dir)
    figures = build_gallery(scenario, wiod=wiod)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fig in figures.items():
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            fig.savefig(path, dpi=150)
            paths.append(path)
        plt.close(fig)
    return paths
