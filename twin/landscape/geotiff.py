"""GeoTIFF layers through rasterio, imported only when a GeoTIFF is read or written."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np

from twin.errors import TwinInputError
from twin.landscape.raster_file import RasterFile


def _rasterio(path: Path) -> ModuleType:
    try:
        import rasterio
    except ImportError as err:
        raise TwinInputError(
            f"{path}: reading or writing GeoTIFF needs the optional package rasterio "
            "(pip install 'twin[geotiff]'); or use ESRI ASCII grids (.asc) or .npz."
        ) from err
    return rasterio


def read_geotiff(path: Path) -> RasterFile:
    """Read band 1 of a north-up GeoTIFF; rows come back south-first.

    Raises
    ------
    TwinInputError
        Rotated or south-up grids and non-square cells; the message names the file.
    """
    rasterio = _rasterio(path)
    with rasterio.open(path) as src:
        transform = src.transform
        values = src.read(1).astype(np.float64)
        valid = src.read_masks(1) > 0
        crs = src.crs.to_wkt() if src.crs else None
    if transform.b != 0 or transform.d != 0 or transform.a <= 0 or transform.e >= 0:
        raise TwinInputError(
            f"{path}: geotransform {tuple(transform)[:6]} is not north-up without rotation: "
            "warp the raster to a north-up grid."
        )
    if not np.isclose(transform.a, -transform.e, rtol=1e-9, atol=0):
        raise TwinInputError(
            f"{path}: cells are not square ({transform.a} x {-transform.e}): resample to square "
            "cells."
        )
    valid &= ~np.isnan(values)
    y0 = round(transform.f + transform.e * values.shape[0], 6)  # drop float noise below 1 um
    return RasterFile(values[::-1], valid[::-1], transform.c, y0, transform.a, crs, str(path))


def write_geotiff(
    path: Path, values: np.ndarray, x0_m: float, y0_m: float, resolution_m: float, crs: str
) -> None:
    """Write one layer (row 0 south) as a north-up, deflate-compressed GeoTIFF.

    Float layers are stored as float32 and bool layers as uint8 0/1.
    """
    rasterio = _rasterio(path)
    from rasterio.transform import Affine

    data = values.astype(np.uint8 if values.dtype == np.bool_ else np.float32)[::-1]
    top_m = y0_m + values.shape[0] * resolution_m
    profile = {
        "driver": "GTiff",
        "width": data.shape[1],
        "height": data.shape[0],
        "count": 1,
        "dtype": data.dtype.name,
        "crs": rasterio.crs.CRS.from_user_input(crs),
        "transform": Affine(resolution_m, 0.0, x0_m, 0.0, -resolution_m, top_m),
        "compress": "deflate",
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
