"""Emigration: independent cats without a territory leave the landscape window at their rate."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tests.landscapes import flat_landscape
from twin.config.load import load_config
from twin.errors import TwinInputError
from twin.population.model import AnimalModel
from twin.population.params import species_params
from twin.population.state import EMIGRATED
from twin.run_tables import individuals_table
from twin.simulation import Simulation
from twin.viz.population_plots import deaths_table

CROWDED = [  # 40 subadult leopards, no tigers, no deaths; ranges so wide that one cat
    # of each sex holds the whole landscape, so the others stay floaters
    "species.leopard.initial.adults=0",
    "species.leopard.initial.subadults=40",
    "species.leopard.initial.cubs=0",
    "species.tiger.initial.adults=0",
    "species.tiger.initial.subadults=0",
    "species.tiger.initial.cubs=0",
    "species.leopard.demography.survival_subadult=1.0",
    "species.leopard.demography.survival_adult.female=1.0",
    "species.leopard.demography.survival_adult.male=1.0",
    "species.leopard.demography.floater_survival_factor=1.0",
    "species.leopard.road_death_prob_per_crossing=0.0",
    "species.leopard.demography.territory_spacing_m.female=1e7",
    "species.leopard.demography.territory_spacing_m.male=1e7",
]


def _run(overrides, days=183, seed=5):
    params = species_params(load_config([*CROWDED, *overrides]).species)
    model = AnimalModel(flat_landscape(), params, seed=seed)
    Simulation(model, ticks_per_step=96).run(days)
    return model


def test_floaters_leave_at_the_rate_and_territory_holders_stay():
    """2 a year for half a year: each floater stays with probability exp(-1) = 0.37, so about
    14 of the 38 floaters remain (binomial; the range is beyond 3 sd); the two territory holders
    all stay; nobody dies."""
    model = _run(["species.leopard.demography.emigration_per_year=2.0"])
    st = model.state
    n = st.n
    left = ~st.alive[:n]
    assert (st.death_cause[:n][left] == EMIGRATED).all()
    assert st.territorial[:n].sum() == 2
    floaters_left = int(np.count_nonzero(st.alive[:n] & ~st.territorial[:n]))
    assert 5 <= floaters_left <= 24
    assert np.count_nonzero(left) == n - 2 - floaters_left


def test_no_emigration_draws_nothing():
    """The default rate 0 removes nobody and leaves the run identical to one without the key."""
    a = _run([], days=60)
    b = _run(["species.leopard.demography.emigration_per_year=0"], days=60)
    assert a.state.alive[: a.state.n].all()
    assert np.array_equal(a.state.x[: a.state.n], b.state.x[: b.state.n])


def test_emigrants_are_not_deaths():
    """individuals.csv marks them ``emigrated``; the deaths table leaves them out."""
    model = _run(["species.leopard.demography.emigration_per_year=2.0"])
    table = individuals_table(model, dt.date(2024, 1, 1), n_initial=40)
    assert (table["death_cause"] == "emigrated").sum() > 0
    assert deaths_table(table).empty


def test_negative_emigration_rate_is_rejected():
    with pytest.raises(TwinInputError, match="emigration_per_year"):
        species_params(load_config(["species.tiger.demography.emigration_per_year=-1"]).species)
