"""A synthetic Land of the Leopard National Park, deterministic from a seed, at any resolution.

The vector geography (:mod:`twin.landscape.geography`) is scaled so that the park has the
requested area, placed in UTM 52N around 43.25 N, 131.33 E, and burnt into the output grid;
elevation, forest and habitat come from seeded smooth fields on a fixed lattice
(:mod:`twin.landscape.terrain`), so coarse and fine grids show the same park.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
from pyproj import Transformer

from twin.errors import require
from twin.landscape import geography as geo_
from twin.landscape.geography import Geography
from twin.landscape.grid import Landscape
from twin.landscape.lattice import Lattice
from twin.landscape.rasterize import disc_mask, polyline_mask
from twin.landscape.terrain import FIELD_SPACING_M, Terrain, build_terrain
from twin.landscape.trails import trail_network

CRS = "EPSG:32652"
CENTRE_LON_LAT = (131.33, 43.25)  # PARAMETERS.md "Park": position
PARK_AREA_KM2 = 2620.0  # PARAMETERS.md "Park": park decree, 2012
PARK_AREA_RANGE_KM2 = (100.0, 10000.0)
MIN_RESOLUTION_M = 25.0
MIN_CELLS_ACROSS_PARK = 10
MAX_CELLS = 30_000_000
BORDER_TRACK_KM = 0.7  # border guards' track on the Russian side of the fence


def park_geography(park_area_km2: float = PARK_AREA_KM2) -> Geography:
    """The synthetic geography scaled to ``park_area_km2`` (km2) and placed in UTM 52N."""
    x_m, y_m = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(*CENTRE_LON_LAT)
    scale = math.sqrt(park_area_km2 / geo_.base_park_area_km2())
    return Geography(float(x_m), float(y_m), scale)


def park_short_side_m(park_area_km2: float = PARK_AREA_KM2) -> float:
    """The shorter of the park's east-west and north-south extents (m)."""
    outline = park_geography(park_area_km2).to_metres(geo_.park_outline())
    return float(np.min(outline.max(axis=0) - outline.min(axis=0)))


def check_synthetic_args(
    resolution_m: Any, seed: Any, park_area_km2: Any, prefix: str = ""
) -> None:
    """Raise :class:`TwinInputError` naming ``prefix + key`` unless the arguments are usable."""
    low, high = PARK_AREA_RANGE_KM2
    require(
        _is_number(park_area_km2) and low <= park_area_km2 <= high,
        f"{prefix}park_area_km2",
        park_area_km2,
        f"a number of km2 in [{low:g}, {high:g}]",
    )
    require(
        bool(isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0),
        f"{prefix}seed",
        seed,
        "an integer >= 0",
    )
    coarsest_m = park_short_side_m(park_area_km2) / MIN_CELLS_ACROSS_PARK
    require(
        _is_number(resolution_m) and MIN_RESOLUTION_M <= resolution_m <= coarsest_m,
        f"{prefix}resolution_m",
        resolution_m,
        f"metres in [{MIN_RESOLUTION_M:g}, {coarsest_m:.0f}]: the park must span at least "
        f"{MIN_CELLS_ACROSS_PARK} cells across its short side",
    )
    side_m = 2.0 * park_geography(park_area_km2).half_side_m
    cells = math.ceil(side_m / resolution_m) ** 2
    require(
        cells <= MAX_CELLS,
        f"{prefix}resolution_m",
        resolution_m,
        f"at most {MAX_CELLS:,} cells over the {side_m / 1000:.0f} km region: use at least "
        f"{side_m / math.sqrt(MAX_CELLS):.0f} m",
    )


def synthetic_park(
    resolution_m: float = 250.0, seed: int = 1, park_area_km2: float = PARK_AREA_KM2
) -> Landscape:
    """Build the synthetic Land of the Leopard landscape.

    Parameters
    ----------
    resolution_m
        Cell side (m), from 25 m to a tenth of the park's short side (~4.7 km by default).
    seed
        Seed of the terrain noise and trails; the vector geography does not depend on it.
    park_area_km2
        Area of the park (km2); the whole geography is scaled about the park centre to match.

    Returns
    -------
    Landscape
        A ~110 km square region (scaled with the park) in UTM 52N with all layers and the
        vector features ``park_boundary``, ``border``, ``roads`` (first: Razdolnoye-Khasan),
        ``railway``, ``villages``, ``trails`` and ``coastline``. A park of at most
        :data:`MAX_KEPT_CELLS` cells is built once per process for each set of arguments and
        every call returns a fresh copy of it.
    """
    check_synthetic_args(resolution_m, seed, park_area_km2)
    key = (float(resolution_m), int(seed), float(park_area_km2))
    if key in _BUILT:
        return _copy(_BUILT[key])
    park = _build_park(*key)
    if math.prod(park.shape) > MAX_KEPT_CELLS:
        return park
    if len(_BUILT) == MAX_KEPT_PARKS:
        del _BUILT[next(iter(_BUILT))]  # the oldest
    _BUILT[key] = park
    return _copy(park)


