"""The teaching page of a short seeded run: frames, bounds, flashes, extra groups, stable bytes."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import twin
from twin.errors import TwinInputError
from twin.viz.teaching import (
    PLOT_DIV_ID,
    TeachingSettings,
    page_html,
    page_stats,
    teaching_figure,
)

SHORT_RUN = [
    "years=0.0055",  # 2 days
    "output.track_every_ticks=1",
    "progress=false",
    "estimation.enabled=false",
    "cameras.crews.install_by_crews=false",
]
SETTINGS = TeachingSettings(frame_min=60.0, tail_frames=3)


@pytest.fixture(scope="module")
def result():
    """A two-day run of the default park with 15-min tracks and every camera out at minute 0."""
    return twin.simulate(twin.load_scenario(SHORT_RUN))


@pytest.fixture(scope="module")
def figure(result):
    """Its teaching page figure, hourly frames."""
    return teaching_figure(result, settings=SETTINGS)


def _frame_trace(fig: go.Figure, frame: int, name: str) -> go.Scatter:
    return next(t for t in fig.frames[frame].data if t.name == name)


def test_one_frame_per_hour_with_the_same_traces(figure):
    """Two days give 48 frames, each replacing the same scatter traces, the map as an image."""
    assert len(figure.frames) == 48
    assert len({tuple(f.traces) for f in figure.frames}) == 1
    assert all(t.type == "scatter" for t in figure.data)
    assert len(figure.layout.images) == 1
    assert [s["label"] for s in figure.layout.sliders[0].steps][:2] == [
        "2024-01-01 01:00",
        "2024-01-01 02:00",
    ]


def test_points_per_frame_are_bounded(result, figure):
    """Each frame draws at most individuals x (tail + 1) + 2 x stations + 1 points."""
    n_stations = result.observations.layout.n_stations
    n_ind = result.tracks["id"].nunique()
    bound = n_ind * (SETTINGS.tail_frames + 1) + 2 * n_stations + 1
    stats = page_stats(figure)
    assert stats["frames"] == 48
    assert 0 < stats["max_points_per_frame"] <= bound
    assert stats["points"] <= 48 * stats["max_points_per_frame"]


def test_max_individuals_caps_the_dots(result):
    """With max_individuals=20 no frame shows more than 20 animals."""
    fig = teaching_figure(result, settings=TeachingSettings(max_individuals=20, tail_frames=0))
    for k in (0, 20, 47):
        dots = [_frame_trace(fig, k, name) for name in ("leopard", "tiger")]
        assert sum(np.isfinite(np.asarray(t.x, dtype=float)).sum() for t in dots) == 20


def test_every_trigger_flashes_in_its_frame(result, figure):
    """The flashes' hover labels count every trigger of the two days, frame by frame."""
    seq = result.observations.records.sequences
    frame = np.ceil(seq["start_min"].to_numpy() / 60.0).astype(int) - 1
    for k in sorted(set(frame[(frame >= 0) & (frame < 48)]))[:5]:
        fired = set(seq.loc[frame == k, "station_id"])
        labels = _frame_trace(figure, k, "camera trap fires").text
        assert {label.split(":")[0] for label in labels} == fired
    clock = _frame_trace(figure, 47, "clock").text[0]
    assert clock.endswith(f"camera triggers so far: {int(((frame >= 0) & (frame < 48)).sum())}")


def test_extra_groups_are_drawn_as_their_own_traces(result):
    """A poacher table becomes a 'poacher' trace with its positions in km at the right frames."""
    poachers = pd.DataFrame(
        {
            "id": [7, 7, 8],
            "group": ["poacher"] * 3,
            "time_min": [30.0, 90.0, 90.0],
            "x_m": [690_000.0, 691_000.0, 692_000.0],
            "y_m": [4_780_000.0] * 3,
        }
    )
    fig = teaching_figure(result, [poachers], settings=SETTINGS)
    first, second = _frame_trace(fig, 0, "poacher"), _frame_trace(fig, 1, "poacher")
    assert np.asarray(first.x).tolist() == [690.0]
    assert np.asarray(second.x).tolist() == [691.0, 692.0]
    assert np.asarray(second.customdata).tolist() == [7, 8]
    assert np.isnan(np.asarray(_frame_trace(fig, 2, "poacher").x, dtype=float)).all()


def test_bad_inputs_are_refused_by_name(result):
    """Too-short frames, too many frames and an incomplete group table name the key."""
    with pytest.raises(TwinInputError, match="frame_min=10.0 is not allowed: at least the tracks'"):
        teaching_figure(result, settings=TeachingSettings(frame_min=10.0))
    with pytest.raises(TwinInputError, match="max_frames=10 frames"):
        teaching_figure(result, settings=TeachingSettings(max_frames=10))
    with pytest.raises(TwinInputError, match=r"groups\[0\] columns"):
        teaching_figure(result, [pd.DataFrame({"id": [1]})])
    with pytest.raises(TwinInputError, match="tail_frames=-1"):
        TeachingSettings(tail_frames=-1)


def test_page_is_offline_and_byte_stable(result, figure):
    """The page embeds plotly.js, loads nothing from the network, and repeats byte for byte."""
    page = page_html(figure, result.metadata)
    assert page == page_html(teaching_figure(result, settings=SETTINGS), result.metadata)
    assert f'id="{PLOT_DIV_ID}"' in page
    assert "* plotly.js v" in page  # the bundle's header: plotly.js is embedded
    assert re.search(r"<script\b[^>]*\bsrc=", page) is None


def test_a_run_without_cameras_shows_animals_only():
    """With the survey off the page has no station or flash traces."""
    quiet = twin.simulate(twin.load_scenario([*SHORT_RUN, "years=0.003", "survey.enabled=false"]))
    fig = teaching_figure(quiet, settings=SETTINGS)
    names = {t.name for t in fig.frames[0].data}
    assert names == {"leopard", "leopard tail", "tiger", "tiger tail", "clock"}
    assert len(fig.frames) == 24
