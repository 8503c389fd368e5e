"""Reading and writing landscapes: exact round trips and clear errors for bad files."""

import sys

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.landscape import (
    LAYERS,
    REQUIRED_LAYERS,
    Landscape,
    habitat_suitability,
    load_landscape,
    save_ascii,
    save_geotiff,
    save_npz,
)


@pytest.fixture
def noisy(make_layers) -> Landscape:
    """A small UTM 52N landscape whose float layers hold arbitrary float32 values."""
    rng = np.random.default_rng(7)
    layers = make_layers(6, 7)
    layers["elevation_m"] = rng.uniform(-5.0, 996.0, (6, 7)).astype(np.float32)
    layers["forest_cover"] = rng.uniform(0.0, 1.0, (6, 7)).astype(np.float32)
    layers["habitat"] = rng.uniform(0.0, 1.0, (6, 7)).astype(np.float32)
    layers["trail"] = rng.uniform(size=(6, 7)) < 0.3
    return Landscape(x0_m=650_250.0, y0_m=4_750_500.0, resolution_m=250.0, layers=layers)


def _assert_same(a: Landscape, b: Landscape) -> None:
    for name in LAYERS:
        assert b.layers[name].dtype == a.layers[name].dtype
        np.testing.assert_array_equal(b.layers[name], a.layers[name], err_msg=name)
    assert (b.x0_m, b.y0_m, b.resolution_m, b.crs) == (a.x0_m, a.y0_m, a.resolution_m, a.crs)


def _write_asc(path, north_up, header):
    text = "".join(f"{key} {value}\n" for key, value in header.items())
    path.write_text(text + "\n".join(" ".join(map(str, row)) for row in north_up) + "\n")


def test_npz_round_trip_is_exact_with_features(park, tmp_path):
    """save_npz then load_landscape returns the same layers, grid, CRS and vector features."""
    loaded = load_landscape(save_npz(park, tmp_path / "park.npz"))
    _assert_same(park, loaded)
    np.testing.assert_array_equal(loaded.features["roads"][0], park.features["roads"][0])
    assert loaded.features["villages"] == park.features["villages"]


def test_ascii_round_trip_is_exact(noisy, tmp_path):
    """save_ascii then load_landscape (mapping or folder) returns the same float32 values."""
    paths = save_ascii(noisy, tmp_path / "asc")
    _assert_same(noisy, load_landscape(paths))
    _assert_same(noisy, load_landscape(tmp_path / "asc"))


def test_geotiff_round_trip_is_exact(noisy, tmp_path):
    """save_geotiff then load_landscape returns the same layers through rasterio."""
    pytest.importorskip("rasterio")
    _assert_same(noisy, load_landscape(save_geotiff(noisy, tmp_path / "tif")))


def test_file_rows_are_north_up(tmp_path):
    """The first data row of an .asc file is the north edge: it becomes the last row."""
    header = {"ncols": 2, "nrows": 2, "xllcenter": 5.0, "yllcenter": 5.0, "cellsize": 10}
    paths = {}
    for name, rows in {
        "elevation_m": [[3, 4], [1, 2]],
        "forest_cover": [[1, 1], [1, 1]],
        "water": [[0, 0], [0, 1]],
        "park": [[1, 1], [1, 0]],
    }.items():
        paths[name] = tmp_path / f"{name}.asc"
        _write_asc(paths[name], rows, header)
    land = load_landscape(paths, crs="EPSG:32652")
    np.testing.assert_array_equal(land.layers["elevation_m"], [[1, 2], [3, 4]])
    assert (land.x0_m, land.y0_m) == (0.0, 0.0)
    assert land.sample("water", 15.0, 5.0)


