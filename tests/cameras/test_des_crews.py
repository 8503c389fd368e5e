"""Crews: installation round, service rounds, working hours and travel."""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from twin.cameras.camera_config import CrewConfig, load_camera_config
from twin.cameras.crews import Crews
from twin.cameras.des import CameraArray
from twin.cameras.synthetic import paired_layout

DAY = 1440.0


def crews_on_clock(cfg: CrewConfig, n_stations: int, days: float):
    """Crews alone on a clock starting at local midnight; returns (env, crews, serviced)."""
    env = simpy.Environment()
    serviced: list[tuple[float, tuple[int, ...]]] = []
    crews = Crews(env, paired_layout(n_stations).cameras, cfg, (0.0, days * DAY), 0.0,
                  lambda cams: serviced.append((env.now, tuple(cams))))  # fmt: skip
    env.run(until=days * DAY)
    return env, crews, serviced


def test_every_station_is_visited_each_round():
    """Each service round visits every station once, in working hours."""
    cfg = CrewConfig(n_crews=2, service_interval_days=30.0)
    _, crews, serviced = crews_on_clock(cfg, 16, 90.0)
    assert len(serviced) == 3 * 16
    for k in range(3):
        in_round = [cams for t, cams in serviced if k * 30 * DAY <= t < (k + 1) * 30 * DAY]
        assert sorted(in_round) == [(2 * s, 2 * s + 1) for s in range(16)]
    hours = np.array([t for t, _ in serviced]) % DAY / 60.0
    assert np.all((hours >= 8.0) & (hours <= 18.0))


def test_more_crews_finish_a_round_sooner():
    """Doubling the crews shortens the installation round."""
    last = []
    for n_crews in (1, 2):
        _, _, serviced = crews_on_clock(CrewConfig(n_crews=n_crews), 36, 20.0)
        last.append(max(t for t, _ in serviced))
    assert last[1] < 0.7 * last[0]


def test_travel_time_uses_route_factor_and_speed():
    """A station 10 km from the base is reached after 10 km x route factor at travel speed."""
    cfg = CrewConfig(base_x_m=490_000.0, base_y_m=4_750_000.0, route_factor=1.5,
                     travel_speed_km_per_h=30.0, workday_start_h=0.0, workday_h=24.0)  # fmt: skip
    _, _, serviced = crews_on_clock(cfg, 1, 1.0)
    assert serviced[0][0] == pytest.approx(10.0 * 1.5 / 30.0 * 60.0)


def test_wait_for_workday():
    """Jobs wait for the working day and for room before its end."""
    env = simpy.Environment()
    crews = Crews(env, paired_layout(1).cameras, CrewConfig(), (0.0, DAY), 0.0, lambda c: None)
    assert crews.wait_for_workday_min(60.0) == pytest.approx(8 * 60.0)
    env.run(until=17.5 * 60.0)
    assert crews.wait_for_workday_min(60.0) == pytest.approx(14.5 * 60.0)
    assert crews.wait_for_workday_min(20.0) == 0.0
    assert crews.wait_for_workday_min(13 * 60.0) == pytest.approx(14.5 * 60.0)


def test_cameras_are_not_deployed_until_installed():
    """With install_by_crews each camera is not_deployed from minute 0 to its first visit."""
    env = simpy.Environment()
    layout = paired_layout(9)
    array = CameraArray(env, layout, load_camera_config(), np.random.default_rng(0),
                        dist_road_m=np.full(18, 1e4), dist_village_m=np.full(18, 1e4),
                        survey_days=20.0)  # fmt: skip
    env.run(until=20 * DAY)
    rec = array.records()
    first = rec.operation.sort_values("start_min").groupby("camera_id").first()
    assert (first["status"] == "not_deployed").all()
    starts = rec.deployments.groupby("camera_id")["start_min"].min()
    ends = rec.operation.query("status == 'not_deployed'").set_index("camera_id")["end_min"]
    assert np.allclose(starts.sort_index(), ends.sort_index())
