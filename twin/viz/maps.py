"""The landscape as a Plotly map: habitat raster, water, park boundary, border, roads, villages."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from twin.landscape.grid import Landscape

MAP_CELL_M = 1000.0
"""Display resolution of raster layers (coarser than the model's, to keep pages light)."""


def side_colorbar(title: str, x: float = 1.02) -> dict[str, Any]:
    """A colour bar at the top right of a map, title above it, clear of the legend below."""
    return {
        "title": {"text": title, "side": "top"},
        "len": 0.25,
        "y": 1.0,
        "yanchor": "top",
        "x": x,
        "thickness": 14,
        "ticks": "outside",
    }


def _coarsen(values: np.ndarray, factor: int) -> np.ndarray:
    rows, cols = (values.shape[0] // factor) * factor, (values.shape[1] // factor) * factor
    trimmed = values[:rows, :cols].astype(np.float64)
    return trimmed.reshape(rows // factor, factor, cols // factor, factor).mean(axis=(1, 3))


def _km(v: Any) -> np.ndarray:
    return np.round(np.asarray(v, dtype=float) / 1000.0, 2)


def _polylines(value) -> tuple[np.ndarray, np.ndarray]:
    """One (n, 2) array or a list of them, as km coordinates with gaps between the pieces."""
    pieces = (
        [np.asarray(value)] if isinstance(value, np.ndarray) else [np.asarray(v) for v in value]
    )
    gap = np.full((1, 2), np.nan)
    joined = np.vstack([part for p in pieces for part in (p[:, :2], gap)])
    return _km(joined[:, 0]), _km(joined[:, 1])


def landscape_traces(landscape: Landscape) -> list[go.BaseTraceType]:
    """Traces of the park map, coordinates in km of UTM 52N."""
    factor = max(1, int(round(MAP_CELL_M / landscape.resolution_m)))
    habitat = _coarsen(landscape.layers["habitat"], factor)
    water = _coarsen(landscape.layers["water"], factor) > 0.5
    shown = np.where(water, np.nan, habitat)
    cell = landscape.resolution_m * factor
    xs = landscape.x0_m + (np.arange(shown.shape[1]) + 0.5) * cell
    ys = landscape.y0_m + (np.arange(shown.shape[0]) + 0.5) * cell
    traces: list[go.BaseTraceType] = [
        go.Heatmap(
            x=_km(xs),
            y=_km(ys),
            z=np.round(shown, 2),
            colorscale="Greens",
            zmin=0,
            zmax=1,
            colorbar={**side_colorbar("habitat"), "tickvals": [0, 0.5, 1]},
            hovertemplate="habitat %{z}<extra></extra>",
            name="habitat",
        )
    ]
    f = landscape.features
    lines = [
        ("park_boundary", "park boundary", "#1b5e20", "solid", 2),
        ("border", "Russia-China border", "#b71c1c", "dash", 2),
        ("coastline", "coast", "#0d47a1", "solid", 1),
        ("roads", "roads", "#424242", "solid", 1.5),
        ("railway", "railway", "#757575", "dot", 1),
    ]
    for key, label, colour, dash, width in lines:
        if key in f and len(f[key]):
            x, y = _polylines(f[key])
            traces.append(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    name=label,
                    line={"color": colour, "dash": dash, "width": width},
                )
            )
    villages = f.get("villages", [])
    if villages:
        traces.append(
            go.Scatter(
                x=_km([v["x_m"] for v in villages]),
                y=_km([v["y_m"] for v in villages]),
                mode="markers+text",
                text=[v["name"] for v in villages],
                textposition="top center",
                name="villages",
                marker={"symbol": "square", "color": "#6d4c41", "size": 7},
            )
        )
    return traces


def map_layout(landscape: Landscape, title: str) -> dict:
    """Layout with equal axis scales in km."""
    xmin, xmax, ymin, ymax = landscape.extent_m
    return {
        "title": title,
        "xaxis": {
            "title": "easting (km, UTM 52N)",
            "range": [xmin / 1000, xmax / 1000],
            "constrain": "domain",
        },
        "yaxis": {
            "title": "northing (km)",
            "range": [ymin / 1000, ymax / 1000],
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
        "height": 750,
        "legend": {"x": 1.02, "y": 0.68, "yanchor": "top"},
    }


def landscape_figure(landscape: Landscape) -> go.Figure:
    """The park map alone."""
    fig = go.Figure(landscape_traces(landscape))
    fig.update_layout(**map_layout(landscape, "Land of the Leopard National Park (synthetic)"))
    return fig
