"""Stations on trails and roads, where field teams put cameras.

A lattice node is moved to the nearest allowed trail/road cell centre within ``snap_m``; nodes
with none are dropped, and nodes that snap to the same cell are merged. The station axis is the
local trail direction: the principal axis of the trail cells in the surrounding
``(2 WINDOW_CELLS + 1)``-cell square, pointing either way along the trail at random (isolated
cells get a random direction).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import distance_transform_edt

from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_grid import thin_to_separation
from twin.errors import require

WINDOW_CELLS = 2


@dataclass(frozen=True, eq=False)
class TrailSnapper:
    """Nearest allowed trail cell of every landscape cell.

    Attributes
    ----------
    area : StudyArea
        Allowed cells.
    trail : numpy.ndarray of bool
        Union of the trail layers (allowed or not), used for the trail direction.
    nearest_rows, nearest_cols : numpy.ndarray of int
        Row and column of the nearest allowed trail cell, per cell.
    """

    area: StudyArea
    trail: np.ndarray
    nearest_rows: np.ndarray
    nearest_cols: np.ndarray

    @classmethod
    def build(cls, area: StudyArea, trail_layers: tuple[str, ...]) -> TrailSnapper:
        """Index the allowed cells of the ``trail_layers`` (e.g. trail and road)."""
        layers = area.landscape.layers
        trail = np.logical_or.reduce([layers[name] for name in trail_layers])
        target = trail & area.allowed
        require(
            bool(target.any()),
            "layout.trail_layers",
            list(trail_layers),
            "layers with cells inside the study area (none of them has any)",
        )
        _, (rows, cols) = distance_transform_edt(~target, return_indices=True)
        return cls(area, trail, rows, cols)

    def snap(self, nodes: np.ndarray, snap_m: float, min_separation_m: float) -> np.ndarray:
        """``(n, 2)`` trail cell centres (m) for the nodes that have one within ``snap_m``."""
        land = self.area.landscape
        nodes = nodes[land.inside(nodes[:, 0], nodes[:, 1])]
        rows, cols = land.cell_index(nodes[:, 0], nodes[:, 1])
        cell_r, cell_c = self.nearest_rows[rows, cols], self.nearest_cols[rows, cols]
        res = land.resolution_m
        snapped = np.column_stack(
            [land.x0_m + (cell_c + 0.5) * res, land.y0_m + (cell_r + 0.5) * res]
        )
        near = np.hypot(*(snapped - nodes).T) <= snap_m
        flat = (cell_r * land.shape[1] + cell_c)[near]
        _, first = np.unique(flat, return_index=True)
        snapped = snapped[near][np.sort(first)]
        return snapped[thin_to_separation(snapped, min_separation_m)]

    def axis_rad(self, points: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Local trail direction (radians counter-clockwise from east, in [0, 2 pi)) at points,
        either way along the trail at random."""
        land = self.area.landscape
        rows, cols = land.cell_index(points[:, 0], points[:, 1])
        axis = rng.uniform(0.0, np.pi, size=len(points))
        way = np.pi * rng.integers(0, 2, size=len(points))
        w = WINDOW_CELLS
        for i, (r, c) in enumerate(zip(rows, cols, strict=True)):
            window = self.trail[max(r - w, 0) : r + w + 1, max(c - w, 0) : c + w + 1]
            dr, dc = np.nonzero(window)
            if dr.size < 2:
                continue
            dx, dy = dc - dc.mean(), dr - dr.mean()
            sxx, syy, sxy = (dx * dx).sum(), (dy * dy).sum(), (dx * dy).sum()
            axis[i] = np.mod(0.5 * np.arctan2(2.0 * sxy, sxx - syy), np.pi)
        return axis + way
