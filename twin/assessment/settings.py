"""Settings of the estimates a run makes from its own survey (config group ``estimation``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from twin.config.fields import is_number, known_keys, plain
from twin.errors import require
from twin.taxa import CAT_KEYS

DETECTFNS = ("HN", "HHN", "EX")
MAX_MASK_POINTS = 1_000_000
"""Most points an SCR mask may hold (~40 MB per array of the likelihood); 10^10 would not fit."""


def _activity_defaults() -> dict[str, float]:
    # the mean of each species' activity_by_hour in conf/species/amur.yaml, as field studies
    # supply it from activity patterns
    return {"leopard": 0.455, "tiger": 0.449}


@dataclass(frozen=True)
class EstimationSettings:
    """Validated ``estimation`` config (days, metres).

    Attributes
    ----------
    enabled
        False: the run makes no estimates.
    window_days
        Survey window of the estimates (<= 92 days with >= 80% of stations active, Matiukhina
        et al. 2016).
    start_day
        First day of the window; None: the first day ``min_active_share`` of stations work.
    min_active_share
        Share of stations that must work on the window's first day.
    occasion_days
        Occasion length of the capture histories, days.
    detectfn
        SCR detection function: ``HN``, ``HHN`` (secr's default for camera data) or ``EX``.
    mask_buffer_m, mask_spacing_m
        SCR mask: buffer around the stations and point spacing, m.
    rem_activity_level
        Share of the day active, per species (the REM's activity level).
    rem_boot
        Bootstrap resamples of cameras for the REM confidence interval.
    """

    enabled: bool = True
    window_days: int = 91
    start_day: int | None = None
    min_active_share: float = 0.8
    occasion_days: float = 7.0
    detectfn: str = "HHN"
    mask_buffer_m: float = 12_000.0
    mask_spacing_m: float = 1_250.0
    rem_activity_level: Mapping[str, float] = field(default_factory=_activity_defaults)
    rem_boot: int = 500


KEYS = tuple(f.name for f in fields(EstimationSettings))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def estimation_settings(cfg: Mapping[str, Any] | None) -> EstimationSettings:
    """Validate the ``estimation`` node; messages name ``estimation.<key>``."""
    raw = known_keys(plain(cfg), "estimation", KEYS)
    base = EstimationSettings()
    enabled = raw.get("enabled", base.enabled)
    require(isinstance(enabled, bool), "estimation.enabled", enabled, "true or false")
    window = raw.get("window_days", base.window_days)
    require(
        _whole(window) and 7 <= window <= 36_500,
        "estimation.window_days",
        window,
        "a whole number of days, at least 7",
    )
    start = raw.get("start_day", base.start_day)
    require(
        start is None or (_whole(start) and start >= 0),
        "estimation.start_day",
        start,
        "null (the first day enough stations work) or a day of the survey >= 0",
    )
    share = raw.get("min_active_share", base.min_active_share)
    require(
        is_number(share) and 0 < share <= 1,
        "estimation.min_active_share",
        share,
        "a share in (0, 1]",
    )
    occasion = raw.get("occasion_days", base.occasion_days)
    require(
        is_number(occasion) and 1 <= occasion <= window,
        "estimation.occasion_days",
        occasion,
        f"days from 1 to the window ({window})",
    )
    detectfn = raw.get("detectfn", base.detectfn)
    require(detectfn in DETECTFNS, "estimation.detectfn", detectfn, "HN, HHN or EX")
    buffer_m, spacing_m = _mask(raw, base)
    activity = _activity(raw.get("rem_activity_level", base.rem_activity_level))
    boot = raw.get("rem_boot", base.rem_boot)
    require(
        _whole(boot) and 100 <= boot <= 100_000,
        "estimation.rem_boot",
        boot,
        "from 100 to 100,000 bootstrap resamples",
    )
    return EstimationSettings(
        enabled, window, start, float(share), float(occasion), detectfn, buffer_m, spacing_m,
        activity, boot,
    )  # fmt: skip


def _mask(raw: Mapping[str, Any], base: EstimationSettings) -> tuple[float, float]:
    buffer_m = raw.get("mask_buffer_m", base.mask_buffer_m)
    spacing_m = raw.get("mask_spacing_m", base.mask_spacing_m)
    require(
        is_number(buffer_m) and 0 < buffer_m <= 200_000,
        "estimation.mask_buffer_m",
        buffer_m,
        "metres in (0, 200000]",
    )
    require(
        is_number(spacing_m) and 0 < spacing_m <= buffer_m,
        "estimation.mask_spacing_m",
        spacing_m,
        f"metres in (0, mask_buffer_m={buffer_m}]",
    )
    return float(buffer_m), float(spacing_m)


def check_mask_size(settings: EstimationSettings, extent_m: tuple[float, float]) -> None:
    """Refuse a mask that could not be held: more than :data:`MAX_MASK_POINTS` points over
    the stations' extent ``(width_m, height_m)`` plus the buffer on every side."""
    width_m, height_m = (e + 2 * settings.mask_buffer_m for e in extent_m)
    points = math.ceil(width_m / settings.mask_spacing_m) * math.ceil(
        height_m / settings.mask_spacing_m
    )
    require(
        points <= MAX_MASK_POINTS,
        "estimation.mask_spacing_m",
        settings.mask_spacing_m,
        f"a spacing that keeps the SCR mask to at most {MAX_MASK_POINTS:,} points (this one "
        f"would hold about {points:,} over the stations and the {settings.mask_buffer_m:g} m "
        "buffer)",
    )


def _activity(raw: Any) -> dict[str, float]:
    given = known_keys(raw, "estimation.rem_activity_level", CAT_KEYS)
    activity = {}
    for key in CAT_KEYS:
        level = given.get(key, _activity_defaults()[key])
        require(
            is_number(level) and 0 < level <= 1,
            f"estimation.rem_activity_level.{key}",
            level,
            "a share in (0, 1]",
        )
        activity[key] = float(level)
    return activity
