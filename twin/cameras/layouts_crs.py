"""Coordinates and bearings at the layout boundary: WGS84 degrees and compass headings.

Inside the twin, positions are metres in the landscape's projected CRS (UTM 52N) and camera
headings are radians counter-clockwise from grid east (the math convention). Files and Camtrap DP
use longitude/latitude (WGS84) and compass bearings in degrees clockwise from *true* north. Grid
north and true north differ by the meridian convergence (about 1.6 degrees in the park, which
lies 2.3 degrees east of the UTM 52N central meridian), so bearings are converted with the true
north direction at each point.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from twin.errors import TwinInputError

WGS84 = "EPSG:4326"
NORTH_STEP_DEG = 1e-3


@lru_cache(maxsize=16)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def to_projected(lon_deg: np.ndarray, lat_deg: np.ndarray, crs: str, source: str = WGS84):
    """Project longitudes/latitudes (or coordinates in ``source``) to metres in ``crs``.

    Returns ``(x_m, y_m)`` float arrays.
    """
    x, y = _transformer(source, crs).transform(
        np.asarray(lon_deg, float), np.asarray(lat_deg, float)
    )
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def to_wgs84(x_m: np.ndarray, y_m: np.ndarray, crs: str):
    """Longitude and latitude (degrees, WGS84) of points in metres in ``crs``."""
    lon, lat = _transformer(crs, WGS84).transform(np.asarray(x_m, float), np.asarray(y_m, float))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def true_north_rad(x_m: np.ndarray, y_m: np.ndarray, crs: str) -> np.ndarray:
    """Direction of true north at each point, radians counter-clockwise from grid east."""
    lon, lat = to_wgs84(x_m, y_m, crs)
    xn, yn = to_projected(lon, lat + NORTH_STEP_DEG, crs)
    return np.arctan2(yn - np.asarray(y_m, float), xn - np.asarray(x_m, float))


def compass_deg(heading_rad: np.ndarray, x_m: np.ndarray, y_m: np.ndarray, crs: str) -> np.ndarray:
    """Compass bearing (degrees clockwise from true north, in [0, 360)) of math-convention
    headings (radians counter-clockwise from grid east) at points in metres."""
    bearing = np.degrees(true_north_rad(x_m, y_m, crs) - np.asarray(heading_rad, float))
    return np.mod(bearing, 360.0)


def heading_rad_from_compass(
    bearing_deg: np.ndarray, x_m: np.ndarray, y_m: np.ndarray, crs: str
) -> np.ndarray:
    """Inverse of :func:`compass_deg`: headings in radians counter-clockwise from grid east,
    in [0, 2 pi)."""
    heading = true_north_rad(x_m, y_m, crs) - np.radians(np.asarray(bearing_deg, float))
    return np.mod(heading, 2.0 * np.pi)


def crs_of(name: str, key: str) -> str:
    """Check a CRS name given in a file (``key``) and return it; raise TwinInputError if unknown."""
    try:
        CRS.from_user_input(name)
    except CRSError as err:
        raise TwinInputError(
            f"{key}={name!r} is not a known CRS: use an EPSG code such as 'EPSG:32652' or a "
            "'urn:ogc:def:crs:EPSG::32652' name."
        ) from err
    return name
