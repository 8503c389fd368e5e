"""``run(cfg)``: one simulated run from a config mapping to a :class:`RunResult`."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Mapping
from importlib import metadata as importlib_metadata
from typing import Any

import numpy as np
import pandas as pd

from twin.assessment.settings import estimation_settings
from twin.assessment.survey_estimates import estimate_species, survey_context
from twin.assessment.truth import CentreLog
from twin.cameras.survey import CameraSurvey, build_survey
from twin.config.validate import RunSettings, run_settings
from twin.landscape.build import build_landscape
from twin.landscape.grid import Landscape
from twin.population.model import ParkModel
from twin.population.params import species_params
from twin.population.state import CAUSES, SEXES, STAGES
from twin.results import RunResult
from twin.seeding import spawn_streams
from twin.simulation import Simulation
from twin.taxa import keys_of
from twin.threats import Policy, ThreatModel, build_threats, policy_from_config

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


def _population(model: ParkModel, start: dt.date) -> pd.DataFrame:
    wide = model.datacollector.get_model_vars_dataframe()
    wide.index.name = "day"
    long = wide.reset_index().melt(id_vars="day", var_name="group", value_name="count")
    parts = long["group"].str.split("_", expand=True)
    long = long.assign(species=parts[0], sex=parts[1], stage=parts[2]).drop(columns="group")
    long["date"] = [(start + dt.timedelta(days=int(d))).isoformat() for d in long["day"]]
    long["count"] = long["count"].astype(np.int64)
    return long[["day", "date", "species", "sex", "stage", "count"]].sort_values(
        ["day", "species", "sex", "stage"], kind="stable", ignore_index=True
    )


def _date(start: dt.date, day: int) -> str:
    return (start + dt.timedelta(days=int(day))).isoformat()


def _individuals(model: ParkModel, start: dt.date, n_initial: int) -> pd.DataFrame:
    st = model.state
    n = st.n
    rows = np.arange(n)
    living = st.alive[:n]
    from twin.population.demography import stages

    stage = np.full(n, -1)
    stage[living] = stages(model, rows[living])
    initial = rows < n_initial
    origin = np.where(initial, "initial", np.where(st.mother[:n] >= 0, "born", "immigrant"))
    return pd.DataFrame(
        {
            "id": rows,
            "species": keys_of(st.species[:n]),
            "sex": [SEXES[int(s)] for s in st.sex[:n]],
            "initial": initial,
            "origin": origin,
            "mother_id": st.mother[:n],
            "birth_day": st.birth_day[:n],
            "birth_date": [_date(start, d) for d in st.birth_day[:n]],
            "death_day": np.where(living, -1, st.death_day[:n]),
            "death_date": [
                _date(start, d) if not a else ""
                for d, a in zip(st.death_day[:n], living, strict=True)
            ],
            "death_cause": [CAUSES[int(c)] for c in st.death_cause[:n]],
            "alive_at_end": living,
            "stage_at_end": [STAGES[s] if s >= 0 else "" for s in stage],
            "territorial": st.territorial[:n],
            "centre_x_m": st.acx[:n].round(1),
            "centre_y_m": st.acy[:n].round(1),
            "natal_x_m": st.natal_x[:n].round(1),
            "natal_y_m": st.natal_y[:n].round(1),
            "litters": st.n_litters[:n],
        }
    )


def _tracks(sim: Simulation, model: ParkModel) -> pd.DataFrame:
    a = sim.tracks.arrays()
    return pd.DataFrame(
        {
            "tick": a["tick"],
            "time_min": a["tick"] * model.tick_min,
            "id": a["row"],
            "species": keys_of(model.state.species[a["row"]]),
            "x_m": a["x_m"].round(1),
            "y_m": a["y_m"].round(1),
        }
    )


def _progress_bar(settings: RunSettings, days: int):
    show = settings.progress if settings.progress is not None else sys.stderr.isatty()
    if not show:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=days, unit="day", desc="simulating", file=sys.stderr)
    return bar, bar.update


def run(cfg: Mapping[str, Any]) -> RunResult:
    """Simulate one run of the twin from a config mapping (e.g. the Hydra config).

    Parameters
    ----------
    cfg
        Mapping with the keys of ``conf/config.yaml``: ``seed``, ``years``, ``landscape``,
        ``species``, ...

    Returns
    -------
    RunResult
        Truth tables (population, individuals, tracks) and metadata.

    Raises
    ------
    TwinInputError
        When a config value is not allowed (the message names the key).
    """
    started = time.perf_counter()
    settings = run_settings(cfg)
    landscape = build_landscape(cfg["landscape"])
    params = species_params(cfg["species"])
    built = time.perf_counter()
    model = ParkModel(landscape, params, seed=settings.seed, tick_min=settings.tick_min)
    n_initial = model.state.n
    sim = Simulation(
        model, ticks_per_step=settings.ticks_per_step, track_every_ticks=settings.track_every_ticks
    )
    streams = spawn_streams(settings.seed)
    policy_cfg = cfg.get("policy")
    policy = None if policy_cfg is None else policy_from_config(policy_cfg, settings.start_date)
    survey = build_survey(
        sim.env,
        landscape,
        cfg,
        streams["cameras"],
        settings.days,
        settings.start_date,
        settings.tick_min,
        extra_crews=None if policy is None else policy.crew_capacity,
    )
    threats, policy = run_threats(cfg, sim, model, landscape, streams, settings.start_date, policy)
    if threats is not None and survey is not None:
        survey.human_photo_listeners.append(threats.on_camera_photo)
    estimation = estimation_settings(cfg.get("estimation"))
    centres = None
    if survey is not None:
        sim.sinks.append(survey)
        if estimation.enabled:
            centres = CentreLog(model)
            sim.on_day.append(centres)
    bar, update = _progress_bar(settings, settings.days)
    sim.run(settings.days, progress=update)
    if bar is not None:
        bar.close()
    records = survey.records() if survey is not None else None
    simulated = time.perf_counter()
    estimates = centre_table = None
    if records is not None and centres is not None:
        centre_table = centres.frame()
        ctx = survey_context(
            records, centre_table, landscape, survey, estimation, streams["estimators"]
        )
        estimates = estimate_species(ctx)
    estimated = time.perf_counter()
    result = RunResult(
        population=_population(model, settings.start_date),
        individuals=_individuals(model, settings.start_date, n_initial),
        tracks=_tracks(sim, model),
        metadata={
            "seed": settings.seed,
            "days": settings.days,
            "start_date": settings.start_date.isoformat(),
            "tick_min": settings.tick_min,
            "versions": versions(),
            "config": _plain(cfg),
            "initial_cub_shortfall": model.initial_cub_shortfall,
            "survey": _survey_meta(survey),
        },
        timings={
            "setup_seconds": built - started,
            "movement_seconds": sim.movement_seconds,
            "simulation_seconds": simulated - built,
            "estimation_seconds": estimated - simulated,
        },
        extra={
            "landscape": landscape,
            "model": model,
            "settings": settings,
            "survey": survey,
            "records": records,
            "estimates": estimates,
            "centres": centre_table,
            "threats": threats,
            "policy": policy,
        },
    )
    result.timings["total_seconds"] = time.perf_counter() - started
    return result


def run_threats(
    cfg: Mapping[str, Any],
    sim: Simulation,
    model: ParkModel,
    landscape: Landscape,
    streams: dict[str, np.random.Generator],
    start_date: dt.date,
    policy: Policy | None = None,
) -> tuple[ThreatModel | None, Policy | None]:
    """Build the threats model (poachers, rangers) and the policy timeline of a run.

    The threats model registers itself as a segment sink of ``sim`` (it needs the cats' paths)
    and hands people's paths to the other sinks; the policy sets the road traffic every day.

    Parameters
    ----------
    cfg
        The run config; its ``policy`` node (None: no threats, default traffic).
    sim, model, landscape
        The run's clock, animals and park.
    streams
        The run's random streams (``poaching`` is used).
    start_date
        Local date of day 0 (policy dates become run days).
    policy
        The run's policy if already validated from ``cfg["policy"]`` (else it is built here).
    """
    policy_cfg = cfg.get("policy")
    if policy_cfg is None:
        return None, None
    if policy is None:
        policy = policy_from_config(policy_cfg, start_date)
    threats = build_threats(
        sim.env, model, landscape, policy_cfg, streams["poaching"], start_date, sim.sinks
    )
    model.road_death_multiplier = policy.road_death_multiplier(0)
    sim.on_day.append(
        lambda day: setattr(model, "road_death_multiplier", policy.road_death_multiplier(day))
    )
    return threats, policy


def _survey_meta(survey: CameraSurvey | None) -> dict[str, Any]:
    if survey is None:
        return {"enabled": False}
    return {
        "enabled": True,
        "start_day": survey.settings.start_day,
        "days": survey.settings.days,
        "stations": int(survey.layout.n_stations),
        "cameras": int(survey.layout.n_cameras),
        "spacing_m": survey.layout.spacing_m,
        "passages": int(survey.n_passages),
        "layout_warnings": list(survey.layout.warnings),
    }


def _plain(cfg: Mapping[str, Any]) -> Any:
    try:
        from omegaconf import OmegaConf

        if OmegaConf.is_config(cfg):
            return OmegaConf.to_container(cfg, resolve=True)
    except ImportError:
        pass
    return dict(cfg)
