"""Coordinate reference systems: the landscape works in a projected CRS with metre units."""

from __future__ import annotations

from functools import lru_cache

from pyproj import CRS
from pyproj.exceptions import CRSError

from twin.errors import TwinInputError

_REPROJECT = "reproject the rasters to a metric projected CRS such as EPSG:32652 (UTM 52N)"


@lru_cache(maxsize=32)
def projected_crs(crs: str, key: str) -> str:
    """Check that ``crs`` is a known projected CRS in metres and return a canonical string.

    Parameters
    ----------
    crs
        Anything pyproj understands: ``"EPSG:32652"``, a WKT string, a PROJ string.
    key
        Config key or file name that holds the CRS, used in error messages.

    Returns
    -------
    str
        ``"EPSG:<code>"`` when the CRS matches an EPSG code, else its WKT.

    Raises
    ------
    TwinInputError
        Unknown CRS, geographic (degrees) CRS, or axes not in metres.
    """
    try:
        parsed = CRS.from_user_input(crs)
    except CRSError as err:
        raise TwinInputError(
            f"{key}={_short(crs)!r} is not a known CRS: give an EPSG code such as 'EPSG:32652' "
            "or a WKT/PROJ string."
        ) from err
    if parsed.is_geographic or not parsed.is_projected:
        raise TwinInputError(
            f"{key}={_short(crs)!r} is not a projected CRS (cells in degrees are not allowed): "
            f"{_REPROJECT}."
        )
    units = {axis.unit_name for axis in parsed.axis_info}
    if not units <= {"metre", "meter"}:
        raise TwinInputError(
            f"{key}={_short(crs)!r} has axis units {sorted(units)}, not metres: {_REPROJECT}."
        )
    code = parsed.to_epsg(min_confidence=90)
    return f"EPSG:{code}" if code is not None else parsed.to_wkt()


def same_crs(a: str, b: str) -> bool:
    """Whether two canonical CRS strings (from :func:`projected_crs`) denote the same CRS."""
    return a == b or CRS.from_user_input(a).equals(CRS.from_user_input(b), ignore_axis_order=True)


def crs_wkt_esri(crs: str) -> str:
    """The ESRI WKT of ``crs``, as written to the ``.prj`` file beside an ASCII grid."""
    from pyproj.enums import WktVersion

    return CRS.from_user_input(crs).to_wkt(WktVersion.WKT1_ESRI)


def _short(text: str) -> str:
    text = str(text)
    return text if len(text) <= 80 else text[:77] + "..."
