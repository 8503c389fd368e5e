"""Detection-zone geometry: exact entries of straight segments into camera sectors."""

import numpy as np
import pytest

from twin.cameras.geometry import (
    LEFT,
    RIGHT,
    Passages,
    find_passages,
    find_passages_bruteforce,
    find_passages_reference,
)
from twin.cameras.spatial_index import CameraIndex
from twin.errors import TwinInputError

HALF_RAD = np.deg2rad(20.0)
RADIUS_M = 15.0
FINDERS = [find_passages, find_passages_bruteforce, find_passages_reference]


def _east_camera() -> CameraIndex:
    """One camera at the origin facing east, radius 15 m, opening 40 degrees."""
    return CameraIndex.build(np.array([0.0]), np.array([0.0]), 0.0, RADIUS_M, HALF_RAD)


def _run(finder, index, start, end, t0_min=0.0, t1_min=15.0) -> Passages:
    """Find passages of one animal's single segment."""
    return finder(index, [7], [0], [start[0]], [start[1]], [end[0]], [end[1]], t0_min, t1_min)


@pytest.mark.parametrize("finder", FINDERS)
def test_crossing_through_edge_has_analytic_time_distance_angle(finder):
    """A northward path at x = 10 m enters through the right edge at y = -10 tan(20 deg)."""
    p = _run(finder, _east_camera(), (10.0, -100.0), (10.0, 100.0))
    y_in = -10.0 * np.tan(HALF_RAD)
    assert len(p) == 1
    assert p.time_min[0] == pytest.approx(15.0 * (y_in + 100.0) / 200.0, rel=1e-9)
    assert p.distance_m[0] == pytest.approx(np.hypot(10.0, y_in), rel=1e-6)
    assert p.angle_rad[0] == pytest.approx(-HALF_RAD, rel=1e-6)
    assert p.speed_m_per_s[0] == pytest.approx(200.0 / 900.0, rel=1e-6)
    assert p.flank[0] == LEFT and p.animal_id[0] == 7 and p.camera[0] == 0


@pytest.mark.parametrize("finder", FINDERS)
def test_crossing_through_arc_enters_at_the_radius(finder):
    """A southward path at x = 14.5 m enters through the arc, left of the axis, right flank."""
    p = _run(finder, _east_camera(), (14.5, 100.0), (14.5, -100.0), 60.0, 75.0)
    y_in = np.sqrt(RADIUS_M**2 - 14.5**2)
    assert len(p) == 1
    assert p.time_min[0] == pytest.approx(60.0 + 15.0 * (100.0 - y_in) / 200.0, rel=1e-9)
    assert p.distance_m[0] == pytest.approx(RADIUS_M, rel=1e-6)
    assert p.angle_rad[0] == pytest.approx(np.arctan2(y_in, 14.5), rel=1e-6)
    assert p.flank[0] == RIGHT


@pytest.mark.parametrize("finder", FINDERS)
@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((-100.0, 8.0), (100.0, 8.0)),  # beside: 8 m from the camera, outside the opening
        ((-5.0, -100.0), (-5.0, 100.0)),  # behind the camera
        ((10.0, -100.0), (10.0, -20.0)),  # stops short of the zone
        ((10.0, 0.0), (10.0, 100.0)),  # starts inside: the previous tick counted the entry
        ((30.0, -50.0), (30.0, 50.0)),  # in the opening but beyond the radius
    ],
)
def test_paths_missing_the_sector_or_starting_inside_are_not_passages(finder, start, end):
    """Segments beside, behind, short of, beyond, or starting inside the zone give nothing."""
    assert len(_run(finder, _east_camera(), start, end)) == 0


@pytest.mark.parametrize("finder", FINDERS)
def test_entry_ending_inside_counts_once_across_ticks(finder):
    """A path split at a point inside the zone is one passage, in the tick that enters."""
    index = _east_camera()
    p = finder(
        index,
        [1, 1],
        [0, 0],
        [10.0, 10.0],
        [-100.0, 0.0],
        [10.0, 10.0],
        [0.0, 100.0],
        [0.0, 15.0],
        [15.0, 30.0],
    )
    y_in = -10.0 * np.tan(HALF_RAD)
    assert len(p) == 1
    assert p.time_min[0] == pytest.approx(15.0 * (y_in + 100.0) / 100.0, rel=1e-9)


