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

import numpy as np

from twin.threats.paths import Path, walk_path
from twin.threats.settings import EnforcementSettings, TripSettings
from twin.threats.zones import Zones


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
        self, allocation: str, weights: np.ndarray, n: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        if allocation == "roads" and len(self.road_x_m):
            pick = rng.integers(0, len(self.road_x_m), n)
            return self.road_x_m[pick], self.road_y_m[pick]
        zone = rng.choice(len(self.zones), size=n, p=weights)
        return self.zones.random_points(zone, rng)

    def routes(
        self,
        allocation: str,
        weights: np.ndarray,
        n_teams: int,
        rng: np.random.Generator,
    ) -> list[Path]:
        """Routes of ``n_teams`` teams: out to a turning point within a third of the day's
        distance, search around it, and back to the start (about ``patrol_team_km_per_day``)."""
        if n_teams == 0:
            return []
        sx, sy = self._points(allocation, weights, n_teams, rng)
        routes = []
        for x, y in zip(sx, sy, strict=True):
            cx, cy = self._points(allocation, weights, 8, rng)
            near = np.hypot(cx - x, cy - y) <= self.leg_m
            tx, ty = (cx[near][0], cy[near][0]) if near.any() else (x, y)
            legs_m = 2.0 * float(np.hypot(tx - x, ty - y))
            search_m = max(3.0 * self.leg_m - legs_m, 0.0)
            tight = allocation == "roads"
            routes.append(
                walk_path(
                    (float(x), float(y)),
                    (float(tx), float(ty)),
                    step_m=self.step_m,
                    wander_ticks=int(round(search_m / self.step_m)),
                    wander_step_m=self.step_m,
                    wander_radius_m=self.zones.size_m / (4.0 if tight else 2.0),
                    wiggle_m=self.trips.path_wiggle_m / (4.0 if tight else 1.0),
                    landscape=self.zones.landscape,
                    rng=rng,
                )
            )
        return routes
