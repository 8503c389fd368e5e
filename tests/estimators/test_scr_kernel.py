"""The numba SCR likelihood kernel agrees with its numpy reference."""

from __future__ import annotations

import numpy as np
import pytest

from twin.estimators.scr_kernel import log_expm1_of_log
from twin.estimators.scr_likelihood import SCRLikelihood
from twin.estimators.scr_simulate import simulate_scr
from twin.io.capture_history import CaptureHistory


def _data(small_grid, detector: str, usage: np.ndarray | None = None) -> CaptureHistory:
    traps, mask = small_grid
    if usage is not None:
        traps = CaptureHistory.empty(traps.detector_ids, traps.x_m, traps.y_m, usage)
    rng = np.random.default_rng(11)
    return simulate_scr(
        traps, mask, 40 / mask.area_ha, 0.3, 400.0, rng, detectfn="HN", detector_type=detector
    )


def _both(data, mask, detectfn, theta, by_sex=False):
    numba_lik = SCRLikelihood(data, mask, detectfn, by_sex, engine="numba")
    numpy_lik = SCRLikelihood(data, mask, detectfn, by_sex, engine="numpy")
    return numba_lik.components(theta), numpy_lik.components(theta)


@pytest.mark.parametrize("detector", ["proximity", "count", "multi"])
@pytest.mark.parametrize("detectfn", ["HN", "HHN", "EX"])
def test_kernel_matches_reference(small_grid, detector, detectfn):
    """Effective area and summed log-likelihood agree to 1e-9 for every detector and detectfn."""
    data = _data(small_grid, detector)
    assert data.n_individuals > 5
    theta = np.array([-1.2 if detectfn != "HHN" else np.log(0.25), np.log(450.0)])
    (a_nb, ll_nb), (a_np, ll_np) = _both(data, small_grid[1], detectfn, theta)
    assert a_nb == pytest.approx(a_np, rel=1e-9)
    assert ll_nb == pytest.approx(ll_np, rel=1e-9)


@pytest.mark.parametrize("detector", ["proximity", "count", "multi"])
def test_kernel_matches_reference_with_fractional_usage(small_grid, detector):
    """Non-binary usage (fractions of an occasion, detectors down) gives the same result."""
    traps = small_grid[0]
    usage = np.random.default_rng(5).choice([0.0, 0.4, 1.0, 1.7], size=traps.usage.shape)
    data = _data(small_grid, detector, usage)
    theta = np.array([np.log(0.2), np.log(380.0)])
    (a_nb, ll_nb), (a_np, ll_np) = _both(data, small_grid[1], "HHN", theta)
    assert a_nb == pytest.approx(a_np, rel=1e-9)
    assert ll_nb == pytest.approx(ll_np, rel=1e-9)


def test_kernel_matches_reference_for_the_sex_model(small_grid):
    """The two-class (hybrid mixture) likelihood agrees between kernel and reference."""
    traps, mask = small_grid
    data = simulate_scr(
        traps,
        mask,
        60 / mask.area_ha,
        (0.3, 0.2),
        (300.0, 500.0),
        np.random.default_rng(3),
        female_share=0.4,
    )
    theta = np.array([np.log(0.3), np.log(0.2), np.log(300.0), np.log(500.0), -0.4])
    (a_nb, ll_nb), (a_np, ll_np) = _both(data, mask, "HHN", theta, by_sex=True)
    assert a_nb == pytest.approx(a_np, rel=1e-9)
    assert ll_nb == pytest.approx(ll_np, rel=1e-9)


def test_kernel_is_finite_far_from_the_data(small_grid):
    """Tiny sigma and hazards stay finite (no underflow to -inf) where numpy would fail."""
    data = _data(small_grid, "proximity")
    lik = SCRLikelihood(data, small_grid[1], "HN")
    a_ha, ll_sum = lik.components(np.array([-15.0, np.log(5.0)]))
    assert np.isfinite(a_ha) and np.isfinite(ll_sum)


@pytest.mark.parametrize("log_x", [-40.0, -11.6, -11.4, -3.0, 0.0, 2.0, 3.5, 5.0])
def test_log_expm1_of_log_matches_numpy(log_x):
    """log(expm1(exp(log_x))) is accurate on both sides of its series switch points."""
    expected = np.log(np.expm1(np.exp(log_x))) if log_x > -30 else log_x
    assert log_expm1_of_log(log_x) == pytest.approx(expected, rel=1e-12)
