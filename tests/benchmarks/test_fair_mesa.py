"""The fair Mesa baseline (experiments/benchmarks/fair_mesa.py) against the twin's movement kernel.

Both move the default scenario's animals from the same start for two weeks; the benchmark's
statistics must agree within its tolerances, and a Mesa model with a changed behaviour must not.
"""

from __future__ import annotations

import pytest

from experiments.benchmarks.fair_mesa import FairModel
from experiments.benchmarks.movement import (
    animal_model_factory,
    disagreements,
    run_mesa,
    run_twin,
    statistics,
)

pytestmark = pytest.mark.slow

DAYS = 14
TICKS_PER_DAY = 96


@pytest.fixture(scope="module")
def fresh():
    return animal_model_factory(5)


@pytest.fixture(scope="module")
def twin_statistics(fresh):
    return statistics(run_twin(fresh(), DAYS)[1], TICKS_PER_DAY)


def _mesa_statistics(source):
    return statistics(run_mesa(FairModel(source, seed=7), DAYS)[1], TICKS_PER_DAY)


def test_agrees_with_the_twin(fresh, twin_statistics):
    """Daily travel, step length, share of steps that move, distance from the activity centre and
    the share of leopard fixes within 1 km of a tiger agree with the twin's within tolerance."""
    assert disagreements(twin_statistics, _mesa_statistics(fresh())) == {}


def _weaker_centre_pull(source):
    source.state.sigma_m[:] *= 1.5


def _no_tiger_avoidance(source):
    source._kernel_args["avoid_w"][:] = 0.0


@pytest.mark.parametrize(
    ("change", "statistic"),
    [(_weaker_centre_pull, "centre_km"), (_no_tiger_avoidance, "tiger_near_share")],
)
def test_a_changed_behaviour_disagrees(fresh, twin_statistics, change, statistic):
    """A Mesa model with a 1.5x wider pull to the activity centre strays further from it; one
    whose leopards ignore tigers has more leopard fixes near tigers: the check fails on each."""
    source = fresh()
    change(source)
    assert statistic in disagreements(twin_statistics, _mesa_statistics(source))
