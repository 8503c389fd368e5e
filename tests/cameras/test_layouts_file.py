"""Camera stations and study-area polygons read from and written to CSV and GeoJSON."""

import json

import numpy as np
import pandas as pd
import pytest

from twin.cameras.layouts_config import read_layout_config
from twin.cameras.layouts_crs import to_wgs84
from twin.cameras.layouts_file import write_stations
from twin.cameras.layouts_make import make_layout
from twin.errors import TwinInputError
from twin.landscape.grid import Landscape

X0_M, Y0_M, RES_M, N = 640_000.0, 4_780_000.0, 200.0, 100


def _landscape() -> Landscape:
    """20 km square; the park is all but a 2 km margin; a lake in the south-west corner."""
    rows, cols = np.mgrid[0:N, 0:N]
    park = (rows >= 10) & (rows < 90) & (cols >= 10) & (cols < 90)
    water = (rows < 20) & (cols < 20)
    empty = np.zeros((N, N), bool)
    layers = {
        "elevation_m": np.zeros((N, N)),
        "forest_cover": np.ones((N, N)),
        "habitat": np.full((N, N), 0.5),
        "road": empty,
        "trail": empty,
        "village": empty,
        "water": water,
        "park": park,
        "china": empty,
    }
    return Landscape(X0_M, Y0_M, RES_M, layers)


LAND = _landscape()


UNPAIRED_FILE = {"pattern": "file", "count": None, "min_separation_m": 0.0, "paired": False}
"""The settings these tests were written against (LayoutConfig defaults to the trail layout)."""


def _layout(seed=1, **cfg):
    config = read_layout_config({**UNPAIRED_FILE, **cfg})
    return make_layout(LAND, config, np.random.default_rng(seed))


@pytest.mark.parametrize("suffix", [".csv", ".geojson"])
@pytest.mark.parametrize("paired", [False, True])
def test_written_stations_read_back_as_the_same_layout(tmp_path, suffix, paired):
    """A layout written to CSV or GeoJSON and read with pattern=file is the same layout."""
    original = _layout(pattern="random", count=40, paired=paired, min_separation_m=500.0)
    path = write_stations(original, tmp_path / f"stations{suffix}")
    again = _layout(seed=99, pattern="file", path=str(path), paired=paired)
    np.testing.assert_array_equal(again.station_id, original.station_id)
    np.testing.assert_allclose(again.station_x_m, original.station_x_m, atol=1e-3)
    np.testing.assert_allclose(again.station_y_m, original.station_y_m, atol=1e-3)
    turn = np.angle(np.exp(1j * (again.heading_rad - original.heading_rad)))
    np.testing.assert_allclose(turn, 0.0, atol=1e-6)
    assert again.n_cameras == original.n_cameras and again.pattern == "file"


def test_csv_in_longitude_latitude_is_projected_to_metres(tmp_path):
    """A CSV with longitude/latitude columns gives the stations' UTM 52N positions."""
    x = np.array([X0_M + 5000.0, X0_M + 9000.0])
    y = np.array([Y0_M + 6000.0, Y0_M + 12000.0])
    lon, lat = to_wgs84(x, y, LAND.crs)
    path = tmp_path / "lonlat.csv"
    pd.DataFrame({"station_id": ["a", "b"], "longitude": lon, "latitude": lat}).to_csv(path)
    layout = _layout(pattern="file", path=str(path))
    np.testing.assert_allclose(layout.station_x_m, x, atol=1e-3)
    np.testing.assert_allclose(layout.station_y_m, y, atol=1e-3)
    assert list(layout.station_id) == ["a", "b"]


def test_geojson_with_a_crs_member_is_read_in_that_crs(tmp_path):
    """A GeoJSON whose crs member names EPSG:32652 holds metres, not degrees."""
    features = [
        {
            "type": "Feature",
            "id": "K1",
            "properties": {"heading_deg": 90.0},
            "geometry": {"type": "Point", "coordinates": [X0_M + 7000.0, Y0_M + 7000.0]},
        }
    ]
    data = {
        "type": "FeatureCollection",
        "features": features,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32652"}},
    }
    path = tmp_path / "utm.geojson"
    path.write_text(json.dumps(data))
    layout = _layout(pattern="file", path=str(path))
    assert layout.station_id[0] == "K1"
    assert layout.station_x_m[0] == pytest.approx(X0_M + 7000.0)
    assert layout.heading_deg[0] == pytest.approx(90.0)


