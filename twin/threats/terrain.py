"""What poachers and rangers need from the landscape: villages, nearest roads and game trails."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from twin.errors import TwinInputError
from twin.landscape.grid import Landscape


@dataclass(frozen=True)
class Villages:
    """Russian villages around the park that poachers live in (China's side is out of scope).

    Attributes
    ----------
    names
        Village names (``village-<k>`` when the landscape has only the raster layer).
    x_m, y_m
        Village centres (m).
    radius_m
        Village radius (m); ``radius_m ** 2`` weighs how many poachers live there.
    """

    names: tuple[str, ...]
    x_m: np.ndarray
    y_m: np.ndarray
    radius_m: np.ndarray

    def __len__(self) -> int:
        return len(self.names)


def _from_layer(landscape: Landscape) -> tuple[list[str], list[float], list[float], list[float]]:
    labels, n = ndimage.label(landscape.layers["village"])
    index = np.arange(1, n + 1)
    rows_cols = ndimage.center_of_mass(np.ones(labels.shape), labels, index)
    areas = ndimage.sum_labels(np.ones(labels.shape), labels, index)
    res = landscape.resolution_m
    xs = [landscape.x0_m + (c + 0.5) * res for _, c in rows_cols]
    ys = [landscape.y0_m + (r + 0.5) * res for r, _ in rows_cols]
    radii = [float(np.sqrt(a / np.pi) * res) for a in areas]
    return [f"village-{k}" for k in index], xs, ys, radii


def find_villages(landscape: Landscape) -> Villages:
    """Villages from ``features["villages"]`` or, without it, from the ``village`` layer.

    Raises
    ------
    TwinInputError
        When the landscape has no village outside China for poachers to live in.
    """
    feats = landscape.features.get("villages")
    if feats:
        names = [str(v["name"]) for v in feats]
        xs = [float(v["x_m"]) for v in feats]
        ys = [float(v["y_m"]) for v in feats]
        radii = [float(v.get("radius_m", landscape.resolution_m)) for v in feats]
    else:
        names, xs, ys, radii = _from_layer(landscape)
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    keep = landscape.inside(x, y) & ~landscape.sample("china", x, y) if len(x) else x > 0
    if not keep.any():
        raise TwinInputError(
            "landscape villages=[] is not allowed: the threats model needs at least one village "
            "outside China (features['villages'] or cells of the 'village' layer)."
        )
    return Villages(
        tuple(n for n, k in zip(names, keep, strict=True) if k),
        x[keep],
        y[keep],
        np.asarray(radii, dtype=float)[keep],
    )


class NearestFeature:
    """Nearest cell of a bool layer (road, trail) to any point, as a cell-centre position (m)."""

    def __init__(self, landscape: Landscape, layer: str) -> None:
        mask = landscape.layers[layer]
        self.landscape = landscape
        self.present = bool(mask.any())
        if self.present:
            dist, idx = ndimage.distance_transform_edt(
                ~mask, sampling=landscape.resolution_m, return_indices=True
            )
            self._dist = np.asarray(dist, dtype=np.float32)
            self._rows = idx[0].astype(np.int32)
            self._cols = idx[1].astype(np.int32)

    def nearest(
        self, x_m: np.ndarray, y_m: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Centre ``(x_m, y_m)`` of the nearest feature cell and its distance (m; inf if none).

        Points outside the grid use the nearest edge cell.
        """
        land = self.landscape
        x = np.asarray(x_m, dtype=float)
        y = np.asarray(y_m, dtype=float)
        if not self.present:
            return x.copy(), y.copy(), np.full(x.shape, np.inf)
        rows, cols = land.cell_index(x, y)
        rows = np.clip(rows, 0, land.shape[0] - 1)
        cols = np.clip(cols, 0, land.shape[1] - 1)
        fr, fc = self._rows[rows, cols], self._cols[rows, cols]
        fx = land.x0_m + (fc + 0.5) * land.resolution_m
        fy = land.y0_m + (fr + 0.5) * land.resolution_m
        return fx, fy, np.hypot(fx - x, fy - y)
