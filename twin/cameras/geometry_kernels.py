"""Numba kernels: where a segment enters a convex circular sector, for many segments and cameras.

Prior validation assumed (see :mod:`twin.cameras.geometry`). The pure-numpy twin is
:func:`twin.cameras.geometry_reference.entry_params_reference`; that of :func:`moved_segments` is
:func:`twin.cameras.geometry.moved_segments_reference`.

The sector is the disc ``|P - C| <= r`` intersected with the half-planes left of its right edge
(``cross(u_right, P - C) >= 0``) and right of its left edge (``cross(P - C, u_left) >= 0``).
Along the line ``P(s) = A + s V`` each constraint keeps an interval of ``s`` (Liang-Barsky
clipping); the intersection ``[lo, hi]`` is where the line is inside, and ``lo`` is where it
crosses the arc or a radial edge on the way in.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

NO_ENTRY = -1.0


@njit(cache=True)
def entry_param(ax, ay, vx, vy, sectors, j):
    """Fraction ``s`` in (0, 1] where segment ``A -> A + V`` enters sector ``j``, else -1.

    ``sectors`` is ``(m, 7)``: apex x, y, right edge unit vector x, y, left edge unit vector x,
    y, radius.
    """
    dx = ax - sectors[j, 0]
    dy = ay - sectors[j, 1]
    a = vx * vx + vy * vy
    if a == 0.0:
        return NO_ENTRY
    b = dx * vx + dy * vy
    disc = b * b - a * (dx * dx + dy * dy - sectors[j, 6] ** 2)
    if disc < 0.0:
        return NO_ENTRY
    root = math.sqrt(disc)
    lo = (-b - root) / a
    hi = (-b + root) / a
    if hi <= 0.0 or lo > 1.0:
        return NO_ENTRY
    rx, ry, lx, ly = sectors[j, 2], sectors[j, 3], sectors[j, 4], sectors[j, 5]
    lo, hi = _clip(rx * dy - ry * dx, rx * vy - ry * vx, lo, hi)
    lo, hi = _clip(dx * ly - dy * lx, vx * ly - vy * lx, lo, hi)
    if lo > hi or lo <= 0.0 or lo > 1.0:
        return NO_ENTRY
    return lo


@njit(cache=True)
def _clip(f0, df, lo, hi):
    """Restrict ``[lo, hi]`` to where ``f0 + s * df >= 0``."""
    if df > 0.0:
        lo = max(lo, -f0 / df)
    elif df < 0.0:
        hi = min(hi, -f0 / df)
    elif f0 < 0.0:
        return 1.0, 0.0
    return lo, hi


@njit(cache=True)
def _cell_range(lo, hi, origin, cell, ncells):
    """First and last grid cell covering ``[lo, hi]`` (first > last when outside)."""
    first = max(int(math.floor((lo - origin) / cell)), 0)
    last = min(int(math.floor((hi - origin) / cell)), ncells - 1)
    return first, last


@njit(cache=True)
def scan_indexed(segments, sectors, grid, cell_start, cell_cameras, first, seg, cam, frac):
    """Write hits ``(segment, camera, s)`` of segments ``first, first + 1, ...`` into the buffers.

    ``segments`` is ``(n, 4)``: x0, y0, x1, y1. ``sectors`` is ``(m, 7)``: apex x, y, right
    edge unit vector x, y, left edge unit vector x, y, radius. ``grid`` is ``(5,)``: west and
    south edges, cell side, ncols, nrows. Only cameras bucketed in the grid cells under a
    segment's bounding box, inflated by the largest radius, are tested; a single cell of
    infinite side tests every camera for every segment (the brute-force baseline).

    Returns ``(n, stop)``: the buffers hold ``n`` hits of segments ``first .. stop - 1``; when
    ``stop < len(segments)`` they were too small for segment ``stop``: grow them, resume there.
    """
    n = 0
    pad = sectors[:, 6].max() if sectors.shape[0] else 0.0
    ncols, nrows = int(grid[3]), int(grid[4])
    for k in range(first, segments.shape[0]):
        n_before = n
        ax, ay, bx, by = segments[k, 0], segments[k, 1], segments[k, 2], segments[k, 3]
        c_first, c_last = _cell_range(min(ax, bx) - pad, max(ax, bx) + pad, grid[0], grid[2], ncols)
        r_first, r_last = _cell_range(min(ay, by) - pad, max(ay, by) + pad, grid[1], grid[2], nrows)
        for row in range(r_first, r_last + 1):
            for c in range(row * ncols + c_first, row * ncols + c_last + 1):
                for p in range(cell_start[c], cell_start[c + 1]):
                    j = cell_cameras[p]
                    s = entry_param(ax, ay, bx - ax, by - ay, sectors, j)
                    if s > 0.0:
                        if n == seg.size:
                            return n_before, k
                        seg[n] = k
                        cam[n] = j
                        frac[n] = s
                        n += 1
    return n, segments.shape[0]


@njit(cache=True)
def moved_segments(xs, ys, counted):
    """The segments of a block of positions that move, in tick-major order.

    ``xs, ys`` are ``(n_ticks + 1, n)`` positions (m); ``counted`` ``(n_ticks,)`` flags the
    ticks whose segments are wanted. Returns each segment's tick ``(m,)``, column ``(m,)`` and
    ``x0, y0, x1, y1`` ``(m, 4)``: those of ``np.nonzero`` over the moved ticks and columns.
    """
    n_ticks, n = xs.shape[0] - 1, xs.shape[1]
    total = 0
    for k in range(n_ticks):
        if counted[k]:
            for j in range(n):
                if xs[k + 1, j] != xs[k, j] or ys[k + 1, j] != ys[k, j]:
                    total += 1
    tick = np.empty(total, dtype=np.int64)
    column = np.empty(total, dtype=np.int64)
    xy = np.empty((total, 4))
    m = 0
    for k in range(n_ticks):
        if not counted[k]:
            continue
        for j in range(n):
            if xs[k + 1, j] != xs[k, j] or ys[k + 1, j] != ys[k, j]:
                tick[m], column[m] = k, j
                xy[m, 0], xy[m, 1] = xs[k, j], ys[k, j]
                xy[m, 2], xy[m, 3] = xs[k + 1, j], ys[k + 1, j]
                m += 1
    return tick, column, xy
