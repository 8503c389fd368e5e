"""Vector geography of the synthetic park: border, park outline, coast, roads, railway, villages.

Shapes are drawn in *base* kilometres (x east, y north, origin at the park centre 43.25 N,
131.33 E) after the real layout of Land of the Leopard National Park: the Russia-China border
with the Black Mountains on the west, the park along it, the Razdolnoye-Khasan road and the
railway near the Amur Bay shore on the east, Peter the Great Gulf to the south-east. Positions
are schematic (relative order as on the map), not surveyed. :class:`Geography` scales the
drawing about the centre so that the park has the requested area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

TAU = 2.0 * np.pi
REGION_HALF_SIDE_KM = 55.0
PARK_SOUTH_KM, PARK_NORTH_KM = -30.0, 30.0
PARK_MEAN_WIDTH_KM = 46.0


class Village(NamedTuple):
    """A settlement drawn as a disc (base km)."""

    name: str
    x_km: float
    y_km: float
    radius_km: float


VILLAGES = (
    Village("Razdolnoye", 23.0, 44.0, 1.3),
    Village("Bezverkhovo", 27.2, 12.5, 0.8),
    Village("Barabash", 16.6, -3.0, 1.0),
    Village("Kedrovaya Pad", 13.6, -11.5, 0.5),  # the reserve's headquarters settlement
    Village("Primorsky", 10.8, -19.0, 0.8),
    Village("Slavyanka", 2.5, -37.0, 1.5),
    Village("Kraskino", -19.0, -52.0, 1.0),
    Village("Chunhua", -40.0, 11.0, 1.0),
)

# Polylines (base km). The first road is the Razdolnoye-Khasan road (A189).
ROADS = (
    (
        (23.5, 55.0),
        (23.0, 44.0),
        (19.5, 29.0),
        (17.6, 12.0),
        (16.6, -3.0),
        (13.6, -11.5),
        (10.8, -19.0),
        (6.5, -28.0),
        (2.5, -37.0),
        (-8.0, -45.0),
        (-19.0, -52.0),
        (-23.0, -55.0),
    ),
    ((17.6, 12.0), (22.0, 12.8), (27.2, 12.5)),
    ((-43.0, 55.0), (-41.0, 30.0), (-40.0, 11.0), (-43.0, -15.0), (-41.0, -40.0), (-44.0, -55.0)),
)
RAILWAY = (
    (25.0, 55.0),
    (24.5, 44.0),
    (22.0, 30.0),
    (21.0, 12.0),
    (19.5, -3.0),
    (15.5, -14.0),
    (10.0, -24.5),
    (4.0, -37.5),
    (-7.0, -45.0),
    (-19.0, -51.0),
    (-22.0, -55.0),
)


def border_x(y_km: np.ndarray) -> np.ndarray:
    """Easting (base km) of the Russia-China border at northing ``y_km``; China lies west."""
    y = np.asarray(y_km, dtype=float)
    wiggle = 2.2 * np.sin(TAU * y / 31.0 + 0.9) + 0.9 * np.sin(TAU * y / 11.0 + 2.3)
    return -24.0 + 0.07 * y + wiggle


def park_width(y_km: np.ndarray) -> np.ndarray:
    """East-west width (base km) of the park east of the border at northing ``y_km``."""
    y = np.asarray(y_km, dtype=float)
    half = 0.5 * (PARK_NORTH_KM - PARK_SOUTH_KM)
    t = np.clip((y - 0.5 * (PARK_NORTH_KM + PARK_SOUTH_KM)) / half, -1.0, 1.0)
    taper = np.cbrt(1.0 - t**8)
    wiggle = 1.0 + 0.045 * np.sin(TAU * y / 27.0 + 1.1) + 0.025 * np.sin(TAU * y / 9.5 + 0.4)
    return PARK_MEAN_WIDTH_KM * wiggle * taper


def base_park_area_km2() -> float:
    """Area (km2) of the park in the base drawing (scale 1)."""
    y = np.linspace(PARK_SOUTH_KM, PARK_NORTH_KM, 60001)
    w = park_width(y)
    return float(np.sum(0.5 * (w[1:] + w[:-1]) * np.diff(y)))


def in_park(x_km: np.ndarray, y_km: np.ndarray) -> np.ndarray:
    """Whether base points lie inside the park outline (before villages are cut out)."""
    east = np.asarray(x_km, dtype=float) - border_x(y_km)
    inside_ns = (y_km > PARK_SOUTH_KM) & (y_km < PARK_NORTH_KM)
    return inside_ns & (east > 0.0) & (east < park_width(y_km))


def in_china(x_km: np.ndarray, y_km: np.ndarray) -> np.ndarray:
    """Whether base points lie west of the border."""
    return np.asarray(x_km, dtype=float) < border_x(y_km)


def _bay_shore_x(y: np.ndarray) -> np.ndarray:
    """West shore of Amur Bay."""
    return 30.0 + 1.8 * np.sin(TAU * y / 21.0 + 0.5) + 0.8 * np.sin(TAU * y / 7.3 + 1.9)


def _bay_head_y(x: np.ndarray) -> np.ndarray:
    """Head of Amur Bay (the Razdolnaya delta lies north of it)."""
    return 38.0 + 1.5 * np.sin(TAU * x / 9.0 + 0.4)


def _peninsula_x(y: np.ndarray) -> np.ndarray:
    """West shore of the Muravyov-Amursky peninsula across the bay."""
    return 44.0 - 0.12 * y + 1.2 * np.sin(TAU * y / 17.0 + 1.3)


def _gulf_shore_y(x: np.ndarray) -> np.ndarray:
    """North shore of Peter the Great Gulf, running south-west from the bay mouth."""
    return -36.0 + 0.55 * (x - 10.0) - 0.004 * (x - 10.0) ** 2 + 1.5 * np.sin(TAU * x / 13.0 + 0.2)


def is_sea(x_km: np.ndarray, y_km: np.ndarray) -> np.ndarray:
    """Whether base points lie in Amur Bay or Peter the Great Gulf."""
    x = np.asarray(x_km, dtype=float)
    y = np.asarray(y_km, dtype=float)
    peninsula = (x > _peninsula_x(y)) & (y > -14.0)
    bay = (x > _bay_shore_x(y)) & (y < _bay_head_y(x)) & ~peninsula
    return bay | (y < _gulf_shore_y(x)) & (x > border_x(y))


def coastline(step_km: float = 0.25) -> list[np.ndarray]:
    """Shore polylines (base km): pieces of the shore curves that separate land from sea."""
    y = np.arange(-REGION_HALF_SIDE_KM, REGION_HALF_SIDE_KM + step_km, step_km)
    curves = (
        np.column_stack([_bay_shore_x(y), y]),
        np.column_stack([_peninsula_x(y), y]),
        np.column_stack([y, _bay_head_y(y)]),
        np.column_stack([y, _gulf_shore_y(y)]),
    )
    pieces = []
    for curve in curves:
        tangent = np.gradient(curve, axis=0)
        normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
        normal *= 0.02 / np.hypot(normal[:, 0], normal[:, 1])[:, None]
        side_a = is_sea(*(curve + normal).T)
        side_b = is_sea(*(curve - normal).T)
        inside = np.all(np.abs(curve) <= REGION_HALF_SIDE_KM, axis=1)
        on_shore = (side_a != side_b) & inside
        pieces.extend(runs(curve, on_shore))
    return pieces


def runs(points: np.ndarray, keep: np.ndarray) -> list[np.ndarray]:
    """Consecutive runs of ``points`` where ``keep`` holds, each with at least two points."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], keep.astype(np.int8), [0]])))
    return [points[a:b] for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= 2]


