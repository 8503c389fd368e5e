"""Mask.from_traps: secr's trap-buffer grid, restricted to a landscape's habitat when asked."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from twin.estimators import Mask

BUFFER_M, SPACING_M = 4_000.0, 500.0


def _stations(seed: int = 3) -> np.ndarray:
    """30 stations at float positions inside the 20 km test landscape, metres."""
    rng = np.random.default_rng(seed)
    return np.column_stack(
        [rng.uniform(606_000.0, 618_000.0, 30), rng.uniform(4_756_000.0, 4_766_000.0, 30)]
    )


def _old_pipeline_mask(landscape, traps_xy: np.ndarray) -> np.ndarray:
    """The run pipeline's former builder: arange grid, k-d tree buffer, land inside the grid."""
    lo, hi = traps_xy.min(axis=0) - BUFFER_M, traps_xy.max(axis=0) + BUFFER_M
    gx = np.arange(lo[0] + SPACING_M / 2, hi[0], SPACING_M)
    gy = np.arange(lo[1] + SPACING_M / 2, hi[1], SPACING_M)
    xy = np.array(np.meshgrid(gx, gy)).reshape(2, -1).T
    near = cKDTree(traps_xy).query(xy, distance_upper_bound=BUFFER_M)[0] <= BUFFER_M
    land = landscape.inside(xy[:, 0], xy[:, 1]) & ~landscape.sample("water", xy[:, 0], xy[:, 1])
    return xy[near & land]


def test_landscape_mask_equals_the_former_pipeline_builder(small_landscape):
    """With a landscape, from_traps gives exactly the points the run pipeline used to build."""
    traps_xy = _stations()
    mask = Mask.from_traps(traps_xy, BUFFER_M, SPACING_M, landscape=small_landscape)
    assert np.array_equal(mask.xy_m, _old_pipeline_mask(small_landscape, traps_xy))
    assert mask.spacing_m == SPACING_M


def test_landscape_restriction_drops_water_and_the_outside(small_landscape):
    """The restricted mask is the unrestricted one minus points on water or off the grid."""
    traps_xy = _stations()
    full = Mask.from_traps(traps_xy, BUFFER_M, SPACING_M)
    habitat = Mask.from_traps(traps_xy, BUFFER_M, SPACING_M, landscape=small_landscape)
    x, y = full.x_m, full.y_m
    keep = small_landscape.inside(x, y) & ~small_landscape.sample("water", x, y)
    assert 0 < habitat.n_points == int(keep.sum()) < full.n_points
    assert np.array_equal(habitat.xy_m, full.xy_m[keep])
