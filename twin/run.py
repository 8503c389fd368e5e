"""``simulate(scenario)``: one run of the twin, from a validated scenario to a :class:`RunResult`.

The wiring of a run lives here and only here: landscape -> animals -> threats -> cameras on one
SimPy clock, then the estimates from the survey. A layout or an initial population can be passed
as objects; time-varying inputs beyond the policy come through :class:`Drivers`.
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from typing import Any

import numpy as np

from twin.assessment.settings import check_mask_size
from twin.assessment.survey_estimates import estimate_species, survey_context
from twin.assessment.truth import CentreLog
from twin.cameras.layouts import Layout
from twin.cameras.layouts_make import make_layout
from twin.cameras.survey import CameraSurvey, build_survey
from twin.config.scenario import Scenario
from twin.drivers import Drivers, Immigration, probe_day, road_traffic
from twin.errors import TwinInputError, require
from twin.landscape.build import build_landscape
from twin.population.model import AnimalModel
from twin.population.startup import Population
from twin.results import Observations, RunResult
from twin.run_tables import deaths_by_cause, individuals_table, population_table, tracks_frame
from twin.seeding import seed_sequence, spawn_seeds
from twin.simulation import Simulation
from twin.threats import ThreatModel, build_threats
from twin.tracks import TrackStream

log = logging.getLogger(__name__)
"""One line per phase of a run (the ``twin`` command shows them and writes them to run.log)."""

VERSIONED = ("twin", "numpy", "numba", "mesa", "simpy", "hydra-core", "plotly", "pandas")


def versions() -> dict[str, str]:
    """Installed versions of the packages that shape a run's numbers."""
    out = {"python": sys.version.split()[0]}
    for name in VERSIONED:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def simulate(
    scenario: Scenario,
    *,
    seed: int | np.random.SeedSequence | None = None,
    layout: Layout | None = None,
    population: Population | None = None,
    drivers: Drivers | None = None,
    progress: bool | None = None,
    tracks: bool = True,
) -> RunResult:
    """Simulate one run of the twin.

    Parameters
    ----------
    scenario
        The validated scenario (:func:`twin.load_scenario`).
    seed
        Root seed (an integer >= 0, or a ``SeedSequence`` spawned per replicate); default
        ``scenario.seed``.
    layout
        Stations and cameras to use instead of building ``scenario.layout``.
    population
        The animals at day 0 instead of ``species.<name>.initial`` counts.
    drivers
        Time-varying inputs besides the policy (immigration, daily probes).
    progress
        Show a progress bar (default: the scenario's ``progress``; None: when a terminal).
    tracks
        Record the animals' tracks (every ``output.track_every_ticks`` ticks). A study that
        reads only counts and estimates passes False: a leaner, faster replicate whose
        ``tracks`` table is empty.

    Returns
    -------
    RunResult
        Truth, observations, estimates and metadata; ``result.write(folder)`` writes them.

    Raises
    ------
    TwinInputError
        When an input is not allowed (the message names the key).
    """
    started = time.perf_counter()
    drivers = drivers or Drivers()
    drivers.check(scenario)
    checked = None if seed is None else _seed(seed)
    if isinstance(checked, int):
        scenario, checked = scenario.replace(seed=checked), None
    seeds = spawn_seeds(seed_sequence(scenario.seed if checked is None else checked))
    wired = _wire(scenario, seeds, checked, layout, population, drivers, tracks)
    built = time.perf_counter()
    log.info(
        "set up %d animals and %s in %.1f s; simulating %d days from %s",
        wired.model.state.n,
        "no cameras" if wired.survey is None else f"{wired.survey.layout.n_cameras} cameras",
        built - started,
        scenario.days,
        scenario.start_date,
    )
    run = scenario.run
    _run_clock(wired.sim, run.days, run.progress if progress is None else progress)
    simulated = time.perf_counter()
    log.info("simulated %d days in %.1f s", run.days, simulated - built)
    observations, estimates, centres = _observe(scenario, wired, seeds)
    estimated = time.perf_counter()
    if estimates is not None:
        log.info("estimated %d quantities in %.1f s", len(estimates), estimated - simulated)
    timings = {
        "setup_seconds": built - started,
        **{f"{_stage(name)}_seconds": s for name, s in wired.sim.stage_seconds.items()},
        "simulation_seconds": simulated - built,
        "estimation_seconds": estimated - simulated,
    }
    result = _result(scenario, wired, checked, observations, estimates, centres, timings)
    result.timings["total_seconds"] = time.perf_counter() - started
    return result