MAX_KEPT_CELLS = 2_000_000
"""Largest park kept for reuse (~36 MB of layers; the default 250 m park has ~0.2 M cells)."""
MAX_KEPT_PARKS = 4
"""Parks kept at once (a study that varies the park keeps the last four built)."""
_BUILT: dict[tuple[float, int, float], Landscape] = {}
"""Parks built in this process, by their arguments: a sweep builds the same park per replicate
and callers get a copy, so the kept one is never modified."""


def _copy(landscape: Landscape) -> Landscape:
    """A copy whose layers and features share no mutable object with ``landscape``."""
    return Landscape(
        x0_m=landscape.x0_m,
        y0_m=landscape.y0_m,
        resolution_m=landscape.resolution_m,
        layers={name: layer.copy() for name, layer in landscape.layers.items()},
        crs=landscape.crs,
        features=copy.deepcopy(landscape.features),
    )


def _build_park(resolution_m: float, seed: int, park_area_km2: float) -> Landscape:
    """The park of validated arguments, built from scratch."""
    geo = park_geography(park_area_km2)
    centre = (geo.centre_x_m, geo.centre_y_m)
    grid = Lattice.covering(centre, geo.half_side_m, float(resolution_m))
    field = Lattice.covering(centre, geo.half_side_m + 2.5e3, FIELD_SPACING_M, centre)
    terrain_rng, trail_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2)
    )
    features = _features(geo)
    terrain = build_terrain(
        geo, field, terrain_rng, _villages_mask(field, features), _roads_mask(field, features)
    )
    features["trails"] = [
        _border_track(geo),
        *trail_network(terrain, trail_rng, centre, geo.half_side_m),
    ]
    return Landscape(
        x0_m=grid.x0_m,
        y0_m=grid.y0_m,
        resolution_m=float(resolution_m),
        layers=_layers(geo, grid, terrain, features),
        crs=CRS,
        features=features,
    )


def _layers(geo: Geography, grid: Lattice, terrain: Terrain, features: dict) -> dict:
    """Burn the vectors into ``grid`` and interpolate the terrain fields onto it."""
    u, v = geo.to_base(*grid.centres())
    water = geo_.is_sea(u, v)
    village = _villages_mask(grid, features) & ~water
    unusable = water | village
    fields = {
        name: np.where(unusable, 0.0, terrain.lattice.resample(getattr(terrain, name), grid))
        for name in ("forest_cover", "habitat")
    }
    elevation = np.where(water, 0.0, terrain.lattice.resample(terrain.elevation_m, grid))
    return {
        "elevation_m": elevation,
        **fields,
        "road": _roads_mask(grid, features) & ~water,
        "trail": polyline_mask(grid, features["trails"]) & ~unusable,
        "village": village,
        "water": water,
        "park": geo_.in_park(u, v) & ~unusable,
        "china": geo_.in_china(u, v),
    }


def _features(geo: Geography) -> dict[str, Any]:
    """Vector features in metres (trails are added once the terrain exists)."""
    villages = []
    for village in geo_.VILLAGES:
        x_m, y_m = map(float, geo.to_metres([village.x_km, village.y_km]))
        radius_m = geo.km(village.radius_km)
        villages.append({"name": village.name, "x_m": x_m, "y_m": y_m, "radius_m": radius_m})
    return {
        "park_boundary": geo.to_metres(geo_.park_outline()),
        "border": geo.to_metres(geo_.border_line()),
        "roads": [geo.to_metres(road) for road in geo_.ROADS],
        "railway": geo.to_metres(geo_.RAILWAY),
        "villages": villages,
        "coastline": [geo.to_metres(piece) for piece in geo_.coastline()],
    }


def _villages_mask(lattice: Lattice, features: dict) -> np.ndarray:
    villages = features["villages"]
    centres = np.array([[v["x_m"], v["y_m"]] for v in villages])
    return disc_mask(lattice, centres, np.array([v["radius_m"] for v in villages]))


def _roads_mask(lattice: Lattice, features: dict) -> np.ndarray:
    """Roads and the railway: both are busy lines that people use and animals avoid."""
    return polyline_mask(lattice, [*features["roads"], features["railway"]])


def _border_track(geo: Geography) -> np.ndarray:
    """The track along the border fence, on land in Russia (m)."""
    line = geo_.border_line()
    line[:, 0] += BORDER_TRACK_KM
    land = ~geo_.is_sea(line[:, 0], line[:, 1])
    longest = max(geo_.runs(line, land), key=len)
    return geo.to_metres(longest)


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float | np.number)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )
