"""The Landscape grid: indexing, sampling, distances and validation on a tiny grid."""

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.landscape import Landscape


def test_geometry_properties(tiny):
    """Shape, extent and cell area follow from the origin, resolution and layer shape."""
    assert tiny.shape == (4, 5)
    assert tiny.width_m == 50.0 and tiny.height_m == 40.0
    assert tiny.extent_m == (1000.0, 1050.0, 2000.0, 2040.0)
    assert tiny.cell_area_km2 == pytest.approx(1e-4)


def test_cell_index_row_zero_is_south(tiny):
    """Northing grows with the row; points on a west/south edge belong to that cell."""
    rows, cols = tiny.cell_index([1000.0, 1015.0, 1049.9, 999.0], [2000.0, 2035.0, 2010.0, 2000.0])
    np.testing.assert_array_equal(rows, [0, 3, 1, 0])
    np.testing.assert_array_equal(cols, [0, 1, 4, -1])


def test_inside_excludes_east_and_north_edges(tiny):
    """The extent is half-open: [xmin, xmax) x [ymin, ymax)."""
    inside = tiny.inside([1000.0, 1050.0, 1025.0, 1025.0], [2000.0, 2020.0, 2040.0, 1999.9])
    np.testing.assert_array_equal(inside, [True, False, False, False])


def test_sample_nearest_cell_and_zero_outside(tiny):
    """Sampling returns the holding cell's value, and 0 or False outside the grid."""
    x = np.array([1005.0, 1043.0, 2000.0])
    y = np.array([2025.0, 2005.0, 2025.0])
    np.testing.assert_array_equal(tiny.sample("elevation_m", x, y), [20.0, 4.0, 0.0])
    np.testing.assert_array_equal(tiny.sample("water", x, y), [False, True, False])
    assert tiny.sample("park", x, y).dtype == np.bool_


def test_distance_matches_brute_force(make_layers):
    """distance_m equals the distance between cell centres to the nearest true cell."""
    layers = make_layers()
    layers["road"][2, 1] = layers["road"][0, 4] = True
    land = Landscape(x0_m=0.0, y0_m=0.0, resolution_m=10.0, layers=layers)
    rows, cols = np.mgrid[0:4, 0:5]
    targets = np.argwhere(layers["road"])
    brute = np.min([np.hypot(rows - r, cols - c) * 10.0 for r, c in targets], axis=0).astype(
        np.float32
    )
    np.testing.assert_allclose(land.distance_m("road"), brute, rtol=1e-6)
    assert land.distance_m("road") is land.distance_m("road")


def test_distance_to_empty_layer_is_infinite(tiny):
    """A layer without true cells is infinitely far away."""
    assert np.isinf(tiny.distance_m("village")).all()


def test_cell_centres_and_area(tiny):
    """Cell centres of a mask lie half a cell in from the cell's south-west corner."""
    xy = tiny.cell_centres("water")
    np.testing.assert_array_equal(xy, [[1045.0, 2005.0]])
    assert tiny.area_km2("park") == pytest.approx(16 * 1e-4)


def test_to_wgs84_of_park_centre(make_layers):
    """The UTM 52N point of the park centre maps back to 131.33 E, 43.25 N."""
    land = Landscape(x0_m=689000.0, y0_m=4791000.0, resolution_m=10.0, layers=make_layers())
    lon, lat = land.to_wgs84(689145.951, 4791213.393)
    assert lon == pytest.approx(131.33, abs=1e-6) and lat == pytest.approx(43.25, abs=1e-6)


def test_layers_are_converted_to_documented_dtypes(make_layers):
    """Float layers become float32 and masks become bool."""
    layers = make_layers()
    layers["elevation_m"] = layers["elevation_m"].astype(np.float64)
    layers["park"] = layers["park"].astype(np.uint8)
    land = Landscape(x0_m=0.0, y0_m=0.0, resolution_m=1.0, layers=layers)
    assert land.layers["elevation_m"].dtype == np.float32
    assert land.layers["park"].dtype == np.bool_


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda kw: kw["layers"].pop("water"), "Landscape.layers"),
        (lambda kw: kw["layers"].update(road=np.zeros((3, 5), bool)), "road"),
        (lambda kw: kw.update(resolution_m=0.0), "Landscape.resolution_m"),
        (lambda kw: kw.update(crs="EPSG:4326"), "Landscape.crs"),
    ],
)
def test_invalid_landscape_is_refused(change, key, make_layers):
    """Missing layers, misshapen layers, bad resolution and geographic CRS raise TwinInputError."""
    kwargs = {"x0_m": 0.0, "y0_m": 0.0, "resolution_m": 10.0, "layers": make_layers()}
    change(kwargs)
    with pytest.raises(TwinInputError, match=key):
        Landscape(**kwargs)


def test_area_of_float_layer_is_refused(tiny):
    """area_km2 only counts bool layers."""
    with pytest.raises(TwinInputError, match="layer"):
        tiny.area_km2("habitat")
