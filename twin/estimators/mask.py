"""Habitat masks: the grid of candidate activity centres integrated over in SCR.

One grid builder serves both masks: around detectors (:meth:`Mask.from_traps`, secr's
trap buffer) and over a landscape before detectors exist (:meth:`Mask.from_landscape`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from twin.errors import TwinInputError, require
from twin.io.capture_history import CaptureHistory

if TYPE_CHECKING:
    from twin.landscape.grid import Landscape

M2_PER_HA = 10_000.0


@dataclass(frozen=True, eq=False)
class Mask:
    """Points of a square grid, each the centre of a habitat cell of side ``spacing_m``.

    Parameters
    ----------
    x_m, y_m
        Cell centres in metres (projected CRS), shape (M,).
    spacing_m
        Grid spacing in metres; each point stands for ``spacing_m ** 2`` of habitat.
    """

    x_m: np.ndarray
    y_m: np.ndarray
    spacing_m: float

    def __post_init__(self) -> None:
        x_m = np.asarray(self.x_m, dtype=float)
        y_m = np.asarray(self.y_m, dtype=float)
        require(
            x_m.ndim == 1 and x_m.shape == y_m.shape and x_m.size > 0,
            "mask.x_m/y_m",
            (x_m.shape, y_m.shape),
            "two equal-length, non-empty coordinate vectors",
        )
        require(
            bool(np.all(np.isfinite(x_m)) and np.all(np.isfinite(y_m))),
            "mask.x_m/y_m",
            "non-finite",
            "finite coordinates in metres",
        )
        spacing_m = float(self.spacing_m)
        require(
            np.isfinite(spacing_m) and spacing_m > 0,
            "mask.spacing_m",
            self.spacing_m,
            "a positive number of metres",
        )
        for name, value in (("x_m", x_m), ("y_m", y_m)):
            value.setflags(write=False)
            object.__setattr__(self, name, value)
        object.__setattr__(self, "spacing_m", spacing_m)

    @property
    def n_points(self) -> int:
        """Number of mask points M."""
        return int(self.x_m.shape[0])

    @property
    def cell_area_ha(self) -> float:
        """Area of one cell in hectares."""
        return self.spacing_m**2 / M2_PER_HA

    @property
    def area_ha(self) -> float:
        """Total mask area in hectares."""
        return self.cell_area_ha * self.n_points

    @property
    def xy_m(self) -> np.ndarray:
        """Cell centres in metres, shape (M, 2)."""
        return np.column_stack([self.x_m, self.y_m])

    @classmethod
    def from_points(cls, xy_m: np.ndarray, spacing_m: float) -> Mask:
        """Mask from cell centres that already exclude non-habitat.

        Parameters
        ----------
        xy_m
            Cell centres in metres, shape (M, 2).
        spacing_m
            Grid spacing in metres.
        """
        xy_m = np.asarray(xy_m, dtype=float)
        require(
            xy_m.ndim == 2 and xy_m.shape[1] == 2,
            "mask xy_m",
            xy_m.shape,
            "an (M, 2) array of x, y in metres",
        )
        return cls(xy_m[:, 0], xy_m[:, 1], spacing_m)

    @classmethod
    def from_csv(cls, path: str | os.PathLike, spacing_m: float | None = None) -> Mask:
        """Read a mask CSV with columns ``x, y`` in metres (secr's ``write.mask`` layout).

        Parameters
        ----------
        path
            CSV file.
        spacing_m
            Grid spacing in metres; default: inferred as the smallest gap between distinct x
            (or y) values.
        """
        name = Path(path).name
        if not Path(path).is_file():
            raise TwinInputError(f"{path}: mask file not found; pass an existing CSV with x, y.")
        try:
            table = pd.read_csv(path)
        except pd.errors.EmptyDataError as err:
            raise TwinInputError(
                f"{name}: an empty file is not allowed: a CSV with a header x, y and one row per "
                "mask point (metres)."
            ) from err
        except (pd.errors.ParserError, UnicodeDecodeError) as err:
            raise TwinInputError(f"{name}: not a readable CSV file ({err}).") from err
        require(
            {"x", "y"} <= set(table.columns),
            f"{name}: columns",
            list(table.columns),
            "a header with x and y",
        )
        require(
            len(table) > 0, f"{name}: rows", 0, "at least one mask point (x, y) under the header"
        )
        xy_m = table[["x", "y"]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(xy_m).all(axis=1)
        if bad.any():
            row = int(np.argmax(bad))
            raise TwinInputError(
                f"{name}: row {row + 2} x={table['x'].iloc[row]}, y={table['y'].iloc[row]} is not "
                "allowed: finite numbers in metres."
            )
        if spacing_m is None:
            spacing_m = infer_spacing_m(xy_m, name)
        return cls.from_points(xy_m, spacing_m)

    @classmethod
    def from_traps(
        cls,
        traps: CaptureHistory | np.ndarray,
        buffer_m: float,
        spacing_m: float | None = None,
        nx: int = 64,
        landscape: Landscape | None = None,
    ) -> Mask:
        """Square grid clipped to within ``buffer_m`` of a detector (secr ``make.mask`` trapbuffer).

        Parameters
        ----------
        traps
            A capture history (its detectors) or detector coordinates in metres, shape (K, 2).
        buffer_m
            Buffer around the detectors in metres.
        spacing_m
            Grid spacing in metres; default ``(x-range + 2 buffer_m) / nx``.
        nx
            Number of cells across the buffered x-range when ``spacing_m`` is not given.
        landscape
            When given, only points inside the landscape and not on water are kept (habitat).
        """
        xy_traps, lo, hi, spacing_m = _trap_box(traps, buffer_m, spacing_m, nx)
        xy_m = _grid(lo, hi, spacing_m)
        keep = nearest_distance_m(xy_m, xy_traps) <= buffer_m * (1 + 1e-12)
        if landscape is not None:
            x_m, y_m = xy_m[:, 0], xy_m[:, 1]
            keep &= landscape.inside(x_m, y_m) & ~landscape.sample("water", x_m, y_m)
        return cls.from_points(xy_m[keep], spacing_m)

    @classmethod
    def from_landscape(cls, landscape: Landscape, spacing_m: float, layer: str = "park") -> Mask:
        """Square grid over the whole landscape, clipped to a bool ``layer`` (no detectors).

        The mask a layout is designed over before any detector stands: every point of the
        ``spacing_m`` grid anchored at the landscape's south-west corner whose cell lies in
        ``layer``.

        Parameters
        ----------
        landscape
            The rasters.
        spacing_m
            Grid spacing in metres, at least the landscape resolution.
        layer
            Bool layer the activity centres lie in (default the park).
        """
        require(
            np.isfinite(spacing_m) and spacing_m >= landscape.resolution_m,
            "mask spacing_m",
            spacing_m,
            f"metres >= the landscape resolution {landscape.resolution_m:g}",
        )
        bool_layers = sorted(k for k, v in landscape.layers.items() if v.dtype == np.bool_)
        require(layer in bool_layers, "mask layer", layer, f"one of {bool_layers}")
        xmin, xmax, ymin, ymax = landscape.extent_m
        xy_m = _grid(np.array([xmin, ymin]), np.array([xmax, ymax]), spacing_m)
        keep = landscape.sample(layer, xy_m[:, 0], xy_m[:, 1])
        return cls.from_points(xy_m[keep], spacing_m)


def trap_grid_points(
    traps: CaptureHistory | np.ndarray,
    buffer_m: float,
    spacing_m: float | None = None,
    nx: int = 64,
) -> int:
    """Points of the grid :meth:`Mask.from_traps` lays (before it keeps those within the
    buffer), counted without building it: what the mask needs in memory.

    Parameters are those of :meth:`Mask.from_traps`.
    """
    _, lo, hi, spacing_m = _trap_box(traps, buffer_m, spacing_m, nx)
    return _n_centres(lo[0], hi[0], spacing_m) * _n_centres(lo[1], hi[1], spacing_m)


def _trap_box(
    traps: CaptureHistory | np.ndarray, buffer_m: float, spacing_m: float | None, nx: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Detectors (K, 2), the corners of their buffered box and the grid spacing (m), checked."""
    xy_traps = np.asarray(traps.xy_m if isinstance(traps, CaptureHistory) else traps, float)
    require(
        xy_traps.ndim == 2 and xy_traps.shape[1] == 2 and xy_traps.shape[0] > 0,
        "traps",
        xy_traps.shape,
        "detectors: a capture history or a (K, 2) array of x, y in metres, K >= 1",
    )
    require(
        np.isfinite(buffer_m) and buffer_m > 0, "buffer_m", buffer_m, "a positive number of metres"
    )
    require(int(nx) == nx and nx >= 2, "mask nx", nx, "an integer >= 2")
    lo, hi = xy_traps.min(axis=0) - buffer_m, xy_traps.max(axis=0) + buffer_m
    if spacing_m is None:
        spacing_m = (hi[0] - lo[0]) / nx
    require(
        np.isfinite(spacing_m) and spacing_m > 0,
        "spacing_m",
        spacing_m,
        "a positive number of metres",
    )
    return xy_traps, lo, hi, float(spacing_m)


def _grid(lo: np.ndarray, hi: np.ndarray, spacing_m: float) -> np.ndarray:
    """``(M, 2)`` centres of the square grid over the box ``lo``..``hi`` (x, y), row by row."""
    xx, yy = np.meshgrid(*(_centres(lo[j], hi[j], spacing_m) for j in (0, 1)))
    return np.column_stack([xx.ravel(), yy.ravel()])


def _centres(lo: float, hi: float, spacing_m: float) -> np.ndarray:
    """secr's ``seq(lo + spacing/2, hi, spacing)``."""
    return lo + spacing_m / 2 + spacing_m * np.arange(_n_centres(lo, hi, spacing_m))


def _n_centres(lo: float, hi: float, spacing_m: float) -> int:
    """How many centres :func:`_centres` gives."""
    return int(np.floor((hi - lo - spacing_m / 2) / spacing_m * (1 + 1e-12))) + 1


def nearest_distance_m(points_m: np.ndarray, targets_m: np.ndarray) -> np.ndarray:
    """Distance in metres from each point to its nearest target, computed in blocks."""
    out = np.empty(points_m.shape[0])
    block = max(1, 2_000_000 // max(1, targets_m.shape[0]))
    for start in range(0, points_m.shape[0], block):
        diff = points_m[start : start + block, None, :] - targets_m[None, :, :]
        out[start : start + block] = np.sqrt((diff**2).sum(axis=2).min(axis=1))
    return out


def infer_spacing_m(xy_m: np.ndarray, name: str = "mask") -> float:
    """Grid spacing in metres: the smallest gap between distinct x or y coordinates."""
    gaps = np.concatenate([np.diff(np.unique(np.round(xy_m[:, j], 6))) for j in (0, 1)])
    gaps = gaps[gaps > 0]
    require(
        gaps.size > 0,
        f"{name}: spacing",
        "not inferable (one row or column)",
        "a grid with at least two distinct x or y values, or pass spacing_m",
    )
    return float(gaps.min())
