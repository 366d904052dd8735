"""The plausible ranges of the parameters, shipped with the baseline (``data/ranges.csv``).

The calibration derives each parameter's value with a plausible range (:class:`Derived`: the
data rows' low/high propagated through the derivation, or a stated width for fitted and
assumed values). ``unequal-exchange calibrate --ranges PATH`` writes them to a table; the copy
shipped in ``calibration/data/ranges.csv`` is what :func:`unequal_exchange.sensitivity` and
:func:`unequal_exchange.problem` sample, so neither needs a calibration run. A test checks
that the shipped table equals what :func:`unequal_exchange.calibrate` derives.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..model.mexico_us.parameters import PARAMETERS, Parameter
from .data import _read_text
from .derive import Derived

RANGES_FILE = "ranges.csv"
COLUMNS = ("name", "value", "low", "high", "units", "provenance", "sources", "how")


def range_rows(derived: Mapping[str, Derived]) -> list[dict[str, str]]:
    """One row per parameter, in the calibration's order (the order of a default sensitivity
    sample's columns): value, range, units and where they come from.

    Parameters
    ----------
    derived : mapping of str to Derived
        ``CalibrationResult.derived``.

    Returns
    -------
    list of dict
        Rows with the keys of :data:`COLUMNS`, numbers written exactly (``repr``).
    """
    rows = []
    for name, d in derived.items():
        spec = PARAMETERS[name]
        rows.append(
            {
                "name": name,
                "value": repr(float(d.value)),
                "low": repr(float(d.low)),
                "high": repr(float(d.high)),
                "units": spec.units,
                "provenance": spec.provenance,
                "sources": " ".join(d.sources),
                "how": d.how,
            }
        )
    return rows


def write_ranges(derived: Mapping[str, Derived], path, overwrite: bool = False) -> Path:
    """Write the ranges table (``unequal-exchange calibrate --ranges PATH``).

    Parameters
    ----------
    derived : mapping of str to Derived
        ``CalibrationResult.derived``.
    path : str or pathlib.Path
        The CSV file to write.
    overwrite : bool
        Replace an existing file.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        If ``path`` exists and ``overwrite`` is false.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise InputError(f"{path} exists; add --overwrite to replace it or choose another path")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(range_rows(derived))
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def shipped_ranges() -> dict[str, Derived]:
    """The shipped ranges table, by parameter name (read once, cached).

    Returns
    -------
    dict of str to Derived
        Calibrated value, plausible low/high, source ids and derivation of every parameter.

    Raises
    ------
    InputError
        If the shipped table does not list exactly the registry's parameters (regenerate it
        with ``unequal-exchange calibrate --ranges``).
    """
    out = {}
    for row in csv.DictReader(io.StringIO(_read_text(RANGES_FILE))):
        out[row["name"]] = Derived(
            float(row["value"]),
            float(row["low"]),
            float(row["high"]),
            tuple(row["sources"].split()),
            row["how"],
        )
    if set(out) != set(PARAMETERS):
        missing, extra = sorted(set(PARAMETERS) - set(out)), sorted(set(out) - set(PARAMETERS))
        raise InputError(
            f"calibration/data/{RANGES_FILE} is out of date (missing {missing}, unknown "
            f"{extra}); regenerate it with unequal-exchange calibrate --ranges PATH --overwrite"
        )
    return out


def parameter_records() -> dict[str, Parameter]:
    """The parameter registry with each record's calibrated value and plausible range filled in.

    Returns
    -------
    dict of str to Parameter
        :data:`~unequal_exchange.model.mexico_us.parameters.PARAMETERS` with ``value``,
        ``low``, ``high``, ``sources`` and ``range_source`` (the derivation) from the shipped
        table.

    Examples
    --------
    >>> from unequal_exchange.calibration.ranges import parameter_records
    >>> p = parameter_records()["maquila_wage_ratio"]
    >>> (p.provenance, p.role, p.use, p.low < p.value < p.high)
    ('observed', 'static', 'uncertain', True)
    """
    shipped = shipped_ranges()
    return {
        k: dataclasses.replace(
            p,
            value=shipped[k].value,
            low=shipped[k].low,
            high=shipped[k].high,
            sources=shipped[k].sources,
            range_source=shipped[k].how,
        )
        for k, p in PARAMETERS.items()
    }
