"""Pure-numpy reference for segment entries into circular sectors, used to test the kernels.

It works differently from :mod:`twin.cameras.geometry_kernels` on purpose: a segment that
starts strictly outside a sector enters it at its first crossing of the boundary, so the entry
is the smallest ``s`` in [0, 1] among the segment's crossings of the arc (circle points within
the opening angle) and of the two radial edges (edge points within the radius).
"""

from __future__ import annotations

import numpy as np

from twin.cameras.geometry_kernels import NO_ENTRY


def entry_params_reference(
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    cam_x_m: np.ndarray,
    cam_y_m: np.ndarray,
    heading_rad: np.ndarray,
    half_angle_rad: np.ndarray,
    radius_m: np.ndarray,
) -> np.ndarray:
    """Entry fraction of every segment (rows) into every sector (columns).

    Parameters
    ----------
    x0, y0, x1, y1
        Segment ends, metres, shape (n,).
    cam_x_m, cam_y_m, heading_rad, half_angle_rad, radius_m
        Sector apexes (m), axes (rad, counter-clockwise from east), half openings (rad) and
        radii (m), shape (m,).

    Returns
    -------
    numpy.ndarray
        Shape (n, m): the fraction of the segment in (0, 1] where it enters, or ``NO_ENTRY``.
    """
    ax, ay = x0[:, None] - cam_x_m, y0[:, None] - cam_y_m
    vx, vy = (x1 - x0)[:, None], (y1 - y0)[:, None]
    heading, half, r = heading_rad[None, :], half_angle_rad[None, :], radius_m[None, :]
    best = np.full(ax.shape, np.inf)
    for s in _circle_crossings(ax, ay, vx, vy, r):
        on_arc = _within_opening(ax + s * vx, ay + s * vy, heading, half)
        best = np.where(on_arc & (s >= 0) & (s <= 1) & (s < best), s, best)
    for edge in (heading - half, heading + half):
        s, t = _edge_crossing(ax, ay, vx, vy, np.cos(edge), np.sin(edge))
        hit = (s >= 0) & (s <= 1) & (t >= 0) & (t <= r)
        best = np.where(hit & (s < best), s, best)
    starts_inside = (np.hypot(ax, ay) <= r) & _within_opening(ax, ay, heading, half)
    enters = np.isfinite(best) & ~starts_inside & (best > 0)
    return np.where(enters, best, NO_ENTRY)


def _circle_crossings(
    ax: np.ndarray, ay: np.ndarray, vx: np.ndarray, vy: np.ndarray, r: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Both roots of ``|A + s V| = r`` (NaN where the line misses the circle)."""
    a = vx * vx + vy * vy
    b = ax * vx + ay * vy
    disc = b * b - a * (ax * ax + ay * ay - r * r)
    with np.errstate(invalid="ignore", divide="ignore"):
        root = np.sqrt(np.where(disc >= 0, disc, np.nan))
        return (-b - root) / a, (-b + root) / a


def _within_opening(
    dx: np.ndarray, dy: np.ndarray, heading: np.ndarray, half: np.ndarray
) -> np.ndarray:
    """Whether the direction ``(dx, dy)`` from the apex is within ``half`` of the axis."""
    hx, hy = np.cos(heading), np.sin(heading)
    angle = np.arctan2(hx * dy - hy * dx, hx * dx + hy * dy)
    return np.abs(angle) <= half


def _edge_crossing(
    ax: np.ndarray, ay: np.ndarray, vx: np.ndarray, vy: np.ndarray, ux: np.ndarray, uy: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``A + s V = t U`` for the segment fraction ``s`` and edge distance ``t``."""
    denom = vx * uy - vy * ux
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (ay * ux - ax * uy) / denom
        t = (ay * vx - ax * vy) / denom
    return s, t
