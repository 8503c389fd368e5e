"""A day's poaching trips: target zones, walking paths, and the snares left on game trails."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.threats.paths import Paths, Walks
from twin.threats.poachers import PoacherPool
from twin.threats.settings import KillSettings, TripSettings
from twin.threats.terrain import NearestFeature
from twin.threats.zones import Zones


@dataclass(frozen=True)
class TripPlan:
    """Trips starting together: poacher rows, target zones and points, and paths."""

    poachers: np.ndarray
    zones: np.ndarray
    target_x_m: np.ndarray
    target_y_m: np.ndarray
    from_road: np.ndarray
    paths: Paths


def pick_zones(villages: np.ndarray, probs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One zone per trip from its village's row of ``probs`` (-1 when no zone is in reach)."""
    cumulative = np.cumsum(probs[villages], axis=1)
    u = rng.random(len(villages))
    zone = np.array(
        [np.searchsorted(c, x * c[-1], side="right") for c, x in zip(cumulative, u, strict=True)]
    )
    zone = np.minimum(zone, probs.shape[1] - 1).astype(np.int64)
    reachable = cumulative[:, -1] > 0 if len(villages) else np.zeros(0, dtype=bool)
    return np.where(reachable, zone, -1)


def plan_trips(
    pool: PoacherPool,
    going: np.ndarray,
    probs: np.ndarray,
    by_road: np.ndarray,
    zones: Zones,
    cfg: TripSettings,
    tick_min: float,
    rng: np.random.Generator,
) -> TripPlan:
    """Targets and paths of the poachers ``going`` today.

    A trip starts at home, or at the road point nearest the target zone when that walk is shorter
    (the drive there is not tracked), and ends where it started.
    """
    village = pool.village[going]
    zone = pick_zones(village, probs, rng)
    ok = zone >= 0
    going, village, zone = going[ok], village[ok], zone[ok]
    tx, ty = zones.random_points(zone, rng)
    road = by_road[village, zone]
    sx = np.where(road, zones.road_x_m[zone], pool.home_x_m[going])
    sy = np.where(road, zones.road_y_m[zone], pool.home_y_m[going])
    step_m = cfg.walk_speed_m_per_min * tick_min
    hunt_ticks = int(round(cfg.hunt_hours * 60.0 / tick_min))
    walks = Walks(step_m=step_m, wander_step_m=step_m / 2.0, wander_radius_m=zones.size_m / 2.0,
                  wiggle_m=cfg.path_wiggle_m)  # fmt: skip
    for i in range(len(going)):
        walks.add((float(sx[i]), float(sy[i])), (float(tx[i]), float(ty[i])), hunt_ticks, rng)
    paths = walks.paths(zones.landscape.extent_m)
    return TripPlan(going, zone, tx, ty, road, paths)


def place_snares(
    plan: TripPlan,
    t0_min: float,
    tick_min: float,
    cfg: KillSettings,
    trails: NearestFeature,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Snares each poacher sets while hunting: at random hunting ticks, moved onto the nearest
    game trail when one is within ``snare_trail_snap_m``.

    Returns
    -------
    x_m, y_m, placed_min, owner
        One entry per snare (owner = poacher row).
    """
    xs, ys, ts, owners = [], [], [], []
    paths = plan.paths
    for j, poacher in enumerate(plan.poachers):
        ticks = np.arange(paths.wander_first[j] + 1, paths.wander_last[j] + 1)
        if len(ticks) == 0 or cfg.snares_per_trip == 0:
            continue
        chosen = np.sort(
            rng.choice(ticks, size=min(cfg.snares_per_trip, len(ticks)), replace=False)
        )
        xs.append(paths.x_m[chosen, j])
        ys.append(paths.y_m[chosen, j])
        ts.append(t0_min + chosen * tick_min)
        owners.append(np.full(len(chosen), poacher, dtype=np.int64))
    if not xs:
        empty = np.zeros(0)
        return empty, empty.copy(), empty.copy(), np.zeros(0, dtype=np.int64)
    x, y = np.concatenate(xs), np.concatenate(ys)
    fx, fy, dist = trails.nearest(x, y)
    snap = dist <= cfg.snare_trail_snap_m
    return np.where(snap, fx, x), np.where(snap, fy, y), np.concatenate(ts), np.concatenate(owners)
