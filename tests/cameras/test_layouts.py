"""Camera layouts: patterns, counts, spacing, separation, study area, pairs and shortfalls."""

import numpy as np
import pytest
from scipy.spatial import cKDTree

from twin.cameras.geometry import find_passages
from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_config import read_layout_config
from twin.cameras.layouts_make import make_layout
from twin.cameras.layouts_random import allocate, habitat_strata
from twin.errors import TwinInputError
from twin.landscape.grid import Landscape

RES_M = 100.0
X0_M, Y0_M = 600_000.0, 4_770_000.0
TRAIL_ROW, ROAD_COL = 120, 60


def toy_landscape() -> Landscape:
    """20 km square: a 9 km-radius park disc, a lake, a village, an east-west trail, a road."""
    n = 200
    rows, cols = np.mgrid[0:n, 0:n]
    park = np.hypot(rows - 99.5, cols - 99.5) <= 90
    water = (rows >= 40) & (rows < 60) & (cols >= 120) & (cols < 140)
    village = (rows >= 140) & (rows < 150) & (cols >= 30) & (cols < 40)
    trail = rows == TRAIL_ROW
    road = cols == ROAD_COL
    layers = {
        "elevation_m": np.zeros((n, n)),
        "forest_cover": np.ones((n, n)),
        "habitat": cols / (n - 1.0),
        "road": road,
        "trail": trail,
        "village": village,
        "water": water,
        "park": park,
        "china": np.zeros((n, n), bool),
    }
    return Landscape(X0_M, Y0_M, RES_M, layers)


LAND = toy_landscape()


UNPAIRED_HEX = {"pattern": "hex", "count": None, "min_separation_m": 0.0, "paired": False,
                "snap_m": 500.0}  # fmt: skip
"""The settings these tests were written against (LayoutConfig defaults to the trail layout)."""


def _layout(seed=1, **cfg):
    """A layout of the toy landscape."""
    config = read_layout_config({**UNPAIRED_HEX, **cfg})
    return make_layout(LAND, config, np.random.default_rng(seed))


def _allowed(layout):
    """Whether each station stands in the park, outside water and villages."""
    x, y = layout.station_x_m, layout.station_y_m
    return LAND.sample("park", x, y) & ~LAND.sample("water", x, y) & ~LAND.sample("village", x, y)


def _nearest_gap_m(layout):
    """Distance from each station to its nearest neighbour (m)."""
    xy = np.column_stack([layout.station_x_m, layout.station_y_m])
    return cKDTree(xy).query(xy, k=2)[0][:, 1]


@pytest.mark.parametrize("pattern", ["square", "hex"])
def test_grid_nodes_are_spacing_apart_and_allowed(pattern):
    """Grid stations sit one spacing from their nearest neighbour, inside the allowed area."""
    layout = _layout(pattern=pattern, spacing_m=2000.0, rotation_deg=17.0)
    np.testing.assert_allclose(_nearest_gap_m(layout), 2000.0, rtol=1e-9)
    assert _allowed(layout).all()
    cells_per_node = 1.0 if pattern == "square" else np.sqrt(3) / 2
    expected = StudyArea.build(LAND, "park").area_km2 / (4.0 * cells_per_node)
    assert abs(layout.n_stations - expected) < 0.15 * expected
    assert layout.spacing_m == 2000.0


@pytest.mark.parametrize("pattern", ["square", "hex", "clustered", "trail", "random", "stratified"])
def test_count_gives_exactly_that_many_cameras(pattern):
    """Given a count, every pattern places exactly that many cameras."""
    layout = _layout(pattern=pattern, count=40, paired=True, snap_m=3000.0)
    assert layout.n_cameras == 40 and layout.n_stations == 20
    assert _allowed(layout).all()


@pytest.mark.parametrize(
    "cfg",
    [
        {"pattern": "random", "count": 60, "min_separation_m": 1500.0},
        {"pattern": "stratified", "count": 60, "min_separation_m": 1500.0},
        {"pattern": "hex", "spacing_m": 1600.0, "jitter_m": 500.0, "min_separation_m": 1200.0},
        {"pattern": "trail", "spacing_m": 1000.0, "snap_m": 2000.0, "min_separation_m": 1800.0},
    ],
)
def test_minimum_separation_holds(cfg):
    """No two stations are closer than min_separation_m, whatever the pattern."""
    layout = _layout(**cfg)
    assert layout.n_stations > 5
    assert _nearest_gap_m(layout).min() >= cfg["min_separation_m"]


def test_random_layouts_are_seeded_and_avoid_water_and_villages():
    """The same generator seed gives the same layout; stations avoid excluded cells."""
    a, b, c = (_layout(seed=s, pattern="random", count=300) for s in (5, 5, 6))
    np.testing.assert_array_equal(a.station_x_m, b.station_x_m)
    np.testing.assert_array_equal(a.heading_rad, b.heading_rad)
    assert not np.array_equal(a.station_x_m, c.station_x_m)
    assert _allowed(a).all()


