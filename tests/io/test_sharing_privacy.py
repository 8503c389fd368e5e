"""An attacker holding only the shared package tries to recover each private field, and fails.

One short twin run writes both packages as the ``twin`` command does. The test knows the truth
(the records and the run's secret, its seed); the attacker reads the shared folder only.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

import twin
from twin.io import SharingPolicy, read_camtrap_dp, validate_package, write_camtrap_dp
from twin.io.coordinates import from_wgs84
from twin.io.sharing import reissued_ids

pytestmark = pytest.mark.slow
SEED = 3
RUN = [
    "years=0.05",
    "report.enabled=false",
    "progress=false",
    "estimation.enabled=false",
    "output.shared_package=true",
]
GRID_M = 10_000.0


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The run's records and its run folder (both packages written)."""
    result = twin.simulate(twin.load_scenario(RUN), seed=SEED)
    assert result.observations is not None
    folder = result.write(tmp_path_factory.mktemp("run"))
    return result.observations.records, folder


@pytest.fixture(scope="module")
def shared(run):
    return read_camtrap_dp(run[1] / "camtrap-dp-shared")


@pytest.fixture(scope="module")
def private(run):
    return read_camtrap_dp(run[1] / "camtrap-dp")


@pytest.fixture(scope="module")
def northing(run):
    """True northing (m) of each station, indexed by its old and by its new id."""
    records = run[0]
    old = records.deployments.groupby("station_id")["y_m"].mean()
    new_ids = reissued_ids(records, SharingPolicy(secret=SEED))["station_id"]
    return old, old.rename(index=new_ids)


def _rank_correlation(ids: pd.Series, northing: pd.Series) -> float:
    """Spearman correlation of the ids' sorted order with the northing of their stations."""
    order = pd.Series(np.arange(ids.nunique()), index=sorted(ids.unique()))
    return float(spearmanr(order.to_numpy(), northing.loc[order.index].to_numpy()).statistic)


def _local_clock(stamps: pd.Series, records) -> pd.Series:
    return stamps.dt.tz_convert(records.start_datetime.tzinfo).dt.strftime("%H:%M:%S")


def test_both_packages_validate(run):
    """The private and the shared package written by the run are valid Camtrap DP."""
    assert validate_package(run[1] / "camtrap-dp") == []
    assert validate_package(run[1] / "camtrap-dp-shared") == []


def test_station_order_does_not_follow_north_south(shared, private, northing):
    """Location ids and row order rank stations north to south privately, at random shared."""
    old, new = northing
    assert abs(_rank_correlation(private.deployments["locationID"], old)) > 0.9
    assert abs(_rank_correlation(shared.deployments["locationID"], new)) < 0.25
    rows = shared.deployments.drop_duplicates("locationID")["locationID"]
    rows_rank = spearmanr(np.arange(len(rows)), new.loc[rows].to_numpy()).statistic
    assert abs(rows_rank) < 0.25


def test_no_private_id_survives(run):
    """No station id (every camera, deployment, event and media id holds one) is in a file."""
    records, folder = run
    text = "\n".join(p.read_text() for p in sorted((folder / "camtrap-dp-shared").iterdir()))
    leaked = [s for s in records.deployments["station_id"].unique() if s in text]
    assert leaked == []
    assert set(re.findall(r"\bL\d+\b", text)) >= set(
        reissued_ids(records, SharingPolicy(secret=SEED))["station_id"].values()
    )


def test_coordinates_only_name_a_cell(run, shared):
    """Shared positions are 10 km cell centres holding the station; many stations share one."""
    records = run[0]
    dep = shared.deployments
    x_m, y_m = from_wgs84(dep["longitude"].to_numpy(), dep["latitude"].to_numpy(), "EPSG:32652")
    offset = np.c_[x_m, y_m] % GRID_M - GRID_M / 2.0
    assert np.abs(offset).max() < 2.0
    truth = records.deployments.groupby("station_id")[["x_m", "y_m"]].mean()
    guess_error = np.hypot(*(truth.to_numpy() % GRID_M - GRID_M / 2.0).T)
    assert np.median(guess_error) > 1_000.0
    distinct = pd.DataFrame({"x": np.round(x_m), "y": np.round(y_m)}).drop_duplicates()
    assert len(distinct) * 3 < dep["locationID"].nunique()


