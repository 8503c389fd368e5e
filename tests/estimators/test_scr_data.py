"""Capture histories read from secr CSV files, and masks, validate input and count right."""

from __future__ import annotations

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.estimators import CaptureHistory, Mask, read_secr_csv
from twin.io.secr_csv import history_from_rows


def _write(path, text: str):
    path.write_text(text)
    return path


def test_secr_counts_match_the_reference(secr_dir):
    """captdata has 76 animals, 235 detections, 5 occasions and multi-catch traps."""
    data = read_secr_csv(secr_dir / "captdata_captures.csv", secr_dir / "captdata_traps.csv")
    assert (data.n_individuals, data.n_detections, data.n_occasions) == (76, 235, 5)
    assert data.detector_type == "multi"
    assert data.n_recaptures == 235 - 76


def test_usage_column_is_parsed(secr_dir):
    """Space-separated usage gives a K x S matrix with the outages of the file."""
    data = read_secr_csv(
        secr_dir / "camgrid_proximity_captures.csv", secr_dir / "camgrid_proximity_traps.csv"
    )
    assert data.usage.shape == (144, 13)
    assert data.usage[6, 7] == 0 and data.usage[0].sum() == 13


def test_count_detector_keeps_repeat_detections(secr_dir):
    """Count detectors keep two detections of one animal at one detector on one occasion."""
    data = read_secr_csv(
        secr_dir / "camgrid_count_captures.csv", secr_dir / "camgrid_count_traps.csv"
    )
    assert data.events[3].max() == 2
    assert data.n_detections == 282


def test_missing_column_names_the_file(tmp_path, secr_dir):
    """A captures file without an occasion column is rejected with its name in the message."""
    bad = _write(tmp_path / "caps.csv", "session,ID,detector\n1,a,A1\n")
    with pytest.raises(TwinInputError, match=r"caps\.csv.*ID, occasion, detector"):
        read_secr_csv(bad, secr_dir / "stoat_traps.csv")


def test_unknown_detector_is_named(tmp_path, secr_dir):
    """A detection at a detector missing from the traps file names that detector."""
    bad = _write(tmp_path / "caps.csv", "session,ID,occasion,detector\n1,a,1,ZZ9\n")
    with pytest.raises(TwinInputError, match="ZZ9"):
        read_secr_csv(bad, secr_dir / "stoat_traps.csv")


def test_occasion_beyond_usage_is_rejected(tmp_path, secr_dir):
    """An occasion larger than the usage columns is an error naming the value and the range."""
    bad = _write(tmp_path / "caps.csv", "session,ID,occasion,detector\n1,a,14,C001\n")
    with pytest.raises(TwinInputError, match=r"14.*1\.\.13"):
        read_secr_csv(bad, secr_dir / "camgrid_proximity_traps.csv")


def test_bad_usage_value_is_rejected(tmp_path):
    """A non-numeric usage entry names the traps file."""
    traps = _write(tmp_path / "traps.csv", "detector,x,y,type,usage\nA,0,0,proximity,1 x\n")
    caps = _write(tmp_path / "caps.csv", "session,ID,occasion,detector\n1,a,1,A\n")
    with pytest.raises(TwinInputError, match=r"traps\.csv"):
        read_secr_csv(caps, traps)


def test_inconsistent_sex_is_rejected(small_grid):
    """One individual recorded as both F and M is an input error."""
    traps, _ = small_grid
    with pytest.raises(TwinInputError, match="one sex per individual"):
        history_from_rows(
            traps,
            np.array(["a", "a"]),
            np.array([1, 2]),
            np.array(["T000", "T001"]),
            sex=np.array(["F", "M"]),
        )


def test_duplicate_detector_ids_are_rejected():
    """Detector ids must be unique."""
    with pytest.raises(TwinInputError, match="unique"):
        CaptureHistory.empty(np.array(["A", "A"]), np.zeros(2), np.zeros(2), np.ones((2, 3)))


def test_proximity_repeats_count_once(small_grid):
    """Binary proximity detectors count a repeat on one occasion at one detector once."""
    traps, _ = small_grid
    data = history_from_rows(
        traps, np.array(["a", "a", "a"]), np.array([1, 1, 2]), np.array(["T000", "T000", "T001"])
    )
    assert data.n_detections == 2 and data.n_spatial_recaptures == 1


def test_mask_spacing_is_inferred(secr_dir):
    """Mask.from_csv infers the grid spacing; from_points keeps the given one."""
    mask = Mask.from_csv(secr_dir / "stoat_mask_buffer1000.csv")
    assert mask.spacing_m == pytest.approx(78.125)
    assert mask.cell_area_ha == pytest.approx(78.125**2 / 1e4)
    again = Mask.from_points(mask.xy_m, 78.125)
    assert again.area_ha == pytest.approx(mask.area_ha)


def test_mask_rejects_bad_input(tmp_path):
    """Non-numeric mask rows and non-positive spacing are input errors."""
    bad = _write(tmp_path / "mask.csv", "x,y\n0,0\n1,oops\n")
    with pytest.raises(TwinInputError, match=r"mask\.csv"):
        Mask.from_csv(bad)
    with pytest.raises(TwinInputError, match="spacing_m"):
        Mask.from_points(np.zeros((3, 2)), 0.0)
