"""Read a Camtrap DP package (the twin's or anyone's) and turn it into a capture history.

This is the path real data take: ``read_camtrap_dp`` then ``capture_history`` gives what the
twin's estimators read, from deployments (detector positions and usage) and observations only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from twin.errors import TwinInputError, require
from twin.io.camtrapdp_spec import OUTAGES_NAME, OUTAGES_SCHEMA, TABLE_NAMES, table_schema
from twin.io.capture_history import CaptureHistory, build_capture_history
from twin.io.coordinates import from_wgs84
from twin.io.operation import subtract_intervals
from twin.io.timestamps import minutes_since

_MISSING = ("", "NA", "NaN", "nan")
_TRUE = ("true", "True", "TRUE", "1")
_WITH_OFFSET = r"T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$"
"""An ISO 8601 date-time that ends in a UTC offset (``Z``, ``+10:00``, ``+1000``, ``+10``)."""
MAX_LISTED = 5


@dataclass
class CamtrapPackage:
    """A Camtrap DP package in memory.

    Attributes
    ----------
    descriptor
        ``datapackage.json`` as a dict.
    deployments, media, observations
        The tables; datetimes parsed to timezone-aware UTC timestamps, numbers to floats
        (integers to nullable ``Int64``), booleans to nullable ``boolean``, missing strings "".
    outages
        The twin's ``camera-outages`` table when the package has one, else None.
    folder
        Where the package was read from.
    """

    descriptor: dict[str, Any]
    deployments: pd.DataFrame
    media: pd.DataFrame
    observations: pd.DataFrame
    outages: pd.DataFrame | None
    folder: Path


def time_zone(name: str, key: str = "timezone") -> ZoneInfo:
    """The IANA time zone ``name`` (e.g. ``Asia/Vladivostok``); ``key`` names it in errors."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise TwinInputError(
            f"{key}={name!r} is not allowed: an IANA time zone name such as Asia/Vladivostok "
            "(the zone of the cameras' clocks)."
        ) from err


def _datetimes(text: pd.Series, zone: ZoneInfo | None, key: str) -> pd.Series:
    """ISO 8601 text as UTC timestamps: by its own UTC offset, else as local time in ``zone``."""
    naive = text.notna() & ~text.str.contains(_WITH_OFFSET, na=False)
    stamps = pd.to_datetime(text.where(~naive), format="ISO8601", utc=True)
    if not naive.any():
        return stamps
    if zone is None:
        raise TwinInputError(
            f"{key}={_listed(text[naive])!r} is not allowed: date-times with a UTC offset (e.g. "
            "2024-06-01T07:30:00+10:00), or the time zone of the cameras' clocks named "
            "(twin-estimate --timezone, an IANA name such as Asia/Vladivostok): read as UTC "
            "they could be off by up to a day."
        )
    local = pd.to_datetime(text[naive], format="ISO8601")
    local = local.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    require(
        local.notna().all(),
        key,
        _listed(text[naive][local.isna()]),
        f"local times that occur once in {zone.key} (not skipped or repeated by a daylight-"
        "saving change), or their UTC offsets given",
    )
    stamps[naive] = local.dt.tz_convert("UTC")
    return stamps


def _listed(values: pd.Series) -> list[str]:
    """The first distinct values, for a message."""
    return [str(v) for v in values.unique()[:MAX_LISTED]]


def _typed(
    frame: pd.DataFrame, fields: list[dict[str, Any]], path: Path, zone: ZoneInfo | None
) -> pd.DataFrame:
    for spec in fields:
        name, kind = spec["name"], spec.get("type", "string")
        if name not in frame.columns or kind in ("string", "any"):
            continue
        text = frame[name].where(~frame[name].isin(_MISSING))
        if kind == "datetime":
            frame[name] = _datetimes(text, zone, f"{path}: {name}")
        elif kind == "number":
            frame[name] = pd.to_numeric(text).astype(float)
        elif kind == "integer":
            frame[name] = pd.to_numeric(text).astype("Int64")
        elif kind == "boolean":
            frame[name] = text.map(lambda v: pd.NA if pd.isna(v) else v in _TRUE).astype("boolean")
    return frame