def test_no_heading_is_shared(run, shared, private):
    """The shared package has no camera heading; rounding keeps only the nearest 45 degrees."""
    assert private.deployments["cameraHeading"].notna().all()
    assert shared.deployments["cameraHeading"].isna().all()
    records = run[0]
    policy = SharingPolicy(heading="round45", secret=SEED)
    rounded = read_camtrap_dp(write_camtrap_dp(records, run[1] / "round45", share=policy))
    heading = rounded.deployments["cameraHeading"].to_numpy(float)
    assert set(heading) <= set(np.arange(0.0, 360.0, 45.0))
    new_ids = reissued_ids(records, policy)["deployment_id"]
    truth = records.deployments.set_index(records.deployments["deployment_id"].map(new_ids))
    true_heading = truth.loc[rounded.deployments["deploymentID"], "heading_deg"].to_numpy()
    assert np.abs((heading - true_heading + 180.0) % 360.0 - 180.0).max() <= 22.5 + 1e-9


def test_deployment_and_outage_times_are_whole_days(run, shared, private):
    """Set-up, removal and outage times are local midnight and 23:59:59, never the second."""
    records = run[0]
    assert (_local_clock(private.deployments["deploymentStart"], records) != "00:00:00").any()
    assert set(_local_clock(shared.deployments["deploymentStart"], records)) == {"00:00:00"}
    assert set(_local_clock(shared.deployments["deploymentEnd"], records)) == {"23:59:59"}
    outages = shared.outages
    assert outages is not None and len(outages) > 0
    assert set(_local_clock(outages["outageStart"], records)) == {"00:00:00"}
    assert set(_local_clock(outages["outageEnd"], records)) == {"23:59:59"}


def test_event_times_and_day_night_are_withheld(run, shared, private):
    """Every event of a run shorter than the window spans whole days, untagged as day or night."""
    records = run[0]
    assert private.observations["observationTags"].str.contains("light:").all()
    obs = shared.observations
    assert len(obs) == len(private.observations) > 0
    assert not obs["observationTags"].str.contains("light:").any()
    assert obs["observationTags"].str.contains("timestampGeneralised:day").all()
    assert set(_local_clock(obs["eventStart"], records)) == {"00:00:00"}
    assert set(_local_clock(obs["eventEnd"], records)) == {"23:59:59"}
    assert len(shared.media) == 0


def test_licences(shared, private):
    """The private package grants no licence; the shared one is CC-BY-4.0 for data and media."""
    assert "licenses" not in private.descriptor
    assert shared.descriptor["licenses"] == [
        {"name": "CC-BY-4.0", "scope": "data"},
        {"name": "CC-BY-4.0", "scope": "media"},
    ]
    assert "re-issued in a random order" in json.dumps(shared.descriptor)


def test_shared_descriptor_dates_the_package_to_the_day(tmp_path):
    """The shared package's created (and the id made from it) carry no time of day."""
    import datetime as dt
    import json

    import twin
    from twin.io import SharingPolicy, write_camtrap_dp

    result = twin.simulate(twin.load_scenario(["years=0.02", "progress=false"]), seed=4)
    assert result.observations is not None
    folder = write_camtrap_dp(
        result.observations.records, tmp_path / "shared", share=SharingPolicy(secret=1)
    )
    created = json.loads((folder / "datapackage.json").read_text())["created"]
    local = dt.datetime.fromisoformat(created.replace("Z", "+00:00")).astimezone(
        result.observations.records.start_datetime.tzinfo
    )
    assert (local.hour, local.minute, local.second) == (0, 0, 0), created
