"""A low-dimensional family of camera layouts that a black-box optimiser can search.

A :class:`LayoutParams` point (eight numbers) and a budget of ``k`` stations give one layout:

1. Cluster centres on a square lattice of side ``spacing_m``, anchored at the point
   ``(centre_u, centre_v)`` of the study area's bounding box and rotated by ``rotation_deg``;
   each centre carries ``cluster_size`` stations ``cluster_spacing_m`` apart
   (:func:`twin.cameras.layouts_grid.clustered`).
2. Clusters are taken in order of their *effective distance* from the anchor,
   ``d / h^habitat_exponent`` (``h`` the habitat value at the centre, at least
   :data:`HABITAT_FLOOR`): exponent 0 keeps the compact block nearest the anchor, as the
   regular grid does; a larger exponent reaches further for good habitat.
3. Station ``j`` (in that order) stands on the nearest trail/road cell within ``snap_m`` when
   ``floor((j + 1) f) > floor(j f)`` with ``f = trail_share``, so a share ``f`` of the stations,
   spread evenly through the array, is on trails; the others stand at their lattice node. A node
   that cannot take its kind of station (no trail near, or not an allowed cell) is skipped, and so
   is a station closer than ``min_spacing_m`` to one already placed.
4. When the lattice runs out before ``k`` stations are placed, the spacing shrinks by
   :data:`SHRINK` and the layout is built again, so ``spacing_m`` is an upper bound.

Every layout has exactly ``k`` paired stations at least ``min_spacing_m`` apart, or the builder
raises :class:`~twin.errors.TwinInputError`.
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass, field, fields

import numpy as np

from twin.cameras.layouts import Layout
from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_file import default_station_ids
from twin.cameras.layouts_grid import cluster_offsets, clustered
from twin.cameras.layouts_trail import TrailSnapper
from twin.errors import TwinInputError, require

HABITAT_FLOOR = 0.05
"""Smallest habitat value in the effective distance (habitat 0 would put a cell at infinity)."""
SHRINK = 0.85
"""Factor the spacing shrinks by when the lattice holds too few stations."""
MAX_SHRINKS = 30
AXIS_SEED = 0
"""Seed of the station axes' random directions: a layout depends on its parameters only."""


@dataclass(frozen=True)
class LayoutParams:
    """One point of the layout family (see the module docstring).

    Parameters
    ----------
    spacing_m
        Distance between cluster centres (m); an upper bound (step 4).
    centre_u, centre_v
        Anchor as fractions (0-1) of the study area's bounding box, west-east and south-north.
    rotation_deg
        Rotation of the lattice about the anchor (degrees counter-clockwise).
    habitat_exponent
        Weight of habitat in the order clusters are taken (0: distance only).
    trail_share
        Share of stations on trails and roads (0-1); the others stand off-trail.
    cluster_size
        Stations per cluster (1: a plain grid).
    cluster_spacing_m
        Distance between the stations of a cluster (m).
    """

    spacing_m: float
    centre_u: float = 0.5
    centre_v: float = 0.5
    rotation_deg: float = 0.0
    habitat_exponent: float = 0.0
    trail_share: float = 1.0
    cluster_size: int = 1
    cluster_spacing_m: float = 2000.0

    def __post_init__(self) -> None:
        require(self.spacing_m > 0, "spacing_m", self.spacing_m, "a distance > 0 m")
        for key in ("centre_u", "centre_v", "trail_share"):
            value = getattr(self, key)
            require(0.0 <= value <= 1.0, key, value, "a fraction in [0, 1]")
        require(self.habitat_exponent >= 0, "habitat_exponent", self.habitat_exponent, ">= 0")
        require(
            int(self.cluster_size) == self.cluster_size and self.cluster_size >= 1,
            "cluster_size",
            self.cluster_size,
            "an integer >= 1",
        )
        require(self.cluster_spacing_m > 0, "cluster_spacing_m", self.cluster_spacing_m, "> 0 m")

    def to_dict(self) -> dict[str, float]:
        """The parameters by name (as Optuna stores them)."""
        return {f.name: v for f, v in zip(fields(self), astuple(self), strict=True)}


