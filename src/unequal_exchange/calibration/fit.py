"""Fit the parameters that are not observed directly, and assemble the calibrated baseline.

The enclaves' gross output per hour is not published for 2011. It is fitted by
``scipy.optimize.least_squares`` (log residuals) to two independent observations of the IMMEX
gross product: exports (IMMEX share of manufacturing exports × manufacturing exports) and income
(December 2011 monthly income × 12, at the PWT exchange rate). Everything else is derived in
:mod:`.derive`. The fit is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xarray as xr

from ..errors import InputError
from ..model.mexico_us import accounts as mexico_us
from .data import figure, pwt
from .derive import YEAR, Derived, observed
from .dynamics_fit import AT_BOUND_MEANING, at_bound, capped_shares, track_record
from .dynamics_fit import fit as fit_dynamics
from .exogenous import RECORD_END


@dataclass(frozen=True)
class Target:
    """An observed quantity the fit should reproduce."""

    name: str
    value: float
    units: str
    sources: tuple[str, ...]
    how: str
    tolerance: float  # relative tolerance the fit is tested against


@dataclass(frozen=True)
class CalibrationResult:
    """Calibrated parameter values, their ranges and sources, and the fit report."""

    parameters: dict[str, float]
    derived: dict[str, Derived]
    fit: xr.Dataset = field(repr=False)
    dynamic_fit: dict = field(default_factory=dict, repr=False)
    #: fitted parameters that ended on a bound of their search box: {name: bound}
    at_bound: dict = field(default_factory=dict)
    #: the last year of the observed record the dynamics were fitted to (None: all of it)
    fit_until: int | None = None

    def track_record(self) -> dict:
        """Simulated against observed migrant stock and remittances, every observed year to
        2023, with the errors (:func:`.dynamics_fit.track_record`)."""
        return track_record(self.parameters, self.fit_until)

    def ranges(self) -> dict[str, tuple[float, float]]:
        return {k: (d.low, d.high) for k, d in self.derived.items()}

    def report(self) -> str:
        rows = [f"{'target':34s} {'observed':>14s} {'model':>14s} {'residual':>9s}  source"]
        for t in self.fit.target.values:
            f = self.fit.sel(target=t)
            rows.append(
                f"{t:34s} {float(f.observed):14.4g} {float(f.model):14.4g} "
                f"{float(f.relative_residual):+9.2%}  {f.source.item()}"
            )
        return "\n".join(rows)

    def dynamic_report(self) -> str:
        rows = [
            f"{'path target':34s} {'observed':>14s} {'model':>14s} {'residual':>9s} "
            f"{'tol':>6s}  source"
        ]
        for name, (obs, model, rel, tol, sources, fitted) in self.dynamic_fit.items():
            tag = "" if fitted else " (check, not fitted)"
            rows.append(
                f"{name:34s} {obs:14.4g} {model:14.4g} {rel:+9.2%} {tol:6.1%}  "
                f"{', '.join(sources)}{tag}"
            )
        for name, share in capped_shares(self.parameters).items():
            if share > 0:
                rows.append(
                    f"CAPPED: {name} = {self.parameters[name]:.4g} puts its emigration share at "
                    f"the cap of 1 in {share:.0%} of the years 1991–2023"
                    + (
                        ": every unabsorbed worker it applies to leaves; the value is identified "
                        "only as a lower bound"
                        if share == 1.0
                        else ""
                    )
                )
        for name, bound in self.at_bound.items():
            rows.append(
                f"AT BOUND: {name} = {self.parameters[name]:.6g} (bound {bound:g}): a corner of "
                "the search box, not an interior estimate"
                + (f"; {AT_BOUND_MEANING[name]}" if name in AT_BOUND_MEANING else "")
            )
        return "\n".join(rows)


def check_writable(path, overwrite: bool = False) -> Path:
    """The path a calibrated baseline may be written to.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write.
    overwrite : bool
        Allow replacing an existing file.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        If ``path`` exists and ``overwrite`` is false, or lies in an installed package
        (``site-packages``): the shipped baseline is regenerated from a source checkout.
    """
    path = Path(path)
    if any(part in ("site-packages", "dist-packages") for part in path.resolve().parts):
        raise InputError(
            f"refusing to write {path} inside an installed package; name a path of your own "
            "(e.g. --write my-baseline.toml)"
        )
    if path.exists() and not overwrite:
        raise InputError(f"{path} exists; add --overwrite to replace it or choose another path")
    return path


#: what the IMMEX income target counts: ``"total"`` (all income, the default) or ``"foreign"``
#: (income from the foreign market only, 55.9 % in December 2011, row
#: M11_immex_mfg_income_foreign_share_dec2011); see docs/model.md, "Enclave fit target"
ENCLAVE_INCOME = ("total", "foreign")


def targets(enclave_income: str = "total") -> list[Target]:
    """Observed targets of the enclave block (IMMEX gross product, 2011).

    ``enclave_income`` is one of :data:`ENCLAVE_INCOME`: the income target is all IMMEX
    manufacturing income (``"total"``) or only its foreign-market part (``"foreign"``).
    """
    if enclave_income not in ENCLAVE_INCOME:
        raise InputError(
            f"enclave_income must be one of {list(ENCLAVE_INCOME)}, got {enclave_income!r}"
        )
    share, mfg = figure("M4_immex_share_mfg_exports"), figure("M12_mfg_exports_2011")
    income = figure("M11_immex_mfg_income_dec2011")
    xr_rate = pwt()[("MEX", YEAR)]["xr"]
    if enclave_income == "foreign":
        foreign = figure("M11_immex_mfg_income_foreign_share_dec2011")
        return [
            Target(
                "immex_exports",
                share.value * mfg.value * 1e6,
                "USD/yr",
                (share.id, mfg.id),
                "IMMEX share of manufacturing exports × manufacturing exports",
                0.4,  # the two targets disagree by a factor 1.9: each misses by ~31 %
            ),
            Target(
                "immex_foreign_market_income",
                income.value * 12 * 1e6 / xr_rate * foreign.value,
                "USD/yr",
                (income.id, f"D_xr_mex_{YEAR}", foreign.id),
                "December 2011 IMMEX manufacturing income × 12 / MXN per USD × foreign-market "
                "share",
                0.4,
            ),
        ]
    return [
        Target(
            "immex_exports",
            share.value * mfg.value * 1e6,
            "USD/yr",
            (share.id, mfg.id),
            "IMMEX share of manufacturing exports × manufacturing exports",
            0.05,
        ),
        Target(
            "immex_gross_income",
            income.value * 12 * 1e6 / xr_rate,
            "USD/yr",
            (income.id, f"D_xr_mex_{YEAR}"),
            "December 2011 IMMEX manufacturing income × 12 / MXN per USD",
            0.05,
        ),
    ]


def _model_targets(params: dict[str, float]) -> np.ndarray:
    s = mexico_us.sectors(params)
    gross = float(s["enclave_exports"])  # all enclave output is exported
    return np.array([gross, gross])


def calibrate(fit_until: int | None = None, enclave_income: str = "total") -> CalibrationResult:
    """Derive every parameter from the shipped data and fit the unobserved ones (static
    accounts, then the dynamics).

    Parameters
    ----------
    fit_until : int, optional
        Fit the dynamics only to the observed paths up to this year (e.g. 2012) and report the
        later observations as out-of-sample checks. By default the whole record (to 2023).
    enclave_income : {"total", "foreign"}
        The IMMEX income target of the enclave fit: all income (the default) or the
        foreign-market part only (a calibration variant; docs/model.md, "Enclave fit target").

    Returns
    -------
    CalibrationResult
        ``parameters`` (name → value), ``derived`` (name → value with its source and
        range), ``fit`` (the static fit as a Dataset), ``dynamic_fit`` and ``at_bound``
        (fitted parameters that ended on a bound of their search box); ``report()`` and
        ``ranges()`` summarise them; ``track_record()`` lists simulated against observed
        migrant stock and remittances every year to 2023, with the errors.
        ``scenarios.scenario.write_baseline`` writes the result as a scenario TOML
        (``unequal-exchange calibrate`` on the command line).

    Raises
    ------
    InputError
        If ``fit_until`` is not a year between 2000 and the end of the record (2023);
        or if ``enclave_income`` is not one of ``"total"``, ``"foreign"``.

    See Also
    --------
    load_scenario : the shipped ``baseline`` is the result of this calibration.

    Examples
    --------
    The fit of the dynamics takes about 15 s, too slow for the doctest suite, so these lines
    are marked ``+SKIP`` there (they run as written):

    >>> import unequal_exchange as ue
    >>> result = ue.calibrate()  # doctest: +SKIP
    >>> print(result.report())  # doctest: +SKIP
    """
    if fit_until is not None and (
        isinstance(fit_until, bool)
        or not isinstance(fit_until, (int, np.integer))
        or not 2000 <= fit_until <= RECORD_END
    ):
        raise InputError(
            f"fit_until must be a year from 2000 to {RECORD_END} (or None for the whole "
            f"record); got {fit_until!r}"
        )
    static = calibrate_static(enclave_income)

    params, derived = dict(static.parameters), dict(static.derived)
    dynamic_values, dynamic_derived, dynamic_report = fit_dynamics(params, fit_until)
    derived.update(dynamic_derived)
    params.update({k: d.value for k, d in dynamic_derived.items()})
    params.update(dynamic_values)
    return CalibrationResult(
        parameters=dict(sorted(params.items())),
        derived=derived,
        fit=static.fit,
        dynamic_fit=dynamic_report,
        at_bound=at_bound(dynamic_values),
        fit_until=fit_until,
    )


def calibrate_static(enclave_income: str = "total") -> CalibrationResult:
    """The static parameters only (derivations and the enclave fit), without the dynamics;
    ``enclave_income`` as in :func:`calibrate`."""
    tgt = targets(enclave_income)
    derived = observed()
    params = {k: d.value for k, d in derived.items()}
    observed_values = np.array([t.value for t in tgt])

    def residuals(u):
        trial = dict(params, enclave_output_per_hour=float(np.exp(u[0])))
        return np.log(_model_targets(trial) / observed_values)

    hours = params["immex_employment"] * params["mx_hours_per_worker"]
    start = np.log(observed_values.mean() / hours)
    from scipy.optimize import least_squares  # lazy: scipy stays out of import

    sol = least_squares(residuals, x0=[start], method="lm", xtol=1e-15, ftol=1e-15)
    x = float(np.exp(sol.x[0]))
    params["enclave_output_per_hour"] = x
    low = observed_values.min() / hours
    high = observed_values.max() / hours
    derived["enclave_output_per_hour"] = Derived(
        x,
        low * 0.9,
        high * 1.1,
        tuple(s for t in tgt for s in t.sources),
        f"least-squares fit to IMMEX exports and {enclave_income} income (range: each target "
        "alone, ±10 %)",
    )
    model = _model_targets(params)
    fit = xr.Dataset(
        {
            "observed": ("target", observed_values, {"units": "USD/yr"}),
            "model": ("target", model, {"units": "USD/yr"}),
            "relative_residual": ("target", model / observed_values - 1, {"units": "1"}),
            "tolerance": ("target", [t.tolerance for t in tgt], {"units": "1"}),
            "source": ("target", [", ".join(t.sources) for t in tgt]),
            "derivation": ("target", [t.how for t in tgt]),
        },
        coords={"target": [t.name for t in tgt]},
        attrs={
            "fitted_parameters": "enclave_output_per_hour",
            "enclave_income": enclave_income,
            "optimizer": "least_squares (lm)",
            "cost": float(sol.cost),
            "success": int(sol.success),
        },
    )
    return CalibrationResult(parameters=dict(sorted(params.items())), derived=derived, fit=fit)
