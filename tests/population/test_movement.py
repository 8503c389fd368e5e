"""Movement kernel vs its numpy reference, and basic properties of the step-selection walk."""

from __future__ import annotations

import numpy as np

from tests.landscapes import flat_landscape
from twin.population.movement import ROAD, TRAIL, move_ticks
from twin.population.movement_reference import one_tick_reference
from twin.taxa import LEOPARD, TIGER


def _setup(n: int = 40, seed: int = 3):
    land = flat_landscape()
    rng = np.random.default_rng(seed)
    xmin, xmax, ymin, ymax = land.extent_m
    x = rng.uniform(xmin + 3000, xmax - 3000, n)
    y = rng.uniform(ymin + 3000, ymax - 3000, n)
    state = {
        "x": x,
        "y": y,
        "heading": rng.uniform(0, 6.28, n),
        "acx": x.copy(),
        "acy": y.copy(),
        "sigma": np.full(n, 2500.0),
        "step_mean": np.full(n, 200.0),
        "species": np.where(np.arange(n) % 4 == 0, TIGER, LEOPARD).astype(np.int8),
        "tiger_enc": np.zeros(n, np.int32),
        "road_cross": np.zeros(n, np.int32),
    }
    pref = np.stack(
        [
            np.where(
                land.layers["water"],
                -1e30,
                1.5 * land.layers["habitat"] + 0.5 * land.layers["trail"],
            )
        ]
        * 2
    )
    params = {
        "activity": np.full((2, 24), 0.7),
        "shape": np.array([2, 2]),
        "turn_sd": np.array([0.7, 0.6]),
        "n_cand": np.array([5, 5]),
        "avoid_r": np.array([1500.0, 1500.0]),
        "avoid_w": np.array([4.0, 0.0]),
        "enc_r": np.array([300.0, 0.0]),
        "trail_snap": np.array([True, True]),
    }
    grid = (land.x0_m, land.y0_m, land.resolution_m, *land.shape)
    return land, state, pref, params, grid


def _features(land):
    return (
        land.layers["road"].astype(np.uint8) * ROAD + land.layers["trail"].astype(np.uint8) * TRAIL
    )


def _kernel(rng, n_ticks, state, pref, features, grid, params):
    movers = np.arange(len(state["x"]))
    none = np.zeros(0, np.int64)
    xs = np.empty((n_ticks + 1, len(movers)))
    ys = np.empty_like(xs)
    names = ("x", "y", "heading", "acx", "acy", "sigma", "step_mean", "species")
    behaviour = (
        "activity",
        "shape",
        "turn_sd",
        "n_cand",
        "avoid_r",
        "avoid_w",
        "enc_r",
        "trail_snap",
    )
    move_ticks(
        rng,
        n_ticks,
        0,
        15.0,
        movers,
        none,
        none,
        tuple(state[k] for k in names),
        (state["tiger_enc"], state["road_cross"]),
        (pref, features, grid),
        tuple(params[k] for k in behaviour),
        xs,
        ys,
    )
    return xs, ys


def test_kernel_matches_numpy_reference():
    """Twenty ticks of the numba kernel equal the vectorised reference drawing the same numbers."""
    land, state, pref, params, grid = _setup()
    ref = {k: v.copy() for k, v in state.items()}
    road = _features(land)
    _kernel(np.random.default_rng(11), 20, state, pref, road, grid, params)
    rng = np.random.default_rng(11)
    movers = np.arange(len(ref["x"]))
    for _ in range(20):
        one_tick_reference(rng, 0, movers, ref, pref, road, grid, params)
    for key in ("x", "y", "heading"):
        np.testing.assert_allclose(state[key], ref[key], rtol=0, atol=1e-6)
    for key in ("tiger_enc", "road_cross"):
        np.testing.assert_array_equal(state[key], ref[key])
    assert state["road_cross"].sum() > 0


def test_steps_onto_a_trail_follow_its_centre_line():
    """Every position on a trail cell is the cell centre when trail following is on."""
    land, state, pref, params, grid = _setup()
    xs, ys = _kernel(np.random.default_rng(4), 300, state, pref, _features(land), grid, params)
    on_trail = land.sample("trail", xs[1:], ys[1:])
    rows, cols = land.cell_index(xs[1:][on_trail], ys[1:][on_trail])
    assert on_trail.sum() > 100
    np.testing.assert_allclose(xs[1:][on_trail], land.x0_m + (cols + 0.5) * land.resolution_m)
    np.testing.assert_allclose(ys[1:][on_trail], land.y0_m + (rows + 0.5) * land.resolution_m)


def test_records_positions_and_never_enters_water():
    """Recorded positions start at the old ones, end at the new ones, and stay off water."""
    land, state, pref, params, grid = _setup()
    x_before = state["x"].copy()
    xs, ys = _kernel(np.random.default_rng(5), 400, state, pref, _features(land), grid, params)
    np.testing.assert_array_equal(xs[0], x_before)
    np.testing.assert_array_equal(xs[-1], state["x"])
    assert not land.sample("water", xs.ravel(), ys.ravel()).any()


def test_same_generator_state_same_path():
    """The kernel is deterministic given the Generator's state."""
    land, s1, pref, params, grid = _setup()
    _, s2, _, _, _ = _setup()
    a = _kernel(np.random.default_rng(9), 50, s1, pref, _features(land), grid, params)
    b = _kernel(np.random.default_rng(9), 50, s2, pref, _features(land), grid, params)
    np.testing.assert_array_equal(a[0], b[0])
