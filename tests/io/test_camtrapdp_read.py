"""Reading Camtrap DP packages and building capture histories from them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from twin.errors import TwinInputError
from twin.io import (
    capture_history,
    capture_history_from_records,
    read_camtrap_dp,
    write_camtrap_dp,
)
from twin.io.camtrapdp_spec import EXAMPLE_DIR


def test_example_package_reads_with_types():
    """The official example loads with tz-aware timestamps, numbers and booleans parsed."""
    package = read_camtrap_dp(EXAMPLE_DIR)
    assert (len(package.deployments), len(package.media), len(package.observations)) == (
        4,
        423,
        549,
    )
    assert str(package.observations["eventStart"].dt.tz) == "UTC"
    assert package.deployments["latitude"].dtype == float
    assert package.media["filePublic"].dtype == "boolean"
    assert package.outages is None


def test_example_package_gives_usage_from_deployments():
    """Daily usage of the example equals each location's deployed days."""
    package = read_camtrap_dp(EXAMPLE_DIR)
    history = capture_history(package, species="Vulpes vulpes", occasion_days=1.0)
    dep = package.deployments
    days = (dep["deploymentEnd"] - dep["deploymentStart"]) / pd.Timedelta(days=1)
    expected = days.groupby(dep["locationID"]).sum().sort_index().to_numpy()
    assert np.allclose(history.usage_days.sum(axis=1), expected)
    assert history.n_individuals == 0


def test_package_history_equals_records_history(records, tmp_path):
    """Records -> package -> capture history equals the history built from the records."""
    package = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "p"))
    from_package = capture_history(package, start="2024-06-01T00:00:00+10:00")
    assert from_package.equals(capture_history_from_records(records), coordinate_tol_m=1.0)


def test_outages_resource_lowers_usage(records, tmp_path):
    """Without the camera-outages resource, usage only knows deployment intervals."""
    folder = write_camtrap_dp(records, tmp_path / "p")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = descriptor["resources"][:3]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    history = capture_history(read_camtrap_dp(folder))
    assert history.usage[1, 1] == 1.0


def test_sex_is_read_from_observations(records, tmp_path):
    """An individual's sex comes from its observations' most frequent value."""
    folder = write_camtrap_dp(records, tmp_path / "p")
    package = read_camtrap_dp(folder)
    package.observations.loc[package.observations["individualID"] == "PP01", "sex"] = "female"
    history = capture_history(package)
    assert dict(zip(history.individual_ids, history.sex, strict=True)) == {
        "PP01": "female",
        "PP02": "",
    }


def test_naive_window_is_rejected(records, tmp_path):
    """A start without a timezone raises TwinInputError naming 'start'."""
    package = read_camtrap_dp(write_camtrap_dp(records, tmp_path / "p"))
    with pytest.raises(TwinInputError, match="start="):
        capture_history(package, start="2024-06-01T00:00:00")
