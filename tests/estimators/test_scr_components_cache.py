"""SCR likelihood values kept per detection parameters equal fresh evaluations."""

from __future__ import annotations

import numpy as np

from twin.estimators.scr_likelihood import SCRLikelihood
from twin.estimators.scr_simulate import simulate_scr


def test_repeated_theta_returns_the_first_evaluation(small_grid):
    """A revisited theta gives bit-identical components without a second kernel call."""
    traps, mask = small_grid
    data = simulate_scr(traps, mask, 40 / mask.area_ha, 0.3, 400.0, np.random.default_rng(5))
    lik = SCRLikelihood(data, mask, "HN")
    theta = np.array([-1.2, np.log(450.0)])
    first = lik.components(theta)
    calls = []
    lik._kernel = lambda *args: calls.append(args)
    assert lik.components(theta.copy()) == first
    assert calls == []
    assert first == SCRLikelihood(data, mask, "HN").components(theta)
