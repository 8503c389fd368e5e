"""Territory establishment: where a dispersing cat may settle (density dependence lives here).

A cat may settle at a candidate centre on habitat of at least ``settle_min_habitat`` that lies at
least ``territory_spacing_m`` from every territorial cat of its own species and sex. Territories are
therefore limited by the landscape, so a population without poaching levels off.
"""

from __future__ import annotations

import numpy as np

from twin.landscape.grid import Landscape
from twin.population.params import SpeciesParams
from twin.population.state import CatState


def dispersal_candidates(
    origin_x_m: float, origin_y_m: float, mean_distance_m: float, count: int, rng: np.random.Generator
) -> np.ndarray:
    """Candidate centres at exponential distances (mean ``mean_distance_m``) in uniform directions."""
    dist = rng.exponential(mean_distance_m, size=count)
    theta = rng.uniform(0.0, 2.0 * np.pi, size=count)
    return np.column_stack(
        (origin_x_m + dist * np.cos(theta), origin_y_m + dist * np.sin(theta))
    )


def suitable(
    landscape: Landscape, xy: np.ndarray, min_habitat: float
) -> np.ndarray:
    """Whether each candidate centre is inside the grid, on land and on good enough habitat."""
    x, y = xy[:, 0], xy[:, 1]
    inside = landscape.inside(x, y)
    habitat = landscape.sample("habitat", x, y)
    water = landscape.sample("water", x, y).astype(bool)
    return inside & ~water & (habitat >= min_habitat)


def vacant(
    state: CatState, species: int, sex: int, xy: np.ndarray, spacing_m: float, exclude: int = -1
) -> np.ndarray:
    """Whether each candidate is at least ``spacing_m`` from every same-species, same-sex holder."""
    n = state.n
    holders = np.flatnonzero(
        state.alive[:n] & state.territorial[:n] & (state.species[:n] == species)
        & (state.sex[:n] == sex)
    )
    holders = holders[holders != exclude]
    if holders.size == 0:
        return np.ones(len(xy), dtype=bool)
    dx = xy[:, 0, None] - state.acx[holders]
    dy = xy[:, 1, None] - state.acy[holders]
    return (dx * dx + dy * dy).min(axis=1) >= spacing_m * spacing_m


def find_territory(
    state: CatState,
    row: int,
    landscape: Landscape,
    params: SpeciesParams,
    rng: np.random.Generator,
) -> tuple[float, float] | None:
    """Try today's dispersal candidates for ``row``; return the first vacant suitable centre."""
    d = params.demography
    sex = int(state.sex[row])
    xy = dispersal_candidates(
        state.natal_x[row], state.natal_y[row], d.dispersal_distance_m[sex],
        d.settle_tries_per_day, rng,
    )
    ok = suitable(landscape, xy, d.settle_min_habitat)
    if ok.any():
        ok[ok] = vacant(state, params.code, sex, xy[ok], d.territory_spacing_m[sex], exclude=row)
    hits = np.flatnonzero(ok)
    if hits.size == 0:
        return None
    return float(xy[hits[0], 0]), float(xy[hits[0], 1])
