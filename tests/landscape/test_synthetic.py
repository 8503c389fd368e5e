"""The synthetic Land of the Leopard park: geography, determinism and resolution independence."""

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.landscape import LAYERS, synthetic_park


def _polyline_distance_m(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Distance (m) from each point to a polyline."""
    a, b = line[:-1], line[1:]
    ab = b - a
    t = np.clip(np.einsum("pkj,kj->pk", points[:, None] - a, ab) / np.sum(ab * ab, axis=1), 0, 1)
    nearest = a + t[..., None] * ab
    return np.min(np.hypot(*(points[:, None] - nearest).transpose(2, 0, 1)), axis=1)


@pytest.mark.parametrize("resolution_m", [250.0, 125.0])
def test_park_area_matches_decree(resolution_m):
    """The park covers 2,620 km2 within 3% at 250 m and 125 m."""
    land = synthetic_park(resolution_m)
    assert land.area_km2("park") == pytest.approx(2620.0, rel=0.03)


def test_park_area_follows_parameter():
    """A smaller park_area_km2 gives a smaller park of that area."""
    land = synthetic_park(1000.0, park_area_km2=1500.0)
    assert land.area_km2("park") == pytest.approx(1500.0, rel=0.03)


def test_park_shape_is_long_north_south(park):
    """The park spans ~40-60 km north-south and ~35-55 km east-west."""
    xy = park.cell_centres("park")
    east_west_km, north_south_km = (xy.max(axis=0) - xy.min(axis=0)) / 1000.0
    assert 40.0 <= north_south_km <= 61.0
    assert 35.0 <= east_west_km <= 56.0
    assert north_south_km > east_west_km


def test_same_seed_same_landscape():
    """Two builds with one seed give identical layers and trails."""
    a, b = synthetic_park(1000.0, seed=3), synthetic_park(1000.0, seed=3)
    for name in LAYERS:
        np.testing.assert_array_equal(a.layers[name], b.layers[name])
    trails = zip(a.features["trails"], b.features["trails"], strict=True)
    assert all(np.array_equal(p, q) for p, q in trails)


def test_other_seed_changes_terrain_not_geography():
    """Another seed changes elevation and trails but not the sea, the border or the park."""
    a, b = synthetic_park(1000.0, seed=3), synthetic_park(1000.0, seed=4)
    assert not np.array_equal(a.layers["elevation_m"], b.layers["elevation_m"])
    assert not np.array_equal(a.layers["trail"], b.layers["trail"])
    for name in ("water", "china", "village", "road"):
        np.testing.assert_array_equal(a.layers[name], b.layers[name])


def test_black_mountains_peak_near_border(park):
    """The highest cell is 900-1000 m and lies within 10 km of the China border."""
    elevation = park.layers["elevation_m"]
    assert 900.0 <= elevation.max() <= 1000.0
    row, col = np.unravel_index(np.argmax(elevation), elevation.shape)
    peak = np.array([[col + 0.5, row + 0.5]]) * park.resolution_m + [park.x0_m, park.y0_m]
    assert _polyline_distance_m(peak, park.features["border"])[0] < 10_000.0


def test_land_falls_toward_the_sea(park):
    """Land next to the sea is low; the park's western half is higher than its eastern half."""
    coast = (park.distance_m("water") <= park.resolution_m) & ~park.layers["water"]
    assert np.median(park.layers["elevation_m"][coast]) < 100.0
    xy = park.cell_centres("park")
    elevation = park.sample("elevation_m", xy[:, 0], xy[:, 1])
    west = xy[:, 0] < np.median(xy[:, 0])
    assert elevation[west].mean() > elevation[~west].mean() + 100.0


def test_sea_lies_south_east_and_is_never_habitat(park):
    """The south-east quadrant is mostly sea, the north-west has none, water has no habitat."""
    water = park.layers["water"]
    rows, cols = water.shape
    assert water[: rows // 2, cols // 2 :].mean() > 0.3
    assert not water[rows // 2 :, : cols // 2].any()
    assert np.all(park.layers["habitat"][water] == 0.0)
    assert np.all(park.layers["forest_cover"][water] == 0.0)
    assert not np.any(water & park.layers["park"])


def test_villages_are_named_discs_without_habitat(park):
    """6-10 named villages each cover cells where habitat is 0 and the park is cut out."""
    villages = park.features["villages"]
    assert 6 <= len(villages) <= 10
    names = {v["name"] for v in villages}
    assert {"Barabash", "Kedrovaya Pad", "Slavyanka", "Kraskino"} <= names
    x = np.array([v["x_m"] for v in villages])
    y = np.array([v["y_m"] for v in villages])
    assert park.sample("village", x, y).all()
    village = park.layers["village"]
    assert np.all(park.layers["habitat"][village] == 0.0)
    assert not np.any(village & park.layers["park"])


def test_main_road_runs_north_south_through_the_park(park):
    """The Razdolnoye-Khasan road crosses the park's east for >= 30 km, nearly straight N-S."""
    road = park.features["roads"][0]
    t = np.linspace(0.0, 1.0, 50)[:, None]
    points = np.concatenate([a + t * (b - a) for a, b in zip(road[:-1], road[1:], strict=True)])
    in_park = park.sample("park", points[:, 0], points[:, 1])
    span_x, span_y = np.ptp(points[in_park], axis=0)
    assert span_y >= 30_000.0 and span_x <= 0.5 * span_y
    assert park.sample("road", points[:, 0], points[:, 1])[park.inside(*points.T)].all()
    park_x = park.cell_centres("park")[:, 0]
    assert np.median(points[in_park, 0]) > np.quantile(park_x, 0.6)


def test_china_lies_west_of_the_border(park):
    """China cells exist, each row's China cells are west of its Russian ones."""
    china = park.layers["china"]
    assert china.any() and not np.any(china & park.layers["park"])
    for row in china:
        n_west = row.sum()
        assert row[:n_west].all() and not row[n_west:].any()


def test_china_keeps_habitat_near_the_border_but_is_more_farmed(park):
    """Forest near the border in China is habitat; China has more farmland than Russia."""
    near_border = park.distance_m("park") <= 5_000.0
    china = park.layers["china"]
    assert park.layers["habitat"][china & near_border].mean() > 0.2
    land = ~park.layers["water"]
    forest = park.layers["forest_cover"]
    assert np.mean(forest[china] < 0.2) > np.mean(forest[land & ~china] < 0.2)


def test_forest_is_dense_in_the_hills_and_thin_at_villages(park):
    """Forest cover is 0.8-0.95 on park hills and lower within 1.5 km of villages."""
    forest = park.layers["forest_cover"]
    hills = park.layers["park"] & (park.layers["elevation_m"] > 300.0)
    assert 0.8 <= forest[hills].mean() <= 0.95
    near_village = (park.distance_m("village") <= 1_500.0) & ~park.layers["village"]
    assert forest[near_village & ~park.layers["water"]].mean() < forest[hills].mean() - 0.2


def test_habitat_prefers_lower_forest(park):
    """In the park, habitat on high ridges (> 800 m) is lower than at 100-500 m."""
    habitat, elevation = park.layers["habitat"], park.layers["elevation_m"]
    inside = park.layers["park"]
    assert 0.0 <= habitat.min() and habitat.max() <= 1.0
    low = habitat[inside & (elevation > 100.0) & (elevation < 500.0)].mean()
    assert habitat[inside & (elevation > 800.0)].mean() < 0.7 * low


def test_trails_reach_every_4km_camera_cell(park):
    """>= 90% of 4 km x 4 km blocks inside the park hold a trail; trails avoid water."""
    n = int(4000 / park.resolution_m)
    rows, cols = park.shape
    blocks = [
        (slice(r, r + n), slice(c, c + n))
        for r in range(0, rows - n + 1, n)
        for c in range(0, cols - n + 1, n)
    ]
    in_park = [b for b in blocks if park.layers["park"][b].all()]
    assert len(in_park) > 100
    assert np.mean([park.layers["trail"][b].any() for b in in_park]) >= 0.9
    trail = park.layers["trail"]
    assert not np.any(trail & park.layers["water"])
    assert park.layers["forest_cover"][trail].mean() > 0.6


def test_coarse_and_fine_grids_show_the_same_park(park):
    """At 1 km the fields agree with the 250 m park sampled at the same points."""
    coarse = synthetic_park(1000.0)
    xy = coarse.cell_centres("park")
    fine = park.sample("elevation_m", *xy.T)
    diff = np.abs(coarse.sample("elevation_m", *xy.T) - fine)
    assert np.median(diff) < 15.0
    assert np.mean(park.sample("park", *xy.T)) > 0.97
    xy = coarse.cell_centres("water")
    assert np.mean(park.sample("water", *xy.T)) > 0.97


def test_region_is_placed_in_utm52n_around_the_park_centre(park):
    """The grid is ~110 km square, origin on whole cells, centred near 43.25 N, 131.33 E."""
    assert park.crs == "EPSG:32652"
    assert park.x0_m % park.resolution_m == 0 and park.y0_m % park.resolution_m == 0
    assert 110_000.0 <= park.width_m <= 110_000.0 + 2 * park.resolution_m
    xmin, xmax, ymin, ymax = park.extent_m
    lon, lat = park.to_wgs84(0.5 * (xmin + xmax), 0.5 * (ymin + ymax))
    assert lon == pytest.approx(131.33, abs=0.01) and lat == pytest.approx(43.25, abs=0.01)


def test_features_are_vectors_in_metres(park):
    """Park boundary, border, roads, railway and coastline are (n, 2) arrays in metres."""
    boundary = park.features["park_boundary"]
    x, y = boundary[:, 0], boundary[:, 1]
    area_km2 = 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 1e6
    assert area_km2 == pytest.approx(2620.0, rel=0.005)
    xmin, xmax, ymin, ymax = park.extent_m
    for line in [park.features["border"], park.features["railway"], *park.features["roads"]]:
        assert line.ndim == 2 and line.shape[1] == 2
        assert np.all((line[:, 0] >= xmin - 1) & (line[:, 0] <= xmax + 1))
    assert len(park.features["coastline"]) >= 1


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"resolution_m": 0.0}, "resolution_m"),
        ({"resolution_m": 100_000.0}, "resolution_m"),
        ({"resolution_m": 5.0}, "resolution_m"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"park_area_km2": 10.0}, "park_area_km2"),
    ],
)
def test_bad_arguments_are_refused(kwargs, key):
    """Out-of-range resolution, seed and park area raise TwinInputError naming the argument."""
    with pytest.raises(TwinInputError, match=key):
        synthetic_park(**kwargs)
