"""Day and night at the park: sunrise and sunset by day of year (NOAA-style approximation).

Cameras switch to infrared flash at night, which drains the battery faster and lowers the chance
that a flank pattern can be read; the default clock is the sun at the park centre.
"""

from __future__ import annotations

import math
from datetime import datetime

from twin.errors import require

PARK_LATITUDE_DEG = 43.0
PARK_LONGITUDE_DEG = 131.4
_SUN_ALTITUDE_DEG = -0.833  # upper limb on the horizon, with refraction


def sunrise_sunset_h(
    day_of_year: int, latitude_deg: float, longitude_deg: float, utc_offset_h: float
) -> tuple[float, float]:
    """Return local clock sunrise and sunset in hours for one day of the year.

    Parameters
    ----------
    day_of_year
        1 for 1 January.
    latitude_deg, longitude_deg
        Position in degrees (north and east positive).
    utc_offset_h
        Offset of the local clock from UTC in hours (+10 for Vladivostok).

    Returns
    -------
    tuple of float
        ``(sunrise_h, sunset_h)`` in local clock hours; ``(0, 24)`` under midnight sun and
        ``(12, 12)`` in polar night (accurate to a few minutes).
    """
    gamma = 2.0 * math.pi * (day_of_year - 1) / 365.0
    decl = (
        0.006918
        - 0.399912 * math.cos(gamma)
        + 0.070257 * math.sin(gamma)
        - 0.006758 * math.cos(2 * gamma)
        + 0.000907 * math.sin(2 * gamma)
    )
    eq_time_min = 229.18 * (
        0.000075
        + 0.001868 * math.cos(gamma)
        - 0.032077 * math.sin(gamma)
        - 0.014615 * math.cos(2 * gamma)
        - 0.040849 * math.sin(2 * gamma)
    )
    lat = math.radians(latitude_deg)
    cos_h = (math.sin(math.radians(_SUN_ALTITUDE_DEG)) - math.sin(lat) * math.sin(decl)) / (
        math.cos(lat) * math.cos(decl)
    )
    noon_h = 12.0 + utc_offset_h - longitude_deg / 15.0 - eq_time_min / 60.0
    if cos_h <= -1.0:
        return 0.0, 24.0
    if cos_h >= 1.0:
        return noon_h, noon_h
    half_day_h = math.degrees(math.acos(cos_h)) / 15.0
    return noon_h - half_day_h, noon_h + half_day_h


class NightClock:
    """Callable ``time_min -> bool``: is it night (sun below the horizon) at the park?

    Parameters
    ----------
    start_datetime
        Timezone-aware datetime of simulation minute 0; its UTC offset sets the local clock.
    latitude_deg, longitude_deg
        Where the sun is computed, in degrees (default: the park centre, 43 N 131.4 E).
    """

    def __init__(
        self,
        start_datetime: datetime,
        latitude_deg: float = PARK_LATITUDE_DEG,
        longitude_deg: float = PARK_LONGITUDE_DEG,
    ) -> None:
        offset = start_datetime.utcoffset()
        require(offset is not None, "start_datetime", start_datetime, "a timezone-aware datetime")
        assert offset is not None
        self.start_datetime = start_datetime
        self.latitude_deg = latitude_deg
        self.longitude_deg = longitude_deg
        self._offset_h = offset.total_seconds() / 3600.0
        midnight = start_datetime.replace(hour=0, minute=0, second=0, microsecond=0)
        self._start_of_day_min = (start_datetime - midnight).total_seconds() / 60.0
        self._start_ordinal = start_datetime.toordinal()
        self._cache: dict[int, tuple[float, float]] = {}

    def __call__(self, time_min: float) -> bool:
        """Return True when the sun is below the horizon at ``time_min`` (minutes since start)."""
        local_min = self._start_of_day_min + time_min
        day = int(local_min // 1440.0)
        rise_h, set_h = self._sun_hours(day)
        hour = (local_min - day * 1440.0) / 60.0
        return hour < rise_h or hour >= set_h

    def _sun_hours(self, day: int) -> tuple[float, float]:
        hours = self._cache.get(day)
        if hours is None:
            day_of_year = datetime.fromordinal(self._start_ordinal + day).timetuple().tm_yday
            hours = sunrise_sunset_h(
                day_of_year, self.latitude_deg, self.longitude_deg, self._offset_h
            )
            self._cache[day] = hours
        return hours
