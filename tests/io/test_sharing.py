"""Packages meant for sharing: generalised stations and withheld recent times."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.io import SharingPolicy, read_camtrap_dp, validate_package, write_camtrap_dp
from twin.io.coordinates import from_wgs84


def test_shared_package_generalises_stations_and_validates(records, tmp_path):
    """Stations sit at 10 km cell centres with 7,072 m uncertainty, and the package is valid."""
    folder = write_camtrap_dp(records, tmp_path / "shared", share=SharingPolicy())
    assert validate_package(folder) == []
    package = read_camtrap_dp(folder)
    dep = package.deployments
    x_m, y_m = from_wgs84(dep["longitude"], dep["latitude"], "EPSG:32652")
    assert np.abs((x_m - 5_000.0) / 10_000.0 - np.round((x_m - 5_000.0) / 10_000.0)).max() < 1e-3
    assert np.abs((y_m - 5_000.0) / 10_000.0 - np.round((y_m - 5_000.0) / 10_000.0)).max() < 1e-3
    assert (dep["coordinateUncertainty"] == 7072).all()
    assert "Shared version" in package.descriptor["description"]
    assert package.descriptor["coordinatePrecision"] == 0.09


def test_recent_events_lose_their_time_and_media(records, tmp_path):
    """Events in the withheld window span their local day and have no media rows."""
    policy = SharingPolicy(withhold_recent_days=10.0)
    package = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "s", share=policy))
    obs = package.observations.set_index("eventID")
    recent = obs["observationTags"].str.contains("timestampGeneralised:day")
    assert sorted(obs.index[recent]) == ["q05", "q08"]
    zone = records.start_datetime.tzinfo
    start, end = (obs.loc["q08", name].tz_convert(zone) for name in ("eventStart", "eventEnd"))
    assert (start.hour, start.minute, end.hour, end.minute, end.day) == (0, 0, 23, 59, start.day)
    media_events = package.media["mediaID"].str.split("-").str[0]
    assert not media_events.isin(["q05", "q08"]).any()
    assert media_events.isin(["q01"]).any()


def test_private_package_keeps_full_precision(records, tmp_path):
    """Without a policy, coordinates stay within a metre and no time is widened."""
    package = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "private"))
    assert (package.deployments["coordinateUncertainty"] == 1).all()
    assert not package.observations["observationTags"].str.contains("Generalised").any()
    assert "Private package" in package.descriptor["description"]


def test_as_of_moves_the_window(records, tmp_path):
    """An as_of long after the survey withholds nothing within a 365-day window ending then."""
    late = records.start_datetime + timedelta(days=800)
    package = read_camtrap_dp(
        write_camtrap_dp(records, tmp_path / "s", share=SharingPolicy(as_of=late))
    )
    assert not package.observations["observationTags"].str.contains("Generalised").any()


def test_policy_validates_values():
    """Non-positive grids, negative windows and naive as_of are refused."""
    with pytest.raises(TwinInputError, match="share.grid_m"):
        SharingPolicy(grid_m=0.0)
    with pytest.raises(TwinInputError, match="share.withhold_recent_days"):
        SharingPolicy(withhold_recent_days=-1.0)
    with pytest.raises(TwinInputError, match="share.as_of"):
        SharingPolicy(as_of=datetime(2025, 1, 1))
