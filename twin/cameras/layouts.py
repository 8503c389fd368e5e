"""A camera layout: stations, their cameras and where each camera faces.

Conventions
    Positions are metres in the landscape CRS (UTM 52N). ``heading_rad`` is the direction a
    camera faces, radians counter-clockwise from grid east (math convention, the one
    :mod:`twin.cameras.geometry` uses). ``heading_deg`` is the same direction as a compass
    bearing, degrees clockwise from true north in [0, 360) (Camtrap DP ``cameraHeading``).
Stations
    A station has an *axis*: the direction its single camera faces, or, for paired stations,
    the trail direction. Paired cameras stand ``pair_separation_m`` apart across the axis, at
    ``station +/- (d/2) n`` with ``n`` the axis' left normal, and face each other, so both
    flanks of a passing animal are photographed. Camera ids are ``<station_id>-A`` and
    ``-B``.

:func:`make_layout` builds a layout from a ``layout`` config (see
:mod:`twin.cameras.layouts_make` and ``docs/cameras-layouts.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from twin.cameras.layouts_crs import compass_deg
from twin.cameras.spatial_index import CameraIndex
from twin.errors import require

TWO_PI = 2.0 * np.pi


@dataclass(frozen=True, eq=False)
class Layout:
    """Stations and cameras of one camera-trap array.

    Build with :func:`make_layout` or :meth:`Layout.from_stations`.

    Attributes
    ----------
    station_id : numpy.ndarray of str
        Station ids.
    station_x_m, station_y_m : numpy.ndarray of float
        Station positions (m).
    station_axis_rad : numpy.ndarray of float
        Station axes, radians counter-clockwise from grid east, in [0, 2 pi).
    camera_station : numpy.ndarray of int
        Index into the station arrays of each camera's station.
    camera_x_m, camera_y_m : numpy.ndarray of float
        Camera positions (m).
    heading_rad : numpy.ndarray of float
        Direction each camera faces, radians counter-clockwise from grid east, in [0, 2 pi).
    paired : bool
        Whether stations hold two cameras facing each other.
    pattern : str
        The pattern that made the layout (``file`` for stations read from a file).
    crs : str
        CRS of the positions.
    spacing_m : float or None
        Grid spacing used by grid patterns (the solved one when a count was given), else None.
    warnings : list of str
        Shortfalls accepted under ``on_shortfall=warn``, as also issued by ``warnings.warn``.
    """

    station_id: np.ndarray
    station_x_m: np.ndarray
    station_y_m: np.ndarray
    station_axis_rad: np.ndarray
    camera_station: np.ndarray
    camera_x_m: np.ndarray
    camera_y_m: np.ndarray
    heading_rad: np.ndarray
    paired: bool
    pattern: str
    crs: str = "EPSG:32652"
    spacing_m: float | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_stations(
        cls,
        station_id: np.ndarray | list[str],
        x_m: np.ndarray,
        y_m: np.ndarray,
        axis_rad: np.ndarray,
        *,
        paired: bool,
        pair_separation_m: float = 5.0,
        pattern: str = "file",
        crs: str = "EPSG:32652",
        spacing_m: float | None = None,
        warnings: list[str] | None = None,
    ) -> Layout:
        """Place one camera per station facing along its axis, or two facing each other.

        Parameters
        ----------
        station_id
            Unique station ids, shape (n,).
        x_m, y_m
            Station positions (m), shape (n,).
        axis_rad
            Station axes, radians counter-clockwise from grid east, shape (n,).
        paired
            Two cameras per station, ``pair_separation_m`` apart across the axis.
        pair_separation_m
            Distance between paired cameras (m).
        pattern, crs, spacing_m, warnings
            Stored on the layout.
        """
        ids = np.asarray(station_id, dtype=object)
        x, y = np.asarray(x_m, dtype=float), np.asarray(y_m, dtype=float)
        axis = np.mod(np.asarray(axis_rad, dtype=float), TWO_PI)
        require(
            x.shape == y.shape == axis.shape == ids.shape,
            "stations",
            f"shapes {ids.shape, x.shape, y.shape, axis.shape}",
            "equal lengths",
        )
        require(len(set(ids)) == ids.size, "station_id", "duplicated ids", "unique station ids")
        station, cx, cy, heading = _place_cameras(x, y, axis, paired, pair_separation_m)
        return cls(
            ids,
            x,
            y,
            axis,
            station,
            cx,
            cy,
            heading,
            bool(paired),
            pattern,
            crs,
            spacing_m,
            list(warnings or []),
        )

    @classmethod
    def from_tables(
        cls,
        stations: pd.DataFrame,
        cameras: pd.DataFrame,
        *,
        pattern: str,
        crs: str = "EPSG:32652",
        spacing_m: float | None = None,
        warnings: list[str] | None = None,
    ) -> Layout:
        """The layout whose :attr:`stations` and :attr:`cameras` tables these are (read back
        from a run folder)."""
        ids = stations["station_id"].to_numpy(dtype=object)
        index = {sid: i for i, sid in enumerate(ids)}
        return cls(
            ids,
            stations["x_m"].to_numpy(dtype=float),
            stations["y_m"].to_numpy(dtype=float),
            stations["axis_rad"].to_numpy(dtype=float),
            np.array([index[s] for s in cameras["station_id"]], dtype=np.int64),
            cameras["x_m"].to_numpy(dtype=float),
            cameras["y_m"].to_numpy(dtype=float),
            cameras["heading_rad"].to_numpy(dtype=float),
            bool(cameras["paired"].all()) if len(cameras) else False,
            pattern,
            crs,
            spacing_m,
            list(warnings or []),
        )

    @property
    def n_stations(self) -> int:
        """Number of stations."""
        return int(self.station_id.size)

    @property
    def n_cameras(self) -> int:
        """Number of cameras."""
        return int(self.camera_station.size)

    @property
    def camera_id(self) -> np.ndarray:
        """Camera ids, ``<station_id>-A`` (and ``-B`` for the second camera of a pair)."""
        first = np.r_[True, self.camera_station[1:] != self.camera_station[:-1]]
        suffix = np.where(first, "-A", "-B")
        return np.array(
            [f"{s}{t}" for s, t in zip(self.station_id[self.camera_station], suffix, strict=True)],
            dtype=object,
        )

    @property
    def heading_deg(self) -> np.ndarray:
        """Camera headings as compass bearings, degrees clockwise from true north."""
        return compass_deg(self.heading_rad, self.camera_x_m, self.camera_y_m, self.crs)

    @property
    def stations(self) -> pd.DataFrame:
        """One row per station: ``station_id, x_m, y_m, axis_rad, heading_deg, n_cameras``.

        ``heading_deg`` is the axis as a compass bearing (degrees from true north).
        """
        return pd.DataFrame(
            {
                "station_id": self.station_id,
                "x_m": self.station_x_m,
                "y_m": self.station_y_m,
                "axis_rad": self.station_axis_rad,
                "heading_deg": compass_deg(
                    self.station_axis_rad, self.station_x_m, self.station_y_m, self.crs
                ),
                "n_cameras": np.bincount(self.camera_station, minlength=self.n_stations),
            }
        )

    @property
    def cameras(self) -> pd.DataFrame:
        """One row per camera: ``camera_id, station_id, x_m, y_m, heading_rad, heading_deg,
        paired``."""
        return pd.DataFrame(
            {
                "camera_id": self.camera_id,
                "station_id": self.station_id[self.camera_station],
                "x_m": self.camera_x_m,
                "y_m": self.camera_y_m,
                "heading_rad": self.heading_rad,
                "heading_deg": self.heading_deg,
                "paired": np.full(self.n_cameras, self.paired),
            }
        )

    def camera_index(
        self, radius_m: float, half_angle_rad: float, cell_m: float | None = None
    ) -> CameraIndex:
        """The cameras' detection sectors, indexed for :func:`twin.cameras.geometry.find_passages`.

        Parameters
        ----------
        radius_m
            Detection distance (m).
        half_angle_rad
            Half the sector's opening angle (rad), in (0, pi/2].
        cell_m
            Index cell side (m); see :meth:`CameraIndex.build`.
        """
        return CameraIndex.build(
            self.camera_x_m, self.camera_y_m, self.heading_rad, radius_m, half_angle_rad, cell_m
        )


def _place_cameras(
    x: np.ndarray, y: np.ndarray, axis: np.ndarray, paired: bool, pair_separation_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Station index, x, y and heading of each camera: along the axis, or a facing pair."""
    if not paired:
        return np.arange(x.size), x.copy(), y.copy(), axis.copy()
    half = pair_separation_m / 2.0
    nx, ny = -np.sin(axis), np.cos(axis)  # left normal of the axis
    heading = np.column_stack([axis - np.pi / 2, axis + np.pi / 2]).ravel()
    return (
        np.repeat(np.arange(x.size), 2),
        np.column_stack([x + half * nx, x - half * nx]).ravel(),
        np.column_stack([y + half * ny, y - half * ny]).ravel(),
        np.mod(heading, TWO_PI),
    )
