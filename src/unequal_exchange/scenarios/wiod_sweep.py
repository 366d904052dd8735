"""Sweeps over scenarios of the WIOD Mexico–US accounts (money wages × valuation conventions).

:func:`sweep_wiod` solves the prices of production of the two-country input–output system at
every point of a grid — Mexican (and US) money-wage multipliers, complex-labour reduction
conventions and hours weightings — with the batched numba kernel
(:mod:`unequal_exchange.model.mexico_us.io_kernel`) or, for checking, the engine one point at a
time (``backend="numpy"``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import xarray as xr

from .._version import __version__
from ..calibration import wiod
from ..errors import InputError
from ..model.engine import status as st
from ..model.mexico_us import io_accounts, io_kernel
from .sweep import check_memory

BACKENDS = ("numba", "numpy")
HOME, PARTNER = "MEX", "USA"
DIMS = ("convention", "hours_weighting", "mx_wage_scale", "us_wage_scale")


def _status_attrs(long_name: str) -> dict:
    return {
        "units": "1",
        "long_name": long_name,
        "flag_values": list(st.NAMES),
        "flag_meanings": " ".join(
            re.sub(r"[^A-Za-z0-9]+", "_", v.split(":")[0]).strip("_") for v in st.NAMES.values()
        ),
    }


def _axis(name: str, values, low: float, high: float) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(values, dtype=object))
    try:
        arr = arr.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be numbers, got {values!r}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise InputError(f"{name} must be a non-empty list of numbers, got {values!r}")
    if not np.all(np.isfinite(arr)) or np.any(arr < low) or np.any(arr > high):
        raise InputError(f"{name} must be finite and in [{low:g}, {high:g}], got {arr.tolist()}")
    if np.unique(arr).size != arr.size:
        raise InputError(f"{name} has repeated values: {arr.tolist()}")
    return arr


def _bytes_per_point(n_c: int, shapley: bool) -> float:
    # kernel buffer + statuses + valuation index and scales + the Dataset's copies of the outputs
    split = 2 * 8.0 * len(io_kernel.SHAPLEY_OUT) + 2.0 if shapley else 0.0
    return 2 * 8.0 * (io_kernel.N_SCALAR + 2 * n_c) + 8.0 * (1 + n_c) + 4.0 + 8.0 * 6 + split


def sweep_wiod(
    year: int = 2009,
    mx_wage_scale: Sequence[float] = (1.0,),
    convention: Sequence[str] | str = io_accounts.CONVENTIONS,
    hours_weighting: Sequence[float] = (0.0,),
    us_wage_scale: Sequence[float] = (1.0,),
    countries: Sequence[str] = (HOME, PARTNER),
    rest_of_world: str = "exogenous",
    wage: str = "LAB",
    backend: str = "numba",
    shapley: bool = False,
) -> xr.Dataset:
    """Prices of production and the transfer on the WIOD tables over a grid of scenarios.

    At each point the money wages of Mexico (and the USA) are multiplied by a scale, value added
    and hours unchanged (profits absorb the difference), and the hours are valued under a
    reduction convention and an hours weighting. The two-country (or m-country) 35-industry
    price system is solved with one international profit rate and with national rates, and the
    transfer on the traded product is measured as in :func:`unequal_exchange.run_wiod`.
    Non-viable points (a wage so high that no profit rate r ≥ 0 exists) get NaN and a status;
    the sweep goes on.

    Parameters
    ----------
    year : int
        WIOD year, 1995–2011.
    mx_wage_scale, us_wage_scale : sequence of float
        Multipliers of the observed money wages, in (0, 100].
    convention : sequence of str or str
        Complex-labour reductions (``io_accounts.CONVENTIONS``): ``"simple"``, ``"wage"``,
        ``"wage-pooled"``, ``"wage-national"``, ``"education"``.
    hours_weighting : sequence of float
        α in [0, 1]: μ × (value added per hour / system average)^α.
    countries, rest_of_world, wage
        See :func:`unequal_exchange.wiod_economy` (``"MEX"`` and ``"USA"`` must be in the system;
        other countries keep their wages).
    backend : {"numba", "numpy"}
        The batched kernel, or the engine point by point (slow; for checking).
    shapley : bool
        Add ``price_transfer_by_factor`` (dim ``factor``: the exact Shapley split over wage,
        composition and intensity and the structural remainder, as in ``run_wiod``) and
        ``status_split``; eight price systems per point instead of one.

    Returns
    -------
    xarray.Dataset
        Dims ``convention``, ``hours_weighting``, ``mx_wage_scale``, ``us_wage_scale``
        (and ``country``): ``profit_rate`` (1/yr), ``price_transfer`` (USD/yr, net bilateral
        transfer, + = Mexico loses), ``price_transfer_seller`` (USD/yr, seller side),
        ``price_transfer_hours`` (h/yr), ``price_transfer_share_gdp`` (1),
        ``price_transfer_national`` (USD/yr), ``profit_rate_national`` (1/yr, by country),
        ``transfer_by_country`` (USD/yr, gain of each exporter), ``status`` and
        ``status_national`` (0 = ok, 2 = wage too high, …), ``melt`` (USD/h).

    Raises
    ------
    InputError
        If an axis value, the year, a country or an option is invalid.
    SweepTooLargeError
        If the result would not fit in memory.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> ds = ue.sweep_wiod(2009, mx_wage_scale=[1.0, 2.0, 8.0], convention="simple")
    >>> ds.price_transfer.dims
    ('convention', 'hours_weighting', 'mx_wage_scale', 'us_wage_scale')
    >>> share = ds.price_transfer_share_gdp.sel(convention="simple").squeeze()
    >>> bool(share[1] < share[0])  # doubling Mexican wages shrinks the transfer
    True
    >>> ds.status_national.squeeze().values.tolist()  # x8: Mexico alone is not viable
    [0, 0, 2]
    """
    conv, mx, us, alpha = _check_axes(backend, convention, mx_wage_scale, us_wage_scale,
                                      hours_weighting)  # fmt: skip
    s = wiod.wiod_system(year, countries, rest_of_world, wage)
    if HOME not in s.countries or PARTNER not in s.countries:
        raise InputError(f"the system must contain MEX and USA, got {list(s.countries)}")
    shape = (len(conv), alpha.size, mx.size, us.size)
    check_memory(
        int(np.prod(shape)),
        _bytes_per_point(len(s.countries), bool(shapley)),
        "use fewer axis values or split the sweep",
    )
    valuations = [(c, a) for c in conv for a in alpha]
    res = _solve_points(s, valuations, shape, mx, us, backend, bool(shapley))
    return _dataset(s, res, shape, conv, alpha, mx, us, backend)


def _check_axes(backend, convention, mx_wage_scale, us_wage_scale, hours_weighting):
    """The backend, the distinct conventions and the three numeric axes, checked."""
    if backend not in BACKENDS:
        raise InputError(f"backend must be one of {list(BACKENDS)}, got {backend!r}")
    conv = (convention,) if isinstance(convention, str) else tuple(convention)
    bad = [c for c in conv if c not in io_accounts.CONVENTIONS]
    if bad or not conv or len(set(conv)) != len(conv):
        raise InputError(
            f"convention must be distinct names among {list(io_accounts.CONVENTIONS)}, "
            f"got {list(conv)}"
        )
    mx = _axis("mx_wage_scale", mx_wage_scale, 1e-300, 100.0)
    us = _axis("us_wage_scale", us_wage_scale, 1e-300, 100.0)
    alpha = _axis("hours_weighting", hours_weighting, 0.0, 1.0)
    return conv, mx, us, alpha


def _solve_points(s, valuations, shape, mx, us, backend: str, shapley: bool) -> dict:
    """Every grid point solved, flat over points: hours-valued transfers, rates, statuses, and
    the MELT of each point's valuation (USD/h) to turn hours into dollars."""
    n_c, points = len(s.countries), int(np.prod(shape))
    school = wiod.schooling()
    mus = np.array([io_accounts.complexity(s, c, school, a) for c, a in valuations])
    ci, ai, mi, ui = (g.ravel() for g in np.meshgrid(*map(np.arange, shape), indexing="ij"))
    vidx = ci * shape[1] + ai
    scales = np.ones((points, n_c))
    home, partner = s.countries.index(HOME), s.countries.index(PARTNER)
    scales[:, home], scales[:, partner] = mx[mi], us[ui]
    a_mat = io_accounts.input_coefficients(s.z, s.output)
    ex = io_accounts.exports(s)
    lam = (mus * io_accounts._safe_div(s.hours, s.output)) @ io_accounts.leontief_inverse(a_mat)
    melt = np.array([io_accounts._traded_melt(s, a_mat, v, ex) for v in lam])
    res: dict = {"melt": melt, "melt_point": melt[vidx], "split": None, "status_split": None}
    if backend == "numba":
        prep = io_kernel.prepare_system(s, mus, home, partner)
        out, res["status"], res["status_national"] = io_kernel.run_batch(
            prep, vidx, scales, home, partner
        )
        if shapley:
            shap = io_kernel.prepare_shapley(s, mus, prep)
            res["split"], res["status_split"] = io_kernel.run_shapley(
                prep, shap, vidx, scales, home, partner
            )
        res["r"], res["drain"], res["drain_national"] = out[:, 0], out[:, 1], out[:, 2]
        res["gain"] = out[:, io_kernel.N_SCALAR : io_kernel.N_SCALAR + n_c]
        res["r_national"] = out[:, io_kernel.N_SCALAR + n_c :]
        return res
    res.update(
        r=np.empty(points),
        drain=np.empty(points),
        drain_national=np.empty(points),
        gain=np.empty((points, n_c)),
        r_national=np.empty((points, n_c)),
        status=np.empty(points, np.int8),
        status_national=np.empty(points, np.int8),
    )
    if shapley:
        res["split"], res["status_split"] = np.empty((points, 4)), np.empty(points, np.int8)
    for i in range(points):
        c, a = valuations[vidx[i]]
        d = io_accounts.sweep_point(s, c, school, a, scales[i], HOME, shapley, PARTNER)
        if shapley:
            res["split"][i] = d["price_transfer_hours_by_factor"]
            res["status_split"][i] = d["status_split"]
        for key, name in (
            ("r", "profit_rate"),
            ("drain", "price_transfer_hours"),
            ("drain_national", "price_transfer_hours_national"),
            ("gain", "transfer_hours_by_country"),
            ("r_national", "profit_rate_national"),
            ("status", "status"),
            ("status_national", "status_national"),
        ):
            res[key][i] = d[name]
    return res


