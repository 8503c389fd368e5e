"""The camera array as a discrete-event simulation on the shared SimPy clock (minutes).

The movement process hands each tick's passages to :meth:`CameraArray.submit`; every passage that
fires a PIR sensor becomes a SimPy event at its exact time. A daily process draws thefts and
malfunctions (at exact minutes within the day) and schedules flat batteries; crews
(:mod:`twin.cameras.crews`) install, service and retrieve. :meth:`CameraArray.records` returns the
:class:`~twin.cameras.records.SurveyRecords` with identification applied.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from datetime import datetime
from typing import Any, cast

import numpy as np
import simpy

from twin.cameras.array_inputs import (
    PASSAGE_FIELDS,
    HasCameras,
    check_run_arguments,
    checked_cameras,
    checked_site_distances,
    passage_rows,
)
from twin.cameras.camera_config import CameraConfig
from twin.cameras.camera_state import (
    BATTERY_FLAT,
    CARD_FULL,
    MALFUNCTION,
    NOT_DEPLOYED,
    STOLEN,
    WORKING,
    CameraStates,
)
from twin.cameras.crews import Crews
from twin.cameras.daylight import NightClock
from twin.cameras.failures import CameraFailureDraws, theft_hazard_per_day
from twin.cameras.identification import identify
from twin.cameras.record_tables import Trigger, media_table, sequences_table
from twin.cameras.records import DEFAULT_START, OPERATION_STATUSES, SurveyRecords
from twin.cameras.triggers import dead_time_min, trigger_probability
from twin.errors import require
from twin.taxa import HUMAN

DAY_MIN = 1440.0
_PRESENT = (WORKING, BATTERY_FLAT, CARD_FULL, MALFUNCTION)
_CAN_BREAK = (WORKING, CARD_FULL)
_POWERED = _CAN_BREAK
_CAMERA, _TIME, _DISTANCE = (
    list(PASSAGE_FIELDS).index(name) for name in ("camera", "time_min", "distance_m")
)
_UNIFORM_BLOCK = 4096


class CameraArray:
    """Camera traps, their failures and their crews, driven by the shared SimPy clock.

    The survey runs from ``env.now`` at construction for ``survey_days``.

    Parameters
    ----------
    env
        The simulation clock, in minutes since ``start_datetime``.
    layout
        Object whose ``cameras`` DataFrame has ``camera_id``, ``station_id``, ``x_m``, ``y_m``
        (m, EPSG:32652) and ``heading_deg``.
    cfg
        Camera settings (validated: :func:`~twin.cameras.camera_config.load_camera_config` builds
        them from a mapping).
    rng
        Random stream of the cameras (triggers and identification); each camera's failures
        come from a child of its seed sequence keyed by the camera's position
        (:class:`~twin.cameras.failures.CameraFailureDraws`).
    dist_road_m, dist_village_m
        Distance of each camera to the nearest road and village, in m (theft risk).
    survey_days
        Length of the survey in days.
    start_datetime
        Timezone-aware datetime of minute 0 (default 2024-06-01T00:00+10:00).
    tick_min
        Movement tick of the run, in minutes (recorded in the output).
    night_fn
        ``night_fn(time_min) -> bool``; default the sun at 43 N 131.4 E by day of year.
    on_human_photo
        Called with the sequence record (a dict) whenever a person is photographed.
    on_service_report
        Called with ``{"time_min", "camera_id", "station_id", "status"}`` for each camera a crew
        finds not working (``status`` as in the operation table).
    """

    def __init__(
        self,
        env: simpy.Environment,
        layout: HasCameras,
        cfg: CameraConfig,
        rng: np.random.Generator,
        *,
        dist_road_m: np.ndarray,
        dist_village_m: np.ndarray,
        survey_days: float,
        start_datetime: datetime = DEFAULT_START,
        tick_min: float = 15.0,
        night_fn: Callable[[float], bool] | None = None,
        on_human_photo: Callable[[dict], None] | None = None,
        on_service_report: Callable[[dict], None] | None = None,
    ) -> None:
        self.cfg = cfg
        self.cameras = checked_cameras(layout)
        check_run_arguments(rng, survey_days, tick_min, start_datetime)
        self.env, self.rng, self.tick_min = env, rng, float(tick_min)
        self.start_datetime = start_datetime
        self.start_min = float(env.now)
        self.end_min = self.start_min + float(survey_days) * DAY_MIN
        self.theft_per_day_ = theft_hazard_per_day(
            checked_site_distances(dist_road_m, self.n_cameras, "dist_road_m"),
            checked_site_distances(dist_village_m, self.n_cameras, "dist_village_m"),
            self.cfg.failure,
        )
        self._night = NightClock(start_datetime) if night_fn is None else night_fn
        self._on_human, self._on_report = on_human_photo, on_service_report
        self._cache_settings()
        self.states = CameraStates(self.n_cameras, self.cfg.power)
        self._ids = self.cameras["camera_id"].astype(str).tolist()
        self._triggers: list[Trigger] = []
        self._retrieved: list[bool] = []
        self._id_rng = rng.spawn(1)[0]
        self._failures = CameraFailureDraws(
            cast(np.random.SeedSequence, rng.bit_generator.seed_seq),
            self.cameras["x_m"].to_numpy(),
            self.cameras["y_m"].to_numpy(),
        )
        self._records: SurveyRecords | None = None
        self._uniform_block: list[float] = []
        self._uniform_next = 0
        if not self.cfg.crews.install_by_crews:
            for cam in range(self.n_cameras):
                self.states.start_deployment(cam, self.start_min, self._ids[cam])
        local_min = start_datetime.hour * 60.0 + start_datetime.minute + start_datetime.second / 60
        window = (self.start_min, self.end_min)
        self.crews = Crews(
            env, self.cameras, self.cfg.crews, window, local_min, self.service_station
        )
        env.process(self._daily())

    def _cache_settings(self) -> None:
        """Settings read on every trigger, as plain floats (the hot path)."""
        trigger, power = self.cfg.trigger, self.cfg.power
        self._dead_min = dead_time_min(trigger)
        self._delay_min = trigger.delay_s / 60.0
        self._photo_interval_min = trigger.photo_interval_s / 60.0
        self._burst_photos = trigger.photos_per_trigger
        self._night_cost = power.night_photo_drain_factor
        self._card_capacity = power.card_capacity_photos

    @property
    def n_cameras(self) -> int:
        """Number of camera positions."""
        return len(self.cameras)

    def submit(self, passages: Any) -> int:
        """Schedule the passages of one tick; return how many fired a sensor.

        Parameters
        ----------
        passages
            Equal-length arrays ``animal_id``, ``species``, ``camera`` (layout row), ``time_min``
            (exact, not before ``env.now``), ``distance_m``, ``angle_rad``, ``speed_m_per_s``,
            ``flank`` (a :class:`twin.cameras.geometry.Passages` or any object with them).

        Returns
        -------
        int
            Number of passages that fire the sensor and are scheduled as events (they record a
            sequence only if the camera is working and not in its dead time then).
        """
        now = self.env.now
        rows = passage_rows(passages, self.n_cameras, now)
        start_min, end_min, trigger = self.start_min, self.end_min, self.cfg.trigger
        fired = 0
        for row, u in zip(rows, self._uniforms(len(rows)), strict=True):
            time_min = row[_TIME]
            if start_min <= time_min < end_min and u < trigger_probability(row[_DISTANCE], trigger):
                event = self.env.timeout(max(time_min - now, 0.0), row)
                event.callbacks.append(self._on_passage)
                fired += 1
        return fired

    def _uniforms(self, n: int) -> list[float]:
        """``n`` uniform draws from the camera stream, taken from a block drawn ahead."""
        start = self._uniform_next
        if start + n > len(self._uniform_block):
            fresh = self.rng.random(max(n, _UNIFORM_BLOCK)).tolist()
            self._uniform_block, start = self._uniform_block[start:] + fresh, 0
        self._uniform_next = start + n
        return self._uniform_block[start : start + n]

    def _on_passage(self, event: simpy.Event) -> None:
        row = cast(tuple, event.value)
        cam = row[_CAMERA]
        states, now = self.states, self.env.now
        if now < states.busy_until_min[cam] or states.status[cam] != WORKING:
            return
        start = now + self._delay_min
        is_night = bool(self._night(start))
        cost = self._night_cost if is_night else 1.0
        level = states.battery_at(cam, now)
        if level <= 0:
            self._set_flat(cam, states.epoch[cam])
            return
        room = self._card_capacity - states.card_photos[cam]
        n_photos = min(self._burst_photos, math.ceil(level / (cost * states.photo_drain)), room)
        states.busy_until_min[cam] = now + self._dead_min
        states.card_photos[cam] += n_photos
        level = states.drain(cam, now, n_photos * cost)
        self._log_trigger(row, start, n_photos, is_night)
        if level <= 0:
            states.set_status(cam, BATTERY_FLAT, now)
        elif n_photos == room:
            states.set_status(cam, CARD_FULL, now)
        elif level < DAY_MIN * states.standby_drain_per_min:
            self._schedule_flat(cam, now + DAY_MIN)

    def _log_trigger(self, row: tuple, start: float, n_photos: int, is_night: bool) -> None:
        animal_id, species, cam, _, distance_m, angle_rad, speed_m_per_s, flank = row
        end = start + (n_photos - 1) * self._photo_interval_min
        trigger = Trigger(
            cam, self.states.deployment[cam], start, end, n_photos, species, animal_id,
            distance_m, angle_rad, speed_m_per_s, flank, is_night,
        )  # fmt: skip
        self.states.pending[cam].append(len(self._triggers))
        self._triggers.append(trigger)
        self._retrieved.append(False)
        if species == HUMAN and self._on_human is not None:
            record = trigger._asdict()
            record.update(camera_id=self._ids[cam], deployment_id=self.states.deployment_id(cam))
            self._on_human(record)

    def service_station(self, cams: np.ndarray) -> None:
        """A crew at the station now: retrieve cards, swap batteries, repair or replace cameras."""
        now, states = self.env.now, self.states
        for cam in (int(c) for c in cams):
            found = int(states.status[cam])
            self._retrieve(cam)
            if found in (NOT_DEPLOYED, STOLEN, MALFUNCTION):
                states.end_deployment(cam, now)
                states.start_deployment(cam, now, self._ids[cam])
            else:
                states.refresh(cam, now)
                if found != WORKING:
                    states.set_status(cam, WORKING, now)
            if found not in (WORKING, NOT_DEPLOYED) and self._on_report is not None:
                self._on_report(
                    {
                        "time_min": now,
                        "camera_id": self._ids[cam],
                        "station_id": str(self.cameras["station_id"].iat[cam]),
                        "status": OPERATION_STATUSES[found],
                    }
                )

    def _retrieve(self, cam: int) -> None:
        for index in self.states.pending[cam]:
            self._retrieved[index] = True
        self.states.pending[cam] = []

    def _daily(self) -> Generator[simpy.Event, None, None]:
        """Each day: draw thefts and malfunctions at exact minutes, schedule flat batteries."""
        malfunction_per_day = self.cfg.failure.malfunction_per_day
        while self.env.now < self.end_min:
            day_min = min(DAY_MIN, self.end_min - self.env.now)
            share = day_min / DAY_MIN
            status = self.states.status_array()
            u_theft, u_break, u_time = self._failures.day().T
            stolen = (u_theft < self.theft_per_day_ * share) & np.isin(status, _PRESENT)
            broken = (u_break < malfunction_per_day * share) & np.isin(status, _CAN_BREAK)
            for cam in np.flatnonzero(stolen).tolist():
                self._call_later(u_time[cam] * day_min, self.steal_camera, cam)
            for cam in np.flatnonzero(broken & ~stolen).tolist():
                self._call_later(u_time[cam] * day_min, self.break_camera, cam)
            horizon_min = self.env.now + day_min
            due = np.isin(status, _POWERED) & (self.states.flat_at_array() < horizon_min)
            for cam in np.flatnonzero(due).tolist():
                self._schedule_flat(cam, horizon_min)
            yield self.env.timeout(day_min)

    def _call_later(self, delay_min: float, action: Callable[[int], None], cam: int) -> None:
        self.env.timeout(delay_min).callbacks.append(lambda _event: action(cam))

    def _schedule_flat(self, cam: int, horizon_min: float) -> None:
        if self.states.status[cam] not in _POWERED:
            return
        flat_at = self.states.flat_at_min(cam)
        if flat_at >= horizon_min:
            return
        self.states.epoch[cam] += 1
        epoch = self.states.epoch[cam]
        delay = max(flat_at - self.env.now, 0.0)
        self.env.timeout(delay).callbacks.append(lambda _: self._set_flat(cam, epoch))

    def _set_flat(self, cam: int, epoch: int) -> None:
        if self.states.epoch[cam] == epoch and self.states.status[cam] in _POWERED:
            self.states.set_status(cam, BATTERY_FLAT, self.env.now)

    def steal_camera(self, cam: int) -> None:
        """Camera ``cam`` (layout row) is stolen or destroyed now; its unretrieved images are lost.

        The daily theft hazard calls this; so may a threat model (a poacher who finds a camera).
        """
        self._check_camera(cam)
        if self.states.status[cam] in _PRESENT:
            self.states.pending[cam] = []
            self.states.end_deployment(cam, self.env.now)
            self.states.set_status(cam, STOLEN, self.env.now)

    def break_camera(self, cam: int) -> None:
        """Camera ``cam`` (layout row) malfunctions now and stays down until a crew replaces it."""
        self._check_camera(cam)
        if self.states.status[cam] in _CAN_BREAK:
            self.states.set_status(cam, MALFUNCTION, self.env.now)

    def _check_camera(self, cam: int) -> None:
        require(0 <= cam < self.n_cameras, "cam", cam, f"a layout row in [0, {self.n_cameras})")

    def records(self) -> SurveyRecords:
        """The survey's records; the first call ends the survey at ``min(env.now, end)``.

        Cameras still in place are collected then and their images retrieved; deployments open
        at that time end there. Later calls return the same object.
        """
        if self._records is None:
            end = min(float(self.env.now), self.end_min)
            for cam in range(self.n_cameras):
                if self.states.status[cam] in _PRESENT:
                    self._retrieve(cam)
                    self.states.end_deployment(cam, end)
            self._records = self._build_records(end)
        return self._records

    def _build_records(self, end_min: float) -> SurveyRecords:
        deployments = self.states.deployments_table(self.cameras, self.cfg.trigger)
        sequences = sequences_table(
            self._triggers, self._retrieved, self.cameras, deployments["deployment_id"].tolist()
        )
        sequences = identify(sequences, self.cfg.identification, self._id_rng)
        return SurveyRecords(
            deployments=deployments,
            sequences=sequences,
            media=media_table(sequences, self.cfg.trigger.photo_interval_s),
            operation=self.states.operation_table(self._ids, self.start_min, end_min),
            start_datetime=self.start_datetime,
            survey_days=(end_min - self.start_min) / DAY_MIN,
            tick_min=self.tick_min,
        )
