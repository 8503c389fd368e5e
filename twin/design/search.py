"""Search for a good design: random start, greedy addition and a genetic algorithm.

The greedy search adds, one at a time, the feasible site that most improves the criterion
(every candidate is scored at once from the running hazard sum). The genetic algorithm follows
secr's ``GAoptim`` and oSCR's ``scrdesignGA`` (Durbach et al. 2021, Methods Ecol. Evol.
12:298-310): a population of designs (sets of candidate indices), tournament selection, crossover
that rebuilds a child from the union of its parents' sites under the spacing rule, mutation that
swaps sites for random feasible ones, and elitism. Designs always respect the budget and the
minimum spacing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.design.problem import DesignProblem, criterion_value
from twin.errors import TwinInputError, require


@dataclass(frozen=True)
class SearchResult:
    """A design and how the search got there.

    Attributes
    ----------
    chosen : numpy.ndarray of int
        Candidate indices of the chosen stations.
    score : float
        Criterion of the design.
    history : numpy.ndarray of float
        Best criterion after each step (greedy: each added station; GA: each generation).
    """

    chosen: np.ndarray
    score: float
    history: np.ndarray


def fill(problem: DesignProblem, start: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Add sites from ``order`` to ``start`` while they keep the spacing, up to the budget."""
    chosen = list(start)
    blocked = np.zeros(problem.n_sites, dtype=bool)
    if chosen:
        blocked |= problem.conflicts[chosen].any(axis=0)
        blocked[chosen] = True
    for site in order:
        if len(chosen) == problem.stations:
            break
        if not blocked[site]:
            chosen.append(int(site))
            blocked |= problem.conflicts[site]
            blocked[site] = True
    return np.asarray(chosen, dtype=np.int64)


def random_design(problem: DesignProblem, rng: np.random.Generator) -> np.ndarray:
    """A feasible design of sites added in random order (raises if the spacing allows none)."""
    chosen = fill(problem, np.empty(0, np.int64), rng.permutation(problem.n_sites))
    _check_size(problem, chosen)
    return chosen


def greedy(problem: DesignProblem) -> SearchResult:
    """Add the best feasible site one at a time (deterministic; ties go to the lowest index)."""
    occasions, animals = problem.model.occasions, problem.animals
    site_detections = occasions * (-np.expm1(-problem.hazard) @ animals)
    total = np.zeros(problem.mask.n_points)
    detections = 0.0
    blocked = np.zeros(problem.n_sites, dtype=bool)
    chosen: list[int] = []
    history = []
    for _ in range(problem.stations):
        n = -np.expm1(-occasions * (total + problem.hazard)) @ animals
        score = criterion_value(n, detections + site_detections - n, problem.criterion)
        score[blocked] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        chosen.append(best)
        history.append(float(score[best]))
        total += problem.hazard[best]
        detections += site_detections[best]
        blocked |= problem.conflicts[best]
        blocked[best] = True
    design = np.asarray(chosen, dtype=np.int64)
    _check_size(problem, design)
    return SearchResult(design, problem.score(design), np.asarray(history))


def _check_size(problem: DesignProblem, chosen: np.ndarray) -> None:
    if chosen.size < problem.stations:
        raise TwinInputError(
            f"budget: {problem.stations} stations do not fit among {problem.n_sites} candidate "
            f"sites at min_spacing_m={problem.min_spacing_m:g} (only {chosen.size} placed); "
            "lower the budget or the spacing, or add candidates."
        )


def genetic(
    problem: DesignProblem,
    rng: np.random.Generator,
    population: int = 40,
    generations: int = 60,
    mutation_rate: float = 0.1,
    elite: int = 2,
    seeds: list[np.ndarray] | None = None,
) -> SearchResult:
    """Genetic algorithm over feasible designs.

    Parameters
    ----------
    problem
        The design problem.
    rng
        Random generator (the only source of randomness).
    population, generations
        Designs per generation and number of generations.
    mutation_rate
        Probability that each site of a child is swapped for a random feasible one.
    elite
        Best designs copied unchanged into the next generation.
    seeds
        Designs to put in the first generation (e.g. the greedy one); the rest are random.
    """
    require(population >= 4, "population", population, "an integer >= 4")
    require(generations >= 1, "generations", generations, "an integer >= 1")
    require(0.0 <= mutation_rate <= 1.0, "mutation_rate", mutation_rate, "a probability")
    require(0 <= elite < population, "elite", elite, f"an integer in [0, {population})")
    designs = list(seeds or [])[:population]
    designs += [random_design(problem, rng) for _ in range(population - len(designs))]
    scores = np.array([problem.score(d) for d in designs])
    history = []
    for _ in range(generations):
        ranked = np.argsort(-scores, kind="stable")
        children = [designs[i] for i in ranked[:elite]]
        while len(children) < population:
            mum, dad = (designs[_tournament(scores, rng)] for _ in range(2))
            children.append(
                _mutate(problem, _crossover(problem, mum, dad, rng), mutation_rate, rng)
            )
        designs = children
        scores = np.array([problem.score(d) for d in designs])
        history.append(float(scores.max()))
    best = int(np.argmax(scores))
    return SearchResult(np.sort(designs[best]), float(scores[best]), np.asarray(history))


def _tournament(scores: np.ndarray, rng: np.random.Generator, size: int = 3) -> int:
    entrants = rng.integers(0, scores.size, size)
    return int(entrants[np.argmax(scores[entrants])])


def _crossover(problem, mum, dad, rng) -> np.ndarray:
    """Child from the parents' sites in random order, topped up with random sites."""
    pool = rng.permutation(np.union1d(mum, dad))
    child = fill(problem, np.empty(0, np.int64), pool)
    return fill(problem, child, rng.permutation(problem.n_sites))


def _mutate(problem, design, rate, rng) -> np.ndarray:
    """Drop each site with probability ``rate`` and refill with random feasible sites."""
    keep = design[rng.random(design.size) >= rate]
    child = fill(problem, keep, rng.permutation(problem.n_sites))
    return child if child.size == problem.stations else design
