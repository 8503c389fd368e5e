"""Thinned tracks: positions recorded every few movement ticks, for animals and for people.

:class:`Tracks` keeps what it records in memory (people's paths, a short run). :class:`TrackStream`
writes the animals' tracks to a Parquet file in row groups while the run goes on, so that a run's
memory does not grow with its years; :class:`TrackTable` is the recorded table, in memory or in
that file, read when asked for.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import numpy as np
import pandas as pd

ROW_GROUP_ROWS = 1024 * 1024
"""Rows per Parquet row group of a streamed file: pyarrow's default, so that a file streamed in
row groups has the bytes of the same table written at once with ``DataFrame.to_parquet``."""


@dataclass
class Tracks:
    """Positions recorded every ``every_ticks`` ticks (thinned tracks), long format; None
    records nothing (a lean replicate)."""

    every_ticks: int | None
    tick: list[np.ndarray] = field(default_factory=list)
    row: list[np.ndarray] = field(default_factory=list)
    x: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)
    rows_held: int = 0
    """Positions held in memory."""

    def record(self, tick0: int, rows: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> None:
        """Keep the positions of ticks ``tick0 + k`` (``k >= 1``) that fall on the thinning grid."""
        if self.every_ticks is None:
            return
        for k in range(1, xs.shape[0]):
            if (tick0 + k) % self.every_ticks == 0:
                self.tick.append(np.full(len(rows), tick0 + k, dtype=np.int64))
                self.row.append(rows)
                # copies: a view would keep the whole block of ticks alive (4x the memory)
                self.x.append(xs[k].copy())
                self.y.append(ys[k].copy())
                self.rows_held += len(rows)

    def arrays(self) -> dict[str, np.ndarray]:
        """The recorded positions as flat arrays ``tick, row, x_m, y_m``."""
        if not self.tick:
            empty = np.zeros(0)
            return {
                "tick": empty.astype(np.int64),
                "row": empty.astype(np.int64),
                "x_m": empty,
                "y_m": empty,
            }
        return {
            "tick": np.concatenate(self.tick),
            "row": np.concatenate(self.row).astype(np.int64),
            "x_m": np.concatenate(self.x),
            "y_m": np.concatenate(self.y),
        }

    def frame(self, tick_min: float) -> pd.DataFrame:
        """The recorded positions as a table ``tick, time_min, id, x_m, y_m`` (m, 0.1 m)."""
        return track_frame(self.arrays(), tick_min)

    def take(self, n_rows: int) -> dict[str, np.ndarray]:
        """Hand over the first ``n_rows`` positions held (as :meth:`arrays`) and forget them."""
        held = self.arrays()
        first = {k: v[:n_rows] for k, v in held.items()}
        rest = {k: v[n_rows:].copy() for k, v in held.items()}  # copies free the handed-over rows
        self.tick, self.row, self.x, self.y = (
            [rest[k]] if len(rest[k]) else [] for k in ("tick", "row", "x_m", "y_m")
        )
        self.rows_held = len(rest["tick"])
        return first


def track_frame(arrays: dict[str, np.ndarray], tick_min: float) -> pd.DataFrame:
    """Positions ``tick, row, x_m, y_m`` as a table ``tick, time_min, id, x_m, y_m`` (0.1 m)."""
    return pd.DataFrame(
        {
            "tick": arrays["tick"],
            "time_min": arrays["tick"] * tick_min,
            "id": arrays["row"],
            "x_m": arrays["x_m"].round(1),
            "y_m": arrays["y_m"].round(1),
        }
    )


class TrackStream(Tracks):
    """Tracks written to a Parquet file, ``rows_per_group`` positions at a time, during the run.

    Parameters
    ----------
    every_ticks
        Thinning (None records nothing).
    to_frame
        Builds the table of a block of positions (:meth:`Tracks.arrays`).
    rows_per_group
        Positions per row group (default :data:`ROW_GROUP_ROWS`: the bytes of a file written at
        once).
    folder
        Where the file is spilled (default: the system's temporary folder, ``TMPDIR``).
    """

    def __init__(
        self,
        every_ticks: int | None,
        to_frame: Callable[[dict[str, np.ndarray]], pd.DataFrame],
        *,
        rows_per_group: int | None = None,
        folder: str | Path | None = None,
    ) -> None:
        super().__init__(every_ticks)
        self.to_frame = to_frame
        self.rows_per_group = ROW_GROUP_ROWS if rows_per_group is None else rows_per_group
        self.folder = folder
        self._writer: Any = None
        self._path: Path | None = None
        self._ids: set[int] = set()
        self._dtypes: dict[str, str] = {}
        self._remove: weakref.finalize | None = None

    def record(self, tick0: int, rows: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> None:
        """Keep the thinned positions; write a row group whenever one is full."""
        super().record(tick0, rows, xs, ys)
        while self.rows_held >= self.rows_per_group:
            self._write(self.to_frame(self.take(self.rows_per_group)))

    def _write(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        if self._writer is None:
            handle, name = tempfile.mkstemp(
                prefix="twin-tracks-", suffix=".parquet", dir=self.folder
            )
            os.close(handle)
            self._path = Path(name)
            # a run that fails leaves no file behind
            self._remove = weakref.finalize(self, self._path.unlink, missing_ok=True)
            # snappy, as DataFrame.to_parquet writes
            self._writer = pq.ParquetWriter(self._path, table.schema, compression="snappy")
            self._dtypes = dtypes_of(frame)
        self._writer.write_table(table)
        self._ids.update(np.unique(frame["id"].to_numpy()).tolist())
        del table
        pa.default_memory_pool().release_unused()  # Arrow's allocator would keep the group's pages

    def close(self) -> TrackTable:
        """The recorded table: in memory if no row group was ever full, else the file."""
        frame = self.to_frame(self.take(self.rows_held))
        if self._writer is None:
            return TrackTable(frame)
        assert self._path is not None
        if len(frame):
            self._write(frame)
        self._writer.close()
        self._writer = None
        assert self._remove is not None
        self._remove.detach()  # the table owns the file now
        return TrackTable.spilled(self._path, self._dtypes, sorted(self._ids))


def dtypes_of(table: pd.DataFrame) -> dict[str, str]:
    """Column types of a table, by name, as a run folder's metadata records them."""
    return {str(c): str(t) for c, t in table.dtypes.items()}


class TrackTable:
    """A recorded tracks table, held in memory or in a Parquet file that is read when asked for.

    Parameters
    ----------
    frame
        The table, in memory.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame: pd.DataFrame | None = frame
        self.path: Path | None = None
        """The Parquet file holding the table (None: held in memory)."""
        self.dtypes = dtypes_of(frame)
        """Column types by name."""
        self._ids: list[int] | None = None

    @classmethod
    def spilled(cls, path: Path, dtypes: dict[str, str], ids: list[int]) -> TrackTable:
        """A table in a temporary file of its own, removed when the table is no longer used."""
        table = cls(pd.DataFrame())
        table._frame, table.path, table.dtypes, table._ids = None, path, dtypes, ids
        weakref.finalize(table, path.unlink, missing_ok=True)
        return table

    def frame(self, ids: Iterable[int] | None = None) -> pd.DataFrame:
        """The table (rows of the animals ``ids`` only, in their order, if given)."""
        if self._frame is not None:
            if ids is None:
                return self._frame
            return self._frame[self._frame["id"].isin(list(ids))].reset_index(drop=True)
        assert self.path is not None
        if ids is None:
            return pd.read_parquet(self.path)
        return self._rows_of(np.asarray(list(ids), dtype=np.int64))

    def _rows_of(self, ids: np.ndarray) -> pd.DataFrame:
        """The rows of some animals, read one row group at a time.

        Arrow's allocator keeps the pages it frees for reuse; they are handed back to the
        system after each group, so that reading a few animals of a long run's tracks does not
        leave the process holding the whole file's worth of memory.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        pool = pa.default_memory_pool()
        source = pq.ParquetFile(self.path)
        parts = []
        for k in range(source.num_row_groups):
            group = source.read_row_group(k)
            keep = np.isin(group.column("id").to_numpy(), ids)
            parts.append(group.filter(pa.array(keep)))
            del group
            pool.release_unused()
        frame = pa.concat_tables(parts).to_pandas()
        del parts
        pool.release_unused()
        return frame

    def ids(self) -> list[int]:
        """Ids of the animals with at least one recorded position, ascending."""
        if self._ids is None:
            assert self._frame is not None
            self._ids = sorted(np.unique(self._frame["id"].to_numpy()).tolist())
        return self._ids

    def __len__(self) -> int:
        if self._frame is not None:
            return len(self._frame)
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(self.path).metadata.num_rows)

    def write(self, path: Path) -> None:
        """Write the table to ``path`` as Parquet (a file-held table is copied)."""
        from twin.io.atomic import atomic_write

        if self.path is None:
            frame = self.frame()
            atomic_write(path, lambda p: frame.to_parquet(p, index=False))
        else:
            source = self.path
            atomic_write(path, lambda p: shutil.copyfile(source, p))

    def __reduce__(self) -> tuple[type[TrackTable], tuple[pd.DataFrame]]:
        # a pickled table travels with its rows: the file may not exist where it is unpickled
        return (TrackTable, (self.frame(),))


class TracksField:
    """The ``tracks`` field of a result: set to a table or a :class:`TrackTable`, read as a table;
    none recorded by default.

    A table held in a file is read at each access (keep the frame if you need it twice); the
    :class:`TrackTable` itself is the owner's ``track_table``.
    """

    def __init__(self) -> None:
        self.default = TrackTable(pd.DataFrame())

    @overload
    def __get__(self, owner: None, kind: type | None = None) -> TrackTable: ...
    @overload
    def __get__(self, owner: object, kind: type | None = None) -> pd.DataFrame: ...
    def __get__(self, owner: Any, kind: type | None = None) -> TrackTable | pd.DataFrame:
        if owner is None:
            return self.default  # the dataclass field's default
        table: TrackTable = owner.track_table
        return table.frame()

    def __set__(self, owner: Any, value: pd.DataFrame | TrackTable) -> None:
        owner.track_table = value if isinstance(value, TrackTable) else TrackTable(value)