def test_optional_layers_are_derived(noisy, tmp_path):
    """Without optional layers, masks are False and habitat follows the synthetic rule."""
    paths = save_ascii(noisy, tmp_path)
    land = load_landscape({name: paths[name] for name in REQUIRED_LAYERS})
    for name in ("china", "road", "trail", "village"):
        assert not land.layers[name].any()
    expected = habitat_suitability(
        noisy.layers["elevation_m"],
        noisy.layers["forest_cover"],
        noisy.layers["water"],
        land.layers["village"],
        land.layers["road"],
        noisy.resolution_m,
    )
    np.testing.assert_array_equal(land.layers["habitat"], expected)


def test_nodata_cells_read_as_zero(noisy, tmp_path):
    """NODATA_value cells become 0 in float layers and False in masks."""
    paths = save_ascii(noisy, tmp_path)
    lines = paths["forest_cover"].read_text().splitlines()
    lines[6] = " ".join(["-9999"] * 7)  # first data row: the north edge
    paths["forest_cover"].write_text("\n".join(lines) + "\n")
    land = load_landscape(paths)
    assert np.all(land.layers["forest_cover"][-1] == 0.0)
    np.testing.assert_array_equal(
        land.layers["forest_cover"][:-1], noisy.layers["forest_cover"][:-1]
    )


def test_missing_file_names_layer_and_path(noisy, tmp_path):
    """A missing file is reported with its layer and path."""
    paths = save_ascii(noisy, tmp_path)
    paths["water"] = tmp_path / "nowhere" / "water.asc"
    with pytest.raises(TwinInputError, match=r"'water'.*nowhere"):
        load_landscape(paths)


def test_missing_required_layer(noisy, tmp_path):
    """Leaving out a required layer names it."""
    paths = save_ascii(noisy, tmp_path)
    del paths["park"]
    with pytest.raises(TwinInputError, match="'park'"):
        load_landscape(paths)


@pytest.mark.parametrize(
    ("edit", "what"),
    [
        (lambda h: h.update(nrows=5), "shape"),
        (lambda h: h.update(xllcorner=650_000.0), "lower-left corner"),
        (lambda h: h.update(cellsize=200.0), "cell size"),
    ],
)
def test_misaligned_layers_name_both_files(noisy, tmp_path, edit, what):
    """A layer whose grid differs from elevation_m is reported with both file names."""
    paths = save_ascii(noisy, tmp_path)
    header = {
        "ncols": 7,
        "nrows": 6,
        "xllcorner": noisy.x0_m,
        "yllcorner": noisy.y0_m,
        "cellsize": 250.0,
    }
    edit(header)
    _write_asc(paths["water"], np.zeros((header["nrows"], 7), int), header)
    with pytest.raises(TwinInputError, match=rf"water\.asc.*{what}.*elevation_m\.asc"):
        load_landscape(paths)


def test_layer_without_data_is_refused(noisy, tmp_path):
    """A layer that is no-data everywhere is an error naming it."""
    paths = save_ascii(noisy, tmp_path)
    header = {
        "ncols": 7,
        "nrows": 6,
        "xllcorner": noisy.x0_m,
        "yllcorner": noisy.y0_m,
        "cellsize": 250.0,
        "NODATA_value": -1,
    }
    _write_asc(paths["elevation_m"], -np.ones((6, 7), int), header)
    with pytest.raises(TwinInputError, match="elevation_m.*no-data everywhere"):
        load_landscape(paths)


def test_empty_park_is_refused(noisy, tmp_path):
    """A park layer with no true cell is an error."""
    layers = dict(noisy.layers, park=np.zeros(noisy.shape, bool))
    empty = Landscape(noisy.x0_m, noisy.y0_m, noisy.resolution_m, layers)
    with pytest.raises(TwinInputError, match="park"):
        load_landscape(save_npz(empty, tmp_path / "empty.npz"))


def test_non_square_cells_are_refused(noisy, tmp_path):
    """An .asc header with dx != dy is refused, naming the file."""
    paths = save_ascii(noisy, tmp_path)
    header = {
        "ncols": 7,
        "nrows": 6,
        "xllcorner": noisy.x0_m,
        "yllcorner": noisy.y0_m,
        "dx": 250.0,
        "dy": 200.0,
    }
    _write_asc(paths["park"], np.ones((6, 7), int), header)
    with pytest.raises(TwinInputError, match=r"park\.asc.*not square"):
        load_landscape(paths)


