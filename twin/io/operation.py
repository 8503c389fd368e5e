"""Camera operation: when each camera or station was working, at any time resolution.

Camtrap DP only knows deployment intervals, so the twin keeps two further products: a
camtrapR-style operation matrix (station or camera x day) and a list of outage intervals inside
deployments (flat battery, full card, malfunction, theft).

Matrix rule: cell = fraction of the day (00:00-24:00 of the survey's local clock) during which at
least one camera of the row was working; NaN when no camera of the row was deployed at any moment
of that day; 0 when deployed but down all day. A day with a set-up at noon and no outage is 0.5.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from twin.cameras.records import SurveyRecords
from twin.errors import require
from twin.io.records_check import require_records
from twin.io.timestamps import DAY_MIN, iso_date, iso_timestamps

OUTAGE_STATUSES: tuple[str, ...] = ("battery_flat", "card_full", "malfunction", "stolen")
"""Operation statuses that count as an outage inside a deployment."""


def merge_intervals(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the union of half-open intervals ``[start, end)`` as sorted disjoint intervals."""
    keep = end > start
    order = np.argsort(start[keep], kind="stable")
    s, e = start[keep][order], end[keep][order]
    if s.size == 0:
        return s, e
    reach = np.maximum.accumulate(e)
    opens = np.r_[True, s[1:] > reach[:-1]]
    return s[opens], np.maximum.reduceat(e, np.flatnonzero(opens))


def covered_fraction(
    intervals: pd.DataFrame, keys: list[str], edges_min: np.ndarray, key: str
) -> np.ndarray:
    """Fraction of each bin covered by the union of each key's intervals.

    Parameters
    ----------
    intervals
        Columns ``key``, ``start_min``, ``end_min`` (minutes); overlapping intervals of one key
        count once, so two cameras of a station working together give 1, not 2.
    keys
        Row order of the result.
    edges_min
        Bin edges in minutes, increasing, ``n_bins + 1`` values.
    key
        Name of the grouping column.

    Returns
    -------
    numpy.ndarray
        ``(len(keys), n_bins)`` fractions in [0, 1] of each bin's length.
    """
    lo, hi = edges_min[:-1], edges_min[1:]
    out = np.zeros((len(keys), lo.size))
    row_of = {k: i for i, k in enumerate(keys)}
    for name, group in intervals.groupby(key, sort=False):
        if str(name) not in row_of:
            continue
        s, e = merge_intervals(group["start_min"].to_numpy(float), group["end_min"].to_numpy(float))
        overlap = np.minimum(e[:, None], hi) - np.maximum(s[:, None], lo)
        out[row_of[str(name)]] = np.clip(overlap, 0.0, None).sum(axis=0) / (hi - lo)
    return np.clip(out, 0.0, 1.0)


def subtract_intervals(base: pd.DataFrame, holes: pd.DataFrame, key: str) -> pd.DataFrame:
    """Return ``base`` intervals minus ``holes`` of the same key (columns key/start_min/end_min)."""
    rows = []
    by_key = {str(k): g for k, g in holes.groupby(key, sort=False)}
    starts, ends = base["start_min"].to_numpy(float), base["end_min"].to_numpy(float)
    for name, start, end in zip(base[key].astype(str), starts, ends, strict=True):
        group = by_key.get(name)
        hole_s, hole_e = (
            merge_intervals(group["start_min"].to_numpy(float), group["end_min"].to_numpy(float))
            if group is not None
            else (np.empty(0), np.empty(0))
        )
        cuts = np.r_[start, np.clip(np.c_[hole_s, hole_e].ravel(), start, end), end]
        for s, e in cuts.reshape(-1, 2):
            if e > s:
                rows.append({key: name, "start_min": s, "end_min": e})
    return pd.DataFrame(rows, columns=[key, "start_min", "end_min"])


def operation_matrix(records: SurveyRecords, by: str = "station") -> pd.DataFrame:
    """CamtrapR-style operation matrix: rows stations (or cameras), columns survey days.

    Parameters
    ----------
    records
        Survey records; reads ``deployments`` and ``operation``.
    by
        ``"station"`` (paired cameras merged: working if either works) or ``"camera"``.

    Returns
    -------
    pandas.DataFrame
        Index station/camera ids, columns local dates ``YYYY-MM-DD`` of each day's start; values
        in [0, 1] (fraction of the day working) or NaN (not deployed at all that day).
    """
    require(by in ("station", "camera"), "by", by, "'station' or 'camera'")
    require_records(records, ("deployments", "operation"))
    key = f"{by}_id"
    deployments = records.deployments
    working = working_intervals(records)
    n_days = int(np.ceil(records.survey_days))
    edges = np.arange(n_days + 1) * DAY_MIN
    keys = sorted(deployments[key].unique())
    deployed = covered_fraction(deployments, keys, edges, key)
    values = np.where(deployed > 0, covered_fraction(working, keys, edges, key), np.nan)
    days = [iso_date(records.start_datetime, m) for m in edges[:-1]]
    return pd.DataFrame(values, index=pd.Index(keys, name=key), columns=days)


def working_intervals(records: SurveyRecords) -> pd.DataFrame:
    """Return the ``working`` rows of ``records.operation`` with their ``station_id`` added."""
    working = records.operation[records.operation["status"] == "working"]
    station = records.deployments.set_index("deployment_id")["station_id"]
    return working.assign(station_id=working["deployment_id"].map(station))


def outage_intervals(records: SurveyRecords) -> pd.DataFrame:
    """List every interval a camera was not working (statuses :data:`OUTAGE_STATUSES`).

    Returns
    -------
    pandas.DataFrame
        Columns camera_id, deployment_id, station_id, status, start_min, end_min, duration_days,
        start, end (ISO 8601 with UTC offset), sorted by camera and start. ``deployment_id`` is
        "" for an outage outside any deployment (a stolen camera before its replacement).
    """
    require_records(records, ("deployments", "operation"))
    operation, deployments = records.operation, records.deployments
    down = operation[operation["status"].isin(OUTAGE_STATUSES)].copy()
    by_deployment = deployments.set_index("deployment_id")["station_id"]
    by_camera = deployments.drop_duplicates("camera_id").set_index("camera_id")["station_id"]
    station = down["deployment_id"].map(by_deployment).fillna(down["camera_id"].map(by_camera))
    down["deployment_id"] = down["deployment_id"].fillna("")
    down["station_id"] = station.fillna("")
    down = down.sort_values(["camera_id", "start_min"], kind="stable").reset_index(drop=True)
    down["duration_days"] = (down["end_min"] - down["start_min"]) / DAY_MIN
    down["start"] = iso_timestamps(records.start_datetime, down["start_min"])
    down["end"] = iso_timestamps(records.start_datetime, down["end_min"])
    columns = ["camera_id", "deployment_id", "station_id", "status", "start_min", "end_min"]
    return down[[*columns, "duration_days", "start", "end"]]


def write_outages_csv(records: SurveyRecords, path: str | Path) -> Path:
    """Write :func:`outage_intervals` to ``path`` as CSV and return the path."""
    path = Path(path)
    outage_intervals(records).to_csv(path, index=False, lineterminator="\n")
    return path
