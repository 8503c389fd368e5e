"""Plotly traces of the teaching page: static camera stations and the traces of one frame.

:func:`page_tables` gathers what a page shows from a run (frames, positions, stations, triggers);
:func:`frame_traces` draws one frame. Every frame has the same traces in the same order (working
stations, then a tail and a dot trace per group, then the flashes), as Plotly animation needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from twin.errors import require
from twin.results import RunResult
from twin.viz.teaching_frames import (
    FrameClock,
    concat_moving,
    flashes_by_frame,
    moving_from_tracks,
    positions_by_frame,
    select_individuals,
    working_by_frame,
)

if TYPE_CHECKING:
    from twin.viz.teaching import TeachingSettings

STATION_COLOUR = "#37474f"
FLASH_COLOUR = "#ffeb3b"


@dataclass(frozen=True)
class PageTables:
    """What a teaching page shows, frame by frame.

    Attributes
    ----------
    clock
        The frames.
    keys
        The drawn individuals: ``group, id``, grouped in order.
    x_m, y_m
        Positions of ``keys`` at each frame, shape (frames, keys); NaN where absent.
    stations
        Camera stations (``station_id, x_m, y_m``), or None when the run had no survey.
    working
        Whether each station works at each frame, shape (frames, stations), or None.
    flashes
        Stations that fire in each frame (:func:`~twin.viz.teaching_frames.flashes_by_frame`).
    """

    clock: FrameClock
    keys: pd.DataFrame
    x_m: np.ndarray
    y_m: np.ndarray
    stations: pd.DataFrame | None
    working: np.ndarray | None
    flashes: pd.DataFrame

    @property
    def group_names(self) -> list[str]:
        """Groups in drawing order."""
        return list(dict.fromkeys(self.keys["group"]))

    @property
    def n_frame_traces(self) -> int:
        """Traces each frame replaces."""
        return 2 * len(self.group_names) + (2 if self.stations is not None else 0)


def page_tables(
    result: RunResult, groups: Sequence[pd.DataFrame], settings: TeachingSettings
) -> PageTables:
    """Gather the frames of a page from a run and extra moving tables (validated here)."""
    track_min = result.scenario.run.tick_min * result.scenario.output.track_every_ticks
    require(
        track_min <= settings.frame_min,
        "frame_min",
        settings.frame_min,
        f"at least the tracks' interval of {track_min:g} min (output.track_every_ticks x "
        "tick_min), so every animal has a position in every frame",
    )
    clock = settings.clock(result.metadata["days"] * 1440.0)
    moving = concat_moving(
        [moving_from_tracks(result.tracks), *groups],
        ["tracks", *(f"groups[{k}]" for k in range(len(groups)))],
    )
    moving = moving[clock.frame_of(moving["time_min"].to_numpy()) >= 0]
    keys = select_individuals(moving, settings.max_individuals)
    x_m, y_m = positions_by_frame(moving, keys, clock)
    observations = result.observations
    stations = working = None
    flashes = pd.DataFrame(
        {"frame": pd.Series(dtype=np.int64), "n_triggers": pd.Series(dtype=np.int64)}
    )
    if observations is not None:
        records, layout = observations.records, observations.layout
        stations = layout.stations[["station_id", "x_m", "y_m"]]
        working = working_by_frame(records.operation, layout.cameras, stations, clock)
        flashes = flashes_by_frame(records.sequences, stations, clock)
    return PageTables(clock, keys, x_m, y_m, stations, working, flashes)


def _km(values: np.ndarray | pd.Series) -> np.ndarray:
    """Metres as km rounded to 10 m, in float32 (half the bytes of float64, still 6 digits).

    An empty input gives one NaN: Plotly hides a trace without points, and a hidden trace that
    a frame fills in breaks the partial redraw of the animation (the heatmap disappears).
    """
    km = np.round(np.asarray(values, dtype=float) / 1000.0, 2).astype(np.float32)
    return km if len(km) else np.full(1, np.nan, dtype=np.float32)


def static_traces(tables: PageTables) -> list[go.BaseTraceType]:
    """Traces that never change: every planned camera station, as an open square."""
    if tables.stations is None:
        return []
    s = tables.stations
    return [
        go.Scatter(
            x=_km(s["x_m"]),
            y=_km(s["y_m"]),
            mode="markers",
            name="camera station",
            text=s["station_id"].tolist(),
            hovertemplate="station %{text}<extra></extra>",
            marker={
                "symbol": "square-open",
                "size": 6,
                "color": STATION_COLOUR,
                "line": {"width": 1},
            },
        )
    ]


def _tail(x: np.ndarray, y: np.ndarray, k: int, tail_frames: int) -> tuple[np.ndarray, ...]:
    """Each column's positions over frames ``k - tail_frames .. k``, NaN between columns."""
    lo = max(0, k - tail_frames)
    gap = np.full((x.shape[1], 1), np.nan)
    return (
        np.hstack((x[lo : k + 1].T, gap)).ravel(),
        np.hstack((y[lo : k + 1].T, gap)).ravel(),
    )


def _group_traces(
    tables: PageTables, group: str, k: int, colour: str, tail_frames: int
) -> list[go.Scatter]:
    members = np.flatnonzero(tables.keys["group"].to_numpy() == group)
    x, y = tables.x_m[:, members], tables.y_m[:, members]
    here = np.isfinite(x[k])
    tail_x, tail_y = _tail(x, y, k, tail_frames)
    return [
        go.Scatter(
            x=_km(tail_x),
            y=_km(tail_y),
            mode="lines",
            line={"color": colour, "width": 1},
            opacity=0.6,
            hoverinfo="skip",
            legendgroup=group,
            showlegend=False,
            name=f"{group} tail",
        ),
        go.Scatter(
            x=_km(x[k][here]),
            y=_km(y[k][here]),
            mode="markers",
            customdata=tables.keys["id"].to_numpy()[members][here],
            hovertemplate=f"{group} %{{customdata}}<extra></extra>",
            marker={"color": colour, "size": 7, "line": {"width": 0.5, "color": "white"}},
            legendgroup=group,
            name=group,
        ),
    ]


def _station_traces(
    stations: pd.DataFrame, working_now: np.ndarray, flashes: pd.DataFrame, k: int
) -> tuple[go.Scatter, go.Scatter]:
    on = stations[working_now]
    fired = flashes[flashes["frame"] == k]
    working = go.Scatter(
        x=_km(on["x_m"]),
        y=_km(on["y_m"]),
        mode="markers",
        name="camera working",
        hoverinfo="skip",
        marker={"symbol": "square", "size": 6, "color": STATION_COLOUR},
    )
    flash = go.Scatter(
        x=_km(fired["x_m"]),
        y=_km(fired["y_m"]),
        mode="markers",
        name="camera trap fires",
        text=fired["label"].tolist(),
        hovertemplate="%{text}<extra></extra>",
        marker={
            "symbol": "star",
            "size": 22,
            "color": FLASH_COLOUR,
            "line": {"width": 1.5, "color": "black"},
        },
    )
    return working, flash


def frame_traces(
    tables: PageTables, k: int, colours: Mapping[str, str], tail_frames: int
) -> list[go.Scatter]:
    """The traces of frame ``k``: working stations, each group's tails and dots, flashes."""
    out: list[go.Scatter] = []
    stations = None
    if tables.stations is not None and tables.working is not None:
        stations = _station_traces(tables.stations, tables.working[k], tables.flashes, k)
    if stations is not None:
        out.append(stations[0])
    for group in tables.group_names:
        out += _group_traces(tables, group, k, colours[group], tail_frames)
    if stations is not None:
        out.append(stations[1])
    return out
