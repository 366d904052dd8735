"""``unequal-exchange validate``: model results beside published estimates."""

from __future__ import annotations

import json

from ._common import (
    add_command,
)
from .format import jsonable


def add_parser(subparsers) -> None:
    val = add_command(
        subparsers, "validate", "print model results beside published estimates, with citations"
    )
    val.add_argument("scenario", nargs="?", default="baseline")
    val.add_argument("--json", action="store_true", help="print JSON instead of a report")


def _range(r) -> str:
    lo, hi = float(r.model_low), float(r.model_high)
    return "" if lo == hi else f" (conventions {lo:.4g}–{hi:.4g})"


def run(args) -> int:
    from ..scenarios.validation import validate

    ds = validate(args.scenario)
    if args.json:
        print(json.dumps(jsonable(ds), indent=1, default=str))
        return 0
    print(
        "Model beside published estimates (validation only, never fitted); model at the "
        "scenario's conventions (range over the conventions); source (verified = checked "
        "against it, otherwise not):\n"
    )
    for q in ds.comparison.values:
        r = ds.sel(comparison=q)
        flag = "" if bool(r.comparable) else f"  NOT COMPARABLE: {r.reason.item()}"
        print(
            f"- {q} [{r.units.item()}]: model {float(r.model):.4g}{_range(r)}, published "
            f"{float(r.published):.4g} — {r.comment.item()}{flag}\n    source "
            f"({r.source_status.item()}): {r.source.item()}"
        )
    return 0
