"""E[n] and E[r] of a design against a brute-force simulation of the SCR model."""

from __future__ import annotations

import numpy as np
import pytest

from twin.design.expectations import DetectionModel, expected_counts
from twin.errors import TwinInputError
from twin.estimators.mask import Mask


def _tiny_mask() -> Mask:
    x, y = np.meshgrid(np.arange(10) * 500.0, np.arange(8) * 500.0)
    return Mask(x.ravel(), y.ravel(), 500.0)


def _simulate(sites, mask, model, reps, rng):
    """Mean detected animals and recaptures over ``reps`` simulated surveys."""
    per_cell = model.density_per_100km2 / 1e8 * mask.spacing_m**2
    animals = rng.poisson(per_cell * mask.n_points, size=reps)
    survey = np.repeat(np.arange(reps), animals)
    cell = rng.integers(0, mask.n_points, size=survey.size)
    d2 = (mask.x_m[cell, None] - sites[None, :, 0]) ** 2 + (
        mask.y_m[cell, None] - sites[None, :, 1]
    ) ** 2
    p = -np.expm1(-model.lambda0 * np.exp(-d2 / (2 * model.sigma_m**2)))
    counts = rng.binomial(model.occasions, p)
    n = np.bincount(survey, weights=counts.sum(axis=1) > 0, minlength=reps)
    c = np.bincount(survey, weights=counts.sum(axis=1), minlength=reps)
    return n.mean(), (c - n).mean(), n.std() / np.sqrt(reps), (c - n).std() / np.sqrt(reps)


def test_expectations_match_monte_carlo():
    """E[n] and E[r] agree with 20,000 simulated surveys within 4 standard errors."""
    mask = _tiny_mask()
    sites = np.array([[1000.0, 1000.0], [2500.0, 1500.0], [3500.0, 3000.0]])
    model = DetectionModel(density_per_100km2=200.0, lambda0=0.3, sigma_m=600.0, occasions=5)
    expected = expected_counts(sites, mask, model)
    n, r, se_n, se_r = _simulate(sites, mask, model, 20_000, np.random.default_rng(11))
    assert expected.n > 5 and expected.r > 2
    assert abs(n - expected.n) < 4 * se_n
    assert abs(r - expected.r) < 4 * se_r


def test_rse_is_inverse_root_of_the_smaller_count():
    """The predicted RSE is 1 / sqrt(min(E[n], E[r]))."""
    mask = _tiny_mask()
    model = DetectionModel(100.0, 0.2, 500.0, 4)
    expected = expected_counts(np.array([[1000.0, 1000.0], [2000.0, 1000.0]]), mask, model)
    assert expected.rse == pytest.approx(1 / np.sqrt(min(expected.n, expected.r)))


def test_more_occasions_give_more_recaptures():
    """Doubling the occasions raises both E[n] and E[r]."""
    mask, sites = _tiny_mask(), np.array([[1500.0, 1500.0], [3000.0, 2000.0]])
    short = expected_counts(sites, mask, DetectionModel(100.0, 0.2, 500.0, 4))
    long = expected_counts(sites, mask, DetectionModel(100.0, 0.2, 500.0, 8))
    assert long.n > short.n and long.r > short.r


def test_bad_detection_model_names_the_key():
    """A non-positive sigma is refused with the key in the message."""
    with pytest.raises(TwinInputError, match="sigma_m"):
        DetectionModel(1.0, 0.1, -5.0, 3)


def test_uniform_weights_equal_no_weights():
    """Constant relative densities give the uniform-density expectations."""
    mask, sites = _tiny_mask(), np.array([[1500.0, 1500.0], [3000.0, 2000.0]])
    model = DetectionModel(100.0, 0.2, 500.0, 4)
    plain = expected_counts(sites, mask, model)
    flat = expected_counts(sites, mask, model, np.full(mask.n_points, 0.3))
    assert flat.n == pytest.approx(plain.n) and flat.r == pytest.approx(plain.r)


def test_weights_move_animals_towards_dense_cells():
    """Stations where the weights are high expect more animals than where they are low."""
    mask = _tiny_mask()
    weights = np.where(mask.x_m < 2000.0, 3.0, 1.0)
    model = DetectionModel(100.0, 0.2, 500.0, 4)
    west = expected_counts(np.array([[500.0, 2000.0]]), mask, model, weights)
    east = expected_counts(np.array([[4000.0, 2000.0]]), mask, model, weights)
    assert west.n > 2.0 * east.n
