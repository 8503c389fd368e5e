"""Movement kernel: 15-min ticks of every free-moving animal, as a step-selection process.

Each active animal draws ``K`` candidate steps (Erlang step length, wrapped-normal turn from
its last heading, so steps are correlated) and picks one with probability proportional to
``exp(preference(end) - |end - centre|^2 / (2 sigma^2) - w * tiger_nearness(end))``: habitat
selection, trails and forest roads, avoidance of villages (all in the preference raster),
attraction to the activity centre (home-range behaviour) and, for leopards, avoidance of tigers.
Inactive animals (by the species' hourly activity profile) stay put; dependent cubs travel with
their mother.

Each animal first gathers the tigers that can be within reach of any of its candidates this tick
(one bucket scan instead of one per candidate, in the same order, so the sums are the same).

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
ROAD = 1
"""Bit of the ``features`` raster marking road cells."""
TRAIL = 2
"""Bit of the ``features`` raster marking forest-trail cells."""


@njit(cache=True, error_model="numpy", inline="always")
def _cell(x, y, x0, y0, res, nrows, ncols):
    col = int(math.floor((x - x0) / res))
    row = int(math.floor((y - y0) / res))
    if row < 0 or col < 0 or row >= nrows or col >= ncols:
        return -1, -1
    return row, col


@njit(cache=True, error_model="numpy")
def _link_tigers(tx, ty, species, movers, x0, y0, cell_m, ncx, ncy, head, nxt, used):
    """Link every tiger into the bucket of its grid cell; the buckets used go to ``used``."""
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
    return n_used


@njit(cache=True, error_model="numpy", inline="always")
def _gather_tigers(px, py, reach_m, tx, ty, x0, y0, cell_m, ncx, ncy, head, nxt, near):
    """Tigers within ``reach_m`` of a point into ``near`` in bucket scan order; their count.

    Buckets are scanned row by row, each in its link order, so a later sum over ``near`` adds the
    same tigers in the same order as a scan of the buckets around any point within reach.
    """
    gx0 = max(int((px - reach_m - x0) // cell_m), 0)
    gx1 = min(int((px + reach_m - x0) // cell_m), ncx - 1)
    gy0 = max(int((py - reach_m - y0) // cell_m), 0)
    gy1 = min(int((py + reach_m - y0) // cell_m), ncy - 1)
    r2 = reach_m * reach_m
    n = 0
    for gy in range(gy0, gy1 + 1):
        for gx in range(gx0, gx1 + 1):
            t = head[gy * ncx + gx]
            while t >= 0:
                dx, dy = tx[t] - px, ty[t] - py
                if dx * dx + dy * dy <= r2:
                    near[n] = t
                    n += 1
                t = nxt[t]
    return n


@njit(cache=True, error_model="numpy", inline="always")
def _tiger_near(px, py, tx, ty, near, n_near, radius_m):
    """Sum of (1 - d / radius) over the gathered tigers within ``radius_m``, and the nearest."""
    total = 0.0
    nearest = -1
    best = radius_m
    r2 = radius_m * radius_m * (1.0 + 1e-9)  # a hair wide: hypot's rounding decides the edge
    for q in range(n_near):
        t = near[q]
        dx, dy = tx[t] - px, ty[t] - py
        if dx * dx + dy * dy >= r2:  # cheap test first; hypot only for the near ones
            continue
        d = math.hypot(dx, dy)
        if d < radius_m:
            total += 1.0 - d / radius_m
            if d < best:
                best = d
                nearest = t
    return total, nearest


@njit(cache=True, error_model="numpy", inline="always")
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


@njit(cache=True, error_model="numpy", inline="always")
def _draw(rng, hour, movers, species, step_mean, behaviour, work):
    """Draw this tick's random numbers in the documented order (activity, turns, step lengths)."""
    activity, shape, turn_sd, n_cand = behaviour[0], behaviour[1], behaviour[2], behaviour[3]
    active, turns, steps = work[0], work[1], work[2]
    n_m = movers.shape[0]
    for j in range(n_m):
        active[j] = rng.random() < activity[species[movers[j]], hour]
    for j in range(n_m):
        if active[j]:
            s = species[movers[j]]
            for k in range(n_cand[s]):
                turns[j, k] = rng.normal(0.0, turn_sd[s])
    for j in range(n_m):
        if active[j]:
            s = species[movers[j]]
            scale = -step_mean[movers[j]] / shape[s]
            for k in range(n_cand[s]):
                product = 1.0
                for _ in range(shape[s]):
                    product *= 1.0 - rng.random()
                steps[j, k] = scale * math.log(product)


