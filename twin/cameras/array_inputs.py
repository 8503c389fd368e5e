"""Checks on what callers hand the camera array: the layout, per-camera distances, passages."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Protocol

import numpy as np
import pandas as pd

from twin.errors import TwinInputError, require

PASSAGE_FIELDS: dict[str, str] = {
    "animal_id": "int",
    "species": "int",
    "camera": "int",
    "time_min": "float",
    "distance_m": "float",
    "angle_rad": "float",
    "speed_m_per_s": "float",
    "flank": "int",
}
"""Fields of a passage (as in :class:`twin.cameras.geometry.Passages`) and their kind."""
_CAMERA, _TIME = list(PASSAGE_FIELDS).index("camera"), list(PASSAGE_FIELDS).index("time_min")
_CAMERA_COLUMNS = ("camera_id", "station_id", "x_m", "y_m", "heading_deg")
_DTYPE_KINDS = {"int": "iu", "float": "iuf"}
_TIME_SLACK_MIN = 1e-9  # a passage at env.now computed with round-off is still "now"


def passage_rows(passages: Any, n_cameras: int, now_min: float) -> list[tuple]:
    """The passages as row tuples in :data:`PASSAGE_FIELDS` order, checked; ``[]`` when empty.

    Rows are plain Python values: a tick holds a handful of passages, for which numpy's
    per-call overhead would dominate (so messages are only built when a check fails).

    Raises
    ------
    TwinInputError
        If a field is missing, lengths differ, an integer field holds non-integers, a camera
        index is outside ``[0, n_cameras)``, or a time is not finite or lies before ``now_min``.
    """
    if len(getattr(passages, "time_min", (None,))) == 0:
        return []
    columns = [_column(passages, name, kind) for name, kind in PASSAGE_FIELDS.items()]
    size = len(columns[_TIME])
    if any(len(column) != size for column in columns):
        lengths = {name: len(c) for name, c in zip(PASSAGE_FIELDS, columns, strict=True)}
        require(False, "passages", lengths, "arrays of equal length")
    low, high = min(columns[_CAMERA]), max(columns[_CAMERA])
    if low < 0 or high >= n_cameras:
        require(
            False,
            "passages.camera",
            low if low < 0 else high,
            f"layout row indices in [0, {n_cameras})",
        )
    earliest = min(columns[_TIME])
    if earliest < now_min - _TIME_SLACK_MIN or not all(map(math.isfinite, columns[_TIME])):
        require(False, "passages.time_min", earliest, f"finite times not before {now_min} min")
    return list(zip(*columns, strict=True))


def _column(passages: Any, name: str, kind: str) -> list:
    value = getattr(passages, name, None)
    if value is None:
        raise TwinInputError(
            f"passages.{name}=None is not allowed: an array, one value per passage."
        )
    if not hasattr(value, "dtype"):
        value = np.asarray(value)
    if value.dtype.kind not in _DTYPE_KINDS[kind]:
        require(False, f"passages.{name}", value.dtype, f"an array of kind {kind}")
    return value.tolist()


def checked_site_distances(values: Any, n_cameras: int, key: str) -> np.ndarray:
    """Return per-camera distances (m) as a float array, checking length and sign."""
    distances = np.asarray(values, dtype=np.float64).reshape(-1)
    require(
        distances.size == n_cameras,
        key,
        f"{distances.size} values",
        f"one distance per camera ({n_cameras})",
    )
    require(
        bool(np.isfinite(distances).all() and (distances >= 0).all()),
        key,
        float(distances.min()) if distances.size else None,
        "finite distances >= 0 m",
    )
    return distances


class HasCameras(Protocol):
    """A camera layout: ``cameras`` has one row per camera (row ``i`` is passage camera ``i``)."""

    @property
    def cameras(self) -> pd.DataFrame:
        """One row per camera: camera_id, station_id, x_m, y_m, heading_deg."""


def checked_cameras(layout: HasCameras) -> pd.DataFrame:
    """Return the layout's camera table with a fresh 0..n-1 index, checking its columns."""
    cameras = getattr(layout, "cameras", None)
    require(
        isinstance(cameras, pd.DataFrame),
        "layout.cameras",
        type(cameras).__name__,
        "a pandas DataFrame with one row per camera",
    )
    assert isinstance(cameras, pd.DataFrame)
    missing = [c for c in _CAMERA_COLUMNS if c not in cameras.columns]
    require(
        not missing,
        "layout.cameras",
        f"missing columns {missing}",
        f"columns {list(_CAMERA_COLUMNS)}",
    )
    require(len(cameras) > 0, "layout.cameras", "0 rows", "at least one camera")
    return cameras.reset_index(drop=True)


def check_run_arguments(
    rng: Any, survey_days: float, tick_min: float, start_datetime: datetime
) -> None:
    """Check the scalar arguments of a camera array (random stream, survey length, clock)."""
    require(
        isinstance(start_datetime, datetime) and start_datetime.utcoffset() is not None,
        "start_datetime",
        start_datetime,
        "a timezone-aware datetime",
    )
    require(isinstance(rng, np.random.Generator), "rng", rng, "a numpy.random.Generator")
    require(
        bool(np.isfinite(survey_days)) and survey_days > 0,
        "survey_days",
        survey_days,
        "a positive finite number of days",
    )
    require(tick_min > 0, "tick_min", tick_min, "a positive number of minutes")
