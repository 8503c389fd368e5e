"""Movement of a sample of animals on the park map, animated by weeks, with their 95% MCPs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from twin.landscape.grid import Landscape
from twin.population.homerange import mcp_polygon
from twin.viz.maps import landscape_traces, map_layout
from twin.viz.teaching_map import rasters_as_images

PALETTE = (
    "#e41a1c",
    "#377eb8",
    "#984ea3",
    "#ff7f00",
    "#a65628",
    "#f781bf",
    "#999999",
    "#66c2a5",
    "#fc8d62",
    "#8da0cb",
    "#e78ac3",
    "#a6d854",
)


MAP_HEIGHT_PX = 820
CONTROLS_MARGIN_PX = 150
"""Room under the map for the slider and the buttons (the map never lies under them)."""


def _controls(steps: list[dict]) -> dict:
    """Play and pause buttons, then the slider, in the margin under the map."""
    below = {"y": 0, "yanchor": "top", "pad": {"t": 50}}
    play = {"frame": {"duration": 300, "redraw": False}, "fromcurrent": True}
    pause = {"mode": "immediate", "frame": {"duration": 0}}
    return {
        "sliders": [
            {"steps": steps, "currentvalue": {"prefix": "from "}, "x": 0.12, "len": 0.88, **below}
        ],
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "x": 0.0,
                "xanchor": "left",
                **below,
                "buttons": [
                    {"label": "play", "method": "animate", "args": [None, play]},
                    {"label": "pause", "method": "animate", "args": [[None], pause]},
                ],
            }
        ],
    }


def sample_ids(individuals: pd.DataFrame, tracks: pd.DataFrame, n: int) -> list[int]:
    """Up to ``n`` tracked animals, alternating species, oldest ids first (deterministic)."""
    tracked = set(tracks["id"].unique())
    cands = individuals[individuals["id"].isin(tracked) & (individuals["stage_at_end"] != "cub")]
    by_species = [list(g["id"]) for _, g in cands.groupby("species", sort=True)]
    out: list[int] = []
    while len(out) < n and any(by_species):
        for ids in by_species:
            if ids and len(out) < n:
                out.append(int(ids.pop(0)))
    return out


def _home_ranges(t: pd.DataFrame, ids: list[int], labels: dict[int, str]) -> list[go.Scatter]:
    """Each sampled animal's 95% MCP over the run, shaded in its colour."""
    out = []
    for k, i in enumerate(ids):
        g = t[t["id"] == i]
        poly = mcp_polygon(g["x_m"].to_numpy(), g["y_m"].to_numpy())
        if not len(poly):
            continue
        closed = np.vstack((poly, poly[:1])) / 1000.0
        out.append(
            go.Scatter(
                x=closed[:, 0].round(2),
                y=closed[:, 1].round(2),
                mode="lines",
                line={"color": PALETTE[k % len(PALETTE)], "width": 1},
                name=f"95% MCP {labels[i]}",
                legendgroup=str(i),
                showlegend=False,
                fill="toself",
                opacity=0.25,
            )
        )
    return out


def _frame_traces(
    t: pd.DataFrame, ids: list[int], labels: dict[int, str], frame: int
) -> list[go.Scatter]:
    """The sampled animals' tracks during one frame, one trace per animal."""
    out = []
    for k, i in enumerate(ids):
        g = t[(t["id"] == i) & (t["frame"] == frame)]
        out.append(
            go.Scatter(
                x=(g["x_m"] / 1000).round(2),
                y=(g["y_m"] / 1000).round(2),
                mode="lines",
                name=labels[i],
                legendgroup=str(i),
                line={"color": PALETTE[k % len(PALETTE)], "width": 2},
            )
        )
    return out


def tracks_figure(
    landscape: Landscape,
    individuals: pd.DataFrame,
    tracks: pd.DataFrame,
    tick_min: float,
    n_animals: int,
    frame_days: int,
) -> go.Figure:
    """Map with the sample's 95% MCPs (static) and their positions, one frame per ``frame_days``."""
    # Animations replot only moving traces and drop heatmaps: draw the rasters as a layout image.
    base, images = rasters_as_images(landscape_traces(landscape))
    ids = sample_ids(individuals, tracks, n_animals)
    info = individuals.set_index("id")
    t = tracks[tracks["id"].isin(ids)].copy()
    t["frame"] = (t["time_min"] // (frame_days * 1440.0)).astype(int)
    labels = {i: f"{info.at[i, 'species']!s} {i} ({info.at[i, 'sex']!s})" for i in ids}
    base += _home_ranges(t, ids, labels)
    frames_idx = sorted(t["frame"].unique())
    fig = go.Figure(base + _frame_traces(t, ids, labels, frames_idx[0] if frames_idx else 0))
    trace_ids = list(range(len(base), len(base) + len(ids)))
    fig.frames = [
        go.Frame(data=_frame_traces(t, ids, labels, f), traces=trace_ids, name=str(f))
        for f in frames_idx
    ]
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}
    steps = [
        {"label": f"day {f * frame_days}", "method": "animate", "args": [[str(f)], still]}
        for f in frames_idx
    ]
    fig.update_layout(
        **map_layout(landscape, f"Tracks of {len(ids)} animals ({frame_days}-day frames)"),
        images=images,
    )
    fig.update_layout(height=MAP_HEIGHT_PX, margin={"b": CONTROLS_MARGIN_PX}, **_controls(steps))
    return fig
