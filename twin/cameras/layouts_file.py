"""Camera stations and study-area polygons in CSV and GeoJSON files.

Station files
    CSV with columns ``station_id, x_m, y_m`` (metres in the landscape CRS, UTM 52N) or
    ``station_id, longitude, latitude`` (WGS84 degrees); ``x_m, y_m`` win when both are there.
    GeoJSON with Point features, in WGS84 longitude/latitude (RFC 7946) unless the collection
    has a (pre-RFC 7946) ``crs`` member naming another CRS; the id is the ``station_id``
    property, else the feature ``id``. Both may give ``heading_deg``: the station's axis as a
    compass bearing, degrees clockwise from true north (the direction a single camera faces,
    or the trail direction across which paired cameras face each other). ``station_id`` is
    optional (``S001``, ``S002``, ... in file order).
Polygon files
    GeoJSON Polygon or MultiPolygon geometries (holes allowed), or CSV vertices with ``x_m, y_m``
    or ``longitude, latitude`` columns (one ring, in order).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from twin.cameras.layouts_crs import WGS84, crs_of, to_projected, to_wgs84
from twin.errors import TwinInputError, require

if TYPE_CHECKING:
    from twin.cameras.layouts import Layout

GEOJSON_SUFFIXES = (".geojson", ".json")


@dataclass(frozen=True)
class StationTable:
    """Stations read from a file: ids, positions (m) and optional compass headings (deg)."""

    station_id: np.ndarray
    x_m: np.ndarray
    y_m: np.ndarray
    heading_deg: np.ndarray | None


def read_stations(path: str | Path, crs: str) -> StationTable:
    """Read stations from a CSV or GeoJSON file, converting positions to metres in ``crs``.

    Raises
    ------
    TwinInputError
        Naming the file: missing, unreadable, without the needed columns or features, with
        missing values or duplicated ids.
    """
    path = _existing(path)
    if path.suffix.lower() in GEOJSON_SUFFIXES:
        table = _points_from_geojson(_load_json(path), path, crs)
    else:
        table = _stations_from_frame(_load_csv(path), path, crs)
    ids = table.station_id
    require(
        len(set(ids)) == ids.size,
        str(path),
        f"duplicated station ids {_duplicates(ids)}",
        "one row or feature per station_id",
    )
    require(ids.size > 0, str(path), "no stations", "at least one station")
    return table


def write_stations(layout: Layout, path: str | Path) -> Path:
    """Write the layout's stations to CSV, or GeoJSON (WGS84) for ``.geojson``/``.json`` paths.

    :func:`read_stations` reads them back, so a layout can be edited by hand and reused with
    ``layout.pattern=file``.
    """
    path = Path(path)
    frame = layout.stations
    lon, lat = to_wgs84(frame["x_m"].to_numpy(), frame["y_m"].to_numpy(), layout.crs)
    if path.suffix.lower() in GEOJSON_SUFFIXES:
        rows = zip(frame.itertuples(), lon, lat, strict=True)
        features = [_point_feature(row, lo, la) for row, lo, la in rows]
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, indent=1))
    else:
        out = frame[["station_id", "x_m", "y_m", "heading_deg"]].assign(longitude=lon, latitude=lat)
        out.to_csv(path, index=False, float_format="%.9g")
    return path


def read_polygons(path: str | Path, crs: str) -> list[np.ndarray]:
    """Read polygon rings ((n, 2) metres in ``crs``) from a GeoJSON or CSV file."""
    path = _existing(path)
    if path.suffix.lower() in GEOJSON_SUFFIXES:
        data = _load_json(path)
        source = _source_crs(data, path)
        rings = [np.asarray(r, dtype=float)[:, :2] for r in _rings(data, path)]
        return [np.column_stack(to_projected(r[:, 0], r[:, 1], crs, source)) for r in rings]
    frame = _load_csv(path)
    x, y = _positions(frame, path, crs)
    require(x.size >= 3, str(path), f"{x.size} vertices", "a polygon of at least 3 vertices")
    return [np.column_stack([x, y])]


def _existing(path: str | Path) -> Path:
    path = Path(path)
    require(path.is_file(), "file", str(path), "an existing CSV or GeoJSON file")
    return path


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise TwinInputError(f"file={str(path)!r} is not readable GeoJSON: {err}.") from err
    require(isinstance(data, dict), str(path), type(data).__name__, "a GeoJSON object")
    return data


def _load_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as err:
        raise TwinInputError(f"file={str(path)!r} is not a readable CSV table: {err}.") from err


def _positions(frame: pd.DataFrame, path: Path, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Metres from ``x_m, y_m`` or ``longitude, latitude`` columns, checked for gaps."""
    if {"x_m", "y_m"} <= set(frame.columns):
        metres = f"a number of metres in {crs}"
        x, y = (_numbers(frame, name, path, metres) for name in ("x_m", "y_m"))
    elif {"longitude", "latitude"} <= set(frame.columns):
        lon, lat = (
            _numbers(frame, name, path, "WGS84 degrees") for name in ("longitude", "latitude")
        )
        require(
            bool((np.abs(lat) <= 90).all() & (np.abs(lon) <= 180).all()),
            str(path),
            "longitude/latitude out of range",
            "WGS84 degrees",
        )
        x, y = to_projected(lon, lat, crs)
    else:
        raise TwinInputError(
            f"{path}: columns {list(frame.columns)} are not allowed: give x_m,y_m (metres in "
            f"{crs}) or longitude,latitude (WGS84 degrees)."
        )
    require(
        bool(np.isfinite(x).all() & np.isfinite(y).all()),
        str(path),
        "missing or non-numeric coordinates",
        "a finite position in every row",
    )
    return x, y


