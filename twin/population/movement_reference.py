"""Vectorised numpy twin of one tick of :func:`twin.population.movement.move_ticks` (tests only).

It draws the same random numbers in the same order as the kernel and finds tigers by brute force
instead of the kernel's grid buckets, so agreement checks both the step-selection and the index.
"""

from __future__ import annotations

import numpy as np

from twin.population.movement import IMPASSABLE, ROAD, TRAIL
from twin.taxa import TIGER


def _cells(ex, ey, grid):
    x0, y0, res, nrows, ncols = grid
    col = np.floor((ex - x0) / res).astype(np.int64)
    row = np.floor((ey - y0) / res).astype(np.int64)
    inside = (row >= 0) & (col >= 0) & (row < nrows) & (col < ncols)
    return np.where(inside, row, 0), np.where(inside, col, 0), inside


def _nearness(px, py, tx, ty, radius):
    d = np.hypot(px[..., None] - tx, py[..., None] - ty)
    return np.where(d < radius[..., None], 1.0 - d / radius[..., None], 0.0).sum(axis=-1), d


def one_tick_reference(rng, hour, movers, state, pref, features, grid, params):
    """Advance one tick of ``movers`` in the dict of arrays ``state`` (modified in place).

    ``params`` holds the per-species arrays of the kernel: activity, shape, turn_sd, n_cand,
    avoid_r, avoid_w, enc_r, trail_snap. Only one candidate count across species is supported.
    """
    road = (features & ROAD).astype(bool)
    trail = (features & TRAIL).astype(bool)
    x, y, heading = state["x"], state["y"], state["heading"]
    sp = state["species"][movers]
    tigers = movers[sp == TIGER]
    tx, ty = x[tigers].copy(), y[tigers].copy()
    active = rng.random(len(movers)) < params["activity"][sp, hour]
    act = movers[active]
    s = sp[active]
    k = int(params["n_cand"][0])
    turns = rng.normal(0.0, 1.0, size=(len(act), k)) if len(act) else np.zeros((0, k))
    turns = turns * params["turn_sd"][s][:, None]
    steps = np.empty((len(act), k))
    for j, i in enumerate(act):
        shape = int(params["shape"][s[j]])
        u_steps = 1.0 - rng.random((k, shape))
        steps[j] = -state["step_mean"][i] / shape * np.log(u_steps.prod(axis=1))
    u = rng.random(len(act))
    h = heading[act][:, None] + turns
    ex = x[act][:, None] + steps * np.cos(h)
    ey = y[act][:, None] + steps * np.sin(h)
    row, col, inside = _cells(ex, ey, grid)
    p = pref[s[:, None], row, col]
    ok = inside & (p > IMPASSABLE)
    d2 = (ex - state["acx"][act][:, None]) ** 2 + (ey - state["acy"][act][:, None]) ** 2
    lw = p - d2 * (0.5 / state["sigma"][act] ** 2)[:, None]
    pen, _ = _nearness(ex, ey, tx, ty, np.broadcast_to(params["avoid_r"][s][:, None], ex.shape))
    lw = lw - params["avoid_w"][s][:, None] * pen
    lw = np.where(ok, lw, IMPASSABLE)
    best = lw.max(axis=1)
    w = np.where(lw > IMPASSABLE, np.exp(lw - best[:, None]), 0.0)
    cum = np.cumsum(w, axis=1)
    choice = np.minimum((u[:, None] * cum[:, -1:] > cum).sum(axis=1), k - 1)
    blocked = best <= IMPASSABLE
    r0, c0, in0 = _cells(x[act], y[act], grid)
    pick = np.arange(len(act))
    heading[act] = np.where(blocked, heading[act] + np.pi, heading[act] + turns[pick, choice])
    x[act] = np.where(blocked, x[act], ex[pick, choice])
    y[act] = np.where(blocked, y[act], ey[pick, choice])
    r1, c1, in1 = _cells(x[act], y[act], grid)
    snap = ~blocked & in1 & trail[r1, c1] & params["trail_snap"][s]
    x[act] = np.where(snap, grid[0] + (c1 + 0.5) * grid[2], x[act])
    y[act] = np.where(snap, grid[1] + (r1 + 0.5) * grid[2], y[act])
    crossed = ~blocked & in1 & road[r1, c1] & ~(in0 & road[r0, c0])
    state["road_cross"][act] += crossed
    _, d = _nearness(x[act], y[act], tx, ty, np.full(len(act), 1.0))
    enc = (d < params["enc_r"][s][:, None]).any(axis=1) & ~blocked & (params["enc_r"][s] > 0)
    state["tiger_enc"][act] += enc
