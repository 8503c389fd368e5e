"""twin-collect: complete rows only, deterministic order and bytes, the command line."""

from __future__ import annotations

import pandas as pd

from tests.sweeps.helpers import make_row, write_sweep
from twin.cli.collect import main
from twin.sweeps.collect import (
    RESULTS_CSV,
    RESULTS_PARQUET,
    gather,
    parameter_columns,
    results_table,
)
from twin.sweeps.store import MARKER_FILE, ROW_FILE, write_row

ROWS = [make_row(s, r, estimate=1.0 + 0.1 * r) for s in (8000, 2000, 4000) for r in (1, 0, 10)]


def test_table_is_sorted_by_parameters_whatever_the_write_order(tmp_path):
    """Rows are sorted by parameter values (numbers as numbers), not by folder or write order."""
    a = results_table(gather(write_sweep(tmp_path / "a", ROWS)))
    b = results_table(gather(write_sweep(tmp_path / "b", ROWS[::-1])))
    pd.testing.assert_frame_equal(a, b)
    assert a["layout.spacing_m"].tolist() == [2000] * 3 + [4000] * 3 + [8000] * 3
    assert a["replicate"].tolist()[:3] == [0, 1, 10]


def test_columns_parameters_then_fixed_then_values_then_timings(tmp_path):
    """Parameters come first (before the seed); timings are the trailing *_seconds columns."""
    table = results_table(gather(write_sweep(tmp_path, ROWS)))
    assert parameter_columns(table) == ["layout.spacing_m", "replicate"]
    assert list(table.columns[2:7]) == [
        "seed_entropy",
        "parameters_sha256",
        "sweep_seed",
        "config_sha256",
        "error",
    ]
    assert list(table.columns[-2:]) == ["job_seconds", "total_seconds"]
    assert str(table["scr_leopard_density_covered"].dtype) == "boolean"


def test_files_are_byte_identical_without_timings(tmp_path):
    """Collected with --no-timings, two sweeps of the same rows give the same bytes."""
    a = write_sweep(tmp_path / "a", ROWS)
    b = write_sweep(tmp_path / "b", ROWS[::-1])
    assert main([str(a), "--no-timings"]) == 0 and main([str(b), "--no-timings"]) == 0
    for name in (RESULTS_PARQUET, RESULTS_CSV):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert not any(c.endswith("_seconds") for c in pd.read_parquet(a / RESULTS_PARQUET).columns)


def test_incomplete_and_half_written_rows_are_never_collected(tmp_path):
    """Rows without a matching marker, temporary files and bare job folders are left out."""
    write_sweep(tmp_path, ROWS[:2])
    killed = tmp_path / "layout.spacing_m=1,replicate=0"
    write_row(killed, make_row(1, 0))
    (killed / MARKER_FILE).unlink()
    half = tmp_path / "layout.spacing_m=1,replicate=1"
    half.mkdir()
    (half / f".{ROW_FILE}.partial").write_text('{"parameters": {"lay')
    (tmp_path / "layout.spacing_m=1,replicate=2" / ".hydra").mkdir(parents=True)
    collected = gather(tmp_path)
    assert len(collected.rows) == 2 and len(collected.incomplete) == 3
    assert 1 not in results_table(collected)["layout.spacing_m"].tolist()


def test_duplicate_parameter_sets_are_collected_once(tmp_path):
    """Two folders with the same parameters and sweep seed give one row."""
    write_sweep(tmp_path / "x", ROWS[:1])
    write_sweep(tmp_path / "y", ROWS[:1])
    collected = gather(tmp_path)
    assert len(collected.rows) == 1 and len(collected.duplicates) == 1


def test_mixed_parameter_types_become_text(tmp_path):
    """A parameter that is a number in one row and text in another is written as text."""
    rows = [make_row(2000, 0), make_row(2000, 1)]
    rows[1].parameters["layout.spacing_m"] = "auto"
    table = results_table(gather(write_sweep(tmp_path, rows)))
    assert sorted(table["layout.spacing_m"]) == ["2000", "auto"]
    table.to_parquet(tmp_path / "t.parquet")


def test_command_line_reports_and_fails_cleanly(tmp_path, capsys):
    """twin-collect prints what it wrote; an empty folder exits with 2 and names SWEEP_DIR."""
    write_sweep(tmp_path / "s", ROWS)
    assert main([str(tmp_path / "s")]) == 0
    assert "9 runs" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty")]) == 2
    assert "SWEEP_DIR" in capsys.readouterr().err
    assert main([str(tmp_path / "missing")]) == 2
