"""Frame-by-frame tables of the teaching page: who is where, which stations work, which fire.

A page shows ``n_frames`` frames; frame ``k`` (0-based) covers the interval
``(start_min + k * frame_min, start_min + (k + 1) * frame_min]`` and is drawn at its end. A moving
individual is shown at its last position inside the frame, a camera station flashes when one of
its cameras triggers inside the frame. Nothing here imports Plotly; :mod:`twin.viz.teaching`
turns these arrays into traces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from twin.errors import TwinInputError
from twin.taxa import TAXA

MOVING_COLUMNS: tuple[str, ...] = ("id", "group", "time_min", "x_m", "y_m")
"""Columns of a table of moving individuals (animals, and later poachers or ranger patrols)."""


@dataclass(frozen=True)
class FrameClock:
    """The frames of a page: ``n_frames`` intervals of ``frame_min`` minutes from ``start_min``."""

    start_min: float
    frame_min: float
    n_frames: int

    @property
    def times_min(self) -> np.ndarray:
        """End time of each frame (min since the run's start), the time it shows."""
        return self.start_min + self.frame_min * np.arange(1, self.n_frames + 1)

    def frame_of(self, time_min: np.ndarray) -> np.ndarray:
        """0-based frame of each time, -1 for times outside the frames."""
        t = np.asarray(time_min, dtype=float)
        frame = np.ceil((t - self.start_min) / self.frame_min).astype(np.int64) - 1
        return np.where((frame >= 0) & (frame < self.n_frames), frame, -1)


def moving_from_tracks(tracks: pd.DataFrame) -> pd.DataFrame:
    """The run's tracks (``RunResult.tracks``) as a moving table, one group per species."""
    return pd.DataFrame(
        {
            "id": tracks["id"].to_numpy(),
            "group": tracks["species"].astype(str).to_numpy(),
            "time_min": tracks["time_min"].to_numpy(dtype=float),
            "x_m": tracks["x_m"].to_numpy(dtype=float),
            "y_m": tracks["y_m"].to_numpy(dtype=float),
        }
    )


def validate_moving(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Check a moving table and return it with plain column types.

    Raises
    ------
    TwinInputError
        When a column of :data:`MOVING_COLUMNS` is missing or a time or coordinate is not finite.
    """
    missing = [c for c in MOVING_COLUMNS if c not in table.columns]
    if missing:
        raise TwinInputError(
            f"{name} columns={list(table.columns)!r} is not allowed: a table with columns "
            f"{', '.join(MOVING_COLUMNS)} (missing {', '.join(missing)})."
        )
    out = table[list(MOVING_COLUMNS)].copy()
    out["group"] = out["group"].astype(str)
    for col in ("time_min", "x_m", "y_m"):
        values = pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            value = out[col].astype(object).iloc[int(np.argmax(bad))]
            raise TwinInputError(
                f"{name}.{col}={value!r} is not allowed: "
                "finite numbers (minutes since the run's start, metres in UTM 52N)."
            )
        out[col] = values
    return out


def select_individuals(moving: pd.DataFrame, max_individuals: int) -> pd.DataFrame:
    """Up to ``max_individuals`` (group, id) keys, taken in turn from each group, lowest ids first.

    Groups keep their order of first appearance; taking in turn keeps small groups (a few
    poachers among hundreds of leopards) whole.
    """
    keys = moving[["group", "id"]].drop_duplicates()
    groups = list(dict.fromkeys(keys["group"]))
    queues = [sorted(keys.loc[keys["group"] == g, "id"].tolist()) for g in groups]
    chosen: list[tuple[str, object]] = []
    depth = 0
    while len(chosen) < max_individuals and any(depth < len(q) for q in queues):
        for g, q in zip(groups, queues, strict=True):
            if depth < len(q) and len(chosen) < max_individuals:
                chosen.append((g, q[depth]))
        depth += 1
    order = {g: k for k, g in enumerate(groups)}
    chosen.sort(key=lambda gi: (order[gi[0]], gi[1]))
    return pd.DataFrame(chosen, columns=["group", "id"])


def positions_by_frame(
    moving: pd.DataFrame, keys: pd.DataFrame, clock: FrameClock
) -> tuple[np.ndarray, np.ndarray]:
    """Last position of each key in each frame, as ``(x_m, y_m)`` arrays of shape (frames, keys).

    A key with no row in a frame (dead, not yet born, or sampled less often) is NaN there.
    """
    x = np.full((clock.n_frames, len(keys)), np.nan)
    y = np.full_like(x, np.nan)
    column = pd.MultiIndex.from_frame(keys[["group", "id"]]).get_indexer(
        pd.MultiIndex.from_frame(moving[["group", "id"]])
    )
    frame = clock.frame_of(moving["time_min"].to_numpy())
    keep = (column >= 0) & (frame >= 0)
    order = np.argsort(moving["time_min"].to_numpy()[keep], kind="stable")
    # later rows overwrite earlier ones, so each cell ends with the frame's last position
    x[frame[keep][order], column[keep][order]] = moving["x_m"].to_numpy()[keep][order]
    y[frame[keep][order], column[keep][order]] = moving["y_m"].to_numpy()[keep][order]
    return x, y


def working_by_frame(
    operation: pd.DataFrame, cameras: pd.DataFrame, stations: pd.DataFrame, clock: FrameClock
) -> np.ndarray:
    """Whether each station has a working camera at each frame's time, shape (frames, stations)."""
    station_of = cameras.set_index("camera_id")["station_id"]
    index = pd.Index(stations["station_id"])
    working = operation[operation["status"] == "working"]
    col = index.get_indexer(station_of.reindex(working["camera_id"]).to_numpy())
    t = clock.times_min
    out = np.zeros((clock.n_frames, len(stations)), dtype=bool)
    first = np.searchsorted(t, working["start_min"].to_numpy(), side="left")
    stop = np.searchsorted(t, working["end_min"].to_numpy(), side="left")
    for c, a, b in zip(col, first, stop, strict=True):
        if c >= 0:
            out[a:b, c] = True
    return out


def flashes_by_frame(
    sequences: pd.DataFrame, stations: pd.DataFrame, clock: FrameClock
) -> pd.DataFrame:
    """One row per station and frame in which the station's cameras triggered.

    Columns: ``frame, station_id, x_m, y_m, n_triggers, label`` (the label names the species
    and the first trigger's time of day), sorted by frame and station.
    """
    frame = clock.frame_of(sequences["start_min"].to_numpy())
    fired = sequences.loc[frame >= 0, ["station_id", "start_min", "species"]].copy()
    fired["frame"] = frame[frame >= 0]
    fired["species_key"] = [TAXA[int(s)].key for s in fired["species"]]
    fired = fired.sort_values(["frame", "station_id", "start_min"], kind="stable")
    rows = []
    for (f, station), g in fired.groupby(["frame", "station_id"], sort=True):
        minute = int(g["start_min"].iloc[0]) % 1440
        species = ", ".join(dict.fromkeys(g["species_key"]))
        rows.append(
            (f, station, len(g), f"{station}: {species} at {minute // 60:02d}:{minute % 60:02d}")
        )
    out = pd.DataFrame(rows, columns=["frame", "station_id", "n_triggers", "label"])
    where = stations.set_index("station_id")[["x_m", "y_m"]]
    out["x_m"] = where["x_m"].reindex(out["station_id"]).to_numpy()
    out["y_m"] = where["y_m"].reindex(out["station_id"]).to_numpy()
    return out[["frame", "station_id", "x_m", "y_m", "n_triggers", "label"]]


def concat_moving(tables: Sequence[pd.DataFrame], names: Sequence[str]) -> pd.DataFrame:
    """Validate and stack moving tables (``names`` say which argument each came from)."""
    checked = [validate_moving(t, n) for t, n in zip(tables, names, strict=True)]
    if not checked:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in MOVING_COLUMNS})
    return pd.concat(checked, ignore_index=True)