def park_outline(step_km: float = 0.25) -> np.ndarray:
    """Closed park polygon (base km), west side along the border, counter-clockwise."""
    y = np.arange(PARK_SOUTH_KM, PARK_NORTH_KM + 0.5 * step_km, step_km)
    west = np.column_stack([border_x(y), y])
    east = np.column_stack([border_x(y) + park_width(y), y])
    ring = np.concatenate([east, west[::-1]])
    return np.concatenate([ring, ring[:1]])


def border_line(step_km: float = 0.25) -> np.ndarray:
    """The Russia-China border polyline (base km), south to north across the region."""
    y = np.arange(-REGION_HALF_SIDE_KM, REGION_HALF_SIDE_KM + 0.5 * step_km, step_km)
    return np.column_stack([border_x(y), y])


@dataclass(frozen=True)
class Geography:
    """The base drawing placed in a projected CRS and scaled about the park centre.

    Parameters
    ----------
    centre_x_m, centre_y_m
        Park centre (m, UTM 52N).
    scale
        Linear scale of the drawing; the park area grows with its square.
    """

    centre_x_m: float
    centre_y_m: float
    scale: float

    @property
    def half_side_m(self) -> float:
        """Half the side of the square simulated region (m)."""
        return REGION_HALF_SIDE_KM * 1000.0 * self.scale

    def to_base(self, x_m: np.ndarray, y_m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Base kilometres of points given in metres."""
        factor = 1.0 / (1000.0 * self.scale)
        x_km = (np.asarray(x_m) - self.centre_x_m) * factor
        return x_km, (np.asarray(y_m) - self.centre_y_m) * factor

    def to_metres(self, points_km: ArrayLike) -> np.ndarray:
        """Metres of ``(n, 2)`` base points."""
        factor = 1000.0 * self.scale
        return np.asarray(points_km, dtype=float) * factor + [self.centre_x_m, self.centre_y_m]

    def km(self, distance_km: float) -> float:
        """A base distance in metres."""
        return distance_km * 1000.0 * self.scale
