"""Immigration from the wider region: arrivals outside the park at the configured rate."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tests.landscapes import flat_landscape
from twin.config.load import load_config
from twin.errors import TwinInputError
from twin.population.model import AnimalModel
from twin.population.params import species_params
from twin.run_tables import individuals_table
from twin.simulation import Simulation

SMALL = [
    "species.leopard.initial.adults=4",
    "species.leopard.initial.subadults=0",
    "species.leopard.initial.cubs=0",
    "species.tiger.initial.adults=2",
    "species.tiger.initial.subadults=0",
    "species.tiger.initial.cubs=0",
]


def _half_poor():
    land = flat_landscape()
    land.layers["habitat"][:, 40:] = 0.1  # the east half is below settle_min_habitat (0.35)
    return land


def _arrivals(overrides, seed=3, days=365):
    params = species_params(load_config([*SMALL, *overrides]).species)
    model = AnimalModel(_half_poor(), params, seed=seed)
    n0 = model.state.n
    Simulation(model, ticks_per_step=96).run(days)
    st = model.state
    new = np.arange(n0, st.n)
    return model, new[st.mother[new] < 0]  # not born here: immigrants


def test_immigrants_arrive_at_the_rate_on_good_habitat_as_independent_subadults():
    """20 leopards a year: a Poisson count near 20 in a year, all arriving on the good west half
    (habitat at least settle_min_habitat), independent and past the independence age."""
    model, rows = _arrivals(["species.leopard.demography.immigrants_per_year=20"])
    st = model.state
    assert 8 <= len(rows) <= 35  # Poisson(20): outside this has probability < 1e-3
    assert (st.species[rows] == 0).all()
    assert (st.natal_x[rows] < model.landscape.x0_m + 40 * 250.0).all()
    assert not st.following[rows].any()
    d = model.params["leopard"].demography
    assert (model.day - st.birth_day[rows] >= d.independence_days).all()


def test_no_immigration_draws_nothing():
    """The default rate 0 adds no animals and leaves the run identical to one without the key."""
    a, rows = _arrivals([], days=60)
    b, _ = _arrivals(["species.leopard.demography.immigrants_per_year=0"], days=60)
    assert len(rows) == 0
    assert np.array_equal(a.state.x[: a.state.n], b.state.x[: b.state.n])


def test_negative_immigration_rate_is_rejected():
    with pytest.raises(TwinInputError, match="immigrants_per_year"):
        species_params(load_config(["species.tiger.demography.immigrants_per_year=-1"]).species)


def test_individuals_table_marks_immigrants():
    """individuals.csv tells immigrants (no mother, not initial) from animals born in the run."""
    model, rows = _arrivals(["species.leopard.demography.immigrants_per_year=20"], days=200)
    table = individuals_table(model, dt.date(2024, 1, 1), n_initial=6).set_index("id")
    assert (table.loc[rows, "origin"] == "immigrant").all() and len(rows) > 0
    assert (table.loc[:5, "origin"] == "initial").all()
    born = table[(table.index >= 6) & (table["mother_id"] >= 0)]
    assert (born["origin"] == "born").all()


def test_immigrant_age_span_sets_the_arrivals_ages():
    """Over 30 days of arrivals (200 a year): with the default span every immigrant is within a
    year (+ the 30 days) of independence; with a 4-year span all are within 4 years and some
    beyond the first (each such draw has probability 0.73; 16 or so draws)."""
    rate = "species.leopard.demography.immigrants_per_year=200"
    span = "species.leopard.demography.immigrant_age_span_years"
    for years in (1, 4):
        model, rows = _arrivals([rate, f"{span}={years}"], days=30)
        st, d = model.state, model.params["leopard"].demography
        beyond = model.day - st.birth_day[rows] - d.independence_days - 30
        assert len(rows) >= 5
        assert (beyond < years * 365.25).all()
        assert (beyond > 365.25).any() == (years == 4)


@pytest.mark.parametrize("value", [0.0, -1.0, 30.0])
def test_bad_immigrant_age_span_is_rejected(value):
    key = "species.tiger.demography.immigrant_age_span_years"
    with pytest.raises(TwinInputError, match=key.replace(".", r"\.")):
        species_params(load_config([f"{key}={value}"]).species)
