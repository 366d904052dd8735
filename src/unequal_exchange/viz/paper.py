"""The source paper's figures redrawn from its text, as labelled Datasets.

The ``paper_figure*_data`` functions return the numbers Delgado Wise's *The Dilemma of
Highly-Skilled Mexican Migration* (c. 2014) gives in its text for its Figures 2, 5 and 7.
Figure 2's numbers are rows ``L1_*`` and ``L2_*`` of ``calibration/data/figures.csv``; Figures 5
and 7 have no row there, so their numbers are constants below, each beside the sentence it is
quoted from.
"""

from __future__ import annotations

import xarray as xr

from ..calibration.data import figure

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
