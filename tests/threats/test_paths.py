"""Trip paths, patrol routes and snares on the landscape."""

from __future__ import annotations

import numpy as np

from tests.landscapes import flat_landscape
from tests.threats.helpers import policy, threats_only
from twin.threats.paths import stack_paths, walk_path


def test_walk_path_returns_to_start_at_walking_speed():
    """A trip ends where it started, reaches the target area and keeps to the walking step."""
    land = flat_landscape()
    rng = np.random.default_rng(1)
    start, target = (601000.0, 4751000.0), (608000.0, 4757000.0)
    path = walk_path(start, target, step_m=750.0, wander_ticks=16, wander_step_m=375.0,
                     wander_radius_m=1000.0, wiggle_m=300.0, landscape=land, rng=rng)  # fmt: skip
    assert (path.x_m[0], path.y_m[0]) == start and (path.x_m[-1], path.y_m[-1]) == start
    hunt = slice(path.wander_first, path.wander_last + 1)
    assert np.hypot(path.x_m[hunt] - target[0], path.y_m[hunt] - target[1]).max() < 1500.0
    steps = np.hypot(np.diff(path.x_m), np.diff(path.y_m))
    assert np.median(steps) < 1000.0 and path.wander_last - path.wander_first == 16


def test_stacked_paths_stay_put_after_they_end():
    """Shorter paths are padded with their last position (no movement, no passages)."""
    land = flat_landscape()
    rng = np.random.default_rng(2)
    short = walk_path((601000.0, 4751000.0), (602000.0, 4751000.0), step_m=750.0, wander_ticks=1,
                      wander_step_m=100.0, wander_radius_m=100.0, wiggle_m=0.0, landscape=land,
                      rng=rng)  # fmt: skip
    long = walk_path((601000.0, 4751000.0), (609000.0, 4759000.0), step_m=750.0, wander_ticks=8,
                     wander_step_m=100.0, wander_radius_m=100.0, wiggle_m=0.0, landscape=land,
                     rng=rng)  # fmt: skip
    xs, ys = stack_paths([short, long])
    assert xs.shape == (long.n_ticks + 1, 2)
    assert np.all(xs[short.n_ticks :, 0] == short.x_m[-1])


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
