"""An initial population given as a table: the run starts with exactly those animals."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import twin
from twin.population.startup import Population

SHORT = ["years=0.01", "survey.enabled=false", "progress=false", "policy=no_poaching"]


def _table() -> pd.DataFrame:
    rows = [
        ("leopard", "female", 2000, 540_000.0, 4_790_000.0, True, -1),
        ("leopard", "male", 2500, 545_000.0, 4_795_000.0, True, -1),
        ("leopard", "female", 200, 0.0, 0.0, False, 0),
        ("tiger", "male", 3000, 550_000.0, 4_800_000.0, True, -1),
    ]
    columns = ["species", "sex", "age_days", "centre_x_m", "centre_y_m", "territorial", "mother"]
    return pd.DataFrame(rows, columns=columns)


@pytest.fixture(scope="module")
def scenario() -> twin.Scenario:
    return twin.load_scenario(SHORT)


def test_the_run_starts_with_the_given_animals(scenario):
    """Day 0 holds the table's animals (each species' independent animals, then their cubs):
    species, sex, age, centres, and the cub with its mother."""
    result = twin.simulate(scenario, seed=1, population=Population(_table()), tracks=False)
    ind = result.individuals.sort_values("id")
    first = ind[ind["initial"]]
    assert first["species"].tolist() == ["leopard", "leopard", "leopard", "tiger"]
    assert first["sex"].tolist() == ["female", "male", "female", "male"]
    assert first["birth_day"].tolist() == [-2000, -2500, -200, -3000]
    assert first["centre_x_m"].iloc[0] == 540_000.0 and first["mother_id"].iloc[2] == 0
    day0 = result.population[result.population["day"] == 0]
    assert day0.groupby("species")["count"].sum().to_dict() == {"leopard": 3, "tiger": 1}


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"species": "lion"}, "population.species"),
        ({"sex": "x"}, "population.sex"),
        ({"age_days": -1}, "population.age_days"),
    ],
)
def test_bad_population_tables_are_refused(change, key):
    """A table with an unknown species, sex or a negative age is refused naming the column."""
    table = _table()
    for column, value in change.items():
        table.loc[0, column] = value
    with pytest.raises(twin.TwinInputError, match=key):
        Population(table)


def test_a_cub_needs_a_female_mother_of_its_species():
    """A cub whose mother is a male is refused."""
    table = _table()
    table.loc[2, "mother"] = 1
    with pytest.raises(twin.TwinInputError, match="population.mother"):
        Population(table)


def test_immigration_driver_sets_the_rate_from_its_date(scenario):
    """Drivers.immigration switches a species' arrivals per year on its date (seen by a probe)."""
    seen: dict[int, float] = {}

    def probe(model, day: int) -> None:
        seen[day] = model.immigrants_per_year[1]

    start = scenario.start_date
    drivers = twin.Drivers(
        immigration={"tiger": [(start + dt.timedelta(days=2), 7.5)]}, probes=[probe]
    )
    twin.simulate(scenario, seed=1, drivers=drivers, tracks=False)
    assert seen[0] == seen[1] == 0.0 and seen[2] == seen[3] == 7.5
    with pytest.raises(twin.TwinInputError, match="drivers.immigration.lion"):
        twin.simulate(scenario, drivers=twin.Drivers(immigration={"lion": [(start, 1.0)]}))
