"""The results row of a run: normalised names, wide estimate columns, survey size."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import twin
from twin.errors import TwinInputError
from twin.sweeps.rows import (
    DEATH_CAUSES,
    ESTIMATE_FIELDS,
    SURVEY_COLUMNS,
    column_name,
    estimate_columns,
    outcome_columns,
    row_timings,
    row_values,
)

TINY = [
    "years=0.04",
    "progress=false",
    "report.enabled=false",
    "output.track_every_ticks=100000",
    "landscape.park_area_km2=150",
    "landscape.resolution_m=500",
    "species.leopard.initial={adults: 6, subadults: 0, cubs: 0}",
    "species.tiger.initial={adults: 3, subadults: 0, cubs: 0}",
    "layout.count=null",
    "layout.spacing_m=3000",
    "estimation.window_days=7",
    "estimation.occasion_days=1",
    "estimation.mask_spacing_m=2000",
    "estimation.rem_boot=100",
]


def test_column_names_are_normalised():
    """Names are lower case with one underscore between words."""
    assert column_name("Mh Chao", "leopard", "N") == "mh_chao_leopard_n"
    assert column_name("SCR", "tiger", "density") == "scr_tiger_density"
    assert column_name("REM (gamma)", "", "per 100 km2") == "rem_gamma_per_100_km2"


def test_repeated_estimate_is_an_error():
    """Two rows for one estimator, species and parameter cannot share columns."""
    one = {"estimator": "M0", "species": "leopard", "parameter": "N", "estimate": 1.0}
    with pytest.raises(TwinInputError, match="m0_leopard_n"):
        estimate_columns(pd.DataFrame([one, one]))


@pytest.fixture(scope="module")
def tiny_result():
    """A two-week run of a small park with estimates."""
    return twin.simulate(twin.load_scenario(TINY))


def test_row_of_a_run_has_survey_size_and_every_estimate(tiny_result):
    """Every survey column and the seven fields of every estimate, as JSON-ready values."""
    values = row_values(tiny_result)
    assert list(values)[: len(SURVEY_COLUMNS)] == list(SURVEY_COLUMNS)
    estimates = tiny_result.estimates
    for rec in estimates.to_dict("records"):
        prefix = column_name(rec["estimator"], rec["species"], rec["parameter"])
        assert all(f"{prefix}_{f}" in values for f in ESTIMATE_FIELDS)
    assert len(values) == len(SURVEY_COLUMNS) + len(ESTIMATE_FIELDS) * len(estimates)
    assert values["stations"] == tiny_result.metadata["survey"]["stations"]
    assert values["cameras"] <= values["camera_visits"]
    assert 0 < values["identified_leopard"] <= 6
    json.dumps(values)


def test_timings_end_in_seconds(tiny_result):
    """Timings keep the run's *_seconds names."""
    timings = row_timings(tiny_result)
    assert timings and all(k.endswith("_seconds") for k in timings)


def test_outcome_columns_agree_with_the_run_tables(tiny_result):
    """Cats alive and dead by cause, and the threats totals, as the run's own tables say."""
    values = outcome_columns(tiny_result)
    ind = tiny_result.individuals
    tables = tiny_result.threats
    for key, start in (("leopard", 6), ("tiger", 3)):
        mine = ind[ind["species"] == key]
        assert values[f"{key}_alive_start"] == start
        assert values[f"{key}_alive_end"] == int(mine["alive_at_end"].sum())
        assert 0 <= values[f"{key}_in_park_end"] <= values[f"{key}_alive_end"]
        deaths = sum(values[f"{key}_deaths_{cause}"] for cause in DEATH_CAUSES)
        assert deaths == int((~mine["alive_at_end"]).sum())
    assert values["trips"] == len(tables["trips"])
    assert values["cats_snared"] + values["cats_shot"] == len(tables["poaching_events"])
    assert values["leopard_deaths_poaching"] + values["tiger_deaths_poaching"] == len(
        tables["poaching_events"]
    )
    assert values["policy_patrol_km_per_day"] == 200.0  # the historical timeline in 2024
    json.dumps(values)
