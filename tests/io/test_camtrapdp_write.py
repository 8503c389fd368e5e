"""Writing Camtrap DP packages from survey records."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import twin.io.camtrapdp_write as writer
from twin.errors import TwinInputError
from twin.io import read_camtrap_dp, validate_package, write_camtrap_dp
from twin.io.coordinates import from_wgs84


def test_written_package_validates(records, tmp_path):
    """A package written from hand-made records passes offline validation."""
    folder = write_camtrap_dp(records, tmp_path / "pkg")
    assert validate_package(folder) == []
    assert {p.name for p in folder.iterdir()} == {
        "datapackage.json",
        "deployments.csv",
        "media.csv",
        "observations.csv",
        "camera-outages.csv",
    }


def test_descriptor_fills_project_coverage_and_taxa(records, tmp_path):
    """The descriptor carries project, spatial, temporal and bilingual taxonomic coverage."""
    descriptor = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "p")).descriptor
    project = descriptor["project"]
    assert project["captureMethod"] == ["activityDetection"]
    assert project["individualAnimals"] is True and project["observationLevel"] == ["event"]
    assert descriptor["temporal"] == {"start": "2024-06-01", "end": "2024-06-29"}
    assert descriptor["spatial"]["type"] == "Polygon"
    taxa = {t["scientificName"]: t for t in descriptor["taxonomic"]}
    assert set(taxa) == {"Panthera pardus", "Panthera tigris", "Homo sapiens"}
    assert taxa["Panthera pardus"]["vernacularNames"]["rus"] == "дальневосточный леопард"
    assert all(r["schema"].endswith("-table-schema.json") for r in descriptor["resources"][:3])


def test_observations_one_per_retrieved_sequence(records, tmp_path):
    """Observations are event-level, one per retrieved sequence, typed animal/human/blank."""
    obs = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "p")).observations
    retrieved = records.sequences[records.sequences["retrieved"]]
    assert sorted(obs["eventID"]) == sorted(retrieved["sequence_id"])
    assert set(obs["observationLevel"]) == {"event"}
    kinds = obs.set_index("eventID")["observationType"]
    assert (kinds["q09"], kinds["q10"], kinds["q01"]) == ("human", "blank", "animal")
    named = obs.set_index("eventID")["individualID"]
    assert named["q05"] == "" and named["q01"] == "PP01"
    assert obs.set_index("eventID")["individualPositionRadius"].isna()["q09"]
    angle = obs.set_index("eventID")["individualPositionAngle"]["q01"]
    assert angle == pytest.approx(17.19)  # -0.3 rad, clockwise of the axis: right is positive


def test_coordinates_and_times_round_trip(records, tmp_path):
    """Station coordinates come back within 1 m in UTM 52N; times keep the +10:00 offset."""
    folder = write_camtrap_dp(records, tmp_path / "p")
    dep = read_camtrap_dp(folder).deployments
    x_m, y_m = from_wgs84(dep["longitude"], dep["latitude"], "EPSG:32652")
    station = records.deployments.groupby("station_id")[["x_m", "y_m"]].transform("mean")
    assert np.abs(x_m - station["x_m"]).max() < 1.0
    assert np.abs(y_m - station["y_m"]).max() < 1.0
    text = pd.read_csv(folder / "media.csv", dtype=str)["timestamp"]
    assert text.str.endswith("+10:00").all()


def test_a_stations_deployments_share_its_coordinates(records, tmp_path):
    """Both cameras of a paired station (4 m apart) carry one latitude and one longitude, so
    camtrapR sees one point per locationID."""
    dep = pd.read_csv(write_camtrap_dp(records, tmp_path / "p") / "deployments.csv", dtype=str)
    assert records.deployments.groupby("station_id")["x_m"].nunique().max() == 2
    per_station = dep.groupby("locationID")[["latitude", "longitude"]].nunique()
    assert (per_station == 1).all().all()


def test_same_records_give_same_bytes(records, tmp_path):
    """Two writes of the same records are byte-identical."""
    first = write_camtrap_dp(records, tmp_path / "a")
    second = write_camtrap_dp(records, tmp_path / "b")
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes()


def test_existing_package_needs_overwrite(records, tmp_path):
    """Writing onto an existing package without overwrite raises and keeps it."""
    folder = write_camtrap_dp(records, tmp_path / "p")
    before = (folder / "observations.csv").read_bytes()
    with pytest.raises(TwinInputError, match="overwrite"):
        write_camtrap_dp(records, folder)
    assert (folder / "observations.csv").read_bytes() == before


def test_overwrite_replaces_package(records, tmp_path):
    """With overwrite the new package replaces the old one and no temporary folder remains."""
    folder = write_camtrap_dp(records, tmp_path / "p")
    fewer = replace(records, sequences=records.sequences.iloc[:3])
    write_camtrap_dp(fewer, folder, overwrite=True)
    assert len(read_camtrap_dp(folder).observations) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_failed_write_leaves_nothing(records, tmp_path, monkeypatch):
    """A validation failure leaves neither the package nor a temporary folder."""
    monkeypatch.setattr(writer, "validate_package", lambda folder, full: ["deployments.csv: boom"])
    with pytest.raises(TwinInputError, match="boom"):
        write_camtrap_dp(records, tmp_path / "p")
    assert list(tmp_path.iterdir()) == []


def test_failed_overwrite_keeps_old_package(records, tmp_path, monkeypatch):
    """A crash half-way through an overwrite leaves the old package intact."""
    folder = write_camtrap_dp(records, tmp_path / "p")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def crash(folder, tables):
        (folder / "deployments.csv").write_text("half")
        raise OSError("disk full")

    monkeypatch.setattr(writer, "_write_tables", crash)
    with pytest.raises(OSError, match="disk full"):
        write_camtrap_dp(records, folder, overwrite=True)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_bad_inputs_name_the_key(records, tmp_path):
    """A bad CRS or a missing column raises TwinInputError naming it."""
    with pytest.raises(TwinInputError, match="crs='EPSG:nope'"):
        write_camtrap_dp(records, tmp_path / "a", crs="EPSG:nope")
    broken = replace(records, deployments=records.deployments.drop(columns="heading_deg"))
    with pytest.raises(TwinInputError, match="records.deployments"):
        write_camtrap_dp(broken, tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_descriptor_is_valid_json_with_profile(records, tmp_path):
    """datapackage.json names the 1.0.2 profile and a creation time in UTC."""
    folder = write_camtrap_dp(records, tmp_path / "p")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"].endswith("/1.0.2/camtrap-dp-profile.json")
    assert descriptor["created"] == "2024-06-28T14:00:00Z"
