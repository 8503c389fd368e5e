"""Burn vector shapes (polylines, discs) into boolean rasters."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from twin.landscape.lattice import Lattice


def polyline_mask(lattice: Lattice, polylines_m: Sequence[np.ndarray]) -> np.ndarray:
    """Cells crossed by any of the ``(n, 2)`` polylines (m).

    Each segment is sampled every quarter cell, so a line marks an 8-connected chain of cells.
    """
    mask = np.zeros(lattice.shape, dtype=bool)
    segments = [
        np.stack([p[:-1], p[1:]], axis=1) for p in map(np.asarray, polylines_m) if len(p) > 1
    ]
    if not segments:
        return mask
    starts, ends = np.concatenate(segments).transpose(1, 0, 2)
    lengths = np.hypot(*(ends - starts).T)
    counts = np.ceil(lengths / (0.25 * lattice.spacing_m)).astype(np.intp) + 1
    seg = np.repeat(np.arange(len(starts)), counts)
    first = np.cumsum(counts) - counts
    frac = (np.arange(counts.sum()) - first[seg]) / np.maximum(counts[seg] - 1, 1)
    points = starts[seg] + (ends[seg] - starts[seg]) * frac[:, None]
    _mark(mask, lattice, points)
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
