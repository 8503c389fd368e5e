"""Burning lines and discs into rasters, and lattices anchored in metres."""

import numpy as np

from twin.landscape.lattice import Lattice
from twin.landscape.rasterize import disc_mask, polyline_mask


def _dense_reference(lattice, line, step_m):
    """Cells holding points sampled every ``step_m`` along the line (a brute-force reference)."""
    mask = np.zeros(lattice.shape, dtype=bool)
    for a, b in zip(line[:-1], line[1:], strict=True):
        n = int(np.ceil(np.hypot(*(b - a)) / step_m)) + 1
        points = a + np.linspace(0.0, 1.0, n)[:, None] * (b - a)
        cols = np.floor((points[:, 0] - lattice.x0_m) / lattice.spacing_m).astype(int)
        rows = np.floor((points[:, 1] - lattice.y0_m) / lattice.spacing_m).astype(int)
        keep = (rows >= 0) & (rows < lattice.nrows) & (cols >= 0) & (cols < lattice.ncols)
        mask[rows[keep], cols[keep]] = True
    return mask


def test_polyline_marks_exactly_the_cells_it_crosses():
    """The cut-at-grid-lines raster equals very dense sampling of random lines."""
    rng = np.random.default_rng(5)
    lattice = Lattice(x0_m=-3.0, y0_m=7.0, spacing_m=10.0, nrows=25, ncols=30)
    for _ in range(20):
        line = rng.uniform([-20.0, 0.0], [320.0, 270.0], size=(4, 2))
        expected = _dense_reference(lattice, line, step_m=0.01)
        np.testing.assert_array_equal(polyline_mask(lattice, [line]), expected)


def test_polyline_is_4_connected():
    """Consecutive marked cells of a diagonal line share an edge."""
    lattice = Lattice(0.0, 0.0, 1.0, 50, 50)
    mask = polyline_mask(lattice, [np.array([[0.3, 0.1], [49.2, 37.9]])])
    rows, cols = np.nonzero(mask)
    order = np.lexsort((rows, cols))
    steps = np.abs(np.diff(rows[order])) + np.abs(np.diff(cols[order]))
    assert np.all(steps == 1)


def test_disc_marks_centres_within_radius_and_its_own_cell():
    """A disc marks cells whose centre is inside it; a tiny disc still marks its cell."""
    lattice = Lattice(0.0, 0.0, 10.0, 10, 10)
    mask = disc_mask(lattice, np.array([[50.0, 50.0], [81.0, 12.0]]), np.array([15.0, 1.0]))
    x, y = np.meshgrid(*lattice.centre_axes())
    np.testing.assert_array_equal(mask & (x < 75), np.hypot(x - 50, y - 50) <= 15.0)
    assert mask[1, 8] and mask.sum() == np.sum(np.hypot(x - 50, y - 50) <= 15.0) + 1


def test_covering_lattice_is_anchored():
    """Edges sit on anchor + k * spacing and the lattice covers the requested square."""
    lattice = Lattice.covering((1234.0, 5678.0), 500.0, 100.0)
    assert (lattice.x0_m, lattice.y0_m) == (700.0, 5100.0)
    assert lattice.x0_m + lattice.ncols * 100.0 >= 1734.0
    assert lattice.y0_m + lattice.nrows * 100.0 >= 6178.0
    anchored = Lattice.covering((1234.0, 5678.0), 500.0, 100.0, anchor_xy_m=(1234.0, 5678.0))
    assert (anchored.x0_m, anchored.y0_m) == (734.0, 5178.0)


def test_interpolation_is_exact_at_centres_and_linear_between():
    """Bilinear interpolation returns centre values and the midpoint mean."""
    lattice = Lattice(0.0, 0.0, 2.0, 2, 2)
    values = np.array([[0.0, 1.0], [2.0, 3.0]])
    out = lattice.interpolate(values, np.array([1.0, 3.0, 2.0]), np.array([1.0, 3.0, 2.0]))
    np.testing.assert_allclose(out, [0.0, 3.0, 1.5])
    np.testing.assert_allclose(lattice.resample(values, lattice), values)