def _resource_path(folder: Path, resource: dict[str, Any]) -> Path:
    return folder / str(resource.get("path", f"{resource['name']}.csv"))


def table_path(package: CamtrapPackage, name: str) -> Path:
    """The file of the package's table ``name`` (e.g. ``"observations"``)."""
    resource = next(r for r in package.descriptor["resources"] if r.get("name") == name)
    return _resource_path(package.folder, resource)


def _read_table(
    folder: Path, resource: dict[str, Any], fields: list[dict[str, Any]], zone: ZoneInfo | None
) -> pd.DataFrame:
    path = _resource_path(folder, resource)
    require(path.is_file(), f"{folder}/datapackage.json", str(path), "an existing local CSV file")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return _typed(frame, fields, path, zone)


def read_camtrap_dp(folder: str | Path, timezone: str | None = None) -> CamtrapPackage:
    """Read a Camtrap DP 1.0.x package folder (descriptor and CSV tables).

    Parameters
    ----------
    folder
        Folder with ``datapackage.json``; resources must be local CSV files.
    timezone
        IANA name of the time zone of date-times written without a UTC offset (e.g.
        ``"Asia/Vladivostok"``); date-times with an offset keep it. Without it, a date-time
        without an offset is an error (read as UTC it could be off by up to a day).

    Returns
    -------
    CamtrapPackage
        Descriptor and typed tables. Validation is separate: see
        :func:`twin.io.camtrapdp_validate.validate_package`.

    Raises
    ------
    TwinInputError
        Naming the file and column: a missing file, a date-time without a UTC offset (and no
        ``timezone``), a local time that ``timezone`` skips or repeats, an unknown ``timezone``.
    """
    zone = None if timezone is None else time_zone(timezone)
    folder = Path(folder)
    path = folder / "datapackage.json"
    require(path.is_file(), "folder", str(folder), "a folder holding datapackage.json")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        require(False, str(path), str(err), "valid JSON")
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    missing = [name for name in TABLE_NAMES if name not in resources]
    require(not missing, f"{path}: resources", missing, "deployments, media and observations")
    tables = {
        name: _read_table(folder, resources[name], table_schema(name)["fields"], zone)
        for name in TABLE_NAMES
    }
    outages = None
    if OUTAGES_NAME in resources:
        outages = _read_table(folder, resources[OUTAGES_NAME], OUTAGES_SCHEMA["fields"], zone)
    return CamtrapPackage(descriptor=descriptor, outages=outages, folder=folder, **tables)


def _station_ids(deployments: pd.DataFrame) -> pd.Series:
    ids = deployments["locationID"].where(
        deployments["locationID"] != "", deployments["locationName"]
    )
    return ids.where(ids != "", deployments["deploymentID"])


def _instant(value: datetime | str | None, default: pd.Timestamp, key: str) -> pd.Timestamp:
    if value is None:
        return default
    stamp = pd.Timestamp(value)
    require(stamp.tzinfo is not None, key, value, "a timezone-aware datetime or ISO 8601 string")
    return stamp.tz_convert("UTC")


def _working(package: CamtrapPackage, station: pd.Series, origin: pd.Timestamp) -> pd.DataFrame:
    dep = package.deployments
    base = pd.DataFrame(
        {
            "deploymentID": dep["deploymentID"],
            "start_min": minutes_since(dep["deploymentStart"], origin),
            "end_min": minutes_since(dep["deploymentEnd"], origin),
        }
    )
    holes = base.iloc[:0]
    if package.outages is not None:
        holes = pd.DataFrame(
            {
                "deploymentID": package.outages["deploymentID"],
                "start_min": minutes_since(package.outages["outageStart"], origin),
                "end_min": minutes_since(package.outages["outageEnd"], origin),
            }
        )
    working = subtract_intervals(base, holes, "deploymentID")
    return working.assign(station_id=working["deploymentID"].map(station))


