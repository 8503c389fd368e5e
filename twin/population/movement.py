"""Movement kernel: 15-min ticks of every free-moving animal, as a step-selection process.

Each active animal draws ``K`` candidate steps (Erlang step length, wrapped-normal turn from
its last heading, so steps are correlated) and picks one with probability proportional to
``exp(preference(end) - |end - centre|^2 / (2 sigma^2) - w * tiger_nearness(end))``: habitat
selection, trails and forest roads, avoidance of villages (all in the preference raster),
attraction to the activity centre (home-range behaviour) and, for leopards, avoidance of tigers.
Inactive animals (by the species' hourly activity profile) stay put; dependent cubs travel with
their mother.

Random numbers are drawn per tick in a fixed order - activity uniforms for every mover, then
turn normals, step-length uniforms and choice uniforms for the active ones - so the vectorised
numpy reference in :mod:`twin.population.movement_reference` reproduces the kernel exactly.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from twin.taxa import TIGER

IMPASSABLE = -1e30
CUB_OFFSET_M = 15.0


@njit(cache=True, inline="always")
def _cell(x, y, x0, y0, res, nrows, ncols):
    col = int(math.floor((x - x0) / res))
    row = int(math.floor((y - y0) / res))
    if row < 0 or col < 0 or row >= nrows or col >= ncols:
        return -1, -1
    return row, col


@njit(cache=True)
def _link_tigers(tx, ty, species, movers, x0, y0, cell_m, ncx, ncy, head, nxt):
    """Link every tiger into the bucket of its grid cell; return the buckets used."""
    used = np.empty(movers.shape[0], dtype=np.int64)
    n_used = 0
    for i in movers:
        if species[i] != TIGER:
            continue
        cx = int((tx[i] - x0) // cell_m)
        cy = int((ty[i] - y0) // cell_m)
        if cx < 0 or cy < 0 or cx >= ncx or cy >= ncy:
            continue
        c = cy * ncx + cx
        nxt[i] = head[c]
        head[c] = i
        used[n_used] = c
        n_used += 1
    return used[:n_used]


@njit(cache=True)
def _tiger_near(px, py, tx, ty, x0, y0, cell_m, ncx, ncy, head, nxt, radius_m):
    """Sum of (1 - d / radius) over tigers within ``radius_m`` of a point, and the nearest one."""
    cx = int((px - x0) // cell_m)
    cy = int((py - y0) // cell_m)
    total = 0.0
    nearest = -1
    best = radius_m
    for gy in range(cy - 1, cy + 2):
        for gx in range(cx - 1, cx + 2):
            if gx < 0 or gy < 0 or gx >= ncx or gy >= ncy:
                continue
            t = head[gy * ncx + gx]
            while t >= 0:
                d = math.hypot(tx[t] - px, ty[t] - py)
                if d < radius_m:
                    total += 1.0 - d / radius_m
                    if d < best:
                        best = d
                        nearest = t
                t = nxt[t]
    return total, nearest


@njit(cache=True)
def _choose(lw, n, u, w):
    """Index in ``lw[:n]`` drawn with probability proportional to ``exp(lw)``; -1 if impassable."""
    best = IMPASSABLE
    for k in range(n):
        if lw[k] > best:
            best = lw[k]
    if best <= IMPASSABLE:
        return -1
    total = 0.0
    for k in range(n):
        w[k] = math.exp(lw[k] - best) if lw[k] > IMPASSABLE else 0.0
        total += w[k]
    acc = 0.0
    for k in range(n):
        acc += w[k]
        if u * total <= acc:
            return k
    return n - 1


@njit(cache=True)
def _one_tick(
    rng,
    hour,
    movers,
    x,
    y,
    heading,
    acx,
    acy,
    sigma,
    step_mean,
    species,
    pref,
    road,
    grid,
    activity,
    shape,
    turn_sd,
    n_cand,
    avoid_r,
    avoid_w,
    enc_r,
    hashing,
    work,
    tiger_enc,
    road_cross,
):
    x0, y0, res, nrows, ncols = grid
    tx, ty, cell_m, ncx, ncy, head, nxt = hashing
    active, turns, steps, lw, w = work
    n_m = movers.shape[0]
    for j in range(n_m):
        i = movers[j]
        tx[i] = x[i]
        ty[i] = y[i]
    used = _link_tigers(tx, ty, species, movers, x0, y0, cell_m, ncx, ncy, head, nxt)
    for j in range(n_m):
        active[j] = rng.random() < activity[species[movers[j]], hour]
    for j in range(n_m):
        if active[j]:
            for k in range(n_cand[species[movers[j]]]):
                turns[j, k] = rng.normal(0.0, turn_sd[species[movers[j]]])
    for j in range(n_m):
        if active[j]:
            s = species[movers[j]]
            scale = -step_mean[movers[j]] / shape[s]
            for k in range(n_cand[s]):
                product = 1.0
                for _ in range(shape[s]):
                    product *= 1.0 - rng.random()
                steps[j, k] = scale * math.log(product)
    for j in range(n_m):
        if not active[j]:
            continue
        i = movers[j]
        s = species[i]
        u = rng.random()
        inv2s2 = 0.5 / (sigma[i] * sigma[i])
        for k in range(n_cand[s]):
            h = heading[i] + turns[j, k]
            ex = x[i] + steps[j, k] * math.cos(h)
            ey = y[i] + steps[j, k] * math.sin(h)
            row, col = _cell(ex, ey, x0, y0, res, nrows, ncols)
            if row < 0 or pref[s, row, col] <= IMPASSABLE:
                lw[k] = IMPASSABLE
                continue
            lw[k] = pref[s, row, col] - ((ex - acx[i]) ** 2 + (ey - acy[i]) ** 2) * inv2s2
            if avoid_w[s] != 0.0:
                pen, _ = _tiger_near(
                    ex, ey, tx, ty, x0, y0, cell_m, ncx, ncy, head, nxt, avoid_r[s]
                )
                lw[k] -= avoid_w[s] * pen
        k = _choose(lw, n_cand[s], u, w)
        r0, c0 = _cell(x[i], y[i], x0, y0, res, nrows, ncols)
        if k < 0:
            heading[i] += math.pi
            continue
        heading[i] += turns[j, k]
        x[i] += steps[j, k] * math.cos(heading[i])
        y[i] += steps[j, k] * math.sin(heading[i])
        r1, c1 = _cell(x[i], y[i], x0, y0, res, nrows, ncols)
        if r1 >= 0 and road[r1, c1] and not (r0 >= 0 and road[r0, c0]):
            road_cross[i] += 1
        if enc_r[s] > 0.0:
            _, t = _tiger_near(x[i], y[i], tx, ty, x0, y0, cell_m, ncx, ncy, head, nxt, enc_r[s])
            if t >= 0:
                tiger_enc[i] += 1
    for c in used:
        head[c] = -1


@njit(cache=True)
def _follow_and_record(k, movers, cubs, mothers, x, y, xs_out, ys_out):
    for j in range(cubs.shape[0]):
        c = cubs[j]
        angle = 2.0 * math.pi * (c % 7) / 7.0
        x[c] = x[mothers[j]] + CUB_OFFSET_M * math.cos(angle)
        y[c] = y[mothers[j]] + CUB_OFFSET_M * math.sin(angle)
    n_m = movers.shape[0]
    for j in range(n_m):
        xs_out[k, j] = x[movers[j]]
        ys_out[k, j] = y[movers[j]]
    for j in range(cubs.shape[0]):
        xs_out[k, n_m + j] = x[cubs[j]]
        ys_out[k, n_m + j] = y[cubs[j]]


@njit(cache=True)
def move_ticks(
    rng,
    n_ticks,
    tick0,
    tick_min,
    movers,
    cubs,
    mothers,
    x,
    y,
    heading,
    acx,
    acy,
    sigma,
    step_mean,
    species,
    pref,
    road,
    grid,
    activity,
    shape,
    turn_sd,
    n_cand,
    avoid_r,
    avoid_w,
    enc_r,
    tiger_enc,
    road_cross,
    xs_out,
    ys_out,
):
    """Advance ``n_ticks`` ticks in place (numba kernel; prior validation assumed).

    Arrays indexed by animal row: ``x, y, heading, acx, acy, sigma, step_mean, species`` and the
    counters ``tiger_enc, road_cross``. Arrays indexed by species code: ``activity`` (24 hourly
    probabilities), ``shape`` (integer Erlang shape of step lengths: a sum of ``shape``
    exponentials), ``turn_sd, n_cand, avoid_r, avoid_w, enc_r``. ``grid`` is
    ``(x0_m, y0_m, resolution_m, nrows, ncols)``; ``pref`` is ``(n_species, nrows, ncols)`` log
    preference with :data:`IMPASSABLE` where animals cannot go; ``road`` a bool raster.
    Positions of movers then cubs, before the first tick and after each, go to ``xs_out, ys_out``
    (shape ``(n_ticks + 1, len(movers) + len(cubs))``).
    """
    x0, y0, res, nrows, ncols = grid
    cell_m = max(avoid_r.max(), enc_r.max(), 1.0)
    ncx = int(ncols * res // cell_m) + 2
    ncy = int(nrows * res // cell_m) + 2
    hashing = (
        x.copy(),
        y.copy(),
        cell_m,
        ncx,
        ncy,
        np.full(ncx * ncy, -1, dtype=np.int64),
        np.full(x.shape[0], -1, dtype=np.int64),
    )
    n_m = movers.shape[0]
    k_max = n_cand.max()
    work = (
        np.empty(n_m, dtype=np.bool_),
        np.zeros((n_m, k_max)),
        np.zeros((n_m, k_max)),
        np.empty(k_max),
        np.empty(k_max),
    )
    _follow_and_record(0, movers, cubs, mothers, x, y, xs_out, ys_out)
    for k in range(n_ticks):
        hour = int(((tick0 + k) * tick_min) // 60.0) % 24
        _one_tick(
            rng,
            hour,
            movers,
            x,
            y,
            heading,
            acx,
            acy,
            sigma,
            step_mean,
            species,
            pref,
            road,
            grid,
            activity,
            shape,
            turn_sd,
            n_cand,
            avoid_r,
            avoid_w,
            enc_r,
            hashing,
            work,
            tiger_enc,
            road_cross,
        )
        _follow_and_record(k + 1, movers, cubs, mothers, x, y, xs_out, ys_out)
