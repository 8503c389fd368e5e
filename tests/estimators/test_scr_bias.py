"""A null survey: SCR density estimates are unbiased and their intervals cover the truth."""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimators.scr_helpers import grid_traps
from twin.estimators.mask import Mask
from twin.estimators.scr_model import SCR
from twin.estimators.scr_simulate import simulate_scr

N_REPLICATES = 200
EXPECTED_N = 100.0
LAMBDA0, SIGMA_M = 0.2, 400.0


def null_survey_study(n_replicates: int, seed: int) -> dict[str, float]:
    """Simulate and fit HHN proximity surveys at a 10 x 10 grid; summarise D and sigma."""
    traps = grid_traps(10, 600.0, 5)
    mask = Mask.from_traps(traps, 4 * SIGMA_M, nx=40)
    density = EXPECTED_N / mask.area_ha
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n_replicates)]
    rows = []
    for rng in rngs:
        fit = SCR(simulate_scr(traps, mask, density, LAMBDA0, SIGMA_M, rng), mask).fit()
        d, s = fit.density_per_ha, fit.sigma_m
        rows.append(
            (
                fit.converged,
                d.est / density - 1,
                d.lcl <= density <= d.ucl,
                s.lcl <= SIGMA_M <= s.ucl,
                fit.n_individuals,
            )
        )
    ok, bias, cover_d, cover_s, n_seen = np.array(rows, dtype=float).T
    return {
        "converged": ok.mean(),
        "rel_bias_D": bias.mean(),
        "coverage_D": cover_d.mean(),
        "coverage_sigma": cover_s.mean(),
        "mean_n": n_seen.mean(),
        "mc_se_bias": bias.std(ddof=1) / np.sqrt(bias.size),
    }


@pytest.mark.slow
def test_null_survey_density_is_unbiased_with_nominal_coverage():
    """Over 200 seeded replicates |relative bias of D| < 5% and coverage is within 0.90-0.98."""
    result = null_survey_study(N_REPLICATES, seed=20240601)
    print(result)
    assert result["converged"] == 1.0
    assert abs(result["rel_bias_D"]) < 0.05
    assert 0.90 <= result["coverage_D"] <= 0.98
    assert 0.90 <= result["coverage_sigma"] <= 0.98


def test_simulated_detections_follow_the_detection_model():
    """Mean detections per animal on a dense grid are close to the value the model implies."""
    traps = grid_traps(4, 100.0, 20)
    mask = Mask.from_points(np.array([[150.0, 150.0]]), 1.0)
    rng = np.random.default_rng(9)
    data = simulate_scr(traps, mask, 2000 / mask.area_ha, 0.05, 200.0, rng, detector_type="count")
    d2 = ((traps.xy_m - 150.0) ** 2).sum(axis=1)
    expected = 20 * np.sum(0.05 * np.exp(-d2 / (2 * 200.0**2)))
    per_animal = data.n_detections / 2000
    assert per_animal == pytest.approx(expected, rel=0.05)
