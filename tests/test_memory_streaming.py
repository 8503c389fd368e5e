"""Tracks streamed to Parquet during a run: the same table and bytes, memory flat in years."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import twin
from twin import tracks as tracks_module
from twin.tracks import ROW_GROUP_ROWS, TrackStream, TrackTable, track_frame

SHORT = ["years=0.02", "report.enabled=false", "progress=false"]


def _record(stream: TrackStream, n_ticks: int, n_animals: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    rows = np.arange(n_animals, dtype=np.int64)
    for tick0 in range(n_ticks):
        xs, ys = rng.normal(0, 1e4, (2, 2, n_animals))
        stream.record(tick0, rows, xs, ys)


def _to_frame(arrays: dict[str, np.ndarray]) -> pd.DataFrame:
    table = track_frame(arrays, 15.0)
    table.insert(3, "species", np.where(table["id"] % 2 == 0, "leopard", "tiger").astype(object))
    return table


def test_streamed_file_has_the_bytes_of_one_write(tmp_path):
    """More than a row group of positions streamed in row groups gives the bytes of the whole
    table written at once with DataFrame.to_parquet."""
    stream = TrackStream(1, _to_frame, folder=tmp_path)
    _record(stream, n_ticks=ROW_GROUP_ROWS // 500 + 100, n_animals=500)
    table = stream.close()
    assert table.path is not None and len(table) > ROW_GROUP_ROWS
    whole = table.frame()
    whole.to_parquet(tmp_path / "at_once.parquet", index=False)
    table.write(tmp_path / "streamed.parquet")
    streamed = (tmp_path / "streamed.parquet").read_bytes()
    assert streamed == (tmp_path / "at_once.parquet").read_bytes()


def test_small_row_groups_hold_the_same_table(tmp_path):
    """A stream of small row groups holds what an in-memory recorder holds, row for row, and
    reads the rows of some animals in their order."""
    stream = TrackStream(2, _to_frame, rows_per_group=1000, folder=tmp_path)
    memory = TrackStream(2, _to_frame, folder=tmp_path)
    _record(stream, 300, 37)
    _record(memory, 300, 37)
    spilled, held = stream.close(), memory.close()
    assert spilled.path is not None and held.path is None
    assert pq.ParquetFile(spilled.path).num_row_groups == -(-len(held) // 1000)
    pd.testing.assert_frame_equal(spilled.frame(), held.frame())
    assert spilled.ids() == held.ids() == list(range(37))
    pd.testing.assert_frame_equal(spilled.frame([5, 2]), held.frame([5, 2]))
    assert spilled.dtypes == held.dtypes


def test_spilled_file_goes_with_its_table(tmp_path):
    """The temporary file of a streamed table is removed when the table is no longer used."""
    stream = TrackStream(1, _to_frame, rows_per_group=100, folder=tmp_path)
    _record(stream, 10, 30)
    table = stream.close()
    path = table.path
    assert path is not None and path.exists()
    del stream, table
    gc.collect()
    assert not path.exists()


def test_a_pickled_table_carries_its_rows(tmp_path):
    """A file-held table pickles as its rows (the file may not exist where it is unpickled)."""
    import pickle

    stream = TrackStream(1, _to_frame, rows_per_group=100, folder=tmp_path)
    _record(stream, 10, 30)
    table = stream.close()
    back = pickle.loads(pickle.dumps(table))
    assert isinstance(back, TrackTable) and back.path is None
    pd.testing.assert_frame_equal(back.frame(), table.frame())


@pytest.mark.slow
def test_a_streamed_run_writes_and_reads_its_tracks(tmp_path, monkeypatch):
    """A run whose tracks spill in row groups has the tracks of one that holds them, writes
    them as a file of those row groups and reads them back equal."""
    scenario = twin.load_scenario(SHORT)
    held = twin.simulate(scenario, seed=4)
    monkeypatch.setattr(tracks_module, "ROW_GROUP_ROWS", 5000)
    streamed = twin.simulate(scenario, seed=4)
    assert held.track_table.path is None and streamed.track_table.path is not None
    pd.testing.assert_frame_equal(streamed.tracks, held.tracks)
    folder = streamed.write(tmp_path / "run")
    expected = tmp_path / "expected.parquet"
    whole = pa.Table.from_pandas(held.tracks, preserve_index=False)
    pq.write_table(whole, expected, row_group_size=5000, compression="snappy")
    assert (folder / "tracks.parquet").read_bytes() == expected.read_bytes()
    pd.testing.assert_frame_equal(twin.RunResult.read(folder).tracks, held.tracks)
