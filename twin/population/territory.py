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
    origin_x_m: float,
    origin_y_m: float,
    mean_distance_m: float,
    count: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Candidate centres at exponential distances (mean ``mean_distance_m``), uniform directions."""
    dist = rng.exponential(mean_distance_m, size=count)
    theta = rng.uniform(0.0, 2.0 * np.pi, size=count)
    return np.column_stack((origin_x_m + dist * np.cos(theta), origin_y_m + dist * np.sin(theta)))


def suitable(landscape: Landscape, xy: np.ndarray, min_habitat: float | np.ndarray) -> np.ndarray:
    """Whether each candidate centre is inside the grid, on land and on good enough habitat."""
    rows, cols = landscape.cell_index(xy[:, 0], xy[:, 1])
    nrows, ncols = landscape.shape
    inside = (rows >= 0) & (cols >= 0) & (rows < nrows) & (cols < ncols)
    ok = np.zeros(len(xy), dtype=bool)
    r, c = rows[inside], cols[inside]
    habitat = landscape.layers["habitat"][r, c]
    floor = min_habitat[inside] if isinstance(min_habitat, np.ndarray) else min_habitat
    ok[inside] = ~landscape.layers["water"][r, c] & (habitat >= floor)
    return ok


def vacant(
    state: CatState, species: int, sex: int, xy: np.ndarray, spacing_m: float, exclude: int = -1
) -> np.ndarray:
    """Whether each candidate is at least ``spacing_m`` from every same-species, same-sex holder."""
    n = state.n
    holders = np.flatnonzero(
        state.alive[:n]
        & state.territorial[:n]
        & (state.species[:n] == species)
        & (state.sex[:n] == sex)
    )
    holders = holders[holders != exclude]
    if holders.size == 0:
        return np.ones(len(xy), dtype=bool)
    dx = xy[:, 0, None] - state.acx[holders]
    dy = xy[:, 1, None] - state.acy[holders]
    return (dx * dx + dy * dy).min(axis=1) >= spacing_m * spacing_m


def find_territories(
    state: CatState,
    rows: np.ndarray,
    landscape: Landscape,
    params_by_code: dict[int, SpeciesParams],
    rng: np.random.Generator,
) -> list[tuple[int, float, float]]:
    """Try today's dispersal candidates of every cat in ``rows`` (in order).

    Candidates lie around each cat's current (wandering) centre, which starts at the natal range;
    the first suitable one that is still vacant (after earlier cats in ``rows`` settled) is taken.
    Returns ``(row, x_m, y_m)`` for the cats that settle.
    """
    if len(rows) == 0:
        return []
    tries = np.array(
        [params_by_code[int(state.species[r])].demography.settle_tries_per_day for r in rows]
    )
    mean = np.array(
        [
            params_by_code[int(state.species[r])].demography.dispersal_distance_m[int(state.sex[r])]
            for r in rows
        ]
    )
    floor = np.array(
        [params_by_code[int(state.species[r])].demography.settle_min_habitat for r in rows]
    )
    owner = np.repeat(np.arange(len(rows)), tries)
    dist = rng.exponential(mean[owner])
    theta = rng.uniform(0.0, 2.0 * np.pi, size=len(owner))
    xy = np.column_stack(
        (
            state.acx[rows][owner] + dist * np.cos(theta),
            state.acy[rows][owner] + dist * np.sin(theta),
        )
    )
    ok = suitable(landscape, xy, floor[owner])
    settled = []
    for k in np.unique(owner[ok]):
        row = int(rows[k])
        cand = xy[ok & (owner == k)]
        p = params_by_code[int(state.species[row])]
        sex = int(state.sex[row])
        free = np.flatnonzero(
            vacant(state, p.code, sex, cand, p.demography.territory_spacing_m[sex], exclude=row)
        )
        if free.size:
            x, y = cand[free[0]]
            state.territorial[row] = True
            state.acx[row], state.acy[row] = x, y
            settled.append((row, float(x), float(y)))
    return settled
