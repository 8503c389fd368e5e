"""Validated settings of the camera model: trigger, power, failures, crews and identification.

The Hydra option file ``conf/cameras/default.yaml`` mirrors these dataclasses; every key there is
commented with its source. :func:`load_camera_config` turns a mapping (a plain dict or an OmegaConf
node) into a :class:`CameraConfig`, naming ``cameras.<section>.<key>`` in any error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from twin.config.fields import allowed_choices, allowed_range, known_keys, plain, section
from twin.errors import require

FLANK_POLICIES = ("catalogue", "any_flank")
THEFT_REFERENCES = ("array_mean", "remote")


_range = allowed_range


def _choice(options: tuple[str, ...]) -> dict:
    return allowed_choices(*options)


@dataclass(frozen=True)
class TriggerConfig:
    """Detection and burst settings of one camera (distances in m, durations in s)."""

    camera_model: str = "Reconyx PC900"
    camera_height_m: float = field(default=0.6, metadata=_range(0.1, 5.0))
    detection_distance_m: float = field(default=12.0, metadata=_range(0.0, 100.0, low_open=True))
    p_max: float = field(default=0.95, metadata=_range(0.0, 1.0))
    half_distance_m: float = field(default=20.0, metadata=_range(0.0, 1e3, low_open=True))
    shape: float = field(default=2.0, metadata=_range(0.1, 20.0))
    delay_s: float = field(default=0.2, metadata=_range(0.0, 60.0))
    photos_per_trigger: int = field(default=3, metadata=_range(1, 100))
    photo_interval_s: float = field(default=1.0, metadata=_range(0.0, 600.0))
    quiet_period_s: float = field(default=30.0, metadata=_range(0.0, 3600.0))


@dataclass(frozen=True)
class PowerConfig:
    """Battery and memory-card settings (a full battery is 1.0)."""

    battery_standby_days: float = field(default=240.0, metadata=_range(0.0, 1e5, low_open=True))
    battery_photos: float = field(default=20_000.0, metadata=_range(0.0, 1e8, low_open=True))
    night_photo_drain_factor: float = field(default=2.0, metadata=_range(0.0, 100.0))
    card_capacity_photos: int = field(default=10_000, metadata=_range(1, 10**9))


@dataclass(frozen=True)
class FailureConfig:
    """Malfunction and theft hazards; theft rises near roads and villages."""

    malfunction_per_day: float = field(default=3e-4, metadata=_range(0.0, 1.0, high_open=True))
    theft_fraction_2yr: float = field(default=0.235, metadata=_range(0.0, 1.0, high_open=True))
    theft_reference: str = field(default="array_mean", metadata=_choice(THEFT_REFERENCES))
    road_factor: float = field(default=3.0, metadata=_range(0.0, 1e3))
    road_scale_m: float = field(default=500.0, metadata=_range(0.0, 1e5, low_open=True))
    village_factor: float = field(default=5.0, metadata=_range(0.0, 1e3))
    village_scale_m: float = field(default=2000.0, metadata=_range(0.0, 1e5, low_open=True))


@dataclass(frozen=True)
class CrewConfig:
    """Field crews that install, service and retrieve the cameras."""

    n_crews: int = field(default=2, metadata=_range(1, 1000))
    service_interval_days: float = field(default=90.0, metadata=_range(1.0, 3650.0))
    install_by_crews: bool = True
    base_x_m: float | None = None
    base_y_m: float | None = None
    travel_speed_km_per_h: float = field(default=20.0, metadata=_range(0.0, 200.0, low_open=True))
    route_factor: float = field(default=1.4, metadata=_range(1.0, 10.0))
    service_min_per_camera: float = field(default=20.0, metadata=_range(0.0, 1440.0))
    workday_start_h: float = field(default=8.0, metadata=_range(0.0, 24.0, high_open=True))
    workday_h: float = field(default=10.0, metadata=_range(0.0, 24.0, low_open=True))


@dataclass(frozen=True)
class IdentificationConfig:
    """Individual identification of leopards and tigers from flank patterns."""

    p_read_day: float = field(default=0.95, metadata=_range(0.0, 1.0))
    p_read_night: float = field(default=0.75, metadata=_range(0.0, 1.0))
    read_half_distance_m: float = field(default=10.0, metadata=_range(0.0, 1e3, low_open=True))
    pairing_window_s: float = field(default=120.0, metadata=_range(0.0, 86400.0))
    misid_rate: float = field(default=0.02, metadata=_range(0.0, 1.0))
    flank_policy: str = field(default="catalogue", metadata=_choice(FLANK_POLICIES))


@dataclass(frozen=True)
class CameraConfig:
    """All settings of the camera model, one section per concern."""

    trigger: TriggerConfig = field(default_factory=TriggerConfig)
    power: PowerConfig = field(default_factory=PowerConfig)
    failure: FailureConfig = field(default_factory=FailureConfig)
    crews: CrewConfig = field(default_factory=CrewConfig)
    identification: IdentificationConfig = field(default_factory=IdentificationConfig)


def load_camera_config(mapping: Any = None) -> CameraConfig:
    """Build a validated :class:`CameraConfig` from a (possibly partial) nested mapping.

    Parameters
    ----------
    mapping
        ``{section: {key: value}}`` as in ``conf/cameras/default.yaml``; an OmegaConf node is
        accepted. Missing keys keep their defaults.

    Returns
    -------
    CameraConfig
        The settings, every value checked against its allowed range.

    Raises
    ------
    TwinInputError
        For an unknown section or key, a value of the wrong type, or a value out of range; the
        message names ``cameras.<section>.<key>``, the value and what is allowed.
    """
    kinds: dict[str, Any] = {f.name: f.default_factory for f in fields(CameraConfig)}
    raw = known_keys(plain(mapping), "cameras", list(kinds))
    built: dict[str, Any] = {
        name: section(kind, raw.get(name), f"cameras.{name}") for name, kind in kinds.items()
    }
    config = CameraConfig(**built)
    _check_cross_keys(config)
    return config


def _check_cross_keys(config: CameraConfig) -> None:
    crews = config.crews
    require(
        (crews.base_x_m is None) == (crews.base_y_m is None),
        "cameras.crews.base_y_m",
        crews.base_y_m,
        "set together with cameras.crews.base_x_m (both null or both numbers)",
    )
    workday_end_h = crews.workday_start_h + crews.workday_h
    require(
        workday_end_h <= 24.0,
        "cameras.crews.workday_h",
        crews.workday_h,
        f"at most {24.0 - crews.workday_start_h} h so the working day ends by midnight",
    )
    busy_s = (config.trigger.photos_per_trigger - 1) * config.trigger.photo_interval_s
    require(
        busy_s + config.trigger.delay_s < 86400.0,
        "cameras.trigger.photos_per_trigger",
        config.trigger.photos_per_trigger,
        "a burst shorter than one day",
    )
