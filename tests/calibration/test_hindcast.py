"""One hindcast run through the public API (twin.calibration.hindcast): calibrated values in the
scenario, the replicates' seeds, the recolonisation driver, deaths and determinism."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import twin
from twin.calibration.hindcast import (
    ENFORCEMENT_COLUMNS,
    RECOLONISATION,
    hindcast_scenario,
    replicate_seeds,
    run_hindcast,
    with_parameters,
)

TINY = (
    "years=2",
    "start_date=2007-01-01",
    "landscape.park_area_km2=300",
    "landscape.resolution_m=500",
    "species.leopard.initial.adults=6",
    "species.leopard.initial.subadults=0",
    "species.leopard.initial.cubs=2",
    "species.tiger.initial.adults=2",
    "species.tiger.initial.subadults=0",
    "species.tiger.initial.cubs=0",
)


def test_with_parameters_writes_nested_and_list_keys():
    """Calibrated values land in the policy, pool size as a whole number; census and
    recolonisation keys are not scenario keys and are left out."""
    scenario = with_parameters(
        hindcast_scenario(),
        {"policy.poachers.pool_size": 41.7, "policy.timeline.0.gain_krub": 12.5,
         "census.cub_detection": 0.5, RECOLONISATION: 3.0},
    )  # fmt: skip
    cfg = scenario.to_dict()
    assert cfg["policy"]["poachers"]["pool_size"] == 42
    assert cfg["policy"]["timeline"][0]["gain_krub"] == 12.5


def test_replicate_seeds_are_the_children_of_one_seed_sequence():
    """Same root seed, same children (SeedSequences, not integers); replicates differ."""
    a, b = replicate_seeds(3, 5), replicate_seeds(3, 5)
    assert all(isinstance(s, np.random.SeedSequence) for s in a)
    assert [s.spawn_key for s in a] == [s.spawn_key for s in b] == [(k,) for k in range(5)]
    states = {tuple(s.generate_state(2)) for s in a}
    assert len(states) == 5


def test_recolonisation_reaches_the_run_as_the_tigers_immigration_from_2013(monkeypatch):
    """The calibrated recolonisation rate is the tigers' immigration from 1 January 2013 on;
    without it the run has no immigration driver; the census probe is always there."""
    seen = []

    def fake(scenario, *, seed, drivers, progress, tracks):
        seen.append(drivers)
        raise RuntimeError("stop")

    monkeypatch.setattr(twin, "simulate", fake)
    for params in ({RECOLONISATION: 12.0}, None):
        with pytest.raises(RuntimeError, match="stop"):
            run_hindcast(hindcast_scenario(), 1, params)
    assert seen[0].immigration == {"tiger": [(dt.date(2013, 1, 1), 12.0)]}
    assert seen[1].immigration == {} and len(seen[1].probes) == 1


@pytest.mark.slow
def test_emigrants_are_not_counted_as_deaths(monkeypatch):
    """Tigers that walk out of the window (emigration 2 per year) are in the run's individuals
    but not in the hindcast's deaths, whose causes are natural ones and poaching."""
    results = []
    simulate = twin.simulate

    def keep(*args, **kwargs):
        results.append(simulate(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(twin, "simulate", keep)
    scenario = hindcast_scenario(
        "historical", (*TINY, "species.tiger.demography.emigration_per_year=2.0")
    )
    out = run_hindcast(scenario, 5)
    assert (results[0].individuals["death_cause"] == "emigrated").any()
    assert "emigrated" not in set(out.deaths["cause"])
    assert list(out.deaths.columns) == ["year", "species", "cause", "deaths"]


@pytest.mark.slow
def test_run_hindcast_is_deterministic():
    """Same scenario and seed, same counts, deaths, figures and enforcement; half a year from
    2007 counts 1 January 2007 only."""
    scenario = hindcast_scenario("historical", (*TINY[1:], "years=0.5"))
    seed = replicate_seeds(4, 1)[0]
    a, b = run_hindcast(scenario, seed), run_hindcast(scenario, seed)
    pd.testing.assert_frame_equal(a.counts, b.counts)
    pd.testing.assert_frame_equal(a.deaths, b.deaths)
    pd.testing.assert_frame_equal(a.figures, b.figures)
    pd.testing.assert_frame_equal(a.enforcement, b.enforcement)
    assert set(a.counts["year"]) == {2007}
    assert list(a.enforcement.columns) == list(ENFORCEMENT_COLUMNS)
