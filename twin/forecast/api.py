"""``twin.forecast(package)``: from a camera delivery to a forecast and the next survey."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from twin.config.scenario import Scenario
from twin.errors import TwinInputError, require
from twin.forecast.background import background_states, with_background
from twin.forecast.data import (
    SurveyWindow,
    estimates_table,
    identified_species,
    no_individual_ids,
    read_package,
    species_data,
    survey_end,
)
from twin.forecast.next_survey import recommend
from twin.forecast.result import Forecast
from twin.forecast.simulate import check_policies, child_seed, run_states
from twin.forecast.state import build_states, region_mask, state_mask
from twin.landscape.build import build_landscape
from twin.population.startup import Population

STATE_MASK_SPACING_M = 1250.0
"""Spacing of the park mask of the states (m): the twin's ``estimation.mask_spacing_m``."""


def forecast_from_states(
    scenario: Scenario,
    states: Sequence[Population],
    *,
    years: float = 5,
    policies: Sequence[str] = ("historical",),
    seed: int | np.random.SeedSequence = 0,
    start_date: dt.date | None = None,
    workers: int = 1,
    thresholds: Sequence[float] = (),
    progress: bool = False,
) -> Forecast:
    """Run the twin forward from given states (e.g. nature's true state) under policies.

    Parameters
    ----------
    scenario
        The twin's settings (landscape, species, ...); survey, estimation and report are
        switched off and ``years``, ``policy`` (and ``start_date``) replaced per run.
    states
        One starting state per replicate (animals at day 0).
    years
        Horizon, years (whole years give yearly counts 0..years).
    policies
        Names of ``conf/policy/*.yaml``; every state runs under each (same seed: paired runs).
    seed
        Root seed; replicate ``r`` runs with :func:`twin.forecast.simulate.run_seed` (seed, r).
    start_date
        Local date of day 0 (default the scenario's).
    workers
        Processes; the numbers do not depend on it.
    thresholds
        Animal counts for :attr:`Forecast.thresholds`.
    progress
        Print ``forecast runs: k/n`` on stderr.

    Returns
    -------
    Forecast
        Trajectories and deaths (``estimates`` and ``recommendation`` None).
    """
    require(np.isfinite(years) and years > 0, "--years", years, "a number of years > 0")
    require(len(states) > 0, "states", len(states), "one or more states")
    policies = check_policies(policies)
    started = time.perf_counter()
    trajectories, deaths, per_year = run_states(
        scenario,
        states,
        years=years,
        policies=policies,
        seed=seed,
        start_date=start_date,
        workers=workers,
        progress=progress,
    )
    return Forecast(
        trajectories=trajectories,
        deaths=deaths,
        states=list(states),
        years=float(years),
        threshold_values=tuple(float(t) for t in thresholds),
        timings={
            "replicate_year_seconds": per_year,
            "simulation_seconds": time.perf_counter() - started,
        },
    )


