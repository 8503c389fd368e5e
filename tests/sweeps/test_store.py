"""The results row on disk: atomic write, completion marker, incomplete rows."""

from __future__ import annotations

import math

from tests.sweeps.helpers import make_row
from twin.sweeps.store import MARKER_FILE, ROW_FILE, StoredRow, is_complete, read_row, write_row


def test_row_round_trips_with_nan_as_null(tmp_path):
    """A written row reads back equal; NaN is stored as JSON null (strict JSON)."""
    row = make_row(2000, 1)
    row.values["scr_leopard_density_se"] = math.nan
    write_row(tmp_path, row)
    assert "NaN" not in (tmp_path / ROW_FILE).read_text()
    back = read_row(tmp_path)
    assert back is not None and back.values["scr_leopard_density_se"] is None
    assert back.parameters == row.parameters and back.timings == row.timings


def test_no_temporary_files_are_left(tmp_path):
    """After a write the folder holds exactly the row and its marker."""
    write_row(tmp_path, make_row(2000, 1))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([ROW_FILE, MARKER_FILE])


def test_row_without_marker_is_incomplete(tmp_path):
    """A row whose marker was never written (killed run) is not complete."""
    write_row(tmp_path, make_row(2000, 1))
    (tmp_path / MARKER_FILE).unlink()
    assert not is_complete(tmp_path)


def test_half_written_or_changed_row_is_incomplete(tmp_path):
    """A truncated row, or one that no longer matches its marker, is not complete."""
    write_row(tmp_path, make_row(2000, 1))
    text = (tmp_path / ROW_FILE).read_text()
    (tmp_path / ROW_FILE).write_text(text[: len(text) // 2])
    assert read_row(tmp_path) is None
    (tmp_path / f".{ROW_FILE}.partial").write_text(text)
    assert read_row(tmp_path) is None


def test_rewrite_replaces_row_and_marker(tmp_path):
    """Writing again replaces the row; the marker matches the new row."""
    write_row(tmp_path, make_row(2000, 1, estimate=1.0))
    write_row(tmp_path, make_row(2000, 1, estimate=2.0))
    back = read_row(tmp_path)
    assert isinstance(back, StoredRow)
    assert back.values["scr_leopard_density_estimate"] == 2.0
