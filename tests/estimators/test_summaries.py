"""Every estimator is Model(history, ...).fit() -> results whose summary() shows the estimate."""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimators.scr_helpers import SECR_DIR
from twin.estimators import REM, SCR, CaptureHistory, ClosedCR, Mask, Occupancy, read_secr_csv


@pytest.fixture(scope="module")
def stoats() -> CaptureHistory:
    """secr's stoat data set (proximity detectors)."""
    return read_secr_csv(SECR_DIR / "stoat_captures.csv", SECR_DIR / "stoat_traps.csv")


def test_scr_summary_shows_the_density(stoats):
    """SCR's summary lists D per ha with the fitted value and the mask it used."""
    mask = Mask.from_csv(SECR_DIR / "stoat_mask_buffer1000.csv")
    fit = SCR(stoats, mask, "HN").fit()
    text = fit.summary()
    assert f"{fit.density_per_ha.est:.5g}" in text and "D per ha" in text
    assert f"mask {mask.n_points} points" in text


@pytest.mark.parametrize("model", ["M0", "Mt", "Mh Chao", "Mh jackknife"])
def test_closed_cr_summary_shows_n(stoats, model):
    """ClosedCR's summary names the model and shows N with its interval."""
    fit = ClosedCR(stoats, model).fit()
    text = fit.summary()
    assert model in text and f"{fit.abundance.est:.5g}" in text
    assert f"{fit.abundance.ucl:.5g}" in text


def test_rem_summary_shows_the_density(stoats):
    """REM on the history's detector effort shows its density per km2 and per 100 km2."""
    fit = REM(stoats, 0.01, 0.7, rng=np.random.default_rng(1), day_range_km=2.0).fit()
    events, days = stoats.detector_effort()
    assert fit.n_detections == events.sum() and fit.camera_days == pytest.approx(days.sum())
    text = fit.summary()
    assert f"{fit.density_per_km2.est:.5g}" in text
    assert f"{fit.density_per_100km2.est:.5g}" in text


def test_occupancy_summary_shows_psi(stoats):
    """Occupancy on the history (detectors as sites) shows psi and the number of sites."""
    fit = Occupancy(stoats).fit()
    assert fit.n_sites == stoats.n_detectors
    text = fit.summary()
    assert f"{fit.psi.est:.5g}" in text and f"{fit.n_sites} sites" in text
