"""ESRI ASCII grids (``.asc``): one layer per file, an optional ``.prj`` beside it for the CRS."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from twin.errors import TwinInputError
from twin.landscape.crs import crs_wkt_esri
from twin.landscape.raster_file import RasterFile

_HEADER_KEYS = (
    "ncols",
    "nrows",
    "xllcorner",
    "xllcenter",
    "yllcorner",
    "yllcenter",
    "cellsize",
    "dx",
    "dy",
    "nodata_value",
)
NODATA = -9999


def read_ascii_grid(path: Path) -> RasterFile:
    """Read an ESRI ASCII grid; rows come back south-first.

    Raises
    ------
    TwinInputError
        Malformed header, non-square cells (``dx`` differs from ``dy``) or a wrong number of
        values; the message names the file.
    """
    tokens = path.read_text().split()
    header: dict[str, float] = {}
    while tokens and tokens[0].lower() in _HEADER_KEYS:
        key = tokens.pop(0).lower()
        header[key] = _number(tokens.pop(0) if tokens else "", key, path)
    cellsize = _cellsize(header, path)
    ncols, nrows = (int(header.get(key, 0)) for key in ("ncols", "nrows"))
    if ncols < 1 or nrows < 1:
        raise TwinInputError(f"{path}: header ncols={ncols}, nrows={nrows} must both be >= 1.")
    x0 = _lower_left(header, "x", cellsize, path)
    y0 = _lower_left(header, "y", cellsize, path)
    if len(tokens) != ncols * nrows:
        raise TwinInputError(
            f"{path}: {len(tokens)} values after the header, expected nrows * ncols = "
            f"{nrows * ncols}."
        )
    try:
        values = np.array(tokens, dtype=np.float64).reshape(nrows, ncols)[::-1]
    except ValueError as err:
        raise TwinInputError(f"{path}: the grid holds a value that is not a number.") from err
    valid = ~np.isnan(values)
    if "nodata_value" in header:
        valid &= values != header["nodata_value"]
    prj = path.with_suffix(".prj")
    crs = prj.read_text().strip() if prj.is_file() else None
    return RasterFile(values, valid, x0, y0, cellsize, crs, str(path))


def write_ascii_grid(
    path: Path, values: np.ndarray, x0_m: float, y0_m: float, resolution_m: float, crs: str
) -> None:
    """Write one layer (row 0 south) as an ESRI ASCII grid, north row first, plus a ``.prj``.

    Floats are written with 9 significant digits, which round-trips float32 exactly; bool
    layers are written as 0/1.
    """
    header = (
        f"ncols {values.shape[1]}\nnrows {values.shape[0]}\n"
        f"xllcorner {x0_m!r}\nyllcorner {y0_m!r}\ncellsize {resolution_m!r}\n"
        f"NODATA_value {NODATA}\n"
    )
    fmt = "%d" if values.dtype == np.bool_ else "%.9g"
    with path.open("w") as handle:
        handle.write(header)
        np.savetxt(handle, values[::-1].astype(np.int8 if fmt == "%d" else np.float64), fmt=fmt)
    path.with_suffix(".prj").write_text(crs_wkt_esri(crs))


def _number(text: str, key: str, path: Path) -> float:
    try:
        return float(text)
    except ValueError as err:
        raise TwinInputError(f"{path}: header {key}={text!r} is not a number.") from err


def _cellsize(header: dict[str, float], path: Path) -> float:
    if "cellsize" in header:
        size = header["cellsize"]
    elif "dx" in header and "dy" in header:
        if header["dx"] != header["dy"]:
            raise TwinInputError(
                f"{path}: cells are not square (dx={header['dx']}, dy={header['dy']}): resample "
                "to square cells."
            )
        size = header["dx"]
    else:
        raise TwinInputError(f"{path}: the header has no cellsize.")
    if not np.isfinite(size) or size <= 0:
        raise TwinInputError(f"{path}: cellsize={size} must be > 0.")
    return size


def _lower_left(header: dict[str, float], axis: str, cellsize: float, path: Path) -> float:
    if f"{axis}llcorner" in header:
        return header[f"{axis}llcorner"]
    if f"{axis}llcenter" in header:
        return header[f"{axis}llcenter"] - 0.5 * cellsize
    raise TwinInputError(f"{path}: the header has neither {axis}llcorner nor {axis}llcenter.")
