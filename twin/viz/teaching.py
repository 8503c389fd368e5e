"""The teaching page: an animated park map of animals moving and camera traps firing.

Built from a :class:`~twin.results.RunResult` of a short run (a few days) and written as one
standalone HTML page (plotly.js embedded, works offline, byte-stable for the same run). Extra
moving groups (poachers, ranger patrols) are drawn from tables with the columns
:data:`~twin.viz.teaching_frames.MOVING_COLUMNS`, one trace pair per group.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from twin.errors import require
from twin.results import RunResult
from twin.viz.maps import landscape_traces, map_layout
from twin.viz.survey_plots import SPECIES_COLOURS
from twin.viz.teaching_frames import FrameClock
from twin.viz.teaching_map import rasters_as_images
from twin.viz.teaching_traces import PageTables, frame_traces, page_tables, static_traces

PLOT_DIV_ID = "teaching-map"
"""Fixed id of the plot's div (byte-stable pages; the browser test finds the plot by it)."""

TITLE = "Land of the Leopard: animals and camera traps"

INTERRUPTED_ANIMATION_JS = """
(function () {
  // Plotly rejects the promise of an animation that pause or the slider interrupts, with no
  // reason and no handler; mark those rejections handled so the console stays clean.
  var gd = document.getElementById('{plot_id}');
  var interrupted = false;
  gd.on('plotly_animationinterrupted', function () { interrupted = true; });
  window.addEventListener('unhandledrejection', function (event) {
    if (interrupted && event.reason === undefined) {
      event.preventDefault();
      interrupted = false;
    }
  });
})();
"""

GROUP_PALETTE = ("#212121", "#1565c0", "#c62828", "#2e7d32", "#f9a825", "#6d4c41")
"""Colours of groups without one in ``group_colours`` (in order of first appearance)."""


@dataclass(frozen=True)
class TeachingSettings:
    """How the page thins the run into frames.

    Attributes
    ----------
    frame_min
        Minutes per frame (60: one frame per hour).
    start_day
        Day of the run where the page starts.
    days
        Days shown; None (or more than the run has): to the run's end.
    max_frames
        Most frames allowed (a browser animates a few hundred smoothly).
    max_individuals
        Most moving individuals drawn, over all groups.
    tail_frames
        Earlier frame positions joined into a tail behind each individual.
    frame_duration_ms
        Milliseconds each frame stays on screen when playing.
    """

    frame_min: float = 60.0
    start_day: float = 0.0
    days: float | None = None
    max_frames: int = 300
    max_individuals: int = 250
    tail_frames: int = 3
    frame_duration_ms: int = 250

    def __post_init__(self) -> None:
        require(self.frame_min > 0, "frame_min", self.frame_min, "a positive number of minutes")
        require(self.start_day >= 0, "start_day", self.start_day, "a day >= 0 of the run")
        require(self.days is None or self.days > 0, "days", self.days, "None or a positive number")
        for key in ("max_frames", "max_individuals"):
            require(getattr(self, key) >= 1, key, getattr(self, key), "a whole number >= 1")
        require(self.tail_frames >= 0, "tail_frames", self.tail_frames, "a whole number >= 0")
        require(
            self.frame_duration_ms >= 1,
            "frame_duration_ms",
            self.frame_duration_ms,
            "a whole number of milliseconds >= 1",
        )

    def clock(self, end_min: float) -> FrameClock:
        """Frames from ``start_day`` to ``start_day + days`` or ``end_min`` (min of the run)."""
        start_min = self.start_day * 1440.0
        stop_min = end_min if self.days is None else min(end_min, start_min + self.days * 1440.0)
        n = int(np.ceil((stop_min - start_min) / self.frame_min - 1e-9))
        require(
            n >= 1,
            "start_day",
            self.start_day,
            f"a day before the run's end (day {end_min / 1440:g})",
        )
        require(
            n <= self.max_frames,
            "frame_min",
            self.frame_min,
            f"frames long enough that the page has at most max_frames={self.max_frames} frames "
            f"(it would have {n}); use longer frames, fewer days or a larger max_frames",
        )
        return FrameClock(start_min=start_min, frame_min=self.frame_min, n_frames=n)


def _frame_label(time_min: float, start_date: dt.date) -> str:
    moment = dt.datetime.combine(start_date, dt.time(0, 0)) + dt.timedelta(minutes=time_min)
    return moment.strftime("%Y-%m-%d %H:%M")


def _colours(groups: Sequence[str], given: Mapping[str, str] | None) -> dict[str, str]:
    known = {**SPECIES_COLOURS, **(given or {})}
    spare = iter(c for c in GROUP_PALETTE if c not in known.values())
    return {g: known[g] if g in known else next(spare, "#000000") for g in groups}


def _controls(names: list[str], labels: list[str], frame_duration_ms: int) -> dict:
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}
    still["transition"] = {"duration": 0}
    steps = [
        {"label": label, "method": "animate", "args": [[name], still]}
        for name, label in zip(names, labels, strict=True)
    ]
    play = {
        "frame": {"duration": frame_duration_ms, "redraw": False},
        "transition": {"duration": 0},
        "fromcurrent": True,
    }
    return {
        "sliders": [
            {
                "active": 0,
                "steps": steps,
                "currentvalue": {"prefix": "time: "},
                "y": -0.08,
                "yanchor": "top",
                "pad": {"t": 30},
            }
        ],
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "x": 0.0,
                "xanchor": "left",
                "y": -0.08,
                "yanchor": "top",
                "buttons": [
                    {"label": "play", "method": "animate", "args": [None, play]},
                    {"label": "pause", "method": "animate", "args": [[None], still]},
                ],
            }
        ],
    }


