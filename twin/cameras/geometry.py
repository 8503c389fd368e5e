"""Passages of moving animals through cameras' sector-shaped detection zones.

A camera's detection zone is a closed circular sector: apex at the camera, radius ``radius_m``,
opening ``2 * half_angle_rad`` centred on ``heading_rad`` (radians counter-clockwise from east).
With ``half_angle_rad <= pi/2`` the sector is convex: the intersection of the disc with the two
half-planes bounded by its radial edges.

Movement arrives as straight segments ``(x0, y0) -> (x1, y1)`` travelled at constant speed over
``[t0_min, t1_min]``. A *passage* is an entry: the segment goes from outside the zone to inside.
Because a convex zone cuts a line in one interval ``[s_in, s_out]`` (``s`` = fraction of the
segment), there is at most one entry per segment and camera, at ``s_in``, and it counts when
``0 < s_in <= 1``. A segment that starts inside (``s_in <= 0``) is not an entry: paths are
continuous, so the previous tick ended at the same point, inside, and that tick counted the entry
if there was one. An animal that appears inside a zone (birth, immigration) is not a passage.

Three implementations find the same passages: :func:`find_passages` (numba, spatial index),
:func:`find_passages_bruteforce` (numba, every camera for every segment, the benchmark baseline)
and :func:`find_passages_reference` (pure numpy, a different algorithm: the first crossing of the
arc or of a radial edge, used in tests).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np
import pandas as pd

from twin.cameras.geometry_kernels import moved_segments, scan_indexed
from twin.cameras.geometry_reference import entry_params_reference
from twin.cameras.spatial_index import CameraIndex
from twin.errors import require

LEFT = 0
"""Flank code: the animal's left side faces the camera."""
RIGHT = 1
"""Flank code: the animal's right side faces the camera."""
DTYPES = (np.int64, np.int8, np.int32, np.float64, np.float32, np.float32, np.float32, np.int8)
"""Dtypes of the :class:`Passages` fields, in field order."""
HIT_BUFFER = 1024
"""Initial capacity of the kernel's hit buffers; they grow fourfold when full."""


