"""Projected metres to WGS84 degrees and back, at the Camtrap DP boundary."""

from __future__ import annotations

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from twin.errors import TwinInputError

WGS84 = "EPSG:4326"


def _transformer(source: str, target: str, key: str) -> Transformer:
    try:
        CRS.from_user_input(source)
    except CRSError as err:
        raise TwinInputError(
            f"{key}={source!r} is not allowed: a coordinate reference system pyproj knows, "
            "e.g. 'EPSG:32652' (UTM 52N)."
        ) from err
    return Transformer.from_crs(source, target, always_xy=True)


def to_wgs84(x_m: np.ndarray, y_m: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Project easting/northing in metres of ``crs`` to longitude and latitude in degrees.

    Parameters
    ----------
    x_m, y_m
        Easting and northing, m.
    crs
        Source CRS, e.g. ``"EPSG:32652"``.

    Returns
    -------
    tuple of numpy.ndarray
        ``(longitude_deg, latitude_deg)`` in WGS84.
    """
    transformer = _transformer(crs, WGS84, "crs")
    lon, lat = transformer.transform(np.asarray(x_m, float), np.asarray(y_m, float))
    return np.asarray(lon, float), np.asarray(lat, float)


def from_wgs84(lon_deg: np.ndarray, lat_deg: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Project WGS84 longitude/latitude in degrees to metres ``(x_m, y_m)`` of ``crs``."""
    transformer = _transformer(crs, WGS84, "crs")
    x_m, y_m = transformer.transform(
        np.asarray(lon_deg, float), np.asarray(lat_deg, float), direction="INVERSE"
    )
    return np.asarray(x_m, float), np.asarray(y_m, float)
