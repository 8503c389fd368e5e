"""Camera operation: interval arithmetic, the day matrix and the outage list."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from twin.errors import TwinInputError
from twin.io import operation_matrix, outage_intervals, write_outages_csv
from twin.io.operation import covered_fraction, merge_intervals, subtract_intervals


def test_merge_intervals_takes_the_union():
    """Overlapping and touching intervals merge; empty ones vanish."""
    start, end = merge_intervals(np.array([5.0, 0.0, 2.0, 9.0, 7.0]), np.array([6, 3, 4, 9, 8.0]))
    assert start.tolist() == [0.0, 5.0, 7.0] and end.tolist() == [4.0, 6.0, 8.0]


def test_covered_fraction_counts_overlap_once():
    """Two cameras working at the same time cover a bin once, not twice."""
    intervals = pd.DataFrame(
        {"k": ["a", "a", "b"], "start_min": [0, 5, 2.0], "end_min": [10, 15, 4]}
    )
    fraction = covered_fraction(intervals, ["a", "b", "c"], np.array([0.0, 10.0, 20.0]), "k")
    assert fraction.tolist() == [[1.0, 0.5], [0.2, 0.0], [0.0, 0.0]]


def test_subtract_intervals_cuts_holes():
    """Outages are cut out of deployments of the same key only."""
    base = pd.DataFrame({"k": ["a", "b"], "start_min": [0.0, 0.0], "end_min": [10.0, 10.0]})
    holes = pd.DataFrame({"k": ["a", "a"], "start_min": [2.0, 8.0], "end_min": [3.0, 12.0]})
    left = subtract_intervals(base, holes, "k")
    assert left.values.tolist() == [["a", 0.0, 2.0], ["a", 3.0, 8.0], ["b", 0.0, 10.0]]


def test_station_matrix_follows_outages(records):
    """Station days are 0 when every camera was down and 1 when one of a pair worked."""
    matrix = operation_matrix(records)
    assert matrix.shape == (3, 28) and matrix.columns[0] == "2024-06-01"
    assert matrix.loc["S02"].iloc[7:14].tolist() == [0.0] * 7
    assert matrix.loc["S01"].eq(1.0).all()
    assert matrix.loc["S03"].iloc[10:12].tolist() == [0.0, 0.0]


def test_camera_matrix_marks_not_deployed_as_nan(records):
    """A replacement camera is NaN before its deployment; a half day of set-up gives 0.5."""
    deployments = records.deployments.copy()
    deployments.loc[deployments["camera_id"] == "C03b", "start_min"] = 12.5 * 1440
    operation = records.operation.copy()
    late = (operation["camera_id"] == "C03b") & (operation["status"] == "working")
    operation.loc[late, "start_min"] = 12.5 * 1440
    matrix = operation_matrix(
        replace(records, deployments=deployments, operation=operation), by="camera"
    )
    assert matrix.loc["C03b"].iloc[:12].isna().all()
    assert matrix.loc["C03b"].iloc[12] == pytest.approx(0.5)
    assert matrix.loc["C01a"].iloc[8] == 0.0


def test_outage_list_and_csv(records, tmp_path):
    """Outages list every non-working interval inside a deployment, with ISO times."""
    outages = outage_intervals(records)
    assert outages["status"].tolist() == ["battery_flat", "card_full", "malfunction", "stolen"]
    assert outages["duration_days"].tolist() == [7.0, 7.0, 7.0, 2.0]
    assert outages["start"].iloc[0] == "2024-06-09T00:00:00+10:00"
    path = write_outages_csv(records, tmp_path / "outages.csv")
    assert pd.read_csv(path)["station_id"].tolist() == ["S01", "S02", "S02", "S03"]


def test_matrix_rejects_unknown_grouping(records):
    """Only station or camera rows are allowed."""
    with pytest.raises(TwinInputError, match="by='site'"):
        operation_matrix(records, by="site")
