"""The camera survey: layout with detections per station, uptime over time, who was seen where."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from twin.landscape.grid import Landscape
from twin.taxa import keys_of
from twin.viz.maps import landscape_traces, map_layout, side_colorbar

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
                "colorbar": side_colorbar("detections", x=1.12),
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


def _spokes(pairs: pd.DataFrame, centre: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Lines from each cat's centre to each of its stations (km), NaN between lines."""
    c = centre.loc[pairs["individual_id"]].to_numpy()
    gap = np.full(len(pairs), np.nan)
    xs = np.column_stack((c[:, 0], pairs["x_km"], gap)).ravel()
    ys = np.column_stack((c[:, 1], pairs["y_km"], gap)).ravel()
    return xs.round(2), ys.round(2)


def individuals_figure(
    landscape: Landscape, stations: pd.DataFrame, sequences: pd.DataFrame
) -> go.Figure:
    """Each identified cat at the mean position of its detections, with spokes to its stations."""
    seen = _known(sequences)
    ided = seen[seen["identified"] & (seen["individual_id"] != "")]
    pos = stations.set_index("station_id").loc[ided["station_id"], ["x_m", "y_m"]] / 1000
    cats = ided.assign(x_km=pos["x_m"].to_numpy(), y_km=pos["y_m"].to_numpy())
    fig = go.Figure(landscape_traces(landscape))
    for species, g in cats.groupby("species_key", sort=True):
        colour = SPECIES_COLOURS.get(str(species))
        centre = g.groupby("individual_id")[["x_km", "y_km"]].mean()
        n = g.groupby("individual_id").size()
        pairs = g.drop_duplicates(["individual_id", "station_id"])
        n_stations = pairs.groupby("individual_id").size()
        xs, ys = _spokes(pairs, centre)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": 1, "color": colour},
                opacity=0.45,
                name=f"{species}: stations that saw it",
                legendgroup=str(species),
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=centre["x_km"].round(2),
                y=centre["y_km"].round(2),
                mode="markers",
                name=f"{species}s identified ({len(centre)})",
                legendgroup=str(species),
                text=[f"{i}: {n[i]} detections at {n_stations[i]} stations" for i in centre.index],
                hoverinfo="text",
                marker={
                    "size": 5 + 1.5 * np.sqrt(n.to_numpy()),
                    "color": colour,
                    "line": {"width": 1, "color": "white"},
                },
            )
        )
    fig.update_layout(
        **map_layout(landscape, "Identified cats: centre of their detections, spokes to stations")
    )
    return fig
