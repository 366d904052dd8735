"""Helpers shared by the commands: strict number parsing, ``--set``, output-file checks."""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

from ..errors import ParameterError, ScenarioError

EXAMPLES = {
    "run": "unequal-exchange run baseline --set maquila_wage_ratio=0.2 --out run.nc",
    "compare": "unequal-exchange compare baseline maquila-wage-convergence",
    "sweep": "unequal-exchange sweep baseline --axis maquila_wage_ratio=0.05:0.3:26 "
    "--axis maquila_import_content=0.7,0.8,0.9 --out sweep.zarr",
    "sensitivity": "unequal-exchange sensitivity baseline --n 256 --outputs price_transfer "
    "--figure sobol.png",
    "simulate": "unequal-exchange simulate return-programme-2025 --every 5 --out paths.nc",
    "figures": "unequal-exchange figures --out figures/",
    "calibrate": "unequal-exchange calibrate --write my-baseline.toml",
    "validate": "unequal-exchange validate",
    "measures": "unequal-exchange measures --years 1995:2011 --figure measures.png",
    "scenarios": "unequal-exchange scenarios",
    "parameters": "unequal-exchange parameters --json",
    "explore": "unequal-exchange explore --port 5006 my-scenario.toml",
}

NETCDF = (".nc",)
FIGURE_SUFFIXES = (".png", ".pdf", ".svg")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")


class Parser(argparse.ArgumentParser):
    """argparse with the package's contract: one line ``error: ...`` and exit code 2."""

    def error(self, message):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def add_command(subparsers, name: str, help_text: str) -> argparse.ArgumentParser:
    """A sub-command parser with its one-line help and an example in the epilog."""

    return subparsers.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=f"example: {EXAMPLES[name]}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def positive_int(text: str) -> int:
    if not _WHOLE.fullmatch(text.strip()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def whole(text: str) -> int:
    if not _WHOLE.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(text)


class NotFiniteError(ValueError):
    """A number too large for a float (``1e400``), or ``inf``."""


def strict_number(text: str) -> float:
    """A strict decimal number: ``float()`` would also take ``1_0``, ``inf`` and ``nan``.

    Raises :class:`NotFiniteError` for a number that is not finite (``1e400``, ``inf``),
    ``ValueError`` for anything else that is not a decimal number (``nan``, ``1_0``, ``x``).
    """
    word = text.strip().lower().lstrip("+-")
    if word in ("inf", "infinity") or (
        _NUMBER.fullmatch(text.strip()) and not math.isfinite(float(text))
    ):
        raise NotFiniteError(text)
    if not _NUMBER.fullmatch(text.strip()):
        raise ValueError(text)
    return float(text)


def add_set(p, what: str = "override a parameter (repeatable)") -> None:
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help=what)


def add_overwrite(p, what: str = "--out") -> None:
    p.add_argument(
        "--overwrite",
        action="store_true",
        help=f"replace an existing {what} file, whoever wrote it "
        "(never a folder this tool did not write)",
    )


def _number_hint(name: str) -> str:
    """What to write instead: a convention's options by number, else an example."""
    from ..model.mexico_us.parameters import PARAMETERS

    spec = PARAMETERS.get(name)
    if spec is not None and spec.options:
        return "its options: " + "; ".join(f"{v:g} = {label}" for v, label in spec.options)
    return "write e.g. 0.2 or 1.5e9"


def parse_sets(pairs: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    problems: list[str] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(f"--set expects NAME=VALUE, got {pair!r}")
            continue
        try:
            number = strict_number(value)
        except NotFiniteError:
            problems.append(
                f"--set {name}: {value!r} is not finite (the largest number is about 1.8e308; "
                f"{_number_hint(name)})"
            )
            continue
        except ValueError:
            problems.append(f"--set {name}: {value!r} is not a number ({_number_hint(name)})")
            continue
        if name in out:
            problems.append(
                f"--set {name} is given twice ({out[name]:g} and {number:g}); give each "
                "parameter once"
            )
            continue
        out[name] = number
    if problems:
        raise ParameterError(problems)
    return out


def load(name):
    """Load a scenario; a file that is not UTF-8 text is a clear error, not a traceback."""
    from ..scenarios.scenario import load_scenario

    try:
        return load_scenario(name)
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [
                f"{name}: not a UTF-8 text file (byte {exc.start}: {exc.reason}); a scenario "
                "is a TOML file saved as UTF-8"
            ]
        ) from None


def load_with_sets(name, pairs: list[str], static_command: str | None = None):
    """The scenario ``name`` with the ``--set`` overrides applied.

    With ``static_command`` (a command that computes only the static accounts), a parameter
    that only the dynamics read is refused: it would change nothing, silently.
    """
    overrides = parse_sets(pairs)  # bad --set values are reported before the scenario is read
    if static_command:
        from ..model.mexico_us.parameters import DYNAMIC_ONLY

        noop = sorted(k for k in overrides if k in DYNAMIC_ONLY)
        if noop:
            raise ParameterError(
                [
                    f"--set {', '.join(noop)}: only acts in the dynamics (`simulate`, or "
                    f"`--model dynamic` where a command has it); `{static_command}` computes the "
                    "static accounts, which never read it"
                ]
            )
    scenario = load(name)
    return scenario.with_parameters(**overrides) if overrides else scenario


def check_out(path: Path | None, suffixes, overwrite: bool, flag: str = "--out") -> None:
    """Refuse an unknown suffix, a missing folder or an existing file (unless --overwrite)."""
    if path is None:
        return
    if path.suffix.lower() not in suffixes:
        raise ParameterError(
            [
                f"{flag} {path}: the name must end in {' or '.join(suffixes)} (got "
                f"{path.suffix or 'no suffix'!r})"
            ]
        )
    if path.is_dir():
        raise ParameterError([f"{flag} {path} is a folder; give a file name"])
    if path.exists() and not overwrite:
        raise ParameterError(
            [f"{flag} {path} already exists; add --overwrite to replace it, or choose another name"]
        )
    if not path.absolute().parent.is_dir():
        raise ParameterError([f"{flag} {path}: folder {path.absolute().parent} does not exist"])


def check_figure(path: Path | None, overwrite: bool, flag: str = "--figure") -> None:
    if path is None:
        return
    check_out(path, FIGURE_SUFFIXES, overwrite, flag)
