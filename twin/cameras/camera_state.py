"""Per-camera state of the array: status, battery, card, deployments and the operation log.

The simulation owns one :class:`CameraStates`; every status change goes through
:meth:`CameraStates.set_status`, so the operation table is the camera states over time by
construction.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from twin.cameras.camera_config import PowerConfig, TriggerConfig
from twin.cameras.records import (
    DEPLOYMENT_COLUMNS,
    OPERATION_COLUMNS,
    OPERATION_STATUSES,
    typed_table,
)

WORKING, BATTERY_FLAT, CARD_FULL, MALFUNCTION, STOLEN, NOT_DEPLOYED = range(6)
"""Status codes, indices into :data:`twin.cameras.records.OPERATION_STATUSES`."""

NO_DEPLOYMENT = -1


class CameraStates:
    """State of ``n_cameras`` cameras (internal; callers pass valid indices and times).

    Per-camera values are Python lists: the trigger handler reads and writes single cameras,
    where list access is several times faster than numpy scalar access.

    Parameters
    ----------
    n_cameras
        Number of camera positions in the layout.
    power
        Battery and card settings.
    """

    def __init__(self, n_cameras: int, power: PowerConfig) -> None:
        self.n_cameras = n_cameras
        self.standby_drain_per_min = 1.0 / (power.battery_standby_days * 1440.0)
        self.photo_drain = 1.0 / power.battery_photos
        self.status = [NOT_DEPLOYED] * n_cameras
        self.battery = [1.0] * n_cameras
        self.battery_ref_min = [0.0] * n_cameras
        self.card_photos = [0] * n_cameras
        self.busy_until_min = [-math.inf] * n_cameras
        self.epoch = [0] * n_cameras
        self.deployment = [NO_DEPLOYMENT] * n_cameras
        self.pending: list[list[int]] = [[] for _ in range(n_cameras)]
        self._log: list[list[tuple[float, int, int]]] = [[] for _ in range(n_cameras)]
        self._dep_camera: list[int] = []
        self._dep_start_min: list[float] = []
        self._dep_end_min: list[float] = []
        self._dep_serial = [0] * n_cameras
        self._dep_names: list[str] = []

    def set_status(self, cam: int, code: int, time_min: float) -> None:
        """Record that camera ``cam`` has status ``code`` from ``time_min`` on."""
        self.status[cam] = code
        self._log[cam].append((time_min, code, self.deployment[cam]))

    def battery_at(self, cam: int, time_min: float) -> float:
        """Battery level (1 = full) of camera ``cam`` at ``time_min`` after standby drain."""
        elapsed = time_min - self.battery_ref_min[cam]
        return self.battery[cam] - elapsed * self.standby_drain_per_min

    def drain(self, cam: int, time_min: float, photo_units: float) -> float:
        """Drain standby up to ``time_min`` plus ``photo_units`` photos; return the new level."""
        level = self.battery_at(cam, time_min) - photo_units * self.photo_drain
        self.battery[cam] = level
        self.battery_ref_min[cam] = time_min
        return level

    def flat_at_min(self, cam: int) -> float:
        """Time (min) at which standby drain alone empties the battery of camera ``cam``."""
        return self.battery_ref_min[cam] + self.battery[cam] / self.standby_drain_per_min

    def status_array(self) -> np.ndarray:
        """Status codes of all cameras as an array."""
        return np.array(self.status, dtype=np.int8)

    def flat_at_array(self) -> np.ndarray:
        """:meth:`flat_at_min` of all cameras as an array."""
        battery, ref = np.array(self.battery), np.array(self.battery_ref_min)
        return ref + battery / self.standby_drain_per_min

    def refresh(self, cam: int, time_min: float) -> None:
        """Fresh battery and empty card at ``time_min``; pending battery events go stale."""
        self.battery[cam] = 1.0
        self.battery_ref_min[cam] = time_min
        self.card_photos[cam] = 0
        self.busy_until_min[cam] = -math.inf
        self.epoch[cam] += 1

    def start_deployment(self, cam: int, time_min: float, camera_id: str) -> None:
        """Put a fresh camera at position ``cam``: a new deployment, working from ``time_min``."""
        self._dep_serial[cam] += 1
        self.deployment[cam] = len(self._dep_camera)
        self._dep_camera.append(cam)
        self._dep_start_min.append(time_min)
        self._dep_end_min.append(np.nan)
        self._dep_names.append(f"{camera_id}-d{self._dep_serial[cam]}")
        self.refresh(cam, time_min)
        self.set_status(cam, WORKING, time_min)

    def end_deployment(self, cam: int, time_min: float) -> None:
        """Close the current deployment of camera ``cam`` at ``time_min``."""
        dep = self.deployment[cam]
        if dep != NO_DEPLOYMENT:
            self._dep_end_min[dep] = time_min
        self.deployment[cam] = NO_DEPLOYMENT

    def deployment_id(self, cam: int) -> str:
        """Identifier of the current deployment of camera ``cam`` ("" when none)."""
        dep = self.deployment[cam]
        return "" if dep == NO_DEPLOYMENT else self._dep_names[dep]

    def deployments_table(self, cameras: pd.DataFrame, trigger: TriggerConfig) -> pd.DataFrame:
        """Deployments as in :data:`twin.cameras.records.DEPLOYMENT_COLUMNS`.

        ``cameras`` is the layout's camera table (row ``i`` is camera ``i``); ``trigger`` is the
        :class:`~twin.cameras.camera_config.TriggerConfig` giving model, height and zone radius.
        """
        rows = cameras.iloc[self._dep_camera]
        return typed_table(
            {
                "deployment_id": self._dep_names,
                "camera_id": rows["camera_id"].astype(str).tolist(),
                "station_id": rows["station_id"].astype(str).tolist(),
                "x_m": rows["x_m"].to_numpy(float),
                "y_m": rows["y_m"].to_numpy(float),
                "heading_deg": rows["heading_deg"].to_numpy(float),
                "camera_model": trigger.camera_model,
                "camera_height_m": trigger.camera_height_m,
                "detection_distance_m": trigger.detection_distance_m,
                "start_min": self._dep_start_min,
                "end_min": self._dep_end_min,
            },
            DEPLOYMENT_COLUMNS,
        )

    def operation_table(
        self, camera_ids: list[str], start_min: float, end_min: float
    ) -> pd.DataFrame:
        """Operation intervals partitioning ``[start_min, end_min]`` per camera.

        Consecutive intervals with the same status and deployment are merged; the camera is
        ``not_deployed`` until its first deployment.
        """
        rows: dict[str, list] = {name: [] for name in OPERATION_COLUMNS}
        for cam, log in enumerate(self._log):
            first = (start_min, NOT_DEPLOYED, NO_DEPLOYMENT)
            merged = _merge_runs([first, *log], start_min, end_min)
            for start, stop, code, dep in merged:
                rows["camera_id"].append(camera_ids[cam])
                rows["deployment_id"].append("" if dep == NO_DEPLOYMENT else self._dep_names[dep])
                rows["start_min"].append(start)
                rows["end_min"].append(stop)
                rows["status"].append(OPERATION_STATUSES[code])
        return typed_table(rows, OPERATION_COLUMNS)


def _merge_runs(
    log: list[tuple[float, int, int]], start_min: float, end_min: float
) -> list[tuple[float, float, int, int]]:
    """Turn change points into ``(start, stop, code, dep)`` runs over ``[start_min, end_min]``."""
    runs: list[tuple[float, float, int, int]] = []
    for i, (start, code, dep) in enumerate(log):
        start = min(max(start, start_min), end_min)
        stop = min(log[i + 1][0], end_min) if i + 1 < len(log) else end_min
        if stop <= start:
            continue
        if runs and runs[-1][2:] == (code, dep) and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], stop, code, dep)
        else:
            runs.append((start, stop, code, dep))
    return runs
