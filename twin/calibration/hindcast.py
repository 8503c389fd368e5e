"""One hindcast run: the park under a policy from the spin-up to the end, counted as the censuses
count (:mod:`twin.calibration.census`), with deaths by cause and poaching and enforcement by year.

The run-level half of the hindcast (:mod:`twin.calibration.replicates` runs replicates of it and
:mod:`twin.calibration.calibrate` scores parameter sets with it): the calibrated keys that are
not config keys, writing calibrated values into a scenario, and the replicates' seeds. The model
runs through the public API (``twin.simulate``); the census is a probe and the tigers'
recolonisation an immigration driver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

import twin
from twin.calibration.census import ParkCounts, observe, observed_series

if TYPE_CHECKING:
    from twin import Scenario

CUB_DETECTION = "census.cub_detection"
"""Calibrated share of the out-of-den cubs a census counts (census observation model)."""
TIGER_CUB_DETECTION = "census.tiger_cub_detection"
"""Calibrated share of the tigers' out-of-den cubs their censuses count (the 2013-16 census
compiled four years of photographs); without it the tigers share :data:`CUB_DETECTION`."""
RECOLONISATION = "recolonisation.tiger_immigrants_per_year"
"""Calibrated tiger arrivals per year from :data:`RECOLONISATION_DATE` on (before it, the
species' ``immigrants_per_year``)."""
RECOLONISATION_DATE = dt.date(2013, 1, 1)
"""Tigers recolonised south-west Primorye from the north: 9-10 in the park in 2012, then 39
adults identified over 2013-16, 41 in 2021 and 58 in 2023 (docs/parameters.md, M); the park's
first full year (it was created in April 2012) opens the new rate."""
EXTRA_PREFIXES = ("census.", "recolonisation.")
"""Calibrated keys that are not scenario keys (the census's cub detection and the tigers'
recolonisation rate, which :func:`run_hindcast` applies)."""
PARAMETER_PREFIXES = ("policy.", "species.", *EXTRA_PREFIXES)
"""Keys the calibration sets (columns of the ABC tables holding parameters)."""
SCENARIO = ("+scenario=hindcast",)
"""The overrides that compose the hindcast scenario (conf/scenario/hindcast.yaml)."""


@dataclass
class Outcome:
    """One hindcast run (or replicates of it, concatenated).

    Attributes
    ----------
    counts
        Counts in the census area by year, species and stage (:meth:`ParkCounts.frame`) with the
        census's view of each covered year (:func:`observed_series`), in animals.
    deaths
        Deaths by calendar year, species and ``cause`` (emigrants are not deaths).
    figures
        The simulated census figures with their ``count`` (:func:`observe`; NaN where the run
        did not cover a figure).
    enforcement
        Poaching and enforcement by calendar year (:data:`ENFORCEMENT_COLUMNS`).
    """

    counts: pd.DataFrame
    deaths: pd.DataFrame
    figures: pd.DataFrame
    enforcement: pd.DataFrame


PARTS = ("counts", "deaths", "figures", "enforcement")
"""The tables of an :class:`Outcome`, in field order."""
ENFORCEMENT_COLUMNS = (
    "year", "trips", "arrests", "arrests_patrol", "arrests_camera", "prosecutions",
    "convictions", "poachers_hired", "patrol_km", "snares_set",
)  # fmt: skip
"""Per calendar year: poaching trips into the park, arrests (by patrols, from camera photos),
prosecutions, convictions, the net change in former poachers employed as monitors, patrol
distance (km) and snares set (the threats model's ``arrests`` and ``patrols`` tables)."""


def hindcast_scenario(policy: str = "historical", overrides: tuple[str, ...] = ()) -> Scenario:
    """The hindcast scenario under ``policy`` with config ``overrides`` (validated once).

    Raises
    ------
    twin.errors.TwinInputError
        If a key, a value or the policy's name is not allowed (the message names it).
    """
    return twin.load_scenario([*SCENARIO, f"policy={policy}", *overrides])


def run_hindcast(
    scenario: Scenario,
    seed: int | np.random.SeedSequence,
    params: Mapping[str, float] | None = None,
) -> Outcome:
    """Run ``scenario`` (cameras off) with calibrated ``params`` and count as the censuses do.

    Parameters
    ----------
    scenario
        The scenario to run, e.g. :func:`hindcast_scenario`.
    seed
        The run's seed (a replicate's ``SeedSequence`` child, :func:`replicate_seeds`).
    params
        Calibrated values by key (:data:`PARAMETER_PREFIXES`); None: the scenario's values,
        every cub counted and the tigers' immigration unchanged.

    Returns
    -------
    Outcome
        The run's counts, deaths, census figures and enforcement.
    """
    params = params or {}
    counts = ParkCounts(scenario.start_date)
    immigration = {}
    if RECOLONISATION in params:
        immigration["tiger"] = [(RECOLONISATION_DATE, float(params[RECOLONISATION]))]
    drivers = twin.Drivers(immigration=immigration, probes=[counts])
    result = twin.simulate(
        with_parameters(scenario, params), seed=seed, drivers=drivers, progress=False, tracks=False
    )
    detection = cub_detections(params)
    return Outcome(
        observed_series(counts.frame(), detection),
        result.deaths.rename(columns={"death_cause": "cause"}),
        observe(counts.census_figures(), detection),
        enforcement_by_year(result.threats),
    )


def enforcement_by_year(threats: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Poaching and enforcement by calendar year (:data:`ENFORCEMENT_COLUMNS`) from a run's
    threats tables (no rows without a threats model)."""
    if not threats:
        return pd.DataFrame({c: pd.Series(dtype=np.int64) for c in ENFORCEMENT_COLUMNS})
    patrols = threats["patrols"][["year", "km", "snares_set"]].rename(columns={"km": "patrol_km"})
    return threats["arrests"].merge(patrols, on="year")[list(ENFORCEMENT_COLUMNS)]


def replicate_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """The ``n`` replicates' seeds: the children of ``SeedSequence(seed)``, passed to the runs
    as they are (one seed scheme: a child is never turned into an integer and re-seeded)."""
    return np.random.SeedSequence(seed).spawn(n)


def cub_detections(params: Mapping[str, float] | None) -> dict[str, float]:
    """The cub detection of each species from calibrated ``params`` (1 where not calibrated;
    tigers take :data:`TIGER_CUB_DETECTION`, else the shared :data:`CUB_DETECTION`)."""
    shared = float((params or {}).get(CUB_DETECTION, 1.0))
    return {"leopard": shared, "tiger": float((params or {}).get(TIGER_CUB_DETECTION, shared))}


def with_parameters(scenario: Scenario, values: Mapping[str, float]) -> Scenario:
    """``scenario`` with calibrated ``values`` written in (keys like
    ``policy.poachers.pool_size``; pool sizes and initial counts rounded to whole numbers).

    Keys that are not scenario keys (:data:`EXTRA_PREFIXES`) are skipped: :func:`run_hindcast`
    applies them.
    """
    changes: dict[str, float | int] = {
        key: int(round(value)) if key.endswith("pool_size") or ".initial." in key else float(value)
        for key, value in values.items()
        if not key.startswith(EXTRA_PREFIXES)
    }
    return scenario.replace(**changes) if changes else scenario
