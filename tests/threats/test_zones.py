"""Zones of the park: points drawn on their cells."""

from __future__ import annotations

import numpy as np
import pytest

from tests.threats.helpers import policy, threats_only
from twin.threats.zones import _cell_points
from twin.threats.zones_reference import cell_points


@pytest.mark.parametrize("seed", range(3))
def test_cell_points_match_reference(seed):
    """The zone-point kernel gives the numpy twin's points bit for bit."""
    zones = threats_only(policy(), 1).zones
    rng = np.random.default_rng(seed)
    picked = rng.integers(0, len(zones), 50)
    u = rng.random((3, 50))
    args = (picked, u, zones.cell_start, zones.cell_x_m, zones.cell_y_m, 250.0)
    for fast, slow in zip(_cell_points(*args), cell_points(*args), strict=True):
        np.testing.assert_array_equal(fast, slow)


def test_random_points_lie_in_their_zone():
    """A random point of a zone falls inside that zone."""
    zones = threats_only(policy(), 1).zones
    picked = np.arange(len(zones))
    x, y = zones.random_points(picked, np.random.default_rng(4))
    np.testing.assert_array_equal(zones.zone_of(x, y), picked)
