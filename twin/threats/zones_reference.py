"""Pure-numpy twin of the zone-point kernel in :mod:`twin.threats.zones` (for tests)."""

from __future__ import annotations

import numpy as np


def cell_points(zones, u, cell_start, cell_x, cell_y, cell_m):
    """Same result as ``zones._cell_points``."""
    start, count = cell_start[zones], cell_start[zones + 1] - cell_start[zones]
    pick = start + np.floor(u[0] * count).astype(np.intp)
    jitter = (u[1:] - 0.5) * cell_m
    return cell_x[pick] + jitter[0], cell_y[pick] + jitter[1]
