"""Sex-specific SCR (hybrid mixture): separate detection by sex with one density."""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimators.scr_helpers import grid_traps
from twin.estimators.mask import Mask
from twin.estimators.scr_model import SCR
from twin.estimators.scr_simulate import simulate_scr


def test_sex_model_separates_female_and_male_sigma():
    """Females with sigma 300 m and males with 600 m are told apart; D and pmix are recovered."""
    traps = grid_traps(10, 600.0, 5)
    mask = Mask.from_traps(traps, 2000.0, nx=40)
    density = 300 / mask.area_ha
    data = simulate_scr(
        traps,
        mask,
        density,
        (0.3, 0.15),
        (300.0, 600.0),
        np.random.default_rng(2),
        female_share=0.5,
    )
    fit = SCR(data, mask, "HHN", by_sex=True).fit()
    est = fit.estimates
    assert fit.converged, fit.message
    assert est["sigma_F"].ucl < est["sigma_M"].lcl
    assert est["sigma_F"].lcl < 300 < est["sigma_F"].ucl
    assert est["sigma_M"].lcl < 600 < est["sigma_M"].ucl
    assert est["pmix_F"].lcl < 0.5 < est["pmix_F"].ucl
    assert fit.density_per_ha.est == pytest.approx(density, rel=0.25)
    assert set(fit.to_dict()) >= {"D", "lambda0_F", "lambda0_M", "sigma_F", "sigma_M", "pmix_F"}
