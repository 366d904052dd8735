"""The ``unequal-exchange`` command line.

Every command prints a readable report (or JSON with ``--json``). Bad input exits with code 2
and one line per problem, never a traceback. Each command lives in its own module, which
defines ``add_parser(subparsers)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import codecs
import os
import shlex
import sys
import unicodedata
import warnings

from ..errors import ParameterError, ScenarioError, UnequalExchangeError
from . import (
    calibrate,
    compare,
    explore,
    figures,
    measures,
    parameters,
    run,
    scenarios,
    sensitivity,
    simulate,
    sweep,
    validate,
)
from ._common import Parser

# the command table, in the order of --help
COMMANDS = {
    "run": run,
    "compare": compare,
    "sweep": sweep,
    "sensitivity": sensitivity,
    "simulate": simulate,
    "figures": figures,
    "calibrate": calibrate,
    "validate": validate,
    "measures": measures,
    "scenarios": scenarios,
    "parameters": parameters,
    "explore": explore,
}


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="unequal-exchange",
        description="Mexico–US unequal exchange: values, prices of production and the drain "
        "of labour power.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


_ASCII = {
    "–": "-",
    "—": "--",
    "−": "-",
    "→": "->",
    "←": "<-",
    "×": "x",
    "±": "+/-",
    "≈": "~",
    "…": "...",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "≥": ">=",
    "≤": "<=",
    "·": ".",
    "∘": "o",
    "≠": "!=",
    "λ": "lambda",
    "μ": "mu",
    "π": "pi",
    "Σ": "sum",
    "∞": "inf",
}


def _ascii_fallback(exc):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        text = _ASCII.get(ch)
        if text is None:
            text = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"
        out.append(text)
    return "".join(out), exc.end


def _plain_streams() -> None:
    """Print ASCII stand-ins (- for – and −) where the terminal cannot encode the characters."""
    codecs.register_error("unequal_exchange_ascii", _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "–−→×±≈".encode(encoding)
        except UnicodeEncodeError:
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="unequal_exchange_ascii")
        except LookupError:
            pass


def _interrupted(args) -> str:
    if args.command == "sweep" and args.out is not None and args.out.suffix == ".zarr":
        words = list(args.argv)
        if "--resume" not in words:
            words.append("--resume")
        if "--overwrite" in words:
            words.remove("--overwrite")
        return (
            f"interrupted; the finished blocks are kept in {args.out}: resume with "
            f"{shlex.join(['unequal-exchange', *words])}"
        )
    return "interrupted; nothing was saved"


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print the package's warnings as one ``warning:`` line (no source line, no path)."""
    print(f"warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    _plain_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    args.argv = argv
    handler = COMMANDS[args.command].run
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            return handler(args)
    except (ScenarioError, ParameterError) as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except UnequalExchangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"error: {_interrupted(args)}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `unequal-exchange run --json | head`: not an error
        sys.stdout = open(os.devnull, "w")
        return 0
    except UnicodeDecodeError as exc:
        print(
            f"error: a file is not UTF-8 text ({exc.reason} at byte {exc.start})", file=sys.stderr
        )
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
