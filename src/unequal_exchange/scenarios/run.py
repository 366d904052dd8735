"""``run``: the Mexico–US accounts of one scenario as a labelled xarray Dataset."""

from __future__ import annotations

import re
import warnings

import numpy as np
import xarray as xr

from .._version import __version__
from ..errors import NonViableError
from ..model.mexico_us import accounts as mu
from . import wiod as _wiod
from .scenario import Scenario, load_scenario, renamed_argument

USD = "USD/yr"

# name: (units, long_name, dims) for every variable of the result of ue.run (the dynamics'
# variables are model.mexico_us.dynamics.VARIABLES)
RUN_VARIABLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "price_transfer": (
        USD,
        "value transferred from Mexico to the US through prices of "
        "production with an equalised profit rate (+ = gain of the US = drain from Mexico)",
        (),
    ),
    "price_transfer_hours": ("h/yr", "price transfer in hours of socially necessary labour", ()),
    "price_transfer_by_factor": (
        USD,
        "Shapley split of the price transfer over Emmanuel's per-hour factors, the default "
        "factor definition: wage per hour at given capital per hour (strict sense), capital "
        "per hour = organic composition (broad sense), intensity, structural",
        ("factor",),
    ),
    "price_transfer_by_value_factor": (
        USD,
        "Shapley split of the price transfer over the value-composition factors, the "
        "alternative factor definition: rate of surplus value at given K/v (K moves with v), "
        "value composition K/v at actual wages (contains the wage gap), intensity (n, v and K "
        "scaled), structural",
        ("value_factor",),
    ),
    "us_rate_of_surplus_value": (
        "1",
        "US rate of surplus value s/v in the traded product (negative: US workers are paid "
        "more value than their hours create)",
        (),
    ),
    "mx_rate_of_surplus_value": (
        "1",
        "Mexican rate of surplus value s/v in the traded product",
        (),
    ),
    "price_transfer_share_gdp": ("1", "price transfer / Mexican GDP", ()),
    "price_transfer_equal_hours": (
        USD,
        "price transfer counting every hour equally (hours_weighting = 0)",
        (),
    ),
    "price_transfer_productivity_weighted": (
        USD,
        "price transfer with hours weighted by relative value added (hours_weighting = 1)",
        (),
    ),
    "melt": ("USD/h", "monetary expression of labour time of the traded product", ()),
    "profit_rate": ("1/yr", "internationally equalised rate of profit", ()),
    "repatriated_profit": (
        USD,
        "enclave profit at prices of production (r K) owned abroad (ownership channel)",
        (),
    ),
    "enclave_surplus_drained": (
        USD,
        "repatriated profit plus the enclaves' loss through prices",
        (),
    ),
    "labour_arbitrage_rent": (USD, "enclave hours × (US manufacturing wage − enclave wage)", ()),
    "enclave_hours": ("h/yr", "hours worked in the enclaves (indirect labour export)", ()),
    "enclave_worker_equivalents": (
        "persons",
        "enclave hours in US full-time worker equivalents",
        (),
    ),
    "enclave_wage_bill": (USD, "wages paid in the enclaves: the flow Mexico keeps", ()),
    "enclave_value_added": (USD, "value added in the enclaves at market prices", ()),
    "enclave_exports": (USD, "enclave gross output, all exported", ()),
    "enclave_imported_inputs": (USD, "imported components in enclave output", ()),
    "training_cost_per_migrant": ("USD", "cost of schooling embodied in one migrant", ("level",)),
    "migrant_stock_by_level": ("persons", "Mexican-born in the US by education", ("level",)),
    "net_emigration_by_level": ("persons/yr", "emigration minus returns by education", ("level",)),
    "training_cost_transfer": (USD, "schooling cost of net emigrants (flow, net of returns)", ()),
    "training_cost_stock": ("USD", "schooling cost embodied in the migrant stock", ()),
    "reproduction_cost_per_migrant": ("USD", "childhood reproduction cost of one migrant", ()),
    "reproduction_cost_transfer": (USD, "childhood cost of net emigrants (flow)", ()),
    "reproduction_cost_stock": ("USD", "childhood cost embodied in the migrant stock", ()),
    "remittances": (USD, "remittances received by Mexico", ()),
    "remittance_compensation_ratio": (
        "1",
        "remittances / (training + reproduction cost transfer), flows",
        (),
    ),
    "formation_cost_stock_in_remittance_years": (
        "yr",
        "formation cost embodied in the migrant stock, in years of remittances",
        (),
    ),
    "brain_waste_cost": (
        "USD",
        "tertiary schooling cost of skilled migrants not working at their qualification",
        (),
    ),
    "stock_formation_cost_annuity": (
        USD,
        "formation cost of the migrant stock amortised over a working life at discount_rate",
        (),
    ),
    "remittance_cover_of_annuity": (
        "1",
        "remittances / the migrant stock's amortised formation cost (both paid by the stock)",
        (),
    ),
    "migrant_surplus_value": (USD, "surplus value produced by Mexican-born workers in the US", ()),
    "total_drain": (
        USD,
        "price transfer + repatriated profit + training and reproduction cost transfers",
        (),
    ),
    "total_drain_share_gdp": ("1", "total drain / Mexican GDP", ()),
    "hours": ("h/yr", "hours worked", ("sector",)),
    "wage": ("USD/h", "hourly wage", ("sector",)),
    "value_added_per_hour": ("USD/h", "value added per hour at market prices", ("sector",)),
    "capital_per_hour": ("USD yr/h", "capital advanced per annual hour worked", ("sector",)),
    "traded_share": (
        "1",
        "share of the sector's product exchanged with the other country",
        ("sector",),
    ),
    "surplus_value_rate": ("1", "rate of surplus value s / v of the traded product", ("sector",)),
    "organic_composition": ("1", "organic composition (K − v) / v", ("sector",)),
    "transfer": (
        USD,
        "price of production minus value of the traded product (+ = gain of the sector)",
        ("sector",),
    ),
}