def forecast(
    package: str | Path,
    *,
    years: float = 5,
    replicates: int = 50,
    policies: Sequence[str] = ("historical",),
    scenario: Scenario | None = None,
    seed: int | np.random.SeedSequence = 0,
    species: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    occasion_days: float = 7.0,
    timezone: str | None = None,
    cameras: int | None = None,
    thresholds: Sequence[float] = (),
    workers: int = 1,
    progress: bool = False,
    next_survey: bool = True,
) -> Forecast:
    """Forecast the park's cats from a Camtrap DP package, and recommend the next survey.

    Parameters
    ----------
    package
        Camtrap DP 1.0.x folder with individually identified cats (``individualID``).
    years
        Horizon, years after the survey's end (default 5).
    replicates
        States (and runs per policy), default 50.
    policies
        Names of ``conf/policy/*.yaml`` to run (default ``historical``).
    scenario
        The twin's settings (default :func:`twin.load_scenario` ``()``).
    seed
        Root seed: child (0,) draws the states, (1, r) runs replicate r, (2, r) runs its
        background (:mod:`twin.forecast.background`).
    species
        Species keys (``leopard``, ``tiger``) to estimate; default those with identified
        animals. The scenario's other species, and every species beyond the stations' buffer,
        come from the replicate's background: the twin run from its start-up (the scenario's
        ``initial`` counts on its ``start_date``) to the survey's end.
    start, end
        Survey window, ISO 8601 with a UTC offset (default the deployments' span).
    occasion_days
        Occasion length, days.
    timezone
        IANA zone of date-times written without a UTC offset.
    cameras
        Cameras of the next survey (default the package's).
    thresholds
        Animal counts whose probability of being undershot is reported.
    workers
        Processes for the runs (the numbers do not depend on it).
    progress
        Print progress on stderr.
    next_survey
        Design the next survey (False: ``recommendation`` and ``next_stations`` stay None;
        studies that only score the forecast save the search).

    Returns
    -------
    Forecast
        Trajectories, summaries, deaths, estimates, states and the next survey.

    Raises
    ------
    TwinInputError
        For a package that is not Camtrap DP, lacks a time zone, has no identified animals of
        a species, stations outside the landscape, an empty window, or unknown policies.
    """
    started = time.perf_counter()
    policies = check_policies(policies)
    require(int(replicates) == replicates and replicates >= 1, "--replicates", replicates, ">= 1")
    if scenario is None:
        import twin

        scenario = twin.load_scenario([])
    window = SurveyWindow(start, end, occasion_days, timezone)
    pkg = read_package(package, timezone)
    keys = list(species) if species else identified_species(pkg, list(scenario.species))
    if not keys:
        raise TwinInputError(no_individual_ids(pkg, "leopard"))
    landscape = build_landscape(scenario.landscape)
    data = species_data(pkg, keys, window, landscape)
    mask = state_mask(landscape, STATE_MASK_SPACING_M)
    start_date = survey_end(pkg, end)
    seeds = [child_seed(seed, 2, r) for r in range(int(replicates))]
    backgrounds = background_states(scenario, start_date, seeds, workers)
    regions = {
        d.key: region_mask(d.history, landscape, window.buffer_m, STATE_MASK_SPACING_M)
        for d in data
    }
    priors = [b.priors for b in backgrounds]
    states = build_states(
        data, regions, scenario.species, int(replicates), child_seed(seed, 0), priors
    )
    stations = {d.key: (d.history.xy_m, window.buffer_m) for d in data}
    states = with_background(states, backgrounds, stations, list(scenario.species))
    built = time.perf_counter()
    result = forecast_from_states(
        scenario,
        states,
        years=years,
        policies=policies,
        seed=seed,
        start_date=start_date,
        workers=workers,
        thresholds=thresholds,
        progress=progress,
    )
    result.estimates = estimates_table(data, mask)
    result.context = {"current_stations_m": data[0].history.xy_m}
    if next_survey:
        _add_next_survey(result, pkg, data[0], landscape, cameras)
    result.timings.update(
        state_seconds=built - started, total_seconds=time.perf_counter() - started
    )
    return result


def _add_next_survey(result: Forecast, pkg, data, landscape, cameras: int | None) -> None:
    """The recommended layout for ``data``'s species, with the package's cameras per station."""
    have = _package_cameras(pkg)
    per_station = max(1, round(have / max(1, data.history.n_detectors)))
    stations, table = recommend(
        data, result.states, landscape, have if cameras is None else int(cameras), per_station
    )
    result.next_stations, result.recommendation = stations, table.assign(species=data.key)
    result.context["next_stations_m"] = stations[["x_m", "y_m"]].to_numpy()


def _package_cameras(pkg) -> int:
    """Cameras of the package: distinct ``cameraID`` (deployments when none are given)."""
    ids = pkg.deployments["cameraID"]
    ids = ids[ids != ""]
    return int(ids.nunique()) if len(ids) else len(pkg.deployments)
