"""Camera traps: layouts, detection-zone geometry and the camera model."""

from twin.cameras.geometry import (
    LEFT,
    RIGHT,
    Passages,
    find_passages,
    find_passages_bruteforce,
    find_passages_reference,
)
from twin.cameras.layouts import Layout
from twin.cameras.layouts_config import LayoutConfig, read_layout_config
from twin.cameras.layouts_file import read_stations, write_stations
from twin.cameras.layouts_make import make_layout
from twin.cameras.spatial_index import CameraIndex

__all__ = [
    "LEFT",
    "RIGHT",
    "CameraIndex",
    "Layout",
    "LayoutConfig",
    "Passages",
    "find_passages",
    "find_passages_bruteforce",
    "find_passages_reference",
    "make_layout",
    "read_layout_config",
    "read_stations",
    "write_stations",
]