# One sign convention for the whole Dataset (ds.attrs["sign_convention"]); each signed
# variable states its own reading in attrs["sign"]. The two readings agree: the price
# transfer is the US sector's gain, minus the Mexican sectors' total (tested).
SIGN_CONVENTION = (
    "+ = value gained by the receiving side: by the sector for variables along `sector`, by "
    "the United States (so drained from Mexico) for the Mexico-US channels"
)
_TO_US = "+ = gained by the US, i.e. drained from Mexico"
SIGNS = {
    "transfer": "+ = gained by the sector (price of production above value), - = lost",
    "price_transfer": _TO_US,
    "price_transfer_hours": _TO_US,
    "price_transfer_by_factor": _TO_US + " (each factor's Shapley share)",
    "price_transfer_share_gdp": _TO_US,
    "price_transfer_equal_hours": _TO_US,
    "price_transfer_productivity_weighted": _TO_US,
    "repatriated_profit": "+ = received by the enclaves' foreign owners (drained from Mexico)",
    "enclave_surplus_drained": _TO_US,
    "net_emigration_by_level": "+ = more people leave Mexico than return",
    "training_cost_transfer": _TO_US,
    "reproduction_cost_transfer": _TO_US,
    "total_drain": _TO_US,
    "total_drain_share_gdp": _TO_US,
}

CHANNELS = (
    "price_transfer",
    "repatriated_profit",
    "training_cost_transfer",
    "reproduction_cost_transfer",
)


def status_attrs(names: dict[int, str], long_name: str) -> dict:
    """CF attributes of a status variable: ``flag_values`` and one word per code."""

    return {
        "units": "1",
        "long_name": long_name,
        "flag_values": list(names),  # a list: attrs compare equal; an int array on disk
        "flag_meanings": " ".join(
            re.sub(r"[^A-Za-z0-9]+", "_", v).strip("_") for v in names.values()
        ),
    }