def test_spacing_alone_sets_the_density_of_random_designs():
    """For random designs, spacing_m alone means area / spacing^2 stations."""
    layout = _layout(pattern="random", spacing_m=2000.0)
    assert layout.n_stations == round(StudyArea.build(LAND, "park").area_km2 / 4.0)


@pytest.mark.parametrize("allocation", ["proportional", "equal"])
def test_stratified_allocation_follows_the_rule(allocation):
    """Stations per habitat stratum are proportional to stratum area, or equal."""
    quantiles = (0.5, 0.8)
    layout = _layout(
        pattern="stratified", count=100, strata_quantiles=list(quantiles), allocation=allocation
    )
    strata = habitat_strata(StudyArea.build(LAND, "park"), quantiles)
    rows, cols = LAND.cell_index(layout.station_x_m, layout.station_y_m)
    counts = np.bincount(strata[rows, cols], minlength=3)
    cells = np.bincount(strata[strata >= 0], minlength=3)
    if allocation == "equal":
        np.testing.assert_array_equal(counts, [33, 33, 34])
    else:
        assert np.abs(cells / cells.sum() - [0.5, 0.3, 0.2]).max() < 0.02
        np.testing.assert_array_equal(counts, allocate(100, cells, "proportional"))


def test_allocation_rounds_by_largest_remainder():
    """Proportional allocation sums to the count and rounds by largest remainder."""
    np.testing.assert_array_equal(allocate(10, np.array([1, 1, 1]), "proportional"), [4, 3, 3])
    np.testing.assert_array_equal(allocate(7, np.array([5, 3, 2]), "proportional"), [4, 2, 1])


def test_trail_stations_sit_on_trails_and_face_along_them():
    """Trail stations are on trail/road cells; single cameras look along the trail."""
    layout = _layout(pattern="trail", spacing_m=3000.0, snap_m=1500.0)
    x, y = layout.station_x_m, layout.station_y_m
    assert (LAND.sample("trail", x, y) | LAND.sample("road", x, y)).all()
    on_trail = LAND.sample("trail", x, y) & ~LAND.sample("road", x, y)
    on_road = LAND.sample("road", x, y) & ~LAND.sample("trail", x, y)
    assert on_trail.sum() >= 3 and on_road.sum() >= 3
    along = np.mod(layout.station_axis_rad, np.pi)
    np.testing.assert_allclose(np.minimum(along[on_trail], np.pi - along[on_trail]), 0, atol=1e-9)
    np.testing.assert_allclose(along[on_road], np.pi / 2, atol=1e-9)


def test_paired_cameras_face_each_other_across_the_trail():
    """Paired cameras stand pair_separation_m apart across the axis and look at each other."""
    layout = _layout(
        pattern="trail", spacing_m=3000.0, snap_m=1500.0, paired=True, pair_separation_m=5.0
    )
    cams = layout.cameras
    a, b = cams.iloc[0::2], cams.iloc[1::2]
    assert (a["station_id"].to_numpy() == b["station_id"].to_numpy()).all()
    dx, dy = b["x_m"].to_numpy() - a["x_m"].to_numpy(), b["y_m"].to_numpy() - a["y_m"].to_numpy()
    np.testing.assert_allclose(np.hypot(dx, dy), 5.0, rtol=1e-9)
    np.testing.assert_allclose(np.cos(a["heading_rad"] - np.arctan2(dy, dx)), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.cos(b["heading_rad"] - np.arctan2(-dy, -dx)), 1.0, atol=1e-12)
    across = np.cos(a["heading_rad"].to_numpy() - layout.station_axis_rad)
    np.testing.assert_allclose(across, 0.0, atol=1e-12)
    assert list(cams["camera_id"][:2]) == [f"{layout.station_id[0]}-A", f"{layout.station_id[0]}-B"]


def test_paired_cameras_photograph_both_flanks_of_a_trail_walker():
    """An animal walking along the trail past a paired station shows each camera a flank."""
    layout = _layout(pattern="trail", spacing_m=3000.0, snap_m=1500.0, paired=True)
    index = layout.camera_index(radius_m=12.0, half_angle_rad=np.deg2rad(20.0))
    sx, sy, axis = layout.station_x_m[0], layout.station_y_m[0], layout.station_axis_rad[0]
    ux, uy = np.cos(axis), np.sin(axis)
    p = find_passages(
        index,
        [1],
        [0],
        [sx - 100 * ux],
        [sy - 100 * uy],
        [sx + 100 * ux],
        [sy + 100 * uy],
        0.0,
        15.0,
    )
    assert sorted(p.camera.tolist()) == [0, 1]
    assert sorted(p.flank.tolist()) == [0, 1]


