"""The camera survey on the run's clock: layout, detection zones and the camera array as a sink
of movement segments (:class:`twin.simulation.SegmentSink`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import simpy

from twin.cameras.camera_config import CameraConfig
from twin.cameras.des import CameraArray
from twin.cameras.geometry import Passages, find_block_passages
from twin.cameras.layouts import Layout
from twin.cameras.records import SurveyRecords
from twin.config.fields import is_number, known_keys, plain
from twin.errors import TwinInputError, require
from twin.landscape.grid import Landscape

VLADIVOSTOK = dt.timezone(dt.timedelta(hours=10))


SURVEY_KEYS = ("enabled", "start_day", "days", "zone_angle_deg")


@dataclass(frozen=True)
class SurveySettings:
    """When the cameras are out and the shape of their detection zones (``survey`` group).

    Attributes
    ----------
    enabled
        False: no cameras in this run.
    start_day
        Day of the run when the cameras go out (crews install them).
    days
        Survey length in days; None in the config means to the end of the run (validated
        settings always hold the number).
    zone_angle_deg
        Full angle of the detection sector, degrees (its radius is
        ``cameras.trigger.detection_distance_m``).
    """

    enabled: bool = True
    start_day: int = 0
    days: int | None = None
    zone_angle_deg: float = 40.0


def survey_settings(cfg: Mapping[str, Any] | None, run_days: int) -> SurveySettings:
    """Validate the ``survey`` config node against a run of ``run_days`` days."""
    cfg = known_keys(plain(cfg), "survey", SURVEY_KEYS)
    base = SurveySettings()
    enabled = cfg.get("enabled", base.enabled)
    require(isinstance(enabled, bool), "survey.enabled", enabled, "true or false")
    start = cfg.get("start_day", base.start_day)
    require(
        isinstance(start, int) and not isinstance(start, bool) and 0 <= start < run_days,
        "survey.start_day",
        start,
        f"a whole day from 0 to {run_days - 1} (the run has {run_days} days)",
    )
    days = cfg.get("days", base.days)
    days = run_days - start if days is None else days
    require(
        isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= run_days - start,
        "survey.days",
        days,
        f"a whole number of days from 1 to {run_days - start} (null: to the end of the run)",
    )
    angle = cfg.get("zone_angle_deg", base.zone_angle_deg)
    require(
        is_number(angle) and 0 < angle <= 180,
        "survey.zone_angle_deg",
        angle,
        "an angle in (0, 180] degrees",
    )
    return SurveySettings(enabled, int(start), int(days), float(angle))


def _distance_at(landscape: Landscape, layer: str, x_m: np.ndarray, y_m: np.ndarray) -> np.ndarray:
    """Distance (m) from each point's cell to the nearest cell of a bool layer."""
    rows, cols = landscape.cell_index(x_m, y_m)
    return landscape.distance_m(layer)[rows, cols].astype(np.float64)


