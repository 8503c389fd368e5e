"""Who meets whom within a tick: numba kernels with pure-numpy twins in ``encounters_reference``.

Both kernels treat positions as moving linearly during a tick:

- :func:`moving_encounters`: closest approach of two moving points (poacher and cat, ranger and
  poacher) during each tick, on a common tick grid;
- :func:`segment_point_hits`: closest approach of moving points (a cat, a ranger) to fixed points
  (snares), with the points hashed on a grid so that each segment looks only at nearby points.

Each returns the tick ``k``, the indices, and ``s`` in ``[0, 1]``: the fraction of the tick at the
closest approach (its time is ``t0 + (k + s) * tick_min``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit


class Meetings(NamedTuple):
    """Closest approaches within a radius: tick ``k``, indices ``i``/``j`` and fraction ``s``."""

    k: np.ndarray
    i: np.ndarray
    j: np.ndarray
    s: np.ndarray


def _empty() -> Meetings:
    z = np.zeros(0, dtype=np.int64)
    return Meetings(z, z.copy(), z.copy(), np.zeros(0))


@njit(cache=True)
def _closest(dx0, dy0, dx1, dy1):
    """Fraction ``s`` in [0, 1] and squared length of the shortest ``d0 + s (d1 - d0)``."""
    vx, vy = dx1 - dx0, dy1 - dy0
    vv = vx * vx + vy * vy
    s = 0.0
    if vv > 0.0:
        s = -(dx0 * vx + dy0 * vy) / vv
        s = min(max(s, 0.0), 1.0)
    ex, ey = dx0 + s * vx, dy0 + s * vy
    return s, ex * ex + ey * ey


@njit(cache=True)
def _moving_kernel(ax, ay, bx, by, radius, out_k, out_i, out_j, out_s):
    """Fill the outputs with every (tick, a, b) closest approach within ``radius``; return count."""
    cap = out_k.shape[0]
    r2 = radius * radius
    n = 0
    for k in range(ax.shape[0] - 1):
        for i in range(ax.shape[1]):
            for j in range(bx.shape[1]):
                dx0 = ax[k, i] - bx[k, j]
                dx1 = ax[k + 1, i] - bx[k + 1, j]
                if (dx0 > radius and dx1 > radius) or (dx0 < -radius and dx1 < -radius):
                    continue
                dy0 = ay[k, i] - by[k, j]
                dy1 = ay[k + 1, i] - by[k + 1, j]
                s, d2 = _closest(dx0, dy0, dx1, dy1)
                if d2 <= r2:
                    if n < cap:
                        out_k[n], out_i[n], out_j[n], out_s[n] = k, i, j, s
                    n += 1
    return n


def moving_encounters(
    ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray, radius_m: float
) -> Meetings:
    """Ticks in which mover ``i`` of A and mover ``j`` of B come within ``radius_m`` (m).

    Parameters
    ----------
    ax, ay
        Positions of group A, ``(n_ticks + 1, n_a)`` (m).
    bx, by
        Positions of group B on the same ticks, ``(n_ticks + 1, n_b)`` (m).
    radius_m
        Encounter radius (m).

    Returns
    -------
    Meetings
        Sorted by tick, then ``i``, then ``j``.
    """
    if ax.shape[0] < 2 or ax.shape[1] == 0 or bx.shape[1] == 0:
        return _empty()
    a_x, a_y, b_x, b_y = (np.ascontiguousarray(a, dtype=np.float64) for a in (ax, ay, bx, by))
    cap = 64
    while True:
        k, i, j = np.empty(cap, np.int64), np.empty(cap, np.int64), np.empty(cap, np.int64)
        s = np.empty(cap)
        n = _moving_kernel(a_x, a_y, b_x, b_y, float(radius_m), k, i, j, s)
        if n <= cap:
            return Meetings(k[:n], i[:n], j[:n], s[:n])
        cap = n


@njit(cache=True)
def _hash_kernel(px, py, cell):
    """Points on a grid of side ``cell`` from their minimum: ``(gx0, gy0, ncx, ncy)``, and the
    points of cell ``h`` (row-major) as ``order[start[h]:start[h + 1]]``, in index order."""
    gx0, gy0 = px.min(), py.min()
    ncx = int((px.max() - gx0) // cell) + 1
    ncy = int((py.max() - gy0) // cell) + 1
    h = np.empty(px.shape[0], np.int64)
    start = np.zeros(ncx * ncy + 1, np.int64)
    for p in range(px.shape[0]):
        h[p] = int((py[p] - gy0) // cell) * ncx + int((px[p] - gx0) // cell)
        start[h[p] + 1] += 1
    for c in range(ncx * ncy):
        start[c + 1] += start[c]
    fill = start[:-1].copy()
    order = np.empty(px.shape[0], np.int64)
    for p in range(px.shape[0]):
        order[fill[h[p]]] = p
        fill[h[p]] += 1
    return (gx0, gy0, ncx, ncy), start, order


@njit(cache=True)
def _cell_range(lo, hi, g0, cell, n):
    """Cells ``first..last`` (clamped to ``0..n - 1``) of a grid axis that ``[lo, hi]`` meets."""
    return max(int(np.floor((lo - g0) / cell)), 0), min(int(np.floor((hi - g0) / cell)), n - 1)


@njit(cache=True)
def _near_movers(xs, ys, radius, grid, cell, start):
    """Whether the box around each mover's whole track, widened by ``radius``, meets a cell
    that holds a point (the others cannot pass one)."""
    gx0, gy0, ncx, ncy = grid
    lo_x, hi_x, lo_y, hi_y = xs[0].copy(), xs[0].copy(), ys[0].copy(), ys[0].copy()
    for k in range(1, xs.shape[0]):
        for j in range(xs.shape[1]):
            lo_x[j], hi_x[j] = min(lo_x[j], xs[k, j]), max(hi_x[j], xs[k, j])
            lo_y[j], hi_y[j] = min(lo_y[j], ys[k, j]), max(hi_y[j], ys[k, j])
    near = np.zeros(xs.shape[1], np.bool_)
    for j in range(xs.shape[1]):
        c0, c1 = _cell_range(lo_x[j] - radius, hi_x[j] + radius, gx0, cell, ncx)
        r0, r1 = _cell_range(lo_y[j] - radius, hi_y[j] + radius, gy0, cell, ncy)
        for r in range(r0, r1 + 1):  # the row's cells c0..c1 are consecutive in ``start``
            near[j] |= c0 <= c1 and start[r * ncx + c1 + 1] > start[r * ncx + c0]
    return near


@njit(cache=True)
def _segment_kernel(xs, ys, px, py, radius, cell, out_k, out_j, out_p, out_s):
    """Fill the outputs with every (tick, mover, point) within ``radius``; return the count."""
    grid, start, order = _hash_kernel(px, py, cell)
    gx0, gy0, ncx, ncy = grid
    near = _near_movers(xs, ys, radius, grid, cell, start)
    cap = out_k.shape[0]
    r2 = radius * radius
    n = 0
    for k in range(xs.shape[0] - 1):
        for j in range(xs.shape[1]):
            x0, y0, x1, y1 = xs[k, j], ys[k, j], xs[k + 1, j], ys[k + 1, j]
            if not near[j] or (x0 == x1 and y0 == y1):
                continue
            c0, c1 = _cell_range(min(x0, x1) - radius, max(x0, x1) + radius, gx0, cell, ncx)
            r0, r1 = _cell_range(min(y0, y1) - radius, max(y0, y1) + radius, gy0, cell, ncy)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    h = r * ncx + c
                    for q in range(start[h], start[h + 1]):
                        p = order[q]
                        s, d2 = _closest(x0 - px[p], y0 - py[p], x1 - px[p], y1 - py[p])
                        if d2 <= r2:
                            if n < cap:
                                out_k[n], out_j[n], out_p[n], out_s[n] = k, j, p, s
                            n += 1
    return n


def segment_point_hits(
    xs: np.ndarray,
    ys: np.ndarray,
    px: np.ndarray,
    py: np.ndarray,
    radius_m: float,
    cell_m: float = 500.0,
) -> Meetings:
    """Ticks in which mover ``i`` passes within ``radius_m`` of fixed point ``j``.

    Movers that stand still during a tick pass nothing.

    Parameters
    ----------
    xs, ys
        Mover positions ``(n_ticks + 1, n_movers)`` (m).
    px, py
        Fixed points (m).
    radius_m
        Reach of a point (m).
    cell_m
        Side of the hashing grid (m); any positive value gives the same result.

    Returns
    -------
    Meetings
        ``i`` indexes movers, ``j`` points; sorted by tick, then mover, then point.
    """
    if xs.shape[0] < 2 or xs.shape[1] == 0 or len(px) == 0:
        return _empty()
    px = np.ascontiguousarray(px, dtype=np.float64)
    py = np.ascontiguousarray(py, dtype=np.float64)
    cell = max(float(cell_m), float(radius_m))
    mx, my = (np.ascontiguousarray(a, dtype=np.float64) for a in (xs, ys))
    cap = 64
    while True:
        k, i, j = np.empty(cap, np.int64), np.empty(cap, np.int64), np.empty(cap, np.int64)
        s = np.empty(cap)
        n = _segment_kernel(mx, my, px, py, float(radius_m), cell, k, i, j, s)
        if n == 0:  # the usual case: no mover passes a point
            return _empty()
        if n <= cap:
            sort = np.lexsort((j[:n], i[:n], k[:n]))
            return Meetings(k[:n][sort], i[:n][sort], j[:n][sort], s[:n][sort])
        cap = n
