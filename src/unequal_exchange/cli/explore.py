"""``unequal-exchange explore``: the classroom explorer in the browser (needs the ``explore``
extra: ``pip install "unequal-exchange[explore]"``)."""

from __future__ import annotations

import argparse

from ..errors import UnequalExchangeError
from ._common import add_command, load, positive_int


def port_number(text: str) -> int:
    """A TCP port, 1–65535."""
    port = positive_int(text)
    if port > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {text!r}")
    return port


def add_parser(subparsers) -> None:
    p = add_command(
        subparsers,
        "explore",
        "open the classroom explorer in the browser: sliders, live channels, guided exercises",
    )
    p.add_argument(
        "scenario",
        nargs="?",
        default="baseline",
        help="built-in scenario name or path to a TOML file to start from (default: baseline)",
    )
    p.add_argument("--port", type=port_number, default=5006, help="port on localhost (5006)")
    p.add_argument(
        "--no-browser", action="store_true", help="only print the address; open no browser"
    )


def run(args) -> int:
    scenario = load(args.scenario)  # a bad scenario is reported before anything starts
    try:
        from ..explorer.app import check_port, prepare, serve
    except ImportError as exc:
        raise UnequalExchangeError(
            f"the explorer needs the 'explore' extra ({exc.name} is missing): "
            'pip install "unequal-exchange[explore]"'
        ) from None
    check_port(args.port)
    prepare(scenario)
    print(f"explorer: http://localhost:{args.port}/  (Ctrl-C stops it)", flush=True)
    serve(scenario, args.port, show=not args.no_browser)  # Ctrl-C: the server stops cleanly
    print("explorer stopped", flush=True)
    return 0  # stopping a server is its normal end, not an interruption of work (not 130)
