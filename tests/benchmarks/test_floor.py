"""The movement benchmark's floor (experiments/benchmarks/floor.py): a bare numba random walk."""

from __future__ import annotations

import numpy as np

from experiments.benchmarks.floor import random_walk, random_walk_reference


def test_kernel_matches_its_numpy_reference():
    """Same seed, same positions after 20 ticks of 50 agents as the vectorised numpy twin."""
    x, y = np.zeros(50), np.linspace(0.0, 1000.0, 50)
    x_ref, y_ref = x.copy(), y.copy()
    random_walk(np.random.default_rng(4), 20, x, y, 200.0)
    random_walk_reference(np.random.default_rng(4), 20, x_ref, y_ref, 200.0)
    np.testing.assert_allclose(x, x_ref, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(y, y_ref, rtol=1e-12, atol=1e-9)


def test_steps_have_the_mean_length_and_no_drift():
    """One-tick steps of 20,000 agents average 200 m (within 2%) with no net drift (< 5 m)."""
    x, y = np.zeros(20_000), np.zeros(20_000)
    random_walk(np.random.default_rng(5), 1, x, y, 200.0)
    assert abs(np.hypot(x, y).mean() - 200.0) < 4.0
    assert abs(x.mean()) < 5.0 and abs(y.mean()) < 5.0
