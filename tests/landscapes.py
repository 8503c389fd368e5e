"""Small hand-made landscapes for tests."""

from __future__ import annotations

import numpy as np

from twin.landscape.grid import LAYERS, Landscape


def flat_landscape(nrows: int = 80, ncols: int = 80, resolution_m: float = 250.0) -> Landscape:
    """A uniform forest square: N-S road in the middle column, water along the east edge."""
    layers = {name: np.zeros((nrows, ncols)) for name in LAYERS}
    layers["elevation_m"][:] = 200.0
    layers["forest_cover"][:] = 0.9
    layers["habitat"][:] = 0.8
    layers["park"][:] = True
    layers["road"][:, ncols // 2] = True
    layers["water"][:, -3:] = True
    layers["habitat"][:, -3:] = 0.0
    layers["trail"][nrows // 3, :] = True
    layers["village"][2:4, 2:4] = True
    return Landscape(x0_m=600_000.0, y0_m=4_750_000.0, resolution_m=resolution_m, layers=layers)