def _numbers(frame: pd.DataFrame, column: str, path: Path, allowed: str) -> np.ndarray:
    """A column as floats (empty cells NaN); text that is not a number names file, row, value."""
    values = pd.to_numeric(frame[column], errors="coerce")
    text = values.isna() & frame[column].notna()
    if text.any():
        row = int(np.argmax(text.to_numpy()))
        raise TwinInputError(
            f"{path}: {column}={frame[column].iloc[row]!r} (row {row + 2} of the file) is not "
            f"allowed: {allowed}."
        )
    return values.to_numpy(float)


def _stations_from_frame(frame: pd.DataFrame, path: Path, crs: str) -> StationTable:
    x, y = _positions(frame, path, crs)
    if "station_id" in frame.columns:
        require(
            not frame["station_id"].isna().any(),
            str(path),
            "an empty station_id",
            "an id in every row",
        )
        ids = frame["station_id"].astype(str).to_numpy(dtype=object)
    else:
        ids = default_station_ids(x.size)
    heading = None
    if "heading_deg" in frame.columns:
        heading = _numbers(frame, "heading_deg", path, "a compass bearing in degrees")
        require(
            bool(np.isfinite(heading).all()),
            str(path),
            "missing heading_deg values",
            "a compass bearing in degrees in every row, or no heading_deg column",
        )
    return StationTable(ids, x, y, heading)


def _points_from_geojson(data: dict[str, Any], path: Path, crs: str) -> StationTable:
    features = data.get("features", [data] if data.get("type") == "Feature" else [])
    points = [f for f in features if (f.get("geometry") or {}).get("type") == "Point"]
    require(
        len(points) == len(features) and len(points) > 0,
        str(path),
        f"{len(features)} features of which {len(points)} Points",
        "a FeatureCollection of Point features (one per station)",
    )
    try:
        coords = np.array([f["geometry"]["coordinates"][:2] for f in points], dtype=float)
    except (TypeError, ValueError) as err:
        raise TwinInputError(
            f"{path}: Point coordinates are not allowed: [longitude, latitude] numbers ({err})."
        ) from err
    x, y = to_projected(coords[:, 0], coords[:, 1], crs, _source_crs(data, path))
    props = [f.get("properties") or {} for f in points]
    ids = [p.get("station_id", f.get("id")) for p, f in zip(props, points, strict=True)]
    station_id = (
        default_station_ids(len(ids))
        if any(i is None for i in ids)
        else np.array([str(i) for i in ids], dtype=object)
    )
    headings = [p.get("heading_deg") for p in props]
    heading = None if any(h is None for h in headings) else np.asarray(headings, dtype=float)
    return StationTable(station_id, x, y, heading)


def _source_crs(data: dict[str, Any], path: Path) -> str:
    """The CRS named by a GeoJSON ``crs`` member, else WGS84 (RFC 7946)."""
    member = data.get("crs")
    if member is None:
        return WGS84
    name = (member.get("properties") or {}).get("name") if isinstance(member, dict) else None
    if not isinstance(name, str):
        raise TwinInputError(f"{path}: crs={member!r} is not allowed: a named CRS.")
    if name.upper().endswith("CRS84"):
        return WGS84
    return crs_of(name, f"{path}: crs")


def _rings(data: dict[str, Any], path: Path) -> list[list]:
    """All rings (outer boundaries and holes) of the Polygon/MultiPolygon geometries."""
    geometries = [f.get("geometry") or {} for f in data.get("features", [])] or [
        data.get("geometry", data)
    ]
    rings: list[list] = []
    for geometry in geometries:
        if geometry.get("type") == "Polygon":
            rings.extend(geometry["coordinates"])
        elif geometry.get("type") == "MultiPolygon":
            rings.extend(ring for polygon in geometry["coordinates"] for ring in polygon)
    require(bool(rings), str(path), "no Polygon or MultiPolygon geometry", "a study-area polygon")
    return rings


def _point_feature(row: Any, lon: float, lat: float) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": row.station_id,
        "geometry": {"type": "Point", "coordinates": [round(lon, 9), round(lat, 9)]},
        "properties": {"station_id": row.station_id, "heading_deg": round(row.heading_deg, 6)},
    }


def default_station_ids(n: int) -> np.ndarray:
    """``S001, S002, ...`` (wider when n > 999)."""
    width = max(3, len(str(n)))
    return np.array([f"S{i + 1:0{width}d}" for i in range(n)], dtype=object)


def _duplicates(ids: np.ndarray) -> list[str]:
    values, counts = np.unique(ids.astype(str), return_counts=True)
    return values[counts > 1][:5].tolist()