def test_endpoint_test_misses_a_pass_the_segment_test_finds():
    """A 200 m step straddling a 15 m zone has both ends outside, yet it crosses the zone."""
    index = _east_camera()
    ends = np.array([[10.0, -100.0], [10.0, 100.0]])
    endpoint_inside = (np.hypot(*ends.T) <= RADIUS_M) & (
        np.abs(np.arctan2(ends[:, 1], ends[:, 0])) <= HALF_RAD
    )
    assert not endpoint_inside.any()
    assert len(_run(find_passages, index, ends[0], ends[1])) == 1


def _random_cameras(rng, n, size_m):
    """Cameras uniform in a square with random headings and mixed zone sizes."""
    return CameraIndex.build(
        rng.uniform(0, size_m, n),
        rng.uniform(0, size_m, n),
        rng.uniform(-np.pi, np.pi, n),
        rng.uniform(5.0, 15.0, n),
        rng.uniform(np.deg2rad(5.0), np.pi / 2, n),
        cell_m=40.0,
    )


def test_index_bruteforce_and_reference_agree_on_random_segments():
    """Grid index, brute force and the numpy reference return the same passages."""
    rng = np.random.default_rng(20240611)
    index = _random_cameras(rng, 300, 1000.0)
    n = 5000
    x0, y0 = rng.uniform(-100, 1100, n), rng.uniform(-100, 1100, n)
    step_m, angle = rng.exponential(100.0, n), rng.uniform(0, 2 * np.pi, n)
    t0 = rng.uniform(0, 1e5, n)
    args = (
        index,
        rng.integers(0, 50, n),
        rng.integers(0, 3, n),
        x0,
        y0,
        x0 + step_m * np.cos(angle),
        y0 + step_m * np.sin(angle),
        t0,
        t0 + 15.0,
    )
    fast, brute, ref = (f(*args) for f in FINDERS)
    assert len(fast) > 1024  # more than the first hit buffer holds
    for other in (brute, ref):
        for name in ("animal_id", "species", "camera", "flank"):
            np.testing.assert_array_equal(getattr(fast, name), getattr(other, name))
        for name in ("time_min", "distance_m", "angle_rad", "speed_m_per_s"):
            np.testing.assert_allclose(getattr(fast, name), getattr(other, name), atol=1e-5)
    assert np.all(np.diff(fast.time_min) >= 0)


@pytest.mark.parametrize(
    ("finder", "cams", "n_animals"),
    [(find_passages, 400, 40_000), (find_passages_reference, 40, 10_000)],
)
def test_random_walk_entry_rate_matches_kinematic_formula(finder, cams, n_animals):
    """Entries per step of a uniform random walk are P L / (pi B) per camera (Crofton)."""
    rng = np.random.default_rng(7)
    box_m, n_steps, step_m = 3000.0, 6, 150.0
    margin_m = n_steps * step_m + RADIUS_M
    cx = rng.uniform(margin_m, box_m - margin_m, cams)
    cy = rng.uniform(margin_m, box_m - margin_m, cams)
    index = CameraIndex.build(cx, cy, rng.uniform(-np.pi, np.pi, cams), RADIUS_M, HALF_RAD)
    angle = rng.uniform(0, 2 * np.pi, (n_animals, n_steps))
    x = np.cumsum(np.c_[rng.uniform(0, box_m, n_animals), step_m * np.cos(angle)], axis=1)
    y = np.cumsum(np.c_[rng.uniform(0, box_m, n_animals), step_m * np.sin(angle)], axis=1)
    ids = np.repeat(np.arange(n_animals), n_steps)
    t0 = np.tile(np.arange(n_steps) * 15.0, n_animals)
    p = finder(
        index,
        ids,
        np.zeros_like(ids),
        x[:, :-1].ravel(),
        y[:, :-1].ravel(),
        x[:, 1:].ravel(),
        y[:, 1:].ravel(),
        t0,
        t0 + 15.0,
    )
    perimeter_m = 2 * RADIUS_M + 2 * HALF_RAD * RADIUS_M
    expected = ids.size * cams * perimeter_m * step_m / (np.pi * box_m**2)
    # Animals are independent, so the spread of per-animal counts gives the standard error.
    per_animal = np.bincount(p.animal_id, minlength=n_animals)
    assert abs(len(p) - expected) < 4 * np.sqrt(n_animals) * per_animal.std()
    on_arc = np.isclose(p.distance_m, RADIUS_M, rtol=1e-4).mean()
    arc_share = 2 * HALF_RAD * RADIUS_M / perimeter_m
    assert abs(on_arc - arc_share) < 4 * np.sqrt(arc_share * (1 - arc_share) / len(p))


