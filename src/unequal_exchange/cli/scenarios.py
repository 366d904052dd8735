"""``unequal-exchange scenarios``: the built-in scenarios."""

from __future__ import annotations

import json

from ._common import (
    add_command,
)


def add_parser(subparsers) -> None:
    sc = add_command(subparsers, "scenarios", "list the built-in scenarios")
    sc.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args) -> int:
    from ..scenarios.scenario import list_scenarios, load_scenario

    rows = [(name, load_scenario(name).description) for name in list_scenarios()]
    if args.json:
        print(json.dumps(dict(rows), indent=1))
    else:
        for name, desc in rows:
            print(f"{name:32s} {desc}")
    return 0
