"""Raster map layers as layout images, for animations that redraw only their scatter traces.

Plotly animates without a full redraw (``redraw: False``) by replotting the animated traces only,
and it removes the drawing layer of every trace type that is not animatable: a habitat heatmap
under moving animals disappears at the first frame. A layout image is not a trace, so it stays.
:func:`rasters_as_images` turns the heatmaps of :func:`twin.viz.maps.landscape_traces` into PNG
layout images (encoded here, byte-stable) and keeps each colour bar on a point-less scatter.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np
import plotly.colors
import plotly.graph_objects as go

LEVELS = 256
"""Colours sampled from a colour scale."""


def _png_rgba(rgba: np.ndarray) -> bytes:
    """A PNG file of an (rows, cols, 4) uint8 image, top row first."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    rows, cols = rgba.shape[:2]
    raw = np.hstack((np.zeros((rows, 1), np.uint8), rgba.reshape(rows, cols * 4))).tobytes()
    header = struct.pack(">IIBBBBB", cols, rows, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _palette(colorscale) -> np.ndarray:
    """(LEVELS, 3) uint8 colours evenly along a Plotly colour scale."""
    scale = [list(stop) for stop in colorscale]
    levels = list(np.linspace(0, 1, LEVELS))
    sampled = plotly.colors.sample_colorscale(scale, levels, colortype="tuple")
    return np.clip(np.round(np.asarray(sampled, dtype=float) * 255), 0, 255).astype(np.uint8)


def heatmap_image(trace: go.Heatmap) -> dict:
    """A layout image (PNG data URI, below the traces) of a heatmap with regular x and y centres."""
    z = np.asarray(trace.z, dtype=float)
    x, y = np.asarray(trace.x, dtype=float), np.asarray(trace.y, dtype=float)
    dx = float(x[1] - x[0]) if len(x) > 1 else 1.0
    dy = float(y[1] - y[0]) if len(y) > 1 else 1.0
    zmin, zmax = float(trace.zmin), float(trace.zmax)
    level = np.clip((z - zmin) / (zmax - zmin) * (LEVELS - 1), 0, LEVELS - 1)
    rgba = np.zeros(z.shape + (4,), dtype=np.uint8)
    shown = np.isfinite(z)
    rgba[shown, :3] = _palette(trace.colorscale)[np.round(level[shown]).astype(int)]
    rgba[shown, 3] = 255
    png = base64.b64encode(_png_rgba(rgba[::-1])).decode("ascii")
    return {
        "source": f"data:image/png;base64,{png}",
        "xref": "x",
        "yref": "y",
        "x": float(x[0] - dx / 2),
        "y": float(y[-1] + dy / 2),
        "sizex": dx * len(x),
        "sizey": dy * len(y),
        "sizing": "stretch",
        "xanchor": "left",
        "yanchor": "top",
        "layer": "below",
    }


def colour_bar(trace: go.Heatmap) -> go.Scatter:
    """A point-less scatter that shows the heatmap's colour bar."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=trace.name,
        showlegend=False,
        hoverinfo="skip",
        marker={
            "color": [trace.zmin],
            "cmin": trace.zmin,
            "cmax": trace.zmax,
            "colorscale": trace.colorscale,
            "showscale": True,
            "colorbar": trace.colorbar.to_plotly_json(),
        },
    )


def rasters_as_images(traces: list[go.BaseTraceType]) -> tuple[list[go.BaseTraceType], list[dict]]:
    """Split map traces into traces without heatmaps (colour bars kept) and layout images."""
    kept: list[go.BaseTraceType] = []
    images: list[dict] = []
    for trace in traces:
        if isinstance(trace, go.Heatmap):
            images.append(heatmap_image(trace))
            kept.append(colour_bar(trace))
        else:
            kept.append(trace)
    return kept, images
