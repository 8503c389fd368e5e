"""Static settings of the threats model (the parts of a policy that do not change over time).

The option files in ``conf/policy/`` mirror these dataclasses; every key there is commented with
its source. :func:`load_settings` turns the mapping into validated dataclasses and names
``policy.<section>.<key>`` in any error. Time-varying values live in the timeline
(:mod:`twin.threats.timeline`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from twin.errors import require
from twin.threats import checks

MINUTES_PER_DAY = 1440.0


def _r(low: float, high: float) -> dict:
    return {"range": (low, high)}


@dataclass(frozen=True)
class PoacherSettings:
    """The poacher pool and its daily trip decision (bounded rationality, quantal response)."""

    pool_size: int = field(default=60, metadata=_r(0, 100_000))
    decision_hour: float = field(default=5.0, metadata=_r(0.0, 23.0))
    logit_intercept: float = field(default=-3.5, metadata=_r(-30.0, 30.0))
    gain_weight_per_krub: float = field(default=0.05, metadata=_r(0.0, 100.0))
    risk_weight_per_krub: float = field(default=0.1, metadata=_r(0.0, 100.0))
    prison_cost_krub_per_year: float = field(default=300.0, metadata=_r(0.0, 1e6))
    base_risk: float = field(default=0.01, metadata=_r(0.0, 100.0))
    risk_per_100_patrol_km: float = field(default=0.03, metadata=_r(0.0, 100.0))
    risk_per_100_cameras: float = field(default=0.02, metadata=_r(0.0, 100.0))
    prior_trips: float = field(default=100.0, metadata=_r(1e-6, 1e6))
    memory_half_life_days: float = field(default=180.0, metadata=_r(1e-3, 1e5))
    recidivism_prob: float = field(default=0.5, metadata=_r(0.0, 1.0))


@dataclass(frozen=True)
class TripSettings:
    """Where a trip goes and how the poacher walks (target zones, access, displacement)."""

    zone_size_m: float = field(default=2000.0, metadata=_r(100.0, 100_000.0))
    walk_speed_m_per_min: float = field(default=50.0, metadata=_r(1.0, 500.0))
    max_walk_km: float = field(default=8.0, metadata=_r(0.1, 100.0))
    hunt_hours: float = field(default=4.0, metadata=_r(0.0, 20.0))
    path_wiggle_m: float = field(default=300.0, metadata=_r(0.0, 10_000.0))
    access_weight_per_km: float = field(default=0.5, metadata=_r(0.0, 100.0))
    habitat_weight: float = field(default=2.0, metadata=_r(0.0, 100.0))
    risk_weight_per_event: float = field(default=1.0, metadata=_r(0.0, 100.0))


@dataclass(frozen=True)
class KillSettings:
    """How poachers kill cats: snares left on trails, and shooting cats met on the way."""

    snares_per_trip: int = field(default=3, metadata=_r(0, 1000))
    snare_lifetime_days: float = field(default=14.0, metadata=_r(0.01, 3650.0))
    snare_radius_m: float = field(default=3.0, metadata=_r(0.01, 100.0))
    snare_catch_prob: float = field(default=0.05, metadata=_r(0.0, 1.0))
    snare_trail_snap_m: float = field(default=250.0, metadata=_r(0.0, 100_000.0))
    shoot_radius_m: float = field(default=50.0, metadata=_r(0.0, 5000.0))
    shoot_prob_per_encounter: float = field(default=0.2, metadata=_r(0.0, 1.0))


@dataclass(frozen=True)
class EnforcementSettings:
    """Ranger patrols, camera identification of poachers, hotspot memory and monitor crews."""

    patrol_team_km_per_day: float = field(default=12.0, metadata=_r(0.1, 200.0))
    patrol_start_hour: float = field(default=8.0, metadata=_r(0.0, 23.0))
    patrol_speed_m_per_min: float = field(default=40.0, metadata=_r(1.0, 500.0))
    patrol_detect_radius_m: float = field(default=100.0, metadata=_r(0.0, 5000.0))
    detect_prob_per_encounter: float = field(default=0.5, metadata=_r(0.0, 1.0))
    arrest_prob_given_detected: float = field(default=0.5, metadata=_r(0.0, 1.0))
    snare_find_radius_m: float = field(default=10.0, metadata=_r(0.0, 1000.0))
    snare_find_prob: float = field(default=0.5, metadata=_r(0.0, 1.0))
    camera_notice_prob: float = field(default=0.3, metadata=_r(0.0, 1.0))
    photo_arrest_delay_days: int = field(default=45, metadata=_r(0, 3650))
    hotspot_half_life_days: float = field(default=90.0, metadata=_r(1e-3, 1e5))
    hotspot_floor: float = field(default=0.05, metadata=_r(1e-9, 1e6))
    monitors_per_crew: int = field(default=2, metadata=_r(1, 1000))


@dataclass(frozen=True)
class RoadSettings:
    """Road deaths: the multiplier is ``traffic_index * (1 or no_tunnel_factor)``."""

    no_tunnel_factor: float = field(default=2.0, metadata=_r(0.0, 100.0))


@dataclass(frozen=True)
class ThreatSettings:
    """All static sections of a policy."""

    poachers: PoacherSettings
    trips: TripSettings
    kills: KillSettings
    enforcement: EnforcementSettings
    road: RoadSettings


SECTIONS: dict[str, type] = {
    "poachers": PoacherSettings,
    "trips": TripSettings,
    "kills": KillSettings,
    "enforcement": EnforcementSettings,
    "road": RoadSettings,
}


def _section(kind: type, raw: Any, prefix: str) -> Any:
    names = tuple(f.name for f in fields(kind))
    given = checks.section(raw, prefix, names)
    values: dict[str, Any] = {}
    for spec in fields(kind):
        key = f"{prefix}.{spec.name}"
        value = given.get(spec.name, spec.default)
        if isinstance(spec.default, bool):
            values[spec.name] = checks.flag(value, key)
        else:
            low, high = spec.metadata["range"]
            integer = isinstance(spec.default, int)
            values[spec.name] = checks.number(value, key, low, high, integer=integer)
    return kind(**values)


def load_settings(cfg: Any, prefix: str = "policy") -> ThreatSettings:
    """Validate the static sections of a policy mapping (missing keys take the defaults).

    Parameters
    ----------
    cfg
        The policy mapping (plain or OmegaConf) with sections ``poachers``, ``trips``, ``kills``,
        ``enforcement``, ``road``.
    prefix
        Key prefix shown in error messages.

    Raises
    ------
    TwinInputError
        When a key is unknown or a value is out of range (the message names the key).
    """
    raw = checks.plain(cfg) or {}
    built = {
        name: _section(kind, raw.get(name), f"{prefix}.{name}") for name, kind in SECTIONS.items()
    }
    settings = ThreatSettings(**built)
    _check_trip_fits_day(settings, prefix)
    return settings


def _check_trip_fits_day(settings: ThreatSettings, prefix: str) -> None:
    trips = settings.trips
    walk_h = 2.0 * trips.max_walk_km * 1000.0 / trips.walk_speed_m_per_min / 60.0
    longest_h = walk_h + trips.hunt_hours
    require(
        longest_h <= 23.0,
        f"{prefix}.trips.hunt_hours",
        trips.hunt_hours,
        f"a value that keeps the longest trip (walk in and out {walk_h:.1f} h + hunting) within "
        "23 h, so every trip ends before the next day's decision",
    )
