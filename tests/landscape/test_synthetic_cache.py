"""The synthetic park is built once per process and every caller gets its own copy."""

import numpy as np

from twin.landscape import synthetic_park


def test_second_build_is_an_equal_independent_copy(park):
    """A second call returns the same layers and features, sharing no array with the first."""
    again = synthetic_park(250.0, seed=1)
    assert again is not park
    for name, layer in park.layers.items():
        assert np.array_equal(again.layers[name], layer)
        assert not np.shares_memory(again.layers[name], layer)
    assert np.array_equal(again.features["trails"][0], park.features["trails"][0])
    assert again.features["trails"][0] is not park.features["trails"][0]


def test_changing_a_copy_leaves_later_builds_alone(park):
    """Writing into one copy's layer does not reach the park the next call returns."""
    spoilt = synthetic_park(250.0, seed=1)
    spoilt.layers["habitat"][:] = 0.0
    spoilt.features["villages"].clear()
    fresh = synthetic_park(250.0, seed=1)
    assert np.array_equal(fresh.layers["habitat"], park.layers["habitat"])
    assert fresh.features["villages"] == park.features["villages"]


def test_large_parks_are_not_kept(monkeypatch):
    """A park over MAX_KEPT_CELLS is returned as built and not kept for the next call."""
    from twin.landscape import synthetic

    monkeypatch.setattr(synthetic, "MAX_KEPT_CELLS", 10)
    monkeypatch.setattr(synthetic, "_BUILT", {})
    synthetic_park(4000.0, seed=2)
    assert synthetic._BUILT == {}
