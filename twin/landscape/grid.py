"""The raster landscape: co-registered layers on one square grid in a projected CRS (metres)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from pyproj import Transformer
from scipy.ndimage import distance_transform_edt

from twin.errors import require
from twin.landscape.crs import projected_crs

FLOAT_LAYERS = ("elevation_m", "forest_cover", "habitat")
BOOL_LAYERS = ("road", "trail", "village", "water", "park", "china")
LAYERS = FLOAT_LAYERS + BOOL_LAYERS


@lru_cache(maxsize=8)
def _to_wgs84_transformer(crs: str) -> Transformer:
    return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)


@dataclass(frozen=True, eq=False)
class Landscape:
    """Co-registered raster layers of the park and its surroundings.

    Row 0 is the SOUTH edge: the northing of a cell grows with its row. Layers must not be
    modified in place (distances are cached per layer).

    Parameters
    ----------
    x0_m
        Easting of the west edge of the grid (m, in ``crs``).
    y0_m
        Northing of the south edge of the grid (m, in ``crs``).
    resolution_m
        Side of the square cells (m).
    layers
        Every name in :data:`LAYERS`, each of shape ``(nrows, ncols)``: ``elevation_m`` (m),
        ``forest_cover`` (0..1), ``habitat`` (suitability 0..1) as float32; ``road``, ``trail``,
        ``village``, ``water``, ``park``, ``china`` as bool. Other dtypes are converted.
    crs
        Projected CRS with metre units (default UTM 52N).
    features
        Optional vectors for maps, in metres: ``park_boundary`` (n, 2) polygon, ``border``
        (n, 2) polyline, ``roads`` list of (n, 2) polylines, ``villages`` list of dicts with
        ``name``, ``x_m``, ``y_m``; the synthetic park adds ``railway``, ``trails`` and
        ``coastline``.
    """

    x0_m: float
    y0_m: float
    resolution_m: float
    layers: dict[str, np.ndarray]
    crs: str = "EPSG:32652"
    features: dict[str, Any] = field(default_factory=dict)
    _distance_cache: dict[str, np.ndarray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        res = float(self.resolution_m)
        require(np.isfinite(res) and res > 0, "Landscape.resolution_m", self.resolution_m, "> 0")
        require(
            np.isfinite(self.x0_m) and np.isfinite(self.y0_m),
            "Landscape.x0_m/y0_m",
            (self.x0_m, self.y0_m),
            "finite coordinates in metres",
        )
        missing = [name for name in LAYERS if name not in self.layers]
        require(not missing, "Landscape.layers", sorted(self.layers), f"all of {LAYERS}")
        shape = np.shape(self.layers["elevation_m"])
        require(
            len(shape) == 2 and min(shape) > 0,
            "Landscape.layers['elevation_m'].shape",
            shape,
            "a non-empty 2-D array",
        )
        layers: dict[str, np.ndarray] = {}
        for name in LAYERS:
            dtype = np.float32 if name in FLOAT_LAYERS else np.bool_
            layers[name] = np.asarray(self.layers[name], dtype=dtype)
            require(
                layers[name].shape == shape,
                f"Landscape.layers[{name!r}].shape",
                layers[name].shape,
                f"the shape of elevation_m, {shape}",
            )
        object.__setattr__(self, "layers", layers)
        object.__setattr__(self, "resolution_m", res)
        object.__setattr__(self, "x0_m", float(self.x0_m))
        object.__setattr__(self, "y0_m", float(self.y0_m))
        object.__setattr__(self, "crs", projected_crs(self.crs, "Landscape.crs"))

    @property
    def shape(self) -> tuple[int, int]:
        """``(nrows, ncols)`` of every layer."""
        rows, cols = self.layers["elevation_m"].shape
        return int(rows), int(cols)

    @property
    def width_m(self) -> float:
        """East-west extent of the grid (m)."""
        return self.shape[1] * self.resolution_m

    @property
    def height_m(self) -> float:
        """North-south extent of the grid (m)."""
        return self.shape[0] * self.resolution_m

    @property
    def extent_m(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` of the grid edges (m)."""
        return (self.x0_m, self.x0_m + self.width_m, self.y0_m, self.y0_m + self.height_m)

    @property
    def cell_area_km2(self) -> float:
        """Area of one cell (km2)."""
        return self.resolution_m**2 / 1e6

    def _bool_layer(self, layer: str) -> np.ndarray:
        require(layer in BOOL_LAYERS, "layer", layer, f"one of the bool layers {BOOL_LAYERS}")
        return self.layers[layer]

    def area_km2(self, layer: str) -> float:
        """Area (km2) of the cells where the bool ``layer`` is true."""
        return float(np.count_nonzero(self._bool_layer(layer))) * self.cell_area_km2

    def cell_index(self, x_m: Any, y_m: Any) -> tuple[np.ndarray, np.ndarray]:
        """Row and column (int arrays) of the cells holding points ``(x_m, y_m)`` (m).

        Points outside the grid get out-of-range indices; check with :meth:`inside`.
        """
        rows = np.floor((np.asarray(y_m, dtype=float) - self.y0_m) / self.resolution_m)
        cols = np.floor((np.asarray(x_m, dtype=float) - self.x0_m) / self.resolution_m)
        return rows.astype(np.intp), cols.astype(np.intp)

    def inside(self, x_m: Any, y_m: Any) -> np.ndarray:
        """Bool array: whether each point ``(x_m, y_m)`` (m) lies within the grid extent."""
        x = np.asarray(x_m, dtype=float)
        y = np.asarray(y_m, dtype=float)
        xmin, xmax, ymin, ymax = self.extent_m
        return (x >= xmin) & (x < xmax) & (y >= ymin) & (y < ymax)

    def sample(self, layer: str, x_m: Any, y_m: Any) -> np.ndarray:
        """Value of ``layer`` in the cell holding each point (m); 0 or False outside the grid."""
        require(layer in LAYERS, "layer", layer, f"one of {LAYERS}")
        values = self.layers[layer]
        x, y = np.broadcast_arrays(np.asarray(x_m, dtype=float), np.asarray(y_m, dtype=float))
        inside = self.inside(x, y)
        rows, cols = self.cell_index(x[inside], y[inside])
        out = np.zeros(x.shape, dtype=values.dtype)
        out[inside] = values[rows, cols]
        return out

    def distance_m(self, layer: str) -> np.ndarray:
        """Euclidean distance (m, float32) from each cell centre to the nearest true cell.

        Zero on true cells; ``inf`` everywhere when the layer has no true cell. Cached.
        """
        if layer not in self._distance_cache:
            mask = self._bool_layer(layer)
            if mask.any():
                dist = distance_transform_edt(~mask, sampling=self.resolution_m)
            else:
                dist = np.full(mask.shape, np.inf)
            self._distance_cache[layer] = np.asarray(dist, dtype=np.float32)
        return self._distance_cache[layer]

    def cell_centres(self, mask_layer: str) -> np.ndarray:
        """``(n, 2)`` easting/northing (m) of the centres of cells where ``mask_layer`` is true."""
        rows, cols = np.nonzero(self._bool_layer(mask_layer))
        x = self.x0_m + (cols + 0.5) * self.resolution_m
        y = self.y0_m + (rows + 0.5) * self.resolution_m
        return np.column_stack([x, y])

    def to_wgs84(self, x_m: Any, y_m: Any) -> tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude (degrees, WGS84) of points given in metres in ``crs``."""
        lon, lat = _to_wgs84_transformer(self.crs).transform(
            np.asarray(x_m, dtype=float), np.asarray(y_m, dtype=float)
        )
        return np.asarray(lon), np.asarray(lat)