@dataclass
class _Wired:
    """A run's parts on one clock, before it runs."""

    landscape: Any
    model: AnimalModel
    sim: Simulation
    survey: CameraSurvey | None
    threats: ThreatModel | None
    centres: CentreLog | None
    n_initial: int
    tracks: TrackStream


def _wire(
    scenario: Scenario,
    seeds: Mapping[str, np.random.SeedSequence],
    root: np.random.SeedSequence | None,
    layout: Layout | None,
    population: Population | None,
    drivers: Drivers,
    tracks: bool,
) -> _Wired:
    """Landscape, animals, cameras, threats and daily hooks of a run, registered on its clock."""
    landscape = build_landscape(scenario.landscape)
    run = scenario.run
    model = AnimalModel(
        landscape,
        scenario.species,
        seed=seed_sequence(scenario.seed if root is None else root),
        tick_min=run.tick_min,
        population=population,
    )
    n_initial = model.state.n
    every = scenario.output.track_every_ticks if tracks else None
    sim = Simulation(model, ticks_per_step=run.ticks_per_step, track_every_ticks=every)
    tracks_out = TrackStream(every, functools.partial(tracks_frame, model))  # flat in years
    sim.tracks = tracks_out
    survey = _survey(scenario, sim, landscape, layout, seeds)
    threats = _threats(scenario, sim, model, seeds)  # people's paths thinned as the animals'
    if threats is not None and survey is not None:
        survey.human_photo_listeners.append(threats.on_camera_photo)
    if scenario.policy is not None:
        sim.on_day.append(road_traffic(model, scenario.policy.road_death_multiplier))
    if drivers.immigration:
        sim.on_day.append(Immigration(model, run.start_date, drivers.immigration))
    for probe in drivers.probes:
        probe(model, 0)
        sim.on_day.append(functools.partial(probe_day, probe, model))
    centres = None
    if survey is not None and scenario.estimation.enabled:
        centres = CentreLog(model)
        sim.on_day.append(centres)
    return _Wired(landscape, model, sim, survey, threats, centres, n_initial, tracks_out)


def _observe(
    scenario: Scenario, wired: _Wired, seeds: Mapping[str, np.random.SeedSequence]
) -> tuple[Observations | None, Any, Any]:
    """The survey's records, and the estimates scored against the truth (None without them)."""
    survey = wired.survey
    if survey is None:
        return None, None, None
    observations = Observations(survey.records(), survey.layout, int(survey.n_passages))
    if wired.centres is None:
        return observations, None, None
    centres = wired.centres.frame()
    ctx = survey_context(
        observations.records,
        centres,
        wired.landscape,
        survey,
        scenario.estimation,
        np.random.default_rng(seeds["estimators"]),
    )
    return observations, estimate_species(ctx), centres


def _result(
    scenario: Scenario,
    wired: _Wired,
    root: np.random.SeedSequence | None,
    observations: Observations | None,
    estimates: Any,
    centres: Any,
    timings: dict[str, float],
) -> RunResult:
    """The run's tables, from the model and the clock at the end of the run."""
    model, start = wired.model, scenario.start_date
    individuals = individuals_table(model, start, wired.n_initial)
    return RunResult(
        scenario=scenario,
        population=population_table(model, start),
        individuals=individuals,
        tracks=wired.tracks.close(),
        deaths=deaths_by_cause(individuals),
        threats={} if wired.threats is None else wired.threats.tables(),
        observations=observations,
        estimates=estimates,
        centres=centres,
        metadata=_metadata(scenario, root, model, wired.survey),
        timings=timings,
        built_landscape=wired.landscape,
    )


def _stage(name: str) -> str:
    """Timing key of a simulation stage: movement, demography, cameras or threats_segments."""
    return {"CameraSurvey": "cameras", "ThreatModel": "threats_segments"}.get(name, name)


