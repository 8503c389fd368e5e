"""Target zones: square blocks of the park that poachers choose between and rangers patrol.

A poacher from village ``v`` picks zone ``z`` with probability proportional to
``exp(-access_weight * access_km[v, z] + habitat_weight * habitat[z] - risk_weight * risk[z])``
(a multinomial logit over zones within reach), where ``access_km`` is the walk from the village or
from the nearest road, whichever is shorter, and ``risk`` counts recent patrols met and cameras
noticed in the zone (decaying): poachers move to less-watched zones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from twin.errors import TwinInputError
from twin.landscape.grid import Landscape
from twin.threats.terrain import NearestFeature, Villages

MIN_PARK_SHARE = 0.25
"""A block is a zone when at least this share of its cells is park (assumed)."""


@dataclass
class Zones:
    """Zones of the park (compact index ``0..n-1``) and their park cells.

    Attributes
    ----------
    centre_x_m, centre_y_m
        Mean position of each zone's park cells (m).
    habitat
        Mean habitat suitability (0..1) of the zone's park cells.
    road_x_m, road_y_m, road_km
        Nearest road cell to the zone centre and the distance to it (km; inf without roads).
    """

    size_m: float
    landscape: Landscape
    lookup: np.ndarray
    centre_x_m: np.ndarray
    centre_y_m: np.ndarray
    habitat: np.ndarray
    road_x_m: np.ndarray
    road_y_m: np.ndarray
    road_km: np.ndarray
    cell_start: np.ndarray
    cell_x_m: np.ndarray
    cell_y_m: np.ndarray

    def __len__(self) -> int:
        return len(self.centre_x_m)

    def zone_of(self, x_m: np.ndarray, y_m: np.ndarray) -> np.ndarray:
        """Zone index of each point (-1 outside every zone)."""
        land = self.landscape
        zc = np.floor((np.asarray(x_m, dtype=float) - land.x0_m) / self.size_m).astype(np.intp)
        zr = np.floor((np.asarray(y_m, dtype=float) - land.y0_m) / self.size_m).astype(np.intp)
        nzr, nzc = self.lookup.shape
        ok = (zr >= 0) & (zr < nzr) & (zc >= 0) & (zc < nzc)
        out = np.full(zc.shape, -1, dtype=np.intp)
        out[ok] = self.lookup[zr[ok], zc[ok]]
        return out

    def random_points(
        self, zones: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """One uniform point on a park cell of each given zone (m)."""
        return self.points_at(zones, rng.random((3, len(zones))))

    def points_at(self, zones: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The points of :meth:`random_points` from uniforms ``u`` ``(3, n)``: the cell, then
        the offsets across it in x and y (m)."""
        return _cell_points(np.asarray(zones, dtype=np.intp), u, self.cell_start, self.cell_x_m,
                            self.cell_y_m, self.landscape.resolution_m)  # fmt: skip


@njit(cache=True)
def _cell_points(zones, u, cell_start, cell_x, cell_y, cell_m):
    """A point on a park cell of each zone: cell ``floor(u[0] * count)`` of the zone's cells,
    offset by ``(u[1:] - 0.5) * cell_m`` (m); numpy twin ``zones_reference.cell_points``."""
    x, y = np.empty(zones.shape[0]), np.empty(zones.shape[0])
    for c in range(zones.shape[0]):
        first, count = cell_start[zones[c]], cell_start[zones[c] + 1] - cell_start[zones[c]]
        pick = first + int(np.floor(u[0, c] * count))
        x[c] = cell_x[pick] + (u[1, c] - 0.5) * cell_m
        y[c] = cell_y[pick] + (u[2, c] - 0.5) * cell_m
    return x, y


