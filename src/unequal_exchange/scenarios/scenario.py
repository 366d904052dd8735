"""Scenarios: named, validated, immutable sets of Mexico–US model parameters.

A scenario file is TOML of literal values::

    [scenario]
    name = "maquila-wage-convergence"
    description = "..."
    extends = "baseline"          # optional: a library name or a path

    [parameters]
    maquila_wage_ratio = 0.3

Every problem in a file (syntax, unknown section or key, unknown parameter with a suggestion,
wrong type, value outside the domain, ``extends`` cycle, missing file) is collected and raised as
one :class:`~unequal_exchange.errors.ScenarioError`.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy as np

from ..calibration.data import figure
from ..calibration.derive import YEAR
from ..calibration.fit import CalibrationResult, check_writable
from ..errors import ParameterError, ScenarioError, did_you_mean
from ..model.mexico_us.dynamics import PATH_QUANTITIES, STATIC_OUTPUTS_ONLY
from ..model.mexico_us.parameters import INITIAL_ONLY, PARAMETERS, check_parameters
from .axes import check_axes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SECTIONS = {"scenario", "parameters", "sweep", "shocks"}
_SCENARIO_KEYS = {"name", "description", "extends"}


@dataclass(frozen=True)
class Scenario:
    """A complete, validated parameter set with a name and a description.

    Scenarios are usually obtained with :func:`load_scenario` and modified with
    :meth:`with_parameters` and :meth:`with_shocks`; they are immutable (the parameters are a
    read-only mapping).

    Parameters
    ----------
    name : str
        Scenario name (the library name, or ``"baseline (x=1)"`` after an override).
    description : str
        One-line description.
    parameters : mapping of str to float
        Every model parameter (see ``docs/model.md``), checked against its domain and the
        relations between parameters.
    extends : str, optional
        Name of the scenario this one extends, if any.
    sweep : mapping, optional
        Default grid for :func:`sweep` (parameter name -> values).
    shocks : tuple, optional
        ``(parameter, value, first year, last year)`` tuples applied by :func:`simulate`.

    Raises
    ------
    ParameterError
        If a parameter is missing, unknown or outside its domain, or a shock is malformed;
        every problem is listed at once.

    See Also
    --------
    load_scenario, run, simulate

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> sc = ue.load_scenario("baseline")
    >>> sc.name
    'baseline'
    >>> sc.parameters["hours_weighting"]
    0.0
    >>> sc.shocks
    ()
    """

    name: str
    description: str
    parameters: Mapping[str, float] = field(repr=False)
    extends: str | None = None
    sweep: Mapping[str, tuple] = field(default_factory=dict, repr=False)
    shocks: tuple = ()  # (parameter, value, first year, last year) for ue.simulate

    def __post_init__(self):
        problems = check_parameters(self.parameters)
        if problems:
            raise ParameterError([f"scenario {self.name!r}: {p}" for p in problems])
        object.__setattr__(
            self, "parameters", MappingProxyType({k: float(v) for k, v in self.parameters.items()})
        )
        object.__setattr__(self, "sweep", MappingProxyType(dict(self.sweep)))
        shock_problems = check_shocks(self.shocks)
        if shock_problems:
            raise ParameterError([f"scenario {self.name!r}: {p}" for p in shock_problems])
        object.__setattr__(self, "shocks", tuple(tuple(s) for s in self.shocks))

    def __reduce__(self):  # picklable for dask workers despite the read-only mapping
        return (
            Scenario,
            (
                self.name,
                self.description,
                dict(self.parameters),
                self.extends,
                dict(self.sweep),
                self.shocks,
            ),
        )

    def with_parameters(self, **overrides) -> Scenario:
        """A validated copy with some parameters changed; every problem is reported at once.

        Parameters
        ----------
        **overrides : float
            Parameter name -> new value (a single number each).

        Returns
        -------
        Scenario
            A new scenario named ``"<name> (parameter=value, ...)"``; ``self`` is unchanged.

        Raises
        ------
        ParameterError
            If a name is unknown, a value is outside its domain or not a single number, or
            the new values break a relation between parameters. All problems are listed.

        Examples
        --------
        Count every hour as producing the value of a US hour of the same product
        (``hours_weighting=1``) instead of counting all hours equally:

        >>> import unequal_exchange as ue
        >>> sc = ue.load_scenario("baseline").with_parameters(hours_weighting=1.0)
        >>> sc.name
        'baseline (hours_weighting=1)'
        >>> round(float(ue.run(sc).price_transfer) / 1e9, 1)
        9.9

        Every problem is reported at once:

        >>> ue.load_scenario("baseline").with_parameters(maquila_wage_ratio=-1, foo=2)
        Traceback (most recent call last):
        ...
        unequal_exchange.errors.ParameterError: unknown parameter 'foo'
        maquila_wage_ratio = -1.0 is outside its domain (0, 10] ...
        """
        problems = check_parameters(overrides, complete=False, cross=False)
        problems += [
            f"{k} must be a single number, got an array of shape {np.shape(v)}"
            for k, v in overrides.items()
            if k in PARAMETERS and not isinstance(v, str) and np.ndim(v) != 0
        ]
        if problems:
            raise ParameterError(problems)
        values = {k: float(np.asarray(v)) for k, v in overrides.items()}  # numpy scalars, 0-d
        merged = {**self.parameters, **values}
        changed = ", ".join(f"{k}={v:g}" for k, v in values.items())
        return Scenario(
            name=self.name if not overrides else f"{self.name} ({changed})",
            description=self.description,
            parameters=merged,
            extends=self.extends,
            sweep=dict(self.sweep),
            shocks=self.shocks,
        )

    def with_shocks(self, *shocks) -> Scenario:
        """A validated copy with more shocks: (parameter, value, first year, last year).

        Parameters
        ----------
        *shocks : tuple
            ``(parameter, value, first year, last year)``: :func:`simulate` sets the
            parameter to ``value`` in those years (inclusive).

        Returns
        -------
        Scenario
            A new scenario with the shocks appended to the existing ones.

        Raises
        ------
        ParameterError
            If a shock is malformed, names an unknown parameter, has a value outside the
            parameter's domain or years out of order, or would never be read by the
            dynamics.

        Examples
        --------
        One million deportations a year from 2025 to 2030:

        >>> import unequal_exchange as ue
        >>> sc = ue.load_scenario("baseline").with_shocks(("deportations", 1e6, 2025, 2030))
        >>> sc.shocks
        (('deportations', 1000000.0, 2025, 2030),)
        """
        return Scenario(
            name=self.name,
            description=self.description,
            parameters=dict(self.parameters),
            extends=self.extends,
            sweep=dict(self.sweep),
            shocks=(*self.shocks, *shocks),
        )


def check_shocks(shocks) -> list[str]:
    """Problems with a list of (parameter, value, start, end) shocks."""
    problems = []
    for i, shock in enumerate(shocks):
        try:
            name, value, start, end = shock
        except (TypeError, ValueError):
            problems.append(f"shock {i + 1}: expected (parameter, value, start, end)")
            continue
        if name not in PARAMETERS:
            problems.append(
                f"shock {i + 1}: unknown parameter {name!r}{did_you_mean(str(name), PARAMETERS)}"
            )
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"shock {i + 1}: value of {name} must be a number, got {value!r}")
            continue
        problems += [f"shock {i + 1}: {p}" for p in check_parameters({name: value}, complete=False)]
        problems += [f"shock {i + 1}: {p}" for p in _shock_reads(name, start)]
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            problems.append(f"shock {i + 1}: start and end must be integer years")
        elif not 1990 <= start <= end <= 2100:
            problems.append(f"shock {i + 1}: need 1990 <= start <= end <= 2100, got {start}..{end}")
    problems += _overlapping(shocks) if not problems else []
    return problems


def _overlapping(shocks) -> list[str]:
    """Two shocks to one parameter in the same year: which one holds would depend on the order
    they are listed in, so it is refused."""
    out = []
    for i, (name, _, start, end) in enumerate(shocks):
        for j in range(i):
            other, _, s2, e2 = shocks[j]
            if other == name and start <= e2 and s2 <= end:
                out.append(
                    f"shocks {j + 1} and {i + 1} both set {name} in {max(start, s2)}–"
                    f"{min(end, e2)}: make their years not overlap"
                )
    return out


def _shock_reads(name: str, start) -> list[str]:
    """A shock the dynamics would never read is an error, not a silent no-op."""

    if name in INITIAL_ONLY:
        return [
            f"{name} is an initial condition (read once, in 1990): set it with "
            "with_parameters or [parameters], not as a shock"
        ]
    if name in PATH_QUANTITIES:
        return [
            f"{name} is never read after the initial year: the dynamics compute it each year "
            f"from the path, so the shock would change nothing; shock {PATH_QUANTITIES[name]} "
            "instead"
        ]
    if name in STATIC_OUTPUTS_ONLY:
        return [
            f"{name} enters only static outputs that ue.simulate does not report, so the "
            "shock would change nothing; set it with with_parameters and use ue.run"
        ]
    if name.startswith("graduate_growth_") and name != "graduate_growth_projection":
        end = int(figure("E23_graduates_higher_ed_2017").year)
        if isinstance(start, int) and start > end:
            return [
                f"{name} applies only up to {end}, the last year of graduate data; "
                "after it every level grows at graduate_growth_projection"
            ]
    return []


def _library() -> Path:
    return Path(str(resources.files("unequal_exchange.scenarios").joinpath("library")))


def list_scenarios() -> list[str]:
    """Names of the scenarios shipped in the built-in library.

    Returns
    -------
    list of str
        Sorted names, each accepted by :func:`load_scenario`, :func:`run` and friends.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> names = ue.list_scenarios()
    >>> "baseline" in names, "pre-nafta-1990" in names
    (True, True)
    """
    return sorted(p.stem for p in _library().glob("*.toml"))


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    is_path = isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text
    if not is_path:  # a bare name always means the built-in library
        candidate = _library() / f"{text}.toml"
        if not candidate.exists():
            names = list_scenarios()
            raise ScenarioError(
                [
                    f"unknown scenario {text!r}{did_you_mean(text, names)}; "
                    f"built-in: {names} (a file path must end in .toml)"
                ]
            )
        return candidate
    path = Path(name_or_path)
    if path.suffix != ".toml":  # refuse before opening: never read an arbitrary file
        raise ScenarioError(
            [
                f"{text!r} is neither a built-in scenario nor a .toml file: a scenario file "
                f"must end in .toml; built-in: {list_scenarios()}"
            ]
        )
    if not path.is_file():
        raise ScenarioError([f"scenario file not found: {path}"])
    return path


def _names_a_scenario(text: str) -> bool:
    """A bare library name (no path separator) or a path ending in .toml."""
    is_path = text.endswith(".toml") or "/" in text or "\\" in text
    return not is_path or Path(text).suffix == ".toml"


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError([f"{path}: invalid TOML: {exc}"]) from None
    except UnicodeDecodeError:
        raise ScenarioError([f"{path}: not a UTF-8 text file; a scenario is TOML text"]) from None
    except OSError as exc:
        raise ScenarioError([f"{path}: cannot read: {exc.strerror}"]) from None


def renamed_argument(old: str, new: str = "scenario"):
    """Accept the old keyword ``old`` of a function whose argument is now ``new``, with a
    DeprecationWarning (positional calls are unaffected)."""

    def wrap(func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            if old in kwargs:
                warnings.warn(
                    f"{func.__name__}({old}=...) is deprecated: the argument is now called "
                    f"{new!r} (a Scenario, a library name or a path)",
                    DeprecationWarning,
                    stacklevel=2,
                )
                if new in kwargs:
                    raise TypeError(f"{func.__name__}() got both {old!r} and {new!r}")
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return inner

    return wrap


@renamed_argument("name_or_path")
def load_scenario(scenario: str | Path | Scenario, _chain: tuple[str, ...] = ()) -> Scenario:
    """Load a built-in scenario by name, or a scenario TOML file by path.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A name from :func:`list_scenarios`, a path to a ``.toml`` file (which may
        ``extends`` another scenario), or a :class:`Scenario` (returned as is).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        If the name is unknown (with a suggestion), the file is missing, unreadable or not
        valid TOML, has unknown sections or keys, or its ``extends`` chain forms a cycle.
    ParameterError
        If the parameters or shocks are invalid (via :class:`Scenario`).

    See Also
    --------
    Scenario.with_parameters : override some parameters.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> sc = ue.load_scenario("baseline")
    >>> sc.name
    'baseline'
    >>> ue.load_scenario("basline")
    Traceback (most recent call last):
    ...
    unequal_exchange.errors.ScenarioError: unknown scenario 'basline' (did you mean 'baseline'?)...
    """
    if isinstance(scenario, Scenario):
        return scenario
    path = _resolve(scenario)
    key = str(path.resolve())
    if key in _chain:
        cycle = " -> ".join([*(Path(c).stem for c in _chain), path.stem])
        raise ScenarioError([f"{path}: 'extends' forms a cycle: {cycle}"])
    data = _read(path)
    meta, problems = _read_meta(data)
    params, numeric, more = _read_parameters(data)
    problems += more
    sweep, more = _read_sweep(data)
    problems += more
    shocks, more = _read_shocks(data)
    problems += more
    problems = [f"{path}: {p}" for p in problems]
    parent_name = meta.get("extends")
    base, parent_shocks, more = _read_parent(path, parent_name, (*_chain, key))
    problems += more
    missing = [k for k in PARAMETERS if k not in base and k not in params]
    if missing and not problems:
        problems.append(
            f"{path}: missing parameters (give them or extend a complete scenario "
            f"such as 'baseline'): {missing}"
        )
    merged = {**base, **{k: float(v) for k, v in numeric.items()}}
    if not problems:
        problems += [f"{path}: {p}" for p in check_parameters(merged)]
    if problems:
        raise ScenarioError(problems)
    return Scenario(
        name=meta.get("name", path.stem),
        description=meta.get("description", ""),
        parameters=merged,
        extends=parent_name,
        sweep=sweep,
        shocks=(*parent_shocks, *[(n, float(v), a, b) for n, v, a, b in shocks]),
    )


# The steps of load_scenario: each reads one part of the file and returns what it found and
# its problems (without the file name, which load_scenario prefixes).


def _read_meta(data: dict) -> tuple[dict, list[str]]:
    """The [scenario] table, after checking the file's sections and the table's keys."""
    problems = [
        f"unknown section [{section}]{did_you_mean(section, _SECTIONS)}"
        for section in data
        if section not in _SECTIONS
    ]
    meta = data.get("scenario", {})
    if not isinstance(meta, dict):
        return {}, [*problems, "[scenario] must be a table"]
    problems += [
        f"unknown key {k!r} in [scenario]{did_you_mean(k, _SCENARIO_KEYS)}"
        for k in meta
        if k not in _SCENARIO_KEYS
    ]
    problems += [
        f"[scenario] {k} must be a string"
        for k in ("name", "description", "extends")
        if k in meta and not isinstance(meta[k], str)
    ]
    return meta, problems


def _read_parameters(data: dict) -> tuple[dict, dict, list[str]]:
    """The [parameters] table as written, its known numeric values, and the problems of each
    value alone (unknown names, non-numbers, values outside the domain: the same messages as
    :func:`check_parameters` everywhere). Relations between parameters are checked once the
    set is complete, in :func:`load_scenario`."""
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        return {}, {}, ["[parameters] must be a table"]
    problems = check_parameters(params, complete=False, cross=False)
    numeric = {
        k: v
        for k, v in params.items()
        if k in PARAMETERS and not isinstance(v, bool) and isinstance(v, (int, float))
    }
    return params, numeric, problems


def _read_sweep(data: dict) -> tuple[dict, list[str]]:
    sweep = data.get("sweep", {})
    if not isinstance(sweep, dict):
        return {}, ["[sweep] must be a table of axes"]
    if sweep:
        try:
            check_axes(sweep)
        except ParameterError as exc:
            return sweep, [f"[sweep] {p}" for p in exc.problems]
    return sweep, []


_SHOCK_KEYS = ("parameter", "value", "start", "end")


def _read_shocks(data: dict) -> tuple[list[tuple], list[str]]:
    raw = data.get("shocks", [])
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        return [], ["shocks must be written as [[shocks]] tables"]
    shocks, problems = [], []
    for i, item in enumerate(raw):
        extra = set(item) - set(_SHOCK_KEYS)
        if extra:
            problems.append(f"shock {i + 1}: unknown keys {sorted(extra)}")
        missing = set(_SHOCK_KEYS) - set(item)
        if missing:
            problems.append(f"shock {i + 1}: missing {sorted(missing)}")
            continue
        shocks.append(tuple(item[k] for k in _SHOCK_KEYS))
    return shocks, problems + check_shocks(shocks)


def _read_parent(path: Path, parent_name, chain: tuple[str, ...]):
    """The parameters and shocks of the scenario ``extends`` names (none if it names none)."""
    if not isinstance(parent_name, str):
        return {}, (), []
    if not _names_a_scenario(parent_name):
        return (
            {},
            (),
            [
                f"{path}: extends = {parent_name!r} must name a built-in scenario "
                f"({', '.join(list_scenarios())}) or a .toml file"
            ],
        )
    parent_ref = parent_name
    if parent_name.endswith(".toml") and not Path(parent_name).is_absolute():
        parent_ref = str(path.parent / parent_name)
    try:
        parent = load_scenario(parent_ref, chain)
    except ScenarioError as exc:
        return {}, (), exc.problems
    return dict(parent.parameters), parent.shocks, []


def write_baseline(result: CalibrationResult, path, overwrite: bool = False) -> Path:
    """Write a calibrated baseline scenario TOML, one sourced comment per parameter.

    Parameters
    ----------
    result : CalibrationResult
        What :func:`unequal_exchange.calibrate` returns.
    path : str or pathlib.Path
        The file to write. Never inside an installed package (``site-packages``); the shipped
        baseline is regenerated from a source checkout.
    overwrite : bool
        Replace an existing file (refused otherwise).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        If ``path`` exists and ``overwrite`` is false, or lies in an installed package.
    """
    path = check_writable(path, overwrite)
    comments = {
        k: f"{PARAMETERS[k].units}; {d.how}; sources: {', '.join(d.sources) or 'none'}"
        for k, d in result.derived.items()
    }
    write_scenario(
        path, "baseline",
        f"Mexico–United States, {YEAR}: every parameter derived from the sourced figures in "
        "calibration/data/figures.csv or fitted to them (unequal-exchange calibrate).",
        result.parameters, comments,
        header="Generated by `unequal-exchange calibrate --write PATH`; do not edit by hand.",
    )  # fmt: skip
    return path


def write_scenario(
    path: Path,
    name: str,
    description: str,
    parameters: Mapping[str, float],
    comments: Mapping[str, str] | None = None,
    header: str = "",
) -> None:
    """Write a scenario TOML (floats written with repr so they round-trip exactly)."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    lines += [
        "[scenario]",
        f"name = {_toml_str(name)}",
        f"description = {_toml_str(description)}",
        "",
        "[parameters]",
    ]
    for k in sorted(parameters):
        if comments and k in comments:
            lines.append(f"# {comments[k]}")
        lines.append(f"{k} = {float(parameters[k])!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