@dataclass(frozen=True)
class Passages:
    """Entries of animals into detection zones, one row per (segment, camera) entry.

    All fields are equal-length arrays, sorted by ``time_min``, then ``camera``, then
    ``animal_id``.

    Attributes
    ----------
    animal_id : int64
        Animal of the segment.
    species : int8
        Species code (:mod:`twin.taxa`).
    camera : int32
        Camera index into the :class:`CameraIndex`.
    time_min : float64
        Exact entry time, minutes, interpolated along the segment.
    distance_m : float32
        Distance from the camera at entry, metres.
    angle_rad : float32
        Signed angle of the entry point from the camera axis, radians, positive
        counter-clockwise (to the camera's left).
    speed_m_per_s : float32
        Segment length divided by the tick duration, metres per second.
    flank : int8
        Side of the animal facing the camera: :data:`LEFT` (0) or :data:`RIGHT` (1).
    """

    animal_id: np.ndarray
    species: np.ndarray
    camera: np.ndarray
    time_min: np.ndarray
    distance_m: np.ndarray
    angle_rad: np.ndarray
    speed_m_per_s: np.ndarray
    flank: np.ndarray

    def __len__(self) -> int:
        return int(self.time_min.size)

    def to_frame(self) -> pd.DataFrame:
        """Return the passages as a DataFrame with one column per field."""
        return pd.DataFrame({f.name: getattr(self, f.name) for f in fields(self)})

    @classmethod
    def empty(cls) -> Passages:
        """No passages (typed, zero-length arrays)."""
        return cls(*(np.empty(0, dtype) for dtype in DTYPES))

    @classmethod
    def concat(cls, parts: list[Passages]) -> Passages:
        """Join passage sets, re-sorted by time, camera and animal."""
        merged = {f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        order = np.lexsort((merged["animal_id"], merged["camera"], merged["time_min"]))
        return cls(**{name: values[order] for name, values in merged.items()})


def find_passages(
    index: CameraIndex,
    animal_ids: np.ndarray,
    species: np.ndarray,
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    t0_min: np.ndarray | float,
    t1_min: np.ndarray | float,
) -> Passages:
    """Find every entry of the segments into the indexed detection zones.

    Parameters
    ----------
    index
        Cameras and their grid index, from :meth:`CameraIndex.build`.
    animal_ids
        Animal of each segment, shape (n,).
    species
        Species code of each segment (:mod:`twin.taxa`), shape (n,).
    x0, y0, x1, y1
        Segment start and end, UTM 52N metres, shape (n,).
    t0_min, t1_min
        Segment start and end times, minutes; scalars (one tick) or shape (n,) (many ticks at
        once). Each segment needs ``t1_min > t0_min``.

    Returns
    -------
    Passages
        Sorted by time, camera, animal.

    Raises
    ------
    TwinInputError
        If the arrays disagree in length, a coordinate is not finite, or ``t1_min <= t0_min``.
    """
    seg = _segments(animal_ids, species, x0, y0, x1, y1, t0_min, t1_min)
    hits = _scan(index, seg, index.grid, index.cell_start, index.cell_cameras)
    return _describe(index, seg, *hits)


def find_block_passages(
    index: CameraIndex,
    animal_ids: np.ndarray,
    species: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    t0_min: float,
    tick_min: float,
    start_min: float,
    end_min: float,
) -> Passages:
    """Like :func:`find_passages`, for a block of ticks of the simulation's own positions.

    Prior validation assumed (finite positions, ``tick_min > 0``): this runs once per movement
    block, and checking and gathering the segments in numpy cost more than finding the entries.

    Parameters
    ----------
    index
        Cameras and their grid index.
    animal_ids, species
        Animal and species code of each column, shape (n,).
    xs, ys
        Positions (m) at the block's ticks, shape ``(n_ticks + 1, n)``.
    t0_min, tick_min
        Time of the first position and the tick (min).
    start_min, end_min
        Only segments starting in ``[start_min, end_min)`` count (the survey window).

    Returns
    -------
    Passages
        The entries of the segments that move, sorted by time, camera, animal.
    """
    tick_start_min = t0_min + np.arange(xs.shape[0] - 1) * tick_min
    counted = (tick_start_min >= start_min) & (tick_start_min < end_min)
    tick, column, xy = moved_segments(xs, ys, counted)
    if tick.size == 0:
        return Passages.empty()
    t0 = tick_start_min[tick]
    ids = np.asarray(animal_ids, dtype=np.int64)[column]
    seg = _Segments(xy, ids, np.asarray(species, dtype=np.int8)[column], t0, t0 + tick_min)
    hits = _scan(index, seg, index.grid, index.cell_start, index.cell_cameras)
    return _describe(index, seg, *hits)


def moved_segments_reference(
    xs: np.ndarray, ys: np.ndarray, counted: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numpy twin of :func:`twin.cameras.geometry_kernels.moved_segments` (for tests)."""
    moved = ((xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])) & counted[:, None]
    tick, column = np.nonzero(moved)
    xy = np.column_stack([xs[tick, column], ys[tick, column], xs[tick + 1, column],
                          ys[tick + 1, column]])  # fmt: skip
    return tick.astype(np.int64), column.astype(np.int64), xy.astype(np.float64)


def find_passages_bruteforce(
    index: CameraIndex,
    animal_ids: np.ndarray,
    species: np.ndarray,
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    t0_min: np.ndarray | float,
    t1_min: np.ndarray | float,
) -> Passages:
    """Like :func:`find_passages`, testing every camera for every segment (no grid index).

    The numba baseline of ``experiments/benchmarks/index_speed.py``: the same kernel run on one
    grid cell of infinite side that holds every camera. Same parameters and result.
    """
    seg = _segments(animal_ids, species, x0, y0, x1, y1, t0_min, t1_min)
    everything = np.array([0, index.n_cameras], dtype=np.int64)
    cameras = np.arange(index.n_cameras, dtype=np.int32)
    one_cell = np.array([0.0, 0.0, np.inf, 1.0, 1.0])
    hits = _scan(index, seg, one_cell, everything, cameras)
    return _describe(index, seg, *hits)


def find_passages_reference(
    index: CameraIndex,
    animal_ids: np.ndarray,
    species: np.ndarray,
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    t0_min: np.ndarray | float,
    t1_min: np.ndarray | float,
) -> Passages:
    """Like :func:`find_passages`, in vectorised numpy over all segment-camera pairs.

    The test reference: it finds entries by a different method (first crossing of the arc or
    of a radial edge by a segment that starts strictly outside) and uses memory proportional to
    segments x cameras, so keep inputs small.
    """
    seg = _segments(animal_ids, species, x0, y0, x1, y1, t0_min, t1_min)
    x0, y0, x1, y1 = seg.xy.T
    s = entry_params_reference(
        x0,
        y0,
        x1,
        y1,
        index.cam_x_m,
        index.cam_y_m,
        index.heading_rad,
        index.half_angle_rad,
        index.radius_m,
    )
    seg_idx, cam_idx = np.nonzero(s > 0.0)
    return _describe(index, seg, seg_idx, cam_idx.astype(np.int32), s[seg_idx, cam_idx])


def _scan(
    index: CameraIndex,
    seg: _Segments,
    grid: np.ndarray,
    cell_start: np.ndarray,
    cell_cameras: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the scan kernel, growing its hit buffers until every segment is done."""
    parts = []
    first, capacity = 0, HIT_BUFFER
    while True:
        buffers = (np.empty(capacity, np.int64), np.empty(capacity, np.int32), np.empty(capacity))
        n, stop = scan_indexed(
            seg.xy, index.sectors, grid, cell_start, cell_cameras, first, *buffers
        )
        parts.append([b[:n] for b in buffers])
        if stop == seg.xy.shape[0]:
            break
        first, capacity = stop, 4 * capacity
    if len(parts) == 1:
        return parts[0][0], parts[0][1], parts[0][2]
    seg_idx, cam_idx, frac = (np.concatenate(column) for column in zip(*parts, strict=True))
    return seg_idx, cam_idx, frac


class _Segments(NamedTuple):
    """Validated segments: ``xy`` is ``(n, 4)`` x0, y0, x1, y1 (m); times in minutes."""

    xy: np.ndarray
    animal_id: np.ndarray
    species: np.ndarray
    t0_min: np.ndarray
    t1_min: np.ndarray


def _segments(
    animal_ids: np.ndarray,
    species: np.ndarray,
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    t0_min: np.ndarray | float,
    t1_min: np.ndarray | float,
) -> _Segments:
    """Validate segment arrays once and return them as contiguous typed arrays.

    Messages are only formatted on failure: this runs once per movement tick.
    """
    n = np.size(x0)
    columns = {"y0": y0, "x1": x1, "y1": y1, "animal_ids": animal_ids, "species": species}
    for key, value in columns.items():
        if np.size(value) != n:
            require(False, key, f"length {np.size(value)}", f"the length of x0 ({n})")
    xy = np.empty((n, 4))
    for col, value in enumerate((x0, y0, x1, y1)):
        xy[:, col] = np.ravel(value)
    if not np.isfinite(xy).all():
        require(False, "x0/y0/x1/y1", "non-finite values", "finite metres")
    times: list[np.ndarray] = []
    for key, given in (("t0_min", t0_min), ("t1_min", t1_min)):
        arr = np.ravel(np.asarray(given, dtype=np.float64))
        if arr.size not in (1, n):
            require(False, key, f"shape {np.shape(given)}", f"a scalar or length {n}")
        times.append(np.full(n, arr[0]) if arr.size == 1 and n != 1 else arr)
    if not (times[1] > times[0]).all():
        bad = ~(times[1] > times[0])
        require(False, "t1_min", times[1][bad][:1].tolist(), "times after t0_min")
    ids = np.asarray(animal_ids, dtype=np.int64).ravel()
    return _Segments(xy, ids, np.asarray(species, dtype=np.int8).ravel(), times[0], times[1])


def _describe(
    index: CameraIndex, seg: _Segments, seg_idx: np.ndarray, cam_idx: np.ndarray, s: np.ndarray
) -> Passages:
    """Turn (segment, camera, entry fraction) hits into sorted :class:`Passages`."""
    if s.size == 0:
        return Passages.empty()
    ax, ay = seg.xy[seg_idx, 0], seg.xy[seg_idx, 1]
    vx, vy = seg.xy[seg_idx, 2] - ax, seg.xy[seg_idx, 3] - ay
    t0, t1 = seg.t0_min[seg_idx], seg.t1_min[seg_idx]
    # Entry point relative to the camera, and its components along / across the camera axis.
    dx = ax + s * vx - index.cam_x_m[cam_idx]
    dy = ay + s * vy - index.cam_y_m[cam_idx]
    hx, hy = np.cos(index.heading_rad[cam_idx]), np.sin(index.heading_rad[cam_idx])
    # Movement x (animal -> camera) > 0: the camera is on the animal's left.
    toward_camera = vx * -dy - vy * -dx
    time_min = t0 + s * (t1 - t0)
    order = np.lexsort((seg.animal_id[seg_idx], cam_idx, time_min))
    return Passages(
        animal_id=seg.animal_id[seg_idx][order],
        species=seg.species[seg_idx][order],
        camera=cam_idx.astype(np.int32)[order],
        time_min=time_min[order],
        distance_m=np.hypot(dx, dy).astype(np.float32)[order],
        angle_rad=np.arctan2(hx * dy - hy * dx, hx * dx + hy * dy).astype(np.float32)[order],
        speed_m_per_s=(np.hypot(vx, vy) / ((t1 - t0) * 60.0)).astype(np.float32)[order],
        flank=np.where(toward_camera > 0, LEFT, RIGHT).astype(np.int8)[order],
    )