@dataclass(frozen=True, eq=False)
class LayoutFamily:
    """Builds the layouts of :class:`LayoutParams` points for one study area and budget.

    Parameters
    ----------
    area
        Where stations may stand (the park minus water and villages).
    stations
        Stations per layout (paired: two cameras each).
    min_spacing_m
        Smallest distance between two stations (m).
    snap_m
        Largest move of a node to a trail/road cell (m).
    trail_layers
        Layers trail stations stand on.
    """

    area: StudyArea
    stations: int
    min_spacing_m: float = 1500.0
    snap_m: float = 1000.0
    trail_layers: tuple[str, ...] = ("trail", "road")
    # set in __post_init__ from area and trail_layers; not a constructor argument
    _snapper: TrailSnapper = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        require(self.stations >= 2, "stations", self.stations, "an integer >= 2")
        object.__setattr__(self, "_snapper", TrailSnapper.build(self.area, self.trail_layers))

    def stations_m(self, params: LayoutParams) -> np.ndarray:
        """Station positions (m), shape (k, 2), at least ``min_spacing_m`` apart."""
        spacing = params.spacing_m
        for _ in range(MAX_SHRINKS):
            placed = self._place(params, spacing)
            if placed.shape[0] == self.stations:
                return placed
            spacing *= SHRINK
        raise TwinInputError(
            f"stations: {self.stations} stations do not fit in the study area at "
            f"min_spacing_m={self.min_spacing_m:g} with {params}; lower the budget or the spacing."
        )

    def layout(self, params: LayoutParams) -> Layout:
        """The paired-station :class:`Layout` of ``params`` (axes along the local trail)."""
        points = self.stations_m(params)
        axis = self._snapper.axis_rad(points, np.random.default_rng(AXIS_SEED))
        ids = default_station_ids(points.shape[0])
        return Layout.from_stations(
            ids, points[:, 0], points[:, 1], axis, paired=True, pattern="family"
        )

    def _nodes(self, params: LayoutParams, spacing_m: float) -> np.ndarray:
        """Lattice nodes (m), shape (clusters, size, 2), nearest effective distance first."""
        xmin, xmax, ymin, ymax = self.area.bounds_m()
        anchor = (xmin + params.centre_u * (xmax - xmin), ymin + params.centre_v * (ymax - ymin))
        reach = float(np.hypot(xmax - xmin, ymax - ymin)) + self.snap_m
        size = int(params.cluster_size)
        offsets = cluster_offsets(size, params.cluster_spacing_m)
        rotation = math.radians(params.rotation_deg)
        nodes = clustered(anchor, reach, spacing_m, rotation, offsets).reshape(-1, size, 2)
        centres = nodes.mean(axis=1)
        keep = self.area.landscape.inside(centres[:, 0], centres[:, 1])
        nodes, centres = nodes[keep], centres[keep]
        distance = np.hypot(centres[:, 0] - anchor[0], centres[:, 1] - anchor[1])
        effective = distance / self._habitat(centres) ** params.habitat_exponent
        return nodes[np.argsort(effective, kind="stable")]

    def _habitat(self, points: np.ndarray) -> np.ndarray:
        land = self.area.landscape
        rows, cols = land.cell_index(points[:, 0], points[:, 1])
        return np.maximum(land.layers["habitat"][rows, cols].astype(float), HABITAT_FLOOR)

    def _place(self, params: LayoutParams, spacing_m: float) -> np.ndarray:
        """Stations placed from the ordered nodes (fewer than k when the lattice runs out)."""
        nodes = self._nodes(params, spacing_m).reshape(-1, 2)
        on_trail, trail_ok = self._snapped(nodes)
        node_ok = self.area.allows(nodes[:, 0], nodes[:, 1])
        placed: list[np.ndarray] = []
        share = params.trail_share
        for i in range(nodes.shape[0]):
            j = len(placed)
            if j == self.stations:
                break
            wants_trail = math.floor((j + 1) * share) > math.floor(j * share)
            if not (trail_ok[i] if wants_trail else node_ok[i]):
                continue
            point = on_trail[i] if wants_trail else nodes[i]
            if placed and np.hypot(*(np.asarray(placed) - point).T).min() < self.min_spacing_m:
                continue
            placed.append(point)
        return np.asarray(placed, dtype=float).reshape(-1, 2)

    def _snapped(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest allowed trail cell centre of each node (m), and whether it is within snap_m."""
        land, snapper = self.area.landscape, self._snapper
        inside = land.inside(nodes[:, 0], nodes[:, 1])
        rows, cols = land.cell_index(
            np.where(inside, nodes[:, 0], land.x0_m), np.where(inside, nodes[:, 1], land.y0_m)
        )
        r, c = snapper.nearest_rows[rows, cols], snapper.nearest_cols[rows, cols]
        res = land.resolution_m
        snapped = np.column_stack([land.x0_m + (c + 0.5) * res, land.y0_m + (r + 0.5) * res])
        near = inside & (np.hypot(*(snapped - nodes).T) <= self.snap_m)
        return snapped, near
