"""Encounter kernels against their pure-numpy twins."""

from __future__ import annotations

import numpy as np
import pytest

from twin.threats.encounters import moving_encounters, segment_point_hits
from twin.threats.encounters_reference import (
    moving_encounters_reference,
    segment_point_hits_reference,
)


def _walks(rng, n_ticks, n, step_m=150.0):
    xs = np.cumsum(rng.normal(0.0, step_m, (n_ticks + 1, n)), axis=0)
    ys = np.cumsum(rng.normal(0.0, step_m, (n_ticks + 1, n)), axis=0)
    return xs, ys


def _same(a, b):
    for name in ("k", "i", "j"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_allclose(a.s, b.s, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_moving_encounters_match_reference(seed):
    """Closest approaches of two moving groups equal the brute-force numpy result."""
    rng = np.random.default_rng(seed)
    ax, ay = _walks(rng, 40, 6)
    bx, by = _walks(rng, 40, 30)
    fast = moving_encounters(ax, ay, bx, by, 120.0)
    assert len(fast.k) > 10
    _same(fast, moving_encounters_reference(ax, ay, bx, by, 120.0))


def test_moving_encounter_found_between_ticks():
    """Two walkers that cross mid-tick meet at s = 0.5 though both tick ends are far apart."""
    ax, ay = np.array([[0.0], [1000.0]]), np.zeros((2, 1))
    bx, by = np.array([[1000.0], [0.0]]), np.array([[30.0], [30.0]])
    m = moving_encounters(ax, ay, bx, by, 50.0)
    assert list(m.k) == [0] and m.s[0] == pytest.approx(0.5)
    assert len(moving_encounters(ax, ay, bx, by + 30.0, 50.0).k) == 0


@pytest.mark.parametrize("cell_m", [50.0, 500.0, 5000.0])
def test_segment_point_hits_match_reference(cell_m):
    """Segment-to-point hits equal the brute-force result whatever the hashing cell size."""
    rng = np.random.default_rng(7)
    xs, ys = _walks(rng, 30, 20)
    xs[5:8, 3] = xs[5, 3]
    ys[5:8, 3] = ys[5, 3]
    px, py = rng.uniform(-1500, 1500, 400), rng.uniform(-1500, 1500, 400)
    fast = segment_point_hits(xs, ys, px, py, 25.0, cell_m=cell_m)
    assert len(fast.k) > 10
    _same(fast, segment_point_hits_reference(xs, ys, px, py, 25.0))


def test_standing_still_passes_nothing():
    """A mover that stands on a point for a tick does not trigger it."""
    xs, ys = np.zeros((3, 1)), np.zeros((3, 1))
    hits = segment_point_hits(xs, ys, np.array([0.0]), np.array([0.0]), 5.0)
    assert len(hits.k) == 0


def test_empty_inputs():
    """No movers or no points give no meetings."""
    assert len(moving_encounters(np.zeros((3, 0)), np.zeros((3, 0)), np.zeros((3, 2)),
                                 np.zeros((3, 2)), 10.0).k) == 0  # fmt: skip
    assert len(segment_point_hits(np.zeros((3, 2)), np.zeros((3, 2)), np.zeros(0),
                                  np.zeros(0), 10.0).k) == 0  # fmt: skip