def test_clusters_hold_cluster_size_stations():
    """Clustered stations come in groups of cluster_size within the cluster's span."""
    layout = _layout(
        pattern="clustered", spacing_m=6000.0, cluster_size=4, within_cluster_spacing_m=800.0
    )
    xy = np.column_stack([layout.station_x_m, layout.station_y_m])
    groups = cKDTree(xy).query_ball_point(xy, 800.0 * np.sqrt(2) + 1.0)
    sizes = np.array([len(g) for g in groups])
    assert (sizes <= 4).all() and np.mean(sizes == 4) > 0.6
    np.testing.assert_allclose(_nearest_gap_m(layout), 800.0, rtol=1e-9)


def test_study_area_can_be_a_polygon_or_a_mask():
    """A polygon (metres) or a bool mask restricts the stations to it."""
    square = np.array([[0, 0], [5000, 0], [5000, 5000], [0, 5000]]) + [X0_M + 5000, Y0_M + 5000]
    layout = _layout(pattern="random", count=30, study_area=square.astype(float))
    assert ((layout.station_x_m > X0_M + 5000) & (layout.station_x_m < X0_M + 10000)).all()
    assert ((layout.station_y_m > Y0_M + 5000) & (layout.station_y_m < Y0_M + 10000)).all()
    mask = np.zeros(LAND.shape, bool)
    mask[:, :50] = True
    layout = _layout(pattern="hex", spacing_m=1000.0, study_area=mask)
    assert (layout.station_x_m < X0_M + 5000).all() and layout.n_stations > 20


def test_impossible_grid_request_names_count_spacing_and_how_many_fit():
    """400 cameras at 4 km in ~250 km2 raise an error stating how many fit."""
    with pytest.raises(TwinInputError, match=r"layout\.count=400 .*only \d+ stations.*4000 m"):
        _layout(pattern="hex", count=400, spacing_m=4000.0)


def test_as_many_as_fit_warns_and_records_what_was_placed():
    """With on_shortfall=warn the layout holds what fits, with a warning saying so."""
    with pytest.warns(UserWarning, match=r"placed \d+ stations"):
        layout = _layout(pattern="random", count=100, min_separation_m=3000.0, on_shortfall="warn")
    assert 0 < layout.n_stations < 100
    assert layout.warnings and "layout.count=100" in layout.warnings[0]
    with pytest.raises(TwinInputError, match="jams"):
        _layout(pattern="random", count=100, min_separation_m=3000.0)


@pytest.mark.parametrize(
    ("cfg", "key"),
    [
        ({"pattern": "spiral", "count": 10}, "layout.pattern"),
        ({"pattern": "hex", "count": 11, "paired": True}, "layout.count"),
        ({"pattern": "hex"}, "layout.count"),
        ({"pattern": "hex", "count": 10, "spacing": 5}, "layout.spacing"),
        ({"pattern": "hex", "spacing_m": -1.0}, "layout.spacing_m"),
        ({"pattern": "file"}, "layout.path"),
        (
            {"pattern": "stratified", "count": 9, "strata_quantiles": [0.8, 0.5]},
            "layout.strata_quantiles",
        ),
        ({"pattern": "hex", "count": 10, "exclude_layers": ["lava"]}, "layout.exclude_layers"),
        (
            {"pattern": "clustered", "spacing_m": 1000.0, "within_cluster_spacing_m": 1000.0},
            "layout.within_cluster_spacing",
        ),
    ],
)
def test_bad_config_names_the_key(cfg, key):
    """Invalid keys and values raise TwinInputError naming layout.<key>."""
    with pytest.raises(TwinInputError, match=key.replace(".", r"\.")):
        _layout(**cfg)


def test_compass_heading_is_clockwise_from_true_north():
    """East-facing cameras read ~90 deg and north-facing ~0 deg, off by the grid convergence."""
    layout = _layout(pattern="hex", spacing_m=3000.0)
    east = layout.cameras.assign(heading_rad=0.0)
    from twin.cameras.layouts_crs import compass_deg

    bearing_east = compass_deg(east["heading_rad"], east["x_m"], east["y_m"], LAND.crs)
    bearing_north = compass_deg(np.pi / 2, east["x_m"], east["y_m"], LAND.crs)
    convergence = np.mod(bearing_north + 180.0, 360.0) - 180.0
    assert (np.abs(convergence) > 0.5).all() and (np.abs(convergence) < 3.0).all()
    np.testing.assert_allclose(bearing_east - 90.0, convergence, atol=1e-9)


def test_count_that_no_spacing_meets_follows_the_shortfall_rule():
    """A count beyond any spacing (min separation blocks it) errors, or warns and places some."""
    with pytest.raises(TwinInputError, match=r"layout\.count=2000 .*only \d+ stations"):
        _layout(pattern="square", count=2000, min_separation_m=1000.0)
    with pytest.warns(UserWarning, match="placed"):
        layout = _layout(pattern="square", count=2000, min_separation_m=1000.0, on_shortfall="warn")
    assert 100 < layout.n_stations < 2000
