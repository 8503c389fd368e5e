"""Capture histories (counts and fractional usage) converted to capture data for the estimators."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.estimators.scr_helpers import grid_traps
from twin.errors import TwinInputError
from twin.estimators.capture_data import CaptureData, Traps
from twin.estimators.from_history import capture_data_from_history
from twin.estimators.mask import Mask
from twin.estimators.scr_model import SCR
from twin.estimators.scr_simulate import simulate_scr
from twin.io.capture_history import CaptureHistory

USAGE_LEVELS = (0.0, 0.25, 0.5, 1.0)
"""Fractions written exactly by the secr export's 6 significant digits."""


def _survey(seed: int) -> tuple[CaptureHistory, Mask]:
    """A seeded count survey on a 6 x 6 grid with fractional usage, as a capture history."""
    rng = np.random.default_rng(seed)
    grid = grid_traps(6, 500.0, 5)
    usage = rng.choice(USAGE_LEVELS, size=grid.usage.shape, p=(0.1, 0.1, 0.2, 0.6))
    traps = Traps(grid.detector_id, grid.x_m, grid.y_m, usage)
    mask = Mask.from_traps(traps, 1500.0, nx=32)
    data = simulate_scr(traps, mask, 0.01, 0.3, 400.0, rng, detectfn="HHN", detector_type="count")
    ind, det, occ, count = data.events
    counts = np.zeros((data.n_individuals, traps.n_occasions, traps.n_detectors), dtype=np.int64)
    counts[ind, occ, det] = count.astype(np.int64)
    history = CaptureHistory(
        species="Panthera pardus",
        individual_ids=data.individuals,
        detector_ids=traps.detector_id,
        x_m=traps.x_m,
        y_m=traps.y_m,
        occasion_days=7.0,
        counts=counts,
        usage=usage,
    )
    return history, mask


@pytest.fixture(scope="module")
def survey() -> tuple[CaptureHistory, Mask]:
    """The seeded survey (seed 11) and its mask."""
    return _survey(11)


def _fit_vector(data: CaptureData, mask: Mask) -> np.ndarray:
    fit = SCR(data, mask, "HHN").fit()
    assert fit.converged, fit.message
    return np.r_[[e.est for e in fit.estimates.values()], [e.se for e in fit.estimates.values()]]


@pytest.mark.parametrize("detector", ["count", "proximity"])
def test_conversion_fits_like_the_secr_export(survey, tmp_path, detector):
    """SCR on the converted history equals SCR on its secr CSV export (to 1e-8, relative)."""
    history, mask = survey
    captures, traps = history.to_secr_csv(tmp_path / "c.csv", tmp_path / "t.csv", detector)
    exported = CaptureData.from_secr_csv(captures, traps)
    # The proximity export writes usage > 0 as 1, i.e. it is the export of the binary view.
    source = history.binary() if detector == "proximity" else history
    converted = capture_data_from_history(source, detector)
    assert converted.n_detections == exported.n_detections > 40
    assert np.allclose(_fit_vector(converted, mask), _fit_vector(exported, mask), rtol=1e-8)


def test_count_conversion_keeps_every_event_and_the_fractional_usage(survey):
    """Count data have one row per event; usage is the history's fractions (k x s layout)."""
    history, _ = survey
    data = capture_data_from_history(history, "count")
    assert data.n_detections == history.n_captures and data.detector_type == "count"
    assert np.array_equal(data.traps.usage, history.usage)
    assert np.array_equal(data.traps.detector_id, history.detector_ids)


def test_proximity_conversion_is_binary_per_occasion_and_detector(survey):
    """Proximity data count an individual once per occasion and detector, with usage kept."""
    history, _ = survey
    data = capture_data_from_history(history, "proximity")
    assert data.n_detections == int((history.counts > 0).sum()) < history.n_captures
    assert np.array_equal(data.traps.usage, history.usage)


def test_sex_is_passed_only_when_every_individual_has_one(survey):
    """female/male become F/M per row; one unknown sex drops the column."""
    history, _ = survey
    labels = np.where(np.arange(history.n_individuals) % 2 == 0, "female", "Male")
    data = capture_data_from_history(replace(history, sex=labels), "count")
    assert data.individual_sex is not None
    assert list(data.individual_sex[:2]) == ["F", "M"]
    labels[0] = ""
    assert capture_data_from_history(replace(history, sex=labels)).sex is None


def test_history_without_individuals_gives_empty_data(survey):
    """No detections give capture data with no rows (the estimators' degenerate path)."""
    history, _ = survey
    empty = replace(
        history,
        individual_ids=np.array([], dtype=str),
        counts=np.zeros((0, history.n_occasions, history.n_detectors), dtype=np.int64),
    )
    assert capture_data_from_history(empty).n_individuals == 0


def test_unknown_detector_type_is_rejected(survey):
    """A detector type other than proximity/count raises TwinInputError naming it."""
    with pytest.raises(TwinInputError, match="detector_type='multi'"):
        capture_data_from_history(survey[0], "multi")
