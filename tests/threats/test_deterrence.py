"""Deterrence: more patrols or heavier penalties mean fewer poaching trips."""

from __future__ import annotations

import numpy as np
import pytest

from tests.threats.helpers import policy, threats_only
from twin.threats.poachers import signalled_catch_prob, trip_probability
from twin.threats.settings import PoacherSettings

DAYS = 90
POOL = {"pool_size": 150}


def test_trip_probability_falls_with_catch_probability_and_penalty():
    """The quantal response is decreasing in P(caught) and in the penalty, increasing in gain."""
    cfg = PoacherSettings()
    q = np.linspace(0.0, 1.0, 11)
    p = trip_probability(10.0, q, 200.0, cfg)
    assert np.all(np.diff(p) < 0)
    penalties = [trip_probability(10.0, 0.1, pen, cfg) for pen in (0.0, 50.0, 500.0)]
    assert penalties[0] > penalties[1] > penalties[2]
    assert trip_probability(50.0, 0.1, 200.0, cfg) > trip_probability(10.0, 0.1, 200.0, cfg)
    assert trip_probability(10.0, 0.0, 1e6, cfg) == pytest.approx(
        1.0 / (1.0 + np.exp(-(cfg.logit_intercept + 10.0 * cfg.gain_weight_per_krub)))
    )


def test_signalled_risk_grows_with_patrols_and_cameras():
    """Visible patrol effort and cameras raise the risk poachers expect."""
    cfg = PoacherSettings()
    risks = [signalled_catch_prob(km, 100, cfg) for km in (0.0, 100.0, 1000.0)]
    assert risks[0] < risks[1] < risks[2] < 1.0
    assert signalled_catch_prob(100.0, 500, cfg) > risks[1]


def _trips(changes):
    threats = threats_only(policy(changes, poachers=POOL), DAYS, seed=3)
    row = threats.tables()["arrests"].iloc[0]
    return int(row["trips"]), int(row["arrests"])


@pytest.mark.slow
def test_patrol_effort_lowers_trips_monotonically():
    """Seeded grid of patrol effort: trips fall at every step while the catch rate rises."""
    runs = [
        _trips({"patrol.km_per_day": km, "patrol.allocation": "random"})
        for km in (0.0, 50.0, 200.0, 800.0)
    ]
    trips = [t for t, _ in runs]
    assert all(a > b for a, b in zip(trips, trips[1:], strict=False)), trips
    assert trips[-1] < 0.5 * trips[0]
    assert runs[0][1] == 0 and runs[-1][1] / runs[-1][0] > 0.01


@pytest.mark.slow
def test_penalty_lowers_trips_monotonically():
    """Seeded grid of fines (same patrols): trips fall at every step."""
    base = {"patrol.km_per_day": 100.0, "cameras": 100, "penalty.prison_years": 0.0}
    trips = [
        _trips({**base, "penalty.fine_krub": fine})[0] for fine in (0.0, 400.0, 1600.0, 6400.0)
    ]
    assert all(a > b for a, b in zip(trips, trips[1:], strict=False)), trips
    assert trips[-1] < 0.5 * trips[0]


@pytest.mark.slow
def test_hiring_former_poachers_lowers_trips():
    """Seeded grid of monitors hired from a pool of 150 (same patrols, penalties and seed): each
    hire leaves the pool, so trips fall about in proportion to the poachers still free."""
    trips = [_trips({"monitors_hired": hired})[0] for hired in (0, 25, 75)]
    assert all(a > b for a, b in zip(trips, trips[1:], strict=False)), trips
    assert 0.35 < trips[2] / trips[0] < 0.65, trips  # 75 of 150 free: about half the trips
