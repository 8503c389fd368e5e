"""Pure-numpy twins of the encounter kernels in :mod:`twin.threats.encounters` (for tests)."""

from __future__ import annotations

import numpy as np

from twin.threats.encounters import Meetings


def _closest(dx0, dy0, dx1, dy1):
    vx, vy = dx1 - dx0, dy1 - dy0
    vv = vx * vx + vy * vy
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(vv > 0, -(dx0 * vx + dy0 * vy) / np.where(vv > 0, vv, 1.0), 0.0)
    s = np.clip(s, 0.0, 1.0)
    return s, (dx0 + s * vx) ** 2 + (dy0 + s * vy) ** 2


def moving_encounters_reference(ax, ay, bx, by, radius_m) -> Meetings:
    """All pairs, all ticks, no pruning: same result as :func:`moving_encounters`."""
    d = [a[:, :, None] - b[:, None, :] for a, b in ((ax, bx), (ay, by))]
    s, d2 = _closest(d[0][:-1], d[1][:-1], d[0][1:], d[1][1:])
    k, i, j = np.nonzero(d2 <= radius_m**2)
    return Meetings(k, i, j, s[k, i, j])


def segment_point_hits_reference(xs, ys, px, py, radius_m) -> Meetings:
    """All segments against all points: same result as :func:`segment_point_hits`."""
    dx = xs[:, :, None] - np.asarray(px)[None, None, :]
    dy = ys[:, :, None] - np.asarray(py)[None, None, :]
    s, d2 = _closest(dx[:-1], dy[:-1], dx[1:], dy[1:])
    moved = (xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])
    k, i, j = np.nonzero((d2 <= radius_m**2) & moved[:, :, None])
    return Meetings(k, i, j, s[k, i, j])
