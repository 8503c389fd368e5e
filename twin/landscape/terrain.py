"""Elevation, forest cover and habitat of the synthetic park on a fixed field lattice.

The fields are computed once on a lattice anchored at the park centre (spacing
:data:`FIELD_SPACING_M`) and interpolated onto the output grid, so every resolution shows the
same terrain. Relief after /work/shared/PARAMETERS.md "Park": the Black Mountains along the
border peak at 996 m and fall toward Amur Bay and Peter the Great Gulf.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import distance_transform_edt

from twin.landscape import geography as geo_
from twin.landscape.geography import Geography
from twin.landscape.habitat import habitat_suitability
from twin.landscape.lattice import Lattice
from twin.landscape.noise import SmoothNoise

FIELD_SPACING_M = 200.0
PEAK_M = 996.0  # highest summit of the Black Mountains
KNEE_M = 850.0  # relief above the knee is compressed smoothly toward PEAK_M
NOISE_LENGTHS_M = {
    "hills": 6000.0,
    "relief": 2500.0,
    "rough": 800.0,
    "forest": 1500.0,
    "farm": 3000.0,
}


@dataclass(frozen=True)
class Terrain:
    """Continuous fields on the field lattice (row 0 south)."""

    lattice: Lattice
    elevation_m: np.ndarray
    forest_cover: np.ndarray
    habitat: np.ndarray
    sea: np.ndarray


def build_terrain(
    geo: Geography,
    lattice: Lattice,
    rng: np.random.Generator,
    village_mask: np.ndarray,
    road_mask: np.ndarray,
) -> Terrain:
    """Elevation (m), forest cover and habitat on ``lattice``; prior validation assumed."""
    centre = (geo.centre_x_m, geo.centre_y_m)
    noise = {
        name: SmoothNoise.draw(rng, centre, geo.half_side_m, length_m).at(lattice)
        for name, length_m in NOISE_LENGTHS_M.items()
    }
    u, v = geo.to_base(*lattice.centres())
    sea = geo_.is_sea(u, v)
    coast_km = distance_transform_edt(~sea, sampling=lattice.spacing_m / 1000.0)
    elevation = _elevation_m(u, v, coast_km, noise)
    elevation[sea] = 0.0
    village_km = distance_transform_edt(~village_mask, sampling=lattice.spacing_m / 1000.0)
    park = geo_.in_park(u, v)
    forest = _forest_cover(elevation, geo_.in_china(u, v), park, village_km, coast_km, noise)
    forest[sea | village_mask] = 0.0
    habitat = habitat_suitability(
        elevation, forest, sea, village_mask, road_mask, lattice.spacing_m
    )
    return Terrain(lattice, elevation.astype(np.float32), forest.astype(np.float32), habitat, sea)


def _elevation_m(
    u: np.ndarray, v: np.ndarray, coast_km: np.ndarray, noise: dict[str, np.ndarray]
) -> np.ndarray:
    """Ridge along the border on rolling hills, tapering to sea level at the shore."""
    east_km = u - geo_.border_x(v)
    crest_m = 380.0 + 600.0 * np.exp(-(((v - 6.0) / 26.0) ** 2))
    width_km = np.where(east_km < 3.0, 6.0, 9.0)  # steeper toward China
    on_ridge = np.exp(-0.5 * ((east_km - 3.0) / width_km) ** 2)
    ridge_m = crest_m * on_ridge * (0.9 + 0.1 * noise["relief"])
    foothills_m = np.where(east_km < 0.0, 330.0, 170.0 + 230.0 * np.exp(-east_km / 22.0))
    relief = np.clip(0.8 + 0.25 * noise["relief"], 0.35, 1.3)
    hills_m = foothills_m * (1.0 + 0.45 * noise["hills"]) * relief * (1.0 - 0.7 * on_ridge)
    raw_m = (ridge_m + hills_m) * (1.0 - np.exp(-coast_km / 3.5)) + 25.0 * noise["rough"]
    head_m = PEAK_M - KNEE_M
    capped = np.where(raw_m > KNEE_M, KNEE_M + head_m * np.tanh((raw_m - KNEE_M) / head_m), raw_m)
    return np.maximum(capped, 1.0)


def _forest_cover(
    elevation_m: np.ndarray,
    china: np.ndarray,
    park: np.ndarray,
    village_km: np.ndarray,
    coast_km: np.ndarray,
    noise: dict[str, np.ndarray],
) -> np.ndarray:
    """Dense forest on the hills, open lowlands, farmland outside the park, clearings by people."""
    hill = np.clip((elevation_m - 30.0) / 220.0, 0.0, 1.0)
    hill = hill * hill * (3.0 - 2.0 * hill)
    cover = 0.42 + 0.48 * hill + 0.04 * noise["forest"]
    farm_limit_m = np.where(china, 250.0, 90.0) + 40.0 * noise["farm"]  # China is more farmed
    farm = (elevation_m < farm_limit_m) & ~park
    cover = np.where(farm, 0.1 + 0.03 * noise["forest"], cover)
    cover *= 1.0 - 0.8 * np.exp(-village_km / 1.0)
    cover *= 1.0 - 0.5 * np.exp(-coast_km / 1.2)
    return np.clip(cover, 0.0, 0.97)