def _a(units: str, long_name: str) -> dict:
    return {"units": units, "long_name": long_name}


def _dataset(s, res: dict, shape, conv, alpha, mx, us, backend: str) -> xr.Dataset:
    """The labelled Dataset of a WIOD sweep from the flat results of :func:`_solve_points`."""
    home = s.countries.index(HOME)
    m_pt = res["melt_point"]
    drain, gain = res["drain"], res["gain"]
    gdp = float(s.value_added[s.country_of == HOME].sum() * 1e6)

    def grid(v):
        return v.reshape(shape + v.shape[1:])

    cdims = (*DIMS, "country")
    data = {
        "profit_rate": (DIMS, grid(res["r"]), _a("1/yr", "international rate of profit")),
        "price_transfer": (
            DIMS,
            grid(drain * m_pt),
            _a(
                "USD/yr",
                "net bilateral transfer from MEX to the USA (seller side + buyer side) at "
                "prices of production with one international profit rate (+ = MEX loses)",
            ),
        ),
        "price_transfer_hours": (DIMS, grid(drain), _a("h/yr", "net transfer in hours")),
        "price_transfer_seller": (
            DIMS,
            grid(-gain[:, home] * m_pt),
            _a("USD/yr", "seller-side transfer: MEX exports sold below value (+ = MEX loses)"),
        ),
        "price_transfer_share_gdp": (
            DIMS,
            grid(drain * m_pt / gdp),
            _a("1", "net transfer / MEX value added at basic prices"),
        ),
        "price_transfer_national": (
            DIMS,
            grid(res["drain_national"] * m_pt),
            _a("USD/yr", "net transfer with national profit rates (+ = MEX loses)"),
        ),
        "transfer_by_country": (
            cdims,
            grid(gain * m_pt[:, None]),
            _a("USD/yr", "transfer received on the country's exports (−: lost)"),
        ),
        "profit_rate_national": (
            cdims,
            grid(res["r_national"]),
            _a("1/yr", "national rate of profit"),
        ),
        "status": (DIMS, grid(res["status"]), _status_attrs("status of the international solve")),
        "status_national": (
            DIMS,
            grid(res["status_national"]),
            _status_attrs("status of the national solves (nonzero if any country fails)"),
        ),
        "melt": (
            ("convention", "hours_weighting"),
            res["melt"].reshape(shape[:2]),
            _a("USD/h", "MELT of the traded product"),
        ),
        "gdp": ((), gdp, _a("USD/yr", "MEX value added at basic prices (SEA VA)")),
    }
    coords = {
        "convention": ("convention", list(conv), {"long_name": "complex-labour reduction"}),
        "hours_weighting": (
            "hours_weighting",
            alpha,
            _a("1", "exponent α of relative value added per hour in the value of an hour"),
        ),
        "mx_wage_scale": ("mx_wage_scale", mx, _a("1", "multiplier of Mexican money wages")),
        "us_wage_scale": ("us_wage_scale", us, _a("1", "multiplier of US money wages")),
        "country": ("country", list(s.countries), {"long_name": "country"}),
    }
    if res["split"] is not None:
        data["price_transfer_by_factor"] = (
            (*DIMS, "factor"),
            grid(res["split"] * m_pt[:, None]),
            _a("USD/yr", "exact Shapley split of the net transfer (+ = MEX loses)"),
        )
        data["status_split"] = (
            DIMS,
            grid(res["status_split"]),
            _status_attrs("status of the split (nonzero if a switched system fails)"),
        )
        coords["factor"] = ("factor", list(io_kernel.SHAPLEY_OUT), {"long_name": "factor"})
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(
        s.attrs,
        scenario=f"wiod-{s.year}-sweep",
        year=s.year,
        backend=backend,
        closure="value wage = wage / MELT (MELT of the observed wages), wages paid post "
        "factum, profit on fixed capital; scaled wages leave value added unchanged",
        transfer_sign="price_transfer > 0: MEX loses (net bilateral: seller + buyer side)",
        package_version=__version__,
        Conventions="CF-1.8",
    )
    return ds
