"""Mask.from_traps (secr's trap-buffer grid, restricted to habitat when asked) and
Mask.from_landscape (a landscape-wide grid clipped to a layer)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from twin.errors import TwinInputError
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


def test_trap_mask_on_a_landscape_equals_the_former_pipeline_builder(small_landscape):
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


def _old_design_mask(landscape, spacing_m: float) -> np.ndarray:
    """The layout design's former builder: arange grid over the rasters, park cells kept."""
    rows, cols = landscape.shape
    res = landscape.resolution_m
    x = np.arange(landscape.x0_m + spacing_m / 2, landscape.x0_m + cols * res, spacing_m)
    y = np.arange(landscape.y0_m + spacing_m / 2, landscape.y0_m + rows * res, spacing_m)
    xx, yy = (grid.ravel() for grid in np.meshgrid(x, y))
    r, c = landscape.cell_index(xx, yy)
    keep = landscape.layers["park"][r, c]
    return np.column_stack([xx[keep], yy[keep]])


@pytest.mark.parametrize("spacing_m", [250.0, 333.0, 1000.0, 3000.0])
def test_landscape_mask_equals_the_former_design_builder(small_landscape, spacing_m):
    """from_landscape gives exactly the points the layout design used to build."""
    mask = Mask.from_landscape(small_landscape, spacing_m)
    assert np.array_equal(mask.xy_m, _old_design_mask(small_landscape, spacing_m))


def test_landscape_mask_covers_the_park(small_landscape):
    """A 1 km mask of a 20 x 20 km park has 400 points, water cells included."""
    mask = Mask.from_landscape(small_landscape, 1000.0)
    assert mask.n_points == 400 and mask.spacing_m == 1000.0
    assert small_landscape.sample("water", mask.x_m, mask.y_m).any()


def test_landscape_mask_refuses_a_float_layer_and_a_fine_spacing(small_landscape):
    """The layer must be bool and the spacing at least the landscape resolution."""
    with pytest.raises(TwinInputError, match="mask layer"):
        Mask.from_landscape(small_landscape, 1000.0, layer="habitat")
    with pytest.raises(TwinInputError, match="mask spacing_m"):
        Mask.from_landscape(small_landscape, 100.0)
