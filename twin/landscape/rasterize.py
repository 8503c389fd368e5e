"""Burn vector shapes (polylines, discs) into boolean rasters."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from twin.landscape.lattice import Lattice


def polyline_mask(lattice: Lattice, polylines_m: Sequence[np.ndarray]) -> np.ndarray:
    """Cells crossed by any of the ``(n, 2)`` polylines (m): a 4-connected chain per line.

    Each segment is cut where it crosses grid lines; the middle of every piece marks its cell,
    so no cell the line passes through is missed.
    """
    mask = np.zeros(lattice.shape, dtype=bool)
    segments = [
        np.stack([p[:-1], p[1:]], axis=1) for p in map(np.asarray, polylines_m) if len(p) > 1
    ]
    if not segments:
        return mask
    origin = np.array([lattice.x0_m, lattice.y0_m])
    starts, ends = (np.concatenate(segments).transpose(1, 0, 2) - origin) / lattice.spacing_m
    steps = ends - starts
    seg_ids = [np.arange(len(starts))] * 2
    params = [np.zeros(len(starts)), np.ones(len(starts))]
    for axis in (0, 1):
        low = np.floor(np.minimum(starts[:, axis], ends[:, axis]))
        count = (np.floor(np.maximum(starts[:, axis], ends[:, axis])) - low).astype(np.intp)
        seg = np.repeat(np.arange(len(starts)), count)
        line = low[seg] + 1 + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        seg_ids.append(seg)
        params.append((line - starts[seg, axis]) / steps[seg, axis])
    seg, t = np.concatenate(seg_ids), np.concatenate(params)
    order = np.lexsort((t, seg))
    seg, t = seg[order], t[order]
    same = seg[1:] == seg[:-1]
    mid, seg = 0.5 * (t[1:] + t[:-1])[same], seg[1:][same]
    cells = starts[seg] + mid[:, None] * steps[seg]
    _mark(mask, lattice, cells * lattice.spacing_m + origin)
    return mask


def disc_mask(lattice: Lattice, centres_m: np.ndarray, radii_m: np.ndarray) -> np.ndarray:
    """Cells whose centre lies within a disc, plus the cell holding each disc centre."""
    mask = np.zeros(lattice.shape, dtype=bool)
    x, y = lattice.centre_axes()
    for (cx, cy), radius in zip(np.asarray(centres_m), np.asarray(radii_m), strict=True):
        inside_x = np.abs(x - cx) <= radius
        inside_y = np.abs(y - cy) <= radius
        window = np.ix_(inside_y, inside_x)
        near = np.hypot(x[inside_x][None, :] - cx, y[inside_y][:, None] - cy) <= radius
        mask[window] |= near
    _mark(mask, lattice, np.asarray(centres_m, dtype=float).reshape(-1, 2))
    return mask


def _mark(mask: np.ndarray, lattice: Lattice, points: np.ndarray) -> None:
    """Set the cells holding ``points`` (m); points off the lattice are ignored."""
    cols = np.floor((points[:, 0] - lattice.x0_m) / lattice.spacing_m).astype(np.intp)
    rows = np.floor((points[:, 1] - lattice.y0_m) / lattice.spacing_m).astype(np.intp)
    keep = (rows >= 0) & (rows < lattice.nrows) & (cols >= 0) & (cols < lattice.ncols)
    mask[rows[keep], cols[keep]] = True
