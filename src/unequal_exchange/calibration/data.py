"""Read the shipped, sourced calibration figures (``calibration/data/``).

Files are read on first use (not at import) and cached. Every number the calibration uses comes
from a row of ``figures.csv`` (value, unit, year, low, high, source, status, note) or from the
Penn World Table 10.01 extract beside it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import UnequalExchangeError


@dataclass(frozen=True)
class Figure:
    """One sourced figure: a row of ``figures.csv``."""

    id: str
    name: str
    value: float
    unit: str
    year: str
    low: float
    high: float
    source: str
    status: str
    note: str


def _read_text(name: str) -> str:
    return (
        resources.files("unequal_exchange.calibration")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )


@lru_cache(maxsize=1)
def figures() -> dict[str, Figure]:
    """All sourced figures, by id."""
    out = {}
    for row in csv.DictReader(io.StringIO(_read_text("figures.csv"))):
        out[row["id"]] = Figure(
            id=row["id"], name=row["name"], value=float(row["value"]), unit=row["unit"],
            year=row["year"], low=float(row["low"]), high=float(row["high"]),
            source=row["source"], status=row["status"], note=row["note"],
        )  # fmt: skip
    return out


def figure(fig_id: str) -> Figure:
    """The figure with this id; a clear error if the data file lacks it."""
    try:
        return figures()[fig_id]
    except KeyError:
        raise UnequalExchangeError(
            f"calibration figure {fig_id!r} is missing from calibration/data/figures.csv"
        ) from None


@lru_cache(maxsize=1)
def pwt() -> dict[tuple[str, int], dict[str, float]]:
    """Penn World Table 10.01 extract, keyed by (iso3, year)."""
    out = {}
    for row in csv.DictReader(io.StringIO(_read_text("pwt1001_MEX_USA_1990_2019.csv"))):
        key = (row.pop("iso3"), int(row.pop("year")))
        out[key] = {k: float(v) for k, v in row.items() if v not in ("", "NA")}
    return out


PWT_CITATION = (
    "Feenstra, R. C., Inklaar, R. & Timmer, M. P. (2015) 'The Next Generation of the Penn World "
    "Table', American Economic Review 105(10), 3150-3182; PWT 10.01"
)


@dataclass(frozen=True)
class Observation:
    """One row of ``observed_series.csv``: a sourced observation of a series in one year."""

    series: str
    year: str
    value: float
    units: str
    source: str
    url_or_table: str
    confidence: str  # confirmed, secondary or estimate
    note: str


@lru_cache(maxsize=1)
def observed_series() -> dict[str, dict[str, Observation]]:
    """The sourced series that extend the record to 2023/2024 (``observed_series.csv``):
    ``{series: {year: Observation}}`` (years as written: ``"2023"``, ``"2005-2010"``, ...)."""
    out: dict[str, dict[str, Observation]] = {}
    for row in csv.DictReader(io.StringIO(_read_text("observed_series.csv"))):
        obs = Observation(
            series=row["series"], year=row["year"], value=float(row["value"]),
            units=row["units"], source=row["source"], url_or_table=row["url_or_table"],
            confidence=row["confidence"], note=row["note"],
        )  # fmt: skip
        out.setdefault(obs.series, {})[obs.year] = obs
    return out


def annual(series: str) -> dict[int, float]:
    """The annual observations of one series of ``observed_series.csv``, ``{year: value}``."""
    try:
        rows = observed_series()[series]
    except KeyError:
        raise UnequalExchangeError(
            f"series {series!r} is missing from calibration/data/observed_series.csv"
        ) from None
    return {int(y): o.value for y, o in rows.items() if y.isdigit()}
