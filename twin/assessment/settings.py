"""Settings of the estimates a run makes from its own survey (config group ``estimation``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from twin.errors import require
from twin.taxa import CAT_KEYS


@dataclass(frozen=True)
class EstimationSettings:
    """Validated ``estimation`` config."""

    enabled: bool
    window_days: int
    start_day: int | None
    min_active_share: float
    occasion_days: float
    detectfn: str
    mask_buffer_m: float
    mask_spacing_m: float
    rem_activity_level: dict[str, float]
    rem_boot: int


def estimation_settings(cfg: Mapping[str, Any] | None) -> EstimationSettings:
    """Validate the ``estimation`` node; messages name ``estimation.<key>``."""
    cfg = cfg or {}
    window = cfg.get("window_days", 91)
    require(
        isinstance(window, int) and window >= 7,
        "estimation.window_days",
        window,
        "a whole number of days, at least 7",
    )
    start = cfg.get("start_day")
    require(
        start is None or (isinstance(start, int) and start >= 0),
        "estimation.start_day",
        start,
        "null (the first day enough stations work) or a day of the survey >= 0",
    )
    share = float(cfg.get("min_active_share", 0.8))
    require(0 < share <= 1, "estimation.min_active_share", share, "a share in (0, 1]")
    occasion = float(cfg.get("occasion_days", 7))
    require(
        1 <= occasion <= window,
        "estimation.occasion_days",
        occasion,
        f"days from 1 to the window ({window})",
    )
    detectfn = str(cfg.get("detectfn", "HHN"))
    require(detectfn in ("HN", "HHN", "EX"), "estimation.detectfn", detectfn, "HN, HHN or EX")
    buffer_m = float(cfg.get("mask_buffer_m", 12000.0))
    spacing_m = float(cfg.get("mask_spacing_m", 1250.0))
    require(buffer_m > 0, "estimation.mask_buffer_m", buffer_m, "metres > 0")
    require(
        0 < spacing_m <= buffer_m,
        "estimation.mask_spacing_m",
        spacing_m,
        f"metres in (0, mask_buffer_m={buffer_m}]",
    )
    activity = dict(cfg.get("rem_activity_level", {}))
    for key in CAT_KEYS:
        level = float(activity.get(key, 0.45))
        require(0 < level <= 1, f"estimation.rem_activity_level.{key}", level, "a share in (0, 1]")
        activity[key] = level
    boot = int(cfg.get("rem_boot", 500))
    require(boot >= 100, "estimation.rem_boot", boot, "at least 100 bootstrap resamples")
    return EstimationSettings(
        bool(cfg.get("enabled", True)),
        window,
        start,
        share,
        occasion,
        detectfn,
        buffer_m,
        spacing_m,
        activity,
        boot,
    )
