"""Daily hazards of losing a camera: theft or vandalism (higher near roads and villages)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from twin.cameras.camera_config import FailureConfig

CALIBRATION_DAYS = 730.5
"""Meek et al. (2019) report the stolen or damaged fraction over two years of deployment."""


def theft_risk_multiplier(
    dist_road_m: np.ndarray, dist_village_m: np.ndarray, cfg: FailureConfig
) -> np.ndarray:
    """Relative theft risk of each camera: 1 far from people, higher near roads and villages.

    ``m = 1 + road_factor * exp(-d_road / road_scale_m) + village_factor * exp(-d_village /
    village_scale_m)``, distances in m.
    """
    road = cfg.road_factor * np.exp(-np.asarray(dist_road_m, float) / cfg.road_scale_m)
    village = cfg.village_factor * np.exp(-np.asarray(dist_village_m, float) / cfg.village_scale_m)
    return 1.0 + road + village


def theft_hazard_per_day(
    dist_road_m: np.ndarray, dist_village_m: np.ndarray, cfg: FailureConfig
) -> np.ndarray:
    """Daily probability that each camera is stolen or destroyed.

    With ``theft_reference == "array_mean"`` the hazards are scaled so that, over the whole array,
    the expected fraction of cameras lost within two years (if never replaced) equals
    ``theft_fraction_2yr`` (23.5 %, Meek et al. 2019). With ``"remote"`` that fraction applies to a
    camera far from roads and villages and the multiplier raises it elsewhere.

    Parameters
    ----------
    dist_road_m, dist_village_m
        Distance of each camera to the nearest road and village, in m.
    cfg
        Failure settings.

    Returns
    -------
    numpy.ndarray
        Daily theft probability per camera, in [0, 1).
    """
    multiplier = theft_risk_multiplier(dist_road_m, dist_village_m, cfg)
    if cfg.theft_fraction_2yr == 0.0 or multiplier.size == 0:
        return np.zeros(multiplier.shape)
    target_rate = -np.log1p(-cfg.theft_fraction_2yr) / CALIBRATION_DAYS
    if cfg.theft_reference == "remote":
        rate = target_rate * multiplier
    else:
        rate = _calibrated_scale(multiplier, cfg.theft_fraction_2yr) * multiplier
    return -np.expm1(-rate)


def _calibrated_scale(multiplier: np.ndarray, fraction: float) -> float:
    """Rate per unit multiplier whose two-year loss, averaged over the array, is ``fraction``."""

    def excess(scale: float) -> float:
        return float(np.mean(-np.expm1(-scale * multiplier * CALIBRATION_DAYS)) - fraction)

    upper = -2.0 * np.log1p(-fraction) / (CALIBRATION_DAYS * multiplier.min())
    return float(brentq(excess, 0.0, upper, xtol=1e-14))


FAILURE_STREAM_KEY = 0x6641494C
"""Spawn-key tag of the per-camera failure streams (distinct from any ``spawn()`` child)."""
FAILURE_BLOCK_DAYS = 64
"""Days of failure draws taken at a time from each camera's stream."""


class CameraFailureDraws:
    """Daily uniforms for each camera's theft, malfunction and time of day, from its own stream.

    Each camera's stream is a child of the cameras' ``SeedSequence`` keyed by the camera's
    position (to the metre), so two layouts run with one seed draw the same failures for a
    camera that both contain (common random numbers), whatever else differs.

    Parameters
    ----------
    root
        The cameras' seed sequence.
    x_m, y_m
        Camera positions, m.
    """

    def __init__(self, root: np.random.SeedSequence, x_m: np.ndarray, y_m: np.ndarray) -> None:
        key = tuple(root.spawn_key)
        self._streams = [
            np.random.default_rng(
                np.random.SeedSequence(
                    root.entropy,
                    spawn_key=(*key, FAILURE_STREAM_KEY, round(x) % 2**32, round(y) % 2**32),
                )
            )
            for x, y in zip(
                np.asarray(x_m, float).tolist(), np.asarray(y_m, float).tolist(), strict=True
            )
        ]
        self._block = np.zeros((0, len(self._streams), 3))
        self._next = 0

    def day(self) -> np.ndarray:
        """The next day's draws: array ``(n_cameras, 3)`` of theft, malfunction and time-of-day
        uniforms in [0, 1)."""
        if self._next == len(self._block):
            draws = [g.random((FAILURE_BLOCK_DAYS, 3)) for g in self._streams]
            self._block = np.stack(draws, axis=1)
            self._next = 0
        self._next += 1
        return self._block[self._next - 1]