@njit(cache=True, error_model="numpy", inline="always")
def _near_tigers(i, j, s, animals, land, behaviour, hashing, work):
    """Gather the tigers that can matter to animal ``i`` this tick; their count.

    A tiger matters if it may lie within the avoidance radius of a candidate's end or within the
    encounter radius of where the animal lands: within that radius, plus the longest candidate
    step, plus the shift onto a trail's centre line, of the animal's position.
    """
    x, y = animals[0], animals[1]
    res = land[2][2]
    n_cand, avoid_r, avoid_w, enc_r, trail_snap = (
        behaviour[3],
        behaviour[4],
        behaviour[5],
        behaviour[6],
        behaviour[7],
    )
    tx, ty, cell_m, ncx, ncy, head, nxt, near = hashing
    x0, y0 = land[2][0], land[2][1]
    radius = max(avoid_r[s] if avoid_w[s] != 0.0 else 0.0, enc_r[s])
    if radius <= 0.0:
        return 0
    steps = work[2]
    reach = 0.0
    for k in range(n_cand[s]):
        reach = max(reach, steps[j, k])
    reach += radius + (res if trail_snap[s] else 0.0) + 1.0
    return _gather_tigers(x[i], y[i], reach, tx, ty, x0, y0, cell_m, ncx, ncy, head, nxt, near)


@njit(cache=True, error_model="numpy", inline="always")
def _weigh(i, j, s, animals, land, behaviour, hashing, work, n_near):
    """Log-weights of animal ``i``'s candidate steps into ``work[3]``, their ends and cells."""
    x, y, heading, acx, acy, sigma = (
        animals[0],
        animals[1],
        animals[2],
        animals[3],
        animals[4],
        animals[5],
    )
    pref, grid = land[0], land[2]
    x0, y0, res, nrows, ncols = grid
    n_cand, avoid_r, avoid_w = behaviour[3], behaviour[4], behaviour[5]
    tx, ty, near = hashing[0], hashing[1], hashing[7]
    turns, steps, lw = work[1], work[2], work[3]
    ends_x, ends_y, ends_cell = work[5], work[6], work[7]
    inv2s2 = 0.5 / (sigma[i] * sigma[i])
    for k in range(n_cand[s]):
        h = heading[i] + turns[j, k]
        ex = x[i] + steps[j, k] * math.cos(h)
        ey = y[i] + steps[j, k] * math.sin(h)
        ends_x[k], ends_y[k] = ex, ey
        row, col = _cell(ex, ey, x0, y0, res, nrows, ncols)
        ends_cell[k, 0], ends_cell[k, 1] = row, col
        if row < 0 or pref[s, row, col] <= IMPASSABLE:
            lw[k] = IMPASSABLE
            continue
        lw[k] = pref[s, row, col] - ((ex - acx[i]) ** 2 + (ey - acy[i]) ** 2) * inv2s2
        if avoid_w[s] != 0.0 and n_near > 0:
            pen, _ = _tiger_near(ex, ey, tx, ty, near, n_near, avoid_r[s])
            lw[k] -= avoid_w[s] * pen


@njit(cache=True, error_model="numpy", inline="always")
def _step(i, j, s, k, animals, counters, land, behaviour, hashing, work, n_near):
    """Move animal ``i`` to candidate ``k``'s end (onto a trail's centre line); count events."""
    x, y, heading = animals[0], animals[1], animals[2]
    features, grid = land[1], land[2]
    x0, y0, res, nrows, ncols = grid
    enc_r, trail_snap = behaviour[6], behaviour[7]
    tx, ty, near = hashing[0], hashing[1], hashing[7]
    r0, c0 = _cell(x[i], y[i], x0, y0, res, nrows, ncols)
    heading[i] += work[1][j, k]
    x[i], y[i] = work[5][k], work[6][k]
    r1, c1 = work[7][k, 0], work[7][k, 1]
    if r1 >= 0 and trail_snap[s] and features[r1, c1] & TRAIL:
        x[i] = x0 + (c1 + 0.5) * res
        y[i] = y0 + (r1 + 0.5) * res
    if r1 >= 0 and features[r1, c1] & ROAD and not (r0 >= 0 and features[r0, c0] & ROAD):
        counters[1][i] += 1
    if enc_r[s] > 0.0 and n_near > 0:
        _, t = _tiger_near(x[i], y[i], tx, ty, near, n_near, enc_r[s])
        if t >= 0:
            counters[0][i] += 1


