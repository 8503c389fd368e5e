"""The background: what the twin believes of the park where its cameras do not look.

As in weather data assimilation, the state a forecast starts from combines the data where there
are data with the model's own *background* elsewhere. The background of replicate ``r`` is a
run of the twin from its start-up (the scenario's ``initial`` counts on its ``start_date``) to
the survey's end, under the scenario's policy, without cameras (seed child ``(2, r)``). From it
the state takes

- the animals of the estimated species whose activity centre lies beyond the region the data
  inform (the SCR fit's buffer around the stations): animals across the border still move in
  and compete for territories;
- every animal of the species the package cannot estimate (tigers in a leopard-only package);
- the stage structure of each species in the park (subadults among the independent animals,
  cubs per adult female): the prior stage of the undetected animals and of the detected ones
  without a recorded ``lifeStage``, and the number of cubs given to adult females.

A survey ending on or before the scenario's start date takes the start-up itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from twin.config.scenario import Scenario
from twin.estimators.mask import nearest_distance_m
from twin.forecast.state import STATE_COLUMNS, StagePrior
from twin.forecast.truth import StateSnapshot
from twin.population.demography import stages
from twin.population.startup import Population
from twin.population.state import ADULT, SUBADULT

BACKGROUND_TICKS_PER_STEP = 96
"""Movement block of a background run (ticks): no cameras to feed, one block a day."""


@dataclass(frozen=True)
class Background:
    """One replicate's background at the survey's end.

    Attributes
    ----------
    table
        Every live animal, with :func:`twin.forecast.truth.snapshot_population`'s columns
        (``in_park`` among them).
    priors
        Per species, the stage structure of the animals centred in the park: subadults among
        the independent animals and dependent cubs per adult female.
    """

    table: pd.DataFrame
    priors: dict[str, StagePrior]

    def animals(
        self, regions: Mapping[str, tuple[np.ndarray, float]], everywhere_of: Sequence[str]
    ) -> pd.DataFrame:
        """State rows (:data:`STATE_COLUMNS`, none detected): the animals of each species of
        ``regions`` centred beyond its region (further than the buffer, m, from every one of its
        stations, x y m) and every animal of ``everywhere_of``; a cub comes with its mother
        (``mother`` positions renumbered within the result)."""
        t = self.table
        species = t["species"].to_numpy()
        mother = t["mother"].to_numpy()
        cub = mother >= 0
        xy = t[["centre_x_m", "centre_y_m"]].to_numpy(float)
        keep = np.isin(species, list(everywhere_of))
        for key, (stations_m, buffer_m) in regions.items():
            mine = species == key
            keep[mine] = nearest_distance_m(xy[mine], stations_m) > buffer_m
        keep &= ~cub
        keep[cub] = keep[mother[cub]]
        rows = np.flatnonzero(keep)
        position = np.full(len(t), -1)
        position[rows] = np.arange(rows.size)
        out = t.iloc[rows].reset_index(drop=True)
        kept_mother = out["mother"].to_numpy()
        out["mother"] = np.where(kept_mother >= 0, position[np.maximum(kept_mother, 0)], -1)
        return out.assign(individual_id="", detected=False)[list(STATE_COLUMNS)]


class _Recorder(StateSnapshot):
    """Snapshot that also records the park's stage structure by species on its day."""

    def __init__(self, day: int) -> None:
        super().__init__(day)
        self.priors: dict[str, StagePrior] = {}

    def __call__(self, model, day: int) -> None:
        super().__call__(model, day)
        if day != self.day:
            return
        assert self.population is not None
        table = self.population.table
        stage = stages(model, table["id"].to_numpy())
        park = table["in_park"].to_numpy()
        cub = table["mother"].to_numpy() >= 0
        female = table["sex"].to_numpy() == "female"
        for key in table["species"].unique():
            mine = park & (table["species"].to_numpy() == key)
            adults = int(np.count_nonzero(mine & ~cub & (stage == ADULT)))
            subs = int(np.count_nonzero(mine & ~cub & (stage == SUBADULT)))
            mothers = int(np.count_nonzero(mine & ~cub & (stage == ADULT) & female))
            cubs = int(np.count_nonzero(mine & cub))
            self.priors[key] = StagePrior(subs / max(1, adults + subs), cubs / max(1, mothers))


def background_run(job: tuple[dict, int, np.random.SeedSequence]) -> Background:
    """One background: the twin from its start-up to day ``days`` (0: the start-up)."""
    from twin.drivers import Drivers
    from twin.population.model import AnimalModel
    from twin.run import simulate

    config, days, seed = job
    scenario = Scenario.from_mapping(config)
    if days <= 0:
        from twin.landscape.build import build_landscape

        model = AnimalModel(build_landscape(scenario.landscape), scenario.species, seed=seed)
        recorder = _Recorder(0)
        recorder(model, 0)
    else:
        recorder = _Recorder(days)
        simulate(scenario, seed=seed, drivers=Drivers(probes=[recorder]), tracks=False)
    assert recorder.population is not None
    return Background(recorder.population.table, recorder.priors)


def background_states(
    scenario: Scenario,
    until: dt.date,
    seeds: Sequence[np.random.SeedSequence],
    workers: int = 1,
) -> list[Background]:
    """One background per seed: the twin run from its start-up to ``until`` without cameras.

    Parameters
    ----------
    scenario
        The twin's settings; its ``start_date``, ``initial`` counts and policy make the run.
    until
        Local date the backgrounds reach (the survey's end: the forecast's day 0).
    seeds
        One seed per replicate (child ``(2, r)`` of the forecast's root).
    workers
        Processes (the backgrounds do not depend on it).
    """
    days = max(0, (until - scenario.start_date).days)
    config = scenario.replace(
        **{
            "years": max(days, 1) / 365.0,
            "survey.enabled": False,
            "estimation.enabled": False,
            "report.enabled": False,
            "progress": False,
            "ticks_per_step": BACKGROUND_TICKS_PER_STEP,
        }
    ).to_dict()
    jobs = [(config, days, seed) for seed in seeds]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(workers) as pool:
            return list(pool.map(background_run, jobs))
    return [background_run(job) for job in jobs]


def with_background(
    states: Sequence[Population],
    backgrounds: Sequence[Background],
    regions: Mapping[str, tuple[np.ndarray, float]],
    species: Sequence[str],
) -> list[Population]:
    """Each data state with its background's animals beyond the data's regions appended, and
    every animal of the ``species`` not in ``regions`` (not estimated)."""
    everywhere = [key for key in species if key not in regions]
    out = []
    for state, background in zip(states, backgrounds, strict=True):
        extra = background.animals(regions, everywhere)
        mothers = extra["mother"].to_numpy()
        extra = extra.assign(mother=np.where(mothers >= 0, mothers + len(state.table), -1))
        out.append(Population(pd.concat([state.table, extra], ignore_index=True)))
    return out
