"""One hindcast run: the park under a policy from the spin-up to the end, counted as the censuses
count (experiments/census.py), with deaths by cause and poaching and enforcement by year.

The run-level half of the hindcast (experiments/hindcast.py runs replicates of it, and
experiments/calibrate_hindcast.py scores parameter sets with it): the calibrated keys that are
not config keys, the tigers' recolonisation hook, writing calibrated values into a config, and
the replicates' seeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from experiments.census import ParkCounts, census_area
from experiments.posterior import EXTRA_PREFIXES
from twin.config.validate import run_settings
from twin.landscape.build import build_landscape
from twin.population.model import ParkModel
from twin.population.params import species_params
from twin.population.state import CAUSES, EMIGRATED
from twin.runner import run_threats
from twin.seeding import spawn_streams
from twin.simulation import Simulation
from twin.taxa import TIGER, keys_of
from twin.threats import ThreatModel

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
adults identified over 2013-16 and ~48 adults in 2023 (PARAMETERS.md, M); the park's first full
year (it was created in April 2012) opens the new rate."""


@dataclass
class Outcome:
    """One hindcast run: counts by year, deaths by species and cause, the simulated census
    figures (:meth:`ParkCounts.census_figures`) and poaching and enforcement by year
    (:data:`ENFORCEMENT_COLUMNS`)."""

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


class Recolonisation:
    """Daily hook: from ``date`` on, tigers arrive at ``per_year`` (in ``immigrants_per_year``)."""

    def __init__(self, model: ParkModel, start_date: dt.date, per_year: float,
                 date: dt.date = RECOLONISATION_DATE):  # fmt: skip
        self.model, self.per_year = model, float(per_year)
        self.day = (date - start_date).days
        self(0)

    def __call__(self, day: int) -> None:
        """Switch the tigers' arrival rate on the first day at or after the date."""
        if day >= self.day:
            self.model.immigrants_per_year[TIGER] = self.per_year


def simulate(cfg: Mapping[str, Any], tiger_immigrants_per_year: float | None = None) -> Outcome:
    """Run the model and threats of ``cfg`` (as ``twin.runner.run`` does, cameras off) and count.

    Parameters
    ----------
    cfg
        Run config (e.g. ``load_config(["+scenario=hindcast"])``).
    tiger_immigrants_per_year
        Tiger arrivals per year from :data:`RECOLONISATION_DATE` on (None: the config's rate
        throughout).

    Returns
    -------
    Outcome
        Counts in the census area (:meth:`ParkCounts.frame`), deaths by cause over the run and
        the raw census figures (:meth:`ParkCounts.census_figures`; figures the run does not
        cover are NaN) and poaching and enforcement by year (:func:`_enforcement`).
    """
    settings = run_settings(cfg)
    landscape = build_landscape(cfg["landscape"])
    model = ParkModel(
        landscape, species_params(cfg["species"]), seed=settings.seed, tick_min=settings.tick_min
    )
    sim = Simulation(
        model, ticks_per_step=settings.ticks_per_step, track_every_ticks=settings.track_every_ticks
    )
    streams = spawn_streams(settings.seed)
    threats, _ = run_threats(cfg, sim, model, landscape, streams, settings.start_date)
    if tiger_immigrants_per_year is not None:
        sim.on_day.append(Recolonisation(model, settings.start_date, tiger_immigrants_per_year))
    counts = ParkCounts(model, census_area(landscape), settings.start_date)
    counts(0)
    sim.on_day.append(counts)
    sim.run(settings.days)
    return Outcome(
        counts.frame(),
        _deaths(model, settings.start_date),
        counts.census_figures(),
        _enforcement(threats),
    )


def _enforcement(threats: ThreatModel | None) -> pd.DataFrame:
    """Poaching and enforcement by calendar year (:data:`ENFORCEMENT_COLUMNS`; no rows without
    a threats model)."""
    if threats is None:
        return pd.DataFrame({c: pd.Series(dtype=np.int64) for c in ENFORCEMENT_COLUMNS})
    tables = threats.tables()
    patrols = tables["patrols"][["year", "km", "snares_set"]].rename(columns={"km": "patrol_km"})
    return tables["arrests"].merge(patrols, on="year")[list(ENFORCEMENT_COLUMNS)]


def _deaths(model: ParkModel, start_date: dt.date) -> pd.DataFrame:
    """Deaths by calendar year, species and cause (cats that emigrated are not deaths)."""
    st = model.state
    dead = ~st.alive[: st.n] & (st.death_cause[: st.n] != EMIGRATED)
    year = np.array(
        [(start_date + dt.timedelta(days=int(d))).year for d in st.death_day[: st.n][dead]],
        dtype=np.int64,
    )
    df = pd.DataFrame(
        {
            "year": year,
            "species": keys_of(st.species[: st.n][dead]),
            "cause": [CAUSES[int(c)] for c in st.death_cause[: st.n][dead]],
        }
    )
    counted = df.groupby(["year", "species", "cause"], as_index=False).size()
    return counted.rename(columns={"size": "deaths"})


def replicate_seeds(seed: int, n: int) -> list[int]:
    """``n`` independent integer run seeds spawned from ``SeedSequence(seed)``."""
    children = np.random.SeedSequence(seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def cub_detections(params: Mapping[str, float] | None) -> dict[str, float]:
    """The cub detection of each species from calibrated ``params`` (1 where not calibrated;
    tigers take :data:`TIGER_CUB_DETECTION`, else the shared :data:`CUB_DETECTION`)."""
    shared = float((params or {}).get(CUB_DETECTION, 1.0))
    return {"leopard": shared, "tiger": float((params or {}).get(TIGER_CUB_DETECTION, shared))}


def set_parameters(cfg: Any, values: Mapping[str, float]) -> None:
    """Write calibrated values into ``cfg`` (keys like ``policy.poachers.pool_size``; pool
    sizes and initial counts are rounded to whole numbers).

    Keys that are not config keys (:data:`EXTRA_PREFIXES`) are skipped: :func:`simulate` and
    :func:`observe` take them.
    """
    for key, value in values.items():
        if key.startswith(EXTRA_PREFIXES):
            continue
        node, *path = key.split(".")
        target = cfg[node]
        for part in path[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        whole = key.endswith("pool_size") or ".initial." in key
        target[path[-1]] = int(round(value)) if whole else float(value)
