"""Building the landscape from the `landscape` config group."""

from pathlib import Path

import numpy as np
import pytest
from omegaconf import OmegaConf

from twin.errors import TwinInputError
from twin.landscape import Landscape, build_landscape, save_npz, synthetic_park
from twin.landscape.build import CONFIG_KEYS, landscape_config

CONF = Path(__file__).resolve().parents[2] / "conf" / "landscape"


def _build(cfg):
    """Validate a landscape mapping and build it."""
    return build_landscape(landscape_config(cfg))


@pytest.fixture
def user_npz(make_layers, tmp_path) -> Path:
    """A 12 x 12 landscape of 100 m cells, all park, saved as .npz."""
    layers = make_layers(12, 12)
    layers["park"][:] = True
    land = Landscape(x0_m=700_000.0, y0_m=4_800_000.0, resolution_m=100.0, layers=layers)
    return save_npz(land, tmp_path / "user.npz")


def test_option_files_hold_every_key():
    """Both config options set exactly the keys build_landscape knows."""
    for option in ("synthetic", "files"):
        assert set(OmegaConf.load(CONF / f"{option}.yaml")) == set(CONFIG_KEYS)


def test_synthetic_option_builds_the_synthetic_park():
    """The default option (at a coarse resolution) equals synthetic_park with the same values."""
    cfg = OmegaConf.load(CONF / "synthetic.yaml")
    cfg.resolution_m = 2000.0
    land = _build(cfg)
    expected = synthetic_park(2000.0, seed=cfg.seed, park_area_km2=cfg.park_area_km2)
    np.testing.assert_array_equal(land.layers["habitat"], expected.layers["habitat"])


def test_files_option_loads_rasters(user_npz):
    """source=files loads the named .npz."""
    cfg = OmegaConf.load(CONF / "files.yaml")
    cfg.files = str(user_npz)
    land = _build(cfg)
    assert land.shape == (12, 12) and land.resolution_m == 100.0


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"source": "osm"}, "landscape.source"),
        ({"resolution": 100.0}, "landscape.resolution"),
        ({"resolution_m": 200_000.0}, "landscape.resolution_m"),
        ({"resolution_m": -5.0}, "landscape.resolution_m"),
        ({"seed": "one"}, "landscape.seed"),
        ({"park_area_km2": 0.0}, "landscape.park_area_km2"),
        ({"files": {"elevation_m": "dem.asc"}}, "landscape.files"),
        ({"crs": "EPSG:4326"}, "landscape.crs"),
        ({"crs": "EPSG:32653"}, "landscape.crs"),
    ],
)
def test_bad_synthetic_settings_name_the_key(changes, key):
    """Bad synthetic settings raise TwinInputError naming landscape.<key>."""
    cfg = {"source": "synthetic", "resolution_m": 2000.0, "seed": 1, "park_area_km2": 2620.0}
    cfg.update(changes)
    with pytest.raises(TwinInputError, match=key):
        _build(cfg)


def test_resolution_larger_than_the_park_is_refused():
    """A cell larger than the park's short side is an error that explains the limit."""
    with pytest.raises(TwinInputError, match="landscape.resolution_m.*at least 10 cells"):
        _build({"source": "synthetic", "resolution_m": 60_000.0})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"files": {}}, "landscape.files"),
        ({"files": None}, "landscape.files"),
        ({"files": {"elevation_m": "no/such/dem.asc"}}, r"landscape.files.*no/such/dem\.asc"),
        ({"resolution_m": 250.0}, "landscape.resolution_m"),
    ],
)
def test_bad_file_settings_name_the_key(user_npz, changes, message):
    """Missing or empty files and a resolution that differs from the files are refused."""
    cfg = {"source": "files", "files": str(user_npz), "crs": None}
    cfg.update(changes)
    with pytest.raises(TwinInputError, match=message):
        _build(cfg)


def test_files_with_too_coarse_cells_are_refused(tiny, tmp_path):
    """A park less than 10 cells across is refused as too coarse."""
    path = save_npz(tiny, tmp_path / "tiny.npz")
    with pytest.raises(TwinInputError, match="landscape.files.*too coarse"):
        _build({"source": "files", "files": str(path)})
