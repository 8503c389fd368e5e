"""Pure-numpy twin of :class:`twin.threats.paths.Walks` (for tests): each path drawn and built
on its own, as one walk in, a wander and one walk back, then stacked."""

from __future__ import annotations

import numpy as np

from twin.threats.paths import EDGE_MARGIN_M, Paths, _wander


def _leg(start, end, step_m, wiggle_m, rng):
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = float(np.hypot(dx, dy))
    n = max(1, int(np.ceil(length / step_m)))
    s = np.arange(n + 1) / n
    walk = np.concatenate(([0.0], np.cumsum(rng.standard_normal(n))))
    bridge = (walk - s * walk[-1]) * (wiggle_m / (0.5 * np.sqrt(n)))
    ux, uy = (dx / length, dy / length) if length > 0 else (1.0, 0.0)
    return start[0] + s * dx - uy * bridge, start[1] + s * dy + ux * bridge


def _walk(start, target, wander_ticks, cfg, rng):
    in_x, in_y = _leg(start, target, cfg["step_m"], cfg["wiggle_m"], rng)
    w_x, w_y = _wander(float(in_x[-1]), float(in_y[-1]), target, wander_ticks,
                       cfg["wander_step_m"], cfg["wander_radius_m"], rng)  # fmt: skip
    last = (float(w_x[-1]), float(w_y[-1])) if wander_ticks else target
    out_x, out_y = _leg(last, start, cfg["step_m"], cfg["wiggle_m"], rng)
    return (
        np.concatenate((in_x, w_x, out_x[1:])),
        np.concatenate((in_y, w_y, out_y[1:])),
        len(in_x) - 1,
    )


def walk_paths_reference(people, extent_m, rng, **cfg) -> Paths:
    """Paths of ``people`` (``(start, target, wander_ticks)`` each) with the keyword settings of
    :class:`~twin.threats.paths.Walks`: the same as adding them to ``Walks`` in turn."""
    xmin, xmax, ymin, ymax = extent_m
    walks = [_walk(start, target, ticks, cfg, rng) for start, target, ticks in people]
    n_ticks = np.array([len(x) - 1 for x, _, _ in walks], dtype=np.int64)
    first = np.array([f for _, _, f in walks], dtype=np.int64)
    shape = (int(n_ticks.max(initial=0)) + 1, len(walks))
    xs, ys = np.empty(shape), np.empty(shape)
    for j, (x, y, _) in enumerate(walks):
        x = np.clip(x, xmin + EDGE_MARGIN_M, xmax - EDGE_MARGIN_M)
        y = np.clip(y, ymin + EDGE_MARGIN_M, ymax - EDGE_MARGIN_M)
        xs[:, j], ys[:, j] = x[-1], y[-1]
        xs[: len(x), j], ys[: len(y), j] = x, y
    ticks = np.array([t for _, _, t in people], dtype=np.int64)
    return Paths(xs, ys, n_ticks, first, first + ticks)