def test_endpoint_sampling_finds_a_small_share_of_random_walk_passages():
    """On 150 m steps, testing only step ends finds well under a quarter of the passes."""
    rng = np.random.default_rng(11)
    n = 200_000
    x0, y0 = rng.uniform(-200, 200, n), rng.uniform(-200, 200, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    x1, y1 = x0 + 150 * np.cos(angle), y0 + 150 * np.sin(angle)
    p = find_passages(_east_camera(), np.arange(n), np.zeros(n), x0, y0, x1, y1, 0.0, 15.0)

    def inside(x, y):
        return (np.hypot(x, y) <= RADIUS_M) & (np.abs(np.arctan2(y, x)) <= HALF_RAD)

    endpoint_entries = int((~inside(x0, y0) & inside(x1, y1)).sum())
    assert len(p) > 200
    assert endpoint_entries < 0.25 * len(p)


def test_segments_far_from_all_cameras_and_empty_inputs_give_no_passages():
    """Segments outside the index grid and empty arrays return empty, well-typed passages."""
    index = _east_camera()
    far = find_passages(index, [1], [0], [1e6], [1e6], [1e6 + 100], [1e6], 0.0, 15.0)
    empty = find_passages(index, [], [], [], [], [], [], 0.0, 15.0)
    assert len(far) == 0 and len(empty) == 0
    assert empty.camera.dtype == np.int32 and empty.flank.dtype == np.int8
    assert list(empty.to_frame().columns)[:3] == ["animal_id", "species", "camera"]


def test_invalid_inputs_raise_twin_input_error_naming_the_key():
    """Bad lengths, times, radii and angles name the offending argument."""
    index = _east_camera()
    with pytest.raises(TwinInputError, match="y0"):
        find_passages(index, [1], [0], [0.0], [0.0, 1.0], [1.0], [1.0], 0.0, 15.0)
    with pytest.raises(TwinInputError, match="t1_min"):
        find_passages(index, [1], [0], [0.0], [0.0], [1.0], [1.0], 15.0, 15.0)
    with pytest.raises(TwinInputError, match="half_angle_rad"):
        CameraIndex.build([0.0], [0.0], 0.0, 15.0, 2.0)
    with pytest.raises(TwinInputError, match="radius_m"):
        CameraIndex.build([0.0], [0.0], 0.0, -1.0, 0.3)


def test_index_buckets_hold_every_camera_once():
    """The CSR buckets partition the cameras, and each lies in its own cell."""
    rng = np.random.default_rng(3)
    index = _random_cameras(rng, 500, 2000.0)
    assert np.array_equal(np.sort(index.cell_cameras), np.arange(500))
    for cell in range(index.ncols * index.nrows):
        members = index.cell_cameras[index.cell_start[cell] : index.cell_start[cell + 1]]
        row, col = divmod(cell, index.ncols)
        assert np.all((index.cam_x_m[members] - index.x0_m) // index.cell_m == col)
        assert np.all((index.cam_y_m[members] - index.y0_m) // index.cell_m == row)
