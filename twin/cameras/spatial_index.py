"""A uniform-grid bucket index of cameras, so that a movement segment tests only nearby cameras.

Cameras are bucketed by the position of their apex in a regular grid of square cells of side
``cell_m >= radius_m``; the buckets are stored in CSR form (``cell_start`` offsets into
``cell_cameras``). Every point of a detection zone lies within ``radius_m`` of its camera, so a
segment can only enter the zones of cameras whose apex lies in its bounding box inflated by the
largest radius: the scan visits only the cells that box covers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.errors import require

MAX_CELLS = 4_000_000
"""Largest number of grid cells an index may hold; ``cell_m`` grows to respect it."""


@dataclass(frozen=True)
class CameraIndex:
    """Cameras' detection sectors and a grid index over their apexes.

    Build with :meth:`CameraIndex.build`. Angles follow the math convention: radians
    counter-clockwise from east (grid east of UTM 52N).

    Attributes
    ----------
    cam_x_m, cam_y_m : numpy.ndarray of float64
        Camera (sector apex) positions, UTM 52N metres.
    heading_rad : numpy.ndarray of float64
        Direction each camera faces (the sector axis).
    radius_m : numpy.ndarray of float64
        Sector radius (detection distance) per camera.
    half_angle_rad : numpy.ndarray of float64
        Half the sector's full opening angle per camera, in (0, pi/2].
    x0_m, y0_m : float
        South-west corner of the index grid.
    cell_m : float
        Side of a grid cell, at least the largest radius.
    ncols, nrows : int
        Grid size in cells.
    cell_start : numpy.ndarray of int64
        CSR offsets, length ``nrows * ncols + 1``; cell ``c = row * ncols + col`` holds cameras
        ``cell_cameras[cell_start[c]:cell_start[c + 1]]``.
    cell_cameras : numpy.ndarray of int32
        Camera indices sorted by cell.
    sectors : numpy.ndarray of float64
        ``(n, 7)`` kernel view of the sectors: apex x, y, right-edge unit vector x, y,
        left-edge unit vector x, y, radius.
    """

    cam_x_m: np.ndarray
    cam_y_m: np.ndarray
    heading_rad: np.ndarray
    radius_m: np.ndarray
    half_angle_rad: np.ndarray
    x0_m: float
    y0_m: float
    cell_m: float
    ncols: int
    nrows: int
    cell_start: np.ndarray
    cell_cameras: np.ndarray
    sectors: np.ndarray

    @classmethod
    def build(
        cls,
        cam_x_m: np.ndarray,
        cam_y_m: np.ndarray,
        heading_rad: np.ndarray | float,
        radius_m: np.ndarray | float,
        half_angle_rad: np.ndarray | float,
        cell_m: float | None = None,
    ) -> CameraIndex:
        """Index cameras with sector-shaped detection zones.

        Parameters
        ----------
        cam_x_m, cam_y_m
            Camera positions (sector apexes), UTM 52N metres, shape (n,).
        heading_rad
            Direction each camera faces, radians counter-clockwise from east; scalar or (n,).
        radius_m
            Detection distance in metres (> 0); scalar or (n,).
        half_angle_rad
            Half the full opening angle, radians in (0, pi/2] (the sector must be convex);
            scalar or (n,).
        cell_m
            Grid cell side in metres. Default: the larger of the largest radius and
            ``sqrt(bounding-box area / n)`` (about one camera per cell); never below the largest
            radius, and grown if the grid would exceed :data:`MAX_CELLS` cells.

        Returns
        -------
        CameraIndex

        Raises
        ------
        TwinInputError
            If the arrays disagree in length, hold non-finite values, or a radius, angle or
            ``cell_m`` is out of range.
        """
        x = np.ascontiguousarray(cam_x_m, dtype=np.float64).ravel()
        y = np.ascontiguousarray(cam_y_m, dtype=np.float64).ravel()
        n = x.size
        require(y.size == n, "cam_y_m", f"length {y.size}", f"the length of cam_x_m ({n})")
        heading = _per_camera(heading_rad, n, "heading_rad")
        radius = _per_camera(radius_m, n, "radius_m")
        half = _per_camera(half_angle_rad, n, "half_angle_rad")
        require(
            bool(np.isfinite(x).all() & np.isfinite(y).all()),
            "cam_x_m/cam_y_m",
            "non-finite values",
            "finite UTM 52N metres",
        )
        require(
            bool((radius > 0).all()),
            "radius_m",
            float(radius.min(initial=1.0)),
            "detection radii > 0 m",
        )
        require(
            bool(((half > 0) & (half <= np.pi / 2)).all()),
            "half_angle_rad",
            float(half.max(initial=0.5)),
            "half angles in (0, pi/2] rad (a convex sector)",
        )
        r_max = float(radius.max(initial=1.0))
        if cell_m is not None:
            require(
                np.isfinite(cell_m) and cell_m >= r_max,
                "cell_m",
                cell_m,
                f"at least the largest detection radius ({r_max} m)",
            )
        x0, y0, cell, ncols, nrows = _grid(x, y, r_max, cell_m)
        start, cameras = _buckets(x, y, x0, y0, cell, ncols, nrows)
        right, left = heading - half, heading + half
        edges = (np.cos(right), np.sin(right), np.cos(left), np.sin(left))
        sectors = np.column_stack([x, y, *edges, radius])
        return cls(x, y, heading, radius, half, x0, y0, cell, ncols, nrows, start, cameras, sectors)

    @property
    def n_cameras(self) -> int:
        """Number of indexed cameras."""
        return int(self.cam_x_m.size)

    @property
    def grid(self) -> np.ndarray:
        """``(5,)`` kernel view of the grid: west edge, south edge, cell side, ncols, nrows."""
        return np.array([self.x0_m, self.y0_m, self.cell_m, self.ncols, self.nrows])


def _per_camera(value: np.ndarray | float, n: int, key: str) -> np.ndarray:
    """Broadcast a scalar or per-camera value to a float64 array of length ``n``."""
    arr = np.asarray(value, dtype=np.float64)
    require(arr.ndim == 0 or arr.size == n, key, f"shape {arr.shape}", f"a scalar or length {n}")
    out = np.ascontiguousarray(np.broadcast_to(arr.ravel() if arr.ndim else arr, (n,)))
    require(bool(np.isfinite(out).all()), key, "non-finite values", "finite numbers")
    return out.copy()


def _grid(
    x: np.ndarray, y: np.ndarray, r_max: float, cell_m: float | None
) -> tuple[float, float, float, int, int]:
    """Choose the grid origin, cell side and size covering all cameras."""
    if x.size == 0:
        return 0.0, 0.0, float(cell_m or r_max), 1, 1
    x0, y0 = float(x.min()), float(y.min())
    width, height = float(x.max()) - x0, float(y.max()) - y0
    if cell_m is None:
        cell_m = max(r_max, float(np.sqrt(max(width * height, 1.0) / x.size)))
    cell = float(cell_m)
    while (width // cell + 1) * (height // cell + 1) > MAX_CELLS:
        cell *= 2.0
    return x0, y0, cell, int(width // cell) + 1, int(height // cell) + 1


def _buckets(
    x: np.ndarray, y: np.ndarray, x0: float, y0: float, cell: float, ncols: int, nrows: int
) -> tuple[np.ndarray, np.ndarray]:
    """CSR offsets and camera order of the grid buckets."""
    cols = np.minimum(((x - x0) // cell).astype(np.int64), ncols - 1)
    rows = np.minimum(((y - y0) // cell).astype(np.int64), nrows - 1)
    flat = rows * ncols + cols
    order = np.argsort(flat, kind="stable").astype(np.int32)
    counts = np.bincount(flat, minlength=nrows * ncols)
    start = np.zeros(nrows * ncols + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return start, order
