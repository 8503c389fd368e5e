"""Displacement: patrols concentrated in one area push poaching trips to other areas."""

from __future__ import annotations

import pytest

from tests.threats.helpers import policy, threats_only

BOX_M = [606000.0, 4750000.0, 614000.0, 4758000.0]
"""The patrolled area: 8 x 8 km on the road south of the trail, the poachers' favourite."""


def _shares(km_per_day):
    pol = policy(
        {"patrol.km_per_day": km_per_day, "patrol.allocation": "area", "patrol.area_m": BOX_M,
         "cameras": 0, "monitors_hired": 0},
        poachers={"pool_size": 150, "risk_per_100_patrol_km": 0.0},
    )  # fmt: skip
    trips = threats_only(pol, 120, seed=5).tables()["trips"]
    late = trips[trips["day"] >= 30]
    inside = late["target_x_m"].between(BOX_M[0], BOX_M[2]) & late["target_y_m"].between(
        BOX_M[1], BOX_M[3]
    )
    return float(inside.mean()), int(len(late))


@pytest.mark.slow
def test_patrols_displace_trips_to_other_areas():
    """With heavy patrols in the box its share of trips falls by more than half; the rest of the
    park takes the difference."""
    control, n_control = _shares(0.0)
    patrolled, n_patrolled = _shares(400.0)
    assert control > 0.15 and n_control > 300 and n_patrolled > 200
    assert patrolled < 0.5 * control
    assert 1.0 - patrolled > 1.0 - control + 0.1
