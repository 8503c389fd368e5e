"""Territory establishment: where a dispersing cat may settle (density dependence lives here).

A cat may settle at a candidate centre on habitat of at least ``settle_min_habitat`` that lies at
least ``territory_spacing_m`` from every territorial cat of its own species and sex. Territories are
therefore limited by the landscape, so a population without poaching levels off.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
from scipy.spatial import cKDTree

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


class Centres:
    """Activity centres (m) indexed for "how near is the nearest one" (a k-d tree), so that a day's
    vacancy and mate checks cost ``n log n`` in the number of animals, not ``n^2``.

    Parameters
    ----------
    xy
        Centres, shape ``(n, 2)``, m.
    """

    def __init__(self, xy: np.ndarray) -> None:
        self.xy = xy
        self.tree = cKDTree(xy) if len(xy) else None

    def nearest_d2(self, points: np.ndarray, radius_m: float) -> np.ndarray:
        """Squared distance (m^2) from each point to its nearest centre where that is within
        ``radius_m``, else inf.

        The tree only finds the centres near a point; their squared distances are computed as
        ``dx * dx + dy * dy``, as a comparison with every centre computes them, so that a
        decision at the radius is the same to the last bit.
        """
        out = np.full(len(points), np.inf)
        if self.tree is None or len(points) == 0:
            return out
        near = self.tree.query_ball_point(points, radius_m * (1.0 + 1e-9) + 1e-6)
        counts = np.fromiter(map(len, near), dtype=np.int64, count=len(points))
        point = np.repeat(np.arange(len(points)), counts)
        centre = np.fromiter(chain.from_iterable(near), dtype=np.int64, count=int(counts.sum()))
        dx = points[point, 0] - self.xy[centre, 0]
        dy = points[point, 1] - self.xy[centre, 1]
        np.minimum.at(out, point, dx * dx + dy * dy)
        return out


def holders(state: CatState, species: int, sex: int) -> Centres:
    """Centres of the living territorial cats of a species and sex."""
    n = state.n
    rows = np.flatnonzero(
        state.alive[:n]
        & state.territorial[:n]
        & (state.species[:n] == species)
        & (state.sex[:n] == sex)
    )
    return Centres(np.column_stack((state.acx[rows], state.acy[rows])))


def vacant(state: CatState, species: int, sex: int, xy: np.ndarray, spacing_m: float) -> np.ndarray:
    """Whether each candidate is at least ``spacing_m`` from every same-species, same-sex holder."""
    return holders(state, species, sex).nearest_d2(xy, spacing_m) >= spacing_m * spacing_m


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
    group = (state.species[rows].astype(np.int64) * 2 + state.sex[rows])[owner]
    spacing = {
        int(g): params_by_code[g // 2].demography.territory_spacing_m[g % 2]
        for g in np.unique(group)
    }
    # vacant of the day's holders: one tree per species and sex, all candidates at once
    free = np.zeros(len(xy), dtype=bool)
    for g, s in spacing.items():
        sel = ok & (group == g)
        free[sel] = holders(state, g // 2, g % 2).nearest_d2(xy[sel], s) >= s * s
    # and of the cats that settle today, earlier in ``rows``
    today: dict[int, list[tuple[float, float]]] = {g: [] for g in spacing}
    bounds = np.concatenate(([0], np.cumsum(tries)))
    settled = []
    for k in np.unique(owner[ok]):
        row = int(rows[k])
        g = int(group[bounds[k]])
        cand = xy[bounds[k] : bounds[k + 1]][free[bounds[k] : bounds[k + 1]]]
        if today[g] and len(cand):
            s = spacing[g]
            cand = cand[Centres(np.array(today[g])).nearest_d2(cand, s) >= s * s]
        if len(cand):
            x, y = float(cand[0, 0]), float(cand[0, 1])
            state.territorial[row] = True
            state.acx[row], state.acy[row] = x, y
            settled.append((row, x, y))
            today[g].append((x, y))
    return settled
