"""Where cameras may stand: the study area on the landscape grid, minus water and villages.

A study area is the park layer, a bool mask of the landscape's shape, or polygons (metres, or a
GeoJSON/CSV file). Polygons are rasterised at the landscape resolution: a cell belongs to the
area when its centre is inside (even-odd rule, so holes work). Cells of the excluded layers
(water and villages by default) are removed. A point is allowed when its cell is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.cameras.layouts_file import read_polygons
from twin.errors import require
from twin.landscape.grid import Landscape


@dataclass(frozen=True, eq=False)
class StudyArea:
    """The allowed cells of a landscape.

    Attributes
    ----------
    landscape : Landscape
        The grid the mask lives on.
    allowed : numpy.ndarray of bool
        ``(nrows, ncols)``; row 0 is the south edge, like the landscape's layers.
    """

    landscape: Landscape
    allowed: np.ndarray

    @classmethod
    def build(
        cls,
        landscape: Landscape,
        area: str | np.ndarray | list[np.ndarray],
        exclude_layers: tuple[str, ...] = ("water", "village"),
        key: str = "layout.study_area",
    ) -> StudyArea:
        """Allowed cells from ``"park"``, a bool mask, polygon rings (metres) or a file path.

        Raises
        ------
        TwinInputError
            If the mask has the wrong shape, the file cannot be read, or nothing is allowed.
        """
        mask = _area_mask(landscape, area, key)
        for layer in exclude_layers:
            mask = mask & ~landscape.layers[layer]
        label = area if isinstance(area, str) else "the given area"
        require(
            bool(mask.any()),
            key,
            label,
            f"an area with cells outside {list(exclude_layers)} on the landscape grid",
        )
        return cls(landscape, mask)

    @property
    def area_km2(self) -> float:
        """Area of the allowed cells (km2)."""
        return float(np.count_nonzero(self.allowed)) * self.landscape.cell_area_km2

    def allows(self, x_m: np.ndarray, y_m: np.ndarray) -> np.ndarray:
        """Bool array: whether each point (m) lies in an allowed cell."""
        x, y = np.broadcast_arrays(np.asarray(x_m, float), np.asarray(y_m, float))
        inside = self.landscape.inside(x, y)
        rows, cols = self.landscape.cell_index(x[inside], y[inside])
        out = np.zeros(x.shape, dtype=bool)
        out[inside] = self.allowed[rows, cols]
        return out

    def bounds_m(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` of the allowed cells' edges (m)."""
        rows, cols = np.nonzero(self.allowed)
        land, res = self.landscape, self.landscape.resolution_m
        return (
            land.x0_m + cols.min() * res,
            land.x0_m + (cols.max() + 1) * res,
            land.y0_m + rows.min() * res,
            land.y0_m + (rows.max() + 1) * res,
        )

    def centre_m(self) -> tuple[float, float]:
        """Centre of the bounding box of the allowed cells (m)."""
        xmin, xmax, ymin, ymax = self.bounds_m()
        return (xmin + xmax) / 2.0, (ymin + ymax) / 2.0

    def sample(self, n: int, rng: np.random.Generator, cells: np.ndarray | None = None):
        """``(n, 2)`` points uniform over the allowed cells (or over ``cells``, a sub-mask)."""
        rows, cols = np.nonzero(self.allowed if cells is None else cells)
        pick = rng.integers(0, rows.size, n)
        offset = rng.uniform(0.0, 1.0, (n, 2))
        land, res = self.landscape, self.landscape.resolution_m
        return np.column_stack(
            [
                land.x0_m + (cols[pick] + offset[:, 0]) * res,
                land.y0_m + (rows[pick] + offset[:, 1]) * res,
            ]
        )


def _area_mask(landscape: Landscape, area: str | np.ndarray | list, key: str) -> np.ndarray:
    """Bool mask of the study area before exclusions."""
    if isinstance(area, str) and area == "park":
        return landscape.layers["park"].copy()
    if isinstance(area, str):
        return rasterise_polygons(landscape, read_polygons(area, landscape.crs))
    if isinstance(area, np.ndarray) and area.dtype == bool:
        require(
            area.shape == landscape.shape,
            key,
            f"mask of shape {area.shape}",
            f"a bool mask of the landscape's shape {landscape.shape}",
        )
        return area.copy()
    rings = [area] if isinstance(area, np.ndarray) else list(area)
    for ring in rings:
        ring = np.asarray(ring, dtype=float)
        require(
            ring.ndim == 2 and ring.shape[1] == 2 and ring.shape[0] >= 3,
            key,
            f"array of shape {ring.shape}",
            "an (n, 2) polygon in metres, n >= 3",
        )
    return rasterise_polygons(landscape, [np.asarray(r, dtype=float) for r in rings])


def rasterise_polygons(landscape: Landscape, rings: list[np.ndarray]) -> np.ndarray:
    """Cells of ``landscape`` whose centres lie inside ``rings`` ((n, 2) metres, even-odd rule)."""
    mask = np.zeros(landscape.shape, dtype=bool)
    stacked = np.concatenate(rings)
    res = landscape.resolution_m
    c0 = max(int((stacked[:, 0].min() - landscape.x0_m) // res), 0)
    c1 = min(int((stacked[:, 0].max() - landscape.x0_m) // res) + 1, landscape.shape[1])
    r0 = max(int((stacked[:, 1].min() - landscape.y0_m) // res), 0)
    r1 = min(int((stacked[:, 1].max() - landscape.y0_m) // res) + 1, landscape.shape[0])
    if c1 <= c0 or r1 <= r0:
        return mask
    x = landscape.x0_m + (np.arange(c0, c1) + 0.5) * res
    y = landscape.y0_m + (np.arange(r0, r1) + 0.5) * res
    xx, yy = np.meshgrid(x, y)
    mask[r0:r1, c0:c1] = points_in_rings(xx, yy, rings)
    return mask


def points_in_rings(x: np.ndarray, y: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Even-odd point-in-polygon test of points ``(x, y)`` against closed or open rings."""
    inside = np.zeros(np.shape(x), dtype=bool)
    for ring in rings:
        x1, y1 = ring[:, 0], ring[:, 1]
        x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
        for k in range(ring.shape[0]):
            if y1[k] == y2[k]:
                continue
            straddles = (y1[k] > y) != (y2[k] > y)
            x_cross = x1[k] + (y - y1[k]) * (x2[k] - x1[k]) / (y2[k] - y1[k])
            inside ^= straddles & (x < x_cross)
    return inside