def _require_known_deployments(
    package: CamtrapPackage, seen: pd.DataFrame, station: pd.Series
) -> None:
    """Every counted observation names a deployment of the deployments table."""
    unknown = ~seen["deploymentID"].isin(station.index)
    require(
        not unknown.any(),
        f"{table_path(package, 'observations')}: deploymentID",
        _listed(seen.loc[unknown, "deploymentID"]),
        f"deploymentIDs of {table_path(package, 'deployments')} (observations of the species "
        f"that name a deployment not listed there: {int(unknown.sum())})",
    )


def _sightings(package: CamtrapPackage, species: str) -> pd.DataFrame:
    obs = package.observations
    chosen = obs[
        (obs["observationType"] == "animal")
        & (obs["scientificName"] == species)
        & (obs["individualID"] != "")
    ]
    events = chosen["observationLevel"] == "event"
    return chosen[events] if events.any() else chosen


def capture_history(
    package: CamtrapPackage,
    species: str = "Panthera pardus",
    occasion_days: float = 7.0,
    start: datetime | str | None = None,
    end: datetime | str | None = None,
    *,
    crs: str = "EPSG:32652",
    independence_min: float = 30.0,
) -> CaptureHistory:
    """Build a spatial capture history from a Camtrap DP package.

    Detectors are locations (``locationID``, else ``locationName``, else the deployment):
    cameras at one location form one detector at their mean position, projected to ``crs``.
    Usage is the fraction of each occasion during which at least one deployment of the location
    was running, minus the twin's ``camera-outages`` when the package has them. Detections are
    event-level observations of ``species`` with an ``individualID`` (media-level ones when the
    package has no event level), timed by ``eventStart``; ``sex`` is the most frequent value
    given for each individual.

    Parameters
    ----------
    package
        Package from :func:`read_camtrap_dp`.
    species
        ``scientificName`` to keep.
    occasion_days
        Occasion length, days; occasions start at ``start``.
    start, end
        Timezone-aware survey window; default first deployment start to last deployment end.
    crs
        Projected CRS of the detector coordinates (metres).
    independence_min
        Minimum gap between two counted detections of one individual at one location, minutes.

    Returns
    -------
    CaptureHistory
        Counts per individual, occasion and location, with usage.
    """
    dep = package.deployments
    require(
        len(dep) > 0, str(table_path(package, "deployments")), "no rows", "at least one deployment"
    )
    origin = _instant(start, dep["deploymentStart"].min(), "start")
    stop = _instant(end, dep["deploymentEnd"].max(), "end")
    station = pd.Series(_station_ids(dep).to_numpy(str), index=dep["deploymentID"].to_numpy(str))
    located = dep.assign(station_id=station.to_numpy())
    mean = located.groupby("station_id", sort=True)[["longitude", "latitude"]].mean()
    x_m, y_m = from_wgs84(mean["longitude"].to_numpy(), mean["latitude"].to_numpy(), crs)
    stations = pd.DataFrame({"station_id": mean.index.to_numpy(str), "x_m": x_m, "y_m": y_m})
    seen = _sightings(package, species)
    _require_known_deployments(package, seen, station)
    detections = pd.DataFrame(
        {
            "individual_id": seen["individualID"].to_numpy(str),
            "station_id": seen["deploymentID"].map(station).to_numpy(str),
            "time_min": minutes_since(seen["eventStart"], origin),
        }
    )
    known = seen[seen["sex"] != ""]
    modes = known.groupby("individualID")["sex"].agg(lambda s: s.mode().iloc[0])
    sex = {str(k): str(v) for k, v in modes.items()}
    return build_capture_history(
        detections,
        stations,
        _working(package, station, origin),
        species=species,
        occasion_days=occasion_days,
        start_min=0.0,
        end_min=float((stop - origin) / pd.Timedelta(minutes=1)),
        sex=sex or None,
        independence_min=independence_min,
    )