class CameraSurvey:
    """Cameras on a landscape that turn animal segments into passages and records.

    Parameters
    ----------
    env
        The run's SimPy clock (minutes since local midnight of ``start_date``).
    landscape
        The park (layout constraints, distances to roads and villages for theft).
    layout
        Stations and cameras.
    cameras
        Camera model settings.
    settings
        Survey window and zone angle.
    seed
        The cameras' random stream (see :func:`build_survey`).
    start_date
        Local date of minute 0 (Vladivostok time, UTC+10).
    tick_min
        Movement tick (min).
    """

    def __init__(
        self,
        env: simpy.Environment,
        landscape: Landscape,
        layout: Layout,
        cameras: CameraConfig,
        settings: SurveySettings,
        seed: np.random.SeedSequence,
        start_date: dt.date,
        tick_min: float,
    ) -> None:
        days = settings.days
        assert days is not None  # survey_settings resolves null to the rest of the run
        self.layout = layout
        self.settings = settings
        self.start_min = settings.start_day * 1440.0
        self.end_min = self.start_min + days * 1440.0
        x, y = layout.camera_x_m, layout.camera_y_m
        self.index_radius_m = cameras.trigger.detection_distance_m
        self.zone_angle_rad = float(np.radians(settings.zone_angle_deg))
        self.index = layout.camera_index(
            cameras.trigger.detection_distance_m, np.radians(settings.zone_angle_deg) / 2
        )
        start = dt.datetime.combine(start_date, dt.time(0, 0), tzinfo=VLADIVOSTOK)
        self._start_datetime = start
        self._make = lambda: CameraArray(
            env,
            layout,
            cameras,
            np.random.default_rng(seed),
            dist_road_m=_distance_at(landscape, "road", x, y),
            dist_village_m=_distance_at(landscape, "village", x, y),
            survey_days=days,
            start_datetime=start,
            tick_min=tick_min,
            on_human_photo=self._human_photo,
        )
        self.array: CameraArray | None = None
        self.n_passages = 0
        self.passages: list[Passages] = []
        self.human_photo_listeners: list[Callable[[Any], None]] = []
        if self.start_min == 0:
            self.array = self._make()

    def observe_segments(
        self,
        rows: np.ndarray,
        species: np.ndarray,
        xs: np.ndarray,
        ys: np.ndarray,
        t0_min: float,
        tick_min: float,
    ) -> None:
        """Find the passages of a block of ticks and hand them to the cameras."""
        n_ticks = xs.shape[0] - 1
        block_end = t0_min + n_ticks * tick_min
        if block_end <= self.start_min or t0_min >= self.end_min or len(rows) == 0:
            return
        if self.array is None:
            self.array = self._make()
        passages = find_block_passages(
            self.index, rows, species, xs, ys, t0_min, tick_min, self.start_min, self.end_min
        )
        self.n_passages += len(passages)
        if len(passages):
            self.passages.append(passages)
            self.array.submit(passages)

    def _human_photo(self, record: Any) -> None:
        """Pass a photo of a person (poacher, ranger) to every listener (the threats model)."""
        for listener in self.human_photo_listeners:
            listener(record)

    def all_passages(self) -> Passages:
        """Every passage through a detection zone during the survey (truth: seen or not)."""
        return Passages.concat(self.passages) if self.passages else Passages.empty()

    def records(self) -> SurveyRecords:
        """The field team's records at the end of the survey (with the truth columns)."""
        if self.array is None:
            raise TwinInputError(
                f"survey.start_day={self.settings.start_day!r} is not allowed: "
                "a day the run reaches (the survey never started)."
            )
        return self.array.records()


def build_survey(
    env: simpy.Environment,
    landscape: Landscape,
    layout: Layout,
    cameras: CameraConfig,
    settings: SurveySettings,
    seed: np.random.SeedSequence,
    start_date: dt.date,
    tick_min: float,
    extra_crews: Callable[[int], int] | None = None,
) -> CameraSurvey:
    """The camera survey of a run, on its clock.

    Parameters
    ----------
    env, landscape
        The run's clock and park.
    layout, cameras, settings
        Where the cameras stand, the camera model, and the survey window.
    seed
        The run's ``cameras`` stream: the camera model draws from it, and each camera's
        failures and thefts from a child keyed by the camera's position (common random numbers
        between layouts that share a camera).
    start_date, tick_min
        Local date of day 0 and the movement tick (min).
    extra_crews
        ``extra_crews(day)`` crews added to ``cameras.crews.n_crews`` on a run day (e.g. the
        hired monitors of a policy, ``Policy.crew_capacity``); the survey has those of its
        first day.
    """
    if extra_crews is not None:
        n_crews = cameras.crews.n_crews + int(extra_crews(settings.start_day))
        cameras = replace(cameras, crews=replace(cameras.crews, n_crews=n_crews))
    return CameraSurvey(env, landscape, layout, cameras, settings, seed, start_date, tick_min)
