"""Patrol routes: where teams start and turn."""

from __future__ import annotations

import numpy as np
import pytest

from tests.threats.helpers import policy, threats_only
from twin.threats.patrols import RouteMaker, _first_within
from twin.threats.patrols_reference import first_within


@pytest.fixture(scope="module")
def routes() -> RouteMaker:
    """The route maker of the flat test park."""
    return threats_only(policy(), 1).routes


@pytest.mark.parametrize("seed", range(4))
def test_route_points_draw_as_generator_choice(routes, seed):
    """Zone points come from the draws of ``rng.choice(p=weights)`` then ``random_points``."""
    rng = np.random.default_rng(seed)
    weights = rng.random(len(routes.zones)) * (rng.random(len(routes.zones)) < 0.3) + 1e-3
    weights /= weights.sum()
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    x, y = routes._points("random", cdf, 8, ours)
    zone = theirs.choice(len(routes.zones), size=8, p=weights)
    x_ref, y_ref = routes.zones.random_points(zone, theirs)
    np.testing.assert_array_equal(x, x_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert ours.random() == theirs.random()


@pytest.mark.parametrize("allocation", ["random", "roads"])
def test_routes_stay_near_their_start(routes, allocation):
    """A team turns within a third of its day's distance and walks back to its start."""
    weights = np.full(len(routes.zones), 1.0 / len(routes.zones))
    paths = routes.routes(allocation, weights, 5, np.random.default_rng(3))
    assert len(paths) == 5
    cols, end, turn = np.arange(5), paths.n_ticks, paths.wander_first
    np.testing.assert_allclose(paths.x_m[end, cols], paths.x_m[0], atol=1e-6)
    np.testing.assert_allclose(paths.y_m[end, cols], paths.y_m[0], atol=1e-6)
    reach = np.hypot(paths.x_m[turn, cols] - paths.x_m[0], paths.y_m[turn, cols] - paths.y_m[0])
    assert np.all(reach <= routes.leg_m + 1.0)


def test_first_within_matches_reference():
    """The turning-point kernel picks the numpy twin's point, or none when none is in reach."""
    rng = np.random.default_rng(5)
    picked = []
    for _ in range(200):
        x_m, y_m = rng.uniform(0.0, 10_000.0, (2, 8))
        x, y, reach = *rng.uniform(0.0, 10_000.0, 2), rng.uniform(0.0, 4_000.0)
        picked.append(_first_within(x_m, y_m, x, y, reach))
        assert picked[-1] == first_within(x_m, y_m, x, y, reach)
    assert -1 in picked and max(picked) > 0
