"""Night at the park: sunrise and sunset by day of year."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from twin.cameras.daylight import NightClock, sunrise_sunset_h
from twin.errors import TwinInputError

VLADIVOSTOK = timezone(timedelta(hours=10))


def test_day_length_at_43_north():
    """Day length is ~15.4 h at the June solstice and ~9.0 h at the December one."""
    rise, set_ = sunrise_sunset_h(172, 43.0, 131.4, 10.0)
    assert set_ - rise == pytest.approx(15.4, abs=0.15)
    rise, set_ = sunrise_sunset_h(355, 43.0, 131.4, 10.0)
    assert set_ - rise == pytest.approx(9.0, abs=0.15)


def test_night_clock_follows_local_time():
    """Midnight is night, noon is day, and minute 0 is the start's local clock time."""
    night = NightClock(datetime(2024, 6, 1, tzinfo=VLADIVOSTOK))
    assert night(0.0) and not night(13 * 60.0) and night(24 * 60.0)
    from_noon = NightClock(datetime(2024, 6, 1, 12, tzinfo=VLADIVOSTOK))
    assert not from_noon(0.0) and from_noon(12 * 60.0)


def test_naive_start_is_refused():
    """A start datetime without a time zone raises TwinInputError."""
    with pytest.raises(TwinInputError, match="start_datetime"):
        NightClock(datetime(2024, 6, 1))