def _seed(seed: Any) -> int | np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    ok = isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0
    require(ok, "seed", seed, "a whole number >= 0 or a numpy SeedSequence")
    return int(seed)


def _survey(
    scenario: Scenario,
    sim: Simulation,
    landscape: Any,
    layout: Layout | None,
    seeds: Mapping[str, np.random.SeedSequence],
) -> CameraSurvey | None:
    """The camera survey on the run's clock, registered as a segment sink (or None)."""
    if not scenario.survey.enabled:
        return None
    if layout is None:
        layout = make_layout(landscape, scenario.layout, np.random.default_rng(seeds["layout"]))
    if scenario.estimation.enabled:
        extent = (float(np.ptp(layout.station_x_m)), float(np.ptp(layout.station_y_m)))
        check_mask_size(scenario.estimation, extent)
    policy = scenario.policy
    survey = build_survey(
        sim.env,
        landscape,
        layout,
        scenario.cameras,
        scenario.survey,
        seeds["cameras"],
        scenario.start_date,
        scenario.run.tick_min,
        extra_crews=None if policy is None else policy.crew_capacity,
    )
    sim.sinks.append(survey)
    return survey


def _threats(
    scenario: Scenario,
    sim: Simulation,
    model: AnimalModel,
    seeds: Mapping[str, np.random.SeedSequence],
) -> ThreatModel | None:
    """Poachers and rangers of the scenario's policy (None without a policy or poachers)."""
    if scenario.policy is None:
        return None
    rng = np.random.default_rng(seeds["poaching"])
    return build_threats(
        sim.env,
        model,
        model.landscape,
        scenario.policy,
        rng,
        scenario.start_date,
        sim.sinks,
        track_every_ticks=sim.tracks.every_ticks,
    )


def _run_clock(sim: Simulation, days: int, show: bool | None) -> None:
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        sim.run(days)
        return
    from tqdm import tqdm

    with tqdm(total=days, unit="day", desc="simulating", file=sys.stderr) as bar:
        sim.run(days, progress=bar.update)


def _metadata(
    scenario: Scenario, seed: Any, model: AnimalModel, survey: CameraSurvey | None
) -> dict[str, Any]:
    return {
        "seed": scenario.seed if seed is None else _seed_label(seed),
        "days": scenario.days,
        "start_date": scenario.start_date.isoformat(),
        "tick_min": scenario.run.tick_min,
        "versions": versions(),
        "config": scenario.to_dict(),
        "initial_cub_shortfall": model.initial_cub_shortfall,
        "survey": _survey_meta(survey),
    }


def _seed_label(seed: Any) -> Any:
    """An integer seed as is; a ``SeedSequence`` as its entropy and spawn key (JSON)."""
    if isinstance(seed, np.random.SeedSequence):
        return {"entropy": str(seed.entropy), "spawn_key": list(seed.spawn_key)}
    return int(seed)


def _survey_meta(survey: CameraSurvey | None) -> dict[str, Any]:
    if survey is None:
        return {"enabled": False}
    array = survey.array
    if array is None:
        raise TwinInputError(
            f"survey.start_day={survey.settings.start_day!r} is not allowed: a day the run "
            "reaches (the survey never started)."
        )
    records = array.records()
    visited = [station for station, _ in array.crews.visits_]
    per_station = survey.layout.cameras["station_id"].value_counts()
    return {
        "enabled": True,
        "start_day": survey.settings.start_day,
        "days": survey.settings.days,
        "stations": int(survey.layout.n_stations),
        "cameras": int(survey.layout.n_cameras),
        "pattern": survey.layout.pattern,
        "spacing_m": survey.layout.spacing_m,
        "passages": int(survey.n_passages),
        "layout_warnings": list(survey.layout.warnings),
        "station_visits": len(visited),
        "camera_visits": int(per_station.reindex(visited, fill_value=0).sum()),
        "records": {
            "start_datetime": records.start_datetime.isoformat(),
            "survey_days": records.survey_days,
            "tick_min": records.tick_min,
            "crs": records.crs,
        },
    }
