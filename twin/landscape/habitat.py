"""Habitat suitability for Amur leopards and tigers, after Hebblewhite et al. (2011).

Hebblewhite et al. (2011, Biological Conservation 144) found that Amur leopards select
forest at lower elevations, on moderate (mid) slopes facing south-west, away from villages and
roads. The rule below keeps those directions as a product of factors in 0..1; the constants are
assumed (chosen for shape, not fitted). The synthetic park and rasters loaded without a habitat
layer both use it.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import distance_transform_edt

ELEVATION_HALF_M = 750.0  # suitability halves here ...
ELEVATION_SCALE_M = 110.0  # ... over this logistic scale
SLOPE_BEST_DEG = 14.0  # mid slopes preferred over valley floors and cliffs
SLOPE_WIDTH_DEG = 10.0
SLOPE_FLOOR = 0.55  # suitability factor on flat ground
ASPECT_BEST_DEG = 225.0  # south-west facing slopes
ASPECT_WEIGHT = 0.15
VILLAGE_SCALE_M = 2500.0  # avoidance of settlements: 1 - exp(-d / scale)
ROAD_SCALE_M = 700.0  # avoidance of roads: 1 - loss * exp(-d / scale)
ROAD_MAX_LOSS = 0.5


def habitat_suitability(
    elevation_m: np.ndarray,
    forest_cover: np.ndarray,
    water: np.ndarray,
    village: np.ndarray,
    road: np.ndarray,
    resolution_m: float,
) -> np.ndarray:
    """Habitat suitability (0..1, float32) from terrain, forest and human features.

    Parameters
    ----------
    elevation_m
        Elevation (m), row 0 at the south edge.
    forest_cover
        Forest cover fraction (0..1).
    water, village, road
        Boolean masks; suitability is 0 on water and villages.
    resolution_m
        Cell side (m), for slopes and distances.

    Returns
    -------
    numpy.ndarray
        ``forest * f(elevation) * f(slope, aspect) * f(distance to villages) *
        f(distance to roads)``, 0 on water and villages.
    """
    elevation = np.asarray(elevation_m, dtype=float)
    suitability = np.clip(np.asarray(forest_cover, dtype=float), 0.0, 1.0)
    suitability *= 1.0 / (1.0 + np.exp((elevation - ELEVATION_HALF_M) / ELEVATION_SCALE_M))
    suitability *= _terrain_factor(elevation, resolution_m)
    suitability *= 1.0 - np.exp(-_distance_m(village, resolution_m) / VILLAGE_SCALE_M)
    suitability *= 1.0 - ROAD_MAX_LOSS * np.exp(-_distance_m(road, resolution_m) / ROAD_SCALE_M)
    suitability[np.asarray(water, dtype=bool) | np.asarray(village, dtype=bool)] = 0.0
    return suitability.astype(np.float32)


def _terrain_factor(elevation_m: np.ndarray, resolution_m: float) -> np.ndarray:
    """Preference for mid slopes facing south-west (1 at the best slope and aspect)."""
    if min(elevation_m.shape) < 2:
        return np.full(elevation_m.shape, SLOPE_FLOOR)
    dz_dy, dz_dx = np.gradient(elevation_m, resolution_m)
    slope_deg = np.degrees(np.arctan(np.hypot(dz_dx, dz_dy)))
    slope = SLOPE_FLOOR + (1.0 - SLOPE_FLOOR) * np.exp(
        -(((slope_deg - SLOPE_BEST_DEG) / SLOPE_WIDTH_DEG) ** 2)
    )
    facing_deg = np.degrees(np.arctan2(-dz_dx, -dz_dy))  # azimuth of the downhill direction
    weight = ASPECT_WEIGHT * np.minimum(slope_deg / SLOPE_BEST_DEG, 1.0)
    aspect = 1.0 + weight * np.cos(np.radians(facing_deg - ASPECT_BEST_DEG))
    return slope * aspect / (1.0 + ASPECT_WEIGHT)


def _distance_m(mask: np.ndarray, resolution_m: float) -> np.ndarray:
    """Distance (m) to the nearest true cell; infinite when there is none."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return np.full(mask.shape, np.inf)
    return distance_transform_edt(~mask, sampling=resolution_m)
