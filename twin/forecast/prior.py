"""States of the species the package cannot estimate: the twin's start-up from config counts.

A forecast runs every species of the scenario (tigers kill leopards); a species without
identified animals in the package starts as the twin's own start-up places it
(``species.<name>.initial`` counts, habitat-weighted, stable ages, cubs with mothers), drawn
afresh per replicate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from twin.forecast.state import STATE_COLUMNS
from twin.forecast.truth import snapshot_population
from twin.population.model import AnimalModel
from twin.population.params import SpeciesParams
from twin.population.startup import Population


def prior_state(
    landscape, params: Mapping[str, SpeciesParams], seed: np.random.SeedSequence
) -> pd.DataFrame:
    """The start-up animals of the species in ``params``, as a state table (none detected)."""
    model = AnimalModel(landscape, params, seed=seed)
    table = snapshot_population(model).table
    return table.assign(individual_id="", detected=False)[list(STATE_COLUMNS)]


def with_prior_species(
    states: Sequence[Population],
    landscape,
    params: Mapping[str, SpeciesParams],
    seeds: Sequence[np.random.SeedSequence],
) -> list[Population]:
    """Each state with the start-up animals of the species in ``params`` appended.

    Parameters
    ----------
    states
        States built from data (one per replicate).
    landscape
        The twin's landscape.
    params
        Parameters of the species to add (those not estimated), by key.
    seeds
        One seed per state.
    """
    if not params:
        return list(states)
    out = []
    for state, seed in zip(states, seeds, strict=True):
        extra = prior_state(landscape, params, seed)
        mothers = extra["mother"].to_numpy()
        extra = extra.assign(mother=np.where(mothers >= 0, mothers + len(state.table), -1))
        out.append(Population(pd.concat([state.table, extra], ignore_index=True)))
    return out
