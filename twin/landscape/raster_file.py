"""One raster layer as read from a file, before it joins a landscape."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class RasterFile(NamedTuple):
    """A single-band raster read from disk, rows flipped so that row 0 is the south edge.

    Parameters
    ----------
    values
        Cell values (float64), no-data cells included.
    valid
        False on no-data cells.
    x0_m, y0_m
        West and south edges of the grid (CRS units, metres once the CRS is checked).
    resolution_m
        Cell side.
    crs
        CRS text carried by the file (``.prj``, GeoTIFF tag, npz key), or None.
    source
        File name (and key) for error messages.
    """

    values: np.ndarray
    valid: np.ndarray
    x0_m: float
    y0_m: float
    resolution_m: float
    crs: str | None
    source: str