def build_zones(landscape: Landscape, size_m: float, roads: NearestFeature) -> Zones:
    """Cut the park into square zones of side ``size_m`` (m).

    Raises
    ------
    TwinInputError
        When the landscape has no park cells to poach in.
    """
    usable = landscape.layers["park"] & ~landscape.layers["china"] & ~landscape.layers["water"]
    usable &= ~landscape.layers["village"]
    centres = landscape.cell_centres("park")
    rows, cols = np.nonzero(landscape.layers["park"])
    keep = usable[rows, cols]
    cx, cy = centres[keep, 0], centres[keep, 1]
    if len(cx) == 0:
        raise TwinInputError(
            "landscape park cells=0 is not allowed: the threats model needs park cells outside "
            "China, water and villages to poach in."
        )
    nzr = int(np.ceil(landscape.height_m / size_m))
    nzc = int(np.ceil(landscape.width_m / size_m))
    zr = np.floor((cy - landscape.y0_m) / size_m).astype(np.intp)
    zc = np.floor((cx - landscape.x0_m) / size_m).astype(np.intp)
    flat = zr * nzc + zc
    cells_per_block = max((size_m / landscape.resolution_m) ** 2, 1.0)
    counts = np.bincount(flat, minlength=nzr * nzc)
    chosen = np.flatnonzero(counts >= MIN_PARK_SHARE * cells_per_block)
    if len(chosen) == 0:
        chosen = np.flatnonzero(counts)
    lookup = np.full(nzr * nzc, -1, dtype=np.intp)
    lookup[chosen] = np.arange(len(chosen))
    zone = lookup[flat]
    order = np.argsort(zone, kind="stable")
    order = order[zone[order] >= 0]
    zone_sorted = zone[order]
    n = len(chosen)
    cell_start = np.searchsorted(zone_sorted, np.arange(n + 1))
    hab = landscape.sample("habitat", cx[order], cy[order]).astype(float)
    sums = np.bincount(zone_sorted, minlength=n).astype(float)
    mean = lambda v: np.bincount(zone_sorted, weights=v, minlength=n) / sums  # noqa: E731
    centre_x, centre_y = mean(cx[order]), mean(cy[order])
    road_x, road_y, road_m = roads.nearest(centre_x, centre_y)
    return Zones(
        float(size_m), landscape, lookup.reshape(nzr, nzc), centre_x, centre_y, mean(hab),
        road_x, road_y, road_m / 1000.0, cell_start, cx[order], cy[order],
    )  # fmt: skip


def access_km(zones: Zones, villages: Villages) -> tuple[np.ndarray, np.ndarray]:
    """Walk (km) from each village to each zone, and whether the walk starts at a road.

    Returns
    -------
    km, by_road
        Arrays of shape ``(n_villages, n_zones)``.
    """
    dx = zones.centre_x_m[None, :] - villages.x_m[:, None]
    dy = zones.centre_y_m[None, :] - villages.y_m[:, None]
    from_village = np.hypot(dx, dy) / 1000.0
    by_road = zones.road_km[None, :] < from_village
    return np.where(by_road, zones.road_km[None, :], from_village), by_road


def choice_probabilities(
    access: np.ndarray,
    habitat: np.ndarray,
    risk: np.ndarray,
    weights: tuple[float, float, float],
    max_km: float,
) -> np.ndarray:
    """Multinomial-logit probabilities of each zone for each village (rows sum to 1 or 0).

    Parameters
    ----------
    access
        Walk (km), ``(n_villages, n_zones)``.
    habitat
        Zone habitat (0..1), ``(n_zones,)``.
    risk
        Recent patrol/camera events per zone, ``(n_zones,)``.
    weights
        ``(access_weight_per_km, habitat_weight, risk_weight_per_event)``.
    max_km
        Zones farther than this walk are out of reach (probability 0).
    """
    w_access, w_habitat, w_risk = weights
    utility = -w_access * access + w_habitat * habitat[None, :] - w_risk * risk[None, :]
    reach = access <= max_km
    utility = np.where(reach, utility, -np.inf)
    top = np.max(np.where(reach, utility, -1e300), axis=1, keepdims=True)
    expu = np.where(reach, np.exp(utility - top), 0.0)
    total = expu.sum(axis=1, keepdims=True)
    return np.divide(expu, total, out=np.zeros_like(expu), where=total > 0)


class DecayingCounts:
    """Event counts per zone that halve every ``half_life_days`` (memories of risk, hotspots)."""

    def __init__(self, n: int, half_life_days: float) -> None:
        self.values = np.zeros(n)
        self.factor = 0.5 ** (1.0 / half_life_days)

    def decay(self) -> None:
        """Age the counts by one day."""
        self.values *= self.factor

    def add(self, zone: int, amount: float = 1.0) -> None:
        """Count an event in ``zone`` (ignored outside every zone)."""
        if zone >= 0:
            self.values[zone] += amount
