"""Passages of a block of ticks: the moved-segment kernel and the block finder."""

from dataclasses import fields

import numpy as np

from twin.cameras.geometry import find_block_passages, find_passages, moved_segments_reference
from twin.cameras.geometry_kernels import moved_segments
from twin.cameras.spatial_index import CameraIndex


def _block(rng, n_ticks=24, n=30):
    """Random-walk positions (m) with some animals and ticks standing still."""
    steps = rng.normal(0.0, 40.0, (n_ticks, n, 2)) * (rng.random((n_ticks, n, 1)) < 0.7)
    start = rng.uniform(0.0, 1500.0, (1, n, 2))
    path = np.concatenate([start, start + np.cumsum(steps, axis=0)])
    return np.ascontiguousarray(path[..., 0]), np.ascontiguousarray(path[..., 1])


def test_kernel_matches_reference():
    """Ticks, columns and segment ends equal the numpy twin's, in the same order."""
    rng = np.random.default_rng(4)
    xs, ys = _block(rng)
    counted = rng.random(xs.shape[0] - 1) < 0.6
    got_all = moved_segments(xs, ys, counted)
    want_all = moved_segments_reference(xs, ys, counted)
    for got, want in zip(got_all, want_all, strict=True):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_block_finder_equals_find_passages_on_the_moved_segments():
    """Every field of the block's passages equals find_passages on the counted moved segments."""
    rng = np.random.default_rng(9)
    xs, ys = _block(rng, n=60)
    index = CameraIndex.build(
        rng.uniform(0, 1500, 80), rng.uniform(0, 1500, 80), rng.uniform(-np.pi, np.pi, 80),
        60.0, np.deg2rad(30.0),
    )  # fmt: skip
    ids, species = np.arange(100, 160), np.zeros(60, dtype=np.int8)
    got = find_block_passages(index, ids, species, xs, ys, 600.0, 15.0, 660.0, 870.0)
    tick_start = 600.0 + np.arange(xs.shape[0] - 1) * 15.0
    counted = (tick_start >= 660.0) & (tick_start < 870.0)
    tick, column, xy = moved_segments_reference(xs, ys, counted)
    t0 = tick_start[tick]
    want = find_passages(index, ids[column], species[column], *xy.T, t0, t0 + 15.0)
    assert len(want) > 10
    for f in fields(want):
        np.testing.assert_array_equal(getattr(got, f.name), getattr(want, f.name))
