"""Frame tables of the teaching page: frames, positions, stations at work, flashes, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from twin.errors import TwinInputError
from twin.taxa import LEOPARD, TIGER
from twin.viz.teaching_frames import (
    FrameClock,
    concat_moving,
    flashes_by_frame,
    positions_by_frame,
    select_individuals,
    validate_moving,
    working_by_frame,
)

HOURLY = FrameClock(start_min=0.0, frame_min=60.0, n_frames=3)
STATIONS = pd.DataFrame({"station_id": ["S1", "S2"], "x_m": [1000.0, 2000.0], "y_m": [5.0, 6.0]})


def _random_moving(rng: np.random.Generator, n_rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": rng.integers(0, 6, n_rows),
            "group": rng.choice(["leopard", "poacher"], n_rows),
            "time_min": rng.uniform(-30.0, 220.0, n_rows).round(1),
            "x_m": rng.uniform(0, 1e4, n_rows),
            "y_m": rng.uniform(0, 1e4, n_rows),
        }
    )


def _positions_reference(moving, keys, clock):
    """Loop over frames and keys: the latest row with time in the frame's interval."""
    x = np.full((clock.n_frames, len(keys)), np.nan)
    y = np.full_like(x, np.nan)
    for f, end in enumerate(clock.times_min):
        for j, (group, ident) in enumerate(zip(keys["group"], keys["id"], strict=True)):
            rows = moving[
                (moving["group"] == group)
                & (moving["id"] == ident)
                & (moving["time_min"] > end - clock.frame_min)
                & (moving["time_min"] <= end)
            ]
            if len(rows):
                last = rows.sort_values("time_min", kind="stable").iloc[-1]
                x[f, j], y[f, j] = last["x_m"], last["y_m"]
    return x, y


def test_frame_of_uses_half_open_intervals_ending_at_the_frame_time():
    """A time equal to a frame's end belongs to that frame; the start and later times to none."""
    frames = HOURLY.frame_of(np.array([0.0, 0.5, 60.0, 60.5, 180.0, 180.5, -5.0]))
    assert frames.tolist() == [-1, 0, 0, 1, 2, -1, -1]
    assert HOURLY.times_min.tolist() == [60.0, 120.0, 180.0]


def test_positions_match_the_loop_reference():
    """The vectorised last-position-per-frame equals a loop over frames and keys."""
    rng = np.random.default_rng(11)
    moving = _random_moving(rng, 300)
    moving = moving.drop_duplicates(["group", "id", "time_min"])
    keys = select_individuals(moving, 100)
    x, y = positions_by_frame(moving, keys, HOURLY)
    ref_x, ref_y = _positions_reference(moving, keys, HOURLY)
    np.testing.assert_array_equal(x, ref_x)
    np.testing.assert_array_equal(y, ref_y)


def test_an_individual_without_a_row_in_a_frame_is_absent_there():
    """A key seen only in the first hour is NaN in the later frames."""
    moving = pd.DataFrame(
        {"id": [1, 1], "group": ["tiger"] * 2, "time_min": [15.0, 45.0], "x_m": [1.0, 2.0]}
    ).assign(y_m=[3.0, 4.0])
    x, y = positions_by_frame(moving, select_individuals(moving, 5), HOURLY)
    assert x[0, 0] == 2.0 and y[0, 0] == 4.0
    assert np.isnan(x[1:, 0]).all()


def test_selection_takes_groups_in_turn_and_keeps_small_groups_whole():
    """With room for 6 of 12, the 2 poachers are kept and leopards fill the rest, lowest ids."""
    moving = pd.DataFrame(
        {
            "id": list(range(10)) + [100, 101],
            "group": ["leopard"] * 10 + ["poacher"] * 2,
            "time_min": 10.0,
            "x_m": 0.0,
            "y_m": 0.0,
        }
    )
    keys = select_individuals(moving, 6)
    assert list(zip(keys["group"], keys["id"], strict=True)) == [
        ("leopard", 0),
        ("leopard", 1),
        ("leopard", 2),
        ("leopard", 3),
        ("poacher", 100),
        ("poacher", 101),
    ]


def test_working_stations_follow_the_working_intervals():
    """A station works at frame times inside a camera's working interval, not in other states."""
    cameras = pd.DataFrame(
        {"camera_id": ["S1-A", "S1-B", "S2-A"], "station_id": ["S1", "S1", "S2"]}
    )
    operation = pd.DataFrame(
        {
            "camera_id": ["S1-A", "S1-B", "S2-A"],
            "start_min": [30.0, 100.0, 0.0],
            "end_min": [150.0, 130.0, 200.0],
            "status": ["working", "working", "battery_flat"],
        }
    )
    working = working_by_frame(operation, cameras, STATIONS, HOURLY)
    assert working.tolist() == [[True, False], [True, False], [False, False]]


def test_flashes_join_the_cameras_of_a_station_within_a_frame():
    """Both cameras of S1 firing in the second hour give one flash of 2 triggers at S1."""
    sequences = pd.DataFrame(
        {
            "station_id": ["S1", "S1", "S2", "S2"],
            "start_min": [75.5, 75.6, 200.0, 0.0],
            "species": [LEOPARD, TIGER, LEOPARD, LEOPARD],
        }
    )
    flashes = flashes_by_frame(sequences, STATIONS, HOURLY)
    assert len(flashes) == 1
    row = flashes.iloc[0]
    assert (row["frame"], row["station_id"], row["n_triggers"]) == (1, "S1", 2)
    assert (row["x_m"], row["y_m"]) == (1000.0, 5.0)
    assert row["label"] == "S1: leopard, tiger at 01:15"


def test_a_moving_table_without_its_columns_is_refused_by_name():
    """A group table missing time_min names the argument and the columns it needs."""
    table = pd.DataFrame({"id": [1], "group": ["patrol"], "x_m": [0.0], "y_m": [0.0]})
    with pytest.raises(TwinInputError, match=r"groups\[0\] columns=.*missing time_min"):
        concat_moving([table], ["groups[0]"])


def test_a_non_finite_coordinate_is_refused_by_name():
    """A NaN x_m names the table and column."""
    table = pd.DataFrame(
        {"id": [1], "group": ["patrol"], "time_min": [5.0], "x_m": [np.nan], "y_m": [0.0]}
    )
    with pytest.raises(TwinInputError, match=r"patrols\.x_m=nan is not allowed"):
        validate_moving(table, "patrols")
