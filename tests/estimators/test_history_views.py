"""The estimators read one capture history: SCR directly, the other models through its views."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.estimators.scr_helpers import grid_traps
from twin.estimators import SCR, CaptureHistory, Mask, read_secr_csv, simulate_scr

USAGE_LEVELS = (0.0, 0.25, 0.5, 1.0)
"""Fractions written exactly by the secr export's 6 significant digits."""


def _survey(seed: int) -> tuple[CaptureHistory, Mask]:
    """A seeded count survey on a 6 x 6 grid with fractional usage."""
    rng = np.random.default_rng(seed)
    grid = grid_traps(6, 500.0, 5)
    usage = rng.choice(USAGE_LEVELS, size=grid.usage.shape, p=(0.1, 0.1, 0.2, 0.6))
    traps = CaptureHistory.empty(
        grid.detector_ids, grid.x_m, grid.y_m, usage, species="Panthera pardus", occasion_days=7.0
    )
    mask = Mask.from_traps(traps, 1500.0, nx=32)
    history = simulate_scr(
        traps, mask, 0.01, 0.3, 400.0, rng, detectfn="HHN", detector_type="count"
    )
    return history, mask


@pytest.fixture(scope="module")
def survey() -> tuple[CaptureHistory, Mask]:
    """The seeded survey (seed 11) and its mask."""
    return _survey(11)


def _fit_vector(history: CaptureHistory, mask: Mask) -> np.ndarray:
    fit = SCR(history, mask, "HHN").fit()
    assert fit.converged, fit.message
    return np.r_[[e.est for e in fit.estimates.values()], [e.se for e in fit.estimates.values()]]


@pytest.mark.parametrize("detector", ["count", "proximity"])
def test_scr_fits_the_history_like_its_secr_export(survey, tmp_path, detector):
    """SCR on the history equals SCR on its secr CSV export read back (to 1e-8, relative)."""
    history, mask = survey
    captures, traps = history.to_secr_csv(tmp_path / "c.csv", tmp_path / "t.csv", detector)
    exported = read_secr_csv(captures, traps)
    source = history.as_detector(detector)  # the export keeps the usage (effort) of either type
    assert source.n_detections == exported.n_detections > 40
    assert np.allclose(_fit_vector(source, mask), _fit_vector(exported, mask), rtol=1e-8)


def test_count_detectors_keep_every_event(survey):
    """Count detectors see every event; proximity detectors one per occasion and detector."""
    history, _ = survey
    assert history.n_detections == history.n_captures
    proximity = history.as_detector("proximity")
    assert proximity.n_detections == int((history.counts > 0).sum()) < history.n_captures
    assert np.array_equal(proximity.usage, history.usage)


def test_sex_codes_only_when_every_individual_has_one(survey):
    """female/male become F/M per individual; one unknown sex gives no sex codes."""
    history, _ = survey
    labels = np.where(np.arange(history.n_individuals) % 2 == 0, "female", "Male")
    coded = replace(history, sex=labels).individual_sex
    assert coded is not None and list(coded[:2]) == ["F", "M"]
    labels[0] = ""
    assert replace(history, sex=labels).individual_sex is None


def test_views_for_closed_cr_occupancy_and_rem(survey):
    """Occasion histories, the detector x occasion matrix and effort add up to the counts."""
    history, _ = survey
    x = history.occasion_histories()
    assert x.shape == (history.n_individuals, history.n_occasions) and set(x.ravel()) <= {0, 1}
    occupancy = history.detection_matrix()
    assert occupancy.shape == history.usage.shape
    assert np.array_equal(np.isnan(occupancy), history.usage == 0)
    events, days = history.detector_effort()
    assert events.sum() == history.n_captures
    assert days == pytest.approx(history.usage.sum(axis=1) * 7.0)


def test_history_without_individuals_is_not_estimable(survey):
    """No detections give an SCR result flagged as not estimable."""
    history, mask = survey
    empty = CaptureHistory.empty(history.detector_ids, history.x_m, history.y_m, history.usage)
    fit = SCR(empty, mask).fit()
    assert empty.n_individuals == 0 and not fit.estimable
