"""The survey records a camera array hands on: deployments, sequences, media and operation.

Times are float minutes since ``start_datetime`` (timezone-aware); coordinates are metres in UTM
52N (EPSG:32652). Truth columns in ``sequences`` are prefixed ``true_``; an estimator must not read
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd

DEFAULT_START = datetime(2024, 6, 1, 0, 0, tzinfo=timezone(timedelta(hours=10)))
"""Default simulation start: 2024-06-01T00:00+10:00 (Vladivostok time)."""

CRS = "EPSG:32652"

OPERATION_STATUSES: tuple[str, ...] = (
    "working",
    "battery_flat",
    "card_full",
    "malfunction",
    "stolen",
    "not_deployed",
)
"""Allowed values of ``operation.status``; every minute of a camera's survey has exactly one."""

DEPLOYMENT_COLUMNS: dict[str, str] = {
    "deployment_id": "object",
    "camera_id": "object",
    "station_id": "object",
    "x_m": "float64",
    "y_m": "float64",
    "heading_deg": "float64",
    "camera_model": "object",
    "camera_height_m": "float64",
    "detection_distance_m": "float64",
    "start_min": "float64",
    "end_min": "float64",
}

SEQUENCE_COLUMNS: dict[str, str] = {
    "sequence_id": "object",
    "deployment_id": "object",
    "camera_id": "object",
    "station_id": "object",
    "start_min": "float64",
    "end_min": "float64",
    "n_photos": "int64",
    "species": "int64",
    "true_animal_id": "int64",
    "distance_m": "float64",
    "angle_rad": "float64",
    "speed_m_per_s": "float64",
    "flank": "int64",
    "is_night": "bool",
    "retrieved": "bool",
    "identified": "bool",
    "individual_id": "object",
    "misidentified": "bool",
}

MEDIA_COLUMNS: dict[str, str] = {
    "media_id": "object",
    "sequence_id": "object",
    "deployment_id": "object",
    "timestamp_min": "float64",
    "file_name": "object",
    "file_path": "object",
    "file_mediatype": "object",
    "is_night": "bool",
}

OPERATION_COLUMNS: dict[str, str] = {
    "camera_id": "object",
    "deployment_id": "object",
    "start_min": "float64",
    "end_min": "float64",
    "status": "object",
}


def empty_table(columns: dict[str, str]) -> pd.DataFrame:
    """Return an empty DataFrame with the given column names and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def typed_table(
    rows: list[dict] | dict[str, Any] | pd.DataFrame, columns: dict[str, str]
) -> pd.DataFrame:
    """Build a frame from rows, column lists or a frame with exactly ``columns`` (order, dtype)."""
    frame = pd.DataFrame(rows)
    if frame.empty and not len(frame.columns):
        return empty_table(columns)
    return frame[list(columns)].astype(columns)


@dataclass
class SurveyRecords:
    """Everything a camera survey produced, truth columns included.

    Attributes
    ----------
    deployments
        One row per deployment (a camera at a station between set-up and removal or loss); a
        replaced camera starts a new deployment. Columns: :data:`DEPLOYMENT_COLUMNS`.
    sequences
        One row per trigger event (a burst of photos), including unretrieved ones
        (``retrieved`` False). Columns: :data:`SEQUENCE_COLUMNS`.
    media
        One row per photo of a retrieved sequence; ``file_path`` is relative
        (``media/<deployment>/<file>.jpg``), no image bytes exist. Columns: :data:`MEDIA_COLUMNS`.
    operation
        A partition of each camera's survey time into intervals with one status from
        :data:`OPERATION_STATUSES`. Columns: :data:`OPERATION_COLUMNS`.
    start_datetime
        Timezone-aware datetime of minute 0.
    survey_days
        Survey length in days.
    tick_min
        Movement tick of the run that produced the records, in minutes.
    crs
        Coordinate reference system of ``x_m``/``y_m``.
    """

    deployments: pd.DataFrame = field(default_factory=lambda: empty_table(DEPLOYMENT_COLUMNS))
    sequences: pd.DataFrame = field(default_factory=lambda: empty_table(SEQUENCE_COLUMNS))
    media: pd.DataFrame = field(default_factory=lambda: empty_table(MEDIA_COLUMNS))
    operation: pd.DataFrame = field(default_factory=lambda: empty_table(OPERATION_COLUMNS))
    start_datetime: datetime = DEFAULT_START
    survey_days: float = 0.0
    tick_min: float = 15.0
    crs: str = CRS

    @property
    def survey_min(self) -> float:
        """Survey length in minutes."""
        return self.survey_days * 1440.0

    def datetime_of(self, time_min: float) -> datetime:
        """Return the timezone-aware datetime of a time in minutes since the start."""
        return self.start_datetime + timedelta(minutes=float(time_min))
