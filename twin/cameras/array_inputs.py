"""Checks on what callers hand the camera array: the layout, per-camera distances, passages."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import pandas as pd

from twin.errors import require

PASSAGE_FIELDS: dict[str, type] = {
    "animal_id": np.int64,
    "species": np.int64,
    "camera": np.int64,
    "time_min": np.float64,
    "distance_m": np.float64,
    "angle_rad": np.float64,
    "speed_m_per_s": np.float64,
    "flank": np.int64,
}
_CAMERA_COLUMNS = ("camera_id", "station_id", "x_m", "y_m", "heading_deg")
_TIME_SLACK_MIN = 1e-9  # a passage at env.now computed with round-off is still "now"


def checked_passages(passages: Any, n_cameras: int, now_min: float) -> dict[str, np.ndarray]:
    """The fields of ``passages`` (:data:`PASSAGE_FIELDS`) as arrays, checked; ``{}`` when empty.

    Arrays are converted (not copied) to the field dtypes; times a round-off before ``now_min``
    are moved to ``now_min``.

    Raises
    ------
    TwinInputError
        If a field is missing, lengths differ, a camera index is outside ``[0, n_cameras)``, or
        a time is not finite or lies before ``now_min``.
    """
    time_min = np.asarray(getattr(passages, "time_min", None), dtype=np.float64).reshape(-1)
    if time_min.size == 0:
        return {}
    arrays = {}
    for name, dtype in PASSAGE_FIELDS.items():
        value = getattr(passages, name, None)
        require(value is not None, f"passages.{name}", None, "an array (one value per passage)")
        arrays[name] = np.asarray(value, dtype=dtype).reshape(-1)
        require(arrays[name].size == time_min.size, f"passages.{name}",
                f"{arrays[name].size} values", f"{time_min.size} values, as passages.time_min")
    camera = arrays["camera"]
    low, high = int(camera.min()), int(camera.max())
    require(low >= 0 and high < n_cameras, "passages.camera", low if low < 0 else high,
            f"layout row indices in [0, {n_cameras})")
    earliest = float(time_min.min())
    require(earliest >= now_min - _TIME_SLACK_MIN and np.isfinite(time_min).all(),
            "passages.time_min", earliest, f"finite times not before env.now={now_min}")
    if earliest < now_min:
        arrays["time_min"] = np.maximum(time_min, now_min)
    return arrays


def checked_site_distances(values: Any, n_cameras: int, key: str) -> np.ndarray:
    """Return per-camera distances (m) as a float array, checking length and sign."""
    distances = np.asarray(values, dtype=np.float64).reshape(-1)
    require(
        distances.size == n_cameras,
        key,
        f"{distances.size} values",
        f"one distance per camera ({n_cameras})",
    )
    require(
        bool(np.isfinite(distances).all() and (distances >= 0).all()),
        key,
        float(distances.min()) if distances.size else None,
        "finite distances >= 0 m",
    )
    return distances


class HasCameras(Protocol):
    """A camera layout: ``cameras`` has one row per camera (row ``i`` is passage camera ``i``)."""

    cameras: pd.DataFrame


def checked_cameras(layout: HasCameras) -> pd.DataFrame:
    """Return the layout's camera table with a fresh 0..n-1 index, checking its columns."""
    cameras = getattr(layout, "cameras", None)
    require(
        isinstance(cameras, pd.DataFrame),
        "layout.cameras",
        type(cameras).__name__,
        "a pandas DataFrame with one row per camera",
    )
    assert isinstance(cameras, pd.DataFrame)
    missing = [c for c in _CAMERA_COLUMNS if c not in cameras.columns]
    require(
        not missing,
        "layout.cameras",
        f"missing columns {missing}",
        f"columns {list(_CAMERA_COLUMNS)}",
    )
    require(len(cameras) > 0, "layout.cameras", "0 rows", "at least one camera")
    return cameras.reset_index(drop=True)