def to_dataset(acc: dict[str, np.ndarray], sample_dims: tuple[str, ...] = ()) -> xr.Dataset:
    """Label the arrays of :func:`mexico_us.accounts` (leading dims ``sample_dims``)."""
    data = {}
    for name, (units, long_name, dims) in RUN_VARIABLES.items():
        attrs = {"units": units, "long_name": long_name}
        if name in SIGNS:
            attrs["sign"] = SIGNS[name]
        data[name] = (sample_dims + dims, acc[name], attrs)
    data["status"] = (
        sample_dims,
        acc["status"],
        status_attrs(mu.STATUS_NAMES, "model status (0 = ok)"),
    )
    drains = np.stack([acc[c] for c in CHANNELS], axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        data["drain_share"] = (
            (*sample_dims, "channel"),
            drains / acc["total_drain"][..., None],
            {"units": "1", "long_name": "each channel's share of the total drain"},
        )
    coords = {
        "sector": list(mu.SECTORS),
        "sector_country": ("sector", list(mu.COUNTRIES)),
        "factor": [*mu.FACTORS, "structural"],
        "value_factor": [*mu.VALUE_FACTORS, "structural"],
        "level": list(mu.LEVELS),
        "channel": list(CHANNELS),
    }
    return xr.Dataset(data, coords=coords, attrs={"sign_convention": SIGN_CONVENTION})


@renamed_argument("scenario_or_name")
def run(scenario: Scenario | str = "baseline") -> xr.Dataset:
    """The Mexico–US accounts of one scenario (all channels, USD/yr unless stated).

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A Scenario, the name of a library scenario (:func:`list_scenarios`), the path of a
        scenario file (see the glossary, "scenario argument"), or ``"wiod-YYYY"`` (1995–2011)
        for the accounts on the WIOD input–output tables (see :func:`run_wiod`; that Dataset
        has its own variables).

    Returns
    -------
    xarray.Dataset
        One year (the 2011 calibration) of every channel; each variable carries ``units``
        and ``long_name`` attrs (the full list is ``unequal_exchange.scenarios.run.RUN_VARIABLES``).
        The main ones:

        - ``price_transfer`` (USD/yr): value transferred from Mexico to the US through
          prices of production with an equalised profit rate. **Sign: positive = Mexico
          loses** (a drain from Mexico to the US).
        - ``price_transfer_by_factor`` (USD/yr, dim ``factor``): Shapley split over
          Emmanuel's per-hour factors, the default factor definition (docs/model.md §2.3):
          ``wage`` (wage per hour at given capital per hour: unequal exchange in the strict
          sense), ``composition`` (capital per hour, the organic composition: the broad
          sense), ``intensity`` and ``structural``; sums to ``price_transfer``.
        - ``price_transfer_by_value_factor`` (USD/yr, dim ``value_factor``): the split over
          the value-composition factors, the alternative definition: ``surplus_value_rate``
          (e at given K/v, so K moves with v and the world's capital is not conserved),
          ``value_composition`` (K/v at actual wages, which contains the wage gap),
          ``intensity``, ``structural``; also sums to ``price_transfer``.
        - ``us_rate_of_surplus_value`` and ``mx_rate_of_surplus_value`` (1): s/v of each
          country's traded product (the US rate is negative at ``hours_weighting`` = 0).
        - ``price_transfer_hours`` (h/yr) and ``price_transfer_share_gdp`` (1, of Mexican GDP).
        - ``repatriated_profit`` (USD/yr): enclave profit owned abroad.
        - ``training_cost_transfer`` and ``reproduction_cost_transfer`` (USD/yr): schooling
          and childhood cost of net emigrants; ``remittances`` (USD/yr).
        - ``total_drain`` (USD/yr): price transfer + repatriated profit + training and
          reproduction cost transfers; ``total_drain_share_gdp`` (1); ``drain_share``
          (1, dim ``channel``).
        - ``profit_rate`` (1/yr) and ``melt`` (USD/h).
        - per sector (dim ``sector``): ``hours`` (h/yr), ``wage`` (USD/h), ``transfer``
          (USD/yr, price of production minus value: positive = the sector *gains*),
          ``surplus_value_rate`` and ``organic_composition`` (1).
        - ``status`` (int): always 0 (ok) here; non-viable scenarios raise instead. The
          codes, also used by :func:`sweep` (where non-viable points are NaN), are
          0 ok, 1 enclave value added exceeds Mexican GDP, 2 enclave wage bill exceeds
          Mexican labour income, 3 domestic wage at or above domestic value added per hour,
          4 enclave value added at market prices ≤ its wage bill (no measured profit: the
          price accounts cannot close), 5 enclave gross output (all booked as exports to the
          US in the model) exceeds Mexican exports to the US, 6 no surplus value in the
          traded product,
          7 parameters break a relation between them.

        ``attrs`` name the scenario, its description, the package version, the
        calibration year, ``hours_weighting``, and the migration channel's
        ``formation_where_trained``, ``discount_rate`` and ``working_life_years``.

    Raises
    ------
    ScenarioError
        If the scenario name or file cannot be resolved or read.
    ParameterError
        If the scenario's parameters are invalid.
    NonViableError
        If the scenario is not viable (status != 0); the message names the reason.

    See Also
    --------
    simulate : the same accounts year by year, 1990–2040.
    sweep : many parameter values at once.

    Examples
    --------
    >>> import unequal_exchange as ue
    >>> ds = ue.run("baseline")
    >>> round(float(ds.price_transfer) / 1e9, 1)  # bn USD/yr, positive = Mexico loses
    125.5
    >>> ds.price_transfer.attrs["units"]
    'USD/yr'
    >>> round(float(ds.price_transfer_share_gdp), 3)
    0.106
    >>> [str(f) for f in ds.factor.values]
    ['wage', 'composition', 'intensity', 'structural']
    >>> [round(float(v) / 1e9, 1) for v in ds.price_transfer_by_factor]  # strict, broad, ...
    [74.1, 51.4, 0.0, 0.0]
    >>> [round(float(v) / 1e9, 1) for v in ds.price_transfer_by_value_factor]  # alternative
    [140.2, -14.7, 0.0, 0.0]
    >>> int(ds.status)
    0

    Override parameters through the scenario:

    >>> sc = ue.load_scenario("baseline").with_parameters(hours_weighting=1.0)
    >>> round(float(ue.run(sc).price_transfer) / 1e9, 1)
    9.9

    A non-viable scenario raises (here the maquila shows no measured profit at market prices):

    >>> ue.run(ue.load_scenario("baseline").with_parameters(maquila_wage_ratio=0.3))
    Traceback (most recent call last):
    ...
    unequal_exchange.errors.NonViableError: scenario ... is not viable: enclave value added ...
    """

    # the WIOD input-output family (scenarios/wiod.py)
    if isinstance(scenario, str) and _wiod.is_wiod_name(scenario):
        return _wiod.run_name(scenario)
    sc = load_scenario(scenario)
    acc = mu.accounts(dict(sc.parameters))
    code = int(acc["status"])
    if code != mu.OK:
        raise NonViableError(f"scenario {sc.name!r} is not viable: {mu.STATUS_NAMES[code]}")
    ds = to_dataset(acc)
    ds.attrs.update(
        scenario=sc.name,
        description=sc.description,
        package_version=__version__,
        baseline_calibration_year=2011,
        hours_weighting=float(sc.parameters["hours_weighting"]),
    )
    # the migration channel's conventions and the amortisation period (docs/model.md §5)
    ds.attrs.update({k: float(sc.parameters[k]) for k in MIGRATION_ATTRS})
    return ds


#: parameters of the migration channel that ``run`` records in ``attrs`` (conventions, period)
MIGRATION_ATTRS = ("formation_where_trained", "discount_rate", "working_life_years")


def __getattr__(name: str):
    if name == "VARIABLES":  # renamed: dynamics.VARIABLES is the other table of variables
        warnings.warn(
            "scenarios.run.VARIABLES is deprecated: use RUN_VARIABLES",
            DeprecationWarning,
            stacklevel=2,
        )
        return RUN_VARIABLES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
