"""The raster landscape of the park: layers, the synthetic park, file readers and writers."""

from twin.landscape.build import build_landscape
from twin.landscape.grid import BOOL_LAYERS, FLOAT_LAYERS, LAYERS, Landscape
from twin.landscape.habitat import habitat_suitability
from twin.landscape.readers import REQUIRED_LAYERS, load_landscape
from twin.landscape.synthetic import synthetic_park
from twin.landscape.writers import save_ascii, save_geotiff, save_npz

__all__ = [
    "BOOL_LAYERS",
    "FLOAT_LAYERS",
    "LAYERS",
    "REQUIRED_LAYERS",
    "Landscape",
    "build_landscape",
    "habitat_suitability",
    "load_landscape",
    "save_ascii",
    "save_geotiff",
    "save_npz",
    "synthetic_park",
]
