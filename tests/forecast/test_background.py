"""The background a forecast state takes beyond the data (twin/forecast/background.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from twin.forecast.background import Background, background_states, with_background
from twin.forecast.state import StagePrior
from twin.population.startup import Population


def _table() -> pd.DataFrame:
    """Two leopards (one near the stations, one far, with a cub) and a tiger near them."""
    return pd.DataFrame(
        {
            "species": ["leopard", "leopard", "tiger", "leopard"],
            "sex": ["female", "female", "male", "male"],
            "age_days": [2000, 2500, 3000, 100],
            "centre_x_m": [0.0, 50_000.0, 100.0, 50_000.0],
            "centre_y_m": [0.0, 0.0, 0.0, 0.0],
            "territorial": [True, True, True, False],
            "mother": [-1, -1, -1, 1],
            "id": [0, 1, 2, 3],
            "in_park": [True, False, True, False],
        }
    )


def test_background_gives_what_lies_beyond_the_data_and_the_species_not_estimated():
    """Leopards beyond the stations' buffer come with their cubs (mother renumbered); the
    near leopard does not; the tiger (not estimated) comes wherever it lives."""
    prior = {"leopard": StagePrior(0.1, 0.5)}
    background = Background(_table(), prior)
    stations = {"leopard": (np.array([[0.0, 0.0]]), 12_000.0)}
    rows = background.animals(stations, ["tiger"])
    assert rows["species"].tolist() == ["leopard", "tiger", "leopard"]
    assert rows["mother"].tolist() == [-1, -1, 0] and not rows["detected"].any()
    state = Population(rows.drop(columns=["individual_id", "detected"]).iloc[:0])
    (merged,) = with_background([state], [background], stations, ["leopard", "tiger"])
    assert len(merged.table) == 3


def test_backgrounds_are_the_twin_run_to_the_survey_end_and_deterministic():
    """Same seeds, same backgrounds; a date before the scenario's start gives the start-up;
    priors are shares and ratios within their ranges."""
    import twin

    scenario = twin.load_scenario(["progress=false"])
    seeds = [np.random.SeedSequence(3, spawn_key=(2, 0))]
    a = background_states(scenario, dt.date(2024, 1, 20), seeds)[0]
    b = background_states(scenario, dt.date(2024, 1, 20), seeds)[0]
    pd.testing.assert_frame_equal(a.table, b.table)
    start = background_states(scenario, dt.date(2023, 6, 1), seeds)[0]
    independent = sum(p.initial.adults + p.initial.subadults for p in scenario.species.values())
    assert int((start.table["mother"] < 0).sum()) == independent
    assert a.table["age_days"].min() >= 0
    for prior in a.priors.values():
        assert 0.0 <= prior.subadult_share <= 1.0 and prior.cubs_per_female >= 0.0