# Compiled without numba's runtime (NRT): a tick allocates nothing and its caller holds every
# array. With the runtime, each array the inlined helpers unpack costs an atomic incref/decref
# pair per animal that numba cannot prune across their branches: a third of a tick's time.
@njit(cache=True, error_model="numpy", _nrt=False)  # type: ignore[call-overload]
def _one_tick(rng, hour, movers, animals, counters, land, behaviour, hashing, work):
    """One tick of every mover (tiger positions for avoidance are those at the tick's start)."""
    x, y, heading, species = animals[0], animals[1], animals[2], animals[7]
    x0, y0 = land[2][0], land[2][1]
    tx, ty, cell_m, ncx, ncy, head, nxt, _ = hashing
    n_m = movers.shape[0]
    for j in range(n_m):
        tx[movers[j]] = x[movers[j]]
        ty[movers[j]] = y[movers[j]]
    used = work[8]
    n_used = _link_tigers(tx, ty, species, movers, x0, y0, cell_m, ncx, ncy, head, nxt, used)
    _draw(rng, hour, movers, species, animals[6], behaviour, work)
    n_cand = behaviour[3]
    for j in range(n_m):
        if not work[0][j]:
            continue
        i = movers[j]
        s = species[i]
        u = rng.random()
        n_near = _near_tigers(i, j, s, animals, land, behaviour, hashing, work)
        _weigh(i, j, s, animals, land, behaviour, hashing, work, n_near)
        k = _choose(work[3], n_cand[s], u, work[4])
        if k < 0:
            heading[i] += math.pi
        else:
            _step(i, j, s, k, animals, counters, land, behaviour, hashing, work, n_near)
    for c in range(n_used):
        head[used[c]] = -1


@njit(cache=True, error_model="numpy")
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


@njit(cache=True, error_model="numpy")
def move_ticks(rng, n_ticks, tick0, tick_min, movers, cubs, mothers, animals, counters, land,
               behaviour, xs_out, ys_out):  # fmt: skip
    """Advance ``n_ticks`` ticks in place (numba kernel; prior validation assumed).

    ``animals = (x, y, heading, acx, acy, sigma, step_mean, species)`` and
    ``counters = (tiger_encounters, road_crossings)`` are indexed by animal row;
    ``land = (pref, features, grid)``: ``pref`` ``(n_species, nrows, ncols)`` log preference with
    :data:`IMPASSABLE` where animals cannot go, ``features`` a uint8 raster of :data:`ROAD` and
    :data:`TRAIL` bits, ``grid = (x0_m, y0_m, resolution_m, nrows, ncols)``;
    ``behaviour = (activity, shape, turn_sd, n_cand, avoid_r, avoid_w, enc_r, trail_snap)`` is
    indexed by species code: 24 hourly activity probabilities, integer Erlang shape of step
    lengths, turning sd (rad), candidates, tiger-avoidance radius (m) and weight, encounter radius
    (m), and whether steps onto a trail cell follow its centre line. Positions of movers then cubs,
    before the first tick and after each, go to ``xs_out, ys_out``
    (shape ``(n_ticks + 1, len(movers) + len(cubs))``).
    """
    x, y = animals[0], animals[1]
    grid = land[2]
    nrows, ncols, res = grid[3], grid[4], grid[2]
    cell_m = max(behaviour[4].max(), behaviour[6].max(), 1.0)
    ncx = int(ncols * res // cell_m) + 2
    ncy = int(nrows * res // cell_m) + 2
    # tigers' positions at the tick's start, their bucket grid (cell m, size, heads, links), the
    # tigers one animal gathers
    n_rows = x.shape[0]
    hashing = (x.copy(), y.copy(), cell_m, ncx, ncy, np.full(ncx * ncy, -1, dtype=np.int64),
               np.full(n_rows, -1, dtype=np.int64), np.empty(n_rows, dtype=np.int64))  # fmt: skip
    n_m = movers.shape[0]
    k_max = behaviour[3].max()
    # active flags, turns, step lengths (per mover and candidate); one animal's log-weights,
    # weights, candidate ends (m) and their cells; the buckets the tick's tigers use
    work = (np.empty(n_m, dtype=np.bool_), np.zeros((n_m, k_max)), np.zeros((n_m, k_max)),
            np.empty(k_max), np.empty(k_max), np.empty(k_max), np.empty(k_max),
            np.empty((k_max, 2), dtype=np.int64), np.empty(n_m, dtype=np.int64))  # fmt: skip
    _follow_and_record(0, movers, cubs, mothers, x, y, xs_out, ys_out)
    for k in range(n_ticks):
        hour = int(((tick0 + k) * tick_min) // 60.0) % 24
        _one_tick(rng, hour, movers, animals, counters, land, behaviour, hashing, work)
        _follow_and_record(k + 1, movers, cubs, mothers, x, y, xs_out, ys_out)
