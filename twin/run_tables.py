"""The truth tables of a run, from the animal model: counts, individuals, tracks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from twin.population.demography import DAYS_PER_YEAR, stages
from twin.population.model import AnimalModel
from twin.population.params import SpeciesParams
from twin.population.state import CAUSES, DEATH_CAUSES, SEXES, STAGES
from twin.taxa import keys_of
from twin.tracks import track_frame


def _date(start: dt.date, day: int) -> str:
    return (start + dt.timedelta(days=int(day))).isoformat()


def population_table(model: AnimalModel, start: dt.date) -> pd.DataFrame:
    """Daily counts, long format: ``day, date, species, sex, stage, count``."""
    wide = model.datacollector.get_model_vars_dataframe()
    wide.index.name = "day"
    long = wide.reset_index().melt(id_vars="day", var_name="group", value_name="count")
    parts = long["group"].str.split("_", expand=True)
    long = long.assign(species=parts[0], sex=parts[1], stage=parts[2]).drop(columns="group")
    long["date"] = [_date(start, d) for d in long["day"]]
    long["count"] = long["count"].astype(np.int64)
    return long[["day", "date", "species", "sex", "stage", "count"]].sort_values(
        ["day", "species", "sex", "stage"], kind="stable", ignore_index=True
    )


def individuals_table(model: AnimalModel, start: dt.date, n_initial: int) -> pd.DataFrame:
    """One row per animal ever alive: sex, origin, birth and death, centres (m), litters."""
    st = model.state
    n = st.n
    rows = np.arange(n)
    living = st.alive[:n]
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


def tracks_frame(model: AnimalModel, arrays: dict[str, np.ndarray]) -> pd.DataFrame:
    """Thinned positions (:meth:`twin.tracks.Tracks.arrays`) as ``tick, time_min, id, species,
    x_m, y_m``."""
    table = track_frame(arrays, model.tick_min)
    table.insert(3, "species", keys_of(model.state.species[table["id"].to_numpy()]))
    return table


def deaths_by_cause(individuals: pd.DataFrame) -> pd.DataFrame:
    """Deaths per calendar year, species and cause during the run (cats that emigrated, which
    left the window alive, are not deaths)."""
    dead = individuals[
        (individuals["death_day"] >= 0) & individuals["death_cause"].isin(DEATH_CAUSES)
    ]
    year = dead["death_date"].str.slice(0, 4).astype(int)
    table = dead.assign(year=year).groupby(["year", "species", "death_cause"]).size()
    return table.rename("deaths").reset_index()


def observer_table(individuals: pd.DataFrame, species: Mapping[str, SpeciesParams]) -> pd.DataFrame:
    """What a field observer can tell of each animal, by id: ``sex`` and the run days of its
    birth, its leaving its mother and its adulthood (for the exports' ``lifeStage`` and ``sex``,
    :func:`twin.io.camtrapdp_tables.observer_fields`).

    Parameters
    ----------
    individuals
        The run's individuals table (:func:`individuals_table`).
    species
        The scenario's species parameters, by key (ages of independence and adulthood).
    """
    independent = {k: p.demography.independence_days for k, p in species.items()}
    adult = {k: p.demography.adult_age_years * DAYS_PER_YEAR for k, p in species.items()}
    birth = individuals["birth_day"].to_numpy(float)
    return pd.DataFrame(
        {
            "sex": individuals["sex"].to_numpy(),
            "birth_day": birth,
            "independent_day": birth + individuals["species"].map(independent).to_numpy(float),
            "adult_day": birth + individuals["species"].map(adult).to_numpy(float),
        },
        index=individuals["id"].to_numpy(),
    )
