"""Ranger patrols: how many teams go out, where they start, and the routes they walk.

Effort (km/day) comes from the policy timeline; each team walks about
``patrol_team_km_per_day``. Allocation (timeline ``patrol.allocation``):

- ``random``: start zones uniform over the park;
- ``roads``: start and turn at road cells inside the park (routes follow the road corridor);
- ``hotspots``: start zones in proportion to recent findings (snares found, arrests, poacher
  photos; decaying) plus a floor, as SMART patrol planning does;
- ``area``: start zones uniform among those whose centre lies in ``patrol.area_m``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from twin.threats.paths import Paths, Walks
from twin.threats.settings import EnforcementSettings, TripSettings
from twin.threats.zones import Zones

TURN_CANDIDATES = 8
"""Points drawn for a route's turn; the first within reach is taken."""


def team_count(km_per_day: float, team_km: float, rng: np.random.Generator) -> int:
    """Teams out today: ``km_per_day / team_km`` rounded up or down at random (unbiased)."""
    mean = km_per_day / team_km
    whole = int(np.floor(mean))
    return whole + int(rng.random() < mean - whole)


def zone_weights(
    allocation: str, zones: Zones, hotspot: np.ndarray, area_m: tuple | None, floor: float
) -> np.ndarray:
    """Probability of each zone as a patrol start under ``allocation`` (``roads`` excluded)."""
    if allocation == "hotspots":
        weight = hotspot + floor
    elif allocation == "area" and area_m is not None:
        xmin, ymin, xmax, ymax = area_m
        cx, cy = zones.centre_x_m, zones.centre_y_m
        weight = ((cx >= xmin) & (cx <= xmax) & (cy >= ymin) & (cy <= ymax)).astype(float)
    else:
        weight = np.ones(len(zones))
    return weight / weight.sum()


class RouteMaker:
    """Start and turning points of patrol routes and the routes themselves.

    Parameters
    ----------
    zones
        Park zones.
    road_x_m, road_y_m
        Road cell centres inside the zones (empty: ``roads`` falls back to ``random``).
    trips, enforcement
        Walking and patrol settings.
    tick_min
        Movement tick (min).
    """

    def __init__(
        self,
        zones: Zones,
        road_x_m: np.ndarray,
        road_y_m: np.ndarray,
        trips: TripSettings,
        enforcement: EnforcementSettings,
        tick_min: float,
    ) -> None:
        self.zones = zones
        self.road_x_m, self.road_y_m = road_x_m, road_y_m
        self.trips, self.cfg = trips, enforcement
        self.step_m = enforcement.patrol_speed_m_per_min * tick_min
        self.leg_m = enforcement.patrol_team_km_per_day * 1000.0 / 3.0

    def _points(
        self, allocation: str, cdf: np.ndarray, n: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """``n`` road cells under ``roads``, else points of zones drawn from ``cdf`` (the draws of
        ``rng.choice(p=weights)`` and ``Zones.random_points``, taken in one call)."""
        if allocation == "roads" and len(self.road_x_m):
            pick = rng.integers(0, len(self.road_x_m), n)
            return self.road_x_m[pick], self.road_y_m[pick]
        u = rng.random((4, n))
        return self.zones.points_at(cdf.searchsorted(u[0], side="right"), u[1:])

    def _turning_point(
        self, x: float, y: float, allocation: str, cdf: np.ndarray, rng: np.random.Generator
    ) -> tuple[float, float]:
        """The first of :data:`TURN_CANDIDATES` points within a third of the day's distance of
        ``(x, y)`` (m); the start itself when none is."""
        cx, cy = self._points(allocation, cdf, TURN_CANDIDATES, rng)
        first = _first_within(cx, cy, x, y, self.leg_m)
        return (float(cx[first]), float(cy[first])) if first >= 0 else (x, y)

    def routes(
        self,
        allocation: str,
        weights: np.ndarray,
        n_teams: int,
        rng: np.random.Generator,
    ) -> Paths:
        """Routes of ``n_teams`` teams: out to a turning point within a third of the day's
        distance, search around it, and back to the start (about ``patrol_team_km_per_day``)."""
        cdf = np.cumsum(weights)
        cdf /= cdf[-1]
        sx, sy = self._points(allocation, cdf, n_teams, rng)
        tight = allocation == "roads"
        walks = Walks(
            step_m=self.step_m,
            wander_step_m=self.step_m,
            wander_radius_m=self.zones.size_m / (4.0 if tight else 2.0),
            wiggle_m=self.trips.path_wiggle_m / (4.0 if tight else 1.0),
        )
        for x, y in zip(sx.tolist(), sy.tolist(), strict=True):
            tx, ty = self._turning_point(x, y, allocation, cdf, rng)
            search_m = max(3.0 * self.leg_m - 2.0 * float(np.hypot(tx - x, ty - y)), 0.0)
            walks.add((x, y), (tx, ty), int(round(search_m / self.step_m)), rng)
        return walks.paths(self.zones.landscape.extent_m)


@njit(cache=True)
def _first_within(x_m, y_m, x, y, reach_m):
    """Index of the first point within ``reach_m`` of ``(x, y)`` (m), -1 when none is; numpy
    twin ``patrols_reference.first_within``."""
    for c in range(x_m.shape[0]):
        if math.hypot(x_m[c] - x, y_m[c] - y) <= reach_m:
            return c
    return -1
