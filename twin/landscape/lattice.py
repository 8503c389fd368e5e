"""Square-cell lattices: cell centres, bilinear interpolation and snapping extents to a lattice."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.ndimage import map_coordinates


class Lattice(NamedTuple):
    """A grid of square cells, row 0 at the south edge.

    Parameters
    ----------
    x0_m, y0_m
        West and south edges (m).
    spacing_m
        Cell side (m).
    nrows, ncols
        Grid size.
    """

    x0_m: float
    y0_m: float
    spacing_m: float
    nrows: int
    ncols: int

    @classmethod
    def covering(
        cls,
        centre_xy_m: tuple[float, float],
        half_side_m: float,
        spacing_m: float,
        anchor_xy_m: tuple[float, float] = (0.0, 0.0),
    ) -> Lattice:
        """The smallest lattice with edges on ``anchor + k * spacing`` covering the square."""
        edges = []
        for centre, anchor in zip(centre_xy_m, anchor_xy_m, strict=True):
            first = math.floor((centre - half_side_m - anchor) / spacing_m)
            last = math.ceil((centre + half_side_m - anchor) / spacing_m)
            edges.append((anchor + first * spacing_m, last - first))
        (x0, ncols), (y0, nrows) = edges
        return cls(x0, y0, spacing_m, nrows, ncols)

    @property
    def shape(self) -> tuple[int, int]:
        """``(nrows, ncols)``."""
        return self.nrows, self.ncols

    def centre_axes(self) -> tuple[np.ndarray, np.ndarray]:
        """Eastings of column centres and northings of row centres (m)."""
        x = self.x0_m + (np.arange(self.ncols) + 0.5) * self.spacing_m
        y = self.y0_m + (np.arange(self.nrows) + 0.5) * self.spacing_m
        return x, y

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Easting ``(1, ncols)`` and northing ``(nrows, 1)`` (m) of the cell centres.

        The two broadcast against each other to the full ``(nrows, ncols)`` grid.
        """
        x, y = self.centre_axes()
        return x[None, :], y[:, None]

    def interpolate(self, values: np.ndarray, x_m: np.ndarray, y_m: np.ndarray) -> np.ndarray:
        """Bilinear interpolation of cell-centre ``values`` at points (m); edges are extended."""
        cols = (np.asarray(x_m) - self.x0_m) / self.spacing_m - 0.5
        rows = (np.asarray(y_m) - self.y0_m) / self.spacing_m - 0.5
        coords = np.stack([np.ravel(rows), np.ravel(cols)])
        out = map_coordinates(values, coords, order=1, mode="nearest")
        return out.reshape(np.shape(x_m))

    def resample(self, values: np.ndarray, target: Lattice) -> np.ndarray:
        """Bilinear interpolation of cell-centre ``values`` at the cell centres of ``target``."""
        x, y = target.centre_axes()
        cols = (x - self.x0_m) / self.spacing_m - 0.5
        rows = (y - self.y0_m) / self.spacing_m - 0.5
        grid_rows, grid_cols = np.meshgrid(rows, cols, indexing="ij")
        return map_coordinates(values, [grid_rows, grid_cols], order=1, mode="nearest")
