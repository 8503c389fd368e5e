"""Paths of people on the movement tick grid: walk in, wander (hunt or patrol), walk back.

Positions are sampled at every movement tick, so a path is a sequence of segments with exact
times like the cats' tracks, and the same camera and encounter tests apply to both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from twin.landscape.grid import Landscape

WANDER_TURN_SD_RAD = 0.8
"""Heading change per tick while hunting or searching (assumed: meandering)."""


@dataclass(frozen=True)
class Path:
    """One person's positions at consecutive ticks (m) and the ticks spent in the target area."""

    x_m: np.ndarray
    y_m: np.ndarray
    wander_first: int
    wander_last: int

    @property
    def n_ticks(self) -> int:
        """Number of segments (ticks) of the path."""
        return len(self.x_m) - 1


def _leg(
    start: tuple[float, float],
    end: tuple[float, float],
    step_m: float,
    wiggle_m: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """A walk from ``start`` to ``end`` in steps of about ``step_m``, bowed by a Brownian bridge."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = float(np.hypot(dx, dy))
    n = max(1, int(np.ceil(length / step_m)))
    s = np.arange(n + 1) / n
    walk = np.concatenate(([0.0], np.cumsum(rng.standard_normal(n))))
    bridge = (walk - s * walk[-1]) * (wiggle_m / (0.5 * np.sqrt(n)))
    ux, uy = (dx / length, dy / length) if length > 0 else (1.0, 0.0)
    return start[0] + s * dx - uy * bridge, start[1] + s * dy + ux * bridge


def _wander(
    x: float,
    y: float,
    centre: tuple[float, float],
    n_ticks: int,
    step_m: float,
    radius_m: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """A correlated random walk of ``n_ticks`` steps that turns back beyond ``radius_m``."""
    heading = rng.uniform(0.0, 2.0 * np.pi)
    turns = rng.normal(0.0, WANDER_TURN_SD_RAD, n_ticks)
    return _wander_kernel(x, y, centre[0], centre[1], heading, turns, step_m, radius_m)


@njit(cache=True, error_model="numpy")
def _wander_kernel(x, y, cx, cy, heading, turns, step_m, radius_m):
    n_ticks = turns.shape[0]
    xs, ys = np.empty(n_ticks), np.empty(n_ticks)
    for k in range(n_ticks):
        if math.hypot(x - cx, y - cy) > radius_m:
            heading = math.atan2(cy - y, cx - x)
        heading += turns[k]
        x += step_m * math.cos(heading)
        y += step_m * math.sin(heading)
        xs[k], ys[k] = x, y
    return xs, ys


def walk_path(
    start: tuple[float, float],
    target: tuple[float, float],
    *,
    step_m: float,
    wander_ticks: int,
    wander_step_m: float,
    wander_radius_m: float,
    wiggle_m: float,
    landscape: Landscape,
    rng: np.random.Generator,
) -> Path:
    """Walk from ``start`` to ``target``, wander there ``wander_ticks`` ticks, walk back.

    Parameters
    ----------
    start, target
        Positions (m).
    step_m
        Distance walked per tick on the way in and out (m).
    wander_ticks
        Ticks spent in the target area.
    wander_step_m, wander_radius_m
        Step per tick (m) and how far from ``target`` the wander may stray (m).
    wiggle_m
        Sideways standard deviation of the walks in and out at their middle (m).
    landscape
        Positions are kept inside its grid.
    rng
        Random stream.
    """
    in_x, in_y = _leg(start, target, step_m, wiggle_m, rng)
    w_x, w_y = _wander(
        float(in_x[-1]), float(in_y[-1]), target, wander_ticks, wander_step_m, wander_radius_m, rng
    )
    last = (float(w_x[-1]), float(w_y[-1])) if wander_ticks else target
    out_x, out_y = _leg(last, start, step_m, wiggle_m, rng)
    xmin, xmax, ymin, ymax = landscape.extent_m
    margin = 1e-3
    x = np.clip(np.concatenate((in_x, w_x, out_x[1:])), xmin + margin, xmax - margin)
    y = np.clip(np.concatenate((in_y, w_y, out_y[1:])), ymin + margin, ymax - margin)
    first = len(in_x) - 1
    return Path(x, y, first, first + wander_ticks)


def stack_paths(paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``(n_ticks + 1, n_people)`` of paths that start together; ended paths stay put."""
    n_ticks = max((p.n_ticks for p in paths), default=0)
    xs = np.empty((n_ticks + 1, len(paths)))
    ys = np.empty((n_ticks + 1, len(paths)))
    for j, p in enumerate(paths):
        m = len(p.x_m)
        xs[:m, j], ys[:m, j] = p.x_m, p.y_m
        xs[m:, j], ys[m:, j] = p.x_m[-1], p.y_m[-1]
    return xs, ys
