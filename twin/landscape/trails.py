"""Forest trails of the synthetic park: walks down valleys and up to ridges from seeded starts.

Starts lie on a jittered grid (:data:`START_SPACING_M`) in forest; each trail walks downhill
(a valley trail) or uphill (a ridge trail) in steps of :data:`STEP_M` until it leaves the forest,
reaches the sea, turns against the slope, or hits its length limit. Walks use the terrain of the
fixed field lattice, so every output resolution shows the same trails.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from twin.landscape.lattice import Lattice
from twin.landscape.terrain import Terrain

START_SPACING_M = 3000.0
STEP_M = 100.0
MAX_STEPS = {-1.0: 80, 1.0: 40}  # downhill (valley) trails run further than ridge trails
MIN_FOREST_COVER = 0.5
INERTIA = 0.5  # weight of the previous heading against the slope direction
TURN_SD_RAD = 0.3
SMOOTHING_M = 600.0  # scale (m) of the relief that trails follow


def trail_network(
    terrain: Terrain, rng: np.random.Generator, centre_xy_m: tuple[float, float], half_side_m: float
) -> list[np.ndarray]:
    """Trail polylines ``(n, 2)`` (m) in the forest of ``terrain``; prior validation assumed."""
    starts = _starts(terrain, rng, centre_xy_m, half_side_m)
    sign = rng.choice([-1.0, 1.0], size=len(starts))
    heading = rng.standard_normal((len(starts), 2))
    heading /= np.hypot(*heading.T)[:, None]
    history, steps = _walk(terrain, rng, starts, heading, sign)
    return [history[: n + 1, i] for i, n in enumerate(steps) if n >= 3]


def _starts(
    terrain: Terrain, rng: np.random.Generator, centre_xy_m: tuple[float, float], half_side_m: float
) -> np.ndarray:
    """Jittered-grid start points (m) inside forest, anchored at the park centre."""
    offsets = np.arange(-half_side_m, half_side_m + 1.0, START_SPACING_M)
    x, y = np.meshgrid(offsets + centre_xy_m[0], offsets + centre_xy_m[1])
    points = np.column_stack([x.ravel(), y.ravel()])
    points += rng.uniform(-0.5, 0.5, points.shape) * START_SPACING_M
    return points[_in_forest(terrain, points)]


def _walk(
    terrain: Terrain,
    rng: np.random.Generator,
    position: np.ndarray,
    heading: np.ndarray,
    sign: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Step all walkers together; returns positions ``(steps + 1, n, 2)`` and steps taken."""
    lattice = terrain.lattice
    # Trails follow the large valleys and ridges, not every bump of the surface.
    surface_m = gaussian_filter(terrain.elevation_m.astype(float), SMOOTHING_M / lattice.spacing_m)
    grad_y, grad_x = np.gradient(surface_m, lattice.spacing_m)
    limit = np.where(sign < 0, MAX_STEPS[-1.0], MAX_STEPS[1.0])
    steps = np.zeros(len(position), dtype=np.intp)
    alive = np.ones(len(position), dtype=bool)
    history = [position.copy()]
    elevation = _sample(lattice, surface_m, position)
    for step in range(max(MAX_STEPS.values())):
        slope = np.column_stack(
            [_sample(lattice, grad_x, position), _sample(lattice, grad_y, position)]
        )
        norm = np.hypot(*slope.T)[:, None]
        target = np.where(norm > 1e-6, sign[:, None] * slope / np.maximum(norm, 1e-12), heading)
        heading = _rotate(INERTIA * heading + (1.0 - INERTIA) * target, rng, len(position))
        proposed = position + STEP_M * heading
        new_elevation = _sample(lattice, surface_m, proposed)
        alive &= (step < limit) & _in_forest(terrain, proposed)
        alive &= sign * (new_elevation - elevation) > 0.0
        position = np.where(alive[:, None], proposed, position)
        elevation = np.where(alive, new_elevation, elevation)
        steps += alive
        history.append(position.copy())
        if not alive.any():
            break
    return np.stack(history), steps


def _rotate(vectors: np.ndarray, rng: np.random.Generator, n: int) -> np.ndarray:
    """Unit vectors turned by a random angle, for winding trails."""
    angle = np.arctan2(vectors[:, 1], vectors[:, 0]) + rng.normal(0.0, TURN_SD_RAD, n)
    return np.column_stack([np.cos(angle), np.sin(angle)])


def _in_forest(terrain: Terrain, points: np.ndarray) -> np.ndarray:
    """Whether points lie on the lattice, on land, in forest."""
    lattice = terrain.lattice
    x0, y0 = lattice.x0_m, lattice.y0_m
    on_lattice = (
        (points[:, 0] > x0)
        & (points[:, 0] < x0 + lattice.ncols * lattice.spacing_m)
        & (points[:, 1] > y0)
        & (points[:, 1] < y0 + lattice.nrows * lattice.spacing_m)
    )
    cover = _sample(lattice, terrain.forest_cover, points)
    return on_lattice & (cover > MIN_FOREST_COVER)


def _sample(lattice: Lattice, values: np.ndarray, points: np.ndarray) -> np.ndarray:
    return lattice.interpolate(values, points[:, 0], points[:, 1])
