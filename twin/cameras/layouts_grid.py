"""Station positions on regular lattices: square, hexagonal and clustered grids.

Lattices are anchored at the centre of the study area's bounding box plus ``origin_offset_m``
and rotated by ``rotation_deg`` about that anchor. Nodes outside the allowed cells are dropped.
Given a count instead of a spacing, :func:`solve_spacing` finds the widest spacing at which
enough nodes fit, and :func:`nearest_centre` keeps the wanted number nearest the anchor.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.spatial import cKDTree

from twin.cameras.layouts_area import StudyArea

BISECTION_STEPS = 40
JITTER_TRIES = 20


def lattice(
    kind: str, anchor_m: tuple[float, float], reach_m: float, spacing_m: float, rotation_rad: float
) -> np.ndarray:
    """``(n, 2)`` nodes (m) of a square or hex lattice covering a disc of radius ``reach_m``."""
    row_step = spacing_m * (math.sqrt(3.0) / 2.0 if kind == "hex" else 1.0)
    n_cols = int(math.ceil(reach_m / spacing_m)) + 1
    n_rows = int(math.ceil(reach_m / row_step)) + 1
    i, j = np.meshgrid(np.arange(-n_cols, n_cols + 1), np.arange(-n_rows, n_rows + 1))
    u = (i + (0.5 * (j % 2) if kind == "hex" else 0.0)) * spacing_m
    v = j * row_step
    return _place(np.column_stack([u.ravel(), v.ravel()]), anchor_m, rotation_rad)


def cluster_offsets(cluster_size: int, within_spacing_m: float) -> np.ndarray:
    """``(k, 2)`` offsets (m) of a cluster's stations: a small square block, filled row-wise
    from the south-west, centred on the cluster centre."""
    side = int(math.ceil(math.sqrt(cluster_size)))
    k = np.arange(cluster_size)
    cols, rows = k % side, k // side
    offsets = np.column_stack([cols, rows]).astype(float) * within_spacing_m
    return offsets - offsets.mean(axis=0)


def clustered(
    anchor_m: tuple[float, float],
    reach_m: float,
    spacing_m: float,
    rotation_rad: float,
    offsets: np.ndarray,
) -> np.ndarray:
    """Stations (m) of clusters centred on a square lattice of side ``spacing_m``."""
    centres = lattice("square", (0.0, 0.0), reach_m, spacing_m, 0.0)
    nodes = (centres[:, None, :] + offsets[None, :, :]).reshape(-1, 2)
    return _place(nodes, anchor_m, rotation_rad)


def _place(uv: np.ndarray, anchor_m: tuple[float, float], rotation_rad: float) -> np.ndarray:
    """Rotate lattice coordinates counter-clockwise and move them to the anchor."""
    c, s = math.cos(rotation_rad), math.sin(rotation_rad)
    x = anchor_m[0] + c * uv[:, 0] - s * uv[:, 1]
    y = anchor_m[1] + s * uv[:, 0] + c * uv[:, 1]
    return np.column_stack([x, y])


def solve_spacing(
    count_at: Callable[[float], int], wanted: int, guess_m: float, floor_m: float
) -> float:
    """Widest spacing (m) at which ``count_at(spacing) >= wanted``, by bisection.

    Searches ``[max(guess_m / 8, floor_m), 8 guess_m]``; when even the narrowest spacing gives
    too few nodes it returns that spacing (and the caller applies the shortfall rule).
    """
    lo, hi = max(guess_m / 8.0, floor_m), 8.0 * guess_m
    if count_at(lo) < wanted:
        return lo
    if count_at(hi) >= wanted:
        return hi
    for _ in range(BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if count_at(mid) >= wanted else (lo, mid)
    return lo


def nearest_centre(points: np.ndarray, wanted: int, anchor_m: tuple[float, float]) -> np.ndarray:
    """Indices of the ``wanted`` points nearest the anchor, in their original order."""
    if points.shape[0] <= wanted:
        return np.arange(points.shape[0])
    distance = np.hypot(points[:, 0] - anchor_m[0], points[:, 1] - anchor_m[1])
    return np.sort(np.argsort(distance, kind="stable")[:wanted])


def thin_to_separation(points: np.ndarray, min_separation_m: float) -> np.ndarray:
    """Indices of points kept greedily in order, each at least ``min_separation_m`` from the
    points kept before it."""
    if min_separation_m <= 0 or points.shape[0] < 2:
        return np.arange(points.shape[0])
    tree = cKDTree(points)
    kept = np.zeros(points.shape[0], dtype=bool)
    for i, near in enumerate(tree.query_ball_point(points, min_separation_m * (1 - 1e-12))):
        kept[i] = not kept[near].any()
    return np.flatnonzero(kept)


def jitter(
    points: np.ndarray,
    jitter_m: float,
    area: StudyArea,
    min_separation_m: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Move each point uniformly within ``jitter_m``, to an allowed spot at least
    ``min_separation_m`` from the points already moved; a point whose tries all fail stays."""
    out = points.copy()
    if jitter_m <= 0:
        return out
    for i in range(points.shape[0]):
        radius = jitter_m * np.sqrt(rng.uniform(size=JITTER_TRIES))
        angle = rng.uniform(0.0, 2.0 * np.pi, JITTER_TRIES)
        tries = points[i] + np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        ok = area.allows(tries[:, 0], tries[:, 1])
        if i > 0 and min_separation_m > 0:
            gaps = np.hypot(*(tries[:, None, :] - out[None, :i, :]).transpose(2, 0, 1))
            ok &= gaps.min(axis=1) >= min_separation_m
        if ok.any():
            out[i] = tries[np.argmax(ok)]
    return out