def test_non_square_geotiff_is_refused(noisy, tmp_path):
    """A GeoTIFF with rectangular pixels is refused, naming the file."""
    rasterio = pytest.importorskip("rasterio")
    from rasterio.transform import Affine

    paths = save_geotiff(noisy, tmp_path)
    profile = {
        "driver": "GTiff",
        "width": 7,
        "height": 6,
        "count": 1,
        "dtype": "uint8",
        "crs": "EPSG:32652",
        "transform": Affine(250.0, 0.0, noisy.x0_m, 0.0, -200.0, 4_752_000.0),
    }
    with rasterio.open(paths["water"], "w", **profile) as dst:
        dst.write(np.zeros((6, 7), np.uint8), 1)
    with pytest.raises(TwinInputError, match=r"water\.tif.*not square"):
        load_landscape(paths)


def test_geotiff_without_rasterio_says_how_to_install(noisy, tmp_path, monkeypatch):
    """Without rasterio, GeoTIFF I/O raises TwinInputError pointing to the optional extra."""
    monkeypatch.setitem(sys.modules, "rasterio", None)
    with pytest.raises(TwinInputError, match="twin\\[geotiff\\]"):
        save_geotiff(noisy, tmp_path)


@pytest.mark.parametrize(
    ("crs", "prj", "message"),
    [
        ("EPSG:4326", False, "not a projected CRS.*EPSG:32652"),
        ("EPSG:999999", False, "not a known CRS"),
        (None, False, "landscape.crs"),
        ("EPSG:32653", True, "differs"),
        (None, "garbage", "not a known CRS"),
    ],
)
def test_bad_crs_is_refused(noisy, tmp_path, crs, prj, message):
    """Unknown, geographic, missing or conflicting CRS raise TwinInputError."""
    paths = save_ascii(noisy, tmp_path)
    for path in paths.values():
        if prj is False:
            path.with_suffix(".prj").unlink()
        elif prj == "garbage":
            path.with_suffix(".prj").write_text("not a crs at all")
    with pytest.raises(TwinInputError, match=message):
        load_landscape(paths, crs=crs)


@pytest.mark.parametrize(
    ("layer", "value", "message"),
    [("water", 2, "0 and 1 only"), ("forest_cover", 1.5, r"\[0, 1\]")],
)
def test_values_out_of_range_are_refused(noisy, tmp_path, layer, value, message):
    """Masks must hold 0/1 and fractions must lie in [0, 1]."""
    paths = save_ascii(noisy, tmp_path)
    header = {
        "ncols": 7,
        "nrows": 6,
        "xllcorner": noisy.x0_m,
        "yllcorner": noisy.y0_m,
        "cellsize": 250.0,
    }
    _write_asc(paths[layer], np.full((6, 7), value), header)
    with pytest.raises(TwinInputError, match=rf"{layer}.*{message}"):
        load_landscape(paths)


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ({"elevation": "dem.asc"}, "unknown layer"),
        ({"elevation_m": "dem.png"}, "unsupported format"),
        ("park.shp", "a .npz file"),
        ("missing.npz", "does not exist"),
    ],
)
def test_bad_paths_are_refused(tmp_path, paths, message):
    """Unknown layer names, formats and missing npz files are reported."""
    if isinstance(paths, str):
        paths = tmp_path / paths
    with pytest.raises(TwinInputError, match=message):
        load_landscape(paths)


def test_npz_without_grid_metadata_is_refused(tmp_path):
    """An npz must say where its grid lies."""
    np.savez(tmp_path / "bare.npz", elevation_m=np.zeros((2, 2)))
    with pytest.raises(TwinInputError, match="x0_m"):
        load_landscape(tmp_path / "bare.npz")
