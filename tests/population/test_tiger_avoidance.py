"""Leopards avoid nearby tigers: with avoidance off they are found near tigers more often."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

import twin

pytestmark = pytest.mark.slow
COMMON = [
    "years=0.2",
    "seed=5",
    "survey.enabled=false",
    "report.enabled=false",
    "output.track_every_ticks=4",
    "ticks_per_step=96",
]


def _near_tiger_share(weight: float, radius_m: float = 1000.0) -> float:
    overrides = [*COMMON, f"species.leopard.movement.tiger_avoid_weight={weight}"]
    result = twin.simulate(twin.load_scenario(overrides))
    tracks = result.tracks
    near = []
    for _, fix in tracks.groupby("tick"):
        tigers = fix[fix["species"] == "tiger"][["x_m", "y_m"]].to_numpy()
        leopards = fix[fix["species"] == "leopard"][["x_m", "y_m"]].to_numpy()
        d, _ = cKDTree(tigers).query(leopards)
        near.append(d < radius_m)
    return float(np.concatenate(near).mean())


def test_leopards_keep_away_from_tigers():
    """Leopard fixes within 1 km of a tiger are at least 30% rarer with avoidance on (default)."""
    with_avoidance = _near_tiger_share(12.0)
    without = _near_tiger_share(0.0)
    assert without > 0.01
    assert with_avoidance < 0.7 * without, (with_avoidance, without)
