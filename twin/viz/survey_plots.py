"""The camera survey: layout with detections per station, uptime over time, who was seen where."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from twin.landscape.grid import Landscape
from twin.taxa import keys_of
from twin.viz.maps import landscape_traces, map_layout

SPECIES_COLOURS = {"leopard": "#e65100", "tiger": "#6a1b9a"}


def _known(sequences: pd.DataFrame) -> pd.DataFrame:
    """Retrieved sequences with a species key column."""
    seen = sequences[sequences["retrieved"]].copy()
    seen["species_key"] = keys_of(seen["species"].to_numpy())
    return seen


def layout_figure(
    landscape: Landscape, stations: pd.DataFrame, sequences: pd.DataFrame
) -> go.Figure:
    """Stations on the park map, sized and coloured by retrieved cat detections."""
    seen = _known(sequences)
    cats = seen[seen["species_key"].isin(["leopard", "tiger"])]
    counts = cats.groupby("station_id").size().reindex(stations["station_id"], fill_value=0)
    fig = go.Figure(landscape_traces(landscape))
    fig.add_trace(
        go.Scatter(
            x=(stations["x_m"] / 1000).round(2),
            y=(stations["y_m"] / 1000).round(2),
            mode="markers",
            name="camera stations",
            text=[
                f"{s}: {c} detections" for s, c in zip(stations["station_id"], counts, strict=True)
            ],
            hoverinfo="text",
            marker={
                "size": 5 + 2 * np.sqrt(counts.to_numpy()),
                "color": counts.to_numpy(),
                "colorscale": "Oranges",
                "line": {"width": 0.5, "color": "black"},
                "colorbar": {"title": "detections", "len": 0.35, "y": 0.8, "x": 1.12},
            },
        )
    )
    fig.update_layout(**map_layout(landscape, "Camera stations and cat detections (retrieved)"))
    return fig


def uptime_figure(operation: pd.DataFrame) -> go.Figure:
    """Share of stations deployed and share working, per day (from the day-resolution matrix)."""
    values = operation.to_numpy(dtype=float)
    deployed = np.isfinite(values).mean(axis=0)
    working = np.nan_to_num(values, nan=0.0).mean(axis=0)
    days = list(operation.columns)
    fig = go.Figure(
        [
            go.Scatter(x=days, y=deployed.round(4), name="deployed", mode="lines"),
            go.Scatter(x=days, y=working.round(4), name="working", mode="lines", fill="tozeroy"),
        ]
    )
    fig.update_layout(
        title="Camera stations deployed and working",
        yaxis_title="share of stations",
        yaxis_range=[0, 1.05],
        height=350,
    )
    return fig


def individuals_figure(
    landscape: Landscape, stations: pd.DataFrame, sequences: pd.DataFrame, max_individuals: int = 25
) -> go.Figure:
    """Stations where each identified cat was detected (lines join one cat's stations)."""
    seen = _known(sequences)
    ided = seen[seen["identified"] & (seen["individual_id"] != "")]
    pos = stations.set_index("station_id")[["x_m", "y_m"]]
    fig = go.Figure(landscape_traces(landscape))
    order = ided.groupby("individual_id").size().sort_values(ascending=False, kind="stable")
    for ind in order.index[:max_individuals]:
        g = ided[ided["individual_id"] == ind]
        where = pos.loc[g["station_id"].unique()]
        species = g["species_key"].iloc[0]
        fig.add_trace(
            go.Scatter(
                x=(where["x_m"] / 1000).round(2),
                y=(where["y_m"] / 1000).round(2),
                mode="lines+markers",
                name=f"{ind} ({len(g)})",
                line={"width": 1, "color": SPECIES_COLOURS.get(species)},
                marker={"size": 7, "symbol": "circle" if species == "leopard" else "diamond"},
            )
        )
    n = ided["individual_id"].nunique()
    fig.update_layout(
        **map_layout(
            landscape,
            f"Identified cats and their stations ({min(n, max_individuals)} of {n} shown)",
        )
    )
    return fig
