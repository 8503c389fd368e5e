"""Trip paths, patrol routes and snares on the landscape."""

from __future__ import annotations

import numpy as np
import pytest

from tests.landscapes import flat_landscape
from tests.threats.helpers import policy, threats_only
from twin.threats.paths import Paths, Walks
from twin.threats.paths_reference import walk_paths_reference

WALK = {"step_m": 750.0, "wander_step_m": 375.0, "wander_radius_m": 1000.0, "wiggle_m": 300.0}


def _walk(people, rng, **settings) -> Paths:
    walks = Walks(**{**WALK, **settings})
    for start, target, wander_ticks in people:
        walks.add(start, target, wander_ticks, rng)
    return walks.paths(flat_landscape().extent_m)


def test_walk_returns_to_start_at_walking_speed():
    """A trip ends where it started, reaches the target area and keeps to the walking step."""
    start, target = (601000.0, 4751000.0), (608000.0, 4757000.0)
    path = _walk([(start, target, 16)], np.random.default_rng(1))
    x, y = path.x_m[:, 0], path.y_m[:, 0]
    assert (x[0], y[0]) == start and (x[-1], y[-1]) == start
    hunt = slice(path.wander_first[0], path.wander_last[0] + 1)
    assert np.hypot(x[hunt] - target[0], y[hunt] - target[1]).max() < 1500.0
    steps = np.hypot(np.diff(x), np.diff(y))
    assert np.median(steps) < 1000.0 and path.wander_last[0] - path.wander_first[0] == 16


def test_paths_stay_put_after_they_end():
    """Shorter paths are padded with their last position (no movement, no passages)."""
    people = [((601000.0, 4751000.0), (602000.0, 4751000.0), 1),
              ((601000.0, 4751000.0), (609000.0, 4759000.0), 8)]  # fmt: skip
    paths = _walk(people, np.random.default_rng(2), wiggle_m=0.0)
    short = int(paths.n_ticks[0])
    assert paths.x_m.shape == (paths.n_ticks[1] + 1, 2) and short < paths.n_ticks[1]
    assert np.all(paths.x_m[short:, 0] == paths.x_m[short, 0])


def _people(rng, n, extent):
    xmin, xmax, ymin, ymax = extent
    people = []
    for _ in range(n):
        start = (float(rng.uniform(xmin - 500, xmax + 500)), float(rng.uniform(ymin - 500, ymax)))
        target = (float(rng.uniform(xmin, xmax)), float(rng.uniform(ymin, ymax)))
        people.append((start, start if rng.random() < 0.2 else target, int(rng.integers(0, 12))))
    return people


@pytest.mark.parametrize("seed", range(6))
def test_walks_match_reference(seed):
    """The path kernel gives the numpy twin's paths bit for bit and takes the same draws."""
    extent = flat_landscape().extent_m
    rng = np.random.default_rng(seed)
    people = _people(rng, int(rng.integers(1, 15)), extent)
    settings = {**WALK, "step_m": float(rng.uniform(100.0, 900.0)),
                "wiggle_m": [0.0, 300.0][seed % 2]}  # fmt: skip
    ours, theirs = np.random.default_rng(seed + 10), np.random.default_rng(seed + 10)
    fast = _walk(people, ours, **settings)
    reference = walk_paths_reference(people, extent, theirs, **settings)
    for name in ("x_m", "y_m", "n_ticks", "wander_first", "wander_last"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(reference, name))
    assert ours.random() == theirs.random()


def test_no_walks_give_empty_paths():
    """Nobody walking gives paths with no people."""
    assert len(_walk([], np.random.default_rng(0))) == 0


def test_snares_go_on_game_trails():
    """Snares set within reach of a trail lie on its cell centres; without reach they stay put."""
    land = flat_landscape()
    trail_y = land.y0_m + (land.shape[0] // 3 + 0.5) * land.resolution_m
    for snap_m, share in ((20_000.0, 1.0), (0.0, 0.0)):
        pol = policy(poachers={"pool_size": 40, "logit_intercept": 1.0},
                     kills={"snare_trail_snap_m": snap_m})  # fmt: skip
        snares = threats_only(pol, 3).snares
        on_trail = land.sample("trail", snares.x_m, snares.y_m)
        assert len(snares) > 20 and on_trail.mean() == share
        assert np.all(snares.y_m[on_trail] == trail_y)
