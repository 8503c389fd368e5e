"""The habitat suitability rule shared by the synthetic park and loaded rasters."""

import numpy as np
import pytest

from twin.landscape import habitat_suitability


def _flat(shape=(30, 30), elevation_m=300.0):
    """Uniform forest on flat ground with no water, villages or roads."""
    false = np.zeros(shape, dtype=bool)
    return {
        "elevation_m": np.full(shape, elevation_m),
        "forest_cover": np.full(shape, 0.9),
        "water": false.copy(),
        "village": false.copy(),
        "road": false.copy(),
        "resolution_m": 100.0,
    }


def test_zero_on_water_and_villages():
    """Water and village cells have no habitat; the result lies in [0, 1] as float32."""
    args = _flat()
    args["water"][0] = True
    args["village"][15, 15] = True
    habitat = habitat_suitability(**args)
    assert habitat.dtype == np.float32
    assert np.all(habitat[0] == 0.0) and habitat[15, 15] == 0.0
    assert 0.0 <= habitat.min() and habitat.max() <= 1.0


def test_lower_forest_is_preferred():
    """Suitability falls with elevation and rises with forest cover."""
    low, high = (
        habitat_suitability(**_flat(elevation_m=200.0)),
        habitat_suitability(**_flat(elevation_m=900.0)),
    )
    assert high.mean() < 0.5 * low.mean()
    sparse = _flat()
    sparse["forest_cover"][:] = 0.3
    assert habitat_suitability(**sparse).mean() == pytest.approx(low.mean() / 3.0, rel=0.05)


def test_people_push_habitat_away():
    """Habitat rises with distance from a village and from a road."""
    for layer in ("village", "road"):
        args = _flat()
        args[layer][:, 0] = True
        habitat = habitat_suitability(**args)[15]
        assert np.all(np.diff(habitat[1:]) >= 0.0) and habitat[-1] > 1.3 * habitat[2]


def test_mid_slopes_facing_south_west_are_preferred():
    """A moderate slope beats flat ground, and a south-west face beats a north-east one."""
    rows, cols = np.mgrid[0:30, 0:30]
    rise_m = np.tan(np.radians(14.0)) * 10.0 * (rows + cols) / np.sqrt(2)  # 14 deg on 10 m cells
    flat, facing_sw, facing_ne = _flat(), _flat(), _flat()
    facing_sw["elevation_m"] = 300.0 + rise_m  # rises to the north-east: faces south-west
    facing_ne["elevation_m"] = 300.0 - rise_m
    for args in (flat, facing_sw, facing_ne):
        args["resolution_m"] = 10.0
    flat = habitat_suitability(**flat)
    sw, ne = habitat_suitability(**facing_sw), habitat_suitability(**facing_ne)
    inner = (slice(5, 25), slice(5, 25))
    assert ne[inner].mean() > flat[inner].mean()
    assert sw[inner].mean() > ne[inner].mean()
