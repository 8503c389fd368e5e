"""Packages meant for sharing: generalised stations, headings, ids and times."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.io import SharingPolicy, read_camtrap_dp, validate_package, write_camtrap_dp
from twin.io.coordinates import from_wgs84
from twin.io.sharing import reissued_ids, widen_to_days


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
    """Events in the withheld window span their local day, untagged as day or night, no media."""
    policy = SharingPolicy(withhold_recent_days=10.0, secret=7)
    package = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "s", share=policy))
    new = reissued_ids(records, policy)["sequence_id"]
    obs = package.observations.set_index("eventID")
    recent = obs["observationTags"].str.contains("timestampGeneralised:day")
    assert sorted(obs.index[recent]) == sorted([new["q05"], new["q08"]])
    assert not obs.loc[recent, "observationTags"].str.contains("light:").any()
    assert obs.loc[~recent, "observationTags"].str.contains("light:").all()
    zone = records.start_datetime.tzinfo
    q08 = obs.loc[new["q08"]]
    start, end = (q08[name].tz_convert(zone) for name in ("eventStart", "eventEnd"))
    assert (start.hour, start.minute, end.hour, end.minute, end.day) == (0, 0, 23, 59, start.day)
    media_events = package.media["mediaID"].str.split("-").str[0]
    assert not media_events.isin([new["q05"], new["q08"]]).any()
    assert media_events.isin([new["q01"]]).any()


def test_media_follow_their_new_event_and_deployment(records, tmp_path):
    """Media ids, names and paths are built from the new event and deployment ids."""
    policy = SharingPolicy(withhold_recent_days=0.0, secret=7)
    package = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "s", share=policy))
    new = reissued_ids(records, policy)
    media = package.media.set_index("mediaID")
    first = media.loc[f"{new['sequence_id']['q01']}-01"]
    assert first["fileName"] == f"{new['sequence_id']['q01']}-01.jpg"
    dep = new["deployment_id"]["D01a"]
    assert first["deploymentID"] == dep
    assert first["filePath"] == f"media/{dep}/{first['fileName']}"
    assert len(media) == len(records.media)


def test_same_secret_same_bytes_other_secret_other_ids(records, tmp_path):
    """A secret gives reproducible ids; another secret, or none, gives other ids."""
    folders = [
        write_camtrap_dp(records, tmp_path / name, share=SharingPolicy(secret=secret))
        for name, secret in (("a", 5), ("b", 5), ("c", 6), ("d", None))
    ]
    for path in folders[0].iterdir():
        assert path.read_bytes() == (folders[1] / path.name).read_bytes()
    tables = [(folder / "observations.csv").read_text() for folder in folders]
    assert tables[0] != tables[2] and tables[0] != tables[3]


def test_ids_do_not_depend_on_positions(records):
    """Moving the stations leaves the new ids as they were: the order comes from the secret."""
    policy = SharingPolicy(secret=11)
    moved = replace(records, deployments=records.deployments.assign(y_m=lambda d: -d["y_m"]))
    assert reissued_ids(moved, policy) == reissued_ids(records, policy)
    assert sorted(reissued_ids(records, policy)["station_id"].values()) == ["L1", "L2", "L3"]


def test_widen_to_days_holds_each_interval_in_whole_days(records):
    """Start goes to local midnight, end to 23:59:59 of the day that ends at or after it."""
    day, second = 1440.0, 1.0 / 60.0
    start, end = widen_to_days(
        records.start_datetime,
        np.array([0.5 * day, 2 * day, 3 * day, 4.9 * day]),
        np.array([0.6 * day, 2 * day, 5 * day, 5.1 * day]),
    )
    np.testing.assert_allclose(start, [0.0, 2 * day, 3 * day, 4 * day])
    np.testing.assert_allclose(end, np.array([1, 3, 5, 6]) * day - second)


def test_heading_is_dropped_or_rounded(records, tmp_path):
    """The default drops cameraHeading; round45 keeps 90/270 of the fixture as they are."""
    dropped = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "d", share=SharingPolicy()))
    assert dropped.deployments["cameraHeading"].isna().all()
    policy = SharingPolicy(heading="round45")
    rounded = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "r", share=policy))
    assert set(rounded.deployments["cameraHeading"]) == {90, 270}


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
    with pytest.raises(TwinInputError, match="share.heading"):
        SharingPolicy(heading="round10")
    with pytest.raises(TwinInputError, match="share.secret"):
        SharingPolicy(secret=-1)


def test_a_station_astride_a_cell_edge_stays_one_location(records, tmp_path):
    """Cameras on both sides of a cell edge share their station's cell centre, not the edge."""
    dep = records.deployments
    side = np.where(dep["camera_id"].str.endswith("b"), 2.0, -2.0)
    x_m = np.where(dep["station_id"] == "S01", 690_000.0 + side, dep["x_m"])
    straddling = replace(records, deployments=dep.assign(x_m=x_m))
    package = read_camtrap_dp(write_camtrap_dp(straddling, tmp_path / "s", share=SharingPolicy()))
    dep = package.deployments
    x_m, _ = from_wgs84(dep["longitude"].to_numpy(), dep["latitude"].to_numpy(), "EPSG:32652")
    assert np.abs((x_m - 5_000.0) / 10_000.0 - np.round((x_m - 5_000.0) / 10_000.0)).max() < 1e-3