def teaching_figure(
    result: RunResult,
    groups: Sequence[pd.DataFrame] = (),
    settings: TeachingSettings | None = None,
    group_colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """The animated park map of a run: animals, camera stations and their triggers, extra groups.

    Parameters
    ----------
    result
        A run (:func:`twin.simulate`) of a few days; tracks sampled at least once per frame
        (``output.track_every_ticks`` x ``tick_min`` <= ``settings.frame_min``).
    groups
        Extra moving tables with columns ``id, group, time_min, x_m, y_m`` (min since the
        run's start, metres in UTM 52N), e.g. poachers and ranger patrols.
    settings
        Frame length, window and bounds; defaults to :class:`TeachingSettings`.
    group_colours
        Colour of a group by name (species keys have colours already).

    Returns
    -------
    plotly.graph_objects.Figure
        One frame per ``settings.frame_min``, with play/pause buttons and a slider.

    Raises
    ------
    TwinInputError
        For a settings value out of range, a group table without the columns, or more frames
        than ``settings.max_frames``.
    """
    settings = settings or TeachingSettings()
    tables = page_tables(result, groups, settings)
    return _figure(result, tables, settings, group_colours)


def _clock_trace(text: str, x_km: float, y_km: float) -> go.Scatter:
    """The frame's time and trigger count, written in the map's top-left corner."""
    return go.Scatter(
        x=[x_km],
        y=[y_km],
        mode="text",
        text=[text],
        textposition="bottom right",
        textfont={"size": 15, "color": "black"},
        hoverinfo="skip",
        showlegend=False,
        name="clock",
    )


def _figure(
    result: RunResult,
    tables: PageTables,
    settings: TeachingSettings,
    group_colours: Mapping[str, str] | None,
) -> go.Figure:
    landscape = result.landscape
    colours = _colours(tables.group_names, group_colours)
    map_traces, images = rasters_as_images(landscape_traces(landscape))
    base = map_traces + static_traces(tables)
    animated = list(range(len(base), len(base) + tables.n_frame_traces + 1))
    start_date = dt.date.fromisoformat(result.metadata["start_date"])
    clock = tables.clock
    labels = [_frame_label(t, start_date) for t in clock.times_min]
    counts = np.bincount(tables.flashes["frame"], tables.flashes["n_triggers"], clock.n_frames)
    texts = [
        f"{label}  camera triggers so far: {n}"
        for label, n in zip(labels, np.cumsum(counts).astype(int), strict=True)
    ]
    xmin_m, _, _, ymax_m = landscape.extent_m

    def data(k: int) -> list[go.BaseTraceType]:
        own = frame_traces(tables, k, colours, settings.tail_frames)
        return own + [_clock_trace(texts[k], xmin_m / 1000 + 1, ymax_m / 1000 - 1)]

    fig = go.Figure(base + data(0))
    names = [str(k) for k in range(clock.n_frames)]
    fig.frames = [
        go.Frame(data=data(k), traces=animated, name=names[k]) for k in range(clock.n_frames)
    ]
    fig.update_layout(**map_layout(landscape, TITLE), images=images)
    fig.update_layout(xaxis_showgrid=False, yaxis_showgrid=False)
    fig.update_layout(hovermode="closest", **_controls(names, labels, settings.frame_duration_ms))
    return fig


def page_html(fig: go.Figure, metadata: Mapping[str, Any]) -> str:
    """The standalone page (plotly.js embedded) of a :func:`teaching_figure`, as HTML text.

    ``metadata`` is the run's (``RunResult.metadata``): the page names its seed, days and
    start date. The plot's div id is :data:`PLOT_DIV_ID`; the same figure gives the same bytes.
    """
    plot = fig.to_html(
        full_html=False,
        include_plotlyjs=True,
        div_id=PLOT_DIV_ID,
        auto_play=False,
        config={"displaylogo": False, "responsive": True},
        post_script=INTERRUPTED_ANIMATION_JS,
    )
    return "\n".join(
        [
            "<!DOCTYPE html><html><head><meta charset='utf-8'>",
            "<title>Leopard twin: animals and camera traps</title>",
            "<style>body{font-family:sans-serif;margin:1.5em;max-width:1200px}</style>",
            "</head><body>",
            "<h1>Land of the Leopard: a few days in the park</h1>",
            f"<p>A simulated run (seed {metadata['seed']}, {metadata['days']} days from "
            f"{html.escape(str(metadata['start_date']))}). Each dot is an individual (the legend "
            "says which kind) at the end of the frame, with a short tail of where it was before. "
            "Squares are camera stations, filled while a camera there works; a yellow star "
            "flashes where a camera trap fires. Green shows habitat quality. Press <b>play</b> "
            "or drag the slider.</p>",
            plot,
            "</body></html>",
        ]
    )


def write_teaching_page(
    result: RunResult,
    path: str | Path,
    groups: Sequence[pd.DataFrame] = (),
    settings: TeachingSettings | None = None,
    group_colours: Mapping[str, str] | None = None,
) -> Path:
    """Write the teaching page of a run to ``path`` (atomically) and return the path.

    The arguments are those of :func:`teaching_figure`.
    """
    from twin.results import atomic_write

    out = Path(path)
    page = page_html(teaching_figure(result, groups, settings, group_colours), result.metadata)
    atomic_write(out, lambda p: p.write_text(page, encoding="utf-8"))
    return out


def page_stats(fig: go.Figure) -> dict[str, int]:
    """Frames, and points drawn per frame (NaN gaps not counted), of an animated figure."""
    per_frame = [
        sum(int(np.isfinite(np.asarray(t.x, dtype=float)).sum()) for t in f.data if t.x is not None)
        for f in fig.frames
    ]
    return {
        "frames": len(fig.frames),
        "max_points_per_frame": max(per_frame, default=0),
        "points": int(sum(per_frame)),
    }
