"""secr CSV export and import of capture histories."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from twin.errors import TwinInputError
from twin.io import capture_history_from_records, read_secr_csv, write_secr_csv

SECR_DIR = Path("/work/shared/data/secr")


def _round_trip(history, tmp_path, detector):
    captures, traps = history.to_secr_csv(
        tmp_path / "captures.csv", tmp_path / "traps.csv", detector=detector
    )
    return read_secr_csv(captures, traps, species=history.species, occasion_days=7.0)


def test_count_round_trip_equals_history(records, tmp_path):
    """The count layout reads back to the same history, fractional usage included."""
    history = capture_history_from_records(records, independence_min=0.0)
    assert history.counts.max() == 2
    assert _round_trip(history, tmp_path, "count").equals(history)


def test_proximity_round_trip_keeps_counts_0_1_and_the_effort(records, tmp_path):
    """The proximity layout reads back with 0/1 counts and the history's usage (effort)."""
    history = capture_history_from_records(records, independence_min=0.0)
    back = _round_trip(history, tmp_path, "proximity")
    assert back.equals(replace(history.binary(), usage=history.usage))
    assert (back.usage > 0).any() and not set(back.usage.ravel()) <= {0.0, 1.0}


def test_secr_layout_matches_reference_files(records, tmp_path):
    """Column names and usage text follow the shared secr reference files."""
    history = capture_history_from_records(records)
    captures, traps = history.to_secr_csv(tmp_path / "c.csv", tmp_path / "t.csv")
    assert pd.read_csv(captures).columns.tolist() == ["session", "ID", "occasion", "detector"]
    written = pd.read_csv(traps)
    assert written.columns.tolist() == ["detector", "x", "y", "type", "usage"]
    assert written.loc[1, "usage"] == "1 0 1 1"


def test_sex_column_round_trips(records, tmp_path):
    """A known sex is written as a capture covariate and read back."""
    history = replace(capture_history_from_records(records), sex=np.array(["female", ""]))
    assert _round_trip(history, tmp_path, "count").sex.tolist() == ["female", ""]


@pytest.mark.skipif(not SECR_DIR.is_dir(), reason="shared secr reference data not present")
def test_reads_secr_reference_data():
    """The shared camgrid proximity data set reads with its 144 traps and 13 occasions."""
    history = read_secr_csv(
        SECR_DIR / "camgrid_proximity_captures.csv",
        SECR_DIR / "camgrid_proximity_traps.csv",
        species="simulated",
        occasion_days=7.0,
    )
    assert (history.n_detectors, history.n_occasions, history.n_captures) == (144, 13, 251)
    assert history.usage.min() == 0.0


def test_bad_detector_type_and_unknown_trap(records, tmp_path):
    """An unknown detector type or a capture at an unlisted trap raises TwinInputError."""
    history = capture_history_from_records(records)
    with pytest.raises(TwinInputError, match="detector='multi'"):
        history.to_secr_csv(tmp_path / "c.csv", tmp_path / "t.csv", detector="multi")
    captures, traps = history.to_secr_csv(tmp_path / "c.csv", tmp_path / "t.csv")
    pd.read_csv(traps).iloc[1:].to_csv(traps, index=False)
    with pytest.raises(TwinInputError, match="detector='S01'"):
        read_secr_csv(captures, traps, species="x", occasion_days=7.0)


def test_one_reader_and_writer_round_trip_with_the_detector_type(records, tmp_path):
    """write_secr_csv then read_secr_csv gives the history back, typed by the traps file."""
    history = capture_history_from_records(records, independence_min=0.0).as_detector("count")
    paths = write_secr_csv(history, tmp_path / "c.csv", tmp_path / "t.csv", detector="count")
    back = read_secr_csv(*paths, species=history.species, occasion_days=history.occasion_days)
    assert back.equals(history) and back.detector_type == "count"
    assert back.n_detections == history.n_detections == history.n_captures
