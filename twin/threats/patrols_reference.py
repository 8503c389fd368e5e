"""Pure-numpy twin of the turning-point kernel in :mod:`twin.threats.patrols` (for tests)."""

from __future__ import annotations

import numpy as np


def first_within(x_m, y_m, x, y, reach_m) -> int:
    """Same result as ``patrols._first_within``."""
    near = np.flatnonzero(np.hypot(x_m - x, y_m - y) <= reach_m)
    return int(near[0]) if len(near) else -1
