"""Forecasts from states: the same runs as twin.simulate, the same bytes whatever the workers."""

from __future__ import annotations

import numpy as np

import twin
from twin.cameras.layouts_make import make_layout
from twin.cli.forecast import main
from twin.forecast import forecast_from_states, forecast_scenario, run_seed
from twin.landscape.build import build_landscape


def test_snapshot_holds_every_live_animal(survey):
    """The true-state snapshot at the run's end has the animals alive at its end."""
    alive = survey.result.individuals["alive_at_end"].sum()
    assert len(survey.truth.table) == alive


def test_forecast_from_true_state_equals_simulate_from_it(survey):
    """Year-1 park counts of forecast_from_states are those of twin.simulate from that state."""
    fc = forecast_from_states(survey.scenario, [survey.truth], years=1, seed=3)
    scenario = forecast_scenario(survey.scenario, "historical", 1)
    result = twin.simulate(scenario, seed=run_seed(3, 0), population=survey.truth, tracks=False)
    ind = result.individuals
    land = result.landscape
    in_park = land.sample("park", ind["centre_x_m"], ind["centre_y_m"]).astype(bool)
    end = ind[ind["alive_at_end"] & in_park]
    got = fc.trajectories.set_index(["species", "year", "quantity"])["value"]
    for species in ("leopard", "tiger"):
        mine = end[end["species"] == species]
        assert got[(species, 1, "all")] == len(mine)
        assert got[(species, 1, "adults")] == (mine["stage_at_end"] == "adult").sum()
    start = survey.truth.table
    in_park0 = land.sample("park", start["centre_x_m"], start["centre_y_m"]).astype(bool)
    assert got[("leopard", 0, "all")] == (in_park0 & (start["species"] == "leopard")).sum()


def test_same_seed_gives_the_same_forecast_with_one_or_two_workers(survey, tmp_path):
    """twin-forecast with --workers 1 and 2 writes identical forecast.csv and state.csv."""
    # 0.2 years (73 days): counts at day 0 and at the horizon, deaths in between.
    common = ["--package", str(survey.package), "--years", "0.2", "--replicates", "1"]
    common += ["--policies", "historical", "no_poaching", "--seed", "9", "--cameras", "20"]
    common += ["--thresholds", "40", "80"]
    assert main([*common, "--out", str(tmp_path / "w1"), "--workers", "1"]) == 0
    assert main([*common, "--out", str(tmp_path / "w2"), "--workers", "2"]) == 0
    for name in ("forecast.csv", "state.csv", "thresholds.csv", "deaths.csv"):
        assert (tmp_path / "w1" / name).read_bytes() == (tmp_path / "w2" / name).read_bytes()
    stations = np.loadtxt(
        tmp_path / "w1" / "next_survey_stations.csv", delimiter=",", skiprows=1, usecols=(1, 2)
    )
    assert stations.shape[1] == 2 and len(stations) > 0
    assert not list(tmp_path.glob(".*partial*"))
    path = tmp_path / "w1" / "next_survey_stations.csv"
    scenario = twin.load_scenario(["layout=file", f"layout.path={path}"])
    park = build_landscape(scenario.landscape)
    layout = make_layout(park, scenario.layout, np.random.default_rng(0))
    assert layout.n_stations == len(stations)  # the next survey runs as `twin layout=file`
