"""Field crews: a ``simpy.Resource`` that installs, services and retrieves stations in rounds.

Every ``service_interval_days`` a round queues one visit per station, nearest to the base first.
A visit holds one crew for the return trip from the base (straight line times ``route_factor`` at
``travel_speed_km_per_h``) plus ``service_min_per_camera`` per camera, and starts only if it fits
in the working day. The station is serviced when the crew arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Generator

import numpy as np
import pandas as pd
import simpy

from twin.cameras.camera_config import CrewConfig

M_PER_MIN_PER_KM_PER_H = 1000.0 / 60.0
_EPS_MIN = 1e-6  # clock round-off must not push a job that fits exactly to the next day


class Crews:
    """The crews of one survey and the visits they made.

    Parameters
    ----------
    env
        The simulation clock (minutes).
    cameras
        Layout camera table (``station_id``, ``x_m``, ``y_m``); row ``i`` is camera ``i``.
    cfg
        Crew settings.
    window_min
        ``(start_min, end_min)`` of the survey; no visit is made at or after ``end_min``.
    start_of_day_min
        Local clock minute of the day at simulation minute 0 (working hours are local).
    service
        Called at arrival with the camera row indices of the station.

    Attributes
    ----------
    resource
        The crews, ``capacity == cfg.n_crews``.
    visits_
        ``(station_id, arrival_min)`` of every visit made so far.
    """

    def __init__(
        self,
        env: simpy.Environment,
        cameras: pd.DataFrame,
        cfg: CrewConfig,
        window_min: tuple[float, float],
        start_of_day_min: float,
        service: Callable[[np.ndarray], None],
    ) -> None:
        self.env = env
        self.cfg = cfg
        self.resource = simpy.Resource(env, capacity=cfg.n_crews)
        self.visits_: list[tuple[str, float]] = []
        self._start_min, self._end_min = window_min
        self._start_of_day_min = start_of_day_min
        self._service = service
        self._stations = _stations(cameras)
        self._one_way_min = self._travel_min(cameras)
        self._order = np.argsort(self._one_way_min, kind="stable")
        env.process(self._rounds())

    def _travel_min(self, cameras: pd.DataFrame) -> np.ndarray:
        x = np.array([cameras["x_m"].to_numpy(float)[c].mean() for _, c in self._stations])
        y = np.array([cameras["y_m"].to_numpy(float)[c].mean() for _, c in self._stations])
        base_x = cameras["x_m"].mean() if self.cfg.base_x_m is None else self.cfg.base_x_m
        base_y = cameras["y_m"].mean() if self.cfg.base_y_m is None else self.cfg.base_y_m
        route_m = np.hypot(x - base_x, y - base_y) * self.cfg.route_factor
        return route_m / (self.cfg.travel_speed_km_per_h * M_PER_MIN_PER_KM_PER_H)

    def _rounds(self) -> Generator[simpy.Event, None, None]:
        interval_min = self.cfg.service_interval_days * 1440.0
        if not self.cfg.install_by_crews:
            yield self.env.timeout(interval_min)
        while self.env.now < self._end_min:
            for station in self._order:
                self.env.process(self._visit(int(station)))
            yield self.env.timeout(interval_min)

    def _visit(self, station: int) -> Generator[simpy.Event, None, None]:
        station_id, cams = self._stations[station]
        service_min = self.cfg.service_min_per_camera * len(cams)
        one_way_min = float(self._one_way_min[station])
        with self.resource.request() as request:
            yield request
            wait_min = self.wait_for_workday_min(2.0 * one_way_min + service_min)
            yield self.env.timeout(wait_min + one_way_min)
            if self.env.now >= self._end_min:
                return
            self.visits_.append((station_id, self.env.now))
            self._service(cams)
            yield self.env.timeout(service_min + one_way_min)

    def wait_for_workday_min(self, duration_min: float) -> float:
        """Minutes to wait from now until a job of ``duration_min`` fits in the working day.

        A job longer than the working day starts at the start of a working day.
        """
        day_start = self.cfg.workday_start_h * 60.0
        day_end = day_start + self.cfg.workday_h * 60.0
        duration_min = min(duration_min, day_end - day_start)
        clock = (self._start_of_day_min + self.env.now) % 1440.0
        fits_today = day_start <= clock + _EPS_MIN and clock + duration_min <= day_end + _EPS_MIN
        if fits_today:
            return 0.0
        if clock < day_start:
            return day_start - clock
        return 1440.0 - clock + day_start


def _stations(cameras: pd.DataFrame) -> list[tuple[str, np.ndarray]]:
    """``(station_id, camera row indices)`` per station, in order of first appearance."""
    ids = cameras["station_id"].astype(str).to_numpy()
    _, first = np.unique(ids, return_index=True)
    return [(ids[i], np.flatnonzero(ids == ids[i])) for i in np.sort(first)]
