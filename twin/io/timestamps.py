"""Survey minutes to ISO 8601 text with a UTC offset, and back, as Camtrap DP writes them."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

DAY_MIN = 1440.0


def iso_timestamps(start_datetime: datetime, time_min: np.ndarray | pd.Series) -> np.ndarray:
    """Format survey times as ISO 8601 text to the second, in the start's UTC offset.

    Parameters
    ----------
    start_datetime
        Timezone-aware datetime of minute 0.
    time_min
        Times in minutes since ``start_datetime``; NaN gives an empty string.

    Returns
    -------
    numpy.ndarray
        Strings such as ``"2024-06-01T07:30:00+10:00"`` (object dtype).
    """
    minutes = np.asarray(time_min, dtype=float)
    stamps = pd.Timestamp(start_datetime) + pd.to_timedelta(minutes, unit="min")
    text = pd.Series(stamps.round("s").strftime("%Y-%m-%dT%H:%M:%S%z"), dtype=object)
    text = text.str.slice(0, -2) + ":" + text.str.slice(-2)
    return np.where(np.isnan(minutes), "", text.to_numpy(dtype=object))


def iso_date(start_datetime: datetime, time_min: float) -> str:
    """Return the local calendar date (``YYYY-MM-DD``) of a survey time in minutes."""
    return (pd.Timestamp(start_datetime) + pd.Timedelta(minutes=float(time_min))).date().isoformat()


def local_day_start_min(start_datetime: datetime, time_min: np.ndarray) -> np.ndarray:
    """Return the survey minute of the local midnight that starts each time's calendar day."""
    clock_min = start_datetime.hour * 60.0 + start_datetime.minute + start_datetime.second / 60.0
    return np.floor((np.asarray(time_min, dtype=float) + clock_min) / DAY_MIN) * DAY_MIN - clock_min


def minutes_since(timestamps: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    """Return minutes from ``origin`` to each timezone-aware timestamp (float, NaN for NaT)."""
    return ((timestamps - origin) / pd.Timedelta(minutes=1)).to_numpy(dtype=float)
