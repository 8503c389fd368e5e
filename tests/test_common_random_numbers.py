"""Common random numbers: two camera designs run with one seed see the same animals, and the
same failures and thefts for the cameras they share."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import simpy

import twin
from twin.cameras.camera_config import load_camera_config
from twin.cameras.des import CameraArray
from twin.cameras.synthetic import paired_layout

SHORT = ["years=0.05", "estimation.enabled=false", "report.enabled=false"]


def _operation(cameras: pd.DataFrame, seed: int) -> pd.DataFrame:
    cfg = load_camera_config(
        {
            "failure": {"theft_fraction_2yr": 0.95, "malfunction_per_day": 0.01},
            "crews": {"install_by_crews": False, "service_interval_days": 1000.0},
        }
    )
    env = simpy.Environment()
    n = len(cameras)
    array = CameraArray(
        env, SimpleNamespace(cameras=cameras), cfg, np.random.default_rng(seed),
        dist_road_m=np.full(n, 300.0), dist_village_m=np.full(n, 1500.0), survey_days=200.0,
    )  # fmt: skip
    env.run(until=200 * 1440.0)
    return array.records().operation


def test_shared_cameras_fail_alike_in_two_layouts():
    """A camera in both layouts is stolen or breaks at the same minutes, whatever else differs."""
    big = paired_layout(9).cameras
    small = big.iloc[[0, 1, 6, 7]].reset_index(drop=True)
    a, b = _operation(big, seed=5), _operation(small, seed=5)
    shared = a[a["camera_id"].isin(small["camera_id"])].reset_index(drop=True)
    assert (shared["status"] != "working").any()
    pd.testing.assert_frame_equal(shared, b.reset_index(drop=True))
    other = _operation(small, seed=6)
    assert not other.equals(b)


@pytest.mark.slow
def test_two_layouts_one_seed_same_animals():
    """The trail and hex layouts run with one seed give identical tracks and animals."""
    trail = twin.simulate(twin.load_scenario(SHORT), seed=11)
    hexa = twin.simulate(twin.load_scenario([*SHORT, "layout=hex_paired"]), seed=11)
    assert trail.observations is not None and hexa.observations is not None
    assert trail.observations.layout.n_stations != hexa.observations.layout.n_stations or (
        trail.observations.layout.pattern != hexa.observations.layout.pattern
    )
    pd.testing.assert_frame_equal(trail.tracks, hexa.tracks)
    pd.testing.assert_frame_equal(trail.individuals, hexa.individuals)
