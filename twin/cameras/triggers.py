"""When a passage fires the passive-infrared sensor, and the timing of the burst it starts."""

from __future__ import annotations

import numpy as np

from twin.cameras.camera_config import TriggerConfig

SECONDS_PER_MIN = 60.0


def trigger_probability(distance_m: np.ndarray, cfg: TriggerConfig) -> np.ndarray:
    """Probability that a passage at ``distance_m`` from the camera fires the PIR sensor.

    ``p(d) = p_max * 2 ** (-(d / half_distance_m) ** shape)``: ``p_max`` below 1 models passes the
    sensor misses even at close range, and the probability halves at ``half_distance_m``.

    Parameters
    ----------
    distance_m
        Distance of the passage from the camera, in m (any shape).
    cfg
        Trigger settings.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, p_max], same shape as ``distance_m``.
    """
    scaled = np.asarray(distance_m, dtype=np.float64) / cfg.half_distance_m
    return cfg.p_max * np.exp2(-(scaled**cfg.shape))


def mean_trigger_probability(cfg: TriggerConfig, zone_radius_m: float, n: int = 10_001) -> float:
    """Mean trigger probability of passages whose distance is uniform over ``[0, zone_radius_m]``.

    One minus this is the fraction of passes the sensor misses; PARAMETERS.md gives 14-16 % for
    carnivores at Reconyx PC900 cameras.
    """
    return float(trigger_probability(np.linspace(0.0, zone_radius_m, n), cfg).mean())


def burst_duration_min(cfg: TriggerConfig) -> float:
    """Minutes from the passage to the last photo of its burst (delay plus photo intervals)."""
    burst_s = cfg.delay_s + (cfg.photos_per_trigger - 1) * cfg.photo_interval_s
    return burst_s / SECONDS_PER_MIN


def dead_time_min(cfg: TriggerConfig) -> float:
    """Minutes after a passage in which the camera cannot trigger again (burst + quiet period)."""
    return burst_duration_min(cfg) + cfg.quiet_period_s / SECONDS_PER_MIN
