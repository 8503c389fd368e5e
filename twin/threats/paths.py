"""Paths of people on the movement tick grid: walk in, wander (hunt or patrol), walk back.

Positions are sampled at every movement tick, so a path is a sequence of segments with exact
times like the cats' tracks, and the same camera and encounter tests apply to both.

A day's paths are drawn person by person (:meth:`Walks.add` takes each person's random numbers
in the stream's order) and built together by one numba kernel (:meth:`Walks.paths`); its
pure-numpy twin is :func:`twin.threats.paths_reference.walk_paths_reference`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

WANDER_TURN_SD_RAD = 0.8
"""Heading change per tick while hunting or searching (assumed: meandering)."""

EDGE_MARGIN_M = 1e-3
"""Positions are kept this far inside the landscape's edges (m)."""


@dataclass(frozen=True)
class Paths:
    """People's positions at consecutive ticks (m), ``(n_ticks + 1, n_people)``.

    A path that ends before the longest stays put at its end. Per person: ``n_ticks``, its own
    number of segments, and ``wander_first``/``wander_last``, the ticks spent in the target area.
    """

    x_m: np.ndarray
    y_m: np.ndarray
    n_ticks: np.ndarray
    wander_first: np.ndarray
    wander_last: np.ndarray

    def __len__(self) -> int:
        return self.x_m.shape[1]


def _n_steps(dx: float, dy: float, step_m: float) -> int:
    """Ticks of a leg ``(dx, dy)`` (m) walked at ``step_m`` per tick (at least one)."""
    return max(1, math.ceil(float(np.hypot(dx, dy)) / step_m))


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


class Walks:
    """Walks from a start to a target, a wander there, and the walk back, for several people.

    Parameters
    ----------
    step_m
        Distance walked per tick on the way in and out (m).
    wander_step_m, wander_radius_m
        Step per tick (m) and how far from the target the wander may stray (m).
    wiggle_m
        Sideways standard deviation of the walks in and out at their middle (m).
    """

    def __init__(
        self, *, step_m: float, wander_step_m: float, wander_radius_m: float, wiggle_m: float
    ) -> None:
        self.step_m, self.wiggle_m = step_m, wiggle_m
        self.wander_step_m, self.wander_radius_m = wander_step_m, wander_radius_m
        self._ends: list[tuple[float, float, float, float, float, float]] = []
        self._counts: list[tuple[int, int, int]] = []
        self._normals: list[np.ndarray] = []
        self._wander: list[tuple[np.ndarray, np.ndarray]] = []

    def add(
        self,
        start: tuple[float, float],
        target: tuple[float, float],
        wander_ticks: int,
        rng: np.random.Generator,
    ) -> None:
        """Draw one person's walk in, ``wander_ticks`` ticks of wander and walk back (m)."""
        dx, dy = target[0] - start[0], target[1] - start[1]
        n_in = _n_steps(dx, dy, self.step_m)
        self._normals.append(rng.standard_normal(n_in))
        # the walk in ends at start + (dx, dy): its Brownian bridge is pinned there
        wx, wy = _wander(start[0] + dx, start[1] + dy, target, wander_ticks,
                         self.wander_step_m, self.wander_radius_m, rng)  # fmt: skip
        last = (float(wx[-1]), float(wy[-1])) if wander_ticks else target
        n_out = _n_steps(start[0] - last[0], start[1] - last[1], self.step_m)
        self._normals.append(rng.standard_normal(n_out))
        self._ends.append((*start, *target, *last))
        self._counts.append((n_in, wander_ticks, n_out))
        self._wander.append((wx, wy))

    def paths(self, extent_m: tuple[float, float, float, float]) -> Paths:
        """The added people's paths, in the order added, kept inside ``extent_m``
        (``(xmin, xmax, ymin, ymax)``, m)."""
        counts = np.array(self._counts, dtype=np.int64).reshape(-1, 3)
        n_ticks = counts.sum(axis=1)
        xmin, xmax, ymin, ymax = extent_m
        bounds = np.array([xmin + EDGE_MARGIN_M, xmax - EDGE_MARGIN_M,
                           ymin + EDGE_MARGIN_M, ymax - EDGE_MARGIN_M])  # fmt: skip
        shape = (int(n_ticks.max(initial=0)) + 1, len(counts))
        xs, ys = np.empty(shape), np.empty(shape)
        if len(counts):
            _paths_kernel(
                np.array(self._ends, dtype=np.float64), counts,
                np.concatenate(self._normals), np.concatenate([w[0] for w in self._wander]),
                np.concatenate([w[1] for w in self._wander]), float(self.wiggle_m), bounds,
                xs, ys,
            )  # fmt: skip
        return Paths(xs, ys, n_ticks, counts[:, 0], counts[:, 0] + counts[:, 1])


@njit(cache=True)
def _leg_kernel(x0, y0, x1, y1, z, wiggle_m, k0, row0, col, out_x, out_y):
    """Points ``k0..n`` of a walk from ``(x0, y0)`` to ``(x1, y1)`` in ``n = len(z)`` steps, bowed
    by the Brownian bridge of the normals ``z``, into rows ``row0 + k`` of column ``col``."""
    n = z.shape[0]
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    ux, uy = 1.0, 0.0
    if length > 0:
        ux, uy = dx / length, dy / length
    # running sums in np.cumsum's order (its first term is z[0] itself), so the bits match
    total = z[0]
    for k in range(1, n):
        total += z[k]
    scale = wiggle_m / (0.5 * math.sqrt(n))
    walk = 0.0
    for k in range(n + 1):
        if k > 0:
            walk = z[0] if k == 1 else walk + z[k - 1]
        if k >= k0:
            s = k / n
            bridge = (walk - s * total) * scale
            out_x[row0 + k, col] = x0 + s * dx - uy * bridge
            out_y[row0 + k, col] = y0 + s * dy + ux * bridge


@njit(cache=True)
def _paths_kernel(ends, counts, normals, wander_x, wander_y, wiggle_m, bounds, out_x, out_y):
    """Fill ``out_x``/``out_y`` ``(n_ticks + 1, n)``: walk in, wander, walk back, then stand
    still; clipped to ``bounds`` ``(xmin, xmax, ymin, ymax)``."""
    z0, w0 = 0, 0
    for j in range(ends.shape[0]):
        sx, sy, tx, ty, lx, ly = ends[j]
        n_in, n_w, n_out = counts[j, 0], counts[j, 1], counts[j, 2]
        _leg_kernel(sx, sy, tx, ty, normals[z0 : z0 + n_in], wiggle_m, 0, 0, j, out_x, out_y)
        for k in range(n_w):
            out_x[n_in + 1 + k, j] = wander_x[w0 + k]
            out_y[n_in + 1 + k, j] = wander_y[w0 + k]
        z1 = z0 + n_in + n_out
        _leg_kernel(lx, ly, sx, sy, normals[z0 + n_in : z1], wiggle_m, 1, n_in + n_w, j,
                    out_x, out_y)  # fmt: skip
        z0, w0 = z1, w0 + n_w
        end = n_in + n_w + n_out
        for k in range(end + 1):
            out_x[k, j] = min(max(out_x[k, j], bounds[0]), bounds[1])
            out_y[k, j] = min(max(out_y[k, j], bounds[2]), bounds[3])
        for k in range(end + 1, out_x.shape[0]):
            out_x[k, j], out_y[k, j] = out_x[end, j], out_y[end, j]
