"""Random encounter model: unbiased under its own assumptions, with a camera bootstrap."""

from __future__ import annotations

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.estimators import REM
from twin.estimators.rem import day_range_from_speeds_km, rem_density_per_km2

DENSITY, DAY_RANGE_KM, RADIUS_KM, ANGLE_RAD = 2.0, 10.0, 0.01, 0.7


def _survey(rng: np.random.Generator, n_cameras: int = 50):
    days = rng.uniform(40, 80, size=n_cameras)
    rate = DENSITY * DAY_RANGE_KM * RADIUS_KM * (2 + ANGLE_RAD) / np.pi
    return rng.poisson(rate * days), days


def test_rem_is_unbiased_under_its_assumptions():
    """Over 200 seeded surveys with Poisson counts at the REM rate, mean D is within 5%."""
    rng = np.random.default_rng(2024)
    fits = [
        REM(
            _survey(rng), RADIUS_KM, ANGLE_RAD, rng=rng, day_range_km=DAY_RANGE_KM, n_boot=200
        ).fit()
        for _ in range(200)
    ]
    est = np.array([f.density_per_km2.est for f in fits])
    covered = np.mean([f.density_per_km2.lcl <= DENSITY <= f.density_per_km2.ucl for f in fits])
    assert est.mean() == pytest.approx(DENSITY, rel=0.05)
    assert 0.88 <= covered <= 0.98


def test_rem_formula_and_units():
    """D = (y/t) pi / (v r (2 + theta)) per km2, and x100 per 100 km2."""
    assert rem_density_per_km2(10, 100, 5.0, 0.02, 0.5) == pytest.approx(
        0.1 * np.pi / (5.0 * 0.02 * 2.5)
    )
    fit = REM(
        (np.array([3, 5, 2]), np.array([30.0, 30.0, 40.0])),
        0.02,
        0.5,
        rng=np.random.default_rng(0),
        day_range_km=5.0,
        n_boot=200,
    ).fit()
    assert fit.density_per_100km2.est == pytest.approx(100 * fit.density_per_km2.est)
    assert fit.camera_days == 100 and fit.n_detections == 10
    assert "per 100 km2" in fit.summary()


def test_day_range_from_speeds_uses_the_harmonic_mean():
    """v = activity x 86.4 x harmonic mean speed (m/s -> km/day)."""
    assert day_range_from_speeds_km(np.array([0.5, 1.0]), 0.5) == pytest.approx(0.5 * 86.4 / 1.5)
    rng = np.random.default_rng(4)
    y, t = _survey(rng)
    speeds = rng.gamma(4, 0.05, 40)
    fit = REM(
        (y, t), RADIUS_KM, ANGLE_RAD, rng=rng, speeds_m_per_s=speeds, activity_level=0.4
    ).fit()
    assert fit.density_per_km2.lcl < fit.density_per_km2.est < fit.density_per_km2.ucl


def test_rem_validates_inputs():
    """Negative counts, a zero radius or both v and speeds are input errors naming the key."""
    rng = np.random.default_rng(0)
    with pytest.raises(TwinInputError, match="detections"):
        REM((np.array([-1, 2]), np.ones(2)), 0.01, 0.7, rng=rng, day_range_km=1.0).fit()
    with pytest.raises(TwinInputError, match="radius_km"):
        REM((np.array([1, 2]), np.ones(2)), 0.0, 0.7, rng=rng, day_range_km=1.0).fit()
    with pytest.raises(TwinInputError, match="day_range_km"):
        REM(
            (np.array([1, 2]), np.array([1.0, 1.0])),
            0.01,
            0.7,
            rng=rng,
            day_range_km=1.0,
            speeds_m_per_s=np.array([1.0, 2.0]),
            activity_level=0.5,
        ).fit()
