"""Build the shipped WIOD 2013 extract (src/unequal_exchange/calibration/data/wiod2013/).

Run once, by hand, from a copy of the WIOD 2013 release in CSV form (world tables 1995-2011 and the
Socio-Economic Accounts, tidy)::

    python tools/build_wiod2013.py /path/to/wiod2013 [--sea-only]

Writes ``wiot_YYYY.npz`` (integer millions of current USD, lossless: every CSV cell is a whole
number and is checked to round-trip) and ``sea.npz`` (the SEA variables the package uses, float64
as parsed, NaN where absent), and prints the checksums and totals recorded in the README.
The package never runs this script and never reads the source directory.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src/unequal_exchange/calibration/data/wiod2013"
YEARS = range(1995, 2012)
SEA_VARIABLES = (
    "GO", "VA", "COMP", "LAB", "EMP", "H_EMP", "H_HS", "H_MS", "H_LS",
    "LABHS", "LABMS", "LABLS", "K_GFCF", "GFCF_P", "H_EMPE",
)  # fmt: skip


def _as_int(frame: pd.DataFrame, what: str) -> np.ndarray:
    vals = frame.to_numpy(dtype=np.float64)
    ints = np.rint(vals).astype(np.int64)
    if not np.array_equal(ints.astype(np.float64), vals):
        raise SystemExit(f"{what}: not whole numbers, cannot store as integers")
    small = ints.astype(np.int32)
    if not np.array_equal(small, ints):
        raise SystemExit(f"{what}: does not fit int32")
    return small


def main(src: Path, sea_only: bool = False) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for year in () if sea_only else YEARS:
        z = pd.read_csv(src / f"wiot_{year}_intermediate.csv.gz", index_col=0)
        f = pd.read_csv(src / f"wiot_{year}_final.csv.gz", index_col=0)
        x = pd.read_csv(src / f"wiot_{year}_output.csv.gz")
        assert list(z.index) == list(z.columns) == list(f.index) == list(x["id"])
        zi, fi = _as_int(z, f"Z {year}"), _as_int(f, f"F {year}")
        xi = _as_int(x[["gross_output"]], f"x {year}")[:, 0]
        path = OUT / f"wiot_{year}.npz"
        np.savez_compressed(
            path, Z=zi, F=fi, x=xi, rows=np.array(z.index, dtype="U7"),
            final_columns=np.array(f.columns, dtype="U6"),
        )  # fmt: skip
        back = np.load(path)
        assert np.array_equal(back["Z"], z.to_numpy()) and np.array_equal(back["F"], f.to_numpy())
        assert np.array_equal(back["x"], x["gross_output"].to_numpy())
        print(
            year, "sumZ", int(zi.sum(dtype=np.int64)), "sumF", int(fi.sum(dtype=np.int64)),
            "sumx", int(xi.sum(dtype=np.int64)),
            "sha256", hashlib.sha256(path.read_bytes()).hexdigest()[:16],
        )  # fmt: skip
    sea = pd.read_csv(src / "sea.csv.gz")
    countries = sorted(sea.country.unique())
    sea = sea[sea.variable.isin(SEA_VARIABLES)]
    cube = np.full((len(countries), len(SEA_VARIABLES), 36, len(YEARS)), np.nan)
    ci = {c: i for i, c in enumerate(countries)}
    vi = {v: i for i, v in enumerate(SEA_VARIABLES)}
    cube[
        sea.country.map(ci).to_numpy(), sea.variable.map(vi).to_numpy(),
        sea.cnum.to_numpy(), sea.year.to_numpy() - YEARS[0],
    ] = sea.value.to_numpy()  # fmt: skip
    path = OUT / "sea.npz"
    np.savez_compressed(
        path, values=cube, countries=np.array(countries), variables=np.array(SEA_VARIABLES),
        years=np.array(YEARS),
    )  # fmt: skip
    back = np.load(path)["values"]
    got = back[sea.country.map(ci), sea.variable.map(vi), sea.cnum, sea.year - YEARS[0]]
    assert np.array_equal(got, sea.value.to_numpy()), "SEA round trip"
    assert np.isfinite(back).sum() == len(sea), "SEA cells"
    print("sea cells", len(sea), "sum", repr(float(np.nansum(back))),
          "sha256", hashlib.sha256(path.read_bytes()).hexdigest()[:16])  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), sea_only="--sea-only" in sys.argv[2:])
