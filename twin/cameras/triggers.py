"""When a passage fires the passive-infrared sensor, and the timing of the burst it starts."""

from __future__ import annotations

from typing import TypeVar

import numpy as np

from twin.cameras.camera_config import TriggerConfig

SECONDS_PER_MIN = 60.0
ArrayOrFloat = TypeVar("ArrayOrFloat", float, np.ndarray)


def trigger_probability(distance_m: ArrayOrFloat, cfg: TriggerConfig) -> ArrayOrFloat:
    """Probability that a passage at ``distance_m`` from the camera fires the PIR sensor.

    ``p(d) = p_max * 2 ** (-(d / half_distance_m) ** shape)``: ``p_max`` below 1 models passes the
    sensor misses even at close range, and the probability halves at ``half_distance_m``.

    Parameters
    ----------
    distance_m
        Distance of the passage from the camera, in m: a float (the per-passage hot path uses
        plain arithmetic) or an array.
    cfg
        Trigger settings.

    Returns
    -------
    float or numpy.ndarray
        Probabilities in [0, p_max], same type and shape as ``distance_m``.
    """
    return cfg.p_max * 2.0 ** (-((distance_m / cfg.half_distance_m) ** cfg.shape))


def mean_trigger_probability(distance_m: np.ndarray, cfg: TriggerConfig) -> float:
    """Fraction of passages at the given entry distances (m) that fire the sensor, on average.

    One minus this is the fraction of passes the sensor misses (PARAMETERS.md: 14-16 % for
    carnivores at Reconyx PC900 cameras). Pass the entry distances of simulated passages
    (:class:`twin.cameras.geometry.Passages`) to calibrate the curve to a detection zone.
    """
    return float(np.mean(trigger_probability(np.asarray(distance_m, dtype=np.float64), cfg)))


def burst_duration_min(cfg: TriggerConfig) -> float:
    """Minutes from the passage to the last photo of its burst (delay plus photo intervals)."""
    burst_s = cfg.delay_s + (cfg.photos_per_trigger - 1) * cfg.photo_interval_s
    return burst_s / SECONDS_PER_MIN


def dead_time_min(cfg: TriggerConfig) -> float:
    """Minutes after a passage in which the camera cannot trigger again (burst + quiet period)."""
    return burst_duration_min(cfg) + cfg.quiet_period_s / SECONDS_PER_MIN
