"""Floor for the movement benchmark: the cheapest agent-step loop in numba.

Each agent steps a uniform heading and an exponential length, in place: no landscape lookups, no
other agents, no record of positions. The movement benchmark reports how close the full model gets
to its agent-steps per second (``fraction_of_floor``).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def random_walk(rng, n_ticks, x, y, step_mean_m):
    """Advance ``n_ticks`` ticks of a bare random walk of every agent in ``x, y`` (m) in place.

    Per agent and tick: a heading uniform on [0, 2 pi) then a length exponential with mean
    ``step_mean_m`` (m), drawn in that order (numba kernel; prior validation assumed).
    """
    for _ in range(n_ticks):
        for i in range(x.shape[0]):
            heading = 2.0 * math.pi * rng.random()
            length = -step_mean_m * math.log(1.0 - rng.random())
            x[i] += length * math.cos(heading)
            y[i] += length * math.sin(heading)


def random_walk_reference(rng, n_ticks, x, y, step_mean_m):
    """Vectorised numpy twin of :func:`random_walk` (same draws in the same order; tests only)."""
    for _ in range(n_ticks):
        u = rng.random((x.shape[0], 2))
        heading = 2.0 * np.pi * u[:, 0]
        length = -step_mean_m * np.log(1.0 - u[:, 1])
        x += length * np.cos(heading)
        y += length * np.sin(heading)
