"""Demography in n log n: the indexed vacancy and mate checks decide as checking every cat does."""

from __future__ import annotations

import numpy as np
import pytest

import twin
from tests.landscapes import flat_landscape
from twin.population.state import CatState
from twin.population.territory import Centres, find_territories, suitable, vacant


def _brute_d2(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    dx = points[:, 0, None] - centres[:, 0]
    dy = points[:, 1, None] - centres[:, 1]
    return (dx * dx + dy * dy).min(axis=1)


@pytest.mark.parametrize("seed", range(5))
def test_nearest_d2_matches_every_centre_within_the_radius(seed):
    """Within the radius the indexed squared distance is, to the bit, the minimum over every
    centre; beyond it, inf."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 50_000, (300, 2))
    points = rng.uniform(0, 50_000, (500, 2))
    radius = 4_000.0
    got = Centres(centres).nearest_d2(points, radius)
    want = _brute_d2(points, centres)
    close = want <= radius * radius
    assert np.array_equal(got[close], want[close])
    assert np.all(np.isinf(got[~close]))


def test_points_exactly_at_the_spacing_are_decided_as_before():
    """A candidate exactly ``spacing`` from a holder is vacant (>=), one a hair closer is not."""
    centres = np.array([[1000.0, 2000.0], [30_000.0, 30_000.0]])
    spacing = 8000.0
    points = np.array([[9000.0, 2000.0], [np.nextafter(9000.0, 0.0), 2000.0], [1000.0, 10_000.0]])
    d2 = Centres(centres).nearest_d2(points, spacing)
    assert list(d2 >= spacing * spacing) == list(_brute_d2(points, centres) >= spacing * spacing)
    assert list(d2 >= spacing * spacing) == [True, False, True]


def test_no_centres_means_everything_is_far():
    """Without centres every point is infinitely far (every candidate vacant)."""
    assert np.all(np.isinf(Centres(np.zeros((0, 2))).nearest_d2(np.ones((3, 2)), 100.0)))


def _state(rng: np.random.Generator, n: int, x0_m: float, y0_m: float, size_m: float) -> CatState:
    st = CatState()
    rows = st.add(n)
    st.species[rows] = rng.integers(0, 2, n)
    st.sex[rows] = rng.integers(0, 2, n)
    st.territorial[rows] = rng.random(n) < 0.1
    st.acx[rows] = x0_m + rng.uniform(0, size_m, n)
    st.acy[rows] = y0_m + rng.uniform(0, size_m, n)
    return st


def _find_by_brute_force(state, rows, landscape, params, rng):
    """find_territories as it was: every candidate against every holder, cat after cat."""
    tries = np.array([params[int(state.species[r])].demography.settle_tries_per_day for r in rows])
    mean = np.array(
        [
            params[int(state.species[r])].demography.dispersal_distance_m[int(state.sex[r])]
            for r in rows
        ]
    )
    floor = np.array([params[int(state.species[r])].demography.settle_min_habitat for r in rows])
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
        p = params[int(state.species[row])]
        sex = int(state.sex[row])
        n = state.n
        holders = np.flatnonzero(
            state.alive[:n]
            & state.territorial[:n]
            & (state.species[:n] == p.code)
            & (state.sex[:n] == sex)
        )
        spacing = p.demography.territory_spacing_m[sex]
        if holders.size:
            free = np.flatnonzero(
                _brute_d2(cand, np.column_stack((state.acx[holders], state.acy[holders])))
                >= spacing * spacing
            )
        else:
            free = np.arange(len(cand))
        if free.size:
            x, y = cand[free[0]]
            state.territorial[row] = True
            state.acx[row], state.acy[row] = x, y
            settled.append((row, float(x), float(y)))
    return settled


@pytest.mark.parametrize("seed", range(3))
def test_find_territories_settles_the_cats_checking_every_holder_settles(seed):
    """Many floaters at once settle where, and in the order, checking every holder for every
    candidate settles them (the day's settlers hold their ranges for the cats after them)."""
    land = flat_landscape(100, 100, 1000.0)
    params = {p.code: p for p in twin.load_scenario([]).species.values()}
    fast, slow = (
        _state(np.random.default_rng(seed), 600, land.x0_m, land.y0_m, 100_000.0) for _ in range(2)
    )
    rows = np.flatnonzero(~fast.territorial[: fast.n])
    got = find_territories(fast, rows, land, params, np.random.default_rng(seed))
    want = _find_by_brute_force(slow, rows, land, params, np.random.default_rng(seed))
    assert got == want and len(got) > 10
    assert np.array_equal(fast.acx[: fast.n], slow.acx[: slow.n])


def test_vacant_checks_the_holders_of_one_species_and_sex():
    """A holder of the other sex or species does not make a candidate occupied."""
    st = CatState()
    rows = st.add(2)
    st.species[rows], st.sex[rows], st.territorial[rows] = [0, 1], [0, 0], True
    st.acx[rows], st.acy[rows] = 0.0, 0.0
    here = np.array([[10.0, 0.0]])
    assert not vacant(st, 0, 0, here, 100.0)[0]
    assert vacant(st, 0, 1, here, 100.0)[0] and vacant(st, 2, 0, here, 100.0)[0]