def test_stations_outside_the_study_area_are_an_error_naming_file_and_ids(tmp_path):
    """Stations outside the park or in water raise TwinInputError with the file and ids."""
    path = tmp_path / "bad.csv"
    pd.DataFrame(
        {
            "station_id": ["in", "out", "wet"],
            "x_m": [X0_M + 9000.0, X0_M + 500.0, X0_M + 3000.0],
            "y_m": [Y0_M + 9000.0, Y0_M + 9000.0, Y0_M + 3000.0],
        }
    ).to_csv(path, index=False)
    with pytest.raises(TwinInputError, match=r"bad\.csv.*2 of 3 stations.*'out', 'wet'"):
        _layout(pattern="file", path=str(path))


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ({"station_id": ["a"], "east": [1.0], "north": [2.0]}, "x_m,y_m"),
        (
            {"station_id": ["a", "a"], "x_m": [X0_M + 5e3] * 2, "y_m": [Y0_M + 5e3, Y0_M + 9e3]},
            "duplicated",
        ),
        (
            {"station_id": ["a", "b"], "x_m": [X0_M + 5e3] * 2, "y_m": [Y0_M + 5e3, Y0_M + 5.2e3]},
            "min_separation_m",
        ),
        (
            {"station_id": ["a", "b"], "x_m": [X0_M + 5e3, "645o00"], "y_m": [Y0_M + 5e3] * 2},
            r"stations\.csv: x_m='645o00' \(row 3 of the file\) is not allowed: a number of metres",
        ),
        (
            {"station_id": ["a"], "longitude": ["131.2E"], "latitude": [43.1]},
            r"longitude='131\.2E' \(row 2 of the file\) is not allowed: WGS84 degrees",
        ),
        (
            {"station_id": ["a"], "x_m": [X0_M + 5e3], "y_m": [Y0_M + 5e3], "heading_deg": ["N"]},
            r"heading_deg='N' .* a compass bearing",
        ),
    ],
)
def test_malformed_station_files_name_the_problem(tmp_path, table, match):
    """Missing columns, duplicate ids and too-close stations are errors naming the file."""
    path = tmp_path / "stations.csv"
    pd.DataFrame(table).to_csv(path, index=False)
    with pytest.raises(TwinInputError, match=match):
        _layout(pattern="file", path=str(path), min_separation_m=500.0)


def test_geojson_with_text_coordinates_names_the_file(tmp_path):
    """A Point whose coordinates are not numbers raises TwinInputError naming the file."""
    path = tmp_path / "stations.geojson"
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["131.2E", 43.1]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [point]}))
    with pytest.raises(TwinInputError, match=r"stations\.geojson: Point coordinates"):
        _layout(pattern="file", path=str(path))


def test_missing_file_is_an_error():
    """A station file that does not exist raises TwinInputError naming it."""
    with pytest.raises(TwinInputError, match="nowhere.csv"):
        _layout(pattern="file", path="nowhere.csv")


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
def test_study_area_polygon_from_file(tmp_path, suffix):
    """A polygon file (WGS84 GeoJSON or metre CSV) restricts the stations to it."""
    ring = np.array([[5e3, 5e3], [12e3, 5e3], [12e3, 12e3], [5e3, 12e3], [5e3, 5e3]]) + [X0_M, Y0_M]
    path = tmp_path / f"area{suffix}"
    if suffix == ".csv":
        pd.DataFrame({"x_m": ring[:, 0], "y_m": ring[:, 1]}).to_csv(path, index=False)
    else:
        lon, lat = to_wgs84(ring[:, 0], ring[:, 1], LAND.crs)
        geometry = {"type": "Polygon", "coordinates": [np.column_stack([lon, lat]).tolist()]}
        path.write_text(json.dumps({"type": "Feature", "geometry": geometry, "properties": {}}))
    layout = _layout(pattern="hex", spacing_m=1000.0, study_area=str(path))
    assert layout.n_stations > 30
    assert (layout.station_x_m > X0_M + 5e3 - RES_M).all()
    assert (layout.station_x_m < X0_M + 12e3 + RES_M).all()


def test_option_file_without_a_path_names_the_missing_key():
    """conf/layout/file.yaml leaves path as ??? and make_layout says to set layout.path."""
    from pathlib import Path

    from omegaconf import OmegaConf

    cfg = OmegaConf.load(Path(__file__).parents[2] / "conf" / "layout" / "file.yaml")
    with pytest.raises(TwinInputError, match=r"layout\.path"):
        make_layout(LAND, read_layout_config(cfg), np.random.default_rng(1))
