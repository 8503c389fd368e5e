"""Reading a running model: its true state as a :class:`Population`, and yearly park counts.

Both are daily probes (:class:`twin.Drivers` ``probes``): they read the animal model and change
nothing, so a run with them draws the same numbers as one without.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from twin.config.run import DAYS_PER_YEAR
from twin.population.demography import stages
from twin.population.startup import Population
from twin.population.state import ADULT, SEXES
from twin.taxa import keys_of


def snapshot_population(model: Any) -> Population:
    """The live animals of ``model`` now, as a :class:`Population` to start another run from.

    Independent animals keep their sex, age (days), activity centre (m) and territory; a
    following cub keeps its mother (its row in the table); a female keeps her breeding state
    (``due_in_days``, ``rest_days``: :data:`twin.population.startup.BREEDING_COLUMNS`). The table
    also has ``id`` (the animal's row in the run) and ``in_park`` (centre inside the park).
    """
    st = model.state
    live = st.living()
    independent = live[~st.following[live]]
    cubs = live[st.following[live] & np.isin(st.mother[live], independent)]
    rows = np.concatenate([independent, cubs])
    position = {int(r): i for i, r in enumerate(independent)}
    mother = np.full(rows.size, -1, dtype=np.int64)
    mother[independent.size :] = [position[int(m)] for m in st.mother[cubs]]
    land = model.landscape
    table = pd.DataFrame(
        {
            "species": keys_of(st.species[rows]),
            "sex": [SEXES[int(s)] for s in st.sex[rows]],
            "age_days": (model.day - st.birth_day[rows]).astype(np.int64),
            "centre_x_m": st.acx[rows].astype(float),
            "centre_y_m": st.acy[rows].astype(float),
            "territorial": st.territorial[rows].astype(bool),
            "mother": mother,
            "id": rows,
            "in_park": np.asarray(land.sample("park", st.acx[rows], st.acy[rows]), bool),
            "due_in_days": np.where(st.due_day[rows] > model.day, st.due_day[rows] - model.day, -1),
            "rest_days": np.maximum(st.receptive_day[rows] - model.day, 0),
        }
    )
    return Population(table)


class StateSnapshot:
    """Probe: keeps the true state on day ``day`` (after that day is simulated; 0 = the start).

    ``Drivers(probes=[snap])``; after the run ``snap.population`` holds the state (None if the
    run never reached the day).
    """

    def __init__(self, day: int) -> None:
        self.day = int(day)
        self.population: Population | None = None

    def __call__(self, model: Any, day: int) -> None:
        if day == self.day:
            self.population = snapshot_population(model)


class YearlyCounts:
    """Probe: live animals whose activity centre is in the park, every 365 days from day 0 and
    on ``last_day`` (the horizon, when it is not a whole year).

    ``rows`` collects ``(year, species, quantity, value)``: ``year`` in years since day 0
    (``day / 365``), quantity ``adults`` or ``all`` (cubs, subadults and adults).
    """

    def __init__(self, species: tuple[str, ...], last_day: int | None = None) -> None:
        self.species = species
        self.last_day = last_day
        self.rows: list[tuple[float, str, str, int]] = []

    def __call__(self, model: Any, day: int) -> None:
        if day % DAYS_PER_YEAR and day != self.last_day:
            return
        st = model.state
        live = st.living()
        in_park = np.asarray(model.landscape.sample("park", st.acx[live], st.acy[live]), bool)
        live = live[in_park]
        adult = stages(model, live) == ADULT
        keys = keys_of(st.species[live])
        year = round(day / DAYS_PER_YEAR, 4)
        for key in self.species:
            mine = keys == key
            self.rows.append((year, key, "adults", int((mine & adult).sum())))
            self.rows.append((year, key, "all", int(mine.sum())))
