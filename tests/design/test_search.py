"""Greedy and genetic layout searches: improvement, constraints and determinism."""

from __future__ import annotations

import numpy as np
import pytest

from twin.design import Budget, DesignProblem, DetectionModel, genetic, greedy, random_design
from twin.design.search import fill
from twin.errors import TwinInputError
from twin.estimators.mask import Mask


def _problem(stations=6, spacing_m=900.0, criterion="rse", visits=None) -> DesignProblem:
    x, y = np.meshgrid(np.arange(24) * 500.0, np.arange(20) * 500.0)
    mask = Mask(x.ravel(), y.ravel(), 500.0)
    sites = np.random.default_rng(3).uniform([0.0, 0.0], [11_500.0, 9_500.0], size=(120, 2))
    model = DetectionModel(60.0, 0.15, 800.0, 8)
    budget = Budget(2 * stations, 2, visits, 3)
    return DesignProblem(sites, mask, model, budget, spacing_m, criterion)


def _min_gap_m(problem: DesignProblem, chosen: np.ndarray) -> float:
    xy = problem.sites_m[chosen]
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    return float(d[~np.eye(len(chosen), dtype=bool)].min())


@pytest.mark.parametrize("criterion", ["n", "r", "rse"])
def test_greedy_beats_random_designs(criterion):
    """The greedy design scores above the best of 20 random feasible designs."""
    problem = _problem(criterion=criterion)
    rng = np.random.default_rng(5)
    best_random = max(problem.score(random_design(problem, rng)) for _ in range(20))
    assert greedy(problem).score > best_random


def test_genetic_improves_on_its_random_start():
    """The GA's best design beats the best design of its random first generation."""
    problem = _problem()
    start = max(problem.score(random_design(problem, np.random.default_rng(9))) for _ in range(20))
    result = genetic(problem, np.random.default_rng(9), population=20, generations=40)
    assert result.score > 1.2 * start
    assert np.all(np.diff(result.history) >= 0)


def test_genetic_keeps_a_greedy_seed_or_better():
    """Seeded with the greedy design, elitism never loses it."""
    problem = _problem()
    first = greedy(problem)
    result = genetic(problem, np.random.default_rng(2), 12, 10, seeds=[first.chosen])
    assert result.score >= first.score


def test_designs_respect_budget_and_spacing():
    """Greedy, GA and random designs have the budgeted stations, all >= min_spacing_m apart."""
    problem = _problem(stations=8, spacing_m=1500.0)
    rng = np.random.default_rng(4)
    designs = [greedy(problem).chosen, genetic(problem, rng, 12, 8).chosen]
    designs.append(random_design(problem, rng))
    for chosen in designs:
        assert chosen.size == 8 and problem.feasible(chosen)
        assert _min_gap_m(problem, chosen) >= 1500.0


def test_visit_budget_limits_the_stations():
    """12 visits at 3 per station allow 4 stations, whatever the cameras."""
    problem = _problem(stations=10, visits=12)
    assert problem.stations == 4 and greedy(problem).chosen.size == 4


def test_searches_are_deterministic():
    """Same generator seed, same design."""
    problem = _problem()
    a = genetic(problem, np.random.default_rng(7), 12, 6)
    b = genetic(problem, np.random.default_rng(7), 12, 6)
    np.testing.assert_array_equal(a.chosen, b.chosen)
    np.testing.assert_array_equal(greedy(problem).chosen, greedy(problem).chosen)


def test_fill_skips_sites_too_close():
    """fill adds sites in order but never one within min_spacing_m of a chosen site."""
    problem = _problem(spacing_m=3000.0)
    chosen = fill(problem, np.empty(0, np.int64), np.arange(problem.n_sites))
    assert chosen[0] == 0 and problem.feasible(chosen)


def test_impossible_spacing_is_refused():
    """A budget that cannot fit at the spacing raises, naming the budget."""
    problem = _problem(stations=30, spacing_m=4000.0)
    with pytest.raises(TwinInputError, match="budget"):
        greedy(problem)


def test_bad_budget_names_the_key():
    """A budget of zero cameras is refused with its key."""
    with pytest.raises(TwinInputError, match="budget.cameras"):
        Budget(0)
