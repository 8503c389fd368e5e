"""Raster map layers as PNG layout images (kept by Plotly animations that skip full redraws)."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np
import plotly.graph_objects as go

from tests.landscapes import flat_landscape
from twin.viz.maps import landscape_traces
from twin.viz.teaching_map import heatmap_image, rasters_as_images


def _decode_png(data: bytes) -> np.ndarray:
    """A minimal reader for the encoder's output: 8-bit RGBA, filter 0, one IDAT chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = body
        pos += 12 + length
    cols, rows, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 6)
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(rows, 1 + 4 * cols)
    assert (raw[:, 0] == 0).all()
    return raw[:, 1:].reshape(rows, cols, 4)


def _image_pixels(image: dict) -> np.ndarray:
    prefix = "data:image/png;base64,"
    assert image["source"].startswith(prefix)
    return _decode_png(base64.b64decode(image["source"][len(prefix) :]))


def test_heatmap_image_places_cells_and_colours_them_north_up():
    """A 2 x 3 heatmap becomes a 2 x 3 PNG, north row first, NaN transparent, extent by edges."""
    trace = go.Heatmap(
        x=[10.0, 11.0, 12.0],
        y=[100.0, 102.0],
        z=[[0.0, 1.0, np.nan], [1.0, 1.0, 1.0]],
        zmin=0,
        zmax=1,
        colorscale=[[0, "rgb(0,0,0)"], [1, "rgb(250,100,50)"]],
    )
    image = heatmap_image(trace)
    pixels = _image_pixels(image)
    assert pixels.shape == (2, 3, 4)
    assert pixels[0].tolist() == [[250, 100, 50, 255]] * 3  # north row (y=102) first
    assert pixels[1].tolist() == [[0, 0, 0, 255], [250, 100, 50, 255], [0, 0, 0, 0]]
    assert (image["x"], image["y"], image["sizex"], image["sizey"]) == (9.5, 103.0, 3.0, 4.0)
    assert image["layer"] == "below" and image["xref"] == "x"


def test_landscape_heatmaps_become_images_and_colour_bars():
    """The habitat heatmap leaves the traces; a colour bar scatter and one image take its place."""
    traces = landscape_traces(flat_landscape())
    kept, images = rasters_as_images(traces)
    assert sum(isinstance(t, go.Heatmap) for t in traces) == len(images) == 1
    assert not any(isinstance(t, go.Heatmap) for t in kept)
    assert len(kept) == len(traces)
    bar = next(t for t in kept if t.name == "habitat")
    assert bar.marker.showscale and bar.marker.cmax == 1


def test_images_are_byte_stable():
    """The same heatmap gives the same data URI."""
    traces = landscape_traces(flat_landscape())
    assert rasters_as_images(traces)[1] == rasters_as_images(traces)[1]
