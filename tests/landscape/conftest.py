"""Shared landscapes for the landscape tests."""

import numpy as np
import pytest

from twin.landscape import BOOL_LAYERS, LAYERS, Landscape, synthetic_park


@pytest.fixture(scope="session")
def park() -> Landscape:
    """The default synthetic park at 250 m."""
    return synthetic_park(250.0, seed=1)


def tiny_layers(nrows: int = 4, ncols: int = 5) -> dict[str, np.ndarray]:
    """Layers of a small grid: elevation = 10 * row + col, park everywhere but the last column."""
    rows, cols = np.mgrid[0:nrows, 0:ncols]
    layers = {name: np.zeros((nrows, ncols), dtype=bool) for name in BOOL_LAYERS}
    layers["elevation_m"] = (10.0 * rows + cols).astype(np.float32)
    layers["forest_cover"] = np.full((nrows, ncols), 0.8, dtype=np.float32)
    layers["habitat"] = np.full((nrows, ncols), 0.5, dtype=np.float32)
    layers["park"][:, :-1] = True
    layers["water"][0, -1] = True
    assert set(layers) == set(LAYERS)
    return layers


@pytest.fixture
def make_layers():
    """The :func:`tiny_layers` factory."""
    return tiny_layers


@pytest.fixture
def tiny() -> Landscape:
    """A 4 x 5 grid of 10 m cells with its south-west corner at (1000, 2000)."""
    return Landscape(x0_m=1000.0, y0_m=2000.0, resolution_m=10.0, layers=tiny_layers())
